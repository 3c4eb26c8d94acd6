/* lab-cli-serve.c
 *
 * `concurrency-lab serve [--port=N]`: the lab server on its own, on
 * 127.0.0.1, until Ctrl-C or SIGTERM. Its URL is the first line on stdout,
 * so that a script can read it; the rest goes to stderr.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>

#include "lab-cli.h"
#include "lab-cli-serve.h"
#include "lab-lab-server.h"

static const char description[] =
  "The lab server answers GET /work with a body shaped by query parameters:\n"
  "  delay=DURATION   wait before the headers (e.g. 200ms; at most 60s)\n"
  "  jitter=DURATION  add a uniform random ± to the delay\n"
  "  size=BYTES       body size (e.g. 16384 or 64KiB; at most 1GiB; default 1024)\n"
  "  status=CODE      HTTP status, 200 to 599\n"
  "  fail=P           probability (0 to 1) of a 500 instead\n"
  "  drop=P           probability of closing the connection half-way through the body\n"
  "  chunked=1        chunked transfer encoding\n"
  "  rate=BYTES       trickle the body at this many bytes per second\n"
  "/redirect?to=URL redirects there; /loop redirects to itself; / documents all this.\n"
  "\n"
  "Example:\n"
  "  concurrency-lab serve --port=8080 &\n"
  "  concurrency-lab run --workload=url --model=async --workers=50 --count=200 \\\n"
  "      --url='http://127.0.0.1:8080/work?delay=200ms&size=16KiB'";

static gboolean
on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
parse_port (const char  *str,
            guint       *port,
            GError     **error)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (str, 10, 0, 65535, &value, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--port: “%s” is not a port; use 1 to 65535, or 0 for any free port", str);
      return FALSE;
    }

  *port = value;
  return TRUE;
}

int
lab_cli_serve (int    argc,
               char **argv)
{
  g_autofree char *port_str = NULL;
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_STRING, &port_str,
      "The port on 127.0.0.1 (default: any free port)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(LabLabServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  guint sigint_id, sigterm_id;
  gboolean parsed;
  guint port = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context, description);
  g_option_context_set_strict_posix (context, FALSE);

  /* GOption rewrites the vector: parse a copy. */
  args = g_new0 (char *, argc + 2);
  args[0] = g_strdup ("concurrency-lab serve");
  for (int i = 1; i < argc; i++)
    args[i] = g_strdup (argv[i]);

  /* "Usage: concurrency-lab serve [OPTION…]", as the other commands say. */
  g_option_context_set_summary (context, "Serve the lab server on 127.0.0.1 until Ctrl-C or SIGTERM; "
                                         "its URL is the first line on stdout.");
  g_set_prgname ("concurrency-lab serve");
  parsed = g_option_context_parse_strv (context, &args, &error);
  g_set_prgname ("concurrency-lab");

  if (!parsed)
    {
      g_printerr ("concurrency-lab serve: %s\n"
                  "Try “concurrency-lab serve --help”.\n", error->message);
      return LAB_EXIT_USAGE;
    }

  if (g_strv_length (args) > 1)
    {
      g_printerr ("concurrency-lab serve: unexpected argument “%s”; serve takes only --port\n",
                  args[1]);
      return LAB_EXIT_USAGE;
    }

  if (port_str != NULL && !parse_port (port_str, &port, &error))
    {
      g_printerr ("concurrency-lab serve: %s\n", error->message);
      return LAB_EXIT_USAGE;
    }

  server = lab_lab_server_new (port);
  if (!lab_lab_server_start (server, &error))
    {
      g_printerr ("concurrency-lab serve: %s\n", error->message);
      return LAB_EXIT_FAILED;
    }

  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, on_signal, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, loop);

  g_print ("%s\n", lab_lab_server_get_url (server));
  fflush (stdout);
  g_printerr ("Serving the lab server; try %swork?delay=200ms&size=16KiB — "
              "the parameters are on %s. Ctrl-C stops it.\n",
              lab_lab_server_get_url (server), lab_lab_server_get_url (server));

  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  lab_lab_server_stop (server);

  g_printerr ("Stopped after %" G_GUINT64_FORMAT " requests.\n",
              lab_lab_server_get_n_requests (server));

  return LAB_EXIT_OK;
}
