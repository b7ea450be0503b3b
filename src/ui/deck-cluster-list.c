/* deck-cluster-list.c: the sidebar's namespaces and the search clusters in them
 *
 * Two live lists back it, both list-then-watch stores: the namespaces, and the
 * StatefulSets of every namespace.  A StatefulSet is a search cluster when it
 * runs an Open Distro or OpenSearch image, or carries the labels Searchdeck
 * puts on what it creates, so clusters made by the Helm chart or by hand show
 * too.  A cluster created or deleted with kubectl appears or disappears as the
 * watch reports it.
 *
 * Many users may not list across the whole cluster.  When the server forbids
 * it, the list falls back to the context's own namespace, and says so.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "kube-error.h"
#include "kube-object.h"
#include "odfe-image.h"

#include "deck-cluster-list.h"

struct _DeckClusterList
{
  GtkBox       parent_instance;

  GtkLabel    *heading;
  GtkListBox  *list;
  GtkLabel    *note;
  /* Shown once the StatefulSets are listed and none is a search cluster. */
  GtkWidget   *empty;

  KubeClient  *client;
  char        *default_namespace;
  KubeStore   *namespaces;
  KubeStore   *statefulsets;
  /* Set when the server refused a cluster-wide list. */
  gboolean     namespaced_only;

  char        *selected_key;
  /* A cluster to select as soon as it is listed (one just created, say). */
  char        *pending_key;
  gboolean     rebuilding;
  guint        n_clusters;
  guint        n_namespaces;
};

G_DEFINE_FINAL_TYPE (DeckClusterList, deck_cluster_list, GTK_TYPE_BOX)

enum {
  CLUSTER_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void rebuild (DeckClusterList *self);

static GtkWidget *
namespace_row_new (const char *namespace,
                   guint       n_clusters)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name ("folder-symbolic");
  GtkWidget *label = gtk_label_new (namespace);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "namespace-row");

  gtk_widget_add_css_class (icon, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);

  if (n_clusters > 0)
    {
      g_autofree char *count = g_strdup_printf ("%u", n_clusters);
      GtkWidget *badge = gtk_label_new (count);

      gtk_widget_add_css_class (badge, "dim-label");
      gtk_widget_add_css_class (badge, "numeric");
      /* Translators: the tooltip of a namespace's count of search clusters. */
      gtk_widget_set_tooltip_text (badge, g_dngettext (GETTEXT_PACKAGE, "%u search cluster",
                                                       "%u search clusters", n_clusters));
      gtk_box_append (GTK_BOX (box), badge);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  return row;
}

static char *
describe_cluster (KubeObject *statefulset)
{
  g_autofree char *flavour = odfe_image_describe (kube_object_get_image (statefulset));
  guint ready = kube_object_get_ready_replicas (statefulset);
  guint wanted = kube_object_get_replicas (statefulset);

  /* Translators: a search cluster's software, then how many of its pods are
   * ready out of how many, e.g. "Open Distro 1.13.3 · 2/3 ready". */
  return g_strdup_printf (_("%s · %u/%u ready"), flavour, ready, wanted);
}

static GtkWidget *
cluster_row_new (KubeObject *statefulset)
{
  g_autofree char *subtitle = describe_cluster (statefulset);
  gboolean healthy;
  GtkWidget *row;
  GtkWidget *icon;

  row = g_object_new (ADW_TYPE_ACTION_ROW,
                      "title", kube_object_get_name (statefulset),
                      "subtitle", subtitle,
                      "use-markup", FALSE,
                      "title-lines", 1,
                      "subtitle-lines", 1,
                      NULL);
  g_object_set_data_full (G_OBJECT (row), "cluster-key",
                          g_strdup (kube_object_get_key (statefulset)), g_free);

  healthy = kube_object_get_replicas (statefulset) > 0
            && (kube_object_get_ready_replicas (statefulset)
                >= kube_object_get_replicas (statefulset));
  icon = gtk_image_new_from_icon_name (healthy ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, healthy ? "success" : "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  healthy ? _("All pods ready") : _("Some pods are not ready"),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  return row;
}

static gboolean
is_search_cluster (KubeObject *statefulset)
{
  return odfe_image_is_search (kube_object_get_image (statefulset))
         || g_strcmp0 (kube_object_get_label (statefulset, "app.kubernetes.io/managed-by"),
                       "searchdeck") == 0;
}

static void
clear_rows (DeckClusterList *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static GtkListBoxRow *
find_cluster_row (DeckClusterList *self,
                  const char      *key)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (g_strcmp0 (g_object_get_data (G_OBJECT (child), "cluster-key"), key) == 0)
        return GTK_LIST_BOX_ROW (child);
    }

  return NULL;
}

