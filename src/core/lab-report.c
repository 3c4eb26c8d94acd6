/* lab-report.c
 *
 * The text summary is meant for someone who has never seen the tool: each
 * line says what the number is about in words. Markdown is the same facts
 * as a table; CSV is the raw task records for a spreadsheet.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lab-environment.h"
#include "lab-format.h"
#include "lab-report-private.h"
#include "lab-snapshot-reader.h"

#define LABEL_WIDTH        16
#define MAX_WORKER_LINES   16
#define MAX_REASON_LINES   8

gboolean
lab_report_write_string (GOutputStream  *stream,
                         const char     *text,
                         GError        **error)
{
  return g_output_stream_write_all (stream, text, strlen (text), NULL, NULL, error) &&
         g_output_stream_flush (stream, NULL, error);
}

/* What was run ---------------------------------------------------------- */

char *
lab_report_describe_config (const LabConfig *config)
{
  GString *line = g_string_new (NULL);
  g_autofree char *count = lab_format_grouped (config->count);
  g_autofree char *timeout = lab_format_duration (config->timeout);
  g_autofree char *deadline = lab_format_duration (config->deadline);
  guint workers = lab_config_get_effective_workers (config);

  g_string_append_printf (line, "%s · %s", lab_workload_kind_to_string (config->workload),
                          lab_model_to_string (config->model));
  if (config->model == LAB_MODEL_ASYNC)
    g_string_append_printf (line, " · %u in flight", workers);
  else
    g_string_append_printf (line, " · %u %s", workers, workers == 1 ? "worker" : "workers");
  if (config->model == LAB_MODEL_PROCESSES)
    g_string_append_printf (line, " · chunk size %u%s", lab_config_get_effective_chunk_size (config),
                            config->chunk_size == 0 ? " (auto)" : "");
  if (config->simulate_gil)
    {
      g_autofree char *interval = lab_format_duration (config->switch_interval);
      g_string_append_printf (line, " · simulated GIL (switch interval %s)", interval);
    }

  g_string_append_printf (line, " · %s tasks", count);
  if (config->workload == LAB_WORKLOAD_PRIMES)
    {
      g_autofree char *start = lab_format_grouped (config->start);
      g_string_append_printf (line, " from %s", start);
    }
  else if (config->urls == NULL || config->urls[0] == NULL)
    g_string_append (line, " on the built-in lab server");
  else
    {
      guint n = g_strv_length (config->urls);

      g_string_append_printf (line, " on %s", config->urls[0]);
      if (n > 1)
        g_string_append_printf (line, " (+%u more)", n - 1);
    }

  g_string_append_printf (line, " · timeout %s · deadline %s", timeout, deadline);
  if (config->max_in_flight > 0)
    g_string_append_printf (line, " · max in flight %u", config->max_in_flight);

  return g_string_free (line, FALSE);
}

static const char *
describe_state (LabRunState state)
{
  switch (state)
    {
    case LAB_RUN_STATE_DONE:              return "done: every task ran";
    case LAB_RUN_STATE_CANCELLED:         return "cancelled: the results are partial";
    case LAB_RUN_STATE_DEADLINE_EXCEEDED: return "deadline-exceeded: the --deadline ended the run; the results are partial";
    case LAB_RUN_STATE_FAILED:            return "failed: the run itself could not go on";
    case LAB_RUN_STATE_READY:             return "ready: not started";
    case LAB_RUN_STATE_STARTING:          return "starting";
    case LAB_RUN_STATE_RUNNING:           return "running: the results so far";
    default:                              return lab_run_state_to_string (state);
    }
}

/* Failure reasons ---------------------------------------------------------- */

typedef struct
{
  guint8  status;
  guint32 message_id;
  guint64 count;
} Reason;

static int
compare_reasons (gconstpointer a,
                 gconstpointer b)
{
  const Reason *x = a, *y = b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  if (x->status != y->status)
    return x->status < y->status ? -1 : 1;
  return x->message_id < y->message_id ? -1 : x->message_id > y->message_id;
}

