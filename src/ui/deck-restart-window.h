/* deck-restart-window.h: the rolling restart of a whole search cluster, asked and followed
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kube-client.h"
#include "odfe-client.h"
#include "odfe-restart.h"

G_BEGIN_DECLS

#define DECK_TYPE_RESTART_WINDOW (deck_restart_window_get_type ())

G_DECLARE_FINAL_TYPE (DeckRestartWindow, deck_restart_window, DECK, RESTART_WINDOW, AdwWindow)

/* A modal window over @parent that first says what a rolling restart of the StatefulSet
 * @namespace/@statefulset will do and, once Start is pressed, restarts it through @kube and
 * @odfe and shows each pod's state, the cluster's health and how it ended. */
GtkWidget          *deck_restart_window_new          (GtkWindow         *parent,
                                                      KubeClient        *kube,
                                                      OdfeClient        *odfe,
                                                      const char        *namespace,
                                                      const char        *statefulset);

/* How long the restart waits for green and for a pod to be Ready again (see
 * odfe_rolling_restart_set_timeouts()); takes effect at Start. */
void                deck_restart_window_set_timeouts (DeckRestartWindow *self,
                                                      guint              health_seconds,
                                                      guint              ready_seconds);

/* What the buttons do, for tests: Start (with the switch as it is) and Cancel. */
void                deck_restart_window_start        (DeckRestartWindow *self);
void                deck_restart_window_cancel       (DeckRestartWindow *self);

/* What the window shows, for tests: the restart (NULL before Start), the state text of the
 * row of pod @index (NULL when there is no such row), the health text, and the outcome
 * sentence (NULL until the restart has ended) with whether it succeeded. */
OdfeRollingRestart *deck_restart_window_get_restart   (DeckRestartWindow *self);
guint               deck_restart_window_get_n_rows    (DeckRestartWindow *self);
const char         *deck_restart_window_get_row_pod   (DeckRestartWindow *self,
                                                       guint              index);
const char         *deck_restart_window_get_row_state (DeckRestartWindow *self,
                                                       guint              index);
const char         *deck_restart_window_get_health_text (DeckRestartWindow *self);
const char         *deck_restart_window_get_outcome   (DeckRestartWindow *self);
gboolean            deck_restart_window_get_succeeded (DeckRestartWindow *self);
GtkSwitch          *deck_restart_window_get_limit_switch (DeckRestartWindow *self);

G_END_DECLS
