/* test-odfe-client.c: OdfeClient against an in-process HTTPS search cluster
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cluster is a SoupServer on 127.0.0.1 with a node certificate from odfe-test-pki (the
 * names of Service "elasticsearch" in namespace "demo"), basic auth, and the answers of the
 * endpoints the client calls, in Open Distro's or OpenSearch's flavour, with switches for
 * the failures to test: refused passwords, the two error shapes, a security index not yet
 * initialized, a wait for green that times out, malformed and oversized answers.  The last
 * test puts a KubePortForward in between: the sandbox's API server runs in this process and
 * its pods' port 9200 leads to this cluster, so that the client reaches it on 127.0.0.1
 * while checking the certificate for elasticsearch.demo.svc, as in the application.
 */

#include <math.h>
#include <string.h>

#include "kube-portforward.h"
#include "odfe-client.h"
#include "odfe-error.h"
#include "odfe-test-pki.h"
#include "sandbox-server.h"
#include "sandbox-session.h"
#include "scratch-dir.h"

#define USER     "admin"
#define PASSWORD "s3cret-Passw0rd"

/* The simulated cluster */

typedef struct
{
  SoupServer *soup;
  char       *url;
  guint       port;
  gboolean    opensearch;
  const char *health;             /* "green", "yellow" */
  gboolean    security_down;
  gboolean    forbid_indices;     /* Elasticsearch's error shape */
  gboolean    forbid_authinfo;    /* the security plugin's error shape */
  gboolean    malformed;          /* _cat/nodes answers something that is not JSON */
  gboolean    wrong_shape;        /* _cat/nodes answers an object */
  guint       n_indices;
  GPtrArray  *requests;           /* "GET /path?query" */
} Cluster;

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *content_type,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

static char *
indices_json (guint count)
{
  GString *json = g_string_new ("[");

  for (guint i = 0; i < count; i++)
    g_string_append_printf (json,
                            "%s{\"health\":\"%s\",\"status\":\"open\",\"index\":\"logs-%05u\","
                            "\"uuid\":\"u%05u\",\"pri\":\"1\",\"rep\":\"1\","
                            "\"docs.count\":\"%u\",\"docs.deleted\":\"0\","
                            "\"store.size\":\"%u\",\"pri.store.size\":\"%u\"}",
                            i ? "," : "", i % 7 ? "green" : "yellow", i, i, count - i,
                            i * 2048, i * 1024);

  /* A closed index has no counts: null, not 0. */
  g_string_append_printf (json, "%s{\"health\":\"red\",\"status\":\"close\","
                                "\"index\":\"archive\",\"uuid\":\"ua\",\"pri\":\"2\","
                                "\"rep\":\"0\",\"docs.count\":null,\"docs.deleted\":null,"
                                "\"store.size\":null,\"pri.store.size\":null}]",
                          count ? "," : "");
  return g_string_free (json, FALSE);
}

static const char nodes_json[] =
  "[{\"name\":\"elasticsearch-1\",\"ip\":\"10.0.0.2\",\"node.role\":\"dimr\",\"master\":\"-\","
  "\"heap.percent\":\"41\",\"ram.percent\":\"87\",\"cpu\":\"3\",\"load_1m\":\"0.15\","
  "\"load_5m\":\"0.20\",\"load_15m\":\"0.25\"},"
  "{\"name\":\"elasticsearch-0\",\"ip\":\"10.0.0.1\",\"node.role\":\"dimr\",\"master\":\"*\","
  "\"heap.percent\":\"12\",\"ram.percent\":\"90\",\"cpu\":\"100\",\"load_1m\":\"1.50\","
  "\"load_5m\":\"1.00\",\"load_15m\":\"0.50\"},"
  /* A node that is starting: values missing, empty, null or not numbers. */
  "{\"name\":\"elasticsearch-2\",\"ip\":null,\"node.role\":7,\"master\":\"-\","
  "\"heap.percent\":\"\",\"ram.percent\":null,\"cpu\":\"-\",\"load_1m\":\"abc\","
  "\"load_5m\":\"1e999\",\"load_15m\":[1]},"
  "42, \"not a row\"]";

static const char nodes_stats_json[] =
  "{\"_nodes\":{\"total\":2,\"successful\":2,\"failed\":0},\"cluster_name\":\"demo\","
  "\"nodes\":{"
  "\"Xk2\":{\"name\":\"elasticsearch-1\",\"host\":\"10.0.0.2\",\"ip\":\"10.0.0.2:9300\","
  "\"roles\":[\"data\",\"ingest\",\"master\",3],"
  "\"os\":{\"cpu\":{\"percent\":7,\"load_average\":{\"1m\":0.5}},"
  "\"mem\":{\"total_in_bytes\":4294967296,\"used_in_bytes\":2147483648}},"
  "\"jvm\":{\"mem\":{\"heap_used_in_bytes\":268435456,\"heap_max_in_bytes\":1073741824,"
  "\"heap_used_percent\":25},\"uptime_in_millis\":123456},"
  "\"fs\":{\"total\":{\"total_in_bytes\":10737418240,\"available_in_bytes\":5368709120}},"
  "\"indices\":{\"docs\":{\"count\":1000},\"store\":{\"size_in_bytes\":65536}}},"
  "\"Ab1\":{\"name\":\"elasticsearch-0\",\"roles\":\"master\","
  "\"os\":{\"cpu\":\"a lot\",\"mem\":[]},\"jvm\":{\"mem\":{\"heap_used_percent\":\"60\"}}},"
  "\"junk\":17}}";