/* Failed and timed-out tasks grouped by (status, message), most common first. */
static GArray *
collect_reasons (LabRun *run)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GArray *reasons = g_array_new (FALSE, FALSE, sizeof (Reason));
  const LabTaskRecord *records;
  GHashTableIter iter;
  gpointer key, value;
  gsize n;

  lab_run_lock (run);
  records = lab_run_peek_records (run, &n);
  for (gsize i = 0; i < n; i++)
    {
      gint64 k;
      gpointer found;

      if (records[i].status != LAB_TASK_FAILED && records[i].status != LAB_TASK_TIMED_OUT)
        continue;
      k = ((gint64) records[i].status << 32) | records[i].message_id;
      found = g_hash_table_lookup (counts, &k);
      g_hash_table_replace (counts, g_memdup2 (&k, sizeof k),
                            GSIZE_TO_POINTER (GPOINTER_TO_SIZE (found) + 1));
    }
  lab_run_unlock (run);

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 k = *(gint64 *) key;
      Reason reason = { (guint8) (k >> 32), (guint32) (k & 0xffffffff), GPOINTER_TO_SIZE (value) };

      g_array_append_val (reasons, reason);
    }
  g_array_sort (reasons, compare_reasons);

  return reasons;
}

static char *
describe_reason (const LabConfig *config,
                 const Reason    *reason)
{
  const char *message = lab_message_lookup (reason->message_id);

  if (message != NULL)
    return g_strdup (message);
  if (reason->status == LAB_TASK_TIMED_OUT)
    {
      g_autofree char *timeout = lab_format_duration (config->timeout);
      return g_strdup_printf ("ran longer than the task timeout (%s)", timeout);
    }
  return g_strdup ("no reason was given");
}

/* Text ------------------------------------------------------------------- */

static void
append_row (GString    *out,
            const char *label,
            const char *format,
            ...) G_GNUC_PRINTF (3, 4);

