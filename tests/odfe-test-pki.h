/* odfe-test-pki.h: certificates for the Open Distro layer's tests, made with GnuTLS
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A cluster root CA and a node certificate shaped like the ones Searchdeck issues (the REST
 * Service's DNS names in namespace "demo", 127.0.0.1, the node OID, serverAuth and
 * clientAuth), the same names signed by another CA, and node certificates that expire soon
 * or have expired.  Keys are ECDSA P-256, quick to make under the sanitizers.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *cert_pem;
  char *key_pem;
} OdfeTestPair;

typedef struct
{
  OdfeTestPair ca;
  OdfeTestPair node;              /* by ca, valid for ten years */
  OdfeTestPair other_ca;
  OdfeTestPair other_node;        /* by other_ca, the same names */
  OdfeTestPair expiring;          /* by ca, ends in 10 days */
  OdfeTestPair expired;           /* by ca, ended 2 days ago */
} OdfeTestPki;

/* Made once per process, freed at exit. */
OdfeTestPki *odfe_test_pki_get (void);

G_END_DECLS
