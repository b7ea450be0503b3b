/* deck-cluster-page.c: one search cluster, as Kubernetes sees it
 *
 * What the StatefulSet says: the software and version its image runs, how
 * many of its pods are ready, who manages it.  The page follows the store, so
 * pods becoming ready show as they happen, and a cluster deleted elsewhere
 * turns into a status page rather than stale data.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "kube-object.h"
#include "odfe-image.h"

#include "deck-cluster-page.h"

struct _DeckClusterPage
{
  AdwBin      parent_instance;

  KubeStore  *store;
  char       *namespace;
  char       *name;
};

G_DEFINE_FINAL_TYPE (DeckClusterPage, deck_cluster_page, ADW_TYPE_BIN)

static void
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (group, row);
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

static GtkWidget *
build_details_page (KubeObject *set)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  g_autofree char *software = odfe_image_describe (kube_object_get_image (set));
  g_autofree char *pods = NULL;
  g_autofree char *created = NULL;
  const char *managed_by;
  GDateTime *timestamp;

  adw_preferences_group_set_title (group, _("Cluster"));
  adw_preferences_page_add (page, group);

  add_row (group, _("Software"), software);
  add_row (group, _("Image"),
           kube_object_get_image (set) != NULL ? kube_object_get_image (set) : _("None"));

  pods = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u pod ready",
                                       "%u of %u pods ready",
                                       kube_object_get_replicas (set)),
                          kube_object_get_ready_replicas (set),
                          kube_object_get_replicas (set));
  add_row (group, _("Pods"), pods);

  managed_by = kube_object_get_label (set, "app.kubernetes.io/managed-by");
  if (g_strcmp0 (managed_by, "searchdeck") == 0)
    add_row (group, _("Managed By"), _("Searchdeck"));
  else if (managed_by != NULL)
    add_row (group, _("Managed By"), managed_by);
  else
    add_row (group, _("Managed By"), _("Unknown: made by another tool or by hand"));

  timestamp = kube_object_get_creation_timestamp (set);
  if (timestamp != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (timestamp);

      created = g_date_time_format (local, "%x %X");
      add_row (group, _("Created"), created);
    }

  return GTK_WIDGET (page);
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
    adw_bin_set_child (ADW_BIN (self), build_gone_page (self));
  else if (set != NULL)
    adw_bin_set_child (ADW_BIN (self), build_details_page (set));
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

  refresh (self);
}

static void
deck_cluster_page_dispose (GObject *object)
{
  DeckClusterPage *self = DECK_CLUSTER_PAGE (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (deck_cluster_page_parent_class)->dispose (object);
}

static void
deck_cluster_page_finalize (GObject *object)
{
  DeckClusterPage *self = DECK_CLUSTER_PAGE (object);

  g_free (self->namespace);
  g_free (self->name);

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
}

GtkWidget *
deck_cluster_page_new (void)
{
  return g_object_new (DECK_TYPE_CLUSTER_PAGE, NULL);
}
