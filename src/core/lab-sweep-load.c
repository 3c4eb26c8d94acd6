/* lab-sweep-load.c: a sweep read back from its JSON, defensively
 *
 * Only what the sweep was made of is read (the base config, the worker
 * counts, the machine's cores, the runs' summaries); the statistics, the
 * fit and the warnings in the document are derived again. A sweep is small
 * (summaries, no records): it is read as one bounded tree by the strict
 * streaming reader and checked member by member, the summaries by the
 * snapshot reader's own check. Every failure is a LAB_ERROR_SNAPSHOT whose
 * message names the place, as in "runs[3].summary.wall_seconds: expected a
 * number, found a string".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-config-json.h"
#include "lab-error.h"
#include "lab-json-reader.h"
#include "lab-snapshot-reader-private.h"
#include "lab-sweep-private.h"

/* A run's summary is about 40 nodes: room for 50 000 runs. */
#define MAX_NODES          2000000
#define MAX_RUNS_PER_POINT 1000
#define MAX_CORES          65536

#define fail lab_snapshot_error

static gboolean
holds (JsonNode *node,
       GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
read_int (JsonObject  *object,
          const char  *prefix,
          const char  *name,
          gint64       min,
          gint64       max,
          gint64      *out,
          GError     **error)
{
  JsonNode *node = lab_snapshot_get_member (object, prefix, name, error);
  g_autofree char *path = lab_snapshot_path_of (prefix, name);
  gint64 value;

  if (node == NULL)
    return FALSE;
  if (!holds (node, G_TYPE_INT64))
    return fail (error, path, "expected an integer");
  value = json_node_get_int (node);
  if (value < min || value > max)
    return fail (error, path, "%" G_GINT64_FORMAT " is out of range (%" G_GINT64_FORMAT " to %"
                 G_GINT64_FORMAT ")", value, min, max);
  *out = value;
  return TRUE;
}

static const char *
read_string (JsonObject  *object,
             const char  *prefix,
             const char  *name,
             gboolean     nullable,
             GError     **error)
{
  JsonNode *node = lab_snapshot_get_member (object, prefix, name, error);
  g_autofree char *path = lab_snapshot_path_of (prefix, name);

  if (node == NULL)
    return NULL;
  if (nullable && JSON_NODE_HOLDS_NULL (node))
    return "";
  if (!holds (node, G_TYPE_STRING))
    return fail (error, path, nullable ? "expected a string or null" : "expected a string"), NULL;
  return json_node_get_string (node);
}

static JsonObject *
read_object (JsonObject  *object,
             const char  *prefix,
             const char  *name,
             GError     **error)
{
  JsonNode *node = lab_snapshot_get_member (object, prefix, name, error);
  g_autofree char *path = lab_snapshot_path_of (prefix, name);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, path, "expected an object"), NULL;
  return json_node_get_object (node);
}

static JsonArray *
read_array (JsonObject  *object,
            const char  *prefix,
            const char  *name,
            guint        max_length,
            GError     **error)
{
  JsonNode *node = lab_snapshot_get_member (object, prefix, name, error);
  g_autofree char *path = lab_snapshot_path_of (prefix, name);
  JsonArray *array;

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, path, "expected an array"), NULL;
  array = json_node_get_array (node);
  if (json_array_get_length (array) > max_length)
    return fail (error, path, "%u elements, more than %u", json_array_get_length (array), max_length), NULL;
  return array;
}

static gboolean
read_document (GInputStream  *stream,
               JsonNode     **root,
               GError       **error)
{
  g_autoptr(LabJsonReader) json = lab_json_reader_new (stream, NULL);
  LabJsonToken token = lab_json_reader_next (json, error);

  if (token != LAB_JSON_TOKEN_BEGIN_OBJECT)
    return lab_snapshot_wrong_type (error, "the document", "a JSON object", token);
  if ((*root = lab_json_reader_read_node (json, token, MAX_NODES, error)) == NULL)
    return FALSE;
  if ((token = lab_json_reader_next (json, error)) != LAB_JSON_TOKEN_END)
    {
      g_clear_pointer (root, json_node_unref);
      return lab_snapshot_wrong_type (error, "the document", "its end", token);
    }
  return TRUE;
}

static gboolean
read_head (JsonObject  *root,
           GDateTime  **created,
           guint       *cores,
           GError     **error)
{
  const char *format, *text;
  JsonObject *environment;
  gint64 version, value;

  if ((format = read_string (root, NULL, "format", FALSE, error)) == NULL)
    return FALSE;
  if (strcmp (format, LAB_SWEEP_FORMAT) != 0)
    return fail (error, "format", "“%s” is not a sweep (expected “%s”)", format, LAB_SWEEP_FORMAT);
  if (!read_int (root, NULL, "version", 1, G_MAXINT64, &version, error))
    return FALSE;
  if (version > LAB_SWEEP_VERSION)
    return fail (error, "version", "%" G_GINT64_FORMAT " is newer than this Concurrency Lab reads (%d); "
                 "open it with a newer one", version, LAB_SWEEP_VERSION);
  if ((text = read_string (root, NULL, "created", FALSE, error)) == NULL)
    return FALSE;
  if ((*created = g_date_time_new_from_iso8601 (text, NULL)) == NULL)
    return fail (error, "created", "“%s” is not an ISO 8601 date and time", text);
  if ((environment = read_object (root, NULL, "environment", error)) == NULL ||
      !read_int (environment, "environment", "cores", 1, MAX_CORES, &value, error))
    return FALSE;
  *cores = (guint) value;
  return TRUE;
}

