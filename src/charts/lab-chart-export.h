/* lab-chart-export.h: a run's charts, or its whole dashboard, as a PNG or
 * SVG image, drawn by the same functions as the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "lab-chart-style.h"
#include "lab-run.h"

G_BEGIN_DECLS

/* Which chart: the window's four, or all of them as the dashboard. */
typedef enum
{
  LAB_CHART_THROUGHPUT,
  LAB_CHART_IN_FLIGHT,
  LAB_CHART_LATENCY,
  LAB_CHART_TIMELINE,
  LAB_CHART_ALL,
} LabChartKind;

typedef enum
{
  LAB_IMAGE_PNG,
  LAB_IMAGE_SVG,
} LabImageFormat;

/* Image sizes accepted, in pixels, each side */
#define LAB_CHART_EXPORT_MIN_SIZE 100
#define LAB_CHART_EXPORT_MAX_SIZE 10000

/* The command line's names: throughput, inflight, latency, timeline, all. */
const char *lab_chart_kind_to_string       (LabChartKind     kind);
gboolean    lab_chart_kind_from_string     (const char      *str,
                                            LabChartKind    *kind);
/* "Throughput and CPU use", … "Dashboard", for people. */
const char *lab_chart_kind_get_title       (LabChartKind     kind);
/* "png", "svg": the names and the file extensions */
const char *lab_image_format_to_string     (LabImageFormat   format);
gboolean    lab_image_format_from_string   (const char      *str,
                                            LabImageFormat  *format);

/* 1200×800 for the dashboard, 1200×360 for one chart; the timeline is as
 * tall as its lanes need (180 to 720). @run may be NULL. */
void        lab_chart_export_default_size  (LabRun          *run,
                                            LabChartKind     kind,
                                            int             *width,
                                            int             *height);
/* FALSE with LAB_ERROR_INVALID_OPTION naming "<prefix>width" or
 * "<prefix>height" when a side is outside the accepted range. */
gboolean    lab_chart_export_check_size    (int              width,
                                            int              height,
                                            const char      *prefix,
                                            GError         **error);

/* Draws @kind of @run on @cr in (0, 0, @width, @height), background
 * included, as lab_chart_export_run() does. */
void        lab_chart_export_draw          (cairo_t             *cr,
                                            LabRun              *run,
                                            LabChartKind         kind,
                                            int                  width,
                                            int                  height,
                                            const LabChartStyle *style);

/* Draws @kind of @run at @width × @height pixels with @style (NULL: the
 * light default; its background is always painted) and writes it to
 * @stream as @format. Fails with LAB_ERROR_INVALID_OPTION for a bad size,
 * G_IO_ERROR_CANCELLED, or the stream's own error. */
gboolean    lab_chart_export_run           (LabRun              *run,
                                            LabChartKind         kind,
                                            LabImageFormat       format,
                                            int                  width,
                                            int                  height,
                                            const LabChartStyle *style,
                                            GOutputStream       *stream,
                                            GCancellable        *cancellable,
                                            GError             **error);

G_END_DECLS
