/* test-cli-sweep.c: `concurrency-lab sweep`, as a user runs it
 *
 * Spawns the built binary (LAB_CLI_PATH) and asserts exit statuses, what is
 * said on stderr, and the structure of what is written in each format.
 * Runs are small (2 000 primes, one or two runs a count): timing on this
 * shared machine is noisy, so no speedup is asserted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "lab-test-cli.h"

/* Bad input ----------------------------------------------------------------- */

static const struct {
  const char *args;
  const char *message;   /* on stderr, after "concurrency-lab: " */
} bad_inputs[] = {
  { "sweep --workers=", "--workers: the list is empty" },
  { "sweep --workers=' , '", "--workers: an empty item in “ , ”" },
  { "sweep --workers=0", "--workers: 0 is out of range; use 1 to 1024 for the threads model" },
  { "sweep --workers=abc", "--workers: “abc” is not a worker count; use whole numbers from 1 to 1024" },
  { "sweep --workers=1,,2", "--workers: an empty item in “1,,2”; separate worker counts with single commas" },
  { "sweep --workers=1,-2", "--workers: “-2” is not a worker count" },
  { "sweep --workers=2.5", "--workers: “2.5” is not a worker count" },
  { "sweep --workers=1,2000", "--workers: 2000 is out of range; use 1 to 1024 for the threads model" },
  { "sweep --model=processes --workers=1,300", "--workers: 300 is out of range; use 1 to 256 for the processes model" },
  { "sweep --workers=1,2,2", "--workers: 2 is listed twice; name each worker count once" },
  { "sweep --workers=1..8,4", "--workers: 4 is listed twice" },
  { "sweep --workers=8..2", "--workers: the range 8..2 goes down; write it from the smaller count (2..8)" },
  { "sweep --workers=1..x", "--workers: “x” is not a worker count" },
  { "sweep --model=sequential", "--model: a sweep of sequential makes no sense" },
  { "sweep --model=fibers", "--model: “fibers” is not a model" },
  { "sweep --runs=0", "--runs: 0 is out of range; use 1 to 1000" },
  { "sweep --runs=many", "--runs: “many” is not a whole number; use 1 to 1000" },
  { "sweep --runs=1001", "--runs: 1001 is out of range; use 1 to 1000" },
  { "sweep --chunk-size=4", "--chunk-size: applies only to --model=processes (this run uses threads)" },
  { "sweep --model=processes --simulate-gil", "--simulate-gil: applies only to --model=threads" },
  { "sweep --switch-interval=1ms", "--switch-interval: has an effect only with --simulate-gil" },
  { "sweep --workers=2,8 --max-in-flight=4", "--max-in-flight: 4 is fewer than the 8 workers" },
  { "sweep --workload=url --start=5", "--start: applies only to --workload=primes" },
  { "sweep --count=0", "--count: 0 is out of range" },
  { "sweep --format=xml", "--format: “xml” is not a format" },
  { "sweep --output=/nonexistent/dir/out.txt --workers=1 --count=10", "--output: cannot write" },
  { "sweep extra", "unexpected argument “extra”: sweep takes options only" },
};

static void
test_bad_input (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      g_autoptr(CliResult) result = lab_test_cli_run (bad_inputs[i].args);
      g_autofree char *expected = g_strdup_printf ("concurrency-lab: %s", bad_inputs[i].message);

      if (result->status != 2 || strstr (result->err, expected) == NULL)
        g_error ("“%s”: exit %d, stderr “%s”; expected exit 2 and “%s”",
                 bad_inputs[i].args, result->status, result->err, expected);
      g_assert_cmpstr (result->out, ==, "");
    }
}

static void
test_too_many_counts (void)
{
  GString *line = g_string_new ("sweep --workers=");
  g_autoptr(CliResult) result = NULL;

  for (guint i = 1; i <= 65; i++)
    g_string_append_printf (line, "%s%u", i > 1 ? "," : "", i);
  result = lab_test_cli_run (line->str);
  g_string_free (line, TRUE);

  g_assert_cmpint (result->status, ==, 2);
  g_assert_nonnull (strstr (result->err, "--workers: more than 64 worker counts; a sweep takes at most 64"));
}

static void
test_help (void)
{
  g_autoptr(CliResult) help = lab_test_cli_run ("sweep --help");
  g_autoptr(CliResult) top = lab_test_cli_run ("--help");

  g_assert_cmpint (help->status, ==, 0);
  g_assert_nonnull (strstr (help->out, "concurrency-lab sweep"));
  g_assert_nonnull (strstr (help->out, "--workers=N1,N2,…"));
  g_assert_nonnull (strstr (help->out, "--runs=R"));
  g_assert_nonnull (strstr (help->out, "1..64 is 1,2,4,8,16,32,64"));
  g_assert_nonnull (strstr (help->out, "Amdahl"));
  g_assert_cmpint (top->status, ==, 0);
  g_assert_nonnull (strstr (top->out, "  sweep "));
}

