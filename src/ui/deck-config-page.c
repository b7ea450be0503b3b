/* deck-config-page.c: the ConfigMap of one search cluster, edited without losing anything
 *
 * The page loads the cluster's ConfigMap (elasticsearch-config for Searchdeck's clusters,
 * else the one the StatefulSet mounts) and shows one tab per key, each a
 * DeckConfigEditor.  Keys can be added, renamed and removed; Ctrl+F and Ctrl+H search and
 * replace in the key shown.
 *
 * What the server has and what the user typed are kept apart: @loaded is the ConfigMap the
 * edits started from (its resourceVersion goes with the save), the tabs hold the edits.
 * Save opens DeckConfigReview with the diff of the two; its Save replaces the ConfigMap
 * with that resourceVersion, so that a save over someone else's fails (409) instead of
 * overwriting it.  A watch on the ConfigMap sees another writer's save as it happens: with
 * no local edits the page just reloads, otherwise a bar offers to merge.  Both the bar and
 * a 409 lead to the same three-way merge (OdfeConfigMerge: base = @loaded, mine = the
 * tabs, theirs = the server's copy now): a clean one goes straight to the review of what
 * saving adds to the server's copy, overlapping edits to DeckConfigMerge first, where the
 * user picks per hunk.
 *
 * Edits are kept as a draft under $XDG_STATE_HOME a second after typing stops, and the
 * draft is offered back when the page next opens; restoring it merges it with whatever
 * the server saved since.  After a save that changed static settings of
 * elasticsearch.yml, a bar names the pods that need a restart and offers the rolling
 * restart (::restart-requested); nothing restarts unasked.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "kube-error.h"
#include "kube-json.h"
#include "kube-watch.h"
#include "odfe-config-diff.h"
#include "odfe-config-map.h"
#include "odfe-setting-info.h"
#include "odfe-yaml-check.h"

#include "deck-config-key-dialog.h"
#include "deck-config-merge.h"
#include "deck-config-page.h"
#include "deck-config-review.h"

#define DRAFT_DELAY_MS 1000
#define SEARCHDECK_CONFIG_MAP "elasticsearch-config"

/* What the error bar's Retry does. */
typedef enum
{
  RETRY_NONE,
  RETRY_MERGE,
  RETRY_WATCH,
  RETRY_DRAFT,
} RetryKind;

/* Why a merge is made: how its windows word it and where its result goes. */
typedef enum
{
  MERGE_SERVER,          /* the server's copy changed under the edits: merge, review, save */
  MERGE_DRAFT,           /* a kept draft: merge it into the tabs */
} MergeKind;

struct _DeckConfigPage
{
  AdwBin            parent_instance;

  /* Template children */
  AdwToastOverlay  *toast_overlay;
  GtkStack         *stack;
  AdwStatusPage    *error_page;
  GtkRevealer      *error_revealer;
  GtkLabel         *error_label;
  GtkButton        *error_retry_button;
  GtkRevealer      *draft_revealer;
  GtkLabel         *draft_label;
  GtkRevealer      *conflict_revealer;
  GtkLabel         *conflict_label;
  GtkRevealer      *restart_revealer;
  GtkLabel         *restart_label;
  AdwTabView       *tab_view;
  AdwTabBar        *tab_bar;
  GtkSearchBar     *search_bar;
  GtkSearchEntry   *search_entry;
  GtkToggleButton  *search_button;
  GtkToggleButton  *case_button;
  GtkToggleButton  *replace_button;
  GtkEntry         *replace_entry;
  GtkLabel         *search_count_label;

  /* The cluster */
  KubeClient       *client;
  char             *context;
  char             *namespace;
  char             *statefulset;
  char             *name;             /* the ConfigMap's */
  char             *selector;         /* the pods' */
  GCancellable     *cancellable;
  gboolean          asked;

  /* The ConfigMap */
  OdfeConfigMap    *loaded;           /* what the edits started from */
  KubeWatch        *watch;
  gboolean          filling;          /* the tabs are being set, not typed into */
  gboolean          closing;          /* a tab is being closed on purpose */
  gboolean          modified;

  /* Saving and merging */
  OdfeConfigMap    *target;           /* the copy a save replaces (its resourceVersion) */
  GHashTable       *to_save;          /* key → text the review shows */
  gboolean          saving;
  JsonNode         *seen_while_saving; /* the latest copy the watch saw meanwhile */
  JsonNode         *newer_copy;        /* the server's copy behind the conflict bar */
  gboolean          refused;          /* the error bar says a key does not parse */
  gboolean          save_is_merge;
  GPtrArray        *saved_changes;    /* OdfeSettingChange of the last save */
  OdfeConfigMerge  *merge;
  MergeKind         merge_kind;
  OdfeConfigMap    *merge_theirs;     /* the server's copy a MERGE_SERVER merges with */
  GHashTable       *merge_base;       /* and the copy the edits started from */

  /* Drafts */
  guint             draft_id;
  gboolean          draft_writing;
  OdfeDraft        *offered;

  /* Windows and bars */
  GtkWidget        *review;           /* weak */
  GtkWidget        *merge_window;     /* weak */
  GtkWidget        *dialog;           /* weak */
  RetryKind         retry;
  char             *error_text;
  char             *conflict_text;
  char             *draft_text;
  char             *restart_text;
  char             *last_toast;

  GtkSourceSearchSettings *search_settings;
};

G_DEFINE_FINAL_TYPE (DeckConfigPage, deck_config_page, ADW_TYPE_BIN)

enum {
  SIGNAL_RESTART_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_merge      (DeckConfigPage *self);
static void on_server_copy   (DeckConfigPage *self,
                              JsonNode       *object);
static void start_watch      (DeckConfigPage *self);
static void schedule_draft   (DeckConfigPage *self);
static void update_modified  (DeckConfigPage *self);

/* Data tables: key → text */

static GHashTable *
data_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static GHashTable *
data_copy (GHashTable *data)
{
  GHashTable *copy = data_new ();
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_hash_table_iter_init (&iter, data);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), g_strdup (value));

  return copy;
}

static gboolean
data_equal (GHashTable *a,
            GHashTable *b)
{
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  if (g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;

  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_strcmp0 (value, g_hash_table_lookup (b, key)) != 0)
      return FALSE;

  return TRUE;
}

/* Messages */

static void
toast (DeckConfigPage *self,
       const char     *text)
{
  g_free (self->last_toast);
  self->last_toast = g_strdup (text);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static GtkWindow *
parent_window (DeckConfigPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_bar (GtkRevealer  *revealer,
          GtkLabel     *label,
          char        **slot,
          const char   *text)
{
  g_free (*slot);
  *slot = g_strdup (text);
  if (text != NULL)
    gtk_label_set_text (label, text);
  gtk_revealer_set_reveal_child (revealer, text != NULL);
}

static void
show_error (DeckConfigPage *self,
            const char     *text,
            RetryKind       retry)
{
  self->retry = text != NULL ? retry : RETRY_NONE;
  self->refused = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->error_retry_button), self->retry != RETRY_NONE);
  show_bar (self->error_revealer, self->error_label, &self->error_text, text);
}

static void
show_conflict (DeckConfigPage *self,
               gboolean        shown)
{
  g_autofree char *text = NULL;

  if (!shown)
    g_clear_pointer (&self->newer_copy, json_node_unref);

  if (shown)
    text = g_strdup (_("Someone else saved this configuration while you were editing it. "
                       "Your changes are kept; merge them with theirs before saving."));
  show_bar (self->conflict_revealer, self->conflict_label, &self->conflict_text, text);
}

