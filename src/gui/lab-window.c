/* lab-window.c
 *
 * Start builds a LabConfig from the sidebar, makes an executor and a run,
 * and runs it asynchronously: the engine's threads, processes or event loop
 * do the work, the main loop only draws what the run reports. Cancel is
 * g_cancellable_cancel(); whatever ended the run, its results stay on screen
 * and a toast says how it ended.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lab-compare-page.h"
#include "lab-engine-thread.h"
#include "lab-history-page.h"
#include "lab-error.h"
#include "lab-export-dialog.h"
#include "lab-lab-server.h"
#include "lab-summary-view.h"
#include "lab-window.h"

struct _LabWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  AdwFlap              *flap;
  LabConfigPanel       *config_panel;
  AdwViewStack         *view_stack;
  LabRunView           *run_view;
  LabComparePage       *compare_page;
  LabHistoryPage       *history_page;

  GSettings            *settings;
  LabRun               *run;
  LabExecutor          *executor;
  GCancellable         *cancellable;
  LabLabServer         *lab_server;
  LabHistory           *history;
  GCancellable         *open_cancellable;
  char                 *last_message;
  gboolean              close_when_done;
};

G_DEFINE_FINAL_TYPE (LabWindow, lab_window, ADW_TYPE_APPLICATION_WINDOW)

static void
update_actions (LabWindow *self)
{
  gboolean comparing = self->compare_page != NULL && lab_compare_page_get_running (self->compare_page);
  gboolean running = self->cancellable != NULL || comparing;
  gboolean valid = lab_config_panel_get_valid (self->config_panel);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.start", !running && valid);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", running);
  /* export: a finished run is shown */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export",
                                 !running && self->run != NULL && lab_run_is_finished (self->run));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-chart",
                                 !running && self->run != NULL && lab_run_is_finished (self->run));
  gtk_widget_set_sensitive (GTK_WIDGET (self->config_panel), !running);
  /* a comparison is a sequence of runs: one thing at a time */
  if (self->compare_page != NULL)
    lab_compare_page_set_can_start (self->compare_page, self->cancellable == NULL && valid);
}

static void
show_message (LabWindow  *self,
              const char *message)
{
  g_autofree char *markup = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (markup);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  g_free (self->last_message);
  self->last_message = g_strdup (message);
}

static char *
describe_end (LabRun       *run,
              const GError *error)
{
  g_autofree char *recorded = NULL;
  g_autofree char *total = NULL;
  g_autofree char *ran = NULL;
  g_autofree char *problems = NULL;
  LabSummary s;

  lab_run_get_summary (run, &s);
  total = lab_format_count (s.tasks_total);
  ran = lab_format_count (s.tasks_ok + s.tasks_failed + s.tasks_timed_out);
  problems = lab_format_count (s.tasks_failed + s.tasks_timed_out);
  recorded = lab_format_count (s.tasks_ok);

  switch (s.state)
    {
    case LAB_RUN_STATE_DONE:
      if (s.tasks_failed + s.tasks_timed_out > 0)
        return g_strdup_printf (_("Run finished in %.2f s: %s tasks, %s failed or timed out"),
                                s.wall_seconds, total, problems);
      return g_strdup_printf (_("Run finished: %s tasks in %.2f s"), total, s.wall_seconds);

    case LAB_RUN_STATE_CANCELLED:
      return g_strdup_printf (_("Run cancelled after %s of %s tasks; the partial results are shown"),
                              ran, total);

    case LAB_RUN_STATE_DEADLINE_EXCEEDED:
      return g_strdup_printf (_("Deadline reached after %s of %s tasks; the partial results are shown"),
                              ran, total);

    case LAB_RUN_STATE_FAILED:
    default:
      return g_strdup_printf (_("Run failed: %s"), error ? error->message : _("unknown error"));
    }
}

