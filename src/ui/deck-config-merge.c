/* deck-config-merge.c: overlapping edits side by side, one choice per hunk
 *
 * When the user's edits and another writer's touch the same lines, the three-way merge
 * (OdfeConfigMerge, libgit2's) leaves conflict chunks.  This window shows each one as a
 * card: the user's lines on the left, the server's on the right, the lines as they were
 * loaded in an expander below, and three buttons: Keep Yours, Keep Theirs, Keep Both
 * (yours first).  Nothing is decided for the user: every conflict starts on Yours, which
 * keeps what they typed, and the result is reviewed as a diff against the server's copy
 * before it is saved, so what the other writer saved is never overwritten unseen.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "deck-config-merge.h"

typedef struct
{
  OdfeMergeFile   *file;
  OdfeMergeChunk  *chunk;
  GtkToggleButton *buttons[3];   /* by OdfeMergeChoice */
} Conflict;

struct _DeckConfigMerge
{
  AdwWindow        parent_instance;

  /* Template children */
  AdwWindowTitle  *window_title;
  GtkButton       *accept_button;
  GtkBox          *content;
  GtkLabel        *explanation_label;

  OdfeConfigMerge *merge;
  GArray          *conflicts;    /* Conflict */
  gboolean         accepted;
};

G_DEFINE_FINAL_TYPE (DeckConfigMerge, deck_config_merge, ADW_TYPE_WINDOW)

enum {
  SIGNAL_ACCEPTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A read-only monospace view of @text, or a dim sentence for an empty side. */
static GtkWidget *
build_text (const char *text,
            const char *when_empty)
{
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *child;

  if (text == NULL || text[0] == '\0')
    {
      child = gtk_label_new (when_empty);
      gtk_widget_add_css_class (child, "dim-label");
      gtk_widget_set_margin_top (child, 12);
      gtk_widget_set_margin_bottom (child, 12);
    }
  else
    {
      g_autofree char *shown = g_strdup (text);
      gsize length = strlen (shown);

      if (length > 0 && shown[length - 1] == '\n')
        shown[length - 1] = '\0';
      child = gtk_text_view_new ();
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (child)), shown, -1);
      gtk_text_view_set_editable (GTK_TEXT_VIEW (child), FALSE);
      gtk_text_view_set_monospace (GTK_TEXT_VIEW (child), TRUE);
      gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (child), GTK_WRAP_CHAR);
      gtk_text_view_set_left_margin (GTK_TEXT_VIEW (child), 6);
      gtk_text_view_set_top_margin (GTK_TEXT_VIEW (child), 6);
      gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (child), 6);
    }
  gtk_frame_set_child (GTK_FRAME (frame), child);

  return frame;
}

static GtkWidget *
build_side (const char *title,
            const char *text,
            const char *when_empty,
            const char *css_class)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *frame = build_text (text, when_empty);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (frame, css_class);
  gtk_widget_set_hexpand (frame, TRUE);
  gtk_box_append (GTK_BOX (box), frame);

  return box;
}

static void
show_choice (DeckConfigMerge *self,
             guint            index)
{
  Conflict *conflict = &g_array_index (self->conflicts, Conflict, index);

  for (guint i = 0; i < G_N_ELEMENTS (conflict->buttons); i++)
    gtk_toggle_button_set_active (conflict->buttons[i], conflict->chunk->choice == i);
}

static void
on_choice_toggled (GtkToggleButton *button,
                   DeckConfigMerge *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "deck-index"));
  guint choice = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "deck-choice"));

  if (!gtk_toggle_button_get_active (button))
    return;

  g_array_index (self->conflicts, Conflict, index).chunk->choice = choice;
}

static void
on_base_toggled (GtkToggleButton *toggle,
                 GtkImage        *arrow)
{
  gtk_image_set_from_icon_name (arrow, gtk_toggle_button_get_active (toggle)
                                       ? "pan-down-symbolic" : "pan-end-symbolic");
}

