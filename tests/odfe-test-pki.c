/* odfe-test-pki.c: certificates for the Open Distro layer's tests, made with GnuTLS
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "odfe-test-pki.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdlib.h>
#include <string.h>

#define DAY (24 * 60 * 60)

typedef struct
{
  gnutls_x509_crt_t     crt;
  gnutls_x509_privkey_t key;
} Issued;

static const char * const node_names[] = {
  "elasticsearch",
  "elasticsearch.demo",
  "elasticsearch.demo.svc",
  "elasticsearch.demo.svc.cluster.local",
  "*.elasticsearch-discovery.demo.svc",
  NULL
};

static void
export_issued (Issued       *issued,
               OdfeTestPair *pair)
{
  gnutls_datum_t out = { NULL, 0 };

  g_assert_cmpint (gnutls_x509_crt_export2 (issued->crt, GNUTLS_X509_FMT_PEM, &out), ==, 0);
  pair->cert_pem = g_strndup ((const char *) out.data, out.size);
  gnutls_free (out.data);

  g_assert_cmpint (gnutls_x509_privkey_export2_pkcs8 (issued->key, GNUTLS_X509_FMT_PEM, NULL,
                                                      GNUTLS_PKCS_PLAIN, &out), ==, 0);
  pair->key_pem = g_strndup ((const char *) out.data, out.size);
  gnutls_free (out.data);
}

/* A CA when @signer is NULL (self-signed), else a node certificate signed by @signer,
 * valid from @from to @until (seconds from now). */
static Issued
issue (const char *subject,
       Issued     *signer,
       gint64      from,
       gint64      until)
{
  static guint8 next_serial = 1;
  Issued issued = { NULL, NULL };
  guint8 serial[3] = { 0x10, 0x20, next_serial++ };
  guint8 key_id[64];
  size_t key_id_size = sizeof key_id;
  time_t now = time (NULL);

  g_assert_cmpint (gnutls_x509_privkey_init (&issued.key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_generate (issued.key, GNUTLS_PK_ECDSA,
                                                 GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1),
                                                 0), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_init (&issued.crt), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_version (issued.crt, 3), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_serial (issued.crt, serial, sizeof serial), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_dn (issued.crt, subject, NULL), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key (issued.crt, issued.key), ==, 0);
  gnutls_x509_crt_set_activation_time (issued.crt, now + from);
  gnutls_x509_crt_set_expiration_time (issued.crt, now + until);

  if (gnutls_x509_crt_get_key_id (issued.crt, 0, key_id, &key_id_size) == 0)
    gnutls_x509_crt_set_subject_key_id (issued.crt, key_id, key_id_size);

  if (signer == NULL)
    {
      gnutls_x509_crt_set_basic_constraints (issued.crt, 1, -1);
      gnutls_x509_crt_set_key_usage (issued.crt, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN);
      g_assert_cmpint (gnutls_x509_crt_sign2 (issued.crt, issued.crt, issued.key,
                                              GNUTLS_DIG_SHA256, 0), ==, 0);
      return issued;
    }

  gnutls_x509_crt_set_basic_constraints (issued.crt, 0, -1);
  gnutls_x509_crt_set_key_usage (issued.crt, GNUTLS_KEY_DIGITAL_SIGNATURE
                                             | GNUTLS_KEY_KEY_ENCIPHERMENT);
  gnutls_x509_crt_set_key_purpose_oid (issued.crt, GNUTLS_KP_TLS_WWW_SERVER, 0);
  gnutls_x509_crt_set_key_purpose_oid (issued.crt, GNUTLS_KP_TLS_WWW_CLIENT, 0);

  g_assert_cmpint (gnutls_x509_crt_set_subject_alt_name (issued.crt, GNUTLS_SAN_REGISTERED_ID,
                                                         "1.2.3.4.5.5", 11,
                                                         GNUTLS_FSAN_APPEND), ==, 0);
  for (guint i = 0; node_names[i] != NULL; i++)
    g_assert_cmpint (gnutls_x509_crt_set_subject_alt_name (issued.crt, GNUTLS_SAN_DNSNAME,
                                                           node_names[i],
                                                           strlen (node_names[i]),
                                                           GNUTLS_FSAN_APPEND), ==, 0);
  {
    static const guint8 loopback[4] = { 127, 0, 0, 1 };

    g_assert_cmpint (gnutls_x509_crt_set_subject_alt_name (issued.crt, GNUTLS_SAN_IPADDRESS,
                                                           loopback, sizeof loopback,
                                                           GNUTLS_FSAN_APPEND), ==, 0);
  }

  key_id_size = sizeof key_id;
  if (gnutls_x509_crt_get_subject_key_id (signer->crt, key_id, &key_id_size, NULL) == 0)
    gnutls_x509_crt_set_authority_key_id (issued.crt, key_id, key_id_size);
  g_assert_cmpint (gnutls_x509_crt_sign2 (issued.crt, signer->crt, signer->key,
                                          GNUTLS_DIG_SHA256, 0), ==, 0);

  return issued;
}

static void
issued_clear (Issued *issued)
{
  gnutls_x509_crt_deinit (issued->crt);
  gnutls_x509_privkey_deinit (issued->key);
}

static void
pair_clear (OdfeTestPair *pair)
{
  g_free (pair->cert_pem);
  g_free (pair->key_pem);
}

static OdfeTestPki *pki;

static void
pki_free (void)
{
  pair_clear (&pki->ca);
  pair_clear (&pki->node);
  pair_clear (&pki->other_ca);
  pair_clear (&pki->other_node);
  pair_clear (&pki->expiring);
  pair_clear (&pki->expired);
  g_clear_pointer (&pki, g_free);
}

OdfeTestPki *
odfe_test_pki_get (void)
{
  Issued ca, node, other_ca, other_node, expiring, expired;

  if (pki != NULL)
    return pki;

  pki = g_new0 (OdfeTestPki, 1);

  ca = issue ("CN=demo root CA,OU=demo,O=Searchdeck", NULL, -DAY, 3650 * DAY);
  node = issue ("CN=elasticsearch,OU=demo,O=Searchdeck", &ca, -DAY, 3650 * DAY);
  other_ca = issue ("CN=stranger root CA,O=Elsewhere", NULL, -DAY, 3650 * DAY);
  other_node = issue ("CN=elasticsearch,OU=demo,O=Elsewhere", &other_ca, -DAY, 3650 * DAY);
  expiring = issue ("CN=elasticsearch,OU=soon,O=Searchdeck", &ca, -300 * DAY, 10 * DAY);
  expired = issue ("CN=elasticsearch,OU=old,O=Searchdeck", &ca, -400 * DAY, -2 * DAY);

  export_issued (&ca, &pki->ca);
  export_issued (&node, &pki->node);
  export_issued (&other_ca, &pki->other_ca);
  export_issued (&other_node, &pki->other_node);
  export_issued (&expiring, &pki->expiring);
  export_issued (&expired, &pki->expired);

  issued_clear (&ca);
  issued_clear (&node);
  issued_clear (&other_ca);
  issued_clear (&other_node);
  issued_clear (&expiring);
  issued_clear (&expired);

  atexit (pki_free);
  return pki;
}
