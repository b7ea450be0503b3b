/* deck-events-view.h: a window of the Kubernetes events about one pod, newest first, live
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kube-client.h"

G_BEGIN_DECLS

#define DECK_TYPE_EVENTS_VIEW (deck_events_view_get_type ())

G_DECLARE_FINAL_TYPE (DeckEventsView, deck_events_view, DECK, EVENTS_VIEW, AdwWindow)

/* Lists and watches the events of namespace @namespace_ about the pod @pod (of every pod of
 * that name: a pod replaced by its StatefulSet keeps its name), from the moment it is made. */
DeckEventsView *deck_events_view_new       (GtkWindow      *parent,
                                            KubeClient     *client,
                                            const char     *namespace_,
                                            const char     *pod);

/* For tests: the events as the list shows them (KubeObjects, newest first), and what the
 * window shows: "loading", "events", "empty" or "error". */
GListModel     *deck_events_view_get_model (DeckEventsView *self);
const char     *deck_events_view_get_state (DeckEventsView *self);

G_END_DECLS
