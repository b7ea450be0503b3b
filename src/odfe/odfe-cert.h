/* odfe-cert.h: what a PEM certificate says, read with GnuTLS, for the certificate card
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The node OID the security plugin looks for in a node certificate's SAN. */
#define ODFE_NODE_OID "1.2.3.4.5.5"

/* Certificates that end within this many days are shown with a warning. */
#define ODFE_CERTIFICATE_WARNING_DAYS 30

typedef enum
{
  ODFE_CERTIFICATE_VALID,
  ODFE_CERTIFICATE_EXPIRES_SOON,  /* within ODFE_CERTIFICATE_WARNING_DAYS */
  ODFE_CERTIFICATE_EXPIRED,
  ODFE_CERTIFICATE_NOT_YET_VALID,
} OdfeCertificateValidity;

typedef struct
{
  char       *subject;            /* RFC 4514: "CN=elasticsearch,OU=demo,O=Searchdeck" */
  char       *issuer;
  char       *serial;             /* hexadecimal, colon-separated */
  char       *sha256_fingerprint; /* the same form */
  GStrv       dns_names;          /* never NULL */
  GStrv       ip_addresses;       /* never NULL */
  GStrv       registered_ids;     /* OIDs of RID names; never NULL */
  GDateTime  *not_before;         /* UTC; NULL when unreadable */
  GDateTime  *not_after;
  gboolean    is_ca;
  gboolean    server_auth;        /* extended key usage serverAuth */
  gboolean    client_auth;        /* extended key usage clientAuth */
  char       *key_algorithm;      /* "RSA", "EC/ECDSA", … */
  guint       key_bits;
} OdfeCertificate;

GType            odfe_certificate_get_type        (void) G_GNUC_CONST;
OdfeCertificate *odfe_certificate_copy            (const OdfeCertificate *certificate);
void             odfe_certificate_free            (OdfeCertificate       *certificate);

/* Every certificate in @data (PEM, possibly a chain), in order.  Fails with ODFE_ERROR_CONFIG
 * when there is none, or one cannot be read. */
GPtrArray       *odfe_certificate_parse_pem       (const char            *data,
                                                   gsize                  length,
                                                   GError               **error);
/* The first certificate in @data. */
OdfeCertificate *odfe_certificate_new_from_pem    (const char            *data,
                                                   gsize                  length,
                                                   GError               **error);

/* Where @certificate stands at @now (NULL: the present). */
OdfeCertificateValidity odfe_certificate_get_validity (const OdfeCertificate *certificate,
                                                       GDateTime             *now);
/* Whole days from @now until not-after, negative once expired; G_MININT when unknown. */
int              odfe_certificate_get_days_left   (const OdfeCertificate *certificate,
                                                   GDateTime             *now);
/* Whether the SAN carries the node OID (RID 1.2.3.4.5.5). */
gboolean         odfe_certificate_has_node_oid    (const OdfeCertificate *certificate);
/* Whether @name is among the DNS names (wildcards in the first label honoured) or the IP
 * addresses. */
gboolean         odfe_certificate_has_name        (const OdfeCertificate *certificate,
                                                   const char            *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OdfeCertificate, odfe_certificate_free)

G_END_DECLS
