/* test-export.c: charts and the dashboard of a real run exported as PNG and
 * SVG, decoded again and checked: size, background, and chart pixels where
 * the charts must be
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lab-chart-export.h"
#include "lab-error.h"
#include "lab-test-image.h"
#include "lab-test-util.h"
#include "lab-test-pixels.h"

static LabRun *shared_run;

static LabRun *
get_run (void)
{
  if (shared_run == NULL)
    {
      g_autoptr(LabConfig) config = lab_config_new ();
      g_autoptr(GError) error = NULL;

      config->model = LAB_MODEL_THREADS;
      config->workers = 2;
      config->start = 1000000000000;
      config->count = 3000;
      shared_run = lab_test_run (config, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (lab_run_get_state (shared_run), ==, LAB_RUN_STATE_DONE);
    }
  return shared_run;
}

static GBytes *
export_bytes (LabRun              *run,
              LabChartKind         kind,
              LabImageFormat       format,
              int                  width,
              int                  height,
              const LabChartStyle *style)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (lab_chart_export_run (run, kind, format, width, height, style, stream, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (stream, NULL, NULL));

  /* to look at them: LAB_TEST_EXPORT_DIR=/tmp/x */
  if (g_getenv ("LAB_TEST_EXPORT_DIR") != NULL)
    {
      g_autofree char *name = g_strdup_printf ("%s-%dx%d%s.%s", lab_chart_kind_to_string (kind), width, height,
                                               style && style->background.red < 0.5 ? "-dark" : "",
                                               lab_image_format_to_string (format));
      g_autofree char *path = g_build_filename (g_getenv ("LAB_TEST_EXPORT_DIR"), name, NULL);

      g_file_set_contents (path, g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream)),
                           g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)), NULL);
    }

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
}

/* Pixels of the accent's hue (blue: the series lines and their fill, the
 * bars, the timeline) in a rectangle of the image; text, axes and grid are
 * grey. */
static guint
count_accent (cairo_surface_t     *surface,
              const LabChartStyle *style,
              int                  x0,
              int                  y0,
              int                  x1,
              int                  y1)
{
  guint n = 0;

  g_assert_true (style->accent.blue > style->accent.red + 0.3);

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        LabTestPixel p = lab_test_pixel_at (surface, x, y);

        n += p.b > p.r + 20 && p.b > p.g + 10;
      }
  return n;
}

static void
test_png_dashboard (void)
{
  g_autoptr(GBytes) bytes = NULL;
  cairo_surface_t *surface;
  LabChartStyle style;
  int width, height;

  lab_chart_style_init (&style, FALSE);
  lab_chart_export_default_size (get_run (), LAB_CHART_ALL, &width, &height);
  g_assert_cmpint (width, ==, 1200);
  g_assert_cmpint (height, ==, 800);

  bytes = export_bytes (get_run (), LAB_CHART_ALL, LAB_IMAGE_PNG, width, height, NULL);
  surface = lab_test_decode_png (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, height);

  /* the light style's background in the corner */
  g_assert_true (lab_test_pixel_is (lab_test_pixel_at (surface, 2, 2), &style.background, 2));

  /* a chart in each quadrant: throughput, in flight, the timeline across,
   * latency */
  for (int qy = 0; qy < 2; qy++)
    for (int qx = 0; qx < 2; qx++)
      {
        guint n = count_accent (surface, &style, qx * width / 2, qy * height / 2,
                                (qx + 1) * width / 2, (qy + 1) * height / 2);

        g_test_message ("quadrant %d,%d: %u accent pixels", qx, qy, n);
        g_assert_cmpuint (n, >, 200);
      }

  cairo_surface_destroy (surface);
}

