/* deck-credentials-dialog.c: asks for a search cluster's user name and password
 *
 * The Overview shows this once for a cluster whose password is not in the
 * keyring, and again when the cluster refuses the one it has.  The dialog only
 * asks: keeping the answer in the keyring is its caller's business, and the
 * password never leaves the entry except through
 * deck_credentials_dialog_get_password().
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "deck-credentials-dialog.h"

struct _DeckCredentialsDialog
{
  AdwMessageDialog  parent_instance;

  /* Template children */
  AdwEntryRow      *user_row;
  AdwEntryRow      *password_row;
};

G_DEFINE_FINAL_TYPE (DeckCredentialsDialog, deck_credentials_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
on_entry_changed (DeckCredentialsDialog *self)
{
  const char *user_name = gtk_editable_get_text (GTK_EDITABLE (self->user_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "sign-in",
                                           user_name[0] != '\0' && password[0] != '\0');
}

static void
deck_credentials_dialog_class_init (DeckCredentialsDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/deck-credentials-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckCredentialsDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, DeckCredentialsDialog, password_row);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
}

static void
deck_credentials_dialog_init (DeckCredentialsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
deck_credentials_dialog_new (GtkWindow  *parent,
                             const char *namespace,
                             const char *cluster,
                             const char *user_name,
                             gboolean    refused)
{
  DeckCredentialsDialog *self;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (cluster != NULL, NULL);

  self = g_object_new (DECK_TYPE_CREDENTIALS_DIALOG, "transient-for", parent, NULL);

  heading = g_strdup_printf (_("Sign In to “%s”"), cluster);
  if (refused)
    body = g_strdup_printf (_("The cluster “%s” in “%s” refused the user name or password. "
                              "Enter them again; Searchdeck keeps them in your keyring."),
                            cluster, namespace);
  else
    body = g_strdup_printf (_("The cluster “%s” in “%s” asks for a user name and password. "
                              "Searchdeck keeps them in your keyring."),
                            cluster, namespace);
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);

  gtk_editable_set_text (GTK_EDITABLE (self->user_row),
                         user_name != NULL ? user_name : "admin");
  /* Straight to the password: the user name is nearly always right. */
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));

  return GTK_WIDGET (self);
}

const char *
deck_credentials_dialog_get_user_name (DeckCredentialsDialog *self)
{
  g_return_val_if_fail (DECK_IS_CREDENTIALS_DIALOG (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->user_row));
}

const char *
deck_credentials_dialog_get_password (DeckCredentialsDialog *self)
{
  g_return_val_if_fail (DECK_IS_CREDENTIALS_DIALOG (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->password_row));
}
