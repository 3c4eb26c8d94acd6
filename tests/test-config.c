/* test-config.c: options, durations and validation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "lab-config.h"
#include "lab-config-json.h"
#include "lab-error.h"

static void
test_duration_valid (void)
{
  static const struct { const char *text; GTimeSpan us; } cases[] = {
    { "250ms", 250000 }, { "2s", 2000000 }, { "1.5s", 1500000 }, { "1m", 60000000 },
    { "10us", 10 }, { "0", 0 }, { "none", 0 }, { " 3s ", 3000000 }, { "0.5ms", 500 },
    { "1h", G_TIME_SPAN_HOUR },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      GTimeSpan us = -1;

      g_assert_true (lab_parse_duration (cases[i].text, &us, &error));
      g_assert_no_error (error);
      g_assert_cmpint (us, ==, cases[i].us);
    }
}

static void
test_duration_invalid (void)
{
  static const char *cases[] = {
    "5 parsecs", "-1s", "", "s", "2", "1.5", "abc", "1e400s", "nan s", "2 s s", "0.1us", "9999h",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      GTimeSpan us = 12345;

      g_assert_false (lab_parse_duration (cases[i], &us, &error));
      g_assert_error (error, LAB_ERROR, LAB_ERROR_INVALID_OPTION);
      g_assert_cmpint (us, ==, 12345);
    }
}

static void
test_duration_format (void)
{
  g_autofree char *a = lab_format_duration (250000);
  g_autofree char *b = lab_format_duration (2000000);
  g_autofree char *c = lab_format_duration (0);
  g_autofree char *d = lab_format_duration (1500);

  g_assert_cmpstr (a, ==, "250ms");
  g_assert_cmpstr (b, ==, "2s");
  g_assert_cmpstr (c, ==, "none");
  g_assert_cmpstr (d, ==, "1500us");
}

static void
test_count (void)
{
  g_autoptr(GError) error = NULL;
  guint64 value = 0;

  g_assert_true (lab_parse_count ("1_000_000", G_MAXUINT64, &value, &error));
  g_assert_cmpuint (value, ==, 1000000);
  g_assert_false (lab_parse_count ("-3", G_MAXUINT64, &value, &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_INVALID_OPTION);
  g_clear_error (&error);
  g_assert_false (lab_parse_count ("18446744073709551616", G_MAXUINT64, &value, &error));
  g_clear_error (&error);
  g_assert_false (lab_parse_count ("11", 10, &value, &error));
  g_assert_nonnull (strstr (error->message, "at most 10"));
}

static void
test_size (void)
{
  guint64 value = 0;

  g_assert_true (lab_parse_size ("64KiB", &value, NULL));
  g_assert_cmpuint (value, ==, 65536);
  g_assert_true (lab_parse_size ("16M", &value, NULL));
  g_assert_cmpuint (value, ==, 16 * 1024 * 1024);
  g_assert_true (lab_parse_size ("100", &value, NULL));
  g_assert_cmpuint (value, ==, 100);
  g_assert_false (lab_parse_size ("12 parsecs", &value, NULL));
  g_assert_false (lab_parse_size ("-1", &value, NULL));
}

static void
assert_invalid (LabConfig  *config,
                const char *option)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (lab_config_validate (config, &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_INVALID_OPTION);
  if (strstr (error->message, option) == NULL)
    g_error ("“%s” does not name %s", error->message, option);
}

static void
test_validate (void)
{
  g_autoptr(LabConfig) config = lab_config_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (lab_config_validate (config, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (config->start, ==, G_GUINT64_CONSTANT (1000000000000));
  g_assert_cmpuint (config->count, ==, 20000);
  g_assert_cmpuint (config->workers, ==, g_get_num_processors ());

  config->workers = 0;
  assert_invalid (config, "--workers");
  config->workers = 1000000;
  assert_invalid (config, "--workers");
  config->workers = 2;

  config->count = 0;
  assert_invalid (config, "--count");
  config->count = 10;

  config->start = G_MAXUINT64 - 5;
  assert_invalid (config, "--start");
  config->start = G_MAXUINT64 - 9;   /* the last task tests 2^64 - 1: fine */
  g_assert_true (lab_config_validate (config, NULL));
  config->start = 0;

  config->chunk_size = 8;
  assert_invalid (config, "--chunk-size");
  config->model = LAB_MODEL_PROCESSES;
  g_assert_true (lab_config_validate (config, NULL));
  config->model = LAB_MODEL_THREADS;
  config->chunk_size = 0;

  config->simulate_gil = TRUE;
  config->model = LAB_MODEL_ASYNC;
  assert_invalid (config, "--simulate-gil");
  config->model = LAB_MODEL_THREADS;
  g_assert_true (lab_config_validate (config, NULL));

  config->max_in_flight = 1;
  assert_invalid (config, "--max-in-flight");
  config->max_in_flight = 0;

  /* sequential ignores --workers */
  config->model = LAB_MODEL_SEQUENTIAL;
  config->simulate_gil = FALSE;
  config->workers = 64;
  g_assert_true (lab_config_validate (config, NULL));
  g_assert_cmpuint (lab_config_get_effective_workers (config), ==, 1);
}

