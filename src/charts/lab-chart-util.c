/* lab-chart-util.c
 *
 * Text, axes, legends and number formats shared by every chart, so that all
 * of them read the same way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lab-chart-private.h"

void
lab_chart_context_init (LabChartContext     *ctx,
                        cairo_t             *cr,
                        const LabChartStyle *style)
{
  PangoFontDescription *font;
  int height;

  ctx->cr = cr;
  ctx->style = style;
  ctx->layout = pango_cairo_create_layout (cr);

  font = pango_font_description_from_string (style->font[0] ? style->font : "Sans 9");
  pango_layout_set_font_description (ctx->layout, font);
  pango_font_description_free (font);

  pango_layout_set_text (ctx->layout, "0123456789 kMs", -1);
  pango_layout_get_pixel_size (ctx->layout, NULL, &height);
  ctx->line_height = height;
}

void
lab_chart_context_clear (LabChartContext *ctx)
{
  g_clear_object (&ctx->layout);
}

cairo_t *
lab_chart_measure_cairo_new (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);

  cairo_surface_destroy (surface);
  return cr;
}

void
lab_chart_set_color (cairo_t             *cr,
                     const LabChartColor *color,
                     double               alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

void
lab_chart_fill_background (LabChartContext *ctx,
                           int              width,
                           int              height)
{
  if (ctx->style->background.alpha <= 0)
    return;

  lab_chart_set_color (ctx->cr, &ctx->style->background, 1.0);
  cairo_rectangle (ctx->cr, 0, 0, width, height);
  cairo_fill (ctx->cr);
}

double
lab_chart_text_width (LabChartContext *ctx,
                      const char      *text)
{
  int width;

  pango_layout_set_text (ctx->layout, text, -1);
  pango_layout_get_pixel_size (ctx->layout, &width, NULL);
  return width;
}

void
lab_chart_draw_text (LabChartContext *ctx,
                     const char      *text,
                     double           x,
                     double           y,
                     double           xalign,
                     double           yalign,
                     double           alpha)
{
  int width, height;

  pango_layout_set_text (ctx->layout, text, -1);
  pango_layout_get_pixel_size (ctx->layout, &width, &height);

  cairo_save (ctx->cr);
  lab_chart_set_color (ctx->cr, &ctx->style->foreground, alpha);
  cairo_move_to (ctx->cr, round (x - width * xalign), round (y - height * yalign));
  pango_cairo_show_layout (ctx->cr, ctx->layout);
  cairo_restore (ctx->cr);
}

/* Legend: keys in a row, wrapped when they do not fit */

#define KEY_SWATCH 14.0
#define KEY_GAP    6.0

static double
key_width (LabChartContext   *ctx,
           const LabChartKey *key)
{
  return KEY_SWATCH + 4 + lab_chart_text_width (ctx, key->label) + 2 * KEY_GAP;
}

double
lab_chart_legend_height (LabChartContext   *ctx,
                         const LabChartKey *keys,
                         guint              n_keys,
                         double             width)
{
  double x = 0;
  guint lines = n_keys > 0 ? 1 : 0;

  for (guint i = 0; i < n_keys; i++)
    {
      double w = key_width (ctx, &keys[i]);

      if (x > 0 && x + w > width)
        {
          lines++;
          x = 0;
        }
      x += w;
    }

  return lines * ctx->line_height;
}

void
lab_chart_draw_legend (LabChartContext   *ctx,
                       const LabChartKey *keys,
                       guint              n_keys,
                       double             x0,
                       double             y0,
                       double             width)
{
  cairo_t *cr = ctx->cr;
  double x = 0, y = y0;

  for (guint i = 0; i < n_keys; i++)
    {
      const LabChartKey *key = &keys[i];
      double w = key_width (ctx, key);
      double mid = y + ctx->line_height / 2;

      if (x > 0 && x + w > width)
        {
          y += ctx->line_height;
          mid = y + ctx->line_height / 2;
          x = 0;
        }

      cairo_save (cr);
      lab_chart_set_color (cr, &key->color, 1.0);
      switch (key->kind)
        {
        case LAB_CHART_KEY_BOX:
          cairo_rectangle (cr, x0 + x, mid - 4, KEY_SWATCH, 8);
          cairo_fill (cr);
          break;

        case LAB_CHART_KEY_DASHED:
          cairo_set_dash (cr, (double[]) { 3, 2 }, 2, 0);
          G_GNUC_FALLTHROUGH;
        case LAB_CHART_KEY_LINE:
          cairo_set_line_width (cr, 2);
          cairo_move_to (cr, x0 + x, round (mid) + 0.5);
          cairo_line_to (cr, x0 + x + KEY_SWATCH, round (mid) + 0.5);
          cairo_stroke (cr);
          break;

        default:
          g_assert_not_reached ();
        }
      cairo_restore (cr);

      lab_chart_draw_text (ctx, key->label, x0 + x + KEY_SWATCH + 4, y, 0, 0, 0.8);
      x += w;
    }
}

