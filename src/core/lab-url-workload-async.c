/* lab-url-workload-async.c
 *
 * The url workload's non-blocking form, for the async model: libsoup's async
 * API on the loop's thread-default context, a chain of callbacks per task
 * (send → read … read → close) and a timer source on the same loop for the
 * task's timeout. N of these chains are in flight on one thread. What the
 * body stream already holds is read without waiting; only a read that would
 * block goes through the loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-url-workload-private.h"

typedef struct
{
  LabUrlWorkload  *self;
  LabTaskRecord   *record;
  LabTaskDoneFunc  done;
  gpointer         user_data;
  LabUrlWorker    *worker;
  GCancellable    *cancellable;
  GInputStream    *stream;
  gboolean         pollable;
  LabUrlOutcome    outcome;
} Request;

static void read_next (Request *request);

static void
request_complete (Request *request)
{
  LabTaskRecord *record = request->record;
  LabTaskDoneFunc done = request->done;
  gpointer user_data = request->user_data;

  lab_url_workload_finish_record (request->self, &request->outcome, record);

  g_clear_object (&request->stream);
  g_free (request);

  /* Last: the executor may start its next task in the same slot. */
  done (record, user_data);
}

static void
on_closed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Request *request = user_data;

  g_input_stream_close_finish (G_INPUT_STREAM (object), result, NULL);
  request_complete (request);
}

static void
finish_body (Request *request,
             gboolean at_end)
{
  if (at_end)
    {
      /* Past the end, closing does no I/O: at once, and the connection
       * goes back to the session for the next request. */
      g_input_stream_close (request->stream, NULL, NULL);
      request_complete (request);
      return;
    }

  /* With the rest of the body unread, or after an error: then the
   * connection is not reused. */
  g_input_stream_close_async (request->stream, G_PRIORITY_DEFAULT, NULL, on_closed, request);
}

/* Counts @n bytes just read (or the end, or an error); returns whether to
 * read on. */
static gboolean
take (Request *request,
      gssize   n)
{
  if (n < 0)
    {
      finish_body (request, FALSE);
      return FALSE;
    }
  if (n == 0)
    {
      finish_body (request, TRUE);
      return FALSE;
    }

  request->outcome.bytes += n;
  if (request->outcome.bytes > lab_url_workload_get_max_body (request->self))
    {
      request->outcome.too_large = TRUE;
      finish_body (request, FALSE);
      return FALSE;
    }

  return TRUE;
}

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Request *request = user_data;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &request->outcome.error);
  if (take (request, n))
    read_next (request);
}

/* Reads what is there without a round trip through the loop (a small body
 * is usually in with the headers), and waits for the rest. */
static void
read_next (Request *request)
{
  GInputStream *stream = request->stream;
  guint64 max_body = lab_url_workload_get_max_body (request->self);

  for (;;)
    {
      gsize want = lab_url_read_size (max_body, request->outcome.bytes);
      gssize n;

      if (!request->pollable)
        {
          g_input_stream_read_async (stream, request->worker->buffer, want, G_PRIORITY_DEFAULT,
                                     request->cancellable, on_read, request);
          return;
        }

      n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (stream),
                                                    request->worker->buffer, want,
                                                    request->cancellable, &request->outcome.error);
      if (n < 0 && g_error_matches (request->outcome.error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_clear_error (&request->outcome.error);
          g_input_stream_read_async (stream, request->worker->buffer, want, G_PRIORITY_DEFAULT,
                                     request->cancellable, on_read, request);
          return;
        }

      if (!take (request, n))
        return;
    }
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Request *request = user_data;

  request->stream = soup_session_send_finish (SOUP_SESSION (object), result, &request->outcome.error);
  if (request->stream == NULL)
    {
      request_complete (request);
      return;
    }

  request->outcome.got_headers = TRUE;
  request->pollable = G_IS_POLLABLE_INPUT_STREAM (request->stream) &&
                      g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (request->stream));
  request->record->ttfb_us = (guint32) MIN (g_get_monotonic_time () - request->outcome.start,
                                            G_MAXUINT32);
  read_next (request);
}

void
lab_url_workload_run_async (LabWorkload     *workload,
                            LabTaskContext  *ctx,
                            LabTaskRecord   *record,
                            LabTaskDoneFunc  done,
                            gpointer         user_data)
{
  LabUrlWorkload *self = LAB_URL_WORKLOAD (workload);
  Request *request = g_new0 (Request, 1);

  request->self = self;
  request->record = record;
  request->done = done;
  request->user_data = user_data;
  request->worker = ctx->worker_data;
  request->cancellable = ctx->cancellable;
  request->outcome.start = g_get_monotonic_time ();
  request->outcome.msg = lab_url_workload_new_message (self, request->worker, record->index,
                                                       &request->outcome.url);

  if (request->outcome.msg == NULL)
    {
      request->outcome.error = g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                            "“%s” is not a valid URL once {i} is replaced",
                                            request->outcome.url->template);
      request_complete (request);
      return;
    }

  if (ctx->deadline != G_MAXINT64)
    {
      request->outcome.guard = lab_url_guard_new (ctx->cancellable, ctx->deadline,
                                                  g_main_context_get_thread_default ());
      request->cancellable = lab_url_guard_get_cancellable (request->outcome.guard);
    }

  soup_session_send_async (request->worker->sessions[ctx->worker % request->worker->n_sessions],
                           request->outcome.msg, G_PRIORITY_DEFAULT,
                           request->cancellable, on_sent, request);
}
