/* test-sandbox-create.c: clusters created in the sandbox as the New Cluster assistant makes them
 *
 * Starts the built sandbox (SANDBOX_PATH) and creates, through its API, the objects
 * API-create.md describes for a new cluster in a fresh namespace: the Namespace, the
 * elasticsearch-tls and elasticsearch-security Secrets (certificates made here with GnuTLS,
 * the admin password bcrypt-hashed), the elasticsearch-config ConfigMap, both Services, the
 * PodDisruptionBudget and the StatefulSet (init containers, probes, volume claim templates).
 * Such a cluster comes up: claims Bound, pods Ready, and its REST endpoint, reached through
 * a port-forward with the application's own client, serves with the created certificate
 * and password and is green.  Each way of getting the certificates or security files wrong
 * leaves the pods unready, with the reason in their log as a real node writes it.  Then the
 * preflight's ground: SelfSubjectAccessReviews and denied requests, Pod Security admission,
 * requests no node can hold, unknown StorageClasses, dry runs (also with kubectl) and the
 * deletion of a namespace.
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <libsoup/soup.h>
#include <string.h>

#include "odfe-error.h"
#include "sandbox-certs.h"
#include "sandbox-seed.h"
#include "sandbox-session.h"

#define PASSWORD       "Correct-Horse-7-Battery"
#define NODE_OID       "1.2.3.4.5.5"

static SandboxSession *session;
static SoupSession    *http;
static char           *token;
static char           *password_hash;

/* The API, as any client reaches it */

static GBytes *
api_raw (const char *method,
         const char *path,
         const char *content_type,
         const char *body,
         guint      *status)
{
  g_autofree char *uri = g_strconcat (session->sandbox->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(GError) error = NULL;
  GBytes *answer;

  g_assert_nonnull (msg);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, content_type ? content_type
                                                                  : "application/json", bytes);
    }

  answer = soup_session_send_and_read (http, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  return answer;
}

static JsonNode *
api (const char *method,
     const char *path,
     const char *body,
     guint      *status)
{
  g_autoptr(GBytes) answer = api_raw (method, path, NULL, body, status);
  g_autofree char *text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));

  return json_from_string (text, NULL);
}

static char *
api_text (const char *path,
          guint      *status)
{
  g_autoptr(GBytes) answer = api_raw ("GET", path, NULL, NULL, status);

  return g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
}

static const char *
string_at (JsonNode   *node,
           const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), parts[i]);
    }

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static void
create (const char *path,
        const char *json)
{
  g_autoptr(JsonNode) answer = NULL;
  guint status;

  answer = api ("POST", path, json, &status);
  if (status != 201)
    g_error ("POST %s: %u %s", path, status, answer ? json_to_string (answer, FALSE) : "");
}

static void
sleep_ms (guint ms)
{
  sandbox_session_sleep (ms);
}

static gboolean
pod_ready (const char *namespace_,
           const char *name)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/namespaces/%s/pods/%s", namespace_, name);
  g_autoptr(JsonNode) pod = NULL;
  JsonObject *status;
  JsonArray *conditions;
  guint code;

  pod = api ("GET", path, NULL, &code);
  if (code != 200 || !json_object_has_member (json_node_get_object (pod), "status"))
    return FALSE;

  status = json_object_get_object_member (json_node_get_object (pod), "status");
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

static guint
count_pods (const char *namespace_)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/namespaces/%s/pods", namespace_);
  g_autoptr(JsonNode) list = NULL;
  guint code;

  list = api ("GET", path, NULL, &code);
  g_assert_cmpuint (code, ==, 200);
  return json_array_get_length (json_object_get_array_member (json_node_get_object (list),
                                                              "items"));
}

static void
wait_ready (const char *namespace_,
            const char *statefulset,
            guint       replicas,
            guint       seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  for (guint i = 0; i < replicas; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%u", statefulset, i);

      while (!pod_ready (namespace_, name))
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          sleep_ms (100);
        }
    }
}

/* Every Event of the namespace as "Reason: message" lines. */
static char *
events_of (const char *namespace_)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/namespaces/%s/events", namespace_);
  g_autoptr(JsonNode) list = NULL;
  GString *text = g_string_new (NULL);
  JsonArray *items;
  guint code;

  list = api ("GET", path, NULL, &code);
  g_assert_cmpuint (code, ==, 200);
  items = json_object_get_array_member (json_node_get_object (list), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *event = json_array_get_element (items, i);

      g_string_append_printf (text, "%s: %s\n", string_at (event, "reason"),
                              string_at (event, "message"));
    }

  return g_string_free (text, FALSE);
}

/* Waits until an Event of the namespace holds @text; returns all of them. */
static char *
wait_event (const char *namespace_,
            const char *text,
            guint       seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  for (;;)
    {
      g_autofree char *events = events_of (namespace_);

      if (strstr (events, text) != NULL)
        return g_steal_pointer (&events);
      if (g_get_monotonic_time () >= deadline)
        g_error ("no Event with \"%s\" in %s:\n%s", text, namespace_, events);
      sleep_ms (100);
    }
}

static char *
pod_log (const char *namespace_,
         const char *pod,
         gboolean    previous)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/namespaces/%s/pods/%s/log%s", namespace_,
                                           pod, previous ? "?previous=true" : "");
  guint code;
  char *text = api_text (path, &code);

  g_assert_cmpuint (code, ==, 200);
  return text;
}

/* Waits until the pod's log holds @text (a crashed container's log is its previous one). */
static char *
wait_log (const char *namespace_,
          const char *pod,
          const char *text,
          guint       seconds)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/namespaces/%s/pods/%s/log", namespace_, pod);
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  for (;;)
    {
      guint code;
      g_autofree char *log = api_text (path, &code);

      if (code == 200 && strstr (log, text) != NULL)
        return g_steal_pointer (&log);
      if (g_get_monotonic_time () >= deadline)
        g_error ("no \"%s\" in the log of %s/%s:\n%s", text, namespace_, pod, log);
      sleep_ms (100);
    }
}

static char *
base64 (const char *text)
{
  return g_base64_encode ((const guchar *) text, strlen (text));
}

/* "{'a':1}" → "{\"a\":1}", for JSON written in C strings. */
static char *
quotes (const char *text)
{
  char *copy = g_strdup (text);

  for (char *p = copy; *p != '\0'; p++)
    if (*p == '\'')
      *p = '"';

  return copy;
}

/* A cluster as the assistant creates it, with the ways to get it wrong */

typedef struct
{
  const char *namespace_;
  guint       replicas;
  gboolean    ordered_ready;        /* OrderedReady instead of Parallel */
  gboolean    pkcs1_key;            /* the node key as "BEGIN RSA PRIVATE KEY" */
  gboolean    no_node_identity;     /* no node OID, and a nodes_dn that does not match */
  gboolean    admin_dn_spaces;      /* "CN=admin, OU=…, O=…" */
  gboolean    no_transport_tls;     /* elasticsearch.yml without opendistro_security */
  const char *missing_key;          /* a key left out of elasticsearch-tls */
  const char *trusted_file;         /* pemtrustedcas_filepath other than the Secret's key */
  gboolean    other_ca;             /* the node certificate signed by another CA */
  gboolean    expired;              /* the node certificate expired yesterday */
  gboolean    no_meta;              /* internal_users.yml without _meta */
  gboolean    no_security_secret;   /* the StatefulSet made without its security Secret */
  const char *storage_class;        /* NULL: the default */
  const char *memory;               /* per pod; NULL: 2Gi */
  gboolean    privileged_init;
  const char *pod_security;         /* the namespace's enforce level, or NULL */
  guint       masters;              /* dedicated masters (elasticsearch-master), or 0 */
} Spec;

