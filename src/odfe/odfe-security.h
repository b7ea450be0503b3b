/* odfe-security.h: the security plugin's files and elasticsearch.yml for a new cluster
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "odfe-pki.h"
#include "odfe-spec.h"

G_BEGIN_DECLS

/* bcrypt's cost for the admin's hash, as the plugin's own hash.sh and REST API use. */
#define ODFE_BCRYPT_COST 12

/* A bcrypt hash ("$2y$12$…", the form the plugin's BouncyCastle OpenBSDBCrypt writes and
 * checks) of @password, with libxcrypt and a 16-byte salt from GnuTLS's random source.
 * Fails with ODFE_ERROR_CRYPTO. */
char        *odfe_bcrypt_hash        (const char            *password,
                                      GError               **error);
/* Whether @password matches @hash (any bcrypt form libxcrypt reads). */
gboolean     odfe_bcrypt_verify      (const char            *password,
                                      const char            *hash);

/* The security plugin's files for @spec, file name → YAML text: internal_users.yml (admin
 * with @password_hash, reserved, backend role admin), config.yml (the basic auth domain on
 * HTTP, challenge true, the internal users backend), roles.yml, roles_mapping.yml
 * (all_access → admin, security_rest_api_access → admin), action_groups.yml, tenants.yml,
 * audit.yml (enabled per spec).  Each starts with _meta {type, config_version: 2}. */
GHashTable  *odfe_security_files     (const OdfeClusterSpec *spec,
                                      const char            *password_hash);

/* elasticsearch.yml for @spec and @pki: cluster.name, network.host, discovery.seed_hosts,
 * cluster.initial_master_nodes, transport and HTTP TLS (PEM paths as in the Secret's keys),
 * enforce_hostname_verification false, nodes_dn [@pki->node_dn], authcz.admin_dn
 * [@pki->admin_dn], allow_default_init_securityindex true, allow_unsafe_democertificates
 * false, audit.type internal_elasticsearch (when audit is on), restapi.roles_enabled
 * ["all_access", "security_rest_api_access"]. */
char        *odfe_elasticsearch_yml  (const OdfeClusterSpec *spec,
                                      const OdfeClusterPki  *pki);

G_END_DECLS
