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
#include "lab-chart-sweep.h"
#include "lab-chart-timeline.h"
#include "lab-compare-results.h"
#include "lab-compare-table.h"
#include "lab-format.h"

struct _LabCompareResults
{
  AdwBin              parent_instance;

  GtkLabel           *title;
  GtkLabel           *status;
  GtkWidget          *comparison_box;
  GtkWidget          *sweep_box;
  GtkWidget          *wall;
  GtkWidget          *speedup;
  GtkWidget          *measures;
  GtkWidget          *timelines;
  GtkLabel           *timeline_note;
  GtkWidget          *sweep_throughput;
  GtkWidget          *sweep_latency;
  GtkWidget          *sweep_speedup;
  GtkLabel           *fit;
  GtkGrid            *table;
  GtkWidget          *warnings;

  LabComparison      *comparison;
  LabSweep           *sweep;
  LabModelStats      *stats;
  guint               n_stats;
  LabSweepChartModel  sweep_model;
  GPtrArray          *timeline_models;   /* LabTimelineModel or NULL, per model */
  gboolean            with_timelines;
};

G_DEFINE_FINAL_TYPE (LabCompareResults, lab_compare_results, ADW_TYPE_BIN)

#define TIMELINE_LANE_HEIGHT 18

/* Drawing ------------------------------------------------------------------ */

static void
draw_wall (cairo_t *cr, int width, int height, const LabChartStyle *style, gpointer data)
{
  LabCompareResults *self = data;
  lab_chart_draw_comparison_wall (cr, self->stats, self->n_stats, width, height, style);
}

static void
draw_speedup (cairo_t *cr, int width, int height, const LabChartStyle *style, gpointer data)
{
  LabCompareResults *self = data;
  lab_chart_draw_comparison_speedup (cr, self->stats, self->n_stats, width, height, style);
}

static void
draw_measures (cairo_t *cr, int width, int height, const LabChartStyle *style, gpointer data)
{
  LabCompareResults *self = data;
  lab_chart_draw_comparison_measures (cr, self->stats, self->n_stats, width, height, style);
}

static void
draw_timelines (cairo_t *cr, int width, int height, const LabChartStyle *style, gpointer data)
{
  LabCompareResults *self = data;
  const LabTimelineModel *models[8] = { NULL };
  char *labels_store[8] = { NULL };
  const char *labels[8] = { NULL };
  guint n = 0;

  for (guint i = 0; self->timeline_models != NULL && i < self->timeline_models->len && n < 8; i++)
    {
      LabTimelineModel *model = g_ptr_array_index (self->timeline_models, i);
      guint workers;

      if (model == NULL || i >= self->n_stats)
        continue;
      workers = lab_timeline_model_get_n_lanes (model);
      models[n] = model;
      labels_store[n] = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u worker", "%s · %u workers", workers),
                                         lab_model_to_string (self->stats[i].model), workers);
      labels[n] = labels_store[n];
      n++;
    }

  lab_chart_draw_timelines (cr, models, labels, n, width, height, style);
  for (guint i = 0; i < n; i++)
    g_free (labels_store[i]);
}

static void
draw_sweep_throughput (cairo_t *cr, int width, int height, const LabChartStyle *style, gpointer data)
{
  LabCompareResults *self = data;
  lab_chart_draw_sweep_throughput (cr, &self->sweep_model, width, height, style);
}

static void
draw_sweep_latency (cairo_t *cr, int width, int height, const LabChartStyle *style, gpointer data)
{
  LabCompareResults *self = data;
  lab_chart_draw_sweep_latency (cr, &self->sweep_model, width, height, style);
}

static void
draw_sweep_speedup (cairo_t *cr, int width, int height, const LabChartStyle *style, gpointer data)
{
  LabCompareResults *self = data;
  lab_chart_draw_sweep_speedup (cr, &self->sweep_model, width, height, style);
}

static int
timelines_height (LabCompareResults *self)
{
  int height = 48;

  for (guint i = 0; self->timeline_models != NULL && i < self->timeline_models->len; i++)
    {
      LabTimelineModel *model = g_ptr_array_index (self->timeline_models, i);

      if (model != NULL)
        height += 22 + MIN (lab_timeline_model_get_n_lanes (model), 16) * TIMELINE_LANE_HEIGHT;
    }
  return height;
}

static gboolean
has_timelines (LabCompareResults *self)
{
  for (guint i = 0; self->with_timelines && self->timeline_models != NULL && i < self->timeline_models->len; i++)
    if (g_ptr_array_index (self->timeline_models, i) != NULL)
      return TRUE;
  return FALSE;
}

/* The image export: the charts on the page, one under another. */
typedef struct
{
  LabChartAreaDrawFunc func;
  double               column;   /* 0 or 0.5: left or right half; -1: full width */
  int                  height;
} ImagePart;

