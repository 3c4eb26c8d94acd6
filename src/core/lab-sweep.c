/* lab-sweep.c
 *
 * A sweep keeps, for every run, its summary (never its records), and the
 * worker counts it was asked for, sorted and each once. What is derived
 * from the runs (statistics per count, the Amdahl fit, the saturation
 * point, warnings) is in lab-sweep-stats.c; its outputs in
 * lab-sweep-json.c, lab-sweep-load.c and lab-sweep-format.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lab-environment.h"
#include "lab-sweep-private.h"

G_DEFINE_FINAL_TYPE (LabSweep, lab_sweep, G_TYPE_OBJECT)

static void
sweep_run_free (LabSweepRun *run)
{
  g_free (run->http_status_counts);
  g_free (run->error);
  g_free (run);
}

static void
lab_sweep_finalize (GObject *object)
{
  LabSweep *self = (LabSweep *) object;

  g_clear_pointer (&self->base, lab_config_free);
  g_clear_pointer (&self->workers, g_array_unref);
  g_clear_pointer (&self->runs, g_ptr_array_unref);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->environment, json_node_unref);
  g_clear_pointer (&self->points, g_free);

  G_OBJECT_CLASS (lab_sweep_parent_class)->finalize (object);
}

static void
lab_sweep_class_init (LabSweepClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lab_sweep_finalize;
}

static void
lab_sweep_init (LabSweep *self)
{
  self->workers = g_array_new (FALSE, FALSE, sizeof (guint));
  self->runs = g_ptr_array_new_with_free_func ((GDestroyNotify) sweep_run_free);
  self->created = g_date_time_new_now_utc ();
  self->cores = lab_environment_get_current ()->cores;
}

static int
compare_uints (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;
  return x < y ? -1 : x > y;
}

LabSweep *
lab_sweep_new (const LabConfig *base,
               const guint     *workers,
               guint            n_workers,
               guint            runs_per_point)
{
  LabSweep *self;

  g_return_val_if_fail (base != NULL, NULL);
  g_return_val_if_fail (base->model != LAB_MODEL_SEQUENTIAL, NULL);
  g_return_val_if_fail (workers != NULL && n_workers > 0, NULL);
  g_return_val_if_fail (runs_per_point > 0, NULL);

  self = g_object_new (LAB_TYPE_SWEEP, NULL);
  self->base = lab_config_copy (base);
  self->runs_per_point = runs_per_point;

  for (guint i = 0; i < n_workers; i++)
    {
      g_return_val_if_fail (workers[i] > 0, self);
      g_array_append_val (self->workers, workers[i]);
    }
  g_array_sort (self->workers, compare_uints);
  for (guint i = 1; i < self->workers->len;)
    {
      if (g_array_index (self->workers, guint, i) == g_array_index (self->workers, guint, i - 1))
        g_array_remove_index (self->workers, i);
      else
        i++;
    }
  if (self->workers->len > LAB_SWEEP_MAX_POINTS)
    {
      g_critical ("%s: %u worker counts, more than %u", G_STRFUNC, self->workers->len, LAB_SWEEP_MAX_POINTS);
      g_array_set_size (self->workers, LAB_SWEEP_MAX_POINTS);
    }

  return self;
}

const LabConfig *
lab_sweep_get_base (LabSweep *self)
{
  g_return_val_if_fail (LAB_IS_SWEEP (self), NULL);
  return self->base;
}

guint
lab_sweep_get_n_points (LabSweep *self)
{
  g_return_val_if_fail (LAB_IS_SWEEP (self), 0);
  return self->workers->len;
}

guint
lab_sweep_get_point_workers (LabSweep *self,
                             guint     i)
{
  g_return_val_if_fail (LAB_IS_SWEEP (self), 0);
  g_return_val_if_fail (i < self->workers->len, 0);
  return g_array_index (self->workers, guint, i);
}

guint
lab_sweep_get_runs_per_point (LabSweep *self)
{
  g_return_val_if_fail (LAB_IS_SWEEP (self), 0);
  return self->runs_per_point;
}

guint
lab_sweep_get_n_runs (LabSweep *self)
{
  g_return_val_if_fail (LAB_IS_SWEEP (self), 0);
  return self->runs->len;
}

guint
lab_sweep_get_cores (LabSweep *self)
{
  g_return_val_if_fail (LAB_IS_SWEEP (self), 0);
  return self->cores;
}

GDateTime *
lab_sweep_get_created (LabSweep *self)
{
  g_return_val_if_fail (LAB_IS_SWEEP (self), NULL);
  return self->created;
}

LabConfig *
lab_sweep_dup_point_config (LabSweep *self,
                            guint     i)
{
  LabConfig *config;

  g_return_val_if_fail (LAB_IS_SWEEP (self), NULL);
  g_return_val_if_fail (i < self->workers->len, NULL);

  config = lab_config_copy (self->base);
  config->workers = g_array_index (self->workers, guint, i);
  return config;
}

static guint
count_point_runs (LabSweep *self,
                  guint     point)
{
  guint n = 0;

  for (guint i = 0; i < self->runs->len; i++)
    if (((LabSweepRun *) g_ptr_array_index (self->runs, i))->point == point)
      n++;
  return n;
}

void
lab_sweep_take_run (LabSweep         *self,
                    guint             point,
                    guint             repetition,
                    const LabSummary *summary,
                    guint64          *http_status_counts,
                    char             *error_message)
{
  LabSweepRun *entry = g_new0 (LabSweepRun, 1);

  entry->point = point;
  entry->repetition = repetition;
  entry->order = self->runs->len + 1;
  entry->summary = *summary;
  entry->http_status_counts = http_status_counts;
  entry->error = error_message;
  g_ptr_array_add (self->runs, entry);
  g_clear_pointer (&self->points, g_free);
}

void
lab_sweep_add_run (LabSweep *self,
                   guint     point,
                   LabRun   *run)
{
  LabSummary summary;
  guint64 *http_status_counts = NULL;
  const GError *error;

  g_return_if_fail (LAB_IS_SWEEP (self));
  g_return_if_fail (point < self->workers->len);
  g_return_if_fail (LAB_IS_RUN (run));

  lab_run_get_summary (run, &summary);
  if (lab_run_get_config (run)->workload == LAB_WORKLOAD_URL)
    {
      lab_run_lock (run);
      http_status_counts = g_memdup2 (lab_run_peek_http_status_counts (run),
                                      LAB_HTTP_STATUS_MAX * sizeof (guint64));
      lab_run_unlock (run);
    }
  error = lab_run_get_error (run);

  lab_sweep_take_run (self, point, count_point_runs (self, point) + 1, &summary, http_status_counts,
                      error != NULL ? g_strdup (error->message) : NULL);
}

gboolean
lab_sweep_is_complete (LabSweep *self)
{
  g_return_val_if_fail (LAB_IS_SWEEP (self), FALSE);
  return self->runs->len >= self->workers->len * self->runs_per_point;
}

gboolean
lab_sweep_run_is_used (const LabSweepRun *run)
{
  return run->summary.state == LAB_RUN_STATE_DONE;
}

char *
lab_sweep_describe_workers (guint workers)
{
  return g_strdup_printf ("%u %s", workers, workers == 1 ? "worker" : "workers");
}
