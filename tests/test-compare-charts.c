/* test-compare-charts.c: the charts of comparisons and sweeps, and stacked
 * timelines, drawn on an image surface from known numbers, with the pixels
 * checked where the numbers must show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-chart-comparison.h"
#include "lab-chart-sweep.h"
#include "lab-chart-timeline.h"
#include "lab-test-pixels.h"

#define WIDTH  480
#define HEIGHT 300

typedef struct
{
  int left, right, top, bottom;   /* inclusive */
} Box;

static cairo_surface_t *surface;
static LabChartStyle style;

static void
setup (void)
{
  cairo_t *cr;

  lab_chart_style_init (&style, FALSE);
  style.background = (LabChartColor) { 1, 1, 1, 1 };
  g_clear_pointer (&surface, cairo_surface_destroy);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cr = cairo_create (surface);
  cairo_destroy (cr);
}

/* LAB_TEST_SAVE=DIR writes each drawing there, to look at. */
static void
save (const char *name)
{
  const char *dir = g_getenv ("LAB_TEST_SAVE");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  path = g_strdup_printf ("%s/%s.png", dir, name);
  cairo_surface_write_to_png (surface, path);
}

static cairo_t *
begin (void)
{
  setup ();
  return cairo_create (surface);
}

static LabTestPixel
pixel_at (int x,
          int y)
{
  return lab_test_pixel_at (surface, x, y);
}

/* @color at @alpha over the white background */
static LabTestPixel
blend (const LabChartColor *color,
       double               alpha)
{
  double a = color->alpha * alpha;

  return (LabTestPixel) { (int) round ((color->red * a + 1 - a) * 255),
                   (int) round ((color->green * a + 1 - a) * 255),
                   (int) round ((color->blue * a + 1 - a) * 255) };
}

static gboolean
pixel_is (LabTestPixel p,
          LabTestPixel q,
          int   tolerance)
{
  return abs (p.r - q.r) <= tolerance && abs (p.g - q.g) <= tolerance && abs (p.b - q.b) <= tolerance;
}

static gboolean
is_dark (LabTestPixel p)
{
  return p.r < 140 && p.g < 140 && p.b < 140;
}

static gboolean
is_white (LabTestPixel p)
{
  return p.r > 245 && p.g > 245 && p.b > 245;
}

/* The bounding box of the pixels of @colour in [x0, x1); FALSE if none. */
static gboolean
find_box (LabTestPixel  colour,
          int    x0,
          int    x1,
          Box   *box)
{
  *box = (Box) { WIDTH, -1, HEIGHT, -1 };
  for (int y = 0; y < HEIGHT; y++)
    for (int x = x0; x < x1; x++)
      if (pixel_is (pixel_at (x, y), colour, 3))
        {
          box->left = MIN (box->left, x);
          box->right = MAX (box->right, x);
          box->top = MIN (box->top, y);
          box->bottom = MAX (box->bottom, y);
        }
  return box->right >= 0;
}

/* A bar of @colour in [x0, x1): the columns where @colour runs longest
 * from top to bottom (text of the same colour has no long runs). */
static gboolean
find_bar (LabTestPixel  colour,
          int    x0,
          int    x1,
          Box   *box)
{
  int best = 0;

  *box = (Box) { WIDTH, -1, HEIGHT, -1 };
  for (int pass = 0; pass < 2; pass++)
    for (int x = x0; x < x1; x++)
      {
        int run = 0, longest = 0, end = 0;

        for (int y = 0; y < HEIGHT; y++)
          {
            run = pixel_is (pixel_at (x, y), colour, 3) ? run + 1 : 0;
            if (run > longest)
              {
                longest = run;
                end = y;
              }
          }
        if (pass == 0)
          best = MAX (best, longest);
        else if (longest >= best * 0.9 && best >= 4)
          {
            box->left = MIN (box->left, x);
            box->right = MAX (box->right, x);
            box->top = MIN (box->top, end - longest + 1);
            box->bottom = MAX (box->bottom, end);
          }
      }
  return box->right >= 0;
}

/* The bar's full extent in its column @x, from a pixel inside it: grid
 * lines show through a bar, so it is every pixel that is not background. */
