/* lab-workload.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-error.h"
#include "lab-primes-workload.h"
#include "lab-url-workload.h"
#include "lab-workload.h"

typedef struct
{
  LabConfig *config;
} LabWorkloadPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (LabWorkload, lab_workload, G_TYPE_OBJECT)

static void
lab_workload_finalize (GObject *object)
{
  LabWorkloadPrivate *priv = lab_workload_get_instance_private (LAB_WORKLOAD (object));

  g_clear_pointer (&priv->config, lab_config_free);

  G_OBJECT_CLASS (lab_workload_parent_class)->finalize (object);
}

static gpointer
lab_workload_real_worker_data_new (LabWorkload  *self,
                                   guint         worker,
                                   GError      **error)
{
  return NULL;
}

static void
lab_workload_real_worker_data_free (LabWorkload *self,
                                    gpointer     worker_data)
{
}

static void
lab_workload_class_init (LabWorkloadClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lab_workload_finalize;

  klass->worker_data_new = lab_workload_real_worker_data_new;
  klass->worker_data_free = lab_workload_real_worker_data_free;
}

static void
lab_workload_init (LabWorkload *self)
{
}

LabWorkload *
lab_workload_new_for_config (const LabConfig  *config,
                             GError          **error)
{
  LabWorkload *self = NULL;

  g_return_val_if_fail (config != NULL, NULL);

  switch (config->workload)
    {
    case LAB_WORKLOAD_PRIMES:
      self = lab_primes_workload_new (config->start);
      break;

    case LAB_WORKLOAD_URL:
      /* Sets its own config: with the URL of an embedded lab server when
       * the config names none. */
      return lab_url_workload_new (config, error);

    default:
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID_OPTION,
                   "--workload: “%s” is not available in this build",
                   lab_workload_kind_to_string (config->workload));
      return NULL;
    }

  lab_workload_set_config (self, config);
  return self;
}

/* The configuration the workload was made for; a workload may complete it
 * (the url workload puts the embedded lab server's URL in). This is what a
 * worker process receives. */
const LabConfig *
lab_workload_get_config (LabWorkload *self)
{
  LabWorkloadPrivate *priv = lab_workload_get_instance_private (self);

  g_return_val_if_fail (LAB_IS_WORKLOAD (self), NULL);
  return priv->config;
}

void
lab_workload_set_config (LabWorkload     *self,
                         const LabConfig *config)
{
  LabWorkloadPrivate *priv = lab_workload_get_instance_private (self);

  g_return_if_fail (LAB_IS_WORKLOAD (self));

  if (priv->config != config)
    {
      g_clear_pointer (&priv->config, lab_config_free);
      priv->config = lab_config_copy (config);
    }
}

gpointer
lab_workload_worker_data_new (LabWorkload  *self,
                              guint         worker,
                              GError      **error)
{
  g_return_val_if_fail (LAB_IS_WORKLOAD (self), NULL);
  return LAB_WORKLOAD_GET_CLASS (self)->worker_data_new (self, worker, error);
}

void
lab_workload_worker_data_free (LabWorkload *self,
                               gpointer     worker_data)
{
  g_return_if_fail (LAB_IS_WORKLOAD (self));
  LAB_WORKLOAD_GET_CLASS (self)->worker_data_free (self, worker_data);
}

void
lab_workload_run_sync (LabWorkload    *self,
                       LabTaskContext *ctx,
                       LabTaskRecord  *record)
{
  LAB_WORKLOAD_GET_CLASS (self)->run_sync (self, ctx, record);
}

void
lab_workload_run_async (LabWorkload     *self,
                        LabTaskContext  *ctx,
                        LabTaskRecord   *record,
                        LabTaskDoneFunc  done,
                        gpointer         user_data)
{
  LAB_WORKLOAD_GET_CLASS (self)->run_async (self, ctx, record, done, user_data);
}

void
lab_workload_prepare_run (LabWorkload *self,
                          LabRun      *run)
{
  g_return_if_fail (LAB_IS_WORKLOAD (self));
  g_return_if_fail (LAB_IS_RUN (run));

  if (LAB_WORKLOAD_GET_CLASS (self)->prepare_run != NULL)
    LAB_WORKLOAD_GET_CLASS (self)->prepare_run (self, run);
}

gboolean
lab_task_context_check (LabTaskContext *ctx,
                        LabTaskStatus  *status)
{
  if (ctx->gil != NULL)
    ctx->gil_wait += lab_gil_yield_if_asked (ctx->gil);

  if (ctx->cancellable != NULL && g_cancellable_is_cancelled (ctx->cancellable))
    {
      *status = LAB_TASK_CANCELLED;
      return FALSE;
    }

  if (ctx->deadline != G_MAXINT64 && g_get_monotonic_time () >= ctx->deadline)
    {
      *status = LAB_TASK_TIMED_OUT;
      return FALSE;
    }

  return TRUE;
}

void
lab_task_context_begin_blocking (LabTaskContext *ctx)
{
  if (ctx->gil != NULL)
    lab_gil_drop (ctx->gil);
}

void
lab_task_context_end_blocking (LabTaskContext *ctx)
{
  if (ctx->gil != NULL)
    ctx->gil_wait += lab_gil_take (ctx->gil);
}
