/* lab-json-reader-private.h: what the files of the JSON reader share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-json-reader.h"

G_BEGIN_DECLS

#define LAB_JSON_BUFFER_SIZE (64 * 1024)

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

/* Sets a LAB_ERROR_SNAPSHOT saying where; returns LAB_JSON_TOKEN_NONE. */
LabJsonToken lab_json_reader_syntax_error (LabJsonReader *self,
                                           GError       **error,
                                           const char    *format,
                                           ...) G_GNUC_PRINTF (3, 4);
/* "‘x’", "byte 0x01", "the end of the file", in @buf */
const char  *lab_json_describe_byte       (int            c,
                                           char           buf[16]);

/* lab-json-reader-scan.c: after the opening quote / at the first character */
gboolean     lab_json_reader_scan_string  (LabJsonReader *self,
                                           GError       **error);
gboolean     lab_json_reader_scan_number  (LabJsonReader *self,
                                           GError       **error);
LabJsonToken lab_json_reader_scan_literal (LabJsonReader *self,
                                           GError       **error,
                                           const char    *word,
                                           LabJsonToken   token);

/* The next byte without taking it: 0..255, -1 at the end, -2 on error. */
static inline int
lab_json_peek (LabJsonReader *self,
      GError       **error)
{
  gssize n;

  if (G_LIKELY (self->pos < self->len))
    return self->buffer[self->pos];
  if (self->eof)
    return -1;

  self->consumed += self->len;
  self->pos = self->len = 0;
  n = g_input_stream_read (self->stream, self->buffer, LAB_JSON_BUFFER_SIZE, self->cancellable, error);
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

G_END_DECLS
