/* test-kube-client.c: the client's verbs, errors, TLS checks and credentials, against an
 * in-process HTTPS API server
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "kube-client.h"
#include "kube-error.h"
#include "kube-json.h"
#include "kube-test-server.h"

#define CM "/api/v1/configmaps"

typedef struct
{
  KubeTestServer *server;
  char           *dir;
  KubeConfig     *config;
  KubeConnection *connection;
  KubeClient     *client;
} Fixture;

static void
fixture_connect (Fixture    *fixture,
                 const char *ca_pem,
                 const char *cluster_extra,
                 const char *user_yaml)
{
  g_autoptr(GError) error = NULL;

  fixture->config = kube_test_write_config (fixture->dir,
                                            kube_test_server_get_url (fixture->server),
                                            ca_pem, cluster_extra, user_yaml);
  fixture->connection = kube_connection_new (fixture->config, NULL, &error);
  g_assert_no_error (error);
  fixture->client = kube_client_new (fixture->connection);
}

static void
fixture_setup_identity (Fixture               *fixture,
                        const KubeTestKeyPair *identity,
                        gboolean               client_cert)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("test-kube-client-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->server = kube_test_server_new (identity, client_cert);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture_setup_identity (fixture, &kube_test_pki_get ()->server, FALSE);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->client != NULL)
    g_assert_finalize_object (fixture->client);
  if (fixture->connection != NULL)
    g_assert_finalize_object (fixture->connection);
  if (fixture->config != NULL)
    g_assert_finalize_object (fixture->config);

  kube_test_server_free (fixture->server);

  /* Let the sockets and the TLS sessions wind down before the next test. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  kube_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static JsonNode *
do_get (Fixture    *fixture,
        const char *name,
        GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  kube_client_get_async (fixture->client, kube_resource_type_get (KUBE_RESOURCE_CONFIGMAPS),
                         "demo", name, NULL, kube_test_store_result, &result);
  return kube_client_get_finish (fixture->client, kube_test_wait_result (&result), error);
}

static JsonNode *
node_from (const char *json)
{
  JsonNode *node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return node;
}

static JsonNode *
do_create (Fixture    *fixture,
           const char *json,
           GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) object = node_from (json);

  kube_client_create_async (fixture->client, kube_resource_type_get (KUBE_RESOURCE_CONFIGMAPS),
                            "demo", object, NULL, kube_test_store_result, &result);
  return kube_client_object_finish (fixture->client, kube_test_wait_result (&result), error);
}

static const KubeTestRequest *
last_request (Fixture *fixture)
{
  GPtrArray *requests = kube_test_server_get_requests (fixture->server);

  g_assert_cmpuint (requests->len, >, 0);
  return g_ptr_array_index (requests, requests->len - 1);
}

/* Status decoding */

