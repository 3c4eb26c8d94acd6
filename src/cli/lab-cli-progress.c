/* lab-cli-progress.c: one line on stderr, redrawn at most 10 times a second
 *
 * "threads · 12 400 / 20 000 tasks (62 %) · 1.3 s · 9 538 tasks/s"
 * Only when stderr is a terminal; erased when the run ends, so that what
 * remains on the terminal is the result.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "lab-cli-private.h"
#include "lab-format.h"

#define REDRAW_INTERVAL_MS 100

struct _LabCliProgress
{
  LabRun *run;
  char   *label;
  guint   timeout_id;
};

static guint
terminal_width (void)
{
  struct winsize ws;

  if (ioctl (STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return ws.ws_col;
  return 80;
}

static void
erase_line (void)
{
  fputs ("\r\033[K", stderr);
  fflush (stderr);
}

static gboolean
redraw (gpointer user_data)
{
  LabCliProgress *progress = user_data;
  const LabConfig *config = lab_run_get_config (progress->run);
  LabRunState state = lab_run_get_state (progress->run);
  guint64 done = lab_run_get_n_recorded (progress->run);
  double elapsed = lab_run_get_elapsed (progress->run) / 1e6;
  g_autofree char *done_text = lab_format_grouped (done);
  g_autofree char *total_text = lab_format_grouped (config->count);
  g_autofree char *elapsed_text = lab_format_fixed (elapsed, 1);
  g_autoptr(GString) line = g_string_new (NULL);
  guint width = terminal_width ();

  g_string_append_printf (line, "%s · ", progress->label);
  if (state <= LAB_RUN_STATE_STARTING)
    g_string_append (line, "starting the workers…");
  else
    {
      g_string_append_printf (line, "%s / %s tasks (%u %%)", done_text, total_text,
                              (guint) (config->count > 0 ? done * 100 / config->count : 0));
      if (elapsed > 0)
        {
          g_autofree char *rate = lab_format_grouped ((guint64) (done / elapsed));
          g_string_append_printf (line, " · %s tasks/s", rate);
        }
    }
  g_string_append_printf (line, " · %s s", elapsed_text);

  /* Never wrap: a wrapped line cannot be redrawn in place. */
  if ((guint) g_utf8_strlen (line->str, -1) >= width)
    {
      const char *cut = g_utf8_offset_to_pointer (line->str, MAX (width, 2) - 2);
      g_string_truncate (line, cut - line->str);
    }

  fprintf (stderr, "\r%s\033[K", line->str);
  fflush (stderr);

  return G_SOURCE_CONTINUE;
}

LabCliProgress *
lab_cli_progress_new (LabRun     *run,
                      const char *label)
{
  LabCliProgress *progress;

  if (!isatty (STDERR_FILENO))
    return NULL;

  progress = g_new0 (LabCliProgress, 1);
  progress->run = g_object_ref (run);
  progress->label = g_strdup (label);
  progress->timeout_id = g_timeout_add (REDRAW_INTERVAL_MS, redraw, progress);

  return progress;
}

void
lab_cli_progress_free (LabCliProgress *progress)
{
  if (progress == NULL)
    return;

  g_clear_handle_id (&progress->timeout_id, g_source_remove);
  erase_line ();
  g_clear_object (&progress->run);
  g_free (progress->label);
  g_free (progress);
}
