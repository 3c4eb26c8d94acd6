/* lab-comparison.c
 *
 * A comparison keeps, for every run, its config and summary (never its
 * records, so many repetitions of a big run stay small) and derives per
 * model: mean ± σ of the times, the speedup against sequential with its σ
 * (relative errors added in quadrature, as hyperfine does for "x ± σ times
 * faster"), efficiency, and outliers by the modified z-score. Its outputs
 * are in lab-comparison-json.c and lab-comparison-format.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-comparison-private.h"
#include "lab-environment.h"

G_DEFINE_FINAL_TYPE (LabComparison, lab_comparison, G_TYPE_OBJECT)

static void
comparison_run_free (LabComparisonRun *run)
{
  lab_config_free (run->config);
  g_free (run->http_status_counts);
  g_free (run->error);
  g_free (run);
}

static void
lab_comparison_finalize (GObject *object)
{
  LabComparison *self = (LabComparison *) object;

  g_clear_pointer (&self->base, lab_config_free);
  g_clear_pointer (&self->models, g_array_unref);
  g_clear_pointer (&self->runs, g_ptr_array_unref);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->environment, json_node_unref);

  G_OBJECT_CLASS (lab_comparison_parent_class)->finalize (object);
}

static void
lab_comparison_class_init (LabComparisonClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lab_comparison_finalize;
}

static void
lab_comparison_init (LabComparison *self)
{
  self->models = g_array_new (FALSE, FALSE, sizeof (LabModel));
  self->runs = g_ptr_array_new_with_free_func ((GDestroyNotify) comparison_run_free);
  self->created = g_date_time_new_now_utc ();
  self->cores = lab_environment_get_current ()->cores;
}

LabComparison *
lab_comparison_new (const LabConfig *base,
                    const LabModel  *models,
                    guint            n_models,
                    guint            runs_per_model)
{
  LabComparison *self;

  g_return_val_if_fail (base != NULL, NULL);
  g_return_val_if_fail (models != NULL && n_models > 0, NULL);
  g_return_val_if_fail (runs_per_model > 0, NULL);

  self = g_object_new (LAB_TYPE_COMPARISON, NULL);
  self->base = lab_config_copy (base);
  g_array_append_vals (self->models, models, n_models);
  self->runs_per_model = runs_per_model;

  return self;
}

void
lab_comparison_add_run (LabComparison *self,
                        LabRun        *run,
                        guint          repetition)
{
  LabComparisonRun *entry;
  const GError *error;

  g_return_if_fail (LAB_IS_COMPARISON (self));
  g_return_if_fail (LAB_IS_RUN (run));

  entry = g_new0 (LabComparisonRun, 1);
  entry->config = lab_config_copy (lab_run_get_config (run));
  entry->repetition = repetition;
  entry->order = self->runs->len + 1;
  lab_run_get_summary (run, &entry->summary);
  if ((error = lab_run_get_error (run)) != NULL)
    entry->error = g_strdup (error->message);
  if (entry->config->workload == LAB_WORKLOAD_URL)
    {
      lab_run_lock (run);
      entry->http_status_counts = g_memdup2 (lab_run_peek_http_status_counts (run),
                                             LAB_HTTP_STATUS_MAX * sizeof (guint64));
      lab_run_unlock (run);
    }

  g_ptr_array_add (self->runs, entry);
}

guint
lab_comparison_get_n_runs (LabComparison *self)
{
  g_return_val_if_fail (LAB_IS_COMPARISON (self), 0);
  return self->runs->len;
}

gboolean
lab_comparison_is_complete (LabComparison *self)
{
  g_return_val_if_fail (LAB_IS_COMPARISON (self), FALSE);
  return self->runs->len >= self->models->len * self->runs_per_model;
}

guint
lab_comparison_get_n_models (LabComparison *self)
{
  g_return_val_if_fail (LAB_IS_COMPARISON (self), 0);
  return self->models->len;
}

LabModel
lab_comparison_get_model (LabComparison *self,
                          guint          i)
{
  g_return_val_if_fail (LAB_IS_COMPARISON (self), LAB_MODEL_SEQUENTIAL);
  g_return_val_if_fail (i < self->models->len, LAB_MODEL_SEQUENTIAL);
  return g_array_index (self->models, LabModel, i);
}

gboolean
lab_comparison_has_model (LabComparison *self,
                          LabModel       model)
{
  for (guint i = 0; i < self->models->len; i++)
    if (g_array_index (self->models, LabModel, i) == model)
      return TRUE;
  return FALSE;
}

/* Statistics ---------------------------------------------------------------- */

gboolean
lab_comparison_run_is_used (const LabComparisonRun *run)
{
  return run->summary.state == LAB_RUN_STATE_DONE;
}

/* The runs of @model that enter the statistics, as arrays of each measure. */
static guint
collect (LabComparison *self,
         LabModel       model,
         double        *wall,
         double        *startup,
         double        *task,
         double        *throughput,
         double        *cpu,
         double        *efficiency,
         double        *p99)
{
  guint n = 0;

  for (guint i = 0; i < self->runs->len; i++)
    {
      const LabComparisonRun *run = g_ptr_array_index (self->runs, i);

      if (run->config->model != model || !lab_comparison_run_is_used (run))
        continue;
      wall[n] = run->summary.wall_seconds;
      startup[n] = run->summary.startup_seconds;
      task[n] = run->summary.task_seconds;
      throughput[n] = run->summary.throughput_per_second;
      cpu[n] = run->summary.cpu_utilization;
      efficiency[n] = run->summary.parallel_efficiency;
      p99[n] = run->summary.latency_ms.p99;
      n++;
    }
  return n;
}

