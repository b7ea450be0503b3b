/* test-sandbox-odfe.c: the simulated Open Distro cluster behind the sandbox's port-forward
 *
 * Starts the built sandbox (SANDBOX_PATH) with the demo cluster and talks to
 * its pods the way Searchdeck does: a WebSocket port-forward
 * (v4.channel.k8s.io) through the Kubernetes API, TLS verified against the
 * cluster's own CA from its elasticsearch-tls Secret, basic auth with the
 * demo admin password, and HTTP/1.1 with keep-alive on top.  The HTTP client
 * here is deliberately a small hand-written one running in a worker thread,
 * so that nothing of libsoup's server side can hide a mistake of the
 * sandbox's.
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/socket.h>

#include "sandbox-certs.h"
#include "sandbox-odfe-http.h"
#include "sandbox-odfe.h"
#include "sandbox-process.h"
#include "sandbox-seed.h"

typedef struct
{
  SandboxProcess *process;
  const char     *state_dir;      /* the process's */
  const char     *url;
  char           *token;
  char           *password;
  SoupSession    *session;
  GTlsDatabase   *cluster_ca;
  GTlsDatabase   *api_ca;
} Sandbox;

static Sandbox *the_sandbox;

static void
iterate_until (gboolean *done,
               guint     seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!*done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* The Kubernetes API */

static JsonNode *
api_send (const char *method,
          const char *path,
          JsonNode   *object,
          guint      *status)
{
  g_autofree char *uri = g_strconcat (the_sandbox->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autofree char *bearer = g_strconcat ("Bearer ", the_sandbox->token, NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                bearer);
  if (object != NULL)
    {
      char *json = json_to_string (object, FALSE);
      gsize length = strlen (json);
      g_autoptr(GBytes) request = g_bytes_new_take (json, length);

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }
  body = soup_session_send_and_read (the_sandbox->session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);

  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  return json_from_string (text, NULL);
}

static JsonNode *
api_call (const char *method,
          const char *path,
          guint      *status)
{
  return api_send (method, path, NULL, status);
}

static JsonObject *
object_of (JsonNode *node)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static gboolean
pod_ready (const char *name)
{
  g_autofree char *path = g_strconcat ("/api/v1/namespaces/demo/pods/", name, NULL);
  g_autoptr(JsonNode) pod = NULL;
  JsonObject *status;
  JsonArray *conditions;
  guint code;

  pod = api_call ("GET", path, &code);
  if (code != 200)
    return FALSE;
  if (json_object_has_member (json_object_get_object_member (object_of (pod), "metadata"),
                              "deletionTimestamp"))
    return FALSE;

  if (!json_object_has_member (object_of (pod), "status"))
    return FALSE;
  status = json_object_get_object_member (object_of (pod), "status");
  if (!json_object_has_member (status, "conditions"))
    return FALSE;
  conditions = json_object_get_array_member (status, "conditions");
  for (guint i = 0; i < json_array_get_length (conditions); i++)
    {
      JsonObject *condition = json_array_get_object_element (conditions, i);

      if (g_str_equal (json_object_get_string_member (condition, "type"), "Ready"))
        return g_str_equal (json_object_get_string_member (condition, "status"), "True");
    }

  return FALSE;
}

static char *
secret_value (JsonNode   *secret,
              const char *key)
{
  JsonObject *data = json_object_get_object_member (json_node_get_object (secret), "data");
  gsize size;
  guchar *decoded = g_base64_decode (json_object_get_string_member (data, key), &size);
  char *text = g_strndup ((const char *) decoded, size);

  g_free (decoded);
  return text;
}

static GTlsDatabase *
database_from_pem (const char *name,
                   const char *pem)
{
  g_autofree char *path = g_build_filename (the_sandbox->state_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  GTlsDatabase *database;

  g_file_set_contents (path, pem, -1, &error);
  g_assert_no_error (error);
  database = g_tls_file_database_new (path, &error);
  g_assert_no_error (error);

  return database;
}

static void
sandbox_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *kubeconfig = NULL;
  g_autofree char *password_path = NULL;
  g_autofree char *ca_pem = NULL;
  g_autoptr(JsonNode) secret = NULL;
  g_auto(GStrv) lines = NULL;
  const char * const args[] = { "--ready-delay", "200", "--delete-delay", "300", NULL };
  Sandbox *sandbox = g_new0 (Sandbox, 1);
  guint status;

  the_sandbox = sandbox;

  sandbox->process = sandbox_process_start ("test-sandbox-odfe", NULL, args);
  sandbox->state_dir = sandbox->process->state_dir;
  sandbox->url = sandbox->process->url;

  g_file_get_contents (sandbox->process->kubeconfig, &kubeconfig, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (kubeconfig, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *text = g_strstrip (lines[i]);

      if (g_str_has_prefix (text, "token: "))
        sandbox->token = g_strdup (text + 7);
      else if (g_str_has_prefix (text, "certificate-authority-data: "))
        {
          gsize size;
          guchar *decoded = g_base64_decode (text + 28, &size);

          ca_pem = g_strndup ((const char *) decoded, size);
          g_free (decoded);
        }
    }
  g_assert_nonnull (sandbox->token);
  g_assert_nonnull (ca_pem);

  password_path = g_build_filename (sandbox->state_dir, "demo-admin-password", NULL);
  g_file_get_contents (password_path, &sandbox->password, NULL, &error);
  g_assert_no_error (error);

  sandbox->api_ca = database_from_pem ("api-ca.pem", ca_pem);
  sandbox->session = soup_session_new ();
  soup_session_set_tls_database (sandbox->session, sandbox->api_ca);

  secret = api_call ("GET", "/api/v1/namespaces/demo/secrets/elasticsearch-tls", &status);
  g_assert_cmpuint (status, ==, 200);
  {
    g_autofree char *cluster_ca = secret_value (secret, "elk-rest-root-ca.pem");

    sandbox->cluster_ca = database_from_pem ("cluster-ca.pem", cluster_ca);
  }

  /* A pod that is not Ready refuses connections: wait for the StatefulSet to be up. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("elasticsearch-%u", i);
      gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

      while (!pod_ready (name))
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_usleep (50000);
        }
    }
}

static void
sandbox_stop (void)
{
  Sandbox *sandbox = the_sandbox;

  sandbox_process_stop (sandbox->process);
  g_object_unref (sandbox->session);
  g_object_unref (sandbox->cluster_ca);
  g_object_unref (sandbox->api_ca);
  g_free (sandbox->token);
  g_free (sandbox->password);
  g_free (sandbox);
  the_sandbox = NULL;
}

/* A port-forward: the WebSocket on one side, a socket pair on the other; the test's
 * HTTP client uses the far end of the pair as if it were a TCP connection. */

typedef struct
{
  SoupWebsocketConnection *socket;
  GIOStream               *near;
  GIOStream               *far;
  GCancellable            *cancellable;
  GString                 *errors;
  guint                    seen[2];
  gboolean                 opened;
  gboolean                 closed;
  GError                  *error;
  guint8                   buffer[16384];
} Forward;

static void
on_near_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Forward *forward = user_data;
  g_autoptr(GError) error = NULL;
  gssize size = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  g_autofree guint8 *frame = NULL;

  if (size <= 0)
    return;

  frame = g_malloc (size + 1);
  frame[0] = 0;
  memcpy (frame + 1, forward->buffer, size);
  if (soup_websocket_connection_get_state (forward->socket) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_binary (forward->socket, frame, size + 1);

  g_input_stream_read_async (g_io_stream_get_input_stream (forward->near), forward->buffer,
                             sizeof forward->buffer, G_PRIORITY_DEFAULT, forward->cancellable,
                             on_near_read, forward);
}

static void
on_message (SoupWebsocketConnection *socket,
            int                      type,
            GBytes                  *message,
            Forward                 *forward)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (message, &size);

  if (size < 1 || data[0] > 1)
    return;

  /* The first message of each channel is the port number. */
  if (forward->seen[data[0]]++ == 0)
    {
      g_assert_cmpuint (size, ==, 3);
      return;
    }

  if (data[0] == 1)
    g_string_append_len (forward->errors, (const char *) data + 1, size - 1);
  else
    g_output_stream_write_all (g_io_stream_get_output_stream (forward->near), data + 1,
                               size - 1, NULL, NULL, NULL);
}

static void
on_closed (SoupWebsocketConnection *socket,
           Forward                 *forward)
{
  forward->closed = TRUE;
  /* The far end sees end of file, as a TCP client sees a closed connection. */
  g_io_stream_close (forward->near, NULL, NULL);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Forward *forward = user_data;

  forward->socket = soup_session_websocket_connect_finish (SOUP_SESSION (source), result,
                                                           &forward->error);
  forward->opened = TRUE;
}

static GIOStream *
socket_stream (int fd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new_from_fd (fd, &error);

  g_assert_no_error (error);
  return G_IO_STREAM (g_socket_connection_factory_create_connection (socket));
}

static Forward *
forward_open (const char *pod,
              guint       port)
{
  g_autofree char *uri = g_strdup_printf ("%s/api/v1/namespaces/demo/pods/%s/portforward"
                                          "?ports=%u", the_sandbox->url, pod, port);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autofree char *bearer = g_strconcat ("Bearer ", the_sandbox->token, NULL);
  char *protocols[] = { (char *) "v4.channel.k8s.io", NULL };
  Forward *forward = g_new0 (Forward, 1);
  int fds[2];

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                bearer);
  soup_session_websocket_connect_async (the_sandbox->session, msg, NULL, protocols,
                                        G_PRIORITY_DEFAULT, NULL, on_connected, forward);
  iterate_until (&forward->opened, 20);
  g_assert_no_error (forward->error);

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
  forward->near = socket_stream (fds[0]);
  forward->far = socket_stream (fds[1]);
  forward->cancellable = g_cancellable_new ();
  forward->errors = g_string_new (NULL);

  g_signal_connect (forward->socket, "message", G_CALLBACK (on_message), forward);
  g_signal_connect (forward->socket, "closed", G_CALLBACK (on_closed), forward);
  g_input_stream_read_async (g_io_stream_get_input_stream (forward->near), forward->buffer,
                             sizeof forward->buffer, G_PRIORITY_DEFAULT, forward->cancellable,
                             on_near_read, forward);

  return forward;
}

static void
forward_close (Forward *forward)
{
  g_cancellable_cancel (forward->cancellable);
  if (!forward->closed)
    {
      if (soup_websocket_connection_get_state (forward->socket) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (forward->socket, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      iterate_until (&forward->closed, 10);
    }
  g_signal_handlers_disconnect_by_data (forward->socket, forward);
  g_object_unref (forward->socket);
  g_io_stream_close (forward->far, NULL, NULL);
  g_object_unref (forward->near);
  g_object_unref (forward->far);
  g_object_unref (forward->cancellable);
  g_string_free (forward->errors, TRUE);
  g_free (forward);
}

/* A small HTTP/1.1 client, run in a worker thread while the main loop moves the bytes. */

typedef struct
{
  Forward          *forward;
  GIOStream        *stream;
  GDataInputStream *in;
} Client;

typedef struct
{
  guint  status;
  char  *authenticate;
  char  *content_type;
  char  *body;
} Response;

static void
response_clear (Response *response)
{
  g_clear_pointer (&response->authenticate, g_free);
  g_clear_pointer (&response->content_type, g_free);
  g_clear_pointer (&response->body, g_free);
}

static Client *
client_open (const char   *pod,
             guint         port,
             GTlsDatabase *database)
{
  Client *client = g_new0 (Client, 1);
  g_autoptr(GError) error = NULL;

  client->forward = forward_open (pod, port);
  if (database != NULL)
    {
      g_autoptr(GSocketConnectable) identity = g_network_address_new ("elasticsearch.demo.svc",
                                                                      port);

      client->stream = g_tls_client_connection_new (client->forward->far, identity, &error);
      g_assert_no_error (error);
      g_tls_connection_set_database (G_TLS_CONNECTION (client->stream), database);
    }
  else
    client->stream = g_object_ref (client->forward->far);

  client->in = g_data_input_stream_new (g_io_stream_get_input_stream (client->stream));
  g_data_input_stream_set_newline_type (client->in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (client->in), FALSE);

  return client;
}

static void
client_close (Client *client)
{
  g_io_stream_close (client->stream, NULL, NULL);
  g_object_unref (client->in);
  g_object_unref (client->stream);
  if (client->forward != NULL)
    forward_close (client->forward);
  g_free (client);
}

typedef struct
{
  Client     *client;
  const char *method;
  const char *path;
  const char *user;
  const char *password;
  const char *body;
  Response   *response;
} Exchange;

static gboolean
exchange_run (Exchange *exchange,
              GError  **error)
{
  Client *client = exchange->client;
  GOutputStream *out = g_io_stream_get_output_stream (client->stream);
  g_autoptr(GString) request = g_string_new (NULL);
  g_autofree char *status_line = NULL;
  gsize length = 0;
  gboolean have_length = FALSE;

  g_string_append_printf (request, "%s %s HTTP/1.1\r\nHost: elasticsearch.demo.svc\r\n",
                          exchange->method, exchange->path);
  if (exchange->user != NULL)
    {
      g_autofree char *pair = g_strconcat (exchange->user, ":", exchange->password, NULL);
      g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));

      g_string_append_printf (request, "Authorization: Basic %s\r\n", encoded);
    }
  if (exchange->body != NULL)
    g_string_append_printf (request, "Content-Type: application/json\r\n"
                            "Content-Length: %zu\r\n", strlen (exchange->body));
  g_string_append (request, "\r\n");
  if (exchange->body != NULL)
    g_string_append (request, exchange->body);

  if (!g_output_stream_write_all (out, request->str, request->len, NULL, NULL, error)
      || !g_output_stream_flush (out, NULL, error))
    return FALSE;

  status_line = g_data_input_stream_read_line (client->in, NULL, NULL, error);
  if (status_line == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED, "connection closed");
      return FALSE;
    }
  g_assert_true (g_str_has_prefix (status_line, "HTTP/1.1 "));
  exchange->response->status = g_ascii_strtoull (status_line + 9, NULL, 10);

  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (client->in, NULL, NULL, error);
      char *colon;

      if (line == NULL)
        return FALSE;
      if (*line == '\0')
        break;

      colon = strchr (line, ':');
      g_assert_nonnull (colon);
      *colon = '\0';
      if (g_ascii_strcasecmp (line, "Content-Length") == 0)
        {
          length = g_ascii_strtoull (g_strstrip (colon + 1), NULL, 10);
          have_length = TRUE;
        }
      else if (g_ascii_strcasecmp (line, "WWW-Authenticate") == 0)
        exchange->response->authenticate = g_strdup (g_strstrip (colon + 1));
      else if (g_ascii_strcasecmp (line, "Content-Type") == 0)
        exchange->response->content_type = g_strdup (g_strstrip (colon + 1));
    }

  /* Keep-alive needs a Content-Length on every answer. */
  g_assert_true (have_length);
  exchange->response->body = g_malloc0 (length + 1);
  return g_input_stream_read_all (G_INPUT_STREAM (client->in), exchange->response->body,
                                  length, NULL, NULL, error);
}

