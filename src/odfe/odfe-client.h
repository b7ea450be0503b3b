/* odfe-client.h: the REST client of one search cluster, over verified HTTPS
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "kube-client.h"
#include "odfe-image.h"

G_BEGIN_DECLS


typedef enum
{
  ODFE_HEALTH_UNKNOWN,
  ODFE_HEALTH_GREEN,
  ODFE_HEALTH_YELLOW,
  ODFE_HEALTH_RED,
} OdfeHealthStatus;

/* Counts and sizes the server did not give, or gave in a form that could not be read, are
 * -1 (integers) or NAN (fractions): unknown is never shown as 0. */

/* GET / */
typedef struct
{
  char        *name;              /* the node that answered */
  char        *cluster_name;
  char        *cluster_uuid;
  char        *version;           /* "7.10.2" */
  char        *distribution;      /* "opensearch", or NULL */
  char        *tagline;
  OdfeFlavour  flavour;           /* OPENSEARCH or OPEN_DISTRO (Elasticsearch 7.x alike) */
} OdfeInfo;

/* GET /_cluster/health */
typedef struct
{
  char             *cluster_name;
  OdfeHealthStatus  status;
  gboolean          timed_out;    /* wait_for_status was not reached in time */
  gint64            number_of_nodes;
  gint64            number_of_data_nodes;
  gint64            active_primary_shards;
  gint64            active_shards;
  gint64            relocating_shards;
  gint64            initializing_shards;
  gint64            unassigned_shards;
  gint64            delayed_unassigned_shards;
  gint64            number_of_pending_tasks;
  gint64            number_of_in_flight_fetch;
  gint64            task_max_waiting_in_queue_millis;
  double            active_shards_percent;
} OdfeHealth;

/* One row of GET /_cat/nodes */
typedef struct
{
  char     *name;
  char     *ip;
  char     *roles;                /* letters, "dimr" */
  gboolean  is_master;            /* the elected master ("*") */
  gint64    heap_percent;
  gint64    ram_percent;
  gint64    cpu_percent;
  double    load_1m;
  double    load_5m;
  double    load_15m;
} OdfeNode;

/* One row of GET /_cat/indices */
typedef struct
{
  char             *name;
  char             *uuid;
  OdfeHealthStatus  health;
  char             *status;       /* "open", "close" */
  gint64            primaries;
  gint64            replicas;
  gint64            docs_count;
  gint64            docs_deleted;
  gint64            store_size;   /* bytes */
  gint64            primary_store_size;
} OdfeIndex;

/* One node of GET /_nodes/stats */
typedef struct
{
  char   *id;
  char   *name;
  char   *host;
  char   *ip;
  GStrv   roles;                  /* never NULL */
  gint64  cpu_percent;
  double  load_1m;
  gint64  mem_total;              /* bytes */
  gint64  mem_used;
  gint64  heap_used;
  gint64  heap_max;
  gint64  heap_used_percent;
  gint64  fs_total;
  gint64  fs_available;
  gint64  docs_count;
  gint64  store_size;
  gint64  uptime_ms;
} OdfeNodeStats;

/* GET /_opendistro/_security/health (no credentials needed) */
typedef struct
{
  char     *status;               /* "UP", "DOWN" */
  char     *mode;                 /* "strict", "lenient" */
  char     *message;              /* "Not initialized", or NULL */
  gboolean  up;
} OdfeSecurityHealth;

/* GET /_opendistro/_security/authinfo */
typedef struct
{
  char  *user_name;
  char  *user_requested_tenant;
  char  *remote_address;
  GStrv  backend_roles;           /* never NULL */
  GStrv  roles;                   /* never NULL */
  GStrv  tenants;                 /* never NULL */
} OdfeAuthInfo;

void odfe_info_free            (OdfeInfo           *info);
void odfe_health_free          (OdfeHealth         *health);
void odfe_node_free            (OdfeNode           *node);
void odfe_index_free           (OdfeIndex          *index);
void odfe_node_stats_free      (OdfeNodeStats      *stats);
void odfe_security_health_free (OdfeSecurityHealth *health);
void odfe_auth_info_free       (OdfeAuthInfo       *info);

OdfeHealthStatus odfe_health_status_from_string (const char *text);

/* The pure parsers behind the typed calls, for tests and fuzzing: each checks every
 * member's presence and type, and fails with ODFE_ERROR_PROTOCOL only when the shape as a
 * whole is wrong. */
OdfeInfo    *odfe_info_parse       (JsonNode  *root,
                                    GError   **error);
OdfeHealth  *odfe_health_parse     (JsonNode  *root,
                                    GError   **error);
GPtrArray   *odfe_cat_nodes_parse  (JsonNode  *root,
                                    GError   **error);
GPtrArray   *odfe_cat_indices_parse (JsonNode *root,
                                    GError   **error);
