/* test-kube-sandbox.c: the client against searchdeck-sandbox over real HTTPS: every verb,
 * every kind of credential, the TLS failures, watches, and the store's convergence with the
 * sandbox's fault switches on, in 50 seeded runs
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sandbox is started once per run of this program through $SANDBOX_PATH, as a
 * GSubprocess that exits when its standard input closes.
 */

#include <glib/gstdio.h>
#include <string.h>

#include "kube-client.h"
#include "kube-error.h"
#include "kube-json.h"
#include "kube-store.h"
#include "kube-test-server.h"

#define CONVERGENCE_RUNS 50

typedef struct
{
  GSubprocess *process;
  char        *dir;
  char        *url;
  char        *kubeconfig;
  char        *token;
  char        *ca_pem;
} Sandbox;

static Sandbox sandbox;
static guint scratch_counter;

static void
line_read (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  char **line = user_data;
  g_autoptr(GError) error = NULL;

  *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result,
                                                     NULL, &error);
  g_assert_no_error (error);
  if (*line == NULL)
    *line = g_strdup ("");
}

static gboolean
sandbox_start (void)
{
  const char *path = g_getenv ("SANDBOX_PATH");
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KubeConfig) config = NULL;
  g_autofree char *line = NULL;
  g_autofree char *ca_path = NULL;
  g_auto(GStrv) words = NULL;
  const char *paths[2] = { NULL, NULL };
  KubeContext *context;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;

  sandbox.dir = g_dir_make_tmp ("test-kube-sandbox-XXXXXX", &error);
  g_assert_no_error (error);
  sandbox.process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                      | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                      path, "--state-dir", sandbox.dir, "--seed", "demo",
                                      "--ready-delay", "100", "--client-cert-user", "alice",
                                      "--exit-on-stdin-eof", NULL);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sandbox.process));
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, line_read, &line);
  KUBE_TEST_WAIT_FOR (line != NULL);

  words = g_strsplit (line, " ", 3);
  g_assert_cmpstr (words[0], ==, "READY");
  g_assert_nonnull (words[1]);
  g_assert_nonnull (words[2]);
  sandbox.url = g_strdup (words[1]);
  sandbox.kubeconfig = g_strdup (words[2]);

  paths[0] = sandbox.kubeconfig;
  config = kube_config_load (paths, &error);
  g_assert_no_error (error);
  context = kube_config_lookup_context (config, kube_config_get_current_context (config));
  g_assert_nonnull (context);
  sandbox.token = g_strdup (kube_config_lookup_user (config, context->user)->token);
  g_assert_nonnull (sandbox.token);

  ca_path = g_build_filename (sandbox.dir, "ca.crt", NULL);
  g_file_get_contents (ca_path, &sandbox.ca_pem, NULL, &error);
  g_assert_no_error (error);
  return TRUE;
}

static void
sandbox_stop (void)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_close (g_subprocess_get_stdin_pipe (sandbox.process), NULL, NULL);
  g_subprocess_wait (sandbox.process, NULL, &error);
  g_assert_no_error (error);

  /* GSubprocess drops its own reference from GLib's worker thread once it has
   * seen the exit, which may come a moment after g_subprocess_wait() returns. */
  {
    gpointer process = sandbox.process;
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    g_object_add_weak_pointer (G_OBJECT (process), &process);
    g_object_unref (sandbox.process);
    while (g_atomic_pointer_get (&process) != NULL && g_get_monotonic_time () < deadline)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
    g_assert_null (g_atomic_pointer_get (&process));
  }
  kube_test_remove_tree (sandbox.dir);
  g_free (sandbox.dir);
  g_free (sandbox.url);
  g_free (sandbox.kubeconfig);
  g_free (sandbox.token);
  g_free (sandbox.ca_pem);
}

/* A connection and client for a kubeconfig of our own making; everything is released by
 * session_free(), which checks finalization. */
typedef struct
{
  char           *dir;
  KubeConfig     *config;
  KubeConnection *connection;
  KubeClient     *client;
} Session;

