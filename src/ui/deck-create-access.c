/* deck-create-access.c: the New Cluster assistant's fifth step, how the cluster is reached
 *
 * The REST endpoint stays inside the cluster (Searchdeck reaches it with a port-forward) or
 * gets a LoadBalancer service.  The non-root switch drops the privileged init container
 * that sets vm.max_map_count, and says what the nodes then need; the preflight on the
 * Review step tells whether the namespace's Pod Security level allows the other variant.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "deck-create-access.h"

struct _DeckCreateAccess
{
  AdwBin          parent_instance;

  GtkCheckButton *cluster_ip_check;
  GtkCheckButton *load_balancer_check;
  GtkSwitch      *non_root_switch;
};

G_DEFINE_FINAL_TYPE (DeckCreateAccess, deck_create_access, ADW_TYPE_BIN)

void
deck_create_access_set_spec (DeckCreateAccess      *self,
                             const OdfeClusterSpec *spec)
{
  g_return_if_fail (DECK_IS_CREATE_ACCESS (self));
  g_return_if_fail (spec != NULL);

  deck_create_access_set_exposure (self, spec->exposure);
  gtk_switch_set_active (self->non_root_switch, !spec->privileged_init);
}

void
deck_create_access_set_exposure (DeckCreateAccess *self,
                                 OdfeExposure      exposure)
{
  g_return_if_fail (DECK_IS_CREATE_ACCESS (self));

  gtk_check_button_set_active (exposure == ODFE_EXPOSURE_LOAD_BALANCER
                               ? self->load_balancer_check : self->cluster_ip_check, TRUE);
}

void
deck_create_access_set_non_root (DeckCreateAccess *self,
                                 gboolean          non_root)
{
  g_return_if_fail (DECK_IS_CREATE_ACCESS (self));

  gtk_switch_set_active (self->non_root_switch, non_root);
}

gboolean
deck_create_access_get_non_root (DeckCreateAccess *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_ACCESS (self), FALSE);

  return gtk_switch_get_active (self->non_root_switch);
}

void
deck_create_access_apply (DeckCreateAccess *self,
                          OdfeClusterSpec  *spec)
{
  g_return_if_fail (DECK_IS_CREATE_ACCESS (self));
  g_return_if_fail (spec != NULL);

  spec->exposure = gtk_check_button_get_active (self->load_balancer_check)
                   ? ODFE_EXPOSURE_LOAD_BALANCER : ODFE_EXPOSURE_CLUSTER_IP;
  spec->privileged_init = !gtk_switch_get_active (self->non_root_switch);
}

static void
deck_create_access_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DECK_TYPE_CREATE_ACCESS);

  G_OBJECT_CLASS (deck_create_access_parent_class)->dispose (object);
}

static void
deck_create_access_class_init (DeckCreateAccessClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = deck_create_access_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/deck-create-access.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckCreateAccess, cluster_ip_check);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateAccess, load_balancer_check);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateAccess, non_root_switch);
}

static void
deck_create_access_init (DeckCreateAccess *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
