/* deck-create-review.c: the New Cluster assistant's sixth step, the objects and the checks
 *
 * Entering the step makes the cluster's certificates, the admin password's bcrypt hash and
 * the manifests in a worker thread (all CPU-bound; RSA 4096 keys take a moment) and shows
 * every object as YAML, read-only and highlighted, with Save YAML… for people who apply
 * manifests themselves (the file holds private keys, so it is written readable by its owner
 * only).  The objects are made again only when the spec changed.  Once they are made, the
 * preflight asks the Kubernetes cluster whether it allows and has room for them, each
 * check a row with its result; Create is possible once the objects are made
 * and no check failed, and the sentence under the checks says why not.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "odfe-manifests.h"
#include "odfe-pki.h"
#include "odfe-security.h"

#include "deck-create-review.h"

/* What the worker thread makes from one spec. */
typedef struct
{
  OdfeClusterSpec *spec;
  char            *fingerprint;
  OdfeClusterPki  *pki;
  GPtrArray       *objects;
  char            *yaml;
  char            *summary;
} Generated;

static void
generated_free (Generated *generated)
{
  g_clear_pointer (&generated->spec, odfe_cluster_spec_free);
  g_clear_pointer (&generated->pki, odfe_cluster_pki_free);
  g_clear_pointer (&generated->objects, g_ptr_array_unref);
  g_free (generated->fingerprint);
  g_free (generated->yaml);
  g_free (generated->summary);
  g_free (generated);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Generated, generated_free)

struct _DeckCreateReview
{
  AdwBin              parent_instance;

  GtkListBox         *check_list;
  GtkImage           *reason_icon;
  GtkLabel           *reason_label;
  GtkSwitch          *keep_switch;
  GtkButton          *save_button;
  GtkStack           *yaml_stack;
  GtkSpinner         *generating_spinner;
  GtkLabel           *generate_error;
  GtkLabel           *objects_label;
  GtkSourceView      *yaml_view;
  GtkLabel           *save_label;

  GCancellable       *generate_cancellable;
  GCancellable       *preflight_cancellable;
  char               *pending_fingerprint;
  Generated          *generated;
  char               *generate_failure;

  OdfePreflight      *preflight;
  gboolean            preflight_done;
  gboolean            preflight_ok;
  char               *preflight_failure;
  /* One row per check: its icon, spinner and the row itself. */
  GPtrArray          *check_rows;

  gboolean            can_create;
  char               *reason;
};

G_DEFINE_FINAL_TYPE (DeckCreateReview, deck_create_review, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CAN_CREATE,
  PROP_GENERATING,
  PROP_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_UNPRIVILEGED_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Every field that changes the objects; the password is hashed so that the text does not
 * keep it. */
static char *
fingerprint_spec (const OdfeClusterSpec *spec)
{
  g_autofree char *password = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                             spec->admin_password != NULL
                                                             ? spec->admin_password : "", -1);

  return g_strdup_printf ("%s|%s|%d|%d|%s|%u|%d|%u|%u|%" G_GUINT64_FORMAT "|%" G_GUINT64_FORMAT
                          "|%" G_GUINT64_FORMAT "|%s|%s|%d|%u|%u|%d|%d",
                          spec->name, spec->namespace, spec->create_namespace, spec->flavour,
                          spec->version, spec->node_count, spec->roles, spec->master_count,
                          spec->cpu_millis, spec->memory_bytes, spec->heap_bytes,
                          spec->storage_bytes,
                          spec->storage_class != NULL ? spec->storage_class : "", password,
                          spec->audit_logging, spec->cert_validity_days, spec->key_bits,
                          spec->exposure, spec->privileged_init);
}

