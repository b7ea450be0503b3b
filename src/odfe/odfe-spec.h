/* odfe-spec.h: what the person creating a search cluster asked for, and its checks
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "odfe-image.h"

G_BEGIN_DECLS

/* The largest heap: below the JVM's compressed-pointer threshold (about 32 GB). */
#define ODFE_HEAP_MAX      (G_GUINT64_CONSTANT (31) << 30)
/* The smallest heap and memory per node the checks accept. */
#define ODFE_HEAP_MIN      (G_GUINT64_CONSTANT (256) << 20)
#define ODFE_MEMORY_MIN    (G_GUINT64_CONSTANT (512) << 20)
/* The smallest data volume per node. */
#define ODFE_STORAGE_MIN   (G_GUINT64_CONSTANT (1) << 30)

typedef enum
{
  ODFE_ROLES_COMBINED,            /* every node master-eligible and data */
  ODFE_ROLES_DEDICATED_MASTERS,   /* data nodes plus a StatefulSet of masters */
} OdfeRolesLayout;

typedef enum
{
  ODFE_EXPOSURE_CLUSTER_IP,       /* reached through Searchdeck's port-forward */
  ODFE_EXPOSURE_LOAD_BALANCER,
} OdfeExposure;

typedef struct
{
  char            *name;               /* the cluster: a DNS-1123 label */
  char            *namespace;
  gboolean         create_namespace;   /* TRUE: the namespace is created (and deleted on
                                        * rollback) */
  OdfeFlavour      flavour;            /* ODFE_FLAVOUR_OPEN_DISTRO by default */
  char            *version;            /* "1.13.3" by default */
  guint            node_count;         /* data (or combined) nodes; 3 by default */
  OdfeRolesLayout  roles;
  guint            master_count;       /* dedicated masters (3) when roles ==
                                        * ODFE_ROLES_DEDICATED_MASTERS */
  guint            cpu_millis;         /* per node, request = limit; 1000 by default */
  guint64          memory_bytes;       /* per node, request = limit; 2 GiB by default */
  guint64          heap_bytes;         /* half the memory by default, at most 31 GiB */
  guint64          storage_bytes;      /* per node; 8 GiB by default */
  char            *storage_class;      /* NULL: the cluster's default StorageClass */
  char            *admin_password;
  gboolean         audit_logging;      /* TRUE by default */
  guint            cert_validity_days; /* 3650 by default */
  guint            key_bits;           /* 2048 (default) or 4096 */
  OdfeExposure     exposure;
  gboolean         privileged_init;    /* TRUE: the init-sysctl container (privileged) sets
                                        * vm.max_map_count; FALSE: the non-root variant that
                                        * drops it (the nodes must have vm.max_map_count >=
                                        * 262144) */
} OdfeClusterSpec;

/* Every default above; no password. */
OdfeClusterSpec     *odfe_cluster_spec_new        (void);
OdfeClusterSpec     *odfe_cluster_spec_copy       (const OdfeClusterSpec *spec);
void                 odfe_cluster_spec_free       (OdfeClusterSpec       *spec);

/* The releases offered for @flavour, newest first, NULL-terminated ("1.13.3", "1.13.2", ...);
 * empty for a flavour Searchdeck cannot create yet. */
const char * const  *odfe_cluster_versions        (OdfeFlavour            flavour);
/* The image for the spec: amazon/opendistro-for-elasticsearch:<version>. */
char                *odfe_cluster_spec_get_image  (const OdfeClusterSpec *spec);
/* Half, at most 31 GiB, MiB-aligned (rounded down). */
guint64              odfe_heap_for_memory         (guint64                memory_bytes);
/* Every node's pod name, masters last ("elasticsearch-0", …, "elasticsearch-master-0", …). */
GStrv                odfe_cluster_spec_get_pod_names    (const OdfeClusterSpec *spec);
/* The pods that bootstrap the cluster (cluster.initial_master_nodes). */
GStrv                odfe_cluster_spec_get_master_names (const OdfeClusterSpec *spec);

/* Field checks; each returns FALSE and sets @error (ODFE_ERROR_INVALID, a translated sentence
 * a person can act on) when the value is wrong. */
gboolean  odfe_validate_cluster_name   (const char   *name,
                                        GError      **error);   /* DNS-1123 label */
gboolean  odfe_validate_namespace      (const char   *name,
                                        GError      **error);   /* DNS-1123 label */
gboolean  odfe_validate_heap           (guint64       heap_bytes,
                                        guint64       memory_bytes,
                                        GError      **error);
/* A StorageClass's name (a DNS-1123 subdomain); NULL or "" is the default class. */
gboolean  odfe_validate_storage_class  (const char   *name,
                                        GError      **error);
/* The admin password: strong enough (odfe_password_strength () at least 2), printable. */
gboolean  odfe_validate_password       (const char   *password,
                                        GError      **error);
/* NULL when fine; else a translated warning (an even node count, a single node). */
char     *odfe_node_count_warning      (guint         node_count);
/* Password strength: 0 (unusable) .. 4 (strong); @hint receives a translated sentence saying
 * what would make it stronger (or NULL when strong). Under 8 characters is 0. */
guint     odfe_password_strength       (const char   *password,
                                        char        **hint);
/* A strong random password (24 characters: letters, digits and symbols the shell and YAML
 * tolerate) from GnuTLS's random source. */
char     *odfe_password_generate       (void);
/* Every field at once; the first problem as @error. */
gboolean  odfe_cluster_spec_validate   (const OdfeClusterSpec *spec,
                                        GError               **error);
/* Every field but the password (what the certificates and manifests are made from). */
gboolean  odfe_cluster_spec_validate_layout (const OdfeClusterSpec *spec,
                                             GError               **error);

/* "1Gi", "512Mi", "1.5Gi" ↔ bytes; "500m", "2" ↔ millicores.  Parsing fails with
 * ODFE_ERROR_INVALID; formatting gives Kubernetes's canonical form ("1536Mi", "1500m"). */
gboolean  odfe_parse_quantity_bytes    (const char   *text,
                                        guint64      *bytes,
                                        GError      **error);
char     *odfe_format_quantity_bytes   (guint64       bytes);
gboolean  odfe_parse_quantity_millis   (const char   *text,
                                        guint        *millis,
                                        GError      **error);
char     *odfe_format_quantity_millis  (guint         millis);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OdfeClusterSpec, odfe_cluster_spec_free)

G_END_DECLS
