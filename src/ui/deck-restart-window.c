/* deck-restart-window.c: the rolling restart of a whole search cluster, asked and followed
 *
 * The window first says what will happen, in order, and offers to limit shard allocation to
 * primaries while each pod is away; Start hands the work to an OdfeRollingRestart, which
 * holds all the logic.  From then on the window only shows what the restart reports: a row
 * per pod with its state, the cluster's health, and at the end the sentence saying how it
 * ended.  Cancel asks the restart to stop after the current pod, and the window cannot be
 * closed while a pod is away, so that nothing is left half done behind the user's back.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "deck-restart-window.h"

struct _DeckRestartWindow
{
  AdwWindow           parent_instance;

  KubeClient         *kube;
  OdfeClient         *odfe;
  char               *namespace;
  char               *statefulset;
  OdfeRollingRestart *restart;
  GCancellable       *cancellable;
  char               *outcome;
  guint               health_seconds;
  guint               ready_seconds;
  gboolean            succeeded;

  /* One of each per pod, in the order they are restarted. */
  GPtrArray          *row_pods;
  GPtrArray          *row_icons;
  GPtrArray          *row_labels;

  GtkStack           *stack;
  GtkLabel           *confirm_label;
  GtkSwitch          *limit_switch;
  GtkButton          *start_button;
  GtkButton          *dismiss_button;
  GtkListBox         *pod_list;
  GtkLabel           *health_label;
  GtkLabel           *outcome_label;
};

G_DEFINE_FINAL_TYPE (DeckRestartWindow, deck_restart_window, ADW_TYPE_WINDOW)

static const char *
state_icon_name (OdfePodRestartState state)
{
  switch (state)
    {
    case ODFE_POD_RESTART_WAITING:
      return "content-loading-symbolic";
    case ODFE_POD_RESTART_CHECKING:
      return "system-search-symbolic";
    case ODFE_POD_RESTART_TERMINATING:
      return "process-stop-symbolic";
    case ODFE_POD_RESTART_RESTARTING:
      return "view-refresh-symbolic";
    case ODFE_POD_RESTART_READY:
      return "emblem-ok-symbolic";
    case ODFE_POD_RESTART_FAILED:
      return "dialog-error-symbolic";
    case ODFE_POD_RESTART_SKIPPED:
    default:
      return "action-unavailable-symbolic";
    }
}

static void
set_style (GtkWidget  *widget,
           const char *style)
{
  static const char * const styles[] = { "success", "warning", "error", "dim-label" };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (widget, styles[i]);
  if (style != NULL)
    gtk_widget_add_css_class (widget, style);
}

static const char *
state_style (OdfePodRestartState state)
{
  switch (state)
    {
    case ODFE_POD_RESTART_READY:
      return "success";
    case ODFE_POD_RESTART_FAILED:
      return "error";
    case ODFE_POD_RESTART_WAITING:
    case ODFE_POD_RESTART_SKIPPED:
      return "dim-label";
    default:
      return NULL;
    }
}

/* Adds rows until there is one for every pod the restart knows. */
static void
ensure_rows (DeckRestartWindow *self)
{
  guint n_pods = odfe_rolling_restart_get_n_pods (self->restart);

  for (guint i = self->row_pods->len; i < n_pods; i++)
    {
      const char *pod = odfe_rolling_restart_get_pod_name (self->restart, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new ();
      GtkWidget *label = gtk_label_new (NULL);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pod);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      gtk_list_box_append (self->pod_list, row);

      g_ptr_array_add (self->row_pods, g_strdup (pod));
      g_ptr_array_add (self->row_icons, icon);
      g_ptr_array_add (self->row_labels, label);
    }
}

static void
show_pod_state (DeckRestartWindow   *self,
                guint                index,
                OdfePodRestartState  state)
{
  GtkWidget *icon = g_ptr_array_index (self->row_icons, index);
  GtkWidget *label = g_ptr_array_index (self->row_labels, index);
  const char *text = odfe_pod_restart_state_to_string (state);

  gtk_image_set_from_icon_name (GTK_IMAGE (icon), state_icon_name (state));
  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
  set_style (icon, state_style (state));
  set_style (label, state_style (state));
}

static void
on_pod_state_changed (DeckRestartWindow  *self,
                      guint               index,
                      const char         *pod,
                      int                 state,
                      OdfeRollingRestart *restart)
{
  ensure_rows (self);
  for (guint i = 0; i < self->row_pods->len; i++)
    show_pod_state (self, i, odfe_rolling_restart_get_pod_state (restart, i));
}

