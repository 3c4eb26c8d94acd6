/* lab-run-view.h: the Run page: progress, live charts, summary, tasks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lab-run.h"
#include "lab-summary-view.h"
#include "lab-task-list.h"

G_BEGIN_DECLS

#define LAB_TYPE_RUN_VIEW (lab_run_view_get_type ())

G_DECLARE_FINAL_TYPE (LabRunView, lab_run_view, LAB, RUN_VIEW, GtkWidget)

/* Shows @run (live or finished); before the first run, an empty state. */
void            lab_run_view_set_run          (LabRunView *self,
                                               LabRun     *run);
LabRun         *lab_run_view_get_run          (LabRunView *self);
LabSummaryView *lab_run_view_get_summary_view (LabRunView *self);
LabTaskList    *lab_run_view_get_task_list    (LabRunView *self);
/* "empty" before the first run, else "run" */
const char     *lab_run_view_get_page         (LabRunView *self);
const char     *lab_run_view_get_progress_text (LabRunView *self);

G_END_DECLS
