/* lab-test-gui.h: what the window tests share — GTK under a display, the
 * main loop iterated until a condition holds, settings back to their
 * defaults, a window, its action buttons, and a run through win.start
 *
 * Settings live in the memory backend and the schema comes from the build
 * directory (GSETTINGS_SCHEMA_DIR); finished runs are kept in the history
 * under XDG_DATA_HOME, which tests/meson.build sets to the build directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <sys/wait.h>

#include "lab-window.h"

typedef gboolean (*LabTestCondition) (gpointer data);

/* g_test_init(), then GTK and libadwaita; FALSE, with every test skipped,
 * when there is no display. The history must not be the person's own. */
static inline gboolean
lab_test_gui_init (int    *argc,
                   char ***argv)
{
  const char *data_home = g_getenv ("XDG_DATA_HOME");

  if (data_home == NULL || *data_home == '\0')
    g_error ("XDG_DATA_HOME is not set: the runs would be kept in the person's own history "
             "(meson test sets it to the build directory)");

  g_test_init (argc, argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return FALSE;
    }
  adw_init ();
  return TRUE;
}

static inline gboolean
lab_test_wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main loop until @condition holds, for at most @seconds. */
static inline gboolean
lab_test_wait_for (LabTestCondition condition,
                   gpointer         data,
                   guint            seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  guint id = g_timeout_add (20, lab_test_wake, NULL);

  while (!condition (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);

  return condition (data);
}

/* Runs what is pending in the main loop. */
static inline void
lab_test_settle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* A condition on a gpointer (a weak pointer): it was cleared. */
static inline gboolean
lab_test_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static inline void
lab_test_reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
  g_settings_sync ();
}

/* A new window, shown. */
static inline LabWindow *
lab_test_new_window (void)
{
  LabWindow *window = lab_window_new (NULL);

  gtk_window_present (GTK_WINDOW (window));
  lab_test_settle ();
  return window;
}

static inline void
lab_test_close_window (LabWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  lab_test_settle ();
}

/* The first button below @widget whose action is @action. */
static inline GtkWidget *
lab_test_find_action_button (GtkWidget  *widget,
                             const char *action)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0)
        return child;
      if ((found = lab_test_find_action_button (child, action)) != NULL)
        return found;
    }

  return NULL;
}

/* Whether the window's button for @action (which must have one) can be
 * pressed: it follows the action's enabled state. */
static inline gboolean
lab_test_action_enabled (LabWindow  *window,
                         const char *action)
{
  GtkWidget *button = lab_test_find_action_button (GTK_WIDGET (window), action);

  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

/* A condition on a LabWindow: its run is there and finished. */
static inline gboolean
lab_test_run_finished (gpointer data)
{
  LabWindow *window = data;

  return lab_window_get_run (window) != NULL && !lab_window_is_running (window) &&
         lab_run_is_finished (lab_window_get_run (window));
}

/* Starts a run with the settings through win.start and waits, at most
 * @seconds, until it has finished. */
static inline void
lab_test_start_run (LabWindow *window,
                    guint      seconds)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL));
  g_assert_true (lab_test_wait_for (lab_test_run_finished, window, seconds));
  lab_test_settle ();
}

/* The summary of the run on the Run page, as text. */
static inline char *
lab_test_summary_text (LabWindow *window)
{
  return lab_summary_view_dup_text (lab_run_view_get_summary_view (lab_window_get_run_view (window)));
}

/* A snapshot, comparison or sweep the window wrote, against the schemas in
 * data/ (when python3-jsonschema is here: else only a message). */
static inline void
lab_test_validate_json (const char *path)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "validate-json.py", NULL);
  g_autofree char *schemas = g_test_build_filename (G_TEST_DIST, "..", "data", NULL);
  const char *argv[] = { "python3", script, "--validate", schemas, path, NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 77)
    {
      g_test_message ("schema not checked: %s", out);
      return;
    }
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s does not validate:\n%s%s", path, out, err);
}

