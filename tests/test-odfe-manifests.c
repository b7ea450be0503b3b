/* test-odfe-manifests.c: the objects of a new cluster, as JSON and as YAML, and accepted by
 * the sandbox's API through the client and through kubectl
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kube-client.h"
#include "kube-portforward.h"
#include "odfe-error.h"
#include "odfe-forward.h"
#include "odfe-manifests.h"
#include "odfe-security.h"
#include "odfe-settings.h"
#include "sandbox-session.h"
#include "scratch-dir.h"
#include "yaml-test-reader.h"

#define PASSWORD "kxQvb7wz-Lm9T.r4"

static OdfeClusterPki *shared_pki;
static char *shared_hash;

static void
get_shared (void)
{
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
  g_autoptr(GError) error = NULL;

  if (shared_pki != NULL)
    return;

  shared_pki = odfe_cluster_pki_generate (spec, &error);
  g_assert_no_error (error);
  shared_hash = odfe_bcrypt_hash (PASSWORD, &error);
  g_assert_no_error (error);
}

static GPtrArray *
build (const OdfeClusterSpec *spec)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *objects;

  get_shared ();
  objects = odfe_manifests_build (spec, shared_pki, shared_hash, &error);
  g_assert_no_error (error);
  g_assert_nonnull (objects);

  return objects;
}

static JsonObject *
find (GPtrArray  *objects,
      const char *kind,
      const char *name)
{
  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject *object = json_node_get_object (g_ptr_array_index (objects, i));
      JsonObject *metadata = json_object_get_object_member (object, "metadata");

      if (g_strcmp0 (json_object_get_string_member (object, "kind"), kind) == 0
          && g_strcmp0 (json_object_get_string_member (metadata, "name"), name) == 0)
        return object;
    }

  g_error ("no %s %s", kind, name);
  return NULL;
}

/* The object at a path of member names ("[N]" for an array's element N). */
static JsonNode *
at (JsonObject *object,
    ...)
{
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), object);
  JsonNode *node = root;
  va_list args;

  va_start (args, object);
  for (const char *step = va_arg (args, const char *); step != NULL;
       step = va_arg (args, const char *))
    {
      if (step[0] == '[')
        {
          guint index = (guint) g_ascii_strtoull (step + 1, NULL, 10);

          g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
          g_assert_cmpuint (index, <, json_array_get_length (json_node_get_array (node)));
          node = json_array_get_element (json_node_get_array (node), index);
        }
      else
        {
          g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
          node = json_object_get_member (json_node_get_object (node), step);
          if (node == NULL)
            break;
        }
    }
  va_end (args);

  return node;
}

static const char *
string_at (JsonNode *node)
{
  g_assert_nonnull (node);
  return json_node_get_string (node);
}

static void
test_order (void)
{
  static const char * const expected[] = {
    "Namespace search", "Secret elasticsearch-tls", "Secret elasticsearch-security",
    "ConfigMap elasticsearch-config", "Service elasticsearch-discovery",
    "Service elasticsearch", "PodDisruptionBudget elasticsearch", "StatefulSet elasticsearch",
    "StatefulSet elasticsearch-master",
  };
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
  g_autoptr(GPtrArray) objects = build (spec);
  g_autoptr(GPtrArray) without_namespace = NULL;
  g_autoptr(GPtrArray) dedicated = NULL;

  g_assert_cmpuint (objects->len, ==, 8);
  for (guint i = 0; i < objects->len; i++)
    {
      g_autofree char *label = odfe_manifest_describe (g_ptr_array_index (objects, i));

      g_assert_cmpstr (label, ==, expected[i]);
    }

  spec->create_namespace = FALSE;
  without_namespace = build (spec);
  g_assert_cmpuint (without_namespace->len, ==, 7);
  {
    g_autofree char *label = odfe_manifest_describe (g_ptr_array_index (without_namespace, 0));

    g_assert_cmpstr (label, ==, "Secret elasticsearch-tls");
  }

  spec->create_namespace = TRUE;
  spec->roles = ODFE_ROLES_DEDICATED_MASTERS;
  dedicated = build (spec);
  g_assert_cmpuint (dedicated->len, ==, 9);
  for (guint i = 0; i < dedicated->len; i++)
    {
      g_autofree char *label = odfe_manifest_describe (g_ptr_array_index (dedicated, i));

      g_assert_cmpstr (label, ==, expected[i]);
    }

  /* Anything else is described without a crash. */
  {
    g_autoptr(JsonNode) odd = json_from_string ("{\"kind\":3,\"metadata\":[]}", NULL);
    g_autoptr(JsonNode) number = json_from_string ("7", NULL);
    g_autofree char *odd_label = odfe_manifest_describe (odd);
    g_autofree char *number_label = odfe_manifest_describe (number);

    g_assert_cmpstr (odd_label, ==, "Object ?");
    g_assert_cmpstr (number_label, ==, "Object ?");
  }
}

