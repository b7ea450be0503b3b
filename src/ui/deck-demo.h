/* deck-demo.h: the demo mode's private Kubernetes, a searchdeck-sandbox child
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DECK_TYPE_DEMO (deck_demo_get_type ())

G_DECLARE_FINAL_TYPE (DeckDemo, deck_demo, DECK, DEMO, GObject)

DeckDemo   *deck_demo_new                (void);

/* Starts the sandbox with one healthy demo cluster and finishes once it
 * serves, or with an error that says why it could not start. */
void        deck_demo_start_async        (DeckDemo             *self,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean    deck_demo_start_finish       (DeckDemo             *self,
                                          GAsyncResult         *result,
                                          GError              **error);

/* The kubeconfig the sandbox wrote for itself, once started. */
const char *deck_demo_get_kubeconfig     (DeckDemo             *self);
/* The folder holding it, the CA and the demo cluster's admin password. */
const char *deck_demo_get_state_dir      (DeckDemo             *self);
gboolean    deck_demo_is_running         (DeckDemo             *self);

/* Asks the sandbox to stop (it also stops by itself when Searchdeck exits,
 * however it exits, since it watches its standard input). */
void        deck_demo_stop               (DeckDemo             *self);

/* Where the sandbox program is: $SEARCHDECK_SANDBOX, else beside this
 * program in a build tree, else where it is installed. */
char       *deck_demo_find_sandbox       (void);

G_END_DECLS
