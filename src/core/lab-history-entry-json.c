/* lab-history-entry-json.c
 *
 * An entry as the index keeps it: one JSON object, read back defensively
 * (a member of the wrong type or out of range is an error naming it, and
 * the index is then rebuilt from the files).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-error.h"
#include "lab-history-entry-private.h"
#include "lab-snapshot.h"

static const char * const kind_names[] = {
  [LAB_DOCUMENT_UNKNOWN] = "unknown",
  [LAB_DOCUMENT_SNAPSHOT] = "run",
  [LAB_DOCUMENT_COMPARISON] = "comparison",
  [LAB_DOCUMENT_SWEEP] = "sweep",
};

const char *
lab_history_kind_to_string (LabDocumentKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

gboolean
lab_history_kind_from_string (const char      *str,
                              LabDocumentKind *kind)
{
  for (guint i = LAB_DOCUMENT_SNAPSHOT; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (str, kind_names[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

static void
add_number (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  if (!isfinite (value))
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

JsonNode *
lab_history_entry_to_json (LabHistoryEntry *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *created = NULL;

  g_return_val_if_fail (LAB_IS_HISTORY_ENTRY (self), NULL);

  created = lab_snapshot_format_time (self->created);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, self->file_name);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, lab_history_kind_to_string (self->kind));
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, self->title);
  json_builder_set_member_name (builder, "workload");
  json_builder_add_string_value (builder, lab_workload_kind_to_string (self->workload));
  json_builder_set_member_name (builder, "models");
  json_builder_begin_array (builder);
  for (guint i = 0; self->models && self->models[i]; i++)
    json_builder_add_string_value (builder, self->models[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "workers");
  json_builder_add_int_value (builder, self->workers);
  json_builder_set_member_name (builder, "workers_min");
  json_builder_add_int_value (builder, self->workers_min);
  json_builder_set_member_name (builder, "created");
  json_builder_add_string_value (builder, created);
  if (self->state != NULL)
    {
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, self->state);
    }
  add_number (builder, "wall_seconds", self->wall_seconds);
  add_number (builder, "throughput_per_second", self->throughput);
  if (self->tasks_ok >= 0)
    {
      json_builder_set_member_name (builder, "tasks_ok");
      json_builder_add_int_value (builder, self->tasks_ok);
      json_builder_set_member_name (builder, "tasks_failed");
      json_builder_add_int_value (builder, self->tasks_failed);
    }
  add_number (builder, "latency_p99_ms", self->p99_ms);
  add_number (builder, "speedup", self->speedup);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static const char *
get_string (JsonObject  *object,
            const char  *name,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      lab_error_set (error, LAB_ERROR_SNAPSHOT, "%s: expected a string", name);
      return NULL;
    }
  return json_node_get_string (node);
}

static gboolean
get_number (JsonObject *object,
            const char *name,
            double      min,
            double      max,
            double     *value,
            GError    **error)
{
  JsonNode *node = json_object_get_member (object, name);
  GType type;

  if (node == NULL)
    return TRUE;   /* optional: NAN or -1 stays */

  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return lab_error_set (error, LAB_ERROR_SNAPSHOT, "%s: expected a number", name), FALSE;

  *value = json_node_get_double (node);
  if (!isfinite (*value) || *value < min || *value > max)
    return lab_error_set (error, LAB_ERROR_SNAPSHOT, "%s: %g is out of range", name, *value), FALSE;
  return TRUE;
}

LabHistoryEntry *
lab_history_entry_new_from_json (JsonObject  *object,
                                 GError     **error)
{
  g_autoptr(LabHistoryEntry) self = NULL;
  g_autoptr(GDateTime) created = NULL;
  const char *file, *kind, *title, *workload, *created_str;
  JsonNode *models;
  LabDocumentKind document_kind;
  double workers = 1, workers_min = NAN, tasks_ok = -1, tasks_failed = -1;

  if (!(file = get_string (object, "file", error)) ||
      !(kind = get_string (object, "kind", error)) ||
      !(title = get_string (object, "title", error)) ||
      !(workload = get_string (object, "workload", error)) ||
      !(created_str = get_string (object, "created", error)))
    return NULL;

  if (strchr (file, '/') != NULL || file[0] == '.' || !g_str_has_suffix (file, ".json"))
    return lab_error_set (error, LAB_ERROR_SNAPSHOT, "file: “%s” is not a file of the history", file), NULL;
  if (!lab_history_kind_from_string (kind, &document_kind))
    return lab_error_set (error, LAB_ERROR_SNAPSHOT, "kind: unknown kind “%s”", kind), NULL;
  if (!(created = g_date_time_new_from_iso8601 (created_str, NULL)))
    return lab_error_set (error, LAB_ERROR_SNAPSHOT, "created: “%s” is not a date", created_str), NULL;

  self = lab_history_entry_new_empty (file, document_kind, created);
  self->title = g_strdup (title);
  if (!lab_workload_kind_from_string (workload, &self->workload))
    return lab_error_set (error, LAB_ERROR_SNAPSHOT, "workload: unknown workload “%s”", workload), NULL;

  models = json_object_get_member (object, "models");
  if (models == NULL || !JSON_NODE_HOLDS_ARRAY (models))
    return lab_error_set (error, LAB_ERROR_SNAPSHOT, "models: expected an array"), NULL;
  {
    JsonArray *array = json_node_get_array (models);
    guint n = MIN (json_array_get_length (array), LAB_N_MODELS);

    self->models = g_new0 (char *, n + 1);
    for (guint i = 0; i < n; i++)
      {
        const char *name = json_array_get_string_element (array, i);
        LabModel model;

        if (name == NULL || !lab_model_from_string (name, &model))
          return lab_error_set (error, LAB_ERROR_SNAPSHOT, "models[%u]: expected a model", i), NULL;
        self->models[i] = g_strdup (name);
      }
  }

  if (json_object_has_member (object, "state"))
    {
      const char *state = get_string (object, "state", error);

      if (state == NULL)
        return NULL;
      self->state = g_strdup (state);
    }

  if (!get_number (object, "workers", 0, LAB_MAX_WORKERS, &workers, error) ||
      !get_number (object, "workers_min", 0, LAB_MAX_WORKERS, &workers_min, error) ||
      !get_number (object, "wall_seconds", 0, G_MAXDOUBLE, &self->wall_seconds, error) ||
      !get_number (object, "throughput_per_second", 0, G_MAXDOUBLE, &self->throughput, error) ||
      !get_number (object, "tasks_ok", 0, LAB_MAX_COUNT, &tasks_ok, error) ||
      !get_number (object, "tasks_failed", 0, LAB_MAX_COUNT, &tasks_failed, error) ||
      !get_number (object, "latency_p99_ms", 0, G_MAXDOUBLE, &self->p99_ms, error) ||
      !get_number (object, "speedup", 0, G_MAXDOUBLE, &self->speedup, error))
    return NULL;

  self->workers = (guint) workers;
  self->workers_min = isnan (workers_min) ? self->workers : (guint) workers_min;
  self->tasks_ok = (gint64) tasks_ok;
  self->tasks_failed = (gint64) tasks_failed;

  return g_steal_pointer (&self);
}