static Session *
session_new_full (const char *ca_pem,
                  const char *cluster_extra,
                  const char *user_yaml,
                  GError    **error)
{
  Session *session = g_new0 (Session, 1);

  session->dir = g_build_filename (sandbox.dir, "sessions", NULL);
  g_mkdir_with_parents (session->dir, 0700);
  g_free (session->dir);
  session->dir = g_strdup_printf ("%s/sessions/%u", sandbox.dir, ++scratch_counter);
  g_mkdir_with_parents (session->dir, 0700);
  session->config = kube_test_write_config (session->dir, sandbox.url, ca_pem, cluster_extra,
                                            user_yaml);
  session->connection = kube_connection_new (session->config, NULL, error);
  if (session->connection != NULL)
    session->client = kube_client_new (session->connection);
  return session;
}

static Session *
session_new (const char *user_yaml)
{
  g_autoptr(GError) error = NULL;
  Session *session = session_new_full (sandbox.ca_pem, NULL, user_yaml, &error);

  g_assert_no_error (error);
  return session;
}

static Session *
session_new_token (void)
{
  g_autofree char *yaml = g_strdup_printf ("    token: %s\n", sandbox.token);

  return session_new (yaml);
}

static void
session_free (Session *session)
{
  if (session->client != NULL)
    {
      kube_test_settle (G_OBJECT (session->client));
      g_assert_finalize_object (session->client);
    }
  if (session->connection != NULL)
    g_assert_finalize_object (session->connection);
  g_assert_finalize_object (session->config);
  kube_test_remove_tree (session->dir);
  g_free (session->dir);
  g_free (session);
}

static JsonNode *
request_json (Session    *session,
              const char *method,
              const char *path,
              const char *body,
              GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) node = body ? json_from_string (body, NULL) : NULL;

  kube_client_request_json_async (session->client, method, path, NULL, node, NULL,
                                  kube_test_store_result, &result);
  return kube_client_object_finish (session->client, kube_test_wait_result (&result), error);
}

static GError *
version_error (Session *session)
{
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;

  node = request_json (session, "GET", "/version", NULL, &error);
  g_assert_true ((node == NULL) != (error == NULL));
  if (node != NULL)
    g_assert_cmpstr (kube_json_path_string (node, "major", NULL), ==, "1");

  return error;
}

static JsonNode *
node_from (const char *json)
{
  JsonNode *node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return node;
}

static void
ensure_namespace (Session    *session,
                  const char *name)
{
  g_autofree char *body = g_strdup_printf ("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
                                           "\"metadata\":{\"name\":\"%s\"}}", name);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  node = request_json (session, "POST", "/api/v1/namespaces", body, &error);
  if (error != NULL)
    g_assert_error (error, KUBE_ERROR, KUBE_ERROR_ALREADY_EXISTS);
}

/* Verbs */