static void
generate_in_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  const OdfeClusterSpec *spec = task_data;
  g_autoptr(Generated) generated = g_new0 (Generated, 1);
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autofree char *hash = NULL;
  GError *error = NULL;

  generated->spec = odfe_cluster_spec_copy (spec);
  generated->fingerprint = fingerprint_spec (spec);

  generated->pki = odfe_cluster_pki_generate (spec, &error);
  if (generated->pki == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  hash = odfe_bcrypt_hash (spec->admin_password, &error);
  if (hash == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  generated->objects = odfe_manifests_build (spec, generated->pki, hash, &error);
  if (generated->objects == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  generated->yaml = odfe_manifests_to_yaml (generated->objects);

  for (guint i = 0; i < generated->objects->len; i++)
    {
      g_autofree char *label = odfe_manifest_describe (generated->objects->pdata[i]);

      if (i > 0)
        g_string_append (summary, ", ");
      g_string_append (summary, label);
    }
  generated->summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u object: %s",
                                                     "%u objects: %s",
                                                     generated->objects->len),
                                        generated->objects->len, summary->str);

  g_task_return_pointer (task, g_steal_pointer (&generated), (GDestroyNotify) generated_free);
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
update_state (DeckCreateReview *self)
{
  g_autofree char *reason = NULL;
  const char *icon = NULL;
  const char *style = NULL;
  gboolean can_create = FALSE;

  if (self->generate_failure != NULL)
    {
      reason = g_strdup_printf (_("The objects could not be made: %s"), self->generate_failure);
      icon = "dialog-error-symbolic";
      style = "error";
    }
  else if (self->preflight_done && !self->preflight_ok)
    {
      reason = g_strdup_printf (_("Create is not possible: %s"), self->preflight_failure);
      icon = "dialog-error-symbolic";
      style = "error";
    }
  else if (self->generated == NULL)
    reason = g_strdup (_("Making the certificates and the manifests…"));
  else if (!self->preflight_done)
    reason = g_strdup (_("Checking the Kubernetes cluster…"));
  else
    {
      gboolean warned = FALSE;

      for (guint i = 0; i < odfe_preflight_get_n_checks (self->preflight); i++)
        warned |= odfe_preflight_get_check_state (self->preflight, i) == ODFE_CHECK_WARNING;
      reason = g_strdup (warned ? _("Ready to create, with the warnings above.")
                                : _("Ready to create."));
      icon = warned ? "dialog-warning-symbolic" : "emblem-ok-symbolic";
      style = warned ? "warning" : "success";
      can_create = TRUE;
    }

  gtk_label_set_text (self->reason_label, reason);
  gtk_image_set_from_icon_name (self->reason_icon, icon);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_icon), icon != NULL);
  set_style (GTK_WIDGET (self->reason_icon), style);
  set_style (GTK_WIDGET (self->reason_label), style != NULL ? style : "dim-label");
  if (g_strcmp0 (reason, self->reason) != 0)
    {
      g_free (self->reason);
      self->reason = g_steal_pointer (&reason);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASON]);
    }

  if (can_create != self->can_create)
    {
      self->can_create = can_create;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_CREATE]);
    }
}

static void
show_generated (DeckCreateReview *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->yaml_view));
  GtkTextIter start;

  gtk_text_buffer_set_text (buffer, self->generated->yaml, -1);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  gtk_label_set_text (self->objects_label, self->generated->summary);
  gtk_widget_set_visible (GTK_WIDGET (self->save_label), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
  gtk_stack_set_visible_child_name (self->yaml_stack, "yaml");
}

static void run_preflight (DeckCreateReview *self);

static void
generate_done (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DeckCreateReview) self = user_data;
  g_autoptr(GError) error = NULL;
  Generated *generated;

  generated = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->generate_cancellable);
  gtk_spinner_set_spinning (self->generating_spinner, FALSE);

  if (generated == NULL)
    {
      g_clear_pointer (&self->pending_fingerprint, g_free);
      g_free (self->generate_failure);
      self->generate_failure = g_strdup (error->message);
      gtk_label_set_text (self->generate_error, self->generate_failure);
      gtk_stack_set_visible_child_name (self->yaml_stack, "failed");
    }
  else
    {
      g_clear_pointer (&self->generated, generated_free);
      self->generated = generated;
      show_generated (self);
      run_preflight (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GENERATING]);
  update_state (self);
}

