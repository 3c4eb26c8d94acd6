/* lab-chart-sweep.h: the charts of a sweep: throughput, p99 latency and
 * speedup against the worker count, on a log2 axis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "lab-chart-style.h"
#include "lab-sweep.h"

G_BEGIN_DECLS

/* What the charts draw: a sweep's points, fit and saturation as plain values. */
typedef struct
{
  LabSweepPoint *points;              /* in increasing worker order */
  guint          n_points;
  LabAmdahlFit   fit;                 /* valid for CPU work with enough points */
  guint          saturation_workers;  /* I/O: where more workers stop paying; 0: none */
  guint          cores;
  gboolean       cpu_work;            /* primes: the ideal is min(workers, cores); url: workers */
} LabSweepChartModel;

void lab_sweep_chart_model_init       (LabSweepChartModel       *model,
                                       LabSweep                 *sweep);
void lab_sweep_chart_model_clear      (LabSweepChartModel       *model);

/* Throughput (tasks/s) against workers, points with ± σ whiskers; the
 * saturation point marked. */
void lab_chart_draw_sweep_throughput  (cairo_t                  *cr,
                                       const LabSweepChartModel *model,
                                       int                       width,
                                       int                       height,
                                       const LabChartStyle      *style);
/* p99 latency against workers, points with ± σ whiskers. */
void lab_chart_draw_sweep_latency     (cairo_t                  *cr,
                                       const LabSweepChartModel *model,
                                       int                       width,
                                       int                       height,
                                       const LabChartStyle      *style);
/* Speedup against workers with the ideal min(workers, cores), the fitted
 * Amdahl curve (CPU work) and the saturation point (I/O). */
void lab_chart_draw_sweep_speedup     (cairo_t                  *cr,
                                       const LabSweepChartModel *model,
                                       int                       width,
                                       int                       height,
                                       const LabChartStyle      *style);

G_END_DECLS
