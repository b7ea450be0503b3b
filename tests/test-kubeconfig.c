/* test-kubeconfig.c: reading, merging and rejecting kubeconfig files
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "kube-config.h"

#include <string.h>
#include <glib/gstdio.h>

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "kubeconfig", name, NULL);
}

static char *
fixture_dir (void)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "kubeconfig", NULL);
}

static KubeConfig *
load_fixtures (const char * const *names,
               GError            **error)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; names[i] != NULL; i++)
    g_ptr_array_add (paths, fixture_path (names[i]));
  g_ptr_array_add (paths, NULL);

  return kube_config_load ((const char * const *) paths->pdata, error);
}

static void
assert_bytes_equal (GBytes     *bytes,
                    const char *expected)
{
  gsize len;
  const char *data;

  g_assert_nonnull (bytes);
  data = g_bytes_get_data (bytes, &len);
  g_assert_cmpmem (data, len, expected, strlen (expected));
}

static void
test_full (void)
{
  static const char * const files[] = { "full.yaml", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = fixture_dir ();
  g_autofree char *source = fixture_path ("full.yaml");
  g_autofree char *expected_path = NULL;
  KubeConfig *config;
  KubeCluster *cluster;
  KubeUser *user;
  KubeContext *context;
  GPtrArray *contexts;
  const char * const *sources;

  config = load_fixtures (files, &error);
  g_assert_no_error (error);
  g_assert_nonnull (config);

  sources = kube_config_get_sources (config);
  g_assert_cmpuint (g_strv_length ((char **) sources), ==, 1);
  g_assert_cmpstr (sources[0], ==, source);
  g_assert_cmpstr (kube_config_get_current_context (config), ==, "search-prod");

  /* Clusters. */
  cluster = kube_config_lookup_cluster (config, "prod");
  g_assert_nonnull (cluster);
  g_assert_cmpstr (cluster->name, ==, "prod");
  g_assert_cmpstr (cluster->source, ==, source);
  g_assert_cmpstr (cluster->server, ==, "https://k8s.example.com:6443");
  expected_path = g_build_filename (dir, "certs", "ca.crt", NULL);
  g_assert_cmpstr (cluster->certificate_authority, ==, expected_path);
  g_clear_pointer (&expected_path, g_free);
  assert_bytes_equal (cluster->certificate_authority_data,
                      "-----BEGIN CERTIFICATE-----\nU2VhcmNoZGVjayB0ZXN0IENB\n"
                      "-----END CERTIFICATE-----\n");
  g_assert_cmpstr (cluster->tls_server_name, ==, "api.internal");
  g_assert_false (cluster->insecure_skip_tls_verify);
  g_assert_cmpstr (cluster->proxy_url, ==, "socks5://localhost:1080");

  cluster = kube_config_lookup_cluster (config, "lab");
  g_assert_nonnull (cluster);
  g_assert_cmpstr (cluster->server, ==, "https://10.0.0.1");
  g_assert_true (cluster->insecure_skip_tls_verify);
  g_assert_null (cluster->certificate_authority);
  g_assert_null (cluster->certificate_authority_data);
  g_assert_null (cluster->tls_server_name);
  g_assert_null (cluster->proxy_url);

  g_assert_null (kube_config_lookup_cluster (config, "unknown"));

  /* Users: client certificates from files, with relative paths resolved
   * against the file's directory ("../kubeconfig/" cleaned away). */
  user = kube_config_lookup_user (config, "cert-files");
  g_assert_nonnull (user);
  g_assert_cmpstr (user->source, ==, source);
  expected_path = g_build_filename (dir, "certs", "client.crt", NULL);
  g_assert_cmpstr (user->client_certificate, ==, expected_path);
  g_clear_pointer (&expected_path, g_free);
  expected_path = g_build_filename (dir, "certs", "client.key", NULL);
  g_assert_cmpstr (user->client_key, ==, expected_path);
  g_clear_pointer (&expected_path, g_free);
  g_assert_null (user->client_certificate_data);
  g_assert_null (user->client_key_data);
  g_assert_null (user->exec);
  g_assert_null (user->unsupported);

  user = kube_config_lookup_user (config, "cert-data");
  g_assert_nonnull (user);
  g_assert_null (user->client_certificate);
  g_assert_null (user->client_key);
  assert_bytes_equal (user->client_certificate_data,
                      "-----BEGIN CERTIFICATE-----\nY2xpZW50\n-----END CERTIFICATE-----\n");
  assert_bytes_equal (user->client_key_data,
                      "-----BEGIN PRIVATE KEY-----\na2V5\n-----END PRIVATE KEY-----\n");

  user = kube_config_lookup_user (config, "bearer");
  g_assert_nonnull (user);
  g_assert_cmpstr (user->token, ==, "not-a-real-token");
  g_assert_null (user->token_file);
  g_assert_null (user->username);

  user = kube_config_lookup_user (config, "token-file");
  g_assert_nonnull (user);
  g_assert_null (user->token);
  g_assert_cmpstr (user->token_file, ==, "/var/run/secrets/token");

  user = kube_config_lookup_user (config, "basic");
  g_assert_nonnull (user);
  g_assert_cmpstr (user->username, ==, "admin");
  g_assert_cmpstr (user->password, ==, "not a real password");
  g_assert_null (user->token);

  /* An exec plugin with every field; a command with a directory part is
   * resolved like a file path. */
  user = kube_config_lookup_user (config, "exec-v1");
  g_assert_nonnull (user);
  g_assert_nonnull (user->exec);
  g_assert_cmpstr (user->exec->api_version, ==, "client.authentication.k8s.io/v1");
  expected_path = g_build_filename (dir, "bin", "credential-helper", NULL);
  g_assert_cmpstr (user->exec->command, ==, expected_path);
  g_clear_pointer (&expected_path, g_free);
  g_assert_cmpuint (g_strv_length (user->exec->args), ==, 2);
  g_assert_cmpstr (user->exec->args[0], ==, "get-token");
  g_assert_cmpstr (user->exec->args[1], ==, "--cluster=prod");
  g_assert_cmpuint (g_strv_length (user->exec->env), ==, 2);
  g_assert_cmpstr (user->exec->env[0], ==, "REGION=eu-west-1");
  g_assert_cmpstr (user->exec->env[1], ==, "EMPTY=");
  g_assert_cmpint (user->exec->interactive_mode, ==, KUBE_EXEC_INTERACTIVE_NEVER);
  g_assert_true (user->exec->provide_cluster_info);
  g_assert_cmpstr (user->exec->install_hint, ==, "Install the helper from the intranet.");

  /* v1beta1 defaults to IfAvailable; a bare command name stays for PATH. */
  user = kube_config_lookup_user (config, "exec-beta");
  g_assert_nonnull (user);
  g_assert_nonnull (user->exec);
  g_assert_cmpstr (user->exec->api_version, ==, "client.authentication.k8s.io/v1beta1");
  g_assert_cmpstr (user->exec->command, ==, "aws");
  g_assert_nonnull (user->exec->args);
  g_assert_null (user->exec->args[0]);
  g_assert_nonnull (user->exec->env);
  g_assert_null (user->exec->env[0]);
  g_assert_cmpint (user->exec->interactive_mode, ==, KUBE_EXEC_INTERACTIVE_IF_AVAILABLE);
  g_assert_false (user->exec->provide_cluster_info);
  g_assert_null (user->exec->install_hint);

  /* Contexts, in file order. */
  contexts = kube_config_get_contexts (config);
  g_assert_cmpuint (contexts->len, ==, 3);
  context = g_ptr_array_index (contexts, 0);
  g_assert_cmpstr (context->name, ==, "search-prod");
  g_assert_cmpstr (context->source, ==, source);
  g_assert_cmpstr (context->cluster, ==, "prod");
  g_assert_cmpstr (context->user, ==, "exec-v1");
  g_assert_cmpstr (context->namespace, ==, "search");
  context = g_ptr_array_index (contexts, 1);
  g_assert_cmpstr (context->name, ==, "lab");
  g_assert_cmpstr (context->cluster, ==, "lab");
  g_assert_cmpstr (context->user, ==, "basic");
  g_assert_null (context->namespace);
  context = g_ptr_array_index (contexts, 2);
  g_assert_cmpstr (context->name, ==, "certs");
  g_assert_true (kube_config_lookup_context (config, "certs") == context);
  g_assert_null (kube_config_lookup_context (config, "nope"));

  g_assert_finalize_object (config);
}

