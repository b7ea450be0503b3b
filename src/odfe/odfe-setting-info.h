/* odfe-setting-info.h: which elasticsearch.yml settings need a restart, and what changed
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  ODFE_SETTING_APPLY_UNKNOWN,     /* not a setting Searchdeck knows */
  ODFE_SETTING_APPLY_STATIC,      /* read at node start: needs a restart */
  ODFE_SETTING_APPLY_DYNAMIC,     /* can be changed live (_cluster/settings) */
} OdfeSettingApply;

/* @key is a flattened dotted key ("opendistro_security.ssl.http.enabled").  Knows every
 * setting in the Open Distro reference's production elasticsearch.yml (and the OpenSearch
 * "plugins.security." forms), plus common node settings (cluster.name, node.*, network.*,
 * discovery.*, cluster.initial_master_nodes, path.*, http.*, transport.*, bootstrap.*; these
 * are static) and well-known dynamic ones (cluster.routing.allocation.*, indices.recovery.*,
 * action.auto_create_index, ...). */
OdfeSettingApply odfe_setting_apply    (const char *key);

/* A short translated description of what @key does, or NULL if unknown. */
const char      *odfe_setting_describe (const char *key);

typedef struct
{
  char            *key;           /* flattened dotted key */
  char            *old_value;     /* NULL when added */
  char            *new_value;     /* NULL when removed */
  OdfeSettingApply apply;
} OdfeSettingChange;

void       odfe_setting_change_free          (OdfeSettingChange  *change);

/* Settings that differ between two elasticsearch.yml texts (flattened as odfe-settings.h
 * does), sorted by key.  Fails (ODFE_ERROR_CONFIG) when either is not valid YAML.  NULL
 * texts are empty files. */
GPtrArray *odfe_setting_changes              (const char         *old_text,
                                              const char         *new_text,
                                              GError            **error);

/* TRUE when any change in @changes is STATIC (an UNKNOWN one counts as static too: a node
 * reads elasticsearch.yml only at start). */
gboolean   odfe_setting_changes_need_restart (GPtrArray          *changes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OdfeSettingChange, odfe_setting_change_free)

G_END_DECLS
