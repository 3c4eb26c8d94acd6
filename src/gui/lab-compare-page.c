/* lab-compare-page.c
 *
 * A comparison (or sweep) is a sequence of ordinary runs, made one after
 * another through the engine thread exactly as Start makes one, with the
 * sidebar's workload options: interleaved across the models (or worker
 * counts) as the command line does, so that a slow spell of the machine
 * spreads over all of them. After each run its summary goes into the
 * LabComparison or LabSweep and the results redraw: a few redraws per
 * run, none per task. Cancel stops the run going and the sequence with
 * it; what finished stays shown, marked partial.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lab-chart-area.h"
#include "lab-compare-export.h"
#include "lab-compare-page.h"
#include "lab-compare-results.h"
#include "lab-engine-thread.h"
#include "lab-error.h"
#include "lab-window.h"

#define MAX_PROCESS_WORKERS 256

typedef struct
{
  guint slot;          /* the model's index, or the sweep point's */
  guint repetition;    /* 1.. */
} Step;

struct _LabComparePage
{
  AdwBin             parent_instance;

  GtkToggleButton   *models_toggle;
  GtkToggleButton   *sweep_toggle;
  GtkWidget         *models_row;
  GtkCheckButton    *checks[4];   /* by LabModel */
  GtkWidget         *sweep_model_row;
  GtkDropDown       *sweep_model_dropdown;
  GtkWidget         *workers_row;
  GtkEntry          *workers_entry;
  GtkSpinButton     *runs_spin;
  GtkLabel          *setup_error;
  GtkButton         *run_button;
  GtkWidget         *progress_box;
  GtkLabel          *progress_label;
  GtkProgressBar    *progress_bar;
  GtkWidget         *export_button;
  GtkStack          *result_stack;
  LabCompareResults *results;

  GSettings         *settings;
  gboolean           can_start;

  /* the sequence going */
  GCancellable      *cancellable;
  LabComparison     *comparison;
  LabSweep          *sweep;
  GArray            *steps;
  guint              step;
  LabRun            *run;
  gulong             progress_handler;
};

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

static void
toast (LabComparePage *self,
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

static gboolean
sweep_mode (LabComparePage *self)
{
  return gtk_toggle_button_get_active (self->sweep_toggle);
}

static LabModel
sweep_model (LabComparePage *self)
{
  guint selected = gtk_drop_down_get_selected (self->sweep_model_dropdown);

  return sweep_models[MIN (selected, G_N_ELEMENTS (sweep_models) - 1)];
}

/* Worker counts ------------------------------------------------------------- */

static gboolean
add_count (GArray  *counts,
           guint64  count,
           guint    max,
           GError **error)
{
  guint value = (guint) count;

  if (count < 1 || count > max)
    return lab_error_set (error, LAB_ERROR_INVALID_OPTION,
                          _("Worker counts: %" G_GUINT64_FORMAT " is out of range; use 1 to %u"), count, max);
  for (guint i = 0; i < counts->len; i++)
    if (g_array_index (counts, guint, i) == value)
      return lab_error_set (error, LAB_ERROR_INVALID_OPTION,
                            _("Worker counts: %u is listed twice; use Runs to repeat"), value);
  if (counts->len >= LAB_SWEEP_MAX_POINTS)
    return lab_error_set (error, LAB_ERROR_INVALID_OPTION,
                          _("Worker counts: a sweep takes at most %u"), LAB_SWEEP_MAX_POINTS);
  g_array_append_val (counts, value);
  return TRUE;
}

static gboolean
parse_number (const char *text,
              guint64    *value)
{
  return *text != '\0' && g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, value, NULL);
}

