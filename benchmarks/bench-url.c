/* bench-url.c: the I/O-bound workload against the lab server
 *
 * - I/O efficiency: 200 tasks × 200 ms delay, 50 workers; ideal wall
 *   (200 × 0.2 s / 50 = 0.8 s) over the measured task phase, per model.
 * - Request rate, delay 0 and 1 KiB bodies, 16 workers: async and threads
 *   against Python's ThreadPoolExecutor + urllib.request on the same server
 *   and count, with wrk's rate on the same server as the ceiling.
 * - One libsoup session shared by the threads vs one per thread (the
 *   workload's LAB_URL_SESSIONS switch).
 * - A thousand delayed requests in flight at once (async).
 *
 * Prints ratios measured in this one run (best of a few runs each).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-bench-util.h"
#include "lab-lab-server.h"

#define RATE_WORKERS 16
#define RATE_COUNT   20000

static LabLabServer *server;

static LabConfig *
url_config (LabModel    model,
            guint       workers,
            guint64     count,
            const char *query)
{
  LabConfig *config = lab_bench_config (model, workers);

  config->workload = LAB_WORKLOAD_URL;
  config->count = count;
  config->urls = g_new0 (char *, 2);
  config->urls[0] = lab_lab_server_dup_work_url (server, query);
  return config;
}

/* Like lab_bench_best_of(), but FALSE when the model cannot run in this
 * build (the process model still being written). */
static gboolean
best_of (const LabConfig *config,
         guint            repeats,
         LabSummary      *best)
{
  for (guint i = 0; i < repeats; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LabExecutor) executor = lab_executor_new_for_config (config, &error);
      g_autoptr(LabRun) run = NULL;
      LabSummary summary;

      g_assert_no_error (error);
      run = lab_run_new (config);
      if (!lab_executor_run (executor, run, NULL, &error))
        {
          printf ("  %s: cannot run here (%s)\n", lab_model_to_string (config->model), error->message);
          return FALSE;
        }
      lab_run_get_summary (run, &summary);
      if (summary.tasks_ok != config->count)
        g_error ("%s: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " requests ok",
                 lab_model_to_string (config->model), summary.tasks_ok, config->count);
      if (i == 0 || summary.task_seconds < best->task_seconds)
        *best = summary;
    }
  return TRUE;
}

static void
io_efficiency (void)
{
  static const LabModel models[] = { LAB_MODEL_THREADS, LAB_MODEL_PROCESSES, LAB_MODEL_ASYNC };
  const double ideal = 200 * 0.2 / 50;

  printf ("I/O efficiency: 200 tasks x 200 ms delay, 50 workers; ideal wall %.1f s, best of 3:\n", ideal);
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      g_autoptr(LabConfig) config = url_config (models[i], 50, 200, "delay=200ms&size=1024");
      g_autofree char *label = NULL;
      LabSummary s;

      if (!best_of (config, 3, &s))
        continue;
      label = g_strdup_printf ("%s: ideal / task phase (%.3f s, start-up %.3f s)",
                               lab_model_to_string (models[i]), s.task_seconds, s.startup_seconds);
      lab_bench_verdict (label, ideal / s.task_seconds, ">=", 0.9);
    }
}

static const char python_rate[] =
  "import time, urllib.request, concurrent.futures as cf\n"
  "URL, N, W = '%s', %u, %u\n"
  "def get(i):\n"
  "    with urllib.request.urlopen(URL) as r:\n"
  "        return len(r.read())\n"
  "with cf.ThreadPoolExecutor(max_workers=W) as ex:\n"
  "    list(ex.map(get, range(W)))\n"
  "    t = time.perf_counter(); total = sum(ex.map(get, range(N))); wall = time.perf_counter() - t\n"
  "assert total == N * 1024, total\n"
  "print(N / wall)\n";

/* wrk's Requests/sec on @url with @connections, or 0 when wrk is missing. */
static double
wrk_rate (const char *url,
          guint       connections)
{
  g_autofree char *path = g_find_program_in_path ("wrk");
  g_autofree char *conns = g_strdup_printf ("-c%u", connections);
  const char *argv[] = { "wrk", "-t2", conns, "-d3s", url, NULL };
  g_autofree char *out = NULL;
  const char *line;
  int status;

  if (path == NULL)
    return 0;
  argv[0] = path;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL) ||
      (line = strstr (out, "Requests/sec:")) == NULL)
    return 0;

  return g_ascii_strtod (line + strlen ("Requests/sec:"), NULL);
}

