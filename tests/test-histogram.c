/* test-histogram.c: percentiles within 1%, exact mean and σ
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>

#include "lab-histogram.h"

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

static void
test_percentiles (void)
{
  g_autoptr(LabHistogram) histogram = lab_histogram_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  const guint n = 200000;
  g_autofree gint64 *values = g_new (gint64, n);
  const double percentiles[] = { 1, 10, 50, 90, 99, 99.9, 100 };
  double sum = 0, sum_sq = 0, mean, stddev;

  for (guint i = 0; i < n; i++)
    {
      /* log-normal-ish latencies from 1 µs to minutes */
      values[i] = (gint64) exp (g_rand_double_range (rand, 0, 18));
      lab_histogram_add (histogram, values[i]);
      sum += values[i];
    }
  qsort (values, n, sizeof (gint64), compare_gint64);

  for (guint i = 0; i < G_N_ELEMENTS (percentiles); i++)
    {
      guint64 rank = (guint64) ceil (percentiles[i] / 100.0 * n);
      double exact = values[MAX (rank, 1) - 1];
      double got = lab_histogram_get_percentile (histogram, percentiles[i]);

      g_assert_cmpfloat (fabs (got - exact), <=, exact * 0.01 + 0.5);
    }

  mean = sum / n;
  for (guint i = 0; i < n; i++)
    sum_sq += (values[i] - mean) * (values[i] - mean);
  stddev = sqrt (sum_sq / (n - 1));

  g_assert_cmpuint (lab_histogram_get_count (histogram), ==, n);
  g_assert_cmpfloat (fabs (lab_histogram_get_mean (histogram) - mean), <=, mean * 1e-9);
  g_assert_cmpfloat (fabs (lab_histogram_get_stddev (histogram) - stddev), <=, stddev * 1e-6);
  g_assert_cmpint (lab_histogram_get_max (histogram), ==, values[n - 1]);
  g_assert_cmpint (lab_histogram_get_min (histogram), ==, values[0]);
}

static void
test_small_values_exact (void)
{
  g_autoptr(LabHistogram) histogram = lab_histogram_new ();

  for (gint64 v = 0; v < 100; v++)
    lab_histogram_add (histogram, v);

  g_assert_cmpfloat (lab_histogram_get_percentile (histogram, 50), ==, 49);
  g_assert_cmpfloat (lab_histogram_get_percentile (histogram, 100), ==, 99);
  g_assert_cmpfloat (lab_histogram_get_percentile (histogram, 0), ==, 0);
}

static void
test_merge (void)
{
  g_autoptr(LabHistogram) a = lab_histogram_new ();
  g_autoptr(LabHistogram) b = lab_histogram_new ();
  g_autoptr(LabHistogram) all = lab_histogram_new ();

  for (gint64 v = 1; v <= 10000; v++)
    {
      lab_histogram_add (v % 2 ? a : b, v * 7);
      lab_histogram_add (all, v * 7);
    }
  lab_histogram_merge (a, b);

  g_assert_cmpuint (lab_histogram_get_count (a), ==, 10000);
  g_assert_cmpfloat (fabs (lab_histogram_get_mean (a) - lab_histogram_get_mean (all)), <, 1e-6);
  g_assert_cmpfloat (fabs (lab_histogram_get_stddev (a) - lab_histogram_get_stddev (all)), <, 1e-6);
  g_assert_cmpfloat (lab_histogram_get_percentile (a, 99), ==, lab_histogram_get_percentile (all, 99));
}

static void
test_iter (void)
{
  g_autoptr(LabHistogram) histogram = lab_histogram_new ();
  LabHistogramIter iter;
  gint64 lower, upper;
  guint64 count, total = 0;
  gint64 previous_upper = 0;

  lab_histogram_add (histogram, 5);
  lab_histogram_add (histogram, 5);
  lab_histogram_add (histogram, 1000000);
  lab_histogram_add (histogram, G_MAXINT64 / 2);

  lab_histogram_iter_init (&iter, histogram);
  while (lab_histogram_iter_next (&iter, &lower, &upper, &count))
    {
      g_assert_cmpint (lower, <, upper);
      g_assert_cmpint (lower, >=, previous_upper);
      previous_upper = upper;
      total += count;
    }
  g_assert_cmpuint (total, ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/histogram/percentiles", test_percentiles);
  g_test_add_func ("/lab/histogram/small-values", test_small_values_exact);
  g_test_add_func ("/lab/histogram/merge", test_merge);
  g_test_add_func ("/lab/histogram/iter", test_iter);

  return g_test_run ();
}
