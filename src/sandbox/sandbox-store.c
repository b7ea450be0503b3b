/* sandbox-store.c: the sandbox's objects, resource versions and event history
 *
 * Every object lives here as a JsonNode, keyed by resource and then by
 * "namespace/name".  Each change takes the next value of one global
 * resourceVersion counter and is remembered in a bounded history, so that a
 * watch can resume from any version the history still covers and gets 410
 * Expired for anything older, as from a real API server.
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sandbox-store.h"

struct _SandboxStore
{
  GObject     parent_instance;

  /* SandboxResource* -> (char* "ns/name" -> JsonNode*) */
  GHashTable *tables;
  guint64     resource_version;

  /* SandboxEvent*, oldest first; the history holds every change after history_start. */
  GQueue      history;
  guint       history_size;
  guint64     history_start;

  /* The result of the last dry run, which nothing else holds */
  JsonNode   *dry_run_result;
};

enum
{
  SIGNAL_EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_TYPE (SandboxStore, sandbox_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (sandbox-store-error-quark, sandbox_store_error)

static void
sandbox_event_free (SandboxEvent *event)
{
  json_node_unref (event->object);
  g_clear_pointer (&event->old_object, json_node_unref);
  g_free (event);
}

const char *
sandbox_event_type_to_string (SandboxEventType type)
{
  switch (type)
    {
    case SANDBOX_EVENT_ADDED:
      return "ADDED";
    case SANDBOX_EVENT_MODIFIED:
      return "MODIFIED";
    case SANDBOX_EVENT_DELETED:
      return "DELETED";
    default:
      g_assert_not_reached ();
    }
}

static void
sandbox_store_finalize (GObject *object)
{
  SandboxStore *self = SANDBOX_STORE (object);

  g_hash_table_unref (self->tables);
  g_clear_pointer (&self->dry_run_result, json_node_unref);
  g_queue_clear_full (&self->history, (GDestroyNotify) sandbox_event_free);

  G_OBJECT_CLASS (sandbox_store_parent_class)->finalize (object);
}

static void
sandbox_store_class_init (SandboxStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sandbox_store_finalize;

  /* Emitted after every change, with a SandboxEvent* valid during the emission. */
  signals[SIGNAL_EVENT] = g_signal_new ("event",
                                        G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
sandbox_store_init (SandboxStore *self)
{
  self->tables = g_hash_table_new_full (NULL, NULL, NULL,
                                        (GDestroyNotify) g_hash_table_unref);
  g_queue_init (&self->history);
  self->resource_version = 1000;
  self->history_start = self->resource_version;
}

SandboxStore *
sandbox_store_new (guint history_size)
{
  SandboxStore *self = g_object_new (SANDBOX_TYPE_STORE, NULL);

  self->history_size = MAX (history_size, 1);
  return self;
}

static GHashTable *
table_for (SandboxStore          *self,
           const SandboxResource *resource)
{
  GHashTable *table = g_hash_table_lookup (self->tables, resource);

  if (table == NULL)
    {
      table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify) json_node_unref);
      g_hash_table_insert (self->tables, (gpointer) resource, table);
    }

  return table;
}

static char *
make_key (const SandboxResource *resource,
          const char            *namespace_,
          const char            *name)
{
  return g_strdup_printf ("%s/%s", resource->namespaced ? namespace_ : "", name);
}

static void
record_event (SandboxStore          *self,
              SandboxEventType       type,
              const SandboxResource *resource,
              JsonNode              *object,
              JsonNode              *old_object)
{
  SandboxEvent *event = g_new0 (SandboxEvent, 1);

  event->type = type;
  event->resource = resource;
  event->object = json_node_ref (object);
  event->old_object = old_object != NULL ? json_node_ref (old_object) : NULL;
  event->resource_version = self->resource_version;
  g_queue_push_tail (&self->history, event);

  while (g_queue_get_length (&self->history) > self->history_size)
    {
      SandboxEvent *oldest = g_queue_pop_head (&self->history);

      self->history_start = oldest->resource_version;
      sandbox_event_free (oldest);
    }

  g_signal_emit (self, signals[SIGNAL_EVENT], 0, event);
}

/* A deep copy: json_node_copy() shares the objects and arrays it copies. */
JsonNode *
sandbox_json_copy (JsonNode *node)
{
  JsonNode *copy;

  if (node == NULL)
    return NULL;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *source = json_node_get_object (node);
        JsonObject *object = json_object_new ();
        JsonObjectIter iter;
        const char *member;
        JsonNode *value;

        json_object_iter_init_ordered (&iter, source);
        while (json_object_iter_next_ordered (&iter, &member, &value))
          json_object_set_member (object, member, sandbox_json_copy (value));

        copy = json_node_new (JSON_NODE_OBJECT);
        json_node_take_object (copy, object);
        return copy;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *source = json_node_get_array (node);
        JsonArray *array = json_array_sized_new (json_array_get_length (source));

        for (guint i = 0; i < json_array_get_length (source); i++)
          json_array_add_element (array, sandbox_json_copy (json_array_get_element (source, i)));

        copy = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (copy, array);
        return copy;
      }

    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

/* Like json_object_get_string_member_with_default(), without a critical warning when the
 * member is an object or array: objects come from clients, so any type may be anywhere. */
const char *
sandbox_json_string_member (JsonObject *object,
                            const char *member,
                            const char *fallback)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return fallback;

  return json_node_get_string (node);
}

gint64
sandbox_json_int_member (JsonObject *object,
                         const char *member,
                         gint64      fallback)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;

