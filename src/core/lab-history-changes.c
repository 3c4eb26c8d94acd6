/* lab-history-changes.c
 *
 * What changes the history: adding a run, comparison or sweep (its file is
 * written on a thread, then it enters the list and the index), renaming,
 * deleting; and reading an entry's file back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-history-private.h"

/* Adding */

typedef struct
{
  GObject         *document;
  GFile           *file;
  LabHistoryEntry *entry;
} Add;

static void
add_free (Add *add)
{
  g_clear_object (&add->document);
  g_clear_object (&add->file);
  g_clear_object (&add->entry);
  g_free (add);
}

static void
add_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Add *add = task_data;
  g_autoptr(GFile) directory = g_file_get_parent (add->file);
  GError *error = NULL;

  if (!g_file_make_directory_with_parents (directory, cancellable, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_task_return_error (task, error);
      return;
    }
  g_clear_error (&error);

  if (!lab_history_write_document (add->file, add->document, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_add_committed (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Add *add = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* the run is kept: a failed index write is repaired by the next scan */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("Could not write the history index: %s", error->message);
  g_task_return_pointer (task, g_object_ref (add->entry), g_object_unref);
}

static void
on_document_written (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  LabHistory *self = LAB_HISTORY (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GTask) index_task = NULL;
  g_autoptr(GError) error = NULL;
  Add *add = g_task_get_task_data (task);
  guint n, position = 0;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (lab_history_peek_store (self)));
  while (position < n)
    {
      g_autoptr(LabHistoryEntry) other = g_list_model_get_item (G_LIST_MODEL (lab_history_peek_store (self)), position);

      if (lab_history_entry_compare (&add->entry, &other) <= 0)
        break;
      position++;
    }
  g_list_store_insert (lab_history_peek_store (self), position, add->entry);

  index_task = g_task_new (self, NULL, on_add_committed, g_object_ref (task));
  lab_history_commit (self, NULL, index_task);
}

static void
add_async (LabHistory          *self,
           GObject             *document,
           LabHistoryEntry     *entry,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data,
           gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) write = NULL;
  Add *add = g_new0 (Add, 1);

  g_task_set_source_tag (task, source_tag);
  add->document = g_object_ref (document);
  add->entry = entry;
  add->file = g_file_get_child (lab_history_get_directory (self), lab_history_entry_get_file_name (entry));
  g_task_set_task_data (task, add, (GDestroyNotify) add_free);

  write = g_task_new (self, cancellable, on_document_written, g_object_ref (task));
  g_task_set_task_data (write, add, NULL);
  g_task_run_in_thread (write, add_thread);
}

/* "run-20261125-140203-3fa9.json": sorted by date, and unique */
static char *
new_file_name (const char *kind,
               GDateTime  *created)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (created);
  g_autofree char *stamp = g_date_time_format (local, "%Y%m%d-%H%M%S");

  return g_strdup_printf ("%s-%s-%04x.json", kind, stamp, g_random_int_range (0, 0x10000));
}

void
lab_history_add_run_async (LabHistory          *self,
                           LabRun              *run,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autofree char *name = NULL;

  g_return_if_fail (LAB_IS_HISTORY (self));
  g_return_if_fail (LAB_IS_RUN (run));

  name = new_file_name ("run", lab_run_get_created (run));
  add_async (self, G_OBJECT (run), lab_history_entry_new_for_run (name, run),
             cancellable, callback, user_data, lab_history_add_run_async);
}

void
lab_history_add_comparison_async (LabHistory          *self,
                                  LabComparison       *comparison,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *name = NULL;

  g_return_if_fail (LAB_IS_HISTORY (self));
  g_return_if_fail (LAB_IS_COMPARISON (comparison));

  name = new_file_name ("comparison", now);
  add_async (self, G_OBJECT (comparison), lab_history_entry_new_for_comparison (name, comparison, now),
             cancellable, callback, user_data, lab_history_add_comparison_async);
}

void
lab_history_add_sweep_async (LabHistory          *self,
                             LabSweep            *sweep,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *name = NULL;
  GDateTime *created;

  g_return_if_fail (LAB_IS_HISTORY (self));
  g_return_if_fail (LAB_IS_SWEEP (sweep));

  created = lab_sweep_get_created (sweep);
  name = new_file_name ("sweep", created);
  add_async (self, G_OBJECT (sweep), lab_history_entry_new_for_sweep (name, sweep, created),
             cancellable, callback, user_data, lab_history_add_sweep_async);
}

LabHistoryEntry *
lab_history_add_finish (LabHistory    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Renaming and deleting */

void
lab_history_rename_async (LabHistory          *self,
                          LabHistoryEntry     *entry,
                          const char          *title,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *stripped = NULL;

  g_return_if_fail (LAB_IS_HISTORY (self));
  g_return_if_fail (LAB_IS_HISTORY_ENTRY (entry));
  g_return_if_fail (title != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lab_history_rename_async);

  stripped = g_strstrip (g_strdup (title));
  if (stripped[0] == '\0')
    {
      g_free (stripped);
      stripped = lab_history_entry_dup_default_title (entry);
    }
  lab_history_entry_set_title (entry, stripped);

  lab_history_commit_then_return (self, NULL, task);
}

gboolean
lab_history_rename_finish (LabHistory    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
lab_history_delete_async (LabHistory          *self,
                          LabHistoryEntry    **entries,
                          guint                n_entries,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) deletes = g_ptr_array_new_with_free_func (g_free);

  g_return_if_fail (LAB_IS_HISTORY (self));
  g_return_if_fail (entries != NULL || n_entries == 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lab_history_delete_async);

  for (guint i = 0; i < n_entries; i++)
    {
      guint position;

      if (g_list_store_find (lab_history_peek_store (self), entries[i], &position))
        {
          g_ptr_array_add (deletes, g_strdup (lab_history_entry_get_file_name (entries[i])));
          g_list_store_remove (lab_history_peek_store (self), position);
        }
    }

  lab_history_commit_then_return (self, deletes, task);
}

gboolean
lab_history_delete_finish (LabHistory    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Opening an entry */

static void
load_entry_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GFile *file = task_data;
  GError *error = NULL;
  GObject *document;

  if (!(document = lab_history_load_document (file, NULL, cancellable, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, document, g_object_unref);
}

void
lab_history_load_entry_async (LabHistory          *self,
                              LabHistoryEntry     *entry,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LAB_IS_HISTORY (self));
  g_return_if_fail (LAB_IS_HISTORY_ENTRY (entry));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lab_history_load_entry_async);
  g_task_set_task_data (task, lab_history_get_file (self, entry), g_object_unref);
  g_task_run_in_thread (task, load_entry_thread);
}

GObject *
lab_history_load_entry_finish (LabHistory    *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
