/* lab-process-executor.c
 *
 * `processes`: N long-lived `concurrency-lab-worker` processes, fed chunks of
 * task indices over their stdin and answering with records on their stdout
 * (lab-worker-protocol.h). Workers are started through a fork server, or one
 * GSubprocess each when it cannot start (lab-worker-launcher.h).
 *
 * All of the pool's work happens on one I/O thread with a main context of
 * its own: one source watches every worker's pipes (non-blocking; many
 * frames per read, many chunks per write) and the time limits. A worker runs
 * its chunks in order, so the head of its in-flight queue is the task it is
 * running; that is how a worker that dies or hangs is charged with exactly
 * one task, while the others queued to it go to the next worker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>
#include <json-glib/json-glib.h>

#include "lab-config-json.h"
#include "lab-error.h"
#include "lab-executor-private.h"
#include "lab-process-executor.h"
#include "lab-worker-launcher.h"
#include "lab-worker-protocol.h"

#define GRACE_MIN_US            (50 * G_TIME_SPAN_MILLISECOND)
#define STARTUP_TIMEOUT_US      (10 * G_TIME_SPAN_SECOND)
#define EXIT_STATUS_WAIT_US     (1 * G_TIME_SPAN_SECOND)
#define SHUTDOWN_WAIT_US        (2 * G_TIME_SPAN_SECOND)
#define MAX_START_FAILURES      3
#define MAX_MESSAGES            1024
#define READ_SIZE               (64 * 1024)
#define READ_BUDGET             (1024 * 1024)

#define MESSAGE_HUNG            "worker did not answer within the timeout; killed"

struct _LabProcessExecutor
{
  LabExecutor parent_instance;
};

G_DEFINE_FINAL_TYPE (LabProcessExecutor, lab_process_executor, LAB_TYPE_EXECUTOR)

typedef struct _Pool Pool;

typedef enum
{
  WORKER_EMPTY,      /* no process */
  WORKER_SPAWNING,   /* asked of the launcher */
  WORKER_STARTING,   /* hello sent, waiting for ready */
  WORKER_READY,
  WORKER_DYING,      /* its stdout closed: waiting for its exit status */
} WorkerState;

typedef struct
{
  guint64 index;
  gint64  queued_at;   /* monotonic µs when it was queued to the worker */
} InFlight;

typedef struct
{
  Pool        *pool;
  guint        id;
  WorkerState  state;
  guint64      serial;     /* its process, as the launcher knows it; 0 = none */
  gint64       since;      /* when the current state began */
  gboolean     was_ready;  /* this process got ready */

  int          to_fd;      /* its stdin */
  int          from_fd;    /* its stdout */
  gpointer     to_tag;
  gpointer     from_tag;
  gboolean     want_out;

  GByteArray  *out;        /* bytes not yet written, from out_pos */
  gsize        out_pos;
  guint8      *in;         /* bytes read and not yet parsed */
  gsize        in_len;
  gsize        in_cap;

  InFlight    *queue;      /* ring: sent and not recorded; the head is running */
  guint        q_head;
  guint        q_len;
  gint64       last_end;   /* absolute end of its last record */

  GHashTable  *messages;   /* the worker's message ids → interned ids */
} Worker;

struct _Pool
{
  LabExecution      *execution;
  GThread           *thread;
  GMainContext      *context;
  GSource           *source;
  GSource           *cancel_source;
  LabWorkerLauncher *launcher;
  char              *program;
  char              *hello_json;
  GPid               server_pid;

  Worker            *workers;
  guint              n_workers;
  guint              n_ready;
  GHashTable        *live;          /* serial → pid: worker processes not yet reaped */

  guint64            count;
  guint64            next;          /* the next index never dispatched */
  GArray            *redispatch;    /* indices taken back from dead workers */
  guint              redispatch_pos;
  guint64            in_flight;     /* dispatched and not recorded */
  guint              max_in_flight;
  guint              per_worker;
  guint              chunk;
  GTimeSpan          timeout;
  GTimeSpan          grace;
  guint              rotate;

  GArray            *records;       /* LabTaskRecord for the run, flushed once per dispatch */
  gboolean           ready;
  guint              start_failures;
  gboolean           stopping;      /* cancelled, past the deadline, or failed */
  gboolean           finishing;     /* every task recorded */
  gint64             shutdown_deadline;
  gint64             next_wake;
  gboolean           done;
  GError            *error;
};

