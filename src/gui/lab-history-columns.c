/* lab-history-columns.c
 *
 * The history list's columns: a label per cell, numbers right-aligned in
 * tabular figures, "—" where an entry has no such number; the title follows
 * renames.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lab-format.h"
#include "lab-history-columns.h"

enum { COL_TITLE, COL_DATE, COL_WALL, COL_THROUGHPUT, COL_TASKS, COL_P99, COL_SPEEDUP, N_COLS };

char *
lab_history_format_date (GDateTime *created)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (created);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (local, "%H:%M");
  int days = g_date_time_get_day_of_year (now) - g_date_time_get_day_of_year (local);

  if (g_date_time_get_year (now) != g_date_time_get_year (local))
    days = G_MAXINT;

  if (days == 0)
    return g_strdup_printf (_("Today %s"), time);
  if (days == 1)
    return g_strdup_printf (_("Yesterday %s"), time);
  if (days > 1 && days < 7)
    return g_date_time_format (local, "%a %H:%M");
  return g_date_time_format (local, "%e %b %Y");
}

char *
lab_history_describe_entry (LabHistoryEntry *entry)
{
  const char * const *models = lab_history_entry_get_models (entry);
  guint workers = lab_history_entry_get_workers (entry), lo = lab_history_entry_get_workers_min (entry);
  const char *workload = lab_workload_kind_to_string (lab_history_entry_get_workload (entry));
  g_autofree char *model_list = g_strjoinv (", ", (char **) models);
  g_autofree char *workers_text = NULL;
  const char *kind;

  if (lo != workers)
    workers_text = g_strdup_printf (_("%u–%u workers"), lo, workers);
  else
    workers_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u worker", "%u workers", workers), workers);

  switch (lab_history_entry_get_kind (entry))
    {
    case LAB_DOCUMENT_COMPARISON: kind = _("Comparison: "); break;
    case LAB_DOCUMENT_SWEEP:      kind = _("Sweep: "); break;
    default:                      kind = ""; break;
    }

  return g_strdup_printf ("%s%s · %s · %s", kind, workload, model_list, workers_text);
}

char *
lab_history_format_latency (double ms)
{
  /* CPU tasks take microseconds: "0.000 ms" would say nothing; the
   * histogram counts whole microseconds */
  if (ms < 0.001)
    return g_strdup (_("< 1 µs"));
  if (ms < 1)
    return g_strdup_printf (_("%.1f µs"), ms * 1000);
  return lab_format_millis (ms);
}

/* The title's second line: what the entry is, or when renamed, also what
 * its default title said. */
static char *
describe_below_title (LabHistoryEntry *entry)
{
  g_autofree char *default_title = lab_history_entry_dup_default_title (entry);
  const char *state = lab_history_entry_get_state (entry);

  if (g_strcmp0 (default_title, lab_history_entry_get_title (entry)) != 0)
    return lab_history_describe_entry (entry);

  switch (lab_history_entry_get_kind (entry))
    {
    case LAB_DOCUMENT_COMPARISON: return g_strdup (_("Comparison"));
    case LAB_DOCUMENT_SWEEP:      return g_strdup (_("Sweep"));
    default:
      if (g_strcmp0 (state, "done") == 0 || state == NULL)
        return g_strdup (_("Run"));
      if (g_strcmp0 (state, "cancelled") == 0)
        return g_strdup (_("Run · cancelled"));
      if (g_strcmp0 (state, "deadline-exceeded") == 0)
        return g_strdup (_("Run · deadline reached"));
      return g_strdup_printf (_("Run · %s"), state);
    }
}

