/* test-cli.c: the concurrency-lab command line, as a user runs it
 *
 * Spawns the built binary (LAB_CLI_PATH) and asserts exit statuses, what is
 * said on stderr, and what is written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "lab-test-cli.h"
#include "lab-test-util.h"

/* Bad input ---------------------------------------------------------------- */

typedef struct
{
  const char *args;
  const char *message;   /* must appear on stderr, after "concurrency-lab: " */
} BadInput;

static const BadInput bad_inputs[] = {
  { "frob", "“frob” is not a command; use run" },
  { "no-such-snapshot.json", "no-such-snapshot.json: no such file" },
  { "--frob", "unknown option --frob" },
  { "run --frob", "Unknown option --frob" },
  { "run --model=fibers", "--model: “fibers” is not a model; use sequential, threads, processes or async" },
  { "run --workload=disk", "--workload: “disk” is not a workload; use primes or url" },
  { "run --format=xml", "--format: “xml” is not a format; use text, json, csv or markdown" },
  { "run --workers=0", "--workers: 0 is out of range; use 1 to 1024 for the threads model" },
  { "run --workers=100000", "--workers: 100000 is out of range; use 1 to 1024 for the threads model" },
  { "run --workers=lots", "--workers: “lots” is not a whole number" },
  { "run --model=processes --workers=300", "--workers: 300 is out of range; use 1 to 256 for the processes model" },
  { "run --model=sequential --workers=4", "--workers: the sequential model runs one task at a time" },
  { "run --count=0", "--count: 0 is out of range; use 1 to 10000000" },
  { "run --count=-5", "--count: “-5” is not a whole number" },
  { "run --start=18446744073709551615 --count=2",
    "--start: 18446744073709551615 + --count 2 goes past the largest 64-bit number" },
  { "run --start=18446744073709551616", "--start: 18446744073709551616 is out of range" },
  { "run '--timeout=5 parsecs'", "--timeout: “5 parsecs” is not a duration; use a number and a unit such as 250ms" },
  { "run --deadline=-1s", "--deadline: “-1s” is not a duration" },
  { "run --simulate-gil --switch-interval=2 --model=threads", "--switch-interval: “2” is not a duration" },
  { "run --chunk-size=8", "--chunk-size: applies only to --model=processes (this run uses threads)" },
  { "run --model=processes --chunk-size=0", "--chunk-size: 0 is out of range; use 1 to 65536" },
  { "run --model=async --simulate-gil", "--simulate-gil: applies only to --model=threads (this run uses async)" },
  { "run --switch-interval=1ms", "--switch-interval: has an effect only with --simulate-gil" },
  { "run --max-in-flight=0", "--max-in-flight: 0 is out of range" },
  { "run --workload=url --url=ftp://example.com/x",
    "--url: “ftp://example.com/x” uses the ftp scheme; only http:// and https:// are supported" },
  { "run --workload=url --url=http//nohost", "--url: “http//nohost” is not a URL" },
  { "run --workload=url --urls-file=/nonexistent/urls.txt", "--urls-file: " },
  { "run --url=http://127.0.0.1/", "--url: applies only to --workload=url (this run uses primes)" },
  { "run --workload=url --start=5", "--start: applies only to --workload=primes" },
  { "run --workload=url --max-body=lots", "--max-body: “lots” is not a size" },
  { "run --output=/nonexistent/dir/out.json",
    "--output: cannot write “/nonexistent/dir/out.json”: No such file or directory" },
  { "run extra", "unexpected argument “extra”: run takes options only" },
  { "compare --runs=0", "--runs: 0 is out of range; use 1 to 1000" },
  { "compare --runs=many", "--runs: “many” is not a whole number" },
  { "compare --models=", "--models: the list is empty" },
  { "compare --models=,", "--models: the list is empty" },
  { "compare --models=threads,fibers", "--models: “fibers” is not a model" },
  { "compare --models=threads,threads", "--models: threads is listed twice" },
  { "compare --models=threads --chunk-size=4",
    "--chunk-size: applies only to the processes model, which is not in --models (threads)" },
  { "compare --models=sequential,async --simulate-gil",
    "--simulate-gil: applies only to the threads model, which is not in --models (sequential,async)" },
  { "compare --models=sequential,processes --workers=300",
    "--workers: 300 is out of range; use 1 to 256 for the processes model" },
  { "compare --model=threads", "Unknown option --model" },
  { "compare --models=sequential extra", "unexpected argument “extra”" },
  { "compare --output=/nonexistent/dir/out.json", "--output: cannot write" },
};