static void
show_failure_page (DeckConfigPage *self,
                   const char     *description)
{
  adw_status_page_set_description (self->error_page, description);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

/* The tabs */

static DeckConfigEditor *
editor_at (DeckConfigPage *self,
           int             index)
{
  AdwTabPage *page = adw_tab_view_get_nth_page (self->tab_view, index);

  return DECK_CONFIG_EDITOR (adw_tab_page_get_child (page));
}

static DeckConfigEditor *
current_editor (DeckConfigPage *self)
{
  AdwTabPage *page = adw_tab_view_get_selected_page (self->tab_view);

  return page != NULL ? DECK_CONFIG_EDITOR (adw_tab_page_get_child (page)) : NULL;
}

static DeckConfigEditor *
find_editor (DeckConfigPage *self,
             const char     *key)
{
  for (int i = 0; i < adw_tab_view_get_n_pages (self->tab_view); i++)
    if (g_strcmp0 (deck_config_editor_get_key (editor_at (self, i)), key) == 0)
      return editor_at (self, i);

  return NULL;
}

static char **
list_keys (DeckConfigPage *self)
{
  int n = adw_tab_view_get_n_pages (self->tab_view);
  char **keys = g_new0 (char *, n + 1);

  for (int i = 0; i < n; i++)
    keys[i] = g_strdup (deck_config_editor_get_key (editor_at (self, i)));

  return keys;
}

/* The tabs' texts, key → text. */
static GHashTable *
collect_data (DeckConfigPage *self)
{
  GHashTable *data = data_new ();

  for (int i = 0; i < adw_tab_view_get_n_pages (self->tab_view); i++)
    {
      DeckConfigEditor *editor = editor_at (self, i);

      g_hash_table_insert (data, g_strdup (deck_config_editor_get_key (editor)),
                           deck_config_editor_get_text (editor));
    }

  return data;
}

/* A tab's title says whether it differs from the server's copy; its indicator whether it
 * holds a YAML error. */
static void
update_tab (DeckConfigPage   *self,
            DeckConfigEditor *editor)
{
  AdwTabPage *page = adw_tab_view_get_page (self->tab_view, GTK_WIDGET (editor));
  const char *key = deck_config_editor_get_key (editor);
  const char *server = self->loaded != NULL ? g_hash_table_lookup (self->loaded->data, key)
                                            : NULL;
  g_autofree char *text = deck_config_editor_get_text (editor);
  g_autofree char *title = NULL;
  const char *error;
  guint line = 0;

  if (g_strcmp0 (server, text) != 0)
    /* TRUE for a tab with edits not saved yet */
    title = g_strdup_printf (_("%s •"), key);
  adw_tab_page_set_title (page, title != NULL ? title : key);
  adw_tab_page_set_tooltip (page, title != NULL ? _("Changed, not saved yet") : NULL);

  error = deck_config_editor_get_first_error (editor, &line, NULL);
  if (error != NULL)
    {
      g_autoptr(GIcon) icon = g_themed_icon_new ("dialog-error-symbolic");
      g_autofree char *tooltip = g_strdup_printf (_("Line %u: %s"), line, error);

      adw_tab_page_set_indicator_icon (page, icon);
      adw_tab_page_set_indicator_tooltip (page, tooltip);
    }
  else
    adw_tab_page_set_indicator_icon (page, NULL);
}

static void
on_editor_changed (DeckConfigPage   *self,
                   DeckConfigEditor *editor)
{
  update_tab (self, editor);
  if (self->filling)
    return;

  update_modified (self);
  schedule_draft (self);
}

static void
on_editor_checked (DeckConfigPage   *self,
                   DeckConfigEditor *editor)
{
  update_tab (self, editor);

  /* The reason a save was refused goes once every key parses again. */
  if (self->refused)
    {
      for (int i = 0; i < adw_tab_view_get_n_pages (self->tab_view); i++)
        if (deck_config_editor_get_first_error (editor_at (self, i), NULL, NULL) != NULL)
          return;
      show_error (self, NULL, RETRY_NONE);
    }
}

static DeckConfigEditor *
add_tab (DeckConfigPage *self,
         const char     *key,
         const char     *text,
         int             position)
{
  GtkWidget *editor = deck_config_editor_new (key);

  deck_config_editor_set_text (DECK_CONFIG_EDITOR (editor), text, FALSE);
  if (self->loaded != NULL)
    deck_config_editor_set_base_text (DECK_CONFIG_EDITOR (editor),
                                      g_hash_table_lookup (self->loaded->data, key));
  g_signal_connect_object (editor, "changed", G_CALLBACK (on_editor_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "checked", G_CALLBACK (on_editor_checked), self,
                           G_CONNECT_SWAPPED);
  if (position < 0 || position > adw_tab_view_get_n_pages (self->tab_view))
    adw_tab_view_append (self->tab_view, editor);
  else
    adw_tab_view_insert (self->tab_view, editor, position);
  update_tab (self, DECK_CONFIG_EDITOR (editor));
  gtk_text_view_set_editable (GTK_TEXT_VIEW (deck_config_editor_get_view (
                                DECK_CONFIG_EDITOR (editor))), self->offered == NULL);

  return DECK_CONFIG_EDITOR (editor);
}

static void
close_tab (DeckConfigPage   *self,
           DeckConfigEditor *editor)
{
  self->closing = TRUE;
  adw_tab_view_close_page (self->tab_view, adw_tab_view_get_page (self->tab_view,
                                                                    GTK_WIDGET (editor)));
  self->closing = FALSE;
}

/* Makes the tabs show @data: texts of kept keys replaced (undoably when @undoable, so
 * that a merge or a restore can be taken back with Ctrl+Z), new keys added, keys not in
 * @data closed. */
static void
apply_data (DeckConfigPage *self,
            GHashTable     *data,
            gboolean        undoable)
{
  g_autoptr(GPtrArray) keys = deck_config_editor_sort_keys (data, NULL);
  g_auto(GStrv) present = list_keys (self);

  self->filling = TRUE;

  for (guint i = 0; present[i] != NULL; i++)
    if (!g_hash_table_contains (data, present[i]))
      close_tab (self, find_editor (self, present[i]));

  for (guint i = 0; i < keys->len; i++)
    {
      DeckConfigEditor *editor = find_editor (self, keys->pdata[i]);
      const char *text = g_hash_table_lookup (data, keys->pdata[i]);

      if (editor != NULL)
        deck_config_editor_set_text (editor, text, undoable);
      else
        add_tab (self, keys->pdata[i], text, (int) i);
    }

  self->filling = FALSE;
  update_modified (self);
}

/* The server's copy the edits are now based on: each tab compares with it. */
static void
set_loaded (DeckConfigPage *self,
            OdfeConfigMap  *map)
{
  if (self->loaded != map)
    {
      g_clear_pointer (&self->loaded, odfe_config_map_free);
      self->loaded = map;
    }

  for (int i = 0; i < adw_tab_view_get_n_pages (self->tab_view); i++)
    {
      DeckConfigEditor *editor = editor_at (self, i);

      deck_config_editor_set_base_text (editor,
                                        g_hash_table_lookup (map->data,
                                                             deck_config_editor_get_key (editor)));
      update_tab (self, editor);
    }
  update_modified (self);
}

static void
update_modified (DeckConfigPage *self)
{
  g_autoptr(GHashTable) data = NULL;

  if (self->loaded == NULL)
    {
      self->modified = FALSE;
      return;
    }

  data = collect_data (self);
  self->modified = !data_equal (data, self->loaded->data);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "config.discard", self->modified);
}

/* Drafts */

/* While a kept draft is offered, the tabs are read-only: what would be typed then could go
 * to no draft without overwriting the one offered. */
static void
set_offered (DeckConfigPage *self,
             OdfeDraft      *draft)
{
  g_clear_pointer (&self->offered, odfe_draft_free);
  self->offered = draft;

  for (int i = 0; i < adw_tab_view_get_n_pages (self->tab_view); i++)
    gtk_text_view_set_editable (GTK_TEXT_VIEW (deck_config_editor_get_view (editor_at (self, i))),
                                draft == NULL);
}

static void
draft_saved (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DeckConfigPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!odfe_draft_save_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("Your unsaved changes could not be kept "
                                                     "in a draft: %s"), error->message);

          self->draft_writing = FALSE;
          show_error (self, text, RETRY_DRAFT);
        }
      return;
    }

  self->draft_writing = FALSE;
  if (self->retry == RETRY_DRAFT)
    show_error (self, NULL, RETRY_NONE);
}

/* A draft written as the page lets go of the cluster: nothing waits for it. */
static void
draft_saved_detached (GObject      *source_object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!odfe_draft_save_finish (result, &error))
    g_debug ("The last draft could not be written: %s", error->message);
}

static void
discard_draft (DeckConfigPage *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->draft_id, g_source_remove);
  if (self->context == NULL || self->name == NULL)
    return;

  if (!odfe_draft_discard (self->context, self->namespace, self->name, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The draft of your changes could not be "
                                                 "removed: %s"), error->message);

      show_error (self, text, RETRY_NONE);
    }
}

