/* deck-create-cluster.h: the New Cluster assistant's second step, the cluster itself
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "odfe-spec.h"

G_BEGIN_DECLS

#define DECK_TYPE_CREATE_CLUSTER (deck_create_cluster_get_type ())

G_DECLARE_FINAL_TYPE (DeckCreateCluster, deck_create_cluster, DECK, CREATE_CLUSTER, AdwBin)

/* The name typed; the :name property follows it. */
const char  *deck_create_cluster_get_name          (DeckCreateCluster *self);
void         deck_create_cluster_set_name          (DeckCreateCluster *self,
                                                    const char        *name);
/* Proposes @name, unless the user has typed a name of their own. */
void         deck_create_cluster_propose_name      (DeckCreateCluster *self,
                                                    const char        *name);
gboolean     deck_create_cluster_get_name_edited   (DeckCreateCluster *self);

void         deck_create_cluster_set_node_count    (DeckCreateCluster *self,
                                                    guint              count);
void         deck_create_cluster_set_dedicated_masters (DeckCreateCluster *self,
                                                    gboolean           dedicated);
/* The versions offered for the flavour chosen, newest first, and the one chosen. */
GListModel  *deck_create_cluster_get_versions      (DeckCreateCluster *self);
const char  *deck_create_cluster_get_version       (DeckCreateCluster *self);

/* Whether Next may leave the step, the sentence under the name when not, and the warning
 * under the node count (NULL when there is none). */
gboolean     deck_create_cluster_get_valid         (DeckCreateCluster *self);
const char  *deck_create_cluster_get_message       (DeckCreateCluster *self);
const char  *deck_create_cluster_get_count_warning (DeckCreateCluster *self);

void         deck_create_cluster_apply             (DeckCreateCluster *self,
                                                    OdfeClusterSpec   *spec);

G_END_DECLS
