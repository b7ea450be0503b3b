/* kube-connection.c: a kubeconfig context turned into a ready-to-use HTTPS connection
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One KubeConnection holds what every request to one cluster needs: the server URL, a
 * SoupSession with the cluster's proxy, the TLS policy (our own GnuTLS verification against
 * the kubeconfig's CA, or, only when the kubeconfig says insecure-skip-tls-verify, none) and
 * the user's credentials.  kube_connection_send_async() is the single place where a request
 * leaves the process; everything above it (the verbs, watches, streams) goes through it.
 */

#include "config.h"

#include "kube-connection.h"
#include "kube-error.h"
#include "kube-tls.h"

#include <string.h>

struct _KubeConnection
{
  GObject          parent_instance;

  char            *context_name;
  char            *namespace;
  char            *server;
  GUri            *base_uri;
  gboolean         insecure;
  KubeTlsVerifier *verifier;
  KubeAuth        *auth;             /* NULL for a context without a user */
  SoupSession     *session;
};

G_DEFINE_FINAL_TYPE (KubeConnection, kube_connection, G_TYPE_OBJECT)

static void
kube_connection_finalize (GObject *object)
{
  KubeConnection *self = KUBE_CONNECTION (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->auth);
  g_clear_pointer (&self->verifier, kube_tls_verifier_free);
  g_clear_pointer (&self->base_uri, g_uri_unref);
  g_free (self->server);
  g_free (self->namespace);
  g_free (self->context_name);

  G_OBJECT_CLASS (kube_connection_parent_class)->finalize (object);
}

static void
kube_connection_class_init (KubeConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kube_connection_finalize;
}

static void
kube_connection_init (KubeConnection *self)
{
}

/* SEARCHDECK_DEBUG=http prints the HTTP traffic's headers, with credentials blotted out. */
static void
print_http_line (SoupLogger         *logger,
                 SoupLoggerLogLevel  level,
                 char                direction,
                 const char         *data,
                 gpointer            user_data)
{
  if (g_ascii_strncasecmp (data, "Authorization:", 14) == 0
      || g_ascii_strncasecmp (data, "Proxy-Authorization:", 20) == 0
      || g_ascii_strncasecmp (data, "Cookie:", 7) == 0
      || g_ascii_strncasecmp (data, "Set-Cookie:", 11) == 0)
    {
      const char *colon = strchr (data, ':');

      g_printerr ("%c %.*s: [redacted]\n", direction, (int) (colon - data), data);
      return;
    }

  g_printerr ("%c %s\n", direction, data);
}

static gboolean
debug_http (void)
{
  const char *debug = g_getenv ("SEARCHDECK_DEBUG");
  g_auto(GStrv) words = NULL;

  if (debug == NULL)
    return FALSE;

  words = g_strsplit_set (debug, ",: ", -1);
  return g_strv_contains ((const char * const *) words, "http")
         || g_strv_contains ((const char * const *) words, "all");
}

static gboolean
setup_session (KubeConnection *self,
               KubeCluster    *cluster,
               GError        **error)
{
  g_autoptr(GProxyResolver) resolver = NULL;

  if (cluster->proxy_url != NULL && cluster->proxy_url[0] != '\0')
    {
      g_autoptr(GUri) proxy = g_uri_parse (cluster->proxy_url, G_URI_FLAGS_NONE, NULL);
      const char *scheme = proxy ? g_uri_get_scheme (proxy) : NULL;

      if (scheme == NULL
          || (g_ascii_strcasecmp (scheme, "http") != 0
              && g_ascii_strcasecmp (scheme, "https") != 0
              && g_ascii_strcasecmp (scheme, "socks5") != 0))
        {
          g_set_error (error, KUBE_ERROR, KUBE_ERROR_CONFIG,
                       "The proxy-url of cluster “%s” is not an http, https or socks5 URL",
                       cluster->name);
          return FALSE;
        }

      resolver = g_simple_proxy_resolver_new (cluster->proxy_url, NULL);
    }

  /* No trust database: glib-networking then reports every server certificate as unknown
   * and asks accept-certificate, where kube-tls decides.  No I/O timeout either: watches
   * and log streams stay quiet for minutes, and they watch themselves. */
  self->session = g_object_new (SOUP_TYPE_SESSION,
                                "tls-database", NULL,
                                "timeout", 0,
                                "idle-timeout", 60,
                                "max-conns", 128,
                                "max-conns-per-host", 64,
                                "user-agent", "Searchdeck/" PACKAGE_VERSION,
                                resolver ? "proxy-resolver" : NULL, resolver,
                                NULL);

  if (debug_http ())
    {
      g_autoptr(SoupLogger) logger = soup_logger_new (SOUP_LOGGER_LOG_HEADERS);

      soup_logger_set_printer (logger, print_http_line, NULL, NULL);
      soup_session_add_feature (self->session, SOUP_SESSION_FEATURE (logger));
    }

  return TRUE;
}

