/* deck-create-assistant.h: the New Cluster assistant
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kube-config.h"

#include "deck-create-access.h"
#include "deck-create-cluster.h"
#include "deck-create-progress.h"
#include "deck-create-resources.h"
#include "deck-create-review.h"
#include "deck-create-security.h"
#include "deck-create-where.h"

G_BEGIN_DECLS

#define DECK_TYPE_CREATE_ASSISTANT (deck_create_assistant_get_type ())

G_DECLARE_FINAL_TYPE (DeckCreateAssistant, deck_create_assistant, DECK, CREATE_ASSISTANT,
                      AdwWindow)

typedef enum
{
  DECK_CREATE_STEP_WHERE,
  DECK_CREATE_STEP_CLUSTER,
  DECK_CREATE_STEP_RESOURCES,
  DECK_CREATE_STEP_SECURITY,
  DECK_CREATE_STEP_ACCESS,
  DECK_CREATE_STEP_REVIEW,
  DECK_CREATE_STEP_CREATE,
  DECK_CREATE_N_STEPS
} DeckCreateStep;

/* A modal assistant over @parent that creates a search cluster in one of @config's contexts,
 * @context chosen first (NULL: the kubeconfig's current one).  ::cluster-created (context,
 * namespace, StatefulSet) says where the new cluster is once it is green and its password
 * has gone to the keyring; the assistant then closes, unless the keyring refused the
 * password, which it stays to say. */
GtkWidget           *deck_create_assistant_new          (GtkWindow           *parent,
                                                         KubeConfig          *config,
                                                         const char          *context);

/* How long the creation waits for green (0: the odfe layer's default); takes effect at
 * Create. */
void                 deck_create_assistant_set_timeout  (DeckCreateAssistant *self,
                                                         guint                seconds);

/* The step shown, and what Back, Next (Create on Review) and the step list do. */
DeckCreateStep       deck_create_assistant_get_step     (DeckCreateAssistant *self);
gboolean             deck_create_assistant_get_can_next (DeckCreateAssistant *self);
gboolean             deck_create_assistant_get_can_back (DeckCreateAssistant *self);
const char          *deck_create_assistant_get_next_label (DeckCreateAssistant *self);
void                 deck_create_assistant_next         (DeckCreateAssistant *self);
void                 deck_create_assistant_back         (DeckCreateAssistant *self);
gboolean             deck_create_assistant_go_to        (DeckCreateAssistant *self,
                                                         DeckCreateStep       step);
/* Whether the step list marks @step as done. */
gboolean             deck_create_assistant_get_step_done (DeckCreateAssistant *self,
                                                         DeckCreateStep       step);

/* The pages, for tests. */
DeckCreateWhere     *deck_create_assistant_get_where     (DeckCreateAssistant *self);
DeckCreateCluster   *deck_create_assistant_get_cluster   (DeckCreateAssistant *self);
DeckCreateResources *deck_create_assistant_get_resources (DeckCreateAssistant *self);
DeckCreateSecurity  *deck_create_assistant_get_security  (DeckCreateAssistant *self);
DeckCreateAccess    *deck_create_assistant_get_access    (DeckCreateAssistant *self);
DeckCreateReview    *deck_create_assistant_get_review    (DeckCreateAssistant *self);
DeckCreateProgress  *deck_create_assistant_get_progress  (DeckCreateAssistant *self);

/* After a creation that turned green: whether the password went to the keyring (NULL
 * error), or why not. */
gboolean             deck_create_assistant_get_finished  (DeckCreateAssistant *self);
const char          *deck_create_assistant_get_keyring_error (DeckCreateAssistant *self);

G_END_DECLS
