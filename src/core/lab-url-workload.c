/* lab-url-workload.c
 *
 * Task i GETs urls[i % n] ("{i}" replaced by i) and reads the whole body,
 * counting its bytes without keeping them. The blocking form (sequential,
 * threads, and the process worker) uses libsoup's sync API with the
 * simulated GIL released while it waits on the network; the non-blocking
 * form (async) is in lab-url-workload-async.c. Every fault becomes a record
 * with a readable reason, and the run goes on.
 *
 * Sessions are made with max-conns and max-conns-per-host at least the
 * worker count: libsoup's defaults (10 and 2) would cap every model at two
 * connections to the server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lab-error.h"
#include "lab-url-workload-private.h"

struct _LabUrlWorkload
{
  LabWorkload     parent_instance;

  LabUrlTemplate *urls;
  guint           n_urls;
  guint64         max_body;
  GTimeSpan       timeout;
  guint           workers;
  gboolean        async;
  gboolean        shared;          /* sync models: one session for every worker */
  LabLabServer   *server;          /* embedded, when no URL was given */

  GMutex          lock;
  SoupSession    *shared_session;  /* created on demand */
  LabTimerThread *timers;          /* created on demand: sync models with a timeout */
};

G_DEFINE_FINAL_TYPE (LabUrlWorkload, lab_url_workload, LAB_TYPE_WORKLOAD)

/* Measured by benchmarks/bench-url (see its output): with sync requests
 * from N threads, one session per worker avoids the session's shared
 * queue and connection-manager locks. */
#define DEFAULT_SHARED_SESSION FALSE

static const char *
getenv_either (const char *lower,
               const char *upper)
{
  const char *value = g_getenv (lower);

  if (value == NULL || *value == '\0')
    value = g_getenv (upper);
  return value != NULL && *value != '\0' ? value : NULL;
}

/* Proxies from the environment (http_proxy, https_proxy, all_proxy,
 * no_proxy), as curl and Python's urllib take them; NULL for none. GIO's
 * default resolver would load the desktop's proxy modules (libproxy,
 * GSettings through dconf) in every worker process: that costs each of
 * them a good part of a second before its first request. */
static GProxyResolver *
proxy_resolver_from_environment (void)
{
  const char *http = getenv_either ("http_proxy", "HTTP_PROXY");
  const char *https = getenv_either ("https_proxy", "HTTPS_PROXY");
  const char *all = getenv_either ("all_proxy", "ALL_PROXY");
  const char *no_proxy = getenv_either ("no_proxy", "NO_PROXY");
  g_autoptr(GStrvBuilder) ignore = g_strv_builder_new ();
  g_auto(GStrv) ignore_hosts = NULL;
  GSimpleProxyResolver *resolver;

  if (http == NULL && https == NULL && all == NULL)
    return NULL;

  g_strv_builder_add_many (ignore, "localhost", "127.0.0.0/8", "::1", NULL);
  if (no_proxy != NULL)
    {
      g_auto(GStrv) hosts = g_strsplit (no_proxy, ",", -1);

      for (guint i = 0; hosts[i] != NULL; i++)
        if (*g_strstrip (hosts[i]) != '\0')
          g_strv_builder_add (ignore, hosts[i]);
    }
  ignore_hosts = g_strv_builder_end (ignore);

  resolver = G_SIMPLE_PROXY_RESOLVER (g_simple_proxy_resolver_new (all, ignore_hosts));
  if (http != NULL)
    g_simple_proxy_resolver_set_uri_proxy (resolver, "http", http);
  if (https != NULL)
    g_simple_proxy_resolver_set_uri_proxy (resolver, "https", https);

  return G_PROXY_RESOLVER (resolver);
}

static SoupSession *
new_session (LabUrlWorkload *self,
             guint           connections)
{
  g_autoptr(GProxyResolver) proxies = proxy_resolver_from_environment ();
  guint n = MAX (connections, 2);
  SoupSession *session;

  /* "timeout" is libsoup's I/O inactivity limit: the task's --timeout is
   * ours (a timer that cancels), so none here. */
  session = soup_session_new_with_options ("max-conns", MIN (2 * n, 4096),
                                           "max-conns-per-host", n,
                                           "timeout", 0,
                                           "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION " ",
                                           "proxy-resolver", proxies,
                                           NULL);

  /* Bytes as they come over the wire, as Python's urllib reads them: no
   * Accept-Encoding, no decoding; and no authentication to negotiate. */
  soup_session_remove_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);
  soup_session_remove_feature_by_type (session, SOUP_TYPE_AUTH_MANAGER);

  return session;
}

