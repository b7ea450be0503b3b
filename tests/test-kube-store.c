/* test-kube-store.c: compact objects (kubectl's pod STATUS rules included) and KubeStore
 * against an in-process API server: sorting, coalesced updates, relisting after 410 Gone
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "kube-client.h"
#include "kube-json.h"
#include "kube-store.h"
#include "kube-test-server.h"

#define PODS "/api/v1/pods"

static char *
status_of (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return kube_pod_status_text (node);
}

static void
test_pod_status (void)
{
  static const struct
  {
    const char *json;
    const char *status;
  } cases[] = {
    { "{\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"ready\":true,"
      "\"state\":{\"running\":{}}}]}}", "Running" },
    { "{\"status\":{\"phase\":\"Pending\"}}", "Pending" },
    { "{}", "Pending" },
    { "{\"status\":{\"phase\":\"Pending\",\"containerStatuses\":[{\"state\":{\"waiting\":"
      "{\"reason\":\"ContainerCreating\"}}}]}}", "ContainerCreating" },
    { "{\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"state\":{\"waiting\":"
      "{\"reason\":\"CrashLoopBackOff\"}},\"restartCount\":4}]}}", "CrashLoopBackOff" },
    { "{\"spec\":{\"initContainers\":[{},{}]},\"status\":{\"phase\":\"Pending\","
      "\"initContainerStatuses\":[{\"state\":{\"running\":{}}},{\"state\":{\"waiting\":{}}}]}}",
      "Init:0/2" },
    { "{\"spec\":{\"initContainers\":[{},{}]},\"status\":{\"phase\":\"Pending\","
      "\"initContainerStatuses\":[{\"state\":{\"terminated\":{\"exitCode\":0}}},"
      "{\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\"}}}]}}",
      "Init:CrashLoopBackOff" },
    { "{\"status\":{\"phase\":\"Pending\",\"initContainerStatuses\":[{\"state\":"
      "{\"terminated\":{\"exitCode\":2}}}]}}", "Init:ExitCode:2" },
    { "{\"status\":{\"phase\":\"Succeeded\",\"containerStatuses\":[{\"state\":"
      "{\"terminated\":{\"exitCode\":0,\"reason\":\"Completed\"}}}]}}", "Completed" },
    { "{\"status\":{\"phase\":\"Failed\",\"containerStatuses\":[{\"state\":"
      "{\"terminated\":{\"exitCode\":137,\"signal\":9}}}]}}", "Signal:9" },
    { "{\"status\":{\"phase\":\"Failed\",\"containerStatuses\":[{\"state\":"
      "{\"terminated\":{\"exitCode\":1}}}]}}", "ExitCode:1" },
    { "{\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":"
      "\"False\"}],\"containerStatuses\":[{\"ready\":true,\"state\":{\"running\":{}}},"
      "{\"state\":{\"terminated\":{\"reason\":\"Completed\"}}}]}}", "NotReady" },
    { "{\"metadata\":{\"deletionTimestamp\":\"2026-01-01T00:00:00Z\"},\"status\":"
      "{\"phase\":\"Running\"}}", "Terminating" },
    { "{\"metadata\":{\"deletionTimestamp\":\"2026-01-01T00:00:00Z\"},\"status\":"
      "{\"phase\":\"Running\",\"reason\":\"NodeLost\"}}", "Unknown" },
    { "{\"status\":{\"phase\":\"Failed\",\"reason\":\"Evicted\"}}", "Evicted" },
    /* Wrong types are ignored, not trusted. */
    { "{\"status\":{\"phase\":7,\"containerStatuses\":{\"x\":1}}}", "Pending" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *status = status_of (cases[i].json);

      g_test_message ("case %u: %s", i, cases[i].json);
      g_assert_cmpstr (status, ==, cases[i].status);
    }
}

