/* test-odfe-cert.c: reading certificates for the certificate card, and the expiry warning
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Certificates come from odfe-test-pki (made with GnuTLS for this run) and, when
 * SANDBOX_PATH is set, from the demo cluster's elasticsearch-tls Secret in the sandbox.
 */

#include <glib/gstdio.h>
#include <string.h>

#include "kube-client.h"
#include "odfe-cert.h"
#include "odfe-client.h"
#include "odfe-error.h"
#include "odfe-test-pki.h"

static OdfeCertificate *
parse (const char *pem)
{
  g_autoptr(GError) error = NULL;
  OdfeCertificate *certificate;

  certificate = odfe_certificate_new_from_pem (pem, strlen (pem), &error);
  g_assert_no_error (error);
  g_assert_nonnull (certificate);

  return certificate;
}

static void
test_node (void)
{
  g_autoptr(OdfeCertificate) certificate = parse (odfe_test_pki_get ()->node.cert_pem);
  g_autoptr(OdfeCertificate) copy = NULL;

  g_assert_cmpstr (certificate->subject, ==, "CN=elasticsearch,OU=demo,O=Searchdeck");
  g_assert_cmpstr (certificate->issuer, ==, "CN=demo root CA,OU=demo,O=Searchdeck");
  g_assert_cmpstr (certificate->serial, ==, "10:20:02");
  g_assert_cmpuint (strlen (certificate->sha256_fingerprint), ==, 32 * 3 - 1);

  g_assert_true (g_strv_contains ((const char * const *) certificate->dns_names,
                                  "elasticsearch.demo.svc"));
  g_assert_true (g_strv_contains ((const char * const *) certificate->dns_names,
                                  "elasticsearch.demo.svc.cluster.local"));
  g_assert_cmpuint (g_strv_length (certificate->dns_names), ==, 5);
  g_assert_cmpuint (g_strv_length (certificate->ip_addresses), ==, 1);
  g_assert_cmpstr (certificate->ip_addresses[0], ==, "127.0.0.1");
  g_assert_cmpuint (g_strv_length (certificate->registered_ids), ==, 1);
  g_assert_cmpstr (certificate->registered_ids[0], ==, "1.2.3.4.5.5");
  g_assert_true (odfe_certificate_has_node_oid (certificate));

  g_assert_false (certificate->is_ca);
  g_assert_true (certificate->server_auth);
  g_assert_true (certificate->client_auth);
  g_assert_cmpuint (certificate->key_bits, ==, 256);
  g_assert_nonnull (strstr (certificate->key_algorithm, "EC"));

  g_assert_cmpint (odfe_certificate_get_validity (certificate, NULL), ==,
                   ODFE_CERTIFICATE_VALID);
  g_assert_cmpint (odfe_certificate_get_days_left (certificate, NULL), >=, 3648);
  g_assert_cmpint (odfe_certificate_get_days_left (certificate, NULL), <=, 3650);

  /* Names, with a wildcard standing for one label only. */
  g_assert_true (odfe_certificate_has_name (certificate, "elasticsearch.demo.svc"));
  g_assert_true (odfe_certificate_has_name (certificate, "ELASTICSEARCH.demo.svc"));
  g_assert_true (odfe_certificate_has_name (certificate,
                                            "elasticsearch-0.elasticsearch-discovery.demo.svc"));
  g_assert_false (odfe_certificate_has_name (certificate,
                                             "a.b.elasticsearch-discovery.demo.svc"));
  g_assert_false (odfe_certificate_has_name (certificate, "elasticsearch-discovery.demo.svc"));
  g_assert_false (odfe_certificate_has_name (certificate, "elasticsearch.other.svc"));
  g_assert_true (odfe_certificate_has_name (certificate, "127.0.0.1"));
  g_assert_false (odfe_certificate_has_name (certificate, "127.0.0.2"));

  copy = odfe_certificate_copy (certificate);
  g_assert_cmpstr (copy->subject, ==, certificate->subject);
  g_assert_cmpstrv (copy->dns_names, certificate->dns_names);
  g_assert_true (g_date_time_equal (copy->not_after, certificate->not_after));
}

static void
test_ca (void)
{
  g_autoptr(OdfeCertificate) certificate = parse (odfe_test_pki_get ()->ca.cert_pem);

  g_assert_true (certificate->is_ca);
  g_assert_cmpstr (certificate->subject, ==, certificate->issuer);
  g_assert_false (odfe_certificate_has_node_oid (certificate));
  g_assert_cmpuint (g_strv_length (certificate->dns_names), ==, 0);
  g_assert_false (certificate->server_auth);
}

