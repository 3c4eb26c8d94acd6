/* lab-run-summary.c: reading a run — its records, bins and summary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-run-private.h"

/* Readers ------------------------------------------------------------------ */

void
lab_run_lock (LabRun *self)
{
  g_mutex_lock (&self->mutex);
}

void
lab_run_unlock (LabRun *self)
{
  g_mutex_unlock (&self->mutex);
}

const LabTaskRecord *
lab_run_peek_records (LabRun *self,
                      gsize  *n_records)
{
  *n_records = self->records->len;
  return (const LabTaskRecord *) (gpointer) self->records->data;
}

const LabSeriesBin *
lab_run_peek_bins (LabRun *self,
                   gsize  *n_bins)
{
  *n_bins = self->bins->len;
  return (const LabSeriesBin *) (gpointer) self->bins->data;
}

const LabWorkerStats *
lab_run_peek_workers (LabRun *self,
                      guint  *n_workers)
{
  *n_workers = self->n_workers;
  return self->workers;
}

const LabHistogram *
lab_run_peek_latency (LabRun *self)
{
  return self->latency;
}

const guint64 *
lab_run_peek_http_status_counts (LabRun *self)
{
  return self->http_status_counts;
}

/* Sorts non-negative times: a least-significant-digit radix sort, 16 bits
 * a pass, an order of magnitude faster than qsort() on a million values. */
static void
sort_times (gint64 *values,
            gsize   n)
{
  g_autofree gint64 *scratch = NULL;
  g_autofree gsize *counts = g_new (gsize, 65536 + 1);
  gint64 *from = values, *to;
  gint64 max = 0;

  for (gsize i = 0; i < n; i++)
    max = MAX (max, values[i]);

  scratch = g_new (gint64, MAX (n, 1));
  to = scratch;

  for (guint shift = 0; shift < 64 && (max >> shift) != 0; shift += 16)
    {
      gint64 *swap;

      memset (counts, 0, (65536 + 1) * sizeof (gsize));
      for (gsize i = 0; i < n; i++)
        counts[((guint64) from[i] >> shift & 0xffff) + 1]++;
      for (guint d = 1; d <= 65536; d++)
        counts[d] += counts[d - 1];
      for (gsize i = 0; i < n; i++)
        to[counts[(guint64) from[i] >> shift & 0xffff]++] = from[i];

      swap = from;
      from = to;
      to = swap;
    }

  if (from != values)
    memcpy (values, from, n * sizeof (gint64));
}

/* The largest number of tasks that ran at one time: a sweep over the sorted
 * start and end times, ends first on ties (a worker that ends a task and
 * starts the next in the same microsecond ran one at a time). */
static guint
compute_max_concurrency_locked (LabRun *self)
{
  g_autofree gint64 *starts = NULL;
  g_autofree gint64 *ends = NULL;
  gsize n = 0, i = 0, j = 0;
  guint current = 0, best = 0;

  starts = g_new (gint64, self->records->len + 1);
  ends = g_new (gint64, self->records->len + 1);

  for (guint k = 0; k < self->records->len; k++)
    {
      const LabTaskRecord *r = &g_array_index (self->records, LabTaskRecord, k);

      if (r->worker == LAB_WORKER_NONE)
        continue;
      starts[n] = MAX (r->start_us, 0);
      ends[n] = MAX (r->end_us, starts[n]);
      n++;
    }

  sort_times (starts, n);
  sort_times (ends, n);

  while (i < n)
    {
      if (j < i && ends[j] <= starts[i])
        {
          current--;
          j++;
        }
      else
        {
          current++;
          i++;
          best = MAX (best, current);
        }
    }

  return best;
}

