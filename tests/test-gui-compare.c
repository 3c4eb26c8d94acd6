/* test-gui-compare.c: the Compare page of the real window, driven through
 * its actions: a comparison, a cancelled one, a sweep, bad worker counts,
 * and the exports
 *
 * Runs under a display (Xvfb in CI). LAB_TEST_PAUSE=SECONDS keeps the
 * window up that long after each result, to look at it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "lab-compare-export.h"
#include "lab-error.h"
#include "lab-test-gui.h"
#include "lab-window.h"

static gboolean
never (gpointer data)
{
  return FALSE;
}

static void
pause_to_look (void)
{
  const char *pause = g_getenv ("LAB_TEST_PAUSE");

  if (pause != NULL)
    lab_test_wait_for (never, NULL, (guint) g_ascii_strtoull (pause, NULL, 10));
}

/* A window on the Compare page, with a small primes workload. */
static LabWindow *
new_window (guint64 count)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  LabWindow *window;
  GtkWidget *stack;

  g_settings_set_uint64 (settings, "count", count);
  g_settings_set_uint (settings, "workers", 2);
  window = lab_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 900);
  gtk_window_present (GTK_WINDOW (window));
  stack = gtk_widget_get_ancestor (GTK_WIDGET (lab_window_get_compare_page (window)), ADW_TYPE_VIEW_STACK);
  g_assert_nonnull (stack);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "compare");
  lab_test_settle ();
  return window;
}

typedef struct
{
  LabComparePage *page;
  LabComparison  *comparison;
  LabSweep       *sweep;
  guint           n_emitted;
} Finished;

static void
on_comparison_finished (LabComparePage *page,
                        LabComparison  *comparison,
                        Finished       *finished)
{
  g_set_object (&finished->comparison, comparison);
  finished->n_emitted++;
}

static void
on_sweep_finished (LabComparePage *page,
                   LabSweep       *sweep,
                   Finished       *finished)
{
  g_set_object (&finished->sweep, sweep);
  finished->n_emitted++;
}

static void
finished_watch (Finished       *finished,
                LabComparePage *page)
{
  *finished = (Finished) { page, NULL, NULL, 0 };
  g_signal_connect (page, "comparison-finished", G_CALLBACK (on_comparison_finished), finished);
  g_signal_connect (page, "sweep-finished", G_CALLBACK (on_sweep_finished), finished);
}

static void
finished_clear (Finished *finished)
{
  g_signal_handlers_disconnect_by_data (finished->page, finished);
  g_clear_object (&finished->comparison);
  g_clear_object (&finished->sweep);
}

static gboolean
not_running (gpointer data)
{
  return !lab_compare_page_get_running (data);
}

static gboolean
has_a_run (gpointer data)
{
  LabComparison *comparison = lab_compare_page_get_comparison (data);
  return comparison != NULL && lab_comparison_get_n_runs (comparison) >= 1;
}

/* Tests ----------------------------------------------------------------- */

static void
test_empty_state (void)
{
  LabWindow *window;
  LabComparePage *page;

  lab_test_reset_settings ();
  window = new_window (3000);
  page = lab_window_get_compare_page (window);

  g_assert_false (lab_compare_page_get_running (page));
  g_assert_null (lab_compare_page_get_comparison (page));
  g_assert_null (lab_compare_page_get_sweep (page));
  g_assert_true (lab_test_action_enabled (window, "compare.run"));
  g_assert_true (lab_test_action_enabled (window, "win.start"));
  pause_to_look ();

  lab_test_close_window (window);
}

