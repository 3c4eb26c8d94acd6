/* lab-task-list.c
 *
 * A GtkColumnView over a LabTaskModel: rows are made for what is visible,
 * and items for what rows show. A check button narrows the list to failed
 * and timed-out tasks, which is where the reasons are.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lab-summary-view.h"
#include "lab-task-list.h"
#include "lab-task-model.h"
#include "lab-task-text.h"

typedef enum
{
  COLUMN_INDEX,
  COLUMN_INPUT,
  COLUMN_WORKER,
  COLUMN_START,
  COLUMN_DURATION,
  COLUMN_STATUS,
  COLUMN_RESULT,
  COLUMN_REASON,
  N_COLUMNS
} Column;

struct _LabTaskList
{
  GtkWidget          parent_instance;

  GtkLabel          *count_label;
  GtkCheckButton    *problems_check;
  GtkStack          *stack;
  GtkLabel          *placeholder_label;
  GtkColumnView     *column_view;
  GtkColumnViewColumn *columns[N_COLUMNS];

  LabRun            *run;
  LabTaskModel      *model;
};

G_DEFINE_FINAL_TYPE (LabTaskList, lab_task_list, GTK_TYPE_WIDGET)

static void
on_setup (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  Column column = GPOINTER_TO_UINT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column <= COLUMN_DURATION && column != COLUMN_INPUT ? 1 : 0);
  if (column == COLUMN_REASON || column == COLUMN_INPUT)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column == COLUMN_INDEX || column == COLUMN_WORKER || column == COLUMN_START || column == COLUMN_DURATION)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
on_bind (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         gpointer                  user_data)
{
  Column column = GPOINTER_TO_UINT (user_data);
  LabTaskItem *item = gtk_list_item_get_item (list_item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  const LabTaskRecord *r = lab_task_item_get_record (item);
  const LabConfig *config = lab_task_item_get_config (item);
  g_autofree char *text = NULL;

  switch (column)
    {
    case COLUMN_INDEX:
      text = g_strdup_printf ("%" G_GUINT64_FORMAT, r->index);
      break;
    case COLUMN_INPUT:
      text = lab_task_dup_input (r, config);
      break;
    case COLUMN_WORKER:
      text = r->worker == LAB_WORKER_NONE ? g_strdup ("—") : g_strdup_printf ("%u", r->worker);
      break;
    case COLUMN_START:
      text = r->worker == LAB_WORKER_NONE ? g_strdup ("—") : lab_format_ms (r->start_us);
      break;
    case COLUMN_DURATION:
      text = r->worker == LAB_WORKER_NONE ? g_strdup ("—") : lab_format_ms (r->end_us - r->start_us);
      break;
    case COLUMN_STATUS:
      {
        static const char *classes[LAB_N_TASK_STATUSES] = { NULL, "error", "warning", "dim-label" };
        guint status = MIN (r->status, LAB_TASK_CANCELLED);
        guint shown = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (label), "lab-status"));

        text = g_strdup (lab_task_status_get_title (r->status));
        /* restyle only when the status changes: most rows are alike */
        if (shown != status + 1)
          {
            if (shown > 0 && classes[shown - 1] != NULL)
              gtk_widget_remove_css_class (GTK_WIDGET (label), classes[shown - 1]);
            if (classes[status] != NULL)
              gtk_widget_add_css_class (GTK_WIDGET (label), classes[status]);
            g_object_set_data (G_OBJECT (label), "lab-status", GUINT_TO_POINTER (status + 1));
          }
      }
      break;
    case COLUMN_RESULT:
      text = lab_task_dup_result (r, config);
      break;
    case COLUMN_REASON:
      text = lab_task_dup_reason (r, config);
      /* the whole reason, where the column cuts it short */
      if (text != NULL || gtk_widget_get_has_tooltip (GTK_WIDGET (label)))
        gtk_widget_set_tooltip_text (GTK_WIDGET (label), text);
      break;
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }

  gtk_label_set_text (label, text ? text : "");
}

