/* test-odfe-setting-info.c: which settings need a restart, and what changed between two files
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "odfe-error.h"
#include "odfe-setting-info.h"

static void
test_apply (void)
{
  /* Every setting of the reference's production elasticsearch.yml is known. */
  static const char * const static_keys[] = {
    "cluster.name", "network.host", "discovery.seed_hosts", "cluster.initial_master_nodes",
    "node.master", "node.data", "node.ingest", "node.roles", "node.max_local_storage_nodes",
    "processors", "bootstrap.memory_lock", "node.name", "node.attr.zone", "path.data",
    "http.port", "transport.port",
    "opendistro_security.ssl.transport.pemcert_filepath",
    "opendistro_security.ssl.transport.pemkey_filepath",
    "opendistro_security.ssl.transport.pemtrustedcas_filepath",
    "opendistro_security.ssl.transport.enforce_hostname_verification",
    "opendistro_security.ssl.transport.resolve_hostname",
    "opendistro_security.ssl.http.enabled",
    "opendistro_security.ssl.http.pemcert_filepath",
    "opendistro_security.ssl.http.pemkey_filepath",
    "opendistro_security.ssl.http.pemtrustedcas_filepath",
    "opendistro_security.ssl.http.clientauth_mode",
    "opendistro_security.ssl.http.pemkey_password",
    "opendistro_security.ssl.http.enabled_protocols",
    "opendistro_security.nodes_dn", "opendistro_security.authcz.admin_dn",
    "opendistro_security.allow_default_init_securityindex",
    "opendistro_security.allow_unsafe_democertificates",
    "opendistro_security.audit.type", "opendistro_security.restapi.roles_enabled",
    "opendistro_security.enable_snapshot_restore_privilege",
    "opendistro_security.check_snapshot_restore_write_privileges",
    "opendistro_security.roles_mapping_resolution",
    "opendistro_security.audit.config.disabled_rest_categories",
    "opendistro_security.audit.config.disabled_transport_categories",
    "opendistro_security.audit.ignore_users", "opendistro_security.system_indices.enabled",
    "opendistro_security.system_indices.indices",
    "opendistro_security.restapi.password_validation_regex",
    "opendistro_security.restapi.password_validation_error_message",
    "opendistro_security.cert.oid", "opendistro_security.config_index_name",
    "opendistro_security.cache.ttl_minutes",
    /* OpenSearch's names for the same settings */
    "plugins.security.ssl.http.enabled", "plugins.security.nodes_dn",
    "plugins.security.authcz.admin_dn", "plugins.security.audit.type",
    "indices.breaker.total.use_real_memory", "cluster.initial_cluster_manager_nodes",
  };
  static const char * const dynamic_keys[] = {
    "cluster.routing.allocation.disk.threshold_enabled",
    "cluster.routing.allocation.disk.watermark.low", "cluster.routing.allocation.enable",
    "cluster.routing.allocation.awareness.attributes", "indices.recovery.max_bytes_per_sec",
    "action.auto_create_index", "action.destructive_requires_name",
    "cluster.max_shards_per_node", "logger.org.elasticsearch.discovery",
    "indices.breaker.total.limit", "search.max_buckets",
  };
  static const char * const unknown_keys[] = {
    "", "node", "cluster", "opendistro_security", "plugins.security", "my.own.setting",
    "opendistro.alerting.enabled", "cluster.routing", "clustername",
  };

  for (guint i = 0; i < G_N_ELEMENTS (static_keys); i++)
    {
      g_test_message ("%s", static_keys[i]);
      g_assert_cmpint (odfe_setting_apply (static_keys[i]), ==, ODFE_SETTING_APPLY_STATIC);
      g_assert_nonnull (odfe_setting_describe (static_keys[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (dynamic_keys); i++)
    {
      g_test_message ("%s", dynamic_keys[i]);
      g_assert_cmpint (odfe_setting_apply (dynamic_keys[i]), ==, ODFE_SETTING_APPLY_DYNAMIC);
      g_assert_nonnull (odfe_setting_describe (dynamic_keys[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (unknown_keys); i++)
    {
      g_test_message ("%s", unknown_keys[i]);
      g_assert_cmpint (odfe_setting_apply (unknown_keys[i]), ==, ODFE_SETTING_APPLY_UNKNOWN);
      g_assert_null (odfe_setting_describe (unknown_keys[i]));
    }

  /* The two prefixes name one setting. */
  g_assert_cmpstr (odfe_setting_describe ("plugins.security.ssl.http.enabled"), ==,
                   odfe_setting_describe ("opendistro_security.ssl.http.enabled"));
}

static const OdfeSettingChange *
change_at (GPtrArray *changes,
           guint      index)
{
  g_assert_cmpuint (index, <, changes->len);
  return g_ptr_array_index (changes, index);
}

static void
test_changes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) dynamic_only = NULL;
  const OdfeSettingChange *change;

  /* Flat and nested forms of one setting are the same setting. */
  changes = odfe_setting_changes ("cluster.name: logs\n"
                                  "opendistro_security.ssl.http.enabled: true\n"
                                  "cluster.routing.allocation.disk.threshold_enabled: true\n"
                                  "old.custom: 1\n",
                                  "cluster:\n"
                                  "  name: logs\n"
                                  "  routing.allocation.disk.threshold_enabled: false\n"
                                  "opendistro_security:\n"
                                  "  ssl.http.enabled: false\n"
                                  "new.custom: [a, b]\n",
                                  &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 4);

  change = change_at (changes, 0);
  g_assert_cmpstr (change->key, ==, "cluster.routing.allocation.disk.threshold_enabled");
  g_assert_cmpstr (change->old_value, ==, "true");
  g_assert_cmpstr (change->new_value, ==, "false");
  g_assert_cmpint (change->apply, ==, ODFE_SETTING_APPLY_DYNAMIC);

  change = change_at (changes, 1);
  g_assert_cmpstr (change->key, ==, "new.custom");
  g_assert_null (change->old_value);
  g_assert_cmpstr (change->new_value, ==, "a,b");
  g_assert_cmpint (change->apply, ==, ODFE_SETTING_APPLY_UNKNOWN);

  change = change_at (changes, 2);
  g_assert_cmpstr (change->key, ==, "old.custom");
  g_assert_cmpstr (change->old_value, ==, "1");
  g_assert_null (change->new_value);

  change = change_at (changes, 3);
  g_assert_cmpstr (change->key, ==, "opendistro_security.ssl.http.enabled");
  g_assert_cmpint (change->apply, ==, ODFE_SETTING_APPLY_STATIC);

  g_assert_true (odfe_setting_changes_need_restart (changes));

  none = odfe_setting_changes ("a: 1 # comment\n", "a:   1\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_false (odfe_setting_changes_need_restart (none));

  /* Only dynamic settings changed: no restart. */
  dynamic_only = odfe_setting_changes (NULL, "action.auto_create_index: false\n"
                                             "indices.recovery.max_bytes_per_sec: 100mb\n",
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dynamic_only->len, ==, 2);
  g_assert_false (odfe_setting_changes_need_restart (dynamic_only));
}

static void
test_changes_invalid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = NULL;

  changes = odfe_setting_changes ("a: 1\n", "a: [1\n", &error);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_CONFIG);
  g_assert_null (changes);
  g_clear_error (&error);

  changes = odfe_setting_changes ("- a\n- b\n", "a: 1\n", &error);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_CONFIG);
  g_assert_null (changes);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/odfe/setting-info/apply", test_apply);
  g_test_add_func ("/odfe/setting-info/changes", test_changes);
  g_test_add_func ("/odfe/setting-info/changes-invalid", test_changes_invalid);

  return g_test_run ();
}