static void
test_png_each_chart (void)
{
  LabChartStyle style;

  lab_chart_style_init (&style, FALSE);

  for (LabChartKind kind = LAB_CHART_THROUGHPUT; kind < LAB_CHART_ALL; kind++)
    {
      g_autoptr(GBytes) bytes = NULL;
      cairo_surface_t *surface;
      int width, height;
      guint n;

      lab_chart_export_default_size (get_run (), kind, &width, &height);
      g_assert_cmpint (width, ==, 1200);
      g_assert_cmpint (height, >=, 180);

      bytes = export_bytes (get_run (), kind, LAB_IMAGE_PNG, width, height, NULL);
      surface = lab_test_decode_png (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_assert_cmpint (cairo_image_surface_get_width (surface), ==, width);
      g_assert_cmpint (cairo_image_surface_get_height (surface), ==, height);
      g_assert_true (lab_test_pixel_is (lab_test_pixel_at (surface, width - 1, height - 1), &style.background, 2));

      /* the data is drawn below the heading line */
      n = count_accent (surface, &style, 0, 30, width, height);
      g_test_message ("%s: %u accent pixels", lab_chart_kind_to_string (kind), n);
      g_assert_cmpuint (n, >, 50);
      cairo_surface_destroy (surface);
    }
}

static void
test_png_dark_and_scaled (void)
{
  g_autoptr(GBytes) bytes = NULL;
  cairo_surface_t *surface;
  LabChartStyle dark;

  lab_chart_style_init (&dark, TRUE);
  bytes = export_bytes (get_run (), LAB_CHART_ALL, LAB_IMAGE_PNG, 2400, 1600, &dark);
  surface = lab_test_decode_png (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 2400);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 1600);
  g_assert_true (lab_test_pixel_is (lab_test_pixel_at (surface, 3, 3), &dark.background, 2));
  /* drawn at twice the scale: the charts fill the image, not a corner of it */
  g_assert_cmpuint (count_accent (surface, &dark, 1200, 0, 2400, 800), >, 400);
  g_assert_cmpuint (count_accent (surface, &dark, 0, 800, 1200, 1600), >, 400);
  cairo_surface_destroy (surface);
}

typedef struct
{
  char   *root;
  double  width;
  double  height;
  guint   elements;
} SvgInfo;

static void
on_svg_start (GMarkupParseContext  *context,
              const char           *element,
              const char          **names,
              const char          **values,
              gpointer              user_data,
              GError              **error)
{
  SvgInfo *info = user_data;

  if (info->root == NULL)
    {
      info->root = g_strdup (element);
      for (guint i = 0; names[i] != NULL; i++)
        if (g_str_equal (names[i], "width"))
          info->width = g_ascii_strtod (values[i], NULL);
        else if (g_str_equal (names[i], "height"))
          info->height = g_ascii_strtod (values[i], NULL);
    }
  info->elements++;
}

static void
test_svg (void)
{
  static const GMarkupParser parser = { on_svg_start, NULL, NULL, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SvgInfo info = { 0 };
  const char *data;
  gsize length;

  for (LabChartKind kind = LAB_CHART_THROUGHPUT; kind <= LAB_CHART_ALL; kind++)
    {
      g_clear_pointer (&bytes, g_bytes_unref);
      g_clear_pointer (&context, g_markup_parse_context_free);
      g_clear_pointer (&info.root, g_free);
      info = (SvgInfo) { 0 };

      bytes = export_bytes (get_run (), kind, LAB_IMAGE_SVG, 800, 500, NULL);
      data = g_bytes_get_data (bytes, &length);
      g_assert_true (g_str_has_prefix (data, "<?xml"));

      /* well-formed XML with an <svg> root of the asked size */
      context = g_markup_parse_context_new (&parser, 0, &info, NULL);
      g_assert_true (g_markup_parse_context_parse (context, data, length, &error));
      g_assert_no_error (error);
      g_assert_true (g_markup_parse_context_end_parse (context, &error));
      g_assert_no_error (error);

      g_assert_cmpstr (info.root, ==, "svg");
      g_assert_cmpfloat (info.width, ==, 800);
      g_assert_cmpfloat (info.height, ==, 500);
      /* drawn, not empty: glyphs, paths, fills */
      g_assert_cmpuint (info.elements, >, 20);
    }
  g_clear_pointer (&info.root, g_free);
}

static void
test_bad_sizes (void)
{
  static const int bad[][2] = { { 0, 400 }, { 400, 0 }, { 99, 400 }, { 400, 10001 }, { -5, 400 }, { 10000, 10000 } };
  static const char * const names[] = { "--width:", "--height:", "--width:", "--height:", "--width:",
                                        "--width × --height:" };

  g_assert_true (lab_chart_export_check_size (100, 100, "--", NULL));
  g_assert_true (lab_chart_export_check_size (10000, 4000, "--", NULL));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
      g_autoptr(GError) error = NULL;

      g_assert_false (lab_chart_export_check_size (bad[i][0], bad[i][1], "--", &error));
      g_assert_error (error, LAB_ERROR, LAB_ERROR_INVALID_OPTION);
      g_assert_true (g_str_has_prefix (error->message, names[i]));
      g_clear_error (&error);

      /* nothing is written */
      g_assert_false (lab_chart_export_run (get_run (), LAB_CHART_ALL, LAB_IMAGE_PNG, bad[i][0], bad[i][1],
                                            NULL, stream, NULL, &error));
      g_assert_error (error, LAB_ERROR, LAB_ERROR_INVALID_OPTION);
      g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)), ==, 0);
    }
}

