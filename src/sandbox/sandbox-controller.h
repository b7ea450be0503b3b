/* sandbox-controller.h: the simulated kubelet, StatefulSet controller and garbage collector
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sandbox-boot.h"
#include "sandbox-store.h"

G_BEGIN_DECLS

#define SANDBOX_TYPE_CONTROLLER (sandbox_controller_get_type ())

G_DECLARE_FINAL_TYPE (SandboxController, sandbox_controller, SANDBOX, CONTROLLER, GObject)

SandboxController *sandbox_controller_new          (SandboxStore      *store,
                                                    guint              ready_delay_ms,
                                                    guint              delete_delay_ms);
JsonNode          *sandbox_controller_delete_pod   (SandboxController *self,
                                                    const char        *namespace_,
                                                    const char        *name,
                                                    gint64             grace_period_seconds,
                                                    GError           **error);
JsonNode          *sandbox_controller_delete_namespace (SandboxController *self,
                                                    const char        *name,
                                                    GError           **error);
JsonNode          *sandbox_controller_crash_pod    (SandboxController *self,
                                                    const char        *namespace_,
                                                    const char        *name,
                                                    const char        *reason,
                                                    GError           **error);
/* How the search node of the pod with @uid started, or NULL (borrowed). */
SandboxBoot       *sandbox_controller_get_boot     (SandboxController *self,
                                                    const char        *uid);
void               sandbox_controller_record_event (SandboxController *self,
                                                    JsonNode          *involved,
                                                    const char        *type,
                                                    const char        *reason,
                                                    const char        *message,
                                                    const char        *component);

G_END_DECLS
