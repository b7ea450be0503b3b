/* test-kube-watch.c: the watch stream decoder, and list-then-watch against an in-process
 * API server: events, bookmarks, resuming, relisting on 410 Gone, reconnecting after errors
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "kube-client.h"
#include "kube-json.h"
#include "kube-test-server.h"
#include "kube-watch.h"

#define CM "/api/v1/configmaps"

static void
test_decoder (void)
{
  g_autoptr(KubeWatchDecoder) decoder = kube_watch_decoder_new (0);
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) object = NULL;
  g_autoptr(KubeStatus) status = NULL;
  const char *stream =
    "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a}\\\"{\"}}}\n"
    "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"code\":410,\"reason\":\"Expired\"}}"
    "  {\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"9\"}}}\r\n";
  KubeWatchEventType type;
  const char *data;
  gsize length;

  /* Byte by byte: objects split anywhere, braces inside strings ignored. */
  for (gsize i = 0; stream[i] != '\0'; i++)
    {
      g_assert_true (kube_watch_decoder_feed (decoder, stream + i, 1, frames, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (frames->len, ==, 3);

  data = g_bytes_get_data (frames->pdata[0], &length);
  g_assert_true (kube_watch_event_parse (data, length, &type, &object, &status, &error));
  g_assert_cmpint (type, ==, KUBE_WATCH_EVENT_ADDED);
  g_assert_cmpstr (kube_json_path_string (object, "metadata", "name", NULL), ==, "a}\"{");
  g_assert_null (status);
  g_clear_pointer (&object, json_node_unref);

  data = g_bytes_get_data (frames->pdata[1], &length);
  g_assert_true (kube_watch_event_parse (data, length, &type, &object, &status, &error));
  g_assert_cmpint (type, ==, KUBE_WATCH_EVENT_ERROR);
  g_assert_nonnull (status);
  g_assert_cmpuint (status->code, ==, 410);
  g_clear_pointer (&object, json_node_unref);

  /* All at once gives the same. */
  g_ptr_array_set_size (frames, 0);
  g_assert_true (kube_watch_decoder_feed (decoder, stream, strlen (stream), frames, &error));
  g_assert_cmpuint (frames->len, ==, 3);

  /* Garbage between events, and events with no type, are errors. */
  g_assert_false (kube_watch_decoder_feed (decoder, "x{}", 3, frames, &error));
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_false (kube_watch_event_parse ("{\"object\":{}}", 13, &type, &object, NULL, &error));
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_false (kube_watch_event_parse ("{\"type\":\"NOPE\",\"object\":{}}", 27, &type,
                                          &object, NULL, &error));
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* Brackets that do not match, and nesting deep enough to exhaust a recursive parser. */
  g_assert_false (kube_watch_decoder_feed (decoder, "{\"a\":]}", 7, frames, &error));
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_PROTOCOL);
  g_clear_error (&error);
  {
    g_autofree char *deep = g_strnfill (300, '[');

    deep[0] = '{';
    g_assert_false (kube_watch_decoder_feed (decoder, deep, 300, frames, &error));
    g_assert_error (error, KUBE_ERROR, KUBE_ERROR_PROTOCOL);
    g_clear_error (&error);
  }
  g_ptr_array_set_size (frames, 0);
  g_assert_true (kube_watch_decoder_feed (decoder, stream, strlen (stream), frames, &error));
  g_assert_cmpuint (frames->len, ==, 3);

  /* An event over the limit is refused. */
  {
    g_autoptr(KubeWatchDecoder) small = kube_watch_decoder_new (16);

    g_assert_false (kube_watch_decoder_feed (small, "{\"type\":\"ADDED\",\"", 17, frames,
                                              &error));
    g_assert_error (error, KUBE_ERROR, KUBE_ERROR_TOO_LARGE);
  }
}

typedef struct
{
  KubeTestServer *server;
  char           *dir;
  KubeConfig     *config;
  KubeConnection *connection;
  KubeClient     *client;
  KubeWatch      *watch;
  guint           synced;
  guint           last_synced_len;
  GPtrArray      *events;     /* "ADDED name" */
  GPtrArray      *errors;     /* GError */
  gint64          last_error_time;
} Fixture;

static void
on_synced (KubeWatch *watch,
           KubeList  *list,
           Fixture   *fixture)
{
  fixture->synced++;
  fixture->last_synced_len = list->items->len;
}

static void
on_event (KubeWatch *watch,
          int        type,
          JsonNode  *object,
          Fixture   *fixture)
{
  static const char *names[] = { "ADDED", "MODIFIED", "DELETED" };

  g_assert_cmpint (type, <, 3);
  g_ptr_array_add (fixture->events,
                   g_strdup_printf ("%s %s", names[type],
                                    kube_json_path_string (object, "metadata", "name", NULL)));
}

static void
on_error (KubeWatch    *watch,
          const GError *error,
          Fixture      *fixture)
{
  g_ptr_array_add (fixture->errors, g_error_copy (error));
  fixture->last_error_time = g_get_monotonic_time ();
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("test-kube-watch-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->server = kube_test_server_new (&kube_test_pki_get ()->server, FALSE);
  fixture->config = kube_test_write_config (fixture->dir,
                                            kube_test_server_get_url (fixture->server),
                                            kube_test_pki_get ()->ca.cert_pem, NULL, NULL);
  fixture->connection = kube_connection_new (fixture->config, NULL, &error);
  g_assert_no_error (error);
  fixture->client = kube_client_new (fixture->connection);
  fixture->events = g_ptr_array_new_with_free_func (g_free);
  fixture->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "kubeconfig", NULL);

  if (fixture->watch != NULL)
    g_assert_finalize_object (fixture->watch);
  kube_test_settle (G_OBJECT (fixture->client));
  g_assert_finalize_object (fixture->client);
  g_assert_finalize_object (fixture->connection);
  g_assert_finalize_object (fixture->config);
  kube_test_server_free (fixture->server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_ptr_array_unref (fixture->events);
  g_ptr_array_unref (fixture->errors);
  g_unlink (path);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static const char *
last_event (Fixture *fixture)
{
  return fixture->events->len ? g_ptr_array_index (fixture->events, fixture->events->len - 1)
                              : NULL;
}

static gboolean
has_watch_request_from (Fixture    *fixture,
                        const char *rv)
{
  GPtrArray *requests = kube_test_server_get_requests (fixture->server);
  g_autofree char *needle = g_strdup_printf ("resourceVersion=%s&", rv);

  for (guint i = 0; i < requests->len; i++)
    {
      const KubeTestRequest *request = g_ptr_array_index (requests, i);

      if (strstr (request->path, "watch=true") && strstr (request->path, needle))
        return TRUE;
    }

  return FALSE;
}

static void
test_watch (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *rv = NULL;

  g_free (kube_test_server_put (fixture->server, CM,
                                "{\"metadata\":{\"name\":\"one\",\"namespace\":\"demo\"}}"));
  g_free (kube_test_server_put (fixture->server, CM,
                                "{\"metadata\":{\"name\":\"elsewhere\",\"namespace\":\"prod\"}}"));

  fixture->watch = kube_watch_new (fixture->client,
                                   kube_resource_type_get (KUBE_RESOURCE_CONFIGMAPS), "demo",
                                   NULL, NULL);
  kube_watch_set_backoff (fixture->watch, 10, 100, 1);
  g_signal_connect (fixture->watch, "synced", G_CALLBACK (on_synced), fixture);
  g_signal_connect (fixture->watch, "event", G_CALLBACK (on_event), fixture);
  g_signal_connect (fixture->watch, "error", G_CALLBACK (on_error), fixture);
  kube_watch_start (fixture->watch);
  g_assert_true (kube_watch_get_running (fixture->watch));

  KUBE_TEST_WAIT_FOR (fixture->synced == 1
                      && kube_test_server_count_watches (fixture->server) == 1);
  g_assert_cmpuint (fixture->last_synced_len, ==, 1);

  /* Live events, in order, from this namespace only. */
  g_free (kube_test_server_put (fixture->server, CM,
                                "{\"metadata\":{\"name\":\"two\",\"namespace\":\"demo\"}}"));
  g_free (kube_test_server_put (fixture->server, CM,
                                "{\"metadata\":{\"name\":\"three\",\"namespace\":\"prod\"}}"));
  g_free (kube_test_server_put (fixture->server, CM,
                                "{\"metadata\":{\"name\":\"one\",\"namespace\":\"demo\"},"
                                "\"data\":{\"x\":\"y\"}}"));
  kube_test_server_remove (fixture->server, CM, "demo", "two");
  KUBE_TEST_WAIT_FOR (fixture->events->len == 3);
  g_assert_cmpstr (g_ptr_array_index (fixture->events, 0), ==, "ADDED two");
  g_assert_cmpstr (g_ptr_array_index (fixture->events, 1), ==, "MODIFIED one");
  g_assert_cmpstr (g_ptr_array_index (fixture->events, 2), ==, "DELETED two");

  /* A bookmark moves the version on without an event. */
  g_free (kube_test_server_put (fixture->server, CM,
                                "{\"metadata\":{\"name\":\"four\",\"namespace\":\"prod\"}}"));
  rv = g_strdup (kube_watch_get_resource_version (fixture->watch));
  kube_test_server_bookmark (fixture->server);
  KUBE_TEST_WAIT_FOR (g_strcmp0 (kube_watch_get_resource_version (fixture->watch), rv) != 0);
  g_assert_cmpuint (fixture->events->len, ==, 3);
  g_clear_pointer (&rv, g_free);

  /* The server closes the stream: the watch resumes from where it was, with no relist and
   * no missed event. */
  rv = g_strdup (kube_watch_get_resource_version (fixture->watch));
  kube_test_server_drop_watches (fixture->server);
  g_free (kube_test_server_put (fixture->server, CM,
                                "{\"metadata\":{\"name\":\"five\",\"namespace\":\"demo\"}}"));
  KUBE_TEST_WAIT_FOR (fixture->events->len == 4);
  g_assert_cmpstr (last_event (fixture), ==, "ADDED five");
  g_assert_true (has_watch_request_from (fixture, rv));
  g_assert_cmpuint (fixture->synced, ==, 1);
  g_assert_cmpuint (fixture->errors->len, ==, 0);

  /* The version expires: 410 Gone, and the watch lists again. */
  KUBE_TEST_WAIT_FOR (kube_test_server_count_watches (fixture->server) == 1);
  g_free (kube_test_server_put (fixture->server, CM,
                                "{\"metadata\":{\"name\":\"six\",\"namespace\":\"demo\"}}"));
  KUBE_TEST_WAIT_FOR (fixture->events->len == 5);
  g_free (kube_test_server_put (fixture->server, CM,
                                "{\"metadata\":{\"name\":\"seven\",\"namespace\":\"demo\"}}"));
  KUBE_TEST_WAIT_FOR (fixture->events->len == 6);
  kube_test_server_expire (fixture->server);
  kube_test_server_drop_watches (fixture->server);
  KUBE_TEST_WAIT_FOR (fixture->synced == 2);
  g_assert_cmpuint (fixture->last_synced_len, ==, 4);
  g_assert_cmpuint (fixture->errors->len, ==, 0);

  /* A server error on reconnecting is reported and retried after a backoff. */
  KUBE_TEST_WAIT_FOR (kube_test_server_count_watches (fixture->server) == 1);
  kube_test_server_fail_next (fixture->server, 500, "InternalError", 0);
  kube_test_server_drop_watches (fixture->server);
  KUBE_TEST_WAIT_FOR (fixture->errors->len == 1
                      && kube_test_server_count_watches (fixture->server) == 1);
  g_assert_error ((GError *) g_ptr_array_index (fixture->errors, 0), KUBE_ERROR,
                  KUBE_ERROR_SERVER_ERROR);
  g_assert_true (kube_watch_get_running (fixture->watch));

  /* A refusal that retrying cannot fix stops the watch. */
  kube_test_server_fail_next (fixture->server, 403, "Forbidden", 0);
  kube_test_server_drop_watches (fixture->server);
  KUBE_TEST_WAIT_FOR (fixture->errors->len == 2);
  g_assert_error ((GError *) g_ptr_array_index (fixture->errors, 1), KUBE_ERROR,
                  KUBE_ERROR_FORBIDDEN);
  g_assert_false (kube_watch_get_running (fixture->watch));
}

static void
test_retry_after (Fixture       *fixture,
                  gconstpointer  data)
{
  gint64 waited;

  fixture->watch = kube_watch_new (fixture->client,
                                   kube_resource_type_get (KUBE_RESOURCE_CONFIGMAPS), "demo",
                                   NULL, NULL);
  kube_watch_set_backoff (fixture->watch, 10, 100, 3);
  g_signal_connect (fixture->watch, "synced", G_CALLBACK (on_synced), fixture);
  g_signal_connect (fixture->watch, "error", G_CALLBACK (on_error), fixture);
  kube_watch_start (fixture->watch);
  KUBE_TEST_WAIT_FOR (kube_test_server_count_watches (fixture->server) == 1);

  /* Throttled on reconnecting, more times than the client retries on its own: the watch
   * then waits the second the server asked for, not its 100 ms backoff. */
  for (guint i = 0; i < 4; i++)
    kube_test_server_fail_next (fixture->server, 429, "TooManyRequests", 1);
  kube_test_server_drop_watches (fixture->server);
  KUBE_TEST_WAIT_FOR (fixture->errors->len == 1);
  g_assert_error ((GError *) g_ptr_array_index (fixture->errors, 0), KUBE_ERROR,
                  KUBE_ERROR_TOO_MANY_REQUESTS);
  KUBE_TEST_WAIT_FOR (kube_test_server_count_watches (fixture->server) == 1);
  waited = g_get_monotonic_time () - fixture->last_error_time;
  g_assert_cmpint (waited, >=, G_USEC_PER_SEC * 9 / 10);
  g_assert_cmpuint (fixture->synced, ==, 1);
}

static void
test_stop_while_open (Fixture       *fixture,
                      gconstpointer  data)
{
  fixture->watch = kube_watch_new (fixture->client,
                                   kube_resource_type_get (KUBE_RESOURCE_CONFIGMAPS), NULL,
                                   "app=x", NULL);
  g_signal_connect (fixture->watch, "synced", G_CALLBACK (on_synced), fixture);
  g_signal_connect (fixture->watch, "event", G_CALLBACK (on_event), fixture);
  kube_watch_start (fixture->watch);
  KUBE_TEST_WAIT_FOR (kube_test_server_count_watches (fixture->server) == 1);

  g_free (kube_test_server_put (fixture->server, CM,
                                "{\"metadata\":{\"name\":\"l\",\"namespace\":\"a\","
                                "\"labels\":{\"app\":\"x\"}}}"));
  g_free (kube_test_server_put (fixture->server, CM,
                                "{\"metadata\":{\"name\":\"m\",\"namespace\":\"b\"}}"));
  KUBE_TEST_WAIT_FOR (fixture->events->len == 1);
  g_assert_cmpstr (last_event (fixture), ==, "ADDED l");

  /* Dropping the watch with its stream open closes the connection: the server notices the
   * next time it writes to it. */
  g_assert_finalize_object (g_steal_pointer (&fixture->watch));
  for (guint i = 0; kube_test_server_count_watches (fixture->server) > 0; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"metadata\":{\"name\":\"n%u\","
                                               "\"namespace\":\"a\",\"labels\":"
                                               "{\"app\":\"x\"}}}", i);

      g_assert_cmpuint (i, <, 200);
      g_free (kube_test_server_put (fixture->server, CM, json));
      g_usleep (10000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_assert_cmpuint (fixture->events->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  kube_test_pki_get ();

  g_test_add_func ("/kube/watch/decoder", test_decoder);
  g_test_add ("/kube/watch/events", Fixture, NULL, fixture_setup, test_watch,
              fixture_teardown);
  g_test_add ("/kube/watch/retry-after", Fixture, NULL, fixture_setup, test_retry_after,
              fixture_teardown);
  g_test_add ("/kube/watch/stop-while-open", Fixture, NULL, fixture_setup,
              test_stop_while_open, fixture_teardown);

  return g_test_run ();
}
