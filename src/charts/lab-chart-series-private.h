/* lab-chart-series-private.h: what the charts over the time series share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-chart-private.h"
#include "lab-series-model.h"

G_BEGIN_DECLS

typedef double (*LabBinValueFunc) (const LabSeriesModel *model,
                                   guint                 index);

/* Values of one bin (NAN where there is none): tasks/s, bytes/s, cores
 * busy, mean tasks in flight. */
double lab_chart_series_bin_rate          (const LabSeriesModel *model,
                                           guint                 index);
double lab_chart_series_bin_bytes         (const LabSeriesModel *model,
                                           guint                 index);
double lab_chart_series_bin_cpu           (const LabSeriesModel *model,
                                           guint                 index);
double lab_chart_series_bin_in_flight     (const LabSeriesModel *model,
                                           guint                 index);
double lab_chart_series_max               (const LabSeriesModel *model,
                                           LabBinValueFunc       func);
/* One path through the bins: points at bin centres, averaged per pixel
 * column; a single bin is drawn as a level line over its span. */
void   lab_chart_series_plot              (LabChartContext      *ctx,
                                           const LabChartRect   *rect,
                                           const LabChartAxis   *time,
                                           const LabChartAxis   *axis,
                                           const LabSeriesModel *model,
                                           LabBinValueFunc       func,
                                           const LabChartColor  *color,
                                           gboolean              fill);
/* A dashed horizontal line at @value, labelled at its right end. */
void   lab_chart_series_draw_reference    (LabChartContext      *ctx,
                                           const LabChartRect   *rect,
                                           const LabChartAxis   *axis,
                                           double                value,
                                           const LabChartColor  *color,
                                           const char           *label);
/* The pool's start-up, shaded. */
void   lab_chart_series_draw_startup      (LabChartContext      *ctx,
                                           const LabChartRect   *rect,
                                           const LabChartAxis   *time,
                                           const LabSeriesModel *model);
/* The bin under x, or -1. */
int    lab_chart_series_bin_at_x          (const LabSeriesModel *model,
                                           const LabChartRect   *plot,
                                           const LabChartAxis   *time,
                                           double                x);
/* "1.2–1.3 s" */
char  *lab_chart_series_describe_bin_time (const LabSeriesModel *model,
                                           guint                 index);

G_END_DECLS