/* The sync models' request timers: one thread for every worker. */
static gboolean
ensure_timers (LabUrlWorkload  *self,
               GError         **error)
{
  gboolean ok;

  if (g_atomic_pointer_get (&self->timers) != NULL)
    return TRUE;

  g_mutex_lock (&self->lock);
  if (self->timers == NULL)
    g_atomic_pointer_set (&self->timers, lab_timer_thread_new (error));
  ok = self->timers != NULL;
  g_mutex_unlock (&self->lock);

  return ok;
}

static gpointer
lab_url_workload_worker_data_new (LabWorkload  *workload,
                                  guint         worker,
                                  GError      **error)
{
  LabUrlWorkload *self = LAB_URL_WORKLOAD (workload);
  LabUrlWorker *data;

  if (!self->async && self->timeout > 0 && !ensure_timers (self, error))
    return NULL;

  data = g_new0 (LabUrlWorker, 1);
  data->url = g_string_new (NULL);

  if (self->async)
    {
      /* The loop calls this on its own thread, where the sessions'
       * callbacks are then dispatched. Slot s uses session s % n. */
      guint n = (self->workers + LAB_URL_SLOTS_PER_SESSION - 1) / LAB_URL_SLOTS_PER_SESSION;

      data->n_sessions = MAX (n, 1);
      data->sessions = g_new0 (SoupSession *, data->n_sessions);
      for (guint i = 0; i < data->n_sessions; i++)
        data->sessions[i] = new_session (self, (self->workers + data->n_sessions - 1) / data->n_sessions);
    }
  else
    {
      data->n_sessions = 1;
      data->sessions = g_new0 (SoupSession *, 1);

      if (self->shared)
        {
          g_mutex_lock (&self->lock);
          if (self->shared_session == NULL)
            self->shared_session = new_session (self, self->workers);
          data->sessions[0] = g_object_ref (self->shared_session);
          g_mutex_unlock (&self->lock);
        }
      else
        {
          data->sessions[0] = new_session (self, 1);
        }
    }

  return data;
}

static void
lab_url_workload_worker_data_free (LabWorkload *workload,
                                   gpointer     worker_data)
{
  LabUrlWorker *data = worker_data;

  for (guint i = 0; i < data->n_sessions; i++)
    g_object_unref (data->sessions[i]);
  g_free (data->sessions);
  g_string_free (data->url, TRUE);
  g_free (data);
}

SoupMessage *
lab_url_workload_new_message (LabUrlWorkload        *self,
                              LabUrlWorker          *worker,
                              guint64                index,
                              const LabUrlTemplate **url)
{
  const LabUrlTemplate *template = &self->urls[index % self->n_urls];
  char number[24];

  *url = template;

  if (template->uri != NULL)
    return soup_message_new_from_uri (SOUP_METHOD_GET, template->uri);

  g_snprintf (number, sizeof number, "%" G_GUINT64_FORMAT, index);
  g_string_assign (worker->url, template->template);
  g_string_replace (worker->url, "{i}", number, 0);

  return soup_message_new (SOUP_METHOD_GET, worker->url->str);
}

guint64
lab_url_workload_get_max_body (LabUrlWorkload *self)
{
  return self->max_body;
}

/* Outcomes ------------------------------------------------------------------- */

static char *
describe_error (const GError         *error,
                const LabUrlOutcome  *outcome)
{
  const char *where = outcome->url->where;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_strdup_printf ("connection refused by %s", where);

  if (error->domain == G_RESOLVER_ERROR)
    return g_strdup_printf ("name does not resolve: %s", where);

  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS))
    return g_strdup_printf ("TLS handshake with %s failed: the server does not speak TLS "
                            "(a plain http:// port?)", where);
  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    return g_strdup_printf ("TLS certificate of %s not accepted: %s", where, error->message);
  if (error->domain == G_TLS_ERROR && !outcome->got_headers)
    return g_strdup_printf ("TLS handshake with %s failed: %s (is it a plain http:// server?)",
                            where, error->message);
  if (error->domain == G_TLS_ERROR)
    return g_strdup_printf ("TLS error with %s: %s", where, error->message);

  if (g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_TOO_MANY_REDIRECTS))
    return g_strdup_printf ("too many redirects from %s (a redirect loop?)", where);
  if (g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_REDIRECT_BAD_URI))
    return g_strdup_printf ("bad redirect from %s: %s", where, error->message);

  /* Reset, closed early, or a broken chunk, once the headers were in. */
  if (outcome->got_headers)
    return g_strdup_printf ("connection to %s lost mid-body (%s)", where, error->message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
      g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_PARSING))
    return g_strdup_printf ("connection to %s lost before the response (%s)", where, error->message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    return g_strdup_printf ("could not reach %s: %s", where, error->message);

  return g_strdup_printf ("request to %s failed: %s", where, error->message);
}

