/* lab-lab-server-accept.c
 *
 * The lab server's own accept loop, in front of SoupServer:
 *
 * - a long accept queue, drained in one go: libsoup's listener keeps
 *   GSocket's backlog of 10 and accepts one connection per main-loop
 *   iteration, so a burst of a thousand connections waits for SYN
 *   retransmits (1 s, 3 s…) and for a thousand loop iterations;
 * - a look at the first byte a client sends: a TLS handshake (0x16) gets a
 *   plain-text 400 and the connection is closed, as common HTTP servers do,
 *   so that https:// to this plain port fails at once with a TLS error
 *   instead of hanging (libsoup would wait for the end of the "headers");
 * - the socket of every connection it hands to libsoup, by remote address,
 *   so that `drop` can reset a connection mid-body (SoupServer gives the
 *   socket of connections it accepted itself only).
 *
 * - a sweep, twice a second, for idle connections the client has closed:
 *   libsoup 3.2.3 reads the end of such a connection but never closes its
 *   side (fixed later upstream, "server: do not leak idle connections
 *   closed by the client"), so without it every client run would leave
 *   its connections behind in CLOSE-WAIT for as long as the server runs.
 *
 * SoupServer keeps a connection alive after a response only while it has a
 * listener of its own (libsoup 3.2, request_finished()); without one, every
 * response would close its connection. So it gets one that never accepts
 * anything: one end of a socket pair (libsoup takes a connected socket),
 * whose other end stays silent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lab-error.h"
#include "lab-lab-server-private.h"

/* The kernel caps it at net.core.somaxconn. */
#define LISTEN_BACKLOG 4096
/* Connections accepted per dispatch, so the loop stays fair. */
#define ACCEPT_BATCH 256
/* How often idle connections are checked for a client that has gone (ms). */
#define SWEEP_INTERVAL 500
/* The first byte of a TLS record carrying a handshake. */
#define TLS_HANDSHAKE 0x16

static const char not_tls_answer[] =
  "HTTP/1.1 400 Bad Request\r\n"
  "Content-Type: text/plain; charset=utf-8\r\n"
  "Connection: close\r\n"
  "Content-Length: 59\r\n"
  "\r\n"
  "This is a plain HTTP server: use http://, not https://.  \n";

struct _LabAcceptor
{
  SoupServer *server;
  GSocket    *listener;
  GSource    *accept_source;
  GList      *waiting;       /* of Waiting: accepted, first byte not in yet */
  GHashTable *sockets;       /* "address:port" → Entry, for connections handed to libsoup */
  GSocket    *silent_peer;   /* the other end of SoupServer's own listener */
  GSource    *sweep_source;
  guint       port;
};

typedef struct
{
  LabAcceptor *acceptor;
  GSocket     *socket;
  GSource     *source;
  GList        link;
} Waiting;

static char *
address_key (GSocketAddress *address)
{
  GInetSocketAddress *inet = G_INET_SOCKET_ADDRESS (address);
  g_autofree char *ip = g_inet_address_to_string (g_inet_socket_address_get_address (inet));

  return g_strdup_printf ("%s:%u", ip, g_inet_socket_address_get_port (inet));
}

/* A connection libsoup has, while its socket lives. */
typedef struct
{
  LabAcceptor *acceptor;
  GSocket     *socket;    /* weak */
  char        *key;
  guint        gone;      /* sweeps that found the client gone */
} Entry;

static GQuark busy_quark;

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->key);
  g_free (entry);
}

static void
on_socket_finalized (gpointer  data,
                     GObject  *where_the_object_was)
{
  Entry *entry = data;

  g_hash_table_remove (entry->acceptor->sockets, entry->key);
}

static void
remember_socket (LabAcceptor    *self,
                 GSocket        *socket,
                 GSocketAddress *remote)
{
  Entry *entry = g_new0 (Entry, 1);
  Entry *old;

  entry->acceptor = self;
  entry->socket = socket;
  entry->key = address_key (remote);

  /* A port reused by a new connection while the old socket lingers. */
  old = g_hash_table_lookup (self->sockets, entry->key);
  if (old != NULL)
    {
      g_object_weak_unref (G_OBJECT (old->socket), on_socket_finalized, old);
      g_hash_table_remove (self->sockets, old->key);
    }

  g_hash_table_insert (self->sockets, entry->key, entry);
  g_object_weak_ref (G_OBJECT (socket), on_socket_finalized, entry);
}

static void
forget_entry (Entry *entry)
{
  g_object_weak_unref (G_OBJECT (entry->socket), on_socket_finalized, entry);
  g_hash_table_remove (entry->acceptor->sockets, entry->key);
}