static void
test_status_decode (void)
{
  const char *invalid =
    "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
    "\"message\":\"ConfigMap \\\"X\\\" is invalid\",\"reason\":\"Invalid\","
    "\"details\":{\"name\":\"X\",\"kind\":\"configmaps\",\"causes\":["
    "{\"reason\":\"FieldValueInvalid\",\"message\":\"must be lower case\","
    "\"field\":\"metadata.name\"},{\"field\":7},\"junk\"],\"retryAfterSeconds\":\"x\"},"
    "\"code\":422}";
  g_autoptr(KubeStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) text = NULL;

  status = kube_status_parse (invalid, strlen (invalid));
  g_assert_nonnull (status);
  g_assert_cmpuint (status->code, ==, 422);
  g_assert_cmpstr (status->reason, ==, "Invalid");
  g_assert_cmpstr (status->details_name, ==, "X");
  g_assert_cmpuint (status->causes->len, ==, 2);
  g_assert_cmpint (status->retry_after_seconds, ==, 0);

  error = kube_error_new_from_status (status, 422, NULL);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "ConfigMap \"X\" is invalid"));
  g_assert_nonnull (strstr (error->message, "metadata.name: must be lower case"));

  /* The causes travel with the error, through copies too, for views that mark fields. */
  {
    g_autoptr(GError) copy = g_error_copy (error);
    const KubeStatus *carried = kube_error_get_status (copy);
    const KubeStatusCause *cause;

    g_assert_nonnull (carried);
    g_assert_cmpuint (carried->causes->len, ==, 2);
    cause = g_ptr_array_index (carried->causes, 0);
    g_assert_cmpstr (cause->field, ==, "metadata.name");
    g_assert_cmpstr (cause->reason, ==, "FieldValueInvalid");
    g_assert_cmpuint (kube_error_get_retry_after (copy), ==, 0);
  }
  g_clear_error (&error);

  /* Nesting that would exhaust json-glib's recursive parser is refused before parsing. */
  {
    g_autofree char *deep = g_strnfill (100000, '[');

    g_assert_null (kube_status_parse (deep, strlen (deep)));
  }

  /* Not a Status: type errors and other kinds are refused, not trusted. */
  g_assert_null (kube_status_parse ("{\"kind\":7}", 10));
  g_assert_null (kube_status_parse ("[1,2]", 5));
  g_assert_null (kube_status_parse ("{\"kind\":\"Status\"", 16));

  /* The reason wins over the HTTP code; the code decides when there is no reason. */
  g_assert_cmpint (kube_error_code_for (409, "AlreadyExists"), ==, KUBE_ERROR_ALREADY_EXISTS);
  g_assert_cmpint (kube_error_code_for (409, NULL), ==, KUBE_ERROR_CONFLICT);
  g_assert_cmpint (kube_error_code_for (410, "Expired"), ==, KUBE_ERROR_GONE);
  g_assert_cmpint (kube_error_code_for (503, NULL), ==, KUBE_ERROR_SERVER_ERROR);
  g_assert_cmpint (kube_error_code_for (504, NULL), ==, KUBE_ERROR_TIMEOUT);
  g_assert_cmpint (kube_error_code_for (429, NULL), ==, KUBE_ERROR_TOO_MANY_REQUESTS);
  g_assert_cmpint (kube_error_code_for (403, NULL), ==, KUBE_ERROR_FORBIDDEN);

  /* A proxy's plain-text answer is kept for the user. */
  text = g_bytes_new_static ("upstream connect error\n", 23);
  error = kube_error_new_from_response (502, "Bad Gateway", text);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_SERVER_ERROR);
  g_assert_nonnull (strstr (error->message, "upstream connect error"));
  g_clear_error (&error);

  error = kube_error_new_from_response (403, "Forbidden", NULL);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "403"));
}

/* Verbs */

static void
test_token_and_get (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rv = NULL;

  kube_test_server_set_token (fixture->server, "s3cret");
  rv = kube_test_server_put (fixture->server, CM,
                             "{\"metadata\":{\"name\":\"a\",\"namespace\":\"demo\"},"
                             "\"data\":{\"k\":\"v\"}}");
  fixture_connect (fixture, kube_test_pki_get ()->ca.cert_pem, NULL, "    token: s3cret\n");

  g_assert_cmpstr (kube_connection_get_namespace (fixture->connection), ==, "demo");
  g_assert_false (kube_connection_get_insecure (fixture->connection));

  node = do_get (fixture, "a", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kube_json_path_string (node, "data", "k", NULL), ==, "v");
  g_assert_cmpstr (kube_json_path_string (node, "metadata", "resourceVersion", NULL), ==, rv);
  g_assert_cmpstr (last_request (fixture)->authorization, ==, "Bearer s3cret");
  g_assert_cmpstr (last_request (fixture)->path, ==, "/api/v1/namespaces/demo/configmaps/a");
  g_clear_pointer (&node, json_node_unref);

  node = do_get (fixture, "missing", &error);
  g_assert_null (node);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "configmaps \"missing\" not found");
}

static void
test_wrong_token (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  kube_test_server_set_token (fixture->server, "right");
  fixture_connect (fixture, kube_test_pki_get ()->ca.cert_pem, NULL, "    token: wrong\n");

  node = do_get (fixture, "a", &error);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_UNAUTHORIZED);
  /* A static token cannot change: no second try. */
  g_assert_cmpuint (kube_test_server_get_requests (fixture->server)->len, ==, 1);
}

