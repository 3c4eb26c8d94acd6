/* lab-sweep-load.c: a sweep read back from its JSON, defensively
 *
 * Only what the sweep was made of is read (the base config, the worker
 * counts, the runs' summaries); the statistics, the fit and the warnings in
 * the document are derived again. Every failure is a LAB_ERROR_SNAPSHOT
 * whose message names the place, as in "runs[3].summary.wall_seconds:
 * expected a number". A sweep is small: the document is read whole, up to
 * 64 MiB, and parsed by json-glib.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-config-json.h"
#include "lab-error.h"
#include "lab-sweep-private.h"

#define MAX_DOCUMENT_BYTES (64 * 1024 * 1024)
#define MAX_RUNS_PER_POINT 100000
#define MAX_CORES          65536

static gboolean
fail (GError     **error,
      const char  *path,
      const char  *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError     **error,
      const char  *path,
      const char  *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  return lab_error_set (error, LAB_ERROR_SNAPSHOT, "%s: %s", path, message);
}

/* @prefix.@name, or @name at the top. */
static char *
path_of (const char *prefix,
         const char *name)
{
  return prefix != NULL ? g_strdup_printf ("%s.%s", prefix, name) : g_strdup (name);
}

static JsonNode *
get_member (JsonObject  *object,
            const char  *prefix,
            const char  *name,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    {
      g_autofree char *path = path_of (prefix, name);
      fail (error, path, "missing");
    }
  return node;
}

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
  JsonNode *node = get_member (object, prefix, name, error);
  g_autofree char *path = path_of (prefix, name);
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

static gboolean
read_uint (JsonObject  *object,
           const char  *prefix,
           const char  *name,
           guint64     *out,
           GError     **error)
{
  gint64 value;

  if (!read_int (object, prefix, name, 0, G_MAXINT64, &value, error))
    return FALSE;
  *out = (guint64) value;
  return TRUE;
}

/* A number, or null for "not measured" (NaN). */
static gboolean
read_double (JsonObject  *object,
             const char  *prefix,
             const char  *name,
             double      *out,
             GError     **error)
{
  JsonNode *node = get_member (object, prefix, name, error);
  g_autofree char *path = path_of (prefix, name);

  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (node))
    *out = NAN;
  else if (holds (node, G_TYPE_INT64) || holds (node, G_TYPE_DOUBLE))
    *out = json_node_get_double (node);
  else
    return fail (error, path, "expected a number or null");
  return TRUE;
}

