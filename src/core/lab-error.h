/* lab-error.h: the error domain of Concurrency Lab
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LAB_ERROR (lab_error_quark ())

typedef enum
{
  LAB_ERROR_INVALID_OPTION,   /* a configuration value is out of range or malformed (CLI exit 2) */
  LAB_ERROR_FAILED,           /* a run could not be carried out */
  LAB_ERROR_WORKER,           /* a worker process misbehaved */
  LAB_ERROR_PROTOCOL,         /* a worker spoke something other than the protocol */
  LAB_ERROR_SNAPSHOT,         /* a snapshot could not be read */
  LAB_ERROR_IO,               /* an output could not be written */
} LabErrorCode;

GQuark   lab_error_quark (void);
/* Sets *error (if error is not NULL) to a LAB_ERROR; returns FALSE, so that
 * a check can end with `return lab_error_set (error, ...);`. */
gboolean lab_error_set   (GError       **error,
                          LabErrorCode   code,
                          const char    *format,
                          ...) G_GNUC_PRINTF (3, 4);
/* The same, with a message that begins "<prefix><name>: ", as in
 * "--workers: 0 is out of range" or "delay: “5 parsecs” is not a duration". */
gboolean lab_error_set_named (GError       **error,
                              LabErrorCode   code,
                              const char    *prefix,
                              const char    *name,
                              const char    *format,
                              ...) G_GNUC_PRINTF (5, 6);

G_END_DECLS
