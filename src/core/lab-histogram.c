/* lab-histogram.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "lab-histogram.h"

#define SUB_BITS  7
#define SUB       LAB_HISTOGRAM_SUB_BUCKETS
#define N_BUCKETS (SUB + (63 - SUB_BITS) * SUB)

struct _LabHistogram
{
  guint64 count;
  /* Exact integer sums: no division per value, and mean and σ exact. */
  guint64           sum;
  unsigned __int128 sum_squares;
  gint64  min;
  gint64  max;
  guint64 buckets[N_BUCKETS];
};

static inline guint
bucket_for_value (gint64 value)
{
  guint64 v = value < 0 ? 0 : (guint64) value;
  guint exponent;

  if (v < SUB)
    return (guint) v;

  exponent = 63 - __builtin_clzll (v);             /* >= SUB_BITS */
  return SUB + (exponent - SUB_BITS) * SUB
             + (guint) ((v >> (exponent - SUB_BITS)) - SUB);
}

static inline void
bucket_bounds (guint   bucket,
               gint64 *lower,
               gint64 *upper)
{
  guint exponent;
  guint sub;

  if (bucket < SUB)
    {
      *lower = bucket;
      *upper = bucket + 1;
      return;
    }

  exponent = (bucket - SUB) / SUB + SUB_BITS;
  sub = (bucket - SUB) % SUB + SUB;
  *lower = (gint64) sub << (exponent - SUB_BITS);
  *upper = (gint64) (sub + 1) << (exponent - SUB_BITS);
}

LabHistogram *
lab_histogram_new (void)
{
  LabHistogram *self = g_new0 (LabHistogram, 1);

  lab_histogram_reset (self);
  return self;
}

LabHistogram *
lab_histogram_copy (const LabHistogram *self)
{
  return g_memdup2 (self, sizeof *self);
}

void
lab_histogram_free (LabHistogram *self)
{
  g_free (self);
}

void
lab_histogram_reset (LabHistogram *self)
{
  memset (self, 0, sizeof *self);
  self->min = G_MAXINT64;
  self->max = 0;
}

void
lab_histogram_add (LabHistogram *self,
                   gint64        value)
{
  if (value < 0)
    value = 0;

  self->buckets[bucket_for_value (value)]++;
  self->count++;
  self->sum += (guint64) value;
  self->sum_squares += (unsigned __int128) value * (guint64) value;
  self->min = MIN (self->min, value);
  self->max = MAX (self->max, value);
}

void
lab_histogram_merge (LabHistogram       *self,
                     const LabHistogram *other)
{
  if (other->count == 0)
    return;

  self->count += other->count;
  self->sum += other->sum;
  self->sum_squares += other->sum_squares;
  self->min = MIN (self->min, other->min);
  self->max = MAX (self->max, other->max);

  for (guint i = 0; i < N_BUCKETS; i++)
    self->buckets[i] += other->buckets[i];
}

guint64
lab_histogram_get_count (const LabHistogram *self)
{
  return self->count;
}

double
lab_histogram_get_mean (const LabHistogram *self)
{
  return self->count ? (double) ((long double) self->sum / self->count) : 0.0;
}

double
lab_histogram_get_stddev (const LabHistogram *self)
{
  long double n = self->count;
  long double mean, m2;

  if (self->count < 2)
    return 0.0;

  /* Σ(x - mean)² = Σx² - (Σx)²/n, exact in 128-bit integers up to the
   * rounding of the last division. */
  mean = (long double) self->sum / n;
  m2 = (long double) self->sum_squares - mean * (long double) self->sum;
  return m2 > 0 ? sqrt ((double) (m2 / (n - 1))) : 0.0;
}

gint64
lab_histogram_get_min (const LabHistogram *self)
{
  return self->count ? self->min : 0;
}

gint64
lab_histogram_get_max (const LabHistogram *self)
{
  return self->max;
}

/* The value at or below which `percentile` (0..100) of the values lie: the
 * midpoint of the bucket holding that rank, clamped to the observed range. */
double
lab_histogram_get_percentile (const LabHistogram *self,
                              double              percentile)
{
  guint64 rank;
  guint64 seen = 0;

  if (self->count == 0)
    return 0.0;

  percentile = CLAMP (percentile, 0.0, 100.0);
  rank = (guint64) ceil (percentile / 100.0 * self->count);
  rank = CLAMP (rank, 1, self->count);

  for (guint i = 0; i < N_BUCKETS; i++)
    {
      seen += self->buckets[i];
      if (seen >= rank)
        {
          gint64 lower, upper;
          double value;

          bucket_bounds (i, &lower, &upper);
          value = upper - lower == 1 ? (double) lower : (lower + upper - 1) / 2.0;
          return CLAMP (value, (double) self->min, (double) self->max);
        }
    }

  return self->max;
}

void
lab_histogram_iter_init (LabHistogramIter   *iter,
                         const LabHistogram *self)
{
  iter->histogram = self;
  iter->bucket = 0;
}

gboolean
lab_histogram_iter_next (LabHistogramIter *iter,
                         gint64           *lower,
                         gint64           *upper,
                         guint64          *count)
{
  while (iter->bucket < N_BUCKETS)
    {
      guint i = iter->bucket++;

      if (iter->histogram->buckets[i] != 0)
        {
          bucket_bounds (i, lower, upper);
          *count = iter->histogram->buckets[i];
          return TRUE;
        }
    }
  return FALSE;
}
