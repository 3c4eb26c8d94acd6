/* test-process-executor.c: the processes model — worker processes, their
 * protocol, and what happens when they die, hang or talk nonsense
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "lab-error.h"
#include "lab-test-util.h"
#include "lab-worker-protocol.h"

#define DEFAULT_START   G_GUINT64_CONSTANT (1000000000000)
/* The largest prime below 10^18: trial division takes seconds. */
#define BIG_PRIME       G_GUINT64_CONSTANT (999999999999999989)

#define MESSAGE_HUNG    "worker did not answer within the timeout; killed"
#define MESSAGE_KILLED  "worker exited: killed by signal 9"

static LabTestResources baseline;
static char *real_worker;

/* GLib lets go of a child watch's pidfd on its own worker thread, a moment
 * after the child was reaped: count once the numbers stay put. */
static void
take_settled_baseline (void)
{
  LabTestResources previous = { 0 };
  guint same = 0;

  for (guint i = 0; i < 200 && same < 5; i++)
    {
      lab_test_resources_take (&baseline);
      same = baseline.fds == previous.fds && baseline.threads == previous.threads ? same + 1 : 0;
      previous = baseline;
      g_usleep (10000);
    }
}

static LabConfig *
config_new (guint64 start,
            guint64 count,
            guint   workers)
{
  LabConfig *config = lab_config_new ();

  config->model = LAB_MODEL_PROCESSES;
  config->workers = workers;
  config->start = start;
  config->count = count;
  return config;
}

typedef void (*ProgressHook) (LabRun *run, gpointer data);

typedef struct
{
  ProgressHook hook;
  gpointer     data;
} Hook;

static void
on_progress (LabRun *run,
             Hook   *hook)
{
  hook->hook (run, hook->data);
}

/* Runs @config to its end, calling @hook on every progress notification. */
static LabRun *
run_config (const LabConfig  *config,
            GCancellable     *cancellable,
            ProgressHook      hook_func,
            gpointer          hook_data,
            GError          **error)
{
  g_autoptr(LabExecutor) executor = lab_executor_new_for_config (config, error);
  Hook hook = { hook_func, hook_data };
  LabRun *run;

  g_assert_nonnull (executor);
  run = lab_run_new (config);
  if (hook_func != NULL)
    g_signal_connect (run, "progress", G_CALLBACK (on_progress), &hook);
  lab_executor_run (executor, run, cancellable, error);
  if (hook_func != NULL)
    g_signal_handlers_disconnect_by_func (run, on_progress, &hook);

  return run;
}

/* After every run: no process, fd or thread left behind. */
static void
assert_nothing_left (void)
{
  lab_test_resources_assert_same (&baseline);
}

/* Every task has exactly one record; worker ids are in range. Returns how
 * many workers ran at least one task. */
static guint
assert_records_complete (LabRun *run)
{
  const LabConfig *config = lab_run_get_config (run);
  g_autoptr(GArray) records = lab_run_dup_records_by_index (run);
  g_autofree gboolean *used = g_new0 (gboolean, config->workers);
  guint n_used = 0;

  g_assert_cmpuint (records->len, ==, config->count);
  for (guint i = 0; i < records->len; i++)
    {
      const LabTaskRecord *r = &g_array_index (records, LabTaskRecord, i);

      g_assert_cmpuint (r->index, ==, i);
      g_assert_cmpint (r->end_us, >=, r->start_us);
      g_assert_cmpint (r->start_us, >=, 0);
      if (r->worker == LAB_WORKER_NONE)
        {
          g_assert_cmpint (r->status, ==, LAB_TASK_CANCELLED);
          continue;
        }
      g_assert_cmpuint (r->worker, <, config->workers);
      if (!used[r->worker])
        n_used++;
      used[r->worker] = TRUE;
    }

  return n_used;
}

/* The records of tasks that ended ok say what the sieve says. */
static void
assert_ok_records_match_sieve (LabRun *run)
{
  const LabConfig *config = lab_run_get_config (run);
  g_autofree guint8 *composite = lab_test_sieve (config->start, config->count);
  g_autoptr(GArray) records = lab_run_dup_records_by_index (run);

  for (guint i = 0; i < records->len; i++)
    {
      const LabTaskRecord *r = &g_array_index (records, LabTaskRecord, i);

      if (r->status == LAB_TASK_OK)
        g_assert_cmpint (r->is_prime, ==, !composite[r->index]);
    }
}

