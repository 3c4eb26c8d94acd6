/* lab-chart-timelines.c
 *
 * The worker timelines of several runs stacked on one time axis, so that
 * a run that took half as long looks half as long. Each run gets a band
 * under its label; bands share the height by their lanes, with lanes no
 * taller than in a single timeline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lab-chart-export-private.h"
#include "lab-chart-timeline.h"
#include "lab-chart-timeline-private.h"

#define MAX_STACKED_LANE_HEIGHT 18.0
#define MIN_BAND_HEIGHT         4.0

void
lab_chart_draw_timelines (cairo_t                       *cr,
                          const LabTimelineModel *const *models,
                          const char *const             *labels,
                          guint                          n_models,
                          int                            width,
                          int                            height,
                          const LabChartStyle           *style)
{
  LabChartKey keys[LAB_TIMELINE_N_CHANNELS];
  g_autofree double *band_height = NULL;
  LabChartContext ctx;
  LabChartRect all;
  LabChartAxis time;
  guint n_keys, total_lanes = 0, max_lanes = 1;
  gint64 end_us = 1000;
  double top, bottom, left, heading, lanes_space, wanted = 0, y;

  g_return_if_fail (cr != NULL && style != NULL);
  g_return_if_fail (n_models == 0 || (models != NULL && labels != NULL));

  lab_chart_context_init (&ctx, cr, style);
  lab_chart_fill_background (&ctx, width, height);

  if (n_models == 0)
    {
      LabChartRect plot = { 0, 0, width, height };

      lab_chart_draw_message (&ctx, &plot, _("No timelines to show"));
      lab_chart_context_clear (&ctx);
      return;
    }

  n_keys = lab_timeline_legend_keys (&ctx, models, n_models, keys);
  lab_chart_draw_legend (&ctx, keys, n_keys, LAB_CHART_PAD, LAB_CHART_PAD, width - 2 * LAB_CHART_PAD);

  for (guint m = 0; m < n_models; m++)
    {
      guint lanes = lab_timeline_model_get_n_lanes (models[m]);

      total_lanes += lanes;
      max_lanes = MAX (max_lanes, lanes);
      end_us = MAX (end_us, lab_timeline_model_get_end (models[m]));
      wanted += lanes * MAX_STACKED_LANE_HEIGHT;
    }

  top = LAB_CHART_PAD + lab_chart_legend_height (&ctx, keys, n_keys, width - 2 * LAB_CHART_PAD) + 2;
  bottom = height - ctx.line_height - LAB_CHART_PAD;
  left = LAB_CHART_PAD + lab_timeline_lanes_label_width (&ctx, max_lanes);
  heading = ctx.line_height + 2;
  lanes_space = MAX (n_models * MIN_BAND_HEIGHT, bottom - top - n_models * heading);

  /* each band its lanes at full height when they fit, else a share by lanes */
  band_height = g_new (double, n_models);
  for (guint m = 0; m < n_models; m++)
    {
      guint lanes = lab_timeline_model_get_n_lanes (models[m]);

      if (wanted <= lanes_space)
        band_height[m] = lanes * MAX_STACKED_LANE_HEIGHT;
      else
        band_height[m] = MAX (MIN_BAND_HEIGHT, floor ((lanes_space - n_models * MIN_BAND_HEIGHT) *
                                                      lanes / total_lanes) + MIN_BAND_HEIGHT);
    }

  lab_chart_axis_init_exact (&time, 0, end_us / 1e6,
                             lab_chart_ticks_for_length (&ctx, width - left - 2 * LAB_CHART_PAD, TRUE));

  /* the shared time axis and its grid under every band */
  y = top;
  for (guint m = 0; m < n_models; m++)
    y += heading + band_height[m];
  all = (LabChartRect) { left, top, MAX (1, width - left - 2 * LAB_CHART_PAD), y - top };
  lab_chart_draw_time_axis (&ctx, &all, &time);

  y = top;
  for (guint m = 0; m < n_models; m++)
    {
      LabTimelineLanes lanes;

      lab_chart_draw_heading (&ctx, labels[m], LAB_CHART_PAD, y, width - 2 * LAB_CHART_PAD, TRUE, 0.85);
      y += heading;

      lab_timeline_lanes_init (&lanes, lab_timeline_model_get_n_lanes (models[m]), left, y,
                               all.width, band_height[m], MAX_STACKED_LANE_HEIGHT, time.max);
      lab_timeline_lanes_draw (&ctx, models[m], &lanes);
      lab_chart_draw_frame (&ctx, &lanes.plot);
      if (lab_timeline_model_get_n_tasks (models[m]) == 0)
        lab_chart_draw_message (&ctx, &lanes.plot, _("No tasks ended"));
      y += band_height[m];
    }

  lab_chart_context_clear (&ctx);
}