static void
set_message (LabTaskRecord *record,
             char          *message)
{
  record->message_id = lab_message_intern (message);
  g_free (message);
}

void
lab_url_workload_finish_record (LabUrlWorkload *self,
                                LabUrlOutcome  *outcome,
                                LabTaskRecord  *record)
{
  const GError *error = outcome->error;
  guint status = outcome->msg != NULL ? soup_message_get_status (outcome->msg) : 0;

  record->bytes = outcome->bytes;
  record->http_status = MIN (status, G_MAXUINT16);

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      LabTaskStatus reason = outcome->guard != NULL ? lab_url_guard_get_reason (outcome->guard)
                                                    : LAB_TASK_CANCELLED;

      if (reason == LAB_TASK_TIMED_OUT)
        {
          g_autofree char *limit = lab_format_duration (self->timeout);

          record->status = LAB_TASK_TIMED_OUT;
          set_message (record, g_strdup_printf (outcome->got_headers
                                                ? "timed out after %s while reading the body"
                                                : "timed out after %s waiting for the response",
                                                limit));
        }
      else
        {
          record->status = LAB_TASK_CANCELLED;
        }
    }
  else if (error != NULL)
    {
      record->status = LAB_TASK_FAILED;
      set_message (record, describe_error (error, outcome));
    }
  else if (outcome->too_large)
    {
      record->status = LAB_TASK_FAILED;
      set_message (record, g_strdup_printf ("body larger than --max-body (%" G_GUINT64_FORMAT " bytes)",
                                            self->max_body));
    }
  else if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      record->status = LAB_TASK_OK;
    }
  else
    {
      const char *phrase = soup_message_get_reason_phrase (outcome->msg);

      if (phrase == NULL || *phrase == '\0')
        phrase = soup_status_get_phrase (status);
      record->status = LAB_TASK_FAILED;
      set_message (record, g_strdup_printf ("HTTP %u %s", status, phrase));
    }

  g_clear_pointer (&outcome->guard, lab_url_guard_free);
  g_clear_error (&outcome->error);
  g_clear_object (&outcome->msg);
}

static void
fail_bad_url (LabUrlWorkload       *self,
              LabUrlWorker         *worker,
              const LabUrlTemplate *url,
              LabTaskRecord        *record)
{
  record->status = LAB_TASK_FAILED;
  set_message (record, g_strdup_printf ("“%s” is not a valid URL once {i} is replaced", url->template));
}

/* The blocking form ---------------------------------------------------------- */

static void
lab_url_workload_run_sync (LabWorkload    *workload,
                           LabTaskContext *ctx,
                           LabTaskRecord  *record)
{
  LabUrlWorkload *self = LAB_URL_WORKLOAD (workload);
  LabUrlWorker *worker = ctx->worker_data;
  g_autoptr(GInputStream) stream = NULL;
  LabUrlOutcome outcome = { 0 };
  GCancellable *cancellable = ctx->cancellable;

  outcome.start = g_get_monotonic_time ();
  outcome.msg = lab_url_workload_new_message (self, worker, record->index, &outcome.url);
  if (outcome.msg == NULL)
    {
      fail_bad_url (self, worker, outcome.url, record);
      return;
    }

  if (ctx->deadline != G_MAXINT64)
    {
      g_autoptr(GError) error = NULL;

      if (!ensure_timers (self, &error))
        {
          record->status = LAB_TASK_FAILED;
          set_message (record, g_strdup (error->message));
          g_clear_object (&outcome.msg);
          return;
        }

      outcome.guard = lab_url_guard_new (ctx->cancellable, ctx->deadline,
                                         lab_timer_thread_get_context (self->timers));
      cancellable = lab_url_guard_get_cancellable (outcome.guard);
    }

  lab_task_context_begin_blocking (ctx);

  stream = soup_session_send (worker->sessions[0], outcome.msg, cancellable, &outcome.error);

  if (stream != NULL)
    {
      outcome.got_headers = TRUE;
      record->ttfb_us = (guint32) MIN (g_get_monotonic_time () - outcome.start, G_MAXUINT32);

      for (;;)
        {
          gsize want = lab_url_read_size (self->max_body, outcome.bytes);
          gssize n = g_input_stream_read (stream, worker->buffer, want, cancellable, &outcome.error);

          if (n <= 0)
            break;

          outcome.bytes += n;
          if (outcome.bytes > self->max_body)
            {
              outcome.too_large = TRUE;
              break;
            }
        }

      /* Past the end, or with the rest of the body unread: then the
       * connection is not reused. */
      g_input_stream_close (stream, NULL, NULL);
    }

  lab_task_context_end_blocking (ctx);

  lab_url_workload_finish_record (self, &outcome, record);
}

