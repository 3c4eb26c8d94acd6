/* bench-engine.c: speedups of the CPU-bound workload and the dispatch cost
 * of the threads model, against Python's concurrent.futures
 *
 * Prints ratios measured in this one run. Speedup is computed on the task
 * phase (start-up excluded) and shown with start-up included too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-bench-util.h"

static const char python_threads[] =
  "import time, concurrent.futures as cf\n"
  "def is_prime(n):\n"
  "    if n < 2: return False\n"
  "    if n < 4: return True\n"
  "    if n % 2 == 0: return False\n"
  "    d = 3\n"
  "    while d * d <= n:\n"
  "        if n % d == 0: return False\n"
  "        d += 2\n"
  "    return True\n"
  "N = 100000\n"
  "t = time.perf_counter(); s = sum(map(is_prime, range(N))); bare = time.perf_counter() - t\n"
  "with cf.ThreadPoolExecutor(max_workers=2) as ex:\n"
  "    list(ex.map(is_prime, range(2)))\n"
  "    t = time.perf_counter(); s2 = sum(ex.map(is_prime, range(N))); wall = time.perf_counter() - t\n"
  "assert s == s2\n"
  "print(N, bare, wall)\n";

static void
speedups (void)
{
  g_autoptr(LabConfig) sequential = lab_bench_config (LAB_MODEL_SEQUENTIAL, 1);
  g_autoptr(LabConfig) threads = lab_bench_config (LAB_MODEL_THREADS, 2);
  g_autoptr(LabConfig) gil = lab_bench_config (LAB_MODEL_THREADS, 2);
  g_autoptr(LabConfig) async = lab_bench_config (LAB_MODEL_ASYNC, 2);
  LabSummary s, t, g, a;

  gil->simulate_gil = TRUE;

  printf ("Speedup vs sequential, default primes workload (start %" G_GUINT64_FORMAT ", count %" G_GUINT64_FORMAT
          "), 2 workers, %u cores, best of 3:\n",
          sequential->start, sequential->count, g_get_num_processors ());
  lab_bench_best_of (sequential, 3, &s);
  lab_bench_best_of (threads, 3, &t);
  lab_bench_best_of (gil, 3, &g);
  lab_bench_best_of (async, 3, &a);

  printf ("  sequential task phase %.3f s\n", s.task_seconds);
  lab_bench_verdict ("threads speedup (task phase)", s.task_seconds / t.task_seconds, ">=", 1.85);
  printf ("  %-58s %10.3f\n", "threads speedup (start-up included)", s.wall_seconds / t.wall_seconds);
  lab_bench_verdict ("threads + simulated GIL speedup (task phase)", s.task_seconds / g.task_seconds, "<=", 1.15);
  lab_bench_verdict ("async speedup (task phase)", s.task_seconds / a.task_seconds, "<=", 1.15);
  printf ("  %-58s %10.3f\n", "async loop lag p99 (ms)", a.loop_lag_p99_ms);
}

static void
dispatch (void)
{
  g_autoptr(LabConfig) threads = lab_bench_config (LAB_MODEL_THREADS, 2);
  g_autofree char *python = NULL;
  double bare, ours;
  LabSummary t;

  threads->start = 0;
  threads->count = 1000000;

  printf ("Dispatch overhead per task, 1 000 000 trivial tasks (primality of 0..999999), 2 workers:\n"
          "  (overhead = task-phase wall x workers / count - bare work per task on one core)\n");
  bare = lab_bench_bare_work (0, threads->count);
  lab_bench_best_of (threads, 3, &t);
  ours = (t.task_seconds * 2 - bare) / threads->count * 1e6;
  printf ("  bare work %.3f us per task\n", bare / threads->count * 1e6);
  lab_bench_verdict ("threads overhead per task (us)", ours, "<=", 1.0);

  python = lab_bench_python (python_threads);
  if (python != NULL)
    {
      g_auto(GStrv) fields = g_strsplit (python, " ", 3);

      if (g_strv_length (fields) == 3)
        {
          double n = g_ascii_strtod (fields[0], NULL);
          double py_bare = g_ascii_strtod (fields[1], NULL);
          double py_wall = g_ascii_strtod (fields[2], NULL);
          double py = (py_wall * 2 - py_bare) / n * 1e6;

          printf ("  %-58s %10.3f\n", "Python ThreadPoolExecutor overhead per task (us, 100 000 tasks)", py);
          printf ("  %-58s %10.1f\n", "ratio Python / threads", py / MAX (ours, 1e-3));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  setvbuf (stdout, NULL, _IOLBF, 0);
  speedups ();
  dispatch ();
  return 0;
}
