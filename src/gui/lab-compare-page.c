/* lab-compare-page.c
 *
 * The page holds the choices (models or a sweep, worker counts, runs,
 * kept in GSettings), the progress and the results; the sequence of runs
 * itself is in lab-compare-sequence.c. Cancel stops the run going and the
 * sequence with it; what finished stays shown, marked partial.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lab-chart-area.h"
#include "lab-compare-export.h"
#include "lab-compare-page-private.h"
#include "lab-error.h"
#include "lab-window.h"


G_DEFINE_FINAL_TYPE (LabComparePage, lab_compare_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

enum {
  COMPARISON_FINISHED,
  SWEEP_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const LabModel sweep_models[] = { LAB_MODEL_THREADS, LAB_MODEL_PROCESSES, LAB_MODEL_ASYNC };

void
lab_compare_page_toast (LabComparePage *self,
       const char     *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *markup = g_markup_escape_text (message, -1);
  AdwToast *t;

  if (overlay == NULL)
    {
      g_message ("%s", message);
      return;
    }
  t = adw_toast_new (markup);
  adw_toast_set_timeout (t, 6);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), t);
}

gboolean
lab_compare_page_is_sweep_mode (LabComparePage *self)
{
  return gtk_toggle_button_get_active (self->sweep_toggle);
}

LabModel
lab_compare_page_get_sweep_model (LabComparePage *self)
{
  guint selected = gtk_drop_down_get_selected (self->sweep_model_dropdown);

  return sweep_models[MIN (selected, G_N_ELEMENTS (sweep_models) - 1)];
}

/* State ------------------------------------------------------------------------ */

static gboolean
any_model_checked (LabComparePage *self)
{
  for (guint m = 0; m < G_N_ELEMENTS (self->checks); m++)
    if (gtk_check_button_get_active (self->checks[m]))
      return TRUE;
  return FALSE;
}

char *
lab_compare_page_dup_setup_error (LabComparePage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) counts = NULL;

  if (!lab_compare_page_is_sweep_mode (self))
    return any_model_checked (self) ? NULL : g_strdup (_("Choose at least one model to compare."));

  if (!(counts = lab_compare_parse_workers (gtk_editable_get_text (GTK_EDITABLE (self->workers_entry)),
                                lab_compare_page_get_sweep_model (self), &error)))
    return g_strdup (error->message);
  return NULL;
}

void
lab_compare_page_update_state (LabComparePage *self)
{
  g_autofree char *setup_error = lab_compare_page_dup_setup_error (self);
  gboolean running = self->cancellable != NULL;
  gboolean sweep = lab_compare_page_is_sweep_mode (self);
  gboolean shown = lab_compare_results_get_comparison (self->results) != NULL ||
                   lab_compare_results_get_sweep (self->results) != NULL;

  gtk_widget_set_visible (self->models_row, !sweep);
  gtk_widget_set_visible (self->sweep_model_row, sweep);
  gtk_widget_set_visible (self->workers_row, sweep);
  gtk_button_set_label (self->run_button, sweep ? _("_Run Sweep") : _("_Run Comparison"));

  gtk_label_set_text (self->setup_error, setup_error != NULL ? setup_error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->setup_error), setup_error != NULL);
  if (setup_error != NULL && sweep)
    gtk_widget_add_css_class (GTK_WIDGET (self->workers_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->workers_entry), "error");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.run",
                                 !running && self->can_start && setup_error == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.export", !running && shown);
  gtk_widget_set_visible (self->export_button, shown);
  gtk_widget_set_sensitive (self->export_button, !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->models_toggle), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sweep_toggle), !running);
  gtk_widget_set_sensitive (self->models_row, !running);
  gtk_widget_set_sensitive (self->sweep_model_row, !running);
  gtk_widget_set_sensitive (self->workers_row, !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->runs_spin), !running);
}

static void
on_mode_toggled (LabComparePage *self)
{
  if (self->settings != NULL && !self->applying_settings)
    g_settings_set_string (self->settings, "compare-mode", lab_compare_page_is_sweep_mode (self) ? "sweep" : "models");
  lab_compare_page_update_state (self);
}

