/* sandbox-odfe.c: the simulated Open Distro clusters behind the sandbox's port-forward
 *
 * Every StatefulSet that runs an Open Distro or OpenSearch image is a search
 * cluster here.  Port 9200 of its pods serves that cluster's REST API over
 * TLS with the node certificate of the cluster's TLS Secret, authenticates
 * with HTTP basic auth against the bcrypt hashes of its security Secret,
 * checks privileges against the roles and role mappings of that Secret, and
 * writes an audit event for each request into the day's
 * security-auditlog-YYYY.MM.dd index.  Health comes from the pods: shards
 * are spread over the StatefulSet's ordinals, a copy is active when the pod
 * it lives on is Ready, so a missing pod makes the cluster yellow and two make
 * some shards red.  Port 9600 serves the Performance Analyzer metrics API,
 * plain HTTP without authentication, as the agent in the image does.
 *
 * Everything is read from the sandbox's store at each request, so that a
 * cluster whose Secret or ConfigMap is wrong behaves as a real one would.
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <crypt.h>
#include <math.h>
#include <string.h>
#include <yaml.h>

#include "sandbox-odfe.h"
#include "sandbox-odfe-http.h"

#define ES_VERSION            "7.10.2"
#define ES_BUILD_HASH         "747e1cc71def077253878a59143c1f785afa92b9"
#define ES_BUILD_DATE         "2021-01-13T00:42:12.435326Z"
#define LUCENE_VERSION        "8.7.0"
#define AUDIT_PREFIX          "security-auditlog-"
#define MAX_AUDIT_EVENTS      10000
#define RECOVERY_US           (2 * G_USEC_PER_SEC)
#define HEALTH_POLL_MS        100
#define PASSWORD_CACHE_SIZE   1024

struct _SandboxOdfe
{
  GObject       parent_instance;

  SandboxStore *store;
  /* The kubelet's record of how each node started, once attached to a server */
  SandboxController *controller;
  SoupServer   *rest;
  SoupServer   *metrics;
  GCancellable *cancellable;
  /* "namespace/statefulset" -> Cluster* */
  GHashTable   *clusters;
  /* hex SHA-256 of user, hash and password -> TRUE, for checks that succeeded */
  GHashTable   *password_cache;
};

G_DEFINE_TYPE (SandboxOdfe, sandbox_odfe, G_TYPE_OBJECT)

/* Model */

typedef struct
{
  char      *id;
  gint64     timestamp_ms;
  JsonNode  *source;
  gsize      size;
} Document;

typedef struct
{
  char      *name;
  char      *uuid;
  guint      primaries;
  int        replicas;          /* -1: auto-expanded to every other node */
  gint64     created_us;
  guint64    docs;              /* at creation */
  double     docs_per_second;   /* growth since */
  guint64    docs_deleted;
  guint64    bytes_per_doc;
  GPtrArray *documents;         /* Document*, only for indices the sandbox writes */
  guint64    documents_size;
} Index;

typedef struct
{
  char      *key;
  char      *uuid;
  gint64     created_us;
  GPtrArray *indices;           /* Index* */
  /* cluster.routing.allocation.enable as the persistent and transient settings hold it
   * (NULL: not set), and when the value in force last changed */
  char      *allocation_persistent;
  char      *allocation_transient;
  gint64     allocation_since_us;
  char      *master;            /* the node last elected master, or NULL */
} Cluster;

/* Where a forwarded connection arrived. */
typedef struct
{
  char *namespace_;
  char *statefulset;
  char *pod;
  char *uid;                     /* of the pod, which a recreated pod does not share */
  gboolean unready;              /* the node runs but its security index is not initialised */
} Connection;

/* One node of a cluster as it is at the moment of a request. */
typedef struct
{
  char     *name;
  char     *id;
  char     *ip;
  char     *statefulset;         /* the StatefulSet the node's pod belongs to */
  guint     ordinal;
  gboolean  ready;
  gboolean  recovering;          /* Ready for less than RECOVERY_US */
  gint64    started_us;
  gboolean  master_role;
  gboolean  data_role;
  gboolean  ingest_role;
} Node;

/* A cluster as its objects in the store describe it at the moment of a request. */
typedef struct
{
  Cluster   *cluster;
  char      *name;               /* cluster.name */
  GPtrArray *nodes;              /* Node*, by StatefulSet and ordinal */
  GPtrArray *data_nodes;         /* the nodes of nodes that hold data (borrowed) */
  guint      n_ready;
  guint      n_ready_data;
  int        master;             /* index in nodes of the elected master, or -1 */
  gboolean   master_role;
  gboolean   data_role;
  gboolean   ingest_role;
  guint64    heap_max;
  guint64    memory;
  guint64    disk;
} View;

typedef enum
{
  HEALTH_GREEN,
  HEALTH_YELLOW,
  HEALTH_RED,
} Health;

static const char * const health_names[] = { "green", "yellow", "red" };

typedef struct
{
  Health status;
  guint  primaries;
  guint  copies;
  guint  active_primaries;
  guint  active;
  guint  initializing;
  guint  unassigned;
  guint  delayed;
} Shards;

/* What one copy of a shard is doing. */
typedef enum
{
  COPY_STARTED,
  COPY_INITIALIZING,
  COPY_UNASSIGNED,               /* its node is there, but allocation keeps the copy off it */
  COPY_NODE_LEFT,                /* its node is gone: unassigned, delayed */
} CopyState;

static const char * const copy_state_names[] = {
  "STARTED", "INITIALIZING", "UNASSIGNED", "UNASSIGNED"
};

static void
document_free (Document *document)
{
  g_free (document->id);
  json_node_unref (document->source);
  g_free (document);
}

static void
index_free (Index *index)
{
  g_free (index->name);
  g_free (index->uuid);
  g_clear_pointer (&index->documents, g_ptr_array_unref);
  g_free (index);
}

static void
cluster_free (Cluster *cluster)
{
  g_free (cluster->key);
  g_free (cluster->uuid);
  g_ptr_array_unref (cluster->indices);
  g_free (cluster->allocation_persistent);
  g_free (cluster->allocation_transient);
  g_free (cluster->master);
  g_free (cluster);
}

static void
connection_free (Connection *connection)
{
  g_free (connection->namespace_);
  g_free (connection->statefulset);
  g_free (connection->pod);
  g_free (connection->uid);
  g_free (connection);
}

static void
node_free (Node *node)
{
  g_free (node->name);
  g_free (node->id);
  g_free (node->ip);
  g_free (node->statefulset);
  g_free (node);
}

static void
view_free (View *view)
{
  g_free (view->name);
  g_ptr_array_unref (view->nodes);
  g_clear_pointer (&view->data_nodes, g_ptr_array_unref);
  g_free (view);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (View, view_free)

/* Random identifiers in the URL-safe base64 alphabet Elasticsearch uses (22 characters). */
static char *
random_id (void)
{
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  char id[23];

  for (guint i = 0; i < 22; i++)
    id[i] = alphabet[g_random_int_range (0, 64)];
  id[22] = '\0';

  return g_strdup (id);
}

/* A stable identifier derived from @seed, as a node keeps its id across restarts. */
static char *
stable_id (const char *seed)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);
  g_autofree char *encoded = g_base64_encode ((const guchar *) digest, 16);

  for (char *p = encoded; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
    }
  encoded[22] = '\0';

  return g_strdup (encoded);
}

static Index *
index_new (const char *name,
           guint       primaries,
           int         replicas,
           guint64     docs,
           double      docs_per_second,
           guint64     bytes_per_doc)
{
  Index *index = g_new0 (Index, 1);

  index->name = g_strdup (name);
  index->uuid = random_id ();
  index->primaries = primaries;
  index->replicas = replicas;
  index->created_us = g_get_real_time ();
  index->docs = docs;
  index->docs_per_second = docs_per_second;
  index->bytes_per_doc = bytes_per_doc;

  return index;
}

static guint64
index_docs (Index *index)
{
  gint64 elapsed = g_get_real_time () - index->created_us;

  if (index->documents != NULL)
    return index->documents->len;

  return index->docs + (guint64) (index->docs_per_second * elapsed / G_USEC_PER_SEC);
}

/* The size of one copy of the whole index (all its primaries). */
static guint64
index_bytes (Index *index)
{
  if (index->documents != NULL)
    return 208 * index->primaries + index->documents_size * 3 / 2;

  return 208 * index->primaries + index_docs (index) * index->bytes_per_doc;
}

static Cluster *
cluster_new (const char *key)
{
  Cluster *cluster = g_new0 (Cluster, 1);

  cluster->key = g_strdup (key);
  cluster->uuid = random_id ();
  cluster->created_us = g_get_real_time ();
  cluster->indices = g_ptr_array_new_with_free_func ((GDestroyNotify) index_free);

  /* What a cluster holds after a few days of use: the security plugin's index, Kibana's,
   * and two of the cluster's own. */
  g_ptr_array_add (cluster->indices, index_new (".opendistro_security", 1, -1, 9, 0, 4200));
  g_ptr_array_add (cluster->indices, index_new (".kibana_1", 1, 1, 4, 0, 3100));
  g_ptr_array_add (cluster->indices, index_new ("products", 3, 1, 24913, 0, 1180));
  g_ptr_array_add (cluster->indices, index_new ("logs-app", 2, 1, 118240, 2.5, 620));

  return cluster;
}

static Index *
cluster_find_index (Cluster    *cluster,
                    const char *name)
{
  for (guint i = 0; i < cluster->indices->len; i++)
    {
      Index *index = cluster->indices->pdata[i];

      if (g_str_equal (index->name, name))
        return index;
    }

  return NULL;
}

/* YAML */

static JsonNode *
yaml_node_to_json (yaml_document_t *document,
                   yaml_node_t     *node,
                   guint            depth)
{
  JsonNode *result;

  if (node == NULL || depth > 64)
    return json_node_new (JSON_NODE_NULL);

  switch (node->type)
    {
    case YAML_SCALAR_NODE:
      {
        const char *value = (const char *) node->data.scalar.value;
        gboolean plain = node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;

        result = json_node_new (JSON_NODE_VALUE);
        if (plain && (g_str_equal (value, "true") || g_str_equal (value, "false")))
          json_node_set_boolean (result, g_str_equal (value, "true"));
        else if (plain && (g_str_equal (value, "null") || g_str_equal (value, "~")))
          json_node_init_null (result);
        else
          json_node_set_string (result, value);
        return result;
      }

    case YAML_SEQUENCE_NODE:
      {
        JsonArray *array = json_array_new ();

        for (yaml_node_item_t *item = node->data.sequence.items.start;
             item < node->data.sequence.items.top; item++)
          json_array_add_element (array,
                                  yaml_node_to_json (document,
                                                     yaml_document_get_node (document, *item),
                                                     depth + 1));
        result = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (result, array);
        return result;
      }

    case YAML_MAPPING_NODE:
      {
        JsonObject *object = json_object_new ();

        for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
             pair < node->data.mapping.pairs.top; pair++)
          {
            yaml_node_t *key = yaml_document_get_node (document, pair->key);

            if (key == NULL || key->type != YAML_SCALAR_NODE)
              continue;
            json_object_set_member (object, (const char *) key->data.scalar.value,
                                    yaml_node_to_json (document,
                                                       yaml_document_get_node (document,
                                                                               pair->value),
                                                       depth + 1));
          }
        result = json_node_new (JSON_NODE_OBJECT);
        json_node_take_object (result, object);
        return result;
      }

    case YAML_NO_NODE:
    default:
      return json_node_new (JSON_NODE_NULL);
    }
}

JsonNode *
sandbox_odfe_yaml_to_json (const char *text,
                           GError    **error)
{
  yaml_parser_t parser;
  yaml_document_t document;
  JsonNode *result;

  if (!yaml_parser_initialize (&parser))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot start a YAML parser");
      return NULL;
    }

  yaml_parser_set_input_string (&parser, (const unsigned char *) text, strlen (text));
  if (!yaml_parser_load (&parser, &document))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "line %zu: %s",
                   parser.problem_mark.line + 1,
                   parser.problem != NULL ? parser.problem : "invalid YAML");
      yaml_parser_delete (&parser);
      return NULL;
    }

  result = yaml_node_to_json (&document, yaml_document_get_root_node (&document), 0);
  yaml_document_delete (&document);
  yaml_parser_delete (&parser);

  return result;
}

/* The store */

static const SandboxResource *
resource (const char *group,
          const char *plural)
{
  const SandboxResource *found = sandbox_resources_lookup (group, "v1", plural);

  g_assert (found != NULL);
  return found;
}

static JsonObject *
object_member (JsonNode   *node,
               const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), parts[i]);
    }

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
array_member (JsonNode   *node,
              const char *path)
{
  const char *dot = strrchr (path, '.');
  g_autofree char *parent_path = dot != NULL ? g_strndup (path, dot - path) : NULL;
  JsonObject *parent;
  JsonNode *member;

  parent = parent_path != NULL ? object_member (node, parent_path)
           : (JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL);
  if (parent == NULL)
    return NULL;

  member = json_object_get_member (parent, dot != NULL ? dot + 1 : path);
  return member != NULL && JSON_NODE_HOLDS_ARRAY (member) ? json_node_get_array (member) : NULL;
}

static const char *
object_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
image_is_search (const char *image)
{
  return image != NULL && (strstr (image, "opendistro-for-elasticsearch") != NULL
                           || strstr (image, "opensearch") != NULL);
}

static JsonObject *
search_container (JsonNode *workload)
{
  JsonArray *containers = array_member (workload, "spec.template.spec.containers");

  if (containers == NULL)
    containers = array_member (workload, "spec.containers");

  for (guint i = 0; containers != NULL && i < json_array_get_length (containers); i++)
    {
      JsonNode *container = json_array_get_element (containers, i);

      if (JSON_NODE_HOLDS_OBJECT (container)
          && image_is_search (object_string (json_node_get_object (container), "image")))
        return json_node_get_object (container);
    }

  return NULL;
}

static const char *
owning_statefulset (JsonNode *pod)
{
  JsonArray *references = array_member (pod, "metadata.ownerReferences");

  for (guint i = 0; references != NULL && i < json_array_get_length (references); i++)
    {
      JsonNode *reference = json_array_get_element (references, i);

      if (JSON_NODE_HOLDS_OBJECT (reference)
          && g_strcmp0 (object_string (json_node_get_object (reference), "kind"),
                        "StatefulSet") == 0)
        return object_string (json_node_get_object (reference), "name");
    }

  return NULL;
}

static gboolean
pod_is_ready (JsonNode *pod,
              gint64   *since_us)
{
  JsonArray *conditions = array_member (pod, "status.conditions");

  if (sandbox_object_get_string (pod, "metadata.deletionTimestamp") != NULL)
    return FALSE;

  for (guint i = 0; conditions != NULL && i < json_array_get_length (conditions); i++)
    {
      JsonNode *condition = json_array_get_element (conditions, i);
      const char *changed;

      if (g_strcmp0 (sandbox_object_get_string (condition, "type"), "Ready") != 0)
        continue;
      if (g_strcmp0 (sandbox_object_get_string (condition, "status"), "True") != 0)
        return FALSE;

      changed = sandbox_object_get_string (condition, "lastTransitionTime");
      *since_us = 0;
      if (changed != NULL)
        {
          g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (changed, NULL);

          if (time != NULL)
            *since_us = g_date_time_to_unix (time) * G_USEC_PER_SEC;
        }
      return TRUE;
    }

  return FALSE;
}

/* Whether @pod runs a node that started but never became Ready: it listens on 9200, but
 * without a formed cluster its security index is not initialised. */
static gboolean
pod_runs_unready (SandboxOdfe *self,
                  JsonNode    *pod)
{
  SandboxBoot *boot;

  if (self->controller == NULL
      || sandbox_object_get_string (pod, "metadata.deletionTimestamp") != NULL
      || g_strcmp0 (sandbox_object_get_string (pod, "status.phase"), "Running") != 0)
    return FALSE;

  boot = sandbox_controller_get_boot (self->controller,
                                      sandbox_object_get_string (pod, "metadata.uid"));
  return boot != NULL && boot->outcome == SANDBOX_BOOT_UNREADY;
}

static JsonNode *
get_statefulset (SandboxOdfe *self,
                 const char  *namespace_,
                 const char  *name)
{
  return sandbox_store_get (self->store, resource ("apps", "statefulsets"), namespace_, name);
}

/* The decoded value of @key in Secret @secret, or NULL. */
static char *
secret_value (JsonNode   *secret,
              const char *key)
{
  const char *encoded = object_string (object_member (secret, "data"), key);
  guchar *decoded;
  gsize size;

  if (encoded == NULL)
    return NULL;

  decoded = g_base64_decode (encoded, &size);
  decoded = g_realloc (decoded, size + 1);
  decoded[size] = '\0';
  return (char *) decoded;
}

/* The Secret mounted into @statefulset's pods that holds @key, or, when none does, the
 * Secret named @fallback in its namespace. */
static JsonNode *
find_secret (SandboxOdfe *self,
             JsonNode    *statefulset,
             const char  *key,
             const char  *fallback)
{
  const char *namespace_ = sandbox_object_get_string (statefulset, "metadata.namespace");
  JsonArray *volumes = array_member (statefulset, "spec.template.spec.volumes");
  const SandboxResource *secrets = resource ("", "secrets");

  for (guint i = 0; volumes != NULL && i < json_array_get_length (volumes); i++)
    {
      const char *name = sandbox_object_get_string (json_array_get_element (volumes, i),
                                                    "secret.secretName");
      JsonNode *secret = name != NULL ? sandbox_store_get (self->store, secrets, namespace_,
                                                           name) : NULL;

      if (secret != NULL && object_string (object_member (secret, "data"), key) != NULL)
        return secret;
    }

  return sandbox_store_get (self->store, secrets, namespace_, fallback);
}

/* elasticsearch.yml from the ConfigMap mounted into the pods, as JSON, or NULL. */
static JsonNode *
read_elasticsearch_yml (SandboxOdfe *self,
                        JsonNode    *statefulset)
{
  const char *namespace_ = sandbox_object_get_string (statefulset, "metadata.namespace");
  JsonArray *volumes = array_member (statefulset, "spec.template.spec.volumes");

  for (guint i = 0; volumes != NULL && i < json_array_get_length (volumes); i++)
    {
      const char *name = sandbox_object_get_string (json_array_get_element (volumes, i),
                                                    "configMap.name");
      JsonNode *map = name != NULL ? sandbox_store_get (self->store, resource ("", "configmaps"),
                                                        namespace_, name) : NULL;
      const char *text = object_string (object_member (map, "data"), "elasticsearch.yml");

      if (text != NULL)
        return sandbox_odfe_yaml_to_json (text, NULL);
    }

  return NULL;
}

/* A setting of elasticsearch.yml, flat ("cluster.name: x") or nested ("cluster: {name: x}"),
 * or else from the container's environment as the image's entrypoint takes it. */
