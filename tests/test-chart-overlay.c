/* test-chart-overlay.c: runs overlaid on one chart, each in its own colour
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "lab-chart-overlay.h"
#include "lab-test-pixels.h"

#define WIDTH  640
#define HEIGHT 320

/* A run of @n_bins 100 ms bins at @rate tasks/s, latencies around @us. */
static void
fake_run (LabSeriesModel *series,
          LabHistogram  **latency,
          guint           n_bins,
          double          rate,
          gint64          us)
{
  lab_series_model_init (series);
  series->workload = LAB_WORKLOAD_PRIMES;
  series->workers = 2;
  series->cores = 2;
  series->bin_width_us = LAB_RUN_BIN_WIDTH;
  series->elapsed_us = n_bins * LAB_RUN_BIN_WIDTH;
  for (guint i = 0; i < n_bins; i++)
    {
      LabSeriesBin bin = { .done = (guint32) (rate / 10), .cpu = NAN, .loop_lag_ms = NAN };
      g_array_append_val (series->bins, bin);
    }

  *latency = lab_histogram_new ();
  for (guint i = 0; i < 1000; i++)
    lab_histogram_add (*latency, us + (gint64) (i % 50) * us / 100);
}

/* Pixels of @color, or of it blended with the white background by the
 * antialiasing (up to 60 % white). */
static guint
count_color (cairo_surface_t     *surface,
             const LabChartColor *color)
{
  guint n = 0;

  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      {
        LabTestPixel pixel = lab_test_pixel_at (surface, x, y);
        double r = pixel.r / 255.0, g = pixel.g / 255.0, b = pixel.b / 255.0;

        for (double t = 0; t <= 0.6; t += 0.05)
          {
            double cr = color->red + (1 - color->red) * t;
            double cg = color->green + (1 - color->green) * t;
            double cb = color->blue + (1 - color->blue) * t;

            if (fabs (r - cr) < 0.04 && fabs (g - cg) < 0.04 && fabs (b - cb) < 0.04)
              {
                n++;
                break;
              }
          }
      }
  return n;
}

typedef void (*DrawFunc) (cairo_t *, const LabChartOverlayRun *, guint, int, int, const LabChartStyle *);

static void
check_each_run_drawn (DrawFunc draw)
{
  LabSeriesModel series[2];
  LabHistogram *latency[2];
  LabChartOverlayRun runs[2];
  LabChartStyle style;
  LabChartColor colors[3];

  fake_run (&series[0], &latency[0], 10, 20000, 200);
  fake_run (&series[1], &latency[1], 20, 8000, 5000);
  runs[0] = (LabChartOverlayRun) { "first", &series[0], latency[0] };
  runs[1] = (LabChartOverlayRun) { "second", &series[1], latency[1] };

  lab_chart_style_init (&style, FALSE);
  for (guint i = 0; i < 3; i++)
    lab_chart_overlay_get_color (&style, i, &colors[i]);
  g_assert_true (colors[0].red == style.accent.red && colors[0].blue == style.accent.blue);
  g_assert_false (colors[1].red == colors[0].red && colors[1].green == colors[0].green);

  for (guint n = 1; n <= 2; n++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
      cairo_t *cr = cairo_create (surface);

      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      draw (cr, runs, n, WIDTH, HEIGHT, &style);

      /* a line (and a legend key) per run in its colour, none for a run not given */
      g_assert_cmpuint (count_color (surface, &colors[0]), >, 40);
      if (n == 2)
        g_assert_cmpuint (count_color (surface, &colors[1]), >, 40);
      else
        g_assert_cmpuint (count_color (surface, &colors[1]), <, 5);
      g_assert_cmpuint (count_color (surface, &colors[2]), <, 5);

      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }

  for (guint i = 0; i < 2; i++)
    {
      lab_series_model_clear (&series[i]);
      lab_histogram_free (latency[i]);
    }
}

static void
test_throughput (void)
{
  check_each_run_drawn (lab_chart_draw_overlay_throughput);
}

static void
test_latency (void)
{
  check_each_run_drawn (lab_chart_draw_overlay_latency);
}

static void
test_no_runs (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  LabChartStyle style;

  /* axes and a message, no crash on an empty list */
  lab_chart_style_init (&style, TRUE);
  lab_chart_draw_overlay_throughput (cr, NULL, 0, WIDTH, HEIGHT, &style);
  lab_chart_draw_overlay_latency (cr, NULL, 0, WIDTH, HEIGHT, &style);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/charts/overlay/throughput", test_throughput);
  g_test_add_func ("/lab/charts/overlay/latency", test_latency);
  g_test_add_func ("/lab/charts/overlay/no-runs", test_no_runs);

  return g_test_run ();
}
