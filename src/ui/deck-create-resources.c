/* deck-create-resources.c: the New Cluster assistant's third step, each node's resources
 *
 * CPU, memory and the Java heap per node, and each node's volume, typed as Kubernetes
 * quantities and read by the odfe layer's parsers, so that what is typed is what the
 * manifests say.  The heap follows the memory (half of it, at most 31 GiB) until the user
 * types a heap of their own, which must keep to the same rule.  The StorageClasses of the
 * cluster are listed, the default one marked and chosen; a cluster without any is told so,
 * as volume claims there would wait for volumes made by hand.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "deck-create-resources.h"

struct _DeckCreateResources
{
  AdwBin          parent_instance;

  AdwEntryRow    *cpu_entry;
  AdwEntryRow    *memory_entry;
  AdwEntryRow    *heap_entry;
  GtkLabel       *message_label;
  AdwEntryRow    *storage_entry;
  AdwComboRow    *class_row;
  GtkLabel       *storage_message;
  GtkWidget      *note_box;
  GtkSpinner     *class_spinner;
  GtkLabel       *note_label;

  KubeClient     *client;
  GCancellable   *cancellable;
  /* What the combo row shows, and the StorageClass behind each item. */
  GtkStringList  *class_labels;
  GPtrArray      *class_names;
  int             default_class;
  gboolean        classes_known;
  char           *note;

  gboolean        heap_edited;
  gboolean        setting_heap;
  char           *message;
  char           *storage_message_text;
  gboolean        valid;
};

G_DEFINE_FINAL_TYPE (DeckCreateResources, deck_create_resources, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_VALID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
text_of (AdwEntryRow *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

static void
mark (AdwEntryRow *entry,
      gboolean     bad)
{
  if (bad)
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
}

/* The first problem with CPU, memory and heap, in the order of the fields. */
static char *
check_node (DeckCreateResources *self)
{
  g_autoptr(GError) error = NULL;
  guint64 memory = 0;
  guint64 heap = 0;
  guint millis = 0;

  mark (self->cpu_entry, FALSE);
  mark (self->memory_entry, FALSE);
  mark (self->heap_entry, FALSE);

  if (!odfe_parse_quantity_millis (text_of (self->cpu_entry), &millis, &error))
    {
      mark (self->cpu_entry, TRUE);
      return g_strdup_printf (_("CPU: %s"), error->message);
    }
  if (millis == 0)
    {
      mark (self->cpu_entry, TRUE);
      return g_strdup (_("CPU: each node needs some CPU, such as “1” or “500m”."));
    }
  if (!odfe_parse_quantity_bytes (text_of (self->memory_entry), &memory, &error))
    {
      mark (self->memory_entry, TRUE);
      return g_strdup_printf (_("Memory: %s"), error->message);
    }
  if (!odfe_parse_quantity_bytes (text_of (self->heap_entry), &heap, &error))
    {
      mark (self->heap_entry, TRUE);
      return g_strdup_printf (_("Java heap: %s"), error->message);
    }
  if (!odfe_validate_heap (heap, memory, &error))
    {
      mark (self->heap_entry, TRUE);
      return g_strdup (error->message);
    }

  return NULL;
}

static char *
check_storage (DeckCreateResources *self)
{
  g_autoptr(GError) error = NULL;
  guint64 bytes = 0;

  mark (self->storage_entry, FALSE);
  if (!odfe_parse_quantity_bytes (text_of (self->storage_entry), &bytes, &error))
    {
      mark (self->storage_entry, TRUE);
      return g_strdup (error->message);
    }
  if (bytes == 0)
    {
      mark (self->storage_entry, TRUE);
      return g_strdup (_("Each node needs a volume, such as “8Gi”."));
    }

  return NULL;
}

static void
show_message (GtkLabel   *label,
              const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static void
update_validity (DeckCreateResources *self)
{
  gboolean valid;

  g_free (self->message);
  self->message = check_node (self);
  g_free (self->storage_message_text);
  self->storage_message_text = check_storage (self);

  show_message (self->message_label, self->message);
  show_message (self->storage_message, self->storage_message_text);

  valid = self->message == NULL && self->storage_message_text == NULL;
  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

static void
on_field_changed (DeckCreateResources *self)
{
  update_validity (self);
}

static void
on_memory_changed (DeckCreateResources *self)
{
  guint64 memory;

  /* The heap follows the memory until the user has typed one. */
  if (!self->heap_edited && odfe_parse_quantity_bytes (text_of (self->memory_entry), &memory,
                                                       NULL))
    {
      g_autofree char *heap = odfe_format_quantity_bytes (odfe_heap_for_memory (memory));

      self->setting_heap = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->heap_entry), heap);
      self->setting_heap = FALSE;
    }

  update_validity (self);
}

static void
on_heap_changed (DeckCreateResources *self)
{
  if (!self->setting_heap)
    self->heap_edited = *text_of (self->heap_entry) != '\0';

  update_validity (self);
}

static void
show_note (DeckCreateResources *self,
           const char          *note,
           gboolean             busy)
{
  g_free (self->note);
  self->note = busy ? NULL : g_strdup (note);
  gtk_label_set_text (self->note_label, note != NULL ? note : "");
  gtk_widget_set_visible (self->note_box, note != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->class_spinner), busy);
  gtk_spinner_set_spinning (self->class_spinner, busy);
}

static gboolean
is_default_class (JsonObject *metadata)
{
  static const char * const keys[] = {
    "storageclass.kubernetes.io/is-default-class",
    "storageclass.beta.kubernetes.io/is-default-class",
  };
  JsonObject *annotations;

  if (!json_object_has_member (metadata, "annotations")
      || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (metadata, "annotations")))
    return FALSE;

  annotations = json_object_get_object_member (metadata, "annotations");
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      JsonNode *value = json_object_get_member (annotations, keys[i]);

      if (value != NULL && JSON_NODE_HOLDS_VALUE (value)
          && json_node_get_value_type (value) == G_TYPE_STRING
          && g_strcmp0 (json_node_get_string (value), "true") == 0)
        return TRUE;
    }

  return FALSE;
}