static JsonNode *
setting (JsonNode   *yml,
         JsonObject *container,
         const char *name)
{
  JsonArray *env = NULL;
  JsonNode *member;

  /* The entrypoint passes variables named like settings as -E options, which win over the
   * file. */
  if (container != NULL)
    {
      JsonNode *list = json_object_get_member (container, "env");

      if (list != NULL && JSON_NODE_HOLDS_ARRAY (list))
        env = json_node_get_array (list);
    }

  for (guint i = 0; env != NULL && i < json_array_get_length (env); i++)
    {
      JsonNode *entry = json_array_get_element (env, i);

      if (JSON_NODE_HOLDS_OBJECT (entry)
          && g_strcmp0 (object_string (json_node_get_object (entry), "name"), name) == 0
          && json_object_get_member (json_node_get_object (entry), "value") != NULL)
        return json_object_get_member (json_node_get_object (entry), "value");
    }

  if (yml != NULL && JSON_NODE_HOLDS_OBJECT (yml))
    {
      g_auto(GStrv) parts = g_strsplit (name, ".", 2);
      JsonObject *parent = json_node_get_object (yml);

      member = json_object_get_member (parent, name);
      if (member != NULL)
        return member;

      member = json_object_get_member (parent, parts[0]);
      if (parts[1] != NULL && member != NULL && JSON_NODE_HOLDS_OBJECT (member))
        {
          member = json_object_get_member (json_node_get_object (member), parts[1]);
          if (member != NULL)
            return member;
        }
    }

  return NULL;
}

static gboolean
setting_true (JsonNode   *yml,
              JsonObject *container,
              const char *name)
{
  JsonNode *value = setting (yml, container, name);

  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
    return TRUE;
  if (json_node_get_value_type (value) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (value);

  return g_strcmp0 (json_node_get_string (value), "false") != 0;
}

/* A Kubernetes quantity ("2Gi", "500M", "1073741824") in bytes. */
static guint64
parse_quantity (const char *text)
{
  static const struct { const char *suffix; guint64 factor; } units[] = {
    { "Ki", 1ULL << 10 }, { "Mi", 1ULL << 20 }, { "Gi", 1ULL << 30 }, { "Ti", 1ULL << 40 },
    { "k", 1000ULL }, { "M", 1000000ULL }, { "G", 1000000000ULL }, { "T", 1000000000000ULL },
  };
  char *end = NULL;
  double value;

  if (text == NULL)
    return 0;

  value = g_ascii_strtod (text, &end);
  if (end == text || value < 0)
    return 0;

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      if (g_str_equal (end, units[i].suffix))
        return (guint64) (value * units[i].factor);
    }

  return *end == '\0' ? (guint64) value : 0;
}

/* -Xmx of the JVM options, as Elasticsearch reads them ("-Xmx1g", "-Xmx512m"). */
static guint64
parse_heap (const char *options)
{
  const char *xmx = options != NULL ? strstr (options, "-Xmx") : NULL;
  char *end = NULL;
  guint64 value;

  if (xmx == NULL)
    return 512ULL << 20;

  value = g_ascii_strtoull (xmx + 4, &end, 10);
  switch (g_ascii_tolower (*end))
    {
    case 'g':
      return value << 30;
    case 'm':
      return value << 20;
    case 'k':
      return value << 10;
    default:
      return value;
    }
}

static Cluster *
lookup_cluster (SandboxOdfe *self,
                const char  *namespace_,
                const char  *statefulset)
{
  g_autofree char *key = g_strconcat (namespace_, "/", statefulset, NULL);
  Cluster *cluster = g_hash_table_lookup (self->clusters, key);

  if (cluster == NULL)
    {
      cluster = cluster_new (key);
      g_hash_table_insert (self->clusters, g_strdup (key), cluster);
    }

  return cluster;
}

static int
compare_nodes (gconstpointer a,
               gconstpointer b)
{
  const Node *first = *(const Node **) a;
  const Node *second = *(const Node **) b;
  int by_set = g_strcmp0 (first->statefulset, second->statefulset);

  if (by_set != 0)
    return by_set;

  return (int) first->ordinal - (int) second->ordinal;
}

static guint
ordinal_of (const char *pod,
            const char *statefulset)
{
  guint64 ordinal = 0;

  if (g_str_has_prefix (pod, statefulset) && pod[strlen (statefulset)] == '-')
    g_ascii_string_to_unsigned (pod + strlen (statefulset) + 1, 10, 0, G_MAXUINT, &ordinal,
                                NULL);

  return (guint) ordinal;
}

static char *
cluster_name_of (SandboxOdfe *self,
                 JsonNode    *statefulset)
{
  g_autoptr(JsonNode) yml = read_elasticsearch_yml (self, statefulset);
  JsonNode *cluster_name = setting (yml, search_container (statefulset), "cluster.name");

  return g_strdup (cluster_name != NULL && JSON_NODE_HOLDS_VALUE (cluster_name)
                   && json_node_get_value_type (cluster_name) == G_TYPE_STRING
                   ? json_node_get_string (cluster_name) : "docker-cluster");
}

static int
compare_strings_sort (gconstpointer a,
                      gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The search StatefulSets of @namespace_ whose nodes form one cluster with @name's: those of
 * the same cluster.name (dedicated masters and data nodes are two StatefulSets that discover
 * each other through the same Service), sorted by name. */
static GPtrArray *
cluster_statefulsets (SandboxOdfe *self,
                      const char  *namespace_,
                      const char  *name,
                      const char  *cluster_name)
{
  g_autoptr(GPtrArray) all = sandbox_store_list (self->store, resource ("apps", "statefulsets"),
                                                 namespace_);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < all->len; i++)
    {
      const char *other = sandbox_object_get_string (all->pdata[i], "metadata.name");
      g_autofree char *other_cluster = NULL;

      if (other == NULL || search_container (all->pdata[i]) == NULL)
        continue;
      other_cluster = cluster_name_of (self, all->pdata[i]);
      if (g_str_equal (other, name) || g_strcmp0 (other_cluster, cluster_name) == 0)
        g_ptr_array_add (names, g_strdup (other));
    }

  g_ptr_array_sort (names, compare_strings_sort);
  return names;
}

/* Adds the nodes of StatefulSet @name: its pods, and the ordinals it wants whose pod does not
 * exist (nodes that left). */
static void
view_add_statefulset (SandboxOdfe *self,
                      View        *view,
                      const char  *namespace_,
                      const char  *name,
                      GPtrArray   *pods)
{
  JsonNode *statefulset = get_statefulset (self, namespace_, name);
  JsonObject *container = search_container (statefulset);
  g_autoptr(JsonNode) yml = read_elasticsearch_yml (self, statefulset);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  gboolean master_role = setting_true (yml, container, "node.master");
  gboolean data_role = setting_true (yml, container, "node.data");
  gboolean ingest_role = setting_true (yml, container, "node.ingest");
  gint64 now = g_get_real_time ();
  gint64 replicas = 1;
  JsonObject *spec = object_member (statefulset, "spec");

  if (spec != NULL && json_object_has_member (spec, "replicas")
      && json_node_get_value_type (json_object_get_member (spec, "replicas")) == G_TYPE_INT64)
    replicas = CLAMP (json_object_get_int_member (spec, "replicas"), 0, 1000);

  for (guint i = 0; i < pods->len; i++)
    {
      JsonNode *pod = pods->pdata[i];
      const char *pod_name = sandbox_object_get_string (pod, "metadata.name");
      g_autofree char *seed = NULL;
      Node *node;
      gint64 since = 0;

      if (g_strcmp0 (owning_statefulset (pod), name) != 0 || pod_name == NULL)
        continue;

      node = g_new0 (Node, 1);
      node->name = g_strdup (pod_name);
      node->statefulset = g_strdup (name);
      seed = g_strconcat (namespace_, "/", pod_name, NULL);
      node->id = stable_id (seed);
      node->ip = g_strdup (sandbox_object_get_string (pod, "status.podIP"));
      node->ordinal = ordinal_of (pod_name, name);
      node->ready = pod_is_ready (pod, &since);
      node->started_us = since != 0 ? since : now;
      node->recovering = node->ready && since != 0 && now - since < RECOVERY_US;
      node->master_role = master_role;
      node->data_role = data_role;
      node->ingest_role = ingest_role;
      g_hash_table_add (seen, GUINT_TO_POINTER (node->ordinal + 1));
      g_ptr_array_add (view->nodes, node);
    }

  for (gint64 ordinal = 0; ordinal < replicas; ordinal++)
    {
      g_autofree char *seed = NULL;
      Node *node;

      if (g_hash_table_contains (seen, GUINT_TO_POINTER (ordinal + 1)))
        continue;

      node = g_new0 (Node, 1);
      node->name = g_strdup_printf ("%s-%u", name, (guint) ordinal);
      node->statefulset = g_strdup (name);
      seed = g_strconcat (namespace_, "/", node->name, NULL);
      node->id = stable_id (seed);
      node->ordinal = ordinal;
      node->master_role = master_role;
      node->data_role = data_role;
      node->ingest_role = ingest_role;
      g_ptr_array_add (view->nodes, node);
    }
}

/* The cluster of StatefulSet @name in @namespace_ as the store shows it now (with the other
 * StatefulSets of the same cluster.name there), or NULL when that is not a search cluster. */
static View *
view_new (SandboxOdfe *self,
          const char  *namespace_,
          const char  *name)
{
  JsonNode *statefulset = get_statefulset (self, namespace_, name);
  g_autoptr(View) view = NULL;
  g_autoptr(GPtrArray) pods = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(JsonNode) yml = NULL;
  JsonObject *container = statefulset != NULL ? search_container (statefulset) : NULL;
  JsonArray *claims;

  if (container == NULL)
    return NULL;

  view = g_new0 (View, 1);
  view->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
  view->data_nodes = g_ptr_array_new ();
  view->master = -1;

  yml = read_elasticsearch_yml (self, statefulset);
  view->name = cluster_name_of (self, statefulset);
  members = cluster_statefulsets (self, namespace_, name, view->name);
  /* Its state is kept under the first of its StatefulSets, whichever a request reaches. */
  view->cluster = lookup_cluster (self, namespace_, members->pdata[0]);

  {
    JsonNode *options = setting (NULL, container, "ES_JAVA_OPTS");

    view->heap_max = parse_heap (options != NULL && JSON_NODE_HOLDS_VALUE (options)
                                 ? json_node_get_string (options) : NULL);
  }
  view->memory = parse_quantity (sandbox_object_get_string (json_object_get_member (container,
                                                                                    "resources"),
                                                            "limits.memory"));
  if (view->memory == 0)
    view->memory = 4 * view->heap_max;

  claims = array_member (statefulset, "spec.volumeClaimTemplates");
  if (claims != NULL && json_array_get_length (claims) > 0)
    view->disk = parse_quantity (sandbox_object_get_string (json_array_get_element (claims, 0),
                                                            "spec.resources.requests.storage"));
  if (view->disk == 0)
    view->disk = 10ULL << 30;

  pods = sandbox_store_list (self->store, resource ("", "pods"), namespace_);
  for (guint i = 0; i < members->len; i++)
    view_add_statefulset (self, view, namespace_, members->pdata[i], pods);

  g_ptr_array_sort (view->nodes, compare_nodes);

  /* The elected master keeps the role while its node is there, as a node that rejoins does
   * not take it back; when it is gone, the master-eligible Ready node first in order is
   * elected. */
  for (guint i = 0; i < view->nodes->len; i++)
    {
      Node *node = view->nodes->pdata[i];

      view->master_role |= node->master_role;
      view->data_role |= node->data_role;
      view->ingest_role |= node->ingest_role;
      if (node->data_role)
        g_ptr_array_add (view->data_nodes, node);

      if (!node->ready)
        continue;

      view->n_ready++;
      if (node->data_role)
        view->n_ready_data++;
      if (node->master_role && g_strcmp0 (node->name, view->cluster->master) == 0)
        view->master = i;
    }
  for (guint i = 0; i < view->nodes->len && view->master < 0; i++)
    {
      Node *node = view->nodes->pdata[i];

      if (!node->ready || !node->master_role)
        continue;

      view->master = i;
      g_free (view->cluster->master);
      view->cluster->master = g_strdup (node->name);
    }

  return g_steal_pointer (&view);
}

static Node *
view_find_node (View       *view,
                const char *name)
{
  for (guint i = 0; i < view->nodes->len; i++)
    {
      Node *node = view->nodes->pdata[i];

      if (g_str_equal (node->name, name))
        return node;
    }

  return NULL;
}

/* Shards */

static guint
index_copies (View  *view,
              Index *index)
{
  if (index->replicas < 0)
    return MAX (view->n_ready_data, 1);

  return 1 + index->replicas;
}

/* Copy @copy of shard @shard of @index lives on the node at this position (copies of a
 * shard on distinct nodes), or on none when the cluster has fewer nodes than copies. */
static Node *
shard_home (View  *view,
            Index *index,
            guint  shard,
            guint  copy)
{
  guint n_nodes = view->data_nodes->len;
  guint offset;

  if (index->replicas < 0)
    {
      /* Auto-expanded replicas live on every node that is there. */
      guint seen = 0;

      for (guint i = 0; i < n_nodes; i++)
        {
          Node *node = view->data_nodes->pdata[i];

          if (node->ready && seen++ == copy)
            return node;
        }
      return NULL;
    }

  if (copy >= n_nodes || n_nodes == 0)
    return NULL;

  offset = g_str_hash (index->name) % n_nodes;
  return view->data_nodes->pdata[(offset + shard + copy) % n_nodes];
}

/* cluster.routing.allocation.enable in force: the transient value, else the persistent one,
 * else Elasticsearch's default. */
static const char *
allocation_enable (Cluster *cluster)
{
  if (cluster->allocation_transient != NULL)
    return cluster->allocation_transient;
  if (cluster->allocation_persistent != NULL)
    return cluster->allocation_persistent;
  return "all";
}

/* The state of a copy that lives on @home.  A node that (re)joined while allocation was
 * limited ("primaries", "new_primaries", "none") gets back none of its replicas, and with
 * "none" no primary either, until allocation is enabled again: this is why a rolling
 * restart must restore the setting before it waits for green. */
static CopyState
copy_state (View     *view,
            Node     *home,
            gboolean  replica)
{
  const char *enable = allocation_enable (view->cluster);
  gboolean limited = !g_str_equal (enable, "all")
                     && (replica || g_str_equal (enable, "none"));

  if (home == NULL || !home->ready)
    return COPY_NODE_LEFT;
  if (limited && home->started_us >= view->cluster->allocation_since_us)
    return COPY_UNASSIGNED;
  if (home->recovering)
    return COPY_INITIALIZING;

  return COPY_STARTED;
}

static void
index_shards (View   *view,
              Index  *index,
              Shards *shards)
{
  guint copies = index_copies (view, index);

  memset (shards, 0, sizeof *shards);
  shards->status = HEALTH_GREEN;
  shards->primaries = index->primaries;
  shards->copies = index->primaries * copies;

  for (guint shard = 0; shard < index->primaries; shard++)
    {
      guint active = 0;

      for (guint copy = 0; copy < copies; copy++)
        {
          Node *home = shard_home (view, index, shard, copy);
          CopyState state = copy_state (view, home, copy > 0);

          if (state == COPY_STARTED)
            active++;
          else if (state == COPY_INITIALIZING)
            shards->initializing++;
          else
            {
              shards->unassigned++;
              if (home != NULL && state == COPY_NODE_LEFT)
                shards->delayed++;
            }
        }

      shards->active += active;
      if (active > 0)
        shards->active_primaries++;
      else
        shards->status = HEALTH_RED;
      if (active < copies && shards->status == HEALTH_GREEN)
        shards->status = HEALTH_YELLOW;
    }

  if (view->n_ready_data == 0)
    shards->status = HEALTH_RED;
}

static void
shards_add (Shards       *total,
            const Shards *index)
{
  total->status = MAX (total->status, index->status);
  total->primaries += index->primaries;
  total->copies += index->copies;
  total->active_primaries += index->active_primaries;
  total->active += index->active;
  total->initializing += index->initializing;
  total->unassigned += index->unassigned;
  total->delayed += index->delayed;
}

/* The bytes and documents a node holds: its share of the copies that are active on it. */
static void
node_holdings (View    *view,
               Node    *node,
               guint64 *docs,
               guint64 *bytes)
{
  *docs = 0;
  *bytes = 0;

  for (guint i = 0; i < view->cluster->indices->len; i++)
    {
      Index *index = view->cluster->indices->pdata[i];
      guint copies = index_copies (view, index);

      for (guint shard = 0; shard < index->primaries; shard++)
        for (guint copy = 0; copy < copies; copy++)
          {
            if (shard_home (view, index, shard, copy) != node || !node->ready)
              continue;
            *docs += index_docs (index) / index->primaries;
            *bytes += index_bytes (index) / index->primaries;
          }
    }
}

/* Plausible, slowly varying figures: @low to @high, different per node and per metric. */
static double
wave (const char *node,
      const char *metric,
      double      low,
      double      high)
{
  double seconds = g_get_real_time () / (double) G_USEC_PER_SEC;
  guint hash = g_str_hash (node) * 31 + g_str_hash (metric);
  double period = 60 + hash % 240;
  double phase = (hash % 1000) / 1000.0 * 2 * G_PI;
  double ripple = sin (seconds / 7.0 + phase * 3) * 0.1;

  return low + (high - low) * (0.5 + 0.4 * sin (seconds / period * 2 * G_PI + phase) + ripple);
}

/* Security: the files of the security Secret, basic auth, roles and privileges */

typedef struct
{
  JsonNode *users;              /* internal_users.yml */
  JsonNode *roles;              /* roles.yml, or NULL */
  JsonNode *mapping;            /* roles_mapping.yml, or NULL */
  JsonNode *tenants;            /* tenants.yml, or NULL */
} Security;

static void
security_free (Security *security)
{
  g_clear_pointer (&security->users, json_node_unref);
  g_clear_pointer (&security->roles, json_node_unref);
  g_clear_pointer (&security->mapping, json_node_unref);
  g_clear_pointer (&security->tenants, json_node_unref);
  g_free (security);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Security, security_free)

static JsonNode *
secret_yaml (JsonNode   *secret,
             const char *key)
{
  g_autofree char *text = secret_value (secret, key);
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  if (text == NULL)
    return NULL;

  node = sandbox_odfe_yaml_to_json (text, &error);
  explicit_bzero (text, strlen (text));
  if (node == NULL)
    g_debug ("odfe: %s of the security Secret: %s", key, error->message);
  if (node != NULL && !JSON_NODE_HOLDS_OBJECT (node))
    g_clear_pointer (&node, json_node_unref);

  return node;
}

/* Whether a security file starts as the plugin's version 2 format does:
 * _meta: {type: @type, config_version: 2}. */
