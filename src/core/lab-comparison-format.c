/* lab-comparison-format.c: a comparison as a text table, Markdown and CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "lab-comparison-private.h"
#include "lab-environment.h"
#include "lab-format.h"
#include "lab-snapshot.h"

typedef enum
{
  COLUMN_MODEL,
  COLUMN_WORKERS,
  COLUMN_RUNS,
  COLUMN_WALL,
  COLUMN_STARTUP,
  COLUMN_TASK,
  COLUMN_SPEEDUP,
  COLUMN_SPEEDUP_STARTUP,
  COLUMN_EFFICIENCY,
  COLUMN_CPU,
  N_COLUMNS
} Column;

static const struct {
  const char *title;
  gboolean    right;
} columns[N_COLUMNS] = {
  [COLUMN_MODEL]           = { "model", FALSE },
  [COLUMN_WORKERS]         = { "workers", TRUE },
  [COLUMN_RUNS]            = { "runs", TRUE },
  [COLUMN_WALL]            = { "wall (mean ± σ)", TRUE },
  [COLUMN_STARTUP]         = { "start-up", TRUE },
  [COLUMN_TASK]            = { "task phase (mean ± σ)", TRUE },
  [COLUMN_SPEEDUP]         = { "speedup", TRUE },
  [COLUMN_SPEEDUP_STARTUP] = { "with start-up", TRUE },
  [COLUMN_EFFICIENCY]      = { "efficiency", TRUE },
  [COLUMN_CPU]             = { "CPU", TRUE },
};

static int
decimals_for (double value)
{
  double magnitude = fabs (value);

  return magnitude < 10 ? 3 : magnitude < 100 ? 2 : magnitude < 1000 ? 1 : 0;
}

static char *
format_seconds_pm (const LabStat *stat)
{
  int decimals = decimals_for (stat->mean);
  g_autofree char *mean = NULL;
  g_autofree char *sd = NULL;

  if (stat->n == 0)
    return g_strdup ("—");
  mean = lab_format_fixed (stat->mean, decimals);
  sd = lab_format_fixed (stat->stddev, decimals);
  return g_strdup_printf ("%s ± %s s", mean, sd);
}

static char *
format_speedup (gboolean has,
                double   value,
                double   stddev,
                gboolean is_baseline)
{
  g_autofree char *v = NULL;
  g_autofree char *sd = NULL;

  if (!has || !isfinite (value))
    return g_strdup ("—");
  v = lab_format_fixed (value, 2);
  if (is_baseline)
    return g_strdup_printf ("%s×", v);
  sd = lab_format_fixed (stddev, 2);
  return g_strdup_printf ("%s× ± %s", v, sd);
}

/* The cells of one model's row. */
static void
fill_row (LabComparison       *self,
          const LabModelStats *stats,
          char               **cells)
{
  gboolean baseline = stats->model == LAB_MODEL_SEQUENTIAL;

  cells[COLUMN_MODEL] = g_strdup (lab_model_to_string (stats->model));
  cells[COLUMN_WORKERS] = g_strdup_printf ("%u", stats->workers);
  cells[COLUMN_RUNS] = stats->n_used == stats->n_runs
                       ? g_strdup_printf ("%u", stats->n_runs)
                       : g_strdup_printf ("%u of %u", stats->n_used, stats->n_runs);
  cells[COLUMN_WALL] = format_seconds_pm (&stats->wall_seconds);
  cells[COLUMN_STARTUP] = stats->n_used > 0 ? lab_format_seconds (stats->startup_seconds.mean) : g_strdup ("—");
  cells[COLUMN_TASK] = format_seconds_pm (&stats->task_seconds);
  cells[COLUMN_SPEEDUP] = format_speedup (stats->has_speedup, stats->speedup, stats->speedup_stddev, baseline);
  cells[COLUMN_SPEEDUP_STARTUP] = format_speedup (stats->has_speedup, stats->speedup_with_startup,
                                                  stats->speedup_with_startup_stddev, baseline);
  cells[COLUMN_EFFICIENCY] = stats->has_speedup ? lab_format_percent (stats->efficiency) : g_strdup ("—");
  cells[COLUMN_CPU] = stats->n_used > 0 ? lab_format_fixed (stats->cpu_utilization.mean, 2) : g_strdup ("—");
}

static char *
describe_workload (LabComparison *self)
{
  const LabConfig *base = self->base;
  GString *line = g_string_new (lab_workload_kind_to_string (base->workload));
  g_autofree char *count = lab_format_grouped (base->count);
  g_autofree char *timeout = lab_format_duration (base->timeout);
  g_autofree char *deadline = lab_format_duration (base->deadline);

  g_string_append_printf (line, " · %s tasks", count);
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
  if (base->chunk_size > 0 && lab_comparison_has_model (self, LAB_MODEL_PROCESSES))
    g_string_append_printf (line, " · chunk size %u (processes)", base->chunk_size);
  if (base->simulate_gil && lab_comparison_has_model (self, LAB_MODEL_THREADS))
    {
      g_autofree char *interval = lab_format_duration (base->switch_interval);
      g_string_append_printf (line, " · simulated GIL, %s switch interval (threads)", interval);
    }

  return g_string_free (line, FALSE);
}

