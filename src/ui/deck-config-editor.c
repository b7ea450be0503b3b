/* deck-config-editor.c: one key of a ConfigMap in a source view, checked as it is typed
 *
 * A GtkSourceView with the file's highlighting (YAML, .properties as ini, plain for the
 * rest), line numbers, the current line, and the Adwaita scheme that follows dark mode.
 * A pause in typing (300 ms) runs odfe_yaml_check() on YAML keys: each issue is
 * underlined at its line and column and marked in the gutter with its message as a
 * tooltip, and the status line under the text names the first error or counts the
 * warnings.  For elasticsearch.yml the same pause works out which settings changed
 * against the server's text, and whether each applies live or needs a restart.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "odfe-setting-info.h"
#include "odfe-yaml-check.h"

#include "deck-config-editor.h"

#define CHECK_DELAY_MS 300

#define MARK_ERROR   "deck-config-error"
#define MARK_WARNING "deck-config-warning"

struct _DeckConfigEditor
{
  AdwBin                  parent_instance;

  char                   *key;
  char                   *base_text;

  GtkSourceBuffer        *buffer;
  GtkSourceView          *view;
  GtkTextTag             *error_tag;
  GtkTextTag             *warning_tag;
  GtkSourceSearchContext *search;

  GtkImage               *status_icon;
  GtkLabel               *status_label;
  GtkMenuButton          *changes_button;
  GtkListBox             *changes_list;
  GtkLabel               *cursor_label;
  char                   *status_text;

  GPtrArray              *issues;     /* OdfeYamlIssue */
  GPtrArray              *changes;    /* OdfeSettingChange, or NULL */
  guint                   check_id;
};

G_DEFINE_FINAL_TYPE (DeckConfigEditor, deck_config_editor, ADW_TYPE_BIN)

enum {
  SIGNAL_CHANGED,
  SIGNAL_CHECKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
key_is_yaml (const char *key)
{
  return key != NULL && (g_str_has_suffix (key, ".yml") || g_str_has_suffix (key, ".yaml"));
}

static void
update_language (DeckConfigEditor *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceLanguage *language = NULL;

  if (key_is_yaml (self->key))
    language = gtk_source_language_manager_get_language (languages, "yaml");
  /* GtkSourceView 5.6 has no language of its own for Java properties; its ini language
   * reads their key=value lines and # comments the same way. */
  else if (self->key != NULL && g_str_has_suffix (self->key, ".properties"))
    language = gtk_source_language_manager_get_language (languages, "ini");

  gtk_source_buffer_set_language (self->buffer, language);
}

static void
update_scheme (DeckConfigEditor *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char *id = adw_style_manager_get_dark (style) ? "Adwaita-dark" : "Adwaita";

  gtk_source_buffer_set_style_scheme (self->buffer,
                                      gtk_source_style_scheme_manager_get_scheme (schemes, id));
}

/* The iters of @issue's range in the buffer, at least one character wide where the line
 * has one. */
static void
issue_range (DeckConfigEditor    *self,
             const OdfeYamlIssue *issue,
             GtkTextIter         *start,
             GtkTextIter         *end)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  int line = MAX ((int) issue->line, 1) - 1;
  int column = MAX ((int) issue->column, 1) - 1;
  int end_column = MAX ((int) issue->end_column, 1) - 1;

  gtk_text_buffer_get_iter_at_line_offset (buffer, start, line, column);
  gtk_text_buffer_get_iter_at_line_offset (buffer, end, line, MAX (end_column, column));

  if (gtk_text_iter_equal (start, end))
    {
      if (!gtk_text_iter_ends_line (end))
        gtk_text_iter_forward_char (end);
      else if (!gtk_text_iter_starts_line (start))
        gtk_text_iter_backward_char (start);
    }
}

static void
clear_marks (DeckConfigEditor *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->error_tag, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->warning_tag, &start, &end);
  gtk_source_buffer_remove_source_marks (self->buffer, &start, &end, NULL);
}