static void
test_verbs (void)
{
  Session *session = session_new_token ();
  const KubeResourceType *cms = kube_resource_type_get (KUBE_RESOURCE_CONFIGMAPS);
  const KubeResourceType *pods = kube_resource_type_get (KUBE_RESOURCE_PODS);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(KubeList) list = NULL;
  g_autoptr(KubeList) paged = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) got = NULL;
  g_autoptr(JsonNode) replaced = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rv = NULL;
  KubeListOptions one_per_page = { .limit = 1 };
  KubeDeleteOptions options = KUBE_DELETE_OPTIONS_INIT;

  ensure_namespace (session, "verbs");
  ensure_namespace (session, "paging");
  g_clear_pointer (&got, json_node_unref);
  got = request_json (session, "POST", "/sandbox/seed-pods?namespace=paging&count=7", NULL,
                      &error);
  g_assert_no_error (error);
  g_clear_pointer (&got, json_node_unref);

  /* List, whole and one item per page: the same pods. */
  kube_client_list_all_async (session->client, pods, "paging", NULL, NULL, kube_test_store_result,
                              &result);
  list = kube_client_list_finish (session->client, kube_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->items->len, ==, 7);
  g_assert_nonnull (list->resource_version);
  g_clear_object (&result);

  kube_client_list_all_async (session->client, pods, "paging", &one_per_page, NULL,
                              kube_test_store_result, &result);
  paged = kube_client_list_finish (session->client, kube_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (paged->items->len, ==, list->items->len);
  g_clear_object (&result);

  /* Create, and create again. */
  body = node_from ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":"
                    "{\"name\":\"client-test\"},\"data\":{\"a\":\"1\"}}");
  kube_client_create_async (session->client, cms, "verbs", body, NULL, kube_test_store_result,
                            &result);
  created = kube_client_object_finish (session->client, kube_test_wait_result (&result), &error);
  g_assert_no_error (error);
  rv = g_strdup (kube_json_path_string (created, "metadata", "resourceVersion", NULL));
  g_assert_nonnull (rv);
  g_clear_object (&result);

  kube_client_create_async (session->client, cms, "verbs", body, NULL, kube_test_store_result,
                            &result);
  g_assert_null (kube_client_object_finish (session->client, kube_test_wait_result (&result),
                                            &error));
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_ALREADY_EXISTS);
  g_assert_nonnull (strstr (error->message, "client-test"));
  g_clear_error (&error);
  g_clear_object (&result);

  /* Get. */
  kube_client_get_async (session->client, cms, "verbs", "client-test", NULL, kube_test_store_result,
                         &result);
  got = kube_client_get_finish (session->client, kube_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kube_json_path_string (got, "data", "a", NULL), ==, "1");
  g_clear_object (&result);

  /* Replace with the version read; then with the stale one. */
  g_clear_pointer (&body, json_node_unref);
  body = node_from ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":"
                    "{\"name\":\"client-test\"},\"data\":{\"a\":\"2\"}}");
  kube_client_replace_async (session->client, cms, "verbs", "client-test", body, rv, NULL,
                             kube_test_store_result, &result);
  replaced = kube_client_object_finish (session->client, kube_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kube_json_path_string (replaced, "data", "a", NULL), ==, "2");
  g_clear_object (&result);

  kube_client_replace_async (session->client, cms, "verbs", "client-test", body, rv, NULL,
                             kube_test_store_result, &result);
  g_assert_null (kube_client_object_finish (session->client, kube_test_wait_result (&result),
                                            &error));
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_clear_object (&result);

  /* The three kinds of patch. */
  {
    static const struct
    {
      KubePatchType type;
      const char   *body;
      const char   *key;
      const char   *value;
    } patches[] = {
      { KUBE_PATCH_MERGE, "{\"data\":{\"b\":\"merge\"}}", "b", "merge" },
      { KUBE_PATCH_STRATEGIC_MERGE, "{\"data\":{\"c\":\"strategic\"}}", "c", "strategic" },
      { KUBE_PATCH_JSON, "[{\"op\":\"replace\",\"path\":\"/data/a\",\"value\":\"json\"}]",
        "a", "json" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (patches); i++)
      {
        g_autoptr(JsonNode) patch = node_from (patches[i].body);
        g_autoptr(JsonNode) patched = NULL;

        kube_client_patch_async (session->client, cms, "verbs", "client-test", patches[i].type,
                                 patch, NULL, kube_test_store_result, &result);
        patched = kube_client_object_finish (session->client, kube_test_wait_result (&result),
                                             &error);
        g_assert_no_error (error);
        g_assert_cmpstr (kube_json_path_string (patched, "data", patches[i].key, NULL), ==,
                         patches[i].value);
        g_clear_object (&result);
      }
  }

  /* Invalid: the server's field causes reach the message. */
  {
    g_autoptr(JsonNode) bad = node_from ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
                                         "\"metadata\":{\"labels\":{\"a\":\"b\"}}}");

    kube_client_create_async (session->client, cms, "verbs", bad, NULL, kube_test_store_result,
                              &result);
    g_assert_null (kube_client_object_finish (session->client, kube_test_wait_result (&result),
                                              &error));
    g_assert_error (error, KUBE_ERROR, KUBE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "metadata.name"));
    g_clear_error (&error);
    g_clear_object (&result);
  }

  /* Delete with a precondition that does not hold, then with one that does. */
  options.precondition_uid = "00000000-0000-0000-0000-000000000000";
  kube_client_delete_async (session->client, cms, "verbs", "client-test", &options, NULL,
                            kube_test_store_result, &result);
  g_assert_null (kube_client_object_finish (session->client, kube_test_wait_result (&result),
                                            &error));
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_clear_object (&result);

  options.precondition_uid = kube_json_path_string (created, "metadata", "uid", NULL);
  options.propagation_policy = "Background";
  kube_client_delete_async (session->client, cms, "verbs", "client-test", &options, NULL,
                            kube_test_store_result, &result);
  g_clear_pointer (&got, json_node_unref);
  got = kube_client_object_finish (session->client, kube_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  kube_client_get_async (session->client, cms, "verbs", "client-test", NULL, kube_test_store_result,
                         &result);
  g_assert_null (kube_client_get_finish (session->client, kube_test_wait_result (&result), &error));
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "client-test"));
  g_clear_object (&result);

  session_free (session);
}

