/* lab-worker-launcher.c
 *
 * Two ways to start `concurrency-lab-worker` processes, behind one small API:
 *
 * - through a fork server (the default): one `concurrency-lab-worker
 *   --fork-server` started with GSubprocess, asked over a SOCK_SEQPACKET
 *   socket to fork workers (see src/worker/lab-fork-server.c). It reaps them
 *   and reports their exit status and CPU time, so no zombie is left and a
 *   pid is never killed after it could have been recycled.
 * - one GSubprocess per worker, when the fork server cannot start. Slower
 *   (each exec links GIO, libsoup and json-glib again) but the same pipes and
 *   the same protocol.
 *
 * Everything happens on one main context, normally the process pool's I/O
 * thread's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <glib-unix.h>

#include "lab-error.h"
#include "lab-worker-launcher.h"
#include "lab-worker-protocol.h"

#define WORKER_PROGRAM    "concurrency-lab-worker"
#define FREE_WAIT_US      (2 * G_TIME_SPAN_SECOND)

/* A process started by the launcher, until it is reaped. Its serial, not its
 * pid, names it: a GSubprocess may be reaped before its pid could be read. */
typedef struct
{
  guint64      serial;
  GPid         pid;          /* 0 when it ended before it could be known */
  GSubprocess *subprocess;   /* the server, and direct launches */
  guint64      start_time;   /* from /proc: tells it from a later process with its pid */
  gboolean     announced;    /* its "spawned" was told (its "exited" must come after) */
  gboolean     reaped;       /* reaped before it was announced */
  int          wait_status;
} Proc;

struct _LabWorkerLauncher
{
  char                       *program;
  GMainContext               *context;
  LabWorkerLauncherCallbacks  callbacks;
  gpointer                    user_data;
  gboolean                    freeing;     /* no more callbacks */
  guint                       n_waiting;   /* GSubprocesses not yet reaped */
  guint64                     last_serial;
  GHashTable                 *procs;       /* serial → Proc: started and not yet reaped */

  /* the fork server */
  Proc                       *server;
  int                         control_fd;
  GSource                    *control_source;
  GSource                    *control_out_source;  /* while requests wait */
  GQueue                      requests;            /* GBytes: whole datagrams to send */
  gboolean                    server_ready;
  GArray                     *pending;     /* tokens asked of the server, not yet answered */
  GHashTable                 *forked;      /* pid → Proc, forked by the server */

  /* direct launches */
  GQueue                      events;      /* SpawnEvent, delivered from an idle source */
  GSource                    *events_source;
};

typedef struct
{
  guint    token;
  guint64  serial;
  int      to_worker;
  int      from_worker;
  GError  *error;
} SpawnEvent;

static void spawn_direct (LabWorkerLauncher *self,
                          guint              token);

/* Finding the program ------------------------------------------------------ */

static gboolean
running_from_build_tree (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *root = g_canonicalize_filename (BUILD_ROOT, NULL);
  gsize len = strlen (root);

  return exe != NULL &&
         strncmp (exe, root, len) == 0 &&
         (exe[len] == G_DIR_SEPARATOR || exe[len] == '\0');
}

char *
lab_worker_launcher_find_program (GError **error)
{
  const char *env = g_getenv ("LAB_WORKER_PATH");
  g_autofree char *path = NULL;

  if (env != NULL && *env != '\0')
    {
      if (!g_file_test (env, G_FILE_TEST_IS_REGULAR) ||
          !g_file_test (env, G_FILE_TEST_IS_EXECUTABLE))
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_WORKER,
                       "LAB_WORKER_PATH: “%s” is not an executable file", env);
          return NULL;
        }
      return g_strdup (env);
    }

  if (running_from_build_tree ())
    path = g_build_filename (WORKER_BUILDDIR, WORKER_PROGRAM, NULL);
  else
    path = g_build_filename (LIBEXECDIR, WORKER_PROGRAM, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_WORKER,
                   "The worker program “%s” is missing; install Concurrency Lab "
                   "or set LAB_WORKER_PATH", path);
      return NULL;
    }

  return g_steal_pointer (&path);
}

/* Processes ---------------------------------------------------------------- */

static void launcher_clear (LabWorkerLauncher *self);

static void
launcher_release (LabWorkerLauncher *self)
{
  g_rc_box_release_full (self, (GDestroyNotify) launcher_clear);
}

