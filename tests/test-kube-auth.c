/* test-kube-auth.c: every kind of credential against an in-process HTTPS API server: basic,
 * client certificate, a rotating token file, and exec plugins of both API versions
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "kube-client.h"
#include "kube-error.h"
#include "kube-json.h"
#include "kube-test-server.h"

typedef struct
{
  KubeTestServer *server;
  char           *dir;
  KubeConfig     *config;
  KubeConnection *connection;
  KubeClient     *client;
} Fixture;

static void
setup_common (Fixture  *fixture,
              gboolean  client_cert)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("test-kube-auth-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->server = kube_test_server_new (&kube_test_pki_get ()->server, client_cert);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  setup_common (fixture, FALSE);
}

static void
fixture_setup_client_cert (Fixture       *fixture,
                           gconstpointer  data)
{
  setup_common (fixture, TRUE);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->client != NULL)
    g_assert_finalize_object (fixture->client);
  if (fixture->connection != NULL)
    g_assert_finalize_object (fixture->connection);
  if (fixture->config != NULL)
    g_assert_finalize_object (fixture->config);
  kube_test_server_free (fixture->server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  kube_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static void
fixture_connect (Fixture    *fixture,
                 const char *user_yaml)
{
  g_autoptr(GError) error = NULL;

  fixture->config = kube_test_write_config (fixture->dir,
                                            kube_test_server_get_url (fixture->server),
                                            kube_test_pki_get ()->ca.cert_pem, NULL, user_yaml);
  fixture->connection = kube_connection_new (fixture->config, NULL, &error);
  g_assert_no_error (error);
  fixture->client = kube_client_new (fixture->connection);
}

/* GET /version; returns the error, or NULL. */
static GError *
ask_version (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;

  kube_client_request_json_async (fixture->client, "GET", "/version", NULL, NULL, NULL,
                                  kube_test_store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  node = kube_client_object_finish (fixture->client, result, &error);
  g_assert_true ((node == NULL) == (error != NULL));
  return error;
}

static const char *
last_authorization (Fixture *fixture)
{
  GPtrArray *requests = kube_test_server_get_requests (fixture->server);

  return ((KubeTestRequest *) g_ptr_array_index (requests, requests->len - 1))->authorization;
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents,
            int         mode)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);
  g_autofree char *temporary = g_strconcat (path, ".new", NULL);

  /* Written aside and renamed, as kubelet rotates projected tokens. */
  g_file_set_contents (temporary, contents, -1, &error);
  g_assert_no_error (error);
  g_chmod (temporary, mode);
  g_assert_cmpint (g_rename (temporary, path), ==, 0);
  return path;
}

static guint
count_runs (Fixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->dir, "runs", NULL);
  g_autofree char *contents = NULL;
  guint runs = 0;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;

  for (const char *p = contents; *p; p++)
    runs += *p == '\n';

  return runs;
}

static void
test_basic (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  kube_test_server_set_basic (fixture->server, "admin", "pa:ss");
  fixture_connect (fixture, "    username: admin\n    password: \"pa:ss\"\n");

  error = ask_version (fixture);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (last_authorization (fixture), "Basic "));

  /* A wrong password is the server's 401, not retried: basic auth cannot change. */
  kube_test_server_set_basic (fixture->server, "admin", "other");
  error = ask_version (fixture);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (kube_test_server_get_requests (fixture->server)->len, ==, 2);
}

static void
test_client_certificate (Fixture       *fixture,
                         gconstpointer  data)
{
  KubeTestPki *pki = kube_test_pki_get ();
  g_autoptr(GError) error = NULL;
  g_autofree char *cert = g_base64_encode ((const guchar *) pki->client.cert_pem,
                                           strlen (pki->client.cert_pem));
  g_autofree char *key_path = NULL;
  g_autofree char *yaml = NULL;

  kube_test_server_set_client_cn (fixture->server, "alice");
  key_path = write_file (fixture, "client.key", pki->client.key_pem, 0600);
  yaml = g_strdup_printf ("    client-certificate-data: %s\n    client-key: %s\n", cert,
                          key_path);
  fixture_connect (fixture, yaml);

  error = ask_version (fixture);
  g_assert_no_error (error);
  g_assert_null (last_authorization (fixture));
}

static void
test_client_certificate_missing (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  kube_test_server_set_client_cn (fixture->server, "alice");
  fixture_connect (fixture, NULL);

  error = ask_version (fixture);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_UNAUTHORIZED);
}

