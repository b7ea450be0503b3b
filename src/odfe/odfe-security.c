/* odfe-security.c: the security plugin's files and elasticsearch.yml for a new cluster
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A new cluster starts secured: TLS between nodes and on the REST port with the cluster's own
 * certificates, HTTP basic authentication against the plugin's internal users (one: admin,
 * with a bcrypt hash), and audit logging to the cluster's own security-auditlog-* indices.
 * The plugin reads the securityconfig files once, when allow_default_init_securityindex finds
 * no security index (reference §3.2), so they only have to be right at the start; after that
 * people change users and roles through the REST API, which Searchdeck's Security page uses.
 * Each file is built as a JSON tree and written by libyaml (odfe-yaml-emit.c).
 */

#include "config.h"

#include <crypt.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <string.h>

#include "odfe-error.h"
#include "odfe-security.h"
#include "odfe-yaml-emit.h"

#define SALT_BYTES 16
/* The form BouncyCastle's OpenBSDBCrypt.generate () writes, which the plugin's hash.sh and
 * REST API use; OpenBSDBCrypt.checkPassword () also reads $2a$ and $2b$. */
#define BCRYPT_PREFIX "$2y$"

char *
odfe_bcrypt_hash (const char  *password,
                  GError     **error)
{
  g_autofree struct crypt_data *data = NULL;
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  guint8 random_bytes[SALT_BYTES];
  const char *hash;
  char *result;

  g_return_val_if_fail (password != NULL, NULL);

  if (gnutls_rnd (GNUTLS_RND_NONCE, random_bytes, sizeof random_bytes) != 0)
    {
      g_set_error_literal (error, ODFE_ERROR, ODFE_ERROR_CRYPTO,
                           _("The password could not be hashed: no random numbers were "
                             "available."));
      return NULL;
    }

  if (crypt_gensalt_rn (BCRYPT_PREFIX, ODFE_BCRYPT_COST, (const char *) random_bytes,
                        sizeof random_bytes, salt, sizeof salt) == NULL)
    {
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_CRYPTO,
                   _("The password could not be hashed: this system’s libxcrypt offers no "
                     "bcrypt (%s)."), g_strerror (errno));
      return NULL;
    }

  data = g_new0 (struct crypt_data, 1);
  hash = crypt_rn (password, salt, data, sizeof *data);
  if (hash == NULL || !g_str_has_prefix (hash, BCRYPT_PREFIX))
    {
      explicit_bzero (data, sizeof *data);
      g_set_error_literal (error, ODFE_ERROR, ODFE_ERROR_CRYPTO,
                           _("The password could not be hashed with bcrypt."));
      return NULL;
    }

  result = g_strdup (hash);
  explicit_bzero (data, sizeof *data);
  explicit_bzero (random_bytes, sizeof random_bytes);
  return result;
}

gboolean
odfe_bcrypt_verify (const char *password,
                    const char *hash)
{
  g_autofree struct crypt_data *data = NULL;
  const char *computed;
  gsize length;
  guint8 difference = 0;

  if (password == NULL || hash == NULL || !g_str_has_prefix (hash, "$2"))
    return FALSE;

  data = g_new0 (struct crypt_data, 1);
  computed = crypt_rn (password, hash, data, sizeof *data);
  if (computed == NULL || strlen (computed) != (length = strlen (hash)))
    {
      explicit_bzero (data, sizeof *data);
      return FALSE;
    }

  /* The whole length every time, however early the first difference. */
  for (gsize i = 0; i < length; i++)
    difference |= (guint8) computed[i] ^ (guint8) hash[i];

  explicit_bzero (data, sizeof *data);
  return difference == 0;
}

/* Trees */

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

static JsonArray *
strv_array (const char * const *values)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; values[i] != NULL; i++)
    json_array_add_string_element (array, values[i]);

  return array;
}

/* A new object as @parent's member @name, owned by @parent. */
static JsonObject *
add_object (JsonObject *parent,
            const char *name)
{
  JsonObject *child = json_object_new ();

  json_object_set_object_member (parent, name, child);
  return child;
}

/* A security file: "_meta: {type: @type, config_version: 2}" first. */
static JsonObject *
security_document (const char *type)
{
  JsonObject *document = json_object_new ();
  JsonObject *meta = add_object (document, "_meta");

  json_object_set_string_member (meta, "type", type);
  json_object_set_int_member (meta, "config_version", 2);

  return document;
}

static char *
to_yaml (JsonObject *document)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), document);
  g_autoptr(GError) error = NULL;
  char *text = odfe_yaml_emit (node, &error);

  /* Everything here is ASCII or text already checked as UTF-8. */
  if (text == NULL)
    g_critical ("A security file could not be written: %s", error->message);

  json_object_unref (document);
  return text;
}

