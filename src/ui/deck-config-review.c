/* deck-config-review.c: the changes about to be saved, shown before they are
 *
 * Save on the Configuration page comes here first.  Each key that changes has its
 * heading and a unified diff from odfe_diff_lines() (libgit2's), coloured as people
 * know it: added lines green, removed lines red, hunk headers dim, with the old and new
 * line numbers in the margin.  When elasticsearch.yml changes, a list under the diffs
 * names each setting that changes and whether it applies live, needs a restart of every
 * pod, or is a setting Searchdeck does not know (not an error).  The window stays open
 * while the page saves, so that a failure is shown where the user is looking.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "odfe-config-diff.h"
#include "odfe-setting-info.h"
#include "odfe-yaml-check.h"

#include "deck-config-editor.h"
#include "deck-config-review.h"

struct _DeckConfigReview
{
  AdwWindow        parent_instance;

  /* Template children */
  AdwWindowTitle  *window_title;
  GtkButton       *cancel_button;
  GtkButton       *save_button;
  GtkStack        *save_stack;
  GtkRevealer     *error_revealer;
  GtkLabel        *error_label;
  GtkBox          *content;
  GtkLabel        *explanation_label;

  GString         *diff_text;
  GString         *their_text;
  guint            n_keys;
  guint            n_warnings;
  GPtrArray       *changes;
  char            *error_text;
  gboolean         busy;
};

G_DEFINE_FINAL_TYPE (DeckConfigReview, deck_config_review, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SAVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
add_tag (GtkTextBuffer *buffer,
         const char    *name,
         const char    *background,
         const char    *foreground)
{
  GtkTextTag *tag = gtk_text_buffer_create_tag (buffer, name, NULL);
  GdkRGBA rgba;

  if (background != NULL && gdk_rgba_parse (&rgba, background))
    g_object_set (tag, "paragraph-background-rgba", &rgba, NULL);
  if (foreground != NULL && gdk_rgba_parse (&rgba, foreground))
    g_object_set (tag, "foreground-rgba", &rgba, NULL);
}

/* A read-only text view of @lines: "old new ± text", one line each; @shown receives the
 * lines as text. */
static GtkWidget *
build_diff_view (GString   *shown,
                 GPtrArray *lines)
{
  GtkWidget *view = gtk_text_view_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter end;

  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_widget_add_css_class (view, "config-diff");
  add_tag (buffer, "added", "rgba(46,194,126,0.22)", NULL);
  add_tag (buffer, "removed", "rgba(224,27,36,0.20)", NULL);
  add_tag (buffer, "hunk", "rgba(128,128,128,0.12)", "rgba(128,128,128,1.0)");
  add_tag (buffer, "number", NULL, "rgba(128,128,128,1.0)");

  for (guint i = 0; i < lines->len; i++)
    {
      const OdfeDiffLine *line = lines->pdata[i];
      g_autofree char *old_number = NULL;
      g_autofree char *new_number = NULL;
      g_autofree char *numbers = NULL;
      g_autofree char *body = NULL;
      const char *tag = NULL;
      char sign = ' ';

      if (line->kind == ODFE_DIFF_HUNK)
        {
          body = g_strdup_printf ("%s\n", line->text);
          gtk_text_buffer_get_end_iter (buffer, &end);
          gtk_text_buffer_insert_with_tags_by_name (buffer, &end, body, -1, "hunk", NULL);
          g_string_append (shown, body);
          continue;
        }

      if (line->kind == ODFE_DIFF_ADDED)
        {
          sign = '+';
          tag = "added";
        }
      else if (line->kind == ODFE_DIFF_REMOVED)
        {
          sign = '-';
          tag = "removed";
        }
      old_number = line->old_line > 0 ? g_strdup_printf ("%d", line->old_line) : g_strdup ("");
      new_number = line->new_line > 0 ? g_strdup_printf ("%d", line->new_line) : g_strdup ("");
      numbers = g_strdup_printf ("%5s %5s ", old_number, new_number);
      body = g_strdup_printf ("%c %s\n", sign, line->text);

      gtk_text_buffer_get_end_iter (buffer, &end);
      if (tag != NULL)
        {
          gtk_text_buffer_insert_with_tags_by_name (buffer, &end, numbers, -1, tag, "number",
                                                    NULL);
          gtk_text_buffer_insert_with_tags_by_name (buffer, &end, body, -1, tag, NULL);
        }
      else
        {
          gtk_text_buffer_insert_with_tags_by_name (buffer, &end, numbers, -1, "number", NULL);
          gtk_text_buffer_insert (buffer, &end, body, -1);
        }
      g_string_append (shown, body);
    }

  /* No empty line at the end of the frame. */
  gtk_text_buffer_get_end_iter (buffer, &end);
  if (gtk_text_iter_backward_char (&end) && gtk_text_iter_get_char (&end) == '\n')
    {
      GtkTextIter last = end;

      gtk_text_iter_forward_char (&last);
      gtk_text_buffer_delete (buffer, &end, &last);
    }

  return view;
}

/* @key's heading and diff, into @box; FALSE when it does not change. */
static gboolean
add_key_diff (GtkBox     *box,
              GString    *shown,
              const char *key,
              const char *old_text,
              const char *new_text,
              gboolean    theirs)
{
  g_autoptr(GPtrArray) lines = NULL;
  GtkWidget *heading_box;
  GtkWidget *heading;
  GtkWidget *state;
  GtkWidget *frame;
  const char *what;

  if (g_strcmp0 (old_text, new_text) == 0)
    return FALSE;

  if (old_text == NULL)
    what = theirs ? _("Added on the server") : _("New key");
  else if (new_text == NULL)
    what = theirs ? _("Removed on the server") : _("Key removed");
  else
    what = theirs ? _("Changed on the server") : _("Changed");

  g_string_append_printf (shown, "%s\n", key);

  heading_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  heading = gtk_label_new (key);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (heading_box), heading);
  state = gtk_label_new (what);
  gtk_widget_add_css_class (state, "dim-label");
  gtk_box_append (GTK_BOX (heading_box), state);
  gtk_box_append (box, heading_box);

  lines = odfe_diff_lines (old_text, new_text);
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), build_diff_view (shown, lines));
  gtk_box_append (box, frame);

  return TRUE;
}