static void
on_models_changed (LabComparePage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) models = NULL;

  for (guint m = 0; m < G_N_ELEMENTS (self->checks); m++)
    if (gtk_check_button_get_active (self->checks[m]))
      g_strv_builder_add (builder, lab_model_to_string ((LabModel) m));
  models = g_strv_builder_end (builder);
  if (self->settings != NULL && !self->applying_settings)
    g_settings_set_strv (self->settings, "compare-models", (const char * const *) models);
  lab_compare_page_update_state (self);
}

static void
on_workers_changed (LabComparePage *self)
{
  lab_compare_page_update_state (self);
}

static void
on_entry_activate (LabComparePage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "compare.run", NULL);
}

void
lab_compare_page_sequence_ended (LabComparePage *self,
                                 LabComparison  *comparison,
                                 LabSweep       *sweep,
                                 gboolean        usable)
{
  lab_compare_page_update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  if (usable && comparison != NULL)
    g_signal_emit (self, signals[COMPARISON_FINISHED], 0, comparison);
  else if (usable && sweep != NULL)
    g_signal_emit (self, signals[SWEEP_FINISHED], 0, sweep);
}

static void
lab_compare_page_run (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  LabComparePage *self = LAB_COMPARE_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->cancellable != NULL || !self->can_start)
    return;

  if (!lab_compare_sequence_prepare (self, &error))
    {
      g_clear_object (&self->comparison);
      g_clear_object (&self->sweep);
      g_clear_pointer (&self->steps, g_array_unref);
      lab_compare_page_toast (self, error->message);
      return;
    }

  if (self->comparison != NULL)
    lab_compare_results_show_comparison (self->results, self->comparison, TRUE);
  else
    lab_compare_results_show_sweep (self->results, self->sweep);
  lab_compare_results_set_status (self->results, _("Running…"));
  gtk_stack_set_visible_child_name (self->result_stack, "results");
  gtk_widget_set_visible (self->progress_box, TRUE);

  self->cancellable = g_cancellable_new ();
  lab_compare_page_update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  lab_compare_sequence_run_next (self);
}

/* Export ---------------------------------------------------------------------------- */

