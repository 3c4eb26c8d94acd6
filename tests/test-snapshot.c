/* test-snapshot.c: snapshots, reports, comparisons and the atomic writer,
 * on small real runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "lab-atomic-file.h"
#include "lab-comparison.h"
#include "lab-error.h"
#include "lab-json-writer.h"
#include "lab-report.h"
#include "lab-snapshot.h"
#include "lab-test-util.h"

#define START G_GUINT64_CONSTANT (1000000000000)

static LabRun *
run_primes (LabModel  model,
            guint     workers,
            guint64   start,
            guint64   count,
            gboolean  simulate_gil)
{
  g_autoptr(LabConfig) config = lab_config_new ();
  g_autoptr(GError) error = NULL;
  LabRun *run;

  config->model = model;
  config->workers = workers;
  config->start = start;
  config->count = count;
  config->simulate_gil = simulate_gil;

  run = lab_test_run (config, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (run);
  return run;
}

/* The bytes a writer produces, as a NUL-terminated string. */
typedef gboolean (*RunWriter) (LabRun *, GOutputStream *, GError **);

static char *
write_to_string (LabRun    *run,
                 RunWriter  writer)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (writer (run, stream, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (stream, "", 1, NULL, NULL, NULL));
  g_output_stream_close (stream, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
assert_member_type (JsonObject  *object,
                    const char  *name,
                    GType        type)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    g_error ("member “%s” is missing", name);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  if (json_node_get_value_type (node) != type &&
      !(type == G_TYPE_DOUBLE && json_node_get_value_type (node) == G_TYPE_INT64))
    g_error ("member “%s” is a %s, not a %s", name,
             g_type_name (json_node_get_value_type (node)), g_type_name (type));
}

static void
assert_number_or_null (JsonObject *object,
                       const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    g_error ("member “%s” is missing", name);
  if (!JSON_NODE_HOLDS_NULL (node))
    assert_member_type (object, name, G_TYPE_DOUBLE);
}

static guint64
get_uint (JsonObject *object,
          const char *name)
{
  assert_member_type (object, name, G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (object, name), >=, 0);
  return json_object_get_int_member (object, name);
}

/* Every documented key with its type, and the counts equal to the run's. */
static void
check_snapshot (LabRun *run)
{
  g_autofree char *text = write_to_string (run, lab_snapshot_write);
  g_autoptr(JsonNode) root = parse_json (text);
  const LabConfig *config = lab_run_get_config (run);
  JsonObject *top, *summary, *latency, *series, *environment;
  JsonArray *tasks, *workers, *done;
  static const char *summary_numbers[] = {
    "wall_seconds", "startup_seconds", "task_seconds", "throughput_per_second",
    "cpu_utilization", "parallel_efficiency", "parallel_efficiency_with_startup", "gil_wait_seconds",
  };
  static const char *latency_keys[] = { "mean", "stddev", "p50", "p90", "p99", "p999", "max" };
  static const char *series_arrays[] = { "done", "failed", "cancelled", "bytes", "in_flight", "cpu", "loop_lag_ms" };
  guint64 ok = 0, failed = 0, timed_out = 0, cancelled = 0, primes = 0, busy_tasks = 0, started = 0;
  LabSummary s;

  lab_run_get_summary (run, &s);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  top = json_node_get_object (root);

  g_assert_cmpstr (json_object_get_string_member (top, "format"), ==, "concurrency-lab-snapshot");
  g_assert_cmpint (json_object_get_int_member (top, "version"), ==, 1);
  {
    g_autoptr(GDateTime) created = g_date_time_new_from_iso8601 (json_object_get_string_member (top, "created"), NULL);
    g_assert_nonnull (created);
  }

  environment = json_object_get_object_member (top, "environment");
  g_assert_cmpint (get_uint (environment, "cores"), ==, g_get_num_processors ());
  g_assert_true (json_object_has_member (environment, "os"));
  g_assert_true (json_object_has_member (json_object_get_object_member (environment, "libraries"), "glib"));

  {
    JsonObject *c = json_object_get_object_member (top, "config");
    g_assert_cmpstr (json_object_get_string_member (c, "model"), ==, lab_model_to_string (config->model));
    g_assert_cmpint (json_object_get_int_member (c, "count"), ==, config->count);
  }

  summary = json_object_get_object_member (top, "summary");
  g_assert_cmpstr (json_object_get_string_member (summary, "state"), ==, lab_run_state_to_string (s.state));
  for (guint i = 0; i < G_N_ELEMENTS (summary_numbers); i++)
    assert_number_or_null (summary, summary_numbers[i]);
  g_assert_cmpuint (get_uint (summary, "tasks_total"), ==, config->count);
  g_assert_cmpuint (get_uint (summary, "tasks_ok"), ==, s.tasks_ok);
  g_assert_cmpuint (get_uint (summary, "tasks_failed"), ==, s.tasks_failed);
  g_assert_cmpuint (get_uint (summary, "tasks_timed_out"), ==, s.tasks_timed_out);
  g_assert_cmpuint (get_uint (summary, "tasks_cancelled"), ==, s.tasks_cancelled);
  g_assert_cmpuint (get_uint (summary, "max_concurrency"), ==, s.max_concurrency);
  g_assert_cmpuint (get_uint (summary, "primes_found"), ==, s.primes_found);
  g_assert_false (json_object_has_member (summary, "bytes_total"));
  g_assert_cmpint (json_object_has_member (summary, "loop_lag_ms"), ==, config->model == LAB_MODEL_ASYNC);
  latency = json_object_get_object_member (summary, "latency_ms");
  for (guint i = 0; i < G_N_ELEMENTS (latency_keys); i++)
    assert_number_or_null (latency, latency_keys[i]);

  series = json_object_get_object_member (top, "series");
  g_assert_cmpfloat (json_object_get_double_member (series, "bin_seconds"), ==, 0.1);
  assert_member_type (series, "startup_seconds", G_TYPE_DOUBLE);
  for (guint i = 0; i < G_N_ELEMENTS (series_arrays); i++)
    g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (series, series_arrays[i])));
  done = json_object_get_array_member (series, "done");
  {
    guint64 sum = 0;
    for (guint i = 0; i < json_array_get_length (done); i++)
      sum += json_array_get_int_element (done, i);
    g_assert_cmpuint (sum, ==, s.tasks_ok);
  }

  workers = json_object_get_array_member (top, "workers");
  g_assert_cmpuint (json_array_get_length (workers), ==, lab_config_get_effective_workers (config));
  for (guint i = 0; i < json_array_get_length (workers); i++)
    {
      JsonObject *w = json_array_get_object_element (workers, i);

      g_assert_cmpuint (get_uint (w, "id"), ==, i);
      assert_member_type (w, "busy_seconds", G_TYPE_DOUBLE);
      assert_number_or_null (w, "utilization");
      busy_tasks += get_uint (w, "tasks");
      get_uint (w, "failed");
      assert_member_type (w, "gil_wait_seconds", G_TYPE_DOUBLE);
    }

  /* Tasks: complete, sorted by index, with the documented keys. */
  tasks = json_object_get_array_member (top, "tasks");
  g_assert_cmpuint (json_array_get_length (tasks), ==, config->count);
  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      JsonObject *t = json_array_get_object_element (tasks, i);
      const char *status = json_object_get_string_member (t, "status");
      JsonNode *worker = json_object_get_member (t, "worker");

      g_assert_cmpuint (get_uint (t, "index"), ==, i);
      g_assert_nonnull (worker);
      if (!JSON_NODE_HOLDS_NULL (worker))
        {
          g_assert_cmpint (json_node_get_int (worker), <, lab_config_get_effective_workers (config));
          started++;
        }
      else
        g_assert_cmpstr (status, ==, "cancelled");
      g_assert_cmpfloat (json_object_get_double_member (t, "end_ms"), >=, json_object_get_double_member (t, "start_ms"));
      g_assert_true (json_object_has_member (t, "error"));
      g_assert_cmpint (json_object_has_member (t, "gil_wait_ms"), ==, config->simulate_gil);
      if (g_str_equal (status, "ok"))
        {
          ok++;
          primes += json_object_get_boolean_member (t, "is_prime");
        }
      else if (g_str_equal (status, "failed"))
        failed++;
      else if (g_str_equal (status, "timed-out"))
        timed_out++;
      else if (g_str_equal (status, "cancelled"))
        cancelled++;
      else
        g_error ("unknown status %s", status);
    }
  g_assert_cmpuint (ok, ==, s.tasks_ok);
  g_assert_cmpuint (failed, ==, s.tasks_failed);
  g_assert_cmpuint (timed_out, ==, s.tasks_timed_out);
  g_assert_cmpuint (cancelled, ==, s.tasks_cancelled);
  g_assert_cmpuint (primes, ==, s.primes_found);
  /* Each worker's task count adds up to the tasks that started. */
  g_assert_cmpuint (busy_tasks, ==, started);
}

