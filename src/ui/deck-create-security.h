/* deck-create-security.h: the New Cluster assistant's fourth step, security
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "odfe-spec.h"

G_BEGIN_DECLS

#define DECK_TYPE_CREATE_SECURITY (deck_create_security_get_type ())

G_DECLARE_FINAL_TYPE (DeckCreateSecurity, deck_create_security, DECK, CREATE_SECURITY, AdwBin)

/* Fills the fields from @spec (audit logging, certificate validity, key size). */
void         deck_create_security_set_spec          (DeckCreateSecurity    *self,
                                                     const OdfeClusterSpec *spec);

/* A generated password (the default) or one typed (@typed); the typed text. */
void         deck_create_security_use_typed         (DeckCreateSecurity *self,
                                                     gboolean            typed);
void         deck_create_security_set_typed_password (DeckCreateSecurity *self,
                                                     const char         *password);
/* The admin password as it will be used. */
const char  *deck_create_security_get_password      (DeckCreateSecurity *self);
/* The typed password's strength (0 to 4) and the hint shown under it (NULL when strong). */
guint        deck_create_security_get_strength      (DeckCreateSecurity *self);
const char  *deck_create_security_get_hint          (DeckCreateSecurity *self);

/* Copies the generated password to the clipboard, as its Copy button does. */
void         deck_create_security_copy_password     (DeckCreateSecurity *self);

gboolean     deck_create_security_get_valid         (DeckCreateSecurity *self);
const char  *deck_create_security_get_message       (DeckCreateSecurity *self);

void         deck_create_security_apply             (DeckCreateSecurity *self,
                                                     OdfeClusterSpec    *spec);

G_END_DECLS
