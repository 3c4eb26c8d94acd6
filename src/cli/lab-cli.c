/* lab-cli.c: the command table of concurrency-lab
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "lab-cli-private.h"
#ifdef LAB_HAVE_CLI_SERVE
/* lab-cli-serve.c, written with the lab server; see meson.build */
# include "lab-cli-serve.h"
#endif

typedef struct
{
  const char *name;
  int       (*main) (int argc, char **argv);
  const char *summary;
} LabCliCommand;

static const LabCliCommand commands[] = {
  { "run", lab_cli_run,
    "Run a workload under one model and report what happened" },
  { "compare", lab_cli_compare,
    "Run a workload under several models, several times each; speedups against sequential" },
  { "sweep", lab_cli_sweep,
    "Run one model across worker counts; Amdahl's serial fraction, where more workers stop paying" },
  { "export", lab_cli_export,
    "Write a saved run (a JSON snapshot) as a chart image, CSV, Markdown or JSON" },
#ifdef LAB_HAVE_CLI_SERVE
  { "serve", lab_cli_serve,
    "Serve the lab server (HTTP on loopback) until Ctrl-C" },
#endif
};

static const LabCliCommand *
find_command (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (name, commands[i].name))
      return &commands[i];
  return NULL;
}

static gboolean
is_help (const char *arg)
{
  return g_strcmp0 (arg, "--help") == 0 || g_strcmp0 (arg, "-h") == 0 ||
         g_strcmp0 (arg, "-?") == 0 || g_strcmp0 (arg, "help") == 0;
}

static gboolean
is_version (const char *arg)
{
  return g_strcmp0 (arg, "--version") == 0 || g_strcmp0 (arg, "-V") == 0;
}

gboolean
lab_cli_is_command (const char *name)
{
  return find_command (name) != NULL || is_help (name) || is_version (name);
}

static void
print_usage (FILE *out)
{
  fprintf (out,
           "Usage:\n"
           "  %s COMMAND [OPTION…]\n"
           "\n"
           "Runs the same workload under different concurrency models (sequential, threads,\n"
           "processes, async) and measures the difference.\n"
           "\n"
           "Commands:\n", LAB_CLI_NAME);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf (out,
           "\n"
           "Options:\n"
           "  -h, --help     Show this help; “%s COMMAND --help” shows a command's options\n"
           "  -V, --version  Show the version\n"
           "\n"
           "Exit status: 0 done, 1 the run or some tasks failed, 2 bad usage, 130 interrupted.\n",
           LAB_CLI_NAME);
}

int
lab_cli_main (int    argc,
              char **argv)
{
  const LabCliCommand *command;
  const char *name = argc > 1 ? argv[1] : NULL;

  g_set_prgname (LAB_CLI_NAME);

  if (name == NULL)
    {
      print_usage (stderr);
      return LAB_EXIT_USAGE;
    }

  if (is_version (name))
    {
      printf ("%s %s\n", LAB_CLI_NAME, PACKAGE_VERSION);
      return LAB_EXIT_OK;
    }

  if (is_help (name))
    {
      /* "help run" is "run --help" */
      if (argc > 2 && (command = find_command (argv[2])) != NULL)
        {
          char *help_argv[] = { argv[2], (char *) "--help", NULL };
          return command->main (2, help_argv);
        }
      if (argc > 2)
        {
          g_printerr ("%s: “%s” is not a command\n", LAB_CLI_NAME, argv[2]);
          return LAB_EXIT_USAGE;
        }
      print_usage (stdout);
      return LAB_EXIT_OK;
    }

  if ((command = find_command (name)) == NULL)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
        g_string_append_printf (names, "%s%s", i == 0 ? "" : i + 1 == G_N_ELEMENTS (commands) ? " or " : ", ",
                                commands[i].name);
      if (name[0] == '-')
        g_printerr ("%s: unknown option %s; options come after a command (%s)\n",
                    LAB_CLI_NAME, name, names->str);
      else
        g_printerr ("%s: “%s” is not a command; use %s\n", LAB_CLI_NAME, name, names->str);
      g_printerr ("Try “%s --help”.\n", LAB_CLI_NAME);
      return LAB_EXIT_USAGE;
    }

  return command->main (argc - 1, argv + 1);
}
