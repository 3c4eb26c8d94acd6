/* test-snapshot-load.c: snapshots and comparisons read back — exact round
 * trips on real runs of every model, and a clear error for each kind of
 * damage
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "lab-comparison.h"
#include "lab-error.h"
#include "lab-lab-server.h"
#include "lab-report.h"
#include "lab-snapshot-reader.h"
#include "lab-test-snapshot.h"

#define START G_GUINT64_CONSTANT (1000000000000)

/* Like g_assert_cmpstr(), but says where two long texts part. */
#define assert_same_text(a, b) assert_same_text_at (__FILE__, __LINE__, (a), (b))

static void
assert_same_text_at (const char *file,
                     int         line,
                     const char *a,
                     const char *b)
{
  gsize i = 0;

  while (a[i] != '\0' && a[i] == b[i])
    i++;
  if (a[i] != b[i])
    {
      gsize from = i > 60 ? i - 60 : 0;
      g_autofree char *x = g_strndup (a + from, 120);
      g_autofree char *y = g_strndup (b + from, 120);

      g_error ("%s:%d: the texts differ at byte %" G_GSIZE_FORMAT ":\n%s\n---\n%s", file, line, i, x, y);
    }
}

static LabRun *
load_text (const char  *text,
           gssize       length,
           GError     **error)
{
  g_autoptr(GInputStream) stream = NULL;

  if (length < 0)
    length = strlen (text);
  stream = g_memory_input_stream_new_from_data (g_memdup2 (text, length), length, g_free);
  return lab_snapshot_load (stream, NULL, error);
}

static void
assert_same_records (LabRun *a,
                     LabRun *b)
{
  g_autoptr(GArray) x = lab_run_dup_records_by_index (a);
  g_autoptr(GArray) y = lab_run_dup_records_by_index (b);

  g_assert_cmpuint (x->len, ==, y->len);
  for (guint i = 0; i < x->len; i++)
    {
      LabTaskRecord *r = &g_array_index (x, LabTaskRecord, i);
      LabTaskRecord *s = &g_array_index (y, LabTaskRecord, i);

      g_assert_cmpuint (r->index, ==, s->index);
      g_assert_cmpint (r->start_us, ==, s->start_us);
      g_assert_cmpint (r->end_us, ==, s->end_us);
      g_assert_cmpuint (r->worker, ==, s->worker);
      g_assert_cmpuint (r->status, ==, s->status);
      g_assert_cmpuint (r->message_id, ==, s->message_id);
      g_assert_cmpuint (r->bytes, ==, s->bytes);
      g_assert_cmpuint (r->http_status, ==, s->http_status);
      if (r->http_status != 0)
        g_assert_cmpuint (r->ttfb_us, ==, s->ttfb_us);
      if (lab_run_get_config (a)->simulate_gil)
        g_assert_cmpuint (r->gil_wait_us, ==, s->gil_wait_us);
      if (r->status == LAB_TASK_OK)
        g_assert_cmpuint (r->is_prime, ==, s->is_prime);
    }
}

static void
assert_same_aggregates (LabRun *a,
                        LabRun *b)
{
  const LabSeriesBin *x, *y;
  const LabWorkerStats *wx, *wy;
  gsize nx, ny;
  guint mx, my;

  lab_run_lock (a);
  lab_run_lock (b);
  x = lab_run_peek_bins (a, &nx);
  y = lab_run_peek_bins (b, &ny);
  g_assert_cmpuint (nx, ==, ny);
  for (gsize i = 0; i < nx; i++)
    {
      g_assert_cmpuint (x[i].done, ==, y[i].done);
      g_assert_cmpuint (x[i].failed, ==, y[i].failed);
      g_assert_cmpuint (x[i].cancelled, ==, y[i].cancelled);
      g_assert_cmpfloat (x[i].bytes, ==, y[i].bytes);
      g_assert_cmpfloat (x[i].busy, ==, y[i].busy);
      g_assert_cmpint (isnan (x[i].cpu), ==, isnan (y[i].cpu));
      if (!isnan (x[i].cpu))
        g_assert_cmpfloat_with_epsilon (x[i].cpu, y[i].cpu, 1e-12 * MAX (1, x[i].cpu));
      g_assert_cmpint (isnan (x[i].loop_lag_ms), ==, isnan (y[i].loop_lag_ms));
    }
  wx = lab_run_peek_workers (a, &mx);
  wy = lab_run_peek_workers (b, &my);
  g_assert_cmpuint (mx, ==, my);
  g_assert_cmpmem (wx, mx * sizeof *wx, wy, my * sizeof *wy);
  g_assert_cmpmem (lab_run_peek_http_status_counts (a), LAB_HTTP_STATUS_MAX * sizeof (guint64),
                   lab_run_peek_http_status_counts (b), LAB_HTTP_STATUS_MAX * sizeof (guint64));
  lab_run_unlock (b);
  lab_run_unlock (a);
}

