/* lab-config.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lab-config.h"
#include "lab-error.h"

G_DEFINE_BOXED_TYPE (LabConfig, lab_config, lab_config_copy, lab_config_free)

static const struct {
  const char *name;
  const char *title;
} model_names[] = {
  [LAB_MODEL_SEQUENTIAL] = { "sequential", "Sequential" },
  [LAB_MODEL_THREADS]    = { "threads",    "Threads" },
  [LAB_MODEL_PROCESSES]  = { "processes",  "Processes" },
  [LAB_MODEL_ASYNC]      = { "async",      "Async" },
};

static const char *workload_names[] = {
  [LAB_WORKLOAD_PRIMES] = "primes",
  [LAB_WORKLOAD_URL]    = "url",
};

LabConfig *
lab_config_new (void)
{
  LabConfig *self = g_new0 (LabConfig, 1);

  self->workload = LAB_WORKLOAD_PRIMES;
  self->model = LAB_MODEL_THREADS;
  self->workers = MAX (1, g_get_num_processors ());
  self->count = LAB_DEFAULT_COUNT;
  self->start = LAB_DEFAULT_START;
  self->switch_interval = LAB_DEFAULT_SWITCH_INTERVAL;
  self->max_body = LAB_DEFAULT_MAX_BODY;

  return self;
}

LabConfig *
lab_config_copy (const LabConfig *self)
{
  LabConfig *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->urls = g_strdupv (self->urls);

  return copy;
}

void
lab_config_free (LabConfig *self)
{
  if (self == NULL)
    return;

  g_strfreev (self->urls);
  g_free (self);
}

guint
lab_config_get_effective_workers (const LabConfig *self)
{
  return self->model == LAB_MODEL_SEQUENTIAL ? 1 : MAX (1, self->workers);
}

guint
lab_config_get_effective_chunk_size (const LabConfig *self)
{
  guint64 chunk;

  if (self->model != LAB_MODEL_PROCESSES)
    return 1;
  if (self->chunk_size > 0)
    return self->chunk_size;
  /* Long I/O tasks gain nothing from batching; for CPU work, aim at about
   * 64 chunks per worker so the tail of the run stays balanced. */
  if (self->workload == LAB_WORKLOAD_URL)
    return 1;
  chunk = self->count / ((guint64) lab_config_get_effective_workers (self) * 64);
  return (guint) CLAMP (chunk, 1, 256);
}

guint
lab_config_get_effective_max_in_flight (const LabConfig *self)
{
  guint64 workers = lab_config_get_effective_workers (self);
  guint64 value;

  if (self->max_in_flight > 0)
    return self->max_in_flight;

  /* Processes: two chunks per worker, so the next waits while one runs;
   * for CPU work at least 128 tasks, or small chunks would make every task
   * wait for a round trip through the pool (url tasks, which can be slow,
   * would only queue behind one another). */
  if (self->model == LAB_MODEL_PROCESSES)
    value = workers * MAX (lab_config_get_effective_chunk_size (self) * 2,
                           self->workload == LAB_WORKLOAD_PRIMES ? 128 : 2);
  else
    value = workers * 256;

  return (guint) MIN (value, LAB_MAX_MAX_IN_FLIGHT);
}

const char *
lab_model_to_string (LabModel model)
{
  g_return_val_if_fail ((guint) model < G_N_ELEMENTS (model_names), NULL);
  return model_names[model].name;
}

const char *
lab_model_get_title (LabModel model)
{
  g_return_val_if_fail ((guint) model < G_N_ELEMENTS (model_names), NULL);
  return model_names[model].title;
}

