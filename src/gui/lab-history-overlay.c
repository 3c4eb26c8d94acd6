/* lab-history-overlay.c
 *
 * Two charts drawn by src/charts/lab-chart-overlay.c over copies of the
 * runs' series and histograms, and a table: one row per run, a colour
 * swatch matching its line, its numbers and their ratio to the first run's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "lab-chart-overlay.h"
#include "lab-format.h"
#include "lab-history-columns.h"
#include "lab-history-overlay.h"

typedef struct
{
  char           *title;
  LabSeriesModel  series;
  LabHistogram   *latency;
  LabSummary      summary;
  LabModel        model;
  guint           workers;
} OverlayRun;

struct _LabHistoryOverlay
{
  GtkWidget       parent_instance;

  GtkWidget      *scrolled;
  GtkWidget      *throughput;
  GtkWidget      *latency;
  GtkGrid        *table;
  GArray         *runs;     /* OverlayRun */
};

G_DEFINE_FINAL_TYPE (LabHistoryOverlay, lab_history_overlay, GTK_TYPE_WIDGET)

static void
overlay_run_clear (OverlayRun *run)
{
  g_clear_pointer (&run->title, g_free);
  lab_series_model_clear (&run->series);
  g_clear_pointer (&run->latency, lab_histogram_free);
}

static void
get_style (GtkWidget     *widget,
           LabChartStyle *style)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  g_autofree char *font = NULL;
  GdkRGBA rgba;

  lab_chart_style_init (style, adw_style_manager_get_dark (manager));
  style->high_contrast = adw_style_manager_get_high_contrast (manager);
  style->background.alpha = 0;
  gtk_style_context_get_color (context, &rgba);
  style->foreground = (LabChartColor) { rgba.red, rgba.green, rgba.blue, rgba.alpha };
  if (gtk_style_context_lookup_color (context, "accent_bg_color", &rgba))
    style->accent = (LabChartColor) { rgba.red, rgba.green, rgba.blue, rgba.alpha };
  font = pango_font_description_to_string (pango_context_get_font_description (gtk_widget_get_pango_context (widget)));
  g_strlcpy (style->font, font, sizeof style->font);
}

static LabChartOverlayRun *
chart_runs (LabHistoryOverlay *self)
{
  LabChartOverlayRun *runs = g_new0 (LabChartOverlayRun, MAX (1, self->runs->len));

  for (guint i = 0; i < self->runs->len; i++)
    {
      OverlayRun *run = &g_array_index (self->runs, OverlayRun, i);
      runs[i] = (LabChartOverlayRun) { run->title, &run->series, run->latency };
    }
  return runs;
}

static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  LabHistoryOverlay *self = user_data;
  g_autofree LabChartOverlayRun *runs = chart_runs (self);
  LabChartStyle style;

  get_style (GTK_WIDGET (area), &style);
  if (GTK_WIDGET (area) == self->throughput)
    lab_chart_draw_overlay_throughput (cr, runs, self->runs->len, width, height, &style);
  else
    lab_chart_draw_overlay_latency (cr, runs, self->runs->len, width, height, &style);
}

static GtkWidget *
chart_card (const char  *title,
            GtkWidget  **area)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  *area = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (*area), 260);
  gtk_widget_set_hexpand (*area, TRUE);
  gtk_widget_add_css_class (*area, "chart");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), *area);
  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "chart-card");
  return box;
}

static void
lab_history_overlay_dispose (GObject *object)
{
  LabHistoryOverlay *self = (LabHistoryOverlay *) object;

  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  g_clear_pointer (&self->runs, g_array_unref);

  G_OBJECT_CLASS (lab_history_overlay_parent_class)->dispose (object);
}

static void
lab_history_overlay_class_init (LabHistoryOverlayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_history_overlay_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lab_history_overlay_init (LabHistoryOverlay *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *charts = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *table_card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (_("Headline numbers (ratio to the first run)"));

  self->runs = g_array_new (FALSE, TRUE, sizeof (OverlayRun));
  g_array_set_clear_func (self->runs, (GDestroyNotify) overlay_run_clear);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_box_set_homogeneous (GTK_BOX (charts), TRUE);
  gtk_box_append (GTK_BOX (charts), chart_card (_("Throughput over time"), &self->throughput));
  gtk_box_append (GTK_BOX (charts), chart_card (_("Latency (share of tasks done within)"), &self->latency));
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->throughput), draw_chart, self, NULL);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->latency), draw_chart, self, NULL);
  gtk_box_append (GTK_BOX (box), charts);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  self->table = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (self->table, 18);
  gtk_grid_set_row_spacing (self->table, 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->table), "summary");
  gtk_box_append (GTK_BOX (table_card), label);
  gtk_box_append (GTK_BOX (table_card), GTK_WIDGET (self->table));
  gtk_widget_add_css_class (table_card, "card");
  gtk_widget_add_css_class (table_card, "chart-card");
  gtk_box_append (GTK_BOX (box), table_card);

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), box);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
}

