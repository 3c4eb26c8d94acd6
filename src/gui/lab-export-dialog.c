/* lab-export-dialog.c
 *
 * The dialog is a GtkFileChooserNative (a portal's dialog when there is
 * one) with two choices, Format and Chart. A chooser cannot rename its file
 * as the Format choice changes, so the name follows the choice when the
 * person accepts: a known extension is replaced, a missing one added, and
 * if that names another file which exists, the person is asked before it
 * is replaced. The window writes the file (lab_window_export_to_file()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "lab-export-dialog.h"

/* The last choices, for the next export in this session. */
static LabExportFormat last_format = LAB_EXPORT_JSON;
static LabChartKind last_chart = LAB_CHART_ALL;
static GFile *last_folder;

/* The dialog */

typedef struct
{
  GtkFileChooserNative *native;
  GtkWindow            *parent;
  LabExportChosenFunc   chosen;
  gpointer              user_data;
  GDestroyNotify        destroy;
  GFile                *file;
  LabExportFormat       format;
  LabChartKind          chart;
} DialogState;

static void
dialog_state_free (DialogState *state)
{
  if (state->destroy != NULL)
    state->destroy (state->user_data);
  g_clear_object (&state->native);
  g_clear_object (&state->parent);
  g_clear_object (&state->file);
  g_free (state);
}

static void
finish_choice (DialogState *state)
{
  g_autoptr(GFile) folder = g_file_get_parent (state->file);

  last_format = state->format;
  if (lab_export_format_is_image (state->format))
    last_chart = state->chart;
  g_set_object (&last_folder, folder);

  state->chosen (state->file, state->format, state->chart, state->user_data);
  dialog_state_free (state);
}

static void
on_replace_response (AdwMessageDialog *dialog,
                     const char       *response,
                     DialogState      *state)
{
  if (g_strcmp0 (response, "replace") == 0)
    finish_choice (state);
  else
    dialog_state_free (state);
}

/* The name with the extension of the chosen format. */
static GFile *
follow_format (GFile           *file,
               LabExportFormat  format)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GFile) parent = g_file_get_parent (file);
  const char *dot = strrchr (name, '.');
  g_autofree char *stem = NULL;
  g_autofree char *renamed = NULL;
  gboolean known = FALSE;

  if (dot != NULL)
    {
      for (LabExportFormat f = LAB_EXPORT_JSON; f <= LAB_EXPORT_SVG; f++)
        known |= g_ascii_strcasecmp (dot + 1, lab_export_format_get_extension (f)) == 0;
      known |= g_ascii_strcasecmp (dot + 1, "markdown") == 0;
      if (g_ascii_strcasecmp (dot + 1, lab_export_format_get_extension (format)) == 0)
        return g_object_ref (file);
    }

  stem = known ? g_strndup (name, dot - name) : g_strdup (name);
  renamed = g_strconcat (stem, ".", lab_export_format_get_extension (format), NULL);
  return g_file_get_child (parent, renamed);
}

static void
on_chooser_response (GtkNativeDialog *native,
                     int              response,
                     DialogState     *state)
{
  GtkFileChooser *chooser = GTK_FILE_CHOOSER (native);
  g_autoptr(GFile) chosen = NULL;
  const char *format = gtk_file_chooser_get_choice (chooser, "format");
  const char *chart = gtk_file_chooser_get_choice (chooser, "chart");
  AdwMessageDialog *dialog;
  g_autofree char *name = NULL;

  if (response != GTK_RESPONSE_ACCEPT || (chosen = gtk_file_chooser_get_file (chooser)) == NULL)
    {
      dialog_state_free (state);
      return;
    }

  if (!lab_export_format_from_string (format, &state->format))
    state->format = last_format;
  if (!lab_chart_kind_from_string (chart, &state->chart))
    state->chart = LAB_CHART_ALL;
  state->file = follow_format (chosen, state->format);

  /* the chooser asked about the name it showed, not about this one */
  if (g_file_equal (state->file, chosen) || !g_file_query_exists (state->file, NULL))
    {
      finish_choice (state);
      return;
    }

  name = g_file_get_basename (state->file);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (state->parent, NULL, NULL));
  adw_message_dialog_format_heading (dialog, _("Replace “%s”?"), name);
  adw_message_dialog_format_body (dialog, _("A file with this name already exists. Replacing it "
                                            "overwrites its contents."));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "replace", _("_Replace"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "replace", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_replace_response), state);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Moves the option @id (and its label) to the front, the others in order. */
static void
move_to_front (const char **ids,
               const char **labels,
               const char  *id)
{
  for (guint i = 1; ids[i] != NULL; i++)
    if (g_str_equal (ids[i], id))
      {
        const char *moved_id = ids[i], *moved_label = labels[i];

        memmove (ids + 1, ids, i * sizeof *ids);
        memmove (labels + 1, labels, i * sizeof *labels);
        ids[0] = moved_id;
        labels[0] = moved_label;
        return;
      }
}

