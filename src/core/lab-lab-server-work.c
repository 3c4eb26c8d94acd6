/* lab-lab-server-work.c
 *
 * The lab server's /work endpoint: a response shaped by query parameters.
 * Everything here runs on the server's thread, and nothing sleeps: a delay
 * pauses the message and a timer source unpauses it, so a thousand delayed
 * requests cost one delay. The body is streamed from one static block of
 * bytes, one piece at a time (the next piece is appended when the previous
 * one has been written), so a 1 GiB body costs 64 KiB of memory shared by
 * every response; a `rate` spaces the pieces out in time; a `drop` stops
 * half-way and closes the connection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "lab-lab-server.h"
#include "lab-lab-server-private.h"

#define BLOCK_SIZE (64 * 1024)
/* A trickled body is sent in pieces of about 1/20 s worth of bytes. */
#define RATE_PIECES_PER_SECOND 20

struct _LabWorkEndpoint
{
  LabAcceptor *acceptor;
  GRand  *rand;
  GQueue  responses;    /* of Response, in progress */
};

typedef struct
{
  LabWorkEndpoint   *endpoint;
  GList              link;
  SoupServerMessage *msg;
  GSocket           *socket;      /* the connection's, when known (marked busy) */
  GSource           *timer;       /* delay, trickle or drop: one at a time */
  guint64            size;        /* body bytes to send */
  guint64            limit;       /* bytes sent before completing or dropping */
  guint64            queued;      /* bytes appended so far */
  guint64            rate;
  gint64             body_start;  /* monotonic µs, when the headers were written */
  gboolean           chunked;
  gboolean           dropping;
} Response;

static char block[BLOCK_SIZE];

static void response_feed (Response *response,
                           gboolean  paused);

static void
init_block (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      static const char pattern[] = "concurrency-lab ";

      for (gsize i = 0; i < BLOCK_SIZE; i++)
        block[i] = pattern[i % (sizeof pattern - 1)];
      g_once_init_leave (&initialized, 1);
    }
}

/* Responses ----------------------------------------------------------------- */

static void
response_free (Response *response)
{
  if (response->timer != NULL)
    {
      g_source_destroy (response->timer);
      g_clear_pointer (&response->timer, g_source_unref);
    }
  if (response->socket != NULL)
    {
      lab_acceptor_mark_busy (response->socket, -1);
      g_clear_object (&response->socket);
    }
  g_signal_handlers_disconnect_by_data (response->msg, response);
  g_queue_unlink (&response->endpoint->responses, &response->link);
  g_clear_object (&response->msg);
  g_free (response);
}

static void
response_set_timer (Response    *response,
                    gint64       ready_time,
                    GSourceFunc  callback)
{
  g_assert (response->timer == NULL);

  response->timer = g_timeout_source_new (0);
  g_source_set_ready_time (response->timer, ready_time);
  g_source_set_callback (response->timer, callback, response, NULL);
  g_source_set_static_name (response->timer, "[lab] server response timer");
  g_source_attach (response->timer, g_main_context_get_thread_default ());
}

static void
response_clear_timer (Response *response)
{
  g_clear_pointer (&response->timer, g_source_unref);
}

/* Resets the connection with the body half sent (a close with SO_LINGER 0
 * sends RST): the client sees its connection die before the announced
 * length, or inside a chunked body. Stealing the connection from libsoup
 * instead would have it end a chunked body properly first. */
static gboolean
on_drop (gpointer user_data)
{
  Response *response = user_data;
  g_autoptr(SoupServerMessage) msg = g_object_ref (response->msg);
  g_autoptr(GSocket) socket = response->socket != NULL ? g_object_ref (response->socket) : NULL;
  guint64 missing = response->size - response->queued;

  response_clear_timer (response);
  response_free (response);

  if (socket == NULL)
    {
      /* Not one of our accept loop's: close it the way libsoup allows. */
      g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

      if (stream != NULL)
        g_io_stream_close (stream, NULL, NULL);
      return G_SOURCE_REMOVE;
    }

  {
    struct linger linger = { .l_onoff = 1, .l_linger = 0 };

    setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
    g_socket_close (socket, NULL);
  }

  /* The next write fails on the closed socket, and libsoup ends the
   * message and the connection. */
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                            block, MIN (missing, BLOCK_SIZE));
  soup_server_message_unpause (msg);

  return G_SOURCE_REMOVE;
}

static void
response_append (Response *response,
                 guint64   piece,
                 gboolean  paused)
{
  SoupMessageBody *body = soup_server_message_get_response_body (response->msg);

  soup_message_body_append (body, SOUP_MEMORY_STATIC, block, piece);
  response->queued += piece;

  if (paused)
    soup_server_message_unpause (response->msg);
}

static gboolean
on_trickle (gpointer user_data)
{
  Response *response = user_data;

  response_clear_timer (response);
  response_feed (response, TRUE);

  return G_SOURCE_REMOVE;
}

/* Appends the next piece of the body (now, or at the time the rate allows
 * it), completes the body, or drops the connection. Called when the headers
 * and then each piece have been written, so one piece at a time is queued.
 * @paused: whether the message's I/O has stopped for want of a body. */
