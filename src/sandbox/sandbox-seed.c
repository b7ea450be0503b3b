/* sandbox-seed.c: the objects a fresh sandbox starts with
 *
 * Every sandbox has the namespaces a cluster starts with, three nodes (each
 * with 3800m CPU and about 14.5 GiB of memory allocatable) and two
 * StorageClasses: "standard", the default, and "fast-ssd".  With --seed demo
 * it also holds one healthy three-node Open Distro cluster in the namespace "demo", made of the objects
 * DESIGN.md lists, with certificates and a bcrypt-hashed admin password made
 * at start; the password is written beside the kubeconfig, readable only by
 * its owner.
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <crypt.h>
#include <gio/gio.h>
#include <string.h>

#include "sandbox-certs.h"
#include "sandbox-seed.h"

#define DEMO "demo"
#define ODFE_IMAGE "amazon/opendistro-for-elasticsearch:1.13.3"

static const SandboxResource *
resource_of (const char *plural)
{
  const SandboxResource *resources;
  guint n_resources;

  resources = sandbox_resources_all (&n_resources);
  for (guint i = 0; i < n_resources; i++)
    {
      if (g_str_equal (resources[i].plural, plural))
        return &resources[i];
    }

  g_assert_not_reached ();
}

static gboolean
create_from_json (SandboxStore *store,
                  const char   *plural,
                  const char   *namespace_,
                  const char   *json,
                  GError      **error)
{
  g_autoptr(JsonNode) node = json_from_string (json, error);

  if (node == NULL)
    return FALSE;

  return sandbox_store_create (store, resource_of (plural), namespace_, node, error) != NULL;
}

gboolean
sandbox_seed_base (SandboxStore *store,
                   GError      **error)
{
  static const char * const namespaces[] = { "default", "kube-system", "kube-public", NULL };

  for (guint i = 0; namespaces[i] != NULL; i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"metadata\":{\"name\":\"%s\",\"labels\":{\"kubernetes.io/metadata.name\":\"%s\"}},"
        "\"spec\":{\"finalizers\":[\"kubernetes\"]},\"status\":{\"phase\":\"Active\"}}",
        namespaces[i], namespaces[i]);

      if (!create_from_json (store, "namespaces", NULL, json, error))
        return FALSE;
    }

  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"metadata\":{\"name\":\"node-%u\",\"labels\":{"
        "\"kubernetes.io/hostname\":\"node-%u\",\"kubernetes.io/os\":\"linux\","
        "\"kubernetes.io/arch\":\"amd64\",\"topology.kubernetes.io/zone\":\"zone-%c\"}},"
        "\"spec\":{\"podCIDR\":\"10.244.%u.0/24\"},"
        "\"status\":{\"capacity\":{\"cpu\":\"4\",\"memory\":\"16393216Ki\",\"pods\":\"110\","
        "\"ephemeral-storage\":\"102626232Ki\"},"
        "\"allocatable\":{\"cpu\":\"3800m\",\"memory\":\"15266816Ki\",\"pods\":\"110\","
        "\"ephemeral-storage\":\"94580335255\"},"
        "\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"KubeletReady\","
        "\"message\":\"kubelet is posting ready status\"}],"
        "\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"192.168.49.%u\"},"
        "{\"type\":\"Hostname\",\"address\":\"node-%u\"}],"
        "\"nodeInfo\":{\"kubeletVersion\":\"v1.32.4\",\"containerRuntimeVersion\":"
        "\"containerd://1.7.24\",\"osImage\":\"Debian GNU/Linux 12 (bookworm)\","
        "\"kernelVersion\":\"6.1.0-28-amd64\",\"operatingSystem\":\"linux\","
        "\"architecture\":\"amd64\"}}}",
        i, i, 'a' + i - 1, i, i + 1, i);

      if (!create_from_json (store, "nodes", NULL, json, error))
        return FALSE;
    }

  return create_from_json (store, "storageclasses", NULL,
                           "{\"metadata\":{\"name\":\"standard\",\"annotations\":{"
                           "\"storageclass.kubernetes.io/is-default-class\":\"true\"}},"
                           "\"provisioner\":\"rancher.io/local-path\","
                           "\"reclaimPolicy\":\"Delete\","
                           "\"volumeBindingMode\":\"WaitForFirstConsumer\"}",
                           error)
         && create_from_json (store, "storageclasses", NULL,
                              "{\"metadata\":{\"name\":\"fast-ssd\"},"
                              "\"provisioner\":\"pd.csi.storage.gke.io\","
                              "\"parameters\":{\"type\":\"pd-ssd\"},"
                              "\"reclaimPolicy\":\"Retain\","
                              "\"allowVolumeExpansion\":true,"
                              "\"volumeBindingMode\":\"WaitForFirstConsumer\"}",
                              error);
}

/* A bcrypt hash ("$2b$12$…") of @password, as the security plugin stores them. */
char *
sandbox_seed_bcrypt (const char *password,
                     GError    **error)
{
  g_autofree struct crypt_data *data = g_new0 (struct crypt_data, 1);
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  char random_bytes[16];
  const char *hash;

  for (guint i = 0; i < sizeof random_bytes; i++)
    random_bytes[i] = (char) g_random_int_range (0, 256);

  if (crypt_gensalt_rn ("$2b$", 12, random_bytes, sizeof random_bytes, salt,
                        sizeof salt) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "bcrypt is not available");
      return NULL;
    }

  hash = crypt_r (password, salt, data);
  if (hash == NULL || hash[0] != '$')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "hashing the password failed");
      return NULL;
    }

  return g_strdup (hash);
}

