/* odfe-cert.c: what a PEM certificate says, read with GnuTLS, for the certificate card
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Overview page shows the cluster's certificates from its elasticsearch-tls Secret:
 * who they are for (subject and the subject alternative names, among them the node OID
 * that lets the security plugin recognize its nodes), who signed them, and how long they
 * stay valid, warning a month before they end.  A Secret is data anyone with write access
 * to the namespace can change, so nothing here trusts its shape.
 */

#include "odfe-cert.h"
#include "odfe-error.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gnutls/x509-ext.h>
#include <string.h>

#define MAX_CERTIFICATES 64
#define MAX_NAMES        256

G_DEFINE_BOXED_TYPE (OdfeCertificate, odfe_certificate, odfe_certificate_copy,
                     odfe_certificate_free)

void
odfe_certificate_free (OdfeCertificate *certificate)
{
  if (certificate == NULL)
    return;

  g_free (certificate->subject);
  g_free (certificate->issuer);
  g_free (certificate->serial);
  g_free (certificate->sha256_fingerprint);
  g_strfreev (certificate->dns_names);
  g_strfreev (certificate->ip_addresses);
  g_strfreev (certificate->registered_ids);
  g_clear_pointer (&certificate->not_before, g_date_time_unref);
  g_clear_pointer (&certificate->not_after, g_date_time_unref);
  g_free (certificate->key_algorithm);
  g_free (certificate);
}

OdfeCertificate *
odfe_certificate_copy (const OdfeCertificate *certificate)
{
  OdfeCertificate *copy;

  g_return_val_if_fail (certificate != NULL, NULL);

  copy = g_new0 (OdfeCertificate, 1);
  copy->subject = g_strdup (certificate->subject);
  copy->issuer = g_strdup (certificate->issuer);
  copy->serial = g_strdup (certificate->serial);
  copy->sha256_fingerprint = g_strdup (certificate->sha256_fingerprint);
  copy->dns_names = g_strdupv (certificate->dns_names);
  copy->ip_addresses = g_strdupv (certificate->ip_addresses);
  copy->registered_ids = g_strdupv (certificate->registered_ids);
  copy->not_before = certificate->not_before ? g_date_time_ref (certificate->not_before) : NULL;
  copy->not_after = certificate->not_after ? g_date_time_ref (certificate->not_after) : NULL;
  copy->is_ca = certificate->is_ca;
  copy->server_auth = certificate->server_auth;
  copy->client_auth = certificate->client_auth;
  copy->key_algorithm = g_strdup (certificate->key_algorithm);
  copy->key_bits = certificate->key_bits;

  return copy;
}

static char *
hex_with_colons (const guint8 *data,
                 gsize         length)
{
  GString *text = g_string_sized_new (length * 3);

  for (gsize i = 0; i < length; i++)
    g_string_append_printf (text, "%s%02X", i ? ":" : "", data[i]);

  return g_string_free (text, FALSE);
}

static char *
datum_to_string (gnutls_datum_t *datum)
{
  char *text = g_strndup ((const char *) datum->data, datum->size);

  gnutls_free (datum->data);
  datum->data = NULL;
  return text;
}

static char *
ip_to_string (const guint8 *data,
              gsize         length)
{
  g_autoptr(GInetAddress) address = NULL;

  if (length != 4 && length != 16)
    return NULL;

  address = g_inet_address_new_from_bytes (data, length == 4 ? G_SOCKET_FAMILY_IPV4
                                                             : G_SOCKET_FAMILY_IPV6);
  return g_inet_address_to_string (address);
}

