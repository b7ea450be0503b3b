/* test-odfe-shards.c: the _cat/shards parser, the single-pod restart check, and both
 * against the sandbox's simulated cluster
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "odfe-error.h"
#include "odfe-shards.h"
#include "sandbox-session.h"

static OdfeShard *
shard_new (const char *index,
           const char *number,
           const char *prirep,
           const char *state,
           const char *node)
{
  OdfeShard *shard = g_new0 (OdfeShard, 1);

  shard->index = g_strdup (index);
  shard->shard = g_strdup (number);
  shard->prirep = g_strdup (prirep);
  shard->state = g_strdup (state);
  shard->node = g_strdup (node);

  return shard;
}

static GPtrArray *
shards_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) odfe_shard_free);
}

static OdfeHealth *
health_new (OdfeHealthStatus status)
{
  OdfeHealth *health = g_new0 (OdfeHealth, 1);

  health->status = status;
  return health;
}

/* Three nodes; "logs" has a replica of each shard, "scratch" none. */
static GPtrArray *
three_nodes (void)
{
  GPtrArray *shards = shards_new ();

  g_ptr_array_add (shards, shard_new ("logs", "0", "p", "STARTED", "es-0"));
  g_ptr_array_add (shards, shard_new ("logs", "0", "r", "STARTED", "es-1"));
  g_ptr_array_add (shards, shard_new ("logs", "1", "p", "STARTED", "es-1"));
  g_ptr_array_add (shards, shard_new ("logs", "1", "r", "STARTED", "es-2"));
  g_ptr_array_add (shards, shard_new ("scratch", "0", "p", "STARTED", "es-2"));

  return shards;
}

static void
test_parse (void)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) shards = NULL;
  g_autoptr(GError) error = NULL;
  OdfeShard *shard;

  root = json_from_string ("[{\"index\":\"logs\",\"shard\":\"0\",\"prirep\":\"p\","
                           "\"state\":\"STARTED\",\"node\":\"es-0\"},"
                           "{\"index\":\"logs\",\"shard\":\"0\",\"prirep\":\"r\","
                           "\"state\":\"UNASSIGNED\",\"node\":null},"
                           "{\"index\":\"other\",\"shard\":3,\"prirep\":\"p\","
                           "\"state\":\"RELOCATING\",\"node\":\"es-1 -> 10.0.0.3 x es-2\"},"
                           "{\"shard\":\"1\",\"state\":\"STARTED\"},"
                           "{\"index\":\"noshard\",\"shard\":[1]},"
                           "17, \"row\", null]", &error);
  g_assert_no_error (error);

  shards = odfe_cat_shards_parse (root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (shards->len, ==, 3);

  shard = shards->pdata[0];
  g_assert_cmpstr (shard->index, ==, "logs");
  g_assert_cmpstr (shard->shard, ==, "0");
  g_assert_cmpstr (shard->prirep, ==, "p");
  g_assert_true (odfe_shard_is_active (shard));
  g_assert_cmpstr (shard->node, ==, "es-0");

  shard = shards->pdata[1];
  g_assert_cmpstr (shard->state, ==, "UNASSIGNED");
  g_assert_null (shard->node);
  g_assert_false (odfe_shard_is_active (shard));

  shard = shards->pdata[2];
  g_assert_cmpstr (shard->shard, ==, "3");
  g_assert_true (odfe_shard_is_active (shard));
}

static void
test_parse_wrong_shape (void)
{
  g_autoptr(JsonNode) root = json_from_string ("{\"error\":\"nope\"}", NULL);
  g_autoptr(GError) error = NULL;
  GPtrArray *shards;

  shards = odfe_cat_shards_parse (root, &error);
  g_assert_null (shards);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_PROTOCOL);
  g_clear_error (&error);

  shards = odfe_cat_shards_parse (NULL, &error);
  g_assert_null (shards);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_PROTOCOL);
}

