/* lab-chart-export.c
 *
 * An exported chart is drawn by the window's own functions over models
 * filled from the run the way the window fills them, on a cairo image
 * surface (PNG) or an SVG surface. What a person exports is what they saw,
 * decimated the same way. Images larger than the reference size are drawn
 * scaled up, as on a high-resolution screen, so that text stays readable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <math.h>

#include "lab-chart-export-private.h"
#include "lab-chart-in-flight.h"
#include "lab-chart-latency.h"
#include "lab-chart-throughput.h"
#include "lab-chart-timeline.h"
#include "lab-error.h"
#include "lab-report.h"

/* More pixels than this in one image is a mistake, not a wish. */
#define MAX_PIXELS (40 * 1000 * 1000)

#define REFERENCE_WIDTH      1200
#define DASHBOARD_HEIGHT     800
#define CHART_HEIGHT         360

static const char * const kind_names[] = {
  [LAB_CHART_THROUGHPUT] = "throughput",
  [LAB_CHART_IN_FLIGHT]  = "inflight",
  [LAB_CHART_LATENCY]    = "latency",
  [LAB_CHART_TIMELINE]   = "timeline",
  [LAB_CHART_ALL]        = "all",
};

static const char * const format_names[] = {
  [LAB_IMAGE_PNG] = "png",
  [LAB_IMAGE_SVG] = "svg",
};

const char *
lab_chart_kind_to_string (LabChartKind kind)
{
  g_return_val_if_fail (kind <= LAB_CHART_ALL, NULL);
  return kind_names[kind];
}

gboolean
lab_chart_kind_from_string (const char   *str,
                            LabChartKind *kind)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (g_ascii_strcasecmp (str, kind_names[i]) == 0)
      {
        *kind = (LabChartKind) i;
        return TRUE;
      }
  return FALSE;
}

const char *
lab_chart_kind_get_title (LabChartKind kind)
{
  switch (kind)
    {
    case LAB_CHART_THROUGHPUT: return _("Throughput and CPU use");
    case LAB_CHART_IN_FLIGHT:  return _("Tasks in flight");
    case LAB_CHART_LATENCY:    return _("Latency");
    case LAB_CHART_TIMELINE:   return _("Worker timeline");
    case LAB_CHART_ALL:        return _("Dashboard");
    default:                   g_return_val_if_reached (NULL);
    }
}

const char *
lab_image_format_to_string (LabImageFormat format)
{
  g_return_val_if_fail (format <= LAB_IMAGE_SVG, NULL);
  return format_names[format];
}

gboolean
lab_image_format_from_string (const char     *str,
                              LabImageFormat *format)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (format_names); i++)
    if (g_ascii_strcasecmp (str, format_names[i]) == 0)
      {
        *format = (LabImageFormat) i;
        return TRUE;
      }
  return FALSE;
}

void
lab_chart_export_default_size (LabRun       *run,
                               LabChartKind  kind,
                               int          *width,
                               int          *height)
{
  *width = REFERENCE_WIDTH;

  if (kind == LAB_CHART_ALL)
    *height = DASHBOARD_HEIGHT;
  else if (kind == LAB_CHART_TIMELINE && run != NULL)
    {
      guint lanes = lab_config_get_effective_workers (lab_run_get_config (run));

      /* the heading, the legend and the axis, and room for the lanes (up
       * to a couple of dozen; more share it) */
      *height = CLAMP (100 + (int) MIN (lanes, 24) * 26, 180, 720);
    }
  else
    *height = CHART_HEIGHT;
}

gboolean
lab_chart_export_check_size (int          width,
                             int          height,
                             const char  *prefix,
                             GError     **error)
{
  if (prefix == NULL)
    prefix = "";

  if (width < LAB_CHART_EXPORT_MIN_SIZE || width > LAB_CHART_EXPORT_MAX_SIZE)
    return lab_error_set_named (error, LAB_ERROR_INVALID_OPTION, prefix, "width",
                                "%d pixels is out of range (%d to %d)",
                                width, LAB_CHART_EXPORT_MIN_SIZE, LAB_CHART_EXPORT_MAX_SIZE);
  if (height < LAB_CHART_EXPORT_MIN_SIZE || height > LAB_CHART_EXPORT_MAX_SIZE)
    return lab_error_set_named (error, LAB_ERROR_INVALID_OPTION, prefix, "height",
                                "%d pixels is out of range (%d to %d)",
                                height, LAB_CHART_EXPORT_MIN_SIZE, LAB_CHART_EXPORT_MAX_SIZE);
  if ((gint64) width * height > MAX_PIXELS)
    return lab_error_set (error, LAB_ERROR_INVALID_OPTION,
                          "%swidth × %sheight: %d × %d is more than %d million pixels",
                          prefix, prefix, width, height, MAX_PIXELS / 1000000);
  return TRUE;
}

