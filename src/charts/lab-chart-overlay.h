/* lab-chart-overlay.h: several runs on one chart, coloured per run: their
 * throughput over time on one axis, their latency distributions (CDF) on
 * another, for comparing runs from the history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "lab-chart-style.h"
#include "lab-histogram.h"
#include "lab-series-model.h"

G_BEGIN_DECLS

typedef struct
{
  const char           *label;     /* the legend's name for the run */
  const LabSeriesModel *series;
  const LabHistogram   *latency;   /* µs */
} LabChartOverlayRun;

/* The colour of run @i (the accent colour first; eight, then again). */
void lab_chart_overlay_get_color       (const LabChartStyle       *style,
                                        guint                      i,
                                        LabChartColor             *color);
/* Tasks/s over each run's own time (all start at 0 s). */
void lab_chart_draw_overlay_throughput (cairo_t                   *cr,
                                        const LabChartOverlayRun  *runs,
                                        guint                      n_runs,
                                        int                        width,
                                        int                        height,
                                        const LabChartStyle       *style);
/* The share of tasks done within each latency, on a log time axis. */
void lab_chart_draw_overlay_latency    (cairo_t                   *cr,
                                        const LabChartOverlayRun  *runs,
                                        guint                      n_runs,
                                        int                        width,
                                        int                        height,
                                        const LabChartStyle       *style);

G_END_DECLS
