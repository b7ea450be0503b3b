/* odfe-pki.c: the certificates a new search cluster needs, made with GnuTLS
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The security plugin wants TLS between nodes and, here, on the REST port too.  A cluster
 * gets its own root CA, one certificate shared by all nodes and an admin client certificate.
 * What the plugin checks decides their shape (reference §2):
 *  - a node is recognized by its certificate's DN in nodes_dn, and by the registeredID
 *    1.2.3.4.5.5 in its SAN; both are given;
 *  - the node certificate acts as TLS server and client on the transport port, so it carries
 *    both extended key usages;
 *  - admin_dn is compared with the admin certificate's DN as RFC 2253 text, no spaces, so the
 *    DNs are read back from the certificates in that form rather than assumed;
 *  - Netty loads only PKCS#8 keys, so keys are exported as unencrypted PKCS#8.
 * Hostname verification stays off (pods connect by IP), yet the SAN lists every name a pod or
 * Service answers to, for clients that do verify (Searchdeck itself, through the port-forward,
 * verifies "elasticsearch.<ns>.svc").
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>
#include <string.h>

#include "odfe-cert.h"
#include "odfe-error.h"
#include "odfe-pki.h"

#define SERIAL_BYTES 16
/* Certificates start an hour back, for clocks a little behind this machine's. */
#define CLOCK_SKEW_SECONDS (60 * 60)

typedef struct
{
  gnutls_x509_crt_t     crt;
  gnutls_x509_privkey_t key;
} Issued;

static void
issued_clear (Issued *issued)
{
  g_clear_pointer (&issued->crt, gnutls_x509_crt_deinit);
  g_clear_pointer (&issued->key, gnutls_x509_privkey_deinit);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Issued, issued_clear)

static void
clear_secret (char **text)
{
  if (*text != NULL)
    explicit_bzero (*text, strlen (*text));
  g_clear_pointer (text, g_free);
}

void
odfe_cluster_pki_free (OdfeClusterPki *pki)
{
  if (pki == NULL)
    return;

  g_free (pki->ca_cert_pem);
  clear_secret (&pki->ca_key_pem);
  g_free (pki->node_cert_pem);
  clear_secret (&pki->node_key_pem);
  g_free (pki->admin_cert_pem);
  clear_secret (&pki->admin_key_pem);
  g_free (pki->node_dn);
  g_free (pki->admin_dn);
  g_free (pki);
}

GStrv
odfe_cluster_node_dns_names (const OdfeClusterSpec *spec)
{
  static const char * const services[] = { "elasticsearch", "elasticsearch-discovery", NULL };
  GPtrArray *names = g_ptr_array_new ();
  g_auto(GStrv) pods = NULL;
  const char *ns;

  g_return_val_if_fail (spec != NULL, NULL);

  ns = spec->namespace != NULL ? spec->namespace : "default";
  pods = odfe_cluster_spec_get_pod_names (spec);

  /* A StatefulSet's pod is <pod>.<serviceName>.<ns>.svc.<cluster domain>, and resolvers
   * complete the shorter forms from the search path. */
  for (guint i = 0; pods[i] != NULL; i++)
    {
      g_ptr_array_add (names, g_strdup_printf ("%s.elasticsearch-discovery.%s.svc.cluster.local",
                                               pods[i], ns));
      g_ptr_array_add (names, g_strdup_printf ("%s.elasticsearch-discovery.%s.svc",
                                               pods[i], ns));
      g_ptr_array_add (names, g_strdup_printf ("%s.elasticsearch-discovery.%s", pods[i], ns));
      g_ptr_array_add (names, g_strdup_printf ("%s.elasticsearch-discovery", pods[i]));
      g_ptr_array_add (names, g_strdup (pods[i]));
    }

  for (guint i = 0; services[i] != NULL; i++)
    {
      g_ptr_array_add (names, g_strdup (services[i]));
      g_ptr_array_add (names, g_strdup_printf ("%s.%s", services[i], ns));
      g_ptr_array_add (names, g_strdup_printf ("%s.%s.svc", services[i], ns));
      g_ptr_array_add (names, g_strdup_printf ("%s.%s.svc.cluster.local", services[i], ns));
    }

  g_ptr_array_add (names, g_strdup ("localhost"));
  g_ptr_array_add (names, NULL);

  return (GStrv) g_ptr_array_free (names, FALSE);
}

