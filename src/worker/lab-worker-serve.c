/* lab-worker-serve.c
 *
 * The worker's side of the protocol (see lab-worker-protocol.h). It is
 * deliberately plain: blocking reads when there is nothing to run, blocking
 * writes of whole batches, one task at a time on the main thread. Records go
 * out at the end of chunks (see run_chunk()), and sooner when the oldest has
 * waited LAB_WORKER_FLUSH_INTERVAL_US (lab-worker-outbox.c) — so the parent
 * always knows, to within that interval, which task this worker is running.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "lab-config-json.h"
#include "lab-error.h"
#include "lab-worker-outbox.h"
#include "lab-worker-protocol.h"
#include "lab-worker-serve.h"
#include "lab-workload.h"

#define READ_SIZE (64 * 1024)

typedef struct
{
  int              in_fd;
  int              out_fd;

  guint8          *in;         /* bytes read; parsed up to in_pos */
  gsize            in_pos;
  gsize            in_len;
  gsize            in_cap;
  gsize            scan_pos;   /* whole frames counted up to here */
  gsize            buffered;   /* task indices read and not yet started */

  LabWorkerOutbox *outbox;
  GByteArray      *frames;     /* READY or ERROR, on its way */

  LabWorkload     *workload;
  gpointer         worker_data;
  guint            worker;
  GTimeSpan        timeout;
} Worker;

/* Reads more input, blocking. FALSE at the end of input or on an error. */
static gboolean
read_more (Worker *self)
{
  gssize n;

  if (self->in_pos > 0)
    {
      memmove (self->in, self->in + self->in_pos, self->in_len - self->in_pos);
      self->in_len -= self->in_pos;
      self->scan_pos -= self->in_pos;
      self->in_pos = 0;
    }

  if (self->in_cap - self->in_len < READ_SIZE)
    {
      self->in_cap = MAX (self->in_cap * 2, self->in_len + READ_SIZE);
      self->in = g_realloc (self->in, self->in_cap);
    }

  do
    n = read (self->in_fd, self->in + self->in_len, self->in_cap - self->in_len);
  while (n < 0 && errno == EINTR);

  if (n <= 0)
    return FALSE;

  self->in_len += n;

  /* Count the task indices of the whole frames that came in (the frames are
   * checked properly when their turn comes). */
  while (self->in_len - self->scan_pos >= LAB_WORKER_FRAME_HEADER_SIZE)
    {
      guint32 type = lab_worker_read_u32 (self->in + self->scan_pos);
      guint32 len = lab_worker_read_u32 (self->in + self->scan_pos + 4);

      if (self->in_len - self->scan_pos - LAB_WORKER_FRAME_HEADER_SIZE < len)
        break;
      if (type == LAB_WORKER_FRAME_TASKS)
        self->buffered += len / 8;
      self->scan_pos += LAB_WORKER_FRAME_HEADER_SIZE + len;
    }

  return TRUE;
}

static void
consume (Worker *self,
         gsize   len)
{
  self->in_pos += len;
}

/* Waits for a whole frame at the start of the input; FALSE at the end of
 * input or with @error set for garbage. */
static gboolean
next_frame (Worker              *self,
            LabWorkerFrameType  *type,
            const guint8       **payload,
            gsize               *payload_len,
            gsize               *frame_len,
            GError             **error)
{
  for (;;)
    {
      if (lab_worker_frame_parse (self->in + self->in_pos, self->in_len - self->in_pos, FALSE,
                                  type, payload, payload_len, frame_len, error))
        return TRUE;
      if (*error != NULL)
        return FALSE;
      if (!read_more (self))
        return FALSE;
    }
}

static void
send_error (Worker       *self,
            const GError *error)
{
  lab_worker_append_message (self->frames, LAB_WORKER_FRAME_ERROR, 0, error->message);
  lab_worker_outbox_flush (self->outbox, self->frames);
}

static LabWorkload *
workload_new_from_json (const char  *json,
                        gssize       len,
                        LabConfig  **config_out,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(LabConfig) config = NULL;
  LabWorkload *workload;

  if (!json_parser_load_from_data (parser, json, len, error) ||
      !(config = lab_config_new_from_json (json_parser_get_root (parser), error)) ||
      !(workload = lab_workload_new_for_config (config, error)))
    return NULL;

  *config_out = g_steal_pointer (&config);
  return workload;
}

LabWorkerPrepared *
lab_worker_prepared_new (const char *config_json,
                         gsize       len)
{
  g_autoptr(LabWorkerPrepared) self = g_new0 (LabWorkerPrepared, 1);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!g_utf8_validate_len (config_json, len, NULL) ||
      !json_parser_load_from_data (parser, config_json, len, NULL) ||
      !(self->config = lab_config_new_from_json (json_parser_get_root (parser), NULL)))
    return NULL;

  /* A url configuration without URLs would start a lab server of its own,
   * threads and all: never in a fork server. (The pool always sends URLs.) */
  if (self->config->workload == LAB_WORKLOAD_URL &&
      (self->config->urls == NULL || self->config->urls[0] == NULL))
    return NULL;

  self->config_json = g_strndup (config_json, len);
  self->workload = lab_workload_new_for_config (self->config, NULL);

  return self->workload != NULL ? g_steal_pointer (&self) : NULL;
}

void
lab_worker_prepared_free (LabWorkerPrepared *self)
{
  g_clear_object (&self->workload);
  g_clear_pointer (&self->config, lab_config_free);
  g_free (self->config_json);
  g_free (self);
}

