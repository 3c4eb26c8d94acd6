/* lab-snapshot.c
 *
 * The snapshot is written with a streaming writer: the summary, series and
 * workers are small; the task records are written one line each, in index
 * order, straight from the run's own array, so a million tasks cost a
 * 4-byte position per task on top of the run (not a copy of the records,
 * nor a JSON tree).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-config-json.h"
#include "lab-environment.h"
#include "lab-snapshot.h"
#include "lab-snapshot-reader.h"

char *
lab_snapshot_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format_iso8601 (utc);
}

static void
write_latency (LabJsonWriter    *w,
               const LabSummary *s)
{
  /* Only tasks that ran to an end (ok, failed, timed out) have a latency. */
  gboolean any = s->tasks_ok + s->tasks_failed + s->tasks_timed_out > 0;
  const struct { const char *name; double value; } values[] = {
    { "mean", s->latency_ms.mean }, { "stddev", s->latency_ms.stddev },
    { "p50", s->latency_ms.p50 }, { "p90", s->latency_ms.p90 },
    { "p99", s->latency_ms.p99 }, { "p999", s->latency_ms.p999 },
    { "max", s->latency_ms.max },
  };

  lab_json_writer_begin_object_inline (w);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      lab_json_writer_member (w, values[i].name);
      lab_json_writer_double (w, any ? values[i].value : NAN);
    }
  lab_json_writer_end_object (w);
}

void
lab_snapshot_write_summary (LabJsonWriter    *w,
                            const LabConfig  *config,
                            const LabSummary *s,
                            const guint64    *http_status_counts,
                            const char       *error_message)
{
  lab_json_writer_begin_object (w);

  lab_json_writer_member (w, "state");
  lab_json_writer_string (w, lab_run_state_to_string (s->state));
  lab_json_writer_member (w, "error");
  lab_json_writer_string (w, error_message);
  lab_json_writer_member (w, "wall_seconds");
  lab_json_writer_double (w, s->wall_seconds);
  lab_json_writer_member (w, "startup_seconds");
  lab_json_writer_double (w, s->startup_seconds);
  lab_json_writer_member (w, "task_seconds");
  lab_json_writer_double (w, s->task_seconds);
  lab_json_writer_member (w, "workers");
  lab_json_writer_uint (w, s->workers);
  lab_json_writer_member (w, "tasks_total");
  lab_json_writer_uint (w, s->tasks_total);
  lab_json_writer_member (w, "tasks_ok");
  lab_json_writer_uint (w, s->tasks_ok);
  lab_json_writer_member (w, "tasks_failed");
  lab_json_writer_uint (w, s->tasks_failed);
  lab_json_writer_member (w, "tasks_timed_out");
  lab_json_writer_uint (w, s->tasks_timed_out);
  lab_json_writer_member (w, "tasks_cancelled");
  lab_json_writer_uint (w, s->tasks_cancelled);
  lab_json_writer_member (w, "throughput_per_second");
  lab_json_writer_double (w, s->throughput_per_second);
  lab_json_writer_member (w, "latency_ms");
  write_latency (w, s);
  lab_json_writer_member (w, "cpu_utilization");
  lab_json_writer_double (w, s->cpu_utilization);
  lab_json_writer_member (w, "parallel_efficiency");
  lab_json_writer_double (w, s->parallel_efficiency);
  lab_json_writer_member (w, "parallel_efficiency_with_startup");
  lab_json_writer_double (w, s->parallel_efficiency_with_startup);
  lab_json_writer_member (w, "max_concurrency");
  lab_json_writer_uint (w, s->max_concurrency);

  if (config->workload == LAB_WORKLOAD_PRIMES)
    {
      lab_json_writer_member (w, "primes_found");
      lab_json_writer_uint (w, s->primes_found);
    }
  else
    {
      lab_json_writer_member (w, "bytes_total");
      lab_json_writer_uint (w, s->bytes_total);
      lab_json_writer_member (w, "http_status_counts");
      lab_json_writer_begin_object_inline (w);
      for (guint i = 0; http_status_counts != NULL && i < LAB_HTTP_STATUS_MAX; i++)
        {
          char key[16];

          if (http_status_counts[i] == 0)
            continue;
          g_snprintf (key, sizeof key, "%u", i);
          lab_json_writer_member (w, key);
          lab_json_writer_uint (w, http_status_counts[i]);
        }
      lab_json_writer_end_object (w);
    }

  if (config->model == LAB_MODEL_ASYNC)
    {
      lab_json_writer_member (w, "loop_lag_ms");
      lab_json_writer_begin_object_inline (w);
      lab_json_writer_member (w, "p99");
      lab_json_writer_double (w, s->loop_lag_p99_ms);
      lab_json_writer_member (w, "max");
      lab_json_writer_double (w, s->loop_lag_max_ms);
      lab_json_writer_end_object (w);
    }

  lab_json_writer_member (w, "gil_wait_seconds");
  lab_json_writer_double (w, s->gil_wait_seconds);

  lab_json_writer_end_object (w);
}