/* FALSE with an ODFE_ERROR_CRYPTO error when GnuTLS returned an error for @step. */
static gboolean
check (int          result,
       const char  *step,
       GError     **error)
{
  if (result >= 0)
    return TRUE;

  g_set_error (error, ODFE_ERROR, ODFE_ERROR_CRYPTO,
               _("The cluster’s certificates could not be made: %s failed (%s)."),
               step, gnutls_strerror (result));
  return FALSE;
}

/* A random positive serial number of 16 bytes whose first byte is neither zero nor above
 * 0x7f, so that its DER encoding is the bytes themselves. */
static gboolean
set_random_serial (gnutls_x509_crt_t   crt,
                   GError            **error)
{
  guint8 serial[SERIAL_BYTES];

  if (!check (gnutls_rnd (GNUTLS_RND_NONCE, serial, sizeof serial), "gnutls_rnd", error))
    return FALSE;

  serial[0] &= 0x7f;
  if (serial[0] == 0)
    serial[0] = 0x01;

  return check (gnutls_x509_crt_set_serial (crt, serial, sizeof serial),
                "gnutls_x509_crt_set_serial", error);
}

/* A key of @bits and a certificate skeleton for it: version 3, @subject, a serial, validity
 * and the subject key identifier. */
static gboolean
issued_start (Issued      *issued,
              const char  *subject,
              guint        bits,
              guint        days,
              GError     **error)
{
  time_t now = time (NULL);
  guint8 key_id[64];
  size_t key_id_size = sizeof key_id;
  const char *bad = NULL;

  if (!check (gnutls_x509_privkey_init (&issued->key), "gnutls_x509_privkey_init", error)
      || !check (gnutls_x509_privkey_generate2 (issued->key, GNUTLS_PK_RSA, bits, 0, NULL, 0),
                 "gnutls_x509_privkey_generate2", error)
      || !check (gnutls_x509_crt_init (&issued->crt), "gnutls_x509_crt_init", error)
      || !check (gnutls_x509_crt_set_version (issued->crt, 3), "gnutls_x509_crt_set_version",
                 error)
      || !set_random_serial (issued->crt, error))
    return FALSE;

  if (gnutls_x509_crt_set_dn (issued->crt, subject, &bad) < 0)
    {
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_CRYPTO,
                   _("The cluster’s certificates could not be made: the subject “%s” was "
                     "refused."), subject);
      return FALSE;
    }

  if (!check (gnutls_x509_crt_set_key (issued->crt, issued->key), "gnutls_x509_crt_set_key",
              error)
      || !check (gnutls_x509_crt_set_activation_time (issued->crt, now - CLOCK_SKEW_SECONDS),
                 "gnutls_x509_crt_set_activation_time", error)
      || !check (gnutls_x509_crt_set_expiration_time (issued->crt,
                                                       now + (time_t) days * 24 * 60 * 60),
                 "gnutls_x509_crt_set_expiration_time", error)
      || !check (gnutls_x509_crt_get_key_id (issued->crt, GNUTLS_KEYID_USE_SHA1, key_id,
                                             &key_id_size),
                 "gnutls_x509_crt_get_key_id", error)
      || !check (gnutls_x509_crt_set_subject_key_id (issued->crt, key_id, key_id_size),
                 "gnutls_x509_crt_set_subject_key_id", error))
    return FALSE;

  return TRUE;
}

static gboolean
make_ca (Issued      *ca,
         const char  *subject,
         guint        bits,
         guint        days,
         GError     **error)
{
  return issued_start (ca, subject, bits, days, error)
         && check (gnutls_x509_crt_set_basic_constraints (ca->crt, 1, -1),
                   "gnutls_x509_crt_set_basic_constraints", error)
         && check (gnutls_x509_crt_set_key_usage (ca->crt, GNUTLS_KEY_KEY_CERT_SIGN
                                                           | GNUTLS_KEY_CRL_SIGN),
                   "gnutls_x509_crt_set_key_usage", error)
         && check (gnutls_x509_crt_sign2 (ca->crt, ca->crt, ca->key, GNUTLS_DIG_SHA256, 0),
                   "gnutls_x509_crt_sign2", error);
}

/* A leaf certificate signed by @ca: CA:FALSE, the key usages TLS with RSA needs, the
 * authority key identifier, and the extended usages @purposes (NULL-terminated OIDs). */