static const char *
flavoured (Cluster    *cluster,
           const char *path,
           const char *suffix)
{
  const char *prefix = cluster->opensearch ? "/_plugins/" : "/_opendistro/";

  if (!g_str_has_prefix (path, prefix))
    return NULL;

  return g_str_equal (path + strlen (prefix), suffix) ? path : NULL;
}

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  Cluster *cluster = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  g_autofree char *credentials = g_base64_encode ((const guchar *) USER ":" PASSWORD,
                                                  strlen (USER ":" PASSWORD));
  g_autofree char *expected = g_strconcat ("Basic ", credentials, NULL);
  const char *raw_query = g_uri_get_query (soup_server_message_get_uri (msg));

  g_ptr_array_add (cluster->requests,
                   g_strdup_printf ("%s %s%s%s", soup_server_message_get_method (msg), path,
                                    raw_query ? "?" : "", raw_query ? raw_query : ""));

  if (flavoured (cluster, path, "_security/health"))
    {
      if (cluster->security_down)
        respond (msg, 503, "application/json",
                 "{\"message\":\"Not initialized\",\"mode\":\"strict\",\"status\":\"DOWN\"}");
      else
        respond (msg, 200, "application/json",
                 "{\"message\":null,\"mode\":\"strict\",\"status\":\"UP\"}");
      return;
    }

  /* The security filter's answer, word for word. */
  if (g_strcmp0 (authorization, expected) != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate",
                                    "Basic realm=\"Open Distro Security\"");
      respond (msg, 401, "text/plain; charset=UTF-8", "Unauthorized");
      return;
    }

  if (g_str_equal (path, "/"))
    {
      if (cluster->opensearch)
        respond (msg, 200, "application/json",
                 "{\"name\":\"opensearch-0\",\"cluster_name\":\"demo\",\"cluster_uuid\":\"u1\","
                 "\"version\":{\"distribution\":\"opensearch\",\"number\":\"2.11.1\","
                 "\"build_type\":\"tar\",\"lucene_version\":\"9.7.0\"},"
                 "\"tagline\":\"The OpenSearch Project: https://opensearch.org/\"}");
      else
        respond (msg, 200, "application/json",
                 "{\"name\":\"elasticsearch-0\",\"cluster_name\":\"demo\","
                 "\"cluster_uuid\":\"u2\",\"version\":{\"number\":\"7.10.2\","
                 "\"build_flavor\":\"oss\",\"build_type\":\"tar\","
                 "\"lucene_version\":\"8.7.0\"},\"tagline\":\"You Know, for Search\"}");
    }
  else if (g_str_equal (path, "/_cluster/health"))
    {
      const char *wait = query ? g_hash_table_lookup (query, "wait_for_status") : NULL;
      gboolean timed_out = wait != NULL && g_strcmp0 (wait, cluster->health) != 0;
      g_autofree char *body = g_strdup_printf (
        "{\"cluster_name\":\"demo\",\"status\":\"%s\",\"timed_out\":%s,"
        "\"number_of_nodes\":3,\"number_of_data_nodes\":3,\"active_primary_shards\":10,"
        "\"active_shards\":%d,\"relocating_shards\":0,\"initializing_shards\":0,"
        "\"unassigned_shards\":%d,\"delayed_unassigned_shards\":0,"
        "\"number_of_pending_tasks\":0,\"number_of_in_flight_fetch\":0,"
        "\"task_max_waiting_in_queue_millis\":0,"
        "\"active_shards_percent_as_number\":%s}",
        cluster->health, timed_out ? "true" : "false",
        g_str_equal (cluster->health, "green") ? 20 : 10,
        g_str_equal (cluster->health, "green") ? 0 : 10,
        g_str_equal (cluster->health, "green") ? "100.0" : "50.0");

      /* Elasticsearch answers a wait that timed out with 408 and the health. */
      respond (msg, timed_out ? 408 : 200, "application/json", body);
    }
  else if (g_str_equal (path, "/_cat/nodes"))
    {
      if (cluster->malformed)
        respond (msg, 200, "application/json", "<html>oops</html>");
      else if (cluster->wrong_shape)
        respond (msg, 200, "application/json", "{\"nodes\":[]}");
      else
        respond (msg, 200, "application/json", nodes_json);
    }
  else if (g_str_equal (path, "/_cat/indices"))
    {
      g_autofree char *body = NULL;

      if (cluster->forbid_indices)
        {
          respond (msg, 403, "application/json",
                   "{\"error\":{\"root_cause\":[{\"type\":\"security_exception\","
                   "\"reason\":\"no permissions for [indices:monitor/settings/get]\"}],"
                   "\"type\":\"security_exception\","
                   "\"reason\":\"no permissions for [indices:monitor/settings/get] and User "
                   "[name=reader, backend_roles=[], requestedTenant=null]\"},\"status\":403}");
          return;
        }

      body = indices_json (cluster->n_indices);
      respond (msg, 200, "application/json", body);
    }
  else if (g_str_equal (path, "/_echo"))
    {
      SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (request_body);
      const char *type = soup_message_headers_get_content_type (headers, NULL);

      if (g_strcmp0 (type, "application/json") != 0)
        {
          respond (msg, 415, "application/json", "{\"error\":\"not JSON\"}");
          return;
        }

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (bytes, NULL),
                                        g_bytes_get_size (bytes));
    }
  else if (g_str_equal (path, "/_nodes/stats/os,jvm,fs,indices"))
    respond (msg, 200, "application/json", nodes_stats_json);
  else if (flavoured (cluster, path, "_security/authinfo"))
    {
      if (cluster->forbid_authinfo)
        respond (msg, 403, "application/json",
                 "{\"status\":\"FORBIDDEN\",\"message\":\"No permission to access REST API: "
                 "User reader with Open Distro Security Roles [readall] does not have any "
                 "access to endpoint AUTHINFO\"}");
      else
        respond (msg, 200, "application/json",
                 "{\"user\":\"User [name=admin, backend_roles=[admin], requestedTenant=null]\","
                 "\"user_name\":\"admin\",\"user_requested_tenant\":null,"
                 "\"remote_address\":\"127.0.0.1:50000\",\"backend_roles\":[\"admin\"],"
                 "\"custom_attribute_names\":[],\"roles\":[\"all_access\",\"own_index\"],"
                 "\"tenants\":{\"global_tenant\":true,\"admin\":true},"
                 "\"principal\":null,\"peer_certificates\":\"0\",\"sso_logout_url\":null}");
    }
  else
    respond (msg, 404, "application/json",
             "{\"error\":{\"type\":\"index_not_found_exception\","
             "\"reason\":\"no such index [nothing]\"},\"status\":404}");
}

static Cluster *
cluster_new (const OdfeTestPair *identity)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pem = g_strconcat (identity->cert_pem, identity->key_pem, NULL);
  g_autoslist(GUri) uris = NULL;
  Cluster *cluster = g_new0 (Cluster, 1);

  certificate = g_tls_certificate_new_from_pem (pem, -1, &error);
  g_assert_no_error (error);

  cluster->health = "green";
  cluster->n_indices = 3;
  cluster->requests = g_ptr_array_new_with_free_func (g_free);
  cluster->soup = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (cluster->soup, NULL, handle, cluster, NULL);
  soup_server_listen_local (cluster->soup, 0,
                            SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (cluster->soup);
  g_assert_nonnull (uris);
  cluster->port = g_uri_get_port (uris->data);
  cluster->url = g_strdup_printf ("https://127.0.0.1:%u", cluster->port);

  return cluster;
}

static void
cluster_free (Cluster *cluster)
{
  soup_server_disconnect (cluster->soup);
  g_assert_finalize_object (cluster->soup);
  g_ptr_array_unref (cluster->requests);
  g_free (cluster->url);
  g_free (cluster);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Cluster, cluster_free)

static gboolean
cluster_was_asked (Cluster    *cluster,
                   const char *request)
{
  for (guint i = 0; i < cluster->requests->len; i++)
    if (g_str_equal (cluster->requests->pdata[i], request))
      return TRUE;

  return FALSE;
}

