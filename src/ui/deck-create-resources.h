/* deck-create-resources.h: the New Cluster assistant's third step, each node's resources
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kube-client.h"
#include "odfe-spec.h"

G_BEGIN_DECLS

#define DECK_TYPE_CREATE_RESOURCES (deck_create_resources_get_type ())

G_DECLARE_FINAL_TYPE (DeckCreateResources, deck_create_resources, DECK, CREATE_RESOURCES,
                      AdwBin)

/* Fills the fields from @spec's values (the defaults, at first). */
void         deck_create_resources_set_spec       (DeckCreateResources *self,
                                                   const OdfeClusterSpec *spec);
/* Lists the StorageClasses through @client (NULL: none can be listed). */
void         deck_create_resources_set_client     (DeckCreateResources *self,
                                                   KubeClient          *client);

/* The fields as typed, for tests: CPU ("1", "500m"), memory, heap and storage ("2Gi"). */
void         deck_create_resources_set_cpu        (DeckCreateResources *self,
                                                   const char          *text);
void         deck_create_resources_set_memory     (DeckCreateResources *self,
                                                   const char          *text);
void         deck_create_resources_set_heap       (DeckCreateResources *self,
                                                   const char          *text);
const char  *deck_create_resources_get_heap       (DeckCreateResources *self);
void         deck_create_resources_set_storage    (DeckCreateResources *self,
                                                   const char          *text);

/* The StorageClasses offered (with the default one marked) once listed, and the note
 * shown when there are none or they cannot be listed (NULL otherwise). */
GListModel  *deck_create_resources_get_storage_classes (DeckCreateResources *self);
gboolean     deck_create_resources_get_classes_known   (DeckCreateResources *self);
/* Chooses the StorageClass @name among those listed; FALSE when it is not one of them. */
gboolean     deck_create_resources_choose_class        (DeckCreateResources *self,
                                                        const char          *name);
const char  *deck_create_resources_get_storage_note    (DeckCreateResources *self);

gboolean     deck_create_resources_get_valid      (DeckCreateResources *self);
/* The sentence under the node's resources, and under the storage (NULL when fine). */
const char  *deck_create_resources_get_message    (DeckCreateResources *self);
const char  *deck_create_resources_get_storage_message (DeckCreateResources *self);

void         deck_create_resources_apply          (DeckCreateResources *self,
                                                   OdfeClusterSpec     *spec);

G_END_DECLS