static char *
random_password (void)
{
  static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  GString *password = g_string_new (NULL);

  for (guint i = 0; i < 20; i++)
    g_string_append_c (password, alphabet[g_random_int_range (0, sizeof alphabet - 1)]);

  return g_string_free (password, FALSE);
}

static const char labels_json[] =
  "{\"app.kubernetes.io/name\":\"elasticsearch\",\"app.kubernetes.io/instance\":\"" DEMO "\","
  "\"app.kubernetes.io/managed-by\":\"searchdeck\"}";

static JsonNode *
object_skeleton (const char *name,
                 const char *rest_json)
{
  g_autofree char *json = g_strdup_printf ("{\"metadata\":{\"name\":\"%s\",\"labels\":%s}%s%s}",
                                           name, labels_json, rest_json ? "," : "",
                                           rest_json ? rest_json : "");
  JsonNode *node = json_from_string (json, NULL);

  g_assert (node != NULL);
  return node;
}

static void
set_data (JsonObject *data,
          const char *key,
          const char *value,
          gboolean    base64)
{
  if (base64)
    {
      g_autofree char *encoded = g_base64_encode ((const guchar *) value, strlen (value));

      json_object_set_string_member (data, key, encoded);
    }
  else
    json_object_set_string_member (data, key, value);
}

static const char elasticsearch_yml[] =
  "cluster.name: " DEMO "\n"
  "network.host: 0.0.0.0\n"
  "discovery.seed_hosts: elasticsearch-discovery\n"
  "cluster.initial_master_nodes:\n"
  "  - elasticsearch-0\n"
  "  - elasticsearch-1\n"
  "  - elasticsearch-2\n"
  "node.master: true\n"
  "node.data: true\n"
  "node.ingest: true\n"
  "node.max_local_storage_nodes: 1\n"
  "processors: ${PROCESSORS:1}\n"
  "\n"
  "opendistro_security.ssl.transport.pemcert_filepath: elk-transport-crt.pem\n"
  "opendistro_security.ssl.transport.pemkey_filepath: elk-transport-key.pem\n"
  "opendistro_security.ssl.transport.pemtrustedcas_filepath: elk-transport-root-ca.pem\n"
  "opendistro_security.ssl.transport.enforce_hostname_verification: false\n"
  "opendistro_security.ssl.http.enabled: true\n"
  "opendistro_security.ssl.http.pemcert_filepath: elk-rest-crt.pem\n"
  "opendistro_security.ssl.http.pemkey_filepath: elk-rest-key.pem\n"
  "opendistro_security.ssl.http.pemtrustedcas_filepath: elk-rest-root-ca.pem\n"
  "opendistro_security.authcz.admin_dn:\n"
  "  - \"CN=admin,OU=" DEMO ",O=Searchdeck\"\n"
  "opendistro_security.allow_default_init_securityindex: true\n"
  "opendistro_security.allow_unsafe_democertificates: false\n"
  "opendistro_security.audit.type: internal_elasticsearch\n"
  "opendistro_security.restapi.roles_enabled: [\"all_access\", \"security_rest_api_access\"]\n"
  "opendistro_security.enable_snapshot_restore_privilege: true\n"
  "opendistro_security.check_snapshot_restore_write_privileges: true\n";

