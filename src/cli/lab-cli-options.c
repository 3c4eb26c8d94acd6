/* lab-cli-options.c: the workload options shared by run and compare
 *
 * Options are taken as strings and turned into a LabConfig afterwards, one
 * option at a time in a fixed order, so that a bad value always gets a
 * message that names its option and says what is accepted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lab-cli-private.h"
#include "lab-error.h"

GOptionContext *
lab_cli_context_new (LabCliOptions     *o,
                     LabCliOptionsKind  kind,
                     const char        *summary,
                     const char        *description)
{
  const GOptionEntry workload_entries[] = {
    { "workload", 0, 0, G_OPTION_ARG_STRING, &o->workload,
      "What one task does: primes (test start+i for primality, CPU-bound) or url (GET a URL, I/O-bound). Default: primes",
      "primes|url" },
    { "workers", 'w', 0, G_OPTION_ARG_STRING, &o->workers,
      kind == LAB_CLI_OPTIONS_SWEEP
      ? "The worker counts to sweep, comma-separated, or A..B for A, 2A, 4A, … up to B (threads or processes in the pool; tasks in flight for async). Default: 1..64 (1..16 for processes)"
      : "Threads or processes in the pool; tasks in flight for async. Default: the number of cores",
      kind == LAB_CLI_OPTIONS_SWEEP ? "N1,N2,…" : "N" },
    { "count", 'n', 0, G_OPTION_ARG_STRING, &o->count,
      "Number of tasks. Default: 20000", "N" },
    { "start", 0, 0, G_OPTION_ARG_STRING, &o->start,
      "primes: the first number tested. Default: 1000000000000", "N" },
    { "url", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->urls,
      "url: a http:// or https:// URL to GET, or a path such as /work?delay=200ms on the built-in lab server (repeat for several; tasks cycle through them; {i} is replaced by the task index). Default: /work",
      "URL" },
    { "urls-file", 0, 0, G_OPTION_ARG_FILENAME, &o->urls_file,
      "url: read URLs from FILE, one per line (blank lines and # comments are skipped)", "FILE" },
    { "max-body", 0, 0, G_OPTION_ARG_STRING, &o->max_body,
      "url: largest body read; a larger one fails the task. Default: 64MiB", "SIZE" },
    { "timeout", 0, 0, G_OPTION_ARG_STRING, &o->timeout,
      "Limit for one task (250ms, 2s, 1.5s, 1m; none). Default: none", "DURATION" },
    { "deadline", 0, 0, G_OPTION_ARG_STRING, &o->deadline,
      "Limit for the whole run; tasks left are cancelled. Default: none", "DURATION" },
    { "max-in-flight", 0, 0, G_OPTION_ARG_STRING, &o->max_in_flight,
      "Tasks dispatched but not yet recorded (backpressure). Default: auto", "N|auto" },
    { "chunk-size", 0, 0, G_OPTION_ARG_STRING, &o->chunk_size,
      "processes: task indices sent to a worker per message. Default: auto", "N" },
    { "simulate-gil", 0, 0, G_OPTION_ARG_NONE, &o->simulate_gil,
      "threads: hold one global lock while a task computes, as CPython's GIL does", NULL },
    { "switch-interval", 0, 0, G_OPTION_ARG_STRING, &o->switch_interval,
      "threads with --simulate-gil: how often the lock is handed over. Default: 5ms", "DURATION" },
    G_OPTION_ENTRY_NULL
  };
  const GOptionEntry run_entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_STRING, &o->model,
      "How tasks are executed: sequential, threads, processes or async. Default: threads",
      "MODEL" },
    G_OPTION_ENTRY_NULL
  };
  const GOptionEntry compare_entries[] = {
    { "models", 0, 0, G_OPTION_ARG_STRING, &o->models,
      "The models to compare, comma-separated. Default: sequential,threads,processes,async",
      "M1,M2,…" },
    { "runs", 'r', 0, G_OPTION_ARG_STRING, &o->runs,
      "Runs of each model (interleaved). Default: 3", "R" },
    G_OPTION_ENTRY_NULL
  };
  const GOptionEntry sweep_entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_STRING, &o->model,
      "The model to sweep: threads, processes or async. Default: threads",
      "MODEL" },
    { "runs", 'r', 0, G_OPTION_ARG_STRING, &o->runs,
      "Runs at each worker count (interleaved). Default: 3", "R" },
    G_OPTION_ENTRY_NULL
  };
  const GOptionEntry output_entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &o->format,
      "Output format: text, json, csv or markdown. Default: text", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o->output,
      "Write the result to FILE (atomically) instead of standard output", "FILE" },
    G_OPTION_ENTRY_NULL
  };
  GOptionContext *context = g_option_context_new (NULL);

  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context,
                                     kind == LAB_CLI_OPTIONS_RUN ? run_entries :
                                     kind == LAB_CLI_OPTIONS_SWEEP ? sweep_entries : compare_entries,
                                     NULL);
  g_option_context_add_main_entries (context, workload_entries, NULL);
  g_option_context_add_main_entries (context, output_entries, NULL);

  return context;
}

gboolean
lab_cli_context_parse (GOptionContext  *context,
                       const char      *command,
                       int              argc,
                       char           **argv,
                       GError         **error)
{
  g_autofree char *prgname = g_strdup_printf ("%s %s", LAB_CLI_NAME, command);
  g_auto(GStrv) args = g_new0 (char *, argc + 1);
  gboolean ok;

  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);

  /* --help says "Usage: concurrency-lab run [OPTION…]" */
  g_set_prgname (prgname);
  ok = g_option_context_parse_strv (context, &args, error);
  g_set_prgname (LAB_CLI_NAME);

  if (!ok)
    return FALSE;

  if (args[0] != NULL && args[1] != NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID_OPTION,
                   "unexpected argument “%s”: %s takes options only", args[1], command);
      return FALSE;
    }

  return TRUE;
}

