/* lab-environment.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/utsname.h>

#include "lab-environment.h"

/* Reads os-release(5): KEY=value lines, values quoted as in the shell. */
static GHashTable *
read_os_release (void)
{
  static const char *paths[] = { "/etc/os-release", "/usr/lib/os-release" };
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;

      if (!g_file_get_contents (paths[i], &contents, NULL, NULL))
        continue;

      lines = g_strsplit (contents, "\n", -1);
      for (guint j = 0; lines[j] != NULL; j++)
        {
          char *eq = strchr (lines[j], '=');
          char *value;

          if (lines[j][0] == '#' || eq == NULL)
            continue;
          *eq = '\0';
          value = g_shell_unquote (eq + 1, NULL);
          if (value != NULL)
            g_hash_table_replace (values, g_strdup (g_strstrip (lines[j])), value);
        }
      break;
    }

  return values;
}

static char *
read_cpu_model (void)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/cpuinfo", &contents, NULL, NULL))
    return NULL;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *colon = strchr (lines[i], ':');

      if (colon != NULL && g_str_has_prefix (lines[i], "model name"))
        return g_strstrip (g_strdup (colon + 1));
    }
  return NULL;
}

static gpointer
environment_new (gpointer data)
{
  LabEnvironment *self = g_new0 (LabEnvironment, 1);
  g_autoptr(GHashTable) os = read_os_release ();
  struct utsname uts;

  self->cores = MAX (1, g_get_num_processors ());
  self->cpu_model = read_cpu_model ();
  self->os = g_strdup (g_hash_table_lookup (os, "PRETTY_NAME"));
  if (self->os == NULL)
    self->os = g_strdup (g_hash_table_lookup (os, "NAME"));
  self->os_id = g_strdup (g_hash_table_lookup (os, "ID"));
  self->os_version = g_strdup (g_hash_table_lookup (os, "VERSION_ID"));
  if (uname (&uts) == 0)
    {
      self->kernel = g_strdup_printf ("%s %s", uts.sysname, uts.release);
      self->machine = g_strdup (uts.machine);
    }
  self->app_version = g_strdup (PACKAGE_VERSION);
  self->glib_version = g_strdup_printf ("%u.%u.%u", glib_major_version, glib_minor_version,
                                        glib_micro_version);
  self->soup_version = g_strdup_printf ("%u.%u.%u", soup_get_major_version (),
                                        soup_get_minor_version (), soup_get_micro_version ());
  self->json_glib_version = g_strdup (JSON_VERSION_S);

  return self;
}

const LabEnvironment *
lab_environment_get_current (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, environment_new, NULL);
}

char *
lab_environment_describe (const LabEnvironment *self)
{
  GString *line = g_string_new (NULL);

  g_string_append_printf (line, "%u %s", self->cores, self->cores == 1 ? "core" : "cores");
  if (self->cpu_model != NULL)
    g_string_append_printf (line, " (%s)", self->cpu_model);
  if (self->os != NULL)
    g_string_append_printf (line, " · %s", self->os);
  if (self->kernel != NULL)
    g_string_append_printf (line, " · %s %s", self->kernel, self->machine);

  return g_string_free (line, FALSE);
}

void
lab_environment_write_json (const LabEnvironment *self,
                            LabJsonWriter        *writer)
{
  lab_json_writer_begin_object (writer);
  lab_json_writer_member (writer, "cores");
  lab_json_writer_uint (writer, self->cores);
  lab_json_writer_member (writer, "cpu_model");
  lab_json_writer_string (writer, self->cpu_model);
  lab_json_writer_member (writer, "os");
  lab_json_writer_string (writer, self->os);
  lab_json_writer_member (writer, "os_id");
  lab_json_writer_string (writer, self->os_id);
  lab_json_writer_member (writer, "os_version");
  lab_json_writer_string (writer, self->os_version);
  lab_json_writer_member (writer, "kernel");
  lab_json_writer_string (writer, self->kernel);
  lab_json_writer_member (writer, "machine");
  lab_json_writer_string (writer, self->machine);
  lab_json_writer_member (writer, "concurrency_lab");
  lab_json_writer_string (writer, self->app_version);
  lab_json_writer_member (writer, "libraries");
  lab_json_writer_begin_object_inline (writer);
  lab_json_writer_member (writer, "glib");
  lab_json_writer_string (writer, self->glib_version);
  lab_json_writer_member (writer, "libsoup");
  lab_json_writer_string (writer, self->soup_version);
  lab_json_writer_member (writer, "json_glib");
  lab_json_writer_string (writer, self->json_glib_version);
  lab_json_writer_end_object (writer);
  lab_json_writer_end_object (writer);
}

void
lab_environment_write_stored_json (JsonNode      *stored,
                                   LabJsonWriter *w)
{
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  if (stored == NULL)
    {
      lab_environment_write_json (lab_environment_get_current (), w);
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (stored))
    {
      lab_json_writer_node (w, stored);
      return;
    }

  object = json_node_get_object (stored);
  members = json_object_get_members (object);
  lab_json_writer_begin_object (w);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (object, l->data);

      lab_json_writer_member (w, l->data);
      if (JSON_NODE_HOLDS_OBJECT (value))
        {
          /* as lab_environment_write_json() lays it out: inner objects inline */
          JsonObject *inner = json_node_get_object (value);
          g_autoptr(GList) names = json_object_get_members (inner);

          lab_json_writer_begin_object_inline (w);
          for (GList *m = names; m != NULL; m = m->next)
            {
              lab_json_writer_member (w, m->data);
              lab_json_writer_node (w, json_object_get_member (inner, m->data));
            }
          lab_json_writer_end_object (w);
        }
      else
        lab_json_writer_node (w, value);
    }
  lab_json_writer_end_object (w);
}

/* A string member of a stored environment, whatever else the document put
 * there (it was written elsewhere, perhaps by hand). */
static const char *
stored_string (JsonObject *object,
               const char *name,
               const char *fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fallback;
  return json_node_get_string (node);
}

guint
lab_environment_get_stored_cores (JsonNode *stored)
{
  JsonNode *node;

  if (stored == NULL || !JSON_NODE_HOLDS_OBJECT (stored))
    return lab_environment_get_current ()->cores;

  node = json_object_get_member (json_node_get_object (stored), "cores");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    return CLAMP (json_node_get_int (node), 1, G_MAXUINT);
  return 1;
}

char *
lab_environment_describe_stored (JsonNode *stored,
                                 guint    *cores)
{
  const LabEnvironment *current = lab_environment_get_current ();
  LabEnvironment env = { 0 };
  JsonObject *object;

  if (stored == NULL || !JSON_NODE_HOLDS_OBJECT (stored))
    {
      if (cores != NULL)
        *cores = current->cores;
      return lab_environment_describe (current);
    }

  object = json_node_get_object (stored);
  env.cores = lab_environment_get_stored_cores (stored);
  env.cpu_model = (char *) stored_string (object, "cpu_model", NULL);
  env.os = (char *) stored_string (object, "os", NULL);
  env.kernel = (char *) stored_string (object, "kernel", NULL);
  env.machine = (char *) stored_string (object, "machine", "");
  if (cores != NULL)
    *cores = env.cores;
  return lab_environment_describe (&env);
}
