/* lab-cli-session.c: running configs from the command line, and Ctrl-C
 *
 * SIGINT and SIGTERM are turned into main-loop events (g_unix_signal_add)
 * that cancel the current run; the executors stop within 200 ms and the
 * partial results are still written. A second signal while the first is
 * being honoured gives up at once: the output file is dropped and the
 * process exits 130.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "lab-cli-private.h"
#include "lab-executor.h"
#include "lab-format.h"

struct _LabCliSession
{
  GCancellable *cancellable;
  LabCliOutput *output;       /* not owned */
  guint         sigint_id;
  guint         sigterm_id;
  int           signal;       /* the first signal received, or 0 */
};

static gboolean
on_signal (LabCliSession *session,
           int            signum)
{
  if (session->signal != 0)
    {
      g_printerr ("\n%s: %s again; stopping without writing results\n", LAB_CLI_NAME,
                  signum == SIGINT ? "interrupted" : "terminated");
      if (session->output != NULL)
        lab_cli_output_abort (session->output);
      exit (LAB_EXIT_INTERRUPTED);
    }

  session->signal = signum;
  g_cancellable_cancel (session->cancellable);

  return G_SOURCE_CONTINUE;
}

static gboolean
on_sigint (gpointer user_data)
{
  return on_signal (user_data, SIGINT);
}

static gboolean
on_sigterm (gpointer user_data)
{
  return on_signal (user_data, SIGTERM);
}

LabCliSession *
lab_cli_session_new (LabCliOutput *output)
{
  LabCliSession *session = g_new0 (LabCliSession, 1);

  session->cancellable = g_cancellable_new ();
  session->output = output;
  session->sigint_id = g_unix_signal_add (SIGINT, on_sigint, session);
  session->sigterm_id = g_unix_signal_add (SIGTERM, on_sigterm, session);

  return session;
}

void
lab_cli_session_free (LabCliSession *session)
{
  if (session == NULL)
    return;

  g_clear_handle_id (&session->sigint_id, g_source_remove);
  g_clear_handle_id (&session->sigterm_id, g_source_remove);
  g_clear_object (&session->cancellable);
  g_free (session);
}

gboolean
lab_cli_session_is_interrupted (LabCliSession *session)
{
  return session->signal != 0;
}

LabRun *
lab_cli_session_execute (LabCliSession    *session,
                         const LabConfig  *config,
                         const char       *label,
                         GError          **error)
{
  g_autoptr(LabExecutor) executor = NULL;
  g_autoptr(LabCliProgress) progress = NULL;
  g_autoptr(LabRun) run = NULL;

  executor = lab_executor_new_for_config (config, error);
  if (executor == NULL)
    return NULL;

  run = lab_run_new (config);
  progress = lab_cli_progress_new (run, label);

  /* A signal that came between two runs of a comparison stops the next
   * one at once, through the already cancelled cancellable. */
  lab_executor_run (executor, run, session->cancellable, error);

  return g_steal_pointer (&run);
}

LabRun *
lab_cli_session_run (LabCliSession   *session,
                     const LabConfig *config,
                     const char      *label,
                     gboolean        *all_ok)
{
  g_autoptr(LabRun) run = NULL;
  g_autoptr(GError) error = NULL;

  run = lab_cli_session_execute (session, config, label, &error);
  if (run == NULL)
    {
      g_printerr ("%s: %s: %s\n", LAB_CLI_NAME, label, error->message);
      *all_ok = FALSE;
      return NULL;
    }
  if (!lab_cli_session_is_interrupted (session))
    *all_ok &= lab_cli_report_run_outcome (run, label);

  return g_steal_pointer (&run);
}

gboolean
lab_cli_write_text (GOutputStream  *stream,
                    const char     *text,
                    GError        **error)
{
  return g_output_stream_write_all (stream, text, strlen (text), NULL, NULL, error) &&
         g_output_stream_flush (stream, NULL, error);
}

int
lab_cli_session_finish (LabCliSession   *session,
                        GPtrArray       *warnings,
                        LabCliWriteFunc  write,
                        gpointer         result,
                        LabCliFormat     format,
                        const char      *what,
                        guint            n_runs,
                        guint            total,
                        gboolean         all_ok)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < warnings->len; i++)
    g_printerr ("%s: warning: %s\n", LAB_CLI_NAME, (char *) g_ptr_array_index (warnings, i));

  if (!write (result, format, lab_cli_output_get_stream (session->output), &error) ||
      !lab_cli_output_commit (session->output, &error))
    {
      g_printerr ("%s: %s\n", LAB_CLI_NAME, error->message);
      return LAB_EXIT_FAILED;
    }

  if (lab_cli_session_is_interrupted (session))
    {
      g_printerr ("%s: interrupted; partial %s written (%u of %u runs)\n", LAB_CLI_NAME, what, n_runs, total);
      return LAB_EXIT_INTERRUPTED;
    }
  return all_ok ? LAB_EXIT_OK : LAB_EXIT_FAILED;
}

gboolean
lab_cli_report_run_outcome (LabRun     *run,
                            const char *label)
{
  const LabConfig *config = lab_run_get_config (run);
  const GError *run_error = lab_run_get_error (run);
  g_autofree char *prefix = label != NULL ? g_strconcat (label, ": ", NULL) : g_strdup ("");
  g_autofree char *total = NULL;
  LabSummary s;

  lab_run_get_summary (run, &s);
  total = lab_format_grouped (s.tasks_total);

  if (s.state == LAB_RUN_STATE_FAILED)
    {
      g_printerr ("%s: %sthe run failed: %s\n", LAB_CLI_NAME, prefix,
                  run_error != NULL ? run_error->message : "no reason was given");
      return FALSE;
    }

  if (s.state == LAB_RUN_STATE_DEADLINE_EXCEEDED)
    {
      g_autofree char *deadline = lab_format_duration (config->deadline);
      g_autofree char *cancelled = lab_format_grouped (s.tasks_cancelled);

      g_printerr ("%s: %sthe --deadline of %s ended the run; %s of %s tasks were cancelled\n",
                  LAB_CLI_NAME, prefix, deadline, cancelled, total);
      return FALSE;
    }

  if (s.tasks_failed > 0 || s.tasks_timed_out > 0 || s.tasks_cancelled > 0)
    {
      g_autofree char *failed = lab_format_grouped (s.tasks_failed);
      g_autofree char *timed_out = lab_format_grouped (s.tasks_timed_out);
      g_autofree char *cancelled = lab_format_grouped (s.tasks_cancelled);

      g_printerr ("%s: %snot every task succeeded: %s failed, %s timed out, %s cancelled (of %s)\n",
                  LAB_CLI_NAME, prefix, failed, timed_out, cancelled, total);
      return FALSE;
    }

  return TRUE;
}