static void
proc_free (gpointer data)
{
  Proc *proc = data;

  g_clear_object (&proc->subprocess);
  g_free (proc);
}

static Proc *
proc_new (LabWorkerLauncher *self,
          GPid               pid)
{
  Proc *proc = g_new0 (Proc, 1);

  proc->serial = ++self->last_serial;
  proc->pid = pid;
  g_hash_table_insert (self->procs, &proc->serial, proc);

  return proc;
}

/* Reaped: tells, and forgets it. */
static void
proc_exited (LabWorkerLauncher *self,
             Proc              *proc,
             int                wait_status,
             gint64             cpu_us)
{
  guint64 serial = proc->serial;
  GPid pid = proc->pid;

  if (proc == self->server)
    self->server = NULL;
  if (pid > 0 && g_hash_table_lookup (self->forked, GINT_TO_POINTER (pid)) == proc)
    g_hash_table_remove (self->forked, GINT_TO_POINTER (pid));
  g_hash_table_remove (self->procs, &serial);

  if (!self->freeing && self->callbacks.exited != NULL)
    self->callbacks.exited (serial, pid, wait_status, cpu_us, self->user_data);
}

/* The start time (clock ticks after boot) of our child @pid, or 0 when
 * there is no such child. */
static guint64
read_child_start_time (GPid pid)
{
  char path[64];
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *p;

  g_snprintf (path, sizeof path, "/proc/%d/stat", (int) pid);
  if (!g_file_get_contents (path, &stat, NULL, NULL) || (p = strrchr (stat, ')')) == NULL)
    return 0;

  /* After the name: state, ppid, … starttime is the 20th. */
  fields = g_strsplit (p + 2, " ", 21);
  if (g_strv_length (fields) < 20 || g_ascii_strtoll (fields[1], NULL, 10) != getpid ())
    return 0;

  return g_ascii_strtoull (fields[19], NULL, 10);
}

typedef struct
{
  LabWorkerLauncher *self;
  guint64            serial;
} WaitData;

static void
on_subprocess_exited (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GSubprocess *subprocess = G_SUBPROCESS (object);
  WaitData *data = user_data;
  LabWorkerLauncher *self = data->self;
  g_autoptr(GError) error = NULL;
  Proc *proc;

  g_subprocess_wait_finish (subprocess, result, &error);
  self->n_waiting--;

  if ((proc = g_hash_table_lookup (self->procs, &data->serial)) != NULL)
    {
      int status = error == NULL ? g_subprocess_get_status (subprocess) : -1;

      /* GLib 2.74 takes a child's pidfd turning readable for its end even
       * when waitid() found nothing to reap yet (a process whose threads are
       * still going away): it reports status 0 and leaves a zombie. If our
       * child is still there, reap it here, and take its real status. */
      if (proc->pid > 0 && proc->start_time != 0 &&
          read_child_start_time (proc->pid) == proc->start_time)
        {
          int real_status;
          pid_t reaped;

          do
            reaped = waitpid (proc->pid, &real_status, 0);
          while (reaped < 0 && errno == EINTR);
          if (reaped == proc->pid)
            status = real_status;
        }

      /* A worker can end before the event that announces it is delivered:
       * it is told of then, in order. */
      if (proc->announced)
        proc_exited (self, proc, status, -1);
      else
        {
          proc->reaped = TRUE;
          proc->wait_status = status;
        }
    }

  launcher_release (self);
  g_free (data);
}

/* Takes @subprocess, and tells when it has been reaped. */
static Proc *
watch_subprocess (LabWorkerLauncher *self,
                  GSubprocess       *subprocess)
{
  const char *identifier = g_subprocess_get_identifier (subprocess);
  WaitData *data = g_new0 (WaitData, 1);
  Proc *proc;

  /* NULL once it has been reaped: a worker may end that soon. */
  proc = proc_new (self, identifier != NULL ? (GPid) g_ascii_strtoll (identifier, NULL, 10) : 0);
  proc->subprocess = subprocess;
  if (proc->pid > 0)
    proc->start_time = read_child_start_time (proc->pid);

  data->self = g_rc_box_acquire (self);
  data->serial = proc->serial;
  self->n_waiting++;

  /* Dispatched on the thread-default context: the launcher's. */
  g_subprocess_wait_async (subprocess, NULL, on_subprocess_exited, data);

  return proc;
}

/* The fork server ---------------------------------------------------------- */

