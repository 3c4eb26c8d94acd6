/* lab-chart-area.h: a widget that draws one chart function of src/charts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lab-chart-style.h"

G_BEGIN_DECLS

/* Draws the chart on @cr in (0, 0, @width, @height) with @style. */
typedef void (*LabChartAreaDrawFunc) (cairo_t             *cr,
                                      int                  width,
                                      int                  height,
                                      const LabChartStyle *style,
                                      gpointer             user_data);

#define LAB_TYPE_CHART_AREA (lab_chart_area_get_type ())

G_DECLARE_FINAL_TYPE (LabChartArea, lab_chart_area, LAB, CHART_AREA, GtkWidget)

/* @label and @description are for assistive technologies. */
GtkWidget *lab_chart_area_new           (const char            *label,
                                         const char            *description,
                                         int                    natural_height);
void       lab_chart_area_set_draw_func (LabChartArea          *self,
                                         LabChartAreaDrawFunc   func,
                                         gpointer               user_data,
                                         GDestroyNotify         destroy);
void       lab_chart_area_set_natural_height (LabChartArea     *self,
                                              int               height);

/* The colours and font a chart in @widget is drawn with, from its style:
 * accent colour, dark mode, high contrast; the background left to the card. */
void       lab_chart_style_for_widget   (GtkWidget             *widget,
                                         LabChartStyle         *style);

G_END_DECLS
