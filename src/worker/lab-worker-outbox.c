/* lab-worker-outbox.c
 *
 * A worker runs one task at a time on its main thread, so a task that runs
 * for seconds would hold back the records of the quick ones before it: the
 * parent would show stale progress, lose them on a cancel, and misjudge
 * which task is running. The outbox's thread sends records that have waited
 * LAB_WORKER_FLUSH_INTERVAL_US. It sleeps while nothing is pending, and is
 * woken at most once per flush; the main thread hands it records by the
 * batch. So a busy worker pays a lock per batch and a wake-up per flush, not
 * a system call per task.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <sys/uio.h>
#include <unistd.h>

#include "lab-worker-outbox.h"

/* The main thread hands records over (one lock) by this many, or once the
 * oldest has waited this long: a long task starting right after quick ones
 * holds back at most that much from the thread. */
#define STAGE_RECORDS 64
#define STAGE_US      (1 * G_TIME_SPAN_MILLISECOND)

struct _LabWorkerOutbox
{
  int         fd;
  GThread    *thread;

  GMutex      write_lock;    /* held while writing: frames never interleave */
  GByteArray *sending_messages;  /* under write_lock: swapped with the pending ones */
  GByteArray *sending_records;

  /* Records the worker's main thread encodes without a lock, handed to the
   * pending ones by the batch (or as soon as one has waited a moment). */
  GByteArray *staged;
  gint64      staged_since;
  guint       added;         /* records added since the main thread last flushed */

  GMutex      lock;          /* the pending records, and the thread's state */
  GCond       cond;
  GByteArray *messages;      /* MESSAGE frames due before the records */
  GByteArray *records;       /* the payload of the next RECORDS frame */
  GHashTable *sent_messages;
  gint64      pending_since; /* when the oldest pending record came */
  gboolean    thread_idle;   /* waiting for records, not for time */
  gboolean    stop;
  gboolean    broken;        /* the parent is gone */
};

/* FALSE when the other end is gone. */
static gboolean
write_all (int           fd,
           struct iovec *iov,
           int           n)
{
  while (n > 0)
    {
      gssize written = writev (fd, iov, n);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        return FALSE;

      for (; n > 0 && (gsize) written >= iov->iov_len; iov++, n--)
        written -= iov->iov_len;
      if (n > 0)
        {
          iov->iov_base = (guint8 *) iov->iov_base + written;
          iov->iov_len -= written;
        }
    }

  return TRUE;
}

static void
add_iov (struct iovec *iov,
         int          *n,
         const void   *data,
         gsize         len)
{
  if (len == 0)
    return;
  iov[*n].iov_base = (void *) data;
  iov[*n].iov_len = len;
  (*n)++;
}

/* Either thread. */
static gboolean
send_pending (LabWorkerOutbox *self,
              GByteArray      *frames)
{
  struct iovec iov[4];
  guint32 header[2];
  GByteArray *swap;
  gboolean ok;
  int n = 0;

  g_mutex_lock (&self->write_lock);

  /* Take the pending records as they are (no copy), leaving empty arrays. */
  g_mutex_lock (&self->lock);
  swap = self->messages;
  self->messages = self->sending_messages;
  self->sending_messages = swap;
  swap = self->records;
  self->records = self->sending_records;
  self->sending_records = swap;
  ok = !self->broken;
  g_mutex_unlock (&self->lock);

  header[0] = GUINT32_TO_LE (LAB_WORKER_FRAME_RECORDS);
  header[1] = GUINT32_TO_LE (self->sending_records->len);

  add_iov (iov, &n, self->sending_messages->data, self->sending_messages->len);
  if (self->sending_records->len > 0)
    add_iov (iov, &n, header, sizeof header);
  add_iov (iov, &n, self->sending_records->data, self->sending_records->len);
  if (frames != NULL)
    add_iov (iov, &n, frames->data, frames->len);

  if (ok && n > 0 && !write_all (self->fd, iov, n))
    {
      ok = FALSE;
      g_mutex_lock (&self->lock);
      self->broken = TRUE;
      g_mutex_unlock (&self->lock);
    }

  g_byte_array_set_size (self->sending_messages, 0);
  g_byte_array_set_size (self->sending_records, 0);
  if (frames != NULL)
    g_byte_array_set_size (frames, 0);

  g_mutex_unlock (&self->write_lock);

  return ok;
}

