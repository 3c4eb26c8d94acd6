/* lab-sweep-format.c: a sweep as a text table, Markdown and CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "lab-environment.h"
#include "lab-format.h"
#include "lab-json-writer.h"
#include "lab-snapshot.h"
#include "lab-sweep-private.h"

typedef enum
{
  COLUMN_WORKERS,
  COLUMN_RUNS,
  COLUMN_WALL,
  COLUMN_THROUGHPUT,
  COLUMN_P99,
  COLUMN_CPU,
  COLUMN_SPEEDUP,
  COLUMN_EFFICIENCY,
  COLUMN_AMDAHL,          /* CPU work only */
  N_COLUMNS
} Column;

static const char *titles[N_COLUMNS] = {
  [COLUMN_WORKERS]    = "workers",
  [COLUMN_RUNS]       = "runs",
  [COLUMN_WALL]       = "wall (mean ± σ)",
  [COLUMN_THROUGHPUT] = "throughput",
  [COLUMN_P99]        = "p99 latency",
  [COLUMN_CPU]        = "CPU",
  [COLUMN_SPEEDUP]    = "speedup",
  [COLUMN_EFFICIENCY] = "efficiency",
  [COLUMN_AMDAHL]     = "Amdahl",
};

static guint
n_columns (LabSweep *self)
{
  return self->base->workload == LAB_WORKLOAD_PRIMES ? N_COLUMNS : COLUMN_AMDAHL;
}

static char *
format_seconds_pm (const LabStat *stat)
{
  double magnitude = fabs (stat->mean);
  int decimals = magnitude < 10 ? 3 : magnitude < 100 ? 2 : magnitude < 1000 ? 1 : 0;
  g_autofree char *mean = NULL;
  g_autofree char *sd = NULL;

  if (stat->n == 0)
    return g_strdup ("—");
  mean = lab_format_fixed (stat->mean, decimals);
  /* One run has no σ to show. */
  if (stat->n == 1)
    return g_strdup_printf ("%s s", mean);
  sd = lab_format_fixed (stat->stddev, decimals);
  return g_strdup_printf ("%s ± %s s", mean, sd);
}

static void
fill_row (const LabSweepPoint *point,
          gboolean             baseline,
          char               **cells)
{
  gboolean any = point->n_used > 0;

  cells[COLUMN_WORKERS] = g_strdup_printf ("%u", point->workers);
  cells[COLUMN_RUNS] = point->n_used == point->n_runs
                       ? g_strdup_printf ("%u", point->n_runs)
                       : g_strdup_printf ("%u of %u", point->n_used, point->n_runs);
  cells[COLUMN_WALL] = format_seconds_pm (&point->wall_seconds);
  if (any)
    {
      g_autofree char *rate = lab_format_rate (point->throughput_per_second.mean);
      cells[COLUMN_THROUGHPUT] = g_strdup_printf ("%s/s", rate);
    }
  else
    cells[COLUMN_THROUGHPUT] = g_strdup ("—");
  cells[COLUMN_P99] = any && isfinite (point->latency_p99_ms.mean)
                      ? lab_format_millis (point->latency_p99_ms.mean) : g_strdup ("—");
  cells[COLUMN_CPU] = any ? lab_format_fixed (point->cpu_utilization.mean, 2) : g_strdup ("—");
  if (!isfinite (point->speedup))
    cells[COLUMN_SPEEDUP] = g_strdup ("—");
  else
    {
      g_autofree char *v = lab_format_fixed (point->speedup, 2);
      g_autofree char *sd = lab_format_fixed (point->speedup_stddev, 2);

      cells[COLUMN_SPEEDUP] = baseline || point->n_used == 1 ? g_strdup_printf ("%s×", v)
                                                             : g_strdup_printf ("%s× ± %s", v, sd);
    }
  cells[COLUMN_EFFICIENCY] = isfinite (point->efficiency) ? lab_format_percent (point->efficiency)
                                                          : g_strdup ("—");
  if (isfinite (point->amdahl_speedup))
    {
      g_autofree char *v = lab_format_fixed (point->amdahl_speedup, 2);
      cells[COLUMN_AMDAHL] = g_strdup_printf ("%s×", v);
    }
  else
    cells[COLUMN_AMDAHL] = g_strdup ("—");
}

