/* deck-create-progress.c: the New Cluster assistant's last step, the creation followed
 *
 * An OdfeClusterCreation does the work: it creates each object in order, follows the pods
 * until each is Ready, then the cluster's health until green, and on a failure deletes
 * what it created (unless asked to keep it).  The page only shows what it reports on
 * "changed": a row per object with its state, then a row per pod, the health, and the
 * sentence saying where it is; at the end, the outcome, and on failure the server's
 * message and what was deleted again or kept.  Stop cancels the creation, which then
 * deletes what it made before it ends; the page shows that as it would a failure.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "deck-create-progress.h"

struct _DeckCreateProgress
{
  AdwBin               parent_instance;

  GtkSpinner          *spinner;
  GtkImage            *outcome_icon;
  GtkLabel            *status_label;
  GtkRevealer         *error_revealer;
  GtkLabel            *error_label;
  GtkLabel            *rollback_label;
  GtkLabel            *note_label;
  GtkListBox          *object_list;
  GtkWidget           *pods_group;
  GtkListBox          *pod_list;
  GtkLabel            *health_label;

  OdfeClusterCreation *creation;
  GCancellable        *cancellable;
  char                *namespace;
  gboolean             keep_on_failure;
  gboolean             running;
  /* Set when the user asked to stop: the creation deletes what it made, then ends. */
  gboolean             stopping;
  gboolean             succeeded;
  char                *error;

  /* Per object and per pod: the icon and the state label of its row. */
  GPtrArray           *object_icons;
  GPtrArray           *object_labels;
  GPtrArray           *pod_icons;
  GPtrArray           *pod_labels;
};

G_DEFINE_FINAL_TYPE (DeckCreateProgress, deck_create_progress, ADW_TYPE_BIN)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
add_row (GtkListBox *list,
         const char *title,
         GPtrArray  *icons,
         GPtrArray  *labels)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *label = gtk_label_new (NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_append (list, row);

  g_ptr_array_add (icons, icon);
  g_ptr_array_add (labels, label);
}

static void
show_row_state (GtkWidget  *icon,
                GtkWidget  *label,
                const char *icon_name,
                const char *text,
                const char *style)
{
  gtk_image_set_from_icon_name (GTK_IMAGE (icon), icon_name);
  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
  set_style (icon, style);
  set_style (label, style);
}

static void
show_object (DeckCreateProgress *self,
             guint               index)
{
  GtkWidget *icon = g_ptr_array_index (self->object_icons, index);
  GtkWidget *label = g_ptr_array_index (self->object_labels, index);

  switch (odfe_cluster_creation_get_object_state (self->creation, index))
    {
    case ODFE_STEP_WAITING:
      show_row_state (icon, label, "content-loading-symbolic", _("Waiting"), "dim-label");
      break;
    case ODFE_STEP_RUNNING:
      show_row_state (icon, label, "document-new-symbolic", _("Creating"), NULL);
      break;
    case ODFE_STEP_DONE:
      show_row_state (icon, label, "emblem-ok-symbolic", _("Created"), "success");
      break;
    case ODFE_STEP_FAILED:
      show_row_state (icon, label, "dialog-error-symbolic", _("Failed"), "error");
      break;
    case ODFE_STEP_ROLLED_BACK:
    default:
      show_row_state (icon, label, "user-trash-symbolic", _("Deleted again"), "warning");
      break;
    }
}

static void
show_health (DeckCreateProgress *self)
{
  switch (odfe_cluster_creation_get_health (self->creation))
    {
    case ODFE_HEALTH_GREEN:
      gtk_label_set_text (self->health_label, _("Green"));
      set_style (GTK_WIDGET (self->health_label), "success");
      break;
    case ODFE_HEALTH_YELLOW:
      gtk_label_set_text (self->health_label, _("Yellow"));
      set_style (GTK_WIDGET (self->health_label), "warning");
      break;
    case ODFE_HEALTH_RED:
      gtk_label_set_text (self->health_label, _("Red"));
      set_style (GTK_WIDGET (self->health_label), "error");
      break;
    case ODFE_HEALTH_UNKNOWN:
    default:
      gtk_label_set_text (self->health_label, _("Not known yet"));
      set_style (GTK_WIDGET (self->health_label), "dim-label");
      break;
    }
}

