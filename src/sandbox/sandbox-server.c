/* sandbox-server.c: the sandbox's HTTPS Kubernetes API server
 *
 * This file sets the server up (its CA and certificate, the SoupServer on
 * 127.0.0.1, the kubeconfig it writes for itself), authenticates every
 * request, applies the fault switches, and routes requests: discovery and
 * OpenAPI to sandbox-discovery.c, resources to sandbox-api.c, streams to
 * sandbox-streams.c and watches to sandbox-watch.c.
 *
 * Besides the Kubernetes API it answers, with its token only:
 *   GET|POST /sandbox/faults       the fault switches, as JSON ({"errorRate":0.1,…})
 *   POST /sandbox/seed-pods?namespace=N&count=C   C running pods at once
 *   POST /sandbox/touch-pods?namespace=N&count=C  C pods modified at once
 *   POST /sandbox/crash?namespace=N&pod=P[&reason=OOMKilled|Error]   a container restart
 * and /healthz, /livez and /readyz to anyone.
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sandbox-certs.h"
#include "sandbox-seed.h"
#include "sandbox-server-private.h"

typedef struct
{
  SandboxPortHandler handler;
  gpointer           user_data;
} PortHandler;

G_DEFINE_TYPE (SandboxServer, sandbox_server, G_TYPE_OBJECT)

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR)
              && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }

  g_rmdir (path);
}

static void
sandbox_server_dispose (GObject *object)
{
  SandboxServer *self = SANDBOX_SERVER (object);

  if (self->watches != NULL)
    sandbox_watch_close_all (self);
  if (self->streams != NULL)
    sandbox_streams_close_all (self);

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->controller);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (sandbox_server_parent_class)->dispose (object);
}

static void
sandbox_server_finalize (GObject *object)
{
  SandboxServer *self = SANDBOX_SERVER (object);

  if (self->remove_state_dir)
    remove_tree (self->state_dir);

  g_free (self->state_dir);
  g_free (self->url);
  g_free (self->kubeconfig_path);
  g_free (self->token);
  g_free (self->ca_pem);
  g_clear_pointer (&self->port_handlers, g_hash_table_unref);
  g_clear_pointer (&self->watches, g_ptr_array_unref);
  g_clear_pointer (&self->streams, g_ptr_array_unref);

  G_OBJECT_CLASS (sandbox_server_parent_class)->finalize (object);
}

static void
sandbox_server_class_init (SandboxServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sandbox_server_dispose;
  object_class->finalize = sandbox_server_finalize;
}

static void
sandbox_server_init (SandboxServer *self)
{
  self->port_handlers = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->watches = g_ptr_array_new ();
  self->streams = g_ptr_array_new ();
}

static char *
random_secret (guint bytes)
{
  g_autofree guint8 *data = g_new (guint8, bytes);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < bytes; i++)
    {
      data[i] = g_random_int_range (0, 256);
      g_string_append_printf (text, "%02x", data[i]);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
write_private_file (const char *path,
                    const char *contents,
                    GError    **error)
{
  return g_file_set_contents_full (path, contents, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static gboolean
write_kubeconfig (SandboxServer *self,
                  GError       **error)
{
  g_autofree char *ca_data = g_base64_encode ((const guchar *) self->ca_pem,
                                              strlen (self->ca_pem));
  g_autofree char *text = NULL;

  text = g_strdup_printf ("apiVersion: v1\n"
                          "kind: Config\n"
                          "clusters:\n"
                          "- name: sandbox\n"
                          "  cluster:\n"
                          "    server: %s\n"
                          "    certificate-authority-data: %s\n"
                          "users:\n"
                          "- name: sandbox-admin\n"
                          "  user:\n"
                          "    token: %s\n"
                          "contexts:\n"
                          "- name: sandbox\n"
                          "  context:\n"
                          "    cluster: sandbox\n"
                          "    user: sandbox-admin\n"
                          "    namespace: %s\n"
                          "current-context: sandbox\n"
                          "preferences: {}\n",
                          self->url, ca_data, self->token,
                          self->options.seed_demo ? "demo" : "default");

  self->kubeconfig_path = g_build_filename (self->state_dir, "kubeconfig", NULL);
  return write_private_file (self->kubeconfig_path, text, error);
}

/* The CA, the server certificate and, when asked for, a client certificate for tests. */
static GTlsCertificate *
make_certificates (SandboxServer *self,
                   GError       **error)
{
  static const char * const dns_names[] = { "localhost", NULL };
  static const char * const ip_addresses[] = { "127.0.0.1", NULL };
  g_autoptr(SandboxCa) ca = NULL;
  g_autofree char *cert_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *both = NULL;
  g_autofree char *ca_path = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  SandboxCertRequest request = {
    .subject = "CN=searchdeck-sandbox,O=Searchdeck",
    .dns_names = dns_names,
    .ip_addresses = ip_addresses,
    .server_auth = TRUE,
    .days = 365,
    .key_type = SANDBOX_KEY_ECDSA_P256,
  };

  ca = sandbox_ca_new ("CN=searchdeck-sandbox-ca,O=Searchdeck", SANDBOX_KEY_ECDSA_P256, error);
  if (ca == NULL)
    return NULL;

  self->ca_pem = g_strdup (sandbox_ca_get_certificate (ca));
  ca_path = g_build_filename (self->state_dir, "ca.crt", NULL);
  if (!g_file_set_contents (ca_path, self->ca_pem, -1, error))
    return NULL;

  if (self->options.client_cert_user != NULL)
    {
      g_autofree char *subject = g_strdup_printf ("CN=%s,O=system:masters",
                                                  self->options.client_cert_user);
      g_autofree char *client_cert = NULL;
      g_autofree char *client_key = NULL;
      g_autofree char *cert_path = g_build_filename (self->state_dir, "client.crt", NULL);
      g_autofree char *key_path = g_build_filename (self->state_dir, "client.key", NULL);
      SandboxCertRequest client = {
        .subject = subject,
        .client_auth = TRUE,
        .days = 365,
        .key_type = SANDBOX_KEY_ECDSA_P256,
      };

      if (!sandbox_ca_issue (ca, &client, &client_cert, &client_key, error)
          || !g_file_set_contents (cert_path, client_cert, -1, error)
          || !write_private_file (key_path, client_key, error))
        return NULL;
    }

  if (!sandbox_ca_issue (ca, &request, &cert_pem, &key_pem, error))
    return NULL;

  database = g_tls_file_database_new (ca_path, error);
  if (database == NULL)
    return NULL;
  soup_server_set_tls_database (self->soup, database);

  both = g_strconcat (cert_pem, key_pem, NULL);
  return g_tls_certificate_new_from_pem (both, -1, error);
}

