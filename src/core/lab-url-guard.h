/* lab-url-guard.h: one request's cancellable, cancelled by its timeout or by the run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lab-record.h"

G_BEGIN_DECLS

typedef struct _LabUrlGuard LabUrlGuard;

/* A fresh cancellable for one request, cancelled when @run_cancellable (may
 * be NULL) is, or at @deadline (absolute monotonic µs) by a timer on
 * @timer_context, which must be running (the async model's loop, or the
 * sync models' shared timer thread). */
LabUrlGuard   *lab_url_guard_new             (GCancellable *run_cancellable,
                                              gint64        deadline,
                                              GMainContext *timer_context);
GCancellable  *lab_url_guard_get_cancellable (LabUrlGuard  *self);
/* Which one fired first: LAB_TASK_TIMED_OUT or LAB_TASK_CANCELLED (or
 * LAB_TASK_OK when neither did). */
LabTaskStatus  lab_url_guard_get_reason      (LabUrlGuard  *self);
/* Stops the timer and the link to the run; a timer that is firing at that
 * moment only cancels a cancellable nobody uses any more. */
void           lab_url_guard_free            (LabUrlGuard  *self);

/* The sync models' timer thread: one per workload, started on demand. */
typedef struct _LabTimerThread LabTimerThread;

LabTimerThread *lab_timer_thread_new         (GError         **error);
GMainContext   *lab_timer_thread_get_context (LabTimerThread  *self);
void            lab_timer_thread_free        (LabTimerThread  *self);

G_END_DECLS