/* Whether the client has closed the connection: the next byte is its end. */
static gboolean
client_gone (GSocket *socket)
{
  guint8 next;

  return !g_socket_is_closed (socket) &&
         recv (g_socket_get_fd (socket), &next, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

/* Closes connections whose client went away while they were idle. A
 * connection is closed on the second sweep that finds it so: by then
 * libsoup has long read the end (its watch on the socket is gone). One with
 * a /work response in progress is left alone. */
static gboolean
on_sweep (gpointer user_data)
{
  LabAcceptor *self = user_data;
  g_autoptr(GPtrArray) closing = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->sockets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Entry *entry = value;

      if (g_object_get_qdata (G_OBJECT (entry->socket), busy_quark) != NULL ||
          !client_gone (entry->socket))
        entry->gone = 0;
      else if (++entry->gone >= 2)
        g_ptr_array_add (closing, entry);
    }

  for (guint i = 0; i < closing->len; i++)
    {
      Entry *entry = closing->pdata[i];
      GSocket *socket = entry->socket;

      forget_entry (entry);
      g_socket_close (socket, NULL);
    }

  return G_SOURCE_CONTINUE;
}

void
lab_acceptor_mark_busy (GSocket *socket,
                        gint     delta)
{
  gsize busy = GPOINTER_TO_SIZE (g_object_get_qdata (G_OBJECT (socket), busy_quark));

  g_object_set_qdata (G_OBJECT (socket), busy_quark, GSIZE_TO_POINTER (busy + delta));
}

static void
hand_to_libsoup (LabAcceptor *self,
                 GSocket     *socket)
{
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketAddress) local = g_socket_get_local_address (socket, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_get_remote_address (socket, NULL);

  if (local == NULL || remote == NULL)
    {
      g_socket_close (socket, NULL);
      return;
    }

  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  connection = g_socket_connection_factory_create_connection (socket);

  remember_socket (self, socket, remote);

  if (!soup_server_accept_iostream (self->server, G_IO_STREAM (connection), local, remote, NULL))
    g_socket_close (socket, NULL);
}

/* Whether the first byte is in: then the connection is answered or handed
 * over. */
static gboolean
look_at_first_byte (LabAcceptor *self,
                    GSocket     *socket)
{
  guint8 first;
  gssize n = recv (g_socket_get_fd (socket), &first, 1, MSG_PEEK | MSG_DONTWAIT);

  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
    return FALSE;

  if (n == 1 && first == TLS_HANDSHAKE)
    {
      /* Best effort: a short write to a fresh socket does not block. */
      g_socket_send (socket, not_tls_answer, sizeof not_tls_answer - 1, NULL, NULL);
      g_socket_shutdown (socket, FALSE, TRUE, NULL);
      g_socket_close (socket, NULL);
    }
  else if (n == 1)
    hand_to_libsoup (self, socket);
  else
    g_socket_close (socket, NULL);

  return TRUE;
}

static void
waiting_free (Waiting *waiting)
{
  g_source_destroy (waiting->source);
  g_source_unref (waiting->source);
  waiting->acceptor->waiting = g_list_remove_link (waiting->acceptor->waiting, &waiting->link);
  g_object_unref (waiting->socket);
  g_free (waiting);
}

static gboolean
on_first_byte (GSocket      *socket,
               GIOCondition  condition,
               gpointer      user_data)
{
  Waiting *waiting = user_data;

  if (!look_at_first_byte (waiting->acceptor, socket))
    return G_SOURCE_CONTINUE;

  waiting_free (waiting);
  return G_SOURCE_REMOVE;
}

static void
wait_for_first_byte (LabAcceptor *self,
                     GSocket     *socket)
{
  Waiting *waiting = g_new0 (Waiting, 1);

  waiting->acceptor = self;
  waiting->socket = g_object_ref (socket);
  waiting->link.data = waiting;
  waiting->source = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (waiting->source, G_SOURCE_FUNC (on_first_byte), waiting, NULL);
  g_source_set_static_name (waiting->source, "[lab] server first byte");
  g_source_attach (waiting->source, g_main_context_get_thread_default ());
  self->waiting = g_list_concat (&waiting->link, self->waiting);
}

static gboolean
on_incoming (GSocket      *listener,
             GIOCondition  condition,
             gpointer      user_data)
{
  LabAcceptor *self = user_data;

  for (guint i = 0; i < ACCEPT_BATCH; i++)
    {
      g_autoptr(GSocket) socket = g_socket_accept (listener, NULL, NULL);

      if (socket == NULL)
        break;

      if (!look_at_first_byte (self, socket))
        wait_for_first_byte (self, socket);
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
give_server_a_listener (SoupServer  *server,
                        GSocket    **silent_peer,
                        GError     **error)
{
  g_autoptr(GSocket) end = NULL;
  int fds[2];

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "socketpair: %s", g_strerror (saved_errno));
      return FALSE;
    }

  end = g_socket_new_from_fd (fds[0], error);
  if (end == NULL)
    {
      close (fds[0]);
      close (fds[1]);
      return FALSE;
    }

  *silent_peer = g_socket_new_from_fd (fds[1], error);
  if (*silent_peer == NULL)
    {
      close (fds[1]);
      return FALSE;
    }

  return soup_server_listen_socket (server, end, 0, error);
}

LabAcceptor *
lab_acceptor_new (SoupServer  *server,
                  guint        port,
                  GError     **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GSocket) silent_peer = NULL;
  LabAcceptor *self;

  listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                           &local_error);
  if (listener != NULL)
    {
      g_socket_set_listen_backlog (listener, LISTEN_BACKLOG);
      g_socket_set_blocking (listener, FALSE);
      if (g_socket_bind (listener, address, TRUE, &local_error) &&
          g_socket_listen (listener, &local_error))
        bound = g_socket_get_local_address (listener, &local_error);
    }

  if (bound == NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_FAILED, "Could not listen on 127.0.0.1:%u: %s",
                   port, local_error->message);
      return NULL;
    }

  if (!give_server_a_listener (server, &silent_peer, &local_error))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_FAILED, "Could not set up the lab server: %s",
                   local_error->message);
      return NULL;
    }

  self = g_new0 (LabAcceptor, 1);
  self->silent_peer = g_steal_pointer (&silent_peer);
  self->server = g_object_ref (server);
  self->listener = g_steal_pointer (&listener);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  self->sockets = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, entry_free);

  busy_quark = g_quark_from_static_string ("lab-server-busy");
  self->sweep_source = g_timeout_source_new (SWEEP_INTERVAL);
  g_source_set_callback (self->sweep_source, on_sweep, self, NULL);
  g_source_set_static_name (self->sweep_source, "[lab] server sweep");
  g_source_attach (self->sweep_source, g_main_context_get_thread_default ());

  self->accept_source = g_socket_create_source (self->listener, G_IO_IN, NULL);
  g_source_set_callback (self->accept_source, G_SOURCE_FUNC (on_incoming), self, NULL);
  g_source_set_static_name (self->accept_source, "[lab] server accept");
  g_source_attach (self->accept_source, g_main_context_get_thread_default ());

  return self;
}