/* Connects port-forwarded connections to @port of any pod to @handler (NULL: none, so that
 * they get "connection refused" on the error channel). */
void
sandbox_server_set_port_handler (SandboxServer      *self,
                                 guint               port,
                                 SandboxPortHandler  handler,
                                 gpointer            user_data)
{
  PortHandler *entry;

  g_return_if_fail (SANDBOX_IS_SERVER (self));

  if (handler == NULL)
    {
      g_hash_table_remove (self->port_handlers, GUINT_TO_POINTER (port));
      return;
    }

  entry = g_new0 (PortHandler, 1);
  entry->handler = handler;
  entry->user_data = user_data;
  g_hash_table_replace (self->port_handlers, GUINT_TO_POINTER (port), entry);
}

gboolean
sandbox_server_call_port_handler (SandboxServer *self,
                                   guint          port,
                                   JsonNode      *pod,
                                   GIOStream     *stream)
{
  PortHandler *entry = g_hash_table_lookup (self->port_handlers, GUINT_TO_POINTER (port));

  if (entry == NULL)
    return FALSE;

  entry->handler (pod, stream, entry->user_data);
  return TRUE;
}

/* Compares without an early exit, so that timing says nothing about the token. */
static gboolean
token_equal (const char *given,
             const char *expected)
{
  gsize given_length = strlen (given);
  gsize expected_length = strlen (expected);
  guint difference = given_length != expected_length;

  for (gsize i = 0; i < expected_length; i++)
    difference |= (guint) (i < given_length ? given[i] : 0) ^ (guint) expected[i];

  return difference == 0;
}

