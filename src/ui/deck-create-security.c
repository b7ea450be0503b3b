/* deck-create-security.c: the New Cluster assistant's fourth step, security
 *
 * The admin password is generated strong by default and shown here once, with a button
 * that copies it (it goes to the keyring when the cluster is created, so nobody needs to
 * write it down); or the user types one, and a meter and a sentence from the odfe layer
 * say how strong it is.  A password the odfe layer finds too weak blocks Next, with its
 * reason under the field.  TLS
 * between nodes and HTTPS are not choices, and are shown as always on; audit logging,
 * the certificates' validity and the key size are.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "deck-create-security.h"

#define DAYS_PER_YEAR 365

struct _DeckCreateSecurity
{
  AdwBin          parent_instance;

  GtkCheckButton *generated_check;
  AdwActionRow   *generated_row;
  GtkLabel       *generated_label;
  GtkButton      *copy_button;
  GtkCheckButton *typed_check;
  AdwEntryRow    *password_entry;
  GtkWidget      *strength_box;
  GtkLevelBar    *strength_bar;
  GtkLabel       *hint_label;
  GtkSpinButton  *validity_spin;
  GtkDropDown    *validity_unit;
  AdwComboRow    *key_row;
  GtkSwitch      *audit_switch;

  char           *generated;
  char           *hint;
  guint           strength;
  char           *message;
  gboolean        valid;
};

G_DEFINE_FINAL_TYPE (DeckCreateSecurity, deck_create_security, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_VALID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_typed (DeckCreateSecurity *self)
{
  return gtk_check_button_get_active (self->typed_check);
}

static void
set_style (GtkWidget  *widget,
           const char *style)
{
  static const char * const styles[] = { "error", "warning", "success", "dim-label" };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (widget, styles[i]);
  if (style != NULL)
    gtk_widget_add_css_class (widget, style);
}

static void
update_validity (DeckCreateSecurity *self)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));
  gboolean valid;

  g_clear_pointer (&self->hint, g_free);
  g_clear_pointer (&self->message, g_free);
  self->strength = 0;

  if (is_typed (self))
    {
      g_autoptr(GError) error = NULL;

      self->strength = odfe_password_strength (typed, &self->hint);
      if (!odfe_validate_password (typed, &error))
        self->message = g_strdup (error->message);
    }

  gtk_widget_set_visible (self->strength_box, is_typed (self) && *typed != '\0');
  gtk_level_bar_set_value (self->strength_bar, self->strength);
  if (self->message != NULL)
    gtk_label_set_text (self->hint_label, self->message);
  else if (self->hint != NULL)
    gtk_label_set_text (self->hint_label, self->hint);
  else
    gtk_label_set_text (self->hint_label, _("A strong password."));
  set_style (GTK_WIDGET (self->hint_label),
             self->message != NULL ? "error" : self->strength < 3 ? "warning" : "success");
  if (self->message != NULL && *typed != '\0')
    gtk_widget_add_css_class (GTK_WIDGET (self->password_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->password_entry), "error");

  valid = self->message == NULL;
  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

static void
generate (DeckCreateSecurity *self)
{
  g_free (self->generated);
  self->generated = odfe_password_generate ();
  gtk_label_set_text (self->generated_label, self->generated);
  gtk_button_set_icon_name (self->copy_button, "edit-copy-symbolic");
}

static void
on_mode_toggled (DeckCreateSecurity *self)
{
  gboolean typed = is_typed (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->generated_row), !typed);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_entry), typed);
  if (typed)
    gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
  update_validity (self);
}

static void
on_password_changed (DeckCreateSecurity *self)
{
  update_validity (self);
}

static void
on_copy_clicked (DeckCreateSecurity *self)
{
  deck_create_security_copy_password (self);
}

static void
on_regenerate_clicked (DeckCreateSecurity *self)
{
  generate (self);
}

static void
on_unit_changed (DeckCreateSecurity *self)
{
  gboolean years = gtk_drop_down_get_selected (self->validity_unit) == 0;
  double value = gtk_spin_button_get_value (self->validity_spin);

  /* Keep the same span in the other unit. */
  if (years)
    gtk_spin_button_set_value (self->validity_spin, MAX (1, value / DAYS_PER_YEAR));
  else
    gtk_spin_button_set_value (self->validity_spin, value * DAYS_PER_YEAR);
}

void
deck_create_security_set_spec (DeckCreateSecurity    *self,
                               const OdfeClusterSpec *spec)
{
  g_return_if_fail (DECK_IS_CREATE_SECURITY (self));
  g_return_if_fail (spec != NULL);

  gtk_switch_set_active (self->audit_switch, spec->audit_logging);
  adw_combo_row_set_selected (self->key_row, spec->key_bits == 4096 ? 1 : 0);

  g_signal_handlers_block_by_func (self->validity_unit, on_unit_changed, self);
  if (spec->cert_validity_days % DAYS_PER_YEAR == 0)
    {
      gtk_drop_down_set_selected (self->validity_unit, 0);
      gtk_spin_button_set_value (self->validity_spin,
                                 spec->cert_validity_days / DAYS_PER_YEAR);
    }
  else
    {
      gtk_drop_down_set_selected (self->validity_unit, 1);
      gtk_spin_button_set_value (self->validity_spin, spec->cert_validity_days);
    }
  g_signal_handlers_unblock_by_func (self->validity_unit, on_unit_changed, self);
}

