/* lab-url-workload-async.c
 *
 * The url workload's non-blocking form, for the async model: libsoup's async
 * API on the loop's thread-default context, a chain of callbacks per task
 * (send → read … read → close) and a timer source on the same loop for the
 * task's timeout. N of these chains are in flight on one thread.
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
close_stream (Request *request)
{
  /* Past the end, or with the rest of the body unread: then the connection
   * is not reused. */
  g_input_stream_close_async (request->stream, G_PRIORITY_DEFAULT, NULL, on_closed, request);
}

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Request *request = user_data;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &request->outcome.error);

  if (n <= 0)
    {
      close_stream (request);
      return;
    }

  request->outcome.bytes += n;
  if (request->outcome.bytes > lab_url_workload_get_max_body (request->self))
    {
      request->outcome.too_large = TRUE;
      close_stream (request);
      return;
    }

  read_next (request);
}

static void
read_next (Request *request)
{
  guint64 max_body = lab_url_workload_get_max_body (request->self);
  gsize want = MIN (LAB_URL_BUFFER_SIZE, max_body + 1 - request->outcome.bytes);

  g_input_stream_read_async (request->stream, request->worker->buffer, want,
                             G_PRIORITY_DEFAULT, request->cancellable, on_read, request);
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