static gboolean
has_token (SandboxServer     *self,
           SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");

  return authorization != NULL && g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0
         && token_equal (authorization + 7, self->token);
}

static gboolean
is_authenticated (SandboxServer     *self,
                  SoupServerMessage *msg)
{
  GTlsCertificate *peer = soup_server_message_get_tls_peer_certificate (msg);

  if (has_token (self, msg))
    return TRUE;

  /* A client certificate verified against the sandbox's CA during the handshake. */
  if (peer != NULL && soup_server_message_get_tls_peer_certificate_errors (msg) == 0)
    return TRUE;

  return FALSE;
}

/* Who the request comes from, as authentication named them: the user of the sandbox's
 * token, or the common name of a client certificate. */
char *
sandbox_server_user_name (SandboxServer     *self,
                          SoupServerMessage *msg)
{
  GTlsCertificate *peer = soup_server_message_get_tls_peer_certificate (msg);
  g_autofree char *subject = NULL;
  g_auto(GStrv) parts = NULL;

  if (has_token (self, msg) || peer == NULL)
    return g_strdup ("sandbox-admin");

  subject = g_tls_certificate_get_subject_name (peer);
  parts = g_strsplit (subject != NULL ? subject : "", ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = g_strstrip (parts[i]);

      if (g_str_has_prefix (part, "CN="))
        return g_strdup (part + 3);
    }

  return g_strdup ("sandbox-admin");
}

static JsonNode *
parse_body (SoupServerMessage *msg,
            GError           **error)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (!json_parser_load_from_data (parser, data != NULL ? data : "", size, error))
    return NULL;

  return json_node_ref (json_parser_get_root (parser));
}

static void
handle_faults_endpoint (SandboxServer     *self,
                        SoupServerMessage *msg)
{
  g_autoptr(JsonNode) settings = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (method, "POST") || g_str_equal (method, "PUT"))
    {
      settings = parse_body (msg, &error);
      if (settings == NULL || !JSON_NODE_HOLDS_OBJECT (settings))
        {
          sandbox_server_send_status (msg, 400, "BadRequest",
                                      "the fault settings must be a JSON object", NULL, NULL);
          return;
        }

      if (!sandbox_faults_update (self->faults, json_node_get_object (settings), &error))
        {
          sandbox_server_send_status (msg, 400, "BadRequest", error->message, NULL, NULL);
          return;
        }

      if (self->faults->expire_all)
        {
          sandbox_store_expire_history (self->store);
          self->faults->expire_all = FALSE;
        }
    }
  else if (!g_str_equal (method, "GET"))
    {
      sandbox_server_send_status (msg, 405, "MethodNotAllowed", "use GET or POST", NULL, NULL);
      return;
    }

  answer = sandbox_faults_to_json (self->faults);
  sandbox_server_send_json (msg, 200, answer, NULL);
}

static void
handle_seed_pods_endpoint (SandboxServer     *self,
                           SoupServerMessage *msg,
                           GHashTable        *query)
{
  const char *namespace_ = query != NULL ? g_hash_table_lookup (query, "namespace") : NULL;
  const char *count_text = query != NULL ? g_hash_table_lookup (query, "count") : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  guint64 count = 0;
  guint created;

  if (!g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      sandbox_server_send_status (msg, 405, "MethodNotAllowed", "use POST", NULL, NULL);
      return;
    }

  if (namespace_ == NULL || count_text == NULL
      || !g_ascii_string_to_unsigned (count_text, 10, 1, 100000, &count, NULL))
    {
      sandbox_server_send_status (msg, 400, "BadRequest",
                                  "namespace and count (1 to 100000) are required", NULL, NULL);
      return;
    }

  created = sandbox_seed_bulk_pods (self->store, namespace_, (guint) count, &error);
  if (error != NULL)
    {
      sandbox_server_send_error (msg, error, NULL, NULL);
      return;
    }

  answer = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (answer, json_object_new ());
  json_object_set_int_member (json_node_get_object (answer), "created", created);
  sandbox_server_send_json (msg, 200, answer, NULL);
}