void
lab_chart_draw_message (LabChartContext    *ctx,
                        const LabChartRect *plot,
                        const char         *message)
{
  lab_chart_draw_text (ctx, message,
                       plot->x + plot->width / 2, plot->y + plot->height / 2,
                       0.5, 0.5, 0.55);
}

/* Axes */

static double
nice_step (double range,
           guint  max_ticks)
{
  double raw = range / MAX (1, max_ticks);
  double magnitude = pow (10, floor (log10 (raw)));
  double fraction = raw / magnitude;

  if (fraction <= 1)
    return magnitude;
  if (fraction <= 2)
    return 2 * magnitude;
  if (fraction <= 2.5)
    return 2.5 * magnitude;
  if (fraction <= 5)
    return 5 * magnitude;
  return 10 * magnitude;
}

void
lab_chart_axis_init (LabChartAxis *axis,
                     double        min,
                     double        max,
                     guint         max_ticks)
{
  double step;

  max_ticks = CLAMP (max_ticks, 2, LAB_CHART_MAX_TICKS - 1);

  if (!isfinite (max) || max <= min)
    max = min + 1;

  step = nice_step (max - min, max_ticks);
  axis->min = min;
  axis->max = min + ceil ((max - min) / step - 1e-9) * step;
  axis->step = step;
  axis->n_ticks = 0;

  for (double v = min; v <= axis->max + step / 2 && axis->n_ticks < LAB_CHART_MAX_TICKS; v += step)
    axis->ticks[axis->n_ticks++] = v;
}

void
lab_chart_axis_init_exact (LabChartAxis *axis,
                           double        min,
                           double        max,
                           guint         max_ticks)
{
  double step;

  max_ticks = CLAMP (max_ticks, 2, LAB_CHART_MAX_TICKS - 1);

  if (!isfinite (max) || max <= min)
    max = min + 1;

  step = nice_step (max - min, max_ticks);
  axis->min = min;
  axis->max = max;
  axis->step = step;
  axis->n_ticks = 0;

  for (double v = min; v <= max + step * 1e-9 && axis->n_ticks < LAB_CHART_MAX_TICKS; v += step)
    axis->ticks[axis->n_ticks++] = v;
}

double
lab_chart_axis_map (const LabChartAxis *axis,
                    double              value,
                    double              from,
                    double              to)
{
  return from + (value - axis->min) / (axis->max - axis->min) * (to - from);
}

guint
lab_chart_ticks_for_length (LabChartContext *ctx,
                            double           length,
                            gboolean         horizontal)
{
  double per_tick = horizontal ? 7 * ctx->line_height : 2.2 * ctx->line_height;

  return (guint) CLAMP (length / per_tick, 2, LAB_CHART_MAX_TICKS - 1);
}

double
lab_chart_y_axis_width (LabChartContext    *ctx,
                        const LabChartAxis *axis,
                        char             *(*format) (double value))
{
  double width = 0;

  for (guint i = 0; i < axis->n_ticks; i++)
    {
      g_autofree char *label = format (axis->ticks[i]);
      width = MAX (width, lab_chart_text_width (ctx, label));
    }

  return width + LAB_CHART_PAD;
}

