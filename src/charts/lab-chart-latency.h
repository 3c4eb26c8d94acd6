/* lab-chart-latency.h: the latency histogram, on a log scale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "lab-chart-style.h"
#include "lab-histogram.h"

G_BEGIN_DECLS

/* Tasks per latency bucket (log-spaced, a few pixels wide), with p50, p90
 * and p99 marked. Values of @histogram are µs. */
void  lab_chart_draw_latency        (cairo_t             *cr,
                                     const LabHistogram  *histogram,
                                     int                  width,
                                     int                  height,
                                     const LabChartStyle *style);
char *lab_chart_describe_latency_at (const LabHistogram  *histogram,
                                     int                  width,
                                     int                  height,
                                     const LabChartStyle *style,
                                     double               x,
                                     double               y);

G_END_DECLS
