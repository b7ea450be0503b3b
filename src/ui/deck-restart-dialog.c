/* deck-restart-dialog.c: the confirmation before a search node's pod is deleted to restart it
 *
 * Restarting a pod of the StatefulSet means deleting it: the controller makes it again with
 * the same name and volume.  Whether that is harmless depends on the search cluster at that
 * moment, so the dialog asks it first (health and where the shard copies are) and only then
 * offers Restart.  When the answer is "not safe", or no answer came, the dialog says why in
 * the cluster's own terms and makes Cancel the default, leaving Restart to a deliberate
 * choice.  The deletion itself is the caller's, on the "restart" response.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "odfe-shards.h"

#include "deck-restart-dialog.h"

struct _DeckRestartDialog
{
  AdwMessageDialog  parent_instance;

  OdfeClient       *odfe;
  char             *pod_name;
  GCancellable     *cancellable;

  /* What the cluster answered, while the other request is under way */
  guint             n_pending;
  OdfeHealth       *health;
  GPtrArray        *shards;
  GError           *error;

  gboolean          checked;
  gboolean          safe;
};

enum {
  PROP_0,
  PROP_CHECKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DeckRestartDialog, deck_restart_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* The sentences of @reasons as a list, one "•" per line. */
static char *
list_reasons (const char * const *reasons)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; reasons[i] != NULL; i++)
    g_string_append_printf (text, "%s• %s", i > 0 ? "\n" : "", reasons[i]);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_verdict (DeckRestartDialog *self,
              gboolean           safe,
              const char        *why)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);
  g_autofree char *body = NULL;

  if (safe)
    body = g_strdup_printf (_("“%s” will be deleted, and its StatefulSet will create it again "
                              "with the same name and storage. Its search node leaves the "
                              "cluster until the new pod is Ready; the cluster is green and "
                              "every shard has another copy, so searches and indexing go on."),
                            self->pod_name);
  else
    body = g_strdup_printf (_("Restarting “%s” now is not safe:\n\n%s\n\nIf you restart it "
                              "anyway, it is deleted and made again, and some searches or "
                              "writes may fail until its search node is back."),
                            self->pod_name, why);

  adw_message_dialog_set_body (dialog, body);
  adw_message_dialog_set_response_enabled (dialog, DECK_RESTART_RESPONSE, TRUE);
  adw_message_dialog_set_default_response (dialog, safe ? DECK_RESTART_RESPONSE : "cancel");

  self->checked = TRUE;
  self->safe = safe;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKED]);
}

/* Both answers are in (or one request failed): the verdict. */
static void
judge (DeckRestartDialog *self)
{
  g_autoptr(OdfeRestartCheck) check = NULL;
  g_autofree char *why = NULL;

  if (self->error != NULL)
    {
      g_autofree char *reason = NULL;

      /* TRANSLATORS: %s says why the request failed */
      reason = g_strdup_printf (_("Searchdeck could not ask the search cluster whether its "
                                  "data stays available without this node: %s"),
                                self->error->message);
      show_verdict (self, FALSE, reason);
      return;
    }

  check = odfe_pod_restart_check (self->health, self->shards, self->pod_name);
  if (!check->safe)
    why = list_reasons ((const char * const *) check->reasons);
  show_verdict (self, check->safe, why);
}

static void
request_done (DeckRestartDialog *self,
              GError            *error)
{
  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      return;
    }

  if (error != NULL && self->error == NULL)
    self->error = error;
  else if (error != NULL)
    g_error_free (error);

  g_assert (self->n_pending > 0);
  if (--self->n_pending == 0)
    judge (self);
}

static void
health_done (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DeckRestartDialog) self = user_data;
  GError *error = NULL;

  self->health = odfe_client_health_finish (ODFE_CLIENT (source_object), result, &error);
  request_done (self, error);
}

static void
shards_done (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DeckRestartDialog) self = user_data;
  GError *error = NULL;

  self->shards = odfe_client_cat_shards_finish (ODFE_CLIENT (source_object), result, &error);
  request_done (self, error);
}

static void
start_check (DeckRestartDialog *self)
{
  if (self->odfe == NULL)
    {
      show_verdict (self, FALSE,
                    _("• The search cluster has not been reached yet, so Searchdeck cannot "
                      "tell whether all data stays available while the node restarts. Open "
                      "the Overview to connect to it."));
      return;
    }

  self->n_pending = 2;
  odfe_client_health_async (self->odfe, NULL, 0, self->cancellable, health_done,
                            g_object_ref (self));
  odfe_client_cat_shards_async (self->odfe, self->cancellable, shards_done,
                                g_object_ref (self));
}

const char *
deck_restart_dialog_get_pod_name (DeckRestartDialog *self)
{
  g_return_val_if_fail (DECK_IS_RESTART_DIALOG (self), NULL);

  return self->pod_name;
}

gboolean
deck_restart_dialog_get_checked (DeckRestartDialog *self)
{
  g_return_val_if_fail (DECK_IS_RESTART_DIALOG (self), FALSE);

  return self->checked;
}

gboolean
deck_restart_dialog_get_safe (DeckRestartDialog *self)
{
  g_return_val_if_fail (DECK_IS_RESTART_DIALOG (self), FALSE);

  return self->safe;
}

static void
deck_restart_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DeckRestartDialog *self = DECK_RESTART_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CHECKED:
      g_value_set_boolean (value, self->checked);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_restart_dialog_dispose (GObject *object)
{
  DeckRestartDialog *self = DECK_RESTART_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->odfe);

  G_OBJECT_CLASS (deck_restart_dialog_parent_class)->dispose (object);
}

static void
deck_restart_dialog_finalize (GObject *object)
{
  DeckRestartDialog *self = DECK_RESTART_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_free (self->pod_name);
  g_clear_pointer (&self->health, odfe_health_free);
  g_clear_pointer (&self->shards, g_ptr_array_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (deck_restart_dialog_parent_class)->finalize (object);
}

static void
deck_restart_dialog_class_init (DeckRestartDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = deck_restart_dialog_get_property;
  object_class->dispose = deck_restart_dialog_dispose;
  object_class->finalize = deck_restart_dialog_finalize;

  properties[PROP_CHECKED] =
    g_param_spec_boolean ("checked", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
deck_restart_dialog_init (DeckRestartDialog *self)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);

  self->cancellable = g_cancellable_new ();

  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    DECK_RESTART_RESPONSE, _("_Restart"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, DECK_RESTART_RESPONSE,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (dialog, DECK_RESTART_RESPONSE, FALSE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_body (dialog, _("Checking the cluster’s health and where its shard "
                                         "copies are…"));
}

GtkWidget *
deck_restart_dialog_new (GtkWindow  *parent,
                         OdfeClient *odfe,
                         const char *pod_name)
{
  DeckRestartDialog *self;
  g_autofree char *heading = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (odfe == NULL || ODFE_IS_CLIENT (odfe), NULL);
  g_return_val_if_fail (pod_name != NULL, NULL);

  /* TRANSLATORS: %s is a pod's name, "elasticsearch-1" */
  heading = g_strdup_printf (_("Restart %s?"), pod_name);
  self = g_object_new (DECK_TYPE_RESTART_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", heading,
                       NULL);
  self->odfe = odfe != NULL ? g_object_ref (odfe) : NULL;
  self->pod_name = g_strdup (pod_name);

  start_check (self);

  return GTK_WIDGET (self);
}