#define option_error(error, option, ...) \
  lab_error_set_named ((error), LAB_ERROR_INVALID_OPTION, "--", (option), __VA_ARGS__)

/* lab_parse_*() messages say what is wrong with a value; add the option. */
static gboolean
prefix_option (GError     **error,
               GError      *local_error,
               const char  *option)
{
  option_error (error, option, "%s", local_error->message);
  g_error_free (local_error);
  return FALSE;
}

/* A whole number up to @max; @accepted says what is, e.g. "use 1 to 1024". */
static gboolean
parse_number (const char  *value,
              const char  *option,
              guint64      max,
              guint64     *out,
              const char  *accepted,
              GError     **error)
{
  gboolean digits = *value != '\0';

  if (lab_parse_count (value, max, out, NULL))
    return TRUE;

  for (const char *p = value; *p != '\0'; p++)
    digits &= g_ascii_isdigit (*p) || *p == '_';
  if (digits)
    return option_error (error, option, "%s is out of range; %s", value, accepted);
  return option_error (error, option, "“%s” is not a whole number; %s", value, accepted);
}

static gboolean
parse_duration (const char  *value,
                const char  *option,
                GTimeSpan   *out,
                GError     **error)
{
  GError *local_error = NULL;

  if (!lab_parse_duration (value, out, &local_error))
    return prefix_option (error, local_error, option);
  return TRUE;
}

/* --urls-file: one URL per line; blank lines and # comments skipped. */
static gboolean
read_urls_file (const char  *path,
                GPtrArray   *urls,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *display = g_filename_display_name (path);
  g_auto(GStrv) lines = NULL;
  guint before = urls->len;

  if (!g_file_get_contents (path, &contents, NULL, &local_error))
    return option_error (error, "urls-file", "%s", local_error->message);

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      g_autoptr(GError) url_error = NULL;

      if (*line == '\0' || *line == '#')
        continue;
      if (!lab_config_check_url (line, &url_error))
        {
          const char *message = url_error->message;

          if (g_str_has_prefix (message, "--url: "))
            message += strlen ("--url: ");
          return option_error (error, "urls-file", "%s, line %u: %s", display, i + 1, message);
        }
      g_ptr_array_add (urls, g_strdup (line));
    }

  if (urls->len == before)
    return option_error (error, "urls-file", "“%s” lists no URLs (blank lines and # comments are skipped)",
                         display);
  return TRUE;
}