static char *
to_pkcs1 (const char *pkcs8)
{
  gnutls_x509_privkey_t key;
  gnutls_datum_t in = { (unsigned char *) pkcs8, (unsigned int) strlen (pkcs8) };
  gnutls_datum_t out = { NULL, 0 };
  char *text;

  g_assert_cmpint (gnutls_x509_privkey_init (&key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_import_pkcs8 (key, &in, GNUTLS_X509_FMT_PEM, NULL,
                                                     GNUTLS_PKCS_PLAIN), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_export2 (key, GNUTLS_X509_FMT_PEM, &out), ==, 0);
  text = g_strndup ((const char *) out.data, out.size);
  gnutls_free (out.data);
  gnutls_x509_privkey_deinit (key);

  g_assert_true (g_str_has_prefix (text, "-----BEGIN RSA PRIVATE KEY-----"));
  return text;
}

typedef struct
{
  char *ca;
  char *node_cert;
  char *node_key;
  char *admin_cert;
  char *admin_key;
} Pki;

static void
pki_clear (Pki *pki)
{
  g_free (pki->ca);
  g_free (pki->node_cert);
  g_free (pki->node_key);
  g_free (pki->admin_cert);
  g_free (pki->admin_key);
}

static void
make_pki (const Spec *spec,
          Pki        *pki)
{
  static const char * const ips[] = { "127.0.0.1", NULL };
  g_autoptr(SandboxCa) ca = NULL;
  g_autoptr(SandboxCa) stranger = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *node_subject = g_strdup_printf ("CN=elasticsearch,OU=%s,O=searchdeck",
                                                   spec->namespace_);
  g_autofree char *admin_subject = g_strdup_printf ("CN=admin,OU=%s,O=searchdeck",
                                                    spec->namespace_);
  g_autofree char *ca_subject = g_strdup_printf ("CN=%s root CA,O=searchdeck",
                                                 spec->namespace_);
  SandboxKeyType key_type = spec->pkcs1_key ? SANDBOX_KEY_RSA_2048 : SANDBOX_KEY_ECDSA_P256;
  SandboxCertRequest node = {
    .subject = node_subject,
    .ip_addresses = ips,
    .registered_id = spec->no_node_identity ? NULL : NODE_OID,
    .server_auth = TRUE,
    .client_auth = TRUE,
    .days = 3650,
    .expired = spec->expired,
    .key_type = key_type,
  };
  SandboxCertRequest admin = {
    .subject = admin_subject,
    .client_auth = TRUE,
    .days = 3650,
    .key_type = SANDBOX_KEY_ECDSA_P256,
  };

  for (guint i = 0; i < MAX (spec->replicas, 3); i++)
    g_ptr_array_add (names, g_strdup_printf ("elasticsearch-%u.elasticsearch-discovery.%s.svc."
                                             "cluster.local", i, spec->namespace_));
  g_ptr_array_add (names, g_strdup ("elasticsearch"));
  g_ptr_array_add (names, g_strdup_printf ("elasticsearch.%s", spec->namespace_));
  g_ptr_array_add (names, g_strdup_printf ("elasticsearch.%s.svc", spec->namespace_));
  g_ptr_array_add (names, g_strdup_printf ("elasticsearch.%s.svc.cluster.local",
                                           spec->namespace_));
  g_ptr_array_add (names, g_strdup ("localhost"));
  g_ptr_array_add (names, NULL);
  node.dns_names = (const char * const *) names->pdata;

  ca = sandbox_ca_new (ca_subject, SANDBOX_KEY_ECDSA_P256, &error);
  g_assert_no_error (error);
  pki->ca = g_strdup (sandbox_ca_get_certificate (ca));

  if (spec->other_ca)
    {
      stranger = sandbox_ca_new ("CN=someone else's CA,O=elsewhere", SANDBOX_KEY_ECDSA_P256,
                                 &error);
      g_assert_no_error (error);
    }
  sandbox_ca_issue (spec->other_ca ? stranger : ca, &node, &pki->node_cert, &pki->node_key,
                    &error);
  g_assert_no_error (error);
  sandbox_ca_issue (ca, &admin, &pki->admin_cert, &pki->admin_key, &error);
  g_assert_no_error (error);

  if (spec->pkcs1_key)
    {
      char *pkcs1 = to_pkcs1 (pki->node_key);

      g_free (pki->node_key);
      pki->node_key = pkcs1;
    }
}

static char *
elasticsearch_yml (const Spec *spec)
{
  g_autoptr(GString) yml = g_string_new (NULL);

  g_string_append_printf (yml,
                          "cluster.name: %s\n"
                          "network.host: 0.0.0.0\n"
                          "discovery.seed_hosts: elasticsearch-discovery\n"
                          "cluster.initial_master_nodes:\n",
                          spec->namespace_);
  for (guint i = 0; i < (spec->masters > 0 ? spec->masters : spec->replicas); i++)
    g_string_append_printf (yml, "  - elasticsearch-%s%u\n", spec->masters > 0 ? "master-" : "",
                            i);

  if (spec->no_transport_tls)
    return g_string_free (g_steal_pointer (&yml), FALSE);

  g_string_append_printf (yml,
                          "opendistro_security.ssl.transport.pemcert_filepath: "
                          "elk-transport-crt.pem\n"
                          "opendistro_security.ssl.transport.pemkey_filepath: "
                          "elk-transport-key.pem\n"
                          "opendistro_security.ssl.transport.pemtrustedcas_filepath: %s\n"
                          "opendistro_security.ssl.transport.enforce_hostname_verification: "
                          "false\n"
                          "opendistro_security.ssl.http.enabled: true\n"
                          "opendistro_security.ssl.http.pemcert_filepath: elk-rest-crt.pem\n"
                          "opendistro_security.ssl.http.pemkey_filepath: elk-rest-key.pem\n"
                          "opendistro_security.ssl.http.pemtrustedcas_filepath: "
                          "elk-rest-root-ca.pem\n"
                          "opendistro_security.nodes_dn:\n"
                          "  - \"%s\"\n"
                          "opendistro_security.authcz.admin_dn:\n"
                          "  - \"%s\"\n"
                          "opendistro_security.allow_default_init_securityindex: true\n"
                          "opendistro_security.allow_unsafe_democertificates: false\n"
                          "opendistro_security.audit.type: internal_elasticsearch\n"
                          "opendistro_security.restapi.roles_enabled: [\"all_access\", "
                          "\"security_rest_api_access\"]\n",
                          spec->trusted_file ? spec->trusted_file : "elk-transport-root-ca.pem",
                          spec->no_node_identity ? "CN=node.example.com,OU=nodes,O=example"
                                                 : "CN=elasticsearch,OU=*,O=searchdeck",
                          spec->admin_dn_spaces ? "CN=admin, OU=x, O=searchdeck"
                                                : "CN=admin,OU=x,O=searchdeck");
  return g_string_free (g_steal_pointer (&yml), FALSE);
}

static const char * const tls_keys[] = {
  "elk-transport-crt.pem", "elk-transport-key.pem", "elk-transport-root-ca.pem",
  "elk-rest-crt.pem", "elk-rest-key.pem", "elk-rest-root-ca.pem",
  "admin-crt.pem", "admin-key.pem", "admin-root-ca.pem", NULL
};

static const char * const security_keys[] = {
  "internal_users.yml", "config.yml", "roles.yml", "roles_mapping.yml", "action_groups.yml",
  "tenants.yml", "audit.yml", NULL
};

static char *
security_file (const Spec *spec,
               const char *key)
{
  if (g_str_equal (key, "internal_users.yml"))
    return g_strdup_printf ("%s"
                            "admin:\n"
                            "  hash: \"%s\"\n"
                            "  reserved: true\n"
                            "  backend_roles:\n"
                            "  - \"admin\"\n",
                            spec->no_meta ? "" : "_meta:\n  type: \"internalusers\"\n"
                                                 "  config_version: 2\n",
                            password_hash);
  if (g_str_equal (key, "config.yml"))
    return g_strdup ("_meta:\n  type: \"config\"\n  config_version: 2\n"
                     "config:\n"
                     "  dynamic:\n"
                     "    http:\n"
                     "      anonymous_auth_enabled: false\n"
                     "    authc:\n"
                     "      basic_internal_auth_domain:\n"
                     "        http_enabled: true\n"
                     "        transport_enabled: true\n"
                     "        order: 4\n"
                     "        http_authenticator:\n"
                     "          type: basic\n"
                     "          challenge: true\n"
                     "        authentication_backend:\n"
                     "          type: intern\n");
  if (g_str_equal (key, "roles.yml"))
    return g_strdup ("_meta:\n  type: \"roles\"\n  config_version: 2\n");
  if (g_str_equal (key, "roles_mapping.yml"))
    return g_strdup ("_meta:\n  type: \"rolesmapping\"\n  config_version: 2\n"
                     "all_access:\n  reserved: false\n  backend_roles:\n  - \"admin\"\n"
                     "security_rest_api_access:\n  reserved: false\n  backend_roles:\n"
                     "  - \"admin\"\n");
  if (g_str_equal (key, "action_groups.yml"))
    return g_strdup ("_meta:\n  type: \"actiongroups\"\n  config_version: 2\n");
  if (g_str_equal (key, "tenants.yml"))
    return g_strdup ("_meta:\n  type: \"tenants\"\n  config_version: 2\n");

  return g_strdup ("_meta:\n  type: \"audit\"\n  config_version: 2\n"
                   "config:\n  enabled: true\n");
}

static char *
labels (const Spec *spec)
{
  return g_strdup_printf ("{'app.kubernetes.io/name':'elasticsearch',"
                          "'app.kubernetes.io/instance':'%s',"
                          "'app.kubernetes.io/managed-by':'searchdeck'}", spec->namespace_);
}

/* A StatefulSet of the cluster; @component: "master" or "data" for dedicated roles, NULL
 * for nodes that are both. */
static char *
statefulset_json (const Spec *spec,
                  const char *name,
                  guint       replicas,
                  const char *component,
                  const char *mounts,
                  const char *storage_class)
{
  g_autofree char *label_json = labels (spec);
  g_autofree char *selector = g_strdup_printf ("{'app.kubernetes.io/name':'elasticsearch',"
                                               "'app.kubernetes.io/instance':'%s'%s%s%s}",
                                               spec->namespace_,
                                               component ? ",'app.kubernetes.io/component':'"
                                                         : "",
                                               component ? component : "",
                                               component ? "'" : "");
  g_autofree char *roles = component == NULL
                           ? g_strdup ("")
                           : g_strdup_printf ("{'name':'node.master','value':'%s'},"
                                              "{'name':'node.data','value':'%s'},"
                                              "{'name':'node.ingest','value':'%s'},",
                                              g_str_equal (component, "master") ? "true"
                                                                                : "false",
                                              g_str_equal (component, "data") ? "true"
                                                                              : "false",
                                              g_str_equal (component, "data") ? "true"
                                                                              : "false");

  return g_strdup_printf (
    "{'apiVersion':'apps/v1','kind':'StatefulSet','metadata':{'name':'%s',"
    "'labels':%s},'spec':{'replicas':%u,'serviceName':'elasticsearch-discovery',"
    "'podManagementPolicy':'%s','selector':{'matchLabels':%s},"
    "'template':{'metadata':{'labels':%s},'spec':{"
    "'securityContext':{'fsGroup':1000},"
    "'initContainers':[%s{'name':'fixmount','image':'busybox:1.27.2','command':['sh','-c',"
    "'chown -R 1000:1000 /usr/share/elasticsearch/data'],'securityContext':{'runAsUser':0},"
    "'volumeMounts':[{'name':'data','mountPath':'/usr/share/elasticsearch/data'}]}],"
    "'containers':[{'name':'elasticsearch','image':'amazon/opendistro-for-elasticsearch:1.13.3',"
    "'env':[{'name':'node.name','valueFrom':{'fieldRef':{'fieldPath':'metadata.name'}}},%s"
    "{'name':'ES_JAVA_OPTS','value':'-Xms1g -Xmx1g'},"
    "{'name':'DISABLE_INSTALL_DEMO_CONFIG','value':'true'}],"
    "'resources':{'requests':{'cpu':'1','memory':'%s'},'limits':{'cpu':'1','memory':'%s'}},"
    "'ports':[{'name':'http','containerPort':9200},{'name':'transport','containerPort':9300},"
    "{'name':'metrics','containerPort':9600}],"
    "'readinessProbe':{'httpGet':{'scheme':'HTTPS','port':9200,"
    "'path':'/_opendistro/_security/health'},'periodSeconds':10},"
    "'livenessProbe':{'tcpSocket':{'port':9300},'initialDelaySeconds':60},"
    "'volumeMounts':[%s{'name':'config','mountPath':'/usr/share/elasticsearch/config/"
    "elasticsearch.yml','subPath':'elasticsearch.yml'},"
    "{'name':'data','mountPath':'/usr/share/elasticsearch/data'}]}],"
    "'volumes':[{'name':'config','configMap':{'name':'elasticsearch-config'}},"
    "{'name':'tls','secret':{'secretName':'elasticsearch-tls'}},"
    "{'name':'security','secret':{'secretName':'elasticsearch-security'}}]}},"
    "'volumeClaimTemplates':[{'metadata':{'name':'data'},'spec':{'accessModes':"
    "['ReadWriteOnce'],%s'resources':{'requests':{'storage':'8Gi'}}}}]}}",
    name, label_json, replicas, spec->ordered_ready ? "OrderedReady" : "Parallel", selector,
    selector,
    spec->privileged_init ? "{'name':'init-sysctl','image':'busybox:1.27.2','command':"
                            "['sysctl','-w','vm.max_map_count=262144'],'securityContext':"
                            "{'privileged':true,'runAsUser':0}}," : "",
    roles, spec->memory ? spec->memory : "2Gi", spec->memory ? spec->memory : "2Gi", mounts,
    storage_class);
}

/* The objects, in creation order, as JSON texts. */
static GPtrArray *
cluster_objects (const Spec *spec)
{
  GPtrArray *objects = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *label_json = labels (spec);
  g_autofree char *selector = g_strdup_printf ("{'app.kubernetes.io/name':'elasticsearch',"
                                               "'app.kubernetes.io/instance':'%s'}",
                                               spec->namespace_);
  g_autoptr(GString) tls = g_string_new (NULL);
  g_autoptr(GString) security = g_string_new (NULL);
  g_autoptr(GString) mounts = g_string_new (NULL);
  g_autofree char *yml = elasticsearch_yml (spec);
  g_autofree char *yml_json = NULL;
  g_autofree char *namespace_labels = NULL;
  g_autofree char *storage_class = spec->storage_class != NULL
                                   ? g_strdup_printf ("'storageClassName':'%s',",
                                                      spec->storage_class)
                                   : g_strdup ("");
  Pki pki = { 0 };

  make_pki (spec, &pki);
  for (guint i = 0; tls_keys[i] != NULL; i++)
    {
      const char *key = tls_keys[i];
      const char *value = g_str_has_suffix (key, "root-ca.pem") ? pki.ca
                          : g_str_has_prefix (key, "admin-crt") ? pki.admin_cert
                          : g_str_has_prefix (key, "admin-key") ? pki.admin_key
                          : g_str_has_suffix (key, "crt.pem") ? pki.node_cert
                          : pki.node_key;
      g_autofree char *encoded = base64 (value);

      if (g_strcmp0 (key, spec->missing_key) != 0)
        g_string_append_printf (tls, "%s'%s':'%s'", tls->len ? "," : "", key, encoded);
      g_string_append_printf (mounts, "{'name':'tls','mountPath':'/usr/share/elasticsearch/"
                              "config/%s','subPath':'%s'},", key, key);
    }
  for (guint i = 0; security_keys[i] != NULL; i++)
    {
      g_autofree char *text = security_file (spec, security_keys[i]);
      g_autofree char *encoded = base64 (text);

      g_string_append_printf (security, "%s'%s':'%s'", security->len ? "," : "",
                              security_keys[i], encoded);
      g_string_append_printf (mounts, "{'name':'security','mountPath':'/usr/share/"
                              "elasticsearch/plugins/opendistro_security/securityconfig/%s',"
                              "'subPath':'%s'},", security_keys[i], security_keys[i]);
    }
  pki_clear (&pki);

  {
    JsonNode *node = json_node_new (JSON_NODE_VALUE);

    json_node_set_string (node, yml);
    yml_json = json_to_string (node, FALSE);
    json_node_unref (node);
  }

  namespace_labels = spec->pod_security != NULL
                     ? g_strdup_printf ("'pod-security.kubernetes.io/enforce':'%s',",
                                        spec->pod_security)
                     : g_strdup ("");
  g_ptr_array_add (objects, g_strdup_printf (
    "{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'%s','labels':{%s"
    "'app.kubernetes.io/managed-by':'searchdeck'}}}", spec->namespace_, namespace_labels));
  g_ptr_array_add (objects, g_strdup_printf (
    "{'apiVersion':'v1','kind':'Secret','metadata':{'name':'elasticsearch-tls','labels':%s},"
    "'type':'Opaque','data':{%s}}", label_json, tls->str));
  if (!spec->no_security_secret)
    g_ptr_array_add (objects, g_strdup_printf (
      "{'apiVersion':'v1','kind':'Secret','metadata':{'name':'elasticsearch-security',"
      "'labels':%s},'type':'Opaque','data':{%s}}", label_json, security->str));
  /* The YAML goes in as a JSON string: its double quotes must survive quotes(). */
  g_ptr_array_add (objects, g_strdup_printf (
    "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'elasticsearch-config',"
    "'labels':%s},'data':{'elasticsearch.yml':@YML@}}", label_json));
  g_ptr_array_add (objects, g_strdup_printf (
    "{'apiVersion':'v1','kind':'Service','metadata':{'name':'elasticsearch-discovery',"
    "'labels':%s},'spec':{'clusterIP':'None','publishNotReadyAddresses':true,"
    "'selector':%s,'ports':[{'name':'transport','port':9300,'targetPort':9300}]}}",
    label_json, selector));
  g_ptr_array_add (objects, g_strdup_printf (
    "{'apiVersion':'v1','kind':'Service','metadata':{'name':'elasticsearch','labels':%s},"
    "'spec':{'type':'ClusterIP','selector':%s,'ports':[{'name':'http','port':9200,"
    "'targetPort':9200},{'name':'metrics','port':9600,'targetPort':9600}]}}",
    label_json, selector));
  g_ptr_array_add (objects, g_strdup_printf (
    "{'apiVersion':'policy/v1','kind':'PodDisruptionBudget','metadata':{'name':"
    "'elasticsearch','labels':%s},'spec':{'maxUnavailable':1,'selector':{'matchLabels':%s}}}",
    label_json, selector));
  if (spec->masters > 0)
    {
      g_ptr_array_add (objects, statefulset_json (spec, "elasticsearch-master", spec->masters,
                                                  "master", mounts->str, storage_class));
      g_ptr_array_add (objects, statefulset_json (spec, "elasticsearch", spec->replicas, "data",
                                                  mounts->str, storage_class));
    }
  else
    g_ptr_array_add (objects, statefulset_json (spec, "elasticsearch", spec->replicas, NULL,
                                                mounts->str, storage_class));

  for (guint i = 0; i < objects->len; i++)
    {
      char *quoted = quotes (objects->pdata[i]);
      char *at = strstr (quoted, "@YML@");

      if (at != NULL)
        {
          char *full;

          *at = '\0';
          full = g_strconcat (quoted, yml_json, at + 5, NULL);
          g_free (quoted);
          quoted = full;
        }
      g_free (objects->pdata[i]);
      objects->pdata[i] = quoted;
    }

  return objects;
}

static const char *
path_of (const char *json)
{
  if (strstr (json, "'kind':'Namespace'") || strstr (json, "\"kind\":\"Namespace\""))
    return "namespaces";
  if (strstr (json, "\"kind\":\"Secret\""))
    return "secrets";
  if (strstr (json, "\"kind\":\"ConfigMap\""))
    return "configmaps";
  if (strstr (json, "\"kind\":\"Service\""))
    return "services";
  if (strstr (json, "\"kind\":\"PodDisruptionBudget\""))
    return "poddisruptionbudgets";
  return "statefulsets";
}

static char *
collection_path (const char *namespace_,
                 const char *json)
{
  const char *plural = path_of (json);

  if (g_str_equal (plural, "namespaces"))
    return g_strdup ("/api/v1/namespaces");
  if (g_str_equal (plural, "poddisruptionbudgets"))
    return g_strdup_printf ("/apis/policy/v1/namespaces/%s/poddisruptionbudgets", namespace_);
  if (g_str_equal (plural, "statefulsets"))
    return g_strdup_printf ("/apis/apps/v1/namespaces/%s/statefulsets", namespace_);

  return g_strdup_printf ("/api/v1/namespaces/%s/%s", namespace_, plural);
}

static void
create_cluster (const Spec *spec)
{
  g_autoptr(GPtrArray) objects = cluster_objects (spec);

  for (guint i = 0; i < objects->len; i++)
    {
      g_autofree char *path = collection_path (spec->namespace_, objects->pdata[i]);

      create (path, objects->pdata[i]);
    }
}

static void
delete_namespace (const char *namespace_)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/namespaces/%s", namespace_);
  g_autoptr(JsonNode) answer = NULL;
  guint code;

  answer = api ("DELETE", path, NULL, &code);
  g_assert_cmpuint (code, ==, 200);
}

