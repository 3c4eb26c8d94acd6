/* lab-primes-workload.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lab-primes.h"
#include "lab-primes-workload.h"

/* Divisions between two check points: a few microseconds of work, so that a
 * timeout, a cancel or a GIL hand-over is noticed quickly. */
#define CHECK_EVERY 1024
/* How long one cooperative slice may run in the async model before yielding. */
#define ASYNC_SLICE_US 50

struct _LabPrimesWorkload
{
  LabWorkload parent_instance;
  guint64     start;
};

G_DEFINE_FINAL_TYPE (LabPrimesWorkload, lab_primes_workload, LAB_TYPE_WORKLOAD)

static void
lab_primes_workload_run_sync (LabWorkload    *workload,
                              LabTaskContext *ctx,
                              LabTaskRecord  *record)
{
  LabPrimesWorkload *self = (LabPrimesWorkload *) workload;
  LabPrimeTest test;

  lab_prime_test_init (&test, self->start + record->index);

  while (!lab_prime_test_step (&test, CHECK_EVERY))
    {
      LabTaskStatus status;

      if (!lab_task_context_check (ctx, &status))
        {
          record->status = status;
          return;
        }
    }

  record->status = LAB_TASK_OK;
  record->is_prime = test.result == 1;
}

typedef struct
{
  LabTaskContext  *ctx;
  LabTaskRecord   *record;
  LabTaskDoneFunc  done;
  gpointer         user_data;
  LabPrimeTest     test;
} AsyncTask;

static gboolean
async_slice (gpointer data)
{
  AsyncTask *task = data;
  gint64 slice_end = g_get_monotonic_time () + ASYNC_SLICE_US;
  LabTaskStatus status;

  do
    {
      if (lab_prime_test_step (&task->test, CHECK_EVERY))
        {
          task->record->status = LAB_TASK_OK;
          task->record->is_prime = task->test.result == 1;
          task->done (task->record, task->user_data);
          return G_SOURCE_REMOVE;
        }

      if (!lab_task_context_check (task->ctx, &status))
        {
          task->record->status = status;
          task->done (task->record, task->user_data);
          return G_SOURCE_REMOVE;
        }
    }
  while (g_get_monotonic_time () < slice_end);

  return G_SOURCE_CONTINUE;
}

static void
lab_primes_workload_run_async (LabWorkload     *workload,
                               LabTaskContext  *ctx,
                               LabTaskRecord   *record,
                               LabTaskDoneFunc  done,
                               gpointer         user_data)
{
  LabPrimesWorkload *self = (LabPrimesWorkload *) workload;
  AsyncTask *task = g_new0 (AsyncTask, 1);
  GSource *source;

  task->ctx = ctx;
  task->record = record;
  task->done = done;
  task->user_data = user_data;
  lab_prime_test_init (&task->test, self->start + record->index);

  /* Small numbers are decided at once: no need for a source. */
  if (lab_prime_test_step (&task->test, CHECK_EVERY))
    {
      record->status = LAB_TASK_OK;
      record->is_prime = task->test.result == 1;
      g_free (task);
      done (record, user_data);
      return;
    }

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (source, async_slice, task, g_free);
  g_source_set_static_name (source, "[lab] primes slice");
  g_source_attach (source, g_main_context_get_thread_default ());
  g_source_unref (source);
}

static void
lab_primes_workload_class_init (LabPrimesWorkloadClass *klass)
{
  LabWorkloadClass *workload_class = LAB_WORKLOAD_CLASS (klass);

  workload_class->run_sync = lab_primes_workload_run_sync;
  workload_class->run_async = lab_primes_workload_run_async;
}

static void
lab_primes_workload_init (LabPrimesWorkload *self)
{
}

LabWorkload *
lab_primes_workload_new (guint64 start)
{
  LabPrimesWorkload *self = g_object_new (LAB_TYPE_PRIMES_WORKLOAD, NULL);

  self->start = start;
  return LAB_WORKLOAD (self);
}

guint64
lab_primes_workload_get_start (LabPrimesWorkload *self)
{
  g_return_val_if_fail (LAB_IS_PRIMES_WORKLOAD (self), 0);
  return self->start;
}