/* Modifies the first @count pods of a namespace at once (an annotation counts the touches),
 * so that watchers get a burst of MODIFIED events, for benchmarks of clients. */
static void
handle_touch_pods_endpoint (SandboxServer     *self,
                            SoupServerMessage *msg,
                            GHashTable        *query)
{
  const char *namespace_ = query != NULL ? g_hash_table_lookup (query, "namespace") : NULL;
  const char *count_text = query != NULL ? g_hash_table_lookup (query, "count") : NULL;
  const SandboxResource *pods = sandbox_resources_lookup ("", "v1", "pods");
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(JsonNode) answer = NULL;
  guint64 count = 0;
  guint touched = 0;

  if (!g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      sandbox_server_send_status (msg, 405, "MethodNotAllowed", "use POST", NULL, NULL);
      return;
    }

  if (namespace_ == NULL || count_text == NULL
      || !g_ascii_string_to_unsigned (count_text, 10, 1, 100000, &count, NULL))
    {
      sandbox_server_send_status (msg, 400, "BadRequest",
                                  "namespace and count (1 to 100000) are required", NULL, NULL);
      return;
    }

  objects = sandbox_store_list (self->store, pods, namespace_);
  for (guint i = 0; i < objects->len && touched < count; i++)
    {
      g_autoptr(JsonNode) pod = sandbox_json_copy (objects->pdata[i]);
      JsonObject *annotations;
      JsonNode *previous;
      g_autofree char *next = NULL;
      guint64 touches = 0;

      annotations = sandbox_object_ensure_object (sandbox_object_get_metadata (pod),
                                                  "annotations");
      previous = json_object_get_member (annotations, "sandbox.searchdeck/touches");
      if (previous != NULL && JSON_NODE_HOLDS_VALUE (previous)
          && json_node_get_value_type (previous) == G_TYPE_STRING)
        touches = g_ascii_strtoull (json_node_get_string (previous), NULL, 10);
      next = g_strdup_printf ("%" G_GUINT64_FORMAT, touches + 1);
      json_object_set_string_member (annotations, "sandbox.searchdeck/touches", next);

      /* The stored object is returned: transfer none. */
      if (sandbox_store_update (self->store, pods, namespace_,
                                sandbox_object_get_string (pod, "metadata.name"), pod,
                                SANDBOX_UPDATE_NONE, NULL) != NULL)
        touched++;
    }

  answer = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (answer, json_object_new ());
  json_object_set_int_member (json_node_get_object (answer), "touched", touched);
  sandbox_server_send_json (msg, 200, answer, NULL);
}

static void
handle_crash_endpoint (SandboxServer     *self,
                       SoupServerMessage *msg,
                       GHashTable        *query)
{
  const char *namespace_ = query != NULL ? g_hash_table_lookup (query, "namespace") : NULL;
  const char *pod = query != NULL ? g_hash_table_lookup (query, "pod") : NULL;
  const char *reason = query != NULL ? g_hash_table_lookup (query, "reason") : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;

  if (!g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      sandbox_server_send_status (msg, 405, "MethodNotAllowed", "use POST", NULL, NULL);
      return;
    }

  if (namespace_ == NULL || pod == NULL)
    {
      sandbox_server_send_status (msg, 400, "BadRequest", "namespace and pod are required",
                                  NULL, NULL);
      return;
    }

  if (reason == NULL || (!g_str_equal (reason, "OOMKilled") && !g_str_equal (reason, "Error")))
    reason = "Error";

  /* The answer is the pod just after the crash, before it becomes Ready again. */
  answer = sandbox_controller_crash_pod (self->controller, namespace_, pod, reason, &error);
  if (answer == NULL)
    {
      sandbox_server_send_error (msg, error, NULL, pod);
      return;
    }

  sandbox_server_send_json (msg, 200, answer, NULL);
}