static guint
image_parts (LabCompareResults *self,
             ImagePart         *parts)
{
  guint n = 0;

  if (self->comparison != NULL)
    {
      parts[n++] = (ImagePart) { draw_wall, 0, 300 };
      parts[n++] = (ImagePart) { draw_speedup, 0.5, 300 };
      parts[n++] = (ImagePart) { draw_measures, -1, 260 };
      if (has_timelines (self))
        parts[n++] = (ImagePart) { draw_timelines, -1, timelines_height (self) };
    }
  else if (self->sweep != NULL)
    {
      parts[n++] = (ImagePart) { draw_sweep_throughput, 0, 300 };
      parts[n++] = (ImagePart) { draw_sweep_latency, 0.5, 300 };
      parts[n++] = (ImagePart) { draw_sweep_speedup, -1, 340 };
    }
  return n;
}

#define IMAGE_MARGIN 16

int
lab_compare_results_get_image_height (LabCompareResults *self,
                                      int                width)
{
  ImagePart parts[8];
  guint n = image_parts (self, parts);
  int height = IMAGE_MARGIN + 56;

  for (guint i = 0; i < n; i++)
    if (parts[i].column != 0.5)
      height += parts[i].height + IMAGE_MARGIN;
  return height;
}

void
lab_compare_results_draw_image (LabCompareResults   *self,
                                cairo_t             *cr,
                                int                  width,
                                int                  height,
                                const LabChartStyle *style)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (style->font);
  LabChartStyle transparent = *style;
  ImagePart parts[8];
  guint n = image_parts (self, parts);
  double y = IMAGE_MARGIN, inner = width - 2 * IMAGE_MARGIN;
  int row_height = 0;

  cairo_set_source_rgba (cr, style->background.red, style->background.green, style->background.blue, 1);
  cairo_paint (cr);

  /* the title and the status line, as on the page */
  pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_font_description_set_size (font, pango_font_description_get_size (font) * 4 / 3);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_width (layout, (int) inner * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_text (layout, gtk_label_get_text (self->title), -1);
  cairo_set_source_rgba (cr, style->foreground.red, style->foreground.green, style->foreground.blue,
                         style->foreground.alpha);
  cairo_move_to (cr, IMAGE_MARGIN, y);
  pango_cairo_show_layout (cr, layout);
  y += 28;
  if (gtk_widget_get_visible (GTK_WIDGET (self->status)))
    {
      font = pango_font_description_from_string (style->font);
      pango_layout_set_font_description (layout, font);
      pango_font_description_free (font);
      pango_layout_set_text (layout, gtk_label_get_text (self->status), -1);
      cairo_move_to (cr, IMAGE_MARGIN, y);
      pango_cairo_show_layout (cr, layout);
    }
  y += 28;

  transparent.background.alpha = 0;
  for (guint i = 0; i < n; i++)
    {
      double x = IMAGE_MARGIN, w = inner;

      if (parts[i].column >= 0)
        {
          w = (inner - IMAGE_MARGIN) / 2;
          x = parts[i].column > 0 ? IMAGE_MARGIN + w + IMAGE_MARGIN : IMAGE_MARGIN;
        }
      cairo_save (cr);
      cairo_translate (cr, round (x), round (y));
      parts[i].func (cr, (int) w, parts[i].height, &transparent, self);
      cairo_restore (cr);

      row_height = MAX (row_height, parts[i].height);
      if (parts[i].column != 0)
        {
          y += row_height + IMAGE_MARGIN;
          row_height = 0;
        }
    }
}

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

      gtk_widget_set_visible (self->timelines, has_timelines (self));
      lab_chart_area_set_natural_height (LAB_CHART_AREA (self->timelines), timelines_height (self));
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
                      280, draw_wall);
  self->speedup = chart (self, _("Speedup against sequential"),
                         _("Bar chart: speedup of each model against sequential, with ± one standard deviation, "
                           "the ideal min(workers, cores) dashed over each bar and a line at 1×."),
                         280, draw_speedup);
  self->measures = chart (self, _("Throughput, p99 latency and CPU use"),
                          _("Three bar charts side by side: tasks per second, the 99th percentile of task latency "
                            "and the cores busy, one bar per model."),
                          240, draw_measures);
  self->timelines = chart (self, _("Worker timelines"),
                           _("The worker timeline of the last run of each model, one above the other on the same "
                             "time axis."),
                           200, draw_timelines);
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
                                  280, draw_sweep_throughput);
  self->sweep_latency = chart (self, _("p99 latency against workers"),
                               _("Points: mean 99th percentile of task latency at each worker count, "
                                 "with ± one standard deviation."),
                               280, draw_sweep_latency);
  self->sweep_speedup = chart (self, _("Speedup against workers"),
                               _("Points: speedup at each worker count, with the ideal min(workers, cores), "
                                 "the fitted Amdahl curve for CPU work and where more workers stop paying for I/O."),
                               300, draw_sweep_speedup);
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
