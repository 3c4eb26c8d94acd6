/* lab-history-page-actions.c: what a person does on the History page
 *
 * Open reads the entry's file on a thread and hands the document to the
 * window ("open-document"); Rename asks in a dialog; Delete hides the
 * entries at once and deletes them when the toast goes without Undo;
 * Compare Selected reads two or more runs and overlays them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lab-history-page-private.h"

/* Opening */

void
lab_history_page_show_error (LabHistoryPage *self,
            const char     *heading,
            const char     *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_entry_loaded (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LabHistoryPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) document = lab_history_load_entry_finish (LAB_HISTORY (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (document == NULL)
    {
      lab_history_page_show_error (self, _("Could Not Open the Entry"), error->message);
      return;
    }
  g_signal_emit_by_name (self, "open-document", document);
}

void
lab_history_page_open_entry (LabHistoryPage  *self,
                             LabHistoryEntry *entry)
{
  g_return_if_fail (LAB_IS_HISTORY_PAGE (self));
  g_return_if_fail (LAB_IS_HISTORY_ENTRY (entry));
  g_return_if_fail (self->history != NULL);

  lab_history_load_entry_async (self->history, entry, self->cancellable, on_entry_loaded, g_object_ref (self));
}

void
lab_history_page_on_activate (LabHistoryPage *self,
                         guint           position)
{
  g_autoptr(LabHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (entry != NULL)
    lab_history_page_open_entry (self, entry);
}

void
lab_history_page_action_open (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LabHistoryPage *self = LAB_HISTORY_PAGE (widget);
  g_autoptr(GPtrArray) selected = lab_history_page_dup_selected (self);

  if (selected->len == 1)
    lab_history_page_open_entry (self, g_ptr_array_index (selected, 0));
}

/* Renaming */

static void
on_rename_response (AdwMessageDialog *dialog,
                    const char       *response,
                    LabHistoryPage   *self)
{
  LabHistoryEntry *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  GtkEditable *text = g_object_get_data (G_OBJECT (dialog), "text");

  if (g_strcmp0 (response, "rename") == 0 && self->history != NULL)
    lab_history_rename_async (self->history, entry, gtk_editable_get_text (text), NULL, NULL, NULL);
}

void
lab_history_page_action_rename (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LabHistoryPage *self = LAB_HISTORY_PAGE (widget);
  g_autoptr(GPtrArray) selected = lab_history_page_dup_selected (self);
  g_autofree char *default_title = NULL;
  LabHistoryEntry *entry;
  GtkWidget *dialog, *text;

  if (selected->len != 1)
    return;
  entry = g_ptr_array_index (selected, 0);
  default_title = lab_history_entry_dup_default_title (entry);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Rename"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), _("An empty title gives back “%s”."), default_title);
  text = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (text), lab_history_entry_get_title (entry));
  gtk_entry_set_activates_default (GTK_ENTRY (text), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), text);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "rename", _("_Rename"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "entry", g_object_ref (entry), g_object_unref);
  g_object_set_data (G_OBJECT (dialog), "text", text);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_rename_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Deleting, with Undo */

void
lab_history_page_commit_deletion (LabHistoryPage *self)
{
  g_autoptr(GPtrArray) batch = g_steal_pointer (&self->undo_batch);

  self->undo_toast = NULL;
  if (batch == NULL || batch->len == 0)
    return;

  for (guint i = 0; i < batch->len; i++)
    g_hash_table_remove (self->pending, g_ptr_array_index (batch, i));
  if (self->history != NULL)
    lab_history_delete_async (self->history, (LabHistoryEntry **) batch->pdata, batch->len, NULL, NULL, NULL);
}

static void
on_undo_toast_dismissed (AdwToast       *toast,
                         LabHistoryPage *self)
{
  if (toast == self->undo_toast)
    lab_history_page_commit_deletion (self);
}

void
lab_history_page_action_delete (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LabHistoryPage *self = LAB_HISTORY_PAGE (widget);
  g_autoptr(GPtrArray) selected = lab_history_page_dup_selected (self);
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (selected->len == 0)
    return;

  /* one Undo at a time: an earlier deletion becomes final */
  if (self->undo_toast != NULL)
    {
      AdwToast *previous = self->undo_toast;
      lab_history_page_commit_deletion (self);
      adw_toast_dismiss (previous);
    }

  self->undo_batch = g_ptr_array_ref (selected);
  for (guint i = 0; i < selected->len; i++)
    g_hash_table_add (self->pending, g_object_ref (g_ptr_array_index (selected, i)));
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_MORE_STRICT);

  if (selected->len == 1)
    {
      g_autofree char *escaped = g_markup_escape_text (lab_history_entry_get_title (g_ptr_array_index (selected, 0)), -1);
      title = g_strdup_printf (_("“%s” deleted"), escaped);
    }
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry deleted", "%u entries deleted",
                                          selected->len), selected->len);

  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "history.undo-delete");
  adw_toast_set_timeout (toast, 6);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_undo_toast_dismissed), self, 0);
  self->undo_toast = toast;
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
lab_history_page_action_undo_delete (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LabHistoryPage *self = LAB_HISTORY_PAGE (widget);
  g_autoptr(GPtrArray) batch = g_steal_pointer (&self->undo_batch);

  self->undo_toast = NULL;
  if (batch == NULL)
    return;
  for (guint i = 0; i < batch->len; i++)
    g_hash_table_remove (self->pending, g_ptr_array_index (batch, i));
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_LESS_STRICT);
}

/* Comparing */

static void
on_overlay_loaded (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(LabHistoryPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;
  guint n;

  if (!lab_history_overlay_load_finish (LAB_HISTORY_OVERLAY (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        lab_history_page_show_error (self, _("Could Not Compare the Runs"), error->message);
      return;
    }

  n = lab_history_overlay_get_n_runs (self->overlay);
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u run overlaid", "%u runs overlaid", n), n);
  gtk_label_set_text (self->overlay_title, heading);
  gtk_stack_set_visible_child_name (self->stack, "overlay");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.back", TRUE);
}

void
lab_history_page_action_compare (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LabHistoryPage *self = LAB_HISTORY_PAGE (widget);
  g_autoptr(GPtrArray) selected = lab_history_page_dup_selected (self);

  if (selected->len < 2 || !lab_history_page_all_runs (selected) || self->history == NULL)
    return;

  /* the oldest first: ratios read as "what changed since" */
  for (guint i = 0; i < selected->len / 2; i++)
    {
      gpointer tmp = selected->pdata[i];
      selected->pdata[i] = selected->pdata[selected->len - 1 - i];
      selected->pdata[selected->len - 1 - i] = tmp;
    }

  lab_history_overlay_load_async (self->overlay, self->history, selected, self->cancellable,
                                  on_overlay_loaded, g_object_ref (self));
}

void
lab_history_page_action_back (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LabHistoryPage *self = LAB_HISTORY_PAGE (widget);

  gtk_stack_set_visible_child_name (self->stack, "list");
  gtk_widget_action_set_enabled (widget, "history.back", FALSE);
  lab_history_page_update (self);
}
