/* bench-processes.c: the processes model — pool start-up, dispatch cost per
 * task, speedup — against its targets and Python's ProcessPoolExecutor
 *
 * Prints what it measured in this one run, with a verdict per target; it
 * never fails on a missed target (the machine is shared and noisy: each
 * figure is the best of a few runs, the least disturbed one).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-bench-util.h"

#define TRIVIAL_COUNT 1000000

/* The same definition of overhead as for Python below, and as bench-engine
 * uses for threads: (task-phase wall × workers − bare work) / count, where
 * the bare work is the same primality tests in a plain loop on one core. */
static const char python_processes[] =
  "import sys, time, concurrent.futures as cf\n"
  "def is_prime(n):\n"
  "    if n < 2: return False\n"
  "    if n < 4: return True\n"
  "    if n % 2 == 0: return False\n"
  "    d = 3\n"
  "    while d * d <= n:\n"
  "        if n % d == 0: return False\n"
  "        d += 2\n"
  "    return True\n"
  "N = 20000\n"
  "t = time.perf_counter(); s = sum(map(is_prime, range(N))); bare = time.perf_counter() - t\n"
  "out = [str(N), repr(bare)]\n"
  "with cf.ProcessPoolExecutor(max_workers=2) as ex:\n"
  "    list(ex.map(is_prime, range(4)))\n"
  "    for chunk in (1, 256):\n"
  "        best = None\n"
  "        for _ in range(3):\n"
  "            t = time.perf_counter(); s2 = sum(ex.map(is_prime, range(N), chunksize=chunk))\n"
  "            wall = time.perf_counter() - t\n"
  "            assert s == s2\n"
  "            best = wall if best is None else min(best, wall)\n"
  "        out.append(repr(best))\n"
  "print(' '.join(out))\n";

