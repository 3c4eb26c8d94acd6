/* lab-series-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-series-model.h"

void
lab_series_model_init (LabSeriesModel *self)
{
  g_return_if_fail (self != NULL);

  *self = (LabSeriesModel) { 0 };
  self->bin_width_us = LAB_RUN_BIN_WIDTH;
  self->cores = MAX (1, g_get_num_processors ());
  self->workers = 1;
  self->bins = g_array_new (FALSE, TRUE, sizeof (LabSeriesBin));
}

void
lab_series_model_clear (LabSeriesModel *self)
{
  g_clear_pointer (&self->bins, g_array_unref);
}

void
lab_series_model_update (LabSeriesModel *self,
                         LabRun         *run)
{
  const LabConfig *config = lab_run_get_config (run);
  const LabSeriesBin *bins;
  LabSummary summary;
  gsize n_bins;

  lab_run_get_summary (run, &summary);

  self->workload = config->workload;
  self->workers = lab_config_get_effective_workers (config);
  self->bin_width_us = LAB_RUN_BIN_WIDTH;
  self->elapsed_us = lab_run_get_elapsed (run);
  self->startup_us = (gint64) (summary.startup_seconds * G_USEC_PER_SEC);

  lab_run_lock (run);
  bins = lab_run_peek_bins (run, &n_bins);
  g_array_set_size (self->bins, 0);
  g_array_append_vals (self->bins, bins, n_bins);
  lab_run_unlock (run);

  /* Records may end a little after the elapsed time was read. */
  self->elapsed_us = MAX (self->elapsed_us, 0);
}

gint64
lab_series_model_bin_duration (const LabSeriesModel *self,
                               guint                 index)
{
  gint64 begin = (gint64) index * self->bin_width_us;
  gint64 end = MIN (begin + self->bin_width_us, self->elapsed_us);

  return MAX (0, end - begin);
}