static void
add_key (DeckConfigReview *self,
         const char       *key,
         const char       *old_text,
         const char       *new_text)
{
  if (add_key_diff (self->content, self->diff_text, key, old_text, new_text, FALSE))
    self->n_keys++;
}

static void
add_changes (DeckConfigReview *self)
{
  GtkWidget *heading;
  GtkWidget *list;
  gboolean restart;

  if (self->changes == NULL || self->changes->len == 0)
    return;

  restart = odfe_setting_changes_need_restart (self->changes);
  heading = gtk_label_new (restart ? _("Settings: the pods need a restart to apply these")
                                   : _("Settings: all apply live"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_margin_top (heading, 12);
  gtk_box_append (self->content, heading);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < self->changes->len; i++)
    {
      const OdfeSettingChange *change = self->changes->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      const char *css_class = NULL;
      const char *apply = deck_config_editor_describe_apply (change->apply, &css_class);
      const char *description = odfe_setting_describe (change->key);
      g_autofree char *values = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *title = g_markup_escape_text (change->key, -1);
      GtkWidget *label;

      if (change->old_value == NULL)
        values = g_strdup_printf (_("added: %s"), change->new_value);
      else if (change->new_value == NULL)
        values = g_strdup_printf (_("removed (was %s)"), change->old_value);
      else
        values = g_strdup_printf ("%s → %s", change->old_value, change->new_value);
      subtitle = description != NULL
                 ? g_markup_printf_escaped ("%s\n%s", values, description)
                 : g_markup_escape_text (values, -1);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      label = gtk_label_new (apply);
      gtk_widget_add_css_class (label, css_class);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  gtk_box_append (self->content, list);
}

/* The YAML warnings of the keys that change, so that a duplicate key a merge made, say,
 * is seen before it is saved. */
static void
add_warnings (DeckConfigReview *self,
              GPtrArray        *keys,
              GHashTable       *old_data,
              GHashTable       *new_data)
{
  GtkWidget *list = NULL;

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = keys->pdata[i];
      const char *text = g_hash_table_lookup (new_data, key);
      g_autoptr(GPtrArray) issues = NULL;

      if (text == NULL || g_strcmp0 (text, g_hash_table_lookup (old_data, key)) == 0
          || !(g_str_has_suffix (key, ".yml") || g_str_has_suffix (key, ".yaml")))
        continue;

      issues = odfe_yaml_check (text, -1);
      for (guint j = 0; j < issues->len; j++)
        {
          const OdfeYamlIssue *issue = issues->pdata[j];
          GtkWidget *row = adw_action_row_new ();
          g_autofree char *title = g_strdup_printf (_("%s, line %u"), key, issue->line);
          g_autofree char *escaped_title = g_markup_escape_text (title, -1);
          g_autofree char *subtitle = g_markup_escape_text (issue->message, -1);
          GtkWidget *icon = gtk_image_new_from_icon_name (issue->severity == ODFE_YAML_ERROR
                                                          ? "dialog-error-symbolic"
                                                          : "dialog-warning-symbolic");

          if (list == NULL)
            {
              GtkWidget *heading = gtk_label_new (_("Warnings"));

              gtk_label_set_xalign (GTK_LABEL (heading), 0);
              gtk_widget_add_css_class (heading, "heading");
              gtk_widget_set_margin_top (heading, 12);
              gtk_box_append (self->content, heading);
              list = gtk_list_box_new ();
              gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
              gtk_widget_add_css_class (list, "boxed-list");
              gtk_box_append (self->content, list);
            }
          gtk_widget_add_css_class (icon, issue->severity == ODFE_YAML_ERROR ? "error"
                                                                              : "warning");
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          gtk_list_box_append (GTK_LIST_BOX (list), row);
          self->n_warnings++;
        }
    }
}

static void
on_cancel_clicked (DeckConfigReview *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
on_close_request (DeckConfigReview *self)
{
  /* A save under way is not abandoned halfway: its answer decides what comes next. */
  return self->busy;
}

/* Public */

static void
on_their_toggled (GtkToggleButton *toggle,
                  GtkImage        *arrow)
{
  gtk_image_set_from_icon_name (arrow, gtk_toggle_button_get_active (toggle)
                                       ? "pan-down-symbolic" : "pan-end-symbolic");
}

void
deck_config_review_set_their_changes (DeckConfigReview *self,
                                      GHashTable       *base,
                                      GHashTable       *theirs)
{
  g_autoptr(GPtrArray) keys = NULL;
  GtkWidget *expander;
  GtkWidget *toggle;
  GtkWidget *label_box;
  GtkWidget *arrow;
  GtkWidget *revealer;
  GtkWidget *box;

  g_return_if_fail (DECK_IS_CONFIG_REVIEW (self));
  g_return_if_fail (base != NULL && theirs != NULL);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 12);
  keys = deck_config_editor_sort_keys (base, theirs);
  for (guint i = 0; i < keys->len; i++)
    add_key_diff (GTK_BOX (box), self->their_text, keys->pdata[i],
                  g_hash_table_lookup (base, keys->pdata[i]),
                  g_hash_table_lookup (theirs, keys->pdata[i]), TRUE);
  if (self->their_text->len == 0)
    {
      g_object_ref_sink (box);
      g_object_unref (box);
      return;
    }

  /* Below the explanation, above what this save changes.  A toggle and a revealer rather
   * than a GtkExpander, whose child is measured too tall for wrapped text in GTK 4.8. */
  toggle = gtk_toggle_button_new ();
  label_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  arrow = gtk_image_new_from_icon_name ("pan-end-symbolic");
  gtk_box_append (GTK_BOX (label_box), arrow);
  gtk_box_append (GTK_BOX (label_box),
                  gtk_label_new_with_mnemonic (_("_What the other writer changed since you "
                                                 "loaded it")));
  gtk_button_set_child (GTK_BUTTON (toggle), label_box);
  g_signal_connect (toggle, "toggled", G_CALLBACK (on_their_toggled), arrow);
  gtk_widget_add_css_class (toggle, "flat");
  gtk_widget_set_halign (toggle, GTK_ALIGN_START);
  revealer = gtk_revealer_new ();
  gtk_revealer_set_child (GTK_REVEALER (revealer), box);
  g_object_bind_property (toggle, "active", revealer, "reveal-child", G_BINDING_SYNC_CREATE);
  expander = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (expander), toggle);
  gtk_box_append (GTK_BOX (expander), revealer);
  gtk_box_insert_child_after (self->content, expander,
                              GTK_WIDGET (self->explanation_label));
}

