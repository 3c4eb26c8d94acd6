/* lab-report-csv.c: one row per task, in index order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-format.h"
#include "lab-report.h"
#include "lab-snapshot.h"

#define CSV_FLUSH_AT (64 * 1024)

typedef struct
{
  GOutputStream   *stream;
  const LabConfig *config;
  GString         *buffer;
  GError          *error;
  guint32          cached_id;
  const char      *cached_message;
} CsvWriter;

static void
csv_flush (CsvWriter *csv)
{
  if (csv->error == NULL && csv->buffer->len > 0)
    g_output_stream_write_all (csv->stream, csv->buffer->str, csv->buffer->len,
                               NULL, NULL, &csv->error);
  g_string_truncate (csv->buffer, 0);
}

static void
csv_write_record (const LabTaskRecord *r,
                  gpointer             user_data)
{
  CsvWriter *csv = user_data;
  GString *line = csv->buffer;

  if (csv->error != NULL)
    return;

  g_string_append_printf (line, "%" G_GUINT64_FORMAT ",", r->index);
  if (r->worker != LAB_WORKER_NONE)
    g_string_append_printf (line, "%u", r->worker);
  g_string_append_c (line, ',');
  lab_format_append_micros_as_millis (line, r->start_us);
  g_string_append_c (line, ',');
  lab_format_append_micros_as_millis (line, r->end_us);
  g_string_append_c (line, ',');
  lab_format_append_micros_as_millis (line, r->end_us - r->start_us);
  g_string_append_printf (line, ",%s,", lab_task_status_to_string (MIN (r->status, LAB_TASK_CANCELLED)));

  if (csv->config->workload == LAB_WORKLOAD_PRIMES)
    {
      if (r->status == LAB_TASK_OK)
        g_string_append (line, r->is_prime ? "true" : "false");
    }
  else
    {
      if (r->http_status != 0)
        g_string_append_printf (line, "%u", r->http_status);
      g_string_append_printf (line, ",%" G_GUINT64_FORMAT ",", r->bytes);
      if (r->http_status != 0)
        lab_format_append_micros_as_millis (line, r->ttfb_us);
    }
  g_string_append_c (line, ',');
  if (csv->config->simulate_gil)
    lab_format_append_micros_as_millis (line, r->gil_wait_us);
  g_string_append_c (line, ',');

  if (r->message_id != 0)
    {
      if (r->message_id != csv->cached_id)
        {
          csv->cached_message = lab_message_lookup (r->message_id);
          csv->cached_id = r->message_id;
        }
      lab_csv_append_field (line, csv->cached_message);
    }
  g_string_append (line, "\r\n");

  if (line->len >= CSV_FLUSH_AT)
    csv_flush (csv);
}

gboolean
lab_report_write_csv (LabRun         *run,
                      GOutputStream  *stream,
                      GError        **error)
{
  CsvWriter csv = { 0 };

  csv.stream = stream;
  csv.config = lab_run_get_config (run);
  csv.buffer = g_string_sized_new (CSV_FLUSH_AT + 1024);

  if (csv.config->workload == LAB_WORKLOAD_PRIMES)
    g_string_append (csv.buffer, "index,worker,start_ms,end_ms,duration_ms,status,is_prime,gil_wait_ms,error\r\n");
  else
    g_string_append (csv.buffer, "index,worker,start_ms,end_ms,duration_ms,status,http_status,bytes,ttfb_ms,gil_wait_ms,error\r\n");

  lab_snapshot_foreach_record (run, csv_write_record, &csv);
  csv_flush (&csv);
  g_string_free (csv.buffer, TRUE);

  if (csv.error == NULL)
    g_output_stream_flush (stream, NULL, &csv.error);
  if (csv.error != NULL)
    {
      g_propagate_error (error, csv.error);
      return FALSE;
    }
  return TRUE;
}
