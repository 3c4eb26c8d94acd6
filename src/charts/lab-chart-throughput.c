/* lab-chart-throughput.c
 *
 * Two charts over the same 100 ms series: throughput with CPU use, and tasks
 * in flight. Values are per bin; bins that fall on the same pixel column are
 * averaged, so a long run costs no more to draw than the chart is wide.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lab-chart-private.h"
#include "lab-chart-throughput.h"

typedef double (*BinValueFunc) (const LabSeriesModel *model,
                                guint                 index);

static double
bin_rate (const LabSeriesModel *model,
          guint                 index)
{
  const LabSeriesBin *bin = &g_array_index (model->bins, LabSeriesBin, index);
  gint64 duration = lab_series_model_bin_duration (model, index);

  if (duration <= 0)
    return NAN;
  return (bin->done + bin->failed) / (duration / 1e6);
}

static double
bin_bytes (const LabSeriesModel *model,
           guint                 index)
{
  const LabSeriesBin *bin = &g_array_index (model->bins, LabSeriesBin, index);
  gint64 duration = lab_series_model_bin_duration (model, index);

  if (duration <= 0)
    return NAN;
  return bin->bytes / (duration / 1e6);
}

static double
bin_cpu (const LabSeriesModel *model,
         guint                 index)
{
  return g_array_index (model->bins, LabSeriesBin, index).cpu;
}

static double
bin_in_flight (const LabSeriesModel *model,
               guint                 index)
{
  const LabSeriesBin *bin = &g_array_index (model->bins, LabSeriesBin, index);
  gint64 duration = lab_series_model_bin_duration (model, index);

  if (duration <= 0)
    return NAN;
  return bin->busy / duration;
}

static double
series_max (const LabSeriesModel *model,
            BinValueFunc          func)
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
static void
plot_series (LabChartContext      *ctx,
             const LabChartRect   *rect,
             const LabChartAxis   *time,
             const LabChartAxis   *axis,
             const LabSeriesModel *model,
             BinValueFunc          func,
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

static void
draw_reference (LabChartContext     *ctx,
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

static void
draw_startup (LabChartContext      *ctx,
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

static char *
format_bytes_rate (double value)
{
  return value > 0 ? lab_chart_format_bytes (value) : g_strdup ("0");
}

/* Throughput -------------------------------------------------------------- */

typedef struct
{
  LabChartKey  keys[4];
  guint        n_keys;
  double       legend_height;
  LabChartRect plot;        /* everything between the axes */
  LabChartRect rates;       /* tasks/s and CPU */
  LabChartRect bytes;       /* url: bytes/s, below */
  gboolean     has_bytes;
  LabChartAxis time, rate, cpu, bytes_axis;
  double       units_y;
} ThroughputLayout;

static void
throughput_layout (LabChartContext      *ctx,
                   const LabSeriesModel *model,
                   int                   width,
                   int                   height,
                   ThroughputLayout     *l)
{
  double left, right, top, bottom, cpu_max;
  guint y_ticks;

  *l = (ThroughputLayout) { 0 };
  l->has_bytes = model->workload == LAB_WORKLOAD_URL;

  l->keys[l->n_keys++] = (LabChartKey) { _("tasks/s"), ctx->style->accent, LAB_CHART_KEY_LINE };
  if (l->has_bytes)
    l->keys[l->n_keys++] = (LabChartKey) { _("bytes/s"), ctx->style->tertiary, LAB_CHART_KEY_LINE };
  l->keys[l->n_keys++] = (LabChartKey) { _("CPU (cores busy)"), ctx->style->secondary, LAB_CHART_KEY_LINE };
  l->keys[l->n_keys++] = (LabChartKey) { _("cores"), ctx->style->foreground, LAB_CHART_KEY_DASHED };

  l->legend_height = lab_chart_legend_height (ctx, l->keys, l->n_keys, width - 2 * LAB_CHART_PAD);
  l->units_y = LAB_CHART_PAD + l->legend_height + 2;
  top = l->units_y + ctx->line_height + ctx->line_height / 2;
  bottom = height - ctx->line_height - LAB_CHART_PAD;

  y_ticks = lab_chart_ticks_for_length (ctx, (bottom - top) * (l->has_bytes ? 0.6 : 1.0), FALSE);
  y_ticks = MIN (y_ticks, 6);

  lab_chart_axis_init (&l->rate, 0, MAX (1, series_max (model, bin_rate) * 1.05), y_ticks);
  cpu_max = MAX (model->cores, series_max (model, bin_cpu));
  lab_chart_axis_init (&l->cpu, 0, cpu_max * 1.05, MIN (y_ticks, (guint) ceil (cpu_max * 1.05) + 1));
  if (l->has_bytes)
    lab_chart_axis_init (&l->bytes_axis, 0, MAX (1024, series_max (model, bin_bytes) * 1.05),
                         MAX (2, y_ticks / 2));

  left = LAB_CHART_PAD + lab_chart_y_axis_width (ctx, &l->rate, lab_chart_format_number);
  if (l->has_bytes)
    left = MAX (left, LAB_CHART_PAD + lab_chart_y_axis_width (ctx, &l->bytes_axis, format_bytes_rate));
  right = LAB_CHART_PAD + lab_chart_y_axis_width (ctx, &l->cpu, lab_chart_format_number);

  l->plot = (LabChartRect) { left, top, MAX (1, width - left - right), MAX (1, bottom - top) };
  l->rates = l->plot;
  if (l->has_bytes)
    {
      double gap = ctx->line_height;

      l->rates.height = round ((l->plot.height - gap) * 0.6);
      l->bytes = l->plot;
      l->bytes.y = l->rates.y + l->rates.height + gap;
      l->bytes.height = l->plot.height - l->rates.height - gap;
    }

  lab_chart_axis_init_exact (&l->time, 0, MAX (model->elapsed_us, 1000) / 1e6,
                       lab_chart_ticks_for_length (ctx, l->plot.width, TRUE));
}