static void
test_expiring (void)
{
  g_autoptr(OdfeCertificate) certificate = parse (odfe_test_pki_get ()->expiring.cert_pem);
  int days = odfe_certificate_get_days_left (certificate, NULL);

  g_assert_cmpint (odfe_certificate_get_validity (certificate, NULL), ==,
                   ODFE_CERTIFICATE_EXPIRES_SOON);
  g_assert_cmpint (days, >=, 9);
  g_assert_cmpint (days, <=, 10);
}

static void
test_expired (void)
{
  g_autoptr(OdfeCertificate) certificate = parse (odfe_test_pki_get ()->expired.cert_pem);
  int days = odfe_certificate_get_days_left (certificate, NULL);

  g_assert_cmpint (odfe_certificate_get_validity (certificate, NULL), ==,
                   ODFE_CERTIFICATE_EXPIRED);
  g_assert_cmpint (days, <=, -2);
  g_assert_cmpint (days, >=, -3);
}

/* The warning's edges, at chosen moments. */
static void
test_validity_edges (void)
{
  g_autoptr(OdfeCertificate) certificate = parse (odfe_test_pki_get ()->node.cert_pem);
  g_autoptr(GDateTime) before = g_date_time_add_seconds (certificate->not_before, -1);
  g_autoptr(GDateTime) start = g_date_time_ref (certificate->not_before);
  g_autoptr(GDateTime) day31 = g_date_time_add_days (certificate->not_after, -31);
  g_autoptr(GDateTime) day29 = g_date_time_add_days (certificate->not_after, -29);
  g_autoptr(GDateTime) last = g_date_time_add_seconds (certificate->not_after, -1);
  g_autoptr(GDateTime) after = g_date_time_add_seconds (certificate->not_after, 1);

  g_assert_cmpint (odfe_certificate_get_validity (certificate, before), ==,
                   ODFE_CERTIFICATE_NOT_YET_VALID);
  g_assert_cmpint (odfe_certificate_get_validity (certificate, start), ==,
                   ODFE_CERTIFICATE_VALID);
  g_assert_cmpint (odfe_certificate_get_validity (certificate, day31), ==,
                   ODFE_CERTIFICATE_VALID);
  g_assert_cmpint (odfe_certificate_get_days_left (certificate, day31), ==, 31);
  g_assert_cmpint (odfe_certificate_get_validity (certificate, day29), ==,
                   ODFE_CERTIFICATE_EXPIRES_SOON);
  g_assert_cmpint (odfe_certificate_get_days_left (certificate, day29), ==, 29);
  g_assert_cmpint (odfe_certificate_get_validity (certificate, last), ==,
                   ODFE_CERTIFICATE_EXPIRES_SOON);
  g_assert_cmpint (odfe_certificate_get_days_left (certificate, last), ==, 0);
  g_assert_cmpint (odfe_certificate_get_validity (certificate, after), ==,
                   ODFE_CERTIFICATE_EXPIRED);
  g_assert_cmpint (odfe_certificate_get_days_left (certificate, after), ==, -1);
}

static void
test_chain (void)
{
  OdfeTestPki *pki = odfe_test_pki_get ();
  g_autofree char *chain = g_strconcat (pki->node.cert_pem, pki->ca.cert_pem, NULL);
  g_autoptr(GPtrArray) certificates = NULL;
  g_autoptr(GError) error = NULL;
  OdfeCertificate *first;
  OdfeCertificate *second;

  certificates = odfe_certificate_parse_pem (chain, strlen (chain), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (certificates->len, ==, 2);
  first = certificates->pdata[0];
  second = certificates->pdata[1];
  g_assert_false (first->is_ca);
  g_assert_true (second->is_ca);
  g_assert_cmpstr (first->issuer, ==, second->subject);
}

static void
test_garbage (void)
{
  static const char * const inputs[] = {
    "",
    "not a certificate",
    "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n",
    "-----BEGIN CERTIFICATE-----\n",
    "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OdfeCertificate) certificate = NULL;

      certificate = odfe_certificate_new_from_pem (inputs[i], strlen (inputs[i]), &error);
      g_assert_null (certificate);
      g_assert_error (error, ODFE_ERROR, ODFE_ERROR_CONFIG);
    }
}

/* The demo cluster's certificates, as the sandbox seeds them. */

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }

  g_rmdir (path);
}

