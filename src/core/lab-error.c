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