static void
on_changed (DeckCreateProgress *self)
{
  OdfeClusterCreation *creation = self->creation;
  guint n_objects = odfe_cluster_creation_get_n_objects (creation);
  guint n_pods = odfe_cluster_creation_get_n_pods (creation);
  const char *status = odfe_cluster_creation_get_status_text (creation);

  for (guint i = self->object_icons->len; i < n_objects; i++)
    add_row (self->object_list, odfe_cluster_creation_get_object_label (creation, i),
             self->object_icons, self->object_labels);
  for (guint i = 0; i < n_objects; i++)
    show_object (self, i);

  for (guint i = self->pod_icons->len; i < n_pods; i++)
    add_row (self->pod_list, odfe_cluster_creation_get_pod_name (creation, i),
             self->pod_icons, self->pod_labels);
  for (guint i = 0; i < n_pods; i++)
    {
      gboolean ready = odfe_cluster_creation_get_pod_ready (creation, i);

      show_row_state (g_ptr_array_index (self->pod_icons, i),
                      g_ptr_array_index (self->pod_labels, i),
                      ready ? "emblem-ok-symbolic" : "content-loading-symbolic",
                      ready ? _("Ready") : _("Starting"),
                      ready ? "success" : NULL);
    }
  gtk_widget_set_visible (self->pods_group, n_pods > 0);

  show_health (self);
  if (self->running && status != NULL)
    gtk_label_set_text (self->status_label, status);
}

/* Where the objects kept for inspection are; NULL when none were kept (the creation's own
 * message already says what was deleted). */
static char *
describe_kept (DeckCreateProgress *self)
{
  guint n_objects = odfe_cluster_creation_get_n_objects (self->creation);
  guint kept = 0;

  if (!self->keep_on_failure)
    return NULL;

  for (guint i = 0; i < n_objects; i++)
    if (odfe_cluster_creation_get_object_state (self->creation, i) == ODFE_STEP_DONE)
      kept++;
  if (kept == 0)
    return NULL;

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u object is in the namespace “%s”; delete it when "
                                       "done.",
                                       "%u objects are in the namespace “%s”; delete them when "
                                       "done.", kept),
                          kept, self->namespace);
}

static void
run_done (GObject      *source_object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DeckCreateProgress) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *rollback = NULL;

  self->succeeded = odfe_cluster_creation_run_finish (ODFE_CLUSTER_CREATION (source_object),
                                                      result, &error);
  /* Cancelled without the user asking: the page is going away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !self->stopping)
    return;

  self->running = FALSE;
  g_clear_object (&self->cancellable);
  on_changed (self);

  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->outcome_icon), TRUE);

  if (self->succeeded)
    {
      gtk_image_set_from_icon_name (self->outcome_icon, "emblem-ok-symbolic");
      set_style (GTK_WIDGET (self->outcome_icon), "success");
      gtk_label_set_text (self->status_label, _("The cluster is up, and green."));
    }
  else
    {
      self->error = g_strdup (error->message);
      rollback = describe_kept (self);
      gtk_image_set_from_icon_name (self->outcome_icon, "dialog-error-symbolic");
      set_style (GTK_WIDGET (self->outcome_icon), "error");
      gtk_label_set_text (self->status_label, self->stopping
                                              ? _("The creation was stopped.")
                                              : _("The cluster could not be created."));
      gtk_label_set_text (self->error_label, self->error);
      gtk_label_set_text (self->rollback_label, rollback != NULL ? rollback : "");
      gtk_widget_set_visible (GTK_WIDGET (self->rollback_label), rollback != NULL);
      gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[FINISHED], 0, self->succeeded);
}

static void
clear_rows (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

void
deck_create_progress_start (DeckCreateProgress    *self,
                            KubeClient            *client,
                            const OdfeClusterSpec *spec,
                            GPtrArray             *objects,
                            const char            *ca_pem,
                            gboolean               keep_on_failure,
                            guint                  timeout_seconds)
{
  g_return_if_fail (DECK_IS_CREATE_PROGRESS (self));
  g_return_if_fail (KUBE_IS_CLIENT (client));
  g_return_if_fail (spec != NULL);
  g_return_if_fail (objects != NULL);
  g_return_if_fail (!self->running);

  /* A second attempt after a failure starts from clean rows. */
  if (self->creation != NULL)
    g_signal_handlers_disconnect_by_data (self->creation, self);
  g_clear_object (&self->creation);
  clear_rows (self->object_list);
  clear_rows (self->pod_list);
  g_ptr_array_set_size (self->object_icons, 0);
  g_ptr_array_set_size (self->object_labels, 0);
  g_ptr_array_set_size (self->pod_icons, 0);
  g_ptr_array_set_size (self->pod_labels, 0);
  g_clear_pointer (&self->error, g_free);
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  deck_create_progress_set_note (self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->outcome_icon), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_label_set_text (self->status_label, _("Creating the cluster…"));

  g_free (self->namespace);
  self->namespace = g_strdup (spec->namespace);
  self->keep_on_failure = keep_on_failure;
  self->succeeded = FALSE;
  self->stopping = FALSE;
  self->running = TRUE;

  self->creation = odfe_cluster_creation_new (client, spec, objects, ca_pem);
  odfe_cluster_creation_set_keep_on_failure (self->creation, keep_on_failure);
  if (timeout_seconds > 0)
    odfe_cluster_creation_set_timeout (self->creation, timeout_seconds);
  g_signal_connect_object (self->creation, "changed", G_CALLBACK (on_changed), self,
                           G_CONNECT_SWAPPED);
  on_changed (self);

  self->cancellable = g_cancellable_new ();
  odfe_cluster_creation_run_async (self->creation, self->cancellable, run_done,
                                   g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

void
deck_create_progress_set_note (DeckCreateProgress *self,
                               const char         *note)
{
  g_return_if_fail (DECK_IS_CREATE_PROGRESS (self));

  gtk_label_set_text (self->note_label, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL);
}

void
deck_create_progress_stop (DeckCreateProgress *self)
{
  g_return_if_fail (DECK_IS_CREATE_PROGRESS (self));

  if (!self->running || self->stopping)
    return;

  self->stopping = TRUE;
  gtk_label_set_text (self->status_label, _("Stopping, and deleting what was created…"));
  g_cancellable_cancel (self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

gboolean
deck_create_progress_get_stopping (DeckCreateProgress *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_PROGRESS (self), FALSE);

  return self->running && self->stopping;
}

gboolean
deck_create_progress_get_running (DeckCreateProgress *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_PROGRESS (self), FALSE);

  return self->running;
}

OdfeClusterCreation *
deck_create_progress_get_creation (DeckCreateProgress *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_PROGRESS (self), NULL);

  return self->creation;
}

