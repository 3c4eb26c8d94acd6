/* lab-lab-server.c
 *
 * The lab server: a SoupServer on 127.0.0.1 only, on a thread of its own
 * with its own GMainContext, so that it answers while the caller's threads
 * (or the async model's loop) are busy and never competes with them for a
 * main loop. /work shapes its answer by query parameters
 * (lab-lab-server-work.c); / documents them; /redirect and /loop redirect,
 * for the redirect faults.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lab-main-loop.h"
#include "lab-error.h"
#include "lab-lab-server.h"
#include "lab-lab-server-private.h"

struct _LabLabServer
{
  GObject          parent_instance;

  guint            requested_port;
  guint            port;
  char            *url;
  guint64          n_requests;   /* atomic */

  GThread         *thread;
  pthread_t        pthread;      /* the same thread, for its CPU clock */
  GMainContext    *context;
  GMainLoop       *loop;

  /* start-up hand-shake */
  GMutex           mutex;
  GCond            cond;
  gboolean         started;
  GError          *start_error;

  /* server thread only */
  SoupServer      *server;
  LabAcceptor     *acceptor;
  LabWorkEndpoint *work;
};

G_DEFINE_FINAL_TYPE (LabLabServer, lab_lab_server, G_TYPE_OBJECT)

static const char index_page[] =
  "<!DOCTYPE html>\n"
  "<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Concurrency Lab — lab server</title>\n"
  "<style>body{font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.4}"
  "code{background:#eee;padding:0 .2em}td{padding:.2em .6em;vertical-align:top}</style></head>\n"
  "<body><h1>Concurrency Lab — lab server</h1>\n"
  "<p>A shaped HTTP endpoint on loopback for the <code>url</code> workload. "
  "<code>GET /work</code> answers with a body of bytes; query parameters shape the answer:</p>\n"
  "<table>\n"
  "<tr><td><code>delay</code></td><td>wait before the headers, e.g. <code>200ms</code>, <code>1.5s</code> (at most 60s; default 0)</td></tr>\n"
  "<tr><td><code>jitter</code></td><td>add a uniform random ± to the delay, e.g. <code>50ms</code> (at most 60s)</td></tr>\n"
  "<tr><td><code>size</code></td><td>body size in bytes, e.g. <code>16384</code> or <code>64KiB</code> (at most 1GiB; default 1024)</td></tr>\n"
  "<tr><td><code>status</code></td><td>HTTP status, 200 to 599 (default 200)</td></tr>\n"
  "<tr><td><code>fail</code></td><td>probability (0 to 1) of answering 500 instead</td></tr>\n"
  "<tr><td><code>drop</code></td><td>probability (0 to 1) of closing the connection half-way through the body</td></tr>\n"
  "<tr><td><code>chunked</code></td><td><code>1</code> for chunked transfer encoding instead of Content-Length</td></tr>\n"
  "<tr><td><code>rate</code></td><td>trickle the body at this many bytes per second, e.g. <code>64KiB</code> (at least 1)</td></tr>\n"
  "<tr><td><code>id</code></td><td>ignored: makes URLs differ per task, e.g. <code>id={i}</code></td></tr>\n"
  "</table>\n"
  "<p>Example: <a href=\"/work?delay=200ms&amp;jitter=50ms&amp;size=16384\"><code>/work?delay=200ms&amp;jitter=50ms&amp;size=16384</code></a>. "
  "A bad parameter is answered with 400 and a message naming it.</p>\n"
  "<p><code>/redirect?to=URL</code> redirects (302) to URL; <code>/loop</code> redirects to itself forever.</p>\n"
  "</body></html>\n";

static void
set_text (SoupServerMessage *msg,
          guint              status,
          const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain; charset=utf-8",
                                    SOUP_MEMORY_COPY, text, strlen (text));
}

static gboolean
check_method (SoupServerMessage *msg)
{
  const char *method = soup_server_message_get_method (msg);

  if (method == SOUP_METHOD_GET || method == SOUP_METHOD_HEAD)
    return TRUE;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET, HEAD");
  set_text (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Only GET and HEAD are served here.\n");
  return FALSE;
}

/* Every request is counted; only GET and HEAD go further. */
static gboolean
count_request (LabLabServer      *self,
               SoupServerMessage *msg)
{
  __atomic_fetch_add (&self->n_requests, 1, __ATOMIC_RELAXED);
  return check_method (msg);
}

static void
on_work (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  LabLabServer *self = user_data;

  if (!count_request (self, msg))
    return;

  if (strcmp (path, "/work") != 0)
    {
      set_text (msg, SOUP_STATUS_NOT_FOUND, "Not found: the endpoint is /work (see /).\n");
      return;
    }

  lab_work_endpoint_handle (self->work, msg, query);
}

static void
on_redirect (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  LabLabServer *self = user_data;
  const char *to = query != NULL ? g_hash_table_lookup (query, "to") : NULL;

  if (!count_request (self, msg))
    return;

  if (to == NULL || *to == '\0')
    {
      set_text (msg, SOUP_STATUS_BAD_REQUEST, "to: missing; use /redirect?to=URL\n");
      return;
    }

  soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, to);
}

static void
on_loop (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  LabLabServer *self = user_data;

  if (!count_request (self, msg))
    return;

  soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, "/loop");
}

