/* kube-store.c: a sorted GListModel of one kind's objects, kept in step with the server
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store keeps two things: the truth (a table of the newest KubeObject per key, updated at
 * once by every watch event and every relist) and the model (a sorted array that views see).
 * A burst of events marks the truth dirty and arms one short timer; when it fires, the
 * model is brought up to date and compared with the old one: the unchanged objects at both
 * ends are kept, and what lies between is announced as one ::items-changed.  After a relist
 * the model is rebuilt from the truth and sorted; after watch events it is patched: the
 * objects that left the truth are dropped and the few that entered it are sorted and merged
 * in, so that a batch costs one pass over the model rather than a sort of all of it.
 * Objects are immutable; an object whose resourceVersion did not change keeps its identity,
 * so that a relist that changes nothing announces nothing.
 */

#include "kube-store.h"
#include "kube-json.h"

#define DEFAULT_BATCH_INTERVAL_MS 16

struct _KubeStore
{
  GObject                 parent_instance;

  const KubeResourceType *type;
  KubeWatch              *watch;
  GHashTable             *truth;   /* key → KubeObject */
  GPtrArray              *items;   /* sorted KubeObjects, as the model shows them */
  /* Since the last flush (sets of pointers, no references): objects put in the truth, not
   * yet in items; objects of items taken out of the truth.  NULL when empty. */
  GHashTable             *arrived;
  GHashTable             *departed;
  gboolean                rebuild; /* a relist: rebuild items from the truth */
  guint                   flush_source;
  guint                   batch_interval;
  gboolean                dirty;
  gboolean                listed;  /* a list arrived and is in the truth */
  gboolean                synced;  /* ... and has reached the model */
  GError                 *error;
};

enum
{
  PROP_0,
  PROP_SYNCED,
  PROP_ERROR,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  N_PROPS
};

enum
{
  SIGNAL_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KubeStore, kube_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      list_model_iface_init))

static GType
kube_store_get_item_type (GListModel *model)
{
  return KUBE_TYPE_OBJECT;
}

static guint
kube_store_get_n_items (GListModel *model)
{
  return KUBE_STORE (model)->items->len;
}

static gpointer
kube_store_get_item (GListModel *model,
                     guint       position)
{
  KubeStore *self = KUBE_STORE (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = kube_store_get_item_type;
  iface->get_n_items = kube_store_get_n_items;
  iface->get_item = kube_store_get_item;
}

static void
kube_store_dispose (GObject *object)
{
  KubeStore *self = KUBE_STORE (object);

  g_clear_handle_id (&self->flush_source, g_source_remove);
  if (self->watch != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->watch, self);
      kube_watch_stop (self->watch);
    }
  g_clear_object (&self->watch);

  G_OBJECT_CLASS (kube_store_parent_class)->dispose (object);
}