static void
test_create_replace_delete (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) replaced = NULL;
  g_autoptr(JsonNode) deleted = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const KubeResourceType *cms = kube_resource_type_get (KUBE_RESOURCE_CONFIGMAPS);
  KubeDeleteOptions options = KUBE_DELETE_OPTIONS_INIT;
  g_autofree char *old_rv = NULL;
  const char *uid;

  fixture_connect (fixture, kube_test_pki_get ()->ca.cert_pem, NULL, NULL);

  created = do_create (fixture, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
                                "\"metadata\":{\"name\":\"app\"},\"data\":{\"a\":\"1\"}}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (last_request (fixture)->method, ==, "POST");
  g_assert_cmpstr (last_request (fixture)->content_type, ==, "application/json");
  g_assert_cmpstr (kube_json_path_string (created, "metadata", "namespace", NULL), ==, "demo");
  old_rv = g_strdup (kube_json_path_string (created, "metadata", "resourceVersion", NULL));

  again = do_create (fixture, "{\"metadata\":{\"name\":\"app\"}}", &error);
  g_assert_null (again);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_ALREADY_EXISTS);
  g_assert_cmpstr (error->message, ==, "configmaps \"app\" already exists");
  g_clear_error (&error);

  again = do_create (fixture, "{\"metadata\":{\"name\":\"Bad_Name\"}}", &error);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "metadata.name"));
  g_clear_error (&error);

  /* Replace with the version read: accepted. */
  body = node_from ("{\"metadata\":{\"name\":\"app\"},\"data\":{\"a\":\"2\"}}");
  kube_client_replace_async (fixture->client, cms, "demo", "app", body, old_rv, NULL,
                             kube_test_store_result, &result);
  replaced = kube_client_object_finish (fixture->client, kube_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (last_request (fixture)->method, ==, "PUT");
  g_assert_nonnull (strstr (last_request (fixture)->body, old_rv));
  g_assert_cmpstr (kube_json_path_string (replaced, "data", "a", NULL), ==, "2");
  g_clear_object (&result);

  /* Replace again with the stale version: a conflict. */
  kube_client_replace_async (fixture->client, cms, "demo", "app", body, old_rv, NULL,
                             kube_test_store_result, &result);
  g_assert_null (kube_client_object_finish (fixture->client, kube_test_wait_result (&result),
                                            &error));
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "has been modified"));
  g_clear_error (&error);
  g_clear_object (&result);

  /* Delete with a wrong UID precondition: refused; with the right one: done. */
  options.precondition_uid = "not-the-uid";
  options.propagation_policy = "Background";
  kube_client_delete_async (fixture->client, cms, "demo", "app", &options, NULL,
                            kube_test_store_result,
                            &result);
  g_assert_null (kube_client_object_finish (fixture->client, kube_test_wait_result (&result),
                                            &error));
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "Precondition failed"));
  g_assert_nonnull (strstr (last_request (fixture)->body, "\"propagationPolicy\":\"Background\""));
  g_clear_error (&error);
  g_clear_object (&result);

  uid = kube_json_path_string (replaced, "metadata", "uid", NULL);
  options.precondition_uid = uid;
  options.precondition_resource_version =
    kube_json_path_string (replaced, "metadata", "resourceVersion", NULL);
  options.grace_period_seconds = 0;
  kube_client_delete_async (fixture->client, cms, "demo", "app", &options, NULL,
                            kube_test_store_result,
                            &result);
  deleted = kube_client_object_finish (fixture->client, kube_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (last_request (fixture)->method, ==, "DELETE");
  g_assert_nonnull (strstr (last_request (fixture)->body, "\"gracePeriodSeconds\":0"));
  g_assert_cmpuint (kube_test_server_count (fixture->server, CM), ==, 0);
}

