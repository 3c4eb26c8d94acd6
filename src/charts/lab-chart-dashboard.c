/* lab-chart-dashboard.c
 *
 * The whole Run page in one image, laid out as the window lays it out: what
 * was run on top, throughput and in-flight side by side, the worker
 * timeline across, then latency beside the headline numbers. The timeline
 * gets the window's share of the height (more lanes, more room).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lab-chart-export-private.h"
#include "lab-format.h"
#include "lab-report.h"
#include "lab-snapshot.h"

#define MARGIN 12.0
#define GAP    12.0
#define CARD_PAD 12.0

/* The window's natural heights: 220 for a chart, 72 + 26 a lane for the
 * timeline (between 2 and 12 lanes). */
#define CHART_NATURAL 220.0

static double
timeline_weight (LabChartModels *models)
{
  guint lanes = lab_timeline_model_get_n_lanes (models->timeline);

  /* at most 1.5: the charts and the numbers below keep room to be read */
  return MIN ((72.0 + CLAMP (lanes, 2, 12) * 26.0) / CHART_NATURAL, 1.5);
}

static const char *
describe_state (LabRunState state)
{
  switch (state)
    {
    case LAB_RUN_STATE_DONE:              return _("done");
    case LAB_RUN_STATE_CANCELLED:         return _("cancelled; partial results");
    case LAB_RUN_STATE_DEADLINE_EXCEEDED: return _("deadline reached; partial results");
    case LAB_RUN_STATE_FAILED:            return _("failed");
    case LAB_RUN_STATE_READY:
    case LAB_RUN_STATE_STARTING:
    case LAB_RUN_STATE_RUNNING:
    default:                              return _("running");
    }
}

/* The summary card's rows: a label and its value. */
static GPtrArray *
summary_rows (LabRun *run)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *wall = NULL, *startup = NULL, *ok = NULL, *failed = NULL, *timed_out = NULL;
  g_autofree char *rate = NULL, *p50 = NULL, *p99 = NULL, *max = NULL, *cpu = NULL, *efficiency = NULL;
  LabSummary s;

  lab_run_get_summary (run, &s);
  wall = lab_format_seconds (s.wall_seconds);
  startup = lab_format_seconds (s.startup_seconds);
  ok = lab_format_grouped (s.tasks_ok);
  failed = lab_format_grouped (s.tasks_failed);
  timed_out = lab_format_grouped (s.tasks_timed_out);
  rate = lab_format_rate (s.throughput_per_second);
  p50 = lab_format_millis (s.latency_ms.p50);
  p99 = lab_format_millis (s.latency_ms.p99);
  max = lab_format_millis (s.latency_ms.max);
  cpu = lab_format_fixed (s.cpu_utilization, 2);
  efficiency = lab_format_percent (s.parallel_efficiency);

  g_ptr_array_add (rows, g_strdup (_("State")));
  g_ptr_array_add (rows, g_strdup (describe_state (s.state)));
  g_ptr_array_add (rows, g_strdup (_("Wall time")));
  g_ptr_array_add (rows, g_strdup_printf (_("%s (start-up %s)"), wall, startup));
  g_ptr_array_add (rows, g_strdup (_("Tasks")));
  g_ptr_array_add (rows, g_strdup_printf (_("%s ok · %s failed · %s timed out"), ok, failed, timed_out));
  if (s.tasks_cancelled > 0)
    {
      g_autofree char *cancelled = lab_format_grouped (s.tasks_cancelled);

      g_ptr_array_add (rows, g_strdup (_("Cancelled")));
      g_ptr_array_add (rows, g_strdup_printf (_("%s tasks"), cancelled));
    }
  g_ptr_array_add (rows, g_strdup (_("Throughput")));
  g_ptr_array_add (rows, g_strdup_printf (_("%s tasks/s"), rate));
  g_ptr_array_add (rows, g_strdup (_("Latency")));
  g_ptr_array_add (rows, g_strdup_printf (_("p50 %s · p99 %s · max %s"), p50, p99, max));
  g_ptr_array_add (rows, g_strdup (_("CPU")));
  g_ptr_array_add (rows, g_strdup_printf (_("%s cores busy · %s parallel efficiency"), cpu, efficiency));

  if (lab_run_get_config (run)->workload == LAB_WORKLOAD_PRIMES)
    {
      g_autofree char *primes = lab_format_grouped (s.primes_found);

      g_ptr_array_add (rows, g_strdup (_("Primes found")));
      g_ptr_array_add (rows, g_steal_pointer (&primes));
    }
  else
    {
      g_autofree char *bytes = lab_format_bytes (s.bytes_total);

      g_ptr_array_add (rows, g_strdup (_("Bytes")));
      g_ptr_array_add (rows, g_steal_pointer (&bytes));
    }
  if (s.gil_wait_seconds > 0)
    {
      g_autofree char *gil = lab_format_seconds (s.gil_wait_seconds);

      g_ptr_array_add (rows, g_strdup (_("GIL wait")));
      g_ptr_array_add (rows, g_strdup_printf (_("%s over all workers"), gil));
    }

  return rows;
}

