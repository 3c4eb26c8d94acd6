/* lab-compare-results.h: a comparison or a sweep shown as charts, a table
 * of its numbers and its warnings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lab-chart-style.h"
#include "lab-comparison.h"
#include "lab-sweep.h"
#include "lab-timeline-model.h"

G_BEGIN_DECLS

#define LAB_TYPE_COMPARE_RESULTS (lab_compare_results_get_type ())

G_DECLARE_FINAL_TYPE (LabCompareResults, lab_compare_results, LAB, COMPARE_RESULTS, AdwBin)

GtkWidget     *lab_compare_results_new              (void);
/* @with_timelines: the runs' records are at hand (a live comparison), so
 * the timelines set with lab_compare_results_take_timeline() are shown;
 * else a quiet note says a saved comparison keeps none. */
void           lab_compare_results_show_comparison  (LabCompareResults *self,
                                                     LabComparison     *comparison,
                                                     gboolean           with_timelines);
void           lab_compare_results_show_sweep       (LabCompareResults *self,
                                                     LabSweep          *sweep);
/* The timeline of the last run of the comparison's model @i. */
void           lab_compare_results_take_timeline    (LabCompareResults *self,
                                                     guint              i,
                                                     LabTimelineModel  *timeline);
/* Reads the comparison or sweep again (a run was added) and redraws. */
void           lab_compare_results_refresh          (LabCompareResults *self);
/* A line under the title: "Partial: cancelled after 5 of 12 runs", or NULL. */
void           lab_compare_results_set_status       (LabCompareResults *self,
                                                     const char        *status);
LabComparison *lab_compare_results_get_comparison   (LabCompareResults *self);
LabSweep      *lab_compare_results_get_sweep        (LabCompareResults *self);
/* What the page's image export draws: the charts shown, one under another. */
void           lab_compare_results_draw_image       (LabCompareResults   *self,
                                                     cairo_t             *cr,
                                                     int                  width,
                                                     int                  height,
                                                     const LabChartStyle *style);
/* The height lab_compare_results_draw_image() wants at @width. */
int            lab_compare_results_get_image_height (LabCompareResults   *self,
                                                     int                  width);
/* The table as tab-separated text, header first (for tests and copying). */
char          *lab_compare_results_dup_table_text   (LabCompareResults *self);

G_END_DECLS