static void pool_update  (Pool        *pool);
static void pool_fail    (Pool        *pool,
                          GError      *error);
static void worker_spawn (Worker      *worker);

/* Workers ------------------------------------------------------------------ */

static inline InFlight *
worker_head (Worker *worker)
{
  return &worker->queue[worker->q_head];
}

static void
worker_pop (Worker *worker)
{
  worker->q_head = (worker->q_head + 1) % worker->pool->per_worker;
  worker->q_len--;
}

static void
worker_push (Worker  *worker,
             guint64  index,
             gint64   now)
{
  guint tail = (worker->q_head + worker->q_len) % worker->pool->per_worker;

  worker->queue[tail].index = index;
  worker->queue[tail].queued_at = now;
  worker->q_len++;
}

/* The earliest the running task can have started. */
static inline gint64
worker_head_since (Worker *worker)
{
  return MAX (worker_head (worker)->queued_at, worker->last_end);
}

static void
worker_close_to (Worker *worker)
{
  if (worker->to_tag != NULL)
    g_source_remove_unix_fd (worker->pool->source, worker->to_tag);
  if (worker->to_fd >= 0)
    close (worker->to_fd);
  worker->to_tag = NULL;
  worker->to_fd = -1;
  worker->want_out = FALSE;
  g_byte_array_set_size (worker->out, 0);
  worker->out_pos = 0;
}

static void
worker_close (Worker *worker)
{
  worker_close_to (worker);
  if (worker->from_tag != NULL)
    g_source_remove_unix_fd (worker->pool->source, worker->from_tag);
  if (worker->from_fd >= 0)
    close (worker->from_fd);
  worker->from_tag = NULL;
  worker->from_fd = -1;
  worker->in_len = 0;
  g_hash_table_remove_all (worker->messages);
}

static void
worker_set_state (Worker      *worker,
                  WorkerState  state)
{
  if (worker->state == WORKER_READY)
    worker->pool->n_ready--;
  worker->state = state;
  worker->since = g_get_monotonic_time ();
  if (state == WORKER_READY)
    worker->pool->n_ready++;
}

static void
add_record (Pool          *pool,
            LabTaskRecord *record)
{
  g_array_append_vals (pool->records, record, 1);
}

/* The worker's process is gone or going: charge its running task with
 * @status and @message (if it had one), give the tasks queued behind it back
 * for dispatch, and start a replacement unless the pool is winding down. */
static void
worker_retire (Worker        *worker,
               LabTaskStatus  status,
               const char    *message)
{
  Pool *pool = worker->pool;
  gboolean was_ready = worker->was_ready;
  gint64 now = g_get_monotonic_time ();

  if (worker->q_len > 0)
    {
      LabTaskRecord record = { 0 };

      record.index = worker_head (worker)->index;
      record.worker = worker->id;
      record.start_us = worker_head_since (worker) - pool->execution->origin;
      record.end_us = MAX (now - pool->execution->origin, record.start_us);
      record.status = status;
      record.message_id = lab_message_intern (message);
      add_record (pool, &record);
      worker_pop (worker);
      pool->in_flight--;

      /* Not started: they go to the next free worker (or, when the run is
       * stopping, get their `cancelled` record at its end). */
      while (worker->q_len > 0)
        {
          if (!pool->stopping)
            g_array_append_val (pool->redispatch, worker_head (worker)->index);
          worker_pop (worker);
          pool->in_flight--;
        }
    }

  worker_close (worker);
  if (worker->serial != 0 && g_hash_table_contains (pool->live, GSIZE_TO_POINTER (worker->serial)))
    lab_worker_launcher_kill (pool->launcher, worker->serial);
  worker->serial = 0;
  worker->last_end = 0;
  worker->was_ready = FALSE;
  worker_set_state (worker, WORKER_EMPTY);

  if (pool->stopping || pool->finishing)
    return;

  if (!was_ready && ++pool->start_failures >= MAX_START_FAILURES)
    {
      pool_fail (pool, g_error_new (LAB_ERROR, LAB_ERROR_WORKER,
                                    "Worker processes keep failing to start (%u times in a row); "
                                    "the last one: %s",
                                    pool->start_failures, message ? message : "no reason given"));
      return;
    }

  worker_spawn (worker);
}