static void
test_client_certificate_bad_key (Fixture       *fixture,
                                 gconstpointer  data)
{
  KubeTestPki *pki = kube_test_pki_get ();
  g_autoptr(GError) error = NULL;
  g_autofree char *cert = g_base64_encode ((const guchar *) pki->client.cert_pem,
                                           strlen (pki->client.cert_pem));
  g_autofree char *yaml = NULL;

  yaml = g_strdup_printf ("    client-certificate-data: %s\n    client-key: /nonexistent/key\n",
                          cert);
  fixture->config = kube_test_write_config (fixture->dir,
                                            kube_test_server_get_url (fixture->server),
                                            pki->ca.cert_pem, NULL, yaml);
  g_assert_null (kube_connection_new (fixture->config, NULL, &error));
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "client key"));
  g_assert_nonnull (strstr (error->message, "tester"));
}

static void
test_token_file (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *yaml = NULL;

  path = write_file (fixture, "token", "first-token\n", 0600);
  yaml = g_strdup_printf ("    tokenFile: %s\n", path);
  kube_test_server_set_token (fixture->server, "first-token");
  fixture_connect (fixture, yaml);

  error = ask_version (fixture);
  g_assert_no_error (error);
  g_assert_cmpstr (last_authorization (fixture), ==, "Bearer first-token");

  /* The token rotates on disk: the next request carries the new one. */
  g_free (write_file (fixture, "token", "second-token-rotated", 0600));
  kube_test_server_set_token (fixture->server, "second-token-rotated");
  error = ask_version (fixture);
  g_assert_no_error (error);
  g_assert_cmpstr (last_authorization (fixture), ==, "Bearer second-token-rotated");
  g_assert_cmpuint (kube_test_server_get_requests (fixture->server)->len, ==, 2);

  /* The file disappears: a clear error naming it. */
  g_unlink (path);
  error = ask_version (fixture);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, path));
}

static char *
write_plugin (Fixture    *fixture,
              const char *output,
              int         exit_status)
{
  g_autofree char *output_path = NULL;
  g_autofree char *script = NULL;
  g_autofree char *runs = g_build_filename (fixture->dir, "runs", NULL);
  g_autofree char *info = g_build_filename (fixture->dir, "exec-info", NULL);

  output_path = write_file (fixture, "output.json", output, 0600);
  script = g_strdup_printf ("#!/bin/sh\n"
                            "echo \"$1 $PLUGIN_FLAVOUR\" >> '%s'\n"
                            "printf '%%s' \"$KUBERNETES_EXEC_INFO\" > '%s'\n"
                            "if [ %d -ne 0 ]; then echo 'no credentials for you' >&2; "
                            "exit %d; fi\n"
                            "cat '%s'\n", runs, info, exit_status, exit_status, output_path);
  return write_file (fixture, "plugin.sh", script, 0700);
}

static char *
exec_yaml (const char *api_version,
           const char *command,
           const char *extra)
{
  return g_strdup_printf ("    exec:\n"
                          "      apiVersion: %s\n"
                          "      command: %s\n"
                          "      args: [first-arg]\n"
                          "      env:\n"
                          "      - name: PLUGIN_FLAVOUR\n"
                          "        value: vanilla\n"
                          "      installHint: Install the test plugin\n"
                          "%s", api_version, command, extra ? extra : "");
}

static void
test_exec_v1_token (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plugin = NULL;
  g_autofree char *yaml = NULL;
  g_autofree char *info = NULL;
  g_autofree char *info_path = NULL;
  g_autofree char *runs = NULL;
  g_autofree char *runs_path = NULL;
  g_autoptr(JsonNode) info_node = NULL;
  KubeAuth *auth;

  plugin = write_plugin (fixture,
                         "{\"apiVersion\":\"client.authentication.k8s.io/v1\","
                         "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"from-plugin\","
                         "\"expirationTimestamp\":\"2099-01-01T00:00:00Z\"}}", 0);
  yaml = exec_yaml ("client.authentication.k8s.io/v1", plugin,
                    "      interactiveMode: IfAvailable\n      provideClusterInfo: true\n");
  kube_test_server_set_token (fixture->server, "from-plugin");
  fixture_connect (fixture, yaml);
  auth = kube_connection_get_auth (fixture->connection);

  error = ask_version (fixture);
  g_assert_no_error (error);
  g_assert_cmpstr (last_authorization (fixture), ==, "Bearer from-plugin");

  /* Cached until it expires: a second request does not run the plugin. */
  error = ask_version (fixture);
  g_assert_no_error (error);
  g_assert_cmpuint (kube_auth_get_exec_runs (auth), ==, 1);
  g_assert_cmpuint (count_runs (fixture), ==, 1);

  /* Arguments, environment and KUBERNETES_EXEC_INFO reached the plugin. */
  runs_path = g_build_filename (fixture->dir, "runs", NULL);
  g_file_get_contents (runs_path, &runs, NULL, NULL);
  g_assert_cmpstr (runs, ==, "first-arg vanilla\n");
  info_path = g_build_filename (fixture->dir, "exec-info", NULL);
  g_file_get_contents (info_path, &info, NULL, NULL);
  info_node = json_from_string (info, NULL);
  g_assert_nonnull (info_node);
  g_assert_cmpstr (kube_json_path_string (info_node, "apiVersion", NULL), ==,
                   "client.authentication.k8s.io/v1");
  g_assert_cmpstr (kube_json_path_string (info_node, "spec", "cluster", "server", NULL), ==,
                   kube_test_server_get_url (fixture->server));
  g_assert_false (kube_json_get_bool (kube_json_path_object (info_node, "spec", NULL),
                                      "interactive", TRUE));

  /* The server stops accepting the token: 401, the plugin runs again, and the request is
   * sent once more with what it gives. */
  g_free (write_plugin (fixture,
                        "{\"apiVersion\":\"client.authentication.k8s.io/v1\","
                        "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"renewed\"}}", 0));
  kube_test_server_set_token (fixture->server, "renewed");
  error = ask_version (fixture);
  g_assert_no_error (error);
  g_assert_cmpstr (last_authorization (fixture), ==, "Bearer renewed");
  g_assert_cmpuint (kube_auth_get_exec_runs (auth), ==, 2);
}

