/* odfe-shards.h: where a search cluster's shard copies are, and whether a node may restart
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "odfe-client.h"

G_BEGIN_DECLS

/* One row of GET /_cat/shards: one copy of one shard.  Every member is the server's string,
 * NULL when it was missing (an unassigned copy has no node). */
typedef struct
{
  char *index;
  char *shard;                    /* "0" */
  char *prirep;                   /* "p" or "r" */
  char *state;                    /* "STARTED", "RELOCATING", "INITIALIZING", "UNASSIGNED" */
  char *node;
} OdfeShard;

void        odfe_shard_free           (OdfeShard   *shard);

/* Whether this copy serves searches and holds the shard's data now (STARTED or RELOCATING). */
gboolean    odfe_shard_is_active      (const OdfeShard *shard);

/* The rows of `_cat/shards?format=json`, in the server's order.  Rows that are not objects
 * or lack an index or shard number are skipped; fails with ODFE_ERROR_PROTOCOL when the
 * answer is not an array. */
GPtrArray  *odfe_cat_shards_parse     (JsonNode    *root,
                                       GError     **error);

/* The result is a GPtrArray of OdfeShard. */
void        odfe_client_cat_shards_async  (OdfeClient          *client,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GPtrArray  *odfe_client_cat_shards_finish (OdfeClient          *client,
                                           GAsyncResult        *result,
                                           GError             **error);

/* Whether restarting one node now would keep every shard available, and if not, why. */
typedef struct
{
  gboolean  safe;
  GStrv     reasons;              /* sentences for the user, never NULL; empty when safe */
  GStrv     only_copies;          /* "index [shard]" of the shards whose only active copy
                                   * the node holds, never NULL */
} OdfeRestartCheck;

void              odfe_restart_check_free (OdfeRestartCheck *check);

/* @health may be NULL (not known: not safe); @shards is a GPtrArray of OdfeShard; @node is
 * the node's name, which for Searchdeck's clusters is the pod's name.  It is not safe when
 * the cluster is not green, or when @node holds the only active copy of a shard. */
OdfeRestartCheck *odfe_pod_restart_check  (const OdfeHealth *health,
                                           GPtrArray        *shards,
                                           const char       *node);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OdfeShard, odfe_shard_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OdfeRestartCheck, odfe_restart_check_free)

G_END_DECLS
