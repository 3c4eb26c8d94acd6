/* lab-thread-executor.c
 *
 * `sequential` and `threads`: a pool of exactly N joinable threads (N = 1 for
 * sequential). Each worker claims the next task index with one atomic add,
 * runs it, and hands its records to the run in batches; a worker's batch is
 * never larger than its share of max-in-flight. With the simulated GIL, a
 * worker holds the lock while its task computes.
 *
 * The threads are our own rather than GTask's shared pool (which sizes
 * itself) or a GThreadPool (whose threads exit after the pool is freed, out
 * of sight): they are joined before the run is reported finished, so nothing
 * outlives a run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-error.h"
#include "lab-executor-private.h"
#include "lab-thread-executor.h"

struct _LabThreadExecutor
{
  LabExecutor parent_instance;
};

G_DEFINE_FINAL_TYPE (LabThreadExecutor, lab_thread_executor, LAB_TYPE_EXECUTOR)

typedef struct _Pool Pool;

typedef struct
{
  Pool    *pool;
  guint    id;
} Worker;

struct _Pool
{
  LabExecution *execution;
  GThread     **threads;
  Worker       *workers;
  guint         n_threads;
  guint64       next;          /* atomic: the next task index to claim */
  guint64       count;
  LabGil       *gil;

  GMutex        mutex;
  GCond         cond;
  guint         started;       /* workers at the start-up barrier */
  guint         expected;      /* workers that will get there */
  gboolean      go;
  GError       *error;         /* the first worker error */

  gint          remaining;     /* atomic: holds on completing the execution */
};

static void
pool_free (gpointer data)
{
  Pool *pool = data;

  for (guint i = 0; i < pool->n_threads; i++)
    if (pool->threads[i] != NULL)
      g_thread_join (pool->threads[i]);

  g_clear_pointer (&pool->gil, lab_gil_free);
  g_clear_error (&pool->error);
  g_mutex_clear (&pool->mutex);
  g_cond_clear (&pool->cond);
  g_free (pool->threads);
  g_free (pool->workers);
  g_free (pool);
}

static void
pool_release (Pool *pool)
{
  if (g_atomic_int_dec_and_test (&pool->remaining))
    {
      GError *error;

      g_mutex_lock (&pool->mutex);
      error = g_steal_pointer (&pool->error);
      g_mutex_unlock (&pool->mutex);

      lab_execution_complete (pool->execution, error);
    }
}

static void
pool_fail (Pool   *pool,
           GError *error)
{
  g_mutex_lock (&pool->mutex);
  if (pool->error == NULL)
    pool->error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&pool->mutex);

  g_cancellable_cancel (pool->execution->cancellable);
}

/* Start-up ends when every worker is ready; no task starts before. */
static void
pool_wait_for_start (Pool *pool)
{
  g_mutex_lock (&pool->mutex);
  pool->started++;
  if (pool->started == pool->expected)
    {
      lab_run_mark_ready (pool->execution->run);
      pool->go = TRUE;
      g_cond_broadcast (&pool->cond);
    }
  while (!pool->go)
    g_cond_wait (&pool->cond, &pool->mutex);
  g_mutex_unlock (&pool->mutex);
}

