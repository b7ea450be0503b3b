/* test-odfe-security.c: the admin's bcrypt hash, the security plugin's files and
 * elasticsearch.yml made for a new cluster
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <crypt.h>
#include <string.h>

#include "odfe-error.h"
#include "odfe-security.h"
#include "odfe-settings.h"
#include "yaml-test-reader.h"

#define PASSWORD "kxQvb7wz-Lm9T.r4"

static void
test_bcrypt (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = odfe_bcrypt_hash (PASSWORD, &error);
  g_autofree char *again = NULL;
  g_autofree struct crypt_data *data = g_new0 (struct crypt_data, 1);
  const char *computed;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$2y$12$"));
  g_assert_cmpuint (strlen (hash), ==, 60);

  /* libxcrypt itself agrees: the right password gives the same hash, a wrong one does not. */
  computed = crypt_rn (PASSWORD, hash, data, sizeof *data);
  g_assert_cmpstr (computed, ==, hash);
  computed = crypt_rn ("kxQvb7wz-Lm9T.r5", hash, data, sizeof *data);
  g_assert_nonnull (computed);
  g_assert_cmpstr (computed, !=, hash);

  g_assert_true (odfe_bcrypt_verify (PASSWORD, hash));
  g_assert_false (odfe_bcrypt_verify ("kxQvb7wz-Lm9T.r5", hash));
  g_assert_false (odfe_bcrypt_verify ("", hash));
  g_assert_false (odfe_bcrypt_verify (PASSWORD, "not a hash"));
  g_assert_false (odfe_bcrypt_verify (PASSWORD, NULL));
  g_assert_false (odfe_bcrypt_verify (PASSWORD, "$2y$12$short"));

  /* A new salt every time. */
  again = odfe_bcrypt_hash (PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, !=, hash);
  g_assert_true (odfe_bcrypt_verify (PASSWORD, again));

  /* Hashes in the other forms the plugin accepts verify too. */
  {
    static const char * const prefixes[] = { "$2a$", "$2b$", NULL };

    for (guint i = 0; prefixes[i] != NULL; i++)
      {
        char salt[CRYPT_GENSALT_OUTPUT_SIZE];
        g_autofree char *other = NULL;

        g_assert_nonnull (crypt_gensalt_rn (prefixes[i], 4, "0123456789abcdef", 16, salt,
                                            sizeof salt));
        other = g_strdup (crypt_rn (PASSWORD, salt, data, sizeof *data));
        g_assert_true (odfe_bcrypt_verify (PASSWORD, other));
        g_assert_false (odfe_bcrypt_verify ("wrong", other));
      }
  }
}

static GHashTable *
make_files (OdfeClusterSpec *spec,
            char           **hash)
{
  g_autoptr(GError) error = NULL;

  *hash = odfe_bcrypt_hash (PASSWORD, &error);
  g_assert_no_error (error);
  return odfe_security_files (spec, *hash);
}

static void
test_files (void)
{
  static const struct
  {
    const char *file;
    const char *type;
  } files[] = {
    { "internal_users.yml", "internalusers" },
    { "config.yml", "config" },
    { "roles.yml", "roles" },
    { "roles_mapping.yml", "rolesmapping" },
    { "action_groups.yml", "actiongroups" },
    { "tenants.yml", "tenants" },
    { "audit.yml", "audit" },
  };
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
  g_autofree char *hash = NULL;
  g_autoptr(GHashTable) table = make_files (spec, &hash);

  g_assert_cmpuint (g_hash_table_size (table), ==, G_N_ELEMENTS (files));

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      const char *text = g_hash_table_lookup (table, files[i].file);
      g_autoptr(yaml_document_t) document = NULL;

      g_assert_nonnull (text);
      document = yaml_test_load (text);
      g_assert_cmpstr (yaml_test_scalar (document, "_meta", "type", NULL), ==, files[i].type);
      g_assert_cmpstr (yaml_test_scalar (document, "_meta", "config_version", NULL), ==, "2");
      g_assert_true (yaml_test_is_plain (document, "_meta", "config_version", NULL));
      /* _meta comes first. */
      g_assert_true (g_str_has_prefix (text, "_meta:"));
    }
}

static void
test_internal_users (void)
{
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
  g_autofree char *hash = NULL;
  g_autoptr(GHashTable) table = make_files (spec, &hash);
  g_autoptr(yaml_document_t) document = yaml_test_load (g_hash_table_lookup (table,
                                                                             "internal_users.yml"));

  /* The hash reads back exactly, and still verifies. */
  g_assert_cmpstr (yaml_test_scalar (document, "admin", "hash", NULL), ==, hash);
  g_assert_true (odfe_bcrypt_verify (PASSWORD, yaml_test_scalar (document, "admin", "hash",
                                                                 NULL)));
  g_assert_cmpstr (yaml_test_scalar (document, "admin", "reserved", NULL), ==, "true");
  g_assert_true (yaml_test_is_plain (document, "admin", "reserved", NULL));
  g_assert_cmpuint (yaml_test_length (document, "admin", "backend_roles", NULL), ==, 1);
  g_assert_cmpstr (yaml_test_scalar (document, "admin", "backend_roles", "[0]", NULL), ==,
                   "admin");
  /* admin is the only user. */
  g_assert_cmpuint (yaml_test_length (document, NULL), ==, 2);
  /* Never the password itself. */
  g_assert_null (strstr (g_hash_table_lookup (table, "internal_users.yml"), PASSWORD));
}

