/* lab-chart-style.h: colours, font and line widths a chart is drawn with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lab-record.h"

G_BEGIN_DECLS

typedef struct
{
  double red, green, blue, alpha;
} LabChartColor;

/* Plain values, so a chart can be drawn the same way on a widget (which fills
 * this from its CSS: accent colour, dark mode, high contrast) and on an
 * image or SVG surface (which uses lab_chart_style_init()). */
typedef struct
{
  LabChartColor foreground;                    /* text, axes */
  LabChartColor background;                    /* alpha 0: the surface is left as it is */
  LabChartColor accent;                        /* the main series */
  LabChartColor secondary;                     /* CPU utilisation */
  LabChartColor tertiary;                      /* bytes/s */
  LabChartColor status[LAB_N_TASK_STATUSES];   /* timeline bars by task status */
  LabChartColor gil_wait;                      /* simulated GIL: waiting for the lock */
  double        grid_alpha;                    /* foreground alpha of grid lines */
  double        line_width;                    /* series lines, in device units */
  char          font[64];                      /* a Pango font description, e.g. "Cantarell 9" */
  gboolean      high_contrast;                 /* solid fills, stronger grid */
} LabChartStyle;

void lab_chart_style_init (LabChartStyle *self,
                           gboolean       dark);

G_END_DECLS