static const char *
read_string (JsonObject  *object,
             const char  *prefix,
             const char  *name,
             gboolean     nullable,
             GError     **error)
{
  JsonNode *node = get_member (object, prefix, name, error);
  g_autofree char *path = path_of (prefix, name);

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
  JsonNode *node = get_member (object, prefix, name, error);
  g_autofree char *path = path_of (prefix, name);

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
  JsonNode *node = get_member (object, prefix, name, error);
  g_autofree char *path = path_of (prefix, name);
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
read_latency (JsonObject        *summary,
              const char        *prefix,
              LabLatencySummary *latency,
              GError           **error)
{
  g_autofree char *path = path_of (prefix, "latency_ms");
  JsonObject *object = read_object (summary, prefix, "latency_ms", error);

  return object != NULL &&
         read_double (object, path, "mean", &latency->mean, error) &&
         read_double (object, path, "stddev", &latency->stddev, error) &&
         read_double (object, path, "p50", &latency->p50, error) &&
         read_double (object, path, "p90", &latency->p90, error) &&
         read_double (object, path, "p99", &latency->p99, error) &&
         read_double (object, path, "p999", &latency->p999, error) &&
         read_double (object, path, "max", &latency->max, error);
}

static gboolean
read_http_status_counts (JsonObject  *summary,
                         const char  *prefix,
                         guint64    **out,
                         GError     **error)
{
  g_autofree char *path = path_of (prefix, "http_status_counts");
  g_autofree guint64 *counts = g_new0 (guint64, LAB_HTTP_STATUS_MAX);
  JsonObject *object = read_object (summary, prefix, "http_status_counts", error);
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (object == NULL)
    return FALSE;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    {
      guint64 status;

      if (!g_ascii_string_to_unsigned (name, 10, 100, LAB_HTTP_STATUS_MAX - 1, &status, NULL))
        return fail (error, path, "“%s” is not an HTTP status (100 to %u)", name, LAB_HTTP_STATUS_MAX - 1);
      if (!read_uint (object, path, name, &counts[status], error))
        return FALSE;
    }

  *out = g_steal_pointer (&counts);
  return TRUE;
}

/* The "summary" object of lab_snapshot_write_summary(). */
static gboolean
read_summary (JsonObject       *run,
              const char       *run_path,
              const LabConfig  *config,
              LabSummary       *s,
              guint64         **http_status_counts,
              char            **error_message,
              GError          **error)
{
  g_autofree char *path = path_of (run_path, "summary");
  JsonObject *object = read_object (run, run_path, "summary", error);
  guint64 workers, max_concurrency;
  const char *state, *message;

  memset (s, 0, sizeof *s);
  if (object == NULL)
    return FALSE;

  if ((state = read_string (object, path, "state", FALSE, error)) == NULL)
    return FALSE;
  if (!lab_run_state_from_string (state, &s->state))
    {
      g_autofree char *state_path = path_of (path, "state");
      return fail (error, state_path, "“%s” is not a run state", state);
    }
  if ((message = read_string (object, path, "error", TRUE, error)) == NULL)
    return FALSE;

  if (!read_double (object, path, "wall_seconds", &s->wall_seconds, error) ||
      !read_double (object, path, "startup_seconds", &s->startup_seconds, error) ||
      !read_double (object, path, "task_seconds", &s->task_seconds, error) ||
      !read_uint (object, path, "workers", &workers, error) ||
      !read_uint (object, path, "tasks_total", &s->tasks_total, error) ||
      !read_uint (object, path, "tasks_ok", &s->tasks_ok, error) ||
      !read_uint (object, path, "tasks_failed", &s->tasks_failed, error) ||
      !read_uint (object, path, "tasks_timed_out", &s->tasks_timed_out, error) ||
      !read_uint (object, path, "tasks_cancelled", &s->tasks_cancelled, error) ||
      !read_double (object, path, "throughput_per_second", &s->throughput_per_second, error) ||
      !read_latency (object, path, &s->latency_ms, error) ||
      !read_double (object, path, "cpu_utilization", &s->cpu_utilization, error) ||
      !read_double (object, path, "parallel_efficiency", &s->parallel_efficiency, error) ||
      !read_double (object, path, "parallel_efficiency_with_startup",
                    &s->parallel_efficiency_with_startup, error) ||
      !read_uint (object, path, "max_concurrency", &max_concurrency, error) ||
      !read_double (object, path, "gil_wait_seconds", &s->gil_wait_seconds, error))
    return FALSE;
  s->workers = (guint) MIN (workers, G_MAXUINT);
  s->max_concurrency = (guint) MIN (max_concurrency, G_MAXUINT);
  s->tasks_recorded = s->tasks_ok + s->tasks_failed + s->tasks_timed_out + s->tasks_cancelled;

  if (config->workload == LAB_WORKLOAD_PRIMES)
    {
      if (!read_uint (object, path, "primes_found", &s->primes_found, error))
        return FALSE;
    }
  else if (!read_uint (object, path, "bytes_total", &s->bytes_total, error) ||
           !read_http_status_counts (object, path, http_status_counts, error))
    return FALSE;

  if (config->model == LAB_MODEL_ASYNC)
    {
      g_autofree char *lag_path = path_of (path, "loop_lag_ms");
      JsonObject *lag = read_object (object, path, "loop_lag_ms", error);

      if (lag == NULL ||
          !read_double (lag, lag_path, "p99", &s->loop_lag_p99_ms, error) ||
          !read_double (lag, lag_path, "max", &s->loop_lag_max_ms, error))
        return FALSE;
    }

  *error_message = *message != '\0' ? g_strdup (message) : NULL;
  return TRUE;
}

static gboolean
read_document (GInputStream  *stream,
               JsonNode      **root,
               GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GError) parse_error = NULL;
  guint8 buffer[65536];

  for (;;)
    {
      gssize n = g_input_stream_read (stream, buffer, sizeof buffer, NULL, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
      if (bytes->len + (gsize) n > MAX_DOCUMENT_BYTES)
        return lab_error_set (error, LAB_ERROR_SNAPSHOT, "the document is larger than %u MiB: not a sweep",
                              MAX_DOCUMENT_BYTES / (1024 * 1024));
      g_byte_array_append (bytes, buffer, n);
    }

  if (!json_parser_load_from_data (parser, (const char *) bytes->data, bytes->len, &parse_error))
    return lab_error_set (error, LAB_ERROR_SNAPSHOT, "not JSON: %s", parse_error->message);
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return lab_error_set (error, LAB_ERROR_SNAPSHOT, "not a sweep: the document is not a JSON object");

  *root = json_node_ref (json_parser_get_root (parser));
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

  if (!get_member (root, NULL, "config", error))
    return NULL;
  if ((config = lab_config_new_from_json (json_object_get_member (root, "config"), error)) == NULL)
    return NULL;
  if (config->model == LAB_MODEL_SEQUENTIAL)
    return fail (error, "config.model", "a sweep of sequential makes no sense: it runs one task at a time"), NULL;
  if (!lab_config_validate (config, &config_error))
    return fail (error, "config", "%s", config_error->message), NULL;
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
      JsonObject *run;
      LabSummary summary;
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
      if (!read_summary (run, path, config, &summary, &http_status_counts, &message, error))
        return NULL;
      lab_sweep_take_run (sweep, point, (guint) repetition, &summary,
                          g_steal_pointer (&http_status_counts), g_steal_pointer (&message));
    }

  return g_steal_pointer (&sweep);
}
