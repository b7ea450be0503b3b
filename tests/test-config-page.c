/* test-config-page.c: the Configuration page against a real searchdeck-sandbox
 *
 * The page loads the demo cluster's elasticsearch-config; YAML that does not parse is
 * refused with its line and column; Save shows the diff and then replaces the ConfigMap,
 * a change of static settings offering the restart; a change saved behind the editor's
 * back through the API shows the banner, and the save that follows merges: cleanly when
 * the edits do not overlap (both kept), through the per-hunk choice when they do; a draft
 * left by a page destroyed unsaved is offered and restored by the next page, merged with
 * what the server saved since.  Keys are added (a bad name refused), renamed and removed.
 * A merge that does not parse goes to the editor, not the server; a missing StatefulSet
 * shows the error page, and a save the server refuses keeps the review open to try again.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "odfe-config-map.h"
#include "odfe-setting-info.h"

#include "deck-config-key-dialog.h"
#include "deck-config-merge.h"
#include "deck-config-page.h"
#include "deck-config-review.h"
#include "sandbox-session.h"
#include "scratch-dir.h"

/* Runs the main loop until @condition (checked each iteration) holds, for at most @seconds. */
#define WAIT_UNTIL(condition, seconds)                                            \
  G_STMT_START {                                                                  \
    gint64 deadline_ = g_get_monotonic_time () + (gint64) (seconds) * G_USEC_PER_SEC; \
    while (!(condition))                                                          \
      {                                                                           \
        g_assert_cmpint (g_get_monotonic_time (), <, deadline_);                  \
        g_main_context_iteration (NULL, FALSE);                                   \
        g_usleep (1000);                                                          \
      }                                                                           \
  } G_STMT_END

typedef struct
{
  SandboxSession *sandbox;
  const char     *context;
  GtkWidget      *window;
  DeckConfigPage *page;
} Fixture;

static DeckConfigPage *
open_page (Fixture *fixture)
{
  DeckConfigPage *page = DECK_CONFIG_PAGE (deck_config_page_new ());

  g_object_ref_sink (page);
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 700);
  deck_config_page_set_cluster (page, fixture->sandbox->kube, fixture->context, "demo",
                                "elasticsearch");
  /* Nothing is asked before the page is shown. */
  g_assert_cmpstr (deck_config_page_get_state (page), ==, "empty");
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (fixture->window));
  WAIT_UNTIL (g_strcmp0 (deck_config_page_get_state (page), "editor") == 0, 30);
  fixture->page = page;

  return page;
}

static void
close_page (Fixture *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = NULL;
  /* Answers already on their way hold the page until they arrive, cancelled. */
  sandbox_session_sleep (300);
  g_assert_finalize_object (g_steal_pointer (&fixture->page));
}

static gboolean
fixture_open (Fixture *fixture)
{
  fixture->sandbox = sandbox_session_start ("test-config-page", NULL);
  if (fixture->sandbox == NULL)
    return FALSE;

  fixture->context = kube_config_get_current_context (fixture->sandbox->config);
  return TRUE;
}

static void
fixture_close (Fixture *fixture)
{
  if (fixture->page != NULL)
    close_page (fixture);
  odfe_draft_discard (fixture->context, "demo", "elasticsearch-config", NULL);
  sandbox_session_stop (fixture->sandbox);
}

/* The server's side, through the API */

static OdfeConfigMap *
server_copy (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) object = NULL;
  g_autoptr(GError) error = NULL;
  OdfeConfigMap *map;

  kube_client_get_async (fixture->sandbox->kube,
                         kube_resource_type_get (KUBE_RESOURCE_CONFIGMAPS), "demo",
                         "elasticsearch-config", NULL, sandbox_session_store_result, &result);
  sandbox_session_wait_result (&result, 30);
  object = kube_client_get_finish (fixture->sandbox->kube, result, &error);
  g_assert_no_error (error);
  map = odfe_config_map_new_from_json (object, &error);
  g_assert_no_error (error);

  return map;
}

static const char *
server_text (Fixture    *fixture,
             const char *key)
{
  static char *text;
  g_autoptr(OdfeConfigMap) map = server_copy (fixture);

  g_free (text);
  text = g_strdup (g_hash_table_lookup (map->data, key));

  return text;
}

/* Replaces @from by @to in elasticsearch.yml on the server, as another writer would. */
static void
change_behind (Fixture    *fixture,
               const char *from,
               const char *to)
{
  g_autoptr(OdfeConfigMap) map = server_copy (fixture);
  g_autoptr(GHashTable) data = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) text = g_string_new (g_hash_table_lookup (map->data, "elasticsearch.yml"));
  g_autoptr(JsonNode) object = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_assert_nonnull (strstr (text->str, from));
  g_string_replace (text, from, to, 1);
  g_hash_table_iter_init (&iter, map->data);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (data, key, value);
  g_hash_table_insert (data, (gpointer) "elasticsearch.yml", text->str);

  object = odfe_config_map_build_replace (map, data);
  kube_client_replace_async (fixture->sandbox->kube,
                             kube_resource_type_get (KUBE_RESOURCE_CONFIGMAPS), "demo",
                             "elasticsearch-config", object, map->resource_version, NULL,
                             sandbox_session_store_result, &result);
  sandbox_session_wait_result (&result, 30);
  answer = kube_client_object_finish (fixture->sandbox->kube, result, &error);
  g_assert_no_error (error);
}

