/* lab-worker-protocol.c
 *
 * Encoding and checking of the worker protocol's frames. Everything a peer
 * sends is checked here before it is believed: the frame type must be one the
 * peer may send, lengths must fit the type exactly, text must be UTF-8.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "lab-config.h"
#include "lab-error.h"
#include "lab-worker-protocol.h"

G_STATIC_ASSERT (LAB_WORKER_FRAME_HEADER_SIZE == 2 * sizeof (guint32));

void
lab_worker_append_u32 (GByteArray *out,
                       guint32     value)
{
  guint32 le = GUINT32_TO_LE (value);

  g_byte_array_append (out, (const guint8 *) &le, sizeof le);
}

void
lab_worker_append_u64 (GByteArray *out,
                       guint64     value)
{
  guint64 le = GUINT64_TO_LE (value);

  g_byte_array_append (out, (const guint8 *) &le, sizeof le);
}

guint32
lab_worker_read_u32 (const guint8 *p)
{
  guint32 le;

  memcpy (&le, p, sizeof le);
  return GUINT32_FROM_LE (le);
}

guint64
lab_worker_read_u64 (const guint8 *p)
{
  guint64 le;

  memcpy (&le, p, sizeof le);
  return GUINT64_FROM_LE (le);
}

static inline void
put_u16 (guint8  *p,
         guint16  value)
{
  value = GUINT16_TO_LE (value);
  memcpy (p, &value, sizeof value);
}

static inline void
put_u32 (guint8  *p,
         guint32  value)
{
  value = GUINT32_TO_LE (value);
  memcpy (p, &value, sizeof value);
}

static inline void
put_u64 (guint8  *p,
         guint64  value)
{
  value = GUINT64_TO_LE (value);
  memcpy (p, &value, sizeof value);
}

void
lab_worker_frame_begin (GByteArray         *out,
                        LabWorkerFrameType  type)
{
  lab_worker_append_u32 (out, type);
  lab_worker_append_u32 (out, 0);
}

void
lab_worker_frame_end (GByteArray *out,
                      gsize       frame_offset)
{
  gsize payload_len;

  g_assert (frame_offset + LAB_WORKER_FRAME_HEADER_SIZE <= out->len);

  payload_len = out->len - frame_offset - LAB_WORKER_FRAME_HEADER_SIZE;
  g_assert (payload_len <= LAB_WORKER_MAX_PAYLOAD);
  put_u32 (out->data + frame_offset + 4, (guint32) payload_len);
}

/* Layout: index 0, start 8, end 16, bytes 24, message 32, ttfb 36,
 * gil wait 40, http status 44, status 46, is-prime 47. */
void
lab_worker_append_record (GByteArray            *out,
                          const LabWorkerRecord *record)
{
  guint offset = out->len;
  guint8 *buf;

  /* Encoded in place: no copy. */
  g_byte_array_set_size (out, offset + LAB_WORKER_RECORD_SIZE);
  buf = out->data + offset;

  put_u64 (buf + 0, record->index);
  put_u64 (buf + 8, (guint64) record->start_abs);
  put_u64 (buf + 16, (guint64) record->end_abs);
  put_u64 (buf + 24, record->bytes);
  put_u32 (buf + 32, record->message_id);
  put_u32 (buf + 36, record->ttfb_us);
  put_u32 (buf + 40, record->gil_wait_us);
  put_u16 (buf + 44, record->http_status);
  buf[46] = record->status;
  buf[47] = record->is_prime;
}

void
lab_worker_read_record (const guint8    *p,
                        LabWorkerRecord *record)
{
  guint16 http_status;

  record->index = lab_worker_read_u64 (p + 0);
  record->start_abs = (gint64) lab_worker_read_u64 (p + 8);
  record->end_abs = (gint64) lab_worker_read_u64 (p + 16);
  record->bytes = lab_worker_read_u64 (p + 24);
  record->message_id = lab_worker_read_u32 (p + 32);
  record->ttfb_us = lab_worker_read_u32 (p + 36);
  record->gil_wait_us = lab_worker_read_u32 (p + 40);
  memcpy (&http_status, p + 44, sizeof http_status);
  record->http_status = GUINT16_FROM_LE (http_status);
  record->status = p[46];
  record->is_prime = p[47];
}

void
lab_worker_append_hello (GByteArray *out,
                         guint       worker,
                         const char *config_json)
{
  gsize offset = out->len;

  lab_worker_frame_begin (out, LAB_WORKER_FRAME_HELLO);
  lab_worker_append_u32 (out, LAB_WORKER_PROTOCOL_MAGIC);
  lab_worker_append_u32 (out, LAB_WORKER_PROTOCOL_VERSION);
  lab_worker_append_u32 (out, worker);
  g_byte_array_append (out, (const guint8 *) config_json, strlen (config_json));
  lab_worker_frame_end (out, offset);
}

void
lab_worker_append_ready (GByteArray *out,
                         guint32     pid)
{
  gsize offset = out->len;

  lab_worker_frame_begin (out, LAB_WORKER_FRAME_READY);
  lab_worker_append_u32 (out, LAB_WORKER_PROTOCOL_MAGIC);
  lab_worker_append_u32 (out, LAB_WORKER_PROTOCOL_VERSION);
  lab_worker_append_u32 (out, pid);
  lab_worker_frame_end (out, offset);
}