char *
lab_comparison_format_text (LabComparison *self)
{
  guint cores;
  g_autoptr(GPtrArray) warnings = lab_comparison_dup_warnings (self);
  g_autofree char *workload = describe_workload (self);
  g_autofree char *machine = lab_environment_describe_stored (self->environment, &cores);
  guint n_models = self->models->len;
  g_autofree char **cells = g_new0 (char *, (n_models + 1) * N_COLUMNS);
  guint widths[N_COLUMNS] = { 0 };
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (LAB_IS_COMPARISON (self), NULL);

  for (guint c = 0; c < N_COLUMNS; c++)
    cells[c] = g_strdup (columns[c].title);
  for (guint m = 0; m < n_models; m++)
    {
      LabModelStats stats;

      lab_comparison_get_stats (self, g_array_index (self->models, LabModel, m), &stats);
      fill_row (self, &stats, &cells[(m + 1) * N_COLUMNS]);
    }
  for (guint i = 0; i < (n_models + 1) * N_COLUMNS; i++)
    widths[i % N_COLUMNS] = MAX (widths[i % N_COLUMNS], (guint) g_utf8_strlen (cells[i], -1));

  g_string_append_printf (out, "Comparison: %s\n", workload);
  g_string_append_printf (out, "%u %s per model, interleaved · on %s\n\n", self->runs_per_model,
                          self->runs_per_model == 1 ? "run" : "runs", machine);

  for (guint row = 0; row <= n_models; row++)
    {
      for (guint c = 0; c < N_COLUMNS; c++)
        {
          if (c > 0)
            g_string_append (out, "  ");
          lab_format_append_padded (out, cells[row * N_COLUMNS + c], widths[c], columns[c].right);
        }
      while (out->len > 0 && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
      g_string_append_c (out, '\n');
    }

  g_string_append_printf (out,
                          "\nspeedup: sequential time ÷ this model's time, on the task phase (start-up left out);\n"
                          "“with start-up” divides whole wall times. ± is one standard deviation.\n"
                          "efficiency: speedup ÷ workers. For CPU work the best possible speedup here is\n"
                          "min(workers, %u cores). CPU: cores kept busy on average.\n", cores);

  lab_format_append_warnings (out, warnings, FALSE);

  for (guint i = 0; i < (n_models + 1) * N_COLUMNS; i++)
    g_free (cells[i]);

  return g_string_free (out, FALSE);
}

char *
lab_comparison_format_markdown (LabComparison *self)
{
  g_autoptr(GPtrArray) warnings = lab_comparison_dup_warnings (self);
  g_autofree char *workload = describe_workload (self);
  g_autofree char *machine = lab_environment_describe_stored (self->environment, NULL);
  g_autofree char *created = lab_snapshot_format_time (self->created);
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (LAB_IS_COMPARISON (self), NULL);

  g_string_append_printf (out, "## Concurrency Lab comparison: %s\n\n",
                          lab_workload_kind_to_string (self->base->workload));
  g_string_append_printf (out, "%s  \n%u runs per model, interleaved · %s · %s\n\n",
                          workload, self->runs_per_model, machine, created);

  g_string_append (out, "|");
  for (guint c = 0; c < N_COLUMNS; c++)
    g_string_append_printf (out, " %s |", columns[c].title);
  g_string_append (out, "\n|");
  for (guint c = 0; c < N_COLUMNS; c++)
    g_string_append (out, columns[c].right ? " ---: |" : " --- |");
  g_string_append_c (out, '\n');

  for (guint m = 0; m < self->models->len; m++)
    {
      char *cells[N_COLUMNS];
      LabModelStats stats;

      lab_comparison_get_stats (self, g_array_index (self->models, LabModel, m), &stats);
      fill_row (self, &stats, cells);
      g_string_append (out, "|");
      for (guint c = 0; c < N_COLUMNS; c++)
        {
          g_string_append_printf (out, " %s |", cells[c]);
          g_free (cells[c]);
        }
      g_string_append_c (out, '\n');
    }

  g_string_append (out, "\nSpeedup is sequential time ÷ model time on the task phase (start-up left out); "
                        "“with start-up” divides whole wall times. Efficiency is speedup ÷ workers.\n");

  lab_format_append_warnings (out, warnings, TRUE);

  return g_string_free (out, FALSE);
}

char *
lab_comparison_format_csv (LabComparison *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (LAB_IS_COMPARISON (self), NULL);

  g_string_append (out, "model,workers,runs,runs_used,wall_mean_s,wall_stddev_s,wall_median_s,"
                        "startup_mean_s,task_mean_s,task_stddev_s,speedup,speedup_stddev,"
                        "speedup_with_startup,speedup_with_startup_stddev,efficiency,ideal_speedup,"
                        "parallel_efficiency,cpu_utilization,throughput_per_second,outliers\r\n");

  for (guint m = 0; m < self->models->len; m++)
    {
      LabModelStats stats;

      lab_comparison_get_stats (self, g_array_index (self->models, LabModel, m), &stats);
      g_string_append_printf (out, "%s,%u,%u,%u", lab_model_to_string (stats.model), stats.workers,
                              stats.n_runs, stats.n_used);
      lab_csv_append_double (out, stats.wall_seconds.mean);
      lab_csv_append_double (out, stats.wall_seconds.stddev);
      lab_csv_append_double (out, stats.wall_seconds.median);
      lab_csv_append_double (out, stats.startup_seconds.mean);
      lab_csv_append_double (out, stats.task_seconds.mean);
      lab_csv_append_double (out, stats.task_seconds.stddev);
      lab_csv_append_double (out, stats.speedup);
      lab_csv_append_double (out, stats.speedup_stddev);
      lab_csv_append_double (out, stats.speedup_with_startup);
      lab_csv_append_double (out, stats.speedup_with_startup_stddev);
      lab_csv_append_double (out, stats.efficiency);
      lab_csv_append_double (out, stats.ideal_speedup);
      lab_csv_append_double (out, stats.parallel_efficiency.mean);
      lab_csv_append_double (out, stats.cpu_utilization.mean);
      lab_csv_append_double (out, stats.throughput_per_second.mean);
      g_string_append_printf (out, ",%u\r\n", stats.n_outliers);
    }

  return g_string_free (out, FALSE);
}
