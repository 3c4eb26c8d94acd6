/* lab-process-executor.h: the processes model, N long-lived worker processes fed over pipes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-executor.h"

G_BEGIN_DECLS

#define LAB_TYPE_PROCESS_EXECUTOR (lab_process_executor_get_type ())

G_DECLARE_FINAL_TYPE (LabProcessExecutor, lab_process_executor, LAB, PROCESS_EXECUTOR, LabExecutor)

LabExecutor *lab_process_executor_new (void);

G_END_DECLS