static void
test_sandbox_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) sandbox = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(KubeConfig) config = NULL;
  g_autoptr(KubeConnection) connection = NULL;
  g_autoptr(KubeClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) secret_result = NULL;
  g_autoptr(GBytes) ca = NULL;
  g_autoptr(JsonNode) secret = NULL;
  g_autoptr(OdfeCertificate) ca_certificate = NULL;
  g_autoptr(OdfeCertificate) node = NULL;
  g_autofree char *state_dir = NULL;
  g_autofree char *line = NULL;
  g_autofree char *server_name = NULL;
  g_autofree char *ca_text = NULL;
  g_autofree guchar *node_pem = NULL;
  g_auto(GStrv) words = NULL;
  const char *path = g_getenv ("SANDBOX_PATH");
  const char *paths[2] = { NULL, NULL };
  JsonObject *data;
  gsize length = 0;

  if (path == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  state_dir = g_dir_make_tmp ("test-odfe-cert-XXXXXX", &error);
  g_assert_no_error (error);
  sandbox = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDIN_PIPE,
                              &error, path, "--seed", "demo", "--state-dir", state_dir,
                              "--ready-delay", "200", "--exit-on-stdin-eof", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sandbox));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  words = g_strsplit (line, " ", -1);
  g_assert_cmpuint (g_strv_length (words), ==, 3);

  paths[0] = words[2];
  config = kube_config_load (paths, &error);
  g_assert_no_error (error);
  connection = kube_connection_new (config, NULL, &error);
  g_assert_no_error (error);
  client = kube_client_new (connection);

  /* The root CA, as the REST client will be given it. */
  odfe_read_cluster_ca_async (client, "demo", NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  ca = odfe_read_cluster_ca_finish (result, &error);
  g_assert_no_error (error);
  ca_text = g_strndup (g_bytes_get_data (ca, NULL), g_bytes_get_size (ca));
  ca_certificate = parse (ca_text);
  g_assert_true (ca_certificate->is_ca);

  /* The node certificate carries the name the client will expect. */
  kube_client_get_async (client, kube_resource_type_get (KUBE_RESOURCE_SECRETS), "demo",
                         "elasticsearch-tls", NULL, store_result, &secret_result);
  while (secret_result == NULL)
    g_main_context_iteration (NULL, TRUE);
  secret = kube_client_get_finish (client, secret_result, &error);
  g_assert_no_error (error);
  data = json_object_get_object_member (json_node_get_object (secret), "data");
  node_pem = g_base64_decode (json_object_get_string_member (data, "elk-rest-crt.pem"),
                              &length);
  node = odfe_certificate_new_from_pem ((const char *) node_pem, length, &error);
  g_assert_no_error (error);

  server_name = odfe_service_server_name ("demo");
  g_assert_cmpstr (server_name, ==, "elasticsearch.demo.svc");
  g_assert_true (odfe_certificate_has_name (node, server_name));
  g_assert_true (odfe_certificate_has_node_oid (node));
  g_assert_cmpstr (node->issuer, ==, ca_certificate->subject);
  g_assert_cmpint (odfe_certificate_get_validity (node, NULL), ==, ODFE_CERTIFICATE_VALID);

  /* The results hold their source objects. */
  g_clear_object (&result);
  g_clear_object (&secret_result);
  g_assert_finalize_object (g_steal_pointer (&client));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (g_steal_pointer (&connection));
  g_output_stream_close (g_subprocess_get_stdin_pipe (sandbox), NULL, NULL);
  g_subprocess_wait (sandbox, NULL, &error);
  g_assert_no_error (error);
  remove_tree (state_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/odfe/cert/node", test_node);
  g_test_add_func ("/odfe/cert/ca", test_ca);
  g_test_add_func ("/odfe/cert/expiring", test_expiring);
  g_test_add_func ("/odfe/cert/expired", test_expired);
  g_test_add_func ("/odfe/cert/validity-edges", test_validity_edges);
  g_test_add_func ("/odfe/cert/chain", test_chain);
  g_test_add_func ("/odfe/cert/garbage", test_garbage);
  g_test_add_func ("/odfe/cert/sandbox-demo", test_sandbox_demo);

  return g_test_run ();
}