static void
test_snapshot_models (void)
{
  const LabModel models[] = { LAB_MODEL_SEQUENTIAL, LAB_MODEL_THREADS, LAB_MODEL_ASYNC };

  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      g_autoptr(LabRun) run = run_primes (models[i], 2, START, 3000, FALSE);
      check_snapshot (run);
    }
}

static void
test_snapshot_seed (void)
{
  g_autoptr(LabRun) run = run_primes (LAB_MODEL_SEQUENTIAL, 1, 10000019, 10, FALSE);
  g_autofree char *text = write_to_string (run, lab_snapshot_write);
  g_autoptr(JsonNode) root = parse_json (text);
  JsonObject *summary = json_object_get_object_member (json_node_get_object (root), "summary");
  g_autofree guint8 *composite = lab_test_sieve (10000019, 10);
  JsonArray *tasks = json_object_get_array_member (json_node_get_object (root), "tasks");

  check_snapshot (run);
  g_assert_cmpuint (json_object_get_int_member (summary, "primes_found"), ==,
                    lab_test_count_primes (10000019, 10));
  for (guint i = 0; i < 10; i++)
    g_assert_cmpint (json_object_get_boolean_member (json_array_get_object_element (tasks, i), "is_prime"),
                     ==, !composite[i]);
}