static gboolean
has_current_meta (JsonNode   *file,
                  const char *type)
{
  JsonObject *meta = object_member (file, "_meta");

  return g_strcmp0 (object_string (meta, "type"), type) == 0
         && g_strcmp0 (object_string (meta, "config_version"), "2") == 0;
}

/* The security configuration as the plugin would have loaded it, or NULL when the
 * cluster's security index could not have been initialised (no readable users file). */
static Security *
security_load (SandboxOdfe *self,
               JsonNode    *statefulset)
{
  JsonNode *secret = find_secret (self, statefulset, "internal_users.yml",
                                  "elasticsearch-security");
  g_autoptr(Security) security = g_new0 (Security, 1);

  if (secret == NULL)
    return NULL;

  security->users = secret_yaml (secret, "internal_users.yml");
  if (security->users == NULL || !has_current_meta (security->users, "internalusers"))
    return NULL;

  security->roles = secret_yaml (secret, "roles.yml");
  security->mapping = secret_yaml (secret, "roles_mapping.yml");
  security->tenants = secret_yaml (secret, "tenants.yml");

  return g_steal_pointer (&security);
}

static JsonObject *
security_user (Security   *security,
               const char *name)
{
  JsonNode *user;

  if (g_str_equal (name, "_meta"))
    return NULL;

  user = json_object_get_member (json_node_get_object (security->users), name);
  return user != NULL && JSON_NODE_HOLDS_OBJECT (user) ? json_node_get_object (user) : NULL;
}

static GPtrArray *
string_list (JsonObject *object,
             const char *member)
{
  GPtrArray *list = g_ptr_array_new ();
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (json_node_get_value_type (element) == G_TYPE_STRING)
            g_ptr_array_add (list, (gpointer) json_node_get_string (element));
        }
    }

  return list;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
list_matches (GPtrArray  *patterns,
              const char *value)
{
  for (guint i = 0; i < patterns->len; i++)
    {
      if (g_pattern_match_simple (patterns->pdata[i], value))
        return TRUE;
    }

  return FALSE;
}

/* The security roles of @user: its own opendistro_security_roles, and every role whose
 * mapping names the user or one of its backend roles (roles_mapping_resolution
 * MAPPING_ONLY). Sorted, without repeats. */
static GPtrArray *
security_map_roles (Security   *security,
                    const char *name,
                    JsonObject *user)
{
  g_autoptr(GPtrArray) own = string_list (user, "opendistro_security_roles");
  g_autoptr(GPtrArray) backend = string_list (user, "backend_roles");
  g_autoptr(GHashTable) roles = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *result = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < own->len; i++)
    g_hash_table_add (roles, own->pdata[i]);

  if (security->mapping != NULL)
    {
      JsonObject *mapping = json_node_get_object (security->mapping);
      g_autoptr(GList) members = json_object_get_members (mapping);

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *entry = json_object_get_member (mapping, l->data);
          g_autoptr(GPtrArray) users = NULL;
          g_autoptr(GPtrArray) backend_roles = NULL;
          g_autoptr(GPtrArray) and_roles = NULL;
          gboolean mapped = FALSE;

          if (g_str_equal (l->data, "_meta") || !JSON_NODE_HOLDS_OBJECT (entry))
            continue;

          users = string_list (json_node_get_object (entry), "users");
          backend_roles = string_list (json_node_get_object (entry), "backend_roles");
          and_roles = string_list (json_node_get_object (entry), "and_backend_roles");

          mapped = list_matches (users, name);
          for (guint i = 0; !mapped && i < backend->len; i++)
            mapped = list_matches (backend_roles, backend->pdata[i]);
          if (!mapped && and_roles->len > 0)
            {
              mapped = TRUE;
              for (guint i = 0; mapped && i < and_roles->len; i++)
                mapped = g_ptr_array_find_with_equal_func (backend, and_roles->pdata[i],
                                                           g_str_equal, NULL);
            }

          if (mapped)
            g_hash_table_add (roles, l->data);
        }
    }

  g_hash_table_iter_init (&iter, roles);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (result, g_strdup (key));
  g_ptr_array_sort (result, compare_strings);

  return result;
}

/* The static action groups of the security plugin that the simulated endpoints need. */
static const struct
{
  const char *name;
  const char *actions;
} action_groups[] = {
  { "cluster_all", "cluster:*" },
  { "cluster_monitor", "cluster:monitor/*" },
  { "cluster_composite_ops_ro", "indices:data/read/mget,indices:data/read/msearch*,"
                                "indices:data/read/mtv,indices:admin/aliases/exists*,"
                                "indices:admin/aliases/get*,indices:data/read/scroll*,"
                                "indices:admin/resolve/index" },
  { "cluster_composite_ops", "indices:data/write/bulk,indices:admin/aliases*,"
                             "indices:data/write/reindex,cluster_composite_ops_ro" },
  { "manage_snapshots", "cluster:admin/snapshot/*,cluster:admin/repository/*" },
  { "indices_all", "indices:*" },
  { "read", "indices:data/read*,indices:admin/mappings/fields/get*,"
            "indices:admin/resolve/index" },
  { "search", "indices:data/read/search*,indices:data/read/msearch*,"
              "indices:data/read/suggest*" },
  { "get", "indices:data/read/get*,indices:data/read/mget*" },
  { "write", "indices:data/write*,indices:admin/mapping/put" },
  { "index", "indices:data/write/index*,indices:data/write/update*,"
             "indices:admin/mapping/put,indices:data/write/bulk*" },
  { "delete", "indices:data/write/delete*,indices:data/write/bulk*" },
  { "crud", "read,index,delete" },
  { "manage", "indices:monitor/*,indices:admin/*" },
  { "indices_monitor", "indices:monitor/*" },
  { "create_index", "indices:admin/create,indices:admin/mapping/put" },
};

/* The built-in roles of static_roles.yml: cluster permissions, index patterns, index
 * permissions. */
static const struct
{
  const char *name;
  const char *cluster;
  const char *patterns;
  const char *actions;
} static_roles[] = {
  { "all_access", "*", "*", "*" },
  { "readall_and_monitor", "cluster_monitor,cluster_composite_ops_ro", "*", "read" },
  { "readall", "cluster_composite_ops_ro", "*", "read" },
  { "kibana_server", "cluster_monitor,cluster_composite_ops,indices:admin/template*,"
                     "indices:data/read/scroll*", ".kibana*,.opendistro-*", "indices_all" },
  { "kibana_user", "cluster_composite_ops", ".kibana*", "read,delete,manage,index" },
  { "logstash", "cluster_monitor,cluster_composite_ops", "logstash-*,*beat*",
    "crud,create_index" },
  { "own_index", "cluster_composite_ops", "${user_name}", "indices_all" },
  { "manage_snapshots", "manage_snapshots", "*", "indices:data/write/index,"
                                                 "indices:admin/create" },
};

static gboolean
permission_allows (const char *permission,
                   const char *action,
                   guint       depth)
{
  if (depth > 4)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (action_groups); i++)
    {
      if (g_str_equal (permission, action_groups[i].name))
        {
          g_auto(GStrv) actions = g_strsplit (action_groups[i].actions, ",", -1);

          for (guint j = 0; actions[j] != NULL; j++)
            {
              if (permission_allows (actions[j], action, depth + 1))
                return TRUE;
            }
          return FALSE;
        }
    }

  return g_pattern_match_simple (permission, action);
}

static gboolean
permissions_allow (GPtrArray  *permissions,
                   const char *action)
{
  for (guint i = 0; i < permissions->len; i++)
    {
      if (permission_allows (permissions->pdata[i], action, 0))
        return TRUE;
    }

  return FALSE;
}

static GPtrArray *
split_list (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; parts[i] != NULL; i++)
    g_ptr_array_add (list, g_strdup (parts[i]));

  return list;
}

/* Whether one role lets @user do @action, on @index when it is an index action. */
static gboolean
role_allows (Security   *security,
             const char *role,
             const char *user,
             const char *action,
             const char *index)
{
  gboolean cluster_action = !g_str_has_prefix (action, "indices:");
  JsonNode *definition = NULL;
  JsonArray *index_permissions;

  for (guint i = 0; i < G_N_ELEMENTS (static_roles); i++)
    {
      g_autoptr(GPtrArray) cluster = NULL;
      g_autoptr(GPtrArray) patterns = NULL;
      g_autoptr(GPtrArray) actions = NULL;

      if (!g_str_equal (role, static_roles[i].name))
        continue;

      cluster = split_list (static_roles[i].cluster);
      if (cluster_action || permissions_allow (cluster, action))
        return permissions_allow (cluster, action);

      patterns = split_list (static_roles[i].patterns);
      actions = split_list (static_roles[i].actions);
      for (guint j = 0; j < patterns->len; j++)
        {
          if (g_str_equal (patterns->pdata[j], "${user_name}"))
            {
              g_free (patterns->pdata[j]);
              patterns->pdata[j] = g_strdup (user);
            }
        }
      return list_matches (patterns, index) && permissions_allow (actions, action);
    }

  if (security->roles != NULL)
    definition = json_object_get_member (json_node_get_object (security->roles), role);
  if (definition == NULL || !JSON_NODE_HOLDS_OBJECT (definition) || g_str_equal (role, "_meta"))
    return FALSE;

  {
    g_autoptr(GPtrArray) cluster = string_list (json_node_get_object (definition),
                                                "cluster_permissions");

    if (permissions_allow (cluster, action))
      return TRUE;
    if (cluster_action)
      return FALSE;
  }

  index_permissions = array_member (definition, "index_permissions");
  for (guint i = 0; index_permissions != NULL && i < json_array_get_length (index_permissions);
       i++)
    {
      JsonNode *entry = json_array_get_element (index_permissions, i);
      g_autoptr(GPtrArray) patterns = NULL;
      g_autoptr(GPtrArray) actions = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (entry))
        continue;

      patterns = string_list (json_node_get_object (entry), "index_patterns");
      actions = string_list (json_node_get_object (entry), "allowed_actions");
      if (list_matches (patterns, index) && permissions_allow (actions, action))
        return TRUE;
    }

  return FALSE;
}

/* Whether @roles let @user do @action (on every one of @indices for an index action). */
static gboolean
roles_allow (Security   *security,
             GPtrArray  *roles,
             const char *user,
             const char *action,
             GPtrArray  *indices)
{
  if (!g_str_has_prefix (action, "indices:") || indices == NULL || indices->len == 0)
    {
      for (guint i = 0; i < roles->len; i++)
        {
          if (role_allows (security, roles->pdata[i], user, action, "*"))
            return TRUE;
        }
      return FALSE;
    }

  for (guint j = 0; j < indices->len; j++)
    {
      gboolean allowed = FALSE;

      for (guint i = 0; !allowed && i < roles->len; i++)
        allowed = role_allows (security, roles->pdata[i], user, action, indices->pdata[j]);
      if (!allowed)
        return FALSE;
    }

  return TRUE;
}

/* bcrypt, in a worker thread: cost 12 takes a quarter of a second. */

typedef struct
{
  char *password;
  char *hash;
} Check;

static void
check_free (Check *check)
{
  explicit_bzero (check->password, strlen (check->password));
  g_free (check->password);
  g_free (check->hash);
  g_free (check);
}

static gboolean
bcrypt_matches (const char *password,
                const char *hash)
{
  g_autofree struct crypt_data *data = g_new0 (struct crypt_data, 1);
  g_autofree char *normalized = g_strdup (hash);
  const char *result;
  gboolean matches;

  /* $2y$ (what the plugin's hash.sh writes) is $2b$ for libxcrypt's purposes. */
  if (g_str_has_prefix (normalized, "$2y$"))
    normalized[2] = 'b';

  result = crypt_r (password, normalized, data);
  matches = result != NULL && result[0] == '$' && strlen (result) == strlen (normalized)
            && memcmp (result, normalized, strlen (normalized)) == 0;
  explicit_bzero (data, sizeof *data);

  return matches;
}

static void
check_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Check *check = task_data;

  g_task_return_boolean (task, bcrypt_matches (check->password, check->hash));
}

static char *
password_cache_key (const char *user,
                    const char *hash,
                    const char *password)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (const guchar *) user, strlen (user) + 1);
  g_checksum_update (checksum, (const guchar *) hash, strlen (hash) + 1);
  g_checksum_update (checksum, (const guchar *) password, strlen (password));

  return g_strdup (g_checksum_get_string (checksum));
}

/* Requests on port 9200 */

typedef struct _Request Request;

/* Serves @request; returns FALSE when it answers later (and owns @request until then). */
typedef gboolean (*Endpoint) (Request *request,
                              View    *view);

struct _Request
{
  SandboxOdfe       *self;
  SoupServerMessage *msg;
  Connection        *connection;
  char              *path;
  GHashTable        *query;
  Security          *security;
  char              *user;
  JsonObject        *user_entry;      /* in security->users */
  GPtrArray         *roles;
  Endpoint           endpoint;
  const char        *action;
  GPtrArray         *indices;         /* char*, the indices the request is about */
  char              *target;          /* the index expression of the path, or NULL */
  char              *metrics;         /* the metric list of the path, or NULL */
  char              *nodes;           /* the node list of the path, or NULL */
  gint64             started_us;
  gboolean           paused;
  guint              wait_id;
  gint64             deadline_us;
  Health             wanted;
};

static void
request_free (Request *request)
{

  g_clear_handle_id (&request->wait_id, g_source_remove);
  if (request->paused)
    soup_server_message_unpause (request->msg);

  g_object_unref (request->self);
  g_object_unref (request->msg);
  connection_free (request->connection);
  g_free (request->path);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_clear_pointer (&request->security, security_free);
  g_free (request->user);
  g_clear_pointer (&request->roles, g_ptr_array_unref);
  g_clear_pointer (&request->indices, g_ptr_array_unref);
  g_free (request->target);
  g_free (request->metrics);
  g_free (request->nodes);
  g_free (request);
}

static void
request_pause (Request *request)
{
  if (!request->paused)
    soup_server_message_pause (request->msg);
  request->paused = TRUE;
}

static const char *
request_param (Request    *request,
               const char *name)
{
  return sandbox_odfe_http_query (request->query, name);
}

/* Audit events */

static char *
format_audit_time (GDateTime *time)
{
  g_autofree char *seconds = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03d+00:00", seconds, g_date_time_get_microsecond (time) / 1000);
}

static Index *
audit_index (Cluster   *cluster,
             GDateTime *time)
{
  g_autofree char *date = g_date_time_format (time, "%Y.%m.%d");
  g_autofree char *name = g_strconcat (AUDIT_PREFIX, date, NULL);
  Index *index = cluster_find_index (cluster, name);

  if (index == NULL)
    {
      index = index_new (name, 1, 1, 0, 0, 0);
      index->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) document_free);
      g_ptr_array_add (cluster->indices, index);
    }

  return index;
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_double (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

static void
add_boolean (JsonBuilder *builder,
             const char  *name,
             gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

static void
add_string_list (JsonBuilder *builder,
                 const char  *name,
                 GPtrArray   *values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && i < values->len; i++)
    json_builder_add_string_value (builder, values->pdata[i]);
  json_builder_end_array (builder);
}

static void
audit_add_headers (JsonBuilder       *builder,
                   SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;

  json_builder_set_member_name (builder, "audit_rest_request_headers");
  json_builder_begin_object (builder);

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      g_autofree char *list = NULL;

      /* exclude_sensitive_headers: the credentials never reach the audit log. */
      if (g_ascii_strcasecmp (name, "Authorization") == 0 || !g_hash_table_add (seen,
                                                                               (gpointer) name))
        continue;

      json_builder_set_member_name (builder, name);
      json_builder_begin_array (builder);
      list = g_strdup (soup_message_headers_get_list (headers, name));
      if (list != NULL)
        {
          g_auto(GStrv) values = g_strsplit (list, ", ", -1);

          for (guint i = 0; values[i] != NULL; i++)
            json_builder_add_string_value (builder, values[i]);
        }
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);
}

/* Appends an event of @category, with the fields of the plugin's AuditMessage for a REST
 * request, to the day's audit index of @view's cluster. */
static void
audit (Request    *request,
       View       *view,
       const char *category,
       const char *effective_user,
       const char *privilege)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *timestamp = format_audit_time (now);
  g_autofree char *text = NULL;
  Node *node = view_find_node (view, request->connection->pod);
  gboolean login = g_str_equal (category, "AUTHENTICATED")
                   || g_str_equal (category, "FAILED_LOGIN");
  Index *index = audit_index (view->cluster, now);
  Document *document;
  gsize size;

  json_builder_begin_object (builder);
  add_int (builder, "audit_format_version", 4);
  add_string (builder, "audit_category", category);
  add_string (builder, "@timestamp", timestamp);
  add_string (builder, "audit_cluster_name", view->name);
  add_string (builder, "audit_node_id", node != NULL ? node->id : NULL);
  add_string (builder, "audit_node_name", request->connection->pod);
  add_string (builder, "audit_node_host_address", node != NULL ? node->ip : NULL);
  add_string (builder, "audit_node_host_name", node != NULL ? node->ip : NULL);
  add_string (builder, "audit_request_origin", "REST");
  add_string (builder, "audit_request_layer", "REST");
  add_string (builder, "audit_request_remote_address",
              soup_server_message_get_remote_host (request->msg));
  if (effective_user != NULL)
    add_string (builder, "audit_request_effective_user", effective_user);
  if (g_str_equal (category, "AUTHENTICATED"))
    add_string (builder, "audit_request_initiating_user", effective_user);
  if (login)
    add_boolean (builder, "audit_request_effective_user_is_admin", FALSE);
  if (privilege != NULL)
    add_string (builder, "audit_request_privilege", privilege);
  add_string (builder, "audit_rest_request_path", request->path);
  add_string (builder, "audit_rest_request_method",
              soup_server_message_get_method (request->msg));
  audit_add_headers (builder, request->msg);

  if (request->query != NULL && g_hash_table_size (request->query) > 0)
    {
      GHashTableIter iter;
      gpointer key, value;

      json_builder_set_member_name (builder, "audit_rest_request_params");
      json_builder_begin_object (builder);
      g_hash_table_iter_init (&iter, request->query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        add_string (builder, key, value != NULL ? value : "");
      json_builder_end_object (builder);
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (request->msg));
  if (g_bytes_get_size (body) > 0)
    {
      g_autofree char *content = g_strndup (g_bytes_get_data (body, NULL),
                                            g_bytes_get_size (body));

      if (g_str_has_prefix (request->path, "/_opendistro/_security/api/")
          && strstr (content, "password") != NULL)
        add_string (builder, "audit_request_body", "__SENSITIVE__");
      else if (g_utf8_validate (content, -1, NULL))
        add_string (builder, "audit_request_body", content);
    }
  json_builder_end_object (builder);

  document = g_new0 (Document, 1);
  document->id = random_id ();
  document->id[20] = '\0';
  document->timestamp_ms = g_date_time_to_unix (now) * 1000
                           + g_date_time_get_microsecond (now) / 1000;
  document->source = json_builder_get_root (builder);
  text = json_to_string (document->source, FALSE);
  size = strlen (text);
  document->size = size;

  if (index->documents->len >= MAX_AUDIT_EVENTS)
    {
      Document *oldest = index->documents->pdata[0];

      index->documents_size -= oldest->size;
      g_ptr_array_remove_index (index->documents, 0);
    }
  g_ptr_array_add (index->documents, document);
  index->documents_size += size;
}