/* The editor's side */

static DeckConfigEditor *
yml_editor (Fixture *fixture)
{
  DeckConfigEditor *editor = deck_config_page_get_editor (fixture->page, "elasticsearch.yml");

  g_assert_nonnull (editor);
  return editor;
}

/* Types: replaces @from by @to in the editor's text, as one user action. */
static void
edit (DeckConfigEditor *editor,
      const char       *from,
      const char       *to)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (deck_config_editor_get_buffer (editor));
  g_autofree char *text = deck_config_editor_get_text (editor);
  const char *at = strstr (text, from);
  GtkTextIter start;
  GtkTextIter end;

  g_assert_nonnull (at);
  gtk_text_buffer_get_iter_at_offset (buffer, &start, g_utf8_pointer_to_offset (text, at));
  gtk_text_buffer_get_iter_at_offset (buffer, &end,
                                      g_utf8_pointer_to_offset (text, at + strlen (from)));
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert (buffer, &start, to, -1);
  gtk_text_buffer_end_user_action (buffer);
}

/* Shows @key's tab, as a click on it does. */
static void
select_key (Fixture    *fixture,
            const char *key)
{
  GtkWidget *editor = GTK_WIDGET (deck_config_page_get_editor (fixture->page, key));
  AdwTabView *view = ADW_TAB_VIEW (gtk_widget_get_ancestor (editor, ADW_TYPE_TAB_VIEW));

  adw_tab_view_set_selected_page (view, adw_tab_view_get_page (view, editor));
}

static DeckConfigReview *
wait_review (Fixture *fixture)
{
  WAIT_UNTIL (deck_config_page_get_review (fixture->page) != NULL, 30);
  return DECK_CONFIG_REVIEW (deck_config_page_get_review (fixture->page));
}

static void
save_review (Fixture *fixture)
{
  DeckConfigReview *review = DECK_CONFIG_REVIEW (deck_config_page_get_review (fixture->page));

  /* Saved, the review closes and is finalized; failed, it says why. */
  g_object_add_weak_pointer (G_OBJECT (review), (gpointer *) &review);
  deck_config_review_save (review);
  WAIT_UNTIL (review == NULL || deck_config_review_get_error_text (review) != NULL, 30);
  if (review != NULL)
    g_error ("Not saved: %s", deck_config_review_get_error_text (review));
}

/* Tests */

static void
test_load_and_invalid (void)
{
  Fixture fixture = { 0 };
  DeckConfigEditor *editor;
  g_auto(GStrv) keys = NULL;
  g_autofree char *text = NULL;
  const char *error;
  guint line = 0;
  guint column = 0;

  if (!fixture_open (&fixture))
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }
  open_page (&fixture);

  /* One tab per key, the server's text, YAML highlighting. */
  g_assert_cmpstr (deck_config_page_get_config_map_name (fixture.page), ==,
                   "elasticsearch-config");
  keys = deck_config_page_get_keys (fixture.page);
  g_assert_cmpuint (g_strv_length (keys), ==, 1);
  g_assert_cmpstr (keys[0], ==, "elasticsearch.yml");
  editor = yml_editor (&fixture);
  text = deck_config_editor_get_text (editor);
  g_assert_cmpstr (text, ==, server_text (&fixture, "elasticsearch.yml"));
  g_assert_false (deck_config_page_get_modified (fixture.page));
  g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (
                     deck_config_editor_get_buffer (editor))), ==, "yaml");
  g_assert_true (gtk_source_view_get_show_line_numbers (deck_config_editor_get_view (editor)));

  /* The style scheme follows dark mode. */
  g_assert_cmpstr (gtk_source_style_scheme_get_id (gtk_source_buffer_get_style_scheme (
                     deck_config_editor_get_buffer (editor))), ==, "Adwaita");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_cmpstr (gtk_source_style_scheme_get_id (gtk_source_buffer_get_style_scheme (
                     deck_config_editor_get_buffer (editor))), ==, "Adwaita-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);

  /* A flow sequence left open on line 2: the check marks it and Save refuses. */
  edit (editor, "network.host: 0.0.0.0", "network.host: [0.0.0.0");
  g_assert_true (deck_config_page_get_modified (fixture.page));
  deck_config_editor_check_now (editor);
  error = deck_config_editor_get_first_error (editor, &line, &column);
  g_test_message ("error: line %u, column %u: %s", line, column, error);
  g_assert_nonnull (error);
  g_assert_cmpuint (line, >=, 2);
  g_assert_cmpuint (column, >=, 1);
  g_assert_true (g_str_has_prefix (deck_config_editor_get_status_text (editor), "Line "));

  deck_config_page_save (fixture.page);
  g_assert_null (deck_config_page_get_review (fixture.page));
  g_assert_nonnull (deck_config_page_get_error_text (fixture.page));
  g_test_message ("refused: %s", deck_config_page_get_error_text (fixture.page));
  {
    g_autofree char *position = g_strdup_printf ("line %u, column %u", line, column);

    g_assert_nonnull (strstr (deck_config_page_get_error_text (fixture.page), position));
  }
  /* The server did not get it. */
  g_assert_null (strstr (server_text (&fixture, "elasticsearch.yml"), "[0.0.0.0"));

  /* A warning (a yes where a string is likely meant) does not stop a save. */
  edit (editor, "network.host: [0.0.0.0", "network.host: 0.0.0.0\nnode.attr.zone: yes");
  deck_config_editor_check_now (editor);
  g_assert_null (deck_config_editor_get_first_error (editor, NULL, NULL));
  g_assert_cmpuint (deck_config_editor_get_issues (editor)->len, >=, 1);
  deck_config_page_save (fixture.page);
  g_assert_null (deck_config_page_get_error_text (fixture.page));
  g_assert_nonnull (wait_review (&fixture));
  gtk_window_close (deck_config_page_get_review (fixture.page));
  WAIT_UNTIL (deck_config_page_get_review (fixture.page) == NULL, 10);

  fixture_close (&fixture);
}