static gboolean
setup_tls (KubeConnection *self,
           KubeCluster    *cluster,
           GError        **error)
{
  g_autoptr(GBytes) ca = NULL;
  g_autofree char *origin = NULL;
  const char *server_name;

  if (g_ascii_strcasecmp (g_uri_get_scheme (self->base_uri), "https") != 0)
    return TRUE;

  if (cluster->insecure_skip_tls_verify)
    {
      if (cluster->certificate_authority != NULL || cluster->certificate_authority_data != NULL)
        {
          g_set_error (error, KUBE_ERROR, KUBE_ERROR_CONFIG,
                       "Cluster “%s” sets both insecure-skip-tls-verify and a certificate "
                       "authority; remove one of them", cluster->name);
          return FALSE;
        }

      g_debug ("Cluster “%s”: certificate checks are off, as its kubeconfig says",
               cluster->name);
      self->insecure = TRUE;
      return TRUE;
    }

  if (cluster->certificate_authority_data != NULL)
    {
      ca = g_bytes_ref (cluster->certificate_authority_data);
      origin = g_strdup_printf ("the certificate-authority-data of cluster “%s”",
                                cluster->name);
    }
  else if (cluster->certificate_authority != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (cluster->certificate_authority, &contents, &length,
                                &local_error))
        {
          g_set_error (error, KUBE_ERROR, KUBE_ERROR_CONFIG,
                       "The certificate-authority of cluster “%s” could not be read: %s",
                       cluster->name, local_error->message);
          return FALSE;
        }

      ca = g_bytes_new_take (contents, length);
      origin = g_strdup_printf ("%s (certificate-authority of cluster “%s”)",
                                cluster->certificate_authority, cluster->name);
    }

  server_name = cluster->tls_server_name && cluster->tls_server_name[0]
                  ? cluster->tls_server_name
                  : g_uri_get_host (self->base_uri);

  self->verifier = kube_tls_verifier_new (ca, origin, server_name, error);
  return self->verifier != NULL;
}

