/* lab-worker-protocol.h: the framed protocol a process worker speaks on its
 * stdin and stdout, whoever launched it
 *
 * Every frame is an 8-byte header — type and payload length, both u32
 * little-endian — and the payload:
 *
 *   parent → worker  HELLO    u32 magic, u32 version, u32 worker id, config JSON (UTF-8)
 *   worker → parent  READY    u32 magic, u32 version, u32 pid
 *   parent → worker  TASKS    n × u64 task index (one chunk; run in order)
 *   worker → parent  MESSAGE  u32 message id, UTF-8 text (defines an id before its first use)
 *   worker → parent  RECORDS  n × LAB_WORKER_RECORD_SIZE bytes (see below), in task order
 *   worker → parent  ERROR    UTF-8 text: the worker cannot go on, and exits
 *
 * The worker runs the tasks of its chunks one after the other, in the order
 * sent, so the first task without a record is the one it is running. It
 * sends records at the end of a chunk once they are at least as many as the
 * tasks it has buffered (so the parent can send the next chunk in time),
 * and whenever the oldest pending one has waited LAB_WORKER_FLUSH_INTERVAL_US.
 * It exits when its stdin closes. Records carry absolute CLOCK_MONOTONIC
 * microseconds (system-wide on Linux), so the parent can place them on its
 * own time line. A RECORDS frame holds at most LAB_WORKER_MAX_RECORDS.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lab-record.h"

G_BEGIN_DECLS

#define LAB_WORKER_PROTOCOL_MAGIC    0x42414c43u  /* "CLAB" */
#define LAB_WORKER_PROTOCOL_VERSION  1
#define LAB_WORKER_FRAME_HEADER_SIZE 8
#define LAB_WORKER_RECORD_SIZE       48
/* Largest payload accepted; a HELLO carries the configuration (URL lists).
 * A worker's frames are much smaller. */
#define LAB_WORKER_MAX_PAYLOAD       (16u * 1024 * 1024)
#define LAB_WORKER_MAX_RECORDS       16384
#define LAB_WORKER_MAX_MESSAGE       4096
/* A worker sends pending records once the oldest has waited this long, or
 * this many bytes of them are waiting. */
#define LAB_WORKER_FLUSH_INTERVAL_US (10 * G_TIME_SPAN_MILLISECOND)
#define LAB_WORKER_FLUSH_BYTES       (64 * 1024)
G_STATIC_ASSERT (LAB_WORKER_FLUSH_BYTES / LAB_WORKER_RECORD_SIZE < LAB_WORKER_MAX_RECORDS);

typedef enum
{
  LAB_WORKER_FRAME_HELLO = 1,
  LAB_WORKER_FRAME_READY,
  LAB_WORKER_FRAME_TASKS,
  LAB_WORKER_FRAME_MESSAGE,
  LAB_WORKER_FRAME_RECORDS,
  LAB_WORKER_FRAME_ERROR,
} LabWorkerFrameType;

/* A record on the wire: a LabTaskRecord with absolute times and a message id
 * of the worker's own numbering. */
typedef struct
{
  guint64 index;
  gint64  start_abs;
  gint64  end_abs;
  guint64 bytes;
  guint32 message_id;
  guint32 ttfb_us;
  guint32 gil_wait_us;
  guint16 http_status;
  guint8  status;
  guint8  is_prime;
} LabWorkerRecord;

/* Writing: frames are appended to a byte array. */
void      lab_worker_frame_begin     (GByteArray            *out,
                                      LabWorkerFrameType     type);
/* Sets the length of the frame that starts at @frame_offset in @out. */
void      lab_worker_frame_end       (GByteArray            *out,
                                      gsize                  frame_offset);
void      lab_worker_append_u32      (GByteArray            *out,
                                      guint32                value);
void      lab_worker_append_u64      (GByteArray            *out,
                                      guint64                value);
void      lab_worker_append_record   (GByteArray            *out,
                                      const LabWorkerRecord *record);
void      lab_worker_append_hello    (GByteArray            *out,
                                      guint                  worker,
                                      const char            *config_json);
void      lab_worker_append_ready    (GByteArray            *out,
                                      guint32                pid);
void      lab_worker_append_message  (GByteArray            *out,
                                      LabWorkerFrameType     type,
                                      guint32                id,
                                      const char            *text);

/* Reading */
guint32   lab_worker_read_u32        (const guint8          *p);
guint64   lab_worker_read_u64        (const guint8          *p);
void      lab_worker_read_record     (const guint8          *p,
                                      LabWorkerRecord       *record);

/* Looks at the start of @data: returns TRUE with the frame's type, payload
 * and total size when a whole frame is there; FALSE with *error unset when
 * more bytes are needed; FALSE with a LAB_ERROR_PROTOCOL error when the
 * bytes cannot be a frame a peer in @direction may send (is_from_worker). */
gboolean  lab_worker_frame_parse     (const guint8          *data,
                                      gsize                  len,
                                      gboolean               is_from_worker,
                                      LabWorkerFrameType    *type,
                                      const guint8         **payload,
                                      gsize                 *payload_len,
                                      gsize                 *frame_len,
                                      GError               **error);
/* HELLO and READY payloads; FALSE with a LAB_ERROR_PROTOCOL error. */
gboolean  lab_worker_parse_hello     (const guint8          *payload,
                                      gsize                  len,
                                      guint                 *worker,
                                      char                 **config_json,
                                      GError               **error);
gboolean  lab_worker_parse_ready     (const guint8          *payload,
                                      gsize                  len,
                                      guint32               *pid,
                                      GError               **error);
/* MESSAGE and ERROR payloads: validated UTF-8 text. */
gboolean  lab_worker_parse_text      (const guint8          *payload,
                                      gsize                  len,
                                      gboolean               with_id,
                                      guint32               *id,
                                      char                 **text,
                                      GError               **error);

/* The fork server's control socket (SOCK_SEQPACKET, one message per
 * datagram, file descriptors passed with SCM_RIGHTS). Parent and server are
 * the same build, but every message is still checked for size and type. */
typedef enum
{
  LAB_FORK_SERVER_SPAWN = 1,      /* parent → server: token */
  LAB_FORK_SERVER_KILL,           /* parent → server: pid (only its own unreaped child) */
  LAB_FORK_SERVER_PREPARE,        /* parent → server: the message is followed by a HELLO's
                                   * configuration JSON, for the workers to come */
  LAB_FORK_SERVER_HELLO = 16,     /* server → parent: version, pid */
  LAB_FORK_SERVER_SPAWNED,        /* server → parent: token, pid, + 2 fds (to stdin, from stdout) */
  LAB_FORK_SERVER_SPAWN_FAILED,   /* server → parent: token, errno */
  LAB_FORK_SERVER_EXITED,         /* server → parent: pid, wait status, CPU µs */
} LabForkServerMessageType;

typedef struct
{
  guint32 type;
  guint32 token;
  gint32  pid;
  gint32  value;      /* HELLO: version; SPAWN_FAILED: errno; EXITED: wait status */
  gint64  cpu_us;     /* EXITED: user + system CPU from wait4(), -1 unknown */
} LabForkServerMessage;

/* The fd number a fork server finds its control socket on. */
#define LAB_FORK_SERVER_FD 3
/* The largest PREPARE message; a larger configuration is not prepared. */
#define LAB_FORK_SERVER_MAX_PREPARE (64 * 1024)

/* "worker exited: killed by signal 9", "worker exited with status 3" */
char     *lab_worker_describe_exit   (int                    wait_status);

G_END_DECLS
