/* lab-json-reader.c
 *
 * A pull parser: one token per call, read through a 64 KiB buffer, so a
 * 100 MB snapshot is read in one pass with constant memory. The grammar is
 * a small state machine over a stack of open containers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "lab-error.h"
#include "lab-json-reader.h"

#define BUFFER_SIZE (64 * 1024)

typedef enum
{
  EXPECT_VALUE,               /* the document's value, after ':' or after ',' in an array */
  EXPECT_VALUE_OR_END_ARRAY,  /* after '[' */
  EXPECT_MEMBER_OR_END_OBJECT,/* after '{' */
  EXPECT_MEMBER,              /* after ',' in an object */
  EXPECT_COMMA_OR_END,        /* after a value in a container */
  EXPECT_NOTHING,             /* after the document's value */
  FINISHED,
} State;

struct _LabJsonReader
{
  GInputStream *stream;
  GCancellable *cancellable;

  guint8       *buffer;
  gsize         pos;
  gsize         len;
  guint64       consumed;      /* bytes before buffer[0] */
  gboolean      eof;

  State         state;
  char          stack[LAB_JSON_MAX_DEPTH];  /* '{' or '[' */
  guint         depth;

  GString      *text;          /* the last member, string or number */
  guint64       token_offset;
  guint         line;
  guint         token_line;
};

LabJsonReader *
lab_json_reader_new (GInputStream *stream,
                     GCancellable *cancellable)
{
  LabJsonReader *self = g_new0 (LabJsonReader, 1);

  self->stream = g_object_ref (stream);
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  self->buffer = g_malloc (BUFFER_SIZE);
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

static LabJsonToken
syntax_error (LabJsonReader *self,
              GError       **error,
              const char    *format,
              ...) G_GNUC_PRINTF (3, 4);

static LabJsonToken
syntax_error (LabJsonReader *self,
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

/* The next byte without taking it: 0..255, -1 at the end, -2 on error. */
static inline int
peek (LabJsonReader *self,
      GError       **error)
{
  gssize n;

  if (G_LIKELY (self->pos < self->len))
    return self->buffer[self->pos];
  if (self->eof)
    return -1;

  self->consumed += self->len;
  self->pos = self->len = 0;
  n = g_input_stream_read (self->stream, self->buffer, BUFFER_SIZE, self->cancellable, error);
  if (n < 0)
    return -2;
  if (n == 0)
    {
      self->eof = TRUE;
      return -1;
    }
  self->len = n;
  return self->buffer[0];
}

static const char *
describe_byte (int   c,
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
      int c = peek (self, error);

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
    return (syntax_error (self, error, "a string is not valid UTF-8"), FALSE);

  bytes[0] = first;
  for (guint i = 1; i <= n; i++)
    {
      int c = peek (self, error);

      if (c == -2)
        return FALSE;
      if (c < 0x80 || c > 0xbf)
        return (syntax_error (self, error, "a string is not valid UTF-8"), FALSE);
      self->pos++;
      ch = (ch << 6) | (c & 0x3f);
      bytes[i] = c;
    }
  if (ch < min || ch > 0x10ffff || (ch >= 0xd800 && ch <= 0xdfff))
    return (syntax_error (self, error, "a string is not valid UTF-8"), FALSE);

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
      int c = peek (self, error);

      if (c == -2)
        return -2;
      if (!g_ascii_isxdigit (c))
        return (syntax_error (self, error, "a \\u escape needs four hexadecimal digits"), -2);
      self->pos++;
      value = value * 16 + g_ascii_xdigit_value (c);
    }
  return value;
}

static gboolean
read_escape (LabJsonReader *self,
             GError       **error)
{
  int c = peek (self, error);
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
      return (syntax_error (self, error, "%s is not an escape", describe_byte (c, buf)), FALSE);
    }

  if ((unit = read_hex4 (self, error)) < 0)
    return FALSE;
  if (unit >= 0xdc00 && unit <= 0xdfff)
    return (syntax_error (self, error, "a lone low surrogate in a \\u escape"), FALSE);
  if (unit >= 0xd800 && unit <= 0xdbff)
    {
      int c1, c2;

      if ((c1 = peek (self, error)) != '\\')
        {
          if (c1 != -2)
            syntax_error (self, error, "a high surrogate without its low half");
          return FALSE;
        }
      self->pos++;
      if ((c2 = peek (self, error)) != 'u')
        {
          if (c2 != -2)
            syntax_error (self, error, "a high surrogate without its low half");
          return FALSE;
        }
      self->pos++;
      if ((low = read_hex4 (self, error)) < 0)
        return FALSE;
      if (low < 0xdc00 || low > 0xdfff)
        return (syntax_error (self, error, "a high surrogate without its low half"), FALSE);
      unit = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
    }
  if (unit == 0)
    return (syntax_error (self, error, "\\u0000 is not allowed in a string"), FALSE);

  g_string_append_unichar (self->text, unit);
  return TRUE;
}

