/* lab-process-worker.c
 *
 * One worker of the process pool, seen from the pool's I/O thread: its two
 * pipes, non-blocking, and the frames that come through them. Everything a
 * worker says is checked before it is believed (lab-worker-protocol.c checks
 * the framing; here, that each record is for the task at the head of its
 * queue, with possible times and known messages). A worker that says
 * anything else is let go with a "worker protocol error".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "lab-error.h"
#include "lab-process-executor-private.h"
#include "lab-worker-protocol.h"

#define READ_SIZE   (64 * 1024)
/* Read at most this much from one worker per dispatch, to be fair to others. */
#define READ_BUDGET (1024 * 1024)

void
lab_process_worker_close_to (LabProcessWorker *worker)
{
  if (worker->to_tag != NULL)
    g_source_remove_unix_fd (worker->pool->source, worker->to_tag);
  if (worker->to_fd >= 0)
    close (worker->to_fd);
  worker->to_tag = NULL;
  worker->to_fd = -1;
  worker->want_out = FALSE;
  g_byte_array_set_size (worker->out, 0);
  worker->out_pos = 0;
}

void
lab_process_worker_close (LabProcessWorker *worker)
{
  lab_process_worker_close_to (worker);
  if (worker->from_tag != NULL)
    g_source_remove_unix_fd (worker->pool->source, worker->from_tag);
  if (worker->from_fd >= 0)
    close (worker->from_fd);
  worker->from_tag = NULL;
  worker->from_fd = -1;
  worker->in_len = 0;
  g_hash_table_remove_all (worker->messages);
}

void
lab_process_worker_set_state (LabProcessWorker      *worker,
                              LabProcessWorkerState  state)
{
  if (worker->state == LAB_PROCESS_WORKER_READY)
    worker->pool->n_ready--;
  worker->state = state;
  worker->since = g_get_monotonic_time ();
  if (state == LAB_PROCESS_WORKER_READY)
    worker->pool->n_ready++;
}

void
lab_process_worker_flush_out (LabProcessWorker *worker)
{
  gboolean want_out;

  while (worker->to_fd >= 0 && worker->out_pos < worker->out->len)
    {
      gssize n = write (worker->to_fd, worker->out->data + worker->out_pos,
                        worker->out->len - worker->out_pos);

      if (n > 0)
        worker->out_pos += n;
      else if (n < 0 && errno == EINTR)
        continue;
      else if (n < 0 && errno == EAGAIN)
        break;
      else
        {
          /* Its stdin is closed: it is dying, and its stdout will say so. */
          lab_process_worker_close_to (worker);
          return;
        }
    }

  if (worker->out_pos == worker->out->len)
    {
      g_byte_array_set_size (worker->out, 0);
      worker->out_pos = 0;
    }
  else if (worker->out_pos >= worker->out->len / 2)
    {
      g_byte_array_remove_range (worker->out, 0, worker->out_pos);
      worker->out_pos = 0;
    }

  want_out = worker->out->len > 0;
  if (want_out != worker->want_out)
    {
      worker->want_out = want_out;
      g_source_modify_unix_fd (worker->pool->source, worker->to_tag,
                               want_out ? G_IO_OUT | G_IO_ERR : G_IO_ERR);
    }
}

static void
protocol_error (LabProcessWorker *worker,
                const GError     *error)
{
  g_autofree char *message = g_strdup_printf ("worker protocol error: %s", error->message);

  lab_process_pool_retire (worker, LAB_TASK_FAILED, message);
}

static gboolean
take_record (LabProcessWorker       *worker,
             const LabWorkerRecord  *wire,
             gint64                  now,
             GError                **error)
{
  LabProcessPool *pool = worker->pool;
  LabTaskRecord record = { 0 };
  gpointer message_id = NULL;
  LabInFlight *head;

  if (worker->q_len == 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_PROTOCOL,
                   "a record for task %" G_GUINT64_FORMAT ", which it was not given", wire->index);
      return FALSE;
    }
  head = lab_process_worker_head (worker);
  if (wire->index != head->index)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_PROTOCOL,
                   "a record for task %" G_GUINT64_FORMAT " where task %" G_GUINT64_FORMAT
                   " was due", wire->index, head->index);
      return FALSE;
    }
  if (wire->status > LAB_TASK_CANCELLED || wire->is_prime > 1)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_PROTOCOL,
                   "a record with status %u and result %u", wire->status, wire->is_prime);
      return FALSE;
    }
  /* One clock for all (CLOCK_MONOTONIC): a task starts after it was sent and
   * after the worker's previous task, and ends before we read its record. */
  if (wire->start_abs < lab_process_worker_head_since (worker) ||
      wire->end_abs < wire->start_abs || wire->end_abs > now)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_PROTOCOL,
                   "a record for task %" G_GUINT64_FORMAT " with impossible times", wire->index);
      return FALSE;
    }
  if (wire->message_id != 0 &&
      !g_hash_table_lookup_extended (worker->messages, GUINT_TO_POINTER (wire->message_id),
                                     NULL, &message_id))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_PROTOCOL,
                   "a record with the undefined message %u", wire->message_id);
      return FALSE;
    }

  record.index = wire->index;
  record.start_us = wire->start_abs - pool->execution->origin;
  record.end_us = wire->end_abs - pool->execution->origin;
  record.bytes = wire->bytes;
  record.worker = worker->id;
  record.message_id = GPOINTER_TO_UINT (message_id);
  record.ttfb_us = wire->ttfb_us;
  record.gil_wait_us = wire->gil_wait_us;
  record.http_status = wire->http_status;
  record.status = wire->status;
  record.is_prime = wire->is_prime;
  lab_process_pool_add_record (pool, &record);

  worker->last_end = wire->end_abs;
  worker->n_done++;
  pool->fruitless = 0;
  lab_process_worker_pop (worker);
  pool->in_flight--;

  return TRUE;
}

