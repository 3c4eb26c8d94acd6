/* lab-history.c
 *
 * The list lives on the main thread; every file operation runs on a thread
 * (GTask) and its result comes back to the main thread. The index is
 * rewritten from the list after every change: each rewrite carries a
 * generation, and a thread that finds a newer index already written leaves
 * it alone, so rewrites that overtake one another never go back in time.
 *
 * Until the history is loaded, changes are kept in the list only; loading
 * merges them with what the directory holds and then writes the index.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-error.h"
#include "lab-history-private.h"
#include "lab-snapshot.h"

struct _LabHistory
{
  GObject     parent_instance;

  GFile      *directory;
  GListStore *entries;
  char      **notes;
  guint       limit;
  gboolean    loaded;
  gboolean    index_pending;      /* changed before loading: write once loaded */

  guint64     index_generation;   /* main thread */
  GMutex      io_lock;
  guint64     written_generation; /* under io_lock */
};

G_DEFINE_FINAL_TYPE (LabHistory, lab_history, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LIMIT,
  PROP_LOADED,
  PROP_NOTES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
lab_history_finalize (GObject *object)
{
  LabHistory *self = (LabHistory *) object;

  g_clear_object (&self->directory);
  g_clear_object (&self->entries);
  g_clear_pointer (&self->notes, g_strfreev);
  g_mutex_clear (&self->io_lock);

  G_OBJECT_CLASS (lab_history_parent_class)->finalize (object);
}

static void
lab_history_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  LabHistory *self = LAB_HISTORY (object);

  switch (prop_id)
    {
    case PROP_LIMIT:
      g_value_set_uint (value, self->limit);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_NOTES:
      g_value_set_boxed (value, self->notes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_history_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  LabHistory *self = LAB_HISTORY (object);

  switch (prop_id)
    {
    case PROP_LIMIT:
      lab_history_set_limit (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_history_class_init (LabHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lab_history_finalize;
  object_class->get_property = lab_history_get_property;
  object_class->set_property = lab_history_set_property;

  properties[PROP_LIMIT] =
    g_param_spec_uint ("limit", NULL, NULL, 0, G_MAXUINT, LAB_HISTORY_DEFAULT_LIMIT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTES] =
    g_param_spec_boxed ("notes", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lab_history_init (LabHistory *self)
{
  self->entries = g_list_store_new (LAB_TYPE_HISTORY_ENTRY);
  self->notes = g_new0 (char *, 1);
  self->limit = LAB_HISTORY_DEFAULT_LIMIT;
  g_mutex_init (&self->io_lock);
}

LabHistory *
lab_history_new (GFile *directory)
{
  LabHistory *self = g_object_new (LAB_TYPE_HISTORY, NULL);

  if (directory != NULL)
    self->directory = g_object_ref (directory);
  else
    self->directory = g_file_new_build_filename (g_get_user_data_dir (), PACKAGE_NAME, NULL);
  return self;
}

GFile *
lab_history_get_directory (LabHistory *self)
{
  g_return_val_if_fail (LAB_IS_HISTORY (self), NULL);
  return self->directory;
}

GListModel *
lab_history_get_entries (LabHistory *self)
{
  g_return_val_if_fail (LAB_IS_HISTORY (self), NULL);
  return G_LIST_MODEL (self->entries);
}

const char * const *
lab_history_get_notes (LabHistory *self)
{
  g_return_val_if_fail (LAB_IS_HISTORY (self), NULL);
  return (const char * const *) self->notes;
}

GFile *
lab_history_get_file (LabHistory      *self,
                      LabHistoryEntry *entry)
{
  g_return_val_if_fail (LAB_IS_HISTORY (self), NULL);
  g_return_val_if_fail (LAB_IS_HISTORY_ENTRY (entry), NULL);
  return g_file_get_child (self->directory, lab_history_entry_get_file_name (entry));
}

gboolean
lab_history_is_loaded (LabHistory *self)
{
  g_return_val_if_fail (LAB_IS_HISTORY (self), FALSE);
  return self->loaded;
}

guint
lab_history_get_limit (LabHistory *self)
{
  g_return_val_if_fail (LAB_IS_HISTORY (self), 0);
  return self->limit;
}

/* Committing: files to delete, then the index, on a thread */

typedef struct
{
  GFile     *directory;
  GPtrArray *deletes;     /* file names */
  GBytes    *index;
  guint64    generation;
} Commit;

static void
commit_free (Commit *commit)
{
  g_clear_object (&commit->directory);
  g_clear_pointer (&commit->deletes, g_ptr_array_unref);
  g_clear_pointer (&commit->index, g_bytes_unref);
  g_free (commit);
}

static void
commit_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  LabHistory *self = source_object;
  Commit *commit = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) index_file = g_file_get_child (commit->directory, LAB_HISTORY_INDEX_NAME);

  for (guint i = 0; i < commit->deletes->len; i++)
    {
      g_autoptr(GFile) file = g_file_get_child (commit->directory, g_ptr_array_index (commit->deletes, i));
      g_autoptr(GError) delete_error = NULL;

      if (!g_file_delete (file, NULL, &delete_error) &&
          !g_error_matches (delete_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) && error == NULL)
        error = g_steal_pointer (&delete_error);
    }

  g_mutex_lock (&self->io_lock);
  if (commit->index != NULL && commit->generation > self->written_generation)
    {
      if (lab_history_write_bytes (index_file, commit->index, error ? NULL : &error))
        self->written_generation = commit->generation;
    }
  g_mutex_unlock (&self->io_lock);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static GPtrArray *
dup_entries (LabHistory *self)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (entries, g_list_model_get_item (G_LIST_MODEL (self->entries), i));
  return entries;
}

/* Removes the oldest entries past the limit; their files go with the next commit. */
static void
enforce_limit (LabHistory *self,
               GPtrArray  *deletes)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));

  if (self->limit == 0 || n <= self->limit)
    return;

  for (guint i = self->limit; i < n; i++)
    {
      g_autoptr(LabHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->entries), i);
      g_ptr_array_add (deletes, g_strdup (lab_history_entry_get_file_name (entry)));
    }
  g_list_store_splice (self->entries, self->limit, n - self->limit, NULL, 0);
}

/* Writes the index of the list as it is now (and deletes @deletes) on a
 * thread, then completes @task (which may have no callback). Before the
 * history is loaded only the deletes happen; the index waits. */
void
lab_history_commit (LabHistory *self,
                    GPtrArray  *deletes,
                    GTask      *task)
{
  Commit *data = g_new0 (Commit, 1);

  data->directory = g_object_ref (self->directory);
  data->deletes = deletes ? g_ptr_array_ref (deletes) : g_ptr_array_new_with_free_func (g_free);

  if (self->loaded)
    {
      g_autoptr(GPtrArray) entries = NULL;

      enforce_limit (self, data->deletes);
      entries = dup_entries (self);
      data->index = lab_history_index_to_bytes (entries);
      data->generation = ++self->index_generation;
    }
  else
    self->index_pending = TRUE;

  g_task_set_task_data (task, data, (GDestroyNotify) commit_free);
  g_task_run_in_thread (task, commit_thread);
}

static void
on_background_commit (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("Could not update the history in %s: %s",
               g_file_peek_path (LAB_HISTORY (object)->directory), error->message);
}

static void
commit_in_background (LabHistory *self,
                      GPtrArray  *deletes)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, on_background_commit, NULL);

  g_task_set_source_tag (task, commit_in_background);
  lab_history_commit (self, deletes, task);
}

