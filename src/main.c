/* main.c: concurrency-lab — headless commands, or the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "lab-cli.h"
#include "lab-gui.h"

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* no arguments (the desktop launcher): the window; else a command */
  if (argc < 2)
    return lab_gui_main (argc, argv);

  /* concurrency-lab FILE.json: the window, opening the file */
  if (!lab_cli_is_command (argv[1]) && argv[1][0] != '-' &&
      (g_str_has_suffix (argv[1], ".json") || g_file_test (argv[1], G_FILE_TEST_IS_REGULAR)))
    {
      for (int i = 1; i < argc; i++)
        {
          if (!g_file_test (argv[i], G_FILE_TEST_EXISTS))
            {
              g_printerr ("concurrency-lab: %s: no such file\n", argv[i]);
              return 2;
            }
        }
      return lab_gui_main (argc, argv);
    }

  return lab_cli_main (argc, argv);
}
