/* deck-create-where.h: the New Cluster assistant's first step, where the cluster goes
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kube-client.h"
#include "kube-config.h"
#include "odfe-spec.h"

G_BEGIN_DECLS

#define DECK_TYPE_CREATE_WHERE (deck_create_where_get_type ())

G_DECLARE_FINAL_TYPE (DeckCreateWhere, deck_create_where, DECK, CREATE_WHERE, AdwBin)

/* Offers the contexts of @config, @context chosen (NULL: the kubeconfig's current one). */
void         deck_create_where_set_config          (DeckCreateWhere *self,
                                                    KubeConfig      *config,
                                                    const char      *context);
/* The context chosen; the :context property follows it. */
const char  *deck_create_where_get_context         (DeckCreateWhere *self);
/* The context's namespace in the kubeconfig ("default" when it names none). */
const char  *deck_create_where_get_context_namespace (DeckCreateWhere *self);

/* Lists the namespaces through @client, the chosen context's (NULL when it cannot be
 * reached, with @error saying why; both NULL while the caller is making it). */
void         deck_create_where_set_client          (DeckCreateWhere *self,
                                                    KubeClient      *client,
                                                    const GError    *error);

/* The name of the cluster, which a new namespace is named after until the user edits it. */
void         deck_create_where_set_cluster_name    (DeckCreateWhere *self,
                                                    const char      *name);

/* Whether the namespaces are known (listed), and whether @name is one of them. */
gboolean     deck_create_where_get_namespaces_known (DeckCreateWhere *self);
gboolean     deck_create_where_namespace_exists    (DeckCreateWhere *self,
                                                    const char      *name);

/* The namespace chosen or typed, and whether it is to be created. */
const char  *deck_create_where_get_namespace       (DeckCreateWhere *self);
gboolean     deck_create_where_get_create_namespace (DeckCreateWhere *self);
/* Chooses between a new namespace (@existing NULL) and the existing one @existing. */
gboolean     deck_create_where_choose_existing     (DeckCreateWhere *self,
                                                    const char      *existing);
void         deck_create_where_set_new_namespace   (DeckCreateWhere *self,
                                                    const char      *name);

/* Whether the step can be left with Next, and the sentence shown at the field when not. */
gboolean     deck_create_where_get_valid           (DeckCreateWhere *self);
const char  *deck_create_where_get_message         (DeckCreateWhere *self);
/* Why an existing namespace cannot be chosen (NULL when it can, or is not listed). */
const char  *deck_create_where_get_namespace_reason (DeckCreateWhere *self,
                                                    const char      *name);

void         deck_create_where_apply               (DeckCreateWhere *self,
                                                    OdfeClusterSpec *spec);

G_END_DECLS