/* Formats ------------------------------------------------------------------- */

static void
test_text (void)
{
  g_autoptr(CliResult) result = lab_test_cli_run ("sweep --workers=2,1 --count=2000 --runs=2");
  g_auto(GStrv) lines = NULL;
  guint header = 0;

  g_assert_cmpint (result->status, ==, 0);
  g_assert_true (g_str_has_prefix (result->out, "Sweep: threads · primes · 2 000 tasks from 1 000 000 000 000"));
  g_assert_nonnull (strstr (result->out, "workers 1, 2 · 2 runs each, interleaved"));

  lines = g_strsplit (result->out, "\n", -1);
  while (lines[header] != NULL && !g_str_has_prefix (g_strchug (g_strdup (lines[header])), "workers  runs"))
    header++;
  g_assert_nonnull (lines[header]);
  g_assert_nonnull (strstr (lines[header], "wall (mean ± σ)"));
  g_assert_nonnull (strstr (lines[header], "Amdahl"));
  g_assert_true (g_str_has_prefix (g_strchug (lines[header + 1]), "1     2"));
  g_assert_true (g_str_has_prefix (g_strchug (lines[header + 2]), "2     2"));
  g_assert_cmpstr (lines[header + 3], ==, "");
  /* On any machine: a fit (1 and 2 workers on 2 or more cores), or a
   * warning that says why there is none. */
  g_assert_true (strstr (result->out, "Amdahl's law, fitted on 1 to 2 workers") != NULL ||
                 strstr (result->out, "not fitted") != NULL);
}

static void
test_csv (void)
{
  g_autoptr(CliResult) result = lab_test_cli_run ("sweep --workers=1..4 --count=2000 --runs=1 --format=csv");
  g_auto(GStrv) lines = NULL;
  guint n_fields;

  g_assert_cmpint (result->status, ==, 0);
  lines = g_strsplit (result->out, "\r\n", -1);
  /* The header, one row per count (1, 2, 4), and the empty rest. */
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 3 + 1);
  g_assert_cmpstr (lines[4], ==, "");
  g_assert_true (g_str_has_prefix (lines[0], "model,workload,workers,runs,runs_used,wall_mean_s,"));
  n_fields = g_strv_length (g_strsplit (lines[0], ",", -1));
  for (guint i = 1; i <= 3; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);
      g_autofree char *prefix = g_strdup_printf ("threads,primes,%u,1,1,", 1u << (i - 1));

      g_assert_cmpuint (g_strv_length (fields), ==, n_fields);
      g_assert_true (g_str_has_prefix (lines[i], prefix));
    }
}

static void
test_markdown (void)
{
  g_autoptr(CliResult) result = lab_test_cli_run ("sweep --workers=1,2,4 --count=2000 --runs=1 --format=markdown");
  g_auto(GStrv) lines = NULL;
  guint rows = 0, first = 0;

  g_assert_cmpint (result->status, ==, 0);
  g_assert_true (g_str_has_prefix (result->out, "## Concurrency Lab sweep: threads, primes"));
  lines = g_strsplit (result->out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] == '|')
      {
        if (rows++ == 0)
          first = i;
      }
  g_assert_cmpuint (rows, ==, 2 + 3);
  g_assert_true (g_str_has_prefix (lines[first], "| workers | runs | wall (mean ± σ) | throughput | p99 latency |"));
  g_assert_true (g_str_has_prefix (lines[first + 1], "| ---: |"));
  g_assert_true (g_str_has_prefix (lines[first + 2], "| 1 | 1 |"));
  g_assert_true (g_str_has_prefix (lines[first + 4], "| 4 | 1 |"));
}

