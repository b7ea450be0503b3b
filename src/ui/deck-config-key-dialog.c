/* deck-config-key-dialog.c: the name of a new key of a ConfigMap, or a key's new name
 *
 * A message dialog with an entry.  Each keystroke checks the name as the API server
 * would (odfe_config_map_key_is_valid) and against the keys already there; the reason a
 * name is refused shows under the entry in the dialog's own words, and the button stays
 * off until the name is good, so a bad name never reaches the server.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "odfe-config-map.h"

#include "deck-config-key-dialog.h"

struct _DeckConfigKeyDialog
{
  AdwMessageDialog  parent_instance;

  GtkEntry         *entry;
  GtkLabel         *error_label;
  char             *key;
  GStrv             existing;
  char             *error_text;
};

G_DEFINE_FINAL_TYPE (DeckConfigKeyDialog, deck_config_key_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  SIGNAL_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
check_name (DeckConfigKeyDialog *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autoptr(GError) error = NULL;
  gboolean good;

  g_clear_pointer (&self->error_text, g_free);
  if (name[0] == '\0')
    good = FALSE;
  else if (self->key != NULL && g_str_equal (name, self->key))
    good = FALSE;
  else if (self->existing != NULL && g_strv_contains ((const char * const *) self->existing,
                                                      name))
    {
      self->error_text = g_strdup_printf (_("The ConfigMap already has a key “%s”."), name);
      good = FALSE;
    }
  else if (!odfe_config_map_key_is_valid (name, &error))
    {
      self->error_text = g_strdup (error->message);
      good = FALSE;
    }
  else
    good = TRUE;

  gtk_label_set_text (self->error_label, self->error_text != NULL ? self->error_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), self->error_text != NULL);
  if (self->error_text != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "apply", good);
}

static void
on_response (DeckConfigKeyDialog *self,
             const char          *response)
{
  g_autofree char *name = NULL;

  if (!g_str_equal (response, "apply"))
    return;

  name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
  g_signal_emit (self, signals[SIGNAL_CHOSEN], 0, name);
}

static void
on_activate (DeckConfigKeyDialog *self)
{
  deck_config_key_dialog_accept (self);
}

/* Public */

GtkWidget *
deck_config_key_dialog_new (GtkWindow          *parent,
                            const char         *key,
                            const char * const *existing)
{
  DeckConfigKeyDialog *self;
  g_autofree char *heading = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (DECK_TYPE_CONFIG_KEY_DIALOG, "transient-for", parent, "modal", TRUE,
                       NULL);
  self->key = g_strdup (key);
  self->existing = g_strdupv ((char **) existing);

  if (key == NULL)
    {
      adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), _("Add a Key"));
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self),
                                   _("Each key of the ConfigMap is a file in the pods’ "
                                     "configuration directory, such as “jvm.options” or "
                                     "“log4j2.properties”."));
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (self), "cancel", _("_Cancel"));
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (self), "apply", _("_Add"));
    }
  else
    {
      heading = g_strdup_printf (_("Rename “%s”"), key);
      adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self),
                                   _("The pods see the file under its new name once the "
                                     "ConfigMap is saved and they restart."));
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (self), "cancel", _("_Cancel"));
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (self), "apply", _("_Rename"));
      gtk_editable_set_text (GTK_EDITABLE (self->entry), key);
    }
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "apply",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
  check_name (self);

  return GTK_WIDGET (self);
}

void
deck_config_key_dialog_set_text (DeckConfigKeyDialog *self,
                                 const char          *text)
{
  g_return_if_fail (DECK_IS_CONFIG_KEY_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
}

const char *
deck_config_key_dialog_get_error_text (DeckConfigKeyDialog *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_KEY_DIALOG (self), NULL);

  return self->error_text;
}

gboolean
deck_config_key_dialog_accept (DeckConfigKeyDialog *self)
{
  g_return_val_if_fail (DECK_IS_CONFIG_KEY_DIALOG (self), FALSE);

  if (!adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (self), "apply"))
    return FALSE;

  /* As a click on the button does: the response, then the dialog closes. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), "apply");
  gtk_window_close (GTK_WINDOW (self));

  return TRUE;
}

/* Life */

static void
deck_config_key_dialog_finalize (GObject *object)
{
  DeckConfigKeyDialog *self = DECK_CONFIG_KEY_DIALOG (object);

  g_free (self->key);
  g_strfreev (self->existing);
  g_free (self->error_text);

  G_OBJECT_CLASS (deck_config_key_dialog_parent_class)->finalize (object);
}

static void
deck_config_key_dialog_class_init (DeckConfigKeyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = deck_config_key_dialog_finalize;

  signals[SIGNAL_CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
deck_config_key_dialog_init (DeckConfigKeyDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  self->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->entry, _("File name, such as jvm.options"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Key name"), -1);
  g_signal_connect_object (self->entry, "changed", G_CALLBACK (check_name), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->entry, "activate", G_CALLBACK (on_activate), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->entry));

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "caption");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);
  g_signal_connect (self, "response", G_CALLBACK (on_response), NULL);
}