static void
bar_extent (Box *box)
{
  int x = box->left + 2, y = (box->top + box->bottom) / 2;
  int top = y, bottom = y;

  while (top > 0 && !is_white (pixel_at (x, top - 1)))
    top--;
  while (bottom < HEIGHT - 1 && !is_white (pixel_at (x, bottom + 1)))
    bottom++;
  box->top = top;
  box->bottom = bottom;
}

static guint
count_colour (LabTestPixel colour)
{
  guint n = 0;

  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      n += pixel_is (pixel_at (x, y), colour, 3);
  return n;
}

static guint
count_not_white (int x0, int y0, int x1, int y1)
{
  guint n = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      n += !is_white (pixel_at (x, y));
  return n;
}

static LabModelStats
model_stats (LabModel model,
             guint    workers,
             double   wall,
             double   wall_sd,
             double   speedup,
             double   speedup_sd)
{
  LabModelStats s = { 0 };

  s.model = model;
  s.workers = workers;
  s.n_runs = s.n_used = 3;
  s.wall_seconds = (LabStat) { 3, wall, wall_sd, wall, wall - wall_sd, wall + wall_sd };
  s.task_seconds = s.wall_seconds;
  s.throughput_per_second = (LabStat) { 3, 1000 / wall, 0, 1000 / wall, 1000 / wall, 1000 / wall };
  s.latency_p99_ms = (LabStat) { 3, 2.0 * workers, 0.1, 2, 2, 2 };
  s.cpu_utilization = (LabStat) { 3, workers * 0.9, 0.05, 1, 1, 1 };
  s.has_speedup = TRUE;
  s.speedup = speedup;
  s.speedup_stddev = speedup_sd;
  s.efficiency = speedup / workers;
  s.ideal_speedup = workers;
  return s;
}

/* Wall time bars: the heights are in the ratio of the means, and the
 * threads bar has an error bar over its top. */
static void
test_wall_bars (void)
{
  LabModelStats stats[2] = {
    model_stats (LAB_MODEL_SEQUENTIAL, 1, 2.0, 0.0, 1, 0),
    model_stats (LAB_MODEL_THREADS, 2, 1.0, 0.1, 2, 0.2),
  };
  LabTestPixel threads = blend (&style.accent, 0.85);
  cairo_t *cr = begin ();
  Box bar, seq_bar;
  LabChartColor grey;
  int x, dark_above = 0;

  stats[0].wall_seconds.stddev = 0;
  lab_chart_draw_comparison_wall (cr, stats, 2, WIDTH, HEIGHT, &style);
  cairo_destroy (cr);
  save ("wall_bars-1");

  g_assert_true (find_bar (threads, WIDTH / 2, WIDTH, &bar));
  lab_chart_model_color (&style, LAB_MODEL_SEQUENTIAL, &grey);
  g_assert_true (find_bar (blend (&grey, 0.85), 0, WIDTH / 2, &seq_bar));
  bar_extent (&bar);
  bar_extent (&seq_bar);

  /* same baseline, half the height */
  g_assert_cmpint (abs (bar.bottom - seq_bar.bottom), <=, 1);
  g_assert_cmpfloat (fabs ((double) (seq_bar.bottom - seq_bar.top + 1) / (bar.bottom - bar.top + 1) - 2.0), <, 0.05);

  /* the error bar: dark pixels above the threads bar's top in its middle
   * column (σ = 10 % of the mean), none at its edge */
  x = (bar.left + bar.right) / 2;
  for (int y = bar.top - 12; y < bar.top; y++)
    dark_above += is_dark (pixel_at (x, y)) || is_dark (pixel_at (x + 1, y));
  g_assert_cmpint (dark_above, >=, 4);
  g_assert_true (is_white (pixel_at (bar.left + 1, bar.top - 3)));
  /* the lower whisker crosses the bar */
  {
    int y_low = bar.bottom - (int) round ((bar.bottom - bar.top) * 0.9);
    gboolean crossed = FALSE;

    for (int y = y_low - 2; y <= y_low + 2; y++)
      crossed |= is_dark (pixel_at (x, y));
    g_assert_true (crossed);
  }
}

/* Speedup: the ideal 2× dashed over the threads bar (1.5×), the 1× line
 * across the plot between the bars. */