static void
mark_issues (DeckConfigEditor *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);

  clear_marks (self);

  for (guint i = 0; i < self->issues->len; i++)
    {
      const OdfeYamlIssue *issue = self->issues->pdata[i];
      gboolean error = issue->severity == ODFE_YAML_ERROR;
      GtkSourceMark *mark;
      GtkTextIter start;
      GtkTextIter end;

      issue_range (self, issue, &start, &end);
      gtk_text_buffer_apply_tag (buffer, error ? self->error_tag : self->warning_tag,
                                 &start, &end);

      gtk_text_iter_set_line_offset (&start, 0);
      mark = gtk_source_buffer_create_source_mark (self->buffer, NULL,
                                                   error ? MARK_ERROR : MARK_WARNING, &start);
      g_object_set_data_full (G_OBJECT (mark), "deck-message", g_strdup (issue->message),
                              g_free);
    }
}

static char *
describe_changes (GPtrArray *changes)
{
  guint n_static = 0;
  guint n_unknown = 0;

  for (guint i = 0; i < changes->len; i++)
    {
      const OdfeSettingChange *change = changes->pdata[i];

      if (change->apply == ODFE_SETTING_APPLY_STATIC)
        n_static++;
      else if (change->apply == ODFE_SETTING_APPLY_UNKNOWN)
        n_unknown++;
    }

  if (n_static + n_unknown == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u setting changed, live",
                                         "%u settings changed, all live", changes->len),
                            changes->len);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u setting changed, needs a restart",
                                       "%u settings changed, a restart needed",
                                       changes->len),
                          changes->len);
}

const char *
deck_config_editor_describe_apply (int          apply,
                                   const char **css_class)
{
  switch (apply)
    {
    case ODFE_SETTING_APPLY_STATIC:
      *css_class = "warning";
      return _("Needs a restart");
    case ODFE_SETTING_APPLY_DYNAMIC:
      *css_class = "success";
      return _("Live");
    case ODFE_SETTING_APPLY_UNKNOWN:
    default:
      *css_class = "dim-label";
      return _("Unknown setting");
    }
}

static void
show_changes (DeckConfigEditor *self)
{
  GtkWidget *child;
  g_autofree char *summary = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->changes_list))) != NULL)
    gtk_list_box_remove (self->changes_list, child);

  if (self->changes == NULL || self->changes->len == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->changes_button), FALSE);
      return;
    }

  for (guint i = 0; i < self->changes->len; i++)
    {
      const OdfeSettingChange *change = self->changes->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *label;
      const char *css_class = NULL;
      const char *text = deck_config_editor_describe_apply (change->apply, &css_class);
      g_autofree char *subtitle = NULL;
      g_autofree char *escaped = NULL;
      g_autofree char *title = g_markup_escape_text (change->key, -1);

      if (change->old_value == NULL)
        subtitle = g_strdup_printf (_("added: %s"), change->new_value);
      else if (change->new_value == NULL)
        subtitle = g_strdup_printf (_("removed (was %s)"), change->old_value);
      else
        subtitle = g_strdup_printf ("%s → %s", change->old_value, change->new_value);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      escaped = g_markup_escape_text (subtitle, -1);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
      label = gtk_label_new (text);
      gtk_widget_add_css_class (label, css_class);
      gtk_widget_add_css_class (label, "caption");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      gtk_list_box_append (self->changes_list, row);
    }

  summary = describe_changes (self->changes);
  gtk_menu_button_set_label (self->changes_button, summary);
  gtk_widget_set_visible (GTK_WIDGET (self->changes_button), TRUE);
}

