/* lab-compare-export.h: a comparison or sweep shown on the Compare page,
 * written as JSON, Markdown, CSV, or its charts as PNG or SVG
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lab-chart-style.h"
#include "lab-compare-results.h"

G_BEGIN_DECLS

typedef enum
{
  LAB_COMPARE_EXPORT_JSON,
  LAB_COMPARE_EXPORT_MARKDOWN,
  LAB_COMPARE_EXPORT_CSV,
  LAB_COMPARE_EXPORT_PNG,
  LAB_COMPARE_EXPORT_SVG,
} LabCompareExportFormat;

#define LAB_COMPARE_EXPORT_IMAGE_WIDTH 1200

/* "json", "markdown", "csv", "png", "svg" */
gboolean    lab_compare_export_format_from_string (const char              *name,
                                                   LabCompareExportFormat  *format);
/* The file name extension: "json", "md", "csv", "png", "svg". */
const char *lab_compare_export_format_extension   (LabCompareExportFormat   format);

/* Renders what @results shows on the calling thread (quick: a few charts
 * or a page of text), then writes it to @file on a thread, atomically: a
 * failed write leaves the old file as it was. */
void        lab_compare_export_async              (LabCompareResults       *results,
                                                   LabCompareExportFormat   format,
                                                   GFile                   *file,
                                                   const LabChartStyle     *style,
                                                   GCancellable            *cancellable,
                                                   GAsyncReadyCallback      callback,
                                                   gpointer                 user_data);
gboolean    lab_compare_export_finish             (GAsyncResult            *result,
                                                   GError                 **error);

G_END_DECLS
