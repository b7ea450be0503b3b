/* odfe-client.c: the REST client of one search cluster, over verified HTTPS
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cluster is reached at 127.0.0.1 through a KubePortForward, or at an address the user
 * gives (a LoadBalancer, an ingress).  Either way the TLS certificate is checked here with
 * GnuTLS (kube-tls's verifier): it must chain to the cluster's own root CA, read from its
 * elasticsearch-tls Secret (or, for an external address, to the system's CAs), and be valid
 * for the Service's DNS name, which is not the host the socket connects to.  The session has
 * no trust database, so glib-networking leaves every certificate to accept-certificate.
 *
 * Every answer is read whole, up to a limit, then parsed: on the main loop when small, in a
 * GTask worker thread above 64 KiB (a _cat/indices of a busy cluster, _nodes/stats of many
 * nodes).  The typed parsers check every member's presence and type, since the server is
 * not trusted to keep its promises; the _cat APIs' values are strings and are read as such,
 * an unreadable one becoming unknown (-1, NAN), never 0.
 */

#include "config.h"

#include "odfe-client.h"
#include "odfe-error.h"
#include "kube-tls.h"

#include <math.h>
#include <string.h>

#define THREAD_PARSE_THRESHOLD  (64 * 1024)
#define DEFAULT_MAX_BODY_SIZE   (64 * 1024 * 1024)
#define READ_CHUNK_SIZE         65536
#define MAX_HEALTH_WAIT_SECONDS 60

struct _OdfeClient
{
  GObject          parent_instance;

  char            *base_url;
  GUri            *base_uri;
  char            *server_name;
  KubeTlsVerifier *verifier;
  SoupSession     *session;
  char            *authorization;   /* "Basic …", or NULL */
  OdfeFlavour      flavour;
  gsize            max_body_size;
};

G_DEFINE_FINAL_TYPE (OdfeClient, odfe_client, G_TYPE_OBJECT)

/* Result structures */

void
odfe_info_free (OdfeInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->name);
  g_free (info->cluster_name);
  g_free (info->cluster_uuid);
  g_free (info->version);
  g_free (info->distribution);
  g_free (info->tagline);
  g_free (info);
}

void
odfe_health_free (OdfeHealth *health)
{
  if (health == NULL)
    return;

  g_free (health->cluster_name);
  g_free (health);
}

void
odfe_node_free (OdfeNode *node)
{
  if (node == NULL)
    return;

  g_free (node->name);
  g_free (node->ip);
  g_free (node->roles);
  g_free (node);
}

void
odfe_index_free (OdfeIndex *index)
{
  if (index == NULL)
    return;

  g_free (index->name);
  g_free (index->uuid);
  g_free (index->status);
  g_free (index);
}

void
odfe_node_stats_free (OdfeNodeStats *stats)
{
  if (stats == NULL)
    return;

  g_free (stats->id);
  g_free (stats->name);
  g_free (stats->host);
  g_free (stats->ip);
  g_strfreev (stats->roles);
  g_free (stats);
}

void
odfe_security_health_free (OdfeSecurityHealth *health)
{
  if (health == NULL)
    return;

  g_free (health->status);
  g_free (health->mode);
  g_free (health->message);
  g_free (health);
}

void
odfe_auth_info_free (OdfeAuthInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->user_name);
  g_free (info->user_requested_tenant);
  g_free (info->remote_address);
  g_strfreev (info->backend_roles);
  g_strfreev (info->roles);
  g_strfreev (info->tenants);
  g_free (info);
}

OdfeHealthStatus
odfe_health_status_from_string (const char *text)
{
  if (g_strcmp0 (text, "green") == 0)
    return ODFE_HEALTH_GREEN;
  if (g_strcmp0 (text, "yellow") == 0)
    return ODFE_HEALTH_YELLOW;
  if (g_strcmp0 (text, "red") == 0)
    return ODFE_HEALTH_RED;

  return ODFE_HEALTH_UNKNOWN;
}

/* Type-checked reads */

static JsonObject *
as_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The node at a NULL-terminated path of members below @object, or NULL. */
static JsonNode *
member_at (JsonObject *object,
           ...)
{
  JsonNode *node = NULL;
  const char *name;
  va_list args;

  va_start (args, object);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      if (object == NULL)
        {
          node = NULL;
          break;
        }

      node = json_object_get_member (object, name);
      object = as_object (node);
    }
  va_end (args);

  return node;
}

static const char *
node_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static char *
dup_string (JsonObject *object,
            const char *name)
{
  return g_strdup (node_string (member_at (object, name, NULL)));
}

/* An integer given as a JSON number or, as the _cat APIs do, as a string; -1 otherwise. */
static gint64
node_int (JsonNode *node)
{
  const char *text;
  gint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      value = json_node_get_int (node);
      return value >= 0 ? value : -1;

    case G_TYPE_DOUBLE:
      {
        double number = json_node_get_double (node);

        return isfinite (number) && number >= 0 && number < 9.0e18 ? (gint64) number : -1;
      }

    case G_TYPE_STRING:
      text = json_node_get_string (node);
      if (g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, &value, NULL))
        return value;
      return -1;

    default:
      return -1;
    }
}