static gpointer
flusher_thread (gpointer data)
{
  LabWorkerOutbox *self = data;

  g_mutex_lock (&self->lock);

  while (!self->stop && !self->broken)
    {
      if (self->records->len == 0)
        {
          self->thread_idle = TRUE;
          g_cond_wait (&self->cond, &self->lock);
          self->thread_idle = FALSE;
          continue;
        }

      if (g_get_monotonic_time () < self->pending_since + LAB_WORKER_FLUSH_INTERVAL_US)
        {
          g_cond_wait_until (&self->cond, &self->lock,
                             self->pending_since + LAB_WORKER_FLUSH_INTERVAL_US);
          continue;
        }

      g_mutex_unlock (&self->lock);
      send_pending (self, NULL);
      g_mutex_lock (&self->lock);
    }

  g_mutex_unlock (&self->lock);

  return NULL;
}

LabWorkerOutbox *
lab_worker_outbox_new (int fd)
{
  LabWorkerOutbox *self = g_new0 (LabWorkerOutbox, 1);

  self->fd = fd;
  g_mutex_init (&self->write_lock);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->staged = g_byte_array_new ();
  self->messages = g_byte_array_new ();
  self->records = g_byte_array_new ();
  self->sending_messages = g_byte_array_new ();
  self->sending_records = g_byte_array_new ();
  self->sent_messages = g_hash_table_new (NULL, NULL);

  return self;
}

void
lab_worker_outbox_free (LabWorkerOutbox *self)
{
  lab_worker_outbox_flush (self, NULL);

  if (self->thread != NULL)
    {
      g_mutex_lock (&self->lock);
      self->stop = TRUE;
      g_cond_signal (&self->cond);
      g_mutex_unlock (&self->lock);
      g_thread_join (self->thread);
    }

  g_hash_table_unref (self->sent_messages);
  g_byte_array_unref (self->records);
  g_byte_array_unref (self->messages);
  g_byte_array_unref (self->staged);
  g_byte_array_unref (self->sending_records);
  g_byte_array_unref (self->sending_messages);
  g_cond_clear (&self->cond);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->write_lock);
  g_free (self);
}

/* Main thread: hands the staged records over to the pending ones. */
static void
publish (LabWorkerOutbox *self)
{
  if (self->staged->len == 0)
    return;

  /* Started with the first record: a worker that never runs a task (or is
   * only getting ready) does without. */
  if (G_UNLIKELY (self->thread == NULL))
    self->thread = g_thread_new ("lab-worker-outbox", flusher_thread, self);

  g_mutex_lock (&self->lock);
  if (self->records->len == 0)
    {
      self->pending_since = self->staged_since;
      if (self->thread_idle)
        g_cond_signal (&self->cond);
    }
  g_byte_array_append (self->records, self->staged->data, self->staged->len);
  g_mutex_unlock (&self->lock);

  g_byte_array_set_size (self->staged, 0);
}

gboolean
lab_worker_outbox_flush (LabWorkerOutbox *self,
                         GByteArray      *frames)
{
  publish (self);
  self->added = 0;
  return send_pending (self, frames);
}

guint
lab_worker_outbox_add (LabWorkerOutbox       *self,
                       const LabWorkerRecord *record,
                       const char            *message,
                       gint64                 now)
{
  if (G_UNLIKELY (record->message_id != 0 && message != NULL))
    {
      /* Messages are interned per process: say what an id means before
       * its first use (and keep the records in order). */
      publish (self);
      g_mutex_lock (&self->lock);
      if (g_hash_table_add (self->sent_messages, GUINT_TO_POINTER (record->message_id)))
        lab_worker_append_message (self->messages, LAB_WORKER_FRAME_MESSAGE, record->message_id, message);
      g_mutex_unlock (&self->lock);
    }

  if (self->staged->len == 0)
    self->staged_since = now;
  lab_worker_append_record (self->staged, record);

  if (self->staged->len >= STAGE_RECORDS * LAB_WORKER_RECORD_SIZE ||
      now - self->staged_since >= STAGE_US)
    publish (self);

  return ++self->added;
}

guint
lab_worker_outbox_get_n_pending (LabWorkerOutbox *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->records->len / LAB_WORKER_RECORD_SIZE;
  g_mutex_unlock (&self->lock);

  return n + self->staged->len / LAB_WORKER_RECORD_SIZE;
}