/* Selects the pending cluster once its row exists, as the user's click would. */
static void
select_pending (DeckClusterList *self)
{
  GtkListBoxRow *row;

  if (self->pending_key == NULL || (row = find_cluster_row (self, self->pending_key)) == NULL)
    return;

  g_clear_pointer (&self->pending_key, g_free);
  gtk_list_box_unselect_all (self->list);
  gtk_list_box_select_row (self->list, row);
}

/* Namespaces in the order the namespace store keeps them (by name), each
 * followed by its clusters; when namespaces cannot be listed, those that
 * hold clusters. */
static void
rebuild (DeckClusterList *self)
{
  g_autoptr(GHashTable) clusters = NULL;
  g_autoptr(GPtrArray) namespace_names = NULL;
  GtkListBoxRow *selected = NULL;
  GListModel *sets;

  self->rebuilding = TRUE;
  clear_rows (self);
  self->n_clusters = 0;
  self->n_namespaces = 0;

  if (self->statefulsets == NULL)
    {
      self->rebuilding = FALSE;
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }

  /* namespace → GPtrArray of its search clusters, in the store's order */
  clusters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                    (GDestroyNotify) g_ptr_array_unref);
  sets = G_LIST_MODEL (self->statefulsets);
  for (guint i = 0; i < g_list_model_get_n_items (sets); i++)
    {
      g_autoptr(KubeObject) set = g_list_model_get_item (sets, i);
      GPtrArray *list;

      if (!is_search_cluster (set))
        continue;

      list = g_hash_table_lookup (clusters, kube_object_get_namespace (set));
      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func (g_object_unref);
          g_hash_table_insert (clusters, g_strdup (kube_object_get_namespace (set)), list);
        }
      g_ptr_array_add (list, g_object_ref (set));
    }

  namespace_names = g_ptr_array_new_with_free_func (g_free);
  if (self->namespaces != NULL && kube_store_get_synced (self->namespaces))
    {
      GListModel *model = G_LIST_MODEL (self->namespaces);

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(KubeObject) ns = g_list_model_get_item (model, i);

          g_ptr_array_add (namespace_names, g_strdup (kube_object_get_name (ns)));
        }
    }
  else
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, clusters);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_ptr_array_add (namespace_names, g_strdup (key));
      if (self->default_namespace != NULL
          && !g_hash_table_contains (clusters, self->default_namespace))
        g_ptr_array_add (namespace_names, g_strdup (self->default_namespace));
      g_ptr_array_sort (namespace_names, compare_names);
    }

  for (guint i = 0; i < namespace_names->len; i++)
    {
      const char *namespace = g_ptr_array_index (namespace_names, i);
      GPtrArray *list = g_hash_table_lookup (clusters, namespace);

      gtk_list_box_append (self->list, namespace_row_new (namespace, list ? list->len : 0));
      self->n_namespaces++;

      for (guint j = 0; list != NULL && j < list->len; j++)
        {
          KubeObject *set = g_ptr_array_index (list, j);
          GtkWidget *row = cluster_row_new (set);

          gtk_list_box_append (self->list, row);
          self->n_clusters++;
          if (g_strcmp0 (self->selected_key, kube_object_get_key (set)) == 0)
            selected = GTK_LIST_BOX_ROW (row);
        }
    }

  gtk_list_box_select_row (self->list, selected);
  self->rebuilding = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->note), self->namespaced_only);
  gtk_widget_set_visible (self->empty, self->n_clusters == 0
                                       && kube_store_get_synced (self->statefulsets));

  select_pending (self);
}

static void
on_store_changed (DeckClusterList *self)
{
  rebuild (self);
}

static void start_stores (DeckClusterList *self);

