/* lab-json-reader.c
 *
 * A pull parser: one token per call, read through a 64 KiB buffer, so a
 * 100 MB snapshot is read in one pass with constant memory. The grammar is
 * a small state machine over a stack of open containers (here); strings
 * and numbers are scanned in lab-json-reader-scan.c, their values read in
 * lab-json-reader-values.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-error.h"
#include "lab-json-reader-private.h"

LabJsonReader *
lab_json_reader_new (GInputStream *stream,
                     GCancellable *cancellable)
{
  LabJsonReader *self = g_new0 (LabJsonReader, 1);

  self->stream = g_object_ref (stream);
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  self->buffer = g_malloc (LAB_JSON_BUFFER_SIZE);
  self->text = g_string_sized_new (256);
  self->line = 1;
  self->state = EXPECT_VALUE;

  return self;
}

void
lab_json_reader_free (LabJsonReader *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->stream);
  g_clear_object (&self->cancellable);
  g_free (self->buffer);
  g_string_free (self->text, TRUE);
  g_free (self);
}

const char *
lab_json_token_describe (LabJsonToken token)
{
  switch (token)
    {
    case LAB_JSON_TOKEN_BEGIN_OBJECT: return "an object";
    case LAB_JSON_TOKEN_BEGIN_ARRAY:  return "an array";
    case LAB_JSON_TOKEN_STRING:       return "a string";
    case LAB_JSON_TOKEN_NUMBER:       return "a number";
    case LAB_JSON_TOKEN_TRUE:         return "true";
    case LAB_JSON_TOKEN_FALSE:        return "false";
    case LAB_JSON_TOKEN_NULL:         return "null";
    case LAB_JSON_TOKEN_END:          return "the end of the file";
    case LAB_JSON_TOKEN_MEMBER:       return "a member";
    case LAB_JSON_TOKEN_END_OBJECT:   return "the end of an object";
    case LAB_JSON_TOKEN_END_ARRAY:    return "the end of an array";
    case LAB_JSON_TOKEN_NONE:
    default:                          return "nothing";
    }
}

LabJsonToken
lab_json_reader_syntax_error (LabJsonReader *self,
                              GError       **error,
                              const char    *format,
                              ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, LAB_ERROR, LAB_ERROR_SNAPSHOT,
               "not valid JSON at line %u (byte %" G_GUINT64_FORMAT "): %s",
               self->line, self->consumed + self->pos, what);
  return LAB_JSON_TOKEN_NONE;
}

const char *
lab_json_describe_byte (int   c,
                        char  buf[16])
{
  if (c == -1)
    return "the end of the file";
  if (c >= 0x20 && c < 0x7f)
    g_snprintf (buf, 16, "‘%c’", c);
  else
    g_snprintf (buf, 16, "byte 0x%02x", c);
  return buf;
}

/* Skips whitespace; returns the next byte as peek() does. */
static inline int
skip_whitespace (LabJsonReader *self,
                 GError       **error)
{
  for (;;)
    {
      int c = lab_json_peek (self, error);

      if (c == ' ' || c == '\t' || c == '\r')
        self->pos++;
      else if (c == '\n')
        {
          self->pos++;
          self->line++;
        }
      else
        return c;
    }
}

static void
after_value (LabJsonReader *self)
{
  self->state = self->depth == 0 ? EXPECT_NOTHING : EXPECT_COMMA_OR_END;
}