static void
test_search_replace (void)
{
  Fixture fixture = { 0 };
  DeckConfigEditor *editor;
  g_autofree char *text = NULL;

  if (!fixture_open (&fixture))
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }
  open_page (&fixture);
  editor = yml_editor (&fixture);

  /* Ctrl+H's action opens the bar; Replace All through its entries and button's action. */
  gtk_widget_activate_action (GTK_WIDGET (fixture.page), "config.replace", NULL);
  gtk_editable_set_text (deck_config_page_get_search_entry (fixture.page),
                         "opendistro_security.ssl");
  gtk_editable_set_text (deck_config_page_get_replace_entry (fixture.page),
                         "plugins.security.ssl");
  WAIT_UNTIL (gtk_source_search_context_get_occurrences_count (
                deck_config_editor_get_search (editor, NULL)) == 8, 10);
  /* The bar says how many, once the editor has counted them. */
  WAIT_UNTIL (g_strcmp0 (deck_config_page_get_search_count (fixture.page), "8 matches") == 0,
              5);
  gtk_widget_activate_action (GTK_WIDGET (fixture.page), "config.find-next", NULL);
  g_assert_cmpstr (deck_config_page_get_search_count (fixture.page), ==, "1 of 8");
  gtk_widget_activate_action (GTK_WIDGET (fixture.page), "config.replace-all", NULL);
  g_assert_cmpstr (deck_config_page_get_last_toast (fixture.page), ==, "8 matches replaced");
  text = deck_config_editor_get_text (editor);
  g_assert_null (strstr (text, "opendistro_security.ssl"));
  g_assert_true (deck_config_page_get_modified (fixture.page));

  /* Undo brings the text back in one step. */
  gtk_text_buffer_undo (GTK_TEXT_BUFFER (deck_config_editor_get_buffer (editor)));
  g_clear_pointer (&text, g_free);
  text = deck_config_editor_get_text (editor);
  g_assert_cmpstr (text, ==, server_text (&fixture, "elasticsearch.yml"));
  WAIT_UNTIL (!deck_config_page_get_modified (fixture.page), 5);

  fixture_close (&fixture);
}

