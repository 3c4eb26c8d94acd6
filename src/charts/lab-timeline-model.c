/* lab-timeline-model.c
 *
 * Each lane is an array of columns of equal width in time. A record adds
 * the time it covers to the columns it spans; when a record ends past the
 * last column, neighbouring columns are merged pairwise and the column width
 * doubles. Adding is incremental (each record once), drawing reads at most
 * a few columns per pixel, so 100 000 tasks draw as fast as 100.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lab-timeline-model.h"

#define FIRST_COLUMN_US 16
#define MAX_CELLS       ((gsize) 1 << 21)   /* lanes × columns: bounds memory */

struct _LabTimelineModel
{
  guint     n_lanes;
  guint     n_columns;       /* per lane, a power of two */
  gint64    column_us;       /* width of one column */
  gint64    end_us;
  guint64   n_tasks;
  gsize     n_consumed;      /* records of the run already added */
  gboolean  has_channel[LAB_TIMELINE_N_CHANNELS];
  float    *cover;           /* [lane][column][channel] */
  guint32  *starts;          /* [lane][column]: tasks starting in the column */
  guint64  *lane_tasks;
  double   *lane_busy;       /* µs */
};

LabTimelineModel *
lab_timeline_model_new (guint n_lanes)
{
  LabTimelineModel *self = g_new0 (LabTimelineModel, 1);
  gsize cells;

  self->n_lanes = MAX (1, n_lanes);
  self->n_columns = 4096;
  while (self->n_columns > 256 && (gsize) self->n_lanes * self->n_columns > MAX_CELLS)
    self->n_columns /= 2;
  self->column_us = FIRST_COLUMN_US;

  cells = (gsize) self->n_lanes * self->n_columns;
  self->cover = g_new0 (float, cells * LAB_TIMELINE_N_CHANNELS);
  self->starts = g_new0 (guint32, cells);
  self->lane_tasks = g_new0 (guint64, self->n_lanes);
  self->lane_busy = g_new0 (double, self->n_lanes);

  return self;
}

void
lab_timeline_model_free (LabTimelineModel *self)
{
  if (self == NULL)
    return;

  g_free (self->cover);
  g_free (self->starts);
  g_free (self->lane_tasks);
  g_free (self->lane_busy);
  g_free (self);
}

static inline float *
cell (LabTimelineModel *self,
      guint             lane,
      guint             column)
{
  return &self->cover[((gsize) lane * self->n_columns + column) * LAB_TIMELINE_N_CHANNELS];
}

/* Halves the resolution: column c becomes columns 2c and 2c+1. */
static void
coarsen (LabTimelineModel *self)
{
  guint half = self->n_columns / 2;

  for (guint lane = 0; lane < self->n_lanes; lane++)
    {
      guint32 *starts = &self->starts[(gsize) lane * self->n_columns];

      for (guint c = 0; c < half; c++)
        {
          float *to = cell (self, lane, c);
          const float *a = cell (self, lane, 2 * c);
          const float *b = cell (self, lane, 2 * c + 1);

          for (guint k = 0; k < LAB_TIMELINE_N_CHANNELS; k++)
            to[k] = a[k] + b[k];
          starts[c] = starts[2 * c] + starts[2 * c + 1];
        }

      memset (cell (self, lane, half), 0, sizeof (float) * LAB_TIMELINE_N_CHANNELS * half);
      memset (&starts[half], 0, sizeof (guint32) * half);
    }

  self->column_us *= 2;
}

static void
add_record (LabTimelineModel    *self,
            const LabTaskRecord *record)
{
  gint64 start = MAX (0, record->start_us);
  gint64 end = MAX (start + 1, record->end_us);
  guint lane = record->worker;
  guint status = MIN (record->status, LAB_TASK_CANCELLED);
  double gil_share;
  guint c0, c1;

  if (record->worker == LAB_WORKER_NONE || lane >= self->n_lanes)
    return;

  while (end > (gint64) self->n_columns * self->column_us)
    coarsen (self);

  gil_share = MIN (1.0, (double) record->gil_wait_us / (double) (end - start));
  c0 = (guint) (start / self->column_us);
  c1 = (guint) ((end - 1) / self->column_us);

  for (guint c = c0; c <= c1; c++)
    {
      gint64 col_start = (gint64) c * self->column_us;
      gint64 overlap = MIN (end, col_start + self->column_us) - MAX (start, col_start);
      float *cover = cell (self, lane, c);

      cover[status] += overlap;
      if (gil_share > 0)
        cover[LAB_TIMELINE_GIL_WAIT] += overlap * gil_share;
    }

  self->starts[(gsize) lane * self->n_columns + c0]++;
  self->lane_tasks[lane]++;
  self->lane_busy[lane] += end - start;
  self->has_channel[status] = TRUE;
  if (record->gil_wait_us > 0)
    self->has_channel[LAB_TIMELINE_GIL_WAIT] = TRUE;
  self->end_us = MAX (self->end_us, end);
  self->n_tasks++;
}

