/* sandbox-certs.h: certificate authorities and certificates made with GnuTLS
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SANDBOX_KEY_ECDSA_P256,
  SANDBOX_KEY_RSA_2048,
} SandboxKeyType;

typedef struct
{
  const char         *subject;        /* RFC 4514 DN, most specific first: "CN=x,O=y" */
  const char * const *dns_names;      /* NULL-terminated, or NULL */
  const char * const *ip_addresses;   /* NULL-terminated IPv4/IPv6 literals, or NULL */
  const char         *registered_id;  /* an OID for a registeredID SAN, or NULL */
  gboolean            server_auth;
  gboolean            client_auth;
  guint               days;
  gboolean            expired;        /* ended a day ago (for tests), instead of @days */
  SandboxKeyType      key_type;
} SandboxCertRequest;

typedef struct _SandboxCa SandboxCa;

SandboxCa  *sandbox_ca_new             (const char               *subject,
                                        SandboxKeyType            key_type,
                                        GError                  **error);
const char *sandbox_ca_get_certificate (SandboxCa                *self);
gboolean    sandbox_ca_issue           (SandboxCa                *self,
                                        const SandboxCertRequest *request,
                                        char                    **certificate_pem,
                                        char                    **key_pem,
                                        GError                  **error);
void        sandbox_ca_free            (SandboxCa                *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SandboxCa, sandbox_ca_free)

G_END_DECLS