static void
test_save (void)
{
  Fixture fixture = { 0 };
  DeckConfigEditor *editor;
  DeckConfigReview *review;
  DeckConfigKeyDialog *dialog;
  const char *diff;
  GPtrArray *changes;
  const char *yml;
  g_autoptr(OdfeDraft) draft = NULL;
  const char *old_version;

  if (!fixture_open (&fixture))
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }
  open_page (&fixture);
  editor = yml_editor (&fixture);
  old_version = g_strdup (deck_config_page_get_resource_version (fixture.page));

  /* A static setting changed, a live one added. */
  edit (editor, "node.max_local_storage_nodes: 1", "node.max_local_storage_nodes: 2");
  edit (editor, "processors:", "indices.recovery.max_bytes_per_sec: 80mb\nprocessors:");

  /* A new key: a bad name is refused with the reason, a good one makes a tab. */
  gtk_widget_activate_action (GTK_WIDGET (fixture.page), "config.add-key", NULL);
  dialog = DECK_CONFIG_KEY_DIALOG (deck_config_page_get_dialog (fixture.page));
  g_assert_nonnull (dialog);
  deck_config_key_dialog_set_text (dialog, "jvm/options");
  g_assert_nonnull (deck_config_key_dialog_get_error_text (dialog));
  g_assert_false (deck_config_key_dialog_accept (dialog));
  deck_config_key_dialog_set_text (dialog, "elasticsearch.yml");
  g_assert_nonnull (deck_config_key_dialog_get_error_text (dialog));
  g_assert_false (deck_config_key_dialog_accept (dialog));
  deck_config_key_dialog_set_text (dialog, "jvm.options");
  g_assert_null (deck_config_key_dialog_get_error_text (dialog));
  g_assert_true (deck_config_key_dialog_accept (dialog));
  WAIT_UNTIL (deck_config_page_get_dialog (fixture.page) == NULL, 5);
  g_assert_nonnull (deck_config_page_get_editor (fixture.page, "jvm.options"));
  deck_config_editor_set_text (deck_config_page_get_editor (fixture.page, "jvm.options"),
                               "-Xms1g\n-Xmx1g\n", TRUE);

  /* The draft follows the typing. */
  WAIT_UNTIL (!deck_config_page_get_draft_pending (fixture.page), 10);
  draft = odfe_draft_load (fixture.context, "demo", "elasticsearch-config", NULL);
  g_assert_nonnull (draft);
  g_assert_true (g_hash_table_contains (draft->data, "jvm.options"));

  /* Save shows the diff per key, and how each setting applies. */
  deck_config_page_save (fixture.page);
  review = wait_review (&fixture);
  diff = deck_config_review_get_diff_text (review);
  g_test_message ("diff:\n%s", diff);
  g_assert_cmpuint (deck_config_review_get_n_keys (review), ==, 2);
  g_assert_nonnull (strstr (diff, "- node.max_local_storage_nodes: 1\n"));
  g_assert_nonnull (strstr (diff, "+ node.max_local_storage_nodes: 2\n"));
  g_assert_nonnull (strstr (diff, "+ indices.recovery.max_bytes_per_sec: 80mb\n"));
  g_assert_nonnull (strstr (diff, "@@ "));
  g_assert_nonnull (strstr (diff, "jvm.options\n"));
  g_assert_nonnull (strstr (diff, "+ -Xmx1g\n"));
  changes = deck_config_review_get_changes (review);
  g_assert_nonnull (changes);
  g_assert_cmpuint (changes->len, ==, 2);
  for (guint i = 0; i < changes->len; i++)
    {
      const OdfeSettingChange *change = changes->pdata[i];

      if (g_str_equal (change->key, "node.max_local_storage_nodes"))
        g_assert_cmpint (change->apply, ==, ODFE_SETTING_APPLY_STATIC);
      else
        g_assert_cmpint (change->apply, ==, ODFE_SETTING_APPLY_DYNAMIC);
    }

  save_review (&fixture);
  g_assert_cmpstr (deck_config_page_get_last_toast (fixture.page), ==, "Configuration saved");
  yml = server_text (&fixture, "elasticsearch.yml");
  g_assert_nonnull (strstr (yml, "node.max_local_storage_nodes: 2\n"));
  g_assert_nonnull (strstr (yml, "indices.recovery.max_bytes_per_sec: 80mb\n"));
  g_assert_cmpstr (server_text (&fixture, "jvm.options"), ==, "-Xms1g\n-Xmx1g\n");
  g_assert_false (deck_config_page_get_modified (fixture.page));
  g_assert_cmpstr (deck_config_page_get_resource_version (fixture.page), !=, old_version);
  g_free ((char *) old_version);

  /* Saved: the draft is gone; a static setting changed: the bar names the pods. */
  g_clear_pointer (&draft, odfe_draft_free);
  draft = odfe_draft_load (fixture.context, "demo", "elasticsearch-config", NULL);
  g_assert_null (draft);
  WAIT_UNTIL (deck_config_page_get_restart_text (fixture.page) != NULL, 10);
  g_test_message ("restart: %s", deck_config_page_get_restart_text (fixture.page));
  g_assert_nonnull (strstr (deck_config_page_get_restart_text (fixture.page),
                            "elasticsearch-0"));
  g_assert_nonnull (strstr (deck_config_page_get_restart_text (fixture.page),
                            "node.max_local_storage_nodes"));

  /* Renaming a key is saved as the old one removed and the new one added. */
  select_key (&fixture, "jvm.options");
  gtk_widget_activate_action (GTK_WIDGET (fixture.page), "config.rename-key", NULL);
  dialog = DECK_CONFIG_KEY_DIALOG (deck_config_page_get_dialog (fixture.page));
  g_assert_nonnull (dialog);
  deck_config_key_dialog_set_text (dialog, "heap.options");
  g_assert_true (deck_config_key_dialog_accept (dialog));
  WAIT_UNTIL (deck_config_page_get_dialog (fixture.page) == NULL, 5);
  g_assert_null (deck_config_page_get_editor (fixture.page, "jvm.options"));
  g_assert_nonnull (deck_config_page_get_editor (fixture.page, "heap.options"));
  deck_config_page_save (fixture.page);
  review = wait_review (&fixture);
  g_assert_cmpuint (deck_config_review_get_n_keys (review), ==, 2);
  save_review (&fixture);
  g_assert_null (server_text (&fixture, "jvm.options"));
  g_assert_cmpstr (server_text (&fixture, "heap.options"), ==, "-Xms1g\n-Xmx1g\n");

  /* Removing a key asks first, and the save removes it from the server. */
  select_key (&fixture, "heap.options");
  gtk_widget_activate_action (GTK_WIDGET (fixture.page), "config.remove-key", NULL);
  g_assert_nonnull (deck_config_page_get_dialog (fixture.page));
  g_assert_nonnull (deck_config_page_get_editor (fixture.page, "heap.options"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (deck_config_page_get_dialog (fixture.page)),
                               "remove");
  g_assert_null (deck_config_page_get_editor (fixture.page, "heap.options"));
  deck_config_page_save (fixture.page);
  review = wait_review (&fixture);
  g_assert_nonnull (strstr (deck_config_review_get_diff_text (review), "- -Xms1g\n"));
  save_review (&fixture);
  g_assert_null (server_text (&fixture, "heap.options"));

  fixture_close (&fixture);
}