typedef double (*BinValue) (const LabSeriesBin *bin,
                            double              width_us);

static double bin_done      (const LabSeriesBin *b, double w) { return b->done; }
static double bin_failed    (const LabSeriesBin *b, double w) { return b->failed; }
static double bin_cancelled (const LabSeriesBin *b, double w) { return b->cancelled; }
static double bin_bytes     (const LabSeriesBin *b, double w) { return b->bytes; }
static double bin_in_flight (const LabSeriesBin *b, double w) { return w > 0 ? b->busy / w : 0; }
static double bin_cpu       (const LabSeriesBin *b, double w) { return b->cpu; }
static double bin_loop_lag  (const LabSeriesBin *b, double w) { return b->loop_lag_ms; }

static void
write_series (LabJsonWriter    *w,
              LabRun           *run,
              const LabSummary *summary)
{
  static const struct { const char *name; BinValue value; } columns[] = {
    { "done", bin_done }, { "failed", bin_failed }, { "cancelled", bin_cancelled },
    { "bytes", bin_bytes }, { "in_flight", bin_in_flight }, { "cpu", bin_cpu },
    { "loop_lag_ms", bin_loop_lag },
  };
  g_autofree LabSeriesBin *bins = NULL;
  const LabSeriesBin *peek;
  gint64 wall_us = llround (summary->wall_seconds * 1e6);
  gsize n_bins;

  lab_run_lock (run);
  peek = lab_run_peek_bins (run, &n_bins);
  bins = g_memdup2 (peek, n_bins * sizeof (LabSeriesBin));
  lab_run_unlock (run);

  lab_json_writer_begin_object (w);
  lab_json_writer_member (w, "bin_seconds");
  lab_json_writer_double (w, LAB_RUN_BIN_WIDTH / 1e6);
  lab_json_writer_member (w, "startup_seconds");
  lab_json_writer_double (w, summary->startup_seconds);

  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      lab_json_writer_member (w, columns[c].name);
      lab_json_writer_begin_array_inline (w);
      for (gsize i = 0; i < n_bins; i++)
        {
          /* The last bin may be cut short by the end of the run. */
          gint64 bin_start = (gint64) i * LAB_RUN_BIN_WIDTH;
          double width = LAB_RUN_BIN_WIDTH;

          if (wall_us > bin_start && wall_us - bin_start < LAB_RUN_BIN_WIDTH)
            width = wall_us - bin_start;
          lab_json_writer_double (w, columns[c].value (&bins[i], width));
        }
      lab_json_writer_end_array (w);
    }

  lab_json_writer_end_object (w);
}