static gboolean
handle_frame (LabProcessWorker    *worker,
              LabWorkerFrameType   type,
              const guint8        *payload,
              gsize                len,
              gint64               now,
              GError             **error)
{
  LabProcessPool *pool = worker->pool;
  g_autofree char *text = NULL;
  guint32 value;

  if (type != LAB_WORKER_FRAME_ERROR &&
      (type == LAB_WORKER_FRAME_READY) != (worker->state == LAB_PROCESS_WORKER_STARTING))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_PROTOCOL,
                   type == LAB_WORKER_FRAME_READY ? "ready twice" : "frame type %u before ready",
                   type);
      return FALSE;
    }

  switch (type)
    {
    case LAB_WORKER_FRAME_READY:
      /* The pid it gives is not checked: a launcher may put a wrapper in
       * between. */
      if (!lab_worker_parse_ready (payload, len, &value, error))
        return FALSE;
      lab_process_worker_set_state (worker, LAB_PROCESS_WORKER_READY);
      if (!pool->ready && pool->n_ready == pool->n_workers)
        {
          pool->ready = TRUE;
          lab_run_mark_ready (pool->execution->run);
        }
      return TRUE;

    case LAB_WORKER_FRAME_MESSAGE:
      if (!lab_worker_parse_text (payload, len, TRUE, &value, &text, error))
        return FALSE;
      if (g_hash_table_size (worker->messages) >= LAB_PROCESS_MAX_MESSAGES)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_PROTOCOL, "more than %d messages",
                       LAB_PROCESS_MAX_MESSAGES);
          return FALSE;
        }
      g_hash_table_insert (worker->messages, GUINT_TO_POINTER (value),
                           GUINT_TO_POINTER (lab_message_intern (text)));
      return TRUE;

    case LAB_WORKER_FRAME_RECORDS:
      for (gsize i = 0; i < len; i += LAB_WORKER_RECORD_SIZE)
        {
          LabWorkerRecord wire;

          lab_worker_read_record (payload + i, &wire);
          if (!take_record (worker, &wire, now, error))
            return FALSE;
        }
      return TRUE;

    case LAB_WORKER_FRAME_ERROR:
      if (!lab_worker_parse_text (payload, len, FALSE, NULL, &text, error))
        return FALSE;
      lab_process_pool_fail (pool, g_error_new (LAB_ERROR, LAB_ERROR_WORKER, "Worker %u failed: %s",
                                                worker->id, text));
      return TRUE;

    case LAB_WORKER_FRAME_HELLO:
    case LAB_WORKER_FRAME_TASKS:
    default:
      g_assert_not_reached ();
    }
}

void
lab_process_worker_read (LabProcessWorker *worker)
{
  g_autoptr(GError) error = NULL;
  gsize budget = READ_BUDGET;

  while (worker->from_fd >= 0 && budget > 0)
    {
      gsize space, pos = 0;
      gssize n;
      gint64 now;

      if (worker->in_cap - worker->in_len < READ_SIZE)
        {
          worker->in_cap = MAX (worker->in_cap * 2, worker->in_len + READ_SIZE);
          worker->in = g_realloc (worker->in, worker->in_cap);
        }
      space = worker->in_cap - worker->in_len;

      n = read (worker->from_fd, worker->in + worker->in_len, space);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        return;
      if (n <= 0)
        {
          /* Its stdout closed: it has exited or is exiting. Its exit status
           * says why; wait for it (briefly) before charging its task. */
          lab_process_worker_close (worker);
          if (worker->state != LAB_PROCESS_WORKER_DYING)
            lab_process_worker_set_state (worker, LAB_PROCESS_WORKER_DYING);
          return;
        }

      worker->in_len += n;
      budget -= MIN (budget, (gsize) n);
      now = g_get_monotonic_time ();

      for (;;)
        {
          LabWorkerFrameType type;
          const guint8 *payload;
          gsize payload_len, frame_len;

          if (!lab_worker_frame_parse (worker->in + pos, worker->in_len - pos, TRUE,
                                       &type, &payload, &payload_len, &frame_len, &error))
            break;
          if (!handle_frame (worker, type, payload, payload_len, now, &error))
            break;
          pos += frame_len;
          if (worker->from_fd < 0)   /* it was let go (an ERROR frame) */
            return;
        }

      if (error != NULL)
        {
          protocol_error (worker, error);
          return;
        }

      memmove (worker->in, worker->in + pos, worker->in_len - pos);
      worker->in_len -= pos;

      /* A short read emptied the pipe. */
      if ((gsize) n < space)
        return;
    }
}
