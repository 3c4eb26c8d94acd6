/* lab-chart-timeline.c
 *
 * Per lane and pixel column, the model says how much time each status
 * covered. A pixel takes the colour of its strongest status (failures
 * weigh more, so one failed task among many stays visible), an opacity from
 * how busy it was, and runs of equal pixels become one rectangle. When tasks
 * are several pixels wide, a one-pixel gap marks where each starts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "lab-chart-private.h"
#include "lab-chart-timeline.h"
#include "lab-chart-timeline-private.h"

typedef struct
{
  LabChartKey      keys[LAB_TIMELINE_N_CHANNELS];
  guint            n_keys;
  double           units_y;
  LabTimelineLanes lanes;
  LabChartAxis     time;
} TimelineLayout;

static const double status_weight[LAB_N_TASK_STATUSES] = {
  [LAB_TASK_OK] = 1,
  [LAB_TASK_FAILED] = 8,
  [LAB_TASK_TIMED_OUT] = 8,
  [LAB_TASK_CANCELLED] = 0.5,
};

static char *
lane_label (guint lane)
{
  /* Translators: a worker lane of the timeline, short for "worker 3" */
  return g_strdup_printf (_("w%u"), lane);
}

guint
lab_timeline_legend_keys (LabChartContext               *ctx,
                          const LabTimelineModel *const *models,
                          guint                          n_models,
                          LabChartKey                   *keys)
{
  static const char *labels[LAB_TIMELINE_N_CHANNELS] = {
    N_("ok"), N_("failed"), N_("timed out"), N_("cancelled"), N_("waiting for the GIL"),
  };
  guint n_keys = 0;

  for (guint k = 0; k < LAB_TIMELINE_N_CHANNELS; k++)
    {
      const LabChartColor *color = k == LAB_TIMELINE_GIL_WAIT ? &ctx->style->gil_wait : &ctx->style->status[k];
      gboolean present = k == LAB_TIMELINE_OK;

      for (guint m = 0; m < n_models && !present; m++)
        present = lab_timeline_model_has_channel (models[m], k);
      if (present)
        keys[n_keys++] = (LabChartKey) { _(labels[k]), *color, LAB_CHART_KEY_BOX };
    }
  return n_keys;
}

double
lab_timeline_lanes_label_width (LabChartContext *ctx,
                                guint            n_lanes)
{
  g_autofree char *widest = lane_label (MAX (n_lanes, 1) - 1);

  return MAX (lab_chart_text_width (ctx, widest), lab_chart_text_width (ctx, _("worker")) / 2) + LAB_CHART_PAD;
}

void
lab_timeline_lanes_init (LabTimelineLanes *l,
                         guint             n_lanes,
                         double            x,
                         double            y,
                         double            width,
                         double            available,
                         double            max_lane_height,
                         double            end_s)
{
  *l = (LabTimelineLanes) { 0 };
  n_lanes = MAX (n_lanes, 1);
  available = MAX (1, available);

  if (n_lanes <= available)
    {
      l->n_rows = n_lanes;
      l->lanes_per_row = 1;
      l->row_height = MIN (max_lane_height, floor (available / n_lanes));
    }
  else
    {
      /* lanes thinner than a pixel share rows, which fill the height */
      l->lanes_per_row = (guint) ceil (n_lanes / floor (available));
      l->n_rows = (n_lanes + l->lanes_per_row - 1) / l->lanes_per_row;
      l->row_height = available / l->n_rows;
    }

  l->n_lanes = n_lanes;
  l->end_s = end_s;
  l->plot = (LabChartRect) { x, y, MAX (1, width), l->n_rows * l->row_height };
}