/* Security responses */

static void
send_unauthorized (Request *request,
                   View    *view,
                   const char *user)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (request->msg);

  audit (request, view, "FAILED_LOGIN", user, NULL);
  soup_message_headers_replace (headers, "WWW-Authenticate",
                                "Basic realm=\"Open Distro Security\"");
  sandbox_odfe_http_send_text (request->msg, SOUP_STATUS_UNAUTHORIZED,
                               "text/plain; charset=UTF-8", "Unauthorized");
}

static char *
describe_user (Request *request)
{
  g_autoptr(GPtrArray) backend = string_list (request->user_entry, "backend_roles");
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, "User [name=%s, backend_roles=[", request->user);
  for (guint i = 0; i < backend->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", (char *) backend->pdata[i]);
  g_string_append (text, "], requestedTenant=null]");

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
send_forbidden (Request *request,
                View    *view)
{
  g_autofree char *user = describe_user (request);
  g_autofree char *reason = g_strdup_printf ("no permissions for [%s] and %s",
                                             request->action, user);

  audit (request, view, "MISSING_PRIVILEGES", request->user, request->action);
  sandbox_odfe_http_send_error (request->msg, SOUP_STATUS_FORBIDDEN, "security_exception",
                                reason);
}

/* GET / */

static gboolean
serve_root (Request *request,
            View    *view)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  add_string (builder, "name", request->connection->pod);
  add_string (builder, "cluster_name", view->name);
  add_string (builder, "cluster_uuid", view->cluster->uuid);
  json_builder_set_member_name (builder, "version");
  json_builder_begin_object (builder);
  add_string (builder, "number", ES_VERSION);
  add_string (builder, "build_flavor", "oss");
  add_string (builder, "build_type", "tar");
  add_string (builder, "build_hash", ES_BUILD_HASH);
  add_string (builder, "build_date", ES_BUILD_DATE);
  add_boolean (builder, "build_snapshot", FALSE);
  add_string (builder, "lucene_version", LUCENE_VERSION);
  add_string (builder, "minimum_wire_compatibility_version", "6.8.0");
  add_string (builder, "minimum_index_compatibility_version", "6.0.0-beta1");
  json_builder_end_object (builder);
  add_string (builder, "tagline", "You Know, for Search");
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  sandbox_odfe_http_send_json (request->msg, SOUP_STATUS_OK, root);
  return TRUE;
}

/* Index expressions */

/* The indices @expression names ("a,b", "logs-*", "_all"), or NULL with *missing set to
 * the first concrete name that does not exist. */
static GPtrArray *
resolve_indices (Cluster     *cluster,
                 const char  *expression,
                 char       **missing)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new ();
  g_auto(GStrv) parts = NULL;

  if (expression == NULL || *expression == '\0' || g_str_equal (expression, "_all"))
    expression = "*";

  parts = g_strsplit (expression, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = g_strstrip (parts[i]);

      if (strchr (part, '*') != NULL)
        {
          for (guint j = 0; j < cluster->indices->len; j++)
            {
              Index *index = cluster->indices->pdata[j];

              if (g_pattern_match_simple (part, index->name)
                  && !g_ptr_array_find (result, index, NULL))
                g_ptr_array_add (result, index);
            }
        }
      else if (*part != '\0')
        {
          Index *index = cluster_find_index (cluster, part);

          if (index == NULL)
            {
              *missing = g_strdup (part);
              return NULL;
            }
          if (!g_ptr_array_find (result, index, NULL))
            g_ptr_array_add (result, index);
        }
    }

  return g_steal_pointer (&result);
}

static void
send_index_not_found (Request    *request,
                      const char *name)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *reason = g_strdup_printf ("no such index [%s]", name);
  g_autofree char *json = NULL;

  json = g_strdup_printf ("{\"error\":{\"root_cause\":[{\"type\":\"index_not_found_exception\","
                          "\"reason\":\"%s\",\"index_uuid\":\"_na_\","
                          "\"resource.type\":\"index_or_alias\",\"resource.id\":\"%s\","
                          "\"index\":\"%s\"}],\"type\":\"index_not_found_exception\","
                          "\"reason\":\"%s\",\"index_uuid\":\"_na_\","
                          "\"resource.type\":\"index_or_alias\",\"resource.id\":\"%s\","
                          "\"index\":\"%s\"},\"status\":404}",
                          reason, name, name, reason, name, name);
  root = json_from_string (json, NULL);
  if (root == NULL)
    sandbox_odfe_http_send_error (request->msg, SOUP_STATUS_NOT_FOUND,
                                  "index_not_found_exception", reason);
  else
    sandbox_odfe_http_send_json (request->msg, SOUP_STATUS_NOT_FOUND, root);
}

/* GET /_cluster/health[/<indices>] */

static Health
cluster_health (View      *view,
                GPtrArray *indices,
                Shards    *total)
{
  memset (total, 0, sizeof *total);
  total->status = HEALTH_GREEN;

  for (guint i = 0; i < indices->len; i++)
    {
      Shards shards;

      index_shards (view, indices->pdata[i], &shards);
      shards_add (total, &shards);
    }

  if (view->n_ready_data == 0 || view->master < 0)
    total->status = HEALTH_RED;

  return total->status;
}

static JsonNode *
health_json (View      *view,
             GPtrArray *indices,
             gboolean   timed_out,
             gboolean   per_index)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  Shards total;

  cluster_health (view, indices, &total);

  json_builder_begin_object (builder);
  add_string (builder, "cluster_name", view->name);
  add_string (builder, "status", health_names[total.status]);
  add_boolean (builder, "timed_out", timed_out);
  add_int (builder, "number_of_nodes", view->n_ready);
  add_int (builder, "number_of_data_nodes", view->n_ready_data);
  add_int (builder, "active_primary_shards", total.active_primaries);
  add_int (builder, "active_shards", total.active);
  add_int (builder, "relocating_shards", 0);
  add_int (builder, "initializing_shards", total.initializing);
  add_int (builder, "unassigned_shards", total.unassigned);
  add_int (builder, "delayed_unassigned_shards", total.delayed);
  add_int (builder, "number_of_pending_tasks", 0);
  add_int (builder, "number_of_in_flight_fetch", 0);
  add_int (builder, "task_max_waiting_in_queue_millis", 0);
  add_double (builder, "active_shards_percent_as_number",
              total.copies > 0 ? 100.0 * total.active / total.copies : 100.0);

  if (per_index)
    {
      json_builder_set_member_name (builder, "indices");
      json_builder_begin_object (builder);
      for (guint i = 0; i < indices->len; i++)
        {
          Index *index = indices->pdata[i];
          Shards shards;

          index_shards (view, index, &shards);
          json_builder_set_member_name (builder, index->name);
          json_builder_begin_object (builder);
          add_string (builder, "status", health_names[shards.status]);
          add_int (builder, "number_of_shards", index->primaries);
          add_int (builder, "number_of_replicas", index_copies (view, index) - 1);
          add_int (builder, "active_primary_shards", shards.active_primaries);
          add_int (builder, "active_shards", shards.active);
          add_int (builder, "relocating_shards", 0);
          add_int (builder, "initializing_shards", shards.initializing);
          add_int (builder, "unassigned_shards", shards.unassigned);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* An Elasticsearch time value ("30s", "1m", "500ms") in microseconds, or -1. */
static gint64
parse_time_value (const char *text)
{
  static const struct { const char *suffix; gint64 factor; } units[] = {
    { "nanos", 0 }, { "micros", 1 }, { "ms", 1000 }, { "s", G_USEC_PER_SEC },
    { "m", G_GINT64_CONSTANT (60000000) }, { "h", G_GINT64_CONSTANT (3600000000) },
    { "d", G_GINT64_CONSTANT (86400000000) },
  };
  char *end = NULL;
  double value;

  if (text == NULL || *text == '\0')
    return -1;
  if (g_str_equal (text, "-1"))
    return G_MAXINT64 / 2;

  value = g_ascii_strtod (text, &end);
  if (end == text || value < 0)
    return -1;

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      if (g_str_equal (end, units[i].suffix))
        return units[i].factor == 0 ? (gint64) (value / 1000) : (gint64) (value
                                                                           * units[i].factor);
    }

  return -1;
}

static GPtrArray *
request_indices_or_all (Request *request,
                        View    *view)
{
  GPtrArray *all = g_ptr_array_new ();

  if (request->indices != NULL)
    {
      for (guint i = 0; i < request->indices->len; i++)
        {
          Index *index = cluster_find_index (view->cluster, request->indices->pdata[i]);

          if (index != NULL)
            g_ptr_array_add (all, index);
        }
      return all;
    }

  for (guint i = 0; i < view->cluster->indices->len; i++)
    g_ptr_array_add (all, view->cluster->indices->pdata[i]);

  return all;
}

static void
answer_health (Request *request,
               View    *view,
               gboolean timed_out)
{
  g_autoptr(GPtrArray) indices = request_indices_or_all (request, view);
  const char *level = request_param (request, "level");
  g_autoptr(JsonNode) root = health_json (view, indices, timed_out,
                                          g_strcmp0 (level, "indices") == 0
                                          || g_strcmp0 (level, "shards") == 0);

  /* A health request that waited in vain answers 408 with what it saw. */
  sandbox_odfe_http_send_json (request->msg,
                               timed_out ? SOUP_STATUS_REQUEST_TIMEOUT : SOUP_STATUS_OK, root);
}

static gboolean
health_satisfied (Request *request,
                  View    *view)
{
  g_autoptr(GPtrArray) indices = request_indices_or_all (request, view);
  Shards total;

  return cluster_health (view, indices, &total) <= request->wanted;
}

static gboolean
on_health_poll (gpointer user_data)
{
  Request *request = user_data;
  g_autoptr(View) view = view_new (request->self, request->connection->namespace_,
                                   request->connection->statefulset);

  if (view == NULL)
    {
      sandbox_odfe_http_send_error (request->msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
                                    "master_not_discovered_exception", NULL);
    }
  else if (health_satisfied (request, view))
    answer_health (request, view, FALSE);
  else if (g_get_monotonic_time () >= request->deadline_us)
    answer_health (request, view, TRUE);
  else
    return G_SOURCE_CONTINUE;

  request->wait_id = 0;
  request_free (request);
  return G_SOURCE_REMOVE;
}

static gboolean
serve_health (Request *request,
              View    *view)
{
  const char *wanted = request_param (request, "wait_for_status");
  const char *timeout_text = request_param (request, "timeout");
  gint64 timeout = timeout_text != NULL ? parse_time_value (timeout_text) : 30 * G_USEC_PER_SEC;

  if (timeout < 0)
    {
      g_autofree char *reason = g_strdup_printf ("failed to parse setting [timeout] with value "
                                                 "[%s] as a time value: unit is missing or "
                                                 "unrecognized", timeout_text);

      sandbox_odfe_http_send_error (request->msg, SOUP_STATUS_BAD_REQUEST,
                                    "illegal_argument_exception", reason);
      return TRUE;
    }

  if (wanted == NULL)
    {
      answer_health (request, view, FALSE);
      return TRUE;
    }

  if (g_str_equal (wanted, "green"))
    request->wanted = HEALTH_GREEN;
  else if (g_str_equal (wanted, "yellow"))
    request->wanted = HEALTH_YELLOW;
  else if (g_str_equal (wanted, "red"))
    request->wanted = HEALTH_RED;
  else
    {
      g_autofree char *reason = g_strdup_printf ("unknown cluster health status [%s]", wanted);

      sandbox_odfe_http_send_error (request->msg, SOUP_STATUS_BAD_REQUEST,
                                    "illegal_argument_exception", reason);
      return TRUE;
    }

  if (health_satisfied (request, view) || timeout == 0)
    {
      answer_health (request, view, !health_satisfied (request, view));
      return TRUE;
    }

  request->deadline_us = g_get_monotonic_time () + timeout;
  request_pause (request);
  request->wait_id = g_timeout_add (HEALTH_POLL_MS, on_health_poll, request);
  return FALSE;
}

static GHashTable *
row_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
}

static void
row_set (GHashTable *row,
         const char *column,
         char       *value)
{
  if (value != NULL)
    g_hash_table_insert (row, (gpointer) column, value);
}

static const SandboxOdfeColumn node_columns[] = {
  { "id", "nodeId", FALSE, FALSE },
  { "pid", "p", FALSE, TRUE },
  { "ip", "i", TRUE, FALSE },
  { "port", "po", FALSE, TRUE },
  { "http_address", "http", FALSE, FALSE },
  { "version", "v", FALSE, FALSE },
  { "heap.current", "hc,heapCurrent", FALSE, TRUE },
  { "heap.percent", "hp,heapPercent", TRUE, TRUE },
  { "heap.max", "hm,heapMax", FALSE, TRUE },
  { "ram.current", "rc,ramCurrent", FALSE, TRUE },
  { "ram.percent", "rp,ramPercent", TRUE, TRUE },
  { "ram.max", "rm,ramMax", FALSE, TRUE },
  { "disk.total", "dt,diskTotal", FALSE, TRUE },
  { "disk.used", "du,diskUsed", FALSE, TRUE },
  { "disk.avail", "d,da,disk,diskAvail", FALSE, TRUE },
  { "disk.used_percent", "dup,diskUsedPercent", FALSE, TRUE },
  { "cpu", "", TRUE, TRUE },
  { "load_1m", "l", TRUE, TRUE },
  { "load_5m", "l", TRUE, TRUE },
  { "load_15m", "l", TRUE, TRUE },
  { "uptime", "u", FALSE, TRUE },
  { "node.role", "r,role,nodeRole", TRUE, FALSE },
  { "master", "m", TRUE, FALSE },
  { "name", "n", TRUE, FALSE },
};

static char *
role_letters (Node *node)
{
  return g_strconcat (node->data_role ? "d" : "", node->ingest_role ? "i" : "",
                      node->master_role ? "m" : "", "r", NULL);
}

/* The figures of a node at this moment, shared by _cat/nodes and _nodes/stats. */
typedef struct
{
  guint64 heap_used;
  guint   heap_percent;
  guint64 ram_used;
  guint   ram_percent;
  guint   cpu;
  double  load[3];
  guint64 disk_used;
  gint64  uptime_ms;
} Figures;

static void
node_figures (View    *view,
              Node    *node,
              Figures *figures)
{
  guint64 docs, bytes;

  node_holdings (view, node, &docs, &bytes);
  figures->heap_percent = (guint) wave (node->name, "heap", 22, 68);
  figures->heap_used = view->heap_max * figures->heap_percent / 100;
  figures->ram_percent = (guint) wave (node->name, "ram", 71, 93);
  figures->ram_used = view->memory * figures->ram_percent / 100;
  figures->cpu = (guint) wave (node->name, "cpu", 1, 24);
  figures->load[0] = wave (node->name, "load1", 0.05, 1.6);
  figures->load[1] = wave (node->name, "load5", 0.1, 1.2);
  figures->load[2] = wave (node->name, "load15", 0.15, 0.9);
  figures->disk_used = MIN (bytes + (200ULL << 20), view->disk);
  figures->uptime_ms = (g_get_real_time () - node->started_us) / 1000;
}

static char *
format_load (double value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (text, sizeof text, "%.2f", value));
}

static char *
format_uptime (gint64 ms)
{
  if (ms < 60000)
    return g_strdup_printf ("%" G_GINT64_FORMAT "s", ms / 1000);
  if (ms < 3600000)
    return g_strdup_printf ("%" G_GINT64_FORMAT "m", ms / 60000);
  if (ms < 86400000)
    return g_strdup_printf ("%" G_GINT64_FORMAT "h", ms / 3600000);
  return g_strdup_printf ("%" G_GINT64_FORMAT "d", ms / 86400000);
}

static gboolean
serve_cat_nodes (Request *request,
                 View    *view)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                              g_hash_table_unref);
  const char *unit = request_param (request, "bytes");

  for (guint i = 0; i < view->nodes->len; i++)
    {
      Node *node = view->nodes->pdata[i];
      GHashTable *row;
      Figures figures;

      if (!node->ready)
        continue;

      node_figures (view, node, &figures);
      row = row_new ();
      row_set (row, "id", sandbox_odfe_http_query_flag (request->query, "full_id")
                          ? g_strdup (node->id) : g_strndup (node->id, 4));
      row_set (row, "pid", g_strdup_printf ("%u", 7 + node->ordinal));
      row_set (row, "ip", g_strdup (node->ip));
      row_set (row, "port", g_strdup ("9300"));
      row_set (row, "http_address", g_strdup_printf ("%s:9200", node->ip));
      row_set (row, "version", g_strdup (ES_VERSION));
      row_set (row, "heap.current", sandbox_odfe_http_format_bytes (figures.heap_used, unit));
      row_set (row, "heap.percent", g_strdup_printf ("%u", figures.heap_percent));
      row_set (row, "heap.max", sandbox_odfe_http_format_bytes (view->heap_max, unit));
      row_set (row, "ram.current", sandbox_odfe_http_format_bytes (figures.ram_used, unit));
      row_set (row, "ram.percent", g_strdup_printf ("%u", figures.ram_percent));
      row_set (row, "ram.max", sandbox_odfe_http_format_bytes (view->memory, unit));
      row_set (row, "disk.total", sandbox_odfe_http_format_bytes (view->disk, unit));
      row_set (row, "disk.used", sandbox_odfe_http_format_bytes (figures.disk_used, unit));
      row_set (row, "disk.avail", sandbox_odfe_http_format_bytes (view->disk
                                                                  - figures.disk_used, unit));
      {
        char text[G_ASCII_DTOSTR_BUF_SIZE];

        row_set (row, "disk.used_percent",
                 g_strdup (g_ascii_formatd (text, sizeof text, "%.2f",
                                            100.0 * figures.disk_used / view->disk)));
      }
      row_set (row, "cpu", g_strdup_printf ("%u", figures.cpu));
      row_set (row, "load_1m", format_load (figures.load[0]));
      row_set (row, "load_5m", format_load (figures.load[1]));
      row_set (row, "load_15m", format_load (figures.load[2]));
      row_set (row, "uptime", format_uptime (figures.uptime_ms));
      row_set (row, "node.role", role_letters (node));
      row_set (row, "master", g_strdup ((int) i == view->master ? "*" : "-"));
      row_set (row, "name", g_strdup (node->name));
      g_ptr_array_add (rows, row);
    }

  sandbox_odfe_http_send_cat (request->msg, request->query, node_columns,
                              G_N_ELEMENTS (node_columns), rows);
  return TRUE;
}

