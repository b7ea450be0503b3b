/* test-sandbox-api.c: the sandbox's API, in-process, over real HTTPS and WebSocket
 *
 * What kubectl does not reach: discovery's exact content type, OpenAPI,
 * paging, every selector form, optimistic locking, delete preconditions,
 * graceful deletion, watch filters and timeouts, the fault switches,
 * client-certificate authentication, exec and port-forward over WebSocket
 * with a registered port handler.
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <crypt.h>
#include <glib/gstdio.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/stat.h>

#include "sandbox-server.h"
#include "scratch-dir.h"

static SandboxServer *server;
static SandboxFaults *faults;
static char *state_dir;
static char *token;
static char *base_url;

static void
iterate_until (gboolean *done,
               guint     seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!*done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
on_wake (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_wake, &done);
  iterate_until (&done, 60);
}

static SoupSession *
new_session (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ca = g_build_filename (state_dir, "ca.crt", NULL);
  g_autoptr(GTlsDatabase) database = g_tls_file_database_new (ca, &error);

  g_assert_no_error (error);
  return soup_session_new_with_options ("tls-database", database, NULL);
}

static SoupMessage *
new_message (const char *method,
             const char *path,
             const char *content_type,
             const char *body,
             gboolean    authorized)
{
  g_autofree char *url = g_strconcat (base_url, path, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  g_assert_nonnull (msg);
  if (authorized)
    {
      g_autofree char *authorization = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    authorization);
    }

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, content_type ? content_type
                                                                  : "application/json", bytes);
    }

  return msg;
}

typedef struct
{
  gboolean  done;
  GBytes   *body;
  GError   *error;
} Fetch;

static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fetch *fetch = user_data;

  fetch->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &fetch->error);
  fetch->done = TRUE;
}

/* Sends @msg and returns its body as a NUL-terminated string. */
static char *
send_message (SoupSession *session,
              SoupMessage *msg)
{
  Fetch fetch = { 0 };
  char *text;

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_fetched, &fetch);
  iterate_until (&fetch.done, 30);
  g_assert_no_error (fetch.error);

  text = g_strndup (g_bytes_get_data (fetch.body, NULL), g_bytes_get_size (fetch.body));
  g_bytes_unref (fetch.body);
  return text;
}

/* One request with the sandbox's token; returns the body, sets @status. */
static char *
api (const char *method,
     const char *path,
     const char *body,
     guint      *status)
{
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(SoupMessage) msg = new_message (method, path, NULL, body, TRUE);
  char *text = send_message (session, msg);

  *status = soup_message_get_status (msg);
  return text;
}

static JsonNode *
api_json (const char *method,
          const char *path,
          const char *body,
          guint       expected_status)
{
  g_autofree char *text = NULL;
  guint status;
  JsonNode *node;

  text = api (method, path, body, &status);
  if (status != expected_status)
    g_test_message ("%s %s -> %u %s", method, path, status, text);
  g_assert_cmpuint (status, ==, expected_status);
  node = json_from_string (text, NULL);
  if (node == NULL)
    g_test_message ("%s %s -> %u, not JSON: %s", method, path, status, text);
  g_assert_nonnull (node);
  return node;
}

static const char *
get_string (JsonNode   *node,
            const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), parts[i]);
    }

  return node != NULL && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

static guint
count_items (JsonNode *list)
{
  return json_array_get_length (json_object_get_array_member (json_node_get_object (list),
                                                              "items"));
}

static void
wait_for_pod_phase (const char *name,
                    const char *phase)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/namespaces/demo/pods/%s", name);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autofree char *text = NULL;
      g_autoptr(JsonNode) pod = NULL;
      guint status;

      text = api ("GET", path, NULL, &status);
      pod = json_from_string (text, NULL);
      if (status == 200 && g_strcmp0 (get_string (pod, "status.phase"), phase) == 0)
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      run_for (50);
    }
}

/* Discovery and OpenAPI */

static void
test_discovery (void)
{
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(SoupMessage) aggregated = new_message ("GET", "/apis", NULL, NULL, TRUE);
  g_autoptr(SoupMessage) legacy = new_message ("GET", "/api", NULL, NULL, TRUE);
  g_autofree char *aggregated_text = NULL;
  g_autofree char *legacy_text = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (aggregated), "Accept",
                                "application/json;g=apidiscovery.k8s.io;v=v2;"
                                "as=APIGroupDiscoveryList,application/json");
  aggregated_text = send_message (session, aggregated);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (aggregated),
                                                 "Content-Type"), ==,
                   "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
  g_assert_nonnull (strstr (aggregated_text, "\"resource\":\"statefulsets\""));
  g_assert_nonnull (strstr (aggregated_text, "\"shortNames\":[\"sts\"]"));

  legacy_text = send_message (session, legacy);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (legacy),
                                                 "Content-Type"), ==, "application/json");
  g_assert_nonnull (strstr (legacy_text, "\"kind\":\"APIVersions\""));
}

static void
test_openapi (void)
{
  g_autoptr(JsonNode) index = api_json ("GET", "/openapi/v3", NULL, 200);
  g_autoptr(JsonNode) document = NULL;
  const char *url = get_string (index, "paths.api/v1.serverRelativeURL");
  JsonObject *paths;
  JsonObject *patch;
  JsonArray *parameters;
  gboolean has_field_validation = FALSE;

  g_assert_nonnull (url);
  g_assert_true (g_str_has_prefix (url, "/openapi/v3/api/v1?hash="));
  document = api_json ("GET", url, NULL, 200);

  paths = json_object_get_object_member (json_node_get_object (document), "paths");
  patch = json_object_get_object_member (
    json_object_get_object_member (paths, "/api/v1/namespaces/{namespace}/configmaps/{name}"),
    "patch");
  g_assert_nonnull (patch);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (patch, "x-kubernetes-group-version-kind"),
                     "kind"), ==, "ConfigMap");

  parameters = json_object_get_array_member (patch, "parameters");
  for (guint i = 0; i < json_array_get_length (parameters); i++)
    has_field_validation |= g_str_equal (json_object_get_string_member (
                                           json_array_get_object_element (parameters, i),
                                           "name"), "fieldValidation");
  g_assert_true (has_field_validation);
}

/* The demo seed */

