/* lab-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lab-error.h"

G_DEFINE_QUARK (lab-error-quark, lab_error)

gboolean
lab_error_set (GError       **error,
               LabErrorCode   code,
               const char    *format,
               ...)
{
  va_list args;

  if (error == NULL)
    return FALSE;

  g_return_val_if_fail (*error == NULL, FALSE);

  va_start (args, format);
  *error = g_error_new_valist (LAB_ERROR, code, format, args);
  va_end (args);

  return FALSE;
}

gboolean
lab_error_set_named (GError       **error,
                     LabErrorCode   code,
                     const char    *prefix,
                     const char    *name,
                     const char    *format,
                     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (error == NULL)
    return FALSE;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  return lab_error_set (error, code, "%s%s: %s", prefix, name, message);
}
