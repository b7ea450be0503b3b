/* odfe-config-map.h: the ConfigMap being edited, its replace object, and drafts of edits
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  char       *namespace;
  char       *name;
  char       *resource_version;
  char       *uid;
  GHashTable *data;               /* key → text (only "data"; binaryData is kept in @object
                                   * untouched) */
  JsonNode   *object;             /* the whole object as the server returned it */
} OdfeConfigMap;

/* Reads a ConfigMap object as the API server returns it.  Fails with ODFE_ERROR_PROTOCOL
 * when it is not a ConfigMap with a name, or a data value is not a string. */
OdfeConfigMap *odfe_config_map_new_from_json        (JsonNode            *object,
                                                     GError             **error);
OdfeConfigMap *odfe_config_map_copy                 (const OdfeConfigMap *map);
void           odfe_config_map_free                 (OdfeConfigMap       *map);

/* The object to send with a replace: @map->object with "data" set to @data and
 * metadata.resourceVersion set to @map->resource_version (so a stale save gets 409). */
JsonNode      *odfe_config_map_build_replace        (const OdfeConfigMap *map,
                                                     GHashTable          *data);

/* The ConfigMap a StatefulSet mounts as its Elasticsearch config (a configMap volume mounted
 * under /usr/share/elasticsearch/config, or the first configMap volume); NULL if none.
 * Searchdeck's own clusters: "elasticsearch-config".  OpenSearch's config directory
 * (/usr/share/opensearch/config) counts too, and a projected volume's first ConfigMap.  The
 * Open Distro Helm chart as released mounts a Secret there: then NULL. */
char          *odfe_config_map_name_for_statefulset (JsonNode            *statefulset);

/* Is @key a valid ConfigMap key ([-._a-zA-Z0-9]+, at most 253, not "." or "..")?
 * On FALSE @error (ODFE_ERROR_INVALID) says why in a sentence. */
gboolean       odfe_config_map_key_is_valid         (const char          *key,
                                                     GError             **error);

/* Drafts: unsaved edits kept under $XDG_STATE_HOME/searchdeck/drafts/ (g_get_user_state_dir),
 * one JSON file per (context, namespace, ConfigMap), written atomically with mode 0600. */
typedef struct
{
  char       *context;
  char       *namespace;
  char       *name;
  char       *resource_version;   /* the version the edits started from */
  GHashTable *base;               /* key → text as loaded (for the merge after a restart) */
  GHashTable *data;               /* key → text as edited */
  gint64      saved_at;           /* g_get_real_time () at writing */
} OdfeDraft;

void       odfe_draft_free        (OdfeDraft           *draft);
/* The draft file's path; the names are escaped, so any context name is safe. */
char      *odfe_draft_path        (const char          *context,
                                   const char          *namespace,
                                   const char          *name);
/* Writes @draft (copied at the call, so it may be freed at once) in a worker thread. */
void       odfe_draft_save_async  (const OdfeDraft     *draft,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
gboolean   odfe_draft_save_finish (GAsyncResult        *result,
                                   GError             **error);
/* NULL without an error when there is no draft; an error when it exists but cannot be read. */
OdfeDraft *odfe_draft_load        (const char          *context,
                                   const char          *namespace,
                                   const char          *name,
                                   GError             **error);
/* Removes the draft; no draft is no error. */
gboolean   odfe_draft_discard     (const char          *context,
                                   const char          *namespace,
                                   const char          *name,
                                   GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OdfeConfigMap, odfe_config_map_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OdfeDraft, odfe_draft_free)

G_END_DECLS
