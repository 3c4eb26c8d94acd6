/* lab-executor.h: runs a workload's tasks under one concurrency model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lab-config.h"
#include "lab-run.h"

G_BEGIN_DECLS

#define LAB_TYPE_EXECUTOR (lab_executor_get_type ())

G_DECLARE_DERIVABLE_TYPE (LabExecutor, lab_executor, LAB, EXECUTOR, GObject)

typedef struct _LabExecution LabExecution;

struct _LabExecutorClass
{
  GObjectClass parent_class;

  /* Starts the workers and the tasks of @execution (see
   * lab-executor-private.h); must end, from any thread, with
   * lab_execution_complete(). */
  void (*start) (LabExecutor  *self,
                 LabExecution *execution);
};

LabExecutor *lab_executor_new_for_config (const LabConfig      *config,
                                          GError              **error);
LabModel     lab_executor_get_model      (LabExecutor          *self);
void         lab_executor_run_async      (LabExecutor          *self,
                                          LabRun               *run,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
/* TRUE when the run ended by itself (state done or deadline-exceeded);
 * FALSE with G_IO_ERROR_CANCELLED when it was cancelled, or with a LAB_ERROR
 * when it failed. The run keeps its (partial) records in every case. */
gboolean     lab_executor_run_finish     (LabExecutor          *self,
                                          GAsyncResult         *result,
                                          GError              **error);

/* Runs @run to its end on a private main context: for tests, benchmarks and
 * the command line. Same return as lab_executor_run_finish(). */
gboolean     lab_executor_run            (LabExecutor          *self,
                                          LabRun               *run,
                                          GCancellable         *cancellable,
                                          GError              **error);

G_END_DECLS