static void
show_status (DeckConfigEditor *self)
{
  const OdfeYamlIssue *first_error = NULL;
  guint n_warnings = 0;
  g_autofree char *text = NULL;
  const char *icon = NULL;
  const char *css_class = NULL;

  for (guint i = 0; i < self->issues->len; i++)
    if (((OdfeYamlIssue *) self->issues->pdata[i])->severity == ODFE_YAML_WARNING)
      n_warnings++;

  if (!key_is_yaml (self->key))
    text = g_strdup (_("Only YAML files are checked"));
  else if (odfe_yaml_issues_have_error (self->issues, &first_error))
    {
      text = g_strdup_printf (_("Line %u, column %u: %s"), first_error->line,
                              first_error->column, first_error->message);
      icon = "dialog-error-symbolic";
      css_class = "error";
    }
  else if (n_warnings == 1)
    {
      const OdfeYamlIssue *warning = self->issues->pdata[0];

      text = g_strdup_printf (_("Line %u, column %u: %s"), warning->line, warning->column,
                              warning->message);
      icon = "dialog-warning-symbolic";
      css_class = "warning";
    }
  else if (n_warnings > 1)
    {
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning",
                                           "%u warnings: hover the marks in the margin",
                                           n_warnings),
                              n_warnings);
      icon = "dialog-warning-symbolic";
      css_class = "warning";
    }
  else
    {
      text = g_strdup (_("Valid YAML"));
      icon = "emblem-ok-symbolic";
      css_class = "success";
    }

  gtk_image_set_from_icon_name (self->status_icon, icon);
  gtk_widget_set_visible (GTK_WIDGET (self->status_icon), icon != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "success");
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), css_class);
  gtk_label_set_text (self->status_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), text);
  g_free (self->status_text);
  self->status_text = g_steal_pointer (&text);
}

static void
check (DeckConfigEditor *self)
{
  g_autofree char *text = deck_config_editor_get_text (self);

  g_clear_handle_id (&self->check_id, g_source_remove);
  g_clear_pointer (&self->issues, g_ptr_array_unref);
  g_clear_pointer (&self->changes, g_ptr_array_unref);

  if (key_is_yaml (self->key))
    self->issues = odfe_yaml_check (text, -1);
  else
    self->issues = g_ptr_array_new_with_free_func ((GDestroyNotify) odfe_yaml_issue_free);

  if (g_strcmp0 (self->key, "elasticsearch.yml") == 0
      && !odfe_yaml_issues_have_error (self->issues, NULL))
    /* The server's text may itself not parse: then there is nothing to compare with. */
    self->changes = odfe_setting_changes (self->base_text != NULL ? self->base_text : "", text,
                                          NULL);

  mark_issues (self);
  show_status (self);
  show_changes (self);
  g_signal_emit (self, signals[SIGNAL_CHECKED], 0);
}

static gboolean
on_check_timeout (gpointer user_data)
{
  DeckConfigEditor *self = user_data;

  self->check_id = 0;
  check (self);

  return G_SOURCE_REMOVE;
}

static void
on_buffer_changed (DeckConfigEditor *self)
{
  g_clear_handle_id (&self->check_id, g_source_remove);
  self->check_id = g_timeout_add (CHECK_DELAY_MS, on_check_timeout, self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
on_cursor_moved (DeckConfigEditor *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  g_autofree char *text = NULL;
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  text = g_strdup_printf (_("Ln %d, Col %d"), gtk_text_iter_get_line (&iter) + 1,
                          gtk_text_iter_get_line_offset (&iter) + 1);
  gtk_label_set_text (self->cursor_label, text);
}

static char *
on_mark_tooltip (GtkSourceMarkAttributes *attributes,
                 GtkSourceMark           *mark,
                 gpointer                 user_data)
{
  return g_strdup (g_object_get_data (G_OBJECT (mark), "deck-message"));
}

/* The message of an issue under the pointer: in the text itself, or every issue of a line
 * when the pointer is on its marks in the gutter. */
static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  DeckConfigEditor *self = user_data;
  GtkTextView *view = GTK_TEXT_VIEW (widget);
  GtkWidget *gutter = gtk_text_view_get_gutter (view, GTK_TEXT_WINDOW_LEFT);
  g_autoptr(GString) messages = g_string_new (NULL);
  gboolean in_gutter;
  GtkTextIter iter;
  int buffer_x;
  int buffer_y;

  if (keyboard || self->issues->len == 0)
    return FALSE;

  in_gutter = gutter != NULL && x < gtk_widget_get_width (gutter);
  gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, x, y, &buffer_x,
                                         &buffer_y);
  if (in_gutter)
    gtk_text_view_get_line_at_y (view, &iter, buffer_y, NULL);
  else if (!gtk_text_view_get_iter_at_location (view, &iter, buffer_x, buffer_y))
    return FALSE;

  for (guint i = 0; i < self->issues->len; i++)
    {
      const OdfeYamlIssue *issue = self->issues->pdata[i];
      GtkTextIter start;
      GtkTextIter end;
      gboolean hit;

      issue_range (self, issue, &start, &end);
      if (in_gutter)
        hit = gtk_text_iter_get_line (&iter) == (int) issue->line - 1;
      else
        hit = gtk_text_iter_in_range (&iter, &start, &end);
      if (!hit)
        continue;

      if (messages->len > 0)
        g_string_append_c (messages, '\n');
      g_string_append (messages, issue->message);
    }

  if (messages->len == 0)
    return FALSE;

  gtk_tooltip_set_text (tooltip, messages->str);
  return TRUE;
}

