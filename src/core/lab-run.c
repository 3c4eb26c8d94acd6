/* lab-run.c
 *
 * The one owner of a run's results. Executors push batches of task records
 * from any thread; the run aggregates them (series bins, latency histogram,
 * per-worker stats) under one lock, samples CPU use on a small thread of its
 * own, and tells its main context about progress at most ~30 times a second.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lab-proc.h"
#include "lab-run-private.h"

#define NOTIFY_INTERVAL_US (G_USEC_PER_SEC / 30)


G_DEFINE_FINAL_TYPE (LabRun, lab_run, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

enum {
  PROGRESS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *state_names[] = {
  [LAB_RUN_STATE_READY]             = "ready",
  [LAB_RUN_STATE_STARTING]          = "starting",
  [LAB_RUN_STATE_RUNNING]           = "running",
  [LAB_RUN_STATE_DONE]              = "done",
  [LAB_RUN_STATE_CANCELLED]         = "cancelled",
  [LAB_RUN_STATE_DEADLINE_EXCEEDED] = "deadline-exceeded",
  [LAB_RUN_STATE_FAILED]            = "failed",
};

const char *
lab_run_state_to_string (LabRunState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_names), NULL);
  return state_names[state];
}

gboolean
lab_run_state_from_string (const char  *str,
                           LabRunState *state)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (state_names); i++)
    {
      if (g_str_equal (str, state_names[i]))
        {
          *state = i;
          return TRUE;
        }
    }
  return FALSE;
}

static void
stop_sampler (LabRun *self)
{
  GThread *thread;

  g_mutex_lock (&self->mutex);
  self->sampler_stop = TRUE;
  g_cond_signal (&self->sampler_cond);
  thread = g_steal_pointer (&self->sampler);
  g_mutex_unlock (&self->mutex);

  if (thread != NULL)
    g_thread_join (thread);
}

static void
lab_run_finalize (GObject *object)
{
  LabRun *self = (LabRun *) object;

  stop_sampler (self);

  g_clear_pointer (&self->config, lab_config_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_error (&self->error);
  g_clear_pointer (&self->records, g_array_unref);
  g_clear_pointer (&self->seen, g_free);
  g_clear_pointer (&self->bins, g_array_unref);
  g_clear_pointer (&self->workers, g_free);
  g_clear_pointer (&self->latency, lab_histogram_free);
  g_clear_pointer (&self->loop_lag, lab_histogram_free);
  g_clear_pointer (&self->children, g_hash_table_unref);
  g_clear_pointer (&self->excluded, g_array_unref);
  g_clear_pointer (&self->environment, json_node_unref);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->sampler_cond);

  G_OBJECT_CLASS (lab_run_parent_class)->finalize (object);
}

static void
lab_run_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  LabRun *self = LAB_RUN (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, lab_run_get_state (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_run_class_init (LabRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lab_run_finalize;
  object_class->get_property = lab_run_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      LAB_RUN_STATE_READY, LAB_RUN_STATE_FAILED, LAB_RUN_STATE_READY,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LabRun::progress:
   *
   * Emitted on the main context the run was created in, at most about 30
   * times a second while records arrive, and once more when the run ends.
   */
  signals[PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
lab_run_init (LabRun *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->sampler_cond);
  self->state = LAB_RUN_STATE_READY;
  self->ready_us = -1;
  self->end_us = -1;
  self->records = g_array_new (FALSE, FALSE, sizeof (LabTaskRecord));
  self->bins = g_array_new (FALSE, TRUE, sizeof (LabSeriesBin));
  self->latency = lab_histogram_new ();
  self->loop_lag = lab_histogram_new ();
  self->children = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->excluded = g_array_new (FALSE, FALSE, sizeof (LabExcludedThread));
  self->end_cpu = -1;
}

/* Room for every record at once (memory is only used as records come), in
 * huge pages where the kernel offers them: a million records are 56 MB, and
 * growing the array page by page costs a fault every 73 records. */
static void
reserve_records (GArray  *records,
                 guint64  count)
{
  gsize size = count * sizeof (LabTaskRecord);
  gsize page = sysconf (_SC_PAGESIZE);
  guintptr start;

  g_array_set_size (records, count);
  g_array_set_size (records, 0);

  start = ((guintptr) records->data + page - 1) & ~(guintptr) (page - 1);
  if (size >= 4 * 1024 * 1024)
    madvise ((gpointer) start, ((guintptr) records->data + size - start) & ~(guintptr) (page - 1),
             MADV_HUGEPAGE);
}

