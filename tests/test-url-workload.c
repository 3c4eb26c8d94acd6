/* test-url-workload.c: the url workload against a lab server started here,
 * in every model, with real network faults
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "lab-error.h"
#include "lab-lab-server.h"
#include "lab-test-util.h"
#include "lab-url-workload.h"

static LabLabServer *server;

static const LabModel all_models[] = {
  LAB_MODEL_SEQUENTIAL, LAB_MODEL_THREADS, LAB_MODEL_PROCESSES, LAB_MODEL_ASYNC,
};

/* A server of the test's own, for tests that leave requests waiting on the
 * server (a client that timed out does not stop the server's delay): its
 * connections go with it, before the next test counts fds. */
static LabLabServer *shared_server;

static void
use_private_server (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (shared_server);
  shared_server = server;
  server = lab_lab_server_new (0);
  g_assert_true (lab_lab_server_start (server, &error));
  g_assert_no_error (error);
}

static void
drop_private_server (void)
{
  g_assert_nonnull (shared_server);
  g_clear_object (&server);
  server = g_steal_pointer (&shared_server);
}

static char *
work_url (const char *query)
{
  return lab_lab_server_dup_work_url (server, query);
}

static LabConfig *
config_for (LabModel     model,
            guint        workers,
            guint64      count,
            const char  *first_url,
            ...) G_GNUC_NULL_TERMINATED;

static LabConfig *
config_for (LabModel     model,
            guint        workers,
            guint64      count,
            const char  *first_url,
            ...)
{
  LabConfig *config = lab_config_new ();
  g_autoptr(GStrvBuilder) urls = g_strv_builder_new ();
  va_list args;

  config->workload = LAB_WORKLOAD_URL;
  config->model = model;
  config->workers = model == LAB_MODEL_SEQUENTIAL ? 1 : workers;
  config->count = count;

  va_start (args, first_url);
  for (const char *url = first_url; url != NULL; url = va_arg (args, const char *))
    g_strv_builder_add (urls, url);
  va_end (args);
  config->urls = g_strv_builder_end (urls);

  return config;
}

/* Runs @config; NULL (and the test skipped) when the model is not
 * available in this build yet. */
static LabRun *
run_config (const LabConfig *config)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = lab_test_run (config, NULL, &error);

  if (config->model == LAB_MODEL_PROCESSES && error != NULL &&
      strstr (error->message, "not yet") != NULL)
    {
      g_test_skip ("the process executor is still a placeholder in this build");
      return NULL;
    }

  g_assert_no_error (error);
  g_assert_nonnull (run);
  return g_steal_pointer (&run);
}

static const char *
record_message (const LabTaskRecord *record)
{
  return record->message_id != 0 ? lab_message_lookup (record->message_id) : "";
}

static void
add_model_test (const char    *path,
                GTestDataFunc  func)
{
  for (guint i = 0; i < G_N_ELEMENTS (all_models); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s/%s", path, lab_model_to_string (all_models[i]));

      g_test_add_data_func (name, GINT_TO_POINTER (all_models[i]), func);
    }
}

/* Statuses and byte counts -------------------------------------------------------- */

