/* lab-json-reader-scan.c: the lexical part of the JSON reader — strings
 * (escapes, surrogate pairs, strict UTF-8, no control characters), numbers
 * (RFC 8259's grammar: no leading zeros, no NaN) and the literals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lab-json-reader-private.h"

static gboolean
append_utf8 (LabJsonReader *self,
             GError       **error,
             int            first)
{
  guint n, min;
  gunichar ch;
  char bytes[4];

  if (first >= 0xc2 && first <= 0xdf)
    n = 1, ch = first & 0x1f, min = 0x80;
  else if (first >= 0xe0 && first <= 0xef)
    n = 2, ch = first & 0x0f, min = 0x800;
  else if (first >= 0xf0 && first <= 0xf4)
    n = 3, ch = first & 0x07, min = 0x10000;
  else
    return (lab_json_reader_syntax_error (self, error, "a string is not valid UTF-8"), FALSE);

  bytes[0] = first;
  for (guint i = 1; i <= n; i++)
    {
      int c = lab_json_peek (self, error);

      if (c == -2)
        return FALSE;
      if (c < 0x80 || c > 0xbf)
        return (lab_json_reader_syntax_error (self, error, "a string is not valid UTF-8"), FALSE);
      self->pos++;
      ch = (ch << 6) | (c & 0x3f);
      bytes[i] = c;
    }
  if (ch < min || ch > 0x10ffff || (ch >= 0xd800 && ch <= 0xdfff))
    return (lab_json_reader_syntax_error (self, error, "a string is not valid UTF-8"), FALSE);

  g_string_append_len (self->text, bytes, n + 1);
  return TRUE;
}

static int
read_hex4 (LabJsonReader *self,
           GError       **error)
{
  int value = 0;

  for (guint i = 0; i < 4; i++)
    {
      int c = lab_json_peek (self, error);

      if (c == -2)
        return -2;
      if (!g_ascii_isxdigit (c))
        return (lab_json_reader_syntax_error (self, error, "a \\u escape needs four hexadecimal digits"), -2);
      self->pos++;
      value = value * 16 + g_ascii_xdigit_value (c);
    }
  return value;
}

static gboolean
read_escape (LabJsonReader *self,
             GError       **error)
{
  int c = lab_json_peek (self, error);
  int unit, low;
  char buf[16];

  if (c == -2)
    return FALSE;
  self->pos++;
  switch (c)
    {
    case '"':  g_string_append_c (self->text, '"'); return TRUE;
    case '\\': g_string_append_c (self->text, '\\'); return TRUE;
    case '/':  g_string_append_c (self->text, '/'); return TRUE;
    case 'b':  g_string_append_c (self->text, '\b'); return TRUE;
    case 'f':  g_string_append_c (self->text, '\f'); return TRUE;
    case 'n':  g_string_append_c (self->text, '\n'); return TRUE;
    case 'r':  g_string_append_c (self->text, '\r'); return TRUE;
    case 't':  g_string_append_c (self->text, '\t'); return TRUE;
    case 'u':
      break;
    default:
      self->pos--;
      return (lab_json_reader_syntax_error (self, error, "%s is not an escape", lab_json_describe_byte (c, buf)), FALSE);
    }

  if ((unit = read_hex4 (self, error)) < 0)
    return FALSE;
  if (unit >= 0xdc00 && unit <= 0xdfff)
    return (lab_json_reader_syntax_error (self, error, "a lone low surrogate in a \\u escape"), FALSE);
  if (unit >= 0xd800 && unit <= 0xdbff)
    {
      int c1, c2;

      if ((c1 = lab_json_peek (self, error)) != '\\')
        {
          if (c1 != -2)
            lab_json_reader_syntax_error (self, error, "a high surrogate without its low half");
          return FALSE;
        }
      self->pos++;
      if ((c2 = lab_json_peek (self, error)) != 'u')
        {
          if (c2 != -2)
            lab_json_reader_syntax_error (self, error, "a high surrogate without its low half");
          return FALSE;
        }
      self->pos++;
      if ((low = read_hex4 (self, error)) < 0)
        return FALSE;
      if (low < 0xdc00 || low > 0xdfff)
        return (lab_json_reader_syntax_error (self, error, "a high surrogate without its low half"), FALSE);
      unit = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
    }
  if (unit == 0)
    return (lab_json_reader_syntax_error (self, error, "\\u0000 is not allowed in a string"), FALSE);

  g_string_append_unichar (self->text, unit);
  return TRUE;
}

/* After the opening quote. */
gboolean
lab_json_reader_scan_string (LabJsonReader *self,
                             GError       **error)
{
  g_string_truncate (self->text, 0);

  for (;;)
    {
      gsize start = self->pos;
      int c;

      /* the common case: a run of plain ASCII inside the buffer */
      while (self->pos < self->len)
        {
          guint8 b = self->buffer[self->pos];
          if (b == '"' || b == '\\' || b < 0x20 || b >= 0x80)
            break;
          self->pos++;
        }
      g_string_append_len (self->text, (const char *) self->buffer + start, self->pos - start);
      if (self->text->len > LAB_JSON_MAX_STRING)
        return (lab_json_reader_syntax_error (self, error, "a string longer than %u bytes", LAB_JSON_MAX_STRING), FALSE);

      c = lab_json_peek (self, error);
      if (c == -2)
        return FALSE;
      if (c == -1)
        return (lab_json_reader_syntax_error (self, error, "the file ends inside a string"), FALSE);
      if (c == '"')
        {
          self->pos++;
          return TRUE;
        }
      if (c < 0x20)
        return (lab_json_reader_syntax_error (self, error, "a control character (0x%02x) inside a string", c), FALSE);
      if (c >= 0x80 && self->pos < self->len)
        {
          self->pos++;
          if (!append_utf8 (self, error, c))
            return FALSE;
        }
      else if (c == '\\')
        {
          self->pos++;
          if (!read_escape (self, error))
            return FALSE;
        }
      /* else: an ASCII byte just refilled; the loop takes it */
    }
}

