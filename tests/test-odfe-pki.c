/* test-odfe-pki.c: the certificates made for a new cluster, checked with GnuTLS and OpenSSL
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#include "odfe-error.h"
#include "odfe-pki.h"
#include "scratch-dir.h"

/* One 2048-bit set for the tests that only read it. */
static OdfeClusterSpec *shared_spec;
static OdfeClusterPki *shared_pki;

static OdfeClusterPki *
get_pki (void)
{
  if (shared_pki == NULL)
    {
      g_autoptr(GError) error = NULL;

      shared_spec = odfe_cluster_spec_new ();
      g_free (shared_spec->name);
      shared_spec->name = g_strdup ("logs");
      g_free (shared_spec->namespace);
      shared_spec->namespace = g_strdup ("search-prod");
      shared_pki = odfe_cluster_pki_generate (shared_spec, &error);
      g_assert_no_error (error);
      g_assert_nonnull (shared_pki);
    }

  return shared_pki;
}

static gnutls_x509_crt_t
import_certificate (const char *pem)
{
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t data = { (unsigned char *) pem, strlen (pem) };

  g_assert_cmpint (gnutls_x509_crt_init (&crt), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_import (crt, &data, GNUTLS_X509_FMT_PEM), ==, 0);
  return crt;
}

static GStrv
extended_key_usages (gnutls_x509_crt_t crt)
{
  GPtrArray *oids = g_ptr_array_new ();

  for (guint i = 0; ; i++)
    {
      char oid[128];
      size_t size = sizeof oid;
      int result = gnutls_x509_crt_get_key_purpose_oid (crt, i, oid, &size, NULL);

      if (result == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        break;
      g_assert_cmpint (result, ==, 0);
      g_ptr_array_add (oids, g_strdup (oid));
    }
  g_ptr_array_add (oids, NULL);

  return (GStrv) g_ptr_array_free (oids, FALSE);
}

static guint
key_usage (gnutls_x509_crt_t crt)
{
  unsigned int usage = 0, critical = 0;

  g_assert_cmpint (gnutls_x509_crt_get_key_usage (crt, &usage, &critical), ==, 0);
  return usage;
}

static gboolean
is_ca (gnutls_x509_crt_t crt)
{
  unsigned int critical = 0, ca = 0;
  int path_length = 0;

  g_assert_cmpint (gnutls_x509_crt_get_basic_constraints (crt, &critical, &ca, &path_length),
                   >=, 0);
  return ca != 0;
}

static char *
subject_key_id (gnutls_x509_crt_t crt)
{
  guint8 id[64];
  size_t size = sizeof id;

  g_assert_cmpint (gnutls_x509_crt_get_subject_key_id (crt, id, &size, NULL), ==, 0);
  return g_base64_encode (id, size);
}

static char *
authority_key_id (gnutls_x509_crt_t crt)
{
  guint8 id[64];
  size_t size = sizeof id;

  g_assert_cmpint (gnutls_x509_crt_get_authority_key_id (crt, id, &size, NULL), ==, 0);
  return g_base64_encode (id, size);
}

/* The certificate's verification status against @ca_pem alone (0 when it is trusted). */
static unsigned int
verify_against (const char *cert_pem,
                const char *ca_pem)
{
  gnutls_x509_crt_t crt = import_certificate (cert_pem);
  gnutls_x509_crt_t ca = import_certificate (ca_pem);
  gnutls_x509_trust_list_t trust = NULL;
  unsigned int status = G_MAXUINT;

  g_assert_cmpint (gnutls_x509_trust_list_init (&trust, 0), ==, 0);
  g_assert_cmpint (gnutls_x509_trust_list_add_cas (trust, &ca, 1, 0), ==, 1);
  g_assert_cmpint (gnutls_x509_trust_list_verify_crt (trust, &crt, 1, 0, &status, NULL), ==, 0);

  /* The list owns the CA now. */
  gnutls_x509_trust_list_deinit (trust, 1);
  gnutls_x509_crt_deinit (crt);
  return status;
}

static void
check_key (const char        *key_pem,
           gnutls_x509_crt_t  crt,
           guint              bits)
{
  gnutls_x509_privkey_t key = NULL;
  gnutls_datum_t data = { (unsigned char *) key_pem, strlen (key_pem) };
  guint8 cert_id[64], key_id[64];
  size_t cert_id_size = sizeof cert_id, key_id_size = sizeof key_id;
  unsigned int key_bits = 0;

  /* Unencrypted PKCS#8, the one form the plugin's Netty loads. */
  g_assert_true (g_str_has_prefix (key_pem, "-----BEGIN PRIVATE KEY-----\n"));
  g_assert_null (strstr (key_pem, "RSA PRIVATE KEY"));
  g_assert_null (strstr (key_pem, "ENCRYPTED"));

  g_assert_cmpint (gnutls_x509_privkey_init (&key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_import_pkcs8 (key, &data, GNUTLS_X509_FMT_PEM, NULL,
                                                     GNUTLS_PKCS_PLAIN), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_get_pk_algorithm2 (key, &key_bits), ==, GNUTLS_PK_RSA);
  g_assert_cmpuint (key_bits, ==, bits);

  /* The key belongs to the certificate. */
  g_assert_cmpint (gnutls_x509_privkey_get_key_id (key, GNUTLS_KEYID_USE_SHA256, key_id,
                                                   &key_id_size), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_get_key_id (crt, GNUTLS_KEYID_USE_SHA256, cert_id,
                                               &cert_id_size), ==, 0);
  g_assert_cmpmem (key_id, key_id_size, cert_id, cert_id_size);

  gnutls_x509_privkey_deinit (key);
}

static void
check_common (gnutls_x509_crt_t crt,
              guint             bits,
              guint             days)
{
  unsigned int key_bits = 0;
  guint8 serial[64];
  size_t serial_size = sizeof serial;
  time_t from = gnutls_x509_crt_get_activation_time (crt);
  time_t until = gnutls_x509_crt_get_expiration_time (crt);
  time_t now = time (NULL);

  g_assert_cmpint (gnutls_x509_crt_get_version (crt), ==, 3);
  g_assert_cmpint (gnutls_x509_crt_get_pk_algorithm (crt, &key_bits), ==, GNUTLS_PK_RSA);
  g_assert_cmpuint (key_bits, ==, bits);
  g_assert_cmpint (gnutls_x509_crt_get_signature_algorithm (crt), ==, GNUTLS_SIGN_RSA_SHA256);

  /* A positive serial of 16 random bytes. */
  g_assert_cmpint (gnutls_x509_crt_get_serial (crt, serial, &serial_size), ==, 0);
  g_assert_cmpuint (serial_size, ==, 16);
  g_assert_cmpuint (serial[0], <, 0x80);
  g_assert_cmpuint (serial[0], >, 0);

  /* Valid now, for the days asked (give or take the hour of clock skew). */
  g_assert_cmpint (from, <=, now);
  g_assert_cmpint (from, >, now - 2 * 60 * 60);
  g_assert_cmpint (until - now, >, (time_t) days * 86400 - 60);
  g_assert_cmpint (until - now, <=, (time_t) days * 86400);
}

static void
test_ca (void)
{
  OdfeClusterPki *pki = get_pki ();
  gnutls_x509_crt_t ca = import_certificate (pki->ca_cert_pem);
  g_autofree char *ski = subject_key_id (ca);

  check_common (ca, 2048, 3650);
  check_key (pki->ca_key_pem, ca, 2048);
  g_assert_true (is_ca (ca));
  g_assert_cmpuint (key_usage (ca), ==, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN);
  g_assert_cmpuint (strlen (ski), >, 0);

  /* Self-signed, and trusted by itself. */
  g_assert_cmpuint (verify_against (pki->ca_cert_pem, pki->ca_cert_pem), ==, 0);

  gnutls_x509_crt_deinit (ca);
}

static void
test_node (void)
{
  OdfeClusterPki *pki = get_pki ();
  gnutls_x509_crt_t node = import_certificate (pki->node_cert_pem);
  gnutls_x509_crt_t ca = import_certificate (pki->ca_cert_pem);
  g_auto(GStrv) usages = extended_key_usages (node);
  g_auto(GStrv) expected_names = odfe_cluster_node_dns_names (shared_spec);
  g_autoptr(GPtrArray) dns_names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *aki = authority_key_id (node);
  g_autofree char *ca_ski = subject_key_id (ca);
  gboolean has_node_oid = FALSE, has_loopback = FALSE;
  guint first_type = 0;

  check_common (node, 2048, 3650);
  check_key (pki->node_key_pem, node, 2048);
  g_assert_false (is_ca (node));
  g_assert_cmpuint (key_usage (node), ==, GNUTLS_KEY_DIGITAL_SIGNATURE
                                          | GNUTLS_KEY_NON_REPUDIATION
                                          | GNUTLS_KEY_KEY_ENCIPHERMENT);
  g_assert_cmpuint (g_strv_length (usages), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) usages, GNUTLS_KP_TLS_WWW_SERVER));
  g_assert_true (g_strv_contains ((const char * const *) usages, GNUTLS_KP_TLS_WWW_CLIENT));
  g_assert_cmpstr (aki, ==, ca_ski);

  for (guint i = 0; ; i++)
    {
      char value[512];
      size_t size = sizeof value;
      unsigned int type = 0;
      int result = gnutls_x509_crt_get_subject_alt_name2 (node, i, value, &size, &type, NULL);

      if (result == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        break;
      g_assert_cmpint (result, >=, 0);
      if (i == 0)
        first_type = type;

      switch (type)
        {
        case GNUTLS_SAN_DNSNAME:
          g_ptr_array_add (dns_names, g_strndup (value, size));
          break;
        case GNUTLS_SAN_REGISTERED_ID:
          g_assert_cmpstr (value, ==, "1.2.3.4.5.5");
          has_node_oid = TRUE;
          break;
        case GNUTLS_SAN_IPADDRESS:
          g_assert_cmpuint (size, ==, 4);
          g_assert_cmpmem (value, 4, ((guint8[]) { 127, 0, 0, 1 }), 4);
          has_loopback = TRUE;
          break;
        default:
          g_assert_not_reached ();
        }
    }

  g_assert_true (has_node_oid);
  g_assert_cmpuint (first_type, ==, GNUTLS_SAN_REGISTERED_ID);
  g_assert_true (has_loopback);

  /* Every name the pods and Services answer to, and nothing else. */
  g_assert_cmpuint (dns_names->len, ==, g_strv_length (expected_names));
  for (guint i = 0; expected_names[i] != NULL; i++)
    g_assert_cmpstr (g_ptr_array_index (dns_names, i), ==, expected_names[i]);
  {
    static const char * const must[] = {
      "elasticsearch-0.elasticsearch-discovery.search-prod.svc.cluster.local",
      "elasticsearch-2.elasticsearch-discovery.search-prod.svc",
      "elasticsearch-1.elasticsearch-discovery.search-prod",
      "elasticsearch-1.elasticsearch-discovery",
      "elasticsearch-2",
      "elasticsearch", "elasticsearch.search-prod", "elasticsearch.search-prod.svc",
      "elasticsearch.search-prod.svc.cluster.local",
      "elasticsearch-discovery", "elasticsearch-discovery.search-prod.svc.cluster.local",
      "localhost",
      NULL
    };

    for (guint i = 0; must[i] != NULL; i++)
      g_assert_true (g_strv_contains ((const char * const *) expected_names, must[i]));
    g_assert_false (g_strv_contains ((const char * const *) expected_names,
                                     "elasticsearch-3"));
  }

  g_assert_cmpuint (verify_against (pki->node_cert_pem, pki->ca_cert_pem), ==, 0);

  gnutls_x509_crt_deinit (node);
  gnutls_x509_crt_deinit (ca);
}

static void
test_admin (void)
{
  OdfeClusterPki *pki = get_pki ();
  gnutls_x509_crt_t admin = import_certificate (pki->admin_cert_pem);
  gnutls_x509_crt_t ca = import_certificate (pki->ca_cert_pem);
  g_auto(GStrv) usages = extended_key_usages (admin);
  g_autofree char *aki = authority_key_id (admin);
  g_autofree char *ca_ski = subject_key_id (ca);
  char value[256];
  size_t size = sizeof value;

  check_common (admin, 2048, 3650);
  check_key (pki->admin_key_pem, admin, 2048);
  g_assert_false (is_ca (admin));
  g_assert_cmpuint (key_usage (admin) & GNUTLS_KEY_DIGITAL_SIGNATURE, !=, 0);
  g_assert_cmpuint (key_usage (admin) & GNUTLS_KEY_KEY_CERT_SIGN, ==, 0);

  /* A client and nothing else: never usable as a node. */
  g_assert_cmpuint (g_strv_length (usages), ==, 1);
  g_assert_cmpstr (usages[0], ==, GNUTLS_KP_TLS_WWW_CLIENT);
  g_assert_cmpint (gnutls_x509_crt_get_subject_alt_name (admin, 0, value, &size, NULL), ==,
                   GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE);
  g_assert_cmpstr (aki, ==, ca_ski);

  g_assert_cmpuint (verify_against (pki->admin_cert_pem, pki->ca_cert_pem), ==, 0);

  gnutls_x509_crt_deinit (admin);
  gnutls_x509_crt_deinit (ca);
}

static void
test_dns (void)
{
  OdfeClusterPki *pki = get_pki ();

  g_assert_cmpstr (pki->node_dn, ==, "CN=elasticsearch,OU=search-prod,O=searchdeck");
  g_assert_cmpstr (pki->admin_dn, ==, "CN=admin,OU=search-prod,O=searchdeck");
  g_assert_null (strchr (pki->node_dn, ' '));
  g_assert_null (strchr (pki->admin_dn, ' '));
  g_assert_cmpstr (pki->node_dn, !=, pki->admin_dn);

  /* They are the certificates' own subjects. */
  {
    gnutls_x509_crt_t node = import_certificate (pki->node_cert_pem);
    gnutls_x509_crt_t admin = import_certificate (pki->admin_cert_pem);
    gnutls_datum_t dn = { NULL, 0 };

    g_assert_cmpint (gnutls_x509_crt_get_dn3 (node, &dn, 0), ==, 0);
    g_assert_cmpstr ((const char *) dn.data, ==, pki->node_dn);
    gnutls_free (dn.data);
    g_assert_cmpint (gnutls_x509_crt_get_dn3 (admin, &dn, 0), ==, 0);
    g_assert_cmpstr ((const char *) dn.data, ==, pki->admin_dn);
    gnutls_free (dn.data);
    gnutls_x509_crt_deinit (node);
    gnutls_x509_crt_deinit (admin);
  }
}

/* Another cluster's CA trusts none of these certificates, nor does this CA trust theirs. */
static void
test_other_ca (void)
{
  OdfeClusterPki *pki = get_pki ();
  g_autoptr(OdfeClusterPki) other = NULL;
  g_autoptr(GError) error = NULL;

  other = odfe_cluster_pki_generate (shared_spec, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (verify_against (pki->node_cert_pem, other->ca_cert_pem), !=, 0);
  g_assert_cmpuint (verify_against (pki->admin_cert_pem, other->ca_cert_pem), !=, 0);
  g_assert_cmpuint (verify_against (other->node_cert_pem, pki->ca_cert_pem), !=, 0);
  g_assert_cmpstr (other->node_cert_pem, !=, pki->node_cert_pem);
  g_assert_cmpstr (other->node_key_pem, !=, pki->node_key_pem);
}

static void
test_dedicated_masters (void)
{
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
  g_auto(GStrv) names = NULL;

  spec->roles = ODFE_ROLES_DEDICATED_MASTERS;
  spec->node_count = 2;
  spec->master_count = 3;
  names = odfe_cluster_node_dns_names (spec);

  /* Five forms per pod (2 data + 3 masters), four per Service (two), and localhost. */
  g_assert_cmpuint (g_strv_length (names), ==, 5 * 5 + 4 * 2 + 1);
  g_assert_true (g_strv_contains ((const char * const *) names,
                                  "elasticsearch-master-2.elasticsearch-discovery.search.svc"));
  g_assert_true (g_strv_contains ((const char * const *) names, "elasticsearch-1"));
  g_assert_false (g_strv_contains ((const char * const *) names, "elasticsearch-2"));
}

static void
test_invalid (void)
{
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
  g_autoptr(GError) error = NULL;

  spec->key_bits = 1024;
  g_assert_null (odfe_cluster_pki_generate (spec, &error));
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_INVALID);
  g_clear_error (&error);

  spec->key_bits = 2048;
  g_free (spec->namespace);
  spec->namespace = g_strdup ("Bad,OU=injected");
  g_assert_null (odfe_cluster_pki_generate (spec, &error));
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_INVALID);
  g_clear_error (&error);

  g_free (spec->namespace);
  spec->namespace = g_strdup ("fine");
  spec->cert_validity_days = 0;
  g_assert_null (odfe_cluster_pki_generate (spec, &error));
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_INVALID);
}