static char *
secret_value (JsonNode   *secret,
              const char *key)
{
  JsonObject *data = json_object_get_object_member (json_node_get_object (secret), "data");
  gsize size;
  g_autofree guchar *decoded = g_base64_decode (json_object_get_string_member (data, key), &size);

  return g_strndup ((const char *) decoded, size);
}

static gnutls_x509_crt_t
import_certificate (const char *pem)
{
  gnutls_datum_t datum = { (unsigned char *) pem, strlen (pem) };
  gnutls_x509_crt_t certificate;

  g_assert_cmpint (gnutls_x509_crt_init (&certificate), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_import (certificate, &datum, GNUTLS_X509_FMT_PEM), ==, 0);
  return certificate;
}

static void
test_demo_certificates (void)
{
  g_autoptr(JsonNode) secret = api_json ("GET", "/api/v1/namespaces/demo/secrets/elasticsearch-tls",
                                         NULL, 200);
  g_autofree char *node_pem = secret_value (secret, "elk-transport-crt.pem");
  g_autofree char *ca_pem = secret_value (secret, "elk-transport-root-ca.pem");
  g_autofree char *node_key = secret_value (secret, "elk-transport-key.pem");
  g_autofree char *admin_pem = secret_value (secret, "admin-crt.pem");
  g_autofree char *admin_key = secret_value (secret, "admin-key.pem");
  gnutls_x509_crt_t node = import_certificate (node_pem);
  gnutls_x509_crt_t ca = import_certificate (ca_pem);
  gnutls_x509_crt_t admin = import_certificate (admin_pem);
  gboolean has_oid = FALSE;
  gboolean has_pod_name = FALSE;
  unsigned int verify = 0;
  gnutls_datum_t dn = { NULL, 0 };

  /* Keys in unencrypted PKCS#8, the one form the security plugin loads. */
  g_assert_true (g_str_has_prefix (node_key, "-----BEGIN PRIVATE KEY-----\n"));
  g_assert_true (g_str_has_prefix (admin_key, "-----BEGIN PRIVATE KEY-----\n"));

  for (unsigned int i = 0;; i++)
    {
      char name[256];
      size_t size = sizeof name;
      int type = gnutls_x509_crt_get_subject_alt_name (node, i, name, &size, NULL);

      if (type < 0)
        break;
      if (type == GNUTLS_SAN_REGISTERED_ID && g_str_equal (name, "1.2.3.4.5.5"))
        has_oid = TRUE;
      if (type == GNUTLS_SAN_DNSNAME
          && g_str_equal (name, "elasticsearch-1.elasticsearch-discovery.demo.svc.cluster.local"))
        has_pod_name = TRUE;
    }
  g_assert_true (has_oid);
  g_assert_true (has_pod_name);

  g_assert_cmpint (gnutls_x509_crt_verify (node, &ca, 1, 0, &verify), ==, 0);
  g_assert_cmpuint (verify, ==, 0);
  g_assert_cmpint (gnutls_x509_crt_verify (admin, &ca, 1, 0, &verify), ==, 0);
  g_assert_cmpuint (verify, ==, 0);
  /* The admin_dn of elasticsearch.yml, in RFC 4514 order. */
  g_assert_cmpint (gnutls_x509_crt_get_dn3 (admin, &dn, 0), ==, 0);
  g_assert_cmpstr ((const char *) dn.data, ==, "CN=admin,OU=demo,O=Searchdeck");
  gnutls_free (dn.data);

  gnutls_x509_crt_deinit (node);
  gnutls_x509_crt_deinit (ca);
  gnutls_x509_crt_deinit (admin);
}

static void
test_demo_security (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) secret = api_json ("GET",
                                         "/api/v1/namespaces/demo/secrets/elasticsearch-security",
                                         NULL, 200);
  g_autofree char *users = secret_value (secret, "internal_users.yml");
  g_autofree char *password_path = g_build_filename (state_dir, "demo-admin-password", NULL);
  g_autofree char *kubeconfig_path = g_build_filename (state_dir, "kubeconfig", NULL);
  g_autofree char *password = NULL;
  g_autofree char *hash = NULL;
  g_autofree struct crypt_data *data = g_new0 (struct crypt_data, 1);
  g_autofree char *config = NULL;
  const char *start;
  struct stat info;

  g_file_get_contents (password_path, &password, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (password), >=, 16);

  /* The files holding secrets are readable by their owner only. */
  g_assert_cmpint (g_stat (password_path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (kubeconfig_path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);

  /* The admin's bcrypt hash (cost 12) matches the password written beside the kubeconfig. */
  start = strstr (users, "admin:\n  hash: \"");
  g_assert_nonnull (start);
  start += strlen ("admin:\n  hash: \"");
  hash = g_strndup (start, strchr (start, '"') - start);
  g_assert_true (g_str_has_prefix (hash, "$2b$12$"));
  g_assert_cmpstr (crypt_r (password, hash, data), ==, hash);
  g_assert_cmpstr (crypt_r ("not-the-password", hash, data), !=, hash);

  config = secret_value (secret, "config.yml");
  g_assert_nonnull (strstr (config, "basic_internal_auth_domain"));
}

static void
test_demo_objects (void)
{
  static const char * const paths[] = {
    "/apis/apps/v1/namespaces/demo/statefulsets/elasticsearch",
    "/api/v1/namespaces/demo/services/elasticsearch",
    "/api/v1/namespaces/demo/services/elasticsearch-discovery",
    "/api/v1/namespaces/demo/configmaps/elasticsearch-config",
    "/api/v1/namespaces/demo/secrets/elasticsearch-tls",
    "/api/v1/namespaces/demo/secrets/elasticsearch-security",
    "/apis/policy/v1/namespaces/demo/poddisruptionbudgets/elasticsearch",
  };
  g_autoptr(JsonNode) statefulset = NULL;
  g_autoptr(JsonNode) discovery = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(JsonNode) object = api_json ("GET", paths[i], NULL, 200);
      JsonObject *labels = json_object_get_object_member (
        json_object_get_object_member (json_node_get_object (object), "metadata"), "labels");

      g_assert_cmpstr (json_object_get_string_member (labels, "app.kubernetes.io/name"), ==,
                       "elasticsearch");
      g_assert_cmpstr (json_object_get_string_member (labels, "app.kubernetes.io/instance"), ==,
                       "demo");
      g_assert_cmpstr (json_object_get_string_member (labels, "app.kubernetes.io/managed-by"), ==,
                       "searchdeck");
    }

  statefulset = api_json ("GET", paths[0], NULL, 200);
  g_assert_cmpstr (get_string (statefulset, "spec.serviceName"), ==, "elasticsearch-discovery");
  discovery = api_json ("GET", paths[2], NULL, 200);
  g_assert_cmpstr (get_string (discovery, "spec.clusterIP"), ==, "None");
}

