/* lab-snapshot-reader-tasks.c: the large parts of a snapshot — the time
 * series and the task records — read straight into arrays, checked as they
 * come, so that no absurd size is ever allocated: the records of a run can
 * be no more than config.count, the bins no more than the wall time allows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-snapshot-reader-private.h"

/* A live run's CPU sampler may fall a little behind at the very end. */
#define SERIES_LAG_BINS 50

static const char *series_names[] = {
  "done", "failed", "cancelled", "bytes", "in_flight", "cpu", "loop_lag_ms",
};
enum { SERIES_CPU = 5, SERIES_LOOP_LAG = 6 };

static gboolean
read_series_array (LabSnapshotParse *p,
                   const char       *name,
                   guint64           max_bins,
                   GArray           *values,
                   guint64          *n_values,
                   GError          **error)
{
  LabJsonToken token;
  guint64 n = 0;
  char path[64];

  while ((token = lab_json_reader_next (p->json, error)) != LAB_JSON_TOKEN_END_ARRAY)
    {
      double value = NAN;

      g_snprintf (path, sizeof path, "series.%s[%" G_GUINT64_FORMAT "]", name, n);
      if (token == LAB_JSON_TOKEN_NUMBER)
        {
          value = lab_json_reader_get_double (p->json);
          if (!isfinite (value) || value < 0 || value > (double) LAB_SNAPSHOT_MAX_BYTES)
            return lab_snapshot_error (error, path, "%s is out of range",
                                       lab_json_reader_get_string (p->json, NULL));
        }
      else if (token != LAB_JSON_TOKEN_NULL)
        return lab_snapshot_wrong_type (error, path, "a number or null", token);

      if (++n > max_bins)
        return lab_snapshot_error (error, path, "more bins than a run of %g s has",
                                   p->info->summary.wall_seconds);
      if (values != NULL)
        g_array_append_val (values, value);
    }

  *n_values = n;
  return TRUE;
}

gboolean
lab_snapshot_parse_series (LabSnapshotParse *p,
                           GError          **error)
{
  guint64 lengths[G_N_ELEMENTS (series_names)] = { 0 };
  gboolean seen[G_N_ELEMENTS (series_names)] = { FALSE };
  guint64 max_bins = (guint64) p->load.wall_us / LAB_RUN_BIN_WIDTH + 2;
  guint64 min_bins = (guint64) p->load.wall_us / LAB_RUN_BIN_WIDTH;
  LabJsonToken token;

  g_clear_pointer (&p->load.cpu_bins, g_array_unref);
  g_clear_pointer (&p->load.loop_lag_bins, g_array_unref);
  p->load.cpu_bins = g_array_new (FALSE, FALSE, sizeof (double));
  p->load.loop_lag_bins = g_array_new (FALSE, FALSE, sizeof (double));

  while ((token = lab_json_reader_next (p->json, error)) == LAB_JSON_TOKEN_MEMBER)
    {
      g_autofree char *name = g_strdup (lab_json_reader_get_string (p->json, NULL));
      guint column = G_N_ELEMENTS (series_names);

      for (guint i = 0; i < G_N_ELEMENTS (series_names); i++)
        if (g_str_equal (name, series_names[i]))
          column = i;

      token = lab_json_reader_next (p->json, error);

      if (g_str_equal (name, "bin_seconds"))
        {
          if (token != LAB_JSON_TOKEN_NUMBER)
            return lab_snapshot_wrong_type (error, "series.bin_seconds", "a number", token);
          if (fabs (lab_json_reader_get_double (p->json) - LAB_RUN_BIN_WIDTH / 1e6) > 1e-9)
            return lab_snapshot_error (error, "series.bin_seconds", "%s is not supported (only %g)",
                                       lab_json_reader_get_string (p->json, NULL),
                                       LAB_RUN_BIN_WIDTH / 1e6);
        }
      else if (column < G_N_ELEMENTS (series_names))
        {
          char path[32];
          GArray *values = column == SERIES_CPU ? p->load.cpu_bins
                         : column == SERIES_LOOP_LAG ? p->load.loop_lag_bins : NULL;

          g_snprintf (path, sizeof path, "series.%s", name);
          if (seen[column])
            return lab_snapshot_error (error, path, "given twice");
          if (token != LAB_JSON_TOKEN_BEGIN_ARRAY)
            return lab_snapshot_wrong_type (error, path, "an array", token);
          if (!read_series_array (p, name, max_bins, values, &lengths[column], error))
            return FALSE;
          seen[column] = TRUE;
        }
      else if (!lab_json_reader_skip_value (p->json, token, error))
        return FALSE;
    }
  if (token != LAB_JSON_TOKEN_END_OBJECT)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (series_names); i++)
    {
      char path[32];

      g_snprintf (path, sizeof path, "series.%s", series_names[i]);
      if (!seen[i])
        return lab_snapshot_error (error, path, "missing");
      if (lengths[i] != lengths[0])
        return lab_snapshot_error (error, path, "%" G_GUINT64_FORMAT " bins, but series.done has %"
                                   G_GUINT64_FORMAT, lengths[i], lengths[0]);
    }
  if (lengths[0] + SERIES_LAG_BINS < min_bins)
    return lab_snapshot_error (error, "series.done", "%" G_GUINT64_FORMAT " bins are too few for a run "
                               "of %g s", lengths[0], p->info->summary.wall_seconds);

  p->have_series = TRUE;
  return TRUE;
}