static gboolean on_control_writable (int          fd,
                                     GIOCondition condition,
                                     gpointer     user_data);

/* Sends the queued requests without blocking. The socket holds only a few
 * datagrams (net.unix.max_dgram_qlen), and the server blocks while it sends
 * to us: were we to block too, neither would read. */
static void
flush_requests (LabWorkerLauncher *self)
{
  GBytes *request;

  while (self->control_fd >= 0 && (request = g_queue_peek_head (&self->requests)) != NULL)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (request, &len);
      ssize_t n = send (self->control_fd, data, len, MSG_DONTWAIT | MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        break;
      if (n != (ssize_t) len)
        {
          /* The server is gone: the control source hears of it. */
          g_debug ("Could not send a request to the fork server: %s",
                   n < 0 ? g_strerror (errno) : "short write");
          g_queue_clear_full (&self->requests, (GDestroyNotify) g_bytes_unref);
          break;
        }
      g_bytes_unref (g_queue_pop_head (&self->requests));
    }

  if (g_queue_is_empty (&self->requests) || self->control_fd < 0)
    {
      if (self->control_out_source != NULL)
        {
          g_source_destroy (self->control_out_source);
          g_clear_pointer (&self->control_out_source, g_source_unref);
        }
    }
  else if (self->control_out_source == NULL)
    {
      self->control_out_source = g_unix_fd_source_new (self->control_fd, G_IO_OUT);
      g_source_set_callback (self->control_out_source, G_SOURCE_FUNC (on_control_writable), self, NULL);
      g_source_set_static_name (self->control_out_source, "[lab] fork server requests");
      g_source_attach (self->control_out_source, self->context);
    }
}

static gboolean
on_control_writable (int          fd,
                     GIOCondition condition,
                     gpointer     user_data)
{
  LabWorkerLauncher *self = user_data;

  /* Destroys this source once all is sent. */
  flush_requests (self);

  return G_SOURCE_CONTINUE;
}

static void
send_request (LabWorkerLauncher *self,
              guint32            type,
              guint32            token,
              GPid               pid,
              const char        *payload)
{
  LabForkServerMessage message = { 0 };
  GByteArray *request = g_byte_array_new ();

  message.type = type;
  message.token = token;
  message.pid = pid;
  g_byte_array_append (request, (const guint8 *) &message, sizeof message);
  if (payload != NULL)
    g_byte_array_append (request, (const guint8 *) payload, strlen (payload));

  g_queue_push_tail (&self->requests, g_byte_array_free_to_bytes (request));
  flush_requests (self);
}

static void
remove_pending (LabWorkerLauncher *self,
                guint              token)
{
  for (guint i = 0; i < self->pending->len; i++)
    {
      if (g_array_index (self->pending, guint, i) == token)
        {
          g_array_remove_index (self->pending, i);
          return;
        }
    }
}

static void
close_control (LabWorkerLauncher *self)
{
  g_queue_clear_full (&self->requests, (GDestroyNotify) g_bytes_unref);
  if (self->control_out_source != NULL)
    {
      g_source_destroy (self->control_out_source);
      g_clear_pointer (&self->control_out_source, g_source_unref);
    }
  if (self->control_source != NULL)
    {
      g_source_destroy (self->control_source);
      g_clear_pointer (&self->control_source, g_source_unref);
    }
  if (self->control_fd >= 0)
    {
      close (self->control_fd);
      self->control_fd = -1;
    }
}

/* The server closed its socket (or spoke garbage). Before it said hello it
 * could not start at all: launch directly from now on. */
static void
on_server_gone (LabWorkerLauncher *self,
                const char        *why)
{
  g_autoptr(GArray) pending = g_steal_pointer (&self->pending);

  close_control (self);
  self->pending = g_array_new (FALSE, FALSE, sizeof (guint));

  if (self->server != NULL)
    g_subprocess_force_exit (self->server->subprocess);

  if (!self->server_ready)
    {
      g_debug ("The worker fork server could not start (%s); starting workers directly", why);
      for (guint i = 0; i < pending->len; i++)
        spawn_direct (self, g_array_index (pending, guint, i));
      return;
    }

  self->server_ready = FALSE;

  /* Its workers die with it (PR_SET_PDEATHSIG) and are reaped by init. */
  {
    g_autoptr(GList) orphans = g_hash_table_get_values (self->forked);

    for (const GList *l = orphans; l != NULL; l = l->next)
      proc_exited (self, l->data, -1, -1);
  }

  if (self->callbacks.lost != NULL)
    {
      g_autoptr(GError) error = g_error_new (LAB_ERROR, LAB_ERROR_WORKER,
                                             "The worker fork server stopped unexpectedly (%s)", why);
      self->callbacks.lost (error, self->user_data);
    }
}

