/* lab-chart-area.c
 *
 * The widget knows nothing of the chart it shows: its owner gives a draw
 * function (one of src/charts over the owner's model) and queues a redraw
 * when the model changes; GTK merges redraws into frames.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "lab-chart-area.h"

struct _LabChartArea
{
  GtkWidget             parent_instance;

  LabChartAreaDrawFunc  func;
  gpointer              user_data;
  GDestroyNotify        destroy;
  int                   natural_height;
};

G_DEFINE_FINAL_TYPE (LabChartArea, lab_chart_area, GTK_TYPE_WIDGET)

static void
color_from_rgba (LabChartColor *color,
                 const GdkRGBA *rgba)
{
  *color = (LabChartColor) { rgba->red, rgba->green, rgba->blue, rgba->alpha };
}

void
lab_chart_style_for_widget (GtkWidget     *widget,
                            LabChartStyle *style)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  PangoContext *pango = gtk_widget_get_pango_context (widget);
  g_autofree char *font = NULL;
  GdkRGBA rgba;

  lab_chart_style_init (style, adw_style_manager_get_dark (manager));
  style->high_contrast = adw_style_manager_get_high_contrast (manager);
  style->background.alpha = 0;   /* the card behind the chart shows through */

  gtk_style_context_get_color (context, &rgba);
  color_from_rgba (&style->foreground, &rgba);
  rgba.alpha *= 0.25;
  color_from_rgba (&style->gil_wait, &rgba);
  rgba.alpha = 0.4;
  color_from_rgba (&style->status[LAB_TASK_CANCELLED], &rgba);

  if (gtk_style_context_lookup_color (context, "accent_bg_color", &rgba))
    color_from_rgba (&style->accent, &rgba);
  if (gtk_style_context_lookup_color (context, "error_bg_color", &rgba))
    color_from_rgba (&style->status[LAB_TASK_FAILED], &rgba);
  if (gtk_style_context_lookup_color (context, "warning_bg_color", &rgba))
    color_from_rgba (&style->status[LAB_TASK_TIMED_OUT], &rgba);
  style->status[LAB_TASK_OK] = style->accent;

  font = pango_font_description_to_string (pango_context_get_font_description (pango));
  g_strlcpy (style->font, font, sizeof style->font);
}

static void
lab_chart_area_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  LabChartArea *self = LAB_CHART_AREA (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  LabChartStyle style;
  cairo_t *cr;

  if (width <= 0 || height <= 0 || self->func == NULL)
    return;

  lab_chart_style_for_widget (widget, &style);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  self->func (cr, width, height, &style, self->user_data);
  cairo_destroy (cr);
}

static void
lab_chart_area_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  LabChartArea *self = LAB_CHART_AREA (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 420;
    }
  else
    {
      /* in a scrolled page a widget gets its minimum: the chart's full height */
      *minimum = *natural = self->natural_height;
    }
}

static void
lab_chart_area_dispose (GObject *object)
{
  LabChartArea *self = (LabChartArea *) object;

  lab_chart_area_set_draw_func (self, NULL, NULL, NULL);

  G_OBJECT_CLASS (lab_chart_area_parent_class)->dispose (object);
}

static void
lab_chart_area_class_init (LabChartAreaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_chart_area_dispose;
  widget_class->snapshot = lab_chart_area_snapshot;
  widget_class->measure = lab_chart_area_measure;

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lab_chart_area_init (LabChartArea *self)
{
  self->natural_height = 220;
}

GtkWidget *
lab_chart_area_new (const char *label,
                    const char *description,
                    int         natural_height)
{
  LabChartArea *self = g_object_new (LAB_TYPE_CHART_AREA, NULL);

  self->natural_height = natural_height;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  return GTK_WIDGET (self);
}

void
lab_chart_area_set_draw_func (LabChartArea         *self,
                              LabChartAreaDrawFunc  func,
                              gpointer              user_data,
                              GDestroyNotify        destroy)
{
  g_return_if_fail (LAB_IS_CHART_AREA (self));

  if (self->destroy != NULL)
    self->destroy (self->user_data);
  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
lab_chart_area_set_natural_height (LabChartArea *self,
                                   int           height)
{
  g_return_if_fail (LAB_IS_CHART_AREA (self));

  if (self->natural_height == height)
    return;
  self->natural_height = height;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}