/* "1, 2, 4, 8" or "1..64" (doubling, and the end itself), mixed as wished. */
static GArray *
parse_workers (const char  *text,
               LabModel     model,
               GError     **error)
{
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_auto(GStrv) items = g_strsplit (text, ",", -1);
  guint max = model == LAB_MODEL_PROCESSES ? MAX_PROCESS_WORKERS : LAB_MAX_WORKERS;

  for (guint i = 0; items[i] != NULL; i++)
    {
      char *item = g_strstrip (items[i]);
      char *dots = strstr (item, "..");
      guint64 first, last;

      if (*item == '\0')
        {
          if (items[i + 1] == NULL && i > 0)
            break;   /* a trailing comma */
          lab_error_set (error, LAB_ERROR_INVALID_OPTION,
                         _("Worker counts: give whole numbers separated by commas, such as 1, 2, 4, 8"));
          return NULL;
        }
      if (dots != NULL)
        {
          *dots = '\0';
          if (!parse_number (g_strstrip (item), &first) || !parse_number (g_strstrip (dots + 2), &last))
            goto not_a_number;
          if (last < first)
            {
              lab_error_set (error, LAB_ERROR_INVALID_OPTION,
                             _("Worker counts: the range %s..%s goes down; write it from the smaller count"),
                             item, dots + 2);
              return NULL;
            }
          for (guint64 n = MAX (first, 1); n < last; n *= 2)
            if (!add_count (counts, n, max, error))
              return NULL;
          if (!add_count (counts, last, max, error))
            return NULL;
          continue;
        }
      if (!parse_number (item, &first))
        goto not_a_number;
      if (!add_count (counts, first, max, error))
        return NULL;
      continue;

    not_a_number:
      lab_error_set (error, LAB_ERROR_INVALID_OPTION,
                     _("Worker counts: “%s” is not a whole number; use counts such as 1, 2, 4, 8 or a range such as 1..64"),
                     item);
      return NULL;
    }

  if (counts->len == 0)
    {
      lab_error_set (error, LAB_ERROR_INVALID_OPTION,
                     _("Worker counts: the list is empty; give counts such as 1, 2, 4, 8 or a range such as 1..64"));
      return NULL;
    }
  return g_steal_pointer (&counts);
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

/* What is wrong with the page's own choices, or NULL. */
static char *
dup_setup_error (LabComparePage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) counts = NULL;

  if (!sweep_mode (self))
    return any_model_checked (self) ? NULL : g_strdup (_("Choose at least one model to compare."));

  if (!(counts = parse_workers (gtk_editable_get_text (GTK_EDITABLE (self->workers_entry)),
                                sweep_model (self), &error)))
    return g_strdup (error->message);
  return NULL;
}

static void
update_state (LabComparePage *self)
{
  g_autofree char *setup_error = dup_setup_error (self);
  gboolean running = self->cancellable != NULL;
  gboolean sweep = sweep_mode (self);
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
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "compare-mode", sweep_mode (self) ? "sweep" : "models");
  update_state (self);
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
  if (self->settings != NULL)
    g_settings_set_strv (self->settings, "compare-models", (const char * const *) models);
  update_state (self);
}

static void
on_workers_changed (LabComparePage *self)
{
  update_state (self);
}

static void
on_entry_activate (LabComparePage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "compare.run", NULL);
}

/* The sequence ------------------------------------------------------------------ */

static guint
n_slots (LabComparePage *self)
{
  return self->comparison != NULL ? lab_comparison_get_n_models (self->comparison)
                                  : lab_sweep_get_n_points (self->sweep);
}

static char *
describe_slot (LabComparePage *self,
               guint           slot)
{
  guint workers;

  if (self->comparison != NULL)
    return g_strdup (lab_model_to_string (lab_comparison_get_model (self->comparison, slot)));
  workers = lab_sweep_get_point_workers (self->sweep, slot);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u worker", "%u workers", workers), workers);
}

static void
show_progress (LabComparePage *self)
{
  const Step *step = &g_array_index (self->steps, Step, MIN (self->step, self->steps->len - 1));
  double fraction = self->step;
  LabSummary s;

  if (self->run != NULL)
    {
      lab_run_get_summary (self->run, &s);
      if (s.tasks_total > 0)
        fraction += MIN (1.0, (double) s.tasks_recorded / s.tasks_total);
    }
  gtk_progress_bar_set_fraction (self->progress_bar, fraction / self->steps->len);

  if (self->step < self->steps->len)
    {
      g_autofree char *slot = describe_slot (self, step->slot);
      /* Translators: "Run 5 of 12 · threads · repetition 2" */
      g_autofree char *text = g_strdup_printf (_("Run %u of %u · %s · repetition %u"),
                                               self->step + 1, self->steps->len, slot, step->repetition);
      gtk_label_set_text (self->progress_label, text);
    }
}