static void
handle_server_message (LabWorkerLauncher          *self,
                       const LabForkServerMessage *message,
                       int                        *fds,
                       guint                       n_fds)
{
  switch (message->type)
    {
    case LAB_FORK_SERVER_HELLO:
      if (message->value != LAB_WORKER_PROTOCOL_VERSION)
        {
          on_server_gone (self, "it speaks another protocol version");
          break;
        }
      self->server_ready = TRUE;
      break;

    case LAB_FORK_SERVER_SPAWNED:
      remove_pending (self, message->token);
      if (n_fds != 2 || message->pid <= 0)
        {
          g_autoptr(GError) error = g_error_new (LAB_ERROR, LAB_ERROR_WORKER,
                                                 "The fork server started a worker without pipes");
          self->callbacks.spawn_failed (message->token, error, self->user_data);
          break;
        }
      {
        Proc *proc = proc_new (self, message->pid);

        proc->announced = TRUE;
        g_hash_table_insert (self->forked, GINT_TO_POINTER (message->pid), proc);
        self->callbacks.spawned (message->token, proc->serial, message->pid, fds[0], fds[1],
                                 self->user_data);
        fds[0] = fds[1] = -1;
      }
      break;

    case LAB_FORK_SERVER_SPAWN_FAILED:
      {
        g_autoptr(GError) error = g_error_new (G_IO_ERROR, g_io_error_from_errno (message->value),
                                               "Could not fork a worker: %s",
                                               g_strerror (message->value));
        remove_pending (self, message->token);
        self->callbacks.spawn_failed (message->token, error, self->user_data);
      }
      break;

    case LAB_FORK_SERVER_EXITED:
      {
        Proc *proc = g_hash_table_lookup (self->forked, GINT_TO_POINTER (message->pid));

        if (proc != NULL)
          proc_exited (self, proc, message->value, message->cpu_us);
      }
      break;

    default:
      on_server_gone (self, "it sent an unknown message");
      break;
    }
}