static void
test_snapshot_gil (void)
{
  g_autoptr(LabRun) run = run_primes (LAB_MODEL_THREADS, 2, START, 500, TRUE);

  check_snapshot (run);
}

/* A run cut short: cancelled tasks that never started have a null worker,
 * and the snapshot still lists every task. */
static void
test_snapshot_partial (void)
{
  g_autoptr(LabConfig) config = lab_config_new ();
  g_autoptr(LabRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *tasks;
  gboolean saw_null_worker = FALSE;

  config->model = LAB_MODEL_SEQUENTIAL;
  config->count = 200000;
  config->start = START;
  config->deadline = 100 * G_TIME_SPAN_MILLISECOND;
  run = lab_test_run (config, NULL, &error);
  g_assert_nonnull (run);
  g_assert_cmpint (lab_run_get_state (run), ==, LAB_RUN_STATE_DEADLINE_EXCEEDED);

  check_snapshot (run);
  text = write_to_string (run, lab_snapshot_write);
  root = parse_json (text);
  tasks = json_object_get_array_member (json_node_get_object (root), "tasks");
  for (guint i = 0; i < json_array_get_length (tasks) && !saw_null_worker; i++)
    saw_null_worker = JSON_NODE_HOLDS_NULL (json_object_get_member (json_array_get_object_element (tasks, i), "worker"));
  g_assert_true (saw_null_worker);
}

static void
test_csv (void)
{
  g_autoptr(LabRun) run = run_primes (LAB_MODEL_THREADS, 2, START, 1000, FALSE);
  g_autofree char *text = write_to_string (run, lab_report_write_csv);
  g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);
  guint n_lines = g_strv_length (lines);
  LabSummary s;
  guint ok = 0, primes = 0;

  lab_run_get_summary (run, &s);
  /* header + one row per task + the empty string after the last CRLF */
  g_assert_cmpuint (n_lines, ==, 1000 + 2);
  g_assert_cmpstr (lines[n_lines - 1], ==, "");
  g_assert_cmpstr (lines[0], ==, "index,worker,start_ms,end_ms,duration_ms,status,is_prime,gil_wait_ms,error");
  for (guint i = 1; i <= 1000; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);
      g_autofree char *index = g_strdup_printf ("%u", i - 1);

      g_assert_cmpuint (g_strv_length (fields), ==, 9);
      g_assert_cmpstr (fields[0], ==, index);
      ok += g_str_equal (fields[5], "ok");
      primes += g_str_equal (fields[6], "true");
    }
  g_assert_cmpuint (ok, ==, s.tasks_ok);
  g_assert_cmpuint (primes, ==, s.primes_found);
}

