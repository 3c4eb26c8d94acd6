/* lab-workload.h: what one task does, in a blocking and a non-blocking form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lab-config.h"
#include "lab-gil.h"
#include "lab-record.h"
#include "lab-run.h"

G_BEGIN_DECLS

/* The per-task environment an executor gives a workload. */
typedef struct
{
  guint         worker;        /* the worker running the task */
  gint64        deadline;      /* absolute monotonic µs when the task times out, G_MAXINT64 = never */
  GCancellable *cancellable;   /* cancelled when the run is cancelled; may be NULL */
  LabGil       *gil;           /* held while the task computes; NULL unless simulated */
  gpointer      worker_data;   /* from lab_workload_worker_data_new(), per worker */
  gint64        gil_wait;      /* µs spent waiting for the GIL during this task */
} LabTaskContext;

/* Called by CPU-bound code at regular check points (every few µs of work):
 * hands the GIL over when asked, and returns FALSE with *status set to
 * LAB_TASK_TIMED_OUT or LAB_TASK_CANCELLED when the task must stop. */
gboolean lab_task_context_check          (LabTaskContext *ctx,
                                          LabTaskStatus  *status);
/* Around blocking I/O: releases the simulated GIL and takes it back. */
void     lab_task_context_begin_blocking (LabTaskContext *ctx);
void     lab_task_context_end_blocking   (LabTaskContext *ctx);

typedef void (*LabTaskDoneFunc) (LabTaskRecord *record,
                                 gpointer       user_data);

#define LAB_TYPE_WORKLOAD (lab_workload_get_type ())

G_DECLARE_DERIVABLE_TYPE (LabWorkload, lab_workload, LAB, WORKLOAD, GObject)

struct _LabWorkloadClass
{
  GObjectClass parent_class;

  gpointer (*worker_data_new)  (LabWorkload    *self,
                                guint           worker,
                                GError        **error);
  void     (*worker_data_free) (LabWorkload    *self,
                                gpointer        worker_data);
  /* Runs task record->index to completion on the calling thread. Fills in
   * status, result fields and message_id; the executor sets times and worker. */
  void     (*run_sync)         (LabWorkload    *self,
                                LabTaskContext *ctx,
                                LabTaskRecord  *record);
  /* Starts task record->index on the thread-default main context without
   * blocking it; calls done (on that context) once record is filled in.
   * ctx and record must stay valid until then. */
  void     (*run_async)        (LabWorkload    *self,
                                LabTaskContext *ctx,
                                LabTaskRecord  *record,
                                LabTaskDoneFunc done,
                                gpointer        user_data);
  /* Optional: called before @run begins. A workload with helpers of its own
   * in this process (the url workload's lab server) leaves their CPU time
   * out of the run's, which is the engine's. */
  void     (*prepare_run)      (LabWorkload    *self,
                                LabRun         *run);
};

LabWorkload *lab_workload_new_for_config   (const LabConfig  *config,
                                            GError          **error);
const LabConfig *lab_workload_get_config (LabWorkload      *self);
void         lab_workload_set_config       (LabWorkload      *self,
                                            const LabConfig  *config);
gpointer     lab_workload_worker_data_new  (LabWorkload      *self,
                                            guint             worker,
                                            GError          **error);
void         lab_workload_worker_data_free (LabWorkload      *self,
                                            gpointer          worker_data);
void         lab_workload_run_sync         (LabWorkload      *self,
                                            LabTaskContext   *ctx,
                                            LabTaskRecord    *record);
void         lab_workload_run_async        (LabWorkload      *self,
                                            LabTaskContext   *ctx,
                                            LabTaskRecord    *record,
                                            LabTaskDoneFunc   done,
                                            gpointer          user_data);
void         lab_workload_prepare_run      (LabWorkload      *self,
                                            LabRun           *run);

G_END_DECLS
