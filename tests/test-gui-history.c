/* test-gui-history.c: the run history in the real window, and opening
 * snapshots, driven through actions
 *
 * The history lives in a fresh temporary XDG_DATA_HOME, set before GLib
 * reads it, so a test never touches the person's own history.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "lab-history-overlay.h"
#include "lab-history-page.h"
#include "lab-test-gui.h"
#include "lab-window.h"

static char *data_home;

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static LabHistoryPage *
history_page (LabWindow *window)
{
  GtkWidget *page = find_widget (GTK_WIDGET (window), LAB_TYPE_HISTORY_PAGE);

  g_assert_nonnull (page);
  return LAB_HISTORY_PAGE (page);
}

static GListModel *
history_list (LabWindow *window)
{
  return G_LIST_MODEL (lab_history_page_get_selection (history_page (window)));
}

static char *
history_path (const char *name)
{
  return g_build_filename (data_home, PACKAGE_NAME, name, NULL);
}

static gboolean
history_loaded (gpointer data)
{
  return lab_history_is_loaded (lab_history_page_get_history (history_page (data)));
}

typedef struct
{
  LabWindow *window;
  guint      n;
} Count;

static gboolean
has_n_entries (gpointer data)
{
  Count *c = data;
  return g_list_model_get_n_items (history_list (c->window)) == c->n;
}

typedef struct
{
  LabWindow *window;
  LabRun    *not_this;
} RunChange;

static gboolean
run_changed (gpointer data)
{
  RunChange *c = data;
  LabRun *run = lab_window_get_run (c->window);
  return run != NULL && run != c->not_this;
}

/* Runs a small primes run through win.start and waits until it is kept. */
static LabRun *
start_small_run (LabWindow  *window,
                 const char *model,
                 guint       workers,
                 guint       expected_entries)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  Count count = { window, expected_entries };

  g_settings_set_uint64 (settings, "start", 10000019);
  g_settings_set_uint64 (settings, "count", 200);
  g_settings_set_string (settings, "model", model);
  g_settings_set_uint (settings, "workers", workers);
  lab_test_settle ();

  lab_test_start_run (window, 60);
  g_assert_true (lab_test_wait_for (has_n_entries, &count, 30));
  return lab_window_get_run (window);
}

/* Tests ----------------------------------------------------------------- */

static void
test_run_is_kept_and_reopened (void)
{
  LabWindow *window = lab_test_new_window ();
  g_autoptr(LabHistoryEntry) entry = NULL;
  g_autofree char *path = NULL;
  g_autofree char *live_summary = NULL;
  g_autofree char *reopened_summary = NULL;
  RunChange change = { window, NULL };
  LabSummary live, reopened;
  LabRun *run;

  g_assert_true (lab_test_wait_for (history_loaded, window, 30));
  g_assert_cmpuint (g_list_model_get_n_items (history_list (window)), ==, 0);
  g_assert_cmpstr (lab_history_page_get_view (history_page (window)), ==, "empty");

  run = start_small_run (window, "threads", 2, 1);
  lab_run_get_summary (run, &live);
  live_summary = lab_test_summary_text (window);

  /* listed, and kept as a file in $XDG_DATA_HOME/concurrency-lab */
  entry = g_list_model_get_item (history_list (window), 0);
  g_assert_cmpstr (lab_history_entry_get_title (entry), ==, "primes · threads · 2 workers");
  g_assert_cmpint (lab_history_entry_get_tasks_ok (entry), ==, 200);
  path = history_path (lab_history_entry_get_file_name (entry));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (lab_history_page_get_view (history_page (window)), ==, "list");

  /* reopened: a new run object on the Run page, with the same summary */
  change.not_this = run;
  lab_history_page_open_entry (history_page (window), entry);
  g_assert_true (lab_test_wait_for (run_changed, &change, 30));
  lab_test_settle ();
  lab_run_get_summary (lab_window_get_run (window), &reopened);
  g_assert_cmpuint (reopened.tasks_ok, ==, live.tasks_ok);
  g_assert_cmpuint (reopened.primes_found, ==, live.primes_found);
  g_assert_cmpfloat (reopened.wall_seconds, ==, live.wall_seconds);
  reopened_summary = lab_test_summary_text (window);
  g_assert_cmpstr (reopened_summary, ==, live_summary);
  g_assert_cmpstr (lab_run_view_get_page (lab_window_get_run_view (window)), ==, "run");
  g_assert_cmpuint (g_list_model_get_n_items (lab_task_list_get_model (lab_run_view_get_task_list (lab_window_get_run_view (window)))), ==, 200);

  lab_test_close_window (window);
}

static gboolean
overlay_shown (gpointer data)
{
  return g_strcmp0 (lab_history_page_get_view (history_page (data)), "overlay") == 0;
}