/* A fraction given as a number or a string; NAN otherwise. */
static double
node_double (JsonNode *node)
{
  const char *text;
  char *end = NULL;
  double value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NAN;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return (double) json_node_get_int (node);

    case G_TYPE_DOUBLE:
      return json_node_get_double (node);

    case G_TYPE_STRING:
      text = json_node_get_string (node);
      if (text[0] == '\0' || g_ascii_isspace (text[0]))
        return NAN;
      value = g_ascii_strtod (text, &end);
      return end != NULL && *end == '\0' && isfinite (value) ? value : NAN;

    default:
      return NAN;
    }
}

static gboolean
node_bool (JsonNode *node,
           gboolean  default_value)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return default_value;

  return json_node_get_boolean (node);
}

/* The strings of an array member; other elements are skipped. */
static GStrv
string_array (JsonNode *node)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *text = node_string (json_array_get_element (array, i));

          if (text != NULL)
            g_strv_builder_add (builder, text);
        }
    }

  return g_strv_builder_end (builder);
}

static gboolean
protocol_error (GError    **error,
                const char *what)
{
  g_set_error (error, ODFE_ERROR, ODFE_ERROR_PROTOCOL,
               "The search cluster's answer to %s is not in the expected form", what);
  return FALSE;
}

/* Parsers */

OdfeInfo *
odfe_info_parse (JsonNode  *root,
                 GError   **error)
{
  g_autoptr(OdfeInfo) info = NULL;
  JsonObject *object = as_object (root);
  JsonObject *version;

  version = as_object (member_at (object, "version", NULL));
  if (object == NULL || node_string (member_at (version, "number", NULL)) == NULL)
    {
      protocol_error (error, "GET /");
      return NULL;
    }

  info = g_new0 (OdfeInfo, 1);
  info->name = dup_string (object, "name");
  info->cluster_name = dup_string (object, "cluster_name");
  info->cluster_uuid = dup_string (object, "cluster_uuid");
  info->tagline = dup_string (object, "tagline");
  info->version = dup_string (version, "number");
  info->distribution = dup_string (version, "distribution");

  /* OpenSearch says so in version.distribution; Elasticsearch 7.10 (Open Distro) has no
   * such member. */
  if (g_strcmp0 (info->distribution, "opensearch") == 0
      || (info->distribution == NULL && info->tagline != NULL
          && strstr (info->tagline, "OpenSearch") != NULL))
    info->flavour = ODFE_FLAVOUR_OPENSEARCH;
  else
    info->flavour = ODFE_FLAVOUR_OPEN_DISTRO;

  return g_steal_pointer (&info);
}

OdfeHealth *
odfe_health_parse (JsonNode  *root,
                   GError   **error)
{
  OdfeHealth *health;
  JsonObject *object = as_object (root);

  if (object == NULL || node_string (member_at (object, "status", NULL)) == NULL)
    {
      protocol_error (error, "GET /_cluster/health");
      return NULL;
    }

  health = g_new0 (OdfeHealth, 1);
  health->cluster_name = dup_string (object, "cluster_name");
  health->status = odfe_health_status_from_string (node_string (member_at (object, "status",
                                                                           NULL)));
  health->timed_out = node_bool (member_at (object, "timed_out", NULL), FALSE);

#define READ_INT(field) \
  health->field = node_int (member_at (object, #field, NULL))
  READ_INT (number_of_nodes);
  READ_INT (number_of_data_nodes);
  READ_INT (active_primary_shards);
  READ_INT (active_shards);
  READ_INT (relocating_shards);
  READ_INT (initializing_shards);
  READ_INT (unassigned_shards);
  READ_INT (delayed_unassigned_shards);
  READ_INT (number_of_pending_tasks);
  READ_INT (number_of_in_flight_fetch);
  READ_INT (task_max_waiting_in_queue_millis);
#undef READ_INT

  health->active_shards_percent =
    node_double (member_at (object, "active_shards_percent_as_number", NULL));

  return health;
}

static int
compare_nodes (gconstpointer a,
               gconstpointer b)
{
  const OdfeNode *first = *(OdfeNode * const *) a;
  const OdfeNode *second = *(OdfeNode * const *) b;

  return g_strcmp0 (first->name, second->name);
}

GPtrArray *
odfe_cat_nodes_parse (JsonNode  *root,
                      GError   **error)
{
  g_autoptr(GPtrArray) nodes = NULL;
  JsonArray *array;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      protocol_error (error, "GET /_cat/nodes");
      return NULL;
    }

  array = json_node_get_array (root);
  nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) odfe_node_free);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *row = as_object (json_array_get_element (array, i));
      OdfeNode *node;

      if (row == NULL)
        continue;

      node = g_new0 (OdfeNode, 1);
      node->name = dup_string (row, "name");
      node->ip = dup_string (row, "ip");
      node->roles = dup_string (row, "node.role");
      node->is_master = g_strcmp0 (node_string (member_at (row, "master", NULL)), "*") == 0;
      node->heap_percent = node_int (member_at (row, "heap.percent", NULL));
      node->ram_percent = node_int (member_at (row, "ram.percent", NULL));
      node->cpu_percent = node_int (member_at (row, "cpu", NULL));
      node->load_1m = node_double (member_at (row, "load_1m", NULL));
      node->load_5m = node_double (member_at (row, "load_5m", NULL));
      node->load_15m = node_double (member_at (row, "load_15m", NULL));
      g_ptr_array_add (nodes, node);
    }

  g_ptr_array_sort (nodes, compare_nodes);
  return g_steal_pointer (&nodes);
}