static void
test_patch (Fixture       *fixture,
            gconstpointer  data)
{
  const KubeResourceType *cms = kube_resource_type_get (KUBE_RESOURCE_CONFIGMAPS);
  static const struct
  {
    KubePatchType type;
    const char   *body;
    const char   *content_type;
    const char   *key;
    const char   *value;
  } cases[] = {
    { KUBE_PATCH_MERGE, "{\"data\":{\"b\":\"merged\"}}", "application/merge-patch+json",
      "b", "merged" },
    { KUBE_PATCH_STRATEGIC_MERGE, "{\"data\":{\"c\":\"strategic\"}}",
      "application/strategic-merge-patch+json", "c", "strategic" },
    { KUBE_PATCH_JSON, "[{\"op\":\"replace\",\"path\":\"/data/a\",\"value\":\"json\"}]",
      "application/json-patch+json", "a", "json" },
  };

  g_free (kube_test_server_put (fixture->server, CM,
                                "{\"metadata\":{\"name\":\"p\",\"namespace\":\"demo\"},"
                                "\"data\":{\"a\":\"1\"}}"));
  fixture_connect (fixture, kube_test_pki_get ()->ca.cert_pem, NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(JsonNode) patch = node_from (cases[i].body);
      g_autoptr(JsonNode) patched = NULL;
      g_autoptr(GError) error = NULL;

      kube_client_patch_async (fixture->client, cms, "demo", "p", cases[i].type, patch, NULL,
                               kube_test_store_result, &result);
      patched = kube_client_object_finish (fixture->client, kube_test_wait_result (&result),
                                           &error);
      g_assert_no_error (error);
      g_assert_cmpstr (last_request (fixture)->method, ==, "PATCH");
      g_assert_cmpstr (last_request (fixture)->content_type, ==, cases[i].content_type);
      g_assert_cmpstr (kube_json_path_string (patched, "data", cases[i].key, NULL), ==,
                       cases[i].value);
    }

  /* A JSON patch that does not apply is the server's Invalid. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(JsonNode) patch = node_from ("[{\"op\":\"remove\",\"path\":\"/data/nope\"}]");
    g_autoptr(GError) error = NULL;

    kube_client_patch_async (fixture->client, cms, "demo", "p", KUBE_PATCH_JSON, patch, NULL,
                             kube_test_store_result, &result);
    g_assert_null (kube_client_object_finish (fixture->client, kube_test_wait_result (&result),
                                              &error));
    g_assert_error (error, KUBE_ERROR, KUBE_ERROR_INVALID);
  }
}

static void
test_list_paging (Fixture       *fixture,
                  gconstpointer  data)
{
  const KubeResourceType *cms = kube_resource_type_get (KUBE_RESOURCE_CONFIGMAPS);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(KubeList) page = NULL;
  g_autoptr(KubeList) all = NULL;
  g_autoptr(GError) error = NULL;
  KubeListOptions options = { .limit = 2, .label_selector = "app=x" };
  guint before;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"metadata\":{\"name\":\"cm-%u\","
                                               "\"namespace\":\"demo\",\"labels\":"
                                               "{\"app\":\"x\"}}}", i);

      g_free (kube_test_server_put (fixture->server, CM, json));
    }
  g_free (kube_test_server_put (fixture->server, CM,
                                "{\"metadata\":{\"name\":\"other\",\"namespace\":\"demo\"}}"));
  g_free (kube_test_server_put (fixture->server, CM,
                                "{\"metadata\":{\"name\":\"elsewhere\",\"namespace\":\"prod\","
                                "\"labels\":{\"app\":\"x\"}}}"));
  fixture_connect (fixture, kube_test_pki_get ()->ca.cert_pem, NULL, NULL);

  kube_client_list_async (fixture->client, cms, "demo", &options, NULL, kube_test_store_result,
                          &result);
  page = kube_client_list_finish (fixture->client, kube_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 2);
  g_assert_nonnull (page->continue_token);
  g_assert_nonnull (page->resource_version);
  g_assert_cmpstr (last_request (fixture)->path, ==,
                   "/api/v1/namespaces/demo/configmaps?labelSelector=app%3Dx&limit=2");
  g_clear_object (&result);

  before = kube_test_server_get_requests (fixture->server)->len;
  kube_client_list_all_async (fixture->client, cms, "demo", &options, NULL, kube_test_store_result,
                              &result);
  all = kube_client_list_finish (fixture->client, kube_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->items->len, ==, 5);
  g_assert_null (all->continue_token);
  g_assert_cmpuint (kube_test_server_get_requests (fixture->server)->len - before, ==, 3);
  g_assert_cmpstr (kube_json_path_string (g_ptr_array_index (all->items, 4), "metadata",
                                          "name", NULL), ==, "cm-4");
  g_clear_object (&result);
  g_clear_pointer (&all, kube_list_free);

  /* A continue token that expired between pages: the list is read again in one piece. */
  kube_test_server_expire (fixture->server);
  options.continue_token = page->continue_token;
  before = kube_test_server_get_requests (fixture->server)->len;
  kube_client_list_all_async (fixture->client, cms, "demo", &options, NULL,
                              kube_test_store_result, &result);
  all = kube_client_list_finish (fixture->client, kube_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->items->len, ==, 5);
  g_assert_cmpuint (kube_test_server_get_requests (fixture->server)->len - before, ==, 2);
  g_assert_cmpstr (last_request (fixture)->path, ==,
                   "/api/v1/namespaces/demo/configmaps?labelSelector=app%3Dx");
  g_clear_object (&result);
  g_clear_pointer (&all, kube_list_free);

  /* All namespaces. */
  kube_client_list_all_async (fixture->client, cms, NULL, NULL, NULL, kube_test_store_result,
                              &result);
  all = kube_client_list_finish (fixture->client, kube_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->items->len, ==, 7);
  g_assert_cmpstr (last_request (fixture)->path, ==, "/api/v1/configmaps?limit=500");
}