static void
test_compare_and_delete (void)
{
  LabWindow *window = lab_test_new_window ();
  LabHistoryPage *page = history_page (window);
  GtkSelectionModel *selection = lab_history_page_get_selection (page);
  LabHistoryOverlay *overlay;
  g_autofree char *table = NULL;
  g_autofree char *doomed_path = NULL;
  guint n;

  g_assert_true (lab_test_wait_for (history_loaded, window, 30));
  n = g_list_model_get_n_items (G_LIST_MODEL (selection));
  start_small_run (window, "sequential", 1, n + 1);
  start_small_run (window, "threads", 2, n + 2);

  /* two runs selected: overlaid, with a table row each */
  gtk_selection_model_select_range (selection, 0, 2, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "history.compare", NULL));
  g_assert_true (lab_test_wait_for (overlay_shown, window, 30));
  overlay = LAB_HISTORY_OVERLAY (find_widget (GTK_WIDGET (page), LAB_TYPE_HISTORY_OVERLAY));
  g_assert_cmpuint (lab_history_overlay_get_n_runs (overlay), ==, 2);
  table = lab_history_overlay_dup_table_text (overlay);
  /* the oldest first, the newer one with its ratios */
  g_assert_true (g_str_has_prefix (table, "primes · sequential · 1 worker\t"));
  g_assert_nonnull (strstr (table, "\nprimes · threads · 2 workers\t"));
  g_assert_nonnull (strstr (table, "×"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "history.back", NULL));
  g_assert_cmpstr (lab_history_page_get_view (page), ==, "list");

  /* delete the newest: gone from the list at once, its file only once the
   * toast is gone; Undo brings it back */
  {
    g_autoptr(LabHistoryEntry) newest = g_list_model_get_item (G_LIST_MODEL (selection), 0);
    doomed_path = history_path (lab_history_entry_get_file_name (newest));
  }
  gtk_selection_model_select_item (selection, 0, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "history.delete", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, n + 1);
  g_assert_true (g_file_test (doomed_path, G_FILE_TEST_EXISTS));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "history.undo-delete", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, n + 2);

  gtk_selection_model_select_item (selection, 0, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "history.delete", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, n + 1);
  lab_test_close_window (window);   /* the toast goes with the window: the deletion is final */
  for (guint i = 0; i < 300 && g_file_test (doomed_path, G_FILE_TEST_EXISTS); i++)
    {
      lab_test_settle ();
      g_usleep (10000);
    }
  g_assert_false (g_file_test (doomed_path, G_FILE_TEST_EXISTS));
}

static gboolean
cli_snapshot (const char *path,
              const char *model)
{
  g_autofree char *output = g_strdup_printf ("--output=%s", path);
  g_autofree char *model_arg = g_strdup_printf ("--model=%s", model);
  const char *cli = g_getenv ("LAB_CLI_PATH");
  const char *argv[] = { cli, "run", "--workload=primes", model_arg, "--count=300",
                         "--format=json", output, NULL };
  g_autoptr(GError) error = NULL;
  int status = -1;

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return TRUE;
}

static void
test_open_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lab-open-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "from-the-cli.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  LabWindow *window;
  RunChange change;
  LabSummary summary;

  if (!cli_snapshot (path, "async"))
    {
      g_test_skip ("the command line is not built");
      return;
    }

  window = lab_test_new_window ();
  change = (RunChange) { window, NULL };
  lab_window_open_file (window, file);
  g_assert_true (lab_test_wait_for (run_changed, &change, 30));
  lab_test_settle ();

  lab_run_get_summary (lab_window_get_run (window), &summary);
  g_assert_cmpint (summary.state, ==, LAB_RUN_STATE_DONE);
  g_assert_cmpuint (summary.tasks_ok, ==, 300);
  g_assert_cmpint (lab_run_get_config (lab_window_get_run (window))->model, ==, LAB_MODEL_ASYNC);
  g_assert_cmpstr (lab_run_view_get_page (lab_window_get_run_view (window)), ==, "run");
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (window)));

  lab_test_close_window (window);
  g_remove (path);
  g_rmdir (dir);
}

static gboolean
cli_document (const char *command,
              const char *path,
              const char *option,
              const char *option2)
{
  g_autofree char *output = g_strdup_printf ("--output=%s", path);
  const char *cli = g_getenv ("LAB_CLI_PATH");
  const char *argv[] = { cli, command, "--workload=primes", "--count=200", "--runs=1",
                         "--format=json", output, option, option2, NULL };
  g_autoptr(GError) error = NULL;

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

typedef struct
{
  LabComparePage *page;
  gpointer        not_this;
  gboolean        sweep;
} ShownChange;

static gboolean
compare_page_changed (gpointer data)
{
  ShownChange *c = data;
  gpointer shown = c->sweep ? (gpointer) lab_compare_page_get_sweep (c->page)
                            : (gpointer) lab_compare_page_get_comparison (c->page);
  return shown != NULL && shown != c->not_this;
}

static const char *
visible_page (LabWindow *window)
{
  AdwViewStack *stack = ADW_VIEW_STACK (find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));
  return adw_view_stack_get_visible_child_name (stack);
}

/* A comparison and a sweep open on the Compare page; when the page finishes
 * one, it is kept, and reopens from the history. */