static void
test_bad_input (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      g_autoptr(CliResult) result = lab_test_cli_run (bad_inputs[i].args);
      g_autofree char *expected = g_strconcat ("concurrency-lab: ", bad_inputs[i].message, NULL);

      if (result->status != 2 || strstr (result->err, expected) == NULL)
        g_error ("“concurrency-lab %s”: exit %d, stderr:\n%s\nexpected exit 2 and “%s”",
                 bad_inputs[i].args, result->status, result->err, expected);
      /* Nothing is run, nothing written. */
      g_assert_cmpstr (result->out, ==, "");
    }
}

static void
test_help_and_version (void)
{
  g_autoptr(CliResult) help = lab_test_cli_run ("--help");
  g_autoptr(CliResult) run_help = lab_test_cli_run ("run --help");
  g_autoptr(CliResult) compare_help = lab_test_cli_run ("help compare");
  g_autoptr(CliResult) version = lab_test_cli_run ("--version");

  g_assert_cmpint (help->status, ==, 0);
  g_assert_nonnull (strstr (help->out, "Commands:"));
  g_assert_cmpint (run_help->status, ==, 0);
  g_assert_nonnull (strstr (run_help->out, "concurrency-lab run"));
  g_assert_nonnull (strstr (run_help->out, "--workers=N"));
  g_assert_nonnull (strstr (run_help->out, "--simulate-gil"));
  g_assert_cmpint (compare_help->status, ==, 0);
  g_assert_nonnull (strstr (compare_help->out, "--models"));
  g_assert_nonnull (strstr (compare_help->out, "--runs=R"));
  g_assert_cmpint (version->status, ==, 0);
  g_assert_cmpstr (version->out, ==, "concurrency-lab " PACKAGE_VERSION "\n");
}

/* Results ------------------------------------------------------------------ */

#define SEED "run --workload=primes --model=sequential --start=10000019 --count=10"

static void
test_seed_json (void)
{
  g_autoptr(CliResult) result = lab_test_cli_run (SEED " --format=json");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *summary;

  g_assert_cmpint (result->status, ==, 0);
  g_assert_cmpstr (result->err, ==, "");
  root = lab_test_parse_json (result->out);
  summary = json_object_get_object_member (json_node_get_object (root), "summary");
  g_assert_cmpstr (json_object_get_string_member (summary, "state"), ==, "done");
  g_assert_cmpint (json_object_get_int_member (summary, "tasks_ok"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (summary, "primes_found"), ==,
                   lab_test_count_primes (10000019, 10));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "tasks")),
                    ==, 10);
}