/* The cluster through a port-forward, with the application's own client */

static OdfeClient *
open_cluster (const char       *namespace_,
              const char       *password,
              KubePortForward **forward)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) ca = NULL;
  g_autofree char *selector = g_strdup_printf ("app.kubernetes.io/instance=%s", namespace_);
  g_autofree char *url = NULL;
  g_autofree char *server_name = odfe_service_server_name (namespace_);
  OdfeClient *client;

  odfe_read_cluster_ca_async (session->kube, namespace_, NULL, sandbox_session_store_result,
                              &result);
  ca = odfe_read_cluster_ca_finish (sandbox_session_wait_result (&result, 30), &error);
  g_assert_no_error (error);

  *forward = kube_port_forward_new (session->kube, namespace_, selector, NULL, 9200);
  kube_port_forward_set_idle_timeout (*forward, 0);
  g_assert_true (kube_port_forward_start (*forward, &error));

  url = g_strdup_printf ("https://127.0.0.1:%u", kube_port_forward_get_local_port (*forward));
  client = odfe_client_new (url, ca, server_name, &error);
  g_assert_no_error (error);
  odfe_client_set_credentials (client, "admin", password);
  return client;
}

static void
close_cluster (OdfeClient      *client,
               KubePortForward *forward)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (client);
  for (guint i = 0; i < 5000 && kube_port_forward_get_n_connections (forward) > 0; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  kube_port_forward_close (forward);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (forward);
}

