/* lab-sweep-workers.c: the worker counts of a sweep as a person types them,
 * "1,2,4,8", "1..64" (doubling from the first, and the last itself) or
 * both mixed — one parser for the command line and the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "lab-error.h"
#include "lab-sweep.h"

typedef struct
{
  const char *prefix;
  const char *name;
  const char *model;
  guint       max;
  GArray     *counts;
} Parse;

static gboolean
parse_error (Parse       *parse,
             GError     **error,
             const char  *format,
             ...) G_GNUC_PRINTF (3, 4);

static gboolean
parse_error (Parse       *parse,
             GError     **error,
             const char  *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  return lab_error_set_named (error, LAB_ERROR_INVALID_OPTION, parse->prefix, parse->name, "%s", message);
}

static gboolean
parse_count (Parse       *parse,
             const char  *text,
             guint       *out,
             GError     **error)
{
  guint64 value;
  gboolean digits = *text != '\0';

  for (const char *p = text; *p != '\0'; p++)
    digits &= g_ascii_isdigit (*p);
  if (!digits)
    return parse_error (parse, error,
                        "“%s” is not a worker count; use whole numbers from 1 to %u for %s, "
                        "separated by commas (or a range such as 1..64)", text, parse->max, parse->model);
  if (!g_ascii_string_to_unsigned (text, 10, 1, parse->max, &value, NULL))
    return parse_error (parse, error, "%s is out of range; use 1 to %u for the %s model",
                        text, parse->max, parse->model);
  *out = (guint) value;
  return TRUE;
}

static gboolean
add_count (Parse   *parse,
           guint    count,
           GError **error)
{
  for (guint i = 0; i < parse->counts->len; i++)
    if (g_array_index (parse->counts, guint, i) == count)
      return parse_error (parse, error, "%u is listed twice; name each worker count once "
                          "(repeat runs instead)", count);
  if (parse->counts->len >= LAB_SWEEP_MAX_POINTS)
    return parse_error (parse, error, "more than %u worker counts; a sweep takes at most %u",
                        LAB_SWEEP_MAX_POINTS, LAB_SWEEP_MAX_POINTS);
  g_array_append_val (parse->counts, count);
  return TRUE;
}

static gboolean
parse_item (Parse       *parse,
            const char  *item,
            GError     **error)
{
  const char *dots = strstr (item, "..");
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  guint first, last;

  if (dots == NULL)
    return parse_count (parse, item, &first, error) && add_count (parse, first, error);

  from = g_strstrip (g_strndup (item, dots - item));
  to = g_strstrip (g_strdup (dots + 2));
  if (!parse_count (parse, from, &first, error) || !parse_count (parse, to, &last, error))
    return FALSE;
  if (last < first)
    return parse_error (parse, error, "the range %s goes down; write it from the smaller count (%u..%u)",
                        item, last, first);
  for (guint64 n = first; n < last; n *= 2)
    if (!add_count (parse, (guint) n, error))
      return FALSE;
  return add_count (parse, last, error);
}

GArray *
lab_sweep_parse_workers (const char  *text,
                         LabModel     model,
                         const char  *prefix,
                         const char  *name,
                         GError     **error)
{
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_auto(GStrv) items = NULL;
  Parse parse = {
    prefix, name, lab_model_to_string (model),
    model == LAB_MODEL_PROCESSES ? LAB_SWEEP_MAX_PROCESS_WORKERS : LAB_MAX_WORKERS,
    counts,
  };
  guint n_items;

  g_return_val_if_fail (text != NULL, NULL);

  items = g_strsplit (text, ",", -1);
  n_items = g_strv_length (items);
  for (guint i = 0; i < n_items; i++)
    {
      const char *item = g_strstrip (items[i]);

      if (*item != '\0')
        {
          if (!parse_item (&parse, item, error))
            return NULL;
        }
      else if (i + 1 < n_items || counts->len == 0)
        {
          /* a trailing comma is forgiven; an empty list or ",," is not */
          if (counts->len == 0 && i + 1 == n_items)
            parse_error (&parse, error, "the list is empty; give worker counts such as 1,2,4,8 or 1..64");
          else
            parse_error (&parse, error, "an empty item in “%s”; separate worker counts with single commas", text);
          return NULL;
        }
    }

  if (counts->len == 0)
    {
      parse_error (&parse, error, "the list is empty; give worker counts such as 1,2,4,8 or 1..64");
      return NULL;
    }
  return g_steal_pointer (&counts);
}
