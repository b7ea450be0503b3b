/* deck-create-where.c: the New Cluster assistant's first step, where the cluster goes
 *
 * The step offers the kubeconfig's contexts (the current one first chosen) and, in the
 * chosen one's Kubernetes cluster, a namespace: a new one, named after the search cluster
 * until the user types a name of their own, or an existing one.  Existing namespaces are
 * listed with the search clusters they hold, found the way the sidebar finds them (an
 * Open Distro or OpenSearch image, or Searchdeck's labels); one that holds a cluster is
 * shown but cannot be chosen, and says why.  When the user may not list namespaces across
 * the cluster, the context's own namespace is offered, and the preflight has the last word.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "kube-error.h"
#include "kube-object.h"
#include "odfe-image.h"

#include "deck-create-where.h"

struct _DeckCreateWhere
{
  AdwBin           parent_instance;

  AdwComboRow     *context_row;
  GtkCheckButton  *new_check;
  GtkCheckButton  *existing_check;
  AdwEntryRow     *namespace_entry;
  GtkLabel        *message_label;
  GtkLabel        *existing_message;
  AdwPreferencesGroup *existing_group;
  GtkListBox      *existing_list;
  GtkWidget       *listing_box;
  GtkSpinner      *listing_spinner;
  GtkLabel        *listing_label;

  KubeConfig      *config;
  GtkStringList   *context_names;
  KubeClient      *client;
  GError          *client_error;
  GCancellable    *cancellable;

  /* Namespace → the name of a search cluster in it (or "" when it holds none). */
  GHashTable      *namespaces;
  /* Namespace → why it cannot be chosen, for those that hold a cluster. */
  GHashTable      *reasons;
  gboolean         namespaces_known;
  /* Said under the list once it is complete: why it may be partial. */
  char            *listing_note;
  /* The check button of the first existing row, which the others join. */
  GtkCheckButton  *existing_group_leader;
  char            *chosen_existing;

  char            *cluster_name;
  /* Set once the user has typed a namespace name of their own. */
  gboolean         namespace_edited;
  /* Set while the entry is changed by the code, not the user. */
  gboolean         setting_namespace;

  char            *message;
  gboolean         valid;
};

G_DEFINE_FINAL_TYPE (DeckCreateWhere, deck_create_where, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_VALID,
  PROP_NAMESPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_validity (DeckCreateWhere *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const char *name = deck_create_where_get_namespace (self);
  gboolean create;

  if (self->client_error != NULL)
    message = g_strdup_printf (_("The Kubernetes cluster of “%s” cannot be used: %s"),
                               deck_create_where_get_context (self),
                               self->client_error->message);
  else if (self->client == NULL)
    message = g_strdup (_("Choose a context."));
  else if (deck_create_where_get_create_namespace (self))
    {
      const char *holder;

      if (!odfe_validate_namespace (name, &error))
        message = g_strdup (error->message);
      else if ((holder = g_hash_table_lookup (self->namespaces, name)) != NULL)
        {
          if (*holder != '\0')
            message = g_strdup_printf (_("The namespace “%s” exists and holds the search "
                                         "cluster “%s”: type another name."), name, holder);
          else
            message = g_strdup_printf (_("The namespace “%s” exists already: choose it below "
                                         "as an existing namespace, or type another name."),
                                       name);
        }
    }
  else if (name == NULL)
    message = g_strdup (_("Choose one of the existing namespaces below."));
  else if (deck_create_where_get_namespace_reason (self, name) != NULL)
    message = g_strdup (deck_create_where_get_namespace_reason (self, name));

  g_free (self->message);
  self->message = g_steal_pointer (&message);

  /* Under the new namespace's name, or under the list of existing ones. */
  create = deck_create_where_get_create_namespace (self);
  gtk_label_set_text (self->message_label, self->message != NULL ? self->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), self->message != NULL && create);
  gtk_label_set_text (self->existing_message, self->message != NULL ? self->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->existing_message),
                          self->message != NULL && !create);
  if (self->message != NULL && create)
    gtk_widget_add_css_class (GTK_WIDGET (self->namespace_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->namespace_entry), "error");

  if (self->valid != (self->message == NULL))
    {
      self->valid = self->message == NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAMESPACE]);
}

