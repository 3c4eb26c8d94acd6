/* bench-snapshot.c: a snapshot of a 1 000 000-task run — exported as JSON
 * and CSV, loaded again, and each of its charts drawn as the window draws
 * them — measured against the targets of issue 6:
 *
 *   JSON export <= 3 s, load <= 3 s, CSV export <= 2 s, peak memory during
 *   export <= 2× the records' own size, each chart < 100 ms.
 *
 * Peak memory is the process's peak resident size while exporting (reset
 * through /proc/self/clear_refs), the run itself included; what the export
 * adds on top is printed too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "lab-bench-util.h"
#include "lab-chart-in-flight.h"
#include "lab-chart-latency.h"
#include "lab-chart-style.h"
#include "lab-chart-throughput.h"
#include "lab-chart-timeline.h"
#include "lab-report.h"
#include "lab-series-model.h"
#include "lab-snapshot.h"
#include "lab-snapshot-reader.h"
#include "lab-timeline-model.h"

#define COUNT       1000000
#define CHART_W     1200
#define CHART_H     300

static guint failures;

/* kB of a field of /proc/self/status ("VmHWM:", "VmRSS:") */
static gint64
read_status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  if ((line = strstr (status, field)) == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen (field), NULL, 10);
}

/* Resets the peak resident size to the current one. */
static gboolean
reset_peak (void)
{
  FILE *f = fopen ("/proc/self/clear_refs", "w");
  gboolean ok;

  if (f == NULL)
    return FALSE;
  ok = fputs ("5", f) >= 0;
  return fclose (f) == 0 && ok;
}

static void
report (const char *what,
        double      value,
        const char *unit,
        double      target)
{
  gboolean ok = value <= target;

  printf ("%-34s %10.3f %-3s (target <= %g %s) %s\n", what, value, unit, target, unit,
          ok ? "ok" : "OVER");
  failures += !ok;
}

typedef gboolean (*Writer) (LabRun *, GOutputStream *, GError **);

/* Writes @run with @writer to @path; returns seconds, the peak growth of
 * resident memory over what it was before, and the peak resident memory of
 * the whole process (run included), in bytes. */
static double
time_export (LabRun      *run,
             Writer       writer,
             const char  *path,
             gint64      *peak_growth,
             gint64      *peak_total)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  gboolean have_peak = reset_peak ();
  gint64 rss = read_status_kb ("VmRSS:");
  gint64 start = g_get_monotonic_time ();
  double seconds;

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (writer (run, G_OUTPUT_STREAM (stream), &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error));
  seconds = (g_get_monotonic_time () - start) / 1e6;

  if (peak_growth != NULL)
    *peak_growth = have_peak ? (read_status_kb ("VmHWM:") - rss) * 1024 : -1;
  if (peak_total != NULL)
    *peak_total = have_peak ? read_status_kb ("VmHWM:") * 1024 : -1;
  return seconds;
}

/* Builds the chart's model as the window does (lab-chart-view.c), draws it
 * on a 1200×300 image: milliseconds. */
static double
time_chart (LabRun     *run,
            const char *kind)
{
  const LabConfig *config = lab_run_get_config (run);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, CHART_W, CHART_H);
  cairo_t *cr = cairo_create (surface);
  LabChartStyle style;
  gint64 start;
  double ms;

  lab_chart_style_init (&style, FALSE);
  start = g_get_monotonic_time ();

  if (g_str_equal (kind, "throughput") || g_str_equal (kind, "in flight"))
    {
      LabSeriesModel series;

      lab_series_model_init (&series);
      series.workload = config->workload;
      series.workers = lab_config_get_effective_workers (config);
      lab_series_model_update (&series, run);
      if (kind[0] == 't')
        lab_chart_draw_throughput (cr, &series, CHART_W, CHART_H, &style);
      else
        lab_chart_draw_in_flight (cr, &series, CHART_W, CHART_H, &style);
      lab_series_model_clear (&series);
    }
  else if (g_str_equal (kind, "latency"))
    {
      LabHistogram *latency;

      lab_run_lock (run);
      latency = lab_histogram_copy (lab_run_peek_latency (run));
      lab_run_unlock (run);
      lab_chart_draw_latency (cr, latency, CHART_W, CHART_H, &style);
      lab_histogram_free (latency);
    }
  else
    {
      LabTimelineModel *timeline = lab_timeline_model_new (lab_config_get_effective_workers (config));

      lab_timeline_model_update (timeline, run);
      lab_chart_draw_timeline (cr, timeline, CHART_W, CHART_H, &style);
      lab_timeline_model_free (timeline);
    }

  cairo_surface_flush (surface);
  ms = (g_get_monotonic_time () - start) / 1e3;
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return ms;
}