/* Writes the draft now; @detached when the page is letting go of the cluster. */
static void
write_draft (DeckConfigPage *self,
             gboolean        detached)
{
  g_autoptr(GHashTable) data = collect_data (self);
  OdfeDraft draft = { 0 };

  g_clear_handle_id (&self->draft_id, g_source_remove);
  if (self->loaded == NULL || self->context == NULL)
    return;

  /* A draft offered back is not overwritten before the user has said what to do with it. */
  if (self->offered != NULL)
    return;

  if (data_equal (data, self->loaded->data))
    {
      discard_draft (self);
      return;
    }

  draft.context = self->context;
  draft.namespace = self->namespace;
  draft.name = self->name;
  draft.resource_version = self->loaded->resource_version;
  draft.base = self->loaded->data;
  draft.data = data;
  draft.saved_at = g_get_real_time ();
  if (detached)
    {
      odfe_draft_save_async (&draft, NULL, draft_saved_detached, NULL);
      return;
    }
  self->draft_writing = TRUE;
  odfe_draft_save_async (&draft, self->cancellable, draft_saved, g_object_ref (self));
}

static gboolean
on_draft_timeout (gpointer user_data)
{
  DeckConfigPage *self = user_data;

  self->draft_id = 0;
  write_draft (self, FALSE);

  return G_SOURCE_REMOVE;
}

static void
schedule_draft (DeckConfigPage *self)
{
  g_clear_handle_id (&self->draft_id, g_source_remove);
  if (self->context != NULL)
    self->draft_id = g_timeout_add (DRAFT_DELAY_MS, on_draft_timeout, self);
}

/* Offers a draft kept from an earlier session, unless it holds nothing new. */
static void
offer_draft (DeckConfigPage *self)
{
  g_autoptr(OdfeDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *time = NULL;
  g_autofree char *text = NULL;

  if (self->context == NULL)
    return;

  draft = odfe_draft_load (self->context, self->namespace, self->name, &error);
  if (draft == NULL)
    {
      if (error != NULL)
        {
          g_autofree char *message = g_strdup_printf (_("Unsaved changes were kept from an "
                                                        "earlier session, but cannot be "
                                                        "read: %s"), error->message);

          show_error (self, message, RETRY_NONE);
        }
      return;
    }

  if (data_equal (draft->data, self->loaded->data))
    {
      discard_draft (self);
      return;
    }

  when = g_date_time_new_from_unix_local (draft->saved_at / G_USEC_PER_SEC);
  /* TRANSLATORS: when a draft was kept, as in “from 03/12/26, 19:22” */
  time = g_date_time_format (when, _("%x, %H:%M"));
  if (g_strcmp0 (draft->resource_version, self->loaded->resource_version) == 0)
    text = g_strdup_printf (_("Unsaved changes from %s were kept. Restore or discard them "
                              "to go on editing."), time);
  else
    text = g_strdup_printf (_("Unsaved changes from %s were kept. The configuration was "
                              "saved on the server since: restoring merges your changes "
                              "with it. Restore or discard them to go on editing."), time);
  set_offered (self, g_steal_pointer (&draft));
  show_bar (self->draft_revealer, self->draft_label, &self->draft_text, text);
}

/* Merging */

/* The windows the page opens are followed with weak pointers (they close themselves);
 * the page forgets one as it closes it, even while something else holds a reference. */
static void
track_window (GtkWidget  *window,
              GtkWidget **slot)
{
  g_set_weak_pointer (slot, window);
}

static void
destroy_window (GtkWidget **slot)
{
  GtkWidget *window = *slot;

  if (window == NULL)
    return;

  g_clear_weak_pointer (slot);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
close_merge_window (DeckConfigPage *self)
{
  destroy_window (&self->merge_window);
}

/* The tabs take @data; the offer of the draft ends. */
static void
finish_draft_merge (DeckConfigPage *self,
                    GHashTable     *data,
                    gboolean        merged)
{
  apply_data (self, data, TRUE);
  set_offered (self, NULL);
  show_bar (self->draft_revealer, self->draft_label, &self->draft_text, NULL);
  toast (self, merged ? _("Your kept changes were merged with the server’s copy")
                      : _("Your kept changes were restored"));
  schedule_draft (self);
}

static void
on_review_save (DeckConfigPage *self);

static void
on_review_destroyed (DeckConfigPage *self)
{
  if (self->saving)
    return;

  g_clear_pointer (&self->to_save, g_hash_table_unref);
  g_clear_pointer (&self->target, odfe_config_map_free);
}

static void
open_review (DeckConfigPage *self,
             const char     *title,
             const char     *explanation,
             OdfeConfigMap  *target,
             GHashTable     *data,
             gboolean        is_merge)
{
  GtkWidget *review;

  g_clear_pointer (&self->target, odfe_config_map_free);
  g_clear_pointer (&self->to_save, g_hash_table_unref);
  self->target = odfe_config_map_copy (target);
  self->to_save = data_copy (data);
  self->save_is_merge = is_merge;

  review = deck_config_review_new (parent_window (self), title, explanation, target->data,
                                   data);
  track_window (review, &self->review);
  g_signal_connect_object (review, "save", G_CALLBACK (on_review_save), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (review, "destroy", G_CALLBACK (on_review_destroyed), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (review));
}

/* A server merge resolved: what saving adds to the server's copy, reviewed. */
/* The first key of @data that is YAML and does not parse, with the parser's sentence. */
static char *
find_yaml_error (GHashTable *data)
{
  g_autoptr(GPtrArray) keys = deck_config_editor_sort_keys (data, NULL);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = keys->pdata[i];
      g_autoptr(GPtrArray) issues = NULL;
      const OdfeYamlIssue *error = NULL;

      if (!g_str_has_suffix (key, ".yml") && !g_str_has_suffix (key, ".yaml"))
        continue;

      issues = odfe_yaml_check (g_hash_table_lookup (data, key), -1);
      if (odfe_yaml_issues_have_error (issues, &error))
        return g_strdup_printf (_("“%s”, line %u, column %u: %s"), key, error->line,
                                error->column, error->message);
    }

  return NULL;
}

static void
review_merged (DeckConfigPage *self,
               GHashTable     *merged,
               gboolean        with_choices)
{
  OdfeConfigMap *theirs = self->merge_theirs;
  g_autofree char *invalid = find_yaml_error (merged);

  if (invalid != NULL)
    {
      g_autofree char *text = NULL;

      /* Not saved as it is: the merge goes into the editor, based on their version now, for
       * the user to mend and save. */
      set_loaded (self, odfe_config_map_copy (theirs));
      apply_data (self, merged, TRUE);
      show_conflict (self, FALSE);
      schedule_draft (self);
      text = g_strdup_printf (_("The merged configuration is not valid YAML, so it was put in "
                                "the editor rather than saved. Mend it, then save: %s"),
                              invalid);
      show_error (self, text, RETRY_NONE);
      self->refused = TRUE;
      return;
    }

  if (data_equal (merged, theirs->data))
    {
      /* The server already has everything the tabs hold: nothing to save. */
      set_loaded (self, odfe_config_map_copy (theirs));
      apply_data (self, merged, TRUE);
      show_conflict (self, FALSE);
      discard_draft (self);
      toast (self, _("The server’s copy already holds your changes"));
      return;
    }

  open_review (self, _("Review the Merge"),
               with_choices
               ? _("Someone else saved this configuration while you were editing it. Below is "
                   "what saving adds to their version: your changes, with your choices where "
                   "both of you changed the same lines.")
               : _("Someone else saved this configuration while you were editing it. Your "
                   "changes and theirs do not overlap; below is what saving adds to their "
                   "version."),
               theirs, merged, TRUE);
  if (self->review != NULL && self->merge_base != NULL)
    deck_config_review_set_their_changes (DECK_CONFIG_REVIEW (self->review), self->merge_base,
                                          theirs->data);
}

static void
on_merge_accepted (DeckConfigPage  *self,
                   DeckConfigMerge *window)
{
  g_autoptr(GHashTable) merged = odfe_config_merge_resolve (deck_config_merge_get_merge (window));

  close_merge_window (self);
  if (self->merge_kind == MERGE_DRAFT)
    finish_draft_merge (self, merged, TRUE);
  else
    review_merged (self, merged, TRUE);
}

static void
handle_merge (DeckConfigPage  *self,
              OdfeConfigMerge *merge)
{
  g_autoptr(GHashTable) merged = NULL;
  GtkWidget *window;
  const char *explanation;

  if (odfe_config_merge_get_n_conflicts (merge) == 0)
    {
      merged = odfe_config_merge_resolve (merge);
      if (self->merge_kind == MERGE_DRAFT)
        finish_draft_merge (self, merged, TRUE);
      else
        review_merged (self, merged, FALSE);
      return;
    }

  if (self->merge_kind == MERGE_DRAFT)
    explanation = _("Your kept changes and the configuration as it is now changed the same "
                    "lines. Choose what to keep for each; the result goes into the editor, "
                    "not yet to the server.");
  else
    explanation = _("Someone else saved this configuration while you were editing it, and "
                    "you both changed the same lines. Choose what to keep for each; you "
                    "review the result before it is saved.");

  close_merge_window (self);
  window = deck_config_merge_new (parent_window (self), merge, explanation,
                                  self->merge_kind == MERGE_DRAFT ? _("_Restore")
                                                                  : _("_Continue"));
  track_window (window, &self->merge_window);
  g_signal_connect_object (window, "accepted", G_CALLBACK (on_merge_accepted), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (window));
}

static void
merge_fetched (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DeckConfigPage) self = user_data;
  g_autoptr(JsonNode) object = NULL;
  g_autoptr(OdfeConfigMap) theirs = NULL;
  g_autoptr(GHashTable) mine = NULL;
  g_autoptr(OdfeConfigMerge) merge = NULL;
  g_autoptr(GError) error = NULL;

  object = kube_client_get_finish (KUBE_CLIENT (source_object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (object != NULL)
    theirs = odfe_config_map_new_from_json (object, &error);
  if (theirs == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The server’s copy of the configuration "
                                                 "cannot be read to merge your changes "
                                                 "with it: %s"), error->message);

      show_error (self, text, RETRY_MERGE);
      return;
    }

  mine = collect_data (self);
  merge = odfe_config_merge_new (self->loaded->data, mine, theirs->data, &error);
  if (merge == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Your changes cannot be merged with the "
                                                 "server’s: %s"), error->message);

      show_error (self, text, RETRY_MERGE);
      return;
    }

  if (self->retry == RETRY_MERGE)
    show_error (self, NULL, RETRY_NONE);
  g_clear_pointer (&self->merge_theirs, odfe_config_map_free);
  self->merge_theirs = g_steal_pointer (&theirs);
  g_clear_pointer (&self->merge_base, g_hash_table_unref);
  self->merge_base = data_copy (self->loaded->data);
  self->merge_kind = MERGE_SERVER;
  handle_merge (self, merge);
}

