/* deck-context-row.h: one kubeconfig context in the sidebar
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kube-config.h"

G_BEGIN_DECLS

#define DECK_TYPE_CONTEXT_ROW (deck_context_row_get_type ())

G_DECLARE_FINAL_TYPE (DeckContextRow, deck_context_row, DECK, CONTEXT_ROW, AdwActionRow)

GtkWidget  *deck_context_row_new        (KubeConfig     *config,
                                         KubeContext    *context,
                                         gboolean        is_current);
const char *deck_context_row_get_name   (DeckContextRow *self);
gboolean    deck_context_row_is_current (DeckContextRow *self);

G_END_DECLS
