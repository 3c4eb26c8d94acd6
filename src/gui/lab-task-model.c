/* lab-task-model.c
 *
 * The run keeps its records in the order they arrived. The model keeps one
 * array of positions in task-index order (and one of only the failed and
 * timed-out tasks) and makes a LabTaskItem for a position when the list
 * view binds a row to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lab-task-model.h"

struct _LabTaskItem
{
  GObject        parent_instance;
  LabRun        *run;
  LabTaskRecord  record;
};

G_DEFINE_FINAL_TYPE (LabTaskItem, lab_task_item, G_TYPE_OBJECT)

static void
lab_task_item_finalize (GObject *object)
{
  LabTaskItem *self = (LabTaskItem *) object;

  g_clear_object (&self->run);

  G_OBJECT_CLASS (lab_task_item_parent_class)->finalize (object);
}

static void
lab_task_item_class_init (LabTaskItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lab_task_item_finalize;
}

static void
lab_task_item_init (LabTaskItem *self)
{
}

const LabTaskRecord *
lab_task_item_get_record (LabTaskItem *self)
{
  g_return_val_if_fail (LAB_IS_TASK_ITEM (self), NULL);
  return &self->record;
}

const LabConfig *
lab_task_item_get_config (LabTaskItem *self)
{
  g_return_val_if_fail (LAB_IS_TASK_ITEM (self), NULL);
  return lab_run_get_config (self->run);
}

struct _LabTaskModel
{
  GObject   parent_instance;
  LabRun   *run;
  guint32  *by_index;      /* record positions in task-index order */
  guint     n_tasks;
  guint32  *problems;      /* positions of failed and timed-out tasks */
  guint     n_problems;
  gboolean  problems_only;
};

static GType
lab_task_model_get_item_type (GListModel *model)
{
  return LAB_TYPE_TASK_ITEM;
}

static guint
lab_task_model_get_n_items (GListModel *model)
{
  LabTaskModel *self = LAB_TASK_MODEL (model);
  return self->problems_only ? self->n_problems : self->n_tasks;
}

static gpointer
lab_task_model_get_item (GListModel *model,
                         guint       position)
{
  LabTaskModel *self = LAB_TASK_MODEL (model);
  const LabTaskRecord *records;
  LabTaskItem *item;
  gsize n_records;
  guint32 at;

  if (position >= lab_task_model_get_n_items (model))
    return NULL;

  at = self->problems_only ? self->problems[position] : self->by_index[position];

  item = g_object_new (LAB_TYPE_TASK_ITEM, NULL);
  item->run = g_object_ref (self->run);

  lab_run_lock (self->run);
  records = lab_run_peek_records (self->run, &n_records);
  g_assert (at < n_records);
  item->record = records[at];
  lab_run_unlock (self->run);

  return item;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = lab_task_model_get_item_type;
  iface->get_n_items = lab_task_model_get_n_items;
  iface->get_item = lab_task_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (LabTaskModel, lab_task_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
lab_task_model_finalize (GObject *object)
{
  LabTaskModel *self = (LabTaskModel *) object;

  g_clear_object (&self->run);
  g_clear_pointer (&self->by_index, g_free);
  g_clear_pointer (&self->problems, g_free);

  G_OBJECT_CLASS (lab_task_model_parent_class)->finalize (object);
}

static void
lab_task_model_class_init (LabTaskModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lab_task_model_finalize;
}

static void
lab_task_model_init (LabTaskModel *self)
{
}

LabTaskModel *
lab_task_model_new (LabRun *run)
{
  LabTaskModel *self;
  const LabTaskRecord *records;
  gsize n_records;
  guint64 count;
  guint n = 0;

  g_return_val_if_fail (LAB_IS_RUN (run), NULL);

  self = g_object_new (LAB_TYPE_TASK_MODEL, NULL);
  self->run = g_object_ref (run);
  count = MIN (lab_run_get_config (run)->count, G_MAXUINT32 - 1);

  self->by_index = g_new (guint32, MAX (1, count));
  memset (self->by_index, 0xff, sizeof (guint32) * count);

  lab_run_lock (run);
  records = lab_run_peek_records (run, &n_records);
  for (gsize i = 0; i < n_records; i++)
    {
      if (records[i].index < count)
        self->by_index[records[i].index] = (guint32) i;
      if (records[i].status == LAB_TASK_FAILED || records[i].status == LAB_TASK_TIMED_OUT)
        self->n_problems++;
    }

  /* tasks without a record (only while a run goes on) are left out */
  for (guint64 index = 0; index < count; index++)
    if (self->by_index[index] != G_MAXUINT32)
      self->by_index[n++] = self->by_index[index];
  self->n_tasks = n;

  self->problems = g_new (guint32, MAX (1, self->n_problems));
  self->n_problems = 0;
  for (guint i = 0; i < self->n_tasks; i++)
    {
      LabTaskStatus status = records[self->by_index[i]].status;

      if (status == LAB_TASK_FAILED || status == LAB_TASK_TIMED_OUT)
        self->problems[self->n_problems++] = self->by_index[i];
    }
  lab_run_unlock (run);

  return self;
}

void
lab_task_model_set_problems_only (LabTaskModel *self,
                                  gboolean      problems_only)
{
  guint before;

  g_return_if_fail (LAB_IS_TASK_MODEL (self));

  problems_only = !!problems_only;
  if (self->problems_only == problems_only)
    return;

  before = lab_task_model_get_n_items (G_LIST_MODEL (self));
  self->problems_only = problems_only;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, before, lab_task_model_get_n_items (G_LIST_MODEL (self)));
}

gboolean
lab_task_model_get_problems_only (LabTaskModel *self)
{
  g_return_val_if_fail (LAB_IS_TASK_MODEL (self), FALSE);
  return self->problems_only;
}

guint
lab_task_model_get_n_problems (LabTaskModel *self)
{
  g_return_val_if_fail (LAB_IS_TASK_MODEL (self), 0);
  return self->n_problems;
}
