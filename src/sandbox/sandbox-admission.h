/* sandbox-admission.h: Pod Security admission, as the API server enforces it
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sandbox-store.h"

G_BEGIN_DECLS

/* NULL when the namespace's pod-security.kubernetes.io/enforce level admits @pod, else the
 * message of the 403 Forbidden: pods "x" is forbidden: violates PodSecurity "…": …. */
char *sandbox_admission_pod_security (SandboxStore *store,
                                      const char   *namespace_,
                                      JsonNode     *pod);

G_END_DECLS