static void
test_statuses (gconstpointer data)
{
  LabModel model = GPOINTER_TO_INT (data);
  g_autofree char *ok = work_url ("size=1000");
  g_autofree char *not_found = work_url ("size=2000&status=404");
  g_autofree char *unavailable = work_url ("size=0&status=503");
  g_autofree char *chunked = work_url ("size=70000&chunked=1");
  g_autoptr(LabConfig) config = config_for (model, 4, 40, ok, not_found, unavailable, chunked, NULL);
  g_autoptr(LabRun) run = run_config (config);
  g_autoptr(GArray) records = NULL;
  const guint64 *status_counts;
  LabSummary summary;

  if (run == NULL)
    return;

  lab_run_get_summary (run, &summary);
  g_assert_cmpint (summary.state, ==, LAB_RUN_STATE_DONE);
  g_assert_cmpuint (summary.tasks_ok, ==, 20);
  g_assert_cmpuint (summary.tasks_failed, ==, 20);
  g_assert_cmpuint (summary.bytes_total, ==, 10 * (1000 + 2000 + 0 + 70000));

  lab_run_lock (run);
  status_counts = lab_run_peek_http_status_counts (run);
  g_assert_cmpuint (status_counts[200], ==, 20);
  g_assert_cmpuint (status_counts[404], ==, 10);
  g_assert_cmpuint (status_counts[503], ==, 10);
  lab_run_unlock (run);

  records = lab_run_dup_records_by_index (run);
  g_assert_cmpuint (records->len, ==, 40);
  for (guint i = 0; i < records->len; i++)
    {
      const LabTaskRecord *r = &g_array_index (records, LabTaskRecord, i);

      g_assert_cmpuint (r->index, ==, i);
      g_assert_cmpuint (r->worker, <, lab_config_get_effective_workers (config));
      g_assert_cmpuint (r->ttfb_us, <=, r->end_us - r->start_us);

      switch (i % 4)
        {
        case 0:
          g_assert_cmpint (r->status, ==, LAB_TASK_OK);
          g_assert_cmpuint (r->http_status, ==, 200);
          g_assert_cmpuint (r->bytes, ==, 1000);
          g_assert_cmpuint (r->message_id, ==, 0);
          break;
        case 1:
          g_assert_cmpint (r->status, ==, LAB_TASK_FAILED);
          g_assert_cmpuint (r->http_status, ==, 404);
          g_assert_cmpuint (r->bytes, ==, 2000);
          g_assert_cmpstr (record_message (r), ==, "HTTP 404 Not Found");
          break;
        case 2:
          g_assert_cmpint (r->status, ==, LAB_TASK_FAILED);
          g_assert_cmpuint (r->http_status, ==, 503);
          g_assert_cmpstr (record_message (r), ==, "HTTP 503 Service Unavailable");
          break;
        case 3:
          g_assert_cmpint (r->status, ==, LAB_TASK_OK);
          g_assert_cmpuint (r->bytes, ==, 70000);
          break;
        }
    }
}

/* "{i}" in a URL is the task index. */
static void
test_index_in_url (gconstpointer data)
{
  LabModel model = GPOINTER_TO_INT (data);
  g_autofree char *url = work_url ("size={i}&id={i}");
  g_autoptr(LabConfig) config = config_for (model, 3, 30, url, NULL);
  g_autoptr(LabRun) run = run_config (config);
  g_autoptr(GArray) records = NULL;

  if (run == NULL)
    return;

  records = lab_run_dup_records_by_index (run);
  g_assert_cmpuint (records->len, ==, 30);
  for (guint i = 0; i < records->len; i++)
    {
      const LabTaskRecord *r = &g_array_index (records, LabTaskRecord, i);

      g_assert_cmpint (r->status, ==, LAB_TASK_OK);
      g_assert_cmpuint (r->bytes, ==, i);
    }
}

/* Overlap ---------------------------------------------------------------------------- */

/* 100 tasks × 200 ms with 50 workers: 20 s one after the other, ~0.4 s when
 * the model overlaps the waits. */
