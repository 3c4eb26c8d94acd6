/* lab-cli-export.c: `concurrency-lab export`, a saved run written again as
 * an image, CSV, Markdown, text or JSON
 *
 * The snapshot is loaded as the window opens it, so an exported chart is
 * the chart the window shows. Checks come before work: the options, then
 * the output (a bad path is found before a large snapshot is read), then
 * the snapshot. The output is written atomically: a failed export leaves
 * no partial file and an older file at the same path as it was.
 *
 * Exit status: 0 written, 1 the output could not be written, 2 bad usage or
 * a snapshot that cannot be read (the message names the option, or the
 * file and what is wrong with it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <unistd.h>

#include "lab-chart-export.h"
#include "lab-cli-private.h"
#include "lab-error.h"
#include "lab-report.h"
#include "lab-snapshot-reader.h"
#include "lab-snapshot.h"

typedef enum
{
  EXPORT_PNG,
  EXPORT_SVG,
  EXPORT_CSV,
  EXPORT_MARKDOWN,
  EXPORT_JSON,
  EXPORT_TEXT,
} ExportFormat;

static const char * const format_names[] = {
  [EXPORT_PNG] = "png",
  [EXPORT_SVG] = "svg",
  [EXPORT_CSV] = "csv",
  [EXPORT_MARKDOWN] = "markdown",
  [EXPORT_JSON] = "json",
  [EXPORT_TEXT] = "text",
};

typedef struct
{
  char     *format;
  char     *chart;
  char     *width;
  char     *height;
  gboolean  dark;
  char     *output;
  char    **files;
} ExportOptions;

static const char export_description[] =
  "Formats:\n"
  "  png, svg      a chart (--chart) or the whole dashboard, drawn as the window draws it\n"
  "  csv           one row per task\n"
  "  markdown      the summary table, ready to paste into an issue or a post\n"
  "  json          the snapshot again (everything)\n"
  "  text          the summary, as `run` prints it\n"
  "Without --format, the extension of --output decides (.png, .svg, .csv, .md, .json, .txt).\n"
  "Images need --output (use --output=- to pipe one); text formats go to standard output\n"
  "without it.\n"
  "\n"
  "Examples:\n"
  "  concurrency-lab run --model=threads --workers=2 --format=json --output=run.json\n"
  "  concurrency-lab export run.json --output=dashboard.png\n"
  "  concurrency-lab export run.json --format=svg --chart=timeline --width=1600 --dark --output=timeline.svg\n"
  "  concurrency-lab export run.json --format=markdown\n"
  "\n"
  "Exit status: 0 written, 1 the output could not be written, 2 bad usage or a snapshot that\n"
  "cannot be read.";

#define option_error(error, option, ...) \
  lab_error_set_named ((error), LAB_ERROR_INVALID_OPTION, "--", (option), __VA_ARGS__)

static void
export_options_clear (ExportOptions *o)
{
  g_clear_pointer (&o->format, g_free);
  g_clear_pointer (&o->chart, g_free);
  g_clear_pointer (&o->width, g_free);
  g_clear_pointer (&o->height, g_free);
  g_clear_pointer (&o->output, g_free);
  g_clear_pointer (&o->files, g_strfreev);
}

static gboolean
parse_format (ExportOptions  *o,
              ExportFormat   *format,
              GError        **error)
{
  static const struct { const char *suffix; ExportFormat format; } suffixes[] = {
    { ".png", EXPORT_PNG }, { ".svg", EXPORT_SVG }, { ".csv", EXPORT_CSV }, { ".md", EXPORT_MARKDOWN },
    { ".markdown", EXPORT_MARKDOWN }, { ".json", EXPORT_JSON }, { ".txt", EXPORT_TEXT },
  };

  if (o->format == NULL)
    {
      g_autofree char *lower = o->output ? g_ascii_strdown (o->output, -1) : NULL;

      for (guint i = 0; lower != NULL && i < G_N_ELEMENTS (suffixes); i++)
        if (g_str_has_suffix (lower, suffixes[i].suffix))
          {
            *format = suffixes[i].format;
            return TRUE;
          }
      return option_error (error, "format", "missing; use png, svg, csv, markdown, json or text "
                           "(or an --output whose extension says which)");
    }

  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_ascii_strcasecmp (o->format, format_names[i]) == 0)
      {
        *format = (ExportFormat) i;
        return TRUE;
      }
  if (g_ascii_strcasecmp (o->format, "md") == 0)
    {
      *format = EXPORT_MARKDOWN;
      return TRUE;
    }

  return option_error (error, "format", "“%s” is not a format; use png, svg, csv, markdown, json or text",
                       o->format);
}

static gboolean
parse_size (const char  *value,
            const char  *option,
            int         *size,
            GError     **error)
{
  guint64 parsed;

  if (value == NULL)
    return TRUE;

  if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT, &parsed, NULL))
    return option_error (error, option, "“%s” is not a number of pixels; use %d to %d",
                         value, LAB_CHART_EXPORT_MIN_SIZE, LAB_CHART_EXPORT_MAX_SIZE);
  *size = (int) parsed;
  return TRUE;
}

/* Everything that can be checked before any file is touched. */
static gboolean
check_options (ExportOptions  *o,
               ExportFormat   *format,
               LabChartKind   *kind,
               int            *width,
               int            *height,
               GError        **error)
{
  gboolean image;
  guint n_files = o->files ? g_strv_length (o->files) : 0;

  if (n_files == 0)
    return lab_error_set (error, LAB_ERROR_INVALID_OPTION,
                          "SNAPSHOT.json: missing; name the JSON snapshot to export "
                          "(one written by “run --format=json” or saved by the window)");
  if (n_files > 1)
    return lab_error_set (error, LAB_ERROR_INVALID_OPTION,
                          "“%s”: one snapshot at a time (“%s” is already the one to export)",
                          o->files[1], o->files[0]);

  if (!parse_format (o, format, error))
    return FALSE;
  image = *format == EXPORT_PNG || *format == EXPORT_SVG;

  if (!image)
    {
      const char *option = o->chart ? "chart" : o->width ? "width" : o->height ? "height" : o->dark ? "dark" : NULL;

      if (option != NULL)
        return option_error (error, option, "only for images (--format=png or svg), not %s",
                             format_names[*format]);
      return TRUE;
    }

  *kind = LAB_CHART_ALL;
  if (o->chart != NULL && !lab_chart_kind_from_string (o->chart, kind))
    return option_error (error, "chart", "“%s” is not a chart; use throughput, inflight, latency, timeline or all",
                         o->chart);

  *width = *height = 0;
  if (!parse_size (o->width, "width", width, error) ||
      !parse_size (o->height, "height", height, error))
    return FALSE;
  /* the default size is known once the run (its lanes) is */
  if (!lab_chart_export_check_size (o->width ? *width : LAB_CHART_EXPORT_MIN_SIZE,
                                    o->height ? *height : LAB_CHART_EXPORT_MIN_SIZE, "--", error))
    return FALSE;

  if (o->output == NULL)
    return option_error (error, "output", "missing: a %s image is not for a terminal; give --output=FILE "
                         "(or --output=- to pipe it)", format_names[*format]);
  if (g_str_equal (o->output, "-") && isatty (STDOUT_FILENO))
    return option_error (error, "output", "standard output is a terminal, not a place for a %s image; "
                         "give --output=FILE", format_names[*format]);

  return TRUE;
}

