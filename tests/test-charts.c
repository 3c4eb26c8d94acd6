/* test-charts.c: each chart drawn on an image surface from known data, with
 * the pixels checked where the data must show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-chart-in-flight.h"
#include "lab-chart-latency.h"
#include "lab-chart-throughput.h"
#include "lab-chart-timeline.h"
#include "lab-test-pixels.h"

#define WIDTH  480
#define HEIGHT 240

static void
init_style (LabChartStyle *style)
{
  lab_chart_style_init (style, FALSE);
  style->background = (LabChartColor) { 1, 1, 1, 1 };
}

static cairo_surface_t *
new_surface (cairo_t **cr)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);

  *cr = cairo_create (surface);
  return surface;
}

static gboolean
pixel_is_white (LabTestPixel pixel)
{
  return pixel.r > 240 && pixel.g > 240 && pixel.b > 240;
}

static LabTaskRecord
record (guint64       index,
        guint         worker,
        double        start_s,
        double        end_s,
        LabTaskStatus status)
{
  LabTaskRecord r = { 0 };

  r.index = index;
  r.worker = worker;
  r.start_us = (gint64) (start_s * 1e6);
  r.end_us = (gint64) (end_s * 1e6);
  r.status = status;
  return r;
}

/* The pixel (x, y) in the middle of @lane's row at @at_s, found through the
 * chart's own hit test. */
static gboolean
find_lane_point (const LabTimelineModel *model,
                 const LabChartStyle    *style,
                 guint                   lane,
                 double                  at_s,
                 int                    *out_x,
                 int                    *out_y)
{
  int first_y = -1, last_y = -1, best_x = -1;
  gint64 best = G_MAXINT64;
  guint hit_lane;
  gint64 at, pixel;

  /* the lane's rows, in the middle of the chart */
  for (int y = 0; y < HEIGHT; y++)
    {
      if (lab_chart_timeline_hit (model, WIDTH, HEIGHT, style, WIDTH / 2, y + 0.5, &hit_lane, &at, &pixel) &&
          hit_lane == lane)
        {
          if (first_y < 0)
            first_y = y;
          last_y = y;
        }
    }
  if (first_y < 0)
    return FALSE;

  /* the column closest to the time */
  for (int x = 0; x < WIDTH; x++)
    {
      if (lab_chart_timeline_hit (model, WIDTH, HEIGHT, style, x + 0.5, first_y + 0.5, &hit_lane, &at, &pixel) &&
          llabs (at - (gint64) (at_s * 1e6)) < best)
        {
          best = llabs (at - (gint64) (at_s * 1e6));
          best_x = x;
        }
    }

  *out_x = best_x;
  *out_y = (first_y + last_y) / 2;
  return best_x >= 0;
}

