/* lab-url-workload-private.h: what the url workload's sync and async halves share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "lab-url-guard.h"
#include "lab-url-workload.h"

G_BEGIN_DECLS

/* Body bytes read at a time; the bytes are counted, never kept. */
#define LAB_URL_BUFFER_SIZE (64 * 1024)

typedef struct
{
  char  *template;   /* as given, "{i}" included */
  GUri  *uri;        /* parsed once when the template has no "{i}" */
  char  *where;      /* host[:port], for messages */
} LabUrlTemplate;

/* How much to read next: a buffer, or one byte past --max-body at most (so
 * that a body larger than it is seen without reading all of it). */
static inline gsize
lab_url_read_size (guint64 max_body,
                   guint64 bytes)
{
  guint64 room = max_body - bytes;

  return room >= LAB_URL_BUFFER_SIZE ? LAB_URL_BUFFER_SIZE : (gsize) room + 1;
}

/* The async model's requests in flight per session: libsoup 3.2 walks a
 * session's whole queue on every event, so one session with a thousand
 * requests in flight spends its time in that walk (quadratic); sessions of a
 * few dozen each, all on the one loop, keep it linear. */
#define LAB_URL_SLOTS_PER_SESSION 32

/* A worker's sessions and read buffer. The async model has one for its
 * loop: its requests all read into the same buffer, which is fine as the
 * bytes are only counted, and every read happens on the loop thread. */
typedef struct
{
  SoupSession **sessions;     /* one, except for the async model */
  guint         n_sessions;
  GString      *url;
  guint8        buffer[LAB_URL_BUFFER_SIZE];
} LabUrlWorker;

/* What one request came to, before it becomes a record. */
typedef struct
{
  const LabUrlTemplate *url;
  SoupMessage          *msg;        /* NULL when the URL did not make a message */
  gint64                start;      /* monotonic µs */
  guint64               bytes;
  gboolean              got_headers;
  gboolean              too_large;
  GError               *error;
  LabUrlGuard          *guard;      /* NULL without a timeout */
} LabUrlOutcome;

/* lab-url-session.c: a session for @connections requests in flight, with
 * proxies from the environment. */
SoupSession *lab_url_session_new            (guint                 connections);

/* lab-url-outcome.c: fills in @record's status, http_status, bytes and
 * message; clears @outcome. */
void         lab_url_outcome_to_record      (LabUrlOutcome        *outcome,
                                             GTimeSpan             timeout,
                                             guint64               max_body,
                                             LabTaskRecord        *record);

SoupMessage *lab_url_workload_new_message   (LabUrlWorkload       *self,
                                             LabUrlWorker         *worker,
                                             guint64               index,
                                             const LabUrlTemplate **url);
guint64      lab_url_workload_get_max_body  (LabUrlWorkload       *self);
/* Fills in @record's status, http_status, bytes and message; clears @outcome. */
void         lab_url_workload_finish_record (LabUrlWorkload       *self,
                                             LabUrlOutcome        *outcome,
                                             LabTaskRecord        *record);

void         lab_url_workload_run_async     (LabWorkload          *workload,
                                             LabTaskContext       *ctx,
                                             LabTaskRecord        *record,
                                             LabTaskDoneFunc       done,
                                             gpointer              user_data);

G_END_DECLS