static void
test_external_change (void)
{
  Fixture fixture = { 0 };
  DeckConfigEditor *editor;
  g_autofree char *text = NULL;

  if (!fixture_open (&fixture))
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }
  open_page (&fixture);
  editor = yml_editor (&fixture);

  /* Without local edits, a change on the server is simply taken. */
  change_behind (&fixture, "node.ingest: true", "node.ingest: false");
  WAIT_UNTIL (deck_config_page_get_last_toast (fixture.page) != NULL, 30);
  text = deck_config_editor_get_text (editor);
  g_assert_nonnull (strstr (text, "node.ingest: false"));
  g_assert_false (deck_config_page_get_modified (fixture.page));
  g_assert_null (deck_config_page_get_conflict_text (fixture.page));

  /* With local edits, the banner says so at once, and the edits stay. */
  edit (editor, "node.data: true", "node.data: true # local");
  change_behind (&fixture, "node.master: true", "node.master: true # remote");
  WAIT_UNTIL (deck_config_page_get_conflict_text (fixture.page) != NULL, 30);
  g_test_message ("banner: %s", deck_config_page_get_conflict_text (fixture.page));
  g_clear_pointer (&text, g_free);
  text = deck_config_editor_get_text (editor);
  g_assert_nonnull (strstr (text, "node.data: true # local"));
  g_assert_null (strstr (text, "# remote"));

  /* Review and Merge: both changes, the diff against the server's copy. */
  gtk_widget_activate_action (GTK_WIDGET (fixture.page), "config.merge", NULL);
  wait_review (&fixture);
  g_assert_nonnull (strstr (deck_config_review_get_diff_text (DECK_CONFIG_REVIEW (
    deck_config_page_get_review (fixture.page))), "+ node.data: true # local\n"));
  save_review (&fixture);
  g_assert_nonnull (strstr (server_text (&fixture, "elasticsearch.yml"),
                            "node.data: true # local\n"));
  g_assert_nonnull (strstr (server_text (&fixture, "elasticsearch.yml"),
                            "node.master: true # remote\n"));
  g_assert_null (deck_config_page_get_conflict_text (fixture.page));

  /* Edits discarded while the banner shows: the server's newer copy is taken. */
  edit (editor, "node.data: true # local", "node.data: true # local, dropped");
  change_behind (&fixture, "node.master: true # remote", "node.master: true # remote again");
  WAIT_UNTIL (deck_config_page_get_conflict_text (fixture.page) != NULL, 30);
  gtk_widget_activate_action (GTK_WIDGET (fixture.page), "config.discard", NULL);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (deck_config_page_get_dialog (fixture.page)),
                               "discard");
  g_assert_null (deck_config_page_get_conflict_text (fixture.page));
  g_clear_pointer (&text, g_free);
  text = deck_config_editor_get_text (editor);
  g_assert_cmpstr (text, ==, server_text (&fixture, "elasticsearch.yml"));
  g_assert_nonnull (strstr (text, "# remote again"));
  g_assert_false (deck_config_page_get_modified (fixture.page));

  fixture_close (&fixture);
}

static void
test_conflict_clean (void)
{
  Fixture fixture = { 0 };
  DeckConfigEditor *editor;
  DeckConfigReview *review;
  const char *yml;
  g_autofree char *text = NULL;

  if (!fixture_open (&fixture))
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }
  open_page (&fixture);
  editor = yml_editor (&fixture);

  /* The review is open when another writer saves: its Save gets 409. */
  edit (editor, "cluster.name: demo", "cluster.name: demo # mine");
  deck_config_page_save (fixture.page);
  review = wait_review (&fixture);
  change_behind (&fixture, "check_snapshot_restore_write_privileges: true",
                 "check_snapshot_restore_write_privileges: false");
  g_object_add_weak_pointer (G_OBJECT (review), (gpointer *) &review);
  deck_config_review_save (review);

  /* The merge is clean: a new review, of what saving adds to the server's copy. */
  WAIT_UNTIL (review == NULL && deck_config_page_get_review (fixture.page) != NULL, 30);
  g_assert_null (deck_config_page_get_merge (fixture.page));
  review = DECK_CONFIG_REVIEW (deck_config_page_get_review (fixture.page));
  g_test_message ("merge diff:\n%s", deck_config_review_get_diff_text (review));
  g_assert_nonnull (strstr (deck_config_review_get_diff_text (review),
                            "+ cluster.name: demo # mine\n"));
  /* Their change is already theirs: not part of what this save changes, but shown apart. */
  g_assert_null (strstr (deck_config_review_get_diff_text (review), "write_privileges"));
  g_assert_nonnull (strstr (deck_config_review_get_their_text (review),
                            "+ opendistro_security.check_snapshot_restore_write_privileges: "
                            "false\n"));
  save_review (&fixture);

  yml = server_text (&fixture, "elasticsearch.yml");
  g_assert_nonnull (strstr (yml, "cluster.name: demo # mine\n"));
  g_assert_nonnull (strstr (yml, "check_snapshot_restore_write_privileges: false\n"));
  text = deck_config_editor_get_text (editor);
  g_assert_cmpstr (text, ==, yml);
  g_assert_false (deck_config_page_get_modified (fixture.page));

  fixture_close (&fixture);
}