gboolean
lab_model_from_string (const char *str,
                       LabModel   *model)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (model_names); i++)
    {
      if (g_ascii_strcasecmp (str, model_names[i].name) == 0)
        {
          *model = i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
lab_workload_kind_to_string (LabWorkloadKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (workload_names), NULL);
  return workload_names[kind];
}

gboolean
lab_workload_kind_from_string (const char      *str,
                               LabWorkloadKind *kind)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (workload_names); i++)
    {
      if (g_ascii_strcasecmp (str, workload_names[i]) == 0)
        {
          *kind = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Accepts a decimal number followed by a unit: "250ms", "2s", "1.5s", "1m",
 * also "us", "h", and "0" or "none" for no limit. */
gboolean
lab_parse_duration (const char  *str,
                    GTimeSpan   *out_us,
                    GError     **error)
{
  static const struct { const char *unit; double scale; } units[] = {
    { "us", 1.0 }, { "µs", 1.0 }, { "ms", 1e3 }, { "s", 1e6 },
    { "m", 60e6 }, { "min", 60e6 }, { "h", 3600e6 },
  };
  g_autofree char *copy = NULL;
  const char *unit;
  char *end = NULL;
  double value;

  g_return_val_if_fail (out_us != NULL, FALSE);

  if (str == NULL || *str == '\0')
    goto malformed;

  copy = g_strstrip (g_strdup (str));

  if (g_ascii_strcasecmp (copy, "none") == 0 || strcmp (copy, "0") == 0)
    {
      *out_us = 0;
      return TRUE;
    }

  if (!g_ascii_isdigit (copy[0]) && copy[0] != '.')
    goto malformed;

  errno = 0;
  value = g_ascii_strtod (copy, &end);
  if (errno != 0 || end == copy || !isfinite (value) || value < 0)
    goto malformed;

  unit = end;
  while (*unit == ' ')
    unit++;

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      if (strcmp (unit, units[i].unit) == 0)
        {
          double us = value * units[i].scale;

          if (us > 7.0 * 24 * 3600e6)
            {
              g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID_OPTION,
                           "“%s” is longer than a week", str);
              return FALSE;
            }
          if (value > 0 && us < 1.0)
            {
              g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID_OPTION,
                           "“%s” is shorter than a microsecond", str);
              return FALSE;
            }
          *out_us = (GTimeSpan) llround (us);
          return TRUE;
        }
    }

malformed:
  g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID_OPTION,
               "“%s” is not a duration; use a number and a unit such as 250ms, 2s, 1.5s or 1m (or “none”)",
               str ? str : "");
  return FALSE;
}

char *
lab_format_duration (GTimeSpan us)
{
  if (us <= 0)
    return g_strdup ("none");
  if (us % G_TIME_SPAN_MINUTE == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "m", us / G_TIME_SPAN_MINUTE);
  if (us % G_TIME_SPAN_SECOND == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "s", us / G_TIME_SPAN_SECOND);
  if (us % G_TIME_SPAN_MILLISECOND == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "ms", us / G_TIME_SPAN_MILLISECOND);
  return g_strdup_printf ("%" G_GINT64_FORMAT "us", us);
}

gboolean
lab_parse_count (const char  *str,
                 guint64      max,
                 guint64     *out,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *copy = NULL;
  guint64 value;

  copy = g_strstrip (g_strdup (str ? str : ""));

  /* Allow digit grouping with underscores, as in 1_000_000. */
  for (char *r = copy, *w = copy;; r++)
    {
      if (*r != '_')
        *w++ = *r;
      if (*r == '\0')
        break;
    }

  if (!g_ascii_string_to_unsigned (copy, 10, 0, G_MAXUINT64, &value, &local_error))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID_OPTION,
                   "“%s” is not a whole number", str ? str : "");
      return FALSE;
    }
  if (value > max)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID_OPTION,
                   "%s is too large (at most %" G_GUINT64_FORMAT ")", str, max);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

/* Sizes: "1048576", "64KiB", "64k", "16MiB", "1G" (binary multiples). */
gboolean
lab_parse_size (const char  *str,
                guint64     *out,
                GError     **error)
{
  static const struct { const char *unit; guint64 scale; } units[] = {
    { "", 1 }, { "b", 1 }, { "k", 1024 }, { "kb", 1024 }, { "kib", 1024 },
    { "m", 1024 * 1024 }, { "mb", 1024 * 1024 }, { "mib", 1024 * 1024 },
    { "g", 1024 * 1024 * 1024 }, { "gb", 1024 * 1024 * 1024 }, { "gib", 1024 * 1024 * 1024 },
  };
  char *end = NULL;
  guint64 value;

  if (str == NULL || !g_ascii_isdigit (*str))
    goto malformed;

  errno = 0;
  value = g_ascii_strtoull (str, &end, 10);
  if (errno != 0)
    goto malformed;

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      if (g_ascii_strcasecmp (end, units[i].unit) == 0)
        {
          if (value > G_MAXUINT64 / units[i].scale)
            goto malformed;
          *out = value * units[i].scale;
          return TRUE;
        }
    }

malformed:
  g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID_OPTION,
               "“%s” is not a size; use bytes or a unit such as 64KiB or 16MiB", str ? str : "");
  return FALSE;
}


#define invalid(error, ...) lab_error_set ((error), LAB_ERROR_INVALID_OPTION, __VA_ARGS__)