/* "threads · primes · 20 000 tasks from 1 000 000 000 000 · timeout none · deadline none" */
static char *
describe_workload (LabSweep *self)
{
  const LabConfig *base = self->base;
  GString *line = g_string_new (NULL);
  g_autofree char *count = lab_format_grouped (base->count);
  g_autofree char *timeout = lab_format_duration (base->timeout);
  g_autofree char *deadline = lab_format_duration (base->deadline);

  g_string_append_printf (line, "%s · %s · %s tasks", lab_model_to_string (base->model),
                          lab_workload_kind_to_string (base->workload), count);
  if (base->workload == LAB_WORKLOAD_PRIMES)
    {
      g_autofree char *start = lab_format_grouped (base->start);
      g_string_append_printf (line, " from %s", start);
    }
  else if (base->urls == NULL || base->urls[0] == NULL)
    g_string_append (line, " on the built-in lab server");
  else
    g_string_append_printf (line, " on %s%s", base->urls[0], base->urls[1] != NULL ? " (and more)" : "");
  g_string_append_printf (line, " · timeout %s · deadline %s", timeout, deadline);
  if (base->chunk_size > 0)
    g_string_append_printf (line, " · chunk size %u", base->chunk_size);
  if (base->simulate_gil)
    {
      g_autofree char *interval = lab_format_duration (base->switch_interval);
      g_string_append_printf (line, " · simulated GIL, %s switch interval", interval);
    }

  return g_string_free (line, FALSE);
}

static char *
describe_counts (LabSweep *self)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < self->workers->len; i++)
    g_string_append_printf (out, "%s%u", i > 0 ? ", " : "", g_array_index (self->workers, guint, i));
  return g_string_free (out, FALSE);
}

/* The finding under the table: the fit (CPU work) or the saturation point
 * (I/O work), in sentences. */
static char *
describe_finding (LabSweep *self)
{
  GString *out = g_string_new (NULL);
  guint cores = self->cores;
  guint last = g_array_index (self->workers, guint, self->workers->len - 1);

  if (self->base->workload == LAB_WORKLOAD_PRIMES)
    {
      LabAmdahlFit fit;

      lab_sweep_get_fit (self, &fit);
      if (!fit.valid)
        g_string_append (out, "Amdahl's serial fraction: not fitted (see the warnings).\n");
      else
        {
          g_autofree char *s = lab_format_fixed (fit.serial_fraction, 3);

          g_string_append_printf (out, "Amdahl's law, fitted on 1 to %u workers (this machine has %u %s):\n"
                                  "serial fraction s = %s", fit.max_workers_fitted, cores,
                                  cores == 1 ? "core" : "cores", s);
          if (isfinite (fit.serial_fraction_stddev))
            {
              g_autofree char *sd = lab_format_fixed (fit.serial_fraction_stddev, 3);
              g_string_append_printf (out, " ± %s", sd);
            }
          else
            g_string_append (out, " (from one speedup: no error estimate)");
          if (fit.serial_fraction > 0)
            {
              g_autofree char *max = lab_format_fixed (fit.max_speedup, fit.max_speedup < 100 ? 1 : 0);
              g_string_append_printf (out, ",\nso at most %s× faster than one worker, however many cores.\n", max);
            }
          else
            g_string_append (out, ": no serial part shows;\nthe speedup is not limited within the counts measured.\n");
        }
      if (last > cores)
        g_string_append_printf (out, "Counts above %u are not fitted: there the limit is the %u %s, "
                                "not the serial part.\n", cores, cores, cores == 1 ? "core" : "cores");
    }
  else
    {
      guint saturation = lab_sweep_get_saturation_workers (self);

      if (saturation > 0)
        g_string_append_printf (out, "Adding workers stops paying at %u: no larger count gave 10 %% more "
                                "throughput.\n", saturation);
      else if (self->workers->len == 1)
        g_string_append (out, "One worker count: add more to --workers to see where throughput stops growing.\n");
      else
        g_string_append_printf (out, "Throughput still growing at %u workers (the largest count measured).\n",
                                last);
    }

  return g_string_free (out, FALSE);
}

