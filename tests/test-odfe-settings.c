/* test-odfe-settings.c: reading what an elasticsearch.yml turns on
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "odfe-error.h"
#include "odfe-settings.h"

static OdfeSettings *
parse (const char *yaml)
{
  g_autoptr(GError) error = NULL;
  OdfeSettings *settings = odfe_settings_parse (yaml, strlen (yaml), &error);

  g_assert_no_error (error);
  g_assert_nonnull (settings);

  return settings;
}

static void
test_flat (void)
{
  g_autoptr(OdfeSettings) settings = parse (
    "cluster.name: logs\n"
    "cluster.initial_master_nodes:\n"
    "  - es-0\n"
    "  - es-1\n"
    "opendistro_security.ssl.transport.pemcert_filepath: elk-transport-crt.pem\n"
    "opendistro_security.ssl.http.enabled: true\n"
    "opendistro_security.audit.type: internal_elasticsearch\n"
    "node.attr.empty:\n");
  g_auto(GStrv) keys = NULL;
  const char *type = NULL;

  g_assert_cmpstr (odfe_settings_get (settings, "cluster.name"), ==, "logs");
  g_assert_cmpstr (odfe_settings_get (settings, "cluster.initial_master_nodes"), ==,
                   "es-0,es-1");
  /* An empty value is no value. */
  g_assert_null (odfe_settings_get (settings, "node.attr.empty"));
  g_assert_cmpuint (odfe_settings_get_n_keys (settings), ==, 5);
  keys = odfe_settings_dup_keys (settings);
  g_assert_cmpuint (g_strv_length (keys), ==, 5);
  g_assert_cmpstr (keys[0], ==, "cluster.initial_master_nodes");
  g_assert_cmpstr (keys[1], ==, "cluster.name");
  g_assert_cmpstr (keys[4], ==, "opendistro_security.ssl.transport.pemcert_filepath");

  g_assert_cmpint (odfe_settings_get_https (settings), ==, ODFE_SETTING_ON);
  g_assert_cmpint (odfe_settings_get_transport_tls (settings), ==, ODFE_SETTING_ON);
  g_assert_cmpint (odfe_settings_get_audit (settings, &type), ==, ODFE_SETTING_ON);
  g_assert_cmpstr (type, ==, "internal_elasticsearch");
}

static void
test_nested (void)
{
  /* The same settings written as nested mappings, OpenSearch's prefix. */
  g_autoptr(OdfeSettings) settings = parse (
    "cluster:\n"
    "  name: logs\n"
    "plugins:\n"
    "  security:\n"
    "    ssl:\n"
    "      transport: {keystore_filepath: node.p12}\n"
    "      http:\n"
    "        enabled: false\n");
  const char *type = "unchanged";

  g_assert_cmpstr (odfe_settings_get (settings, "cluster.name"), ==, "logs");
  g_assert_cmpstr (odfe_settings_get (settings, "plugins.security.ssl.http.enabled"), ==,
                   "false");
  g_assert_cmpint (odfe_settings_get_https (settings), ==, ODFE_SETTING_OFF);
  g_assert_cmpint (odfe_settings_get_transport_tls (settings), ==, ODFE_SETTING_ON);
  g_assert_cmpint (odfe_settings_get_audit (settings, &type), ==, ODFE_SETTING_OFF);
  g_assert_null (type);
}

static void
test_defaults (void)
{
  g_autoptr(OdfeSettings) empty = parse ("");
  g_autoptr(OdfeSettings) comments = parse ("# nothing set here\n");

  /* HTTPS is off unless asked for; without a transport certificate there is
   * no node-to-node TLS; audit logging is off unless given a type. */
  g_assert_cmpuint (odfe_settings_get_n_keys (empty), ==, 0);
  g_assert_cmpint (odfe_settings_get_https (empty), ==, ODFE_SETTING_OFF);
  g_assert_cmpint (odfe_settings_get_transport_tls (empty), ==, ODFE_SETTING_OFF);
  g_assert_cmpint (odfe_settings_get_audit (empty, NULL), ==, ODFE_SETTING_OFF);
  g_assert_cmpint (odfe_settings_get_https (comments), ==, ODFE_SETTING_OFF);
}

static void
test_disabled_plugin (void)
{
  g_autoptr(OdfeSettings) settings = parse (
    "opendistro_security.disabled: true\n"
    "opendistro_security.ssl.transport.pemcert_filepath: elk-transport-crt.pem\n"
    "opendistro_security.ssl.http.enabled: true\n"
    "opendistro_security.audit.type: debug\n");

  g_assert_cmpint (odfe_settings_get_https (settings), ==, ODFE_SETTING_OFF);
  g_assert_cmpint (odfe_settings_get_transport_tls (settings), ==, ODFE_SETTING_OFF);
  g_assert_cmpint (odfe_settings_get_audit (settings, NULL), ==, ODFE_SETTING_OFF);
}

static void
test_unreadable_boolean (void)
{
  /* The node accepts only true and false: "yes" is not a setting it starts
   * with, so Searchdeck does not claim either way. */
  g_autoptr(OdfeSettings) settings = parse ("opendistro_security.ssl.http.enabled: yes\n");

  g_assert_cmpint (odfe_settings_get_https (settings), ==, ODFE_SETTING_UNKNOWN);
}

static void
test_errors (void)
{
  static const char * const bad[] = {
    "cluster.name: [unclosed\n",
    "- a list\n- of things\n",
    "just a string\n",
    "? [a, b]\n: complex key\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OdfeSettings) settings = odfe_settings_parse (bad[i], strlen (bad[i]), &error);

      g_assert_null (settings);
      g_assert_error (error, ODFE_ERROR, ODFE_ERROR_CONFIG);
    }
}

static void
test_alias_bomb (void)
{
  /* Each level refers to the one before ten times: walked naively, the
   * last would stand for 10^8 values. */
  g_autoptr(GString) yaml = g_string_new ("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(OdfeSettings) settings = NULL;

  for (guint level = 1; level < 9; level++)
    {
      g_string_append_printf (yaml, "a%u: &a%u {", level, level);
      for (guint i = 0; i < 10; i++)
        g_string_append_printf (yaml, "%sk%u: *a%u", i > 0 ? ", " : "", i, level - 1);
      g_string_append (yaml, "}\n");
    }

  settings = odfe_settings_parse (yaml->str, yaml->len, &error);
  g_assert_null (settings);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_CONFIG);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/odfe/settings/flat", test_flat);
  g_test_add_func ("/odfe/settings/nested", test_nested);
  g_test_add_func ("/odfe/settings/defaults", test_defaults);
  g_test_add_func ("/odfe/settings/disabled-plugin", test_disabled_plugin);
  g_test_add_func ("/odfe/settings/unreadable-boolean", test_unreadable_boolean);
  g_test_add_func ("/odfe/settings/errors", test_errors);
  g_test_add_func ("/odfe/settings/alias-bomb", test_alias_bomb);

  return g_test_run ();
}
