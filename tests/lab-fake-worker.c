/* lab-fake-worker.c: a worker that speaks the protocol until it is told to
 * misbehave, for test-process-executor
 *
 * LAB_FAKE_WORKER=MODE:K   after K tasks: "garbage" writes a frame of an
 *                          unknown type, "exit3" exits with status 3,
 *                          "wrong-index" answers for a task it was not given
 * LAB_FAKE_WORKER_ONCE=F   only the first process to create file F
 *                          misbehaves; its replacements behave
 *
 * It refuses --fork-server, so the pool falls back to starting each worker
 * directly: that path is tested too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lab-primes.h"
#include "lab-worker-protocol.h"

static GByteArray *in;

static gboolean
write_all (GByteArray *out)
{
  gsize done = 0;

  while (done < out->len)
    {
      gssize n = write (STDOUT_FILENO, out->data + done, out->len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      done += n;
    }
  g_byte_array_set_size (out, 0);
  return TRUE;
}

/* Ends the RECORDS frame begun at @offset, or drops it if it is empty. */
static void
end_records (GByteArray *out,
             gsize       offset)
{
  if (out->len == offset + LAB_WORKER_FRAME_HEADER_SIZE)
    g_byte_array_set_size (out, offset);
  else
    lab_worker_frame_end (out, offset);
}

/* The next whole frame, or FALSE at the end of input. */
static gboolean
next_frame (LabWorkerFrameType  *type,
            GBytes             **payload)
{
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      const guint8 *data;
      gsize len, frame_len;
      guint8 buf[65536];
      gssize n;

      if (lab_worker_frame_parse (in->data, in->len, FALSE, type, &data, &len, &frame_len, &error))
        {
          *payload = g_bytes_new (data, len);
          g_byte_array_remove_range (in, 0, frame_len);
          return TRUE;
        }
      if (error != NULL)
        return FALSE;

      n = read (STDIN_FILENO, buf, sizeof buf);
      if (n <= 0)
        return FALSE;
      g_byte_array_append (in, buf, n);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_auto(GStrv) mode = g_strsplit (g_getenv ("LAB_FAKE_WORKER") ?: "none:0", ":", 2);
  const char *once = g_getenv ("LAB_FAKE_WORKER_ONCE");
  guint64 after = mode[1] ? g_ascii_strtoull (mode[1], NULL, 10) : 0;
  guint64 start = 0, done = 0;
  gboolean misbehave = TRUE;
  LabWorkerFrameType type;
  GBytes *payload;

  if (argc > 1)
    return 2;   /* no --fork-server here */

  if (once != NULL)
    {
      int fd = open (once, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);

      misbehave = fd >= 0;
      if (fd >= 0)
        close (fd);
    }

  in = g_byte_array_new ();

  /* HELLO: read "start" from the configuration the cheap way. */
  if (!next_frame (&type, &payload) || type != LAB_WORKER_FRAME_HELLO)
    return 1;
  {
    gsize len;
    const char *json = (const char *) g_bytes_get_data (payload, &len) + 12;
    const char *p = g_strstr_len (json, len - 12, "\"start\":");

    if (p != NULL)
      start = g_ascii_strtoull (p + 8, NULL, 10);
    g_bytes_unref (payload);
  }
  lab_worker_append_ready (out, getpid ());
  if (!write_all (out))
    return 1;

  while (next_frame (&type, &payload))
    {
      gsize len;
      const guint8 *indices = g_bytes_get_data (payload, &len);
      gsize offset = out->len;

      if (type != LAB_WORKER_FRAME_TASKS)
        return 1;

      lab_worker_frame_begin (out, LAB_WORKER_FRAME_RECORDS);
      for (gsize i = 0; i < len; i += 8)
        {
          LabWorkerRecord record = { 0 };

          if (misbehave && done == after)
            {
              if (g_str_equal (mode[0], "exit3"))
                {
                  end_records (out, offset);
                  write_all (out);
                  return 3;
                }
              if (g_str_equal (mode[0], "garbage"))
                {
                  end_records (out, offset);
                  lab_worker_append_u32 (out, 0x41414141);
                  lab_worker_append_u32 (out, 0);
                  write_all (out);
                  g_usleep (10 * G_USEC_PER_SEC);
                  return 0;
                }
            }

          record.index = lab_worker_read_u64 (indices + i);
          if (misbehave && done == after && g_str_equal (mode[0], "wrong-index"))
            record.index += 1000000;
          record.start_abs = g_get_monotonic_time ();
          record.is_prime = lab_is_prime (start + lab_worker_read_u64 (indices + i));
          record.end_abs = g_get_monotonic_time ();
          lab_worker_append_record (out, &record);
          done++;
        }
      end_records (out, offset);
      g_bytes_unref (payload);
      if (!write_all (out))
        return 1;
    }

  return 0;
}