char *
lab_sweep_describe_machine (LabSweep *self)
{
  return lab_environment_describe_stored (self->environment, NULL);
}

static const char legend[] =
  "speedup: task phase at the smallest count ÷ task phase at this count (start-up left out),\n"
  "times the smallest count; ± is one standard deviation. efficiency: speedup ÷ workers.\n"
  "CPU: cores kept busy on average.";

char *
lab_sweep_format_text (LabSweep *self)
{
  g_autoptr(GPtrArray) warnings = NULL;
  g_autofree char *workload = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *machine = NULL;
  g_autofree char *finding = NULL;
  g_autofree char **cells = NULL;
  guint n_points, n_cols;
  guint widths[N_COLUMNS] = { 0 };
  GString *out;

  g_return_val_if_fail (LAB_IS_SWEEP (self), NULL);

  warnings = lab_sweep_dup_warnings (self);
  workload = describe_workload (self);
  counts = describe_counts (self);
  machine = lab_sweep_describe_machine (self);
  finding = describe_finding (self);
  n_points = self->workers->len;
  n_cols = n_columns (self);
  cells = g_new0 (char *, (n_points + 1) * N_COLUMNS);
  out = g_string_new (NULL);

  for (guint c = 0; c < N_COLUMNS; c++)
    cells[c] = g_strdup (titles[c]);
  for (guint i = 0; i < n_points; i++)
    {
      LabSweepPoint point;

      lab_sweep_get_point (self, i, &point);
      fill_row (&point, i == 0, &cells[(i + 1) * N_COLUMNS]);
    }
  for (guint i = 0; i < (n_points + 1) * N_COLUMNS; i++)
    widths[i % N_COLUMNS] = MAX (widths[i % N_COLUMNS], (guint) g_utf8_strlen (cells[i], -1));

  g_string_append_printf (out, "Sweep: %s\n", workload);
  g_string_append_printf (out, "workers %s · %u %s each, interleaved · on %s\n\n", counts,
                          self->runs_per_point, self->runs_per_point == 1 ? "run" : "runs", machine);

  for (guint row = 0; row <= n_points; row++)
    {
      for (guint c = 0; c < n_cols; c++)
        {
          if (c > 0)
            g_string_append (out, "  ");
          lab_format_append_padded (out, cells[row * N_COLUMNS + c], widths[c], TRUE);
        }
      g_string_append_c (out, '\n');
    }

  g_string_append_printf (out, "\n%s\n%s\n", finding, legend);
  if (self->base->workload == LAB_WORKLOAD_PRIMES)
    g_string_append (out, "Amdahl: the fitted curve 1 ÷ (s + (1 − s) ÷ workers).\n");

  lab_format_append_warnings (out, warnings, FALSE);

  for (guint i = 0; i < (n_points + 1) * N_COLUMNS; i++)
    g_free (cells[i]);

  return g_string_free (out, FALSE);
}

