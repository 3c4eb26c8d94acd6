/* lab-export-dialog.c
 *
 * The dialog is a GtkFileChooserNative (a portal's dialog when there is
 * one) with two choices, Format and Chart. A chooser cannot rename its file
 * as the Format choice changes, so the name follows the choice when the
 * person accepts: a known extension is replaced, a missing one added, and
 * if that names another file which exists, the person is asked before it
 * is replaced.
 *
 * The file is written on a thread through LabAtomicFile, so a large run
 * does not stall the window and a failed write loses nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "lab-atomic-file.h"
#include "lab-export-dialog.h"
#include "lab-report.h"
#include "lab-snapshot.h"

static const struct
{
  const char *name;
  const char *extension;
} formats[] = {
  [LAB_EXPORT_JSON]     = { "json", "json" },
  [LAB_EXPORT_CSV]      = { "csv", "csv" },
  [LAB_EXPORT_MARKDOWN] = { "markdown", "md" },
  [LAB_EXPORT_PNG]      = { "png", "png" },
  [LAB_EXPORT_SVG]      = { "svg", "svg" },
};

/* The last choices, for the next export in this session. */
static LabExportFormat last_format = LAB_EXPORT_JSON;
static LabChartKind last_chart = LAB_CHART_ALL;
static GFile *last_folder;

const char *
lab_export_format_to_string (LabExportFormat format)
{
  g_return_val_if_fail (format <= LAB_EXPORT_SVG, NULL);
  return formats[format].name;
}

gboolean
lab_export_format_from_string (const char      *str,
                               LabExportFormat *format)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (formats); i++)
    if (g_str_equal (str, formats[i].name))
      {
        *format = (LabExportFormat) i;
        return TRUE;
      }
  return FALSE;
}

const char *
lab_export_format_get_extension (LabExportFormat format)
{
  g_return_val_if_fail (format <= LAB_EXPORT_SVG, NULL);
  return formats[format].extension;
}

gboolean
lab_export_format_is_image (LabExportFormat format)
{
  return format == LAB_EXPORT_PNG || format == LAB_EXPORT_SVG;
}

char *
lab_export_suggest_name (LabRun          *run,
                         LabExportFormat  format,
                         LabChartKind     chart)
{
  const LabConfig *config = lab_run_get_config (run);
  g_autoptr(GDateTime) local = g_date_time_to_local (lab_run_get_created (run));
  g_autofree char *date = g_date_time_format (local, "%Y-%m-%d-%H%M");
  g_autofree char *suffix = NULL;

  if (lab_export_format_is_image (format) && chart != LAB_CHART_ALL)
    suffix = g_strconcat ("-", lab_chart_kind_to_string (chart), NULL);

  return g_strdup_printf ("%s-%s-%uw-%s%s.%s",
                          lab_workload_kind_to_string (config->workload),
                          lab_model_to_string (config->model),
                          lab_config_get_effective_workers (config),
                          date, suffix ? suffix : "",
                          lab_export_format_get_extension (format));
}

char *
lab_export_describe_outcome (GFile        *file,
                             const GError *error)
{
  g_autofree char *name = g_file_get_basename (file);

  if (error == NULL)
    return g_strdup_printf (_("Exported %s"), name);
  return g_strdup_printf (_("Could not export %s: %s"), name, error->message);
}

/* Writing */

typedef struct
{
  LabRun          *run;
  char            *path;
  LabExportFormat  format;
  LabChartKind     chart;
  LabChartStyle    style;
  int              scale;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_clear_object (&data->run);
  g_free (data->path);
  g_free (data);
}