static void
on_store_error (DeckClusterList *self,
                const GError    *error,
                KubeStore       *store)
{
  /* Without the right to list everywhere, look in the context's namespace. */
  if (g_error_matches (error, KUBE_ERROR, KUBE_ERROR_FORBIDDEN) && !self->namespaced_only)
    {
      g_debug ("Listing across namespaces is forbidden (%s); using “%s” only",
               error->message, self->default_namespace);
      self->namespaced_only = TRUE;
      start_stores (self);
      return;
    }

  g_debug ("The cluster list’s watch failed: %s", error->message);
}

static void
stop_stores (DeckClusterList *self)
{
  if (self->namespaces != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->namespaces, self);
      kube_store_stop (self->namespaces);
      g_clear_object (&self->namespaces);
    }
  if (self->statefulsets != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->statefulsets, self);
      kube_store_stop (self->statefulsets);
      g_clear_object (&self->statefulsets);
    }
}

static KubeStore *
watch (DeckClusterList *self,
       KubeResource     resource,
       const char      *namespace)
{
  KubeStore *store = kube_store_new (self->client, kube_resource_type_get (resource),
                                     namespace, NULL, NULL);

  g_signal_connect_object (store, "items-changed", G_CALLBACK (on_store_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "notify::synced", G_CALLBACK (on_store_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "error", G_CALLBACK (on_store_error), self,
                           G_CONNECT_SWAPPED);
  kube_store_start (store);

  return store;
}

static void
start_stores (DeckClusterList *self)
{
  stop_stores (self);

  if (self->client == NULL)
    return;

  if (self->namespaced_only)
    self->statefulsets = watch (self, KUBE_RESOURCE_STATEFULSETS, self->default_namespace);
  else
    {
      self->namespaces = watch (self, KUBE_RESOURCE_NAMESPACES, NULL);
      self->statefulsets = watch (self, KUBE_RESOURCE_STATEFULSETS, NULL);
    }
}

void
deck_cluster_list_set_client (DeckClusterList *self,
                              KubeClient      *client,
                              const char      *default_namespace)
{
  g_return_if_fail (DECK_IS_CLUSTER_LIST (self));
  g_return_if_fail (client == NULL || KUBE_IS_CLIENT (client));

  if (client == self->client && g_strcmp0 (default_namespace, self->default_namespace) == 0)
    return;

  g_set_object (&self->client, client);
  g_clear_pointer (&self->pending_key, g_free);
  g_free (self->default_namespace);
  self->default_namespace = g_strdup (default_namespace != NULL ? default_namespace : "default");
  self->namespaced_only = FALSE;
  g_clear_pointer (&self->selected_key, g_free);

  start_stores (self);
  rebuild (self);
}

static void
on_row_selected (DeckClusterList *self,
                 GtkListBoxRow   *row)
{
  const char *key;
  g_auto(GStrv) parts = NULL;

  if (self->rebuilding || row == NULL)
    return;

  key = g_object_get_data (G_OBJECT (row), "cluster-key");
  if (key == NULL)
    return;

  g_free (self->selected_key);
  self->selected_key = g_strdup (key);

  parts = g_strsplit (key, "/", 2);
  g_signal_emit (self, signals[CLUSTER_SELECTED], 0, parts[0], parts[1]);
}

KubeStore *
deck_cluster_list_get_store (DeckClusterList *self)
{
  g_return_val_if_fail (DECK_IS_CLUSTER_LIST (self), NULL);

  return self->statefulsets;
}

guint
deck_cluster_list_get_n_clusters (DeckClusterList *self)
{
  g_return_val_if_fail (DECK_IS_CLUSTER_LIST (self), 0);

  return self->n_clusters;
}

guint
deck_cluster_list_get_n_namespaces (DeckClusterList *self)
{
  g_return_val_if_fail (DECK_IS_CLUSTER_LIST (self), 0);

  return self->n_namespaces;
}

gboolean
deck_cluster_list_has_cluster (DeckClusterList *self,
                               const char      *namespace,
                               const char      *name)
{
  g_autofree char *key = g_strdup_printf ("%s/%s", namespace, name);

  g_return_val_if_fail (DECK_IS_CLUSTER_LIST (self), FALSE);

  return find_cluster_row (self, key) != NULL;
}

void
deck_cluster_list_select (DeckClusterList *self,
                          const char      *namespace,
                          const char      *name)
{
  g_return_if_fail (DECK_IS_CLUSTER_LIST (self));
  g_return_if_fail (namespace != NULL && name != NULL);

  g_free (self->pending_key);
  self->pending_key = g_strdup_printf ("%s/%s", namespace, name);
  select_pending (self);
}

void
deck_cluster_list_unselect (DeckClusterList *self)
{
  g_return_if_fail (DECK_IS_CLUSTER_LIST (self));

  g_clear_pointer (&self->selected_key, g_free);
  self->rebuilding = TRUE;
  gtk_list_box_unselect_all (self->list);
  self->rebuilding = FALSE;
}

static void
deck_cluster_list_dispose (GObject *object)
{
  DeckClusterList *self = DECK_CLUSTER_LIST (object);

  stop_stores (self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (deck_cluster_list_parent_class)->dispose (object);
}

static void
deck_cluster_list_finalize (GObject *object)
{
  DeckClusterList *self = DECK_CLUSTER_LIST (object);

  g_free (self->default_namespace);
  g_free (self->selected_key);
  g_free (self->pending_key);

  G_OBJECT_CLASS (deck_cluster_list_parent_class)->finalize (object);
}

static void
deck_cluster_list_class_init (DeckClusterListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = deck_cluster_list_dispose;
  object_class->finalize = deck_cluster_list_finalize;

  /**
   * DeckClusterList::cluster-selected:
   * @namespace: the cluster's namespace
   * @name: its StatefulSet's name
   */
  signals[CLUSTER_SELECTED] =
    g_signal_new ("cluster-selected",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
deck_cluster_list_init (DeckClusterList *self)
{
  GtkWidget *empty_label;
  GtkWidget *empty_button;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);

  self->heading = GTK_LABEL (gtk_label_new (_("Search Clusters")));
  gtk_label_set_xalign (self->heading, 0);
  gtk_widget_set_margin_start (GTK_WIDGET (self->heading), 18);
  gtk_widget_set_margin_top (GTK_WIDGET (self->heading), 18);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->heading), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->heading), "heading");
  gtk_widget_add_css_class (GTK_WIDGET (self->heading), "dim-label");
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->heading));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_SINGLE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Namespaces and search clusters"),
                                  -1);
  g_signal_connect_object (self->list, "row-selected", G_CALLBACK (on_row_selected), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->list));

  self->note = GTK_LABEL (gtk_label_new (_("You may not list every namespace: showing the "
                                           "context’s namespace only.")));
  gtk_label_set_wrap (self->note, TRUE);
  gtk_label_set_xalign (self->note, 0);
  gtk_widget_set_margin_start (GTK_WIDGET (self->note), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (self->note), 18);
  gtk_widget_add_css_class (GTK_WIDGET (self->note), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->note), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->note), FALSE);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->note));

  /* No search cluster anywhere: offer to create one. */
  self->empty = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (self->empty, 18);
  gtk_widget_set_margin_end (self->empty, 18);
  gtk_widget_set_margin_top (self->empty, 6);
  empty_label = gtk_label_new (_("No search clusters here yet."));
  gtk_label_set_wrap (GTK_LABEL (empty_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (empty_label), 0);
  gtk_widget_add_css_class (empty_label, "dim-label");
  gtk_box_append (GTK_BOX (self->empty), empty_label);
  empty_button = gtk_button_new_with_mnemonic (_("Create a _Cluster…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (empty_button), "win.new-cluster");
  gtk_widget_set_halign (empty_button, GTK_ALIGN_START);
  gtk_widget_add_css_class (empty_button, "pill");
  gtk_widget_add_css_class (empty_button, "suggested-action");
  gtk_box_append (GTK_BOX (self->empty), empty_button);
  gtk_widget_set_visible (self->empty, FALSE);
  gtk_box_append (GTK_BOX (self), self->empty);
}

GtkWidget *
deck_cluster_list_new (void)
{
  return g_object_new (DECK_TYPE_CLUSTER_LIST, NULL);
}