static void
test_large_body (Fixture       *fixture,
                 gconstpointer  data)
{
  const KubeResourceType *cms = kube_resource_type_get (KUBE_RESOURCE_CONFIGMAPS);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(KubeList) all = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *filler = g_strnfill (4000, 'x');

  /* About 200 KiB of list: parsed in a worker thread. */
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"metadata\":{\"name\":\"big-%02u\","
                                               "\"namespace\":\"demo\"},\"data\":{\"f\":\"%s\"}}",
                                               i, filler);

      g_free (kube_test_server_put (fixture->server, CM, json));
    }
  fixture_connect (fixture, kube_test_pki_get ()->ca.cert_pem, NULL, NULL);

  kube_client_list_all_async (fixture->client, cms, "demo", NULL, NULL, kube_test_store_result,
                              &result);
  all = kube_client_list_finish (fixture->client, kube_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->items->len, ==, 50);
  g_assert_cmpuint (strlen (kube_json_path_string (g_ptr_array_index (all->items, 7), "data",
                                                   "f", NULL)), ==, 4000);
  g_clear_object (&result);

  /* A response over the limit is refused. */
  kube_client_set_max_body_size (fixture->client, 1024 * 1024);
  kube_client_request_json_async (fixture->client, "GET", "/huge", NULL, NULL, NULL,
                                  kube_test_store_result, &result);
  node = kube_client_object_finish (fixture->client, kube_test_wait_result (&result), &error);
  g_assert_null (node);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "/huge"));
}