static const SandboxOdfeColumn index_columns[] = {
  { "health", "h", TRUE, FALSE },
  { "status", "s", TRUE, FALSE },
  { "index", "i,idx", TRUE, FALSE },
  { "uuid", "id,uuid", TRUE, FALSE },
  { "pri", "p,shards.primary,shardsPrimary", TRUE, TRUE },
  { "rep", "r,shards.replica,shardsReplica", TRUE, TRUE },
  { "docs.count", "dc,docsCount", TRUE, TRUE },
  { "docs.deleted", "dd,docsDeleted", TRUE, TRUE },
  { "store.size", "ss,storeSize", TRUE, TRUE },
  { "pri.store.size", "", TRUE, TRUE },
  { "creation.date", "cd", FALSE, TRUE },
  { "creation.date.string", "cds", FALSE, FALSE },
};

static gboolean
serve_cat_indices (Request *request,
                   View    *view)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                              g_hash_table_unref);
  g_autoptr(GPtrArray) indices = request_indices_or_all (request, view);
  const char *unit = request_param (request, "bytes");
  const char *health = request_param (request, "health");

  for (guint i = 0; i < indices->len; i++)
    {
      Index *index = indices->pdata[i];
      g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (index->created_us
                                                                    / G_USEC_PER_SEC);
      guint64 bytes = index_bytes (index);
      GHashTable *row;
      Shards shards;

      index_shards (view, index, &shards);
      if (health != NULL && !g_str_equal (health, health_names[shards.status]))
        continue;

      row = row_new ();
      row_set (row, "health", g_strdup (health_names[shards.status]));
      row_set (row, "status", g_strdup ("open"));
      row_set (row, "index", g_strdup (index->name));
      row_set (row, "uuid", g_strdup (index->uuid));
      row_set (row, "pri", g_strdup_printf ("%u", index->primaries));
      row_set (row, "rep", g_strdup_printf ("%u", index_copies (view, index) - 1));
      /* A red index with no active primary has no figures at all. */
      if (shards.active_primaries == shards.primaries)
        {
          row_set (row, "docs.count", g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                       index_docs (index)));
          row_set (row, "docs.deleted", g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                         index->docs_deleted));
          row_set (row, "store.size",
                   sandbox_odfe_http_format_bytes (bytes * shards.active / index->primaries,
                                                   unit));
          row_set (row, "pri.store.size", sandbox_odfe_http_format_bytes (bytes, unit));
        }
      row_set (row, "creation.date", g_strdup_printf ("%" G_GINT64_FORMAT,
                                                      index->created_us / 1000));
      row_set (row, "creation.date.string", g_date_time_format_iso8601 (created));
      g_ptr_array_add (rows, row);
    }

  sandbox_odfe_http_send_cat (request->msg, request->query, index_columns,
                              G_N_ELEMENTS (index_columns), rows);
  return TRUE;
}

static const SandboxOdfeColumn health_columns[] = {
  { "epoch", "t,time", TRUE, TRUE },
  { "timestamp", "ts,hms,hhmmss", TRUE, FALSE },
  { "cluster", "cl", TRUE, FALSE },
  { "status", "st", TRUE, FALSE },
  { "node.total", "nt,nodeTotal", TRUE, TRUE },
  { "node.data", "nd,nodeData", TRUE, TRUE },
  { "shards", "t,sh,shards.total,shardsTotal", TRUE, TRUE },
  { "pri", "p,shards.primary,shardsPrimary", TRUE, TRUE },
  { "relo", "r,shards.relocating,shardsRelocating", TRUE, TRUE },
  { "init", "i,shards.initializing,shardsInitializing", TRUE, TRUE },
  { "unassign", "u,shards.unassigned,shardsUnassigned", TRUE, TRUE },
  { "pending_tasks", "pt,pendingTasks", TRUE, TRUE },
  { "max_task_wait_time", "mtwt,maxTaskWaitTime", TRUE, TRUE },
  { "active_shards_percent", "asp,activeShardsPercent", TRUE, TRUE },
};

static gboolean
serve_cat_health (Request *request,
                  View    *view)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                              g_hash_table_unref);
  g_autoptr(GPtrArray) indices = request_indices_or_all (request, view);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GHashTable *row = row_new ();
  char percent[G_ASCII_DTOSTR_BUF_SIZE];
  Shards total;

  cluster_health (view, indices, &total);
  g_ascii_formatd (percent, sizeof percent, "%.1f",
                   total.copies > 0 ? 100.0 * total.active / total.copies : 100.0);

  row_set (row, "epoch", g_strdup_printf ("%" G_GINT64_FORMAT, g_date_time_to_unix (now)));
  row_set (row, "timestamp", g_date_time_format (now, "%H:%M:%S"));
  row_set (row, "cluster", g_strdup (view->name));
  row_set (row, "status", g_strdup (health_names[total.status]));
  row_set (row, "node.total", g_strdup_printf ("%u", view->n_ready));
  row_set (row, "node.data", g_strdup_printf ("%u", view->n_ready_data));
  row_set (row, "shards", g_strdup_printf ("%u", total.active));
  row_set (row, "pri", g_strdup_printf ("%u", total.active_primaries));
  row_set (row, "relo", g_strdup ("0"));
  row_set (row, "init", g_strdup_printf ("%u", total.initializing));
  row_set (row, "unassign", g_strdup_printf ("%u", total.unassigned));
  row_set (row, "pending_tasks", g_strdup ("0"));
  row_set (row, "max_task_wait_time", g_strdup ("-"));
  row_set (row, "active_shards_percent", g_strconcat (percent, "%", NULL));
  g_ptr_array_add (rows, row);

  sandbox_odfe_http_send_cat (request->msg, request->query, health_columns,
                              G_N_ELEMENTS (health_columns), rows);
  return TRUE;
}

/* GET /_cat/shards[/<indices>]: every copy of every shard, where the shard model puts it */

static const SandboxOdfeColumn shard_columns[] = {
  { "index", "i,idx", TRUE, FALSE },
  { "shard", "s,sh", TRUE, TRUE },
  { "prirep", "p,pr,primaryOrReplica", TRUE, FALSE },
  { "state", "st", TRUE, FALSE },
  { "docs", "d,dc", TRUE, TRUE },
  { "store", "sto", TRUE, TRUE },
  { "ip", "", TRUE, FALSE },
  { "id", "", FALSE, FALSE },
  { "node", "n", TRUE, FALSE },
  { "unassigned.reason", "ur", FALSE, FALSE },
};

static void
add_shard_rows (View       *view,
                Index      *index,
                guint       shard,
                const char *unit,
                GPtrArray  *rows)
{
  guint copies = index_copies (view, index);
  int primary = -1;

  /* The primary is the first copy that is started; with none, the first copy. */
  for (guint copy = 0; copy < copies && primary < 0; copy++)
    if (copy_state (view, shard_home (view, index, shard, copy), copy > 0) == COPY_STARTED)
      primary = copy;
  if (primary < 0)
    primary = 0;

  for (guint copy = 0; copy < copies; copy++)
    {
      Node *home = shard_home (view, index, shard, copy);
      CopyState state = copy_state (view, home, copy > 0);
      GHashTable *row = row_new ();

      row_set (row, "index", g_strdup (index->name));
      row_set (row, "shard", g_strdup_printf ("%u", shard));
      row_set (row, "prirep", g_strdup ((int) copy == primary ? "p" : "r"));
      row_set (row, "state", g_strdup (copy_state_names[state]));
      if (state == COPY_STARTED)
        {
          row_set (row, "docs", g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                 index_docs (index) / index->primaries));
          row_set (row, "store", sandbox_odfe_http_format_bytes (index_bytes (index)
                                                                 / index->primaries, unit));
        }
      if (state == COPY_STARTED || state == COPY_INITIALIZING)
        {
          row_set (row, "ip", g_strdup (home->ip));
          row_set (row, "id", g_strndup (home->id, 4));
          row_set (row, "node", g_strdup (home->name));
        }
      else
        row_set (row, "unassigned.reason", g_strdup (home != NULL ? "NODE_LEFT"
                                                                  : "INDEX_CREATED"));
      g_ptr_array_add (rows, row);
    }
}

static gboolean
serve_cat_shards (Request *request,
                  View    *view)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                              g_hash_table_unref);
  g_autoptr(GPtrArray) indices = request_indices_or_all (request, view);
  const char *unit = request_param (request, "bytes");

  for (guint i = 0; i < indices->len; i++)
    {
      Index *index = indices->pdata[i];

      for (guint shard = 0; shard < index->primaries; shard++)
        add_shard_rows (view, index, shard, unit, rows);
    }

  sandbox_odfe_http_send_cat (request->msg, request->query, shard_columns,
                              G_N_ELEMENTS (shard_columns), rows);
  return TRUE;
}

/* GET and PUT /_cluster/settings.  The one setting the simulation knows is
 * cluster.routing.allocation.enable, which the shard model honours. */

#define ALLOCATION_ENABLE "cluster.routing.allocation.enable"

static void
add_settings_scope (JsonBuilder *builder,
                    const char  *scope,
                    const char  *allocation,
                    gboolean     flat)
{
  json_builder_set_member_name (builder, scope);
  json_builder_begin_object (builder);
  if (allocation != NULL && flat)
    add_string (builder, ALLOCATION_ENABLE, allocation);
  else if (allocation != NULL)
    {
      json_builder_set_member_name (builder, "cluster");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "routing");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "allocation");
      json_builder_begin_object (builder);
      add_string (builder, "enable", allocation);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

/* Flattens {"cluster":{"routing":…}} and {"cluster.routing…":…} alike into @flat. */
static void
flatten_settings (JsonObject *object,
                  const char *prefix,
                  GHashTable *flat)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (object, l->data);
      g_autofree char *key = prefix != NULL ? g_strconcat (prefix, ".", l->data, NULL)
                                            : g_strdup (l->data);

      if (JSON_NODE_HOLDS_OBJECT (value))
        flatten_settings (json_node_get_object (value), key, flat);
      else
        g_hash_table_insert (flat, g_steal_pointer (&key), value);
    }
}

/* Applies one scope of a settings update; FALSE (and an answer sent) when it is refused. */
static gboolean
update_settings_scope (Request    *request,
                       JsonObject *body,
                       const char *scope,
                       char      **allocation)
{
  g_autoptr(GHashTable) flat = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonNode *node = json_object_get_member (body, scope);
  GHashTableIter iter;
  gpointer key, value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      sandbox_odfe_http_send_error (request->msg, SOUP_STATUS_BAD_REQUEST, "parse_exception",
                                    "request body is required");
      return FALSE;
    }

  flatten_settings (json_node_get_object (node), NULL, flat);
  g_hash_table_iter_init (&iter, flat);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *text = JSON_NODE_HOLDS_VALUE (value)
                         && json_node_get_value_type (value) == G_TYPE_STRING
                         ? json_node_get_string (value) : NULL;
      g_autofree char *reason = NULL;

      if (!g_str_equal (key, ALLOCATION_ENABLE))
        reason = g_strdup_printf ("%s setting [%s], not recognized", scope, (char *) key);
      else if (!JSON_NODE_HOLDS_NULL (value)
               && !g_strv_contains ((const char * const[]) { "all", "primaries",
                                                             "new_primaries", "none", NULL },
                                    text != NULL ? text : ""))
        reason = g_strdup_printf ("Illegal allocation.enable value [%s]",
                                  text != NULL ? text : "?");
      if (reason != NULL)
        {
          sandbox_odfe_http_send_error (request->msg, SOUP_STATUS_BAD_REQUEST,
                                        "illegal_argument_exception", reason);
          return FALSE;
        }
    }

  if (g_hash_table_contains (flat, ALLOCATION_ENABLE))
    {
      JsonNode *wanted = g_hash_table_lookup (flat, ALLOCATION_ENABLE);

      g_free (*allocation);
      *allocation = JSON_NODE_HOLDS_NULL (wanted) ? NULL
                                                  : g_strdup (json_node_get_string (wanted));
    }

  return TRUE;
}

static gboolean
serve_cluster_settings (Request *request,
                        View    *view)
{
  Cluster *cluster = view->cluster;
  gboolean flat = sandbox_odfe_http_query_flag (request->query, "flat_settings");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *persistent = NULL;
  g_autofree char *transient = NULL;

  if (g_str_equal (soup_server_message_get_method (request->msg), "PUT"))
    {
      body = sandbox_odfe_http_get_json_body (request->msg, &error);
      if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
        {
          sandbox_odfe_http_send_error (request->msg, SOUP_STATUS_BAD_REQUEST,
                                        "parse_exception", error != NULL ? error->message
                                                          : "request body is required");
          return TRUE;
        }

      persistent = g_strdup (cluster->allocation_persistent);
      transient = g_strdup (cluster->allocation_transient);
      if (!update_settings_scope (request, json_node_get_object (body), "persistent",
                                  &persistent)
          || !update_settings_scope (request, json_node_get_object (body), "transient",
                                     &transient))
        return TRUE;

      before = g_strdup (allocation_enable (cluster));
      g_free (cluster->allocation_persistent);
      cluster->allocation_persistent = g_steal_pointer (&persistent);
      g_free (cluster->allocation_transient);
      cluster->allocation_transient = g_steal_pointer (&transient);
      if (!g_str_equal (before, allocation_enable (cluster)))
        cluster->allocation_since_us = g_get_real_time ();

      json_builder_begin_object (builder);
      add_boolean (builder, "acknowledged", TRUE);
    }
  else
    json_builder_begin_object (builder);

  add_settings_scope (builder, "persistent", cluster->allocation_persistent, flat);
  add_settings_scope (builder, "transient", cluster->allocation_transient, flat);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  sandbox_odfe_http_send_json (request->msg, SOUP_STATUS_OK, root);
  return TRUE;
}

/* GET /_nodes[/<nodes>]/stats[/<metrics>] */

static const char * const node_metrics[] = {
  "indices", "os", "process", "jvm", "thread_pool", "fs", "transport", "http", "breaker",
  "script", "discovery", "ingest", "adaptive_selection", "script_cache", "indexing_pressure",
  NULL
};

static void
add_thread_pools (JsonBuilder *builder,
                  Node        *node,
                  Figures     *figures)
{
  static const struct { const char *name; guint threads; } pools[] = {
    { "get", 1 }, { "management", 2 }, { "search", 2 }, { "write", 1 }, { "refresh", 1 },
  };

  json_builder_set_member_name (builder, "thread_pool");
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (pools); i++)
    {
      json_builder_set_member_name (builder, pools[i].name);
      json_builder_begin_object (builder);
      add_int (builder, "threads", pools[i].threads);
      add_int (builder, "queue", 0);
      add_int (builder, "active", (guint) wave (node->name, pools[i].name, 0, pools[i].threads));
      add_int (builder, "rejected", 0);
      add_int (builder, "largest", pools[i].threads);
      add_int (builder, "completed", figures->uptime_ms / (1000 + 500 * i));
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

/* The circuit breakers with Elasticsearch 7.10's default limits, as shares of the heap. */
static void
add_breakers (JsonBuilder *builder,
              View        *view,
              Figures     *figures)
{
  static const struct { const char *name; guint percent; double overhead; } breakers[] = {
    { "request", 60, 1.0 }, { "fielddata", 40, 1.03 }, { "in_flight_requests", 100, 2.0 },
    { "accounting", 100, 1.0 }, { "parent", 95, 1.0 },
  };

  json_builder_set_member_name (builder, "breakers");
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (breakers); i++)
    {
      guint64 limit = view->heap_max * breakers[i].percent / 100;
      guint64 estimate = g_str_equal (breakers[i].name, "parent") ? figures->heap_used : 0;
      g_autofree char *limit_text = sandbox_odfe_http_format_bytes (limit, NULL);
      g_autofree char *estimate_text = sandbox_odfe_http_format_bytes (estimate, NULL);

      json_builder_set_member_name (builder, breakers[i].name);
      json_builder_begin_object (builder);
      add_int (builder, "limit_size_in_bytes", limit);
      add_string (builder, "limit_size", limit_text);
      add_int (builder, "estimated_size_in_bytes", estimate);
      add_string (builder, "estimated_size", estimate_text);
      add_double (builder, "overhead", breakers[i].overhead);
      add_int (builder, "tripped", 0);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

static void
add_node_stats (JsonBuilder *builder,
                View        *view,
                Node        *node,
                GStrv        metrics)
{
  gint64 now_ms = g_get_real_time () / 1000;
  guint64 docs, bytes;
  Figures figures;

#define WANTS(m) (metrics == NULL || g_strv_contains ((const char * const *) metrics, (m)))

  node_figures (view, node, &figures);
  node_holdings (view, node, &docs, &bytes);

  json_builder_set_member_name (builder, node->id);
  json_builder_begin_object (builder);
  add_int (builder, "timestamp", now_ms);
  add_string (builder, "name", node->name);
  {
    g_autofree char *address = g_strdup_printf ("%s:9300", node->ip);

    add_string (builder, "transport_address", address);
    add_string (builder, "host", node->ip);
    add_string (builder, "ip", address);
  }
  json_builder_set_member_name (builder, "roles");
  json_builder_begin_array (builder);
  if (node->data_role)
    json_builder_add_string_value (builder, "data");
  if (node->ingest_role)
    json_builder_add_string_value (builder, "ingest");
  if (node->master_role)
    json_builder_add_string_value (builder, "master");
  json_builder_add_string_value (builder, "remote_cluster_client");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  json_builder_end_object (builder);

  if (WANTS ("indices"))
    {
      json_builder_set_member_name (builder, "indices");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "docs");
      json_builder_begin_object (builder);
      add_int (builder, "count", docs);
      add_int (builder, "deleted", 0);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "store");
      json_builder_begin_object (builder);
      add_int (builder, "size_in_bytes", bytes);
      add_int (builder, "reserved_in_bytes", 0);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "indexing");
      json_builder_begin_object (builder);
      add_int (builder, "index_total", docs);
      add_int (builder, "index_time_in_millis", docs / 9);
      add_int (builder, "index_current", 0);
      add_int (builder, "index_failed", 0);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "search");
      json_builder_begin_object (builder);
      add_int (builder, "query_total", figures.uptime_ms / 400);
      add_int (builder, "query_time_in_millis", figures.uptime_ms / 2100);
      add_int (builder, "query_current", 0);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }

  if (WANTS ("os"))
    {
      json_builder_set_member_name (builder, "os");
      json_builder_begin_object (builder);
      add_int (builder, "timestamp", now_ms);
      json_builder_set_member_name (builder, "cpu");
      json_builder_begin_object (builder);
      add_int (builder, "percent", figures.cpu);
      json_builder_set_member_name (builder, "load_average");
      json_builder_begin_object (builder);
      add_double (builder, "1m", figures.load[0]);
      add_double (builder, "5m", figures.load[1]);
      add_double (builder, "15m", figures.load[2]);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "mem");
      json_builder_begin_object (builder);
      add_int (builder, "total_in_bytes", view->memory);
      add_int (builder, "free_in_bytes", view->memory - figures.ram_used);
      add_int (builder, "used_in_bytes", figures.ram_used);
      add_int (builder, "free_percent", 100 - figures.ram_percent);
      add_int (builder, "used_percent", figures.ram_percent);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "swap");
      json_builder_begin_object (builder);
      add_int (builder, "total_in_bytes", 0);
      add_int (builder, "free_in_bytes", 0);
      add_int (builder, "used_in_bytes", 0);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }

  if (WANTS ("process"))
    {
      json_builder_set_member_name (builder, "process");
      json_builder_begin_object (builder);
      add_int (builder, "timestamp", now_ms);
      add_int (builder, "open_file_descriptors", 310 + docs % 97);
      add_int (builder, "max_file_descriptors", 1048576);
      json_builder_set_member_name (builder, "cpu");
      json_builder_begin_object (builder);
      add_int (builder, "percent", figures.cpu);
      add_int (builder, "total_in_millis", figures.uptime_ms / 20);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "mem");
      json_builder_begin_object (builder);
      add_int (builder, "total_virtual_in_bytes", view->heap_max * 5);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }

  if (WANTS ("jvm"))
    {
      json_builder_set_member_name (builder, "jvm");
      json_builder_begin_object (builder);
      add_int (builder, "timestamp", now_ms);
      add_int (builder, "uptime_in_millis", figures.uptime_ms);
      json_builder_set_member_name (builder, "mem");
      json_builder_begin_object (builder);
      add_int (builder, "heap_used_in_bytes", figures.heap_used);
      add_int (builder, "heap_used_percent", figures.heap_percent);
      add_int (builder, "heap_committed_in_bytes", view->heap_max);
      add_int (builder, "heap_max_in_bytes", view->heap_max);
      add_int (builder, "non_heap_used_in_bytes", 160ULL << 20);
      add_int (builder, "non_heap_committed_in_bytes", 180ULL << 20);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "threads");
      json_builder_begin_object (builder);
      add_int (builder, "count", 54);
      add_int (builder, "peak_count", 61);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "gc");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "collectors");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "young");
      json_builder_begin_object (builder);
      add_int (builder, "collection_count", figures.uptime_ms / 30000);
      add_int (builder, "collection_time_in_millis", figures.uptime_ms / 3000);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "old");
      json_builder_begin_object (builder);
      add_int (builder, "collection_count", 0);
      add_int (builder, "collection_time_in_millis", 0);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }

  if (WANTS ("fs"))
    {
      json_builder_set_member_name (builder, "fs");
      json_builder_begin_object (builder);
      add_int (builder, "timestamp", now_ms);
      json_builder_set_member_name (builder, "total");
      json_builder_begin_object (builder);
      add_int (builder, "total_in_bytes", view->disk);
      add_int (builder, "free_in_bytes", view->disk - figures.disk_used);
      add_int (builder, "available_in_bytes", view->disk - figures.disk_used);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }

  if (WANTS ("transport"))
    {
      json_builder_set_member_name (builder, "transport");
      json_builder_begin_object (builder);
      add_int (builder, "server_open", 2 * (view->n_ready - 1) * 13);
      add_int (builder, "rx_count", figures.uptime_ms / 50);
      add_int (builder, "rx_size_in_bytes", figures.uptime_ms * 40);
      add_int (builder, "tx_count", figures.uptime_ms / 50);
      add_int (builder, "tx_size_in_bytes", figures.uptime_ms * 38);
      json_builder_end_object (builder);
    }

  if (WANTS ("http"))
    {
      json_builder_set_member_name (builder, "http");
      json_builder_begin_object (builder);
      add_int (builder, "current_open", 1);
      add_int (builder, "total_opened", 1 + figures.uptime_ms / 60000);
      json_builder_end_object (builder);
    }

  if (WANTS ("thread_pool"))
    add_thread_pools (builder, node, &figures);

  if (WANTS ("breaker"))
    add_breakers (builder, view, &figures);