static int
compare_indices (gconstpointer a,
                 gconstpointer b)
{
  const OdfeIndex *first = *(OdfeIndex * const *) a;
  const OdfeIndex *second = *(OdfeIndex * const *) b;

  return g_strcmp0 (first->name, second->name);
}

GPtrArray *
odfe_cat_indices_parse (JsonNode  *root,
                        GError   **error)
{
  g_autoptr(GPtrArray) indices = NULL;
  JsonArray *array;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      protocol_error (error, "GET /_cat/indices");
      return NULL;
    }

  array = json_node_get_array (root);
  indices = g_ptr_array_new_with_free_func ((GDestroyNotify) odfe_index_free);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *row = as_object (json_array_get_element (array, i));
      OdfeIndex *index;

      if (row == NULL || node_string (member_at (row, "index", NULL)) == NULL)
        continue;

      index = g_new0 (OdfeIndex, 1);
      index->name = dup_string (row, "index");
      index->uuid = dup_string (row, "uuid");
      index->health = odfe_health_status_from_string (node_string (member_at (row, "health",
                                                                              NULL)));
      index->status = dup_string (row, "status");
      index->primaries = node_int (member_at (row, "pri", NULL));
      index->replicas = node_int (member_at (row, "rep", NULL));
      index->docs_count = node_int (member_at (row, "docs.count", NULL));
      index->docs_deleted = node_int (member_at (row, "docs.deleted", NULL));
      index->store_size = node_int (member_at (row, "store.size", NULL));
      index->primary_store_size = node_int (member_at (row, "pri.store.size", NULL));
      g_ptr_array_add (indices, index);
    }

  g_ptr_array_sort (indices, compare_indices);
  return g_steal_pointer (&indices);
}

static int
compare_node_stats (gconstpointer a,
                    gconstpointer b)
{
  const OdfeNodeStats *first = *(OdfeNodeStats * const *) a;
  const OdfeNodeStats *second = *(OdfeNodeStats * const *) b;
  int by_name = g_strcmp0 (first->name, second->name);

  return by_name != 0 ? by_name : g_strcmp0 (first->id, second->id);
}

GPtrArray *
odfe_nodes_stats_parse (JsonNode  *root,
                        GError   **error)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GList) ids = NULL;
  JsonObject *nodes = as_object (member_at (as_object (root), "nodes", NULL));

  if (nodes == NULL)
    {
      protocol_error (error, "GET /_nodes/stats");
      return NULL;
    }

  all = g_ptr_array_new_with_free_func ((GDestroyNotify) odfe_node_stats_free);
  ids = json_object_get_members (nodes);

  for (GList *l = ids; l != NULL; l = l->next)
    {
      JsonObject *node = as_object (json_object_get_member (nodes, l->data));
      OdfeNodeStats *stats;

      if (node == NULL)
        continue;

      stats = g_new0 (OdfeNodeStats, 1);
      stats->id = g_strdup (l->data);
      stats->name = dup_string (node, "name");
      stats->host = dup_string (node, "host");
      stats->ip = dup_string (node, "ip");
      stats->roles = string_array (member_at (node, "roles", NULL));
      stats->cpu_percent = node_int (member_at (node, "os", "cpu", "percent", NULL));
      stats->load_1m = node_double (member_at (node, "os", "cpu", "load_average", "1m", NULL));
      stats->mem_total = node_int (member_at (node, "os", "mem", "total_in_bytes", NULL));
      stats->mem_used = node_int (member_at (node, "os", "mem", "used_in_bytes", NULL));
      stats->heap_used = node_int (member_at (node, "jvm", "mem", "heap_used_in_bytes", NULL));
      stats->heap_max = node_int (member_at (node, "jvm", "mem", "heap_max_in_bytes", NULL));
      stats->heap_used_percent = node_int (member_at (node, "jvm", "mem", "heap_used_percent",
                                                      NULL));
      stats->uptime_ms = node_int (member_at (node, "jvm", "uptime_in_millis", NULL));
      stats->fs_total = node_int (member_at (node, "fs", "total", "total_in_bytes", NULL));
      stats->fs_available = node_int (member_at (node, "fs", "total", "available_in_bytes",
                                                 NULL));
      stats->docs_count = node_int (member_at (node, "indices", "docs", "count", NULL));
      stats->store_size = node_int (member_at (node, "indices", "store", "size_in_bytes",
                                               NULL));
      g_ptr_array_add (all, stats);
    }

  g_ptr_array_sort (all, compare_node_stats);
  return g_steal_pointer (&all);
}

static gpointer
security_health_parse (JsonNode  *root,
                       GError   **error)
{
  OdfeSecurityHealth *health;
  JsonObject *object = as_object (root);
  const char *status = node_string (member_at (object, "status", NULL));

  if (status == NULL)
    {
      protocol_error (error, "the security plugin's health check");
      return NULL;
    }

  health = g_new0 (OdfeSecurityHealth, 1);
  health->status = g_strdup (status);
  health->mode = dup_string (object, "mode");
  health->message = dup_string (object, "message");
  health->up = g_str_equal (status, "UP");

  return health;
}