static void
test_check_green (void)
{
  g_autoptr(GPtrArray) shards = three_nodes ();
  g_autoptr(OdfeHealth) green = health_new (ODFE_HEALTH_GREEN);
  g_autoptr(OdfeRestartCheck) first = NULL;
  g_autoptr(OdfeRestartCheck) second = NULL;
  g_autoptr(OdfeRestartCheck) third = NULL;

  /* es-0 and es-1 hold only replicated shards. */
  first = odfe_pod_restart_check (green, shards, "es-0");
  g_assert_true (first->safe);
  g_assert_cmpuint (g_strv_length (first->reasons), ==, 0);
  g_assert_cmpuint (g_strv_length (first->only_copies), ==, 0);
  second = odfe_pod_restart_check (green, shards, "es-1");
  g_assert_true (second->safe);

  /* es-2 holds the only copy of scratch [0]. */
  third = odfe_pod_restart_check (green, shards, "es-2");
  g_assert_false (third->safe);
  g_assert_cmpuint (g_strv_length (third->only_copies), ==, 1);
  g_assert_cmpstr (third->only_copies[0], ==, "scratch [0]");
  g_assert_cmpuint (g_strv_length (third->reasons), ==, 1);
  g_assert_nonnull (strstr (third->reasons[0], "es-2"));
  g_assert_nonnull (strstr (third->reasons[0], "scratch [0]"));
}

static void
test_check_health (void)
{
  g_autoptr(GPtrArray) shards = shards_new ();
  g_autoptr(OdfeHealth) yellow = health_new (ODFE_HEALTH_YELLOW);
  g_autoptr(OdfeHealth) red = health_new (ODFE_HEALTH_RED);
  g_autoptr(OdfeRestartCheck) check = NULL;

  /* A replica is missing: es-0 holds the only active copy of logs [0], and the cluster is
   * yellow; both are said. */
  g_ptr_array_add (shards, shard_new ("logs", "0", "p", "STARTED", "es-0"));
  g_ptr_array_add (shards, shard_new ("logs", "0", "r", "UNASSIGNED", NULL));
  g_ptr_array_add (shards, shard_new ("logs", "1", "p", "STARTED", "es-1"));
  g_ptr_array_add (shards, shard_new ("logs", "1", "r", "INITIALIZING", "es-0"));

  check = odfe_pod_restart_check (yellow, shards, "es-0");
  g_assert_false (check->safe);
  g_assert_cmpuint (g_strv_length (check->reasons), ==, 2);
  g_assert_nonnull (strstr (check->reasons[0], "yellow"));
  g_assert_cmpstrv (check->only_copies, ((const char * const[]) { "logs [0]", NULL }));
  g_clear_pointer (&check, odfe_restart_check_free);

  /* An initializing copy is no copy yet: es-1 holds logs [1] alone. */
  check = odfe_pod_restart_check (yellow, shards, "es-1");
  g_assert_cmpstrv (check->only_copies, ((const char * const[]) { "logs [1]", NULL }));
  g_clear_pointer (&check, odfe_restart_check_free);

  /* A node that holds nothing is not safe to restart while the cluster is red. */
  check = odfe_pod_restart_check (red, shards, "es-9");
  g_assert_false (check->safe);
  g_assert_cmpuint (g_strv_length (check->reasons), ==, 1);
  g_assert_nonnull (strstr (check->reasons[0], "red"));
  g_assert_cmpuint (g_strv_length (check->only_copies), ==, 0);
  g_clear_pointer (&check, odfe_restart_check_free);

  /* Nor when the health is not known. */
  check = odfe_pod_restart_check (NULL, shards, "es-9");
  g_assert_false (check->safe);
  g_assert_cmpuint (g_strv_length (check->reasons), ==, 1);
  g_assert_nonnull (strstr (check->reasons[0], "not known"));
}