static void
add_mark_category (DeckConfigEditor *self,
                   const char       *category,
                   const char       *icon_name,
                   int               priority)
{
  g_autoptr(GtkSourceMarkAttributes) attributes = gtk_source_mark_attributes_new ();

  gtk_source_mark_attributes_set_icon_name (attributes, icon_name);
  g_signal_connect (attributes, "query-tooltip-text", G_CALLBACK (on_mark_tooltip), NULL);
  gtk_source_view_set_mark_attributes (self->view, category, attributes, priority);
}

/* Public */

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  const char *key_a = *(const char * const *) a;
  const char *key_b = *(const char * const *) b;
  gboolean main_a = g_str_equal (key_a, "elasticsearch.yml");
  gboolean main_b = g_str_equal (key_b, "elasticsearch.yml");

  if (main_a != main_b)
    return main_a ? -1 : 1;

  return strcmp (key_a, key_b);
}

GPtrArray *
deck_config_editor_sort_keys (GHashTable *first,
                              GHashTable *second)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTable *tables[] = { first, second };

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      GHashTableIter iter;
      gpointer key;

      if (tables[i] == NULL)
        continue;

      g_hash_table_iter_init (&iter, tables[i]);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (i == 0 || first == NULL || !g_hash_table_contains (first, key))
          g_ptr_array_add (keys, key);
    }
  g_ptr_array_sort (keys, compare_keys);

  return keys;
}

GtkWidget *
deck_config_editor_new (const char *key)
{
  DeckConfigEditor *self = g_object_new (DECK_TYPE_CONFIG_EDITOR, NULL);

  deck_config_editor_set_key (self, key);

  return GTK_WIDGET (self);
}

const char *
deck_config_editor_get_key (DeckConfigEditor *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_EDITOR (self), NULL);

  return self->key;
}

void
deck_config_editor_set_key (DeckConfigEditor *self,
                            const char       *key)
{
  g_return_if_fail (DECK_IS_CONFIG_EDITOR (self));
  g_return_if_fail (key != NULL);

  g_free (self->key);
  self->key = g_strdup (key);
  update_language (self);
  check (self);
}

gboolean
deck_config_editor_is_yaml (DeckConfigEditor *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_EDITOR (self), FALSE);

  return key_is_yaml (self->key);
}

char *
deck_config_editor_get_text (DeckConfigEditor *self)
{
  GtkTextIter start;
  GtkTextIter end;

  g_return_val_if_fail (DECK_IS_CONFIG_EDITOR (self), NULL);

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);

  return gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->buffer), &start, &end, TRUE);
}

void
deck_config_editor_set_text (DeckConfigEditor *self,
                             const char       *text,
                             gboolean          undoable)
{
  GtkTextBuffer *buffer;
  g_autofree char *current = NULL;
  GtkTextIter start;
  int line;
  int offset;

  g_return_if_fail (DECK_IS_CONFIG_EDITOR (self));

  buffer = GTK_TEXT_BUFFER (self->buffer);
  current = deck_config_editor_get_text (self);
  if (g_strcmp0 (current, text != NULL ? text : "") == 0)
    return;

  gtk_text_buffer_get_iter_at_mark (buffer, &start, gtk_text_buffer_get_insert (buffer));
  line = gtk_text_iter_get_line (&start);
  offset = gtk_text_iter_get_line_offset (&start);

  if (undoable)
    {
      GtkTextIter end;

      /* One step of the undo history (set_text() would be an irreversible one). */
      gtk_text_buffer_begin_user_action (buffer);
      gtk_text_buffer_get_bounds (buffer, &start, &end);
      gtk_text_buffer_delete (buffer, &start, &end);
      gtk_text_buffer_insert (buffer, &start, text != NULL ? text : "", -1);
      gtk_text_buffer_end_user_action (buffer);
    }
  else
    /* A load: not something to undo into. */
    gtk_text_buffer_set_text (buffer, text != NULL ? text : "", -1);

  /* The cursor stays on its line, as far as the new text has it. */
  gtk_text_buffer_get_iter_at_line_offset (buffer, &start, line, offset);
  gtk_text_buffer_place_cursor (buffer, &start);
  check (self);
}

