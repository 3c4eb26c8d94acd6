/* test-executor.c: the engine contracts, in every model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-test-util.h"

/* 1000000007 × 1000000009: trial division needs ~5·10^8 divisions (seconds)
 * to find its factor, so a task on it runs until something stops it. */
#define HARD_NUMBER G_GUINT64_CONSTANT (1000000016000000063)

static LabConfig *
config_for (LabModel model,
            guint    workers)
{
  LabConfig *config = lab_config_new ();

  config->model = model;
  config->workers = workers;
  config->start = G_GUINT64_CONSTANT (1000000000000);
  config->count = 3000;
  return config;
}

/* Every task has exactly one record, indices 0..count-1, workers in range. */
static void
assert_records_complete (LabRun *run)
{
  const LabConfig *config = lab_run_get_config (run);
  g_autoptr(GArray) records = lab_run_dup_records_by_index (run);
  guint workers = lab_config_get_effective_workers (config);

  g_assert_cmpuint (records->len, ==, config->count);
  for (guint i = 0; i < records->len; i++)
    {
      const LabTaskRecord *r = &g_array_index (records, LabTaskRecord, i);

      g_assert_cmpuint (r->index, ==, i);
      g_assert_cmpint (r->end_us, >=, r->start_us);
      if (r->worker == LAB_WORKER_NONE)
        g_assert_cmpint (r->status, ==, LAB_TASK_CANCELLED);
      else
        g_assert_cmpuint (r->worker, <, workers);
    }
}