static void
on_commit_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Commits, then completes @outer (a boolean task). */
void
lab_history_commit_then_return (LabHistory *self,
                                GPtrArray  *deletes,
                                GTask      *outer)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, on_commit_done, g_object_ref (outer));

  g_task_set_source_tag (task, lab_history_commit_then_return);
  lab_history_commit (self, deletes, task);
}

void
lab_history_set_limit (LabHistory *self,
                       guint       limit)
{
  g_return_if_fail (LAB_IS_HISTORY (self));

  if (self->limit == limit)
    return;

  self->limit = limit;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIMIT]);

  if (self->loaded && limit != 0 && g_list_model_get_n_items (G_LIST_MODEL (self->entries)) > limit)
    commit_in_background (self, NULL);
}

/* Loading */

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LabHistory *self = source_object;
  LabHistoryScan *scan = g_new0 (LabHistoryScan, 1);
  GError *error = NULL;

  if (!lab_history_scan (self->directory, scan, cancellable, &error))
    {
      lab_history_scan_clear (scan);
      g_free (scan);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, scan, NULL);
}

static void
on_scanned (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  LabHistory *self = LAB_HISTORY (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  LabHistoryScan *scan;
  gboolean stale;
  guint n;

  if (!(scan = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* what was added before loading is kept (the scan may have seen its
   * file too: the list's object wins, it may have been renamed since) */
  for (guint i = 0; i < scan->entries->len; i++)
    g_hash_table_insert (found, g_strdup (lab_history_entry_get_file_name (g_ptr_array_index (scan->entries, i))),
                         GUINT_TO_POINTER (i + 1));
  n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));
  for (guint i = 0; i < n; i++)
    {
      LabHistoryEntry *entry = g_list_model_get_item (G_LIST_MODEL (self->entries), i);
      guint at = GPOINTER_TO_UINT (g_hash_table_lookup (found, lab_history_entry_get_file_name (entry)));

      if (at > 0)
        {
          g_object_unref (g_ptr_array_index (scan->entries, at - 1));
          g_ptr_array_index (scan->entries, at - 1) = entry;
        }
      else
        g_ptr_array_add (scan->entries, entry);
    }
  g_ptr_array_sort (scan->entries, lab_history_entry_compare);

  g_list_store_splice (self->entries, 0, n, scan->entries->pdata, scan->entries->len);
  g_strfreev (self->notes);
  g_ptr_array_add (scan->notes, NULL);
  self->notes = (char **) g_ptr_array_steal (scan->notes, NULL);
  stale = scan->index_stale || self->index_pending;
  lab_history_scan_clear (scan);
  g_free (scan);

  self->loaded = TRUE;
  self->index_pending = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);

  if (stale ||
      (self->limit != 0 && g_list_model_get_n_items (G_LIST_MODEL (self->entries)) > self->limit))
    lab_history_commit_then_return (self, NULL, task);
  else
    g_task_return_boolean (task, TRUE);
}

void
lab_history_load_async (LabHistory          *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) scan = NULL;

  g_return_if_fail (LAB_IS_HISTORY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lab_history_load_async);

  scan = g_task_new (self, cancellable, on_scanned, g_object_ref (task));
  g_task_set_source_tag (scan, load_thread);
  g_task_run_in_thread (scan, load_thread);
}

gboolean
lab_history_load_finish (LabHistory    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

GListStore *
lab_history_peek_store (LabHistory *self)
{
  return self->entries;
}
