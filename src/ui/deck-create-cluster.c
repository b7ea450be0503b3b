/* deck-create-cluster.c: the New Cluster assistant's second step, the cluster itself
 *
 * The cluster's name is checked as it is typed (a DNS-1123 label, by the odfe layer's
 * rule), the message under the field.  The flavour and version come from the releases the
 * odfe layer knows, the newest first and chosen.  The node count steps through odd
 * numbers, since master elections need a majority; an even count may still be typed, and
 * is warned about when every node is master-eligible.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "deck-create-cluster.h"

/* The dedicated masters' count: three keep a majority with one away. */
#define DEDICATED_MASTERS 3

struct _DeckCreateCluster
{
  AdwBin          parent_instance;

  AdwEntryRow    *name_entry;
  GtkLabel       *name_message;
  AdwComboRow    *flavour_row;
  AdwComboRow    *version_row;
  GtkSpinButton  *count_spin;
  GtkCheckButton *combined_check;
  GtkCheckButton *dedicated_check;
  GtkWidget      *count_warning_box;
  GtkLabel       *count_warning;

  /* The flavours offered, in the order of flavour_row's items. */
  GArray         *flavours;
  GtkStringList  *versions;

  gboolean        name_edited;
  gboolean        setting_name;
  char           *message;
  char           *warning;
  gboolean        valid;
};

G_DEFINE_FINAL_TYPE (DeckCreateCluster, deck_create_cluster, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_NAME,
  PROP_VALID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_validity (DeckCreateCluster *self)
{
  g_autoptr(GError) error = NULL;
  gboolean valid;

  g_clear_pointer (&self->message, g_free);
  if (!odfe_validate_cluster_name (deck_create_cluster_get_name (self), &error))
    self->message = g_strdup (error->message);

  gtk_label_set_text (self->name_message, self->message != NULL ? self->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->name_message), self->message != NULL);
  if (self->message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->name_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_entry), "error");

  valid = self->message == NULL;
  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

static void
update_count_warning (DeckCreateCluster *self)
{
  guint count = gtk_spin_button_get_value_as_int (self->count_spin);

  /* With dedicated masters, the data nodes' count has no election to spoil. */
  g_clear_pointer (&self->warning, g_free);
  if (gtk_check_button_get_active (self->combined_check))
    self->warning = odfe_node_count_warning (count);

  gtk_label_set_text (self->count_warning, self->warning != NULL ? self->warning : "");
  gtk_widget_set_visible (self->count_warning_box, self->warning != NULL);
}

static void
on_name_changed (DeckCreateCluster *self)
{
  if (!self->setting_name)
    self->name_edited = TRUE;

  update_validity (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

static void
on_count_changed (DeckCreateCluster *self)
{
  update_count_warning (self);
}

static void
on_roles_toggled (DeckCreateCluster *self)
{
  update_count_warning (self);
}

static OdfeFlavour
get_flavour (DeckCreateCluster *self)
{
  guint selected = adw_combo_row_get_selected (self->flavour_row);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->flavours->len)
    return ODFE_FLAVOUR_OPEN_DISTRO;

  return g_array_index (self->flavours, OdfeFlavour, selected);
}

static void
fill_versions (DeckCreateCluster *self)
{
  const char * const *versions = odfe_cluster_versions (get_flavour (self));
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->versions));

  gtk_string_list_splice (self->versions, 0, n_old,
                          versions != NULL ? (const char * const *) versions : NULL);
  /* The newest first, and chosen. */
  adw_combo_row_set_selected (self->version_row, 0);
}

static void
on_flavour_selected (DeckCreateCluster *self)
{
  fill_versions (self);
}

const char *
deck_create_cluster_get_name (DeckCreateCluster *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_CLUSTER (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->name_entry));
}

void
deck_create_cluster_set_name (DeckCreateCluster *self,
                              const char        *name)
{
  g_return_if_fail (DECK_IS_CREATE_CLUSTER (self));

  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name);
}

void
deck_create_cluster_propose_name (DeckCreateCluster *self,
                                  const char        *name)
{
  g_return_if_fail (DECK_IS_CREATE_CLUSTER (self));

  if (self->name_edited)
    return;

  self->setting_name = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name);
  self->setting_name = FALSE;
}

gboolean
deck_create_cluster_get_name_edited (DeckCreateCluster *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_CLUSTER (self), FALSE);

  return self->name_edited;
}

void
deck_create_cluster_set_node_count (DeckCreateCluster *self,
                                    guint              count)
{
  g_return_if_fail (DECK_IS_CREATE_CLUSTER (self));

  gtk_spin_button_set_value (self->count_spin, count);
}