/* Tasks ------------------------------------------------------------------- */

enum {
  HAVE_INDEX  = 1 << 0,
  HAVE_WORKER = 1 << 1,
  HAVE_START  = 1 << 2,
  HAVE_END    = 1 << 3,
  HAVE_STATUS = 1 << 4,
  REQUIRED    = HAVE_INDEX | HAVE_WORKER | HAVE_START | HAVE_END | HAVE_STATUS,
};

typedef struct
{
  LabSnapshotParse *p;
  guint64           position;      /* in the array, for messages */
  guint64           count;
  guint             n_workers;
  gint64            max_end_us;
  guint8           *seen;
  guint64           bytes;         /* summed over the tasks so far */
} TaskContext;

static gboolean
task_error (TaskContext  *t,
            const char   *member,
            GError      **error,
            const char   *format,
            ...) G_GNUC_PRINTF (4, 5);

static gboolean
task_error (TaskContext  *t,
            const char   *member,
            GError      **error,
            const char   *format,
            ...)
{
  g_autofree char *message = NULL;
  char path[96];
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_snprintf (path, sizeof path, "tasks[%" G_GUINT64_FORMAT "]%s%s", t->position,
              member != NULL ? "." : "", member != NULL ? member : "");
  return lab_snapshot_error (error, path, "%s", message);
}

static gboolean
task_wrong_type (TaskContext   *t,
                 const char    *member,
                 const char    *expected,
                 LabJsonToken   found,
                 GError       **error)
{
  if (found == LAB_JSON_TOKEN_NONE)
    return FALSE;
  return task_error (t, member, error, "expected %s, found %s", expected, lab_json_token_describe (found));
}

/* A time in ms written with 3 decimals, as µs, in [0, max]. */
static gboolean
read_time (TaskContext   *t,
           const char    *member,
           LabJsonToken   token,
           gint64         max,
           gint64        *out,
           GError       **error)
{
  gint64 value;

  if (token != LAB_JSON_TOKEN_NUMBER)
    return task_wrong_type (t, member, "a number", token, error);
  if (!lab_json_reader_get_fixed (t->p->json, 3, &value) || value < 0 || value > max)
    return task_error (t, member, error, "%s is out of range",
                       lab_json_reader_get_string (t->p->json, NULL));
  *out = value;
  return TRUE;
}

static gboolean
read_uint (TaskContext   *t,
           const char    *member,
           LabJsonToken   token,
           guint64        max,
           guint64       *out,
           GError       **error)
{
  if (token != LAB_JSON_TOKEN_NUMBER)
    return task_wrong_type (t, member, "an integer", token, error);
  if (!lab_json_reader_get_uint64 (t->p->json, out) || *out > max)
    return task_error (t, member, error, "%s is out of range (0 to %" G_GUINT64_FORMAT ")",
                       lab_json_reader_get_string (t->p->json, NULL), max);
  return TRUE;
}

