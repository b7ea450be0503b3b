/* deck-credentials-dialog.h: asks for a search cluster's user name and password
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DECK_TYPE_CREDENTIALS_DIALOG (deck_credentials_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DeckCredentialsDialog, deck_credentials_dialog,
                      DECK, CREDENTIALS_DIALOG, AdwMessageDialog)

/* A dialog for the cluster @cluster in @namespace, transient for @parent, with
 * @user_name filled in (NULL: "admin").  When @refused, it says the last
 * password was not accepted.  It answers ::response with "sign-in" or
 * "cancel". */
GtkWidget  *deck_credentials_dialog_new           (GtkWindow             *parent,
                                                   const char            *namespace,
                                                   const char            *cluster,
                                                   const char            *user_name,
                                                   gboolean               refused);
const char *deck_credentials_dialog_get_user_name (DeckCredentialsDialog *self);
const char *deck_credentials_dialog_get_password  (DeckCredentialsDialog *self);

G_END_DECLS
