/* lab-comparison-load.c: a comparison read back from its JSON
 *
 * A comparison is small (configs and summaries, no records): it is read as
 * one tree by the strict streaming reader, then checked member by member;
 * the statistics are derived again from the runs' summaries, as when the
 * runs were made.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-comparison-private.h"
#include "lab-environment.h"
#include "lab-config-json.h"
#include "lab-error.h"
#include "lab-json-reader.h"
#include "lab-snapshot-reader-private.h"
#include "lab-snapshot.h"

#define MAX_NODES          200000
#define MAX_RUNS_PER_MODEL 10000

void
lab_comparison_take_run (LabComparison    *self,
                         LabConfig        *config,
                         const LabSummary *summary,
                         guint64          *http_status_counts,
                         char             *error,
                         guint             repetition,
                         guint             order)
{
  LabComparisonRun *entry = g_new0 (LabComparisonRun, 1);

  entry->config = config;
  entry->summary = *summary;
  entry->http_status_counts = http_status_counts;
  entry->error = error;
  entry->repetition = repetition;
  entry->order = order;
  g_ptr_array_add (self->runs, entry);
}

static JsonNode *
member_of (JsonObject  *object,
           const char  *path,
           const char  *name,
           JsonNodeType type,
           GType        value_type,
           const char  *expected,
           GError     **error)
{
  g_autofree char *where = lab_snapshot_path_of (path, name);
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return (lab_snapshot_error (error, where, "missing"), NULL);
  if (JSON_NODE_TYPE (node) != type ||
      (type == JSON_NODE_VALUE && json_node_get_value_type (node) != value_type))
    return (lab_snapshot_error (error, where, "expected %s", expected), NULL);
  return node;
}

static gboolean
member_uint (JsonObject  *object,
             const char  *path,
             const char  *name,
             guint64      min,
             guint64      max,
             guint       *out,
             GError     **error)
{
  JsonNode *node = member_of (object, path, name, JSON_NODE_VALUE, G_TYPE_INT64, "an integer", error);
  gint64 value;

  if (node == NULL)
    return FALSE;
  value = json_node_get_int (node);
  if (value < (gint64) min || (guint64) value > max)
    {
      g_autofree char *where = lab_snapshot_path_of (path, name);
      return lab_snapshot_error (error, where, "%" G_GINT64_FORMAT " is out of range (%" G_GUINT64_FORMAT
                                 " to %" G_GUINT64_FORMAT ")", value, min, max);
    }
  *out = value;
  return TRUE;
}

static gboolean
read_models (JsonObject *object,
             GArray     *models,
             GError    **error)
{
  JsonNode *node = member_of (object, NULL, "models", JSON_NODE_ARRAY, 0, "an array of models", error);
  JsonArray *array;

  if (node == NULL)
    return FALSE;
  array = json_node_get_array (node);
  if (json_array_get_length (array) < 1 || json_array_get_length (array) > LAB_N_MODELS)
    return lab_snapshot_error (error, "models", "expected 1 to %d models", LAB_N_MODELS);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      LabModel model;
      char path[32];

      g_snprintf (path, sizeof path, "models[%u]", i);
      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING ||
          !lab_model_from_string (json_node_get_string (element), &model))
        return lab_snapshot_error (error, path, "expected sequential, threads, processes or async");
      for (guint j = 0; j < models->len; j++)
        if (g_array_index (models, LabModel, j) == model)
          return lab_snapshot_error (error, path, "%s is given twice", lab_model_to_string (model));
      g_array_append_val (models, model);
    }
  return TRUE;
}

static gboolean
read_run (JsonNode         *node,
          guint             i,
          GArray           *models,
          guint             runs_per_model,
          LabComparison    *self,
          GError          **error)
{
  g_autofree char *path = g_strdup_printf ("runs[%u]", i);
  g_autofree char *summary_path = g_strdup_printf ("runs[%u].summary", i);
  g_autoptr(GError) local_error = NULL;
  g_autofree guint64 *http_status_counts = NULL;
  g_autofree char *run_error = NULL;
  LabConfig *config;
  JsonObject *object;
  JsonNode *member;
  LabSummary summary = { 0 };
  guint repetition, order;
  gboolean known = FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return lab_snapshot_error (error, path, "expected an object");
  object = json_node_get_object (node);

  if (!member_uint (object, path, "repetition", 1, runs_per_model, &repetition, error) ||
      !member_uint (object, path, "order", 1, G_MAXUINT, &order, error))
    return FALSE;
  if ((member = member_of (object, path, "config", JSON_NODE_OBJECT, 0, "an object", error)) == NULL)
    return FALSE;
  if ((config = lab_config_new_from_json (member, &local_error)) == NULL)
    return lab_snapshot_error (error, path, "%s", local_error->message);
  if (!lab_config_validate (config, &local_error))
    {
      g_autofree char *config_path = g_strdup_printf ("%s.config", path);

      lab_config_free (config);
      return lab_snapshot_config_error (error, config_path, local_error);
    }
  for (guint m = 0; m < models->len; m++)
    known |= g_array_index (models, LabModel, m) == config->model;
  if (!known || (self->base != NULL && config->workload != self->base->workload))
    {
      lab_config_free (config);
      return lab_snapshot_error (error, path, "config: its model or workload is not the comparison's");
    }

  if ((member = member_of (object, path, "summary", JSON_NODE_OBJECT, 0, "an object", error)) == NULL)
    {
      lab_config_free (config);
      return FALSE;
    }
  if (config->workload == LAB_WORKLOAD_URL)
    http_status_counts = g_new0 (guint64, LAB_HTTP_STATUS_MAX);
  if (!lab_snapshot_read_summary (member, summary_path, config, &summary, &run_error,
                                  http_status_counts, error))
    {
      lab_config_free (config);
      return FALSE;
    }

  lab_comparison_take_run (self, config, &summary, g_steal_pointer (&http_status_counts),
                           g_steal_pointer (&run_error), repetition, order);
  return TRUE;
}

LabComparison *
lab_comparison_load (GInputStream  *stream,
                     GError       **error)
{
  g_autoptr(LabJsonReader) json = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(LabComparison) self = NULL;
  g_autoptr(GArray) models = g_array_new (FALSE, FALSE, sizeof (LabModel));
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(LabConfig) base = NULL;
  LabWorkloadKind workload;
  JsonObject *object;
  JsonNode *member;
  JsonArray *runs;
  LabJsonToken token;
  const char *format;
  guint runs_per_model;
  gint64 version;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  json = lab_json_reader_new (stream, NULL);
  token = lab_json_reader_next (json, error);
  if (token != LAB_JSON_TOKEN_BEGIN_OBJECT)
    return (lab_snapshot_wrong_type (error, "the document", "a JSON object", token), NULL);
  if ((root = lab_json_reader_read_node (json, token, MAX_NODES, error)) == NULL)
    return NULL;
  if ((token = lab_json_reader_next (json, error)) != LAB_JSON_TOKEN_END)
    return NULL;
  object = json_node_get_object (root);

  if ((member = member_of (object, NULL, "format", JSON_NODE_VALUE, G_TYPE_STRING, "a string", error)) == NULL)
    return NULL;
  format = json_node_get_string (member);
  if (g_strcmp0 (format, LAB_COMPARISON_FORMAT) != 0)
    {
      if (g_strcmp0 (format, LAB_SNAPSHOT_FORMAT) == 0)
        return (lab_snapshot_error (error, "format", "this is a run snapshot, not a comparison"), NULL);
      if (g_strcmp0 (format, "concurrency-lab-sweep") == 0)
        return (lab_snapshot_error (error, "format", "this is a sweep, not a comparison"), NULL);
      return (lab_snapshot_error (error, "format", "“%s” is not a Concurrency Lab comparison", format), NULL);
    }

  if ((member = member_of (object, NULL, "version", JSON_NODE_VALUE, G_TYPE_INT64, "an integer", error)) == NULL)
    return NULL;
  version = json_node_get_int (member);
  if (version > LAB_COMPARISON_VERSION)
    return (lab_snapshot_error (error, "version", "written by a newer Concurrency Lab (format version %"
                                G_GINT64_FORMAT "); this version reads %d", version,
                                LAB_COMPARISON_VERSION), NULL);
  if (version < 1)
    return (lab_snapshot_error (error, "version", "%" G_GINT64_FORMAT " is not a format version", version), NULL);

  if ((member = member_of (object, NULL, "created", JSON_NODE_VALUE, G_TYPE_STRING, "a date and time", error)) == NULL)
    return NULL;
  if ((created = g_date_time_new_from_iso8601 (json_node_get_string (member), NULL)) == NULL)
    return (lab_snapshot_error (error, "created", "“%s” is not a date and time (ISO 8601)",
                                json_node_get_string (member)), NULL);

  if ((member = member_of (object, NULL, "workload", JSON_NODE_VALUE, G_TYPE_STRING, "a string", error)) == NULL)
    return NULL;
  if (!lab_workload_kind_from_string (json_node_get_string (member), &workload))
    return (lab_snapshot_error (error, "workload", "expected primes or url"), NULL);

  if (!read_models (object, models, error) ||
      !member_uint (object, NULL, "runs_per_model", 1, MAX_RUNS_PER_MODEL, &runs_per_model, error))
    return NULL;

  if ((member = member_of (object, NULL, "runs", JSON_NODE_ARRAY, 0, "an array", error)) == NULL)
    return NULL;
  runs = json_node_get_array (member);
  if (json_array_get_length (runs) > models->len * runs_per_model)
    return (lab_snapshot_error (error, "runs", "more runs than models × runs_per_model"), NULL);

  /* The options every run shares: the first run's (or the defaults). */
  base = lab_config_new ();
  base->workload = workload;
  self = lab_comparison_new (base, (const LabModel *) (gpointer) models->data, models->len, runs_per_model);
  g_clear_pointer (&self->created, g_date_time_unref);
  self->created = g_steal_pointer (&created);
  /* measured there: the ideal speedup is that machine's, and so is what
   * it is written back with */
  if ((member = json_object_get_member (object, "environment")) != NULL && JSON_NODE_HOLDS_OBJECT (member))
    {
      self->environment = json_node_copy (member);
      self->cores = lab_environment_get_stored_cores (self->environment);
    }

  for (guint i = 0; i < json_array_get_length (runs); i++)
    if (!read_run (json_array_get_element (runs, i), i, models, runs_per_model, self, error))
      return NULL;

  if (self->runs->len > 0)
    {
      /* a sequential run's config says 1 worker: take another's if there is one */
      LabConfig *first = ((LabComparisonRun *) g_ptr_array_index (self->runs, 0))->config;

      for (guint i = 0; i < self->runs->len && first->model == LAB_MODEL_SEQUENTIAL; i++)
        first = ((LabComparisonRun *) g_ptr_array_index (self->runs, i))->config;
      lab_config_free (self->base);
      self->base = lab_config_copy (first);
      for (guint i = 0; i < self->runs->len; i++)
        {
          LabConfig *config = ((LabComparisonRun *) g_ptr_array_index (self->runs, i))->config;

          if (config->model == LAB_MODEL_PROCESSES)
            self->base->chunk_size = config->chunk_size;
          if (config->model == LAB_MODEL_THREADS)
            self->base->simulate_gil = config->simulate_gil;
        }
    }

  return g_steal_pointer (&self);
}