static gboolean
on_control_ready (int          fd,
                  GIOCondition condition,
                  gpointer     user_data)
{
  LabWorkerLauncher *self = user_data;

  while (self->control_fd >= 0)
    {
      LabForkServerMessage message;
      union {
        struct cmsghdr header;
        char           buf[CMSG_SPACE (4 * sizeof (int))];
      } control;
      struct iovec iov = { &message, sizeof message };
      struct msghdr msg = { 0 };
      int fds[4];
      guint n_fds = 0;
      ssize_t n;

      msg.msg_iov = &iov;
      msg.msg_iovlen = 1;
      msg.msg_control = control.buf;
      msg.msg_controllen = sizeof control.buf;

      n = recvmsg (fd, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        break;

      for (struct cmsghdr *cmsg = CMSG_FIRSTHDR (&msg); n > 0 && cmsg != NULL; cmsg = CMSG_NXTHDR (&msg, cmsg))
        {
          if (cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_RIGHTS)
            {
              guint k = (cmsg->cmsg_len - CMSG_LEN (0)) / sizeof (int);

              for (guint i = 0; i < k; i++)
                {
                  int received;

                  memcpy (&received, CMSG_DATA (cmsg) + i * sizeof (int), sizeof received);
                  if (n_fds < G_N_ELEMENTS (fds))
                    fds[n_fds++] = received;
                  else
                    close (received);
                }
            }
        }

      if (n <= 0)
        on_server_gone (self, n == 0 ? "its socket closed" : g_strerror (errno));
      else if (n != sizeof message || (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)))
        on_server_gone (self, "it sent a malformed message");
      else
        handle_server_message (self, &message, fds, n_fds);

      for (guint i = 0; i < n_fds; i++)
        if (fds[i] >= 0)
          close (fds[i]);
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
start_fork_server (LabWorkerLauncher  *self,
                   GError            **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  GSubprocess *server;
  int sv[2];

  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "socketpair: %s", g_strerror (saved_errno));
      return FALSE;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_take_fd (launcher, sv[1], LAB_FORK_SERVER_FD);
  server = g_subprocess_launcher_spawn (launcher, error, self->program, "--fork-server", NULL);
  if (server == NULL)
    {
      close (sv[0]);
      return FALSE;
    }

  self->control_fd = sv[0];
  self->server = watch_subprocess (self, server);
  self->server->announced = TRUE;
  self->control_source = g_unix_fd_source_new (self->control_fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (self->control_source, G_SOURCE_FUNC (on_control_ready), self, NULL);
  g_source_set_static_name (self->control_source, "[lab] fork server control");
  g_source_attach (self->control_source, self->context);

  return TRUE;
}

/* Direct launches ---------------------------------------------------------- */

static gboolean
deliver_events (gpointer user_data)
{
  LabWorkerLauncher *self = user_data;
  SpawnEvent *event;

  while ((event = g_queue_pop_head (&self->events)) != NULL)
    {
      Proc *proc = event->serial != 0 ? g_hash_table_lookup (self->procs, &event->serial) : NULL;

      if (event->error != NULL)
        self->callbacks.spawn_failed (event->token, event->error, self->user_data);
      else
        self->callbacks.spawned (event->token, proc->serial, proc->pid,
                                 event->to_worker, event->from_worker, self->user_data);

      if (proc != NULL)
        {
          proc->announced = TRUE;
          if (proc->reaped)
            proc_exited (self, proc, proc->wait_status, -1);
        }

      g_clear_error (&event->error);
      g_free (event);
    }

  g_clear_pointer (&self->events_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
queue_event (LabWorkerLauncher *self,
             SpawnEvent        *event)
{
  g_queue_push_tail (&self->events, event);

  if (self->events_source == NULL)
    {
      self->events_source = g_idle_source_new ();
      g_source_set_priority (self->events_source, G_PRIORITY_DEFAULT);
      g_source_set_callback (self->events_source, deliver_events, self, NULL);
      g_source_set_static_name (self->events_source, "[lab] worker spawn events");
      g_source_attach (self->events_source, self->context);
    }
}

static int
steal_stream_fd (GObject *stream)
{
  int fd;

  if (G_IS_UNIX_OUTPUT_STREAM (stream))
    fd = g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (stream));
  else
    fd = g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (stream));

  fd = fcntl (fd, F_DUPFD_CLOEXEC, 3);

  if (G_IS_OUTPUT_STREAM (stream))
    g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL);
  else
    g_input_stream_close (G_INPUT_STREAM (stream), NULL, NULL);

  return fd;
}

static void
spawn_direct (LabWorkerLauncher *self,
              guint              token)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  GSubprocess *subprocess;
  SpawnEvent *event = g_new0 (SpawnEvent, 1);

  event->token = token;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  subprocess = g_subprocess_launcher_spawn (launcher, &event->error, self->program, NULL);

  if (subprocess != NULL)
    {
      event->to_worker = steal_stream_fd (G_OBJECT (g_subprocess_get_stdin_pipe (subprocess)));
      event->from_worker = steal_stream_fd (G_OBJECT (g_subprocess_get_stdout_pipe (subprocess)));
      event->serial = watch_subprocess (self, subprocess)->serial;

      if (event->to_worker < 0 || event->from_worker < 0)
        {
          int saved_errno = errno;

          g_subprocess_force_exit (subprocess);
          if (event->to_worker >= 0)
            close (event->to_worker);
          if (event->from_worker >= 0)
            close (event->from_worker);
          g_set_error (&event->error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Could not keep the worker's pipes: %s", g_strerror (saved_errno));
        }
    }
  else
    g_prefix_error (&event->error, "Could not start the worker program “%s”: ", self->program);

  queue_event (self, event);
}

/* API ---------------------------------------------------------------------- */

LabWorkerLauncher *
lab_worker_launcher_new (const char                       *program,
                         gboolean                          use_fork_server,
                         GMainContext                     *context,
                         const LabWorkerLauncherCallbacks *callbacks,
                         gpointer                          user_data)
{
  LabWorkerLauncher *self;

  g_return_val_if_fail (program != NULL, NULL);
  g_return_val_if_fail (context != NULL, NULL);
  g_return_val_if_fail (callbacks != NULL, NULL);

  self = g_rc_box_new0 (LabWorkerLauncher);
  self->program = g_strdup (program);
  self->context = g_main_context_ref (context);
  self->callbacks = *callbacks;
  self->user_data = user_data;
  self->control_fd = -1;
  self->pending = g_array_new (FALSE, FALSE, sizeof (guint));
  self->procs = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, proc_free);
  self->forked = g_hash_table_new (NULL, NULL);
  g_queue_init (&self->events);
  g_queue_init (&self->requests);

  if (use_fork_server)
    {
      g_autoptr(GError) error = NULL;

      if (!start_fork_server (self, &error))
        g_debug ("Could not start the worker fork server (%s); starting workers directly",
                 error->message);
    }

  return self;
}