void
deck_create_cluster_set_dedicated_masters (DeckCreateCluster *self,
                                           gboolean           dedicated)
{
  g_return_if_fail (DECK_IS_CREATE_CLUSTER (self));

  gtk_check_button_set_active (dedicated ? self->dedicated_check : self->combined_check, TRUE);
}

GListModel *
deck_create_cluster_get_versions (DeckCreateCluster *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_CLUSTER (self), NULL);

  return G_LIST_MODEL (self->versions);
}

const char *
deck_create_cluster_get_version (DeckCreateCluster *self)
{
  guint selected;

  g_return_val_if_fail (DECK_IS_CREATE_CLUSTER (self), NULL);

  selected = adw_combo_row_get_selected (self->version_row);
  if (selected == GTK_INVALID_LIST_POSITION)
    return NULL;

  return gtk_string_list_get_string (self->versions, selected);
}

gboolean
deck_create_cluster_get_valid (DeckCreateCluster *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_CLUSTER (self), FALSE);

  return self->valid;
}

const char *
deck_create_cluster_get_message (DeckCreateCluster *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_CLUSTER (self), NULL);

  return self->message;
}

const char *
deck_create_cluster_get_count_warning (DeckCreateCluster *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_CLUSTER (self), NULL);

  return self->warning;
}

void
deck_create_cluster_apply (DeckCreateCluster *self,
                           OdfeClusterSpec   *spec)
{
  const char *version = deck_create_cluster_get_version (self);
  gboolean dedicated;

  g_return_if_fail (DECK_IS_CREATE_CLUSTER (self));
  g_return_if_fail (spec != NULL);

  g_free (spec->name);
  spec->name = g_strdup (deck_create_cluster_get_name (self));
  spec->flavour = get_flavour (self);
  if (version != NULL)
    {
      g_free (spec->version);
      spec->version = g_strdup (version);
    }
  spec->node_count = gtk_spin_button_get_value_as_int (self->count_spin);
  dedicated = gtk_check_button_get_active (self->dedicated_check);
  spec->roles = dedicated ? ODFE_ROLES_DEDICATED_MASTERS : ODFE_ROLES_COMBINED;
  spec->master_count = dedicated ? DEDICATED_MASTERS : 0;
}

static void
deck_create_cluster_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DeckCreateCluster *self = DECK_CREATE_CLUSTER (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, deck_create_cluster_get_name (self));
      break;
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_create_cluster_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DECK_TYPE_CREATE_CLUSTER);

  G_OBJECT_CLASS (deck_create_cluster_parent_class)->dispose (object);
}

static void
deck_create_cluster_finalize (GObject *object)
{
  DeckCreateCluster *self = DECK_CREATE_CLUSTER (object);

  g_clear_pointer (&self->flavours, g_array_unref);
  g_clear_object (&self->versions);
  g_free (self->message);
  g_free (self->warning);

  G_OBJECT_CLASS (deck_create_cluster_parent_class)->finalize (object);
}

static void
deck_create_cluster_class_init (DeckCreateClusterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = deck_create_cluster_get_property;
  object_class->dispose = deck_create_cluster_dispose;
  object_class->finalize = deck_create_cluster_finalize;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/deck-create-cluster.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckCreateCluster, name_entry);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateCluster, name_message);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateCluster, flavour_row);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateCluster, version_row);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateCluster, count_spin);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateCluster, combined_check);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateCluster, dedicated_check);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateCluster, count_warning_box);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateCluster, count_warning);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_count_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_roles_toggled);
}

static void
deck_create_cluster_init (DeckCreateCluster *self)
{
  static const OdfeFlavour offered[] = { ODFE_FLAVOUR_OPEN_DISTRO, ODFE_FLAVOUR_OPENSEARCH };
  g_autoptr(GtkStringList) flavour_names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* A flavour is offered once the odfe layer knows releases of it. */
  self->flavours = g_array_new (FALSE, FALSE, sizeof (OdfeFlavour));
  for (guint i = 0; i < G_N_ELEMENTS (offered); i++)
    {
      const char * const *versions = odfe_cluster_versions (offered[i]);

      if (versions == NULL || versions[0] == NULL)
        continue;
      g_array_append_val (self->flavours, offered[i]);
      gtk_string_list_append (flavour_names, odfe_flavour_get_name (offered[i]));
    }
  adw_combo_row_set_model (self->flavour_row, G_LIST_MODEL (flavour_names));
  gtk_widget_set_sensitive (GTK_WIDGET (self->flavour_row), self->flavours->len > 1);

  self->versions = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->version_row, G_LIST_MODEL (self->versions));
  fill_versions (self);
  g_signal_connect_object (self->flavour_row, "notify::selected",
                           G_CALLBACK (on_flavour_selected), self, G_CONNECT_SWAPPED);

  update_validity (self);
  update_count_warning (self);
}
