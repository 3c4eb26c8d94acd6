/* lab-cli.c — the command table (being written) */
#include "config.h"

#include "lab-cli.h"

gboolean
lab_cli_is_command (const char *name)
{
  return FALSE;
}

int
lab_cli_main (int    argc,
              char **argv)
{
  g_printerr ("concurrency-lab: no commands yet\n");
  return LAB_EXIT_USAGE;
}