static void
on_health_changed (DeckRestartWindow  *self,
                   GParamSpec         *pspec,
                   OdfeRollingRestart *restart)
{
  switch (odfe_rolling_restart_get_health (restart))
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
run_done (GObject      *source_object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DeckRestartWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  OdfeRollingRestart *restart = ODFE_ROLLING_RESTART (source_object);
  const char *outcome;

  self->succeeded = odfe_rolling_restart_run_finish (restart, result, &error);

  /* Closed: the window is going away and there is no one to tell. */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  outcome = odfe_rolling_restart_get_outcome (restart);
  if (outcome == NULL)
    outcome = self->succeeded ? _("Every pod was restarted and is Ready.") : error->message;
  g_free (self->outcome);
  self->outcome = g_strdup (outcome);

  /* The last states, should a signal have been missed. */
  on_pod_state_changed (self, 0, NULL, 0, restart);

  gtk_label_set_text (self->outcome_label, self->outcome);
  if (self->succeeded)
    set_style (GTK_WIDGET (self->outcome_label), "success");
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_style (GTK_WIDGET (self->outcome_label), NULL);
  else
    set_style (GTK_WIDGET (self->outcome_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->outcome_label), TRUE);

  gtk_button_set_label (self->dismiss_button, _("_Close"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->dismiss_button), TRUE);
  gtk_window_set_deletable (GTK_WINDOW (self), TRUE);
}

void
deck_restart_window_start (DeckRestartWindow *self)
{
  g_return_if_fail (DECK_IS_RESTART_WINDOW (self));
  g_return_if_fail (self->restart == NULL);

  self->restart = odfe_rolling_restart_new (self->kube, self->odfe, self->namespace,
                                            self->statefulset);
  odfe_rolling_restart_set_limit_allocation (self->restart,
                                             gtk_switch_get_active (self->limit_switch));
  if (self->health_seconds != 0)
    odfe_rolling_restart_set_timeouts (self->restart, self->health_seconds,
                                       self->ready_seconds);
  g_signal_connect_object (self->restart, "pod-state-changed",
                           G_CALLBACK (on_pod_state_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->restart, "notify::health", G_CALLBACK (on_health_changed),
                           self, G_CONNECT_SWAPPED);
  on_health_changed (self, NULL, self->restart);

  gtk_widget_set_visible (GTK_WIDGET (self->start_button), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "progress");
  gtk_window_set_deletable (GTK_WINDOW (self), FALSE);

  odfe_rolling_restart_run_async (self->restart, self->cancellable, run_done,
                                  g_object_ref (self));
}

void
deck_restart_window_set_timeouts (DeckRestartWindow *self,
                                  guint              health_seconds,
                                  guint              ready_seconds)
{
  g_return_if_fail (DECK_IS_RESTART_WINDOW (self));
  g_return_if_fail (health_seconds > 0 && ready_seconds > 0);

  self->health_seconds = health_seconds;
  self->ready_seconds = ready_seconds;
}

void
deck_restart_window_cancel (DeckRestartWindow *self)
{
  g_return_if_fail (DECK_IS_RESTART_WINDOW (self));
  g_return_if_fail (self->restart != NULL);

  odfe_rolling_restart_cancel (self->restart);
  gtk_button_set_label (self->dismiss_button, _("Stopping…"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->dismiss_button), FALSE);
}

static void
on_start_clicked (DeckRestartWindow *self)
{
  deck_restart_window_start (self);
}

static void
on_dismiss_clicked (DeckRestartWindow *self)
{
  if (self->restart != NULL && odfe_rolling_restart_get_running (self->restart))
    deck_restart_window_cancel (self);
  else
    gtk_window_close (GTK_WINDOW (self));
}

/* Closing while a pod is away would leave it half done: Cancel is the way out then. */
static gboolean
on_close_request (DeckRestartWindow *self)
{
  return self->restart != NULL && odfe_rolling_restart_get_running (self->restart);
}

GtkWidget *
deck_restart_window_new (GtkWindow  *parent,
                         KubeClient *kube,
                         OdfeClient *odfe,
                         const char *namespace,
                         const char *statefulset)
{
  DeckRestartWindow *self;
  g_autofree char *text = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KUBE_IS_CLIENT (kube), NULL);
  g_return_val_if_fail (ODFE_IS_CLIENT (odfe), NULL);
  g_return_val_if_fail (namespace != NULL && statefulset != NULL, NULL);

  self = g_object_new (DECK_TYPE_RESTART_WINDOW, "transient-for", parent, NULL);
  self->kube = g_object_ref (kube);
  self->odfe = g_object_ref (odfe);
  self->namespace = g_strdup (namespace);
  self->statefulset = g_strdup (statefulset);

  text = g_strdup_printf (_("Every pod of “%s” will be deleted and recreated, one at a time: "
                            "the highest ordinal first and the elected master last. Before "
                            "each deletion the cluster must be green and the pod restarted "
                            "last must be back and Ready. If a pod is not Ready in time, or "
                            "the cluster not green in time, the restart stops there with "
                            "the cluster still serving."), statefulset);
  gtk_label_set_text (self->confirm_label, text);

  return GTK_WIDGET (self);
}

OdfeRollingRestart *
deck_restart_window_get_restart (DeckRestartWindow *self)
{
  g_return_val_if_fail (DECK_IS_RESTART_WINDOW (self), NULL);

  return self->restart;
}

guint
deck_restart_window_get_n_rows (DeckRestartWindow *self)
{
  g_return_val_if_fail (DECK_IS_RESTART_WINDOW (self), 0);

  return self->row_pods->len;
}

const char *
deck_restart_window_get_row_pod (DeckRestartWindow *self,
                                 guint              index)
{
  g_return_val_if_fail (DECK_IS_RESTART_WINDOW (self), NULL);

  if (index >= self->row_pods->len)
    return NULL;

  return g_ptr_array_index (self->row_pods, index);
}

const char *
deck_restart_window_get_row_state (DeckRestartWindow *self,
                                   guint              index)
{
  g_return_val_if_fail (DECK_IS_RESTART_WINDOW (self), NULL);

  if (index >= self->row_labels->len)
    return NULL;

  return gtk_label_get_text (g_ptr_array_index (self->row_labels, index));
}

const char *
deck_restart_window_get_health_text (DeckRestartWindow *self)
{
  g_return_val_if_fail (DECK_IS_RESTART_WINDOW (self), NULL);

  return gtk_label_get_text (self->health_label);
}

const char *
deck_restart_window_get_outcome (DeckRestartWindow *self)
{
  g_return_val_if_fail (DECK_IS_RESTART_WINDOW (self), NULL);

  return self->outcome;
}

gboolean
deck_restart_window_get_succeeded (DeckRestartWindow *self)
{
  g_return_val_if_fail (DECK_IS_RESTART_WINDOW (self), FALSE);

  return self->succeeded;
}

GtkSwitch *
deck_restart_window_get_limit_switch (DeckRestartWindow *self)
{
  g_return_val_if_fail (DECK_IS_RESTART_WINDOW (self), NULL);

  return self->limit_switch;
}

static void
deck_restart_window_dispose (GObject *object)
{
  DeckRestartWindow *self = DECK_RESTART_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->restart != NULL)
    g_signal_handlers_disconnect_by_data (self->restart, self);
  g_clear_object (&self->restart);
  g_clear_object (&self->odfe);
  g_clear_object (&self->kube);

  gtk_widget_dispose_template (GTK_WIDGET (self), DECK_TYPE_RESTART_WINDOW);

  G_OBJECT_CLASS (deck_restart_window_parent_class)->dispose (object);
}