static void
test_cancelled_and_stream_error (void)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) closed = g_memory_output_stream_new_resizable ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (lab_chart_export_run (get_run (), LAB_CHART_TIMELINE, LAB_IMAGE_PNG, 400, 300,
                                        NULL, stream, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)), ==, 0);
  g_clear_error (&error);

  /* the stream's own error comes back, for PNG and SVG */
  g_output_stream_close (closed, NULL, NULL);
  g_assert_false (lab_chart_export_run (get_run (), LAB_CHART_LATENCY, LAB_IMAGE_PNG, 400, 300,
                                        NULL, closed, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_false (lab_chart_export_run (get_run (), LAB_CHART_LATENCY, LAB_IMAGE_SVG, 400, 300,
                                        NULL, closed, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

static void
test_names (void)
{
  static const char * const names[] = { "throughput", "inflight", "latency", "timeline", "all" };
  LabImageFormat format;
  LabChartKind kind;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_true (lab_chart_kind_from_string (names[i], &kind));
      g_assert_cmpint (kind, ==, i);
      g_assert_cmpstr (lab_chart_kind_to_string (kind), ==, names[i]);
      g_assert_nonnull (lab_chart_kind_get_title (kind));
    }
  g_assert_false (lab_chart_kind_from_string ("pie", &kind));
  g_assert_false (lab_chart_kind_from_string ("", &kind));
  g_assert_false (lab_chart_kind_from_string (NULL, &kind));

  g_assert_true (lab_image_format_from_string ("svg", &format));
  g_assert_cmpint (format, ==, LAB_IMAGE_SVG);
  g_assert_cmpstr (lab_image_format_to_string (LAB_IMAGE_PNG), ==, "png");
  g_assert_false (lab_image_format_from_string ("gif", &format));
}

/* A cancelled run with few records still exports (partial results). */
static void
test_empty_run (void)
{
  g_autoptr(LabConfig) config = lab_config_new ();
  g_autoptr(LabRun) run = NULL;
  g_autoptr(GBytes) bytes = NULL;
  cairo_surface_t *surface;

  config->model = LAB_MODEL_THREADS;
  config->workers = 3;
  run = lab_run_new (config);
  lab_run_begin (run);
  lab_run_end (run, LAB_RUN_STATE_CANCELLED, NULL);

  bytes = export_bytes (run, LAB_CHART_ALL, LAB_IMAGE_PNG, 600, 400, NULL);
  surface = lab_test_decode_png (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 600);
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/export/names", test_names);
  g_test_add_func ("/lab/export/png/dashboard", test_png_dashboard);
  g_test_add_func ("/lab/export/png/each-chart", test_png_each_chart);
  g_test_add_func ("/lab/export/png/dark-and-scaled", test_png_dark_and_scaled);
  g_test_add_func ("/lab/export/svg", test_svg);
  g_test_add_func ("/lab/export/bad-sizes", test_bad_sizes);
  g_test_add_func ("/lab/export/cancelled-and-stream-error", test_cancelled_and_stream_error);
  g_test_add_func ("/lab/export/empty-run", test_empty_run);

  status = g_test_run ();
  g_clear_object (&shared_run);
  return status;
}