static void
test_timeline_bars (void)
{
  g_autoptr(LabTimelineModel) model = lab_timeline_model_new (2);
  LabTaskRecord records[] = {
    record (0, 1, 0.2, 0.6, LAB_TASK_OK),
    record (1, 0, 0.7, 0.9, LAB_TASK_FAILED),
  };
  LabChartStyle style;
  cairo_surface_t *surface;
  cairo_t *cr;
  int x, y;

  init_style (&style);
  lab_timeline_model_add_records (model, records, G_N_ELEMENTS (records));
  lab_timeline_model_set_end (model, G_USEC_PER_SEC);
  g_assert_cmpuint (lab_timeline_model_get_n_tasks (model), ==, 2);

  surface = new_surface (&cr);
  lab_chart_draw_timeline (cr, model, WIDTH, HEIGHT, &style);

  /* lane 1 is busy with an ok task at 0.4 s; lane 0 is not */
  g_assert_true (find_lane_point (model, &style, 1, 0.4, &x, &y));
  g_assert_true (lab_test_pixel_is (lab_test_pixel_at (surface, x, y), &style.status[LAB_TASK_OK], 8));
  g_assert_true (find_lane_point (model, &style, 0, 0.4, &x, &y));
  g_assert_false (lab_test_pixel_is (lab_test_pixel_at (surface, x, y), &style.status[LAB_TASK_OK], 40));

  /* the failed task on lane 0 at 0.8 s, and nothing on lane 1 then */
  g_assert_true (find_lane_point (model, &style, 0, 0.8, &x, &y));
  g_assert_true (lab_test_pixel_is (lab_test_pixel_at (surface, x, y), &style.status[LAB_TASK_FAILED], 8));
  g_assert_true (find_lane_point (model, &style, 1, 0.8, &x, &y));
  g_assert_false (lab_test_pixel_is (lab_test_pixel_at (surface, x, y), &style.status[LAB_TASK_OK], 40));
  g_assert_false (lab_test_pixel_is (lab_test_pixel_at (surface, x, y), &style.status[LAB_TASK_FAILED], 40));

  /* before any task started, both lanes are empty */
  g_assert_true (find_lane_point (model, &style, 1, 0.1, &x, &y));
  g_assert_false (lab_test_pixel_is (lab_test_pixel_at (surface, x, y), &style.status[LAB_TASK_OK], 40));

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_timeline_many_tasks (void)
{
  g_autoptr(LabTimelineModel) model = lab_timeline_model_new (4);
  g_autoptr(GArray) records = g_array_new (FALSE, FALSE, sizeof (LabTaskRecord));
  double cover[LAB_TIMELINE_N_CHANNELS] = { 0 };
  gint64 total_us = 0, failed_us = 0;
  LabChartStyle style;
  cairo_surface_t *surface;
  cairo_t *cr;
  int x, y;

  /* 100 000 tasks of 20 µs back to back on lanes 0–2 (lane 3 idle), over 0.67 s,
   * with every 1000th task failed */
  for (guint i = 0; i < 100000; i++)
    {
      guint lane = i % 3;
      double start = (i / 3) * 20e-6;
      LabTaskRecord r = record (i, lane, start, start + 20e-6, i % 1000 == 999 ? LAB_TASK_FAILED : LAB_TASK_OK);

      g_array_append_val (records, r);
      total_us += r.end_us - r.start_us;
      if (r.status == LAB_TASK_FAILED)
        failed_us += r.end_us - r.start_us;
    }

  init_style (&style);
  lab_timeline_model_add_records (model, (LabTaskRecord *) (gpointer) records->data, records->len);
  g_assert_cmpuint (lab_timeline_model_get_n_tasks (model), ==, 100000);

  /* merging columns keeps every microsecond */
  for (guint lane = 0; lane < 4; lane++)
    lab_timeline_model_sample (model, lane, 0, 1e9, cover);
  g_assert_cmpfloat_with_epsilon (cover[LAB_TIMELINE_OK] + cover[LAB_TIMELINE_FAILED], total_us, total_us * 1e-4);
  g_assert_cmpfloat_with_epsilon (cover[LAB_TIMELINE_FAILED], failed_us, 1);
  g_assert_cmpint (failed_us, >, 0);

  surface = new_surface (&cr);
  lab_chart_draw_timeline (cr, model, WIDTH, HEIGHT, &style);

  /* busy lanes are drawn full; the failures (1 in 1000) stand out where they fall */
  g_assert_true (find_lane_point (model, &style, 0, 0.3, &x, &y));
  g_assert_false (pixel_is_white (lab_test_pixel_at (surface, x, y)));
  g_assert_true (find_lane_point (model, &style, 3, 0.3, &x, &y));
  g_assert_false (lab_test_pixel_is (lab_test_pixel_at (surface, x, y), &style.status[LAB_TASK_OK], 40));

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* The topmost pixel of @color in column @x, or -1. */
static int
top_of_color (cairo_surface_t     *surface,
              int                  x,
              const LabChartColor *color)
{
  for (int y = 0; y < HEIGHT; y++)
    if (lab_test_pixel_is (lab_test_pixel_at (surface, x, y), color, 30))
      return y;
  return -1;
}

static void
series_init (LabSeriesModel *model,
             guint           n_bins)
{
  lab_series_model_init (model);
  model->workload = LAB_WORKLOAD_PRIMES;
  model->workers = 2;
  model->cores = 2;
  model->elapsed_us = n_bins * model->bin_width_us;
  g_array_set_size (model->bins, n_bins);
}

static void
test_throughput_line (void)
{
  LabSeriesModel model;
  LabChartStyle style;
  cairo_surface_t *surface;
  cairo_t *cr;
  int plot_top = -1, plot_bottom = -1, x_first = -1, x_second = -1, y_first, y_second;
  g_autofree char *text = NULL;

  /* 1000 tasks/s for the first second, 500 tasks/s for the next */
  series_init (&model, 20);
  for (guint i = 0; i < 20; i++)
    {
      LabSeriesBin *bin = &g_array_index (model.bins, LabSeriesBin, i);

      bin->done = i < 10 ? 100 : 50;
      bin->cpu = NAN;
      bin->loop_lag_ms = NAN;
    }

  init_style (&style);
  surface = new_surface (&cr);
  lab_chart_draw_throughput (cr, &model, WIDTH, HEIGHT, &style);

  /* the plot's extent, from the chart's own tooltips */
  for (int y = 0; y < HEIGHT; y++)
    {
      g_autofree char *at = lab_chart_describe_throughput_at (&model, WIDTH, HEIGHT, &style, WIDTH / 2, y);
      if (at != NULL)
        {
          if (plot_top < 0)
            plot_top = y;
          plot_bottom = y;
        }
    }
  g_assert_cmpint (plot_top, >=, 0);

  /* columns over 0.5 s and 1.5 s */
  for (int x = 0; x < WIDTH; x++)
    {
      g_autofree char *at = lab_chart_describe_throughput_at (&model, WIDTH, HEIGHT, &style, x, plot_bottom - 1);
      if (at == NULL)
        continue;
      if (x_first < 0 && g_str_has_prefix (at, "0.5–0.6 s"))
        x_first = x;
      if (x_second < 0 && g_str_has_prefix (at, "1.5–1.6 s"))
        x_second = x;
    }
  g_assert_cmpint (x_first, >=, 0);
  g_assert_cmpint (x_second, >, x_first);

  text = lab_chart_describe_throughput_at (&model, WIDTH, HEIGHT, &style, x_first, plot_bottom - 1);
  g_assert_nonnull (strstr (text, "1000 tasks/s"));

  /* the line at 500 tasks/s is half as high above the baseline as at 1000 */
  y_first = top_of_color (surface, x_first + 2, &style.accent);
  y_second = top_of_color (surface, x_second + 2, &style.accent);
  g_assert_cmpint (y_first, >, plot_top);
  g_assert_cmpint (y_second, >, y_first);
  g_assert_cmpfloat_with_epsilon ((double) (plot_bottom - y_second) / (plot_bottom - y_first), 0.5, 0.06);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  lab_series_model_clear (&model);
}

static void
test_in_flight_line (void)
{
  LabSeriesModel model;
  LabChartStyle style;
  cairo_surface_t *surface;
  cairo_t *cr;
  int plot_top = -1, plot_bottom = -1, x = WIDTH / 2, y_line;

  /* two tasks in flight all the time, one in the last half */
  series_init (&model, 10);
  for (guint i = 0; i < 10; i++)
    g_array_index (model.bins, LabSeriesBin, i).busy = (i < 5 ? 2 : 1) * model.bin_width_us;

  init_style (&style);
  surface = new_surface (&cr);
  lab_chart_draw_in_flight (cr, &model, WIDTH, HEIGHT, &style);

  for (int y = 0; y < HEIGHT; y++)
    {
      g_autofree char *at = lab_chart_describe_in_flight_at (&model, WIDTH, HEIGHT, &style, x, y);
      if (at != NULL)
        {
          if (plot_top < 0)
            plot_top = y;
          plot_bottom = y;
        }
    }

  /* a column in the first quarter, where 2 tasks were in flight */
  for (x = 0; x < WIDTH; x++)
    {
      g_autofree char *at = lab_chart_describe_in_flight_at (&model, WIDTH, HEIGHT, &style, x, plot_bottom - 1);
      if (at != NULL && g_str_has_prefix (at, "0.2–0.3 s"))
        {
          g_assert_nonnull (strstr (at, "2.00 tasks in flight"));
          break;
        }
    }
  g_assert_cmpint (x, <, WIDTH);

  /* the axis goes to 2.2 (workers + 10%), so the line is near the top */
  y_line = top_of_color (surface, x + 2, &style.accent);
  g_assert_cmpint (y_line, >, plot_top);
  g_assert_cmpfloat ((double) (plot_bottom - y_line) / (plot_bottom - plot_top), >, 0.8);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  lab_series_model_clear (&model);
}

static void
test_latency_bars (void)
{
  g_autoptr(LabHistogram) histogram = lab_histogram_new ();
  LabChartStyle style;
  cairo_surface_t *surface;
  cairo_t *cr;
  int bar_x = -1, slow_x = -1, plot_bottom = -1, plot_top = -1;

  for (guint i = 0; i < 1000; i++)
    lab_histogram_add (histogram, 1000);       /* 1 ms */
  for (guint i = 0; i < 10; i++)
    lab_histogram_add (histogram, 100000);     /* 100 ms */

  init_style (&style);
  surface = new_surface (&cr);
  lab_chart_draw_latency (cr, histogram, WIDTH, HEIGHT, &style);

  for (int y = 0; y < HEIGHT; y++)
    {
      g_autofree char *at = lab_chart_describe_latency_at (histogram, WIDTH, HEIGHT, &style, WIDTH / 2, y);
      if (at != NULL)
        {
          if (plot_top < 0)
            plot_top = y;
          plot_bottom = y;
        }
    }
  g_assert_cmpint (plot_top, >=, 0);

  /* the bars that hold 1 ms and 100 ms, by the tooltip */
  for (int x = 0; x < WIDTH; x++)
    {
      g_autofree char *at = lab_chart_describe_latency_at (histogram, WIDTH, HEIGHT, &style, x, plot_bottom - 1);
      if (at == NULL)
        continue;
      if (bar_x < 0 && strstr (at, ": 1000 tasks") != NULL)
        bar_x = x;
      if (slow_x < 0 && strstr (at, ": 10 tasks") != NULL)
        slow_x = x;
    }
  g_assert_cmpint (bar_x, >=, 0);
  g_assert_cmpint (slow_x, >, bar_x);

  /* the 1 ms bar is the tallest: it reaches past 80% of the plot; the
   * 100 ms bar is low, and between them nothing */
  g_assert_true (lab_test_pixel_is (lab_test_pixel_at (surface, bar_x + 2, plot_bottom - 2), &style.accent, 60));
  g_assert_true (lab_test_pixel_is (lab_test_pixel_at (surface, bar_x + 2, plot_bottom - (int) (0.8 * (plot_bottom - plot_top))),
                           &style.accent, 60));
  g_assert_true (lab_test_pixel_is (lab_test_pixel_at (surface, slow_x + 2, plot_bottom - 1), &style.accent, 60));
  g_assert_false (lab_test_pixel_is (lab_test_pixel_at (surface, slow_x + 2, plot_bottom - (int) (0.5 * (plot_bottom - plot_top))),
                            &style.accent, 60));
  g_assert_false (lab_test_pixel_is (lab_test_pixel_at (surface, (bar_x + slow_x) / 2, plot_bottom - 2), &style.accent, 60));

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_empty_charts (void)
{
  g_autoptr(LabTimelineModel) model = lab_timeline_model_new (3);
  g_autoptr(LabHistogram) histogram = lab_histogram_new ();
  LabSeriesModel series;
  LabChartStyle style;
  cairo_surface_t *surface;
  cairo_t *cr;

  /* nothing to draw is not an error: the charts say so and keep their axes */
  init_style (&style);
  lab_series_model_init (&series);
  surface = new_surface (&cr);
  lab_chart_draw_timeline (cr, model, WIDTH, HEIGHT, &style);
  lab_chart_draw_throughput (cr, &series, WIDTH, HEIGHT, &style);
  lab_chart_draw_in_flight (cr, &series, WIDTH, HEIGHT, &style);
  lab_chart_draw_latency (cr, histogram, WIDTH, HEIGHT, &style);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  g_assert_null (lab_chart_describe_latency_at (histogram, WIDTH, HEIGHT, &style, WIDTH / 2, HEIGHT / 2));
  g_assert_null (lab_chart_describe_throughput_at (&series, WIDTH, HEIGHT, &style, WIDTH / 2, HEIGHT / 2));

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  lab_series_model_clear (&series);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/charts/timeline/bars", test_timeline_bars);
  g_test_add_func ("/lab/charts/timeline/many-tasks", test_timeline_many_tasks);
  g_test_add_func ("/lab/charts/throughput/line", test_throughput_line);
  g_test_add_func ("/lab/charts/in-flight/line", test_in_flight_line);
  g_test_add_func ("/lab/charts/latency/bars", test_latency_bars);
  g_test_add_func ("/lab/charts/empty", test_empty_charts);

  return g_test_run ();
}