static void
test_speedup_ideal (void)
{
  LabModelStats stats[2] = {
    model_stats (LAB_MODEL_SEQUENTIAL, 1, 2.0, 0.0, 1, 0),
    model_stats (LAB_MODEL_THREADS, 2, 1.33, 0.0, 1.5, 0),
  };
  LabTestPixel threads = blend (&style.accent, 0.85);
  cairo_t *cr = begin ();
  LabChartColor grey;
  Box bar, seq_bar;
  double unit;
  int y_ideal, y_one, dark = 0, gap;

  stats[0].speedup_stddev = stats[1].speedup_stddev = 0;
  lab_chart_draw_comparison_speedup (cr, stats, 2, WIDTH, HEIGHT, &style);
  cairo_destroy (cr);
  save ("speedup_ideal-1");

  g_assert_true (find_bar (threads, WIDTH / 2, WIDTH, &bar));
  lab_chart_model_color (&style, LAB_MODEL_SEQUENTIAL, &grey);
  g_assert_true (find_bar (blend (&grey, 0.85), 0, WIDTH / 2, &seq_bar));
  bar_extent (&bar);
  bar_extent (&seq_bar);
  g_assert_cmpfloat (fabs ((double) (bar.bottom - bar.top + 1) / (seq_bar.bottom - seq_bar.top + 1) - 1.5), <, 0.05);

  unit = (bar.bottom + 1 - bar.top) / 1.5;
  y_ideal = (int) round (bar.bottom + 1 - 2 * unit);
  for (int y = y_ideal - 2; y <= y_ideal + 2; y++)
    for (int x = bar.left - 4; x <= bar.right + 4; x++)
      dark += !is_white (pixel_at (x, y)) && !pixel_is (pixel_at (x, y), threads, 3);
  /* dashed 4 on, 3 off, 2 pixels thick: more than half of the width */
  g_assert_cmpint (dark, >=, (bar.right - bar.left) / 2);

  /* the 1× line: in the gap between the bars, at sequential's top */
  y_one = (int) round (bar.bottom + 1 - unit);
  gap = (seq_bar.right + bar.left) / 2;
  dark = 0;
  for (int y = y_one - 2; y <= y_one + 2; y++)
    dark += !is_white (pixel_at (gap, y));
  g_assert_cmpint (dark, >=, 1);
  g_assert_true (is_white (pixel_at (gap, (3 * y_one + y_ideal) / 4)));
}

/* Small multiples: three charts, one bar per model in each. */
static void
test_measures (void)
{
  LabModelStats stats[2] = {
    model_stats (LAB_MODEL_SEQUENTIAL, 1, 2.0, 0.0, 1, 0),
    model_stats (LAB_MODEL_THREADS, 2, 1.0, 0.1, 2, 0.2),
  };
  LabTestPixel threads = blend (&style.accent, 0.85);
  cairo_t *cr = begin ();
  Box boxes[3];

  lab_chart_draw_comparison_measures (cr, stats, 2, WIDTH, HEIGHT, &style);
  cairo_destroy (cr);
  save ("measures-1");

  for (int k = 0; k < 3; k++)
    {
      g_assert_true (find_bar (threads, k * WIDTH / 3, (k + 1) * WIDTH / 3, &boxes[k]));
      bar_extent (&boxes[k]);
    }
  /* throughput: threads twice sequential, so its bar reaches near the top;
   * the p99 and CPU bars of threads (2 × sequential's) as well */
  for (int k = 0; k < 3; k++)
    g_assert_cmpint (boxes[k].bottom - boxes[k].top, >, HEIGHT / 3);
}