/* Entries outlive the config while someone holds a reference. */
static void
test_entry_references (void)
{
  static const char * const files[] = { "full.yaml", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(KubeCluster) cluster = NULL;
  g_autoptr(KubeUser) user = NULL;
  g_autoptr(KubeContext) context = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  KubeConfig *config;

  config = load_fixtures (files, &error);
  g_assert_no_error (error);

  cluster = kube_cluster_ref (kube_config_lookup_cluster (config, "prod"));
  user = kube_user_ref (kube_config_lookup_user (config, "exec-v1"));
  context = kube_context_ref (kube_config_lookup_context (config, "lab"));

  /* The boxed types copy by reference. */
  g_value_init (&value, kube_cluster_get_type ());
  g_value_set_boxed (&value, cluster);
  g_assert_true (g_value_get_boxed (&value) == cluster);
  g_value_unset (&value);
  g_assert_true (G_TYPE_IS_BOXED (kube_user_get_type ()));
  g_assert_true (G_TYPE_IS_BOXED (kube_context_get_type ()));

  g_assert_finalize_object (config);

  g_assert_cmpstr (cluster->server, ==, "https://k8s.example.com:6443");
  g_assert_cmpstr (user->exec->args[0], ==, "get-token");
  g_assert_cmpstr (context->user, ==, "basic");
}

static void
test_merge (void)
{
  static const char * const files[] = {
    "merge-first.yaml", "does-not-exist.yaml", "merge-second.yaml", "merge-third.yaml", NULL
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *first = fixture_path ("merge-first.yaml");
  g_autofree char *second = fixture_path ("merge-second.yaml");
  g_autofree char *third = fixture_path ("merge-third.yaml");
  const char * const *sources;
  KubeConfig *config;
  KubeCluster *cluster;
  KubeUser *user;
  KubeContext *context;
  GPtrArray *contexts;

  config = load_fixtures (files, &error);
  g_assert_no_error (error);

  /* The missing file is skipped, the others read in order. */
  sources = kube_config_get_sources (config);
  g_assert_cmpuint (g_strv_length ((char **) sources), ==, 3);
  g_assert_cmpstr (sources[0], ==, first);
  g_assert_cmpstr (sources[1], ==, second);
  g_assert_cmpstr (sources[2], ==, third);

  /* The first file's current-context is empty: the second's wins, not the
   * third's. */
  g_assert_cmpstr (kube_config_get_current_context (config), ==, "second-context");

  cluster = kube_config_lookup_cluster (config, "shared");
  g_assert_cmpstr (cluster->server, ==, "https://first.example.com");
  g_assert_cmpstr (cluster->source, ==, first);
  g_assert_nonnull (kube_config_lookup_cluster (config, "only-first"));
  cluster = kube_config_lookup_cluster (config, "only-second");
  g_assert_nonnull (cluster);
  g_assert_cmpstr (cluster->source, ==, second);

  user = kube_config_lookup_user (config, "shared");
  g_assert_cmpstr (user->token, ==, "first-token");
  g_assert_nonnull (kube_config_lookup_user (config, "second-user"));

  contexts = kube_config_get_contexts (config);
  g_assert_cmpuint (contexts->len, ==, 3);
  context = g_ptr_array_index (contexts, 0);
  g_assert_cmpstr (context->name, ==, "shared");
  g_assert_cmpstr (context->namespace, ==, "from-first");
  g_assert_cmpstr (context->cluster, ==, "shared");
  g_assert_cmpstr (context->source, ==, first);
  context = g_ptr_array_index (contexts, 1);
  g_assert_cmpstr (context->name, ==, "second-context");
  context = g_ptr_array_index (contexts, 2);
  g_assert_cmpstr (context->name, ==, "third-context");
  g_assert_cmpstr (context->source, ==, third);

  g_assert_finalize_object (config);
}

static void
test_default_paths (void)
{
  g_autofree char *home_config = g_build_filename (g_get_home_dir (), ".kube", "config", NULL);
  g_autofree char *first = fixture_path ("merge-first.yaml");
  g_autofree char *second = fixture_path ("merge-second.yaml");
  g_autofree char *env = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;
  KubeConfig *config;

  g_assert_true (g_setenv ("KUBECONFIG", "/a/config::/b/config:/a/config:", TRUE));
  paths = kube_config_default_paths ();
  g_assert_cmpuint (g_strv_length (paths), ==, 2);
  g_assert_cmpstr (paths[0], ==, "/a/config");
  g_assert_cmpstr (paths[1], ==, "/b/config");
  g_clear_pointer (&paths, g_strfreev);

  /* Nothing but separators: as good as unset. */
  g_assert_true (g_setenv ("KUBECONFIG", ":::", TRUE));
  paths = kube_config_default_paths ();
  g_assert_cmpuint (g_strv_length (paths), ==, 1);
  g_assert_cmpstr (paths[0], ==, home_config);
  g_clear_pointer (&paths, g_strfreev);

  g_unsetenv ("KUBECONFIG");
  paths = kube_config_default_paths ();
  g_assert_cmpuint (g_strv_length (paths), ==, 1);
  g_assert_cmpstr (paths[0], ==, home_config);
  g_clear_pointer (&paths, g_strfreev);

  /* kube_config_load_default reads what $KUBECONFIG names, in order. */
  env = g_strjoin (":", second, first, NULL);
  g_assert_true (g_setenv ("KUBECONFIG", env, TRUE));
  config = kube_config_load_default (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (kube_config_get_current_context (config), ==, "second-context");
  g_assert_cmpstr (kube_config_lookup_cluster (config, "shared")->server, ==,
                   "https://second.example.com");
  g_assert_finalize_object (config);

  g_unsetenv ("KUBECONFIG");
}

static void
test_not_found (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("searchdeck-kubeconfig-XXXXXX", &error);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  const char *paths[3];
  KubeConfig *config;

  g_assert_no_error (error);
  a = g_build_filename (tmp, "config", NULL);
  b = g_build_filename (tmp, "no-such-dir", "config", NULL);
  paths[0] = a;
  paths[1] = b;
  paths[2] = NULL;

  config = kube_config_load (paths, &error);
  g_assert_null (config);
  g_assert_error (error, KUBE_CONFIG_ERROR, KUBE_CONFIG_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, a));
  g_assert_nonnull (strstr (error->message, b));
  g_clear_error (&error);

  /* An empty name is skipped, not taken for the current directory. */
  paths[0] = "";
  paths[1] = NULL;
  config = kube_config_load (paths, &error);
  g_assert_null (config);
  g_assert_error (error, KUBE_CONFIG_ERROR, KUBE_CONFIG_ERROR_NOT_FOUND);
  g_clear_error (&error);

  config = kube_config_load (NULL, &error);
  g_assert_null (config);
  g_assert_error (error, KUBE_CONFIG_ERROR, KUBE_CONFIG_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_no_errno (g_rmdir (tmp));
}

static void
test_empty (void)
{
  static const char * const files[] = { "empty.yaml", NULL };
  g_autoptr(GError) error = NULL;
  KubeConfig *config;

  config = load_fixtures (files, &error);
  g_assert_no_error (error);
  g_assert_null (kube_config_get_current_context (config));
  g_assert_cmpuint (kube_config_get_contexts (config)->len, ==, 0);
  g_assert_cmpuint (g_strv_length ((char **) kube_config_get_sources (config)), ==, 1);
  g_assert_finalize_object (config);

  /* Comments only, or an explicit null, are empty too. */
  config = kube_config_load_from_data ("# nothing yet\n", 14, "/tmp/config", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kube_config_get_contexts (config)->len, ==, 0);
  g_assert_finalize_object (config);

  config = kube_config_load_from_data ("null\n", 5, "/tmp/config", &error);
  g_assert_no_error (error);
  g_assert_finalize_object (config);
}

static void
test_auth_provider (void)
{
  static const char * const files[] = { "auth-provider.yaml", NULL };
  g_autoptr(GError) error = NULL;
  KubeConfig *config;
  KubeUser *user;

  config = load_fixtures (files, &error);
  g_assert_no_error (error);

  user = kube_config_lookup_user (config, "gcp-user");
  g_assert_nonnull (user);
  g_assert_cmpstr (user->unsupported, ==,
                   "auth-provider “gcp” is not supported by Searchdeck: "
                   "use an exec credential plugin instead");
  g_assert_null (user->exec);

  user = kube_config_lookup_user (config, "impersonating");
  g_assert_nonnull (user);
  g_assert_cmpstr (user->token, ==, "not-a-real-token");
  g_assert_nonnull (user->unsupported);
  g_assert_nonnull (strstr (user->unsupported, "“as”"));

  g_assert_nonnull (kube_config_lookup_context (config, "gke"));
  g_assert_finalize_object (config);
}

typedef struct
{
  const char      *file;
  KubeConfigError  code;
  guint            line;
  const char      *words;   /* that the message must contain */
} BadFile;

static const BadFile bad_files[] = {
  { "bad-syntax.yaml", KUBE_CONFIG_ERROR_SYNTAX, 5, "did not find expected key" },
  { "bad-type.yaml", KUBE_CONFIG_ERROR_INVALID, 3, "“clusters” must be a list, not a string" },
  { "bad-base64.yaml", KUBE_CONFIG_ERROR_INVALID, 5,
    "“certificate-authority-data” is not valid base64" },
  { "bad-missing-name.yaml", KUBE_CONFIG_ERROR_INVALID, 6, "has no “name”" },
  { "bad-exec-v1-no-mode.yaml", KUBE_CONFIG_ERROR_INVALID, 5, "“interactiveMode”" },
  { "bad-exec-api.yaml", KUBE_CONFIG_ERROR_INVALID, 5, "v1alpha1" },
  { "bad-insecure-ca.yaml", KUBE_CONFIG_ERROR_INVALID, 6,
    "specifying a root certificates file with the insecure flag is not allowed" },
  { "bad-token-basic.yaml", KUBE_CONFIG_ERROR_INVALID, 4, "only one authentication method" },
  { "bad-no-server.yaml", KUBE_CONFIG_ERROR_INVALID, 4, "has no “server”" },
  { "bad-cert-no-key.yaml", KUBE_CONFIG_ERROR_INVALID, 4, "no “client-key”" },
  { "bad-duplicate-name.yaml", KUBE_CONFIG_ERROR_INVALID, 4, "two entries named “twice”" },
  { "bad-duplicate-key.yaml", KUBE_CONFIG_ERROR_INVALID, 5, "“server” is given twice" },
  { "bad-top-level-list.yaml", KUBE_CONFIG_ERROR_INVALID, 1, "must be a mapping, not a list" },
  { "bad-number.yaml", KUBE_CONFIG_ERROR_INVALID, 5,
    "“namespace” must be a string, not a number" },
};

static void
test_bad_file (gconstpointer data)
{
  const BadFile *bad = data;
  g_autofree char *path = fixture_path (bad->file);
  g_autofree char *prefix = g_strdup_printf ("%s:%u:", path, bad->line);
  g_autofree char *good = fixture_path ("merge-first.yaml");
  g_autoptr(GError) error = NULL;
  const char *paths[3] = { good, path, NULL };
  KubeConfig *config;

  /* One bad file spoils the whole load, even after a good one. */
  config = kube_config_load (paths, &error);
  g_assert_null (config);
  g_assert_error (error, KUBE_CONFIG_ERROR, (int) bad->code);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_nonnull (strstr (error->message, bad->words));
}

static void
assert_data_fails (const char      *yaml,
                   KubeConfigError  code,
                   const char      *words)
{
  g_autoptr(GError) error = NULL;
  KubeConfig *config;

  config = kube_config_load_from_data (yaml, strlen (yaml), "/tmp/config", &error);
  g_assert_null (config);
  g_assert_error (error, KUBE_CONFIG_ERROR, (int) code);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "/tmp/config:"));
  g_assert_nonnull (strstr (error->message, words));
}

static void
test_bad_data (void)
{
  assert_data_fails ("clusters: [{name: a, cluster: {server: 'https://a', "
                     "insecure-skip-tls-verify: 'yes'}}]",
                     KUBE_CONFIG_ERROR_INVALID, "must be true or false");
  assert_data_fails ("users: [{name: a, user: {exec: {apiVersion: client.authentication.k8s.io/"
                     "v1, command: x, interactiveMode: Sometimes}}}]",
                     KUBE_CONFIG_ERROR_INVALID, "Never, IfAvailable or Always");
  assert_data_fails ("users: [{name: a, user: {exec: {apiVersion: client.authentication.k8s.io/"
                     "v1beta1, command: x, args: [--port, 8080]}}}]",
                     KUBE_CONFIG_ERROR_INVALID, "“args” must be a string, not a number");
  assert_data_fails ("users: [{name: a, user: {exec: {apiVersion: client.authentication.k8s.io/"
                     "v1beta1}}}]",
                     KUBE_CONFIG_ERROR_INVALID, "no “command”");
  assert_data_fails ("users: [{name: a, user: {exec: {command: x}}}]",
                     KUBE_CONFIG_ERROR_INVALID, "no “apiVersion”");
  assert_data_fails ("users: [{name: a, user: {exec: {apiVersion: client.authentication.k8s.io/"
                     "v1beta1, command: x, env: [{value: v}]}}}]",
                     KUBE_CONFIG_ERROR_INVALID, "“env” entry needs a “name”");
  assert_data_fails ("users: [{name: a, user: {client-key-data: a2V5}}]",
                     KUBE_CONFIG_ERROR_INVALID, "no “client-certificate”");
  assert_data_fails ("users: [{name: a, user: {client-certificate-data: 'YWJj', "
                     "client-key-data: 'YWJ=jZA=='}}]",
                     KUBE_CONFIG_ERROR_INVALID, "“client-key-data” is not valid base64");
  assert_data_fails ("users: [{name: a, user: {auth-provider: {name: oidc}, "
                     "exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: x}}}]",
                     KUBE_CONFIG_ERROR_INVALID, "only one is allowed");
  assert_data_fails ("clusters: [plain]", KUBE_CONFIG_ERROR_INVALID,
                     "an entry of “clusters” must be a mapping, not a string");
  assert_data_fails ("contexts: [{name: a, context: [x]}]", KUBE_CONFIG_ERROR_INVALID,
                     "“context” must be a mapping, not a list");
  assert_data_fails ("kind: Pod", KUBE_CONFIG_ERROR_INVALID, "“kind” must be “Config”");
  assert_data_fails ("just a scalar", KUBE_CONFIG_ERROR_INVALID,
                     "must be a mapping, not a string");
  assert_data_fails ("current-context: a\n---\ncurrent-context: b\n", KUBE_CONFIG_ERROR_INVALID,
                     "second");
  assert_data_fails ("contexts: [{name: *nowhere}]", KUBE_CONFIG_ERROR_SYNTAX,
                     "undefined alias");
  assert_data_fails ("current-context: \"a\\0b\"", KUBE_CONFIG_ERROR_INVALID,
                     "NUL character");
  assert_data_fails ("current-context: \xff\xfe\xfd", KUBE_CONFIG_ERROR_SYNTAX, "UTF-8");
}

static void
test_base64_line_breaks (void)
{
  static const char yaml[] =
    "clusters:\n"
    "- name: a\n"
    "  cluster:\n"
    "    server: https://a\n"
    "    certificate-authority-data: |\n"
    "      LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tClkyeHBaVzUwCi0tLS0tRU5E\n"
    "      IENFUlRJRklDQVRFLS0tLS0K\n";
  g_autoptr(GError) error = NULL;
  KubeConfig *config;

  config = kube_config_load_from_data (yaml, sizeof yaml - 1, "/tmp/config", &error);
  g_assert_no_error (error);
  assert_bytes_equal (kube_config_lookup_cluster (config, "a")->certificate_authority_data,
                      "-----BEGIN CERTIFICATE-----\nY2xpZW50\n-----END CERTIFICATE-----\n");
  g_assert_finalize_object (config);
}

/* Anchors and aliases are resolved, as kubectl's YAML reader resolves them. */
static void
test_aliases (void)
{
  static const char yaml[] =
    "clusters:\n"
    "- name: a\n"
    "  cluster: &common\n"
    "    server: https://shared.example.com\n"
    "- name: b\n"
    "  cluster: *common\n"
    "users:\n"
    "- name: u\n"
    "  user:\n"
    "    tokenFile: token\n";
  g_autoptr(GError) error = NULL;
  KubeConfig *config;

  config = kube_config_load_from_data (yaml, sizeof yaml - 1, "/etc/kube/config", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kube_config_lookup_cluster (config, "b")->server, ==,
                   "https://shared.example.com");
  g_assert_cmpstr (kube_config_lookup_user (config, "u")->token_file, ==, "/etc/kube/token");
  g_assert_cmpstr (kube_config_get_sources (config)[0], ==, "/etc/kube/config");
  g_assert_finalize_object (config);
}

/* Merge keys, which kubectl's YAML reader also honours: own keys win. */
static void
test_merge_keys (void)
{
  static const char yaml[] =
    "defaults: &defaults\n"
    "  server: https://default.example.com\n"
    "  tls-server-name: api.internal\n"
    "extra: &extra\n"
    "  proxy-url: http://proxy:3128\n"
    "clusters:\n"
    "- name: a\n"
    "  cluster:\n"
    "    <<: *defaults\n"
    "- name: b\n"
    "  cluster:\n"
    "    <<: [*extra, *defaults]\n"
    "    server: https://b.example.com\n";
  g_autoptr(GError) error = NULL;
  KubeConfig *config;
  KubeCluster *cluster;

  config = kube_config_load_from_data (yaml, sizeof yaml - 1, "/tmp/config", &error);
  g_assert_no_error (error);
  cluster = kube_config_lookup_cluster (config, "a");
  g_assert_cmpstr (cluster->server, ==, "https://default.example.com");
  g_assert_cmpstr (cluster->tls_server_name, ==, "api.internal");
  g_assert_null (cluster->proxy_url);
  cluster = kube_config_lookup_cluster (config, "b");
  g_assert_cmpstr (cluster->server, ==, "https://b.example.com");
  g_assert_cmpstr (cluster->tls_server_name, ==, "api.internal");
  g_assert_cmpstr (cluster->proxy_url, ==, "http://proxy:3128");
  g_assert_finalize_object (config);

  /* A mapping that merges itself must not loop. */
  assert_data_fails ("clusters: [{name: a, cluster: &loop {server: x, <<: *loop}}]",
                     KUBE_CONFIG_ERROR_INVALID, "nest too deeply");
  assert_data_fails ("clusters: [{name: a, cluster: {<<: 5}}]",
                     KUBE_CONFIG_ERROR_INVALID, "“<<” must be a mapping");
}

/* A "billion laughs" document is refused quickly instead of expanded. */
static void
test_alias_bomb (void)
{
  g_autoptr(GString) yaml = g_string_new ("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
  g_autoptr(GString) many = g_string_new ("users:\n");
  g_autoptr(GError) error = NULL;
  KubeConfig *config;

  /* Each level names the previous one ten times: 10^9 strings if expanded.
   * Under keys kubectl ignores it costs nothing, since nothing walks it. */
  for (guint i = 1; i < 9; i++)
    {
      g_string_append_printf (yaml, "a%u: &a%u [", i, i);
      for (guint j = 0; j < 10; j++)
        g_string_append_printf (yaml, "%s*a%u", j > 0 ? ", " : "", i - 1);
      g_string_append (yaml, "]\n");
    }
  g_string_append (yaml, "users:\n");
  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (yaml, "- {name: u%u, user: {exec: {apiVersion: "
                            "client.authentication.k8s.io/v1beta1, command: x, args: *a0}}}\n",
                            i);
  config = kube_config_load_from_data (yaml->str, yaml->len, "/tmp/config", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (kube_config_lookup_user (config, "u1999")->exec->args),
                    ==, 10);
  g_assert_finalize_object (config);

  /* ...but aliasing a big list from many entries costs too many steps. */
  g_string_truncate (yaml, 0);
  g_string_append (yaml, "big: &big [");
  for (guint i = 0; i < 10000; i++)
    g_string_append (yaml, i > 0 ? ", x" : "x");
  g_string_append (yaml, "]\nusers:\n");
  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (yaml, "- {name: u%u, user: {exec: {apiVersion: "
                            "client.authentication.k8s.io/v1beta1, command: x, args: *big}}}\n",
                            i);
  config = kube_config_load_from_data (yaml->str, yaml->len, "/tmp/config", &error);
  g_assert_null (config);
  g_assert_error (error, KUBE_CONFIG_ERROR, KUBE_CONFIG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "too complex"));
  g_clear_error (&error);

  /* More nodes than any kubeconfig has. */
  g_string_append (many, "- {name: x, user: {exec: {args: [");
  for (guint i = 0; i < 100001; i++)
    g_string_append (many, i > 0 ? ",a" : "a");
  g_string_append (many, "]}}}\n");
  config = kube_config_load_from_data (many->str, many->len, "/tmp/config", &error);
  g_assert_null (config);
  g_assert_error (error, KUBE_CONFIG_ERROR, KUBE_CONFIG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "more than 100000 YAML nodes"));
}

