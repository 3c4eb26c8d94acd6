/* test-history.c: the run history on small real runs, in a temporary
 * directory: adding, listing, renaming, deleting, the limit, damaged files
 * and a damaged index
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "lab-history.h"
#include "lab-test-util.h"

#define START G_GUINT64_CONSTANT (1000000000000)

typedef struct
{
  char  *path;
  GFile *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->path = g_dir_make_tmp ("lab-history-XXXXXX", &error);
  g_assert_no_error (error);
  f->dir = g_file_new_for_path (f->path);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_assert_cmpint (g_remove (child), ==, 0);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  remove_tree (f->path);
  g_clear_object (&f->dir);
  g_free (f->path);
}

static LabRun *
run_primes (LabModel model,
            guint    workers,
            guint64  count)
{
  g_autoptr(LabConfig) config = lab_config_new ();
  g_autoptr(GError) error = NULL;
  LabRun *run;

  config->model = model;
  config->workers = workers;
  config->start = START;
  config->count = count;
  run = lab_test_run (config, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (lab_run_get_state (run) == LAB_RUN_STATE_DONE);
  return run;
}

/* Waiting for an async result */

static void
on_result (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static LabHistory *
load_history (GFile *dir)
{
  LabHistory *history = lab_history_new (dir);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  lab_history_load_async (history, NULL, on_result, &result);
  g_assert_true (lab_history_load_finish (history, wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_true (lab_history_is_loaded (history));
  return history;
}

static LabHistoryEntry *
add_run (LabHistory *history,
         LabRun     *run)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  LabHistoryEntry *entry;

  lab_history_add_run_async (history, run, NULL, on_result, &result);
  entry = lab_history_add_finish (history, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (entry);
  return entry;
}

static LabHistoryEntry *
nth_entry (LabHistory *history,
           guint       i)
{
  g_autoptr(LabHistoryEntry) entry = g_list_model_get_item (lab_history_get_entries (history), i);

  g_assert_nonnull (entry);
  return entry;   /* the list keeps it */
}

static guint
n_entries (LabHistory *history)
{
  return g_list_model_get_n_items (lab_history_get_entries (history));
}

static gboolean
file_exists (Fixture    *f,
             const char *name)
{
  g_autofree char *path = g_build_filename (f->path, name, NULL);
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

static guint
count_json_files (Fixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->path, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    n += g_str_has_suffix (name, ".json") && name[0] != '.' && strcmp (name, LAB_HISTORY_INDEX_NAME) != 0;
  return n;
}

/* The titles in the index on disk, in its order. */
static GPtrArray *
read_index_titles (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->path, LAB_HISTORY_INDEX_NAME, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *titles = g_ptr_array_new_with_free_func (g_free);
  JsonArray *entries;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  entries = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "entries");
  for (guint i = 0; i < json_array_get_length (entries); i++)
    g_ptr_array_add (titles, g_strdup (json_object_get_string_member (json_array_get_object_element (entries, i), "title")));
  return titles;
}

/* Tests */

static void
test_add_and_list (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(LabHistory) history = load_history (f->dir);
  g_autoptr(LabRun) first = run_primes (LAB_MODEL_SEQUENTIAL, 1, 300);
  g_autoptr(LabRun) second = run_primes (LAB_MODEL_THREADS, 2, 400);
  g_autoptr(LabHistoryEntry) a = NULL, b = NULL;
  g_autoptr(GPtrArray) titles = NULL;
  LabHistoryEntry *newest;
  LabSummary summary;

  g_assert_cmpuint (n_entries (history), ==, 0);
  a = add_run (history, first);
  b = add_run (history, second);

  g_assert_cmpuint (n_entries (history), ==, 2);
  newest = nth_entry (history, 0);
  g_assert_true (newest == b);
  g_assert_true (nth_entry (history, 1) == a);

  g_assert_cmpstr (lab_history_entry_get_title (b), ==, "primes · threads · 2 workers");
  g_assert_cmpstr (lab_history_entry_get_title (a), ==, "primes · sequential · 1 worker");
  g_assert_cmpint (lab_history_entry_get_kind (b), ==, LAB_DOCUMENT_SNAPSHOT);
  g_assert_cmpstr (lab_history_entry_get_models (b)[0], ==, "threads");
  g_assert_cmpuint (lab_history_entry_get_workers (b), ==, 2);
  g_assert_cmpstr (lab_history_entry_get_state (b), ==, "done");

  lab_run_get_summary (second, &summary);
  g_assert_cmpint (lab_history_entry_get_tasks_ok (b), ==, summary.tasks_ok);
  g_assert_cmpint (lab_history_entry_get_tasks_ok (b) + lab_history_entry_get_tasks_failed (b), ==, 400);
  g_assert_cmpfloat (lab_history_entry_get_wall_seconds (b), ==, summary.wall_seconds);
  g_assert_cmpfloat (lab_history_entry_get_p99_ms (b), ==, summary.latency_ms.p99);
  g_assert_true (isnan (lab_history_entry_get_speedup (b)));

  /* one snapshot file per run, and the index lists them newest first */
  g_assert_cmpuint (count_json_files (f), ==, 2);
  g_assert_true (file_exists (f, lab_history_entry_get_file_name (a)));
  g_assert_true (file_exists (f, lab_history_entry_get_file_name (b)));
  titles = read_index_titles (f);
  g_assert_cmpuint (titles->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (titles, 0), ==, "primes · threads · 2 workers");

  /* a new history over the same directory lists the same, from the index */
  {
    g_autoptr(LabHistory) again = load_history (f->dir);

    g_assert_cmpuint (n_entries (again), ==, 2);
    g_assert_cmpstr (lab_history_entry_get_file_name (nth_entry (again, 0)), ==, lab_history_entry_get_file_name (b));
    g_assert_cmpint (lab_history_entry_get_tasks_ok (nth_entry (again, 0)), ==, summary.tasks_ok);
    g_assert_cmpuint (g_strv_length ((char **) lab_history_get_notes (again)), ==, 0);
  }
}

static void
test_load_entry (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(LabHistory) history = load_history (f->dir);
  g_autoptr(LabRun) run = run_primes (LAB_MODEL_THREADS, 2, 500);
  g_autoptr(LabHistoryEntry) entry = add_run (history, run);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) loaded = NULL;
  LabSummary s1, s2;

  lab_history_load_entry_async (history, entry, NULL, on_result, &result);
  loaded = lab_history_load_entry_finish (history, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (LAB_IS_RUN (loaded));

  lab_run_get_summary (run, &s1);
  lab_run_get_summary (LAB_RUN (loaded), &s2);
  g_assert_cmpuint (s2.tasks_ok, ==, s1.tasks_ok);
  g_assert_cmpuint (s2.primes_found, ==, s1.primes_found);
  g_assert_cmpuint (lab_run_get_n_recorded (LAB_RUN (loaded)), ==, 500);
}

static void
test_comparison (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(LabHistory) history = load_history (f->dir);
  g_autoptr(LabConfig) base = lab_config_new ();
  g_autoptr(LabComparison) comparison = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LabHistoryEntry) entry = NULL;
  LabModel models[] = { LAB_MODEL_SEQUENTIAL, LAB_MODEL_THREADS };

  base->start = START;
  base->count = 400;
  base->workers = 2;
  comparison = lab_comparison_new (base, models, 2, 1);
  for (guint m = 0; m < 2; m++)
    {
      g_autoptr(LabConfig) config = lab_comparison_dup_model_config (comparison, models[m]);
      g_autoptr(LabRun) run = lab_test_run (config, NULL, &error);

      g_assert_no_error (error);
      lab_comparison_add_run (comparison, run, 1);
    }

  lab_history_add_comparison_async (history, comparison, NULL, on_result, &result);
  entry = lab_history_add_finish (history, wait_result (&result), &error);
  g_assert_no_error (error);

  g_assert_cmpint (lab_history_entry_get_kind (entry), ==, LAB_DOCUMENT_COMPARISON);
  g_assert_cmpstr (lab_history_entry_get_title (entry), ==, "primes · sequential, threads · 2 workers");
  g_assert_cmpuint (g_strv_length ((char **) lab_history_entry_get_models (entry)), ==, 2);
  g_assert_true (isfinite (lab_history_entry_get_speedup (entry)));
  g_assert_cmpfloat (lab_history_entry_get_speedup (entry), >, 0);
  g_assert_true (file_exists (f, lab_history_entry_get_file_name (entry)));

  /* its file reads back as a comparison */
  {
    g_autoptr(GAsyncResult) loaded_result = NULL;
    g_autoptr(GObject) loaded = NULL;

    lab_history_load_entry_async (history, entry, NULL, on_result, &loaded_result);
    loaded = lab_history_load_entry_finish (history, wait_result (&loaded_result), &error);
    g_assert_no_error (error);
    g_assert_true (LAB_IS_COMPARISON (loaded));
    g_assert_cmpuint (lab_comparison_get_n_models (LAB_COMPARISON (loaded)), ==, 2);
  }
}

static void
test_rename (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(LabHistory) history = load_history (f->dir);
  g_autoptr(LabRun) run = run_primes (LAB_MODEL_THREADS, 2, 200);
  g_autoptr(LabHistoryEntry) entry = add_run (history, run);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  lab_history_rename_async (history, entry, "  Before the fix  ", NULL, on_result, &result);
  g_assert_true (lab_history_rename_finish (history, wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (lab_history_entry_get_title (entry), ==, "Before the fix");

  {
    g_autoptr(LabHistory) again = load_history (f->dir);

    g_assert_cmpuint (n_entries (again), ==, 1);
    g_assert_cmpstr (lab_history_entry_get_title (nth_entry (again, 0)), ==, "Before the fix");
  }

  /* an empty title gives the default back */
  g_clear_object (&result);
  lab_history_rename_async (history, entry, " ", NULL, on_result, &result);
  g_assert_true (lab_history_rename_finish (history, wait_result (&result), &error));
  g_assert_cmpstr (lab_history_entry_get_title (entry), ==, "primes · threads · 2 workers");
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(LabHistory) history = load_history (f->dir);
  g_autoptr(LabRun) r1 = run_primes (LAB_MODEL_SEQUENTIAL, 1, 200);
  g_autoptr(LabRun) r2 = run_primes (LAB_MODEL_THREADS, 2, 200);
  g_autoptr(LabHistoryEntry) a = add_run (history, r1);
  g_autoptr(LabHistoryEntry) b = add_run (history, r2);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  LabHistoryEntry *doomed[] = { b };

  lab_history_delete_async (history, doomed, 1, NULL, on_result, &result);
  /* gone from the list at once */
  g_assert_cmpuint (n_entries (history), ==, 1);
  g_assert_true (lab_history_delete_finish (history, wait_result (&result), &error));
  g_assert_no_error (error);

  g_assert_false (file_exists (f, lab_history_entry_get_file_name (b)));
  g_assert_true (file_exists (f, lab_history_entry_get_file_name (a)));
  g_assert_cmpuint (count_json_files (f), ==, 1);

  {
    g_autoptr(LabHistory) again = load_history (f->dir);

    g_assert_cmpuint (n_entries (again), ==, 1);
    g_assert_cmpstr (lab_history_entry_get_file_name (nth_entry (again, 0)), ==, lab_history_entry_get_file_name (a));
  }
}

static void
test_limit (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(LabHistory) history = load_history (f->dir);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);

  lab_history_set_limit (history, 3);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(LabRun) run = run_primes (LAB_MODEL_THREADS, i + 1, 100);
      g_ptr_array_add (entries, add_run (history, run));
    }

  /* the oldest went, file and all */
  g_assert_cmpuint (n_entries (history), ==, 3);
  g_assert_true (nth_entry (history, 0) == g_ptr_array_index (entries, 3));
  g_assert_true (nth_entry (history, 2) == g_ptr_array_index (entries, 1));
  g_assert_false (file_exists (f, lab_history_entry_get_file_name (g_ptr_array_index (entries, 0))));
  g_assert_cmpuint (count_json_files (f), ==, 3);

  /* a lower limit on a loaded history removes at once, the files soon after */
  lab_history_set_limit (history, 1);
  g_assert_cmpuint (n_entries (history), ==, 1);
  g_assert_true (nth_entry (history, 0) == g_ptr_array_index (entries, 3));
  for (guint i = 0; i < 500 && count_json_files (f) != 1; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
  g_assert_cmpuint (count_json_files (f), ==, 1);

  /* and a history loaded with a limit keeps only as many */
  {
    g_autoptr(LabHistory) again = load_history (f->dir);
    g_assert_cmpuint (n_entries (again), ==, 1);
  }
}

static void
write_file (Fixture    *f,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autofree char *path = g_build_filename (f->path, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

static gboolean
has_note (LabHistory *history,
          const char *name)
{
  const char * const *notes = lab_history_get_notes (history);

  for (guint i = 0; notes[i] != NULL; i++)
    if (g_str_has_prefix (notes[i], name) && strlen (notes[i]) > strlen (name) + 3)
      return TRUE;
  return FALSE;
}

static void
test_damaged_files (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *good_path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(LabHistoryEntry) good = NULL;
  gsize length;

  {
    g_autoptr(LabHistory) history = load_history (f->dir);
    g_autoptr(LabRun) run = run_primes (LAB_MODEL_THREADS, 2, 200);

    good = add_run (history, run);
  }

  /* a truncated snapshot, another program's JSON, not JSON at all */
  good_path = g_build_filename (f->path, lab_history_entry_get_file_name (good), NULL);
  g_assert_true (g_file_get_contents (good_path, &contents, &length, NULL));
  write_file (f, "run-truncated.json", contents, 60);
  write_file (f, "foreign.json", "{\"name\": \"package\", \"version\": \"1.0\"}", -1);
  write_file (f, "binary.json", "\x7f" "ELF\x01\x02", 6);
  write_file (f, "notes.txt", "not in the history", -1);

  {
    g_autoptr(LabHistory) history = load_history (f->dir);

    g_assert_cmpuint (n_entries (history), ==, 1);
    g_assert_cmpstr (lab_history_entry_get_file_name (nth_entry (history, 0)), ==,
                     lab_history_entry_get_file_name (good));
    g_assert_cmpuint (g_strv_length ((char **) lab_history_get_notes (history)), ==, 3);
    g_assert_true (has_note (history, "run-truncated.json: "));
    g_assert_true (has_note (history, "foreign.json: "));
    g_assert_true (has_note (history, "binary.json: "));
    /* by name, for a reader */
    g_assert_true (g_str_has_prefix (lab_history_get_notes (history)[0], "binary.json: "));
    g_assert_true (g_str_has_prefix (lab_history_get_notes (history)[2], "run-truncated.json: "));
    /* skipped, not deleted */
    g_assert_true (file_exists (f, "foreign.json"));
  }
}

static void
test_rebuild_index (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(LabHistoryEntry) a = NULL, b = NULL;
  g_autofree char *index_path = g_build_filename (f->path, LAB_HISTORY_INDEX_NAME, NULL);

  {
    g_autoptr(LabHistory) history = load_history (f->dir);
    g_autoptr(LabRun) r1 = run_primes (LAB_MODEL_SEQUENTIAL, 1, 200);
    g_autoptr(LabRun) r2 = run_primes (LAB_MODEL_THREADS, 3, 300);

    a = add_run (history, r1);
    b = add_run (history, r2);
  }

  /* missing */
  g_assert_cmpint (g_remove (index_path), ==, 0);
  {
    g_autoptr(LabHistory) history = load_history (f->dir);
    g_autoptr(GPtrArray) titles = NULL;

    g_assert_cmpuint (n_entries (history), ==, 2);
    g_assert_cmpstr (lab_history_entry_get_file_name (nth_entry (history, 0)), ==, lab_history_entry_get_file_name (b));
    g_assert_cmpstr (lab_history_entry_get_title (nth_entry (history, 0)), ==, "primes · threads · 3 workers");
    g_assert_cmpint (lab_history_entry_get_tasks_ok (nth_entry (history, 0)), ==, lab_history_entry_get_tasks_ok (b));
    g_assert_cmpfloat_with_epsilon (lab_history_entry_get_throughput (nth_entry (history, 0)),
                                    lab_history_entry_get_throughput (b),
                                    lab_history_entry_get_throughput (b) * 1e-6);
    /* and written again */
    titles = read_index_titles (f);
    g_assert_cmpuint (titles->len, ==, 2);
  }

  /* corrupt: cut in the middle, then not an index at all */
  {
    g_autofree char *contents = NULL;
    gsize length;

    g_assert_true (g_file_get_contents (index_path, &contents, &length, NULL));
    write_file (f, LAB_HISTORY_INDEX_NAME, contents, length / 2);
  }
  {
    g_autoptr(LabHistory) history = load_history (f->dir);
    g_assert_cmpuint (n_entries (history), ==, 2);
  }
  write_file (f, LAB_HISTORY_INDEX_NAME, "{\"format\": \"concurrency-lab-history\", \"version\": 1, "
              "\"entries\": [{\"file\": \"../../etc/passwd\"}]}", -1);
  {
    g_autoptr(LabHistory) history = load_history (f->dir);
    g_autoptr(GPtrArray) titles = NULL;

    g_assert_cmpuint (n_entries (history), ==, 2);
    titles = read_index_titles (f);
    g_assert_cmpuint (titles->len, ==, 2);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/lab/history/add-and-list", test_add_and_list);
  ADD ("/lab/history/load-entry", test_load_entry);
  ADD ("/lab/history/comparison", test_comparison);
  ADD ("/lab/history/rename", test_rename);
  ADD ("/lab/history/delete", test_delete);
  ADD ("/lab/history/limit", test_limit);
  ADD ("/lab/history/damaged-files", test_damaged_files);
  ADD ("/lab/history/rebuild-index", test_rebuild_index);
#undef ADD

  return g_test_run ();
}
