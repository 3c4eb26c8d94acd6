/* lab-chart-comparison.c
 *
 * Bar charts, one bar per model in the comparison's order and colour, each
 * bar the mean of the model's runs with a ± σ error bar and its value
 * written above. The speedup chart marks the ideal for each model (min
 * of workers and cores for CPU work) and the 1× line of sequential, so a
 * person sees both how fast and how far from the best it could be.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lab-chart-comparison.h"
#include "lab-chart-private.h"

#define MAX_BARS  8
#define MAX_BAR_WIDTH 72.0

typedef struct
{
  const char     *title;
  guint           n;
  const char     *labels[MAX_BARS];
  LabChartColor   colors[MAX_BARS];
  double          values[MAX_BARS];     /* NAN: no runs */
  double          sigmas[MAX_BARS];
  double          ideals[MAX_BARS];     /* NAN: none */
  double          reference;            /* a line across the plot; NAN: none */
  char         *(*format_axis)  (double value);
  char         *(*format_value) (double value);
} Bars;

void
lab_chart_model_color (const LabChartStyle *style,
                       LabModel             model,
                       LabChartColor       *color)
{
  switch (model)
    {
    case LAB_MODEL_SEQUENTIAL:
      *color = style->foreground;
      color->alpha *= 0.45;
      break;
    case LAB_MODEL_THREADS:
      *color = style->accent;
      break;
    case LAB_MODEL_PROCESSES:
      *color = style->secondary;
      break;
    case LAB_MODEL_ASYNC:
    default:
      *color = style->tertiary;
      break;
    }
}

