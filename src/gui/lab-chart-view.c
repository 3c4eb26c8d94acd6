/* lab-chart-view.c
 *
 * The widget keeps the chart's model up to date from the run (a copy of the
 * series bins, a copy of the latency histogram, the timeline's columns fed
 * incrementally) and draws it with the same cairo function an export uses.
 * It redraws on the run's progress signal, which comes at most ~30 times a
 * second; GTK merges redraws into frames.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "lab-chart-area.h"
#include "lab-chart-in-flight.h"
#include "lab-chart-latency.h"
#include "lab-chart-throughput.h"
#include "lab-chart-timeline.h"
#include "lab-chart-view.h"
#include "lab-task-text.h"

struct _LabChartView
{
  GtkWidget         parent_instance;

  LabChartKind      kind;
  LabRun           *run;
  gulong            progress_handler;
  gint64            last_refresh;
  guint             catch_up_source;
  gint64            draw_us;          /* how long the last drawing took */

  LabSeriesModel    series;
  LabHistogram     *latency;
  LabTimelineModel *timeline;
};

G_DEFINE_ENUM_TYPE (LabChartKind, lab_chart_kind,
  G_DEFINE_ENUM_VALUE (LAB_CHART_THROUGHPUT, "throughput"),
  G_DEFINE_ENUM_VALUE (LAB_CHART_IN_FLIGHT, "in-flight"),
  G_DEFINE_ENUM_VALUE (LAB_CHART_LATENCY, "latency"),
  G_DEFINE_ENUM_VALUE (LAB_CHART_TIMELINE, "timeline"))