static void
test_labels (void)
{
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
  g_autoptr(GPtrArray) objects = NULL;

  g_free (spec->name);
  spec->name = g_strdup ("logs");
  g_free (spec->namespace);
  spec->namespace = g_strdup ("observability");
  spec->roles = ODFE_ROLES_DEDICATED_MASTERS;
  objects = build (spec);

  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject *object = json_node_get_object (g_ptr_array_index (objects, i));
      JsonObject *labels = json_node_get_object (at (object, "metadata", "labels", NULL));
      const char *kind = json_object_get_string_member (object, "kind");

      g_assert_cmpstr (json_object_get_string_member (labels, ODFE_LABEL_NAME), ==,
                       "elasticsearch");
      g_assert_cmpstr (json_object_get_string_member (labels, ODFE_LABEL_INSTANCE), ==, "logs");
      g_assert_cmpstr (json_object_get_string_member (labels, ODFE_LABEL_MANAGED_BY), ==,
                       "searchdeck");
      if (g_strcmp0 (kind, "Namespace") == 0)
        g_assert_null (at (object, "metadata", "namespace", NULL));
      else
        g_assert_cmpstr (string_at (at (object, "metadata", "namespace", NULL)), ==,
                         "observability");
    }

  /* Each StatefulSet selects its own pods, which carry the labels too. */
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? "elasticsearch" : "elasticsearch-master";
      const char *component = i == 0 ? "data" : "master";
      JsonObject *set = find (objects, "StatefulSet", name);
      JsonObject *selector = json_node_get_object (at (set, "spec", "selector", "matchLabels",
                                                       NULL));
      JsonObject *pod_labels = json_node_get_object (at (set, "spec", "template", "metadata",
                                                         "labels", NULL));
      g_autoptr(GList) keys = json_object_get_members (selector);

      g_assert_cmpstr (json_object_get_string_member (selector, ODFE_LABEL_COMPONENT), ==,
                       component);
      for (GList *l = keys; l != NULL; l = l->next)
        g_assert_cmpstr (json_object_get_string_member (pod_labels, l->data), ==,
                         json_object_get_string_member (selector, l->data));
      g_assert_cmpstr (json_object_get_string_member (pod_labels, ODFE_LABEL_MANAGED_BY), ==,
                       "searchdeck");
    }
}

static char *
decode (JsonObject *data,
        const char *key)
{
  g_autofree guchar *bytes = NULL;
  gsize length = 0;

  g_assert_true (json_object_has_member (data, key));
  bytes = g_base64_decode (json_object_get_string_member (data, key), &length);
  return g_strndup ((const char *) bytes, length);
}

static void
test_secrets (void)
{
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
  g_autoptr(GPtrArray) objects = build (spec);
  JsonObject *tls = find (objects, "Secret", "elasticsearch-tls");
  JsonObject *security = find (objects, "Secret", "elasticsearch-security");
  JsonObject *data = json_node_get_object (at (tls, "data", NULL));
  static const struct
  {
    const char *key;
    gsize       offset;
  } keys[] = {
    { "elk-transport-crt.pem", G_STRUCT_OFFSET (OdfeClusterPki, node_cert_pem) },
    { "elk-transport-key.pem", G_STRUCT_OFFSET (OdfeClusterPki, node_key_pem) },
    { "elk-transport-root-ca.pem", G_STRUCT_OFFSET (OdfeClusterPki, ca_cert_pem) },
    { "elk-rest-crt.pem", G_STRUCT_OFFSET (OdfeClusterPki, node_cert_pem) },
    { "elk-rest-key.pem", G_STRUCT_OFFSET (OdfeClusterPki, node_key_pem) },
    { "elk-rest-root-ca.pem", G_STRUCT_OFFSET (OdfeClusterPki, ca_cert_pem) },
    { "admin-crt.pem", G_STRUCT_OFFSET (OdfeClusterPki, admin_cert_pem) },
    { "admin-key.pem", G_STRUCT_OFFSET (OdfeClusterPki, admin_key_pem) },
    { "admin-root-ca.pem", G_STRUCT_OFFSET (OdfeClusterPki, ca_cert_pem) },
  };
  static const char * const files[] = {
    "internal_users.yml", "config.yml", "roles.yml", "roles_mapping.yml", "action_groups.yml",
    "tenants.yml", "audit.yml",
  };

  g_assert_cmpstr (json_object_get_string_member (tls, "type"), ==, "Opaque");
  g_assert_cmpuint (json_object_get_size (data), ==, G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *value = decode (data, keys[i].key);

      g_assert_cmpstr (value, ==, G_STRUCT_MEMBER (char *, shared_pki, keys[i].offset));
    }

  data = json_node_get_object (at (security, "data", NULL));
  g_assert_cmpuint (json_object_get_size (data), ==, G_N_ELEMENTS (files));
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *value = decode (data, files[i]);
      g_autoptr(yaml_document_t) document = yaml_test_load (value);

      g_assert_nonnull (yaml_test_lookup (document, "_meta", "type", NULL));
    }
  {
    g_autofree char *users = decode (data, "internal_users.yml");
    g_autoptr(yaml_document_t) document = yaml_test_load (users);

    g_assert_cmpstr (yaml_test_scalar (document, "admin", "hash", NULL), ==, shared_hash);
  }

  /* Neither the CA's key nor the password is in any object. */
  {
    g_autofree char *yaml = odfe_manifests_to_yaml (objects);
    g_autofree char *ca_key = g_base64_encode ((const guchar *) shared_pki->ca_key_pem,
                                               strlen (shared_pki->ca_key_pem));
    g_autofree char *password = g_base64_encode ((const guchar *) PASSWORD, strlen (PASSWORD));

    g_assert_null (strstr (yaml, ca_key));
    g_assert_null (strstr (yaml, "BEGIN PRIVATE KEY"));
    g_assert_null (strstr (yaml, PASSWORD));
    g_assert_null (strstr (yaml, password));
  }
}