static gboolean
has_usable_run (LabComparePage *self)
{
  if (self->comparison != NULL)
    {
      for (guint i = 0; i < lab_comparison_get_n_models (self->comparison); i++)
        {
          LabModelStats stats;

          lab_comparison_get_stats (self->comparison, lab_comparison_get_model (self->comparison, i), &stats);
          if (stats.n_used > 0)
            return TRUE;
        }
      return FALSE;
    }
  for (guint i = 0; i < lab_sweep_get_n_points (self->sweep); i++)
    {
      LabSweepPoint point;

      lab_sweep_get_point (self->sweep, i, &point);
      if (point.n_used > 0)
        return TRUE;
    }
  return FALSE;
}

static void
finish_sequence (LabComparePage *self)
{
  g_autoptr(LabComparison) comparison = g_steal_pointer (&self->comparison);
  g_autoptr(LabSweep) sweep = g_steal_pointer (&self->sweep);
  gboolean partial = self->step < self->steps->len;
  g_autofree char *message = NULL;
  g_autofree char *status = NULL;
  guint done = self->step, total = self->steps->len;
  gboolean usable;

  /* has_usable_run() reads what the sequence ran */
  self->comparison = comparison;
  self->sweep = sweep;
  usable = has_usable_run (self);
  self->comparison = NULL;
  self->sweep = NULL;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->steps, g_array_unref);
  gtk_widget_set_visible (self->progress_box, FALSE);

  if (partial)
    {
      status = g_strdup_printf (_("Partial: cancelled after %u of %u runs; the numbers use the runs that finished."),
                                done, total);
      message = g_strdup_printf (comparison != NULL ? _("Comparison cancelled after %u of %u runs")
                                                    : _("Sweep cancelled after %u of %u runs"),
                                 done, total);
    }
  else
    message = g_strdup_printf (comparison != NULL ? _("Comparison finished: %u runs")
                                                  : _("Sweep finished: %u runs"), total);
  lab_compare_results_set_status (self->results, status);
  lab_compare_results_refresh (self->results);
  toast (self, message);

  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  if (usable && comparison != NULL)
    g_signal_emit (self, signals[COMPARISON_FINISHED], 0, comparison);
  else if (usable && sweep != NULL)
    g_signal_emit (self, signals[SWEEP_FINISHED], 0, sweep);
}

static void run_next (LabComparePage *self);

static void
on_run_progress (LabComparePage *self)
{
  show_progress (self);
}

static void
on_run_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LabComparePage) self = user_data;
  g_autoptr(LabRun) run = g_steal_pointer (&self->run);
  g_autoptr(GError) error = NULL;
  const Step *step = &g_array_index (self->steps, Step, self->step);

  lab_engine_thread_run_finish (LAB_EXECUTOR (object), result, &error);
  g_clear_signal_handler (&self->progress_handler, run);

  if (self->comparison != NULL)
    {
      lab_comparison_add_run (self->comparison, run, step->repetition);
      if (lab_run_get_state (run) == LAB_RUN_STATE_DONE)
        {
          LabTimelineModel *timeline =
            lab_timeline_model_new (lab_config_get_effective_workers (lab_run_get_config (run)));

          lab_timeline_model_update (timeline, run);
          lab_compare_results_take_timeline (self->results, step->slot, timeline);
        }
    }
  else
    lab_sweep_add_run (self->sweep, step->slot, run);

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      finish_sequence (self);
      return;
    }

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *slot = describe_slot (self, step->slot);
      g_autofree char *message = g_strdup_printf (_("Run %u (%s) failed: %s"), self->step + 1, slot, error->message);
      toast (self, message);
    }

  self->step++;
  lab_compare_results_refresh (self->results);
  run_next (self);
}

static void
run_next (LabComparePage *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), LAB_TYPE_WINDOW);
  g_autoptr(LabConfig) config = NULL;
  g_autoptr(LabExecutor) executor = NULL;
  g_autoptr(GError) error = NULL;
  const Step *step;

  if (self->step >= self->steps->len || window == NULL)
    {
      finish_sequence (self);
      return;
    }

  step = &g_array_index (self->steps, Step, self->step);
  config = self->comparison != NULL
         ? lab_comparison_dup_model_config (self->comparison, lab_comparison_get_model (self->comparison, step->slot))
         : lab_sweep_dup_point_config (self->sweep, step->slot);

  if (!(executor = lab_executor_new_for_config (config, &error)))
    {
      g_autofree char *message = g_strdup_printf (_("Could not start run %u: %s"), self->step + 1, error->message);

      toast (self, message);
      finish_sequence (self);
      return;
    }

  self->run = lab_window_new_run (LAB_WINDOW (window), config);
  self->progress_handler = g_signal_connect_object (self->run, "progress", G_CALLBACK (on_run_progress),
                                                    self, G_CONNECT_SWAPPED);
  show_progress (self);
  lab_engine_thread_run_async (executor, self->run, self->cancellable, on_run_done, g_object_ref (self));
}

