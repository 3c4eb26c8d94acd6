/* lab-run-view.c
 *
 * The charts and the summary follow the run's progress signal; the
 * progress bar a 100 ms clock, which also moves the charts' time axes along
 * while no task ends (a slow url run). Nothing that changes during a run
 * relayouts the window (see lab-progress-bar.c), except the summary, once
 * a second. The task list fills in when the run ends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "lab-chart-view.h"
#include "lab-export-dialog.h"
#include "lab-progress-bar.h"
#include "lab-run-view.h"

#define TICK_MS 100
#define CHART_TICKS 3   /* charts follow the clock every 300 ms between batches */
#define NARROW_WIDTH 720 /* below, the cards stack in one column */

struct _LabRunView
{
  GtkWidget       parent_instance;

  GtkStack       *stack;
  GtkGrid        *charts_grid;
  GtkWidget      *throughput_card;
  GtkWidget      *in_flight_card;
  GtkWidget      *timeline_card;
  GtkWidget      *latency_card;
  GtkWidget      *summary_card;
  GtkLabel       *title_label;
  LabProgressBar *progress_bar;
  LabChartView   *throughput_chart;
  LabChartView   *in_flight_chart;
  LabChartView   *timeline_chart;
  LabChartView   *latency_chart;
  LabSummaryView *summary_view;
  LabTaskList    *task_list;

  LabRun         *run;
  guint           tick_source;
  guint           ticks;
  gboolean        narrow;
  guint           arrange_source;
};

G_DEFINE_FINAL_TYPE (LabRunView, lab_run_view, GTK_TYPE_WIDGET)

static void
update_progress (LabRunView *self)
{
  const LabConfig *config;
  g_autofree char *done = NULL;
  g_autofree char *total = NULL;
  g_autofree char *text = NULL;
  guint64 recorded;
  double elapsed;

  if (self->run == NULL)
    return;

  config = lab_run_get_config (self->run);
  recorded = lab_run_get_n_recorded (self->run);
  elapsed = lab_run_get_elapsed (self->run) / 1e6;
  done = lab_format_count (recorded);
  total = lab_format_count (config->count);

  /* Translators: progress, e.g. "12 400 / 20 000 tasks · 1.3 s" */
  text = g_strdup_printf (_("%s / %s tasks · %.1f s"), done, total, elapsed);
  lab_progress_bar_set_text (self->progress_bar, text);
  lab_progress_bar_set_fraction (self->progress_bar, config->count ? (double) recorded / config->count : 0);
}

static void
refresh_charts (LabRunView *self)
{
  lab_chart_view_refresh (self->throughput_chart);
  lab_chart_view_refresh (self->in_flight_chart);
  lab_chart_view_refresh (self->timeline_chart);
  lab_chart_view_refresh (self->latency_chart);
}

static gboolean
on_tick (gpointer user_data)
{
  LabRunView *self = user_data;

  update_progress (self);

  /* the charts' time axes move with the elapsed time, also while no task
   * ends (a slow url run) */
  if (++self->ticks % CHART_TICKS == 0)
    {
      lab_chart_view_refresh (self->throughput_chart);
      lab_chart_view_refresh (self->in_flight_chart);
      lab_chart_view_refresh (self->timeline_chart);
    }

  return G_SOURCE_CONTINUE;
}


static void
on_run_state (LabRunView *self,
              GParamSpec *pspec,
              LabRun     *run)
{
  if (lab_run_is_finished (run))
    {
      g_clear_handle_id (&self->tick_source, g_source_remove);
      update_progress (self);
      refresh_charts (self);
      lab_summary_view_refresh (self->summary_view);
    }
}

/* Layout ------------------------------------------------------------------ */

static void
place (LabRunView *self,
       GtkWidget  *card,
       int         column,
       int         row,
       int         span)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self->charts_grid));
  GtkGridLayoutChild *child = GTK_GRID_LAYOUT_CHILD (gtk_layout_manager_get_layout_child (layout, card));

  gtk_grid_layout_child_set_column (child, column);
  gtk_grid_layout_child_set_row (child, row);
  gtk_grid_layout_child_set_column_span (child, span);
}