static gpointer
auth_info_parse (JsonNode  *root,
                 GError   **error)
{
  OdfeAuthInfo *info;
  JsonObject *object = as_object (root);
  JsonObject *tenants;
  g_autoptr(GStrvBuilder) tenant_names = g_strv_builder_new ();
  g_autoptr(GList) members = NULL;

  if (object == NULL || node_string (member_at (object, "user_name", NULL)) == NULL)
    {
      protocol_error (error, "the security plugin's authinfo");
      return NULL;
    }

  info = g_new0 (OdfeAuthInfo, 1);
  info->user_name = dup_string (object, "user_name");
  info->user_requested_tenant = dup_string (object, "user_requested_tenant");
  info->remote_address = dup_string (object, "remote_address");
  info->backend_roles = string_array (member_at (object, "backend_roles", NULL));
  info->roles = string_array (member_at (object, "roles", NULL));

  tenants = as_object (member_at (object, "tenants", NULL));
  if (tenants != NULL)
    members = json_object_get_members (tenants);
  for (GList *l = members; l != NULL; l = l->next)
    g_strv_builder_add (tenant_names, l->data);
  info->tenants = g_strv_builder_end (tenant_names);

  return info;
}

/* Secrets and names */

char *
odfe_service_server_name (const char *namespace)
{
  g_return_val_if_fail (namespace != NULL, NULL);

  return g_strdup_printf ("elasticsearch.%s.svc", namespace);
}

GBytes *
odfe_ca_from_tls_secret (JsonNode  *secret,
                         GError   **error)
{
  static const char * const keys[] = { "elk-rest-root-ca.pem", "root-ca.pem", "ca.crt", NULL };
  JsonObject *object = as_object (secret);
  JsonObject *data = as_object (member_at (object, "data", NULL));
  const char *name = node_string (member_at (object, "metadata", "name", NULL));

  if (name == NULL)
    name = "elasticsearch-tls";

  for (guint i = 0; keys[i] != NULL; i++)
    {
      const char *encoded = node_string (member_at (data, keys[i], NULL));
      g_autofree guchar *decoded = NULL;
      gsize length = 0;

      if (encoded == NULL)
        continue;

      decoded = g_base64_decode (encoded, &length);
      if (decoded == NULL || length == 0
          || g_strstr_len ((const char *) decoded, length,
                           "-----BEGIN CERTIFICATE-----") == NULL)
        {
          g_set_error (error, ODFE_ERROR, ODFE_ERROR_CONFIG,
                       "The key “%s” of Secret “%s” holds no PEM certificate",
                       keys[i], name);
          return NULL;
        }

      return g_bytes_new_take (g_steal_pointer (&decoded), length);
    }

  g_set_error (error, ODFE_ERROR, ODFE_ERROR_CONFIG,
               "Secret “%s” has no root certificate authority (elk-rest-root-ca.pem)", name);
  return NULL;
}

static void
tls_secret_ready (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) secret = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *ca;

  secret = kube_client_get_finish (KUBE_CLIENT (object), result, &error);
  if (secret == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  ca = odfe_ca_from_tls_secret (secret, &error);
  if (ca == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, ca, (GDestroyNotify) g_bytes_unref);
}

void
odfe_read_cluster_ca_async (KubeClient          *client,
                            const char          *namespace,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (KUBE_IS_CLIENT (client));
  g_return_if_fail (namespace != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, odfe_read_cluster_ca_async);
  kube_client_get_async (client, kube_resource_type_get (KUBE_RESOURCE_SECRETS), namespace,
                         "elasticsearch-tls", cancellable, tls_secret_ready, task);
}

GBytes *
odfe_read_cluster_ca_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* SEARCHDECK_DEBUG=http: the headers of every exchange, with credentials blotted out. */
static void
print_header_line (SoupLogger         *logger,
                   SoupLoggerLogLevel  level,
                   char                direction,
                   const char         *data,
                   gpointer            user_data)
{
  static const char * const secret_headers[] = {
    "Authorization:", "Proxy-Authorization:", "Cookie:", "Set-Cookie:", NULL
  };

  for (guint i = 0; secret_headers[i] != NULL; i++)
    if (g_ascii_strncasecmp (data, secret_headers[i], strlen (secret_headers[i])) == 0)
      {
        g_printerr ("%c %s [redacted]\n", direction, secret_headers[i]);
        return;
      }

  g_printerr ("%c %s\n", direction, data);
}

static gboolean
wants_http_debug (void)
{
  g_auto(GStrv) words = NULL;
  const char *setting = g_getenv ("SEARCHDECK_DEBUG");

  if (setting == NULL)
    return FALSE;

  words = g_strsplit_set (setting, ",: ", -1);
  return g_strv_contains ((const char * const *) words, "http")
         || g_strv_contains ((const char * const *) words, "all");
}

/* The client */