void
lab_chart_draw_throughput (cairo_t              *cr,
                           const LabSeriesModel *model,
                           int                   width,
                           int                   height,
                           const LabChartStyle  *style)
{
  LabChartContext ctx;
  ThroughputLayout l;
  g_autofree char *cores_label = NULL;

  g_return_if_fail (cr != NULL && model != NULL && style != NULL);

  lab_chart_context_init (&ctx, cr, style);
  lab_chart_fill_background (&ctx, width, height);
  throughput_layout (&ctx, model, width, height, &l);

  lab_chart_draw_legend (&ctx, l.keys, l.n_keys, LAB_CHART_PAD, LAB_CHART_PAD, width - 2 * LAB_CHART_PAD);
  lab_chart_draw_text (&ctx, _("tasks/s"), LAB_CHART_PAD, l.units_y, 0, 0, 0.7);
  lab_chart_draw_text (&ctx, _("cores"), width - LAB_CHART_PAD, l.units_y, 1, 0, 0.7);

  draw_startup (&ctx, &l.plot, &l.time, model);
  lab_chart_draw_y_axis (&ctx, &l.rates, &l.rate, 0, TRUE, lab_chart_format_number);
  lab_chart_draw_y_axis (&ctx, &l.rates, &l.cpu, 1, FALSE, lab_chart_format_number);
  if (l.has_bytes)
    {
      lab_chart_draw_y_axis (&ctx, &l.bytes, &l.bytes_axis, 0, TRUE, format_bytes_rate);
      lab_chart_draw_frame (&ctx, &l.bytes);
    }
  lab_chart_draw_time_axis (&ctx, &l.plot, &l.time);
  lab_chart_draw_frame (&ctx, &l.rates);

  cores_label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u core", "%u cores", model->cores), model->cores);
  draw_reference (&ctx, &l.rates, &l.cpu, model->cores, &style->foreground, cores_label);

  if (model->bins->len == 0 || model->elapsed_us <= 0)
    lab_chart_draw_message (&ctx, &l.rates, _("No tasks have ended yet"));
  else
    {
      plot_series (&ctx, &l.rates, &l.time, &l.rate, model, bin_rate, &style->accent, TRUE);
      plot_series (&ctx, &l.rates, &l.time, &l.cpu, model, bin_cpu, &style->secondary, FALSE);
      if (l.has_bytes)
        plot_series (&ctx, &l.bytes, &l.time, &l.bytes_axis, model, bin_bytes, &style->tertiary, TRUE);
    }

  lab_chart_context_clear (&ctx);
}