/* Two columns of cards, or one on a narrow window (GTK 4.8 has no
 * breakpoints: the width is looked at when allocating). */
static void
arrange (LabRunView *self)
{
  if (self->narrow)
    {
      place (self, self->throughput_card, 0, 0, 2);
      place (self, self->in_flight_card, 0, 1, 2);
      place (self, self->timeline_card, 0, 2, 2);
      place (self, self->latency_card, 0, 3, 2);
      place (self, self->summary_card, 0, 4, 2);
    }
  else
    {
      place (self, self->throughput_card, 0, 0, 1);
      place (self, self->in_flight_card, 1, 0, 1);
      place (self, self->timeline_card, 0, 1, 2);
      place (self, self->latency_card, 0, 2, 1);
      place (self, self->summary_card, 1, 2, 1);
    }
}

static gboolean
on_arrange (gpointer user_data)
{
  LabRunView *self = user_data;

  self->arrange_source = 0;
  arrange (self);
  return G_SOURCE_REMOVE;
}

static void
lab_run_view_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  LabRunView *self = LAB_RUN_VIEW (widget);

  gtk_widget_measure (GTK_WIDGET (self->stack), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
lab_run_view_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  LabRunView *self = LAB_RUN_VIEW (widget);
  gboolean narrow = width < NARROW_WIDTH;

  /* rearranging queues a resize, which must not happen while allocating */
  if (narrow != self->narrow)
    {
      self->narrow = narrow;
      if (self->arrange_source == 0)
        self->arrange_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, on_arrange, self, NULL);
    }

  gtk_widget_allocate (GTK_WIDGET (self->stack), width, height, baseline, NULL);
}

void
lab_run_view_set_run (LabRunView *self,
                      LabRun     *run)
{
  g_return_if_fail (LAB_IS_RUN_VIEW (self));
  g_return_if_fail (run == NULL || LAB_IS_RUN (run));

  if (self->run != NULL)
    g_signal_handlers_disconnect_by_data (self->run, self);
  g_clear_handle_id (&self->tick_source, g_source_remove);
  g_set_object (&self->run, run);

  lab_chart_view_set_run (self->throughput_chart, run);
  lab_chart_view_set_run (self->in_flight_chart, run);
  lab_chart_view_set_run (self->timeline_chart, run);
  lab_chart_view_set_run (self->latency_chart, run);
  lab_summary_view_set_run (self->summary_view, run);
  lab_task_list_set_run (self->task_list, run);

  if (run != NULL)
    {
      const LabConfig *config = lab_run_get_config (run);
      g_autofree char *title = NULL;

      if (config->workload == LAB_WORKLOAD_PRIMES)
        /* Translators: e.g. "Primes · Threads × 2" */
        title = g_strdup_printf (_("Primes · %s × %u"), _(lab_model_get_title (config->model)),
                                 lab_config_get_effective_workers (config));
      else
        title = g_strdup_printf (_("URL · %s × %u"), _(lab_model_get_title (config->model)),
                                 lab_config_get_effective_workers (config));
      if (config->simulate_gil)
        {
          /* Translators: appended to the run's title, e.g. "Primes · Threads × 2 · simulated GIL" */
          g_autofree char *with_gil = g_strdup_printf (_("%s · simulated GIL"), title);
          g_free (title);
          title = g_steal_pointer (&with_gil);
        }
      gtk_label_set_text (self->title_label, title);

      g_signal_connect_object (run, "notify::state", G_CALLBACK (on_run_state), self, G_CONNECT_SWAPPED);
      if (!lab_run_is_finished (run))
        self->tick_source = g_timeout_add (TICK_MS, on_tick, self);
      update_progress (self);
    }

  gtk_stack_set_visible_child_name (self->stack, run != NULL ? "run" : "empty");
}