static void
test_object (void)
{
  g_autoptr(JsonNode) pod = json_from_string (
    "{\"metadata\":{\"name\":\"elasticsearch-0\",\"namespace\":\"demo\",\"uid\":\"u1\","
    "\"resourceVersion\":\"42\",\"creationTimestamp\":\"2026-01-02T03:04:05Z\","
    "\"labels\":{\"app.kubernetes.io/name\":\"elasticsearch\",\"bad\":3},"
    "\"ownerReferences\":[{\"kind\":\"StatefulSet\",\"name\":\"elasticsearch\","
    "\"controller\":true}]},"
    "\"spec\":{\"nodeName\":\"node-1\",\"containers\":[{},{}]},"
    "\"status\":{\"phase\":\"Running\",\"podIP\":\"10.0.0.12\",\"containerStatuses\":["
    "{\"ready\":true,\"restartCount\":2,\"state\":{\"running\":{}}},"
    "{\"ready\":false,\"restartCount\":1,\"state\":{\"running\":{}}}]}}", NULL);
  g_autoptr(JsonNode) sts = json_from_string (
    "{\"metadata\":{\"name\":\"elasticsearch\",\"namespace\":\"demo\"},"
    "\"spec\":{\"replicas\":3},\"status\":{\"readyReplicas\":2}}", NULL);
  g_autoptr(JsonNode) nameless = json_from_string ("{\"metadata\":{}}", NULL);
  KubeObject *object;

  object = kube_object_new_from_json (kube_resource_type_get (KUBE_RESOURCE_PODS), pod);
  g_assert_cmpstr (kube_object_get_key (object), ==, "demo/elasticsearch-0");
  g_assert_cmpstr (kube_object_get_uid (object), ==, "u1");
  g_assert_cmpstr (kube_object_get_resource_version (object), ==, "42");
  g_assert_cmpstr (kube_object_get_label (object, "app.kubernetes.io/name"), ==,
                   "elasticsearch");
  g_assert_null (kube_object_get_label (object, "bad"));
  g_assert_cmpstr (kube_object_get_owner (object), ==, "StatefulSet/elasticsearch");
  g_assert_cmpint (g_date_time_get_year (kube_object_get_creation_timestamp (object)), ==, 2026);
  g_assert_null (kube_object_get_deletion_timestamp (object));
  g_assert_cmpstr (kube_object_get_status (object), ==, "Running");
  g_assert_cmpuint (kube_object_get_ready_containers (object), ==, 1);
  g_assert_cmpuint (kube_object_get_total_containers (object), ==, 2);
  g_assert_cmpuint (kube_object_get_restarts (object), ==, 3);
  g_assert_cmpstr (kube_object_get_node (object), ==, "node-1");
  g_assert_cmpstr (kube_object_get_pod_ip (object), ==, "10.0.0.12");
  g_assert_finalize_object (object);

  object = kube_object_new_from_json (kube_resource_type_get (KUBE_RESOURCE_STATEFULSETS), sts);
  g_assert_cmpuint (kube_object_get_replicas (object), ==, 3);
  g_assert_cmpuint (kube_object_get_ready_replicas (object), ==, 2);
  g_assert_finalize_object (object);

  g_assert_null (kube_object_new_from_json (kube_resource_type_get (KUBE_RESOURCE_PODS),
                                            nameless));
}

/* The store */