static void
start_generating (DeckCreateReview      *self,
                  const OdfeClusterSpec *spec)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *fingerprint = fingerprint_spec (spec);

  /* The same spec makes the same objects (but for random keys): keep them. */
  if (self->generated != NULL && g_str_equal (fingerprint, self->generated->fingerprint))
    return;
  if (self->generate_cancellable != NULL
      && g_strcmp0 (fingerprint, self->pending_fingerprint) == 0)
    return;

  g_cancellable_cancel (self->generate_cancellable);
  g_clear_object (&self->generate_cancellable);
  g_clear_pointer (&self->generated, generated_free);
  g_clear_pointer (&self->generate_failure, g_free);
  g_free (self->pending_fingerprint);
  self->pending_fingerprint = g_steal_pointer (&fingerprint);

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  gtk_stack_set_visible_child_name (self->yaml_stack, "generating");
  gtk_spinner_set_spinning (self->generating_spinner, TRUE);

  self->generate_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->generate_cancellable, generate_done, g_object_ref (self));
  g_task_set_source_tag (task, start_generating);
  g_task_set_task_data (task, odfe_cluster_spec_copy (spec),
                        (GDestroyNotify) odfe_cluster_spec_free);
  g_task_run_in_thread (task, generate_in_thread);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GENERATING]);
}

typedef struct
{
  GtkWidget *row;
  GtkWidget *icon;
  GtkWidget *spinner;
  GtkWidget *offer;     /* the Pod Security row's way out, else NULL */
} CheckRow;

/* A namespace whose Pod Security level refuses the privileged init container: the variant
 * without it is one click away, rather than a step back. */
static gboolean
offers_unprivileged (DeckCreateReview *self)
{
  return self->preflight != NULL && self->generated != NULL
         && self->generated->spec->privileged_init
         && ODFE_PREFLIGHT_POD_SECURITY < odfe_preflight_get_n_checks (self->preflight)
         && odfe_preflight_get_check_state (self->preflight, ODFE_PREFLIGHT_POD_SECURITY)
            == ODFE_CHECK_FAILED;
}

static void
on_offer_clicked (DeckCreateReview *self)
{
  g_signal_emit (self, signals[SIGNAL_UNPRIVILEGED_CHOSEN], 0);
}

static void
show_check (DeckCreateReview *self,
            guint             index)
{
  CheckRow *check = g_ptr_array_index (self->check_rows, index);
  OdfeCheckState state = odfe_preflight_get_check_state (self->preflight, index);
  const char *detail = odfe_preflight_get_check_detail (self->preflight, index);
  const char *icon = NULL;
  const char *style = NULL;
  const char *label = NULL;

  switch (state)
    {
    case ODFE_CHECK_PENDING:
      icon = "content-loading-symbolic";
      style = "dim-label";
      label = _("Waiting");
      break;
    case ODFE_CHECK_RUNNING:
      label = _("Checking");
      break;
    case ODFE_CHECK_PASSED:
      icon = "emblem-ok-symbolic";
      style = "success";
      label = _("Passed");
      break;
    case ODFE_CHECK_WARNING:
      icon = "dialog-warning-symbolic";
      style = "warning";
      label = _("Warning");
      break;
    case ODFE_CHECK_FAILED:
    default:
      icon = "dialog-error-symbolic";
      style = "error";
      label = _("Failed");
      break;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (check->row),
                                 odfe_preflight_get_check_title (self->preflight, index));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (check->row), detail != NULL ? detail : "");
  gtk_widget_set_visible (check->spinner, icon == NULL);
  gtk_spinner_set_spinning (GTK_SPINNER (check->spinner), icon == NULL);
  gtk_widget_set_visible (check->icon, icon != NULL);
  if (icon != NULL)
    gtk_image_set_from_icon_name (GTK_IMAGE (check->icon), icon);
  set_style (check->icon, style);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check->icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);

  if (index == ODFE_PREFLIGHT_POD_SECURITY)
    {
      if (check->offer == NULL)
        {
          check->offer = gtk_button_new_with_mnemonic (_("_Run Without Privileges"));
          gtk_widget_set_valign (check->offer, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (check->offer,
                                       _("Leave out the privileged init container, as the "
                                         "Access step’s switch does"));
          g_signal_connect_object (check->offer, "clicked", G_CALLBACK (on_offer_clicked), self,
                                   G_CONNECT_SWAPPED);
          adw_action_row_add_suffix (ADW_ACTION_ROW (check->row), check->offer);
        }
      gtk_widget_set_visible (check->offer, offers_unprivileged (self));
    }
}