static void
on_run_saved (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LabWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LabHistoryEntry) entry = lab_history_add_finish (LAB_HISTORY (object), result, &error);

  /* (unless the window is gone meanwhile) */
  if (entry == NULL && self->toast_overlay != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not keep it in the history: %s"), error->message);
      AdwToast *toast = adw_toast_new (message);

      adw_toast_set_timeout (toast, 6);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
}

static void
on_comparison_finished (LabWindow     *self,
                        LabComparison *comparison)
{
  lab_history_add_comparison_async (self->history, comparison, NULL, on_run_saved, g_object_ref (self));
}

static void
on_sweep_finished (LabWindow *self,
                   LabSweep  *sweep)
{
  lab_history_add_sweep_async (self->history, sweep, NULL, on_run_saved, g_object_ref (self));
}

static void
on_run_finished (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LabWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  LabExecutor *executor = LAB_EXECUTOR (object);

  lab_engine_thread_run_finish (executor, result, &error);
  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_clear_error (&error);

  if (self->executor == executor)
    {
      g_clear_object (&self->executor);
      g_clear_object (&self->cancellable);
    }

  if (self->close_when_done)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  message = describe_end (self->run, error ? error : lab_run_get_error (self->run));
  show_message (self, message);
  update_actions (self);

  /* every run that recorded something is kept, on a thread */
  if (lab_run_get_n_recorded (self->run) > 0)
    lab_history_add_run_async (self->history, self->run, NULL, on_run_saved, g_object_ref (self));
}

static gboolean
ensure_lab_server (LabWindow  *self,
                   GError    **error)
{
  if (self->lab_server != NULL && lab_lab_server_is_running (self->lab_server))
    return TRUE;

  g_clear_object (&self->lab_server);
  self->lab_server = lab_lab_server_new (0);
  if (!lab_lab_server_start (self->lab_server, error))
    {
      g_clear_object (&self->lab_server);
      return FALSE;
    }
  return TRUE;
}

LabConfig *
lab_window_dup_run_config (LabWindow  *self,
                           GError    **error)
{
  g_autoptr(LabConfig) config = NULL;
  g_autofree char *query = NULL;

  g_return_val_if_fail (LAB_IS_WINDOW (self), NULL);

  if (!(config = lab_config_panel_dup_config (self->config_panel, &query, error)))
    return NULL;

  if (query != NULL)
    {
      if (!ensure_lab_server (self, error))
        {
          g_prefix_error (error, _("Could not start the lab server: "));
          return NULL;
        }
      config->urls = g_new0 (char *, 2);
      config->urls[0] = lab_lab_server_dup_work_url (self->lab_server, query);
    }

  return g_steal_pointer (&config);
}

LabRun *
lab_window_new_run (LabWindow       *self,
                    const LabConfig *config)
{
  LabRun *run;

  g_return_val_if_fail (LAB_IS_WINDOW (self), NULL);

  run = lab_run_new (config);
  /* The window draws while the run goes (with a software renderer, on
   * threads of its own), and the lab server answers: that CPU is not the
   * engine's. The engine's threads all start after this. */
  lab_run_exclude_existing_threads (run);
  return run;
}

static void
lab_window_start (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);
  g_autoptr(LabConfig) config = NULL;
  g_autoptr(LabExecutor) executor = NULL;
  g_autoptr(GError) error = NULL;

  if (self->cancellable != NULL || lab_compare_page_get_running (self->compare_page))
    return;

  if (!(config = lab_window_dup_run_config (self, &error)))
    {
      show_message (self, error->message);
      return;
    }

  if (!(executor = lab_executor_new_for_config (config, &error)))
    {
      g_autofree char *message = g_strdup_printf (_("Could not start the run: %s"), error->message);
      show_message (self, message);
      return;
    }

  g_clear_object (&self->run);
  self->run = lab_window_new_run (self, config);
  self->executor = g_object_ref (executor);
  self->cancellable = g_cancellable_new ();

  lab_run_view_set_run (self->run_view, self->run);
  adw_view_stack_set_visible_child_name (self->view_stack, "run");
  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, FALSE);
  update_actions (self);

  /* the engine runs on a thread of its own, scheduled below the window */
  lab_engine_thread_run_async (executor, self->run, self->cancellable, on_run_finished, g_object_ref (self));
}

