/* lab-chart-timeline-private.h: the lanes of a timeline, shared by the
 * single timeline and the stacked ones of a comparison
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-chart-private.h"
#include "lab-timeline-model.h"

G_BEGIN_DECLS

#define LAB_TIMELINE_MAX_LANE_HEIGHT 40.0

typedef struct
{
  LabChartRect plot;            /* the lanes; its height is n_rows × row_height */
  double       end_s;           /* the time at the plot's right edge */
  guint        n_lanes;
  guint        n_rows;          /* pixel rows of lanes */
  guint        lanes_per_row;   /* > 1 when lanes are thinner than a pixel */
  double       row_height;
} LabTimelineLanes;

/* Lays out @n_lanes lanes at (x, y), @width wide, in at most @available
 * pixels of height and at most @max_lane_height per lane. */
void   lab_timeline_lanes_init  (LabTimelineLanes       *lanes,
                                 guint                   n_lanes,
                                 double                  x,
                                 double                  y,
                                 double                  width,
                                 double                  available,
                                 double                  max_lane_height,
                                 double                  end_s);
/* The width of the lane labels left of the plot. */
double lab_timeline_lanes_label_width (LabChartContext  *ctx,
                                       guint             n_lanes);
/* Lane labels, alternate shading and the task bars, clipped to the plot. */
void   lab_timeline_lanes_draw  (LabChartContext        *ctx,
                                 const LabTimelineModel *model,
                                 const LabTimelineLanes *lanes);
/* The legend's keys (LAB_TIMELINE_N_CHANNELS at most) for @models: ok,
 * then the other channels that occur in any of them. */
guint  lab_timeline_legend_keys (LabChartContext               *ctx,
                                 const LabTimelineModel *const *models,
                                 guint                          n_models,
                                 LabChartKey                   *keys);

G_END_DECLS