/* Helpers */

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
timed_out (gpointer user_data)
{
  g_error ("The test timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  guint timeout = g_timeout_add_seconds (30, timed_out, (gpointer) "an asynchronous result");

  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (timeout);
  return *slot;
}

static OdfeClient *
client_for (const char  *url,
            const char  *ca_pem,
            const char  *server_name,
            const char  *password)
{
  g_autoptr(GBytes) ca = ca_pem ? g_bytes_new (ca_pem, strlen (ca_pem)) : NULL;
  g_autoptr(GError) error = NULL;
  OdfeClient *client;

  client = odfe_client_new (url, ca, server_name, &error);
  g_assert_no_error (error);
  if (password != NULL)
    odfe_client_set_credentials (client, USER, password);

  return client;
}

static OdfeClient *
default_client (Cluster *cluster)
{
  return client_for (cluster->url, odfe_test_pki_get ()->ca.cert_pem, "elasticsearch.demo.svc",
                     PASSWORD);
}

static void
finish_client (OdfeClient *client)
{
  /* Let the session drop its connections before checking that it goes. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (client);
}

static OdfeHealth *
get_health (OdfeClient  *client,
            const char  *wait_for,
            guint        timeout,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  odfe_client_health_async (client, wait_for, timeout, NULL, store_result, &result);
  return odfe_client_health_finish (client, wait_result (&result), error);
}

/* Tests */

static void
test_info_open_distro (void)
{
  g_autoptr(Cluster) cluster = cluster_new (&odfe_test_pki_get ()->node);
  g_autoptr(OdfeClient) client = default_client (cluster);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OdfeInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_assert_cmpint (odfe_client_get_flavour (client), ==, ODFE_FLAVOUR_UNKNOWN);
  g_assert_cmpstr (odfe_client_get_server_name (client), ==, "elasticsearch.demo.svc");

  odfe_client_info_async (client, NULL, store_result, &result);
  info = odfe_client_info_finish (client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->version, ==, "7.10.2");
  g_assert_cmpstr (info->cluster_name, ==, "demo");
  g_assert_cmpstr (info->name, ==, "elasticsearch-0");
  g_assert_null (info->distribution);
  g_assert_cmpint (info->flavour, ==, ODFE_FLAVOUR_OPEN_DISTRO);
  g_assert_cmpint (odfe_client_get_flavour (client), ==, ODFE_FLAVOUR_OPEN_DISTRO);

  path = odfe_client_plugin_path (client, "_security/authinfo");
  g_assert_cmpstr (path, ==, "/_opendistro/_security/authinfo");

  /* The results hold the client. */
  g_clear_object (&result);
  finish_client (g_steal_pointer (&client));
}

static void
test_info_opensearch (void)
{
  g_autoptr(Cluster) cluster = cluster_new (&odfe_test_pki_get ()->node);
  g_autoptr(OdfeClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OdfeAuthInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  cluster->opensearch = TRUE;
  client = default_client (cluster);

  /* A plugin call on a client that does not know the flavour yet asks GET / first. */
  odfe_client_authinfo_async (client, NULL, store_result, &result);
  info = odfe_client_authinfo_finish (client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->user_name, ==, "admin");

  g_assert_cmpuint (cluster->requests->len, ==, 2);
  g_assert_cmpstr (cluster->requests->pdata[0], ==, "GET /");
  g_assert_cmpstr (cluster->requests->pdata[1], ==, "GET /_plugins/_security/authinfo");
  g_assert_cmpint (odfe_client_get_flavour (client), ==, ODFE_FLAVOUR_OPENSEARCH);

  path = odfe_client_plugin_path (client, "_alerting/monitors/_search");
  g_assert_cmpstr (path, ==, "/_plugins/_alerting/monitors/_search");

  /* The results hold the client. */
  g_clear_object (&result);
  finish_client (g_steal_pointer (&client));
}

static void
test_health (void)
{
  g_autoptr(Cluster) cluster = cluster_new (&odfe_test_pki_get ()->node);
  g_autoptr(OdfeClient) client = default_client (cluster);
  g_autoptr(OdfeHealth) health = NULL;
  g_autoptr(OdfeHealth) waited = NULL;
  g_autoptr(GError) error = NULL;

  health = get_health (client, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (health->cluster_name, ==, "demo");
  g_assert_cmpint (health->status, ==, ODFE_HEALTH_GREEN);
  g_assert_false (health->timed_out);
  g_assert_cmpint (health->number_of_nodes, ==, 3);
  g_assert_cmpint (health->active_shards, ==, 20);
  g_assert_cmpint (health->unassigned_shards, ==, 0);
  g_assert_cmpfloat (health->active_shards_percent, ==, 100.0);
  g_assert_true (cluster_was_asked (cluster, "GET /_cluster/health"));

  /* Waiting for green on a yellow cluster: the 408 is a result that says it timed out. */
  cluster->health = "yellow";
  waited = get_health (client, "green", 5, &error);
  g_assert_no_error (error);
  g_assert_true (waited->timed_out);
  g_assert_cmpint (waited->status, ==, ODFE_HEALTH_YELLOW);
  g_assert_cmpint (waited->unassigned_shards, ==, 10);
  g_assert_true (cluster_was_asked (cluster,
                                    "GET /_cluster/health?wait_for_status=green&timeout=5s"));

  g_clear_pointer (&waited, odfe_health_free);
  waited = get_health (client, "yellow", 1000, &error);
  g_assert_no_error (error);
  g_assert_false (waited->timed_out);
  g_assert_true (cluster_was_asked (cluster,
                                    "GET /_cluster/health?wait_for_status=yellow&timeout=60s"));

  finish_client (g_steal_pointer (&client));
}

static GPtrArray *
get_list (OdfeClient  *client,
          void       (*start) (OdfeClient *, GCancellable *, GAsyncReadyCallback, gpointer),
          GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  start (client, NULL, store_result, &result);
  return odfe_client_list_finish (client, wait_result (&result), error);
}

static void
test_cat_nodes (void)
{
  g_autoptr(Cluster) cluster = cluster_new (&odfe_test_pki_get ()->node);
  g_autoptr(OdfeClient) client = default_client (cluster);
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GError) error = NULL;
  OdfeNode *node;

  nodes = get_list (client, odfe_client_cat_nodes_async, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nodes->len, ==, 3);

  /* By name, values read from strings. */
  node = nodes->pdata[0];
  g_assert_cmpstr (node->name, ==, "elasticsearch-0");
  g_assert_true (node->is_master);
  g_assert_cmpstr (node->ip, ==, "10.0.0.1");
  g_assert_cmpstr (node->roles, ==, "dimr");
  g_assert_cmpint (node->heap_percent, ==, 12);
  g_assert_cmpint (node->ram_percent, ==, 90);
  g_assert_cmpint (node->cpu_percent, ==, 100);
  g_assert_cmpfloat_with_epsilon (node->load_1m, 1.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (node->load_15m, 0.5, 1e-9);

  node = nodes->pdata[1];
  g_assert_cmpstr (node->name, ==, "elasticsearch-1");
  g_assert_false (node->is_master);
  g_assert_cmpint (node->heap_percent, ==, 41);

  /* Unreadable values are unknown, not zero. */
  node = nodes->pdata[2];
  g_assert_cmpstr (node->name, ==, "elasticsearch-2");
  g_assert_null (node->ip);
  g_assert_null (node->roles);
  g_assert_cmpint (node->heap_percent, ==, -1);
  g_assert_cmpint (node->ram_percent, ==, -1);
  g_assert_cmpint (node->cpu_percent, ==, -1);
  g_assert_true (isnan (node->load_1m));
  g_assert_true (isnan (node->load_5m));
  g_assert_true (isnan (node->load_15m));

  g_assert_true (cluster_was_asked (cluster,
                                    "GET /_cat/nodes?format=json&h=name,ip,node.role,master,"
                                    "heap.percent,ram.percent,cpu,load_1m,load_5m,load_15m"));
  finish_client (g_steal_pointer (&client));
}

static void
test_cat_indices (void)
{
  g_autoptr(Cluster) cluster = cluster_new (&odfe_test_pki_get ()->node);
  g_autoptr(OdfeClient) client = default_client (cluster);
  g_autoptr(GPtrArray) indices = NULL;
  g_autoptr(GPtrArray) many = NULL;
  g_autoptr(GError) error = NULL;
  OdfeIndex *index;

  indices = get_list (client, odfe_client_cat_indices_async, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (indices->len, ==, 4);

  index = indices->pdata[0];
  g_assert_cmpstr (index->name, ==, "archive");
  g_assert_cmpint (index->health, ==, ODFE_HEALTH_RED);
  g_assert_cmpstr (index->status, ==, "close");
  g_assert_cmpint (index->primaries, ==, 2);
  g_assert_cmpint (index->replicas, ==, 0);
  g_assert_cmpint (index->docs_count, ==, -1);
  g_assert_cmpint (index->store_size, ==, -1);

  index = indices->pdata[2];
  g_assert_cmpstr (index->name, ==, "logs-00001");
  g_assert_cmpint (index->health, ==, ODFE_HEALTH_GREEN);
  g_assert_cmpint (index->docs_count, ==, 2);
  g_assert_cmpint (index->docs_deleted, ==, 0);
  g_assert_cmpint (index->store_size, ==, 2048);
  g_assert_cmpint (index->primary_store_size, ==, 1024);
  g_assert_true (cluster_was_asked (cluster,
                                    "GET /_cat/indices?format=json&bytes=b&h=health,status,"
                                    "index,uuid,pri,rep,docs.count,docs.deleted,store.size,"
                                    "pri.store.size"));

  /* A big answer (well over 64 KiB) is parsed in a worker thread, with the same result. */
  cluster->n_indices = 5000;
  many = get_list (client, odfe_client_cat_indices_async, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (many->len, ==, 5001);
  index = many->pdata[5000];
  g_assert_cmpstr (index->name, ==, "logs-04999");
  g_assert_cmpint (index->docs_count, ==, 1);
  g_assert_cmpint (index->store_size, ==, 4999 * 2048);
  g_assert_cmpint (((OdfeIndex *) many->pdata[1])->health, ==, ODFE_HEALTH_YELLOW);

  finish_client (g_steal_pointer (&client));
}

static void
test_nodes_stats (void)
{
  g_autoptr(Cluster) cluster = cluster_new (&odfe_test_pki_get ()->node);
  g_autoptr(OdfeClient) client = default_client (cluster);
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GError) error = NULL;
  const char * const roles[] = { "data", "ingest", "master", NULL };
  OdfeNodeStats *stats;

  nodes = get_list (client, odfe_client_nodes_stats_async, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nodes->len, ==, 2);

  /* Members of the wrong type are unknown. */
  stats = nodes->pdata[0];
  g_assert_cmpstr (stats->id, ==, "Ab1");
  g_assert_cmpstr (stats->name, ==, "elasticsearch-0");
  g_assert_cmpuint (g_strv_length (stats->roles), ==, 0);
  g_assert_cmpint (stats->cpu_percent, ==, -1);
  g_assert_cmpint (stats->mem_total, ==, -1);
  g_assert_cmpint (stats->heap_used_percent, ==, 60);
  g_assert_cmpint (stats->heap_max, ==, -1);
  g_assert_true (isnan (stats->load_1m));

  stats = nodes->pdata[1];
  g_assert_cmpstr (stats->id, ==, "Xk2");
  g_assert_cmpstr (stats->host, ==, "10.0.0.2");
  g_assert_cmpstrv (stats->roles, roles);
  g_assert_cmpint (stats->cpu_percent, ==, 7);
  g_assert_cmpfloat_with_epsilon (stats->load_1m, 0.5, 1e-9);
  g_assert_cmpint (stats->mem_total, ==, G_GINT64_CONSTANT (4294967296));
  g_assert_cmpint (stats->mem_used, ==, G_GINT64_CONSTANT (2147483648));
  g_assert_cmpint (stats->heap_used, ==, 268435456);
  g_assert_cmpint (stats->heap_max, ==, 1073741824);
  g_assert_cmpint (stats->heap_used_percent, ==, 25);
  g_assert_cmpint (stats->uptime_ms, ==, 123456);
  g_assert_cmpint (stats->fs_total, ==, G_GINT64_CONSTANT (10737418240));
  g_assert_cmpint (stats->fs_available, ==, G_GINT64_CONSTANT (5368709120));
  g_assert_cmpint (stats->docs_count, ==, 1000);
  g_assert_cmpint (stats->store_size, ==, 65536);

  finish_client (g_steal_pointer (&client));
}

static OdfeSecurityHealth *
get_security_health (OdfeClient  *client,
                     GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  odfe_client_security_health_async (client, NULL, store_result, &result);
  return odfe_client_security_health_finish (client, wait_result (&result), error);
}

static void
test_security_health (void)
{
  g_autoptr(Cluster) cluster = cluster_new (&odfe_test_pki_get ()->node);
  g_autoptr(OdfeClient) client = NULL;
  g_autoptr(OdfeSecurityHealth) up = NULL;
  g_autoptr(OdfeSecurityHealth) down = NULL;
  g_autoptr(GError) error = NULL;

  /* No credentials: GET / is refused, so the flavour stays unknown and the legacy path,
   * which both flavours serve, is used; the health check itself needs none. */
  client = client_for (cluster->url, odfe_test_pki_get ()->ca.cert_pem,
                       "elasticsearch.demo.svc", NULL);
  up = get_security_health (client, &error);
  g_assert_no_error (error);
  g_assert_true (up->up);
  g_assert_cmpstr (up->status, ==, "UP");
  g_assert_cmpstr (up->mode, ==, "strict");
  g_assert_null (up->message);
  g_assert_true (cluster_was_asked (cluster, "GET /_opendistro/_security/health"));
  g_assert_cmpint (odfe_client_get_flavour (client), ==, ODFE_FLAVOUR_UNKNOWN);

  /* Not initialized: 503 with the health body is a result. */
  cluster->security_down = TRUE;
  down = get_security_health (client, &error);
  g_assert_no_error (error);
  g_assert_false (down->up);
  g_assert_cmpstr (down->status, ==, "DOWN");
  g_assert_cmpstr (down->message, ==, "Not initialized");

  finish_client (g_steal_pointer (&client));
}

static void
test_authinfo (void)
{
  g_autoptr(Cluster) cluster = cluster_new (&odfe_test_pki_get ()->node);
  g_autoptr(OdfeClient) client = default_client (cluster);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) refused = NULL;
  g_autoptr(OdfeAuthInfo) info = NULL;
  g_autoptr(OdfeAuthInfo) none = NULL;
  g_autoptr(GError) error = NULL;
  const char * const roles[] = { "all_access", "own_index", NULL };
  const char * const backend_roles[] = { "admin", NULL };

  odfe_client_authinfo_async (client, NULL, store_result, &result);
  info = odfe_client_authinfo_finish (client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->user_name, ==, "admin");
  g_assert_null (info->user_requested_tenant);
  g_assert_cmpstr (info->remote_address, ==, "127.0.0.1:50000");
  g_assert_cmpstrv (info->roles, roles);
  g_assert_cmpstrv (info->backend_roles, backend_roles);
  g_assert_cmpuint (g_strv_length (info->tenants), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) info->tenants, "global_tenant"));
  g_assert_true (cluster_was_asked (cluster, "GET /_opendistro/_security/authinfo"));

  /* The security plugin's own error shape. */
  cluster->forbid_authinfo = TRUE;
  odfe_client_authinfo_async (client, NULL, store_result, &refused);
  none = odfe_client_authinfo_finish (client, wait_result (&refused), &error);
  g_assert_null (none);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "does not have any access to endpoint AUTHINFO"));
  g_assert_nonnull (strstr (error->message, "403"));

  /* The results hold the client. */
  g_clear_object (&result);
  g_clear_object (&refused);
  finish_client (g_steal_pointer (&client));
}