static gboolean
seed_tls_secret (SandboxStore *store,
                 GError      **error)
{
  static const char * const ip_addresses[] = { "127.0.0.1", NULL };
  g_autoptr(SandboxCa) ca = NULL;
  g_autoptr(GPtrArray) dns_names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *node_cert = NULL;
  g_autofree char *node_key = NULL;
  g_autofree char *admin_cert = NULL;
  g_autofree char *admin_key = NULL;
  g_autoptr(JsonNode) secret = NULL;
  JsonObject *data;
  SandboxCertRequest node = {
    .subject = "CN=elasticsearch,OU=" DEMO ",O=Searchdeck",
    .ip_addresses = ip_addresses,
    .registered_id = "1.2.3.4.5.5",
    .server_auth = TRUE,
    .client_auth = TRUE,
    .days = 3650,
    .key_type = SANDBOX_KEY_RSA_2048,
  };
  SandboxCertRequest admin = {
    .subject = "CN=admin,OU=" DEMO ",O=Searchdeck",
    .client_auth = TRUE,
    .days = 3650,
    .key_type = SANDBOX_KEY_RSA_2048,
  };
  static const char * const services[] = { "elasticsearch", "elasticsearch-discovery", NULL };
  static const char * const suffixes[] = { "", "." DEMO, "." DEMO ".svc",
                                           "." DEMO ".svc.cluster.local", NULL };

  for (guint s = 0; services[s] != NULL; s++)
    for (guint x = 0; suffixes[x] != NULL; x++)
      g_ptr_array_add (dns_names, g_strconcat (services[s], suffixes[x], NULL));
  for (guint i = 0; i < 3; i++)
    {
      g_ptr_array_add (dns_names, g_strdup_printf ("elasticsearch-%u", i));
      for (guint x = 0; suffixes[x] != NULL; x++)
        g_ptr_array_add (dns_names,
                         g_strdup_printf ("elasticsearch-%u.elasticsearch-discovery%s", i,
                                          suffixes[x]));
    }
  g_ptr_array_add (dns_names, g_strdup ("localhost"));
  g_ptr_array_add (dns_names, NULL);
  node.dns_names = (const char * const *) dns_names->pdata;

  ca = sandbox_ca_new ("CN=" DEMO " root CA,OU=" DEMO ",O=Searchdeck", SANDBOX_KEY_RSA_2048,
                       error);
  if (ca == NULL
      || !sandbox_ca_issue (ca, &node, &node_cert, &node_key, error)
      || !sandbox_ca_issue (ca, &admin, &admin_cert, &admin_key, error))
    return FALSE;

  secret = object_skeleton ("elasticsearch-tls", "\"type\":\"Opaque\",\"data\":{}");
  data = json_object_get_object_member (json_node_get_object (secret), "data");
  set_data (data, "elk-transport-crt.pem", node_cert, TRUE);
  set_data (data, "elk-transport-key.pem", node_key, TRUE);
  set_data (data, "elk-transport-root-ca.pem", sandbox_ca_get_certificate (ca), TRUE);
  set_data (data, "elk-rest-crt.pem", node_cert, TRUE);
  set_data (data, "elk-rest-key.pem", node_key, TRUE);
  set_data (data, "elk-rest-root-ca.pem", sandbox_ca_get_certificate (ca), TRUE);
  set_data (data, "admin-crt.pem", admin_cert, TRUE);
  set_data (data, "admin-key.pem", admin_key, TRUE);
  set_data (data, "admin-root-ca.pem", sandbox_ca_get_certificate (ca), TRUE);

  explicit_bzero (node_key, strlen (node_key));
  explicit_bzero (admin_key, strlen (admin_key));

  return sandbox_store_create (store, resource_of ("secrets"), DEMO, secret, error) != NULL;
}