/* Reads the server's copy now and merges the edits with it. */
static void
start_merge (DeckConfigPage *self)
{
  if (self->loaded == NULL || self->client == NULL)
    return;

  kube_client_get_async (self->client, kube_resource_type_get (KUBE_RESOURCE_CONFIGMAPS),
                         self->namespace, self->name, self->cancellable, merge_fetched,
                         g_object_ref (self));
}

/* Saving */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The bar after a save of static settings, naming @pods (NULL when unknown). */
static void
show_restart_bar (DeckConfigPage *self,
                  GPtrArray      *pods)
{
  g_autoptr(GString) settings = g_string_new (NULL);
  g_autofree char *names = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; self->saved_changes != NULL && i < self->saved_changes->len; i++)
    {
      const OdfeSettingChange *change = self->saved_changes->pdata[i];

      if (change->apply == ODFE_SETTING_APPLY_DYNAMIC)
        continue;
      if (settings->len > 0)
        /* TRANSLATORS: the separator between names in a list */
        g_string_append (settings, _(", "));
      g_string_append (settings, change->key);
    }

  if (settings->len == 0)
    g_string_append (settings, "elasticsearch.yml");

  if (pods != NULL && pods->len > 0)
    {
      g_ptr_array_sort (pods, compare_names);
      g_ptr_array_add (pods, NULL);
      names = g_strjoinv (_(", "), (char **) pods->pdata);
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Saved. The pod %s reads the changed settings (%s) "
                                           "only when it starts: restart it to apply the "
                                           "change.",
                                           "Saved. The pods %s read the changed settings (%s) "
                                           "only when they start: restart them to apply the "
                                           "change.",
                                           pods->len - 1),
                              names, settings->str);
    }
  else
    text = g_strdup_printf (_("Saved. The cluster’s pods read the changed settings (%s) only "
                              "when they start: restart them to apply the change."),
                            settings->str);
  show_bar (self->restart_revealer, self->restart_label, &self->restart_text, text);
}

static void
pods_listed (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DeckConfigPage) self = user_data;
  g_autoptr(KubeList) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  list = kube_client_list_finish (KUBE_CLIENT (source_object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  for (guint i = 0; list != NULL && i < list->items->len; i++)
    {
      const char *name = kube_json_path_string (list->items->pdata[i], "metadata", "name", NULL);

      if (name != NULL)
        g_ptr_array_add (names, (gpointer) name);
    }
  show_restart_bar (self, names);
}

static void
offer_restart (DeckConfigPage *self)
{
  KubeListOptions options = { 0 };

  if (self->selector == NULL)
    {
      show_restart_bar (self, NULL);
      return;
    }

  options.label_selector = self->selector;
  kube_client_list_async (self->client, kube_resource_type_get (KUBE_RESOURCE_PODS),
                          self->namespace, &options, self->cancellable, pods_listed,
                          g_object_ref (self));
}

static void
replaced (GObject      *source_object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DeckConfigPage) self = user_data;
  g_autoptr(JsonNode) object = NULL;
  g_autoptr(OdfeConfigMap) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) data = NULL;
  g_autoptr(JsonNode) seen = NULL;
  gboolean yml_changed;
  const char *old_yml;
  const char *new_yml;

  object = kube_client_object_finish (KUBE_CLIENT (source_object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->saving = FALSE;
  if (self->review != NULL)
    deck_config_review_set_busy (DECK_CONFIG_REVIEW (self->review), FALSE);
  seen = g_steal_pointer (&self->seen_while_saving);

  if (object != NULL)
    saved = odfe_config_map_new_from_json (object, &error);

  if (saved == NULL && g_error_matches (error, KUBE_ERROR, KUBE_ERROR_CONFLICT))
    {
      /* Someone saved in between: merge with their copy, which shows it to the user. */
      destroy_window (&self->review);
      start_merge (self);
      return;
    }

  if (saved == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The configuration could not be saved: %s"),
                                               error->message);

      if (self->review != NULL)
        deck_config_review_show_error (DECK_CONFIG_REVIEW (self->review), text);
      else
        show_error (self, text, RETRY_NONE);
      if (seen != NULL)
        on_server_copy (self, seen);
      return;
    }

  /* The settings that changed, against the copy the save replaced. */
  old_yml = g_hash_table_lookup (self->target->data, "elasticsearch.yml");
  new_yml = g_hash_table_lookup (saved->data, "elasticsearch.yml");
  g_clear_pointer (&self->saved_changes, g_ptr_array_unref);
  yml_changed = g_strcmp0 (old_yml, new_yml) != 0;
  if (new_yml != NULL && yml_changed)
    self->saved_changes = odfe_setting_changes (old_yml != NULL ? old_yml : "", new_yml, NULL);

  data = data_copy (saved->data);
  set_loaded (self, g_steal_pointer (&saved));
  /* After a merge the tabs take the merged text, which the user can undo back to theirs. */
  apply_data (self, data, TRUE);
  show_conflict (self, FALSE);
  discard_draft (self);
  destroy_window (&self->review);
  g_clear_pointer (&self->to_save, g_hash_table_unref);
  g_clear_pointer (&self->target, odfe_config_map_free);
  toast (self, _("Configuration saved"));

  /* Settings that cannot be compared (the text has duplicate keys, say) may be static too. */
  if (yml_changed && (self->saved_changes == NULL
                      || odfe_setting_changes_need_restart (self->saved_changes)))
    offer_restart (self);

  /* A save by someone else after this one. */
  if (seen != NULL)
    on_server_copy (self, seen);
}

static void
on_review_save (DeckConfigPage *self)
{
  g_autoptr(JsonNode) object = NULL;

  if (self->saving || self->target == NULL || self->to_save == NULL)
    return;

  object = odfe_config_map_build_replace (self->target, self->to_save);
  self->saving = TRUE;
  deck_config_review_set_busy (DECK_CONFIG_REVIEW (self->review), TRUE);
  kube_client_replace_async (self->client, kube_resource_type_get (KUBE_RESOURCE_CONFIGMAPS),
                             self->namespace, self->name, object,
                             self->target->resource_version, self->cancellable, replaced,
                             g_object_ref (self));
}

