/* lab-record.h: what happened to one task
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LAB_TASK_OK,
  LAB_TASK_FAILED,
  LAB_TASK_TIMED_OUT,
  LAB_TASK_CANCELLED,
} LabTaskStatus;

#define LAB_N_TASK_STATUSES 4

/* The worker of a task that never started (cancelled before dispatch). */
#define LAB_WORKER_NONE G_MAXUINT32

/* A compact, plain record. Times are monotonic microseconds relative to the
 * start of the run; strings are interned (see lab_message_intern()). */
typedef struct
{
  guint64 index;         /* task index, 0..count-1 */
  gint64  start_us;      /* relative to run start */
  gint64  end_us;
  guint64 bytes;         /* url: body bytes read */
  guint32 worker;        /* worker id, or LAB_WORKER_NONE */
  guint32 message_id;    /* interned error message, 0 = none */
  guint32 ttfb_us;       /* url: time to first byte, saturating */
  guint32 gil_wait_us;   /* threads + simulated GIL: time spent waiting for the lock */
  guint16 http_status;   /* url: HTTP status, 0 = no response */
  guint8  status;        /* LabTaskStatus */
  guint8  is_prime;      /* primes: 1 when start + index is prime */
} LabTaskRecord;

const char *lab_task_status_to_string   (LabTaskStatus  status);
gboolean    lab_task_status_from_string (const char    *str,
                                         LabTaskStatus *status);

guint32     lab_message_intern          (const char    *message);
const char *lab_message_lookup          (guint32        id);

G_END_DECLS