/* The top-level "workload" and "model", for readers, say what the config says. */
static gboolean
check_same (JsonObject  *root,
            const char  *name,
            const char  *expected,
            GError     **error)
{
  const char *value = read_string (root, NULL, name, FALSE, error);

  if (value == NULL)
    return FALSE;
  if (strcmp (value, expected) != 0)
    return fail (error, name, "“%s” where config.%s is “%s”", value, name, expected);
  return TRUE;
}

LabSweep *
lab_sweep_load (GInputStream  *stream,
                GError       **error)
{
  g_autoptr(JsonNode) root_node = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(LabConfig) config = NULL;
  g_autoptr(LabSweep) sweep = NULL;
  g_autoptr(GError) config_error = NULL;
  g_autofree guint *workers = NULL;
  g_autofree guint *repetitions = NULL;
  JsonObject *root;
  JsonArray *counts, *runs;
  gint64 runs_per_point;
  guint cores = 0, n_points;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  if (!read_document (stream, &root_node, error))
    return NULL;
  root = json_node_get_object (root_node);
  if (!read_head (root, &created, &cores, error))
    return NULL;

  if (!lab_snapshot_get_member (root, NULL, "config", error))
    return NULL;
  if ((config = lab_config_new_from_json (json_object_get_member (root, "config"), error)) == NULL)
    return NULL;
  if (config->model == LAB_MODEL_SEQUENTIAL)
    return fail (error, "config.model", "a sweep of sequential makes no sense: it runs one task at a time"), NULL;
  if (!lab_config_validate (config, &config_error))
    return lab_snapshot_config_error (error, "config", config_error), NULL;
  if (!check_same (root, "workload", lab_workload_kind_to_string (config->workload), error) ||
      !check_same (root, "model", lab_model_to_string (config->model), error))
    return NULL;

  if (!read_int (root, NULL, "runs_per_point", 1, MAX_RUNS_PER_POINT, &runs_per_point, error) ||
      (counts = read_array (root, NULL, "workers", LAB_SWEEP_MAX_POINTS, error)) == NULL)
    return NULL;
  n_points = json_array_get_length (counts);
  if (n_points == 0)
    return fail (error, "workers", "empty: a sweep has one worker count or more"), NULL;
  workers = g_new (guint, n_points);
  for (guint i = 0; i < n_points; i++)
    {
      JsonNode *node = json_array_get_element (counts, i);
      g_autofree char *path = g_strdup_printf ("workers[%u]", i);
      gint64 value;

      if (!holds (node, G_TYPE_INT64))
        return fail (error, path, "expected an integer"), NULL;
      value = json_node_get_int (node);
      if (value < 1 || value > LAB_MAX_WORKERS)
        return fail (error, path, "%" G_GINT64_FORMAT " is out of range (1 to %u)", value, LAB_MAX_WORKERS), NULL;
      if (i > 0 && value <= workers[i - 1])
        return fail (error, path, "%" G_GINT64_FORMAT " does not follow %u: the counts must increase",
                     value, workers[i - 1]), NULL;
      workers[i] = (guint) value;
    }

  if ((runs = read_array (root, NULL, "runs", n_points * (guint) runs_per_point, error)) == NULL)
    return NULL;

  sweep = lab_sweep_new (config, workers, n_points, (guint) runs_per_point);
  g_date_time_unref (sweep->created);
  sweep->created = g_steal_pointer (&created);
  sweep->cores = cores;
  sweep->environment = json_node_copy (json_object_get_member (root, "environment"));

  repetitions = g_new0 (guint, n_points);
  for (guint i = 0; i < json_array_get_length (runs); i++)
    {
      JsonNode *node = json_array_get_element (runs, i);
      g_autofree char *path = g_strdup_printf ("runs[%u]", i);
      g_autofree guint64 *http_status_counts = NULL;
      g_autofree char *message = NULL;
      g_autofree char *summary_path = NULL;
      JsonObject *run;
      LabSummary summary = { 0 };
      gint64 count, repetition;
      guint point = 0;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (error, path, "expected an object"), NULL;
      run = json_node_get_object (node);
      if (!read_int (run, path, "workers", 1, LAB_MAX_WORKERS, &count, error) ||
          !read_int (run, path, "repetition", 1, runs_per_point, &repetition, error))
        return NULL;
      while (point < n_points && workers[point] != count)
        point++;
      if (point == n_points)
        return fail (error, path, "workers: %" G_GINT64_FORMAT " is not one of the sweep's worker counts",
                     count), NULL;
      if (repetition != ++repetitions[point])
        return fail (error, path, "repetition: %" G_GINT64_FORMAT " where %u was expected for %"
                     G_GINT64_FORMAT " workers", repetition, repetitions[point], count), NULL;
      summary_path = g_strdup_printf ("%s.summary", path);
      if (!lab_snapshot_get_member (run, path, "summary", error))
        return NULL;
      if (config->workload == LAB_WORKLOAD_URL)
        http_status_counts = g_new0 (guint64, LAB_HTTP_STATUS_MAX);
      if (!lab_snapshot_read_summary (json_object_get_member (run, "summary"), summary_path, config,
                                      &summary, &message, http_status_counts, error))
        return NULL;
      lab_sweep_take_run (sweep, point, (guint) repetition, &summary,
                          g_steal_pointer (&http_status_counts), g_steal_pointer (&message));
    }

  return g_steal_pointer (&sweep);
}