static void
read_alt_names (gnutls_x509_crt_t  crt,
                OdfeCertificate   *certificate)
{
  g_autoptr(GStrvBuilder) dns = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) ips = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) rids = g_strv_builder_new ();
  gnutls_subject_alt_names_t names = NULL;
  gnutls_datum_t extension = { NULL, 0 };
  unsigned int critical = 0;

  if (gnutls_x509_crt_get_extension_by_oid2 (crt, GNUTLS_X509EXT_OID_SAN, 0, &extension,
                                             &critical) >= 0
      && gnutls_subject_alt_names_init (&names) >= 0)
    {
      if (gnutls_x509_ext_import_subject_alt_names (&extension, names, 0) >= 0)
        {
          for (unsigned int i = 0; i < MAX_NAMES; i++)
            {
              gnutls_datum_t value = { NULL, 0 };
              unsigned int type = 0;
              g_autofree char *text = NULL;

              if (gnutls_subject_alt_names_get (names, i, &type, &value, NULL) < 0)
                break;

              switch (type)
                {
                case GNUTLS_SAN_DNSNAME:
                  text = g_strndup ((const char *) value.data, value.size);
                  if (strlen (text) == value.size && g_utf8_validate (text, -1, NULL))
                    g_strv_builder_add (dns, text);
                  break;

                case GNUTLS_SAN_IPADDRESS:
                  text = ip_to_string (value.data, value.size);
                  if (text != NULL)
                    g_strv_builder_add (ips, text);
                  break;

                case GNUTLS_SAN_REGISTERED_ID:
                  /* GnuTLS gives the OID in dotted form. */
                  text = g_strndup ((const char *) value.data, value.size);
                  if (strlen (text) == value.size && text[0] != '\0'
                      && strspn (text, "0123456789.") == value.size)
                    g_strv_builder_add (rids, text);
                  break;

                default:
                  break;
                }
            }
        }

      gnutls_subject_alt_names_deinit (names);
    }

  gnutls_free (extension.data);

  certificate->dns_names = g_strv_builder_end (dns);
  certificate->ip_addresses = g_strv_builder_end (ips);
  certificate->registered_ids = g_strv_builder_end (rids);
}

static void
read_key_purposes (gnutls_x509_crt_t  crt,
                   OdfeCertificate   *certificate)
{
  for (unsigned int i = 0; i < MAX_NAMES; i++)
    {
      char oid[128];
      size_t size = sizeof oid;
      unsigned int critical = 0;

      if (gnutls_x509_crt_get_key_purpose_oid (crt, i, oid, &size, &critical) < 0)
        break;

      if (strcmp (oid, GNUTLS_KP_TLS_WWW_SERVER) == 0)
        certificate->server_auth = TRUE;
      else if (strcmp (oid, GNUTLS_KP_TLS_WWW_CLIENT) == 0)
        certificate->client_auth = TRUE;
    }
}

static GDateTime *
date_from_time (time_t when)
{
  if (when == (time_t) -1)
    return NULL;

  return g_date_time_new_from_unix_utc ((gint64) when);
}

static OdfeCertificate *
certificate_from_crt (gnutls_x509_crt_t   crt,
                      GError            **error)
{
  g_autoptr(OdfeCertificate) certificate = g_new0 (OdfeCertificate, 1);
  gnutls_datum_t dn = { NULL, 0 };
  guint8 buffer[64];
  size_t size;
  unsigned int bits = 0;
  int algorithm;
  int ret;

  ret = gnutls_x509_crt_get_dn3 (crt, &dn, 0);
  certificate->subject = ret >= 0 ? datum_to_string (&dn) : g_strdup ("");
  ret = gnutls_x509_crt_get_issuer_dn3 (crt, &dn, 0);
  certificate->issuer = ret >= 0 ? datum_to_string (&dn) : g_strdup ("");

  size = sizeof buffer;
  if (gnutls_x509_crt_get_serial (crt, buffer, &size) >= 0)
    certificate->serial = hex_with_colons (buffer, size);

  size = sizeof buffer;
  if (gnutls_x509_crt_get_fingerprint (crt, GNUTLS_DIG_SHA256, buffer, &size) >= 0)
    certificate->sha256_fingerprint = hex_with_colons (buffer, size);

  certificate->not_before = date_from_time (gnutls_x509_crt_get_activation_time (crt));
  certificate->not_after = date_from_time (gnutls_x509_crt_get_expiration_time (crt));
  if (certificate->not_after == NULL)
    {
      g_set_error_literal (error, ODFE_ERROR, ODFE_ERROR_CONFIG,
                           "The certificate has no readable expiry date");
      return NULL;
    }

  read_alt_names (crt, certificate);
  read_key_purposes (crt, certificate);
  certificate->is_ca = gnutls_x509_crt_get_ca_status (crt, NULL) > 0;

  algorithm = gnutls_x509_crt_get_pk_algorithm (crt, &bits);
  if (algorithm >= 0 && gnutls_pk_algorithm_get_name (algorithm) != NULL)
    certificate->key_algorithm = g_strdup (gnutls_pk_algorithm_get_name (algorithm));
  else
    certificate->key_algorithm = g_strdup ("unknown");
  certificate->key_bits = bits;

  return g_steal_pointer (&certificate);
}