/* After the opening quote. */
static gboolean
read_string (LabJsonReader *self,
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
        return (syntax_error (self, error, "a string longer than %u bytes", LAB_JSON_MAX_STRING), FALSE);

      c = peek (self, error);
      if (c == -2)
        return FALSE;
      if (c == -1)
        return (syntax_error (self, error, "the file ends inside a string"), FALSE);
      if (c == '"')
        {
          self->pos++;
          return TRUE;
        }
      if (c < 0x20)
        return (syntax_error (self, error, "a control character (0x%02x) inside a string", c), FALSE);
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

  while ((c = peek (self, error)) >= '0' && c <= '9')
    {
      if (self->text->len >= LAB_JSON_MAX_NUMBER)
        return (syntax_error (self, error, "a number longer than %u characters", LAB_JSON_MAX_NUMBER), FALSE);
      g_string_append_c (self->text, c);
      self->pos++;
      n++;
    }
  if (c == -2)
    return FALSE;
  if (n == 0)
    return (syntax_error (self, error, "%s, found %s", what, describe_byte (c, buf)), FALSE);
  return TRUE;
}

static gboolean
read_number (LabJsonReader *self,
             GError       **error)
{
  int c;
  char buf[16];

  g_string_truncate (self->text, 0);

  if ((c = peek (self, error)) == '-')
    {
      g_string_append_c (self->text, '-');
      self->pos++;
      c = peek (self, error);
    }
  if (c == '0')
    {
      g_string_append_c (self->text, '0');
      self->pos++;
      c = peek (self, error);
      if (c >= '0' && c <= '9')
        return (syntax_error (self, error, "a number with a leading zero"), FALSE);
    }
  else if (!take_digits (self, error, "a digit expected"))
    return FALSE;

  if ((c = peek (self, error)) == '.')
    {
      g_string_append_c (self->text, '.');
      self->pos++;
      if (!take_digits (self, error, "a digit expected after ‘.’"))
        return FALSE;
    }
  if ((c = peek (self, error)) == 'e' || c == 'E')
    {
      g_string_append_c (self->text, 'e');
      self->pos++;
      if ((c = peek (self, error)) == '+' || c == '-')
        {
          g_string_append_c (self->text, c);
          self->pos++;
        }
      if (!take_digits (self, error, "a digit expected in the exponent"))
        return FALSE;
    }

  c = peek (self, error);
  if (c == -2)
    return FALSE;
  if (!is_delimiter (c))
    return (syntax_error (self, error, "%s after a number", describe_byte (c, buf)), FALSE);
  return TRUE;
}