const char *
deck_config_review_get_their_text (DeckConfigReview *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_REVIEW (self), NULL);

  return self->their_text->str;
}

GtkWidget *
deck_config_review_new (GtkWindow  *parent,
                        const char *title,
                        const char *explanation,
                        GHashTable *old_data,
                        GHashTable *new_data)
{
  DeckConfigReview *self;
  g_autoptr(GPtrArray) keys = NULL;
  const char *old_yml;
  const char *new_yml;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (old_data != NULL && new_data != NULL, NULL);

  self = g_object_new (DECK_TYPE_CONFIG_REVIEW, "transient-for", parent, NULL);
  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_label_set_text (self->explanation_label, explanation != NULL ? explanation : "");
  gtk_widget_set_visible (GTK_WIDGET (self->explanation_label), explanation != NULL);

  keys = deck_config_editor_sort_keys (old_data, new_data);
  for (guint i = 0; i < keys->len; i++)
    add_key (self, keys->pdata[i], g_hash_table_lookup (old_data, keys->pdata[i]),
             g_hash_table_lookup (new_data, keys->pdata[i]));

  old_yml = g_hash_table_lookup (old_data, "elasticsearch.yml");
  new_yml = g_hash_table_lookup (new_data, "elasticsearch.yml");
  if (new_yml != NULL && g_strcmp0 (old_yml, new_yml) != 0)
    {
      g_autoptr(GError) error = NULL;

      self->changes = odfe_setting_changes (old_yml != NULL ? old_yml : "", new_yml, &error);
      if (self->changes == NULL)
        g_debug ("No setting changes to show: %s", error->message);
    }
  add_changes (self);
  add_warnings (self, keys, old_data, new_data);

  if (self->n_keys == 0)
    {
      GtkWidget *label = gtk_label_new (_("Nothing changes."));

      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (self->content, label);
    }
  adw_window_title_set_subtitle (self->window_title, "");
  if (self->n_keys > 0)
    {
      g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "%u key changed",
                                                                "%u keys changed",
                                                                self->n_keys),
                                                   self->n_keys);

      adw_window_title_set_subtitle (self->window_title, subtitle);
    }

  return GTK_WIDGET (self);
}

