/* lab-compare-page.h: the Compare page: one workload under several models,
 * or one model across worker counts, R times each, with charts and a table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lab-compare-results.h"
#include "lab-comparison.h"
#include "lab-sweep.h"

G_BEGIN_DECLS

#define LAB_TYPE_COMPARE_PAGE (lab_compare_page_get_type ())

G_DECLARE_FINAL_TYPE (LabComparePage, lab_compare_page, LAB, COMPARE_PAGE, AdwBin)

/* Signals, emitted when a sequence the page ran ends (finished or
 * cancelled) with at least one usable run:
 *   "comparison-finished" (LabComparison *comparison)
 *   "sweep-finished"      (LabSweep *sweep)
 * Property "running" (boolean, read-only) notifies when a sequence starts
 * and ends. */

/* Shows a comparison or sweep made elsewhere (e.g. reopened from the
 * history); a loaded one has no records, so no timelines. Ignored while a
 * sequence runs. */
void      lab_compare_page_show_comparison (LabComparePage *self,
                                            LabComparison  *comparison);
void      lab_compare_page_show_sweep      (LabComparePage *self,
                                            LabSweep       *sweep);
/* The comparison or sweep shown (live or the last one), or NULL. */
LabComparison *lab_compare_page_get_comparison (LabComparePage *self);
LabSweep      *lab_compare_page_get_sweep      (LabComparePage *self);

gboolean  lab_compare_page_get_running     (LabComparePage *self);
/* Stops the sequence; the runs that finished stay shown, marked partial. */
void      lab_compare_page_cancel          (LabComparePage *self);
/* The window says whether a sequence may start now (no run of its own
 * going, the sidebar's configuration valid). */
void      lab_compare_page_set_can_start   (LabComparePage *self,
                                            gboolean        can_start);

/* Writes what the page shows to @file as "json", "markdown", "csv", "png"
 * or "svg", as the Export menu does once a file is chosen; with no
 * @callback, a toast says how it went. Finish with lab_compare_export_finish(). */
void      lab_compare_page_export_to_file  (LabComparePage      *self,
                                            const char          *format,
                                            GFile               *file,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
LabCompareResults *lab_compare_page_get_results (LabComparePage *self);

G_END_DECLS
