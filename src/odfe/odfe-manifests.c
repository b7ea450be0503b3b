/* odfe-manifests.c: the Kubernetes objects of a new search cluster
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The objects of DESIGN.md's table, as JSON for the Kubernetes API and as YAML for people who
 * review or apply them themselves.  They follow what the Open Distro chart and the reference
 * (§1) say a production cluster needs, with its known gaps filled: a readiness probe on the
 * one endpoint that answers without credentials, publishNotReadyAddresses on the discovery
 * Service so that masters find each other before any is Ready, Parallel pod management so
 * that they all start to bootstrap at once, policy/v1 for the disruption budget, requests
 * equal to limits so that the heap is really there.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "odfe-error.h"
#include "odfe-manifests.h"
#include "odfe-security.h"
#include "odfe-yaml-emit.h"

#define CONFIG_DIR   "/usr/share/elasticsearch/config/"
#define SECURITY_DIR "/usr/share/elasticsearch/plugins/opendistro_security/securityconfig/"
#define DATA_DIR     "/usr/share/elasticsearch/data"
#define INIT_IMAGE   "busybox:1.27.2"
/* The image's user and group (reference §0). */
#define SEARCH_UID   1000
/* Secret files readable by their owner and the pod's group (fsGroup), nobody else. */
#define SECRET_MODE  0440

/* The Secret elasticsearch-tls: the node certificate serves transport and REST; the admin
 * certificate is there for securityadmin.sh run inside a pod. */
static const char * const tls_keys[] = {
  "elk-transport-crt.pem", "elk-transport-key.pem", "elk-transport-root-ca.pem",
  "elk-rest-crt.pem", "elk-rest-key.pem", "elk-rest-root-ca.pem",
  "admin-crt.pem", "admin-key.pem", "admin-root-ca.pem",
  NULL
};

static const char * const security_files[] = {
  "internal_users.yml", "config.yml", "roles.yml", "roles_mapping.yml", "action_groups.yml",
  "tenants.yml", "audit.yml",
  NULL
};

/* Small builders */

static JsonObject *
add_object (JsonObject *parent,
            const char *name)
{
  JsonObject *child = json_object_new ();

  json_object_set_object_member (parent, name, child);
  return child;
}

static JsonArray *
add_array (JsonObject *parent,
           const char *name)
{
  JsonArray *child = json_array_new ();

  json_object_set_array_member (parent, name, child);
  return child;
}

static JsonObject *
append_object (JsonArray *array)
{
  JsonObject *child = json_object_new ();

  json_array_add_object_element (array, child);
  return child;
}

static JsonArray *
strings (const char *first,
         ...)
{
  JsonArray *array = json_array_new ();
  va_list args;

  va_start (args, first);
  for (const char *s = first; s != NULL; s = va_arg (args, const char *))
    json_array_add_string_element (array, s);
  va_end (args);

  return array;
}

/* The labels that select the pods of @component (NULL: every pod of the cluster). */
static JsonObject *
selector_labels (const OdfeClusterSpec *spec,
                 const char            *component)
{
  JsonObject *labels = json_object_new ();

  json_object_set_string_member (labels, ODFE_LABEL_NAME, "elasticsearch");
  json_object_set_string_member (labels, ODFE_LABEL_INSTANCE, spec->name);
  if (component != NULL)
    json_object_set_string_member (labels, ODFE_LABEL_COMPONENT, component);

  return labels;
}

static JsonObject *
object_labels (const OdfeClusterSpec *spec,
               const char            *component)
{
  JsonObject *labels = selector_labels (spec, component);

  json_object_set_string_member (labels, ODFE_LABEL_MANAGED_BY, "searchdeck");
  return labels;
}

/* A new object of @kind named @name, with the cluster's labels; namespaced unless
 * @namespaced is FALSE. */
static JsonObject *
new_object (const OdfeClusterSpec *spec,
            const char            *api_version,
            const char            *kind,
            const char            *name,
            gboolean               namespaced)
{
  JsonObject *object = json_object_new ();
  JsonObject *metadata;

  json_object_set_string_member (object, "apiVersion", api_version);
  json_object_set_string_member (object, "kind", kind);
  metadata = add_object (object, "metadata");
  json_object_set_string_member (metadata, "name", name);
  if (namespaced)
    json_object_set_string_member (metadata, "namespace", spec->namespace);
  json_object_set_object_member (metadata, "labels", object_labels (spec, NULL));

  return object;
}

