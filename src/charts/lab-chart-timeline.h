/* lab-chart-timeline.h: the worker timeline, one lane per worker
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "lab-chart-style.h"
#include "lab-timeline-model.h"

G_BEGIN_DECLS

/* Each task a bar on its worker's lane from start to end, coloured by
 * status; time spent waiting for the simulated GIL shaded in the upper part
 * of the bar. Bars thinner than a pixel are merged; the shade of a merged
 * pixel says how much of it was busy. */
void     lab_chart_draw_timeline (cairo_t                *cr,
                                  const LabTimelineModel *model,
                                  int                     width,
                                  int                     height,
                                  const LabChartStyle    *style);
/* @n_models timelines one above the other on one time axis (the longest
 * run's), each under its label: the worker timelines of a comparison. */
void     lab_chart_draw_timelines (cairo_t                       *cr,
                                   const LabTimelineModel *const *models,
                                   const char *const             *labels,
                                   guint                          n_models,
                                   int                            width,
                                   int                            height,
                                   const LabChartStyle           *style);
/* The lane and time under (x, y), and the time one pixel spans; FALSE
 * outside the lanes. */
gboolean lab_chart_timeline_hit  (const LabTimelineModel *model,
                                  int                     width,
                                  int                     height,
                                  const LabChartStyle    *style,
                                  double                  x,
                                  double                  y,
                                  guint                  *lane,
                                  gint64                 *at_us,
                                  gint64                 *pixel_us);
/* The task of @lane running at @at_us (± @tolerance_us), or NULL. */
const LabTaskRecord *
         lab_chart_timeline_find_task (const LabTaskRecord *records,
                                       gsize                n_records,
                                       guint                lane,
                                       gint64               at_us,
                                       gint64               tolerance_us);

G_END_DECLS
