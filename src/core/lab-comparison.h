/* lab-comparison.h: several runs of one workload under several models, with
 * speedups against sequential
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lab-run.h"
#include "lab-stat.h"

G_BEGIN_DECLS

#define LAB_COMPARISON_FORMAT  "concurrency-lab-comparison"
#define LAB_COMPARISON_VERSION 1

typedef struct
{
  LabModel model;
  guint    workers;          /* effective: 1 for sequential, slots for async */
  guint    n_runs;           /* runs added */
  guint    n_used;           /* runs that finished and enter the statistics */
  LabStat  wall_seconds;
  LabStat  startup_seconds;
  LabStat  task_seconds;
  LabStat  throughput_per_second;
  LabStat  cpu_utilization;
  LabStat  parallel_efficiency;     /* busy / (task phase × workers), per run */
  gboolean has_speedup;             /* sequential was measured */
  double   speedup;                 /* sequential task phase / this task phase */
  double   speedup_stddev;
  double   speedup_with_startup;    /* sequential wall / this wall */
  double   speedup_with_startup_stddev;
  double   efficiency;              /* speedup / workers */
  double   ideal_speedup;           /* min(workers, cores) for CPU work; workers for I/O */
  guint    n_outliers;
  LabStat  latency_p99_ms;          /* the runs' p99 task latency */
} LabModelStats;

#define LAB_TYPE_COMPARISON (lab_comparison_get_type ())

G_DECLARE_FINAL_TYPE (LabComparison, lab_comparison, LAB, COMPARISON, GObject)

/* @base holds the workload options every run shares. */
LabComparison *lab_comparison_new            (const LabConfig  *base,
                                              const LabModel   *models,
                                              guint             n_models,
                                              guint             runs_per_model);
/* Keeps the finished @run's config and summary (not its records).
 * @repetition counts from 1 for each model. */
void           lab_comparison_add_run        (LabComparison    *self,
                                              LabRun           *run,
                                              guint             repetition);
/* The config the runs of @model use: the shared options, with those that
 * concern one model only (--chunk-size, --simulate-gil) kept for it. */
LabConfig     *lab_comparison_dup_model_config (LabComparison *self,
                                              LabModel          model);
guint          lab_comparison_get_n_runs     (LabComparison    *self);
gboolean       lab_comparison_is_complete    (LabComparison    *self);
guint          lab_comparison_get_n_models   (LabComparison    *self);
LabModel       lab_comparison_get_model      (LabComparison    *self,
                                              guint             i);
void           lab_comparison_get_stats      (LabComparison    *self,
                                              LabModel          model,
                                              LabModelStats    *stats);
/* What a reader should be warned about (wide variation, outliers, runs
 * left out, no baseline), one sentence each. */
GPtrArray     *lab_comparison_dup_warnings   (LabComparison    *self);

gboolean       lab_comparison_write_json     (LabComparison    *self,
                                              GOutputStream    *stream,
                                              GError          **error);
/* Reads back what lab_comparison_write_json() wrote: the runs' configs and
 * summaries, from which the statistics are derived again. Fails with
 * LAB_ERROR_SNAPSHOT (naming the field) on anything else. */
LabComparison *lab_comparison_load           (GInputStream     *stream,
                                              GError          **error);
char          *lab_comparison_format_text    (LabComparison    *self);
char          *lab_comparison_format_markdown (LabComparison   *self);
/* One row per model. */
char          *lab_comparison_format_csv     (LabComparison    *self);

G_END_DECLS
