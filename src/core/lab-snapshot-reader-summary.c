/* lab-snapshot-reader-summary.c: a snapshot's (or a comparison run's)
 * "summary" object, checked member by member against what
 * lab_snapshot_write_summary() writes: types, ranges and the counts adding
 * up, each message naming the member ("summary.wall_seconds: expected a
 * number, found a string").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "lab-snapshot-reader-private.h"

#define MAX_WALL_SECONDS  (400.0 * 24 * 3600)   /* longer than any run */
#define MAX_CPU           1e6                   /* cores */

static const char *
describe_node (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT: return "an object";
    case JSON_NODE_ARRAY:  return "an array";
    case JSON_NODE_NULL:   return "null";
    case JSON_NODE_VALUE:
    default:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        return "a string";
      if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        return json_node_get_boolean (node) ? "true" : "false";
      return "a number";
    }
}

static gboolean
node_is_number (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) &&
         (json_node_get_value_type (node) == G_TYPE_INT64 ||
          json_node_get_value_type (node) == G_TYPE_DOUBLE);
}

/* A finite number in [min, max]; null gives @if_null when @nullable. */
static gboolean
read_double (JsonObject  *object,
             const char  *prefix,
             const char  *name,
             double       min,
             double       max,
             gboolean     nullable,
             double      *out,
             GError     **error)
{
  g_autofree char *path = g_strdup_printf ("%s.%s", prefix, name);
  JsonNode *node;
  double value;

  if ((node = lab_snapshot_get_member (object, prefix, name, error)) == NULL)
    return FALSE;
  if (nullable && JSON_NODE_HOLDS_NULL (node))
    {
      *out = 0;
      return TRUE;
    }
  if (!node_is_number (node))
    return lab_snapshot_error (error, path, "expected a number, found %s", describe_node (node));
  value = json_node_get_double (node);
  if (!isfinite (value) || value < min || value > max)
    return lab_snapshot_error (error, path, "%g is out of range (%g to %g)", value, min, max);
  *out = value;
  return TRUE;
}

