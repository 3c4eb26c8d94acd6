/* lab-snapshot-reader.c: opening snapshots
 *
 * The document is read in one pass by the streaming reader. The small parts
 * (environment, config, summary) are collected as trees and checked field by
 * field; the series and the task records (lab-snapshot-reader-tasks.c) are
 * read straight into the arrays the run keeps. Every check names the place
 * it found a problem ("summary.wall_seconds: expected a number, found a
 * string").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-config-json.h"
#include "lab-error.h"
#include "lab-snapshot.h"
#include "lab-snapshot-reader-private.h"

#define MAX_FILE_SIZE     (G_GUINT64_CONSTANT (4) << 30)

#define COMPARISON_FORMAT "concurrency-lab-comparison"
#define SWEEP_FORMAT      "concurrency-lab-sweep"

gboolean
lab_snapshot_error (GError     **error,
                    const char  *path,
                    const char  *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, LAB_ERROR, LAB_ERROR_SNAPSHOT, "%s: %s", path, message);
  return FALSE;
}

gboolean
lab_snapshot_wrong_type (GError       **error,
                         const char    *path,
                         const char    *expected,
                         LabJsonToken   found)
{
  if (found == LAB_JSON_TOKEN_NONE)
    return FALSE;   /* the reader's own error is set */
  return lab_snapshot_error (error, path, "expected %s, found %s",
                             expected, lab_json_token_describe (found));
}

char *
lab_snapshot_path_of (const char *prefix,
                      const char *name)
{
  return prefix != NULL ? g_strdup_printf ("%s.%s", prefix, name) : g_strdup (name);
}

JsonNode *
lab_snapshot_get_member (JsonObject  *object,
                         const char  *prefix,
                         const char  *name,
                         GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    {
      g_autofree char *path = lab_snapshot_path_of (prefix, name);
      lab_snapshot_error (error, path, "missing");
    }
  return node;
}

static LabDocumentKind
kind_from_format (const char *format)
{
  if (g_strcmp0 (format, LAB_SNAPSHOT_FORMAT) == 0)
    return LAB_DOCUMENT_SNAPSHOT;
  if (g_strcmp0 (format, COMPARISON_FORMAT) == 0)
    return LAB_DOCUMENT_COMPARISON;
  if (g_strcmp0 (format, SWEEP_FORMAT) == 0)
    return LAB_DOCUMENT_SWEEP;
  return LAB_DOCUMENT_UNKNOWN;
}

static gboolean
read_summary (LabSnapshotParse *p,
              JsonNode         *node,
              GError          **error)
{
  const LabSummary *s = &p->info->summary;

  if (!lab_snapshot_read_summary (node, "summary", p->info->config, &p->info->summary,
                                  &p->info->error, NULL, error))
    return FALSE;
  if (!p->head_only && s->state < LAB_RUN_STATE_DONE)
    return lab_snapshot_error (error, "summary.state", "“%s”: a run that had not finished cannot be opened",
                               lab_run_state_to_string (s->state));

  p->load.state = s->state;
  p->load.error_message = g_strdup (p->info->error);
  p->load.wall_us = llround (s->wall_seconds * 1e6);
  p->load.ready_us = llround (s->startup_seconds * 1e6);
  p->load.cpu_total_us = llround (MIN (s->cpu_utilization * (double) p->load.wall_us, 9e18));
  p->load.loop_lag_p99_ms = s->loop_lag_p99_ms;
  p->load.loop_lag_max_ms = s->loop_lag_max_ms;
  p->have_summary = TRUE;
  return TRUE;
}

/* The document ----------------------------------------------------------- */

static gboolean
check_version (LabSnapshotParse *p,
               GError          **error)
{
  if (p->info->kind == LAB_DOCUMENT_SNAPSHOT && p->have_version &&
      p->info->version > LAB_SNAPSHOT_VERSION)
    return lab_snapshot_error (error, "version",
                               "written by a newer Concurrency Lab (format version %" G_GINT64_FORMAT
                               "); this version reads %d", p->info->version, LAB_SNAPSHOT_VERSION);
  return TRUE;
}

