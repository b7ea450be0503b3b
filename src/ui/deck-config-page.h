/* deck-config-page.h: the ConfigMap of one search cluster, edited without losing anything
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kube-client.h"

#include "deck-config-editor.h"

G_BEGIN_DECLS

#define DECK_TYPE_CONFIG_PAGE (deck_config_page_get_type ())

G_DECLARE_FINAL_TYPE (DeckConfigPage, deck_config_page, DECK, CONFIG_PAGE, AdwBin)

/* Signals:
 *   ::restart-requested → gboolean: the user asked for the rolling restart from the bar
 *     shown after a save of static settings; a handler that opened it returns TRUE. */
GtkWidget        *deck_config_page_new          (void);

/* Edits the ConfigMap of the StatefulSet @namespace/@name (elasticsearch-config for
 * Searchdeck's clusters, else the one it mounts), reached through @client; @context is the
 * kubeconfig context, which names the drafts.  NULL @client empties the page.  Nothing is
 * asked until the page is shown. */
void              deck_config_page_set_cluster  (DeckConfigPage *self,
                                                 KubeClient     *client,
                                                 const char     *context,
                                                 const char     *namespace,
                                                 const char     *name);

/* As Ctrl+S does: checks, then opens the review of the changes (or says why not). */
void              deck_config_page_save         (DeckConfigPage *self);

/* For tests.  The state: "empty", "loading", "error" or "editor"; the ConfigMap's name and
 * the resourceVersion the edits are based on; the keys in tab order (free with
 * g_strfreev); a key's editor; whether the editor differs from the server's copy. */
const char       *deck_config_page_get_state            (DeckConfigPage *self);
const char       *deck_config_page_get_config_map_name  (DeckConfigPage *self);
const char       *deck_config_page_get_resource_version (DeckConfigPage *self);
char            **deck_config_page_get_keys             (DeckConfigPage *self);
DeckConfigEditor *deck_config_page_get_editor           (DeckConfigPage *self,
                                                         const char     *key);
gboolean          deck_config_page_get_modified         (DeckConfigPage *self);
/* The windows open now, or NULL: the review, the conflict resolution, and a question
 * (the key dialog or a confirmation). */
GtkWindow        *deck_config_page_get_review           (DeckConfigPage *self);
GtkWindow        *deck_config_page_get_merge            (DeckConfigPage *self);
GtkWindow        *deck_config_page_get_dialog           (DeckConfigPage *self);
/* The text of each in-page bar while it shows (else NULL), and the last toast. */
const char       *deck_config_page_get_error_text       (DeckConfigPage *self);
const char       *deck_config_page_get_conflict_text    (DeckConfigPage *self);
const char       *deck_config_page_get_draft_text       (DeckConfigPage *self);
const char       *deck_config_page_get_restart_text     (DeckConfigPage *self);
const char       *deck_config_page_get_last_toast       (DeckConfigPage *self);
/* The search bar's entries (their actions: config.find-next, config.replace-one,
 * config.replace-all). */
GtkEditable      *deck_config_page_get_search_entry     (DeckConfigPage *self);
GtkEditable      *deck_config_page_get_replace_entry    (DeckConfigPage *self);
/* What the search bar says of the matches ("8 matches", "2 of 8", "No matches" or ""). */
const char       *deck_config_page_get_search_count     (DeckConfigPage *self);
/* Whether a draft is being written or waits for its pause. */
gboolean          deck_config_page_get_draft_pending    (DeckConfigPage *self);

G_END_DECLS