static void
odfe_client_finalize (GObject *object)
{
  OdfeClient *self = ODFE_CLIENT (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_pointer (&self->verifier, kube_tls_verifier_free);
  g_clear_pointer (&self->base_uri, g_uri_unref);
  g_free (self->base_url);
  g_free (self->server_name);
  if (self->authorization != NULL)
    explicit_bzero (self->authorization, strlen (self->authorization));
  g_free (self->authorization);

  G_OBJECT_CLASS (odfe_client_parent_class)->finalize (object);
}

static void
odfe_client_class_init (OdfeClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = odfe_client_finalize;
}

static void
odfe_client_init (OdfeClient *self)
{
  self->max_body_size = DEFAULT_MAX_BODY_SIZE;
}

OdfeClient *
odfe_client_new (const char  *base_url,
                 GBytes      *ca_pem,
                 const char  *server_name,
                 GError     **error)
{
  g_autoptr(OdfeClient) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *origin = NULL;
  const char *scheme;

  g_return_val_if_fail (base_url != NULL, NULL);

  self = g_object_new (ODFE_TYPE_CLIENT, NULL);
  self->base_uri = g_uri_parse (base_url, G_URI_FLAGS_ENCODED_PATH, NULL);
  scheme = self->base_uri ? g_uri_get_scheme (self->base_uri) : NULL;
  if (scheme == NULL || g_ascii_strcasecmp (scheme, "https") != 0
      || g_uri_get_host (self->base_uri) == NULL || g_uri_get_host (self->base_uri)[0] == '\0')
    {
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_CONFIG,
                   "The search cluster's address (%s) is not an https:// URL", base_url);
      return NULL;
    }

  self->base_url = g_strdup (base_url);
  self->server_name = g_strdup (server_name && server_name[0] ? server_name
                                                              : g_uri_get_host (self->base_uri));

  origin = g_strdup ("the cluster's elasticsearch-tls Secret");
  self->verifier = kube_tls_verifier_new (ca_pem, origin, self->server_name, &local_error);
  if (self->verifier == NULL)
    {
      g_set_error_literal (error, ODFE_ERROR, ODFE_ERROR_CONFIG, local_error->message);
      return NULL;
    }

  /* No trust database: every certificate goes to accept-certificate, checked below.  The
   * idle timeout lets a port-forward see its connections end and close itself. */
  self->session = g_object_new (SOUP_TYPE_SESSION,
                                "tls-database", NULL,
                                "timeout", MAX_HEALTH_WAIT_SECONDS + 30,
                                "idle-timeout", 20,
                                "max-conns-per-host", 4,
                                "user-agent", "Searchdeck/" PACKAGE_VERSION,
                                NULL);

  if (wants_http_debug ())
    {
      g_autoptr(SoupLogger) logger = soup_logger_new (SOUP_LOGGER_LOG_HEADERS);

      soup_logger_set_printer (logger, print_header_line, NULL, NULL);
      soup_session_add_feature (self->session, SOUP_SESSION_FEATURE (logger));
    }

  return g_steal_pointer (&self);
}

void
odfe_client_set_credentials (OdfeClient *self,
                             const char *user,
                             const char *password)
{
  g_autofree char *pair = NULL;
  g_autofree char *encoded = NULL;

  g_return_if_fail (ODFE_IS_CLIENT (self));

  if (self->authorization != NULL)
    explicit_bzero (self->authorization, strlen (self->authorization));
  g_clear_pointer (&self->authorization, g_free);

  if (user == NULL)
    return;

  pair = g_strdup_printf ("%s:%s", user, password ? password : "");
  encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  self->authorization = g_strconcat ("Basic ", encoded, NULL);

  explicit_bzero (pair, strlen (pair));
  explicit_bzero (encoded, strlen (encoded));
}

const char *
odfe_client_get_base_url (OdfeClient *self)
{
  g_return_val_if_fail (ODFE_IS_CLIENT (self), NULL);

  return self->base_url;
}

const char *
odfe_client_get_server_name (OdfeClient *self)
{
  g_return_val_if_fail (ODFE_IS_CLIENT (self), NULL);

  return self->server_name;
}

OdfeFlavour
odfe_client_get_flavour (OdfeClient *self)
{
  g_return_val_if_fail (ODFE_IS_CLIENT (self), ODFE_FLAVOUR_UNKNOWN);

  return self->flavour;
}

void
odfe_client_set_max_body_size (OdfeClient *self,
                               gsize       max_body_size)
{
  g_return_if_fail (ODFE_IS_CLIENT (self));

  self->max_body_size = max_body_size;
}

char *
odfe_client_plugin_path (OdfeClient *self,
                         const char *path)
{
  g_return_val_if_fail (ODFE_IS_CLIENT (self), NULL);
  g_return_val_if_fail (path != NULL && path[0] != '/', NULL);

  return g_strconcat (self->flavour == ODFE_FLAVOUR_OPENSEARCH ? "/_plugins/" : "/_opendistro/",
                      path, NULL);
}

static GUri *
build_uri (OdfeClient *self,
           const char *path_and_query)
{
  g_autofree char *base_path = g_strdup (g_uri_get_path (self->base_uri));
  g_autofree char *path = NULL;
  const char *query = strchr (path_and_query, '?');
  gsize length = strlen (base_path);

  /* An ingress may publish the cluster under a path prefix: keep it. */
  while (length > 0 && base_path[length - 1] == '/')
    base_path[--length] = '\0';

  if (query != NULL)
    path = g_strdup_printf ("%s%.*s", base_path, (int) (query - path_and_query),
                            path_and_query);
  else
    path = g_strconcat (base_path, path_and_query, NULL);

  return g_uri_build (G_URI_FLAGS_ENCODED, "https", NULL, g_uri_get_host (self->base_uri),
                      g_uri_get_port (self->base_uri), path, query ? query + 1 : NULL, NULL);
}