static void
worker_protocol_error (Worker       *worker,
                       const GError *error)
{
  g_autofree char *message = g_strdup_printf ("worker protocol error: %s", error->message);

  worker_retire (worker, LAB_TASK_FAILED, message);
}

static void
worker_flush_out (Worker *worker)
{
  gboolean want_out;

  while (worker->to_fd >= 0 && worker->out_pos < worker->out->len)
    {
      gssize n = write (worker->to_fd, worker->out->data + worker->out_pos,
                        worker->out->len - worker->out_pos);

      if (n > 0)
        worker->out_pos += n;
      else if (n < 0 && errno == EINTR)
        continue;
      else if (n < 0 && errno == EAGAIN)
        break;
      else
        {
          /* Its stdin is closed: it is dying, and its stdout will say so. */
          worker_close_to (worker);
          return;
        }
    }

  if (worker->out_pos == worker->out->len)
    {
      g_byte_array_set_size (worker->out, 0);
      worker->out_pos = 0;
    }
  else if (worker->out_pos >= worker->out->len / 2)
    {
      g_byte_array_remove_range (worker->out, 0, worker->out_pos);
      worker->out_pos = 0;
    }

  want_out = worker->out->len > 0;
  if (want_out != worker->want_out)
    {
      worker->want_out = want_out;
      g_source_modify_unix_fd (worker->pool->source, worker->to_tag,
                               want_out ? G_IO_OUT | G_IO_ERR : G_IO_ERR);
    }
}

static gboolean
worker_take_record (Worker                 *worker,
                    const LabWorkerRecord  *wire,
                    gint64                  now,
                    GError                **error)
{
  Pool *pool = worker->pool;
  LabTaskRecord record = { 0 };
  gpointer message_id = NULL;
  InFlight *head;

  if (worker->q_len == 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_PROTOCOL,
                   "a record for task %" G_GUINT64_FORMAT ", which it was not given", wire->index);
      return FALSE;
    }
  head = worker_head (worker);
  if (wire->index != head->index)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_PROTOCOL,
                   "a record for task %" G_GUINT64_FORMAT " where task %" G_GUINT64_FORMAT
                   " was due", wire->index, head->index);
      return FALSE;
    }
  if (wire->status > LAB_TASK_CANCELLED || wire->is_prime > 1)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_PROTOCOL,
                   "a record with status %u and result %u", wire->status, wire->is_prime);
      return FALSE;
    }
  /* One clock for all (CLOCK_MONOTONIC): a task starts after it was sent and
   * after the worker's previous task, and ends before we read its record. */
  if (wire->start_abs < worker_head_since (worker) || wire->end_abs < wire->start_abs ||
      wire->end_abs > now)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_PROTOCOL,
                   "a record for task %" G_GUINT64_FORMAT " with impossible times", wire->index);
      return FALSE;
    }
  if (wire->message_id != 0 &&
      !g_hash_table_lookup_extended (worker->messages, GUINT_TO_POINTER (wire->message_id),
                                     NULL, &message_id))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_PROTOCOL,
                   "a record with the undefined message %u", wire->message_id);
      return FALSE;
    }

  record.index = wire->index;
  record.start_us = wire->start_abs - pool->execution->origin;
  record.end_us = wire->end_abs - pool->execution->origin;
  record.bytes = wire->bytes;
  record.worker = worker->id;
  record.message_id = GPOINTER_TO_UINT (message_id);
  record.ttfb_us = wire->ttfb_us;
  record.gil_wait_us = wire->gil_wait_us;
  record.http_status = wire->http_status;
  record.status = wire->status;
  record.is_prime = wire->is_prime;
  add_record (pool, &record);

  worker->last_end = wire->end_abs;
  worker_pop (worker);
  pool->in_flight--;

  return TRUE;
}