/* write(load(write(run))) == write(run), and the same summary. */
static LabRun *
assert_round_trip (LabRun *run)
{
  g_autofree char *first = lab_test_write_snapshot (run);
  g_autofree char *second = NULL;
  g_autoptr(GError) error = NULL;
  LabRun *loaded;
  LabSummary s1, s2;

  loaded = load_text (first, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_true (lab_run_is_finished (loaded));
  g_assert_cmpint (lab_run_get_state (loaded), ==, lab_run_get_state (run));

  second = lab_test_write_snapshot (loaded);
  assert_same_text (first, second);

  lab_run_get_summary (run, &s1);
  lab_run_get_summary (loaded, &s2);
  /* The median loop lag is not in the snapshot (only p99 and max). */
  s1.loop_lag_p50_ms = s2.loop_lag_p50_ms = 0;
  g_assert_cmpmem (&s1, sizeof s1, &s2, sizeof s2);

  g_assert_true (g_date_time_equal (lab_run_get_created (run), lab_run_get_created (loaded)));
  g_assert_cmpint (lab_run_get_elapsed (run), ==, lab_run_get_elapsed (loaded));
  if (lab_run_get_error (run) != NULL)
    g_assert_cmpstr (lab_run_get_error (run)->message, ==, lab_run_get_error (loaded)->message);
  else
    g_assert_null (lab_run_get_error (loaded));

  assert_same_records (run, loaded);
  assert_same_aggregates (run, loaded);
  return loaded;
}

static void
test_round_trip_primes (gconstpointer data)
{
  g_autoptr(LabConfig) config = lab_config_new ();
  g_autoptr(LabRun) run = NULL;
  g_autoptr(LabRun) loaded = NULL;
  LabSummary summary;
  const char *name = data;

  config->start = START;
  config->count = 600;
  config->workers = 3;
  if (g_str_equal (name, "threads-gil"))
    {
      config->model = LAB_MODEL_THREADS;
      config->simulate_gil = TRUE;
    }
  else
    g_assert_true (lab_model_from_string (name, &config->model));

  run = lab_test_run_config (config);
  g_assert_cmpint (lab_run_get_state (run), ==, LAB_RUN_STATE_DONE);
  loaded = assert_round_trip (run);

  lab_run_get_summary (loaded, &summary);
  g_assert_cmpuint (summary.tasks_ok, ==, 600);
  g_assert_cmpuint (summary.primes_found, ==, lab_test_count_primes (START, 600));
  if (config->model == LAB_MODEL_ASYNC)
    g_assert_cmpfloat (summary.loop_lag_max_ms, >, 0);
}

static void
test_round_trip_url (gconstpointer data)
{
  g_autoptr(LabLabServer) server = lab_lab_server_new (0);
  g_autoptr(LabConfig) config = lab_config_new ();
  g_autoptr(LabRun) run = NULL;
  g_autoptr(LabRun) loaded = NULL;
  g_autoptr(GError) error = NULL;
  LabSummary summary;
  char *urls[3] = { NULL, NULL, NULL };

  g_assert_true (lab_lab_server_start (server, &error));
  g_assert_no_error (error);
  urls[0] = lab_lab_server_dup_work_url (server, "size=300&fail=0.3");
  urls[1] = lab_lab_server_dup_work_url (server, "status=404&size=10");

  config->workload = LAB_WORKLOAD_URL;
  g_assert_true (lab_model_from_string (data, &config->model));
  config->workers = 4;
  config->count = 60;
  config->urls = g_strdupv (urls);
  g_free (urls[0]);
  g_free (urls[1]);

  run = lab_test_run_config (config);
  loaded = assert_round_trip (run);

  lab_run_get_summary (loaded, &summary);
  g_assert_cmpuint (summary.tasks_total, ==, 60);
  g_assert_cmpuint (summary.bytes_total, >, 0);
  g_assert_cmpuint (lab_run_peek_http_status_counts (loaded)[404], ==, 30);
}

static void
test_round_trip_cancelled (void)
{
  g_autoptr(LabConfig) config = lab_config_new ();
  g_autoptr(LabRun) run = NULL;
  g_autoptr(LabRun) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) records = NULL;
  guint never_started = 0;

  config->model = LAB_MODEL_THREADS;
  config->workers = 2;
  config->start = START;
  config->count = 400000;
  run = lab_test_run_and_cancel (config, 20, NULL, &error);
  g_assert_nonnull (run);
  g_assert_cmpint (lab_run_get_state (run), ==, LAB_RUN_STATE_CANCELLED);

  loaded = assert_round_trip (run);
  records = lab_run_dup_records_by_index (loaded);
  for (guint i = 0; i < records->len; i++)
    {
      LabTaskRecord *r = &g_array_index (records, LabTaskRecord, i);

      if (r->worker == LAB_WORKER_NONE)
        {
          g_assert_cmpuint (r->status, ==, LAB_TASK_CANCELLED);
          never_started++;
        }
    }
  g_assert_cmpuint (never_started, >, 0);
}

