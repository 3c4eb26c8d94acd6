/* lab-history-page-private.h: what the History page's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-history-overlay.h"
#include "lab-history-page.h"

G_BEGIN_DECLS

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
  GtkSpinButton      *limit_spin;

  GSettings          *settings;
  LabHistory         *history;
  GtkCustomFilter    *filter;
  GtkMultiSelection  *selection;
  GHashTable         *pending;       /* entries deleted, not yet for good */
  GPtrArray          *undo_batch;    /* the last deletion, while its toast shows */
  AdwToast           *undo_toast;
  GCancellable       *cancellable;
};

/* lab-history-page.c */
GPtrArray *lab_history_page_dup_selected      (LabHistoryPage *self);
gboolean   lab_history_page_all_runs          (GPtrArray      *entries);
/* Which view shows, which actions are enabled, the notes. */
void       lab_history_page_update            (LabHistoryPage *self);

/* lab-history-page-actions.c */
void       lab_history_page_show_error        (LabHistoryPage *self,
                                               const char     *heading,
                                               const char     *body);
/* The deletion waiting for its toast becomes final. */
void       lab_history_page_commit_deletion   (LabHistoryPage *self);
void       lab_history_page_on_activate       (LabHistoryPage *self,
                                               guint           position);
void       lab_history_page_action_open        (GtkWidget *widget, const char *action_name, GVariant *parameter);
void       lab_history_page_action_rename      (GtkWidget *widget, const char *action_name, GVariant *parameter);
void       lab_history_page_action_delete      (GtkWidget *widget, const char *action_name, GVariant *parameter);
void       lab_history_page_action_undo_delete (GtkWidget *widget, const char *action_name, GVariant *parameter);
void       lab_history_page_action_compare     (GtkWidget *widget, const char *action_name, GVariant *parameter);
void       lab_history_page_action_back        (GtkWidget *widget, const char *action_name, GVariant *parameter);

G_END_DECLS
