/* lab-history-private.h: the history's file work, done on a thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-history.h"

G_BEGIN_DECLS

/* What a scan of the directory found: entries newest first, notes for the
 * files skipped, and whether the index on disk needs writing again. */
typedef struct
{
  GPtrArray *entries;     /* LabHistoryEntry */
  GPtrArray *notes;       /* char *, "name: reason" */
  gboolean   index_stale;
} LabHistoryScan;

void       lab_history_scan_clear       (LabHistoryScan   *scan);
gboolean   lab_history_scan             (GFile            *directory,
                                         LabHistoryScan   *scan,
                                         GCancellable     *cancellable,
                                         GError          **error);
/* The index of @entries (LabHistoryEntry), newest first. */
GBytes    *lab_history_index_to_bytes   (GPtrArray        *entries);
gboolean   lab_history_write_bytes      (GFile            *file,
                                         GBytes           *bytes,
                                         GError          **error);
/* Writes @document (a LabRun, LabComparison or LabSweep) to @file. */
gboolean   lab_history_write_document   (GFile            *file,
                                         GObject          *document,
                                         GError          **error);
gint       lab_history_entry_compare    (gconstpointer     a,
                                         gconstpointer     b);

/* The list itself (lab-history.c) */
GListStore *lab_history_peek_store       (LabHistory       *self);
/* Deletes @deletes (file names; may be NULL) and writes the index of the
 * list as it is now, on a thread; then completes @task (its own result, a
 * boolean). Before loading, only the deletes are done. */
void       lab_history_commit           (LabHistory       *self,
                                         GPtrArray        *deletes,
                                         GTask            *task);
/* The same, then completes @outer (a boolean task) with its result. */
void       lab_history_commit_then_return (LabHistory     *self,
                                         GPtrArray        *deletes,
                                         GTask            *outer);

G_END_DECLS