static char *
internal_users_yml (const OdfeClusterSpec *spec,
                    const char            *password_hash)
{
  JsonObject *document = security_document ("internalusers");
  JsonObject *admin = add_object (document, "admin");
  g_autofree char *description = g_strdup_printf ("Administrator of the %s cluster, made by "
                                                  "Searchdeck", spec->name);

  json_object_set_string_member (admin, "hash", password_hash);
  json_object_set_boolean_member (admin, "reserved", TRUE);
  json_object_set_array_member (admin, "backend_roles", strings ("admin", NULL));
  json_object_set_string_member (admin, "description", description);

  return to_yaml (document);
}

static char *
config_yml (void)
{
  JsonObject *document = security_document ("config");
  JsonObject *dynamic = add_object (add_object (document, "config"), "dynamic");
  JsonObject *http = add_object (dynamic, "http");
  JsonObject *domain;
  JsonObject *part;

  json_object_set_boolean_member (http, "anonymous_auth_enabled", FALSE);
  json_object_set_boolean_member (add_object (http, "xff"), "enabled", FALSE);

  domain = add_object (add_object (dynamic, "authc"), "basic_internal_auth_domain");
  json_object_set_string_member (domain, "description",
                                 "Authenticate with HTTP basic against the internal users");
  json_object_set_boolean_member (domain, "http_enabled", TRUE);
  json_object_set_boolean_member (domain, "transport_enabled", TRUE);
  json_object_set_int_member (domain, "order", 0);
  part = add_object (domain, "http_authenticator");
  json_object_set_string_member (part, "type", "basic");
  json_object_set_boolean_member (part, "challenge", TRUE);
  part = add_object (domain, "authentication_backend");
  json_object_set_string_member (part, "type", "intern");

  return to_yaml (document);
}

static char *
roles_yml (void)
{
  JsonObject *document = security_document ("roles");
  JsonObject *role;

  /* all_access is one of the plugin's static roles; this one, which opens the security REST
   * API to the roles in restapi.roles_enabled, is defined by the shipped roles.yml. */
  role = add_object (document, "security_rest_api_access");
  json_object_set_boolean_member (role, "reserved", TRUE);

  return to_yaml (document);
}

static char *
roles_mapping_yml (void)
{
  JsonObject *document = security_document ("rolesmapping");
  JsonObject *mapping;

  /* Not reserved, so people can map more users to these through the REST API. */
  mapping = add_object (document, "all_access");
  json_object_set_boolean_member (mapping, "reserved", FALSE);
  json_object_set_array_member (mapping, "backend_roles", strings ("admin", NULL));
  json_object_set_string_member (mapping, "description",
                                 "The admin backend role has every permission");

  mapping = add_object (document, "security_rest_api_access");
  json_object_set_boolean_member (mapping, "reserved", FALSE);
  json_object_set_array_member (mapping, "backend_roles", strings ("admin", NULL));
  json_object_set_string_member (mapping, "description",
                                 "The admin backend role may use the security REST API");

  return to_yaml (document);
}

static char *
tenants_yml (void)
{
  JsonObject *document = security_document ("tenants");
  JsonObject *tenant = add_object (document, "admin_tenant");

  json_object_set_boolean_member (tenant, "reserved", FALSE);
  json_object_set_string_member (tenant, "description", "The tenant of the admin user");

  return to_yaml (document);
}

static char *
audit_yml (const OdfeClusterSpec *spec)
{
  JsonObject *document = security_document ("audit");
  JsonObject *config = add_object (document, "config");
  JsonObject *audit;
  JsonObject *compliance;

  json_object_set_boolean_member (config, "enabled", spec->audit_logging);

  /* The plugin's defaults, written out so that people see what is logged: every category
   * but the noisy successful ones, request bodies without sensitive headers. */
  audit = add_object (config, "audit");
  json_object_set_boolean_member (audit, "enable_rest", TRUE);
  json_object_set_array_member (audit, "disabled_rest_categories",
                                strings ("AUTHENTICATED", "GRANTED_PRIVILEGES", NULL));
  json_object_set_boolean_member (audit, "enable_transport", TRUE);
  json_object_set_array_member (audit, "disabled_transport_categories",
                                strings ("AUTHENTICATED", "GRANTED_PRIVILEGES", NULL));
  json_object_set_boolean_member (audit, "resolve_bulk_requests", FALSE);
  json_object_set_boolean_member (audit, "log_request_body", TRUE);
  json_object_set_boolean_member (audit, "resolve_indices", TRUE);
  json_object_set_boolean_member (audit, "exclude_sensitive_headers", TRUE);
  json_object_set_array_member (audit, "ignore_users", strings ("kibanaserver", NULL));
  json_object_set_array_member (audit, "ignore_requests", json_array_new ());

  compliance = add_object (config, "compliance");
  json_object_set_boolean_member (compliance, "enabled", spec->audit_logging);
  json_object_set_boolean_member (compliance, "internal_config", TRUE);
  json_object_set_boolean_member (compliance, "external_config", FALSE);
  json_object_set_boolean_member (compliance, "read_metadata_only", TRUE);
  json_object_set_object_member (compliance, "read_watched_fields", json_object_new ());
  json_object_set_array_member (compliance, "read_ignore_users",
                                strings ("kibanaserver", NULL));
  json_object_set_boolean_member (compliance, "write_metadata_only", TRUE);
  json_object_set_boolean_member (compliance, "write_log_diffs", FALSE);
  json_object_set_array_member (compliance, "write_watched_indices", json_array_new ());
  json_object_set_array_member (compliance, "write_ignore_users",
                                strings ("kibanaserver", NULL));

  return to_yaml (document);
}