/* Requests */

typedef gpointer (*ParseFunc) (JsonNode  *root,
                               GError   **error);

typedef struct
{
  char           *method;
  char           *path;
  GBytes         *request_body;
  SoupMessage    *message;
  GByteArray     *received;
  GBytes         *body;
  ParseFunc       parse;          /* NULL: the JsonNode itself */
  GDestroyNotify  free_result;
  guint           also_accepted;  /* a failure status whose body is still a result */
  GError         *tls_error;
} Request;

static void
request_free (Request *request)
{
  if (request->message != NULL)
    g_signal_handlers_disconnect_matched (request->message, G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                                          NULL, request);
  g_clear_object (&request->message);
  g_free (request->method);
  g_free (request->path);
  g_clear_pointer (&request->request_body, g_bytes_unref);
  g_clear_pointer (&request->received, g_byte_array_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_error (&request->tls_error);
  g_free (request);
}

/* libsoup 3.2 sends a message again, once, when a kept-alive connection turns out to be
 * closed (a pod went away behind the port-forward), but with the body it read the first
 * time gone: "Content-Length: 0".  Give it the body again. */
static void
on_restarted (SoupMessage *message,
              Request     *request)
{
  if (request->request_body != NULL)
    soup_message_set_request_body_from_bytes (message, "application/json",
                                              request->request_body);
}

static gboolean
on_accept_certificate (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  Request *request = user_data;
  OdfeClient *self = g_object_get_data (G_OBJECT (message), "odfe-client");
  g_autoptr(GError) error = NULL;

  g_clear_error (&request->tls_error);
  if (self == NULL || !kube_tls_verifier_verify (self->verifier, certificate, &error))
    {
      request->tls_error = g_error_new_literal (ODFE_ERROR, ODFE_ERROR_TLS,
                                                error ? error->message
                                                      : "The certificate was not checked");
      g_debug ("Refused the certificate of %s: %s", self ? self->base_url : "?",
               request->tls_error->message);
      return FALSE;
    }

  return TRUE;
}

static gpointer
parse_body (Request  *request,
            GError  **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (request->body, &length);
  JsonNode *root;

  if (length == 0 || length > G_MAXSSIZE
      || !json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_PROTOCOL,
                   "The search cluster's answer to %s %s is not JSON%s%s", request->method,
                   request->path, local_error ? ": " : "",
                   local_error ? local_error->message : "");
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (request->parse == NULL)
    return json_node_ref (root);

  return request->parse (root, error);
}

static void
parse_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Request *request = task_data;
  GError *error = NULL;
  gpointer result = parse_body (request, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, request->free_result);
}

static void
parsed_in_thread (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;
  gpointer value = g_task_propagate_pointer (G_TASK (result), &error);

  if (value == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, value, request->free_result);
}

/* Takes @task_owned. */
static void
body_complete (GTask *task_owned)
{
  g_autoptr(GTask) task = task_owned;
  Request *request = g_task_get_task_data (task);
  guint status = soup_message_get_status (request->message);
  g_autoptr(GError) error = NULL;
  gpointer result;

  request->body = g_byte_array_free_to_bytes (g_steal_pointer (&request->received));

  if (!SOUP_STATUS_IS_SUCCESSFUL (status)
      && !(status == request->also_accepted && g_bytes_get_size (request->body) > 0))
    {
      g_debug ("%s %s: HTTP %u", request->method, request->path, status);
      g_task_return_error (task, odfe_error_new_from_response (
                                   status, soup_message_get_reason_phrase (request->message),
                                   request->body));
      return;
    }

  /* The worker's task has no source object: the thread pool may drop it a little after
   * the result is delivered, and it must not keep the client alive meanwhile. */
  if (g_bytes_get_size (request->body) > THREAD_PARSE_THRESHOLD)
    {
      g_autoptr(GTask) worker = NULL;

      worker = g_task_new (NULL, g_task_get_cancellable (task), parsed_in_thread,
                           g_object_ref (task));
      g_task_set_task_data (worker, request, NULL);
      g_task_run_in_thread (worker, parse_in_thread);
      return;
    }

  result = parse_body (request, &error);
  if (result == NULL && status == request->also_accepted)
    g_task_return_error (task, odfe_error_new_from_response (
                                 status, soup_message_get_reason_phrase (request->message),
                                 request->body));
  else if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, request->free_result);
}

static void
chunk_read (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) error = NULL;
  OdfeClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  GInputStream *stream = G_INPUT_STREAM (object);
  GCancellable *cancellable;

  chunk = g_input_stream_read_bytes_finish (stream, result, &error);
  if (chunk == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, ODFE_ERROR, ODFE_ERROR_NETWORK,
                                 "The answer of the search cluster broke off: %s",
                                 error->message);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_input_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      body_complete (g_steal_pointer (&task));
      return;
    }

  if (request->received->len + g_bytes_get_size (chunk) > self->max_body_size)
    {
      g_input_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_task_return_new_error (task, ODFE_ERROR, ODFE_ERROR_TOO_LARGE,
                               "The search cluster's answer to %s %s is larger than %"
                               G_GSIZE_FORMAT " MiB", request->method, request->path,
                               self->max_body_size / (1024 * 1024));
      return;
    }

  g_byte_array_append (request->received, g_bytes_get_data (chunk, NULL),
                       g_bytes_get_size (chunk));
  cancellable = g_task_get_cancellable (task);
  g_input_stream_read_bytes_async (stream, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT, cancellable,
                                   chunk_read, g_steal_pointer (&task));
}