static void
test_check_many (void)
{
  g_autoptr(GPtrArray) shards = shards_new ();
  g_autoptr(OdfeHealth) green = health_new (ODFE_HEALTH_GREEN);
  g_autoptr(OdfeRestartCheck) check = NULL;

  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i);

      g_ptr_array_add (shards, shard_new ("big", number, "p", "STARTED", "es-0"));
    }
  /* A relocating copy still serves. */
  g_ptr_array_add (shards, shard_new ("moving", "0", "p", "RELOCATING", "es-0"));
  g_ptr_array_add (shards, shard_new ("moving", "0", "r", "RELOCATING", "es-1"));

  check = odfe_pod_restart_check (green, shards, "es-0");
  g_assert_false (check->safe);
  g_assert_cmpuint (g_strv_length (check->only_copies), ==, 8);
  g_assert_cmpstr (check->only_copies[0], ==, "big [0]");
  g_assert_nonnull (strstr (check->reasons[0], "8 shards"));
  g_assert_nonnull (strstr (check->reasons[0], "big [4]"));
  g_assert_null (strstr (check->reasons[0], "big [5]"));
  g_assert_nonnull (strstr (check->reasons[0], "and 3 more"));
}

/* Against the sandbox */

static GPtrArray *
cat_shards (SandboxSession *session)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *shards;

  odfe_client_cat_shards_async (session->odfe, NULL, sandbox_session_store_result, &result);
  shards = odfe_client_cat_shards_finish (session->odfe,
                                          sandbox_session_wait_result (&result, 30), &error);
  g_assert_no_error (error);
  return shards;
}

static OdfeHealth *
health_of (SandboxSession *session)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  OdfeHealth *health;

  /* The node answering may have just gone away, which can break a connection in the
   * middle of its TLS handshake: ask again then. */
  for (guint attempt = 0; attempt < 10; attempt++)
    {
      g_clear_object (&result);
      g_clear_error (&error);
      odfe_client_health_async (session->odfe, NULL, 0, NULL, sandbox_session_store_result,
                                &result);
      health = odfe_client_health_finish (session->odfe,
                                          sandbox_session_wait_result (&result, 30), &error);
      if (health != NULL || !(odfe_error_is_transient (error)
                              || g_error_matches (error, ODFE_ERROR, ODFE_ERROR_TLS)))
        break;
      sandbox_session_sleep (200);
    }
  g_assert_no_error (error);
  return health;
}

static JsonNode *
settings_request (SandboxSession  *session,
                  const char      *method,
                  const char      *body_json,
                  GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) body = body_json != NULL ? json_from_string (body_json, NULL) : NULL;

  odfe_client_request_json_async (session->odfe, method, "/_cluster/settings?flat_settings",
                                  body, NULL, sandbox_session_store_result, &result);
  return odfe_client_request_json_finish (session->odfe,
                                          sandbox_session_wait_result (&result, 30), error);
}