static gboolean
worker_handle_frame (Worker              *worker,
                     LabWorkerFrameType   type,
                     const guint8        *payload,
                     gsize                len,
                     gint64               now,
                     GError             **error)
{
  Pool *pool = worker->pool;
  g_autofree char *text = NULL;
  guint32 value;

  if (type != LAB_WORKER_FRAME_ERROR &&
      (type == LAB_WORKER_FRAME_READY) != (worker->state == WORKER_STARTING))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_PROTOCOL,
                   type == LAB_WORKER_FRAME_READY ? "ready twice" : "frame type %u before ready",
                   type);
      return FALSE;
    }

  switch (type)
    {
    case LAB_WORKER_FRAME_READY:
      /* The pid it gives is not checked: a launcher may put a wrapper in
       * between. */
      if (!lab_worker_parse_ready (payload, len, &value, error))
        return FALSE;
      worker_set_state (worker, WORKER_READY);
      worker->was_ready = TRUE;
      pool->start_failures = 0;
      if (!pool->ready && pool->n_ready == pool->n_workers)
        {
          pool->ready = TRUE;
          lab_run_mark_ready (pool->execution->run);
        }
      return TRUE;

    case LAB_WORKER_FRAME_MESSAGE:
      if (!lab_worker_parse_text (payload, len, TRUE, &value, &text, error))
        return FALSE;
      if (g_hash_table_size (worker->messages) >= MAX_MESSAGES)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_PROTOCOL, "more than %d messages", MAX_MESSAGES);
          return FALSE;
        }
      g_hash_table_insert (worker->messages, GUINT_TO_POINTER (value),
                           GUINT_TO_POINTER (lab_message_intern (text)));
      return TRUE;

    case LAB_WORKER_FRAME_RECORDS:
      for (gsize i = 0; i < len; i += LAB_WORKER_RECORD_SIZE)
        {
          LabWorkerRecord wire;

          lab_worker_read_record (payload + i, &wire);
          if (!worker_take_record (worker, &wire, now, error))
            return FALSE;
        }
      return TRUE;

    case LAB_WORKER_FRAME_ERROR:
      if (!lab_worker_parse_text (payload, len, FALSE, NULL, &text, error))
        return FALSE;
      pool_fail (pool, g_error_new (LAB_ERROR, LAB_ERROR_WORKER, "Worker %u failed: %s",
                                    worker->id, text));
      return TRUE;

    case LAB_WORKER_FRAME_HELLO:
    case LAB_WORKER_FRAME_TASKS:
    default:
      g_assert_not_reached ();
    }
}

/* Reads what the worker wrote and acts on every whole frame. */
static void
worker_read (Worker *worker)
{
  g_autoptr(GError) error = NULL;
  gsize budget = READ_BUDGET;

  while (worker->from_fd >= 0 && budget > 0)
    {
      gsize space, pos = 0;
      gssize n;
      gint64 now;

      if (worker->in_cap - worker->in_len < READ_SIZE)
        {
          worker->in_cap = MAX (worker->in_cap * 2, worker->in_len + READ_SIZE);
          worker->in = g_realloc (worker->in, worker->in_cap);
        }
      space = worker->in_cap - worker->in_len;

      n = read (worker->from_fd, worker->in + worker->in_len, space);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        return;
      if (n <= 0)
        {
          /* Its stdout closed: it has exited or is exiting. Its exit status
           * says why; wait for it (briefly) before charging its task. */
          worker_close (worker);
          if (worker->state != WORKER_DYING)
            worker_set_state (worker, WORKER_DYING);
          return;
        }

      worker->in_len += n;
      budget -= MIN (budget, (gsize) n);
      now = g_get_monotonic_time ();

      for (;;)
        {
          LabWorkerFrameType type;
          const guint8 *payload;
          gsize payload_len, frame_len;

          if (!lab_worker_frame_parse (worker->in + pos, worker->in_len - pos, TRUE,
                                       &type, &payload, &payload_len, &frame_len, &error))
            break;
          if (!worker_handle_frame (worker, type, payload, payload_len, now, &error))
            break;
          pos += frame_len;
          if (worker->from_fd < 0)   /* it was let go (an ERROR frame) */
            return;
        }

      if (error != NULL)
        {
          worker_protocol_error (worker, error);
          return;
        }

      memmove (worker->in, worker->in + pos, worker->in_len - pos);
      worker->in_len -= pos;

      /* A short read emptied the pipe. */
      if ((gsize) n < space)
        return;
    }
}

static void
worker_spawn (Worker *worker)
{
  worker_set_state (worker, WORKER_SPAWNING);
  lab_worker_launcher_spawn (worker->pool->launcher, worker->id);
}

/* Launcher callbacks ------------------------------------------------------- */

