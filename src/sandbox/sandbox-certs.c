/* sandbox-certs.c: certificate authorities and certificates made with GnuTLS
 *
 * The sandbox makes a fresh CA at every start for its own HTTPS endpoint and
 * its test client certificates, and one more per seeded search cluster for
 * the node and admin certificates of that cluster.  Keys are written as
 * unencrypted PKCS#8 PEM, the form both Go and the Open Distro security
 * plugin load.
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#include "sandbox-certs.h"

struct _SandboxCa
{
  gnutls_x509_crt_t      certificate;
  gnutls_x509_privkey_t  key;
  char                  *certificate_pem;
};

static gboolean
check (int      result,
       const char *what,
       GError **error)
{
  if (result >= 0)
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what,
               gnutls_strerror (result));
  return FALSE;
}

static gboolean
generate_key (SandboxKeyType         key_type,
              gnutls_x509_privkey_t *key,
              GError               **error)
{
  int result;

  if (!check (gnutls_x509_privkey_init (key), "creating a key", error))
    return FALSE;

  if (key_type == SANDBOX_KEY_RSA_2048)
    result = gnutls_x509_privkey_generate (*key, GNUTLS_PK_RSA, 2048, 0);
  else
    result = gnutls_x509_privkey_generate (*key, GNUTLS_PK_ECDSA,
                                           GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0);

  return check (result, "generating a key", error);
}

/* Fields every certificate shares: version, serial, validity, subject and key. */
static gboolean
prepare_certificate (gnutls_x509_crt_t      certificate,
                     gnutls_x509_privkey_t  key,
                     const char            *subject,
                     guint                  days,
                     gboolean               expired,
                     GError               **error)
{
  const char *error_position = NULL;
  guint8 serial[16];
  time_t now = time (NULL);
  guint8 key_id[64];
  size_t key_id_size = sizeof key_id;

  for (guint i = 0; i < sizeof serial; i++)
    serial[i] = g_random_int_range (0, 256);
  serial[0] &= 0x7f;
  serial[0] |= 0x01;

  if (!check (gnutls_x509_crt_set_version (certificate, 3), "setting the version", error)
      || !check (gnutls_x509_crt_set_serial (certificate, serial, sizeof serial),
                 "setting the serial", error)
      || !check (gnutls_x509_crt_set_activation_time (certificate,
                                                      expired ? now - 60 * 24 * 3600
                                                              : now - 3600),
                 "setting the start of validity", error)
      || !check (gnutls_x509_crt_set_expiration_time (certificate,
                                                      expired ? now - 24 * 3600
                                                              : now + (time_t) days * 24 * 3600),
                 "setting the end of validity", error)
      || !check (gnutls_x509_crt_set_key (certificate, key), "setting the key", error))
    return FALSE;

  if (gnutls_x509_crt_set_dn (certificate, subject, &error_position) < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "invalid subject \"%s\" near \"%s\"", subject,
                   error_position != NULL ? error_position : "");
      return FALSE;
    }

  if (!check (gnutls_x509_crt_get_key_id (certificate, 0, key_id, &key_id_size),
              "computing the key id", error))
    return FALSE;

  return check (gnutls_x509_crt_set_subject_key_id (certificate, key_id, key_id_size),
                "setting the subject key id", error);
}

static char *
export_certificate (gnutls_x509_crt_t certificate,
                    GError          **error)
{
  gnutls_datum_t datum = { NULL, 0 };
  char *pem;

  if (!check (gnutls_x509_crt_export2 (certificate, GNUTLS_X509_FMT_PEM, &datum),
              "exporting a certificate", error))
    return NULL;

  pem = g_strndup ((const char *) datum.data, datum.size);
  gnutls_free (datum.data);
  return pem;
}

static char *
export_key (gnutls_x509_privkey_t key,
            GError              **error)
{
  gnutls_datum_t datum = { NULL, 0 };
  char *pem;

  if (!check (gnutls_x509_privkey_export2_pkcs8 (key, GNUTLS_X509_FMT_PEM, NULL,
                                                 GNUTLS_PKCS_PLAIN, &datum),
              "exporting a key", error))
    return NULL;

  pem = g_strndup ((const char *) datum.data, datum.size);
  gnutls_memset (datum.data, 0, datum.size);
  gnutls_free (datum.data);
  return pem;
}

void
sandbox_ca_free (SandboxCa *self)
{
  if (self == NULL)
    return;

  if (self->certificate != NULL)
    gnutls_x509_crt_deinit (self->certificate);
  if (self->key != NULL)
    gnutls_x509_privkey_deinit (self->key);
  g_free (self->certificate_pem);
  g_free (self);
}

