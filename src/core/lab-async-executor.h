/* lab-async-executor.h: the async model, one event loop on its own thread with N tasks in flight
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-executor.h"

G_BEGIN_DECLS

#define LAB_TYPE_ASYNC_EXECUTOR (lab_async_executor_get_type ())

G_DECLARE_FINAL_TYPE (LabAsyncExecutor, lab_async_executor, LAB, ASYNC_EXECUTOR, LabExecutor)

LabExecutor *lab_async_executor_new (void);

G_END_DECLS