static void
update_placeholder (LabTaskList *self)
{
  gboolean finished = self->run != NULL && lab_run_is_finished (self->run);
  guint n = self->model ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;

  if (!finished)
    gtk_label_set_text (self->placeholder_label, _("The tasks are listed here when the run ends."));
  else if (n == 0)
    gtk_label_set_text (self->placeholder_label, _("No task failed or timed out."));

  gtk_stack_set_visible_child_name (self->stack, finished && n > 0 ? "list" : "empty");
  gtk_widget_set_sensitive (GTK_WIDGET (self->problems_check), finished);

  if (self->model != NULL)
    {
      g_autofree char *all = lab_format_count (lab_run_get_config (self->run)->count);
      g_autofree char *problems = lab_format_count (lab_task_model_get_n_problems (self->model));
      g_autofree char *text = g_strdup_printf (_("%s tasks, %s failed or timed out"), all, problems);

      gtk_label_set_text (self->count_label, text);
    }
  else
    gtk_label_set_text (self->count_label, "");
}

static void
on_problems_toggled (LabTaskList *self)
{
  if (self->model != NULL)
    lab_task_model_set_problems_only (self->model, gtk_check_button_get_active (self->problems_check));
  update_placeholder (self);
}

static void
on_run_state (LabTaskList *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  if (self->model == NULL && self->run != NULL && lab_run_is_finished (self->run))
    {
      self->model = lab_task_model_new (self->run);
      lab_task_model_set_problems_only (self->model, gtk_check_button_get_active (self->problems_check));
      selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
    }

  update_placeholder (self);
}

void
lab_task_list_set_run (LabTaskList *self,
                       LabRun      *run)
{
  g_return_if_fail (LAB_IS_TASK_LIST (self));

  if (self->run != NULL)
    g_signal_handlers_disconnect_by_data (self->run, self);

  gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->model);
  g_set_object (&self->run, run);

  if (run != NULL)
    {
      gboolean primes = lab_run_get_config (run)->workload == LAB_WORKLOAD_PRIMES;

      gtk_column_view_column_set_title (self->columns[COLUMN_INPUT], primes ? _("Number") : _("URL"));
      g_signal_connect_object (run, "notify::state", G_CALLBACK (on_run_state), self, G_CONNECT_SWAPPED);
    }

  on_run_state (self);
}

GListModel *
lab_task_list_get_model (LabTaskList *self)
{
  g_return_val_if_fail (LAB_IS_TASK_LIST (self), NULL);
  return self->model ? G_LIST_MODEL (self->model) : NULL;
}

void
lab_task_list_set_problems_only (LabTaskList *self,
                                 gboolean     problems_only)
{
  g_return_if_fail (LAB_IS_TASK_LIST (self));
  gtk_check_button_set_active (self->problems_check, problems_only);
}

static void
lab_task_list_dispose (GObject *object)
{
  GtkWidget *child;
  LabTaskList *self = (LabTaskList *) object;

  if (self->run != NULL)
    g_signal_handlers_disconnect_by_data (self->run, self);
  g_clear_object (&self->run);
  g_clear_object (&self->model);
  gtk_widget_dispose_template (GTK_WIDGET (self), LAB_TYPE_TASK_LIST);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (lab_task_list_parent_class)->dispose (object);
}

static void
lab_task_list_class_init (LabTaskListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_task_list_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/concurrencylab/ConcurrencyLab/lab-task-list.ui");
  gtk_widget_class_bind_template_child (widget_class, LabTaskList, count_label);
  gtk_widget_class_bind_template_child (widget_class, LabTaskList, problems_check);
  gtk_widget_class_bind_template_child (widget_class, LabTaskList, stack);
  gtk_widget_class_bind_template_child (widget_class, LabTaskList, placeholder_label);
  gtk_widget_class_bind_template_child (widget_class, LabTaskList, column_view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lab_task_list_init (LabTaskList *self)
{
  const char *titles[N_COLUMNS] = {
    C_("column", "Task"), C_("column", "Number"), C_("column", "Worker"), C_("column", "Start"),
    C_("column", "Duration"), C_("column", "Status"), C_("column", "Result"), C_("column", "Reason"),
  };

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

      g_signal_connect (factory, "setup", G_CALLBACK (on_setup), GUINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (on_bind), GUINT_TO_POINTER (i));

      self->columns[i] = gtk_column_view_column_new (titles[i], g_steal_pointer (&factory));
      gtk_column_view_column_set_resizable (self->columns[i], TRUE);
      if (i == COLUMN_REASON || i == COLUMN_INPUT)
        gtk_column_view_column_set_expand (self->columns[i], TRUE);
      gtk_column_view_append_column (self->column_view, self->columns[i]);
      g_object_unref (self->columns[i]);
    }

  g_signal_connect_object (self->problems_check, "toggled", G_CALLBACK (on_problems_toggled), self, G_CONNECT_SWAPPED);
  update_placeholder (self);
}
