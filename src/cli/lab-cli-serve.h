/* lab-cli-serve.h: `concurrency-lab serve`, the lab server on its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* argv[0] is "serve". Prints the server's URL on stdout and serves until
 * SIGINT or SIGTERM: exit 0; a bad --port: 2; the port taken: 1. */
int lab_cli_serve (int    argc,
                   char **argv);

G_END_DECLS