static void
on_export_written (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(LabComparePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_steal_pointer (&self->exported_file);
  g_autofree char *name = file != NULL ? g_file_get_basename (file) : g_strdup ("");
  g_autofree char *message = NULL;

  if (lab_compare_export_finish (result, &error))
    message = g_strdup_printf (_("Saved “%s”"), name);
  else
    message = g_strdup_printf (_("Could not save “%s”: %s"), name, error->message);
  lab_compare_page_toast (self, message);
}

void
lab_compare_page_export_to_file (LabComparePage      *self,
                                 const char          *format_name,
                                 GFile               *file,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  LabCompareExportFormat format = LAB_COMPARE_EXPORT_JSON;
  AdwStyleManager *manager = adw_style_manager_get_default ();
  LabChartStyle style;

  g_return_if_fail (LAB_IS_COMPARE_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  lab_compare_export_format_from_string (format_name, &format);
  /* images look like the page: light or dark, high contrast or not */
  lab_chart_style_init (&style, adw_style_manager_get_dark (manager));
  style.high_contrast = adw_style_manager_get_high_contrast (manager);

  if (callback == NULL)
    g_set_object (&self->exported_file, file);
  lab_compare_export_async (self->results, format, file, &style, cancellable,
                            callback != NULL ? callback : on_export_written,
                            callback != NULL ? user_data : g_object_ref (self));
}

static void
on_export_chosen (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  LabComparePage *self = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL)
    lab_compare_page_export_to_file (self, g_object_get_data (G_OBJECT (dialog), "format"), file,
                                     NULL, NULL, NULL);

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
lab_compare_page_export (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  LabComparePage *self = LAB_COMPARE_PAGE (widget);
  const char *format_name = g_variant_get_string (parameter, NULL);
  LabCompareExportFormat format;
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (!lab_compare_export_format_from_string (format_name, &format))
    return;

  dialog = gtk_file_chooser_native_new (_("Export the Result"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  name = g_strdup_printf ("%s.%s", lab_compare_results_get_sweep (self->results) != NULL ? "sweep" : "comparison",
                          lab_compare_export_format_extension (format));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_object_set_data_full (G_OBJECT (dialog), "format", g_strdup (format_name), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Public ------------------------------------------------------------------------------ */

void
lab_compare_page_show_comparison (LabComparePage *self,
                                  LabComparison  *comparison)
{
  g_return_if_fail (LAB_IS_COMPARE_PAGE (self));
  g_return_if_fail (LAB_IS_COMPARISON (comparison));

  if (self->cancellable != NULL)
    return;
  lab_compare_results_show_comparison (self->results, comparison, FALSE);
  lab_compare_results_set_status (self->results, NULL);
  gtk_stack_set_visible_child_name (self->result_stack, "results");
  lab_compare_page_update_state (self);
}

void
lab_compare_page_show_sweep (LabComparePage *self,
                             LabSweep       *sweep)
{
  g_return_if_fail (LAB_IS_COMPARE_PAGE (self));
  g_return_if_fail (LAB_IS_SWEEP (sweep));

  if (self->cancellable != NULL)
    return;
  lab_compare_results_show_sweep (self->results, sweep);
  lab_compare_results_set_status (self->results, NULL);
  gtk_stack_set_visible_child_name (self->result_stack, "results");
  lab_compare_page_update_state (self);
}

LabComparison *
lab_compare_page_get_comparison (LabComparePage *self)
{
  g_return_val_if_fail (LAB_IS_COMPARE_PAGE (self), NULL);
  return lab_compare_results_get_comparison (self->results);
}

LabSweep *
lab_compare_page_get_sweep (LabComparePage *self)
{
  g_return_val_if_fail (LAB_IS_COMPARE_PAGE (self), NULL);
  return lab_compare_results_get_sweep (self->results);
}

LabCompareResults *
lab_compare_page_get_results (LabComparePage *self)
{
  g_return_val_if_fail (LAB_IS_COMPARE_PAGE (self), NULL);
  return self->results;
}

gboolean
lab_compare_page_get_running (LabComparePage *self)
{
  g_return_val_if_fail (LAB_IS_COMPARE_PAGE (self), FALSE);
  return self->cancellable != NULL;
}

void
lab_compare_page_cancel (LabComparePage *self)
{
  g_return_if_fail (LAB_IS_COMPARE_PAGE (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

void
lab_compare_page_set_can_start (LabComparePage *self,
                                gboolean        can_start)
{
  g_return_if_fail (LAB_IS_COMPARE_PAGE (self));

  self->can_start = !!can_start;
  lab_compare_page_update_state (self);
}

/* Settings ------------------------------------------------------------------------------ */

static gboolean
get_sweep_model (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  LabModel model;

  if (!lab_model_from_string (g_variant_get_string (variant, NULL), &model))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (sweep_models); i++)
    if (sweep_models[i] == model)
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
set_sweep_model (const GValue       *value,
                 const GVariantType *type,
                 gpointer            user_data)
{
  guint i = MIN (g_value_get_uint (value), G_N_ELEMENTS (sweep_models) - 1);

  return g_variant_new_string (lab_model_to_string (sweep_models[i]));
}

/* The models and the mode follow their keys (set elsewhere, or here). */
static void
apply_settings (LabComparePage *self)
{
  g_autofree char *mode = g_settings_get_string (self->settings, "compare-mode");
  g_auto(GStrv) models = g_settings_get_strv (self->settings, "compare-models");

  self->applying_settings = TRUE;
  for (guint m = 0; m < G_N_ELEMENTS (self->checks); m++)
    gtk_check_button_set_active (self->checks[m], g_strv_contains ((const char * const *) models,
                                                                   lab_model_to_string ((LabModel) m)));
  gtk_toggle_button_set_active (g_str_equal (mode, "sweep") ? self->sweep_toggle : self->models_toggle, TRUE);
  self->applying_settings = FALSE;
  lab_compare_page_update_state (self);
}

static void
load_settings (LabComparePage *self)
{
  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::compare-mode", G_CALLBACK (apply_settings),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::compare-models", G_CALLBACK (apply_settings),
                           self, G_CONNECT_SWAPPED);
  apply_settings (self);

  g_settings_bind (self->settings, "compare-runs", self->runs_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sweep-workers", self->workers_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "sweep-model", self->sweep_model_dropdown, "selected",
                                G_SETTINGS_BIND_DEFAULT, get_sweep_model, set_sweep_model, NULL, NULL);
}

/* Class --------------------------------------------------------------------------------- */

static void
lab_compare_page_dispose (GObject *object)
{
  LabComparePage *self = (LabComparePage *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), LAB_TYPE_COMPARE_PAGE);

  G_OBJECT_CLASS (lab_compare_page_parent_class)->dispose (object);
}

static void
lab_compare_page_finalize (GObject *object)
{
  LabComparePage *self = (LabComparePage *) object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->exported_file);
  g_clear_object (&self->comparison);
  g_clear_object (&self->sweep);
  g_clear_object (&self->run);
  g_clear_pointer (&self->steps, g_array_unref);

  G_OBJECT_CLASS (lab_compare_page_parent_class)->finalize (object);
}

static void
lab_compare_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LabComparePage *self = LAB_COMPARE_PAGE (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_compare_page_class_init (LabComparePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_compare_page_dispose;
  object_class->finalize = lab_compare_page_finalize;
  object_class->get_property = lab_compare_page_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[COMPARISON_FINISHED] =
    g_signal_new ("comparison-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, LAB_TYPE_COMPARISON);
  signals[SWEEP_FINISHED] =
    g_signal_new ("sweep-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, LAB_TYPE_SWEEP);

  g_type_ensure (LAB_TYPE_COMPARE_RESULTS);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/concurrencylab/ConcurrencyLab/lab-compare-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LabComparePage, models_toggle);
  gtk_widget_class_bind_template_child (widget_class, LabComparePage, sweep_toggle);
  gtk_widget_class_bind_template_child (widget_class, LabComparePage, models_row);
  gtk_widget_class_bind_template_child_full (widget_class, "sequential_check", FALSE,
                                             G_STRUCT_OFFSET (LabComparePage, checks[LAB_MODEL_SEQUENTIAL]));
  gtk_widget_class_bind_template_child_full (widget_class, "threads_check", FALSE,
                                             G_STRUCT_OFFSET (LabComparePage, checks[LAB_MODEL_THREADS]));
  gtk_widget_class_bind_template_child_full (widget_class, "processes_check", FALSE,
                                             G_STRUCT_OFFSET (LabComparePage, checks[LAB_MODEL_PROCESSES]));
  gtk_widget_class_bind_template_child_full (widget_class, "async_check", FALSE,
                                             G_STRUCT_OFFSET (LabComparePage, checks[LAB_MODEL_ASYNC]));
  gtk_widget_class_bind_template_child (widget_class, LabComparePage, sweep_model_row);
  gtk_widget_class_bind_template_child (widget_class, LabComparePage, sweep_model_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LabComparePage, workers_row);
  gtk_widget_class_bind_template_child (widget_class, LabComparePage, workers_entry);
  gtk_widget_class_bind_template_child (widget_class, LabComparePage, runs_spin);
  gtk_widget_class_bind_template_child (widget_class, LabComparePage, setup_error);
  gtk_widget_class_bind_template_child (widget_class, LabComparePage, run_button);
  gtk_widget_class_bind_template_child (widget_class, LabComparePage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, LabComparePage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, LabComparePage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LabComparePage, export_button);
  gtk_widget_class_bind_template_child (widget_class, LabComparePage, result_stack);
  gtk_widget_class_bind_template_child (widget_class, LabComparePage, results);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_models_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_workers_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);

  gtk_widget_class_install_action (widget_class, "compare.run", NULL, lab_compare_page_run);
  gtk_widget_class_install_action (widget_class, "compare.export", "s", lab_compare_page_export);
}

static void
lab_compare_page_init (LabComparePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  load_settings (self);
  lab_compare_page_update_state (self);
}
