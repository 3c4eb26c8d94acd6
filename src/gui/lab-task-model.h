/* lab-task-model.h: the task records of a finished run as a lazy list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lab-run.h"

G_BEGIN_DECLS

#define LAB_TYPE_TASK_ITEM (lab_task_item_get_type ())

G_DECLARE_FINAL_TYPE (LabTaskItem, lab_task_item, LAB, TASK_ITEM, GObject)

const LabTaskRecord *lab_task_item_get_record (LabTaskItem *self);
const LabConfig     *lab_task_item_get_config (LabTaskItem *self);

#define LAB_TYPE_TASK_MODEL (lab_task_model_get_type ())

G_DECLARE_FINAL_TYPE (LabTaskModel, lab_task_model, LAB, TASK_MODEL, GObject)

/* Tasks in index order. Items are made only when a row asks for one, so a
 * run of a million tasks costs an index array, not a million objects. */
LabTaskModel *lab_task_model_new               (LabRun       *run);
void          lab_task_model_set_problems_only (LabTaskModel *self,
                                                gboolean      problems_only);
gboolean      lab_task_model_get_problems_only (LabTaskModel *self);
guint         lab_task_model_get_n_problems    (LabTaskModel *self);

G_END_DECLS
