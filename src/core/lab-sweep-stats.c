/* lab-sweep-stats.c: what a sweep derives from its runs
 *
 * Per worker count the statistics a comparison derives per model (shared in
 * lab-stat.c), the speedup against the smallest worker count, and over the
 * points:
 *
 * - for CPU work, Amdahl's serial fraction s. With T(n) the task phase at n
 *   workers and S(n) = T(1) / T(n), Amdahl's law says 1/S = s + (1 − s)/n.
 *   With x = 1/n and y = 1/S that is y − x = s (1 − x): a line through the
 *   origin in s, whose least-squares slope has a closed form. Only points up
 *   to the machine's cores are fitted (beyond them the cores, not the serial
 *   part, set the limit), and a point at 1 worker carries no information
 *   (1 − x = 0): the fit needs 1 and at least one larger count, and has an
 *   error estimate from two larger counts on.
 * - for I/O work, the saturation point: the smallest worker count that no
 *   larger count beats by 10 % or more in throughput.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-format.h"
#include "lab-sweep-private.h"

/* Throughput must grow by this share for more workers to "pay". */
#define SATURATION_GAIN 0.10
/* CPU work whose runs kept fewer cores busy than this share of what they
 * could was slowed by other programs. */
#define CONTENTION_SHARE 0.75

/* A point's statistics without the fitted curve (which needs every point). */
static void
compute_point (LabSweep      *self,
               guint          i,
               LabSweepPoint *point)
{
  guint cap = self->runs->len + 1, n = 0;
  g_autofree double *wall = g_new (double, cap);
  g_autofree double *task = g_new (double, cap);
  g_autofree double *throughput = g_new (double, cap);
  g_autofree double *p99 = g_new (double, cap);
  g_autofree double *cpu = g_new (double, cap);

  memset (point, 0, sizeof *point);
  point->workers = g_array_index (self->workers, guint, i);

  for (guint r = 0; r < self->runs->len; r++)
    {
      const LabSweepRun *run = g_ptr_array_index (self->runs, r);

      if (run->point != i)
        continue;
      point->n_runs++;
      if (!lab_sweep_run_is_used (run))
        continue;
      wall[n] = run->summary.wall_seconds;
      task[n] = run->summary.task_seconds;
      throughput[n] = run->summary.throughput_per_second;
      p99[n] = run->summary.latency_ms.p99;
      cpu[n] = run->summary.cpu_utilization;
      n++;
    }

  point->n_used = n;
  lab_stat_compute (&point->wall_seconds, wall, n);
  lab_stat_compute (&point->task_seconds, task, n);
  lab_stat_compute (&point->throughput_per_second, throughput, n);
  lab_stat_compute (&point->latency_p99_ms, p99, n);
  lab_stat_compute (&point->cpu_utilization, cpu, n);
  point->n_outliers = lab_stat_count_outliers (wall, n);
  point->amdahl_speedup = NAN;
}

static void
compute_speedup (LabSweep            *self,
                 const LabSweepPoint *baseline,
                 LabSweepPoint       *point)
{
  point->speedup = point->speedup_stddev = point->efficiency = NAN;
  if (baseline->n_used == 0 || point->n_used == 0)
    return;

  if (point->workers == baseline->workers)
    {
      point->speedup = baseline->workers;
      point->speedup_stddev = 0;
    }
  else
    {
      lab_stat_ratio (&baseline->task_seconds, &point->task_seconds,
                      &point->speedup, &point->speedup_stddev);
      point->speedup *= baseline->workers;
      point->speedup_stddev *= baseline->workers;
    }
  point->efficiency = point->speedup / point->workers;
}

/* Every point and the fit, computed once after the runs changed: a window
 * redraws from them several times a second. */
