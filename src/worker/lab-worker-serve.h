/* lab-worker-serve.h: one worker process's life, speaking the worker
 * protocol on two file descriptors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#include "lab-config.h"
#include "lab-workload.h"

/* A workload made ahead of time (by a fork server) for the configuration a
 * HELLO will most likely carry. */
typedef struct
{
  char        *config_json;
  LabConfig   *config;
  LabWorkload *workload;
} LabWorkerPrepared;

LabWorkerPrepared *lab_worker_prepared_new  (const char        *config_json,
                                             gsize              len);
void               lab_worker_prepared_free (LabWorkerPrepared *self);

/* Reads a HELLO from @in_fd, answers READY on @out_fd, then runs the chunks
 * of task indices it is sent until @in_fd closes. When the HELLO carries
 * exactly the configuration of @prepared, its workload is used rather than
 * built again. Returns the process's exit status: 0 at the end of input, 1
 * when it could not go on. */
int                lab_worker_serve         (int                      in_fd,
                                             int                      out_fd,
                                             const LabWorkerPrepared *prepared);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabWorkerPrepared, lab_worker_prepared_free)

G_END_DECLS