void
deck_config_editor_set_base_text (DeckConfigEditor *self,
                                  const char       *text)
{
  g_return_if_fail (DECK_IS_CONFIG_EDITOR (self));

  if (g_strcmp0 (self->base_text, text) == 0)
    return;

  g_free (self->base_text);
  self->base_text = g_strdup (text);
  check (self);
}

void
deck_config_editor_check_now (DeckConfigEditor *self)
{
  g_return_if_fail (DECK_IS_CONFIG_EDITOR (self));

  if (self->check_id != 0)
    check (self);
}

GPtrArray *
deck_config_editor_get_issues (DeckConfigEditor *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_EDITOR (self), NULL);

  return self->issues;
}

const char *
deck_config_editor_get_first_error (DeckConfigEditor *self,
                                    guint            *line,
                                    guint            *column)
{
  const OdfeYamlIssue *first_error = NULL;

  g_return_val_if_fail (DECK_IS_CONFIG_EDITOR (self), NULL);

  if (!odfe_yaml_issues_have_error (self->issues, &first_error))
    return NULL;

  if (line != NULL)
    *line = first_error->line;
  if (column != NULL)
    *column = first_error->column;

  return first_error->message;
}

GPtrArray *
deck_config_editor_get_changes (DeckConfigEditor *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_EDITOR (self), NULL);

  return self->changes;
}

const char *
deck_config_editor_get_status_text (DeckConfigEditor *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_EDITOR (self), NULL);

  return self->status_text;
}

void
deck_config_editor_go_to (DeckConfigEditor *self,
                          guint             line,
                          guint             column)
{
  GtkTextIter iter;

  g_return_if_fail (DECK_IS_CONFIG_EDITOR (self));

  gtk_text_buffer_get_iter_at_line_offset (GTK_TEXT_BUFFER (self->buffer), &iter,
                                           MAX ((int) line, 1) - 1, MAX ((int) column, 1) - 1);
  gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (self->buffer), &iter);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->view), &iter, 0.2, FALSE, 0, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

GtkSourceView *
deck_config_editor_get_view (DeckConfigEditor *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_EDITOR (self), NULL);

  return self->view;
}

GtkSourceBuffer *
deck_config_editor_get_buffer (DeckConfigEditor *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_EDITOR (self), NULL);

  return self->buffer;
}

GtkSourceSearchContext *
deck_config_editor_get_search (DeckConfigEditor        *self,
                               GtkSourceSearchSettings *settings)
{
  g_return_val_if_fail (DECK_IS_CONFIG_EDITOR (self), NULL);
  g_return_val_if_fail (settings == NULL || GTK_SOURCE_IS_SEARCH_SETTINGS (settings), NULL);

  if (self->search == NULL && settings != NULL)
    self->search = gtk_source_search_context_new (self->buffer, settings);

  return self->search;
}

/* Life */

static void
deck_config_editor_dispose (GObject *object)
{
  DeckConfigEditor *self = DECK_CONFIG_EDITOR (object);

  g_clear_handle_id (&self->check_id, g_source_remove);
  if (self->buffer != NULL)
    g_signal_handlers_disconnect_by_data (self->buffer, self);
  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  g_clear_object (&self->search);
  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->buffer);

  G_OBJECT_CLASS (deck_config_editor_parent_class)->dispose (object);
}