/* Credentials */

static void
test_auth_wrong_token (void)
{
  Session *session = session_new ("    token: not-the-token\n");
  g_autoptr(GError) error = version_error (session);

  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_UNAUTHORIZED);
  session_free (session);
}

static void
test_auth_client_certificate (void)
{
  g_autofree char *yaml = NULL;
  g_autoptr(GError) error = NULL;
  Session *session;

  yaml = g_strdup_printf ("    client-certificate: %s/client.crt\n"
                          "    client-key: %s/client.key\n", sandbox.dir, sandbox.dir);
  session = session_new (yaml);
  error = version_error (session);
  g_assert_no_error (error);
  session_free (session);
}

static void
test_auth_token_file (void)
{
  g_autofree char *path = g_build_filename (sandbox.dir, "rotating-token", NULL);
  g_autofree char *next = g_strconcat (path, ".next", NULL);
  g_autofree char *yaml = g_strdup_printf ("    tokenFile: %s\n", path);
  g_autoptr(GError) error = NULL;
  Session *session;

  g_file_set_contents (path, "stale-token\n", -1, &error);
  g_assert_no_error (error);
  session = session_new (yaml);

  error = version_error (session);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  /* Rotated by rename, as kubelet does: the next request carries the new token. */
  g_file_set_contents (next, sandbox.token, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_rename (next, path), ==, 0);
  error = version_error (session);
  g_assert_no_error (error);

  session_free (session);
  g_unlink (path);
}

static void
exec_plugin (const char *api_version,
             const char *extra)
{
  g_autofree char *script = NULL;
  g_autofree char *script_path = NULL;
  g_autofree char *yaml = NULL;
  g_autoptr(GError) error = NULL;
  Session *session;

  script_path = g_strdup_printf ("%s/plugin-%u.sh", sandbox.dir, ++scratch_counter);
  script = g_strdup_printf ("#!/bin/sh\n"
                            "case \"$KUBERNETES_EXEC_INFO\" in *'\"%s\"'*) ;; *) exit 9;; esac\n"
                            "printf '{\"apiVersion\":\"%s\",\"kind\":\"ExecCredential\","
                            "\"status\":{\"token\":\"%s\","
                            "\"expirationTimestamp\":\"2099-01-01T00:00:00Z\"}}'\n",
                            api_version, api_version, sandbox.token);
  g_file_set_contents (script_path, script, -1, &error);
  g_assert_no_error (error);
  g_chmod (script_path, 0700);

  yaml = g_strdup_printf ("    exec:\n      apiVersion: %s\n      command: %s\n%s",
                          api_version, script_path, extra);
  session = session_new (yaml);
  error = version_error (session);
  g_assert_no_error (error);
  error = version_error (session);
  g_assert_no_error (error);
  g_assert_cmpuint (kube_auth_get_exec_runs (kube_connection_get_auth (session->connection)),
                    ==, 1);
  session_free (session);
  g_unlink (script_path);
}

static void
test_auth_exec_v1 (void)
{
  exec_plugin ("client.authentication.k8s.io/v1", "      interactiveMode: Never\n");
}

static void
test_auth_exec_v1beta1 (void)
{
  exec_plugin ("client.authentication.k8s.io/v1beta1", "");
}

/* TLS */

static void
test_tls_wrong_ca (void)
{
  g_autofree char *yaml = g_strdup_printf ("    token: %s\n", sandbox.token);
  g_autoptr(GError) error = NULL;
  Session *session;

  session = session_new_full (kube_test_pki_get ()->other_ca.cert_pem, NULL, yaml, &error);
  g_assert_no_error (error);
  error = version_error (session);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_TLS);
  g_assert_cmpstr (error->message, ==,
                   "The server's certificate is not signed by the cluster's certificate "
                   "authority");
  session_free (session);
}

static void
test_tls_wrong_name (void)
{
  g_autofree char *yaml = g_strdup_printf ("    token: %s\n", sandbox.token);
  g_autoptr(GError) error = NULL;
  Session *session;

  session = session_new_full (sandbox.ca_pem, "    tls-server-name: other.example\n", yaml,
                              &error);
  g_assert_no_error (error);
  error = version_error (session);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_TLS);
  g_assert_true (g_str_has_prefix (error->message, "The server's certificate is valid for "));
  g_assert_true (g_str_has_suffix (error->message, ", not other.example"));
  session_free (session);
}