void
deck_config_page_save (DeckConfigPage *self)
{
  g_autoptr(GHashTable) data = NULL;
  g_autofree char *explanation = NULL;

  g_return_if_fail (DECK_IS_CONFIG_PAGE (self));

  if (self->loaded == NULL)
    return;

  if (self->review != NULL || self->merge_window != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->review != NULL ? self->review
                                                           : self->merge_window));
      return;
    }

  /* Nothing that does not parse goes to the server: the first error, where it is. */
  for (int i = 0; i < adw_tab_view_get_n_pages (self->tab_view); i++)
    {
      DeckConfigEditor *editor = editor_at (self, i);
      const char *message;
      guint line = 0;
      guint column = 0;

      deck_config_editor_check_now (editor);
      message = deck_config_editor_get_first_error (editor, &line, &column);
      if (message != NULL)
        {
          g_autofree char *text = NULL;

          /* TRANSLATORS: the key, its line and column, and the parser's sentence */
          text = g_strdup_printf (_("Not saved: “%s”, line %u, column %u: %s"),
                                  deck_config_editor_get_key (editor), line, column, message);
          show_error (self, text, RETRY_NONE);
          self->refused = TRUE;
          adw_tab_view_set_selected_page (self->tab_view,
                                          adw_tab_view_get_page (self->tab_view,
                                                                 GTK_WIDGET (editor)));
          deck_config_editor_go_to (editor, line, column);
          return;
        }
    }
  if (self->refused)
    show_error (self, NULL, RETRY_NONE);

  data = collect_data (self);
  if (data_equal (data, self->loaded->data))
    {
      toast (self, _("Nothing to save: the configuration is as on the server"));
      return;
    }

  /* With a newer copy known to be on the server, the save would only fail: merge first. */
  if (self->conflict_text != NULL)
    {
      start_merge (self);
      return;
    }

  explanation = g_strdup_printf (_("Saving replaces the ConfigMap “%s” in the namespace “%s” "
                                   "with your version: the lines marked + are added, those "
                                   "marked - removed."),
                                 self->name, self->namespace);
  open_review (self, _("Review Changes"), explanation, self->loaded, data, FALSE);
}

/* Following the server */

/* The server's copy, seen by the watch. */
static void
on_server_copy (DeckConfigPage *self,
                JsonNode       *object)
{
  g_autoptr(OdfeConfigMap) map = NULL;
  g_autoptr(GHashTable) data = NULL;
  g_autoptr(GError) error = NULL;

  if (self->loaded == NULL)
    return;

  /* Until the save's answer says which version is ours, the copy waits. */
  if (self->saving)
    {
      g_clear_pointer (&self->seen_while_saving, json_node_unref);
      self->seen_while_saving = json_node_ref (object);
      return;
    }

  map = odfe_config_map_new_from_json (object, &error);
  if (map == NULL)
    {
      g_debug ("A ConfigMap from the watch cannot be read: %s", error->message);
      return;
    }
  if (g_strcmp0 (map->resource_version, self->loaded->resource_version) == 0)
    return;

  data = collect_data (self);
  if (data_equal (data, map->data))
    {
      /* The server has what the tabs hold, whoever wrote it. */
      set_loaded (self, g_steal_pointer (&map));
      show_conflict (self, FALSE);
      discard_draft (self);
      return;
    }

  if (!self->modified)
    {
      g_autoptr(GHashTable) theirs = data_copy (map->data);

      set_loaded (self, g_steal_pointer (&map));
      apply_data (self, theirs, FALSE);
      toast (self, _("The configuration was changed on the server and reloaded"));
      return;
    }

  g_clear_pointer (&self->newer_copy, json_node_unref);
  self->newer_copy = json_node_ref (object);
  show_conflict (self, TRUE);
}

static void
on_watch_synced (DeckConfigPage *self,
                 KubeList       *list)
{
  for (guint i = 0; i < list->items->len; i++)
    if (g_strcmp0 (kube_json_path_string (list->items->pdata[i], "metadata", "name", NULL),
                   self->name) == 0)
      on_server_copy (self, list->items->pdata[i]);
}

static void
on_watch_event (DeckConfigPage     *self,
                KubeWatchEventType  type,
                JsonNode           *object)
{
  if (g_strcmp0 (kube_json_path_string (object, "metadata", "name", NULL), self->name) != 0)
    return;

  if (type == KUBE_WATCH_EVENT_DELETED)
    {
      g_autofree char *text = g_strdup_printf (_("The ConfigMap “%s” was deleted from the "
                                                 "server. Your text stays here, but saving "
                                                 "it will fail."), self->name);

      show_error (self, text, RETRY_NONE);
      return;
    }

  if (type == KUBE_WATCH_EVENT_ADDED || type == KUBE_WATCH_EVENT_MODIFIED)
    on_server_copy (self, object);
}

static void
on_watch_error (DeckConfigPage *self,
                GError         *error)
{
  g_autofree char *text = NULL;

  if (kube_watch_get_running (self->watch))
    return;

  text = g_strdup_printf (_("Changes others save to this configuration are no longer "
                            "followed: %s"), error->message);
  show_error (self, text, RETRY_WATCH);
}

static void
stop_watch (DeckConfigPage *self)
{
  if (self->watch == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->watch, self);
  kube_watch_stop (self->watch);
  g_clear_object (&self->watch);
}

static void
start_watch (DeckConfigPage *self)
{
  g_autofree char *selector = g_strdup_printf ("metadata.name=%s", self->name);

  stop_watch (self);
  self->watch = kube_watch_new (self->client, kube_resource_type_get (KUBE_RESOURCE_CONFIGMAPS),
                                self->namespace, NULL, selector);
  g_signal_connect_object (self->watch, "synced", G_CALLBACK (on_watch_synced), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->watch, "event", G_CALLBACK (on_watch_event), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->watch, "error", G_CALLBACK (on_watch_error), self,
                           G_CONNECT_SWAPPED);
  kube_watch_start (self->watch);
}

/* Loading */

static void
config_map_loaded (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DeckConfigPage) self = user_data;
  g_autoptr(JsonNode) object = NULL;
  g_autoptr(OdfeConfigMap) map = NULL;
  g_autoptr(GHashTable) data = NULL;
  g_autoptr(GError) error = NULL;

  object = kube_client_get_finish (KUBE_CLIENT (source_object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (object != NULL)
    map = odfe_config_map_new_from_json (object, &error);
  if (map == NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, KUBE_ERROR, KUBE_ERROR_NOT_FOUND))
        text = g_strdup_printf (_("The StatefulSet mounts the ConfigMap “%s”, which does not "
                                  "exist in the namespace “%s”."), self->name,
                                self->namespace);
      else
        text = g_strdup (error->message);
      self->asked = FALSE;
      show_failure_page (self, text);
      return;
    }

  data = data_copy (map->data);
  set_loaded (self, g_steal_pointer (&map));
  apply_data (self, data, FALSE);
  if (adw_tab_view_get_n_pages (self->tab_view) > 0)
    adw_tab_view_set_selected_page (self->tab_view, adw_tab_view_get_nth_page (self->tab_view, 0));
  gtk_stack_set_visible_child_name (self->stack, "editor");
  start_watch (self);
  offer_draft (self);
}

static void
statefulset_loaded (GObject      *source_object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DeckConfigPage) self = user_data;
  g_autoptr(JsonNode) statefulset = NULL;
  g_autoptr(GError) error = NULL;
  const char *managed_by;

  statefulset = kube_client_get_finish (KUBE_CLIENT (source_object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (statefulset == NULL)
    {
      self->asked = FALSE;
      show_failure_page (self, error->message);
      return;
    }

  g_free (self->selector);
  self->selector = kube_json_match_labels_selector (statefulset);
  g_free (self->name);
  managed_by = kube_json_path_string (statefulset, "metadata", "labels",
                                      "app.kubernetes.io/managed-by", NULL);
  if (g_strcmp0 (managed_by, "searchdeck") == 0)
    self->name = g_strdup (SEARCHDECK_CONFIG_MAP);
  else
    self->name = odfe_config_map_name_for_statefulset (statefulset);

  if (self->name == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The StatefulSet “%s” mounts no ConfigMap "
                                                 "as the search nodes’ configuration."),
                                               self->statefulset);

      self->asked = FALSE;
      show_failure_page (self, text);
      return;
    }

  kube_client_get_async (self->client, kube_resource_type_get (KUBE_RESOURCE_CONFIGMAPS),
                         self->namespace, self->name, self->cancellable, config_map_loaded,
                         g_object_ref (self));
}