static LabJsonToken
read_literal (LabJsonReader *self,
              GError       **error,
              const char    *word,
              LabJsonToken   token)
{
  char buf[16];
  int c;

  for (const char *p = word; *p != '\0'; p++)
    {
      c = peek (self, error);
      if (c == -2)
        return LAB_JSON_TOKEN_NONE;
      if (c != *p)
        return syntax_error (self, error, "%s where a value was expected", describe_byte (c, buf));
      self->pos++;
    }
  c = peek (self, error);
  if (c == -2)
    return LAB_JSON_TOKEN_NONE;
  if (!is_delimiter (c))
    return syntax_error (self, error, "%s after %s", describe_byte (c, buf), word);
  return token;
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
        return syntax_error (self, error, "nested deeper than %u levels", LAB_JSON_MAX_DEPTH);
      self->stack[self->depth++] = c;
      self->pos++;
      self->state = c == '{' ? EXPECT_MEMBER_OR_END_OBJECT : EXPECT_VALUE_OR_END_ARRAY;
      return c == '{' ? LAB_JSON_TOKEN_BEGIN_OBJECT : LAB_JSON_TOKEN_BEGIN_ARRAY;

    case '"':
      self->pos++;
      if (!read_string (self, error))
        return LAB_JSON_TOKEN_NONE;
      token = LAB_JSON_TOKEN_STRING;
      break;

    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      if (!read_number (self, error))
        return LAB_JSON_TOKEN_NONE;
      token = LAB_JSON_TOKEN_NUMBER;
      break;

    case 't': token = read_literal (self, error, "true", LAB_JSON_TOKEN_TRUE); break;
    case 'f': token = read_literal (self, error, "false", LAB_JSON_TOKEN_FALSE); break;
    case 'n': token = read_literal (self, error, "null", LAB_JSON_TOKEN_NULL); break;

    case -2:
      return LAB_JSON_TOKEN_NONE;
    case -1:
      return syntax_error (self, error, self->consumed + self->pos == 0
                                        ? "the file is empty" : "the file ends where a value was expected");
    default:
      return syntax_error (self, error, "%s where a value was expected", describe_byte (c, buf));
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
  if (!read_string (self, error))
    return LAB_JSON_TOKEN_NONE;
  if ((c = skip_whitespace (self, error)) != ':')
    return c == -2 ? LAB_JSON_TOKEN_NONE
                   : syntax_error (self, error, "expected ‘:’ after a member name, found %s",
                                   describe_byte (c, buf));
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
        return syntax_error (self, error, "a trailing comma or a missing value before %s",
                             describe_byte (c, buf));
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
        return syntax_error (self, error, "a trailing comma before ‘}’");
      return syntax_error (self, error, "expected a member name in quotes, found %s",
                           describe_byte (c, buf));

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
        return syntax_error (self, error, "expected ‘,’ or ‘%c’, found %s", close,
                             describe_byte (c, buf));
      }

    case EXPECT_NOTHING:
      if (c != -1)
        return syntax_error (self, error, "%s after the end of the document", describe_byte (c, buf));
      self->state = FINISHED;
      return LAB_JSON_TOKEN_END;

    case FINISHED:
    default:
      return LAB_JSON_TOKEN_END;
    }
}

const char *
lab_json_reader_get_string (LabJsonReader *self,
                            gsize         *length)
{
  if (length != NULL)
    *length = self->text->len;
  return self->text->str;
}

double
lab_json_reader_get_double (LabJsonReader *self)
{
  return g_ascii_strtod (self->text->str, NULL);
}

gboolean
lab_json_reader_get_uint64 (LabJsonReader *self,
                            guint64       *value)
{
  const char *p = self->text->str;
  guint64 v = 0;

  if (*p == '\0')
    return FALSE;
  for (; *p != '\0'; p++)
    {
      guint d = *p - '0';

      if (d > 9)
        return FALSE;   /* '-', '.', 'e' */
      if (v > (G_MAXUINT64 - d) / 10)
        return FALSE;
      v = v * 10 + d;
    }
  *value = v;
  return TRUE;
}

gboolean
lab_json_reader_get_int64 (LabJsonReader *self,
                           gint64        *value)
{
  gboolean negative = self->text->str[0] == '-';
  guint64 magnitude = 0;
  const char *p = self->text->str + negative;

  if (*p == '\0')
    return FALSE;
  for (; *p != '\0'; p++)
    {
      guint d = *p - '0';

      if (d > 9 || magnitude > (G_MAXUINT64 - d) / 10)
        return FALSE;
      magnitude = magnitude * 10 + d;
    }
  if (magnitude > (guint64) G_MAXINT64 + negative)
    return FALSE;
  *value = negative ? (gint64) (0 - magnitude) : (gint64) magnitude;
  return TRUE;
}