static void
take_object (GPtrArray  *objects,
             JsonObject *object)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), object);

  json_object_unref (object);
  g_ptr_array_add (objects, node);
}

static void
set_base64 (JsonObject *data,
            const char *key,
            const char *value)
{
  g_autofree char *encoded = g_base64_encode ((const guchar *) value, strlen (value));

  json_object_set_string_member (data, key, encoded);
}

/* "1g" or "1536m" for the JVM's -Xms/-Xmx. */
static char *
java_size (guint64 bytes)
{
  if (bytes % (G_GUINT64_CONSTANT (1) << 30) == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT "g", bytes >> 30);

  return g_strdup_printf ("%" G_GUINT64_FORMAT "m", bytes >> 20);
}

/* The objects */

static JsonObject *
namespace_object (const OdfeClusterSpec *spec)
{
  JsonObject *object = new_object (spec, "v1", "Namespace", spec->namespace, FALSE);
  JsonObject *labels = json_object_get_object_member (json_object_get_object_member (object,
                                                                                     "metadata"),
                                                      "labels");

  /* The init-sysctl container is privileged; a namespace made for it says that it may be. */
  if (spec->privileged_init)
    json_object_set_string_member (labels, "pod-security.kubernetes.io/enforce", "privileged");

  return object;
}

static JsonObject *
tls_secret (const OdfeClusterSpec *spec,
            const OdfeClusterPki  *pki)
{
  JsonObject *object = new_object (spec, "v1", "Secret", "elasticsearch-tls", TRUE);
  JsonObject *data;

  json_object_set_string_member (object, "type", "Opaque");
  data = add_object (object, "data");
  set_base64 (data, "elk-transport-crt.pem", pki->node_cert_pem);
  set_base64 (data, "elk-transport-key.pem", pki->node_key_pem);
  set_base64 (data, "elk-transport-root-ca.pem", pki->ca_cert_pem);
  set_base64 (data, "elk-rest-crt.pem", pki->node_cert_pem);
  set_base64 (data, "elk-rest-key.pem", pki->node_key_pem);
  set_base64 (data, "elk-rest-root-ca.pem", pki->ca_cert_pem);
  set_base64 (data, "admin-crt.pem", pki->admin_cert_pem);
  set_base64 (data, "admin-key.pem", pki->admin_key_pem);
  set_base64 (data, "admin-root-ca.pem", pki->ca_cert_pem);

  return object;
}

static JsonObject *
security_secret (const OdfeClusterSpec *spec,
                 const char            *password_hash)
{
  JsonObject *object = new_object (spec, "v1", "Secret", "elasticsearch-security", TRUE);
  g_autoptr(GHashTable) files = odfe_security_files (spec, password_hash);
  JsonObject *data;

  json_object_set_string_member (object, "type", "Opaque");
  data = add_object (object, "data");
  for (guint i = 0; security_files[i] != NULL; i++)
    set_base64 (data, security_files[i], g_hash_table_lookup (files, security_files[i]));

  return object;
}

static JsonObject *
config_map (const OdfeClusterSpec *spec,
            const OdfeClusterPki  *pki)
{
  JsonObject *object = new_object (spec, "v1", "ConfigMap", "elasticsearch-config", TRUE);
  g_autofree char *elasticsearch_yml = odfe_elasticsearch_yml (spec, pki);

  json_object_set_string_member (add_object (object, "data"), "elasticsearch.yml",
                                 elasticsearch_yml);
  return object;
}

static void
add_port (JsonArray  *ports,
          const char *name,
          gint64      number)
{
  JsonObject *port = append_object (ports);

  json_object_set_string_member (port, "name", name);
  json_object_set_int_member (port, "port", number);
  json_object_set_int_member (port, "targetPort", number);
  json_object_set_string_member (port, "protocol", "TCP");
}

