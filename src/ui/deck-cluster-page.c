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
#include "deck-config-page.h"
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
  DeckConfigPage   *config;

  gboolean          can_restart;
};

G_DEFINE_FINAL_TYPE (DeckClusterPage, deck_cluster_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_CAN_RESTART,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* :can-restart follows what it depends on: the cluster shown, and the Overview's client. */
static void
update_can_restart (DeckClusterPage *self)
{
  gboolean can_restart = self->store != NULL && self->client != NULL
                         && adw_bin_get_child (ADW_BIN (self)) == GTK_WIDGET (self->views)
                         && deck_overview_page_get_odfe_client (self->overview) != NULL;

  if (can_restart == self->can_restart)
    return;

  self->can_restart = can_restart;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_RESTART]);
}

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
show_cluster (DeckClusterPage *self)
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

static void
refresh (DeckClusterPage *self)
{
  show_cluster (self);
  update_can_restart (self);
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
  deck_config_page_set_cluster (self->config, store != NULL ? self->client : NULL, self->context,
                                namespace, name);
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
  update_can_restart (self);
}

gboolean
deck_cluster_page_get_can_restart (DeckClusterPage *self)
{
  g_return_val_if_fail (DECK_IS_CLUSTER_PAGE (self), FALSE);

  return self->can_restart;
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

/* The Configuration page's bar after a save of static settings. */
static gboolean
on_restart_requested (DeckClusterPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return deck_cluster_page_open_restart (self, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL)
         != NULL;
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
deck_cluster_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DeckClusterPage *self = DECK_CLUSTER_PAGE (object);

  switch (prop_id)
    {
    case PROP_CAN_RESTART:
      g_value_set_boolean (value, self->can_restart);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Whichever view shows, the search cluster is reached while the page is: the Pods view's
 * roles and the restarts need the Overview's client. */
static void
deck_cluster_page_map (GtkWidget *widget)
{
  DeckClusterPage *self = DECK_CLUSTER_PAGE (widget);

  GTK_WIDGET_CLASS (deck_cluster_page_parent_class)->map (widget);

  deck_overview_page_set_background (self->overview, TRUE);
}

static void
deck_cluster_page_unmap (GtkWidget *widget)
{
  DeckClusterPage *self = DECK_CLUSTER_PAGE (widget);

  deck_overview_page_set_background (self->overview, FALSE);

  GTK_WIDGET_CLASS (deck_cluster_page_parent_class)->unmap (widget);
}

static void
deck_cluster_page_class_init (DeckClusterPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = deck_cluster_page_dispose;
  object_class->finalize = deck_cluster_page_finalize;
  object_class->get_property = deck_cluster_page_get_property;
  widget_class->map = deck_cluster_page_map;
  widget_class->unmap = deck_cluster_page_unmap;

  properties[PROP_CAN_RESTART] =
    g_param_spec_boolean ("can-restart", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
deck_cluster_page_init (DeckClusterPage *self)
{
  AdwViewStackPage *page;

  self->views = ADW_VIEW_STACK (g_object_ref_sink (adw_view_stack_new ()));
  self->overview = DECK_OVERVIEW_PAGE (deck_overview_page_new ());
  g_signal_connect_object (self->overview, "notify::odfe-client",
                           G_CALLBACK (update_can_restart), self, G_CONNECT_SWAPPED);
  page = adw_view_stack_add_titled (self->views, GTK_WIDGET (self->overview), "overview",
                                    _("Overview"));
  adw_view_stack_page_set_icon_name (page, "view-grid-symbolic");

  self->pods = DECK_PODS_PAGE (deck_pods_page_new ());
  deck_pods_page_set_overview (self->pods, self->overview);
  page = adw_view_stack_add_titled (self->views, GTK_WIDGET (self->pods), "pods", _("Pods"));
  adw_view_stack_page_set_icon_name (page, "view-list-symbolic");

  self->config = DECK_CONFIG_PAGE (deck_config_page_new ());
  g_signal_connect_object (self->config, "restart-requested", G_CALLBACK (on_restart_requested),
                           self, G_CONNECT_SWAPPED);
  page = adw_view_stack_add_titled (self->views, GTK_WIDGET (self->config), "configuration",
                                    _("Configuration"));
  adw_view_stack_page_set_icon_name (page, "document-edit-symbolic");
}

GtkWidget *
deck_cluster_page_new (void)
{
  return g_object_new (DECK_TYPE_CLUSTER_PAGE, NULL);
}
