/* test-snapshot-fuzz.c: thousands of damaged snapshots and comparisons
 *
 * Valid small documents from real runs are truncated, have bytes flipped,
 * values swapped for values of other types and absurd sizes, members
 * duplicated, nesting made deep and strings huge. Each must either load
 * (and then be consistent: the summary counts what the records hold) or
 * fail with a GError — never crash, never allocate absurdly. Run under
 * AddressSanitizer by ./quickstart test.
 *
 * LAB_FUZZ_SEED and LAB_FUZZ_CASES change the seed (printed) and the number
 * of random cases.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "lab-comparison.h"
#include "lab-error.h"
#include "lab-lab-server.h"
#include "lab-snapshot-reader.h"
#include "lab-test-snapshot.h"

#define DEFAULT_SEED  20261125
#define DEFAULT_CASES 4000

typedef struct
{
  char  *text;
  gsize  length;
} Seed;

static GPtrArray *snapshots;     /* Seed */
static char      *comparison;
static GRand     *rand_;
static guint      n_loaded, n_refused;

static void
add_seed (LabRun *run)
{
  Seed *seed = g_new0 (Seed, 1);

  seed->text = lab_test_write_snapshot (run);
  seed->length = strlen (seed->text);
  g_ptr_array_add (snapshots, seed);
}

static void
seed_free (Seed *seed)
{
  g_free (seed->text);
  g_free (seed);
}

/* Small real documents of each kind: every model, both workloads, a run
 * with failures and one cancelled with tasks that never started. */
static void
make_seeds (void)
{
  static const LabModel models[] = { LAB_MODEL_SEQUENTIAL, LAB_MODEL_THREADS };
  g_autoptr(LabLabServer) server = lab_lab_server_new (0);
  g_autoptr(LabConfig) config = lab_config_new ();
  g_autoptr(LabComparison) compare = NULL;
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  char *urls[2] = { NULL, NULL };

  snapshots = g_ptr_array_new_with_free_func ((GDestroyNotify) seed_free);

  config->count = 12;
  config->workers = 2;
  for (LabModel model = 0; model < LAB_N_MODELS; model++)
    {
      g_autoptr(LabRun) run = NULL;

      config->model = model;
      config->simulate_gil = model == LAB_MODEL_THREADS;
      run = lab_test_run_config (config);
      add_seed (run);
    }
  config->simulate_gil = FALSE;

  g_assert_true (lab_lab_server_start (server, &error));
  g_assert_no_error (error);
  urls[0] = lab_lab_server_dup_work_url (server, "size=100&fail=0.3&status=201");
  config->workload = LAB_WORKLOAD_URL;
  config->urls = g_strdupv (urls);
  g_free (urls[0]);
  config->model = LAB_MODEL_ASYNC;
  {
    g_autoptr(LabRun) run = lab_test_run_config (config);
    add_seed (run);
  }

  /* tasks slower than the cancel: most never start (worker null) */
  urls[0] = lab_lab_server_dup_work_url (server, "delay=40ms");
  g_strfreev (config->urls);
  config->urls = g_strdupv (urls);
  g_free (urls[0]);
  config->model = LAB_MODEL_THREADS;
  config->count = 16;
  {
    g_autoptr(LabRun) run = lab_test_run_and_cancel (config, 10, NULL, &error);
    g_assert_nonnull (run);
    add_seed (run);
  }

  /* a comparison */
  config->workload = LAB_WORKLOAD_PRIMES;
  g_clear_pointer (&config->urls, g_strfreev);
  config->count = 10;
  compare = lab_comparison_new (config, models, 2, 1);
  for (guint m = 0; m < 2; m++)
    {
      g_autoptr(LabConfig) model_config = lab_comparison_dup_model_config (compare, models[m]);
      g_autoptr(LabRun) run = lab_test_run_config (model_config);

      lab_comparison_add_run (compare, run, 1);
    }
  g_assert_true (lab_comparison_write_json (compare, stream, &error));
  g_assert_true (g_output_stream_write_all (stream, "", 1, NULL, NULL, NULL));
  g_output_stream_close (stream, NULL, NULL);
  comparison = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
}