gboolean
lab_snapshot_config_error (GError       **error,
                           const char    *prefix,
                           const GError  *invalid)
{
  const char *message = invalid->message;
  const char *colon = strstr (message, ": ");
  g_autofree char *path = NULL;

  /* "--chunk-size: applies only to …" → "config.chunk_size: applies only to …" */
  if (g_str_has_prefix (message, "--") && colon != NULL)
    {
      g_autofree char *option = g_strndup (message + 2, colon - message - 2);

      g_strdelimit (option, "-", '_');
      path = g_strdup_printf ("%s.%s", prefix, option);
      return lab_snapshot_error (error, path, "%s", colon + 2);
    }
  return lab_snapshot_error (error, prefix, "%s", message);
}

static gboolean
read_config (LabSnapshotParse *p,
             LabJsonToken      token,
             GError          **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;
  LabConfig *config;

  if (token != LAB_JSON_TOKEN_BEGIN_OBJECT)
    return lab_snapshot_wrong_type (error, "config", "an object", token);
  if ((node = lab_json_reader_read_node (p->json, token, 10000, error)) == NULL)
    return FALSE;
  if ((config = lab_config_new_from_json (node, error)) == NULL)
    return FALSE;
  p->info->config = config;
  if (!lab_config_validate (config, &local_error))
    return lab_snapshot_config_error (error, "config", local_error);
  p->load.config = lab_config_copy (config);
  return TRUE;
}

/* Reads the top-level object. With @head_only, stops at the first of
 * series, workers or tasks (snapshots) or once the kind, version and
 * creation time are known (other documents). */