static gboolean
start_leaf (Issued             *leaf,
            Issued             *ca,
            const char         *subject,
            guint               bits,
            guint               days,
            const char * const *purposes,
            GError            **error)
{
  guint8 key_id[64];
  size_t key_id_size = sizeof key_id;

  if (!issued_start (leaf, subject, bits, days, error)
      || !check (gnutls_x509_crt_set_basic_constraints (leaf->crt, 0, -1),
                 "gnutls_x509_crt_set_basic_constraints", error)
      || !check (gnutls_x509_crt_set_key_usage (leaf->crt, GNUTLS_KEY_DIGITAL_SIGNATURE
                                                           | GNUTLS_KEY_NON_REPUDIATION
                                                           | GNUTLS_KEY_KEY_ENCIPHERMENT),
                 "gnutls_x509_crt_set_key_usage", error))
    return FALSE;

  for (guint i = 0; purposes[i] != NULL; i++)
    if (!check (gnutls_x509_crt_set_key_purpose_oid (leaf->crt, purposes[i], 0),
                "gnutls_x509_crt_set_key_purpose_oid", error))
      return FALSE;

  return check (gnutls_x509_crt_get_subject_key_id (ca->crt, key_id, &key_id_size, NULL),
                "gnutls_x509_crt_get_subject_key_id", error)
         && check (gnutls_x509_crt_set_authority_key_id (leaf->crt, key_id, key_id_size),
                   "gnutls_x509_crt_set_authority_key_id", error);
}

static gboolean
sign_leaf (Issued  *leaf,
           Issued  *ca,
           GError **error)
{
  return check (gnutls_x509_crt_sign2 (leaf->crt, ca->crt, ca->key, GNUTLS_DIG_SHA256, 0),
                "gnutls_x509_crt_sign2", error);
}

static gboolean
add_node_names (gnutls_x509_crt_t       crt,
                const OdfeClusterSpec  *spec,
                GError                **error)
{
  static const guint8 loopback[4] = { 127, 0, 0, 1 };
  g_auto(GStrv) dns_names = odfe_cluster_node_dns_names (spec);

  /* The node OID first, as in the plugin's own demo certificate. */
  if (!check (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_REGISTERED_ID,
                                                    ODFE_NODE_OID, strlen (ODFE_NODE_OID),
                                                    GNUTLS_FSAN_APPEND),
              "gnutls_x509_crt_set_subject_alt_name", error))
    return FALSE;

  for (guint i = 0; dns_names[i] != NULL; i++)
    if (!check (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_DNSNAME, dns_names[i],
                                                      strlen (dns_names[i]),
                                                      GNUTLS_FSAN_APPEND),
                "gnutls_x509_crt_set_subject_alt_name", error))
      return FALSE;

  return check (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_IPADDRESS, loopback,
                                                      sizeof loopback, GNUTLS_FSAN_APPEND),
                "gnutls_x509_crt_set_subject_alt_name", error);
}

static gboolean
export_certificate (Issued   *issued,
                    char    **pem,
                    GError  **error)
{
  gnutls_datum_t out = { NULL, 0 };

  if (!check (gnutls_x509_crt_export2 (issued->crt, GNUTLS_X509_FMT_PEM, &out),
              "gnutls_x509_crt_export2", error))
    return FALSE;

  *pem = g_strndup ((const char *) out.data, out.size);
  gnutls_free (out.data);
  return TRUE;
}

static gboolean
export_key (Issued   *issued,
            char    **pem,
            GError  **error)
{
  gnutls_datum_t out = { NULL, 0 };

  if (!check (gnutls_x509_privkey_export2_pkcs8 (issued->key, GNUTLS_X509_FMT_PEM, NULL,
                                                 GNUTLS_PKCS_PLAIN, &out),
              "gnutls_x509_privkey_export2_pkcs8", error))
    return FALSE;

  *pem = g_strndup ((const char *) out.data, out.size);
  gnutls_memset (out.data, 0, out.size);
  gnutls_free (out.data);
  return TRUE;
}

/* The subject as the plugin compares it: RFC 2253 text as Java's X500Principal.getName ()
 * writes it, the last RDN of the DER sequence first ("CN=…,OU=…,O=…").  GnuTLS's default
 * form is that RFC 4514 order; its GNUTLS_X509_DN_FLAG_COMPAT form would be reversed. */