typedef struct
{
  KubeTestServer *server;
  char           *dir;
  KubeConfig     *config;
  KubeConnection *connection;
  KubeClient     *client;
  KubeStore      *store;
  GPtrArray      *mirror;        /* what a view would hold, built from items-changed alone */
  guint           changes;
} Fixture;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fixture)
{
  fixture->changes++;
  g_assert_cmpuint (position + removed, <=, fixture->mirror->len);
  g_ptr_array_remove_range (fixture->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (fixture->mirror, (gint) (position + i),
                        g_list_model_get_item (model, position + i));
}

static void
assert_mirror (Fixture *fixture)
{
  GListModel *model = G_LIST_MODEL (fixture->store);

  g_assert_cmpuint (fixture->mirror->len, ==, g_list_model_get_n_items (model));
  for (guint i = 0; i < fixture->mirror->len; i++)
    {
      g_autoptr(KubeObject) item = g_list_model_get_item (model, i);

      g_assert_true (item == g_ptr_array_index (fixture->mirror, i));
      if (i > 0)
        {
          KubeObject *before = g_ptr_array_index (fixture->mirror, i - 1);
          int cmp = g_strcmp0 (kube_object_get_namespace (before),
                               kube_object_get_namespace (item));

          g_assert_true (cmp < 0 || (cmp == 0 && g_strcmp0 (kube_object_get_name (before),
                                                            kube_object_get_name (item)) < 0));
        }
    }
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("test-kube-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->server = kube_test_server_new (&kube_test_pki_get ()->server, FALSE);
  fixture->config = kube_test_write_config (fixture->dir,
                                            kube_test_server_get_url (fixture->server),
                                            kube_test_pki_get ()->ca.cert_pem, NULL, NULL);
  fixture->connection = kube_connection_new (fixture->config, NULL, &error);
  g_assert_no_error (error);
  fixture->client = kube_client_new (fixture->connection);
  fixture->mirror = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "kubeconfig", NULL);

  g_ptr_array_unref (fixture->mirror);
  if (fixture->store != NULL)
    g_assert_finalize_object (fixture->store);
  kube_test_settle (G_OBJECT (fixture->client));
  g_assert_finalize_object (fixture->client);
  g_assert_finalize_object (fixture->connection);
  g_assert_finalize_object (fixture->config);
  kube_test_server_free (fixture->server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_unlink (path);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static void
put_pod (Fixture    *fixture,
         const char *namespace,
         const char *name,
         const char *phase)
{
  g_autofree char *json = NULL;

  json = g_strdup_printf ("{\"metadata\":{\"name\":\"%s\",\"namespace\":\"%s\"},"
                          "\"status\":{\"phase\":\"%s\"}}", name, namespace, phase);
  g_free (kube_test_server_put (fixture->server, PODS, json));
}

static void
start_store (Fixture    *fixture,
             const char *namespace,
             guint       batch_interval)
{
  fixture->store = kube_store_new (fixture->client, kube_resource_type_get (KUBE_RESOURCE_PODS),
                                   namespace, NULL, NULL);
  kube_store_set_batch_interval (fixture->store, batch_interval);
  kube_watch_set_backoff (kube_store_get_watch (fixture->store), 10, 200, 7);
  g_signal_connect (fixture->store, "items-changed", G_CALLBACK (on_items_changed), fixture);
  kube_store_start (fixture->store);
  KUBE_TEST_WAIT_FOR (kube_store_get_synced (fixture->store)
                      && kube_test_server_count_watches (fixture->server) == 1);
}

static void
test_store_sorted (Fixture       *fixture,
                   gconstpointer  data)
{
  KubeObject *pod;

  put_pod (fixture, "zeta", "a", "Running");
  put_pod (fixture, "alpha", "b", "Running");
  put_pod (fixture, "alpha", "a", "Pending");
  start_store (fixture, NULL, 16);

  g_assert_cmpuint (fixture->changes, ==, 1);
  assert_mirror (fixture);
  g_assert_cmpuint (fixture->mirror->len, ==, 3);
  g_assert_cmpstr (kube_object_get_key (fixture->mirror->pdata[0]), ==, "alpha/a");
  g_assert_cmpstr (kube_object_get_key (fixture->mirror->pdata[2]), ==, "zeta/a");

  /* A change replaces the object; a deletion removes it. */
  put_pod (fixture, "alpha", "a", "Running");
  kube_test_server_remove (fixture->server, PODS, "zeta", "a");
  put_pod (fixture, "beta", "c", "Pending");
  KUBE_TEST_WAIT_FOR (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)) == 3
                      && kube_store_lookup (fixture->store, "beta", "c") != NULL);
  assert_mirror (fixture);
  pod = kube_store_lookup (fixture->store, "alpha", "a");
  g_assert_nonnull (pod);
  g_assert_cmpstr (kube_object_get_phase (pod), ==, "Running");
  g_assert_null (kube_store_lookup (fixture->store, "zeta", "a"));
  g_assert_null (kube_store_lookup (fixture->store, NULL, "a"));
}

static void
test_store_coalesces (Fixture       *fixture,
                      gconstpointer  data)
{
  guint before;

  put_pod (fixture, "demo", "seed", "Running");
  start_store (fixture, "demo", 300);
  before = fixture->changes;

  /* A burst of 60 events within one batch interval is one update for the views. */
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *name = g_strdup_printf ("burst-%02u", i);

      put_pod (fixture, "demo", name, "Pending");
    }
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("burst-%02u", i * 3);

      put_pod (fixture, "demo", name, "Running");
    }
  KUBE_TEST_WAIT_FOR (fixture->changes > before);
  g_assert_cmpuint (fixture->changes, ==, before + 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 61);
  assert_mirror (fixture);
  g_assert_cmpstr (kube_object_get_phase (kube_store_lookup (fixture->store, "demo",
                                                             "burst-57")), ==, "Running");
}

/* Between relists the model is patched rather than rebuilt: every kind of change, and
 * changes of changes, within one batch. */