static void
lab_window_cancel (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  lab_compare_page_cancel (self->compare_page);
}

static void
lab_window_toggle_sidebar (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

static void
on_export_chosen (GFile           *file,
                  LabExportFormat  format,
                  LabChartKind     chart,
                  gpointer         user_data)
{
  lab_window_export_to_file (user_data, file, format, chart, NULL, NULL, NULL);
}

static void
lab_window_export (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);
  LabChartKind chart = LAB_CHART_ALL;

  if (self->run == NULL || !lab_run_is_finished (self->run))
    return;
  if (parameter != NULL)
    lab_chart_kind_from_string (g_variant_get_string (parameter, NULL), &chart);

  lab_export_dialog_show (GTK_WINDOW (self), self->run, chart, on_export_chosen,
                          g_object_ref (self), g_object_unref);
}

static void
on_export_written (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LabWindow *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  lab_export_write_finish (result, &error);
  message = lab_export_describe_outcome (g_task_get_task_data (task), error);
  show_message (self, message);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
lab_window_export_to_file (LabWindow           *self,
                           GFile               *file,
                           LabExportFormat      format,
                           LabChartKind         chart,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  g_autoptr(GTask) task = NULL;
  LabChartStyle style;

  g_return_if_fail (LAB_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lab_window_export_to_file);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);

  if (self->run == NULL || !lab_run_is_finished (self->run))
    {
      g_task_return_new_error (task, LAB_ERROR, LAB_ERROR_FAILED, _("no finished run to export"));
      return;
    }

  /* images look like the window: dark or light, high contrast or not */
  lab_chart_style_init (&style, adw_style_manager_get_dark (manager));
  style.high_contrast = adw_style_manager_get_high_contrast (manager);

  lab_export_write_async (self->run, file, format, chart, &style,
                          gtk_widget_get_scale_factor (GTK_WIDGET (self)),
                          cancellable, on_export_written, g_steal_pointer (&task));
}

gboolean
lab_window_export_to_file_finish (LabWindow     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lab_window_open (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  lab_window_choose_file (LAB_WINDOW (widget));
}

static void
on_open_document (LabWindow *self,
                  GObject   *document)
{
  lab_window_show_document (self, document);
}

void
lab_window_show_run (LabWindow *self,
                     LabRun    *run)
{
  g_return_if_fail (LAB_IS_WINDOW (self));
  g_return_if_fail (LAB_IS_RUN (run));

  /* a run going keeps the Run page */
  if (self->cancellable != NULL)
    {
      show_message (self, _("Cancel the run first to open another"));
      return;
    }

  g_set_object (&self->run, run);
  lab_run_view_set_run (self->run_view, self->run);
  adw_view_stack_set_visible_child_name (self->view_stack, "run");
  update_actions (self);
}

GCancellable *
lab_window_get_open_cancellable (LabWindow *self)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), NULL);
  return self->open_cancellable;
}

