/* kube-tls.h: verification of an API server's certificate chain with GnuTLS
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _KubeTlsVerifier KubeTlsVerifier;

/* A verifier that trusts exactly the certificates in @ca_pem (the cluster's
 * certificate-authority), or, when @ca_pem is NULL, the system's trust store, as kubectl
 * does.  @server_name is the name the server's certificate must be valid for:
 * tls-server-name when the kubeconfig sets it, else the host of the server URL (a name or
 * an IP address).  Fails with KUBE_ERROR_CONFIG when @ca_pem holds no usable certificate;
 * @ca_origin names where it came from for that message. */
KubeTlsVerifier *kube_tls_verifier_new        (GBytes          *ca_pem,
                                               const char      *ca_origin,
                                               const char      *server_name,
                                               GError         **error);
void             kube_tls_verifier_free       (KubeTlsVerifier *self);

const char      *kube_tls_verifier_get_server_name (KubeTlsVerifier *self);

/* Checks @peer and the chain of issuers it carries: that it leads to a trusted authority,
 * that every certificate is valid now, that the leaf is valid for the server name.  The
 * error (KUBE_ERROR_TLS) says which check failed, in a sentence. */
gboolean         kube_tls_verifier_verify     (KubeTlsVerifier *self,
                                               GTlsCertificate *peer,
                                               GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KubeTlsVerifier, kube_tls_verifier_free)

G_END_DECLS