static JsonObject *
discovery_service (const OdfeClusterSpec *spec)
{
  JsonObject *object = new_object (spec, "v1", "Service", "elasticsearch-discovery", TRUE);
  JsonObject *service = add_object (object, "spec");

  json_object_set_string_member (service, "clusterIP", "None");
  json_object_set_boolean_member (service, "publishNotReadyAddresses", TRUE);
  add_port (add_array (service, "ports"), "transport", 9300);
  json_object_set_object_member (service, "selector", selector_labels (spec, NULL));

  return object;
}

static JsonObject *
rest_service (const OdfeClusterSpec *spec)
{
  JsonObject *object = new_object (spec, "v1", "Service", "elasticsearch", TRUE);
  JsonObject *service = add_object (object, "spec");
  JsonArray *ports;

  json_object_set_string_member (service, "type",
                                 spec->exposure == ODFE_EXPOSURE_LOAD_BALANCER
                                 ? "LoadBalancer" : "ClusterIP");
  ports = add_array (service, "ports");
  add_port (ports, "http", 9200);
  add_port (ports, "metrics", 9600);
  json_object_set_object_member (service, "selector", selector_labels (spec, NULL));

  return object;
}

static JsonObject *
disruption_budget (const OdfeClusterSpec *spec)
{
  JsonObject *object = new_object (spec, "policy/v1", "PodDisruptionBudget", "elasticsearch",
                                   TRUE);
  JsonObject *budget = add_object (object, "spec");

  /* One pod down at a time keeps a quorum of three masters, and a replica of every shard. */
  json_object_set_int_member (budget, "maxUnavailable", 1);
  json_object_set_object_member (add_object (budget, "selector"), "matchLabels",
                                 selector_labels (spec, NULL));

  return object;
}

static void
add_env (JsonArray  *env,
         const char *name,
         const char *value)
{
  JsonObject *variable = append_object (env);

  json_object_set_string_member (variable, "name", name);
  json_object_set_string_member (variable, "value", value);
}

static void
add_mount (JsonArray  *mounts,
           const char *volume,
           const char *directory,
           const char *key)
{
  JsonObject *mount = append_object (mounts);
  g_autofree char *path = g_strconcat (directory, key, NULL);

  json_object_set_string_member (mount, "name", volume);
  json_object_set_string_member (mount, "mountPath", path);
  json_object_set_string_member (mount, "subPath", key);
  json_object_set_boolean_member (mount, "readOnly", TRUE);
}

static JsonObject *
small_resources (void)
{
  JsonObject *resources = json_object_new ();

  for (guint i = 0; i < 2; i++)
    {
      JsonObject *amounts = add_object (resources, i == 0 ? "requests" : "limits");

      json_object_set_string_member (amounts, "cpu", "100m");
      json_object_set_string_member (amounts, "memory", "64Mi");
    }

  return resources;
}

static JsonArray *
init_containers (void)
{
  JsonArray *containers = json_array_new ();
  JsonObject *container;
  JsonObject *security;
  JsonObject *mount;

  /* Elasticsearch refuses to start with vm.max_map_count below 262144 (reference §1.5). */
  container = append_object (containers);
  json_object_set_string_member (container, "name", "init-sysctl");
  json_object_set_string_member (container, "image", INIT_IMAGE);
  json_object_set_array_member (container, "command",
                                strings ("sysctl", "-w", "vm.max_map_count=262144", NULL));
  security = add_object (container, "securityContext");
  json_object_set_boolean_member (security, "privileged", TRUE);
  json_object_set_int_member (security, "runAsUser", 0);
  json_object_set_object_member (container, "resources", small_resources ());

  /* Volumes whose driver ignores fsGroup still have to be the image's user's. */
  container = append_object (containers);
  json_object_set_string_member (container, "name", "fixmount");
  json_object_set_string_member (container, "image", INIT_IMAGE);
  json_object_set_array_member (container, "command",
                                strings ("chown", "-R", "1000:1000", DATA_DIR, NULL));
  security = add_object (container, "securityContext");
  json_object_set_int_member (security, "runAsUser", 0);
  json_object_set_object_member (container, "resources", small_resources ());
  mount = append_object (add_array (container, "volumeMounts"));
  json_object_set_string_member (mount, "name", "data");
  json_object_set_string_member (mount, "mountPath", DATA_DIR);

  return containers;
}