static char *
format_cell (LabHistoryEntry *entry,
             guint            col)
{
  double value;

  switch (col)
    {
    case COL_DATE:
      return lab_history_format_date (lab_history_entry_get_created (entry));
    case COL_WALL:
      value = lab_history_entry_get_wall_seconds (entry);
      return isfinite (value) ? lab_format_seconds (value) : g_strdup ("—");
    case COL_THROUGHPUT:
      value = lab_history_entry_get_throughput (entry);
      if (isfinite (value))
        {
          g_autofree char *rate = lab_format_rate (value);
          return g_strdup_printf (_("%s/s"), rate);
        }
      return g_strdup ("—");
    case COL_TASKS:
      if (lab_history_entry_get_tasks_ok (entry) >= 0)
        {
          g_autofree char *ok = lab_format_grouped (lab_history_entry_get_tasks_ok (entry));
          gint64 failed = lab_history_entry_get_tasks_failed (entry);

          if (failed > 0)
            {
              g_autofree char *failed_text = lab_format_grouped (failed);

              return g_strdup_printf (_("%s ok, %s failed"), ok, failed_text);
            }
          return g_strdup_printf (_("%s ok"), ok);
        }
      return g_strdup ("—");
    case COL_P99:
      value = lab_history_entry_get_p99_ms (entry);
      return isfinite (value) ? lab_history_format_latency (value) : g_strdup ("—");
    case COL_SPEEDUP:
      value = lab_history_entry_get_speedup (entry);
      return isfinite (value) ? g_strdup_printf ("%.2f×", value) : g_strdup ("");
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
update_title_cell (GtkWidget       *box,
                   LabHistoryEntry *entry)
{
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *below = gtk_widget_get_next_sibling (title);
  g_autofree char *text = describe_below_title (entry);

  gtk_label_set_text (GTK_LABEL (title), lab_history_entry_get_title (entry));
  gtk_label_set_text (GTK_LABEL (below), text);
}

static void
on_entry_title (LabHistoryEntry *entry,
                GParamSpec      *pspec,
                GtkWidget       *box)
{
  update_title_cell (box, entry);
}

static GtkWidget *
cell_label (float xalign)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  return label;
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  guint col = GPOINTER_TO_UINT (user_data);
  GtkWidget *child;

  if (col == COL_TITLE)
    {
      GtkWidget *title = cell_label (0), *below = cell_label (0);

      child = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      gtk_widget_set_margin_top (child, 3);
      gtk_widget_set_margin_bottom (child, 3);
      gtk_widget_add_css_class (title, "heading");
      gtk_widget_add_css_class (below, "dim-label");
      gtk_widget_add_css_class (below, "caption");
      gtk_box_append (GTK_BOX (child), title);
      gtk_box_append (GTK_BOX (child), below);
    }
  else
    {
      child = cell_label (col == COL_DATE ? 0 : 1);
      if (col == COL_DATE)
        gtk_widget_add_css_class (child, "dim-label");
      else
        gtk_widget_add_css_class (child, "numeric");
    }
  gtk_list_item_set_child (item, child);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  guint col = GPOINTER_TO_UINT (user_data);
  LabHistoryEntry *entry = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);

  if (col == COL_TITLE)
    {
      update_title_cell (child, entry);
      g_signal_connect_object (entry, "notify::title", G_CALLBACK (on_entry_title), child, 0);
    }
  else
    {
      g_autofree char *text = format_cell (entry, col);
      gtk_label_set_text (GTK_LABEL (child), text);
    }
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  LabHistoryEntry *entry = gtk_list_item_get_item (item);

  if (GPOINTER_TO_UINT (user_data) == COL_TITLE && entry != NULL)
    g_signal_handlers_disconnect_by_func (entry, on_entry_title, gtk_list_item_get_child (item));
}

void
lab_history_columns_add (GtkColumnView *view)
{
  static const char *titles[N_COLS] = {
    N_("Title"), N_("Date"), N_("Wall"), N_("Throughput"), N_("Tasks"), N_("p99"), N_("Speedup"),
  };

  for (guint col = 0; col < N_COLS; col++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GUINT_TO_POINTER (col));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (col));
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), GUINT_TO_POINTER (col));
      column = gtk_column_view_column_new (_(titles[col]), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, col == COL_TITLE);
      gtk_column_view_append_column (view, column);
    }
}