static void
test_wrong_password (void)
{
  g_autoptr(Cluster) cluster = cluster_new (&odfe_test_pki_get ()->node);
  g_autoptr(OdfeClient) client = NULL;
  g_autoptr(OdfeHealth) health = NULL;
  g_autoptr(GError) error = NULL;

  client = client_for (cluster->url, odfe_test_pki_get ()->ca.cert_pem,
                       "elasticsearch.demo.svc", "not the password");
  health = get_health (client, NULL, 0, &error);
  g_assert_null (health);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, "Unauthorized (HTTP 401)");
  g_assert_null (strstr (error->message, "not the password"));
  g_clear_error (&error);

  /* The right one works on the same client. */
  odfe_client_set_credentials (client, USER, PASSWORD);
  health = get_health (client, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (health);

  finish_client (g_steal_pointer (&client));
}

static void
test_wrong_ca (void)
{
  g_autoptr(Cluster) cluster = cluster_new (&odfe_test_pki_get ()->other_node);
  g_autoptr(OdfeClient) client = default_client (cluster);
  g_autoptr(OdfeClient) system = NULL;
  g_autoptr(OdfeHealth) health = NULL;
  g_autoptr(GError) error = NULL;

  health = get_health (client, NULL, 0, &error);
  g_assert_null (health);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "not signed by the cluster's certificate authority"));
  g_clear_error (&error);

  /* The system's CAs do not know a cluster's own CA either. */
  system = client_for (cluster->url, NULL, "elasticsearch.demo.svc", PASSWORD);
  health = get_health (system, NULL, 0, &error);
  g_assert_null (health);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "a certificate authority this computer trusts"));
  g_assert_cmpuint (cluster->requests->len, ==, 0);

  finish_client (g_steal_pointer (&client));
  finish_client (g_steal_pointer (&system));
}