static JsonObject *
search_container (const OdfeClusterSpec *spec,
                  gboolean               master,
                  gboolean               data)
{
  JsonObject *container = json_object_new ();
  g_autofree char *image = odfe_cluster_spec_get_image (spec);
  g_autofree char *heap = java_size (spec->heap_bytes);
  g_autofree char *java_options = g_strdup_printf ("-Xms%s -Xmx%s", heap, heap);
  g_autofree char *cpu = odfe_format_quantity_millis (spec->cpu_millis);
  g_autofree char *memory = odfe_format_quantity_bytes (spec->memory_bytes);
  JsonArray *ports, *env, *mounts;
  JsonObject *variable, *probe, *action, *resources;

  json_object_set_string_member (container, "name", "elasticsearch");
  json_object_set_string_member (container, "image", image);
  json_object_set_string_member (container, "imagePullPolicy", "IfNotPresent");

  ports = add_array (container, "ports");
  for (guint i = 0; i < 3; i++)
    {
      static const char * const names[] = { "http", "transport", "metrics" };
      static const gint64 numbers[] = { 9200, 9300, 9600 };
      JsonObject *port = append_object (ports);

      json_object_set_string_member (port, "name", names[i]);
      json_object_set_int_member (port, "containerPort", numbers[i]);
      json_object_set_string_member (port, "protocol", "TCP");
    }

  /* The image's entrypoint passes variables named like settings on as -E settings. */
  env = add_array (container, "env");
  variable = append_object (env);
  json_object_set_string_member (variable, "name", "node.name");
  json_object_set_string_member (add_object (add_object (variable, "valueFrom"), "fieldRef"),
                                 "fieldPath", "metadata.name");
  add_env (env, "node.master", master ? "true" : "false");
  add_env (env, "node.data", data ? "true" : "false");
  add_env (env, "node.ingest", data ? "true" : "false");
  add_env (env, "ES_JAVA_OPTS", java_options);
  add_env (env, "DISABLE_INSTALL_DEMO_CONFIG", "true");

  resources = add_object (container, "resources");
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *amounts = add_object (resources, i == 0 ? "requests" : "limits");

      json_object_set_string_member (amounts, "cpu", cpu);
      json_object_set_string_member (amounts, "memory", memory);
    }

  /* The one path the security plugin answers without credentials: 200 once its index is
   * loaded, 503 before (reference §1.8). */
  probe = add_object (container, "readinessProbe");
  action = add_object (probe, "httpGet");
  json_object_set_string_member (action, "scheme", "HTTPS");
  json_object_set_int_member (action, "port", 9200);
  json_object_set_string_member (action, "path", "/_opendistro/_security/health");
  json_object_set_int_member (probe, "initialDelaySeconds", 20);
  json_object_set_int_member (probe, "periodSeconds", 10);
  json_object_set_int_member (probe, "timeoutSeconds", 5);
  json_object_set_int_member (probe, "failureThreshold", 3);

  probe = add_object (container, "livenessProbe");
  json_object_set_int_member (add_object (probe, "tcpSocket"), "port", 9300);
  json_object_set_int_member (probe, "initialDelaySeconds", 60);
  json_object_set_int_member (probe, "periodSeconds", 10);
  json_object_set_int_member (probe, "failureThreshold", 6);

  mounts = add_array (container, "volumeMounts");
  {
    JsonObject *mount = append_object (mounts);

    json_object_set_string_member (mount, "name", "data");
    json_object_set_string_member (mount, "mountPath", DATA_DIR);
  }
  add_mount (mounts, "config", CONFIG_DIR, "elasticsearch.yml");
  for (guint i = 0; tls_keys[i] != NULL; i++)
    add_mount (mounts, "tls", CONFIG_DIR, tls_keys[i]);
  for (guint i = 0; security_files[i] != NULL; i++)
    add_mount (mounts, "security", SECURITY_DIR, security_files[i]);

  if (!spec->privileged_init)
    {
      /* What the restricted Pod Security level asks of a container. */
      JsonObject *security = add_object (container, "securityContext");

      json_object_set_boolean_member (security, "allowPrivilegeEscalation", FALSE);
      json_object_set_boolean_member (security, "runAsNonRoot", TRUE);
      json_object_set_array_member (add_object (security, "capabilities"), "drop",
                                    strings ("ALL", NULL));
    }

  return container;
}

