/* test-gui.c: the real window, driven through its actions
 *
 * Runs under a display (Xvfb in CI). Settings live in the memory backend;
 * the schema comes from the build directory (GSETTINGS_SCHEMA_DIR).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "lab-chart-view.h"
#include "lab-task-model.h"
#include "lab-test-gui.h"
#include "lab-window.h"

static gboolean
has_records (gpointer data)
{
  LabWindow *window = data;
  LabRun *run = lab_window_get_run (window);
  return run != NULL && lab_run_get_n_recorded (run) >= 200;
}

static GListModel *
task_model (LabWindow *window)
{
  return lab_task_list_get_model (lab_run_view_get_task_list (lab_window_get_run_view (window)));
}

static guint64
count_primes (guint64 start,
              guint64 count)
{
  guint64 found = 0;

  for (guint64 n = start; n < start + count; n++)
    {
      gboolean prime = n >= 2;

      for (guint64 d = 2; prime && d * d <= n; d++)
        if (n % d == 0)
          prime = FALSE;
      found += prime;
    }

  return found;
}

/* Tests ----------------------------------------------------------------- */

static void
test_empty_state (void)
{
  LabWindow *window;

  lab_test_reset_settings ();
  window = lab_test_new_window ();

  g_assert_cmpstr (lab_run_view_get_page (lab_window_get_run_view (window)), ==, "empty");
  g_assert_true (lab_config_panel_get_valid (lab_window_get_config_panel (window)));
  g_assert_true (lab_test_action_enabled (window, "win.start"));
  g_assert_false (lab_test_action_enabled (window, "win.cancel"));
  g_assert_null (lab_window_get_run (window));

  lab_test_close_window (window);
}

static void
run_small_primes (const char *model)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *text = NULL;
  g_autofree char *expected_primes = NULL;
  g_autofree char *expected_tasks = NULL;
  guint64 primes = count_primes (10000019, 10);
  GListModel *tasks;
  LabWindow *window;
  LabSummary summary;

  lab_test_reset_settings ();
  g_settings_set_uint64 (settings, "start", 10000019);
  g_settings_set_uint64 (settings, "count", 10);
  g_settings_set_string (settings, "model", model);
  g_settings_set_uint (settings, "workers", 2);

  window = lab_test_new_window ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL));
  g_assert_true (lab_window_is_running (window));
  g_assert_false (lab_test_action_enabled (window, "win.start"));
  g_assert_true (lab_test_action_enabled (window, "win.cancel"));
  g_assert_true (lab_test_wait_for (lab_test_run_finished, window, 60));
  lab_test_settle ();

  lab_run_get_summary (lab_window_get_run (window), &summary);
  g_assert_cmpint (summary.state, ==, LAB_RUN_STATE_DONE);
  g_assert_cmpuint (summary.primes_found, ==, primes);
  g_assert_cmpuint (summary.tasks_ok, ==, 10);

  /* what the person reads */
  g_assert_cmpstr (lab_run_view_get_page (lab_window_get_run_view (window)), ==, "run");
  text = lab_test_summary_text (window);
  expected_primes = g_strdup_printf ("Primes found: %" G_GUINT64_FORMAT "\n", primes);
  expected_tasks = g_strdup ("Tasks: 10 ok · 0 failed · 0 timed out · 0 cancelled\n");
  g_assert_nonnull (strstr (text, expected_primes));
  g_assert_nonnull (strstr (text, expected_tasks));
  g_assert_nonnull (strstr (text, "State: Done\n"));
  g_assert_true (g_str_has_prefix (lab_run_view_get_progress_text (lab_window_get_run_view (window)), "10 / 10 tasks"));
  g_assert_true (g_str_has_prefix (lab_window_get_last_message (window), "Run finished"));

  /* the task list, in task order, with the same results */
  tasks = task_model (window);
  g_assert_nonnull (tasks);
  g_assert_cmpuint (g_list_model_get_n_items (tasks), ==, 10);
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(LabTaskItem) item = g_list_model_get_item (tasks, i);
      const LabTaskRecord *record = lab_task_item_get_record (item);

      g_assert_cmpuint (record->index, ==, i);
      g_assert_cmpint (record->is_prime, ==, count_primes (10000019 + i, 1));
    }

  g_assert_true (lab_test_action_enabled (window, "win.start"));
  g_assert_false (lab_test_action_enabled (window, "win.cancel"));

  lab_test_close_window (window);
}

