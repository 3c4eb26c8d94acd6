/* lab-export.c
 *
 * A run written in one of the formats a person can export from the window,
 * on a thread, through LabAtomicFile: a large run does not stall the window
 * and a failed write loses nothing (the temporary file goes, an older file
 * at the path stays as it was).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lab-atomic-file.h"
#include "lab-export.h"
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

typedef struct
{
  LabRun          *run;
  LabExportFormat  format;
  LabChartKind     chart;
  LabChartStyle    style;
  int              scale;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_clear_object (&data->run);
  g_free (data);
}

static gboolean
write_contents (GOutputStream  *stream,
                gpointer        user_data,
                GCancellable   *cancellable,
                GError        **error)
{
  WriteData *data = user_data;
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
  WriteData *data;

  g_return_if_fail (LAB_IS_RUN (run));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (format <= LAB_EXPORT_SVG);
  g_return_if_fail (chart <= LAB_CHART_ALL);

  data = g_new0 (WriteData, 1);
  data->run = g_object_ref (run);
  data->format = format;
  data->chart = chart;
  data->scale = CLAMP (scale, 1, 4);
  if (style != NULL)
    data->style = *style;
  else
    lab_chart_style_init (&data->style, FALSE);
  lab_atomic_file_write_async (NULL, file, write_contents, data, (GDestroyNotify) write_data_free,
                               cancellable, callback, user_data);
}

gboolean
lab_export_write_finish (GAsyncResult  *result,
                         GError       **error)
{
  return lab_atomic_file_write_finish (result, error);
}