LabRun *
lab_run_new (const LabConfig *config)
{
  LabRun *self;

  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (LAB_TYPE_RUN, NULL);
  self->config = lab_config_copy (config);
  self->context = g_main_context_ref_thread_default ();
  self->created = g_date_time_new_now_utc ();
  self->n_workers = lab_config_get_effective_workers (config);
  self->workers = g_new0 (LabWorkerStats, self->n_workers);
  self->seen = g_new0 (guint8, (config->count + 7) / 8);
  reserve_records (self->records, config->count);

  return self;
}

const LabConfig *
lab_run_get_config (LabRun *self)
{
  g_return_val_if_fail (LAB_IS_RUN (self), NULL);
  return self->config;
}

LabRunState
lab_run_get_state (LabRun *self)
{
  LabRunState state;

  g_return_val_if_fail (LAB_IS_RUN (self), LAB_RUN_STATE_READY);

  g_mutex_lock (&self->mutex);
  state = self->state;
  g_mutex_unlock (&self->mutex);

  return state;
}

gboolean
lab_run_is_finished (LabRun *self)
{
  return lab_run_get_state (self) >= LAB_RUN_STATE_DONE;
}

const GError *
lab_run_get_error (LabRun *self)
{
  g_return_val_if_fail (LAB_IS_RUN (self), NULL);
  return self->error;
}

gint64
lab_run_get_origin (LabRun *self)
{
  g_return_val_if_fail (LAB_IS_RUN (self), 0);
  return self->origin;
}

GDateTime *
lab_run_get_created (LabRun *self)
{
  g_return_val_if_fail (LAB_IS_RUN (self), NULL);
  return self->created;
}

gint64
lab_run_get_elapsed (LabRun *self)
{
  gint64 elapsed;

  g_return_val_if_fail (LAB_IS_RUN (self), 0);

  g_mutex_lock (&self->mutex);
  if (self->end_us >= 0)
    elapsed = self->end_us;
  else if (self->state == LAB_RUN_STATE_READY)
    elapsed = 0;
  else
    elapsed = g_get_monotonic_time () - self->origin;
  g_mutex_unlock (&self->mutex);

  return elapsed;
}

guint64
lab_run_get_n_recorded (LabRun *self)
{
  guint64 n;

  g_mutex_lock (&self->mutex);
  n = self->records->len;
  g_mutex_unlock (&self->mutex);

  return n;
}

/* Notification ----------------------------------------------------------- */

static gboolean
emit_progress (gpointer data)
{
  LabRun *self = data;

  g_atomic_int_set (&self->notify_pending, 0);
  self->last_notify = g_get_monotonic_time ();
  g_signal_emit (self, signals[PROGRESS], 0);

  return G_SOURCE_REMOVE;
}

static void
schedule_progress (LabRun *self)
{
  GSource *source;
  gint64 delay;

  if (!g_atomic_int_compare_and_exchange (&self->notify_pending, 0, 1))
    return;

  delay = self->last_notify + NOTIFY_INTERVAL_US - g_get_monotonic_time ();
  source = g_timeout_source_new (delay > 0 ? (guint) (delay / 1000) : 0);
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, emit_progress, g_object_ref (self), g_object_unref);
  g_source_set_static_name (source, "[lab] run progress");
  g_source_attach (source, self->context);
  g_source_unref (source);
}

static gboolean
emit_ended (gpointer data)
{
  LabRun *self = data;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_signal_emit (self, signals[PROGRESS], 0);

  return G_SOURCE_REMOVE;
}

/* Series ------------------------------------------------------------------ */

static LabSeriesBin *
bin_at (LabRun *self,
        gint64  at_us)
{
  guint index = at_us <= 0 ? 0 : (guint) (at_us / LAB_RUN_BIN_WIDTH);

  while (self->bins->len <= index)
    {
      LabSeriesBin bin = { 0 };

      bin.cpu = NAN;
      bin.loop_lag_ms = NAN;
      g_array_append_val (self->bins, bin);
    }

  return &g_array_index (self->bins, LabSeriesBin, index);
}

