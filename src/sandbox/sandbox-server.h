/* sandbox-server.h: the sandbox's HTTPS Kubernetes API server
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sandbox-controller.h"
#include "sandbox-faults.h"
#include "sandbox-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint       port;               /* 0: chosen by the system */
  const char *state_dir;          /* where the kubeconfig and certificates go */
  gboolean    seed_demo;
  guint       ready_delay_ms;     /* a pod's time from creation to Ready */
  guint       delete_delay_ms;    /* a pod's time from deletionTimestamp to gone */
  const char *client_cert_user;   /* also write client.crt/client.key for this user */
  guint       log_interval_ms;    /* time between log lines of a followed log */
  guint       bookmark_interval_ms; /* time between BOOKMARK events of a watch that asks */
} SandboxServerOptions;

/* Serves the simulated endpoint of @pod's @port on @stream, one forwarded connection: what
 * the client sends arrives on the stream's input, what the handler writes goes back; closing
 * the stream ends the connection.  @stream is borrowed: take a reference to keep it. */
typedef void (*SandboxPortHandler) (JsonNode  *pod,
                                    GIOStream *stream,
                                    gpointer   user_data);

#define SANDBOX_TYPE_SERVER (sandbox_server_get_type ())

G_DECLARE_FINAL_TYPE (SandboxServer, sandbox_server, SANDBOX, SERVER, GObject)

SandboxServer *sandbox_server_new                 (const SandboxServerOptions *options,
                                                   SandboxFaults              *faults,
                                                   GError                    **error);
const char    *sandbox_server_get_url             (SandboxServer              *self);
const char    *sandbox_server_get_kubeconfig_path (SandboxServer              *self);
SandboxStore  *sandbox_server_get_store           (SandboxServer              *self);
SandboxController *sandbox_server_get_controller  (SandboxServer              *self);
void           sandbox_server_set_port_handler    (SandboxServer              *self,
                                                   guint                       port,
                                                   SandboxPortHandler          handler,
                                                   gpointer                    user_data);

G_END_DECLS