static void
test_csv_quoting (void)
{
  g_autoptr(GString) line = g_string_new (NULL);

  lab_csv_append_field (line, "plain");
  g_string_append_c (line, ',');
  lab_csv_append_field (line, "a, \"quoted\"\nmessage");
  g_assert_cmpstr (line->str, ==, "plain,\"a, \"\"quoted\"\"\nmessage\"");
}

static void
test_markdown_and_text (void)
{
  g_autoptr(LabRun) run = run_primes (LAB_MODEL_ASYNC, 2, START, 1000, FALSE);
  g_autofree char *markdown = lab_report_format_markdown (run);
  g_autofree char *text = lab_report_format_text (run);
  g_autofree char *primes = NULL;
  LabSummary s;

  lab_run_get_summary (run, &s);
  primes = g_strdup_printf ("| Primes found | %" G_GUINT64_FORMAT " |", s.primes_found);

  g_assert_nonnull (strstr (markdown, "| Measure | Value |\n| --- | --- |\n"));
  g_assert_nonnull (strstr (markdown, "| State | done |"));
  g_assert_nonnull (strstr (markdown, "| Tasks ok | 1 000 |"));
  g_assert_nonnull (strstr (markdown, primes));
  g_assert_nonnull (strstr (markdown, "| Loop lag p99 / max |"));

  g_assert_nonnull (strstr (text, "State           done"));
  g_assert_nonnull (strstr (text, "1 000 ok · 0 failed · 0 timed out · 0 cancelled"));
  g_assert_nonnull (strstr (text, "Loop lag"));
  g_assert_nonnull (strstr (text, "p99.9"));
  g_assert_nonnull (strstr (text, "\nw0 "));
  g_assert_nonnull (strstr (text, "\nw1 "));
}

/* Many workers: the text keeps to a sensible number of worker lines. */
static void
test_text_many_workers (void)
{
  g_autoptr(LabRun) run = run_primes (LAB_MODEL_THREADS, 64, START, 640, FALSE);
  g_autofree char *text = lab_report_format_text (run);

  g_assert_nonnull (strstr (text, "\nw14 "));
  g_assert_null (strstr (text, "\nw15 "));
  g_assert_nonnull (strstr (text, "… and 49 more workers"));
}