static void
test_overlap (gconstpointer data)
{
  LabModel model = GPOINTER_TO_INT (data);
  g_autofree char *url = work_url ("delay=200ms&size=4096");
  g_autoptr(LabConfig) config = NULL;
  g_autoptr(LabRun) run = NULL;
  LabSummary summary;

  if (model == LAB_MODEL_SEQUENTIAL)
    {
      /* 5 × 200 ms: one at a time, so about 1 s. */
      config = config_for (model, 1, 5, url, NULL);
      run = run_config (config);
      lab_run_get_summary (run, &summary);
      g_test_message ("sequential 5 × 200 ms: %.3f s", summary.task_seconds);
      g_assert_cmpuint (summary.tasks_ok, ==, 5);
      g_assert_cmpfloat (summary.task_seconds / 1.0, >=, 0.95);
      g_assert_cmpfloat (summary.task_seconds / 1.0, <, 3.0);
      return;
    }

  config = config_for (model, 50, 100, url, NULL);
  run = run_config (config);
  if (run == NULL)
    return;

  lab_run_get_summary (run, &summary);
  g_test_message ("%s 100 × 200 ms, 50 workers: task phase %.3f s (start-up %.3f s), "
                  "%.1f× faster than one at a time",
                  lab_model_to_string (model), summary.task_seconds, summary.startup_seconds,
                  20.0 / summary.task_seconds);
  g_assert_cmpuint (summary.tasks_ok, ==, 100);
  g_assert_cmpuint (summary.max_concurrency, <=, 50);
  /* Ideal 0.4 s, i.e. 50×; ask for a tenth of that. */
  g_assert_cmpfloat (20.0 / summary.task_seconds, >=, 5.0);
  g_assert_cmpfloat (summary.task_seconds, >=, 0.38);
}

/* With the simulated GIL, threads waiting on the network still overlap. */
static void
test_overlap_with_gil (void)
{
  g_autofree char *url = work_url ("delay=200ms");
  g_autoptr(LabConfig) config = config_for (LAB_MODEL_THREADS, 10, 20, url, NULL);
  g_autoptr(LabRun) run = NULL;
  LabSummary summary;

  config->simulate_gil = TRUE;
  run = run_config (config);
  lab_run_get_summary (run, &summary);
  g_test_message ("threads + GIL, 20 × 200 ms, 10 workers: %.3f s", summary.task_seconds);
  g_assert_cmpuint (summary.tasks_ok, ==, 20);
  g_assert_cmpfloat (4.0 / summary.task_seconds, >=, 3.0);
}

/* 1000 delayed requests in flight at once cost about one delay: the server
 * waits on timers, not threads, and the async model on one loop. */
static void
test_thousand_in_flight (void)
{
  g_autofree char *url = work_url ("delay=500ms&size=512");
  g_autoptr(LabConfig) config = config_for (LAB_MODEL_ASYNC, 1000, 1000, url, NULL);
  g_autoptr(LabRun) run = NULL;
  LabSummary summary;

  run = run_config (config);
  lab_run_get_summary (run, &summary);
  g_test_message ("async 1000 × 500 ms, 1000 in flight: task phase %.3f s = %.2f delays",
                  summary.task_seconds, summary.task_seconds / 0.5);
  g_assert_cmpuint (summary.tasks_ok, ==, 1000);
  g_assert_cmpuint (summary.bytes_total, ==, 512 * 1000);
  /* About one delay plus connection set-up; one at a time would be 1000. */
  g_assert_cmpfloat (summary.task_seconds / 0.5, <, 10.0);
}

/* Timeouts ----------------------------------------------------------------------------- */