void
lab_export_dialog_show (GtkWindow           *parent,
                        LabRun              *run,
                        LabChartKind         chart,
                        LabExportChosenFunc  chosen,
                        gpointer             user_data,
                        GDestroyNotify       destroy)
{
  const char *format_ids[] = { "json", "csv", "markdown", "png", "svg", NULL };
  const char *chart_ids[] = { "all", "throughput", "inflight", "latency", "timeline", NULL };
  const char *format_labels[] = {
    _("JSON snapshot"), _("CSV (one row per task)"), _("Markdown summary"), _("PNG image"), _("SVG image"), NULL
  };
  const char *chart_labels[] = {
    _("Dashboard"), _("Throughput and CPU use"), _("Tasks in flight"), _("Latency"), _("Worker timeline"), NULL
  };
  LabExportFormat format = last_format;
  g_autofree char *name = NULL;
  DialogState *state;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (LAB_IS_RUN (run));
  g_return_if_fail (chosen != NULL);

  /* "Export Chart…" on a chart: an image of that chart */
  if (chart != LAB_CHART_ALL)
    {
      if (!lab_export_format_is_image (format))
        format = LAB_EXPORT_PNG;
    }
  else if (lab_export_format_is_image (format))
    chart = last_chart;

  state = g_new0 (DialogState, 1);
  state->parent = g_object_ref (parent);
  state->chosen = chosen;
  state->user_data = user_data;
  state->destroy = destroy;
  state->native = gtk_file_chooser_native_new (chart != LAB_CHART_ALL && lab_export_format_is_image (format)
                                                 ? _("Export Chart") : _("Export Run"),
                                               parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (state->native), TRUE);

  /* GTK 4.8's own dialog ignores gtk_file_chooser_set_choice() and shows
   * the first option: the preset goes first */
  move_to_front (format_ids, format_labels, lab_export_format_to_string (format));
  move_to_front (chart_ids, chart_labels, lab_chart_kind_to_string (chart));
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (state->native), "format", _("Format"),
                               format_ids, format_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (state->native), "format", lab_export_format_to_string (format));
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (state->native), "chart", _("Chart (images)"),
                               chart_ids, chart_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (state->native), "chart", lab_chart_kind_to_string (chart));

  if (last_folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (state->native), last_folder, NULL);
  else if (g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS) != NULL)
    {
      g_autoptr(GFile) documents = g_file_new_for_path (g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS));

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (state->native), documents, NULL);
    }
  name = lab_export_suggest_name (run, format, chart);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (state->native), name);

  g_signal_connect (state->native, "response", G_CALLBACK (on_chooser_response), state);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (state->native));

}

/* The context menu of a chart */

#define CHART_MENU_KEY "lab-export-chart-menu"

static gboolean
remove_chart_menu (gpointer data)
{
  GtkWidget *chart = data;
  GtkWidget *popover = g_object_get_data (G_OBJECT (chart), CHART_MENU_KEY);

  /* not while it shows: it was opened again */
  if (popover != NULL && !gtk_widget_get_visible (popover))
    {
      gtk_widget_unparent (popover);
      g_object_set_data (G_OBJECT (chart), CHART_MENU_KEY, NULL);
    }
  return G_SOURCE_REMOVE;
}

static void
on_chart_menu_closed (GtkPopover *popover,
                      GtkWidget  *chart)
{
  /* the chosen item's action runs first */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, remove_chart_menu, g_object_ref (chart), g_object_unref);
}

static void
on_chart_destroy (GtkWidget *chart)
{
  GtkWidget *popover = g_object_get_data (G_OBJECT (chart), CHART_MENU_KEY);

  if (popover != NULL)
    {
      gtk_widget_unparent (popover);
      g_object_set_data (G_OBJECT (chart), CHART_MENU_KEY, NULL);
    }
}

static void
show_chart_menu (GtkWidget *chart,
                 double     x,
                 double     y)
{
  LabChartKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chart), "lab-export-chart-kind"));
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) item = g_menu_item_new (_("Export _Chart…"), NULL);
  GtkWidget *popover;

  g_menu_item_set_action_and_target (item, "win.export-chart", "s", lab_chart_kind_to_string (kind));
  g_menu_append_item (menu, item);
  g_menu_append (menu, _("_Export…"), "win.export");

  on_chart_destroy (chart);
  popover = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_widget_set_parent (popover, chart);
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  gtk_widget_set_halign (popover, GTK_ALIGN_START);
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  g_object_set_data (G_OBJECT (chart), CHART_MENU_KEY, popover);
  g_signal_connect_object (popover, "closed", G_CALLBACK (on_chart_menu_closed), chart, 0);
  gtk_popover_popup (GTK_POPOVER (popover));
}

static void
on_chart_click (GtkGestureClick *gesture,
                int              n_press,
                double           x,
                double           y)
{
  GtkWidget *chart = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  show_chart_menu (chart, x, y);
}

static void
on_chart_long_press (GtkGestureLongPress *gesture,
                     double               x,
                     double               y)
{
  show_chart_menu (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture)), x, y);
}

void
lab_export_add_chart_menu (GtkWidget    *chart,
                           LabChartKind  kind)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *long_press = gtk_gesture_long_press_new ();

  g_return_if_fail (GTK_IS_WIDGET (chart));
  g_return_if_fail (kind < LAB_CHART_ALL);

  g_object_set_data (G_OBJECT (chart), "lab-export-chart-kind", GINT_TO_POINTER (kind));
  g_signal_connect (chart, "destroy", G_CALLBACK (on_chart_destroy), NULL);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_chart_click), NULL);
  gtk_widget_add_controller (chart, GTK_EVENT_CONTROLLER (click));

  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (long_press), TRUE);
  g_signal_connect (long_press, "pressed", G_CALLBACK (on_chart_long_press), NULL);
  gtk_widget_add_controller (chart, GTK_EVENT_CONTROLLER (long_press));
}
