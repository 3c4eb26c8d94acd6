/* lab-history-entry.h: one run, comparison or sweep kept in the run history,
 * with what a listing shows of it (the numbers come from the index, so a
 * listing never reads the snapshots themselves)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lab-comparison.h"
#include "lab-run.h"
#include "lab-snapshot-reader.h"
#include "lab-sweep.h"

G_BEGIN_DECLS

#define LAB_TYPE_HISTORY_ENTRY (lab_history_entry_get_type ())

G_DECLARE_FINAL_TYPE (LabHistoryEntry, lab_history_entry, LAB, HISTORY_ENTRY, GObject)

/* From a finished run, comparison or sweep; @file_name is its file in the
 * history directory. */
LabHistoryEntry *lab_history_entry_new_for_run        (const char      *file_name,
                                                       LabRun          *run);
LabHistoryEntry *lab_history_entry_new_for_comparison (const char      *file_name,
                                                       LabComparison   *comparison,
                                                       GDateTime       *created);
LabHistoryEntry *lab_history_entry_new_for_sweep      (const char      *file_name,
                                                       LabSweep        *sweep,
                                                       GDateTime       *created);
/* From the head of a snapshot (lab_snapshot_read_info()). */
LabHistoryEntry *lab_history_entry_new_for_info       (const char      *file_name,
                                                       const LabSnapshotInfo *info);

/* The index's form: one object per entry. NULL (with an error naming the
 * member) when @object is not one. */
LabHistoryEntry *lab_history_entry_new_from_json      (JsonObject      *object,
                                                       GError         **error);
JsonNode        *lab_history_entry_to_json            (LabHistoryEntry *self);

const char      *lab_history_entry_get_file_name      (LabHistoryEntry *self);
LabDocumentKind  lab_history_entry_get_kind           (LabHistoryEntry *self);
const char      *lab_history_entry_get_title          (LabHistoryEntry *self);
void             lab_history_entry_set_title          (LabHistoryEntry *self,
                                                       const char      *title);
/* "primes · threads · 2 workers" (English: the default title) */
char            *lab_history_entry_dup_default_title  (LabHistoryEntry *self);
LabWorkloadKind  lab_history_entry_get_workload       (LabHistoryEntry *self);
/* Model names as the CLI spells them; one for a run or a sweep. */
const char * const *lab_history_entry_get_models      (LabHistoryEntry *self);
/* A run's workers; a comparison's (shared) workers; a sweep's range. */
guint            lab_history_entry_get_workers        (LabHistoryEntry *self);
guint            lab_history_entry_get_workers_min    (LabHistoryEntry *self);
GDateTime       *lab_history_entry_get_created        (LabHistoryEntry *self);
/* A run's state ("done", "cancelled", …); NULL for comparisons and sweeps. */
const char      *lab_history_entry_get_state          (LabHistoryEntry *self);

/* Headline numbers. For a comparison or sweep: of its fastest model or
 * point. NAN where there is none (a run has no speedup). */
double           lab_history_entry_get_wall_seconds   (LabHistoryEntry *self);
double           lab_history_entry_get_throughput     (LabHistoryEntry *self);
/* -1 when unknown (comparisons and sweeps keep no task counts) */
gint64           lab_history_entry_get_tasks_ok       (LabHistoryEntry *self);
gint64           lab_history_entry_get_tasks_failed   (LabHistoryEntry *self);
double           lab_history_entry_get_p99_ms         (LabHistoryEntry *self);
double           lab_history_entry_get_speedup        (LabHistoryEntry *self);

/* "run", "comparison", "sweep" */
const char      *lab_history_kind_to_string           (LabDocumentKind  kind);
gboolean         lab_history_kind_from_string         (const char      *str,
                                                       LabDocumentKind *kind);

G_END_DECLS
