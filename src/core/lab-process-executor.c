/* lab-process-executor.c
 *
 * `processes`: N long-lived `concurrency-lab-worker` processes, fed chunks of
 * task indices over their stdin and answering with records on their stdout
 * (lab-worker-protocol.h). Workers are started through a fork server, or one
 * GSubprocess each when it cannot start (lab-worker-launcher.h).
 *
 * All of the pool's work happens on one I/O thread with a main context of
 * its own: one source watches every worker's pipes (non-blocking; many
 * frames per read, many chunks per write; lab-process-worker.c) and the time
 * limits. A worker runs its chunks in order, so the head of its in-flight
 * queue is the task it is running; that is how a worker that dies or hangs is
 * charged with exactly one task, while the others queued to it go to the
 * next worker.
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
#include "lab-process-executor-private.h"
#include "lab-process-executor.h"
#include "lab-worker-protocol.h"

#define GRACE_MIN_US            (50 * G_TIME_SPAN_MILLISECOND)
#define STARTUP_TIMEOUT_US      (10 * G_TIME_SPAN_SECOND)
#define EXIT_STATUS_WAIT_US     (1 * G_TIME_SPAN_SECOND)
#define SHUTDOWN_WAIT_US        (2 * G_TIME_SPAN_SECOND)
#define MAX_FRUITLESS_DEATHS    3

#define MESSAGE_HUNG            "worker did not answer within the timeout; killed"

struct _LabProcessExecutor
{
  LabExecutor parent_instance;
};

G_DEFINE_FINAL_TYPE (LabProcessExecutor, lab_process_executor, LAB_TYPE_EXECUTOR)

static void pool_update  (LabProcessPool   *pool);
static void worker_spawn (LabProcessWorker *worker);

/* Workers ------------------------------------------------------------------ */

/* The worker's process is gone or going: charge its running task with
 * @status and @message (if it had one), give the tasks queued behind it back
 * for dispatch, and start a replacement unless the pool is winding down. */
void
lab_process_pool_retire (LabProcessWorker *worker,
                         LabTaskStatus     status,
                         const char       *message)
{
  LabProcessPool *pool = worker->pool;
  gboolean fruitless = status == LAB_TASK_FAILED && worker->n_done == 0;
  gint64 now = g_get_monotonic_time ();

  if (worker->q_len > 0)
    {
      LabTaskRecord record = { 0 };

      record.index = lab_process_worker_head (worker)->index;
      record.worker = worker->id;
      record.start_us = lab_process_worker_head_since (worker) - pool->execution->origin;
      record.end_us = MAX (now - pool->execution->origin, record.start_us);
      record.status = status;
      record.message_id = lab_message_intern (message);
      lab_process_pool_add_record (pool, &record);
      lab_process_worker_pop (worker);
      pool->in_flight--;

      /* Not started: they go to the next free worker (or, when the run is
       * stopping, get their `cancelled` record at its end). */
      while (worker->q_len > 0)
        {
          if (!pool->stopping)
            g_array_append_val (pool->redispatch, lab_process_worker_head (worker)->index);
          lab_process_worker_pop (worker);
          pool->in_flight--;
        }
    }

  lab_process_worker_close (worker);
  if (worker->serial != 0 && g_hash_table_contains (pool->live, GSIZE_TO_POINTER (worker->serial)))
    lab_worker_launcher_kill (pool->launcher, worker->serial);
  worker->serial = 0;
  worker->last_end = 0;
  worker->n_done = 0;
  lab_process_worker_set_state (worker, LAB_PROCESS_WORKER_EMPTY);

  if (pool->stopping || pool->finishing)
    return;

  /* A worker that fails before it completes a single task, again and again
   * (a missing library, a crash at start, a workload that cannot be set up):
   * give up rather than respawn forever. */
  if (fruitless && ++pool->fruitless >= MAX_FRUITLESS_DEATHS)
    {
      lab_process_pool_fail (pool, g_error_new (LAB_ERROR, LAB_ERROR_WORKER,
                                                "Worker processes keep failing: %u in a row ended "
                                                "before completing a task (the last: %s)",
                                                pool->fruitless, message ? message : "no reason given"));
      return;
    }

  worker_spawn (worker);
}

