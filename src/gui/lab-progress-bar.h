/* lab-progress-bar.h: a progress bar that only redraws
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LAB_TYPE_PROGRESS_BAR (lab_progress_bar_get_type ())

G_DECLARE_FINAL_TYPE (LabProgressBar, lab_progress_bar, LAB, PROGRESS_BAR, GtkWidget)

void        lab_progress_bar_set_fraction (LabProgressBar *self,
                                           double          fraction);
double      lab_progress_bar_get_fraction (LabProgressBar *self);
/* Shown beside the bar, and what assistive technologies read as its value. */
void        lab_progress_bar_set_text     (LabProgressBar *self,
                                           const char     *text);
const char *lab_progress_bar_get_text     (LabProgressBar *self);

G_END_DECLS
