/* sandbox-seed.h: the objects a fresh sandbox starts with
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sandbox-store.h"

G_BEGIN_DECLS

gboolean sandbox_seed_base       (SandboxStore *store,
                                  GError      **error);
gboolean sandbox_seed_demo       (SandboxStore *store,
                                  const char   *state_dir,
                                  GError      **error);
guint    sandbox_seed_bulk_pods  (SandboxStore *store,
                                  const char   *namespace_,
                                  guint         count,
                                  GError      **error);
char    *sandbox_seed_bcrypt     (const char   *password,
                                  GError      **error);

G_END_DECLS
