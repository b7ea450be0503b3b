/* odfe-config-map.c: the ConfigMap being edited, its replace object, and drafts of edits
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The configuration editor edits the "data" of one ConfigMap.  It keeps the object as the
 * server sent it, so that a save replaces it with everything else untouched and with the
 * resourceVersion it was loaded at: a server whose copy changed meanwhile answers 409 and
 * the editor merges instead of overwriting.
 *
 * Drafts keep unsaved edits across a crash or a restart: one JSON file per (kubeconfig
 * context, namespace, ConfigMap) under $XDG_STATE_HOME/searchdeck/drafts, readable only by
 * the user (a configuration may hold secrets), replaced atomically so that a crash while
 * writing leaves the previous draft whole.  Saves run in worker threads; each save and
 * discard takes a number when it is asked for, and a save older than the last write to
 * its file is dropped, so the newest edits win whatever order the threads run in.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kube-json.h"
#include "odfe-config-map.h"
#include "odfe-error.h"

#define DRAFT_FORMAT      1
#define MAX_KEY_LENGTH    253
#define MAX_FILE_NAME     200

/* ------------------------------------------------------------------------------------ */
/* The ConfigMap */

static GHashTable *
string_table_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static GHashTable *
string_table_copy (GHashTable *table)
{
  GHashTable *copy = string_table_new ();
  GHashTableIter iter;
  gpointer key, value;

  if (table == NULL)
    return copy;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), g_strdup (value));

  return copy;
}

/* Reads an object of strings into a new table; NULL (with @error) when a member is not a
 * string. */
static GHashTable *
string_table_from_json (JsonObject  *object,
                        const char  *what,
                        GError     **error)
{
  g_autoptr(GHashTable) table = string_table_new ();
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (object == NULL)
    return g_steal_pointer (&table);

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &value))
    {
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
        {
          g_set_error (error, ODFE_ERROR, ODFE_ERROR_PROTOCOL,
                       _("The value of “%s” in %s is not text."), key, what);
          return NULL;
        }
      g_hash_table_insert (table, g_strdup (key), g_strdup (json_node_get_string (value)));
    }

  return g_steal_pointer (&table);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* A JSON object of @table's members, in key order so that the text is stable. */
static JsonObject *
string_table_to_json (GHashTable *table)
{
  JsonObject *object = json_object_new ();
  g_autofree gpointer *keys = NULL;
  guint n_keys = 0;

  if (table == NULL)
    return object;

  keys = g_hash_table_get_keys_as_array (table, &n_keys);
  g_qsort_with_data (keys, n_keys, sizeof (gpointer), compare_strings, NULL);
  for (guint i = 0; i < n_keys; i++)
    json_object_set_string_member (object, keys[i], g_hash_table_lookup (table, keys[i]));

  return object;
}

/* A copy of @node sharing nothing with it (json_node_copy() shares objects and arrays). */
static JsonNode *
json_deep_copy (JsonNode *node)
{
  JsonNode *copy;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_object_new ();
        JsonObjectIter iter;
        const char *member;
        JsonNode *value;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &member, &value))
          json_object_set_member (object, member, json_deep_copy (value));
        copy = json_node_new (JSON_NODE_OBJECT);
        json_node_take_object (copy, object);
        return copy;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *source = json_node_get_array (node);
        guint length = json_array_get_length (source);
        JsonArray *array = json_array_sized_new (length);

        for (guint i = 0; i < length; i++)
          json_array_add_element (array, json_deep_copy (json_array_get_element (source, i)));
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

