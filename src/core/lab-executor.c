/* lab-executor.c
 *
 * The base of every model: one GTask per run, a private cancellable that the
 * caller's cancellable and the run's deadline both trigger, and the step that
 * ends the run on the caller's main context once the subclass says its last
 * worker has stopped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-async-executor.h"
#include "lab-error.h"
#include "lab-executor-private.h"
#include "lab-process-executor.h"
#include "lab-thread-executor.h"

#define BATCH_MAX_AGE_US (20 * G_TIME_SPAN_MILLISECOND)

typedef struct
{
  LabModel model;
} LabExecutorPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (LabExecutor, lab_executor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
lab_executor_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LabExecutor *self = LAB_EXECUTOR (object);
  LabExecutorPrivate *priv = lab_executor_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_int (value, priv->model);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_executor_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LabExecutor *self = LAB_EXECUTOR (object);
  LabExecutorPrivate *priv = lab_executor_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_MODEL:
      priv->model = g_value_get_int (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_executor_class_init (LabExecutorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = lab_executor_get_property;
  object_class->set_property = lab_executor_set_property;

  properties[PROP_MODEL] =
    g_param_spec_int ("model", NULL, NULL,
                      LAB_MODEL_SEQUENTIAL, LAB_MODEL_ASYNC, LAB_MODEL_THREADS,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lab_executor_init (LabExecutor *self)
{
}

LabExecutor *
lab_executor_new_for_config (const LabConfig  *config,
                             GError          **error)
{
  g_return_val_if_fail (config != NULL, NULL);

  if (!lab_config_validate (config, error))
    return NULL;

  switch (config->model)
    {
    case LAB_MODEL_SEQUENTIAL:
    case LAB_MODEL_THREADS:
      return lab_thread_executor_new (config->model);

    case LAB_MODEL_PROCESSES:
      return lab_process_executor_new ();

    case LAB_MODEL_ASYNC:
      return lab_async_executor_new ();

    default:
      g_assert_not_reached ();
    }
}

LabModel
lab_executor_get_model (LabExecutor *self)
{
  LabExecutorPrivate *priv = lab_executor_get_instance_private (self);

  g_return_val_if_fail (LAB_IS_EXECUTOR (self), LAB_MODEL_SEQUENTIAL);
  return priv->model;
}

static void
lab_execution_free (LabExecution *execution)
{
  g_assert (execution->impl == NULL);
  g_clear_object (&execution->run);
  g_clear_object (&execution->workload);
  g_clear_object (&execution->cancellable);
  g_clear_object (&execution->caller_cancellable);
  g_clear_error (&execution->error);
  g_free (execution);
}

static void
on_caller_cancelled (GCancellable *cancellable,
                     gpointer      user_data)
{
  GCancellable *internal = user_data;

  g_cancellable_cancel (internal);
}

static gboolean
on_deadline (gpointer user_data)
{
  LabExecution *execution = user_data;

  g_atomic_int_set (&execution->deadline_hit, 1);
  g_cancellable_cancel (execution->cancellable);
  execution->deadline_source = NULL;

  return G_SOURCE_REMOVE;
}

void
lab_executor_run_async (LabExecutor         *self,
                        LabRun              *run,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  LabExecution *execution;
  const LabConfig *config;

  g_return_if_fail (LAB_IS_EXECUTOR (self));
  g_return_if_fail (LAB_IS_RUN (run));
  g_return_if_fail (lab_run_get_state (run) == LAB_RUN_STATE_READY);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lab_executor_run_async);
  g_task_set_check_cancellable (task, FALSE);

  config = lab_run_get_config (run);

  if (config->model != lab_executor_get_model (self))
    {
      g_task_return_new_error (task, LAB_ERROR, LAB_ERROR_INVALID_OPTION,
                               "This executor runs the %s model, not %s",
                               lab_model_to_string (lab_executor_get_model (self)),
                               lab_model_to_string (config->model));
      return;
    }

  execution = g_new0 (LabExecution, 1);
  execution->executor = self;
  execution->run = g_object_ref (run);
  execution->config = config;
  execution->cancellable = g_cancellable_new ();
  execution->workers = lab_config_get_effective_workers (config);
  execution->max_in_flight = lab_config_get_effective_max_in_flight (config);
  execution->task = task;
  g_task_set_task_data (task, execution, (GDestroyNotify) lab_execution_free);

  if (!lab_config_validate (config, &error) ||
      !(execution->workload = lab_workload_new_for_config (config, &error)))
    {
      lab_run_begin (run);
      lab_run_end (run, LAB_RUN_STATE_FAILED, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (cancellable != NULL)
    {
      execution->caller_cancellable = g_object_ref (cancellable);
      execution->cancelled_id = g_cancellable_connect (cancellable,
                                                       G_CALLBACK (on_caller_cancelled),
                                                       g_object_ref (execution->cancellable),
                                                       g_object_unref);
    }

  lab_workload_prepare_run (execution->workload, run);
  lab_run_begin (run);
  execution->origin = lab_run_get_origin (run);

  if (config->deadline > 0)
    {
      execution->deadline_source = g_timeout_source_new (0);
      g_source_set_ready_time (execution->deadline_source, execution->origin + config->deadline);
      g_source_set_priority (execution->deadline_source, G_PRIORITY_HIGH);
      g_source_set_callback (execution->deadline_source, on_deadline, execution, NULL);
      g_source_set_static_name (execution->deadline_source, "[lab] run deadline");
      g_source_attach (execution->deadline_source, g_task_get_context (task));
      g_source_unref (execution->deadline_source);
    }

  /* The task keeps itself alive until lab_execution_complete() returns it. */
  g_object_ref (task);
  LAB_EXECUTOR_GET_CLASS (self)->start (self, execution);
}