static void
message_sent (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  OdfeClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable;
  goffset length;

  stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (stream == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (request->tls_error != NULL)
        g_task_return_error (task, g_steal_pointer (&request->tls_error));
      else if (error->domain == G_TLS_ERROR)
        g_task_return_new_error (task, ODFE_ERROR, ODFE_ERROR_TLS,
                                 "The secure connection to the search cluster at %s failed: %s",
                                 self->base_url, error->message);
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        g_task_return_new_error (task, ODFE_ERROR, ODFE_ERROR_TIMEOUT,
                                 "The search cluster at %s did not answer in time",
                                 self->base_url);
      else
        g_task_return_new_error (task, ODFE_ERROR, ODFE_ERROR_NETWORK,
                                 "Could not reach the search cluster at %s: %s",
                                 self->base_url, error->message);
      return;
    }

  length = soup_message_headers_get_content_length (
             soup_message_get_response_headers (request->message));
  if (length > 0 && (guint64) length > self->max_body_size)
    {
      g_input_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_task_return_new_error (task, ODFE_ERROR, ODFE_ERROR_TOO_LARGE,
                               "The search cluster's answer to %s %s is larger than %"
                               G_GSIZE_FORMAT " MiB", request->method, request->path,
                               self->max_body_size / (1024 * 1024));
      return;
    }

  request->received = g_byte_array_new ();
  cancellable = g_task_get_cancellable (task);
  g_input_stream_read_bytes_async (stream, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT, cancellable,
                                   chunk_read, g_steal_pointer (&task));
}

static void
send_request (OdfeClient          *self,
              const char          *method,
              const char          *path_and_query,
              JsonNode            *body,
              ParseFunc            parse,
              GDestroyNotify       free_result,
              guint                also_accepted,
              gpointer             source_tag,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  SoupMessageHeaders *headers;
  Request *request;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  request = g_new0 (Request, 1);
  request->method = g_strdup (method);
  request->path = g_strdup (path_and_query);
  request->parse = parse;
  request->free_result = free_result ? free_result : (GDestroyNotify) json_node_unref;
  request->also_accepted = also_accepted;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  uri = build_uri (self, path_and_query);
  if (uri == NULL)
    {
      g_task_return_new_error (task, ODFE_ERROR, ODFE_ERROR_FAILED,
                               "Could not build a URL for %s", path_and_query);
      return;
    }

  request->message = soup_message_new_from_uri (method, uri);
  g_object_set_data (G_OBJECT (request->message), "odfe-client", self);
  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (self->authorization != NULL)
    soup_message_headers_replace (headers, "Authorization", self->authorization);

  if (body != NULL)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      gsize length = 0;
      char *text;

      json_generator_set_root (generator, body);
      text = json_generator_to_data (generator, &length);
      request->request_body = g_bytes_new_take (text, length);
      soup_message_set_request_body_from_bytes (request->message, "application/json",
                                                request->request_body);
    }

  g_signal_connect (request->message, "accept-certificate",
                    G_CALLBACK (on_accept_certificate), request);
  g_signal_connect (request->message, "restarted", G_CALLBACK (on_restarted), request);

  soup_session_send_async (self->session, request->message, G_PRIORITY_DEFAULT, cancellable,
                           message_sent, g_steal_pointer (&task));
}

void
odfe_client_request_json_async (OdfeClient          *self,
                                const char          *method,
                                const char          *path_and_query,
                                JsonNode            *body,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (ODFE_IS_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path_and_query != NULL && path_and_query[0] == '/');

  send_request (self, method, path_and_query, body, NULL, NULL, 0,
                odfe_client_request_json_async, cancellable, callback, user_data);
}

