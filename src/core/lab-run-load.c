/* lab-run-load.c: a finished LabRun rebuilt from a snapshot
 *
 * The records go through the same aggregation as a live run's, so bins,
 * latency histogram, worker stats and maximum concurrency come out the
 * same; what records cannot give (start-up and end times, CPU and loop lag
 * per bin, the machine it ran on) is restored from the snapshot. A loaded
 * run has no sampler thread and never emits progress.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-environment.h"
#include "lab-error.h"
#include "lab-run-load.h"
#include "lab-run-private.h"
#include "lab-snapshot-reader.h"

void
lab_run_load_clear (LabRunLoad *load)
{
  g_clear_pointer (&load->config, lab_config_free);
  g_clear_pointer (&load->created, g_date_time_unref);
  g_clear_pointer (&load->error_message, g_free);
  g_clear_pointer (&load->records, g_array_unref);
  g_clear_pointer (&load->cpu_bins, g_array_unref);
  g_clear_pointer (&load->loop_lag_bins, g_array_unref);
  g_clear_pointer (&load->environment, json_node_unref);
}

static LabSeriesBin *
ensure_bin (LabRun *self,
            guint   index)
{
  while (self->bins->len <= index)
    {
      LabSeriesBin bin = { 0 };

      bin.cpu = NAN;
      bin.loop_lag_ms = NAN;
      g_array_append_val (self->bins, bin);
    }
  return &g_array_index (self->bins, LabSeriesBin, index);
}

LabRun *
lab_run_new_loaded (LabRunLoad *load)
{
  LabRun *self;
  const LabTaskRecord *records;
  gsize n_bins;

  g_return_val_if_fail (load != NULL && load->config != NULL && load->records != NULL, NULL);
  g_return_val_if_fail (load->state >= LAB_RUN_STATE_DONE, NULL);

  self = g_object_new (LAB_TYPE_RUN, NULL);
  self->config = lab_config_copy (load->config);
  self->context = g_main_context_ref_thread_default ();
  self->created = load->created != NULL ? g_steal_pointer (&load->created)
                                        : g_date_time_new_now_utc ();
  self->n_workers = lab_config_get_effective_workers (self->config);
  self->workers = g_new0 (LabWorkerStats, self->n_workers);
  self->seen = g_malloc ((self->config->count + 7) / 8);
  memset (self->seen, 0xff, (self->config->count + 7) / 8);

  self->loaded = TRUE;
  self->state = load->state;
  self->origin = 0;
  self->end_us = load->wall_us;
  self->ready_us = MIN (load->ready_us, load->wall_us);
  self->cpu_total = self->end_cpu = load->cpu_total_us;
  self->loaded_loop_lag_p99_ms = load->loop_lag_p99_ms;
  self->loaded_loop_lag_max_ms = load->loop_lag_max_ms;
  self->environment = g_steal_pointer (&load->environment);
  if (load->error_message != NULL)
    self->error = g_error_new_literal (LAB_ERROR, LAB_ERROR_FAILED, load->error_message);

  /* The records are the run's own array from now on: no copy. */
  g_clear_pointer (&self->records, g_array_unref);
  self->records = g_steal_pointer (&load->records);
  records = (const LabTaskRecord *) (gpointer) self->records->data;
  for (guint i = 0; i < self->records->len; i++)
    lab_run_aggregate_record_locked (self, &records[i]);

  n_bins = MAX (load->cpu_bins != NULL ? load->cpu_bins->len : 0,
                load->loop_lag_bins != NULL ? load->loop_lag_bins->len : 0);
  if (n_bins > 0)
    ensure_bin (self, n_bins - 1);
  for (gsize i = 0; load->cpu_bins != NULL && i < load->cpu_bins->len; i++)
    g_array_index (self->bins, LabSeriesBin, i).cpu = g_array_index (load->cpu_bins, double, i);
  for (gsize i = 0; load->loop_lag_bins != NULL && i < load->loop_lag_bins->len; i++)
    g_array_index (self->bins, LabSeriesBin, i).loop_lag_ms = g_array_index (load->loop_lag_bins, double, i);

  return self;
}

JsonNode *
lab_snapshot_get_environment (LabRun *run)
{
  g_return_val_if_fail (LAB_IS_RUN (run), NULL);
  return run->environment;
}

char *
lab_snapshot_describe_machine (LabRun *run,
                               guint  *cores)
{
  g_return_val_if_fail (LAB_IS_RUN (run), NULL);

  return lab_environment_describe_stored (run->environment, cores);
}