static void
test_run_primes (gconstpointer data)
{
  const char *model = data;

  if (g_str_equal (model, "processes") && !g_file_test (g_getenv ("LAB_WORKER_PATH"), G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("the worker executable is not built");
      return;
    }

  run_small_primes (model);
}

static void
test_cancel_keeps_partial_results (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *text = NULL;
  LabWindow *window;
  LabSummary summary;
  LabRun *run;

  lab_test_reset_settings ();
  g_settings_set_uint64 (settings, "count", 2000000);   /* minutes of work */
  g_settings_set_string (settings, "model", "threads");
  g_settings_set_uint (settings, "workers", 2);

  window = lab_test_new_window ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL));
  g_assert_true (lab_test_wait_for (has_records, window, 60));
  g_assert_true (lab_test_action_enabled (window, "win.cancel"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL));
  g_assert_true (lab_test_wait_for (lab_test_run_finished, window, 30));
  lab_test_settle ();

  run = lab_window_get_run (window);
  lab_run_get_summary (run, &summary);
  g_assert_cmpint (summary.state, ==, LAB_RUN_STATE_CANCELLED);
  g_assert_cmpuint (summary.tasks_ok, >=, 200);
  g_assert_cmpuint (summary.tasks_cancelled, >, 0);
  g_assert_cmpuint (summary.tasks_ok + summary.tasks_failed + summary.tasks_timed_out + summary.tasks_cancelled,
                    ==, 2000000);

  /* the partial results stay on screen */
  g_assert_cmpstr (lab_run_view_get_page (lab_window_get_run_view (window)), ==, "run");
  text = lab_test_summary_text (window);
  g_assert_nonnull (strstr (text, "State: Cancelled\n"));
  g_assert_cmpuint (g_list_model_get_n_items (task_model (window)), ==, 2000000);
  g_assert_true (g_str_has_prefix (lab_window_get_last_message (window), "Run cancelled"));
  g_assert_true (lab_test_action_enabled (window, "win.start"));
  g_assert_false (lab_test_action_enabled (window, "win.cancel"));

  lab_test_close_window (window);
}

static void
test_timeouts_listed (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  LabTaskList *list;
  GListModel *tasks;
  LabWindow *window;
  LabSummary summary;

  /* around 1e12 a prime takes milliseconds to test, most composites
   * microseconds: a 1 ms timeout stops the primes */
  lab_test_reset_settings ();
  g_settings_set_uint64 (settings, "count", 300);
  g_settings_set_string (settings, "model", "threads");
  g_settings_set_uint (settings, "workers", 2);
  g_settings_set_string (settings, "timeout", "1ms");

  window = lab_test_new_window ();
  lab_test_start_run (window, 60);

  lab_run_get_summary (lab_window_get_run (window), &summary);
  g_assert_cmpuint (summary.tasks_timed_out, >, 0);

  list = lab_run_view_get_task_list (lab_window_get_run_view (window));
  tasks = lab_task_list_get_model (list);
  g_assert_cmpuint (g_list_model_get_n_items (tasks), ==, 300);

  lab_task_list_set_problems_only (list, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (tasks), ==, summary.tasks_timed_out + summary.tasks_failed);
  for (guint i = 0; i < g_list_model_get_n_items (tasks); i++)
    {
      g_autoptr(LabTaskItem) item = g_list_model_get_item (tasks, i);
      g_assert_cmpint (lab_task_item_get_record (item)->status, ==, LAB_TASK_TIMED_OUT);
    }

  lab_task_list_set_problems_only (list, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (tasks), ==, 300);

  lab_test_close_window (window);
}