JsonNode *
odfe_client_request_json_finish (OdfeClient    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* GET /, which also tells the flavour */

static void
info_received (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  OdfeClient *self = ODFE_CLIENT (object);
  OdfeInfo *info;

  info = g_task_propagate_pointer (G_TASK (result), &error);
  if (info == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (self->flavour != info->flavour)
    g_debug ("%s runs %s %s", self->base_url,
             info->flavour == ODFE_FLAVOUR_OPENSEARCH ? "OpenSearch" : "Elasticsearch",
             info->version);
  self->flavour = info->flavour;
  g_task_return_pointer (task, info, (GDestroyNotify) odfe_info_free);
}

void
odfe_client_info_async (OdfeClient          *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ODFE_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, odfe_client_info_async);
  send_request (self, "GET", "/", NULL, (ParseFunc) odfe_info_parse,
                (GDestroyNotify) odfe_info_free, 0, odfe_info_parse, cancellable, info_received,
                task);
}

OdfeInfo *
odfe_client_info_finish (OdfeClient    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The typed calls */

void
odfe_client_health_async (OdfeClient          *self,
                          const char          *wait_for_status,
                          guint                timeout_seconds,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GString) path = g_string_new ("/_cluster/health");
  const char *separator = "?";

  g_return_if_fail (ODFE_IS_CLIENT (self));
  g_return_if_fail (wait_for_status == NULL
                    || odfe_health_status_from_string (wait_for_status) != ODFE_HEALTH_UNKNOWN);

  if (wait_for_status != NULL)
    {
      g_string_append_printf (path, "%swait_for_status=%s", separator, wait_for_status);
      separator = "&";
    }
  if (timeout_seconds > 0)
    g_string_append_printf (path, "%stimeout=%us", separator,
                            MIN (timeout_seconds, MAX_HEALTH_WAIT_SECONDS));

  /* Elasticsearch answers 408 with the health body when the wait timed out. */
  send_request (self, "GET", path->str, NULL, (ParseFunc) odfe_health_parse,
                (GDestroyNotify) odfe_health_free, SOUP_STATUS_REQUEST_TIMEOUT,
                odfe_client_health_async, cancellable, callback, user_data);
}

OdfeHealth *
odfe_client_health_finish (OdfeClient    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
odfe_client_cat_nodes_async (OdfeClient          *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (ODFE_IS_CLIENT (self));

  send_request (self, "GET",
                "/_cat/nodes?format=json&h=name,ip,node.role,master,heap.percent,ram.percent,"
                "cpu,load_1m,load_5m,load_15m",
                NULL, (ParseFunc) odfe_cat_nodes_parse, (GDestroyNotify) g_ptr_array_unref, 0,
                odfe_client_list_finish, cancellable, callback, user_data);
}

void
odfe_client_cat_indices_async (OdfeClient          *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (ODFE_IS_CLIENT (self));

  send_request (self, "GET",
                "/_cat/indices?format=json&bytes=b&h=health,status,index,uuid,pri,rep,"
                "docs.count,docs.deleted,store.size,pri.store.size",
                NULL, (ParseFunc) odfe_cat_indices_parse, (GDestroyNotify) g_ptr_array_unref, 0,
                odfe_client_list_finish, cancellable, callback, user_data);
}

void
odfe_client_nodes_stats_async (OdfeClient          *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (ODFE_IS_CLIENT (self));

  send_request (self, "GET", "/_nodes/stats/os,jvm,fs,indices", NULL,
                (ParseFunc) odfe_nodes_stats_parse, (GDestroyNotify) g_ptr_array_unref, 0,
                odfe_client_list_finish, cancellable, callback, user_data);
}

GPtrArray *
odfe_client_list_finish (OdfeClient    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == odfe_client_list_finish,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Plugin calls: the path depends on the flavour, so it is asked first when unknown. */

typedef struct
{
  char           *path;           /* below the plugin prefix: "_security/health" */
  ParseFunc       parse;
  GDestroyNotify  free_result;
  guint           also_accepted;
} PluginCall;

static void
plugin_call_free (PluginCall *call)
{
  g_free (call->path);
  g_free (call);
}

static void
plugin_result (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PluginCall *call = g_task_get_task_data (task);
  GError *error = NULL;
  gpointer value;

  value = g_task_propagate_pointer (G_TASK (result), &error);
  if (value == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, value, call->free_result);
}

static void
plugin_send (GTask *task)
{
  OdfeClient *self = g_task_get_source_object (task);
  PluginCall *call = g_task_get_task_data (task);
  g_autofree char *path = odfe_client_plugin_path (self, call->path);

  send_request (self, "GET", path, NULL, call->parse, call->free_result, call->also_accepted,
                plugin_send, g_task_get_cancellable (task), plugin_result, task);
}

static void
plugin_flavour_known (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(OdfeInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = odfe_client_info_finish (ODFE_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  /* Without an answer (GET / needs credentials, the health check does not), Open Distro's
   * paths are the safe choice: OpenSearch still serves them. */
  if (info == NULL)
    g_debug ("The flavour is unknown (%s); using the /_opendistro paths", error->message);

  plugin_send (task);
}

static void
plugin_call (OdfeClient          *self,
             const char          *path,
             ParseFunc            parse,
             GDestroyNotify       free_result,
             guint                also_accepted,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task;
  PluginCall *call;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  call = g_new0 (PluginCall, 1);
  call->path = g_strdup (path);
  call->parse = parse;
  call->free_result = free_result;
  call->also_accepted = also_accepted;
  g_task_set_task_data (task, call, (GDestroyNotify) plugin_call_free);

  if (self->flavour == ODFE_FLAVOUR_UNKNOWN)
    odfe_client_info_async (self, cancellable, plugin_flavour_known, task);
  else
    plugin_send (task);
}

void
odfe_client_security_health_async (OdfeClient          *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (ODFE_IS_CLIENT (self));

  /* 503 with {"status":"DOWN",…} while the security index is not loaded. */
  plugin_call (self, "_security/health", security_health_parse,
               (GDestroyNotify) odfe_security_health_free, SOUP_STATUS_SERVICE_UNAVAILABLE,
               odfe_client_security_health_async, cancellable, callback, user_data);
}

OdfeSecurityHealth *
odfe_client_security_health_finish (OdfeClient    *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
odfe_client_authinfo_async (OdfeClient          *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (ODFE_IS_CLIENT (self));

  plugin_call (self, "_security/authinfo", auth_info_parse,
               (GDestroyNotify) odfe_auth_info_free, 0, odfe_client_authinfo_async,
               cancellable, callback, user_data);
}

OdfeAuthInfo *
odfe_client_authinfo_finish (OdfeClient    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