static void
test_round_trip_deadline (void)
{
  g_autoptr(LabConfig) config = lab_config_new ();
  g_autoptr(LabRun) run = NULL;
  g_autoptr(LabRun) loaded = NULL;
  LabSummary summary;

  config->model = LAB_MODEL_PROCESSES;
  config->workers = 2;
  config->start = START;
  config->count = 400000;
  config->deadline = 150 * G_TIME_SPAN_MILLISECOND;
  run = lab_test_run_config (config);
  g_assert_cmpint (lab_run_get_state (run), ==, LAB_RUN_STATE_DEADLINE_EXCEEDED);

  loaded = assert_round_trip (run);
  lab_run_get_summary (loaded, &summary);
  g_assert_cmpuint (summary.tasks_cancelled, >, 0);
  g_assert_cmpuint (summary.tasks_ok + summary.tasks_cancelled + summary.tasks_failed +
                    summary.tasks_timed_out, ==, 400000);
}

/* A small real snapshot, as text, for the malformed cases. */
static char *
small_snapshot (LabModel        model,
                LabWorkloadKind workload)
{
  g_autoptr(LabConfig) config = lab_config_new ();
  g_autoptr(LabRun) run = NULL;

  config->model = model;
  config->workers = 2;
  config->start = START;
  config->count = 5;
  g_assert (workload == LAB_WORKLOAD_PRIMES);
  run = lab_test_run_config (config);
  return lab_test_write_snapshot (run);
}

static char *
replace_first (const char *text,
               const char *pattern,
               const char *replacement)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GString) result = g_string_new (NULL);
  int start, end;

  g_assert_nonnull (regex);
  if (!g_regex_match (regex, text, 0, &match))
    g_error ("pattern “%s” not found", pattern);
  g_match_info_fetch_pos (match, 0, &start, &end);
  g_string_append_len (result, text, start);
  g_string_append (result, replacement);
  g_string_append (result, text + end);
  return g_string_free (g_steal_pointer (&result), FALSE);
}

static void
assert_load_fails (const char *text,
                   gssize      length,
                   const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = load_text (text, length, &error);

  g_assert_null (run);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_SNAPSHOT);
  if (strstr (error->message, expected) == NULL)
    g_error ("expected “%s” in the message “%s”", expected, error->message);
}

