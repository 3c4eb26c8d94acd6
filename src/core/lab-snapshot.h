/* lab-snapshot.h: a run written as JSON (DESIGN.md, "The snapshot")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lab-json-writer.h"
#include "lab-run.h"

G_BEGIN_DECLS

#define LAB_SNAPSHOT_FORMAT   "concurrency-lab-snapshot"
#define LAB_SNAPSHOT_VERSION  1

/* Writes the whole snapshot of @run (normally finished; a live run is
 * written as it stands) to @stream, streaming the task records so that a
 * million-task run needs little memory beyond the run itself. */
gboolean lab_snapshot_write         (LabRun            *run,
                                     GOutputStream     *stream,
                                     GError           **error);

/* The "summary" object, shared with comparisons. @http_status_counts has
 * LAB_HTTP_STATUS_MAX entries (url workload) or is NULL. */
void     lab_snapshot_write_summary (LabJsonWriter     *writer,
                                     const LabConfig   *config,
                                     const LabSummary  *summary,
                                     const guint64     *http_status_counts,
                                     const char        *error_message);

typedef void (*LabRecordFunc) (const LabTaskRecord *record,
                               gpointer             user_data);

/* Calls @func for each record of @run in task index order, without copying
 * the records of a finished run. */
void     lab_snapshot_foreach_record (LabRun           *run,
                                      LabRecordFunc     func,
                                      gpointer          user_data);

/* Opens a document written by Concurrency Lab (a snapshot, comparison or
 * sweep) with the members every one begins with: format, version, created
 * and environment (@environment: a loaded document's own, or NULL for this
 * machine). The caller writes the rest and closes the object. */
void     lab_snapshot_begin_document (LabJsonWriter    *writer,
                                      const char       *format,
                                      int               version,
                                      GDateTime        *created,
                                      JsonNode         *environment);

/* "2026-11-25T12:00:00.123Z" */
char    *lab_snapshot_format_time   (GDateTime         *time);

G_END_DECLS