static gboolean
parse_document (LabSnapshotParse *p,
                gboolean          head_only,
                GError          **error)
{
  LabJsonToken token;
  gboolean stopped = FALSE;

  token = lab_json_reader_next (p->json, error);
  if (token != LAB_JSON_TOKEN_BEGIN_OBJECT)
    return token != LAB_JSON_TOKEN_NONE &&
           lab_snapshot_error (error, "the document", "expected a JSON object, found %s: "
                               "this is not a Concurrency Lab snapshot", lab_json_token_describe (token));

  while (!stopped && (token = lab_json_reader_next (p->json, error)) == LAB_JSON_TOKEN_MEMBER)
    {
      g_autofree char *name = g_strdup (lab_json_reader_get_string (p->json, NULL));
      gboolean big = g_str_equal (name, "config") || g_str_equal (name, "summary") ||
                     g_str_equal (name, "series") || g_str_equal (name, "workers") ||
                     g_str_equal (name, "tasks");

      if (big && p->info->kind == LAB_DOCUMENT_UNKNOWN)
        return lab_snapshot_error (error, "format", "missing before “%s”: this is not a Concurrency Lab "
                                   "snapshot", name);
      if (big && !check_version (p, error))
        return FALSE;
      if (head_only && p->info->kind == LAB_DOCUMENT_SNAPSHOT && p->have_summary &&
          (g_str_equal (name, "series") || g_str_equal (name, "workers") || g_str_equal (name, "tasks")))
        {
          stopped = TRUE;
          break;
        }

      token = lab_json_reader_next (p->json, error);
      if (token == LAB_JSON_TOKEN_NONE)
        return FALSE;

      if (g_str_equal (name, "format"))
        {
          const char *format;

          if (token != LAB_JSON_TOKEN_STRING)
            return lab_snapshot_wrong_type (error, "format", "a string", token);
          format = lab_json_reader_get_string (p->json, NULL);
          p->info->kind = kind_from_format (format);
          if (p->info->kind == LAB_DOCUMENT_UNKNOWN)
            return lab_snapshot_error (error, "format", "“%s” is not a Concurrency Lab document", format);
          if (!head_only && p->info->kind != LAB_DOCUMENT_SNAPSHOT)
            return lab_snapshot_error (error, "format", "this is a %s, not a run snapshot",
                                       p->info->kind == LAB_DOCUMENT_COMPARISON ? "comparison" : "sweep");
          if (!check_version (p, error))
            return FALSE;
        }
      else if (g_str_equal (name, "version"))
        {
          if (token != LAB_JSON_TOKEN_NUMBER)
            return lab_snapshot_wrong_type (error, "version", "an integer", token);
          if (!lab_json_reader_get_int64 (p->json, &p->info->version) || p->info->version < 1)
            return lab_snapshot_error (error, "version", "%s is not a format version",
                                       lab_json_reader_get_string (p->json, NULL));
          p->have_version = TRUE;
          if (!check_version (p, error))
            return FALSE;
        }
      else if (g_str_equal (name, "created"))
        {
          const char *text;

          if (token != LAB_JSON_TOKEN_STRING)
            return lab_snapshot_wrong_type (error, "created", "a date and time", token);
          text = lab_json_reader_get_string (p->json, NULL);
          g_clear_pointer (&p->info->created, g_date_time_unref);
          if ((p->info->created = g_date_time_new_from_iso8601 (text, NULL)) == NULL)
            return lab_snapshot_error (error, "created", "“%s” is not a date and time (ISO 8601)", text);
        }
      else if (p->info->kind != LAB_DOCUMENT_SNAPSHOT)
        {
          if (!lab_json_reader_skip_value (p->json, token, error))
            return FALSE;
        }
      else if (g_str_equal (name, "environment"))
        {
          if (token != LAB_JSON_TOKEN_BEGIN_OBJECT)
            return lab_snapshot_wrong_type (error, "environment", "an object", token);
          g_clear_pointer (&p->load.environment, json_node_unref);
          if ((p->load.environment = lab_json_reader_read_node (p->json, token, 1000, error)) == NULL)
            return FALSE;
        }
      else if (g_str_equal (name, "config"))
        {
          if (p->info->config != NULL)
            return lab_snapshot_error (error, "config", "given twice");
          if (!read_config (p, token, error))
            return FALSE;
        }
      else if (g_str_equal (name, "summary"))
        {
          g_autoptr(JsonNode) node = NULL;

          if (p->info->config == NULL)
            return lab_snapshot_error (error, "summary", "found before “config”");
          if (p->have_summary)
            return lab_snapshot_error (error, "summary", "given twice");
          if (token != LAB_JSON_TOKEN_BEGIN_OBJECT)
            return lab_snapshot_wrong_type (error, "summary", "an object", token);
          if ((node = lab_json_reader_read_node (p->json, token, 5000, error)) == NULL ||
              !read_summary (p, node, error))
            return FALSE;
        }
      else if (g_str_equal (name, "series") || g_str_equal (name, "tasks"))
        {
          gboolean series = name[0] == 's';

          if (!p->have_summary)
            return lab_snapshot_error (error, name, "found before “config” and “summary”");
          if (series ? p->have_series : p->have_tasks)
            return lab_snapshot_error (error, name, "given twice");
          if (token != (series ? LAB_JSON_TOKEN_BEGIN_OBJECT : LAB_JSON_TOKEN_BEGIN_ARRAY))
            return lab_snapshot_wrong_type (error, name, series ? "an object" : "an array", token);
          if (!(series ? lab_snapshot_parse_series : lab_snapshot_parse_tasks) (p, error))
            return FALSE;
        }
      else if (g_str_equal (name, "workers"))
        {
          /* recomputed from the records */
          if (token != LAB_JSON_TOKEN_BEGIN_ARRAY)
            return lab_snapshot_wrong_type (error, "workers", "an array", token);
          if (!lab_json_reader_skip_value (p->json, token, error))
            return FALSE;
        }
      else if (!lab_json_reader_skip_value (p->json, token, error))
        return FALSE;

      if (head_only && p->info->kind > LAB_DOCUMENT_SNAPSHOT && p->have_version &&
          p->info->created != NULL)
        stopped = TRUE;
    }

  if (!stopped)
    {
      if (token != LAB_JSON_TOKEN_END_OBJECT)
        return FALSE;
      if (!head_only && (token = lab_json_reader_next (p->json, error)) != LAB_JSON_TOKEN_END)
        return FALSE;
    }

  if (p->info->kind == LAB_DOCUMENT_UNKNOWN)
    return lab_snapshot_error (error, "format", "missing: this is not a Concurrency Lab snapshot");
  if (!p->have_version)
    return lab_snapshot_error (error, "version", "missing");
  if (p->info->kind != LAB_DOCUMENT_SNAPSHOT)
    return TRUE;
  if (p->info->config == NULL)
    return lab_snapshot_error (error, "config", "missing");
  if (!p->have_summary)
    return lab_snapshot_error (error, "summary", "missing");
  if (head_only)
    return TRUE;
  if (!p->have_series)
    return lab_snapshot_error (error, "series", "missing");
  if (!p->have_tasks)
    return lab_snapshot_error (error, "tasks", "missing");
  return TRUE;
}

