/* lab-task-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lab-task-text.h"

const char *
lab_task_status_get_title (LabTaskStatus status)
{
  switch (status)
    {
    case LAB_TASK_OK:        return C_("task status", "ok");
    case LAB_TASK_FAILED:    return C_("task status", "failed");
    case LAB_TASK_TIMED_OUT: return C_("task status", "timed out");
    case LAB_TASK_CANCELLED: return C_("task status", "cancelled");
    default:                 return "?";
    }
}

char *
lab_format_ms (gint64 us)
{
  /* Translators: a duration in milliseconds */
  return g_strdup_printf (_("%.3f ms"), us / 1000.0);
}

char *
lab_task_dup_input (const LabTaskRecord *record,
                    const LabConfig     *config)
{
  if (config->workload == LAB_WORKLOAD_PRIMES)
    return g_strdup_printf ("%" G_GUINT64_FORMAT, config->start + record->index);

  if (config->urls != NULL && config->urls[0] != NULL)
    {
      guint n = g_strv_length (config->urls);
      g_autoptr(GString) url = g_string_new (config->urls[record->index % n]);
      g_autofree char *index = g_strdup_printf ("%" G_GUINT64_FORMAT, record->index);

      g_string_replace (url, "{i}", index, 0);
      return g_string_free (g_steal_pointer (&url), FALSE);
    }

  return g_strdup (_("lab server"));
}

char *
lab_task_dup_result (const LabTaskRecord *record,
                     const LabConfig     *config)
{
  if (record->status == LAB_TASK_CANCELLED && record->worker == LAB_WORKER_NONE)
    return g_strdup (_("never started"));

  if (config->workload == LAB_WORKLOAD_PRIMES)
    {
      if (record->status != LAB_TASK_OK)
        return g_strdup ("—");
      return g_strdup (record->is_prime ? _("prime") : _("not prime"));
    }

  if (record->http_status == 0)
    return g_strdup (_("no response"));

  {
    g_autofree char *size = g_format_size (record->bytes);
    /* Translators: HTTP status and body size, e.g. "200 · 1.0 kB" */
    return g_strdup_printf (_("%u · %s"), record->http_status, size);
  }
}

char *
lab_task_dup_reason (const LabTaskRecord *record,
                     const LabConfig     *config)
{
  const char *message = lab_message_lookup (record->message_id);

  if (message != NULL && *message != '\0')
    return g_strdup (message);

  switch (record->status)
    {
    case LAB_TASK_TIMED_OUT:
      {
        g_autofree char *timeout = lab_format_duration (config->timeout);
        return g_strdup_printf (_("Took longer than the task timeout (%s)"), timeout);
      }
    case LAB_TASK_CANCELLED:
      return g_strdup (record->worker == LAB_WORKER_NONE ? _("The run ended before the task started")
                                                         : _("Stopped when the run ended"));
    case LAB_TASK_FAILED:
      return g_strdup (_("Failed without a reason given"));
    case LAB_TASK_OK:
    default:
      return NULL;
    }
}

char *
lab_task_dup_description (const LabTaskRecord *record,
                          const LabConfig     *config)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *input = lab_task_dup_input (record, config);
  g_autofree char *result = lab_task_dup_result (record, config);
  g_autofree char *start = lab_format_ms (record->start_us);
  g_autofree char *duration = lab_format_ms (record->end_us - record->start_us);
  g_autofree char *reason = lab_task_dup_reason (record, config);
  g_autofree char *index = g_strdup_printf ("%" G_GUINT64_FORMAT, record->index);

  /* Translators: task index, its input, status and result */
  g_string_append_printf (text, _("Task %s (%s): %s, %s"),
                          index, input, lab_task_status_get_title (record->status), result);
  if (record->worker != LAB_WORKER_NONE)
    g_string_append_printf (text, _("\nWorker %u, started at %s, took %s"), record->worker, start, duration);
  if (record->gil_wait_us > 0)
    {
      g_autofree char *wait = lab_format_ms (record->gil_wait_us);
      g_string_append_printf (text, _("\nWaited %s for the GIL"), wait);
    }
  if (reason != NULL)
    g_string_append_printf (text, "\n%s", reason);

  return g_string_free (g_steal_pointer (&text), FALSE);
}