static void
test_wrong_name (void)
{
  g_autoptr(Cluster) cluster = cluster_new (&odfe_test_pki_get ()->node);
  g_autoptr(OdfeClient) client = NULL;
  g_autoptr(OdfeClient) by_address = NULL;
  g_autoptr(OdfeHealth) health = NULL;
  g_autoptr(GError) error = NULL;

  client = client_for (cluster->url, odfe_test_pki_get ()->ca.cert_pem,
                       "elasticsearch.other.svc", PASSWORD);
  health = get_health (client, NULL, 0, &error);
  g_assert_null (health);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "not elasticsearch.other.svc"));
  g_assert_nonnull (strstr (error->message, "elasticsearch.demo.svc"));
  g_assert_cmpuint (cluster->requests->len, ==, 0);
  g_clear_error (&error);

  /* Without a name, the host of the URL is checked: this certificate also has 127.0.0.1. */
  by_address = client_for (cluster->url, odfe_test_pki_get ()->ca.cert_pem, NULL, PASSWORD);
  g_assert_cmpstr (odfe_client_get_server_name (by_address), ==, "127.0.0.1");
  health = get_health (by_address, NULL, 0, &error);
  g_assert_no_error (error);

  finish_client (g_steal_pointer (&client));
  finish_client (g_steal_pointer (&by_address));
}

static void
test_expired_certificate (void)
{
  g_autoptr(Cluster) cluster = cluster_new (&odfe_test_pki_get ()->expired);
  g_autoptr(OdfeClient) client = default_client (cluster);
  g_autoptr(OdfeHealth) health = NULL;
  g_autoptr(GError) error = NULL;

  health = get_health (client, NULL, 0, &error);
  g_assert_null (health);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "expired on"));

  finish_client (g_steal_pointer (&client));
}

static void
test_answers (void)
{
  g_autoptr(Cluster) cluster = cluster_new (&odfe_test_pki_get ()->node);
  g_autoptr(OdfeClient) client = default_client (cluster);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  /* Elasticsearch's error shape: the reason, then the type. */
  cluster->forbid_indices = TRUE;
  list = get_list (client, odfe_client_cat_indices_async, &error);
  g_assert_null (list);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_FORBIDDEN);
  g_assert_true (g_str_has_prefix (error->message,
                                   "no permissions for [indices:monitor/settings/get] and User "
                                   "[name=reader"));
  g_assert_true (g_str_has_suffix (error->message, "(security_exception) (HTTP 403)"));
  g_clear_error (&error);

  /* Not JSON, or JSON of the wrong shape. */
  cluster->malformed = TRUE;
  list = get_list (client, odfe_client_cat_nodes_async, &error);
  g_assert_null (list);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_PROTOCOL);
  g_clear_error (&error);

  cluster->malformed = FALSE;
  cluster->wrong_shape = TRUE;
  list = get_list (client, odfe_client_cat_nodes_async, &error);
  g_assert_null (list);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "_cat/nodes"));
  g_clear_error (&error);

  /* Too large. */
  cluster->forbid_indices = FALSE;
  cluster->n_indices = 1000;
  odfe_client_set_max_body_size (client, 16 * 1024);
  list = get_list (client, odfe_client_cat_indices_async, &error);
  g_assert_null (list);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_TOO_LARGE);
  g_clear_error (&error);
  odfe_client_set_max_body_size (client, 64 * 1024 * 1024);

  /* Any path, with the server's reason on failure. */
  odfe_client_request_json_async (client, "GET", "/nothing/_search", NULL, NULL, store_result,
                                  &result);
  node = odfe_client_request_json_finish (client, wait_result (&result), &error);
  g_assert_null (node);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==,
                   "no such index [nothing] (index_not_found_exception) (HTTP 404)");

  /* The results hold the client. */
  g_clear_object (&result);
  finish_client (g_steal_pointer (&client));
}

static void
test_request_body (void)
{
  g_autoptr(Cluster) cluster = cluster_new (&odfe_test_pki_get ()->node);
  g_autoptr(OdfeClient) client = default_client (cluster);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) body = json_from_string ("{\"query\":\"SELECT * FROM logs\","
                                               "\"fetch_size\":5}", NULL);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  odfe_client_request_json_async (client, "POST", "/_echo", body, NULL, store_result, &result);
  answer = odfe_client_request_json_finish (client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (answer, body));
  g_assert_true (cluster_was_asked (cluster, "POST /_echo"));

  g_clear_object (&result);
  finish_client (g_steal_pointer (&client));
}

static void
test_cancel (void)
{
  g_autoptr(Cluster) cluster = cluster_new (&odfe_test_pki_get ()->node);
  g_autoptr(OdfeClient) client = default_client (cluster);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OdfeAuthInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  odfe_client_authinfo_async (client, cancellable, store_result, &result);
  g_cancellable_cancel (cancellable);
  info = odfe_client_authinfo_finish (client, wait_result (&result), &error);
  g_assert_null (info);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* The results hold the client. */
  g_clear_object (&result);
  finish_client (g_steal_pointer (&client));
}

static void
test_bad_arguments (void)
{
  g_autoptr(GBytes) not_a_ca = g_bytes_new_static ("hello", 5);
  g_autoptr(GError) error = NULL;
  OdfeClient *client;

  client = odfe_client_new ("http://127.0.0.1:9200", NULL, NULL, &error);
  g_assert_null (client);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_CONFIG);
  g_clear_error (&error);

  client = odfe_client_new ("https://127.0.0.1:9200", not_a_ca, "elasticsearch.demo.svc",
                            &error);
  g_assert_null (client);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_CONFIG);
}

/* SEARCHDECK_DEBUG=http prints the headers, but never the credentials. */
static void
test_debug_redacts (void)
{
  g_autofree char *encoded = g_base64_encode ((const guchar *) USER ":" PASSWORD,
                                              strlen (USER ":" PASSWORD));
  g_autofree char *pattern = g_strdup_printf ("*%s*", encoded);

  if (g_test_subprocess ())
    {
      g_autoptr(Cluster) cluster = NULL;
      g_autoptr(OdfeClient) client = NULL;
      g_autoptr(OdfeHealth) health = NULL;
      g_autoptr(GError) error = NULL;

      g_setenv ("SEARCHDECK_DEBUG", "http", TRUE);
      cluster = cluster_new (&odfe_test_pki_get ()->node);
      client = default_client (cluster);
      health = get_health (client, NULL, 0, &error);
      g_assert_no_error (error);
      finish_client (g_steal_pointer (&client));
      return;
    }

  g_test_trap_subprocess (NULL, 0, 0);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*> GET /_cluster/health HTTP/1.1*");
  g_test_trap_assert_stderr ("*> Authorization: [redacted]*");
  g_test_trap_assert_stderr_unmatched (pattern);
  g_test_trap_assert_stderr_unmatched ("*" PASSWORD "*");
}

