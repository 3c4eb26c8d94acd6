/* lab-histogram.h: a log-bucketed latency histogram (HDR-style)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Values are non-negative integers (microseconds). Values below
 * LAB_HISTOGRAM_SUB_BUCKETS are counted exactly; above, each power of two is
 * split into LAB_HISTOGRAM_SUB_BUCKETS buckets, so a reported percentile is
 * within 1/(2·128) ≈ 0.4% of a recorded value. Mean and σ are exact. */
#define LAB_HISTOGRAM_SUB_BUCKETS 128

typedef struct _LabHistogram LabHistogram;

LabHistogram *lab_histogram_new          (void);
LabHistogram *lab_histogram_copy         (const LabHistogram *self);
void          lab_histogram_free         (LabHistogram       *self);
void          lab_histogram_reset        (LabHistogram       *self);
void          lab_histogram_add          (LabHistogram       *self,
                                          gint64              value);
void          lab_histogram_merge        (LabHistogram       *self,
                                          const LabHistogram *other);
guint64       lab_histogram_get_count    (const LabHistogram *self);
double        lab_histogram_get_mean     (const LabHistogram *self);
double        lab_histogram_get_stddev   (const LabHistogram *self);
gint64        lab_histogram_get_min      (const LabHistogram *self);
gint64        lab_histogram_get_max      (const LabHistogram *self);
double        lab_histogram_get_percentile (const LabHistogram *self,
                                            double              percentile);

/* Iterating the non-empty buckets, for charts: [lower, upper) and count. */
typedef struct
{
  const LabHistogram *histogram;
  guint               bucket;
} LabHistogramIter;

void          lab_histogram_iter_init    (LabHistogramIter   *iter,
                                          const LabHistogram *self);
gboolean      lab_histogram_iter_next    (LabHistogramIter   *iter,
                                          gint64             *lower,
                                          gint64             *upper,
                                          guint64            *count);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabHistogram, lab_histogram_free)

G_END_DECLS
