/* test-kube-tls.c: the server certificate checks, each failure with the message that says
 * which check failed, against an in-process HTTPS API server
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "kube-client.h"
#include "kube-error.h"
#include "kube-json.h"
#include "kube-test-server.h"

/* Serves @identity, connects with a kubeconfig made of @ca_pem and @cluster_extra, asks for
 * /version, and returns the error (NULL on success).  @insecure receives the connection's
 * flag. */
static GError *
try_version (const KubeTestKeyPair *identity,
             const char            *ca_pem,
             const char            *cluster_extra,
             gboolean              *insecure)
{
  g_autofree char *dir = g_dir_make_tmp ("test-kube-tls-XXXXXX", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;
  KubeTestServer *server = kube_test_server_new (identity, FALSE);
  KubeConfig *config;
  KubeConnection *connection;
  KubeClient *client;

  config = kube_test_write_config (dir, kube_test_server_get_url (server), ca_pem,
                                   cluster_extra, NULL);
  connection = kube_connection_new (config, NULL, &error);
  g_assert_no_error (error);
  client = kube_client_new (connection);
  if (insecure != NULL)
    *insecure = kube_connection_get_insecure (connection);

  kube_client_request_json_async (client, "GET", "/version", NULL, NULL, NULL,
                                  kube_test_store_result,
                                  &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  node = kube_client_object_finish (client, result, &error);
  if (error == NULL)
    g_assert_cmpstr (kube_json_path_string (node, "gitVersion", NULL), ==, "v1.32.0");
  else
    g_assert_null (node);

  g_clear_object (&result);
  g_assert_finalize_object (client);
  g_assert_finalize_object (connection);
  g_assert_finalize_object (config);
  kube_test_server_free (server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  kube_test_remove_tree (dir);
  return error;
}

static void
test_trusted (void)
{
  KubeTestPki *pki = kube_test_pki_get ();
  g_autoptr(GError) error = NULL;
  gboolean insecure = TRUE;

  error = try_version (&pki->server, pki->ca.cert_pem, NULL, &insecure);
  g_assert_no_error (error);
  g_assert_false (insecure);

  /* tls-server-name replaces the URL's host (127.0.0.1) in the name check. */
  error = try_version (&pki->server, pki->ca.cert_pem, "    tls-server-name: localhost\n",
                       NULL);
  g_assert_no_error (error);
}

static void
test_ca_file (void)
{
  KubeTestPki *pki = kube_test_pki_get ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *extra = NULL;
  int fd;

  fd = g_file_open_tmp ("test-kube-tls-ca-XXXXXX.crt", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, pki->ca.cert_pem, -1, &error);
  g_assert_no_error (error);

  extra = g_strdup_printf ("    certificate-authority: %s\n", path);
  error = try_version (&pki->server, NULL, extra, NULL);
  g_assert_no_error (error);

  /* The same file holding another CA: refused. */
  g_file_set_contents (path, pki->other_ca.cert_pem, -1, &error);
  g_assert_no_error (error);
  error = try_version (&pki->server, NULL, extra, NULL);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_TLS);
  g_unlink (path);
}

static void
test_wrong_ca (void)
{
  KubeTestPki *pki = kube_test_pki_get ();
  g_autoptr(GError) error = NULL;

  error = try_version (&pki->other_server, pki->ca.cert_pem, NULL, NULL);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_TLS);
  g_assert_cmpstr (error->message, ==,
                   "The server's certificate is not signed by the cluster's certificate "
                   "authority");
}

static void
test_no_ca_uses_system_trust (void)
{
  KubeTestPki *pki = kube_test_pki_get ();
  g_autoptr(GError) error = NULL;

  error = try_version (&pki->server, NULL, NULL, NULL);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_TLS);
  g_assert_cmpstr (error->message, ==,
                   "The server's certificate is not signed by a certificate authority this "
                   "computer trusts");
}

static void
test_wrong_name (void)
{
  KubeTestPki *pki = kube_test_pki_get ();
  g_autoptr(GError) error = NULL;

  error = try_version (&pki->server, pki->ca.cert_pem, "    tls-server-name: other.example\n",
                       NULL);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_TLS);
  g_assert_cmpstr (error->message, ==,
                   "The server's certificate is valid for localhost, 127.0.0.1, "
                   "not other.example");
}

static void
test_expired (void)
{
  KubeTestPki *pki = kube_test_pki_get ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) then = NULL;
  g_autofree char *date = NULL;

  error = try_version (&pki->expired, pki->ca.cert_pem, NULL, NULL);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_TLS);
  g_assert_true (g_str_has_prefix (error->message, "The server's certificate expired on "));

  /* The date is the certificate's notAfter, a day before now. */
  now = g_date_time_new_now_utc ();
  then = g_date_time_add_days (now, -1);
  date = g_date_time_format (then, "%Y-%m-%d");
  g_assert_nonnull (strstr (error->message, date));
}

static void
test_wrong_purpose (void)
{
  KubeTestPki *pki = kube_test_pki_get ();
  g_autoptr(GError) error = NULL;

  /* A client certificate from the right CA, presented by a server. */
  error = try_version (&pki->client, pki->ca.cert_pem, NULL, NULL);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_TLS);
  g_assert_true (g_str_has_prefix (error->message,
                                   "The server's certificate is not meant for a server"));
}

static void
test_insecure (void)
{
  KubeTestPki *pki = kube_test_pki_get ();
  g_autoptr(GError) error = NULL;
  gboolean insecure = FALSE;

  /* Only because the kubeconfig says so. */
  error = try_version (&pki->other_server, NULL, "    insecure-skip-tls-verify: true\n",
                       &insecure);
  g_assert_no_error (error);
  g_assert_true (insecure);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  kube_test_pki_get ();

  g_test_add_func ("/kube/tls/trusted", test_trusted);
  g_test_add_func ("/kube/tls/ca-file", test_ca_file);
  g_test_add_func ("/kube/tls/wrong-ca", test_wrong_ca);
  g_test_add_func ("/kube/tls/no-ca-uses-system-trust", test_no_ca_uses_system_trust);
  g_test_add_func ("/kube/tls/wrong-name", test_wrong_name);
  g_test_add_func ("/kube/tls/expired", test_expired);
  g_test_add_func ("/kube/tls/wrong-purpose", test_wrong_purpose);
  g_test_add_func ("/kube/tls/insecure", test_insecure);

  return g_test_run ();
}
