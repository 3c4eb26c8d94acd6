/* lab-json-reader-values.c: the values of the JSON reader's tokens —
 * numbers as doubles, exact integers and fixed-point times — and whole
 * values skipped or read into json-glib trees
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "lab-json-reader-private.h"

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
    return (lab_json_reader_syntax_error (self, error, "a part of the document is too large"), NULL);

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
