/* lab-compare-table.h: the numbers of a comparison or a sweep in a GtkGrid,
 * and its title and fit in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lab-chart-sweep.h"
#include "lab-comparison.h"
#include "lab-sweep.h"

G_BEGIN_DECLS

/* One row per model: model, workers, runs, wall ± σ, speedup ± σ,
 * efficiency, throughput, p99 latency, CPU. */
void  lab_compare_table_fill_comparison (GtkGrid             *table,
                                         const LabModelStats *stats,
                                         guint                n_stats);
/* One row per worker count, the same columns from workers on. */
void  lab_compare_table_fill_sweep      (GtkGrid             *table,
                                         const LabSweepPoint *points,
                                         guint                n_points);
/* The cells as tab-separated lines, header first. */
char *lab_compare_table_dup_text        (GtkGrid             *table);

/* "Comparison of sequential, threads · primes · 20 000 tasks" */
char *lab_compare_describe_comparison   (LabComparison       *comparison);
/* "Sweep of threads across 1, 2, 4 workers · primes · 20 000 tasks" */
char *lab_compare_describe_sweep        (LabSweep            *sweep);
/* The Amdahl fit for CPU work ("Serial fraction 4.1 % ± 0.8 % → at most
 * 24× …"), where more workers stop paying for I/O; NULL for nothing. */
char *lab_compare_describe_fit          (LabSweep            *sweep,
                                         const LabSweepChartModel *model);

G_END_DECLS
