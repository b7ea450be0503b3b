/* test-kube-portforward.c: KubePortForward against the sandbox's WebSocket port-forward
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Most tests run the sandbox's API server in this process, with the demo cluster seeded,
 * and serve port 9200 of its pods with an echo service registered through
 * sandbox_server_set_port_handler(): it first writes the pod's name and a newline, then
 * echoes.  That lets the tests see which pod a connection reached, push data both ways
 * through several connections at once, and end a pod's streams when the test deletes the
 * pod, as a real pod's process would.  The test of a port where nothing listens runs the
 * sandbox program itself (SANDBOX_PATH), which answers on the error channel.
 */

#include <string.h>

#include "kube-client.h"
#include "kube-error.h"
#include "kube-json.h"
#include "kube-portforward.h"
#include "sandbox-server.h"
#include "sandbox-session.h"
#include "scratch-dir.h"

#define SELECTOR "app.kubernetes.io/instance=demo"

/* The echo service behind port 9200 */

typedef struct
{
  GIOStream    *stream;
  char         *pod_name;
  char         *pod_uid;
  GCancellable *cancellable;
  guint8        buffer[8192];
} Echo;

static GPtrArray *echoes;         /* Echo, open ones */
static GPtrArray *served_uids;    /* the UID of the pod behind each connection, in order */

static void
echo_free (Echo *echo)
{
  g_io_stream_close (echo->stream, NULL, NULL);
  g_object_unref (echo->stream);
  g_object_unref (echo->cancellable);
  g_free (echo->pod_name);
  g_free (echo->pod_uid);
  g_free (echo);
}

static void echo_read (Echo *echo);

static void
echo_read_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Echo *echo = user_data;
  g_autoptr(GError) error = NULL;
  gssize size;

  size = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (size <= 0)
    {
      /* Closed by the other side, or cancelled by echo_close_pod(). */
      g_ptr_array_remove (echoes, echo);
      return;
    }

  g_output_stream_write_all (g_io_stream_get_output_stream (echo->stream), echo->buffer, size,
                             NULL, NULL, NULL);
  echo_read (echo);
}

static void
echo_read (Echo *echo)
{
  g_input_stream_read_async (g_io_stream_get_input_stream (echo->stream), echo->buffer,
                             sizeof echo->buffer, G_PRIORITY_DEFAULT, echo->cancellable,
                             echo_read_done, echo);
}

static void
serve_echo (JsonNode  *pod,
            GIOStream *stream,
            gpointer   user_data)
{
  Echo *echo = g_new0 (Echo, 1);
  g_autofree char *greeting = NULL;

  echo->stream = g_object_ref (stream);
  echo->cancellable = g_cancellable_new ();
  echo->pod_name = g_strdup (kube_json_path_string (pod, "metadata", "name", NULL));
  echo->pod_uid = g_strdup (kube_json_path_string (pod, "metadata", "uid", NULL));
  g_ptr_array_add (echoes, echo);
  g_ptr_array_add (served_uids, g_strdup (echo->pod_uid));

  greeting = g_strdup_printf ("%s\n", echo->pod_name);
  g_output_stream_write_all (g_io_stream_get_output_stream (stream), greeting,
                             strlen (greeting), NULL, NULL, NULL);
  echo_read (echo);
}

/* Ends the service's connections from @pod_name (NULL: all), as the pod's process would on
 * its way out; each is freed when its pending read returns. */
static void
echo_close_pod (const char *pod_name)
{
  for (guint i = echoes->len; i > 0; i--)
    {
      Echo *echo = echoes->pdata[i - 1];

      if (pod_name == NULL || g_strcmp0 (echo->pod_name, pod_name) == 0)
        g_cancellable_cancel (echo->cancellable);
    }
}

/* Fixture */

typedef struct
{
  char           *state_dir;
  SandboxFaults  *faults;
  SandboxServer  *server;
  KubeConfig     *config;
  KubeConnection *connection;
  KubeClient     *client;
} Fixture;