/* Lists */

static void
create_configmap (const char *namespace_,
                  const char *name,
                  const char *labels_json)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/namespaces/%s/configmaps", namespace_);
  g_autofree char *body = g_strdup_printf ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
                                           "\"metadata\":{\"name\":\"%s\",\"labels\":%s},"
                                           "\"data\":{\"k\":\"v\"}}", name, labels_json);
  g_autoptr(JsonNode) created = api_json ("POST", path, body, 201);

  g_assert_cmpstr (get_string (created, "metadata.name"), ==, name);
}

static void
ensure_namespace (const char *name)
{
  g_autofree char *body = g_strdup_printf ("{\"metadata\":{\"name\":\"%s\"}}", name);
  g_autofree char *text = NULL;
  guint status;

  text = api ("POST", "/api/v1/namespaces", body, &status);
  g_assert_true (status == 201 || status == 409);
}

static void
test_paging (void)
{
  g_autofree char *next = NULL;
  guint seen = 0;
  guint pages = 0;

  ensure_namespace ("paging");
  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *name = g_strdup_printf ("item-%u", i);

      create_configmap ("paging", name, "{}");
    }

  do
    {
      g_autofree char *path = NULL;
      g_autofree char *escaped = next ? g_uri_escape_string (next, NULL, FALSE) : NULL;
      g_autoptr(JsonNode) page = NULL;

      path = g_strdup_printf ("/api/v1/namespaces/paging/configmaps?limit=3%s%s",
                              escaped ? "&continue=" : "", escaped ? escaped : "");
      page = api_json ("GET", path, NULL, 200);
      pages++;
      seen += count_items (page);
      g_clear_pointer (&next, g_free);
      next = g_strdup (get_string (page, "metadata.continue"));
      g_assert_cmpuint (count_items (page), ==, pages < 3 ? 3 : 1);
    }
  while (next != NULL);

  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (seen, ==, 7);
}

static guint
count_selected (const char *query)
{
  g_autofree char *escaped = g_uri_escape_string (query, "=&", FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/namespaces/selectors/configmaps?%s",
                                           escaped);
  g_autoptr(JsonNode) list = api_json ("GET", path, NULL, 200);

  return count_items (list);
}

static void
test_selectors (void)
{
  ensure_namespace ("selectors");
  create_configmap ("selectors", "a", "{\"tier\":\"search\",\"zone\":\"1\"}");
  create_configmap ("selectors", "b", "{\"tier\":\"web\"}");
  create_configmap ("selectors", "c", "{\"zone\":\"2\"}");

  g_assert_cmpuint (count_selected ("labelSelector=tier=search"), ==, 1);
  g_assert_cmpuint (count_selected ("labelSelector=tier==web"), ==, 1);
  g_assert_cmpuint (count_selected ("labelSelector=tier!=search"), ==, 2);
  g_assert_cmpuint (count_selected ("labelSelector=tier in (search,web)"), ==, 2);
  g_assert_cmpuint (count_selected ("labelSelector=tier notin (search)"), ==, 2);
  g_assert_cmpuint (count_selected ("labelSelector=zone"), ==, 2);
  g_assert_cmpuint (count_selected ("labelSelector=!zone"), ==, 1);
  g_assert_cmpuint (count_selected ("labelSelector=zone,tier=search"), ==, 1);
  g_assert_cmpuint (count_selected ("fieldSelector=metadata.name=b"), ==, 1);
  g_assert_cmpuint (count_selected ("fieldSelector=metadata.name!=b"), ==, 2);
  g_assert_cmpuint (count_selected ("fieldSelector=metadata.namespace=selectors"), ==, 3);
}

/* Writes */

static void
test_replace_conflict (void)
{
  g_autoptr(JsonNode) current = NULL;
  g_autoptr(JsonNode) replaced = NULL;
  g_autoptr(JsonNode) conflict = NULL;
  g_autoptr(JsonNode) after_conflict = NULL;
  g_autoptr(JsonNode) unconditional = NULL;
  g_autofree char *fresh = NULL;
  g_autofree char *stale = NULL;
  const char *version;

  ensure_namespace ("locks");
  create_configmap ("locks", "x", "{}");
  current = api_json ("GET", "/api/v1/namespaces/locks/configmaps/x", NULL, 200);
  version = get_string (current, "metadata.resourceVersion");

  fresh = g_strdup_printf ("{\"metadata\":{\"name\":\"x\",\"resourceVersion\":\"%s\"},"
                           "\"data\":{\"k\":\"new\"}}", version);
  replaced = api_json ("PUT", "/api/v1/namespaces/locks/configmaps/x", fresh, 200);
  g_assert_cmpstr (get_string (replaced, "data.k"), ==, "new");
  g_assert_cmpstr (get_string (replaced, "metadata.resourceVersion"), !=, version);

  /* The same version again is stale now. */
  stale = g_strdup_printf ("{\"metadata\":{\"name\":\"x\",\"resourceVersion\":\"%s\"},"
                           "\"data\":{\"k\":\"newer\"}}", version);
  conflict = api_json ("PUT", "/api/v1/namespaces/locks/configmaps/x", stale, 409);
  g_assert_cmpstr (get_string (conflict, "kind"), ==, "Status");
  g_assert_cmpstr (get_string (conflict, "reason"), ==, "Conflict");
  g_assert_cmpstr (get_string (conflict, "message"), ==,
                   "Operation cannot be fulfilled on configmaps \"x\": the object has been "
                   "modified; please apply your changes to the latest version and try again");
  g_assert_cmpstr (get_string (conflict, "status"), ==, "Failure");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (conflict), "code"), ==,
                   409);
  g_assert_cmpstr (get_string (conflict, "details.name"), ==, "x");
  g_assert_cmpstr (get_string (conflict, "details.kind"), ==, "configmaps");
  /* The core group's empty name is omitted, as a real server does. */
  g_assert_false (json_object_has_member (json_object_get_object_member (
                    json_node_get_object (conflict), "details"), "group"));

  /* The refused write changed nothing. */
  after_conflict = api_json ("GET", "/api/v1/namespaces/locks/configmaps/x", NULL, 200);
  g_assert_cmpstr (get_string (after_conflict, "data.k"), ==, "new");
  g_assert_cmpstr (get_string (after_conflict, "metadata.resourceVersion"), ==,
                   get_string (replaced, "metadata.resourceVersion"));

  /* Without a resourceVersion a replace is unconditional, as for a real ConfigMap. */
  unconditional = api_json ("PUT", "/api/v1/namespaces/locks/configmaps/x",
                            "{\"metadata\":{\"name\":\"x\"},\"data\":{\"k\":\"forced\"}}", 200);
  g_assert_cmpstr (get_string (unconditional, "data.k"), ==, "forced");
  g_assert_cmpstr (get_string (unconditional, "metadata.resourceVersion"), !=,
                   get_string (replaced, "metadata.resourceVersion"));
}

