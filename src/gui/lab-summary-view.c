/* lab-summary-view.c
 *
 * A two-column grid of selectable labels: what a screen reader reads and
 * what a person can copy. Rows that do not apply to the run are hidden.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lab-summary-view.h"

typedef enum
{
  ROW_STATE,
  ROW_WALL,
  ROW_THROUGHPUT,
  ROW_LATENCY,
  ROW_CPU,
  ROW_EFFICIENCY,
  ROW_TASKS,
  ROW_CONCURRENCY,
  ROW_PRIMES,
  ROW_BYTES,
  ROW_STATUSES,
  ROW_GIL,
  ROW_LOOP_LAG,
  N_ROWS
} Row;

struct _LabSummaryView
{
  GtkWidget  parent_instance;

  GtkWidget *grid;
  GtkWidget *titles[N_ROWS];
  GtkWidget *values[N_ROWS];
  LabRun    *run;
  gulong     progress_handler;
  gint64     last_refresh;
};

G_DEFINE_FINAL_TYPE (LabSummaryView, lab_summary_view, GTK_TYPE_WIDGET)

char *
lab_format_count (guint64 value)
{
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, value);
}

static const char *
row_title (Row row)
{
  switch (row)
    {
    case ROW_STATE:       return _("State");
    case ROW_WALL:        return _("Wall time");
    case ROW_THROUGHPUT:  return _("Throughput");
    case ROW_LATENCY:     return _("Latency p50 / p99");
    case ROW_CPU:         return _("CPU utilisation");
    case ROW_EFFICIENCY:  return _("Parallel efficiency");
    case ROW_TASKS:       return _("Tasks");
    case ROW_CONCURRENCY: return _("Most running at once");
    case ROW_PRIMES:      return _("Primes found");
    case ROW_BYTES:       return _("Bytes received");
    case ROW_STATUSES:    return _("HTTP statuses");
    case ROW_GIL:         return _("Waiting for the GIL");
    case ROW_LOOP_LAG:    return _("Event loop lag p99");
    case N_ROWS:
    default:              g_return_val_if_reached (NULL);
    }
}

static const char *
state_title (LabRunState state)
{
  switch (state)
    {
    case LAB_RUN_STATE_READY:             return _("Ready");
    case LAB_RUN_STATE_STARTING:          return _("Starting the workers");
    case LAB_RUN_STATE_RUNNING:           return _("Running");
    case LAB_RUN_STATE_DONE:              return _("Done");
    case LAB_RUN_STATE_CANCELLED:         return _("Cancelled");
    case LAB_RUN_STATE_DEADLINE_EXCEEDED: return _("Deadline reached");
    case LAB_RUN_STATE_FAILED:            return _("Failed");
    default:                              return "?";
    }
}

static void
set_row (LabSummaryView *self,
         Row             row,
         char           *value)   /* owned; NULL hides the row */
{
  gtk_widget_set_visible (self->titles[row], value != NULL);
  gtk_widget_set_visible (self->values[row], value != NULL);
  if (value != NULL)
    gtk_label_set_text (GTK_LABEL (self->values[row]), value);
  g_free (value);
}

static char *
http_statuses (LabRun *run)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const guint64 *counts;

  lab_run_lock (run);
  counts = lab_run_peek_http_status_counts (run);
  for (guint status = 0; status < LAB_HTTP_STATUS_MAX; status++)
    {
      g_autofree char *count = NULL;

      if (counts[status] == 0)
        continue;
      count = lab_format_count (counts[status]);
      if (text->len > 0)
        g_string_append (text, " · ");
      if (status == 0)
        /* Translators: tasks that got no HTTP response, e.g. "no response × 3" */
        g_string_append_printf (text, _("no response × %s"), count);
      else
        g_string_append_printf (text, "%u × %s", status, count);
    }
  lab_run_unlock (run);

  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : g_strdup ("—");
}

