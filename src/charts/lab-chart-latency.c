/* lab-chart-latency.c
 *
 * The histogram's fine buckets (≤0.4% wide) are gathered into display bars a
 * few pixels wide on a log axis, so the shape stays readable from
 * microseconds to seconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "lab-chart-latency.h"
#include "lab-chart-private.h"

#define BAR_WIDTH 6.0
#define MAX_BARS  512

typedef struct
{
  LabChartKey  keys[4];
  double       units_y;
  LabChartRect plot;
  double       log_lo, log_hi;   /* log10 µs at the plot's edges */
  guint        n_bars;
  guint64      bars[MAX_BARS];
  guint64      total;
  LabChartAxis count;
  double       percentiles[3];   /* p50, p90, p99 in µs */
} LatencyLayout;

static const double percentile_ranks[3] = { 50, 90, 99 };

static double
x_for_us (const LatencyLayout *l,
          double               us)
{
  double v = log10 (MAX (us, 1.0));
  return l->plot.x + (v - l->log_lo) / (l->log_hi - l->log_lo) * l->plot.width;
}

static guint
bar_for_us (const LatencyLayout *l,
            double               us)
{
  double v = log10 (MAX (us, 1.0));
  double f = (v - l->log_lo) / (l->log_hi - l->log_lo);

  return (guint) CLAMP (f * l->n_bars, 0, l->n_bars - 1);
}

static void
bar_bounds (const LatencyLayout *l,
            guint                bar,
            double              *lo_us,
            double              *hi_us)
{
  double step = (l->log_hi - l->log_lo) / l->n_bars;

  *lo_us = pow (10, l->log_lo + bar * step);
  *hi_us = pow (10, l->log_lo + (bar + 1) * step);
}

static const LabChartColor *
percentile_color (const LabChartStyle *style,
                  guint                i)
{
  switch (i)
    {
    case 0: return &style->secondary;
    case 1: return &style->tertiary;
    default: return &style->status[LAB_TASK_FAILED];
    }
}

static void
latency_layout (LabChartContext    *ctx,
                const LabHistogram *histogram,
                int                 width,
                int                 height,
                LatencyLayout      *l)
{
  LabHistogramIter iter;
  gint64 lower, upper;
  guint64 count, max_count = 0;
  double left, top, bottom, lo, hi;

  memset (l, 0, sizeof *l);
  l->keys[0] = (LabChartKey) { _("tasks"), ctx->style->accent, LAB_CHART_KEY_BOX };
  for (guint i = 0; i < 3; i++)
    l->keys[i + 1] = (LabChartKey) { i == 0 ? "p50" : i == 1 ? "p90" : "p99",
                                     *percentile_color (ctx->style, i), LAB_CHART_KEY_DASHED };

  l->units_y = LAB_CHART_PAD + lab_chart_legend_height (ctx, l->keys, 4, width - 2 * LAB_CHART_PAD) + 2;
  top = l->units_y + ctx->line_height + ctx->line_height / 2;
  bottom = height - ctx->line_height - LAB_CHART_PAD;

  l->total = lab_histogram_get_count (histogram);
  if (l->total > 0)
    {
      lo = MAX (1.0, (double) lab_histogram_get_min (histogram));
      hi = MAX (lo, (double) lab_histogram_get_max (histogram) + 1);
      for (guint i = 0; i < 3; i++)
        l->percentiles[i] = lab_histogram_get_percentile (histogram, percentile_ranks[i]);
    }
  else
    {
      lo = 100;
      hi = 100000;
    }

  /* at least a decade, with some room either side */
  l->log_lo = log10 (lo) - 0.05;
  l->log_hi = log10 (hi) + 0.05;
  if (l->log_hi - l->log_lo < 1)
    {
      double mid = (l->log_hi + l->log_lo) / 2;
      l->log_lo = mid - 0.5;
      l->log_hi = mid + 0.5;
    }
  l->log_lo = MAX (0, l->log_lo);

  /* the count axis needs the bars, the bars need the plot width: measure the
   * widest count label first */
  l->plot.x = LAB_CHART_PAD + lab_chart_text_width (ctx, "0000 k") + LAB_CHART_PAD;
  l->plot.width = MAX (1, width - l->plot.x - 2 * LAB_CHART_PAD);
  l->n_bars = (guint) CLAMP (l->plot.width / BAR_WIDTH, 1, MAX_BARS);

  if (l->total > 0)
    {
      lab_histogram_iter_init (&iter, histogram);
      while (lab_histogram_iter_next (&iter, &lower, &upper, &count))
        l->bars[bar_for_us (l, sqrt (MAX (lower, 1) * (double) MAX (upper, 1)))] += count;
    }
  for (guint i = 0; i < l->n_bars; i++)
    max_count = MAX (max_count, l->bars[i]);

  lab_chart_axis_init (&l->count, 0, MAX (1, max_count * 1.1),
                       MIN (lab_chart_ticks_for_length (ctx, bottom - top, FALSE), 6));
  left = LAB_CHART_PAD + lab_chart_y_axis_width (ctx, &l->count, lab_chart_format_number);
  l->plot = (LabChartRect) { left, top, MAX (1, width - left - 2 * LAB_CHART_PAD), MAX (1, bottom - top) };

  /* the width changed a little: gather the bars again */
  memset (l->bars, 0, sizeof l->bars);
  l->n_bars = (guint) CLAMP (l->plot.width / BAR_WIDTH, 1, MAX_BARS);
  if (l->total > 0)
    {
      lab_histogram_iter_init (&iter, histogram);
      while (lab_histogram_iter_next (&iter, &lower, &upper, &count))
        l->bars[bar_for_us (l, sqrt (MAX (lower, 1) * (double) MAX (upper, 1)))] += count;
    }
}

