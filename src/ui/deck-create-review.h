/* deck-create-review.h: the New Cluster assistant's sixth step, the objects and the checks
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kube-client.h"
#include "odfe-preflight.h"
#include "odfe-spec.h"

G_BEGIN_DECLS

#define DECK_TYPE_CREATE_REVIEW (deck_create_review_get_type ())

G_DECLARE_FINAL_TYPE (DeckCreateReview, deck_create_review, DECK, CREATE_REVIEW, AdwBin)

/* Makes the objects for @spec (again only when it changed since last time) in a worker
 * thread, and runs the preflight through @client, showing each check's result. */
void                deck_create_review_prepare       (DeckCreateReview      *self,
                                                      KubeClient            *client,
                                                      const OdfeClusterSpec *spec);
/* Stops whatever is under way (the user went back). */
void                deck_create_review_stop          (DeckCreateReview      *self);

/* Whether Create may start (objects made, no check failed), and if not, why. */
gboolean            deck_create_review_get_can_create (DeckCreateReview     *self);
const char         *deck_create_review_get_reason     (DeckCreateReview     *self);
/* TRUE while the objects are being made. */
gboolean            deck_create_review_get_generating (DeckCreateReview     *self);

/* Once made: the objects (JsonNode, in creation order), their YAML, the cluster's root CA
 * (PEM) and the spec they were made from. */
GPtrArray          *deck_create_review_get_objects    (DeckCreateReview     *self);
const char         *deck_create_review_get_yaml       (DeckCreateReview     *self);
const char         *deck_create_review_get_ca_pem     (DeckCreateReview     *self);
const OdfeClusterSpec *deck_create_review_get_spec    (DeckCreateReview     *self);
/* The text the YAML view shows. */
char               *deck_create_review_get_shown_yaml (DeckCreateReview     *self);

/* The preflight of the last prepare, and the rows shown for it: title, detail, state. */
OdfePreflight      *deck_create_review_get_preflight  (DeckCreateReview     *self);
guint               deck_create_review_get_n_check_rows (DeckCreateReview   *self);
const char         *deck_create_review_get_check_row_detail (DeckCreateReview *self,
                                                      guint                  index);

/* Whether the Pod Security row offers the variant without the privileged init container
 * (its check failed for it); choosing it emits ::unprivileged-chosen, for the assistant to
 * change the spec and prepare again. */
gboolean            deck_create_review_get_offers_unprivileged (DeckCreateReview *self);
void                deck_create_review_choose_unprivileged     (DeckCreateReview *self);

/* "Keep objects for inspection" when creation fails. */
gboolean            deck_create_review_get_keep_on_failure (DeckCreateReview *self);
void                deck_create_review_set_keep_on_failure (DeckCreateReview *self,
                                                      gboolean               keep);

/* Writes the YAML to @file, as Save YAML… does after asking where. */
void                deck_create_review_save_async    (DeckCreateReview      *self,
                                                      GFile                 *file,
                                                      GCancellable          *cancellable,
                                                      GAsyncReadyCallback    callback,
                                                      gpointer               user_data);
gboolean            deck_create_review_save_finish   (DeckCreateReview      *self,
                                                      GAsyncResult          *result,
                                                      GError               **error);

G_END_DECLS
