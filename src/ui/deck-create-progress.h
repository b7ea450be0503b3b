/* deck-create-progress.h: the New Cluster assistant's last step, the creation followed
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kube-client.h"
#include "odfe-create.h"
#include "odfe-spec.h"

G_BEGIN_DECLS

#define DECK_TYPE_CREATE_PROGRESS (deck_create_progress_get_type ())

G_DECLARE_FINAL_TYPE (DeckCreateProgress, deck_create_progress, DECK, CREATE_PROGRESS, AdwBin)

/* Creates @objects (from odfe_manifests_build for @spec) through @client and follows the
 * cluster until green; ::finished tells how it ended.  @timeout_seconds: how long to wait
 * for green (0: the odfe layer's default). */
void                 deck_create_progress_start          (DeckCreateProgress    *self,
                                                          KubeClient            *client,
                                                          const OdfeClusterSpec *spec,
                                                          GPtrArray             *objects,
                                                          const char            *ca_pem,
                                                          gboolean               keep_on_failure,
                                                          guint                  timeout_seconds);
/* A sentence under the outcome (NULL hides it). */
void                 deck_create_progress_set_note       (DeckCreateProgress    *self,
                                                          const char            *note);
/* Stops the creation: what it made is deleted again (unless kept), then it ends as
 * stopped. */
void                 deck_create_progress_stop           (DeckCreateProgress    *self);
gboolean             deck_create_progress_get_stopping   (DeckCreateProgress    *self);

gboolean             deck_create_progress_get_running    (DeckCreateProgress    *self);
OdfeClusterCreation *deck_create_progress_get_creation   (DeckCreateProgress    *self);
/* Once ended: whether the cluster turned green, and if not the error shown. */
gboolean             deck_create_progress_get_succeeded  (DeckCreateProgress    *self);
const char          *deck_create_progress_get_error      (DeckCreateProgress    *self);
/* What the rows show, for tests. */
guint                deck_create_progress_get_n_object_rows (DeckCreateProgress *self);
const char          *deck_create_progress_get_object_row_state (DeckCreateProgress *self,
                                                          guint                  index);
const char          *deck_create_progress_get_health_text (DeckCreateProgress   *self);

G_END_DECLS
