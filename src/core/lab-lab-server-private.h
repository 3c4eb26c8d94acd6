/* lab-lab-server-private.h: what the lab server shares with its /work endpoint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The parameters of one /work request. */
typedef struct
{
  GTimeSpan delay;      /* before the headers */
  GTimeSpan jitter;     /* delay ± uniform jitter */
  guint64   size;       /* body bytes */
  guint     status;     /* 200..599 */
  double    fail;       /* probability of a 500 instead */
  double    drop;       /* probability of closing the connection mid-body */
  gboolean  chunked;    /* chunked encoding instead of Content-Length */
  guint64   rate;       /* body bytes per second; 0 = as fast as possible */
} LabWorkParams;

gboolean lab_work_params_parse (LabWorkParams  *params,
                                GHashTable     *query,
                                GError        **error);

/* The accept loop in front of SoupServer (lab-lab-server-accept.c); all of
 * it runs on the server's thread. */
typedef struct _LabAcceptor LabAcceptor;

LabAcceptor     *lab_acceptor_new           (SoupServer     *server,
                                             guint           port,
                                             GError        **error);
guint            lab_acceptor_get_port      (LabAcceptor    *self);
/* The socket of a connection handed to libsoup, by its remote address. */
GSocket         *lab_acceptor_lookup_socket (LabAcceptor    *self,
                                             GSocketAddress *remote);
/* A response in progress on @socket (+1) or over (-1): the sweep for
 * clients that have gone leaves such a connection alone. */
void             lab_acceptor_mark_busy     (GSocket        *socket,
                                             gint            delta);
void             lab_acceptor_stop          (LabAcceptor    *self);
void             lab_acceptor_free          (LabAcceptor    *self);

/* The /work endpoint: all of it runs on the server's thread. */
typedef struct _LabWorkEndpoint LabWorkEndpoint;

LabWorkEndpoint *lab_work_endpoint_new    (LabAcceptor       *acceptor);
/* Drops the responses still in progress. */
void             lab_work_endpoint_free   (LabWorkEndpoint   *self);
void             lab_work_endpoint_handle (LabWorkEndpoint   *self,
                                           SoupServerMessage *msg,
                                           GHashTable        *query);

G_END_DECLS