static void
test_exec_shared_run (Fixture       *fixture,
                      gconstpointer  data)
{
  GAsyncResult *results[5] = { NULL, };
  g_autofree char *plugin = NULL;
  g_autofree char *yaml = NULL;

  plugin = write_plugin (fixture,
                         "{\"apiVersion\":\"client.authentication.k8s.io/v1\","
                         "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"shared\"}}", 0);
  yaml = exec_yaml ("client.authentication.k8s.io/v1", plugin, "      interactiveMode: Never\n");
  kube_test_server_set_token (fixture->server, "shared");
  fixture_connect (fixture, yaml);

  /* Five requests at once wait for one run of the plugin. */
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    kube_client_request_json_async (fixture->client, "GET", "/version", NULL, NULL, NULL,
                                    kube_test_store_result, &results[i]);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;

      node = kube_client_object_finish (fixture->client, kube_test_wait_result (&results[i]),
                                        &error);
      g_assert_no_error (error);
      g_clear_object (&results[i]);
    }

  g_assert_cmpuint (count_runs (fixture), ==, 1);
}

static void
test_exec_v1beta1_expiring (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plugin = NULL;
  g_autofree char *yaml = NULL;

  /* Already expired when it arrives: every request runs the plugin. */
  plugin = write_plugin (fixture,
                         "{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\","
                         "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"short-lived\","
                         "\"expirationTimestamp\":\"2020-01-01T00:00:00Z\"}}", 0);
  yaml = exec_yaml ("client.authentication.k8s.io/v1beta1", plugin, NULL);
  kube_test_server_set_token (fixture->server, "short-lived");
  fixture_connect (fixture, yaml);

  for (guint i = 0; i < 3; i++)
    {
      error = ask_version (fixture);
      g_assert_no_error (error);
    }
  g_assert_cmpuint (count_runs (fixture), ==, 3);
  g_assert_cmpstr (last_authorization (fixture), ==, "Bearer short-lived");
}

static void
test_exec_client_certificate (Fixture       *fixture,
                              gconstpointer  data)
{
  KubeTestPki *pki = kube_test_pki_get ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *plugin = NULL;
  g_autofree char *yaml = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "apiVersion");
  json_builder_add_string_value (builder, "client.authentication.k8s.io/v1");
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "ExecCredential");
  json_builder_set_member_name (builder, "status");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "clientCertificateData");
  json_builder_add_string_value (builder, pki->client.cert_pem);
  json_builder_set_member_name (builder, "clientKeyData");
  json_builder_add_string_value (builder, pki->client.key_pem);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  output = json_builder_get_root (builder);
  json = json_to_string (output, FALSE);

  plugin = write_plugin (fixture, json, 0);
  yaml = exec_yaml ("client.authentication.k8s.io/v1", plugin, "      interactiveMode: Never\n");
  kube_test_server_set_client_cn (fixture->server, "alice");
  fixture_connect (fixture, yaml);

  error = ask_version (fixture);
  g_assert_no_error (error);
  g_assert_null (last_authorization (fixture));
}

