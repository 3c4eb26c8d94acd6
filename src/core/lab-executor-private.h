/* lab-executor-private.h: what executors share with their base class
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-executor.h"
#include "lab-workload.h"

G_BEGIN_DECLS

/* One run of an executor: created by lab_executor_run_async() and handed to
 * the subclass's start(). */
struct _LabExecution
{
  LabExecutor    *executor;
  LabRun         *run;
  const LabConfig *config;      /* the run's */
  LabWorkload    *workload;
  GCancellable   *cancellable;  /* cancelled by the caller's cancellable or the deadline */
  guint           workers;      /* effective worker count */
  guint           max_in_flight;
  gint64          origin;       /* the run's origin, monotonic µs */

  /* The subclass's own state, freed on the caller's main context after
   * the last worker has stopped (join threads, reap processes there). */
  gpointer        impl;
  GDestroyNotify  impl_free;

  /* private to lab-executor.c */
  GTask          *task;
  GCancellable   *caller_cancellable;
  gulong          cancelled_id;
  GSource        *deadline_source;
  gint            deadline_hit;
  gint            completed;
  GError         *error;
};

/* Whether the run must stop (cancelled or past its deadline): cheap. */
static inline gboolean
lab_execution_is_stopping (LabExecution *execution)
{
  return g_cancellable_is_cancelled (execution->cancellable);
}

/* The absolute monotonic deadline of a task that starts at @start_abs. */
static inline gint64
lab_execution_task_deadline (LabExecution *execution,
                             gint64        start_abs)
{
  return execution->config->timeout > 0 ? start_abs + execution->config->timeout : G_MAXINT64;
}

/* From any thread, once every worker has stopped and every record has
 * reached the run. Takes @error (NULL when the run went well). */
void lab_execution_complete (LabExecution *execution,
                             GError       *error);

/* A worker's batch of records on its way to the run: flushed when it holds
 * `budget` records or 20 ms after its first, so progress stays live. */
typedef struct
{
  LabRun        *run;
  LabTaskRecord *records;
  guint          len;
  guint          budget;
  gint64         first_at;
} LabRecordBatch;

void     lab_record_batch_init  (LabRecordBatch      *batch,
                                 LabRun              *run,
                                 guint                budget);
void     lab_record_batch_clear (LabRecordBatch      *batch);
/* Appends; flushes when full or old (and then returns TRUE). @now: monotonic µs. */
gboolean lab_record_batch_add   (LabRecordBatch      *batch,
                                 const LabTaskRecord *record,
                                 gint64               now);
void     lab_record_batch_flush (LabRecordBatch      *batch);

G_END_DECLS
