/* deck-log-view.h: a window that follows one pod's log
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kube-client.h"

G_BEGIN_DECLS

#define DECK_TYPE_LOG_VIEW (deck_log_view_get_type ())

G_DECLARE_FINAL_TYPE (DeckLogView, deck_log_view, DECK, LOG_VIEW, AdwWindow)

/* Follows the log of @pod in @namespace_ from the moment it is shown; the stream is opened
 * again, after a short wait, whenever it ends while the pod still exists. */
DeckLogView *deck_log_view_new               (GtkWindow   *parent,
                                              KubeClient  *client,
                                              const char  *namespace_,
                                              const char  *pod);

/* The most lines the view holds (10,000 unless set); older lines are dropped. */
void         deck_log_view_set_max_lines     (DeckLogView *self,
                                              guint        max_lines);
guint        deck_log_view_get_line_count    (DeckLogView *self);
guint64      deck_log_view_get_dropped_lines (DeckLogView *self);

/* How many times the log stream has been opened, and whether one is open now. */
guint        deck_log_view_get_connections   (DeckLogView *self);
gboolean     deck_log_view_get_connected     (DeckLogView *self);

G_END_DECLS