/* Tests */

static void
test_comes_up_green (void)
{
  Spec spec = { .namespace_ = "shop", .replicas = 3, .privileged_init = TRUE };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OdfeHealth) health = NULL;
  g_autoptr(JsonNode) claim = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *log = NULL;
  KubePortForward *forward = NULL;
  OdfeClient *client;
  guint code;

  create_cluster (&spec);
  wait_ready ("shop", "elasticsearch", 3, 30);

  /* A claim per pod from the template, Bound, of the default class. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/namespaces/shop/persistentvolumeclaims/"
                                               "data-elasticsearch-%u", i);

      g_clear_pointer (&claim, json_node_unref);
      claim = api ("GET", path, NULL, &code);
      g_assert_cmpuint (code, ==, 200);
      g_assert_cmpstr (string_at (claim, "status.phase"), ==, "Bound");
      g_assert_cmpstr (string_at (claim, "spec.storageClassName"), ==, "standard");
    }

  /* The node says it started with the files it was given. */
  log = pod_log ("shop", "elasticsearch-1", FALSE);
  g_assert_nonnull (strstr (log, "[INFO ][o.e.n.Node               ] [elasticsearch-1] started\n"));
  g_assert_nonnull (strstr (log, "] [elasticsearch-1] Node 'elasticsearch-1' initialized\n"));
  g_assert_null (strstr (log, "[ERROR]"));

  /* The REST endpoint: the created certificate (the client checks it against the created
   * CA and the Service's name) and the created password. */
  client = open_cluster ("shop", PASSWORD, &forward);
  /* Fresh nodes recover their shards for a moment: the cluster turns green soon after. */
  odfe_client_health_async (client, "green", 20, NULL, sandbox_session_store_result, &result);
  health = odfe_client_health_finish (client, sandbox_session_wait_result (&result, 30), &error);
  g_assert_no_error (error);
  g_assert_false (health->timed_out);
  g_assert_cmpint (health->status, ==, ODFE_HEALTH_GREEN);
  g_assert_cmpint (health->number_of_nodes, ==, 3);
  g_clear_object (&result);

  odfe_client_set_credentials (client, "admin", "not-the-password");
  odfe_client_request_json_async (client, "GET", "/_cluster/health", NULL, NULL,
                                  sandbox_session_store_result, &result);
  answer = odfe_client_request_json_finish (client, sandbox_session_wait_result (&result, 30),
                                            &error);
  g_assert_null (answer);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_UNAUTHORIZED);
  g_clear_object (&result);
  close_cluster (client, forward);

  delete_namespace ("shop");
}

