/* lab-compare-results-private.h: what the results widget shares with the
 * drawing of its charts (lab-compare-results-charts.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-chart-area.h"
#include "lab-chart-sweep.h"
#include "lab-compare-results.h"

G_BEGIN_DECLS

struct _LabCompareResults
{
  AdwBin              parent_instance;

  GtkLabel           *title;
  GtkLabel           *status;
  GtkWidget          *comparison_box;
  GtkWidget          *sweep_box;
  GtkWidget          *wall;
  GtkWidget          *speedup;
  GtkWidget          *measures;
  GtkWidget          *timelines;
  GtkLabel           *timeline_note;
  GtkWidget          *sweep_throughput;
  GtkWidget          *sweep_latency;
  GtkWidget          *sweep_speedup;
  GtkLabel           *fit;
  GtkGrid            *table;
  GtkWidget          *warnings;

  LabComparison      *comparison;
  LabSweep           *sweep;
  LabModelStats      *stats;
  guint               n_stats;
  LabSweepChartModel  sweep_model;
  GPtrArray          *timeline_models;   /* LabTimelineModel or NULL, per model */
  gboolean            with_timelines;
};

#define LAB_COMPARE_TIMELINE_LANE_HEIGHT 18

/* LabChartAreaDrawFuncs, with the results as user data */
void     lab_compare_results_draw_wall             (cairo_t *cr, int width, int height,
                                                    const LabChartStyle *style, gpointer data);
void     lab_compare_results_draw_speedup          (cairo_t *cr, int width, int height,
                                                    const LabChartStyle *style, gpointer data);
void     lab_compare_results_draw_measures         (cairo_t *cr, int width, int height,
                                                    const LabChartStyle *style, gpointer data);
void     lab_compare_results_draw_timelines        (cairo_t *cr, int width, int height,
                                                    const LabChartStyle *style, gpointer data);
void     lab_compare_results_draw_sweep_throughput (cairo_t *cr, int width, int height,
                                                    const LabChartStyle *style, gpointer data);
void     lab_compare_results_draw_sweep_latency    (cairo_t *cr, int width, int height,
                                                    const LabChartStyle *style, gpointer data);
void     lab_compare_results_draw_sweep_speedup    (cairo_t *cr, int width, int height,
                                                    const LabChartStyle *style, gpointer data);
/* The height the stacked timelines want; whether there are any to show. */
int      lab_compare_results_timelines_height      (LabCompareResults *self);
gboolean lab_compare_results_has_timelines         (LabCompareResults *self);

G_END_DECLS