static void
ensure_check_rows (DeckCreateReview *self)
{
  guint n_checks = odfe_preflight_get_n_checks (self->preflight);

  for (guint i = self->check_rows->len; i < n_checks; i++)
    {
      CheckRow *check = g_new0 (CheckRow, 1);

      check->row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (check->row), FALSE);
      check->icon = gtk_image_new ();
      check->spinner = gtk_spinner_new ();
      adw_action_row_add_prefix (ADW_ACTION_ROW (check->row), check->icon);
      adw_action_row_add_prefix (ADW_ACTION_ROW (check->row), check->spinner);
      gtk_list_box_append (self->check_list, check->row);
      g_ptr_array_add (self->check_rows, check);
    }
}

static void
on_check_changed (DeckCreateReview *self,
                  guint             index,
                  OdfePreflight    *preflight)
{
  ensure_check_rows (self);
  if (index < self->check_rows->len)
    show_check (self, index);
}

static void
preflight_done (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DeckCreateReview) self = user_data;
  g_autoptr(GError) error = NULL;
  OdfePreflight *preflight = ODFE_PREFLIGHT (source_object);
  gboolean ok;

  ok = odfe_preflight_run_finish (preflight, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || preflight != self->preflight)
    return;

  self->preflight_done = TRUE;
  self->preflight_ok = ok;
  g_clear_pointer (&self->preflight_failure, g_free);

  ensure_check_rows (self);
  for (guint i = 0; i < self->check_rows->len; i++)
    show_check (self, i);

  if (!ok)
    {
      /* Name the first check that failed (its row says why); else the run's own error. */
      for (guint i = 0; i < odfe_preflight_get_n_checks (preflight); i++)
        if (odfe_preflight_get_check_state (preflight, i) == ODFE_CHECK_FAILED)
          {
            self->preflight_failure =
              g_strdup_printf (_("the check “%s” failed."),
                               odfe_preflight_get_check_title (preflight, i));
            break;
          }
      if (self->preflight_failure == NULL)
        self->preflight_failure = g_strdup (error != NULL ? error->message
                                                          : _("a check failed."));
    }

  update_state (self);
}

static void
clear_check_rows (DeckCreateReview *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->check_list))) != NULL)
    gtk_list_box_remove (self->check_list, child);
  g_ptr_array_set_size (self->check_rows, 0);
}

static void
stop_preflight (DeckCreateReview *self)
{
  g_cancellable_cancel (self->preflight_cancellable);
  g_clear_object (&self->preflight_cancellable);
  if (self->preflight != NULL)
    g_signal_handlers_disconnect_by_data (self->preflight, self);
  g_clear_object (&self->preflight);
}

/* The checks run once the objects are made: the Pod Security check reads their pods. */
static void
run_preflight (DeckCreateReview *self)
{
  if (self->preflight == NULL || self->preflight_cancellable != NULL
      || self->preflight_done || self->generated == NULL)
    return;

  odfe_preflight_set_objects (self->preflight, self->generated->objects);
  self->preflight_cancellable = g_cancellable_new ();
  odfe_preflight_run_async (self->preflight, self->preflight_cancellable, preflight_done,
                            g_object_ref (self));
}

static void
start_preflight (DeckCreateReview      *self,
                 KubeClient            *client,
                 const OdfeClusterSpec *spec)
{
  stop_preflight (self);
  clear_check_rows (self);
  self->preflight_done = FALSE;
  self->preflight_ok = FALSE;
  g_clear_pointer (&self->preflight_failure, g_free);

  self->preflight = odfe_preflight_new (client, spec);
  g_signal_connect_object (self->preflight, "check-changed", G_CALLBACK (on_check_changed),
                           self, G_CONNECT_SWAPPED);
  ensure_check_rows (self);
  for (guint i = 0; i < self->check_rows->len; i++)
    show_check (self, i);

  run_preflight (self);
}