static void
test_comparison_and_sweep (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lab-open-XXXXXX", NULL);
  g_autofree char *comparison_path = g_build_filename (dir, "comparison.json", NULL);
  g_autofree char *sweep_path = g_build_filename (dir, "sweep.json", NULL);
  g_autoptr(GFile) comparison_file = g_file_new_for_path (comparison_path);
  g_autoptr(GFile) sweep_file = g_file_new_for_path (sweep_path);
  g_autoptr(LabHistoryEntry) kept = NULL;
  g_autoptr(LabComparison) comparison = NULL;
  LabComparePage *page;
  LabWindow *window;
  ShownChange change;
  Count count;
  guint n;

  if (!cli_document ("compare", comparison_path, "--models=sequential,threads", "--workers=2") ||
      !cli_document ("sweep", sweep_path, "--workers=1,2", NULL))
    {
      g_test_skip ("the command line is not built");
      return;
    }

  window = lab_test_new_window ();
  page = lab_window_get_compare_page (window);
  g_assert_true (lab_test_wait_for (history_loaded, window, 30));
  n = g_list_model_get_n_items (history_list (window));

  change = (ShownChange) { page, NULL, FALSE };
  lab_window_open_file (window, comparison_file);
  g_assert_true (lab_test_wait_for (compare_page_changed, &change, 30));
  g_assert_cmpstr (visible_page (window), ==, "compare");
  comparison = g_object_ref (lab_compare_page_get_comparison (page));   /* the sweep will replace it */
  g_assert_cmpuint (lab_comparison_get_n_models (comparison), ==, 2);

  change = (ShownChange) { page, NULL, TRUE };
  lab_window_open_file (window, sweep_file);
  g_assert_true (lab_test_wait_for (compare_page_changed, &change, 30));
  g_assert_cmpuint (lab_sweep_get_n_points (lab_compare_page_get_sweep (page)), ==, 2);

  /* what the page finishes goes into the history */
  g_signal_emit_by_name (page, "comparison-finished", comparison);
  count = (Count) { window, n + 1 };
  g_assert_true (lab_test_wait_for (has_n_entries, &count, 30));
  g_signal_emit_by_name (page, "sweep-finished", lab_compare_page_get_sweep (page));
  count = (Count) { window, n + 2 };
  g_assert_true (lab_test_wait_for (has_n_entries, &count, 30));

  /* (listed by their own dates: the sweep was made before the comparison was kept) */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(LabHistoryEntry) entry = g_list_model_get_item (history_list (window), i);

      if (lab_history_entry_get_kind (entry) == LAB_DOCUMENT_COMPARISON)
        {
          g_assert_cmpstr (lab_history_entry_get_title (entry), ==, "primes · sequential, threads · 2 workers");
          kept = g_object_ref (entry);
        }
      else
        g_assert_cmpint (lab_history_entry_get_kind (entry), ==, LAB_DOCUMENT_SWEEP);
    }
  g_assert_nonnull (kept);

  /* and reopens there */
  change = (ShownChange) { page, comparison, FALSE };
  lab_history_page_open_entry (history_page (window), kept);
  g_assert_true (lab_test_wait_for (compare_page_changed, &change, 30));
  g_assert_cmpuint (lab_comparison_get_n_models (lab_compare_page_get_comparison (page)), ==, 2);

  lab_test_close_window (window);
  g_remove (comparison_path);
  g_remove (sweep_path);
  g_rmdir (dir);
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
}

static void
test_open_broken_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lab-open-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "broken.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  LabWindow *window;
  AdwMessageDialog *dialog;

  g_assert_true (g_file_set_contents (path, "{\"format\": \"concurrency-lab-snapshot\", \"version\": 1, \"conf", -1, NULL));

  window = lab_test_new_window ();
  lab_window_open_file (window, file);
  g_assert_true (lab_test_wait_for (dialog_shown, NULL, 30));

  /* the dialog names the file and says why; the window stays as it was */
  dialog = find_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "broken.json"));
  g_assert_true (strlen (adw_message_dialog_get_body (dialog)) > 0);
  g_assert_null (lab_window_get_run (window));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (window)));

  gtk_window_destroy (GTK_WINDOW (dialog));
  lab_test_close_window (window);
  g_remove (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* before anything asks GLib for the user's data directory */
  data_home = g_dir_make_tmp ("lab-gui-history-XXXXXX", NULL);
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  if (!lab_test_gui_init (&argc, &argv))
    return g_test_run ();
  g_assert_cmpstr (g_get_user_data_dir (), ==, data_home);

  g_test_add_func ("/lab/gui/history/run-kept-and-reopened", test_run_is_kept_and_reopened);
  g_test_add_func ("/lab/gui/history/compare-and-delete", test_compare_and_delete);
  g_test_add_func ("/lab/gui/history/open-file", test_open_file);
  g_test_add_func ("/lab/gui/history/open-broken-file", test_open_broken_file);
  g_test_add_func ("/lab/gui/history/comparison-and-sweep", test_comparison_and_sweep);

  status = g_test_run ();

  /* the temporary history */
  {
    g_autofree char *history = g_build_filename (data_home, PACKAGE_NAME, NULL);
    g_autoptr(GDir) dir = g_dir_open (history, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (history, name, NULL);
        g_remove (path);
      }
    g_rmdir (history);
    g_rmdir (data_home);
  }
  return status;
}
