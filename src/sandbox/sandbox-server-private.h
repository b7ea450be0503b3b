/* sandbox-server-private.h: what the server's files share among themselves
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "sandbox-controller.h"
#include "sandbox-selector.h"
#include "sandbox-server.h"

G_BEGIN_DECLS

#define SANDBOX_GIT_VERSION "v1.32.4"

struct _SandboxServer
{
  GObject               parent_instance;

  SoupServer           *soup;
  SandboxStore         *store;
  SandboxController    *controller;
  SandboxFaults        *faults;
  SandboxServerOptions  options;

  char                 *state_dir;
  gboolean              remove_state_dir;
  char                 *url;
  char                 *kubeconfig_path;
  char                 *token;
  char                 *ca_pem;

  /* guint port -> PortHandler* */
  GHashTable           *port_handlers;
  /* SandboxWatch*, the open watch streams */
  GPtrArray            *watches;
  /* SoupServerMessage*, followed log streams and other long answers */
  GPtrArray            *streams;
};

/* One API request, parsed from its path and query. */
typedef struct
{
  const SandboxResource *resource;
  char                  *namespace_;     /* NULL: cluster-scoped, or all namespaces */
  char                  *name;
  char                  *subresource;
  GHashTable            *query;          /* borrowed from libsoup; may be NULL */
  gboolean               table;          /* the client asked for a meta.k8s.io Table */
  gboolean               protobuf_body;
} SandboxRequest;

SandboxRequest *sandbox_request_parse     (const char         *path,
                                           GHashTable         *query);
void      sandbox_request_free            (SandboxRequest     *request);
const char *sandbox_request_query         (SandboxRequest     *request,
                                           const char         *name);
gboolean  sandbox_request_query_true      (SandboxRequest     *request,
                                           const char         *name);

void      sandbox_server_send_json        (SoupServerMessage  *msg,
                                           guint               status,
                                           JsonNode           *node,
                                           const char         *content_type);
void      sandbox_server_send_status      (SoupServerMessage  *msg,
                                           guint               code,
                                           const char         *reason,
                                           const char         *message,
                                           const SandboxResource *resource,
                                           const char         *name);
void      sandbox_server_send_error       (SoupServerMessage  *msg,
                                           const GError       *error,
                                           const SandboxResource *resource,
                                           const char         *name);
JsonNode *sandbox_status_new              (guint               code,
                                           const char         *reason,
                                           const char         *message,
                                           const SandboxResource *resource,
                                           const char         *name);
char     *sandbox_json_to_string          (JsonNode           *node);
char     *sandbox_server_user_name        (SandboxServer      *self,
                                           SoupServerMessage  *msg);
gboolean  sandbox_server_call_port_handler (SandboxServer     *self,
                                           guint               port,
                                           JsonNode           *pod,
                                           GIOStream          *stream);

/* sandbox-api.c */
void      sandbox_api_handle              (SandboxServer      *self,
                                           SoupServerMessage  *msg,
                                           SandboxRequest     *request);

/* sandbox-discovery.c */
gboolean  sandbox_discovery_handle        (SandboxServer      *self,
                                           SoupServerMessage  *msg,
                                           const char         *path);

/* sandbox-watch.c */
void      sandbox_watch_start             (SandboxServer      *self,
                                           SoupServerMessage  *msg,
                                           SandboxRequest     *request,
                                           SandboxSelector    *labels,
                                           SandboxSelector    *fields);
void      sandbox_watch_close_all         (SandboxServer      *self);

/* sandbox-streams.c */
void      sandbox_streams_log             (SandboxServer      *self,
                                           SoupServerMessage  *msg,
                                           SandboxRequest     *request,
                                           JsonNode           *pod);
void      sandbox_streams_websocket       (SoupServer         *server,
                                           SoupServerMessage  *msg,
                                           const char         *path,
                                           SoupWebsocketConnection *connection,
                                           gpointer            user_data);
void      sandbox_streams_close_all       (SandboxServer      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SandboxRequest, sandbox_request_free)

G_END_DECLS