/* Nothing to show: a message, no bars. */
static void
test_empty (void)
{
  LabModelStats stats[2] = {
    model_stats (LAB_MODEL_SEQUENTIAL, 1, 2.0, 0.0, 1, 0),
    model_stats (LAB_MODEL_THREADS, 2, 1.0, 0.1, 2, 0.2),
  };
  LabTestPixel threads = blend (&style.accent, 0.85);
  cairo_t *cr;

  cr = begin ();
  lab_chart_draw_comparison_wall (cr, NULL, 0, WIDTH, HEIGHT, &style);
  cairo_destroy (cr);
  save ("empty-1");
  g_assert_cmpuint (count_not_white (WIDTH / 4, HEIGHT / 2 - 12, 3 * WIDTH / 4, HEIGHT / 2 + 12), >, 20);
  g_assert_cmpuint (count_not_white (0, 0, WIDTH, HEIGHT / 3), ==, 0);

  /* runs, but none finished */
  stats[0].n_used = stats[1].n_used = 0;
  cr = begin ();
  lab_chart_draw_comparison_measures (cr, stats, 2, WIDTH, HEIGHT, &style);
  cairo_destroy (cr);
  save ("empty-2");
  g_assert_cmpuint (count_colour (threads), ==, 0);
  g_assert_cmpuint (count_not_white (WIDTH / 4, HEIGHT / 2 - 12, 3 * WIDTH / 4, HEIGHT / 2 + 12), >, 20);

  /* no sequential: no speedup bars, a message */
  stats[1].n_used = 3;
  stats[1].has_speedup = FALSE;
  cr = begin ();
  lab_chart_draw_comparison_speedup (cr, &stats[1], 1, WIDTH, HEIGHT, &style);
  cairo_destroy (cr);
  save ("empty-3");
  g_assert_cmpuint (count_colour (threads), ==, 0);
  g_assert_cmpuint (count_not_white (WIDTH / 4, HEIGHT / 2 - 12, 3 * WIDTH / 4, HEIGHT / 2 + 12), >, 20);
}

static void
sweep_model (LabSweepChartModel *model,
             gboolean            cpu)
{
  static const guint workers[] = { 1, 2, 4, 8 };
  static const double speedups[] = { 1, 1.8, 3.0, 4.2 };

  *model = (LabSweepChartModel) { 0 };
  model->n_points = G_N_ELEMENTS (workers);
  model->points = g_new0 (LabSweepPoint, model->n_points);
  model->cores = 4;
  model->cpu_work = cpu;
  for (guint i = 0; i < model->n_points; i++)
    {
      LabSweepPoint *p = &model->points[i];
      double t = 1000 * speedups[i];

      p->workers = workers[i];
      p->n_runs = p->n_used = 2;
      p->throughput_per_second = (LabStat) { 2, t, t * 0.05, t, t, t };
      p->latency_p99_ms = (LabStat) { 2, 5, 0.5, 5, 5, 5 };
      p->speedup = speedups[i];
      p->speedup_stddev = 0.1;
    }
  if (cpu)
    g_assert_true (lab_amdahl_fit (workers, speedups, model->n_points, &model->fit));
  else
    model->saturation_workers = 4;
}

/* A sweep: the points in the accent colour rising left to right, the
 * Amdahl curve (CPU) in the secondary colour; for I/O, the saturation. */
static void
test_sweep (void)
{
  LabSweepChartModel model;
  LabTestPixel accent = blend (&style.accent, 1);
  LabTestPixel secondary = blend (&style.secondary, 1);
  Box left, right;
  cairo_t *cr;

  sweep_model (&model, TRUE);
  g_assert_true (model.fit.valid);

  cr = begin ();
  lab_chart_draw_sweep_throughput (cr, &model, WIDTH, HEIGHT, &style);
  cairo_destroy (cr);
  save ("sweep-1");
  g_assert_true (find_box (accent, 60, WIDTH / 3, &left));
  g_assert_true (find_box (accent, 2 * WIDTH / 3, WIDTH, &right));
  g_assert_cmpint (right.top, <, left.top - 40);   /* throughput grows */

  cr = begin ();
  lab_chart_draw_sweep_speedup (cr, &model, WIDTH, HEIGHT, &style);
  cairo_destroy (cr);
  save ("sweep-2");
  g_assert_cmpuint (count_colour (secondary), >, 100);    /* the fitted curve */
  g_assert_cmpuint (count_colour (accent), >, 100);       /* the points */
  lab_sweep_chart_model_clear (&model);

  /* I/O: no fit, the saturation line and its label */
  sweep_model (&model, FALSE);
  cr = begin ();
  lab_chart_draw_sweep_speedup (cr, &model, WIDTH, HEIGHT, &style);
  cairo_destroy (cr);
  save ("sweep-3");
  g_assert_cmpuint (count_colour (secondary), <, 20);
  lab_sweep_chart_model_clear (&model);

  /* nothing measured: a message */
  model = (LabSweepChartModel) { 0 };
  cr = begin ();
  lab_chart_draw_sweep_latency (cr, &model, WIDTH, HEIGHT, &style);
  cairo_destroy (cr);
  save ("sweep-4");
  g_assert_cmpuint (count_colour (accent), ==, 0);
  g_assert_cmpuint (count_not_white (WIDTH / 4, HEIGHT / 2 - 12, 3 * WIDTH / 4, HEIGHT / 2 + 12), >, 20);
}