guint
lab_acceptor_get_port (LabAcceptor *self)
{
  return self->port;
}

GSocket *
lab_acceptor_lookup_socket (LabAcceptor    *self,
                            GSocketAddress *remote)
{
  g_autofree char *key = NULL;
  Entry *entry;

  if (remote == NULL || !G_IS_INET_SOCKET_ADDRESS (remote))
    return NULL;

  key = address_key (remote);
  entry = g_hash_table_lookup (self->sockets, key);
  return entry != NULL ? entry->socket : NULL;
}

/* Stops accepting and closes the connections not handed over yet; call
 * before soup_server_disconnect(). */
void
lab_acceptor_stop (LabAcceptor *self)
{
  if (self->accept_source != NULL)
    {
      g_source_destroy (self->accept_source);
      g_clear_pointer (&self->accept_source, g_source_unref);
    }
  if (self->sweep_source != NULL)
    {
      g_source_destroy (self->sweep_source);
      g_clear_pointer (&self->sweep_source, g_source_unref);
    }
  g_socket_close (self->listener, NULL);

  while (self->waiting != NULL)
    {
      Waiting *waiting = self->waiting->data;

      g_socket_close (waiting->socket, NULL);
      waiting_free (waiting);
    }
}

/* After the server is gone. */
void
lab_acceptor_free (LabAcceptor *self)
{
  GHashTableIter iter;
  gpointer value;

  lab_acceptor_stop (self);

  g_hash_table_iter_init (&iter, self->sockets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Entry *entry = value;

      g_object_weak_unref (G_OBJECT (entry->socket), on_socket_finalized, entry);
    }
  g_hash_table_unref (self->sockets);

  g_clear_object (&self->listener);
  g_clear_object (&self->silent_peer);
  g_clear_object (&self->server);
  g_free (self);
}