static void
test_secret_string_data (void)
{
  g_autoptr(JsonNode) created = api_json ("POST", "/api/v1/namespaces/demo/secrets",
                                          "{\"metadata\":{\"name\":\"folded\"},"
                                          "\"stringData\":{\"user\":\"elastic\"}}", 201);

  g_assert_cmpstr (get_string (created, "data.user"), ==, "ZWxhc3RpYw==");
  g_assert_cmpstr (get_string (created, "type"), ==, "Opaque");
  g_assert_false (json_object_has_member (json_node_get_object (created), "stringData"));
}

static void
test_hostile_objects (void)
{
  g_autoptr(JsonNode) pod = NULL;
  g_autoptr(JsonNode) statefulset = NULL;
  g_autoptr(JsonNode) budget = NULL;
  g_autoptr(JsonNode) still = NULL;

  /* Wrong types everywhere: the simulated controllers must cope without a warning (this
   * process runs the server with warnings fatal). */
  ensure_namespace ("hostile");
  pod = api_json ("POST", "/api/v1/namespaces/hostile/pods",
                  "{\"metadata\":{\"name\":\"odd\",\"labels\":[1]},"
                  "\"spec\":{\"nodeName\":{},\"containers\":[\"x\",5,{\"name\":[],\"image\":{}}]}}",
                  201);
  statefulset = api_json ("POST", "/apis/apps/v1/namespaces/hostile/statefulsets",
                          "{\"metadata\":{\"name\":\"odd\"},\"spec\":{\"replicas\":{\"a\":1},"
                          "\"template\":[],\"volumeClaimTemplates\":[\"x\",{\"metadata\":7}],"
                          "\"selector\":{\"matchLabels\":[]}}}", 201);
  budget = api_json ("POST", "/apis/policy/v1/namespaces/hostile/poddisruptionbudgets",
                     "{\"metadata\":{\"name\":\"odd\"},\"spec\":{\"maxUnavailable\":\"50%\","
                     "\"selector\":{\"matchLabels\":{\"a\":{}}}}}", 201);
  run_for (800);

  still = api_json ("GET", "/api/v1/namespaces/hostile/pods/odd", NULL, 200);
  g_assert_cmpstr (get_string (still, "status.phase"), ==, "Running");
}

static void
test_dry_run (void)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) missing = NULL;
  g_autoptr(JsonNode) replaced = NULL;
  g_autoptr(JsonNode) kept = NULL;
  g_autoptr(JsonNode) deleted = NULL;
  g_autoptr(JsonNode) still = NULL;

  ensure_namespace ("dry");
  answer = api_json ("POST", "/api/v1/namespaces/dry/configmaps?dryRun=All",
                     "{\"metadata\":{\"name\":\"ghost\"},\"data\":{\"k\":\"v\"}}", 201);
  g_assert_cmpstr (get_string (answer, "metadata.name"), ==, "ghost");
  missing = api_json ("GET", "/api/v1/namespaces/dry/configmaps/ghost", NULL, 404);

  create_configmap ("dry", "real", "{}");
  replaced = api_json ("PUT", "/api/v1/namespaces/dry/configmaps/real?dryRun=All",
                       "{\"metadata\":{\"name\":\"real\"},\"data\":{\"k\":\"changed\"}}", 200);
  g_assert_cmpstr (get_string (replaced, "data.k"), ==, "changed");
  kept = api_json ("GET", "/api/v1/namespaces/dry/configmaps/real", NULL, 200);
  g_assert_cmpstr (get_string (kept, "data.k"), ==, "v");

  /* kubectl sends a delete's dry run in the DeleteOptions. */
  deleted = api_json ("DELETE", "/api/v1/namespaces/dry/configmaps/real",
                      "{\"propagationPolicy\":\"Background\",\"dryRun\":[\"All\"]}", 200);
  still = api_json ("GET", "/api/v1/namespaces/dry/configmaps/real", NULL, 200);
}

static void
test_namespace_deletion (void)
{
  g_autoptr(JsonNode) pod = NULL;
  g_autoptr(JsonNode) terminating = NULL;
  g_autoptr(JsonNode) refused = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  ensure_namespace ("doomed");
  create_configmap ("doomed", "inside", "{}");
  pod = api_json ("POST", "/api/v1/namespaces/doomed/pods",
                  "{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"c\","
                  "\"image\":\"busybox\"}]}}", 201);

  /* Terminating at once, refusing new content, gone when its pods are. */
  terminating = api_json ("DELETE", "/api/v1/namespaces/doomed", "{}", 200);
  g_assert_cmpstr (get_string (terminating, "status.phase"), ==, "Terminating");
  g_assert_nonnull (get_string (terminating, "metadata.deletionTimestamp"));
  refused = api_json ("POST", "/api/v1/namespaces/doomed/configmaps",
                      "{\"metadata\":{\"name\":\"late\"}}", 403);
  g_assert_cmpstr (get_string (refused, "reason"), ==, "Forbidden");

  for (;;)
    {
      g_autofree char *text = NULL;
      guint status;

      text = api ("GET", "/api/v1/namespaces/doomed", NULL, &status);
      if (status == 404)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      run_for (50);
    }

  {
    g_autoptr(JsonNode) pods = api_json ("GET", "/api/v1/namespaces/doomed/pods", NULL, 200);
    g_autoptr(JsonNode) maps = api_json ("GET", "/api/v1/namespaces/doomed/configmaps", NULL,
                                         200);

    g_assert_cmpuint (count_items (pods), ==, 0);
    g_assert_cmpuint (count_items (maps), ==, 0);
  }
}

