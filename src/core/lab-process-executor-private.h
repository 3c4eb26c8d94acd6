/* lab-process-executor-private.h: what the process pool
 * (lab-process-executor.c) shares with its workers' connections
 * (lab-process-worker.c)
 *
 * Everything here lives on the pool's I/O thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-executor-private.h"
#include "lab-worker-launcher.h"

G_BEGIN_DECLS

/* A worker may define this many message ids (its error texts). */
#define LAB_PROCESS_MAX_MESSAGES 1024

typedef struct _LabProcessPool LabProcessPool;

typedef enum
{
  LAB_PROCESS_WORKER_EMPTY,      /* no process */
  LAB_PROCESS_WORKER_SPAWNING,   /* asked of the launcher */
  LAB_PROCESS_WORKER_STARTING,   /* hello sent, waiting for ready */
  LAB_PROCESS_WORKER_READY,
  LAB_PROCESS_WORKER_DYING,      /* its stdout closed: waiting for its exit status */
} LabProcessWorkerState;

typedef struct
{
  guint64 index;
  gint64  queued_at;             /* monotonic µs when it was queued to the worker */
} LabInFlight;

/* One worker id and the process that is it at the moment. */
typedef struct
{
  LabProcessPool        *pool;
  guint                  id;
  LabProcessWorkerState  state;
  guint64                serial;     /* its process, as the launcher knows it; 0 = none */
  gint64                 since;      /* when the current state began */
  guint64                n_done;     /* records this process gave */

  int                    to_fd;      /* its stdin */
  int                    from_fd;    /* its stdout */
  gpointer               to_tag;
  gpointer               from_tag;
  gboolean               want_out;

  GByteArray            *out;        /* bytes not yet written, from out_pos */
  gsize                  out_pos;
  guint8                *in;         /* bytes read and not yet parsed */
  gsize                  in_len;
  gsize                  in_cap;

  LabInFlight           *queue;      /* ring: sent and not recorded; the head is running */
  guint                  q_head;
  guint                  q_len;
  gint64                 last_end;   /* absolute end of its last record */

  GHashTable            *messages;   /* the worker's message ids → interned ids */
} LabProcessWorker;

struct _LabProcessPool
{
  LabExecution          *execution;
  GThread               *thread;
  GMainContext          *context;
  GSource               *source;          /* every worker's pipes, and the time limits */
  GSource               *cancel_source;
  LabWorkerLauncher     *launcher;
  char                  *program;
  char                  *hello_json;
  GPid                   server_pid;

  LabProcessWorker      *workers;
  guint                  n_workers;
  guint                  n_ready;
  GHashTable            *live;            /* serial → pid: worker processes not yet reaped */

  guint64                count;
  guint64                next;            /* the next index never dispatched */
  GArray                *redispatch;      /* indices taken back from dead workers */
  guint                  redispatch_pos;
  guint64                in_flight;       /* dispatched and not recorded */
  guint                  max_in_flight;
  guint                  per_worker;      /* in-flight bound of one worker (ring size) */
  guint                  chunk;
  gboolean               chunk_auto;      /* chunks may shrink as the run ends */
  GTimeSpan              timeout;
  GTimeSpan              grace;
  guint                  rotate;

  GArray                *records;         /* LabTaskRecord for the run, flushed once per dispatch */
  gboolean               ready;           /* every worker got ready once: tasks may go */
  guint                  fruitless;       /* deaths in a row of workers that completed no task */
  gboolean               stopping;        /* cancelled, past the deadline, or failed */
  gboolean               finishing;       /* every task recorded */
  gint64                 shutdown_deadline;
  gint64                 next_wake;
  gboolean               done;
  GError                *error;
};

/* The in-flight ring of a worker */

static inline LabInFlight *
lab_process_worker_head (LabProcessWorker *worker)
{
  return &worker->queue[worker->q_head];
}

static inline void
lab_process_worker_pop (LabProcessWorker *worker)
{
  worker->q_head = (worker->q_head + 1) % worker->pool->per_worker;
  worker->q_len--;
}

static inline void
lab_process_worker_push (LabProcessWorker *worker,
                         guint64           index,
                         gint64            now)
{
  guint tail = (worker->q_head + worker->q_len) % worker->pool->per_worker;

  worker->queue[tail].index = index;
  worker->queue[tail].queued_at = now;
  worker->q_len++;
}

/* The earliest its running task can have started. */
static inline gint64
lab_process_worker_head_since (LabProcessWorker *worker)
{
  return MAX (lab_process_worker_head (worker)->queued_at, worker->last_end);
}

static inline void
lab_process_pool_add_record (LabProcessPool      *pool,
                             const LabTaskRecord *record)
{
  g_array_append_vals (pool->records, record, 1);
}

/* lab-process-worker.c: a worker's pipes and what comes through them */
void lab_process_worker_set_state (LabProcessWorker      *worker,
                                   LabProcessWorkerState  state);
void lab_process_worker_close_to  (LabProcessWorker      *worker);
void lab_process_worker_close     (LabProcessWorker      *worker);
/* Writes what it can of worker->out without blocking. */
void lab_process_worker_flush_out (LabProcessWorker      *worker);
/* Reads what the worker wrote and acts on every whole frame. */
void lab_process_worker_read      (LabProcessWorker      *worker);

/* lab-process-executor.c: the pool's decisions */
void lab_process_pool_retire      (LabProcessWorker      *worker,
                                   LabTaskStatus          status,
                                   const char            *message);
void lab_process_pool_fail        (LabProcessPool        *pool,
                                   GError                *error);

G_END_DECLS
