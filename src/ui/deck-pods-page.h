/* deck-pods-page.h: the pods of one search cluster, live, in a sortable table
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kube-client.h"

#include "deck-overview-page.h"

G_BEGIN_DECLS

#define DECK_TYPE_PODS_PAGE (deck_pods_page_get_type ())

G_DECLARE_FINAL_TYPE (DeckPodsPage, deck_pods_page, DECK, PODS_PAGE, AdwBin)

GtkWidget     *deck_pods_page_new             (void);

/* Shows the pods of the StatefulSet @namespace/@name (those its selector picks), reached
 * through @client; NULL @client empties the page.  Nothing is asked until the page is
 * shown. */
void           deck_pods_page_set_cluster     (DeckPodsPage     *self,
                                               KubeClient       *client,
                                               const char       *namespace,
                                               const char       *name);
/* The Overview of the same cluster, whose connection to the search cluster the page
 * borrows for the nodes' roles and the restart check.  Not kept alive by the page. */
void           deck_pods_page_set_overview    (DeckPodsPage     *self,
                                               DeckOverviewPage *overview);

/* For tests: the pods as the table shows them (KubeObjects, filtered and sorted), a column
 * by its id ("name", "status", "ready", "restarts", "age", "node", "ip", "roles"),
 * the filter's text, the restart dialog open now (or NULL) and the text of the
 * last toast. */
GListModel          *deck_pods_page_get_model          (DeckPodsPage *self);
GtkColumnView       *deck_pods_page_get_column_view    (DeckPodsPage *self);
GtkColumnViewColumn *deck_pods_page_get_column         (DeckPodsPage *self,
                                                        const char   *id);
void                 deck_pods_page_set_filter_text    (DeckPodsPage *self,
                                                        const char   *text);
GtkWindow           *deck_pods_page_get_restart_dialog (DeckPodsPage *self);
const char          *deck_pods_page_get_last_toast     (DeckPodsPage *self);

G_END_DECLS