static gboolean
timed_out (gpointer user_data)
{
  g_error ("The test timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until *@flag is TRUE. */
static void
wait_for (gboolean   *flag,
          const char *what)
{
  guint timeout = g_timeout_add_seconds (20, timed_out, (gpointer) what);

  while (!*flag)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (timeout);
}

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  guint timeout = g_timeout_add_seconds (20, timed_out, (gpointer) "an asynchronous result");

  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (timeout);
  return *slot;
}

static gboolean
all_pods_ready (Fixture *fixture,
                guint    expected)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(KubeList) list = NULL;
  g_autoptr(GError) error = NULL;
  KubeListOptions options = { .label_selector = SELECTOR };
  guint ready = 0;

  kube_client_list_async (fixture->client, kube_resource_type_get (KUBE_RESOURCE_PODS), "demo",
                          &options, NULL, store_result, &result);
  list = kube_client_list_finish (fixture->client, wait_result (&result), &error);
  g_assert_no_error (error);

  for (guint i = 0; i < list->items->len; i++)
    ready += kube_pod_is_ready (list->items->pdata[i]);

  return ready == expected && list->items->len == expected;
}

static void
wait_pods_ready (Fixture *fixture)
{
  for (guint i = 0; i < 100 && !all_pods_ready (fixture, 3); i++)
    sandbox_session_sleep (100);

  g_assert_true (all_pods_ready (fixture, 3));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SandboxServerOptions options = {
    .seed_demo = TRUE,
    .ready_delay_ms = 200,
    .delete_delay_ms = 200,
    .log_interval_ms = 100,
  };
  const char *paths[2] = { NULL, NULL };

  echoes = g_ptr_array_new_with_free_func ((GDestroyNotify) echo_free);
  served_uids = g_ptr_array_new_with_free_func (g_free);

  fixture->state_dir = scratch_dir_new ("test-kube-portforward");
  options.state_dir = fixture->state_dir;
  fixture->faults = sandbox_faults_new ();
  fixture->server = sandbox_server_new (&options, fixture->faults, &error);
  g_assert_no_error (error);
  sandbox_server_set_port_handler (fixture->server, 9200, serve_echo, NULL);

  paths[0] = sandbox_server_get_kubeconfig_path (fixture->server);
  fixture->config = kube_config_load (paths, &error);
  g_assert_no_error (error);
  fixture->connection = kube_connection_new (fixture->config, NULL, &error);
  g_assert_no_error (error);
  fixture->client = kube_client_new (fixture->connection);

  wait_pods_ready (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* Let closing handshakes finish: the sandbox then closes the echo service's streams
   * itself.  (Ending them while a WebSocket is still closing makes sandbox-streams.c close it
   * a second time, a critical.)  Whatever is left after that is ended here. */
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (echoes->len > 0 && g_get_monotonic_time () < end)
      {
        if (!g_main_context_iteration (NULL, FALSE))
          g_usleep (1000);
      }
  }
  echo_close_pod (NULL);
  while (echoes->len > 0)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_clear_pointer (&echoes, g_ptr_array_unref);
  g_clear_pointer (&served_uids, g_ptr_array_unref);
  g_assert_finalize_object (fixture->client);
  g_assert_finalize_object (fixture->connection);
  g_assert_finalize_object (fixture->config);
  g_assert_finalize_object (fixture->server);
  sandbox_faults_free (fixture->faults);
  scratch_dir_remove (fixture->state_dir);
  g_free (fixture->state_dir);
}

/* The local side: connections to the forwarded port */

static GSocketConnection *
connect_local (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);

  return connection;
}

static void
send_text (GSocketConnection *connection,
           const void        *data,
           gsize              size)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), data,
                             size, NULL, NULL, &error);
  g_assert_no_error (error);
}

typedef struct
{
  GByteArray *received;
  gsize       wanted;
  gboolean    eof;
  gboolean    done;
  guint8      buffer[4096];
} Reader;

static void
reader_step (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Reader *reader = user_data;
  g_autoptr(GError) error = NULL;
  gssize size;

  size = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (size <= 0)
    {
      reader->eof = TRUE;
      reader->done = TRUE;
      return;
    }

  g_byte_array_append (reader->received, reader->buffer, size);
  if (reader->received->len >= reader->wanted)
    {
      reader->done = TRUE;
      return;
    }

  g_input_stream_read_async (G_INPUT_STREAM (object), reader->buffer,
                             MIN (sizeof reader->buffer, reader->wanted - reader->received->len),
                             G_PRIORITY_DEFAULT, NULL, reader_step, reader);
}

/* Reads exactly @wanted bytes (fewer at end of stream) while the main context runs. */
static GByteArray *
receive (GSocketConnection *connection,
         gsize              wanted,
         gboolean          *eof)
{
  Reader reader = { g_byte_array_new (), wanted, FALSE, FALSE };
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));

  g_input_stream_read_async (input, reader.buffer, MIN (sizeof reader.buffer, wanted),
                             G_PRIORITY_DEFAULT, NULL, reader_step, &reader);
  wait_for (&reader.done, "data from the forwarded port");

  if (eof != NULL)
    *eof = reader.eof;

  return reader.received;
}