static void
deck_config_editor_finalize (GObject *object)
{
  DeckConfigEditor *self = DECK_CONFIG_EDITOR (object);

  g_free (self->key);
  g_free (self->base_text);
  g_free (self->status_text);
  g_clear_pointer (&self->issues, g_ptr_array_unref);
  g_clear_pointer (&self->changes, g_ptr_array_unref);

  G_OBJECT_CLASS (deck_config_editor_parent_class)->finalize (object);
}

static void
deck_config_editor_class_init (DeckConfigEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = deck_config_editor_dispose;
  object_class->finalize = deck_config_editor_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
  signals[SIGNAL_CHECKED] = g_signal_new ("checked", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
}

static GtkWidget *
build_status_line (DeckConfigEditor *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_widget_add_css_class (box, "config-status");

  self->status_icon = GTK_IMAGE (gtk_image_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status_icon));

  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status_label, 0);
  gtk_label_set_ellipsize (self->status_label, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (self->status_label), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status_label));

  /* The settings changed, each with how it applies: the side list of elasticsearch.yml. */
  self->changes_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->changes_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->changes_list), "boxed-list");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled),
                                 GTK_WIDGET (self->changes_list));
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 400);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (scrolled, 420, -1);
  gtk_popover_set_child (GTK_POPOVER (popover), scrolled);
  self->changes_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_popover (self->changes_button, popover);
  gtk_menu_button_set_direction (self->changes_button, GTK_ARROW_UP);
  gtk_widget_add_css_class (GTK_WIDGET (self->changes_button), "flat");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->changes_button),
                               _("The settings changed against the server’s copy"));
  gtk_widget_set_visible (GTK_WIDGET (self->changes_button), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->changes_button));

  self->cursor_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->cursor_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->cursor_label), "numeric");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->cursor_label));

  return box;
}

static void
deck_config_editor_init (DeckConfigEditor *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkTextTagTable *tags;
  GdkRGBA warning_color = { 0.90, 0.57, 0.0, 1.0 };

  self->issues = g_ptr_array_new_with_free_func ((GDestroyNotify) odfe_yaml_issue_free);

  self->buffer = gtk_source_buffer_new (NULL);
  gtk_source_buffer_set_highlight_syntax (self->buffer, TRUE);
  tags = gtk_text_buffer_get_tag_table (GTK_TEXT_BUFFER (self->buffer));
  self->error_tag = gtk_text_tag_new ("deck-error");
  g_object_set (self->error_tag, "underline", PANGO_UNDERLINE_ERROR, NULL);
  gtk_text_tag_table_add (tags, self->error_tag);
  g_object_unref (self->error_tag);
  self->warning_tag = gtk_text_tag_new ("deck-warning");
  g_object_set (self->warning_tag, "underline", PANGO_UNDERLINE_ERROR,
                "underline-rgba", &warning_color, NULL);
  gtk_text_tag_table_add (tags, self->warning_tag);
  g_object_unref (self->warning_tag);

  self->view = GTK_SOURCE_VIEW (gtk_source_view_new_with_buffer (self->buffer));
  gtk_source_view_set_show_line_numbers (self->view, TRUE);
  gtk_source_view_set_show_line_marks (self->view, TRUE);
  gtk_source_view_set_highlight_current_line (self->view, TRUE);
  gtk_source_view_set_tab_width (self->view, 2);
  gtk_source_view_set_insert_spaces_instead_of_tabs (self->view, TRUE);
  gtk_source_view_set_auto_indent (self->view, TRUE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (self->view), TRUE);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self->view), 6);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self->view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self->view), 6);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->view), TRUE);
  g_signal_connect (self->view, "query-tooltip", G_CALLBACK (on_query_tooltip), self);
  add_mark_category (self, MARK_ERROR, "dialog-error-symbolic", 2);
  add_mark_category (self, MARK_WARNING, "dialog-warning-symbolic", 1);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->view));
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (box), build_status_line (self));
  adw_bin_set_child (ADW_BIN (self), box);

  update_scheme (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_scheme), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->buffer, "changed", G_CALLBACK (on_buffer_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->buffer, "notify::cursor-position",
                           G_CALLBACK (on_cursor_moved), self, G_CONNECT_SWAPPED);
  on_cursor_moved (self);
}