static void
test_conflict_overlap (void)
{
  Fixture fixture = { 0 };
  DeckConfigEditor *editor;
  DeckConfigMerge *merge;
  DeckConfigReview *review;
  const char *yml;

  if (!fixture_open (&fixture))
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }
  open_page (&fixture);
  editor = yml_editor (&fixture);

  /* The same two lines, far apart, changed on both sides. */
  edit (editor, "cluster.name: demo", "cluster.name: demo-mine");
  edit (editor, "opendistro_security.audit.type: internal_elasticsearch",
        "opendistro_security.audit.type: log4j");
  change_behind (&fixture, "cluster.name: demo", "cluster.name: demo-theirs");
  change_behind (&fixture, "opendistro_security.audit.type: internal_elasticsearch",
                 "opendistro_security.audit.type: debug");
  WAIT_UNTIL (deck_config_page_get_conflict_text (fixture.page) != NULL, 30);

  /* Save goes to the merge, which shows both conflicts side by side. */
  deck_config_page_save (fixture.page);
  WAIT_UNTIL (deck_config_page_get_merge (fixture.page) != NULL, 30);
  merge = DECK_CONFIG_MERGE (deck_config_page_get_merge (fixture.page));
  g_assert_cmpuint (deck_config_merge_get_n_conflicts (merge), ==, 2);
  g_assert_cmpstr (deck_config_merge_get_conflict_key (merge, 0), ==, "elasticsearch.yml");
  g_assert_nonnull (strstr (deck_config_merge_get_conflict (merge, 0)->mine, "demo-mine"));
  g_assert_nonnull (strstr (deck_config_merge_get_conflict (merge, 0)->theirs, "demo-theirs"));
  g_assert_nonnull (strstr (deck_config_merge_get_conflict (merge, 0)->base, "demo"));
  g_assert_nonnull (strstr (deck_config_merge_get_conflict (merge, 1)->mine, "log4j"));
  g_assert_nonnull (strstr (deck_config_merge_get_conflict (merge, 1)->theirs, "debug"));
  /* Nothing is decided for the user: each starts on Yours. */
  g_assert_cmpint (deck_config_merge_get_conflict (merge, 0)->choice, ==, ODFE_MERGE_MINE);

  /* Both for the name (theirs after mine), Theirs for the audit type. */
  deck_config_merge_set_choice (merge, 0, ODFE_MERGE_BOTH);
  deck_config_merge_set_choice (merge, 1, ODFE_MERGE_THEIRS);
  g_assert_cmpint (deck_config_merge_get_conflict (merge, 1)->choice, ==, ODFE_MERGE_THEIRS);
  g_object_add_weak_pointer (G_OBJECT (merge), (gpointer *) &merge);
  deck_config_merge_accept (merge);
  review = wait_review (&fixture);
  WAIT_UNTIL (merge == NULL, 10);
  g_test_message ("merge diff:\n%s", deck_config_review_get_diff_text (review));
  g_assert_nonnull (strstr (deck_config_review_get_diff_text (review),
                            "+ cluster.name: demo-mine\n"));
  /* Both names make a duplicate key: the review lists the warning before the save. */
  g_assert_cmpuint (deck_config_review_get_n_warnings (review), >=, 1);
  save_review (&fixture);

  yml = server_text (&fixture, "elasticsearch.yml");
  g_test_message ("saved:\n%s", yml);
  g_assert_nonnull (strstr (yml, "cluster.name: demo-mine\ncluster.name: demo-theirs\n"));
  g_assert_nonnull (strstr (yml, "opendistro_security.audit.type: debug\n"));
  g_assert_null (strstr (yml, "log4j"));
  /* The name twice is a duplicate key: warned about in the editor, not refused. */
  deck_config_editor_check_now (editor);
  g_assert_null (deck_config_editor_get_first_error (editor, NULL, NULL));
  g_assert_cmpuint (deck_config_editor_get_issues (editor)->len, >=, 1);

  fixture_close (&fixture);
}