KubeConnection *
kube_connection_new_for_parts (KubeContext  *context,
                               KubeCluster  *cluster,
                               KubeUser     *user,
                               GError      **error)
{
  g_autoptr(KubeConnection) self = NULL;
  g_autoptr(GError) uri_error = NULL;
  const char *scheme;

  g_return_val_if_fail (context != NULL, NULL);
  g_return_val_if_fail (cluster != NULL, NULL);

  self = g_object_new (KUBE_TYPE_CONNECTION, NULL);
  self->context_name = g_strdup (context->name);
  self->namespace = g_strdup (context->namespace && context->namespace[0]
                                ? context->namespace : "default");

  if (cluster->server == NULL || cluster->server[0] == '\0')
    {
      g_set_error (error, KUBE_ERROR, KUBE_ERROR_CONFIG, "Cluster “%s” has no server",
                   cluster->name);
      return NULL;
    }

  self->base_uri = g_uri_parse (cluster->server, G_URI_FLAGS_ENCODED_PATH, &uri_error);
  scheme = self->base_uri ? g_uri_get_scheme (self->base_uri) : NULL;
  if (scheme == NULL
      || (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
      || g_uri_get_host (self->base_uri) == NULL || g_uri_get_host (self->base_uri)[0] == '\0')
    {
      g_set_error (error, KUBE_ERROR, KUBE_ERROR_CONFIG,
                   "The server of cluster “%s” (%s) is not an https:// URL", cluster->name,
                   cluster->server);
      return NULL;
    }

  self->server = g_strdup (cluster->server);

  if (!setup_tls (self, cluster, error) || !setup_session (self, cluster, error))
    return NULL;

  if (user != NULL)
    {
      self->auth = kube_auth_new (user, cluster, error);
      if (self->auth == NULL)
        return NULL;
    }

  return g_steal_pointer (&self);
}

KubeConnection *
kube_connection_new (KubeConfig  *config,
                     const char  *context_name,
                     GError     **error)
{
  KubeContext *context;
  KubeCluster *cluster;
  KubeUser *user = NULL;

  g_return_val_if_fail (KUBE_IS_CONFIG (config), NULL);

  if (context_name == NULL)
    context_name = kube_config_get_current_context (config);

  if (context_name == NULL || context_name[0] == '\0')
    {
      g_set_error_literal (error, KUBE_ERROR, KUBE_ERROR_CONFIG,
                           "The kubeconfig has no current-context; choose a context");
      return NULL;
    }

  context = kube_config_lookup_context (config, context_name);
  if (context == NULL)
    {
      g_set_error (error, KUBE_ERROR, KUBE_ERROR_CONFIG,
                   "The kubeconfig has no context named “%s”", context_name);
      return NULL;
    }

  cluster = context->cluster ? kube_config_lookup_cluster (config, context->cluster) : NULL;
  if (cluster == NULL)
    {
      g_set_error (error, KUBE_ERROR, KUBE_ERROR_CONFIG,
                   "Context “%s” names cluster “%s”, which the kubeconfig does not define",
                   context_name, context->cluster ? context->cluster : "");
      return NULL;
    }

  if (context->user != NULL && context->user[0] != '\0')
    {
      user = kube_config_lookup_user (config, context->user);
      if (user == NULL)
        {
          g_set_error (error, KUBE_ERROR, KUBE_ERROR_CONFIG,
                       "Context “%s” names user “%s”, which the kubeconfig does not define",
                       context_name, context->user);
          return NULL;
        }
    }

  return kube_connection_new_for_parts (context, cluster, user, error);
}

const char *
kube_connection_get_context_name (KubeConnection *self)
{
  g_return_val_if_fail (KUBE_IS_CONNECTION (self), NULL);

  return self->context_name;
}

const char *
kube_connection_get_server (KubeConnection *self)
{
  g_return_val_if_fail (KUBE_IS_CONNECTION (self), NULL);

  return self->server;
}

const char *
kube_connection_get_namespace (KubeConnection *self)
{
  g_return_val_if_fail (KUBE_IS_CONNECTION (self), NULL);

  return self->namespace;
}

gboolean
kube_connection_get_insecure (KubeConnection *self)
{
  g_return_val_if_fail (KUBE_IS_CONNECTION (self), FALSE);

  return self->insecure;
}

SoupSession *
kube_connection_get_session (KubeConnection *self)
{
  g_return_val_if_fail (KUBE_IS_CONNECTION (self), NULL);

  return self->session;
}

KubeAuth *
kube_connection_get_auth (KubeConnection *self)
{
  g_return_val_if_fail (KUBE_IS_CONNECTION (self), NULL);

  return self->auth;
}

GUri *
kube_connection_build_uri (KubeConnection *self,
                           const char     *path_and_query,
                           GError        **error)
{
  g_autofree char *path = NULL;
  g_autofree char *base_path = NULL;
  const char *query;
  GUri *uri;

  g_return_val_if_fail (KUBE_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (path_and_query != NULL && path_and_query[0] == '/', NULL);

  /* A server URL may carry a path prefix (Rancher, some proxies): keep it. */
  base_path = g_strdup (g_uri_get_path (self->base_uri));
  while (base_path[0] != '\0' && base_path[strlen (base_path) - 1] == '/')
    base_path[strlen (base_path) - 1] = '\0';

  query = strchr (path_and_query, '?');
  if (query != NULL)
    path = g_strdup_printf ("%s%.*s", base_path, (int) (query - path_and_query),
                            path_and_query);
  else
    path = g_strdup_printf ("%s%s", base_path, path_and_query);

  uri = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (self->base_uri), NULL,
                     g_uri_get_host (self->base_uri), g_uri_get_port (self->base_uri), path,
                     query ? query + 1 : NULL, NULL);
  if (uri == NULL)
    g_set_error (error, KUBE_ERROR, KUBE_ERROR_FAILED, "Could not build a URL for %s",
                 path_and_query);

  return uri;
}

/* One request in flight. */
typedef struct
{
  char         *method;
  char         *path;
  char         *accept;
  char         *content_type;
  GBytes       *body;
  SoupMessage  *message;
  GError       *tls_error;           /* which certificate check failed, if one did */
  guint         attempt;
} SendData;

static void
send_data_clear_message (SendData *data)
{
  if (data->message != NULL)
    g_signal_handlers_disconnect_matched (data->message, G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                                          NULL, data);
  g_clear_object (&data->message);
}

static void
send_data_free (SendData *data)
{
  send_data_clear_message (data);
  g_free (data->method);
  g_free (data->path);
  g_free (data->accept);
  g_free (data->content_type);
  g_clear_pointer (&data->body, g_bytes_unref);
  g_clear_error (&data->tls_error);
  g_free (data);
}

static gboolean
on_accept_certificate (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  SendData *data = user_data;
  KubeConnection *self = g_object_get_data (G_OBJECT (message), "kube-connection");

  if (self == NULL)
    return FALSE;

  if (self->insecure)
    return TRUE;

  g_clear_error (&data->tls_error);
  if (self->verifier == NULL)
    {
      g_set_error_literal (&data->tls_error, KUBE_ERROR, KUBE_ERROR_TLS,
                           "The server's certificate could not be checked");
      return FALSE;
    }

  if (!kube_tls_verifier_verify (self->verifier, certificate, &data->tls_error))
    {
      g_debug ("Refused the certificate of %s: %s", self->server, data->tls_error->message);
      return FALSE;
    }

  return TRUE;
}

static void send_with_credentials (GTask *task);

static void
message_sent (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  KubeConnection *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  guint status;

  stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (stream == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (data->tls_error != NULL)
        g_task_return_error (task, g_steal_pointer (&data->tls_error));
      else if (error->domain == G_TLS_ERROR)
        g_task_return_new_error (task, KUBE_ERROR, KUBE_ERROR_TLS,
                                 "The secure connection to %s failed: %s", self->server,
                                 error->message);
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        g_task_return_new_error (task, KUBE_ERROR, KUBE_ERROR_TIMEOUT,
                                 "The connection to %s timed out", self->server);
      else
        g_task_return_new_error (task, KUBE_ERROR, KUBE_ERROR_NETWORK,
                                 "Could not reach the server %s: %s", self->server,
                                 error->message);
      return;
    }

  status = soup_message_get_status (data->message);
  if (status == SOUP_STATUS_UNAUTHORIZED && data->attempt == 0
      && self->auth != NULL && kube_auth_can_refresh (self->auth))
    {
      g_debug ("%s %s: 401, refreshing the credentials and trying once more", data->method,
               data->path);
      /* Nothing waits for the close: the connection is simply not reused. */
      g_input_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      kube_auth_invalidate (self->auth);
      data->attempt++;
      send_with_credentials (g_steal_pointer (&task));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&stream), g_object_unref);
}

