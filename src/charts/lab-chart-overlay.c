/* lab-chart-overlay.c
 *
 * Runs side by side on one axis. Each run keeps its own time (all begin at
 * 0 s), so a faster run is a shorter line; latency is a CDF on a log axis,
 * so a run whose curve sits further left was quicker per task, and the
 * curves' tops show the tail.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lab-chart-overlay.h"
#include "lab-chart-series-private.h"

#define MAX_KEYS 16

/* After the accent, colours that stay apart in light and dark mode. */
static const LabChartColor palette[] = {
  { 0.90, 0.38, 0.00, 1 },   /* orange */
  { 0.15, 0.64, 0.41, 1 },   /* green */
  { 0.57, 0.25, 0.67, 1 },   /* purple */
  { 0.88, 0.11, 0.14, 1 },   /* red */
  { 0.60, 0.76, 0.15, 1 },   /* lime */
  { 0.39, 0.27, 0.13, 1 },   /* brown */
  { 0.75, 0.38, 0.64, 1 },   /* pink */
};

void
lab_chart_overlay_get_color (const LabChartStyle *style,
                             guint                i,
                             LabChartColor       *color)
{
  g_return_if_fail (style != NULL && color != NULL);

  i %= G_N_ELEMENTS (palette) + 1;
  *color = i == 0 ? style->accent : palette[i - 1];
}

static guint
make_keys (const LabChartStyle      *style,
           const LabChartOverlayRun *runs,
           guint                     n_runs,
           LabChartKey              *keys)
{
  guint n = MIN (n_runs, MAX_KEYS);

  for (guint i = 0; i < n; i++)
    {
      keys[i] = (LabChartKey) { runs[i].label, { 0 }, LAB_CHART_KEY_LINE };
      lab_chart_overlay_get_color (style, i, &keys[i].color);
    }
  return n;
}

/* Legend, units line and the plot below them. */
static LabChartRect
layout_plot (LabChartContext   *ctx,
             const LabChartKey *keys,
             guint              n_keys,
             int                width,
             int                height,
             double             left,
             double            *units_y)
{
  double legend = lab_chart_legend_height (ctx, keys, n_keys, width - 2 * LAB_CHART_PAD);
  double top, bottom;

  *units_y = LAB_CHART_PAD + legend + 2;
  top = *units_y + ctx->line_height + ctx->line_height / 2;
  bottom = height - ctx->line_height - LAB_CHART_PAD;
  return (LabChartRect) { left, top, MAX (1, width - left - 2 * LAB_CHART_PAD), MAX (1, bottom - top) };
}

