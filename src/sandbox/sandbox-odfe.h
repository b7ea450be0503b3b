/* sandbox-odfe.h: the simulated Open Distro clusters behind the sandbox's port-forward
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sandbox-server.h"
#include "sandbox-store.h"

G_BEGIN_DECLS

#define SANDBOX_ODFE_REST_PORT    9200
#define SANDBOX_ODFE_METRICS_PORT 9600

#define SANDBOX_TYPE_ODFE (sandbox_odfe_get_type ())

G_DECLARE_FINAL_TYPE (SandboxOdfe, sandbox_odfe, SANDBOX, ODFE, GObject)

SandboxOdfe *sandbox_odfe_new           (SandboxStore  *store);
/* Registers the handlers of ports 9200 and 9600 on @server; @self must outlive @server. */
void         sandbox_odfe_attach        (SandboxOdfe   *self,
                                         SandboxServer *server);
void         sandbox_odfe_serve_rest    (SandboxOdfe   *self,
                                         JsonNode      *pod,
                                         GIOStream     *stream);
void         sandbox_odfe_serve_metrics (SandboxOdfe   *self,
                                         JsonNode      *pod,
                                         GIOStream     *stream);
/* The value of a YAML document as JSON (plain true/false as booleans, other scalars as
 * strings), or NULL with @error set. */
JsonNode    *sandbox_odfe_yaml_to_json  (const char    *text,
                                         GError       **error);

G_END_DECLS
