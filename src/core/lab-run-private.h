/* lab-run-private.h: what the files of LabRun share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <time.h>

#include <json-glib/json-glib.h>

#include "lab-run.h"

G_BEGIN_DECLS

typedef struct
{
  clockid_t clock;                 /* the thread's CPU clock */
  gint64    begin;                 /* its CPU time when the run began (or it was excluded); -1 before */
  gint64    last;                  /* its CPU time when last read */
} LabExcludedThread;

struct _LabRun
{
  GObject         parent_instance;

  LabConfig      *config;
  GMainContext   *context;
  GDateTime      *created;

  GMutex          mutex;
  LabRunState     state;
  GError         *error;
  gint64          origin;          /* monotonic µs at lab_run_begin() */
  gint64          ready_us;        /* start-up done, relative to origin; -1 before */
  gint64          end_us;          /* relative to origin; -1 while running */

  GArray         *records;         /* LabTaskRecord, in the order they arrived */
  guint8         *seen;            /* bitmap of recorded indices */
  GArray         *bins;            /* LabSeriesBin */
  LabWorkerStats *workers;
  guint           n_workers;
  LabHistogram   *latency;
  LabHistogram   *loop_lag;
  guint64         status_counts[LAB_N_TASK_STATUSES];
  guint64         http_status_counts[LAB_HTTP_STATUS_MAX];
  guint64         primes_found;
  guint64         bytes_total;
  gint64          busy_total;
  gint64          gil_wait_total;
  guint           max_concurrency; /* computed once finished */
  gboolean        max_concurrency_valid;

  /* CPU accounting */
  GThread        *sampler;
  GCond           sampler_cond;
  gboolean        sampler_stop;
  GHashTable     *children;        /* GPid → gint64* CPU µs last seen */
  gint64          retired_cpu;     /* CPU of children that are gone */
  gint64          self_cpu_begin;
  gint64          cpu_total;       /* µs of CPU used by the app and its children during the run */
  gint64          end_cpu;         /* cpu_total sampled at the end; -1 before */
  GArray         *excluded;        /* LabExcludedThread: CPU that is not the engine's */

  /* a run loaded from a snapshot (lab-run-load.c): what records cannot give */
  gboolean        loaded;
  double          loaded_loop_lag_p99_ms;
  double          loaded_loop_lag_max_ms;
  JsonNode       *environment;     /* the machine it ran on, or NULL (this one) */

  /* progress notification */
  gint            notify_pending;  /* atomic */
  gint64          last_notify;
};

gint64 lab_run_sample_cpu_locked       (LabRun              *self);
void   lab_run_aggregate_record_locked (LabRun              *self,
                                        const LabTaskRecord *record);

G_END_DECLS
