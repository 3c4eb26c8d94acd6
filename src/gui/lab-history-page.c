/* lab-history-page.c
 *
 * A column view over the history's entries (through a filter that hides
 * entries whose deletion can still be undone), with a multiple selection;
 * which view shows and which actions apply follow the list and the
 * selection. What the actions do is in lab-history-page-actions.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lab-history-columns.h"
#include "lab-history-page-private.h"

G_DEFINE_FINAL_TYPE (LabHistoryPage, lab_history_page, ADW_TYPE_BIN)

enum {
  OPEN_DOCUMENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Selection and state */

GPtrArray *
lab_history_page_dup_selected (LabHistoryPage *self)
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

gboolean
lab_history_page_all_runs (GPtrArray *entries)
{
  for (guint i = 0; i < entries->len; i++)
    if (lab_history_entry_get_kind (g_ptr_array_index (entries, i)) != LAB_DOCUMENT_SNAPSHOT)
      return FALSE;
  return TRUE;
}

void
lab_history_page_update (LabHistoryPage *self)
{
  g_autoptr(GPtrArray) selected = lab_history_page_dup_selected (self);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  const char * const *notes = self->history ? lab_history_get_notes (self->history) : NULL;
  guint n_notes = notes ? g_strv_length ((char **) notes) : 0;
  const char *view = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (view, "overlay") != 0)
    gtk_stack_set_visible_child_name (self->stack, n > 0 || n_notes > 0 ? "list" : "empty");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.open", selected->len == 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.rename", selected->len == 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.delete", selected->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.compare", selected->len >= 2 && lab_history_page_all_runs (selected));

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
  lab_history_page_commit_deletion (self);
  g_cancellable_cancel (self->cancellable);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_clear_object (&self->history);
  g_clear_object (&self->settings);
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
  gtk_widget_class_bind_template_child (widget_class, LabHistoryPage, limit_spin);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_column_view_activate",
                                                G_CALLBACK (lab_history_page_on_activate));

  gtk_widget_class_install_action (widget_class, "history.open", NULL, lab_history_page_action_open);
  gtk_widget_class_install_action (widget_class, "history.rename", NULL, lab_history_page_action_rename);
  gtk_widget_class_install_action (widget_class, "history.delete", NULL, lab_history_page_action_delete);
  gtk_widget_class_install_action (widget_class, "history.undo-delete", NULL, lab_history_page_action_undo_delete);
  gtk_widget_class_install_action (widget_class, "history.compare", NULL, lab_history_page_action_compare);
  gtk_widget_class_install_action (widget_class, "history.back", NULL, lab_history_page_action_back);

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

  /* the window's history follows the same key */
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "history-limit",
                   gtk_spin_button_get_adjustment (self->limit_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.back", FALSE);
  lab_history_page_update (self);
}