static void
worker_spawn (LabProcessWorker *worker)
{
  lab_process_worker_set_state (worker, LAB_PROCESS_WORKER_SPAWNING);
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
  LabProcessPool *pool = user_data;
  LabProcessWorker *worker = &pool->workers[token];

  g_assert (token < pool->n_workers);

  if (pid > 0)
    lab_run_add_child (pool->execution->run, pid);
  g_hash_table_insert (pool->live, GSIZE_TO_POINTER (serial), GINT_TO_POINTER (pid));

  if (pool->stopping || pool->finishing || worker->state != LAB_PROCESS_WORKER_SPAWNING)
    {
      close (to_worker);
      close (from_worker);
      lab_worker_launcher_kill (pool->launcher, serial);
      pool_update (pool);
      return;
    }

  if (!g_unix_set_fd_nonblocking (to_worker, TRUE, NULL) ||
      !g_unix_set_fd_nonblocking (from_worker, TRUE, NULL))
    {
      close (to_worker);
      close (from_worker);
      lab_worker_launcher_kill (pool->launcher, serial);
      lab_process_pool_retire (worker, LAB_TASK_FAILED, "could not set up the worker's pipes");
      pool_update (pool);
      return;
    }

  worker->serial = serial;
  worker->to_fd = to_worker;
  worker->from_fd = from_worker;
  worker->to_tag = g_source_add_unix_fd (pool->source, to_worker, G_IO_ERR);
  worker->from_tag = g_source_add_unix_fd (pool->source, from_worker, G_IO_IN | G_IO_HUP | G_IO_ERR);
  lab_process_worker_set_state (worker, LAB_PROCESS_WORKER_STARTING);

  lab_worker_append_hello (worker->out, worker->id, pool->hello_json);
  lab_process_worker_flush_out (worker);

  pool_update (pool);
}

static void
on_worker_spawn_failed (guint         token,
                        const GError *error,
                        gpointer      user_data)
{
  LabProcessPool *pool = user_data;
  LabProcessWorker *worker = &pool->workers[token];

  g_assert (token < pool->n_workers);

  if (worker->state == LAB_PROCESS_WORKER_SPAWNING)
    lab_process_pool_retire (worker, LAB_TASK_FAILED, error->message);
  pool_update (pool);
}

static void
on_process_exited (guint64   serial,
                   GPid      pid,
                   int       wait_status,
                   gint64    cpu_us,
                   gpointer  user_data)
{
  LabProcessPool *pool = user_data;

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
      LabProcessWorker *worker = &pool->workers[i];

      if (worker->serial == serial && worker->state >= LAB_PROCESS_WORKER_STARTING)
        {
          g_autofree char *message = wait_status != -1 ? lab_worker_describe_exit (wait_status)
                                                       : g_strdup ("worker exited");

          worker->serial = 0;   /* nothing left to kill */
          lab_process_pool_retire (worker, LAB_TASK_FAILED, message);
          break;
        }
    }

  pool_update (pool);
}