static void
start (DeckConfigPage *self)
{
  if (self->client == NULL || self->asked || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  self->asked = TRUE;
  gtk_stack_set_visible_child_name (self->stack, "loading");
  kube_client_get_async (self->client, kube_resource_type_get (KUBE_RESOURCE_STATEFULSETS),
                         self->namespace, self->statefulset, self->cancellable,
                         statefulset_loaded, g_object_ref (self));
}

static void
reset (DeckConfigPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* Edits not yet in their draft are written now, as the page lets go of them. */
  if (self->draft_id != 0)
    write_draft (self, TRUE);
  g_clear_handle_id (&self->draft_id, g_source_remove);

  stop_watch (self);
  destroy_window (&self->review);
  close_merge_window (self);
  destroy_window (&self->dialog);

  self->filling = TRUE;
  while (adw_tab_view_get_n_pages (self->tab_view) > 0)
    close_tab (self, editor_at (self, 0));
  self->filling = FALSE;

  g_clear_pointer (&self->loaded, odfe_config_map_free);
  g_clear_pointer (&self->target, odfe_config_map_free);
  g_clear_pointer (&self->to_save, g_hash_table_unref);
  g_clear_pointer (&self->merge_theirs, odfe_config_map_free);
  g_clear_pointer (&self->merge_base, g_hash_table_unref);
  set_offered (self, NULL);
  g_clear_pointer (&self->saved_changes, g_ptr_array_unref);
  g_clear_pointer (&self->selector, g_free);
  self->saving = FALSE;
  g_clear_pointer (&self->seen_while_saving, json_node_unref);
  g_clear_pointer (&self->newer_copy, json_node_unref);
  self->draft_writing = FALSE;
  self->modified = FALSE;
  self->asked = FALSE;
  show_error (self, NULL, RETRY_NONE);
  show_conflict (self, FALSE);
  show_bar (self->draft_revealer, self->draft_label, &self->draft_text, NULL);
  show_bar (self->restart_revealer, self->restart_label, &self->restart_text, NULL);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

void
deck_config_page_set_cluster (DeckConfigPage *self,
                              KubeClient     *client,
                              const char     *context,
                              const char     *namespace,
                              const char     *name)
{
  g_return_if_fail (DECK_IS_CONFIG_PAGE (self));
  g_return_if_fail (client == NULL || KUBE_IS_CLIENT (client));

  if (client == self->client && g_strcmp0 (context, self->context) == 0
      && g_strcmp0 (namespace, self->namespace) == 0
      && g_strcmp0 (name, self->statefulset) == 0)
    return;

  reset (self);
  g_set_object (&self->client, client);
  g_free (self->context);
  self->context = g_strdup (context);
  g_free (self->namespace);
  self->namespace = g_strdup (namespace);
  g_free (self->statefulset);
  self->statefulset = g_strdup (name);
  g_clear_pointer (&self->name, g_free);
  start (self);
}

/* Actions */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  deck_config_page_save (DECK_CONFIG_PAGE (widget));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  DeckConfigPage *self = DECK_CONFIG_PAGE (widget);
  RetryKind retry = self->retry;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "error") == 0)
    {
      self->asked = FALSE;
      start (self);
      return;
    }

  show_error (self, NULL, RETRY_NONE);
  switch (retry)
    {
    case RETRY_MERGE:
      start_merge (self);
      break;
    case RETRY_WATCH:
      start_watch (self);
      break;
    case RETRY_DRAFT:
      write_draft (self, FALSE);
      break;
    case RETRY_NONE:
    default:
      break;
    }
}

static void
dismiss_error_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  show_error (DECK_CONFIG_PAGE (widget), NULL, RETRY_NONE);
}

static void
dismiss_restart_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DeckConfigPage *self = DECK_CONFIG_PAGE (widget);

  show_bar (self->restart_revealer, self->restart_label, &self->restart_text, NULL);
}

static void
restart_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DeckConfigPage *self = DECK_CONFIG_PAGE (widget);
  gboolean handled = FALSE;

  /* The bar stays until dismissed: the restart window may yet be cancelled. */
  g_signal_emit (self, signals[SIGNAL_RESTART_REQUESTED], 0, &handled);
  if (!handled)
    show_error (self, _("The cluster cannot be restarted yet: Searchdeck has not reached it "
                        "(its Overview says why). Try again once it has."), RETRY_NONE);
}

static void
merge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  start_merge (DECK_CONFIG_PAGE (widget));
}

static void
restore_draft_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DeckConfigPage *self = DECK_CONFIG_PAGE (widget);
  g_autoptr(GHashTable) now = NULL;
  g_autoptr(OdfeConfigMerge) merge = NULL;
  g_autoptr(GError) error = NULL;

  if (self->offered == NULL)
    return;

  /* The draft's edits against its base, merged into what the tabs hold now: the server's
   * copy as it is now, and anything typed since the page opened. */
  now = collect_data (self);
  if (g_strcmp0 (self->offered->resource_version, self->loaded->resource_version) == 0
      && data_equal (now, self->offered->base))
    {
      g_autoptr(GHashTable) data = data_copy (self->offered->data);

      finish_draft_merge (self, data, FALSE);
      return;
    }

  merge = odfe_config_merge_new (self->offered->base, self->offered->data, now, &error);
  if (merge == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The kept changes cannot be merged with "
                                                 "the configuration: %s"), error->message);

      show_error (self, text, RETRY_NONE);
      return;
    }

  self->merge_kind = MERGE_DRAFT;
  handle_merge (self, merge);
}

static void
discard_draft_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DeckConfigPage *self = DECK_CONFIG_PAGE (widget);

  set_offered (self, NULL);
  show_bar (self->draft_revealer, self->draft_label, &self->draft_text, NULL);
  discard_draft (self);
  /* What was typed since the page opened is kept in a draft of its own. */
  if (self->modified)
    schedule_draft (self);
}

static void
on_key_added (DeckConfigPage *self,
              const char     *key)
{
  DeckConfigEditor *editor = add_tab (self, key, "", -1);

  adw_tab_view_set_selected_page (self->tab_view,
                                  adw_tab_view_get_page (self->tab_view, GTK_WIDGET (editor)));
  gtk_widget_grab_focus (GTK_WIDGET (deck_config_editor_get_view (editor)));
  update_modified (self);
  schedule_draft (self);
}

