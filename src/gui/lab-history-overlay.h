/* lab-history-overlay.h: runs from the history overlaid: throughput over
 * time and latency distributions on shared axes, and their headline
 * numbers side by side with the ratio to the first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lab-history.h"

G_BEGIN_DECLS

#define LAB_TYPE_HISTORY_OVERLAY (lab_history_overlay_get_type ())

G_DECLARE_FINAL_TYPE (LabHistoryOverlay, lab_history_overlay, LAB, HISTORY_OVERLAY, GtkWidget)

/* @runs: LabRun; @titles: char *, one per run. */
void   lab_history_overlay_set_runs   (LabHistoryOverlay *self,
                                       GPtrArray         *runs,
                                       GPtrArray         *titles);
/* Reads @entries (runs of @history) on threads, then shows them in that
 * order; fails when one cannot be read or is not a run. */
void     lab_history_overlay_load_async  (LabHistoryOverlay   *self,
                                          LabHistory          *history,
                                          GPtrArray           *entries,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean lab_history_overlay_load_finish (LabHistoryOverlay   *self,
                                          GAsyncResult        *result,
                                          GError             **error);
guint  lab_history_overlay_get_n_runs (LabHistoryOverlay *self);
/* The table as text, a row per line and cells split by tabs (for tests
 * and for copying). */
char  *lab_history_overlay_dup_table_text (LabHistoryOverlay *self);

G_END_DECLS