/* What a loaded run must be, whatever it was loaded from. */
static void
assert_consistent (LabRun *run)
{
  const LabConfig *config = lab_run_get_config (run);
  const LabTaskRecord *records;
  guint64 counts[LAB_N_TASK_STATUSES] = { 0 };
  LabSummary summary;
  gsize n;

  g_assert_true (lab_run_is_finished (run));
  lab_run_get_summary (run, &summary);

  lab_run_lock (run);
  records = lab_run_peek_records (run, &n);
  for (gsize i = 0; i < n; i++)
    {
      g_assert_cmpuint (records[i].index, <, config->count);
      g_assert_cmpuint (records[i].status, <, LAB_N_TASK_STATUSES);
      g_assert_cmpint (records[i].start_us, <=, records[i].end_us);
      g_assert_true (records[i].worker == LAB_WORKER_NONE || records[i].worker < summary.workers);
      counts[records[i].status]++;
    }
  lab_run_unlock (run);

  g_assert_cmpuint (n, ==, config->count);
  g_assert_cmpuint (summary.tasks_total, ==, config->count);
  g_assert_cmpuint (summary.tasks_recorded, ==, n);
  g_assert_cmpuint (summary.tasks_ok, ==, counts[LAB_TASK_OK]);
  g_assert_cmpuint (summary.tasks_failed, ==, counts[LAB_TASK_FAILED]);
  g_assert_cmpuint (summary.tasks_timed_out, ==, counts[LAB_TASK_TIMED_OUT]);
  g_assert_cmpuint (summary.tasks_cancelled, ==, counts[LAB_TASK_CANCELLED]);
  g_assert_cmpfloat (summary.startup_seconds, <=, summary.wall_seconds);
}

static void
check_error (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (g_error_matches (error, LAB_ERROR, LAB_ERROR_SNAPSHOT) || error->domain == G_IO_ERROR);
  g_assert_cmpuint (strlen (error->message), >, 0);
}

/* Loads @text as a snapshot (and now and then reads its head from a file
 * and writes a loaded run back): either it loads consistently, or fails
 * with an error. */
static void
try_snapshot (const char *text,
              gsize       length)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (text, length, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRun) run = lab_snapshot_load (stream, NULL, &error);

  (void) lab_document_kind_sniff (text, length);

  if (run != NULL)
    {
      g_assert_no_error (error);
      assert_consistent (run);
      n_loaded++;

      if (g_rand_int_range (rand_, 0, 8) == 0)
        {
          g_autofree char *again = lab_test_write_snapshot (run);
          g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (again, strlen (again), NULL);
          g_autoptr(LabRun) reloaded = lab_snapshot_load (in, NULL, &error);

          g_assert_no_error (error);
          assert_consistent (reloaded);
        }
    }
  else
    {
      check_error (error);
      n_refused++;
    }

  if (g_rand_int_range (rand_, 0, 16) == 0)
    {
      g_autofree char *path = NULL;
      g_autoptr(GFile) file = NULL;
      g_autoptr(GError) info_error = NULL;
      LabSnapshotInfo info;
      int fd = g_file_open_tmp ("lab-fuzz-XXXXXX.json", &path, NULL);

      g_assert_cmpint (fd, >=, 0);
      g_assert_cmpint (write (fd, text, length), ==, (gssize) length);
      close (fd);
      file = g_file_new_for_path (path);
      if (lab_snapshot_read_info (file, &info, NULL, &info_error))
        {
          g_assert_cmpint (info.kind, !=, LAB_DOCUMENT_UNKNOWN);
          if (info.kind == LAB_DOCUMENT_SNAPSHOT)
            g_assert_nonnull (info.config);
          lab_snapshot_info_clear (&info);
        }
      else
        check_error (info_error);
      g_unlink (path);
    }
}

static void
try_comparison (const char *text,
                gsize       length)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (text, length, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabComparison) loaded = lab_comparison_load (stream, &error);

  if (loaded != NULL)
    {
      g_assert_no_error (error);
      for (guint m = 0; m < lab_comparison_get_n_models (loaded); m++)
        {
          LabModelStats stats;

          lab_comparison_get_stats (loaded, lab_comparison_get_model (loaded, m), &stats);
          g_assert_cmpuint (stats.n_used, <=, stats.n_runs);
        }
      g_free (lab_comparison_format_text (loaded));
    }
  else
    check_error (error);
}

/* Mutations --------------------------------------------------------------- */

/* Where the scalar values of a valid document are (not member names). */
static GArray *
find_scalars (const char *text,
              gsize       length)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (gsize) * 2);
  gboolean in_string = FALSE, is_name = FALSE;
  char stack[128];
  guint depth = 0;
  gsize start = 0;
  char last = 0;   /* the last structural character */

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            {
              gsize span[2] = { start, i + 1 };

              in_string = FALSE;
              if (!is_name)
                g_array_append_val (spans, span);
            }
          continue;
        }
      switch (c)
        {
        case '{': case '[':
          if (depth < sizeof stack)
            stack[depth++] = c;
          last = c;
          break;
        case '}': case ']':
          if (depth > 0)
            depth--;
          last = c;
          break;
        case ',': case ':':
          last = c;
          break;
        case '"':
          in_string = TRUE;
          start = i;
          is_name = depth > 0 && stack[depth - 1] == '{' && (last == '{' || last == ',');
          last = '"';
          break;
        case ' ': case '\n': case '\t': case '\r':
          break;
        default:
          {
            gsize end = i;
            gsize span[2];

            while (end < length && !strchr (",]}\n ", text[end]))
              end++;
            span[0] = i;
            span[1] = end;
            g_array_append_val (spans, span);
            i = end - 1;
            last = 'v';
          }
        }
    }
  return spans;
}