static void
exchange_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;

  if (exchange_run (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_exchange_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  *(gboolean *) user_data = TRUE;
}

static gboolean
client_request (Client     *client,
                const char *method,
                const char *path,
                const char *user,
                const char *password,
                const char *body,
                Response   *response,
                GError    **error)
{
  Exchange exchange = { client, method, path, user, password, body, response };
  g_autoptr(GTask) task = NULL;
  gboolean done = FALSE;

  memset (response, 0, sizeof *response);
  task = g_task_new (NULL, NULL, on_exchange_done, &done);
  g_task_set_task_data (task, &exchange, NULL);
  g_task_run_in_thread (task, exchange_thread);
  iterate_until (&done, 60);

  return g_task_propagate_boolean (task, error);
}

/* Asks as the demo admin; asserts the status and returns the body as JSON. */
static JsonNode *
admin_get (Client     *client,
           const char *method,
           const char *path,
           const char *body,
           guint       expected_status)
{
  g_autoptr(GError) error = NULL;
  Response response;
  JsonNode *node;

  client_request (client, method, path, "admin", the_sandbox->password, body, &response,
                  &error);
  g_assert_no_error (error);
  if (response.status != expected_status)
    g_test_message ("%s %s: %u %s", method, path, response.status, response.body);
  g_assert_cmpuint (response.status, ==, expected_status);
  g_assert_cmpstr (response.content_type, ==, "application/json; charset=UTF-8");

  node = json_from_string (response.body, &error);
  g_assert_no_error (error);
  response_clear (&response);
  return node;
}

static void
assert_int_member (JsonObject *object,
                   const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);
}

