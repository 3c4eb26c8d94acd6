/* lab-url-workload.h: task i GETs a URL and reads the whole body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-lab-server.h"
#include "lab-workload.h"

G_BEGIN_DECLS

#define LAB_TYPE_URL_WORKLOAD (lab_url_workload_get_type ())

G_DECLARE_FINAL_TYPE (LabUrlWorkload, lab_url_workload, LAB, URL_WORKLOAD, LabWorkload)

/* When @config has no URLs, starts an embedded lab server (owned by the
 * workload, stopped when it goes) and completes the config with its /work
 * URL: see lab_workload_get_config(). */
LabWorkload  *lab_url_workload_new        (const LabConfig  *config,
                                           GError          **error);
/* The embedded lab server, or NULL when the config named its URLs. */
LabLabServer *lab_url_workload_get_server (LabUrlWorkload   *self);

/* The sync models (sequential, threads) use one session per worker by
 * default; the environment variable LAB_URL_SESSIONS=shared|per-worker
 * chooses, for measuring one against the other. */
gboolean      lab_url_workload_uses_shared_session (LabUrlWorkload *self);

G_END_DECLS