static void
on_worker_spawned (guint     token,
                   guint64   serial,
                   GPid      pid,
                   int       to_worker,
                   int       from_worker,
                   gpointer  user_data)
{
  Pool *pool = user_data;
  Worker *worker = &pool->workers[token];

  g_assert (token < pool->n_workers);

  if (pid > 0)
    lab_run_add_child (pool->execution->run, pid);
  g_hash_table_insert (pool->live, GSIZE_TO_POINTER (serial), GINT_TO_POINTER (pid));

  if (pool->stopping || pool->finishing || worker->state != WORKER_SPAWNING ||
      !g_unix_set_fd_nonblocking (to_worker, TRUE, NULL) ||
      !g_unix_set_fd_nonblocking (from_worker, TRUE, NULL))
    {
      close (to_worker);
      close (from_worker);
      lab_worker_launcher_kill (pool->launcher, serial);
      if (worker->state == WORKER_SPAWNING)
        worker_set_state (worker, WORKER_EMPTY);
      pool_update (pool);
      return;
    }

  worker->serial = serial;
  worker->to_fd = to_worker;
  worker->from_fd = from_worker;
  worker->to_tag = g_source_add_unix_fd (pool->source, to_worker, G_IO_ERR);
  worker->from_tag = g_source_add_unix_fd (pool->source, from_worker, G_IO_IN | G_IO_HUP | G_IO_ERR);
  worker_set_state (worker, WORKER_STARTING);

  lab_worker_append_hello (worker->out, worker->id, pool->hello_json);
  worker_flush_out (worker);

  pool_update (pool);
}

static void
on_worker_spawn_failed (guint         token,
                        const GError *error,
                        gpointer      user_data)
{
  Pool *pool = user_data;
  Worker *worker = &pool->workers[token];

  g_assert (token < pool->n_workers);

  if (worker->state == WORKER_SPAWNING)
    worker_retire (worker, LAB_TASK_FAILED, error->message);
  pool_update (pool);
}

static void
on_process_exited (guint64   serial,
                   GPid      pid,
                   int       wait_status,
                   gint64    cpu_us,
                   gpointer  user_data)
{
  Pool *pool = user_data;

  if (pid > 0)
    lab_run_remove_child (pool->execution->run, pid, cpu_us);

  if (pid > 0 && pid == pool->server_pid)
    {
      pool->server_pid = 0;
      return;
    }

  g_hash_table_remove (pool->live, GSIZE_TO_POINTER (serial));

  for (guint i = 0; i < pool->n_workers; i++)
    {
      Worker *worker = &pool->workers[i];

      if (worker->serial == serial && worker->state >= WORKER_STARTING)
        {
          g_autofree char *message = wait_status != -1 ? lab_worker_describe_exit (wait_status)
                                                       : g_strdup ("worker exited");

          worker->serial = 0;   /* nothing left to kill */
          worker_retire (worker, LAB_TASK_FAILED, message);
          break;
        }
    }

  pool_update (pool);
}

static void
on_launcher_lost (const GError *error,
                  gpointer      user_data)
{
  Pool *pool = user_data;

  pool_fail (pool, g_error_copy (error));
  pool_update (pool);
}

static const LabWorkerLauncherCallbacks launcher_callbacks = {
  on_worker_spawned,
  on_worker_spawn_failed,
  on_process_exited,
  on_launcher_lost,
};

/* The pool ----------------------------------------------------------------- */

static guint64
pool_available (Pool *pool)
{
  return (pool->redispatch->len - pool->redispatch_pos) + (pool->count - pool->next);
}

static guint64
pool_take (Pool *pool)
{
  if (pool->redispatch_pos < pool->redispatch->len)
    {
      guint64 index = g_array_index (pool->redispatch, guint64, pool->redispatch_pos++);

      if (pool->redispatch_pos == pool->redispatch->len)
        {
          g_array_set_size (pool->redispatch, 0);
          pool->redispatch_pos = 0;
        }
      return index;
    }

  return pool->next++;
}

static void
pool_send_chunk (Pool   *pool,
                 Worker *worker,
                 guint   n,
                 gint64  now)
{
  gsize offset = worker->out->len;

  lab_worker_frame_begin (worker->out, LAB_WORKER_FRAME_TASKS);
  for (guint i = 0; i < n; i++)
    {
      guint64 index = pool_take (pool);

      lab_worker_append_u64 (worker->out, index);
      worker_push (worker, index, now);
    }
  lab_worker_frame_end (worker->out, offset);
  pool->in_flight += n;
}