static void
test_config_map (void)
{
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
  g_autoptr(GPtrArray) objects = build (spec);
  JsonObject *config = find (objects, "ConfigMap", "elasticsearch-config");
  const char *yml = string_at (at (config, "data", "elasticsearch.yml", NULL));
  g_autoptr(OdfeSettings) settings = NULL;
  g_autoptr(GError) error = NULL;

  settings = odfe_settings_parse (yml, strlen (yml), &error);
  g_assert_no_error (error);
  g_assert_cmpint (odfe_settings_get_https (settings), ==, ODFE_SETTING_ON);
  g_assert_cmpint (odfe_settings_get_transport_tls (settings), ==, ODFE_SETTING_ON);
  g_assert_cmpstr (odfe_settings_get (settings, "opendistro_security.nodes_dn"), ==,
                   shared_pki->node_dn);
  g_assert_cmpstr (odfe_settings_get (settings, "opendistro_security.authcz.admin_dn"), ==,
                   shared_pki->admin_dn);
}

static void
test_services (void)
{
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
  g_autoptr(GPtrArray) objects = build (spec);
  g_autoptr(GPtrArray) exposed = NULL;
  JsonObject *discovery = find (objects, "Service", "elasticsearch-discovery");
  JsonObject *rest = find (objects, "Service", "elasticsearch");
  JsonObject *budget = find (objects, "PodDisruptionBudget", "elasticsearch");

  g_assert_cmpstr (string_at (at (discovery, "spec", "clusterIP", NULL)), ==, "None");
  g_assert_true (json_node_get_boolean (at (discovery, "spec", "publishNotReadyAddresses",
                                            NULL)));
  g_assert_cmpint (json_node_get_int (at (discovery, "spec", "ports", "[0]", "port", NULL)), ==,
                   9300);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (at (discovery, "spec", "ports",
                                                                    NULL))), ==, 1);

  g_assert_cmpstr (string_at (at (rest, "spec", "type", NULL)), ==, "ClusterIP");
  g_assert_cmpint (json_node_get_int (at (rest, "spec", "ports", "[0]", "port", NULL)), ==, 9200);
  g_assert_cmpint (json_node_get_int (at (rest, "spec", "ports", "[1]", "port", NULL)), ==, 9600);
  g_assert_cmpstr (string_at (at (rest, "spec", "selector", ODFE_LABEL_INSTANCE, NULL)), ==,
                   "search");

  g_assert_cmpstr (json_object_get_string_member (budget, "apiVersion"), ==, "policy/v1");
  g_assert_cmpint (json_node_get_int (at (budget, "spec", "maxUnavailable", NULL)), ==, 1);
  g_assert_cmpstr (string_at (at (budget, "spec", "selector", "matchLabels", ODFE_LABEL_NAME,
                                  NULL)), ==, "elasticsearch");

  spec->exposure = ODFE_EXPOSURE_LOAD_BALANCER;
  exposed = build (spec);
  rest = find (exposed, "Service", "elasticsearch");
  g_assert_cmpstr (string_at (at (rest, "spec", "type", NULL)), ==, "LoadBalancer");
}

static const char *
env_value (JsonObject *container,
           const char *name)
{
  JsonArray *env = json_object_get_array_member (container, "env");

  for (guint i = 0; i < json_array_get_length (env); i++)
    {
      JsonObject *variable = json_array_get_object_element (env, i);

      if (g_strcmp0 (json_object_get_string_member (variable, "name"), name) == 0)
        return json_object_get_string_member_with_default (variable, "value", "(from)");
    }

  return NULL;
}

static JsonObject *
mount_at (JsonObject *container,
          const char *path)
{
  JsonArray *mounts = json_object_get_array_member (container, "volumeMounts");

  for (guint i = 0; i < json_array_get_length (mounts); i++)
    {
      JsonObject *mount = json_array_get_object_element (mounts, i);

      if (g_strcmp0 (json_object_get_string_member (mount, "mountPath"), path) == 0)
        return mount;
    }

  return NULL;
}

