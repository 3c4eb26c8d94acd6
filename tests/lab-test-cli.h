/* lab-test-cli.h: what the command-line tests share — spawning the built
 * concurrency-lab (LAB_CLI_PATH) as a user runs it and capturing what it
 * says and how it exits, or how it stops on SIGINT
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <signal.h>

typedef struct
{
  int   status;   /* exit status, or 128 + signal */
  char *out;
  char *err;
} CliResult;

static inline void
cli_result_free (CliResult *result)
{
  g_free (result->out);
  g_free (result->err);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliResult, cli_result_free)

static inline const char *
lab_test_cli_path (void)
{
  const char *path = g_getenv ("LAB_CLI_PATH");

  g_assert_nonnull (path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE));
  return path;
}

/* The exit status, or 128 + the signal that ended @process. */
static inline int
lab_test_cli_status (GSubprocess *process)
{
  if (g_subprocess_get_if_signaled (process))
    return 128 + g_subprocess_get_term_sig (process);
  return g_subprocess_get_exit_status (process);
}

/* Starts concurrency-lab with @args (NULL-terminated). */
static inline GSubprocess *
lab_test_cli_spawnv (const char * const *args,
                     GSubprocessFlags    flags)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_ptr_array_add (argv, (gpointer) lab_test_cli_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata, flags, &error);
  g_assert_no_error (error);
  return process;
}

/* Starts concurrency-lab with the words of @line (shell quoting; may be ""). */
static inline GSubprocess *
lab_test_cli_spawn (const char       *line,
                    GSubprocessFlags  flags)
{
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;

  if (*line == '\0')
    {
      const char *none[] = { NULL };
      return lab_test_cli_spawnv (none, flags);
    }
  g_shell_parse_argv (line, NULL, &args, &error);
  g_assert_no_error (error);
  return lab_test_cli_spawnv ((const char * const *) args, flags);
}

/* Waits for @process (started with stdout and stderr piped), both of which
 * must be UTF-8. */
static inline CliResult *
lab_test_cli_communicate (GSubprocess *process,
                          const char  *what)
{
  g_autoptr(GError) error = NULL;
  CliResult *result = g_new0 (CliResult, 1);

  g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  result->status = lab_test_cli_status (process);
  g_test_message ("%s → %d\n%s", what, result->status, result->err);
  return result;
}

/* Runs concurrency-lab with @args (NULL-terminated); stdin is /dev/null and
 * stderr is a pipe, not a terminal, so there is no progress line. */
static inline CliResult *
lab_test_cli_runv (const char * const *args)
{
  g_autoptr(GSubprocess) process =
    lab_test_cli_spawnv (args, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autofree char *what = g_strjoinv (" ", (char **) args);

  return lab_test_cli_communicate (process, what);
}

/* The same with the words of @line (shell quoting; may be ""). */
static inline CliResult *
lab_test_cli_run (const char *line)
{
  g_autoptr(GSubprocess) process =
    lab_test_cli_spawn (line, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);

  return lab_test_cli_communicate (process, line);
}

typedef struct
{
  GMainLoop *loop;
  gboolean   done;
} LabTestWaitData;

static inline void
lab_test_on_exited (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  LabTestWaitData *data = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  data->done = TRUE;
  g_main_loop_quit (data->loop);
}

static inline gboolean
lab_test_on_wait_timeout (gpointer user_data)
{
  g_main_loop_quit (((LabTestWaitData *) user_data)->loop);
  return G_SOURCE_REMOVE;
}

/* Sends SIGINT to @process (started with stderr piped) after @delay_ms and
 * waits, at most 60 s, for the exit; returns the status, with the seconds
 * from the signal to the exit in *@seconds and what was said on stderr in
 * *@err. */
static inline int
lab_test_cli_interrupt (GSubprocess  *process,
                        guint         delay_ms,
                        double       *seconds,
                        char        **err)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  LabTestWaitData data = { loop, FALSE };
  char buffer[4096];
  gssize n;
  gint64 signalled;
  guint timeout_id;

  g_usleep (delay_ms * 1000);
  signalled = g_get_monotonic_time ();
  g_subprocess_send_signal (process, SIGINT);

  g_subprocess_wait_async (process, NULL, lab_test_on_exited, &data);
  timeout_id = g_timeout_add_seconds (60, lab_test_on_wait_timeout, &data);
  g_main_loop_run (loop);
  if (!data.done)
    {
      g_subprocess_force_exit (process);
      g_error ("the command did not exit within 60 s of SIGINT");
    }
  g_source_remove (timeout_id);
  *seconds = (g_get_monotonic_time () - signalled) / 1e6;

  n = g_input_stream_read (g_subprocess_get_stderr_pipe (process), buffer, sizeof buffer - 1, NULL, NULL);
  buffer[MAX (n, 0)] = '\0';
  *err = g_strdup (buffer);

  return lab_test_cli_status (process);
}

static inline JsonNode *
lab_test_parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* How many entries @dir has (to check nothing, not even a temporary file,
 * was left). */
static inline guint
lab_test_count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}