static void
test_retry_after (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  g_free (kube_test_server_put (fixture->server, CM,
                                "{\"metadata\":{\"name\":\"r\",\"namespace\":\"demo\"}}"));
  fixture_connect (fixture, kube_test_pki_get ()->ca.cert_pem, NULL, NULL);

  /* 429 with Retry-After: 1 is tried again after a second, and succeeds. */
  kube_test_server_fail_next (fixture->server, 429, "TooManyRequests", 1);
  start = g_get_monotonic_time ();
  node = do_get (fixture, "r", &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC * 9 / 10);
  g_assert_cmpuint (kube_test_server_get_requests (fixture->server)->len, ==, 2);
  g_clear_pointer (&node, json_node_unref);

  /* A server that keeps throttling: after three tries the error says how long it asked the
   * client to wait, for callers that retry on their own (watches). */
  for (guint i = 0; i < 4; i++)
    kube_test_server_fail_next (fixture->server, 429, "TooManyRequests", 1);
  node = do_get (fixture, "r", &error);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_TOO_MANY_REQUESTS);
  g_assert_cmpuint (kube_error_get_retry_after (error), ==, 1);
  g_assert_nonnull (kube_error_get_status (error));
  g_clear_error (&error);

  /* Without Retry-After, a 429 or 500 is the caller's to handle. */
  kube_test_server_fail_next (fixture->server, 429, "TooManyRequests", 0);
  node = do_get (fixture, "r", &error);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_TOO_MANY_REQUESTS);
  g_clear_error (&error);

  kube_test_server_fail_next (fixture->server, 500, "InternalError", 0);
  node = do_get (fixture, "r", &error);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_SERVER_ERROR);
  g_assert_cmpstr (error->message, ==, "injected failure 500");
  g_clear_error (&error);

  kube_test_server_fail_next (fixture->server, 403, "Forbidden", 0);
  node = do_get (fixture, "r", &error);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_FORBIDDEN);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fixture_connect (fixture, kube_test_pki_get ()->ca.cert_pem, NULL, NULL);
  kube_test_server_fail_next (fixture->server, 503, "ServiceUnavailable", 20);
  kube_client_get_async (fixture->client, kube_resource_type_get (KUBE_RESOURCE_CONFIGMAPS),
                         "demo", "x", cancellable, kube_test_store_result, &result);
  while (kube_test_server_get_requests (fixture->server)->len == 0)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  g_assert_null (kube_client_get_finish (fixture->client, kube_test_wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  fixture_connect (fixture, kube_test_pki_get ()->ca.cert_pem, NULL, NULL);
  kube_client_set_timeout (fixture->client, 1);

  start = g_get_monotonic_time ();
  kube_client_request_json_async (fixture->client, "GET", "/slow", NULL, NULL, NULL,
                                  kube_test_store_result, &result);
  g_assert_null (kube_client_object_finish (fixture->client, kube_test_wait_result (&result),
                                            &error));
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_TIMEOUT);
  g_assert_cmpstr (error->message, ==, "The server did not answer GET /slow within 1 s");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

/* SEARCHDECK_DEBUG=http prints the traffic; the credentials never appear in it. */
static void
test_debug_http_subprocess (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess ())
    return;

  g_setenv ("SEARCHDECK_DEBUG", "http", TRUE);
  kube_test_server_set_token (fixture->server, "top-secret-token");
  fixture_connect (fixture, kube_test_pki_get ()->ca.cert_pem, NULL,
                   "    token: top-secret-token\n");
  node = do_get (fixture, "missing", &error);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_NOT_FOUND);
}

static void
test_debug_http (void)
{
  g_test_trap_subprocess ("/kube/client/debug-http/subprocess", 0,
                          G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*GET /api/v1/namespaces/demo/configmaps/missing*");
  g_test_trap_assert_stderr ("*Authorization: [redacted]*");
  g_test_trap_assert_stderr_unmatched ("*top-secret-token*");
}

/* A CONNECT proxy on loopback that tunnels to whatever it is asked for, in a thread per
 * connection, and counts the tunnels it opened. */
static gint proxy_tunnels;

static gpointer
pump (gpointer user_data)
{
  GIOStream **pair = user_data;
  GInputStream *in = g_io_stream_get_input_stream (pair[0]);
  GOutputStream *out = g_io_stream_get_output_stream (pair[1]);
  char buffer[16384];
  gssize size;

  while ((size = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL)) > 0)
    {
      if (!g_output_stream_write_all (out, buffer, (gsize) size, NULL, NULL, NULL))
        break;
    }

  g_io_stream_close (pair[1], NULL, NULL);
  return NULL;
}

static gboolean
proxy_run (GThreadedSocketService *service,
           GSocketConnection      *connection,
           GObject                *source,
           gpointer                user_data)
{
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) upstream = NULL;
  g_autofree char *request = NULL;
  g_auto(GStrv) words = NULL;
  GIOStream *forward[2];
  GIOStream *backward[2];
  GThread *thread;
  const char *established = "HTTP/1.1 200 Connection established\r\n\r\n";

  lines = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  request = g_data_input_stream_read_line (lines, NULL, NULL, NULL);
  if (request == NULL)
    return TRUE;

  /* Skip the headers. */
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, NULL);

      if (line == NULL || line[0] == '\r' || line[0] == '\0')
        break;
    }

  words = g_strsplit (request, " ", 3);
  if (g_strv_length (words) < 2 || !g_str_equal (words[0], "CONNECT"))
    return TRUE;

  upstream = g_socket_client_connect_to_host (client, words[1], 443, NULL, NULL);
  if (upstream == NULL)
    return TRUE;

  g_atomic_int_inc (&proxy_tunnels);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             established, strlen (established), NULL, NULL, NULL);

  /* The line reader may hold bytes the client sent after the request: none are expected
   * before the proxy's answer, so the tunnel starts on the raw streams. */
  forward[0] = G_IO_STREAM (connection);
  forward[1] = G_IO_STREAM (upstream);
  backward[0] = G_IO_STREAM (upstream);
  backward[1] = G_IO_STREAM (connection);
  thread = g_thread_new ("proxy-pump", pump, forward);
  pump (backward);
  g_thread_join (thread);
  return TRUE;
}

