/* lab-chart-comparison.h: the charts of a comparison: wall time, speedup
 * against sequential, and throughput, p99 latency and CPU use side by side
 *
 * Each draws an array of LabModelStats (one bar per model, in order), so
 * that a live, a loaded and a made-up comparison draw the same way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "lab-chart-style.h"
#include "lab-comparison.h"

G_BEGIN_DECLS

/* The stats of every model of @comparison, in its order; free with g_free(). */
LabModelStats *lab_chart_comparison_collect      (LabComparison        *comparison,
                                                  guint                *n_stats);

/* Mean wall time per model, with ± σ error bars. */
void           lab_chart_draw_comparison_wall    (cairo_t              *cr,
                                                  const LabModelStats  *stats,
                                                  guint                 n_stats,
                                                  int                   width,
                                                  int                   height,
                                                  const LabChartStyle  *style);
/* Speedup against sequential per model (± σ), the ideal min(workers,
 * cores) over each bar and the 1× line of sequential. */
void           lab_chart_draw_comparison_speedup (cairo_t              *cr,
                                                  const LabModelStats  *stats,
                                                  guint                 n_stats,
                                                  int                   width,
                                                  int                   height,
                                                  const LabChartStyle  *style);
/* Throughput, p99 latency and CPU utilisation: three small bar charts
 * side by side, one bar per model each. */
void           lab_chart_draw_comparison_measures (cairo_t             *cr,
                                                  const LabModelStats  *stats,
                                                  guint                 n_stats,
                                                  int                   width,
                                                  int                   height,
                                                  const LabChartStyle  *style);
/* The colour of @model's bars. */
void           lab_chart_model_color             (const LabChartStyle  *style,
                                                  LabModel              model,
                                                  LabChartColor        *color);

G_END_DECLS