static void
test_not_found_status (void)
{
  g_autoptr(JsonNode) status = api_json ("GET", "/api/v1/namespaces/demo/pods/nope", NULL, 404);

  g_assert_cmpstr (get_string (status, "reason"), ==, "NotFound");
  g_assert_cmpstr (get_string (status, "message"), ==, "pods \"nope\" not found");
  g_assert_cmpstr (get_string (status, "details.name"), ==, "nope");
}

static void
test_delete_preconditions (void)
{
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) deleted = NULL;

  ensure_namespace ("locks");
  create_configmap ("locks", "doomed", "{}");
  refused = api_json ("DELETE", "/api/v1/namespaces/locks/configmaps/doomed",
                      "{\"preconditions\":{\"uid\":\"not-its-uid\"}}", 409);
  g_assert_cmpstr (get_string (refused, "reason"), ==, "Conflict");

  deleted = api_json ("DELETE", "/api/v1/namespaces/locks/configmaps/doomed",
                      "{\"propagationPolicy\":\"Background\"}", 200);
  g_clear_pointer (&refused, json_node_unref);
  refused = api_json ("GET", "/api/v1/namespaces/locks/configmaps/doomed", NULL, 404);
}

static void
test_graceful_pod_deletion (void)
{
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) deleting = NULL;
  g_autoptr(JsonNode) again = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  ensure_namespace ("pods");
  created = api_json ("POST", "/api/v1/namespaces/pods/pods",
                      "{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"c\","
                      "\"image\":\"busybox\"}]}}", 201);

  /* The answer is the pod, terminating: a deletionTimestamp and the grace period. */
  deleting = api_json ("DELETE", "/api/v1/namespaces/pods/pods/p", "{}", 200);
  g_assert_nonnull (get_string (deleting, "metadata.deletionTimestamp"));
  g_assert_cmpint (json_object_get_int_member (
                     json_object_get_object_member (json_node_get_object (deleting),
                                                    "metadata"),
                     "deletionGracePeriodSeconds"), ==, 30);

  /* A second delete while it terminates changes nothing. */
  again = api_json ("DELETE", "/api/v1/namespaces/pods/pods/p", "{}", 200);
  g_assert_cmpstr (get_string (again, "metadata.deletionTimestamp"), ==,
                   get_string (deleting, "metadata.deletionTimestamp"));

  /* Then, after the delete delay, it is gone. */
  for (;;)
    {
      g_autofree char *text = NULL;
      guint status;

      text = api ("GET", "/api/v1/namespaces/pods/pods/p", NULL, &status);
      if (status == 404)
        break;
      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      run_for (50);
    }
}

/* Watches */

typedef struct
{
  gboolean      done;
  GInputStream *stream;
  GError       *error;
} Open;

static void
on_opened (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Open *open = user_data;

  open->stream = soup_session_send_finish (SOUP_SESSION (source), result, &open->error);
  open->done = TRUE;
}

typedef struct
{
  gboolean  done;
  char     *line;
} Line;

static void
on_line (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Line *line = user_data;

  line->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                          NULL, NULL);
  line->done = TRUE;
}

static char *
next_line (GDataInputStream *lines)
{
  Line line = { 0 };

  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, on_line, &line);
  iterate_until (&line.done, 20);
  return line.line;
}

static GDataInputStream *
open_watch (SoupSession *session,
            const char  *path)
{
  g_autoptr(SoupMessage) msg = new_message ("GET", path, NULL, NULL, TRUE);
  Open open = { 0 };
  GDataInputStream *lines;

  soup_session_send_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_opened, &open);
  iterate_until (&open.done, 20);
  g_assert_no_error (open.error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);

  lines = g_data_input_stream_new (open.stream);
  g_object_unref (open.stream);
  return lines;
}

static void
test_watch_field_selector (void)
{
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autofree char *path = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *end = NULL;

  ensure_namespace ("watching");
  list = api_json ("GET", "/api/v1/namespaces/watching/configmaps", NULL, 200);
  path = g_strdup_printf ("/api/v1/namespaces/watching/configmaps?watch=true&resourceVersion=%s"
                          "&fieldSelector=metadata.name%%3Dwanted&timeoutSeconds=2",
                          get_string (list, "metadata.resourceVersion"));
  lines = open_watch (session, path);

  create_configmap ("watching", "unwanted", "{}");
  create_configmap ("watching", "wanted", "{}");
  g_free (api ("DELETE", "/api/v1/namespaces/watching/configmaps/wanted", NULL,
               &(guint) { 0 }));

  first = next_line (lines);
  g_assert_true (g_str_has_prefix (first, "{\"type\":\"ADDED\""));
  g_assert_nonnull (strstr (first, "\"name\":\"wanted\""));
  second = next_line (lines);
  g_assert_true (g_str_has_prefix (second, "{\"type\":\"DELETED\""));

  /* timeoutSeconds ends the stream. */
  end = next_line (lines);
  g_assert_null (end);
}

static void
test_watch_label_transitions (void)
{
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(JsonNode) relabelled = NULL;
  g_autoptr(JsonNode) back = NULL;
  g_autofree char *added = NULL;
  g_autofree char *deleted = NULL;

  ensure_namespace ("transitions");
  lines = open_watch (session, "/api/v1/namespaces/transitions/configmaps?watch=true"
                      "&labelSelector=tier%3Dsearch");

  /* Created outside the selector: nothing.  Relabelled into it: ADDED.  Out again: DELETED,
   * though the object still exists. */
  create_configmap ("transitions", "moving", "{\"tier\":\"web\"}");
  relabelled = api_json ("PUT", "/api/v1/namespaces/transitions/configmaps/moving",
                         "{\"metadata\":{\"name\":\"moving\",\"labels\":{\"tier\":\"search\"}}}",
                         200);
  back = api_json ("PUT", "/api/v1/namespaces/transitions/configmaps/moving",
                   "{\"metadata\":{\"name\":\"moving\",\"labels\":{\"tier\":\"web\"}}}", 200);

  added = next_line (lines);
  g_assert_true (g_str_has_prefix (added, "{\"type\":\"ADDED\""));
  deleted = next_line (lines);
  g_assert_true (g_str_has_prefix (deleted, "{\"type\":\"DELETED\""));
  g_assert_nonnull (strstr (deleted, "\"tier\":\"web\""));
}