static const char *replacements[] = {
  "\"x\"", "\"\"", "1", "0", "-1", "-0", "0.5", "1e400", "-1e400", "1e-400",
  "18446744073709551616", "9223372036854775807", "-9223372036854775808",
  "99999999999999999999999999", "4294967296", "65536", "10000000", "null",
  "true", "false", "[]", "{}", "[1,2]", "{\"a\":1}", "\"2026-13-45T99:99:99Z\"",
  "\"done\"", "\"cancelled\"", "\"ok\"", "3.000", "0.001", "1e5", "2.5e-3",
};

static char *
splice (const char *text,
        gsize       length,
        gsize       start,
        gsize       end,
        const char *insert,
        gsize       insert_length,
        gsize      *out_length)
{
  GString *result = g_string_sized_new (length + insert_length);

  g_string_append_len (result, text, start);
  g_string_append_len (result, insert, insert_length);
  g_string_append_len (result, text + end, length - end);
  *out_length = result->len;
  return g_string_free (result, FALSE);
}

static char *
mutate (const char *text,
        gsize       length,
        gsize      *out_length)
{
  g_autoptr(GArray) spans = find_scalars (text, length);
  guint kind = g_rand_int_range (rand_, 0, 100);
  gsize *span = &g_array_index (spans, gsize, 2 * g_rand_int_range (rand_, 0, spans->len));

  if (kind < 30)
    {
      /* a value swapped for one of another type or an absurd size */
      const char *with = replacements[g_rand_int_range (rand_, 0, G_N_ELEMENTS (replacements))];

      return splice (text, length, span[0], span[1], with, strlen (with), out_length);
    }
  if (kind < 55)
    {
      /* bytes flipped, often to characters that matter in JSON */
      static const char significant[] = "{}[]\",:0123456789-+.eE \\ntfu\x01\x7f\xc3\xff";
      char *copy = g_memdup2 (text, length);
      guint flips = g_rand_int_range (rand_, 1, 9);

      for (guint i = 0; i < flips; i++)
        {
          gsize at = g_rand_int_range (rand_, 0, length);

          copy[at] = g_rand_boolean (rand_) ? (char) g_rand_int_range (rand_, 0, 256)
                                            : significant[g_rand_int_range (rand_, 0, sizeof significant - 1)];
        }
      *out_length = length;
      return copy;
    }
  if (kind < 65)
    {
      /* a random span deleted */
      gsize at = g_rand_int_range (rand_, 0, length);
      gsize n = MIN (length - at, (gsize) g_rand_int_range (rand_, 1, 64));

      return splice (text, length, at, at + n, "", 0, out_length);
    }
  if (kind < 75)
    {
      /* a member duplicated: the line of a value given twice */
      gsize line_start = span[0], line_end = span[1];

      while (line_start > 0 && text[line_start - 1] != '\n')
        line_start--;
      while (line_end < length && text[line_end] != '\n')
        line_end++;
      return splice (text, length, line_start, line_start, text + line_start,
                     line_end - line_start + (line_end < length), out_length);
    }
  if (kind < 80)
    {
      /* deep nesting in place of a value */
      guint levels = g_rand_boolean (rand_) ? 100000 : g_rand_int_range (rand_, 50, 80);
      GString *deep = g_string_new (NULL);
      char *result;

      for (guint i = 0; i < levels; i++)
        g_string_append_c (deep, g_rand_boolean (rand_) ? '[' : '[');
      if (g_rand_boolean (rand_))
        for (guint i = 0; i < levels; i++)
          g_string_append_c (deep, ']');
      result = splice (text, length, span[0], span[1], deep->str, deep->len, out_length);
      g_string_free (deep, TRUE);
      return result;
    }
  if (kind < 84)
    {
      /* a huge string in place of a value */
      gsize size = g_rand_boolean (rand_) ? 2 * 1024 * 1024 : 512 * 1024;
      char *huge = g_malloc (size + 2);
      char *result;

      memset (huge, 'y', size + 2);
      huge[0] = huge[size + 1] = '"';
      result = splice (text, length, span[0], span[1], huge, size + 2, out_length);
      g_free (huge);
      return result;
    }
  if (kind < 88)
    {
      /* garbage after the document */
      return splice (text, length, length, length, "{}", 2, out_length);
    }
  {
    /* a value swapped, then the whole cut short */
    const char *with = replacements[g_rand_int_range (rand_, 0, G_N_ELEMENTS (replacements))];
    char *swapped = splice (text, length, span[0], span[1], with, strlen (with), out_length);

    *out_length = g_rand_int_range (rand_, 0, *out_length + 1);
    return swapped;
  }
}

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *value = g_getenv (name);
  guint64 parsed;

  if (value != NULL && g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT32, &parsed, NULL))
    return parsed;
  return fallback;
}

