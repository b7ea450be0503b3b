/* deck-config-editor.h: one key of a ConfigMap in a source view, checked as it is typed
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

#define DECK_TYPE_CONFIG_EDITOR (deck_config_editor_get_type ())

G_DECLARE_FINAL_TYPE (DeckConfigEditor, deck_config_editor, DECK, CONFIG_EDITOR, AdwBin)

/* Signals:
 *   ::changed: the text changed (by the user or by set_text()).
 *   ::checked: the issues and the setting changes were worked out again. */
GtkWidget       *deck_config_editor_new             (const char       *key);

const char      *deck_config_editor_get_key         (DeckConfigEditor *self);
/* Renames the key: the highlighting and the checks follow its file type. */
void             deck_config_editor_set_key         (DeckConfigEditor *self,
                                                     const char       *key);
/* Whether the key is checked as YAML (its name ends in .yml or .yaml). */
gboolean         deck_config_editor_is_yaml         (DeckConfigEditor *self);

char            *deck_config_editor_get_text        (DeckConfigEditor *self);
/* Replaces the whole text.  @undoable FALSE for a load from the server, which the user
 * cannot undo into; TRUE for a restore or a merge, which they can. */
void             deck_config_editor_set_text        (DeckConfigEditor *self,
                                                     const char       *text,
                                                     gboolean          undoable);
/* The text as the server has it (NULL for a new key), for the setting changes of
 * elasticsearch.yml. */
void             deck_config_editor_set_base_text   (DeckConfigEditor *self,
                                                     const char       *text);

/* Runs the check now rather than after the typing pause. */
void             deck_config_editor_check_now       (DeckConfigEditor *self);
/* The OdfeYamlIssues of the last check (transfer none; never NULL). */
GPtrArray       *deck_config_editor_get_issues      (DeckConfigEditor *self);
/* The first error of the last check, or NULL. */
const char      *deck_config_editor_get_first_error (DeckConfigEditor *self,
                                                     guint            *line,
                                                     guint            *column);
/* The OdfeSettingChanges against the base text, for elasticsearch.yml (transfer none;
 * NULL for other keys or while the text is not valid YAML). */
GPtrArray       *deck_config_editor_get_changes     (DeckConfigEditor *self);
/* The status line under the text, as shown. */
const char      *deck_config_editor_get_status_text (DeckConfigEditor *self);

/* Puts the cursor at @line and @column (1-based) and scrolls there. */
void             deck_config_editor_go_to           (DeckConfigEditor *self,
                                                     guint             line,
                                                     guint             column);

GtkSourceView   *deck_config_editor_get_view        (DeckConfigEditor *self);
GtkSourceBuffer *deck_config_editor_get_buffer      (DeckConfigEditor *self);
/* The search of this text with the page's shared @settings, made on first use (NULL
 * @settings: the one made before, or NULL). */
GtkSourceSearchContext *deck_config_editor_get_search (DeckConfigEditor        *self,
                                                       GtkSourceSearchSettings *settings);

/* "Needs a restart", "Live" or "Unknown setting" for an OdfeSettingApply, and a style class
 * to show it with. */
const char      *deck_config_editor_describe_apply  (int               apply,
                                                     const char      **css_class);
/* The keys of @first and @second (either may be NULL), elasticsearch.yml first, then the
 * others sorted (char*, owned by the tables). */
GPtrArray       *deck_config_editor_sort_keys       (GHashTable       *first,
                                                     GHashTable       *second);

G_END_DECLS
