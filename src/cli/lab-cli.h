/* lab-cli.h: the headless commands of concurrency-lab
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses, as documented in the README */
#define LAB_EXIT_OK          0   /* done */
#define LAB_EXIT_FAILED      1   /* the run failed or tasks failed */
#define LAB_EXIT_USAGE       2   /* bad usage; the message names the option */
#define LAB_EXIT_INTERRUPTED 130 /* Ctrl-C: cancelled, partial results written */

/* Whether argv[1] names a headless command (run, compare, serve, ...). */
gboolean lab_cli_is_command (const char *name);
/* Runs the command named by argv[1]; returns the exit status. */
int      lab_cli_main       (int          argc,
                             char       **argv);

G_END_DECLS