void
deck_create_review_prepare (DeckCreateReview      *self,
                            KubeClient            *client,
                            const OdfeClusterSpec *spec)
{
  g_return_if_fail (DECK_IS_CREATE_REVIEW (self));
  g_return_if_fail (KUBE_IS_CLIENT (client));
  g_return_if_fail (spec != NULL);

  /* The old checks go before the objects they were given may. */
  stop_preflight (self);
  start_generating (self, spec);
  start_preflight (self, client, spec);
  update_state (self);
}

void
deck_create_review_stop (DeckCreateReview *self)
{
  g_return_if_fail (DECK_IS_CREATE_REVIEW (self));

  stop_preflight (self);
  self->preflight_done = FALSE;
  update_state (self);
}

gboolean
deck_create_review_get_can_create (DeckCreateReview *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_REVIEW (self), FALSE);

  return self->can_create;
}

const char *
deck_create_review_get_reason (DeckCreateReview *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_REVIEW (self), NULL);

  return self->reason;
}

gboolean
deck_create_review_get_generating (DeckCreateReview *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_REVIEW (self), FALSE);

  return self->generate_cancellable != NULL;
}

GPtrArray *
deck_create_review_get_objects (DeckCreateReview *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_REVIEW (self), NULL);

  return self->generated != NULL ? self->generated->objects : NULL;
}

const char *
deck_create_review_get_yaml (DeckCreateReview *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_REVIEW (self), NULL);

  return self->generated != NULL ? self->generated->yaml : NULL;
}

const char *
deck_create_review_get_ca_pem (DeckCreateReview *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_REVIEW (self), NULL);

  return self->generated != NULL ? self->generated->pki->ca_cert_pem : NULL;
}

const OdfeClusterSpec *
deck_create_review_get_spec (DeckCreateReview *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_REVIEW (self), NULL);

  return self->generated != NULL ? self->generated->spec : NULL;
}

char *
deck_create_review_get_shown_yaml (DeckCreateReview *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start;
  GtkTextIter end;

  g_return_val_if_fail (DECK_IS_CREATE_REVIEW (self), NULL);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->yaml_view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

OdfePreflight *
deck_create_review_get_preflight (DeckCreateReview *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_REVIEW (self), NULL);

  return self->preflight;
}

guint
deck_create_review_get_n_check_rows (DeckCreateReview *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_REVIEW (self), 0);

  return self->check_rows->len;
}

gboolean
deck_create_review_get_offers_unprivileged (DeckCreateReview *self)
{
  CheckRow *check;

  g_return_val_if_fail (DECK_IS_CREATE_REVIEW (self), FALSE);

  if (self->check_rows->len <= ODFE_PREFLIGHT_POD_SECURITY)
    return FALSE;
  check = g_ptr_array_index (self->check_rows, ODFE_PREFLIGHT_POD_SECURITY);

  return check->offer != NULL && gtk_widget_get_visible (check->offer);
}

void
deck_create_review_choose_unprivileged (DeckCreateReview *self)
{
  g_return_if_fail (DECK_IS_CREATE_REVIEW (self));
  g_return_if_fail (deck_create_review_get_offers_unprivileged (self));

  on_offer_clicked (self);
}

const char *
deck_create_review_get_check_row_detail (DeckCreateReview *self,
                                         guint             index)
{
  CheckRow *check;

  g_return_val_if_fail (DECK_IS_CREATE_REVIEW (self), NULL);

  if (index >= self->check_rows->len)
    return NULL;

  check = g_ptr_array_index (self->check_rows, index);

  return adw_action_row_get_subtitle (ADW_ACTION_ROW (check->row));
}

gboolean
deck_create_review_get_keep_on_failure (DeckCreateReview *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_REVIEW (self), FALSE);

  return gtk_switch_get_active (self->keep_switch);
}

void
deck_create_review_set_keep_on_failure (DeckCreateReview *self,
                                        gboolean          keep)
{
  g_return_if_fail (DECK_IS_CREATE_REVIEW (self));

  gtk_switch_set_active (self->keep_switch, keep);
}

static void
saved (GObject      *source_object,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source_object), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
deck_create_review_save_async (DeckCreateReview    *self,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (DECK_IS_CREATE_REVIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_create_review_save_async);

  if (self->generated == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("The objects are not made yet."));
      return;
    }

  /* The file holds the private keys and the password hash: the owner's eyes only. */
  bytes = g_bytes_new (self->generated->yaml, strlen (self->generated->yaml));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, saved, g_steal_pointer (&task));
}