static void
test_dedicated_masters (void)
{
  Spec spec = { .namespace_ = "split", .replicas = 2, .masters = 3 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OdfeHealth) health = NULL;
  g_autoptr(JsonNode) nodes = NULL;
  g_autoptr(GHashTable) roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  KubePortForward *forward = NULL;
  OdfeClient *client;
  JsonArray *rows;

  /* Masters and data nodes are two StatefulSets of one cluster. */
  create_cluster (&spec);
  wait_ready ("split", "elasticsearch-master", 3, 30);
  wait_ready ("split", "elasticsearch", 2, 30);

  client = open_cluster ("split", PASSWORD, &forward);
  odfe_client_health_async (client, "green", 20, NULL, sandbox_session_store_result, &result);
  health = odfe_client_health_finish (client, sandbox_session_wait_result (&result, 30), &error);
  g_assert_no_error (error);
  g_assert_false (health->timed_out);
  g_assert_cmpint (health->status, ==, ODFE_HEALTH_GREEN);
  g_assert_cmpint (health->number_of_nodes, ==, 5);
  g_assert_cmpint (health->number_of_data_nodes, ==, 2);
  g_clear_object (&result);

  odfe_client_request_json_async (client, "GET", "/_cat/nodes?format=json&h=name,node.role,master",
                                  NULL, NULL, sandbox_session_store_result, &result);
  nodes = odfe_client_request_json_finish (client, sandbox_session_wait_result (&result, 30),
                                           &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  rows = json_node_get_array (nodes);
  g_assert_cmpuint (json_array_get_length (rows), ==, 5);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      g_hash_table_insert (roles, g_strdup (json_object_get_string_member (row, "name")),
                           g_strdup (json_object_get_string_member (row, "node.role")));
      if (g_str_equal (json_object_get_string_member (row, "master"), "*"))
        g_assert_true (g_str_has_prefix (json_object_get_string_member (row, "name"),
                                         "elasticsearch-master-"));
    }
  g_assert_cmpstr (g_hash_table_lookup (roles, "elasticsearch-master-0"), ==, "mr");
  g_assert_cmpstr (g_hash_table_lookup (roles, "elasticsearch-1"), ==, "dir");
  close_cluster (client, forward);

  delete_namespace ("split");
}