static void
on_existing_toggled (DeckCreateWhere *self,
                     GtkCheckButton  *check)
{
  if (!gtk_check_button_get_active (check))
    return;

  g_free (self->chosen_existing);
  self->chosen_existing = g_strdup (g_object_get_data (G_OBJECT (check), "namespace"));

  /* Choosing a namespace in the list means using an existing one. */
  gtk_check_button_set_active (self->existing_check, TRUE);
  update_validity (self);
}

static void
clear_existing_rows (DeckCreateWhere *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->existing_list))) != NULL)
    gtk_list_box_remove (self->existing_list, child);
  self->existing_group_leader = NULL;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
rebuild_existing_rows (DeckCreateWhere *self)
{
  g_autofree const char **names = NULL;
  guint n_names = 0;
  gboolean chosen_found = FALSE;

  clear_existing_rows (self);

  names = (const char **) g_hash_table_get_keys_as_array (self->namespaces, &n_names);
  qsort (names, n_names, sizeof (char *), compare_strings);

  for (guint i = 0; i < n_names; i++)
    {
      const char *reason = deck_create_where_get_namespace_reason (self, names[i]);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), names[i]);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      if (reason != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), reason);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (check), "namespace", g_strdup (names[i]), g_free);
      if (self->existing_group_leader == NULL)
        self->existing_group_leader = GTK_CHECK_BUTTON (check);
      else
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), self->existing_group_leader);
      if (reason == NULL && g_strcmp0 (names[i], self->chosen_existing) == 0)
        {
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
          chosen_found = TRUE;
        }
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_existing_toggled), self,
                               G_CONNECT_SWAPPED);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_widget_set_sensitive (row, reason == NULL);
      gtk_list_box_append (self->existing_list, row);
    }

  if (!chosen_found)
    g_clear_pointer (&self->chosen_existing, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->existing_list), n_names > 0);
}

static void
show_listing (DeckCreateWhere *self,
              const char      *text,
              gboolean         busy)
{
  gtk_widget_set_visible (self->listing_box, text != NULL);
  gtk_label_set_text (self->listing_label, text != NULL ? text : "");
  gtk_spinner_set_spinning (self->listing_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->listing_spinner), busy);
}

static gboolean
is_search_cluster (KubeObject *statefulset)
{
  return odfe_image_is_search (kube_object_get_image (statefulset))
         || g_strcmp0 (kube_object_get_label (statefulset, "app.kubernetes.io/managed-by"),
                       "searchdeck") == 0;
}

/* Marks each namespace that holds a search cluster with the cluster's name. */
static void
mark_clusters (DeckCreateWhere *self,
               KubeList        *statefulsets)
{
  const KubeResourceType *type = kube_resource_type_get (KUBE_RESOURCE_STATEFULSETS);

  for (guint i = 0; i < statefulsets->items->len; i++)
    {
      g_autoptr(KubeObject) set = kube_object_new_from_json (type,
                                                             statefulsets->items->pdata[i]);
      const char *instance;
      const char *holder;

      if (set == NULL || !is_search_cluster (set))
        continue;

      holder = g_hash_table_lookup (self->namespaces, kube_object_get_namespace (set));
      if (holder != NULL && *holder != '\0')
        continue;

      /* Searchdeck's clusters are named by their instance label; others by the set. */
      instance = kube_object_get_label (set, "app.kubernetes.io/instance");
      if (instance == NULL)
        instance = kube_object_get_name (set);
      g_hash_table_insert (self->namespaces, g_strdup (kube_object_get_namespace (set)),
                           g_strdup (instance));
      g_hash_table_insert (self->reasons, g_strdup (kube_object_get_namespace (set)),
                           g_strdup_printf (_("Holds the search cluster “%s”"), instance));
    }
}

