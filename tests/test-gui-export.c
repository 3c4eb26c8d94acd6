/* test-gui-export.c: the window's export, driven without the file chooser
 * (lab_window_export_to_file() is what the dialog calls once a person has
 * chosen), and the files it writes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "lab-test-gui.h"
#include "lab-test-image.h"
#include "lab-window.h"

#define COUNT 2000

/* The summary's Export… button follows the action. */
static gboolean
export_enabled (LabWindow *window)
{
  return lab_test_action_enabled (window, "win.export");
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Outcome;

static void
on_exported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = lab_window_export_to_file_finish (LAB_WINDOW (object), result, &outcome->error);
  outcome->done = TRUE;
}

static gboolean
outcome_done (gpointer data)
{
  return ((Outcome *) data)->done;
}

/* Exports and waits; returns whether it worked (the error in *error). */
static gboolean
export_to (LabWindow        *window,
           const char       *path,
           LabExportFormat   format,
           LabChartKind      chart,
           GCancellable     *cancellable,
           GError          **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Outcome outcome = { 0 };

  lab_window_export_to_file (window, file, format, chart, cancellable, on_exported, &outcome);
  g_assert_true (lab_test_wait_for (outcome_done, &outcome, 60));
  if (outcome.error != NULL)
    g_propagate_error (error, outcome.error);
  return outcome.ok;
}

static void
assert_snapshot (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *summary;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "concurrency-lab-snapshot");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "tasks")), ==, COUNT);
  summary = json_object_get_object_member (root, "summary");
  g_assert_cmpint (json_object_get_int_member (summary, "tasks_ok"), ==, COUNT);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "config"), "model"),
                   ==, "threads");

  lab_test_validate_json (path);
}

static guint
count_lines (const char *path)
{
  g_autofree char *contents = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  for (const char *p = contents; *p; p++)
    n += *p == '\n';
  return n;
}

static GtkFileChooser *
find_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (window) && gtk_widget_get_visible (window))
        return GTK_FILE_CHOOSER (window);
    }
  return NULL;
}

static gboolean
chooser_shown (gpointer data)
{
  return find_chooser () != NULL;
}

static gboolean
chooser_gone (gpointer data)
{
  return find_chooser () == NULL;
}

/* Export Chart… on the timeline: the dialog starts at PNG, the timeline and
 * a name that says so; cancelling it writes nothing. (Accepting goes
 * through lab_window_export_to_file(), tested above; GTK's own dialog
 * checks a typed name asynchronously, which a test cannot drive reliably.) */
static void
export_dialog_presets (LabWindow *window)
{
  g_autofree char *message = g_strdup (lab_window_get_last_message (window));
  g_autofree char *name = NULL;
  GtkFileChooser *chooser;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-chart", "s", "timeline"));
  g_assert_true (lab_test_wait_for (chooser_shown, NULL, 20));
  chooser = find_chooser ();
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (chooser)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (chooser)) == GTK_WINDOW (window));

  name = gtk_file_chooser_get_current_name (chooser);
  g_assert_true (g_str_has_prefix (name, "primes-threads-2w-"));
  g_assert_true (g_str_has_suffix (name, "-timeline.png"));
  g_assert_cmpstr (gtk_file_chooser_get_choice (chooser, "format"), ==, "png");
  g_assert_cmpstr (gtk_file_chooser_get_choice (chooser, "chart"), ==, "timeline");

  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  g_assert_true (lab_test_wait_for (chooser_gone, NULL, 20));
  lab_test_settle ();
  g_assert_cmpstr (lab_window_get_last_message (window), ==, message);
}