static void
test_invalid_value_disables_start (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  LabConfigPanel *panel;
  LabWindow *window;

  lab_test_reset_settings ();
  window = lab_test_new_window ();
  panel = lab_window_get_config_panel (window);
  g_assert_true (lab_test_action_enabled (window, "win.start"));

  g_settings_set_string (settings, "timeout", "5 parsecs");
  lab_test_settle ();
  g_assert_false (lab_config_panel_get_valid (panel));
  g_assert_false (lab_test_action_enabled (window, "win.start"));
  g_assert_true (gtk_widget_has_css_class (lab_config_panel_get_row (panel, "timeout"), "error"));
  g_assert_true (g_str_has_prefix (lab_config_panel_get_error_message (panel), "Task timeout: "));

  /* Start does nothing while the configuration is invalid */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL);
  g_assert_null (lab_window_get_run (window));

  /* the engine's own rules apply too */
  g_settings_set_string (settings, "timeout", "250ms");
  g_settings_set_uint (settings, "max-in-flight", 1);   /* fewer than the workers */
  lab_test_settle ();
  g_assert_false (lab_test_action_enabled (window, "win.start"));
  g_assert_true (gtk_widget_has_css_class (lab_config_panel_get_row (panel, "max-in-flight"), "error"));
  g_assert_false (gtk_widget_has_css_class (lab_config_panel_get_row (panel, "timeout"), "error"));

  g_settings_set_uint (settings, "max-in-flight", 0);
  lab_test_settle ();
  g_assert_true (lab_config_panel_get_valid (panel));
  g_assert_true (lab_test_action_enabled (window, "win.start"));
  g_assert_null (lab_config_panel_get_error_message (panel));
  g_assert_false (gtk_widget_has_css_class (lab_config_panel_get_row (panel, "max-in-flight"), "error"));

  lab_test_close_window (window);
}

static gboolean
row_visible (LabConfigPanel *panel,
             const char     *key)
{
  return gtk_widget_get_visible (lab_config_panel_get_row (panel, key));
}

static void
test_rows_follow_workload_and_model (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *server_rows[] = { "server-delay", "server-jitter", "server-size", "server-status", "server-fail-rate" };
  LabConfigPanel *panel;
  LabWindow *window;

  lab_test_reset_settings ();
  window = lab_test_new_window ();
  panel = lab_window_get_config_panel (window);

  /* primes: no url rows */
  g_assert_true (row_visible (panel, "start"));
  g_assert_false (row_visible (panel, "url-target"));
  g_assert_false (row_visible (panel, "urls"));
  for (guint i = 0; i < G_N_ELEMENTS (server_rows); i++)
    g_assert_false (row_visible (panel, server_rows[i]));

  /* url with the lab server: its parameters */
  g_settings_set_string (settings, "workload", "url");
  lab_test_settle ();
  g_assert_false (row_visible (panel, "start"));
  g_assert_true (row_visible (panel, "url-target"));
  g_assert_false (row_visible (panel, "urls"));
  for (guint i = 0; i < G_N_ELEMENTS (server_rows); i++)
    g_assert_true (row_visible (panel, server_rows[i]));

  /* url with URLs: the list, and an empty list is an error */
  g_settings_set_string (settings, "url-target", "urls");
  lab_test_settle ();
  g_assert_true (row_visible (panel, "urls"));
  for (guint i = 0; i < G_N_ELEMENTS (server_rows); i++)
    g_assert_false (row_visible (panel, server_rows[i]));
  g_assert_false (lab_config_panel_get_valid (panel));
  g_settings_set_string (settings, "urls", "ftp://example.org/");
  lab_test_settle ();
  g_assert_false (lab_config_panel_get_valid (panel));
  g_assert_true (gtk_widget_has_css_class (lab_config_panel_get_row (panel, "urls"), "error"));
  g_settings_set_string (settings, "urls", "http://127.0.0.1:9/a http://127.0.0.1:9/b");
  lab_test_settle ();
  g_assert_true (lab_config_panel_get_valid (panel));

  g_settings_set_string (settings, "workload", "primes");
  lab_test_settle ();
  g_assert_false (row_visible (panel, "urls"));
  g_assert_false (row_visible (panel, "url-target"));

  /* model rows */
  g_settings_set_string (settings, "model", "sequential");
  lab_test_settle ();
  g_assert_false (row_visible (panel, "workers"));
  g_assert_false (row_visible (panel, "chunk-size"));
  g_assert_false (row_visible (panel, "simulate-gil"));
  g_settings_set_string (settings, "model", "processes");
  lab_test_settle ();
  g_assert_true (row_visible (panel, "workers"));
  g_assert_true (row_visible (panel, "chunk-size"));
  g_assert_false (row_visible (panel, "simulate-gil"));
  g_settings_set_string (settings, "model", "threads");
  lab_test_settle ();
  g_assert_false (row_visible (panel, "chunk-size"));
  g_assert_true (row_visible (panel, "simulate-gil"));
  g_assert_false (row_visible (panel, "switch-interval"));
  g_settings_set_boolean (settings, "simulate-gil", TRUE);
  lab_test_settle ();
  g_assert_true (row_visible (panel, "switch-interval"));

  lab_test_close_window (window);
}

