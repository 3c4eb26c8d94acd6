/* lab-format.c
 *
 * Numbers for people: grouped digits, adaptive units, and always a "." as
 * the decimal point whatever the locale, so outputs compare across machines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-format.h"
#include "lab-json-writer.h"

char *
lab_format_fixed (double value,
                  int    decimals)
{
  char format[16];
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return g_strdup ("n/a");
  g_snprintf (format, sizeof format, "%%.%df", CLAMP (decimals, 0, 9));
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, format, value));
}

char *
lab_format_grouped (guint64 value)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, value);
  gsize len = strlen (digits);
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static char *
format_adaptive (double      value,
                 const char *unit)
{
  g_autofree char *number = NULL;
  double magnitude = fabs (value);

  if (!isfinite (value))
    return g_strdup ("n/a");
  number = lab_format_fixed (value, magnitude < 10 ? 3 : magnitude < 100 ? 2 : magnitude < 1000 ? 1 : 0);
  return g_strdup_printf ("%s %s", number, unit);
}

char *
lab_format_seconds (double seconds)
{
  /* Below a tenth of a second, milliseconds read better: "4.12 ms". */
  if (isfinite (seconds) && fabs (seconds) < 0.1 && seconds != 0)
    return format_adaptive (seconds * 1e3, "ms");
  return format_adaptive (seconds, "s");
}

char *
lab_format_rate (double per_second)
{
  if (!isfinite (per_second))
    return g_strdup ("n/a");
  if (per_second >= 1000)
    return lab_format_grouped ((guint64) llround (per_second));
  return lab_format_fixed (per_second, per_second < 10 ? 2 : 1);
}

char *
lab_format_millis (double ms)
{
  return format_adaptive (ms, "ms");
}

char *
lab_format_bytes (guint64 bytes)
{
  static const char *units[] = { "KiB", "MiB", "GiB", "TiB" };
  double value = bytes;
  guint unit = 0;

  if (bytes < 1024)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " B", bytes);

  value /= 1024;
  while (value >= 1024 && unit + 1 < G_N_ELEMENTS (units))
    {
      value /= 1024;
      unit++;
    }
  {
    g_autofree char *number = lab_format_fixed (value, 1);
    return g_strdup_printf ("%s %s", number, units[unit]);
  }
}

char *
lab_format_percent (double ratio)
{
  g_autofree char *number = lab_format_fixed (ratio * 100, 1);

  if (!isfinite (ratio))
    return g_strdup ("n/a");
  return g_strdup_printf ("%s %%", number);
}

void
lab_csv_append_field (GString    *line,
                      const char *value)
{
  if (value == NULL)
    return;

  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (line, value);
      return;
    }

  g_string_append_c (line, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

void
lab_format_append_micros_as_millis (GString *out,
                                    gint64   us)
{
  if (us < 0)
    {
      g_string_append_c (out, '-');
      us = -us;
    }
  g_string_append_printf (out, "%" G_GINT64_FORMAT ".%03d", us / 1000, (int) (us % 1000));
}


void
lab_csv_append_double (GString *line,
                       double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (line, ',');
  if (isfinite (value))
    g_string_append (line, lab_format_double_c (buffer, sizeof buffer, value));
}

void
lab_format_append_padded (GString    *out,
                          const char *text,
                          guint       width,
                          gboolean    right)
{
  glong len = g_utf8_strlen (text, -1);

  if (right)
    for (glong i = len; i < (glong) width; i++)
      g_string_append_c (out, ' ');
  g_string_append (out, text);
  if (!right)
    for (glong i = len; i < (glong) width; i++)
      g_string_append_c (out, ' ');
}

void
lab_format_append_warnings (GString   *out,
                            GPtrArray *warnings,
                            gboolean   markdown)
{
  if (warnings->len == 0)
    return;

  g_string_append (out, markdown ? "\n**Warnings**\n\n" : "\nWarnings\n");
  for (guint i = 0; i < warnings->len; i++)
    g_string_append_printf (out, markdown ? "- %s\n" : "  • %s\n", (char *) g_ptr_array_index (warnings, i));
}
