/* deck-credentials.c: search cluster passwords in the user's keyring
 *
 * One Secret Service item per cluster, found by its context, namespace and
 * name; the item's secret is the password and its "user" attribute the user
 * name (the admin user, by default).  Nothing is ever written to a file or a
 * log: libsecret talks to the keyring over D-Bus (in Flatpak, through the
 * org.freedesktop.secrets name the manifest allows).
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "deck-credentials.h"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    APPLICATION_ID ".ClusterPassword", SECRET_SCHEMA_NONE,
    {
      { "context", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "namespace", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "cluster", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static GHashTable *
ref_attributes (const DeckClusterRef *ref)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, (char *) "context", g_strdup (ref->context));
  g_hash_table_insert (attributes, (char *) "namespace", g_strdup (ref->namespace));
  g_hash_table_insert (attributes, (char *) "cluster", g_strdup (ref->cluster));

  return attributes;
}

typedef struct
{
  char *user_name;
  char *password;
} Found;

static void
found_free (Found *found)
{
  g_free (found->user_name);
  if (found->password != NULL)
    secret_password_free (found->password);
  g_free (found);
}

static void
lookup_item_loaded (GObject      *source_object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SecretItem *item = SECRET_ITEM (source_object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  Found *found;

  if (!secret_item_load_secret_finish (item, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  found = g_new0 (Found, 1);
  attributes = secret_item_get_attributes (item);
  found->user_name = g_strdup (g_hash_table_lookup (attributes, "user"));
  value = secret_item_get_secret (item);
  if (value != NULL)
    found->password = g_strdup (secret_value_get_text (value));

  g_task_return_pointer (task, found, (GDestroyNotify) found_free);
}

static void
lookup_searched (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GList *items;

  items = secret_service_search_finish (NULL, result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (items == NULL)
    {
      g_task_return_pointer (task, g_new0 (Found, 1), (GDestroyNotify) found_free);
      return;
    }

  secret_item_load_secret (items->data, g_task_get_cancellable (task),
                           lookup_item_loaded, g_object_ref (task));
  g_list_free_full (items, g_object_unref);
}

void
deck_credentials_lookup_async (const DeckClusterRef *ref,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (ref != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_credentials_lookup_async);

  attributes = ref_attributes (ref);
  secret_service_search (NULL, get_schema (), attributes,
                         SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                         cancellable, lookup_searched, g_steal_pointer (&task));
}

gboolean
deck_credentials_lookup_finish (GAsyncResult  *result,
                                char         **user_name,
                                char         **password,
                                GError       **error)
{
  Found *found;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  found = g_task_propagate_pointer (G_TASK (result), error);
  if (found == NULL)
    return FALSE;

  if (user_name != NULL)
    *user_name = g_steal_pointer (&found->user_name);
  if (password != NULL)
    *password = g_steal_pointer (&found->password);
  found_free (found);

  return TRUE;
}

static void
stored (GObject      *source_object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

typedef struct
{
  char *label;
  char *user_name;
  char *password;
  GHashTable *attributes;
} StoreData;

static void
store_data_free (StoreData *data)
{
  g_free (data->label);
  g_free (data->user_name);
  secret_password_free (data->password);
  g_hash_table_unref (data->attributes);
  g_free (data);
}

static void
old_cleared (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StoreData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* Nothing to clear is not a failure. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_hash_table_insert (data->attributes, (char *) "user", g_strdup (data->user_name));
  secret_password_storev (get_schema (), data->attributes, SECRET_COLLECTION_DEFAULT,
                          data->label, data->password, g_task_get_cancellable (task),
                          stored, g_object_ref (task));
}

void
deck_credentials_store_async (const DeckClusterRef *ref,
                              const char           *user_name,
                              const char           *password,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  StoreData *data;

  g_return_if_fail (ref != NULL);
  g_return_if_fail (user_name != NULL);
  g_return_if_fail (password != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_credentials_store_async);

  data = g_new0 (StoreData, 1);
  /* Translators: the label of a keyring item, as Passwords and Keys shows it. */
  data->label = g_strdup_printf (_("Searchdeck: %s in %s (%s)"),
                                 ref->cluster, ref->namespace, ref->context);
  data->user_name = g_strdup (user_name);
  data->password = g_strdup (password);
  data->attributes = ref_attributes (ref);
  g_task_set_task_data (task, data, (GDestroyNotify) store_data_free);

  /* The user is part of the item's identity: clear the cluster's item
   * first, so that a new user name replaces the old one. */
  secret_password_clearv (get_schema (), data->attributes, cancellable, old_cleared,
                          g_steal_pointer (&task));
}

gboolean
deck_credentials_store_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
cleared (GObject      *source_object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
deck_credentials_clear_async (const DeckClusterRef *ref,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (ref != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_credentials_clear_async);

  attributes = ref_attributes (ref);
  secret_password_clearv (get_schema (), attributes, cancellable, cleared,
                          g_steal_pointer (&task));
}

gboolean
deck_credentials_clear_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