static void
test_proxy (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GSocketService) proxy = g_threaded_socket_service_new (4);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *extra = NULL;

  g_socket_listener_add_address (G_SOCKET_LISTENER (proxy), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  g_signal_connect (proxy, "run", G_CALLBACK (proxy_run), NULL);
  g_socket_service_start (proxy);

  g_free (kube_test_server_put (fixture->server, CM,
                                "{\"metadata\":{\"name\":\"via-proxy\",\"namespace\":\"demo\"}}"));
  extra = g_strdup_printf ("    proxy-url: http://127.0.0.1:%u\n",
                           g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  fixture_connect (fixture, kube_test_pki_get ()->ca.cert_pem, extra, NULL);

  node = do_get (fixture, "via-proxy", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_atomic_int_get (&proxy_tunnels), ==, 1);

  g_socket_service_stop (proxy);
  g_socket_listener_close (G_SOCKET_LISTENER (proxy));
}

static void
test_network_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autofree char *dir = g_dir_make_tmp ("test-kube-client-XXXXXX", NULL);
  g_autofree char *url = NULL;
  KubeConfig *config;
  KubeConnection *connection;
  KubeClient *client;
  guint16 port;

  /* A port that was free a moment ago: nothing listens there. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  url = g_strdup_printf ("https://127.0.0.1:%u", port);

  config = kube_test_write_config (dir, url, kube_test_pki_get ()->ca.cert_pem, NULL, NULL);
  connection = kube_connection_new (config, NULL, &error);
  g_assert_no_error (error);
  client = kube_client_new (connection);

  kube_client_get_async (client, kube_resource_type_get (KUBE_RESOURCE_PODS), "demo", "x",
                         NULL, kube_test_store_result, &result);
  g_assert_null (kube_client_get_finish (client, kube_test_wait_result (&result), &error));
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, url));

  g_clear_object (&result);
  g_assert_finalize_object (client);
  g_assert_finalize_object (connection);
  g_assert_finalize_object (config);
  kube_test_remove_tree (dir);
}

static void
test_config_errors (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-kube-client-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  KubeConfig *config;
  KubeConnection *connection;

  config = kube_test_write_config (dir, "https://127.0.0.1:1", kube_test_pki_get ()->ca.cert_pem,
                                   NULL, NULL);
  connection = kube_connection_new (config, "nope", &error);
  g_assert_null (connection);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "nope"));
  g_clear_error (&error);
  g_assert_finalize_object (config);

  config = kube_test_write_config (dir, "ftp://127.0.0.1:1", NULL, NULL, NULL);
  g_assert_null (kube_connection_new (config, NULL, &error));
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_CONFIG);
  g_clear_error (&error);
  g_assert_finalize_object (config);

  config = kube_test_write_config (dir, "https://127.0.0.1:1", "not a certificate", NULL, NULL);
  g_assert_null (kube_connection_new (config, NULL, &error));
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "certificate-authority-data"));
  g_clear_error (&error);
  g_assert_finalize_object (config);

  kube_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  kube_test_pki_get ();

  g_test_add_func ("/kube/status/decode", test_status_decode);
  g_test_add_func ("/kube/client/network-error", test_network_error);
  g_test_add_func ("/kube/client/config-errors", test_config_errors);
#define ADD(path, func) \
  g_test_add ("/kube/client/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("token-and-get", test_token_and_get);
  ADD ("wrong-token", test_wrong_token);
  ADD ("create-replace-delete", test_create_replace_delete);
  ADD ("patch", test_patch);
  ADD ("list-paging", test_list_paging);
  ADD ("large-body", test_large_body);
  ADD ("retry-after", test_retry_after);
  ADD ("cancel", test_cancel);
  ADD ("timeout", test_timeout);
  ADD ("proxy", test_proxy);
  ADD ("debug-http/subprocess", test_debug_http_subprocess);
  g_test_add_func ("/kube/client/debug-http", test_debug_http);
#undef ADD

  return g_test_run ();
}
