/* lab-history.h: every finished run, comparison and sweep, kept as a JSON
 * file in one directory, with an index so that a listing is instant
 *
 * Files are written atomically on a thread; the index (index.json) is
 * rewritten after every change. When the index is missing or damaged it is
 * rebuilt from the files; a damaged or foreign file is skipped with a note.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lab-history-entry.h"

G_BEGIN_DECLS

#define LAB_HISTORY_INDEX_FORMAT  "concurrency-lab-history"
#define LAB_HISTORY_INDEX_VERSION 1
#define LAB_HISTORY_INDEX_NAME    "index.json"
#define LAB_HISTORY_DEFAULT_LIMIT 100

#define LAB_TYPE_HISTORY (lab_history_get_type ())

G_DECLARE_FINAL_TYPE (LabHistory, lab_history, LAB, HISTORY, GObject)

/* @directory NULL: $XDG_DATA_HOME/concurrency-lab. Nothing is read until
 * lab_history_load_async(). */
LabHistory      *lab_history_new                 (GFile               *directory);
GFile           *lab_history_get_directory       (LabHistory          *self);
/* The entries (LabHistoryEntry), newest first. */
GListModel      *lab_history_get_entries         (LabHistory          *self);
/* "name: reason" for each file that was skipped, for the UI */
const char * const *lab_history_get_notes        (LabHistory          *self);
GFile           *lab_history_get_file            (LabHistory          *self,
                                                  LabHistoryEntry     *entry);
/* The most entries kept (0: no limit); past it the oldest are removed. */
guint            lab_history_get_limit           (LabHistory          *self);
void             lab_history_set_limit           (LabHistory          *self,
                                                  guint                limit);

/* Reads the index (or rebuilds it) on a thread and fills the entries. */
void             lab_history_load_async          (LabHistory          *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean         lab_history_load_finish         (LabHistory          *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
gboolean         lab_history_is_loaded           (LabHistory          *self);

/* Writes a finished run / comparison / sweep into the history; the entry
 * appears first in the list once its file is written. */
void             lab_history_add_run_async       (LabHistory          *self,
                                                  LabRun              *run,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
void             lab_history_add_comparison_async (LabHistory         *self,
                                                  LabComparison       *comparison,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
void             lab_history_add_sweep_async     (LabHistory          *self,
                                                  LabSweep            *sweep,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* The new entry (a new reference), or NULL. */
LabHistoryEntry *lab_history_add_finish          (LabHistory          *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* Renames at once in the list; the index is written on a thread. An empty
 * @title gives the entry its default title back. */
void             lab_history_rename_async        (LabHistory          *self,
                                                  LabHistoryEntry     *entry,
                                                  const char          *title,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean         lab_history_rename_finish       (LabHistory          *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
/* Removes the entries from the list at once, then their files and the
 * index entries on a thread. */
void             lab_history_delete_async        (LabHistory          *self,
                                                  LabHistoryEntry    **entries,
                                                  guint                n_entries,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean         lab_history_delete_finish       (LabHistory          *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* Reads an entry's file on a thread: a LabRun, LabComparison or LabSweep
 * (by the entry's kind), returned as a new reference. */
void             lab_history_load_entry_async    (LabHistory          *self,
                                                  LabHistoryEntry     *entry,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GObject         *lab_history_load_entry_finish   (LabHistory          *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* Loads a comparison or sweep file (by its "format"): helpers shared with
 * the window's Open. */
GObject         *lab_history_load_document       (GFile               *file,
                                                  LabDocumentKind     *kind,
                                                  GCancellable        *cancellable,
                                                  GError             **error);

G_END_DECLS