static void
ensure_points (LabSweep *self)
{
  guint n = self->workers->len, m = 0;
  g_autofree guint *workers = NULL;
  g_autofree double *speedups = NULL;
  LabSweepPoint baseline;
  LabAmdahlFit *fit = &self->fit;

  if (self->points != NULL)
    return;

  self->points = g_new0 (LabSweepPoint, n);
  for (guint i = 0; i < n; i++)
    compute_point (self, i, &self->points[i]);
  baseline = self->points[0];
  for (guint i = 0; i < n; i++)
    compute_speedup (self, &baseline, &self->points[i]);

  memset (fit, 0, sizeof *fit);
  fit->serial_fraction = fit->serial_fraction_stddev = fit->max_speedup = NAN;

  /* CPU work only. Speedups are against 1 worker: a sweep that starts
   * higher has them scaled by an assumption, which a fit must not rest on. */
  if (self->base->workload != LAB_WORKLOAD_PRIMES || baseline.workers != 1)
    return;

  workers = g_new (guint, n);
  speedups = g_new (double, n);
  for (guint i = 0; i < n && self->points[i].workers <= self->cores; i++)
    {
      if (!isfinite (self->points[i].speedup))
        continue;
      workers[m] = self->points[i].workers;
      speedups[m] = self->points[i].speedup;
      m++;
    }
  if (!lab_amdahl_fit (workers, speedups, m, fit))
    return;

  for (guint i = 0; i < n; i++)
    self->points[i].amdahl_speedup = 1.0 / (fit->serial_fraction +
                                            (1 - fit->serial_fraction) / self->points[i].workers);
}

void
lab_sweep_get_point (LabSweep      *self,
                     guint          i,
                     LabSweepPoint *point)
{
  g_return_if_fail (LAB_IS_SWEEP (self));
  g_return_if_fail (point != NULL);
  g_return_if_fail (i < self->workers->len);

  ensure_points (self);
  *point = self->points[i];
}

gboolean
lab_amdahl_fit (const guint  *workers,
                const double *speedups,
                guint         n,
                LabAmdahlFit *fit)
{
  double sum_ww = 0, sum_wd = 0, sum_rr = 0, s;
  guint informative = 0;

  g_return_val_if_fail (fit != NULL, FALSE);

  memset (fit, 0, sizeof *fit);
  fit->serial_fraction = fit->serial_fraction_stddev = fit->max_speedup = NAN;

  for (guint i = 0; i < n; i++)
    {
      double x, w;

      if (workers[i] == 0 || !isfinite (speedups[i]) || speedups[i] <= 0)
        continue;
      fit->max_workers_fitted = MAX (fit->max_workers_fitted, workers[i]);
      if (workers[i] == 1)
        continue;
      x = 1.0 / workers[i];
      w = 1 - x;
      sum_ww += w * w;
      sum_wd += w * (1.0 / speedups[i] - x);
      informative++;
    }
  if (informative == 0)
    return FALSE;

  s = sum_wd / sum_ww;
  for (guint i = 0; i < n; i++)
    {
      double x, r;

      if (workers[i] <= 1 || !isfinite (speedups[i]) || speedups[i] <= 0)
        continue;
      x = 1.0 / workers[i];
      r = (1.0 / speedups[i] - x) - s * (1 - x);
      sum_rr += r * r;
    }

  fit->valid = TRUE;
  fit->serial_fraction = s;
  /* One speedup determines s exactly: no residual to estimate its error. */
  if (informative >= 2)
    fit->serial_fraction_stddev = sqrt (sum_rr / (informative - 1) / sum_ww);
  fit->max_speedup = s > 0 ? 1.0 / s : INFINITY;
  return TRUE;
}

void
lab_sweep_get_fit (LabSweep     *self,
                   LabAmdahlFit *fit)
{
  g_return_if_fail (LAB_IS_SWEEP (self));
  g_return_if_fail (fit != NULL);

  ensure_points (self);
  *fit = self->fit;
}

guint
lab_sweep_get_saturation_workers (LabSweep *self)
{
  guint n = self->workers->len, m = 0;
  g_autofree guint *workers = g_new (guint, n);
  g_autofree double *throughput = g_new (double, n);

  g_return_val_if_fail (LAB_IS_SWEEP (self), 0);

  if (self->base->workload != LAB_WORKLOAD_URL)
    return 0;

  ensure_points (self);
  for (guint i = 0; i < n; i++)
    {
      const LabSweepPoint *point = &self->points[i];

      if (point->n_used == 0 || !isfinite (point->throughput_per_second.mean))
        continue;
      workers[m] = point->workers;
      throughput[m] = point->throughput_per_second.mean;
      m++;
    }

  /* The last point has no larger count to be beaten by: it cannot be
   * called saturated. */
  for (guint i = 0; i + 1 < m; i++)
    {
      double best_after = 0;

      for (guint j = i + 1; j < m; j++)
        best_after = MAX (best_after, throughput[j]);
      if (best_after < throughput[i] * (1 + SATURATION_GAIN))
        return workers[i];
    }
  return 0;
}

