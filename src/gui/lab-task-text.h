/* lab-task-text.h: a task record in words, for the task list, tooltips and
 * screen readers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-config.h"
#include "lab-record.h"

G_BEGIN_DECLS

const char *lab_task_status_get_title (LabTaskStatus        status);
/* What the task worked on: the number tested, or the URL fetched. */
char       *lab_task_dup_input        (const LabTaskRecord *record,
                                       const LabConfig     *config);
/* "prime", "not prime", "200 · 1.0 kB", ... */
char       *lab_task_dup_result       (const LabTaskRecord *record,
                                       const LabConfig     *config);
/* Why a task did not end ok: the engine's message, or what its status
 * means; NULL for an ok task. */
char       *lab_task_dup_reason       (const LabTaskRecord *record,
                                       const LabConfig     *config);
char       *lab_task_dup_description  (const LabTaskRecord *record,
                                       const LabConfig     *config);
char       *lab_format_ms             (gint64               us);

G_END_DECLS