static void
test_sandbox (void)
{
  const char * const args[] = { "--ready-delay", "1500", NULL };
  g_autoptr(GPtrArray) shards = NULL;
  g_autoptr(GHashTable) primaries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           NULL);
  g_autoptr(OdfeHealth) health = NULL;
  g_autoptr(OdfeRestartCheck) check = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) deleted = NULL;
  g_autoptr(GError) error = NULL;
  SandboxSession *session = sandbox_session_start ("test-odfe-shards", args);
  gboolean yellow_seen = FALSE;

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  sandbox_session_wait_ready (session, 3, 60);
  sandbox_session_open_odfe (session);

  /* Green, with every copy started on a node, one primary per shard, and no node holding a
   * shard alone: any pod may restart. */
  for (guint i = 0; i < 100; i++)
    {
      g_clear_pointer (&health, odfe_health_free);
      health = health_of (session);
      if (health->status == ODFE_HEALTH_GREEN)
        break;
      sandbox_session_sleep (100);
    }
  g_assert_cmpint (health->status, ==, ODFE_HEALTH_GREEN);

  shards = cat_shards (session);
  g_assert_cmpuint (shards->len, >=, 10);
  for (guint i = 0; i < shards->len; i++)
    {
      OdfeShard *shard = shards->pdata[i];
      g_autofree char *key = g_strdup_printf ("%s [%s]", shard->index, shard->shard);

      g_assert_cmpstr (shard->state, ==, "STARTED");
      g_assert_true (g_str_has_prefix (shard->node, "elasticsearch-"));
      if (g_str_equal (shard->prirep, "p"))
        {
          g_assert_false (g_hash_table_contains (primaries, key));
          g_hash_table_add (primaries, g_steal_pointer (&key));
        }
      else
        g_assert_cmpstr (shard->prirep, ==, "r");
    }
  g_assert_true (g_hash_table_contains (primaries, "products [2]"));
  g_assert_true (g_hash_table_contains (primaries, "logs-app [1]"));
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *pod = g_strdup_printf ("elasticsearch-%u", i);

      check = odfe_pod_restart_check (health, shards, pod);
      g_assert_true (check->safe);
      g_clear_pointer (&check, odfe_restart_check_free);
    }

  /* _cluster/settings remembers the allocation setting and refuses what it does not know. */
  answer = settings_request (session, "PUT",
                             "{\"transient\":{\"cluster.routing.allocation.enable\":"
                             "\"primaries\"}}", &error);
  g_assert_no_error (error);
  g_clear_pointer (&answer, json_node_unref);
  answer = settings_request (session, "GET", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_node_get_object (answer),
                                                    "transient"),
                     "cluster.routing.allocation.enable"), ==, "primaries");
  g_clear_pointer (&answer, json_node_unref);
  answer = settings_request (session, "PUT",
                             "{\"transient\":{\"cluster\":{\"routing\":{\"allocation\":"
                             "{\"enable\":\"sometimes\"}}}}}", &error);
  g_assert_null (answer);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_BAD_REQUEST);
  g_clear_error (&error);
  answer = settings_request (session, "PUT",
                             "{\"transient\":{\"cluster.routing.allocation.enable\":null}}",
                             &error);
  g_assert_no_error (error);
  g_clear_pointer (&answer, json_node_unref);
  answer = settings_request (session, "GET", NULL, &error);
  g_assert_no_error (error);
  g_assert_false (json_object_has_member (
                    json_object_get_object_member (json_node_get_object (answer),
                                                   "transient"),
                    "cluster.routing.allocation.enable"));

  /* elasticsearch-2 goes: yellow, its copies unassigned, and the nodes left hold some
   * shards alone, which the check names. */
  kube_client_delete_async (session->kube, kube_resource_type_get (KUBE_RESOURCE_PODS), "demo",
                            "elasticsearch-2", NULL, NULL, sandbox_session_store_result,
                            &result);
  deleted = kube_client_object_finish (session->kube,
                                       sandbox_session_wait_result (&result, 30), &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 100 && !yellow_seen; i++)
    {
      g_clear_pointer (&health, odfe_health_free);
      health = health_of (session);
      yellow_seen = health->status == ODFE_HEALTH_YELLOW;
      if (!yellow_seen)
        sandbox_session_sleep (50);
    }
  g_assert_true (yellow_seen);

  g_clear_pointer (&shards, g_ptr_array_unref);
  shards = cat_shards (session);
  {
    guint unassigned = 0;

    for (guint i = 0; i < shards->len; i++)
      {
        OdfeShard *shard = shards->pdata[i];

        g_assert_cmpstr (shard->node, !=, "elasticsearch-2");
        if (g_str_equal (shard->state, "UNASSIGNED"))
          {
            unassigned++;
            g_assert_null (shard->node);
          }
      }
    g_assert_cmpuint (unassigned, >, 0);
  }

  {
    guint alone = 0;

    for (guint i = 0; i < 2; i++)
      {
        g_autofree char *pod = g_strdup_printf ("elasticsearch-%u", i);

        check = odfe_pod_restart_check (health, shards, pod);
        g_assert_false (check->safe);
        g_assert_nonnull (strstr (check->reasons[0], "yellow"));
        alone += g_strv_length (check->only_copies);
        g_clear_pointer (&check, odfe_restart_check_free);
      }
    g_assert_cmpuint (alone, >, 0);
  }

  sandbox_session_wait_ready (session, 3, 60);
  g_clear_object (&result);
  sandbox_session_stop (session);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/odfe/shards/parse", test_parse);
  g_test_add_func ("/odfe/shards/parse-wrong-shape", test_parse_wrong_shape);
  g_test_add_func ("/odfe/shards/check-green", test_check_green);
  g_test_add_func ("/odfe/shards/check-health", test_check_health);
  g_test_add_func ("/odfe/shards/check-many", test_check_many);
  g_test_add_func ("/odfe/shards/sandbox", test_sandbox);

  return g_test_run ();
}