static void
add_busy (LabRun *self,
          gint64  start,
          gint64  end)
{
  start = MAX (start, 0);

  while (start < end)
    {
      gint64 bin_end = (start / LAB_RUN_BIN_WIDTH + 1) * LAB_RUN_BIN_WIDTH;
      gint64 piece_end = MIN (end, bin_end);

      bin_at (self, start)->busy += piece_end - start;
      start = piece_end;
    }
}

/* Executor side ------------------------------------------------------------ */

static gint64
read_thread_cpu (clockid_t clock,
                 gint64    fallback)
{
  struct timespec ts;

  /* fails once the thread has exited: its CPU stays what was last read */
  if (clock_gettime (clock, &ts) != 0)
    return fallback;
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gpointer
sampler_thread (gpointer data);

void
lab_run_begin (LabRun *self)
{
  g_return_if_fail (LAB_IS_RUN (self));

  g_mutex_lock (&self->mutex);
  g_return_if_fail (self->state == LAB_RUN_STATE_READY);
  self->origin = g_get_monotonic_time ();
  self->state = LAB_RUN_STATE_STARTING;
  self->self_cpu_begin = lab_proc_get_self_cpu_time ();
  for (guint i = 0; i < self->excluded->len; i++)
    {
      LabExcludedThread *thread = &g_array_index (self->excluded, LabExcludedThread, i);
      thread->begin = thread->last = read_thread_cpu (thread->clock, 0);
    }
  self->sampler = g_thread_new ("lab-cpu-sampler", sampler_thread, self);
  g_mutex_unlock (&self->mutex);

  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT,
                              emit_ended, g_object_ref (self), g_object_unref);
}

void
lab_run_mark_ready (LabRun *self)
{
  g_return_if_fail (LAB_IS_RUN (self));

  g_mutex_lock (&self->mutex);
  if (self->state == LAB_RUN_STATE_STARTING)
    {
      self->ready_us = g_get_monotonic_time () - self->origin;
      self->state = LAB_RUN_STATE_RUNNING;
    }
  g_mutex_unlock (&self->mutex);

  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT,
                              emit_ended, g_object_ref (self), g_object_unref);
}

static void
add_record_locked (LabRun              *self,
                   const LabTaskRecord *record)
{
  guint64 index = record->index;

  if (index >= self->config->count || (self->seen[index / 8] & (1u << (index % 8))))
    {
      g_critical ("Dropping a record for task %" G_GUINT64_FORMAT ": %s", index,
                  index >= self->config->count ? "no such task" : "recorded twice");
      return;
    }
  self->seen[index / 8] |= 1u << (index % 8);

  g_array_append_vals (self->records, record, 1);
  lab_run_aggregate_record_locked (self, record);
}

/* Everything a record adds to the series, histogram, counts and worker
 * stats; shared with runs loaded from snapshots (lab-run-load.c). */
void
lab_run_aggregate_record_locked (LabRun              *self,
                                 const LabTaskRecord *record)
{
  LabSeriesBin *bin;

  self->status_counts[MIN (record->status, LAB_N_TASK_STATUSES - 1)]++;
  self->max_concurrency_valid = FALSE;

  if (record->is_prime)
    self->primes_found++;
  self->bytes_total += record->bytes;
  if (self->config->workload == LAB_WORKLOAD_URL)
    self->http_status_counts[MIN (record->http_status, LAB_HTTP_STATUS_MAX - 1)]++;

  bin = bin_at (self, record->end_us);
  switch (record->status)
    {
    case LAB_TASK_OK:        bin->done++; break;
    case LAB_TASK_CANCELLED: bin->cancelled++; break;
    default:                 bin->failed++; break;
    }
  bin->bytes += record->bytes;

  if (record->worker != LAB_WORKER_NONE && record->worker < self->n_workers)
    {
      LabWorkerStats *worker = &self->workers[record->worker];
      gint64 duration = MAX (0, record->end_us - record->start_us);

      if (worker->tasks == 0 || record->start_us < worker->first_start_us)
        worker->first_start_us = record->start_us;
      worker->last_end_us = MAX (worker->last_end_us, record->end_us);
      worker->tasks++;
      worker->busy_us += duration;
      worker->gil_wait_us += record->gil_wait_us;
      if (record->status == LAB_TASK_FAILED || record->status == LAB_TASK_TIMED_OUT)
        worker->failed++;
      self->busy_total += duration;
      self->gil_wait_total += record->gil_wait_us;

      if (record->status != LAB_TASK_CANCELLED)
        lab_histogram_add (self->latency, duration);

      add_busy (self, record->start_us, record->end_us);
    }
}