static gboolean
seed_security_secret (SandboxStore *store,
                      const char   *state_dir,
                      GError      **error)
{
  g_autofree char *password = random_password ();
  g_autofree char *kibana_password = random_password ();
  g_autofree char *admin_hash = NULL;
  g_autofree char *kibana_hash = NULL;
  g_autofree char *internal_users = NULL;
  g_autofree char *password_path = g_build_filename (state_dir, "demo-admin-password", NULL);
  g_autoptr(JsonNode) secret = NULL;
  JsonObject *data;

  admin_hash = sandbox_seed_bcrypt (password, error);
  if (admin_hash == NULL)
    return FALSE;
  kibana_hash = sandbox_seed_bcrypt (kibana_password, error);
  if (kibana_hash == NULL)
    return FALSE;

  if (!g_file_set_contents_full (password_path, password, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                 0600, error))
    return FALSE;

  internal_users = g_strdup_printf (
    "_meta:\n"
    "  type: \"internalusers\"\n"
    "  config_version: 2\n"
    "\n"
    "admin:\n"
    "  hash: \"%s\"\n"
    "  reserved: true\n"
    "  backend_roles:\n"
    "  - \"admin\"\n"
    "  description: \"Administrator of the " DEMO " cluster\"\n"
    "\n"
    "kibanaserver:\n"
    "  hash: \"%s\"\n"
    "  reserved: true\n"
    "  description: \"The Kibana server user\"\n",
    admin_hash, kibana_hash);

  secret = object_skeleton ("elasticsearch-security", "\"type\":\"Opaque\",\"data\":{}");
  data = json_object_get_object_member (json_node_get_object (secret), "data");
  set_data (data, "internal_users.yml", internal_users, TRUE);
  set_data (data, "config.yml",
            "_meta:\n"
            "  type: \"config\"\n"
            "  config_version: 2\n"
            "\n"
            "config:\n"
            "  dynamic:\n"
            "    http:\n"
            "      anonymous_auth_enabled: false\n"
            "    authc:\n"
            "      basic_internal_auth_domain:\n"
            "        description: \"Authenticate via HTTP Basic against internal users\"\n"
            "        http_enabled: true\n"
            "        transport_enabled: true\n"
            "        order: 4\n"
            "        http_authenticator:\n"
            "          type: basic\n"
            "          challenge: true\n"
            "        authentication_backend:\n"
            "          type: intern\n", TRUE);
  set_data (data, "roles.yml",
            "_meta:\n"
            "  type: \"roles\"\n"
            "  config_version: 2\n"
            "\n"
            "security_rest_api_access:\n"
            "  reserved: true\n", TRUE);
  set_data (data, "roles_mapping.yml",
            "_meta:\n"
            "  type: \"rolesmapping\"\n"
            "  config_version: 2\n"
            "\n"
            "all_access:\n"
            "  reserved: false\n"
            "  backend_roles:\n"
            "  - \"admin\"\n"
            "  description: \"Maps the admin backend role to all_access\"\n"
            "\n"
            "kibana_server:\n"
            "  reserved: true\n"
            "  users:\n"
            "  - \"kibanaserver\"\n", TRUE);
  set_data (data, "action_groups.yml",
            "_meta:\n"
            "  type: \"actiongroups\"\n"
            "  config_version: 2\n", TRUE);
  set_data (data, "tenants.yml",
            "_meta:\n"
            "  type: \"tenants\"\n"
            "  config_version: 2\n"
            "\n"
            "admin_tenant:\n"
            "  reserved: false\n"
            "  description: \"The tenant of the admin user\"\n", TRUE);
  set_data (data, "audit.yml",
            "_meta:\n"
            "  type: \"audit\"\n"
            "  config_version: 2\n"
            "\n"
            "config:\n"
            "  enabled: true\n"
            "  audit:\n"
            "    enable_rest: true\n"
            "    disabled_rest_categories:\n"
            "    - AUTHENTICATED\n"
            "    - GRANTED_PRIVILEGES\n"
            "    enable_transport: true\n"
            "    disabled_transport_categories:\n"
            "    - AUTHENTICATED\n"
            "    - GRANTED_PRIVILEGES\n"
            "    resolve_bulk_requests: false\n"
            "    log_request_body: true\n"
            "    resolve_indices: true\n"
            "    exclude_sensitive_headers: true\n"
            "    ignore_users:\n"
            "    - kibanaserver\n"
            "  compliance:\n"
            "    enabled: true\n"
            "    internal_config: true\n"
            "    external_config: false\n", TRUE);

  explicit_bzero (password, strlen (password));
  explicit_bzero (kibana_password, strlen (kibana_password));

  return sandbox_store_create (store, resource_of ("secrets"), DEMO, secret, error) != NULL;
}

