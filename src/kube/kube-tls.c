/* kube-tls.c: verification of an API server's certificate chain with GnuTLS
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The connection gives its SoupSession no trust database, so glib-networking reports every
 * server certificate as unverified and asks SoupMessage::accept-certificate; the handler
 * runs this verifier, which trusts only the kubeconfig's certificate authority (or the
 * system's when there is none) and records which check failed, so that the user reads
 * "expired on …" or "valid for localhost, not other.example" instead of "handshake failed".
 */

#include "kube-tls.h"
#include "kube-error.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#define MAX_CHAIN_LENGTH 16

struct _KubeTlsVerifier
{
  gnutls_x509_trust_list_t  trust;
  char                     *server_name;
  gboolean                  system_trust;
};

KubeTlsVerifier *
kube_tls_verifier_new (GBytes     *ca_pem,
                       const char *ca_origin,
                       const char *server_name,
                       GError    **error)
{
  g_autoptr(KubeTlsVerifier) self = NULL;
  int ret;

  g_return_val_if_fail (server_name != NULL, NULL);

  self = g_new0 (KubeTlsVerifier, 1);
  self->server_name = g_strdup (server_name);

  ret = gnutls_x509_trust_list_init (&self->trust, 0);
  if (ret < 0)
    {
      self->trust = NULL;
      g_set_error (error, KUBE_ERROR, KUBE_ERROR_TLS,
                   "Could not prepare certificate verification: %s", gnutls_strerror (ret));
      return NULL;
    }

  if (ca_pem != NULL)
    {
      gsize length = 0;
      const guchar *data = g_bytes_get_data (ca_pem, &length);
      gnutls_datum_t datum = { (unsigned char *) data, (unsigned int) length };

      ret = length > 0 && length < G_MAXUINT
              ? gnutls_x509_trust_list_add_trust_mem (self->trust, &datum, NULL,
                                                      GNUTLS_X509_FMT_PEM, 0, 0)
              : 0;
      if (ret <= 0)
        {
          g_set_error (error, KUBE_ERROR, KUBE_ERROR_CONFIG,
                       "The certificate authority in %s holds no PEM certificate%s%s",
                       ca_origin ? ca_origin : "the kubeconfig",
                       ret < 0 ? ": " : "", ret < 0 ? gnutls_strerror (ret) : "");
          return NULL;
        }
    }
  else
    {
      ret = gnutls_x509_trust_list_add_system_trust (self->trust, 0, 0);
      if (ret < 0)
        g_debug ("No system trust store could be loaded: %s", gnutls_strerror (ret));
      self->system_trust = TRUE;
    }

  return g_steal_pointer (&self);
}

void
kube_tls_verifier_free (KubeTlsVerifier *self)
{
  if (self == NULL)
    return;

  if (self->trust != NULL)
    gnutls_x509_trust_list_deinit (self->trust, 1);
  g_free (self->server_name);
  g_free (self);
}

const char *
kube_tls_verifier_get_server_name (KubeTlsVerifier *self)
{
  return self->server_name;
}

static void
free_chain (gnutls_x509_crt_t *chain,
            guint              length)
{
  for (guint i = 0; i < length; i++)
    gnutls_x509_crt_deinit (chain[i]);
}

/* Imports @peer and its issuers, leaf first; returns the number imported. */
static guint
import_chain (GTlsCertificate   *peer,
              gnutls_x509_crt_t *chain,
              GError           **error)
{
  guint length = 0;

  for (GTlsCertificate *cert = peer;
       cert != NULL && length < MAX_CHAIN_LENGTH;
       cert = g_tls_certificate_get_issuer (cert))
    {
      g_autoptr(GByteArray) der = NULL;
      gnutls_datum_t datum;
      int ret;

      g_object_get (cert, "certificate", &der, NULL);
      if (der == NULL)
        break;

      datum.data = der->data;
      datum.size = der->len;
      ret = gnutls_x509_crt_init (&chain[length]);
      if (ret >= 0)
        {
          ret = gnutls_x509_crt_import (chain[length], &datum, GNUTLS_X509_FMT_DER);
          if (ret < 0)
            gnutls_x509_crt_deinit (chain[length]);
        }

      if (ret < 0)
        {
          free_chain (chain, length);
          g_set_error (error, KUBE_ERROR, KUBE_ERROR_TLS,
                       "The server's certificate could not be read: %s", gnutls_strerror (ret));
          return 0;
        }

      length++;
    }

  if (length == 0)
    g_set_error_literal (error, KUBE_ERROR, KUBE_ERROR_TLS,
                         "The server presented no certificate");

  return length;
}