static void
dispatch (SandboxServer     *self,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query)
{
  g_autoptr(SandboxRequest) request = NULL;

  if (sandbox_discovery_handle (self, msg, path))
    return;

  request = sandbox_request_parse (path, query);
  if (request == NULL)
    {
      sandbox_server_send_status (msg, 404, "NotFound",
                                  "the server could not find the requested resource",
                                  NULL, NULL);
      return;
    }

  request->table = strstr (soup_message_headers_get_one (
                             soup_server_message_get_request_headers (msg), "Accept") ?: "",
                           "as=Table") != NULL;
  sandbox_api_handle (self, msg, request);
}

static gboolean
resume_delayed (gpointer user_data)
{
  SoupServerMessage *msg = user_data;

  soup_server_message_unpause (msg);
  g_object_unref (msg);
  return G_SOURCE_REMOVE;
}

/* The latency fault, applied as soon as the headers are read: the request then goes on as
 * usual.  (Pausing later, in the main handler, would hand the request to the WebSocket
 * handshake, which libsoup tries when a handler returns without a status.) */
static void
handle_early (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  SandboxServer *self = user_data;

  if (self->faults->latency_ms == 0
      || !(g_str_has_prefix (path, "/api") || g_str_has_prefix (path, "/openapi")))
    return;

  soup_server_message_pause (msg);
  g_timeout_add (self->faults->latency_ms, resume_delayed, g_object_ref (msg));
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  SandboxServer *self = user_data;
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  guint failure;

  soup_message_headers_replace (response_headers, "Cache-Control", "no-cache, private");
  g_debug ("%s %s", soup_server_message_get_method (msg), path);

  if (g_str_equal (path, "/healthz") || g_str_equal (path, "/livez")
      || g_str_equal (path, "/readyz"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "ok", 2);
      return;
    }

  if (!is_authenticated (self, msg))
    {
      sandbox_server_send_status (msg, 401, "Unauthorized", "Unauthorized", NULL, NULL);
      return;
    }

  /* The sandbox's own switches are for whoever started it, who holds its token. */
  if (g_str_has_prefix (path, "/sandbox/") && !has_token (self, msg))
    {
      sandbox_server_send_status (msg, 403, "Forbidden",
                                  "the sandbox's admin endpoints need its token", NULL, NULL);
      return;
    }

  if (g_str_equal (path, "/sandbox/faults"))
    {
      handle_faults_endpoint (self, msg);
      return;
    }

  if (g_str_equal (path, "/sandbox/crash"))
    {
      handle_crash_endpoint (self, msg, query);
      return;
    }

  if (g_str_equal (path, "/sandbox/seed-pods"))
    {
      handle_seed_pods_endpoint (self, msg, query);
      return;
    }

  if (g_str_equal (path, "/sandbox/touch-pods"))
    {
      handle_touch_pods_endpoint (self, msg, query);
      return;
    }

  if ((g_str_has_prefix (path, "/api") || g_str_has_prefix (path, "/openapi"))
      && sandbox_faults_pick_failure (self->faults, &failure))
    {
      if (failure == 429)
        {
          g_autofree char *seconds = g_strdup_printf ("%u", self->faults->retry_after);

          soup_message_headers_replace (response_headers, "Retry-After", seconds);
          sandbox_server_send_status (msg, 429, "TooManyRequests",
                                      "the server has received too many requests and has "
                                      "asked us to try again later", NULL, NULL);
        }
      else
        sandbox_server_send_status (msg, failure, "InternalError",
                                    "Internal error occurred: injected by the sandbox's "
                                    "fault switches", NULL, NULL);
      return;
    }

  dispatch (self, msg, path, query);
}

/* Lets the handshake finish whatever client certificate is presented: whether it is one
 * the sandbox's CA signed is decided per request, from the recorded errors. */
static gboolean
on_accept_certificate (SoupServerMessage   *msg,
                       GTlsCertificate     *certificate,
                       GTlsCertificateFlags errors,
                       gpointer             user_data)
{
  return TRUE;
}