OdfeConfigMap *
odfe_config_map_new_from_json (JsonNode  *object,
                               GError   **error)
{
  g_autoptr(OdfeConfigMap) map = NULL;
  JsonObject *root = kube_json_object (object);
  JsonObject *metadata;
  const char *kind;
  const char *name;

  if (root == NULL)
    {
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_PROTOCOL,
                   _("The server’s answer is not a ConfigMap."));
      return NULL;
    }

  /* Items of a list come without their kind. */
  kind = kube_json_get_string (root, "kind");
  if (kind != NULL && !g_str_equal (kind, "ConfigMap"))
    {
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_PROTOCOL,
                   _("The server’s answer is a %s, not a ConfigMap."), kind);
      return NULL;
    }

  metadata = kube_json_get_object (root, "metadata");
  name = metadata != NULL ? kube_json_get_string (metadata, "name") : NULL;
  if (name == NULL || name[0] == '\0')
    {
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_PROTOCOL,
                   _("The server’s ConfigMap has no name."));
      return NULL;
    }

  if (json_object_has_member (root, "data")
      && !JSON_NODE_HOLDS_NULL (json_object_get_member (root, "data"))
      && kube_json_get_object (root, "data") == NULL)
    {
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_PROTOCOL,
                   _("The data of the ConfigMap “%s” is not a set of files."), name);
      return NULL;
    }

  map = g_new0 (OdfeConfigMap, 1);
  map->name = g_strdup (name);
  map->namespace = g_strdup (kube_json_get_string (metadata, "namespace"));
  map->resource_version = g_strdup (kube_json_get_string (metadata, "resourceVersion"));
  map->uid = g_strdup (kube_json_get_string (metadata, "uid"));
  map->data = string_table_from_json (kube_json_get_object (root, "data"), name, error);
  if (map->data == NULL)
    return NULL;
  map->object = json_deep_copy (object);

  return g_steal_pointer (&map);
}

OdfeConfigMap *
odfe_config_map_copy (const OdfeConfigMap *map)
{
  OdfeConfigMap *copy;

  g_return_val_if_fail (map != NULL, NULL);

  copy = g_new0 (OdfeConfigMap, 1);
  copy->namespace = g_strdup (map->namespace);
  copy->name = g_strdup (map->name);
  copy->resource_version = g_strdup (map->resource_version);
  copy->uid = g_strdup (map->uid);
  copy->data = string_table_copy (map->data);
  copy->object = map->object != NULL ? json_deep_copy (map->object) : NULL;

  return copy;
}

void
odfe_config_map_free (OdfeConfigMap *map)
{
  if (map == NULL)
    return;

  g_free (map->namespace);
  g_free (map->name);
  g_free (map->resource_version);
  g_free (map->uid);
  g_clear_pointer (&map->data, g_hash_table_unref);
  g_clear_pointer (&map->object, json_node_unref);
  g_free (map);
}

JsonNode *
odfe_config_map_build_replace (const OdfeConfigMap *map,
                               GHashTable          *data)
{
  JsonNode *replace;
  JsonObject *root;
  JsonObject *metadata;

  g_return_val_if_fail (map != NULL, NULL);
  g_return_val_if_fail (map->object != NULL, NULL);

  replace = json_deep_copy (map->object);
  root = json_node_get_object (replace);

  json_object_set_string_member (root, "apiVersion", "v1");
  json_object_set_string_member (root, "kind", "ConfigMap");
  json_object_set_object_member (root, "data", string_table_to_json (data));

  metadata = kube_json_get_object (root, "metadata");
  if (metadata == NULL)
    {
      metadata = json_object_new ();
      json_object_set_object_member (root, "metadata", metadata);
    }
  json_object_set_string_member (metadata, "name", map->name);
  if (map->namespace != NULL)
    json_object_set_string_member (metadata, "namespace", map->namespace);
  /* Without a version the server would replace unconditionally. */
  if (map->resource_version != NULL)
    json_object_set_string_member (metadata, "resourceVersion", map->resource_version);
  else
    json_object_remove_member (metadata, "resourceVersion");

  return replace;
}

/* The ConfigMap @volume (an item of a pod spec's "volumes") shows, or NULL. */
static const char *
volume_config_map (JsonObject *volume)
{
  JsonObject *config_map = kube_json_get_object (volume, "configMap");
  JsonObject *projected = kube_json_get_object (volume, "projected");
  JsonArray *sources;

  if (config_map != NULL)
    return kube_json_get_string (config_map, "name");

  sources = projected != NULL ? kube_json_get_array (projected, "sources") : NULL;
  for (guint i = 0; sources != NULL && i < json_array_get_length (sources); i++)
    {
      JsonObject *source = kube_json_object (json_array_get_element (sources, i));
      JsonObject *projected_map = source != NULL ? kube_json_get_object (source, "configMap")
                                                 : NULL;

      if (projected_map != NULL && kube_json_get_string (projected_map, "name") != NULL)
        return kube_json_get_string (projected_map, "name");
    }

  return NULL;
}

