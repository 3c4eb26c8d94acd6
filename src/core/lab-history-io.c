/* lab-history-io.c
 *
 * The history's files, read and written on a thread: the documents
 * themselves (through the atomic file), the index, and the scan that reads
 * the index and checks it against the directory, rebuilding what is
 * missing from the files' heads. Nothing here touches the list model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lab-atomic-file.h"
#include "lab-error.h"
#include "lab-history-private.h"
#include "lab-snapshot.h"

/* An index larger than this is not one we wrote (100 entries take ~50 KiB) */
#define MAX_INDEX_SIZE (64 * 1024 * 1024)

void
lab_history_scan_clear (LabHistoryScan *scan)
{
  g_clear_pointer (&scan->entries, g_ptr_array_unref);
  g_clear_pointer (&scan->notes, g_ptr_array_unref);
}

gint
lab_history_entry_compare (gconstpointer a,
                           gconstpointer b)
{
  LabHistoryEntry *ea = *(LabHistoryEntry **) a;
  LabHistoryEntry *eb = *(LabHistoryEntry **) b;
  int by_date = g_date_time_compare (lab_history_entry_get_created (eb), lab_history_entry_get_created (ea));

  /* newest first; the same instant by file name, so the order is stable */
  return by_date != 0 ? by_date : g_strcmp0 (lab_history_entry_get_file_name (eb),
                                             lab_history_entry_get_file_name (ea));
}

GBytes *
lab_history_index_to_bytes (GPtrArray *entries)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;
  gsize length;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, LAB_HISTORY_INDEX_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, LAB_HISTORY_INDEX_VERSION);
  json_builder_set_member_name (builder, "entries");
  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    json_builder_add_value (builder, lab_history_entry_to_json (g_ptr_array_index (entries, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, &length);
  return g_bytes_new_take (text, length);
}

gboolean
lab_history_write_bytes (GFile   *file,
                         GBytes  *bytes,
                         GError **error)
{
  g_autofree char *path = g_file_get_path (file);

  return lab_atomic_file_write_bytes (path, bytes, NULL, error);
}

static gboolean
write_document (GOutputStream  *stream,
                gpointer        document,
                GCancellable   *cancellable,
                GError        **error)
{
  if (LAB_IS_RUN (document))
    return lab_snapshot_write (LAB_RUN (document), stream, error);
  if (LAB_IS_COMPARISON (document))
    return lab_comparison_write_json (LAB_COMPARISON (document), stream, error);
  if (LAB_IS_SWEEP (document))
    return lab_sweep_write_json (LAB_SWEEP (document), stream, error);
  g_return_val_if_reached (FALSE);
}

gboolean
lab_history_write_document (GFile    *file,
                            GObject  *document,
                            GError  **error)
{
  g_autofree char *path = g_file_get_path (file);

  return lab_atomic_file_write (path, write_document, document, NULL, error);
}

/* The index */

static GPtrArray *
read_index (GFile         *directory,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GFile) file = g_file_get_child (directory, LAB_HISTORY_INDEX_NAME);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *data = NULL;
  gsize length;
  JsonNode *root, *node;
  JsonObject *object;
  JsonArray *array;

  if (!g_file_load_contents (file, cancellable, &data, &length, NULL, error))
    return NULL;
  if (length > MAX_INDEX_SIZE)
    return lab_error_set (error, LAB_ERROR_SNAPSHOT, "the index is too large"), NULL;
  if (!json_parser_load_from_data (parser, data, length, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return lab_error_set (error, LAB_ERROR_SNAPSHOT, "not an index"), NULL;
  object = json_node_get_object (root);
  /* a damaged index may hold anything where a string or number belongs */
  node = json_object_get_member (object, "format");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      g_strcmp0 (json_node_get_string (node), LAB_HISTORY_INDEX_FORMAT) != 0)
    return lab_error_set (error, LAB_ERROR_SNAPSHOT, "format: not “%s”", LAB_HISTORY_INDEX_FORMAT), NULL;
  node = json_object_get_member (object, "version");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) != LAB_HISTORY_INDEX_VERSION)
    return lab_error_set (error, LAB_ERROR_SNAPSHOT, "version: not %d", LAB_HISTORY_INDEX_VERSION), NULL;
  node = json_object_get_member (object, "entries");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return lab_error_set (error, LAB_ERROR_SNAPSHOT, "entries: expected an array"), NULL;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autoptr(GError) local_error = NULL;
      LabHistoryEntry *entry;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return lab_error_set (error, LAB_ERROR_SNAPSHOT, "entries[%u]: expected an object", i), NULL;
      if (!(entry = lab_history_entry_new_from_json (json_node_get_object (element), &local_error)))
        return lab_error_set (error, LAB_ERROR_SNAPSHOT, "entries[%u].%s", i, local_error->message), NULL;
      g_ptr_array_add (entries, entry);
    }

  return g_steal_pointer (&entries);
}

/* A file the index does not know: read its head (a snapshot) or the whole
 * document (a comparison or a sweep, which are small). */
