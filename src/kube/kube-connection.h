/* kube-connection.h: a kubeconfig context turned into a ready-to-use HTTPS connection
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "kube-auth.h"
#include "kube-config.h"

G_BEGIN_DECLS

#define KUBE_TYPE_CONNECTION (kube_connection_get_type ())

G_DECLARE_FINAL_TYPE (KubeConnection, kube_connection, KUBE, CONNECTION, GObject)

/* Sets up @context_name of @config (NULL: the current context).  Fails with KUBE_ERROR_CONFIG
 * naming the field when the context, its cluster or its user is missing, the server URL is
 * not http(s), the CA cannot be read, or the user asks for something unsupported. */
KubeConnection *kube_connection_new               (KubeConfig          *config,
                                                   const char          *context_name,
                                                   GError             **error);
KubeConnection *kube_connection_new_for_parts     (KubeContext         *context,
                                                   KubeCluster         *cluster,
                                                   KubeUser            *user,
                                                   GError             **error);

const char     *kube_connection_get_context_name  (KubeConnection      *self);
const char     *kube_connection_get_server        (KubeConnection      *self);
/* The context's namespace, or "default". */
const char     *kube_connection_get_namespace     (KubeConnection      *self);
/* TRUE when the kubeconfig turned certificate checks off: show it as a standing warning. */
gboolean        kube_connection_get_insecure      (KubeConnection      *self);
SoupSession    *kube_connection_get_session       (KubeConnection      *self);
KubeAuth       *kube_connection_get_auth          (KubeConnection      *self);

/* Builds the absolute URI of @path_and_query ("/api/v1/pods?limit=5") on this server. */
GUri           *kube_connection_build_uri         (KubeConnection      *self,
                                                   const char          *path_and_query,
                                                   GError             **error);

/* Sends one request with fresh credentials and the cluster's TLS policy, and returns the
 * response headers and the body as a stream, whatever the HTTP status.  A 401 is retried
 * once after refreshing credentials that can change (token file, exec plugin).  Transport
 * failures become KUBE_ERROR_TLS (saying which certificate check failed), KUBE_ERROR_TIMEOUT
 * or KUBE_ERROR_NETWORK. @body may be NULL; it is sent with @content_type. */
void            kube_connection_send_async        (KubeConnection      *self,
                                                   const char          *method,
                                                   const char          *path_and_query,
                                                   const char          *accept,
                                                   const char          *content_type,
                                                   GBytes              *body,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GInputStream   *kube_connection_send_finish       (KubeConnection      *self,
                                                   GAsyncResult        *result,
                                                   SoupMessage        **message,
                                                   GError             **error);

/* Prepares a request that the caller sends itself, such as the WebSocket upgrade of a
 * port-forward or an exec: the absolute URI of @path_and_query, fresh credentials (the
 * Authorization header or the client certificate) and the cluster's TLS policy on
 * SoupMessage::accept-certificate.  It is not retried after a 401. */
void            kube_connection_prepare_message_async  (KubeConnection      *self,
                                                        const char          *method,
                                                        const char          *path_and_query,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
SoupMessage    *kube_connection_prepare_message_finish (KubeConnection      *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

G_END_DECLS