gboolean
deck_create_progress_get_succeeded (DeckCreateProgress *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_PROGRESS (self), FALSE);

  return self->succeeded;
}

const char *
deck_create_progress_get_error (DeckCreateProgress *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_PROGRESS (self), NULL);

  return self->error;
}

guint
deck_create_progress_get_n_object_rows (DeckCreateProgress *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_PROGRESS (self), 0);

  return self->object_labels->len;
}

const char *
deck_create_progress_get_object_row_state (DeckCreateProgress *self,
                                           guint               index)
{
  g_return_val_if_fail (DECK_IS_CREATE_PROGRESS (self), NULL);

  if (index >= self->object_labels->len)
    return NULL;

  return gtk_label_get_text (g_ptr_array_index (self->object_labels, index));
}

const char *
deck_create_progress_get_health_text (DeckCreateProgress *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_PROGRESS (self), NULL);

  return gtk_label_get_text (self->health_label);
}

static void
deck_create_progress_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DeckCreateProgress *self = DECK_CREATE_PROGRESS (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_create_progress_dispose (GObject *object)
{
  DeckCreateProgress *self = DECK_CREATE_PROGRESS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->creation != NULL)
    g_signal_handlers_disconnect_by_data (self->creation, self);
  g_clear_object (&self->creation);

  gtk_widget_dispose_template (GTK_WIDGET (self), DECK_TYPE_CREATE_PROGRESS);

  G_OBJECT_CLASS (deck_create_progress_parent_class)->dispose (object);
}

static void
deck_create_progress_finalize (GObject *object)
{
  DeckCreateProgress *self = DECK_CREATE_PROGRESS (object);

  g_clear_pointer (&self->object_icons, g_ptr_array_unref);
  g_clear_pointer (&self->object_labels, g_ptr_array_unref);
  g_clear_pointer (&self->pod_icons, g_ptr_array_unref);
  g_clear_pointer (&self->pod_labels, g_ptr_array_unref);
  g_free (self->namespace);
  g_free (self->error);

  G_OBJECT_CLASS (deck_create_progress_parent_class)->finalize (object);
}

static void
deck_create_progress_class_init (DeckCreateProgressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = deck_create_progress_get_property;
  object_class->dispose = deck_create_progress_dispose;
  object_class->finalize = deck_create_progress_finalize;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DeckCreateProgress::finished:
   * @succeeded: whether the cluster turned green
   */
  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/deck-create-progress.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckCreateProgress, spinner);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateProgress, outcome_icon);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateProgress, status_label);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateProgress, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateProgress, error_label);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateProgress, rollback_label);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateProgress, note_label);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateProgress, object_list);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateProgress, pods_group);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateProgress, pod_list);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateProgress, health_label);
}

static void
deck_create_progress_init (DeckCreateProgress *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->object_icons = g_ptr_array_new ();
  self->object_labels = g_ptr_array_new ();
  self->pod_icons = g_ptr_array_new ();
  self->pod_labels = g_ptr_array_new ();
  gtk_label_set_text (self->health_label, _("Not known yet"));
  set_style (GTK_WIDGET (self->health_label), "dim-label");
}