static void
timeline_layout (LabChartContext        *ctx,
                 const LabTimelineModel *model,
                 int                     width,
                 int                     height,
                 TimelineLayout         *l)
{
  guint n_lanes = lab_timeline_model_get_n_lanes (model);
  double left, top, bottom;

  *l = (TimelineLayout) { 0 };
  l->n_keys = lab_timeline_legend_keys (ctx, &model, 1, l->keys);

  l->units_y = LAB_CHART_PAD + lab_chart_legend_height (ctx, l->keys, l->n_keys, width - 2 * LAB_CHART_PAD) + 2;
  top = l->units_y + ctx->line_height + 2;
  bottom = height - ctx->line_height - LAB_CHART_PAD;
  left = LAB_CHART_PAD + lab_timeline_lanes_label_width (ctx, n_lanes);

  lab_chart_axis_init_exact (&l->time, 0, MAX (lab_timeline_model_get_end (model), 1000) / 1e6,
                             lab_chart_ticks_for_length (ctx, width - left - 2 * LAB_CHART_PAD, TRUE));
  lab_timeline_lanes_init (&l->lanes, n_lanes, left, top, width - left - 2 * LAB_CHART_PAD,
                           bottom - top, LAB_TIMELINE_MAX_LANE_HEIGHT, l->time.max);
}

typedef struct
{
  int    x0;
  int    status;   /* -1: nothing */
  int    alpha_q;  /* sixteenths */
  int    gil_q;    /* eighths of the bar */
} Run;

/* Rectangles are gathered per colour and filled with one path each: far
 * cheaper than a fill per bar when there are thousands. */
#define N_ALPHAS  17
#define GIL_BATCH (LAB_N_TASK_STATUSES * N_ALPHAS)
#define N_BATCHES (GIL_BATCH + 1)

typedef struct
{
  GArray *rects[N_BATCHES];   /* cairo_rectangle_t */
} Batches;

static void
batch_add (Batches *batches,
           guint    batch,
           double   x,
           double   y,
           double   width,
           double   height)
{
  cairo_rectangle_t rect = { x, y, width, height };

  if (batches->rects[batch] == NULL)
    batches->rects[batch] = g_array_new (FALSE, FALSE, sizeof (cairo_rectangle_t));
  g_array_append_val (batches->rects[batch], rect);
}

static void
batches_fill (LabChartContext *ctx,
              Batches         *batches)
{
  cairo_t *cr = ctx->cr;

  for (guint batch = 0; batch < N_BATCHES; batch++)
    {
      GArray *rects = batches->rects[batch];

      if (rects == NULL)
        continue;

      if (batch == GIL_BATCH)
        lab_chart_set_color (cr, &ctx->style->gil_wait, 1.0);
      else
        lab_chart_set_color (cr, &ctx->style->status[batch / N_ALPHAS], (batch % N_ALPHAS) / 16.0);

      for (guint i = 0; i < rects->len; i++)
        {
          const cairo_rectangle_t *r = &g_array_index (rects, cairo_rectangle_t, i);
          cairo_rectangle (cr, r->x, r->y, r->width, r->height);
        }
      cairo_fill (cr);
      g_clear_pointer (&batches->rects[batch], g_array_unref);
    }
}

static void
flush_run (Batches   *batches,
           const Run *run,
           int        x1,
           double     plot_x,
           double     y,
           double     bar_height)
{
  double gil_height, x, w;

  if (run->status < 0 || x1 <= run->x0)
    return;

  x = plot_x + run->x0;
  w = x1 - run->x0;
  gil_height = round (bar_height * run->gil_q / 8.0);

  if (bar_height - gil_height > 0)
    batch_add (batches, run->status * N_ALPHAS + run->alpha_q, x, y + gil_height, w, bar_height - gil_height);
  if (gil_height > 0)
    batch_add (batches, GIL_BATCH, x, y, w, gil_height);
}