static gboolean
check_workload_options (LabCliOptions    *o,
                        const LabConfig  *config,
                        GError          **error)
{
  if (config->workload == LAB_WORKLOAD_PRIMES)
    {
      if (o->urls != NULL)
        return option_error (error, "url", "applies only to --workload=url (this run uses primes)");
      if (o->urls_file != NULL)
        return option_error (error, "urls-file", "applies only to --workload=url (this run uses primes)");
      if (o->max_body != NULL)
        return option_error (error, "max-body", "applies only to --workload=url (this run uses primes)");
    }
  else if (o->start != NULL)
    return option_error (error, "start", "applies only to --workload=primes (this run uses url)");

  return TRUE;
}

LabConfig *
lab_cli_options_build_config (LabCliOptions      *o,
                              LabCliOptionsKind   kind,
                              GError            **error)
{
  g_autoptr(LabConfig) config = lab_config_new ();
  guint64 value;

  if (o->workload != NULL && !lab_workload_kind_from_string (o->workload, &config->workload))
    return option_error (error, "workload", "“%s” is not a workload; use primes or url", o->workload), NULL;

  if (kind != LAB_CLI_OPTIONS_COMPARE && o->model != NULL &&
      !lab_model_from_string (o->model, &config->model))
    return option_error (error, "model", "“%s” is not a model; use sequential, threads, processes or async",
                         o->model), NULL;

  if (!check_workload_options (o, config, error))
    return NULL;

  /* sweep reads its list of worker counts itself. */
  if (o->workers != NULL && kind != LAB_CLI_OPTIONS_SWEEP)
    {
      g_autofree char *accepted = NULL;

      if (kind == LAB_CLI_OPTIONS_RUN && config->model != LAB_MODEL_SEQUENTIAL)
        accepted = g_strdup_printf ("use 1 to %u for the %s model",
                                    config->model == LAB_MODEL_PROCESSES ? 256 : LAB_MAX_WORKERS,
                                    lab_model_to_string (config->model));
      else
        accepted = g_strdup_printf ("use 1 to %u (256 for processes)", LAB_MAX_WORKERS);

      if (!parse_number (o->workers, "workers", LAB_MAX_WORKERS, &value, accepted, error))
        return NULL;
      config->workers = (guint) value;
      if (kind == LAB_CLI_OPTIONS_RUN && config->model == LAB_MODEL_SEQUENTIAL && value != 1)
        return option_error (error, "workers", "the sequential model runs one task at a time; "
                             "leave --workers out (or use 1), or pick threads, processes or async"), NULL;
    }

  if (o->count != NULL)
    {
      g_autofree char *accepted_count = g_strdup_printf ("use 1 to %" G_GUINT64_FORMAT, LAB_MAX_COUNT);

      if (!parse_number (o->count, "count", G_MAXUINT64, &config->count, accepted_count, error))
        return NULL;
    }
  if (o->start != NULL &&
      !parse_number (o->start, "start", G_MAXUINT64, &config->start, "use 0 to 18446744073709551615", error))
    return NULL;

  if (o->urls != NULL || o->urls_file != NULL)
    {
      g_autoptr(GPtrArray) urls = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; o->urls != NULL && o->urls[i] != NULL; i++)
        {
          if (!lab_config_check_url (o->urls[i], error))
            return NULL;
          g_ptr_array_add (urls, g_strdup (o->urls[i]));
        }
      if (o->urls_file != NULL && !read_urls_file (o->urls_file, urls, error))
        return NULL;
      g_ptr_array_add (urls, NULL);
      config->urls = (char **) g_ptr_array_steal (urls, NULL);
    }

  if (o->max_body != NULL)
    {
      GError *local_error = NULL;

      if (!lab_parse_size (o->max_body, &config->max_body, &local_error))
        return prefix_option (error, local_error, "max-body"), NULL;
    }

  if (o->timeout != NULL && !parse_duration (o->timeout, "timeout", &config->timeout, error))
    return NULL;
  if (o->deadline != NULL && !parse_duration (o->deadline, "deadline", &config->deadline, error))
    return NULL;

  if (o->max_in_flight != NULL && g_ascii_strcasecmp (o->max_in_flight, "auto") != 0)
    {
      if (!parse_number (o->max_in_flight, "max-in-flight", LAB_MAX_MAX_IN_FLIGHT, &value,
                         "use at least the worker count (up to 1048576), or auto", error))
        return NULL;
      if (value == 0)
        return option_error (error, "max-in-flight", "0 is out of range; use at least the worker count "
                             "(up to %u), or auto", LAB_MAX_MAX_IN_FLIGHT), NULL;
      config->max_in_flight = (guint) value;
    }

  if (o->chunk_size != NULL)
    {
      if (!parse_number (o->chunk_size, "chunk-size", LAB_MAX_CHUNK_SIZE, &value,
                         "use 1 to 65536 (or leave it out for auto)", error))
        return NULL;
      if (value == 0)
        return option_error (error, "chunk-size", "0 is out of range; use 1 to %u (or leave it out for auto)",
                             LAB_MAX_CHUNK_SIZE), NULL;
      config->chunk_size = (guint) value;
    }

  config->simulate_gil = o->simulate_gil;
  if (o->switch_interval != NULL)
    {
      if (!o->simulate_gil)
        return option_error (error, "switch-interval", "has an effect only with --simulate-gil"), NULL;
      if (!parse_duration (o->switch_interval, "switch-interval", &config->switch_interval, error))
        return NULL;
    }

  /* compare checks the per-model options against --models itself, sweep
   * the config of each worker count. */
  if (kind == LAB_CLI_OPTIONS_RUN && !lab_config_validate (config, error))
    return NULL;

  return g_steal_pointer (&config);
}

