/* lab-history-entry.c
 *
 * An entry is what the index keeps of one file of the history: enough to
 * list it (kind, title, workload, models, workers, date) and its headline
 * numbers. The title is the only thing a person changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-error.h"
#include "lab-history-entry.h"
#include "lab-snapshot.h"

struct _LabHistoryEntry
{
  GObject          parent_instance;

  char            *file_name;
  LabDocumentKind  kind;
  char            *title;
  LabWorkloadKind  workload;
  char           **models;
  guint            workers;
  guint            workers_min;
  GDateTime       *created;
  char            *state;

  double           wall_seconds;
  double           throughput;
  gint64           tasks_ok;
  gint64           tasks_failed;
  double           p99_ms;
  double           speedup;
};

G_DEFINE_FINAL_TYPE (LabHistoryEntry, lab_history_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
lab_history_entry_finalize (GObject *object)
{
  LabHistoryEntry *self = (LabHistoryEntry *) object;

  g_clear_pointer (&self->file_name, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->models, g_strfreev);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->state, g_free);

  G_OBJECT_CLASS (lab_history_entry_parent_class)->finalize (object);
}

static void
lab_history_entry_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LabHistoryEntry *self = LAB_HISTORY_ENTRY (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_history_entry_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  LabHistoryEntry *self = LAB_HISTORY_ENTRY (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      lab_history_entry_set_title (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_history_entry_class_init (LabHistoryEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lab_history_entry_finalize;
  object_class->get_property = lab_history_entry_get_property;
  object_class->set_property = lab_history_entry_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lab_history_entry_init (LabHistoryEntry *self)
{
  self->wall_seconds = NAN;
  self->throughput = NAN;
  self->p99_ms = NAN;
  self->speedup = NAN;
  self->tasks_ok = -1;
  self->tasks_failed = -1;
}

static LabHistoryEntry *
entry_new (const char      *file_name,
           LabDocumentKind  kind,
           GDateTime       *created)
{
  LabHistoryEntry *self = g_object_new (LAB_TYPE_HISTORY_ENTRY, NULL);

  self->file_name = g_strdup (file_name);
  self->kind = kind;
  self->created = created ? g_date_time_ref (created) : g_date_time_new_now_utc ();
  return self;
}

static void
set_from_summary (LabHistoryEntry  *self,
                  const LabConfig  *config,
                  const LabSummary *s)
{
  self->workload = config->workload;
  self->models = g_new0 (char *, 2);
  self->models[0] = g_strdup (lab_model_to_string (config->model));
  self->workers = self->workers_min = lab_config_get_effective_workers (config);
  self->state = g_strdup (lab_run_state_to_string (s->state));
  self->wall_seconds = s->wall_seconds;
  self->throughput = s->throughput_per_second;
  self->tasks_ok = (gint64) s->tasks_ok;
  self->tasks_failed = (gint64) (s->tasks_failed + s->tasks_timed_out);
  self->p99_ms = s->latency_ms.p99;
  self->title = lab_history_entry_dup_default_title (self);
}

LabHistoryEntry *
lab_history_entry_new_for_run (const char *file_name,
                               LabRun     *run)
{
  LabHistoryEntry *self;
  LabSummary summary;

  g_return_val_if_fail (file_name != NULL, NULL);
  g_return_val_if_fail (LAB_IS_RUN (run), NULL);

  self = entry_new (file_name, LAB_DOCUMENT_SNAPSHOT, lab_run_get_created (run));
  lab_run_get_summary (run, &summary);
  set_from_summary (self, lab_run_get_config (run), &summary);
  return self;
}

LabHistoryEntry *
lab_history_entry_new_for_info (const char            *file_name,
                                const LabSnapshotInfo *info)
{
  LabHistoryEntry *self;

  g_return_val_if_fail (file_name != NULL, NULL);
  g_return_val_if_fail (info != NULL && info->kind == LAB_DOCUMENT_SNAPSHOT && info->config != NULL, NULL);

  self = entry_new (file_name, LAB_DOCUMENT_SNAPSHOT, info->created);
  set_from_summary (self, info->config, &info->summary);
  return self;
}

LabHistoryEntry *
lab_history_entry_new_for_comparison (const char    *file_name,
                                      LabComparison *comparison,
                                      GDateTime     *created)
{
  LabHistoryEntry *self;
  guint n_models;
  double best_wall = INFINITY;

  g_return_val_if_fail (file_name != NULL, NULL);
  g_return_val_if_fail (LAB_IS_COMPARISON (comparison), NULL);

  self = entry_new (file_name, LAB_DOCUMENT_COMPARISON, created);
  n_models = lab_comparison_get_n_models (comparison);
  self->models = g_new0 (char *, n_models + 1);
  self->workers_min = G_MAXUINT;

  for (guint i = 0; i < n_models; i++)
    {
      LabModel model = lab_comparison_get_model (comparison, i);
      g_autoptr(LabConfig) config = lab_comparison_dup_model_config (comparison, model);
      LabModelStats stats;

      lab_comparison_get_stats (comparison, model, &stats);
      self->models[i] = g_strdup (lab_model_to_string (model));
      self->workload = config->workload;
      if (model != LAB_MODEL_SEQUENTIAL || n_models == 1)
        {
          self->workers = MAX (self->workers, stats.workers);
          self->workers_min = MIN (self->workers_min, stats.workers);
        }
      if (stats.n_used > 0 && stats.wall_seconds.mean < best_wall)
        {
          best_wall = stats.wall_seconds.mean;
          self->wall_seconds = stats.wall_seconds.mean;
          self->throughput = stats.throughput_per_second.mean;
          self->p99_ms = stats.latency_p99_ms.n > 0 ? stats.latency_p99_ms.mean : NAN;
        }
      if (stats.has_speedup && model != LAB_MODEL_SEQUENTIAL &&
          (isnan (self->speedup) || stats.speedup > self->speedup))
        self->speedup = stats.speedup;
    }

  if (self->workers_min == G_MAXUINT)
    self->workers_min = self->workers;
  self->title = lab_history_entry_dup_default_title (self);
  return self;
}

LabHistoryEntry *
lab_history_entry_new_for_sweep (const char *file_name,
                                 LabSweep   *sweep,
                                 GDateTime  *created)
{
  LabHistoryEntry *self;
  const LabConfig *base;
  guint n_points;

  g_return_val_if_fail (file_name != NULL, NULL);
  g_return_val_if_fail (LAB_IS_SWEEP (sweep), NULL);

  self = entry_new (file_name, LAB_DOCUMENT_SWEEP, created);
  base = lab_sweep_get_base (sweep);
  self->workload = base->workload;
  self->models = g_new0 (char *, 2);
  self->models[0] = g_strdup (lab_model_to_string (base->model));
  self->workers_min = G_MAXUINT;

  n_points = lab_sweep_get_n_points (sweep);
  for (guint i = 0; i < n_points; i++)
    {
      LabSweepPoint point;

      lab_sweep_get_point (sweep, i, &point);
      self->workers = MAX (self->workers, point.workers);
      self->workers_min = MIN (self->workers_min, point.workers);
      if (point.n_used > 0 &&
          (isnan (self->throughput) || point.throughput_per_second.mean > self->throughput))
        {
          self->throughput = point.throughput_per_second.mean;
          self->wall_seconds = point.wall_seconds.mean;
          self->p99_ms = point.latency_p99_ms.mean;
        }
      if (point.n_used > 0 && isfinite (point.speedup) &&
          (isnan (self->speedup) || point.speedup > self->speedup))
        self->speedup = point.speedup;
    }

  if (self->workers_min == G_MAXUINT)
    self->workers_min = self->workers;
  self->title = lab_history_entry_dup_default_title (self);
  return self;
}

char *
lab_history_entry_dup_default_title (LabHistoryEntry *self)
{
  g_autofree char *models = NULL;

  g_return_val_if_fail (LAB_IS_HISTORY_ENTRY (self), NULL);

  models = self->models ? g_strjoinv (", ", self->models) : g_strdup ("");

  if (self->workers_min != self->workers)
    return g_strdup_printf ("%s · %s · %u–%u workers", lab_workload_kind_to_string (self->workload),
                            models, self->workers_min, self->workers);
  return g_strdup_printf ("%s · %s · %u %s", lab_workload_kind_to_string (self->workload),
                          models, self->workers, self->workers == 1 ? "worker" : "workers");
}

/* The index */