static inline gboolean
is_delimiter (int c)
{
  return c == -1 || c == ',' || c == ']' || c == '}' || c == ' ' || c == '\t' ||
         c == '\n' || c == '\r';
}

static gboolean
take_digits (LabJsonReader *self,
             GError       **error,
             const char    *what)
{
  int c;
  guint n = 0;
  char buf[16];

  while ((c = lab_json_peek (self, error)) >= '0' && c <= '9')
    {
      if (self->text->len >= LAB_JSON_MAX_NUMBER)
        return (lab_json_reader_syntax_error (self, error, "a number longer than %u characters", LAB_JSON_MAX_NUMBER), FALSE);
      g_string_append_c (self->text, c);
      self->pos++;
      n++;
    }
  if (c == -2)
    return FALSE;
  if (n == 0)
    return (lab_json_reader_syntax_error (self, error, "%s, found %s", what, lab_json_describe_byte (c, buf)), FALSE);
  return TRUE;
}

gboolean
lab_json_reader_scan_number (LabJsonReader *self,
                             GError       **error)
{
  int c;
  char buf[16];

  g_string_truncate (self->text, 0);

  if ((c = lab_json_peek (self, error)) == '-')
    {
      g_string_append_c (self->text, '-');
      self->pos++;
      c = lab_json_peek (self, error);
    }
  if (c == '0')
    {
      g_string_append_c (self->text, '0');
      self->pos++;
      c = lab_json_peek (self, error);
      if (c >= '0' && c <= '9')
        return (lab_json_reader_syntax_error (self, error, "a number with a leading zero"), FALSE);
    }
  else if (!take_digits (self, error, "a digit expected"))
    return FALSE;

  if ((c = lab_json_peek (self, error)) == '.')
    {
      g_string_append_c (self->text, '.');
      self->pos++;
      if (!take_digits (self, error, "a digit expected after ‘.’"))
        return FALSE;
    }
  if ((c = lab_json_peek (self, error)) == 'e' || c == 'E')
    {
      g_string_append_c (self->text, 'e');
      self->pos++;
      if ((c = lab_json_peek (self, error)) == '+' || c == '-')
        {
          g_string_append_c (self->text, c);
          self->pos++;
        }
      if (!take_digits (self, error, "a digit expected in the exponent"))
        return FALSE;
    }

  c = lab_json_peek (self, error);
  if (c == -2)
    return FALSE;
  if (!is_delimiter (c))
    return (lab_json_reader_syntax_error (self, error, "%s after a number", lab_json_describe_byte (c, buf)), FALSE);
  return TRUE;
}

LabJsonToken
lab_json_reader_scan_literal (LabJsonReader *self,
                              GError       **error,
                              const char    *word,
                              LabJsonToken   token)
{
  char buf[16];
  int c;

  for (const char *p = word; *p != '\0'; p++)
    {
      c = lab_json_peek (self, error);
      if (c == -2)
        return LAB_JSON_TOKEN_NONE;
      if (c != *p)
        return lab_json_reader_syntax_error (self, error, "%s where a value was expected", lab_json_describe_byte (c, buf));
      self->pos++;
    }
  c = lab_json_peek (self, error);
  if (c == -2)
    return LAB_JSON_TOKEN_NONE;
  if (!is_delimiter (c))
    return lab_json_reader_syntax_error (self, error, "%s after %s", lab_json_describe_byte (c, buf), word);
  return token;
}