static void
test_watch_bookmarks (void)
{
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(JsonNode) event = NULL;
  g_autofree char *line = NULL;

  ensure_namespace ("bookmarks");
  lines = open_watch (session, "/api/v1/namespaces/bookmarks/configmaps?watch=true"
                      "&allowWatchBookmarks=true&timeoutSeconds=5");

  line = next_line (lines);
  event = json_from_string (line, NULL);
  g_assert_cmpstr (get_string (event, "type"), ==, "BOOKMARK");
  g_assert_cmpstr (get_string (event, "object.kind"), ==, "ConfigMap");
  g_assert_nonnull (get_string (event, "object.metadata.resourceVersion"));
}

static void
test_watch_initial_events (void)
{
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(JsonNode) bookmark = NULL;
  g_autofree char *end = NULL;
  JsonObject *annotations;

  ensure_namespace ("initial");
  create_configmap ("initial", "one", "{}");
  create_configmap ("initial", "two", "{}");
  lines = open_watch (session, "/api/v1/namespaces/initial/configmaps?watch=true"
                      "&sendInitialEvents=true&resourceVersionMatch=NotOlderThan"
                      "&allowWatchBookmarks=true&timeoutSeconds=5");

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *line = next_line (lines);

      g_assert_true (g_str_has_prefix (line, "{\"type\":\"ADDED\""));
    }

  /* Then the bookmark that marks the end of the initial state. */
  end = next_line (lines);
  bookmark = json_from_string (end, NULL);
  g_assert_cmpstr (get_string (bookmark, "type"), ==, "BOOKMARK");
  annotations = json_object_get_object_member (
    json_object_get_object_member (
      json_object_get_object_member (json_node_get_object (bookmark), "object"), "metadata"),
    "annotations");
  g_assert_cmpstr (json_object_get_string_member (annotations, "k8s.io/initial-events-end"), ==,
                   "true");
}

static void
test_fault_drop_watch (void)
{
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(JsonNode) set = NULL;
  g_autoptr(JsonNode) reset = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *end = NULL;

  ensure_namespace ("dropping");
  set = api_json ("POST", "/sandbox/faults", "{\"dropWatchEvery\":2}", 200);
  lines = open_watch (session, "/api/v1/namespaces/dropping/configmaps?watch=true");

  create_configmap ("dropping", "one", "{}");
  create_configmap ("dropping", "two", "{}");
  create_configmap ("dropping", "three", "{}");

  first = next_line (lines);
  second = next_line (lines);
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  end = next_line (lines);
  g_assert_null (end);

  reset = api_json ("POST", "/sandbox/faults", "{\"dropWatchEvery\":0}", 200);
}

static void
test_fault_server_error_and_latency (void)
{
  g_autoptr(JsonNode) set = NULL;
  g_autoptr(JsonNode) failed = NULL;
  g_autoptr(JsonNode) reset = NULL;
  g_autoptr(JsonNode) slow = NULL;
  gint64 start;

  set = api_json ("POST", "/sandbox/faults", "{\"errorRate\":1,\"errorCode\":500}", 200);
  failed = api_json ("GET", "/api/v1/namespaces", NULL, 500);
  g_assert_cmpstr (get_string (failed, "reason"), ==, "InternalError");

  reset = api_json ("POST", "/sandbox/faults", "{\"errorRate\":0,\"latencyMs\":300}", 200);
  start = g_get_monotonic_time ();
  slow = api_json ("GET", "/api/v1/namespaces", NULL, 200);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);

  g_clear_pointer (&reset, json_node_unref);
  reset = api_json ("POST", "/sandbox/faults", "{\"latencyMs\":0}", 200);
}

static void
test_fault_endpoint_needs_token (void)
{
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(SoupMessage) msg = new_message ("POST", "/sandbox/faults", NULL,
                                            "{\"errorRate\":1}", FALSE);
  g_autofree char *text = send_message (session, msg);

  g_assert_cmpuint (soup_message_get_status (msg), ==, 401);
  g_assert_cmpfloat (faults->error_rate, ==, 0);
}

/* Authentication */

static void
test_client_certificate (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cert = g_build_filename (state_dir, "client.crt", NULL);
  g_autofree char *key = g_build_filename (state_dir, "client.key", NULL);
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(SoupMessage) msg = new_message ("GET", "/api/v1/namespaces", NULL, NULL, FALSE);
  g_autoptr(SoupMessage) admin = NULL;
  g_autofree char *text = NULL;
  g_autofree char *admin_text = NULL;

  g_assert_no_error (error);
  soup_message_set_tls_client_certificate (msg, certificate);
  text = send_message (session, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (strstr (text, "\"kind\":\"NamespaceList\""));

  /* The certificate is a user of the API, not of the sandbox's switches. */
  admin = new_message ("POST", "/sandbox/faults", NULL, "{\"errorRate\":1}", FALSE);
  soup_message_set_tls_client_certificate (admin, certificate);
  admin_text = send_message (session, admin);
  g_assert_cmpuint (soup_message_get_status (admin), ==, 403);
  g_assert_cmpfloat (faults->error_rate, ==, 0);
}

static void
test_review (void)
{
  g_autoptr(JsonNode) review = api_json (
    "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
    "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\","
    "\"spec\":{\"resourceAttributes\":{\"verb\":\"delete\",\"resource\":\"pods\"}}}", 201);
  JsonNode *allowed = json_object_get_member (
    json_object_get_object_member (json_node_get_object (review), "status"), "allowed");

  g_assert_true (json_node_get_boolean (allowed));
}

static void
test_seed_pods (void)
{
  g_autoptr(JsonNode) answer = api_json ("POST", "/sandbox/seed-pods?namespace=bench&count=300",
                                         NULL, 200);
  g_autoptr(JsonNode) list = api_json ("GET", "/api/v1/namespaces/bench/pods?limit=1000", NULL,
                                       200);

  g_assert_cmpint (json_object_get_int_member (json_node_get_object (answer), "created"), ==,
                   300);
  g_assert_cmpuint (count_items (list), ==, 300);
}

static void
test_crash_restarts (void)
{
  g_autoptr(JsonNode) crashed = NULL;
  g_autoptr(JsonNode) pod = NULL;
  g_autofree char *previous = NULL;
  guint status;
  JsonObject *container;

  wait_for_pod_phase ("elasticsearch-2", "Running");
  /* The answer is the pod just after the crash (it is Ready again after the ready delay). */
  crashed = api_json ("POST", "/sandbox/crash?namespace=demo&pod=elasticsearch-2&reason=OOMKilled",
                      NULL, 200);
  container = json_array_get_object_element (
    json_object_get_array_member (json_object_get_object_member (json_node_get_object (crashed),
                                                                 "status"),
                                  "containerStatuses"), 0);
  g_assert_cmpint (json_object_get_int_member (container, "restartCount"), ==, 1);
  g_assert_false (json_object_get_boolean_member (container, "ready"));
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (
                       json_object_get_object_member (container, "lastState"), "terminated"),
                     "reason"), ==, "OOMKilled");

  /* The restart count stays, whether or not the pod is Ready again by now. */
  pod = api_json ("GET", "/api/v1/namespaces/demo/pods/elasticsearch-2", NULL, 200);
  container = json_array_get_object_element (
    json_object_get_array_member (json_object_get_object_member (json_node_get_object (pod),
                                                                 "status"),
                                  "containerStatuses"), 0);
  g_assert_cmpint (json_object_get_int_member (container, "restartCount"), ==, 1);

  /* The previous container's log exists now. */
  previous = api ("GET", "/api/v1/namespaces/demo/pods/elasticsearch-2/log?previous=true",
                  NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (previous, "][INFO ][o.e.n.Node               ] [elasticsearch-2] "
                                      "started\n"));
}