static void
response_feed (Response *response,
               gboolean  paused)
{
  guint64 piece;

  if (response->queued >= response->limit)
    {
      if (response->dropping)
        {
          /* Not from inside libsoup's write path: from the loop. */
          response_set_timer (response, 0, on_drop);
        }
      else if (response->chunked)
        {
          soup_message_body_complete (soup_server_message_get_response_body (response->msg));
          if (paused)
            soup_server_message_unpause (response->msg);
        }
      return;
    }

  piece = MIN (BLOCK_SIZE, response->limit - response->queued);

  if (response->rate > 0)
    {
      gint64 due;

      piece = MIN (piece, MAX (1, response->rate / RATE_PIECES_PER_SECOND));
      due = response->body_start +
            (gint64) ((double) (response->queued + piece) * G_USEC_PER_SEC / response->rate);

      if (due > g_get_monotonic_time ())
        {
          response_set_timer (response, due, on_trickle);
          return;
        }
    }

  response_append (response, piece, paused);
}

static void
on_wrote_headers (SoupServerMessage *msg,
                  Response          *response)
{
  response->body_start = g_get_monotonic_time ();
  response_feed (response, FALSE);
}

static void
on_wrote_chunk (SoupServerMessage *msg,
                Response          *response)
{
  response_feed (response, FALSE);
}

static void
on_done (SoupServerMessage *msg,
         Response          *response)
{
  response_free (response);
}

static gboolean
on_delay_done (gpointer user_data)
{
  Response *response = user_data;

  response_clear_timer (response);
  soup_server_message_unpause (response->msg);

  return G_SOURCE_REMOVE;
}

void
lab_work_endpoint_handle (LabWorkEndpoint   *self,
                          SoupServerMessage *msg,
                          GHashTable        *query)
{
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  LabWorkParams params;
  Response *response;
  gboolean dropping;
  GTimeSpan delay;
  guint status;

  if (!lab_work_params_parse (&params, query, &error))
    {
      g_autofree char *text = g_strdup_printf ("%s\n", error->message);

      soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
      soup_server_message_set_response (msg, "text/plain; charset=utf-8",
                                        SOUP_MEMORY_COPY, text, strlen (text));
      return;
    }

  /* Each random draw only when its parameter asks for it. */
  status = params.status;
  if (params.fail > 0 && g_rand_double (self->rand) < params.fail)
    status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
  dropping = params.drop > 0 && g_rand_double (self->rand) < params.drop;
  delay = params.delay;
  if (params.jitter > 0)
    delay += (GTimeSpan) g_rand_double_range (self->rand, -(double) params.jitter, (double) params.jitter);

  if (delay <= 0 && !dropping && params.rate == 0 && !params.chunked && params.size <= BLOCK_SIZE)
    {
      /* Nothing to shape: the whole answer at once, the way a plain server
       * would, without the streaming machinery. */
      soup_server_message_set_status (msg, status, NULL);
      soup_message_headers_replace (headers, "Cache-Control", "no-store");
      soup_server_message_set_response (msg, "application/octet-stream",
                                        SOUP_MEMORY_STATIC, block, params.size);
      return;
    }

  response = g_new0 (Response, 1);
  response->endpoint = self;
  response->link.data = response;
  response->msg = g_object_ref (msg);
  response->socket = lab_acceptor_lookup_socket (self->acceptor,
                                                 soup_server_message_get_remote_address (msg));
  if (response->socket != NULL)
    {
      g_object_ref (response->socket);
      lab_acceptor_mark_busy (response->socket, +1);
    }
  response->size = params.size;
  response->limit = params.size;
  response->rate = params.rate;
  response->chunked = params.chunked;
  response->dropping = dropping;
  g_queue_push_tail_link (&self->responses, &response->link);

  if (response->dropping)
    {
      /* Announce at least one byte, so that even an empty body ends early. */
      response->limit = params.size / 2;
      response->size = MAX (params.size, 1);
    }

  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (headers, "Content-Type", "application/octet-stream");
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  if (response->chunked)
    soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  else
    soup_message_headers_set_content_length (headers, response->size);
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);

  g_signal_connect (msg, "wrote-headers", G_CALLBACK (on_wrote_headers), response);
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (on_wrote_chunk), response);
  g_signal_connect (msg, "finished", G_CALLBACK (on_done), response);
  g_signal_connect (msg, "disconnected", G_CALLBACK (on_done), response);

  if (delay > 0)
    {
      soup_server_message_pause (msg);
      response_set_timer (response, g_get_monotonic_time () + delay, on_delay_done);
    }
}

LabWorkEndpoint *
lab_work_endpoint_new (LabAcceptor *acceptor)
{
  LabWorkEndpoint *self = g_new0 (LabWorkEndpoint, 1);

  self->acceptor = acceptor;
  init_block ();
  self->rand = g_rand_new ();
  g_queue_init (&self->responses);

  return self;
}

void
lab_work_endpoint_free (LabWorkEndpoint *self)
{
  while (self->responses.head != NULL)
    response_free (self->responses.head->data);

  g_rand_free (self->rand);
  g_free (self);
}