GPtrArray   *odfe_nodes_stats_parse (JsonNode *root,
                                    GError   **error);

/* The server name the cluster's node certificate carries for its REST Service:
 * "elasticsearch.<namespace>.svc". */
char        *odfe_service_server_name (const char *namespace);

/* The root CA (PEM) in an elasticsearch-tls Secret: elk-rest-root-ca.pem, or else
 * root-ca.pem or ca.crt.  Fails with ODFE_ERROR_CONFIG, naming the Secret. */
GBytes      *odfe_ca_from_tls_secret  (JsonNode   *secret,
                                       GError    **error);

/* Reads the elasticsearch-tls Secret of @namespace and returns its root CA. */
void         odfe_read_cluster_ca_async  (KubeClient          *client,
                                          const char          *namespace,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
GBytes      *odfe_read_cluster_ca_finish (GAsyncResult        *result,
                                          GError             **error);

#define ODFE_TYPE_CLIENT (odfe_client_get_type ())

G_DECLARE_FINAL_TYPE (OdfeClient, odfe_client, ODFE, CLIENT, GObject)

/* A client of the cluster at @base_url ("https://127.0.0.1:34567" for a port-forward, or an
 * external address).  Its certificate must chain to @ca_pem (NULL: the system's CAs) and be
 * valid for @server_name (NULL: the host of @base_url).  Fails with ODFE_ERROR_CONFIG when
 * the URL is not https or the CA holds no certificate. */
OdfeClient  *odfe_client_new              (const char  *base_url,
                                           GBytes      *ca_pem,
                                           const char  *server_name,
                                           GError     **error);

/* Basic auth for every later request; NULL for none.  The password is never logged. */
void         odfe_client_set_credentials  (OdfeClient  *self,
                                           const char  *user,
                                           const char  *password);
const char  *odfe_client_get_base_url     (OdfeClient  *self);
const char  *odfe_client_get_server_name  (OdfeClient  *self);
/* Known after odfe_client_info_async() (which the plugin calls make first when needed):
 * ODFE_FLAVOUR_OPENSEARCH uses /_plugins/…, anything else /_opendistro/…. */
OdfeFlavour  odfe_client_get_flavour      (OdfeClient  *self);
/* Answers larger than this are refused with ODFE_ERROR_TOO_LARGE (default 64 MiB). */
void         odfe_client_set_max_body_size (OdfeClient *self,
                                            gsize       max_body_size);

/* "/_opendistro/_security/authinfo" or "/_plugins/_security/authinfo" for
 * "_security/authinfo", by flavour (Open Distro's when unknown). */
char        *odfe_client_plugin_path      (OdfeClient  *self,
                                           const char  *path);

/* Any path, JSON in (@body may be NULL) and out.  Errors are ODFE_ERROR codes with the
 * server's reason. */
void         odfe_client_request_json_async  (OdfeClient          *self,
                                              const char          *method,
                                              const char          *path_and_query,
                                              JsonNode            *body,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
JsonNode    *odfe_client_request_json_finish (OdfeClient          *self,
                                              GAsyncResult        *result,
                                              GError             **error);

void         odfe_client_info_async       (OdfeClient          *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
OdfeInfo    *odfe_client_info_finish      (OdfeClient          *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* @wait_for_status ("green", "yellow") may be NULL; @timeout_seconds 0 leaves the server's
 * default.  When the status is not reached in time the result says timed_out. */
void         odfe_client_health_async     (OdfeClient          *self,
                                           const char          *wait_for_status,
                                           guint                timeout_seconds,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
OdfeHealth  *odfe_client_health_finish    (OdfeClient          *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* The result is a GPtrArray of OdfeNode, by name. */
void         odfe_client_cat_nodes_async  (OdfeClient          *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* The result is a GPtrArray of OdfeIndex, by name. */
void         odfe_client_cat_indices_async (OdfeClient         *self,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
/* The result is a GPtrArray of OdfeNodeStats, by name. */
void         odfe_client_nodes_stats_async (OdfeClient         *self,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
/* The finish of cat_nodes, cat_indices and nodes_stats. */
GPtrArray   *odfe_client_list_finish      (OdfeClient          *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* A DOWN answer (503 with the health body) is a result, not an error. */
void                odfe_client_security_health_async  (OdfeClient          *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
OdfeSecurityHealth *odfe_client_security_health_finish (OdfeClient          *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

void                odfe_client_authinfo_async         (OdfeClient          *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
OdfeAuthInfo       *odfe_client_authinfo_finish        (OdfeClient          *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OdfeInfo, odfe_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OdfeHealth, odfe_health_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OdfeNode, odfe_node_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OdfeIndex, odfe_index_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OdfeNodeStats, odfe_node_stats_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OdfeSecurityHealth, odfe_security_health_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OdfeAuthInfo, odfe_auth_info_free)

G_END_DECLS