static void
finish_listing (DeckCreateWhere *self,
                const char      *note)
{
  self->namespaces_known = TRUE;
  show_listing (self, note != NULL ? note : self->listing_note, FALSE);
  rebuild_existing_rows (self);
  update_validity (self);
  /* Whether a namespace exists is known now: the assistant may pick a free default name. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAMESPACE]);
}

static void
statefulsets_listed (GObject      *source_object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DeckCreateWhere) self = user_data;
  g_autoptr(KubeList) list = NULL;
  g_autoptr(GError) error = NULL;

  list = kube_client_list_finish (KUBE_CLIENT (source_object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (list != NULL)
    {
      mark_clusters (self, list);
      finish_listing (self, NULL);
    }
  else
    {
      g_autofree char *note = NULL;

      g_debug ("The StatefulSets could not be listed: %s", error->message);
      note = g_strdup_printf (_("Which namespaces hold a search cluster could not be found "
                                "out (%s); the checks before creation look again."),
                              error->message);
      finish_listing (self, note);
    }
}

static void
list_statefulsets (DeckCreateWhere *self,
                   const char      *namespace)
{
  kube_client_list_all_async (self->client,
                              kube_resource_type_get (KUBE_RESOURCE_STATEFULSETS),
                              namespace, NULL, self->cancellable,
                              statefulsets_listed, g_object_ref (self));
}

static void
namespaces_listed (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DeckCreateWhere) self = user_data;
  g_autoptr(KubeList) list = NULL;
  g_autoptr(GError) error = NULL;
  const char *own = deck_create_where_get_context_namespace (self);

  list = kube_client_list_finish (KUBE_CLIENT (source_object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (list != NULL)
    {
      for (guint i = 0; i < list->items->len; i++)
        {
          JsonObject *object = json_node_get_object (list->items->pdata[i]);
          JsonObject *metadata = json_object_get_object_member (object, "metadata");
          const char *name = metadata != NULL
            ? json_object_get_string_member_with_default (metadata, "name", NULL) : NULL;

          if (name != NULL)
            g_hash_table_insert (self->namespaces, g_strdup (name), g_strdup (""));
        }
      list_statefulsets (self, NULL);
      return;
    }

  /* Without the right to list namespaces, offer the context's own; the checks before
   * creation find out whether a new one may be made. */
  g_debug ("The namespaces could not be listed: %s", error->message);
  g_hash_table_insert (self->namespaces, g_strdup (own), g_strdup (""));
  g_free (self->listing_note);
  if (g_error_matches (error, KUBE_ERROR, KUBE_ERROR_FORBIDDEN))
    self->listing_note = g_strdup (_("You may not list the namespaces here; only the "
                                     "context’s own is offered."));
  else
    self->listing_note = g_strdup_printf (_("The namespaces could not be listed (%s); only "
                                            "the context’s own is offered."), error->message);
  list_statefulsets (self, own);
}

static void
start_listing (DeckCreateWhere *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_hash_table_remove_all (self->namespaces);
  g_hash_table_remove_all (self->reasons);
  self->namespaces_known = FALSE;
  g_clear_pointer (&self->listing_note, g_free);
  clear_existing_rows (self);
  gtk_widget_set_visible (GTK_WIDGET (self->existing_list), FALSE);

  if (self->client == NULL)
    {
      show_listing (self, self->client_error != NULL ? self->client_error->message : NULL,
                    FALSE);
      return;
    }

  self->cancellable = g_cancellable_new ();
  show_listing (self, _("Looking for the namespaces…"), TRUE);
  kube_client_list_all_async (self->client, kube_resource_type_get (KUBE_RESOURCE_NAMESPACES),
                              NULL, NULL, self->cancellable, namespaces_listed,
                              g_object_ref (self));
}

static void
on_mode_toggled (DeckCreateWhere *self)
{
  gboolean create = gtk_check_button_get_active (self->new_check);

  gtk_widget_set_sensitive (GTK_WIDGET (self->namespace_entry), create);
  update_validity (self);
}

static void
on_namespace_changed (DeckCreateWhere *self)
{
  if (!self->setting_namespace)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->namespace_entry));

      /* Emptied: follow the cluster's name again. */
      self->namespace_edited = *text != '\0';
    }
  update_validity (self);
}