static void
test_formats (void)
{
  g_autoptr(CliResult) text = lab_test_cli_run (SEED);
  g_autoptr(CliResult) csv = lab_test_cli_run (SEED " --format=csv");
  g_autoptr(CliResult) markdown = lab_test_cli_run (SEED " --format=markdown");
  g_autoptr(CliResult) threads = lab_test_cli_run ("run --model=threads --workers=2 --count=2000");
  g_autofree char *primes_line = g_strdup_printf ("Primes found    %" G_GUINT64_FORMAT " among the 10 numbers tested",
                                                  lab_test_count_primes (10000019, 10));
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (text->status, ==, 0);
  g_assert_nonnull (strstr (text->out, "primes · sequential · 1 worker · 10 tasks from 10 000 019"));
  g_assert_nonnull (strstr (text->out, "State           done"));
  g_assert_nonnull (strstr (text->out, "Wall time"));
  g_assert_nonnull (strstr (text->out, "start-up"));
  g_assert_nonnull (strstr (text->out, "10: 10 ok · 0 failed · 0 timed out · 0 cancelled"));
  g_assert_nonnull (strstr (text->out, primes_line));

  g_assert_cmpint (threads->status, ==, 0);
  g_assert_nonnull (strstr (threads->out, "at most 2 tasks ran at the same time (asked for 2)"));

  g_assert_cmpint (csv->status, ==, 0);
  lines = g_strsplit (csv->out, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 10 + 2);   /* header, rows, "" after the last CRLF */
  g_assert_cmpstr (lines[0], ==, "index,worker,start_ms,end_ms,duration_ms,status,is_prime,gil_wait_ms,error");
  g_assert_true (g_str_has_prefix (lines[1], "0,0,"));
  g_assert_true (g_str_has_suffix (lines[1], ",ok,true,,"));   /* 10000019 is prime */

  g_assert_cmpint (markdown->status, ==, 0);
  g_assert_nonnull (strstr (markdown->out, "| Measure | Value |"));
  g_assert_nonnull (strstr (markdown->out, "| State | done |"));
}

static void
test_urls_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lab-cli-XXXXXX", &error);
  g_autofree char *good = g_build_filename (dir, "urls.txt", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.txt", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.txt", NULL);
  g_autofree char *run_good = NULL, *run_bad = NULL, *run_empty = NULL;
  g_autofree char *bad_message = NULL;
  g_autoptr(CliResult) result = NULL;
  g_autoptr(CliResult) bad_result = NULL;
  g_autoptr(CliResult) empty_result = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *urls;

  g_assert_no_error (error);
  /* Port 1 on loopback refuses: the tasks fail fast, and that is exit 1. */
  g_file_set_contents (good, "# targets\n\nhttp://127.0.0.1:1/a\n  http://127.0.0.1:1/b?i={i}  \n", -1, NULL);
  g_file_set_contents (bad, "http://127.0.0.1:1/a\ngopher://example.com/\n", -1, NULL);
  g_file_set_contents (empty, "# nothing\n\n", -1, NULL);

  run_good = g_strdup_printf ("run --workload=url --count=4 --workers=2 --urls-file=%s --format=json", good);
  result = lab_test_cli_run (run_good);
  g_assert_cmpint (result->status, ==, 1);
  root = lab_test_parse_json (result->out);
  urls = json_object_get_array_member (json_object_get_object_member (json_node_get_object (root), "config"), "urls");
  g_assert_cmpuint (json_array_get_length (urls), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (urls, 0), ==, "http://127.0.0.1:1/a");
  g_assert_cmpstr (json_array_get_string_element (urls, 1), ==, "http://127.0.0.1:1/b?i={i}");

  run_bad = g_strdup_printf ("run --workload=url --urls-file=%s", bad);
  bad_result = lab_test_cli_run (run_bad);
  bad_message = g_strdup_printf ("--urls-file: %s, line 2: “gopher://example.com/” uses the gopher scheme", bad);
  g_assert_cmpint (bad_result->status, ==, 2);
  g_assert_nonnull (strstr (bad_result->err, bad_message));

  run_empty = g_strdup_printf ("run --workload=url --urls-file=%s", empty);
  empty_result = lab_test_cli_run (run_empty);
  g_assert_cmpint (empty_result->status, ==, 2);
  g_assert_nonnull (strstr (empty_result->err, "lists no URLs"));

  g_unlink (good);
  g_unlink (bad);
  g_unlink (empty);
  g_rmdir (dir);
}

