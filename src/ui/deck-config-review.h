/* deck-config-review.h: the changes about to be saved, shown before they are
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DECK_TYPE_CONFIG_REVIEW (deck_config_review_get_type ())

G_DECLARE_FINAL_TYPE (DeckConfigReview, deck_config_review, DECK, CONFIG_REVIEW, AdwWindow)

/* A modal window over @parent showing, per key, the unified diff of @old_data → @new_data
 * (key → text tables, not kept), and for elasticsearch.yml the settings that change with
 * how each applies.  @title heads the window, @explanation (may be NULL) says above the
 * diffs what they are.  Save emits ::save; the caller saves and then closes the window
 * (gtk_window_destroy) or shows why it could not (deck_config_review_show_error). */
GtkWidget  *deck_config_review_new              (GtkWindow        *parent,
                                                 const char       *title,
                                                 const char       *explanation,
                                                 GHashTable       *old_data,
                                                 GHashTable       *new_data);

/* After a merge: what the other writer changed (@base → @theirs, not kept), in an
 * expander above the diffs of the save. */
void        deck_config_review_set_their_changes (DeckConfigReview *self,
                                                  GHashTable       *base,
                                                  GHashTable       *theirs);
/* While busy, Save shows a spinner and the window does not close. */
void        deck_config_review_set_busy         (DeckConfigReview *self,
                                                 gboolean          busy);
/* Shows @message in the window's bar (NULL hides it); Save stays there to try again. */
void        deck_config_review_show_error       (DeckConfigReview *self,
                                                 const char       *message);
/* As the Save button does. */
void        deck_config_review_save             (DeckConfigReview *self);

/* For tests: every diff as shown (a "KEY" heading line, then the lines with their sign),
 * the number of keys that change, the setting changes (OdfeSettingChange; transfer none,
 * NULL when elasticsearch.yml does not change) and the error shown. */
const char *deck_config_review_get_diff_text    (DeckConfigReview *self);
guint       deck_config_review_get_n_keys       (DeckConfigReview *self);
/* The YAML issues listed for the keys that change. */
guint       deck_config_review_get_n_warnings   (DeckConfigReview *self);
GPtrArray  *deck_config_review_get_changes      (DeckConfigReview *self);
const char *deck_config_review_get_error_text   (DeckConfigReview *self);
/* The other writer's changes as shown (as get_diff_text()), "" when not set. */
const char *deck_config_review_get_their_text   (DeckConfigReview *self);

G_END_DECLS
