/* sandbox-odfe-http.h: HTTP plumbing of the simulated Open Distro nodes
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

SoupServer *sandbox_odfe_http_server_new     (void);

/* Hands @stream (a forwarded TCP stream) to @server: over TLS with @certificate when it is
 * not NULL, as plain HTTP otherwise.  @data, freed with @destroy when the connection is
 * gone, is what sandbox_odfe_http_get_data() returns for every request on it; @local_ip
 * is the address the connection seems to reach (the pod's). */
void        sandbox_odfe_http_accept         (SoupServer        *server,
                                              GIOStream         *stream,
                                              GTlsCertificate   *certificate,
                                              const char        *local_ip,
                                              guint              local_port,
                                              GCancellable      *cancellable,
                                              gpointer           data,
                                              GDestroyNotify     destroy);
gpointer    sandbox_odfe_http_get_data       (SoupServerMessage *msg);

/* Responses */
void        sandbox_odfe_http_send_json      (SoupServerMessage *msg,
                                              guint              status,
                                              JsonNode          *node);
void        sandbox_odfe_http_send_text      (SoupServerMessage *msg,
                                              guint              status,
                                              const char        *content_type,
                                              const char        *text);
void        sandbox_odfe_http_send_error     (SoupServerMessage *msg,
                                              guint              status,
                                              const char        *type,
                                              const char        *reason);

/* Requests */
gboolean    sandbox_odfe_http_get_basic_auth (SoupServerMessage *msg,
                                              char             **user,
                                              char             **password);
GHashTable *sandbox_odfe_http_get_query      (SoupServerMessage *msg);
JsonNode   *sandbox_odfe_http_get_json_body  (SoupServerMessage *msg,
                                              GError           **error);
const char *sandbox_odfe_http_query          (GHashTable        *query,
                                              const char        *name);
gboolean    sandbox_odfe_http_query_flag     (GHashTable        *query,
                                              const char        *name);

/* _cat */
typedef struct
{
  const char *name;
  const char *aliases;          /* comma-separated */
  gboolean    shown;            /* shown without h= */
  gboolean    numeric;          /* right-aligned in text */
} SandboxOdfeColumn;

void        sandbox_odfe_http_send_cat       (SoupServerMessage       *msg,
                                              GHashTable              *query,
                                              const SandboxOdfeColumn *columns,
                                              guint                    n_columns,
                                              GPtrArray               *rows);
int         sandbox_odfe_http_compare_values (const char              *a,
                                              const char              *b);

/* Values as _cat shows them */
char       *sandbox_odfe_http_format_bytes   (guint64            bytes,
                                              const char        *unit);

G_END_DECLS