static void
test_exec_failures (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plugin = NULL;
  g_autofree char *yaml = NULL;

  plugin = write_plugin (fixture, "", 3);
  yaml = exec_yaml ("client.authentication.k8s.io/v1", plugin, "      interactiveMode: Never\n");
  fixture_connect (fixture, yaml);

  error = ask_version (fixture);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "exit status 3"));
  g_assert_nonnull (strstr (error->message, "no credentials for you"));
  g_clear_error (&error);

  /* Not an ExecCredential, or of the wrong version. */
  g_free (write_plugin (fixture, "hello", 0));
  error = ask_version (fixture);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "did not print an ExecCredential"));
  g_clear_error (&error);

  g_free (write_plugin (fixture,
                        "{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\","
                        "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"t\"}}", 0));
  error = ask_version (fixture);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "v1beta1"));
  g_clear_error (&error);

  /* No request reached the server with made-up credentials. */
  g_assert_cmpuint (kube_test_server_get_requests (fixture->server)->len, ==, 0);
}

static void
test_exec_missing_command (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *yaml = NULL;

  yaml = exec_yaml ("client.authentication.k8s.io/v1", "/nonexistent/plugin",
                    "      interactiveMode: Never\n");
  fixture_connect (fixture, yaml);

  error = ask_version (fixture);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "/nonexistent/plugin"));
  g_assert_nonnull (strstr (error->message, "Install the test plugin"));
}

static void
test_exec_interactive_always (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *yaml = NULL;

  yaml = exec_yaml ("client.authentication.k8s.io/v1", "/bin/true",
                    "      interactiveMode: Always\n");
  fixture->config = kube_test_write_config (fixture->dir,
                                            kube_test_server_get_url (fixture->server),
                                            kube_test_pki_get ()->ca.cert_pem, NULL, yaml);
  g_assert_null (kube_connection_new (fixture->config, NULL, &error));
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "interactiveMode: Always"));
}

static void
test_exec_argv (void)
{
  g_auto(GStrv) args = g_strsplit ("get-token|--cluster=a b", "|", -1);
  g_auto(GStrv) env = g_strsplit ("REGION=eu-west|BROKEN", "|", -1);
  KubeExecConfig exec = {
    .api_version = (char *) "client.authentication.k8s.io/v1",
    .command = (char *) "aws",
    .args = args,
    .env = env,
  };
  const char *expected_host[] = {
    "flatpak-spawn", "--host", "--env=REGION=eu-west", "--env=BROKEN",
    "--env=KUBERNETES_EXEC_INFO={\"kind\":\"ExecCredential\"}", "aws", "get-token",
    "--cluster=a b", NULL
  };
  const char *expected_here[] = { "aws", "get-token", "--cluster=a b", NULL };
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) envp = g_new0 (char *, 1);

  /* Inside Flatpak: the host runs the plugin, and gets its variables as options. */
  argv = kube_exec_plugin_argv (&exec, "{\"kind\":\"ExecCredential\"}", TRUE, &envp);
  g_assert_cmpstrv (argv, expected_host);
  g_assert_cmpuint (g_strv_length (envp), ==, 0);
  g_clear_pointer (&argv, g_strfreev);

  /* Outside: the plugin itself, with its variables in the environment. */
  argv = kube_exec_plugin_argv (&exec, "{\"kind\":\"ExecCredential\"}", FALSE, &envp);
  g_assert_cmpstrv (argv, expected_here);
  g_assert_cmpstr (g_environ_getenv (envp, "REGION"), ==, "eu-west");
  g_assert_cmpstr (g_environ_getenv (envp, "KUBERNETES_EXEC_INFO"), ==,
                   "{\"kind\":\"ExecCredential\"}");
  g_assert_null (g_environ_getenv (envp, "BROKEN"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  kube_test_pki_get ();

  g_test_add_func ("/kube/auth/exec-argv", test_exec_argv);
#define ADD(path, setup, func) \
  g_test_add ("/kube/auth/" path, Fixture, NULL, setup, func, fixture_teardown)
  ADD ("basic", fixture_setup, test_basic);
  ADD ("client-certificate", fixture_setup_client_cert, test_client_certificate);
  ADD ("client-certificate-missing", fixture_setup_client_cert,
       test_client_certificate_missing);
  ADD ("client-certificate-bad-key", fixture_setup, test_client_certificate_bad_key);
  ADD ("token-file", fixture_setup, test_token_file);
  ADD ("exec-v1-token", fixture_setup, test_exec_v1_token);
  ADD ("exec-shared-run", fixture_setup, test_exec_shared_run);
  ADD ("exec-v1beta1-expiring", fixture_setup, test_exec_v1beta1_expiring);
  ADD ("exec-client-certificate", fixture_setup_client_cert, test_exec_client_certificate);
  ADD ("exec-failures", fixture_setup, test_exec_failures);
  ADD ("exec-missing-command", fixture_setup, test_exec_missing_command);
  ADD ("exec-interactive-always", fixture_setup, test_exec_interactive_always);
#undef ADD

  return g_test_run ();
}