static gboolean
is_config_path (const char *path)
{
  static const char * const config_dirs[] = {
    "/usr/share/elasticsearch/config", "/usr/share/opensearch/config",
  };

  for (guint i = 0; i < G_N_ELEMENTS (config_dirs); i++)
    {
      gsize length = strlen (config_dirs[i]);

      if (g_str_has_prefix (path, config_dirs[i])
          && (path[length] == '\0' || path[length] == '/'))
        return TRUE;
    }

  return FALSE;
}

char *
odfe_config_map_name_for_statefulset (JsonNode *statefulset)
{
  JsonObject *pod_spec = kube_json_path_object (statefulset, "spec", "template", "spec",
                                                NULL);
  JsonArray *volumes = pod_spec != NULL ? kube_json_get_array (pod_spec, "volumes") : NULL;
  JsonArray *containers = pod_spec != NULL ? kube_json_get_array (pod_spec, "containers")
                                           : NULL;
  g_autoptr(GHashTable) maps = g_hash_table_new (g_str_hash, g_str_equal);
  const char *first = NULL;

  /* The ConfigMap of each volume, by the volume's name. */
  for (guint i = 0; volumes != NULL && i < json_array_get_length (volumes); i++)
    {
      JsonObject *volume = kube_json_object (json_array_get_element (volumes, i));
      const char *volume_name = volume != NULL ? kube_json_get_string (volume, "name") : NULL;
      const char *map_name = volume != NULL ? volume_config_map (volume) : NULL;

      if (volume_name == NULL || map_name == NULL || map_name[0] == '\0')
        continue;
      if (first == NULL)
        first = map_name;
      g_hash_table_insert (maps, (gpointer) volume_name, (gpointer) map_name);
    }

  /* The one mounted where the node reads its configuration. */
  for (guint i = 0; containers != NULL && i < json_array_get_length (containers); i++)
    {
      JsonObject *container = kube_json_object (json_array_get_element (containers, i));
      JsonArray *mounts = container != NULL ? kube_json_get_array (container, "volumeMounts")
                                            : NULL;

      for (guint j = 0; mounts != NULL && j < json_array_get_length (mounts); j++)
        {
          JsonObject *mount = kube_json_object (json_array_get_element (mounts, j));
          const char *volume_name = mount != NULL ? kube_json_get_string (mount, "name")
                                                  : NULL;
          const char *path = mount != NULL ? kube_json_get_string (mount, "mountPath") : NULL;
          const char *map_name;

          if (volume_name == NULL || path == NULL || !is_config_path (path))
            continue;
          map_name = g_hash_table_lookup (maps, volume_name);
          if (map_name != NULL)
            return g_strdup (map_name);
        }
    }

  return g_strdup (first);
}

gboolean
odfe_config_map_key_is_valid (const char  *key,
                              GError     **error)
{
  g_return_val_if_fail (key != NULL, FALSE);

  if (key[0] == '\0')
    {
      g_set_error_literal (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                           _("A file name cannot be empty."));
      return FALSE;
    }

  if (g_str_equal (key, ".") || g_str_equal (key, ".."))
    {
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                   _("“%s” cannot be a file name."), key);
      return FALSE;
    }

  for (const char *p = key; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
        {
          g_autofree char *shown = NULL;

          if (!g_utf8_validate (key, -1, NULL))
            {
              g_set_error_literal (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                                   _("A file name in a ConfigMap may hold only letters, "
                                     "digits, “-”, “_” and “.”."));
              return FALSE;
            }

          shown = *p == ' ' ? g_strdup (_("a space"))
                            : g_strdup_printf ("“%.*s”",
                                               (int) (g_utf8_next_char (p) - p), p);
          g_set_error (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                       _("A file name in a ConfigMap may hold only letters, digits, “-”, "
                         "“_” and “.”, not %s."), shown);
          return FALSE;
        }
    }

  if (strlen (key) > MAX_KEY_LENGTH)
    {
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                   _("The file name is %lu characters long; a ConfigMap allows at most %d."),
                   (unsigned long) strlen (key), MAX_KEY_LENGTH);
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------------------------ */
/* Drafts */

/* The number each save and discard takes, and per file the newest one written. */
G_LOCK_DEFINE_STATIC (drafts);
static guint64 draft_generation;
static GHashTable *draft_written;       /* path → guint64* */

static guint64
next_generation (void)
{
  guint64 generation;

  G_LOCK (drafts);
  generation = ++draft_generation;
  G_UNLOCK (drafts);

  return generation;
}