static gboolean
read_dn (Issued   *issued,
         char    **dn,
         GError  **error)
{
  gnutls_datum_t out = { NULL, 0 };

  if (!check (gnutls_x509_crt_get_dn3 (issued->crt, &out, 0),
              "gnutls_x509_crt_get_dn3", error))
    return FALSE;

  *dn = g_strndup ((const char *) out.data, out.size);
  gnutls_free (out.data);
  return TRUE;
}

static OdfeClusterPki *
generate (const OdfeClusterSpec  *spec,
          GCancellable           *cancellable,
          GError                **error)
{
  static const char * const node_purposes[] = {
    GNUTLS_KP_TLS_WWW_SERVER, GNUTLS_KP_TLS_WWW_CLIENT, NULL
  };
  static const char * const admin_purposes[] = { GNUTLS_KP_TLS_WWW_CLIENT, NULL };
  g_autoptr(OdfeClusterPki) pki = NULL;
  g_auto(Issued) ca = { NULL, NULL };
  g_auto(Issued) node = { NULL, NULL };
  g_auto(Issued) admin = { NULL, NULL };
  g_autofree char *ca_subject = NULL;
  g_autofree char *node_subject = NULL;
  g_autofree char *admin_subject = NULL;
  guint bits, days;

  g_return_val_if_fail (spec != NULL, NULL);

  if (!odfe_validate_cluster_name (spec->name, error)
      || !odfe_validate_namespace (spec->namespace, error))
    return NULL;

  if (spec->key_bits != 2048 && spec->key_bits != 4096)
    {
      g_set_error_literal (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                           _("Keys can be RSA of 2048 or 4096 bits."));
      return NULL;
    }
  bits = spec->key_bits;

  if (spec->cert_validity_days < 1 || spec->cert_validity_days > 10950)
    {
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                   _("Certificates can be valid from 1 to %u days."), 10950);
      return NULL;
    }
  days = spec->cert_validity_days;

  /* Names and namespaces are DNS labels: nothing in them needs escaping in a DN. */
  ca_subject = g_strdup_printf ("CN=%s-root-ca,OU=%s,O=searchdeck", spec->name,
                                spec->namespace);
  node_subject = g_strdup_printf ("CN=elasticsearch,OU=%s,O=searchdeck", spec->namespace);
  admin_subject = g_strdup_printf ("CN=admin,OU=%s,O=searchdeck", spec->namespace);

  pki = g_new0 (OdfeClusterPki, 1);

  if (!make_ca (&ca, ca_subject, bits, days, error)
      || g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (!start_leaf (&node, &ca, node_subject, bits, days, node_purposes, error)
      || !add_node_names (node.crt, spec, error)
      || !sign_leaf (&node, &ca, error)
      || g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (!start_leaf (&admin, &ca, admin_subject, bits, days, admin_purposes, error)
      || !sign_leaf (&admin, &ca, error))
    return NULL;

  if (!export_certificate (&ca, &pki->ca_cert_pem, error)
      || !export_key (&ca, &pki->ca_key_pem, error)
      || !export_certificate (&node, &pki->node_cert_pem, error)
      || !export_key (&node, &pki->node_key_pem, error)
      || !export_certificate (&admin, &pki->admin_cert_pem, error)
      || !export_key (&admin, &pki->admin_key_pem, error)
      || !read_dn (&node, &pki->node_dn, error)
      || !read_dn (&admin, &pki->admin_dn, error))
    return NULL;

  return g_steal_pointer (&pki);
}

OdfeClusterPki *
odfe_cluster_pki_generate (const OdfeClusterSpec  *spec,
                           GError                **error)
{
  return generate (spec, NULL, error);
}

static void
generate_in_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  const OdfeClusterSpec *spec = task_data;
  GError *error = NULL;
  OdfeClusterPki *pki = generate (spec, cancellable, &error);

  if (pki == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pki, (GDestroyNotify) odfe_cluster_pki_free);
}

void
odfe_cluster_pki_generate_async (const OdfeClusterSpec *spec,
                                 GCancellable          *cancellable,
                                 GAsyncReadyCallback    callback,
                                 gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (spec != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, odfe_cluster_pki_generate_async);
  g_task_set_task_data (task, odfe_cluster_spec_copy (spec),
                        (GDestroyNotify) odfe_cluster_spec_free);
  g_task_run_in_thread (task, generate_in_thread);
}

OdfeClusterPki *
odfe_cluster_pki_generate_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