/* Watch and store */

typedef struct
{
  KubeStore *store;
  GPtrArray *expected;      /* "name@rv", sorted */
} Convergence;

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
store_equals (KubeStore *store,
              KubeList  *list)
{
  GListModel *model = G_LIST_MODEL (store);
  g_autoptr(GPtrArray) want = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < list->items->len; i++)
    {
      JsonNode *node = g_ptr_array_index (list->items, i);

      g_ptr_array_add (want, g_strdup_printf ("%s@%s",
                                              kube_json_path_string (node, "metadata", "name",
                                                                     NULL),
                                              kube_json_path_string (node, "metadata",
                                                                     "resourceVersion",
                                                                     NULL)));
    }
  g_ptr_array_sort (want, compare_strings);

  if (g_list_model_get_n_items (model) != want->len)
    return FALSE;

  for (guint i = 0; i < want->len; i++)
    {
      g_autoptr(KubeObject) object = g_list_model_get_item (model, i);
      g_autofree char *have = g_strdup_printf ("%s@%s", kube_object_get_name (object),
                                               kube_object_get_resource_version (object));

      if (!g_str_equal (have, g_ptr_array_index (want, i)))
        return FALSE;
    }

  return TRUE;
}

static void
dump_difference (KubeStore *store,
                 KubeList  *list)
{
  GListModel *model = G_LIST_MODEL (store);

  for (guint i = 0; i < list->items->len; i++)
    {
      JsonNode *node = g_ptr_array_index (list->items, i);

      g_test_message ("server: %s@%s", kube_json_path_string (node, "metadata", "name", NULL),
                      kube_json_path_string (node, "metadata", "resourceVersion", NULL));
    }

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KubeObject) object = g_list_model_get_item (model, i);

      g_test_message ("store: %s@%s", kube_object_get_name (object),
                      kube_object_get_resource_version (object));
    }

  g_test_message ("watch at %s, running %d, error %s",
                  kube_watch_get_resource_version (kube_store_get_watch (store)),
                  kube_watch_get_running (kube_store_get_watch (store)),
                  kube_store_get_error (store) ? kube_store_get_error (store)->message : "none");
}

static KubeList *
list_now (Session    *session,
          const char *namespace)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  KubeList *list;

  kube_client_list_all_async (session->client, kube_resource_type_get (KUBE_RESOURCE_CONFIGMAPS),
                              namespace, NULL, NULL, kube_test_store_result, &result);
  list = kube_client_list_finish (session->client, kube_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return list;
}

static void
set_faults (Session    *session,
            const char *json)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = request_json (session, "POST", "/sandbox/faults", json, &error);
  g_assert_no_error (error);
}

/* One change to the namespace, retried while the fault switches refuse it. */
static void
mutate (Session    *session,
        const char *namespace,
        GRand      *rand,
        GHashTable *names)
{
  const KubeResourceType *cms = kube_resource_type_get (KUBE_RESOURCE_CONFIGMAPS);
  g_autofree char *name = g_strdup_printf ("cm-%02d", g_rand_int_range (rand, 0, 12));
  int choice = g_rand_int_range (rand, 0, 3);

  for (guint attempt = 0; attempt < 50; attempt++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(JsonNode) body = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *json = NULL;

      if (!g_hash_table_contains (names, name))
        {
          json = g_strdup_printf ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":"
                                  "{\"name\":\"%s\"},\"data\":{\"n\":\"%u\"}}", name,
                                  g_rand_int (rand));
          body = node_from (json);
          kube_client_create_async (session->client, cms, namespace, body, NULL,
                                    kube_test_store_result, &result);
        }
      else if (choice == 0)
        {
          kube_client_delete_async (session->client, cms, namespace, name, NULL, NULL,
                                    kube_test_store_result, &result);
        }
      else
        {
          json = g_strdup_printf ("{\"data\":{\"n\":\"%u\"}}", g_rand_int (rand));
          body = node_from (json);
          kube_client_patch_async (session->client, cms, namespace, name,
                                   choice == 1 ? KUBE_PATCH_MERGE : KUBE_PATCH_STRATEGIC_MERGE,
                                   body, NULL, kube_test_store_result, &result);
        }

      node = kube_client_object_finish (session->client, kube_test_wait_result (&result), &error);
      if (node != NULL)
        {
          if (!g_hash_table_contains (names, name))
            g_hash_table_add (names, g_strdup (name));
          else if (choice == 0)
            g_hash_table_remove (names, name);
          return;
        }

      g_assert_true (kube_error_is_transient (error));
    }

  g_error ("a change to %s/%s was refused 50 times", namespace, name);
}