void
lab_run_get_summary (LabRun     *self,
                     LabSummary *s)
{
  gint64 wall, ready;

  g_return_if_fail (LAB_IS_RUN (self));
  g_return_if_fail (s != NULL);

  memset (s, 0, sizeof *s);

  g_mutex_lock (&self->mutex);

  if (self->end_us >= 0)
    wall = self->end_us;
  else if (self->state == LAB_RUN_STATE_READY)
    wall = 0;
  else
    wall = g_get_monotonic_time () - self->origin;
  ready = self->ready_us >= 0 ? self->ready_us : wall;
  ready = MIN (ready, wall);

  s->state = self->state;
  s->wall_seconds = wall / 1e6;
  s->startup_seconds = ready / 1e6;
  s->task_seconds = (wall - ready) / 1e6;
  s->tasks_total = self->config->count;
  s->tasks_recorded = self->records->len;
  s->tasks_ok = self->status_counts[LAB_TASK_OK];
  s->tasks_failed = self->status_counts[LAB_TASK_FAILED];
  s->tasks_timed_out = self->status_counts[LAB_TASK_TIMED_OUT];
  s->tasks_cancelled = self->status_counts[LAB_TASK_CANCELLED];
  if (s->task_seconds > 0)
    s->throughput_per_second = (s->tasks_ok + s->tasks_failed + s->tasks_timed_out) / s->task_seconds;

  s->latency_ms.mean = lab_histogram_get_mean (self->latency) / 1e3;
  s->latency_ms.stddev = lab_histogram_get_stddev (self->latency) / 1e3;
  s->latency_ms.p50 = lab_histogram_get_percentile (self->latency, 50) / 1e3;
  s->latency_ms.p90 = lab_histogram_get_percentile (self->latency, 90) / 1e3;
  s->latency_ms.p99 = lab_histogram_get_percentile (self->latency, 99) / 1e3;
  s->latency_ms.p999 = lab_histogram_get_percentile (self->latency, 99.9) / 1e3;
  s->latency_ms.max = lab_histogram_get_max (self->latency) / 1e3;

  if (self->end_us < 0 && self->state >= LAB_RUN_STATE_STARTING)
    self->cpu_total = lab_run_sample_cpu_locked (self);
  if (wall > 0)
    s->cpu_utilization = (double) self->cpu_total / wall;

  s->workers = self->n_workers;
  if (wall - ready > 0)
    s->parallel_efficiency = (double) self->busy_total / ((double) (wall - ready) * self->n_workers);
  if (wall > 0)
    s->parallel_efficiency_with_startup = (double) self->busy_total / ((double) wall * self->n_workers);

  if (self->state >= LAB_RUN_STATE_DONE)
    {
      if (!self->max_concurrency_valid)
        {
          self->max_concurrency = compute_max_concurrency_locked (self);
          self->max_concurrency_valid = TRUE;
        }
      s->max_concurrency = self->max_concurrency;
    }

  s->primes_found = self->primes_found;
  s->bytes_total = self->bytes_total;
  if (self->loaded)
    {
      s->loop_lag_p99_ms = self->loaded_loop_lag_p99_ms;
      s->loop_lag_max_ms = self->loaded_loop_lag_max_ms;
    }
  else if (lab_histogram_get_count (self->loop_lag) > 0)
    {
      s->loop_lag_p50_ms = lab_histogram_get_percentile (self->loop_lag, 50) / 1e3;
      s->loop_lag_p99_ms = lab_histogram_get_percentile (self->loop_lag, 99) / 1e3;
      s->loop_lag_max_ms = lab_histogram_get_max (self->loop_lag) / 1e3;
    }
  s->gil_wait_seconds = self->gil_wait_total / 1e6;

  g_mutex_unlock (&self->mutex);
}

static int
compare_by_index (gconstpointer a,
                  gconstpointer b)
{
  guint64 x = ((const LabTaskRecord *) a)->index;
  guint64 y = ((const LabTaskRecord *) b)->index;
  return x < y ? -1 : x > y;
}

GArray *
lab_run_dup_records_by_index (LabRun *self)
{
  GArray *copy;

  g_mutex_lock (&self->mutex);
  copy = g_array_sized_new (FALSE, FALSE, sizeof (LabTaskRecord), self->records->len);
  g_array_append_vals (copy, self->records->data, self->records->len);
  g_mutex_unlock (&self->mutex);

  g_array_sort (copy, compare_by_index);
  return copy;
}
