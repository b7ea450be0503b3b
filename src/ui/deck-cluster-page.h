/* deck-cluster-page.h: one search cluster, as Kubernetes sees it
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kube-store.h"

G_BEGIN_DECLS

#define DECK_TYPE_CLUSTER_PAGE (deck_cluster_page_get_type ())

G_DECLARE_FINAL_TYPE (DeckClusterPage, deck_cluster_page, DECK, CLUSTER_PAGE, AdwBin)

GtkWidget *deck_cluster_page_new         (void);
/* Shows the StatefulSet @namespace/@name of @store, and follows its changes;
 * NULL @store empties the page. */
void       deck_cluster_page_set_cluster (DeckClusterPage *self,
                                          KubeStore       *store,
                                          const char      *namespace,
                                          const char      *name);

G_END_DECLS