static void
compute_times (LabComparison *self,
               LabModel       model,
               LabModelStats *stats)
{
  guint cap = self->runs->len + 1;
  g_autofree double *wall = g_new (double, cap);
  g_autofree double *startup = g_new (double, cap);
  g_autofree double *task = g_new (double, cap);
  g_autofree double *throughput = g_new (double, cap);
  g_autofree double *cpu = g_new (double, cap);
  g_autofree double *efficiency = g_new (double, cap);
  g_autofree double *p99 = g_new (double, cap);
  guint n = collect (self, model, wall, startup, task, throughput, cpu, efficiency, p99);

  stats->n_used = n;
  lab_stat_compute (&stats->wall_seconds, wall, n);
  lab_stat_compute (&stats->startup_seconds, startup, n);
  lab_stat_compute (&stats->task_seconds, task, n);
  lab_stat_compute (&stats->throughput_per_second, throughput, n);
  lab_stat_compute (&stats->cpu_utilization, cpu, n);
  lab_stat_compute (&stats->parallel_efficiency, efficiency, n);
  lab_stat_compute (&stats->latency_p99_ms, p99, n);

  stats->n_outliers = lab_stat_count_outliers (wall, n);
}

void
lab_comparison_get_stats (LabComparison *self,
                          LabModel       model,
                          LabModelStats *stats)
{
  g_autoptr(LabConfig) config = NULL;
  LabModelStats baseline = { 0 };

  g_return_if_fail (LAB_IS_COMPARISON (self));
  g_return_if_fail (stats != NULL);

  memset (stats, 0, sizeof *stats);
  stats->model = model;

  config = lab_comparison_dup_model_config (self, model);
  stats->workers = lab_config_get_effective_workers (config);
  for (guint i = 0; i < self->runs->len; i++)
    if (((LabComparisonRun *) g_ptr_array_index (self->runs, i))->config->model == model)
      stats->n_runs++;

  compute_times (self, model, stats);

  if (self->base->workload == LAB_WORKLOAD_PRIMES)
    stats->ideal_speedup = MIN (stats->workers, self->cores);
  else
    stats->ideal_speedup = stats->workers;

  stats->speedup = stats->speedup_stddev = NAN;
  stats->speedup_with_startup = stats->speedup_with_startup_stddev = NAN;
  stats->efficiency = NAN;

  if (!lab_comparison_has_model (self, LAB_MODEL_SEQUENTIAL))
    return;
  compute_times (self, LAB_MODEL_SEQUENTIAL, &baseline);
  if (baseline.n_used == 0 || stats->n_used == 0)
    return;

  stats->has_speedup = TRUE;
  if (model == LAB_MODEL_SEQUENTIAL)
    {
      /* The baseline against itself: exactly 1. */
      stats->speedup = stats->speedup_with_startup = 1;
      stats->speedup_stddev = stats->speedup_with_startup_stddev = 0;
    }
  else
    {
      lab_stat_ratio (&baseline.task_seconds, &stats->task_seconds,
                        &stats->speedup, &stats->speedup_stddev);
      lab_stat_ratio (&baseline.wall_seconds, &stats->wall_seconds,
                        &stats->speedup_with_startup, &stats->speedup_with_startup_stddev);
    }
  stats->efficiency = stats->speedup / stats->workers;
}

/* The config a model's runs use: the shared options, with those that
 * concern one model only kept for that model. */
LabConfig *
lab_comparison_dup_model_config (LabComparison *self,
                                 LabModel       model)
{
  LabConfig *config = lab_config_copy (self->base);

  config->model = model;
  if (model != LAB_MODEL_PROCESSES)
    config->chunk_size = 0;
  if (model != LAB_MODEL_THREADS)
    config->simulate_gil = FALSE;

  return config;
}

GPtrArray *
lab_comparison_dup_warnings (LabComparison *self)
{
  GPtrArray *warnings = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (LAB_IS_COMPARISON (self), warnings);

  if (!lab_comparison_is_complete (self))
    g_ptr_array_add (warnings,
                     g_strdup_printf ("The comparison was interrupted after %u of %u runs; "
                                      "the numbers below use the runs that finished.",
                                      self->runs->len, self->models->len * self->runs_per_model));

  if (!lab_comparison_has_model (self, LAB_MODEL_SEQUENTIAL))
    g_ptr_array_add (warnings,
                     g_strdup ("sequential is not among --models, so there is no speedup: "
                               "add it to --models to measure against the one-task-at-a-time baseline."));

  for (guint m = 0; m < self->models->len; m++)
    {
      LabModel model = g_array_index (self->models, LabModel, m);
      const char *name = lab_model_to_string (model);
      LabModelStats stats;

      lab_comparison_get_stats (self, model, &stats);

      if (stats.n_used < stats.n_runs)
        {
          const char *reason = NULL;

          for (guint i = 0; i < self->runs->len && reason == NULL; i++)
            {
              const LabComparisonRun *run = g_ptr_array_index (self->runs, i);

              if (run->config->model == model && !lab_comparison_run_is_used (run))
                reason = run->error != NULL ? run->error : lab_run_state_to_string (run->summary.state);
            }
          lab_stat_warn_left_out (warnings, name, stats.n_runs, stats.n_used, reason);
        }
      lab_stat_warn_spread (warnings, name, &stats.wall_seconds, stats.n_outliers);
    }

  return warnings;
}
