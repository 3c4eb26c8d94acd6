/* lab-report.h: a run for people (text, Markdown) and for spreadsheets (CSV)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lab-format.h"
#include "lab-run.h"

G_BEGIN_DECLS

/* A readable summary for a terminal. */
char     *lab_report_format_text     (LabRun         *run);
gboolean  lab_report_write_text      (LabRun         *run,
                                      GOutputStream  *stream,
                                      GError        **error);
/* A summary table. */
char     *lab_report_format_markdown (LabRun         *run);
gboolean  lab_report_write_markdown  (LabRun         *run,
                                      GOutputStream  *stream,
                                      GError        **error);
/* A header and one row per task, in index order (RFC 4180 quoting, CRLF). */
gboolean  lab_report_write_csv       (LabRun         *run,
                                      GOutputStream  *stream,
                                      GError        **error);

/* One line describing what was run: "primes · threads · 2 workers · …" */
char     *lab_report_describe_config (const LabConfig *config);

G_END_DECLS