GHashTable *
odfe_security_files (const OdfeClusterSpec *spec,
                     const char            *password_hash)
{
  GHashTable *files;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (password_hash != NULL, NULL);

  files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (files, g_strdup ("internal_users.yml"),
                       internal_users_yml (spec, password_hash));
  g_hash_table_insert (files, g_strdup ("config.yml"), config_yml ());
  g_hash_table_insert (files, g_strdup ("roles.yml"), roles_yml ());
  g_hash_table_insert (files, g_strdup ("roles_mapping.yml"), roles_mapping_yml ());
  g_hash_table_insert (files, g_strdup ("action_groups.yml"),
                       to_yaml (security_document ("actiongroups")));
  g_hash_table_insert (files, g_strdup ("tenants.yml"), tenants_yml ());
  g_hash_table_insert (files, g_strdup ("audit.yml"), audit_yml (spec));

  return files;
}

char *
odfe_elasticsearch_yml (const OdfeClusterSpec *spec,
                        const OdfeClusterPki  *pki)
{
  JsonObject *settings;
  g_auto(GStrv) masters = NULL;
  g_autofree char *yaml = NULL;
  const char *prefix = "opendistro_security.";
  g_autofree char *key = NULL;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (pki != NULL, NULL);

#define SET_STRING(k, v) (g_free (key), key = g_strconcat (prefix, k, NULL), \
                          json_object_set_string_member (settings, key, v))
#define SET_BOOLEAN(k, v) (g_free (key), key = g_strconcat (prefix, k, NULL), \
                           json_object_set_boolean_member (settings, key, v))
#define SET_ARRAY(k, v) (g_free (key), key = g_strconcat (prefix, k, NULL), \
                         json_object_set_array_member (settings, key, v))

  settings = json_object_new ();
  json_object_set_string_member (settings, "cluster.name", spec->name);
  json_object_set_string_member (settings, "network.host", "0.0.0.0");
  /* The headless Service publishes every pod, ready or not, so that the masters find each
   * other before any of them can answer a readiness probe. */
  json_object_set_array_member (settings, "discovery.seed_hosts",
                                strings ("elasticsearch-discovery", NULL));
  masters = odfe_cluster_spec_get_master_names (spec);
  json_object_set_array_member (settings, "cluster.initial_master_nodes",
                                strv_array ((const char * const *) masters));
  json_object_set_int_member (settings, "node.max_local_storage_nodes", 1);

  /* The node certificate serves both transport and REST; its files are mounted beside this
   * one under the names the Open Distro chart uses. */
  SET_STRING ("ssl.transport.pemcert_filepath", "elk-transport-crt.pem");
  SET_STRING ("ssl.transport.pemkey_filepath", "elk-transport-key.pem");
  SET_STRING ("ssl.transport.pemtrustedcas_filepath", "elk-transport-root-ca.pem");
  /* Pods reach each other by IP address, which no certificate names. */
  SET_BOOLEAN ("ssl.transport.enforce_hostname_verification", FALSE);
  SET_BOOLEAN ("ssl.http.enabled", TRUE);
  SET_STRING ("ssl.http.pemcert_filepath", "elk-rest-crt.pem");
  SET_STRING ("ssl.http.pemkey_filepath", "elk-rest-key.pem");
  SET_STRING ("ssl.http.pemtrustedcas_filepath", "elk-rest-root-ca.pem");

  SET_ARRAY ("nodes_dn", strings (pki->node_dn, NULL));
  SET_ARRAY ("authcz.admin_dn", strings (pki->admin_dn, NULL));
  SET_BOOLEAN ("allow_default_init_securityindex", TRUE);
  SET_BOOLEAN ("allow_unsafe_democertificates", FALSE);
  if (spec->audit_logging)
    SET_STRING ("audit.type", "internal_elasticsearch");
  SET_ARRAY ("restapi.roles_enabled", strings ("all_access", "security_rest_api_access", NULL));
  SET_BOOLEAN ("enable_snapshot_restore_privilege", TRUE);
  SET_BOOLEAN ("check_snapshot_restore_write_privileges", TRUE);

#undef SET_STRING
#undef SET_BOOLEAN
#undef SET_ARRAY

  yaml = to_yaml (settings);
  if (yaml == NULL)
    return NULL;

  return g_strdup_printf ("# elasticsearch.yml of the search cluster %s, written by Searchdeck.\n"
                          "# Each node reads it at start; a rolling restart applies a change.\n"
                          "%s", spec->name, yaml);
}
