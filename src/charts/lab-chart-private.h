/* lab-chart-private.h: what the chart drawing functions share: text, axes,
 * legends and number formatting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "lab-chart-style.h"

G_BEGIN_DECLS

#define LAB_CHART_PAD        6.0
#define LAB_CHART_MAX_TICKS  16

typedef struct
{
  double x, y, width, height;
} LabChartRect;

typedef struct
{
  cairo_t             *cr;
  const LabChartStyle *style;
  PangoLayout         *layout;
  double               line_height;   /* one line of text */
} LabChartContext;

typedef enum
{
  LAB_CHART_KEY_LINE,
  LAB_CHART_KEY_DASHED,
  LAB_CHART_KEY_BOX,
} LabChartKeyKind;

typedef struct
{
  const char      *label;
  LabChartColor    color;
  LabChartKeyKind  kind;
} LabChartKey;

/* A linear axis from min to max, max rounded up to a "nice" tick. */
typedef struct
{
  double min, max, step;
  double ticks[LAB_CHART_MAX_TICKS];
  guint  n_ticks;
} LabChartAxis;

void     lab_chart_context_init      (LabChartContext       *ctx,
                                      cairo_t               *cr,
                                      const LabChartStyle   *style);
void     lab_chart_context_clear     (LabChartContext       *ctx);
/* A cairo context on a 1×1 surface, to lay a chart out without drawing it
 * (for hit testing: the layout is the same as when drawing). */
cairo_t *lab_chart_measure_cairo_new (void);

void     lab_chart_set_color         (cairo_t               *cr,
                                      const LabChartColor   *color,
                                      double                 alpha);
void     lab_chart_fill_background   (LabChartContext       *ctx,
                                      int                    width,
                                      int                    height);
double   lab_chart_text_width        (LabChartContext       *ctx,
                                      const char            *text);
/* Draws @text with its anchor at (x, y): xalign/yalign 0 = left/top,
 * 0.5 = centre, 1 = right/bottom. */
void     lab_chart_draw_text         (LabChartContext       *ctx,
                                      const char            *text,
                                      double                 x,
                                      double                 y,
                                      double                 xalign,
                                      double                 yalign,
                                      double                 alpha);
double   lab_chart_legend_height     (LabChartContext       *ctx,
                                      const LabChartKey     *keys,
                                      guint                  n_keys,
                                      double                 width);
void     lab_chart_draw_legend       (LabChartContext       *ctx,
                                      const LabChartKey     *keys,
                                      guint                  n_keys,
                                      double                 x,
                                      double                 y,
                                      double                 width);
void     lab_chart_draw_message      (LabChartContext       *ctx,
                                      const LabChartRect    *plot,
                                      const char            *message);

void     lab_chart_axis_init         (LabChartAxis          *axis,
                                      double                 min,
                                      double                 max,
                                      guint                  max_ticks);
/* The same, but the axis ends at @max itself (time axes: no empty space
 * after the end of a run); the ticks are the nice values up to it. */
void     lab_chart_axis_init_exact   (LabChartAxis          *axis,
                                      double                 min,
                                      double                 max,
                                      guint                  max_ticks);
double   lab_chart_axis_map          (const LabChartAxis    *axis,
                                      double                 value,
                                      double                 from,
                                      double                 to);
/* Horizontal grid lines and tick labels of @axis along the plot's left
 * (side 0) or right (side 1) edge. */
void     lab_chart_draw_y_axis       (LabChartContext       *ctx,
                                      const LabChartRect    *plot,
                                      const LabChartAxis    *axis,
                                      int                    side,
                                      gboolean               grid,
                                      char                *(*format) (double value));
/* Vertical grid lines and labels of a time axis in seconds below the plot. */
void     lab_chart_draw_time_axis    (LabChartContext       *ctx,
                                      const LabChartRect    *plot,
                                      const LabChartAxis    *axis);
double   lab_chart_y_axis_width      (LabChartContext       *ctx,
                                      const LabChartAxis    *axis,
                                      char                *(*format) (double value));
void     lab_chart_draw_frame        (LabChartContext       *ctx,
                                      const LabChartRect    *plot);
/* Max ticks that fit along @length with some room per label. */
guint    lab_chart_ticks_for_length  (LabChartContext       *ctx,
                                      double                 length,
                                      gboolean               horizontal);

char    *lab_chart_format_number     (double                 value);
char    *lab_chart_format_seconds    (double                 seconds);
char    *lab_chart_format_duration   (double                 us);
char    *lab_chart_format_bytes      (double                 bytes);

G_END_DECLS