char *
lab_sweep_format_markdown (LabSweep *self)
{
  g_autoptr(GPtrArray) warnings = NULL;
  g_autofree char *workload = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *machine = NULL;
  g_autofree char *created = NULL;
  g_autofree char *finding = NULL;
  guint n_cols;
  GString *out;

  g_return_val_if_fail (LAB_IS_SWEEP (self), NULL);

  warnings = lab_sweep_dup_warnings (self);
  workload = describe_workload (self);
  counts = describe_counts (self);
  machine = lab_sweep_describe_machine (self);
  created = lab_snapshot_format_time (self->created);
  finding = describe_finding (self);
  n_cols = n_columns (self);
  out = g_string_new (NULL);

  g_string_append_printf (out, "## Concurrency Lab sweep: %s, %s\n\n", lab_model_to_string (self->base->model),
                          lab_workload_kind_to_string (self->base->workload));
  g_string_append_printf (out, "%s  \nworkers %s · %u %s each, interleaved · %s · %s\n\n",
                          workload, counts, self->runs_per_point, self->runs_per_point == 1 ? "run" : "runs",
                          machine, created);

  g_string_append (out, "|");
  for (guint c = 0; c < n_cols; c++)
    g_string_append_printf (out, " %s |", titles[c]);
  g_string_append (out, "\n|");
  for (guint c = 0; c < n_cols; c++)
    g_string_append (out, " ---: |");
  g_string_append_c (out, '\n');

  for (guint i = 0; i < self->workers->len; i++)
    {
      char *cells[N_COLUMNS];
      LabSweepPoint point;

      lab_sweep_get_point (self, i, &point);
      fill_row (&point, i == 0, cells);
      g_string_append (out, "|");
      for (guint c = 0; c < N_COLUMNS; c++)
        {
          if (c < n_cols)
            g_string_append_printf (out, " %s |", cells[c]);
          g_free (cells[c]);
        }
      g_string_append_c (out, '\n');
    }

  /* Markdown joins lines of a paragraph: end each sentence line with two spaces. */
  g_string_append_c (out, '\n');
  {
    g_auto(GStrv) lines = g_strsplit (finding, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      if (*lines[i] != '\0')
        g_string_append_printf (out, "%s  \n", lines[i]);
  }
  g_string_append (out, "\nSpeedup is the task phase at the smallest worker count ÷ the task phase at this count "
                        "(start-up left out), times the smallest count. Efficiency is speedup ÷ workers.");
  if (self->base->workload == LAB_WORKLOAD_PRIMES)
    g_string_append (out, " Amdahl is the fitted curve 1 ÷ (s + (1 − s) ÷ workers).");
  g_string_append_c (out, '\n');

  lab_format_append_warnings (out, warnings, TRUE);

  return g_string_free (out, FALSE);
}

static void
append_csv_stat (GString       *line,
                 const LabStat *stat)
{
  lab_csv_append_double (line, stat->mean);
  lab_csv_append_double (line, stat->stddev);
}

char *
lab_sweep_format_csv (LabSweep *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (LAB_IS_SWEEP (self), NULL);

  g_string_append (out, "model,workload,workers,runs,runs_used,wall_mean_s,wall_stddev_s,task_mean_s,task_stddev_s,"
                        "throughput_mean_per_s,throughput_stddev_per_s,p99_mean_ms,p99_stddev_ms,"
                        "cpu_utilization_mean,cpu_utilization_stddev,speedup,speedup_stddev,efficiency,"
                        "amdahl_speedup,outliers\r\n");

  for (guint i = 0; i < self->workers->len; i++)
    {
      LabSweepPoint point;

      lab_sweep_get_point (self, i, &point);
      g_string_append_printf (out, "%s,%s,%u,%u,%u", lab_model_to_string (self->base->model),
                              lab_workload_kind_to_string (self->base->workload),
                              point.workers, point.n_runs, point.n_used);
      append_csv_stat (out, &point.wall_seconds);
      append_csv_stat (out, &point.task_seconds);
      append_csv_stat (out, &point.throughput_per_second);
      append_csv_stat (out, &point.latency_p99_ms);
      append_csv_stat (out, &point.cpu_utilization);
      lab_csv_append_double (out, point.speedup);
      lab_csv_append_double (out, point.speedup_stddev);
      lab_csv_append_double (out, point.efficiency);
      lab_csv_append_double (out, point.amdahl_speedup);
      g_string_append_printf (out, ",%u\r\n", point.n_outliers);
    }

  return g_string_free (out, FALSE);
}
