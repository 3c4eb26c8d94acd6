/* lab-task-list.h: the task records of a run in a table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lab-run.h"

G_BEGIN_DECLS

#define LAB_TYPE_TASK_LIST (lab_task_list_get_type ())

G_DECLARE_FINAL_TYPE (LabTaskList, lab_task_list, LAB, TASK_LIST, GtkWidget)

/* Shows the tasks of @run once it has finished (NULL or a running run: a
 * placeholder). */
void        lab_task_list_set_run   (LabTaskList *self,
                                     LabRun      *run);
GListModel *lab_task_list_get_model (LabTaskList *self);
void        lab_task_list_set_problems_only (LabTaskList *self,
                                             gboolean     problems_only);

G_END_DECLS
