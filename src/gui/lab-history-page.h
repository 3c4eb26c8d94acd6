/* lab-history-page.h: the History page: every finished run, comparison and
 * sweep, to reopen, rename, delete, or overlay on one another
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lab-history.h"

G_BEGIN_DECLS

#define LAB_TYPE_HISTORY_PAGE (lab_history_page_get_type ())

G_DECLARE_FINAL_TYPE (LabHistoryPage, lab_history_page, LAB, HISTORY_PAGE, AdwBin)

/* Signal "open-document" (GObject *document): an entry was opened and its
 * file read: a LabRun, LabComparison or LabSweep. */

void               lab_history_page_set_history   (LabHistoryPage   *self,
                                                   LabHistory       *history);
LabHistory        *lab_history_page_get_history   (LabHistoryPage   *self);
/* The list as shown (entries waiting for their deletion to be final are
 * left out), with its selection. */
GtkSelectionModel *lab_history_page_get_selection (LabHistoryPage   *self);
/* "empty", "list" or "overlay" */
const char        *lab_history_page_get_view      (LabHistoryPage   *self);
/* What activating the entry does: reads it, then "open-document". */
void               lab_history_page_open_entry    (LabHistoryPage   *self,
                                                   LabHistoryEntry  *entry);

/* The history every window of this process shows ($XDG_DATA_HOME/concurrency-lab),
 * loading from the first call; a new reference. */
LabHistory        *lab_history_dup_shared         (void);

G_END_DECLS