static void
test_scale (void)
{
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(SoupMessage) patch = NULL;
  g_autoptr(JsonNode) scale = api_json ("GET", "/apis/apps/v1/namespaces/demo/statefulsets/"
                                        "elasticsearch/scale", NULL, 200);
  g_autoptr(JsonNode) scaled = NULL;
  g_autoptr(JsonNode) back = NULL;
  g_autofree char *text = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_assert_cmpstr (get_string (scale, "kind"), ==, "Scale");
  g_assert_cmpstr (get_string (scale, "status.selector"), ==,
                   "app.kubernetes.io/name=elasticsearch,app.kubernetes.io/instance=demo");

  /* kubectl scale sends a merge patch to the subresource. */
  patch = new_message ("PATCH", "/apis/apps/v1/namespaces/demo/statefulsets/elasticsearch/scale",
                       "application/merge-patch+json", "{\"spec\":{\"replicas\":4}}", TRUE);
  text = send_message (session, patch);
  g_assert_cmpuint (soup_message_get_status (patch), ==, 200);
  scaled = json_from_string (text, NULL);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                                                 json_node_get_object (scaled), "spec"),
                                               "replicas"), ==, 4);

  /* The controller makes the fourth pod. */
  for (;;)
    {
      g_autofree char *pod = NULL;
      guint status;

      pod = api ("GET", "/api/v1/namespaces/demo/pods/elasticsearch-3", NULL, &status);
      if (status == 200)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      run_for (50);
    }

  back = api_json ("PUT", "/apis/apps/v1/namespaces/demo/statefulsets/elasticsearch/scale",
                   "{\"spec\":{\"replicas\":3}}", 200);
}

/* WebSocket streams */

typedef struct
{
  gboolean                 done;
  SoupWebsocketConnection *connection;
  GError                  *error;
  GPtrArray               *messages;
  gboolean                 closed;
} Socket;

static void
on_socket_message (SoupWebsocketConnection *connection,
                   int                      type,
                   GBytes                  *message,
                   Socket                  *socket)
{
  g_ptr_array_add (socket->messages, g_bytes_ref (message));
}

static void
on_socket_closed (SoupWebsocketConnection *connection,
                  Socket                  *socket)
{
  socket->closed = TRUE;
}

static void
on_socket_open (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Socket *socket = user_data;

  socket->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result,
                                                              &socket->error);
  if (socket->connection != NULL)
    {
      g_signal_connect (socket->connection, "message", G_CALLBACK (on_socket_message), socket);
      g_signal_connect (socket->connection, "closed", G_CALLBACK (on_socket_closed), socket);
    }
  socket->done = TRUE;
}

static void
open_socket (SoupSession *session,
             const char  *path,
             const char  *protocol,
             Socket      *socket)
{
  g_autoptr(SoupMessage) msg = new_message ("GET", path, NULL, NULL, TRUE);
  char *protocols[] = { (char *) protocol, NULL };

  socket->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  soup_session_websocket_connect_async (session, msg, NULL, protocols, G_PRIORITY_DEFAULT, NULL,
                                        on_socket_open, socket);
  iterate_until (&socket->done, 20);
  g_assert_no_error (socket->error);
}

static void
close_socket (Socket *socket)
{
  g_clear_object (&socket->connection);
  g_ptr_array_unref (socket->messages);
}

static char *
channel_text (GPtrArray *messages,
              guint8     channel)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < messages->len; i++)
    {
      gsize size;
      const guint8 *data = g_bytes_get_data (messages->pdata[i], &size);

      if (size > 0 && data[0] == channel)
        g_string_append_len (text, (const char *) data + 1, size - 1);
    }

  return g_string_free (text, FALSE);
}

static void
test_exec_websocket (void)
{
  g_autoptr(SoupSession) session = new_session ();
  g_autofree char *out = NULL;
  g_autofree char *status = NULL;
  Socket socket = { 0 };

  wait_for_pod_phase ("elasticsearch-0", "Running");
  open_socket (session, "/api/v1/namespaces/demo/pods/elasticsearch-0/exec?command=echo&"
               "command=hello%20world&stdout=true&stderr=true", "v5.channel.k8s.io", &socket);
  g_assert_cmpstr (soup_websocket_connection_get_protocol (socket.connection), ==,
                   "v5.channel.k8s.io");
  iterate_until (&socket.closed, 20);

  out = channel_text (socket.messages, 1);
  g_assert_cmpstr (out, ==, "hello world\n");
  status = channel_text (socket.messages, 3);
  g_assert_nonnull (strstr (status, "\"status\":\"Success\""));
  close_socket (&socket);
}