/* The table */

enum { COL_RUN, COL_WALL, COL_THROUGHPUT, COL_P50, COL_P99, COL_CPU, COL_TASKS, N_COLS };

static char *
format_cell (guint  col,
             const LabSummary *s)
{
  switch (col)
    {
    case COL_WALL: return lab_format_seconds (s->wall_seconds);
    case COL_THROUGHPUT: { g_autofree char *r = lab_format_rate (s->throughput_per_second);
                           return g_strdup_printf (_("%s/s"), r); }
    case COL_P50: return lab_history_format_latency (s->latency_ms.p50);
    case COL_P99: return lab_history_format_latency (s->latency_ms.p99);
    case COL_CPU: return g_strdup_printf (_("%.2f cores"), s->cpu_utilization);
    case COL_TASKS: { g_autofree char *ok = lab_format_grouped (s->tasks_ok);
                      g_autofree char *bad = lab_format_grouped (s->tasks_failed + s->tasks_timed_out);
                      return g_strdup_printf (_("%s ok · %s failed"), ok, bad); }
    default: g_return_val_if_reached (NULL);
    }
}

static double
cell_value (guint             col,
            const LabSummary *s)
{
  switch (col)
    {
    case COL_WALL: return s->wall_seconds;
    case COL_THROUGHPUT: return s->throughput_per_second;
    case COL_P50: return s->latency_ms.p50;
    case COL_P99: return s->latency_ms.p99;
    case COL_CPU: return s->cpu_utilization;
    default: return NAN;
    }
}

static GtkWidget *
cell_label (const char *text,
            float       xalign,
            gboolean    dim)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static void
swatch_draw (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  LabChartStyle style;
  LabChartColor color;

  get_style (GTK_WIDGET (area), &style);
  lab_chart_overlay_get_color (&style, GPOINTER_TO_UINT (user_data), &color);
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, 1);
  cairo_rectangle (cr, 0, height / 2.0 - 2, width, 4);
  cairo_fill (cr);
}

static void
rebuild_table (LabHistoryOverlay *self)
{
  static const char *headers[N_COLS] = {
    N_("Run"), N_("Wall"), N_("Throughput"), N_("p50"), N_("p99"), N_("CPU"), N_("Tasks"),
  };
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->table))) != NULL)
    gtk_grid_remove (self->table, child);

  for (guint c = 0; c < N_COLS; c++)
    {
      GtkWidget *label = cell_label (_(headers[c]), c == COL_RUN ? 0 : 1, FALSE);
      gtk_widget_add_css_class (label, "heading");
      gtk_grid_attach (self->table, label, c == COL_RUN ? 0 : c + 1, 0, c == COL_RUN ? 2 : 1, 1);
    }

  for (guint r = 0; r < self->runs->len; r++)
    {
      OverlayRun *run = &g_array_index (self->runs, OverlayRun, r);
      OverlayRun *first = &g_array_index (self->runs, OverlayRun, 0);
      GtkWidget *swatch = gtk_drawing_area_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      g_autofree char *detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u worker", "%s · %u workers",
                                                              run->workers),
                                                 lab_model_get_title (run->model), run->workers);

      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 18);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), swatch_draw, GUINT_TO_POINTER (r), NULL);
      gtk_grid_attach (self->table, swatch, 0, r + 1, 1, 1);
      gtk_box_append (GTK_BOX (box), cell_label (run->title, 0, FALSE));
      gtk_box_append (GTK_BOX (box), cell_label (detail, 0, TRUE));
      gtk_grid_attach (self->table, box, 1, r + 1, 1, 1);

      for (guint c = COL_WALL; c < N_COLS; c++)
        {
          GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
          g_autofree char *text = format_cell (c, &run->summary);
          double base = cell_value (c, &first->summary), value = cell_value (c, &run->summary);

          gtk_box_append (GTK_BOX (cell), cell_label (text, 1, FALSE));
          if (r > 0 && isfinite (value) && isfinite (base) && base > 0)
            {
              g_autofree char *ratio = g_strdup_printf ("×%.2f", value / base);
              gtk_box_append (GTK_BOX (cell), cell_label (ratio, 1, TRUE));
            }
          gtk_grid_attach (self->table, cell, c + 1, r + 1, 1, 1);
        }
    }
}

