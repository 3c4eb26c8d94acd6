/* lab-series-model.h: a run's time series as the charts read it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-run.h"

G_BEGIN_DECLS

/* A copy of a run's series bins and what is needed to read them: a plain
 * value, so tests and exports can fill one in by hand. */
typedef struct
{
  LabWorkloadKind workload;
  guint           workers;       /* effective workers: the in-flight reference */
  guint           cores;         /* the CPU reference line */
  gint64          bin_width_us;
  gint64          elapsed_us;    /* how far the series goes; the last bin may be partial */
  gint64          startup_us;    /* pool start-up at the beginning of the run */
  GArray         *bins;          /* LabSeriesBin */
} LabSeriesModel;

void    lab_series_model_init          (LabSeriesModel *self);
void    lab_series_model_clear         (LabSeriesModel *self);
/* Copies the bins of @run (locking it briefly). */
void    lab_series_model_update        (LabSeriesModel *self,
                                        LabRun         *run);
/* The time covered by bin @index, µs (less than the bin width for the last
 * one while the run goes on), or 0 when the bin lies past the end. */
gint64  lab_series_model_bin_duration  (const LabSeriesModel *self,
                                        guint                 index);

G_END_DECLS
