/* lab-test-util.h: what several tests share — an independent sieve, leak
 * checks and a one-call run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <math.h>

#include "lab-executor.h"
#include "lab-proc.h"
#include "lab-run.h"

/* A segmented sieve of Eratosthenes over [start, start + count): composite[i]
 * is 1 when start + i is not prime. Independent of the trial division under
 * test. */
static inline guint8 *
lab_test_sieve (guint64 start,
                guint64 count)
{
  guint64 end = start + count;
  guint64 root = (guint64) sqrtl ((long double) end) + 1;
  g_autofree guint8 *small = g_new0 (guint8, root + 1);
  guint8 *composite = g_new0 (guint8, count);

  for (guint64 i = 0; i < count; i++)
    if (start + i < 2)
      composite[i] = 1;

  for (guint64 p = 2; p <= root; p++)
    {
      guint64 first;

      if (small[p])
        continue;
      for (guint64 m = p * p; m <= root; m += p)
        small[m] = 1;

      first = MAX (p * p, (start + p - 1) / p * p);
      for (guint64 m = first; m < end; m += p)
        composite[m - start] = 1;
    }

  return composite;
}

static inline guint64
lab_test_count_primes (guint64 start,
                       guint64 count)
{
  g_autofree guint8 *composite = lab_test_sieve (start, count);
  guint64 n = 0;

  for (guint64 i = 0; i < count; i++)
    n += !composite[i];
  return n;
}

/* What a run must give back: fds, threads and child processes. */
typedef struct
{
  guint fds;
  guint threads;
} LabTestResources;

static inline void
lab_test_resources_take (LabTestResources *resources)
{
  resources->fds = lab_proc_count_fds ();
  resources->threads = lab_proc_count_threads ();
}

static inline void
lab_test_resources_assert_same (const LabTestResources *before)
{
  g_autoptr(GArray) children = NULL;
  gint64 until = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  LabTestResources now;

  /* Helper threads of GLib (e.g. the GIO worker) may take a moment to go;
   * ours are joined before a run reports its end. */
  do
    {
      lab_test_resources_take (&now);
      if (now.fds == before->fds && now.threads <= before->threads)
        break;
      g_usleep (10000);
    }
  while (g_get_monotonic_time () < until);

  g_assert_cmpuint (now.fds, ==, before->fds);
  g_assert_cmpuint (now.threads, <=, before->threads);

  children = lab_proc_list_children ();
  g_assert_cmpuint (children->len, ==, 0);
}

typedef struct
{
  GCancellable *cancellable;
  guint         delay_ms;
  guint         timer;
} LabTestCancel;

static inline gboolean
lab_test_cancel_now (gpointer data)
{
  LabTestCancel *cancel = data;

  cancel->timer = 0;
  g_cancellable_cancel (cancel->cancellable);
  return G_SOURCE_REMOVE;
}

static inline void
lab_test_on_state (LabRun        *run,
                   GParamSpec    *pspec,
                   LabTestCancel *cancel)
{
  if (lab_run_get_state (run) == LAB_RUN_STATE_RUNNING && cancel->timer == 0)
    cancel->timer = g_timeout_add (cancel->delay_ms, lab_test_cancel_now, cancel);
}

/* Runs @config and cancels it @delay_ms after its tasks started (start-up
 * can take long on a loaded machine or under a sanitizer). */
static inline LabRun *
lab_test_run_and_cancel (const LabConfig *config,
                         guint            delay_ms,
                         gint64          *cancelled_at,
                         GError         **error)
{
  g_autoptr(LabExecutor) executor = lab_executor_new_for_config (config, error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  LabTestCancel cancel = { cancellable, delay_ms, 0 };
  LabRun *run;

  if (executor == NULL)
    return NULL;

  run = lab_run_new (config);
  g_signal_connect (run, "notify::state", G_CALLBACK (lab_test_on_state), &cancel);
  lab_executor_run (executor, run, cancellable, error);
  g_signal_handlers_disconnect_by_data (run, &cancel);
  if (cancel.timer != 0)
    g_source_remove (cancel.timer);
  return run;
}

/* Runs @config to its end; returns the run (state tells how it ended). */
static inline LabRun *
lab_test_run (const LabConfig *config,
              GCancellable    *cancellable,
              GError         **error)
{
  g_autoptr(LabExecutor) executor = lab_executor_new_for_config (config, error);
  LabRun *run;

  if (executor == NULL)
    return NULL;

  run = lab_run_new (config);
  lab_executor_run (executor, run, cancellable, error);
  return run;
}
