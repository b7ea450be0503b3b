/* sandbox-selector.h: label and field selectors on list and watch requests
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _SandboxSelector SandboxSelector;

SandboxSelector *sandbox_selector_parse_labels (const char      *text,
                                                GError         **error);
SandboxSelector *sandbox_selector_parse_fields (const char      *text,
                                                GError         **error);
gboolean         sandbox_selector_matches      (SandboxSelector *self,
                                                JsonNode        *object);
void             sandbox_selector_free         (SandboxSelector *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SandboxSelector, sandbox_selector_free)

G_END_DECLS
