/* kube-portforward.h: a loopback listener whose connections are forwarded to a pod's port
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kube-client.h"

G_BEGIN_DECLS

#define KUBE_TYPE_PORT_FORWARD (kube_port_forward_get_type ())

G_DECLARE_FINAL_TYPE (KubePortForward, kube_port_forward, KUBE, PORT_FORWARD, GObject)

/* Forwards to @remote_port of a Ready pod in @namespace that matches @label_selector (and
 * @field_selector, which may be NULL; "metadata.name=x" pins one pod).  Nothing happens
 * until kube_port_forward_start(), which also starts a watch of those pods: the chosen pod
 * is let go as soon as it terminates, stops being Ready or is replaced, and the next
 * connection goes to the first Ready pod by name.  Connections already open stay on their
 * pod until it ends them.
 *
 * Signals:
 *   ::stream-error (GError *error): one forwarded connection failed: the pod's error channel
 *     said why (nothing listens on the port, say), or the pod could not be reached, or no
 *     pod is Ready.  The local connection is closed; later ones are tried again, on another
 *     pod if this one went away.
 *   ::closed (): the listener closed, after the idle timeout or kube_port_forward_close(). */
KubePortForward *kube_port_forward_new              (KubeClient      *client,
                                                     const char      *namespace,
                                                     const char      *label_selector,
                                                     const char      *field_selector,
                                                     guint16          remote_port);

/* How long the listener stays open with no connection before it closes itself; 0 keeps it
 * open.  The default is 60 seconds.  Set it before starting. */
void             kube_port_forward_set_idle_timeout (KubePortForward *self,
                                                     guint            milliseconds);

/* Listens on 127.0.0.1 on a port the system chooses.  Fails with KUBE_ERROR_NETWORK when
 * no socket can be bound. */
gboolean         kube_port_forward_start            (KubePortForward *self,
                                                     GError         **error);
/* Stops listening and closes every forwarded connection.  Emits ::closed once. */
void             kube_port_forward_close            (KubePortForward *self);

/* The port on 127.0.0.1, 0 before start. */
guint16          kube_port_forward_get_local_port   (KubePortForward *self);
guint16          kube_port_forward_get_remote_port  (KubePortForward *self);
const char      *kube_port_forward_get_namespace    (KubePortForward *self);
/* The pod new connections go to, NULL when none is chosen (yet, or any more). */
const char      *kube_port_forward_get_pod_name     (KubePortForward *self);
/* Forwarded connections open now. */
guint            kube_port_forward_get_n_connections (KubePortForward *self);
gboolean         kube_port_forward_get_closed       (KubePortForward *self);

/* Whether @pod (a Pod object) is Ready and not being deleted: one that may take traffic. */
gboolean         kube_pod_is_ready                  (JsonNode        *pod);

G_END_DECLS