static void
add_conflict (DeckConfigMerge *self,
              OdfeMergeFile   *file,
              OdfeMergeChunk  *chunk,
              guint            number_in_file,
              guint            n_in_file)
{
  static const char * const labels[] = {
    N_("Keep _Yours"), N_("Keep _Theirs"), N_("Keep _Both"),
  };
  static const char * const tooltips[] = {
    N_("Your lines, as you typed them"),
    N_("The lines the other writer saved"),
    N_("Your lines, then theirs"),
  };
  Conflict conflict = { file, chunk, { NULL } };
  guint index = self->conflicts->len;
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *heading;
  GtkWidget *sides;
  GtkWidget *expander;
  GtkWidget *label_box;
  GtkWidget *arrow;
  GtkWidget *revealer;
  GtkWidget *buttons;
  g_autofree char *title = NULL;
  const char *mine_empty = _("(nothing: you removed these lines)");
  const char *theirs_empty = _("(nothing: they removed these lines)");

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "config-conflict");

  if (file->presence_conflict)
    {
      title = g_strdup_printf (file->in_mine
                               ? _("%s: you changed it, and someone removed it on the server")
                               : _("%s: you removed it, and someone changed it on the server"),
                               file->key);
      mine_empty = _("(the key removed)");
      theirs_empty = _("(the key removed)");
    }
  else
    title = g_strdup_printf (_("%s: conflict %u of %u"), file->key, number_in_file, n_in_file);
  heading = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (card), heading);

  sides = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_set_homogeneous (GTK_BOX (sides), TRUE);
  gtk_box_append (GTK_BOX (sides), build_side (_("Yours"), chunk->mine, mine_empty,
                                               "config-mine"));
  gtk_box_append (GTK_BOX (sides), build_side (_("Theirs (on the server now)"), chunk->theirs,
                                               theirs_empty, "config-theirs"));
  gtk_box_append (GTK_BOX (card), sides);

  /* A toggle and a revealer rather than a GtkExpander, whose child is measured too tall for
   * wrapped text in GTK 4.8. */
  expander = gtk_toggle_button_new ();
  label_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  arrow = gtk_image_new_from_icon_name ("pan-end-symbolic");
  gtk_box_append (GTK_BOX (label_box), arrow);
  gtk_box_append (GTK_BOX (label_box),
                  gtk_label_new_with_mnemonic (_("As it _was when you loaded it")));
  gtk_button_set_child (GTK_BUTTON (expander), label_box);
  gtk_widget_add_css_class (expander, "flat");
  gtk_widget_set_halign (expander, GTK_ALIGN_START);
  g_signal_connect (expander, "toggled", G_CALLBACK (on_base_toggled), arrow);
  revealer = gtk_revealer_new ();
  gtk_revealer_set_child (GTK_REVEALER (revealer),
                          build_text (chunk->base, _("(nothing: the lines are new)")));
  g_object_bind_property (expander, "active", revealer, "reveal-child", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (card), expander);
  gtk_box_append (GTK_BOX (card), revealer);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (buttons, "linked");
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_mnemonic (_(labels[i]));

      gtk_widget_set_tooltip_text (button, _(tooltips[i]));
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), conflict.buttons[0]);
      g_object_set_data (G_OBJECT (button), "deck-index", GUINT_TO_POINTER (index));
      g_object_set_data (G_OBJECT (button), "deck-choice", GUINT_TO_POINTER (i));
      g_signal_connect (button, "toggled", G_CALLBACK (on_choice_toggled), self);
      conflict.buttons[i] = GTK_TOGGLE_BUTTON (button);
      gtk_box_append (GTK_BOX (buttons), button);
    }
  /* Keep Both makes no sense for a key one side removed: it is the same as Yours. */
  gtk_widget_set_visible (GTK_WIDGET (conflict.buttons[ODFE_MERGE_BOTH]),
                          !file->presence_conflict);
  gtk_box_append (GTK_BOX (card), buttons);

  gtk_box_append (self->content, card);
  g_array_append_val (self->conflicts, conflict);
  show_choice (self, index);
}

