/* deck-cluster-page.c: one search cluster, its views side by side
 *
 * The views (the Overview first) sit in an AdwViewStack that the window's
 * header switches between.  The page follows the store of StatefulSets, so
 * pods becoming ready show as they happen, and a cluster deleted elsewhere
 * turns into a status page rather than stale data.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "kube-object.h"

#include "deck-cluster-page.h"
#include "deck-overview-page.h"
#include "deck-pods-page.h"
#include "deck-restart-window.h"

struct _DeckClusterPage
{
  AdwBin      parent_instance;

  KubeStore  *store;
  char       *namespace;
  char       *name;
  KubeClient *client;
  char       *context;

  /* Kept while the gone page shows instead. */
  AdwViewStack     *views;
  DeckOverviewPage *overview;
  DeckPodsPage     *pods;
};

G_DEFINE_FINAL_TYPE (DeckClusterPage, deck_cluster_page, ADW_TYPE_BIN)

static GtkWidget *
build_gone_page (DeckClusterPage *self)
{
  GtkWidget *status = adw_status_page_new ();
  g_autofree char *description = NULL;

  description = g_strdup_printf (_("The StatefulSet “%s” no longer exists in the namespace "
                                   "“%s”. It was deleted, or renamed."),
                                 self->name, self->namespace);
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "edit-delete-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Cluster Gone"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status), description);

  return status;
}

static void
refresh (DeckClusterPage *self)
{
  g_autoptr(KubeObject) set = NULL;

  if (self->store == NULL)
    {
      adw_bin_set_child (ADW_BIN (self), NULL);
      return;
    }

  set = kube_store_lookup (self->store, self->namespace, self->name);
  if (set != NULL)
    g_object_ref (set);

  if (set == NULL && kube_store_get_synced (self->store))
    {
      adw_bin_set_child (ADW_BIN (self), build_gone_page (self));
      return;
    }

  deck_overview_page_set_statefulset (self->overview, set);
  if (set != NULL && adw_bin_get_child (ADW_BIN (self)) != GTK_WIDGET (self->views))
    adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->views));
}

void
deck_cluster_page_set_cluster (DeckClusterPage *self,
                               KubeStore       *store,
                               const char      *namespace,
                               const char      *name)
{
  g_return_if_fail (DECK_IS_CLUSTER_PAGE (self));
  g_return_if_fail (store == NULL || KUBE_IS_STORE (store));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  g_free (self->namespace);
  self->namespace = g_strdup (namespace);
  g_free (self->name);
  self->name = g_strdup (name);

  if (store != NULL)
    g_signal_connect_object (store, "items-changed", G_CALLBACK (refresh), self,
                             G_CONNECT_SWAPPED);

  deck_overview_page_set_cluster (self->overview, store != NULL ? self->client : NULL,
                                  self->context, namespace, name);
  deck_pods_page_set_cluster (self->pods, store != NULL ? self->client : NULL, namespace, name);
  refresh (self);
}

void
deck_cluster_page_set_client (DeckClusterPage *self,
                              KubeClient      *client,
                              const char      *context)
{
  g_return_if_fail (DECK_IS_CLUSTER_PAGE (self));
  g_return_if_fail (client == NULL || KUBE_IS_CLIENT (client));

  g_set_object (&self->client, client);
  g_free (self->context);
  self->context = g_strdup (context);
}

gboolean
deck_cluster_page_get_can_restart (DeckClusterPage *self)
{
  g_return_val_if_fail (DECK_IS_CLUSTER_PAGE (self), FALSE);

  return self->store != NULL && self->client != NULL
         && adw_bin_get_child (ADW_BIN (self)) == GTK_WIDGET (self->views)
         && deck_overview_page_get_odfe_client (self->overview) != NULL;
}

GtkWidget *
deck_cluster_page_open_restart (DeckClusterPage *self,
                                GtkWindow       *parent)
{
  GtkWidget *window;

  g_return_val_if_fail (DECK_IS_CLUSTER_PAGE (self), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  if (!deck_cluster_page_get_can_restart (self))
    return NULL;

  window = deck_restart_window_new (parent, self->client,
                                    deck_overview_page_get_odfe_client (self->overview),
                                    self->namespace, self->name);
  gtk_window_present (GTK_WINDOW (window));

  return window;
}

AdwViewStack *
deck_cluster_page_get_views (DeckClusterPage *self)
{
  g_return_val_if_fail (DECK_IS_CLUSTER_PAGE (self), NULL);

  return self->views;
}

DeckOverviewPage *
deck_cluster_page_get_overview (DeckClusterPage *self)
{
  g_return_val_if_fail (DECK_IS_CLUSTER_PAGE (self), NULL);

  return self->overview;
}

DeckPodsPage *
deck_cluster_page_get_pods (DeckClusterPage *self)
{
  g_return_val_if_fail (DECK_IS_CLUSTER_PAGE (self), NULL);

  return self->pods;
}

static void
deck_cluster_page_dispose (GObject *object)
{
  DeckClusterPage *self = DECK_CLUSTER_PAGE (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->client);
  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->views);

  G_OBJECT_CLASS (deck_cluster_page_parent_class)->dispose (object);
}

static void
deck_cluster_page_finalize (GObject *object)
{
  DeckClusterPage *self = DECK_CLUSTER_PAGE (object);

  g_free (self->namespace);
  g_free (self->name);
  g_free (self->context);

  G_OBJECT_CLASS (deck_cluster_page_parent_class)->finalize (object);
}

static void
deck_cluster_page_class_init (DeckClusterPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = deck_cluster_page_dispose;
  object_class->finalize = deck_cluster_page_finalize;
}

static void
deck_cluster_page_init (DeckClusterPage *self)
{
  AdwViewStackPage *page;

  self->views = ADW_VIEW_STACK (g_object_ref_sink (adw_view_stack_new ()));
  self->overview = DECK_OVERVIEW_PAGE (deck_overview_page_new ());
  page = adw_view_stack_add_titled (self->views, GTK_WIDGET (self->overview), "overview",
                                    _("Overview"));
  adw_view_stack_page_set_icon_name (page, "view-grid-symbolic");

  self->pods = DECK_PODS_PAGE (deck_pods_page_new ());
  deck_pods_page_set_overview (self->pods, self->overview);
  page = adw_view_stack_add_titled (self->views, GTK_WIDGET (self->pods), "pods", _("Pods"));
  adw_view_stack_page_set_icon_name (page, "view-list-symbolic");
}

GtkWidget *
deck_cluster_page_new (void)
{
  return g_object_new (DECK_TYPE_CLUSTER_PAGE, NULL);
}
