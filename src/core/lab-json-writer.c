/* lab-json-writer.c
 *
 * A small streaming JSON writer: text accumulates in a buffer that goes to
 * the stream every 64 KiB, so memory stays flat however long the document.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "lab-json-writer.h"

#define FLUSH_AT (64 * 1024)

typedef struct
{
  guint    n_items;
  gboolean is_inline;
  gboolean is_object;
} Frame;

struct _LabJsonWriter
{
  GOutputStream *stream;
  GString       *buffer;
  GArray        *frames;     /* Frame */
  gboolean       has_member; /* a member name was written, its value is next */
  GError        *error;
};

LabJsonWriter *
lab_json_writer_new (GOutputStream *stream)
{
  LabJsonWriter *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  self = g_new0 (LabJsonWriter, 1);
  self->stream = g_object_ref (stream);
  self->buffer = g_string_sized_new (FLUSH_AT + 4096);
  self->frames = g_array_new (FALSE, FALSE, sizeof (Frame));

  return self;
}

void
lab_json_writer_free (LabJsonWriter *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->stream);
  g_string_free (self->buffer, TRUE);
  g_array_unref (self->frames);
  g_clear_error (&self->error);
  g_free (self);
}

static void
flush (LabJsonWriter *self)
{
  if (self->error == NULL && self->buffer->len > 0)
    g_output_stream_write_all (self->stream, self->buffer->str, self->buffer->len,
                               NULL, NULL, &self->error);
  g_string_truncate (self->buffer, 0);
}

static Frame *
current_frame (LabJsonWriter *self)
{
  if (self->frames->len == 0)
    return NULL;
  return &g_array_index (self->frames, Frame, self->frames->len - 1);
}