static const char * const kind_names[] = {
  [LAB_DOCUMENT_UNKNOWN] = "unknown",
  [LAB_DOCUMENT_SNAPSHOT] = "run",
  [LAB_DOCUMENT_COMPARISON] = "comparison",
  [LAB_DOCUMENT_SWEEP] = "sweep",
};

const char *
lab_history_kind_to_string (LabDocumentKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

gboolean
lab_history_kind_from_string (const char      *str,
                              LabDocumentKind *kind)
{
  for (guint i = LAB_DOCUMENT_SNAPSHOT; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (str, kind_names[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

static void
add_number (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  if (!isfinite (value))
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

JsonNode *
lab_history_entry_to_json (LabHistoryEntry *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *created = NULL;

  g_return_val_if_fail (LAB_IS_HISTORY_ENTRY (self), NULL);

  created = lab_snapshot_format_time (self->created);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, self->file_name);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, lab_history_kind_to_string (self->kind));
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, self->title);
  json_builder_set_member_name (builder, "workload");
  json_builder_add_string_value (builder, lab_workload_kind_to_string (self->workload));
  json_builder_set_member_name (builder, "models");
  json_builder_begin_array (builder);
  for (guint i = 0; self->models && self->models[i]; i++)
    json_builder_add_string_value (builder, self->models[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "workers");
  json_builder_add_int_value (builder, self->workers);
  json_builder_set_member_name (builder, "workers_min");
  json_builder_add_int_value (builder, self->workers_min);
  json_builder_set_member_name (builder, "created");
  json_builder_add_string_value (builder, created);
  if (self->state != NULL)
    {
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, self->state);
    }
  add_number (builder, "wall_seconds", self->wall_seconds);
  add_number (builder, "throughput_per_second", self->throughput);
  if (self->tasks_ok >= 0)
    {
      json_builder_set_member_name (builder, "tasks_ok");
      json_builder_add_int_value (builder, self->tasks_ok);
      json_builder_set_member_name (builder, "tasks_failed");
      json_builder_add_int_value (builder, self->tasks_failed);
    }
  add_number (builder, "latency_p99_ms", self->p99_ms);
  add_number (builder, "speedup", self->speedup);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static const char *
get_string (JsonObject  *object,
            const char  *name,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      lab_error_set (error, LAB_ERROR_SNAPSHOT, "%s: expected a string", name);
      return NULL;
    }
  return json_node_get_string (node);
}

static gboolean
get_number (JsonObject *object,
            const char *name,
            double      min,
            double      max,
            double     *value,
            GError    **error)
{
  JsonNode *node = json_object_get_member (object, name);
  GType type;

  if (node == NULL)
    return TRUE;   /* optional: NAN or -1 stays */

  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return lab_error_set (error, LAB_ERROR_SNAPSHOT, "%s: expected a number", name), FALSE;

  *value = json_node_get_double (node);
  if (!isfinite (*value) || *value < min || *value > max)
    return lab_error_set (error, LAB_ERROR_SNAPSHOT, "%s: %g is out of range", name, *value), FALSE;
  return TRUE;
}

LabHistoryEntry *
lab_history_entry_new_from_json (JsonObject  *object,
                                 GError     **error)
{
  g_autoptr(LabHistoryEntry) self = NULL;
  g_autoptr(GDateTime) created = NULL;
  const char *file, *kind, *title, *workload, *created_str;
  JsonNode *models;
  LabDocumentKind document_kind;
  double workers = 1, workers_min = NAN, tasks_ok = -1, tasks_failed = -1;

  if (!(file = get_string (object, "file", error)) ||
      !(kind = get_string (object, "kind", error)) ||
      !(title = get_string (object, "title", error)) ||
      !(workload = get_string (object, "workload", error)) ||
      !(created_str = get_string (object, "created", error)))
    return NULL;

  if (strchr (file, '/') != NULL || file[0] == '.' || !g_str_has_suffix (file, ".json"))
    return lab_error_set (error, LAB_ERROR_SNAPSHOT, "file: “%s” is not a file of the history", file), NULL;
  if (!lab_history_kind_from_string (kind, &document_kind))
    return lab_error_set (error, LAB_ERROR_SNAPSHOT, "kind: unknown kind “%s”", kind), NULL;
  if (!(created = g_date_time_new_from_iso8601 (created_str, NULL)))
    return lab_error_set (error, LAB_ERROR_SNAPSHOT, "created: “%s” is not a date", created_str), NULL;

  self = entry_new (file, document_kind, created);
  self->title = g_strdup (title);
  if (!lab_workload_kind_from_string (workload, &self->workload))
    return lab_error_set (error, LAB_ERROR_SNAPSHOT, "workload: unknown workload “%s”", workload), NULL;

  models = json_object_get_member (object, "models");
  if (models == NULL || !JSON_NODE_HOLDS_ARRAY (models))
    return lab_error_set (error, LAB_ERROR_SNAPSHOT, "models: expected an array"), NULL;
  {
    JsonArray *array = json_node_get_array (models);
    guint n = MIN (json_array_get_length (array), LAB_N_MODELS);

    self->models = g_new0 (char *, n + 1);
    for (guint i = 0; i < n; i++)
      {
        const char *name = json_array_get_string_element (array, i);
        LabModel model;

        if (name == NULL || !lab_model_from_string (name, &model))
          return lab_error_set (error, LAB_ERROR_SNAPSHOT, "models[%u]: expected a model", i), NULL;
        self->models[i] = g_strdup (name);
      }
  }

  if (json_object_has_member (object, "state"))
    {
      const char *state = get_string (object, "state", error);

      if (state == NULL)
        return NULL;
      self->state = g_strdup (state);
    }

  if (!get_number (object, "workers", 0, LAB_MAX_WORKERS, &workers, error) ||
      !get_number (object, "workers_min", 0, LAB_MAX_WORKERS, &workers_min, error) ||
      !get_number (object, "wall_seconds", 0, G_MAXDOUBLE, &self->wall_seconds, error) ||
      !get_number (object, "throughput_per_second", 0, G_MAXDOUBLE, &self->throughput, error) ||
      !get_number (object, "tasks_ok", 0, LAB_MAX_COUNT, &tasks_ok, error) ||
      !get_number (object, "tasks_failed", 0, LAB_MAX_COUNT, &tasks_failed, error) ||
      !get_number (object, "latency_p99_ms", 0, G_MAXDOUBLE, &self->p99_ms, error) ||
      !get_number (object, "speedup", 0, G_MAXDOUBLE, &self->speedup, error))
    return NULL;

  self->workers = (guint) workers;
  self->workers_min = isnan (workers_min) ? self->workers : (guint) workers_min;
  self->tasks_ok = (gint64) tasks_ok;
  self->tasks_failed = (gint64) tasks_failed;

  return g_steal_pointer (&self);
}

/* Getters */

const char *
lab_history_entry_get_file_name (LabHistoryEntry *self)
{
  g_return_val_if_fail (LAB_IS_HISTORY_ENTRY (self), NULL);
  return self->file_name;
}

LabDocumentKind
lab_history_entry_get_kind (LabHistoryEntry *self)
{
  g_return_val_if_fail (LAB_IS_HISTORY_ENTRY (self), LAB_DOCUMENT_UNKNOWN);
  return self->kind;
}

const char *
lab_history_entry_get_title (LabHistoryEntry *self)
{
  g_return_val_if_fail (LAB_IS_HISTORY_ENTRY (self), NULL);
  return self->title;
}

void
lab_history_entry_set_title (LabHistoryEntry *self,
                             const char      *title)
{
  g_return_if_fail (LAB_IS_HISTORY_ENTRY (self));

  if (title == NULL || g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

LabWorkloadKind
lab_history_entry_get_workload (LabHistoryEntry *self)
{
  g_return_val_if_fail (LAB_IS_HISTORY_ENTRY (self), LAB_WORKLOAD_PRIMES);
  return self->workload;
}

const char * const *
lab_history_entry_get_models (LabHistoryEntry *self)
{
  g_return_val_if_fail (LAB_IS_HISTORY_ENTRY (self), NULL);
  return (const char * const *) self->models;
}

guint
lab_history_entry_get_workers (LabHistoryEntry *self)
{
  g_return_val_if_fail (LAB_IS_HISTORY_ENTRY (self), 0);
  return self->workers;
}

guint
lab_history_entry_get_workers_min (LabHistoryEntry *self)
{
  g_return_val_if_fail (LAB_IS_HISTORY_ENTRY (self), 0);
  return self->workers_min;
}

GDateTime *
lab_history_entry_get_created (LabHistoryEntry *self)
{
  g_return_val_if_fail (LAB_IS_HISTORY_ENTRY (self), NULL);
  return self->created;
}

const char *
lab_history_entry_get_state (LabHistoryEntry *self)
{
  g_return_val_if_fail (LAB_IS_HISTORY_ENTRY (self), NULL);
  return self->state;
}

double
lab_history_entry_get_wall_seconds (LabHistoryEntry *self)
{
  g_return_val_if_fail (LAB_IS_HISTORY_ENTRY (self), NAN);
  return self->wall_seconds;
}

double
lab_history_entry_get_throughput (LabHistoryEntry *self)
{
  g_return_val_if_fail (LAB_IS_HISTORY_ENTRY (self), NAN);
  return self->throughput;
}

gint64
lab_history_entry_get_tasks_ok (LabHistoryEntry *self)
{
  g_return_val_if_fail (LAB_IS_HISTORY_ENTRY (self), -1);
  return self->tasks_ok;
}

gint64
lab_history_entry_get_tasks_failed (LabHistoryEntry *self)
{
  g_return_val_if_fail (LAB_IS_HISTORY_ENTRY (self), -1);
  return self->tasks_failed;
}

double
lab_history_entry_get_p99_ms (LabHistoryEntry *self)
{
  g_return_val_if_fail (LAB_IS_HISTORY_ENTRY (self), NAN);
  return self->p99_ms;
}

double
lab_history_entry_get_speedup (LabHistoryEntry *self)
{
  g_return_val_if_fail (LAB_IS_HISTORY_ENTRY (self), NAN);
  return self->speedup;
}