void
lab_chart_draw_overlay_throughput (cairo_t                  *cr,
                                   const LabChartOverlayRun *runs,
                                   guint                     n_runs,
                                   int                       width,
                                   int                       height,
                                   const LabChartStyle      *style)
{
  LabChartContext ctx;
  LabChartKey keys[MAX_KEYS];
  LabChartAxis time, rate;
  LabChartRect plot;
  double max_rate = 1, max_seconds = 0.001, units_y, left;
  guint n_keys, y_ticks;

  g_return_if_fail (cr != NULL && (runs != NULL || n_runs == 0) && style != NULL);

  lab_chart_context_init (&ctx, cr, style);
  lab_chart_fill_background (&ctx, width, height);
  n_keys = make_keys (style, runs, n_runs, keys);

  for (guint i = 0; i < n_runs; i++)
    {
      max_rate = MAX (max_rate, lab_chart_series_max (runs[i].series, lab_chart_series_bin_rate));
      max_seconds = MAX (max_seconds, runs[i].series->elapsed_us / 1e6);
    }

  plot = layout_plot (&ctx, keys, n_keys, width, height, 0, &units_y);
  y_ticks = MIN (lab_chart_ticks_for_length (&ctx, plot.height, FALSE), 6);
  lab_chart_axis_init (&rate, 0, max_rate * 1.05, y_ticks);
  left = LAB_CHART_PAD + lab_chart_y_axis_width (&ctx, &rate, lab_chart_format_number);
  plot = layout_plot (&ctx, keys, n_keys, width, height, left, &units_y);
  lab_chart_axis_init_exact (&time, 0, max_seconds, lab_chart_ticks_for_length (&ctx, plot.width, TRUE));

  lab_chart_draw_legend (&ctx, keys, n_keys, LAB_CHART_PAD, LAB_CHART_PAD, width - 2 * LAB_CHART_PAD);
  lab_chart_draw_text (&ctx, _("tasks/s"), LAB_CHART_PAD, units_y, 0, 0, 0.7);
  lab_chart_draw_y_axis (&ctx, &plot, &rate, 0, TRUE, lab_chart_format_number);
  lab_chart_draw_time_axis (&ctx, &plot, &time);
  lab_chart_draw_frame (&ctx, &plot);

  if (n_runs == 0)
    lab_chart_draw_message (&ctx, &plot, _("No runs to compare"));

  for (guint i = 0; i < n_runs; i++)
    {
      LabChartColor color;

      lab_chart_overlay_get_color (style, i, &color);
      if (runs[i].series->bins->len > 0 && runs[i].series->elapsed_us > 0)
        lab_chart_series_plot (&ctx, &plot, &time, &rate, runs[i].series,
                               lab_chart_series_bin_rate, &color, FALSE);
    }

  lab_chart_context_clear (&ctx);
}

/* Latency: a CDF over a log axis */

typedef struct
{
  LabChartRect plot;
  double       log_lo, log_hi;
} LogAxis;

static double
log_x (const LogAxis *a,
       double         us)
{
  return a->plot.x + (log10 (MAX (us, 1.0)) - a->log_lo) / (a->log_hi - a->log_lo) * a->plot.width;
}

static void
draw_log_axis (LabChartContext *ctx,
               const LogAxis   *a)
{
  static const double mantissas[] = { 1, 2, 5 };
  cairo_t *cr = ctx->cr;
  gboolean minor = a->plot.width / (a->log_hi - a->log_lo) > 9 * ctx->line_height;
  double bottom = a->plot.y + a->plot.height;
  double last_end = -G_MAXDOUBLE;

  for (int e = (int) floor (a->log_lo); e <= (int) ceil (a->log_hi); e++)
    for (guint m = 0; m < G_N_ELEMENTS (mantissas); m++)
      {
        double us = mantissas[m] * pow (10, e);
        g_autofree char *label = NULL;
        double x, w;

        if ((m > 0 && !minor) || log10 (us) < a->log_lo || log10 (us) > a->log_hi)
          continue;

        x = round (log_x (a, us)) + 0.5;
        cairo_save (cr);
        lab_chart_set_color (cr, &ctx->style->foreground,
                             (ctx->style->high_contrast ? 0.4 : ctx->style->grid_alpha) * (m == 0 ? 1 : 0.5));
        cairo_set_line_width (cr, 1);
        cairo_move_to (cr, x, a->plot.y);
        cairo_line_to (cr, x, bottom);
        cairo_stroke (cr);
        cairo_restore (cr);

        label = lab_chart_format_duration (us);
        w = lab_chart_text_width (ctx, label);
        if (x - w / 2 > last_end + 4 && x + w / 2 <= a->plot.x + a->plot.width + LAB_CHART_PAD)
          {
            lab_chart_draw_text (ctx, label, x, bottom + 2, 0.5, 0, 0.7);
            last_end = x + w / 2;
          }
      }
}

static char *
format_percent (double value)
{
  return g_strdup_printf ("%g %%", value);
}

