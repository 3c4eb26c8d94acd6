/* lab-compare-results.c
 *
 * The charts are LabChartAreas over the stats this widget reads from the
 * comparison (or sweep) when told it changed: once per finished run, so a
 * live comparison redraws a handful of times, not per task. The table
 * holds the same numbers as text, selectable, for people who want digits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lab-chart-area.h"
#include "lab-chart-comparison.h"
#include "lab-compare-results-private.h"
#include "lab-compare-table.h"
G_DEFINE_FINAL_TYPE (LabCompareResults, lab_compare_results, ADW_TYPE_BIN)

static void
show_warnings (LabCompareResults *self,
               GPtrArray         *warnings)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->warnings)) != NULL)
    gtk_box_remove (GTK_BOX (self->warnings), child);

  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      GtkWidget *label = gtk_label_new (g_ptr_array_index (warnings, i));

      gtk_widget_add_css_class (icon, "warning");
      gtk_widget_set_valign (icon, GTK_ALIGN_START);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (row), icon);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (GTK_BOX (self->warnings), row);
    }
  gtk_widget_set_visible (self->warnings, warnings != NULL && warnings->len > 0);
}

/* Showing ------------------------------------------------------------------- */

static void
queue_draws (LabCompareResults *self)
{
  GtkWidget *areas[] = { self->wall, self->speedup, self->measures, self->timelines,
                         self->sweep_throughput, self->sweep_latency, self->sweep_speedup };

  for (guint i = 0; i < G_N_ELEMENTS (areas); i++)
    gtk_widget_queue_draw (areas[i]);
}

void
lab_compare_results_refresh (LabCompareResults *self)
{
  g_autoptr(GPtrArray) warnings = NULL;
  g_autofree char *title = NULL;

  g_return_if_fail (LAB_IS_COMPARE_RESULTS (self));

  g_clear_pointer (&self->stats, g_free);
  self->n_stats = 0;
  lab_sweep_chart_model_clear (&self->sweep_model);

  if (self->comparison != NULL)
    {
      self->stats = lab_chart_comparison_collect (self->comparison, &self->n_stats);
      lab_compare_table_fill_comparison (self->table, self->stats, self->n_stats);
      warnings = lab_comparison_dup_warnings (self->comparison);
      title = lab_compare_describe_comparison (self->comparison);

      gtk_widget_set_visible (self->timelines, lab_compare_results_has_timelines (self));
      lab_chart_area_set_natural_height (LAB_CHART_AREA (self->timelines),
                                         lab_compare_results_timelines_height (self));
      gtk_widget_set_visible (GTK_WIDGET (self->timeline_note), !self->with_timelines);
    }
  else if (self->sweep != NULL)
    {
      g_autofree char *fit = NULL;

      lab_sweep_chart_model_init (&self->sweep_model, self->sweep);
      lab_compare_table_fill_sweep (self->table, self->sweep_model.points, self->sweep_model.n_points);
      warnings = lab_sweep_dup_warnings (self->sweep);
      title = lab_compare_describe_sweep (self->sweep);
      fit = lab_compare_describe_fit (self->sweep, &self->sweep_model);
      gtk_label_set_text (self->fit, fit != NULL ? fit : "");
      gtk_widget_set_visible (GTK_WIDGET (self->fit), fit != NULL);
    }

  gtk_label_set_text (self->title, title != NULL ? title : "");
  gtk_widget_set_visible (self->comparison_box, self->comparison != NULL);
  gtk_widget_set_visible (self->sweep_box, self->sweep != NULL);
  show_warnings (self, warnings);
  queue_draws (self);
}

void
lab_compare_results_show_comparison (LabCompareResults *self,
                                     LabComparison     *comparison,
                                     gboolean           with_timelines)
{
  g_return_if_fail (LAB_IS_COMPARE_RESULTS (self));
  g_return_if_fail (LAB_IS_COMPARISON (comparison));

  g_clear_object (&self->sweep);
  g_set_object (&self->comparison, comparison);
  self->with_timelines = with_timelines;
  g_clear_pointer (&self->timeline_models, g_ptr_array_unref);
  self->timeline_models = g_ptr_array_new_with_free_func ((GDestroyNotify) lab_timeline_model_free);
  g_ptr_array_set_size (self->timeline_models, lab_comparison_get_n_models (comparison));
  lab_compare_results_refresh (self);
}

