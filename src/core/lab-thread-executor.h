/* lab-thread-executor.h: the sequential and threads models, on a pool of exactly N threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-executor.h"

G_BEGIN_DECLS

#define LAB_TYPE_THREAD_EXECUTOR (lab_thread_executor_get_type ())

G_DECLARE_FINAL_TYPE (LabThreadExecutor, lab_thread_executor, LAB, THREAD_EXECUTOR, LabExecutor)

LabExecutor *lab_thread_executor_new (LabModel model);

G_END_DECLS
