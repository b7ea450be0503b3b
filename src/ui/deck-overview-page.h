/* deck-overview-page.h: a search cluster at a glance, live from its REST API
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kube-client.h"
#include "kube-object.h"
#include "odfe-client.h"

G_BEGIN_DECLS

#define DECK_TYPE_OVERVIEW_PAGE (deck_overview_page_get_type ())

G_DECLARE_FINAL_TYPE (DeckOverviewPage, deck_overview_page, DECK, OVERVIEW_PAGE, AdwBin)

GtkWidget        *deck_overview_page_new                 (void);

/* Shows the search cluster @name (its StatefulSet) in @namespace, reached
 * through @client; its password is kept in the keyring under @context.  What
 * was made for the previous cluster is dropped.  NULL @client empties the
 * page.  Nothing is asked of the cluster until the page is shown. */
void              deck_overview_page_set_cluster         (DeckOverviewPage *self,
                                                          KubeClient       *client,
                                                          const char       *context,
                                                          const char       *namespace,
                                                          const char       *name);
/* The cluster's StatefulSet as the store has it now, for the Kubernetes
 * facts (image, pods, manager, age); NULL when unknown. */
void              deck_overview_page_set_statefulset     (DeckOverviewPage *self,
                                                          KubeObject       *statefulset);
/* Fills the certificate card from a node certificate in PEM (@length -1:
 * NUL-terminated), as read from the cluster's TLS Secret. */
void              deck_overview_page_show_certificate    (DeckOverviewPage *self,
                                                          const char       *pem,
                                                          gssize            length);
/* The client of the search cluster once connected, else NULL (transfer none): for the views
 * beside the Overview, which ask the same cluster.  The property :odfe-client is notified
 * when it appears, changes or goes. */
OdfeClient       *deck_overview_page_get_odfe_client     (DeckOverviewPage *self);
/* While @background is TRUE the page reaches the search cluster though it is not shown, for
 * the views beside it that need its client (the Pods page's roles, the restarts): it tries
 * until connected, and refreshes what it shows only while shown. */
void              deck_overview_page_set_background      (DeckOverviewPage *self,
                                                          gboolean          background);
/* Asks the cluster again now (Retry). */
void              deck_overview_page_refresh             (DeckOverviewPage *self);

/* What the page shows, for tests: the health (UNKNOWN while the cluster
 * cannot be reached), whether the certificate warning is up, the reason shown
 * for a failure (NULL when none) and how many rounds of requests finished. */
OdfeHealthStatus  deck_overview_page_get_health          (DeckOverviewPage *self);
gboolean          deck_overview_page_get_certificate_warning (DeckOverviewPage *self);
const char       *deck_overview_page_get_failure         (DeckOverviewPage *self);
guint             deck_overview_page_get_n_rounds        (DeckOverviewPage *self);

/* Reaches the cluster at @address (https only) instead of through a
 * port-forward, or through the port-forward again when NULL; its certificate
 * is verified with the system's CAs when @system_cas, else the cluster's. */
gboolean          deck_overview_page_set_rest_address (DeckOverviewPage  *self,
                                                       const char        *address,
                                                       gboolean           system_cas,
                                                       GError           **error);

G_END_DECLS
