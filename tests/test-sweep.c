/* test-sweep.c: sweeps across worker counts, the Amdahl fit, the saturation
 * point, and a sweep's JSON written and read back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-error.h"
#include "lab-sweep-private.h"
#include "lab-test-util.h"

/* Amdahl's law: the speedup at n workers for serial fraction s. */
static double
amdahl (double s,
        guint  n)
{
  return 1.0 / (s + (1 - s) / n);
}

static void
test_amdahl_exact (void)
{
  const double fractions[] = { 0, 0.05, 0.3 };
  const guint workers[] = { 1, 2, 4, 8, 16 };

  for (guint f = 0; f < G_N_ELEMENTS (fractions); f++)
    {
      double speedups[G_N_ELEMENTS (workers)];
      LabAmdahlFit fit;

      for (guint i = 0; i < G_N_ELEMENTS (workers); i++)
        speedups[i] = amdahl (fractions[f], workers[i]);

      g_assert_true (lab_amdahl_fit (workers, speedups, G_N_ELEMENTS (workers), &fit));
      g_assert_true (fit.valid);
      g_assert_cmpfloat_with_epsilon (fit.serial_fraction, fractions[f], 1e-12);
      g_assert_cmpfloat (fit.serial_fraction_stddev, <, 1e-9);
      g_assert_cmpuint (fit.max_workers_fitted, ==, 16);
      if (fractions[f] > 0)
        g_assert_cmpfloat_with_epsilon (fit.max_speedup, 1 / fractions[f], 1e-9);
      else
        g_assert_true (isinf (fit.max_speedup));
    }
}