static void
test_store_patches (Fixture       *fixture,
                    gconstpointer  data)
{
  guint before;

  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *name = g_strdup_printf ("pod-%02u", i * 2);

      put_pod (fixture, i % 2 ? "beta" : "alpha", name, "Running");
    }
  start_store (fixture, NULL, 300);
  before = fixture->changes;

  put_pod (fixture, "alpha", "pod-00", "Pending");      /* modified */
  put_pod (fixture, "alpha", "pod-00", "Failed");       /* modified again */
  kube_test_server_remove (fixture->server, PODS, "beta", "pod-02");
  put_pod (fixture, "alpha", "pod-01", "Pending");      /* added between two */
  put_pod (fixture, "alpha", "pod-01", "Running");      /* and modified */
  put_pod (fixture, "alpha", "pod-99", "Pending");      /* added, then removed */
  kube_test_server_remove (fixture->server, PODS, "alpha", "pod-99");
  kube_test_server_remove (fixture->server, PODS, "beta", "pod-22");
  put_pod (fixture, "beta", "pod-22", "Pending");       /* removed, then back */
  put_pod (fixture, "aaa", "first", "Pending");         /* added at both ends */
  put_pod (fixture, "zzz", "last", "Pending");
  KUBE_TEST_WAIT_FOR (fixture->changes > before);

  g_assert_cmpuint (fixture->changes, ==, before + 1);
  assert_mirror (fixture);
  g_assert_cmpuint (fixture->mirror->len, ==, 14);
  g_assert_cmpstr (kube_object_get_key (fixture->mirror->pdata[0]), ==, "aaa/first");
  g_assert_cmpstr (kube_object_get_key (fixture->mirror->pdata[13]), ==, "zzz/last");
  g_assert_cmpstr (kube_object_get_phase (kube_store_lookup (fixture->store, "alpha",
                                                             "pod-00")), ==, "Failed");
  g_assert_cmpstr (kube_object_get_phase (kube_store_lookup (fixture->store, "alpha",
                                                             "pod-01")), ==, "Running");
  g_assert_cmpstr (kube_object_get_phase (kube_store_lookup (fixture->store, "beta",
                                                             "pod-22")), ==, "Pending");
  g_assert_null (kube_store_lookup (fixture->store, "beta", "pod-02"));
  g_assert_null (kube_store_lookup (fixture->store, "alpha", "pod-99"));
}

static void
test_store_relists (Fixture       *fixture,
                    gconstpointer  data)
{
  guint before;

  put_pod (fixture, "demo", "keep", "Running");
  put_pod (fixture, "demo", "gone", "Running");
  put_pod (fixture, "demo", "later", "Running");
  start_store (fixture, "demo", 16);
  g_assert_cmpuint (fixture->mirror->len, ==, 3);

  /* While the store is disconnected, an object goes and the history is compacted: the
   * resumed watch gets 410 Gone, and the relist shows the deletion. */
  kube_test_server_expire (fixture->server);
  kube_test_server_remove (fixture->server, PODS, "demo", "gone");
  put_pod (fixture, "demo", "new", "Pending");
  kube_test_server_expire (fixture->server);
  kube_test_server_drop_watches (fixture->server);
  KUBE_TEST_WAIT_FOR (kube_store_lookup (fixture->store, "demo", "new") != NULL
                      && kube_test_server_count_watches (fixture->server) == 1);
  g_assert_null (kube_store_lookup (fixture->store, "demo", "gone"));
  g_assert_nonnull (kube_store_lookup (fixture->store, "demo", "keep"));
  assert_mirror (fixture);
  g_assert_null (kube_store_get_error (fixture->store));

  /* A relist that changes nothing announces nothing. */
  before = fixture->changes;
  kube_test_server_expire (fixture->server);
  kube_test_server_drop_watches (fixture->server);
  KUBE_TEST_WAIT_FOR (kube_test_server_count_watches (fixture->server) == 1);
  kube_store_flush (fixture->store);
  g_assert_cmpuint (fixture->changes, ==, before);
}

static void
test_store_error (Fixture       *fixture,
                  gconstpointer  data)
{
  const GError *error;

  kube_test_server_fail_next (fixture->server, 403, "Forbidden", 0);
  fixture->store = kube_store_new (fixture->client, kube_resource_type_get (KUBE_RESOURCE_PODS),
                                   "secret-place", NULL, NULL);
  kube_store_start (fixture->store);
  KUBE_TEST_WAIT_FOR (kube_store_get_error (fixture->store) != NULL);
  error = kube_store_get_error (fixture->store);
  g_assert_error ((GError *) error, KUBE_ERROR, KUBE_ERROR_FORBIDDEN);
  g_assert_false (kube_store_get_synced (fixture->store));
  g_assert_false (kube_watch_get_running (kube_store_get_watch (fixture->store)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  kube_test_pki_get ();

  g_test_add_func ("/kube/object/pod-status", test_pod_status);
  g_test_add_func ("/kube/object/fields", test_object);
#define ADD(path, func) \
  g_test_add ("/kube/store/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("sorted", test_store_sorted);
  ADD ("coalesces", test_store_coalesces);
  ADD ("patches", test_store_patches);
  ADD ("relists", test_store_relists);
  ADD ("error", test_store_error);
#undef ADD

  return g_test_run ();
}