static void
classes_listed (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DeckCreateResources) self = user_data;
  g_autoptr(KubeList) list = NULL;
  g_autoptr(GError) error = NULL;

  list = kube_client_list_finish (KUBE_CLIENT (source_object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->classes_known = TRUE;

  if (list == NULL)
    {
      g_autofree char *note = NULL;

      gtk_string_list_append (self->class_labels, _("The cluster’s default"));
      g_ptr_array_add (self->class_names, NULL);
      adw_combo_row_set_selected (self->class_row, 0);
      note = g_strdup_printf (_("The StorageClasses could not be listed (%s): the volumes are "
                                "claimed from the cluster’s default one, which the checks "
                                "before creation look for."), error->message);
      show_note (self, note, FALSE);
      return;
    }

  for (guint i = 0; i < list->items->len; i++)
    {
      JsonObject *object = json_node_get_object (list->items->pdata[i]);
      JsonObject *metadata = json_object_get_object_member (object, "metadata");
      const char *name = metadata != NULL
        ? json_object_get_string_member_with_default (metadata, "name", NULL) : NULL;

      if (name == NULL)
        continue;

      if (self->default_class < 0 && is_default_class (metadata))
        {
          g_autofree char *label = NULL;

          /* Translators: a StorageClass's name, marked as the cluster's default. */
          label = g_strdup_printf (_("%s (default)"), name);
          self->default_class = self->class_names->len;
          gtk_string_list_append (self->class_labels, label);
        }
      else
        gtk_string_list_append (self->class_labels, name);
      g_ptr_array_add (self->class_names, g_strdup (name));
    }

  if (self->class_names->len == 0)
    {
      gtk_string_list_append (self->class_labels, _("None available"));
      g_ptr_array_add (self->class_names, NULL);
      gtk_widget_set_sensitive (GTK_WIDGET (self->class_row), FALSE);
      show_note (self, _("This Kubernetes cluster has no StorageClass, so the nodes’ volume "
                         "claims would wait for volumes an administrator makes by hand. Ask "
                         "for a StorageClass (or add one) before creating the cluster."),
                 FALSE);
    }
  else
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->class_row), TRUE);
      if (self->default_class < 0)
        show_note (self, _("No StorageClass is marked as the default: the one chosen is named "
                           "in the volume claims."), FALSE);
      else
        show_note (self, NULL, FALSE);
    }

  adw_combo_row_set_selected (self->class_row, MAX (self->default_class, 0));
}

