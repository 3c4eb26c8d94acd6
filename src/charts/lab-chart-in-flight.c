/* lab-chart-in-flight.c
 *
 * Tasks in flight: the mean number of running tasks in each 100 ms bin (the
 * bin's busy time over its width), against the worker count.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lab-chart-in-flight.h"
#include "lab-chart-series-private.h"

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

  max = MAX (model->workers, lab_chart_series_max (model, lab_chart_series_bin_in_flight)) * 1.1;
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
  lab_chart_series_draw_startup (&ctx, &l.plot, &l.time, model);
  lab_chart_draw_y_axis (&ctx, &l.plot, &l.count, 0, TRUE, lab_chart_format_number);
  lab_chart_draw_time_axis (&ctx, &l.plot, &l.time);
  lab_chart_draw_frame (&ctx, &l.plot);

  workers_label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u worker", "%u workers", model->workers),
                                   model->workers);
  lab_chart_series_draw_reference (&ctx, &l.plot, &l.count, model->workers, &style->foreground, workers_label);

  if (model->bins->len == 0 || model->elapsed_us <= 0)
    lab_chart_draw_message (&ctx, &l.plot, _("No tasks have ended yet"));
  else
    lab_chart_series_plot (&ctx, &l.plot, &l.time, &l.count,
                           model, lab_chart_series_bin_in_flight, &style->accent, TRUE);

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
      (index = lab_chart_series_bin_at_x (model, &l.plot, &l.time, x)) < 0)
    return NULL;

  span = lab_chart_series_describe_bin_time (model, index);
  return g_strdup_printf (_("%s\n%.2f tasks in flight on average (%u workers)"),
                          span, lab_chart_series_bin_in_flight (model, index), model->workers);
}