int
main (int   argc,
      char *argv[])
{
  static const char *charts[] = { "throughput", "in flight", "latency", "timeline" };
  g_autoptr(LabConfig) config = lab_bench_config (LAB_MODEL_THREADS, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabExecutor) executor = NULL;
  g_autoptr(LabRun) run = NULL;
  g_autoptr(LabRun) loaded = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *again_path = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  double records_mb, json_s, csv_s, load_s;
  gint64 peak, total, start, size;
  gsize first_length, second_length;
  LabSummary summary;

  /* small numbers: the run is quick; the records are what is measured */
  config->start = 2;
  config->count = COUNT;
  executor = lab_executor_new_for_config (config, &error);
  g_assert_no_error (error);
  run = lab_run_new (config);
  start = g_get_monotonic_time ();
  lab_executor_run (executor, run, NULL, &error);
  g_assert_no_error (error);
  lab_run_get_summary (run, &summary);
  g_assert_cmpuint (summary.tasks_ok, ==, COUNT);
  printf ("a %d-task primes run (threads, 2 workers) in %.2f s\n", COUNT,
          (g_get_monotonic_time () - start) / 1e6);

  dir = g_dir_make_tmp ("lab-bench-snapshot-XXXXXX", &error);
  g_assert_no_error (error);
  json_path = g_build_filename (dir, "run.json", NULL);
  csv_path = g_build_filename (dir, "run.csv", NULL);
  again_path = g_build_filename (dir, "again.json", NULL);
  records_mb = COUNT * sizeof (LabTaskRecord) / 1e6;

  json_s = time_export (run, lab_snapshot_write, json_path, &peak, &total);
  g_assert_true (g_file_get_contents (json_path, &first, &first_length, NULL));
  size = first_length;
  printf ("snapshot: %.1f MB of JSON for %.1f MB of records\n", size / 1e6, records_mb);
  report ("JSON export", json_s, "s", 3);
  if (peak >= 0)
    {
      /* the whole process, the run's own records included */
      report ("peak memory during JSON export", total / 1e6 / records_mb, "×", 2);
      printf ("%-34s %10.3f ×   (over the memory before it)\n", "  of which the export's own", peak / 1e6 / records_mb);
    }
  g_clear_pointer (&first, g_free);

  csv_s = time_export (run, lab_report_write_csv, csv_path, &peak, &total);
  report ("CSV export", csv_s, "s", 2);
  if (peak >= 0)
    {
      report ("peak memory during CSV export", total / 1e6 / records_mb, "×", 2);
      printf ("%-34s %10.3f ×   (over the memory before it)\n", "  of which the export's own", peak / 1e6 / records_mb);
    }

  /* the run is closed before loading: the load's memory is its own */
  g_clear_object (&run);
  file = g_file_new_for_path (json_path);
  reset_peak ();
  {
    gint64 rss = read_status_kb ("VmRSS:");

    start = g_get_monotonic_time ();
    loaded = lab_snapshot_load_file (file, NULL, &error);
    load_s = (g_get_monotonic_time () - start) / 1e6;
    g_assert_no_error (error);
    g_assert_nonnull (loaded);
    report ("load", load_s, "s", 3);
    printf ("%-34s %10.3f ×   (of the records' size; for information)\n", "peak memory during load",
            (read_status_kb ("VmHWM:") - rss) * 1024 / 1e6 / records_mb);
  }

  /* the loaded run writes the same bytes */
  time_export (loaded, lab_snapshot_write, again_path, NULL, NULL);
  g_assert_true (g_file_get_contents (json_path, &first, &first_length, NULL));
  g_assert_true (g_file_get_contents (again_path, &second, &second_length, NULL));
  g_assert_cmpuint (first_length, ==, second_length);
  g_assert_true (memcmp (first, second, first_length) == 0);
  printf ("write(load(write(run))) == write(run): %zu bytes, identical\n", first_length);

  for (guint i = 0; i < G_N_ELEMENTS (charts); i++)
    {
      g_autofree char *what = g_strdup_printf ("chart: %s (%d×%d)", charts[i], CHART_W, CHART_H);

      time_chart (loaded, charts[i]);   /* warm: fonts, glyph caches */
      report (what, time_chart (loaded, charts[i]), "ms", 100);
    }

  g_unlink (json_path);
  g_unlink (csv_path);
  g_unlink (again_path);
  g_rmdir (dir);

  printf ("%s\n", failures == 0 ? "all targets met" : "some targets missed");
  return failures == 0 ? 0 : 1;
}