/* Error bodies, one shape after another. */
static void
test_error_shapes (void)
{
  static const struct
  {
    const char *body;
    const char *reason;
  } cases[] = {
    { "{\"error\":{\"type\":\"t\",\"reason\":\"r\"},\"status\":400}", "r (t)" },
    { "{\"error\":{\"root_cause\":[],\"type\":\"only_type\"}}", "only_type" },
    { "{\"error\":{\"caused_by\":{\"reason\":\"deeper\"}}}", "deeper" },
    { "{\"error\":{\"reason\":5,\"type\":\"x\"}}", "x" },
    { "{\"status\":\"NOT_FOUND\",\"message\":\"'bob' not found.\"}", "'bob' not found." },
    { "{\"error\":\"metrics/aggregations should have the same number of entries.\"}",
      "metrics/aggregations should have the same number of entries." },
    { "{\"error\":{\"reason\":\"Invalid SQL query\",\"details\":\"…\","
      "\"type\":\"SemanticAnalysisException\"},\"status\":400}",
      "Invalid SQL query (SemanticAnalysisException)" },
    { "Unauthorized", "Unauthorized" },
    { "  Unauthorized\n\nmore lines\n", "Unauthorized" },
    { "<html><body>Bad gateway</body></html>", NULL },
    { "{\"message\":3}", NULL },
    { "[1,2]", NULL },
    { "{broken", NULL },
    { "", NULL },
  };
  g_autofree char *long_text = NULL;
  g_autofree char *reason = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *found = odfe_error_reason_from_body (cases[i].body,
                                                            strlen (cases[i].body));

      g_assert_cmpstr (found, ==, cases[i].reason);
    }

  long_text = g_strnfill (3000, 'a');
  reason = odfe_error_reason_from_body (long_text, strlen (long_text));
  g_assert_cmpuint (g_utf8_strlen (reason, -1), ==, 1025);

  g_assert_cmpint (odfe_error_code_for_status (401), ==, ODFE_ERROR_UNAUTHORIZED);
  g_assert_cmpint (odfe_error_code_for_status (501), ==, ODFE_ERROR_NOT_IMPLEMENTED);
  g_assert_cmpint (odfe_error_code_for_status (503), ==, ODFE_ERROR_UNAVAILABLE);
  g_assert_cmpint (odfe_error_code_for_status (502), ==, ODFE_ERROR_SERVER_ERROR);
  g_assert_cmpint (odfe_error_code_for_status (408), ==, ODFE_ERROR_TIMEOUT);

  body = g_bytes_new_static ("", 0);
  error = odfe_error_new_from_response (503, "Service Unavailable", body);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_UNAVAILABLE);
  g_assert_true (odfe_error_is_transient (error));
}

static JsonNode *
secret_with (const char *key,
             const char *value)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "metadata");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "elasticsearch-tls");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  if (key != NULL)
    {
      g_autofree char *encoded = g_base64_encode ((const guchar *) value, strlen (value));

      json_builder_set_member_name (builder, key);
      json_builder_add_string_value (builder, encoded);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
test_ca_from_secret (void)
{
  const char *ca = odfe_test_pki_get ()->ca.cert_pem;
  g_autoptr(JsonNode) good = secret_with ("elk-rest-root-ca.pem", ca);
  g_autoptr(JsonNode) other_key = secret_with ("root-ca.pem", ca);
  g_autoptr(JsonNode) missing = secret_with (NULL, NULL);
  g_autoptr(JsonNode) not_pem = secret_with ("elk-rest-root-ca.pem", "hello");
  g_autoptr(JsonNode) not_object = json_from_string ("{\"data\":[1]}", NULL);
  g_autoptr(GBytes) found = NULL;
  g_autoptr(GBytes) found_other = NULL;
  g_autoptr(GBytes) none = NULL;
  g_autoptr(GError) error = NULL;

  found = odfe_ca_from_tls_secret (good, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (found, NULL), g_bytes_get_size (found), ca, strlen (ca));

  found_other = odfe_ca_from_tls_secret (other_key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found_other);

  none = odfe_ca_from_tls_secret (missing, &error);
  g_assert_null (none);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "elasticsearch-tls"));
  g_clear_error (&error);

  none = odfe_ca_from_tls_secret (not_pem, &error);
  g_assert_null (none);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_CONFIG);
  g_clear_error (&error);

  none = odfe_ca_from_tls_secret (not_object, &error);
  g_assert_null (none);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_CONFIG);
}

/* Through a port-forward: sandbox API server → WebSocket → this cluster */

typedef struct
{
  GIOStream         *pod_side;
  GSocketConnection *cluster_side;
} Bridge;

static guint open_bridges;

static void
bridge_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Bridge *bridge = user_data;

  g_io_stream_splice_finish (result, NULL);
  g_object_unref (bridge->pod_side);
  g_object_unref (bridge->cluster_side);
  g_free (bridge);
  open_bridges--;
}

/* Port 9200 of every pod leads to the in-process cluster. */
static void
serve_cluster (JsonNode  *pod,
               GIOStream *stream,
               gpointer   user_data)
{
  Cluster *cluster = user_data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  Bridge *bridge = g_new0 (Bridge, 1);

  bridge->pod_side = g_object_ref (stream);
  bridge->cluster_side = g_socket_client_connect_to_host (client, "127.0.0.1", cluster->port,
                                                          NULL, &error);
  g_assert_no_error (error);
  open_bridges++;
  g_io_stream_splice_async (bridge->pod_side, G_IO_STREAM (bridge->cluster_side),
                            G_IO_STREAM_SPLICE_CLOSE_STREAM1 | G_IO_STREAM_SPLICE_CLOSE_STREAM2,
                            G_PRIORITY_DEFAULT, NULL, bridge_done, bridge);
}

