/* odfe-forward.h: a client of a search cluster reached through a port-forward to its pods
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kube-client.h"
#include "kube-portforward.h"
#include "odfe-client.h"

G_BEGIN_DECLS

/* The REST port of every search node. */
#define ODFE_REST_PORT 9200

/* Starts a port-forward to ODFE_REST_PORT of a Ready pod of @namespace that matches
 * @label_selector (it stays open while idle; the caller closes it with
 * kube_port_forward_close () when done) and makes a client of it whose server certificate
 * must chain to @ca_pem and carry the REST Service's name in @namespace
 * (odfe_service_server_name ()).  @forward receives the port-forward.  Fails with
 * KUBE_ERROR_NETWORK when no local port can be bound, or ODFE_ERROR_CONFIG when @ca_pem
 * holds no certificate; then nothing is left open. */
OdfeClient *odfe_client_new_forwarded (KubeClient       *kube,
                                       const char       *namespace,
                                       const char       *label_selector,
                                       GBytes           *ca_pem,
                                       KubePortForward **forward,
                                       GError          **error);

G_END_DECLS