/* The records with @status: how many, and the index and message of one. */
static guint
count_status (LabRun        *run,
              LabTaskStatus  status,
              guint64       *index,
              const char   **message)
{
  g_autoptr(GArray) records = lab_run_dup_records_by_index (run);
  guint n = 0;

  for (guint i = 0; i < records->len; i++)
    {
      const LabTaskRecord *r = &g_array_index (records, LabTaskRecord, i);

      if (r->status != status)
        continue;
      n++;
      if (index != NULL)
        *index = r->index;
      if (message != NULL)
        *message = lab_message_lookup (r->message_id);
    }

  return n;
}

/* Processes ---------------------------------------------------------------- */

static GArray *
list_children_of (GPid parent)
{
  GArray *pids = g_array_new (FALSE, FALSE, sizeof (GPid));
  GDir *dir = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/%s/stat", name);
      g_autofree char *stat = NULL;
      const char *p;
      int ppid;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (path, &stat, NULL, NULL) ||
          (p = strrchr (stat, ')')) == NULL)
        continue;
      if (sscanf (p + 2, "%*c %d", &ppid) == 1 && ppid == parent)
        {
          GPid pid = atoi (name);
          g_array_append_val (pids, pid);
        }
    }
  g_clear_pointer (&dir, g_dir_close);

  return pids;
}

static gboolean
is_fork_server (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/cmdline", pid);
  g_autofree char *cmdline = NULL;
  gsize len;

  if (!g_file_get_contents (path, &cmdline, &len, NULL))
    return FALSE;
  for (gsize i = 0; i + 1 < len; i++)
    if (cmdline[i] == '\0')
      cmdline[i] = ' ';
  return strstr (cmdline, "--fork-server") != NULL;
}

/* The worker processes: this process's children, or the fork server's. */
static GArray *
list_worker_pids (void)
{
  g_autoptr(GArray) children = list_children_of (getpid ());
  GArray *workers = g_array_new (FALSE, FALSE, sizeof (GPid));

  for (guint i = 0; i < children->len; i++)
    {
      GPid pid = g_array_index (children, GPid, i);

      if (is_fork_server (pid))
        {
          g_autoptr(GArray) forked = list_children_of (pid);
          g_array_append_vals (workers, forked->data, forked->len);
        }
      else
        g_array_append_val (workers, pid);
    }

  return workers;
}

