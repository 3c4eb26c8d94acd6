/* lab-url-workload.c
 *
 * Task i GETs urls[i % n] ("{i}" replaced by i) and reads the whole body,
 * counting its bytes without keeping them. The blocking form (sequential,
 * threads, and the process worker) uses libsoup's sync API with the
 * simulated GIL released while it waits on the network; the non-blocking
 * form (async) is in lab-url-workload-async.c. Every fault becomes a record
 * with a readable reason, and the run goes on.
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

/* Measured by benchmarks/bench-url ("Sync sessions", 16 threads, 1 KiB
 * answers): per worker / shared came out between 0.97 and 1.10 over several
 * runs on a 2-core machine, i.e. within noise. One session per worker is
 * kept: no session queue or lock shared by the threads, and the same
 * arrangement as the process model's. */
#define DEFAULT_SHARED_SESSION FALSE

/* The sync models' request timers: one thread, shared by the workers. */
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
        data->sessions[i] = lab_url_session_new ((self->workers + data->n_sessions - 1) / data->n_sessions);
    }
  else
    {
      data->n_sessions = 1;
      data->sessions = g_new0 (SoupSession *, 1);

      if (self->shared)
        {
          g_mutex_lock (&self->lock);
          if (self->shared_session == NULL)
            self->shared_session = lab_url_session_new (self->workers);
          data->sessions[0] = g_object_ref (self->shared_session);
          g_mutex_unlock (&self->lock);
        }
      else
        {
          data->sessions[0] = lab_url_session_new (1);
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

void
lab_url_workload_finish_record (LabUrlWorkload *self,
                                LabUrlOutcome  *outcome,
                                LabTaskRecord  *record)
{
  lab_url_outcome_to_record (outcome, self->timeout, self->max_body, record);
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
      outcome.error = g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                   "“%s” is not a valid URL once {i} is replaced",
                                   outcome.url->template);
      lab_url_workload_finish_record (self, &outcome, record);
      return;
    }

  if (ctx->deadline != G_MAXINT64)
    {
      if (!ensure_timers (self, &outcome.error))
        {
          lab_url_workload_finish_record (self, &outcome, record);
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
lab_url_workload_prepare_run (LabWorkload *workload,
                              LabRun      *run)
{
  LabUrlWorkload *self = LAB_URL_WORKLOAD (workload);

  if (self->server != NULL)
    lab_lab_server_exclude_cpu (self->server, run);
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
  workload_class->prepare_run = lab_url_workload_prepare_run;
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
      g_strfreev (completed->urls);
      completed->urls = g_new0 (char *, 2);
      completed->urls[0] = g_strdup ("/work");
    }

  /* A URL that is only a path ("/work?delay=200ms", the default "/work")
   * names the lab server of our own, started here; the completed config
   * carries its real URL to worker processes. */
  for (guint i = 0; completed->urls[i] != NULL; i++)
    {
      char *resolved;

      if (completed->urls[i][0] != '/')
        continue;

      if (self->server == NULL)
        {
          self->server = lab_lab_server_new (0);
          if (!lab_lab_server_start (self->server, error))
            return NULL;
        }

      /* The server's URL ends with "/". */
      resolved = g_strconcat (lab_lab_server_get_url (self->server), completed->urls[i] + 1, NULL);
      g_free (completed->urls[i]);
      completed->urls[i] = resolved;
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