GPid
lab_worker_launcher_get_server_pid (LabWorkerLauncher *self)
{
  return self->server != NULL ? self->server->pid : 0;
}

gboolean
lab_worker_launcher_uses_fork_server (LabWorkerLauncher *self)
{
  return self->control_fd >= 0;
}

void
lab_worker_launcher_prepare (LabWorkerLauncher *self,
                             const char        *config_json)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (config_json != NULL);

  if (self->control_fd >= 0 && strlen (config_json) <= LAB_FORK_SERVER_MAX_PREPARE)
    send_request (self, LAB_FORK_SERVER_PREPARE, 0, 0, config_json);
}

void
lab_worker_launcher_spawn (LabWorkerLauncher *self,
                           guint              token)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->freeing);

  if (self->control_fd >= 0)
    {
      g_array_append_val (self->pending, token);
      send_request (self, LAB_FORK_SERVER_SPAWN, token, 0, NULL);
    }
  else
    spawn_direct (self, token);
}

void
lab_worker_launcher_kill (LabWorkerLauncher *self,
                          guint64            serial)
{
  Proc *proc;

  g_return_if_fail (self != NULL);

  if ((proc = g_hash_table_lookup (self->procs, &serial)) == NULL)
    return;   /* already reaped */

  if (proc->subprocess != NULL)
    g_subprocess_force_exit (proc->subprocess);
  else if (self->control_fd >= 0)
    send_request (self, LAB_FORK_SERVER_KILL, 0, proc->pid, NULL);
}

static gboolean
on_free_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the context until every process is reaped, or @timeout passed. */
static gboolean
wait_for_processes (LabWorkerLauncher *self,
                    GTimeSpan          timeout)
{
  gboolean timed_out = FALSE;
  GSource *source = g_timeout_source_new (timeout / 1000);

  g_source_set_callback (source, on_free_timeout, &timed_out, NULL);
  g_source_attach (source, self->context);

  while (self->n_waiting > 0 && !timed_out)
    g_main_context_iteration (self->context, TRUE);

  g_source_destroy (source);
  g_source_unref (source);

  return self->n_waiting == 0;
}

static void
launcher_clear (LabWorkerLauncher *self)
{
  g_free (self->program);
  g_main_context_unref (self->context);
  g_array_unref (self->pending);
  g_hash_table_unref (self->forked);
  g_hash_table_unref (self->procs);
}

void
lab_worker_launcher_free (LabWorkerLauncher *self)
{
  GHashTableIter iter;
  gpointer value;
  SpawnEvent *event;

  g_return_if_fail (self != NULL);
  g_return_if_fail (g_main_context_is_owner (self->context));

  self->freeing = TRUE;

  /* Spawned but never handed over. */
  if (self->events_source != NULL)
    {
      g_source_destroy (self->events_source);
      g_clear_pointer (&self->events_source, g_source_unref);
    }
  while ((event = g_queue_pop_head (&self->events)) != NULL)
    {
      Proc *proc = event->serial != 0 ? g_hash_table_lookup (self->procs, &event->serial) : NULL;

      if (event->error == NULL)
        {
          close (event->to_worker);
          close (event->from_worker);
        }
      if (proc != NULL && proc->subprocess != NULL)
        g_subprocess_force_exit (proc->subprocess);
      g_clear_error (&event->error);
      g_free (event);
    }

  /* The server kills and reaps its workers when its socket closes. */
  close_control (self);

  g_hash_table_iter_init (&iter, self->procs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Proc *proc = value;

      if (proc->subprocess != NULL && proc != self->server)
        g_subprocess_force_exit (proc->subprocess);
    }

  if (!wait_for_processes (self, FREE_WAIT_US) && self->server != NULL)
    {
      g_subprocess_force_exit (self->server->subprocess);
      wait_for_processes (self, FREE_WAIT_US);
    }

  if (self->n_waiting > 0)
    g_warning ("%u worker processes did not end", self->n_waiting);

  launcher_release (self);
}