static gpointer
worker_main (gpointer data)
{
  Worker *worker = data;
  Pool *pool = worker->pool;
  LabExecution *execution = pool->execution;
  g_autoptr(GError) error = NULL;
  LabRecordBatch batch;
  LabTaskContext ctx = { 0 };
  gpointer worker_data;
  guint per_worker;
  gint64 now;

  worker_data = lab_workload_worker_data_new (execution->workload, worker->id, &error);
  if (error != NULL)
    pool_fail (pool, g_steal_pointer (&error));

  pool_wait_for_start (pool);

  /* The running task counts against this worker's share too. */
  per_worker = execution->max_in_flight / pool->n_threads;
  lab_record_batch_init (&batch, execution->run, per_worker > 1 ? MIN (per_worker - 1, 256) : 1);

  ctx.worker = worker->id;
  ctx.cancellable = execution->cancellable;
  ctx.gil = pool->gil;
  ctx.worker_data = worker_data;

  now = g_get_monotonic_time ();

  while (!lab_execution_is_stopping (execution))
    {
      LabTaskRecord record = { 0 };
      guint64 index = __atomic_fetch_add (&pool->next, 1, __ATOMIC_RELAXED);
      gint64 start = now;

      if (index >= pool->count)
        break;

      record.index = index;
      record.worker = worker->id;
      ctx.deadline = lab_execution_task_deadline (execution, start);
      ctx.gil_wait = 0;

      if (ctx.gil != NULL)
        ctx.gil_wait += lab_gil_take (ctx.gil);

      lab_workload_run_sync (execution->workload, &ctx, &record);

      if (ctx.gil != NULL)
        lab_gil_drop (ctx.gil);

      now = g_get_monotonic_time ();
      record.start_us = start - execution->origin;
      record.end_us = now - execution->origin;
      record.gil_wait_us = (guint32) MIN (ctx.gil_wait, G_MAXUINT32);
      /* A flush takes the run's lock: not part of the next task. */
      if (lab_record_batch_add (&batch, &record, now))
        now = g_get_monotonic_time ();
    }

  lab_record_batch_clear (&batch);

  if (worker_data != NULL)
    lab_workload_worker_data_free (execution->workload, worker_data);

  pool_release (pool);

  return NULL;
}

static void
lab_thread_executor_start (LabExecutor  *executor,
                           LabExecution *execution)
{
  Pool *pool = g_new0 (Pool, 1);
  guint n = execution->workers;

  g_mutex_init (&pool->mutex);
  g_cond_init (&pool->cond);
  pool->execution = execution;
  pool->n_threads = n;
  pool->expected = n;
  pool->count = execution->config->count;
  pool->threads = g_new0 (GThread *, n);
  pool->workers = g_new0 (Worker, n);
  if (execution->config->simulate_gil && execution->config->model == LAB_MODEL_THREADS)
    pool->gil = lab_gil_new (execution->config->switch_interval);

  /* One hold per worker and one for this function. */
  pool->remaining = n + 1;

  execution->impl = pool;
  execution->impl_free = pool_free;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("lab-worker-%u", i);

      pool->workers[i].pool = pool;
      pool->workers[i].id = i;
      pool->threads[i] = g_thread_try_new (name, worker_main, &pool->workers[i], &error);

      if (pool->threads[i] == NULL)
        {
          pool_fail (pool, g_error_new (LAB_ERROR, LAB_ERROR_FAILED,
                                        "Could not start worker thread %u of %u: %s",
                                        i + 1, n, error->message));
          /* Those not started will not reach the barrier, nor release. */
          g_mutex_lock (&pool->mutex);
          pool->expected = i;
          if (pool->started == pool->expected)
            {
              pool->go = TRUE;
              g_cond_broadcast (&pool->cond);
            }
          g_mutex_unlock (&pool->mutex);
          g_atomic_int_add (&pool->remaining, -(gint) (n - i));
          break;
        }
    }

  pool_release (pool);
}

static void
lab_thread_executor_class_init (LabThreadExecutorClass *klass)
{
  LabExecutorClass *executor_class = LAB_EXECUTOR_CLASS (klass);

  executor_class->start = lab_thread_executor_start;
}

static void
lab_thread_executor_init (LabThreadExecutor *self)
{
}

LabExecutor *
lab_thread_executor_new (LabModel model)
{
  g_return_val_if_fail (model == LAB_MODEL_SEQUENTIAL || model == LAB_MODEL_THREADS, NULL);

  return g_object_new (LAB_TYPE_THREAD_EXECUTOR, "model", model, NULL);
}