void
lab_run_add_records (LabRun              *self,
                     const LabTaskRecord *records,
                     gsize                n_records)
{
  g_return_if_fail (LAB_IS_RUN (self));

  if (n_records == 0)
    return;

  g_mutex_lock (&self->mutex);
  for (gsize i = 0; i < n_records; i++)
    add_record_locked (self, &records[i]);
  g_mutex_unlock (&self->mutex);

  schedule_progress (self);
}

void
lab_run_add_loop_lag (LabRun *self,
                      gint64  at_us,
                      gint64  lag_us)
{
  LabSeriesBin *bin;
  double lag_ms = MAX (0, lag_us) / 1000.0;

  g_mutex_lock (&self->mutex);
  lab_histogram_add (self->loop_lag, lag_us);
  bin = bin_at (self, at_us);
  if (isnan (bin->loop_lag_ms) || lag_ms > bin->loop_lag_ms)
    bin->loop_lag_ms = lag_ms;
  g_mutex_unlock (&self->mutex);
}

void
lab_run_add_child (LabRun *self,
                   GPid    pid)
{
  gint64 *cpu = g_new0 (gint64, 1);

  g_mutex_lock (&self->mutex);
  g_hash_table_replace (self->children, GINT_TO_POINTER (pid), cpu);
  g_mutex_unlock (&self->mutex);
}

void
lab_run_remove_child (LabRun *self,
                      GPid    pid,
                      gint64  final_cpu_us)
{
  gint64 *last;

  g_mutex_lock (&self->mutex);
  if ((last = g_hash_table_lookup (self->children, GINT_TO_POINTER (pid))) != NULL)
    {
      self->retired_cpu += MAX (*last, final_cpu_us);
      g_hash_table_remove (self->children, GINT_TO_POINTER (pid));
    }
  g_mutex_unlock (&self->mutex);
}

static void
exclude_clock_locked (LabRun    *self,
                      clockid_t  clock)
{
  LabExcludedThread excluded = { clock, -1, -1 };

  for (guint i = 0; i < self->excluded->len; i++)
    if (g_array_index (self->excluded, LabExcludedThread, i).clock == clock)
      return;
  if (self->state != LAB_RUN_STATE_READY)
    excluded.begin = excluded.last = read_thread_cpu (excluded.clock, 0);
  g_array_append_val (self->excluded, excluded);
}

void
lab_run_exclude_thread_cpu (LabRun    *self,
                            pthread_t  thread)
{
  clockid_t clock;

  g_return_if_fail (LAB_IS_RUN (self));

  if (pthread_getcpuclockid (thread, &clock) != 0)
    return;

  g_mutex_lock (&self->mutex);
  exclude_clock_locked (self, clock);
  g_mutex_unlock (&self->mutex);
}

void
lab_run_exclude_existing_threads (LabRun *self)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_if_fail (LAB_IS_RUN (self));

  if ((dir = g_dir_open ("/proc/self/task", 0, NULL)) == NULL)
    return;

  g_mutex_lock (&self->mutex);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      guint64 tid;

      /* the kernel's CPU clock of a thread by its id, as glibc's
       * pthread_getcpuclockid() makes it: (~tid << 3) | CPUCLOCK_PERTHREAD | CPUCLOCK_SCHED */
      if (g_ascii_string_to_unsigned (name, 10, 1, G_MAXINT32, &tid, NULL))
        exclude_clock_locked (self, (clockid_t) ((~(guint32) tid << 3) | 4 | 2));
    }
  g_mutex_unlock (&self->mutex);
}

/* Called with the lock held: the CPU used so far by the app and its
 * children, less the threads that are not the engine's. */
gint64
lab_run_sample_cpu_locked (LabRun *self)
{
  GHashTableIter iter;
  gpointer key, value;
  gint64 total;

  total = lab_proc_get_self_cpu_time () - self->self_cpu_begin + self->retired_cpu;

  for (guint i = 0; i < self->excluded->len; i++)
    {
      LabExcludedThread *thread = &g_array_index (self->excluded, LabExcludedThread, i);

      thread->last = read_thread_cpu (thread->clock, thread->last);
      total -= thread->last - thread->begin;
    }
  total = MAX (total, 0);

  g_hash_table_iter_init (&iter, self->children);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 *last = value;
      gint64 now = lab_proc_get_cpu_time (GPOINTER_TO_INT (key));

      if (now > *last)
        *last = now;
      total += *last;
    }

  return total;
}