static gboolean
read_member (TaskContext    *t,
             const char     *name,
             LabJsonToken    token,
             LabTaskRecord  *r,
             guint          *have,
             GError        **error)
{
  LabJsonReader *json = t->p->json;
  guint64 u;
  gint64 us;

  if (strcmp (name, "index") == 0)
    {
      if (!read_uint (t, name, token, t->count - 1, &r->index, error))
        return FALSE;
      *have |= HAVE_INDEX;
    }
  else if (strcmp (name, "worker") == 0)
    {
      if (token == LAB_JSON_TOKEN_NULL)
        r->worker = LAB_WORKER_NONE;
      else if (token != LAB_JSON_TOKEN_NUMBER)
        return task_wrong_type (t, name, "an integer or null", token, error);
      else if (!read_uint (t, name, token, t->n_workers - 1, &u, error))
        return FALSE;
      else
        r->worker = u;
      *have |= HAVE_WORKER;
    }
  else if (strcmp (name, "start_ms") == 0 || strcmp (name, "end_ms") == 0)
    {
      gboolean start = name[0] == 's';

      if (!read_time (t, name, token, t->max_end_us, start ? &r->start_us : &r->end_us, error))
        return FALSE;
      *have |= start ? HAVE_START : HAVE_END;
    }
  else if (strcmp (name, "status") == 0)
    {
      LabTaskStatus status;

      if (token != LAB_JSON_TOKEN_STRING)
        return task_wrong_type (t, name, "a string", token, error);
      if (!lab_task_status_from_string (lab_json_reader_get_string (json, NULL), &status))
        return task_error (t, name, error, "“%s” is not ok, failed, timed-out or cancelled",
                           lab_json_reader_get_string (json, NULL));
      r->status = status;
      *have |= HAVE_STATUS;
    }
  else if (strcmp (name, "error") == 0)
    {
      if (token == LAB_JSON_TOKEN_STRING)
        r->message_id = lab_message_intern (lab_json_reader_get_string (json, NULL));
      else if (token != LAB_JSON_TOKEN_NULL)
        return task_wrong_type (t, name, "a string or null", token, error);
    }
  else if (strcmp (name, "is_prime") == 0)
    {
      if (token == LAB_JSON_TOKEN_TRUE || token == LAB_JSON_TOKEN_FALSE)
        r->is_prime = token == LAB_JSON_TOKEN_TRUE;
      else if (token != LAB_JSON_TOKEN_NULL)
        return task_wrong_type (t, name, "true, false or null", token, error);
    }
  else if (strcmp (name, "http_status") == 0)
    {
      if (token == LAB_JSON_TOKEN_NULL)
        r->http_status = 0;
      else if (!read_uint (t, name, token, G_MAXUINT16, &u, error))
        return FALSE;
      else
        r->http_status = u;
    }
  else if (strcmp (name, "bytes") == 0)
    {
      if (!read_uint (t, name, token, LAB_SNAPSHOT_MAX_BYTES, &r->bytes, error))
        return FALSE;
      /* so that the series' bytes, made again from the tasks, stay in
       * the range their own reader accepts */
      t->bytes += r->bytes;
      if (t->bytes > LAB_SNAPSHOT_MAX_BYTES)
        return task_error (t, name, error, "the tasks read more than %" G_GUINT64_FORMAT " bytes in all; "
                           "no run reads that much", LAB_SNAPSHOT_MAX_BYTES);
    }
  else if (strcmp (name, "ttfb_ms") == 0 || strcmp (name, "gil_wait_ms") == 0)
    {
      if (token == LAB_JSON_TOKEN_NULL && name[0] == 't')
        us = 0;
      else if (!read_time (t, name, token, G_MAXUINT32, &us, error))
        return FALSE;
      if (name[0] == 't')
        r->ttfb_us = us;
      else
        r->gil_wait_us = us;
    }
  else if (!lab_json_reader_skip_value (json, token, error))
    return FALSE;

  return TRUE;
}