static void
test_primes_found (gconstpointer data)
{
  LabModel model = GPOINTER_TO_INT (data);
  g_autoptr(LabConfig) config = config_for (model, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = NULL;
  LabSummary summary;
  guint n_used = 0;
  const LabWorkerStats *workers;
  guint n_workers;

  run = lab_test_run (config, NULL, &error);
  g_assert_no_error (error);
  lab_run_get_summary (run, &summary);

  g_assert_cmpint (summary.state, ==, LAB_RUN_STATE_DONE);
  g_assert_cmpuint (summary.tasks_ok, ==, config->count);
  g_assert_cmpuint (summary.primes_found, ==, lab_test_count_primes (config->start, config->count));
  assert_records_complete (run);

  /* Every worker took part, and the records say which one ran what. */
  lab_run_lock (run);
  workers = lab_run_peek_workers (run, &n_workers);
  for (guint i = 0; i < n_workers; i++)
    n_used += workers[i].tasks > 0;
  lab_run_unlock (run);
  g_assert_cmpuint (n_workers, ==, lab_config_get_effective_workers (config));
  g_assert_cmpuint (n_used, ==, n_workers);

  g_assert_cmpfloat (summary.startup_seconds, >=, 0);
  g_assert_cmpfloat (summary.startup_seconds, <, summary.wall_seconds);
  g_assert_cmpfloat (summary.latency_ms.p50, <=, summary.latency_ms.p99);
  g_assert_cmpfloat (summary.latency_ms.p99, <=, summary.latency_ms.max);
}

static void
test_seed_example (gconstpointer data)
{
  LabModel model = GPOINTER_TO_INT (data);
  g_autoptr(LabConfig) config = config_for (model, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = NULL;
  g_autoptr(GArray) records = NULL;
  g_autofree guint8 *composite = lab_test_sieve (10000019, 10);
  LabSummary summary;

  config->start = 10000019;
  config->count = 10;
  run = lab_test_run (config, NULL, &error);
  g_assert_no_error (error);
  lab_run_get_summary (run, &summary);
  g_assert_cmpuint (summary.primes_found, ==, lab_test_count_primes (10000019, 10));

  records = lab_run_dup_records_by_index (run);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpint (g_array_index (records, LabTaskRecord, i).is_prime, ==, !composite[i]);
}

static void
test_concurrency (gconstpointer data)
{
  LabModel model = GPOINTER_TO_INT (data);
  g_autoptr(LabConfig) config = config_for (model, 4);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = NULL;
  LabSummary summary;

  /* More workers than cores: the model, not the machine, sets concurrency. */
  config->count = 2000;
  run = lab_test_run (config, NULL, &error);
  g_assert_no_error (error);
  lab_run_get_summary (run, &summary);

  g_assert_cmpuint (summary.max_concurrency, ==, model == LAB_MODEL_SEQUENTIAL ? 1 : 4);
  g_assert_cmpuint (summary.workers, ==, model == LAB_MODEL_SEQUENTIAL ? 1 : 4);
}

static void
test_timeout (gconstpointer data)
{
  LabModel model = GPOINTER_TO_INT (data);
  g_autoptr(LabConfig) config = config_for (model, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = NULL;
  g_autoptr(GArray) records = NULL;
  const LabTaskRecord *hard;
  LabSummary summary;

  config->start = HARD_NUMBER;
  config->count = 6;
  config->timeout = 50 * G_TIME_SPAN_MILLISECOND;
  run = lab_test_run (config, NULL, &error);
  g_assert_no_error (error);
  lab_run_get_summary (run, &summary);

  /* Timeouts end tasks, not the run. */
  g_assert_cmpint (summary.state, ==, LAB_RUN_STATE_DONE);
  g_assert_cmpuint (summary.tasks_timed_out, >=, 1);
  g_assert_cmpuint (summary.tasks_failed, ==, 0);
  g_assert_cmpuint (summary.tasks_ok + summary.tasks_timed_out, ==, config->count);

  records = lab_run_dup_records_by_index (run);
  hard = &g_array_index (records, LabTaskRecord, 0);
  g_assert_cmpint (hard->status, ==, LAB_TASK_TIMED_OUT);
  /* It ran about as long as its timeout: at least that, and far less than
   * the seconds it would have needed. */
  g_assert_cmpint (hard->end_us - hard->start_us, >=, config->timeout);
  g_assert_cmpint (hard->end_us - hard->start_us, <, 20 * config->timeout);
}

static void
test_deadline (gconstpointer data)
{
  LabModel model = GPOINTER_TO_INT (data);
  g_autoptr(LabConfig) config = config_for (model, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = NULL;
  LabSummary summary;

  /* Each of these tasks needs seconds; the run may take 200 ms. */
  config->start = HARD_NUMBER;
  config->count = 20;
  config->deadline = 200 * G_TIME_SPAN_MILLISECOND;
  run = lab_test_run (config, NULL, &error);
  /* The deadline ends a run on its own terms: not an error. */
  g_assert_no_error (error);
  lab_run_get_summary (run, &summary);

  g_assert_cmpint (summary.state, ==, LAB_RUN_STATE_DEADLINE_EXCEEDED);
  g_assert_cmpuint (summary.tasks_cancelled, >=, 1);
  g_assert_cmpuint (summary.tasks_ok + summary.tasks_cancelled, ==, config->count);
  g_assert_cmpfloat (summary.wall_seconds, >=, 0.2);
  g_assert_cmpfloat (summary.wall_seconds, <, 0.2 * 10);
  assert_records_complete (run);
}

static void
test_cancel (gconstpointer data)
{
  LabModel model = GPOINTER_TO_INT (data);
  g_autoptr(LabConfig) config = config_for (model, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = NULL;
  g_autoptr(GArray) records = NULL;
  LabSummary summary;
  guint64 ok = 0;

  /* Seconds of work in all; cancelled 150 ms into the task phase. */
  config->count = 100000;
  run = lab_test_run_and_cancel (config, 150, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  lab_run_get_summary (run, &summary);
  g_assert_cmpint (summary.state, ==, LAB_RUN_STATE_CANCELLED);
  assert_records_complete (run);

  /* The partial records are kept, and they add up. */
  records = lab_run_dup_records_by_index (run);
  for (guint i = 0; i < records->len; i++)
    ok += g_array_index (records, LabTaskRecord, i).status == LAB_TASK_OK;
  g_assert_cmpuint (ok, ==, summary.tasks_ok);
  g_assert_cmpuint (summary.tasks_ok, >=, 1);
  g_assert_cmpuint (summary.tasks_cancelled, >=, 1);
  g_assert_cmpuint (summary.tasks_ok + summary.tasks_cancelled, ==, config->count);
}

static void
test_cancel_running (gconstpointer data)
{
  LabModel model = GPOINTER_TO_INT (data);
  g_autoptr(LabConfig) config = config_for (model, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = NULL;
  g_autoptr(GArray) records = NULL;
  const LabTaskRecord *hard;
  LabSummary summary;

  /* The first task needs seconds: a cancel must cut it short. */
  config->start = HARD_NUMBER;
  config->count = 4;
  run = lab_test_run_and_cancel (config, 100, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  lab_run_get_summary (run, &summary);

  records = lab_run_dup_records_by_index (run);
  hard = &g_array_index (records, LabTaskRecord, 0);
  g_assert_cmpint (hard->status, ==, LAB_TASK_CANCELLED);
  g_assert_cmpuint (summary.tasks_ok + summary.tasks_cancelled, ==, config->count);
  /* Ended promptly after the cancel (100 ms into the task phase), far
   * sooner than the seconds of division a hard task needs. */
  g_assert_cmpfloat (summary.task_seconds, <, 1.0);
  assert_records_complete (run);
}

static void
test_no_leaks (gconstpointer data)
{
  LabModel model = GPOINTER_TO_INT (data);
  LabTestResources before;

  /* Warm up once: GLib's own singletons (type system, GIO) are not leaks. */
  {
    g_autoptr(LabConfig) config = config_for (model, 3);
    g_autoptr(LabRun) run = NULL;

    config->count = 100;
    run = lab_test_run (config, NULL, NULL);
  }

  lab_test_resources_take (&before);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(LabConfig) config = config_for (model, 3);
      g_autoptr(GError) error = NULL;
      g_autoptr(LabRun) run = NULL;

      config->count = 500;
      config->timeout = i == 1 ? 1000 : 0;
      run = lab_test_run (config, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (lab_run_is_finished (run));
    }
  lab_test_resources_assert_same (&before);
}

static void
test_gil (void)
{
  g_autoptr(LabConfig) config = config_for (LAB_MODEL_THREADS, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = NULL;
  const LabWorkerStats *workers;
  guint n_workers;
  LabSummary summary;

  config->simulate_gil = TRUE;
  config->count = 4000;
  run = lab_test_run (config, NULL, &error);
  g_assert_no_error (error);
  lab_run_get_summary (run, &summary);

  g_assert_cmpuint (summary.primes_found, ==, lab_test_count_primes (config->start, config->count));
  g_assert_cmpfloat (summary.gil_wait_seconds, >, 0);

  /* Only one thread computes at a time: about one core busy, not two. */
  g_assert_cmpfloat (summary.cpu_utilization, <, 1.35);

  /* Fair hand-over: each thread gets a real share of the work. */
  lab_run_lock (run);
  workers = lab_run_peek_workers (run, &n_workers);
  for (guint i = 0; i < n_workers; i++)
    g_assert_cmpuint (workers[i].tasks, >=, config->count / 5);
  lab_run_unlock (run);
}

static void
test_million (gconstpointer data)
{
  LabModel model = GPOINTER_TO_INT (data);
  g_autoptr(LabConfig) config = config_for (model, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = NULL;
  guint64 rss_before = lab_proc_get_rss ();
  guint64 peak;
  LabSummary summary;

  config->start = 0;
  config->count = 1000000;
  run = lab_test_run (config, NULL, &error);
  g_assert_no_error (error);
  lab_run_get_summary (run, &summary);
  peak = lab_proc_get_peak_rss ();

  g_assert_cmpint (summary.state, ==, LAB_RUN_STATE_DONE);
  g_assert_cmpuint (summary.tasks_ok, ==, 1000000);
  g_assert_cmpuint (summary.primes_found, ==, 78498);
  /* The records themselves are ~56 MB; queues must not add more than that.
   * (AddressSanitizer's own bookkeeping makes RSS meaningless there.) */
#ifndef __SANITIZE_ADDRESS__
  g_assert_cmpuint (peak - MIN (peak, rss_before), <, 1000000 * sizeof (LabTaskRecord) * 3 + 64 * 1024 * 1024);
#else
  (void) peak;
  (void) rss_before;
#endif
}

static void
test_async_loop_lag (void)
{
  g_autoptr(LabConfig) config = config_for (LAB_MODEL_ASYNC, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = NULL;
  LabSummary summary;

  config->count = 3000;
  run = lab_test_run (config, NULL, &error);
  g_assert_no_error (error);
  lab_run_get_summary (run, &summary);

  /* The loop measured itself, and slicing kept it responsive: its typical
   * lag is a fraction of the longest task (a prime near 10^12 takes
   * milliseconds of division; without slices, the loop would wait for a
   * whole task). The median, because a loaded machine preempts threads. */
  g_assert_cmpfloat (summary.loop_lag_max_ms, >, 0);
  g_assert_cmpfloat (summary.loop_lag_p50_ms, <, summary.latency_ms.max / 4);
  /* One loop thread: concurrency without parallelism. */
  g_assert_cmpfloat (summary.cpu_utilization, <, 1.5);
}

/* A thread of the app that is not the engine's (the window drawing its
 * charts) spins through a run: once excluded, its CPU is not the run's. */
typedef struct
{
  gint      stop;
  gint      started;
  pthread_t self;
} Spinner;

static gpointer
spin_thread (gpointer data)
{
  Spinner *spinner = data;
  volatile guint64 n = 0;

  spinner->self = pthread_self ();
  g_atomic_int_set (&spinner->started, 1);
  while (!g_atomic_int_get (&spinner->stop))
    n++;
  return NULL;
}

static void
test_exclude_thread_cpu (gconstpointer data)
{
  gboolean existing = GPOINTER_TO_INT (data);
  g_autoptr(LabConfig) config = config_for (LAB_MODEL_SEQUENTIAL, 1);
  g_autoptr(LabExecutor) executor = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = NULL;
  struct timespec ts;
  clockid_t clock;
  gint64 process_before, process_after, spin_before, spin_after;
  double run_cpu;
  Spinner spinner = { 0 };
  GThread *thread;
  LabSummary summary;

  config->count = 4000;
  executor = lab_executor_new_for_config (config, &error);
  g_assert_no_error (error);
  thread = g_thread_new ("spinner", spin_thread, &spinner);
  while (!g_atomic_int_get (&spinner.started))
    g_usleep (1000);
  g_assert_cmpint (pthread_getcpuclockid (spinner.self, &clock), ==, 0);

  run = lab_run_new (config);
  if (existing)
    lab_run_exclude_existing_threads (run);   /* the spinner, and this thread */
  else
    lab_run_exclude_thread_cpu (run, spinner.self);

  clock_gettime (clock, &ts);
  spin_before = (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
  process_before = lab_proc_get_self_cpu_time ();
  lab_executor_run (executor, run, NULL, &error);
  process_after = lab_proc_get_self_cpu_time ();
  clock_gettime (clock, &ts);
  spin_after = (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;

  g_atomic_int_set (&spinner.stop, 1);
  g_thread_join (thread);
  g_assert_no_error (error);

  lab_run_get_summary (run, &summary);
  run_cpu = summary.cpu_utilization * summary.wall_seconds * 1e6;
  g_test_message ("process %.3f s, spinner %.3f s, run %.3f s",
                  (process_after - process_before) / 1e6, (spin_after - spin_before) / 1e6, run_cpu / 1e6);
  if (spin_after - spin_before < 50000)
    {
      g_test_skip ("the spinning thread got too little CPU to tell");
      return;
    }
  /* The run's CPU is the process's less (most of) the spinner's. */
  g_assert_cmpfloat (run_cpu, <, (process_after - process_before) - 0.5 * (spin_after - spin_before));
  g_assert_cmpfloat (run_cpu, >, 0);
}

static void
add_model_tests (const char  *name,
                 GTestDataFunc func)
{
  for (LabModel model = 0; model < LAB_N_MODELS; model++)
    {
      g_autofree char *path = g_strdup_printf ("/lab/executor/%s/%s", lab_model_to_string (model), name);

      g_test_add_data_func (path, GINT_TO_POINTER (model), func);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_model_tests ("primes-found", test_primes_found);
  add_model_tests ("seed-example", test_seed_example);
  add_model_tests ("concurrency", test_concurrency);
  add_model_tests ("timeout", test_timeout);
  add_model_tests ("deadline", test_deadline);
  add_model_tests ("cancel", test_cancel);
  add_model_tests ("cancel-running", test_cancel_running);
  add_model_tests ("no-leaks", test_no_leaks);
  add_model_tests ("million", test_million);
  g_test_add_func ("/lab/executor/threads/gil", test_gil);
  g_test_add_func ("/lab/executor/async/loop-lag", test_async_loop_lag);
  g_test_add_data_func ("/lab/executor/exclude-thread-cpu", GINT_TO_POINTER (FALSE), test_exclude_thread_cpu);
  g_test_add_data_func ("/lab/executor/exclude-existing-threads", GINT_TO_POINTER (TRUE), test_exclude_thread_cpu);

  return g_test_run ();
}