static void
test_unreadable (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = fixture_dir ();
  const char *paths[] = { dir, NULL };
  KubeConfig *config;

  /* A directory where a file should be is an error, not a missing file. */
  config = kube_config_load (paths, &error);
  g_assert_null (config);
  g_assert_error (error, KUBE_CONFIG_ERROR, KUBE_CONFIG_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kubeconfig/full", test_full);
  g_test_add_func ("/kubeconfig/entry-references", test_entry_references);
  g_test_add_func ("/kubeconfig/merge", test_merge);
  g_test_add_func ("/kubeconfig/default-paths", test_default_paths);
  g_test_add_func ("/kubeconfig/not-found", test_not_found);
  g_test_add_func ("/kubeconfig/empty", test_empty);
  g_test_add_func ("/kubeconfig/auth-provider", test_auth_provider);
  g_test_add_func ("/kubeconfig/bad-data", test_bad_data);
  g_test_add_func ("/kubeconfig/base64-line-breaks", test_base64_line_breaks);
  g_test_add_func ("/kubeconfig/aliases", test_aliases);
  g_test_add_func ("/kubeconfig/merge-keys", test_merge_keys);
  g_test_add_func ("/kubeconfig/alias-bomb", test_alias_bomb);
  g_test_add_func ("/kubeconfig/unreadable", test_unreadable);

  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *name = g_strdup_printf ("/kubeconfig/bad/%s", bad_files[i].file);

      g_test_add_data_func (name, &bad_files[i], test_bad_file);
    }

  return g_test_run ();
}
