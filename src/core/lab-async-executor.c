/* lab-async-executor.c
 *
 * `async`: one GMainLoop on a thread of its own, with up to N tasks in flight
 * on it. Each in-flight task has a slot (its "worker" id in the records). The
 * workload's non-blocking form runs the task: libsoup's async API for url,
 * cooperative slices for primes — concurrency without parallelism. A timer
 * measures how late the loop is to dispatch it (the loop lag).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lab-async-executor.h"
#include "lab-error.h"
#include "lab-executor-private.h"

#define LAG_PROBE_INTERVAL_US (10 * G_TIME_SPAN_MILLISECOND)

struct _LabAsyncExecutor
{
  LabExecutor parent_instance;
};

G_DEFINE_FINAL_TYPE (LabAsyncExecutor, lab_async_executor, LAB_TYPE_EXECUTOR)

typedef struct _Loop Loop;

typedef struct
{
  Loop           *loop;
  guint           id;
  gint64          start;
  LabTaskContext  ctx;
  LabTaskRecord   record;
} Slot;

struct _Loop
{
  LabExecution  *execution;
  GThread       *thread;
  GMainContext  *context;
  GMainLoop     *main_loop;
  gpointer       worker_data;
  Slot          *slots;
  guint         *free_slots;   /* stack of free slot ids */
  guint          n_free;
  guint          running;
  guint64        next;
  guint64        count;
  gboolean       refilling;
  gboolean       finished;
  LabRecordBatch batch;
  GSource       *lag_probe;
  gint64         lag_expected;
  GError        *error;
};

static void refill (Loop *loop);

static void
loop_free (gpointer data)
{
  Loop *loop = data;

  if (loop->thread != NULL)
    g_thread_join (loop->thread);

  g_clear_pointer (&loop->main_loop, g_main_loop_unref);
  g_clear_pointer (&loop->context, g_main_context_unref);
  g_clear_error (&loop->error);
  g_free (loop->slots);
  g_free (loop->free_slots);
  g_free (loop);
}

static void
maybe_finish (Loop *loop)
{
  if (loop->finished || loop->running > 0)
    return;
  if (loop->next < loop->count && !lab_execution_is_stopping (loop->execution))
    return;

  loop->finished = TRUE;
  g_main_loop_quit (loop->main_loop);
}

static void
on_task_done (LabTaskRecord *record,
              gpointer       user_data)
{
  Slot *slot = user_data;
  Loop *loop = slot->loop;
  gint64 now = g_get_monotonic_time ();

  g_assert (record == &slot->record);

  record->start_us = slot->start - loop->execution->origin;
  record->end_us = now - loop->execution->origin;
  lab_record_batch_add (&loop->batch, record, now);

  loop->free_slots[loop->n_free++] = slot->id;
  loop->running--;

  if (!loop->refilling)
    refill (loop);
}

/* Starts tasks while a slot is free and in-flight stays within its bound:
 * running tasks plus records not yet handed to the run. A task that ends at
 * once (a small number) is counted by on_task_done() inside the loop, so this
 * never recurses. */
static void
refill (Loop *loop)
{
  LabExecution *execution = loop->execution;

  loop->refilling = TRUE;

  while (loop->n_free > 0 &&
         loop->next < loop->count &&
         !lab_execution_is_stopping (execution))
    {
      Slot *slot;

      if (loop->running + loop->batch.len >= execution->max_in_flight)
        {
          lab_record_batch_flush (&loop->batch);
          if (loop->running >= execution->max_in_flight)
            break;
        }

      slot = &loop->slots[loop->free_slots[--loop->n_free]];
      memset (&slot->record, 0, sizeof slot->record);
      slot->record.index = loop->next++;
      slot->record.worker = slot->id;
      slot->start = g_get_monotonic_time ();
      slot->ctx.deadline = lab_execution_task_deadline (execution, slot->start);
      slot->ctx.gil_wait = 0;
      loop->running++;

      lab_workload_run_async (execution->workload, &slot->ctx, &slot->record,
                              on_task_done, slot);
    }

  loop->refilling = FALSE;
  maybe_finish (loop);
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  Loop *loop = user_data;

  /* Tasks notice the cancellable themselves; this only makes sure the loop
   * wakes up to finish when nothing is running. */
  g_main_context_wakeup (loop->context);
}