static void
newline_indent (LabJsonWriter *self,
                guint          depth)
{
  g_string_append_c (self->buffer, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append (self->buffer, "  ");
}

/* Separator and indentation before a value (or before a member name). */
static void
before_item (LabJsonWriter *self)
{
  Frame *frame = current_frame (self);

  if (frame == NULL)
    return;
  if (frame->n_items++ > 0)
    g_string_append_c (self->buffer, ',');
  if (!frame->is_inline)
    newline_indent (self, self->frames->len);
}

static void
before_value (LabJsonWriter *self)
{
  if (self->has_member)
    self->has_member = FALSE;
  else
    {
      g_warn_if_fail (current_frame (self) == NULL || !current_frame (self)->is_object);
      before_item (self);
    }
}

static void
after_value (LabJsonWriter *self)
{
  if (self->buffer->len >= FLUSH_AT)
    flush (self);
}

static void
append_escaped (GString    *out,
                const char *str)
{
  g_autofree char *valid = NULL;

  if (!g_utf8_validate (str, -1, NULL))
    str = valid = g_utf8_make_valid (str, -1);

  g_string_append_c (out, '"');
  for (const char *p = str; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
begin (LabJsonWriter *self,
       gboolean       is_object,
       gboolean       is_inline)
{
  Frame *parent = current_frame (self);
  Frame frame = { 0 };

  before_value (self);
  g_string_append_c (self->buffer, is_object ? '{' : '[');
  frame.is_object = is_object;
  frame.is_inline = is_inline || (parent != NULL && parent->is_inline);
  g_array_append_val (self->frames, frame);
}

static void
end (LabJsonWriter *self,
     gboolean       is_object)
{
  Frame *frame = current_frame (self);

  g_return_if_fail (frame != NULL && frame->is_object == is_object);

  if (!frame->is_inline && frame->n_items > 0)
    newline_indent (self, self->frames->len - 1);
  g_string_append_c (self->buffer, is_object ? '}' : ']');
  g_array_set_size (self->frames, self->frames->len - 1);
  after_value (self);
}

void
lab_json_writer_begin_object (LabJsonWriter *self)
{
  begin (self, TRUE, FALSE);
}

void
lab_json_writer_begin_object_inline (LabJsonWriter *self)
{
  begin (self, TRUE, TRUE);
}

void
lab_json_writer_end_object (LabJsonWriter *self)
{
  end (self, TRUE);
}

void
lab_json_writer_begin_array (LabJsonWriter *self)
{
  begin (self, FALSE, FALSE);
}

void
lab_json_writer_begin_array_inline (LabJsonWriter *self)
{
  begin (self, FALSE, TRUE);
}

void
lab_json_writer_end_array (LabJsonWriter *self)
{
  end (self, FALSE);
}

void
lab_json_writer_member (LabJsonWriter *self,
                        const char    *name)
{
  Frame *frame = current_frame (self);

  g_return_if_fail (frame != NULL && frame->is_object && !self->has_member);

  before_item (self);
  append_escaped (self->buffer, name);
  g_string_append (self->buffer, frame->is_inline ? ":" : ": ");
  self->has_member = TRUE;
}

void
lab_json_writer_string (LabJsonWriter *self,
                        const char    *value)
{
  before_value (self);
  if (value == NULL)
    g_string_append (self->buffer, "null");
  else
    append_escaped (self->buffer, value);
  after_value (self);
}

void
lab_json_writer_int (LabJsonWriter *self,
                     gint64         value)
{
  before_value (self);
  g_string_append_printf (self->buffer, "%" G_GINT64_FORMAT, value);
  after_value (self);
}

void
lab_json_writer_uint (LabJsonWriter *self,
                      guint64        value)
{
  before_value (self);
  g_string_append_printf (self->buffer, "%" G_GUINT64_FORMAT, value);
  after_value (self);
}

char *
lab_format_double_c (char   *buffer,
                     gsize   size,
                     double  value)
{
  g_ascii_formatd (buffer, size, "%.15g", value);
  return buffer;
}

void
lab_json_writer_double (LabJsonWriter *self,
                        double         value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  before_value (self);
  if (!isfinite (value))
    g_string_append (self->buffer, "null");
  else
    g_string_append (self->buffer, lab_format_double_c (buffer, sizeof buffer, value));
  after_value (self);
}

void
lab_json_writer_fixed (LabJsonWriter *self,
                       gint64         value,
                       guint          decimals)
{
  guint64 magnitude, scale = 1;

  g_return_if_fail (decimals <= 9);

  for (guint i = 0; i < decimals; i++)
    scale *= 10;

  before_value (self);
  if (value < 0)
    g_string_append_c (self->buffer, '-');
  magnitude = value < 0 ? -(guint64) value : (guint64) value;
  g_string_append_printf (self->buffer, "%" G_GUINT64_FORMAT, magnitude / scale);
  if (decimals > 0)
    g_string_append_printf (self->buffer, ".%0*" G_GUINT64_FORMAT, (int) decimals, magnitude % scale);
  after_value (self);
}

void
lab_json_writer_boolean (LabJsonWriter *self,
                         gboolean       value)
{
  before_value (self);
  g_string_append (self->buffer, value ? "true" : "false");
  after_value (self);
}

void
lab_json_writer_null (LabJsonWriter *self)
{
  before_value (self);
  g_string_append (self->buffer, "null");
  after_value (self);
}

void
lab_json_writer_string_array (LabJsonWriter *self,
                              GPtrArray     *strings)
{
  lab_json_writer_begin_array (self);
  for (guint i = 0; i < strings->len; i++)
    lab_json_writer_string (self, g_ptr_array_index (strings, i));
  lab_json_writer_end_array (self);
}

void
lab_json_writer_node (LabJsonWriter *self,
                      JsonNode      *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      lab_json_writer_null (self);
      return;
    }

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (object);

        lab_json_writer_begin_object (self);
        for (GList *l = members; l != NULL; l = l->next)
          {
            lab_json_writer_member (self, l->data);
            lab_json_writer_node (self, json_object_get_member (object, l->data));
          }
        lab_json_writer_end_object (self);
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        lab_json_writer_begin_array_inline (self);
        for (guint i = 0; i < json_array_get_length (array); i++)
          lab_json_writer_node (self, json_array_get_element (array, i));
        lab_json_writer_end_array (self);
      }
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          lab_json_writer_int (self, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          lab_json_writer_double (self, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          lab_json_writer_boolean (self, json_node_get_boolean (node));
          break;
        case G_TYPE_STRING:
          lab_json_writer_string (self, json_node_get_string (node));
          break;
        default:
          lab_json_writer_null (self);
        }
      break;

    case JSON_NODE_NULL:
    default:
      lab_json_writer_null (self);
    }
}

gboolean
lab_json_writer_finish (LabJsonWriter  *self,
                        GError        **error)
{
  g_warn_if_fail (self->frames->len == 0);

  g_string_append_c (self->buffer, '\n');
  flush (self);
  if (self->error == NULL)
    g_output_stream_flush (self->stream, NULL, &self->error);

  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      return FALSE;
    }
  return TRUE;
}
