/* lab-stat.h: the statistics of repeated runs, shared by comparisons and
 * sweeps: mean ± σ, ratios with their σ, outliers and what to warn about
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lab-json-writer.h"

G_BEGIN_DECLS

/* A run is an outlier when |x − median| / MAD exceeds this, as in hyperfine:
 * 1.4826 turns the MAD into an estimate of σ, so this is "10 σ away". */
#define LAB_OUTLIER_THRESHOLD (1.4826 * 10.0)
/* Wall times whose σ exceeds this share of their mean "vary widely". */
#define LAB_WIDE_VARIATION    0.10

typedef struct
{
  guint  n;
  double mean, stddev, median, min, max;   /* σ: sample standard deviation (n − 1) */
} LabStat;

void   lab_stat_compute         (LabStat       *stat,
                                 const double  *values,
                                 guint          n);
/* |x − median| / MAD for each value (the MAD floored at 1 % of the median,
 * so that runs equal to the microsecond do not make everything an outlier). */
void   lab_modified_zscores     (const double  *values,
                                 guint          n,
                                 double        *zscores);
/* Values beyond LAB_OUTLIER_THRESHOLD; 0 for fewer than three values (with
 * two, both sit at the same distance from their median). */
guint  lab_stat_count_outliers  (const double  *values,
                                 guint          n);
/* a.mean / b.mean, with σ from the relative errors of a and b added in
 * quadrature (as hyperfine does for "x ± σ times faster"). */
void   lab_stat_ratio           (const LabStat *a,
                                 const LabStat *b,
                                 double        *ratio,
                                 double        *stddev);

/* Warnings about one group of runs ("threads", "4 workers"), one sentence
 * each, appended to @warnings (a GPtrArray of strings). */
void   lab_stat_warn_left_out   (GPtrArray     *warnings,
                                 const char    *name,
                                 guint          n_runs,
                                 guint          n_used,
                                 const char    *reason);
/* Outliers among the wall times, else a σ above LAB_WIDE_VARIATION of the
 * mean: both say to rerun on a quieter machine or with more --runs. */
void   lab_stat_warn_spread     (GPtrArray     *warnings,
                                 const char    *name,
                                 const LabStat *wall_seconds,
                                 guint          n_outliers);

/* As JSON, on one line: {"mean": …, "stddev": …, "median": …, "min": …,
 * "max": …}, and a value with its σ: {"mean": …, "stddev": …}. */
void   lab_stat_write_json      (const LabStat *stat,
                                 LabJsonWriter *w);
void   lab_stat_write_mean_stddev_json (double         mean,
                                        double         stddev,
                                        LabJsonWriter *w);

G_END_DECLS