static gboolean
write_contents (WriteData      *data,
                GOutputStream  *stream,
                GCancellable   *cancellable,
                GError        **error)
{
  int width, height;

  switch (data->format)
    {
    case LAB_EXPORT_JSON:
      return lab_snapshot_write (data->run, stream, error);
    case LAB_EXPORT_CSV:
      return lab_report_write_csv (data->run, stream, error);
    case LAB_EXPORT_MARKDOWN:
      return lab_report_write_markdown (data->run, stream, error);
    case LAB_EXPORT_PNG:
    case LAB_EXPORT_SVG:
      lab_chart_export_default_size (data->run, data->chart, &width, &height);
      return lab_chart_export_run (data->run, data->chart,
                                   data->format == LAB_EXPORT_PNG ? LAB_IMAGE_PNG : LAB_IMAGE_SVG,
                                   width * data->scale, height * data->scale, &data->style,
                                   stream, cancellable, error);
    default:
      g_assert_not_reached ();
    }
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;
  g_autoptr(LabAtomicFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (!(file = lab_atomic_file_new (data->path, &error)) ||
      !write_contents (data, lab_atomic_file_get_stream (file), cancellable, &error) ||
      g_cancellable_set_error_if_cancelled (cancellable, &error) ||
      !lab_atomic_file_commit (file, &error))
    {
      /* the temporary file goes with the object; the old file stays */
      if (file != NULL)
        lab_atomic_file_abort (file);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
lab_export_write_async (LabRun              *run,
                        GFile               *file,
                        LabExportFormat      format,
                        LabChartKind         chart,
                        const LabChartStyle *style,
                        int                  scale,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteData *data;

  g_return_if_fail (LAB_IS_RUN (run));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (format <= LAB_EXPORT_SVG);
  g_return_if_fail (chart <= LAB_CHART_ALL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lab_export_write_async);

  data = g_new0 (WriteData, 1);
  data->run = g_object_ref (run);
  data->path = g_file_get_path (file);
  data->format = format;
  data->chart = chart;
  data->scale = CLAMP (scale, 1, 4);
  if (style != NULL)
    data->style = *style;
  else
    lab_chart_style_init (&data->style, FALSE);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);

  if (data->path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("%s is not a local file"), uri);
      return;
    }

  g_task_run_in_thread (task, write_thread);
}

gboolean
lab_export_write_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lab_export_write_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The dialog */

typedef struct
{
  GtkFileChooserNative *native;
  GtkWindow            *parent;
  LabExportChosenFunc   chosen;
  gpointer              user_data;
  GDestroyNotify        destroy;
  GFile                *file;
  LabExportFormat       format;
  LabChartKind          chart;
} DialogState;

static void
dialog_state_free (DialogState *state)
{
  if (state->destroy != NULL)
    state->destroy (state->user_data);
  g_clear_object (&state->native);
  g_clear_object (&state->parent);
  g_clear_object (&state->file);
  g_free (state);
}

static void
finish_choice (DialogState *state)
{
  g_autoptr(GFile) folder = g_file_get_parent (state->file);

  last_format = state->format;
  if (lab_export_format_is_image (state->format))
    last_chart = state->chart;
  g_set_object (&last_folder, folder);

  state->chosen (state->file, state->format, state->chart, state->user_data);
  dialog_state_free (state);
}

static void
on_replace_response (AdwMessageDialog *dialog,
                     const char       *response,
                     DialogState      *state)
{
  if (g_strcmp0 (response, "replace") == 0)
    finish_choice (state);
  else
    dialog_state_free (state);
}

/* The name with the extension of the chosen format. */
static GFile *
follow_format (GFile           *file,
               LabExportFormat  format)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GFile) parent = g_file_get_parent (file);
  const char *dot = strrchr (name, '.');
  g_autofree char *stem = NULL;
  g_autofree char *renamed = NULL;
  gboolean known = FALSE;

  if (dot != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
        known |= g_ascii_strcasecmp (dot + 1, formats[i].extension) == 0;
      known |= g_ascii_strcasecmp (dot + 1, "markdown") == 0;
      if (g_ascii_strcasecmp (dot + 1, lab_export_format_get_extension (format)) == 0)
        return g_object_ref (file);
    }

  stem = known ? g_strndup (name, dot - name) : g_strdup (name);
  renamed = g_strconcat (stem, ".", lab_export_format_get_extension (format), NULL);
  return g_file_get_child (parent, renamed);
}