static void
on_default (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  LabLabServer *self = user_data;

  if (!count_request (self, msg))
    return;

  if (strcmp (path, "/") != 0)
    {
      set_text (msg, SOUP_STATUS_NOT_FOUND, "Not found: try /work, or / for the parameters.\n");
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8",
                                    SOUP_MEMORY_STATIC, index_page, sizeof index_page - 1);
}

static gboolean
server_listen (LabLabServer  *self,
               GError       **error)
{
  self->server = soup_server_new ("server-header", PACKAGE_NAME "/" PACKAGE_VERSION " ", NULL);

  soup_server_add_handler (self->server, NULL, on_default, self, NULL);
  soup_server_add_handler (self->server, "/work", on_work, self, NULL);
  soup_server_add_handler (self->server, "/redirect", on_redirect, self, NULL);
  soup_server_add_handler (self->server, "/loop", on_loop, self, NULL);

  self->acceptor = lab_acceptor_new (self->server, self->requested_port, error);
  if (self->acceptor == NULL)
    return FALSE;

  self->work = lab_work_endpoint_new (self->acceptor);
  self->port = lab_acceptor_get_port (self->acceptor);
  self->url = g_strdup_printf ("http://127.0.0.1:%u/", self->port);

  return TRUE;
}

static gpointer
server_thread (gpointer data)
{
  LabLabServer *self = data;
  GError *error = NULL;
  gboolean ok;

  g_main_context_push_thread_default (self->context);

  ok = server_listen (self, &error);

  g_mutex_lock (&self->mutex);
  self->pthread = pthread_self ();
  self->started = TRUE;
  self->start_error = error;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);

  if (ok)
    g_main_loop_run (self->loop);

  /* Stop accepting, drop what is in progress, then the connections, then
   * the server. */
  if (self->acceptor != NULL)
    lab_acceptor_stop (self->acceptor);
  g_clear_pointer (&self->work, lab_work_endpoint_free);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_pointer (&self->acceptor, lab_acceptor_free);

  while (g_main_context_iteration (self->context, FALSE))
    ;

  g_main_context_pop_thread_default (self->context);

  return NULL;
}

void
lab_lab_server_exclude_cpu (LabLabServer *self,
                            LabRun       *run)
{
  g_return_if_fail (LAB_IS_LAB_SERVER (self));
  g_return_if_fail (LAB_IS_RUN (run));

  if (lab_lab_server_is_running (self))
    lab_run_exclude_thread_cpu (run, self->pthread);
}

gboolean
lab_lab_server_start (LabLabServer  *self,
                      GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (LAB_IS_LAB_SERVER (self), FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->started = FALSE;

  self->thread = g_thread_try_new ("lab-server", server_thread, self, &local_error);
  if (self->thread == NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_FAILED,
                   "Could not start the lab server's thread: %s", local_error->message);
      g_clear_pointer (&self->loop, g_main_loop_unref);
      g_clear_pointer (&self->context, g_main_context_unref);
      return FALSE;
    }

  g_mutex_lock (&self->mutex);
  while (!self->started)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);

  if (self->start_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      lab_lab_server_stop (self);
      return FALSE;
    }

  return TRUE;
}

void
lab_lab_server_stop (LabLabServer *self)
{
  g_return_if_fail (LAB_IS_LAB_SERVER (self));

  if (self->thread == NULL)
    return;

  lab_main_loop_quit_soon (self->loop);
  g_thread_join (g_steal_pointer (&self->thread));

  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->url, g_free);
  self->port = 0;
}

gboolean
lab_lab_server_is_running (LabLabServer *self)
{
  g_return_val_if_fail (LAB_IS_LAB_SERVER (self), FALSE);
  return self->url != NULL;
}

const char *
lab_lab_server_get_url (LabLabServer *self)
{
  g_return_val_if_fail (LAB_IS_LAB_SERVER (self), NULL);
  return self->url;
}

guint
lab_lab_server_get_port (LabLabServer *self)
{
  g_return_val_if_fail (LAB_IS_LAB_SERVER (self), 0);
  return self->port;
}

char *
lab_lab_server_dup_work_url (LabLabServer *self,
                             const char   *query)
{
  g_return_val_if_fail (LAB_IS_LAB_SERVER (self), NULL);
  g_return_val_if_fail (self->url != NULL, NULL);

  if (query == NULL || *query == '\0')
    return g_strconcat (self->url, "work", NULL);
  return g_strconcat (self->url, "work?", query, NULL);
}

guint64
lab_lab_server_get_n_requests (LabLabServer *self)
{
  g_return_val_if_fail (LAB_IS_LAB_SERVER (self), 0);
  return __atomic_load_n (&self->n_requests, __ATOMIC_RELAXED);
}

static void
lab_lab_server_finalize (GObject *object)
{
  LabLabServer *self = LAB_LAB_SERVER (object);

  lab_lab_server_stop (self);
  g_clear_error (&self->start_error);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (lab_lab_server_parent_class)->finalize (object);
}

static void
lab_lab_server_class_init (LabLabServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lab_lab_server_finalize;
}

static void
lab_lab_server_init (LabLabServer *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
}

LabLabServer *
lab_lab_server_new (guint port)
{
  LabLabServer *self;

  g_return_val_if_fail (port <= 65535, NULL);

  self = g_object_new (LAB_TYPE_LAB_SERVER, NULL);

  self->requested_port = port;
  return self;
}