static gboolean
on_check_stop (gpointer user_data)
{
  Loop *loop = user_data;

  maybe_finish (loop);
  return loop->finished ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

/* A source that is ready at its ready time, and nothing else: a
 * GTimeoutSource would re-arm itself after dispatch. */
static gboolean
probe_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs probe_funcs = { NULL, NULL, probe_dispatch, NULL, NULL, NULL };

static gboolean
on_lag_probe (gpointer user_data)
{
  Loop *loop = user_data;
  gint64 now = g_get_monotonic_time ();

  lab_run_add_loop_lag (loop->execution->run,
                        now - loop->execution->origin,
                        MAX (0, now - loop->lag_expected));

  loop->lag_expected = now + LAG_PROBE_INTERVAL_US;
  g_source_set_ready_time (loop->lag_probe, loop->lag_expected);

  return G_SOURCE_CONTINUE;
}

static gboolean
on_loop_started (gpointer user_data)
{
  Loop *loop = user_data;

  lab_run_mark_ready (loop->execution->run);
  refill (loop);

  return G_SOURCE_REMOVE;
}

static gpointer
loop_thread (gpointer data)
{
  Loop *loop = data;
  LabExecution *execution = loop->execution;
  GSource *source;
  gulong cancelled_id;

  g_main_context_push_thread_default (loop->context);

  loop->worker_data = lab_workload_worker_data_new (execution->workload, 0, &loop->error);

  if (loop->error == NULL)
    {
      for (guint i = 0; i < execution->workers; i++)
        {
          Slot *slot = &loop->slots[i];

          slot->loop = loop;
          slot->id = i;
          slot->ctx.worker = i;
          slot->ctx.cancellable = execution->cancellable;
          slot->ctx.worker_data = loop->worker_data;
          loop->free_slots[loop->n_free++] = execution->workers - 1 - i;
        }

      lab_record_batch_init (&loop->batch, execution->run,
                             MIN (256, MAX (1, execution->max_in_flight - execution->workers)));

      cancelled_id = g_cancellable_connect (execution->cancellable,
                                            G_CALLBACK (on_cancelled), loop, NULL);

      /* A cheap periodic check, so that a cancel is acted on even when every
       * running task is waiting on something else. */
      source = g_timeout_source_new (10);
      g_source_set_callback (source, on_check_stop, loop, NULL);
      g_source_set_static_name (source, "[lab] async stop check");
      g_source_attach (source, loop->context);
      g_source_unref (source);

      loop->lag_expected = g_get_monotonic_time () + LAG_PROBE_INTERVAL_US;
      loop->lag_probe = g_source_new (&probe_funcs, sizeof (GSource));
      g_source_set_ready_time (loop->lag_probe, loop->lag_expected);
      g_source_set_priority (loop->lag_probe, G_PRIORITY_DEFAULT);
      g_source_set_callback (loop->lag_probe, on_lag_probe, loop, NULL);
      g_source_set_static_name (loop->lag_probe, "[lab] loop lag probe");
      g_source_attach (loop->lag_probe, loop->context);

      source = g_idle_source_new ();
      g_source_set_priority (source, G_PRIORITY_HIGH);
      g_source_set_callback (source, on_loop_started, loop, NULL);
      g_source_attach (source, loop->context);
      g_source_unref (source);

      g_main_loop_run (loop->main_loop);

      g_cancellable_disconnect (execution->cancellable, cancelled_id);
      g_source_destroy (loop->lag_probe);
      g_clear_pointer (&loop->lag_probe, g_source_unref);
      lab_record_batch_clear (&loop->batch);

      /* Let every source of this context go before it is dropped. */
      while (g_main_context_iteration (loop->context, FALSE))
        ;
    }

  if (loop->worker_data != NULL)
    lab_workload_worker_data_free (execution->workload, loop->worker_data);

  g_main_context_pop_thread_default (loop->context);

  lab_execution_complete (execution, g_steal_pointer (&loop->error));

  return NULL;
}

static void
lab_async_executor_start (LabExecutor  *executor,
                          LabExecution *execution)
{
  g_autoptr(GError) error = NULL;
  Loop *loop = g_new0 (Loop, 1);

  loop->execution = execution;
  loop->count = execution->config->count;
  loop->context = g_main_context_new ();
  loop->main_loop = g_main_loop_new (loop->context, FALSE);
  loop->slots = g_new0 (Slot, execution->workers);
  loop->free_slots = g_new0 (guint, execution->workers);

  execution->impl = loop;
  execution->impl_free = loop_free;

  loop->thread = g_thread_try_new ("lab-async-loop", loop_thread, loop, &error);
  if (loop->thread == NULL)
    lab_execution_complete (execution,
                            g_error_new (LAB_ERROR, LAB_ERROR_FAILED,
                                         "Could not start the event loop thread: %s",
                                         error->message));
}

static void
lab_async_executor_class_init (LabAsyncExecutorClass *klass)
{
  LabExecutorClass *executor_class = LAB_EXECUTOR_CLASS (klass);

  executor_class->start = lab_async_executor_start;
}

static void
lab_async_executor_init (LabAsyncExecutor *self)
{
}

LabExecutor *
lab_async_executor_new (void)
{
  return g_object_new (LAB_TYPE_ASYNC_EXECUTOR, "model", LAB_MODEL_ASYNC, NULL);
}
