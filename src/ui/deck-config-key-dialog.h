/* deck-config-key-dialog.h: the name of a new key of a ConfigMap, or a key's new name
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DECK_TYPE_CONFIG_KEY_DIALOG (deck_config_key_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DeckConfigKeyDialog, deck_config_key_dialog, DECK, CONFIG_KEY_DIALOG,
                      AdwMessageDialog)

/* Asks for a key name over @parent: a new key when @key is NULL, else @key's new name.
 * A name is accepted when odfe_config_map_key_is_valid() says so and it is none of
 * @existing (NULL-terminated; may be NULL); until then the reason shows under the entry
 * and the button is off.  ::chosen (const char *name) is emitted when it is accepted. */
GtkWidget  *deck_config_key_dialog_new            (GtkWindow           *parent,
                                                   const char          *key,
                                                   const char * const  *existing);

/* For tests: types @text into the entry; the reason it is refused (or NULL); accepts it as
 * the button does (FALSE when refused). */
void        deck_config_key_dialog_set_text       (DeckConfigKeyDialog *self,
                                                   const char          *text);
const char *deck_config_key_dialog_get_error_text (DeckConfigKeyDialog *self);
gboolean    deck_config_key_dialog_accept         (DeckConfigKeyDialog *self);

G_END_DECLS