void
lab_timeline_model_add_records (LabTimelineModel    *self,
                                const LabTaskRecord *records,
                                gsize                n_records)
{
  g_return_if_fail (self != NULL);

  for (gsize i = 0; i < n_records; i++)
    add_record (self, &records[i]);
}

void
lab_timeline_model_update (LabTimelineModel *self,
                           LabRun           *run)
{
  const LabTaskRecord *records;
  gsize n_records;
  gint64 elapsed;

  g_return_if_fail (self != NULL);
  g_return_if_fail (LAB_IS_RUN (run));

  elapsed = lab_run_get_elapsed (run);

  lab_run_lock (run);
  records = lab_run_peek_records (run, &n_records);
  if (n_records > self->n_consumed)
    lab_timeline_model_add_records (self, records + self->n_consumed, n_records - self->n_consumed);
  self->n_consumed = n_records;
  lab_run_unlock (run);

  lab_timeline_model_set_end (self, elapsed);
}

void
lab_timeline_model_set_end (LabTimelineModel *self,
                            gint64            end_us)
{
  g_return_if_fail (self != NULL);
  self->end_us = MAX (self->end_us, end_us);
}

gint64
lab_timeline_model_get_end (const LabTimelineModel *self)
{
  return self->end_us;
}

guint
lab_timeline_model_get_n_lanes (const LabTimelineModel *self)
{
  return self->n_lanes;
}

guint64
lab_timeline_model_get_n_tasks (const LabTimelineModel *self)
{
  return self->n_tasks;
}

guint64
lab_timeline_model_get_lane_tasks (const LabTimelineModel *self,
                                   guint                   lane)
{
  g_return_val_if_fail (lane < self->n_lanes, 0);
  return self->lane_tasks[lane];
}

double
lab_timeline_model_get_lane_busy (const LabTimelineModel *self,
                                  guint                   lane)
{
  g_return_val_if_fail (lane < self->n_lanes, 0);
  return self->lane_busy[lane];
}

gboolean
lab_timeline_model_has_channel (const LabTimelineModel *self,
                                LabTimelineChannel      channel)
{
  g_return_val_if_fail (channel < LAB_TIMELINE_N_CHANNELS, FALSE);
  return self->has_channel[channel];
}

void
lab_timeline_model_sample_lane (const LabTimelineModel *self,
                                guint                   lane,
                                double                  t0,
                                double                  pixel_us,
                                guint                   n_pixels,
                                double                 *cover,
                                guint                  *starts)
{
  double width = (double) self->column_us;
  double t_end = t0 + pixel_us * n_pixels;
  const float *lane_cover;
  const guint32 *lane_starts;
  gint64 c0, c1;

  g_return_if_fail (lane < self->n_lanes);

  if (n_pixels == 0 || pixel_us <= 0)
    return;

  lane_cover = &self->cover[(gsize) lane * self->n_columns * LAB_TIMELINE_N_CHANNELS];
  lane_starts = &self->starts[(gsize) lane * self->n_columns];
  c0 = MAX (0, (gint64) (t0 / width));
  c1 = MIN ((gint64) self->n_columns - 1, (gint64) ((t_end - 1e-9) / width));

  /* one pass: each column adds to the pixels it overlaps */
  for (gint64 c = c0; c <= c1; c++)
    {
      const float *cell_cover = &lane_cover[c * LAB_TIMELINE_N_CHANNELS];
      double col_start = c * width;
      double col_end = col_start + width;
      gboolean empty = lane_starts[c] == 0;
      gint64 p0, p1;

      for (guint k = 0; empty && k < LAB_TIMELINE_N_CHANNELS; k++)
        empty = cell_cover[k] == 0;
      if (empty)
        continue;

      p0 = (gint64) ((MAX (col_start, t0) - t0) / pixel_us);
      p1 = MIN ((gint64) n_pixels - 1, (gint64) ((MIN (col_end, t_end) - t0 - 1e-9) / pixel_us));

      for (gint64 p = MAX (0, p0); p <= p1; p++)
        {
          double px0 = t0 + p * pixel_us;
          double overlap = MIN (px0 + pixel_us, col_end) - MAX (px0, col_start);
          double weight = overlap / width;

          if (weight <= 0)
            continue;
          for (guint k = 0; k < LAB_TIMELINE_N_CHANNELS; k++)
            cover[p * LAB_TIMELINE_N_CHANNELS + k] += cell_cover[k] * weight;
        }

      if (starts != NULL && lane_starts[c] > 0 && col_start >= t0 && col_start < t_end)
        starts[(gsize) ((col_start - t0) / pixel_us)] += lane_starts[c];
    }
}

guint
lab_timeline_model_sample (const LabTimelineModel *self,
                           guint                   lane,
                           double                  t0,
                           double                  t1,
                           double                  cover[LAB_TIMELINE_N_CHANNELS])
{
  guint starts = 0;

  g_return_val_if_fail (lane < self->n_lanes, 0);

  if (t1 > t0)
    lab_timeline_model_sample_lane (self, lane, t0, t1 - t0, 1, cover, &starts);

  return starts;
}