static void
test_comparison (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *models[] = { "sequential", "threads", NULL };
  g_autofree char *table = NULL;
  LabModelStats seq, threads;
  LabComparePage *page;
  LabWindow *window;
  Finished finished;

  lab_test_reset_settings ();
  g_settings_set_strv (settings, "compare-models", models);
  g_settings_set_uint (settings, "compare-runs", 2);
  window = new_window (3000);
  page = lab_window_get_compare_page (window);
  finished_watch (&finished, page);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "compare.run", NULL));
  g_assert_true (lab_compare_page_get_running (page));
  /* one thing at a time: no Start while the comparison runs, Cancel works for both */
  g_assert_false (lab_test_action_enabled (window, "win.start"));
  g_assert_true (lab_test_action_enabled (window, "win.cancel"));
  g_assert_false (lab_test_action_enabled (window, "compare.run"));

  g_assert_true (lab_test_wait_for (not_running, page, 120));
  lab_test_settle ();

  g_assert_cmpuint (finished.n_emitted, ==, 1);
  g_assert_nonnull (finished.comparison);
  g_assert_true (finished.comparison == lab_compare_page_get_comparison (page));
  g_assert_true (lab_comparison_is_complete (finished.comparison));
  g_assert_cmpuint (lab_comparison_get_n_runs (finished.comparison), ==, 4);

  lab_comparison_get_stats (finished.comparison, LAB_MODEL_SEQUENTIAL, &seq);
  lab_comparison_get_stats (finished.comparison, LAB_MODEL_THREADS, &threads);
  g_assert_cmpuint (seq.n_used, ==, 2);
  g_assert_cmpuint (threads.n_used, ==, 2);
  g_assert_true (threads.has_speedup);
  g_assert_cmpfloat (seq.speedup, ==, 1.0);
  g_assert_true (isfinite (threads.speedup) && threads.speedup > 0);
  g_assert_cmpuint (threads.workers, ==, 2);
  g_assert_cmpuint (threads.latency_p99_ms.n, ==, 2);

  /* the table shows both models with their runs */
  table = lab_compare_results_dup_table_text (lab_compare_page_get_results (page));
  g_assert_true (g_str_has_prefix (table, "Model\tWorkers\tRuns\t"));
  g_assert_nonnull (strstr (table, "\nsequential\t1\t2/2\t"));
  g_assert_nonnull (strstr (table, "\nthreads\t2\t2/2\t"));

  g_assert_true (lab_test_action_enabled (window, "win.start"));
  g_assert_false (lab_test_action_enabled (window, "win.cancel"));
  g_assert_true (lab_test_action_enabled (window, "compare.run"));
  pause_to_look ();

  finished_clear (&finished);
  lab_test_close_window (window);
}

static void
test_cancel_keeps_partial (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *models[] = { "sequential", "threads", NULL };
  g_autoptr(GPtrArray) warnings = NULL;
  LabComparison *comparison;
  LabComparePage *page;
  LabWindow *window;
  Finished finished;
  guint n_runs;

  lab_test_reset_settings ();
  g_settings_set_strv (settings, "compare-models", models);
  g_settings_set_uint (settings, "compare-runs", 50);
  window = new_window (3000);
  page = lab_window_get_compare_page (window);
  finished_watch (&finished, page);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "compare.run", NULL));
  g_assert_true (lab_test_wait_for (has_a_run, page, 60));
  /* the header's Cancel ends the sequence */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL));
  g_assert_true (lab_test_wait_for (not_running, page, 60));
  lab_test_settle ();

  comparison = lab_compare_page_get_comparison (page);
  g_assert_nonnull (comparison);
  n_runs = lab_comparison_get_n_runs (comparison);
  g_assert_cmpuint (n_runs, >=, 1);
  g_assert_cmpuint (n_runs, <, 100);
  g_assert_false (lab_comparison_is_complete (comparison));
  /* at least the first sequential run finished, so the partial result is announced */
  g_assert_cmpuint (finished.n_emitted, ==, 1);
  g_assert_true (finished.comparison == comparison);

  warnings = lab_comparison_dup_warnings (comparison);
  g_assert_cmpuint (warnings->len, >=, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "interrupted"));
  g_assert_true (lab_test_action_enabled (window, "win.start"));
  g_assert_true (lab_test_action_enabled (window, "compare.run"));

  finished_clear (&finished);
  lab_test_close_window (window);
}

