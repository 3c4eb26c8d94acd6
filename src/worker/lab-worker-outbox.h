/* lab-worker-outbox.h: a worker's records on their way to the parent, sent
 * by the worker at the end of its chunks and by a small thread of its own
 * whenever they have waited too long
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-worker-protocol.h"

G_BEGIN_DECLS

typedef struct _LabWorkerOutbox LabWorkerOutbox;

/* Writes to @fd. With the first record, starts the thread that sends
 * records which have waited LAB_WORKER_FLUSH_INTERVAL_US, even while a long
 * task runs. */
LabWorkerOutbox *lab_worker_outbox_new            (int                    fd);
/* Sends what is pending and stops the thread. */
void             lab_worker_outbox_free           (LabWorkerOutbox       *self);
/* The worker's main thread, which alone calls what follows: a record that
 * ended at @now, and (the first time) what its message id means. Returns
 * the number of records added since its last flush (some may have been sent
 * by the thread since). */
guint            lab_worker_outbox_add            (LabWorkerOutbox       *self,
                                                   const LabWorkerRecord *record,
                                                   const char            *message,
                                                   gint64                 now);
/* Records not sent yet. */
guint            lab_worker_outbox_get_n_pending  (LabWorkerOutbox       *self);
/* Sends the pending records, then @frames if not NULL (whole frames, which
 * it empties). FALSE once the parent is gone. */
gboolean         lab_worker_outbox_flush          (LabWorkerOutbox       *self,
                                                   GByteArray            *frames);

G_END_DECLS
