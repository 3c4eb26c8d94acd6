/* lab-lab-server-params.c
 *
 * The query parameters of the lab server's /work endpoint, each checked
 * against a bound so that no request can exhaust the machine; a bad one
 * is an error that names it (answered with 400).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-config.h"
#include "lab-error.h"
#include "lab-lab-server.h"
#include "lab-lab-server-private.h"

#define invalid(error, name, ...) \
  lab_error_set_named ((error), LAB_ERROR_INVALID_OPTION, "", (name), __VA_ARGS__)

static gboolean
parse_duration (const char  *name,
                const char  *value,
                GTimeSpan   *out,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!lab_parse_duration (value, out, &local_error))
    return invalid (error, name, "%s", local_error->message);
  if (*out > LAB_LAB_SERVER_MAX_DELAY)
    return invalid (error, name, "“%s” is longer than the limit of 60s", value);
  return TRUE;
}

static gboolean
parse_probability (const char  *name,
                   const char  *value,
                   double      *out,
                   GError     **error)
{
  char *end = NULL;

  *out = g_ascii_strtod (value, &end);
  if (*value == '\0' || end == NULL || *end != '\0' || !isfinite (*out) || *out < 0 || *out > 1)
    return invalid (error, name, "“%s” is not a probability; use a number from 0 to 1, e.g. 0.1", value);
  return TRUE;
}

static gboolean
parse_size (const char  *name,
            const char  *value,
            guint64     *out,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!lab_parse_size (value, out, &local_error))
    return invalid (error, name, "%s", local_error->message);
  if (*out > LAB_LAB_SERVER_MAX_SIZE)
    return invalid (error, name, "“%s” is larger than the limit of 1GiB", value);
  return TRUE;
}

gboolean
lab_work_params_parse (LabWorkParams  *params,
                       GHashTable     *query,
                       GError        **error)
{
  GHashTableIter iter;
  const char *name, *value;

  memset (params, 0, sizeof *params);
  params->size = LAB_LAB_SERVER_DEFAULT_SIZE;
  params->status = SOUP_STATUS_OK;

  if (query == NULL)
    return TRUE;

  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, (gpointer *) &value))
    {
      if (value == NULL)
        value = "";

      if (strcmp (name, "delay") == 0)
        {
          if (!parse_duration (name, value, &params->delay, error))
            return FALSE;
        }
      else if (strcmp (name, "jitter") == 0)
        {
          if (!parse_duration (name, value, &params->jitter, error))
            return FALSE;
        }
      else if (strcmp (name, "size") == 0)
        {
          if (!parse_size (name, value, &params->size, error))
            return FALSE;
        }
      else if (strcmp (name, "status") == 0)
        {
          guint64 status;

          if (!g_ascii_string_to_unsigned (value, 10, 200, 599, &status, NULL))
            return invalid (error, name, "“%s” is not a final HTTP status; use 200 to 599", value);
          params->status = status;
        }
      else if (strcmp (name, "fail") == 0)
        {
          if (!parse_probability (name, value, &params->fail, error))
            return FALSE;
        }
      else if (strcmp (name, "drop") == 0)
        {
          if (!parse_probability (name, value, &params->drop, error))
            return FALSE;
        }
      else if (strcmp (name, "chunked") == 0)
        {
          if (strcmp (value, "1") == 0 || strcmp (value, "true") == 0)
            params->chunked = TRUE;
          else if (strcmp (value, "0") == 0 || strcmp (value, "false") == 0)
            params->chunked = FALSE;
          else
            return invalid (error, name, "“%s” is not 0 or 1", value);
        }
      else if (strcmp (name, "rate") == 0)
        {
          g_autoptr(GError) local_error = NULL;

          if (!lab_parse_size (value, &params->rate, &local_error))
            return invalid (error, name, "“%s” is not a byte rate; use bytes per second, e.g. 65536 or 64KiB", value);
          if (params->rate < 1 || params->rate > LAB_LAB_SERVER_MAX_RATE)
            return invalid (error, name, "“%s” is out of range; use 1 byte/s to 1GiB/s (leave it out for full speed)", value);
        }
      else if (strcmp (name, "id") == 0)
        {
          /* Ignored: lets URLs differ per task, e.g. id={i}. */
        }
      else
        {
          return invalid (error, name, "unknown parameter; use delay, jitter, size, status, fail, drop, chunked, rate or id (see /)");
        }
    }

  return TRUE;
}
