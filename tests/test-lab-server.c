/* test-lab-server.c: the lab server answers as its parameters say
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <signal.h>

#include "lab-error.h"
#include "lab-lab-server.h"
#include "lab-test-util.h"

static LabLabServer *server;

typedef struct
{
  guint     status;
  guint64   bytes;
  char     *body;        /* the first 4 KiB, NUL-terminated */
  char     *content_type;
  gboolean  chunked;
  double    seconds;     /* request to the end of the body */
  GError   *error;       /* a transport error, e.g. mid-body */
} Answer;

static void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->body, g_free);
  g_clear_pointer (&answer->content_type, g_free);
  g_clear_error (&answer->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

/* GETs @path from the server with a fresh session, reading the body in
 * pieces and keeping only its start. */
static void
get (const char *path,
     Answer     *answer)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 0, NULL);
  g_autofree char *url = g_strconcat (lab_lab_server_get_url (server), path + 1, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, url);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GString) start = g_string_new (NULL);
  g_autofree char *buffer = g_malloc (65536);
  gint64 begin = g_get_monotonic_time ();
  SoupMessageHeaders *headers;

  memset (answer, 0, sizeof *answer);
  g_assert_nonnull (msg);

  stream = soup_session_send (session, msg, NULL, &answer->error);
  answer->status = soup_message_get_status (msg);

  if (stream != NULL)
    {
      for (;;)
        {
          gssize n = g_input_stream_read (stream, buffer, 65536, NULL, &answer->error);

          if (n <= 0)
            break;
          if (start->len < 4096)
            g_string_append_len (start, buffer, MIN ((gsize) n, 4096 - start->len));
          answer->bytes += n;
        }
      g_input_stream_close (stream, NULL, NULL);
    }

  headers = soup_message_get_response_headers (msg);
  answer->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  answer->chunked = soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED;
  answer->body = g_string_free (g_steal_pointer (&start), FALSE);
  answer->seconds = (g_get_monotonic_time () - begin) / 1e6;
}

