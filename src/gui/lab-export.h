/* lab-export.h: a run written to a file — JSON snapshot, CSV, Markdown,
 * or a PNG/SVG image of a chart or the dashboard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lab-chart-export.h"
#include "lab-run.h"

G_BEGIN_DECLS

typedef enum
{
  LAB_EXPORT_JSON,
  LAB_EXPORT_CSV,
  LAB_EXPORT_MARKDOWN,
  LAB_EXPORT_PNG,
  LAB_EXPORT_SVG,
} LabExportFormat;

/* "json", "csv", "markdown", "png", "svg" */
const char *lab_export_format_to_string     (LabExportFormat  format);
gboolean    lab_export_format_from_string   (const char      *str,
                                             LabExportFormat *format);
/* "json", "csv", "md", "png", "svg" */
const char *lab_export_format_get_extension (LabExportFormat  format);
gboolean    lab_export_format_is_image      (LabExportFormat  format);

/* "primes-threads-2w-2026-11-25-1402.json"; an image of one chart ends
 * "-timeline.png". */
char       *lab_export_suggest_name         (LabRun          *run,
                                             LabExportFormat  format,
                                             LabChartKind     chart);
/* What a toast says when the export ended: "Exported NAME" or why not. */
char       *lab_export_describe_outcome     (GFile           *file,
                                             const GError    *error);

/* Writes @run to @file on a thread, atomically (a temporary file renamed
 * over @file: a failed write leaves an older @file as it was). Images are
 * drawn with @style (copied) at @scale times their default size. */
void        lab_export_write_async          (LabRun              *run,
                                             GFile               *file,
                                             LabExportFormat      format,
                                             LabChartKind         chart,
                                             const LabChartStyle *style,
                                             int                  scale,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    lab_export_write_finish         (GAsyncResult        *result,
                                             GError             **error);

G_END_DECLS
