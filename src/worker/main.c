/* main.c: concurrency-lab-worker, the process model's worker
 *
 * Started by Concurrency Lab, not by people: it speaks the worker protocol
 * (lab-worker-protocol.h) on stdin and stdout, or with --fork-server forks
 * such workers on request over the control socket on fd 3.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <glib.h>

#include "lab-fork-server.h"
#include "lab-worker-protocol.h"
#include "lab-worker-serve.h"

static void
print_usage (FILE *stream)
{
  fprintf (stream,
           "Usage: concurrency-lab-worker [--fork-server]\n"
           "\n"
           "The worker process of Concurrency Lab's processes model. It reads task\n"
           "indices from stdin and writes task records to stdout in a binary\n"
           "protocol (version %d); it is started by concurrency-lab, not by hand.\n"
           "\n"
           "  --fork-server   fork workers on request over the socket on fd %d\n"
           "  --version       print the version\n",
           LAB_WORKER_PROTOCOL_VERSION, LAB_FORK_SERVER_FD);
}

int
main (int    argc,
      char **argv)
{
  sigset_t none;

  /* The pool blocks SIGPIPE on the thread that starts us: no signal is
   * blocked here. */
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);

  if (argc == 2 && strcmp (argv[1], "--fork-server") == 0)
    return lab_fork_server_main (LAB_FORK_SERVER_FD);

  if (argc == 2 && strcmp (argv[1], "--version") == 0)
    {
      printf ("concurrency-lab-worker %s (protocol %d)\n", PACKAGE_VERSION, LAB_WORKER_PROTOCOL_VERSION);
      return 0;
    }

  if (argc == 2 && (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0))
    {
      print_usage (stdout);
      return 0;
    }

  if (argc != 1)
    {
      print_usage (stderr);
      return 2;
    }

  /* Started directly: die with the pool, stay out of the terminal's
   * process group (Ctrl-C is for the app), and see a closed pipe as an error. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  setpgid (0, 0);
  signal (SIGPIPE, SIG_IGN);

  return lab_worker_serve (STDIN_FILENO, STDOUT_FILENO, NULL);
}