void
deck_config_review_set_busy (DeckConfigReview *self,
                             gboolean          busy)
{
  g_return_if_fail (DECK_IS_CONFIG_REVIEW (self));

  self->busy = busy;
  gtk_stack_set_visible_child_name (self->save_stack, busy ? "busy" : "label");
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), !busy);
  if (busy)
    deck_config_review_show_error (self, NULL);
}

void
deck_config_review_show_error (DeckConfigReview *self,
                               const char       *message)
{
  g_return_if_fail (DECK_IS_CONFIG_REVIEW (self));

  g_free (self->error_text);
  self->error_text = g_strdup (message);
  if (message != NULL)
    gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

void
deck_config_review_save (DeckConfigReview *self)
{
  g_return_if_fail (DECK_IS_CONFIG_REVIEW (self));

  if (self->busy)
    return;

  g_signal_emit (self, signals[SIGNAL_SAVE], 0);
}

const char *
deck_config_review_get_diff_text (DeckConfigReview *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_REVIEW (self), NULL);

  return self->diff_text->str;
}

guint
deck_config_review_get_n_warnings (DeckConfigReview *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_REVIEW (self), 0);

  return self->n_warnings;
}

guint
deck_config_review_get_n_keys (DeckConfigReview *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_REVIEW (self), 0);

  return self->n_keys;
}

GPtrArray *
deck_config_review_get_changes (DeckConfigReview *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_REVIEW (self), NULL);

  return self->changes;
}

const char *
deck_config_review_get_error_text (DeckConfigReview *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_REVIEW (self), NULL);

  return self->error_text;
}

/* Life */

static void
deck_config_review_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DECK_TYPE_CONFIG_REVIEW);

  G_OBJECT_CLASS (deck_config_review_parent_class)->dispose (object);
}

static void
deck_config_review_finalize (GObject *object)
{
  DeckConfigReview *self = DECK_CONFIG_REVIEW (object);

  g_string_free (self->diff_text, TRUE);
  g_string_free (self->their_text, TRUE);
  g_clear_pointer (&self->changes, g_ptr_array_unref);
  g_free (self->error_text);

  G_OBJECT_CLASS (deck_config_review_parent_class)->finalize (object);
}

static void
deck_config_review_class_init (DeckConfigReviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = deck_config_review_dispose;
  object_class->finalize = deck_config_review_finalize;

  signals[SIGNAL_SAVE] = g_signal_new ("save", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/searchdeck/Searchdeck/"
                                               "deck-config-review.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckConfigReview, window_title);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigReview, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigReview, save_button);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigReview, save_stack);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigReview, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigReview, error_label);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigReview, content);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigReview, explanation_label);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, deck_config_review_save);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
deck_config_review_init (DeckConfigReview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->diff_text = g_string_new (NULL);
  self->their_text = g_string_new (NULL);
  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request), NULL);
}