/* Tests */

static void
test_yaml (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sandbox_odfe_yaml_to_json ("admin:\n"
                                                        "  hash: \"$2y$12$abc\"\n"
                                                        "  reserved: true\n"
                                                        "  quoted: \"true\"\n"
                                                        "  backend_roles:\n"
                                                        "  - admin\n", &error);
  JsonObject *admin;

  g_assert_no_error (error);
  admin = json_object_get_object_member (object_of (node), "admin");
  g_assert_cmpstr (json_object_get_string_member (admin, "hash"), ==, "$2y$12$abc");
  g_assert_true (json_object_get_boolean_member (admin, "reserved"));
  g_assert_cmpstr (json_object_get_string_member (admin, "quoted"), ==, "true");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (admin,
                                                                                 "backend_roles"),
                                                  0), ==, "admin");

  g_assert_null (sandbox_odfe_yaml_to_json ("a: [b\n", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
test_format_bytes (void)
{
  static const struct { guint64 bytes; const char *unit; const char *text; } cases[] = {
    { 208, NULL, "208b" },
    { 1024, NULL, "1kb" },
    { 52940, NULL, "51.7kb" },
    { 3355443, NULL, "3.2mb" },
    { 10737418240ULL, NULL, "10gb" },
    { 52940, "b", "52940" },
    { 52940, "kb", "51" },
    { 3355443, "mb", "3" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = sandbox_odfe_http_format_bytes (cases[i].bytes, cases[i].unit);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* The HTTP layer alone, on a socket pair */

static void
serve_echo (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  g_autoptr(GHashTable) params = sandbox_odfe_http_get_query (msg);
  g_autofree char *text = g_strdup_printf ("%s %s v=%d pretty=%d local=%s",
                                           (char *) sandbox_odfe_http_get_data (msg), path,
                                           sandbox_odfe_http_query_flag (params, "v"),
                                           sandbox_odfe_http_query_flag (params, "pretty"),
                                           soup_server_message_get_remote_host (msg));

  sandbox_odfe_http_send_text (msg, SOUP_STATUS_OK, "text/plain", text);
}

static Client *
client_on_pair (SoupServer      *server,
                GTlsCertificate *certificate,
                GTlsDatabase    *database,
                const char      *identity)
{
  Client *client = g_new0 (Client, 1);
  g_autoptr(GIOStream) near = NULL;
  g_autoptr(GError) error = NULL;
  int fds[2];

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
  near = socket_stream (fds[0]);
  sandbox_odfe_http_accept (server, near, certificate, "10.244.1.7", 9200, NULL,
                            g_strdup ("pod-7"), g_free);

  client->stream = socket_stream (fds[1]);
  if (database != NULL)
    {
      g_autoptr(GSocketConnectable) name = g_network_address_new (identity, 9200);
      GIOStream *tls = g_tls_client_connection_new (client->stream, name, &error);

      g_assert_no_error (error);
      g_tls_connection_set_database (G_TLS_CONNECTION (tls), database);
      g_object_unref (client->stream);
      client->stream = tls;
    }
  client->in = g_data_input_stream_new (g_io_stream_get_input_stream (client->stream));
  g_data_input_stream_set_newline_type (client->in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (client->in), FALSE);

  return client;
}

static void
test_http_layer (void)
{
  g_autoptr(SoupServer) server = sandbox_odfe_http_server_new ();
  g_autoptr(SandboxCa) ca = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *certificate_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *both = NULL;
  g_autofree char *path = NULL;
  static const char * const names[] = { "node.example", NULL };
  SandboxCertRequest request = {
    .subject = "CN=node.example",
    .dns_names = names,
    .server_auth = TRUE,
    .days = 1,
    .key_type = SANDBOX_KEY_ECDSA_P256,
  };
  Response response;
  Client *client;

  soup_server_add_handler (server, NULL, serve_echo, NULL, NULL);

  /* Plain: two requests on one connection, bare flags kept, the data of the connection. */
  client = client_on_pair (server, NULL, NULL, NULL);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (client_request (client, "GET", "/_cat/nodes?v&pretty=false&x=1", NULL,
                                     NULL, NULL, &response, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (response.status, ==, 200);
      g_assert_cmpstr (response.body, ==, "pod-7 /_cat/nodes v=1 pretty=0 local=127.0.0.1");
      response_clear (&response);
    }
  client_close (client);

  /* TLS with the certificate given, checked by the client against its CA and name. */
  ca = sandbox_ca_new ("CN=test CA", SANDBOX_KEY_ECDSA_P256, &error);
  g_assert_no_error (error);
  g_assert_true (sandbox_ca_issue (ca, &request, &certificate_pem, &key_pem, &error));
  both = g_strconcat (certificate_pem, "\n", key_pem, NULL);
  certificate = g_tls_certificate_new_from_pem (both, -1, &error);
  g_assert_no_error (error);
  path = g_build_filename (the_sandbox->state_dir, "layer-ca.pem", NULL);
  g_file_set_contents (path, sandbox_ca_get_certificate (ca), -1, &error);
  g_assert_no_error (error);
  database = g_tls_file_database_new (path, &error);
  g_assert_no_error (error);

  client = client_on_pair (server, certificate, database, "node.example");
  g_assert_true (client_request (client, "GET", "/", NULL, NULL, NULL, &response, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (response.body, ==, "pod-7 / v=0 pretty=0 local=127.0.0.1");
  response_clear (&response);
  client_close (client);

  client = client_on_pair (server, certificate, database, "other.example");
  g_assert_false (client_request (client, "GET", "/", NULL, NULL, NULL, &response, &error));
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  response_clear (&response);
  client_close (client);
}

static void
test_health_green (void)
{
  Client *client = client_open ("elasticsearch-0", 9200, the_sandbox->cluster_ca);
  g_autoptr(JsonNode) health = admin_get (client, "GET",
                                          "/_cluster/health?wait_for_status=green&timeout=30s",
                                          NULL, 200);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = object_of (health);
  JsonObject *version;

  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "green");
  g_assert_cmpstr (json_object_get_string_member (object, "cluster_name"), ==, "demo");
  g_assert_false (json_object_get_boolean_member (object, "timed_out"));
  assert_int_member (object, "number_of_nodes");
  assert_int_member (object, "active_shards");
  assert_int_member (object, "unassigned_shards");
  g_assert_cmpint (json_object_get_int_member (object, "number_of_nodes"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (object, "unassigned_shards"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "active_shards"), >,
                   json_object_get_int_member (object, "active_primary_shards"));

  /* The same connection again (keep-alive): GET / as Open Distro 1.13 answers it. */
  root = admin_get (client, "GET", "/", NULL, 200);
  object = object_of (root);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "elasticsearch-0");
  version = json_object_get_object_member (object, "version");
  g_assert_cmpstr (json_object_get_string_member (version, "number"), ==, "7.10.2");
  g_assert_false (json_object_has_member (version, "distribution"));

  client_close (client);
}

static void
test_cat (void)
{
  Client *client = client_open ("elasticsearch-1", 9200, the_sandbox->cluster_ca);
  g_autoptr(JsonNode) nodes = admin_get (client, "GET", "/_cat/nodes?format=json", NULL, 200);
  g_autoptr(JsonNode) indices = NULL;
  g_autoptr(JsonNode) stats = NULL;
  JsonArray *array;
  guint masters = 0;
  gboolean found_security = FALSE;

  g_assert_true (JSON_NODE_HOLDS_ARRAY (nodes));
  array = json_node_get_array (nodes);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *row = json_array_get_object_element (array, i);
      g_autoptr(GList) members = json_object_get_members (row);
      guint64 heap;

      /* Every _cat value is a string. */
      g_assert_cmpuint (g_list_length (members), ==, 10);
      for (GList *l = members; l != NULL; l = l->next)
        g_assert_cmpint (json_node_get_value_type (json_object_get_member (row, l->data)), ==,
                         G_TYPE_STRING);
      g_assert_true (g_ascii_string_to_unsigned (json_object_get_string_member (row,
                                                                                "heap.percent"),
                                                 10, 0, 100, &heap, NULL));
      g_assert_cmpstr (json_object_get_string_member (row, "node.role"), ==, "dimr");
      if (g_str_equal (json_object_get_string_member (row, "master"), "*"))
        masters++;
      g_assert_true (g_str_has_prefix (json_object_get_string_member (row, "name"),
                                       "elasticsearch-"));
    }
  g_assert_cmpuint (masters, ==, 1);

  indices = admin_get (client, "GET", "/_cat/indices?format=json&bytes=b&h=index,docs.count,"
                       "store.size,health", NULL, 200);
  array = json_node_get_array (indices);
  g_assert_cmpuint (json_array_get_length (array), >=, 3);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *row = json_array_get_object_element (array, i);
      guint64 size;

      g_assert_cmpuint (json_object_get_size (row), ==, 4);
      g_assert_true (g_ascii_string_to_unsigned (json_object_get_string_member (row,
                                                                                "store.size"),
                                                 10, 0, G_MAXUINT64, &size, NULL));
      if (g_str_equal (json_object_get_string_member (row, "index"), ".opendistro_security"))
        found_security = TRUE;
    }
  g_assert_true (found_security);

  /* Text tables, with a header line for ?v; sorting with s=. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) sorted = NULL;
    g_auto(GStrv) lines = NULL;
    Response response;
    guint64 previous = G_MAXUINT64;

    client_request (client, "GET", "/_cat/health?v&h=cluster,status,node.total", "admin",
                    the_sandbox->password, NULL, &response, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (response.status, ==, 200);
    g_assert_cmpstr (response.content_type, ==, "text/plain; charset=UTF-8");
    lines = g_strsplit (response.body, "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 3);
    g_assert_true (g_regex_match_simple ("^cluster +status +node.total$", lines[0], 0, 0));
    g_assert_true (g_regex_match_simple ("^demo +(green|yellow|red) +3$", lines[1], 0, 0));
    response_clear (&response);

    sorted = admin_get (client, "GET", "/_cat/indices?format=json&h=index,docs.count"
                        "&s=docs.count:desc", NULL, 200);
    for (guint i = 0; i < json_array_get_length (json_node_get_array (sorted)); i++)
      {
        JsonObject *row = json_array_get_object_element (json_node_get_array (sorted), i);
        guint64 count;

        g_assert_true (g_ascii_string_to_unsigned (json_object_get_string_member (row,
                                                                                  "docs.count"),
                                                   10, 0, G_MAXUINT64, &count, NULL));
        g_assert_cmpuint (count, <=, previous);
        previous = count;
      }
  }

  stats = admin_get (client, "GET", "/_nodes/stats/jvm,os", NULL, 200);
  {
    JsonObject *all = json_object_get_object_member (object_of (stats), "nodes");
    g_autoptr(GList) ids = json_object_get_members (all);
    JsonObject *node = json_object_get_object_member (all, ids->data);
    JsonObject *jvm_mem = json_object_get_object_member (
      json_object_get_object_member (node, "jvm"), "mem");

    g_assert_cmpuint (g_list_length (ids), ==, 3);
    /* ES_JAVA_OPTS of the demo StatefulSet is -Xmx1g. */
    g_assert_cmpint (json_object_get_int_member (jvm_mem, "heap_max_in_bytes"), ==,
                     1073741824);
    g_assert_false (json_object_has_member (node, "fs"));
    g_assert_true (json_object_has_member (node, "os"));
  }

  /* The node the connection reached, and the metrics asked for. */
  {
    g_autoptr(JsonNode) local = admin_get (client, "GET", "/_nodes/_local/stats/thread_pool,"
                                           "breaker", NULL, 200);
    JsonObject *all = json_object_get_object_member (object_of (local), "nodes");
    g_autoptr(GList) ids = json_object_get_members (all);
    JsonObject *node;

    g_assert_cmpuint (g_list_length (ids), ==, 1);
    node = json_object_get_object_member (all, ids->data);
    g_assert_cmpstr (json_object_get_string_member (node, "name"), ==, "elasticsearch-1");
    g_assert_true (json_object_has_member (json_object_get_object_member (node, "thread_pool"),
                                           "search"));
    assert_int_member (json_object_get_object_member (
                         json_object_get_object_member (node, "breakers"), "parent"),
                       "limit_size_in_bytes");
    g_assert_false (json_object_has_member (node, "jvm"));
  }

  {
    g_autoptr(GError) error = NULL;
    Response response;

    client_request (client, "GET", "/_nodes/stats/nonsense", "admin", the_sandbox->password,
                    NULL, &response, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (response.status, ==, 400);
    g_assert_nonnull (strstr (response.body, "unrecognized metric: [nonsense]"));
    response_clear (&response);
  }

  client_close (client);
}

static void
test_auth (void)
{
  Client *client = client_open ("elasticsearch-2", 9200, the_sandbox->cluster_ca);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) info = NULL;
  g_autoptr(JsonNode) health = NULL;
  Response response;
  JsonArray *roles;
  gboolean all_access = FALSE;

  client_request (client, "GET", "/_cluster/health", "admin", "not-the-password", NULL,
                  &response, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response.status, ==, 401);
  g_assert_true (g_str_has_prefix (response.authenticate, "Basic realm="));
  g_assert_cmpstr (response.body, ==, "Unauthorized");
  response_clear (&response);

  client_request (client, "GET", "/_cluster/health", NULL, NULL, NULL, &response, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response.status, ==, 401);
  response_clear (&response);

  client_request (client, "GET", "/_cluster/health", "nobody", "x", NULL, &response, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response.status, ==, 401);
  response_clear (&response);

  /* The one path the security plugin lets through without credentials. */
  client_request (client, "GET", "/_opendistro/_security/health", NULL, NULL, NULL, &response,
                  &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpstr (response.body, ==, "{\"message\":null,\"mode\":\"strict\",\"status\":\"UP\"}");
  response_clear (&response);

  /* The right password works (twice: the second from the cache of checked passwords). */
  health = admin_get (client, "GET", "/_cluster/health", NULL, 200);
  info = admin_get (client, "GET", "/_opendistro/_security/authinfo", NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (object_of (info), "user_name"), ==, "admin");
  roles = json_object_get_array_member (object_of (info), "roles");
  for (guint i = 0; i < json_array_get_length (roles); i++)
    all_access |= g_str_equal (json_array_get_string_element (roles, i), "all_access");
  g_assert_true (all_access);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (object_of (info),
                                                                                "backend_roles"),
                                                  0), ==, "admin");

  client_close (client);
}

static void
test_audit (void)
{
  Client *client = client_open ("elasticsearch-0", 9200, the_sandbox->cluster_ca);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) failed = NULL;
  g_autoptr(JsonNode) indices = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%Y.%m.%d");
  g_autofree char *index = g_strconcat ("security-auditlog-", date, NULL);
  g_autofree char *cat_path = g_strconcat ("/_cat/indices/", index, "?format=json", NULL);
  Response response;
  JsonArray *hits;
  JsonObject *source;

  client_request (client, "GET", "/_cat/nodes?v", "admin", "wrong-again", NULL, &response,
                  &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response.status, ==, 401);
  response_clear (&response);

  failed = admin_get (client, "POST", "/security-auditlog-*/_search",
                      "{\"size\":5,\"query\":{\"bool\":{\"filter\":["
                      "{\"term\":{\"audit_category\":\"FAILED_LOGIN\"}},"
                      "{\"match\":{\"audit_rest_request_path\":\"/_cat/nodes\"}}]}},"
                      "\"sort\":[{\"@timestamp\":{\"order\":\"desc\"}}]}", 200);
  hits = json_object_get_array_member (json_object_get_object_member (object_of (failed), "hits"),
                                       "hits");
  g_assert_cmpuint (json_array_get_length (hits), >=, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (hits, 0),
                                                  "_index"), ==, index);
  source = json_object_get_object_member (json_array_get_object_element (hits, 0), "_source");
  g_assert_cmpstr (json_object_get_string_member (source, "audit_category"), ==, "FAILED_LOGIN");
  g_assert_cmpstr (json_object_get_string_member (source, "audit_request_effective_user"), ==,
                   "admin");
  g_assert_cmpstr (json_object_get_string_member (source, "audit_rest_request_method"), ==,
                   "GET");
  g_assert_cmpstr (json_object_get_string_member (source, "audit_rest_request_path"), ==,
                   "/_cat/nodes");
  g_assert_cmpstr (json_object_get_string_member (source, "audit_node_name"), ==,
                   "elasticsearch-0");
  g_assert_cmpstr (json_object_get_string_member (source, "audit_request_remote_address"), ==,
                   "127.0.0.1");
  g_assert_cmpint (json_object_get_int_member (source, "audit_format_version"), ==, 4);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (source, "@timestamp"),
                                   "+00:00"));
  /* The credentials never reach the audit log. */
  g_assert_false (json_object_has_member (json_object_get_object_member (
                                            source, "audit_rest_request_headers"),
                                          "Authorization"));

  /* The successful requests are there too, and the index shows in _cat/indices. */
  indices = admin_get (client, "GET", cat_path, NULL, 200);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (indices)), ==, 1);
  {
    JsonObject *row = json_array_get_object_element (json_node_get_array (indices), 0);
    guint64 count;

    g_assert_true (g_ascii_string_to_unsigned (json_object_get_string_member (row,
                                                                              "docs.count"),
                                               10, 3, G_MAXUINT64, &count, NULL));
  }

  client_request (client, "GET", "/no-such-index/_search", "admin", the_sandbox->password,
                  NULL, &response, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response.status, ==, 404);
  g_assert_nonnull (strstr (response.body, "index_not_found_exception"));
  response_clear (&response);

  client_close (client);
}

