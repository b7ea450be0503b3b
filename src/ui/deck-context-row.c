/* deck-context-row.c: one kubeconfig context in the sidebar
 *
 * The title is the context's name; the subtitle says where it leads (the
 * server's host, and the namespace when it is not the default one).  The
 * kubeconfig's current context carries a mark, as `kubectl config
 * get-contexts` marks it with a star.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "deck-context-row.h"

struct _DeckContextRow
{
  AdwActionRow  parent_instance;

  char         *name;
  gboolean      is_current;
};

G_DEFINE_FINAL_TYPE (DeckContextRow, deck_context_row, ADW_TYPE_ACTION_ROW)

static char *
describe_destination (KubeConfig  *config,
                      KubeContext *context)
{
  KubeCluster *cluster = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *where;

  if (context->cluster != NULL)
    cluster = kube_config_lookup_cluster (config, context->cluster);

  if (cluster == NULL)
    return g_strdup (_("Cluster not defined"));

  uri = g_uri_parse (cluster->server, G_URI_FLAGS_NONE, NULL);
  where = uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : cluster->server;

  if (context->namespace != NULL && g_strcmp0 (context->namespace, "default") != 0)
    /* Translators: a server's host name, then a Kubernetes namespace. */
    return g_strdup_printf (_("%s · %s"), where, context->namespace);

  return g_strdup (where);
}

GtkWidget *
deck_context_row_new (KubeConfig  *config,
                      KubeContext *context,
                      gboolean     is_current)
{
  DeckContextRow *self;
  g_autofree char *destination = NULL;

  g_return_val_if_fail (KUBE_IS_CONFIG (config), NULL);
  g_return_val_if_fail (context != NULL, NULL);

  destination = describe_destination (config, context);

  self = g_object_new (DECK_TYPE_CONTEXT_ROW,
                       "title", context->name,
                       "subtitle", destination,
                       "use-markup", FALSE,
                       "title-lines", 1,
                       "subtitle-lines", 1,
                       NULL);
  self->name = g_strdup (context->name);
  self->is_current = is_current;

  if (is_current)
    {
      GtkWidget *mark = gtk_image_new_from_icon_name ("object-select-symbolic");

      gtk_widget_set_tooltip_text (mark, _("The kubeconfig’s current context"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (mark),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Current context"),
                                      -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (self), mark);
    }

  return GTK_WIDGET (self);
}

const char *
deck_context_row_get_name (DeckContextRow *self)
{
  g_return_val_if_fail (DECK_IS_CONTEXT_ROW (self), NULL);

  return self->name;
}

gboolean
deck_context_row_is_current (DeckContextRow *self)
{
  g_return_val_if_fail (DECK_IS_CONTEXT_ROW (self), FALSE);

  return self->is_current;
}

static void
deck_context_row_finalize (GObject *object)
{
  DeckContextRow *self = DECK_CONTEXT_ROW (object);

  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (deck_context_row_parent_class)->finalize (object);
}

static void
deck_context_row_class_init (DeckContextRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = deck_context_row_finalize;
}

static void
deck_context_row_init (DeckContextRow *self)
{
}