static void
test_start_stop (void)
{
  g_autoptr(LabLabServer) local = lab_lab_server_new (0);
  g_autoptr(GError) error = NULL;
  LabTestResources before;

  lab_test_resources_take (&before);

  g_assert_null (lab_lab_server_get_url (local));
  g_assert_true (lab_lab_server_start (local, &error));
  g_assert_no_error (error);
  g_assert_true (lab_lab_server_is_running (local));
  g_assert_cmpuint (lab_lab_server_get_port (local), >, 0);
  g_assert_true (g_str_has_prefix (lab_lab_server_get_url (local), "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (lab_lab_server_get_url (local), "/"));
  g_assert_cmpuint (lab_proc_count_threads (), >, before.threads);

  lab_lab_server_stop (local);
  g_assert_false (lab_lab_server_is_running (local));
  lab_test_resources_assert_same (&before);
}

static void
test_port_in_use (void)
{
  guint port = lab_lab_server_get_port (server);
  g_autoptr(LabLabServer) second = lab_lab_server_new (port);
  g_autoptr(GError) error = NULL;
  g_autofree char *where = g_strdup_printf ("127.0.0.1:%u", port);

  g_assert_false (lab_lab_server_start (second, &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, where));
  g_assert_false (lab_lab_server_is_running (second));
}

static void
test_index (void)
{
  g_auto(Answer) answer;

  get ("/", &answer);
  g_assert_no_error (answer.error);
  g_assert_cmpuint (answer.status, ==, 200);
  g_assert_cmpstr (answer.content_type, ==, "text/html");
  for (const char *const *p = (const char *const[]) { "delay", "jitter", "size", "status", "fail",
                                                      "drop", "chunked", "rate", NULL }; *p; p++)
    g_assert_nonnull (strstr (answer.body, *p));

  answer_clear (&answer);
  get ("/nothing-here", &answer);
  g_assert_cmpuint (answer.status, ==, 404);
}

static void
test_sizes (void)
{
  static const struct { const char *path; guint64 bytes; gboolean chunked; } cases[] = {
    { "/work", 1024, FALSE },
    { "/work?size=0", 0, FALSE },
    { "/work?size=16384", 16384, FALSE },
    { "/work?size=64KiB", 65536, FALSE },
    { "/work?size=1000000&chunked=1", 1000000, TRUE },
    { "/work?size=3&chunked=1", 3, TRUE },
    { "/work?size=5MiB", 5 * 1024 * 1024, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Answer) answer;

      get (cases[i].path, &answer);
      g_assert_no_error (answer.error);
      g_assert_cmpuint (answer.status, ==, 200);
      g_assert_cmpuint (answer.bytes, ==, cases[i].bytes);
      g_assert_cmpint (answer.chunked, ==, cases[i].chunked);
    }
}

/* A large body is streamed from one shared block: memory stays flat. */
static void
test_large_body_streams (void)
{
  g_auto(Answer) answer;
  guint64 peak_before = lab_proc_get_peak_rss ();
  guint64 growth;

  get ("/work?size=256MiB", &answer);
  g_assert_no_error (answer.error);
  g_assert_cmpuint (answer.bytes, ==, G_GUINT64_CONSTANT (256) * 1024 * 1024);

  growth = lab_proc_get_peak_rss () - peak_before;
  g_test_message ("256 MiB body: peak RSS grew by %" G_GUINT64_FORMAT " KiB", growth / 1024);
  g_assert_cmpuint (growth, <, 32 * 1024 * 1024);
}

static void
test_statuses (void)
{
  static const struct { const char *path; guint status; } cases[] = {
    { "/work?status=200", 200 },
    { "/work?status=204", 204 },
    { "/work?status=404", 404 },
    { "/work?status=503", 503 },
    { "/work?status=599", 599 },
    { "/work?fail=1", 500 },
    { "/work?fail=0", 200 },
    { "/work?status=404&fail=1", 500 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Answer) answer;

      get (cases[i].path, &answer);
      g_assert_no_error (answer.error);
      g_assert_cmpuint (answer.status, ==, cases[i].status);
    }
}

/* fail=0.5 fails about half of the requests. */
static void
test_fail_probability (void)
{
  guint failed = 0;

  for (guint i = 0; i < 200; i++)
    {
      g_auto(Answer) answer;

      get ("/work?fail=0.5&size=0", &answer);
      g_assert_no_error (answer.error);
      g_assert_true (answer.status == 200 || answer.status == 500);
      failed += answer.status == 500;
    }

  g_test_message ("fail=0.5: %u of 200 failed", failed);
  g_assert_cmpuint (failed, >, 50);
  g_assert_cmpuint (failed, <, 150);
}

static void
test_bad_parameters (void)
{
  static const struct { const char *path; const char *names; } cases[] = {
    { "/work?delay=abc", "delay" },
    { "/work?delay=2m", "delay" },
    { "/work?delay=-1s", "delay" },
    { "/work?jitter=5 parsecs", "jitter" },
    { "/work?size=2GiB", "size" },
    { "/work?size=lots", "size" },
    { "/work?status=99", "status" },
    { "/work?status=101", "status" },
    { "/work?status=600", "status" },
    { "/work?status=ok", "status" },
    { "/work?fail=2", "fail" },
    { "/work?fail=nan", "fail" },
    { "/work?drop=-0.5", "drop" },
    { "/work?chunked=maybe", "chunked" },
    { "/work?rate=0", "rate" },
    { "/work?rate=fast", "rate" },
    { "/work?sise=10", "sise" },
    { "/redirect", "to" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Answer) answer;
      g_autofree char *prefix = g_strconcat (cases[i].names, ": ", NULL);

      get (cases[i].path, &answer);
      g_assert_no_error (answer.error);
      g_assert_cmpuint (answer.status, ==, 400);
      g_assert_cmpstr (answer.content_type, ==, "text/plain");
      g_assert_true (g_str_has_prefix (answer.body, prefix));
    }
}

static void
test_delay (void)
{
  g_auto(Answer) answer;

  get ("/work?delay=300ms", &answer);
  g_assert_no_error (answer.error);
  g_assert_cmpuint (answer.status, ==, 200);
  g_assert_cmpfloat (answer.seconds, >=, 0.29);

  answer_clear (&answer);
  get ("/work?delay=300ms&jitter=100ms", &answer);
  g_assert_no_error (answer.error);
  g_assert_cmpfloat (answer.seconds, >=, 0.19);
}

/* 32 KiB at 160 KiB/s takes about 0.2 s, delivered in pieces. */
static void
test_rate (void)
{
  g_auto(Answer) answer;

  get ("/work?size=32KiB&rate=160KiB", &answer);
  g_assert_no_error (answer.error);
  g_assert_cmpuint (answer.bytes, ==, 32 * 1024);
  g_assert_cmpfloat (answer.seconds, >=, 0.18);

  answer_clear (&answer);
  get ("/work?size=32KiB&rate=160KiB&chunked=1", &answer);
  g_assert_no_error (answer.error);
  g_assert_cmpuint (answer.bytes, ==, 32 * 1024);
  g_assert_cmpfloat (answer.seconds, >=, 0.18);
}

/* drop=1 closes the connection half-way through the body. */
static void
test_drop (void)
{
  static const char *paths[] = {
    "/work?drop=1&size=100000",
    "/work?drop=1&size=100000&chunked=1",
    "/work?drop=1&size=0",
    "/work?drop=1&size=100000&rate=1MiB",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_auto(Answer) answer;

      get (paths[i], &answer);
      g_assert_nonnull (answer.error);
      g_test_message ("%s: %s after %" G_GUINT64_FORMAT " bytes", paths[i],
                      answer.error->message, answer.bytes);
      g_assert_cmpuint (answer.status, ==, 200);
      g_assert_cmpuint (answer.bytes, <=, 50000);
    }
}

static void
test_redirects (void)
{
  g_auto(Answer) answer;

  get ("/redirect?to=/work%3Fsize%3D10", &answer);
  g_assert_no_error (answer.error);
  g_assert_cmpuint (answer.status, ==, 200);
  g_assert_cmpuint (answer.bytes, ==, 10);

  answer_clear (&answer);
  get ("/loop", &answer);
  g_assert_error (answer.error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_TOO_MANY_REDIRECTS);
}

static void
test_method (void)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = lab_lab_server_dup_work_url (server, "size=10");
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_POST, url);
  g_autoptr(GBytes) body = NULL;

  body = soup_session_send_and_read (session, msg, NULL, NULL);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 405);
}