void
lab_chart_models_init (LabChartModels *models,
                       LabRun         *run)
{
  guint workers = lab_config_get_effective_workers (lab_run_get_config (run));

  lab_series_model_init (&models->series);
  lab_series_model_update (&models->series, run);

  lab_run_lock (run);
  models->latency = lab_histogram_copy (lab_run_peek_latency (run));
  lab_run_unlock (run);

  models->timeline = lab_timeline_model_new (workers);
  lab_timeline_model_update (models->timeline, run);
}

void
lab_chart_models_clear (LabChartModels *models)
{
  lab_series_model_clear (&models->series);
  g_clear_pointer (&models->latency, lab_histogram_free);
  g_clear_pointer (&models->timeline, lab_timeline_model_free);
}

void
lab_chart_models_draw (LabChartModels      *models,
                       cairo_t             *cr,
                       LabChartKind         kind,
                       int                  width,
                       int                  height,
                       const LabChartStyle *style)
{
  switch (kind)
    {
    case LAB_CHART_THROUGHPUT:
      lab_chart_draw_throughput (cr, &models->series, width, height, style);
      break;
    case LAB_CHART_IN_FLIGHT:
      lab_chart_draw_in_flight (cr, &models->series, width, height, style);
      break;
    case LAB_CHART_LATENCY:
      lab_chart_draw_latency (cr, models->latency, width, height, style);
      break;
    case LAB_CHART_TIMELINE:
      lab_chart_draw_timeline (cr, models->timeline, width, height, style);
      break;
    case LAB_CHART_ALL:
    default:
      g_assert_not_reached ();
    }
}