static void
draw_log_axis (LabChartContext     *ctx,
               const LatencyLayout *l)
{
  static const double mantissas[] = { 1, 2, 5 };
  cairo_t *cr = ctx->cr;
  double decades = l->log_hi - l->log_lo;
  gboolean minor = l->plot.width / decades > 9 * ctx->line_height;
  double bottom = l->plot.y + l->plot.height;
  double last_label_end = -G_MAXDOUBLE;

  for (int e = (int) floor (l->log_lo); e <= (int) ceil (l->log_hi); e++)
    {
      for (guint m = 0; m < G_N_ELEMENTS (mantissas); m++)
        {
          double us = mantissas[m] * pow (10, e);
          double x, w;
          g_autofree char *label = NULL;

          if (m > 0 && !minor)
            continue;
          if (log10 (us) < l->log_lo || log10 (us) > l->log_hi)
            continue;

          x = round (x_for_us (l, us)) + 0.5;
          cairo_save (cr);
          lab_chart_set_color (cr, &ctx->style->foreground,
                               (ctx->style->high_contrast ? 0.4 : ctx->style->grid_alpha) * (m == 0 ? 1 : 0.5));
          cairo_set_line_width (cr, 1);
          cairo_move_to (cr, x, l->plot.y);
          cairo_line_to (cr, x, bottom);
          cairo_stroke (cr);
          cairo_restore (cr);

          label = lab_chart_format_duration (us);
          w = lab_chart_text_width (ctx, label);
          if (x - w / 2 > last_label_end + 4 && x + w / 2 <= l->plot.x + l->plot.width + LAB_CHART_PAD)
            {
              lab_chart_draw_text (ctx, label, x, bottom + 2, 0.5, 0, 0.7);
              last_label_end = x + w / 2;
            }
        }
    }
}