static void
test_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lab-cli-sweep-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "sweep.json", NULL);
  g_autofree char *line = g_strdup_printf ("sweep --workers=1,2 --count=2000 --runs=2 --format=json --output=%s",
                                           path);
  g_autoptr(CliResult) result = lab_test_cli_run (line);
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *top, *fit;
  JsonArray *points, *runs;

  g_assert_no_error (error);
  g_assert_cmpint (result->status, ==, 0);
  g_assert_cmpstr (result->out, ==, "");
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  root = lab_test_parse_json (contents);
  top = json_node_get_object (root);

  g_assert_cmpstr (json_object_get_string_member (top, "format"), ==, "concurrency-lab-sweep");
  g_assert_cmpint (json_object_get_int_member (top, "version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (top, "model"), ==, "threads");
  g_assert_true (json_object_get_boolean_member (top, "complete"));
  points = json_object_get_array_member (top, "points");
  g_assert_cmpuint (json_array_get_length (points), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *point = json_array_get_object_element (points, i);

      g_assert_cmpint (json_object_get_int_member (point, "workers"), ==, i + 1);
      g_assert_cmpint (json_object_get_int_member (point, "runs_used"), ==, 2);
      g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (point, "throughput_per_second"),
                                                        "mean"), >, 0);
    }
  /* Interleaved: 1, 2, 1, 2. */
  runs = json_object_get_array_member (top, "runs");
  g_assert_cmpuint (json_array_get_length (runs), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *run = json_array_get_object_element (runs, i);

      g_assert_cmpint (json_object_get_int_member (run, "workers"), ==, i % 2 + 1);
      g_assert_cmpint (json_object_get_int_member (run, "repetition"), ==, i / 2 + 1);
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (run, "summary"), "state"),
                       ==, "done");
    }
  fit = json_object_get_object_member (top, "fit");
  g_assert_nonnull (fit);
  g_assert_true (json_object_has_member (fit, "serial_fraction"));
  g_assert_true (json_object_get_null_member (top, "saturation_workers"));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_url (void)
{
  g_autoptr(CliResult) result = lab_test_cli_run ("sweep --workload=url --model=async --workers=1..4 --count=20 --runs=1 "
                                         "--format=json");
  g_autoptr(CliResult) text = lab_test_cli_run ("sweep --workload=url --model=threads --workers=1,2 --count=10 --runs=1");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *top;

  g_assert_cmpint (result->status, ==, 0);
  root = lab_test_parse_json (result->out);
  top = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (top, "workload"), ==, "url");
  g_assert_true (json_object_get_null_member (top, "fit"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (top, "points")), ==, 3);

  /* Either finding is said in words; no Amdahl column for I/O work. */
  g_assert_cmpint (text->status, ==, 0);
  g_assert_true (strstr (text->out, "stops paying at") != NULL || strstr (text->out, "still growing at 2 workers") != NULL);
  g_assert_null (strstr (text->out, "Amdahl"));
}

static void
test_processes (void)
{
  g_autoptr(CliResult) result = lab_test_cli_run ("sweep --model=processes --workers=1,2 --count=2000 --runs=1 --format=csv");

  g_assert_cmpint (result->status, ==, 0);
  g_assert_nonnull (strstr (result->out, "\r\nprocesses,primes,1,1,1,"));
  g_assert_nonnull (strstr (result->out, "\r\nprocesses,primes,2,1,1,"));
}

static void
test_failed_tasks (void)
{
  /* Nothing listens on port 1: every task fails, the sweep is written, exit 1. */
  g_autoptr(CliResult) result = lab_test_cli_run ("sweep --workload=url --url=http://127.0.0.1:1/ --workers=1,2 --count=3 "
                                         "--runs=1 --format=csv");

  g_assert_cmpint (result->status, ==, 1);
  g_assert_nonnull (strstr (result->err, "[1/2] 1 worker, run 1 of 1"));
  g_assert_cmpuint (g_strv_length (g_strsplit (result->out, "\r\n", -1)), ==, 1 + 2 + 1);
}

/* Ctrl-C -------------------------------------------------------------------- */

static void
test_sigint (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lab-cli-sweep-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "partial.json", NULL);
  /* ~45 µs a task: each run takes seconds, far longer than the test waits. */
  g_autofree char *line = g_strdup_printf ("sweep --workers=1,2 --runs=3 --count=200000 --format=json --output=%s",
                                           path);
  g_autoptr(GSubprocess) process = lab_test_cli_spawn (line, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *err = NULL;
  double seconds;

  g_assert_no_error (error);
  g_assert_cmpint (lab_test_cli_interrupt (process, 1500, &seconds, &err), ==, 130);
  g_assert_nonnull (strstr (err, "concurrency-lab: interrupted; partial sweep written"));

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  root = lab_test_parse_json (contents);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (root), "complete"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "runs")), <, 6);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "points")), ==, 2);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/cli/sweep/bad-input", test_bad_input);
  g_test_add_func ("/lab/cli/sweep/too-many-counts", test_too_many_counts);
  g_test_add_func ("/lab/cli/sweep/help", test_help);
  g_test_add_func ("/lab/cli/sweep/text", test_text);
  g_test_add_func ("/lab/cli/sweep/csv", test_csv);
  g_test_add_func ("/lab/cli/sweep/markdown", test_markdown);
  g_test_add_func ("/lab/cli/sweep/json", test_json);
  g_test_add_func ("/lab/cli/sweep/url", test_url);
  g_test_add_func ("/lab/cli/sweep/processes", test_processes);
  g_test_add_func ("/lab/cli/sweep/failed-tasks", test_failed_tasks);
  g_test_add_func ("/lab/cli/sweep/sigint", test_sigint);

  return g_test_run ();
}