/* The object ------------------------------------------------------------------ */

static void
lab_url_workload_finalize (GObject *object)
{
  LabUrlWorkload *self = LAB_URL_WORKLOAD (object);

  for (guint i = 0; i < self->n_urls; i++)
    {
      g_free (self->urls[i].template);
      g_clear_pointer (&self->urls[i].uri, g_uri_unref);
      g_free (self->urls[i].where);
    }
  g_free (self->urls);

  g_clear_object (&self->shared_session);
  g_clear_pointer (&self->timers, lab_timer_thread_free);
  g_clear_object (&self->server);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (lab_url_workload_parent_class)->finalize (object);
}

static void
lab_url_workload_class_init (LabUrlWorkloadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  LabWorkloadClass *workload_class = LAB_WORKLOAD_CLASS (klass);

  object_class->finalize = lab_url_workload_finalize;

  workload_class->worker_data_new = lab_url_workload_worker_data_new;
  workload_class->worker_data_free = lab_url_workload_worker_data_free;
  workload_class->run_sync = lab_url_workload_run_sync;
  workload_class->run_async = lab_url_workload_run_async;
}

static void
lab_url_workload_init (LabUrlWorkload *self)
{
  g_mutex_init (&self->lock);
}

/* "host[:port]" of a URL, without any user:password@. */
static char *
dup_where (const char *url)
{
  const char *authority = strstr (url, "://");
  const char *end, *at;

  authority = authority != NULL ? authority + 3 : url;
  end = authority + strcspn (authority, "/?#");
  at = memchr (authority, '@', end - authority);
  while (at != NULL)
    {
      authority = at + 1;
      at = memchr (authority, '@', end - authority);
    }

  return g_strndup (authority, end - authority);
}

static gboolean
lab_url_workload_set_urls (LabUrlWorkload  *self,
                           char           **urls,
                           GError         **error)
{
  self->n_urls = g_strv_length (urls);
  self->urls = g_new0 (LabUrlTemplate, self->n_urls);

  for (guint i = 0; i < self->n_urls; i++)
    {
      LabUrlTemplate *template = &self->urls[i];

      if (!lab_config_check_url (urls[i], error))
        return FALSE;

      template->template = g_strdup (urls[i]);
      template->where = dup_where (urls[i]);
      if (strstr (urls[i], "{i}") == NULL)
        {
          template->uri = g_uri_parse (urls[i], SOUP_HTTP_URI_FLAGS, error);
          if (template->uri == NULL)
            return FALSE;
        }
    }

  return TRUE;
}

LabWorkload *
lab_url_workload_new (const LabConfig  *config,
                      GError          **error)
{
  g_autoptr(LabUrlWorkload) self = NULL;
  g_autoptr(LabConfig) completed = NULL;
  const char *sessions = g_getenv ("LAB_URL_SESSIONS");

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (config->workload == LAB_WORKLOAD_URL, NULL);

  completed = lab_config_copy (config);

  self = g_object_new (LAB_TYPE_URL_WORKLOAD, NULL);
  self->max_body = config->max_body;
  self->timeout = config->timeout;
  self->workers = lab_config_get_effective_workers (config);
  self->async = config->model == LAB_MODEL_ASYNC;
  self->shared = DEFAULT_SHARED_SESSION;
  if (g_strcmp0 (sessions, "shared") == 0)
    self->shared = TRUE;
  else if (g_strcmp0 (sessions, "per-worker") == 0)
    self->shared = FALSE;

  if (completed->urls == NULL || completed->urls[0] == NULL)
    {
      /* The default target: a lab server of our own, whose URL the
       * config then carries to worker processes. */
      self->server = lab_lab_server_new (0);
      if (!lab_lab_server_start (self->server, error))
        return NULL;

      g_strfreev (completed->urls);
      completed->urls = g_new0 (char *, 2);
      completed->urls[0] = lab_lab_server_dup_work_url (self->server, NULL);
    }

  if (!lab_url_workload_set_urls (self, completed->urls, error))
    return NULL;

  lab_workload_set_config (LAB_WORKLOAD (self), completed);

  return LAB_WORKLOAD (g_steal_pointer (&self));
}

LabLabServer *
lab_url_workload_get_server (LabUrlWorkload *self)
{
  g_return_val_if_fail (LAB_IS_URL_WORKLOAD (self), NULL);
  return self->server;
}

gboolean
lab_url_workload_uses_shared_session (LabUrlWorkload *self)
{
  g_return_val_if_fail (LAB_IS_URL_WORKLOAD (self), FALSE);
  return self->shared;
}