/* The snapshot, or an error that begins with its name. */
static LabRun *
load_snapshot (const char  *path,
               GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GError) local_error = NULL;
  char head[4096];
  gsize n_read = 0;
  LabRun *run;

  /* another document of ours says what it is, not where parsing failed */
  if ((input = g_file_read (file, NULL, &local_error)) == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (input), head, sizeof head, &n_read, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        lab_error_set (error, LAB_ERROR_SNAPSHOT, "%s: no such file", path);
      else
        lab_error_set (error, LAB_ERROR_SNAPSHOT, "%s: %s", path, local_error->message);
      return NULL;
    }
  g_input_stream_close (G_INPUT_STREAM (input), NULL, NULL);

  switch (lab_document_kind_sniff (head, n_read))
    {
    case LAB_DOCUMENT_COMPARISON:
      lab_error_set (error, LAB_ERROR_SNAPSHOT, "%s: this is a comparison, not a run snapshot "
                     "(export a run saved with “run --format=json”)", path);
      return NULL;
    case LAB_DOCUMENT_SWEEP:
      lab_error_set (error, LAB_ERROR_SNAPSHOT, "%s: this is a sweep, not a run snapshot "
                     "(export a run saved with “run --format=json”)", path);
      return NULL;
    case LAB_DOCUMENT_SNAPSHOT:
    case LAB_DOCUMENT_UNKNOWN:
    default:
      break;
    }

  if ((run = lab_snapshot_load_file (file, NULL, &local_error)) == NULL)
    lab_error_set (error, LAB_ERROR_SNAPSHOT, "%s: %s", path, local_error->message);

  return run;
}

