/* lab-chart-sweep.c
 *
 * Measures against the worker count on a log2 axis (1, 2, 4, … are evenly
 * spaced): each point the mean of its runs with a ± σ whisker, joined by a
 * line. The speedup chart adds what the points are measured against: the
 * ideal min(workers, cores), the fitted Amdahl curve for CPU work, and for
 * I/O the worker count past which more workers stopped paying.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lab-chart-private.h"
#include "lab-chart-sweep.h"

#define CURVE_SAMPLES 96
#define POINT_RADIUS  3.5

typedef enum
{
  SWEEP_THROUGHPUT,
  SWEEP_LATENCY,
  SWEEP_SPEEDUP,
} SweepMeasure;

typedef struct
{
  LabChartRect plot;
  LabChartAxis y;
  double       x_min, x_max;   /* log2 of workers */
} SweepLayout;

void
lab_sweep_chart_model_init (LabSweepChartModel *model,
                            LabSweep           *sweep)
{
  *model = (LabSweepChartModel) { 0 };
  model->n_points = lab_sweep_get_n_points (sweep);
  model->points = g_new0 (LabSweepPoint, MAX (model->n_points, 1));
  for (guint i = 0; i < model->n_points; i++)
    lab_sweep_get_point (sweep, i, &model->points[i]);
  lab_sweep_get_fit (sweep, &model->fit);
  model->saturation_workers = lab_sweep_get_saturation_workers (sweep);
  model->cores = lab_sweep_get_cores (sweep);
  model->cpu_work = lab_sweep_get_base (sweep)->workload == LAB_WORKLOAD_PRIMES;
}

void
lab_sweep_chart_model_clear (LabSweepChartModel *model)
{
  g_clear_pointer (&model->points, g_free);
  model->n_points = 0;
}

static double
x_of (const SweepLayout *l,
      double             workers)
{
  return l->plot.x + (log2 (workers) - l->x_min) / (l->x_max - l->x_min) * l->plot.width;
}

static double
y_of (const SweepLayout *l,
      double             value)
{
  return lab_chart_axis_map (&l->y, value, l->plot.y + l->plot.height, l->plot.y);
}

static void
point_value (const LabSweepPoint *p,
             SweepMeasure         measure,
             double              *value,
             double              *sigma)
{
  const LabStat *stat = NULL;

  *value = *sigma = NAN;
  if (p->n_used == 0)
    return;

  switch (measure)
    {
    case SWEEP_THROUGHPUT: stat = &p->throughput_per_second; break;
    case SWEEP_LATENCY:    stat = &p->latency_p99_ms; break;
    case SWEEP_SPEEDUP:
      *value = p->speedup;
      *sigma = isfinite (p->speedup_stddev) ? p->speedup_stddev : 0;
      return;
    default:
      g_assert_not_reached ();
    }

  *value = stat->mean;
  *sigma = stat->n > 1 && isfinite (stat->stddev) ? stat->stddev : 0;
}

static double
ideal_at (const LabSweepChartModel *model,
          double                    workers)
{
  return model->cpu_work && model->cores > 0 ? MIN (workers, model->cores) : workers;
}

static double
amdahl_at (const LabAmdahlFit *fit,
           double              workers)
{
  return 1.0 / (fit->serial_fraction + (1 - fit->serial_fraction) / workers);
}

static char *
format_ms_axis (double ms)
{
  return g_strdup_printf (_("%g ms"), round (ms * 1000) / 1000);
}

static char *
format_times_axis (double value)
{
  return g_strdup_printf (_("%g×"), round (value * 1000) / 1000);
}

