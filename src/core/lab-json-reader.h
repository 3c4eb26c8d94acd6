/* lab-json-reader.h: JSON read as a stream of tokens, for inputs too large
 * to hold as one tree (a snapshot of a million tasks)
 *
 * Strict RFC 8259: no trailing commas, no NaN or Infinity, no control
 * characters, bad escapes or bad UTF-8 in strings, no leading zeros. Nesting
 * and string lengths are bounded. Errors are LAB_ERROR_SNAPSHOT and say
 * where ("line 12 (byte 345): ..."); errors of the stream pass through.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  LAB_JSON_TOKEN_NONE,          /* an error (see the GError) */
  LAB_JSON_TOKEN_BEGIN_OBJECT,
  LAB_JSON_TOKEN_END_OBJECT,
  LAB_JSON_TOKEN_BEGIN_ARRAY,
  LAB_JSON_TOKEN_END_ARRAY,
  LAB_JSON_TOKEN_MEMBER,        /* a member's name; its value comes next */
  LAB_JSON_TOKEN_STRING,
  LAB_JSON_TOKEN_NUMBER,
  LAB_JSON_TOKEN_TRUE,
  LAB_JSON_TOKEN_FALSE,
  LAB_JSON_TOKEN_NULL,
  LAB_JSON_TOKEN_END,           /* the document is over (only whitespace followed) */
} LabJsonToken;

#define LAB_JSON_MAX_DEPTH   64
#define LAB_JSON_MAX_STRING  (1024 * 1024)
#define LAB_JSON_MAX_NUMBER  128

typedef struct _LabJsonReader LabJsonReader;

LabJsonReader *lab_json_reader_new          (GInputStream   *stream,
                                             GCancellable   *cancellable);
void           lab_json_reader_free         (LabJsonReader  *self);

LabJsonToken   lab_json_reader_next         (LabJsonReader  *self,
                                             GError        **error);

/* The text of the last MEMBER, STRING (unescaped, valid UTF-8, NUL-ended)
 * or NUMBER token. */
const char    *lab_json_reader_get_string   (LabJsonReader  *self,
                                             gsize          *length);
/* The last NUMBER: g_ascii_strtod() of it (±inf when out of range). */
double         lab_json_reader_get_double   (LabJsonReader  *self);
/* The last NUMBER, when it is written as an integer that fits. */
gboolean       lab_json_reader_get_uint64   (LabJsonReader  *self,
                                             guint64        *value);
gboolean       lab_json_reader_get_int64    (LabJsonReader  *self,
                                             gint64         *value);
/* The last NUMBER × 10^decimals, rounded to an integer: exact for numbers
 * written with at most @decimals decimals ("12.345" ms → 12345 µs). FALSE
 * when it does not fit a gint64. */
gboolean       lab_json_reader_get_fixed    (LabJsonReader  *self,
                                             guint           decimals,
                                             gint64         *value);

/* Containers open at the current token (1 inside the top-level object). */
guint          lab_json_reader_get_depth    (LabJsonReader  *self);
/* Where the last token began: byte offset from the start, and line (from 1). */
guint64        lab_json_reader_get_offset   (LabJsonReader  *self);
guint          lab_json_reader_get_line     (LabJsonReader  *self);

/* Skips the rest of the value that @token (just read) began: a whole object
 * or array; nothing for a scalar. */
gboolean       lab_json_reader_skip_value   (LabJsonReader  *self,
                                             LabJsonToken    token,
                                             GError        **error);
/* Reads the value that @token (just read) began into a tree, of at most
 * @max_nodes nodes. Integers that fit a gint64 become G_TYPE_INT64 values,
 * other numbers doubles. */
JsonNode      *lab_json_reader_read_node    (LabJsonReader  *self,
                                             LabJsonToken    token,
                                             guint           max_nodes,
                                             GError        **error);

/* "an object", "a string", "a number", "true", "null"... for messages such
 * as "expected a number, found a string". */
const char    *lab_json_token_describe      (LabJsonToken    token);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabJsonReader, lab_json_reader_free)

G_END_DECLS