static void
test_malformed (void)
{
  static const struct { const char *pattern, *replacement, *message; } cases[] = {
    { "\"format\": \"[^\"]*\"", "\"format\": \"concurrency-lab-comparison\"",
      "format: this is a comparison, not a run snapshot" },
    { "\"format\": \"[^\"]*\"", "\"format\": \"concurrency-lab-sweep\"", "this is a sweep, not a run snapshot" },
    { "\"format\": \"[^\"]*\"", "\"format\": \"something-else\"", "format: “something-else” is not" },
    { "\"format\": \"[^\"]*\",", "", "format: missing" },
    { "\"version\": 1", "\"version\": 7",
      "version: written by a newer Concurrency Lab (format version 7); this version reads 1" },
    { "\"version\": 1", "\"version\": \"1\"", "version: expected an integer, found a string" },
    { "\"version\": 1", "\"version\": 01", "leading zero" },
    { "\"created\": \"[^\"]*\"", "\"created\": \"yesterday\"", "created: “yesterday” is not a date" },
    { "\"wall_seconds\": [^,]*", "\"wall_seconds\": \"1.5\"",
      "summary.wall_seconds: expected a number, found a string" },
    { "\"wall_seconds\": [^,]*", "\"wall_seconds\": NaN", "not valid JSON at line" },
    { "\"wall_seconds\": [^,]*", "\"wall_seconds\": 1e400", "summary.wall_seconds: inf is out of range" },
    { "\"wall_seconds\": [^,]*", "\"wall_seconds\": -1", "summary.wall_seconds: -1 is out of range" },
    { "\"wall_seconds\": [^,]*,", "", "summary.wall_seconds: missing" },
    { "\"state\": \"done\"", "\"state\": \"running\"", "summary.state: “running”: a run that had not finished" },
    { "\"state\": \"done\"", "\"state\": \"great\"", "summary.state: “great” is not a state" },
    { "\"tasks_ok\": 5", "\"tasks_ok\": 4", "summary: tasks_ok, tasks_failed, tasks_timed_out and tasks_cancelled add up to 4" },
    { "\"tasks_ok\": 5,\n    \"tasks_failed\": 0", "\"tasks_ok\": 4,\n    \"tasks_failed\": 1",
      "do not match the records" },
    { "\"workers\": 2,\n    \"count\"", "\"workers\": 0,\n    \"count\"", "config.workers: 0 is out of range" },
    { "\"count\": 5", "\"count\": 6", "summary.tasks_total: 5 does not match config.count (6)" },
    { "\"count\": 5", "\"count\": 18446744073709551616", "config.count" },
    { "\"model\": \"threads\"", "\"model\": 3", "config.model" },
    { "\"max_in_flight\": [0-9]+,\n    \"max_in_flight_auto\": true", "\"max_in_flight\": 1,\n    \"max_in_flight_auto\": false",
      "config.max_in_flight: 1 is fewer than the 2 workers" },
    { "\"bin_seconds\": 0.1", "\"bin_seconds\": 0.5", "series.bin_seconds: 0.5 is not supported" },
    { "\"done\": \\[", "\"done\": [0,", "series.failed: 1 bins, but series.done has 2" },
    { "\"cpu\": \\[", "\"cpu\": [0,0,0,0,0,", "series.cpu[2]: more bins than a run of" },
    { "\"cpu\": \\[", "\"cpu\": [\"x\",", "series.cpu[0]: expected a number or null, found a string" },
    { ",\n    \"loop_lag_ms\": \\[[^\\]]*\\]", "", "series.loop_lag_ms: missing" },
    { "\\{\"index\":0,", "{\"index\":77,", "tasks[0].index: 77 is out of range (0 to 4)" },
    { "\\{\"index\":1,", "{\"index\":0,", "tasks[1].index: task 0 is recorded twice" },
    { "\\{\"index\":0,", "{\"index\":18446744073709551616,", "tasks[0].index: 18446744073709551616 is out of range" },
    { "\\{\"index\":0,", "{\"index\":-1,", "tasks[0].index: -1 is out of range" },
    { "\\{\"index\":0,", "{\"index\":0.5,", "tasks[0].index: 0.5 is out of range" },
    { "\\{\"index\":0,", "{", "tasks[0].index: missing" },
    { "\"worker\":[0-9]+", "\"worker\":2", "tasks[0].worker: 2 is out of range (0 to 1)" },
    { "\"worker\":[0-9]+", "\"worker\":true", "tasks[0].worker: expected an integer or null, found true" },
    { "\"start_ms\":[0-9.]+", "\"start_ms\":-1", "tasks[0].start_ms: -1 is out of range" },
    { "\"end_ms\":[0-9.]+", "\"end_ms\":99999999", "tasks[0].end_ms: 99999999 is out of range" },
    { "\"start_ms\":[0-9.]+,\"end_ms\":[0-9.]+", "\"start_ms\":0.500,\"end_ms\":0.400",
      "tasks[0].end_ms: the task ends before it starts" },
    { "\"status\":\"ok\"", "\"status\":\"maybe\"", "tasks[0].status: “maybe” is not ok, failed" },
    { "\"status\":\"ok\"", "\"status\":3", "tasks[0].status: expected a string, found a number" },
    { "\"is_prime\":false", "\"is_prime\":\"no\"", "tasks[0].is_prime: expected true, false or null" },
    { "\"error\":null\\}", "\"error\":7}", "tasks[0].error: expected a string or null" },
    { "\n    \\{\"index\":0,[^\n]*", "", "tasks: 4 records, but config.count is 5" },
    { "\"tasks\": \\[", "\"tasks\": {", "tasks: expected an array, found an object" },
    { "\"tasks\": \\[", "\"tasks\": [[],", "tasks[0]: expected an object, found an array" },
    { "\"tasks\": \\[", "\"later\": [", "tasks: missing" },
    { "\\}\n  \\]\n\\}", "},\n  ]\n}", "a trailing comma" },
    { "\"cpu_model\": \"[^\"]*\"", "\"cpu_model\": \"a\x01" "b\"", "a control character" },
    { "\"cpu_model\": \"[^\"]*\"", "\"cpu_model\": \"a\\qb\"", "‘q’ is not an escape" },
    { "\"cpu_model\": \"[^\"]*\"", "\"cpu_model\": \"a\xc3\x28\"", "not valid UTF-8" },
    { "\"cpu_model\": \"[^\"]*\"", "\"cpu_model\": \"\\ud800\"", "a high surrogate without its low half" },
    { "\n\\}\n$", "\n}\n}", "after the end of the document" },
    { "\"config\":", "\"summary\": {}, \"config\":", "summary: found before “config”" },
  };
  g_autofree char *valid = small_snapshot (LAB_MODEL_THREADS, LAB_WORKLOAD_PRIMES);
  g_autoptr(LabRun) run = NULL;
  g_autoptr(GError) error = NULL;

  run = load_text (valid, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (run);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = replace_first (valid, cases[i].pattern, cases[i].replacement);

      g_test_message ("case %u: %s", i, cases[i].message);
      assert_load_fails (text, -1, cases[i].message);
    }
}