static gboolean
read_task (TaskContext    *t,
           LabTaskRecord  *r,
           GError        **error)
{
  static const struct { guint bit; const char *name; } required[] = {
    { HAVE_INDEX, "index" }, { HAVE_WORKER, "worker" }, { HAVE_START, "start_ms" },
    { HAVE_END, "end_ms" }, { HAVE_STATUS, "status" },
  };
  LabJsonToken token;
  guint have = 0;

  memset (r, 0, sizeof *r);
  r->worker = LAB_WORKER_NONE;

  while ((token = lab_json_reader_next (t->p->json, error)) == LAB_JSON_TOKEN_MEMBER)
    {
      char name[16];
      gsize length;
      const char *text = lab_json_reader_get_string (t->p->json, &length);

      /* every member we know has a short name */
      if (length >= sizeof name)
        {
          token = lab_json_reader_next (t->p->json, error);
          if (!lab_json_reader_skip_value (t->p->json, token, error))
            return FALSE;
          continue;
        }
      memcpy (name, text, length + 1);
      token = lab_json_reader_next (t->p->json, error);
      if (token == LAB_JSON_TOKEN_NONE || !read_member (t, name, token, r, &have, error))
        return FALSE;
    }
  if (token != LAB_JSON_TOKEN_END_OBJECT)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (!(have & required[i].bit))
      return task_error (t, required[i].name, error, "missing");

  if (t->seen[r->index / 8] & (1u << (r->index % 8)))
    return task_error (t, "index", error, "task %" G_GUINT64_FORMAT " is recorded twice", r->index);
  t->seen[r->index / 8] |= 1u << (r->index % 8);

  if (r->end_us < r->start_us)
    return task_error (t, "end_ms", error, "the task ends before it starts");
  return TRUE;
}

gboolean
lab_snapshot_parse_tasks (LabSnapshotParse *p,
                          GError          **error)
{
  const LabConfig *config = p->info->config;
  const LabSummary *s = &p->info->summary;
  g_autofree guint8 *seen = NULL;
  guint64 counts[LAB_N_TASK_STATUSES] = { 0 };
  TaskContext t = { p, 0 };
  LabJsonToken token;
  GArray *records;

  t.count = config->count;
  t.n_workers = lab_config_get_effective_workers (config);
  t.max_end_us = p->load.wall_us + LAB_SNAPSHOT_TIME_SLACK_US;
  t.seen = seen = g_malloc0 ((config->count + 7) / 8);

  g_clear_pointer (&p->load.records, g_array_unref);
  records = p->load.records =
    g_array_sized_new (FALSE, FALSE, sizeof (LabTaskRecord), MIN (config->count, 4096));

  while ((token = lab_json_reader_next (p->json, error)) != LAB_JSON_TOKEN_END_ARRAY)
    {
      LabTaskRecord *r;

      if (token != LAB_JSON_TOKEN_BEGIN_OBJECT)
        return task_wrong_type (&t, NULL, "an object", token, error);
      if (records->len >= config->count)
        return lab_snapshot_error (error, "tasks", "more records than config.count (%" G_GUINT64_FORMAT ")",
                                   config->count);

      g_array_set_size (records, records->len + 1);
      r = &g_array_index (records, LabTaskRecord, records->len - 1);
      if (!read_task (&t, r, error))
        return FALSE;
      counts[r->status]++;
      t.position++;
    }

  if (records->len != config->count)
    return lab_snapshot_error (error, "tasks", "%u records, but config.count is %" G_GUINT64_FORMAT,
                               records->len, config->count);
  if (counts[LAB_TASK_OK] != s->tasks_ok || counts[LAB_TASK_FAILED] != s->tasks_failed ||
      counts[LAB_TASK_TIMED_OUT] != s->tasks_timed_out || counts[LAB_TASK_CANCELLED] != s->tasks_cancelled)
    return lab_snapshot_error (error, "summary", "the task counts (%" G_GUINT64_FORMAT " ok, %"
                               G_GUINT64_FORMAT " failed, %" G_GUINT64_FORMAT " timed out, %"
                               G_GUINT64_FORMAT " cancelled) do not match the records (%"
                               G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT
                               ", %" G_GUINT64_FORMAT ")",
                               s->tasks_ok, s->tasks_failed, s->tasks_timed_out, s->tasks_cancelled,
                               counts[0], counts[1], counts[2], counts[3]);

  p->have_tasks = TRUE;
  return TRUE;
}