static void
test_statefulset (void)
{
  static const char * const config_files[] = {
    "elasticsearch.yml", "elk-transport-crt.pem", "elk-transport-key.pem",
    "elk-transport-root-ca.pem", "elk-rest-crt.pem", "elk-rest-key.pem", "elk-rest-root-ca.pem",
    "admin-crt.pem", "admin-key.pem", "admin-root-ca.pem", NULL
  };
  static const char * const security_files[] = {
    "internal_users.yml", "config.yml", "roles.yml", "roles_mapping.yml", "action_groups.yml",
    "tenants.yml", "audit.yml", NULL
  };
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
  g_autoptr(GPtrArray) objects = build (spec);
  JsonObject *set = find (objects, "StatefulSet", "elasticsearch");
  JsonObject *pod = json_node_get_object (at (set, "spec", "template", "spec", NULL));
  JsonObject *container = json_node_get_object (at (pod, "containers", "[0]", NULL));
  JsonObject *claim = json_node_get_object (at (set, "spec", "volumeClaimTemplates", "[0]",
                                                NULL));
  JsonObject *probe;

  g_assert_cmpint (json_node_get_int (at (set, "spec", "replicas", NULL)), ==, 3);
  g_assert_cmpstr (string_at (at (set, "spec", "serviceName", NULL)), ==,
                   "elasticsearch-discovery");
  g_assert_cmpstr (string_at (at (set, "spec", "podManagementPolicy", NULL)), ==, "Parallel");

  g_assert_cmpstr (json_object_get_string_member (container, "name"), ==, "elasticsearch");
  g_assert_cmpstr (json_object_get_string_member (container, "image"), ==,
                   "amazon/opendistro-for-elasticsearch:1.13.3");
  g_assert_cmpstr (env_value (container, "ES_JAVA_OPTS"), ==, "-Xms1g -Xmx1g");
  g_assert_cmpstr (env_value (container, "node.master"), ==, "true");
  g_assert_cmpstr (env_value (container, "node.data"), ==, "true");
  g_assert_cmpstr (env_value (container, "DISABLE_INSTALL_DEMO_CONFIG"), ==, "true");
  g_assert_cmpstr (string_at (at (container, "env", "[0]", "valueFrom", "fieldRef", "fieldPath",
                                  NULL)), ==, "metadata.name");
  g_assert_cmpstr (string_at (at (container, "env", "[0]", "name", NULL)), ==, "node.name");

  /* Requests equal limits. */
  g_assert_cmpstr (string_at (at (container, "resources", "requests", "cpu", NULL)), ==, "1");
  g_assert_cmpstr (string_at (at (container, "resources", "limits", "cpu", NULL)), ==, "1");
  g_assert_cmpstr (string_at (at (container, "resources", "requests", "memory", NULL)), ==,
                   "2Gi");
  g_assert_cmpstr (string_at (at (container, "resources", "limits", "memory", NULL)), ==, "2Gi");

  probe = json_node_get_object (at (container, "readinessProbe", NULL));
  g_assert_cmpstr (string_at (at (probe, "httpGet", "scheme", NULL)), ==, "HTTPS");
  g_assert_cmpint (json_node_get_int (at (probe, "httpGet", "port", NULL)), ==, 9200);
  g_assert_cmpstr (string_at (at (probe, "httpGet", "path", NULL)), ==,
                   "/_opendistro/_security/health");
  g_assert_cmpint (json_node_get_int (at (container, "livenessProbe", "tcpSocket", "port",
                                          NULL)), ==, 9300);

  g_assert_cmpint (json_node_get_int (at (pod, "securityContext", "fsGroup", NULL)), ==, 1000);

  /* Each config file by subPath, read-only. */
  for (guint i = 0; config_files[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat ("/usr/share/elasticsearch/config/", config_files[i],
                                           NULL);
      JsonObject *mount = mount_at (container, path);

      g_assert_nonnull (mount);
      g_assert_cmpstr (json_object_get_string_member (mount, "subPath"), ==, config_files[i]);
      g_assert_true (json_object_get_boolean_member (mount, "readOnly"));
    }
  for (guint i = 0; security_files[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat ("/usr/share/elasticsearch/plugins/opendistro_security/"
                                           "securityconfig/", security_files[i], NULL);
      JsonObject *mount = mount_at (container, path);

      g_assert_nonnull (mount);
      g_assert_cmpstr (json_object_get_string_member (mount, "name"), ==, "security");
    }
  g_assert_nonnull (mount_at (container, "/usr/share/elasticsearch/data"));

  /* The privileged variant: init-sysctl and fixmount. */
  g_assert_cmpstr (string_at (at (pod, "initContainers", "[0]", "name", NULL)), ==,
                   "init-sysctl");
  g_assert_true (json_node_get_boolean (at (pod, "initContainers", "[0]", "securityContext",
                                            "privileged", NULL)));
  g_assert_cmpstr (string_at (at (pod, "initContainers", "[0]", "command", "[2]", NULL)), ==,
                   "vm.max_map_count=262144");
  g_assert_cmpstr (string_at (at (pod, "initContainers", "[1]", "name", NULL)), ==, "fixmount");

  g_assert_cmpstr (string_at (at (claim, "metadata", "name", NULL)), ==, "data");
  g_assert_cmpstr (string_at (at (claim, "spec", "accessModes", "[0]", NULL)), ==,
                   "ReadWriteOnce");
  g_assert_cmpstr (string_at (at (claim, "spec", "resources", "requests", "storage", NULL)), ==,
                   "8Gi");
  g_assert_null (at (claim, "spec", "storageClassName", NULL));
}

static void
test_statefulset_variants (void)
{
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
  g_autoptr(GPtrArray) objects = NULL;
  JsonObject *data_set, *master_set, *pod, *container;

  spec->privileged_init = FALSE;
  spec->roles = ODFE_ROLES_DEDICATED_MASTERS;
  spec->node_count = 2;
  spec->master_count = 3;
  spec->memory_bytes = G_GUINT64_CONSTANT (3) << 30;
  spec->heap_bytes = odfe_heap_for_memory (spec->memory_bytes);
  spec->cpu_millis = 1500;
  spec->storage_bytes = G_GUINT64_CONSTANT (20) << 30;
  spec->storage_class = g_strdup ("fast-ssd");
  g_free (spec->version);
  spec->version = g_strdup ("1.13.2");
  objects = build (spec);

  data_set = find (objects, "StatefulSet", "elasticsearch");
  master_set = find (objects, "StatefulSet", "elasticsearch-master");
  g_assert_cmpint (json_node_get_int (at (data_set, "spec", "replicas", NULL)), ==, 2);
  g_assert_cmpint (json_node_get_int (at (master_set, "spec", "replicas", NULL)), ==, 3);

  container = json_node_get_object (at (master_set, "spec", "template", "spec", "containers",
                                        "[0]", NULL));
  g_assert_cmpstr (env_value (container, "node.master"), ==, "true");
  g_assert_cmpstr (env_value (container, "node.data"), ==, "false");
  g_assert_cmpstr (env_value (container, "ES_JAVA_OPTS"), ==, "-Xms1536m -Xmx1536m");
  g_assert_cmpstr (string_at (at (container, "resources", "limits", "cpu", NULL)), ==, "1500m");
  g_assert_cmpstr (string_at (at (container, "resources", "requests", "cpu", NULL)), ==,
                   "1500m");
  g_assert_cmpstr (string_at (at (container, "resources", "limits", "memory", NULL)), ==, "3Gi");
  g_assert_cmpstr (json_object_get_string_member (container, "image"), ==,
                   "amazon/opendistro-for-elasticsearch:1.13.2");
  /* The non-root variant: no init containers, nothing privileged, restricted-level context. */
  g_assert_false (json_node_get_boolean (at (container, "securityContext",
                                             "allowPrivilegeEscalation", NULL)));
  g_assert_cmpstr (string_at (at (container, "securityContext", "capabilities", "drop", "[0]",
                                  NULL)), ==, "ALL");

  container = json_node_get_object (at (data_set, "spec", "template", "spec", "containers",
                                        "[0]", NULL));
  g_assert_cmpstr (env_value (container, "node.master"), ==, "false");
  g_assert_cmpstr (env_value (container, "node.data"), ==, "true");

  for (guint i = 0; i < 2; i++)
    {
      JsonObject *set = i == 0 ? data_set : master_set;

      pod = json_node_get_object (at (set, "spec", "template", "spec", NULL));
      g_assert_null (at (pod, "initContainers", NULL));
      g_assert_true (json_node_get_boolean (at (pod, "securityContext", "runAsNonRoot", NULL)));
      g_assert_cmpstr (string_at (at (pod, "securityContext", "seccompProfile", "type", NULL)),
                       ==, "RuntimeDefault");
      g_assert_cmpstr (string_at (at (set, "spec", "volumeClaimTemplates", "[0]", "spec",
                                      "storageClassName", NULL)), ==, "fast-ssd");
      g_assert_cmpstr (string_at (at (set, "spec", "volumeClaimTemplates", "[0]", "spec",
                                      "resources", "requests", "storage", NULL)), ==, "20Gi");
    }

  /* A namespace made for the non-root variant asks for no privilege. */
  g_assert_null (at (find (objects, "Namespace", "search"), "metadata", "labels",
                     "pod-security.kubernetes.io/enforce", NULL));

  /* The masters bootstrap the cluster. */
  {
    JsonObject *config = find (objects, "ConfigMap", "elasticsearch-config");
    const char *yml = string_at (at (config, "data", "elasticsearch.yml", NULL));
    g_autoptr(OdfeSettings) settings = odfe_settings_parse (yml, strlen (yml), NULL);

    g_assert_cmpstr (odfe_settings_get (settings, "cluster.initial_master_nodes"), ==,
                     "elasticsearch-master-0,elasticsearch-master-1,elasticsearch-master-2");
  }
}

static void
test_yaml (void)
{
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
  g_autoptr(GPtrArray) objects = NULL;
  g_autofree char *yaml = NULL;
  GPtrArray *documents;

  spec->roles = ODFE_ROLES_DEDICATED_MASTERS;
  objects = build (spec);
  yaml = odfe_manifests_to_yaml (objects);
  g_assert_nonnull (yaml);

  documents = yaml_test_load_all (yaml);
  g_assert_cmpuint (documents->len, ==, objects->len);

  for (guint i = 0; i < objects->len; i++)
    {
      yaml_document_t *document = g_ptr_array_index (documents, i);
      JsonObject *object = json_node_get_object (g_ptr_array_index (objects, i));

      g_assert_cmpstr (yaml_test_scalar (document, "kind", NULL), ==,
                       json_object_get_string_member (object, "kind"));
      g_assert_cmpstr (yaml_test_scalar (document, "metadata", "name", NULL), ==,
                       string_at (at (object, "metadata", "name", NULL)));

      /* Every Secret value reads back as the same base64 text. */
      if (json_object_has_member (object, "data"))
        {
          JsonObject *data = json_object_get_object_member (object, "data");
          g_autoptr(GList) keys = json_object_get_members (data);

          for (GList *l = keys; l != NULL; l = l->next)
            g_assert_cmpstr (yaml_test_scalar (document, "data", l->data, NULL), ==,
                             json_object_get_string_member (data, l->data));
        }
    }

  /* Numbers stay numbers for kubectl. */
  g_assert_true (yaml_test_is_plain (g_ptr_array_index (documents, 7), "spec", "replicas",
                                     NULL));
  yaml_test_documents_free (documents);
}

static void
test_invalid (void)
{
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
  g_autoptr(GError) error = NULL;

  get_shared ();

  g_assert_null (odfe_manifests_build (spec, shared_pki, "plain password", &error));
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_INVALID);
  g_clear_error (&error);

  spec->node_count = 0;
  g_assert_null (odfe_manifests_build (spec, shared_pki, shared_hash, &error));
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_INVALID);
  g_clear_error (&error);

  spec->node_count = 3;
  spec->heap_bytes = spec->memory_bytes;
  g_assert_null (odfe_manifests_build (spec, shared_pki, shared_hash, &error));
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_INVALID);
}