static char *
format_time (time_t when)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc ((gint64) when);

  if (date == NULL)
    return g_strdup ("an unreadable date");

  return g_date_time_format (date, "%Y-%m-%d %H:%M:%S UTC");
}

/* "the server's certificate" for the leaf, "the certificate of CN=…" for the others. */
static char *
describe_certificate (gnutls_x509_crt_t crt,
                      guint             position)
{
  gnutls_datum_t dn = { NULL, 0 };
  char *text;

  if (position == 0)
    return g_strdup ("The server's certificate");

  if (gnutls_x509_crt_get_dn3 (crt, &dn, 0) < 0)
    return g_strdup ("A certificate in the server's chain");

  text = g_strdup_printf ("The certificate “%.*s” in the server's chain", (int) dn.size,
                          (const char *) dn.data);
  gnutls_free (dn.data);
  return text;
}

static gboolean
check_times (gnutls_x509_crt_t *chain,
             guint              length,
             GError           **error)
{
  time_t now = time (NULL);

  for (guint i = 0; i < length; i++)
    {
      time_t not_after = gnutls_x509_crt_get_expiration_time (chain[i]);
      time_t not_before = gnutls_x509_crt_get_activation_time (chain[i]);

      if (not_after != (time_t) -1 && not_after < now)
        {
          g_autofree char *what = describe_certificate (chain[i], i);
          g_autofree char *when = format_time (not_after);

          g_set_error (error, KUBE_ERROR, KUBE_ERROR_TLS, "%s expired on %s", what, when);
          return FALSE;
        }

      if (not_before != (time_t) -1 && not_before > now)
        {
          g_autofree char *what = describe_certificate (chain[i], i);
          g_autofree char *when = format_time (not_before);

          g_set_error (error, KUBE_ERROR, KUBE_ERROR_TLS,
                       "%s is not valid before %s (check this computer's clock)", what, when);
          return FALSE;
        }
    }

  return TRUE;
}

/* The names a certificate is valid for, for the message of a name mismatch. */
static char *
list_names (gnutls_x509_crt_t crt)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < 64; i++)
    {
      char buffer[256];
      size_t size = sizeof buffer - 1;
      int type = gnutls_x509_crt_get_subject_alt_name (crt, i, buffer, &size, NULL);

      if (type == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        break;

      if (type == GNUTLS_SAN_DNSNAME && size < sizeof buffer)
        {
          buffer[size] = '\0';
          g_string_append_printf (names, "%s%s", names->len ? ", " : "", buffer);
        }
      else if (type == GNUTLS_SAN_IPADDRESS && (size == 4 || size == 16))
        {
          g_autoptr(GInetAddress) address = NULL;
          g_autofree char *text = NULL;

          address = g_inet_address_new_from_bytes ((const guint8 *) buffer,
                                                   size == 4 ? G_SOCKET_FAMILY_IPV4
                                                             : G_SOCKET_FAMILY_IPV6);
          text = g_inet_address_to_string (address);
          g_string_append_printf (names, "%s%s", names->len ? ", " : "", text);
        }
    }

  if (names->len == 0)
    {
      char buffer[256];
      size_t size = sizeof buffer;

      if (gnutls_x509_crt_get_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0,
                                         buffer, &size) == 0)
        g_string_append (names, buffer);
    }

  if (names->len == 0)
    return g_strdup ("no name at all");

  return g_string_free (g_steal_pointer (&names), FALSE);
}