LabRun *
lab_run_view_get_run (LabRunView *self)
{
  g_return_val_if_fail (LAB_IS_RUN_VIEW (self), NULL);
  return self->run;
}

LabSummaryView *
lab_run_view_get_summary_view (LabRunView *self)
{
  g_return_val_if_fail (LAB_IS_RUN_VIEW (self), NULL);
  return self->summary_view;
}

LabTaskList *
lab_run_view_get_task_list (LabRunView *self)
{
  g_return_val_if_fail (LAB_IS_RUN_VIEW (self), NULL);
  return self->task_list;
}

const char *
lab_run_view_get_page (LabRunView *self)
{
  g_return_val_if_fail (LAB_IS_RUN_VIEW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
lab_run_view_get_progress_text (LabRunView *self)
{
  g_return_val_if_fail (LAB_IS_RUN_VIEW (self), NULL);
  return lab_progress_bar_get_text (self->progress_bar);
}

static void
lab_run_view_dispose (GObject *object)
{
  GtkWidget *child;
  LabRunView *self = (LabRunView *) object;

  if (self->run != NULL)
    g_signal_handlers_disconnect_by_data (self->run, self);
  g_clear_handle_id (&self->tick_source, g_source_remove);
  g_clear_handle_id (&self->arrange_source, g_source_remove);
  g_clear_object (&self->run);
  gtk_widget_dispose_template (GTK_WIDGET (self), LAB_TYPE_RUN_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (lab_run_view_parent_class)->dispose (object);
}

static void
lab_run_view_class_init (LabRunViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_run_view_dispose;
  widget_class->measure = lab_run_view_measure;
  widget_class->size_allocate = lab_run_view_size_allocate;

  g_type_ensure (LAB_TYPE_CHART_VIEW);
  g_type_ensure (LAB_TYPE_PROGRESS_BAR);
  g_type_ensure (LAB_TYPE_SUMMARY_VIEW);
  g_type_ensure (LAB_TYPE_TASK_LIST);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/concurrencylab/ConcurrencyLab/lab-run-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LabRunView, stack);
  gtk_widget_class_bind_template_child (widget_class, LabRunView, charts_grid);
  gtk_widget_class_bind_template_child (widget_class, LabRunView, throughput_card);
  gtk_widget_class_bind_template_child (widget_class, LabRunView, in_flight_card);
  gtk_widget_class_bind_template_child (widget_class, LabRunView, timeline_card);
  gtk_widget_class_bind_template_child (widget_class, LabRunView, latency_card);
  gtk_widget_class_bind_template_child (widget_class, LabRunView, summary_card);
  gtk_widget_class_bind_template_child (widget_class, LabRunView, title_label);
  gtk_widget_class_bind_template_child (widget_class, LabRunView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LabRunView, throughput_chart);
  gtk_widget_class_bind_template_child (widget_class, LabRunView, in_flight_chart);
  gtk_widget_class_bind_template_child (widget_class, LabRunView, timeline_chart);
  gtk_widget_class_bind_template_child (widget_class, LabRunView, latency_chart);
  gtk_widget_class_bind_template_child (widget_class, LabRunView, summary_view);
  gtk_widget_class_bind_template_child (widget_class, LabRunView, task_list);
}

static void
lab_run_view_init (LabRunView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* right click on a chart: Export Chart… */
  lab_export_add_chart_menu (GTK_WIDGET (self->throughput_chart), LAB_CHART_THROUGHPUT);
  lab_export_add_chart_menu (GTK_WIDGET (self->in_flight_chart), LAB_CHART_IN_FLIGHT);
  lab_export_add_chart_menu (GTK_WIDGET (self->timeline_chart), LAB_CHART_TIMELINE);
  lab_export_add_chart_menu (GTK_WIDGET (self->latency_chart), LAB_CHART_LATENCY);
}