static LabJsonToken
read_value (LabJsonReader *self,
            int            c,
            GError       **error)
{
  LabJsonToken token;
  char buf[16];

  switch (c)
    {
    case '{':
    case '[':
      if (self->depth >= LAB_JSON_MAX_DEPTH)
        return lab_json_reader_syntax_error (self, error, "nested deeper than %u levels", LAB_JSON_MAX_DEPTH);
      self->stack[self->depth++] = c;
      self->pos++;
      self->state = c == '{' ? EXPECT_MEMBER_OR_END_OBJECT : EXPECT_VALUE_OR_END_ARRAY;
      return c == '{' ? LAB_JSON_TOKEN_BEGIN_OBJECT : LAB_JSON_TOKEN_BEGIN_ARRAY;

    case '"':
      self->pos++;
      if (!lab_json_reader_scan_string (self, error))
        return LAB_JSON_TOKEN_NONE;
      token = LAB_JSON_TOKEN_STRING;
      break;

    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      if (!lab_json_reader_scan_number (self, error))
        return LAB_JSON_TOKEN_NONE;
      token = LAB_JSON_TOKEN_NUMBER;
      break;

    case 't': token = lab_json_reader_scan_literal (self, error, "true", LAB_JSON_TOKEN_TRUE); break;
    case 'f': token = lab_json_reader_scan_literal (self, error, "false", LAB_JSON_TOKEN_FALSE); break;
    case 'n': token = lab_json_reader_scan_literal (self, error, "null", LAB_JSON_TOKEN_NULL); break;

    case -2:
      return LAB_JSON_TOKEN_NONE;
    case -1:
      return lab_json_reader_syntax_error (self, error, self->consumed + self->pos == 0
                                        ? "the file is empty" : "the file ends where a value was expected");
    default:
      return lab_json_reader_syntax_error (self, error, "%s where a value was expected", lab_json_describe_byte (c, buf));
    }

  if (token != LAB_JSON_TOKEN_NONE)
    after_value (self);
  return token;
}

static LabJsonToken
read_member (LabJsonReader *self,
             GError       **error)
{
  int c;
  char buf[16];

  self->pos++;   /* the quote */
  if (!lab_json_reader_scan_string (self, error))
    return LAB_JSON_TOKEN_NONE;
  if ((c = skip_whitespace (self, error)) != ':')
    return c == -2 ? LAB_JSON_TOKEN_NONE
                   : lab_json_reader_syntax_error (self, error, "expected ‘:’ after a member name, found %s",
                                   lab_json_describe_byte (c, buf));
  self->pos++;
  self->state = EXPECT_VALUE;
  return LAB_JSON_TOKEN_MEMBER;
}

LabJsonToken
lab_json_reader_next (LabJsonReader  *self,
                      GError        **error)
{
  char buf[16];
  int c;

  g_return_val_if_fail (self != NULL, LAB_JSON_TOKEN_NONE);

  if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
    return LAB_JSON_TOKEN_NONE;

again:
  c = skip_whitespace (self, error);
  if (c == -2)
    return LAB_JSON_TOKEN_NONE;
  self->token_offset = self->consumed + self->pos;
  self->token_line = self->line;

  switch (self->state)
    {
    case EXPECT_VALUE:
      if (c == ']' || c == '}')
        return lab_json_reader_syntax_error (self, error, "a trailing comma or a missing value before %s",
                             lab_json_describe_byte (c, buf));
      return read_value (self, c, error);

    case EXPECT_VALUE_OR_END_ARRAY:
      if (c == ']')
        {
          self->pos++;
          self->depth--;
          after_value (self);
          return LAB_JSON_TOKEN_END_ARRAY;
        }
      return read_value (self, c, error);

    case EXPECT_MEMBER_OR_END_OBJECT:
      if (c == '}')
        {
          self->pos++;
          self->depth--;
          after_value (self);
          return LAB_JSON_TOKEN_END_OBJECT;
        }
      G_GNUC_FALLTHROUGH;
    case EXPECT_MEMBER:
      if (c == '"')
        return read_member (self, error);
      if (c == '}')
        return lab_json_reader_syntax_error (self, error, "a trailing comma before ‘}’");
      return lab_json_reader_syntax_error (self, error, "expected a member name in quotes, found %s",
                           lab_json_describe_byte (c, buf));

    case EXPECT_COMMA_OR_END:
      {
        char open = self->stack[self->depth - 1];
        char close = open == '{' ? '}' : ']';

        if (c == ',')
          {
            self->pos++;
            self->state = open == '{' ? EXPECT_MEMBER : EXPECT_VALUE;
            goto again;
          }
        if (c == close)
          {
            self->pos++;
            self->depth--;
            after_value (self);
            return open == '{' ? LAB_JSON_TOKEN_END_OBJECT : LAB_JSON_TOKEN_END_ARRAY;
          }
        return lab_json_reader_syntax_error (self, error, "expected ‘,’ or ‘%c’, found %s", close,
                             lab_json_describe_byte (c, buf));
      }

    case EXPECT_NOTHING:
      if (c != -1)
        return lab_json_reader_syntax_error (self, error, "%s after the end of the document", lab_json_describe_byte (c, buf));
      self->state = FINISHED;
      return LAB_JSON_TOKEN_END;

    case FINISHED:
    default:
      return LAB_JSON_TOKEN_END;
    }
}