static void
test_json_writer (void)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(LabJsonWriter) w = lab_json_writer_new (stream);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *old_locale = setlocale (LC_NUMERIC, NULL);
  g_autofree char *saved = g_strdup (old_locale);
  g_autofree char *text = NULL;
  JsonObject *object;

  /* A decimal comma in the locale must not reach the JSON. */
  setlocale (LC_NUMERIC, "de_DE.UTF-8");

  lab_json_writer_begin_object (w);
  lab_json_writer_member (w, "nan");
  lab_json_writer_double (w, NAN);
  lab_json_writer_member (w, "inf");
  lab_json_writer_double (w, INFINITY);
  lab_json_writer_member (w, "half");
  lab_json_writer_double (w, 0.5);
  lab_json_writer_member (w, "fixed");
  lab_json_writer_fixed (w, -1234, 3);
  lab_json_writer_member (w, "text");
  lab_json_writer_string (w, "quote \" backslash \\ newline \n tab \t bell \a");
  lab_json_writer_member (w, "inline");
  lab_json_writer_begin_array_inline (w);
  lab_json_writer_uint (w, G_MAXUINT64);
  lab_json_writer_null (w);
  lab_json_writer_begin_object_inline (w);
  lab_json_writer_end_object (w);
  lab_json_writer_end_array (w);
  lab_json_writer_end_object (w);
  g_assert_true (lab_json_writer_finish (w, &error));
  g_assert_no_error (error);
  setlocale (LC_NUMERIC, saved);

  g_output_stream_write_all (stream, "", 1, NULL, NULL, NULL);
  g_output_stream_close (stream, NULL, NULL);
  text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
  g_assert_nonnull (strstr (text, "\"inline\": [18446744073709551615,null,{}]"));
  g_assert_nonnull (strstr (text, "\"fixed\": -1.234"));
  g_assert_nonnull (strstr (text, "\"nan\": null"));
  g_assert_nonnull (strstr (text, "\"inf\": null"));

  root = parse_json (text);
  object = json_node_get_object (root);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (object, "nan")));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (object, "inf")));
  g_assert_cmpfloat (json_object_get_double_member (object, "half"), ==, 0.5);
  g_assert_cmpstr (json_object_get_string_member (object, "text"), ==,
                   "quote \" backslash \\ newline \n tab \t bell \a");
}

/* Statistics ------------------------------------------------------------- */

