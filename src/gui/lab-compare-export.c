/* lab-compare-export.c
 *
 * The bytes are made on the main thread, where the comparison lives (it
 * is a handful of lines or one image), and only the slow part, the write
 * with its fsync, goes to a thread through LabAtomicFile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <string.h>

#include "lab-atomic-file.h"
#include "lab-compare-export.h"
#include "lab-error.h"

static const struct {
  const char *name;
  const char *extension;
} formats[] = {
  [LAB_COMPARE_EXPORT_JSON]     = { "json", "json" },
  [LAB_COMPARE_EXPORT_MARKDOWN] = { "markdown", "md" },
  [LAB_COMPARE_EXPORT_CSV]      = { "csv", "csv" },
  [LAB_COMPARE_EXPORT_PNG]      = { "png", "png" },
  [LAB_COMPARE_EXPORT_SVG]      = { "svg", "svg" },
};

gboolean
lab_compare_export_format_from_string (const char             *name,
                                       LabCompareExportFormat *format)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (formats); i++)
    if (g_str_equal (name, formats[i].name))
      {
        *format = (LabCompareExportFormat) i;
        return TRUE;
      }
  return FALSE;
}

const char *
lab_compare_export_format_extension (LabCompareExportFormat format)
{
  g_return_val_if_fail (format < G_N_ELEMENTS (formats), NULL);
  return formats[format].extension;
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
render_image (LabCompareResults      *results,
              LabCompareExportFormat  format,
              const LabChartStyle    *style,
              GError                **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  int width = LAB_COMPARE_EXPORT_IMAGE_WIDTH;
  int height = lab_compare_results_get_image_height (results, width);
  LabChartStyle painted = *style;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  painted.background.alpha = 1.0;
  if (format == LAB_COMPARE_EXPORT_SVG)
    {
      surface = cairo_svg_surface_create_for_stream (append_bytes, bytes, width, height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
    }
  else
    surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);

  cr = cairo_create (surface);
  lab_compare_results_draw_image (results, cr, width, height, &painted);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS)
    {
      if (format == LAB_COMPARE_EXPORT_SVG)
        {
          cairo_surface_finish (surface);
          status = cairo_surface_status (surface);
        }
      else
        status = cairo_surface_write_to_png_stream (surface, append_bytes, bytes);
    }
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      lab_error_set (error, LAB_ERROR_IO, _("could not draw the image: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

static GBytes *
render (LabCompareResults      *results,
        LabCompareExportFormat  format,
        const LabChartStyle    *style,
        GError                **error)
{
  LabComparison *comparison = lab_compare_results_get_comparison (results);
  LabSweep *sweep = lab_compare_results_get_sweep (results);
  char *text = NULL;

  if (comparison == NULL && sweep == NULL)
    {
      lab_error_set (error, LAB_ERROR_FAILED, _("there is no comparison or sweep to export"));
      return NULL;
    }

  switch (format)
    {
    case LAB_COMPARE_EXPORT_JSON:
      {
        g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
        gboolean ok = comparison != NULL ? lab_comparison_write_json (comparison, stream, error)
                                         : lab_sweep_write_json (sweep, stream, error);

        if (!ok || !g_output_stream_close (stream, NULL, error))
          return NULL;
        return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
      }
    case LAB_COMPARE_EXPORT_MARKDOWN:
      text = comparison != NULL ? lab_comparison_format_markdown (comparison) : lab_sweep_format_markdown (sweep);
      break;
    case LAB_COMPARE_EXPORT_CSV:
      text = comparison != NULL ? lab_comparison_format_csv (comparison) : lab_sweep_format_csv (sweep);
      break;
    case LAB_COMPARE_EXPORT_PNG:
    case LAB_COMPARE_EXPORT_SVG:
      return render_image (results, format, style, error);
    default:
      g_return_val_if_reached (NULL);
    }

  return g_bytes_new_take (text, strlen (text));
}

void
lab_compare_export_async (LabCompareResults      *results,
                          LabCompareExportFormat  format,
                          GFile                  *file,
                          const LabChartStyle    *style,
                          GCancellable           *cancellable,
                          GAsyncReadyCallback     callback,
                          gpointer                user_data)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  g_return_if_fail (LAB_IS_COMPARE_RESULTS (results));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (style != NULL);

  if (!(bytes = render (results, format, style, &error)))
    {
      g_task_report_error (results, callback, user_data, lab_compare_export_async, g_steal_pointer (&error));
      return;
    }
  lab_atomic_file_write_async (results, file, lab_atomic_file_write_bytes_func, bytes, (GDestroyNotify) g_bytes_unref,
                               cancellable, callback, user_data);
}

gboolean
lab_compare_export_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  if (g_task_get_source_tag (G_TASK (result)) == lab_compare_export_async)
    return g_task_propagate_boolean (G_TASK (result), error);
  return lab_atomic_file_write_finish (result, error);
}