static void
kube_store_finalize (GObject *object)
{
  KubeStore *self = KUBE_STORE (object);

  g_hash_table_unref (self->truth);
  g_ptr_array_unref (self->items);
  g_clear_pointer (&self->arrived, g_hash_table_unref);
  g_clear_pointer (&self->departed, g_hash_table_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (kube_store_parent_class)->finalize (object);
}

static void
kube_store_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KubeStore *self = KUBE_STORE (object);

  switch (prop_id)
    {
    case PROP_SYNCED:
      g_value_set_boolean (value, self->synced);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, KUBE_TYPE_OBJECT);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kube_store_class_init (KubeStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kube_store_dispose;
  object_class->finalize = kube_store_finalize;
  object_class->get_property = kube_store_get_property;

  properties[PROP_SYNCED] =
    g_param_spec_boolean ("synced", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL, G_TYPE_OBJECT,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
kube_store_init (KubeStore *self)
{
  self->truth = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->batch_interval = DEFAULT_BATCH_INTERVAL_MS;
}

static gint
compare_objects (gconstpointer a,
                 gconstpointer b)
{
  KubeObject *oa = *(KubeObject **) a;
  KubeObject *ob = *(KubeObject **) b;
  int cmp = g_strcmp0 (kube_object_get_namespace (oa), kube_object_get_namespace (ob));

  return cmp != 0 ? cmp : g_strcmp0 (kube_object_get_name (oa), kube_object_get_name (ob));
}

static void
clear_error (KubeStore *self)
{
  if (self->error == NULL)
    return;

  g_clear_error (&self->error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* Every object of the truth, sorted. */
static GPtrArray *
rebuilt_items (KubeStore *self)
{
  GPtrArray *items = g_ptr_array_new_full (g_hash_table_size (self->truth), g_object_unref);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->truth);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (items, g_object_ref (value));
  g_ptr_array_sort (items, compare_objects);
  return items;
}

/* @old without the departed objects, with the arrived ones merged in at their places. */
static GPtrArray *
patched_items (KubeStore *self,
               GPtrArray *old)
{
  g_autoptr(GPtrArray) arrivals = NULL;
  GPtrArray *items;
  GHashTableIter iter;
  gpointer object;
  guint next = 0;

  arrivals = g_ptr_array_new_full (self->arrived ? g_hash_table_size (self->arrived) : 0, NULL);
  if (self->arrived != NULL)
    {
      g_hash_table_iter_init (&iter, self->arrived);
      while (g_hash_table_iter_next (&iter, &object, NULL))
        g_ptr_array_add (arrivals, object);
      g_ptr_array_sort (arrivals, compare_objects);
    }

  items = g_ptr_array_new_full (old->len + arrivals->len, g_object_unref);
  for (guint i = 0; i < old->len; i++)
    {
      object = old->pdata[i];
      if (self->departed != NULL && g_hash_table_contains (self->departed, object))
        continue;

      while (next < arrivals->len && compare_objects (&arrivals->pdata[next], &object) < 0)
        g_ptr_array_add (items, g_object_ref (arrivals->pdata[next++]));
      g_ptr_array_add (items, g_object_ref (object));
    }
  while (next < arrivals->len)
    g_ptr_array_add (items, g_object_ref (arrivals->pdata[next++]));

  return items;
}

void
kube_store_flush (KubeStore *self)
{
  g_autoptr(GPtrArray) old = NULL;
  guint prefix = 0;
  guint suffix = 0;
  guint old_len;
  guint new_len;

  g_return_if_fail (KUBE_IS_STORE (self));

  g_clear_handle_id (&self->flush_source, g_source_remove);
  if (!self->dirty)
    return;
  self->dirty = FALSE;

  old = g_steal_pointer (&self->items);
  self->items = self->rebuild ? rebuilt_items (self) : patched_items (self, old);
  self->rebuild = FALSE;
  g_clear_pointer (&self->arrived, g_hash_table_unref);
  g_clear_pointer (&self->departed, g_hash_table_unref);

  old_len = old->len;
  new_len = self->items->len;
  while (prefix < old_len && prefix < new_len
         && old->pdata[prefix] == self->items->pdata[prefix])
    prefix++;
  while (suffix < old_len - prefix && suffix < new_len - prefix
         && old->pdata[old_len - 1 - suffix] == self->items->pdata[new_len - 1 - suffix])
    suffix++;

  if (prefix + suffix < MAX (old_len, new_len))
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, old_len - prefix - suffix,
                                new_len - prefix - suffix);
  if (old_len != new_len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);

  if (self->listed && !self->synced)
    {
      self->synced = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCED]);
    }
}

static gboolean
flush_timeout (gpointer user_data)
{
  KubeStore *self = user_data;

  self->flush_source = 0;
  kube_store_flush (self);
  return G_SOURCE_REMOVE;
}

static void
mark_dirty (KubeStore *self)
{
  self->dirty = TRUE;
  if (self->flush_source == 0)
    self->flush_source = g_timeout_add (self->batch_interval, flush_timeout, self);
}

/* Notes that @gone (or NULL) is leaving the truth and @come (or NULL) entering it, before
 * the truth changes, so that the next flush can patch the model. */
static void
note_change (KubeStore  *self,
             KubeObject *gone,
             KubeObject *come)
{
  mark_dirty (self);
  if (self->rebuild)
    return;

  /* An object that arrived since the last flush is not in the model: forget it. */
  if (gone != NULL && (self->arrived == NULL || !g_hash_table_remove (self->arrived, gone)))
    {
      if (self->departed == NULL)
        self->departed = g_hash_table_new (NULL, NULL);
      g_hash_table_add (self->departed, gone);
    }

  if (come != NULL)
    {
      if (self->arrived == NULL)
        self->arrived = g_hash_table_new (NULL, NULL);
      g_hash_table_add (self->arrived, come);
    }
}

/* The newest object for @node, keeping the old one when nothing changed. */
static void
upsert (KubeStore *self,
        JsonNode  *node)
{
  g_autoptr(KubeObject) object = kube_object_new_from_json (self->type, node);
  KubeObject *existing;
  char *key;

  if (object == NULL)
    return;

  existing = g_hash_table_lookup (self->truth, kube_object_get_key (object));
  if (existing != NULL
      && g_strcmp0 (kube_object_get_uid (existing), kube_object_get_uid (object)) == 0
      && g_strcmp0 (kube_object_get_resource_version (existing),
                    kube_object_get_resource_version (object)) == 0)
    return;

  note_change (self, existing, object);
  key = g_strdup (kube_object_get_key (object));
  g_hash_table_replace (self->truth, key, g_steal_pointer (&object));
}

static void
on_synced (KubeWatch *watch,
           KubeList  *list,
           KubeStore *self)
{
  g_autoptr(GHashTable) fresh = NULL;
  GHashTableIter iter;
  gpointer key;

  fresh = g_hash_table_new (g_str_hash, g_str_equal);

  /* Whatever changes, the model is rebuilt from the truth at the next flush. */
  self->rebuild = TRUE;
  g_clear_pointer (&self->arrived, g_hash_table_unref);
  g_clear_pointer (&self->departed, g_hash_table_unref);

  for (guint i = 0; i < list->items->len; i++)
    {
      JsonNode *node = g_ptr_array_index (list->items, i);
      const char *name = kube_json_path_string (node, "metadata", "name", NULL);
      const char *namespace = kube_json_path_string (node, "metadata", "namespace", NULL);
      g_autofree char *object_key = NULL;

      if (name == NULL)
        continue;

      upsert (self, node);
      object_key = namespace ? g_strdup_printf ("%s/%s", namespace, name) : g_strdup (name);
      if (g_hash_table_lookup_extended (self->truth, object_key, &key, NULL))
        g_hash_table_add (fresh, key);
    }

  /* Whatever the list does not mention was deleted while the store was not looking. */
  g_hash_table_iter_init (&iter, self->truth);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (!g_hash_table_contains (fresh, key))
        {
          g_hash_table_iter_remove (&iter);
          self->dirty = TRUE;
        }
    }

  self->listed = TRUE;
  mark_dirty (self);
  clear_error (self);
}