static gboolean
process_exists (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d", pid);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* Sends @signal to one worker once @after tasks are recorded. */
typedef struct
{
  guint64 after;
  int     signal;
  GPid    pid;
  guint   n_workers_seen;
} Strike;

static void
strike_worker (LabRun   *run,
               gpointer  data)
{
  Strike *strike = data;
  g_autoptr(GArray) workers = NULL;

  if (strike->pid != 0 || lab_run_get_n_recorded (run) < strike->after ||
      lab_run_is_finished (run))
    return;

  workers = list_worker_pids ();
  strike->n_workers_seen = workers->len;
  if (workers->len == 0)
    return;

  strike->pid = g_array_index (workers, GPid, 0);
  g_assert_cmpint (kill (strike->pid, strike->signal), ==, 0);
}

/* Kills the fork server once @after tasks are recorded. */
static void
strike_fork_server (LabRun   *run,
                    gpointer  data)
{
  Strike *strike = data;
  g_autoptr(GArray) children = NULL;

  if (strike->pid != 0 || lab_run_get_n_recorded (run) < strike->after ||
      lab_run_is_finished (run))
    return;

  children = list_children_of (getpid ());
  for (guint i = 0; i < children->len; i++)
    {
      GPid pid = g_array_index (children, GPid, i);

      if (is_fork_server (pid))
        {
          strike->pid = pid;
          g_assert_cmpint (kill (pid, strike->signal), ==, 0);
        }
    }
}

/* Tests -------------------------------------------------------------------- */

static void
test_seed_example (void)
{
  g_autoptr(LabConfig) config = config_new (10000019, 10, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = run_config (config, NULL, NULL, NULL, &error);
  LabSummary summary;

  g_assert_no_error (error);
  lab_run_get_summary (run, &summary);
  g_assert_cmpint (summary.state, ==, LAB_RUN_STATE_DONE);
  g_assert_cmpuint (summary.tasks_ok, ==, 10);
  g_assert_cmpuint (summary.primes_found, ==, lab_test_count_primes (10000019, 10));
  g_assert_cmpuint (summary.primes_found, >=, 1);   /* 10000019 itself */
  assert_records_complete (run);
  assert_ok_records_match_sieve (run);
  assert_nothing_left ();
}

static void
test_primes_range (void)
{
  g_autoptr(LabConfig) config = config_new (DEFAULT_START, 20000, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = run_config (config, NULL, NULL, NULL, &error);
  LabSummary summary;

  g_assert_no_error (error);
  lab_run_get_summary (run, &summary);
  g_assert_cmpint (summary.state, ==, LAB_RUN_STATE_DONE);
  g_assert_cmpuint (summary.tasks_ok, ==, config->count);
  g_assert_cmpuint (summary.primes_found, ==, lab_test_count_primes (config->start, config->count));
  g_assert_cmpuint (assert_records_complete (run), ==, 2);
  assert_ok_records_match_sieve (run);
  g_assert_cmpfloat (summary.startup_seconds, >, 0);
  assert_nothing_left ();
}

/* Chunks of one, of odd sizes and of many tasks, and a tight max-in-flight:
 * the same answers. */
static void
test_chunk_sizes (void)
{
  const struct { guint chunk, max_in_flight, workers; } cases[] = {
    { 1, 0, 3 }, { 7, 0, 2 }, { 1000, 0, 2 }, { 64, 3, 3 }, { 1, 512, 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LabConfig) config = config_new (DEFAULT_START, 3001, cases[i].workers);
      g_autoptr(GError) error = NULL;
      g_autoptr(LabRun) run = NULL;
      LabSummary summary;

      config->chunk_size = cases[i].chunk;
      config->max_in_flight = cases[i].max_in_flight;
      run = run_config (config, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      lab_run_get_summary (run, &summary);
      g_assert_cmpuint (summary.tasks_ok, ==, config->count);
      g_assert_cmpuint (summary.primes_found, ==, lab_test_count_primes (config->start, config->count));
      g_assert_cmpuint (assert_records_complete (run), ==, cases[i].workers);
    }
  assert_nothing_left ();
}

/* N workers really run N tasks at once. */
static void
test_concurrency (void)
{
  g_autoptr(LabConfig) config = config_new (G_GUINT64_CONSTANT (100000000000000), 600, 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = run_config (config, NULL, NULL, NULL, &error);
  LabSummary summary;

  g_assert_no_error (error);
  lab_run_get_summary (run, &summary);
  g_assert_cmpuint (summary.tasks_ok, ==, config->count);
  g_assert_cmpuint (summary.max_concurrency, ==, 3);
  g_assert_cmpuint (assert_records_complete (run), ==, 3);
  assert_nothing_left ();
}

/* A task past its timeout ends `timed-out` in the worker, which goes on: no
 * worker is killed for it. */
static void
test_timeout (void)
{
  g_autoptr(LabConfig) config = config_new (BIG_PRIME, 4, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = NULL;
  g_autoptr(GArray) records = NULL;
  LabSummary summary;

  config->timeout = 100 * G_TIME_SPAN_MILLISECOND;
  run = run_config (config, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  lab_run_get_summary (run, &summary);

  g_assert_cmpint (summary.state, ==, LAB_RUN_STATE_DONE);
  g_assert_cmpuint (summary.tasks_timed_out + summary.tasks_ok, ==, config->count);

  records = lab_run_dup_records_by_index (run);
  /* The prime needs seconds; the even numbers are decided at once. */
  g_assert_cmpint (g_array_index (records, LabTaskRecord, 0).status, ==, LAB_TASK_TIMED_OUT);
  g_assert_cmpint (g_array_index (records, LabTaskRecord, 1).status, ==, LAB_TASK_OK);
  g_assert_cmpint (g_array_index (records, LabTaskRecord, 3).status, ==, LAB_TASK_OK);
  for (guint i = 0; i < records->len; i++)
    {
      const LabTaskRecord *r = &g_array_index (records, LabTaskRecord, i);

      if (r->status != LAB_TASK_TIMED_OUT)
        continue;
      g_assert_cmpuint (r->message_id, ==, 0);   /* ended by the worker, not killed */
      g_assert_cmpint (r->end_us - r->start_us, >=, config->timeout);
      g_assert_cmpint (r->end_us - r->start_us, <, 20 * config->timeout);
    }
  assert_nothing_left ();
}

/* A worker that stops answering (SIGSTOP) is killed once its task is past
 * the timeout and the grace; that task ends `timed-out` with the reason, a
 * replacement takes over, every other task ends ok. */
static void
test_hung_worker (void)
{
  g_autoptr(LabConfig) config = config_new (DEFAULT_START, 30000, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = NULL;
  Strike strike = { 3000, SIGSTOP, 0, 0 };
  const char *message = NULL;
  LabSummary summary;

  /* Long enough that no healthy worker, however starved for CPU on a busy
   * machine, is taken for a hung one. */
  config->timeout = G_TIME_SPAN_SECOND;
  run = run_config (config, NULL, strike_worker, &strike, &error);
  g_assert_no_error (error);
  lab_run_get_summary (run, &summary);

  g_assert_cmpuint (strike.n_workers_seen, ==, 2);
  g_assert_cmpint (strike.pid, >, 0);
  g_assert_cmpint (summary.state, ==, LAB_RUN_STATE_DONE);
  g_assert_cmpuint (count_status (run, LAB_TASK_TIMED_OUT, NULL, &message), ==, 1);
  g_assert_cmpstr (message, ==, MESSAGE_HUNG);
  g_assert_cmpuint (summary.tasks_ok, ==, config->count - 1);
  g_assert_cmpuint (assert_records_complete (run), ==, 2);
  assert_ok_records_match_sieve (run);
  g_assert_false (process_exists (strike.pid));
  assert_nothing_left ();
}

/* kill -9 of a worker mid-run: its task ends `failed` with the reason, the
 * tasks queued behind it run elsewhere, the primes still add up. */
static void
test_killed_worker (void)
{
  g_autoptr(LabConfig) config = config_new (DEFAULT_START, 20000, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = NULL;
  Strike strike = { 3000, SIGKILL, 0, 0 };
  const char *message = NULL;
  g_autofree guint8 *composite = NULL;
  guint64 failed_index = 0;
  guint64 expected;
  LabSummary summary;

  run = run_config (config, NULL, strike_worker, &strike, &error);
  g_assert_no_error (error);
  lab_run_get_summary (run, &summary);

  g_assert_cmpint (strike.pid, >, 0);
  g_assert_cmpint (summary.state, ==, LAB_RUN_STATE_DONE);
  g_assert_cmpuint (count_status (run, LAB_TASK_FAILED, &failed_index, &message), ==, 1);
  g_assert_cmpstr (message, ==, MESSAGE_KILLED);
  g_assert_cmpuint (summary.tasks_ok, ==, config->count - 1);
  g_assert_cmpuint (assert_records_complete (run), ==, 2);
  assert_ok_records_match_sieve (run);

  composite = lab_test_sieve (config->start, config->count);
  expected = lab_test_count_primes (config->start, config->count) - !composite[failed_index];
  g_assert_cmpuint (summary.primes_found, ==, expected);
  assert_nothing_left ();
}

/* The run deadline: running tasks and the rest end `cancelled`, state
 * deadline-exceeded, what was done is kept. */
static void
test_deadline (void)
{
  g_autoptr(LabConfig) config = config_new (DEFAULT_START, 2000000, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = NULL;
  LabSummary summary;

  config->deadline = 300 * G_TIME_SPAN_MILLISECOND;
  run = run_config (config, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  lab_run_get_summary (run, &summary);

  g_assert_cmpint (summary.state, ==, LAB_RUN_STATE_DEADLINE_EXCEEDED);
  g_assert_cmpuint (summary.tasks_ok, >, 0);
  g_assert_cmpuint (summary.tasks_cancelled, >, 0);
  g_assert_cmpuint (summary.tasks_ok + summary.tasks_cancelled, ==, config->count);
  /* Stopped soon after the deadline, not after seconds of work. */
  g_assert_cmpfloat (summary.wall_seconds, <, 5 * config->deadline / 1e6);
  assert_records_complete (run);
  assert_ok_records_match_sieve (run);
  assert_nothing_left ();
}

typedef struct
{
  GCancellable *cancellable;
  gint64        cancelled_at;
  guint         source;
} CancelLater;

/* Without its fork server the pool cannot replace workers: the run fails,
 * with a reason, and leaves nothing behind (its workers die with it). */
static void
test_fork_server_killed (void)
{
  g_autoptr(LabConfig) config = config_new (DEFAULT_START, 200000, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = NULL;
  Strike strike = { 2000, SIGKILL, 0, 0 };
  LabSummary summary;

  run = run_config (config, NULL, strike_fork_server, &strike, &error);
  g_assert_cmpint (strike.pid, >, 0);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_WORKER);
  g_assert_nonnull (strstr (error->message, "fork server"));
  lab_run_get_summary (run, &summary);
  g_assert_cmpint (summary.state, ==, LAB_RUN_STATE_FAILED);
  g_assert_cmpuint (summary.tasks_ok, >, 0);
  g_assert_cmpuint (summary.tasks_ok + summary.tasks_failed + summary.tasks_cancelled, ==, config->count);
  assert_records_complete (run);
  assert_ok_records_match_sieve (run);
  assert_nothing_left ();
}

static gboolean
cancel_now (gpointer data)
{
  CancelLater *later = data;

  later->cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (later->cancellable);
  later->source = 0;
  return G_SOURCE_REMOVE;
}

/* Once tasks are being recorded, cancels 300 ms later. */
static void
cancel_after_progress (LabRun   *run,
                       gpointer  data)
{
  CancelLater *later = data;

  if (later->source == 0 && later->cancelled_at == 0 && lab_run_get_n_recorded (run) > 0)
    later->source = g_timeout_add (300, cancel_now, later);
}

/* Cancel: the records so far are kept, running tasks end `cancelled` with
 * their worker, the others `cancelled` without one. */
static void
test_cancel (void)
{
  g_autoptr(LabConfig) config = config_new (BIG_PRIME - 2000, 2000, 2);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = NULL;
  g_autoptr(GArray) records = NULL;
  CancelLater later = { cancellable, 0, 0 };
  guint running_cancelled = 0;
  LabSummary summary;

  /* Most numbers near 10^18 have a small factor; the primes among them take
   * seconds each, and are running when the cancel comes. */
  run = run_config (config, cancellable, cancel_after_progress, &later, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (later.cancelled_at, >, 0);
  lab_run_get_summary (run, &summary);

  g_assert_cmpint (summary.state, ==, LAB_RUN_STATE_CANCELLED);
  g_assert_cmpuint (summary.tasks_ok, >, 0);
  g_assert_cmpuint (summary.tasks_cancelled, >, 0);
  g_assert_cmpuint (summary.tasks_ok + summary.tasks_cancelled, ==, config->count);
  /* Stopped at once, not after the seconds the running tasks need. */
  g_assert_cmpint (g_get_monotonic_time () - later.cancelled_at, <, 2 * G_USEC_PER_SEC);

  records = lab_run_dup_records_by_index (run);
  for (guint i = 0; i < records->len; i++)
    {
      const LabTaskRecord *r = &g_array_index (records, LabTaskRecord, i);

      if (r->status == LAB_TASK_CANCELLED && r->worker != LAB_WORKER_NONE)
        running_cancelled++;
    }
  g_assert_cmpuint (running_cancelled, >=, 1);
  g_assert_cmpuint (running_cancelled, <=, 2);
  assert_records_complete (run);
  assert_nothing_left ();
}

/* A million small tasks: all done, memory bounded. */
static void
test_million (void)
{
  g_autoptr(LabConfig) config = config_new (0, 1000000, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = NULL;
  guint64 peak_before = lab_proc_get_peak_rss ();
  LabSummary summary;

  run = run_config (config, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  lab_run_get_summary (run, &summary);

  g_assert_cmpint (summary.state, ==, LAB_RUN_STATE_DONE);
  g_assert_cmpuint (summary.tasks_ok, ==, config->count);
  g_assert_cmpuint (summary.primes_found, ==, 78498);   /* π(10^6) */
  g_assert_cmpuint (lab_proc_get_peak_rss () - peak_before, <, 200 * 1024 * 1024);
  assert_nothing_left ();
}

/* Broken worker programs ---------------------------------------------------- */

static void
use_worker (const char *path)
{
  g_setenv ("LAB_WORKER_PATH", path, TRUE);
}

static void
test_missing_worker (void)
{
  g_autoptr(LabConfig) config = config_new (DEFAULT_START, 100, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = NULL;

  use_worker ("/nonexistent/concurrency-lab-worker");
  run = run_config (config, NULL, NULL, NULL, &error);
  use_worker (real_worker);

  g_assert_error (error, LAB_ERROR, LAB_ERROR_WORKER);
  g_assert_nonnull (strstr (error->message, "LAB_WORKER_PATH"));
  g_assert_cmpint (lab_run_get_state (run), ==, LAB_RUN_STATE_FAILED);
  assert_nothing_left ();
}

/* A program that exits at once, or speaks something else (cat echoes the
 * hello back): the run fails with a reason instead of respawning forever. */
static void
test_broken_worker (gconstpointer data)
{
  g_autoptr(LabConfig) config = config_new (DEFAULT_START, 100, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = NULL;
  const char *program = data;

  use_worker (program);
  run = run_config (config, NULL, NULL, NULL, &error);
  use_worker (real_worker);

  g_assert_error (error, LAB_ERROR, LAB_ERROR_WORKER);
  g_assert_nonnull (strstr (error->message, "keep failing"));
  if (g_str_has_suffix (program, "cat"))
    g_assert_nonnull (strstr (error->message, "worker protocol error"));
  else
    g_assert_nonnull (strstr (error->message, "worker exited with status 1"));
  g_assert_cmpint (lab_run_get_state (run), ==, LAB_RUN_STATE_FAILED);
  g_assert_cmpuint (lab_run_get_n_recorded (run), ==, config->count);
  assert_nothing_left ();
}

/* A worker (started directly: it has no fork server) that misbehaves once
 * mid-run: that task fails with the reason (spec[1], or what it starts
 * with), the run goes on. */
static void
test_misbehaving_worker (gconstpointer data)
{
  const char *const *spec = data;
  g_autoptr(LabConfig) config = config_new (DEFAULT_START, 2000, 2);
  g_autofree char *fake = g_test_build_filename (G_TEST_BUILT, "lab-fake-worker", NULL);
  g_autofree char *dir = g_dir_make_tmp ("lab-fake-worker-XXXXXX", NULL);
  g_autofree char *once = g_build_filename (dir, "once", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = NULL;
  const char *message = NULL;
  LabSummary summary;

  config->chunk_size = 16;
  g_setenv ("LAB_FAKE_WORKER", spec[0], TRUE);
  g_setenv ("LAB_FAKE_WORKER_ONCE", once, TRUE);
  use_worker (fake);
  run = run_config (config, NULL, NULL, NULL, &error);
  use_worker (real_worker);
  g_unsetenv ("LAB_FAKE_WORKER");
  g_unsetenv ("LAB_FAKE_WORKER_ONCE");
  g_unlink (once);
  g_rmdir (dir);

  g_assert_no_error (error);
  lab_run_get_summary (run, &summary);
  g_assert_cmpint (summary.state, ==, LAB_RUN_STATE_DONE);
  g_assert_cmpuint (count_status (run, LAB_TASK_FAILED, NULL, &message), ==, 1);
  g_assert_nonnull (message);
  g_assert_true (g_str_has_prefix (message, spec[1]));
  g_assert_cmpuint (summary.tasks_ok, ==, config->count - 1);
  g_assert_cmpuint (assert_records_complete (run), ==, 2);
  assert_ok_records_match_sieve (run);
  assert_nothing_left ();
}

/* A worker that dies on every task it gets: each death charges one task,
 * and after a few in a row the run fails instead of going through them all. */
static void
test_worker_dies_on_every_task (void)
{
  g_autoptr(LabConfig) config = config_new (DEFAULT_START, 2000, 2);
  g_autofree char *fake = g_test_build_filename (G_TEST_BUILT, "lab-fake-worker", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = NULL;
  LabSummary summary;

  g_setenv ("LAB_FAKE_WORKER", "exit3:0", TRUE);
  use_worker (fake);
  run = run_config (config, NULL, NULL, NULL, &error);
  use_worker (real_worker);
  g_unsetenv ("LAB_FAKE_WORKER");

  g_assert_error (error, LAB_ERROR, LAB_ERROR_WORKER);
  g_assert_nonnull (strstr (error->message, "keep failing"));
  g_assert_nonnull (strstr (error->message, "worker exited with status 3"));
  lab_run_get_summary (run, &summary);
  g_assert_cmpint (summary.state, ==, LAB_RUN_STATE_FAILED);
  g_assert_cmpuint (summary.tasks_failed, >=, 1);
  g_assert_cmpuint (summary.tasks_failed, <=, 3);
  g_assert_cmpuint (summary.tasks_ok, ==, 0);
  assert_records_complete (run);
  assert_nothing_left ();
}

/* Without a fork server (this wrapper refuses to be one), each worker is
 * started directly: same answers, same recovery from kill -9. */
static void
test_direct_launch (void)
{
  g_autoptr(LabConfig) config = config_new (DEFAULT_START, 20000, 2);
  g_autofree char *dir = g_dir_make_tmp ("lab-direct-XXXXXX", NULL);
  g_autofree char *wrapper = g_build_filename (dir, "worker", NULL);
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\n"
                                             "[ \"$1\" = --fork-server ] && exit 1\n"
                                             "exec '%s' \"$@\"\n", real_worker);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = NULL;
  Strike strike = { 3000, SIGKILL, 0, 0 };
  const char *message = NULL;
  LabSummary summary;

  g_assert_true (g_file_set_contents (wrapper, script, -1, NULL));
  g_assert_cmpint (g_chmod (wrapper, 0755), ==, 0);

  use_worker (wrapper);
  run = run_config (config, NULL, strike_worker, &strike, &error);
  use_worker (real_worker);
  g_unlink (wrapper);
  g_rmdir (dir);

  g_assert_no_error (error);
  lab_run_get_summary (run, &summary);
  g_assert_cmpint (strike.pid, >, 0);
  g_assert_cmpint (summary.state, ==, LAB_RUN_STATE_DONE);
  g_assert_cmpuint (count_status (run, LAB_TASK_FAILED, NULL, &message), ==, 1);
  g_assert_cmpstr (message, ==, MESSAGE_KILLED);
  g_assert_cmpuint (summary.tasks_ok, ==, config->count - 1);
  g_assert_cmpuint (assert_records_complete (run), ==, 2);
  assert_ok_records_match_sieve (run);
  assert_nothing_left ();
}

static const char *const garbage_spec[] = {
  "garbage:500", "worker protocol error: unknown frame type 0x41414141",
};
static const char *const exit_spec[] = {
  "exit3:500", "worker exited with status 3",
};
static const char *const wrong_index_spec[] = {
  "wrong-index:500", "worker protocol error: a record for task ",
};

int
main (int    argc,
      char **argv)
{
  g_autoptr(LabConfig) warm_up = config_new (DEFAULT_START, 10, 2);
  g_autoptr(LabRun) run = NULL;

  g_test_init (&argc, &argv, NULL);

  real_worker = g_strdup (g_getenv ("LAB_WORKER_PATH"));
  g_assert_nonnull (real_worker);

  /* The first run brings up what GLib keeps for good (its worker thread
   * that watches child processes): the baseline is taken after it. */
  run = run_config (warm_up, NULL, NULL, NULL, NULL);
  g_clear_object (&run);
  take_settled_baseline ();

  g_test_add_func ("/lab/executor/processes/seed-example", test_seed_example);
  g_test_add_func ("/lab/executor/processes/primes-range", test_primes_range);
  g_test_add_func ("/lab/executor/processes/chunk-sizes", test_chunk_sizes);
  g_test_add_func ("/lab/executor/processes/concurrency", test_concurrency);
  g_test_add_func ("/lab/executor/processes/timeout", test_timeout);
  g_test_add_func ("/lab/executor/processes/hung-worker", test_hung_worker);
  g_test_add_func ("/lab/executor/processes/killed-worker", test_killed_worker);
  g_test_add_func ("/lab/executor/processes/deadline", test_deadline);
  g_test_add_func ("/lab/executor/processes/cancel", test_cancel);
  g_test_add_func ("/lab/executor/processes/fork-server-killed", test_fork_server_killed);
  g_test_add_func ("/lab/executor/processes/million", test_million);
  g_test_add_func ("/lab/executor/processes/missing-worker", test_missing_worker);
  g_test_add_data_func ("/lab/executor/processes/worker-exits-at-once", "/bin/false",
                        test_broken_worker);
  g_test_add_data_func ("/lab/executor/processes/worker-speaks-garbage", "/bin/cat",
                        test_broken_worker);
  g_test_add_func ("/lab/executor/processes/worker-dies-on-every-task", test_worker_dies_on_every_task);
  g_test_add_func ("/lab/executor/processes/direct-launch", test_direct_launch);
  g_test_add_data_func ("/lab/executor/processes/garbage-mid-run", garbage_spec,
                        test_misbehaving_worker);
  g_test_add_data_func ("/lab/executor/processes/exit-mid-run", exit_spec,
                        test_misbehaving_worker);
  g_test_add_data_func ("/lab/executor/processes/wrong-record", wrong_index_spec,
                        test_misbehaving_worker);

  return g_test_run ();
}
