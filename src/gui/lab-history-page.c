/* lab-history-page.c
 *
 * A column view over the history's entries (through a filter that hides
 * entries whose deletion can still be undone), with a multiple selection.
 * Opening reads the entry's file on a thread and hands the document to the
 * window ("open-document"); Compare Selected reads two or more runs and
 * overlays them. Delete takes effect when its toast goes away without Undo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lab-history-columns.h"
#include "lab-history-overlay.h"
#include "lab-history-page.h"

struct _LabHistoryPage
{
  AdwBin              parent_instance;

  AdwToastOverlay    *toast_overlay;
  GtkStack           *stack;
  GtkRevealer        *notes_revealer;
  AdwExpanderRow     *notes_row;
  GtkLabel           *notes_label;
  GtkColumnView      *column_view;
  GtkLabel           *selection_label;
  GtkLabel           *overlay_title;
  LabHistoryOverlay  *overlay;

  LabHistory         *history;
  GtkCustomFilter    *filter;
  GtkMultiSelection  *selection;
  GHashTable         *pending;       /* entries deleted, not yet for good */
  GPtrArray          *undo_batch;    /* the last deletion, while its toast shows */
  AdwToast           *undo_toast;
  GCancellable       *cancellable;
};

G_DEFINE_FINAL_TYPE (LabHistoryPage, lab_history_page, ADW_TYPE_BIN)

enum {
  OPEN_DOCUMENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void lab_history_page_update (LabHistoryPage *self);

/* Selection and state */

static GPtrArray *
dup_selected (LabHistoryPage *self)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GtkBitsetIter iter;
  guint position;

  if (gtk_bitset_iter_init_first (&iter, set, &position))
    do
      g_ptr_array_add (entries, g_list_model_get_item (G_LIST_MODEL (self->selection), position));
    while (gtk_bitset_iter_next (&iter, &position));
  return entries;
}

static gboolean
all_runs (GPtrArray *entries)
{
  for (guint i = 0; i < entries->len; i++)
    if (lab_history_entry_get_kind (g_ptr_array_index (entries, i)) != LAB_DOCUMENT_SNAPSHOT)
      return FALSE;
  return TRUE;
}

static void
lab_history_page_update (LabHistoryPage *self)
{
  g_autoptr(GPtrArray) selected = dup_selected (self);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  const char * const *notes = self->history ? lab_history_get_notes (self->history) : NULL;
  guint n_notes = notes ? g_strv_length ((char **) notes) : 0;
  const char *view = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (view, "overlay") != 0)
    gtk_stack_set_visible_child_name (self->stack, n > 0 || n_notes > 0 ? "list" : "empty");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.open", selected->len == 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.rename", selected->len == 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.delete", selected->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.compare", selected->len >= 2 && all_runs (selected));

  if (selected->len > 1)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u selected", "%u selected",
                                                            selected->len), selected->len);
      gtk_label_set_text (self->selection_label, text);
    }
  else
    gtk_label_set_text (self->selection_label, "");

  gtk_revealer_set_reveal_child (self->notes_revealer, n_notes > 0);
  if (n_notes > 0)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u file in the history could not be read",
                                                             "%u files in the history could not be read",
                                                             n_notes), n_notes);
      g_autofree char *text = g_strjoinv ("\n", (char **) notes);
      g_autofree char *dir = g_file_get_path (lab_history_get_directory (self->history));
      g_autofree char *subtitle = g_markup_printf_escaped (_("Skipped; they stay in %s"), dir);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->notes_row), title);
      adw_expander_row_set_subtitle (self->notes_row, subtitle);
      gtk_label_set_text (self->notes_label, text);
    }
}

static gboolean
filter_entry (gpointer item,
              gpointer user_data)
{
  LabHistoryPage *self = user_data;
  return !g_hash_table_contains (self->pending, item);
}

static void
on_items_changed (LabHistoryPage *self)
{
  lab_history_page_update (self);
}

/* Opening */

static void
show_error (LabHistoryPage *self,
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
      show_error (self, _("Could Not Open the Entry"), error->message);
      return;
    }
  g_signal_emit (self, signals[OPEN_DOCUMENT], 0, document);
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