/* The bin under x, or -1. */
static int
bin_at_x (const LabSeriesModel *model,
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

static char *
describe_bin_time (const LabSeriesModel *model,
                   guint                 index)
{
  double begin = index * model->bin_width_us / 1e6;
  double end = begin + lab_series_model_bin_duration (model, index) / 1e6;

  /* Translators: a time span in seconds, e.g. "1.2–1.3 s" */
  return g_strdup_printf (_("%.1f–%.1f s"), begin, end);
}

char *
lab_chart_describe_throughput_at (const LabSeriesModel *model,
                                  int                   width,
                                  int                   height,
                                  const LabChartStyle  *style,
                                  double                x,
                                  double                y)
{
  g_autoptr(GString) text = NULL;
  g_autofree char *span = NULL;
  LabChartContext ctx;
  ThroughputLayout l;
  cairo_t *cr;
  double cpu;
  int index;

  g_return_val_if_fail (model != NULL && style != NULL, NULL);

  cr = lab_chart_measure_cairo_new ();
  lab_chart_context_init (&ctx, cr, style);
  throughput_layout (&ctx, model, width, height, &l);
  lab_chart_context_clear (&ctx);
  cairo_destroy (cr);

  if (y < l.plot.y || y > l.plot.y + l.plot.height ||
      (index = bin_at_x (model, &l.plot, &l.time, x)) < 0)
    return NULL;

  span = describe_bin_time (model, index);
  text = g_string_new (span);
  g_string_append_printf (text, _("\n%.0f tasks/s"), bin_rate (model, index));
  if (model->workload == LAB_WORKLOAD_URL)
    {
      g_autofree char *bytes = lab_chart_format_bytes (bin_bytes (model, index));
      g_string_append_printf (text, _("\n%s/s"), bytes);
    }
  cpu = bin_cpu (model, index);
  if (isfinite (cpu))
    g_string_append_printf (text, _("\nCPU: %.2f of %u cores busy"), cpu, model->cores);
  if (index * model->bin_width_us < model->startup_us)
    g_string_append_printf (text, _("\nPool start-up until %.3f s"), model->startup_us / 1e6);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* In flight ---------------------------------------------------------------- */

typedef struct
{
  LabChartKey  keys[2];
  double       legend_height;
  double       units_y;
  LabChartRect plot;
  LabChartAxis time, count;
} InFlightLayout;

static void
in_flight_layout (LabChartContext      *ctx,
                  const LabSeriesModel *model,
                  int                   width,
                  int                   height,
                  InFlightLayout       *l)
{
  double left, top, bottom, max;

  *l = (InFlightLayout) { 0 };
  l->keys[0] = (LabChartKey) { _("tasks in flight (mean per 100 ms)"), ctx->style->accent, LAB_CHART_KEY_LINE };
  l->keys[1] = (LabChartKey) { _("workers"), ctx->style->foreground, LAB_CHART_KEY_DASHED };

  l->legend_height = lab_chart_legend_height (ctx, l->keys, 2, width - 2 * LAB_CHART_PAD);
  l->units_y = LAB_CHART_PAD + l->legend_height + 2;
  top = l->units_y + ctx->line_height + ctx->line_height / 2;
  bottom = height - ctx->line_height - LAB_CHART_PAD;

  max = MAX (model->workers, series_max (model, bin_in_flight)) * 1.1;
  lab_chart_axis_init (&l->count, 0, max, MIN (lab_chart_ticks_for_length (ctx, bottom - top, FALSE), 6));
  left = LAB_CHART_PAD + lab_chart_y_axis_width (ctx, &l->count, lab_chart_format_number);
  left = MAX (left, LAB_CHART_PAD + lab_chart_text_width (ctx, _("tasks")) / 2);

  l->plot = (LabChartRect) { left, top, MAX (1, width - left - 2 * LAB_CHART_PAD), MAX (1, bottom - top) };
  lab_chart_axis_init_exact (&l->time, 0, MAX (model->elapsed_us, 1000) / 1e6,
                       lab_chart_ticks_for_length (ctx, l->plot.width, TRUE));
}

void
lab_chart_draw_in_flight (cairo_t              *cr,
                          const LabSeriesModel *model,
                          int                   width,
                          int                   height,
                          const LabChartStyle  *style)
{
  g_autofree char *workers_label = NULL;
  LabChartContext ctx;
  InFlightLayout l;

  g_return_if_fail (cr != NULL && model != NULL && style != NULL);

  lab_chart_context_init (&ctx, cr, style);
  lab_chart_fill_background (&ctx, width, height);
  in_flight_layout (&ctx, model, width, height, &l);

  lab_chart_draw_legend (&ctx, l.keys, 2, LAB_CHART_PAD, LAB_CHART_PAD, width - 2 * LAB_CHART_PAD);
  lab_chart_draw_text (&ctx, _("tasks"), LAB_CHART_PAD, l.units_y, 0, 0, 0.7);
  draw_startup (&ctx, &l.plot, &l.time, model);
  lab_chart_draw_y_axis (&ctx, &l.plot, &l.count, 0, TRUE, lab_chart_format_number);
  lab_chart_draw_time_axis (&ctx, &l.plot, &l.time);
  lab_chart_draw_frame (&ctx, &l.plot);

  workers_label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u worker", "%u workers", model->workers),
                                   model->workers);
  draw_reference (&ctx, &l.plot, &l.count, model->workers, &style->foreground, workers_label);

  if (model->bins->len == 0 || model->elapsed_us <= 0)
    lab_chart_draw_message (&ctx, &l.plot, _("No tasks have ended yet"));
  else
    plot_series (&ctx, &l.plot, &l.time, &l.count, model, bin_in_flight, &style->accent, TRUE);

  lab_chart_context_clear (&ctx);
}

char *
lab_chart_describe_in_flight_at (const LabSeriesModel *model,
                                 int                   width,
                                 int                   height,
                                 const LabChartStyle  *style,
                                 double                x,
                                 double                y)
{
  g_autofree char *span = NULL;
  LabChartContext ctx;
  InFlightLayout l;
  cairo_t *cr;
  int index;

  g_return_val_if_fail (model != NULL && style != NULL, NULL);

  cr = lab_chart_measure_cairo_new ();
  lab_chart_context_init (&ctx, cr, style);
  in_flight_layout (&ctx, model, width, height, &l);
  lab_chart_context_clear (&ctx);
  cairo_destroy (cr);

  if (y < l.plot.y || y > l.plot.y + l.plot.height ||
      (index = bin_at_x (model, &l.plot, &l.time, x)) < 0)
    return NULL;

  span = describe_bin_time (model, index);
  return g_strdup_printf (_("%s\n%.2f tasks in flight on average (%u workers)"),
                          span, bin_in_flight (model, index), model->workers);
}
