/* lab-sweep.h: one model run across several worker counts, R times each,
 * with throughput and p99 latency against workers, the fitted Amdahl serial
 * fraction for CPU work and the point where adding workers stops paying
 *
 * Shaped like LabComparison: the caller runs the configs that
 * lab_sweep_dup_point_config() gives (interleaved: 1, 2, 4, …, 1, 2, 4, …)
 * and hands each finished run to lab_sweep_add_run().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lab-comparison.h"
#include "lab-run.h"

G_BEGIN_DECLS

#define LAB_SWEEP_FORMAT  "concurrency-lab-sweep"
#define LAB_SWEEP_VERSION 1
#define LAB_SWEEP_MAX_POINTS 64
/* The most worker processes a sweep point may start. */
#define LAB_SWEEP_MAX_PROCESS_WORKERS 256

typedef struct
{
  guint   workers;
  guint   n_runs;                   /* runs added */
  guint   n_used;                   /* runs that finished and enter the statistics */
  LabStat wall_seconds;
  LabStat task_seconds;
  LabStat throughput_per_second;
  LabStat latency_p99_ms;
  LabStat cpu_utilization;
  double  speedup;                  /* task phase of the smallest worker count / this one,
                                     * scaled by that count (1 worker = 1.0) */
  double  speedup_stddev;
  double  efficiency;               /* speedup / workers */
  double  amdahl_speedup;           /* the fitted curve at this point (CPU work), else NAN */
  guint   n_outliers;               /* wall times more than 10 σ from their median */
} LabSweepPoint;

typedef struct
{
  gboolean valid;                   /* enough points to fit */
  double   serial_fraction;         /* s in 1 / (s + (1 − s) / n) */
  double   serial_fraction_stddev;  /* its standard error */
  guint    max_workers_fitted;      /* points above min(cores) are not fitted: they are
                                     * limited by the cores, not by the serial part */
  double   max_speedup;             /* 1 / s */
} LabAmdahlFit;

#define LAB_TYPE_SWEEP (lab_sweep_get_type ())

G_DECLARE_FINAL_TYPE (LabSweep, lab_sweep, LAB, SWEEP, GObject)

/* @base holds the model and workload options every run shares; @workers
 * is sorted and deduplicated by the sweep. */
LabSweep        *lab_sweep_new                 (const LabConfig  *base,
                                                const guint      *workers,
                                                guint             n_workers,
                                                guint             runs_per_point);
const LabConfig *lab_sweep_get_base            (LabSweep         *self);
guint            lab_sweep_get_n_points        (LabSweep         *self);
/* The worker count of point @i (points are in increasing order). */
guint            lab_sweep_get_point_workers   (LabSweep         *self,
                                                guint             i);
guint            lab_sweep_get_runs_per_point  (LabSweep         *self);
/* Runs added so far (of n_points × runs_per_point). */
guint            lab_sweep_get_n_runs          (LabSweep         *self);
/* The cores of the machine the sweep ran on (this one, or a loaded
 * sweep's): the fit uses the points up to them. */
guint            lab_sweep_get_cores           (LabSweep         *self);
GDateTime       *lab_sweep_get_created         (LabSweep         *self);
/* The config of point @i (its worker count set). */
LabConfig       *lab_sweep_dup_point_config    (LabSweep         *self,
                                                guint             i);
/* Keeps the finished @run's summary (not its records); its repetition is
 * the count of runs @point had so far, plus one. */
void             lab_sweep_add_run             (LabSweep         *self,
                                                guint             point,
                                                LabRun           *run);
gboolean         lab_sweep_is_complete         (LabSweep         *self);
void             lab_sweep_get_point           (LabSweep         *self,
                                                guint             i,
                                                LabSweepPoint    *point);
/* primes (CPU work) only; fit.valid is FALSE for url or too few points. */
void             lab_sweep_get_fit             (LabSweep         *self,
                                                LabAmdahlFit     *fit);
/* url (I/O work): the smallest worker count past which doubling the workers
 * gains less than 10 % throughput; 0 when throughput still grows at the
 * largest count measured (or for CPU work). */
guint            lab_sweep_get_saturation_workers (LabSweep      *self);
GPtrArray       *lab_sweep_dup_warnings        (LabSweep         *self);

gboolean         lab_sweep_write_json          (LabSweep         *self,
                                                GOutputStream    *stream,
                                                GError          **error);
/* A sweep written by lab_sweep_write_json(); defensive like snapshot loading. */
LabSweep        *lab_sweep_load                (GInputStream     *stream,
                                                GError          **error);
char            *lab_sweep_format_text         (LabSweep         *self);
char            *lab_sweep_format_markdown     (LabSweep         *self);
/* One row per worker count. */
char            *lab_sweep_format_csv          (LabSweep         *self);

/* Worker counts as a person types them: "1,2,4,8", "1..64" (doubling from
 * the first, ending at the last) or both mixed; a GArray of guint in the
 * order given, or NULL with an error whose message begins
 * "<prefix><name>: " (e.g. "--workers: …"). */
GArray          *lab_sweep_parse_workers       (const char       *text,
                                                LabModel          model,
                                                const char       *prefix,
                                                const char       *name,
                                                GError          **error);

/* Least-squares Amdahl fit of speedups S(n) at worker counts n (exposed for
 * tests): minimises Σ (1/S − (s + (1 − s)/n))², which is linear in s. */
gboolean         lab_amdahl_fit                (const guint      *workers,
                                                const double     *speedups,
                                                guint             n,
                                                LabAmdahlFit     *fit);

G_END_DECLS
