/* lab-progress-bar.c
 *
 * GtkProgressBar and GtkLevelBar queue a relayout of the whole window on
 * every new value, and on X11 a relayout asks the X server for the
 * window's geometry and work area: round trips that stall the main loop
 * when the machine is busy, which it is during a run. This bar draws its
 * fill and shows its text in a GtkInscription, whose size does not depend
 * on the text: a new value only redraws.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-progress-bar.h"

#define BAR_HEIGHT 6
#define SPACING    4

struct _LabProgressBar
{
  GtkWidget  parent_instance;

  GtkWidget *inscription;
  double     fraction;
};

G_DEFINE_FINAL_TYPE (LabProgressBar, lab_progress_bar, GTK_TYPE_WIDGET)

static void
lab_progress_bar_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  LabProgressBar *self = LAB_PROGRESS_BAR (widget);

  gtk_widget_measure (self->inscription, orientation, for_size, minimum, natural, NULL, NULL);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      *minimum += SPACING + BAR_HEIGHT;
      *natural += SPACING + BAR_HEIGHT;
    }
}

static void
lab_progress_bar_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  LabProgressBar *self = LAB_PROGRESS_BAR (widget);

  gtk_widget_allocate (self->inscription, width, MAX (0, height - SPACING - BAR_HEIGHT), -1, NULL);
}

static void
lab_progress_bar_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  LabProgressBar *self = LAB_PROGRESS_BAR (widget);
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRoundedRect trough, fill;
  GdkRGBA fg, accent;

  gtk_widget_snapshot_child (widget, self->inscription, snapshot);

  gtk_style_context_get_color (context, &fg);
  if (!gtk_style_context_lookup_color (context, "accent_bg_color", &accent))
    accent = fg;
  fg.alpha *= 0.15;

  gsk_rounded_rect_init_from_rect (&trough, &GRAPHENE_RECT_INIT (0, height - BAR_HEIGHT, width, BAR_HEIGHT),
                                   BAR_HEIGHT / 2.0);
  gtk_snapshot_push_rounded_clip (snapshot, &trough);
  gtk_snapshot_append_color (snapshot, &fg, &trough.bounds);
  fill = trough;
  fill.bounds.size.width = round (width * self->fraction);
  gtk_snapshot_append_color (snapshot, &accent, &fill.bounds);
  gtk_snapshot_pop (snapshot);
}

static void
lab_progress_bar_dispose (GObject *object)
{
  LabProgressBar *self = (LabProgressBar *) object;

  g_clear_pointer (&self->inscription, gtk_widget_unparent);

  G_OBJECT_CLASS (lab_progress_bar_parent_class)->dispose (object);
}

static void
lab_progress_bar_class_init (LabProgressBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_progress_bar_dispose;
  widget_class->measure = lab_progress_bar_measure;
  widget_class->size_allocate = lab_progress_bar_size_allocate;
  widget_class->snapshot = lab_progress_bar_snapshot;

  gtk_widget_class_set_css_name (widget_class, "progress");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PROGRESS_BAR);
}

static void
lab_progress_bar_init (LabProgressBar *self)
{
  self->inscription = gtk_inscription_new (NULL);
  gtk_inscription_set_xalign (GTK_INSCRIPTION (self->inscription), 0.5);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (self->inscription), 20);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (self->inscription), 36);
  gtk_widget_add_css_class (self->inscription, "caption");
  gtk_widget_add_css_class (self->inscription, "numeric");
  gtk_widget_set_parent (self->inscription, GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, 1.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, 0.0,
                                  -1);
}

void
lab_progress_bar_set_fraction (LabProgressBar *self,
                               double          fraction)
{
  g_return_if_fail (LAB_IS_PROGRESS_BAR (self));

  fraction = CLAMP (fraction, 0, 1);
  if (fraction == self->fraction)
    return;

  self->fraction = fraction;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, fraction, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
lab_progress_bar_get_fraction (LabProgressBar *self)
{
  g_return_val_if_fail (LAB_IS_PROGRESS_BAR (self), 0);
  return self->fraction;
}

void
lab_progress_bar_set_text (LabProgressBar *self,
                           const char     *text)
{
  g_return_if_fail (LAB_IS_PROGRESS_BAR (self));

  gtk_inscription_set_text (GTK_INSCRIPTION (self->inscription), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text ? text : "", -1);
}

const char *
lab_progress_bar_get_text (LabProgressBar *self)
{
  g_return_val_if_fail (LAB_IS_PROGRESS_BAR (self), NULL);
  return gtk_inscription_get_text (GTK_INSCRIPTION (self->inscription));
}