static gboolean
check_trust (KubeTlsVerifier   *self,
             gnutls_x509_crt_t *chain,
             guint              length,
             GError           **error)
{
  /* A certificate made for something else (a client, say) must not pass for a server. */
  gnutls_typed_vdata_st purpose = {
    .type = GNUTLS_DT_KEY_PURPOSE_OID,
    .data = (unsigned char *) GNUTLS_KP_TLS_WWW_SERVER,
    .size = 0,
  };
  unsigned int status = 0;
  const char *authority;
  int ret;

  authority = self->system_trust ? "a certificate authority this computer trusts"
                                 : "the cluster's certificate authority";

  ret = gnutls_x509_trust_list_verify_crt2 (self->trust, chain, length, &purpose, 1,
                                            GNUTLS_VERIFY_DISABLE_TIME_CHECKS
                                            | GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS,
                                            &status, NULL);
  if (ret < 0)
    {
      g_set_error (error, KUBE_ERROR, KUBE_ERROR_TLS,
                   "The server's certificate could not be verified: %s", gnutls_strerror (ret));
      return FALSE;
    }

  if (status == 0)
    return TRUE;

  if (status & (GNUTLS_CERT_SIGNER_NOT_FOUND | GNUTLS_CERT_SIGNER_NOT_CA))
    g_set_error (error, KUBE_ERROR, KUBE_ERROR_TLS,
                 "The server's certificate is not signed by %s", authority);
  else if (status & GNUTLS_CERT_SIGNATURE_FAILURE)
    g_set_error_literal (error, KUBE_ERROR, KUBE_ERROR_TLS,
                         "The signature on the server's certificate is not valid");
  else if (status & GNUTLS_CERT_PURPOSE_MISMATCH)
    g_set_error_literal (error, KUBE_ERROR, KUBE_ERROR_TLS,
                         "The server's certificate is not meant for a server (its extended key "
                         "usage does not include TLS server authentication)");
  else if (status & GNUTLS_CERT_INSECURE_ALGORITHM)
    g_set_error_literal (error, KUBE_ERROR, KUBE_ERROR_TLS,
                         "The server's certificate is signed with an insecure algorithm");
  else if (status & GNUTLS_CERT_REVOKED)
    g_set_error_literal (error, KUBE_ERROR, KUBE_ERROR_TLS,
                         "The server's certificate has been revoked");
  else
    {
      gnutls_datum_t text = { NULL, 0 };

      gnutls_certificate_verification_status_print (status, GNUTLS_CRT_X509, &text, 0);
      g_set_error (error, KUBE_ERROR, KUBE_ERROR_TLS,
                   "The server's certificate is not trusted: %s",
                   text.data ? (const char *) text.data : "unknown reason");
      gnutls_free (text.data);
    }

  return FALSE;
}

gboolean
kube_tls_verifier_verify (KubeTlsVerifier *self,
                          GTlsCertificate *peer,
                          GError         **error)
{
  gnutls_x509_crt_t chain[MAX_CHAIN_LENGTH];
  g_autofree char *name = NULL;
  guint length;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (peer), FALSE);

  length = import_chain (peer, chain, error);
  if (length == 0)
    return FALSE;

  /* Trust first: a certificate from a stranger is reported as that, even when it has
   * expired too.  Times are checked separately so that the message can give the date. */
  ok = check_trust (self, chain, length, error) && check_times (chain, length, error);

  if (ok)
    {
      /* IPv6 literals arrive in brackets from URLs. */
      name = g_strdup (self->server_name);
      if (name[0] == '[' && name[strlen (name) - 1] == ']')
        {
          name[strlen (name) - 1] = '\0';
          memmove (name, name + 1, strlen (name));
        }

      if (!gnutls_x509_crt_check_hostname2 (chain[0], name, 0))
        {
          g_autofree char *names = list_names (chain[0]);

          g_set_error (error, KUBE_ERROR, KUBE_ERROR_TLS,
                       "The server's certificate is valid for %s, not %s", names, name);
          ok = FALSE;
        }
    }

  free_chain (chain, length);
  return ok;
}
