/* lab-test-util.h: what several tests share — an independent sieve, leak
 * checks and a one-call run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <math.h>
#include <string.h>

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

/* What each open fd is, for the message of a failed check. */
static inline char *
lab_test_describe_fds (void)
{
  GString *text = g_string_new (NULL);
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (path, NULL);

      g_string_append_printf (text, " %s→%s", name, target != NULL ? target : "?");
    }
  return g_string_free (text, FALSE);
}

/* What a run must give back: fds, threads and child processes. */
typedef struct
{
  guint fds;
  guint threads;
} LabTestResources;

/* Child watches of GLib's own worker thread (GSubprocess waits) hold a
 * pidfd, and a reference to the waiting context, until that thread has
 * finalized them: a moment after the process was reaped and reported. */
static inline gboolean
lab_test_has_pidfd (void)
{
  g_autofree char *fds = lab_test_describe_fds ();

  return strstr (fds, "[pidfd]") != NULL;
}

static inline void
lab_test_resources_take (LabTestResources *resources)
{
  gint64 until = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

  while (lab_test_has_pidfd () && g_get_monotonic_time () < until)
    g_usleep (10000);
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

  if (now.fds != before->fds)
    {
      g_autofree char *fds = lab_test_describe_fds ();
      g_test_message ("open fds now:%s", fds);
    }
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