gboolean
deck_create_review_save_finish (DeckCreateReview  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (DECK_IS_CREATE_REVIEW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
save_done (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  DeckCreateReview *self = DECK_CREATE_REVIEW (source_object);
  g_autofree char *text = NULL;
  g_autofree char *name = g_file_get_parse_name (file);

  if (!deck_create_review_save_finish (self, result, &error))
    {
      text = g_strdup_printf (_("“%s” could not be written: %s"), name, error->message);
      set_style (GTK_WIDGET (self->save_label), "error");
    }
  else
    {
      text = g_strdup_printf (_("Saved to “%s”. It holds the cluster’s private keys and the "
                                "password’s hash: keep it private."), name);
      set_style (GTK_WIDGET (self->save_label), "dim-label");
    }
  gtk_label_set_text (self->save_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->save_label), TRUE);
}

static void
on_save_response (DeckCreateReview     *self,
                  int                   response,
                  GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    deck_create_review_save_async (self, file, NULL, save_done, g_object_ref (file));

  g_object_unref (chooser);
}

static void
on_save_clicked (DeckCreateReview *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (self->generated == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Save the Objects as YAML"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  name = g_strdup_printf ("%s.yaml", self->generated->spec->name);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_save_response), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
follow_dark_style (DeckCreateReview *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  GtkSourceStyleScheme *scheme;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->yaml_view));

  scheme = gtk_source_style_scheme_manager_get_scheme (schemes,
                                                       adw_style_manager_get_dark (manager)
                                                       ? "Adwaita-dark" : "Adwaita");
  if (scheme != NULL)
    gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (buffer), scheme);
}

static void
deck_create_review_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DeckCreateReview *self = DECK_CREATE_REVIEW (object);

  switch (prop_id)
    {
    case PROP_CAN_CREATE:
      g_value_set_boolean (value, self->can_create);
      break;
    case PROP_GENERATING:
      g_value_set_boolean (value, deck_create_review_get_generating (self));
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_create_review_dispose (GObject *object)
{
  DeckCreateReview *self = DECK_CREATE_REVIEW (object);

  g_cancellable_cancel (self->generate_cancellable);
  g_clear_object (&self->generate_cancellable);
  stop_preflight (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), DECK_TYPE_CREATE_REVIEW);

  G_OBJECT_CLASS (deck_create_review_parent_class)->dispose (object);
}

static void
deck_create_review_finalize (GObject *object)
{
  DeckCreateReview *self = DECK_CREATE_REVIEW (object);

  g_clear_pointer (&self->generated, generated_free);
  g_clear_pointer (&self->check_rows, g_ptr_array_unref);
  g_free (self->pending_fingerprint);
  g_free (self->generate_failure);
  g_free (self->preflight_failure);
  g_free (self->reason);

  G_OBJECT_CLASS (deck_create_review_parent_class)->finalize (object);
}

static void
deck_create_review_class_init (DeckCreateReviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = deck_create_review_get_property;
  object_class->dispose = deck_create_review_dispose;
  object_class->finalize = deck_create_review_finalize;

  properties[PROP_CAN_CREATE] =
    g_param_spec_boolean ("can-create", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GENERATING] =
    g_param_spec_boolean ("generating", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_UNPRIVILEGED_CHOSEN] =
    g_signal_new ("unprivileged-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  /* GtkSourceView's types and languages; it may be called more than once. */
  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/deck-create-review.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckCreateReview, check_list);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateReview, reason_icon);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateReview, reason_label);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateReview, keep_switch);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateReview, save_button);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateReview, yaml_stack);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateReview, generating_spinner);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateReview, generate_error);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateReview, objects_label);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateReview, yaml_view);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateReview, save_label);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
}

static void
deck_create_review_init (DeckCreateReview *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkTextBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->check_rows = g_ptr_array_new_with_free_func (g_free);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->yaml_view));
  gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (buffer),
                                  gtk_source_language_manager_get_language (languages, "yaml"));
  follow_dark_style (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (follow_dark_style), self, G_CONNECT_SWAPPED);
  update_state (self);
}
