/* deck-application.h: the Searchdeck application object
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DECK_TYPE_APPLICATION (deck_application_get_type ())

G_DECLARE_FINAL_TYPE (DeckApplication, deck_application, DECK, APPLICATION, AdwApplication)

DeckApplication *deck_application_new            (void);
GSettings       *deck_application_get_settings   (DeckApplication *self);

/* The build and runtime versions of the libraries Searchdeck rests on, one
 * per line: what `--version` prints and what the About window offers. */
char            *deck_application_get_debug_info (void);

G_END_DECLS