LabModelStats *
lab_chart_comparison_collect (LabComparison *comparison,
                              guint         *n_stats)
{
  guint n = lab_comparison_get_n_models (comparison);
  LabModelStats *stats = g_new0 (LabModelStats, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    lab_comparison_get_stats (comparison, lab_comparison_get_model (comparison, i), &stats[i]);
  *n_stats = n;
  return stats;
}

static char *
format_seconds_value (double seconds)
{
  return lab_chart_format_duration (seconds * 1e6);
}

static char *
format_ms_value (double ms)
{
  return lab_chart_format_duration (ms * 1e3);
}

static char *
format_ms_axis (double ms)
{
  /* Translators: an axis label in milliseconds */
  return g_strdup_printf (_("%g ms"), round (ms * 1000) / 1000);
}

static char *
format_speedup (double value)
{
  /* Translators: a speedup, "2.4×" */
  return g_strdup_printf (_("%.2g×"), value);
}

static char *
format_times_axis (double value)
{
  return g_strdup_printf (_("%g×"), round (value * 1000) / 1000);
}

static char *
format_value_number (double value)
{
  if (fabs (value) >= 1e6)
    return g_strdup_printf ("%.3g M", value / 1e6);
  if (fabs (value) >= 1e4)
    return g_strdup_printf ("%.3g k", value / 1e3);
  if (fabs (value) >= 100)
    return g_strdup_printf ("%.0f", value);
  return g_strdup_printf ("%.3g", value);
}

static void
bars_init (Bars                *bars,
           const char          *title,
           const LabModelStats *stats,
           guint                n_stats,
           const LabChartStyle *style)
{
  *bars = (Bars) { .title = title, .reference = NAN };
  bars->n = MIN (n_stats, MAX_BARS);
  for (guint i = 0; i < bars->n; i++)
    {
      bars->labels[i] = lab_model_to_string (stats[i].model);
      lab_chart_model_color (style, stats[i].model, &bars->colors[i]);
      bars->values[i] = bars->sigmas[i] = bars->ideals[i] = NAN;
    }
}

static void
set_from_stat (Bars          *bars,
               guint          i,
               const LabStat *stat,
               guint          n_used)
{
  if (n_used == 0 || stat->n == 0)
    return;
  bars->values[i] = stat->mean;
  bars->sigmas[i] = stat->n > 1 && isfinite (stat->stddev) ? stat->stddev : 0;
}

static void
draw_error_bar (cairo_t *cr,
                double   x,
                double   y0,
                double   y1,
                double   cap)
{
  cairo_move_to (cr, round (x) + 0.5, y0);
  cairo_line_to (cr, round (x) + 0.5, y1);
  cairo_move_to (cr, round (x - cap) , round (y0) + 0.5);
  cairo_line_to (cr, round (x + cap) + 1, round (y0) + 0.5);
  cairo_move_to (cr, round (x - cap), round (y1) + 0.5);
  cairo_line_to (cr, round (x + cap) + 1, round (y1) + 0.5);
}

static void
draw_bars (LabChartContext    *ctx,
           const Bars         *bars,
           const LabChartRect *area)
{
  cairo_t *cr = ctx->cr;
  LabChartAxis axis;
  LabChartRect plot;
  double max = 0, top, bottom, axis_width, slot;

  for (guint i = 0; i < bars->n; i++)
    {
      if (isfinite (bars->values[i]))
        max = MAX (max, bars->values[i] + bars->sigmas[i]);
      if (isfinite (bars->ideals[i]))
        max = MAX (max, bars->ideals[i]);
    }
  if (isfinite (bars->reference))
    max = MAX (max, bars->reference);

  top = area->y;
  if (bars->title != NULL)
    {
      lab_chart_draw_text (ctx, bars->title, area->x + LAB_CHART_PAD, top, 0, 0, 0.8);
      top += ctx->line_height + 4;
    }
  bottom = area->y + area->height - ctx->line_height - 2;

  /* room above the highest bar for its value */
  lab_chart_axis_init (&axis, 0, max > 0 ? max * 1.15 : 1,
                       lab_chart_ticks_for_length (ctx, MAX (1, bottom - top), FALSE));
  axis_width = lab_chart_y_axis_width (ctx, &axis, bars->format_axis);
  plot = (LabChartRect) { area->x + LAB_CHART_PAD + axis_width, top + ctx->line_height / 2,
                          MAX (1, area->width - 2 * LAB_CHART_PAD - axis_width),
                          MAX (1, bottom - top - ctx->line_height / 2) };

  lab_chart_draw_y_axis (ctx, &plot, &axis, 0, TRUE, bars->format_axis);

  slot = plot.width / MAX (bars->n, 1);
  for (guint i = 0; i < bars->n; i++)
    {
      double centre = plot.x + slot * (i + 0.5);
      double bw = MIN (MAX_BAR_WIDTH, slot * 0.55);
      double value = bars->values[i], sigma = bars->sigmas[i];
      double y_value, y_top;

      if (lab_chart_text_width (ctx, bars->labels[i]) <= slot - 4)
        lab_chart_draw_text (ctx, bars->labels[i], centre, plot.y + plot.height + 2, 0.5, 0, 0.8);
      else
        {
          /* narrow small multiples: "seq.", "thr.", "pro.", "asy." */
          g_autofree char *shortened = g_strdup_printf ("%.3s.", bars->labels[i]);
          lab_chart_draw_text (ctx, shortened, centre, plot.y + plot.height + 2, 0.5, 0, 0.8);
        }

      if (!isfinite (value))
        {
          lab_chart_draw_text (ctx, _("no runs"), centre, plot.y + plot.height - 2, 0.5, 1, 0.5);
          continue;
        }

      y_value = lab_chart_axis_map (&axis, value, plot.y + plot.height, plot.y);
      cairo_save (cr);
      lab_chart_set_color (cr, &bars->colors[i], ctx->style->high_contrast ? 1.0 : 0.85);
      cairo_rectangle (cr, round (centre - bw / 2), round (y_value),
                       round (bw), round (plot.y + plot.height) - round (y_value));
      cairo_fill (cr);
      cairo_restore (cr);

      y_top = y_value;
      if (sigma > 0)
        {
          double y0 = lab_chart_axis_map (&axis, MAX (0, value - sigma), plot.y + plot.height, plot.y);
          double y1 = lab_chart_axis_map (&axis, value + sigma, plot.y + plot.height, plot.y);

          cairo_save (cr);
          lab_chart_set_color (cr, &ctx->style->foreground, 0.9);
          cairo_set_line_width (cr, 1.5);
          draw_error_bar (cr, centre, y0, y1, MAX (3, bw * 0.15));
          cairo_stroke (cr);
          cairo_restore (cr);
          y_top = y1;
        }

      if (isfinite (bars->ideals[i]))
        {
          double y = round (lab_chart_axis_map (&axis, bars->ideals[i], plot.y + plot.height, plot.y)) + 0.5;

          cairo_save (cr);
          lab_chart_set_color (cr, &ctx->style->foreground, 0.8);
          cairo_set_line_width (cr, 2);
          cairo_set_dash (cr, (double[]) { 4, 3 }, 2, 0);
          cairo_move_to (cr, centre - bw / 2 - 6, y);
          cairo_line_to (cr, centre + bw / 2 + 6, y);
          cairo_stroke (cr);
          cairo_restore (cr);
          y_top = MIN (y_top, y - 1);
        }

      {
        g_autofree char *text = bars->format_value (value);
        lab_chart_draw_text (ctx, text, centre, y_top - 2, 0.5, 1, 0.9);
      }
    }

  if (isfinite (bars->reference))
    {
      double y = round (lab_chart_axis_map (&axis, bars->reference, plot.y + plot.height, plot.y)) + 0.5;

      cairo_save (cr);
      lab_chart_set_color (cr, &ctx->style->foreground, 0.6);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, plot.x, y);
      cairo_line_to (cr, plot.x + plot.width, y);
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  lab_chart_draw_frame (ctx, &plot);
}

static gboolean
any_used (const LabModelStats *stats,
          guint                n_stats)
{
  for (guint i = 0; i < n_stats; i++)
    if (stats[i].n_used > 0)
      return TRUE;
  return FALSE;
}

/* Background and the empty message; FALSE when there is nothing to draw. */
static gboolean
begin (LabChartContext     *ctx,
       cairo_t             *cr,
       const LabModelStats *stats,
       guint                n_stats,
       int                  width,
       int                  height,
       const LabChartStyle *style)
{
  LabChartRect all = { 0, 0, width, height };

  lab_chart_context_init (ctx, cr, style);
  lab_chart_fill_background (ctx, width, height);

  if (n_stats == 0 || !any_used (stats, n_stats))
    {
      lab_chart_draw_message (ctx, &all, _("No finished runs to compare yet"));
      return FALSE;
    }
  return TRUE;
}

void
lab_chart_draw_comparison_wall (cairo_t             *cr,
                                const LabModelStats *stats,
                                guint                n_stats,
                                int                  width,
                                int                  height,
                                const LabChartStyle *style)
{
  LabChartContext ctx;
  Bars bars;

  g_return_if_fail (cr != NULL && style != NULL);

  if (begin (&ctx, cr, stats, n_stats, width, height, style))
    {
      LabChartRect area = { 0, LAB_CHART_PAD, width, height - 2 * LAB_CHART_PAD };

      bars_init (&bars, _("Wall time (mean ± σ)"), stats, n_stats, style);
      bars.format_axis = lab_chart_format_seconds;
      bars.format_value = format_seconds_value;
      for (guint i = 0; i < bars.n; i++)
        set_from_stat (&bars, i, &stats[i].wall_seconds, stats[i].n_used);
      draw_bars (&ctx, &bars, &area);
    }
  lab_chart_context_clear (&ctx);
}

void
lab_chart_draw_comparison_speedup (cairo_t             *cr,
                                   const LabModelStats *stats,
                                   guint                n_stats,
                                   int                  width,
                                   int                  height,
                                   const LabChartStyle *style)
{
  LabChartContext ctx;
  LabChartKey keys[2];
  LabChartRect area;
  gboolean has_speedup = FALSE, cores_bound = FALSE;
  double legend;
  Bars bars;

  g_return_if_fail (cr != NULL && style != NULL);

  if (!begin (&ctx, cr, stats, n_stats, width, height, style))
    goto out;

  for (guint i = 0; i < n_stats; i++)
    has_speedup |= stats[i].has_speedup;
  if (!has_speedup)
    {
      LabChartRect all = { 0, 0, width, height };

      lab_chart_draw_message (&ctx, &all, _("No speedup: sequential was not measured"));
      goto out;
    }

  /* CPU work is bounded by the cores; I/O only by the workers */
  for (guint i = 0; i < n_stats; i++)
    cores_bound |= stats[i].ideal_speedup < stats[i].workers;
  keys[0] = (LabChartKey) { cores_bound ? _("ideal: min(workers, cores)") : _("ideal: workers"),
                            style->foreground, LAB_CHART_KEY_DASHED };
  keys[1] = (LabChartKey) { _("1× = sequential"), style->foreground, LAB_CHART_KEY_LINE };
  keys[0].color.alpha *= 0.8;
  keys[1].color.alpha *= 0.6;

  lab_chart_draw_text (&ctx, _("Speedup against sequential, task phase (mean ± σ)"),
                       LAB_CHART_PAD, LAB_CHART_PAD, 0, 0, 0.8);
  legend = lab_chart_legend_height (&ctx, keys, 2, width - 2 * LAB_CHART_PAD);
  lab_chart_draw_legend (&ctx, keys, 2, LAB_CHART_PAD, LAB_CHART_PAD + ctx.line_height + 2, width - 2 * LAB_CHART_PAD);

  area = (LabChartRect) { 0, LAB_CHART_PAD + ctx.line_height + legend + 6, width, 0 };
  area.height = height - area.y - LAB_CHART_PAD;

  bars_init (&bars, NULL, stats, n_stats, style);
  bars.reference = 1;
  bars.format_axis = format_times_axis;
  bars.format_value = format_speedup;
  for (guint i = 0; i < bars.n; i++)
    {
      if (!stats[i].has_speedup || !isfinite (stats[i].speedup))
        continue;
      bars.values[i] = stats[i].speedup;
      bars.sigmas[i] = isfinite (stats[i].speedup_stddev) ? stats[i].speedup_stddev : 0;
      if (stats[i].model != LAB_MODEL_SEQUENTIAL)
        bars.ideals[i] = stats[i].ideal_speedup;
    }
  draw_bars (&ctx, &bars, &area);

out:
  lab_chart_context_clear (&ctx);
}

void
lab_chart_draw_comparison_measures (cairo_t             *cr,
                                    const LabModelStats *stats,
                                    guint                n_stats,
                                    int                  width,
                                    int                  height,
                                    const LabChartStyle *style)
{
  LabChartContext ctx;
  Bars bars[3];
  double third = width / 3.0;

  g_return_if_fail (cr != NULL && style != NULL);

  if (begin (&ctx, cr, stats, n_stats, width, height, style))
    {
      bars_init (&bars[0], _("Throughput (tasks/s)"), stats, n_stats, style);
      bars_init (&bars[1], _("p99 latency"), stats, n_stats, style);
      bars_init (&bars[2], _("CPU use (cores busy)"), stats, n_stats, style);
      bars[0].format_axis = lab_chart_format_number;
      bars[0].format_value = format_value_number;
      bars[1].format_axis = format_ms_axis;
      bars[1].format_value = format_ms_value;
      bars[2].format_axis = lab_chart_format_number;
      bars[2].format_value = format_value_number;

      for (guint i = 0; i < bars[0].n; i++)
        {
          set_from_stat (&bars[0], i, &stats[i].throughput_per_second, stats[i].n_used);
          set_from_stat (&bars[1], i, &stats[i].latency_p99_ms, stats[i].n_used);
          set_from_stat (&bars[2], i, &stats[i].cpu_utilization, stats[i].n_used);
        }

      for (guint k = 0; k < 3; k++)
        {
          LabChartRect area = { floor (k * third), LAB_CHART_PAD, floor (third), height - 2 * LAB_CHART_PAD };
          draw_bars (&ctx, &bars[k], &area);
        }
    }
  lab_chart_context_clear (&ctx);
}