static void
add_key_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DeckConfigPage *self = DECK_CONFIG_PAGE (widget);
  g_auto(GStrv) keys = NULL;
  GtkWidget *dialog;

  if (self->loaded == NULL)
    return;

  keys = list_keys (self);
  dialog = deck_config_key_dialog_new (parent_window (self), NULL, (const char * const *) keys);
  track_window (dialog, &self->dialog);
  g_signal_connect_object (dialog, "chosen", G_CALLBACK (on_key_added), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_key_renamed (DeckConfigPage *self,
                const char     *key)
{
  DeckConfigEditor *editor = current_editor (self);

  if (editor == NULL)
    return;

  deck_config_editor_set_key (editor, key);
  deck_config_editor_set_base_text (editor, g_hash_table_lookup (self->loaded->data, key));
  update_tab (self, editor);
  update_modified (self);
  schedule_draft (self);
}

static void
rename_key_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DeckConfigPage *self = DECK_CONFIG_PAGE (widget);
  DeckConfigEditor *editor = current_editor (self);
  g_auto(GStrv) keys = NULL;
  GtkWidget *dialog;

  if (editor == NULL)
    return;

  keys = list_keys (self);
  dialog = deck_config_key_dialog_new (parent_window (self), deck_config_editor_get_key (editor),
                                       (const char * const *) keys);
  track_window (dialog, &self->dialog);
  g_signal_connect_object (dialog, "chosen", G_CALLBACK (on_key_renamed), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_remove_response (DeckConfigPage *self,
                    const char     *response,
                    AdwMessageDialog *dialog)
{
  DeckConfigEditor *editor = g_object_get_data (G_OBJECT (dialog), "deck-editor");

  if (!g_str_equal (response, "remove") || editor == NULL)
    return;

  close_tab (self, editor);
  update_modified (self);
  schedule_draft (self);
}

static void
ask_remove (DeckConfigPage   *self,
            DeckConfigEditor *editor)
{
  GtkWidget *dialog;
  g_autofree char *heading = NULL;

  heading = g_strdup_printf (_("Remove “%s”?"), deck_config_editor_get_key (editor));
  dialog = adw_message_dialog_new (parent_window (self), heading,
                                   _("The key and its text leave the ConfigMap when you save. "
                                     "Until then, Discard Changes brings it back."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "deck-editor", g_object_ref (editor),
                          g_object_unref);
  track_window (dialog, &self->dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
remove_key_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DeckConfigPage *self = DECK_CONFIG_PAGE (widget);
  DeckConfigEditor *editor = current_editor (self);

  if (editor != NULL)
    ask_remove (self, editor);
}

static gboolean
on_close_page (DeckConfigPage *self,
               AdwTabPage     *page)
{
  if (self->closing)
    return GDK_EVENT_PROPAGATE;

  /* The close button of a tab removes its key: asked first, like the menu's Remove. */
  adw_tab_view_close_page_finish (self->tab_view, page, FALSE);
  ask_remove (self, DECK_CONFIG_EDITOR (adw_tab_page_get_child (page)));

  return GDK_EVENT_STOP;
}

static void
on_discard_response (DeckConfigPage *self,
                     const char     *response)
{
  g_autoptr(GHashTable) data = NULL;
  g_autoptr(JsonNode) newer = NULL;

  if (!g_str_equal (response, "discard") || self->loaded == NULL)
    return;

  newer = g_steal_pointer (&self->newer_copy);
  data = data_copy (self->loaded->data);
  apply_data (self, data, TRUE);
  show_conflict (self, FALSE);
  discard_draft (self);

  /* Nothing left to merge: the newer copy someone saved is simply taken. */
  if (newer != NULL)
    on_server_copy (self, newer);
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DeckConfigPage *self = DECK_CONFIG_PAGE (widget);
  GtkWidget *dialog;

  if (!self->modified)
    return;

  dialog = adw_message_dialog_new (parent_window (self), _("Discard Your Changes?"),
                                   _("Every key goes back to the server’s copy, and the draft "
                                     "of your changes is removed. Undo in each key still "
                                     "brings its text back while the page is open."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "discard", _("_Discard"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  track_window (dialog, &self->dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Search and replace */

static void update_search_count (DeckConfigPage *self);

static GtkSourceSearchContext *
current_search (DeckConfigPage *self)
{
  DeckConfigEditor *editor = current_editor (self);
  GtkSourceSearchContext *search;

  if (editor == NULL)
    return NULL;

  /* The context counts the matches in the background: the count is shown when it is known,
   * not only when the search text changes. */
  search = deck_config_editor_get_search (editor, self->search_settings);
  if (g_object_get_data (G_OBJECT (search), "deck-count-followed") == NULL)
    {
      g_signal_connect_object (search, "notify::occurrences-count",
                               G_CALLBACK (update_search_count), self, G_CONNECT_SWAPPED);
      g_object_set_data (G_OBJECT (search), "deck-count-followed", GINT_TO_POINTER (TRUE));
    }

  return search;
}

static void
update_search_count (DeckConfigPage *self)
{
  GtkSourceSearchContext *search = current_search (self);
  GtkTextBuffer *buffer;
  GtkTextIter start;
  GtkTextIter end;
  g_autofree char *text = NULL;
  int count;
  int position;

  if (search == NULL || gtk_source_search_settings_get_search_text (self->search_settings) == NULL)
    {
      gtk_label_set_text (self->search_count_label, "");
      return;
    }

  count = gtk_source_search_context_get_occurrences_count (search);
  buffer = GTK_TEXT_BUFFER (gtk_source_search_context_get_buffer (search));
  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  position = gtk_source_search_context_get_occurrence_position (search, &start, &end);
  if (count < 0)
    text = g_strdup ("");
  else if (count == 0)
    text = g_strdup (_("No matches"));
  else if (position > 0)
    /* TRANSLATORS: the match selected and the number of matches */
    text = g_strdup_printf (_("%d of %d"), position, count);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d match", "%d matches", count),
                            count);
  gtk_label_set_text (self->search_count_label, text);
}

static void
on_search_changed (DeckConfigPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  gtk_source_search_settings_set_case_sensitive (self->search_settings,
                                                 gtk_toggle_button_get_active (self->case_button));
  gtk_source_search_settings_set_search_text (self->search_settings,
                                              text[0] != '\0' ? text : NULL);
  update_search_count (self);
}

static void
select_match (DeckConfigPage *self,
              gboolean        forward)
{
  GtkSourceSearchContext *search = current_search (self);
  DeckConfigEditor *editor = current_editor (self);
  GtkTextBuffer *buffer;
  GtkTextIter start;
  GtkTextIter end;
  GtkTextIter match_start;
  GtkTextIter match_end;
  gboolean found;

  if (search == NULL)
    return;

  buffer = GTK_TEXT_BUFFER (deck_config_editor_get_buffer (editor));
  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  if (forward)
    found = gtk_source_search_context_forward (search, &end, &match_start, &match_end, NULL);
  else
    found = gtk_source_search_context_backward (search, &start, &match_start, &match_end, NULL);
  if (!found)
    return;

  gtk_text_buffer_select_range (buffer, &match_start, &match_end);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (deck_config_editor_get_view (editor)),
                                &match_start, 0.2, FALSE, 0, 0);
  update_search_count (self);
}

static void
on_search_next (DeckConfigPage *self)
{
  select_match (self, TRUE);
}

static void
on_search_previous (DeckConfigPage *self)
{
  select_match (self, FALSE);
}

static void
on_replace_clicked (DeckConfigPage *self)
{
  GtkSourceSearchContext *search = current_search (self);
  const char *replacement = gtk_editable_get_text (GTK_EDITABLE (self->replace_entry));
  g_autoptr(GError) error = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start;
  GtkTextIter end;

  if (search == NULL)
    return;

  buffer = GTK_TEXT_BUFFER (gtk_source_search_context_get_buffer (search));
  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  if (gtk_source_search_context_get_occurrence_position (search, &start, &end) > 0
      && !gtk_source_search_context_replace (search, &start, &end, replacement, -1, &error))
    {
      toast (self, error->message);
      return;
    }
  select_match (self, TRUE);
}

static void
on_replace_all_clicked (DeckConfigPage *self)
{
  GtkSourceSearchContext *search = current_search (self);
  const char *replacement = gtk_editable_get_text (GTK_EDITABLE (self->replace_entry));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint count;

  if (search == NULL)
    return;

  count = gtk_source_search_context_replace_all (search, replacement, -1, &error);
  if (error != NULL)
    {
      toast (self, error->message);
      return;
    }
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u match replaced",
                                       "%u matches replaced", count), count);
  toast (self, text);
  update_search_count (self);
}

static void
update_highlight (DeckConfigPage *self)
{
  gboolean active = gtk_search_bar_get_search_mode (self->search_bar);

  for (int i = 0; i < adw_tab_view_get_n_pages (self->tab_view); i++)
    {
      DeckConfigEditor *editor = editor_at (self, i);

      gtk_source_search_context_set_highlight (
        deck_config_editor_get_search (editor, self->search_settings),
        active && editor == current_editor (self));
    }
}

static void
follow_search_mode (DeckConfigPage *self)
{
  gboolean active = gtk_search_bar_get_search_mode (self->search_bar);

  update_highlight (self);
  if (active)
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  else if (current_editor (self) != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (deck_config_editor_get_view (current_editor (self))));
}

static void
on_selected_page (DeckConfigPage *self)
{
  update_highlight (self);
  update_search_count (self);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DeckConfigPage *self = DECK_CONFIG_PAGE (widget);
  DeckConfigEditor *editor = current_editor (self);
  gboolean replace = g_str_equal (action_name, "config.replace");
  GtkTextBuffer *buffer;
  GtkTextIter start;
  GtkTextIter end;

  if (editor == NULL)
    return;

  /* The selection, when it is on one line, is what to look for. */
  buffer = GTK_TEXT_BUFFER (deck_config_editor_get_buffer (editor));
  if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end)
      && gtk_text_iter_get_line (&start) == gtk_text_iter_get_line (&end))
    {
      g_autofree char *text = gtk_text_iter_get_visible_text (&start, &end);

      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
    }

  gtk_toggle_button_set_active (self->replace_button, replace);
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  follow_search_mode (self);
  if (replace && gtk_editable_get_text (GTK_EDITABLE (self->search_entry))[0] != '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->replace_entry));
}

static void
search_step_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DeckConfigPage *self = DECK_CONFIG_PAGE (widget);

  if (g_str_equal (action_name, "config.find-next"))
    on_search_next (self);
  else if (g_str_equal (action_name, "config.replace-one"))
    on_replace_clicked (self);
  else
    on_replace_all_clicked (self);
}

/* Public, for tests */

const char *
deck_config_page_get_state (DeckConfigPage *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
deck_config_page_get_config_map_name (DeckConfigPage *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_PAGE (self), NULL);

  return self->name;
}

const char *
deck_config_page_get_resource_version (DeckConfigPage *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_PAGE (self), NULL);

  return self->loaded != NULL ? self->loaded->resource_version : NULL;
}

char **
deck_config_page_get_keys (DeckConfigPage *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_PAGE (self), NULL);

  return list_keys (self);
}

DeckConfigEditor *
deck_config_page_get_editor (DeckConfigPage *self,
                             const char     *key)
{
  g_return_val_if_fail (DECK_IS_CONFIG_PAGE (self), NULL);

  return find_editor (self, key);
}

gboolean
deck_config_page_get_modified (DeckConfigPage *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_PAGE (self), FALSE);

  return self->modified;
}