static void
draw_curve (LabChartContext          *ctx,
            const SweepLayout        *l,
            const LabSweepChartModel *model,
            gboolean                  amdahl,
            const LabChartColor      *color,
            gboolean                  dashed)
{
  cairo_t *cr = ctx->cr;

  cairo_save (cr);
  cairo_rectangle (cr, l->plot.x, l->plot.y, l->plot.width, l->plot.height);
  cairo_clip (cr);
  lab_chart_set_color (cr, color, 1.0);
  cairo_set_line_width (cr, dashed ? 2 : ctx->style->line_width);
  if (dashed)
    cairo_set_dash (cr, (double[]) { 4, 3 }, 2, 0);
  for (guint i = 0; i <= CURVE_SAMPLES; i++)
    {
      double workers = exp2 (l->x_min + (l->x_max - l->x_min) * i / CURVE_SAMPLES);
      double value = amdahl ? amdahl_at (&model->fit, workers) : ideal_at (model, workers);

      if (i == 0)
        cairo_move_to (cr, x_of (l, workers), y_of (l, value));
      else
        cairo_line_to (cr, x_of (l, workers), y_of (l, value));
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_x_axis (LabChartContext          *ctx,
             const SweepLayout        *l,
             const LabSweepChartModel *model)
{
  double last_right = -G_MAXDOUBLE;
  double bottom = l->plot.y + l->plot.height;

  for (guint i = 0; i < model->n_points; i++)
    {
      g_autofree char *label = g_strdup_printf ("%u", model->points[i].workers);
      double x = x_of (l, model->points[i].workers);
      double w = lab_chart_text_width (ctx, label);

      if (x - w / 2 < last_right + 4)
        continue;
      lab_chart_draw_text (ctx, label, x, bottom + 2, 0.5, 0, 0.7);
      last_right = x + w / 2;
    }
  lab_chart_draw_text (ctx, _("workers"), l->plot.x + l->plot.width, bottom + 2 + ctx->line_height, 1, 0, 0.6);
}

static void
draw_sweep (cairo_t                  *cr,
            const LabSweepChartModel *model,
            SweepMeasure              measure,
            int                       width,
            int                       height,
            const LabChartStyle      *style)
{
  static const char *titles[] = {
    [SWEEP_THROUGHPUT] = N_("Throughput against workers (tasks/s, mean ± σ)"),
    [SWEEP_LATENCY] = N_("p99 latency against workers (mean ± σ)"),
    [SWEEP_SPEEDUP] = N_("Speedup against workers (mean ± σ)"),
  };
  char *(*format) (double) = measure == SWEEP_THROUGHPUT ? lab_chart_format_number
                           : measure == SWEEP_LATENCY ? format_ms_axis : format_times_axis;
  LabChartColor color = measure == SWEEP_LATENCY ? style->secondary : style->accent;
  LabChartContext ctx;
  LabChartKey keys[4];
  SweepLayout l = { 0 };
  guint n_keys = 0, used = 0;
  gboolean show_fit = measure == SWEEP_SPEEDUP && model->fit.valid;
  gboolean show_saturation = measure != SWEEP_LATENCY && model->saturation_workers > 0;
  double max = 0, top, legend, axis_width, bottom, span;
  gboolean have_path = FALSE;

  lab_chart_context_init (&ctx, cr, style);
  lab_chart_fill_background (&ctx, width, height);
  lab_chart_draw_text (&ctx, _(titles[measure]), LAB_CHART_PAD, LAB_CHART_PAD, 0, 0, 0.8);

  for (guint i = 0; i < model->n_points; i++)
    {
      double value, sigma;

      point_value (&model->points[i], measure, &value, &sigma);
      if (!isfinite (value))
        continue;
      used++;
      max = MAX (max, value + sigma);
    }

  if (used == 0)
    {
      LabChartRect all = { 0, 0, width, height };

      lab_chart_draw_message (&ctx, &all, model->n_points == 0 ? _("No sweep to show")
                                                               : _("No finished runs in this sweep yet"));
      lab_chart_context_clear (&ctx);
      return;
    }

  keys[n_keys++] = (LabChartKey) { _("measured"), color, LAB_CHART_KEY_LINE };
  if (measure == SWEEP_SPEEDUP)
    {
      keys[n_keys] = (LabChartKey) { model->cpu_work ? _("ideal: min(workers, cores)") : _("ideal: workers"),
                                     style->foreground, LAB_CHART_KEY_DASHED };
      keys[n_keys++].color.alpha *= 0.7;
    }
  if (show_fit)
    keys[n_keys++] = (LabChartKey) { _("Amdahl fit"), style->secondary, LAB_CHART_KEY_LINE };
  if (show_saturation)
    {
      keys[n_keys] = (LabChartKey) { _("saturation"), style->foreground, LAB_CHART_KEY_DASHED };
      keys[n_keys++].color.alpha *= 0.5;
    }

  top = LAB_CHART_PAD + ctx.line_height + 2;
  legend = lab_chart_legend_height (&ctx, keys, n_keys, width - 2 * LAB_CHART_PAD);
  lab_chart_draw_legend (&ctx, keys, n_keys, LAB_CHART_PAD, top, width - 2 * LAB_CHART_PAD);
  top += legend + 4 + ctx.line_height / 2;
  bottom = height - LAB_CHART_PAD - 2 * ctx.line_height - 2;

  l.x_min = log2 (model->points[0].workers);
  l.x_max = log2 (model->points[model->n_points - 1].workers);
  span = l.x_max - l.x_min;
  l.x_min -= span > 0 ? span * 0.06 : 1;
  l.x_max += span > 0 ? span * 0.06 : 1;

  if (measure == SWEEP_SPEEDUP)
    {
      max = MAX (max, ideal_at (model, exp2 (l.x_max)));
      if (show_fit)
        max = MAX (max, amdahl_at (&model->fit, exp2 (l.x_max)));
    }
  lab_chart_axis_init (&l.y, 0, max > 0 ? max * 1.05 : 1, lab_chart_ticks_for_length (&ctx, MAX (1, bottom - top), FALSE));
  axis_width = lab_chart_y_axis_width (&ctx, &l.y, format);
  l.plot = (LabChartRect) { LAB_CHART_PAD + axis_width, top,
                            MAX (1, width - 3 * LAB_CHART_PAD - axis_width), MAX (1, bottom - top) };

  lab_chart_draw_y_axis (&ctx, &l.plot, &l.y, 0, TRUE, format);
  draw_x_axis (&ctx, &l, model);

  if (measure == SWEEP_SPEEDUP)
    draw_curve (&ctx, &l, model, FALSE, &keys[1].color, TRUE);
  if (show_fit)
    draw_curve (&ctx, &l, model, TRUE, &style->secondary, FALSE);

  if (show_saturation)
    {
      g_autofree char *label = g_strdup_printf (_("stops paying at %u"), model->saturation_workers);
      double x = round (x_of (&l, model->saturation_workers)) + 0.5;

      cairo_save (cr);
      lab_chart_set_color (cr, &style->foreground, 0.5);
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, (double[]) { 4, 3 }, 2, 0);
      cairo_move_to (cr, x, l.plot.y);
      cairo_line_to (cr, x, l.plot.y + l.plot.height);
      cairo_stroke (cr);
      cairo_restore (cr);
      lab_chart_draw_text (&ctx, label, x + 4, l.plot.y + 2, x > l.plot.x + l.plot.width * 0.7 ? 1.05 : 0, 0, 0.7);
    }

  /* the measured line, then whiskers and points over it */
  cairo_save (cr);
  lab_chart_set_color (cr, &color, 1.0);
  cairo_set_line_width (cr, style->line_width);
  for (guint i = 0; i < model->n_points; i++)
    {
      double value, sigma;

      point_value (&model->points[i], measure, &value, &sigma);
      if (!isfinite (value))
        continue;
      if (!have_path)
        cairo_move_to (cr, x_of (&l, model->points[i].workers), y_of (&l, value));
      else
        cairo_line_to (cr, x_of (&l, model->points[i].workers), y_of (&l, value));
      have_path = TRUE;
    }
  cairo_stroke (cr);

  for (guint i = 0; i < model->n_points; i++)
    {
      double value, sigma, x;

      point_value (&model->points[i], measure, &value, &sigma);
      if (!isfinite (value))
        continue;
      x = x_of (&l, model->points[i].workers);
      if (sigma > 0)
        {
          double y0 = round (y_of (&l, MAX (0, value - sigma))) + 0.5;
          double y1 = round (y_of (&l, value + sigma)) + 0.5;

          cairo_set_line_width (cr, 1.5);
          cairo_move_to (cr, round (x) + 0.5, y0);
          cairo_line_to (cr, round (x) + 0.5, y1);
          cairo_move_to (cr, round (x) - 3, y0);
          cairo_line_to (cr, round (x) + 4, y0);
          cairo_move_to (cr, round (x) - 3, y1);
          cairo_line_to (cr, round (x) + 4, y1);
          cairo_stroke (cr);
        }
      cairo_arc (cr, x, y_of (&l, value), POINT_RADIUS, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  cairo_restore (cr);

  lab_chart_draw_frame (&ctx, &l.plot);
  lab_chart_context_clear (&ctx);
}

void
lab_chart_draw_sweep_throughput (cairo_t                  *cr,
                                 const LabSweepChartModel *model,
                                 int                       width,
                                 int                       height,
                                 const LabChartStyle      *style)
{
  g_return_if_fail (cr != NULL && model != NULL && style != NULL);
  draw_sweep (cr, model, SWEEP_THROUGHPUT, width, height, style);
}

void
lab_chart_draw_sweep_latency (cairo_t                  *cr,
                              const LabSweepChartModel *model,
                              int                       width,
                              int                       height,
                              const LabChartStyle      *style)
{
  g_return_if_fail (cr != NULL && model != NULL && style != NULL);
  draw_sweep (cr, model, SWEEP_LATENCY, width, height, style);
}

void
lab_chart_draw_sweep_speedup (cairo_t                  *cr,
                              const LabSweepChartModel *model,
                              int                       width,
                              int                       height,
                              const LabChartStyle      *style)
{
  g_return_if_fail (cr != NULL && model != NULL && style != NULL);
  draw_sweep (cr, model, SWEEP_SPEEDUP, width, height, style);
}
