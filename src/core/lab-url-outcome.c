/* lab-url-outcome.c
 *
 * What a request came to, as a task record: `ok` for a 2xx answer read to
 * its end; `failed` with a readable reason for every fault (a refused
 * connection, a name that does not resolve, a TLS handshake with a plain
 * server, a redirect loop, a connection lost mid-body, a 4xx/5xx status, a
 * body larger than --max-body); `timed-out` or `cancelled` by whichever
 * stopped the request first. Reasons name the host, never the whole URL
 * (an index in it would make every message different).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-url-workload-private.h"

static char *
describe_error (const GError         *error,
                const LabUrlOutcome  *outcome)
{
  const char *where = outcome->url->where;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_strdup_printf ("connection refused by %s", where);

  if (error->domain == G_RESOLVER_ERROR)
    return g_strdup_printf ("name does not resolve: %s", where);

  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS))
    return g_strdup_printf ("TLS handshake with %s failed: the server does not speak TLS "
                            "(a plain http:// port?)", where);
  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    return g_strdup_printf ("TLS certificate of %s not accepted: %s", where, error->message);
  if (error->domain == G_TLS_ERROR && !outcome->got_headers)
    return g_strdup_printf ("TLS handshake with %s failed: %s (is it a plain http:// server?)",
                            where, error->message);
  if (error->domain == G_TLS_ERROR)
    return g_strdup_printf ("TLS error with %s: %s", where, error->message);

  if (g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_TOO_MANY_REDIRECTS))
    return g_strdup_printf ("too many redirects from %s (a redirect loop?)", where);
  if (g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_REDIRECT_BAD_URI))
    return g_strdup_printf ("bad redirect from %s: %s", where, error->message);

  /* Reset, closed early, or a broken chunk, once the headers were in. */
  if (outcome->got_headers)
    return g_strdup_printf ("connection to %s lost mid-body (%s)", where, error->message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
      g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_PARSING))
    return g_strdup_printf ("connection to %s lost before the response (%s)", where, error->message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    return g_strdup_printf ("could not reach %s: %s", where, error->message);

  return g_strdup_printf ("request to %s failed: %s", where, error->message);
}

static void
set_message (LabTaskRecord *record,
             char          *message)
{
  record->message_id = lab_message_intern (message);
  g_free (message);
}

void
lab_url_outcome_to_record (LabUrlOutcome *outcome,
                           GTimeSpan      timeout,
                           guint64        max_body,
                           LabTaskRecord *record)
{
  const GError *error = outcome->error;
  guint status = outcome->msg != NULL ? soup_message_get_status (outcome->msg) : 0;

  record->bytes = outcome->bytes;
  record->http_status = MIN (status, G_MAXUINT16);

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      LabTaskStatus reason = outcome->guard != NULL ? lab_url_guard_get_reason (outcome->guard)
                                                    : LAB_TASK_CANCELLED;

      if (reason == LAB_TASK_TIMED_OUT)
        {
          g_autofree char *limit = lab_format_duration (timeout);

          record->status = LAB_TASK_TIMED_OUT;
          set_message (record, g_strdup_printf (outcome->got_headers
                                                ? "timed out after %s while reading the body"
                                                : "timed out after %s waiting for the response",
                                                limit));
        }
      else
        {
          record->status = LAB_TASK_CANCELLED;
        }
    }
  else if (error != NULL)
    {
      record->status = LAB_TASK_FAILED;
      set_message (record, describe_error (error, outcome));
    }
  else if (outcome->too_large)
    {
      record->status = LAB_TASK_FAILED;
      set_message (record, g_strdup_printf ("body larger than --max-body (%" G_GUINT64_FORMAT " bytes)",
                                            max_body));
    }
  else if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      record->status = LAB_TASK_OK;
    }
  else
    {
      const char *phrase = soup_message_get_reason_phrase (outcome->msg);

      if (phrase == NULL || *phrase == '\0')
        phrase = soup_status_get_phrase (status);
      record->status = LAB_TASK_FAILED;
      set_message (record, g_strdup_printf ("HTTP %u %s", status, phrase));
    }

  g_clear_pointer (&outcome->guard, lab_url_guard_free);
  g_clear_error (&outcome->error);
  g_clear_object (&outcome->msg);
}