/* --output: written whole or not at all; bad usage leaves an old file alone. */
static void
test_output_atomic (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lab-cli-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "result.csv", NULL);
  g_autofree char *good = g_strdup_printf (SEED " --format=csv --output=%s", path);
  g_autofree char *bad = g_strdup_printf (SEED " --format=csv --workers=0 --output=%s", path);
  g_autofree char *contents = NULL;
  g_autoptr(CliResult) bad_result = NULL;
  g_autoptr(CliResult) result = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));

  bad_result = lab_test_cli_run (bad);
  g_assert_cmpint (bad_result->status, ==, 2);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
  g_clear_pointer (&contents, g_free);
  g_assert_cmpuint (lab_test_count_entries (dir), ==, 1);

  result = lab_test_cli_run (good);
  g_assert_cmpint (result->status, ==, 0);
  g_assert_cmpstr (result->out, ==, "");   /* the result went to the file */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 12);
  g_assert_cmpuint (lab_test_count_entries (dir), ==, 1);   /* no temporary file left */

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_compare_json (void)
{
  g_autoptr(CliResult) result =
    lab_test_cli_run ("compare --models=sequential,threads --runs=2 --count=1000 --workers=2 --format=json");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *top, *speedup, *threads, *statistics;

  g_assert_cmpint (result->status, ==, 0);
  root = lab_test_parse_json (result->out);
  top = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (top, "format"), ==, "concurrency-lab-comparison");
  g_assert_cmpint (json_object_get_int_member (top, "runs_per_model"), ==, 2);
  g_assert_true (json_object_get_boolean_member (top, "complete"));
  g_assert_cmpstr (json_object_get_string_member (top, "baseline"), ==, "sequential");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (top, "runs")), ==, 4);

  speedup = json_object_get_object_member (top, "speedup");
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (
                       json_object_get_object_member (speedup, "sequential"), "task"), "mean"), ==, 1.0);
  threads = json_object_get_object_member (speedup, "threads");
  g_assert_true (json_object_has_member (json_object_get_object_member (threads, "task"), "mean"));
  g_assert_true (json_object_has_member (json_object_get_object_member (threads, "task"), "stddev"));
  g_assert_true (json_object_has_member (json_object_get_object_member (threads, "with_startup"), "mean"));
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (threads, "task"), "mean"), >, 0);
  g_assert_true (json_object_has_member (threads, "efficiency"));
  g_assert_cmpfloat (json_object_get_double_member (threads, "ideal"), ==, MIN (2, g_get_num_processors ()));

  statistics = json_object_get_object_member (json_object_get_object_member (top, "statistics"), "threads");
  g_assert_cmpint (json_object_get_int_member (statistics, "runs_used"), ==, 2);
  g_assert_true (json_object_has_member (json_object_get_object_member (statistics, "wall_seconds"), "stddev"));
}