static void
on_chooser_response (GtkNativeDialog *native,
                     int              response,
                     DialogState     *state)
{
  GtkFileChooser *chooser = GTK_FILE_CHOOSER (native);
  g_autoptr(GFile) chosen = NULL;
  const char *format = gtk_file_chooser_get_choice (chooser, "format");
  const char *chart = gtk_file_chooser_get_choice (chooser, "chart");
  AdwMessageDialog *dialog;
  g_autofree char *name = NULL;

  if (response != GTK_RESPONSE_ACCEPT || (chosen = gtk_file_chooser_get_file (chooser)) == NULL)
    {
      dialog_state_free (state);
      return;
    }

  if (!lab_export_format_from_string (format, &state->format))
    state->format = last_format;
  if (!lab_chart_kind_from_string (chart, &state->chart))
    state->chart = LAB_CHART_ALL;
  state->file = follow_format (chosen, state->format);

  /* the chooser asked about the name it showed, not about this one */
  if (g_file_equal (state->file, chosen) || !g_file_query_exists (state->file, NULL))
    {
      finish_choice (state);
      return;
    }

  name = g_file_get_basename (state->file);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (state->parent, NULL, NULL));
  adw_message_dialog_format_heading (dialog, _("Replace “%s”?"), name);
  adw_message_dialog_format_body (dialog, _("A file with this name already exists. Replacing it "
                                            "overwrites its contents."));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "replace", _("_Replace"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "replace", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_replace_response), state);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
lab_export_dialog_show (GtkWindow           *parent,
                        LabRun              *run,
                        LabChartKind         chart,
                        LabExportChosenFunc  chosen,
                        gpointer             user_data,
                        GDestroyNotify       destroy)
{
  static const char *format_ids[] = { "json", "csv", "markdown", "png", "svg", NULL };
  static const char *chart_ids[] = { "all", "throughput", "inflight", "latency", "timeline", NULL };
  const char *format_labels[] = {
    _("JSON snapshot"), _("CSV (one row per task)"), _("Markdown summary"), _("PNG image"), _("SVG image"), NULL
  };
  const char *chart_labels[] = {
    _("Dashboard"), _("Throughput and CPU use"), _("Tasks in flight"), _("Latency"), _("Worker timeline"), NULL
  };
  LabExportFormat format = last_format;
  g_autofree char *name = NULL;
  DialogState *state;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (LAB_IS_RUN (run));
  g_return_if_fail (chosen != NULL);

  /* "Export Chart…" on a chart: an image of that chart */
  if (chart != LAB_CHART_ALL)
    {
      if (!lab_export_format_is_image (format))
        format = LAB_EXPORT_PNG;
    }
  else if (lab_export_format_is_image (format))
    chart = last_chart;

  state = g_new0 (DialogState, 1);
  state->parent = g_object_ref (parent);
  state->chosen = chosen;
  state->user_data = user_data;
  state->destroy = destroy;
  state->native = gtk_file_chooser_native_new (chart != LAB_CHART_ALL && lab_export_format_is_image (format)
                                                 ? _("Export Chart") : _("Export Run"),
                                               parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (state->native), TRUE);

  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (state->native), "format", _("Format"),
                               format_ids, format_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (state->native), "format", lab_export_format_to_string (format));
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (state->native), "chart", _("Chart (images)"),
                               chart_ids, chart_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (state->native), "chart", lab_chart_kind_to_string (chart));

  if (last_folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (state->native), last_folder, NULL);
  else if (g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS) != NULL)
    {
      g_autoptr(GFile) documents = g_file_new_for_path (g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS));

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (state->native), documents, NULL);
    }
  name = lab_export_suggest_name (run, format, chart);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (state->native), name);

  g_signal_connect (state->native, "response", G_CALLBACK (on_chooser_response), state);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (state->native));
}