static void
test_config (void)
{
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
  g_autofree char *hash = NULL;
  g_autoptr(GHashTable) table = make_files (spec, &hash);
  g_autoptr(yaml_document_t) config = yaml_test_load (g_hash_table_lookup (table, "config.yml"));
  g_autoptr(yaml_document_t) roles = yaml_test_load (g_hash_table_lookup (table, "roles.yml"));
  g_autoptr(yaml_document_t) mapping = yaml_test_load (g_hash_table_lookup (table,
                                                                            "roles_mapping.yml"));
  yaml_node_t *domain;

  domain = yaml_test_lookup (config, "config", "dynamic", "authc", "basic_internal_auth_domain",
                             NULL);
  g_assert_nonnull (domain);
#define DOMAIN "config", "dynamic", "authc", "basic_internal_auth_domain"
  g_assert_cmpstr (yaml_test_scalar (config, DOMAIN, "http_enabled", NULL), ==, "true");
  g_assert_cmpstr (yaml_test_scalar (config, DOMAIN, "http_authenticator", "type", NULL), ==,
                   "basic");
  g_assert_cmpstr (yaml_test_scalar (config, DOMAIN, "http_authenticator", "challenge", NULL),
                   ==, "true");
  g_assert_cmpstr (yaml_test_scalar (config, DOMAIN, "authentication_backend", "type", NULL),
                   ==, "intern");
  g_assert_true (yaml_test_is_plain (config, DOMAIN, "order", NULL));
#undef DOMAIN
  g_assert_cmpstr (yaml_test_scalar (config, "config", "dynamic", "http",
                                     "anonymous_auth_enabled", NULL), ==, "false");

  g_assert_nonnull (yaml_test_lookup (roles, "security_rest_api_access", NULL));

  g_assert_cmpstr (yaml_test_scalar (mapping, "all_access", "backend_roles", "[0]", NULL), ==,
                   "admin");
  g_assert_cmpstr (yaml_test_scalar (mapping, "security_rest_api_access", "backend_roles", "[0]",
                                     NULL), ==, "admin");
}

static void
test_audit (void)
{
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();

  for (guint on = 0; on < 2; on++)
    {
      g_autofree char *hash = NULL;
      g_autoptr(GHashTable) table = NULL;
      g_autoptr(yaml_document_t) audit = NULL;
      const char *expected = on ? "true" : "false";

      spec->audit_logging = on;
      table = make_files (spec, &hash);
      audit = yaml_test_load (g_hash_table_lookup (table, "audit.yml"));

      g_assert_cmpstr (yaml_test_scalar (audit, "config", "enabled", NULL), ==, expected);
      g_assert_true (yaml_test_is_plain (audit, "config", "enabled", NULL));
      g_assert_cmpstr (yaml_test_scalar (audit, "config", "compliance", "enabled", NULL), ==,
                       expected);
      g_assert_cmpstr (yaml_test_scalar (audit, "config", "audit", "enable_rest", NULL), ==,
                       "true");
      g_assert_cmpstr (yaml_test_scalar (audit, "config", "audit", "disabled_rest_categories",
                                         "[0]", NULL), ==, "AUTHENTICATED");
      g_assert_cmpuint (yaml_test_length (audit, "config", "audit", "ignore_requests", NULL), ==,
                        0);
    }
}

static OdfeClusterPki *
fake_pki (void)
{
  /* elasticsearch.yml needs only the DNs; no keys are made for it. */
  OdfeClusterPki *pki = g_new0 (OdfeClusterPki, 1);

  pki->node_dn = g_strdup ("CN=elasticsearch,OU=search,O=searchdeck");
  pki->admin_dn = g_strdup ("CN=admin,OU=search,O=searchdeck");
  return pki;
}