static gboolean
complete_in_context (gpointer user_data)
{
  LabExecution *execution = user_data;
  g_autoptr(GTask) task = execution->task;
  LabRunState state;

  /* Join threads, reap processes. */
  if (execution->impl_free != NULL && execution->impl != NULL)
    execution->impl_free (g_steal_pointer (&execution->impl));
  execution->impl = NULL;

  if (execution->deadline_source != NULL)
    {
      g_source_destroy (execution->deadline_source);
      execution->deadline_source = NULL;
    }
  if (execution->caller_cancellable != NULL)
    {
      g_cancellable_disconnect (execution->caller_cancellable, execution->cancelled_id);
      execution->cancelled_id = 0;
    }

  if (execution->error != NULL)
    state = LAB_RUN_STATE_FAILED;
  else if (g_atomic_int_get (&execution->deadline_hit))
    state = LAB_RUN_STATE_DEADLINE_EXCEEDED;
  else if (g_cancellable_is_cancelled (execution->cancellable))
    state = LAB_RUN_STATE_CANCELLED;
  else
    state = LAB_RUN_STATE_DONE;

  lab_run_end (execution->run, state, execution->error);

  if (execution->error != NULL)
    g_task_return_error (task, g_steal_pointer (&execution->error));
  else if (state == LAB_RUN_STATE_CANCELLED)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The run was cancelled");
  else
    g_task_return_boolean (task, TRUE);

  return G_SOURCE_REMOVE;
}

void
lab_execution_complete (LabExecution *execution,
                        GError       *error)
{
  GSource *source;

  g_return_if_fail (execution != NULL);

  if (!g_atomic_int_compare_and_exchange (&execution->completed, 0, 1))
    {
      g_critical ("An execution was completed twice");
      g_clear_error (&error);
      return;
    }

  execution->error = error;

  /* Always from a source of the task's context, never straight away: with
   * g_main_context_invoke(), an engine thread that could acquire a context
   * nobody was iterating yet would run complete_in_context() itself, and
   * free the engine (join itself, even) while start() still used it. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, complete_in_context, execution, NULL);
  g_source_set_static_name (source, "[lab] execution complete");
  g_source_attach (source, g_task_get_context (execution->task));
  g_source_unref (source);
}

gboolean
lab_executor_run_finish (LabExecutor   *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (LAB_IS_EXECUTOR (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lab_executor_run_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} SyncData;

static void
on_run_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SyncData *data = user_data;

  data->result = g_object_ref (result);
  g_main_loop_quit (data->loop);
}

gboolean
lab_executor_run (LabExecutor   *self,
                  LabRun        *run,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  SyncData data = { 0 };
  gboolean ret;

  data.loop = g_main_loop_new (context, FALSE);
  lab_executor_run_async (self, run, cancellable, on_run_done, &data);
  if (data.result == NULL)
    g_main_loop_run (data.loop);

  ret = lab_executor_run_finish (self, data.result, error);

  /* Let the run's last notifications go out before returning. */
  while (g_main_context_iteration (context, FALSE))
    ;

  g_object_unref (data.result);
  g_main_loop_unref (data.loop);

  return ret;
}

/* Record batches ------------------------------------------------------------ */

void
lab_record_batch_init (LabRecordBatch *batch,
                       LabRun         *run,
                       guint           budget)
{
  batch->run = run;
  batch->budget = MAX (1, budget);
  batch->records = g_new (LabTaskRecord, batch->budget);
  batch->len = 0;
  batch->first_at = 0;
}

void
lab_record_batch_clear (LabRecordBatch *batch)
{
  lab_record_batch_flush (batch);
  g_clear_pointer (&batch->records, g_free);
}

void
lab_record_batch_flush (LabRecordBatch *batch)
{
  if (batch->len == 0)
    return;
  lab_run_add_records (batch->run, batch->records, batch->len);
  batch->len = 0;
}

gboolean
lab_record_batch_add (LabRecordBatch      *batch,
                      const LabTaskRecord *record,
                      gint64               now)
{
  if (batch->len == 0)
    batch->first_at = now;
  batch->records[batch->len++] = *record;

  if (batch->len >= batch->budget || now - batch->first_at >= BATCH_MAX_AGE_US)
    {
      lab_record_batch_flush (batch);
      return TRUE;
    }
  return FALSE;
}