void
lab_compare_results_show_sweep (LabCompareResults *self,
                                LabSweep          *sweep)
{
  g_return_if_fail (LAB_IS_COMPARE_RESULTS (self));
  g_return_if_fail (LAB_IS_SWEEP (sweep));

  g_clear_object (&self->comparison);
  g_set_object (&self->sweep, sweep);
  g_clear_pointer (&self->timeline_models, g_ptr_array_unref);
  lab_compare_results_refresh (self);
}

void
lab_compare_results_take_timeline (LabCompareResults *self,
                                   guint              i,
                                   LabTimelineModel  *timeline)
{
  g_return_if_fail (LAB_IS_COMPARE_RESULTS (self));
  g_return_if_fail (self->timeline_models != NULL && i < self->timeline_models->len);

  /* the array frees the one it replaces */
  g_ptr_array_insert (self->timeline_models, i, timeline);
  g_ptr_array_remove_index (self->timeline_models, i + 1);
}

void
lab_compare_results_set_status (LabCompareResults *self,
                                const char        *status)
{
  g_return_if_fail (LAB_IS_COMPARE_RESULTS (self));

  gtk_label_set_text (self->status, status != NULL ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status), status != NULL);
}

LabComparison *
lab_compare_results_get_comparison (LabCompareResults *self)
{
  g_return_val_if_fail (LAB_IS_COMPARE_RESULTS (self), NULL);
  return self->comparison;
}

LabSweep *
lab_compare_results_get_sweep (LabCompareResults *self)
{
  g_return_val_if_fail (LAB_IS_COMPARE_RESULTS (self), NULL);
  return self->sweep;
}

char *
lab_compare_results_dup_table_text (LabCompareResults *self)
{
  g_return_val_if_fail (LAB_IS_COMPARE_RESULTS (self), NULL);
  return lab_compare_table_dup_text (self->table);
}

/* Construction ---------------------------------------------------------------- */

static GtkWidget *
card (GtkWidget *child)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "chart-card");
  gtk_box_append (GTK_BOX (box), child);
  return box;
}

static GtkWidget *
chart (LabCompareResults    *self,
       const char           *label,
       const char           *description,
       int                   height,
       LabChartAreaDrawFunc  func)
{
  GtkWidget *area = lab_chart_area_new (label, description, height);

  gtk_widget_set_hexpand (area, TRUE);
  lab_chart_area_set_draw_func (LAB_CHART_AREA (area), func, self, NULL);
  return area;
}

static GtkWidget *
pair (GtkWidget *left,
      GtkWidget *right)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_box_set_homogeneous (GTK_BOX (box), TRUE);
  gtk_box_append (GTK_BOX (box), card (left));
  gtk_box_append (GTK_BOX (box), card (right));
  return box;
}