static const char statefulset_spec[] =
  "\"spec\":{\"replicas\":3,\"serviceName\":\"elasticsearch-discovery\","
  "\"podManagementPolicy\":\"OrderedReady\","
  "\"updateStrategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"partition\":0}},"
  "\"revisionHistoryLimit\":10,"
  "\"selector\":{\"matchLabels\":{\"app.kubernetes.io/name\":\"elasticsearch\","
  "\"app.kubernetes.io/instance\":\"" DEMO "\"}},"
  "\"template\":{\"metadata\":{\"labels\":{\"app.kubernetes.io/name\":\"elasticsearch\","
  "\"app.kubernetes.io/instance\":\"" DEMO "\",\"app.kubernetes.io/managed-by\":\"searchdeck\"},"
  "\"annotations\":{\"kubectl.kubernetes.io/default-container\":\"elasticsearch\"}},"
  "\"spec\":{\"terminationGracePeriodSeconds\":120,"
  "\"securityContext\":{\"fsGroup\":1000,\"runAsUser\":1000,\"runAsGroup\":1000},"
  "\"initContainers\":[{\"name\":\"init-sysctl\",\"image\":\"busybox:1.27.2\","
  "\"command\":[\"sysctl\",\"-w\",\"vm.max_map_count=262144\"],"
  "\"securityContext\":{\"privileged\":true,\"runAsUser\":0}}],"
  "\"containers\":[{\"name\":\"elasticsearch\",\"image\":\"" ODFE_IMAGE "\","
  "\"ports\":[{\"name\":\"http\",\"containerPort\":9200,\"protocol\":\"TCP\"},"
  "{\"name\":\"transport\",\"containerPort\":9300,\"protocol\":\"TCP\"},"
  "{\"name\":\"metrics\",\"containerPort\":9600,\"protocol\":\"TCP\"}],"
  "\"env\":[{\"name\":\"node.name\",\"valueFrom\":{\"fieldRef\":{\"fieldPath\":"
  "\"metadata.name\"}}},"
  "{\"name\":\"ES_JAVA_OPTS\",\"value\":\"-Xms1g -Xmx1g\"},"
  "{\"name\":\"PROCESSORS\",\"valueFrom\":{\"resourceFieldRef\":{\"resource\":"
  "\"limits.cpu\",\"divisor\":\"1\"}}},"
  "{\"name\":\"DISABLE_INSTALL_DEMO_CONFIG\",\"value\":\"true\"}],"
  "\"resources\":{\"requests\":{\"cpu\":\"500m\",\"memory\":\"2Gi\"},"
  "\"limits\":{\"cpu\":\"1\",\"memory\":\"2Gi\"}},"
  "\"readinessProbe\":{\"tcpSocket\":{\"port\":9200},\"initialDelaySeconds\":20,"
  "\"periodSeconds\":10},"
  "\"volumeMounts\":[{\"name\":\"data\",\"mountPath\":\"/usr/share/elasticsearch/data\"},"
  "{\"name\":\"config\",\"mountPath\":"
  "\"/usr/share/elasticsearch/config/elasticsearch.yml\",\"subPath\":\"elasticsearch.yml\"},"
  "{\"name\":\"tls\",\"mountPath\":\"/usr/share/elasticsearch/config/elk-transport-crt.pem\","
  "\"subPath\":\"elk-transport-crt.pem\"},"
  "{\"name\":\"tls\",\"mountPath\":\"/usr/share/elasticsearch/config/elk-transport-key.pem\","
  "\"subPath\":\"elk-transport-key.pem\"},"
  "{\"name\":\"tls\",\"mountPath\":\"/usr/share/elasticsearch/config/elk-transport-root-ca.pem\","
  "\"subPath\":\"elk-transport-root-ca.pem\"},"
  "{\"name\":\"tls\",\"mountPath\":\"/usr/share/elasticsearch/config/elk-rest-crt.pem\","
  "\"subPath\":\"elk-rest-crt.pem\"},"
  "{\"name\":\"tls\",\"mountPath\":\"/usr/share/elasticsearch/config/elk-rest-key.pem\","
  "\"subPath\":\"elk-rest-key.pem\"},"
  "{\"name\":\"tls\",\"mountPath\":\"/usr/share/elasticsearch/config/elk-rest-root-ca.pem\","
  "\"subPath\":\"elk-rest-root-ca.pem\"},"
  "{\"name\":\"tls\",\"mountPath\":\"/usr/share/elasticsearch/config/admin-crt.pem\","
  "\"subPath\":\"admin-crt.pem\"},"
  "{\"name\":\"tls\",\"mountPath\":\"/usr/share/elasticsearch/config/admin-key.pem\","
  "\"subPath\":\"admin-key.pem\"},"
  "{\"name\":\"tls\",\"mountPath\":\"/usr/share/elasticsearch/config/admin-root-ca.pem\","
  "\"subPath\":\"admin-root-ca.pem\"},"
  "{\"name\":\"security\",\"mountPath\":"
  "\"/usr/share/elasticsearch/plugins/opendistro_security/securityconfig\"}]}],"
  "\"volumes\":[{\"name\":\"config\",\"configMap\":{\"name\":\"elasticsearch-config\"}},"
  "{\"name\":\"tls\",\"secret\":{\"secretName\":\"elasticsearch-tls\"}},"
  "{\"name\":\"security\",\"secret\":{\"secretName\":\"elasticsearch-security\"}}]}},"
  "\"volumeClaimTemplates\":[{\"metadata\":{\"name\":\"data\"},"
  "\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],\"storageClassName\":\"standard\","
  "\"resources\":{\"requests\":{\"storage\":\"10Gi\"}}}}]}";

