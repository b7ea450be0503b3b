/* deck-context-page.h: what a kubeconfig context points at and how
 * Searchdeck will authenticate there
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kube-client.h"
#include "kube-config.h"

G_BEGIN_DECLS

#define DECK_TYPE_CONTEXT_PAGE (deck_context_page_get_type ())

G_DECLARE_FINAL_TYPE (DeckContextPage, deck_context_page, DECK, CONTEXT_PAGE, AdwBin)

GtkWidget *deck_context_page_new         (void);
/* Shows @context_name of @config; NULL @config empties the page.  @client
 * talks to its API server, or is NULL and @connection_error says why the
 * context cannot be used. */
void       deck_context_page_set_context (DeckContextPage *self,
                                          KubeConfig      *config,
                                          const char      *context_name,
                                          KubeClient      *client,
                                          const GError    *connection_error);

G_END_DECLS