static void
test_stats (void)
{
  const double values[] = { 1.0, 2.0, 3.0, 4.0 };
  const double runs[] = { 1.00, 1.10, 0.90, 1.05, 3.00 };
  const double equal[] = { 2.0, 2.0, 2.0 };
  double z[G_N_ELEMENTS (runs)];
  double z_equal[G_N_ELEMENTS (equal)];
  LabStat stat;

  lab_stat_compute (&stat, values, 4);
  g_assert_cmpfloat_with_epsilon (stat.mean, 2.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (stat.stddev, sqrt (5.0 / 3.0), 1e-12);
  g_assert_cmpfloat_with_epsilon (stat.median, 2.5, 1e-12);
  g_assert_cmpfloat (stat.min, ==, 1.0);
  g_assert_cmpfloat (stat.max, ==, 4.0);

  lab_stat_compute (&stat, values, 1);
  g_assert_cmpfloat (stat.stddev, ==, 0);

  /* median 1.05, MAD 0.05: 3.00 is 39 MADs away, the others at most 3 */
  lab_modified_zscores (runs, G_N_ELEMENTS (runs), z);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpfloat (fabs (z[i]), <=, 3.0 + 1e-9);
  g_assert_cmpfloat_with_epsilon (z[4], 39.0, 1e-9);
  g_assert_cmpfloat (z[4], >, LAB_OUTLIER_THRESHOLD);

  /* Equal runs: a MAD of 0 must not divide by zero nor flag anything. */
  lab_modified_zscores (equal, G_N_ELEMENTS (equal), z_equal);
  for (guint i = 0; i < G_N_ELEMENTS (equal); i++)
    g_assert_cmpfloat (z_equal[i], ==, 0);
}

static void
test_comparison (void)
{
  const LabModel models[] = { LAB_MODEL_SEQUENTIAL, LAB_MODEL_THREADS };
  g_autoptr(LabConfig) base = lab_config_new ();
  g_autoptr(LabComparison) comparison = NULL;
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *table = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *markdown = NULL;
  g_auto(GStrv) csv_lines = NULL;
  LabModelStats seq, threads;
  JsonObject *speedup;

  base->count = 2000;
  base->workers = 2;
  base->chunk_size = 8;   /* processes only: dropped for the others */
  comparison = lab_comparison_new (base, models, 2, 2);

  for (guint rep = 1; rep <= 2; rep++)
    for (guint m = 0; m < 2; m++)
      {
        g_autoptr(LabConfig) config = lab_comparison_dup_model_config (comparison, models[m]);
        g_autoptr(LabRun) run = NULL;

        g_assert_cmpuint (config->chunk_size, ==, 0);
        g_assert_true (lab_config_validate (config, NULL));
        run = lab_test_run (config, NULL, &error);
        g_assert_no_error (error);
        g_assert_false (lab_comparison_is_complete (comparison));
        lab_comparison_add_run (comparison, run, rep);
      }
  g_assert_true (lab_comparison_is_complete (comparison));

  lab_comparison_get_stats (comparison, LAB_MODEL_SEQUENTIAL, &seq);
  lab_comparison_get_stats (comparison, LAB_MODEL_THREADS, &threads);
  g_assert_cmpuint (seq.n_used, ==, 2);
  g_assert_cmpuint (threads.n_used, ==, 2);
  g_assert_cmpuint (threads.workers, ==, 2);
  g_assert_true (threads.has_speedup);
  g_assert_cmpfloat (seq.speedup, ==, 1.0);
  /* The definitions, not the machine: speedup is the ratio of the means. */
  g_assert_cmpfloat_with_epsilon (threads.speedup, seq.task_seconds.mean / threads.task_seconds.mean, 1e-9);
  g_assert_cmpfloat_with_epsilon (threads.speedup_with_startup,
                                  seq.wall_seconds.mean / threads.wall_seconds.mean, 1e-9);
  g_assert_cmpfloat_with_epsilon (threads.efficiency, threads.speedup / 2, 1e-9);
  g_assert_cmpfloat (threads.speedup_stddev, >=, 0);

  g_assert_true (lab_comparison_write_json (comparison, stream, &error));
  g_assert_no_error (error);
  g_output_stream_write_all (stream, "", 1, NULL, NULL, NULL);
  g_output_stream_close (stream, NULL, NULL);
  text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
  root = parse_json (text);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "format"), ==,
                   "concurrency-lab-comparison");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "runs")), ==, 4);
  speedup = json_object_get_object_member (json_node_get_object (root), "speedup");
  g_assert_true (json_object_has_member (json_object_get_object_member (speedup, "threads"), "task"));
  g_assert_true (json_object_has_member (json_object_get_object_member (speedup, "threads"), "with_startup"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (
                                    json_object_get_object_member (json_object_get_object_member (speedup, "threads"), "task"),
                                    "mean"), threads.speedup, 1e-9);

  table = lab_comparison_format_text (comparison);
  g_assert_nonnull (strstr (table, "sequential"));
  g_assert_nonnull (strstr (table, "speedup"));
  csv = lab_comparison_format_csv (comparison);
  csv_lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (csv_lines), ==, 4);   /* header, 2 models, "" */
  g_assert_true (g_str_has_prefix (csv_lines[2], "threads,2,2,2,"));
  markdown = lab_comparison_format_markdown (comparison);
  g_assert_nonnull (strstr (markdown, "| model | workers |"));
}

static void
test_comparison_no_baseline (void)
{
  const LabModel models[] = { LAB_MODEL_THREADS };
  g_autoptr(LabConfig) base = lab_config_new ();
  g_autoptr(LabComparison) comparison = NULL;
  g_autoptr(LabConfig) config = NULL;
  g_autoptr(LabRun) run = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  LabModelStats stats;
  gboolean said_so = FALSE;

  base->count = 100;
  comparison = lab_comparison_new (base, models, 1, 1);
  config = lab_comparison_dup_model_config (comparison, LAB_MODEL_THREADS);
  run = lab_test_run (config, NULL, NULL);
  lab_comparison_add_run (comparison, run, 1);

  lab_comparison_get_stats (comparison, LAB_MODEL_THREADS, &stats);
  g_assert_false (stats.has_speedup);
  g_assert_true (isnan (stats.speedup));
  warnings = lab_comparison_dup_warnings (comparison);
  for (guint i = 0; i < warnings->len; i++)
    said_so |= strstr (g_ptr_array_index (warnings, i), "sequential is not among --models") != NULL;
  g_assert_true (said_so);
}

