/* lab-config-json.c
 *
 * Durations are written in microseconds (`timeout_us`...) so that nothing is
 * lost; reading also accepts the CLI's duration strings (`"timeout": "2s"`).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-config-json.h"
#include "lab-error.h"

JsonNode *
lab_config_to_json (const LabConfig *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "workload");
  json_builder_add_string_value (builder, lab_workload_kind_to_string (self->workload));
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, lab_model_to_string (self->model));
  json_builder_set_member_name (builder, "workers");
  json_builder_add_int_value (builder, lab_config_get_effective_workers (self));
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, (gint64) self->count);
  /* start can exceed G_MAXINT64: written as a string in that case */
  json_builder_set_member_name (builder, "start");
  if (self->start > G_MAXINT64)
    {
      g_autofree char *s = g_strdup_printf ("%" G_GUINT64_FORMAT, self->start);
      json_builder_add_string_value (builder, s);
    }
  else
    json_builder_add_int_value (builder, (gint64) self->start);
  json_builder_set_member_name (builder, "urls");
  json_builder_begin_array (builder);
  for (guint i = 0; self->urls != NULL && self->urls[i] != NULL; i++)
    json_builder_add_string_value (builder, self->urls[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "timeout_us");
  json_builder_add_int_value (builder, self->timeout);
  json_builder_set_member_name (builder, "deadline_us");
  json_builder_add_int_value (builder, self->deadline);
  json_builder_set_member_name (builder, "max_in_flight");
  json_builder_add_int_value (builder, lab_config_get_effective_max_in_flight (self));
  json_builder_set_member_name (builder, "max_in_flight_auto");
  json_builder_add_boolean_value (builder, self->max_in_flight == 0);
  json_builder_set_member_name (builder, "chunk_size");
  json_builder_add_int_value (builder, lab_config_get_effective_chunk_size (self));
  json_builder_set_member_name (builder, "chunk_size_auto");
  json_builder_add_boolean_value (builder, self->chunk_size == 0);
  json_builder_set_member_name (builder, "simulate_gil");
  json_builder_add_boolean_value (builder, self->simulate_gil);
  json_builder_set_member_name (builder, "switch_interval_us");
  json_builder_add_int_value (builder, self->switch_interval);
  json_builder_set_member_name (builder, "max_body");
  json_builder_add_int_value (builder, (gint64) MIN (self->max_body, (guint64) G_MAXINT64));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
wrong_type (const char  *member,
            const char  *expected,
            GError     **error)
{
  g_set_error (error, LAB_ERROR, LAB_ERROR_SNAPSHOT,
               "config.%s: expected %s", member, expected);
  return FALSE;
}

static gboolean
read_int (JsonObject  *object,
          const char  *member,
          gint64       min,
          gint64       max,
          gint64      *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64 value;

  if (node == NULL)
    return TRUE;   /* keep the default */
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return wrong_type (member, "an integer", error);
  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_SNAPSHOT,
                   "config.%s: %" G_GINT64_FORMAT " is out of range (%" G_GINT64_FORMAT
                   " to %" G_GINT64_FORMAT ")", member, value, min, max);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

static gboolean
read_bool (JsonObject  *object,
           const char  *member,
           gboolean    *out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return wrong_type (member, "true or false", error);
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_duration (JsonObject  *object,
               const char  *name,
               GTimeSpan   *out,
               GError     **error)
{
  g_autofree char *us_name = g_strconcat (name, "_us", NULL);
  JsonNode *node;
  gint64 value = *out;

  if (json_object_has_member (object, us_name))
    {
      if (!read_int (object, us_name, 0, G_MAXINT64, &value, error))
        return FALSE;
      *out = value;
      return TRUE;
    }

  node = json_object_get_member (object, name);
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return wrong_type (name, "a duration such as \"2s\"", error);
  if (!lab_parse_duration (json_node_get_string (node), out, error))
    {
      g_prefix_error (error, "config.%s: ", name);
      (*error)->domain = LAB_ERROR;
      (*error)->code = LAB_ERROR_SNAPSHOT;
      return FALSE;
    }
  return TRUE;
}

LabConfig *
lab_config_new_from_json (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(LabConfig) config = lab_config_new ();
  JsonObject *object;
  JsonNode *member;
  gint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_SNAPSHOT, "config: expected an object");
      return NULL;
    }
  object = json_node_get_object (node);

  if ((member = json_object_get_member (object, "workload")) != NULL &&
      (!JSON_NODE_HOLDS_VALUE (member) ||
       json_node_get_value_type (member) != G_TYPE_STRING ||
       !lab_workload_kind_from_string (json_node_get_string (member), &config->workload)))
    {
      wrong_type ("workload", "\"primes\" or \"url\"", error);
      return NULL;
    }
  if ((member = json_object_get_member (object, "model")) != NULL &&
      (!JSON_NODE_HOLDS_VALUE (member) ||
       json_node_get_value_type (member) != G_TYPE_STRING ||
       !lab_model_from_string (json_node_get_string (member), &config->model)))
    {
      wrong_type ("model", "\"sequential\", \"threads\", \"processes\" or \"async\"", error);
      return NULL;
    }

  value = config->workers;
  if (!read_int (object, "workers", 1, LAB_MAX_WORKERS, &value, error))
    return NULL;
  config->workers = value;

  value = config->count;
  if (!read_int (object, "count", 1, LAB_MAX_COUNT, &value, error))
    return NULL;
  config->count = value;

  if ((member = json_object_get_member (object, "start")) != NULL)
    {
      if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
        {
          if (!g_ascii_string_to_unsigned (json_node_get_string (member), 10, 0, G_MAXUINT64,
                                           &config->start, NULL))
            {
              wrong_type ("start", "a non-negative integer", error);
              return NULL;
            }
        }
      else
        {
          if (!read_int (object, "start", 0, G_MAXINT64, &value, error))
            return NULL;
          config->start = value;
        }
    }

  if ((member = json_object_get_member (object, "urls")) != NULL)
    {
      JsonArray *array;
      GPtrArray *urls;

      if (!JSON_NODE_HOLDS_ARRAY (member))
        {
          wrong_type ("urls", "an array of strings", error);
          return NULL;
        }
      array = json_node_get_array (member);
      urls = g_ptr_array_new ();
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
            {
              g_ptr_array_free (urls, TRUE);
              wrong_type ("urls", "an array of strings", error);
              return NULL;
            }
          g_ptr_array_add (urls, g_strdup (json_node_get_string (element)));
        }
      g_strfreev (config->urls);
      config->urls = NULL;
      if (urls->len > 0)
        {
          g_ptr_array_add (urls, NULL);
          config->urls = (char **) g_ptr_array_free (urls, FALSE);
        }
      else
        g_ptr_array_free (urls, TRUE);
    }

  if (!read_duration (object, "timeout", &config->timeout, error) ||
      !read_duration (object, "deadline", &config->deadline, error) ||
      !read_duration (object, "switch_interval", &config->switch_interval, error))
    return NULL;

  {
    gboolean is_auto = FALSE;

    if (!read_bool (object, "max_in_flight_auto", &is_auto, error))
      return NULL;
    value = 0;
    if (!is_auto && !read_int (object, "max_in_flight", 0, LAB_MAX_MAX_IN_FLIGHT, &value, error))
      return NULL;
    config->max_in_flight = value;

    is_auto = FALSE;
    if (!read_bool (object, "chunk_size_auto", &is_auto, error))
      return NULL;
    value = 0;
    if (!is_auto && !read_int (object, "chunk_size", 0, LAB_MAX_CHUNK_SIZE, &value, error))
      return NULL;
    /* An effective chunk size of 1 outside the process model means "none". */
    config->chunk_size = config->model == LAB_MODEL_PROCESSES ? value : 0;
  }

  if (!read_bool (object, "simulate_gil", &config->simulate_gil, error))
    return NULL;

  value = config->max_body;
  if (!read_int (object, "max_body", 1, G_MAXINT64, &value, error))
    return NULL;
  config->max_body = value;

  return g_steal_pointer (&config);
}