static void
test_sweep (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *table = NULL;
  LabComparePage *page;
  LabWindow *window;
  Finished finished;

  lab_test_reset_settings ();
  g_settings_set_string (settings, "compare-mode", "sweep");
  g_settings_set_string (settings, "sweep-model", "threads");
  g_settings_set_string (settings, "sweep-workers", "1, 2");
  g_settings_set_uint (settings, "compare-runs", 1);
  window = new_window (3000);
  page = lab_window_get_compare_page (window);
  finished_watch (&finished, page);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "compare.run", NULL));
  g_assert_true (lab_test_wait_for (not_running, page, 120));
  lab_test_settle ();

  g_assert_cmpuint (finished.n_emitted, ==, 1);
  g_assert_nonnull (finished.sweep);
  g_assert_true (finished.sweep == lab_compare_page_get_sweep (page));
  g_assert_null (lab_compare_page_get_comparison (page));
  g_assert_cmpuint (lab_sweep_get_n_points (finished.sweep), ==, 2);
  g_assert_true (lab_sweep_is_complete (finished.sweep));
  for (guint i = 0; i < 2; i++)
    {
      LabSweepPoint point;

      lab_sweep_get_point (finished.sweep, i, &point);
      g_assert_cmpuint (point.workers, ==, i + 1);
      g_assert_cmpuint (point.n_used, ==, 1);
      g_assert_true (isfinite (point.speedup) && point.speedup > 0);
    }
  g_assert_cmpint (lab_sweep_get_base (finished.sweep)->model, ==, LAB_MODEL_THREADS);

  table = lab_compare_results_dup_table_text (lab_compare_page_get_results (page));
  g_assert_true (g_str_has_prefix (table, "Workers\tRuns\t"));
  g_assert_nonnull (strstr (table, "\n1\t1/1\t"));
  g_assert_nonnull (strstr (table, "\n2\t1/1\t"));
  pause_to_look ();

  finished_clear (&finished);
  lab_test_close_window (window);
}

/* An I/O sweep against the lab server: no Amdahl fit, every point measured. */
static void
test_sweep_url (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  LabComparePage *page;
  LabWindow *window;
  Finished finished;
  LabAmdahlFit fit;

  lab_test_reset_settings ();
  g_settings_set_string (settings, "workload", "url");
  g_settings_set_string (settings, "server-delay", "20ms");
  g_settings_set_string (settings, "compare-mode", "sweep");
  g_settings_set_string (settings, "sweep-model", "async");
  g_settings_set_string (settings, "sweep-workers", "1..16");
  g_settings_set_uint (settings, "compare-runs", 1);
  window = new_window (64);
  page = lab_window_get_compare_page (window);
  finished_watch (&finished, page);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "compare.run", NULL));
  g_assert_true (lab_test_wait_for (not_running, page, 120));
  lab_test_settle ();

  g_assert_nonnull (finished.sweep);
  g_assert_cmpuint (lab_sweep_get_n_points (finished.sweep), ==, 5);
  g_assert_cmpint (lab_sweep_get_base (finished.sweep)->workload, ==, LAB_WORKLOAD_URL);
  for (guint i = 0; i < 5; i++)
    {
      LabSweepPoint point;

      lab_sweep_get_point (finished.sweep, i, &point);
      g_assert_cmpuint (point.n_used, ==, 1);
    }
  lab_sweep_get_fit (finished.sweep, &fit);
  g_assert_false (fit.valid);
  pause_to_look ();

  finished_clear (&finished);
  lab_test_close_window (window);
}

static void
test_bad_worker_counts (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *bad[] = { "1, x", "4..2", "1, 1", "0", "" };
  LabWindow *window;

  lab_test_reset_settings ();
  g_settings_set_string (settings, "compare-mode", "sweep");
  window = new_window (3000);
  g_assert_true (lab_test_action_enabled (window, "compare.run"));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("worker counts “%s”", bad[i]);
      g_settings_set_string (settings, "sweep-workers", bad[i]);
      lab_test_settle ();
      g_assert_false (lab_test_action_enabled (window, "compare.run"));
    }
  g_settings_set_string (settings, "sweep-workers", "1..8, 12");
  lab_test_settle ();
  g_assert_true (lab_test_action_enabled (window, "compare.run"));

  /* no models at all */
  g_settings_set_string (settings, "compare-mode", "models");
  lab_test_close_window (window);
  {
    const char *none[] = { NULL };

    g_settings_set_strv (settings, "compare-models", none);
    window = new_window (3000);
    g_assert_false (lab_test_action_enabled (window, "compare.run"));
    lab_test_close_window (window);
  }
}