static void
test_demo_installer (void)
{
  static const char * const images[] = {
    "amazon/opendistro-for-elasticsearch:1.13.3", "opensearchproject/opensearch:2.11.1", NULL
  };

  /* Without security settings, and without DISABLE_INSTALL_DEMO_CONFIG, the image installs
   * its demo configuration and the node starts. */
  create ("/api/v1/namespaces", "{\"metadata\":{\"name\":\"bare\"}}");
  for (guint i = 0; images[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("bare%u", i);
      g_autofree char *pod = g_strdup_printf ("bare%u-0", i);
      g_autofree char *json = g_strdup_printf (
        "{\"metadata\":{\"name\":\"%s\"},\"spec\":{\"replicas\":1,\"serviceName\":\"%s\","
        "\"selector\":{\"matchLabels\":{\"app\":\"%s\"}},\"template\":{\"metadata\":"
        "{\"labels\":{\"app\":\"%s\"}},\"spec\":{\"containers\":[{\"name\":\"node\","
        "\"image\":\"%s\"}]}}}}", name, name, name, name, images[i]);
      g_autofree char *log = NULL;

      create ("/apis/apps/v1/namespaces/bare/statefulsets", json);
      wait_ready ("bare", name, 1, 30);
      log = pod_log ("bare", pod, FALSE);
      g_assert_nonnull (strstr (log, i == 0 ? "OpenDistro Security Demo Installer\n"
                                            : "OpenSearch Security Demo Installer\n"));
      g_assert_nonnull (strstr (log, i == 0 ? "][o.e.n.Node               ] [bare0-0] started\n"
                                            : "][o.o.n.Node               ] [bare1-0] started\n"));
    }

  delete_namespace ("bare");
}

static void
test_ordered_ready_waits (void)
{
  Spec spec = { .namespace_ = "ordered", .replicas = 3, .ordered_ready = TRUE };
  g_autofree char *events = NULL;

  /* With OrderedReady and a readiness probe on the security health, the first master waits
   * for the others to bootstrap, and the others wait for it to be Ready. */
  create_cluster (&spec);
  events = wait_event ("ordered", "Readiness probe failed: HTTP probe failed with statuscode: "
                       "503", 20);
  sleep_ms (1500);
  g_assert_false (pod_ready ("ordered", "elasticsearch-0"));
  g_assert_cmpuint (count_pods ("ordered"), ==, 1);

  delete_namespace ("ordered");
}

typedef struct
{
  const char *name;
  Spec        spec;
  const char *log;                  /* what the node's log says */
  gboolean    crashes;
} BrokenCase;

static const BrokenCase broken_cases[] = {
  { "pkcs1-key", { .replicas = 2, .pkcs1_key = TRUE },
    "Caused by: java.lang.IllegalArgumentException: File does not contain valid private key: "
    "/usr/share/elasticsearch/config/elk-transport-key.pem", TRUE },
  { "no-node-identity", { .replicas = 2, .no_node_identity = TRUE },
    "No user found for internal:cluster/coordination/join", FALSE },
  { "no-transport-tls", { .replicas = 2, .no_transport_tls = TRUE },
    "opendistro_security.ssl.transport.keystore_filepath or "
    "opendistro_security.ssl.transport.pemkey_filepath must be set if transport ssl is "
    "reqested.", TRUE },
  { "missing-secret-key", { .replicas = 2, .missing_key = "elk-transport-root-ca.pem" },
    "Is a directory: /usr/share/elasticsearch/config/elk-transport-root-ca.pem Expected a file "
    "for opendistro_security.ssl.transport.pemtrustedcas_filepath", TRUE },
  { "unreadable-file", { .replicas = 2, .trusted_file = "root-ca.pem" },
    "Unable to read /usr/share/elasticsearch/config/root-ca.pem "
    "(/usr/share/elasticsearch/config/root-ca.pem). Please make sure this files exists and is "
    "readable regarding to permissions. Property: "
    "opendistro_security.ssl.transport.pemtrustedcas_filepath", TRUE },
  { "other-ca", { .replicas = 2, .other_ca = TRUE },
    "SunCertPathBuilderException: unable to find valid certification path to requested target",
    FALSE },
  { "expired", { .replicas = 2, .expired = TRUE },
    "CertPathValidatorException: validity check failed", FALSE },
  { "no-meta", { .replicas = 2, .no_meta = TRUE },
    "internal_users.yml has no _meta section", FALSE },
};

static void
test_broken (gconstpointer data)
{
  const BrokenCase *broken = data;
  Spec spec = broken->spec;
  g_autofree char *namespace_ = g_strdup_printf ("broken-%s", broken->name);
  g_autofree char *log = NULL;
  g_autofree char *events = NULL;
  g_autofree char *pod_path = g_strdup_printf ("/api/v1/namespaces/%s/pods/elasticsearch-0",
                                               namespace_);
  g_autoptr(JsonNode) pod = NULL;
  guint code;

  spec.namespace_ = namespace_;
  create_cluster (&spec);

  log = wait_log (namespace_, "elasticsearch-0", broken->log, 20);
  if (broken->crashes)
    {
      g_assert_nonnull (strstr (log, "][ERROR][o.e.b.Bootstrap          ] [elasticsearch-0] "
                                     "Exception\n"));
      events = wait_event (namespace_, "Back-off restarting failed container elasticsearch in "
                           "pod elasticsearch-0_", 20);
    }
  else
    events = wait_event (namespace_, "Readiness probe failed: HTTP probe failed with "
                         "statuscode: 503", 20);

  /* It does not come up, whatever the wait. */
  sleep_ms (1000);
  for (guint i = 0; i < spec.replicas; i++)
    {
      g_autofree char *name = g_strdup_printf ("elasticsearch-%u", i);

      g_assert_false (pod_ready (namespace_, name));
    }

  pod = api ("GET", pod_path, NULL, &code);
  g_assert_cmpuint (code, ==, 200);
  g_assert_cmpstr (string_at (pod, "status.phase"), ==, "Running");

  delete_namespace (namespace_);
}

static void
test_admin_dn_spaces (void)
{
  Spec spec = { .namespace_ = "spaces", .replicas = 2, .admin_dn_spaces = TRUE };
  g_autofree char *log = NULL;

  /* Not fatal: the node starts, but says that DN will not match. */
  create_cluster (&spec);
  wait_ready ("spaces", "elasticsearch", 2, 30);
  log = pod_log ("spaces", "elasticsearch-0", FALSE);
  g_assert_nonnull (strstr (log, "[WARN ][c.a.o.s.c.AdminDNs       ] [elasticsearch-0] admin_dn "
                                 "'CN=admin, OU=x, O=searchdeck' has whitespace between its "
                                 "RDNs"));
  delete_namespace ("spaces");
}

static void
test_missing_secret (void)
{
  Spec spec = { .namespace_ = "nosecret", .replicas = 1, .no_security_secret = TRUE };
  g_autoptr(JsonNode) pod = NULL;
  g_autofree char *events = NULL;
  guint code;

  create_cluster (&spec);
  events = wait_event ("nosecret", "MountVolume.SetUp failed for volume \"security\" : secret "
                       "\"elasticsearch-security\" not found", 20);
  pod = api ("GET", "/api/v1/namespaces/nosecret/pods/elasticsearch-0", NULL, &code);
  g_assert_cmpuint (code, ==, 200);
  g_assert_cmpstr (string_at (pod, "status.phase"), ==, "Pending");
  delete_namespace ("nosecret");
}

static void
test_access_review (void)
{
  static const char review[] =
    "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\","
    "\"spec\":{\"resourceAttributes\":{\"namespace\":\"review\",\"verb\":\"create\","
    "\"group\":\"apps\",\"resource\":\"statefulsets\"}}}";
  static const char review_secrets[] =
    "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\","
    "\"spec\":{\"resourceAttributes\":{\"namespace\":\"review\",\"verb\":\"create\","
    "\"group\":\"\",\"resource\":\"secrets\"}}}";
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) faults_answer = NULL;
  guint code;

  create ("/api/v1/namespaces", "{\"metadata\":{\"name\":\"review\"}}");

  answer = api ("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", review, &code);
  g_assert_cmpuint (code, ==, 201);
  g_assert_true (json_object_get_boolean_member (
    json_object_get_object_member (json_node_get_object (answer), "status"), "allowed"));

  faults_answer = api ("POST", "/sandbox/faults", "{\"deny\":[\"create:statefulsets.apps\"]}",
                       &code);
  g_assert_cmpuint (code, ==, 200);

  g_clear_pointer (&answer, json_node_unref);
  answer = api ("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", review, &code);
  g_assert_cmpuint (code, ==, 201);
  g_assert_false (json_object_get_boolean_member (
    json_object_get_object_member (json_node_get_object (answer), "status"), "allowed"));

  /* Other verbs and resources stay allowed. */
  g_clear_pointer (&answer, json_node_unref);
  answer = api ("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", review_secrets,
                &code);
  g_assert_true (json_object_get_boolean_member (
    json_object_get_object_member (json_node_get_object (answer), "status"), "allowed"));

  /* The real request is refused as the authorizer refuses it. */
  g_clear_pointer (&answer, json_node_unref);
  answer = api ("POST", "/apis/apps/v1/namespaces/review/statefulsets",
                "{\"metadata\":{\"name\":\"x\"},\"spec\":{}}", &code);
  g_assert_cmpuint (code, ==, 403);
  g_assert_cmpstr (string_at (answer, "reason"), ==, "Forbidden");
  g_assert_cmpstr (string_at (answer, "message"), ==,
                   "statefulsets.apps is forbidden: User \"sandbox-admin\" cannot create "
                   "resource \"statefulsets\" in API group \"apps\" in the namespace "
                   "\"review\"");

  g_clear_pointer (&faults_answer, json_node_unref);
  faults_answer = api ("POST", "/sandbox/faults", "{\"deny\":[\"create:namespaces\"]}", &code);
  g_clear_pointer (&answer, json_node_unref);
  answer = api ("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"other\"}}", &code);
  g_assert_cmpuint (code, ==, 403);
  g_assert_cmpstr (string_at (answer, "message"), ==,
                   "namespaces is forbidden: User \"sandbox-admin\" cannot create resource "
                   "\"namespaces\" in API group \"\" at the cluster scope");

  g_clear_pointer (&faults_answer, json_node_unref);
  faults_answer = api ("POST", "/sandbox/faults", "{\"deny\":[]}", &code);
  g_assert_cmpuint (code, ==, 200);
  g_clear_pointer (&answer, json_node_unref);
  answer = api ("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", review, &code);
  g_assert_true (json_object_get_boolean_member (
    json_object_get_object_member (json_node_get_object (answer), "status"), "allowed"));

  delete_namespace ("review");
}

static void
test_pod_security (void)
{
  Spec spec = { .namespace_ = "guarded", .replicas = 3, .privileged_init = TRUE,
                .pod_security = "baseline" };
  Spec relaxed = { .namespace_ = "guarded-nonroot", .replicas = 1, .privileged_init = FALSE,
                   .pod_security = "baseline" };
  g_autofree char *events = NULL;
  g_autoptr(JsonNode) answer = NULL;
  guint code;

  create_cluster (&spec);
  events = wait_event ("guarded", "create Pod elasticsearch-0 in StatefulSet elasticsearch "
                       "failed error: pods \"elasticsearch-0\" is forbidden: violates "
                       "PodSecurity \"baseline:latest\": privileged (container \"init-sysctl\" "
                       "must not set securityContext.privileged=true)", 20);
  g_assert_nonnull (strstr (events, "FailedCreate: create Pod elasticsearch-0"));
  g_assert_cmpuint (count_pods ("guarded"), ==, 0);

  /* A pod made directly is refused the same way. */
  answer = api ("POST", "/api/v1/namespaces/guarded/pods",
                "{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"c\","
                "\"image\":\"busybox\",\"securityContext\":{\"privileged\":true}}]}}", &code);
  g_assert_cmpuint (code, ==, 403);
  g_assert_cmpstr (string_at (answer, "message"), ==,
                   "pods \"p\" is forbidden: violates PodSecurity \"baseline:latest\": "
                   "privileged (container \"c\" must not set securityContext.privileged=true)");

  /* Without the privileged init container, baseline admits the pods. */
  create_cluster (&relaxed);
  wait_ready ("guarded-nonroot", "elasticsearch", 1, 30);

  delete_namespace ("guarded");
  delete_namespace ("guarded-nonroot");
}