static void
test_through_port_forward (void)
{
  g_autoptr(Cluster) cluster = cluster_new (&odfe_test_pki_get ()->node);
  g_autoptr(GError) error = NULL;
  g_autoptr(SandboxServer) server = NULL;
  g_autoptr(KubeConfig) config = NULL;
  g_autoptr(KubeConnection) connection = NULL;
  g_autoptr(KubeClient) kube = NULL;
  g_autoptr(KubePortForward) forward = NULL;
  g_autoptr(OdfeClient) client = NULL;
  g_autoptr(GBytes) ca = NULL;
  g_autoptr(GAsyncResult) health_result = NULL;
  g_autoptr(GAsyncResult) nodes_result = NULL;
  g_autoptr(GAsyncResult) indices_result = NULL;
  g_autoptr(GAsyncResult) info_result = NULL;
  g_autoptr(OdfeHealth) health = NULL;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GPtrArray) indices = NULL;
  g_autoptr(OdfeAuthInfo) info = NULL;
  g_autofree char *state_dir = NULL;
  g_autofree char *url = NULL;
  g_autofree char *server_name = NULL;
  SandboxFaults *faults = sandbox_faults_new ();
  SandboxServerOptions options = { .seed_demo = TRUE, .ready_delay_ms = 100,
                                   .delete_delay_ms = 100, .log_interval_ms = 100 };
  const char *paths[2] = { NULL, NULL };
  const char *ca_pem = odfe_test_pki_get ()->ca.cert_pem;

  state_dir = scratch_dir_new ("test-odfe-client");
  options.state_dir = state_dir;
  server = sandbox_server_new (&options, faults, &error);
  g_assert_no_error (error);
  sandbox_server_set_port_handler (server, 9200, serve_cluster, cluster);

  paths[0] = sandbox_server_get_kubeconfig_path (server);
  config = kube_config_load (paths, &error);
  g_assert_no_error (error);
  connection = kube_connection_new (config, NULL, &error);
  g_assert_no_error (error);
  kube = kube_client_new (connection);

  /* Pods become Ready shortly after start; a forward made before fails its stream. */
  for (guint attempt = 0; attempt < 50; attempt++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(KubeList) list = NULL;
      KubeListOptions list_options = { .label_selector = "app.kubernetes.io/instance=demo" };
      guint ready = 0;

      kube_client_list_async (kube, kube_resource_type_get (KUBE_RESOURCE_PODS), "demo",
                              &list_options, NULL, store_result, &result);
      list = kube_client_list_finish (kube, wait_result (&result), &error);
      g_assert_no_error (error);
      for (guint i = 0; i < list->items->len; i++)
        ready += kube_pod_is_ready (list->items->pdata[i]);
      if (ready > 0)
        break;
      sandbox_session_sleep (100);
    }

  forward = kube_port_forward_new (kube, "demo", "app.kubernetes.io/instance=demo", NULL, 9200);
  g_assert_true (kube_port_forward_start (forward, &error));
  g_assert_no_error (error);

  /* 127.0.0.1 on the socket, the Service's name in the certificate check. */
  url = g_strdup_printf ("https://127.0.0.1:%u", kube_port_forward_get_local_port (forward));
  server_name = odfe_service_server_name ("demo");
  ca = g_bytes_new (ca_pem, strlen (ca_pem));
  client = odfe_client_new (url, ca, server_name, &error);
  g_assert_no_error (error);
  odfe_client_set_credentials (client, USER, PASSWORD);

  /* Several calls at once: several connections, each its own forwarded stream. */
  odfe_client_health_async (client, NULL, 0, NULL, store_result, &health_result);
  odfe_client_cat_nodes_async (client, NULL, store_result, &nodes_result);
  odfe_client_cat_indices_async (client, NULL, store_result, &indices_result);
  odfe_client_authinfo_async (client, NULL, store_result, &info_result);

  health = odfe_client_health_finish (client, wait_result (&health_result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (health->status, ==, ODFE_HEALTH_GREEN);
  nodes = odfe_client_list_finish (client, wait_result (&nodes_result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nodes->len, ==, 3);
  indices = odfe_client_list_finish (client, wait_result (&indices_result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (indices->len, ==, 4);
  info = odfe_client_authinfo_finish (client, wait_result (&info_result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->user_name, ==, "admin");

  g_assert_cmpstr (kube_port_forward_get_pod_name (forward), ==, "elasticsearch-0");
  g_assert_cmpuint (kube_port_forward_get_n_connections (forward), >=, 1);

  /* The client goes (the results hold it); its connections close, and so do the forwarded
   * streams. */
  g_clear_object (&health_result);
  g_clear_object (&nodes_result);
  g_clear_object (&indices_result);
  g_clear_object (&info_result);
  finish_client (g_steal_pointer (&client));
  while (kube_port_forward_get_n_connections (forward) > 0 || open_bridges > 0)
    g_main_context_iteration (NULL, TRUE);

  kube_port_forward_close (forward);
  g_assert_finalize_object (g_steal_pointer (&forward));
  g_assert_finalize_object (g_steal_pointer (&kube));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (g_steal_pointer (&connection));
  g_assert_finalize_object (g_steal_pointer (&config));
  g_assert_finalize_object (g_steal_pointer (&server));
  sandbox_faults_free (faults);
  scratch_dir_remove (state_dir);
}

/* The sandbox program's simulated Open Distro cluster, reached as the application reaches a
 * real one: the CA from the elasticsearch-tls Secret, the demo admin password from beside
 * the kubeconfig, a port-forward to a Ready pod, and the Service's name in the TLS check. */

static void
test_sandbox_cluster (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OdfeClient) wrong_password = NULL;
  g_autoptr(OdfeClient) wrong_name = NULL;
  g_autoptr(OdfeClient) wrong_ca = NULL;
  g_autoptr(GBytes) other_ca = NULL;
  g_autoptr(OdfeInfo) info = NULL;
  g_autoptr(OdfeHealth) health = NULL;
  g_autoptr(OdfeHealth) refused = NULL;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GPtrArray) indices = NULL;
  g_autoptr(GPtrArray) stats = NULL;
  g_autoptr(OdfeSecurityHealth) security = NULL;
  g_autoptr(OdfeAuthInfo) auth = NULL;
  g_autofree char *url = NULL;
  g_autofree char *server_name = NULL;
  const char *other_pem = odfe_test_pki_get ()->other_ca.cert_pem;
  const char * const args[] = { "--ready-delay", "200", NULL };
  SandboxSession *session = sandbox_session_start ("test-odfe-client", args);
  OdfeClient *client;
  guint masters = 0;

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  sandbox_session_wait_ready (session, 3, 10);
  g_assert_cmpuint (sandbox_session_count_ready (session), ==, 3);

  /* The CA, the password, a port-forward and a client with the Service's name. */
  sandbox_session_open_odfe (session);
  client = session->odfe;
  url = g_strdup_printf ("https://127.0.0.1:%u",
                         kube_port_forward_get_local_port (session->forward));
  server_name = odfe_service_server_name ("demo");

  {
    g_autoptr(GAsyncResult) info_result = NULL;

    odfe_client_info_async (client, NULL, store_result, &info_result);
    info = odfe_client_info_finish (client, wait_result (&info_result), &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (info->flavour, ==, ODFE_FLAVOUR_OPEN_DISTRO);
  g_assert_true (g_str_has_prefix (info->version, "7."));
  g_assert_cmpstr (info->cluster_name, ==, "demo");

  health = get_health (client, "yellow", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (health->cluster_name, ==, "demo");
  g_assert_cmpint (health->status, !=, ODFE_HEALTH_UNKNOWN);
  g_assert_cmpint (health->number_of_nodes, ==, 3);

  nodes = get_list (client, odfe_client_cat_nodes_async, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nodes->len, ==, 3);
  for (guint i = 0; i < nodes->len; i++)
    {
      OdfeNode *node = nodes->pdata[i];

      masters += node->is_master;
      g_assert_nonnull (node->name);
      g_assert_cmpint (node->heap_percent, >=, 0);
      g_assert_cmpint (node->heap_percent, <=, 100);
    }
  g_assert_cmpuint (masters, ==, 1);

  indices = get_list (client, odfe_client_cat_indices_async, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < indices->len; i++)
    g_assert_nonnull (((OdfeIndex *) indices->pdata[i])->name);

  stats = get_list (client, odfe_client_nodes_stats_async, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats->len, ==, 3);
  g_assert_cmpint (((OdfeNodeStats *) stats->pdata[0])->heap_max, >, 0);

  security = get_security_health (client, &error);
  g_assert_no_error (error);
  g_assert_true (security->up);

  {
    g_autoptr(GAsyncResult) auth_result = NULL;

    odfe_client_authinfo_async (client, NULL, store_result, &auth_result);
    auth = odfe_client_authinfo_finish (client, wait_result (&auth_result), &error);
    g_assert_no_error (error);
  }
  g_assert_cmpstr (auth->user_name, ==, "admin");

  /* The bcrypt hash in the security Secret refuses another password. */
  wrong_password = odfe_client_new (url, session->ca, server_name, &error);
  g_assert_no_error (error);
  odfe_client_set_credentials (wrong_password, "admin", "not-the-password");
  refused = get_health (wrong_password, NULL, 0, &error);
  g_assert_null (refused);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  wrong_name = odfe_client_new (url, session->ca, "elasticsearch.elsewhere.svc", &error);
  g_assert_no_error (error);
  odfe_client_set_credentials (wrong_name, "admin", session->password);
  refused = get_health (wrong_name, NULL, 0, &error);
  g_assert_null (refused);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_TLS);
  g_clear_error (&error);

  other_ca = g_bytes_new (other_pem, strlen (other_pem));
  wrong_ca = odfe_client_new (url, other_ca, server_name, &error);
  g_assert_no_error (error);
  odfe_client_set_credentials (wrong_ca, "admin", session->password);
  refused = get_health (wrong_ca, NULL, 0, &error);
  g_assert_null (refused);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_TLS);
  g_clear_error (&error);

  finish_client (g_steal_pointer (&session->odfe));
  finish_client (g_steal_pointer (&wrong_password));
  finish_client (g_steal_pointer (&wrong_name));
  finish_client (g_steal_pointer (&wrong_ca));
  /* The forwarded connections all close once their clients are gone. */
  while (kube_port_forward_get_n_connections (session->forward) > 0)
    g_main_context_iteration (NULL, TRUE);
  /* Closes the forward and the API client, checking that each goes, and stops the sandbox
   * (which zeroes the password). */
  sandbox_session_stop (session);
}

static OdfeInfo *
get_info (OdfeClient  *client,
          GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  odfe_client_info_async (client, NULL, store_result, &result);
  return odfe_client_info_finish (client, wait_result (&result), error);
}

static void
on_pod_name (GObject    *object,
             GParamSpec *pspec,
             gpointer    user_data)
{
  if (kube_port_forward_get_pod_name (KUBE_PORT_FORWARD (object)) == NULL)
    *(gboolean *) user_data = TRUE;
}

/* The pod behind an open (kept-alive) connection is deleted: the simulated node drops its
 * connections, the forward leaves the pod, and the client's next request reaches another. */
static void
test_sandbox_pod_deleted (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) deleted_result = NULL;
  g_autoptr(OdfeInfo) before = NULL;
  g_autoptr(OdfeInfo) after = NULL;
  g_autoptr(JsonNode) deleted = NULL;
  /* Slow to become Ready, so that the replacement of the deleted pod is not yet. */
  const char * const args[] = { "--ready-delay", "5000", NULL };
  SandboxSession *session = sandbox_session_start_with_flags ("test-odfe-client", args,
                                                              SANDBOX_SESSION_LENIENT);
  KubePortForward *forward;
  OdfeClient *client;
  gboolean left = FALSE;

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  sandbox_session_wait_ready (session, 3, 20);
  g_assert_cmpuint (sandbox_session_count_ready (session), ==, 3);

  /* The client reaches the cluster as elasticsearch.demo.svc. */
  sandbox_session_open_odfe (session);
  forward = session->forward;
  client = session->odfe;
  g_signal_connect (forward, "notify::pod-name", G_CALLBACK (on_pod_name), &left);

  before = get_info (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (before->name, ==, "elasticsearch-0");
  g_assert_cmpuint (kube_port_forward_get_n_connections (forward), ==, 1);

  kube_client_delete_async (session->kube, kube_resource_type_get (KUBE_RESOURCE_PODS), "demo",
                            "elasticsearch-0", NULL, NULL, store_result, &deleted_result);
  deleted = kube_client_object_finish (session->kube, wait_result (&deleted_result), &error);
  g_assert_no_error (error);

  /* Wait until the pod is gone or replaced; the connection stays open meanwhile. */
  while (TRUE)
    {
      g_autoptr(GAsyncResult) get_result = NULL;
      g_autoptr(JsonNode) pod = NULL;
      g_autoptr(GError) get_error = NULL;

      kube_client_get_async (session->kube, kube_resource_type_get (KUBE_RESOURCE_PODS), "demo",
                             "elasticsearch-0", NULL, store_result, &get_result);
      pod = kube_client_get_finish (session->kube, wait_result (&get_result), &get_error);
      if (pod == NULL
          || g_strcmp0 (json_object_get_string_member (json_object_get_object_member (
                          json_node_get_object (pod), "metadata"), "uid"),
                        json_object_get_string_member (json_object_get_object_member (
                          json_node_get_object (deleted), "metadata"), "uid")) != 0)
        break;
      sandbox_session_sleep (100);
    }

  /* The forward let the pod go when it began terminating; the kept-alive connection is
   * still open, since the simulated node drops connections when they are next used. */
  g_assert_true (left);
  g_assert_null (kube_port_forward_get_pod_name (forward));
  g_assert_cmpuint (kube_port_forward_get_n_connections (forward), ==, 1);

  /* The next request goes out on the open connection, which the node that went away drops;
   * the client tries again on a new connection, which the forward sends to another pod (the
   * replacement elasticsearch-0 is not Ready yet). */
  after = get_info (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after->name, !=, "elasticsearch-0");
  g_assert_cmpstr (after->name, ==, kube_port_forward_get_pod_name (forward));
  g_assert_cmpstr (after->cluster_uuid, ==, before->cluster_uuid);

  finish_client (g_steal_pointer (&session->odfe));
  /* The forwarded connections all close once the client is gone. */
  while (kube_port_forward_get_n_connections (forward) > 0)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&deleted_result);
  sandbox_session_stop (session);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/odfe/client/info-open-distro", test_info_open_distro);
  g_test_add_func ("/odfe/client/info-opensearch", test_info_opensearch);
  g_test_add_func ("/odfe/client/health", test_health);
  g_test_add_func ("/odfe/client/cat-nodes", test_cat_nodes);
  g_test_add_func ("/odfe/client/cat-indices", test_cat_indices);
  g_test_add_func ("/odfe/client/nodes-stats", test_nodes_stats);
  g_test_add_func ("/odfe/client/security-health", test_security_health);
  g_test_add_func ("/odfe/client/authinfo", test_authinfo);
  g_test_add_func ("/odfe/client/wrong-password", test_wrong_password);
  g_test_add_func ("/odfe/client/wrong-ca", test_wrong_ca);
  g_test_add_func ("/odfe/client/wrong-name", test_wrong_name);
  g_test_add_func ("/odfe/client/expired-certificate", test_expired_certificate);
  g_test_add_func ("/odfe/client/answers", test_answers);
  g_test_add_func ("/odfe/client/request-body", test_request_body);
  g_test_add_func ("/odfe/client/cancel", test_cancel);
  g_test_add_func ("/odfe/client/bad-arguments", test_bad_arguments);
  g_test_add_func ("/odfe/client/debug-redacts", test_debug_redacts);
  g_test_add_func ("/odfe/client/ca-from-secret", test_ca_from_secret);
  g_test_add_func ("/odfe/error/shapes", test_error_shapes);
  g_test_add_func ("/odfe/client/through-port-forward", test_through_port_forward);
  g_test_add_func ("/odfe/client/sandbox-cluster", test_sandbox_cluster);
  g_test_add_func ("/odfe/client/sandbox-pod-deleted", test_sandbox_pod_deleted);

  return g_test_run ();
}