G_DEFINE_FINAL_TYPE (LabChartView, lab_chart_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_KIND,
  PROP_RUN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
kind_title (LabChartKind kind)
{
  switch (kind)
    {
    case LAB_CHART_THROUGHPUT: return _("Throughput and CPU use");
    case LAB_CHART_IN_FLIGHT:  return _("Tasks in flight");
    case LAB_CHART_LATENCY:    return _("Latency");
    case LAB_CHART_TIMELINE:   return _("Worker timeline");
    default:                   g_return_val_if_reached (NULL);
    }
}

static const char *
kind_description (LabChartKind kind)
{
  switch (kind)
    {
    case LAB_CHART_THROUGHPUT:
      return _("Line chart over the run’s time in seconds: tasks finished per second on the left axis, "
               "CPU utilisation in busy cores on the right axis, with the machine’s core count as a dashed line.");
    case LAB_CHART_IN_FLIGHT:
      return _("Line chart over the run’s time in seconds: how many tasks were running on average in "
               "each 100 ms, against the worker count as a dashed line.");
    case LAB_CHART_LATENCY:
      return _("Histogram of task durations on a logarithmic time axis, with the 50th, 90th and 99th "
               "percentiles marked.");
    case LAB_CHART_TIMELINE:
      return _("One lane per worker over the run’s time in seconds; each task is a bar from its start to "
               "its end, coloured by status; time spent waiting for the simulated GIL is shaded.");
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
reset_models (LabChartView *self)
{
  lab_series_model_clear (&self->series);
  lab_series_model_init (&self->series);
  g_clear_pointer (&self->latency, lab_histogram_free);
  g_clear_pointer (&self->timeline, lab_timeline_model_free);

  if (self->run != NULL)
    {
      const LabConfig *config = lab_run_get_config (self->run);

      self->series.workload = config->workload;
      self->series.workers = lab_config_get_effective_workers (config);
      self->timeline = lab_timeline_model_new (lab_config_get_effective_workers (config));
    }
  else
    self->timeline = lab_timeline_model_new (1);

  self->latency = lab_histogram_new ();
}

void
lab_chart_view_refresh (LabChartView *self)
{
  g_return_if_fail (LAB_IS_CHART_VIEW (self));

  g_clear_handle_id (&self->catch_up_source, g_source_remove);
  self->last_refresh = g_get_monotonic_time ();

  if (self->run == NULL)
    return;

  switch (self->kind)
    {
    case LAB_CHART_THROUGHPUT:
    case LAB_CHART_IN_FLIGHT:
      lab_series_model_update (&self->series, self->run);
      break;

    case LAB_CHART_LATENCY:
      lab_run_lock (self->run);
      g_clear_pointer (&self->latency, lab_histogram_free);
      self->latency = lab_histogram_copy (lab_run_peek_latency (self->run));
      lab_run_unlock (self->run);
      break;

    case LAB_CHART_TIMELINE:
      lab_timeline_model_update (self->timeline, self->run);
      break;

    default:
      g_assert_not_reached ();
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The series have 100 ms bins: redrawing them ten times a second shows all
 * there is. The timeline grows smoothly enough at twenty. A chart that is
 * slow to draw (a timeline of a thousand lanes) redraws less often, so
 * that drawing never takes more than about a tenth of the main loop. */
static gint64
min_refresh_interval (LabChartView *self)
{
  gint64 base = self->kind == LAB_CHART_TIMELINE ? G_USEC_PER_SEC / 20 : G_USEC_PER_SEC / 10;

  return MAX (base, self->draw_us * 10);
}

static gboolean
on_catch_up (gpointer user_data)
{
  LabChartView *self = user_data;

  self->catch_up_source = 0;
  lab_chart_view_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
on_run_progress (LabChartView *self,
                 LabRun       *run)
{
  gint64 wait = self->last_refresh + min_refresh_interval (self) - g_get_monotonic_time ();

  if (wait <= 0 || lab_run_is_finished (run))
    {
      lab_chart_view_refresh (self);
      return;
    }

  /* too soon: show the latest data once the interval is over */
  if (self->catch_up_source == 0)
    self->catch_up_source = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) (wait / 1000) + 1,
                                                on_catch_up, self, NULL);
}

void
lab_chart_view_get_style (LabChartView  *self,
                          LabChartStyle *style)
{
  lab_chart_style_for_widget (GTK_WIDGET (self), style);
}

static void
lab_chart_view_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  LabChartView *self = LAB_CHART_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  LabChartStyle style;
  gint64 begin;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  lab_chart_view_get_style (self, &style);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  begin = g_get_monotonic_time ();

  switch (self->kind)
    {
    case LAB_CHART_THROUGHPUT:
      lab_chart_draw_throughput (cr, &self->series, width, height, &style);
      break;
    case LAB_CHART_IN_FLIGHT:
      lab_chart_draw_in_flight (cr, &self->series, width, height, &style);
      break;
    case LAB_CHART_LATENCY:
      lab_chart_draw_latency (cr, self->latency, width, height, &style);
      break;
    case LAB_CHART_TIMELINE:
      lab_chart_draw_timeline (cr, self->timeline, width, height, &style);
      break;
    default:
      g_assert_not_reached ();
    }

  cairo_destroy (cr);
  self->draw_us = g_get_monotonic_time () - begin;
}

static void
lab_chart_view_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  LabChartView *self = LAB_CHART_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 420;
    }
  else if (self->kind == LAB_CHART_TIMELINE)
    {
      guint lanes = lab_timeline_model_get_n_lanes (self->timeline);

      /* room for up to a dozen lanes; more share it */
      *minimum = *natural = 72 + CLAMP (lanes, 2, 12) * 26;
    }
  else
    {
      *minimum = 160;
      *natural = 220;
    }
}

char *
lab_chart_view_describe_at (LabChartView *self,
                            double        x,
                            double        y)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  LabChartStyle style;

  g_return_val_if_fail (LAB_IS_CHART_VIEW (self), NULL);

  if (self->run == NULL)
    return NULL;

  lab_chart_view_get_style (self, &style);

  switch (self->kind)
    {
    case LAB_CHART_THROUGHPUT:
      return lab_chart_describe_throughput_at (&self->series, width, height, &style, x, y);
    case LAB_CHART_IN_FLIGHT:
      return lab_chart_describe_in_flight_at (&self->series, width, height, &style, x, y);
    case LAB_CHART_LATENCY:
      return lab_chart_describe_latency_at (self->latency, width, height, &style, x, y);
    case LAB_CHART_TIMELINE:
      {
        const LabTaskRecord *records, *found;
        gint64 at, pixel;
        gsize n_records;
        guint lane;
        char *text = NULL;

        if (!lab_chart_timeline_hit (self->timeline, width, height, &style, x, y, &lane, &at, &pixel))
          return NULL;

        lab_run_lock (self->run);
        records = lab_run_peek_records (self->run, &n_records);
        found = lab_chart_timeline_find_task (records, n_records, lane, at, pixel * 2);
        if (found != NULL)
          text = lab_task_dup_description (found, lab_run_get_config (self->run));
        lab_run_unlock (self->run);

        if (text == NULL)
          text = g_strdup_printf (_("Worker %u idle at %.3f s"), lane, at / 1e6);
        return text;
      }
    default:
      g_assert_not_reached ();
    }
}