static void
draw_row (LabChartContext        *ctx,
          Batches                *batches,
          const LabTimelineModel *model,
          const LabTimelineLanes *l,
          guint                   row,
          double                 *cover,    /* width × channels, scratch */
          guint                  *starts)   /* width, scratch */
{
  guint first = row * l->lanes_per_row;
  guint last = MIN (first + l->lanes_per_row, lab_timeline_model_get_n_lanes (model));
  int width = (int) l->plot.width;
  double t_span = l->end_s * 1e6;
  double pixel_us = t_span / width;
  double y = l->plot.y + row * l->row_height;
  double bar_height = l->row_height >= 6 ? l->row_height - 2 : l->row_height;
  double busy = 0, tasks = 0, busy_pixels;
  gboolean mark_starts;
  Run run = { 0, -1, 0, 0 };

  if (l->row_height >= 6)
    y += 1;

  for (guint lane = first; lane < last; lane++)
    {
      busy += lab_timeline_model_get_lane_busy (model, lane);
      tasks += lab_timeline_model_get_lane_tasks (model, lane);
    }
  if (tasks == 0)
    return;

  memset (cover, 0, sizeof (double) * width * LAB_TIMELINE_N_CHANNELS);
  memset (starts, 0, sizeof (guint) * width);
  for (guint lane = first; lane < last; lane++)
    lab_timeline_model_sample_lane (model, lane, 0, pixel_us, width, cover, starts);

  /* gaps between tasks only where a task is a few pixels wide on average */
  busy_pixels = busy / pixel_us;
  mark_starts = l->lanes_per_row == 1 && busy_pixels / tasks >= 4;

  for (int px = 0; px <= width; px++)
    {
      const double *here_cover = &cover[(gsize) MIN (px, width - 1) * LAB_TIMELINE_N_CHANNELS];
      double total = 0, best = 0, share;
      guint here_starts = px < width ? starts[px] : 0;
      Run here = { px, -1, 0, 0 };

      for (guint s = 0; px < width && s < LAB_N_TASK_STATUSES; s++)
        {
          total += here_cover[s];
          if (here_cover[s] > 0 && here_cover[s] * status_weight[s] > best)
            {
              best = here_cover[s] * status_weight[s];
              here.status = s;
            }
        }

      if (here.status >= 0)
        {
          /* four shades of busy, so neighbouring pixels merge into one bar */
          share = MIN (1.0, total / (pixel_us * (last - first)));
          share = MAX (0.25, ceil (share * 4 - 0.5) / 4);
          here.alpha_q = (int) round ((0.3 + 0.7 * share) * 16);
          here.gil_q = (int) CLAMP (round (here_cover[LAB_TIMELINE_GIL_WAIT] / total * 8), 0, 8);
          if (ctx->style->high_contrast)
            here.alpha_q = 16;
        }

      if (here.status != run.status || here.alpha_q != run.alpha_q || here.gil_q != run.gil_q ||
          (mark_starts && here_starts > 0 && here.status >= 0))
        {
          gboolean after_another = run.status >= 0;

          flush_run (batches, &run, px, l->plot.x, y, bar_height);
          run = here;
          /* leave a pixel free where a task begins right after another */
          if (mark_starts && here_starts > 0 && here.status >= 0 && after_another)
            run.x0 = px + 1;
        }
    }
}

void
lab_timeline_lanes_draw (LabChartContext        *ctx,
                         const LabTimelineModel *model,
                         const LabTimelineLanes *l)
{
  cairo_t *cr = ctx->cr;
  g_autofree double *cover = NULL;
  g_autofree guint *starts = NULL;
  Batches batches = { { NULL } };
  guint label_every;

  /* lane labels: all of them when they fit, else every few */
  label_every = (guint) MAX (1, ceil (ctx->line_height / l->row_height));
  for (guint row = 0; row < l->n_rows; row += label_every)
    {
      g_autofree char *label = lane_label (row * l->lanes_per_row);
      lab_chart_draw_text (ctx, label, l->plot.x - LAB_CHART_PAD,
                           l->plot.y + (row + 0.5) * l->row_height, 1, 0.5, 0.7);
    }

  /* alternate lanes lightly, so neighbours are told apart */
  if (l->row_height >= 4)
    {
      cairo_save (cr);
      lab_chart_set_color (cr, &ctx->style->foreground, 0.04);
      for (guint row = 1; row < l->n_rows; row += 2)
        cairo_rectangle (cr, l->plot.x, l->plot.y + row * l->row_height, l->plot.width, l->row_height);
      cairo_fill (cr);
      cairo_restore (cr);
    }

  cover = g_new (double, (gsize) l->plot.width * LAB_TIMELINE_N_CHANNELS + LAB_TIMELINE_N_CHANNELS);
  starts = g_new (guint, (gsize) l->plot.width + 1);
  cairo_save (cr);
  cairo_rectangle (cr, l->plot.x, l->plot.y, l->plot.width, l->plot.height);
  cairo_clip (cr);
  for (guint row = 0; row < l->n_rows; row++)
    draw_row (ctx, &batches, model, l, row, cover, starts);
  batches_fill (ctx, &batches);
  cairo_restore (cr);
}