  return json_node_get_int (node);
}

char *
sandbox_timestamp_format (GDateTime *time)
{
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

char *
sandbox_timestamp_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return sandbox_timestamp_format (now);
}

JsonObject *
sandbox_object_get_metadata (JsonNode *object)
{
  JsonObject *root;

  if (object == NULL || !JSON_NODE_HOLDS_OBJECT (object))
    return NULL;

  root = json_node_get_object (object);
  return sandbox_object_ensure_object (root, "metadata");
}

JsonObject *
sandbox_object_ensure_object (JsonObject *parent,
                              const char *member)
{
  JsonNode *node = json_object_get_member (parent, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      json_object_set_object_member (parent, member, json_object_new ());
      node = json_object_get_member (parent, member);
    }

  return json_node_get_object (node);
}

/* The object at a dotted @path such as "spec.selector", or NULL; never changes @object. */
JsonObject *
sandbox_object_get_object (JsonNode   *object,
                           const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = object;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), parts[i]);
    }

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

/* The string at a dotted @path such as "metadata.name", or NULL. */
const char *
sandbox_object_get_string (JsonNode   *object,
                           const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = object;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), parts[i]);
    }

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

gboolean
sandbox_object_is_owned_by (JsonNode *object,
                            JsonNode *owner)
{
  JsonObject *metadata = sandbox_object_get_metadata (object);
  const char *uid = sandbox_object_get_string (owner, "metadata.uid");
  JsonNode *refs;

  if (metadata == NULL || uid == NULL)
    return FALSE;

  refs = json_object_get_member (metadata, "ownerReferences");
  if (refs == NULL || !JSON_NODE_HOLDS_ARRAY (refs))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (refs)); i++)
    {
      JsonNode *ref = json_array_get_element (json_node_get_array (refs), i);
      const char *ref_uid = sandbox_object_get_string (ref, "uid");

      if (g_strcmp0 (ref_uid, uid) == 0)
        return TRUE;
    }

  return FALSE;
}

JsonNode *
sandbox_store_get (SandboxStore          *self,
                   const SandboxResource *resource,
                   const char            *namespace_,
                   const char            *name)
{
  g_autofree char *key = make_key (resource, namespace_, name);

  g_return_val_if_fail (SANDBOX_IS_STORE (self), NULL);

  return g_hash_table_lookup (table_for (self, resource), key);
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* Every object of @resource in @namespace_ (all namespaces when NULL), sorted
 * by namespace and name, as new references. */
GPtrArray *
sandbox_store_list (SandboxStore          *self,
                    const SandboxResource *resource,
                    const char            *namespace_)
{
  GHashTable *table = table_for (self, resource);
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  GPtrArray *objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autofree char *prefix = NULL;
  GHashTableIter iter;
  gpointer key;

  if (namespace_ != NULL && resource->namespaced)
    prefix = g_strdup_printf ("%s/", namespace_);

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (prefix == NULL || g_str_has_prefix (key, prefix))
        g_ptr_array_add (keys, key);
    }

  g_ptr_array_sort (keys, compare_keys);

  for (guint i = 0; i < keys->len; i++)
    g_ptr_array_add (objects, json_node_ref (g_hash_table_lookup (table, keys->pdata[i])));

  return objects;
}