static void
test_insufficient_resources (void)
{
  Spec spec = { .namespace_ = "huge", .replicas = 1, .memory = "64Gi" };
  g_autoptr(JsonNode) pod = NULL;
  g_autofree char *events = NULL;
  guint code;

  create_cluster (&spec);
  events = wait_event ("huge", "FailedScheduling: 0/3 nodes are available: 3 Insufficient "
                       "memory.", 20);
  pod = api ("GET", "/api/v1/namespaces/huge/pods/elasticsearch-0", NULL, &code);
  g_assert_cmpstr (string_at (pod, "status.phase"), ==, "Pending");
  g_assert_null (string_at (pod, "spec.nodeName"));
  delete_namespace ("huge");
}

static void
test_storage_classes (void)
{
  Spec spec = { .namespace_ = "nostorage", .replicas = 1, .storage_class = "gold" };
  g_autoptr(JsonNode) classes = NULL;
  g_autoptr(JsonNode) claim = NULL;
  g_autofree char *events = NULL;
  JsonArray *items;
  guint defaults = 0;
  guint code;

  classes = api ("GET", "/apis/storage.k8s.io/v1/storageclasses", NULL, &code);
  g_assert_cmpuint (code, ==, 200);
  items = json_object_get_array_member (json_node_get_object (classes), "items");
  g_assert_cmpuint (json_array_get_length (items), >=, 2);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      JsonObject *metadata = json_object_get_object_member (json_node_get_object (item),
                                                            "metadata");
      JsonObject *annotations = json_object_has_member (metadata, "annotations")
                                ? json_object_get_object_member (metadata, "annotations")
                                : NULL;

      if (annotations != NULL
          && json_object_has_member (annotations, "storageclass.kubernetes.io/is-default-class")
          && g_str_equal (json_object_get_string_member (
                            annotations, "storageclass.kubernetes.io/is-default-class"), "true"))
        {
          g_assert_cmpstr (string_at (item, "metadata.name"), ==, "standard");
          defaults++;
        }
    }
  g_assert_cmpuint (defaults, ==, 1);

  /* A class that does not exist: the claim and its pod stay Pending. */
  create_cluster (&spec);
  events = wait_event ("nostorage", "ProvisioningFailed: storageclass.storage.k8s.io \"gold\" "
                       "not found", 20);
  g_clear_pointer (&events, g_free);
  events = wait_event ("nostorage", "FailedScheduling: 0/3 nodes are available: pod has unbound "
                       "immediate PersistentVolumeClaims.", 20);
  claim = api ("GET", "/api/v1/namespaces/nostorage/persistentvolumeclaims/"
               "data-elasticsearch-0", NULL, &code);
  g_assert_cmpstr (string_at (claim, "status.phase"), ==, "Pending");
  delete_namespace ("nostorage");
}

static void
test_dry_run (void)
{
  Spec spec = { .namespace_ = "dryrun", .replicas = 1 };
  g_autoptr(GPtrArray) objects = cluster_objects (&spec);
  g_autoptr(JsonNode) answer = NULL;
  guint code;

  /* The namespace must exist for a server-side dry run of what goes in it, as on a real
   * server; it is made for real, the rest only checked. */
  create ("/api/v1/namespaces", objects->pdata[0]);
  for (guint i = 1; i < objects->len; i++)
    {
      g_autofree char *path = collection_path ("dryrun", objects->pdata[i]);
      g_autofree char *dry = g_strconcat (path, "?dryRun=All", NULL);

      g_clear_pointer (&answer, json_node_unref);
      answer = api ("POST", dry, objects->pdata[i], &code);
      g_assert_cmpuint (code, ==, 201);
      g_assert_nonnull (string_at (answer, "metadata.uid"));
    }

  /* A dry run validates as a create does. */
  g_clear_pointer (&answer, json_node_unref);
  answer = api ("POST", "/api/v1/namespaces/dryrun/configmaps?dryRun=All",
                "{\"metadata\":{\"name\":\"Bad_Name\"}}", &code);
  g_assert_cmpuint (code, ==, 422);
  g_assert_cmpstr (string_at (answer, "reason"), ==, "Invalid");
  g_assert_true (g_str_has_prefix (string_at (answer, "message"),
                                   "ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid "
                                   "value: \"Bad_Name\": a lowercase RFC 1123 subdomain must "
                                   "consist of lower case alphanumeric characters"));
  g_clear_pointer (&answer, json_node_unref);
  answer = api ("POST", "/apis/apps/v1/namespaces/dryrun/statefulsets?dryRun=All",
                "{\"metadata\":{\"name\":\"odd\"},\"spec\":{\"selector\":{\"matchLabels\":"
                "{\"app\":\"a\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"b\"}}}}}",
                &code);
  g_assert_cmpuint (code, ==, 422);
  g_assert_cmpstr (string_at (answer, "message"), ==,
                   "StatefulSet.apps \"odd\" is invalid: spec.template.metadata.labels: "
                   "Invalid value: map[string]string{\"app\":\"b\"}: `selector` does not match "
                   "template `labels`");
  g_clear_pointer (&answer, json_node_unref);
  answer = api ("POST", "/api/v1/namespaces/dryrun/secrets?dryRun=All",
                "{\"metadata\":{\"name\":\"s\"},\"data\":{\"k\":\"not base64!\"}}", &code);
  g_assert_cmpuint (code, ==, 422);

  /* Nothing was stored, and no controller acted. */
  sleep_ms (800);
  g_clear_pointer (&answer, json_node_unref);
  answer = api ("GET", "/apis/apps/v1/namespaces/dryrun/statefulsets/elasticsearch", NULL,
                &code);
  g_assert_cmpuint (code, ==, 404);
  g_clear_pointer (&answer, json_node_unref);
  answer = api ("GET", "/api/v1/namespaces/dryrun/secrets/elasticsearch-tls", NULL, &code);
  g_assert_cmpuint (code, ==, 404);
  g_assert_cmpuint (count_pods ("dryrun"), ==, 0);

  delete_namespace ("dryrun");
}

static void
test_namespace_deletion (void)
{
  Spec spec = { .namespace_ = "doomed", .replicas = 2 };
  g_autoptr(JsonNode) answer = NULL;
  gint64 deadline;
  guint code;

  create_cluster (&spec);
  wait_ready ("doomed", "elasticsearch", 2, 30);

  answer = api ("DELETE", "/api/v1/namespaces/doomed", NULL, &code);
  g_assert_cmpuint (code, ==, 200);
  g_assert_cmpstr (string_at (answer, "status.phase"), ==, "Terminating");

  /* Creating in it is refused while it terminates. */
  g_clear_pointer (&answer, json_node_unref);
  answer = api ("POST", "/api/v1/namespaces/doomed/configmaps",
                "{\"metadata\":{\"name\":\"late\"}}", &code);
  g_assert_cmpuint (code, ==, 403);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  for (;;)
    {
      g_clear_pointer (&answer, json_node_unref);
      answer = api ("GET", "/api/v1/namespaces/doomed", NULL, &code);
      if (code == 404)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      sleep_ms (100);
    }

  /* Everything in it went with it. */
  {
    static const char * const lists[] = {
      "/api/v1/persistentvolumeclaims", "/api/v1/secrets", "/api/v1/configmaps",
      "/api/v1/services", "/api/v1/pods", "/apis/apps/v1/statefulsets",
      "/apis/policy/v1/poddisruptionbudgets", NULL
    };

    for (guint i = 0; lists[i] != NULL; i++)
      {
        g_autofree char *text = NULL;

        g_clear_pointer (&answer, json_node_unref);
        answer = api ("GET", lists[i], NULL, &code);
        g_assert_cmpuint (code, ==, 200);
        text = json_to_string (answer, FALSE);
        g_assert_null (strstr (text, "\"namespace\":\"doomed\""));
      }
  }
}