/* A self-signed CA valid for ten years. */
SandboxCa *
sandbox_ca_new (const char     *subject,
                SandboxKeyType  key_type,
                GError        **error)
{
  g_autoptr(SandboxCa) self = g_new0 (SandboxCa, 1);

  if (!generate_key (key_type, &self->key, error)
      || !check (gnutls_x509_crt_init (&self->certificate), "creating a certificate", error)
      || !prepare_certificate (self->certificate, self->key, subject, 3650, FALSE, error)
      || !check (gnutls_x509_crt_set_basic_constraints (self->certificate, 1, -1),
                 "setting the basic constraints", error)
      || !check (gnutls_x509_crt_set_key_usage (self->certificate,
                                                GNUTLS_KEY_KEY_CERT_SIGN
                                                | GNUTLS_KEY_CRL_SIGN
                                                | GNUTLS_KEY_DIGITAL_SIGNATURE),
                 "setting the key usage", error)
      || !check (gnutls_x509_crt_sign2 (self->certificate, self->certificate, self->key,
                                        GNUTLS_DIG_SHA256, 0),
                 "signing the CA certificate", error))
    return NULL;

  self->certificate_pem = export_certificate (self->certificate, error);
  if (self->certificate_pem == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

const char *
sandbox_ca_get_certificate (SandboxCa *self)
{
  return self->certificate_pem;
}

static gboolean
add_alt_names (gnutls_x509_crt_t         certificate,
               const SandboxCertRequest *request,
               GError                  **error)
{
  if (request->registered_id != NULL
      && !check (gnutls_x509_crt_set_subject_alt_name (certificate, GNUTLS_SAN_REGISTERED_ID,
                                                       request->registered_id,
                                                       strlen (request->registered_id),
                                                       GNUTLS_FSAN_APPEND),
                 "adding a registered id", error))
    return FALSE;

  for (guint i = 0; request->dns_names != NULL && request->dns_names[i] != NULL; i++)
    {
      const char *name = request->dns_names[i];

      if (!check (gnutls_x509_crt_set_subject_alt_name (certificate, GNUTLS_SAN_DNSNAME,
                                                        name, strlen (name),
                                                        GNUTLS_FSAN_APPEND),
                  "adding a DNS name", error))
        return FALSE;
    }

  for (guint i = 0; request->ip_addresses != NULL && request->ip_addresses[i] != NULL; i++)
    {
      g_autoptr(GInetAddress) address = g_inet_address_new_from_string (request->ip_addresses[i]);

      if (address == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "invalid IP address \"%s\"", request->ip_addresses[i]);
          return FALSE;
        }

      if (!check (gnutls_x509_crt_set_subject_alt_name (certificate, GNUTLS_SAN_IPADDRESS,
                                                        g_inet_address_to_bytes (address),
                                                        g_inet_address_get_native_size (address),
                                                        GNUTLS_FSAN_APPEND),
                  "adding an IP address", error))
        return FALSE;
    }

  return TRUE;
}

/* Issues a certificate for @request signed by this CA, with a new key. */
gboolean
sandbox_ca_issue (SandboxCa                *self,
                  const SandboxCertRequest *request,
                  char                    **certificate_pem,
                  char                    **key_pem,
                  GError                  **error)
{
  gnutls_x509_crt_t certificate = NULL;
  gnutls_x509_privkey_t key = NULL;
  guint8 ca_key_id[64];
  size_t ca_key_id_size = sizeof ca_key_id;
  unsigned int usage = GNUTLS_KEY_DIGITAL_SIGNATURE;
  gboolean ok = FALSE;

  if (request->key_type == SANDBOX_KEY_RSA_2048)
    usage |= GNUTLS_KEY_KEY_ENCIPHERMENT | GNUTLS_KEY_NON_REPUDIATION;

  if (!generate_key (request->key_type, &key, error)
      || !check (gnutls_x509_crt_init (&certificate), "creating a certificate", error)
      || !prepare_certificate (certificate, key, request->subject, request->days,
                                  request->expired, error)
      || !check (gnutls_x509_crt_set_basic_constraints (certificate, 0, -1),
                 "setting the basic constraints", error)
      || !check (gnutls_x509_crt_set_key_usage (certificate, usage),
                 "setting the key usage", error)
      || !add_alt_names (certificate, request, error))
    goto out;

  if (request->server_auth
      && !check (gnutls_x509_crt_set_key_purpose_oid (certificate, GNUTLS_KP_TLS_WWW_SERVER, 0),
                 "setting the extended key usage", error))
    goto out;

  if (request->client_auth
      && !check (gnutls_x509_crt_set_key_purpose_oid (certificate, GNUTLS_KP_TLS_WWW_CLIENT, 0),
                 "setting the extended key usage", error))
    goto out;

  if (!check (gnutls_x509_crt_get_subject_key_id (self->certificate, ca_key_id,
                                                  &ca_key_id_size, NULL),
              "reading the CA key id", error)
      || !check (gnutls_x509_crt_set_authority_key_id (certificate, ca_key_id, ca_key_id_size),
                 "setting the authority key id", error)
      || !check (gnutls_x509_crt_sign2 (certificate, self->certificate, self->key,
                                        GNUTLS_DIG_SHA256, 0),
                 "signing a certificate", error))
    goto out;

  *certificate_pem = export_certificate (certificate, error);
  if (*certificate_pem == NULL)
    goto out;

  *key_pem = export_key (key, error);
  if (*key_pem == NULL)
    {
      g_clear_pointer (certificate_pem, g_free);
      goto out;
    }

  ok = TRUE;

out:
  if (certificate != NULL)
    gnutls_x509_crt_deinit (certificate);
  if (key != NULL)
    gnutls_x509_privkey_deinit (key);
  return ok;
}