static gboolean
on_query_tooltip (LabChartView *self,
                  int           x,
                  int           y,
                  gboolean      keyboard_mode,
                  GtkTooltip   *tooltip)
{
  g_autofree char *text = NULL;

  if (keyboard_mode || !(text = lab_chart_view_describe_at (self, x, y)))
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
lab_chart_view_dispose (GObject *object)
{
  LabChartView *self = (LabChartView *) object;

  lab_chart_view_set_run (self, NULL);
  g_clear_handle_id (&self->catch_up_source, g_source_remove);

  G_OBJECT_CLASS (lab_chart_view_parent_class)->dispose (object);
}

static void
lab_chart_view_finalize (GObject *object)
{
  LabChartView *self = (LabChartView *) object;

  lab_series_model_clear (&self->series);
  g_clear_pointer (&self->latency, lab_histogram_free);
  g_clear_pointer (&self->timeline, lab_timeline_model_free);

  G_OBJECT_CLASS (lab_chart_view_parent_class)->finalize (object);
}

static void
update_accessible (LabChartView *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, kind_title (self->kind),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, kind_description (self->kind),
                                  -1);
}

static void
lab_chart_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LabChartView *self = LAB_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_RUN:
      g_value_set_object (value, self->run);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_chart_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LabChartView *self = LAB_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      update_accessible (self);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;

    case PROP_RUN:
      lab_chart_view_set_run (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_chart_view_class_init (LabChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_chart_view_dispose;
  object_class->finalize = lab_chart_view_finalize;
  object_class->get_property = lab_chart_view_get_property;
  object_class->set_property = lab_chart_view_set_property;

  widget_class->snapshot = lab_chart_view_snapshot;
  widget_class->measure = lab_chart_view_measure;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       LAB_TYPE_CHART_KIND, LAB_CHART_THROUGHPUT,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUN] =
    g_param_spec_object ("run", NULL, NULL,
                         LAB_TYPE_RUN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lab_chart_view_init (LabChartView *self)
{
  lab_series_model_init (&self->series);
  reset_models (self);
  update_accessible (self);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
}

GtkWidget *
lab_chart_view_new (LabChartKind kind)
{
  return g_object_new (LAB_TYPE_CHART_VIEW, "kind", kind, NULL);
}

LabChartKind
lab_chart_view_get_kind (LabChartView *self)
{
  g_return_val_if_fail (LAB_IS_CHART_VIEW (self), LAB_CHART_THROUGHPUT);
  return self->kind;
}

LabRun *
lab_chart_view_get_run (LabChartView *self)
{
  g_return_val_if_fail (LAB_IS_CHART_VIEW (self), NULL);
  return self->run;
}

void
lab_chart_view_set_run (LabChartView *self,
                        LabRun       *run)
{
  g_return_if_fail (LAB_IS_CHART_VIEW (self));
  g_return_if_fail (run == NULL || LAB_IS_RUN (run));

  if (self->run == run)
    return;

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

  reset_models (self);
  lab_chart_view_refresh (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN]);
}