void
lab_chart_draw_latency (cairo_t             *cr,
                        const LabHistogram  *histogram,
                        int                  width,
                        int                  height,
                        const LabChartStyle *style)
{
  LabChartContext ctx;
  LatencyLayout *l;
  double bottom, label_end = -G_MAXDOUBLE;
  guint label_row = 0;

  g_return_if_fail (cr != NULL && histogram != NULL && style != NULL);

  l = g_new (LatencyLayout, 1);
  lab_chart_context_init (&ctx, cr, style);
  lab_chart_fill_background (&ctx, width, height);
  latency_layout (&ctx, histogram, width, height, l);
  bottom = l->plot.y + l->plot.height;

  lab_chart_draw_legend (&ctx, l->keys, 4, LAB_CHART_PAD, LAB_CHART_PAD, width - 2 * LAB_CHART_PAD);
  lab_chart_draw_text (&ctx, _("tasks"), LAB_CHART_PAD, l->units_y, 0, 0, 0.7);
  lab_chart_draw_y_axis (&ctx, &l->plot, &l->count, 0, TRUE, lab_chart_format_number);
  draw_log_axis (&ctx, l);
  lab_chart_draw_frame (&ctx, &l->plot);

  if (l->total == 0)
    {
      lab_chart_draw_message (&ctx, &l->plot, _("No tasks have ended yet"));
      goto out;
    }

  cairo_save (cr);
  lab_chart_set_color (cr, &style->accent, style->high_contrast ? 1.0 : 0.85);
  for (guint i = 0; i < l->n_bars; i++)
    {
      double lo, hi, x0, x1, y;

      if (l->bars[i] == 0)
        continue;
      bar_bounds (l, i, &lo, &hi);
      x0 = round (x_for_us (l, lo));
      x1 = round (x_for_us (l, hi));
      y = round (lab_chart_axis_map (&l->count, l->bars[i], bottom, l->plot.y));
      /* a bar of a single task is still visible */
      y = MIN (y, bottom - 1);
      cairo_rectangle (cr, x0 + 1, y, MAX (1, x1 - x0 - 1), bottom - y);
    }
  cairo_fill (cr);
  cairo_restore (cr);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *value = lab_chart_format_duration (l->percentiles[i]);
      g_autofree char *label = g_strdup_printf ("p%g %s", percentile_ranks[i], value);
      double x = round (x_for_us (l, l->percentiles[i])) + 0.5;
      double w = lab_chart_text_width (&ctx, label);
      double anchor = x + w + 3 > l->plot.x + l->plot.width ? 1 : 0;
      double lx = anchor == 1 ? x - 3 : x + 3;

      cairo_save (cr);
      lab_chart_set_color (cr, percentile_color (style, i), 1.0);
      cairo_set_line_width (cr, style->high_contrast ? 2 : 1.5);
      cairo_set_dash (cr, (double[]) { 4, 2 }, 2, 0);
      cairo_move_to (cr, x, l->plot.y);
      cairo_line_to (cr, x, bottom);
      cairo_stroke (cr);
      cairo_restore (cr);

      /* stagger labels that would overlap */
      if (MIN (lx, lx - w * anchor) < label_end + 4)
        label_row++;
      else
        label_row = 0;
      lab_chart_draw_text (&ctx, label, lx, l->plot.y + 2 + label_row * ctx.line_height, anchor, 0, 0.85);
      label_end = MAX (lx, lx + w * (1 - anchor));
    }

out:
  lab_chart_context_clear (&ctx);
  g_free (l);
}

char *
lab_chart_describe_latency_at (const LabHistogram  *histogram,
                               int                  width,
                               int                  height,
                               const LabChartStyle *style,
                               double               x,
                               double               y)
{
  g_autoptr(GString) text = NULL;
  g_autofree LatencyLayout *l = g_new (LatencyLayout, 1);
  g_autofree char *lo_text = NULL;
  g_autofree char *hi_text = NULL;
  LabChartContext ctx;
  cairo_t *cr;
  double lo, hi;
  guint bar;

  g_return_val_if_fail (histogram != NULL && style != NULL, NULL);

  cr = lab_chart_measure_cairo_new ();
  lab_chart_context_init (&ctx, cr, style);
  latency_layout (&ctx, histogram, width, height, l);
  lab_chart_context_clear (&ctx);
  cairo_destroy (cr);

  if (l->total == 0 ||
      x < l->plot.x || x > l->plot.x + l->plot.width ||
      y < l->plot.y || y > l->plot.y + l->plot.height)
    return NULL;

  bar = (guint) CLAMP ((x - l->plot.x) / l->plot.width * l->n_bars, 0, l->n_bars - 1);
  bar_bounds (l, bar, &lo, &hi);
  lo_text = lab_chart_format_duration (lo);
  hi_text = lab_chart_format_duration (hi);

  text = g_string_new (NULL);
  /* Translators: latency bucket, e.g. "1.2 ms – 1.3 ms: 42 tasks (3.1%)" */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s – %s: %lu task (%.1f%%)", "%s – %s: %lu tasks (%.1f%%)",
                                             l->bars[bar]),
                          lo_text, hi_text, (gulong) l->bars[bar], 100.0 * l->bars[bar] / l->total);

  for (guint i = 0; i < 3; i++)
    {
      if (fabs (x_for_us (l, l->percentiles[i]) - x) <= 4)
        {
          g_autofree char *value = lab_chart_format_duration (l->percentiles[i]);
          g_string_append_printf (text, "\np%g: %s", percentile_ranks[i], value);
        }
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}