static void
on_event (KubeWatch *watch,
          int        type,
          JsonNode  *object,
          KubeStore *self)
{
  if (type == KUBE_WATCH_EVENT_ADDED || type == KUBE_WATCH_EVENT_MODIFIED)
    {
      upsert (self, object);
    }
  else if (type == KUBE_WATCH_EVENT_DELETED)
    {
      const char *name = kube_json_path_string (object, "metadata", "name", NULL);
      const char *namespace = kube_json_path_string (object, "metadata", "namespace", NULL);
      g_autofree char *key = NULL;
      KubeObject *existing;

      if (name == NULL)
        return;

      key = namespace ? g_strdup_printf ("%s/%s", namespace, name) : g_strdup (name);
      existing = g_hash_table_lookup (self->truth, key);
      if (existing != NULL)
        {
          note_change (self, existing, NULL);
          g_hash_table_remove (self->truth, key);
        }
    }

  clear_error (self);
}

static void
on_error (KubeWatch    *watch,
          const GError *error,
          KubeStore    *self)
{
  g_clear_error (&self->error);
  self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
}

KubeStore *
kube_store_new (KubeClient             *client,
                const KubeResourceType *type,
                const char             *namespace,
                const char             *label_selector,
                const char             *field_selector)
{
  KubeStore *self;

  g_return_val_if_fail (KUBE_IS_CLIENT (client), NULL);
  g_return_val_if_fail (type != NULL, NULL);

  self = g_object_new (KUBE_TYPE_STORE, NULL);
  self->type = type;
  self->watch = kube_watch_new (client, type, namespace, label_selector, field_selector);
  g_signal_connect (self->watch, "synced", G_CALLBACK (on_synced), self);
  g_signal_connect (self->watch, "event", G_CALLBACK (on_event), self);
  g_signal_connect (self->watch, "error", G_CALLBACK (on_error), self);
  return self;
}

void
kube_store_start (KubeStore *self)
{
  g_return_if_fail (KUBE_IS_STORE (self));

  kube_watch_start (self->watch);
}

void
kube_store_stop (KubeStore *self)
{
  g_return_if_fail (KUBE_IS_STORE (self));

  kube_watch_stop (self->watch);
}

gboolean
kube_store_get_synced (KubeStore *self)
{
  g_return_val_if_fail (KUBE_IS_STORE (self), FALSE);

  return self->synced;
}

const GError *
kube_store_get_error (KubeStore *self)
{
  g_return_val_if_fail (KUBE_IS_STORE (self), NULL);

  return self->error;
}

KubeObject *
kube_store_lookup (KubeStore  *self,
                   const char *namespace,
                   const char *name)
{
  guint low = 0;
  guint high;

  g_return_val_if_fail (KUBE_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  /* The model's view, not the truth: what the views show is what a lookup finds. */
  high = self->items->len;
  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      KubeObject *object = g_ptr_array_index (self->items, middle);
      int cmp = g_strcmp0 (namespace, kube_object_get_namespace (object));

      if (cmp == 0)
        cmp = g_strcmp0 (name, kube_object_get_name (object));

      if (cmp == 0)
        return object;
      else if (cmp < 0)
        high = middle;
      else
        low = middle + 1;
    }

  return NULL;
}

void
kube_store_set_batch_interval (KubeStore *self,
                               guint      milliseconds)
{
  g_return_if_fail (KUBE_IS_STORE (self));

  self->batch_interval = MAX (milliseconds, 1);
}

KubeWatch *
kube_store_get_watch (KubeStore *self)
{
  g_return_val_if_fail (KUBE_IS_STORE (self), NULL);

  return self->watch;
}