void
lab_worker_append_message (GByteArray         *out,
                           LabWorkerFrameType  type,
                           guint32             id,
                           const char         *text)
{
  gsize offset = out->len;
  gsize len = strlen (text);

  g_assert (type == LAB_WORKER_FRAME_MESSAGE || type == LAB_WORKER_FRAME_ERROR);

  /* Keep within the limit, cutting at a character boundary. */
  if (len > LAB_WORKER_MAX_MESSAGE)
    len = g_utf8_find_prev_char (text, text + LAB_WORKER_MAX_MESSAGE + 1) - text;

  lab_worker_frame_begin (out, type);
  if (type == LAB_WORKER_FRAME_MESSAGE)
    lab_worker_append_u32 (out, id);
  g_byte_array_append (out, (const guint8 *) text, len);
  lab_worker_frame_end (out, offset);
}

#define protocol_error(error, ...) lab_error_set ((error), LAB_ERROR_PROTOCOL, __VA_ARGS__)

gboolean
lab_worker_frame_parse (const guint8        *data,
                        gsize                len,
                        gboolean             is_from_worker,
                        LabWorkerFrameType  *type,
                        const guint8       **payload,
                        gsize               *payload_len,
                        gsize               *frame_len,
                        GError             **error)
{
  guint32 t, n;
  gboolean ok;

  if (len < LAB_WORKER_FRAME_HEADER_SIZE)
    return FALSE;

  t = lab_worker_read_u32 (data);
  n = lab_worker_read_u32 (data + 4);

  switch (t)
    {
    case LAB_WORKER_FRAME_HELLO:
      ok = !is_from_worker && n >= 12;
      break;
    case LAB_WORKER_FRAME_TASKS:
      ok = !is_from_worker && n > 0 && n % 8 == 0 && n / 8 <= LAB_MAX_CHUNK_SIZE;
      break;
    case LAB_WORKER_FRAME_READY:
      ok = is_from_worker && n == 12;
      break;
    case LAB_WORKER_FRAME_MESSAGE:
      ok = is_from_worker && n > 4 && n <= 4 + LAB_WORKER_MAX_MESSAGE;
      break;
    case LAB_WORKER_FRAME_ERROR:
      ok = is_from_worker && n <= LAB_WORKER_MAX_MESSAGE;
      break;
    case LAB_WORKER_FRAME_RECORDS:
      ok = is_from_worker && n > 0 && n % LAB_WORKER_RECORD_SIZE == 0 &&
           n / LAB_WORKER_RECORD_SIZE <= LAB_WORKER_MAX_RECORDS;
      break;
    default:
      return protocol_error (error, "unknown frame type 0x%08x", t);
    }

  if (!ok || n > LAB_WORKER_MAX_PAYLOAD)
    return protocol_error (error, "frame of type %u with a payload of %u bytes", t, n);

  if (len - LAB_WORKER_FRAME_HEADER_SIZE < n)
    return FALSE;

  *type = t;
  *payload = data + LAB_WORKER_FRAME_HEADER_SIZE;
  *payload_len = n;
  *frame_len = LAB_WORKER_FRAME_HEADER_SIZE + (gsize) n;
  return TRUE;
}

static gboolean
check_magic_and_version (const guint8  *payload,
                         const char    *what,
                         GError       **error)
{
  guint32 magic = lab_worker_read_u32 (payload);
  guint32 version = lab_worker_read_u32 (payload + 4);

  if (magic != LAB_WORKER_PROTOCOL_MAGIC)
    return protocol_error (error, "%s without the protocol's magic number", what);
  if (version != LAB_WORKER_PROTOCOL_VERSION)
    return protocol_error (error, "%s for protocol version %u, expected %u",
                           what, version, LAB_WORKER_PROTOCOL_VERSION);
  return TRUE;
}

gboolean
lab_worker_parse_hello (const guint8  *payload,
                        gsize          len,
                        guint         *worker,
                        char         **config_json,
                        GError       **error)
{
  const char *json = (const char *) payload + 12;
  gsize json_len = len - 12;

  if (len < 12 || !check_magic_and_version (payload, "hello", error))
    return len < 12 ? protocol_error (error, "short hello") : FALSE;

  if (!g_utf8_validate_len (json, json_len, NULL))
    return protocol_error (error, "hello: the configuration is not UTF-8");

  *worker = lab_worker_read_u32 (payload + 8);
  *config_json = g_strndup (json, json_len);
  return TRUE;
}

gboolean
lab_worker_parse_ready (const guint8  *payload,
                        gsize          len,
                        guint32       *pid,
                        GError       **error)
{
  if (len != 12)
    return protocol_error (error, "ready of %" G_GSIZE_FORMAT " bytes", len);
  if (!check_magic_and_version (payload, "ready", error))
    return FALSE;

  *pid = lab_worker_read_u32 (payload + 8);
  return TRUE;
}

gboolean
lab_worker_parse_text (const guint8  *payload,
                       gsize          len,
                       gboolean       with_id,
                       guint32       *id,
                       char         **text,
                       GError       **error)
{
  gsize skip = with_id ? 4 : 0;
  const char *start = (const char *) payload + skip;

  if (len < skip)
    return protocol_error (error, "short message");
  if (!g_utf8_validate_len (start, len - skip, NULL) ||
      memchr (start, '\0', len - skip) != NULL)
    return protocol_error (error, "a message that is not UTF-8 text");

  if (with_id)
    {
      *id = lab_worker_read_u32 (payload);
      if (*id == 0)
        return protocol_error (error, "a message with id 0");
    }
  *text = g_strndup (start, len - skip);
  return TRUE;
}

char *
lab_worker_describe_exit (int wait_status)
{
  if (WIFSIGNALED (wait_status))
    return g_strdup_printf ("worker exited: killed by signal %d", WTERMSIG (wait_status));
  if (WIFEXITED (wait_status))
    return g_strdup_printf ("worker exited with status %d", WEXITSTATUS (wait_status));
  return g_strdup_printf ("worker exited: wait status 0x%x", wait_status);
}