/* The atomic writer ------------------------------------------------------- */

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
test_atomic_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lab-atomic-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "out.json", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-dir", "out.json", NULL);
  g_autofree char *contents = NULL;
  LabAtomicFile *file;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));

  /* Committed: the new contents, and no temporary file left. */
  file = lab_atomic_file_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_entries (dir), ==, 2);   /* the old file and the temporary one */
  g_assert_true (g_output_stream_write_all (lab_atomic_file_get_stream (file), "new", 3, NULL, NULL, NULL));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");           /* nothing visible before the commit */
  g_clear_pointer (&contents, g_free);
  g_assert_true (lab_atomic_file_commit (file, &error));
  g_assert_no_error (error);
  g_object_unref (file);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "new");
  g_clear_pointer (&contents, g_free);
  g_assert_cmpuint (count_entries (dir), ==, 1);

  /* Given up half-way (a writer failed): the old file stays, no temporary. */
  file = lab_atomic_file_new (path, &error);
  g_assert_true (g_output_stream_write_all (lab_atomic_file_get_stream (file), "half", 4, NULL, NULL, NULL));
  g_object_unref (file);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "new");
  g_clear_pointer (&contents, g_free);
  g_assert_cmpuint (count_entries (dir), ==, 1);

  /* The rename fails (the destination became a non-empty directory):
   * commit reports it and removes its temporary file. */
  {
    g_autofree char *blocked = g_build_filename (dir, "blocked", NULL);
    g_autofree char *inside = g_build_filename (blocked, "x", NULL);

    file = lab_atomic_file_new (blocked, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_mkdir (blocked, 0700), ==, 0);
    g_assert_true (g_file_set_contents (inside, "x", -1, NULL));
    g_assert_false (lab_atomic_file_commit (file, &error));
    g_assert_error (error, LAB_ERROR, LAB_ERROR_IO);
    g_clear_error (&error);
    g_object_unref (file);
    g_assert_cmpuint (count_entries (dir), ==, 2);   /* out.json and blocked/ */
    g_unlink (inside);
    g_rmdir (blocked);
  }

  /* A directory that does not exist, or a directory as the file: refused
   * up front. */
  g_assert_null (lab_atomic_file_new (missing, &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "No such file or directory"));
  g_clear_error (&error);
  g_assert_null (lab_atomic_file_new (dir, &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_IO);
  g_clear_error (&error);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/snapshot/models", test_snapshot_models);
  g_test_add_func ("/lab/snapshot/seed", test_snapshot_seed);
  g_test_add_func ("/lab/snapshot/gil", test_snapshot_gil);
  g_test_add_func ("/lab/snapshot/partial", test_snapshot_partial);
  g_test_add_func ("/lab/snapshot/json-writer", test_json_writer);
  g_test_add_func ("/lab/report/csv", test_csv);
  g_test_add_func ("/lab/report/csv-quoting", test_csv_quoting);
  g_test_add_func ("/lab/report/markdown-and-text", test_markdown_and_text);
  g_test_add_func ("/lab/report/many-workers", test_text_many_workers);
  g_test_add_func ("/lab/comparison/stats", test_stats);
  g_test_add_func ("/lab/comparison/speedup", test_comparison);
  g_test_add_func ("/lab/comparison/no-baseline", test_comparison_no_baseline);
  g_test_add_func ("/lab/atomic-file", test_atomic_file);

  return g_test_run ();
}
