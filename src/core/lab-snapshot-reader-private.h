/* lab-snapshot-reader-private.h: what the files of the snapshot reader share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-json-reader.h"
#include "lab-run-load.h"
#include "lab-snapshot-reader.h"

G_BEGIN_DECLS

/* Records may end a little after the run's end as measured (a worker's
 * clock read before the run's own). */
#define LAB_SNAPSHOT_TIME_SLACK_US G_USEC_PER_SEC

/* The most bytes a run's tasks may read in all (a petabyte): the bound of
 * every number in the series, too. */
#define LAB_SNAPSHOT_MAX_BYTES G_GUINT64_CONSTANT (1000000000000000)

typedef struct
{
  LabJsonReader   *json;
  gboolean         head_only;      /* lab_snapshot_read_info() */
  LabSnapshotInfo *info;           /* kind, version, created, config, summary, error */
  gboolean         have_version;
  gboolean         have_summary;
  LabRunLoad       load;           /* what the run is built from */
  gboolean         have_series;
  gboolean         have_tasks;
} LabSnapshotParse;

/* An error about the value at @path ("tasks[12].status"). */
gboolean lab_snapshot_error        (GError          **error,
                                    const char       *path,
                                    const char       *format,
                                    ...) G_GNUC_PRINTF (3, 4);
gboolean lab_snapshot_wrong_type   (GError          **error,
                                    const char       *path,
                                    const char       *expected,
                                    LabJsonToken      found);

/* "@prefix.@name", or @name at the top of the document (@prefix NULL). */
char     *lab_snapshot_path_of      (const char       *prefix,
                                    const char       *name);
/* @object's member @name, or NULL with the error "@prefix.@name: missing". */
JsonNode *lab_snapshot_get_member   (JsonObject       *object,
                                    const char       *prefix,
                                    const char       *name,
                                    GError          **error);

/* A config that lab_config_validate() refused, named as a field:
 * "--chunk-size: …" becomes "<prefix>.chunk_size: …". */
gboolean lab_snapshot_config_error (GError          **error,
                                    const char       *prefix,
                                    const GError     *invalid);

/* A "summary" object as lab_snapshot_write_summary() writes it, checked;
 * @prefix names it in messages ("summary", "runs[2].summary").
 * @http_status_counts (LAB_HTTP_STATUS_MAX entries) may be NULL. */
gboolean lab_snapshot_read_summary (JsonNode         *node,
                                    const char       *prefix,
                                    const LabConfig  *config,
                                    LabSummary       *summary,
                                    char            **error_message,
                                    guint64          *http_status_counts,
                                    GError          **error);

/* lab-snapshot-reader-tasks.c: after the member name, with config and summary read */
gboolean lab_snapshot_parse_series (LabSnapshotParse *parse,
                                    GError          **error);
gboolean lab_snapshot_parse_tasks  (LabSnapshotParse *parse,
                                    GError          **error);

G_END_DECLS
