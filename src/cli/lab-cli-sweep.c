/* lab-cli-sweep.c: `concurrency-lab sweep`, one model across worker counts
 *
 * The runs are interleaved across the worker counts (1, 2, 4, …, 1, 2, 4,
 * …), as compare interleaves models, so that a slow spell of the machine
 * spreads over every count instead of bending the curve at one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-cli-private.h"
#include "lab-error.h"
#include "lab-sweep.h"

#define DEFAULT_WORKERS           "1..64"
#define DEFAULT_WORKERS_PROCESSES "1..16"

static const char sweep_description[] =
  "Examples:\n"
  "  concurrency-lab sweep --model=threads --workers=1,2,4,8\n"
  "  concurrency-lab sweep --model=async --workload=url --url='/work?delay=10ms' --workers=8..1024 --count=4000\n"
  "  concurrency-lab sweep --model=processes --workers=1..8 --runs=5 --format=csv --output=sweep.csv\n"
  "\n"
  "--workers takes counts separated by commas, in any order (each once), and ranges A..B:\n"
  "A, 2A, 4A, … doubling, and B itself (1..64 is 1,2,4,8,16,32,64; 1..12 is 1,2,4,8,12).\n"
  "At most 64 counts. Each count runs R times, interleaved with the others.\n"
  "\n"
  "The result gives, per worker count, wall time mean ± σ, throughput, p99 latency, CPU use,\n"
  "the speedup against the smallest count and efficiency (speedup ÷ workers).\n"
  "primes (CPU work): Amdahl's law 1/S = s + (1 − s)/n is fitted by least squares to the\n"
  "speedups at 1 worker and up to the machine's cores (beyond them the cores set the limit),\n"
  "which gives the serial fraction s ± its standard error and the most any number of cores\n"
  "could give, 1/s. It needs 1 among the counts and a larger one up to the cores; with a\n"
  "single larger count, s is exact for it and has no error estimate.\n"
  "url (I/O work): the count where adding workers stops paying, the smallest one that no\n"
  "larger count beats by 10 % in throughput.\n"
  "Exit status: 0 every run done with every task ok, 1 otherwise, 2 bad usage, 130 interrupted.";

static gboolean
write_sweep (gpointer        result,
             LabCliFormat    format,
             GOutputStream  *stream,
             GError        **error)
{
  LabSweep *sweep = result;
  g_autofree char *text = NULL;

  switch (format)
    {
    case LAB_CLI_FORMAT_JSON:
      return lab_sweep_write_json (sweep, stream, error);
    case LAB_CLI_FORMAT_CSV:
      text = lab_sweep_format_csv (sweep);
      break;
    case LAB_CLI_FORMAT_MARKDOWN:
      text = lab_sweep_format_markdown (sweep);
      break;
    case LAB_CLI_FORMAT_TEXT:
    default:
      text = lab_sweep_format_text (sweep);
      break;
    }

  return lab_cli_write_text (stream, text, error);
}

/* The model, the worker counts and the config of every count, checked. */
static LabSweep *
build_sweep (LabCliOptions  *options,
             GError        **error)
{
  g_autoptr(LabConfig) base = NULL;
  g_autoptr(LabSweep) sweep = NULL;
  g_autoptr(GArray) counts = NULL;
  const char *workers;
  guint runs, smallest = G_MAXUINT;

  if (!(base = lab_cli_options_build_config (options, LAB_CLI_OPTIONS_SWEEP, error)))
    return NULL;
  if (base->model == LAB_MODEL_SEQUENTIAL)
    return lab_error_set (error, LAB_ERROR_INVALID_OPTION,
                          "--model: a sweep of sequential makes no sense: it runs one task at a time "
                          "whatever the worker count; use threads, processes or async "
                          "(and compare to set them against sequential)"), NULL;

  workers = options->workers != NULL ? options->workers
            : base->model == LAB_MODEL_PROCESSES ? DEFAULT_WORKERS_PROCESSES : DEFAULT_WORKERS;
  if (!(counts = lab_sweep_parse_workers (workers, base->model, "--", "workers", error)) ||
      !lab_cli_options_get_runs (options, &runs, error))
    return NULL;

  for (guint i = 0; i < counts->len; i++)
    smallest = MIN (smallest, g_array_index (counts, guint, i));
  base->workers = smallest;
  sweep = lab_sweep_new (base, (const guint *) (gpointer) counts->data, counts->len, runs);

  for (guint i = 0; i < lab_sweep_get_n_points (sweep); i++)
    {
      g_autoptr(LabConfig) config = lab_sweep_dup_point_config (sweep, i);

      if (!lab_config_validate (config, error))
        return NULL;
    }

  return g_steal_pointer (&sweep);
}

int
lab_cli_sweep (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(LabCliOutput) output = NULL;
  g_autoptr(LabCliSession) session = NULL;
  g_autoptr(LabSweep) sweep = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GError) error = NULL;
  LabCliOptions options = { 0 };
  LabCliFormat format;
  int status;
  gboolean all_ok = TRUE;
  guint n_points, runs, total, n = 0;

  context = lab_cli_context_new (&options, LAB_CLI_OPTIONS_SWEEP,
                                 "Runs one model across several worker counts, several times each: throughput "
                                 "and latency against workers, Amdahl's serial fraction for CPU work, and "
                                 "where adding workers stops paying for I/O.",
                                 sweep_description);

  if (!lab_cli_context_parse (context, "sweep", argc, argv, &error) ||
      !(sweep = build_sweep (&options, &error)) ||
      !lab_cli_options_get_format (&options, &format, &error) ||
      !(output = lab_cli_output_open (options.output, &error)))
    goto usage;

  session = lab_cli_session_new (output);
  n_points = lab_sweep_get_n_points (sweep);
  runs = lab_sweep_get_runs_per_point (sweep);
  total = n_points * runs;

  for (guint rep = 1; rep <= runs && !lab_cli_session_is_interrupted (session); rep++)
    {
      for (guint i = 0; i < n_points && !lab_cli_session_is_interrupted (session); i++)
        {
          g_autoptr(LabConfig) config = lab_sweep_dup_point_config (sweep, i);
          g_autoptr(LabRun) run = NULL;
          g_autofree char *label = g_strdup_printf ("[%u/%u] %u %s, run %u of %u", ++n, total, config->workers,
                                                    config->workers == 1 ? "worker" : "workers", rep, runs);

          if ((run = lab_cli_session_run (session, config, label, &all_ok)) != NULL)
            lab_sweep_add_run (sweep, i, run);
        }
    }

  warnings = lab_sweep_dup_warnings (sweep);
  status = lab_cli_session_finish (session, warnings, write_sweep, sweep, format, "sweep",
                                   lab_sweep_get_n_runs (sweep), total, all_ok);
  lab_cli_options_clear (&options);
  return status;

usage:
  lab_cli_options_clear (&options);
  return lab_cli_usage_error ("sweep", error);
}
