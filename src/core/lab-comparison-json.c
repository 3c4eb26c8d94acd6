/* lab-comparison-json.c: a comparison as JSON (`concurrency-lab-comparison`),
 * with each run's config and summary as in a snapshot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-comparison-private.h"
#include "lab-config-json.h"
#include "lab-json-writer.h"
#include "lab-snapshot.h"

gboolean
lab_comparison_write_json (LabComparison  *self,
                           GOutputStream  *stream,
                           GError        **error)
{
  g_autoptr(LabJsonWriter) w = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  gboolean has_baseline;

  g_return_val_if_fail (LAB_IS_COMPARISON (self), FALSE);

  warnings = lab_comparison_dup_warnings (self);
  has_baseline = lab_comparison_has_model (self, LAB_MODEL_SEQUENTIAL);

  w = lab_json_writer_new (stream);
  lab_snapshot_begin_document (w, LAB_COMPARISON_FORMAT, LAB_COMPARISON_VERSION,
                               self->created, self->environment);
  lab_json_writer_member (w, "workload");
  lab_json_writer_string (w, lab_workload_kind_to_string (self->base->workload));
  lab_json_writer_member (w, "models");
  lab_json_writer_begin_array_inline (w);
  for (guint m = 0; m < self->models->len; m++)
    lab_json_writer_string (w, lab_model_to_string (g_array_index (self->models, LabModel, m)));
  lab_json_writer_end_array (w);
  lab_json_writer_member (w, "runs_per_model");
  lab_json_writer_uint (w, self->runs_per_model);
  lab_json_writer_member (w, "complete");
  lab_json_writer_boolean (w, lab_comparison_is_complete (self));
  lab_json_writer_member (w, "baseline");
  lab_json_writer_string (w, has_baseline ? "sequential" : NULL);

  lab_json_writer_member (w, "statistics");
  lab_json_writer_begin_object (w);
  for (guint m = 0; m < self->models->len; m++)
    {
      LabModel model = g_array_index (self->models, LabModel, m);
      LabModelStats stats;

      lab_comparison_get_stats (self, model, &stats);
      lab_json_writer_member (w, lab_model_to_string (model));
      lab_json_writer_begin_object (w);
      lab_json_writer_member (w, "workers");
      lab_json_writer_uint (w, stats.workers);
      lab_json_writer_member (w, "runs");
      lab_json_writer_uint (w, stats.n_runs);
      lab_json_writer_member (w, "runs_used");
      lab_json_writer_uint (w, stats.n_used);
      lab_json_writer_member (w, "wall_seconds");
      lab_stat_write_json (&stats.wall_seconds, w);
      lab_json_writer_member (w, "startup_seconds");
      lab_stat_write_json (&stats.startup_seconds, w);
      lab_json_writer_member (w, "task_seconds");
      lab_stat_write_json (&stats.task_seconds, w);
      lab_json_writer_member (w, "throughput_per_second");
      lab_stat_write_json (&stats.throughput_per_second, w);
      lab_json_writer_member (w, "cpu_utilization");
      lab_stat_write_json (&stats.cpu_utilization, w);
      lab_json_writer_member (w, "parallel_efficiency");
      lab_stat_write_json (&stats.parallel_efficiency, w);
      lab_json_writer_member (w, "outliers");
      lab_json_writer_uint (w, stats.n_outliers);
      lab_json_writer_end_object (w);
    }
  lab_json_writer_end_object (w);

  lab_json_writer_member (w, "speedup");
  if (!has_baseline)
    lab_json_writer_null (w);
  else
    {
      lab_json_writer_begin_object (w);
      for (guint m = 0; m < self->models->len; m++)
        {
          LabModel model = g_array_index (self->models, LabModel, m);
          LabModelStats stats;

          lab_comparison_get_stats (self, model, &stats);
          lab_json_writer_member (w, lab_model_to_string (model));
          lab_json_writer_begin_object (w);
          lab_json_writer_member (w, "task");
          lab_stat_write_mean_stddev_json (stats.speedup, stats.speedup_stddev, w);
          lab_json_writer_member (w, "with_startup");
          lab_stat_write_mean_stddev_json (stats.speedup_with_startup, stats.speedup_with_startup_stddev, w);
          lab_json_writer_member (w, "efficiency");
          lab_json_writer_double (w, stats.efficiency);
          lab_json_writer_member (w, "ideal");
          lab_json_writer_double (w, stats.ideal_speedup);
          lab_json_writer_end_object (w);
        }
      lab_json_writer_end_object (w);
    }

  lab_json_writer_member (w, "warnings");
  lab_json_writer_string_array (w, warnings);

  lab_json_writer_member (w, "runs");
  lab_json_writer_begin_array (w);
  for (guint i = 0; i < self->runs->len; i++)
    {
      const LabComparisonRun *run = g_ptr_array_index (self->runs, i);
      g_autoptr(JsonNode) config = lab_config_to_json (run->config);

      lab_json_writer_begin_object (w);
      lab_json_writer_member (w, "model");
      lab_json_writer_string (w, lab_model_to_string (run->config->model));
      lab_json_writer_member (w, "repetition");
      lab_json_writer_uint (w, run->repetition);
      lab_json_writer_member (w, "order");
      lab_json_writer_uint (w, run->order);
      lab_json_writer_member (w, "used");
      lab_json_writer_boolean (w, lab_comparison_run_is_used (run));
      lab_json_writer_member (w, "config");
      lab_json_writer_node (w, config);
      lab_json_writer_member (w, "summary");
      lab_snapshot_write_summary (w, run->config, &run->summary, run->http_status_counts, run->error);
      lab_json_writer_end_object (w);
    }
  lab_json_writer_end_array (w);

  lab_json_writer_end_object (w);
  return lab_json_writer_finish (w, error);
}
