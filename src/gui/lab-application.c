/* lab-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lab-application.h"
#include "lab-gui.h"
#include "lab-window.h"

struct _LabApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (LabApplication, lab_application, ADW_TYPE_APPLICATION)

static void
lab_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (lab_window_new (ADW_APPLICATION (app)));

  gtk_window_present (window);
}

/* concurrency-lab FILE.json, or a snapshot opened from the file manager:
 * each file in a window of its own, the first in an idle window if any */
static void
lab_application_open (GApplication  *app,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (app));

  for (int i = 0; i < n_files; i++)
    {
      LabWindow *window;

      if (i == 0 && LAB_IS_WINDOW (active) && !lab_window_is_running (LAB_WINDOW (active)))
        window = LAB_WINDOW (active);
      else
        window = lab_window_new (ADW_APPLICATION (app));

      gtk_window_present (GTK_WINDOW (window));
      lab_window_open_file (window, files[i]);
    }
}

static void
on_about (GSimpleAction *action,
          GVariant      *parameter,
          gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *developers[] = { "The Concurrency Lab developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Concurrency Lab"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", developers[0],
                        "developers", developers,
                        "comments", _("Run the same workload under different concurrency models and see "
                                      "the difference: throughput, CPU use, latency and what every worker did."),
                        "website", "https://github.com/concurrencylab/concurrency-lab",
                        "issue-url", "https://github.com/concurrencylab/concurrency-lab/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2024 The Concurrency Lab developers",
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
on_quit (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (app));

  /* closing asks each window to stop its run; the application ends when the
   * last window is gone */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static const GActionEntry app_actions[] = {
  { "about", on_about },
  { "quit", on_quit },
};

static void
lab_application_startup (GApplication *app)
{
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "win.start", { "<Control>Return", "<Control>KP_Enter", NULL } },
    { "win.cancel", { "Escape", NULL } },
    { "win.export", { "<Control>e", NULL } },
    { "win.toggle-sidebar", { "F9", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };

  G_APPLICATION_CLASS (lab_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  gtk_window_set_default_icon_name (APP_ID);
}

static void
lab_application_class_init (LabApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = lab_application_activate;
  app_class->open = lab_application_open;
  app_class->startup = lab_application_startup;
}

static void
lab_application_init (LabApplication *self)
{
}

LabApplication *
lab_application_new (GApplicationFlags flags)
{
  return g_object_new (LAB_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", "/io/github/concurrencylab/ConcurrencyLab",
                       "flags", flags,
                       NULL);
}

int
lab_gui_main (int    argc,
              char **argv)
{
  g_autoptr(LabApplication) app = NULL;

  g_set_application_name (_("Concurrency Lab"));

  if (!gtk_init_check ())
    {
      g_printerr (_("concurrency-lab: cannot open the window: no display (DISPLAY or WAYLAND_DISPLAY is not set, "
                    "or the display cannot be reached).\n"
                    "Without a display, the commands run experiments and export results: "
                    "concurrency-lab --help\n"));
      return 1;
    }

  app = lab_application_new (G_APPLICATION_HANDLES_OPEN);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
