/* lab-fork-server.c
 *
 * Executing a program that links GLib, GIO, libsoup and json-glib costs a
 * dozen milliseconds of dynamic linking; forking a process that already has
 * them loaded costs a fraction of one. So the pool starts this server once
 * per run (`concurrency-lab-worker --fork-server`, its control socket on fd 3)
 * and asks it for workers:
 *
 *   PREPARE json  → build the workload of that configuration once, here.
 *   SPAWN token   → fork(); the child's stdin and stdout are new pipes, whose
 *                   other ends go back in SPAWNED (token, pid) with SCM_RIGHTS.
 *   KILL pid      → SIGKILL, but only to a child not yet reaped (so never to
 *                   a recycled pid).
 *   (SIGCHLD)     → wait4() every child that ended; EXITED (pid, status, CPU).
 *   (EOF)         → SIGKILL the children left, reap them, exit.
 *
 * The server stays single-threaded — no GLib threads, no GIO — so that a
 * child can safely do anything after fork(). Children die with the server
 * (PR_SET_PDEATHSIG) and the server dies with its control socket, so no
 * process outlives the pool.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>


#include "lab-fork-server.h"
#include "lab-proc.h"
#include "lab-worker-protocol.h"
#include "lab-worker-serve.h"

typedef struct
{
  int       control_fd;
  int       signal_fd;
  sigset_t  saved_mask;
  pid_t     self;
  GArray   *children;    /* pid_t, forked and not yet reaped */
  LabWorkerPrepared *prepared;
  guint8   *buf;         /* one request */
} Server;

static gboolean
send_message (Server                     *server,
              const LabForkServerMessage *message,
              const int                  *fds,
              guint                       n_fds)
{
  union {
    struct cmsghdr header;
    char           buf[CMSG_SPACE (2 * sizeof (int))];
  } control;
  struct iovec iov = { (void *) message, sizeof *message };
  struct msghdr msg = { 0 };
  ssize_t n;

  g_assert (n_fds <= 2);

  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  if (n_fds > 0)
    {
      struct cmsghdr *cmsg;

      memset (&control, 0, sizeof control);
      msg.msg_control = control.buf;
      msg.msg_controllen = CMSG_SPACE (n_fds * sizeof (int));
      cmsg = CMSG_FIRSTHDR (&msg);
      cmsg->cmsg_level = SOL_SOCKET;
      cmsg->cmsg_type = SCM_RIGHTS;
      cmsg->cmsg_len = CMSG_LEN (n_fds * sizeof (int));
      memcpy (CMSG_DATA (cmsg), fds, n_fds * sizeof (int));
    }

  do
    n = sendmsg (server->control_fd, &msg, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);

  return n == (ssize_t) sizeof *message;
}

static void
remove_child (Server *server,
              pid_t   pid)
{
  for (guint i = 0; i < server->children->len; i++)
    {
      if (g_array_index (server->children, pid_t, i) == pid)
        {
          g_array_remove_index_fast (server->children, i);
          return;
        }
    }
}

static gboolean
is_child (Server *server,
          pid_t   pid)
{
  for (guint i = 0; i < server->children->len; i++)
    if (g_array_index (server->children, pid_t, i) == pid)
      return TRUE;
  return FALSE;
}

