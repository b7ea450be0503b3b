/* test-odfe-cert.c: reading certificates for the certificate card, and the expiry warning
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Certificates come from odfe-test-pki (made with GnuTLS for this run) and, when
 * SANDBOX_PATH is set, from the demo cluster's elasticsearch-tls Secret in the sandbox.
 */

#include <string.h>

#include "kube-client.h"
#include "odfe-cert.h"
#include "odfe-client.h"
#include "odfe-error.h"
#include "odfe-test-pki.h"
#include "sandbox-session.h"

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
test_sandbox_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) secret_result = NULL;
  g_autoptr(GBytes) ca = NULL;
  g_autoptr(JsonNode) secret = NULL;
  g_autoptr(OdfeCertificate) ca_certificate = NULL;
  g_autoptr(OdfeCertificate) node = NULL;
  g_autofree char *server_name = NULL;
  g_autofree char *ca_text = NULL;
  g_autofree guchar *node_pem = NULL;
  const char * const args[] = { "--ready-delay", "200", NULL };
  SandboxSession *session = sandbox_session_start ("test-odfe-cert", args);
  KubeClient *client;
  JsonObject *data;
  gsize length = 0;

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }
  client = session->kube;

  /* The root CA, as the REST client will be given it. */
  odfe_read_cluster_ca_async (client, "demo", NULL, sandbox_session_store_result, &result);
  ca = odfe_read_cluster_ca_finish (sandbox_session_wait_result (&result, 30), &error);
  g_assert_no_error (error);
  ca_text = g_strndup (g_bytes_get_data (ca, NULL), g_bytes_get_size (ca));
  ca_certificate = parse (ca_text);
  g_assert_true (ca_certificate->is_ca);

  /* The node certificate carries the name the client will expect. */
  kube_client_get_async (client, kube_resource_type_get (KUBE_RESOURCE_SECRETS), "demo",
                         "elasticsearch-tls", NULL, sandbox_session_store_result,
                         &secret_result);
  secret = kube_client_get_finish (client, sandbox_session_wait_result (&secret_result, 30),
                                   &error);
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
  /* Finalizes the client, its connection and configuration, and stops the sandbox. */
  sandbox_session_stop (session);
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