static void
test_merge_invalid (void)
{
  Fixture fixture = { 0 };
  DeckConfigEditor *editor;
  g_autofree char *text = NULL;
  g_autoptr(OdfeConfigMap) server = NULL;

  if (!fixture_open (&fixture))
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }
  open_page (&fixture);
  editor = yml_editor (&fixture);

  /* A half-typed edit when someone else saves: Review and Merge cannot save that. */
  edit (editor, "network.host: 0.0.0.0", "network.host: [0.0.0.0");
  change_behind (&fixture, "node.ingest: true", "node.ingest: false");
  WAIT_UNTIL (deck_config_page_get_conflict_text (fixture.page) != NULL, 30);
  gtk_widget_activate_action (GTK_WIDGET (fixture.page), "config.merge", NULL);

  /* The merge goes into the editor, based on the server's copy now, and nothing is saved. */
  WAIT_UNTIL (deck_config_page_get_error_text (fixture.page) != NULL, 30);
  g_test_message ("error: %s", deck_config_page_get_error_text (fixture.page));
  g_assert_nonnull (strstr (deck_config_page_get_error_text (fixture.page), "not valid YAML"));
  g_assert_null (deck_config_page_get_review (fixture.page));
  g_assert_null (deck_config_page_get_conflict_text (fixture.page));
  text = deck_config_editor_get_text (editor);
  g_assert_nonnull (strstr (text, "network.host: [0.0.0.0\n"));
  g_assert_nonnull (strstr (text, "node.ingest: false\n"));
  server = server_copy (&fixture);
  g_assert_cmpstr (deck_config_page_get_resource_version (fixture.page), ==,
                   server->resource_version);
  g_assert_null (strstr (g_hash_table_lookup (server->data, "elasticsearch.yml"), "[0.0.0.0"));

  /* Mended, it saves over their version with a plain review. */
  edit (editor, "network.host: [0.0.0.0", "network.host: 0.0.0.0");
  deck_config_editor_check_now (editor);
  g_assert_null (deck_config_page_get_error_text (fixture.page));
  edit (editor, "node.master: true", "node.master: true # mended");
  deck_config_page_save (fixture.page);
  wait_review (&fixture);
  save_review (&fixture);
  g_assert_nonnull (strstr (server_text (&fixture, "elasticsearch.yml"),
                            "node.master: true # mended\nnode.data: true\nnode.ingest: false\n"));

  fixture_close (&fixture);
}

static void
test_draft_conflict (void)
{
  Fixture fixture = { 0 };
  DeckConfigEditor *editor;
  DeckConfigMerge *merge;
  g_autoptr(OdfeDraft) draft = NULL;
  g_autofree char *text = NULL;

  if (!fixture_open (&fixture))
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }
  open_page (&fixture);
  edit (yml_editor (&fixture), "node.ingest: true", "node.ingest: false # kept");
  close_page (&fixture);
  WAIT_UNTIL ((draft = odfe_draft_load (fixture.context, "demo", "elasticsearch-config",
                                        NULL)) != NULL, 10);

  /* The same line saved differently meanwhile: restoring asks, line by line. */
  change_behind (&fixture, "node.ingest: true", "node.ingest: true # theirs");
  open_page (&fixture);
  editor = yml_editor (&fixture);
  g_assert_nonnull (deck_config_page_get_draft_text (fixture.page));
  gtk_widget_activate_action (GTK_WIDGET (fixture.page), "config.restore-draft", NULL);
  WAIT_UNTIL (deck_config_page_get_merge (fixture.page) != NULL, 10);
  merge = DECK_CONFIG_MERGE (deck_config_page_get_merge (fixture.page));
  g_assert_cmpuint (deck_config_merge_get_n_conflicts (merge), ==, 1);
  deck_config_merge_set_choice (merge, 0, ODFE_MERGE_BOTH);
  g_object_add_weak_pointer (G_OBJECT (merge), (gpointer *) &merge);
  deck_config_merge_accept (merge);
  WAIT_UNTIL (merge == NULL, 10);

  /* Both lines in the editor, not saved: the draft offer is over. */
  text = deck_config_editor_get_text (editor);
  g_assert_nonnull (strstr (text, "node.ingest: false # kept\nnode.ingest: true # theirs\n"));
  g_assert_true (deck_config_page_get_modified (fixture.page));
  g_assert_null (deck_config_page_get_draft_text (fixture.page));
  g_assert_null (strstr (server_text (&fixture, "elasticsearch.yml"), "# kept"));

  fixture_close (&fixture);
}

/* Sets the sandbox's deny fault switch to @rules (a JSON array). */
static void
set_deny (Fixture    *fixture,
          const char *rules)
{
  g_autofree char *json = g_strdup_printf ("{\"deny\":%s}", rules);
  g_autoptr(JsonNode) body = json_from_string (json, NULL);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  kube_client_request_json_async (fixture->sandbox->kube, "POST", "/sandbox/faults",
                                  "application/json", body, NULL,
                                  sandbox_session_store_result, &result);
  sandbox_session_wait_result (&result, 30);
  answer = kube_client_object_finish (fixture->sandbox->kube, result, &error);
  g_assert_no_error (error);
}

