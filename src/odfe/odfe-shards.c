/* odfe-shards.c: where a search cluster's shard copies are, and whether a node may restart
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `_cat/shards` lists every copy of every shard with the node it lives on.  Before a pod is
 * deleted Searchdeck asks two things of it and of the cluster's health: is the cluster
 * green (every copy assigned), and does this node hold a shard's only active copy (an index
 * without replicas, or one whose other copies are missing)?  Either makes a restart cost
 * availability, and the answer says so in sentences meant for the confirmation dialog.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "odfe-error.h"
#include "odfe-shards.h"

/* How many shards a reason names before it says "and N more". */
#define MAX_NAMED_SHARDS 5

void
odfe_shard_free (OdfeShard *shard)
{
  if (shard == NULL)
    return;

  g_free (shard->index);
  g_free (shard->shard);
  g_free (shard->prirep);
  g_free (shard->state);
  g_free (shard->node);
  g_free (shard);
}

gboolean
odfe_shard_is_active (const OdfeShard *shard)
{
  return g_strcmp0 (shard->state, "STARTED") == 0
         || g_strcmp0 (shard->state, "RELOCATING") == 0;
}

/* A string member, or NULL when it is missing or not a string.  The shard number is a
 * string in _cat's JSON, but a number is accepted as well. */
static char *
row_string (JsonObject *row,
            const char *name)
{
  JsonNode *member = json_object_get_member (row, name);

  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member))
    return NULL;

  if (json_node_get_value_type (member) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (member));
  if (json_node_get_value_type (member) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (member));

  return NULL;
}

GPtrArray *
odfe_cat_shards_parse (JsonNode  *root,
                       GError   **error)
{
  g_autoptr(GPtrArray) shards = NULL;
  JsonArray *array;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_PROTOCOL,
                   "The search cluster's answer to GET /_cat/shards is not in the expected "
                   "form");
      return NULL;
    }

  array = json_node_get_array (root);
  shards = g_ptr_array_new_with_free_func ((GDestroyNotify) odfe_shard_free);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autoptr(OdfeShard) shard = NULL;
      JsonObject *row;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;

      row = json_node_get_object (element);
      shard = g_new0 (OdfeShard, 1);
      shard->index = row_string (row, "index");
      shard->shard = row_string (row, "shard");
      shard->prirep = row_string (row, "prirep");
      shard->state = row_string (row, "state");
      shard->node = row_string (row, "node");

      if (shard->index == NULL || shard->shard == NULL)
        continue;

      g_ptr_array_add (shards, g_steal_pointer (&shard));
    }

  return g_steal_pointer (&shards);
}

static void
on_cat_shards (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) shards = NULL;
  GError *error = NULL;

  root = odfe_client_request_json_finish (ODFE_CLIENT (source), result, &error);
  if (root != NULL)
    shards = odfe_cat_shards_parse (root, &error);
  else if (error == NULL)
    g_set_error (&error, ODFE_ERROR, ODFE_ERROR_PROTOCOL,
                 "The search cluster's answer to GET /_cat/shards is empty");

  if (shards == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&shards), (GDestroyNotify) g_ptr_array_unref);
}

void
odfe_client_cat_shards_async (OdfeClient          *client,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ODFE_IS_CLIENT (client));

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, odfe_client_cat_shards_async);
  odfe_client_request_json_async (client, "GET",
                                  "/_cat/shards?format=json&h=index,shard,prirep,state,node",
                                  NULL, cancellable, on_cat_shards, task);
}