gboolean
lab_cli_options_get_runs (LabCliOptions  *o,
                          guint          *runs,
                          GError        **error)
{
  g_autofree char *accepted = g_strdup_printf ("use 1 to %u", LAB_CLI_MAX_RUNS);
  guint64 value;

  *runs = LAB_CLI_DEFAULT_RUNS;
  if (o->runs == NULL)
    return TRUE;
  if (!parse_number (o->runs, "runs", LAB_CLI_MAX_RUNS, &value, accepted, error))
    return FALSE;
  if (value == 0)
    return option_error (error, "runs", "0 is out of range; %s", accepted);
  *runs = (guint) value;
  return TRUE;
}

gboolean
lab_cli_options_get_format (LabCliOptions  *o,
                            LabCliFormat   *format,
                            GError        **error)
{
  static const char *names[] = {
    [LAB_CLI_FORMAT_TEXT] = "text",
    [LAB_CLI_FORMAT_JSON] = "json",
    [LAB_CLI_FORMAT_CSV] = "csv",
    [LAB_CLI_FORMAT_MARKDOWN] = "markdown",
  };

  *format = LAB_CLI_FORMAT_TEXT;
  if (o->format == NULL)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_ascii_strcasecmp (o->format, names[i]) == 0)
        {
          *format = i;
          return TRUE;
        }
    }
  if (g_ascii_strcasecmp (o->format, "md") == 0)
    {
      *format = LAB_CLI_FORMAT_MARKDOWN;
      return TRUE;
    }

  return option_error (error, "format", "“%s” is not a format; use text, json, csv or markdown", o->format);
}

void
lab_cli_options_clear (LabCliOptions *o)
{
  g_clear_pointer (&o->workload, g_free);
  g_clear_pointer (&o->model, g_free);
  g_clear_pointer (&o->models, g_free);
  g_clear_pointer (&o->runs, g_free);
  g_clear_pointer (&o->workers, g_free);
  g_clear_pointer (&o->count, g_free);
  g_clear_pointer (&o->start, g_free);
  g_clear_pointer (&o->urls, g_strfreev);
  g_clear_pointer (&o->urls_file, g_free);
  g_clear_pointer (&o->max_body, g_free);
  g_clear_pointer (&o->timeout, g_free);
  g_clear_pointer (&o->deadline, g_free);
  g_clear_pointer (&o->max_in_flight, g_free);
  g_clear_pointer (&o->chunk_size, g_free);
  g_clear_pointer (&o->switch_interval, g_free);
  g_clear_pointer (&o->format, g_free);
  g_clear_pointer (&o->output, g_free);
}

int
lab_cli_usage_error (const char   *command,
                     const GError *error)
{
  g_printerr ("%s: %s\n", LAB_CLI_NAME, error->message);
  if (command != NULL)
    g_printerr ("Try “%s %s --help” for the options.\n", LAB_CLI_NAME, command);
  else
    g_printerr ("Try “%s --help”.\n", LAB_CLI_NAME);
  return LAB_EXIT_USAGE;
}