static gboolean
lab_window_close_request (GtkWindow *window)
{
  LabWindow *self = LAB_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set (self->settings, "window-size", "(ii)", width, height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  if (self->cancellable != NULL)
    {
      /* the run ends quickly once cancelled; the window goes with it */
      self->close_when_done = TRUE;
      g_cancellable_cancel (self->cancellable);
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return TRUE;
    }
  if (lab_compare_page_get_running (self->compare_page))
    {
      /* the same for a comparison: on_compare_running() closes the window */
      self->close_when_done = TRUE;
      lab_compare_page_cancel (self->compare_page);
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (lab_window_parent_class)->close_request (window);
}

static void
on_compare_running (LabWindow *self)
{
  if (self->close_when_done && !lab_compare_page_get_running (self->compare_page))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  update_actions (self);
}

static void
on_view_stack_pages_changed (LabWindow *self)
{
  g_autoptr(GtkSelectionModel) pages = NULL;

  if (self->view_stack == NULL || self->switcher_title == NULL)
    return;

  pages = adw_view_stack_get_pages (self->view_stack);

  /* one page needs no switcher: the title shows instead */
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title,
                                                     g_list_model_get_n_items (G_LIST_MODEL (pages)) > 1);
}

static void
lab_window_dispose (GObject *object)
{
  LabWindow *self = (LabWindow *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->executor);
  g_clear_object (&self->run);
  g_clear_object (&self->lab_server);
  g_clear_object (&self->settings);
  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_object (&self->history);
  gtk_widget_dispose_template (GTK_WIDGET (self), LAB_TYPE_WINDOW);

  G_OBJECT_CLASS (lab_window_parent_class)->dispose (object);
}

static void
lab_window_finalize (GObject *object)
{
  LabWindow *self = (LabWindow *) object;

  g_clear_pointer (&self->last_message, g_free);

  G_OBJECT_CLASS (lab_window_parent_class)->finalize (object);
}

static void
lab_window_class_init (LabWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = lab_window_dispose;
  object_class->finalize = lab_window_finalize;
  window_class->close_request = lab_window_close_request;

  g_type_ensure (LAB_TYPE_CONFIG_PANEL);
  g_type_ensure (LAB_TYPE_RUN_VIEW);
  g_type_ensure (LAB_TYPE_COMPARE_PAGE);
  g_type_ensure (LAB_TYPE_HISTORY_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/concurrencylab/ConcurrencyLab/lab-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LabWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, config_panel);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, run_view);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, compare_page);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, history_page);

  gtk_widget_class_install_action (widget_class, "win.start", NULL, lab_window_start);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, lab_window_cancel);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, lab_window_toggle_sidebar);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, lab_window_open);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, lab_window_export);
  gtk_widget_class_install_action (widget_class, "win.export-chart", "s", lab_window_export);
}

static void
lab_window_init (LabWindow *self)
{
  g_autoptr(GtkSelectionModel) pages = NULL;
  int width, height;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_settings_get (self->settings, "window-size", "(ii)", &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect_object (self->config_panel, "notify::valid", G_CALLBACK (update_actions),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->compare_page, "notify::running", G_CALLBACK (on_compare_running),
                           self, G_CONNECT_SWAPPED);

  /* one history for every window, its limit from the settings */
  self->open_cancellable = g_cancellable_new ();
  self->history = lab_history_dup_shared ();
  g_settings_bind (self->settings, "history-limit", self->history, "limit", G_SETTINGS_BIND_GET);
  lab_history_page_set_history (self->history_page, self->history);
  g_signal_connect_object (self->history_page, "open-document", G_CALLBACK (on_open_document),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->compare_page, "comparison-finished", G_CALLBACK (on_comparison_finished),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->compare_page, "sweep-finished", G_CALLBACK (on_sweep_finished),
                           self, G_CONNECT_SWAPPED);

  pages = adw_view_stack_get_pages (self->view_stack);
  g_signal_connect_object (pages, "items-changed", G_CALLBACK (on_view_stack_pages_changed),
                           self, G_CONNECT_SWAPPED);
  on_view_stack_pages_changed (self);

  update_actions (self);
}

LabWindow *
lab_window_new (AdwApplication *application)
{
  return g_object_new (LAB_TYPE_WINDOW, "application", application, NULL);
}

LabConfigPanel *
lab_window_get_config_panel (LabWindow *self)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), NULL);
  return self->config_panel;
}

LabRunView *
lab_window_get_run_view (LabWindow *self)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), NULL);
  return self->run_view;
}

LabComparePage *
lab_window_get_compare_page (LabWindow *self)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), NULL);
  return self->compare_page;
}

LabRun *
lab_window_get_run (LabWindow *self)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), NULL);
  return self->run;
}

gboolean
lab_window_is_running (LabWindow *self)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), FALSE);
  return self->cancellable != NULL;
}

const char *
lab_window_get_last_message (LabWindow *self)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), NULL);
  return self->last_message;
}