gboolean
lab_json_reader_get_fixed (LabJsonReader *self,
                           guint          decimals,
                           gint64        *value)
{
  const char *p = self->text->str;
  gboolean negative = *p == '-';
  guint64 magnitude = 0;
  guint fraction = 0;
  gboolean dot = FALSE;
  double d;

  /* exactly, when written as [-]digits[.digits] with few enough decimals */
  for (p += negative; *p != '\0'; p++)
    {
      guint digit;

      if (*p == '.' && !dot)
        {
          dot = TRUE;
          continue;
        }
      digit = *p - '0';
      if (digit > 9 || (dot && ++fraction > decimals) ||
          magnitude > (G_MAXUINT64 / 2 - digit) / 10)
        goto inexact;
      magnitude = magnitude * 10 + digit;
    }
  for (; fraction < decimals; fraction++)
    {
      if (magnitude > G_MAXUINT64 / 20)
        return FALSE;
      magnitude *= 10;
    }
  if (magnitude > (guint64) G_MAXINT64)
    return FALSE;
  *value = negative ? -(gint64) magnitude : (gint64) magnitude;
  return TRUE;

inexact:
  d = g_ascii_strtod (self->text->str, NULL) * pow (10, decimals);
  if (!isfinite (d) || fabs (d) >= 9.2e18)
    return FALSE;
  *value = llround (d);
  return TRUE;
}

guint
lab_json_reader_get_depth (LabJsonReader *self)
{
  return self->depth;
}

guint64
lab_json_reader_get_offset (LabJsonReader *self)
{
  return self->token_offset;
}

guint
lab_json_reader_get_line (LabJsonReader *self)
{
  return self->token_line;
}

gboolean
lab_json_reader_skip_value (LabJsonReader  *self,
                            LabJsonToken    token,
                            GError        **error)
{
  guint depth;

  if (token != LAB_JSON_TOKEN_BEGIN_OBJECT && token != LAB_JSON_TOKEN_BEGIN_ARRAY)
    return token != LAB_JSON_TOKEN_NONE;

  depth = self->depth;
  while (self->depth >= depth)
    if (lab_json_reader_next (self, error) == LAB_JSON_TOKEN_NONE)
      return FALSE;
  return TRUE;
}

static JsonNode *
read_node (LabJsonReader  *self,
           LabJsonToken    token,
           guint          *budget,
           GError        **error)
{
  g_autoptr(JsonNode) node = NULL;
  gint64 i;

  if ((*budget)-- == 0)
    return (syntax_error (self, error, "a part of the document is too large"), NULL);

  switch (token)
    {
    case LAB_JSON_TOKEN_BEGIN_OBJECT:
      {
        g_autoptr(JsonObject) object = json_object_new ();

        while ((token = lab_json_reader_next (self, error)) == LAB_JSON_TOKEN_MEMBER)
          {
            g_autofree char *name = g_strdup (self->text->str);
            JsonNode *member;

            token = lab_json_reader_next (self, error);
            if ((member = read_node (self, token, budget, error)) == NULL)
              return NULL;
            json_object_set_member (object, name, member);
          }
        if (token != LAB_JSON_TOKEN_END_OBJECT)
          return NULL;
        node = json_node_init_object (json_node_alloc (), object);
        break;
      }

    case LAB_JSON_TOKEN_BEGIN_ARRAY:
      {
        g_autoptr(JsonArray) array = json_array_new ();

        while ((token = lab_json_reader_next (self, error)) != LAB_JSON_TOKEN_END_ARRAY)
          {
            JsonNode *element = read_node (self, token, budget, error);

            if (element == NULL)
              return NULL;
            json_array_add_element (array, element);
          }
        node = json_node_init_array (json_node_alloc (), array);
        break;
      }

    case LAB_JSON_TOKEN_STRING:
      node = json_node_init_string (json_node_alloc (), self->text->str);
      break;

    case LAB_JSON_TOKEN_NUMBER:
      if (lab_json_reader_get_int64 (self, &i))
        node = json_node_init_int (json_node_alloc (), i);
      else
        node = json_node_init_double (json_node_alloc (), lab_json_reader_get_double (self));
      break;

    case LAB_JSON_TOKEN_TRUE:
    case LAB_JSON_TOKEN_FALSE:
      node = json_node_init_boolean (json_node_alloc (), token == LAB_JSON_TOKEN_TRUE);
      break;

    case LAB_JSON_TOKEN_NULL:
      node = json_node_init_null (json_node_alloc ());
      break;

    case LAB_JSON_TOKEN_NONE:
    default:
      return NULL;   /* the error is set */
    }

  return g_steal_pointer (&node);
}

JsonNode *
lab_json_reader_read_node (LabJsonReader  *self,
                           LabJsonToken    token,
                           guint           max_nodes,
                           GError        **error)
{
  return read_node (self, token, &max_nodes, error);
}
