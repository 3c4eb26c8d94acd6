/* lab-compare-results-charts.c
 *
 * What the results' chart areas draw, and the page's image export: the
 * same chart functions of src/charts over the same stats, one under
 * another on an image or SVG surface.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lab-chart-comparison.h"
#include "lab-chart-sweep.h"
#include "lab-chart-timeline.h"
#include "lab-compare-results-private.h"

void
lab_compare_results_draw_wall (cairo_t *cr, int width, int height, const LabChartStyle *style, gpointer data)
{
  LabCompareResults *self = data;
  lab_chart_draw_comparison_wall (cr, self->stats, self->n_stats, width, height, style);
}

void
lab_compare_results_draw_speedup (cairo_t *cr, int width, int height, const LabChartStyle *style, gpointer data)
{
  LabCompareResults *self = data;
  lab_chart_draw_comparison_speedup (cr, self->stats, self->n_stats, width, height, style);
}

void
lab_compare_results_draw_measures (cairo_t *cr, int width, int height, const LabChartStyle *style, gpointer data)
{
  LabCompareResults *self = data;
  lab_chart_draw_comparison_measures (cr, self->stats, self->n_stats, width, height, style);
}

void
lab_compare_results_draw_timelines (cairo_t *cr, int width, int height, const LabChartStyle *style, gpointer data)
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

void
lab_compare_results_draw_sweep_throughput (cairo_t *cr, int width, int height, const LabChartStyle *style, gpointer data)
{
  LabCompareResults *self = data;
  lab_chart_draw_sweep_throughput (cr, &self->sweep_model, width, height, style);
}

void
lab_compare_results_draw_sweep_latency (cairo_t *cr, int width, int height, const LabChartStyle *style, gpointer data)
{
  LabCompareResults *self = data;
  lab_chart_draw_sweep_latency (cr, &self->sweep_model, width, height, style);
}

void
lab_compare_results_draw_sweep_speedup (cairo_t *cr, int width, int height, const LabChartStyle *style, gpointer data)
{
  LabCompareResults *self = data;
  lab_chart_draw_sweep_speedup (cr, &self->sweep_model, width, height, style);
}

int
lab_compare_results_timelines_height (LabCompareResults *self)
{
  int height = 48;

  for (guint i = 0; self->timeline_models != NULL && i < self->timeline_models->len; i++)
    {
      LabTimelineModel *model = g_ptr_array_index (self->timeline_models, i);

      if (model != NULL)
        height += 22 + MIN (lab_timeline_model_get_n_lanes (model), 16) * LAB_COMPARE_TIMELINE_LANE_HEIGHT;
    }
  return height;
}

gboolean
lab_compare_results_has_timelines (LabCompareResults *self)
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
      parts[n++] = (ImagePart) { lab_compare_results_draw_wall, 0, 300 };
      parts[n++] = (ImagePart) { lab_compare_results_draw_speedup, 0.5, 300 };
      parts[n++] = (ImagePart) { lab_compare_results_draw_measures, -1, 260 };
      if (lab_compare_results_has_timelines (self))
        parts[n++] = (ImagePart) { lab_compare_results_draw_timelines, -1, lab_compare_results_timelines_height (self) };
    }
  else if (self->sweep != NULL)
    {
      parts[n++] = (ImagePart) { lab_compare_results_draw_sweep_throughput, 0, 300 };
      parts[n++] = (ImagePart) { lab_compare_results_draw_sweep_latency, 0.5, 300 };
      parts[n++] = (ImagePart) { lab_compare_results_draw_sweep_speedup, -1, 340 };
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
