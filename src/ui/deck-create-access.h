/* deck-create-access.h: the New Cluster assistant's fifth step, how the cluster is reached
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "odfe-spec.h"

G_BEGIN_DECLS

#define DECK_TYPE_CREATE_ACCESS (deck_create_access_get_type ())

G_DECLARE_FINAL_TYPE (DeckCreateAccess, deck_create_access, DECK, CREATE_ACCESS, AdwBin)

void         deck_create_access_set_spec        (DeckCreateAccess      *self,
                                                 const OdfeClusterSpec *spec);
void         deck_create_access_set_exposure    (DeckCreateAccess      *self,
                                                 OdfeExposure           exposure);
/* The non-root variant: no privileged init container. */
void         deck_create_access_set_non_root    (DeckCreateAccess      *self,
                                                 gboolean               non_root);
gboolean     deck_create_access_get_non_root    (DeckCreateAccess      *self);

void         deck_create_access_apply           (DeckCreateAccess      *self,
                                                 OdfeClusterSpec       *spec);

G_END_DECLS