/* Exports, on a comparison made by the page */
static void
on_exported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GError **error = user_data;

  if (!lab_compare_export_finish (result, error) && *error == NULL)
    g_assert_not_reached ();
  g_object_set_data (G_OBJECT (object), "done", GINT_TO_POINTER (1));
}

static gboolean
exported (gpointer data)
{
  return g_object_get_data (data, "done") != NULL;
}

static void
test_exports (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *models[] = { "sequential", "threads", NULL };
  const char *formats[] = { "json", "markdown", "csv", "png", "svg" };
  g_autofree char *dir = g_dir_make_tmp ("lab-compare-XXXXXX", NULL);
  LabComparePage *page;
  LabWindow *window;

  lab_test_reset_settings ();
  g_settings_set_strv (settings, "compare-models", models);
  g_settings_set_uint (settings, "compare-runs", 1);
  window = new_window (2000);
  page = lab_window_get_compare_page (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "compare.run", NULL));
  g_assert_true (lab_test_wait_for (not_running, page, 120));

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *path = g_build_filename (dir, formats[i], NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      gsize length;
      LabCompareResults *results = lab_compare_page_get_results (page);

      g_object_set_data (G_OBJECT (results), "done", NULL);
      lab_compare_page_export_to_file (page, formats[i], file, NULL, on_exported, &error);
      g_assert_true (lab_test_wait_for (exported, results, 30));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));

      if (g_str_equal (formats[i], "json"))
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          JsonObject *root;

          g_assert_true (json_parser_load_from_data (parser, contents, length, NULL));
          root = json_node_get_object (json_parser_get_root (parser));
          g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "concurrency-lab-comparison");
          lab_test_validate_json (path);
        }
      else if (g_str_equal (formats[i], "png"))
        g_assert_true (length > 1000 && memcmp (contents, "\x89PNG", 4) == 0);
      else if (g_str_equal (formats[i], "svg"))
        g_assert_nonnull (strstr (contents, "<svg"));
      else
        g_assert_nonnull (strstr (contents, "threads"));
      /* LAB_TEST_SAVE=DIR keeps a copy, to look at */
      if (g_getenv ("LAB_TEST_SAVE") != NULL)
        {
          g_autofree char *copy = g_strdup_printf ("%s/compare.%s", g_getenv ("LAB_TEST_SAVE"), formats[i]);
          g_file_set_contents (copy, contents, length, NULL);
        }
      g_unlink (path);
    }

  /* a directory that is not there: an error, no file */
  {
    g_autoptr(GFile) file = g_file_new_build_filename (dir, "missing", "x.json", NULL);
    g_autoptr(GError) error = NULL;
    LabCompareResults *results = lab_compare_page_get_results (page);

    g_object_set_data (G_OBJECT (results), "done", NULL);
    lab_compare_page_export_to_file (page, "json", file, NULL, on_exported, &error);
    g_assert_true (lab_test_wait_for (exported, results, 30));
    g_assert_error (error, LAB_ERROR, LAB_ERROR_IO);
  }

  g_rmdir (dir);
  lab_test_close_window (window);
}

/* A comparison and a sweep saved as JSON and loaded again, shown as the
 * history shows them: the same table, no timelines, not running. */