static void
on_context_selected (DeckCreateWhere *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

void
deck_create_where_set_config (DeckCreateWhere *self,
                              KubeConfig      *config,
                              const char      *context)
{
  GPtrArray *contexts;
  guint chosen = 0;

  g_return_if_fail (DECK_IS_CREATE_WHERE (self));
  g_return_if_fail (KUBE_IS_CONFIG (config));

  g_set_object (&self->config, config);
  if (context == NULL)
    context = kube_config_get_current_context (config);

  contexts = kube_config_get_contexts (config);
  g_clear_object (&self->context_names);
  self->context_names = gtk_string_list_new (NULL);
  for (guint i = 0; i < contexts->len; i++)
    {
      KubeContext *ctx = g_ptr_array_index (contexts, i);

      gtk_string_list_append (self->context_names, ctx->name);
      if (g_strcmp0 (ctx->name, context) == 0)
        chosen = i;
    }

  g_signal_handlers_block_by_func (self->context_row, on_context_selected, self);
  adw_combo_row_set_model (self->context_row, G_LIST_MODEL (self->context_names));
  adw_combo_row_set_selected (self->context_row, chosen);
  g_signal_handlers_unblock_by_func (self->context_row, on_context_selected, self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

const char *
deck_create_where_get_context (DeckCreateWhere *self)
{
  guint selected;

  g_return_val_if_fail (DECK_IS_CREATE_WHERE (self), NULL);

  if (self->context_names == NULL)
    return NULL;

  selected = adw_combo_row_get_selected (self->context_row);
  if (selected == GTK_INVALID_LIST_POSITION)
    return NULL;

  return gtk_string_list_get_string (self->context_names, selected);
}

const char *
deck_create_where_get_context_namespace (DeckCreateWhere *self)
{
  KubeContext *context;

  g_return_val_if_fail (DECK_IS_CREATE_WHERE (self), NULL);

  context = self->config != NULL
    ? kube_config_lookup_context (self->config, deck_create_where_get_context (self)) : NULL;

  return context != NULL && context->namespace != NULL ? context->namespace : "default";
}

void
deck_create_where_set_client (DeckCreateWhere *self,
                              KubeClient      *client,
                              const GError    *error)
{
  g_return_if_fail (DECK_IS_CREATE_WHERE (self));
  g_return_if_fail (client == NULL || KUBE_IS_CLIENT (client));

  g_set_object (&self->client, client);
  g_clear_error (&self->client_error);
  if (error != NULL)
    self->client_error = g_error_copy (error);

  start_listing (self);
  update_validity (self);
}

void
deck_create_where_set_cluster_name (DeckCreateWhere *self,
                                    const char      *name)
{
  g_return_if_fail (DECK_IS_CREATE_WHERE (self));

  g_free (self->cluster_name);
  self->cluster_name = g_strdup (name);

  if (!self->namespace_edited)
    {
      self->setting_namespace = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->namespace_entry), name != NULL ? name : "");
      self->setting_namespace = FALSE;
    }
  update_validity (self);
}

gboolean
deck_create_where_get_namespaces_known (DeckCreateWhere *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_WHERE (self), FALSE);

  return self->namespaces_known;
}

gboolean
deck_create_where_namespace_exists (DeckCreateWhere *self,
                                    const char      *name)
{
  g_return_val_if_fail (DECK_IS_CREATE_WHERE (self), FALSE);

  return name != NULL && g_hash_table_contains (self->namespaces, name);
}

const char *
deck_create_where_get_namespace (DeckCreateWhere *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_WHERE (self), NULL);

  if (deck_create_where_get_create_namespace (self))
    return gtk_editable_get_text (GTK_EDITABLE (self->namespace_entry));

  return self->chosen_existing;
}

gboolean
deck_create_where_get_create_namespace (DeckCreateWhere *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_WHERE (self), FALSE);

  return gtk_check_button_get_active (self->new_check);
}