/* kubectl */

static gboolean
have_kubectl (void)
{
  g_autofree char *path = g_find_program_in_path ("kubectl");

  if (path == NULL)
    {
      g_test_skip ("kubectl is not installed");
      return FALSE;
    }

  return TRUE;
}

static char *
kubectl (int                 *status,
         const char * const  *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cache = g_build_filename (session->sandbox->state_dir, "kube-cache", NULL);
  char *out = NULL;

  g_subprocess_launcher_setenv (launcher, "KUBECONFIG", session->sandbox->kubeconfig, TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", session->sandbox->state_dir, TRUE);
  g_ptr_array_add (argv, (gpointer) "kubectl");
  g_ptr_array_add (argv, (gpointer) "--cache-dir");
  g_ptr_array_add (argv, cache);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  /* kubectl blocks; the sandbox is another process, so waiting here is fine. */
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_exit_status (process);
  return out;
}

static void
test_kubectl_apply (void)
{
  Spec spec = { .namespace_ = "applied", .replicas = 1 };
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GString) yaml = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *file = NULL;
  g_autofree char *namespace_file = NULL;
  g_autofree char *out = NULL;
  int status;
  guint code;

  if (!have_kubectl ())
    return;

  objects = cluster_objects (&spec);
  /* JSON documents are YAML documents. */
  for (guint i = 1; i < objects->len; i++)
    g_string_append_printf (yaml, "---\n%s\n", (const char *) objects->pdata[i]);
  file = g_build_filename (session->sandbox->state_dir, "manifests.yaml", NULL);
  g_file_set_contents (file, yaml->str, -1, &error);
  g_assert_no_error (error);
  namespace_file = g_build_filename (session->sandbox->state_dir, "namespace.yaml", NULL);
  g_file_set_contents (namespace_file, objects->pdata[0], -1, &error);
  g_assert_no_error (error);

  {
    const char * const args[] = { "apply", "-f", namespace_file, NULL };

    out = kubectl (&status, args);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "namespace/applied created"));
    g_clear_pointer (&out, g_free);
  }

  {
    const char * const args[] = { "apply", "-n", "applied", "--dry-run=server", "-f", file,
                                  NULL };

    out = kubectl (&status, args);
    if (status != 0)
      g_error ("kubectl apply --dry-run=server: %s", out);
    if (strstr (out, "secret/elasticsearch-tls created (server dry run)") == NULL)
      g_error ("kubectl apply --dry-run=server said: %s", out);
    g_assert_nonnull (strstr (out, "statefulset.apps/elasticsearch created (server dry run)"));
    g_assert_nonnull (strstr (out, "poddisruptionbudget.policy/elasticsearch created "
                                   "(server dry run)"));
    g_clear_pointer (&out, g_free);
  }

  answer = api ("GET", "/apis/apps/v1/namespaces/applied/statefulsets/elasticsearch", NULL,
                &code);
  g_assert_cmpuint (code, ==, 404);

  {
    const char * const args[] = { "apply", "-n", "applied", "-f", file, NULL };

    out = kubectl (&status, args);
    if (status != 0)
      g_error ("kubectl apply: %s", out);
    g_assert_nonnull (strstr (out, "statefulset.apps/elasticsearch created"));
    g_clear_pointer (&out, g_free);
  }

  wait_ready ("applied", "elasticsearch", 1, 30);
  delete_namespace ("applied");
}

static void
test_kubectl_can_i (void)
{
  g_autoptr(JsonNode) faults_answer = NULL;
  g_autofree char *out = NULL;
  int status;
  guint code;

  if (!have_kubectl ())
    return;

  faults_answer = api ("POST", "/sandbox/faults",
                       "{\"deny\":[\"create:statefulsets.apps@demo\"]}", &code);
  g_assert_cmpuint (code, ==, 200);

  {
    const char * const args[] = { "auth", "can-i", "create", "statefulsets.apps", "-n", "demo",
                                  NULL };

    /* kubectl prints the review's reason after a no. */
    out = kubectl (&status, args);
    g_assert_true (g_str_has_prefix (out, "no - "));
    g_assert_cmpint (status, !=, 0);
    g_clear_pointer (&out, g_free);
  }
  {
    const char * const args[] = { "auth", "can-i", "create", "secrets", "-n", "demo", NULL };

    out = kubectl (&status, args);
    g_assert_cmpstr (out, ==, "yes\n");
    g_assert_cmpint (status, ==, 0);
    g_clear_pointer (&out, g_free);
  }

  g_clear_pointer (&faults_answer, json_node_unref);
  faults_answer = api ("POST", "/sandbox/faults", "{\"deny\":[]}", &code);
  g_assert_cmpuint (code, ==, 200);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const args[] = { "--ready-delay", "300", "--delete-delay", "200", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *kubeconfig = NULL;
  g_autofree char *ca_path = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  const char *start;
  int result;

  g_test_init (&argc, &argv, NULL);

  session = sandbox_session_start ("test-sandbox-create", args);
  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return g_test_run ();
    }

  g_file_get_contents (session->sandbox->kubeconfig, &kubeconfig, NULL, &error);
  g_assert_no_error (error);
  start = strstr (kubeconfig, "    token: ") + strlen ("    token: ");
  token = g_strndup (start, strchr (start, '\n') - start);
  ca_path = g_build_filename (session->sandbox->state_dir, "ca.crt", NULL);
  database = g_tls_file_database_new (ca_path, &error);
  g_assert_no_error (error);
  http = soup_session_new_with_options ("tls-database", database, NULL);
  password_hash = sandbox_seed_bcrypt (PASSWORD, &error);
  g_assert_no_error (error);

  g_test_add_func ("/sandbox/create/comes-up-green", test_comes_up_green);
  g_test_add_func ("/sandbox/create/dedicated-masters", test_dedicated_masters);
  g_test_add_func ("/sandbox/create/ordered-ready-waits", test_ordered_ready_waits);
  g_test_add_func ("/sandbox/create/demo-installer", test_demo_installer);
  for (guint i = 0; i < G_N_ELEMENTS (broken_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/sandbox/create/broken/%s",
                                               broken_cases[i].name);

      g_test_add_data_func (name, &broken_cases[i], test_broken);
    }
  g_test_add_func ("/sandbox/create/admin-dn-spaces", test_admin_dn_spaces);
  g_test_add_func ("/sandbox/create/missing-secret", test_missing_secret);
  g_test_add_func ("/sandbox/create/access-review", test_access_review);
  g_test_add_func ("/sandbox/create/pod-security", test_pod_security);
  g_test_add_func ("/sandbox/create/insufficient-resources", test_insufficient_resources);
  g_test_add_func ("/sandbox/create/storage-classes", test_storage_classes);
  g_test_add_func ("/sandbox/create/dry-run", test_dry_run);
  g_test_add_func ("/sandbox/create/namespace-deletion", test_namespace_deletion);
  g_test_add_func ("/sandbox/create/kubectl-apply", test_kubectl_apply);
  g_test_add_func ("/sandbox/create/kubectl-can-i", test_kubectl_can_i);

  result = g_test_run ();

  g_assert_finalize_object (http);
  g_free (token);
  g_free (password_hash);
  sandbox_session_stop (session);
  return result;
}