static void
test_elasticsearch_yml (void)
{
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
  g_autoptr(OdfeClusterPki) pki = fake_pki ();
  g_autofree char *yml = odfe_elasticsearch_yml (spec, pki);
  g_autoptr(OdfeSettings) settings = NULL;
  g_autoptr(yaml_document_t) document = NULL;
  g_autoptr(GError) error = NULL;
  const char *type = NULL;

  g_test_message ("%s", yml);
  settings = odfe_settings_parse (yml, strlen (yml), &error);
  g_assert_no_error (error);

  g_assert_cmpint (odfe_settings_get_https (settings), ==, ODFE_SETTING_ON);
  g_assert_cmpint (odfe_settings_get_transport_tls (settings), ==, ODFE_SETTING_ON);
  g_assert_cmpint (odfe_settings_get_audit (settings, &type), ==, ODFE_SETTING_ON);
  g_assert_cmpstr (type, ==, "internal_elasticsearch");

#define GET(key) odfe_settings_get (settings, key)
  g_assert_cmpstr (GET ("cluster.name"), ==, "search");
  g_assert_cmpstr (GET ("network.host"), ==, "0.0.0.0");
  g_assert_cmpstr (GET ("discovery.seed_hosts"), ==, "elasticsearch-discovery");
  g_assert_cmpstr (GET ("cluster.initial_master_nodes"), ==,
                   "elasticsearch-0,elasticsearch-1,elasticsearch-2");
  g_assert_cmpstr (GET ("opendistro_security.nodes_dn"), ==, pki->node_dn);
  g_assert_cmpstr (GET ("opendistro_security.authcz.admin_dn"), ==, pki->admin_dn);
  g_assert_cmpstr (GET ("opendistro_security.allow_default_init_securityindex"), ==, "true");
  g_assert_cmpstr (GET ("opendistro_security.allow_unsafe_democertificates"), ==, "false");
  g_assert_cmpstr (GET ("opendistro_security.ssl.transport.enforce_hostname_verification"), ==,
                   "false");
  g_assert_cmpstr (GET ("opendistro_security.ssl.transport.pemcert_filepath"), ==,
                   "elk-transport-crt.pem");
  g_assert_cmpstr (GET ("opendistro_security.ssl.transport.pemkey_filepath"), ==,
                   "elk-transport-key.pem");
  g_assert_cmpstr (GET ("opendistro_security.ssl.transport.pemtrustedcas_filepath"), ==,
                   "elk-transport-root-ca.pem");
  g_assert_cmpstr (GET ("opendistro_security.ssl.http.pemcert_filepath"), ==,
                   "elk-rest-crt.pem");
  g_assert_cmpstr (GET ("opendistro_security.ssl.http.pemkey_filepath"), ==, "elk-rest-key.pem");
  g_assert_cmpstr (GET ("opendistro_security.ssl.http.pemtrustedcas_filepath"), ==,
                   "elk-rest-root-ca.pem");
  g_assert_cmpstr (GET ("opendistro_security.restapi.roles_enabled"), ==,
                   "all_access,security_rest_api_access");
#undef GET

  /* The DNs are single list items, whole, with no spaces. */
  document = yaml_test_load (yml);
  g_assert_cmpuint (yaml_test_length (document, "opendistro_security.nodes_dn", NULL), ==, 1);
  g_assert_cmpstr (yaml_test_scalar (document, "opendistro_security.nodes_dn", "[0]", NULL), ==,
                   pki->node_dn);
  g_assert_cmpuint (yaml_test_length (document, "opendistro_security.authcz.admin_dn", NULL), ==,
                    1);
  g_assert_cmpstr (yaml_test_scalar (document, "opendistro_security.authcz.admin_dn", "[0]",
                                     NULL), ==, pki->admin_dn);
  /* Booleans are booleans to the node's reader. */
  g_assert_true (yaml_test_is_plain (document, "opendistro_security.ssl.http.enabled", NULL));

  /* The demo configuration installer leaves a file that names the plugin alone. */
  g_assert_nonnull (strstr (yml, "opendistro_security"));
}

static void
test_elasticsearch_yml_variants (void)
{
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
  g_autoptr(OdfeClusterPki) pki = fake_pki ();
  g_autofree char *yml = NULL;
  g_autoptr(OdfeSettings) settings = NULL;
  const char *type = NULL;

  spec->audit_logging = FALSE;
  spec->roles = ODFE_ROLES_DEDICATED_MASTERS;
  spec->master_count = 3;
  g_free (spec->name);
  spec->name = g_strdup ("true");   /* a cluster may be called that */

  yml = odfe_elasticsearch_yml (spec, pki);
  settings = odfe_settings_parse (yml, strlen (yml), NULL);
  g_assert_nonnull (settings);

  g_assert_cmpint (odfe_settings_get_audit (settings, &type), ==, ODFE_SETTING_OFF);
  g_assert_null (type);
  g_assert_cmpstr (odfe_settings_get (settings, "cluster.initial_master_nodes"), ==,
                   "elasticsearch-master-0,elasticsearch-master-1,elasticsearch-master-2");
  g_assert_cmpstr (odfe_settings_get (settings, "cluster.name"), ==, "true");
  {
    g_autoptr(yaml_document_t) document = yaml_test_load (yml);

    g_assert_false (yaml_test_is_plain (document, "cluster.name", NULL));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/odfe/security/bcrypt", test_bcrypt);
  g_test_add_func ("/odfe/security/files", test_files);
  g_test_add_func ("/odfe/security/internal-users", test_internal_users);
  g_test_add_func ("/odfe/security/config", test_config);
  g_test_add_func ("/odfe/security/audit", test_audit);
  g_test_add_func ("/odfe/security/elasticsearch-yml", test_elasticsearch_yml);
  g_test_add_func ("/odfe/security/elasticsearch-yml-variants", test_elasticsearch_yml_variants);

  return g_test_run ();
}