static void
test_timeout_with (LabModel model)
{
  g_autofree char *slow_headers = work_url ("delay=3s");
  g_autofree char *slow_body = work_url ("size=64KiB&rate=16KiB");
  g_autofree char *fast = work_url ("size=100");
  g_autoptr(LabConfig) config = config_for (model, 3, 6, slow_headers, slow_body, fast, NULL);
  g_autoptr(GArray) records = NULL;
  g_autoptr(LabRun) run = NULL;
  LabSummary summary;

  config->timeout = 300 * G_TIME_SPAN_MILLISECOND;
  run = run_config (config);
  if (run == NULL)
    return;

  lab_run_get_summary (run, &summary);
  g_test_message ("%s: %.3f s for requests of 3 s and 4 s with a 300 ms timeout",
                  lab_model_to_string (model), summary.wall_seconds);
  g_assert_cmpuint (summary.tasks_timed_out, ==, 4);
  g_assert_cmpuint (summary.tasks_ok, ==, 2);
  /* Sequentially, four timeouts of 0.3 s; far below the 14 s of the requests. */
  g_assert_cmpfloat (summary.task_seconds, <, 3.0);

  records = lab_run_dup_records_by_index (run);
  for (guint i = 0; i < records->len; i++)
    {
      const LabTaskRecord *r = &g_array_index (records, LabTaskRecord, i);
      gint64 took = r->end_us - r->start_us;

      switch (i % 3)
        {
        case 0:
          g_assert_cmpint (r->status, ==, LAB_TASK_TIMED_OUT);
          g_assert_cmpstr (record_message (r), ==, "timed out after 300ms waiting for the response");
          g_assert_cmpint (took, >=, 290 * G_TIME_SPAN_MILLISECOND);
          g_assert_cmpint (took, <, 2 * G_USEC_PER_SEC);
          break;
        case 1:
          g_assert_cmpint (r->status, ==, LAB_TASK_TIMED_OUT);
          g_assert_cmpstr (record_message (r), ==, "timed out after 300ms while reading the body");
          g_assert_cmpuint (r->http_status, ==, 200);
          g_assert_cmpuint (r->bytes, >, 0);
          g_assert_cmpuint (r->bytes, <, 64 * 1024);
          g_assert_cmpint (took, <, 2 * G_USEC_PER_SEC);
          break;
        case 2:
          g_assert_cmpint (r->status, ==, LAB_TASK_OK);
          g_assert_cmpuint (r->bytes, ==, 100);
          break;
        }
    }
}

static void
test_timeout (gconstpointer data)
{
  use_private_server ();
  test_timeout_with (GPOINTER_TO_INT (data));
  drop_private_server ();
}

/* The run's deadline cancels requests in progress: `cancelled`, not
 * `timed-out`. */
static void
test_deadline_with (LabModel model)
{
  g_autofree char *url = work_url ("delay=5s");
  g_autoptr(LabConfig) config = config_for (model, 2, 4, url, NULL);
  g_autoptr(LabRun) run = NULL;
  LabSummary summary;

  config->deadline = 300 * G_TIME_SPAN_MILLISECOND;
  config->timeout = 10 * G_USEC_PER_SEC;
  run = run_config (config);
  if (run == NULL)
    return;

  lab_run_get_summary (run, &summary);
  g_assert_cmpint (summary.state, ==, LAB_RUN_STATE_DEADLINE_EXCEEDED);
  g_assert_cmpuint (summary.tasks_cancelled, ==, 4);
  g_assert_cmpuint (summary.tasks_timed_out, ==, 0);
  g_assert_cmpfloat (summary.wall_seconds, <, 3.0);
}

static void
test_deadline (gconstpointer data)
{
  use_private_server ();
  test_deadline_with (GPOINTER_TO_INT (data));
  drop_private_server ();
}

/* Faults ------------------------------------------------------------------------------- */

/* A loopback port that nothing listens on: bound, then closed. */
static guint
closed_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  guint port;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  return port;
}

typedef struct
{
  char          *url;
  LabTaskStatus  status;
  guint          http_status;
  const char    *message;      /* a part of the message */
} Fault;