static void
plot_cdf (LabChartContext     *ctx,
          const LogAxis       *a,
          const LabChartAxis  *share,
          const LabHistogram  *histogram,
          const LabChartColor *color)
{
  cairo_t *cr = ctx->cr;
  guint64 total = lab_histogram_get_count (histogram), seen = 0;
  double bottom = a->plot.y + a->plot.height, last_x = -1, y = bottom;
  LabHistogramIter iter;
  gint64 lower, upper;
  guint64 count;

  if (total == 0)
    return;

  cairo_save (cr);
  lab_chart_set_color (cr, color, 1.0);
  cairo_set_line_width (cr, ctx->style->line_width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  /* a step up at each bucket's upper bound; one point per pixel column */
  lab_histogram_iter_init (&iter, histogram);
  while (lab_histogram_iter_next (&iter, &lower, &upper, &count))
    {
      double x = log_x (a, MAX (lower, 1));

      if (last_x < 0)
        cairo_move_to (cr, x, bottom);
      else if (x - last_x >= 1)
        cairo_line_to (cr, x, y);
      seen += count;
      y = lab_chart_axis_map (share, 100.0 * seen / total, bottom, a->plot.y);
      x = log_x (a, MAX (upper, 1));
      if (x - last_x >= 1 || seen == total)
        {
          cairo_line_to (cr, x, y);
          last_x = x;
        }
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

void
lab_chart_draw_overlay_latency (cairo_t                  *cr,
                                const LabChartOverlayRun *runs,
                                guint                     n_runs,
                                int                       width,
                                int                       height,
                                const LabChartStyle      *style)
{
  LabChartContext ctx;
  LabChartKey keys[MAX_KEYS];
  LabChartAxis share;
  LogAxis a;
  double lo = G_MAXDOUBLE, hi = 0, units_y, left;
  guint n_keys;

  g_return_if_fail (cr != NULL && (runs != NULL || n_runs == 0) && style != NULL);

  lab_chart_context_init (&ctx, cr, style);
  lab_chart_fill_background (&ctx, width, height);
  n_keys = make_keys (style, runs, n_runs, keys);

  for (guint i = 0; i < n_runs; i++)
    if (lab_histogram_get_count (runs[i].latency) > 0)
      {
        lo = MIN (lo, MAX (1.0, (double) lab_histogram_get_min (runs[i].latency)));
        hi = MAX (hi, (double) lab_histogram_get_max (runs[i].latency) + 1);
      }
  if (hi == 0)
    {
      lo = 100;
      hi = 100000;
    }

  /* at least a decade, a little room either side */
  a.log_lo = log10 (lo) - 0.05;
  a.log_hi = log10 (MAX (hi, lo)) + 0.05;
  if (a.log_hi - a.log_lo < 1)
    {
      double mid = (a.log_hi + a.log_lo) / 2;
      a.log_lo = mid - 0.5;
      a.log_hi = mid + 0.5;
    }
  a.log_lo = MAX (0, a.log_lo);

  a.plot = layout_plot (&ctx, keys, n_keys, width, height, 0, &units_y);
  lab_chart_axis_init (&share, 0, 100, MIN (lab_chart_ticks_for_length (&ctx, a.plot.height, FALSE), 6));
  left = LAB_CHART_PAD + lab_chart_y_axis_width (&ctx, &share, format_percent);
  a.plot = layout_plot (&ctx, keys, n_keys, width, height, left, &units_y);

  lab_chart_draw_legend (&ctx, keys, n_keys, LAB_CHART_PAD, LAB_CHART_PAD, width - 2 * LAB_CHART_PAD);
  lab_chart_draw_text (&ctx, _("tasks done within"), LAB_CHART_PAD, units_y, 0, 0, 0.7);
  lab_chart_draw_y_axis (&ctx, &a.plot, &share, 0, TRUE, format_percent);
  draw_log_axis (&ctx, &a);
  lab_chart_draw_frame (&ctx, &a.plot);

  if (n_runs == 0)
    lab_chart_draw_message (&ctx, &a.plot, _("No runs to compare"));

  for (guint i = 0; i < n_runs; i++)
    {
      LabChartColor color;

      lab_chart_overlay_get_color (style, i, &color);
      plot_cdf (&ctx, &a, &share, runs[i].latency, &color);
    }

  lab_chart_context_clear (&ctx);
}