#undef WANTS

  json_builder_end_object (builder);
}

static gboolean
node_selected (View       *view,
               guint       position,
               Node       *node,
               const char *selection,
               const char *local)
{
  g_auto(GStrv) parts = NULL;

  if (selection == NULL || g_str_equal (selection, "_all"))
    return TRUE;

  parts = g_strsplit (selection, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if ((g_str_equal (parts[i], "_local") && g_str_equal (node->name, local))
          || (g_str_equal (parts[i], "_master") && (int) position == view->master)
          || g_pattern_match_simple (parts[i], node->name)
          || g_str_equal (parts[i], node->id))
        return TRUE;
    }

  return FALSE;
}

static gboolean
serve_nodes_stats (Request *request,
                   View    *view)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_auto(GStrv) metrics = NULL;
  guint selected = 0;

  if (request->metrics != NULL && !g_str_equal (request->metrics, "_all"))
    {
      metrics = g_strsplit (request->metrics, ",", -1);
      for (guint i = 0; metrics[i] != NULL; i++)
        {
          if (!g_strv_contains (node_metrics, metrics[i]))
            {
              g_autofree char *reason = g_strdup_printf ("request [%s] contains unrecognized "
                                                         "metric: [%s]", request->path,
                                                         metrics[i]);

              sandbox_odfe_http_send_error (request->msg, SOUP_STATUS_BAD_REQUEST,
                                            "illegal_argument_exception", reason);
              return TRUE;
            }
        }
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "nodes");
  json_builder_begin_object (builder);
  for (guint i = 0; i < view->nodes->len; i++)
    {
      Node *node = view->nodes->pdata[i];

      if (!node->ready || !node_selected (view, i, node, request->nodes,
                                          request->connection->pod))
        continue;
      add_node_stats (builder, view, node, metrics);
      selected++;
    }
  json_builder_end_object (builder);
  add_string (builder, "cluster_name", view->name);
  json_builder_set_member_name (builder, "_nodes");
  json_builder_begin_object (builder);
  add_int (builder, "total", selected);
  add_int (builder, "successful", selected);
  add_int (builder, "failed", 0);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  /* Elasticsearch writes "_nodes" first; move it there. */
  root = json_builder_get_root (builder);
  {
    JsonObject *object = json_node_get_object (root);
    g_autoptr(JsonObject) ordered = json_object_new ();

    json_object_set_member (ordered, "_nodes",
                            json_node_copy (json_object_get_member (object, "_nodes")));
    json_object_set_string_member (ordered, "cluster_name", view->name);
    json_object_set_member (ordered, "nodes",
                            json_node_copy (json_object_get_member (object, "nodes")));
    json_node_set_object (root, ordered);
  }

  sandbox_odfe_http_send_json (request->msg, SOUP_STATUS_OK, root);
  return TRUE;
}

/* GET|POST /_opendistro/_security/authinfo */

static gboolean
serve_authinfo (Request *request,
                View    *view)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) backend = string_list (request->user_entry, "backend_roles");
  g_autofree char *user = describe_user (request);
  g_autofree char *remote = NULL;
  GSocketAddress *address = soup_server_message_get_remote_address (request->msg);
  gboolean all_access = g_ptr_array_find_with_equal_func (request->roles, "all_access",
                                                          g_str_equal, NULL);
  JsonNode *attributes = json_object_get_member (request->user_entry, "attributes");

  remote = g_strdup_printf ("%s:%u", soup_server_message_get_remote_host (request->msg),
                            address != NULL
                            ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address))
                            : 0);

  json_builder_begin_object (builder);
  add_string (builder, "user", user);
  add_string (builder, "user_name", request->user);
  add_string (builder, "user_requested_tenant", NULL);
  add_string (builder, "remote_address", remote);
  add_string_list (builder, "backend_roles", backend);
  json_builder_set_member_name (builder, "custom_attribute_names");
  json_builder_begin_array (builder);
  if (attributes != NULL && JSON_NODE_HOLDS_OBJECT (attributes))
    {
      g_autoptr(GList) names = json_object_get_members (json_node_get_object (attributes));

      for (GList *l = names; l != NULL; l = l->next)
        {
          g_autofree char *name = g_strconcat ("attr.internal.", l->data, NULL);

          json_builder_add_string_value (builder, name);
        }
    }
  json_builder_end_array (builder);
  add_string_list (builder, "roles", request->roles);

  json_builder_set_member_name (builder, "tenants");
  json_builder_begin_object (builder);
  if (all_access)
    {
      add_boolean (builder, "global_tenant", TRUE);
      if (request->security->tenants != NULL)
        {
          JsonObject *tenants = json_node_get_object (request->security->tenants);
          g_autoptr(GList) names = json_object_get_members (tenants);

          for (GList *l = names; l != NULL; l = l->next)
            {
              if (!g_str_equal (l->data, "_meta"))
                add_boolean (builder, l->data, TRUE);
            }
        }
    }
  add_boolean (builder, request->user, TRUE);
  json_builder_end_object (builder);

  add_string (builder, "principal", NULL);
  add_string (builder, "peer_certificates", "0");
  add_string (builder, "sso_logout_url", NULL);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  sandbox_odfe_http_send_json (request->msg, SOUP_STATUS_OK, root);
  return TRUE;
}

/* GET|POST [/<indices>]/_search: the documents the sandbox holds (the audit log) */

static JsonNode *
source_field (JsonObject *source,
              const char *field)
{
  JsonNode *node = json_object_get_member (source, field);
  g_auto(GStrv) parts = NULL;

  if (node != NULL)
    return node;

  parts = g_strsplit (field, ".", -1);
  node = NULL;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      JsonObject *parent = i == 0 ? source : (node != NULL && JSON_NODE_HOLDS_OBJECT (node)
                                              ? json_node_get_object (node) : NULL);

      node = parent != NULL ? json_object_get_member (parent, parts[i]) : NULL;
    }

  return node;
}

static char *
node_text (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    default:
      {
        char text[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_dtostr (text, sizeof text, json_node_get_double (node)));
      }
    }
}

/* A time in milliseconds: ISO 8601, epoch milliseconds, or "now" with "-15m"-style math. */
static gboolean
parse_search_time (JsonNode *node,
                   gint64   *ms)
{
  g_autofree char *text = node_text (node);
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL)
    return FALSE;

  if (g_str_has_prefix (text, "now"))
    {
      gint64 offset = 0;

      if (text[3] == '-' || text[3] == '+')
        {
          char *end = NULL;
          gint64 amount = g_ascii_strtoll (text + 4, &end, 10);
          gint64 unit = 0;

          switch (*end)
            {
            case 's': unit = 1000; break;
            case 'm': unit = 60000; break;
            case 'h': unit = 3600000; break;
            case 'd': unit = 86400000; break;
            default: return FALSE;
            }
          offset = (text[3] == '-' ? -1 : 1) * amount * unit;
        }
      *ms = g_get_real_time () / 1000 + offset;
      return TRUE;
    }

  time = g_date_time_new_from_iso8601 (text, NULL);
  if (time == NULL)
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

      time = g_date_time_new_from_iso8601 (text, utc);
    }
  if (time != NULL)
    {
      *ms = g_date_time_to_unix (time) * 1000 + g_date_time_get_microsecond (time) / 1000;
      return TRUE;
    }

  return g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, ms, NULL);
}

static gboolean query_matches (JsonNode    *query,
                               Document    *document,
                               GError     **error);

static gboolean
clause_matches (JsonNode  *clauses,
                Document  *document,
                gboolean   all,
                GError   **error)
{
  if (clauses == NULL)
    return all;

  if (JSON_NODE_HOLDS_OBJECT (clauses))
    return query_matches (clauses, document, error);

  if (JSON_NODE_HOLDS_ARRAY (clauses))
    {
      JsonArray *array = json_node_get_array (clauses);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          gboolean matches = query_matches (json_array_get_element (array, i), document, error);

          if (error != NULL && *error != NULL)
            return FALSE;
          if (matches != all)
            return matches;
        }
      return all;
    }

  return all;
}

/* The field and the value of a one-field query ({"f": v} or {"f": {"value"|"query": v}}). */
static gboolean
field_query (JsonNode    *body,
             const char  *inner,
             const char **field,
             JsonNode   **value)
{
  JsonObject *object;
  g_autoptr(GList) members = NULL;
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (body))
    return FALSE;

  object = json_node_get_object (body);
  members = json_object_get_members (object);
  if (members == NULL)
    return FALSE;

  *field = members->data;
  member = json_object_get_member (object, *field);
  if (JSON_NODE_HOLDS_OBJECT (member) && inner != NULL)
    member = json_object_get_member (json_node_get_object (member), inner);
  *value = member;

  return member != NULL;
}

static gboolean
query_matches (JsonNode  *query,
               Document  *document,
               GError   **error)
{
  JsonObject *source = json_node_get_object (document->source);
  g_autoptr(GList) members = NULL;
  const char *type;
  JsonNode *body;

  if (query == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (query)
      || (members = json_object_get_members (json_node_get_object (query))) == NULL
      || members->next != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "[_na] query malformed, must start with start_object");
      return FALSE;
    }

  type = members->data;
  body = json_object_get_member (json_node_get_object (query), type);

  if (g_str_equal (type, "match_all"))
    return TRUE;

  if (g_str_equal (type, "match_none"))
    return FALSE;

  if (g_str_equal (type, "term") || g_str_equal (type, "match")
      || g_str_equal (type, "match_phrase"))
    {
      gboolean exact = g_str_equal (type, "term");
      g_autofree char *wanted = NULL;
      g_autofree char *actual = NULL;
      const char *field;
      JsonNode *value;

      if (!field_query (body, exact ? "value" : "query", &field, &value))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "[%s] query malformed, no field", type);
          return FALSE;
        }

      wanted = node_text (value);
      actual = node_text (source_field (source, field));
      if (wanted == NULL || actual == NULL)
        return FALSE;
      if (exact)
        return g_str_equal (wanted, actual);

      {
        g_autofree char *wanted_lower = g_utf8_strdown (wanted, -1);
        g_autofree char *actual_lower = g_utf8_strdown (actual, -1);

        return strstr (actual_lower, wanted_lower) != NULL;
      }
    }

  if (g_str_equal (type, "terms"))
    {
      g_autofree char *actual = NULL;
      const char *field;
      JsonNode *values;

      if (!field_query (body, NULL, &field, &values) || !JSON_NODE_HOLDS_ARRAY (values))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "[terms] query does not support [%s]", type);
          return FALSE;
        }

      actual = node_text (source_field (source, field));
      for (guint i = 0; actual != NULL && i < json_array_get_length (json_node_get_array (values));
           i++)
        {
          g_autofree char *wanted = node_text (json_array_get_element (json_node_get_array (values),
                                                                       i));

          if (g_strcmp0 (wanted, actual) == 0)
            return TRUE;
        }
      return FALSE;
    }

  if (g_str_equal (type, "exists"))
    {
      const char *field = JSON_NODE_HOLDS_OBJECT (body)
                          ? object_string (json_node_get_object (body), "field") : NULL;

      return field != NULL && source_field (source, field) != NULL;
    }

  if (g_str_equal (type, "range"))
    {
      const char *field;
      JsonNode *bounds;
      JsonNode *actual_node;
      static const char * const operators[] = { "gte", "gt", "lte", "lt" };
      gint64 actual;

      if (!field_query (body, NULL, &field, &bounds) || !JSON_NODE_HOLDS_OBJECT (bounds))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "[range] query malformed");
          return FALSE;
        }

      actual_node = source_field (source, field);
      if (g_str_equal (field, "@timestamp"))
        actual = document->timestamp_ms;
      else if (!parse_search_time (actual_node, &actual))
        return FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (operators); i++)
        {
          JsonNode *bound = json_object_get_member (json_node_get_object (bounds), operators[i]);
          gint64 limit;

          if (bound == NULL)
            continue;
          if (!parse_search_time (bound, &limit))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "failed to parse date field [%s]", field);
              return FALSE;
            }
          if ((i == 0 && actual < limit) || (i == 1 && actual <= limit)
              || (i == 2 && actual > limit) || (i == 3 && actual >= limit))
            return FALSE;
        }
      return TRUE;
    }

  if (g_str_equal (type, "bool") && JSON_NODE_HOLDS_OBJECT (body))
    {
      JsonObject *clauses = json_node_get_object (body);
      JsonNode *should = json_object_get_member (clauses, "should");
      gboolean has_required = json_object_has_member (clauses, "must")
                              || json_object_has_member (clauses, "filter");

      if (!clause_matches (json_object_get_member (clauses, "must"), document, TRUE, error)
          || !clause_matches (json_object_get_member (clauses, "filter"), document, TRUE, error))
        return FALSE;
      if (json_object_has_member (clauses, "must_not")
          && clause_matches (json_object_get_member (clauses, "must_not"), document, FALSE,
                             error))
        return FALSE;
      if (should != NULL && !has_required
          && !clause_matches (should, document, FALSE, error))
        return FALSE;
      return error == NULL || *error == NULL;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "unknown query [%s]", type);
  return FALSE;
}

typedef struct
{
  Document *document;
  Index    *index;
} Hit;

typedef struct
{
  char     *field;
  gboolean  descending;
} Sort;

static int
compare_hits (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const Hit *first = a;
  const Hit *second = b;
  Sort *sort = user_data;
  int order;

  if (g_str_equal (sort->field, "@timestamp"))
    order = (first->document->timestamp_ms > second->document->timestamp_ms)
            - (first->document->timestamp_ms < second->document->timestamp_ms);
  else
    {
      g_autofree char *x = node_text (source_field (json_node_get_object (first->document->source),
                                                    sort->field));
      g_autofree char *y = node_text (source_field (json_node_get_object (second->document->source),
                                                    sort->field));

      order = sandbox_odfe_http_compare_values (x, y);
    }

  return sort->descending ? -order : order;
}

/* The first sort key: "field", "field:desc", {"field": "desc"} or {"field": {"order": …}}. */
static gboolean
parse_sort (Request  *request,
            JsonNode *body,
            Sort     *sort)
{
  JsonNode *node = body != NULL ? json_object_get_member (json_node_get_object (body), "sort")
                                : NULL;
  const char *param = request_param (request, "sort");

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node)
      && json_array_get_length (json_node_get_array (node)) > 0)
    node = json_array_get_element (json_node_get_array (node), 0);

  if (node != NULL && json_node_get_value_type (node) == G_TYPE_STRING)
    param = json_node_get_string (node);
  else if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));
      JsonNode *order;

      if (members == NULL)
        return FALSE;
      sort->field = g_strdup (members->data);
      order = json_object_get_member (json_node_get_object (node), members->data);
      if (JSON_NODE_HOLDS_OBJECT (order))
        order = json_object_get_member (json_node_get_object (order), "order");
      sort->descending = order != NULL && json_node_get_value_type (order) == G_TYPE_STRING
                         && g_str_equal (json_node_get_string (order), "desc");
      return TRUE;
    }

  if (param == NULL)
    return FALSE;

  {
    const char *colon = strchr (param, ':');

    sort->field = colon != NULL ? g_strndup (param, colon - param) : g_strdup (param);
    sort->descending = colon != NULL && g_str_equal (colon + 1, "desc");
  }
  return TRUE;
}