/* Keeps every ready worker's queue full — the chunk it runs and the next —
 * within max-in-flight. A chunk is sent whole, unless the worker would
 * otherwise sit idle. */
static void
pool_refill (Pool *pool)
{
  gint64 now = g_get_monotonic_time ();

  if (!pool->ready || pool->stopping || pool->finishing)
    return;

  for (guint k = 0; k < pool->n_workers && pool_available (pool) > 0; k++)
    {
      Worker *worker = &pool->workers[(pool->rotate + k) % pool->n_workers];
      gboolean sent = FALSE;

      if (worker->state != WORKER_READY || worker->to_fd < 0)
        continue;

      while (pool_available (pool) > 0)
        {
          guint room = MIN (pool->per_worker - worker->q_len,
                            pool->max_in_flight - pool->in_flight);
          guint n = (guint) MIN (pool->chunk, pool_available (pool));

          if (room == 0 || (room < n && worker->q_len > 0))
            break;
          pool_send_chunk (pool, worker, MIN (n, room), now);
          sent = TRUE;
        }

      if (sent)
        worker_flush_out (worker);
    }

  pool->rotate = (pool->rotate + 1) % pool->n_workers;
}

static void
pool_begin_stop (Pool *pool)
{
  if (pool->stopping)
    return;

  pool->stopping = TRUE;
  pool->shutdown_deadline = g_get_monotonic_time () + SHUTDOWN_WAIT_US;

  /* They only compute: SIGKILL is fine. Their running tasks end cancelled,
   * with what was recorded so far kept. */
  for (guint i = 0; i < pool->n_workers; i++)
    if (pool->workers[i].state >= WORKER_STARTING)
      worker_retire (&pool->workers[i], LAB_TASK_CANCELLED, NULL);
}

static void
pool_fail (Pool   *pool,
           GError *error)
{
  if (pool->error == NULL)
    pool->error = error;
  else
    g_error_free (error);

  pool_begin_stop (pool);
}

static void
pool_begin_finish (Pool *pool)
{
  pool->finishing = TRUE;
  pool->shutdown_deadline = g_get_monotonic_time () + SHUTDOWN_WAIT_US;

  /* End of input: each worker exits by itself. */
  for (guint i = 0; i < pool->n_workers; i++)
    {
      Worker *worker = &pool->workers[i];

      if (worker->state >= WORKER_STARTING)
        {
          worker_close (worker);
          worker_set_state (worker, WORKER_DYING);
        }
    }
}

/* The time limits: a running task past its timeout and grace, a worker that
 * does not get ready, a dead worker's missing exit status. */
static void
pool_check_times (Pool   *pool,
                  gint64  now)
{
  gint64 wake = G_MAXINT64;

  for (guint i = 0; i < pool->n_workers; i++)
    {
      Worker *worker = &pool->workers[i];
      gint64 limit = G_MAXINT64;

      switch (worker->state)
        {
        case WORKER_STARTING:
          if (now >= (limit = worker->since + STARTUP_TIMEOUT_US))
            worker_retire (worker, LAB_TASK_FAILED, "worker did not get ready in time; killed");
          break;

        case WORKER_READY:
          if (pool->timeout > 0 && worker->q_len > 0 &&
              now >= (limit = worker_head_since (worker) + pool->timeout + pool->grace))
            worker_retire (worker, LAB_TASK_TIMED_OUT, MESSAGE_HUNG);
          break;

        case WORKER_DYING:
          if (pool->finishing)
            break;
          if (now >= (limit = worker->since + EXIT_STATUS_WAIT_US))
            worker_retire (worker, LAB_TASK_FAILED, "worker exited");
          break;

        case WORKER_EMPTY:
        case WORKER_SPAWNING:
        default:
          break;
        }

      if (limit > now)
        wake = MIN (wake, limit);
    }

  if (pool->stopping || pool->finishing)
    wake = MIN (wake, pool->shutdown_deadline);

  pool->next_wake = wake;
}

static void
pool_update (Pool *pool)
{
  gint64 now = g_get_monotonic_time ();

  pool_check_times (pool, now);

  if (pool->records->len > 0)
    {
      lab_run_add_records (pool->execution->run,
                           (const LabTaskRecord *) pool->records->data, pool->records->len);
      g_array_set_size (pool->records, 0);
    }

  if (!pool->stopping && !pool->finishing && pool->ready &&
      pool_available (pool) == 0 && pool->in_flight == 0)
    pool_begin_finish (pool);

  pool_refill (pool);

  if ((pool->stopping || pool->finishing) &&
      (g_hash_table_size (pool->live) == 0 || now >= pool->shutdown_deadline))
    pool->done = TRUE;
}