static char *
random_suffix (void)
{
  static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
  char suffix[6];

  for (guint i = 0; i < 5; i++)
    suffix[i] = alphabet[g_random_int_range (0, sizeof alphabet - 1)];
  suffix[5] = '\0';

  return g_strdup (suffix);
}

/* Stores a copy of @object as a new object; returns the stored node (owned by the store). */
JsonNode *
sandbox_store_create (SandboxStore          *self,
                      const SandboxResource *resource,
                      const char            *namespace_,
                      JsonNode              *object,
                      GError               **error)
{
  return sandbox_store_create_full (self, resource, namespace_, object, SANDBOX_UPDATE_NONE,
                                    error);
}

/* Keeps @node as the answer to a dry run, valid until the next one; returns it. */
static JsonNode *
keep_dry_run (SandboxStore *self,
              JsonNode     *node)
{
  g_clear_pointer (&self->dry_run_result, json_node_unref);
  self->dry_run_result = json_node_ref (node);
  return node;
}

/* As sandbox_store_create(); with SANDBOX_UPDATE_DRY_RUN in @flags, the object is checked
 * and completed but not stored, and the answer is valid until the next dry run. */
JsonNode *
sandbox_store_create_full (SandboxStore          *self,
                           const SandboxResource *resource,
                           const char            *namespace_,
                           JsonNode              *object,
                           SandboxUpdateFlags     flags,
                           GError               **error)
{
  g_autoptr(JsonNode) copy = NULL;
  g_autofree char *key = NULL;
  g_autofree char *now = NULL;
  g_autofree char *api_version = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *version = NULL;
  JsonObject *root;
  JsonObject *metadata;
  const char *name;

  g_return_val_if_fail (SANDBOX_IS_STORE (self), NULL);

  if (object == NULL || !JSON_NODE_HOLDS_OBJECT (object))
    {
      g_set_error (error, SANDBOX_STORE_ERROR, SANDBOX_STORE_ERROR_INVALID,
                   "the body of the request is not a JSON object");
      return NULL;
    }

  copy = sandbox_json_copy (object);
  root = json_node_get_object (copy);
  metadata = sandbox_object_ensure_object (root, "metadata");

  name = sandbox_object_get_string (copy, "metadata.name");
  if (name == NULL || *name == '\0')
    {
      const char *generate = sandbox_object_get_string (copy, "metadata.generateName");
      g_autofree char *suffix = NULL;
      g_autofree char *generated = NULL;

      if (generate == NULL || *generate == '\0')
        {
          g_set_error (error, SANDBOX_STORE_ERROR, SANDBOX_STORE_ERROR_INVALID,
                       "%s \"\" is invalid: metadata.name: Required value: name or "
                       "generateName is required", resource->kind);
          return NULL;
        }

      suffix = random_suffix ();
      generated = g_strconcat (generate, suffix, NULL);
      json_object_set_string_member (metadata, "name", generated);
      name = sandbox_object_get_string (copy, "metadata.name");
    }

  key = make_key (resource, namespace_, name);
  if (g_hash_table_contains (table_for (self, resource), key))
    {
      g_set_error (error, SANDBOX_STORE_ERROR, SANDBOX_STORE_ERROR_ALREADY_EXISTS,
                   "%s \"%s\" already exists", resource->plural, name);
      return NULL;
    }

  api_version = sandbox_resource_api_version (resource);
  json_object_set_string_member (root, "apiVersion", api_version);
  json_object_set_string_member (root, "kind", resource->kind);

  if (resource->namespaced)
    json_object_set_string_member (metadata, "namespace", namespace_);
  else if (json_object_has_member (metadata, "namespace"))
    json_object_remove_member (metadata, "namespace");

  uid = g_uuid_string_random ();
  now = sandbox_timestamp_now ();
  json_object_set_string_member (metadata, "uid", uid);
  json_object_set_string_member (metadata, "creationTimestamp", now);
  if (json_object_has_member (root, "spec"))
    json_object_set_int_member (metadata, "generation", 1);
  else if (json_object_has_member (metadata, "generation"))
    json_object_remove_member (metadata, "generation");
  if (json_object_has_member (metadata, "deletionTimestamp"))
    json_object_remove_member (metadata, "deletionTimestamp");

  if ((flags & SANDBOX_UPDATE_DRY_RUN) != 0)
    {
      if (json_object_has_member (metadata, "resourceVersion"))
        json_object_remove_member (metadata, "resourceVersion");
      return keep_dry_run (self, copy);
    }

  self->resource_version++;
  version = g_strdup_printf ("%" G_GUINT64_FORMAT, self->resource_version);
  json_object_set_string_member (metadata, "resourceVersion", version);

  g_hash_table_insert (table_for (self, resource), g_steal_pointer (&key),
                       json_node_ref (copy));
  record_event (self, SANDBOX_EVENT_ADDED, resource, copy, NULL);

  return copy;
}