/* The sandbox */

static guint
count_ready (SandboxSession *session,
             const char     *namespace,
             const char     *selector)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(KubeList) list = NULL;
  g_autoptr(GError) error = NULL;
  KubeListOptions options = { .label_selector = selector };
  guint ready = 0;

  kube_client_list_async (session->kube, kube_resource_type_get (KUBE_RESOURCE_PODS), namespace,
                          &options, NULL, sandbox_session_store_result, &result);
  list = kube_client_list_finish (session->kube, sandbox_session_wait_result (&result, 30),
                                  &error);
  g_assert_no_error (error);
  for (guint i = 0; i < list->items->len; i++)
    ready += kube_pod_is_ready (list->items->pdata[i]);

  return ready;
}

/* The cluster health as @password sees it through a port-forward verified with the
 * cluster's own CA, or NULL with @error. */
static OdfeHealth *
health_with (SandboxSession  *session,
             const char      *ca_pem,
             const char      *namespace,
             const char      *selector,
             const char      *password,
             GError         **error)
{
  g_autoptr(GBytes) ca = g_bytes_new (ca_pem, strlen (ca_pem));
  g_autoptr(KubePortForward) forward = NULL;
  g_autoptr(OdfeClient) odfe = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  OdfeHealth *health;

  odfe = odfe_client_new_forwarded (session->kube, namespace, selector, ca, &forward, error);
  if (odfe == NULL)
    return NULL;
  odfe_client_set_credentials (odfe, "admin", password);
  odfe_client_health_async (odfe, NULL, 0, NULL, sandbox_session_store_result, &result);
  health = odfe_client_health_finish (odfe, sandbox_session_wait_result (&result, 60), error);

  g_clear_object (&result);
  g_clear_object (&odfe);
  for (guint i = 0; i < 5000 && kube_port_forward_get_n_connections (forward) > 0; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  kube_port_forward_close (forward);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (g_steal_pointer (&forward));

  return health;
}

static void
test_sandbox_client (void)
{
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(OdfeClusterPki) pki = NULL;
  g_autoptr(GError) pki_error = NULL;
  const char * const args[] = { "--ready-delay", "300", NULL };
  SandboxSession *session = sandbox_session_start ("test-odfe-manifests", args);

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  g_free (spec->name);
  spec->name = g_strdup ("logs");
  g_free (spec->namespace);
  spec->namespace = g_strdup ("logs");
  spec->roles = ODFE_ROLES_DEDICATED_MASTERS;
  spec->exposure = ODFE_EXPOSURE_LOAD_BALANCER;
  /* Certificates for this namespace's names, which the client verifies. */
  get_shared ();
  pki = odfe_cluster_pki_generate (spec, &pki_error);
  g_assert_no_error (pki_error);
  objects = odfe_manifests_build (spec, pki, shared_hash, &pki_error);
  g_assert_no_error (pki_error);

  for (guint i = 0; i < objects->len; i++)
    {
      JsonNode *object = g_ptr_array_index (objects, i);
      const char *kind = json_object_get_string_member (json_node_get_object (object), "kind");
      const KubeResourceType *type = kube_resource_type_lookup (kind);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(JsonNode) created = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *label = odfe_manifest_describe (object);

      g_assert_nonnull (type);
      kube_client_create_async (session->kube, type, type->namespaced ? "logs" : NULL, object,
                                NULL, sandbox_session_store_result, &result);
      sandbox_session_wait_result (&result, 30);
      created = kube_client_object_finish (session->kube, result, &error);
      if (error != NULL)
        g_error ("%s was refused: %s", label, error->message);
      g_assert_nonnull (created);
      g_test_message ("%s created", label);
    }

  /* Read back as the server keeps it. */
  {
    const KubeResourceType *type = kube_resource_type_get (KUBE_RESOURCE_STATEFULSETS);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(JsonNode) set = NULL;
    g_autoptr(GError) error = NULL;
    JsonObject *object;

    kube_client_get_async (session->kube, type, "logs", "elasticsearch-master", NULL,
                           sandbox_session_store_result, &result);
    sandbox_session_wait_result (&result, 30);
    set = kube_client_get_finish (session->kube, result, &error);
    g_assert_no_error (error);
    object = json_node_get_object (set);
    g_assert_cmpint (json_node_get_int (at (object, "spec", "replicas", NULL)), ==, 3);
    g_assert_cmpstr (string_at (at (object, "spec", "podManagementPolicy", NULL)), ==,
                     "Parallel");
    g_assert_cmpstr (string_at (at (object, "spec", "template", "spec", "containers", "[0]",
                                    "readinessProbe", "httpGet", "path", NULL)), ==,
                     "/_opendistro/_security/health");
  }

  /* A real cluster joins both StatefulSets' pods through the discovery Service: six nodes. */
  {
    const char *selector = ODFE_LABEL_INSTANCE "=logs";
    gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
    g_autoptr(GError) error = NULL;
    OdfeHealth *health;

    while (count_ready (session, "logs", selector) < 6)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        sandbox_session_sleep (200);
      }

    health = health_with (session, pki->ca_cert_pem, "logs", selector, PASSWORD, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (health->cluster_name, ==, "logs");
    if (health->number_of_nodes != 6)
      {
        /* Reported to the sandbox's owner in NOTES-sandbox.md. */
        g_test_incomplete ("The sandbox makes one search cluster of each StatefulSet, so a "
                           "cluster with dedicated masters answers with one StatefulSet's "
                           "nodes only.");
      }
    odfe_health_free (health);
  }

  sandbox_session_stop (session);
}

/* Every object created through the client, in order, into @namespace. */
static void
create_all (SandboxSession *session,
            GPtrArray      *objects,
            const char     *namespace)
{
  for (guint i = 0; i < objects->len; i++)
    {
      JsonNode *object = g_ptr_array_index (objects, i);
      const char *kind = json_object_get_string_member (json_node_get_object (object), "kind");
      const KubeResourceType *type = kube_resource_type_lookup (kind);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(JsonNode) created = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *label = odfe_manifest_describe (object);

      g_assert_nonnull (type);
      kube_client_create_async (session->kube, type, type->namespaced ? namespace : NULL,
                                object, NULL, sandbox_session_store_result, &result);
      created = kube_client_object_finish (session->kube,
                                           sandbox_session_wait_result (&result, 30), &error);
      if (error != NULL)
        g_error ("%s was refused: %s", label, error->message);
    }
}

/* The objects of a three-node cluster make, on the sandbox, a cluster that serves its REST
 * endpoint with these certificates, and lets the admin in with this password and no other. */
static void
test_sandbox_serves (void)
{
  const char * const args[] = { "--ready-delay", "300", NULL };
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
  g_autoptr(OdfeClusterPki) pki = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GError) error = NULL;
  const char *selector = ODFE_LABEL_INSTANCE "=orders";
  SandboxSession *session;
  gint64 deadline;
  OdfeHealth *health;

  session = sandbox_session_start ("test-odfe-manifests-serves", args);
  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  g_free (spec->name);
  spec->name = g_strdup ("orders");
  g_free (spec->namespace);
  spec->namespace = g_strdup ("orders-prod");
  get_shared ();
  pki = odfe_cluster_pki_generate (spec, &error);
  g_assert_no_error (error);
  objects = odfe_manifests_build (spec, pki, shared_hash, &error);
  g_assert_no_error (error);
  create_all (session, objects, "orders-prod");

  deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  while (count_ready (session, "orders-prod", selector) < 3)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      sandbox_session_sleep (200);
    }

  health = health_with (session, pki->ca_cert_pem, "orders-prod", selector, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (health->cluster_name, ==, "orders");
  g_assert_cmpint (health->number_of_nodes, ==, 3);
  odfe_health_free (health);

  health = health_with (session, pki->ca_cert_pem, "orders-prod", selector, "kxQvb7wz-Lm9T.r5",
                        &error);
  g_assert_null (health);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  /* Another cluster's CA does not vouch for this one. */
  health = health_with (session, shared_pki->ca_cert_pem, "orders-prod", selector, PASSWORD,
                        &error);
  g_assert_null (health);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_TLS);

  sandbox_session_stop (session);
}