/* The pool's source: every worker's pipes, and the time limits. */
static gboolean
pool_source_prepare (GSource *source,
                     gint    *timeout)
{
  Pool *pool = *(Pool **) (source + 1);
  gint64 now;

  if (pool->next_wake == G_MAXINT64)
    {
      *timeout = -1;
      return FALSE;
    }

  now = g_source_get_time (source);
  if (now >= pool->next_wake)
    {
      *timeout = 0;
      return TRUE;
    }

  *timeout = (gint) MIN ((pool->next_wake - now + 999) / 1000, G_MAXINT);
  return FALSE;
}

static gboolean
pool_source_check (GSource *source)
{
  Pool *pool = *(Pool **) (source + 1);

  return pool->next_wake != G_MAXINT64 && g_source_get_time (source) >= pool->next_wake;
}

static gboolean
pool_source_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     user_data)
{
  Pool *pool = *(Pool **) (source + 1);

  for (guint i = 0; i < pool->n_workers; i++)
    {
      Worker *worker = &pool->workers[i];

      if (worker->from_tag != NULL &&
          g_source_query_unix_fd (source, worker->from_tag) != 0)
        worker_read (worker);

      if (worker->to_tag != NULL)
        {
          GIOCondition condition = g_source_query_unix_fd (source, worker->to_tag);

          if (condition & (G_IO_ERR | G_IO_HUP))
            worker_close_to (worker);
          else if (condition & G_IO_OUT)
            worker_flush_out (worker);
        }
    }

  pool_update (pool);

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs pool_source_funcs = {
  pool_source_prepare,
  pool_source_check,
  pool_source_dispatch,
  NULL, NULL, NULL,
};

static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  Pool *pool = user_data;

  pool_begin_stop (pool);
  pool_update (pool);

  return G_SOURCE_REMOVE;
}

