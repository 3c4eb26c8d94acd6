/* lab-sweep-json.c: a sweep as JSON (`concurrency-lab-sweep`), and read back
 *
 * The document holds the base config, the worker counts, every run's
 * summary (as in a snapshot) and, for readers, the statistics, the fit and
 * the warnings derived from them. Loading reads the runs only and derives
 * the rest again, so a loaded sweep is the one that was written. A sweep
 * is small (at most 64 points of summaries): json-glib reads it whole,
 * after a bound on its size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-config-json.h"
#include "lab-error.h"
#include "lab-json-writer.h"
#include "lab-snapshot.h"
#include "lab-sweep-private.h"

#define MAX_DOCUMENT_BYTES (64 * 1024 * 1024)
#define MAX_RUNS_PER_POINT 100000

/* Writing ------------------------------------------------------------------- */

static void
write_point (LabJsonWriter       *w,
             const LabSweepPoint *point)
{
  lab_json_writer_begin_object (w);
  lab_json_writer_member (w, "workers");
  lab_json_writer_uint (w, point->workers);
  lab_json_writer_member (w, "runs");
  lab_json_writer_uint (w, point->n_runs);
  lab_json_writer_member (w, "runs_used");
  lab_json_writer_uint (w, point->n_used);
  lab_json_writer_member (w, "wall_seconds");
  lab_stat_write_json (&point->wall_seconds, w);
  lab_json_writer_member (w, "task_seconds");
  lab_stat_write_json (&point->task_seconds, w);
  lab_json_writer_member (w, "throughput_per_second");
  lab_stat_write_json (&point->throughput_per_second, w);
  lab_json_writer_member (w, "latency_p99_ms");
  lab_stat_write_json (&point->latency_p99_ms, w);
  lab_json_writer_member (w, "cpu_utilization");
  lab_stat_write_json (&point->cpu_utilization, w);
  lab_json_writer_member (w, "speedup");
  lab_stat_write_mean_stddev_json (point->speedup, point->speedup_stddev, w);
  lab_json_writer_member (w, "efficiency");
  lab_json_writer_double (w, point->efficiency);
  lab_json_writer_member (w, "amdahl_speedup");
  lab_json_writer_double (w, point->amdahl_speedup);
  lab_json_writer_member (w, "outliers");
  lab_json_writer_uint (w, point->n_outliers);
  lab_json_writer_end_object (w);
}

static void
write_fit (LabJsonWriter *w,
           LabSweep      *self)
{
  LabAmdahlFit fit;

  if (self->base->workload != LAB_WORKLOAD_PRIMES)
    {
      lab_json_writer_null (w);
      return;
    }

  lab_sweep_get_fit (self, &fit);
  lab_json_writer_begin_object (w);
  lab_json_writer_member (w, "valid");
  lab_json_writer_boolean (w, fit.valid);
  lab_json_writer_member (w, "serial_fraction");
  lab_json_writer_double (w, fit.serial_fraction);
  lab_json_writer_member (w, "serial_fraction_stddev");
  lab_json_writer_double (w, fit.serial_fraction_stddev);
  lab_json_writer_member (w, "max_workers_fitted");
  lab_json_writer_uint (w, fit.max_workers_fitted);
  lab_json_writer_member (w, "max_speedup");
  lab_json_writer_double (w, fit.max_speedup);
  lab_json_writer_member (w, "cores");
  lab_json_writer_uint (w, self->cores);
  lab_json_writer_end_object (w);
}

gboolean
lab_sweep_write_json (LabSweep       *self,
                      GOutputStream  *stream,
                      GError        **error)
{
  g_autoptr(LabJsonWriter) w = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(JsonNode) config = NULL;
  guint saturation;

  g_return_val_if_fail (LAB_IS_SWEEP (self), FALSE);

  warnings = lab_sweep_dup_warnings (self);
  config = lab_config_to_json (self->base);
  saturation = lab_sweep_get_saturation_workers (self);

  w = lab_json_writer_new (stream);
  lab_snapshot_begin_document (w, LAB_SWEEP_FORMAT, LAB_SWEEP_VERSION, self->created, self->environment);
  lab_json_writer_member (w, "workload");
  lab_json_writer_string (w, lab_workload_kind_to_string (self->base->workload));
  lab_json_writer_member (w, "model");
  lab_json_writer_string (w, lab_model_to_string (self->base->model));
  lab_json_writer_member (w, "config");
  lab_json_writer_node (w, config);
  lab_json_writer_member (w, "workers");
  lab_json_writer_begin_array_inline (w);
  for (guint i = 0; i < self->workers->len; i++)
    lab_json_writer_uint (w, g_array_index (self->workers, guint, i));
  lab_json_writer_end_array (w);
  lab_json_writer_member (w, "runs_per_point");
  lab_json_writer_uint (w, self->runs_per_point);
  lab_json_writer_member (w, "complete");
  lab_json_writer_boolean (w, lab_sweep_is_complete (self));

  lab_json_writer_member (w, "points");
  lab_json_writer_begin_array (w);
  for (guint i = 0; i < self->workers->len; i++)
    {
      LabSweepPoint point;

      lab_sweep_get_point (self, i, &point);
      write_point (w, &point);
    }
  lab_json_writer_end_array (w);

  lab_json_writer_member (w, "fit");
  write_fit (w, self);
  lab_json_writer_member (w, "saturation_workers");
  if (self->base->workload == LAB_WORKLOAD_URL && saturation > 0)
    lab_json_writer_uint (w, saturation);
  else
    lab_json_writer_null (w);

  lab_json_writer_member (w, "warnings");
  lab_json_writer_string_array (w, warnings);

  lab_json_writer_member (w, "runs");
  lab_json_writer_begin_array (w);
  for (guint i = 0; i < self->runs->len; i++)
    {
      const LabSweepRun *run = g_ptr_array_index (self->runs, i);
      g_autoptr(LabConfig) run_config = lab_sweep_dup_point_config (self, run->point);

      lab_json_writer_begin_object (w);
      lab_json_writer_member (w, "workers");
      lab_json_writer_uint (w, run_config->workers);
      lab_json_writer_member (w, "repetition");
      lab_json_writer_uint (w, run->repetition);
      lab_json_writer_member (w, "order");
      lab_json_writer_uint (w, run->order);
      lab_json_writer_member (w, "used");
      lab_json_writer_boolean (w, lab_sweep_run_is_used (run));
      lab_json_writer_member (w, "summary");
      lab_snapshot_write_summary (w, run_config, &run->summary, run->http_status_counts, run->error);
      lab_json_writer_end_object (w);
    }
  lab_json_writer_end_array (w);

  lab_json_writer_end_object (w);
  return lab_json_writer_finish (w, error);
}
