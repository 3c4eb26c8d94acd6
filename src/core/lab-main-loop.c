/* lab-main-loop.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lab-main-loop.h"

static gboolean
quit_loop (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* Quits @loop from inside its own context, from any thread: a
 * g_main_loop_quit() that comes before g_main_loop_run() would be lost. */
void
lab_main_loop_quit_soon (GMainLoop *loop)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_HIGH);
  g_source_set_callback (source, quit_loop, g_main_loop_ref (loop), (GDestroyNotify) g_main_loop_unref);
  g_source_set_static_name (source, "[lab] quit loop");
  g_source_attach (source, g_main_loop_get_context (loop));
  g_source_unref (source);
}