static void
send_message (GTask           *task,
              KubeCredentials *credentials)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  KubeConnection *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  SoupMessageHeaders *headers;

  uri = kube_connection_build_uri (self, data->path, &error);
  if (uri == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  send_data_clear_message (data);
  g_clear_error (&data->tls_error);
  data->message = soup_message_new_from_uri (data->method, uri);
  g_object_set_data (G_OBJECT (data->message), "kube-connection", self);
  headers = soup_message_get_request_headers (data->message);
  soup_message_headers_replace (headers, "Accept", data->accept ? data->accept
                                                                : "application/json");

  if (credentials != NULL && credentials->authorization != NULL)
    soup_message_headers_replace (headers, "Authorization", credentials->authorization);
  if (credentials != NULL && credentials->certificate != NULL)
    soup_message_set_tls_client_certificate (data->message, credentials->certificate);

  if (data->body != NULL)
    soup_message_set_request_body_from_bytes (data->message,
                                              data->content_type ? data->content_type
                                                                 : "application/json",
                                              data->body);

  g_signal_connect (data->message, "accept-certificate",
                    G_CALLBACK (on_accept_certificate), data);

  soup_session_send_async (self->session, data->message, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), message_sent, task);
}

static void
credentials_ready (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(KubeCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = kube_auth_get_credentials_finish (KUBE_AUTH (object), result, &error);
  if (credentials == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  send_message (task, credentials);
}

static void
send_with_credentials (GTask *task)
{
  KubeConnection *self = g_task_get_source_object (task);

  if (self->auth == NULL)
    {
      send_message (task, NULL);
      return;
    }

  kube_auth_get_credentials_async (self->auth, g_task_get_cancellable (task),
                                   credentials_ready, task);
}

void
kube_connection_send_async (KubeConnection      *self,
                            const char          *method,
                            const char          *path_and_query,
                            const char          *accept,
                            const char          *content_type,
                            GBytes              *body,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;
  SendData *data;

  g_return_if_fail (KUBE_IS_CONNECTION (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path_and_query != NULL && path_and_query[0] == '/');

  data = g_new0 (SendData, 1);
  data->method = g_strdup (method);
  data->path = g_strdup (path_and_query);
  data->accept = g_strdup (accept);
  data->content_type = g_strdup (content_type);
  data->body = body ? g_bytes_ref (body) : NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kube_connection_send_async);
  g_task_set_task_data (task, data, (GDestroyNotify) send_data_free);

  send_with_credentials (task);
}

GInputStream *
kube_connection_send_finish (KubeConnection  *self,
                             GAsyncResult    *result,
                             SoupMessage    **message,
                             GError         **error)
{
  GInputStream *stream;
  SendData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  stream = g_task_propagate_pointer (G_TASK (result), error);
  data = g_task_get_task_data (G_TASK (result));

  if (message != NULL)
    *message = (stream != NULL && data->message) ? g_object_ref (data->message) : NULL;

  return stream;
}

/* Requests prepared for callers that send them themselves (WebSocket upgrades). */

static gboolean
on_prepared_accept_certificate (SoupMessage          *message,
                                GTlsCertificate      *certificate,
                                GTlsCertificateFlags  errors,
                                gpointer              user_data)
{
  KubeConnection *self = user_data;
  g_autoptr(GError) error = NULL;

  if (self->insecure)
    return TRUE;

  if (self->verifier == NULL || !kube_tls_verifier_verify (self->verifier, certificate, &error))
    {
      g_debug ("Refused the certificate of %s: %s", self->server,
               error ? error->message : "no verifier");
      return FALSE;
    }

  return TRUE;
}

static void
prepare_message_with (GTask           *task,
                      KubeCredentials *credentials)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  KubeConnection *self = g_task_get_source_object (task);
  const char *method = g_object_get_data (G_OBJECT (task), "kube-method");
  const char *path = g_task_get_task_data (task);

  uri = kube_connection_build_uri (self, path, &error);
  if (uri == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  message = soup_message_new_from_uri (method, uri);
  if (credentials != NULL && credentials->authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                  credentials->authorization);
  if (credentials != NULL && credentials->certificate != NULL)
    soup_message_set_tls_client_certificate (message, credentials->certificate);

  /* Disconnected by itself if the connection goes first. */
  g_signal_connect_object (message, "accept-certificate",
                           G_CALLBACK (on_prepared_accept_certificate), self, 0);

  g_task_return_pointer (task, g_steal_pointer (&message), g_object_unref);
}

static void
prepare_credentials_ready (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(KubeCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = kube_auth_get_credentials_finish (KUBE_AUTH (object), result, &error);
  if (credentials == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    prepare_message_with (task, credentials);
}

void
kube_connection_prepare_message_async (KubeConnection      *self,
                                       const char          *method,
                                       const char          *path_and_query,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KUBE_IS_CONNECTION (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path_and_query != NULL && path_and_query[0] == '/');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kube_connection_prepare_message_async);
  g_task_set_task_data (task, g_strdup (path_and_query), g_free);
  g_object_set_data_full (G_OBJECT (task), "kube-method", g_strdup (method), g_free);

  if (self->auth == NULL)
    {
      prepare_message_with (task, NULL);
      return;
    }

  kube_auth_get_credentials_async (self->auth, cancellable, prepare_credentials_ready,
                                   g_steal_pointer (&task));
}

SoupMessage *
kube_connection_prepare_message_finish (KubeConnection  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