static void
test_export_after_run (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *dir = g_dir_make_tmp ("lab-gui-export-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "dashboard.png", NULL);
  g_autofree char *timeline = g_build_filename (dir, "timeline.svg", NULL);
  g_autofree char *json = g_build_filename (dir, "run.json", NULL);
  g_autofree char *csv = g_build_filename (dir, "run.csv", NULL);
  g_autofree char *markdown = g_build_filename (dir, "run.md", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "run.csv", "x.json", NULL);
  g_autofree char *svg = NULL;
  g_autoptr(GError) error = NULL;
  LabWindow *window;
  int scale;

  g_settings_set_string (settings, "model", "threads");
  g_settings_set_uint (settings, "workers", 2);
  g_settings_set_uint64 (settings, "start", 1000000000000);
  g_settings_set_uint64 (settings, "count", COUNT);

  window = lab_test_new_window ();

  /* nothing to export before a run */
  g_assert_false (export_enabled (window));
  g_assert_false (export_to (window, json, LAB_EXPORT_JSON, LAB_CHART_ALL, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (g_file_test (json, G_FILE_TEST_EXISTS));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL));
  g_assert_false (export_enabled (window));   /* not while it runs */
  g_assert_true (lab_test_wait_for (lab_test_run_finished, window, 120));
  lab_test_settle ();
  g_assert_cmpint (lab_run_get_state (lab_window_get_run (window)), ==, LAB_RUN_STATE_DONE);
  g_assert_true (export_enabled (window));

  /* the dashboard, at the window's scale */
  scale = gtk_widget_get_scale_factor (GTK_WIDGET (window));
  g_assert_true (export_to (window, png, LAB_EXPORT_PNG, LAB_CHART_ALL, NULL, &error));
  g_assert_no_error (error);
  lab_test_assert_png_file (png, 1200 * scale, 800 * scale);
  g_assert_cmpstr (lab_window_get_last_message (window), ==, "Exported dashboard.png");

  /* one chart as SVG */
  g_assert_true (export_to (window, timeline, LAB_EXPORT_SVG, LAB_CHART_TIMELINE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (timeline, &svg, NULL, NULL));
  g_assert_nonnull (strstr (svg, "<svg"));

  /* the snapshot, the tasks, the summary */
  g_assert_true (export_to (window, json, LAB_EXPORT_JSON, LAB_CHART_ALL, NULL, &error));
  g_assert_no_error (error);
  assert_snapshot (json);

  g_assert_true (export_to (window, csv, LAB_EXPORT_CSV, LAB_CHART_ALL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_lines (csv), ==, COUNT + 1);

  g_assert_true (export_to (window, markdown, LAB_EXPORT_MARKDOWN, LAB_CHART_ALL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_lines (markdown), >, 5);

  /* a failed write says why and loses nothing: the run stays, the old file too */
  g_assert_false (export_to (window, nowhere, LAB_EXPORT_JSON, LAB_CHART_ALL, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (g_str_has_prefix (lab_window_get_last_message (window), "Could not export x.json: "));
  g_assert_cmpuint (count_lines (csv), ==, COUNT + 1);
  g_assert_nonnull (lab_window_get_run (window));
  g_assert_true (export_enabled (window));

  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GDir) listing = NULL;
    guint n_files = 0;

    g_cancellable_cancel (cancellable);
    g_assert_false (export_to (window, png, LAB_EXPORT_SVG, LAB_CHART_ALL, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    lab_test_assert_png_file (png, 1200 * scale, 800 * scale);

    /* no temporary file left behind */
    listing = g_dir_open (dir, 0, NULL);
    while (g_dir_read_name (listing) != NULL)
      n_files++;
    g_assert_cmpuint (n_files, ==, 5);
  }

  export_dialog_presets (window);

  gtk_window_destroy (GTK_WINDOW (window));
  lab_test_settle ();

  g_remove (png);
  g_remove (timeline);
  g_remove (json);
  g_remove (csv);
  g_remove (markdown);
  g_rmdir (dir);
}

static void
test_suggested_names (void)
{
  g_autoptr(LabConfig) config = lab_config_new ();
  g_autoptr(LabRun) run = NULL;
  g_autofree char *json = NULL, *png = NULL, *md = NULL;
  LabExportFormat format;

  config->model = LAB_MODEL_THREADS;
  config->workers = 2;
  run = lab_run_new (config);

  json = lab_export_suggest_name (run, LAB_EXPORT_JSON, LAB_CHART_ALL);
  png = lab_export_suggest_name (run, LAB_EXPORT_PNG, LAB_CHART_TIMELINE);
  md = lab_export_suggest_name (run, LAB_EXPORT_MARKDOWN, LAB_CHART_TIMELINE);
  g_assert_true (g_str_has_prefix (json, "primes-threads-2w-"));
  g_assert_true (g_str_has_suffix (json, ".json"));
  g_assert_true (g_str_has_suffix (png, "-timeline.png"));
  g_assert_true (g_str_has_suffix (md, ".md"));
  g_assert_null (strstr (md, "timeline"));
  /* primes-threads-2w-YYYY-MM-DD-HHMM.json */
  g_assert_cmpuint (strlen (json), ==, strlen ("primes-threads-2w-2026-11-25-1402.json"));

  for (LabExportFormat f = LAB_EXPORT_JSON; f <= LAB_EXPORT_SVG; f++)
    {
      g_assert_true (lab_export_format_from_string (lab_export_format_to_string (f), &format));
      g_assert_cmpint (format, ==, f);
    }
  g_assert_false (lab_export_format_from_string ("gif", &format));
}

int
main (int   argc,
      char *argv[])
{
  if (!lab_test_gui_init (&argc, &argv))
    return g_test_run ();

  g_test_add_func ("/lab/gui/export/names", test_suggested_names);
  g_test_add_func ("/lab/gui/export/after-run", test_export_after_run);

  return g_test_run ();
}