void
deck_create_resources_set_client (DeckCreateResources *self,
                                  KubeClient          *client)
{
  guint n_labels;

  g_return_if_fail (DECK_IS_CREATE_RESOURCES (self));
  g_return_if_fail (client == NULL || KUBE_IS_CLIENT (client));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_set_object (&self->client, client);

  n_labels = g_list_model_get_n_items (G_LIST_MODEL (self->class_labels));
  gtk_string_list_splice (self->class_labels, 0, n_labels, NULL);
  g_ptr_array_set_size (self->class_names, 0);
  self->default_class = -1;
  self->classes_known = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->class_row), FALSE);

  if (client == NULL)
    {
      show_note (self, NULL, FALSE);
      return;
    }

  self->cancellable = g_cancellable_new ();
  show_note (self, _("Looking for the StorageClasses…"), TRUE);
  kube_client_list_all_async (client, kube_resource_type_get (KUBE_RESOURCE_STORAGECLASSES),
                              NULL, NULL, self->cancellable, classes_listed,
                              g_object_ref (self));
}

void
deck_create_resources_set_spec (DeckCreateResources   *self,
                                const OdfeClusterSpec *spec)
{
  g_autofree char *cpu = NULL;
  g_autofree char *memory = NULL;
  g_autofree char *heap = NULL;
  g_autofree char *storage = NULL;

  g_return_if_fail (DECK_IS_CREATE_RESOURCES (self));
  g_return_if_fail (spec != NULL);

  cpu = odfe_format_quantity_millis (spec->cpu_millis);
  memory = odfe_format_quantity_bytes (spec->memory_bytes);
  heap = odfe_format_quantity_bytes (spec->heap_bytes);
  storage = odfe_format_quantity_bytes (spec->storage_bytes);

  gtk_editable_set_text (GTK_EDITABLE (self->cpu_entry), cpu);
  gtk_editable_set_text (GTK_EDITABLE (self->memory_entry), memory);
  self->setting_heap = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->heap_entry), heap);
  self->setting_heap = FALSE;
  self->heap_edited = spec->heap_bytes != odfe_heap_for_memory (spec->memory_bytes);
  gtk_editable_set_text (GTK_EDITABLE (self->storage_entry), storage);

  update_validity (self);
}

void
deck_create_resources_set_cpu (DeckCreateResources *self,
                               const char          *text)
{
  g_return_if_fail (DECK_IS_CREATE_RESOURCES (self));

  gtk_editable_set_text (GTK_EDITABLE (self->cpu_entry), text);
}

void
deck_create_resources_set_memory (DeckCreateResources *self,
                                  const char          *text)
{
  g_return_if_fail (DECK_IS_CREATE_RESOURCES (self));

  gtk_editable_set_text (GTK_EDITABLE (self->memory_entry), text);
}

void
deck_create_resources_set_heap (DeckCreateResources *self,
                                const char          *text)
{
  g_return_if_fail (DECK_IS_CREATE_RESOURCES (self));

  gtk_editable_set_text (GTK_EDITABLE (self->heap_entry), text);
}

const char *
deck_create_resources_get_heap (DeckCreateResources *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_RESOURCES (self), NULL);

  return text_of (self->heap_entry);
}

void
deck_create_resources_set_storage (DeckCreateResources *self,
                                   const char          *text)
{
  g_return_if_fail (DECK_IS_CREATE_RESOURCES (self));

  gtk_editable_set_text (GTK_EDITABLE (self->storage_entry), text);
}

GListModel *
deck_create_resources_get_storage_classes (DeckCreateResources *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_RESOURCES (self), NULL);

  return G_LIST_MODEL (self->class_labels);
}