static gboolean
read_count (JsonObject  *object,
            const char  *prefix,
            const char  *name,
            guint64      max,
            guint64     *out,
            GError     **error)
{
  g_autofree char *path = g_strdup_printf ("%s.%s", prefix, name);
  JsonNode *node;
  gint64 value;

  if ((node = lab_snapshot_get_member (object, prefix, name, error)) == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return lab_snapshot_error (error, path, "expected an integer, found %s", describe_node (node));
  value = json_node_get_int (node);
  if (value < 0 || (guint64) value > max)
    return lab_snapshot_error (error, path, "%" G_GINT64_FORMAT " is out of range (0 to %"
                               G_GUINT64_FORMAT ")", value, max);
  *out = value;
  return TRUE;
}

static gboolean
read_http_status_counts (JsonObject  *object,
                         const char  *prefix,
                         guint64     *counts,
                         GError     **error)
{
  g_autoptr(GList) names = json_object_get_members (object);

  for (GList *l = names; l != NULL; l = l->next)
    {
      guint64 status, count;

      if (!g_ascii_string_to_unsigned (l->data, 10, 0, LAB_HTTP_STATUS_MAX - 1, &status, NULL))
        return lab_snapshot_error (error, prefix, "“%s” is not an HTTP status", (const char *) l->data);
      if (!read_count (object, prefix, l->data, LAB_MAX_COUNT, &count, error))
        return FALSE;
      if (counts != NULL)
        counts[status] = count;
    }
  return TRUE;
}

gboolean
lab_snapshot_read_summary (JsonNode         *node,
                           const char       *prefix,
                           const LabConfig  *config,
                           LabSummary       *s,
                           char            **error_message,
                           guint64          *http_status_counts,
                           GError          **error)
{
  g_autofree char *p_latency = g_strdup_printf ("%s.latency_ms", prefix);
  g_autofree char *p_lag = g_strdup_printf ("%s.loop_lag_ms", prefix);
  g_autofree char *p_state = g_strdup_printf ("%s.state", prefix);
  g_autofree char *p_error = g_strdup_printf ("%s.error", prefix);
  g_autofree char *p_startup = g_strdup_printf ("%s.startup_seconds", prefix);
  g_autofree char *p_total = g_strdup_printf ("%s.tasks_total", prefix);
  g_autofree char *p_counts = g_strdup_printf ("%s.http_status_counts", prefix);
  JsonObject *object, *latency;
  JsonNode *member;
  guint64 workers, max_concurrency, sum;
  const double big = 1e15;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return lab_snapshot_error (error, prefix, "expected an object, found %s", describe_node (node));
  object = json_node_get_object (node);

  if ((member = lab_snapshot_get_member (object, prefix, "state", error)) == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
    return lab_snapshot_error (error, p_state, "expected a string, found %s", describe_node (member));
  if (!lab_run_state_from_string (json_node_get_string (member), &s->state))
    return lab_snapshot_error (error, p_state, "“%s” is not a state of a run",
                               json_node_get_string (member));

  if ((member = lab_snapshot_get_member (object, prefix, "error", error)) == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
    *error_message = g_strdup (json_node_get_string (member));
  else if (!JSON_NODE_HOLDS_NULL (member))
    return lab_snapshot_error (error, p_error, "expected a string or null, found %s",
                               describe_node (member));

  if (!read_double (object, prefix, "wall_seconds", 0, MAX_WALL_SECONDS, FALSE, &s->wall_seconds, error) ||
      !read_double (object, prefix, "startup_seconds", 0, MAX_WALL_SECONDS, FALSE, &s->startup_seconds, error) ||
      !read_double (object, prefix, "task_seconds", 0, MAX_WALL_SECONDS, TRUE, &s->task_seconds, error) ||
      !read_count (object, prefix, "workers", LAB_MAX_WORKERS, &workers, error) ||
      !read_count (object, prefix, "tasks_total", LAB_MAX_COUNT, &s->tasks_total, error) ||
      !read_count (object, prefix, "tasks_ok", LAB_MAX_COUNT, &s->tasks_ok, error) ||
      !read_count (object, prefix, "tasks_failed", LAB_MAX_COUNT, &s->tasks_failed, error) ||
      !read_count (object, prefix, "tasks_timed_out", LAB_MAX_COUNT, &s->tasks_timed_out, error) ||
      !read_count (object, prefix, "tasks_cancelled", LAB_MAX_COUNT, &s->tasks_cancelled, error) ||
      !read_double (object, prefix, "throughput_per_second", 0, big, TRUE, &s->throughput_per_second, error) ||
      !read_double (object, prefix, "cpu_utilization", 0, MAX_CPU, FALSE, &s->cpu_utilization, error) ||
      !read_double (object, prefix, "parallel_efficiency", 0, big, TRUE, &s->parallel_efficiency, error) ||
      !read_double (object, prefix, "parallel_efficiency_with_startup", 0, big, TRUE,
                    &s->parallel_efficiency_with_startup, error) ||
      !read_count (object, prefix, "max_concurrency", LAB_MAX_COUNT, &max_concurrency, error) ||
      !read_double (object, prefix, "gil_wait_seconds", 0, big, TRUE, &s->gil_wait_seconds, error))
    return FALSE;
  s->workers = workers;
  s->max_concurrency = max_concurrency;

  if (s->startup_seconds > s->wall_seconds)
    return lab_snapshot_error (error, p_startup, "%g is longer than wall_seconds (%g)",
                               s->startup_seconds, s->wall_seconds);

  if ((member = lab_snapshot_get_member (object, prefix, "latency_ms", error)) == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (member))
    return lab_snapshot_error (error, p_latency, "expected an object, found %s", describe_node (member));
  latency = json_node_get_object (member);
  if (!read_double (latency, p_latency, "mean", 0, big, TRUE, &s->latency_ms.mean, error) ||
      !read_double (latency, p_latency, "stddev", 0, big, TRUE, &s->latency_ms.stddev, error) ||
      !read_double (latency, p_latency, "p50", 0, big, TRUE, &s->latency_ms.p50, error) ||
      !read_double (latency, p_latency, "p90", 0, big, TRUE, &s->latency_ms.p90, error) ||
      !read_double (latency, p_latency, "p99", 0, big, TRUE, &s->latency_ms.p99, error) ||
      !read_double (latency, p_latency, "p999", 0, big, TRUE, &s->latency_ms.p999, error) ||
      !read_double (latency, p_latency, "max", 0, big, TRUE, &s->latency_ms.max, error))
    return FALSE;

  if (config->workload == LAB_WORKLOAD_PRIMES)
    {
      if (!read_count (object, prefix, "primes_found", LAB_MAX_COUNT, &s->primes_found, error))
        return FALSE;
    }
  else
    {
      if (!read_count (object, prefix, "bytes_total", G_MAXINT64, &s->bytes_total, error))
        return FALSE;
      if ((member = lab_snapshot_get_member (object, prefix, "http_status_counts", error)) == NULL)
        return FALSE;
      if (!JSON_NODE_HOLDS_OBJECT (member))
        return lab_snapshot_error (error, p_counts, "expected an object, found %s",
                                   describe_node (member));
      if (!read_http_status_counts (json_node_get_object (member), p_counts, http_status_counts, error))
        return FALSE;
    }

  if (config->model == LAB_MODEL_ASYNC)
    {
      JsonObject *lag;

      if ((member = lab_snapshot_get_member (object, prefix, "loop_lag_ms", error)) == NULL)
        return FALSE;
      if (!JSON_NODE_HOLDS_OBJECT (member))
        return lab_snapshot_error (error, p_lag, "expected an object, found %s",
                                   describe_node (member));
      lag = json_node_get_object (member);
      if (!read_double (lag, p_lag, "p99", 0, big, TRUE, &s->loop_lag_p99_ms, error) ||
          !read_double (lag, p_lag, "max", 0, big, TRUE, &s->loop_lag_max_ms, error))
        return FALSE;
    }

  if (s->tasks_total != config->count)
    return lab_snapshot_error (error, p_total, "%" G_GUINT64_FORMAT
                               " does not match config.count (%" G_GUINT64_FORMAT ")",
                               s->tasks_total, config->count);
  sum = s->tasks_ok + s->tasks_failed + s->tasks_timed_out + s->tasks_cancelled;
  if (s->state >= LAB_RUN_STATE_DONE && sum != s->tasks_total)
    return lab_snapshot_error (error, prefix, "tasks_ok, tasks_failed, tasks_timed_out and "
                               "tasks_cancelled add up to %" G_GUINT64_FORMAT ", not tasks_total (%"
                               G_GUINT64_FORMAT ")", sum, s->tasks_total);
  s->tasks_recorded = sum;
  return TRUE;
}

