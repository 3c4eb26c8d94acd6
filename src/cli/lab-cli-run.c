/* lab-cli-run.c: `concurrency-lab run`, one workload under one model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-cli-private.h"
#include "lab-error.h"
#include "lab-format.h"
#include "lab-report.h"
#include "lab-snapshot.h"

static const char run_description[] =
  "Examples:\n"
  "  concurrency-lab run --model=sequential\n"
  "  concurrency-lab run --model=threads --workers=2 --simulate-gil\n"
  "  concurrency-lab run --start=10000019 --count=10 --format=json\n"
  "  concurrency-lab run --workload=url --model=async --workers=50 --url='http://127.0.0.1:8080/work?delay=200ms'\n"
  "\n"
  "Progress is shown on standard error when it is a terminal; the result goes to standard\n"
  "output or --output. Ctrl-C cancels the run and still writes the partial results.\n"
  "Exit status: 0 every task ok, 1 the run or some tasks failed, 2 bad usage, 130 interrupted.";

static gboolean
write_run (LabRun         *run,
           LabCliFormat    format,
           GOutputStream  *stream,
           GError        **error)
{
  switch (format)
    {
    case LAB_CLI_FORMAT_JSON:
      return lab_snapshot_write (run, stream, error);
    case LAB_CLI_FORMAT_CSV:
      return lab_report_write_csv (run, stream, error);
    case LAB_CLI_FORMAT_MARKDOWN:
      return lab_report_write_markdown (run, stream, error);
    case LAB_CLI_FORMAT_TEXT:
    default:
      return lab_report_write_text (run, stream, error);
    }
}

/* One line on stderr saying why the exit status is not 0; returns it. */
static int
report_outcome (LabRun   *run,
                gboolean  interrupted)
{
  if (interrupted)
    {
      g_autofree char *total = NULL;
      g_autofree char *ran = NULL;
      LabSummary s;

      lab_run_get_summary (run, &s);
      total = lab_format_grouped (s.tasks_total);
      ran = lab_format_grouped (s.tasks_total - s.tasks_cancelled);
      g_printerr ("%s: interrupted; partial results written (%s of %s tasks ran to an end)\n",
                  LAB_CLI_NAME, ran, total);
      return LAB_EXIT_INTERRUPTED;
    }

  return lab_cli_report_run_outcome (run, NULL) ? LAB_EXIT_OK : LAB_EXIT_FAILED;
}

int
lab_cli_run (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(LabCliOutput) output = NULL;
  g_autoptr(LabCliSession) session = NULL;
  g_autoptr(LabConfig) config = NULL;
  g_autoptr(LabRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) run_error = NULL;
  g_autofree char *label = NULL;
  LabCliOptions options = { 0 };
  LabCliFormat format;
  int status;

  context = lab_cli_context_new (&options, LAB_CLI_OPTIONS_RUN,
                                 "Runs a workload under one concurrency model and reports what happened.",
                                 run_description);

  if (!lab_cli_context_parse (context, "run", argc, argv, &error) ||
      !(config = lab_cli_options_build_config (&options, LAB_CLI_OPTIONS_RUN, &error)) ||
      !lab_cli_options_get_format (&options, &format, &error) ||
      !(output = lab_cli_output_open (options.output, &error)))
    {
      lab_cli_options_clear (&options);
      return lab_cli_usage_error ("run", error);
    }

  session = lab_cli_session_new (output);
  label = g_strdup (lab_model_to_string (config->model));
  run = lab_cli_session_execute (session, config, label, &run_error);
  if (run == NULL)
    {
      lab_cli_options_clear (&options);
      if (g_error_matches (run_error, LAB_ERROR, LAB_ERROR_INVALID_OPTION))
        return lab_cli_usage_error ("run", run_error);
      g_printerr ("%s: %s\n", LAB_CLI_NAME, run_error->message);
      return LAB_EXIT_FAILED;
    }

  /* Whatever happened, the results (partial or not) are written. */
  if (!write_run (run, format, lab_cli_output_get_stream (output), &error) ||
      !lab_cli_output_commit (output, &error))
    {
      g_printerr ("%s: %s\n", LAB_CLI_NAME, error->message);
      lab_cli_options_clear (&options);
      return LAB_EXIT_FAILED;
    }

  status = report_outcome (run, lab_cli_session_is_interrupted (session));
  lab_cli_options_clear (&options);

  return status;
}
