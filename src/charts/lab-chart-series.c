/* lab-chart-series.c
 *
 * What the throughput and in-flight charts share: values per bin, a line
 * through the bins, reference lines, the start-up shading.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lab-chart-series-private.h"

double
lab_chart_series_bin_rate (const LabSeriesModel *model,
                           guint                 index)
{
  const LabSeriesBin *bin = &g_array_index (model->bins, LabSeriesBin, index);
  gint64 duration = lab_series_model_bin_duration (model, index);

  if (duration <= 0)
    return NAN;
  return (bin->done + bin->failed) / (duration / 1e6);
}

double
lab_chart_series_bin_bytes (const LabSeriesModel *model,
                            guint                 index)
{
  const LabSeriesBin *bin = &g_array_index (model->bins, LabSeriesBin, index);
  gint64 duration = lab_series_model_bin_duration (model, index);

  if (duration <= 0)
    return NAN;
  return bin->bytes / (duration / 1e6);
}

double
lab_chart_series_bin_cpu (const LabSeriesModel *model,
                          guint                 index)
{
  return g_array_index (model->bins, LabSeriesBin, index).cpu;
}

double
lab_chart_series_bin_in_flight (const LabSeriesModel *model,
                                guint                 index)
{
  const LabSeriesBin *bin = &g_array_index (model->bins, LabSeriesBin, index);
  gint64 duration = lab_series_model_bin_duration (model, index);

  if (duration <= 0)
    return NAN;
  return bin->busy / duration;
}

double
lab_chart_series_max (const LabSeriesModel *model,
                      LabBinValueFunc       func)
{
  double max = 0;

  for (guint i = 0; model->bins != NULL && i < model->bins->len; i++)
    {
      double v = func (model, i);
      if (isfinite (v))
        max = MAX (max, v);
    }

  return max;
}

/* One path through the bins: points at bin centres, averaged per pixel
 * column; a single bin is drawn as a level line over its span. */
void
lab_chart_series_plot (LabChartContext      *ctx,
                       const LabChartRect   *rect,
                       const LabChartAxis   *time,
                       const LabChartAxis   *axis,
                       const LabSeriesModel *model,
                       LabBinValueFunc       func,
                       const LabChartColor  *color,
                       gboolean              fill)
{
  cairo_t *cr = ctx->cr;
  double bottom = rect->y + rect->height;
  double first_x = NAN, last_x = NAN;
  double column = NAN, sum = 0;
  guint n_sum = 0, n_points = 0;
  double single_value = NAN;

  cairo_save (cr);
  cairo_rectangle (cr, rect->x, rect->y - 1, rect->width, rect->height + 2);
  cairo_clip (cr);
  cairo_new_path (cr);

  for (guint i = 0; i <= model->bins->len; i++)
    {
      double value = NAN, x = NAN;

      if (i < model->bins->len)
        {
          gint64 duration = lab_series_model_bin_duration (model, i);

          value = func (model, i);
          if (duration > 0)
            x = lab_chart_axis_map (time, (i * model->bin_width_us + duration / 2.0) / 1e6,
                                    rect->x, rect->x + rect->width);
        }

      /* flush the column when the pixel changes, a gap comes or at the end */
      if (n_sum > 0 && (i == model->bins->len || !isfinite (value) || floor (x) != column))
        {
          double y = lab_chart_axis_map (axis, sum / n_sum, bottom, rect->y);
          double px = column + 0.5;

          if (n_points == 0 || !isfinite (last_x))
            cairo_move_to (cr, px, y);
          else
            cairo_line_to (cr, px, y);
          if (!isfinite (first_x))
            first_x = px;
          last_x = px;
          single_value = sum / n_sum;
          n_points++;
          sum = 0;
          n_sum = 0;
        }

      if (!isfinite (value) || !isfinite (x))
        {
          if (i < model->bins->len && n_points > 0 && !fill)
            last_x = NAN;   /* a gap in a line (CPU not sampled) */
          continue;
        }

      column = floor (x);
      sum += value;
      n_sum++;
    }

  if (n_points == 1)
    {
      /* one bin: a level line over the time it covers */
      double y = lab_chart_axis_map (axis, single_value, bottom, rect->y);
      double x1 = lab_chart_axis_map (time, MIN (model->elapsed_us, model->bin_width_us) / 1e6,
                                      rect->x, rect->x + rect->width);

      cairo_new_path (cr);
      cairo_move_to (cr, rect->x, y);
      cairo_line_to (cr, MAX (x1, rect->x + 2), y);
      first_x = rect->x;
      last_x = MAX (x1, rect->x + 2);
    }

  if (n_points > 0)
    {
      cairo_set_line_width (cr, ctx->style->high_contrast ? 2.5 : ctx->style->line_width);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      lab_chart_set_color (cr, color, 1.0);

      if (fill && !ctx->style->high_contrast && isfinite (first_x) && isfinite (last_x))
        {
          cairo_path_t *path = cairo_copy_path (cr);

          cairo_stroke (cr);
          cairo_append_path (cr, path);
          cairo_line_to (cr, last_x, bottom);
          cairo_line_to (cr, first_x, bottom);
          cairo_close_path (cr);
          lab_chart_set_color (cr, color, 0.18);
          cairo_fill (cr);
          cairo_path_destroy (path);
        }
      else
        cairo_stroke (cr);
    }

  cairo_restore (cr);
}

