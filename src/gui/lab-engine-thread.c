/* lab-engine-thread.c
 *
 * On Linux the scheduling priority (nice value) is per thread and a new
 * thread or process inherits its creator's: lowering it on the engine
 * thread before the executor starts its pool lowers the whole engine, and
 * leaves the main thread at the user's priority. Raising the nice value
 * needs no privilege.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* gettid() */
#endif

#include "config.h"

#include <errno.h>
#include <sys/resource.h>
#include <unistd.h>

#include "lab-engine-thread.h"

typedef struct
{
  LabExecutor  *executor;
  LabRun       *run;
  GCancellable *cancellable;
  GMainContext *context;
  GError       *error;
  gboolean      ok;
  gboolean      done;
} EngineRun;

static void
engine_run_free (EngineRun *data)
{
  g_clear_object (&data->executor);
  g_clear_object (&data->run);
  g_clear_object (&data->cancellable);
  g_clear_pointer (&data->context, g_main_context_unref);
  g_clear_error (&data->error);
  g_free (data);
}

static void
lower_priority (void)
{
  int current;

  errno = 0;
  current = getpriority (PRIO_PROCESS, gettid ());
  if (errno == 0 && setpriority (PRIO_PROCESS, gettid (), MIN (19, current + LAB_ENGINE_NICE)) != 0)
    g_debug ("Could not lower the engine's priority: %s", g_strerror (errno));
}

static void
on_executor_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  EngineRun *data = user_data;

  data->ok = lab_executor_run_finish (LAB_EXECUTOR (object), result, &data->error);
  data->done = TRUE;
  g_main_context_wakeup (data->context);
}

static gpointer
engine_thread (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  EngineRun *data = g_task_get_task_data (task);

  lower_priority ();

  g_main_context_push_thread_default (data->context);
  lab_executor_run_async (data->executor, data->run, data->cancellable, on_executor_done, data);
  while (!data->done)
    g_main_context_iteration (data->context, TRUE);
  g_main_context_pop_thread_default (data->context);

  /* The first summary of a finished run sorts every record (to find the
   * most tasks at once): do it here rather than on the main loop. */
  {
    LabSummary summary;
    lab_run_get_summary (data->run, &summary);
  }

  if (data->ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&data->error));

  return NULL;
}

void
lab_engine_thread_run_async (LabExecutor         *executor,
                             LabRun              *run,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  EngineRun *data;
  GThread *thread;

  g_return_if_fail (LAB_IS_EXECUTOR (executor));
  g_return_if_fail (LAB_IS_RUN (run));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (executor, cancellable, callback, user_data);
  g_task_set_source_tag (task, lab_engine_thread_run_async);
  /* the run's own state says how it ended; a cancelled run is still returned */
  g_task_set_check_cancellable (task, FALSE);

  data = g_new0 (EngineRun, 1);
  data->executor = g_object_ref (executor);
  data->run = g_object_ref (run);
  data->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  data->context = g_main_context_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) engine_run_free);

  thread = g_thread_try_new ("lab-engine", engine_thread, g_object_ref (task), &error);
  if (thread == NULL)
    {
      g_object_unref (task);   /* the thread's reference */
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_thread_unref (thread);
}

gboolean
lab_engine_thread_run_finish (LabExecutor   *executor,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, executor), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lab_engine_thread_run_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