static LabConfig *
processes_config (guint64 start,
                  guint64 count,
                  guint   workers)
{
  LabConfig *config = lab_bench_config (LAB_MODEL_PROCESSES, workers);

  config->start = start;
  config->count = count;
  return config;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
startup (void)
{
  g_autoptr(LabConfig) config = processes_config (0, 50, 50);
  double seconds[5];
  guint n = G_N_ELEMENTS (seconds);

  printf ("Start-up of 50 worker processes (all spawned and ready), %u runs:\n", n);
  for (guint i = 0; i < n; i++)
    {
      LabSummary summary;

      lab_bench_run (config, &summary);
      seconds[i] = summary.startup_seconds * 1000;
    }
  qsort (seconds, n, sizeof (double), compare_double);

  printf ("  %-58s %10.1f\n", "start-up, median (ms)", seconds[n / 2]);
  lab_bench_verdict ("start-up, best (ms)", seconds[0], "<=", 150);
  printf ("  %-58s %10.2f\n", "ratio best / 150 ms target", seconds[0] / 150);
}

/* Per-task overhead of @config's run, best of @repeats, in µs. */
static double
overhead (const LabConfig *config,
          double           bare,
          guint            repeats)
{
  LabSummary best;

  lab_bench_best_of (config, repeats, &best);
  g_assert_cmpuint (best.tasks_ok, ==, config->count);

  return (best.task_seconds * best.workers - bare * config->count) / config->count * 1e6;
}

static LabConfig *
trivial_config (guint64 count,
                guint   chunk,
                guint   max_in_flight)
{
  LabConfig *config = processes_config (0, count, 2);

  config->chunk_size = chunk;
  config->max_in_flight = max_in_flight;
  return config;
}

static void
dispatch (void)
{
  g_autoptr(LabConfig) c256_auto = trivial_config (TRIVIAL_COUNT, 256, 0);
  g_autoptr(LabConfig) c256_deep = trivial_config (TRIVIAL_COUNT, 256, 8192);
  g_autoptr(LabConfig) c1_deep = trivial_config (TRIVIAL_COUNT, 1, 8192);
  g_autoptr(LabConfig) c1_1024 = trivial_config (TRIVIAL_COUNT, 1, 1024);
  g_autoptr(LabConfig) c1_auto = trivial_config (TRIVIAL_COUNT, 1, 0);
  g_autofree char *python = NULL;
  double bare, ours1, ours1_auto, ours256, ours256_auto;

  printf ("Dispatch overhead per task, %d trivial tasks (primality of 0..%d), 2 workers, best of 3:\n"
          "  (overhead = task-phase wall x workers / count - bare work per task on one core;\n"
          "   max-in-flight auto = workers x max(2 chunks, 128 tasks))\n",
          TRIVIAL_COUNT, TRIVIAL_COUNT - 1);
  bare = lab_bench_bare_work (0, TRIVIAL_COUNT) / TRIVIAL_COUNT;
  printf ("  bare work %.3f us per task\n", bare * 1e6);

  ours256 = overhead (c256_deep, bare, 3);
  lab_bench_verdict ("chunk 256, max-in-flight 8192 (us)", ours256, "<=", 0.2);
  ours256_auto = overhead (c256_auto, bare, 3);
  lab_bench_verdict ("chunk 256, max-in-flight auto = 1024 (us)", ours256_auto, "<=", 0.2);

  ours1 = overhead (c1_deep, bare, 3);
  lab_bench_verdict ("chunk 1, max-in-flight 8192 (us)", ours1, "<=", 2.0);
  lab_bench_verdict ("chunk 1, max-in-flight 1024 (us)", overhead (c1_1024, bare, 3), "<=", 2.0);
  ours1_auto = overhead (c1_auto, bare, 3);
  lab_bench_verdict ("chunk 1, max-in-flight auto = 256 (us)", ours1_auto, "<=", 2.0);

  python = lab_bench_python (python_processes);
  if (python != NULL)
    {
      g_auto(GStrv) fields = g_strsplit (python, " ", 4);

      if (g_strv_length (fields) == 4)
        {
          double n = g_ascii_strtod (fields[0], NULL);
          double py_bare = g_ascii_strtod (fields[1], NULL);
          double py1 = (g_ascii_strtod (fields[2], NULL) * 2 - py_bare) / n * 1e6;
          double py256 = (g_ascii_strtod (fields[3], NULL) * 2 - py_bare) / n * 1e6;

          printf ("  %-58s %10.3f\n", "Python ProcessPoolExecutor, chunksize 1 (20 000 tasks), us", py1);
          printf ("  %-58s %10.1f\n", "  ratio Python / processes, chunk 1, max-in-flight 8192",
                  py1 / MAX (ours1, 1e-3));
          printf ("  %-58s %10.1f\n", "  ratio Python / processes, chunk 1, max-in-flight auto",
                  py1 / MAX (ours1_auto, 1e-3));
          printf ("  %-58s %10.3f\n", "Python ProcessPoolExecutor, chunksize 256 (20 000 tasks), us", py256);
          printf ("  %-58s %10.1f\n", "  ratio Python / processes, chunk 256, max-in-flight 8192",
                  py256 / MAX (ours256, 1e-3));
          printf ("  %-58s %10.1f\n", "  ratio Python / processes, chunk 256, max-in-flight auto",
                  py256 / MAX (ours256_auto, 1e-3));
        }
    }
}

static void
speedup (void)
{
  g_autoptr(LabConfig) sequential = lab_bench_config (LAB_MODEL_SEQUENTIAL, 1);
  g_autoptr(LabConfig) processes = lab_bench_config (LAB_MODEL_PROCESSES, 2);
  LabSummary s, p;

  printf ("Speedup vs sequential, default primes workload (start %" G_GUINT64_FORMAT ", count %" G_GUINT64_FORMAT
          "), 2 workers, %u cores, best of 3:\n",
          sequential->start, sequential->count, g_get_num_processors ());
  lab_bench_best_of (sequential, 3, &s);
  lab_bench_best_of (processes, 3, &p);

  printf ("  sequential task phase %.3f s; processes start-up %.1f ms, task phase %.3f s\n",
          s.task_seconds, p.startup_seconds * 1000, p.task_seconds);
  lab_bench_verdict ("processes speedup (task phase)", s.task_seconds / p.task_seconds, ">=", 1.85);
  printf ("  %-58s %10.3f\n", "processes speedup (start-up included)", s.wall_seconds / p.wall_seconds);
  printf ("  %-58s %10.3f\n", "parallel efficiency (task phase)", p.parallel_efficiency);
}

int
main (int   argc,
      char *argv[])
{
  setvbuf (stdout, NULL, _IOLBF, 0);
  startup ();
  dispatch ();
  speedup ();
  return 0;
}