GPtrArray *
odfe_certificate_parse_pem (const char  *data,
                            gsize        length,
                            GError     **error)
{
  g_autoptr(GPtrArray) certificates = NULL;
  gnutls_x509_crt_t *list = NULL;
  unsigned int count = 0;
  gnutls_datum_t datum;
  int ret;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length == 0 || length > G_MAXUINT || g_strstr_len (data, length, "-----BEGIN") == NULL)
    {
      g_set_error_literal (error, ODFE_ERROR, ODFE_ERROR_CONFIG, "There is no PEM certificate");
      return NULL;
    }

  datum.data = (unsigned char *) data;
  datum.size = (unsigned int) length;
  ret = gnutls_x509_crt_list_import2 (&list, &count, &datum, GNUTLS_X509_FMT_PEM, 0);
  if (ret < 0 || count == 0)
    {
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_CONFIG,
                   "The certificate could not be read: %s",
                   ret < 0 ? gnutls_strerror (ret) : "there is none");
      return NULL;
    }

  certificates = g_ptr_array_new_with_free_func ((GDestroyNotify) odfe_certificate_free);
  for (unsigned int i = 0; i < count; i++)
    {
      if (certificates != NULL && i < MAX_CERTIFICATES)
        {
          OdfeCertificate *certificate = certificate_from_crt (list[i], error);

          if (certificate != NULL)
            g_ptr_array_add (certificates, certificate);
          else
            g_clear_pointer (&certificates, g_ptr_array_unref);
        }

      gnutls_x509_crt_deinit (list[i]);
    }
  gnutls_free (list);

  return g_steal_pointer (&certificates);
}

OdfeCertificate *
odfe_certificate_new_from_pem (const char  *data,
                               gsize        length,
                               GError     **error)
{
  g_autoptr(GPtrArray) certificates = odfe_certificate_parse_pem (data, length, error);

  if (certificates == NULL)
    return NULL;

  return g_ptr_array_steal_index (certificates, 0);
}

int
odfe_certificate_get_days_left (const OdfeCertificate *certificate,
                                GDateTime             *now)
{
  g_autoptr(GDateTime) current = NULL;
  GTimeSpan left;

  g_return_val_if_fail (certificate != NULL, G_MININT);

  if (certificate->not_after == NULL)
    return G_MININT;

  current = now ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  left = g_date_time_difference (certificate->not_after, current);

  /* Whole days, rounded toward the past: "0 days left" is the last day. */
  if (left < 0)
    return (int) -((-left + G_TIME_SPAN_DAY - 1) / G_TIME_SPAN_DAY);

  return (int) MIN (left / G_TIME_SPAN_DAY, G_MAXINT);
}

OdfeCertificateValidity
odfe_certificate_get_validity (const OdfeCertificate *certificate,
                               GDateTime             *now)
{
  g_autoptr(GDateTime) current = NULL;

  g_return_val_if_fail (certificate != NULL, ODFE_CERTIFICATE_EXPIRED);

  current = now ? g_date_time_ref (now) : g_date_time_new_now_utc ();

  if (certificate->not_after == NULL
      || g_date_time_compare (current, certificate->not_after) > 0)
    return ODFE_CERTIFICATE_EXPIRED;

  if (certificate->not_before != NULL
      && g_date_time_compare (current, certificate->not_before) < 0)
    return ODFE_CERTIFICATE_NOT_YET_VALID;

  if (g_date_time_difference (certificate->not_after, current)
      < ODFE_CERTIFICATE_WARNING_DAYS * G_TIME_SPAN_DAY)
    return ODFE_CERTIFICATE_EXPIRES_SOON;

  return ODFE_CERTIFICATE_VALID;
}

gboolean
odfe_certificate_has_node_oid (const OdfeCertificate *certificate)
{
  g_return_val_if_fail (certificate != NULL, FALSE);

  return g_strv_contains ((const char * const *) certificate->registered_ids, ODFE_NODE_OID);
}

static gboolean
dns_name_matches (const char *pattern,
                  const char *name)
{
  const char *rest;

  if (g_ascii_strcasecmp (pattern, name) == 0)
    return TRUE;

  /* "*.example.svc" stands for exactly one label. */
  if (!g_str_has_prefix (pattern, "*.") || (rest = strchr (name, '.')) == NULL
      || rest == name)
    return FALSE;

  return g_ascii_strcasecmp (pattern + 1, rest) == 0;
}

gboolean
odfe_certificate_has_name (const OdfeCertificate *certificate,
                           const char            *name)
{
  g_autoptr(GInetAddress) address = NULL;

  g_return_val_if_fail (certificate != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  address = g_inet_address_new_from_string (name);
  if (address != NULL)
    {
      g_autofree char *canonical = g_inet_address_to_string (address);

      return g_strv_contains ((const char * const *) certificate->ip_addresses, canonical);
    }

  for (guint i = 0; certificate->dns_names[i] != NULL; i++)
    if (dns_name_matches (certificate->dns_names[i], name))
      return TRUE;

  return FALSE;
}