static void
write_workers (LabJsonWriter    *w,
               LabRun           *run,
               const LabSummary *summary)
{
  g_autofree LabWorkerStats *workers = NULL;
  const LabWorkerStats *peek;
  guint n_workers;

  lab_run_lock (run);
  peek = lab_run_peek_workers (run, &n_workers);
  workers = g_memdup2 (peek, n_workers * sizeof (LabWorkerStats));
  lab_run_unlock (run);

  lab_json_writer_begin_array (w);
  for (guint i = 0; i < n_workers; i++)
    {
      lab_json_writer_begin_object_inline (w);
      lab_json_writer_member (w, "id");
      lab_json_writer_uint (w, i);
      lab_json_writer_member (w, "busy_seconds");
      lab_json_writer_fixed (w, workers[i].busy_us, 6);
      lab_json_writer_member (w, "utilization");
      lab_json_writer_double (w, summary->task_seconds > 0
                                 ? workers[i].busy_us / 1e6 / summary->task_seconds : NAN);
      lab_json_writer_member (w, "tasks");
      lab_json_writer_uint (w, workers[i].tasks);
      lab_json_writer_member (w, "failed");
      lab_json_writer_uint (w, workers[i].failed);
      lab_json_writer_member (w, "gil_wait_seconds");
      lab_json_writer_fixed (w, workers[i].gil_wait_us, 6);
      lab_json_writer_end_object (w);
    }
  lab_json_writer_end_array (w);
}

/* Messages repeat: skip the message table's lock for a run of the same one. */
typedef struct
{
  guint32     id;
  const char *message;
} MessageCache;

static void
write_task (LabJsonWriter       *w,
            const LabConfig     *config,
            const LabTaskRecord *r,
            MessageCache        *cache)
{
  const char *message = NULL;

  if (r->message_id != 0)
    {
      if (r->message_id != cache->id)
        {
          cache->message = lab_message_lookup (r->message_id);
          cache->id = r->message_id;
        }
      message = cache->message;
    }

  lab_json_writer_begin_object_inline (w);
  lab_json_writer_member (w, "index");
  lab_json_writer_uint (w, r->index);
  lab_json_writer_member (w, "worker");
  if (r->worker == LAB_WORKER_NONE)
    lab_json_writer_null (w);
  else
    lab_json_writer_uint (w, r->worker);
  lab_json_writer_member (w, "start_ms");
  lab_json_writer_fixed (w, r->start_us, 3);
  lab_json_writer_member (w, "end_ms");
  lab_json_writer_fixed (w, r->end_us, 3);
  lab_json_writer_member (w, "status");
  lab_json_writer_string (w, lab_task_status_to_string (MIN (r->status, LAB_TASK_CANCELLED)));

  if (config->workload == LAB_WORKLOAD_PRIMES)
    {
      lab_json_writer_member (w, "is_prime");
      if (r->status == LAB_TASK_OK)
        lab_json_writer_boolean (w, r->is_prime);
      else
        lab_json_writer_null (w);
    }
  else
    {
      lab_json_writer_member (w, "http_status");
      if (r->http_status != 0)
        lab_json_writer_uint (w, r->http_status);
      else
        lab_json_writer_null (w);
      lab_json_writer_member (w, "bytes");
      lab_json_writer_uint (w, r->bytes);
      lab_json_writer_member (w, "ttfb_ms");
      if (r->http_status != 0)
        lab_json_writer_fixed (w, r->ttfb_us, 3);
      else
        lab_json_writer_null (w);
    }

  lab_json_writer_member (w, "error");
  lab_json_writer_string (w, message);

  if (config->simulate_gil)
    {
      lab_json_writer_member (w, "gil_wait_ms");
      lab_json_writer_fixed (w, r->gil_wait_us, 3);
    }

  lab_json_writer_end_object (w);
}