static void
test_wrong_ca (void)
{
  /* The sandbox's API CA did not sign the node certificate: the handshake must fail. */
  Client *client = client_open ("elasticsearch-0", 9200, the_sandbox->api_ca);
  g_autoptr(GError) error = NULL;
  Response response;

  g_assert_false (client_request (client, "GET", "/", "admin", the_sandbox->password, NULL,
                                  &response, &error));
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  response_clear (&response);
  client_close (client);
}

static void
test_metrics (void)
{
  Client *client = client_open ("elasticsearch-1", 9600, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(GList) ids = NULL;
  Response response;
  JsonObject *data;
  JsonArray *fields;
  JsonArray *records;

  client_request (client, "GET", "/_opendistro/_performanceanalyzer/metrics"
                  "?metrics=CPU_Utilization&agg=avg&dim=&nodes=all", NULL, NULL, NULL,
                  &response, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response.status, ==, 200);
  all = json_from_string (response.body, &error);
  g_assert_no_error (error);
  response_clear (&response);

  ids = json_object_get_members (object_of (all));
  g_assert_cmpuint (g_list_length (ids), ==, 3);
  data = json_object_get_object_member (json_object_get_object_member (object_of (all),
                                                                       ids->data), "data");
  assert_int_member (json_object_get_object_member (object_of (all), ids->data), "timestamp");
  fields = json_object_get_array_member (data, "fields");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (fields, 0),
                                                  "name"), ==, "CPU_Utilization");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (fields, 0),
                                                  "type"), ==, "DOUBLE");
  records = json_object_get_array_member (data, "records");
  g_assert_cmpuint (json_array_get_length (records), ==, 1);
  g_assert_cmpfloat (json_array_get_double_element (json_array_get_array_element (records, 0),
                                                    0), >=, 0);

  client_request (client, "GET", "/_opendistro/_performanceanalyzer/metrics"
                  "?metrics=CPU_Utilization,Heap_Used&agg=avg", NULL, NULL, NULL, &response,
                  &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response.status, ==, 400);
  g_assert_cmpstr (response.body, ==,
                   "{\"error\":\"metrics/aggregations should have the same number of entries.\"}");
  response_clear (&response);

  client_request (client, "GET", "/_opendistro/_performanceanalyzer/metrics"
                  "?metrics=Heap_Used&agg=avg&dim=IndexName", NULL, NULL, NULL, &response,
                  &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response.status, ==, 400);
  g_assert_nonnull (strstr (response.body, "invalid dimension"));
  response_clear (&response);

  client_close (client);
}

