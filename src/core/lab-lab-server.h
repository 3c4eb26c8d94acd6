/* lab-lab-server.h: the lab server, a shaped HTTP server on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lab-run.h"

G_BEGIN_DECLS

/* Upper bounds of the /work parameters, so no request can exhaust the machine. */
#define LAB_LAB_SERVER_MAX_DELAY  (60 * G_TIME_SPAN_SECOND)
#define LAB_LAB_SERVER_MAX_SIZE   (G_GUINT64_CONSTANT (1) << 30)
#define LAB_LAB_SERVER_MAX_RATE   (G_GUINT64_CONSTANT (1) << 30)
/* The body size when `size` is not given. */
#define LAB_LAB_SERVER_DEFAULT_SIZE 1024

#define LAB_TYPE_LAB_SERVER (lab_lab_server_get_type ())

G_DECLARE_FINAL_TYPE (LabLabServer, lab_lab_server, LAB, LAB_SERVER, GObject)

/* @port: the port on 127.0.0.1, or 0 for any free one. */
LabLabServer *lab_lab_server_new            (guint          port);
/* Starts serving on a thread of its own (with its own GMainContext); returns
 * once the port is bound. */
gboolean      lab_lab_server_start          (LabLabServer  *self,
                                             GError       **error);
/* Stops serving and joins the thread; pending responses are dropped. Also
 * done when the last reference goes. */
void          lab_lab_server_stop           (LabLabServer  *self);
gboolean      lab_lab_server_is_running     (LabLabServer  *self);
/* The server's thread is the lab, not the engine: its CPU time is left out
 * of @run's. */
void          lab_lab_server_exclude_cpu    (LabLabServer  *self,
                                             LabRun        *run);
/* "http://127.0.0.1:PORT/" once started, else NULL. */
const char   *lab_lab_server_get_url        (LabLabServer  *self);
guint         lab_lab_server_get_port       (LabLabServer  *self);
/* The URL of the /work endpoint with an optional query, e.g. "delay=200ms". */
char         *lab_lab_server_dup_work_url   (LabLabServer  *self,
                                             const char    *query);
/* Requests answered since the start, any path. */
guint64       lab_lab_server_get_n_requests (LabLabServer  *self);

G_END_DECLS
