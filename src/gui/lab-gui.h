/* lab-gui.h: the window of concurrency-lab
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs the desktop application; returns the exit status. */
int lab_gui_main (int    argc,
                  char **argv);

G_END_DECLS