G_GNUC_NORETURN static void
child_main (Server *server,
            int     stdin_fd,
            int     stdout_fd)
{
  /* Undo what only the server wants. */
  signal (SIGCHLD, SIG_DFL);
  sigprocmask (SIG_SETMASK, &server->saved_mask, NULL);

  /* Die with the server; it may already be gone. */
  if (prctl (PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid () != server->self)
    _exit (1);

  if (dup2 (stdin_fd, STDIN_FILENO) < 0 || dup2 (stdout_fd, STDOUT_FILENO) < 0)
    _exit (1);
  close_range (3, ~0u, 0);

  /* _exit(): the atexit handlers and library destructors are the
   * server's, and running them would only copy pages the child shares. */
  _exit (lab_worker_serve (STDIN_FILENO, STDOUT_FILENO, server->prepared));
}

static void
spawn (Server  *server,
       guint32  token)
{
  LabForkServerMessage reply = { 0 };
  int to_child[2] = { -1, -1 };
  int from_child[2] = { -1, -1 };
  pid_t pid = -1;

  reply.token = token;

  if (pipe2 (to_child, O_CLOEXEC) == 0 && pipe2 (from_child, O_CLOEXEC) == 0)
    pid = fork ();

  if (pid == 0)
    child_main (server, to_child[0], from_child[1]);

  if (pid < 0)
    {
      reply.type = LAB_FORK_SERVER_SPAWN_FAILED;
      reply.value = errno;
      send_message (server, &reply, NULL, 0);
    }
  else
    {
      int fds[2] = { to_child[1], from_child[0] };

      g_array_append_val (server->children, pid);
      reply.type = LAB_FORK_SERVER_SPAWNED;
      reply.pid = pid;
      close (to_child[0]);
      close (from_child[1]);
      to_child[0] = from_child[1] = -1;
      send_message (server, &reply, fds, 2);
    }

  for (guint i = 0; i < 2; i++)
    {
      if (to_child[i] >= 0)
        close (to_child[i]);
      if (from_child[i] >= 0)
        close (from_child[i]);
    }
}

static void
reap (Server   *server,
      gboolean  block)
{
  for (;;)
    {
      LabForkServerMessage message = { 0 };
      struct rusage usage;
      int status;
      pid_t pid = wait4 (-1, &status, block ? 0 : WNOHANG, &usage);

      if (pid < 0 && errno == EINTR)
        continue;
      if (pid <= 0)
        return;

      remove_child (server, pid);
      if (block)
        continue;

      message.type = LAB_FORK_SERVER_EXITED;
      message.pid = pid;
      message.value = status;
      message.cpu_us = (gint64) usage.ru_utime.tv_sec * G_USEC_PER_SEC + usage.ru_utime.tv_usec
                     + (gint64) usage.ru_stime.tv_sec * G_USEC_PER_SEC + usage.ru_stime.tv_usec;
      send_message (server, &message, NULL, 0);
    }
}

/* PREPARE: the workload the coming children will be asked for, made once
 * here — its types registered, its classes initialised, its objects built —
 * in pages the children then share instead of each doing it again. Nothing
 * in it starts a thread. Then malloc's free lists are consolidated, once,
 * rather than in every child on its first large allocation (which would copy
 * every heap page it walks). */
static void
prepare (Server     *server,
         const char *config_json,
         gsize       len)
{
  g_clear_pointer (&server->prepared, lab_worker_prepared_free);
  server->prepared = lab_worker_prepared_new (config_json, len);
  malloc_trim (0);

  /* Forking a process with other threads would copy their locks, held. */
  if (lab_proc_count_threads () != 1)
    {
      g_printerr ("concurrency-lab-worker: --fork-server: preparing the workload started a "
                  "thread; refusing to fork\n");
      _exit (1);
    }
}

/* Serves every request waiting; FALSE once the control socket has closed
 * (or spoken garbage). */
static gboolean
handle_requests (Server *server)
{
  for (;;)
    {
      LabForkServerMessage message;
      gsize size = sizeof message + LAB_FORK_SERVER_MAX_PREPARE;
      ssize_t n;

      n = recv (server->control_fd, server->buf, size, MSG_DONTWAIT | MSG_TRUNC);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        return TRUE;
      if (n < (ssize_t) sizeof message)
        return FALSE;
      memcpy (&message, server->buf, sizeof message);

      if (message.type == LAB_FORK_SERVER_PREPARE)
        {
          /* Too large to have come whole: children make their own. */
          if ((gsize) n <= size)
            prepare (server, (const char *) server->buf + sizeof message, n - sizeof message);
          continue;
        }
      if (n != (ssize_t) sizeof message)
        return FALSE;

      switch (message.type)
        {
        case LAB_FORK_SERVER_SPAWN:
          spawn (server, message.token);
          break;

        case LAB_FORK_SERVER_KILL:
          if (message.pid > 0 && is_child (server, message.pid))
            kill (message.pid, SIGKILL);
          break;

        default:
          return FALSE;
        }
    }
}

int
lab_fork_server_main (int control_fd)
{
  LabForkServerMessage hello = { 0 };
  Server server = { 0 };
  sigset_t mask;
  int status = 0;

  server.control_fd = control_fd;
  server.signal_fd = -1;
  server.self = getpid ();

  if (fcntl (control_fd, F_SETFD, FD_CLOEXEC) != 0)
    {
      g_printerr ("concurrency-lab-worker: --fork-server needs its control socket on fd %d\n",
                  control_fd);
      return 2;
    }

  server.children = g_array_new (FALSE, FALSE, sizeof (pid_t));
  server.buf = g_malloc (sizeof (LabForkServerMessage) + LAB_FORK_SERVER_MAX_PREPARE);

  /* Out of the terminal's process group: Ctrl-C is for the app, which
   * cancels the run and stops its workers itself. */
  setpgid (0, 0);
  signal (SIGPIPE, SIG_IGN);

  sigemptyset (&mask);
  sigaddset (&mask, SIGCHLD);
  sigprocmask (SIG_BLOCK, &mask, &server.saved_mask);
  server.signal_fd = signalfd (-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
  if (server.signal_fd < 0)
    {
      g_printerr ("concurrency-lab-worker: signalfd: %s\n", g_strerror (errno));
      status = 1;
      goto out;
    }

  hello.type = LAB_FORK_SERVER_HELLO;
  hello.value = LAB_WORKER_PROTOCOL_VERSION;
  hello.pid = server.self;
  if (!send_message (&server, &hello, NULL, 0))
    {
      /* the pool is gone already (a run cancelled while it started) */
      status = 1;
      goto out;
    }

  for (;;)
    {
      struct pollfd fds[2] = {
        { server.control_fd, POLLIN, 0 },
        { server.signal_fd, POLLIN, 0 },
      };

      if (poll (fds, G_N_ELEMENTS (fds), -1) < 0)
        {
          if (errno == EINTR)
            continue;
          break;
        }

      if (fds[1].revents & POLLIN)
        {
          struct signalfd_siginfo info;

          while (read (server.signal_fd, &info, sizeof info) == sizeof info)
            ;
          reap (&server, FALSE);
        }

      if (fds[0].revents & (POLLIN | POLLHUP | POLLERR))
        {
          if (!handle_requests (&server))
            break;
        }
    }

  /* The pool is gone: so are its workers. */
  for (guint i = 0; i < server.children->len; i++)
    kill (g_array_index (server.children, pid_t, i), SIGKILL);
  reap (&server, TRUE);

out:
  g_array_unref (server.children);
  g_clear_pointer (&server.prepared, lab_worker_prepared_free);
  g_free (server.buf);
  if (server.signal_fd >= 0)
    close (server.signal_fd);
  close (server.control_fd);

  return status;
}