static gboolean
write_export (LabRun         *run,
              ExportFormat    format,
              LabChartKind    kind,
              int             width,
              int             height,
              gboolean        dark,
              GOutputStream  *stream,
              GError        **error)
{
  LabChartStyle style;
  int default_width, default_height;

  switch (format)
    {
    case EXPORT_PNG:
    case EXPORT_SVG:
      lab_chart_style_init (&style, dark);
      lab_chart_export_default_size (run, kind, &default_width, &default_height);
      /* one side given: the other keeps the default proportions */
      if (width > 0 && height == 0)
        height = CLAMP ((int) ((gint64) width * default_height / default_width),
                        LAB_CHART_EXPORT_MIN_SIZE, LAB_CHART_EXPORT_MAX_SIZE);
      else if (height > 0 && width == 0)
        width = CLAMP ((int) ((gint64) height * default_width / default_height),
                       LAB_CHART_EXPORT_MIN_SIZE, LAB_CHART_EXPORT_MAX_SIZE);
      else if (width == 0 && height == 0)
        {
          width = default_width;
          height = default_height;
        }
      return lab_chart_export_run (run, kind, format == EXPORT_PNG ? LAB_IMAGE_PNG : LAB_IMAGE_SVG,
                                   width, height, &style, stream, NULL, error);
    case EXPORT_CSV:
      return lab_report_write_csv (run, stream, error);
    case EXPORT_MARKDOWN:
      return lab_report_write_markdown (run, stream, error);
    case EXPORT_JSON:
      return lab_snapshot_write (run, stream, error);
    case EXPORT_TEXT:
    default:
      return lab_report_write_text (run, stream, error);
    }
}

int
lab_cli_export (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(LabCliOutput) output = NULL;
  g_autoptr(LabRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = g_new0 (char *, argc + 1);
  ExportOptions o = { 0 };
  ExportFormat format = EXPORT_TEXT;
  LabChartKind kind = LAB_CHART_ALL;
  int width = 0, height = 0;
  gboolean ok;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &o.format, "png, svg, csv, markdown, json or text", "FORMAT" },
    { "chart", 0, 0, G_OPTION_ARG_STRING, &o.chart,
      "Images: throughput, inflight, latency, timeline or all (the dashboard; the default)", "CHART" },
    { "width", 0, 0, G_OPTION_ARG_STRING, &o.width, "Images: width in pixels (default 1200)", "N" },
    { "height", 0, 0, G_OPTION_ARG_STRING, &o.height,
      "Images: height in pixels (default 800 for the dashboard, 360 for a chart, the timeline's as its lanes need)", "N" },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &o.dark, "Images: the dark style", NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output, "Write to FILE, atomically (default: standard output)", "FILE" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o.files, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new ("SNAPSHOT.json");
  g_option_context_set_summary (context, "Writes a saved run (a JSON snapshot) as an image of its charts, "
                                         "CSV, Markdown, text or JSON.");
  g_option_context_set_description (context, export_description);
  g_option_context_add_main_entries (context, entries, NULL);

  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);

  /* --help says "Usage: concurrency-lab export [OPTION…] SNAPSHOT.json" */
  g_set_prgname (LAB_CLI_NAME " export");
  ok = g_option_context_parse_strv (context, &args, &error);
  g_set_prgname (LAB_CLI_NAME);

  if (!ok || !check_options (&o, &format, &kind, &width, &height, &error) ||
      !(output = lab_cli_output_open (o.output, &error)))
    {
      export_options_clear (&o);
      return lab_cli_usage_error ("export", error);
    }

  if ((run = load_snapshot (o.files[0], &error)) == NULL)
    {
      g_printerr ("%s: %s\n", LAB_CLI_NAME, error->message);
      export_options_clear (&o);
      return LAB_EXIT_USAGE;
    }

  if (!write_export (run, format, kind, width, height, o.dark, lab_cli_output_get_stream (output), &error) ||
      !lab_cli_output_commit (output, &error))
    {
      gboolean usage = g_error_matches (error, LAB_ERROR, LAB_ERROR_INVALID_OPTION);

      lab_cli_output_abort (output);
      export_options_clear (&o);
      if (usage)
        return lab_cli_usage_error ("export", error);
      g_printerr ("%s: %s%s\n", LAB_CLI_NAME, o.output && !g_str_equal (o.output, "-") ? "--output: " : "",
                  error->message);
      return LAB_EXIT_FAILED;
    }

  export_options_clear (&o);
  return LAB_EXIT_OK;
}