static void
on_generated (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* The worker thread lets go of its task a moment after the result is delivered. */
static void
assert_finalized_soon (GAsyncResult *result)
{
  gpointer weak = result;

  g_object_add_weak_pointer (G_OBJECT (result), &weak);
  g_object_unref (result);
  for (guint i = 0; i < 5000 && weak != NULL; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_null (weak);
}

static void
test_async (void)
{
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OdfeClusterPki) pki = NULL;
  g_autoptr(GError) error = NULL;

  odfe_cluster_pki_generate_async (spec, NULL, on_generated, &result);
  /* The spec was copied: changing it now changes nothing. */
  g_free (spec->namespace);
  spec->namespace = g_strdup ("changed");
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  pki = odfe_cluster_pki_generate_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pki->node_dn, ==, "CN=elasticsearch,OU=search,O=searchdeck");
  g_assert_cmpuint (verify_against (pki->node_cert_pem, pki->ca_cert_pem), ==, 0);
  assert_finalized_soon (g_steal_pointer (&result));

  g_cancellable_cancel (cancellable);
  odfe_cluster_pki_generate_async (spec, cancellable, on_generated, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (odfe_cluster_pki_generate_finish (result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_finalized_soon (g_steal_pointer (&result));
}

static void
test_rsa_4096 (void)
{
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
  g_autoptr(OdfeClusterPki) pki = NULL;
  g_autoptr(GError) error = NULL;
  gnutls_x509_crt_t node, admin, ca;

  spec->key_bits = 4096;
  spec->cert_validity_days = 30;
  spec->node_count = 1;
  pki = odfe_cluster_pki_generate (spec, &error);
  g_assert_no_error (error);

  ca = import_certificate (pki->ca_cert_pem);
  node = import_certificate (pki->node_cert_pem);
  admin = import_certificate (pki->admin_cert_pem);
  check_common (ca, 4096, 30);
  check_common (node, 4096, 30);
  check_common (admin, 4096, 30);
  check_key (pki->node_key_pem, node, 4096);
  check_key (pki->admin_key_pem, admin, 4096);
  g_assert_cmpuint (verify_against (pki->node_cert_pem, pki->ca_cert_pem), ==, 0);
  g_assert_cmpuint (verify_against (pki->admin_cert_pem, pki->ca_cert_pem), ==, 0);

  gnutls_x509_crt_deinit (ca);
  gnutls_x509_crt_deinit (node);
  gnutls_x509_crt_deinit (admin);
}

/* OpenSSL */

static char *
run_openssl (const char * const *arguments,
             const char         *directory,
             int                *status)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *output = NULL;
  g_autofree char *errors = NULL;

  g_ptr_array_add (argv, openssl);
  for (guint i = 0; arguments[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) arguments[i]);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (directory, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL,
                               NULL, &output, &errors, status, &error));
  g_assert_no_error (error);
  if (*status != 0)
    g_test_message ("openssl %s: %s", arguments[0], errors);

  return output;
}

static void
write_file (const char *directory,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (directory, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” is not in:\n%s", part, text);
}

static void
test_openssl (void)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  OdfeClusterPki *pki = get_pki ();
  g_autofree char *directory = NULL;
  g_autofree char *verified = NULL;
  g_autofree char *node_text = NULL;
  g_autofree char *admin_text = NULL;
  g_autofree char *ca_text = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *admin_subject = NULL;
  g_autofree char *expected = NULL;
  int status = -1;

  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }

  directory = scratch_dir_new ("odfe-pki");
  write_file (directory, "ca.pem", pki->ca_cert_pem);
  write_file (directory, "node.pem", pki->node_cert_pem);
  write_file (directory, "admin.pem", pki->admin_cert_pem);
  write_file (directory, "ca-key.pem", pki->ca_key_pem);
  write_file (directory, "node-key.pem", pki->node_key_pem);
  write_file (directory, "admin-key.pem", pki->admin_key_pem);

  verified = run_openssl ((const char *[]) { "verify", "-CAfile", "ca.pem", "node.pem",
                                             "admin.pem", NULL }, directory, &status);
  g_assert_cmpint (status, ==, 0);
  assert_contains (verified, "node.pem: OK");
  assert_contains (verified, "admin.pem: OK");

  node_text = run_openssl ((const char *[]) { "x509", "-in", "node.pem", "-text", "-noout",
                                              NULL }, directory, &status);
  g_assert_cmpint (status, ==, 0);
  assert_contains (node_text, "Registered ID:1.2.3.4.5.5");
  assert_contains (node_text, "TLS Web Server Authentication, TLS Web Client Authentication");
  assert_contains (node_text, "Digital Signature, Non Repudiation, Key Encipherment");
  assert_contains (node_text, "CA:FALSE");
  assert_contains (node_text, "sha256WithRSAEncryption");
  assert_contains (node_text, "Public-Key: (2048 bit)");
  assert_contains (node_text, "IP Address:127.0.0.1");
  assert_contains (node_text, "DNS:localhost");
  assert_contains (node_text, "X509v3 Authority Key Identifier");
  assert_contains (node_text, "X509v3 Subject Key Identifier");
  {
    g_auto(GStrv) names = odfe_cluster_node_dns_names (shared_spec);

    for (guint i = 0; names[i] != NULL; i++)
      {
        g_autofree char *dns = g_strdup_printf ("DNS:%s,", names[i]);

        /* localhost is the last DNS name, followed by the IP address. */
        assert_contains (node_text, dns);
      }
  }

  admin_text = run_openssl ((const char *[]) { "x509", "-in", "admin.pem", "-text", "-noout",
                                               NULL }, directory, &status);
  g_assert_cmpint (status, ==, 0);
  assert_contains (admin_text, "TLS Web Client Authentication");
  g_assert_null (strstr (admin_text, "TLS Web Server Authentication"));
  g_assert_null (strstr (admin_text, "Registered ID"));
  assert_contains (admin_text, "CA:FALSE");

  ca_text = run_openssl ((const char *[]) { "x509", "-in", "ca.pem", "-text", "-noout", NULL },
                         directory, &status);
  g_assert_cmpint (status, ==, 0);
  assert_contains (ca_text, "CA:TRUE");
  assert_contains (ca_text, "Certificate Sign, CRL Sign");
  assert_contains (ca_text, "X509v3 Subject Key Identifier");

  /* OpenSSL's RFC 2253 rendering of the subjects is exactly nodes_dn and admin_dn. */
  subject = run_openssl ((const char *[]) { "x509", "-in", "node.pem", "-noout", "-subject",
                                            "-nameopt", "RFC2253", NULL }, directory, &status);
  g_assert_cmpint (status, ==, 0);
  expected = g_strdup_printf ("subject=%s\n", pki->node_dn);
  g_assert_cmpstr (subject, ==, expected);
  g_clear_pointer (&expected, g_free);
  admin_subject = run_openssl ((const char *[]) { "x509", "-in", "admin.pem", "-noout",
                                                  "-subject", "-nameopt", "RFC2253", NULL },
                               directory, &status);
  g_assert_cmpint (status, ==, 0);
  expected = g_strdup_printf ("subject=%s\n", pki->admin_dn);
  g_assert_cmpstr (admin_subject, ==, expected);

  for (guint i = 0; i < 3; i++)
    {
      static const char * const keys[] = { "ca-key.pem", "node-key.pem", "admin-key.pem" };
      g_autofree char *output = run_openssl ((const char *[]) { "pkey", "-in", keys[i],
                                                                "-noout", NULL },
                                             directory, &status);

      g_assert_cmpint (status, ==, 0);
    }

  /* A PKCS#1 key is what the plugin refuses; the keys are not that. */
  {
    g_autofree char *output = run_openssl ((const char *[]) { "pkey", "-in", "node-key.pem",
                                                              "-noout", "-text", NULL },
                                           directory, &status);

    g_assert_cmpint (status, ==, 0);
    assert_contains (output, "Private-Key: (2048 bit");
  }

  scratch_dir_remove (directory);
}

static void
free_shared (void)
{
  g_clear_pointer (&shared_pki, odfe_cluster_pki_free);
  g_clear_pointer (&shared_spec, odfe_cluster_spec_free);
}

int
main (int   argc,
      char *argv[])
{
  int result;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/odfe/pki/ca", test_ca);
  g_test_add_func ("/odfe/pki/node", test_node);
  g_test_add_func ("/odfe/pki/admin", test_admin);
  g_test_add_func ("/odfe/pki/dns", test_dns);
  g_test_add_func ("/odfe/pki/other-ca", test_other_ca);
  g_test_add_func ("/odfe/pki/dedicated-masters", test_dedicated_masters);
  g_test_add_func ("/odfe/pki/invalid", test_invalid);
  g_test_add_func ("/odfe/pki/async", test_async);
  g_test_add_func ("/odfe/pki/rsa-4096", test_rsa_4096);
  g_test_add_func ("/odfe/pki/openssl", test_openssl);

  result = g_test_run ();
  free_shared ();
  return result;
}