static void
draw_summary (LabChartContext    *ctx,
              LabRun             *run,
              const LabChartRect *area)
{
  g_autoptr(GPtrArray) rows = summary_rows (run);
  double label_width = 0, y = area->y, spacing;

  for (guint i = 0; i < rows->len; i += 2)
    label_width = MAX (label_width, lab_chart_text_width (ctx, g_ptr_array_index (rows, i)));
  label_width = MIN (label_width + 2 * LAB_CHART_PAD, area->width / 2);
  /* roomy when there is room, tight rather than cut when there is not */
  spacing = CLAMP (area->height / (rows->len / 2), ctx->line_height, 1.5 * ctx->line_height);

  for (guint i = 0; i + 1 < rows->len && y + ctx->line_height <= area->y + area->height; i += 2)
    {
      lab_chart_draw_heading (ctx, g_ptr_array_index (rows, i), area->x, y, label_width, FALSE, 0.6);
      lab_chart_draw_heading (ctx, g_ptr_array_index (rows, i + 1), area->x + label_width, y,
                              area->width - label_width, FALSE, 1.0);
      y += spacing;
    }
}

/* A card with a heading; returns the rectangle left for its contents. */
static LabChartRect
draw_card (LabChartContext    *ctx,
           const LabChartRect *card,
           const char         *title)
{
  double heading;

  lab_chart_draw_card (ctx, card);
  heading = lab_chart_draw_heading (ctx, title, card->x + CARD_PAD, card->y + CARD_PAD,
                                    card->width - 2 * CARD_PAD, TRUE, 1.0);

  /* the window's chart margin-top: 6px */
  return (LabChartRect) {
    card->x + CARD_PAD,
    card->y + CARD_PAD + heading + LAB_CHART_PAD,
    MAX (1, card->width - 2 * CARD_PAD),
    MAX (1, card->height - 2 * CARD_PAD - heading - LAB_CHART_PAD),
  };
}

static void
draw_chart_card (LabChartContext     *ctx,
                 LabChartModels      *models,
                 LabChartKind         kind,
                 const LabChartRect  *card,
                 const LabChartStyle *chart_style)
{
  LabChartRect inner = draw_card (ctx, card, lab_chart_kind_get_title (kind));

  cairo_save (ctx->cr);
  cairo_rectangle (ctx->cr, card->x, card->y, card->width, card->height);
  cairo_clip (ctx->cr);
  cairo_translate (ctx->cr, inner.x, inner.y);
  lab_chart_models_draw (models, ctx->cr, kind, (int) inner.width, (int) inner.height, chart_style);
  cairo_restore (ctx->cr);
}

void
lab_chart_draw_dashboard (cairo_t             *cr,
                          LabRun              *run,
                          LabChartModels      *models,
                          int                  width,
                          int                  height,
                          const LabChartStyle *style)
{
  g_autofree char *describe = lab_report_describe_config (lab_run_get_config (run));
  g_autofree char *created = lab_snapshot_format_time (lab_run_get_created (run));
  g_autofree char *title = g_strdup_printf (_("Concurrency Lab · %s"), describe);
  LabChartStyle chart_style = *style;
  LabChartContext ctx;
  LabChartRect summary;
  double column, top, rows, unit, y;

  lab_chart_context_init (&ctx, cr, style);
  lab_chart_fill_background (&ctx, width, height);

  /* what was run, and when */
  top = MARGIN;
  top += lab_chart_draw_heading (&ctx, title, MARGIN, top, width - 2 * MARGIN, TRUE, 1.0);
  top += lab_chart_draw_heading (&ctx, created, MARGIN, top, width - 2 * MARGIN, FALSE, 0.6);
  top += GAP;

  /* the cards show through the charts, as in the window */
  chart_style.background.alpha = 0;
  column = MAX (1, (width - 2 * MARGIN - GAP) / 2);
  rows = MAX (1, height - top - MARGIN - 2 * GAP);
  unit = rows / (2 + timeline_weight (models));

  y = top;
  draw_chart_card (&ctx, models, LAB_CHART_THROUGHPUT,
                   &(LabChartRect) { MARGIN, y, column, unit }, &chart_style);
  draw_chart_card (&ctx, models, LAB_CHART_IN_FLIGHT,
                   &(LabChartRect) { MARGIN + column + GAP, y, column, unit }, &chart_style);
  y += unit + GAP;
  draw_chart_card (&ctx, models, LAB_CHART_TIMELINE,
                   &(LabChartRect) { MARGIN, y, 2 * column + GAP, unit * timeline_weight (models) }, &chart_style);
  y += unit * timeline_weight (models) + GAP;
  draw_chart_card (&ctx, models, LAB_CHART_LATENCY,
                   &(LabChartRect) { MARGIN, y, column, unit }, &chart_style);

  summary = draw_card (&ctx, &(LabChartRect) { MARGIN + column + GAP, y, column, unit }, _("Summary"));
  cairo_save (cr);
  cairo_rectangle (cr, summary.x, summary.y, summary.width, summary.height);
  cairo_clip (cr);
  draw_summary (&ctx, run, &summary);
  cairo_restore (cr);

  lab_chart_context_clear (&ctx);
}
