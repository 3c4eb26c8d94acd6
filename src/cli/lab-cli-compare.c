/* lab-cli-compare.c: `concurrency-lab compare`, one workload under several
 * models, several times each
 *
 * The runs are interleaved (sequential, threads, …, sequential, threads, …)
 * rather than grouped by model, so that a slow spell of the machine (another
 * program, a thermal throttle) spreads over every model instead of
 * penalising one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-cli-private.h"
#include "lab-comparison.h"
#include "lab-error.h"
#include "lab-format.h"

static const char compare_description[] =
  "Examples:\n"
  "  concurrency-lab compare --models=sequential,threads,processes,async --runs=5\n"
  "  concurrency-lab compare --models=sequential,threads --simulate-gil --format=markdown\n"
  "\n"
  "Each model runs R times (interleaved). The result gives wall time mean ± σ, the start-up\n"
  "of the pool apart, speedup against sequential (on the task phase, and with start-up),\n"
  "efficiency (speedup ÷ workers) and warnings when a model's runs vary widely.\n"
  "--chunk-size applies to the processes runs only, --simulate-gil to the threads runs only.\n"
  "Exit status: 0 every run done with every task ok, 1 otherwise, 2 bad usage, 130 interrupted.";

static gboolean
parse_models (const char  *text,
              GArray      *models,
              GError     **error)
{
  g_auto(GStrv) names = g_strsplit (text != NULL ? text : "sequential,threads,processes,async", ",", -1);

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = g_strstrip (names[i]);
      LabModel model;

      if (*name == '\0')
        continue;
      if (!lab_model_from_string (name, &model))
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID_OPTION,
                       "--models: “%s” is not a model; use sequential, threads, processes or async, "
                       "separated by commas", name);
          return FALSE;
        }
      for (guint j = 0; j < models->len; j++)
        {
          if (g_array_index (models, LabModel, j) == model)
            {
              g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID_OPTION,
                           "--models: %s is listed twice; name each model once (use --runs to repeat)",
                           name);
              return FALSE;
            }
        }
      g_array_append_val (models, model);
    }

  if (models->len == 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID_OPTION,
                   "--models: the list is empty; name one or more of sequential, threads, processes "
                   "and async, separated by commas");
      return FALSE;
    }
  return TRUE;
}

static gboolean
has_model (GArray   *models,
           LabModel  model)
{
  for (guint i = 0; i < models->len; i++)
    if (g_array_index (models, LabModel, i) == model)
      return TRUE;
  return FALSE;
}

static char *
join_models (GArray *models)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < models->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? "," : "",
                            lab_model_to_string (g_array_index (models, LabModel, i)));
  return g_string_free (out, FALSE);
}

/* Options that concern one model only must have that model in the list;
 * then every model's own config must be valid. */
static gboolean
check_models (LabCliOptions   *options,
              LabComparison   *comparison,
              GArray          *models,
              GError         **error)
{
  g_autofree char *list = join_models (models);
  gboolean only_sequential = models->len == 1 && has_model (models, LAB_MODEL_SEQUENTIAL);

  if (options->chunk_size != NULL && !has_model (models, LAB_MODEL_PROCESSES))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID_OPTION,
                   "--chunk-size: applies only to the processes model, which is not in --models (%s)", list);
      return FALSE;
    }
  if (options->simulate_gil && !has_model (models, LAB_MODEL_THREADS))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID_OPTION,
                   "--simulate-gil: applies only to the threads model, which is not in --models (%s)", list);
      return FALSE;
    }
  if (options->workers != NULL && only_sequential)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID_OPTION,
                   "--workers: the sequential model runs one task at a time; add threads, processes "
                   "or async to --models, or leave --workers out");
      return FALSE;
    }

  for (guint i = 0; i < models->len; i++)
    {
      g_autoptr(LabConfig) config =
        lab_comparison_dup_model_config (comparison, g_array_index (models, LabModel, i));

      if (!lab_config_validate (config, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_comparison (gpointer        result,
                  LabCliFormat    format,
                  GOutputStream  *stream,
                  GError        **error)
{
  LabComparison *comparison = result;
  g_autofree char *text = NULL;

  switch (format)
    {
    case LAB_CLI_FORMAT_JSON:
      return lab_comparison_write_json (comparison, stream, error);
    case LAB_CLI_FORMAT_CSV:
      text = lab_comparison_format_csv (comparison);
      break;
    case LAB_CLI_FORMAT_MARKDOWN:
      text = lab_comparison_format_markdown (comparison);
      break;
    case LAB_CLI_FORMAT_TEXT:
    default:
      text = lab_comparison_format_text (comparison);
      break;
    }

  return lab_cli_write_text (stream, text, error);
}

int
lab_cli_compare (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(LabCliOutput) output = NULL;
  g_autoptr(LabCliSession) session = NULL;
  g_autoptr(LabConfig) base = NULL;
  g_autoptr(LabComparison) comparison = NULL;
  g_autoptr(GArray) models = g_array_new (FALSE, FALSE, sizeof (LabModel));
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GError) error = NULL;
  LabCliOptions options = { 0 };
  LabCliFormat format;
  int status;
  guint runs;
  gboolean all_ok = TRUE;
  guint total, n = 0;

  context = lab_cli_context_new (&options, LAB_CLI_OPTIONS_COMPARE,
                                 "Runs a workload under several models, several times each, and compares them "
                                 "against sequential.",
                                 compare_description);

  if (!lab_cli_context_parse (context, "compare", argc, argv, &error) ||
      !(base = lab_cli_options_build_config (&options, LAB_CLI_OPTIONS_COMPARE, &error)) ||
      !parse_models (options.models, models, &error) ||
      !lab_cli_options_get_runs (&options, &runs, &error))
    goto usage;

  comparison = lab_comparison_new (base, (const LabModel *) (gpointer) models->data, models->len, runs);
  if (!check_models (&options, comparison, models, &error) ||
      !lab_cli_options_get_format (&options, &format, &error) ||
      !(output = lab_cli_output_open (options.output, &error)))
    goto usage;

  session = lab_cli_session_new (output);
  total = models->len * runs;

  for (guint rep = 1; rep <= runs && !lab_cli_session_is_interrupted (session); rep++)
    {
      for (guint m = 0; m < models->len && !lab_cli_session_is_interrupted (session); m++)
        {
          LabModel model = g_array_index (models, LabModel, m);
          g_autoptr(LabConfig) config = lab_comparison_dup_model_config (comparison, model);
          g_autoptr(LabRun) run = NULL;
          g_autofree char *label = g_strdup_printf ("[%u/%u] %s, run %u of %u",
                                                    ++n, total, lab_model_to_string (model), rep, runs);

          if ((run = lab_cli_session_run (session, config, label, &all_ok)) != NULL)
            lab_comparison_add_run (comparison, run, rep);
        }
    }

  warnings = lab_comparison_dup_warnings (comparison);
  status = lab_cli_session_finish (session, warnings, write_comparison, comparison, format, "comparison",
                                   lab_comparison_get_n_runs (comparison), total, all_ok);
  lab_cli_options_clear (&options);
  return status;

usage:
  lab_cli_options_clear (&options);
  return lab_cli_usage_error ("compare", error);
}