static void
test_show_loaded (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *models[] = { "sequential", "threads", NULL };
  g_autoptr(LabComparison) loaded = NULL;
  g_autoptr(LabSweep) loaded_sweep = NULL;
  g_autofree char *table = NULL;
  g_autofree char *table_again = NULL;
  g_autoptr(GError) error = NULL;
  LabComparePage *page;
  LabWindow *window;

  lab_test_reset_settings ();
  g_settings_set_strv (settings, "compare-models", models);
  g_settings_set_uint (settings, "compare-runs", 1);
  g_settings_set_string (settings, "sweep-workers", "1, 2");
  window = new_window (2000);
  page = lab_window_get_compare_page (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "compare.run", NULL));
  g_assert_true (lab_test_wait_for (not_running, page, 120));
  table = lab_compare_results_dup_table_text (lab_compare_page_get_results (page));

  {
    g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autoptr(GInputStream) in = NULL;
    g_autoptr(GBytes) bytes = NULL;

    g_assert_true (lab_comparison_write_json (lab_compare_page_get_comparison (page), out, &error));
    g_assert_true (g_output_stream_close (out, NULL, &error));
    bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
    in = g_memory_input_stream_new_from_bytes (bytes);
    loaded = lab_comparison_load (in, &error);
    g_assert_no_error (error);
  }
  lab_test_close_window (window);

  window = new_window (2000);
  page = lab_window_get_compare_page (window);
  lab_compare_page_show_comparison (page, loaded);
  lab_test_settle ();
  g_assert_true (lab_compare_page_get_comparison (page) == loaded);
  g_assert_false (lab_compare_page_get_running (page));
  table_again = lab_compare_results_dup_table_text (lab_compare_page_get_results (page));
  g_assert_cmpstr (table_again, ==, table);
  g_assert_true (lab_test_action_enabled (window, "compare.run"));
  pause_to_look ();

  /* a sweep, the same way */
  g_settings_set_string (settings, "compare-mode", "sweep");
  lab_test_settle ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "compare.run", NULL));
  g_assert_true (lab_test_wait_for (not_running, page, 120));
  {
    g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autoptr(GInputStream) in = NULL;
    g_autoptr(GBytes) bytes = NULL;

    g_assert_true (lab_sweep_write_json (lab_compare_page_get_sweep (page), out, &error));
    g_assert_true (g_output_stream_close (out, NULL, &error));
    bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
    in = g_memory_input_stream_new_from_bytes (bytes);
    loaded_sweep = lab_sweep_load (in, &error);
    g_assert_no_error (error);
  }
  g_clear_pointer (&table, g_free);
  table = lab_compare_results_dup_table_text (lab_compare_page_get_results (page));
  lab_compare_page_show_comparison (page, loaded);
  lab_compare_page_show_sweep (page, loaded_sweep);
  lab_test_settle ();
  g_assert_true (lab_compare_page_get_sweep (page) == loaded_sweep);
  g_assert_null (lab_compare_page_get_comparison (page));
  g_clear_pointer (&table_again, g_free);
  table_again = lab_compare_results_dup_table_text (lab_compare_page_get_results (page));
  g_assert_cmpstr (table_again, ==, table);

  lab_test_close_window (window);
}

/* Closing the window during a comparison cancels it and the window goes
 * once the run going has stopped. */
static void
test_close_while_comparing (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  gpointer weak;
  LabWindow *window;
  LabComparePage *page;

  lab_test_reset_settings ();
  g_settings_set_uint (settings, "compare-runs", 10);
  window = new_window (2000000);   /* minutes of work */
  page = lab_window_get_compare_page (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "compare.run", NULL));
  g_assert_true (lab_compare_page_get_running (page));

  weak = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (lab_test_wait_for (lab_test_is_null, &weak, 30));
}

int
main (int   argc,
      char *argv[])
{
  if (!lab_test_gui_init (&argc, &argv))
    return g_test_run ();

  g_test_add_func ("/lab/gui/compare/empty-state", test_empty_state);
  g_test_add_func ("/lab/gui/compare/models", test_comparison);
  g_test_add_func ("/lab/gui/compare/cancel", test_cancel_keeps_partial);
  g_test_add_func ("/lab/gui/compare/sweep", test_sweep);
  g_test_add_func ("/lab/gui/compare/sweep-url", test_sweep_url);
  g_test_add_func ("/lab/gui/compare/bad-worker-counts", test_bad_worker_counts);
  g_test_add_func ("/lab/gui/compare/exports", test_exports);
  g_test_add_func ("/lab/gui/compare/show-loaded", test_show_loaded);
  g_test_add_func ("/lab/gui/compare/close", test_close_while_comparing);

  return g_test_run ();
}