static void
test_malformed_structure (void)
{
  g_autofree char *valid = small_snapshot (LAB_MODEL_SEQUENTIAL, LAB_WORKLOAD_PRIMES);
  g_autoptr(GString) deep = g_string_new ("{\"format\": \"concurrency-lab-snapshot\", \"version\": 1, \"x\": ");
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autofree char *long_message = NULL;
  gsize length = strlen (valid);

  assert_load_fails ("", 0, "the file is empty");
  assert_load_fails ("   \n", -1, "the file ends where a value was expected");
  assert_load_fails ("[1, 2]", -1, "expected a JSON object, found an array");
  assert_load_fails ("{\"a\": 1}", -1, "format: missing");
  assert_load_fails (valid, length / 2, "not valid JSON");
  assert_load_fails (valid, length - 3, "not valid JSON");

  /* 100 000 levels of nesting stop at the limit, without recursion */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  assert_load_fails (deep->str, deep->len, "nested deeper than 64 levels");

  /* a string of 2 MB */
  g_string_append (huge, "{\"format\": \"");
  for (guint i = 0; i < 2 * 1024 * 1024; i++)
    g_string_append_c (huge, 'x');
  g_string_append (huge, "\"}");
  assert_load_fails (huge->str, huge->len, "a string longer than");

  /* a cancelled load says so */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (valid, length, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(LabRun) run = NULL;

    g_cancellable_cancel (cancellable);
    run = lab_snapshot_load (stream, cancellable, &error);
    g_assert_null (run);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }

  /* unknown members anywhere are ignored */
  {
    g_autofree char *a = replace_first (valid, "\"version\": 1,", "\"version\": 1, \"later\": {\"x\": [1, {}, null]},");
    g_autofree char *b = replace_first (a, "\\{\"index\":0,", "{\"note\":[\"n\"],\"index\":0,");
    g_autofree char *c = replace_first (b, "\"wall_seconds\"", "\"mood\": \"fine\", \"wall_seconds\"");
    g_autoptr(GError) error = NULL;
    g_autoptr(LabRun) run = load_text (c, -1, &error);

    g_assert_no_error (error);
    g_assert_nonnull (run);
    g_assert_cmpuint (lab_run_get_n_recorded (run), ==, 5);
  }

  /* a count of ten million with three tasks: refused without allocating them */
  {
    g_autofree char *a = replace_first (valid, "\"count\": 5", "\"count\": 10000000");
    g_autofree char *b = replace_first (a, "\"tasks_total\": 5", "\"tasks_total\": 10000000");
    g_autofree char *c = replace_first (b, "\"tasks_cancelled\": 0", "\"tasks_cancelled\": 9999995");

    assert_load_fails (c, -1, "tasks: 5 records, but config.count is 10000000");
  }

  long_message = g_strnfill (100000, 'e');
  {
    g_autofree char *error_member = g_strdup_printf ("\"error\":\"%s\"}", long_message);
    g_autofree char *a = replace_first (valid, "\"error\":null\\}", error_member);
    g_autoptr(GError) error = NULL;
    g_autoptr(LabRun) run = load_text (a, -1, &error);

    /* long, but a valid message: kept */
    g_assert_no_error (error);
    g_assert_nonnull (run);
  }
}

/* The environment of the machine a snapshot was made on is kept. */
static void
test_environment_kept (void)
{
  g_autofree char *valid = small_snapshot (LAB_MODEL_THREADS, LAB_WORKLOAD_PRIMES);
  g_autofree char *a = replace_first (valid, "\"cores\": [0-9]+", "\"cores\": 64");
  g_autofree char *b = replace_first (a, "\"cpu_model\": (\"[^\"]*\"|null)", "\"cpu_model\": \"Elsewhere 9000\"");
  g_autofree char *written = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = load_text (b, -1, &error);

  g_assert_no_error (error);
  written = lab_test_write_snapshot (run);
  assert_same_text (written, b);
  g_assert_nonnull (strstr (written, "\"cores\": 64"));
  g_assert_nonnull (lab_snapshot_get_environment (run));

  /* and the reports say so */
  {
    g_autofree char *text = lab_report_format_text (run);
    g_autofree char *markdown = lab_report_format_markdown (run);
    g_autofree char *machine = lab_snapshot_describe_machine (run, NULL);

    g_assert_true (g_str_has_prefix (machine, "64 cores (Elsewhere 9000)"));
    g_assert_nonnull (strstr (text, "64 cores (Elsewhere 9000)"));
    g_assert_nonnull (strstr (text, "(this machine has 64)"));
    g_assert_nonnull (strstr (markdown, "64 cores (Elsewhere 9000)"));
  }
}