/* Reads the echo service's greeting: the pod's name. */
static char *
receive_greeting (GSocketConnection *connection)
{
  g_autoptr(GString) line = g_string_new (NULL);

  while (TRUE)
    {
      g_autoptr(GByteArray) byte = receive (connection, 1, NULL);

      g_assert_cmpuint (byte->len, ==, 1);
      if (byte->data[0] == '\n')
        break;
      g_string_append_c (line, byte->data[0]);
    }

  return g_string_free (g_steal_pointer (&line), FALSE);
}

static void
assert_echo (GSocketConnection *connection,
             const guint8      *data,
             gsize              size)
{
  g_autoptr(GByteArray) received = NULL;

  send_text (connection, data, size);
  received = receive (connection, size, NULL);
  g_assert_cmpmem (received->data, received->len, data, size);
}

static void
assert_end_of_stream (GSocketConnection *connection)
{
  g_autoptr(GByteArray) received = NULL;
  gboolean eof = FALSE;

  received = receive (connection, 1, &eof);
  g_assert_true (eof);
  g_assert_cmpuint (received->len, ==, 0);
}

static KubePortForward *
start_forward (Fixture    *fixture,
               const char *selector,
               guint16     port)
{
  g_autoptr(GError) error = NULL;
  KubePortForward *forward;

  forward = kube_port_forward_new (fixture->client, "demo", selector, NULL, port);
  g_assert_cmpuint (kube_port_forward_get_local_port (forward), ==, 0);
  g_assert_true (kube_port_forward_start (forward, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kube_port_forward_get_local_port (forward), >, 0);
  g_assert_cmpuint (kube_port_forward_get_remote_port (forward), ==, port);

  return forward;
}

static void
on_notify_flag (GObject    *object,
                GParamSpec *pspec,
                gpointer    user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
wait_connections (KubePortForward *forward,
                  guint            expected)
{
  gulong handler;
  gboolean changed = FALSE;

  handler = g_signal_connect (forward, "notify::n-connections", G_CALLBACK (on_notify_flag),
                              &changed);
  while (kube_port_forward_get_n_connections (forward) != expected)
    {
      changed = FALSE;
      wait_for (&changed, "the number of forwarded connections to change");
    }
  g_signal_handler_disconnect (forward, handler);
}

static void
test_echo (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(KubePortForward) forward = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autofree char *pod = NULL;

  forward = start_forward (fixture, SELECTOR, 9200);
  g_assert_null (kube_port_forward_get_pod_name (forward));

  connection = connect_local (kube_port_forward_get_local_port (forward));
  pod = receive_greeting (connection);

  /* The first Ready pod by name, and the same one the forward reports. */
  g_assert_cmpstr (pod, ==, "elasticsearch-0");
  g_assert_cmpstr (kube_port_forward_get_pod_name (forward), ==, pod);
  g_assert_cmpuint (kube_port_forward_get_n_connections (forward), ==, 1);

  assert_echo (connection, (const guint8 *) "GET / HTTP/1.1\r\n\r\n", 18);
  assert_echo (connection, (const guint8 *) "\0\1\2\3", 4);

  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  wait_connections (forward, 0);

  kube_port_forward_close (forward);
  g_assert_true (kube_port_forward_get_closed (forward));
  g_assert_finalize_object (g_steal_pointer (&forward));
}

static void
test_concurrent (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(KubePortForward) forward = NULL;
  GSocketConnection *connections[6];
  GByteArray *payloads[G_N_ELEMENTS (connections)];

  forward = start_forward (fixture, SELECTOR, 9200);

  for (guint i = 0; i < G_N_ELEMENTS (connections); i++)
    connections[i] = connect_local (kube_port_forward_get_local_port (forward));

  /* Every connection is its own stream, all open at once. */
  for (guint i = 0; i < G_N_ELEMENTS (connections); i++)
    {
      g_autofree char *pod = receive_greeting (connections[i]);

      g_assert_cmpstr (pod, ==, "elasticsearch-0");
    }
  g_assert_cmpuint (kube_port_forward_get_n_connections (forward), ==, 6);
  g_assert_cmpuint (echoes->len, ==, 6);

  /* Different data on each, some larger than one WebSocket message, written before any is
   * read back, so that the streams interleave. */
  for (guint i = 0; i < G_N_ELEMENTS (connections); i++)
    {
      gsize size = 1000 + i * 20000;

      payloads[i] = g_byte_array_sized_new (size);
      for (gsize j = 0; j < size; j++)
        {
          guint8 byte = (guint8) (j * 7 + i * 13);

          g_byte_array_append (payloads[i], &byte, 1);
        }
      send_text (connections[i], payloads[i]->data, MIN (payloads[i]->len, 50000));
    }

  for (guint i = 0; i < G_N_ELEMENTS (connections); i++)
    {
      g_autoptr(GByteArray) received = NULL;

      if (payloads[i]->len > 50000)
        send_text (connections[i], payloads[i]->data + 50000, payloads[i]->len - 50000);

      received = receive (connections[i], payloads[i]->len, NULL);
      g_assert_cmpmem (received->data, received->len, payloads[i]->data, payloads[i]->len);
    }

  /* Closing one leaves the others working. */
  g_io_stream_close (G_IO_STREAM (connections[0]), NULL, NULL);
  wait_connections (forward, 5);
  assert_echo (connections[5], (const guint8 *) "still here", 10);

  for (guint i = 0; i < G_N_ELEMENTS (connections); i++)
    {
      g_io_stream_close (G_IO_STREAM (connections[i]), NULL, NULL);
      g_object_unref (connections[i]);
      g_byte_array_unref (payloads[i]);
    }

  wait_connections (forward, 0);
  g_assert_finalize_object (g_steal_pointer (&forward));
}

static void
on_pod_name_changed (GObject    *object,
                     GParamSpec *pspec,
                     gpointer    user_data)
{
  if (kube_port_forward_get_pod_name (KUBE_PORT_FORWARD (object)) == NULL)
    *(gboolean *) user_data = TRUE;
}

static void
test_pod_deleted (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(KubePortForward) forward = NULL;
  g_autoptr(GSocketConnection) first = NULL;
  g_autoptr(GSocketConnection) second = NULL;
  g_autoptr(GSocketConnection) third = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) deleted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_uid = NULL;
  g_autofree char *pod = NULL;
  g_autofree char *next_pod = NULL;
  gboolean left = FALSE;

  forward = start_forward (fixture, SELECTOR, 9200);
  first = connect_local (kube_port_forward_get_local_port (forward));
  pod = receive_greeting (first);
  g_assert_cmpstr (pod, ==, "elasticsearch-0");
  assert_echo (first, (const guint8 *) "before", 6);
  old_uid = g_strdup (served_uids->pdata[0]);

  g_signal_connect (forward, "notify::pod-name", G_CALLBACK (on_pod_name_changed), &left);

  /* Delete the pod while the stream is open; its process goes away with it. */
  kube_client_delete_async (fixture->client, kube_resource_type_get (KUBE_RESOURCE_PODS),
                            "demo", pod, NULL, NULL, store_result, &result);
  deleted = kube_client_object_finish (fixture->client, wait_result (&result), &error);
  g_assert_no_error (error);
  echo_close_pod (pod);

  /* The local connection ends, and the forward lets the pod go. */
  assert_end_of_stream (first);
  wait_for (&left, "the forward to leave the deleted pod");
  g_assert_null (kube_port_forward_get_pod_name (forward));

  /* A new connection reaches a pod that is not the deleted one. */
  second = connect_local (kube_port_forward_get_local_port (forward));
  next_pod = receive_greeting (second);
  g_assert_cmpuint (served_uids->len, ==, 2);
  g_assert_cmpstr (served_uids->pdata[1], !=, old_uid);
  g_assert_cmpstr (kube_port_forward_get_pod_name (forward), ==, next_pod);
  assert_echo (second, (const guint8 *) "after", 5);

  /* And the next one goes to the same pod. */
  third = connect_local (kube_port_forward_get_local_port (forward));
  g_free (next_pod);
  next_pod = receive_greeting (third);
  g_assert_cmpstr (kube_port_forward_get_pod_name (forward), ==, next_pod);
  g_assert_cmpstr (served_uids->pdata[2], ==, served_uids->pdata[1]);

  kube_port_forward_close (forward);
  assert_end_of_stream (second);
  assert_end_of_stream (third);
  g_assert_cmpuint (kube_port_forward_get_n_connections (forward), ==, 0);
  g_assert_finalize_object (g_steal_pointer (&forward));
}

static void
on_stream_error (KubePortForward *forward,
                 const GError    *error,
                 gpointer         user_data)
{
  GError **slot = user_data;

  g_clear_error (slot);
  *slot = g_error_copy (error);
}

static void
test_no_ready_pod (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(KubePortForward) forward = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  forward = start_forward (fixture, "app.kubernetes.io/instance=nothing-here", 9200);
  g_signal_connect (forward, "stream-error", G_CALLBACK (on_stream_error), &error);

  connection = connect_local (kube_port_forward_get_local_port (forward));
  assert_end_of_stream (connection);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nothing-here"));
  g_assert_null (kube_port_forward_get_pod_name (forward));
  g_assert_cmpuint (echoes->len, ==, 0);

  g_assert_finalize_object (g_steal_pointer (&forward));
}

static void
on_closed (KubePortForward *forward,
           gpointer         user_data)
{
  *(guint *) user_data += 1;
}

static void
test_idle_close (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(KubePortForward) forward = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pod = NULL;
  guint closed = 0;
  gint64 start;
  guint16 port;

  forward = kube_port_forward_new (fixture->client, "demo", SELECTOR, NULL, 9200);
  kube_port_forward_set_idle_timeout (forward, 400);
  g_signal_connect (forward, "closed", G_CALLBACK (on_closed), &closed);
  g_assert_true (kube_port_forward_start (forward, &error));
  g_assert_no_error (error);
  port = kube_port_forward_get_local_port (forward);

  /* In use for longer than the idle timeout: it stays open. */
  connection = connect_local (port);
  pod = receive_greeting (connection);
  sandbox_session_sleep (700);
  g_assert_cmpuint (closed, ==, 0);
  assert_echo (connection, (const guint8 *) "busy", 4);

  /* Unused: it closes after the timeout, not before. */
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  wait_connections (forward, 0);
  start = g_get_monotonic_time ();
  while (closed == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  g_assert_cmpuint (closed, ==, 1);
  g_assert_true (kube_port_forward_get_closed (forward));

  refused = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_null (refused);

  /* Closing again does nothing more. */
  kube_port_forward_close (forward);
  g_assert_cmpuint (closed, ==, 1);
  g_assert_finalize_object (g_steal_pointer (&forward));
}

/* The sandbox program, where nothing listens on port 5601 of any pod. */

static void
test_nothing_listening (void)
{
  g_autoptr(GError) stream_error = NULL;
  g_autoptr(KubePortForward) forward = NULL;
  g_autoptr(GSocketConnection) local = NULL;
  const char * const args[] = { "--ready-delay", "200", NULL };
  SandboxSession *session = sandbox_session_start ("test-kube-portforward", args);
  gboolean left = FALSE;
  Fixture fixture = { 0 };

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  fixture.client = session->kube;
  wait_pods_ready (&fixture);

  forward = start_forward (&fixture, SELECTOR, 5601);
  g_signal_connect (forward, "stream-error", G_CALLBACK (on_stream_error), &stream_error);
  g_signal_connect (forward, "notify::pod-name", G_CALLBACK (on_pod_name_changed), &left);

  local = connect_local (kube_port_forward_get_local_port (forward));
  send_text (local, "GET / HTTP/1.1\r\n\r\n", 18);
  assert_end_of_stream (local);

  /* The error channel's text, with the pod's own words. */
  g_assert_error (stream_error, KUBE_ERROR, KUBE_ERROR_NETWORK);
  g_assert_nonnull (strstr (stream_error->message, "elasticsearch-0"));
  g_assert_nonnull (strstr (stream_error->message, "5601"));
  g_assert_nonnull (strstr (stream_error->message, "connection refused"));
  wait_for (&left, "the forward to leave the pod that does not serve the port");
  g_assert_cmpuint (kube_port_forward_get_n_connections (forward), ==, 0);

  kube_port_forward_close (forward);
  g_assert_finalize_object (g_steal_pointer (&forward));
  /* Finalizes the client, its connection and configuration, and stops the sandbox. */
  sandbox_session_stop (session);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/kube/port-forward/echo", test_echo);
  ADD ("/kube/port-forward/concurrent", test_concurrent);
  ADD ("/kube/port-forward/pod-deleted", test_pod_deleted);
  ADD ("/kube/port-forward/no-ready-pod", test_no_ready_pod);
  ADD ("/kube/port-forward/idle-close", test_idle_close);
  g_test_add_func ("/kube/port-forward/nothing-listening", test_nothing_listening);

#undef ADD

  return g_test_run ();
}