static G_GNUC_UNUSED gint64
peak_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return 0;
  return g_ascii_strtoll (line + 6, NULL, 10);
}

/* Tests ------------------------------------------------------------------- */

static void
test_truncation (void)
{
  for (guint s = 0; s < snapshots->len; s++)
    {
      Seed *seed = g_ptr_array_index (snapshots, s);
      gsize step = MAX (1, seed->length / 400);

      for (gsize cut = 0; cut < seed->length; cut += step)
        try_snapshot (seed->text, cut);
    }
  for (gsize cut = 0, n = strlen (comparison); cut < n; cut += MAX (1, n / 400))
    try_comparison (comparison, cut);

  g_test_message ("truncation: %u loaded, %u refused", n_loaded, n_refused);
  /* a snapshot cut anywhere before its last bytes is not a snapshot */
  g_assert_cmpuint (n_refused, >, 0);
}

static void
test_random (void)
{
  guint cases = env_uint ("LAB_FUZZ_CASES", DEFAULT_CASES);

  n_loaded = n_refused = 0;
  for (guint i = 0; i < cases; i++)
    {
      Seed *seed = g_ptr_array_index (snapshots, g_rand_int_range (rand_, 0, snapshots->len));
      gsize length;
      g_autofree char *text = NULL;

      if (i % 10 == 9)
        {
          gsize n = strlen (comparison);

          text = mutate (comparison, n, &length);
          try_comparison (text, length);
          continue;
        }
      text = mutate (seed->text, seed->length, &length);
      try_snapshot (text, length);
    }

  g_test_message ("random: %u cases, %u loaded, %u refused", cases, n_loaded, n_refused);
  g_assert_cmpuint (n_loaded + n_refused, >, 0);
  g_assert_cmpuint (n_refused, >, 0);

#ifndef __SANITIZE_ADDRESS__
  /* Nothing absurd was ever allocated (and touched): the documents are a
   * few MB at most; sizes claimed inside them are never trusted. */
  g_test_message ("peak resident memory: %" G_GINT64_FORMAT " kB", peak_kb ());
  g_assert_cmpint (peak_kb (), <, 128 * 1024);
#endif
}

/* The absurd sizes, each on purpose. */
static void
test_absurd (void)
{
  Seed *seed = g_ptr_array_index (snapshots, 0);
  static const struct { const char *pattern, *replacement; } cases[] = {
    { "\"count\": 12", "\"count\": 10000000" },
    { "\"tasks_total\": 12", "\"tasks_total\": 10000000" },
    { "\"wall_seconds\": [0-9.e-]+", "\"wall_seconds\": 1e300" },
    { "\"wall_seconds\": [0-9.e-]+", "\"wall_seconds\": 30000000" },
    { "\"workers\": 1,\n    \"count\"", "\"workers\": 4294967296,\n    \"count\"" },
    { "\"end_ms\":[0-9.]+", "\"end_ms\":1e400" },
    { "\"start_ms\":[0-9.]+", "\"start_ms\":-0.001" },
    { "\"index\":3,", "\"index\":18446744073709551615," },
  };
  g_autofree char *all = g_strdup (seed->text);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GRegex) regex = g_regex_new (cases[i].pattern, 0, 0, NULL);
      g_autofree char *one = g_regex_replace_literal (regex, seed->text, -1, 0, cases[i].replacement,
                                                      G_REGEX_MATCH_NOTEMPTY, NULL);
      char *next = g_regex_replace_literal (regex, all, -1, 0, cases[i].replacement, 0, NULL);

      try_snapshot (one, strlen (one));
      g_free (all);
      all = next;
    }
  try_snapshot (all, strlen (all));
}

int
main (int   argc,
      char *argv[])
{
  guint seed;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  seed = env_uint ("LAB_FUZZ_SEED", DEFAULT_SEED);
  rand_ = g_rand_new_with_seed (seed);

  g_test_add_func ("/lab/snapshot-fuzz/truncation", test_truncation);
  g_test_add_func ("/lab/snapshot-fuzz/random", test_random);
  g_test_add_func ("/lab/snapshot-fuzz/absurd", test_absurd);

  make_seeds ();
  g_test_message ("LAB_FUZZ_SEED=%u, %u seed documents", seed, snapshots->len);

  status = g_test_run ();

  g_ptr_array_unref (snapshots);
  g_free (comparison);
  g_rand_free (rand_);
  return status;
}
