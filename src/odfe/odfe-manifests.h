/* odfe-manifests.h: the Kubernetes objects of a new search cluster
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "odfe-pki.h"
#include "odfe-spec.h"

G_BEGIN_DECLS

/* The objects for @spec, as JSON, in creation (dependency) order: Namespace (if
 * create_namespace), Secret elasticsearch-tls, Secret elasticsearch-security, ConfigMap
 * elasticsearch-config, Service elasticsearch-discovery (headless, 9300,
 * publishNotReadyAddresses), Service elasticsearch (9200, 9600; LoadBalancer per exposure),
 * PodDisruptionBudget elasticsearch (policy/v1, maxUnavailable 1), StatefulSet elasticsearch
 * (and elasticsearch-master with dedicated masters).  A GPtrArray of JsonNode * (owned).
 * Fails with ODFE_ERROR_INVALID when @spec (but its password, which only @password_hash
 * stands for) does not pass odfe_cluster_spec_validate_layout (). */
GPtrArray  *odfe_manifests_build    (const OdfeClusterSpec  *spec,
                                     const OdfeClusterPki   *pki,
                                     const char             *password_hash,
                                     GError                **error);
/* The objects as one multi-document YAML text ("---" between), emitted with libyaml, Secrets'
 * data base64 as Kubernetes stores it. */
char       *odfe_manifests_to_yaml  (GPtrArray              *objects);
/* "Secret elasticsearch-tls"-style label of one object (kind and name), for progress rows. */
char       *odfe_manifest_describe  (JsonNode               *object);

/* The labels every object of the cluster @name carries. */
#define ODFE_LABEL_NAME        "app.kubernetes.io/name"
#define ODFE_LABEL_INSTANCE    "app.kubernetes.io/instance"
#define ODFE_LABEL_MANAGED_BY  "app.kubernetes.io/managed-by"
/* With dedicated masters, which StatefulSet a pod belongs to: "master" or "data". */
#define ODFE_LABEL_COMPONENT   "app.kubernetes.io/component"

G_END_DECLS