static void
on_handler_read (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GIOStream) stream = user_data;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result,
                                                              NULL);
  g_autofree char *answer = NULL;

  g_assert_nonnull (bytes);
  answer = g_strdup_printf ("pong: %.*s", (int) g_bytes_get_size (bytes),
                            (const char *) g_bytes_get_data (bytes, NULL));
  g_output_stream_write_all (g_io_stream_get_output_stream (stream), answer, strlen (answer),
                             NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

/* Greets, then answers what the client sends, then closes: both directions of the pipe. */
static void
echo_handler (JsonNode  *pod,
              GIOStream *stream,
              gpointer   user_data)
{
  g_autofree char *greeting = g_strdup_printf ("hello from %s\n",
                                               json_object_get_string_member (
                                                 json_object_get_object_member (
                                                   json_node_get_object (pod), "metadata"),
                                                 "name"));

  g_output_stream_write_all (g_io_stream_get_output_stream (stream), greeting,
                             strlen (greeting), NULL, NULL, NULL);
  g_input_stream_read_bytes_async (g_io_stream_get_input_stream (stream), 1024,
                                   G_PRIORITY_DEFAULT, NULL, on_handler_read,
                                   g_object_ref (stream));
}

static void
test_portforward (void)
{
  g_autoptr(SoupSession) session = new_session ();
  g_autofree char *data = NULL;
  g_autofree char *refused = NULL;
  Socket socket = { 0 };
  Socket nothing = { 0 };
  const guint8 *first;
  gsize size;

  wait_for_pod_phase ("elasticsearch-1", "Running");
  sandbox_server_set_port_handler (server, 9200, echo_handler, NULL);

  open_socket (session, "/api/v1/namespaces/demo/pods/elasticsearch-1/portforward?ports=9200",
               "v4.channel.k8s.io", &socket);
  soup_websocket_connection_send_binary (socket.connection, "\0ping\n", 6);
  iterate_until (&socket.closed, 20);

  /* Each channel opens with the port as a little-endian u16, then the handler's bytes. */
  g_assert_cmpuint (socket.messages->len, >=, 3);
  first = g_bytes_get_data (socket.messages->pdata[0], &size);
  g_assert_cmpuint (size, ==, 3);
  g_assert_cmpuint (first[0], ==, 0);
  g_assert_cmpuint (first[1] | (first[2] << 8), ==, 9200);
  data = channel_text (socket.messages, 0);
  g_assert_cmpstr (data + 2, ==, "hello from elasticsearch-1\npong: ping\n");
  close_socket (&socket);

  /* Nothing listens on 9300: an error on the error channel. */
  open_socket (session, "/api/v1/namespaces/demo/pods/elasticsearch-1/portforward?ports=9300",
               "v4.channel.k8s.io", &nothing);
  iterate_until (&nothing.closed, 20);
  refused = channel_text (nothing.messages, 1);
  g_assert_nonnull (strstr (refused + 2, "error forwarding port 9300 to pod"));
  g_assert_nonnull (strstr (refused + 2, "connection refused"));
  close_socket (&nothing);

  sandbox_server_set_port_handler (server, 9200, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *kubeconfig = NULL;
  const char *start;
  SandboxServerOptions options = {
    .seed_demo = TRUE,
    .ready_delay_ms = 200,
    .delete_delay_ms = 1000,
    .log_interval_ms = 100,
    .bookmark_interval_ms = 200,
    .client_cert_user = "tester",
  };
  int result;

  g_test_init (&argc, &argv, NULL);

  state_dir = scratch_dir_new ("test-sandbox-api");
  options.state_dir = state_dir;
  faults = sandbox_faults_new ();
  server = sandbox_server_new (&options, faults, &error);
  g_assert_no_error (error);
  base_url = g_strdup (sandbox_server_get_url (server));

  g_file_get_contents (sandbox_server_get_kubeconfig_path (server), &kubeconfig, NULL, &error);
  g_assert_no_error (error);
  start = strstr (kubeconfig, "    token: ") + strlen ("    token: ");
  token = g_strndup (start, strchr (start, '\n') - start);

  g_test_add_func ("/sandbox/api/discovery", test_discovery);
  g_test_add_func ("/sandbox/api/openapi", test_openapi);
  g_test_add_func ("/sandbox/api/demo-certificates", test_demo_certificates);
  g_test_add_func ("/sandbox/api/demo-security", test_demo_security);
  g_test_add_func ("/sandbox/api/demo-objects", test_demo_objects);
  g_test_add_func ("/sandbox/api/paging", test_paging);
  g_test_add_func ("/sandbox/api/selectors", test_selectors);
  g_test_add_func ("/sandbox/api/replace-conflict", test_replace_conflict);
  g_test_add_func ("/sandbox/api/secret-string-data", test_secret_string_data);
  g_test_add_func ("/sandbox/api/hostile-objects", test_hostile_objects);
  g_test_add_func ("/sandbox/api/dry-run", test_dry_run);
  g_test_add_func ("/sandbox/api/namespace-deletion", test_namespace_deletion);
  g_test_add_func ("/sandbox/api/not-found-status", test_not_found_status);
  g_test_add_func ("/sandbox/api/delete-preconditions", test_delete_preconditions);
  g_test_add_func ("/sandbox/api/graceful-pod-deletion", test_graceful_pod_deletion);
  g_test_add_func ("/sandbox/api/watch-field-selector", test_watch_field_selector);
  g_test_add_func ("/sandbox/api/watch-label-transitions", test_watch_label_transitions);
  g_test_add_func ("/sandbox/api/watch-bookmarks", test_watch_bookmarks);
  g_test_add_func ("/sandbox/api/watch-initial-events", test_watch_initial_events);
  g_test_add_func ("/sandbox/api/fault-drop-watch", test_fault_drop_watch);
  g_test_add_func ("/sandbox/api/fault-server-error-and-latency",
                   test_fault_server_error_and_latency);
  g_test_add_func ("/sandbox/api/fault-endpoint-needs-token", test_fault_endpoint_needs_token);
  g_test_add_func ("/sandbox/api/client-certificate", test_client_certificate);
  g_test_add_func ("/sandbox/api/review", test_review);
  g_test_add_func ("/sandbox/api/seed-pods", test_seed_pods);
  g_test_add_func ("/sandbox/api/crash-restarts", test_crash_restarts);
  g_test_add_func ("/sandbox/api/scale", test_scale);
  g_test_add_func ("/sandbox/api/exec-websocket", test_exec_websocket);
  g_test_add_func ("/sandbox/api/portforward", test_portforward);

  result = g_test_run ();

  g_assert_finalize_object (server);
  sandbox_faults_free (faults);
  scratch_dir_remove (state_dir);
  g_free (state_dir);
  g_free (token);
  g_free (base_url);
  return result;
}