static gboolean
members_equal (JsonObject *a,
               JsonObject *b,
               const char *member)
{
  JsonNode *node_a = json_object_get_member (a, member);
  JsonNode *node_b = json_object_get_member (b, member);

  if (node_a == NULL || node_b == NULL)
    return node_a == node_b;

  return json_node_equal (node_a, node_b);
}

static void
copy_member (JsonObject *to,
             JsonObject *from,
             const char *member)
{
  JsonNode *node = json_object_get_member (from, member);

  if (node != NULL)
    json_object_set_member (to, member, sandbox_json_copy (node));
  else if (json_object_has_member (to, member))
    json_object_remove_member (to, member);
}

/* Replaces the stored object by a copy of @object, keeping what the client may not change
 * (uid, creationTimestamp, ...); returns the stored node (owned by the store). */
JsonNode *
sandbox_store_update (SandboxStore          *self,
                      const SandboxResource *resource,
                      const char            *namespace_,
                      const char            *name,
                      JsonNode              *object,
                      SandboxUpdateFlags     flags,
                      GError               **error)
{
  g_autofree char *key = make_key (resource, namespace_, name);
  g_autofree char *version = NULL;
  g_autoptr(JsonNode) copy = NULL;
  JsonObject *root;
  JsonObject *metadata;
  JsonObject *old_root;
  JsonObject *old_metadata;
  JsonNode *old;
  const char *requested;
  const char *new_name;
  gint64 generation;

  g_return_val_if_fail (SANDBOX_IS_STORE (self), NULL);

  old = g_hash_table_lookup (table_for (self, resource), key);
  if (old == NULL)
    {
      g_set_error (error, SANDBOX_STORE_ERROR, SANDBOX_STORE_ERROR_NOT_FOUND,
                   "%s \"%s\" not found", resource->plural, name);
      return NULL;
    }

  if (object == NULL || !JSON_NODE_HOLDS_OBJECT (object))
    {
      g_set_error (error, SANDBOX_STORE_ERROR, SANDBOX_STORE_ERROR_INVALID,
                   "the body of the request is not a JSON object");
      return NULL;
    }

  new_name = sandbox_object_get_string (object, "metadata.name");
  if (new_name != NULL && !g_str_equal (new_name, name))
    {
      g_set_error (error, SANDBOX_STORE_ERROR, SANDBOX_STORE_ERROR_INVALID,
                   "the name of the object (%s) does not match the name on the URL (%s)",
                   new_name, name);
      return NULL;
    }

  requested = sandbox_object_get_string (object, "metadata.resourceVersion");
  if ((flags & SANDBOX_UPDATE_CHECK_VERSION) != 0 && requested != NULL && *requested != '\0'
      && g_strcmp0 (requested, sandbox_object_get_string (old, "metadata.resourceVersion")) != 0)
    {
      g_set_error (error, SANDBOX_STORE_ERROR, SANDBOX_STORE_ERROR_CONFLICT,
                   "Operation cannot be fulfilled on %s%s%s \"%s\": the object has been "
                   "modified; please apply your changes to the latest version and try again",
                   resource->plural, resource->group[0] ? "." : "", resource->group, name);
      return NULL;
    }

  old_root = json_node_get_object (old);
  old_metadata = sandbox_object_get_metadata (old);

  if ((flags & SANDBOX_UPDATE_STATUS_ONLY) != 0)
    {
      JsonObject *source = json_node_get_object (object);

      copy = sandbox_json_copy (old);
      root = json_node_get_object (copy);
      copy_member (root, source, "status");
    }
  else
    {
      copy = sandbox_json_copy (object);
      root = json_node_get_object (copy);
      if ((flags & SANDBOX_UPDATE_KEEP_STATUS) != 0 && resource->has_status)
        copy_member (root, old_root, "status");
    }

  metadata = sandbox_object_ensure_object (root, "metadata");
  json_object_set_string_member (root, "apiVersion",
                                 json_object_get_string_member (old_root, "apiVersion"));
  json_object_set_string_member (root, "kind", resource->kind);
  json_object_set_string_member (metadata, "name", name);
  copy_member (metadata, old_metadata, "namespace");
  copy_member (metadata, old_metadata, "uid");
  copy_member (metadata, old_metadata, "creationTimestamp");

  /* deletionTimestamp can be set by the server but never cleared by a client. */
  if (json_object_has_member (old_metadata, "deletionTimestamp"))
    {
      copy_member (metadata, old_metadata, "deletionTimestamp");
      copy_member (metadata, old_metadata, "deletionGracePeriodSeconds");
    }

  if (json_object_has_member (root, "spec"))
    {
      generation = sandbox_json_int_member (old_metadata, "generation", 1);
      if (!members_equal (root, old_root, "spec"))
        generation++;
      json_object_set_int_member (metadata, "generation", generation);
    }
  else
    copy_member (metadata, old_metadata, "generation");

  /* An update that changes nothing is not an event and takes no new version. */
  json_object_set_member (metadata, "resourceVersion",
                          sandbox_json_copy (json_object_get_member (old_metadata,
                                                                  "resourceVersion")));
  if (json_node_equal (copy, old))
    return old;

  if ((flags & SANDBOX_UPDATE_DRY_RUN) != 0)
    return keep_dry_run (self, copy);

  self->resource_version++;
  version = g_strdup_printf ("%" G_GUINT64_FORMAT, self->resource_version);
  json_object_set_string_member (metadata, "resourceVersion", version);

  old = json_node_ref (old);
  g_hash_table_insert (table_for (self, resource), g_steal_pointer (&key),
                       json_node_ref (copy));
  record_event (self, SANDBOX_EVENT_MODIFIED, resource, copy, old);
  json_node_unref (old);

  return copy;
}

