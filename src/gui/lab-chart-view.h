/* lab-chart-view.h: a live chart of a run, drawn by src/charts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lab-chart-export.h"   /* LabChartKind */
#include "lab-chart-style.h"
#include "lab-run.h"

G_BEGIN_DECLS

#define LAB_TYPE_CHART_KIND (lab_chart_kind_get_type ())
GType lab_chart_kind_get_type (void) G_GNUC_CONST;

#define LAB_TYPE_CHART_VIEW (lab_chart_view_get_type ())

G_DECLARE_FINAL_TYPE (LabChartView, lab_chart_view, LAB, CHART_VIEW, GtkWidget)

GtkWidget    *lab_chart_view_new       (LabChartKind   kind);
LabChartKind  lab_chart_view_get_kind  (LabChartView  *self);
LabRun       *lab_chart_view_get_run   (LabChartView  *self);
void          lab_chart_view_set_run   (LabChartView  *self,
                                        LabRun        *run);
/* Reads what the run has now and redraws (at most once per frame). */
void          lab_chart_view_refresh   (LabChartView  *self);
/* The colours and font the chart is drawn with, from the widget's style. */
void          lab_chart_view_get_style (LabChartView  *self,
                                        LabChartStyle *style);
/* The tooltip text at (x, y), as the tooltip shows it; NULL for none. */
char         *lab_chart_view_describe_at (LabChartView *self,
                                          double        x,
                                          double        y);

G_END_DECLS