void
lab_chart_draw_y_axis (LabChartContext    *ctx,
                       const LabChartRect *plot,
                       const LabChartAxis *axis,
                       int                 side,
                       gboolean            grid,
                       char             *(*format) (double value))
{
  cairo_t *cr = ctx->cr;
  double grid_alpha = ctx->style->high_contrast ? 0.4 : ctx->style->grid_alpha;

  for (guint i = 0; i < axis->n_ticks; i++)
    {
      double y = lab_chart_axis_map (axis, axis->ticks[i], plot->y + plot->height, plot->y);
      g_autofree char *label = format (axis->ticks[i]);

      if (grid && i > 0)
        {
          cairo_save (cr);
          lab_chart_set_color (cr, &ctx->style->foreground, grid_alpha);
          cairo_set_line_width (cr, 1);
          cairo_move_to (cr, plot->x, round (y) + 0.5);
          cairo_line_to (cr, plot->x + plot->width, round (y) + 0.5);
          cairo_stroke (cr);
          cairo_restore (cr);
        }

      if (side == 0)
        lab_chart_draw_text (ctx, label, plot->x - LAB_CHART_PAD / 2, y, 1, 0.5, 0.7);
      else
        lab_chart_draw_text (ctx, label, plot->x + plot->width + LAB_CHART_PAD / 2, y, 0, 0.5, 0.7);
    }
}

void
lab_chart_draw_time_axis (LabChartContext    *ctx,
                          const LabChartRect *plot,
                          const LabChartAxis *axis)
{
  cairo_t *cr = ctx->cr;
  double grid_alpha = ctx->style->high_contrast ? 0.4 : ctx->style->grid_alpha;
  double bottom = plot->y + plot->height;

  for (guint i = 0; i < axis->n_ticks; i++)
    {
      double x = lab_chart_axis_map (axis, axis->ticks[i], plot->x, plot->x + plot->width);
      g_autofree char *label = lab_chart_format_seconds (axis->ticks[i]);
      double xalign = 0.5;

      if (i > 0)
        {
          cairo_save (cr);
          lab_chart_set_color (cr, &ctx->style->foreground, grid_alpha);
          cairo_set_line_width (cr, 1);
          cairo_move_to (cr, round (x) + 0.5, plot->y);
          cairo_line_to (cr, round (x) + 0.5, bottom);
          cairo_stroke (cr);
          cairo_restore (cr);
        }

      if (i == 0)
        xalign = 0;
      else if (x + lab_chart_text_width (ctx, label) / 2 > plot->x + plot->width + LAB_CHART_PAD)
        xalign = 1;
      lab_chart_draw_text (ctx, label, x, bottom + 2, xalign, 0, 0.7);
    }
}

void
lab_chart_draw_frame (LabChartContext    *ctx,
                      const LabChartRect *plot)
{
  cairo_t *cr = ctx->cr;

  cairo_save (cr);
  lab_chart_set_color (cr, &ctx->style->foreground, ctx->style->high_contrast ? 0.8 : 0.35);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, round (plot->x) + 0.5, plot->y);
  cairo_line_to (cr, round (plot->x) + 0.5, round (plot->y + plot->height) + 0.5);
  cairo_line_to (cr, plot->x + plot->width, round (plot->y + plot->height) + 0.5);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* Numbers */

char *
lab_chart_format_number (double value)
{
  double a = fabs (value);

  if (a >= 1e9)
    return g_strdup_printf ("%g G", value / 1e9);
  if (a >= 1e6)
    return g_strdup_printf ("%g M", value / 1e6);
  if (a >= 1e4)
    return g_strdup_printf ("%g k", value / 1e3);
  if (a == 0 || a >= 0.01)
    return g_strdup_printf ("%g", round (value * 1000) / 1000);
  return g_strdup_printf ("%.1e", value);
}

char *
lab_chart_format_seconds (double seconds)
{
  /* Translators: a time axis label; %g is a number of seconds */
  return g_strdup_printf (_("%g s"), round (seconds * 1e6) / 1e6);
}

char *
lab_chart_format_duration (double us)
{
  if (us < 1000)
    return g_strdup_printf (_("%.3g µs"), us);
  if (us < 1e6)
    return g_strdup_printf (_("%.3g ms"), us / 1e3);
  return g_strdup_printf (_("%.3g s"), us / 1e6);
}

char *
lab_chart_format_bytes (double bytes)
{
  return g_format_size_full ((guint64) MAX (0, bytes), G_FORMAT_SIZE_DEFAULT);
}