gboolean
deck_create_where_choose_existing (DeckCreateWhere *self,
                                   const char      *existing)
{
  g_return_val_if_fail (DECK_IS_CREATE_WHERE (self), FALSE);

  if (existing == NULL)
    {
      gtk_check_button_set_active (self->new_check, TRUE);
      return TRUE;
    }

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->existing_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));

      if (g_strcmp0 (g_object_get_data (G_OBJECT (check), "namespace"), existing) == 0)
        {
          if (!gtk_widget_get_sensitive (row))
            return FALSE;
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
          /* Already the active one: toggled is not emitted again. */
          gtk_check_button_set_active (self->existing_check, TRUE);
          return TRUE;
        }
    }

  return FALSE;
}

void
deck_create_where_set_new_namespace (DeckCreateWhere *self,
                                     const char      *name)
{
  g_return_if_fail (DECK_IS_CREATE_WHERE (self));

  gtk_check_button_set_active (self->new_check, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->namespace_entry), name);
}

gboolean
deck_create_where_get_valid (DeckCreateWhere *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_WHERE (self), FALSE);

  return self->valid;
}

const char *
deck_create_where_get_message (DeckCreateWhere *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_WHERE (self), NULL);

  return self->message;
}

const char *
deck_create_where_get_namespace_reason (DeckCreateWhere *self,
                                        const char      *name)
{
  g_return_val_if_fail (DECK_IS_CREATE_WHERE (self), NULL);

  return name != NULL ? g_hash_table_lookup (self->reasons, name) : NULL;
}

void
deck_create_where_apply (DeckCreateWhere *self,
                         OdfeClusterSpec *spec)
{
  g_return_if_fail (DECK_IS_CREATE_WHERE (self));
  g_return_if_fail (spec != NULL);

  g_free (spec->namespace);
  spec->namespace = g_strdup (deck_create_where_get_namespace (self));
  spec->create_namespace = deck_create_where_get_create_namespace (self);
}

static void
deck_create_where_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DeckCreateWhere *self = DECK_CREATE_WHERE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_string (value, deck_create_where_get_context (self));
      break;
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    case PROP_NAMESPACE:
      g_value_set_string (value, deck_create_where_get_namespace (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_create_where_dispose (GObject *object)
{
  DeckCreateWhere *self = DECK_CREATE_WHERE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->config);

  gtk_widget_dispose_template (GTK_WIDGET (self), DECK_TYPE_CREATE_WHERE);

  G_OBJECT_CLASS (deck_create_where_parent_class)->dispose (object);
}

static void
deck_create_where_finalize (GObject *object)
{
  DeckCreateWhere *self = DECK_CREATE_WHERE (object);

  g_clear_object (&self->context_names);
  g_clear_error (&self->client_error);
  g_clear_pointer (&self->namespaces, g_hash_table_unref);
  g_clear_pointer (&self->reasons, g_hash_table_unref);
  g_free (self->chosen_existing);
  g_free (self->listing_note);
  g_free (self->cluster_name);
  g_free (self->message);

  G_OBJECT_CLASS (deck_create_where_parent_class)->finalize (object);
}

static void
deck_create_where_class_init (DeckCreateWhereClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = deck_create_where_get_property;
  object_class->dispose = deck_create_where_dispose;
  object_class->finalize = deck_create_where_finalize;

  properties[PROP_CONTEXT] =
    g_param_spec_string ("context", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAMESPACE] =
    g_param_spec_string ("namespace", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/deck-create-where.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckCreateWhere, context_row);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateWhere, new_check);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateWhere, existing_check);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateWhere, namespace_entry);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateWhere, message_label);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateWhere, existing_message);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateWhere, existing_group);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateWhere, existing_list);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateWhere, listing_box);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateWhere, listing_spinner);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateWhere, listing_label);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_namespace_changed);
}

static void
deck_create_where_init (DeckCreateWhere *self)
{
  self->namespaces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->reasons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->context_row, "notify::selected",
                           G_CALLBACK (on_context_selected), self, G_CONNECT_SWAPPED);
  gtk_widget_set_visible (GTK_WIDGET (self->existing_list), FALSE);
  show_listing (self, NULL, FALSE);
  update_validity (self);
}