static void
on_cancel_clicked (DeckConfigMerge *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

/* Public */

GtkWidget *
deck_config_merge_new (GtkWindow       *parent,
                       OdfeConfigMerge *merge,
                       const char      *explanation,
                       const char      *accept_label)
{
  DeckConfigMerge *self;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (ODFE_IS_CONFIG_MERGE (merge), NULL);

  self = g_object_new (DECK_TYPE_CONFIG_MERGE, "transient-for", parent, NULL);
  self->merge = g_object_ref (merge);
  gtk_label_set_text (self->explanation_label, explanation != NULL ? explanation : "");
  gtk_button_set_label (self->accept_button, accept_label);

  for (guint i = 0; i < odfe_config_merge_get_n_files (merge); i++)
    {
      OdfeMergeFile *file = odfe_config_merge_get_file (merge, i);
      guint n_in_file = 0;
      guint number = 0;

      for (guint j = 0; j < file->chunks->len; j++)
        if (((OdfeMergeChunk *) file->chunks->pdata[j])->conflict)
          n_in_file++;

      for (guint j = 0; j < file->chunks->len; j++)
        {
          OdfeMergeChunk *chunk = file->chunks->pdata[j];

          if (chunk->conflict)
            add_conflict (self, file, chunk, ++number, n_in_file);
        }
    }

  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u conflict", "%u conflicts",
                                           self->conflicts->len),
                              self->conflicts->len);
  adw_window_title_set_subtitle (self->window_title, subtitle);

  return GTK_WIDGET (self);
}

OdfeConfigMerge *
deck_config_merge_get_merge (DeckConfigMerge *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_MERGE (self), NULL);

  return self->merge;
}

guint
deck_config_merge_get_n_conflicts (DeckConfigMerge *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_MERGE (self), 0);

  return self->conflicts->len;
}

const char *
deck_config_merge_get_conflict_key (DeckConfigMerge *self,
                                    guint            index)
{
  g_return_val_if_fail (DECK_IS_CONFIG_MERGE (self), NULL);
  g_return_val_if_fail (index < self->conflicts->len, NULL);

  return g_array_index (self->conflicts, Conflict, index).file->key;
}

OdfeMergeChunk *
deck_config_merge_get_conflict (DeckConfigMerge *self,
                                guint            index)
{
  g_return_val_if_fail (DECK_IS_CONFIG_MERGE (self), NULL);
  g_return_val_if_fail (index < self->conflicts->len, NULL);

  return g_array_index (self->conflicts, Conflict, index).chunk;
}

void
deck_config_merge_set_choice (DeckConfigMerge *self,
                              guint            index,
                              OdfeMergeChoice  choice)
{
  g_return_if_fail (DECK_IS_CONFIG_MERGE (self));
  g_return_if_fail (index < self->conflicts->len);
  g_return_if_fail (choice <= ODFE_MERGE_BOTH);

  gtk_toggle_button_set_active (g_array_index (self->conflicts, Conflict, index).buttons[choice],
                                TRUE);
}

void
deck_config_merge_accept (DeckConfigMerge *self)
{
  g_return_if_fail (DECK_IS_CONFIG_MERGE (self));

  if (self->accepted)
    return;

  self->accepted = TRUE;
  g_signal_emit (self, signals[SIGNAL_ACCEPTED], 0);
}

/* Life */

static void
deck_config_merge_dispose (GObject *object)
{
  DeckConfigMerge *self = DECK_CONFIG_MERGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), DECK_TYPE_CONFIG_MERGE);
  g_clear_object (&self->merge);

  G_OBJECT_CLASS (deck_config_merge_parent_class)->dispose (object);
}

static void
deck_config_merge_finalize (GObject *object)
{
  DeckConfigMerge *self = DECK_CONFIG_MERGE (object);

  g_array_unref (self->conflicts);

  G_OBJECT_CLASS (deck_config_merge_parent_class)->finalize (object);
}

static void
deck_config_merge_class_init (DeckConfigMergeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = deck_config_merge_dispose;
  object_class->finalize = deck_config_merge_finalize;

  signals[SIGNAL_ACCEPTED] = g_signal_new ("accepted", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/searchdeck/Searchdeck/"
                                               "deck-config-merge.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckConfigMerge, window_title);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigMerge, accept_button);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigMerge, content);
  gtk_widget_class_bind_template_child (widget_class, DeckConfigMerge, explanation_label);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, deck_config_merge_accept);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
deck_config_merge_init (DeckConfigMerge *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->conflicts = g_array_new (FALSE, TRUE, sizeof (Conflict));
}
