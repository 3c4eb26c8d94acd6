/* lab-fork-server.h: forks worker processes on request, as Python's
 * multiprocessing "forkserver" does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Serves the control socket @control_fd until it closes, then kills and
 * reaps the workers still alive. Returns the process's exit status. Stays
 * single-threaded, so that a fork is safe. */
int lab_fork_server_main (int control_fd);

G_END_DECLS