void
lab_chart_draw_timeline (cairo_t                *cr,
                         const LabTimelineModel *model,
                         int                     width,
                         int                     height,
                         const LabChartStyle    *style)
{
  LabChartContext ctx;
  TimelineLayout l;

  g_return_if_fail (cr != NULL && model != NULL && style != NULL);

  lab_chart_context_init (&ctx, cr, style);
  lab_chart_fill_background (&ctx, width, height);
  timeline_layout (&ctx, model, width, height, &l);

  lab_chart_draw_legend (&ctx, l.keys, l.n_keys, LAB_CHART_PAD, LAB_CHART_PAD, width - 2 * LAB_CHART_PAD);
  lab_chart_draw_text (&ctx, _("worker"), LAB_CHART_PAD, l.units_y, 0, 0, 0.7);

  lab_chart_draw_time_axis (&ctx, &l.lanes.plot, &l.time);
  lab_timeline_lanes_draw (&ctx, model, &l.lanes);
  lab_chart_draw_frame (&ctx, &l.lanes.plot);

  if (lab_timeline_model_get_n_tasks (model) == 0)
    lab_chart_draw_message (&ctx, &l.lanes.plot, _("No tasks have ended yet"));

  lab_chart_context_clear (&ctx);
}

gboolean
lab_chart_timeline_hit (const LabTimelineModel *model,
                        int                     width,
                        int                     height,
                        const LabChartStyle    *style,
                        double                  x,
                        double                  y,
                        guint                  *lane,
                        gint64                 *at_us,
                        gint64                 *pixel_us)
{
  LabChartContext ctx;
  TimelineLayout l;
  cairo_t *cr;
  guint row;

  g_return_val_if_fail (model != NULL && style != NULL, FALSE);

  cr = lab_chart_measure_cairo_new ();
  lab_chart_context_init (&ctx, cr, style);
  timeline_layout (&ctx, model, width, height, &l);
  lab_chart_context_clear (&ctx);
  cairo_destroy (cr);

  if (x < l.lanes.plot.x || x >= l.lanes.plot.x + l.lanes.plot.width ||
      y < l.lanes.plot.y || y >= l.lanes.plot.y + l.lanes.plot.height)
    return FALSE;

  row = (guint) ((y - l.lanes.plot.y) / l.lanes.row_height);
  *lane = MIN (row * l.lanes.lanes_per_row, lab_timeline_model_get_n_lanes (model) - 1);
  *at_us = (gint64) ((x - l.lanes.plot.x) / l.lanes.plot.width * l.time.max * 1e6);
  *pixel_us = (gint64) ceil (l.time.max * 1e6 / l.lanes.plot.width);

  return TRUE;
}

const LabTaskRecord *
lab_chart_timeline_find_task (const LabTaskRecord *records,
                              gsize                n_records,
                              guint                lane,
                              gint64               at_us,
                              gint64               tolerance_us)
{
  const LabTaskRecord *best = NULL;
  gint64 best_distance = G_MAXINT64;

  for (gsize i = 0; i < n_records; i++)
    {
      const LabTaskRecord *r = &records[i];
      gint64 distance;

      if (r->worker != lane)
        continue;

      if (at_us < r->start_us)
        distance = r->start_us - at_us;
      else if (at_us > r->end_us)
        distance = at_us - r->end_us;
      else
        distance = 0;

      if (distance <= tolerance_us && distance < best_distance)
        {
          best = r;
          best_distance = distance;
          if (distance == 0)
            break;
        }
    }

  return best;
}
