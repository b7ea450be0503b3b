/* deck-cluster-page.h: one search cluster, as Kubernetes sees it
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kube-client.h"
#include "kube-store.h"

#include "deck-overview-page.h"
#include "deck-pods-page.h"

G_BEGIN_DECLS

#define DECK_TYPE_CLUSTER_PAGE (deck_cluster_page_get_type ())

G_DECLARE_FINAL_TYPE (DeckClusterPage, deck_cluster_page, DECK, CLUSTER_PAGE, AdwBin)

GtkWidget *deck_cluster_page_new         (void);
/* The client to reach clusters through and the kubeconfig context it is for
 * (where passwords are kept); takes effect at the next set_cluster(). */
void       deck_cluster_page_set_client  (DeckClusterPage *self,
                                          KubeClient      *client,
                                          const char      *context);
/* Shows the StatefulSet @namespace/@name of @store, and follows its changes;
 * NULL @store empties the page. */
void       deck_cluster_page_set_cluster (DeckClusterPage *self,
                                          KubeStore       *store,
                                          const char      *namespace,
                                          const char      *name);
/* Whether the cluster can be restarted now: one is shown and the Overview has reached it.
 * The property :can-restart is notified when this changes. */
gboolean   deck_cluster_page_get_can_restart (DeckClusterPage *self);
/* Opens the window of a rolling restart of the cluster shown, over @parent (transfer none:
 * it closes itself), or NULL when it cannot be restarted now. */
GtkWidget *deck_cluster_page_open_restart    (DeckClusterPage *self,
                                              GtkWindow       *parent);
/* The views, for the window's view switcher; and the Overview and Pods, for tests. */
AdwViewStack     *deck_cluster_page_get_views    (DeckClusterPage *self);
DeckOverviewPage *deck_cluster_page_get_overview (DeckClusterPage *self);
DeckPodsPage     *deck_cluster_page_get_pods     (DeckClusterPage *self);

G_END_DECLS