GPtrArray *
odfe_client_cat_shards_finish (OdfeClient    *client,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == odfe_client_cat_shards_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The restart check */

void
odfe_restart_check_free (OdfeRestartCheck *check)
{
  if (check == NULL)
    return;

  g_strfreev (check->reasons);
  g_strfreev (check->only_copies);
  g_free (check);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* "index [shard]" of every shard whose only active copy is on @node, sorted. */
static GStrv
only_copies_on (GPtrArray  *shards,
                const char *node)
{
  g_autoptr(GHashTable) active = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  /* Count the active copies of each shard first. */
  for (guint i = 0; shards != NULL && i < shards->len; i++)
    {
      OdfeShard *shard = shards->pdata[i];
      g_autofree char *key = NULL;
      guint count;

      if (!odfe_shard_is_active (shard))
        continue;

      key = g_strdup_printf ("%s [%s]", shard->index, shard->shard);
      count = GPOINTER_TO_UINT (g_hash_table_lookup (active, key));
      g_hash_table_replace (active, g_steal_pointer (&key), GUINT_TO_POINTER (count + 1));
    }

  for (guint i = 0; shards != NULL && i < shards->len; i++)
    {
      OdfeShard *shard = shards->pdata[i];
      g_autofree char *key = NULL;
      gpointer stored_key;
      gpointer count;

      if (!odfe_shard_is_active (shard) || g_strcmp0 (shard->node, node) != 0)
        continue;

      key = g_strdup_printf ("%s [%s]", shard->index, shard->shard);
      if (g_hash_table_lookup_extended (active, key, &stored_key, &count)
          && GPOINTER_TO_UINT (count) == 1)
        g_ptr_array_add (names, stored_key);
    }

  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_strv_builder_add (builder, names->pdata[i]);

  return g_strv_builder_end (builder);
}

/* "products [0], products [2] and 4 more" */
static char *
name_shards (GStrv names)
{
  guint total = g_strv_length (names);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < total && i < MAX_NAMED_SHARDS; i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, names[i]);
    }

  if (total > MAX_NAMED_SHARDS)
    {
      guint more = total - MAX_NAMED_SHARDS;

      /* Translators: the end of a list of shards, "products [0], … and 4 more". */
      g_string_append_printf (text, ngettext (" and %u more", " and %u more", more), more);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

OdfeRestartCheck *
odfe_pod_restart_check (const OdfeHealth *health,
                        GPtrArray        *shards,
                        const char       *node)
{
  g_autoptr(GStrvBuilder) reasons = g_strv_builder_new ();
  OdfeRestartCheck *check;
  OdfeHealthStatus status = health != NULL ? health->status : ODFE_HEALTH_UNKNOWN;

  g_return_val_if_fail (node != NULL, NULL);

  check = g_new0 (OdfeRestartCheck, 1);
  check->only_copies = only_copies_on (shards, node);

  switch (status)
    {
    case ODFE_HEALTH_GREEN:
      break;

    case ODFE_HEALTH_YELLOW:
      g_strv_builder_add (reasons,
                          _("The cluster is yellow: some replica shards are not assigned. "
                            "While a node restarts, some data may have no copy at all."));
      break;

    case ODFE_HEALTH_RED:
      g_strv_builder_add (reasons,
                          _("The cluster is red: some data is unavailable already. "
                            "Restarting a node now can make more of it unavailable."));
      break;

    case ODFE_HEALTH_UNKNOWN:
    default:
      g_strv_builder_add (reasons,
                          _("The cluster’s health is not known, so Searchdeck cannot tell "
                            "whether all data stays available while the node restarts."));
      break;
    }

  if (check->only_copies[0] != NULL)
    {
      guint count = g_strv_length (check->only_copies);
      g_autofree char *names = name_shards (check->only_copies);
      g_autofree char *reason = NULL;

      if (count == 1)
        reason = g_strdup_printf (_("%s holds the only copy of shard %s: it can be neither "
                                    "searched nor written until %s is back."),
                                  node, names, node);
      else
        reason = g_strdup_printf (ngettext ("%s holds the only copy of %u shard (%s): it can "
                                            "be neither searched nor written until %s is back.",
                                            "%s holds the only copy of %u shards (%s): they "
                                            "can be neither searched nor written until %s is "
                                            "back.", count),
                                  node, count, names, node);
      g_strv_builder_add (reasons, reason);
    }

  check->reasons = g_strv_builder_end (reasons);
  check->safe = check->reasons[0] == NULL;

  return check;
}
