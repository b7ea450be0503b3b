/* odfe-pki.h: the certificates a new search cluster needs, made with GnuTLS
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "odfe-spec.h"

G_BEGIN_DECLS

typedef struct
{
  char *ca_cert_pem;      /* the self-signed root CA */
  char *ca_key_pem;       /* its key, kept only for the person to export; never in the cluster */
  char *node_cert_pem;    /* the nodes' certificate: serverAuth and clientAuth, the pods' and
                           * Services' DNS names, RID 1.2.3.4.5.5, localhost and 127.0.0.1 */
  char *node_key_pem;
  char *admin_cert_pem;   /* the admin client certificate: clientAuth */
  char *admin_key_pem;
  char *node_dn;          /* RFC 2253, no spaces: "CN=elasticsearch,OU=<ns>,O=searchdeck" */
  char *admin_dn;         /* RFC 2253, no spaces; differs from node_dn */
} OdfeClusterPki;

void             odfe_cluster_pki_free            (OdfeClusterPki        *pki);

/* Generates everything for @spec (name, namespace, node and master counts, key_bits,
 * cert_validity_days).  Keys are RSA, unencrypted PKCS#8 PEM ("BEGIN PRIVATE KEY");
 * signatures SHA-256.  Synchronous and CPU-bound (a 4096-bit key takes seconds).  Fails with
 * ODFE_ERROR_INVALID for a spec it cannot make certificates for, ODFE_ERROR_CRYPTO when
 * GnuTLS fails. */
OdfeClusterPki  *odfe_cluster_pki_generate        (const OdfeClusterSpec *spec,
                                                   GError               **error);
/* The same in a worker thread (GTask); @spec is copied. */
void             odfe_cluster_pki_generate_async  (const OdfeClusterSpec *spec,
                                                   GCancellable          *cancellable,
                                                   GAsyncReadyCallback    callback,
                                                   gpointer               user_data);
OdfeClusterPki  *odfe_cluster_pki_generate_finish (GAsyncResult          *result,
                                                   GError               **error);

/* The DNS names in the node certificate's SAN for @spec (for tests and the Review step). */
GStrv            odfe_cluster_node_dns_names      (const OdfeClusterSpec *spec);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OdfeClusterPki, odfe_cluster_pki_free)

G_END_DECLS
