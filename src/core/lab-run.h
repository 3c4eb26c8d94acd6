/* lab-run.h: one execution of a workload under a model, and everything that
 * was measured about it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <pthread.h>

#include "lab-config.h"
#include "lab-histogram.h"
#include "lab-record.h"

G_BEGIN_DECLS

typedef enum
{
  LAB_RUN_STATE_READY,               /* not started */
  LAB_RUN_STATE_STARTING,            /* the pool is starting up */
  LAB_RUN_STATE_RUNNING,             /* tasks are running */
  LAB_RUN_STATE_DONE,                /* every task has a record */
  LAB_RUN_STATE_CANCELLED,           /* cancelled; partial records kept */
  LAB_RUN_STATE_DEADLINE_EXCEEDED,   /* the deadline ended it; partial records kept */
  LAB_RUN_STATE_FAILED,              /* the run itself failed (see lab_run_get_error()) */
} LabRunState;

#define LAB_RUN_BIN_WIDTH (100 * G_TIME_SPAN_MILLISECOND)
#define LAB_HTTP_STATUS_MAX 600

/* One 100 ms bin of the time series. */
typedef struct
{
  guint32 done;          /* tasks that ended ok in this bin */
  guint32 failed;        /* tasks that ended failed or timed out */
  guint32 cancelled;     /* tasks cancelled while running */
  guint32 reserved;
  double  bytes;         /* url: body bytes of the tasks that ended */
  double  busy;          /* task time in the bin, µs; / bin width = mean tasks in flight */
  double  cpu;           /* cores busy (app + worker processes); NAN when not sampled */
  double  loop_lag_ms;   /* async: worst loop lag; NAN when not measured */
} LabSeriesBin;

typedef struct
{
  gint64  busy_us;       /* time spent running tasks */
  gint64  gil_wait_us;   /* simulated GIL: time spent waiting for the lock */
  guint64 tasks;         /* tasks that ran on this worker */
  guint64 failed;        /* of which failed or timed out */
  gint64  first_start_us;
  gint64  last_end_us;
} LabWorkerStats;

typedef struct
{
  double mean, stddev, p50, p90, p99, p999, max;
} LabLatencySummary;

typedef struct
{
  LabRunState       state;
  double            wall_seconds;        /* start-up included */
  double            startup_seconds;     /* pool start-up */
  double            task_seconds;        /* wall - start-up */
  guint64           tasks_total;         /* the configured count */
  guint64           tasks_recorded;
  guint64           tasks_ok;
  guint64           tasks_failed;
  guint64           tasks_timed_out;
  guint64           tasks_cancelled;
  double            throughput_per_second;  /* ended tasks / task phase */
  LabLatencySummary latency_ms;
  double            cpu_utilization;        /* 1.0 = one core busy, over the whole run */
  double            parallel_efficiency;    /* busy / (task phase × workers) */
  double            parallel_efficiency_with_startup; /* busy / (wall × workers) */
  guint             workers;
  guint             max_concurrency;        /* most tasks running at one time */
  guint64           primes_found;
  guint64           bytes_total;
  double            loop_lag_p50_ms;        /* async only, else 0 */
  double            loop_lag_p99_ms;
  double            loop_lag_max_ms;
  double            gil_wait_seconds;       /* summed over workers */
} LabSummary;

#define LAB_TYPE_RUN (lab_run_get_type ())

G_DECLARE_FINAL_TYPE (LabRun, lab_run, LAB, RUN, GObject)

LabRun            *lab_run_new                  (const LabConfig       *config);
const LabConfig   *lab_run_get_config           (LabRun                *self);
LabRunState        lab_run_get_state            (LabRun                *self);
gboolean           lab_run_is_finished          (LabRun                *self);
const GError      *lab_run_get_error            (LabRun                *self);
gint64             lab_run_get_origin           (LabRun                *self);
GDateTime         *lab_run_get_created          (LabRun                *self);
/* µs since the run began (live), or its whole duration once finished */
gint64             lab_run_get_elapsed          (LabRun                *self);
guint64            lab_run_get_n_recorded       (LabRun                *self);

/* For executors (any thread unless noted) */
void               lab_run_begin                (LabRun                *self);
void               lab_run_mark_ready           (LabRun                *self);
void               lab_run_add_records          (LabRun                *self,
                                                 const LabTaskRecord   *records,
                                                 gsize                  n_records);
void               lab_run_add_loop_lag         (LabRun                *self,
                                                 gint64                 at_us,
                                                 gint64                 lag_us);
void               lab_run_add_child            (LabRun                *self,
                                                 GPid                   pid);
/* final_cpu_us: the child's CPU time at exit if known (wait4), else -1 */
void               lab_run_remove_child         (LabRun                *self,
                                                 GPid                   pid,
                                                 gint64                 final_cpu_us);
/* The CPU time of @thread (a thread of this process) from now on is not the
 * engine's and is left out of cpu_utilization: the window's main thread,
 * which draws the charts while a run goes, or an in-process lab server. */
void               lab_run_exclude_thread_cpu   (LabRun                *self,
                                                 pthread_t              thread);
/* The same for every thread of this process that exists now: called by the
 * window before it starts the engine, this leaves out GTK's threads (and a
 * software renderer's) as well as its own, whatever they are. */
void               lab_run_exclude_existing_threads (LabRun            *self);
void               lab_run_end                  (LabRun                *self,
                                                 LabRunState            state,
                                                 const GError          *error);

/* Readers. Records and bins may be read only with the run locked (they grow
 * while the run goes); summaries and copies lock by themselves. */
void               lab_run_lock                 (LabRun                *self);
void               lab_run_unlock               (LabRun                *self);
const LabTaskRecord *lab_run_peek_records       (LabRun                *self,
                                                 gsize                 *n_records);
const LabSeriesBin *lab_run_peek_bins           (LabRun                *self,
                                                 gsize                 *n_bins);
const LabWorkerStats *lab_run_peek_workers      (LabRun                *self,
                                                 guint                 *n_workers);
const LabHistogram *lab_run_peek_latency        (LabRun                *self);
const guint64     *lab_run_peek_http_status_counts (LabRun             *self);

void               lab_run_get_summary          (LabRun                *self,
                                                 LabSummary            *summary);
/* Records sorted by task index (a new array of LabTaskRecord). */
GArray            *lab_run_dup_records_by_index (LabRun                *self);

const char        *lab_run_state_to_string      (LabRunState            state);
gboolean           lab_run_state_from_string    (const char            *str,
                                                 LabRunState           *state);

G_END_DECLS
