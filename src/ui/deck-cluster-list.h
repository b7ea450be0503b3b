/* deck-cluster-list.h: the sidebar's namespaces and the search clusters in them
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kube-client.h"
#include "kube-store.h"

G_BEGIN_DECLS

#define DECK_TYPE_CLUSTER_LIST (deck_cluster_list_get_type ())

G_DECLARE_FINAL_TYPE (DeckClusterList, deck_cluster_list, DECK, CLUSTER_LIST, GtkBox)

GtkWidget  *deck_cluster_list_new               (void);

/* Lists through @client (NULL empties the list).  @default_namespace is the
 * context's namespace, the one to fall back to when the user may not list
 * namespaces or StatefulSets across the whole cluster. */
void        deck_cluster_list_set_client        (DeckClusterList *self,
                                                 KubeClient      *client,
                                                 const char      *default_namespace);

/* The StatefulSets being watched, all of them: clusters are those that
 * deck_cluster_list_is_search_cluster() accepts. */
KubeStore  *deck_cluster_list_get_store         (DeckClusterList *self);

/* The rows shown: namespaces and clusters, for tests. */
guint       deck_cluster_list_get_n_clusters    (DeckClusterList *self);
guint       deck_cluster_list_get_n_namespaces  (DeckClusterList *self);
gboolean    deck_cluster_list_has_cluster       (DeckClusterList *self,
                                                 const char      *namespace,
                                                 const char      *name);

/* Selects the cluster @namespace/@name (emitting ::cluster-selected) now, or as soon as it
 * is listed. */
void        deck_cluster_list_select            (DeckClusterList *self,
                                                 const char      *namespace,
                                                 const char      *name);
void        deck_cluster_list_unselect          (DeckClusterList *self);

G_END_DECLS