static void
test_convergence (void)
{
  Session *session = session_new_token ();
  Session *observer = session_new_token ();

  for (guint run_index = 0; run_index < CONVERGENCE_RUNS; run_index++)
    {
      guint32 seed = 1000 + run_index;
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           NULL);
      g_autoptr(KubeList) truth = NULL;
      g_autofree char *namespace = g_strdup_printf ("converge-%02u", run_index);
      g_autofree char *faults = NULL;
      KubeStore *store;
      gboolean code_429 = run_index % 2 == 1;

      g_test_message ("convergence run %u, seed %u", run_index, seed);
      ensure_namespace (session, namespace);

      store = kube_store_new (observer->client,
                              kube_resource_type_get (KUBE_RESOURCE_CONFIGMAPS), namespace,
                              NULL, NULL);
      kube_watch_set_backoff (kube_store_get_watch (store), 20, 400, seed);
      kube_store_start (store);

      faults = g_strdup_printf ("{\"dropWatchEvery\":%d,\"errorRate\":%.2f,\"errorCode\":%d,"
                                "\"retryAfter\":%d,\"latencyMs\":%d,\"seed\":%u}",
                                g_rand_int_range (rand, 1, 6),
                                g_rand_double_range (rand, 0.05, 0.3),
                                code_429 ? 429 : 500,
                                code_429 && run_index % 25 == 1 ? 1 : 0,
                                g_rand_int_range (rand, 0, 15), seed);
      set_faults (session, faults);

      for (guint step = 0; step < 30; step++)
        {
          mutate (session, namespace, rand, names);
          if (step == 15)
            set_faults (session, "{\"expireAll\":true}");
          while (g_main_context_iteration (NULL, FALSE))
            ;
        }

      set_faults (session, "{\"dropWatchEvery\":0,\"errorRate\":0,\"latencyMs\":0}");
      truth = list_now (session, namespace);
      g_assert_cmpuint (truth->items->len, ==, g_hash_table_size (names));

      {
        gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
        g_autoptr(GSource) tick = g_timeout_source_new (50);

        /* The main loop must wake up now and then, even when nothing arrives. */
        g_source_set_dummy_callback (tick);
        g_source_attach (tick, NULL);
        while (!(kube_store_flush (store), store_equals (store, truth))
               && g_get_monotonic_time () < deadline)
          g_main_context_iteration (NULL, TRUE);
        g_source_destroy (tick);

        if (!store_equals (store, truth))
          {
            dump_difference (store, truth);
            g_error ("run %u (seed %u): the store did not converge in 30 s", run_index, seed);
          }
      }

      kube_store_stop (store);
      g_assert_finalize_object (store);
    }

  session_free (observer);
  session_free (session);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  if (!sandbox_start ())
    {
      g_test_skip ("SANDBOX_PATH does not name the sandbox executable");
      return g_test_run ();
    }

  g_test_add_func ("/kube/sandbox/verbs", test_verbs);
  g_test_add_func ("/kube/sandbox/auth/wrong-token", test_auth_wrong_token);
  g_test_add_func ("/kube/sandbox/auth/client-certificate", test_auth_client_certificate);
  g_test_add_func ("/kube/sandbox/auth/token-file", test_auth_token_file);
  g_test_add_func ("/kube/sandbox/auth/exec-v1", test_auth_exec_v1);
  g_test_add_func ("/kube/sandbox/auth/exec-v1beta1", test_auth_exec_v1beta1);
  g_test_add_func ("/kube/sandbox/tls/wrong-ca", test_tls_wrong_ca);
  g_test_add_func ("/kube/sandbox/tls/wrong-name", test_tls_wrong_name);
  g_test_add_func ("/kube/sandbox/store/convergence", test_convergence);

  status = g_test_run ();
  sandbox_stop ();
  return status;
}
