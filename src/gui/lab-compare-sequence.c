/* lab-compare-sequence.c
 *
 * A comparison (or sweep) is a sequence of ordinary runs, made one after
 * another through the engine thread exactly as Start makes one, with the
 * sidebar's workload options: interleaved across the models (or worker
 * counts) as the command line does, so that a slow spell of the machine
 * spreads over all of them. After each run its summary goes into the
 * LabComparison or LabSweep and the results redraw: a few redraws per
 * run, none per task. A cancelled sequence keeps what finished.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lab-compare-page-private.h"
#include "lab-engine-thread.h"
#include "lab-error.h"
#include "lab-window.h"

/* Worker counts ------------------------------------------------------------- */

GArray *
lab_compare_parse_workers (const char  *text,
                           LabModel     model,
                           GError     **error)
{
  return lab_sweep_parse_workers (text, model, "", _("Worker counts"), error);
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
  lab_compare_page_toast (self, message);
  lab_compare_page_sequence_ended (self, comparison, sweep, usable);
}


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

  /* the page went away (its window was destroyed) while the run ended */
  if (self->results == NULL)
    {
      g_clear_object (&self->cancellable);
      return;
    }

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
      lab_compare_page_toast (self, message);
    }

  self->step++;
  lab_compare_results_refresh (self->results);
  lab_compare_sequence_run_next (self);
}

void
lab_compare_sequence_run_next (LabComparePage *self)
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

      lab_compare_page_toast (self, message);
      finish_sequence (self);
      return;
    }

  self->run = lab_window_new_run (LAB_WINDOW (window), config);
  self->progress_handler = g_signal_connect_object (self->run, "progress", G_CALLBACK (on_run_progress),
                                                    self, G_CONNECT_SWAPPED);
  show_progress (self);
  lab_engine_thread_run_async (executor, self->run, self->cancellable, on_run_done, g_object_ref (self));
}

gboolean
lab_compare_sequence_prepare (LabComparePage *self,
         GError        **error)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), LAB_TYPE_WINDOW);
  guint runs = (guint) gtk_spin_button_get_value_as_int (self->runs_spin);
  g_autoptr(LabConfig) config = NULL;
  g_autofree char *setup_error = lab_compare_page_dup_setup_error (self);

  if (setup_error != NULL)
    return lab_error_set (error, LAB_ERROR_INVALID_OPTION, "%s", setup_error);
  if (window == NULL)
    return lab_error_set (error, LAB_ERROR_FAILED, _("The Compare page is not in a window"));
  if (!(config = lab_window_dup_run_config (LAB_WINDOW (window), error)))
    return FALSE;

  if (!lab_compare_page_is_sweep_mode (self))
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
      g_autoptr(GArray) counts = lab_compare_parse_workers (gtk_editable_get_text (GTK_EDITABLE (self->workers_entry)),
                                                lab_compare_page_get_sweep_model (self), error);

      if (counts == NULL)
        return FALSE;
      config->model = lab_compare_page_get_sweep_model (self);
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