static void
on_column_view_activate (LabHistoryPage *self,
                         guint           position)
{
  g_autoptr(LabHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (entry != NULL)
    lab_history_page_open_entry (self, entry);
}

static void
history_open (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LabHistoryPage *self = LAB_HISTORY_PAGE (widget);
  g_autoptr(GPtrArray) selected = dup_selected (self);

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

static void
history_rename (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LabHistoryPage *self = LAB_HISTORY_PAGE (widget);
  g_autoptr(GPtrArray) selected = dup_selected (self);
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

static void
commit_deletion (LabHistoryPage *self)
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
    commit_deletion (self);
}

static void
history_delete (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LabHistoryPage *self = LAB_HISTORY_PAGE (widget);
  g_autoptr(GPtrArray) selected = dup_selected (self);
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (selected->len == 0)
    return;

  /* one Undo at a time: an earlier deletion becomes final */
  if (self->undo_toast != NULL)
    {
      AdwToast *previous = self->undo_toast;
      commit_deletion (self);
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

static void
history_undo_delete (GtkWidget  *widget,
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
        show_error (self, _("Could Not Compare the Runs"), error->message);
      return;
    }

  n = lab_history_overlay_get_n_runs (self->overlay);
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u run overlaid", "%u runs overlaid", n), n);
  gtk_label_set_text (self->overlay_title, heading);
  gtk_stack_set_visible_child_name (self->stack, "overlay");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.back", TRUE);
}

static void
history_compare (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LabHistoryPage *self = LAB_HISTORY_PAGE (widget);
  g_autoptr(GPtrArray) selected = dup_selected (self);

  if (selected->len < 2 || !all_runs (selected) || self->history == NULL)
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

static void
history_back (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LabHistoryPage *self = LAB_HISTORY_PAGE (widget);

  gtk_stack_set_visible_child_name (self->stack, "list");
  gtk_widget_action_set_enabled (widget, "history.back", FALSE);
  lab_history_page_update (self);
}

/* The page */

static void
on_shared_history_loaded (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!lab_history_load_finish (LAB_HISTORY (object), result, &error))
    g_warning ("Could not read the run history in %s: %s",
               g_file_peek_path (lab_history_get_directory (LAB_HISTORY (object))), error->message);
}

LabHistory *
lab_history_dup_shared (void)
{
  static LabHistory *shared;

  if (shared != NULL)
    return g_object_ref (shared);

  shared = lab_history_new (NULL);
  g_object_add_weak_pointer (G_OBJECT (shared), (gpointer *) &shared);
  lab_history_load_async (shared, NULL, on_shared_history_loaded, NULL);
  return shared;
}

void
lab_history_page_set_history (LabHistoryPage *self,
                              LabHistory     *history)
{
  GtkFilterListModel *filtered;

  g_return_if_fail (LAB_IS_HISTORY_PAGE (self));
  g_return_if_fail (history == NULL || LAB_IS_HISTORY (history));

  if (self->history == history)
    return;

  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_set_object (&self->history, history);

  filtered = gtk_filter_list_model_new (history ? g_object_ref (lab_history_get_entries (history)) : NULL,
                                        GTK_FILTER (g_object_ref (self->filter)));
  gtk_multi_selection_set_model (self->selection, G_LIST_MODEL (filtered));
  g_object_unref (filtered);

  if (history != NULL)
    g_signal_connect_object (history, "notify::notes", G_CALLBACK (lab_history_page_update), self, G_CONNECT_SWAPPED);
  lab_history_page_update (self);
}

LabHistory *
lab_history_page_get_history (LabHistoryPage *self)
{
  g_return_val_if_fail (LAB_IS_HISTORY_PAGE (self), NULL);
  return self->history;
}

GtkSelectionModel *
lab_history_page_get_selection (LabHistoryPage *self)
{
  g_return_val_if_fail (LAB_IS_HISTORY_PAGE (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}

const char *
lab_history_page_get_view (LabHistoryPage *self)
{
  g_return_val_if_fail (LAB_IS_HISTORY_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

static void
lab_history_page_dispose (GObject *object)
{
  LabHistoryPage *self = (LabHistoryPage *) object;

  /* a deletion still waiting for its toast is final now */
  commit_deletion (self);
  g_cancellable_cancel (self->cancellable);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_clear_object (&self->history);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  /* AdwBin unparents its child (the template's toast overlay) itself */

  G_OBJECT_CLASS (lab_history_page_parent_class)->dispose (object);
}

static void
lab_history_page_class_init (LabHistoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_history_page_dispose;

  signals[OPEN_DOCUMENT] =
    g_signal_new ("open-document", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_OBJECT);

  g_type_ensure (LAB_TYPE_HISTORY_OVERLAY);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/concurrencylab/ConcurrencyLab/lab-history-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LabHistoryPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LabHistoryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LabHistoryPage, notes_revealer);
  gtk_widget_class_bind_template_child (widget_class, LabHistoryPage, notes_row);
  gtk_widget_class_bind_template_child (widget_class, LabHistoryPage, notes_label);
  gtk_widget_class_bind_template_child (widget_class, LabHistoryPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, LabHistoryPage, selection_label);
  gtk_widget_class_bind_template_child (widget_class, LabHistoryPage, overlay_title);
  gtk_widget_class_bind_template_child (widget_class, LabHistoryPage, overlay);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate);

  gtk_widget_class_install_action (widget_class, "history.open", NULL, history_open);
  gtk_widget_class_install_action (widget_class, "history.rename", NULL, history_rename);
  gtk_widget_class_install_action (widget_class, "history.delete", NULL, history_delete);
  gtk_widget_class_install_action (widget_class, "history.undo-delete", NULL, history_undo_delete);
  gtk_widget_class_install_action (widget_class, "history.compare", NULL, history_compare);
  gtk_widget_class_install_action (widget_class, "history.back", NULL, history_back);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "history.rename", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "history.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "history.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "history.compare", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "history.back", NULL);
}

static void
lab_history_page_init (LabHistoryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->pending = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
  self->filter = gtk_custom_filter_new (filter_entry, self, NULL);
  self->selection = gtk_multi_selection_new (NULL);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  lab_history_columns_add (self->column_view);

  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.back", FALSE);
  lab_history_page_update (self);
}