static LabTaskRecord
record (guint64 index,
        guint   worker,
        double  start_s,
        double  end_s)
{
  LabTaskRecord r = { 0 };

  r.index = index;
  r.worker = worker;
  r.start_us = (gint64) (start_s * 1e6);
  r.end_us = (gint64) (end_s * 1e6);
  r.status = LAB_TASK_OK;
  return r;
}

/* Two timelines on one time axis: a task of 1 s above, one of 0.5 s below,
 * half as wide. */
static void
test_stacked_timelines (void)
{
  g_autoptr(LabTimelineModel) slow = lab_timeline_model_new (1);
  g_autoptr(LabTimelineModel) fast = lab_timeline_model_new (2);
  LabTaskRecord a = record (0, 0, 0, 1.0);
  LabTaskRecord b[2] = { record (0, 0, 0, 0.5), record (1, 1, 0, 0.5) };
  const LabTimelineModel *models[] = { slow, fast };
  const char *labels[] = { "sequential", "threads" };
  LabTestPixel ok = blend (&style.status[LAB_TASK_OK], 1);
  int widest[2] = { 0, 0 }, rows[2] = { 0, 0 }, middle = -1;
  cairo_t *cr;

  lab_timeline_model_add_records (slow, &a, 1);
  lab_timeline_model_add_records (fast, b, 2);

  cr = begin ();
  lab_chart_draw_timelines (cr, models, labels, 2, WIDTH, HEIGHT, &style);
  cairo_destroy (cr);
  save ("stacked_timelines-1");

  /* rows with task bars, top to bottom: the first band's, then the second's */
  for (int y = 0; y < HEIGHT; y++)
    {
      int run = 0, best = 0;

      for (int x = 0; x < WIDTH; x++)
        {
          run = pixel_is (pixel_at (x, y), ok, 8) ? run + 1 : 0;
          best = MAX (best, run);
        }
      if (best < 20)
        {
          if (rows[0] > 0 && middle < 0)
            middle = y;
          continue;
        }
      widest[middle < 0 ? 0 : 1] = MAX (widest[middle < 0 ? 0 : 1], best);
      rows[middle < 0 ? 0 : 1]++;
    }

  g_assert_cmpint (rows[0], >, 0);
  g_assert_cmpint (rows[1], >, rows[0]);   /* two lanes against one */
  g_assert_cmpfloat (fabs ((double) widest[0] / widest[1] - 2.0), <, 0.1);

  /* none: a message */
  cr = begin ();
  lab_chart_draw_timelines (cr, NULL, NULL, 0, WIDTH, HEIGHT, &style);
  cairo_destroy (cr);
  save ("stacked_timelines-2");
  g_assert_cmpuint (count_not_white (WIDTH / 4, HEIGHT / 2 - 12, 3 * WIDTH / 4, HEIGHT / 2 + 12), >, 20);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  setup ();   /* the style, which the tests read before they draw */

  g_test_add_func ("/lab/charts/comparison/wall", test_wall_bars);
  g_test_add_func ("/lab/charts/comparison/speedup", test_speedup_ideal);
  g_test_add_func ("/lab/charts/comparison/measures", test_measures);
  g_test_add_func ("/lab/charts/comparison/empty", test_empty);
  g_test_add_func ("/lab/charts/sweep", test_sweep);
  g_test_add_func ("/lab/charts/timelines/stacked", test_stacked_timelines);

  status = g_test_run ();
  g_clear_pointer (&surface, cairo_surface_destroy);
  return status;
}