/* Removes the object; returns it, with the resourceVersion of its removal, as a new reference. */
JsonNode *
sandbox_store_remove (SandboxStore          *self,
                      const SandboxResource *resource,
                      const char            *namespace_,
                      const char            *name,
                      GError               **error)
{
  g_autofree char *key = make_key (resource, namespace_, name);
  g_autofree char *version = NULL;
  JsonNode *old;
  JsonNode *copy;

  g_return_val_if_fail (SANDBOX_IS_STORE (self), NULL);

  old = g_hash_table_lookup (table_for (self, resource), key);
  if (old == NULL)
    {
      g_set_error (error, SANDBOX_STORE_ERROR, SANDBOX_STORE_ERROR_NOT_FOUND,
                   "%s \"%s\" not found", resource->plural, name);
      return NULL;
    }

  copy = sandbox_json_copy (old);
  g_hash_table_remove (table_for (self, resource), key);

  self->resource_version++;
  version = g_strdup_printf ("%" G_GUINT64_FORMAT, self->resource_version);
  json_object_set_string_member (sandbox_object_get_metadata (copy), "resourceVersion",
                                 version);
  record_event (self, SANDBOX_EVENT_DELETED, resource, copy, NULL);

  return copy;
}

guint64
sandbox_store_get_resource_version (SandboxStore *self)
{
  g_return_val_if_fail (SANDBOX_IS_STORE (self), 0);

  return self->resource_version;
}

/* The events after @resource_version, oldest first (borrowed; valid until the next change),
 * or EXPIRED when the history no longer reaches back that far. */
GPtrArray *
sandbox_store_events_since (SandboxStore *self,
                            guint64       resource_version,
                            GError      **error)
{
  GPtrArray *events;

  g_return_val_if_fail (SANDBOX_IS_STORE (self), NULL);

  if (resource_version < self->history_start)
    {
      g_set_error (error, SANDBOX_STORE_ERROR, SANDBOX_STORE_ERROR_EXPIRED,
                   "too old resource version: %" G_GUINT64_FORMAT " (%" G_GUINT64_FORMAT ")",
                   resource_version, self->history_start);
      return NULL;
    }

  events = g_ptr_array_new ();
  for (GList *l = self->history.head; l != NULL; l = l->next)
    {
      SandboxEvent *event = l->data;

      if (event->resource_version > resource_version)
        g_ptr_array_add (events, event);
    }

  return events;
}

/* Forgets the whole history, as a compaction does: every version handed out so far becomes
 * too old to watch from. */
void
sandbox_store_expire_history (SandboxStore *self)
{
  g_return_if_fail (SANDBOX_IS_STORE (self));

  g_queue_clear_full (&self->history, (GDestroyNotify) sandbox_event_free);
  self->resource_version++;
  self->history_start = self->resource_version;
}