static gpointer
sampler_thread (gpointer data)
{
  LabRun *self = data;
  gint64 previous_cpu = 0;
  gint64 previous_at = 0;
  guint bin = 0;

  g_mutex_lock (&self->mutex);

  for (;;)
    {
      gint64 wake = self->origin + (gint64) (bin + 1) * LAB_RUN_BIN_WIDTH;
      gint64 cpu, at;
      gboolean stopping;

      while (!self->sampler_stop && g_get_monotonic_time () < wake)
        g_cond_wait_until (&self->sampler_cond, &self->mutex, wake);

      /* Once the run has ended, the next sample is the last one. */
      stopping = self->sampler_stop || self->end_us >= 0;
      at = MIN (g_get_monotonic_time () - self->origin, (gint64) (bin + 1) * LAB_RUN_BIN_WIDTH);
      if (stopping && self->end_us >= 0)
        {
          /* The last sample is the one lab_run_end() took at the end: the
           * bookkeeping after it is not part of the run. */
          at = MIN (at, self->end_us);
          cpu = self->end_cpu >= 0 ? self->end_cpu : lab_run_sample_cpu_locked (self);
        }
      else
        cpu = lab_run_sample_cpu_locked (self);

      if (at > previous_at)
        bin_at (self, (gint64) bin * LAB_RUN_BIN_WIDTH)->cpu =
          (double) MAX (0, cpu - previous_cpu) / (double) (at - previous_at);

      if (self->end_cpu < 0)
        self->cpu_total = cpu;
      previous_cpu = cpu;
      previous_at = at;
      bin++;

      if (stopping)
        break;
    }

  g_mutex_unlock (&self->mutex);

  return NULL;
}

/* Tasks that never started get a `cancelled` record each, in bulk: no
 * worker, no latency, no busy time; one bin, one count. */
static void
add_cancelled_records_locked (LabRun *self)
{
  guint64 count = self->config->count;
  guint64 missing = count - self->records->len;
  LabTaskRecord *record;
  guint64 i;

  if (missing == 0)
    return;

  g_array_set_size (self->records, self->records->len + missing);
  record = &g_array_index (self->records, LabTaskRecord, self->records->len - missing);

  for (i = 0; i < count; i++)
    {
      if (self->seen[i / 8] == 0xff)
        {
          i += 7 - (i % 8);
          continue;
        }
      if (!(self->seen[i / 8] & (1u << (i % 8))))
        {
          memset (record, 0, sizeof *record);
          record->index = i;
          record->status = LAB_TASK_CANCELLED;
          record->worker = LAB_WORKER_NONE;
          record->start_us = record->end_us = self->end_us;
          record++;
          self->seen[i / 8] |= 1u << (i % 8);
        }
    }

  g_assert (record == &g_array_index (self->records, LabTaskRecord, self->records->len - 1) + 1);
  self->status_counts[LAB_TASK_CANCELLED] += missing;
  bin_at (self, self->end_us)->cancelled += missing;
  if (self->config->workload == LAB_WORKLOAD_URL)
    self->http_status_counts[0] += missing;
  self->max_concurrency_valid = FALSE;
}

void
lab_run_end (LabRun       *self,
             LabRunState   state,
             const GError *error)
{
  g_return_if_fail (LAB_IS_RUN (self));
  g_return_if_fail (state >= LAB_RUN_STATE_DONE);

  g_mutex_lock (&self->mutex);
  if (self->state >= LAB_RUN_STATE_DONE)
    {
      g_mutex_unlock (&self->mutex);
      return;
    }
  self->end_us = g_get_monotonic_time () - self->origin;
  self->end_cpu = self->cpu_total = lab_run_sample_cpu_locked (self);
  if (self->ready_us < 0)
    self->ready_us = self->end_us;
  if (error != NULL)
    self->error = g_error_copy (error);
  /* Every task gets a record: those that never ran end "cancelled". */
  add_cancelled_records_locked (self);
  self->state = state;
  if (state == LAB_RUN_STATE_DONE &&
      self->status_counts[LAB_TASK_CANCELLED] > 0)
    self->state = LAB_RUN_STATE_CANCELLED;
  g_mutex_unlock (&self->mutex);

  stop_sampler (self);

  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT,
                              emit_ended, g_object_ref (self), g_object_unref);
}