void
lab_history_overlay_set_runs (LabHistoryOverlay *self,
                              GPtrArray         *runs,
                              GPtrArray         *titles)
{
  g_return_if_fail (LAB_IS_HISTORY_OVERLAY (self));
  g_return_if_fail (runs != NULL && titles != NULL && runs->len == titles->len);

  g_array_set_size (self->runs, 0);
  for (guint i = 0; i < runs->len; i++)
    {
      LabRun *run = g_ptr_array_index (runs, i);
      const LabConfig *config = lab_run_get_config (run);
      OverlayRun o = { 0 };

      o.title = g_strdup (g_ptr_array_index (titles, i));
      lab_series_model_init (&o.series);
      lab_series_model_update (&o.series, run);
      lab_run_lock (run);
      o.latency = lab_histogram_copy (lab_run_peek_latency (run));
      lab_run_unlock (run);
      lab_run_get_summary (run, &o.summary);
      o.model = config->model;
      o.workers = lab_config_get_effective_workers (config);
      g_array_append_val (self->runs, o);
    }

  rebuild_table (self);
  gtk_widget_queue_draw (self->throughput);
  gtk_widget_queue_draw (self->latency);
}

guint
lab_history_overlay_get_n_runs (LabHistoryOverlay *self)
{
  g_return_val_if_fail (LAB_IS_HISTORY_OVERLAY (self), 0);
  return self->runs->len;
}

char *
lab_history_overlay_dup_table_text (LabHistoryOverlay *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (LAB_IS_HISTORY_OVERLAY (self), NULL);

  for (guint r = 0; r < self->runs->len; r++)
    {
      OverlayRun *run = &g_array_index (self->runs, OverlayRun, r);
      OverlayRun *first = &g_array_index (self->runs, OverlayRun, 0);

      g_string_append (text, run->title);
      for (guint c = COL_WALL; c < N_COLS; c++)
        {
          g_autofree char *cell = format_cell (c, &run->summary);
          double base = cell_value (c, &first->summary), value = cell_value (c, &run->summary);

          g_string_append_printf (text, "\t%s", cell);
          if (r > 0 && isfinite (value) && isfinite (base) && base > 0)
            g_string_append_printf (text, " ×%.2f", value / base);
        }
      g_string_append_c (text, '\n');
    }
  return g_string_free (text, FALSE);
}

/* Loading */

typedef struct
{
  GPtrArray *entries;
  GPtrArray *runs;       /* in the entries' order; NULL until read */
  guint      waiting;
  GError    *error;      /* the first failure */
} Load;

typedef struct
{
  GTask *task;
  guint  index;
} LoadSlot;

static void
load_free (Load *load)
{
  g_ptr_array_unref (load->entries);
  g_ptr_array_unref (load->runs);
  g_clear_error (&load->error);
  g_free (load);
}

static void
on_run_read (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autofree LoadSlot *slot = user_data;
  g_autoptr(GTask) task = slot->task;
  LabHistoryOverlay *self = g_task_get_source_object (task);
  Load *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GObject *document = lab_history_load_entry_finish (LAB_HISTORY (object), result, &error);

  if (document != NULL && !LAB_IS_RUN (document))
    {
      g_clear_object (&document);
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Only runs can be overlaid"));
    }
  if (document != NULL)
    g_ptr_array_index (load->runs, slot->index) = document;
  else if (load->error == NULL)
    load->error = g_steal_pointer (&error);

  if (--load->waiting > 0)
    return;

  if (load->error != NULL)
    g_task_return_error (task, g_steal_pointer (&load->error));
  else
    {
      g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < load->entries->len; i++)
        g_ptr_array_add (titles, g_strdup (lab_history_entry_get_title (g_ptr_array_index (load->entries, i))));
      lab_history_overlay_set_runs (self, load->runs, titles);
      g_task_return_boolean (task, TRUE);
    }
}

void
lab_history_overlay_load_async (LabHistoryOverlay   *self,
                                LabHistory          *history,
                                GPtrArray           *entries,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Load *load;

  g_return_if_fail (LAB_IS_HISTORY_OVERLAY (self));
  g_return_if_fail (LAB_IS_HISTORY (history));
  g_return_if_fail (entries != NULL && entries->len > 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lab_history_overlay_load_async);
  load = g_new0 (Load, 1);
  load->entries = g_ptr_array_ref (entries);
  load->runs = g_ptr_array_new_full (entries->len, g_object_unref);
  g_ptr_array_set_size (load->runs, entries->len);
  load->waiting = entries->len;
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);

  for (guint i = 0; i < entries->len; i++)
    {
      LoadSlot *slot = g_new (LoadSlot, 1);

      *slot = (LoadSlot) { g_object_ref (task), i };
      lab_history_load_entry_async (history, g_ptr_array_index (entries, i), cancellable, on_run_read, slot);
    }
}

gboolean
lab_history_overlay_load_finish (LabHistoryOverlay  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