static gint64
body_int (JsonNode   *body,
          const char *member,
          const char *param,
          gint64      fallback)
{
  JsonNode *node = body != NULL ? json_object_get_member (json_node_get_object (body), member)
                                : NULL;
  gint64 value;

  if (node != NULL && json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (param != NULL && g_ascii_string_to_signed (param, 10, 0, G_MAXINT32, &value, NULL))
    return value;

  return fallback;
}

static gboolean
serve_search (Request *request,
              View    *view)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = sandbox_odfe_http_get_json_body (request->msg, &error);
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (Hit));
  g_autoptr(GPtrArray) indices = request_indices_or_all (request, view);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  Sort sort = { NULL, FALSE };
  gboolean sorted;
  JsonNode *query = NULL;
  gint64 size, from;
  guint shards = 0;

  if (error != NULL || (body != NULL && !JSON_NODE_HOLDS_OBJECT (body)))
    {
      sandbox_odfe_http_send_error (request->msg, SOUP_STATUS_BAD_REQUEST, "parse_exception",
                                    error != NULL ? error->message : "request body is required");
      return TRUE;
    }

  if (body != NULL && (json_object_has_member (json_node_get_object (body), "aggs")
                       || json_object_has_member (json_node_get_object (body),
                                                  "aggregations")))
    {
      sandbox_odfe_http_send_error (request->msg, SOUP_STATUS_BAD_REQUEST,
                                    "illegal_argument_exception",
                                    "aggregations are not simulated by searchdeck-sandbox");
      return TRUE;
    }

  if (body != NULL)
    query = json_object_get_member (json_node_get_object (body), "query");
  size = body_int (body, "size", request_param (request, "size"), 10);
  from = body_int (body, "from", request_param (request, "from"), 0);
  if (from + size > 10000)
    {
      g_autofree char *reason = g_strdup_printf (
        "Result window is too large, from + size must be less than or equal to: [10000] but was "
        "[%" G_GINT64_FORMAT "]. See the scroll api for a more efficient way to request large "
        "data sets. This limit can be set by changing the [index.max_result_window] index level "
        "setting.", from + size);

      sandbox_odfe_http_send_error (request->msg, SOUP_STATUS_BAD_REQUEST,
                                    "illegal_argument_exception", reason);
      return TRUE;
    }

  for (guint i = 0; i < indices->len; i++)
    {
      Index *index = indices->pdata[i];

      shards += index->primaries;
      for (guint j = 0; index->documents != NULL && j < index->documents->len; j++)
        {
          Hit hit = { index->documents->pdata[j], index };

          if (query_matches (query, hit.document, &error))
            g_array_append_val (hits, hit);
          if (error != NULL)
            {
              sandbox_odfe_http_send_error (request->msg, SOUP_STATUS_BAD_REQUEST,
                                            "parsing_exception", error->message);
              return TRUE;
            }
        }
    }

  sorted = parse_sort (request, body, &sort);
  if (sorted)
    g_array_sort_with_data (hits, compare_hits, &sort);

  json_builder_begin_object (builder);
  add_int (builder, "took", (g_get_monotonic_time () - request->started_us) / 1000);
  add_boolean (builder, "timed_out", FALSE);
  json_builder_set_member_name (builder, "_shards");
  json_builder_begin_object (builder);
  add_int (builder, "total", shards);
  add_int (builder, "successful", shards);
  add_int (builder, "skipped", 0);
  add_int (builder, "failed", 0);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "hits");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "total");
  json_builder_begin_object (builder);
  add_int (builder, "value", hits->len);
  add_string (builder, "relation", "eq");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "max_score");
  if (sorted || hits->len == 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, 1.0);
  json_builder_set_member_name (builder, "hits");
  json_builder_begin_array (builder);
  for (gint64 i = from; i < from + size && i < (gint64) hits->len; i++)
    {
      Hit *hit = &g_array_index (hits, Hit, i);

      json_builder_begin_object (builder);
      add_string (builder, "_index", hit->index->name);
      add_string (builder, "_type", "_doc");
      add_string (builder, "_id", hit->document->id);
      json_builder_set_member_name (builder, "_score");
      if (sorted)
        json_builder_add_null_value (builder);
      else
        json_builder_add_double_value (builder, 1.0);
      json_builder_set_member_name (builder, "_source");
      json_builder_add_value (builder, json_node_copy (hit->document->source));
      if (sorted)
        {
          json_builder_set_member_name (builder, "sort");
          json_builder_begin_array (builder);
          if (g_str_equal (sort.field, "@timestamp"))
            json_builder_add_int_value (builder, hit->document->timestamp_ms);
          else
            {
              g_autofree char *value = node_text (source_field (
                json_node_get_object (hit->document->source), sort.field));

              json_builder_add_string_value (builder, value);
            }
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  g_free (sort.field);
  root = json_builder_get_root (builder);
  sandbox_odfe_http_send_json (request->msg, SOUP_STATUS_OK, root);
  return TRUE;
}

/* Routing, authentication and authorization of port 9200 */

typedef enum
{
  ROUTE_FOUND,
  ROUTE_NO_HANDLER,
  ROUTE_BAD_METHOD,
} RouteResult;

static RouteResult
route (Request *request)
{
  const char *method = soup_server_message_get_method (request->msg);
  gboolean get = g_str_equal (method, "GET") || g_str_equal (method, "HEAD");
  gboolean post = g_str_equal (method, "POST");
  g_auto(GStrv) all = g_strsplit (request->path, "/", -1);
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *p0, *p1, *p2;

  for (guint i = 0; all[i] != NULL; i++)
    {
      if (*all[i] != '\0')
        g_ptr_array_add (parts, all[i]);
    }
  p0 = parts->len > 0 ? parts->pdata[0] : NULL;
  p1 = parts->len > 1 ? parts->pdata[1] : NULL;
  p2 = parts->len > 2 ? parts->pdata[2] : NULL;

  if (parts->len == 0)
    {
      request->endpoint = serve_root;
      request->action = "cluster:monitor/main";
      return get ? ROUTE_FOUND : ROUTE_BAD_METHOD;
    }

  if (g_str_equal (p0, "_cluster") && g_strcmp0 (p1, "health") == 0 && parts->len <= 3)
    {
      request->endpoint = serve_health;
      request->action = "cluster:monitor/health";
      request->target = g_strdup (p2);
      return get ? ROUTE_FOUND : ROUTE_BAD_METHOD;
    }

  if (g_str_equal (p0, "_cluster") && g_strcmp0 (p1, "settings") == 0 && parts->len == 2)
    {
      gboolean put = g_str_equal (method, "PUT");

      request->endpoint = serve_cluster_settings;
      request->action = put ? "cluster:admin/settings/update" : "cluster:monitor/state";
      return get || put ? ROUTE_FOUND : ROUTE_BAD_METHOD;
    }

  if (g_str_equal (p0, "_cat") && p1 != NULL)
    {
      request->action = "cluster:monitor/state";
      if (g_str_equal (p1, "nodes") && parts->len == 2)
        request->endpoint = serve_cat_nodes;
      else if (g_str_equal (p1, "indices") && parts->len <= 3)
        {
          request->endpoint = serve_cat_indices;
          request->target = g_strdup (p2);
        }
      else if (g_str_equal (p1, "health") && parts->len == 2)
        {
          request->endpoint = serve_cat_health;
          request->action = "cluster:monitor/health";
        }
      else if (g_str_equal (p1, "shards") && parts->len <= 3)
        {
          request->endpoint = serve_cat_shards;
          request->target = g_strdup (p2);
        }
      else
        return ROUTE_NO_HANDLER;
      return get ? ROUTE_FOUND : ROUTE_BAD_METHOD;
    }

  if (g_str_equal (p0, "_nodes") && parts->len >= 2 && parts->len <= 4)
    {
      request->endpoint = serve_nodes_stats;
      request->action = "cluster:monitor/nodes/stats";
      if (g_str_equal (p1, "stats") && parts->len <= 3)
        request->metrics = g_strdup (p2);
      else if (g_strcmp0 (p2, "stats") == 0)
        {
          request->nodes = g_strdup (p1);
          request->metrics = parts->len > 3 ? g_strdup (parts->pdata[3]) : NULL;
        }
      else
        return ROUTE_NO_HANDLER;
      return get ? ROUTE_FOUND : ROUTE_BAD_METHOD;
    }

  if (g_str_equal (p0, "_opendistro") && g_strcmp0 (p1, "_security") == 0
      && g_strcmp0 (p2, "authinfo") == 0 && parts->len == 3)
    {
      request->endpoint = serve_authinfo;
      request->action = NULL;
      return get || post ? ROUTE_FOUND : ROUTE_BAD_METHOD;
    }

  if ((g_str_equal (p0, "_search") && parts->len == 1)
      || (g_strcmp0 (p1, "_search") == 0 && parts->len == 2 && p0[0] != '_'))
    {
      request->endpoint = serve_search;
      request->action = "indices:data/read/search";
      request->target = parts->len == 2 ? g_strdup (p0) : NULL;
      return get || post ? ROUTE_FOUND : ROUTE_BAD_METHOD;
    }

  return ROUTE_NO_HANDLER;
}

static void
send_route_error (Request     *request,
                  RouteResult  result)
{
  const char *method = soup_server_message_get_method (request->msg);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *message = NULL;
  guint status;

  if (result == ROUTE_BAD_METHOD)
    {
      status = SOUP_STATUS_METHOD_NOT_ALLOWED;
      message = g_strdup_printf ("Incorrect HTTP method for uri [%s] and method [%s]",
                                 request->path, method);
    }
  else
    {
      status = SOUP_STATUS_BAD_REQUEST;
      message = g_strdup_printf ("no handler found for uri [%s] and method [%s]",
                                 request->path, method);
    }

  json_builder_begin_object (builder);
  add_string (builder, "error", message);
  add_int (builder, "status", status);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  sandbox_odfe_http_send_json (request->msg, status, root);
}

/* Serves a request whose credentials were checked; returns FALSE when it answers later. */
static gboolean
request_authenticated (Request *request,
                       View    *view)
{
  RouteResult result = route (request);
  g_autofree char *missing = NULL;

  request->roles = security_map_roles (request->security, request->user, request->user_entry);

  if (result != ROUTE_FOUND)
    {
      audit (request, view, "AUTHENTICATED", request->user, NULL);
      send_route_error (request, result);
      return TRUE;
    }

  if (request->target != NULL || request->endpoint == serve_search)
    {
      g_autoptr(GPtrArray) indices = resolve_indices (view->cluster, request->target, &missing);

      request->indices = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; indices != NULL && i < indices->len; i++)
        g_ptr_array_add (request->indices, g_strdup (((Index *) indices->pdata[i])->name));
    }

  if (request->action != NULL
      && !roles_allow (request->security, request->roles, request->user, request->action,
                       request->indices))
    {
      send_forbidden (request, view);
      return TRUE;
    }

  audit (request, view, "AUTHENTICATED", request->user, NULL);

  if (missing != NULL)
    {
      send_index_not_found (request, missing);
      return TRUE;
    }

  return request->endpoint (request, view);
}

static void
on_check_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Request *request = user_data;
  SandboxOdfe *self = request->self;
  g_autoptr(View) view = NULL;
  Check *check = g_task_get_task_data (G_TASK (result));
  gboolean matches = g_task_propagate_boolean (G_TASK (result), NULL);

  view = view_new (self, request->connection->namespace_, request->connection->statefulset);
  if (view == NULL)
    {
      sandbox_odfe_http_send_text (request->msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
                                   "text/plain; charset=UTF-8", "Node is shutting down.");
      request_free (request);
      return;
    }

  if (!matches)
    {
      send_unauthorized (request, view, request->user);
      request_free (request);
      return;
    }

  if (g_hash_table_size (self->password_cache) >= PASSWORD_CACHE_SIZE)
    g_hash_table_remove_all (self->password_cache);
  g_hash_table_add (self->password_cache, password_cache_key (request->user, check->hash,
                                                              check->password));

  if (request_authenticated (request, view))
    request_free (request);
}

static void
serve_security_health (Request *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *mode = request_param (request, "mode");
  JsonNode *statefulset = get_statefulset (request->self, request->connection->namespace_,
                                           request->connection->statefulset);
  g_autoptr(Security) security = statefulset != NULL ? security_load (request->self,
                                                                      statefulset) : NULL;
  gboolean up = (security != NULL && !request->connection->unready)
                || g_strcmp0 (mode, "lenient") == 0;

  json_builder_begin_object (builder);
  add_string (builder, "message", up ? NULL : "Not initialized");
  add_string (builder, "mode", mode != NULL ? mode : "strict");
  add_string (builder, "status", up ? "UP" : "DOWN");
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  sandbox_odfe_http_send_json (request->msg,
                               up ? SOUP_STATUS_OK : SOUP_STATUS_SERVICE_UNAVAILABLE, root);
}

static gboolean
handle_rest (Request *request)
{
  SandboxOdfe *self = request->self;
  g_autoptr(View) view = NULL;
  g_autofree char *password = NULL;
  g_autofree char *user = NULL;
  g_autofree char *key = NULL;
  const char *hash;
  GTask *task;
  Check *check;

  if (g_str_equal (request->path, "/_opendistro/_security/health")
      || g_str_equal (request->path, "/_opendistro/_security/health/"))
    {
      serve_security_health (request);
      return TRUE;
    }

  view = view_new (self, request->connection->namespace_, request->connection->statefulset);
  if (view == NULL)
    {
      sandbox_odfe_http_send_text (request->msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
                                   "text/plain; charset=UTF-8", "Node is shutting down.");
      return TRUE;
    }

  request->security = request->connection->unready
                      ? NULL
                      : security_load (self, get_statefulset (self,
                                                              request->connection->namespace_,
                                                              request->connection->statefulset));
  if (request->security == NULL)
    {
      sandbox_odfe_http_send_text (request->msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
                                   "text/plain; charset=UTF-8",
                                   "Open Distro Security not initialized.");
      return TRUE;
    }

  if (!sandbox_odfe_http_get_basic_auth (request->msg, &user, &password))
    {
      send_unauthorized (request, view, "<NONE>");
      return TRUE;
    }

  request->user = g_strdup (user);
  request->user_entry = security_user (request->security, user);
  hash = object_string (request->user_entry, "hash");
  if (hash == NULL)
    {
      explicit_bzero (password, strlen (password));
      send_unauthorized (request, view, user);
      return TRUE;
    }

  key = password_cache_key (user, hash, password);
  if (g_hash_table_contains (self->password_cache, key))
    {
      explicit_bzero (password, strlen (password));
      return request_authenticated (request, view);
    }

  check = g_new0 (Check, 1);
  check->password = g_steal_pointer (&password);
  check->hash = g_strdup (hash);

  request_pause (request);
  task = g_task_new (NULL, self->cancellable, on_check_done, request);
  g_task_set_task_data (task, check, (GDestroyNotify) check_free);
  g_task_run_in_thread (task, check_in_thread);
  g_object_unref (task);

  return FALSE;
}

/* Whether the pod @connection reached still serves.  A node that shuts down drops its
 * connections, so a request on a connection whose pod is no longer Ready (or was replaced)
 * closes it without an answer. */
static gboolean
connection_alive (SandboxOdfe       *self,
                  SoupServerMessage *msg,
                  Connection        *connection)
{
  JsonNode *pod = sandbox_store_get (self->store, resource ("", "pods"), connection->namespace_,
                                     connection->pod);
  GIOStream *stream;
  gint64 since;

  if (pod != NULL
      && (pod_is_ready (pod, &since) || (connection->unready && pod_runs_unready (self, pod)))
      && g_strcmp0 (sandbox_object_get_string (pod, "metadata.uid"), connection->uid) == 0)
    return TRUE;

  stream = soup_server_message_steal_connection (msg);
  if (stream != NULL)
    {
      g_io_stream_close (stream, NULL, NULL);
      g_object_unref (stream);
    }

  return FALSE;
}

static void
on_rest_request (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  SandboxOdfe *self = user_data;
  Connection *connection = sandbox_odfe_http_get_data (msg);
  Request *request;

  if (connection == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      return;
    }

  if (!connection_alive (self, msg, connection))
    return;

  request = g_new0 (Request, 1);
  request->self = g_object_ref (self);
  request->msg = g_object_ref (msg);
  request->connection = g_new0 (Connection, 1);
  request->connection->namespace_ = g_strdup (connection->namespace_);
  request->connection->statefulset = g_strdup (connection->statefulset);
  request->connection->pod = g_strdup (connection->pod);
  request->connection->unready = connection->unready;
  request->path = g_strdup (path);
  request->query = sandbox_odfe_http_get_query (msg);
  request->started_us = g_get_monotonic_time ();

  if (handle_rest (request))
    request_free (request);
}

/* Port 9600: the Performance Analyzer metrics API */