static void
deck_restart_window_finalize (GObject *object)
{
  DeckRestartWindow *self = DECK_RESTART_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->row_pods, g_ptr_array_unref);
  g_clear_pointer (&self->row_icons, g_ptr_array_unref);
  g_clear_pointer (&self->row_labels, g_ptr_array_unref);
  g_free (self->namespace);
  g_free (self->statefulset);
  g_free (self->outcome);

  G_OBJECT_CLASS (deck_restart_window_parent_class)->finalize (object);
}

static void
deck_restart_window_class_init (DeckRestartWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = deck_restart_window_dispose;
  object_class->finalize = deck_restart_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/searchdeck/Searchdeck/"
                                               "deck-restart-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckRestartWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DeckRestartWindow, confirm_label);
  gtk_widget_class_bind_template_child (widget_class, DeckRestartWindow, limit_switch);
  gtk_widget_class_bind_template_child (widget_class, DeckRestartWindow, start_button);
  gtk_widget_class_bind_template_child (widget_class, DeckRestartWindow, dismiss_button);
  gtk_widget_class_bind_template_child (widget_class, DeckRestartWindow, pod_list);
  gtk_widget_class_bind_template_child (widget_class, DeckRestartWindow, health_label);
  gtk_widget_class_bind_template_child (widget_class, DeckRestartWindow, outcome_label);
  gtk_widget_class_bind_template_callback (widget_class, on_start_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_dismiss_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
deck_restart_window_init (DeckRestartWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->row_pods = g_ptr_array_new_with_free_func (g_free);
  self->row_icons = g_ptr_array_new ();
  self->row_labels = g_ptr_array_new ();

  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request), NULL);
}
