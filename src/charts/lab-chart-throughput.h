/* lab-chart-throughput.h: throughput and CPU utilisation over time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "lab-chart-style.h"
#include "lab-series-model.h"

G_BEGIN_DECLS

/* Tasks/s (and bytes/s for url, in a panel below) on the left axis, CPU
 * utilisation in cores on the right axis with the core count as a reference
 * line; the pool start-up is shaded. */
void  lab_chart_draw_throughput        (cairo_t              *cr,
                                        const LabSeriesModel *model,
                                        int                   width,
                                        int                   height,
                                        const LabChartStyle  *style);
/* The values under (x, y), for a tooltip, or NULL outside the plot. */
char *lab_chart_describe_throughput_at (const LabSeriesModel *model,
                                        int                   width,
                                        int                   height,
                                        const LabChartStyle  *style,
                                        double                x,
                                        double                y);

G_END_DECLS