/* Builds the comparison or sweep from the page's choices and the sidebar's
 * workload; FALSE with a message for a person. */
static gboolean
prepare (LabComparePage *self,
         GError        **error)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), LAB_TYPE_WINDOW);
  guint runs = (guint) gtk_spin_button_get_value_as_int (self->runs_spin);
  g_autoptr(LabConfig) config = NULL;
  g_autofree char *setup_error = dup_setup_error (self);

  if (setup_error != NULL)
    return lab_error_set (error, LAB_ERROR_INVALID_OPTION, "%s", setup_error);
  if (window == NULL)
    return lab_error_set (error, LAB_ERROR_FAILED, _("The Compare page is not in a window"));
  if (!(config = lab_window_dup_run_config (LAB_WINDOW (window), error)))
    return FALSE;

  if (!sweep_mode (self))
    {
      LabModel models[4];
      guint n = 0;

      for (guint m = 0; m < G_N_ELEMENTS (self->checks); m++)
        if (gtk_check_button_get_active (self->checks[m]))
          models[n++] = (LabModel) m;
      self->comparison = lab_comparison_new (config, models, n, runs);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(LabConfig) model_config = lab_comparison_dup_model_config (self->comparison, models[i]);

          if (!lab_config_validate (model_config, error))
            return FALSE;
        }
    }
  else
    {
      g_autoptr(GArray) counts = parse_workers (gtk_editable_get_text (GTK_EDITABLE (self->workers_entry)),
                                                sweep_model (self), error);

      if (counts == NULL)
        return FALSE;
      config->model = sweep_model (self);
      /* options of one model only, as a comparison keeps them */
      if (config->model != LAB_MODEL_PROCESSES)
        config->chunk_size = 0;
      if (config->model != LAB_MODEL_THREADS)
        config->simulate_gil = FALSE;
      self->sweep = lab_sweep_new (config, (const guint *) (gpointer) counts->data, counts->len, runs);
      for (guint i = 0; i < lab_sweep_get_n_points (self->sweep); i++)
        {
          g_autoptr(LabConfig) point_config = lab_sweep_dup_point_config (self->sweep, i);

          if (!lab_config_validate (point_config, error))
            return FALSE;
        }
    }

  /* interleaved: every model (point) once, then again, as the CLI does */
  self->steps = g_array_new (FALSE, FALSE, sizeof (Step));
  for (guint rep = 1; rep <= runs; rep++)
    for (guint slot = 0; slot < n_slots (self); slot++)
      g_array_append_val (self->steps, ((Step) { slot, rep }));
  self->step = 0;
  return TRUE;
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

  if (!prepare (self, &error))
    {
      g_clear_object (&self->comparison);
      g_clear_object (&self->sweep);
      g_clear_pointer (&self->steps, g_array_unref);
      toast (self, error->message);
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
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  run_next (self);
}

/* Export ---------------------------------------------------------------------------- */

static void
on_export_written (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(LabComparePage) self = user_data;
  g_autoptr(GError) error = NULL;
  GFile *file = g_object_get_data (G_OBJECT (result), "file");
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *message = NULL;

  if (lab_compare_export_finish (result, &error))
    message = g_strdup_printf (_("Saved “%s”"), name);
  else
    message = g_strdup_printf (_("Could not save “%s”: %s"), name, error->message);
  toast (self, message);
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
  update_state (self);
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
  update_state (self);
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
  update_state (self);
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

static void
load_settings (LabComparePage *self)
{
  g_autofree char *mode = NULL;
  g_auto(GStrv) models = NULL;

  self->settings = g_settings_new (APP_ID);

  models = g_settings_get_strv (self->settings, "compare-models");
  for (guint m = 0; m < G_N_ELEMENTS (self->checks); m++)
    gtk_check_button_set_active (self->checks[m], g_strv_contains ((const char * const *) models,
                                                                   lab_model_to_string ((LabModel) m)));
  mode = g_settings_get_string (self->settings, "compare-mode");
  gtk_toggle_button_set_active (g_str_equal (mode, "sweep") ? self->sweep_toggle : self->models_toggle, TRUE);

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
  update_state (self);
}