static gboolean
setup (Worker                   *self,
       const LabWorkerPrepared  *prepared,
       GError                  **error)
{
  g_autoptr(LabConfig) config = NULL;
  g_autofree char *json = NULL;
  LabWorkerFrameType type;
  const guint8 *payload;
  gsize payload_len, frame_len;

  /* The input ending first is no error: the pool was done with us. */
  if (!next_frame (self, &type, &payload, &payload_len, &frame_len, error))
    return FALSE;
  if (type != LAB_WORKER_FRAME_HELLO)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_PROTOCOL, "expected a hello, got frame type %u", type);
      return FALSE;
    }
  if (!lab_worker_parse_hello (payload, payload_len, &self->worker, &json, error))
    return FALSE;
  consume (self, frame_len);

  if (prepared != NULL && g_str_equal (json, prepared->config_json))
    {
      self->workload = g_object_ref (prepared->workload);
      self->timeout = prepared->config->timeout;
    }
  else if ((self->workload = workload_new_from_json (json, -1, &config, error)) != NULL)
    self->timeout = config->timeout;
  else
    {
      g_prefix_error (error, "Worker %u could not set up its workload: ", self->worker);
      return FALSE;
    }

  self->worker_data = lab_workload_worker_data_new (self->workload, self->worker, error);
  if (*error != NULL)
    return FALSE;

  lab_worker_append_ready (self->frames, (guint32) getpid ());
  return lab_worker_outbox_flush (self->outbox, self->frames);
}

/* Returns the number of records pending. */
static guint
add_record (Worker              *self,
            const LabTaskRecord *record,
            gint64               start,
            gint64               end)
{
  LabWorkerRecord wire = { 0 };

  wire.index = record->index;
  wire.start_abs = start;
  wire.end_abs = end;
  wire.bytes = record->bytes;
  wire.message_id = record->message_id;
  wire.ttfb_us = record->ttfb_us;
  wire.gil_wait_us = record->gil_wait_us;
  wire.http_status = record->http_status;
  wire.status = record->status;
  wire.is_prime = record->is_prime;

  return lab_worker_outbox_add (self->outbox, &wire,
                                record->message_id != 0 ? lab_message_lookup (record->message_id) : NULL,
                                end);
}

/* Runs one chunk; FALSE when the parent is gone.
 *
 * At the end of a chunk the records go out once they are at least as many
 * as the tasks still buffered: the parent, which keeps at most max-in-flight
 * tasks out, then has room to send more before this worker runs dry. With
 * the usual two chunks in flight that is every chunk; with a deep queue of
 * small chunks, one write carries many chunks' records. */
static gboolean
run_chunk (Worker       *self,
           const guint8 *indices,
           gsize         n)
{
  LabTaskContext ctx = { 0 };
  gint64 now;

  self->buffered -= MIN (self->buffered, n);

  ctx.worker = self->worker;
  ctx.worker_data = self->worker_data;

  /* One clock read between two tasks: the end of one is the start of the
   * next (the record keeping in between is a few dozen nanoseconds). */
  now = g_get_monotonic_time ();

  for (gsize i = 0; i < n; i++)
    {
      LabTaskRecord record = { 0 };
      gint64 start = now;

      record.index = lab_worker_read_u64 (indices + i * 8);
      record.worker = self->worker;

      ctx.deadline = self->timeout > 0 ? start + self->timeout : G_MAXINT64;
      ctx.gil_wait = 0;
      lab_workload_run_sync (self->workload, &ctx, &record);
      now = g_get_monotonic_time ();

      if (add_record (self, &record, start, now) * LAB_WORKER_RECORD_SIZE >= LAB_WORKER_FLUSH_BYTES)
        {
          if (!lab_worker_outbox_flush (self->outbox, NULL))
            return FALSE;
          now = g_get_monotonic_time ();
        }
    }

  if (lab_worker_outbox_get_n_pending (self->outbox) >= self->buffered)
    return lab_worker_outbox_flush (self->outbox, NULL);

  return TRUE;
}

int
lab_worker_serve (int                      in_fd,
                  int                      out_fd,
                  const LabWorkerPrepared *prepared)
{
  g_autoptr(GError) error = NULL;
  Worker self = { 0 };
  int status = 0;

  self.in_fd = in_fd;
  self.out_fd = out_fd;
  self.frames = g_byte_array_new ();
  self.outbox = lab_worker_outbox_new (out_fd);

  if (!setup (&self, prepared, &error))
    {
      if (error != NULL)
        {
          g_printerr ("concurrency-lab-worker: %s\n", error->message);
          send_error (&self, error);
        }
      status = 1;
      goto out;
    }

  for (;;)
    {
      LabWorkerFrameType type;
      const guint8 *payload;
      gsize payload_len, frame_len;

      if (!next_frame (&self, &type, &payload, &payload_len, &frame_len, &error))
        break;

      if (type != LAB_WORKER_FRAME_TASKS)
        {
          g_set_error (&error, LAB_ERROR, LAB_ERROR_PROTOCOL,
                       "expected task indices, got frame type %u", type);
          break;
        }

      if (!run_chunk (&self, payload, payload_len / 8))
        break;
      consume (&self, frame_len);
    }

  if (error != NULL)
    {
      g_printerr ("concurrency-lab-worker %u: protocol error: %s\n", self.worker, error->message);
      send_error (&self, error);
      status = 1;
    }

out:
  if (self.worker_data != NULL)
    lab_workload_worker_data_free (self.workload, self.worker_data);
  g_clear_object (&self.workload);
  lab_worker_outbox_free (self.outbox);
  g_byte_array_unref (self.frames);
  g_free (self.in);

  return status;
}