static void
on_launcher_lost (const GError *error,
                  gpointer      user_data)
{
  LabProcessPool *pool = user_data;

  lab_process_pool_fail (pool, g_error_copy (error));
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
pool_available (LabProcessPool *pool)
{
  return (pool->redispatch->len - pool->redispatch_pos) + (pool->count - pool->next);
}

static guint64
pool_take (LabProcessPool *pool)
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
pool_send_chunk (LabProcessPool   *pool,
                 LabProcessWorker *worker,
                 guint             n,
                 gint64            now)
{
  gsize offset = worker->out->len;

  lab_worker_frame_begin (worker->out, LAB_WORKER_FRAME_TASKS);
  for (guint i = 0; i < n; i++)
    {
      guint64 index = pool_take (pool);

      lab_worker_append_u64 (worker->out, index);
      lab_process_worker_push (worker, index, now);
    }
  lab_worker_frame_end (worker->out, offset);
  pool->in_flight += n;
}

/* Keeps every ready worker's queue full: up to its share of max-in-flight
 * (with the automatic max-in-flight, the chunk it runs and the next one), so
 * that the next chunk is there before the current one ends. A chunk is sent
 * whole, unless the worker would otherwise sit idle.
 *
 * With the automatic chunk size, chunks shrink as the run ends (guided
 * self-scheduling): once the tasks left would not fill every queue, a chunk
 * is a 2N-th of them and a worker holds two, so that the workers end
 * together rather than one with a full queue while the others wait. */
static void
pool_refill (LabProcessPool *pool)
{
  gint64 now = g_get_monotonic_time ();
  guint64 full = 2 * (guint64) pool->n_workers * pool->chunk;

  if (!pool->ready || pool->stopping || pool->finishing)
    return;

  for (guint k = 0; k < pool->n_workers && pool_available (pool) > 0; k++)
    {
      LabProcessWorker *worker = &pool->workers[(pool->rotate + k) % pool->n_workers];
      gboolean sent = FALSE;

      if (worker->state != LAB_PROCESS_WORKER_READY || worker->to_fd < 0)
        continue;

      while (pool_available (pool) > 0)
        {
          guint64 available = pool_available (pool);
          guint room = MIN (pool->per_worker - worker->q_len,
                            pool->max_in_flight - pool->in_flight);
          guint n = (guint) MIN (pool->chunk, available);

          if (pool->chunk_auto && available < full)
            {
              n = (guint) MAX (1, MIN (n, (available + 2 * pool->n_workers - 1) / (2 * pool->n_workers)));
              if (worker->q_len >= 2 * n)
                break;
            }

          if (room == 0 || (room < n && worker->q_len > 0))
            break;
          pool_send_chunk (pool, worker, MIN (n, room), now);
          sent = TRUE;
        }

      if (sent)
        lab_process_worker_flush_out (worker);
    }

  pool->rotate = (pool->rotate + 1) % pool->n_workers;
}

static void
pool_begin_stop (LabProcessPool *pool)
{
  if (pool->stopping)
    return;

  pool->stopping = TRUE;
  pool->shutdown_deadline = g_get_monotonic_time () + SHUTDOWN_WAIT_US;

  /* They only compute: SIGKILL is fine. Their running tasks end cancelled,
   * with what was recorded so far kept. */
  for (guint i = 0; i < pool->n_workers; i++)
    if (pool->workers[i].state >= LAB_PROCESS_WORKER_STARTING)
      lab_process_pool_retire (&pool->workers[i], LAB_TASK_CANCELLED, NULL);
}

void
lab_process_pool_fail (LabProcessPool *pool,
                       GError         *error)
{
  if (pool->error == NULL)
    pool->error = error;
  else
    g_error_free (error);

  pool_begin_stop (pool);
}

static void
pool_begin_finish (LabProcessPool *pool)
{
  pool->finishing = TRUE;
  pool->shutdown_deadline = g_get_monotonic_time () + SHUTDOWN_WAIT_US;

  /* End of input: each worker exits by itself. */
  for (guint i = 0; i < pool->n_workers; i++)
    {
      LabProcessWorker *worker = &pool->workers[i];

      if (worker->state >= LAB_PROCESS_WORKER_STARTING)
        {
          lab_process_worker_close (worker);
          lab_process_worker_set_state (worker, LAB_PROCESS_WORKER_DYING);
        }
    }
}

/* The time limits: a running task past its timeout and grace, a worker that
 * does not get ready, a dead worker's missing exit status. */
static void
pool_check_times (LabProcessPool *pool,
                  gint64          now)
{
  gint64 wake = G_MAXINT64;

  for (guint i = 0; i < pool->n_workers; i++)
    {
      LabProcessWorker *worker = &pool->workers[i];
      gint64 limit = G_MAXINT64;

      switch (worker->state)
        {
        case LAB_PROCESS_WORKER_STARTING:
          if (now >= (limit = worker->since + STARTUP_TIMEOUT_US))
            lab_process_pool_retire (worker, LAB_TASK_FAILED, "worker did not get ready in time; killed");
          break;

        case LAB_PROCESS_WORKER_READY:
          if (pool->timeout > 0 && worker->q_len > 0 &&
              now >= (limit = lab_process_worker_head_since (worker) + pool->timeout + pool->grace))
            lab_process_pool_retire (worker, LAB_TASK_TIMED_OUT, MESSAGE_HUNG);
          break;

        case LAB_PROCESS_WORKER_DYING:
          if (pool->finishing)
            break;
          if (now >= (limit = worker->since + EXIT_STATUS_WAIT_US))
            lab_process_pool_retire (worker, LAB_TASK_FAILED, "worker exited");
          break;

        case LAB_PROCESS_WORKER_EMPTY:
        case LAB_PROCESS_WORKER_SPAWNING:
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
pool_update (LabProcessPool *pool)
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
  LabProcessPool *pool = *(LabProcessPool **) (source + 1);
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
  LabProcessPool *pool = *(LabProcessPool **) (source + 1);

  return pool->next_wake != G_MAXINT64 && g_source_get_time (source) >= pool->next_wake;
}

static gboolean
pool_source_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     user_data)
{
  LabProcessPool *pool = *(LabProcessPool **) (source + 1);

  for (guint i = 0; i < pool->n_workers; i++)
    {
      LabProcessWorker *worker = &pool->workers[i];

      if (worker->from_tag != NULL &&
          g_source_query_unix_fd (source, worker->from_tag) != 0)
        lab_process_worker_read (worker);

      if (worker->to_tag != NULL)
        {
          GIOCondition condition = g_source_query_unix_fd (source, worker->to_tag);

          if (condition & (G_IO_ERR | G_IO_HUP))
            lab_process_worker_close_to (worker);
          else if (condition & G_IO_OUT)
            lab_process_worker_flush_out (worker);
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
  LabProcessPool *pool = user_data;

  pool_begin_stop (pool);
  pool_update (pool);

  return G_SOURCE_REMOVE;
}

static gpointer
pool_thread (gpointer data)
{
  LabProcessPool *pool = data;
  LabExecution *execution = pool->execution;
  sigset_t sigpipe;

  /* A worker that dies leaves a pipe without a reader: writing to it must
   * fail with EPIPE on this thread, not kill the process with SIGPIPE. (A
   * pending thread-directed SIGPIPE goes away with the thread.) */
  sigemptyset (&sigpipe);
  sigaddset (&sigpipe, SIGPIPE);
  pthread_sigmask (SIG_BLOCK, &sigpipe, NULL);

  g_main_context_push_thread_default (pool->context);

  pool->source = g_source_new (&pool_source_funcs, sizeof (GSource) + sizeof (LabProcessPool *));
  *(LabProcessPool **) (pool->source + 1) = pool;
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
    lab_process_worker_close (&pool->workers[i]);
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
  LabProcessPool *pool = data;

  if (pool->thread != NULL)
    g_thread_join (pool->thread);

  for (guint i = 0; i < pool->n_workers; i++)
    {
      LabProcessWorker *worker = &pool->workers[i];

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
  LabProcessPool *pool = g_new0 (LabProcessPool, 1);

  pool->execution = execution;
  pool->n_workers = execution->workers;
  pool->count = execution->config->count;
  pool->max_in_flight = execution->max_in_flight;
  pool->per_worker = MAX (1, (pool->max_in_flight + pool->n_workers - 1) / pool->n_workers);
  pool->chunk = lab_config_get_effective_chunk_size (execution->config);
  pool->chunk_auto = execution->config->chunk_size == 0;
  pool->timeout = execution->config->timeout;
  pool->grace = MAX (GRACE_MIN_US, pool->timeout / 10);
  pool->next_wake = G_MAXINT64;
  pool->context = g_main_context_new ();
  pool->live = g_hash_table_new (NULL, NULL);
  pool->redispatch = g_array_new (FALSE, FALSE, sizeof (guint64));
  pool->records = g_array_new (FALSE, FALSE, sizeof (LabTaskRecord));
  pool->workers = g_new0 (LabProcessWorker, pool->n_workers);

  for (guint i = 0; i < pool->n_workers; i++)
    {
      LabProcessWorker *worker = &pool->workers[i];

      worker->pool = pool;
      worker->id = i;
      worker->to_fd = worker->from_fd = -1;
      worker->out = g_byte_array_new ();
      worker->queue = g_new (LabInFlight, pool->per_worker);
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
