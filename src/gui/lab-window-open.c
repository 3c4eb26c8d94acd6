/* lab-window-open.c: opening snapshots, comparisons and sweeps in the window
 *
 * The file is read on a thread (it may hold a million task records); what
 * it holds decides where it shows: a run on the Run page, a comparison or a
 * sweep on the Compare page. Whatever cannot be read is said in a dialog
 * that names the file and the reason; the window stays as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lab-history.h"
#include "lab-window.h"

static void
show_open_error (LabWindow    *self,
                 GFile        *file,
                 const GError *error)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *heading = g_strdup_printf (_("Could Not Open “%s”"), name);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
lab_window_show_document (LabWindow *self,
                          GObject   *document)
{
  LabComparePage *page;
  GtkWidget *stack;

  g_return_if_fail (LAB_IS_WINDOW (self));
  g_return_if_fail (G_IS_OBJECT (document));

  if (LAB_IS_RUN (document))
    {
      lab_window_show_run (self, LAB_RUN (document));
      return;
    }

  page = lab_window_get_compare_page (self);
  if (lab_compare_page_get_running (page))
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("The Compare Page Is Busy"),
                                                  _("Cancel the comparison or sweep that runs to open another."));

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  if (LAB_IS_COMPARISON (document))
    lab_compare_page_show_comparison (page, LAB_COMPARISON (document));
  else if (LAB_IS_SWEEP (document))
    lab_compare_page_show_sweep (page, LAB_SWEEP (document));
  else
    g_return_if_reached ();

  if ((stack = gtk_widget_get_ancestor (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK)) != NULL)
    adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "compare");
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GObject *document = lab_history_load_document (task_data, NULL, cancellable, &error);

  if (document == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, document, g_object_unref);
}

static void
on_file_read (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LabWindow *self = LAB_WINDOW (object);
  GFile *file = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) document = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (document == NULL)
    show_open_error (self, file, error);
  else
    lab_window_show_document (self, document);
}

void
lab_window_open_file (LabWindow *self,
                      GFile     *file)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LAB_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, lab_window_get_open_cancellable (self), on_file_read, NULL);
  g_task_set_source_tag (task, lab_window_open_file);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, open_thread);
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     LabWindow       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        lab_window_open_file (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

void
lab_window_choose_file (LabWindow *self)
{
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter;

  g_return_if_fail (LAB_IS_WINDOW (self));

  chooser = gtk_file_chooser_native_new (_("Open a Snapshot"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Snapshots, comparisons and sweeps"));
  gtk_file_filter_add_mime_type (filter, "application/x-concurrency-lab-snapshot");
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All JSON files"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);

  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