static void
lab_compare_results_init (LabCompareResults *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *table_card;

  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title, 0);
  gtk_label_set_wrap (self->title, TRUE);
  gtk_label_set_selectable (self->title, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "title-4");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->title));

  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status, 0);
  gtk_label_set_wrap (self->status, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->status), "warning");
  gtk_widget_set_visible (GTK_WIDGET (self->status), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status));

  /* a comparison */
  self->comparison_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  self->wall = chart (self, _("Wall time per model"),
                      _("Bar chart: mean wall time of each model's runs, with ± one standard deviation."),
                      280, lab_compare_results_draw_wall);
  self->speedup = chart (self, _("Speedup against sequential"),
                         _("Bar chart: speedup of each model against sequential, with ± one standard deviation, "
                           "the ideal min(workers, cores) dashed over each bar and a line at 1×."),
                         280, lab_compare_results_draw_speedup);
  self->measures = chart (self, _("Throughput, p99 latency and CPU use"),
                          _("Three bar charts side by side: tasks per second, the 99th percentile of task latency "
                            "and the cores busy, one bar per model."),
                          240, lab_compare_results_draw_measures);
  self->timelines = chart (self, _("Worker timelines"),
                           _("The worker timeline of the last run of each model, one above the other on the same "
                             "time axis."),
                           200, lab_compare_results_draw_timelines);
  gtk_box_append (GTK_BOX (self->comparison_box), pair (self->wall, self->speedup));
  gtk_box_append (GTK_BOX (self->comparison_box), card (self->measures));
  gtk_box_append (GTK_BOX (self->comparison_box), card (self->timelines));
  self->timeline_note = GTK_LABEL (gtk_label_new (_("Saved comparisons keep no task records, so there are no timelines to show.")));
  gtk_label_set_xalign (self->timeline_note, 0);
  gtk_label_set_wrap (self->timeline_note, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->timeline_note), "dim-label");
  gtk_box_append (GTK_BOX (self->comparison_box), GTK_WIDGET (self->timeline_note));
  gtk_box_append (GTK_BOX (box), self->comparison_box);

  /* a sweep */
  self->sweep_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  self->sweep_throughput = chart (self, _("Throughput against workers"),
                                  _("Points: mean tasks per second at each worker count (logarithmic axis), "
                                    "with ± one standard deviation."),
                                  280, lab_compare_results_draw_sweep_throughput);
  self->sweep_latency = chart (self, _("p99 latency against workers"),
                               _("Points: mean 99th percentile of task latency at each worker count, "
                                 "with ± one standard deviation."),
                               280, lab_compare_results_draw_sweep_latency);
  self->sweep_speedup = chart (self, _("Speedup against workers"),
                               _("Points: speedup at each worker count, with the ideal min(workers, cores), "
                                 "the fitted Amdahl curve for CPU work and where more workers stop paying for I/O."),
                               300, lab_compare_results_draw_sweep_speedup);
  gtk_box_append (GTK_BOX (self->sweep_box), pair (self->sweep_throughput, self->sweep_latency));
  gtk_box_append (GTK_BOX (self->sweep_box), card (self->sweep_speedup));
  self->fit = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->fit, 0);
  gtk_label_set_wrap (self->fit, TRUE);
  gtk_label_set_selectable (self->fit, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->fit), "heading");
  gtk_box_append (GTK_BOX (self->sweep_box), GTK_WIDGET (self->fit));
  gtk_box_append (GTK_BOX (box), self->sweep_box);

  /* the numbers and what to mind */
  self->table = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (self->table, 18);
  gtk_grid_set_row_spacing (self->table, 6);
  gtk_widget_set_margin_start (GTK_WIDGET (self->table), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->table), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->table), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->table), 12);
  table_card = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (table_card), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (table_card), GTK_WIDGET (self->table));
  gtk_box_append (GTK_BOX (box), card (table_card));

  self->warnings = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_visible (self->warnings, FALSE);
  gtk_box_append (GTK_BOX (box), self->warnings);

  gtk_widget_set_visible (self->comparison_box, FALSE);
  gtk_widget_set_visible (self->sweep_box, FALSE);
  adw_bin_set_child (ADW_BIN (self), box);
}

static void
lab_compare_results_dispose (GObject *object)
{
  LabCompareResults *self = (LabCompareResults *) object;

  g_clear_object (&self->comparison);
  g_clear_object (&self->sweep);

  G_OBJECT_CLASS (lab_compare_results_parent_class)->dispose (object);
}

static void
lab_compare_results_finalize (GObject *object)
{
  LabCompareResults *self = (LabCompareResults *) object;

  g_clear_pointer (&self->stats, g_free);
  g_clear_pointer (&self->timeline_models, g_ptr_array_unref);
  lab_sweep_chart_model_clear (&self->sweep_model);

  G_OBJECT_CLASS (lab_compare_results_parent_class)->finalize (object);
}

static void
lab_compare_results_class_init (LabCompareResultsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lab_compare_results_dispose;
  object_class->finalize = lab_compare_results_finalize;
}

GtkWidget *
lab_compare_results_new (void)
{
  return g_object_new (LAB_TYPE_COMPARE_RESULTS, NULL);
}