static void
set_secret_value (JsonNode   *secret,
                  const char *key,
                  const char *value)
{
  JsonObject *data = json_object_get_object_member (json_node_get_object (secret), "data");
  g_autofree char *encoded = g_base64_encode ((const guchar *) value, strlen (value));

  json_object_set_string_member (data, key, encoded);
}

static void
put_security_secret (JsonNode *secret)
{
  g_autoptr(JsonNode) stored = NULL;
  guint code;

  stored = api_send ("PUT", "/api/v1/namespaces/demo/secrets/elasticsearch-security", secret,
                     &code);
  g_assert_cmpuint (code, ==, 200);
}

static void
test_security_secret (void)
{
  g_autoptr(JsonNode) original = NULL;
  g_autoptr(JsonNode) changed = NULL;
  g_autoptr(JsonNode) info = NULL;
  g_autoptr(JsonNode) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *users = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *more_users = NULL;
  Client *client;
  Response response;
  JsonArray *hits;
  JsonObject *source;
  guint code;

  original = api_call ("GET", "/api/v1/namespaces/demo/secrets/elasticsearch-security", &code);
  g_assert_cmpuint (code, ==, 200);
  users = secret_value (original, "internal_users.yml");
  hash = sandbox_seed_bcrypt ("reader-password", &error);
  g_assert_no_error (error);

  /* A user that authenticates but holds no role. */
  more_users = g_strdup_printf ("%s\nreader:\n  hash: \"%s\"\n  backend_roles:\n"
                                "  - \"readers\"\n", users, hash);
  {
    g_autofree char *text = json_to_string (original, FALSE);

    /* A deep copy: json_node_copy() shares the object. */
    changed = json_from_string (text, NULL);
  }
  json_object_remove_member (json_object_get_object_member (object_of (changed), "metadata"),
                             "resourceVersion");
  set_secret_value (changed, "internal_users.yml", more_users);
  put_security_secret (changed);

  client = client_open ("elasticsearch-0", 9200, the_sandbox->cluster_ca);
  client_request (client, "GET", "/_cluster/health", "reader", "reader-password", NULL,
                  &response, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response.status, ==, 403);
  g_assert_nonnull (strstr (response.body, "\"type\":\"security_exception\""));
  g_assert_nonnull (strstr (response.body, "no permissions for [cluster:monitor/health] and "
                                           "User [name=reader, backend_roles=[readers]"));
  response_clear (&response);

  client_request (client, "GET", "/_opendistro/_security/authinfo", "reader",
                  "reader-password", NULL, &response, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response.status, ==, 200);
  info = json_from_string (response.body, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (info),
                                                                         "roles")), ==, 0);
  response_clear (&response);

  events = admin_get (client, "GET", "/security-auditlog-*/_search?size=1&sort=@timestamp:desc",
                      "{\"query\":{\"term\":{\"audit_category\":\"MISSING_PRIVILEGES\"}}}",
                      200);
  hits = json_object_get_array_member (json_object_get_object_member (object_of (events),
                                                                      "hits"), "hits");
  g_assert_cmpuint (json_array_get_length (hits), ==, 1);
  source = json_object_get_object_member (json_array_get_object_element (hits, 0), "_source");
  g_assert_cmpstr (json_object_get_string_member (source, "audit_request_effective_user"), ==,
                   "reader");
  g_assert_cmpstr (json_object_get_string_member (source, "audit_request_privilege"), ==,
                   "cluster:monitor/health");

  /* Without a users file the security index could not have been initialised. */
  json_object_remove_member (json_object_get_object_member (object_of (changed), "data"),
                             "internal_users.yml");
  put_security_secret (changed);
  client_request (client, "GET", "/_opendistro/_security/health", NULL, NULL, NULL, &response,
                  &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response.status, ==, 503);
  g_assert_cmpstr (response.body, ==,
                   "{\"message\":\"Not initialized\",\"mode\":\"strict\",\"status\":\"DOWN\"}");
  response_clear (&response);
  client_request (client, "GET", "/", "admin", the_sandbox->password, NULL, &response, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response.status, ==, 503);
  response_clear (&response);

  json_object_remove_member (json_object_get_object_member (object_of (original), "metadata"),
                             "resourceVersion");
  put_security_secret (original);
  client_request (client, "GET", "/", "admin", the_sandbox->password, NULL, &response, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response.status, ==, 200);
  response_clear (&response);

  client_close (client);
}