static void
test_failures (void)
{
  Fixture fixture = { 0 };
  DeckConfigPage *page;
  DeckConfigReview *review;

  if (!fixture_open (&fixture))
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  /* A StatefulSet that is not there: the page says so, with Retry. */
  page = DECK_CONFIG_PAGE (g_object_ref_sink (deck_config_page_new ()));
  fixture.window = gtk_window_new ();
  deck_config_page_set_cluster (page, fixture.sandbox->kube, fixture.context, "demo", "nope");
  gtk_window_set_child (GTK_WINDOW (fixture.window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (fixture.window));
  WAIT_UNTIL (g_strcmp0 (deck_config_page_get_state (page), "error") == 0, 30);
  fixture.page = page;
  close_page (&fixture);

  /* A save the server refuses: the review says why and stays, with the edits; once the
   * server allows it, Save again saves. */
  open_page (&fixture);
  edit (yml_editor (&fixture), "node.data: true", "node.data: true # refused first");
  set_deny (&fixture, "[\"update:configmaps\"]");
  deck_config_page_save (fixture.page);
  review = wait_review (&fixture);
  deck_config_review_save (review);
  WAIT_UNTIL (deck_config_review_get_error_text (review) != NULL, 30);
  g_test_message ("save error: %s", deck_config_review_get_error_text (review));
  g_assert_true (deck_config_page_get_review (fixture.page) == GTK_WINDOW (review));
  g_assert_true (deck_config_page_get_modified (fixture.page));
  g_assert_null (strstr (server_text (&fixture, "elasticsearch.yml"), "# refused first"));
  set_deny (&fixture, "[]");
  save_review (&fixture);
  g_assert_nonnull (strstr (server_text (&fixture, "elasticsearch.yml"), "# refused first"));

  fixture_close (&fixture);
}

static void
test_draft (void)
{
  Fixture fixture = { 0 };
  DeckConfigEditor *editor;
  GtkTextView *view;
  g_autoptr(OdfeDraft) draft = NULL;
  g_autofree char *text = NULL;

  if (!fixture_open (&fixture))
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }
  open_page (&fixture);
  editor = yml_editor (&fixture);

  /* Typed, then the page goes away unsaved (the draft of the last second with it). */
  edit (editor, "node.data: true", "node.data: false # kept");
  close_page (&fixture);
  WAIT_UNTIL ((draft = odfe_draft_load (fixture.context, "demo", "elasticsearch-config",
                                        NULL)) != NULL, 10);
  g_assert_nonnull (strstr (g_hash_table_lookup (draft->data, "elasticsearch.yml"),
                            "node.data: false # kept"));

  /* Meanwhile someone saves elsewhere in the file. */
  change_behind (&fixture, "processors: ${PROCESSORS:1}", "processors: 2");

  /* The next page offers the draft; restoring merges it with the server's copy now. */
  open_page (&fixture);
  editor = yml_editor (&fixture);
  g_assert_nonnull (deck_config_page_get_draft_text (fixture.page));
  g_test_message ("offer: %s", deck_config_page_get_draft_text (fixture.page));
  g_assert_nonnull (strstr (deck_config_page_get_draft_text (fixture.page), "merges"));
  g_assert_false (deck_config_page_get_modified (fixture.page));
  /* Until the user says what to do with it, nothing can be typed over it. */
  view = GTK_TEXT_VIEW (deck_config_editor_get_view (editor));
  g_assert_false (gtk_text_view_get_editable (view));
  gtk_widget_activate_action (GTK_WIDGET (fixture.page), "config.restore-draft", NULL);
  g_assert_true (gtk_text_view_get_editable (view));
  g_assert_null (deck_config_page_get_draft_text (fixture.page));
  text = deck_config_editor_get_text (editor);
  g_assert_nonnull (strstr (text, "node.data: false # kept\n"));
  g_assert_nonnull (strstr (text, "processors: 2\n"));
  g_assert_true (deck_config_page_get_modified (fixture.page));

  /* Discard Changes takes the server's copy back, and the draft goes. */
  gtk_widget_activate_action (GTK_WIDGET (fixture.page), "config.discard", NULL);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (deck_config_page_get_dialog (fixture.page)),
                               "discard");
  g_clear_pointer (&text, g_free);
  text = deck_config_editor_get_text (editor);
  g_assert_cmpstr (text, ==, server_text (&fixture, "elasticsearch.yml"));
  g_assert_false (deck_config_page_get_modified (fixture.page));
  g_clear_pointer (&draft, odfe_draft_free);
  draft = odfe_draft_load (fixture.context, "demo", "elasticsearch-config", NULL);
  g_assert_null (draft);

  fixture_close (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state = scratch_dir_new ("test-config-page-state");
  int status;

  /* Drafts go to a state directory of the test's own. */
  g_setenv ("XDG_STATE_HOME", state, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();

  g_test_add_func ("/config-page/load-and-invalid", test_load_and_invalid);
  g_test_add_func ("/config-page/search-replace", test_search_replace);
  g_test_add_func ("/config-page/save", test_save);
  g_test_add_func ("/config-page/external-change", test_external_change);
  g_test_add_func ("/config-page/conflict-clean", test_conflict_clean);
  g_test_add_func ("/config-page/conflict-overlap", test_conflict_overlap);
  g_test_add_func ("/config-page/merge-invalid", test_merge_invalid);
  g_test_add_func ("/config-page/draft", test_draft);
  g_test_add_func ("/config-page/draft-conflict", test_draft_conflict);
  g_test_add_func ("/config-page/failures", test_failures);

  status = g_test_run ();
  gtk_source_finalize ();
  scratch_dir_remove (state);

  return status;
}