gboolean
deck_create_resources_get_classes_known (DeckCreateResources *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_RESOURCES (self), FALSE);

  return self->classes_known;
}

gboolean
deck_create_resources_choose_class (DeckCreateResources *self,
                                    const char          *name)
{
  g_return_val_if_fail (DECK_IS_CREATE_RESOURCES (self), FALSE);

  for (guint i = 0; i < self->class_names->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->class_names, i), name) == 0)
      {
        adw_combo_row_set_selected (self->class_row, i);
        return TRUE;
      }

  return FALSE;
}

const char *
deck_create_resources_get_storage_note (DeckCreateResources *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_RESOURCES (self), NULL);

  return self->note;
}

gboolean
deck_create_resources_get_valid (DeckCreateResources *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_RESOURCES (self), FALSE);

  return self->valid;
}

const char *
deck_create_resources_get_message (DeckCreateResources *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_RESOURCES (self), NULL);

  return self->message;
}

const char *
deck_create_resources_get_storage_message (DeckCreateResources *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_RESOURCES (self), NULL);

  return self->storage_message_text;
}

void
deck_create_resources_apply (DeckCreateResources *self,
                             OdfeClusterSpec     *spec)
{
  guint selected;

  g_return_if_fail (DECK_IS_CREATE_RESOURCES (self));
  g_return_if_fail (spec != NULL);
  g_return_if_fail (self->valid);

  odfe_parse_quantity_millis (text_of (self->cpu_entry), &spec->cpu_millis, NULL);
  odfe_parse_quantity_bytes (text_of (self->memory_entry), &spec->memory_bytes, NULL);
  odfe_parse_quantity_bytes (text_of (self->heap_entry), &spec->heap_bytes, NULL);
  odfe_parse_quantity_bytes (text_of (self->storage_entry), &spec->storage_bytes, NULL);

  /* The default class is left to the cluster (NULL), any other is named. */
  g_clear_pointer (&spec->storage_class, g_free);
  selected = adw_combo_row_get_selected (self->class_row);
  if (selected != GTK_INVALID_LIST_POSITION && selected < self->class_names->len
      && (int) selected != self->default_class)
    spec->storage_class = g_strdup (g_ptr_array_index (self->class_names, selected));
}

static void
deck_create_resources_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  DeckCreateResources *self = DECK_CREATE_RESOURCES (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_create_resources_dispose (GObject *object)
{
  DeckCreateResources *self = DECK_CREATE_RESOURCES (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);

  gtk_widget_dispose_template (GTK_WIDGET (self), DECK_TYPE_CREATE_RESOURCES);

  G_OBJECT_CLASS (deck_create_resources_parent_class)->dispose (object);
}

static void
deck_create_resources_finalize (GObject *object)
{
  DeckCreateResources *self = DECK_CREATE_RESOURCES (object);

  g_clear_object (&self->class_labels);
  g_clear_pointer (&self->class_names, g_ptr_array_unref);
  g_free (self->note);
  g_free (self->message);
  g_free (self->storage_message_text);

  G_OBJECT_CLASS (deck_create_resources_parent_class)->finalize (object);
}

static void
deck_create_resources_class_init (DeckCreateResourcesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = deck_create_resources_get_property;
  object_class->dispose = deck_create_resources_dispose;
  object_class->finalize = deck_create_resources_finalize;

  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/deck-create-resources.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckCreateResources, cpu_entry);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateResources, memory_entry);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateResources, heap_entry);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateResources, message_label);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateResources, storage_entry);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateResources, class_row);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateResources, storage_message);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateResources, note_box);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateResources, class_spinner);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateResources, note_label);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_memory_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_heap_changed);
}

static void
deck_create_resources_init (DeckCreateResources *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->class_labels = gtk_string_list_new (NULL);
  self->class_names = g_ptr_array_new_with_free_func (g_free);
  self->default_class = -1;
  adw_combo_row_set_model (self->class_row, G_LIST_MODEL (self->class_labels));
  gtk_widget_set_sensitive (GTK_WIDGET (self->class_row), FALSE);
  show_note (self, NULL, FALSE);
}
