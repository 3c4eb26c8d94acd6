/* lab-snapshot-reader.h: a snapshot read back into a run
 *
 * A loaded run is a finished LabRun like any other: charts, reports, the
 * task list and exports read it exactly as they read a live one.
 *
 * Loading is defensive: malformed JSON, another format, a newer version,
 * missing or wrongly typed fields, absurd sizes and numbers end in a
 * LAB_ERROR_SNAPSHOT error whose message names the place
 * ("tasks[12].status: expected a string"), never in a crash.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "lab-run.h"

G_BEGIN_DECLS

/* What a JSON document written by Concurrency Lab is, from its "format". */
typedef enum
{
  LAB_DOCUMENT_UNKNOWN,
  LAB_DOCUMENT_SNAPSHOT,      /* "concurrency-lab-snapshot": one run */
  LAB_DOCUMENT_COMPARISON,    /* "concurrency-lab-comparison" */
  LAB_DOCUMENT_SWEEP,         /* "concurrency-lab-sweep" */
} LabDocumentKind;

/* The head of a snapshot (everything before "tasks"), read without the
 * task records: for listings such as the run history. */
typedef struct
{
  LabDocumentKind  kind;
  gint64           version;
  GDateTime       *created;     /* owned */
  LabConfig       *config;      /* owned; snapshots only, else NULL */
  LabSummary       summary;     /* snapshots only */
  char            *error;       /* the run's own error message, or NULL */
} LabSnapshotInfo;

/* Reads a whole snapshot. Fails with LAB_ERROR_SNAPSHOT (or the stream's
 * own GIOError) on anything that is not a readable snapshot. */
LabRun          *lab_snapshot_load             (GInputStream     *stream,
                                                GCancellable     *cancellable,
                                                GError          **error);
LabRun          *lab_snapshot_load_file        (GFile            *file,
                                                GCancellable     *cancellable,
                                                GError          **error);
/* The same on a thread of its own, for the window. */
void             lab_snapshot_load_file_async  (GFile              *file,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
LabRun          *lab_snapshot_load_file_finish (GAsyncResult     *result,
                                                GError          **error);

/* Reads the head of @file: its kind always, and for snapshots the config
 * and summary. Stops before the task records. */
gboolean         lab_snapshot_read_info        (GFile            *file,
                                                LabSnapshotInfo  *info,
                                                GCancellable     *cancellable,
                                                GError          **error);
void             lab_snapshot_info_clear       (LabSnapshotInfo  *info);

/* The "environment" of the snapshot @run was loaded from (the machine it
 * ran on), or NULL for a run measured here. Written back on export. */
JsonNode        *lab_snapshot_get_environment  (LabRun           *run);
/* The machine @run was measured on, for people ("2 cores (AMD EPYC) ·
 * Debian GNU/Linux 12 · Linux 6.1 x86_64"): from its snapshot for a loaded
 * run, else this machine. @cores (may be NULL) gets its number of cores. */
char            *lab_snapshot_describe_machine (LabRun           *run,
                                                guint            *cores);

/* The kind of a document from its first bytes (the "format" member near the
 * top), for sniffing without parsing. */
LabDocumentKind  lab_document_kind_sniff       (const char       *data,
                                                gsize             length);

G_END_DECLS
