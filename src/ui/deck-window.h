/* deck-window.h: the main window, a sidebar of kubeconfig contexts beside
 * the content for the chosen one
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "deck-application.h"
#include "deck-cluster-list.h"
#include "deck-cluster-page.h"

G_BEGIN_DECLS

#define DECK_TYPE_WINDOW (deck_window_get_type ())

G_DECLARE_FINAL_TYPE (DeckWindow, deck_window, DECK, WINDOW, AdwApplicationWindow)

DeckWindow *deck_window_new                  (DeckApplication *application);

/* What the window shows now: "loading" (until the first read ends), "no-kubeconfig",
 * "malformed", "no-contexts" or
 * "context".  Tests and the sidebar logic read it. */
const char *deck_window_get_state            (DeckWindow      *self);
/* The name of the context shown, or NULL. */
const char *deck_window_get_selected_context (DeckWindow      *self);
gboolean    deck_window_select_context       (DeckWindow      *self,
                                              const char      *name);
/* Reads @path instead of the user's kubeconfig from now on; @is_demo marks
 * the window as showing the demo's simulated Kubernetes. */
void        deck_window_use_kubeconfig       (DeckWindow      *self,
                                              const char      *path,
                                              gboolean         is_demo);
void        deck_window_show_demo_starting   (DeckWindow      *self);
void        deck_window_show_demo_failure    (DeckWindow      *self,
                                              const GError    *error);
/* The sidebar's list of contexts, one GtkListBoxRow per context. */
GtkListBox *deck_window_get_context_list     (DeckWindow      *self);

/* The sidebar's namespaces and search clusters of the context shown. */
DeckClusterList *deck_window_get_cluster_list (DeckWindow    *self);

/* The page of the cluster shown, with its Overview, Pods and Configuration views. */
DeckClusterPage *deck_window_get_cluster_page (DeckWindow    *self);

/* Shows the cluster @namespace/@name of @context on its Overview, as soon as the sidebar
 * lists it (a cluster just created may not be listed yet). */
void        deck_window_open_cluster         (DeckWindow      *self,
                                              const char      *context,
                                              const char      *namespace,
                                              const char      *name);

G_END_DECLS