static void
test_amdahl_noise (void)
{
  const guint workers[] = { 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (6);
  double speedups[G_N_ELEMENTS (workers)];
  LabAmdahlFit fit;

  /* ±3 % of measurement noise on each speedup. */
  for (guint i = 0; i < G_N_ELEMENTS (workers); i++)
    speedups[i] = amdahl (0.1, workers[i]) * g_rand_double_range (rand, 0.97, 1.03);

  g_assert_true (lab_amdahl_fit (workers, speedups, G_N_ELEMENTS (workers), &fit));
  g_assert_cmpfloat (fabs (fit.serial_fraction - 0.1), <, 0.01);
  /* The error estimate is there, of the size of the error. */
  g_assert_true (isfinite (fit.serial_fraction_stddev));
  g_assert_cmpfloat (fit.serial_fraction_stddev, >, 0);
  g_assert_cmpfloat (fit.serial_fraction_stddev, <, 0.02);
  g_assert_cmpfloat (fabs (fit.serial_fraction - 0.1), <, 5 * fit.serial_fraction_stddev);
}

static void
test_amdahl_few_points (void)
{
  const guint one[] = { 1 }, two[] = { 1, 2 };
  const double one_speedup[] = { 1 }, two_speedups[] = { 1, amdahl (0.25, 2) };
  const double bad[] = { 1, NAN };
  LabAmdahlFit fit;

  /* One worker count: nothing to fit. */
  g_assert_false (lab_amdahl_fit (one, one_speedup, 1, &fit));
  g_assert_false (fit.valid);
  g_assert_false (lab_amdahl_fit (one, one_speedup, 0, &fit));
  g_assert_false (lab_amdahl_fit (two, bad, 2, &fit));

  /* 1 and 2: s exactly, and no error estimate. */
  g_assert_true (lab_amdahl_fit (two, two_speedups, 2, &fit));
  g_assert_cmpfloat_with_epsilon (fit.serial_fraction, 0.25, 1e-12);
  g_assert_true (isnan (fit.serial_fraction_stddev));
  g_assert_cmpfloat_with_epsilon (fit.max_speedup, 4, 1e-9);
}

/* A finished run with the given numbers, as a sweep keeps it. */
static void
add_fake_run (LabSweep   *sweep,
              guint       point,
              double      task_seconds,
              double      throughput,
              LabRunState state)
{
  LabSummary summary = { 0 };
  guint64 *counts = NULL;

  summary.state = state;
  summary.task_seconds = task_seconds;
  summary.startup_seconds = 0.01;
  summary.wall_seconds = task_seconds + 0.01;
  summary.throughput_per_second = throughput;
  summary.tasks_total = summary.tasks_ok = summary.tasks_recorded = 1000;
  summary.latency_ms.p99 = 2.5 * (point + 1);
  summary.workers = lab_sweep_get_point_workers (sweep, point);
  summary.cpu_utilization = 0.95 * MIN (summary.workers, lab_sweep_get_cores (sweep));
  if (lab_sweep_get_base (sweep)->workload == LAB_WORKLOAD_URL)
    {
      counts = g_new0 (guint64, LAB_HTTP_STATUS_MAX);
      counts[200] = 1000;
      summary.bytes_total = 12345;
    }
  lab_sweep_take_run (sweep, point, 1, &summary, counts,
                      state == LAB_RUN_STATE_FAILED ? g_strdup ("the pool could not start") : NULL);
}

static LabSweep *
fake_sweep (LabWorkloadKind  workload,
            const guint     *workers,
            guint            n,
            const double    *values,
            guint            cores)
{
  g_autoptr(LabConfig) base = lab_config_new ();
  LabSweep *sweep;

  base->workload = workload;
  base->model = workload == LAB_WORKLOAD_URL ? LAB_MODEL_ASYNC : LAB_MODEL_THREADS;
  base->count = 1000;
  sweep = lab_sweep_new (base, workers, n, 1);
  sweep->cores = cores;
  for (guint i = 0; i < n; i++)
    {
      if (workload == LAB_WORKLOAD_URL)
        add_fake_run (sweep, i, 1000 / values[i], values[i], LAB_RUN_STATE_DONE);
      else
        add_fake_run (sweep, i, values[i], 1000 / values[i], LAB_RUN_STATE_DONE);
    }
  return sweep;
}

static void
test_saturation (void)
{
  const guint workers[] = { 1, 2, 4, 8, 16 };
  const struct {
    double throughput[5];
    guint  n;
    guint  saturation;
  } cases[] = {
    { { 100, 200, 400, 430, 440 }, 5, 4 },   /* 8 gives 7.5 % more than 4 */
    { { 100, 200, 400, 800, 1600 }, 5, 0 },  /* still growing */
    { { 100, 200, 400 }, 3, 0 },
    { { 100, 105, 108, 109, 109 }, 5, 1 },   /* never paid */
    { { 100, 105, 300, 310, 312 }, 5, 4 },   /* a flat step before a jump is not the end */
    { { 100, 300, 250, 260, 500 }, 5, 0 },   /* a dip, then growth */
    { { 100 }, 1, 0 },                       /* one count: nothing to compare */
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(LabSweep) sweep = fake_sweep (LAB_WORKLOAD_URL, workers, cases[c].n, cases[c].throughput, 2);
      g_autofree char *text = lab_sweep_format_text (sweep);
      LabAmdahlFit fit;

      g_test_message ("case %u", c);
      g_assert_cmpuint (lab_sweep_get_saturation_workers (sweep), ==, cases[c].saturation);
      /* I/O work has no Amdahl fit. */
      lab_sweep_get_fit (sweep, &fit);
      g_assert_false (fit.valid);
      if (cases[c].saturation > 0)
        g_assert_nonnull (strstr (text, "stops paying"));
      else if (cases[c].n > 1)
        g_assert_nonnull (strstr (text, "still growing"));
    }

  /* CPU work has no saturation point. */
  {
    const double times[] = { 4, 2, 1 };
    g_autoptr(LabSweep) sweep = fake_sweep (LAB_WORKLOAD_PRIMES, workers, 3, times, 8);

    g_assert_cmpuint (lab_sweep_get_saturation_workers (sweep), ==, 0);
  }
}

static void
test_fit_from_sweep (void)
{
  const guint workers[] = { 8, 1, 4, 2, 2 };   /* unsorted, with a duplicate */
  const guint sorted[] = { 1, 2, 4, 8 };
  double times[4];
  g_autoptr(LabSweep) sweep = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  LabAmdahlFit fit;

  /* Four cores: 8 workers are limited by the cores, and run no faster than 4. */
  for (guint i = 0; i < 4; i++)
    times[i] = 10 / amdahl (0.2, MIN (sorted[i], 4));
  {
    g_autoptr(LabConfig) base = lab_config_new ();

    base->count = 1000;
    sweep = lab_sweep_new (base, workers, G_N_ELEMENTS (workers), 1);
  }
  g_assert_cmpuint (lab_sweep_get_n_points (sweep), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (lab_sweep_get_point_workers (sweep, i), ==, sorted[i]);
  sweep->cores = 4;
  for (guint i = 0; i < 4; i++)
    add_fake_run (sweep, i, times[i], 1000 / times[i], LAB_RUN_STATE_DONE);
  g_assert_true (lab_sweep_is_complete (sweep));

  lab_sweep_get_fit (sweep, &fit);
  g_assert_true (fit.valid);
  g_assert_cmpfloat_with_epsilon (fit.serial_fraction, 0.2, 1e-9);
  g_assert_cmpuint (fit.max_workers_fitted, ==, 4);
  g_assert_cmpfloat_with_epsilon (fit.max_speedup, 5, 1e-6);

  for (guint i = 0; i < 4; i++)
    {
      LabSweepPoint point;

      lab_sweep_get_point (sweep, i, &point);
      g_assert_cmpuint (point.workers, ==, sorted[i]);
      g_assert_cmpuint (point.n_runs, ==, 1);
      g_assert_cmpuint (point.n_used, ==, 1);
      g_assert_cmpfloat_with_epsilon (point.speedup, times[0] / times[i], 1e-9);
      g_assert_cmpfloat_with_epsilon (point.efficiency, point.speedup / sorted[i], 1e-9);
      g_assert_cmpfloat_with_epsilon (point.amdahl_speedup, amdahl (0.2, sorted[i]), 1e-9);
      g_assert_cmpfloat_with_epsilon (point.latency_p99_ms.mean, 2.5 * (i + 1), 1e-12);
    }

  /* No warning about the fit: it has an error estimate (from 2 and 4). */
  warnings = lab_sweep_dup_warnings (sweep);
  g_assert_cmpuint (warnings->len, ==, 0);

  {
    g_autofree char *text = lab_sweep_format_text (sweep);

    g_assert_nonnull (strstr (text, "s = 0.200"));
    g_assert_nonnull (strstr (text, "Counts above 4 are not fitted"));
  }
}

static gboolean
warnings_contain (GPtrArray  *warnings,
                  const char *text)
{
  for (guint i = 0; i < warnings->len; i++)
    if (strstr (g_ptr_array_index (warnings, i), text) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_fit_warnings (void)
{
  const guint from_two[] = { 2, 4 }, just_one[] = { 1, 4 }, pair[] = { 1, 2 };
  const double times[] = { 4, 2 };
  LabAmdahlFit fit;

  {
    /* Speedups against 2 workers are scaled by an assumption: no fit. */
    g_autoptr(LabSweep) sweep = fake_sweep (LAB_WORKLOAD_PRIMES, from_two, 2, times, 8);
    g_autoptr(GPtrArray) warnings = lab_sweep_dup_warnings (sweep);
    LabSweepPoint point;

    lab_sweep_get_fit (sweep, &fit);
    g_assert_false (fit.valid);
    g_assert_true (warnings_contain (warnings, "not 1"));
    lab_sweep_get_point (sweep, 0, &point);
    g_assert_cmpfloat (point.speedup, ==, 2);
    lab_sweep_get_point (sweep, 1, &point);
    g_assert_cmpfloat_with_epsilon (point.speedup, 4, 1e-12);
    g_assert_true (isnan (point.amdahl_speedup));
  }
  {
    /* 4 workers on 2 cores are not fitted: only 1 is left. */
    g_autoptr(LabSweep) sweep = fake_sweep (LAB_WORKLOAD_PRIMES, just_one, 2, times, 2);
    g_autoptr(GPtrArray) warnings = lab_sweep_dup_warnings (sweep);

    lab_sweep_get_fit (sweep, &fit);
    g_assert_false (fit.valid);
    g_assert_true (warnings_contain (warnings, "not fitted: it needs 1 worker and at least one larger count up to the 2 cores"));
  }
  {
    /* 1 and 2 on 2 cores: a fit, without an error estimate, said so. */
    g_autoptr(LabSweep) sweep = fake_sweep (LAB_WORKLOAD_PRIMES, pair, 2, times, 2);
    g_autoptr(GPtrArray) warnings = lab_sweep_dup_warnings (sweep);

    lab_sweep_get_fit (sweep, &fit);
    g_assert_true (fit.valid);
    g_assert_cmpfloat_with_epsilon (fit.serial_fraction, 0, 1e-12);
    g_assert_true (isnan (fit.serial_fraction_stddev));
    g_assert_true (warnings_contain (warnings, "no error estimate"));
  }
}

static void
test_contention (void)
{
  const guint workers[] = { 1, 2 };
  const double times[] = { 2, 1 };
  g_autoptr(LabSweep) quiet = fake_sweep (LAB_WORKLOAD_PRIMES, workers, 2, times, 2);
  g_autoptr(GPtrArray) quiet_warnings = lab_sweep_dup_warnings (quiet);
  g_autoptr(LabConfig) base = lab_config_new ();
  g_autoptr(LabSweep) loaded = NULL;
  g_autoptr(GPtrArray) warnings = NULL;

  g_assert_false (warnings_contain (quiet_warnings, "kept only"));

  /* Two workers on two cores that kept 0.8 of a core busy: another
   * program had the rest. */
  base->count = 1000;
  loaded = lab_sweep_new (base, workers, 2, 1);
  loaded->cores = 2;
  for (guint i = 0; i < 2; i++)
    {
      LabSummary summary = { 0 };

      summary.state = LAB_RUN_STATE_DONE;
      summary.task_seconds = summary.wall_seconds = times[i];
      summary.throughput_per_second = 1000 / times[i];
      summary.cpu_utilization = i == 0 ? 0.9 : 0.8;
      lab_sweep_take_run (loaded, i, 1, &summary, NULL, NULL);
    }
  warnings = lab_sweep_dup_warnings (loaded);
  g_assert_true (warnings_contain (warnings, "At 2 workers the runs kept only 0.80 cores busy of the 2 they could"));
}

static void
test_left_out_and_interrupted (void)
{
  const guint workers[] = { 1, 2 };
  g_autoptr(LabConfig) base = lab_config_new ();
  g_autoptr(LabSweep) sweep = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  LabSweepPoint point;

  sweep = lab_sweep_new (base, workers, 2, 2);
  add_fake_run (sweep, 0, 2, 500, LAB_RUN_STATE_DONE);
  add_fake_run (sweep, 1, 1, 1000, LAB_RUN_STATE_FAILED);
  add_fake_run (sweep, 0, 2, 500, LAB_RUN_STATE_DONE);
  g_assert_false (lab_sweep_is_complete (sweep));
  g_assert_cmpuint (lab_sweep_get_n_runs (sweep), ==, 3);

  lab_sweep_get_point (sweep, 1, &point);
  g_assert_cmpuint (point.n_runs, ==, 1);
  g_assert_cmpuint (point.n_used, ==, 0);
  g_assert_true (isnan (point.speedup));

  warnings = lab_sweep_dup_warnings (sweep);
  g_assert_true (warnings_contain (warnings, "interrupted after 3 of 4 runs"));
  g_assert_true (warnings_contain (warnings, "2 workers: 1 of 1 runs did not finish (the pool could not start)"));
}

/* Two real, small runs at each of 1 and 2 workers, interleaved. */
static LabSweep *
real_sweep (void)
{
  const guint workers[] = { 2, 1 };
  g_autoptr(LabConfig) base = lab_config_new ();
  LabSweep *sweep;

  base->model = LAB_MODEL_THREADS;
  base->count = 2000;
  sweep = lab_sweep_new (base, workers, 2, 2);
  for (guint rep = 0; rep < 2; rep++)
    for (guint i = 0; i < 2; i++)
      {
        g_autoptr(LabConfig) config = lab_sweep_dup_point_config (sweep, i);
        g_autoptr(GError) error = NULL;
        g_autoptr(LabRun) run = lab_test_run (config, NULL, &error);

        g_assert_no_error (error);
        g_assert_cmpuint (lab_run_get_config (run)->workers, ==, i + 1);
        lab_sweep_add_run (sweep, i, run);
      }
  return sweep;
}

static void
test_real_runs (void)
{
  g_autoptr(LabSweep) sweep = real_sweep ();
  g_autofree char *text = lab_sweep_format_text (sweep);
  g_autofree char *csv = lab_sweep_format_csv (sweep);
  g_autofree char *markdown = lab_sweep_format_markdown (sweep);
  g_auto(GStrv) csv_lines = NULL;
  guint table_rows = 0;

  g_assert_true (lab_sweep_is_complete (sweep));
  for (guint i = 0; i < 2; i++)
    {
      LabSweepPoint point;

      lab_sweep_get_point (sweep, i, &point);
      g_assert_cmpuint (point.workers, ==, i + 1);
      g_assert_cmpuint (point.n_runs, ==, 2);
      g_assert_cmpuint (point.n_used, ==, 2);
      g_assert_cmpuint (point.wall_seconds.n, ==, 2);
      g_assert_cmpfloat (point.task_seconds.mean, >, 0);
      g_assert_cmpfloat (point.task_seconds.mean, <=, point.wall_seconds.mean);
      g_assert_cmpfloat (point.throughput_per_second.mean, >, 0);
      g_assert_true (isfinite (point.latency_p99_ms.mean));
      g_assert_true (isfinite (point.speedup));
      g_assert_cmpfloat_with_epsilon (point.efficiency, point.speedup / point.workers, 1e-12);
      if (i == 0)
        g_assert_cmpfloat (point.speedup, ==, 1);
    }

  g_assert_nonnull (strstr (text, "Sweep: threads · primes · 2 000 tasks"));
  g_assert_nonnull (strstr (text, "workers 1, 2 · 2 runs each, interleaved"));
  g_assert_nonnull (strstr (text, "efficiency"));

  csv_lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (csv_lines), ==, 2 + 1 + 1);   /* header, 2 rows, the empty rest */
  g_assert_true (g_str_has_prefix (csv_lines[0], "model,workload,workers,"));
  g_assert_true (g_str_has_prefix (csv_lines[1], "threads,primes,1,2,2,"));
  g_assert_true (g_str_has_prefix (csv_lines[2], "threads,primes,2,2,2,"));

  {
    g_auto(GStrv) lines = g_strsplit (markdown, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      if (lines[i][0] == '|')
        table_rows++;
    g_assert_cmpuint (table_rows, ==, 2 + 2);   /* titles, alignment, two points */
    g_assert_nonnull (strstr (markdown, "| workers | runs |"));
  }
}

static char *
write_to_string (LabSweep *sweep)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (lab_sweep_write_json (sweep, stream, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (stream, "", 1, NULL, NULL, NULL));
  g_output_stream_close (stream, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
}

static LabSweep *
load_string (const char  *json,
             GError     **error)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (g_strdup (json), -1, g_free);

  return lab_sweep_load (stream, error);
}

/* @a and @b hold the same members and values, numbers within 1e-9 of each
 * other (relative). */
static void
assert_json_close (JsonNode   *a,
                   JsonNode   *b,
                   const char *path)
{
  if (JSON_NODE_HOLDS_OBJECT (a))
    {
      JsonObject *x = json_node_get_object (a);
      JsonObject *y;
      g_autoptr(GList) members = json_object_get_members (x);

      if (!JSON_NODE_HOLDS_OBJECT (b))
        g_error ("%s: an object, then not", path);
      y = json_node_get_object (b);
      g_assert_cmpuint (json_object_get_size (x), ==, json_object_get_size (y));
      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *child = g_strdup_printf ("%s.%s", path, (char *) l->data);

          if (!json_object_has_member (y, l->data))
            g_error ("%s: missing after loading", child);
          assert_json_close (json_object_get_member (x, l->data), json_object_get_member (y, l->data), child);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (a))
    {
      JsonArray *x = json_node_get_array (a);
      JsonArray *y;

      if (!JSON_NODE_HOLDS_ARRAY (b))
        g_error ("%s: an array, then not", path);
      y = json_node_get_array (b);
      g_assert_cmpuint (json_array_get_length (x), ==, json_array_get_length (y));
      for (guint i = 0; i < json_array_get_length (x); i++)
        {
          g_autofree char *child = g_strdup_printf ("%s[%u]", path, i);
          assert_json_close (json_array_get_element (x, i), json_array_get_element (y, i), child);
        }
    }
  else if (JSON_NODE_HOLDS_VALUE (a) && json_node_get_value_type (a) == G_TYPE_DOUBLE)
    {
      double x = json_node_get_double (a), y;

      if (!JSON_NODE_HOLDS_VALUE (b))
        g_error ("%s: a number, then not", path);
      y = json_node_get_double (b);
      if (fabs (x - y) > 1e-9 * MAX (fabs (x), fabs (y)))
        g_error ("%s: %.17g, then %.17g", path, x, y);
    }
  else if (!json_node_equal (a, b))
    g_error ("%s: %s, then %s", path, json_to_string (a, FALSE), json_to_string (b, FALSE));
}

static void
assert_round_trip (LabSweep *sweep)
{
  g_autofree char *json = write_to_string (sweep);
  g_autofree char *again = NULL;
  g_autofree char *text = NULL;
  g_autofree char *loaded_text = NULL;
  g_autoptr(LabSweep) loaded = NULL;
  g_autoptr(GError) error = NULL;
  LabAmdahlFit fit, loaded_fit;

  loaded = load_string (json, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);

  /* The same document: every run as it was, and the statistics, fit and
   * warnings derived again to the same values (to the last digits the
   * writer keeps of the runs' numbers). */
  again = write_to_string (loaded);
  {
    g_autoptr(JsonNode) a = json_from_string (json, NULL);
    g_autoptr(JsonNode) b = json_from_string (again, NULL);

    g_assert_nonnull (a);
    g_assert_nonnull (b);
    assert_json_close (a, b, "");
    g_assert_nonnull (strstr (again, strstr (json, "\"runs\": [")));
  }

  g_assert_cmpuint (lab_sweep_get_n_points (loaded), ==, lab_sweep_get_n_points (sweep));
  g_assert_cmpuint (lab_sweep_get_n_runs (loaded), ==, lab_sweep_get_n_runs (sweep));
  g_assert_cmpuint (lab_sweep_get_cores (loaded), ==, lab_sweep_get_cores (sweep));
  for (guint i = 0; i < lab_sweep_get_n_points (sweep); i++)
    {
      LabSweepPoint a, b;

      lab_sweep_get_point (sweep, i, &a);
      lab_sweep_get_point (loaded, i, &b);
      g_assert_cmpuint (a.workers, ==, b.workers);
      g_assert_cmpuint (a.n_used, ==, b.n_used);
      if (a.n_used == 0)
        continue;
      g_assert_cmpfloat_with_epsilon (a.wall_seconds.mean, b.wall_seconds.mean, 1e-12 * a.wall_seconds.mean);
      g_assert_cmpfloat_with_epsilon (a.throughput_per_second.mean, b.throughput_per_second.mean,
                                      1e-12 * a.throughput_per_second.mean);
    }
  lab_sweep_get_fit (sweep, &fit);
  lab_sweep_get_fit (loaded, &loaded_fit);
  g_assert_cmpint (fit.valid, ==, loaded_fit.valid);
  g_assert_cmpuint (lab_sweep_get_saturation_workers (sweep), ==, lab_sweep_get_saturation_workers (loaded));

  text = lab_sweep_format_text (sweep);
  loaded_text = lab_sweep_format_text (loaded);
  g_assert_cmpstr (text, ==, loaded_text);
}

static void
test_json_round_trip (void)
{
  const guint workers[] = { 1, 2, 4, 8 };
  const double throughput[] = { 100, 190, 350, 360 };
  g_autoptr(LabSweep) real = real_sweep ();
  g_autoptr(LabSweep) url = fake_sweep (LAB_WORKLOAD_URL, workers, 4, throughput, 2);
  g_autoptr(LabSweep) partial = NULL;

  assert_round_trip (real);
  assert_round_trip (url);

  /* An interrupted sweep, with a failed run. */
  {
    g_autoptr(LabConfig) base = lab_config_new ();

    base->count = 1000;
    partial = lab_sweep_new (base, workers, 4, 3);
    add_fake_run (partial, 0, 2, 500, LAB_RUN_STATE_DONE);
    add_fake_run (partial, 1, 1, 1000, LAB_RUN_STATE_FAILED);
    add_fake_run (partial, 2, 0.6, 1600, LAB_RUN_STATE_DONE);
  }
  assert_round_trip (partial);
}

/* Replaces the first @from in @json by @to. */
static char *
replace_once (const char *json,
              const char *from,
              const char *to)
{
  const char *at = strstr (json, from);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - json), json, to, at + strlen (from));
}

static void
test_json_malformed (void)
{
  const guint workers[] = { 1, 2, 4 };
  const double times[] = { 4, 2, 1.2 };
  g_autoptr(LabSweep) sweep = fake_sweep (LAB_WORKLOAD_PRIMES, workers, 3, times, 2);
  g_autofree char *json = write_to_string (sweep);
  const struct {
    const char *from, *to, *expected;
  } cases[] = {
    { "{", "[", "the document: expected a JSON object, found an array" },
    { "\"concurrency-lab-sweep\"", "\"concurrency-lab-comparison\"", "format: “concurrency-lab-comparison” is not a sweep" },
    { "\"version\": 1", "\"version\": 2", "version: 2 is newer" },
    { "\"version\": 1", "\"version\": \"1\"", "version: expected an integer" },
    { "\"created\": \"", "\"created\": \"yesterday", "created: " },
    { "\"cores\": 2", "\"cores\": 0", "environment.cores: 0 is out of range" },
    { "\"workers\": [1,2,4]", "\"workers\": [1,4,2]", "workers[2]: 2 does not follow 4" },
    { "\"workers\": [1,2,4]", "\"workers\": []", "workers: empty" },
    { "\"workers\": [1,2,4]", "\"workers\": [1,2,\"4\"]", "workers[2]: expected an integer" },
    { "\"runs_per_point\": 1", "\"runs_per_point\": 0", "runs_per_point: 0 is out of range" },
    { "\"runs_per_point\"", "\"runs_per_pint\"", "runs_per_point: missing" },
    { "\"model\": \"threads\",\n    \"workers\"", "\"model\": \"sequential\",\n    \"workers\"", "sweep of sequential" },
    { "\"model\": \"threads\"", "\"model\": \"async\"", "model: “async” where config.model is “threads”" },
    { "\"workload\": \"primes\"", "\"workload\": 7", "workload: expected a string" },
    { "\"wall_seconds\": 4.01", "\"wall_seconds\": \"4.01\"", "runs[0].summary.wall_seconds: expected a number, found a string" },
    { "\"state\": \"done\"", "\"state\": \"exploded\"", "runs[0].summary.state: “exploded” is not a state of a run" },
    { "\"p99\":2.5", "\"p99\":true", "runs[0].summary.latency_ms.p99: expected a number, found true" },
    { "\"primes_found\"", "\"primes_lost\"", "runs[0].summary.primes_found: missing" },
    { "\"repetition\": 1", "\"repetition\": 2", "runs[0].repetition: 2 is out of range" },
    { "\"summary\": {", "\"summary\": [", "not valid JSON at line" },
    { "\"runs\": [", "\"runs\": 7, \"x\": [", "runs: expected an array" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *broken = replace_once (json, cases[c].from, cases[c].to);
      g_autoptr(GError) error = NULL;
      g_autoptr(LabSweep) loaded = load_string (broken, &error);

      g_test_message ("case %u: %s", c, cases[c].expected);
      g_assert_null (loaded);
      g_assert_error (error, LAB_ERROR, LAB_ERROR_SNAPSHOT);
      if (strstr (error->message, cases[c].expected) == NULL)
        g_error ("case %u: “%s” does not contain “%s”", c, error->message, cases[c].expected);
    }

  /* A run at a worker count that is not a point; too many runs. */
  {
    g_autofree char *broken = replace_once (strstr (json, "\"runs\": ["), "\"workers\": 2,", "\"workers\": 3,");
    g_autofree char *whole = g_strdup_printf ("%.*s%s", (int) (strstr (json, "\"runs\": [") - json), json, broken);
    g_autoptr(GError) error = NULL;
    g_autoptr(LabSweep) loaded = load_string (whole, &error);

    g_assert_null (loaded);
    g_assert_error (error, LAB_ERROR, LAB_ERROR_SNAPSHOT);
    g_assert_nonnull (strstr (error->message, "runs[1]: workers: 3 is not one of the sweep's worker counts"));
  }
  {
    g_autofree char *broken = replace_once (json, "\"runs_per_point\": 1", "\"runs_per_point\": 1, \"x\": 0");
    g_autofree char *fewer = replace_once (broken, "\"workers\": [1,2,4]", "\"workers\": [1,2]");
    g_autoptr(GError) error = NULL;
    g_autoptr(LabSweep) loaded = load_string (fewer, &error);

    g_assert_null (loaded);
    g_assert_error (error, LAB_ERROR, LAB_ERROR_SNAPSHOT);
    g_assert_nonnull (strstr (error->message, "runs: 3 elements, more than 2"));
  }
}

/* Loading what is not a sweep ends in an error, never a crash: every
 * truncation, and thousands of bytes changed at random (run under
 * AddressSanitizer by the sanitizer build). */
static void
test_json_fuzz (void)
{
  const guint workers[] = { 1, 2, 4 };
  const double throughput[] = { 100, 180, 190 };
  const char *replacements[] = { "9", "-1", "1e308", "null", "\"x\"", "[", "{", "}", "]", ",", "\\", "\"" };
  g_autoptr(LabSweep) sweep = fake_sweep (LAB_WORKLOAD_URL, workers, 3, throughput, 2);
  g_autofree char *json = write_to_string (sweep);
  g_autoptr(GRand) rand = g_rand_new_with_seed (1212);
  gsize length = strlen (json);
  guint loaded = 0;

  /* Anything short of the closing brace (the newline after it is not needed). */
  for (gsize cut = 0; cut < length - 1; cut += 3)
    {
      g_autofree char *truncated = g_strndup (json, cut);
      g_autoptr(GError) error = NULL;
      g_autoptr(LabSweep) result = load_string (truncated, &error);

      g_assert_null (result);
      g_assert_error (error, LAB_ERROR, LAB_ERROR_SNAPSHOT);
    }

  for (guint i = 0; i < 3000; i++)
    {
      gsize at = g_rand_int_range (rand, 0, length);
      const char *with = replacements[g_rand_int_range (rand, 0, G_N_ELEMENTS (replacements))];
      g_autofree char *mutated = g_strdup_printf ("%.*s%s%s", (int) at, json, with, json + at + 1);
      g_autoptr(GError) error = NULL;
      g_autoptr(LabSweep) result = load_string (mutated, &error);

      /* Some changes leave a valid sweep (a digit for a digit). */
      if (result != NULL)
        {
          g_autofree char *text = lab_sweep_format_text (result);

          g_assert_no_error (error);
          g_assert_nonnull (text);
          loaded++;
        }
      else
        g_assert_error (error, LAB_ERROR, LAB_ERROR_SNAPSHOT);
    }
  g_test_message ("%u of 3000 mutations still loaded", loaded);

  /* Deep nesting is refused by depth, not by the stack. */
  {
    GString *deep = g_string_new ("{\"format\": ");
    g_autoptr(GError) error = NULL;
    g_autoptr(LabSweep) result = NULL;

    for (guint i = 0; i < 100000; i++)
      g_string_append_c (deep, '[');
    result = load_string (deep->str, &error);
    g_string_free (deep, TRUE);
    g_assert_null (result);
    g_assert_error (error, LAB_ERROR, LAB_ERROR_SNAPSHOT);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/sweep/amdahl/exact", test_amdahl_exact);
  g_test_add_func ("/lab/sweep/amdahl/noise", test_amdahl_noise);
  g_test_add_func ("/lab/sweep/amdahl/few-points", test_amdahl_few_points);
  g_test_add_func ("/lab/sweep/saturation", test_saturation);
  g_test_add_func ("/lab/sweep/fit", test_fit_from_sweep);
  g_test_add_func ("/lab/sweep/fit-warnings", test_fit_warnings);
  g_test_add_func ("/lab/sweep/contention", test_contention);
  g_test_add_func ("/lab/sweep/left-out", test_left_out_and_interrupted);
  g_test_add_func ("/lab/sweep/real-runs", test_real_runs);
  g_test_add_func ("/lab/sweep/json/round-trip", test_json_round_trip);
  g_test_add_func ("/lab/sweep/json/malformed", test_json_malformed);
  g_test_add_func ("/lab/sweep/json/fuzz", test_json_fuzz);

  return g_test_run ();
}