static const struct
{
  const char *name;
  const char *unit;
  const char *dimensions;
  double      low;
  double      high;
} pa_metrics[] = {
#define SHARD_DIMENSIONS "ShardID,IndexName,Operation,ShardRole"
  { "CPU_Utilization", "cores", SHARD_DIMENSIONS, 0.002, 0.3 },
  { "Paging_MajfltRate", "count/s", SHARD_DIMENSIONS, 0, 0.2 },
  { "Paging_MinfltRate", "count/s", SHARD_DIMENSIONS, 5, 320 },
  { "Paging_RSS", "pages", SHARD_DIMENSIONS, 12000, 420000 },
  { "Sched_Runtime", "s/ctxswitch", SHARD_DIMENSIONS, 0.00001, 0.001 },
  { "Sched_Waittime", "s/ctxswitch", SHARD_DIMENSIONS, 0.000001, 0.0001 },
  { "Sched_CtxRate", "count/s", SHARD_DIMENSIONS, 10, 420 },
  { "Heap_AllocRate", "B/s", SHARD_DIMENSIONS, 100000, 48000000 },
  { "IO_ReadThroughput", "B/s", SHARD_DIMENSIONS, 0, 220000 },
  { "IO_WriteThroughput", "B/s", SHARD_DIMENSIONS, 1000, 4200000 },
  { "IO_TotThroughput", "B/s", SHARD_DIMENSIONS, 1000, 4400000 },
  { "IO_ReadSyscallRate", "count/s", SHARD_DIMENSIONS, 0, 40 },
  { "IO_WriteSyscallRate", "count/s", SHARD_DIMENSIONS, 1, 120 },
  { "IO_TotalSyscallRate", "count/s", SHARD_DIMENSIONS, 1, 160 },
  { "Thread_Blocked_Time", "s/event", SHARD_DIMENSIONS, 0, 0.002 },
  { "Thread_Blocked_Event", "count", SHARD_DIMENSIONS, 0, 12 },
  { "ShardEvents", "count", SHARD_DIMENSIONS, 0, 60 },
  { "ShardBulkDocs", "count", SHARD_DIMENSIONS, 0, 900 },
  { "Latency", "ms", "Operation,Exception,Indices,HTTPRespCode,ShardID,IndexName,ShardRole",
    0.4, 38 },
  { "GC_Collection_Event", "count", "MemType", 0, 3 },
  { "GC_Collection_Time", "ms", "MemType", 0, 45 },
  { "Heap_Committed", "B", "MemType", 500000000, 1073741824 },
  { "Heap_Init", "B", "MemType", 1073741824, 1073741824 },
  { "Heap_Max", "B", "MemType", 1073741824, 1073741824 },
  { "Heap_Used", "B", "MemType", 220000000, 720000000 },
  { "Disk_Utilization", "%", "DiskName", 0.2, 14 },
  { "Disk_WaitTime", "ms", "DiskName", 0.1, 6 },
  { "Disk_ServiceRate", "MB/s", "DiskName", 0.5, 90 },
  { "Net_TCP_NumFlows", "count", "DestAddr", 2, 26 },
  { "Net_TCP_TxQ", "segments/flow", "DestAddr", 0, 2 },
  { "Net_TCP_RxQ", "segments/flow", "DestAddr", 0, 2 },
  { "Net_TCP_Lost", "segments/flow", "DestAddr", 0, 0.1 },
  { "Net_PacketRate4", "packets/s", "Direction", 20, 900 },
  { "Net_Throughput", "B/s", "Direction", 4000, 2400000 },
  { "ThreadPool_QueueSize", "count", "ThreadPoolType", 0, 4 },
  { "ThreadPool_RejectedReqs", "count", "ThreadPoolType", 0, 0.4 },
  { "ThreadPool_TotalThreads", "count", "ThreadPoolType", 1, 13 },
  { "ThreadPool_ActiveThreads", "count", "ThreadPoolType", 0, 4 },
  { "Indexing_ThrottleTime", "ms", "ShardID,IndexName", 0, 2 },
  { "Cache_Query_Hit", "count", "ShardID,IndexName", 0, 140 },
  { "Cache_Query_Miss", "count", "ShardID,IndexName", 0, 30 },
  { "Cache_FieldData_Size", "B", "ShardID,IndexName", 0, 4000000 },
  { "Segments_Total", "count", "ShardID,IndexName", 4, 38 },
  { "Master_PendingQueueSize", "count", "", 0, 2 },
#undef SHARD_DIMENSIONS
};

static int
find_pa_metric (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (pa_metrics); i++)
    {
      if (g_str_equal (pa_metrics[i].name, name))
        return i;
    }

  return -1;
}

static GPtrArray *
dimension_values (View       *view,
                  const char *dimension)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  const char *list = NULL;

  if (g_str_equal (dimension, "IndexName") || g_str_equal (dimension, "Indices"))
    {
      for (guint i = 0; i < view->cluster->indices->len; i++)
        {
          Index *index = view->cluster->indices->pdata[i];

          if (index->name[0] != '.')
            g_ptr_array_add (values, g_strdup (index->name));
        }
      return values;
    }

  if (g_str_equal (dimension, "DestAddr"))
    {
      for (guint i = 0; i < view->nodes->len; i++)
        {
          Node *node = view->nodes->pdata[i];

          if (node->ready && node->ip != NULL)
            g_ptr_array_add (values, g_strdup (node->ip));
        }
      return values;
    }

  if (g_str_equal (dimension, "ShardID"))
    list = "0,1,2";
  else if (g_str_equal (dimension, "Operation"))
    list = "shardbulk,shardquery,shardfetch";
  else if (g_str_equal (dimension, "ShardRole"))
    list = "Primary,Replica";
  else if (g_str_equal (dimension, "MemType"))
    list = "Heap,NonHeap,Eden,OldGen,Survivor,totYoungGC,totFullGC";
  else if (g_str_equal (dimension, "DiskName"))
    list = "sda";
  else if (g_str_equal (dimension, "Direction"))
    list = "in,out";
  else if (g_str_equal (dimension, "ThreadPoolType"))
    list = "search,write,get,management";
  else if (g_str_equal (dimension, "HTTPRespCode"))
    list = "200";
  else
    list = "";

  {
    g_auto(GStrv) parts = g_strsplit (list, ",", -1);

    for (guint i = 0; parts[i] != NULL; i++)
      g_ptr_array_add (values, g_strdup (parts[i]));
  }

  return values;
}

static void
pa_send (SoupServerMessage *msg,
         guint              status,
         const char        *json)
{
  sandbox_odfe_http_send_text (msg, status, "application/json", json);
}

static JsonNode *
pa_node_data (View      *view,
              Node      *node,
              GStrv      metrics,
              GStrv      aggregations,
              GStrv      dimensions)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) axes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  guint n_dimensions = g_strv_length (dimensions);
  guint n_rows = 1;

  for (guint d = 0; d < n_dimensions; d++)
    {
      GPtrArray *values = dimension_values (view, dimensions[d]);

      n_rows = MIN (n_rows * MAX (values->len, 1), 64);
      g_ptr_array_add (axes, values);
    }

  json_builder_begin_object (builder);
  add_int (builder, "timestamp", g_get_real_time () / 1000 / 5000 * 5000);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_array (builder);
  for (guint d = 0; d < n_dimensions; d++)
    {
      json_builder_begin_object (builder);
      add_string (builder, "name", dimensions[d]);
      add_string (builder, "type", "VARCHAR");
      json_builder_end_object (builder);
    }
  for (guint m = 0; metrics[m] != NULL; m++)
    {
      json_builder_begin_object (builder);
      add_string (builder, "name", metrics[m]);
      add_string (builder, "type", "DOUBLE");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "records");
  json_builder_begin_array (builder);
  for (guint row = 0; row < n_rows; row++)
    {
      g_autoptr(GString) key = g_string_new (node->name);
      guint rest = row;

      json_builder_begin_array (builder);
      for (guint d = 0; d < n_dimensions; d++)
        {
          GPtrArray *values = axes->pdata[d];
          const char *value = values->len > 0 ? values->pdata[rest % values->len] : NULL;

          rest = values->len > 0 ? rest / values->len : rest;
          if (value != NULL)
            json_builder_add_string_value (builder, value);
          else
            json_builder_add_null_value (builder);
          g_string_append_printf (key, "/%s", value != NULL ? value : "");
        }
      for (guint m = 0; metrics[m] != NULL; m++)
        {
          int metric = find_pa_metric (metrics[m]);
          double value = wave (key->str, metrics[m], pa_metrics[metric].low,
                               pa_metrics[metric].high);

          if (g_str_equal (aggregations[m], "sum"))
            value *= 5;
          else if (g_str_equal (aggregations[m], "min"))
            value = pa_metrics[metric].low + (value - pa_metrics[metric].low) * 0.6;
          else if (g_str_equal (aggregations[m], "max"))
            value = pa_metrics[metric].high - (pa_metrics[metric].high - value) * 0.6;
          json_builder_add_double_value (builder, value);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static GStrv
split_param (GHashTable *query,
             const char *name)
{
  const char *value = sandbox_odfe_http_query (query, name);

  if (value == NULL || *value == '\0')
    return g_new0 (char *, 1);

  return g_strsplit (value, ",", -1);
}

static void
serve_pa_metrics (SandboxOdfe       *self,
                  SoupServerMessage *msg,
                  Connection        *connection,
                  GHashTable        *query)
{
  g_auto(GStrv) metrics = split_param (query, "metrics");
  g_auto(GStrv) aggregations = split_param (query, "agg");
  g_auto(GStrv) dimensions = split_param (query, "dim");
  g_autoptr(View) view = view_new (self, connection->namespace_, connection->statefulset);
  g_autoptr(JsonNode) root = NULL;
  const char *nodes = sandbox_odfe_http_query (query, "nodes");
  Node *local;

  if (metrics[0] == NULL || aggregations[0] == NULL)
    {
      g_autofree char *text = g_strdup_printf ("{\"error\":\"%s parameter needs to be set\"}",
                                               metrics[0] == NULL ? "metrics" : "agg");

      pa_send (msg, SOUP_STATUS_BAD_REQUEST, text);
      return;
    }

  if (g_strv_length (metrics) != g_strv_length (aggregations))
    {
      pa_send (msg, SOUP_STATUS_BAD_REQUEST,
               "{\"error\":\"metrics/aggregations should have the same number of entries.\"}");
      return;
    }

  for (guint m = 0; metrics[m] != NULL; m++)
    {
      int metric = find_pa_metric (metrics[m]);
      g_auto(GStrv) allowed = NULL;

      if (metric < 0)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autofree char *message = g_strdup_printf ("%s is an invalid metric.", metrics[m]);

          json_builder_begin_object (builder);
          add_string (builder, "error", message);
          json_builder_end_object (builder);
          root = json_builder_get_root (builder);
          sandbox_odfe_http_send_json (msg, SOUP_STATUS_BAD_REQUEST, root);
          return;
        }

      allowed = g_strsplit (pa_metrics[metric].dimensions, ",", -1);
      for (guint d = 0; dimensions[d] != NULL; d++)
        {
          if (!g_strv_contains ((const char * const *) allowed, dimensions[d]))
            {
              g_autoptr(JsonBuilder) builder = json_builder_new ();
              g_autofree char *message = g_strdup_printf ("%s is an invalid dimension for %s "
                                                          "metric.", dimensions[d], metrics[m]);

              json_builder_begin_object (builder);
              add_string (builder, "error", message);
              json_builder_end_object (builder);
              root = json_builder_get_root (builder);
              sandbox_odfe_http_send_json (msg, SOUP_STATUS_BAD_REQUEST, root);
              return;
            }
        }
    }

  for (guint a = 0; aggregations[a] != NULL; a++)
    {
      static const char * const valid[] = { "avg", "sum", "min", "max", NULL };

      if (!g_strv_contains (valid, aggregations[a]))
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autofree char *message = g_strdup_printf ("%s is an invalid aggregation type.",
                                                      aggregations[a]);

          json_builder_begin_object (builder);
          add_string (builder, "error", message);
          json_builder_end_object (builder);
          root = json_builder_get_root (builder);
          sandbox_odfe_http_send_json (msg, SOUP_STATUS_BAD_REQUEST, root);
          return;
        }
    }

  if (view == NULL || (local = view_find_node (view, connection->pod)) == NULL)
    {
      pa_send (msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
               "{\"error\":\"There are no metrics databases. The reader has run into an issue "
               "or has just started.\"}");
      return;
    }

  if (g_strcmp0 (nodes, "all") != 0)
    {
      root = pa_node_data (view, local, metrics, aggregations, dimensions);
      sandbox_odfe_http_send_json (msg, SOUP_STATUS_OK, root);
      return;
    }

  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, json_object_new ());
  json_object_set_member (json_node_get_object (root), local->id,
                          pa_node_data (view, local, metrics, aggregations, dimensions));
  for (guint i = 0; i < view->nodes->len; i++)
    {
      Node *node = view->nodes->pdata[i];

      if (node->ready && node != local)
        json_object_set_member (json_node_get_object (root), node->id,
                                pa_node_data (view, node, metrics, aggregations, dimensions));
    }
  sandbox_odfe_http_send_json (msg, SOUP_STATUS_OK, root);
}

static void
on_metrics_request (SoupServer        *server,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  SandboxOdfe *self = user_data;
  Connection *connection = sandbox_odfe_http_get_data (msg);
  const char *method = soup_server_message_get_method (msg);

  if (connection == NULL || !g_str_has_prefix (path, "/_opendistro/_performanceanalyzer/"))
    {
      sandbox_odfe_http_send_text (msg, SOUP_STATUS_NOT_FOUND, "text/html",
                                   "<h1>404 Not Found</h1>No context found for request");
      return;
    }

  if (!connection_alive (self, msg, connection))
    return;

  if (!g_str_equal (method, "GET"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  if (g_str_equal (path, "/_opendistro/_performanceanalyzer/metrics/units"))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      for (guint i = 0; i < G_N_ELEMENTS (pa_metrics); i++)
        add_string (builder, pa_metrics[i].name, pa_metrics[i].unit);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      sandbox_odfe_http_send_json (msg, SOUP_STATUS_OK, root);
      return;
    }

  if (!g_str_equal (path, "/_opendistro/_performanceanalyzer/metrics"))
    {
      sandbox_odfe_http_send_text (msg, SOUP_STATUS_NOT_FOUND, "text/html",
                                   "<h1>404 Not Found</h1>No context found for request");
      return;
    }

  {
    g_autoptr(GHashTable) params = sandbox_odfe_http_get_query (msg);

    serve_pa_metrics (self, msg, connection, params);
  }
}

/* Forwarded connections */

/* Where @pod's connection goes, or NULL when the pod cannot take one: not Ready, being
 * deleted, or not a pod of a search StatefulSet. */
static Connection *
connection_for_pod (SandboxOdfe *self,
                    JsonNode    *pod,
                    JsonNode   **statefulset)
{
  const char *namespace_ = sandbox_object_get_string (pod, "metadata.namespace");
  const char *name = sandbox_object_get_string (pod, "metadata.name");
  const char *owner = owning_statefulset (pod);
  Connection *connection;
  gint64 since;

  if (namespace_ == NULL || name == NULL || owner == NULL
      || !(pod_is_ready (pod, &since) || pod_runs_unready (self, pod)))
    return NULL;

  *statefulset = get_statefulset (self, namespace_, owner);
  if (*statefulset == NULL || search_container (*statefulset) == NULL)
    return NULL;

  connection = g_new0 (Connection, 1);
  connection->namespace_ = g_strdup (namespace_);
  connection->statefulset = g_strdup (owner);
  connection->pod = g_strdup (name);
  connection->uid = g_strdup (sandbox_object_get_string (pod, "metadata.uid"));
  connection->unready = !pod_is_ready (pod, &since);

  return connection;
}

void
sandbox_odfe_serve_rest (SandboxOdfe *self,
                         JsonNode    *pod,
                         GIOStream   *stream)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *certificate_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *both = NULL;
  JsonNode *statefulset = NULL;
  Connection *connection;
  JsonNode *secret;

  g_return_if_fail (SANDBOX_IS_ODFE (self));

  connection = connection_for_pod (self, pod, &statefulset);
  if (connection == NULL)
    {
      g_io_stream_close (stream, NULL, NULL);
      return;
    }

  secret = find_secret (self, statefulset, "elk-rest-crt.pem", "elasticsearch-tls");
  certificate_pem = secret != NULL ? secret_value (secret, "elk-rest-crt.pem") : NULL;
  key_pem = secret != NULL ? secret_value (secret, "elk-rest-key.pem") : NULL;
  if (certificate_pem != NULL && key_pem != NULL)
    {
      both = g_strconcat (certificate_pem, "\n", key_pem, NULL);
      certificate = g_tls_certificate_new_from_pem (both, -1, &error);
      explicit_bzero (both, strlen (both));
      explicit_bzero (key_pem, strlen (key_pem));
    }

  if (certificate == NULL)
    {
      /* A node whose certificate or key cannot be loaded never starts its HTTP layer. */
      g_debug ("odfe: %s/%s has no usable REST certificate: %s", connection->namespace_,
               connection->pod, error != NULL ? error->message : "missing from its Secret");
      connection_free (connection);
      g_io_stream_close (stream, NULL, NULL);
      return;
    }

  sandbox_odfe_http_accept (self->rest, stream, certificate,
                            sandbox_object_get_string (pod, "status.podIP"),
                            SANDBOX_ODFE_REST_PORT, self->cancellable, connection,
                            (GDestroyNotify) connection_free);
}

void
sandbox_odfe_serve_metrics (SandboxOdfe *self,
                            JsonNode    *pod,
                            GIOStream   *stream)
{
  JsonNode *statefulset = NULL;
  Connection *connection;

  g_return_if_fail (SANDBOX_IS_ODFE (self));

  connection = connection_for_pod (self, pod, &statefulset);
  if (connection == NULL)
    {
      g_io_stream_close (stream, NULL, NULL);
      return;
    }

  sandbox_odfe_http_accept (self->metrics, stream, NULL,
                            sandbox_object_get_string (pod, "status.podIP"),
                            SANDBOX_ODFE_METRICS_PORT, self->cancellable, connection,
                            (GDestroyNotify) connection_free);
}

static void
on_rest_stream (JsonNode  *pod,
                GIOStream *stream,
                gpointer   user_data)
{
  sandbox_odfe_serve_rest (user_data, pod, stream);
}

static void
on_metrics_stream (JsonNode  *pod,
                   GIOStream *stream,
                   gpointer   user_data)
{
  sandbox_odfe_serve_metrics (user_data, pod, stream);
}

void
sandbox_odfe_attach (SandboxOdfe   *self,
                     SandboxServer *server)
{
  g_return_if_fail (SANDBOX_IS_ODFE (self));
  g_return_if_fail (SANDBOX_IS_SERVER (server));

  g_set_object (&self->controller, sandbox_server_get_controller (server));
  sandbox_server_set_port_handler (server, SANDBOX_ODFE_REST_PORT, on_rest_stream, self);
  sandbox_server_set_port_handler (server, SANDBOX_ODFE_METRICS_PORT, on_metrics_stream, self);
}

/* GObject */

static void
sandbox_odfe_dispose (GObject *object)
{
  SandboxOdfe *self = SANDBOX_ODFE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->rest);
  g_clear_object (&self->metrics);
  g_clear_object (&self->store);
  g_clear_object (&self->controller);

  G_OBJECT_CLASS (sandbox_odfe_parent_class)->dispose (object);
}

static void
sandbox_odfe_finalize (GObject *object)
{
  SandboxOdfe *self = SANDBOX_ODFE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->clusters, g_hash_table_unref);
  g_clear_pointer (&self->password_cache, g_hash_table_unref);

  G_OBJECT_CLASS (sandbox_odfe_parent_class)->finalize (object);
}

static void
sandbox_odfe_class_init (SandboxOdfeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sandbox_odfe_dispose;
  object_class->finalize = sandbox_odfe_finalize;
}

static void
sandbox_odfe_init (SandboxOdfe *self)
{
  self->cancellable = g_cancellable_new ();
  self->clusters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) cluster_free);
  self->password_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* Elasticsearch sends no Server header. */
  self->rest = sandbox_odfe_http_server_new ();
  self->metrics = sandbox_odfe_http_server_new ();
  soup_server_add_handler (self->rest, NULL, on_rest_request, self, NULL);
  soup_server_add_handler (self->metrics, NULL, on_metrics_request, self, NULL);
}

SandboxOdfe *
sandbox_odfe_new (SandboxStore *store)
{
  SandboxOdfe *self;

  g_return_val_if_fail (SANDBOX_IS_STORE (store), NULL);

  self = g_object_new (SANDBOX_TYPE_ODFE, NULL);
  self->store = g_object_ref (store);

  return self;
}