static void
test_settings_round_trip (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *deadline = NULL;
  g_autofree char *model = NULL;
  LabConfigPanel *panel;
  LabWindow *window;
  GtkWidget *spin;
  int width, height;

  lab_test_reset_settings ();
  window = lab_test_new_window ();
  panel = lab_window_get_config_panel (window);

  /* a person changes the rows... */
  spin = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (lab_config_panel_get_row (panel, "count")));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 1234);
  adw_combo_row_set_selected (ADW_COMBO_ROW (lab_config_panel_get_row (panel, "model")), LAB_MODEL_ASYNC);
  gtk_editable_set_text (GTK_EDITABLE (lab_config_panel_get_row (panel, "deadline")), "2s");
  gtk_editable_set_text (GTK_EDITABLE (lab_config_panel_get_row (panel, "start")), "77");
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  lab_test_settle ();

  /* ...which are saved... */
  g_assert_cmpuint (g_settings_get_uint64 (settings, "count"), ==, 1234);
  model = g_settings_get_string (settings, "model");
  g_assert_cmpstr (model, ==, "async");
  deadline = g_settings_get_string (settings, "deadline");
  g_assert_cmpstr (deadline, ==, "2s");
  g_assert_cmpuint (g_settings_get_uint64 (settings, "start"), ==, 77);

  gtk_window_close (GTK_WINDOW (window));
  lab_test_settle ();
  g_settings_get (settings, "window-size", "(ii)", &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 700);

  /* ...and come back in a new window */
  window = lab_test_new_window ();
  panel = lab_window_get_config_panel (window);
  spin = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (lab_config_panel_get_row (panel, "count")));
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 1234);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (lab_config_panel_get_row (panel, "model"))),
                    ==, LAB_MODEL_ASYNC);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (lab_config_panel_get_row (panel, "deadline"))), ==, "2s");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (lab_config_panel_get_row (panel, "start"))), ==, "77");
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 700);

  lab_test_close_window (window);
}

static void
test_url_run_against_lab_server (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *text = NULL;
  LabTaskList *list;
  LabWindow *window;
  LabSummary summary;

  /* the built-in lab server, shaped from the sidebar: every answer a 503 */
  lab_test_reset_settings ();
  g_settings_set_string (settings, "workload", "url");
  g_settings_set_uint64 (settings, "count", 20);
  g_settings_set_string (settings, "model", "threads");
  g_settings_set_uint (settings, "workers", 4);
  g_settings_set_string (settings, "server-delay", "0");
  g_settings_set_string (settings, "server-size", "2KiB");
  g_settings_set_uint (settings, "server-status", 503);

  window = lab_test_new_window ();
  lab_test_start_run (window, 60);

  lab_run_get_summary (lab_window_get_run (window), &summary);
  g_assert_cmpuint (summary.tasks_failed, ==, 20);
  g_assert_cmpuint (summary.bytes_total, ==, 20 * 2048);

  text = lab_test_summary_text (window);
  g_assert_nonnull (strstr (text, "HTTP statuses: 503 × 20\n"));

  list = lab_run_view_get_task_list (lab_window_get_run_view (window));
  lab_task_list_set_problems_only (list, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (lab_task_list_get_model (list)), ==, 20);

  lab_test_close_window (window);
}