static double
rate_of (LabModel    model,
         const char *sessions)
{
  g_autoptr(LabConfig) config = url_config (model, RATE_WORKERS, RATE_COUNT, "size=1024");
  LabSummary s;

  if (sessions != NULL)
    g_setenv ("LAB_URL_SESSIONS", sessions, TRUE);
  else
    g_unsetenv ("LAB_URL_SESSIONS");

  if (!best_of (config, 3, &s))
    return 0;
  g_assert_cmpuint (s.bytes_total, ==, RATE_COUNT * 1024);
  return s.tasks_ok / s.task_seconds;
}

static void
request_rate (void)
{
  g_autofree char *url = lab_lab_server_dup_work_url (server, "size=1024");
  g_autofree char *script = NULL;
  g_autofree char *python = NULL;
  double async, threads, py = 0, wrk;

  printf ("Request rate: delay 0, 1 KiB bodies, %u workers, %u requests, best of 3:\n",
          RATE_WORKERS, RATE_COUNT);

  async = rate_of (LAB_MODEL_ASYNC, NULL);
  threads = rate_of (LAB_MODEL_THREADS, NULL);
  printf ("  %-58s %10.0f\n", "async (requests/s)", async);
  printf ("  %-58s %10.0f\n", "threads (requests/s)", threads);

  /* Python is slower: a quarter of the count is plenty. */
  script = g_strdup_printf (python_rate, url, RATE_COUNT / 4, RATE_WORKERS);
  python = lab_bench_python (script);
  if (python != NULL)
    {
      py = g_ascii_strtod (python, NULL);
      printf ("  %-58s %10.0f\n", "Python ThreadPoolExecutor + urllib.request (requests/s)", py);
      lab_bench_verdict ("async / Python", async / py, ">=", 3.0);
      lab_bench_verdict ("threads / Python", threads / py, ">=", 3.0);
    }

  wrk = wrk_rate (url, RATE_WORKERS);
  if (wrk > 0)
    printf ("  %-58s %10.0f\n", "wrk, same server, 16 connections (the ceiling)", wrk);
  else
    printf ("  (wrk not installed: apt-get install wrk for the ceiling)\n");
}

static void
sessions (void)
{
  double shared_seq, own_seq, shared_threads, own_threads;

  printf ("Sync sessions: one shared by all workers vs one per worker (%u requests, best of 3):\n",
          RATE_COUNT);
  shared_threads = rate_of (LAB_MODEL_THREADS, "shared");
  own_threads = rate_of (LAB_MODEL_THREADS, "per-worker");
  shared_seq = rate_of (LAB_MODEL_SEQUENTIAL, "shared");
  own_seq = rate_of (LAB_MODEL_SEQUENTIAL, "per-worker");
  g_unsetenv ("LAB_URL_SESSIONS");

  printf ("  %-58s %10.0f\n", "threads, 16 workers, shared session (requests/s)", shared_threads);
  printf ("  %-58s %10.0f\n", "threads, 16 workers, session per worker (requests/s)", own_threads);
  printf ("  %-58s %10.3f\n", "per worker / shared", own_threads / shared_threads);
  printf ("  %-58s %10.0f\n", "sequential, shared session (requests/s)", shared_seq);
  printf ("  %-58s %10.0f\n", "sequential, session per worker (requests/s)", own_seq);
}

static void
thousand_in_flight (void)
{
  g_autoptr(LabConfig) config = url_config (LAB_MODEL_ASYNC, 1000, 1000, "delay=500ms&size=512");
  LabSummary s;

  printf ("A thousand delayed requests at once: async, 1000 in flight, 500 ms each, best of 3:\n");
  if (!best_of (config, 3, &s))
    return;
  printf ("  %-58s %10.3f\n", "task phase (s)", s.task_seconds);
  printf ("  %-58s %10.2f\n", "task phase in delays (1 = ideal; 1000 = one at a time)", s.task_seconds / 0.5);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  server = lab_lab_server_new (0);
  if (!lab_lab_server_start (server, &error))
    g_error ("%s", error->message);

  printf ("Lab server %s, %u cores\n", lab_lab_server_get_url (server), g_get_num_processors ());

  /* All parts, or those named: io, rate, sessions, thousand. */
  if (argc < 2 || g_strv_contains ((const char *const *) argv + 1, "io"))
    io_efficiency ();
  if (argc < 2 || g_strv_contains ((const char *const *) argv + 1, "rate"))
    request_rate ();
  if (argc < 2 || g_strv_contains ((const char *const *) argv + 1, "sessions"))
    sessions ();
  if (argc < 2 || g_strv_contains ((const char *const *) argv + 1, "thousand"))
    thousand_in_flight ();

  g_clear_object (&server);
  return 0;
}
