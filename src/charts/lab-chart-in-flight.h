/* lab-chart-in-flight.h: tasks in flight over time against the worker count
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "lab-chart-style.h"
#include "lab-series-model.h"

G_BEGIN_DECLS

/* Mean tasks in flight per bin against the worker count. */
void  lab_chart_draw_in_flight         (cairo_t              *cr,
                                        const LabSeriesModel *model,
                                        int                   width,
                                        int                   height,
                                        const LabChartStyle  *style);
char *lab_chart_describe_in_flight_at  (const LabSeriesModel *model,
                                        int                   width,
                                        int                   height,
                                        const LabChartStyle  *style,
                                        double                x,
                                        double                y);

G_END_DECLS
