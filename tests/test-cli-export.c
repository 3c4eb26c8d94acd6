/* test-cli-export.c: `concurrency-lab export`, as a user runs it: a run
 * saved as JSON, then written again in every format, and every bad input
 * refused with the option named
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "lab-test-cli.h"
#include "lab-test-image.h"

#define COUNT 300

static char *dir;
static char *snapshot;

static char *
in_dir (const char *name)
{
  return g_build_filename (dir, name, NULL);
}

/* One export, which must succeed; returns what was written. */
static char *
export_ok (const char *options,
           const char *name,
           gsize      *length)
{
  g_autofree char *output = in_dir (name);
  g_autofree char *line = g_strdup_printf ("export '%s' %s --output='%s'", snapshot, options, output);
  g_autoptr(CliResult) result = lab_test_cli_run (line);
  char *contents = NULL;

  if (result->status != 0)
    g_error ("%s: exit %d: %s", line, result->status, result->err);
  g_assert_cmpstr (result->err, ==, "");
  g_assert_cmpstr (result->out, ==, "");
  g_assert_true (g_file_get_contents (output, &contents, length, NULL));
  return contents;
}

static void
test_save_snapshot (void)
{
  g_autofree char *line = g_strdup_printf ("run --model=threads --workers=2 --count=%d --format=json --output='%s'",
                                           COUNT, snapshot);
  g_autoptr(CliResult) result = lab_test_cli_run (line);

  g_assert_cmpint (result->status, ==, 0);
  g_assert_true (g_file_test (snapshot, G_FILE_TEST_IS_REGULAR));
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p; p++)
    n += *p == '\n';
  return n;
}

static void
test_csv_markdown_json_text (void)
{
  g_autofree char *csv = NULL, *markdown = NULL, *json = NULL, *original = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) original_parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autoptr(CliResult) text = NULL;
  JsonObject *root, *summary;
  gsize length;

  /* one row per task and the header */
  csv = export_ok ("--format=csv", "tasks.csv", &length);
  g_assert_cmpuint (count_lines (csv), ==, COUNT + 1);
  g_assert_true (g_str_has_prefix (csv, "index,"));

  markdown = export_ok ("--format=markdown", "summary.md", &length);
  g_assert_nonnull (strstr (markdown, "| Measure | Value |"));
  g_assert_nonnull (strstr (markdown, "| Tasks ok | 300 |"));

  /* the extension decides without --format */
  json = export_ok ("", "again.json", &length);
  g_assert_true (json_parser_load_from_data (parser, json, length, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "concurrency-lab-snapshot");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "tasks")), ==, COUNT);
  summary = json_object_get_object_member (root, "summary");
  g_assert_cmpint (json_object_get_int_member (summary, "tasks_ok"), ==, COUNT);

  /* the same summary as the original */
  g_assert_true (g_file_get_contents (snapshot, &original, NULL, NULL));
  g_assert_true (json_parser_load_from_data (original_parser, original, -1, &error));
  g_assert_cmpfloat (json_object_get_double_member (summary, "wall_seconds"), ==,
                     json_object_get_double_member (json_object_get_object_member (
                       json_node_get_object (json_parser_get_root (original_parser)), "summary"), "wall_seconds"));

  /* text formats go to standard output without --output */
  line = g_strdup_printf ("export '%s' --format=markdown", snapshot);
  text = lab_test_cli_run (line);
  g_assert_cmpint (text->status, ==, 0);
  g_assert_nonnull (strstr (text->out, "| Measure | Value |"));
}

static void
test_images (void)
{
  g_autofree char *dashboard = NULL, *timeline = NULL, *wide = NULL, *svg = NULL;
  gsize length;

  dashboard = export_ok ("--format=png", "dashboard.png", &length);
  lab_test_assert_png (dashboard, length, 1200, 800);

  timeline = export_ok ("--format=png --chart=timeline --dark --width=900 --height=300", "timeline.png", &length);
  lab_test_assert_png (timeline, length, 900, 300);

  /* one side given: the other keeps the proportions */
  wide = export_ok ("--chart=latency --width=2400", "latency.png", &length);
  lab_test_assert_png (wide, length, 2400, 720);

  svg = export_ok ("--format=svg --chart=throughput --width=640 --height=320", "throughput.svg", &length);
  g_assert_true (g_str_has_prefix (svg, "<?xml"));
  g_assert_nonnull (strstr (svg, "<svg"));
  g_assert_nonnull (strstr (svg, "width=\"640"));
  g_assert_nonnull (strstr (svg, "height=\"320"));
}