void
deck_create_security_use_typed (DeckCreateSecurity *self,
                                gboolean            typed)
{
  g_return_if_fail (DECK_IS_CREATE_SECURITY (self));

  gtk_check_button_set_active (typed ? self->typed_check : self->generated_check, TRUE);
}

void
deck_create_security_set_typed_password (DeckCreateSecurity *self,
                                         const char         *password)
{
  g_return_if_fail (DECK_IS_CREATE_SECURITY (self));

  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), password);
}

const char *
deck_create_security_get_password (DeckCreateSecurity *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_SECURITY (self), NULL);

  if (is_typed (self))
    return gtk_editable_get_text (GTK_EDITABLE (self->password_entry));

  return self->generated;
}

guint
deck_create_security_get_strength (DeckCreateSecurity *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_SECURITY (self), 0);

  return self->strength;
}

const char *
deck_create_security_get_hint (DeckCreateSecurity *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_SECURITY (self), NULL);

  return self->hint;
}

void
deck_create_security_copy_password (DeckCreateSecurity *self)
{
  GdkClipboard *clipboard;

  g_return_if_fail (DECK_IS_CREATE_SECURITY (self));

  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self));
  gdk_clipboard_set_text (clipboard, self->generated);
  gtk_button_set_icon_name (self->copy_button, "object-select-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->copy_button), _("Copied"));
}

gboolean
deck_create_security_get_valid (DeckCreateSecurity *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_SECURITY (self), FALSE);

  return self->valid;
}

const char *
deck_create_security_get_message (DeckCreateSecurity *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_SECURITY (self), NULL);

  return self->message;
}

void
deck_create_security_apply (DeckCreateSecurity *self,
                            OdfeClusterSpec    *spec)
{
  guint value;

  g_return_if_fail (DECK_IS_CREATE_SECURITY (self));
  g_return_if_fail (spec != NULL);

  g_free (spec->admin_password);
  spec->admin_password = g_strdup (deck_create_security_get_password (self));
  spec->audit_logging = gtk_switch_get_active (self->audit_switch);
  spec->key_bits = adw_combo_row_get_selected (self->key_row) == 1 ? 4096 : 2048;
  value = gtk_spin_button_get_value_as_int (self->validity_spin);
  spec->cert_validity_days = gtk_drop_down_get_selected (self->validity_unit) == 0
                             ? value * DAYS_PER_YEAR : value;
}

static void
deck_create_security_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DeckCreateSecurity *self = DECK_CREATE_SECURITY (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_create_security_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DECK_TYPE_CREATE_SECURITY);

  G_OBJECT_CLASS (deck_create_security_parent_class)->dispose (object);
}

static void
deck_create_security_finalize (GObject *object)
{
  DeckCreateSecurity *self = DECK_CREATE_SECURITY (object);

  g_free (self->generated);
  g_free (self->hint);
  g_free (self->message);

  G_OBJECT_CLASS (deck_create_security_parent_class)->finalize (object);
}

static void
deck_create_security_class_init (DeckCreateSecurityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = deck_create_security_get_property;
  object_class->dispose = deck_create_security_dispose;
  object_class->finalize = deck_create_security_finalize;

  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/deck-create-security.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckCreateSecurity, generated_check);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateSecurity, generated_row);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateSecurity, generated_label);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateSecurity, copy_button);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateSecurity, typed_check);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateSecurity, password_entry);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateSecurity, strength_box);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateSecurity, strength_bar);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateSecurity, hint_label);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateSecurity, validity_spin);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateSecurity, validity_unit);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateSecurity, key_row);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateSecurity, audit_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_password_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_regenerate_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_unit_changed);
}

static void
deck_create_security_init (DeckCreateSecurity *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The bar's blocks take the style class of the lowest offset at or above its value: 1 too
   * weak (red), 2 weak (orange), 3 high, 4 full (style.css). Adwaita colours "low" as "high",
   * so the two weak levels have offsets of their own. */
  gtk_level_bar_remove_offset_value (self->strength_bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_add_offset_value (self->strength_bar, "strength-too-weak", 1.5);
  gtk_level_bar_add_offset_value (self->strength_bar, "strength-weak", 2.5);
  gtk_level_bar_add_offset_value (self->strength_bar, GTK_LEVEL_BAR_OFFSET_HIGH, 3.5);
  gtk_level_bar_add_offset_value (self->strength_bar, GTK_LEVEL_BAR_OFFSET_FULL, 4);

  generate (self);
  update_validity (self);
}