void
lab_chart_series_draw_reference (LabChartContext     *ctx,
                                 const LabChartRect  *rect,
                                 const LabChartAxis  *axis,
                                 double               value,
                                 const LabChartColor *color,
                                 const char          *label)
{
  cairo_t *cr = ctx->cr;
  double y = round (lab_chart_axis_map (axis, value, rect->y + rect->height, rect->y)) + 0.5;

  cairo_save (cr);
  lab_chart_set_color (cr, color, 0.9);
  cairo_set_line_width (cr, ctx->style->high_contrast ? 2 : 1);
  cairo_set_dash (cr, (double[]) { 4, 3 }, 2, 0);
  cairo_move_to (cr, rect->x, y);
  cairo_line_to (cr, rect->x + rect->width, y);
  cairo_stroke (cr);
  cairo_restore (cr);

  lab_chart_draw_text (ctx, label, rect->x + rect->width - 4, y - 1, 1, 1, 0.75);
}

void
lab_chart_series_draw_startup (LabChartContext      *ctx,
                               const LabChartRect   *rect,
                               const LabChartAxis   *time,
                               const LabSeriesModel *model)
{
  double x1;

  if (model->startup_us <= 0)
    return;

  x1 = lab_chart_axis_map (time, model->startup_us / 1e6, rect->x, rect->x + rect->width);
  if (x1 - rect->x < 1)
    return;

  cairo_save (ctx->cr);
  lab_chart_set_color (ctx->cr, &ctx->style->foreground, 0.07);
  cairo_rectangle (ctx->cr, rect->x, rect->y, x1 - rect->x, rect->height);
  cairo_fill (ctx->cr);
  cairo_restore (ctx->cr);

  if (x1 - rect->x > lab_chart_text_width (ctx, _("start-up")) + 4)
    lab_chart_draw_text (ctx, _("start-up"), rect->x + 2, rect->y + 2, 0, 0, 0.6);
}

/* The bin under x, or -1. */
int
lab_chart_series_bin_at_x (const LabSeriesModel *model,
                           const LabChartRect   *plot,
                           const LabChartAxis   *time,
                           double                x)
{
  double t;
  guint index;

  if (x < plot->x || x > plot->x + plot->width)
    return -1;

  t = time->min + (x - plot->x) / plot->width * (time->max - time->min);
  index = (guint) MAX (0, t * 1e6 / model->bin_width_us);
  if (index >= model->bins->len || lab_series_model_bin_duration (model, index) <= 0)
    return -1;
  return index;
}

char *
lab_chart_series_describe_bin_time (const LabSeriesModel *model,
                                    guint                 index)
{
  double begin = index * model->bin_width_us / 1e6;
  double end = begin + lab_series_model_bin_duration (model, index) / 1e6;

  /* Translators: a time span in seconds, e.g. "1.2–1.3 s" */
  return g_strdup_printf (_("%.1f–%.1f s"), begin, end);
}