static int
kubectl (const char  *kubeconfig,
         const char  *home,
         char       **out,
         const char  *first,
         ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  va_list args;

  g_ptr_array_add (argv, (gpointer) "kubectl");
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "KUBECONFIG", kubeconfig, TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);
  g_test_message ("kubectl %s -> %d\n%s%s", first, g_subprocess_get_exit_status (process),
                  stdout_text, stderr_text);

  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  return g_subprocess_get_exit_status (process);
}

/* @spec's objects as a YAML file in @directory. */
static char *
write_yaml (const OdfeClusterSpec *spec,
            const char            *directory,
            const char            *name)
{
  g_autoptr(GPtrArray) objects = build (spec);
  g_autofree char *yaml = odfe_manifests_to_yaml (objects);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (directory, name, NULL);

  g_file_set_contents (path, yaml, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_sandbox_kubectl (void)
{
  g_autofree char *kubectl_path = g_find_program_in_path ("kubectl");
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
  g_autofree char *home = NULL;
  g_autofree char *existing = NULL;
  g_autofree char *whole = NULL;
  g_autofree char *out = NULL;
  SandboxProcess *sandbox;

  if (kubectl_path == NULL)
    {
      g_test_skip ("kubectl is not installed");
      return;
    }
  if (g_getenv ("SANDBOX_PATH") == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  sandbox = sandbox_process_start ("test-odfe-manifests-kubectl", NULL, NULL);
  home = scratch_dir_new ("test-odfe-manifests-home");

  /* Into a namespace that exists: the server's dry run accepts every object and makes
   * nothing.  (A dry run cannot go further than a new namespace: a real server refuses the
   * objects in a namespace it has only pretended to create.) */
  g_free (spec->name);
  spec->name = g_strdup ("audit-logs");
  g_free (spec->namespace);
  spec->namespace = g_strdup ("audit-logs");
  spec->create_namespace = FALSE;
  existing = write_yaml (spec, home, "existing.yaml");
  g_assert_cmpint (kubectl (sandbox->kubeconfig, home, NULL, "create", "namespace",
                            "audit-logs", NULL), ==, 0);

  g_assert_cmpint (kubectl (sandbox->kubeconfig, home, &out, "apply", "--dry-run=server", "-f",
                            existing, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "secret/elasticsearch-tls created (server dry run)"));
  g_assert_nonnull (strstr (out, "secret/elasticsearch-security created (server dry run)"));
  g_assert_nonnull (strstr (out, "configmap/elasticsearch-config created (server dry run)"));
  g_assert_nonnull (strstr (out, "service/elasticsearch-discovery created (server dry run)"));
  g_assert_nonnull (strstr (out, "service/elasticsearch created (server dry run)"));
  g_assert_nonnull (strstr (out, "poddisruptionbudget.policy/elasticsearch created (server dry "
                                 "run)"));
  g_assert_nonnull (strstr (out, "statefulset.apps/elasticsearch created (server dry run)"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (kubectl (sandbox->kubeconfig, home, NULL, "get", "secret",
                            "elasticsearch-tls", "-n", "audit-logs", NULL), !=, 0);

  g_assert_cmpint (kubectl (sandbox->kubeconfig, home, &out, "apply", "-f", existing, NULL), ==,
                   0);
  g_assert_nonnull (strstr (out, "secret/elasticsearch-tls created"));
  g_assert_nonnull (strstr (out, "statefulset.apps/elasticsearch created"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (kubectl (sandbox->kubeconfig, home, &out, "get", "statefulset",
                            "elasticsearch", "-n", "audit-logs", "-o",
                            "jsonpath={.spec.replicas} {.spec.serviceName}", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "3 elasticsearch-discovery");
  g_clear_pointer (&out, g_free);

  /* Applying the same file again changes nothing. */
  g_assert_cmpint (kubectl (sandbox->kubeconfig, home, &out, "apply", "-f", existing, NULL), ==,
                   0);
  g_assert_nonnull (strstr (out, "statefulset.apps/elasticsearch unchanged"));
  g_clear_pointer (&out, g_free);

  /* The whole file with its namespace, in the order it is written, into a new one. */
  g_free (spec->namespace);
  spec->namespace = g_strdup ("audit-logs-2");
  spec->create_namespace = TRUE;
  spec->roles = ODFE_ROLES_DEDICATED_MASTERS;
  whole = write_yaml (spec, home, "whole.yaml");
  g_assert_cmpint (kubectl (sandbox->kubeconfig, home, &out, "apply", "-f", whole, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "namespace/audit-logs-2 created"));
  g_assert_nonnull (strstr (out, "statefulset.apps/elasticsearch-master created"));
  g_clear_pointer (&out, g_free);

  sandbox_process_stop (sandbox);
  scratch_dir_remove (home);
}

static void
free_shared (void)
{
  g_clear_pointer (&shared_pki, odfe_cluster_pki_free);
  g_clear_pointer (&shared_hash, g_free);
}

int
main (int   argc,
      char *argv[])
{
  int result;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/odfe/manifests/order", test_order);
  g_test_add_func ("/odfe/manifests/labels", test_labels);
  g_test_add_func ("/odfe/manifests/secrets", test_secrets);
  g_test_add_func ("/odfe/manifests/config-map", test_config_map);
  g_test_add_func ("/odfe/manifests/services", test_services);
  g_test_add_func ("/odfe/manifests/statefulset", test_statefulset);
  g_test_add_func ("/odfe/manifests/statefulset-variants", test_statefulset_variants);
  g_test_add_func ("/odfe/manifests/yaml", test_yaml);
  g_test_add_func ("/odfe/manifests/invalid", test_invalid);
  g_test_add_func ("/odfe/manifests/sandbox-client", test_sandbox_client);
  g_test_add_func ("/odfe/manifests/sandbox-kubectl", test_sandbox_kubectl);
  g_test_add_func ("/odfe/manifests/sandbox-serves", test_sandbox_serves);

  result = g_test_run ();
  free_shared ();
  return result;
}
