/* lab-gil.c
 *
 * The algorithm of CPython's Python/ceval_gil.c, reduced to its essentials:
 *
 *  - a thread that wants the lock waits on `cond` for at most one switch
 *    interval; if the lock has not changed hands in that time, it sets
 *    `drop_request`;
 *  - the holder checks `drop_request` at its check points (cheap: one atomic
 *    read) and, if set, releases the lock and then waits on `switch_cond`
 *    until some *other* thread has taken it ("forced switching"), so that it
 *    cannot take it straight back and starve the waiters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lab-gil.h"

struct _LabGil
{
  GMutex    mutex;
  GCond     cond;           /* signalled when the lock is released */
  GCond     switch_cond;    /* signalled when the lock is taken */
  GTimeSpan interval;
  gboolean  locked;
  guint64   switch_number;  /* incremented each time the lock is taken */
  gint      drop_request;   /* atomic */
};

LabGil *
lab_gil_new (GTimeSpan switch_interval)
{
  LabGil *self = g_new0 (LabGil, 1);

  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  g_cond_init (&self->switch_cond);
  self->interval = MAX (1, switch_interval);

  return self;
}

void
lab_gil_free (LabGil *self)
{
  if (self == NULL)
    return;

  g_assert (!self->locked);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_cond_clear (&self->switch_cond);
  g_free (self);
}

gint64
lab_gil_take (LabGil *self)
{
  gint64 begin = g_get_monotonic_time ();
  gint64 waited;

  g_mutex_lock (&self->mutex);

  while (self->locked)
    {
      guint64 saved_switch = self->switch_number;
      gint64 until = g_get_monotonic_time () + self->interval;
      gboolean timed_out = FALSE;

      while (self->locked && self->switch_number == saved_switch)
        {
          if (!g_cond_wait_until (&self->cond, &self->mutex, until))
            {
              timed_out = TRUE;
              break;
            }
        }

      /* A whole interval passed and nobody else got the lock: ask for it. */
      if (timed_out && self->locked && self->switch_number == saved_switch)
        g_atomic_int_set (&self->drop_request, 1);
    }

  self->locked = TRUE;
  self->switch_number++;
  g_atomic_int_set (&self->drop_request, 0);
  g_cond_broadcast (&self->switch_cond);

  g_mutex_unlock (&self->mutex);

  waited = g_get_monotonic_time () - begin;
  return waited;
}

static void
drop_locked (LabGil *self)
{
  g_assert (self->locked);
  self->locked = FALSE;
  g_cond_signal (&self->cond);
}

void
lab_gil_drop (LabGil *self)
{
  g_mutex_lock (&self->mutex);
  drop_locked (self);
  g_mutex_unlock (&self->mutex);
}

gint64
lab_gil_yield_if_asked (LabGil *self)
{
  guint64 saved_switch;
  gint64 begin;

  if (G_LIKELY (!g_atomic_int_get (&self->drop_request)))
    return 0;

  begin = g_get_monotonic_time ();

  g_mutex_lock (&self->mutex);
  saved_switch = self->switch_number;
  drop_locked (self);
  /* Forced switching: wait until another thread has taken the lock. */
  while (self->switch_number == saved_switch)
    g_cond_wait (&self->switch_cond, &self->mutex);
  g_mutex_unlock (&self->mutex);

  lab_gil_take (self);

  /* Waiting for the hand-over and for the lock to come back. */
  return g_get_monotonic_time () - begin;
}

guint64
lab_gil_get_switches (LabGil *self)
{
  guint64 n;

  g_mutex_lock (&self->mutex);
  n = self->switch_number;
  g_mutex_unlock (&self->mutex);

  return n;
}