/* Under the lock: TRUE when @generation is newer than the last write to @path, which it
 * then becomes. */
static gboolean
claim_generation (const char *path,
                  guint64     generation)
{
  guint64 *written;

  if (draft_written == NULL)
    draft_written = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  written = g_hash_table_lookup (draft_written, path);
  if (written != NULL && *written > generation)
    return FALSE;

  if (written == NULL)
    {
      written = g_new (guint64, 1);
      g_hash_table_insert (draft_written, g_strdup (path), written);
    }
  *written = generation;

  return TRUE;
}

void
odfe_draft_free (OdfeDraft *draft)
{
  if (draft == NULL)
    return;

  g_free (draft->context);
  g_free (draft->namespace);
  g_free (draft->name);
  g_free (draft->resource_version);
  g_clear_pointer (&draft->base, g_hash_table_unref);
  g_clear_pointer (&draft->data, g_hash_table_unref);
  g_free (draft);
}

static OdfeDraft *
draft_copy (const OdfeDraft *draft)
{
  OdfeDraft *copy = g_new0 (OdfeDraft, 1);

  copy->context = g_strdup (draft->context);
  copy->namespace = g_strdup (draft->namespace);
  copy->name = g_strdup (draft->name);
  copy->resource_version = g_strdup (draft->resource_version);
  copy->base = string_table_copy (draft->base);
  copy->data = string_table_copy (draft->data);
  copy->saved_at = draft->saved_at;

  return copy;
}

static char *
drafts_dir (void)
{
  return g_build_filename (g_get_user_state_dir (), "searchdeck", "drafts", NULL);
}

char *
odfe_draft_path (const char *context,
                 const char *namespace,
                 const char *name)
{
  g_autofree char *dir = drafts_dir ();
  g_autofree char *escaped_context = NULL;
  g_autofree char *escaped_namespace = NULL;
  g_autofree char *escaped_name = NULL;
  g_autofree char *file_name = NULL;

  g_return_val_if_fail (context != NULL, NULL);
  g_return_val_if_fail (namespace != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  /* Escaping leaves only letters, digits and "-._~", so "+" separates unambiguously and
   * no name can climb out of the directory. */
  escaped_context = g_uri_escape_string (context, NULL, FALSE);
  escaped_namespace = g_uri_escape_string (namespace, NULL, FALSE);
  escaped_name = g_uri_escape_string (name, NULL, FALSE);
  file_name = g_strconcat (escaped_context, "+", escaped_namespace, "+", escaped_name,
                           ".json", NULL);

  /* A long context name (a cloud's cluster ARN, say) is hashed to fit a file name. */
  if (strlen (file_name) > MAX_FILE_NAME)
    {
      g_autofree char *joined = g_strconcat (context, "\n", namespace, "\n", name, NULL);
      g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, joined, -1);

      g_free (file_name);
      file_name = g_strconcat (digest, ".json", NULL);
    }

  return g_build_filename (dir, file_name, NULL);
}

static char *
draft_to_text (const OdfeDraft *draft,
               gint64           saved_at)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *root = json_object_new ();

  json_object_set_int_member (root, "format", DRAFT_FORMAT);
  json_object_set_string_member (root, "context", draft->context);
  json_object_set_string_member (root, "namespace", draft->namespace);
  json_object_set_string_member (root, "name", draft->name);
  if (draft->resource_version != NULL)
    json_object_set_string_member (root, "resourceVersion", draft->resource_version);
  json_object_set_int_member (root, "savedAt", saved_at);
  json_object_set_object_member (root, "base", string_table_to_json (draft->base));
  json_object_set_object_member (root, "data", string_table_to_json (draft->data));
  json_node_take_object (node, root);

  return json_to_string (node, TRUE);
}

typedef struct
{
  OdfeDraft *draft;
  char      *path;
  guint64    generation;
} SaveData;

static void
save_data_free (SaveData *data)
{
  odfe_draft_free (data->draft);
  g_free (data->path);
  g_free (data);
}