void
lab_chart_draw_card (LabChartContext    *ctx,
                     const LabChartRect *card)
{
  const LabChartColor *bg = &ctx->style->background;
  gboolean light = 0.2126 * bg->red + 0.7152 * bg->green + 0.0722 * bg->blue >= 0.5;
  /* libadwaita: white cards on a light window, lighter ones on a dark one */
  double lift = light ? 1.0 : 0.06;
  LabChartColor fill = {
    bg->red + (1 - bg->red) * lift,
    bg->green + (1 - bg->green) * lift,
    bg->blue + (1 - bg->blue) * lift,
    1.0,
  };
  double r = 8, x = card->x + 0.5, y = card->y + 0.5, w = card->width - 1, h = card->height - 1;

  cairo_save (ctx->cr);
  cairo_new_sub_path (ctx->cr);
  cairo_arc (ctx->cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (ctx->cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (ctx->cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (ctx->cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (ctx->cr);
  lab_chart_set_color (ctx->cr, &fill, 1.0);
  cairo_fill_preserve (ctx->cr);
  /* the window's hairline: alpha(currentColor, 0.12) */
  lab_chart_set_color (ctx->cr, &ctx->style->foreground, 0.12);
  cairo_set_line_width (ctx->cr, 1);
  cairo_stroke (ctx->cr);
  cairo_restore (ctx->cr);
}

double
lab_chart_draw_heading (LabChartContext *ctx,
                        const char      *text,
                        double           x,
                        double           y,
                        double           width,
                        gboolean         bold,
                        double           alpha)
{
  g_autoptr(PangoLayout) layout = pango_layout_copy (ctx->layout);
  PangoFontDescription *font = pango_font_description_copy (pango_layout_get_font_description (ctx->layout));
  int height;

  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, (int) MAX (1, width) * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_size (layout, NULL, &height);

  cairo_save (ctx->cr);
  lab_chart_set_color (ctx->cr, &ctx->style->foreground, alpha);
  cairo_move_to (ctx->cr, round (x), round (y));
  pango_cairo_show_layout (ctx->cr, layout);
  cairo_restore (ctx->cr);

  return height;
}

/* One chart under a heading: what it is and what was run. */
static void
draw_chart (cairo_t             *cr,
            LabRun              *run,
            LabChartModels      *models,
            LabChartKind         kind,
            int                  width,
            int                  height,
            const LabChartStyle *style)
{
  g_autofree char *describe = lab_report_describe_config (lab_run_get_config (run));
  g_autofree char *heading = g_strdup_printf ("%s · %s", lab_chart_kind_get_title (kind), describe);
  LabChartStyle chart_style = *style;
  LabChartContext ctx;
  double top;

  lab_chart_context_init (&ctx, cr, style);
  lab_chart_fill_background (&ctx, width, height);
  top = LAB_CHART_PAD + lab_chart_draw_heading (&ctx, heading, 2 * LAB_CHART_PAD, LAB_CHART_PAD,
                                                width - 4 * LAB_CHART_PAD, TRUE, 1.0);
  lab_chart_context_clear (&ctx);

  /* the background is painted once, under the heading too */
  chart_style.background.alpha = 0;
  cairo_save (cr);
  cairo_translate (cr, 0, top);
  lab_chart_models_draw (models, cr, kind, width, MAX (1, height - (int) top), &chart_style);
  cairo_restore (cr);
}

void
lab_chart_export_draw (cairo_t             *cr,
                       LabRun              *run,
                       LabChartKind         kind,
                       int                  width,
                       int                  height,
                       const LabChartStyle *style)
{
  LabChartModels models;
  LabChartStyle light;
  int ref_width, ref_height;
  double scale;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (LAB_IS_RUN (run));
  g_return_if_fail (kind <= LAB_CHART_ALL);

  if (style == NULL)
    {
      lab_chart_style_init (&light, FALSE);
      style = &light;
    }

  /* larger than the reference: drawn as on a screen with more pixels per point */
  lab_chart_export_default_size (NULL, kind, &ref_width, &ref_height);
  scale = MAX (1.0, MIN ((double) width / ref_width, (double) height / ref_height));

  lab_chart_models_init (&models, run);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  cairo_scale (cr, scale, scale);
  if (kind == LAB_CHART_ALL)
    lab_chart_draw_dashboard (cr, run, &models, (int) floor (width / scale), (int) floor (height / scale), style);
  else
    draw_chart (cr, run, &models, kind, (int) floor (width / scale), (int) floor (height / scale), style);
  cairo_restore (cr);

  lab_chart_models_clear (&models);
}

typedef struct
{
  GOutputStream *stream;
  GCancellable  *cancellable;
  GError        *error;
} WriteClosure;

static cairo_status_t
write_to_stream (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  WriteClosure *c = closure;

  if (c->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (c->stream, data, length, NULL, c->cancellable, &c->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
check_status (cairo_status_t   status,
              WriteClosure    *closure,
              GError         **error)
{
  if (closure->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&closure->error));
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    return lab_error_set (error, LAB_ERROR_IO, "could not draw the image: %s",
                          cairo_status_to_string (status));
  return TRUE;
}

gboolean
lab_chart_export_run (LabRun               *run,
                      LabChartKind          kind,
                      LabImageFormat        format,
                      int                   width,
                      int                   height,
                      const LabChartStyle  *style,
                      GOutputStream        *stream,
                      GCancellable         *cancellable,
                      GError              **error)
{
  WriteClosure closure = { stream, cancellable, NULL };
  LabChartStyle painted;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (LAB_IS_RUN (run), FALSE);
  g_return_val_if_fail (kind <= LAB_CHART_ALL, FALSE);
  g_return_val_if_fail (format <= LAB_IMAGE_SVG, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  if (!lab_chart_export_check_size (width, height, NULL, error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (style != NULL)
    painted = *style;
  else
    lab_chart_style_init (&painted, FALSE);
  /* an image has no window behind it */
  painted.background.alpha = 1.0;

  if (format == LAB_IMAGE_SVG)
    {
      surface = cairo_svg_surface_create_for_stream (write_to_stream, &closure, width, height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
    }
  else
    surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);

  if ((status = cairo_surface_status (surface)) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return lab_error_set (error, LAB_ERROR_IO, "could not make a %d × %d image: %s",
                            width, height, cairo_status_to_string (status));
    }

  cr = cairo_create (surface);
  lab_chart_export_draw (cr, run, kind, width, height, &painted);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && !g_cancellable_set_error_if_cancelled (cancellable, &closure.error))
    {
      if (format == LAB_IMAGE_SVG)
        {
          /* the SVG surface writes its document when finished */
          cairo_surface_finish (surface);
          status = cairo_surface_status (surface);
        }
      else
        status = cairo_surface_write_to_png_stream (surface, write_to_stream, &closure);
    }
  cairo_surface_destroy (surface);

  return check_status (status, &closure, error);
}
