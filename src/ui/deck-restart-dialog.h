/* deck-restart-dialog.h: the confirmation before a search node's pod is deleted to restart it
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "odfe-client.h"

G_BEGIN_DECLS

#define DECK_TYPE_RESTART_DIALOG (deck_restart_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DeckRestartDialog, deck_restart_dialog, DECK, RESTART_DIALOG,
                      AdwMessageDialog)

/* The response that restarts; the other one is "cancel". */
#define DECK_RESTART_RESPONSE "restart"

/* Asks whether to restart the pod @pod_name, after asking the search cluster through @odfe
 * (NULL: not reached yet) whether its node may go now.  Until the answer comes, Restart
 * cannot be chosen; when it is not safe the dialog says why and Cancel is the default. */
GtkWidget *deck_restart_dialog_new         (GtkWindow         *parent,
                                            OdfeClient        *odfe,
                                            const char        *pod_name);

const char *deck_restart_dialog_get_pod_name (DeckRestartDialog *self);
/* Whether the cluster has answered (or failed to), and then whether restarting is safe.
 * ::notify::checked tells when. */
gboolean   deck_restart_dialog_get_checked (DeckRestartDialog *self);
gboolean   deck_restart_dialog_get_safe    (DeckRestartDialog *self);

G_END_DECLS