static gboolean
write_draft (SaveData      *data,
             GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (data->path);
  g_autofree char *text = NULL;
  gboolean written = TRUE;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot make the folder for unsaved edits, %s: %s"), dir,
                   g_strerror (saved_errno));
      return FALSE;
    }

  text = draft_to_text (data->draft, g_get_real_time ());

  /* Writing holds the lock, so that an older save cannot overwrite a newer one. */
  G_LOCK (drafts);
  if (claim_generation (data->path, data->generation))
    written = g_file_set_contents_full (data->path, text, -1,
                                        G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
  G_UNLOCK (drafts);

  return written;
}

static void
save_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!write_draft (task_data, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
odfe_draft_save_async (const OdfeDraft     *draft,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (draft != NULL);
  g_return_if_fail (draft->context != NULL && draft->namespace != NULL && draft->name != NULL);

  data = g_new0 (SaveData, 1);
  data->draft = draft_copy (draft);
  data->path = odfe_draft_path (draft->context, draft->namespace, draft->name);
  data->generation = next_generation ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, odfe_draft_save_async);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_in_thread);
}

gboolean
odfe_draft_save_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == odfe_draft_save_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
draft_unreadable (GError     **error,
                  const char  *path,
                  const char  *reason)
{
  g_set_error (error, ODFE_ERROR, ODFE_ERROR_CONFIG,
               _("The unsaved edits kept in %s cannot be read: %s"), path, reason);
  return FALSE;
}

static const char *
required_string (JsonObject *root,
                 const char *member)
{
  const char *value = kube_json_get_string (root, member);

  return value != NULL ? value : "";
}

OdfeDraft *
odfe_draft_load (const char  *context,
                 const char  *namespace,
                 const char  *name,
                 GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(OdfeDraft) draft = NULL;
  JsonObject *root;
  gsize length;

  g_return_val_if_fail (context != NULL && namespace != NULL && name != NULL, NULL);

  path = odfe_draft_path (context, namespace, name);
  if (!g_file_get_contents (path, &text, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return NULL;
      draft_unreadable (error, path, local_error->message);
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, length, &local_error))
    {
      draft_unreadable (error, path, local_error->message);
      return NULL;
    }

  root = kube_json_object (json_parser_get_root (parser));
  if (root == NULL || kube_json_get_int (root, "format", 0) != DRAFT_FORMAT)
    {
      draft_unreadable (error, path, _("it is not a draft Searchdeck wrote"));
      return NULL;
    }

  /* A hashed file name could in theory be another ConfigMap's. */
  if (!g_str_equal (required_string (root, "context"), context)
      || !g_str_equal (required_string (root, "namespace"), namespace)
      || !g_str_equal (required_string (root, "name"), name))
    {
      draft_unreadable (error, path, _("it belongs to another ConfigMap"));
      return NULL;
    }

  if (kube_json_get_object (root, "data") == NULL
      || (json_object_has_member (root, "base") && kube_json_get_object (root, "base") == NULL))
    {
      draft_unreadable (error, path, _("it holds no edits"));
      return NULL;
    }

  draft = g_new0 (OdfeDraft, 1);
  draft->context = g_strdup (context);
  draft->namespace = g_strdup (namespace);
  draft->name = g_strdup (name);
  draft->resource_version = g_strdup (kube_json_get_string (root, "resourceVersion"));
  draft->saved_at = kube_json_get_int (root, "savedAt", 0);
  draft->base = string_table_from_json (kube_json_get_object (root, "base"), path,
                                        &local_error);
  if (draft->base != NULL)
    draft->data = string_table_from_json (kube_json_get_object (root, "data"), path,
                                          &local_error);
  if (draft->base == NULL || draft->data == NULL)
    {
      draft_unreadable (error, path, local_error->message);
      return NULL;
    }
  return g_steal_pointer (&draft);
}

gboolean
odfe_draft_discard (const char  *context,
                    const char  *namespace,
                    const char  *name,
                    GError     **error)
{
  g_autofree char *path = NULL;
  int saved_errno = 0;
  guint64 generation;

  g_return_val_if_fail (context != NULL && namespace != NULL && name != NULL, FALSE);

  path = odfe_draft_path (context, namespace, name);
  generation = next_generation ();

  /* Saves asked for before the discard are dropped when their turn comes. */
  G_LOCK (drafts);
  claim_generation (path, generation);
  if (g_unlink (path) != 0)
    saved_errno = errno;
  G_UNLOCK (drafts);

  if (saved_errno != 0 && saved_errno != ENOENT)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot remove the unsaved edits kept in %s: %s"), path,
                   g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}
