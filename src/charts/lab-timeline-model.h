/* lab-timeline-model.h: what every worker did over time, gathered into
 * columns per lane so the timeline draws in time proportional to its width
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-run.h"

G_BEGIN_DECLS

/* What a column holds: µs covered by tasks of each status, and µs of those
 * spent waiting for the simulated GIL. */
typedef enum
{
  LAB_TIMELINE_OK        = LAB_TASK_OK,
  LAB_TIMELINE_FAILED    = LAB_TASK_FAILED,
  LAB_TIMELINE_TIMED_OUT = LAB_TASK_TIMED_OUT,
  LAB_TIMELINE_CANCELLED = LAB_TASK_CANCELLED,
  LAB_TIMELINE_GIL_WAIT,
  LAB_TIMELINE_N_CHANNELS
} LabTimelineChannel;

typedef struct _LabTimelineModel LabTimelineModel;

LabTimelineModel *lab_timeline_model_new            (guint                   n_lanes);
void              lab_timeline_model_free           (LabTimelineModel       *self);
/* Adds task records (in any order); records of LAB_WORKER_NONE are skipped. */
void              lab_timeline_model_add_records    (LabTimelineModel       *self,
                                                     const LabTaskRecord    *records,
                                                     gsize                   n_records);
/* Adds the records of @run that arrived since the last update (locking the
 * run briefly) and extends the model to the run's elapsed time. */
void              lab_timeline_model_update         (LabTimelineModel       *self,
                                                     LabRun                 *run);
/* The time shown: at least the latest end of a record. */
void              lab_timeline_model_set_end        (LabTimelineModel       *self,
                                                     gint64                  end_us);
gint64            lab_timeline_model_get_end        (const LabTimelineModel *self);
guint             lab_timeline_model_get_n_lanes    (const LabTimelineModel *self);
guint64           lab_timeline_model_get_n_tasks    (const LabTimelineModel *self);
guint64           lab_timeline_model_get_lane_tasks (const LabTimelineModel *self,
                                                     guint                   lane);
double            lab_timeline_model_get_lane_busy  (const LabTimelineModel *self,
                                                     guint                   lane);
gboolean          lab_timeline_model_has_channel    (const LabTimelineModel *self,
                                                     LabTimelineChannel      channel);
/* Adds to @cover the µs of [t0, t1) covered per channel on @lane, and
 * returns how many tasks started in it. */
guint             lab_timeline_model_sample         (const LabTimelineModel *self,
                                                     guint                   lane,
                                                     double                  t0_us,
                                                     double                  t1_us,
                                                     double                  cover[LAB_TIMELINE_N_CHANNELS]);

/* The same for @n_pixels consecutive spans of @pixel_us from @t0_us, in one
 * pass over the lane (for drawing): adds to cover[p * LAB_TIMELINE_N_CHANNELS
 * + channel] and, when @starts is not NULL, to starts[p]. */
void              lab_timeline_model_sample_lane    (const LabTimelineModel *self,
                                                     guint                   lane,
                                                     double                  t0_us,
                                                     double                  pixel_us,
                                                     guint                   n_pixels,
                                                     double                 *cover,
                                                     guint                  *starts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabTimelineModel, lab_timeline_model_free)

G_END_DECLS