/* Keep-alive connections the client closes are closed on the server's side
 * too (libsoup 3.2.3 alone would keep them in CLOSE-WAIT). */
static void
test_idle_connections_closed (void)
{
  guint before, during = 0, after = 0;
  gint64 until;

  /* Let earlier tests' connections go first: the count holds still over
   * two sweeps. */
  {
    gint64 stable_since = g_get_monotonic_time ();

    until = stable_since + 8 * G_USEC_PER_SEC;
    before = lab_proc_count_fds ();
    while (g_get_monotonic_time () - stable_since < 2200 * G_TIME_SPAN_MILLISECOND &&
           g_get_monotonic_time () < until)
      {
        guint now;

        g_usleep (20000);
        now = lab_proc_count_fds ();
        if (now != before)
          stable_since = g_get_monotonic_time ();
        before = now;
      }
  }

  {
    g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns-per-host", 8, NULL);
    g_autofree char *url = lab_lab_server_dup_work_url (server, "delay=50ms");
    GPtrArray *messages = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(GMainContext) context = g_main_context_new ();

    /* 8 requests at once: 8 connections, kept alive. */
    g_main_context_push_thread_default (context);
    for (guint i = 0; i < 8; i++)
      {
        SoupMessage *msg = soup_message_new (SOUP_METHOD_GET, url);

        g_ptr_array_add (messages, msg);
        soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      }
    until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
    while (g_get_monotonic_time () < until)
      {
        guint done = 0;

        g_main_context_iteration (context, FALSE);
        for (guint i = 0; i < messages->len; i++)
          done += soup_message_get_status (messages->pdata[i]) == 200;
        if (done == messages->len)
          break;
        g_usleep (1000);
      }
    during = lab_proc_count_fds ();
    soup_session_abort (session);
    while (g_main_context_iteration (context, FALSE))
      ;
    g_main_context_pop_thread_default (context);
    g_ptr_array_unref (messages);
  }

  until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  do
    {
      g_usleep (100000);
      after = lab_proc_count_fds ();
    }
  while (after != before && g_get_monotonic_time () < until);

  g_test_message ("fds: %u before, %u with 8 connections, %u after the client closed them",
                  before, during, after);
  g_assert_cmpuint (during, >=, before + 16);
  g_assert_cmpuint (after, ==, before);
}

/* `concurrency-lab serve`: its URL first on stdout, serving until SIGTERM,
 * exit 0; a bad port is usage (2) naming --port; a taken port is 1. */
static void
test_serve_command (void)
{
  const char *cli = g_getenv ("LAB_CLI_PATH");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *port_arg = g_strdup_printf ("--port=%u", lab_lab_server_get_port (server));
  g_autofree char *err = NULL;
  g_auto(Answer) answer = { 0 };
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("LAB_CLI_PATH does not name the concurrency-lab binary");
      return;
    }

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, cli, "serve", "--port=http", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
  g_assert_nonnull (strstr (err, "--port"));
  g_clear_object (&process);
  g_clear_pointer (&err, g_free);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, cli, "serve", port_arg, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  g_assert_nonnull (strstr (err, "in use"));
  g_clear_object (&process);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, cli, "serve", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  url = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (url);
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));

  {
    g_autofree char *work = g_strconcat (url, "work?size=123", NULL);

    msg = soup_message_new (SOUP_METHOD_GET, work);
    body = soup_session_send_and_read (session, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    g_assert_cmpuint (g_bytes_get_size (body), ==, 123);
  }

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
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

  g_test_add_func ("/lab/server/start-stop", test_start_stop);
  g_test_add_func ("/lab/server/port-in-use", test_port_in_use);
  g_test_add_func ("/lab/server/index", test_index);
  g_test_add_func ("/lab/server/work/sizes", test_sizes);
  g_test_add_func ("/lab/server/work/large-body", test_large_body_streams);
  g_test_add_func ("/lab/server/work/statuses", test_statuses);
  g_test_add_func ("/lab/server/work/fail-probability", test_fail_probability);
  g_test_add_func ("/lab/server/work/bad-parameters", test_bad_parameters);
  g_test_add_func ("/lab/server/work/delay", test_delay);
  g_test_add_func ("/lab/server/work/rate", test_rate);
  g_test_add_func ("/lab/server/work/drop", test_drop);
  g_test_add_func ("/lab/server/redirects", test_redirects);
  g_test_add_func ("/lab/server/method", test_method);
  g_test_add_func ("/lab/server/idle-connections-closed", test_idle_connections_closed);
  g_test_add_func ("/lab/server/serve-command", test_serve_command);

  ret = g_test_run ();

  g_clear_object (&server);
  return ret;
}