static void
test_urls (void)
{
  g_autoptr(LabConfig) config = lab_config_new ();
  const char *good[] = { "http://127.0.0.1:8080/work?delay=1s", "https://example.invalid/{i}",
                         "/work?delay=200ms&id={i}", NULL };
  const char *bad_scheme[] = { "ftp://example.invalid/", NULL };
  const char *bad_url[] = { "not a url", NULL };

  config->workload = LAB_WORKLOAD_URL;
  config->urls = g_strdupv ((char **) good);
  g_assert_true (lab_config_validate (config, NULL));

  g_strfreev (config->urls);
  config->urls = g_strdupv ((char **) bad_scheme);
  assert_invalid (config, "--url");

  g_strfreev (config->urls);
  config->urls = g_strdupv ((char **) bad_url);
  assert_invalid (config, "--url");
}

static void
test_json_round_trip (void)
{
  g_autoptr(LabConfig) config = lab_config_new ();
  g_autoptr(LabConfig) copy = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  config->model = LAB_MODEL_PROCESSES;
  config->workers = 3;
  config->count = 777;
  config->start = G_MAXUINT64 - 1000;
  config->timeout = 1500;
  config->deadline = 2 * G_USEC_PER_SEC;
  config->chunk_size = 16;
  config->max_in_flight = 100;

  node = lab_config_to_json (config);
  copy = lab_config_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (copy->model, ==, LAB_MODEL_PROCESSES);
  g_assert_cmpuint (copy->workers, ==, 3);
  g_assert_cmpuint (copy->count, ==, 777);
  g_assert_cmpuint (copy->start, ==, G_MAXUINT64 - 1000);
  g_assert_cmpint (copy->timeout, ==, 1500);
  g_assert_cmpint (copy->deadline, ==, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (copy->chunk_size, ==, 16);
  g_assert_cmpuint (copy->max_in_flight, ==, 100);
  g_assert_true (lab_config_validate (copy, NULL));
}

static void
test_json_rejects (void)
{
  static const char *cases[] = {
    "[]", "{\"workers\": \"two\"}", "{\"workers\": 0}", "{\"model\": \"fibers\"}",
    "{\"count\": 1e99}", "{\"timeout\": \"5 parsecs\"}", "{\"urls\": [1, 2]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (cases[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(LabConfig) config = lab_config_new_from_json (node, &error);

      g_assert_null (config);
      g_assert_error (error, LAB_ERROR, LAB_ERROR_SNAPSHOT);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/config/duration/valid", test_duration_valid);
  g_test_add_func ("/lab/config/duration/invalid", test_duration_invalid);
  g_test_add_func ("/lab/config/duration/format", test_duration_format);
  g_test_add_func ("/lab/config/count", test_count);
  g_test_add_func ("/lab/config/size", test_size);
  g_test_add_func ("/lab/config/validate", test_validate);
  g_test_add_func ("/lab/config/urls", test_urls);
  g_test_add_func ("/lab/config/json/round-trip", test_json_round_trip);
  g_test_add_func ("/lab/config/json/rejects", test_json_rejects);

  return g_test_run ();
}