static void
test_bad_input (void)
{
  static const struct { const char *args; const char *expected; } cases[] = {
    { "export", "SNAPSHOT.json: missing" },
    { "export @S --format=csv @S", "one snapshot at a time" },
    { "export @S --format=gif --output=@D/x.gif", "--format: “gif” is not a format" },
    { "export @S --output=@D/x.xyz", "--format: missing" },
    { "export @S --format=png --chart=pie --output=@D/x.png", "--chart: “pie” is not a chart" },
    { "export @S --format=png --width=0 --output=@D/x.png", "--width: 0 pixels is out of range" },
    { "export @S --format=png --width=abc --output=@D/x.png", "--width: “abc” is not a number" },
    { "export @S --format=svg --height=20000 --output=@D/x.svg", "--height: 20000 pixels is out of range" },
    { "export @S --format=csv --chart=timeline --output=@D/x.csv", "--chart: only for images" },
    { "export @S --format=markdown --dark --output=@D/x.md", "--dark: only for images" },
    { "export @S --format=png", "--output: missing" },
    { "export @S --format=csv --bogus", "Unknown option --bogus" },
    { "export @D/missing.json --format=csv", "missing.json: " },
    { "export @D/comparison.json --format=csv --output=@D/x.csv", "this is a comparison, not a run snapshot" },
    { "export @D/garbage.json --format=csv --output=@D/x.csv", "garbage.json: " },
    { "export @S --format=png --output=@D/no/such/dir/x.png", "--output: " },
  };
  g_autofree char *comparison = in_dir ("comparison.json");
  g_autofree char *garbage = in_dir ("garbage.json");
  guint entries;

  g_assert_true (g_file_set_contents (comparison, "{\"format\": \"concurrency-lab-comparison\", \"version\": 1, "
                                                  "\"runs\": []}", -1, NULL));
  g_assert_true (g_file_set_contents (garbage, "{\"format\": \"concurrency-lab-snapshot\", \"version\": 1, "
                                               "\"tasks\": [", -1, NULL));
  entries = lab_test_count_entries (dir);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) line = g_string_new (cases[i].args);
      g_autoptr(CliResult) result = NULL;

      g_string_replace (line, "@S", snapshot, 0);
      g_string_replace (line, "@D", dir, 0);
      result = lab_test_cli_run (line->str);

      g_assert_cmpint (result->status, ==, 2);
      g_assert_nonnull (strstr (result->err, cases[i].expected));
      g_assert_cmpstr (result->out, ==, "");
      /* nothing written, not even a temporary file */
      g_assert_cmpuint (lab_test_count_entries (dir), ==, entries);
    }
}

/* A failed export leaves an older file at the path as it was. */
static void
test_failed_write_keeps_old_file (void)
{
  g_autofree char *output = in_dir ("kept.png");
  g_autofree char *contents = NULL;
  g_autofree char *line = NULL;
  g_autoptr(CliResult) result = NULL;
  guint entries;

  g_assert_true (g_file_set_contents (output, "old", -1, NULL));
  entries = lab_test_count_entries (dir);

  /* a comparison is refused after the output was opened */
  line = g_strdup_printf ("export '%s/comparison.json' --format=png --output='%s'", dir, output);
  result = lab_test_cli_run (line);
  g_assert_cmpint (result->status, ==, 2);
  g_assert_true (g_file_get_contents (output, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
  g_assert_cmpuint (lab_test_count_entries (dir), ==, entries);
}

static gboolean
remove_all (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_all (child);
      else
        g_remove (child);
    }
  return g_rmdir (path) == 0;
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  dir = g_dir_make_tmp ("lab-cli-export-XXXXXX", NULL);
  snapshot = in_dir ("run.json");

  /* in order: the snapshot first */
  g_test_add_func ("/lab/cli/export/save-snapshot", test_save_snapshot);
  g_test_add_func ("/lab/cli/export/csv-markdown-json-text", test_csv_markdown_json_text);
  g_test_add_func ("/lab/cli/export/images", test_images);
  g_test_add_func ("/lab/cli/export/bad-input", test_bad_input);
  g_test_add_func ("/lab/cli/export/failed-write-keeps-old-file", test_failed_write_keeps_old_file);

  status = g_test_run ();

  remove_all (dir);
  g_free (snapshot);
  g_free (dir);
  return status;
}