static void
on_request_started (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (on_accept_certificate), NULL);
}

static gboolean
start_listening (SandboxServer *self,
                 GError       **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback,
                                                                 self->options.port);
  g_autoptr(GSList) uris = NULL;
  GUri *uri;

  if (!soup_server_listen (self->soup, address, SOUP_SERVER_LISTEN_HTTPS, error))
    return FALSE;

  uris = soup_server_get_uris (self->soup);
  if (uris == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the server is not listening");
      return FALSE;
    }

  uri = uris->data;
  self->url = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uri));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  return TRUE;
}

/* Makes the CA and the server certificate, seeds the store, listens on 127.0.0.1 and writes
 * the kubeconfig; the server answers as soon as the main loop runs.  @faults is borrowed and
 * must outlive the server (the fault endpoint changes it). */
SandboxServer *
sandbox_server_new (const SandboxServerOptions *options,
                    SandboxFaults              *faults,
                    GError                    **error)
{
  g_autoptr(SandboxServer) self = g_object_new (SANDBOX_TYPE_SERVER, NULL);
  g_autoptr(GTlsCertificate) certificate = NULL;
  char *protocols[] = {
    (char *) "v5.channel.k8s.io",
    (char *) "v4.channel.k8s.io",
    (char *) "v4.base64.channel.k8s.io",
    NULL
  };

  self->options = *options;
  self->options.state_dir = NULL;
  self->options.client_cert_user = NULL;
  self->faults = faults;

  if (options->state_dir != NULL)
    {
      self->state_dir = g_strdup (options->state_dir);
      if (g_mkdir_with_parents (self->state_dir, 0700) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot create %s",
                       self->state_dir);
          return NULL;
        }
    }
  else
    {
      self->state_dir = g_dir_make_tmp ("searchdeck-sandbox-XXXXXX", error);
      if (self->state_dir == NULL)
        return NULL;
      self->remove_state_dir = TRUE;
    }

  self->soup = soup_server_new ("server-header", NULL, NULL);
  soup_server_set_tls_auth_mode (self->soup, G_TLS_AUTHENTICATION_REQUESTED);

  self->options.client_cert_user = options->client_cert_user;
  certificate = make_certificates (self, error);
  self->options.client_cert_user = NULL;
  if (certificate == NULL)
    return NULL;
  soup_server_set_tls_certificate (self->soup, certificate);

  self->token = random_secret (24);
  self->store = sandbox_store_new (10000);
  self->controller = sandbox_controller_new (self->store, options->ready_delay_ms,
                                             options->delete_delay_ms);

  if (!sandbox_seed_base (self->store, error))
    return NULL;
  if (options->seed_demo && !sandbox_seed_demo (self->store, self->state_dir, error))
    return NULL;

  g_signal_connect (self->soup, "request-started", G_CALLBACK (on_request_started), NULL);
  soup_server_add_early_handler (self->soup, NULL, handle_early, self, NULL);
  soup_server_add_handler (self->soup, NULL, handle_request, self, NULL);
  soup_server_add_websocket_handler (self->soup, NULL, NULL, protocols,
                                     sandbox_streams_websocket, self, NULL);

  if (!start_listening (self, error) || !write_kubeconfig (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
sandbox_server_get_url (SandboxServer *self)
{
  g_return_val_if_fail (SANDBOX_IS_SERVER (self), NULL);

  return self->url;
}

const char *
sandbox_server_get_kubeconfig_path (SandboxServer *self)
{
  g_return_val_if_fail (SANDBOX_IS_SERVER (self), NULL);

  return self->kubeconfig_path;
}

SandboxStore *
sandbox_server_get_store (SandboxServer *self)
{
  g_return_val_if_fail (SANDBOX_IS_SERVER (self), NULL);

  return self->store;
}

SandboxController *
sandbox_server_get_controller (SandboxServer *self)
{
  g_return_val_if_fail (SANDBOX_IS_SERVER (self), NULL);

  return self->controller;
}