/* CPU work keeps min(workers, cores) cores busy (one core for async, and
 * under the simulated GIL): much less means other programs had the CPU. */
static double
expected_cpu (LabSweep *self,
              guint     workers)
{
  if (self->base->model == LAB_MODEL_ASYNC || self->base->simulate_gil)
    return 1;
  return MIN (workers, self->cores);
}

GPtrArray *
lab_sweep_dup_warnings (LabSweep *self)
{
  GPtrArray *warnings = g_ptr_array_new_with_free_func (g_free);
  guint n = self->workers->len;
  LabSweepPoint worst = { 0 };
  double worst_share = G_MAXDOUBLE;

  g_return_val_if_fail (LAB_IS_SWEEP (self), warnings);

  if (!lab_sweep_is_complete (self))
    g_ptr_array_add (warnings,
                     g_strdup_printf ("The sweep was interrupted after %u of %u runs; "
                                      "the numbers below use the runs that finished.",
                                      self->runs->len, n * self->runs_per_point));

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = lab_sweep_describe_workers (g_array_index (self->workers, guint, i));
      LabSweepPoint point;

      lab_sweep_get_point (self, i, &point);
      if (point.n_used < point.n_runs)
        {
          const char *reason = NULL;

          for (guint r = 0; r < self->runs->len && reason == NULL; r++)
            {
              const LabSweepRun *run = g_ptr_array_index (self->runs, r);

              if (run->point == i && !lab_sweep_run_is_used (run))
                reason = run->error != NULL ? run->error : lab_run_state_to_string (run->summary.state);
            }
          lab_stat_warn_left_out (warnings, name, point.n_runs, point.n_used, reason);
        }
      lab_stat_warn_spread (warnings, name, &point.wall_seconds, point.n_outliers);
      if (point.n_used > 0 && self->base->workload == LAB_WORKLOAD_PRIMES &&
          point.cpu_utilization.mean / expected_cpu (self, point.workers) < worst_share)
        {
          worst_share = point.cpu_utilization.mean / expected_cpu (self, point.workers);
          worst = point;
        }
    }

  if (worst_share < CONTENTION_SHARE)
    {
      g_autofree char *name = lab_sweep_describe_workers (worst.workers);
      g_autofree char *cpu = lab_format_fixed (worst.cpu_utilization.mean, 2);
      double expected = expected_cpu (self, worst.workers);

      g_ptr_array_add (warnings,
                       g_strdup_printf ("At %s the runs kept only %s cores busy of the %g they could: other "
                                        "programs were using the CPU, so the speedups and the Amdahl fit "
                                        "measure the machine's load as much as the model. Rerun on a quieter "
                                        "machine.", name, cpu, expected));
    }

  if (self->base->workload == LAB_WORKLOAD_PRIMES)
    {
      guint first = g_array_index (self->workers, guint, 0);
      LabAmdahlFit fit;

      lab_sweep_get_fit (self, &fit);
      if (first != 1)
        g_ptr_array_add (warnings,
                         g_strdup_printf ("The smallest worker count is %u, not 1: speedups are scaled "
                                          "as if %u workers were %u times as fast as one, and Amdahl's "
                                          "serial fraction is not fitted. Add 1 to --workers.",
                                          first, first, first));
      else if (!fit.valid)
        g_ptr_array_add (warnings,
                         g_strdup_printf ("Amdahl's serial fraction is not fitted: it needs 1 worker and at "
                                          "least one larger count up to the %u %s (beyond them the cores set "
                                          "the limit), each with a finished run.",
                                          self->cores, self->cores == 1 ? "core" : "cores"));
      else if (isnan (fit.serial_fraction_stddev))
        g_ptr_array_add (warnings,
                         g_strdup_printf ("The Amdahl fit rests on one speedup (at %u workers): it gives "
                                          "the serial fraction exactly, with no error estimate.%s",
                                          fit.max_workers_fitted,
                                          self->cores > 2 ? " Add worker counts up to the cores for one." : ""));
    }

  return warnings;
}