gboolean
sandbox_seed_demo (SandboxStore *store,
                   const char   *state_dir,
                   GError      **error)
{
  g_autoptr(JsonNode) namespace_ = object_skeleton (DEMO, "\"status\":{\"phase\":\"Active\"}");
  g_autoptr(JsonNode) config = object_skeleton ("elasticsearch-config", "\"data\":{}");
  g_autoptr(JsonNode) discovery = object_skeleton (
    "elasticsearch-discovery",
    "\"spec\":{\"clusterIP\":\"None\",\"clusterIPs\":[\"None\"],\"type\":\"ClusterIP\","
    "\"publishNotReadyAddresses\":true,"
    "\"ports\":[{\"name\":\"transport\",\"port\":9300,\"targetPort\":9300,\"protocol\":\"TCP\"}],"
    "\"selector\":{\"app.kubernetes.io/name\":\"elasticsearch\","
    "\"app.kubernetes.io/instance\":\"" DEMO "\"}}");
  g_autoptr(JsonNode) service = object_skeleton (
    "elasticsearch",
    "\"spec\":{\"clusterIP\":\"10.96.42.17\",\"clusterIPs\":[\"10.96.42.17\"],"
    "\"type\":\"ClusterIP\","
    "\"ports\":[{\"name\":\"http\",\"port\":9200,\"targetPort\":9200,\"protocol\":\"TCP\"},"
    "{\"name\":\"metrics\",\"port\":9600,\"targetPort\":9600,\"protocol\":\"TCP\"}],"
    "\"selector\":{\"app.kubernetes.io/name\":\"elasticsearch\","
    "\"app.kubernetes.io/instance\":\"" DEMO "\"}},"
    "\"status\":{\"loadBalancer\":{}}");
  g_autoptr(JsonNode) budget = object_skeleton (
    "elasticsearch",
    "\"spec\":{\"maxUnavailable\":1,\"selector\":{\"matchLabels\":{"
    "\"app.kubernetes.io/name\":\"elasticsearch\",\"app.kubernetes.io/instance\":\"" DEMO "\"}}}");
  g_autoptr(JsonNode) statefulset = object_skeleton ("elasticsearch", statefulset_spec);
  JsonObject *data;

  json_object_set_string_member (json_object_get_object_member (
                                   json_object_get_object_member (
                                     json_node_get_object (namespace_), "metadata"),
                                   "labels"),
                                 "kubernetes.io/metadata.name", DEMO);
  if (sandbox_store_create (store, resource_of ("namespaces"), NULL, namespace_, error) == NULL)
    return FALSE;

  data = json_object_get_object_member (json_node_get_object (config), "data");
  set_data (data, "elasticsearch.yml", elasticsearch_yml, FALSE);

  if (sandbox_store_create (store, resource_of ("configmaps"), DEMO, config, error) == NULL
      || !seed_tls_secret (store, error)
      || !seed_security_secret (store, state_dir, error)
      || sandbox_store_create (store, resource_of ("services"), DEMO, discovery, error) == NULL
      || sandbox_store_create (store, resource_of ("services"), DEMO, service, error) == NULL
      || sandbox_store_create (store, resource_of ("poddisruptionbudgets"), DEMO, budget,
                               error) == NULL
      || sandbox_store_create (store, resource_of ("statefulsets"), DEMO, statefulset,
                               error) == NULL)
    return FALSE;

  return TRUE;
}