static void
test_faults_with (LabModel model)
{
  guint port = closed_port ();
  Fault faults[] = {
    { g_strdup_printf ("http://127.0.0.1:%u/work", port), LAB_TASK_FAILED, 0, "connection refused by 127.0.0.1:" },
    { g_strdup ("http://nonexistent.invalid/work"), LAB_TASK_FAILED, 0, "name does not resolve: nonexistent.invalid" },
    { work_url ("drop=1&size=200000"), LAB_TASK_FAILED, 200, "lost mid-body" },
    { work_url ("drop=1&size=200000&chunked=1"), LAB_TASK_FAILED, 200, "lost mid-body" },
    { work_url ("status=404"), LAB_TASK_FAILED, 404, "HTTP 404 Not Found" },
    { work_url ("fail=1"), LAB_TASK_FAILED, 500, "HTTP 500 Internal Server Error" },
    { work_url ("size=100001"), LAB_TASK_FAILED, 200, "body larger than --max-body (100000 bytes)" },
    { work_url ("size=100000"), LAB_TASK_OK, 200, "" },
    { g_strconcat (lab_lab_server_get_url (server), "loop", NULL), LAB_TASK_FAILED, 302, "too many redirects" },
    { g_strdup_printf ("https://127.0.0.1:%u/work", lab_lab_server_get_port (server)), LAB_TASK_FAILED, 0,
      "TLS handshake with 127.0.0.1:" },
    { work_url ("delay=10s"), LAB_TASK_TIMED_OUT, 0, "timed out after 1s waiting for the response" },
  };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(LabConfig) config = config_for (model, 4, G_N_ELEMENTS (faults) * 2, "http://x/", NULL);
  g_autoptr(GArray) records = NULL;
  g_autoptr(LabRun) run = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    g_strv_builder_add (builder, faults[i].url);
  g_strfreev (config->urls);
  config->urls = g_strv_builder_end (builder);
  config->max_body = 100000;
  config->timeout = G_USEC_PER_SEC;

  run = run_config (config);
  if (run != NULL)
    {
      records = lab_run_dup_records_by_index (run);
      g_assert_cmpuint (records->len, ==, config->count);

      for (guint i = 0; i < records->len; i++)
        {
          const LabTaskRecord *r = &g_array_index (records, LabTaskRecord, i);
          const Fault *fault = &faults[i % G_N_ELEMENTS (faults)];

          g_test_message ("%s → %s, HTTP %u, “%s”", fault->url,
                          lab_task_status_to_string (r->status), r->http_status, record_message (r));
          g_assert_cmpint (r->status, ==, fault->status);
          g_assert_cmpuint (r->http_status, ==, fault->http_status);
          g_assert_nonnull (strstr (record_message (r), fault->message));
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    g_free (faults[i].url);
}

static void
test_faults (gconstpointer data)
{
  use_private_server ();
  test_faults_with (GPOINTER_TO_INT (data));
  drop_private_server ();
}

/* The default target, and what a run leaves behind ------------------------------------ */

static void
test_embedded_server (void)
{
  g_autoptr(LabConfig) config = lab_config_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LabWorkload) workload = NULL;
  g_autoptr(LabRun) run = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = NULL;
  const LabConfig *completed;
  LabSummary summary;

  config->workload = LAB_WORKLOAD_URL;
  config->model = LAB_MODEL_THREADS;
  config->workers = 4;
  config->count = 20;

  workload = lab_workload_new_for_config (config, &error);
  g_assert_no_error (error);
  g_assert_true (LAB_IS_URL_WORKLOAD (workload));
  g_assert_nonnull (lab_url_workload_get_server (LAB_URL_WORKLOAD (workload)));

  /* A worker process gets the real URL. */
  completed = lab_workload_get_config (workload);
  g_assert_nonnull (completed->urls);
  g_assert_cmpuint (g_strv_length (completed->urls), ==, 1);
  g_assert_true (g_str_has_prefix (completed->urls[0], "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (completed->urls[0], "/work"));
  url = g_strdup (completed->urls[0]);

  /* It serves while the workload lives, and stops with it. */
  msg = soup_message_new (SOUP_METHOD_GET, url);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_clear_object (&msg);
  g_clear_object (&workload);
  soup_session_abort (session);

  msg = soup_message_new (SOUP_METHOD_GET, url);
  g_clear_pointer (&body, g_bytes_unref);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);

  /* A whole run with the default URL. */
  run = run_config (config);
  lab_run_get_summary (run, &summary);
  g_assert_cmpuint (summary.tasks_ok, ==, 20);
  g_assert_cmpuint (summary.bytes_total, ==, 20 * LAB_LAB_SERVER_DEFAULT_SIZE);
}

/* A URL that is only a path names the embedded lab server, shaped by its
 * query, in every model (worker processes get the real URL). */
static void
test_embedded_paths (gconstpointer data)
{
  LabModel model = GPOINTER_TO_INT (data);
  g_autoptr(LabConfig) config = config_for (model, 3, 12, "/work?size=100", "/work?size=300&status=404", NULL);
  g_autoptr(LabRun) run = NULL;
  LabSummary summary;

  g_assert_true (lab_config_validate (config, NULL));
  run = run_config (config);
  lab_run_get_summary (run, &summary);
  g_assert_cmpuint (summary.tasks_ok, ==, 6);
  g_assert_cmpuint (summary.tasks_failed, ==, 6);
  g_assert_cmpuint (summary.bytes_total, ==, 6 * 100 + 6 * 300);
  lab_run_lock (run);
  g_assert_cmpuint (lab_run_peek_http_status_counts (run)[404], ==, 6);
  lab_run_unlock (run);
}

/* Waits until the fd count has not changed for a while: the server closes
 * idle connections whose client went away on its second sweep (0.5 s apart). */
static void
settle_fds (void)
{
  guint last = lab_proc_count_fds ();
  gint64 stable_since = g_get_monotonic_time ();
  gint64 until = stable_since + 6 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () - stable_since < 2200 * G_TIME_SPAN_MILLISECOND &&
         g_get_monotonic_time () < until)
    {
      guint now;

      g_usleep (20000);
      now = lab_proc_count_fds ();
      if (now != last)
        stable_since = g_get_monotonic_time ();
      last = now;
    }
}

static void
test_no_leaks (gconstpointer data)
{
  LabModel model = GPOINTER_TO_INT (data);
  LabTestResources before;

  /* Warm up what GLib keeps for good (resolver, TLS backend, thread pools),
   * against a server that goes with its connections. */
  use_private_server ();
  {
    g_autofree char *url = work_url ("size=10");
    g_autoptr(LabConfig) config = config_for (model, 8, 16, url, NULL);
    g_autoptr(LabRun) run = run_config (config);

    if (run == NULL)
      {
        drop_private_server ();
        return;
      }
  }
  drop_private_server ();

  settle_fds ();
  lab_test_resources_take (&before);

  {
    g_autoptr(LabConfig) config = config_for (model, 8, 64, "http://x/", NULL);
    g_autoptr(LabRun) run = NULL;
    LabSummary summary;

    /* The embedded server, and a timeout (the sync models' timer thread). */
    g_clear_pointer (&config->urls, g_strfreev);
    config->timeout = 5 * G_USEC_PER_SEC;
    run = run_config (config);
    lab_run_get_summary (run, &summary);
    g_assert_cmpuint (summary.tasks_ok, ==, 64);
  }

  /* Timeouts, resets and bodies cut short. */
  use_private_server ();
  {
    g_autofree char *url = work_url ("delay={i}0ms&drop=0.3&size=50000");
    g_autoptr(LabConfig) config = config_for (model, 8, 32, url, NULL);
    g_autoptr(LabRun) run = NULL;

    config->timeout = 150 * G_TIME_SPAN_MILLISECOND;
    run = run_config (config);
    g_assert_cmpuint (lab_run_get_n_recorded (run), ==, 32);
  }
  drop_private_server ();

  lab_test_resources_assert_same (&before);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  server = lab_lab_server_new (0);
  if (!lab_lab_server_start (server, &error))
    g_error ("%s", error->message);

  add_model_test ("/lab/url/statuses", test_statuses);
  add_model_test ("/lab/url/index-in-url", test_index_in_url);
  add_model_test ("/lab/url/overlap", test_overlap);
  g_test_add_func ("/lab/url/overlap/threads-with-gil", test_overlap_with_gil);
  g_test_add_func ("/lab/url/thousand-in-flight", test_thousand_in_flight);
  add_model_test ("/lab/url/timeout", test_timeout);
  add_model_test ("/lab/url/deadline", test_deadline);
  add_model_test ("/lab/url/faults", test_faults);
  g_test_add_func ("/lab/url/embedded-server", test_embedded_server);
  add_model_test ("/lab/url/embedded-paths", test_embedded_paths);
  add_model_test ("/lab/url/no-leaks", test_no_leaks);

  ret = g_test_run ();

  g_clear_object (&server);
  return ret;
}