/* A run that failed keeps its state and its error message. */
static void
test_failed_run (void)
{
  g_autofree char *valid = small_snapshot (LAB_MODEL_THREADS, LAB_WORKLOAD_PRIMES);
  g_autofree char *a = replace_first (valid, "\"state\": \"done\"", "\"state\": \"failed\"");
  g_autofree char *b = replace_first (a, "\"error\": null", "\"error\": \"the pool could not start: “x”\"");
  g_autofree char *written = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = load_text (b, -1, &error);

  g_assert_no_error (error);
  g_assert_cmpint (lab_run_get_state (run), ==, LAB_RUN_STATE_FAILED);
  g_assert_nonnull (lab_run_get_error (run));
  g_assert_cmpstr (lab_run_get_error (run)->message, ==, "the pool could not start: “x”");
  written = lab_test_write_snapshot (run);
  assert_same_text (written, b);
}

static char *
write_file (const char *text,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("lab-load-XXXXXX.json", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, text, length, &error));
  g_assert_no_error (error);
  return path;
}

static void
test_read_info (void)
{
  g_autofree char *valid = small_snapshot (LAB_MODEL_THREADS, LAB_WORKLOAD_PRIMES);
  g_autofree char *garbage = replace_first (valid, "\"series\": \\{", "\"series\": <<this is not JSON>> {");
  g_autofree char *path = write_file (garbage, -1);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = NULL;
  LabSnapshotInfo info;

  /* the head is read, and the damage after it is never seen */
  g_assert_true (lab_snapshot_read_info (file, &info, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.kind, ==, LAB_DOCUMENT_SNAPSHOT);
  g_assert_cmpint (info.version, ==, 1);
  g_assert_nonnull (info.created);
  g_assert_nonnull (info.config);
  g_assert_cmpint (info.config->model, ==, LAB_MODEL_THREADS);
  g_assert_cmpuint (info.config->count, ==, 5);
  g_assert_cmpint (info.summary.state, ==, LAB_RUN_STATE_DONE);
  g_assert_cmpuint (info.summary.tasks_ok, ==, 5);
  g_assert_cmpfloat (info.summary.wall_seconds, >, 0);
  g_assert_null (info.error);
  lab_snapshot_info_clear (&info);

  /* ... while loading the whole file finds it */
  run = lab_snapshot_load_file (file, NULL, &error);
  g_assert_null (run);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_SNAPSHOT);
  g_clear_error (&error);

  /* a damaged head is an error */
  {
    g_autofree char *bad = replace_first (valid, "\"wall_seconds\": [^,]*", "\"wall_seconds\": null");
    g_autofree char *bad_path = write_file (bad, -1);
    g_autoptr(GFile) bad_file = g_file_new_for_path (bad_path);

    g_assert_false (lab_snapshot_read_info (bad_file, &info, NULL, &error));
    g_assert_error (error, LAB_ERROR, LAB_ERROR_SNAPSHOT);
    g_assert_nonnull (strstr (error->message, "summary.wall_seconds"));
    g_clear_error (&error);
    g_unlink (bad_path);
  }

  /* a file that is not there */
  {
    g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/lab-snapshot.json");

    g_assert_false (lab_snapshot_read_info (missing, &info, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  g_unlink (path);
}

static LabComparison *
small_comparison (void)
{
  static const LabModel models[] = { LAB_MODEL_SEQUENTIAL, LAB_MODEL_THREADS };
  g_autoptr(LabConfig) base = lab_config_new ();
  LabComparison *comparison;

  base->start = START;
  base->count = 300;
  base->workers = 2;
  comparison = lab_comparison_new (base, models, 2, 2);
  for (guint m = 0; m < 2; m++)
    for (guint r = 1; r <= 2; r++)
      {
        g_autoptr(LabConfig) config = lab_comparison_dup_model_config (comparison, models[m]);
        g_autoptr(LabRun) run = lab_test_run_config (config);

        lab_comparison_add_run (comparison, run, r);
      }
  return comparison;
}

static char *
write_comparison (LabComparison *comparison)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (lab_comparison_write_json (comparison, stream, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (stream, "", 1, NULL, NULL, NULL));
  g_output_stream_close (stream, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
}

static LabComparison *
load_comparison (const char  *text,
                 GError     **error)
{
  g_autoptr(GInputStream) stream =
    g_memory_input_stream_new_from_data (g_strdup (text), strlen (text), g_free);

  return lab_comparison_load (stream, error);
}

static void
assert_same_stat (const LabStat *a,
                  const LabStat *b)
{
  g_assert_cmpfloat_with_epsilon (a->mean, b->mean, 1e-9 * MAX (1, fabs (a->mean)));
  g_assert_cmpfloat_with_epsilon (a->stddev, b->stddev, 1e-9 * MAX (1, fabs (a->stddev)));
  g_assert_cmpfloat_with_epsilon (a->median, b->median, 1e-9 * MAX (1, fabs (a->median)));
}

static void
test_comparison_round_trip (void)
{
  g_autoptr(LabComparison) comparison = small_comparison ();
  g_autoptr(LabComparison) loaded = NULL;
  g_autofree char *text = write_comparison (comparison);
  g_autofree char *again = NULL;
  g_autoptr(GError) error = NULL;

  loaded = load_comparison (text, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_cmpuint (lab_comparison_get_n_runs (loaded), ==, 4);
  g_assert_cmpuint (lab_comparison_get_n_models (loaded), ==, 2);
  g_assert_true (lab_comparison_is_complete (loaded));

  for (guint m = 0; m < 2; m++)
    {
      LabModel model = lab_comparison_get_model (comparison, m);
      LabModelStats a, b;

      g_assert_cmpint (lab_comparison_get_model (loaded, m), ==, model);
      lab_comparison_get_stats (comparison, model, &a);
      lab_comparison_get_stats (loaded, model, &b);
      g_assert_cmpuint (a.workers, ==, b.workers);
      g_assert_cmpuint (a.n_runs, ==, b.n_runs);
      g_assert_cmpuint (a.n_used, ==, b.n_used);
      g_assert_cmpuint (a.n_outliers, ==, b.n_outliers);
      assert_same_stat (&a.wall_seconds, &b.wall_seconds);
      assert_same_stat (&a.task_seconds, &b.task_seconds);
      assert_same_stat (&a.throughput_per_second, &b.throughput_per_second);
      assert_same_stat (&a.cpu_utilization, &b.cpu_utilization);
      g_assert_cmpfloat_with_epsilon (a.speedup, b.speedup, 1e-9 * MAX (1, a.speedup));
    }

  /* and it writes back the same runs (the statistics derived from them
   * may differ in the last of 15 digits) */
  again = write_comparison (loaded);
  g_assert_nonnull (strstr (again, "\"runs\": ["));
  assert_same_text (strstr (again, "\"runs\": ["), strstr (text, "\"runs\": ["));

  /* the machine it was measured on stays with it: its cores set the ideal
   * speedup, and it is written back and described as that machine */
  {
    g_autofree char *elsewhere = replace_first (text, "\"cores\": [0-9]+", "\"cores\": 1");
    g_autoptr(LabComparison) moved = load_comparison (elsewhere, &error);
    g_autofree char *moved_text = NULL;
    g_autofree char *markdown = NULL;
    LabModelStats stats;

    g_assert_no_error (error);
    lab_comparison_get_stats (moved, LAB_MODEL_THREADS, &stats);
    g_assert_cmpuint (stats.workers, ==, 2);
    g_assert_cmpfloat (stats.ideal_speedup, ==, 1);   /* min(2 workers, 1 core) */
    moved_text = write_comparison (moved);
    g_assert_nonnull (strstr (moved_text, "\"cores\": 1,"));
    markdown = lab_comparison_format_markdown (moved);
    g_assert_nonnull (strstr (markdown, "1 core"));
  }

  /* defensive as snapshots are */
  {
    g_autofree char *snapshot = small_snapshot (LAB_MODEL_SEQUENTIAL, LAB_WORKLOAD_PRIMES);
    g_autofree char *newer = replace_first (text, "\"version\": 1", "\"version\": 3");
    g_autofree char *wrong = replace_first (text, "\"wall_seconds\": [0-9][^,]*", "\"wall_seconds\": true");
    g_autoptr(LabComparison) none = NULL;

    none = load_comparison (snapshot, &error);
    g_assert_null (none);
    g_assert_error (error, LAB_ERROR, LAB_ERROR_SNAPSHOT);
    g_assert_nonnull (strstr (error->message, "this is a run snapshot, not a comparison"));
    g_clear_error (&error);

    none = load_comparison (newer, &error);
    g_assert_null (none);
    g_assert_nonnull (strstr (error->message, "written by a newer Concurrency Lab (format version 3)"));
    g_clear_error (&error);

    none = load_comparison (wrong, &error);
    g_assert_null (none);
    g_assert_nonnull (strstr (error->message, "runs[0].summary.wall_seconds: expected a number, found true"));
    g_clear_error (&error);

    /* and a snapshot loader given a comparison says so */
    assert_load_fails (text, -1, "this is a comparison, not a run snapshot");
  }

  /* read_info knows a comparison by its kind */
  {
    g_autofree char *path = write_file (text, -1);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    LabSnapshotInfo info;

    g_assert_true (lab_snapshot_read_info (file, &info, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (info.kind, ==, LAB_DOCUMENT_COMPARISON);
    g_assert_null (info.config);
    g_assert_nonnull (info.created);
    lab_snapshot_info_clear (&info);
    g_unlink (path);
  }
}

static void
test_sniff (void)
{
  g_autofree char *snapshot = small_snapshot (LAB_MODEL_SEQUENTIAL, LAB_WORKLOAD_PRIMES);
  const char *sweep = "{\n  \"format\" : \"concurrency-lab-sweep\", \"version\": 1}";

  g_assert_cmpint (lab_document_kind_sniff (snapshot, strlen (snapshot)), ==, LAB_DOCUMENT_SNAPSHOT);
  g_assert_cmpint (lab_document_kind_sniff (snapshot, 200), ==, LAB_DOCUMENT_SNAPSHOT);
  g_assert_cmpint (lab_document_kind_sniff (snapshot, 20), ==, LAB_DOCUMENT_UNKNOWN);
  g_assert_cmpint (lab_document_kind_sniff ("{\"format\":\"concurrency-lab-comparison\"}", 39), ==,
                   LAB_DOCUMENT_COMPARISON);
  g_assert_cmpint (lab_document_kind_sniff (sweep, strlen (sweep)), ==, LAB_DOCUMENT_SWEEP);
  g_assert_cmpint (lab_document_kind_sniff ("{\"format\": \"concurrency-lab-snapshot", 36), ==,
                   LAB_DOCUMENT_UNKNOWN);
  g_assert_cmpint (lab_document_kind_sniff ("{\"format\": 3}", 13), ==, LAB_DOCUMENT_UNKNOWN);
  g_assert_cmpint (lab_document_kind_sniff ("hello", 5), ==, LAB_DOCUMENT_UNKNOWN);
  g_assert_cmpint (lab_document_kind_sniff (NULL, 0), ==, LAB_DOCUMENT_UNKNOWN);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  LabRun **run = user_data;
  g_autoptr(GError) error = NULL;

  *run = lab_snapshot_load_file_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_load_file_async (void)
{
  g_autofree char *valid = small_snapshot (LAB_MODEL_ASYNC, LAB_WORKLOAD_PRIMES);
  g_autofree char *path = write_file (valid, -1);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(LabRun) run = NULL;
  g_autofree char *written = NULL;

  lab_snapshot_load_file_async (file, NULL, on_loaded, &run);
  while (run == NULL)
    g_main_context_iteration (NULL, TRUE);

  written = lab_test_write_snapshot (run);
  assert_same_text (written, valid);
  g_unlink (path);
}

/* The environment is what the machine said of itself: a foreign or edited
 * one (an object where a string belongs) loads, and is described without
 * what makes no sense. */
static void
test_odd_environment (void)
{
  g_autofree char *valid = small_snapshot (LAB_MODEL_THREADS, LAB_WORKLOAD_PRIMES);
  g_autofree char *odd = replace_first (valid, "\"os\": \"[^\"]*\"", "\"os\": {\"name\": [1, 2]}");
  g_autofree char *odd_cores = replace_first (odd, "\"cores\": [0-9]+", "\"cores\": \"many\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = NULL;
  g_autofree char *machine = NULL;
  guint cores = 0;

  g_assert_cmpstr (odd, !=, valid);
  run = load_text (odd_cores, -1, &error);
  g_assert_no_error (error);
  machine = lab_snapshot_describe_machine (run, &cores);
  g_assert_nonnull (machine);
  g_assert_null (strstr (machine, "{"));
  g_assert_cmpuint (cores, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/lab/snapshot-load/round-trip/sequential", "sequential", test_round_trip_primes);
  g_test_add_data_func ("/lab/snapshot-load/round-trip/threads", "threads", test_round_trip_primes);
  g_test_add_data_func ("/lab/snapshot-load/round-trip/threads-gil", "threads-gil", test_round_trip_primes);
  g_test_add_data_func ("/lab/snapshot-load/round-trip/processes", "processes", test_round_trip_primes);
  g_test_add_data_func ("/lab/snapshot-load/round-trip/async", "async", test_round_trip_primes);
  g_test_add_data_func ("/lab/snapshot-load/round-trip/url-async", "async", test_round_trip_url);
  g_test_add_data_func ("/lab/snapshot-load/round-trip/url-threads", "threads", test_round_trip_url);
  g_test_add_func ("/lab/snapshot-load/round-trip/cancelled", test_round_trip_cancelled);
  g_test_add_func ("/lab/snapshot-load/round-trip/deadline", test_round_trip_deadline);
  g_test_add_func ("/lab/snapshot-load/malformed/fields", test_malformed);
  g_test_add_func ("/lab/snapshot-load/malformed/structure", test_malformed_structure);
  g_test_add_func ("/lab/snapshot-load/environment", test_environment_kept);
  g_test_add_func ("/lab/snapshot-load/failed", test_failed_run);
  g_test_add_func ("/lab/snapshot-load/read-info", test_read_info);
  g_test_add_func ("/lab/snapshot-load/comparison", test_comparison_round_trip);
  g_test_add_func ("/lab/snapshot-load/sniff", test_sniff);
  g_test_add_func ("/lab/snapshot-load/odd-environment", test_odd_environment);
  g_test_add_func ("/lab/snapshot-load/async", test_load_file_async);

  return g_test_run ();
}