void
lab_snapshot_foreach_record (LabRun         *run,
                             LabRecordFunc   func,
                             gpointer        user_data)
{
  const LabConfig *config = lab_run_get_config (run);

  if (lab_run_is_finished (run))
    {
      /* A finished run's records never change again (every index is seen,
       * later additions are refused), so they can be read without the lock
       * once the order is known: position[index] = where its record is. */
      const LabTaskRecord *records;
      g_autofree guint32 *position = NULL;
      gsize n_records;

      lab_run_lock (run);
      records = lab_run_peek_records (run, &n_records);
      lab_run_unlock (run);

      g_assert (n_records < G_MAXUINT32);
      position = g_new (guint32, config->count);
      memset (position, 0xff, config->count * sizeof (guint32));
      for (gsize i = 0; i < n_records; i++)
        if (records[i].index < config->count)
          position[records[i].index] = (guint32) i;

      for (guint64 index = 0; index < config->count; index++)
        if (position[index] != G_MAXUINT32)
          func (&records[position[index]], user_data);
    }
  else
    {
      g_autoptr(GArray) sorted = lab_run_dup_records_by_index (run);

      for (guint i = 0; i < sorted->len; i++)
        func (&g_array_index (sorted, LabTaskRecord, i), user_data);
    }
}

typedef struct
{
  LabJsonWriter   *writer;
  const LabConfig *config;
  MessageCache     cache;
} WriteTasks;

static void
write_one_task (const LabTaskRecord *record,
                gpointer             user_data)
{
  WriteTasks *data = user_data;

  write_task (data->writer, data->config, record, &data->cache);
}

static void
write_tasks (LabJsonWriter   *w,
             LabRun          *run,
             const LabConfig *config)
{
  WriteTasks data = { w, config, { 0 } };

  lab_json_writer_begin_array (w);
  lab_snapshot_foreach_record (run, write_one_task, &data);
  lab_json_writer_end_array (w);
}

void
lab_snapshot_begin_document (LabJsonWriter *w,
                             const char    *format,
                             int            version,
                             GDateTime     *created,
                             JsonNode      *environment)
{
  g_autofree char *created_text = lab_snapshot_format_time (created);

  lab_json_writer_begin_object (w);
  lab_json_writer_member (w, "format");
  lab_json_writer_string (w, format);
  lab_json_writer_member (w, "version");
  lab_json_writer_int (w, version);
  lab_json_writer_member (w, "created");
  lab_json_writer_string (w, created_text);
  lab_json_writer_member (w, "environment");
  lab_environment_write_stored_json (environment, w);
}

gboolean
lab_snapshot_write (LabRun         *run,
                    GOutputStream  *stream,
                    GError        **error)
{
  g_autoptr(LabJsonWriter) w = NULL;
  g_autoptr(JsonNode) config_node = NULL;
  const LabConfig *config;
  const GError *run_error;
  guint64 http_status_counts[LAB_HTTP_STATUS_MAX];
  LabSummary summary;

  g_return_val_if_fail (LAB_IS_RUN (run), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  config = lab_run_get_config (run);
  config_node = lab_config_to_json (config);
  run_error = lab_run_get_error (run);
  lab_run_get_summary (run, &summary);

  lab_run_lock (run);
  memcpy (http_status_counts, lab_run_peek_http_status_counts (run), sizeof http_status_counts);
  lab_run_unlock (run);

  w = lab_json_writer_new (stream);
  lab_snapshot_begin_document (w, LAB_SNAPSHOT_FORMAT, LAB_SNAPSHOT_VERSION,
                               lab_run_get_created (run), lab_snapshot_get_environment (run));
  lab_json_writer_member (w, "config");
  lab_json_writer_node (w, config_node);
  lab_json_writer_member (w, "summary");
  lab_snapshot_write_summary (w, config, &summary, http_status_counts,
                              run_error != NULL ? run_error->message : NULL);
  lab_json_writer_member (w, "series");
  write_series (w, run, &summary);
  lab_json_writer_member (w, "workers");
  write_workers (w, run, &summary);
  lab_json_writer_member (w, "tasks");
  write_tasks (w, run, config);
  lab_json_writer_end_object (w);

  return lab_json_writer_finish (w, error);
}
