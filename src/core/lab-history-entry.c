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
#include "lab-history-entry-private.h"
#include "lab-snapshot.h"

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

LabHistoryEntry *
lab_history_entry_new_empty (const char      *file_name,
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

  self = lab_history_entry_new_empty (file_name, LAB_DOCUMENT_SNAPSHOT, lab_run_get_created (run));
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

  self = lab_history_entry_new_empty (file_name, LAB_DOCUMENT_SNAPSHOT, info->created);
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

  self = lab_history_entry_new_empty (file_name, LAB_DOCUMENT_COMPARISON, created);
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

  self = lab_history_entry_new_empty (file_name, LAB_DOCUMENT_SWEEP, created);
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
