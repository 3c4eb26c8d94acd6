/* lab-history-overlay.h: runs from the history overlaid: throughput over
 * time and latency distributions on shared axes, and their headline
 * numbers side by side with the ratio to the first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lab-run.h"

G_BEGIN_DECLS

#define LAB_TYPE_HISTORY_OVERLAY (lab_history_overlay_get_type ())

G_DECLARE_FINAL_TYPE (LabHistoryOverlay, lab_history_overlay, LAB, HISTORY_OVERLAY, GtkWidget)

/* @runs: LabRun; @titles: char *, one per run. */
void   lab_history_overlay_set_runs   (LabHistoryOverlay *self,
                                       GPtrArray         *runs,
                                       GPtrArray         *titles);
guint  lab_history_overlay_get_n_runs (LabHistoryOverlay *self);
/* The table as text, a row per line and cells split by tabs (for tests
 * and for copying). */
char  *lab_history_overlay_dup_table_text (LabHistoryOverlay *self);

G_END_DECLS