static gpointer
pool_thread (gpointer data)
{
  Pool *pool = data;
  LabExecution *execution = pool->execution;
  sigset_t sigpipe;

  /* A worker that dies leaves a pipe without a reader: writing to it must
   * fail with EPIPE on this thread, not kill the process with SIGPIPE. (A
   * pending thread-directed SIGPIPE goes away with the thread.) */
  sigemptyset (&sigpipe);
  sigaddset (&sigpipe, SIGPIPE);
  pthread_sigmask (SIG_BLOCK, &sigpipe, NULL);

  g_main_context_push_thread_default (pool->context);

  pool->source = g_source_new (&pool_source_funcs, sizeof (GSource) + sizeof (Pool *));
  *(Pool **) (pool->source + 1) = pool;
  g_source_set_priority (pool->source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (pool->source, "[lab] process pool");
  g_source_attach (pool->source, pool->context);

  pool->cancel_source = g_cancellable_source_new (execution->cancellable);
  g_source_set_callback (pool->cancel_source, G_SOURCE_FUNC (on_cancelled), pool, NULL);
  g_source_set_priority (pool->cancel_source, G_PRIORITY_HIGH);
  g_source_attach (pool->cancel_source, pool->context);

  pool->launcher = lab_worker_launcher_new (pool->program, TRUE, pool->context,
                                            &launcher_callbacks, pool);
  if ((pool->server_pid = lab_worker_launcher_get_server_pid (pool->launcher)) > 0)
    lab_run_add_child (execution->run, pool->server_pid);
  lab_worker_launcher_prepare (pool->launcher, pool->hello_json);

  for (guint i = 0; i < pool->n_workers; i++)
    worker_spawn (&pool->workers[i]);

  pool_update (pool);
  while (!pool->done)
    g_main_context_iteration (pool->context, TRUE);

  for (guint i = 0; i < pool->n_workers; i++)
    worker_close (&pool->workers[i]);
  g_source_destroy (pool->cancel_source);
  g_clear_pointer (&pool->cancel_source, g_source_unref);
  g_source_destroy (pool->source);
  g_clear_pointer (&pool->source, g_source_unref);

  /* Stops the fork server (which kills and reaps what is left) and waits. */
  lab_worker_launcher_free (g_steal_pointer (&pool->launcher));

  /* Whatever was not reported as reaped is gone now all the same. */
  {
    GHashTableIter iter;
    gpointer pid;

    g_hash_table_iter_init (&iter, pool->live);
    while (g_hash_table_iter_next (&iter, NULL, &pid))
      if (GPOINTER_TO_INT (pid) > 0)
        lab_run_remove_child (execution->run, GPOINTER_TO_INT (pid), -1);
    g_hash_table_remove_all (pool->live);
    if (pool->server_pid > 0)
      lab_run_remove_child (execution->run, pool->server_pid, -1);
  }

  while (g_main_context_iteration (pool->context, FALSE))
    ;
  g_main_context_pop_thread_default (pool->context);

  lab_execution_complete (execution, g_steal_pointer (&pool->error));

  return NULL;
}

static void
pool_free (gpointer data)
{
  Pool *pool = data;

  if (pool->thread != NULL)
    g_thread_join (pool->thread);

  for (guint i = 0; i < pool->n_workers; i++)
    {
      Worker *worker = &pool->workers[i];

      g_assert (worker->to_fd < 0 && worker->from_fd < 0);
      g_byte_array_unref (worker->out);
      g_free (worker->in);
      g_free (worker->queue);
      g_hash_table_unref (worker->messages);
    }

  g_clear_pointer (&pool->context, g_main_context_unref);
  g_clear_pointer (&pool->live, g_hash_table_unref);
  g_clear_pointer (&pool->redispatch, g_array_unref);
  g_clear_pointer (&pool->records, g_array_unref);
  g_clear_error (&pool->error);
  g_free (pool->workers);
  g_free (pool->program);
  g_free (pool->hello_json);
  g_free (pool);
}

static void
lab_process_executor_start (LabExecutor  *executor,
                            LabExecution *execution)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) config = NULL;
  Pool *pool = g_new0 (Pool, 1);

  pool->execution = execution;
  pool->n_workers = execution->workers;
  pool->count = execution->config->count;
  pool->max_in_flight = execution->max_in_flight;
  pool->per_worker = MAX (1, (pool->max_in_flight + pool->n_workers - 1) / pool->n_workers);
  pool->chunk = lab_config_get_effective_chunk_size (execution->config);
  pool->timeout = execution->config->timeout;
  pool->grace = MAX (GRACE_MIN_US, pool->timeout / 10);
  pool->next_wake = G_MAXINT64;
  pool->context = g_main_context_new ();
  pool->live = g_hash_table_new (NULL, NULL);
  pool->redispatch = g_array_new (FALSE, FALSE, sizeof (guint64));
  pool->records = g_array_new (FALSE, FALSE, sizeof (LabTaskRecord));
  pool->workers = g_new0 (Worker, pool->n_workers);

  for (guint i = 0; i < pool->n_workers; i++)
    {
      Worker *worker = &pool->workers[i];

      worker->pool = pool;
      worker->id = i;
      worker->to_fd = worker->from_fd = -1;
      worker->out = g_byte_array_new ();
      worker->queue = g_new (InFlight, pool->per_worker);
      worker->messages = g_hash_table_new (NULL, NULL);
    }

  execution->impl = pool;
  execution->impl_free = pool_free;

  config = lab_config_to_json (lab_workload_get_config (execution->workload));
  pool->hello_json = json_to_string (config, FALSE);

  if ((pool->program = lab_worker_launcher_find_program (&error)) == NULL)
    {
      lab_execution_complete (execution, g_steal_pointer (&error));
      return;
    }

  pool->thread = g_thread_try_new ("lab-process-pool", pool_thread, pool, &error);
  if (pool->thread == NULL)
    lab_execution_complete (execution,
                            g_error_new (LAB_ERROR, LAB_ERROR_FAILED,
                                         "Could not start the process pool's thread: %s",
                                         error->message));
}

static void
lab_process_executor_class_init (LabProcessExecutorClass *klass)
{
  LabExecutorClass *executor_class = LAB_EXECUTOR_CLASS (klass);

  executor_class->start = lab_process_executor_start;
}

static void
lab_process_executor_init (LabProcessExecutor *self)
{
}

LabExecutor *
lab_process_executor_new (void)
{
  return g_object_new (LAB_TYPE_PROCESS_EXECUTOR, "model", LAB_MODEL_PROCESSES, NULL);
}