static void
append_row (GString    *out,
            const char *label,
            const char *format,
            ...)
{
  va_list args;
  glong pad = LABEL_WIDTH - g_utf8_strlen (label, -1);

  g_string_append (out, label);
  for (glong i = 0; i < MAX (pad, 1); i++)
    g_string_append_c (out, ' ');
  va_start (args, format);
  g_string_append_vprintf (out, format, args);
  va_end (args);
  g_string_append_c (out, '\n');
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

static void
append_workers (GString          *out,
                LabRun           *run,
                const LabSummary *s)
{
  g_autofree LabWorkerStats *workers = NULL;
  g_autofree gint64 *busy = NULL;
  const LabWorkerStats *peek;
  guint n_workers, shown;

  lab_run_lock (run);
  peek = lab_run_peek_workers (run, &n_workers);
  workers = g_memdup2 (peek, n_workers * sizeof (LabWorkerStats));
  lab_run_unlock (run);

  shown = n_workers > MAX_WORKER_LINES ? MAX_WORKER_LINES - 1 : n_workers;

  g_string_append_printf (out, "\n%-8s %10s %8s %10s %8s%s\n", "Worker", "busy", "share", "tasks", "failed",
                          s->gil_wait_seconds > 0 ? "   GIL wait" : "");
  for (guint i = 0; i < shown; i++)
    {
      g_autofree char *name = g_strdup_printf ("w%u", i);
      g_autofree char *b = lab_format_seconds (workers[i].busy_us / 1e6);
      g_autofree char *share = lab_format_percent (s->task_seconds > 0
                                                   ? workers[i].busy_us / 1e6 / s->task_seconds : NAN);
      g_autofree char *tasks = lab_format_grouped (workers[i].tasks);
      g_autofree char *failed = lab_format_grouped (workers[i].failed);

      g_string_append_printf (out, "%-8s %10s %8s %10s %8s", name, b, share, tasks, failed);
      if (s->gil_wait_seconds > 0)
        {
          g_autofree char *wait = lab_format_seconds (workers[i].gil_wait_us / 1e6);
          g_string_append_printf (out, " %10s", wait);
        }
      g_string_append_c (out, '\n');
    }

  if (shown < n_workers)
    {
      g_autofree char *lo = NULL, *mid = NULL, *hi = NULL;

      busy = g_new (gint64, n_workers);
      for (guint i = 0; i < n_workers; i++)
        busy[i] = workers[i].busy_us;
      qsort (busy, n_workers, sizeof (gint64), compare_gint64);
      lo = lab_format_seconds (busy[0] / 1e6);
      mid = lab_format_seconds (busy[n_workers / 2] / 1e6);
      hi = lab_format_seconds (busy[n_workers - 1] / 1e6);
      g_string_append_printf (out, "… and %u more workers; busy time over all %u: least %s, median %s, most %s\n"
                              "  (every worker is in --format=json)\n",
                              n_workers - shown, n_workers, lo, mid, hi);
    }
}

static void
append_reasons (GString         *out,
                LabRun          *run,
                const LabConfig *config)
{
  g_autoptr(GArray) reasons = collect_reasons (run);
  guint64 others = 0;

  if (reasons->len == 0)
    return;

  g_string_append (out, "\nWhy tasks did not succeed (grouped, most common first)\n");
  for (guint i = 0; i < reasons->len; i++)
    {
      const Reason *reason = &g_array_index (reasons, Reason, i);
      g_autofree char *count = NULL;
      g_autofree char *text = NULL;

      if (i >= MAX_REASON_LINES)
        {
          others += reason->count;
          continue;
        }
      count = lab_format_grouped (reason->count);
      text = describe_reason (config, reason);
      g_string_append_printf (out, "%10s × %-9s  %s\n", count,
                              lab_task_status_to_string (reason->status), text);
    }
  if (others > 0)
    {
      g_autofree char *count = lab_format_grouped (others);
      g_string_append_printf (out, "%10s × %u other reasons\n", count, reasons->len - MAX_REASON_LINES);
    }
}

static void
append_http_statuses (GString       *out,
                      const guint64 *counts)
{
  gboolean first = TRUE;

  for (guint i = 0; i < LAB_HTTP_STATUS_MAX; i++)
    {
      g_autofree char *count = NULL;

      if (counts[i] == 0)
        continue;
      count = lab_format_grouped (counts[i]);
      if (!first)
        g_string_append (out, " · ");
      if (i == 0)
        g_string_append_printf (out, "no response × %s", count);
      else
        g_string_append_printf (out, "%u × %s", i, count);
      first = FALSE;
    }
  if (first)
    g_string_append (out, "none");
}

char *
lab_report_format_text (LabRun *run)
{
  const LabConfig *config = lab_run_get_config (run);
  const GError *run_error = lab_run_get_error (run);
  GString *out = g_string_new (NULL);
  g_autofree char *describe = lab_report_describe_config (config);
  guint cores;
  g_autofree char *machine = lab_snapshot_describe_machine (run, &cores);
  guint64 http_status_counts[LAB_HTTP_STATUS_MAX];
  gboolean any_latency;
  LabSummary s;

  lab_run_get_summary (run, &s);
  lab_run_lock (run);
  memcpy (http_status_counts, lab_run_peek_http_status_counts (run), sizeof http_status_counts);
  lab_run_unlock (run);
  any_latency = s.tasks_ok + s.tasks_failed + s.tasks_timed_out > 0;

  g_string_append_printf (out, "%s\n", describe);
  g_string_append_printf (out, "on %s\n\n", machine);

  append_row (out, "State", "%s", describe_state (s.state));
  if (run_error != NULL)
    append_row (out, "Error", "%s", run_error->message);

  {
    g_autofree char *wall = lab_format_seconds (s.wall_seconds);
    g_autofree char *startup = lab_format_seconds (s.startup_seconds);
    g_autofree char *tasks = lab_format_seconds (s.task_seconds);

    append_row (out, "Wall time", "%s = start-up %s + task phase %s", wall, startup, tasks);
  }

  {
    g_autofree char *total = lab_format_grouped (s.tasks_total);
    g_autofree char *ok = lab_format_grouped (s.tasks_ok);
    g_autofree char *failed = lab_format_grouped (s.tasks_failed);
    g_autofree char *timed_out = lab_format_grouped (s.tasks_timed_out);
    g_autofree char *cancelled = lab_format_grouped (s.tasks_cancelled);

    append_row (out, "Tasks", "%s: %s ok · %s failed · %s timed out · %s cancelled",
                total, ok, failed, timed_out, cancelled);
  }

  {
    g_autofree char *rate = lab_format_rate (s.throughput_per_second);
    append_row (out, "Throughput", "%s tasks/s (tasks that ended, over the task phase)", rate);
  }

  if (any_latency)
    {
      g_autofree char *mean = lab_format_millis (s.latency_ms.mean);
      g_autofree char *sd = lab_format_millis (s.latency_ms.stddev);
      g_autofree char *p50 = lab_format_millis (s.latency_ms.p50);
      g_autofree char *p90 = lab_format_millis (s.latency_ms.p90);
      g_autofree char *p99 = lab_format_millis (s.latency_ms.p99);
      g_autofree char *p999 = lab_format_millis (s.latency_ms.p999);
      g_autofree char *max = lab_format_millis (s.latency_ms.max);

      append_row (out, "Latency", "mean %s · σ %s (time from a task's start to its end)", mean, sd);
      append_row (out, "", "p50 %s · p90 %s · p99 %s · p99.9 %s · max %s", p50, p90, p99, p999, max);
    }
  else
    append_row (out, "Latency", "n/a (no task ran to an end)");

  {
    g_autofree char *cpu = lab_format_fixed (s.cpu_utilization, 2);
    append_row (out, "CPU", "%s cores busy on average (this machine has %u)", cpu, cores);
  }

  {
    g_autofree char *eff = lab_format_percent (s.parallel_efficiency);
    g_autofree char *eff_startup = lab_format_percent (s.parallel_efficiency_with_startup);

    append_row (out, "Efficiency", "%s of the %u %s task-phase time went to tasks (%s counting start-up)",
                eff, s.workers,
                config->model == LAB_MODEL_ASYNC ? (s.workers == 1 ? "slot's" : "slots'")
                                                 : (s.workers == 1 ? "worker's" : "workers'"),
                eff_startup);
  }

  if (lab_run_is_finished (run))
    append_row (out, "Concurrency", "at most %u %s ran at the same time (asked for %u)",
                s.max_concurrency, s.max_concurrency == 1 ? "task" : "tasks", s.workers);

  if (config->workload == LAB_WORKLOAD_PRIMES)
    {
      g_autofree char *found = lab_format_grouped (s.primes_found);
      g_autofree char *tested = lab_format_grouped (s.tasks_ok);

      append_row (out, "Primes found", "%s among the %s numbers tested", found, tested);
    }
  else
    {
      g_autofree char *bytes = lab_format_bytes (s.bytes_total);
      g_autofree char *rate = lab_format_bytes (s.task_seconds > 0 ? (guint64) (s.bytes_total / s.task_seconds) : 0);

      append_row (out, "Bytes read", "%s (%s/s over the task phase)", bytes, rate);
      g_string_append_printf (out, "%-*s", LABEL_WIDTH, "HTTP statuses");
      append_http_statuses (out, http_status_counts);
      g_string_append_c (out, '\n');
    }

  if (config->model == LAB_MODEL_ASYNC)
    {
      g_autofree char *p99 = lab_format_millis (s.loop_lag_p99_ms);
      g_autofree char *max = lab_format_millis (s.loop_lag_max_ms);

      append_row (out, "Loop lag", "p99 %s · max %s (how late the event loop woke up; tasks that hog it raise this)",
                  p99, max);
    }

  if (config->simulate_gil)
    {
      g_autofree char *wait = lab_format_seconds (s.gil_wait_seconds);
      append_row (out, "GIL wait", "%s summed over the workers (time spent waiting for the simulated GIL)", wait);
    }

  append_workers (out, run, &s);
  append_reasons (out, run, config);

  return g_string_free (out, FALSE);
}

gboolean
lab_report_write_text (LabRun         *run,
                       GOutputStream  *stream,
                       GError        **error)
{
  g_autofree char *text = lab_report_format_text (run);

  return lab_report_write_string (stream, text, error);
}