/* Checks one --url: an absolute http:// or https:// URL with a host, or a
 * path such as "/work?delay=200ms" on the built-in lab server. "{i}"
 * (replaced by the task index) may appear anywhere. */
gboolean
lab_config_check_url (const char  *url,
                      GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) expanded = g_string_new (url);
  const char *scheme;

  /* A bare path names the built-in lab server: "/work?delay=200ms". */
  if (url[0] == '/')
    g_string_prepend (expanded, "http://127.0.0.1");
  g_string_replace (expanded, "{i}", "0", 0);

  uri = g_uri_parse (expanded->str, G_URI_FLAGS_ENCODED, &local_error);
  if (uri == NULL)
    return invalid (error, "--url: “%s” is not a URL (%s); use e.g. http://127.0.0.1:8080/page",
                    url, local_error->message);

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    return invalid (error, "--url: “%s” uses the %s scheme; only http:// and https:// are supported",
                    url, scheme);

  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return invalid (error, "--url: “%s” has no host", url);

  return TRUE;
}

gboolean
lab_config_validate (const LabConfig  *self,
                     GError          **error)
{
  guint max_workers;

  g_return_val_if_fail (self != NULL, FALSE);

  if ((guint) self->workload > LAB_WORKLOAD_URL)
    return invalid (error, "--workload: unknown workload; use primes or url");
  if ((guint) self->model >= LAB_N_MODELS)
    return invalid (error, "--model: unknown model; use sequential, threads, processes or async");

  max_workers = self->model == LAB_MODEL_PROCESSES ? 256 : LAB_MAX_WORKERS;
  if (self->model != LAB_MODEL_SEQUENTIAL &&
      (self->workers < 1 || self->workers > max_workers))
    return invalid (error, "--workers: %u is out of range; use 1 to %u for the %s model",
                    self->workers, max_workers, lab_model_to_string (self->model));

  if (self->count < 1 || self->count > LAB_MAX_COUNT)
    return invalid (error, "--count: %" G_GUINT64_FORMAT " is out of range; use 1 to %" G_GUINT64_FORMAT,
                    self->count, LAB_MAX_COUNT);

  if (self->workload == LAB_WORKLOAD_PRIMES &&
      self->start > G_MAXUINT64 - (self->count - 1))
    return invalid (error, "--start: %" G_GUINT64_FORMAT " + --count %" G_GUINT64_FORMAT
                    " goes past the largest 64-bit number (%" G_GUINT64_FORMAT ")",
                    self->start, self->count, G_MAXUINT64);

  if (self->timeout < 0)
    return invalid (error, "--timeout: must not be negative");
  if (self->deadline < 0)
    return invalid (error, "--deadline: must not be negative");

  if (self->chunk_size != 0 && self->model != LAB_MODEL_PROCESSES)
    return invalid (error, "--chunk-size: applies only to --model=processes (this run uses %s)",
                    lab_model_to_string (self->model));
  if (self->chunk_size > LAB_MAX_CHUNK_SIZE)
    return invalid (error, "--chunk-size: %u is out of range; use 1 to %u",
                    self->chunk_size, LAB_MAX_CHUNK_SIZE);

  if (self->max_in_flight != 0)
    {
      if (self->max_in_flight > LAB_MAX_MAX_IN_FLIGHT)
        return invalid (error, "--max-in-flight: %u is out of range; use %u to %u",
                        self->max_in_flight, lab_config_get_effective_workers (self),
                        LAB_MAX_MAX_IN_FLIGHT);
      if (self->max_in_flight < lab_config_get_effective_workers (self))
        return invalid (error, "--max-in-flight: %u is fewer than the %u workers; "
                        "use at least the worker count (or leave it automatic)",
                        self->max_in_flight, lab_config_get_effective_workers (self));
    }

  if (self->simulate_gil && self->model != LAB_MODEL_THREADS)
    return invalid (error, "--simulate-gil: applies only to --model=threads (this run uses %s)",
                    lab_model_to_string (self->model));

  if (self->switch_interval < 1 || self->switch_interval > G_TIME_SPAN_SECOND)
    return invalid (error, "--switch-interval: use a duration from 1us to 1s");

  if (self->workload == LAB_WORKLOAD_URL)
    {
      if (self->max_body < 1)
        return invalid (error, "--max-body: must be at least one byte");

      for (guint i = 0; self->urls != NULL && self->urls[i] != NULL; i++)
        if (!lab_config_check_url (self->urls[i], error))
          return FALSE;
    }

  return TRUE;
}
