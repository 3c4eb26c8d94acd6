/* lab-chart-throughput.c
 *
 * Throughput with CPU use over the 100 ms series. Values are per bin; bins
 * that fall on the same pixel column are averaged, so a long run costs no
 * more to draw than the chart is wide.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lab-chart-series-private.h"
#include "lab-chart-throughput.h"

static char *
format_bytes_rate (double value)
{
  return value > 0 ? lab_chart_format_bytes (value) : g_strdup ("0");
}

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

  lab_chart_axis_init (&l->rate, 0, MAX (1, lab_chart_series_max (model, lab_chart_series_bin_rate) * 1.05), y_ticks);
  cpu_max = MAX (model->cores, lab_chart_series_max (model, lab_chart_series_bin_cpu));
  lab_chart_axis_init (&l->cpu, 0, cpu_max * 1.05, MIN (y_ticks, (guint) ceil (cpu_max * 1.05) + 1));
  if (l->has_bytes)
    lab_chart_axis_init (&l->bytes_axis, 0, MAX (1024, lab_chart_series_max (model, lab_chart_series_bin_bytes) * 1.05),
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

  lab_chart_series_draw_startup (&ctx, &l.plot, &l.time, model);
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
  lab_chart_series_draw_reference (&ctx, &l.rates, &l.cpu, model->cores, &style->foreground, cores_label);

  if (model->bins->len == 0 || model->elapsed_us <= 0)
    lab_chart_draw_message (&ctx, &l.rates, _("No tasks have ended yet"));
  else
    {
      lab_chart_series_plot (&ctx, &l.rates, &l.time, &l.rate,
                             model, lab_chart_series_bin_rate, &style->accent, TRUE);
      lab_chart_series_plot (&ctx, &l.rates, &l.time, &l.cpu,
                             model, lab_chart_series_bin_cpu, &style->secondary, FALSE);
      if (l.has_bytes)
        lab_chart_series_plot (&ctx, &l.bytes, &l.time, &l.bytes_axis,
                               model, lab_chart_series_bin_bytes, &style->tertiary, TRUE);
    }

  lab_chart_context_clear (&ctx);
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
      (index = lab_chart_series_bin_at_x (model, &l.plot, &l.time, x)) < 0)
    return NULL;

  span = lab_chart_series_describe_bin_time (model, index);
  text = g_string_new (span);
  g_string_append_printf (text, _("\n%.0f tasks/s"), lab_chart_series_bin_rate (model, index));
  if (model->workload == LAB_WORKLOAD_URL)
    {
      g_autofree char *bytes = lab_chart_format_bytes (lab_chart_series_bin_bytes (model, index));
      g_string_append_printf (text, _("\n%s/s"), bytes);
    }
  cpu = lab_chart_series_bin_cpu (model, index);
  if (isfinite (cpu))
    g_string_append_printf (text, _("\nCPU: %.2f of %u cores busy"), cpu, model->cores);
  if (index * model->bin_width_us < model->startup_us)
    g_string_append_printf (text, _("\nPool start-up until %.3f s"), model->startup_us / 1e6);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

