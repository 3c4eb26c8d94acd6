/* lab-url-session.c
 *
 * The url workload's libsoup sessions. max-conns and max-conns-per-host
 * are at least the requests a session has in flight: libsoup's defaults
 * (10 and 2) would cap every model at two connections to a server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-url-workload-private.h"

static const char *
getenv_either (const char *lower,
               const char *upper)
{
  const char *value = g_getenv (lower);

  if (value == NULL || *value == '\0')
    value = g_getenv (upper);
  return value != NULL && *value != '\0' ? value : NULL;
}

/* Proxies from the environment (http_proxy, https_proxy, all_proxy,
 * no_proxy), as curl and Python's urllib take them; NULL for none. GIO's
 * default resolver would load the desktop's proxy modules (libproxy,
 * GSettings through dconf) in every worker process: that costs each of
 * them a good part of a second before its first request. */
static GProxyResolver *
proxy_resolver_from_environment (void)
{
  const char *http = getenv_either ("http_proxy", "HTTP_PROXY");
  const char *https = getenv_either ("https_proxy", "HTTPS_PROXY");
  const char *all = getenv_either ("all_proxy", "ALL_PROXY");
  const char *no_proxy = getenv_either ("no_proxy", "NO_PROXY");
  g_autoptr(GStrvBuilder) ignore = g_strv_builder_new ();
  g_auto(GStrv) ignore_hosts = NULL;
  GSimpleProxyResolver *resolver;

  if (http == NULL && https == NULL && all == NULL)
    return NULL;

  g_strv_builder_add_many (ignore, "localhost", "127.0.0.0/8", "::1", NULL);
  if (no_proxy != NULL)
    {
      g_auto(GStrv) hosts = g_strsplit (no_proxy, ",", -1);

      for (guint i = 0; hosts[i] != NULL; i++)
        if (*g_strstrip (hosts[i]) != '\0')
          g_strv_builder_add (ignore, hosts[i]);
    }
  ignore_hosts = g_strv_builder_end (ignore);

  resolver = G_SIMPLE_PROXY_RESOLVER (g_simple_proxy_resolver_new (all, ignore_hosts));
  if (http != NULL)
    g_simple_proxy_resolver_set_uri_proxy (resolver, "http", http);
  if (https != NULL)
    g_simple_proxy_resolver_set_uri_proxy (resolver, "https", https);

  return G_PROXY_RESOLVER (resolver);
}

SoupSession *
lab_url_session_new (guint connections)
{
  g_autoptr(GProxyResolver) proxies = proxy_resolver_from_environment ();
  guint n = MAX (connections, 2);
  SoupSession *session;

  /* "timeout" is libsoup's I/O inactivity limit: the task's --timeout is
   * ours (a timer that cancels), so none here. */
  session = soup_session_new_with_options ("max-conns", MIN (2 * n, 4096),
                                           "max-conns-per-host", n,
                                           "timeout", 0,
                                           "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION " ",
                                           "proxy-resolver", proxies,
                                           NULL);

  /* Bytes as they come over the wire, as Python's urllib reads them: no
   * Accept-Encoding, no decoding; and no authentication to negotiate. */
  soup_session_remove_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);
  soup_session_remove_feature_by_type (session, SOUP_TYPE_AUTH_MANAGER);

  return session;
}