static void
test_compare_text (void)
{
  g_autoptr(CliResult) result = lab_test_cli_run ("compare --models=threads,async --runs=1 --count=300");
  g_autoptr(CliResult) markdown = lab_test_cli_run ("compare --models=sequential,async --runs=1 --count=300 --format=markdown");
  g_autoptr(CliResult) csv = lab_test_cli_run ("compare --models=sequential,async --runs=1 --count=300 --format=csv");
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (result->status, ==, 0);
  g_assert_nonnull (strstr (result->out, "Comparison: primes · 300 tasks"));
  g_assert_nonnull (strstr (result->out, "wall (mean ± σ)"));
  /* No sequential: said in the output and on stderr. */
  g_assert_nonnull (strstr (result->out, "sequential is not among --models"));
  g_assert_nonnull (strstr (result->err, "concurrency-lab: warning: sequential is not among --models"));

  g_assert_cmpint (markdown->status, ==, 0);
  g_assert_nonnull (strstr (markdown->out, "| model | workers | runs |"));
  g_assert_nonnull (strstr (markdown->out, "| sequential | 1 | 1 |"));

  g_assert_cmpint (csv->status, ==, 0);
  lines = g_strsplit (csv->out, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_true (g_str_has_prefix (lines[0], "model,workers,runs,runs_used,wall_mean_s,"));
  g_assert_true (g_str_has_prefix (lines[1], "sequential,1,1,1,"));
}

/* Ctrl-C ------------------------------------------------------------------- */

/* Starts @args, sends SIGINT after @delay_ms, and waits (bounded) for the
 * exit; returns the status and the seconds from the signal to the exit. */
static int
interrupt_after (const char * const *args,
                 guint               delay_ms,
                 double             *seconds,
                 char              **err)
{
  g_autoptr(GSubprocess) process =
    lab_test_cli_spawnv (args, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);

  return lab_test_cli_interrupt (process, delay_ms, seconds, err);
}

static void
test_sigint_run (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lab-cli-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "partial.json", NULL);
  g_autofree char *output = g_strdup_printf ("--output=%s", path);
  /* ~45 µs a task on one core: far longer than the test waits */
  const char *args[] = { "run", "--model=sequential", "--count=1000000", "--format=json", output, NULL };
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *summary;
  double seconds;
  int status;

  g_assert_no_error (error);
  status = interrupt_after (args, 1000, &seconds, &err);
  g_test_message ("exited %.3f s after SIGINT", seconds);

  g_assert_cmpint (status, ==, 130);
  g_assert_nonnull (strstr (err, "concurrency-lab: interrupted; partial results written"));
  /* Bounded: cancelling takes well under a second; writing a million task
   * records takes about one more. Generous for a loaded machine. */
  g_assert_cmpfloat (seconds, <, 30);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  root = lab_test_parse_json (contents);
  summary = json_object_get_object_member (json_node_get_object (root), "summary");
  g_assert_cmpstr (json_object_get_string_member (summary, "state"), ==, "cancelled");
  g_assert_cmpint (json_object_get_int_member (summary, "tasks_ok"), >, 0);
  g_assert_cmpint (json_object_get_int_member (summary, "tasks_cancelled"), >, 0);
  g_assert_cmpint (json_object_get_int_member (summary, "tasks_ok") +
                   json_object_get_int_member (summary, "tasks_cancelled"), ==, 1000000);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "tasks")),
                    ==, 1000000);
  g_assert_cmpuint (lab_test_count_entries (dir), ==, 1);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_sigint_compare (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lab-cli-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "partial.json", NULL);
  g_autofree char *output = g_strdup_printf ("--output=%s", path);
  const char *args[] = { "compare", "--models=sequential,threads", "--runs=3", "--count=300000",
                         "--format=json", output, NULL };
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) root = NULL;
  double seconds;
  int status;

  g_assert_no_error (error);
  status = interrupt_after (args, 1000, &seconds, &err);

  g_assert_cmpint (status, ==, 130);
  g_assert_nonnull (strstr (err, "concurrency-lab: interrupted; partial comparison written"));
  g_assert_cmpfloat (seconds, <, 30);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  root = lab_test_parse_json (contents);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (root), "complete"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "runs")),
                    <, 6);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/cli/bad-input", test_bad_input);
  g_test_add_func ("/lab/cli/help-and-version", test_help_and_version);
  g_test_add_func ("/lab/cli/seed-json", test_seed_json);
  g_test_add_func ("/lab/cli/formats", test_formats);
  g_test_add_func ("/lab/cli/urls-file", test_urls_file);
  g_test_add_func ("/lab/cli/output-atomic", test_output_atomic);
  g_test_add_func ("/lab/cli/compare-json", test_compare_json);
  g_test_add_func ("/lab/cli/compare-text", test_compare_text);
  g_test_add_func ("/lab/cli/sigint/run", test_sigint_run);
  g_test_add_func ("/lab/cli/sigint/compare", test_sigint_compare);

  return g_test_run ();
}
