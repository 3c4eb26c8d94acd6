/* lab-bench-util.h: what the benchmarks share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdio.h>

#include "lab-executor.h"
#include "lab-primes.h"
#include "lab-run.h"

static inline LabConfig *
lab_bench_config (LabModel model,
                  guint    workers)
{
  LabConfig *config = lab_config_new ();

  config->model = model;
  config->workers = workers;
  return config;
}

/* Runs @config to its end and fills @summary; aborts on an engine error. */
static inline void
lab_bench_run (const LabConfig *config,
               LabSummary      *summary)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabExecutor) executor = lab_executor_new_for_config (config, &error);
  g_autoptr(LabRun) run = NULL;

  g_assert_no_error (error);
  run = lab_run_new (config);
  lab_executor_run (executor, run, NULL, &error);
  g_assert_no_error (error);
  lab_run_get_summary (run, summary);
}

/* The best (shortest task phase) of @repeats runs: the least disturbed by
 * whatever else the machine is doing. */
static inline void
lab_bench_best_of (const LabConfig *config,
                   guint            repeats,
                   LabSummary      *best)
{
  for (guint i = 0; i < repeats; i++)
    {
      LabSummary summary;

      lab_bench_run (config, &summary);
      if (i == 0 || summary.task_seconds < best->task_seconds)
        *best = summary;
    }
}

/* Seconds of pure work for tasks [start, start + count) on one core, no
 * executor at all: what a model adds is measured against this. */
static inline double
lab_bench_bare_work (guint64 start,
                     guint64 count)
{
  gint64 begin = g_get_monotonic_time ();
  volatile guint64 found = 0;

  for (guint64 i = 0; i < count; i++)
    found += lab_is_prime (start + i);

  return (g_get_monotonic_time () - begin) / 1e6;
}

static inline void
lab_bench_verdict (const char *what,
                   double      value,
                   const char *op,
                   double      target)
{
  gboolean met = g_str_equal (op, "<=") ? value <= target : value >= target;

  printf ("  %-58s %10.3f  (target %s %g: %s)\n", what, value, op, target, met ? "met" : "NOT MET");
}

/* Runs python3 with @script; returns its stdout stripped, or NULL. */
static inline char *
lab_bench_python (const char *script)
{
  const char *argv[] = { "python3", "-c", script, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    {
      printf ("  (python3 not available: %s)\n", err ? g_strstrip (err) : "not found");
      return NULL;
    }

  return g_strdup (g_strstrip (out));
}
