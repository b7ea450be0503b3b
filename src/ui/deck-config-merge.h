/* deck-config-merge.h: overlapping edits side by side, one choice per hunk
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "odfe-config-diff.h"

G_BEGIN_DECLS

#define DECK_TYPE_CONFIG_MERGE (deck_config_merge_get_type ())

G_DECLARE_FINAL_TYPE (DeckConfigMerge, deck_config_merge, DECK, CONFIG_MERGE, AdwWindow)

/* A modal window over @parent showing each conflict of @merge (kept) with the user's lines
 * and the server's side by side, the lines as loaded below, and Yours / Theirs / Both for
 * each; the choices are written into @merge's chunks.  @explanation says above the
 * conflicts how they came about; @accept_label names the button that ends the choosing
 * (::accepted); Cancel or closing ends it without (the window then closes itself). */
GtkWidget       *deck_config_merge_new               (GtkWindow       *parent,
                                                      OdfeConfigMerge *merge,
                                                      const char      *explanation,
                                                      const char      *accept_label);
OdfeConfigMerge *deck_config_merge_get_merge         (DeckConfigMerge *self);

/* The conflict chunks over all keys, in order, as the window shows them. */
guint            deck_config_merge_get_n_conflicts   (DeckConfigMerge *self);
const char      *deck_config_merge_get_conflict_key  (DeckConfigMerge *self,
                                                      guint            index);
OdfeMergeChunk  *deck_config_merge_get_conflict      (DeckConfigMerge *self,
                                                      guint            index);
/* As the buttons of conflict @index do. */
void             deck_config_merge_set_choice        (DeckConfigMerge *self,
                                                      guint            index,
                                                      OdfeMergeChoice  choice);
/* As the accept button does. */
void             deck_config_merge_accept            (DeckConfigMerge *self);

G_END_DECLS
