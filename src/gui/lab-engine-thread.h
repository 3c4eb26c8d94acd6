/* lab-engine-thread.h: runs an executor away from the window's main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-executor.h"

G_BEGIN_DECLS

/* How much lower than the window the engine is scheduled (a nice increment). */
#define LAB_ENGINE_NICE 5

/* Like lab_executor_run_async(), but the executor is driven from a thread of
 * its own that runs at a lower scheduling priority (LAB_ENGINE_NICE): the
 * threads and processes it starts inherit it, so when a run keeps every core
 * busy the window's main loop still gets the CPU when it needs it. Pool
 * start-up and shut-down (joining threads, reaping processes) happen there
 * too. @run must have been made on the caller's main context, which receives
 * its progress; @callback runs there as well. */
void     lab_engine_thread_run_async  (LabExecutor          *executor,
                                       LabRun               *run,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
/* Same return as lab_executor_run_finish(). */
gboolean lab_engine_thread_run_finish (LabExecutor          *executor,
                                       GAsyncResult         *result,
                                       GError              **error);

G_END_DECLS
