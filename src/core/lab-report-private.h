/* lab-report-private.h: what the report files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-report.h"

G_BEGIN_DECLS

/* Writes all of @text and flushes. */
gboolean lab_report_write_string (GOutputStream  *stream,
                                  const char     *text,
                                  GError        **error);

G_END_DECLS