void
lab_summary_view_refresh (LabSummaryView *self)
{
  const LabConfig *config;
  LabSummary s;
  gboolean finished;
  g_autofree char *ok = NULL, *failed = NULL, *timed_out = NULL, *cancelled = NULL;

  g_return_if_fail (LAB_IS_SUMMARY_VIEW (self));

  if (self->run == NULL)
    {
      for (guint row = 0; row < N_ROWS; row++)
        set_row (self, row, NULL);
      return;
    }

  config = lab_run_get_config (self->run);
  lab_run_get_summary (self->run, &s);
  finished = s.state >= LAB_RUN_STATE_DONE;
  self->last_refresh = g_get_monotonic_time ();

  if (s.state == LAB_RUN_STATE_FAILED && lab_run_get_error (self->run) != NULL)
    set_row (self, ROW_STATE, g_strdup_printf ("%s: %s", state_title (s.state), lab_run_get_error (self->run)->message));
  else
    set_row (self, ROW_STATE, g_strdup (state_title (s.state)));

  set_row (self, ROW_WALL, g_strdup_printf (_("%.3f s (pool start-up %.3f s)"), s.wall_seconds, s.startup_seconds));
  set_row (self, ROW_THROUGHPUT, g_strdup_printf (_("%.0f tasks/s"), s.throughput_per_second));
  set_row (self, ROW_LATENCY, g_strdup_printf (_("%.3f ms / %.3f ms"), s.latency_ms.p50, s.latency_ms.p99));
  set_row (self, ROW_CPU, g_strdup_printf (_("%.2f cores busy (of %u)"), s.cpu_utilization,
                                           MAX (1, g_get_num_processors ())));
  set_row (self, ROW_EFFICIENCY, g_strdup_printf (_("%.0f%% of %u workers busy"),
                                                  100 * s.parallel_efficiency, s.workers));

  ok = lab_format_count (s.tasks_ok);
  failed = lab_format_count (s.tasks_failed);
  timed_out = lab_format_count (s.tasks_timed_out);
  cancelled = lab_format_count (s.tasks_cancelled);
  /* Translators: counts of tasks per status */
  set_row (self, ROW_TASKS, g_strdup_printf (_("%s ok · %s failed · %s timed out · %s cancelled"),
                                             ok, failed, timed_out, cancelled));

  set_row (self, ROW_CONCURRENCY, finished ? g_strdup_printf ("%u", s.max_concurrency) : NULL);

  if (config->workload == LAB_WORKLOAD_PRIMES)
    {
      set_row (self, ROW_PRIMES, lab_format_count (s.primes_found));
      set_row (self, ROW_BYTES, NULL);
      set_row (self, ROW_STATUSES, NULL);
    }
  else
    {
      set_row (self, ROW_PRIMES, NULL);
      set_row (self, ROW_BYTES, g_format_size (s.bytes_total));
      set_row (self, ROW_STATUSES, http_statuses (self->run));
    }

  set_row (self, ROW_GIL, config->simulate_gil ? g_strdup_printf (_("%.3f s in all"), s.gil_wait_seconds) : NULL);
  set_row (self, ROW_LOOP_LAG, config->model == LAB_MODEL_ASYNC
                               ? g_strdup_printf (_("%.2f ms (worst %.2f ms)"), s.loop_lag_p99_ms, s.loop_lag_max_ms)
                               : NULL);
}

static void
on_run_progress (LabSummaryView *self,
                 LabRun         *run)
{
  /* every two seconds is plenty while the run goes (the charts show it
   * live, and new text relayouts the window); always the last one */
  if (!lab_run_is_finished (run) && g_get_monotonic_time () - self->last_refresh < 2 * G_USEC_PER_SEC)
    return;
  lab_summary_view_refresh (self);
}

char *
lab_summary_view_dup_text (LabSummaryView *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (LAB_IS_SUMMARY_VIEW (self), NULL);

  for (guint row = 0; row < N_ROWS; row++)
    {
      if (!gtk_widget_get_visible (self->values[row]))
        continue;
      g_string_append_printf (text, "%s: %s\n", row_title (row),
                              gtk_label_get_text (GTK_LABEL (self->values[row])));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

void
lab_summary_view_set_run (LabSummaryView *self,
                          LabRun         *run)
{
  g_return_if_fail (LAB_IS_SUMMARY_VIEW (self));

  if (self->run != NULL)
    {
      g_clear_signal_handler (&self->progress_handler, self->run);
      g_clear_object (&self->run);
    }

  if (run != NULL)
    {
      self->run = g_object_ref (run);
      self->progress_handler = g_signal_connect_object (run, "progress", G_CALLBACK (on_run_progress),
                                                        self, G_CONNECT_SWAPPED);
    }

  lab_summary_view_refresh (self);
}

static void
lab_summary_view_dispose (GObject *object)
{
  LabSummaryView *self = (LabSummaryView *) object;

  lab_summary_view_set_run (self, NULL);
  g_clear_pointer (&self->grid, gtk_widget_unparent);

  G_OBJECT_CLASS (lab_summary_view_parent_class)->dispose (object);
}

static void
lab_summary_view_class_init (LabSummaryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_summary_view_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "summary");
}

static void
lab_summary_view_init (LabSummaryView *self)
{
  self->grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 12);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));

  for (guint row = 0; row < N_ROWS; row++)
    {
      self->titles[row] = gtk_label_new (row_title (row));
      gtk_label_set_xalign (GTK_LABEL (self->titles[row]), 1);
      gtk_label_set_yalign (GTK_LABEL (self->titles[row]), 0);
      gtk_widget_add_css_class (self->titles[row], "dim-label");

      self->values[row] = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (self->values[row]), 0);
      gtk_label_set_wrap (GTK_LABEL (self->values[row]), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (self->values[row]), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (self->values[row]), TRUE);
      gtk_widget_set_hexpand (self->values[row], TRUE);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (self->values[row]),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->titles[row], NULL,
                                      -1);

      gtk_grid_attach (GTK_GRID (self->grid), self->titles[row], 0, row, 1, 1);
      gtk_grid_attach (GTK_GRID (self->grid), self->values[row], 1, row, 1, 1);
    }

  lab_summary_view_refresh (self);
}

GtkWidget *
lab_summary_view_new (void)
{
  return g_object_new (LAB_TYPE_SUMMARY_VIEW, NULL);
}