/* Creates @count running, ready pods named bench-N at once (no kubelet steps), for
 * benchmarks of clients with many objects. Returns how many were created. */
guint
sandbox_seed_bulk_pods (SandboxStore *store,
                        const char   *namespace_,
                        guint         count,
                        GError      **error)
{
  const SandboxResource *namespaces = resource_of ("namespaces");
  g_autofree char *now = sandbox_timestamp_now ();
  guint created = 0;

  if (sandbox_store_get (store, namespaces, NULL, namespace_) == NULL)
    {
      g_autofree char *json = g_strdup_printf ("{\"metadata\":{\"name\":\"%s\"},"
                                               "\"status\":{\"phase\":\"Active\"}}", namespace_);

      if (!create_from_json (store, "namespaces", NULL, json, error))
        return 0;
    }

  for (guint i = 0; i < count; i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"metadata\":{\"generateName\":\"bench-%u-\",\"labels\":{\"app\":\"bench\"}},"
        "\"spec\":{\"nodeName\":\"node-%u\",\"containers\":[{\"name\":\"main\","
        "\"image\":\"busybox:1.36\"}]},"
        "\"status\":{\"phase\":\"Running\",\"podIP\":\"10.245.%u.%u\",\"startTime\":\"%s\","
        "\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"lastTransitionTime\":\"%s\"}],"
        "\"containerStatuses\":[{\"name\":\"main\",\"image\":\"busybox:1.36\",\"ready\":true,"
        "\"started\":true,\"restartCount\":0,\"state\":{\"running\":{\"startedAt\":\"%s\"}}}]}}",
        i, i % 3 + 1, (i / 250) % 256, i % 250 + 2, now, now, now);

      if (!create_from_json (store, "pods", namespace_, json, error))
        break;
      created++;
    }

  return created;
}
