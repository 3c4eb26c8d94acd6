/* lab-stat.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lab-format.h"
#include "lab-stat.h"

#define MAD_FLOOR 0.01

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median_of (const double *values,
           guint         n)
{
  g_autofree double *sorted = g_memdup2 (values, n * sizeof (double));

  qsort (sorted, n, sizeof (double), compare_doubles);
  return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

void
lab_stat_compute (LabStat      *stat,
                  const double *values,
                  guint         n)
{
  double sum = 0, squares = 0;

  memset (stat, 0, sizeof *stat);
  stat->n = n;
  if (n == 0)
    {
      stat->mean = stat->stddev = stat->median = stat->min = stat->max = NAN;
      return;
    }

  stat->min = stat->max = values[0];
  for (guint i = 0; i < n; i++)
    {
      sum += values[i];
      stat->min = MIN (stat->min, values[i]);
      stat->max = MAX (stat->max, values[i]);
    }
  stat->mean = sum / n;
  for (guint i = 0; i < n; i++)
    squares += (values[i] - stat->mean) * (values[i] - stat->mean);
  stat->stddev = n > 1 ? sqrt (squares / (n - 1)) : 0;
  stat->median = median_of (values, n);
}

void
lab_modified_zscores (const double *values,
                      guint         n,
                      double       *zscores)
{
  g_autofree double *deviations = NULL;
  double median, mad;

  if (n == 0)
    return;

  median = median_of (values, n);
  deviations = g_new (double, n);
  for (guint i = 0; i < n; i++)
    deviations[i] = fabs (values[i] - median);
  mad = MAX (median_of (deviations, n), MAD_FLOOR * fabs (median));

  for (guint i = 0; i < n; i++)
    zscores[i] = mad > 0 ? (values[i] - median) / mad : 0;
}

guint
lab_stat_count_outliers (const double *values,
                         guint         n)
{
  g_autofree double *z = NULL;
  guint outliers = 0;

  if (n < 3)
    return 0;

  z = g_new (double, n);
  lab_modified_zscores (values, n, z);
  for (guint i = 0; i < n; i++)
    if (fabs (z[i]) > LAB_OUTLIER_THRESHOLD)
      outliers++;
  return outliers;
}

void
lab_stat_ratio (const LabStat *a,
                const LabStat *b,
                double        *ratio,
                double        *stddev)
{
  *ratio = a->mean / b->mean;
  *stddev = *ratio * sqrt (pow (a->stddev / a->mean, 2) + pow (b->stddev / b->mean, 2));
}

void
lab_stat_warn_left_out (GPtrArray  *warnings,
                        const char *name,
                        guint       n_runs,
                        guint       n_used,
                        const char *reason)
{
  if (n_used >= n_runs)
    return;
  g_ptr_array_add (warnings,
                   g_strdup_printf ("%s: %u of %u runs did not finish (%s) and %s left out.",
                                    name, n_runs - n_used, n_runs, reason,
                                    n_runs - n_used == 1 ? "is" : "are"));
}

void
lab_stat_warn_spread (GPtrArray     *warnings,
                      const char    *name,
                      const LabStat *wall,
                      guint          n_outliers)
{
  if (n_outliers > 0)
    {
      g_autofree char *median = lab_format_seconds (wall->median);
      g_autofree char *min = lab_format_seconds (wall->min);
      g_autofree char *max = lab_format_seconds (wall->max);

      g_ptr_array_add (warnings,
                       g_strdup_printf ("%s: %u of %u runs %s (more than 10 σ from the "
                                        "median %s, σ estimated from the median absolute deviation; "
                                        "runs took %s to %s). Another program may have used the CPU: "
                                        "rerun on a quieter machine or with more --runs.",
                                        name, n_outliers, wall->n,
                                        n_outliers == 1 ? "is a statistical outlier"
                                                        : "are statistical outliers",
                                        median, min, max));
    }
  else if (wall->n >= 2 && wall->mean > 0 && wall->stddev / wall->mean > LAB_WIDE_VARIATION)
    {
      g_autofree char *share = lab_format_percent (wall->stddev / wall->mean);

      g_ptr_array_add (warnings,
                       g_strdup_printf ("%s: the wall times vary widely (σ is %s of the mean); "
                                        "rerun on a quieter machine or with more --runs.",
                                        name, share));
    }
}

void
lab_stat_write_json (const LabStat *stat,
                     LabJsonWriter *w)
{
  lab_json_writer_begin_object_inline (w);
  lab_json_writer_member (w, "mean");
  lab_json_writer_double (w, stat->mean);
  lab_json_writer_member (w, "stddev");
  lab_json_writer_double (w, stat->stddev);
  lab_json_writer_member (w, "median");
  lab_json_writer_double (w, stat->median);
  lab_json_writer_member (w, "min");
  lab_json_writer_double (w, stat->min);
  lab_json_writer_member (w, "max");
  lab_json_writer_double (w, stat->max);
  lab_json_writer_end_object (w);
}

void
lab_stat_write_mean_stddev_json (double         mean,
                                 double         stddev,
                                 LabJsonWriter *w)
{
  lab_json_writer_begin_object_inline (w);
  lab_json_writer_member (w, "mean");
  lab_json_writer_double (w, mean);
  lab_json_writer_member (w, "stddev");
  lab_json_writer_double (w, stddev);
  lab_json_writer_end_object (w);
}