static void
test_charts_follow_the_run (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  LabWindow *window;
  LabChartView *timeline = NULL;
  GtkWidget *view;
  g_autofree char *tooltip = NULL;

  lab_test_reset_settings ();
  g_settings_set_uint64 (settings, "count", 2000);
  g_settings_set_uint (settings, "workers", 2);

  window = lab_test_new_window ();
  lab_test_start_run (window, 60);

  /* every chart shows the window's run */
  view = GTK_WIDGET (lab_window_get_run_view (window));
  for (GtkWidget *w = view; w != NULL; )
    {
      GtkWidget *next = gtk_widget_get_first_child (w);

      if (LAB_IS_CHART_VIEW (w))
        {
          g_assert_true (lab_chart_view_get_run (LAB_CHART_VIEW (w)) == lab_window_get_run (window));
          if (lab_chart_view_get_kind (LAB_CHART_VIEW (w)) == LAB_CHART_TIMELINE)
            timeline = LAB_CHART_VIEW (w);
        }

      /* depth-first walk */
      while (next == NULL && w != view)
        {
          next = gtk_widget_get_next_sibling (w);
          if (next == NULL)
            w = gtk_widget_get_parent (w);
        }
      w = next;
    }
  g_assert_nonnull (timeline);

  /* the tooltip names a task of the worker under the pointer */
  for (int y = 0; y < gtk_widget_get_height (GTK_WIDGET (timeline)) && tooltip == NULL; y++)
    {
      g_autofree char *text = lab_chart_view_describe_at (LAB_CHART_VIEW (timeline),
                                                          gtk_widget_get_width (GTK_WIDGET (timeline)) / 3, y);
      if (text != NULL && g_str_has_prefix (text, "Task "))
        tooltip = g_steal_pointer (&text);
    }
  g_assert_nonnull (tooltip);
  g_assert_nonnull (strstr (tooltip, "Worker "));

  lab_test_close_window (window);
}

static void
test_close_while_running (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(LabRun) run = NULL;
  LabWindow *window;
  gpointer weak;

  lab_test_reset_settings ();
  g_settings_set_uint64 (settings, "count", 2000000);

  window = lab_test_new_window ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL));
  g_assert_true (lab_test_wait_for (has_records, window, 60));
  run = g_object_ref (lab_window_get_run (window));

  /* closing cancels the run; the window goes once the engine has stopped */
  weak = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (lab_test_wait_for (lab_test_is_null, &weak, 30));
  g_assert_cmpint (lab_run_get_state (run), ==, LAB_RUN_STATE_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  static const char *models[] = { "sequential", "threads", "processes", "async" };

  if (!lab_test_gui_init (&argc, &argv))
    return g_test_run ();

  g_test_add_func ("/lab/gui/window/empty-state", test_empty_state);
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      g_autofree char *path = g_strdup_printf ("/lab/gui/run/primes/%s", models[i]);
      g_test_add_data_func (path, models[i], test_run_primes);
    }
  g_test_add_func ("/lab/gui/run/cancel", test_cancel_keeps_partial_results);
  g_test_add_func ("/lab/gui/run/timeouts", test_timeouts_listed);
  g_test_add_func ("/lab/gui/run/url", test_url_run_against_lab_server);
  g_test_add_func ("/lab/gui/run/charts", test_charts_follow_the_run);
  g_test_add_func ("/lab/gui/run/close", test_close_while_running);
  g_test_add_func ("/lab/gui/config/invalid", test_invalid_value_disables_start);
  g_test_add_func ("/lab/gui/config/rows", test_rows_follow_workload_and_model);
  g_test_add_func ("/lab/gui/config/settings", test_settings_round_trip);

  return g_test_run ();
}
