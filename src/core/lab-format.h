/* lab-format.h: numbers as the reports print them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* All locale-independent ("." as the decimal point); "n/a" for NaN. */
char *lab_format_grouped   (guint64  value);    /* 20000 → "20 000" */
char *lab_format_seconds   (double   seconds);  /* "0.472 s", "12.34 s", "4.12 ms" */
char *lab_format_rate      (double   per_second); /* "9 648", "12.5" */
char *lab_format_millis    (double   ms);       /* "0.047 ms" */
char *lab_format_bytes     (guint64  bytes);    /* "12.3 MiB" */
char *lab_format_percent   (double   ratio);    /* 0.978 → "97.8 %" */
char *lab_format_fixed     (double   value,
                            int      decimals);
/* Appends µs as milliseconds with exactly three decimals: 1234 → "1.234". */
void  lab_format_append_micros_as_millis (GString    *out,
                                          gint64      us);
/* Appends @value as one CSV field, quoted when it must be (RFC 4180). */
void  lab_csv_append_field (GString    *line,
                            const char *value);

/* Appends ',' then @value as C writes it (nothing for NaN and ±∞). */
void  lab_csv_append_double (GString    *line,
                             double      value);
/* Appends @text padded with spaces to @width characters, on the left
 * (@right: right-aligned) or on the right. */
void  lab_format_append_padded (GString    *out,
                                const char *text,
                                guint       width,
                                gboolean    right);
/* Appends the warnings section of a report (nothing when there are none):
 * "Warnings" and "  • …" lines, or in Markdown "**Warnings**" and "- …". */
void  lab_format_append_warnings (GString    *out,
                                  GPtrArray  *warnings,
                                  gboolean    markdown);

G_END_DECLS
