/* lab-summary-view.h: the numbers of a run, as text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lab-run.h"

G_BEGIN_DECLS

#define LAB_TYPE_SUMMARY_VIEW (lab_summary_view_get_type ())

G_DECLARE_FINAL_TYPE (LabSummaryView, lab_summary_view, LAB, SUMMARY_VIEW, GtkWidget)

GtkWidget *lab_summary_view_new      (void);
void       lab_summary_view_set_run  (LabSummaryView *self,
                                      LabRun         *run);
void       lab_summary_view_refresh  (LabSummaryView *self);
/* The visible rows as "Title: value" lines. */
char      *lab_summary_view_dup_text (LabSummaryView *self);

char      *lab_format_count          (guint64         value);

G_END_DECLS