static LabHistoryEntry *
read_entry (GFile         *file,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GObject) document = NULL;
  LabSnapshotInfo info = { 0 };
  LabHistoryEntry *entry = NULL;
  LabDocumentKind kind;

  if (!lab_snapshot_read_info (file, &info, cancellable, error))
    {
      lab_snapshot_info_clear (&info);
      return NULL;
    }

  switch (info.kind)
    {
    case LAB_DOCUMENT_SNAPSHOT:
      if (info.config != NULL)
        entry = lab_history_entry_new_for_info (name, &info);
      else
        lab_error_set (error, LAB_ERROR_SNAPSHOT, "the snapshot has no config");
      break;

    case LAB_DOCUMENT_COMPARISON:
    case LAB_DOCUMENT_SWEEP:
      if (!(document = lab_history_load_document (file, &kind, cancellable, error)))
        break;
      if (kind == LAB_DOCUMENT_COMPARISON)
        entry = lab_history_entry_new_for_comparison (name, LAB_COMPARISON (document), info.created);
      else if (kind == LAB_DOCUMENT_SWEEP)
        entry = lab_history_entry_new_for_sweep (name, LAB_SWEEP (document), info.created);
      break;

    case LAB_DOCUMENT_UNKNOWN:
    default:
      lab_error_set (error, LAB_ERROR_SNAPSHOT, "not a file of Concurrency Lab");
      break;
    }

  lab_snapshot_info_clear (&info);
  return entry;
}

static gint
compare_notes (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
is_document_name (const char *name)
{
  return name[0] != '.' && g_str_has_suffix (name, ".json") &&
         strcmp (name, LAB_HISTORY_INDEX_NAME) != 0;
}

gboolean
lab_history_scan (GFile           *directory,
                  LabHistoryScan  *scan,
                  GCancellable    *cancellable,
                  GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GHashTable) on_disk = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) indexed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) from_index = NULL;

  *scan = (LabHistoryScan) {
    .entries = g_ptr_array_new_with_free_func (g_object_unref),
    .notes = g_ptr_array_new_with_free_func (g_free),
  };

  if (!g_file_make_directory_with_parents (directory, cancellable, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_clear_error (&local_error);

  if (!(enumerator = g_file_enumerate_children (directory, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                                G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                                G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, error)))
    return FALSE;

  for (;;)
    {
      GFileInfo *info;

      if (!g_file_enumerator_iterate (enumerator, &info, NULL, cancellable, error))
        return FALSE;
      if (info == NULL)
        break;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR && is_document_name (g_file_info_get_name (info)))
        g_hash_table_add (on_disk, g_strdup (g_file_info_get_name (info)));
    }

  /* the index, for the files still there; a damaged index is rebuilt */
  if ((from_index = read_index (directory, cancellable, &local_error)))
    {
      for (guint i = 0; i < from_index->len; i++)
        {
          LabHistoryEntry *entry = g_ptr_array_index (from_index, i);
          const char *name = lab_history_entry_get_file_name (entry);

          if (!g_hash_table_contains (on_disk, name) || g_hash_table_contains (indexed, name))
            {
              scan->index_stale = TRUE;
              continue;
            }
          g_hash_table_add (indexed, (gpointer) name);
          g_ptr_array_add (scan->entries, g_object_ref (entry));
        }
    }
  else
    {
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_debug ("History index in %s is damaged (%s): rebuilt from the files",
                 g_file_peek_path (directory), local_error->message);
      g_clear_error (&local_error);
      scan->index_stale = TRUE;
    }

  /* the files the index does not know */
  {
    GHashTableIter iter;
    const char *name;

    g_hash_table_iter_init (&iter, on_disk);
    while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
      {
        g_autoptr(GFile) file = NULL;
        LabHistoryEntry *entry;

        if (g_hash_table_contains (indexed, name))
          continue;
        if (g_cancellable_set_error_if_cancelled (cancellable, error))
          return FALSE;

        file = g_file_get_child (directory, name);
        if ((entry = read_entry (file, cancellable, &local_error)))
          {
            g_ptr_array_add (scan->entries, entry);
            scan->index_stale = TRUE;
          }
        else
          {
            g_ptr_array_add (scan->notes, g_strdup_printf ("%s: %s", name, local_error->message));
            g_clear_error (&local_error);
          }
      }
  }

  g_ptr_array_sort (scan->entries, lab_history_entry_compare);
  g_ptr_array_sort (scan->notes, compare_notes);
  return TRUE;
}

/* Documents */

GObject *
lab_history_load_document (GFile            *file,
                           LabDocumentKind  *kind,
                           GCancellable     *cancellable,
                           GError          **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GInputStream) buffered = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *head;
  gsize length;
  LabDocumentKind found;
  GObject *document = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!(stream = g_file_read (file, cancellable, error)))
    return NULL;

  /* the kind from the first bytes; the reader of that kind does the rest */
  buffered = g_buffered_input_stream_new_sized (G_INPUT_STREAM (stream), 4096);
  if (g_buffered_input_stream_fill (G_BUFFERED_INPUT_STREAM (buffered), 4096, cancellable, error) < 0)
    return NULL;
  head = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (buffered), &length);
  found = lab_document_kind_sniff (head, length);

  switch (found)
    {
    case LAB_DOCUMENT_SNAPSHOT:
      document = (GObject *) lab_snapshot_load (buffered, cancellable, &local_error);
      break;
    case LAB_DOCUMENT_COMPARISON:
      document = (GObject *) lab_comparison_load (buffered, &local_error);
      break;
    case LAB_DOCUMENT_SWEEP:
      document = (GObject *) lab_sweep_load (buffered, &local_error);
      break;
    case LAB_DOCUMENT_UNKNOWN:
    default:
      lab_error_set (&local_error, LAB_ERROR_SNAPSHOT,
                     "not a snapshot, comparison or sweep of Concurrency Lab");
      break;
    }

  if (document == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (kind != NULL)
    *kind = found;
  return document;
}
