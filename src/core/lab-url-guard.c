/* lab-url-guard.c
 *
 * A request's timeout is a timer that cancels the request's own
 * GCancellable (libsoup's `timeout` property is an I/O inactivity timeout,
 * not a limit for the request). The same cancellable is linked to the run's,
 * so a cancel or the run's deadline stops the request too; the guard
 * remembers which came first, so the record says `timed-out` or `cancelled`.
 *
 * The state the timer and the run's handler touch is a small reference-
 * counted box: either may run on another thread while the request ends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-main-loop.h"
#include "lab-error.h"
#include "lab-url-guard.h"

typedef struct
{
  GCancellable *cancellable;
  gint          reason;        /* atomic LabTaskStatus, LAB_TASK_OK until one fires */
} Shared;

struct _LabUrlGuard
{
  Shared       *shared;
  GCancellable *run_cancellable;
  gulong        cancelled_id;
  GSource      *timer;
};

static void
shared_clear (gpointer data)
{
  Shared *shared = data;

  g_clear_object (&shared->cancellable);
}

static void
shared_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, shared_clear);
}

static void
shared_fire (Shared        *shared,
             LabTaskStatus  reason)
{
  if (g_atomic_int_compare_and_exchange (&shared->reason, LAB_TASK_OK, reason))
    g_cancellable_cancel (shared->cancellable);
}

static gboolean
on_timeout (gpointer user_data)
{
  shared_fire (user_data, LAB_TASK_TIMED_OUT);
  return G_SOURCE_REMOVE;
}

static void
on_run_cancelled (GCancellable *cancellable,
                  gpointer      user_data)
{
  shared_fire (user_data, LAB_TASK_CANCELLED);
}

LabUrlGuard *
lab_url_guard_new (GCancellable *run_cancellable,
                   gint64        deadline,
                   GMainContext *timer_context)
{
  LabUrlGuard *self = g_new0 (LabUrlGuard, 1);

  self->shared = g_atomic_rc_box_new0 (Shared);
  self->shared->cancellable = g_cancellable_new ();

  if (run_cancellable != NULL)
    {
      self->run_cancellable = g_object_ref (run_cancellable);
      /* Runs at once when the run is already cancelled. */
      self->cancelled_id = g_cancellable_connect (run_cancellable,
                                                  G_CALLBACK (on_run_cancelled),
                                                  g_atomic_rc_box_acquire (self->shared),
                                                  shared_release);
    }

  if (deadline != G_MAXINT64)
    {
      self->timer = g_timeout_source_new (0);
      g_source_set_ready_time (self->timer, deadline);
      g_source_set_priority (self->timer, G_PRIORITY_HIGH);
      g_source_set_callback (self->timer, on_timeout,
                             g_atomic_rc_box_acquire (self->shared), shared_release);
      g_source_set_static_name (self->timer, "[lab] request timeout");
      g_source_attach (self->timer, timer_context);
    }

  return self;
}

GCancellable *
lab_url_guard_get_cancellable (LabUrlGuard *self)
{
  return self->shared->cancellable;
}

LabTaskStatus
lab_url_guard_get_reason (LabUrlGuard *self)
{
  return g_atomic_int_get (&self->shared->reason);
}

void
lab_url_guard_free (LabUrlGuard *self)
{
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_source_unref (self->timer);
    }
  if (self->run_cancellable != NULL)
    {
      /* Waits for the handler if it is running on another thread. */
      g_cancellable_disconnect (self->run_cancellable, self->cancelled_id);
      g_object_unref (self->run_cancellable);
    }
  shared_release (self->shared);
  g_free (self);
}

/* The timer thread ----------------------------------------------------------- */

struct _LabTimerThread
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
};

static gpointer
timer_thread_main (gpointer data)
{
  LabTimerThread *self = data;

  g_main_context_push_thread_default (self->context);
  g_main_loop_run (self->loop);
  g_main_context_pop_thread_default (self->context);

  return NULL;
}

LabTimerThread *
lab_timer_thread_new (GError **error)
{
  g_autoptr(GError) local_error = NULL;
  LabTimerThread *self = g_new0 (LabTimerThread, 1);

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_try_new ("lab-timeouts", timer_thread_main, self, &local_error);

  if (self->thread == NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_FAILED,
                   "Could not start the request timer thread: %s", local_error->message);
      lab_timer_thread_free (self);
      return NULL;
    }

  return self;
}

GMainContext *
lab_timer_thread_get_context (LabTimerThread *self)
{
  return self->context;
}

void
lab_timer_thread_free (LabTimerThread *self)
{
  if (self->thread != NULL)
    {
      lab_main_loop_quit_soon (self->loop);
      g_thread_join (self->thread);
    }

  /* Timers of requests that ended are destroyed already. */
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_free (self);
}