/* Public API -------------------------------------------------------------- */

void
lab_snapshot_info_clear (LabSnapshotInfo *info)
{
  g_clear_pointer (&info->created, g_date_time_unref);
  g_clear_pointer (&info->config, lab_config_free);
  g_clear_pointer (&info->error, g_free);
  memset (info, 0, sizeof *info);
}

LabRun *
lab_snapshot_load (GInputStream  *stream,
                   GCancellable  *cancellable,
                   GError       **error)
{
  LabSnapshotInfo info = { 0 };
  LabSnapshotParse p = { 0 };
  LabRun *run = NULL;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  p.json = lab_json_reader_new (stream, cancellable);
  p.info = &info;

  if (parse_document (&p, FALSE, error))
    {
      if (info.created != NULL)
        p.load.created = g_date_time_ref (info.created);
      run = lab_run_new_loaded (&p.load);
    }

  lab_run_load_clear (&p.load);
  lab_snapshot_info_clear (&info);
  lab_json_reader_free (p.json);

  return run;
}

static GFileInputStream *
open_file (GFile         *file,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;

  if ((stream = g_file_read (file, cancellable, error)) == NULL)
    return NULL;
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, NULL);
  if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE) &&
      (guint64) g_file_info_get_size (info) > MAX_FILE_SIZE)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_SNAPSHOT,
                   "the file is too large to be a snapshot (more than 4 GiB)");
      return NULL;
    }
  return g_steal_pointer (&stream);
}

LabRun *
lab_snapshot_load_file (GFile         *file,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if ((stream = open_file (file, cancellable, error)) == NULL)
    return NULL;
  return lab_snapshot_load (G_INPUT_STREAM (stream), cancellable, error);
}

static void
load_file_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  LabRun *run = lab_snapshot_load_file (task_data, cancellable, &error);

  if (run == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, run, g_object_unref);
}

void
lab_snapshot_load_file_async (GFile               *file,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lab_snapshot_load_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_file_thread);
}

LabRun *
lab_snapshot_load_file_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lab_snapshot_load_file_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
lab_snapshot_read_info (GFile            *file,
                        LabSnapshotInfo  *info,
                        GCancellable     *cancellable,
                        GError          **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  LabSnapshotParse p = { 0 };
  gboolean ok;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  memset (info, 0, sizeof *info);
  if ((stream = open_file (file, cancellable, error)) == NULL)
    return FALSE;

  p.json = lab_json_reader_new (G_INPUT_STREAM (stream), cancellable);
  p.info = info;
  p.head_only = TRUE;
  ok = parse_document (&p, TRUE, error);
  lab_run_load_clear (&p.load);
  lab_json_reader_free (p.json);

  if (!ok)
    lab_snapshot_info_clear (info);
  return ok;
}

LabDocumentKind
lab_document_kind_sniff (const char *data,
                         gsize       length)
{
  static const char key[] = "\"format\"";
  const char *end, *p, *value;

  if (data == NULL)
    return LAB_DOCUMENT_UNKNOWN;
  end = data + MIN (length, 4096);

  for (p = data; p + sizeof key - 1 <= end; p++)
    {
      if (memcmp (p, key, sizeof key - 1) != 0)
        continue;
      p += sizeof key - 1;
      while (p < end && g_ascii_isspace (*p))
        p++;
      if (p >= end || *p++ != ':')
        return LAB_DOCUMENT_UNKNOWN;
      while (p < end && g_ascii_isspace (*p))
        p++;
      if (p >= end || *p++ != '"')
        return LAB_DOCUMENT_UNKNOWN;
      for (value = p; p < end && *p != '"'; p++)
        ;
      if (p >= end)
        return LAB_DOCUMENT_UNKNOWN;
      {
        g_autofree char *format = g_strndup (value, p - value);
        return kind_from_format (format);
      }
    }
  return LAB_DOCUMENT_UNKNOWN;
}