static void
test_tls_secret (void)
{
  g_autoptr(JsonNode) original = NULL;
  g_autoptr(JsonNode) changed = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *admin_certificate = NULL;
  g_autofree char *admin_key = NULL;
  Client *client;
  Response response;
  guint code;

  original = api_call ("GET", "/api/v1/namespaces/demo/secrets/elasticsearch-tls", &code);
  g_assert_cmpuint (code, ==, 200);
  json_object_remove_member (json_object_get_object_member (object_of (original), "metadata"),
                             "resourceVersion");
  text = json_to_string (original, FALSE);
  changed = json_from_string (text, NULL);

  /* The admin certificate as the REST certificate: signed by the same CA, but not for the
   * node's names, so a client that checks the name refuses it. */
  admin_certificate = secret_value (original, "admin-crt.pem");
  admin_key = secret_value (original, "admin-key.pem");
  set_secret_value (changed, "elk-rest-crt.pem", admin_certificate);
  set_secret_value (changed, "elk-rest-key.pem", admin_key);
  stored = api_send ("PUT", "/api/v1/namespaces/demo/secrets/elasticsearch-tls", changed, &code);
  g_assert_cmpuint (code, ==, 200);

  client = client_open ("elasticsearch-1", 9200, the_sandbox->cluster_ca);
  g_assert_false (client_request (client, "GET", "/", "admin", the_sandbox->password, NULL,
                                  &response, &error));
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_clear_error (&error);
  response_clear (&response);
  client_close (client);

  g_clear_pointer (&stored, json_node_unref);
  stored = api_send ("PUT", "/api/v1/namespaces/demo/secrets/elasticsearch-tls", original,
                     &code);
  g_assert_cmpuint (code, ==, 200);

  client = client_open ("elasticsearch-1", 9200, the_sandbox->cluster_ca);
  g_assert_true (client_request (client, "GET", "/", "admin", the_sandbox->password, NULL,
                                 &response, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (response.status, ==, 200);
  response_clear (&response);
  client_close (client);
}

static void
test_pod_loss (void)
{
  g_autoptr(JsonNode) deleted = NULL;
  g_autoptr(JsonNode) green = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  Client *client;
  Client *refused;
  Client *doomed;
  Response response;
  gboolean yellow = FALSE;
  guint code;

  client = client_open ("elasticsearch-0", 9200, the_sandbox->cluster_ca);
  green = admin_get (client, "GET", "/_cluster/health?wait_for_status=green&timeout=30s", NULL,
                     200);
  g_clear_pointer (&green, json_node_unref);

  /* A connection open to the pod before it goes. */
  doomed = client_open ("elasticsearch-2", 9200, the_sandbox->cluster_ca);
  g_clear_pointer (&root, json_node_unref);
  root = admin_get (doomed, "GET", "/", NULL, 200);

  deleted = api_call ("DELETE", "/api/v1/namespaces/demo/pods/elasticsearch-2", &code);
  g_assert_cmpuint (code, ==, 200);

  /* A pod being deleted takes no connection. */
  refused = client_open ("elasticsearch-2", 9200, the_sandbox->cluster_ca);
  g_assert_false (client_request (refused, "GET", "/", "admin", the_sandbox->password, NULL,
                                  &response, &error));
  g_clear_error (&error);
  response_clear (&response);
  client_close (refused);

  /* A node that shuts down drops its connections, also when its replacement is there. */
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(JsonNode) pod = api_call ("GET", "/api/v1/namespaces/demo/pods/elasticsearch-2",
                                          &code);

      if (code == 404 || !json_object_has_member (json_object_get_object_member (object_of (pod),
                                                                                 "metadata"),
                                                  "deletionTimestamp"))
        break;
      g_usleep (20000);
    }
  g_assert_false (client_request (doomed, "GET", "/", "admin", the_sandbox->password, NULL,
                                  &response, &error));
  g_clear_error (&error);
  response_clear (&response);
  client_close (doomed);

  /* One node of three gone: every shard keeps a copy, some lose one: yellow, never red. */
  for (guint i = 0; i < 50 && !yellow; i++)
    {
      g_autoptr(JsonNode) health = admin_get (client, "GET", "/_cluster/health", NULL, 200);
      const char *status = json_object_get_string_member (object_of (health), "status");

      g_assert_cmpstr (status, !=, "red");
      yellow = g_str_equal (status, "yellow");
      /* Yellow while the pod is away (a copy unassigned) or while its replacement
       * recovers (a copy initializing). */
      if (yellow)
        g_assert_cmpint (json_object_get_int_member (object_of (health), "unassigned_shards")
                         + json_object_get_int_member (object_of (health),
                                                       "initializing_shards"), >, 0);
      else
        g_usleep (20000);
    }
  g_assert_true (yellow);

  /* The StatefulSet brings the pod back; the cluster waits its way back to green. */
  green = admin_get (client, "GET", "/_cluster/health?wait_for_status=green&timeout=30s", NULL,
                     200);
  g_assert_cmpstr (json_object_get_string_member (object_of (green), "status"), ==, "green");
  g_assert_cmpint (json_object_get_int_member (object_of (green), "number_of_nodes"), ==, 3);
  g_assert_true (pod_ready ("elasticsearch-2"));

  /* A wait that cannot succeed in time answers 408 with what it saw. */
  g_clear_pointer (&deleted, json_node_unref);
  deleted = api_call ("DELETE", "/api/v1/namespaces/demo/pods/elasticsearch-1", &code);
  g_assert_cmpuint (code, ==, 200);
  client_request (client, "GET", "/_cluster/health?wait_for_status=green&timeout=300ms",
                  "admin", the_sandbox->password, NULL, &response, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response.status, ==, 408);
  g_assert_nonnull (strstr (response.body, "\"timed_out\":true"));
  g_assert_nonnull (strstr (response.body, "\"status\":\"yellow\""));
  response_clear (&response);

  /* Two nodes of three gone: the shards whose two copies were on them are lost: red. */
  g_clear_pointer (&deleted, json_node_unref);
  deleted = api_call ("DELETE", "/api/v1/namespaces/demo/pods/elasticsearch-2", &code);
  g_assert_cmpuint (code, ==, 200);
  g_clear_pointer (&green, json_node_unref);
  green = admin_get (client, "GET", "/_cluster/health?level=indices", NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (object_of (green), "status"), ==, "red");
  g_assert_cmpint (json_object_get_int_member (object_of (green), "active_primary_shards"), <,
                   json_object_get_int_member (object_of (green), "active_shards")
                   + json_object_get_int_member (object_of (green), "unassigned_shards"));
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (
                       json_object_get_object_member (object_of (green), "indices"),
                       ".opendistro_security"), "status"), ==, "green");

  g_clear_pointer (&green, json_node_unref);
  green = admin_get (client, "GET", "/_cluster/health?wait_for_status=green&timeout=60s", NULL,
                     200);
  g_assert_cmpint (json_object_get_int_member (object_of (green), "number_of_nodes"), ==, 3);

  client_close (client);
}

int
main (int   argc,
      char *argv[])
{
  int result;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/odfe/yaml", test_yaml);
  g_test_add_func ("/sandbox/odfe/format-bytes", test_format_bytes);
  g_test_add_func ("/sandbox/odfe/http-layer", test_http_layer);
  g_test_add_func ("/sandbox/odfe/health-green", test_health_green);
  g_test_add_func ("/sandbox/odfe/cat", test_cat);
  g_test_add_func ("/sandbox/odfe/auth", test_auth);
  g_test_add_func ("/sandbox/odfe/audit", test_audit);
  g_test_add_func ("/sandbox/odfe/wrong-ca", test_wrong_ca);
  g_test_add_func ("/sandbox/odfe/metrics", test_metrics);
  g_test_add_func ("/sandbox/odfe/security-secret", test_security_secret);
  g_test_add_func ("/sandbox/odfe/tls-secret", test_tls_secret);
  g_test_add_func ("/sandbox/odfe/pod-loss", test_pod_loss);

  sandbox_start ();
  result = g_test_run ();
  sandbox_stop ();

  return result;
}