static JsonArray *
pod_volumes (void)
{
  JsonArray *volumes = json_array_new ();
  JsonObject *volume, *source;

  volume = append_object (volumes);
  json_object_set_string_member (volume, "name", "config");
  json_object_set_string_member (add_object (volume, "configMap"), "name",
                                 "elasticsearch-config");

  for (guint i = 0; i < 2; i++)
    {
      volume = append_object (volumes);
      json_object_set_string_member (volume, "name", i == 0 ? "tls" : "security");
      source = add_object (volume, "secret");
      json_object_set_string_member (source, "secretName",
                                     i == 0 ? "elasticsearch-tls" : "elasticsearch-security");
      json_object_set_int_member (source, "defaultMode", SECRET_MODE);
    }

  return volumes;
}

static JsonObject *
pod_spec (const OdfeClusterSpec *spec,
          const char            *component,
          gboolean               master,
          gboolean               data)
{
  JsonObject *pod = json_object_new ();
  JsonObject *security, *term;

  json_object_set_int_member (pod, "terminationGracePeriodSeconds", 120);

  security = add_object (pod, "securityContext");
  json_object_set_int_member (security, "fsGroup", SEARCH_UID);
  json_object_set_int_member (security, "runAsUser", SEARCH_UID);
  json_object_set_int_member (security, "runAsGroup", SEARCH_UID);
  if (!spec->privileged_init)
    {
      json_object_set_boolean_member (security, "runAsNonRoot", TRUE);
      json_object_set_string_member (add_object (security, "seccompProfile"), "type",
                                     "RuntimeDefault");
    }

  /* Nodes spread over machines where they can be, so one machine's loss is one node's. */
  term = append_object (add_array (add_object (add_object (pod, "affinity"), "podAntiAffinity"),
                                   "preferredDuringSchedulingIgnoredDuringExecution"));
  json_object_set_int_member (term, "weight", 100);
  term = add_object (term, "podAffinityTerm");
  json_object_set_object_member (add_object (term, "labelSelector"), "matchLabels",
                                 selector_labels (spec, component));
  json_object_set_string_member (term, "topologyKey", "kubernetes.io/hostname");

  if (spec->privileged_init)
    json_object_set_array_member (pod, "initContainers", init_containers ());

  json_array_add_object_element (add_array (pod, "containers"),
                                 search_container (spec, master, data));
  json_object_set_array_member (pod, "volumes", pod_volumes ());

  return pod;
}

static JsonObject *
statefulset (const OdfeClusterSpec *spec,
             const char            *name,
             guint                  replicas,
             const char            *component,
             gboolean               master,
             gboolean               data)
{
  JsonObject *object = new_object (spec, "apps/v1", "StatefulSet", name, TRUE);
  g_autofree char *storage = odfe_format_quantity_bytes (spec->storage_bytes);
  JsonObject *set, *template, *metadata, *claim, *claim_spec;

  if (component != NULL)
    json_object_set_string_member (json_object_get_object_member (
                                     json_object_get_object_member (object, "metadata"),
                                     "labels"),
                                   ODFE_LABEL_COMPONENT, component);

  set = add_object (object, "spec");
  json_object_set_int_member (set, "replicas", replicas);
  json_object_set_string_member (set, "serviceName", "elasticsearch-discovery");
  /* Masters must all be up to elect one; none becomes Ready before that. */
  json_object_set_string_member (set, "podManagementPolicy", "Parallel");
  json_object_set_string_member (add_object (set, "updateStrategy"), "type", "RollingUpdate");
  json_object_set_object_member (add_object (set, "selector"), "matchLabels",
                                 selector_labels (spec, component));

  template = add_object (set, "template");
  metadata = add_object (template, "metadata");
  json_object_set_object_member (metadata, "labels", object_labels (spec, component));
  json_object_set_string_member (add_object (metadata, "annotations"),
                                 "kubectl.kubernetes.io/default-container", "elasticsearch");
  json_object_set_object_member (template, "spec", pod_spec (spec, component, master, data));

  claim = append_object (add_array (set, "volumeClaimTemplates"));
  metadata = add_object (claim, "metadata");
  json_object_set_string_member (metadata, "name", "data");
  json_object_set_object_member (metadata, "labels", object_labels (spec, component));
  claim_spec = add_object (claim, "spec");
  json_object_set_array_member (claim_spec, "accessModes", strings ("ReadWriteOnce", NULL));
  json_object_set_string_member (add_object (add_object (claim_spec, "resources"), "requests"),
                                 "storage", storage);
  if (spec->storage_class != NULL && spec->storage_class[0] != '\0')
    json_object_set_string_member (claim_spec, "storageClassName", spec->storage_class);

  return object;
}

