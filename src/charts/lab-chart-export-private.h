/* lab-chart-export-private.h: what the export and the dashboard share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-chart-export.h"
#include "lab-chart-private.h"
#include "lab-histogram.h"
#include "lab-series-model.h"
#include "lab-timeline-model.h"

G_BEGIN_DECLS

/* The charts' models, filled from a run as the window fills its own. */
typedef struct
{
  LabSeriesModel    series;
  LabHistogram     *latency;
  LabTimelineModel *timeline;
} LabChartModels;

void   lab_chart_models_init         (LabChartModels      *models,
                                      LabRun              *run);
void   lab_chart_models_clear        (LabChartModels      *models);
/* One chart (not LAB_CHART_ALL) on (0, 0, width, height). */
void   lab_chart_models_draw         (LabChartModels      *models,
                                      cairo_t             *cr,
                                      LabChartKind         kind,
                                      int                  width,
                                      int                  height,
                                      const LabChartStyle *style);

/* A card as the window's: a slightly lighter (or darker) rounded box. */
void   lab_chart_draw_card           (LabChartContext     *ctx,
                                      const LabChartRect  *card);
/* @text in bold (or not), cut with an ellipsis to @width; returns its height. */
double lab_chart_draw_heading        (LabChartContext     *ctx,
                                      const char          *text,
                                      double               x,
                                      double               y,
                                      double               width,
                                      gboolean             bold,
                                      double               alpha);

/* lab-chart-dashboard.c: the title, the numbers and the four charts. */
void   lab_chart_draw_dashboard      (cairo_t             *cr,
                                      LabRun              *run,
                                      LabChartModels      *models,
                                      int                  width,
                                      int                  height,
                                      const LabChartStyle *style);

G_END_DECLS
