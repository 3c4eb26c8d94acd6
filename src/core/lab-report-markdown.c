/* lab-report-markdown.c: a run's summary as a Markdown table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lab-environment.h"
#include "lab-format.h"
#include "lab-report-private.h"
#include "lab-snapshot-reader.h"
#include "lab-snapshot.h"

static void
append_md_row (GString    *out,
               const char *label,
               const char *value)
{
  g_autoptr(GString) escaped = g_string_new (value);

  g_string_replace (escaped, "|", "\\|", 0);
  g_string_replace (escaped, "\n", " ", 0);
  g_string_append_printf (out, "| %s | %s |\n", label, escaped->str);
}

char *
lab_report_format_markdown (LabRun *run)
{
  const LabConfig *config = lab_run_get_config (run);
  const GError *run_error = lab_run_get_error (run);
  GString *out = g_string_new (NULL);
  g_autofree char *describe = lab_report_describe_config (config);
  g_autofree char *machine = lab_snapshot_describe_machine (run, NULL);
  g_autofree char *created = lab_snapshot_format_time (lab_run_get_created (run));
  g_autofree char *v = NULL;
  gboolean any_latency;
  LabSummary s;

  lab_run_get_summary (run, &s);
  any_latency = s.tasks_ok + s.tasks_failed + s.tasks_timed_out > 0;

#define ROW(label, expr) G_STMT_START { g_free (v); v = (expr); append_md_row (out, label, v); } G_STMT_END

  g_string_append_printf (out, "## Concurrency Lab run: %s under %s\n\n",
                          lab_workload_kind_to_string (config->workload),
                          lab_model_to_string (config->model));
  g_string_append_printf (out, "%s  \n%s · %s\n\n", describe, machine, created);
  g_string_append (out, "| Measure | Value |\n| --- | --- |\n");

  ROW ("State", g_strdup (lab_run_state_to_string (s.state)));
  if (run_error != NULL)
    ROW ("Error", g_strdup (run_error->message));
  ROW ("Wall time", lab_format_seconds (s.wall_seconds));
  ROW ("Start-up", lab_format_seconds (s.startup_seconds));
  ROW ("Task phase", lab_format_seconds (s.task_seconds));
  ROW ("Tasks", lab_format_grouped (s.tasks_total));
  ROW ("Tasks ok", lab_format_grouped (s.tasks_ok));
  ROW ("Tasks failed", lab_format_grouped (s.tasks_failed));
  ROW ("Tasks timed out", lab_format_grouped (s.tasks_timed_out));
  ROW ("Tasks cancelled", lab_format_grouped (s.tasks_cancelled));
  {
    g_autofree char *rate = lab_format_rate (s.throughput_per_second);
    ROW ("Throughput", g_strdup_printf ("%s tasks/s", rate));
  }
  if (any_latency)
    {
      g_autofree char *mean = lab_format_millis (s.latency_ms.mean);
      g_autofree char *sd = lab_format_millis (s.latency_ms.stddev);

      ROW ("Latency mean ± σ", g_strdup_printf ("%s ± %s", mean, sd));
      ROW ("Latency p50", lab_format_millis (s.latency_ms.p50));
      ROW ("Latency p90", lab_format_millis (s.latency_ms.p90));
      ROW ("Latency p99", lab_format_millis (s.latency_ms.p99));
      ROW ("Latency p99.9", lab_format_millis (s.latency_ms.p999));
      ROW ("Latency max", lab_format_millis (s.latency_ms.max));
    }
  {
    g_autofree char *cpu = lab_format_fixed (s.cpu_utilization, 2);
    ROW ("CPU utilisation", g_strdup_printf ("%s cores", cpu));
  }
  {
    g_autofree char *with_startup = lab_format_percent (s.parallel_efficiency_with_startup);
    g_autofree char *eff = lab_format_percent (s.parallel_efficiency);

    ROW ("Parallel efficiency", g_strdup_printf ("%s (%s with start-up)", eff, with_startup));
  }
  if (lab_run_is_finished (run))
    ROW ("Max concurrency", g_strdup_printf ("%u of %u", s.max_concurrency, s.workers));
  if (config->workload == LAB_WORKLOAD_PRIMES)
    ROW ("Primes found", lab_format_grouped (s.primes_found));
  else
    ROW ("Bytes read", lab_format_bytes (s.bytes_total));
  if (config->model == LAB_MODEL_ASYNC)
    {
      g_autofree char *p99 = lab_format_millis (s.loop_lag_p99_ms);
      g_autofree char *max = lab_format_millis (s.loop_lag_max_ms);

      ROW ("Loop lag p99 / max", g_strdup_printf ("%s / %s", p99, max));
    }
  if (config->simulate_gil)
    ROW ("GIL wait", lab_format_seconds (s.gil_wait_seconds));

#undef ROW

  return g_string_free (out, FALSE);
}

gboolean
lab_report_write_markdown (LabRun         *run,
                           GOutputStream  *stream,
                           GError        **error)
{
  g_autofree char *text = lab_report_format_markdown (run);

  return lab_report_write_string (stream, text, error);
}