GtkWindow *
deck_config_page_get_review (DeckConfigPage *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_PAGE (self), NULL);

  return self->review != NULL ? GTK_WINDOW (self->review) : NULL;
}

GtkWindow *
deck_config_page_get_merge (DeckConfigPage *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_PAGE (self), NULL);

  return self->merge_window != NULL ? GTK_WINDOW (self->merge_window) : NULL;
}

GtkWindow *
deck_config_page_get_dialog (DeckConfigPage *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_PAGE (self), NULL);

  return self->dialog != NULL ? GTK_WINDOW (self->dialog) : NULL;
}

const char *
deck_config_page_get_error_text (DeckConfigPage *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_PAGE (self), NULL);

  return self->error_text;
}

const char *
deck_config_page_get_conflict_text (DeckConfigPage *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_PAGE (self), NULL);

  return self->conflict_text;
}

const char *
deck_config_page_get_draft_text (DeckConfigPage *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_PAGE (self), NULL);

  return self->draft_text;
}

const char *
deck_config_page_get_restart_text (DeckConfigPage *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_PAGE (self), NULL);

  return self->restart_text;
}

const char *
deck_config_page_get_last_toast (DeckConfigPage *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_PAGE (self), NULL);

  return self->last_toast;
}

GtkEditable *
deck_config_page_get_search_entry (DeckConfigPage *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_PAGE (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}

const char *
deck_config_page_get_search_count (DeckConfigPage *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_PAGE (self), NULL);

  return gtk_label_get_text (self->search_count_label);
}

GtkEditable *
deck_config_page_get_replace_entry (DeckConfigPage *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_PAGE (self), NULL);

  return GTK_EDITABLE (self->replace_entry);
}

gboolean
deck_config_page_get_draft_pending (DeckConfigPage *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_PAGE (self), FALSE);

  return self->draft_id != 0 || self->draft_writing;
}

/* Life */

static void
deck_config_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (deck_config_page_parent_class)->map (widget);

  start (DECK_CONFIG_PAGE (widget));
}

static void
deck_config_page_dispose (GObject *object)
{
  DeckConfigPage *self = DECK_CONFIG_PAGE (object);

  if (self->cancellable != NULL)
    {
      /* The edits of the last second still go to their draft. */
      if (self->draft_id != 0)
        write_draft (self, TRUE);
      g_clear_handle_id (&self->draft_id, g_source_remove);
      g_cancellable_cancel (self->cancellable);
    }
  stop_watch (self);
  destroy_window (&self->review);
  close_merge_window (self);
  destroy_window (&self->dialog);
  g_clear_weak_pointer (&self->review);
  g_clear_weak_pointer (&self->merge_window);
  g_clear_weak_pointer (&self->dialog);
  g_clear_object (&self->client);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DECK_TYPE_CONFIG_PAGE);

  G_OBJECT_CLASS (deck_config_page_parent_class)->dispose (object);
}

static void
deck_config_page_finalize (GObject *object)
{
  DeckConfigPage *self = DECK_CONFIG_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->search_settings);
  g_clear_pointer (&self->loaded, odfe_config_map_free);
  g_clear_pointer (&self->target, odfe_config_map_free);
  g_clear_pointer (&self->to_save, g_hash_table_unref);
  g_clear_pointer (&self->merge_theirs, odfe_config_map_free);
  g_clear_pointer (&self->merge_base, g_hash_table_unref);
  g_clear_pointer (&self->offered, odfe_draft_free);
  g_clear_pointer (&self->saved_changes, g_ptr_array_unref);
  g_clear_pointer (&self->seen_while_saving, json_node_unref);
  g_clear_pointer (&self->newer_copy, json_node_unref);
  g_free (self->context);
  g_free (self->namespace);
  g_free (self->statefulset);
  g_free (self->name);
  g_free (self->selector);
  g_free (self->error_text);
  g_free (self->conflict_text);
  g_free (self->draft_text);
  g_free (self->restart_text);
  g_free (self->last_toast);

  G_OBJECT_CLASS (deck_config_page_parent_class)->finalize (object);
}

static void
add_shortcut (GtkShortcutController *controller,
              guint                  keyval,
              const char            *action)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (keyval,
                                                                                  GDK_CONTROL_MASK),
                                                          gtk_named_action_new (action)));
}

static void
deck_config_page_class_init (DeckConfigPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = deck_config_page_dispose;
  object_class->finalize = deck_config_page_finalize;
  widget_class->map = deck_config_page_map;

  signals[SIGNAL_RESTART_REQUESTED] = g_signal_new ("restart-requested",
                                                    G_TYPE_FROM_CLASS (klass),
                                                    G_SIGNAL_RUN_LAST, 0,
                                                    g_signal_accumulator_true_handled, NULL,
                                                    NULL, G_TYPE_BOOLEAN, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/searchdeck/Searchdeck/"
                                               "deck-config-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckConfigPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigPage, error_retry_button);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigPage, draft_revealer);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigPage, draft_label);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigPage, conflict_revealer);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigPage, conflict_label);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigPage, restart_revealer);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigPage, restart_label);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigPage, tab_view);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigPage, tab_bar);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigPage, search_button);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigPage, case_button);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigPage, replace_button);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigPage, replace_entry);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigPage, search_count_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_next);
  gtk_widget_class_bind_template_callback (widget_class, on_search_previous);
  gtk_widget_class_bind_template_callback (widget_class, on_replace_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_replace_all_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_close_page);
  gtk_widget_class_bind_template_callback (widget_class, on_selected_page);

  gtk_widget_class_install_action (widget_class, "config.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "config.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "config.dismiss-error", NULL,
                                   dismiss_error_action);
  gtk_widget_class_install_action (widget_class, "config.dismiss-restart", NULL,
                                   dismiss_restart_action);
  gtk_widget_class_install_action (widget_class, "config.restart", NULL, restart_action);
  gtk_widget_class_install_action (widget_class, "config.merge", NULL, merge_action);
  gtk_widget_class_install_action (widget_class, "config.restore-draft", NULL,
                                   restore_draft_action);
  gtk_widget_class_install_action (widget_class, "config.discard-draft", NULL,
                                   discard_draft_action);
  gtk_widget_class_install_action (widget_class, "config.add-key", NULL, add_key_action);
  gtk_widget_class_install_action (widget_class, "config.rename-key", NULL, rename_key_action);
  gtk_widget_class_install_action (widget_class, "config.remove-key", NULL, remove_key_action);
  gtk_widget_class_install_action (widget_class, "config.discard", NULL, discard_action);
  gtk_widget_class_install_action (widget_class, "config.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "config.replace", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "config.find-next", NULL, search_step_action);
  gtk_widget_class_install_action (widget_class, "config.replace-one", NULL,
                                   search_step_action);
  gtk_widget_class_install_action (widget_class, "config.replace-all", NULL,
                                   search_step_action);
}

static void
deck_config_page_init (DeckConfigPage *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->search_settings = gtk_source_search_settings_new ();
  gtk_source_search_settings_set_wrap_around (self->search_settings, TRUE);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (follow_search_mode), self, G_CONNECT_SWAPPED);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "config.discard", FALSE);

  /* Ctrl+S, Ctrl+F and Ctrl+H wherever the focus is in the window while the page shows. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_s, "config.save");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_f, "config.search");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_h, "config.replace");
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

GtkWidget *
deck_config_page_new (void)
{
  return g_object_new (DECK_TYPE_CONFIG_PAGE, NULL);
}