GPtrArray *
odfe_manifests_build (const OdfeClusterSpec  *spec,
                      const OdfeClusterPki   *pki,
                      const char             *password_hash,
                      GError                **error)
{
  g_autoptr(GPtrArray) objects = NULL;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (pki != NULL, NULL);

  if (!odfe_cluster_spec_validate_layout (spec, error))
    return NULL;

  if (password_hash == NULL || !g_str_has_prefix (password_hash, "$2"))
    {
      g_set_error_literal (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                           _("The admin password’s hash is missing or not a bcrypt hash."));
      return NULL;
    }

  if (pki->node_cert_pem == NULL || pki->node_key_pem == NULL || pki->ca_cert_pem == NULL
      || pki->admin_cert_pem == NULL || pki->admin_key_pem == NULL || pki->node_dn == NULL
      || pki->admin_dn == NULL)
    {
      g_set_error_literal (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                           _("The cluster’s certificates are incomplete."));
      return NULL;
    }

  objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  if (spec->create_namespace)
    take_object (objects, namespace_object (spec));
  take_object (objects, tls_secret (spec, pki));
  take_object (objects, security_secret (spec, password_hash));
  take_object (objects, config_map (spec, pki));
  take_object (objects, discovery_service (spec));
  take_object (objects, rest_service (spec));
  take_object (objects, disruption_budget (spec));

  if (spec->roles == ODFE_ROLES_DEDICATED_MASTERS)
    {
      take_object (objects, statefulset (spec, "elasticsearch", spec->node_count, "data",
                                         FALSE, TRUE));
      take_object (objects, statefulset (spec, "elasticsearch-master", spec->master_count,
                                         "master", TRUE, FALSE));
    }
  else
    take_object (objects, statefulset (spec, "elasticsearch", spec->node_count, NULL,
                                       TRUE, TRUE));

  return g_steal_pointer (&objects);
}

char *
odfe_manifests_to_yaml (GPtrArray *objects)
{
  g_autoptr(GError) error = NULL;
  char *yaml;

  g_return_val_if_fail (objects != NULL, NULL);

  yaml = odfe_yaml_emit_documents (objects, &error);
  /* The objects hold only UTF-8 text; libyaml refuses nothing else. */
  if (yaml == NULL)
    g_critical ("The manifests could not be written as YAML: %s", error->message);

  return yaml;
}

/* @object's member @name when it is a string, else NULL. */
static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *member = json_object_get_member (object, name);

  if (member == NULL || json_node_get_value_type (member) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (member);
}

char *
odfe_manifest_describe (JsonNode *object)
{
  const char *kind = NULL, *name = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  if (JSON_NODE_HOLDS_OBJECT (object))
    {
      JsonObject *root = json_node_get_object (object);
      JsonNode *metadata = json_object_get_member (root, "metadata");

      kind = string_member (root, "kind");
      if (metadata != NULL && JSON_NODE_HOLDS_OBJECT (metadata))
        name = string_member (json_node_get_object (metadata), "name");
    }

  return g_strdup_printf ("%s %s", kind != NULL ? kind : "Object", name != NULL ? name : "?");
}
