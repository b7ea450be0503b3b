/* deck-create-assistant.c: the New Cluster assistant
 *
 * A modal window that walks through seven steps, listed in a sidebar that shows where the
 * user is and what is done: where the cluster goes, the cluster, each node's resources,
 * security, access, the review of every object with the preflight checks, and the
 * creation itself.  Each step is a page of its own (deck-create-*.c) that checks its fields
 * as they are typed and shows the problem at the field; Next stays insensitive until the
 * step is valid.  Later pages follow earlier ones where it helps: the new namespace is
 * named after the cluster, and the namespaces and StorageClasses listed are those of the
 * context chosen.
 *
 * When the cluster is green its admin password goes to the keyring under the keys the
 * Overview looks it up by (context, namespace, StatefulSet), a desktop notification says
 * so if the user is looking elsewhere, ::cluster-created lets the main window open it on
 * its Overview, and the assistant closes.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "kube-connection.h"

#include "deck-create-assistant.h"
#include "deck-credentials.h"

struct _DeckCreateAssistant
{
  AdwWindow            parent_instance;

  AdwWindowTitle      *window_title;
  GtkButton           *cancel_button;
  GtkButton           *back_button;
  GtkButton           *next_button;
  GtkListBox          *step_list;
  GtkStack            *stack;
  DeckCreateWhere     *where;
  DeckCreateCluster   *cluster;
  DeckCreateResources *resources;
  DeckCreateSecurity  *security;
  DeckCreateAccess    *access;
  DeckCreateReview    *review;
  DeckCreateProgress  *progress;

  /* Per step: the number shown until it is done, and the check shown after. */
  GtkWidget           *step_numbers[DECK_CREATE_N_STEPS];
  GtkWidget           *step_checks[DECK_CREATE_N_STEPS];

  KubeConfig          *config;
  KubeClient          *client;
  OdfeClusterSpec     *spec;
  GCancellable        *cancellable;
  DeckCreateStep       step;
  DeckCreateStep       furthest;
  /* Set while the step list's selection is made to follow the step shown. */
  gboolean             updating_steps;
  guint                timeout;

  /* The cluster being created, for the keyring and the main window. */
  char                *created_context;
  char                *created_namespace;
  char                *created_statefulset;
  GPtrArray           *statefulsets;
  guint                n_stored;
  gboolean             finished;
  char                *keyring_error;
};

G_DEFINE_FINAL_TYPE (DeckCreateAssistant, deck_create_assistant, ADW_TYPE_WINDOW)

enum {
  CLUSTER_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const step_names[DECK_CREATE_N_STEPS] = {
  "where", "cluster", "resources", "security", "access", "review", "create",
};

static const char *
step_title (DeckCreateStep step)
{
  switch (step)
    {
    case DECK_CREATE_STEP_WHERE:
      return _("Where");
    case DECK_CREATE_STEP_CLUSTER:
      return _("Cluster");
    case DECK_CREATE_STEP_RESOURCES:
      return _("Resources");
    case DECK_CREATE_STEP_SECURITY:
      return _("Security");
    case DECK_CREATE_STEP_ACCESS:
      return _("Access");
    case DECK_CREATE_STEP_REVIEW:
      return _("Review");
    case DECK_CREATE_STEP_CREATE:
    case DECK_CREATE_N_STEPS:
    default:
      return _("Create");
    }
}

static gboolean
step_is_valid (DeckCreateAssistant *self,
               DeckCreateStep       step)
{
  switch (step)
    {
    case DECK_CREATE_STEP_WHERE:
      return deck_create_where_get_valid (self->where);
    case DECK_CREATE_STEP_CLUSTER:
      return deck_create_cluster_get_valid (self->cluster);
    case DECK_CREATE_STEP_RESOURCES:
      return deck_create_resources_get_valid (self->resources);
    case DECK_CREATE_STEP_SECURITY:
      return deck_create_security_get_valid (self->security);
    case DECK_CREATE_STEP_ACCESS:
      return TRUE;
    case DECK_CREATE_STEP_REVIEW:
      return deck_create_review_get_can_create (self->review);
    case DECK_CREATE_STEP_CREATE:
    case DECK_CREATE_N_STEPS:
    default:
      return FALSE;
    }
}

/* The sentence that says why Next cannot be pressed (also shown at the field). */
static const char *
step_problem (DeckCreateAssistant *self,
              DeckCreateStep       step)
{
  switch (step)
    {
    case DECK_CREATE_STEP_WHERE:
      return deck_create_where_get_message (self->where);
    case DECK_CREATE_STEP_CLUSTER:
      return deck_create_cluster_get_message (self->cluster);
    case DECK_CREATE_STEP_RESOURCES:
      return deck_create_resources_get_message (self->resources) != NULL
             ? deck_create_resources_get_message (self->resources)
             : deck_create_resources_get_storage_message (self->resources);
    case DECK_CREATE_STEP_SECURITY:
      return deck_create_security_get_message (self->security);
    case DECK_CREATE_STEP_REVIEW:
      return deck_create_review_get_reason (self->review);
    case DECK_CREATE_STEP_ACCESS:
    case DECK_CREATE_STEP_CREATE:
    case DECK_CREATE_N_STEPS:
    default:
      return NULL;
    }
}

static gboolean
is_creating (DeckCreateAssistant *self)
{
  return deck_create_progress_get_running (self->progress);
}

/* The steps before @step are all valid: the user may jump to it. */
static gboolean
can_reach (DeckCreateAssistant *self,
           DeckCreateStep       step)
{
  if (step > self->furthest || step >= DECK_CREATE_STEP_CREATE)
    return FALSE;
  if (self->step == DECK_CREATE_STEP_CREATE
      && (is_creating (self) || deck_create_progress_get_succeeded (self->progress)))
    return FALSE;

  for (DeckCreateStep i = 0; i < step; i++)
    if (!step_is_valid (self, i))
      return FALSE;

  return TRUE;
}

static void
update_steps (DeckCreateAssistant *self)
{
  self->updating_steps = TRUE;
  for (DeckCreateStep i = 0; i < DECK_CREATE_N_STEPS; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->step_list, i);
      gboolean done = deck_create_assistant_get_step_done (self, i);

      gtk_widget_set_visible (self->step_checks[i], done);
      gtk_widget_set_visible (self->step_numbers[i], !done);
      gtk_widget_set_sensitive (GTK_WIDGET (row), i == self->step || can_reach (self, i));
      if (i == self->step)
        gtk_list_box_select_row (self->step_list, row);
    }
  self->updating_steps = FALSE;
}

static void
update_buttons (DeckCreateAssistant *self)
{
  gboolean creating = is_creating (self);
  gboolean created = deck_create_progress_get_succeeded (self->progress);
  gboolean on_create = self->step == DECK_CREATE_STEP_CREATE;

  gtk_widget_set_visible (GTK_WIDGET (self->back_button),
                          self->step > DECK_CREATE_STEP_WHERE && !creating && !created);
  if (creating)
    gtk_button_set_label (self->cancel_button, _("_Stop…"));
  else
    gtk_button_set_label (self->cancel_button, on_create ? _("_Close") : _("_Cancel"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button),
                            !deck_create_progress_get_stopping (self->progress));

  if (self->step == DECK_CREATE_STEP_REVIEW)
    gtk_button_set_label (self->next_button, _("C_reate"));
  else
    gtk_button_set_label (self->next_button, _("_Next"));
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), !on_create);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button),
                            !on_create && step_is_valid (self, self->step));


  adw_window_title_set_subtitle (self->window_title, step_title (self->step));
  update_steps (self);
}

/* Next's tooltip says why it cannot be pressed, asked when shown so that it is never stale. */
static gboolean
on_next_query_tooltip (DeckCreateAssistant *self,
                       int                  x,
                       int                  y,
                       gboolean             keyboard,
                       GtkTooltip          *tooltip)
{
  const char *problem;

  if (step_is_valid (self, self->step))
    return FALSE;

  problem = step_problem (self, self->step);
  if (problem == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, problem);

  return TRUE;
}

static void
on_validity_changed (DeckCreateAssistant *self)
{
  update_buttons (self);
}

/* The spec as the pages say. */
static void
apply_pages (DeckCreateAssistant *self)
{
  deck_create_where_apply (self->where, self->spec);
  deck_create_cluster_apply (self->cluster, self->spec);
  deck_create_resources_apply (self->resources, self->spec);
  deck_create_security_apply (self->security, self->spec);
  deck_create_access_apply (self->access, self->spec);
}

static void
show_step (DeckCreateAssistant *self,
           DeckCreateStep       step)
{
  DeckCreateStep previous = self->step;

  if (previous == DECK_CREATE_STEP_REVIEW && step != DECK_CREATE_STEP_REVIEW
      && step != DECK_CREATE_STEP_CREATE)
    deck_create_review_stop (self->review);

  self->step = step;
  self->furthest = MAX (self->furthest, step);
  gtk_stack_set_transition_type (self->stack, step > previous
                                 ? GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT
                                 : GTK_STACK_TRANSITION_TYPE_SLIDE_RIGHT);
  gtk_stack_set_visible_child_name (self->stack, step_names[step]);

  if (step == DECK_CREATE_STEP_REVIEW)
    {
      apply_pages (self);
      deck_create_review_prepare (self->review, self->client, self->spec);
    }

  update_buttons (self);

  /* The keyboard starts on the step's first field. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_child_focus (gtk_stack_get_visible_child (self->stack), GTK_DIR_TAB_FORWARD);
}

static void
remember_created (DeckCreateAssistant   *self,
                  const OdfeClusterSpec *spec,
                  GPtrArray             *objects)
{
  g_free (self->created_context);
  self->created_context = g_strdup (deck_create_where_get_context (self->where));
  g_free (self->created_namespace);
  self->created_namespace = g_strdup (spec->namespace);
  g_clear_pointer (&self->created_statefulset, g_free);
  g_ptr_array_set_size (self->statefulsets, 0);

  /* The sidebar lists the cluster by its StatefulSets; the one that is not only masters
   * is the one opened. */
  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject *object = json_node_get_object (objects->pdata[i]);
      JsonObject *metadata = json_object_get_object_member (object, "metadata");
      const char *kind = json_object_get_string_member_with_default (object, "kind", "");
      const char *name = metadata != NULL
        ? json_object_get_string_member_with_default (metadata, "name", NULL) : NULL;

      if (!g_str_equal (kind, "StatefulSet") || name == NULL)
        continue;
      g_ptr_array_add (self->statefulsets, g_strdup (name));
      if (self->created_statefulset == NULL || g_str_equal (name, "elasticsearch"))
        {
          g_free (self->created_statefulset);
          self->created_statefulset = g_strdup (name);
        }
    }
}

static void
start_creation (DeckCreateAssistant *self)
{
  const OdfeClusterSpec *spec = deck_create_review_get_spec (self->review);
  GPtrArray *objects = deck_create_review_get_objects (self->review);

  g_return_if_fail (spec != NULL && objects != NULL);

  remember_created (self, spec, objects);
  show_step (self, DECK_CREATE_STEP_CREATE);
  deck_create_progress_start (self->progress, self->client, spec, objects,
                              deck_create_review_get_ca_pem (self->review),
                              deck_create_review_get_keep_on_failure (self->review),
                              self->timeout);
  update_buttons (self);
}

/* The Review's way out of a Pod Security refusal: the Access step's switch, then the
 * Review again with the objects made without the privileged init container. */
static void
on_unprivileged_chosen (DeckCreateAssistant *self)
{
  deck_create_access_set_non_root (self->access, TRUE);
  apply_pages (self);
  deck_create_review_prepare (self->review, self->client, self->spec);
  update_buttons (self);
}

static void
on_next_clicked (DeckCreateAssistant *self)
{
  deck_create_assistant_next (self);
}

static void
on_back_clicked (DeckCreateAssistant *self)
{
  deck_create_assistant_back (self);
}

static void
on_step_selected (DeckCreateAssistant *self,
                  GtkListBoxRow       *row)
{
  if (row == NULL || self->updating_steps)
    return;

  /* A step that cannot be reached yet: the current one stays highlighted. */
  if (!deck_create_assistant_go_to (self, gtk_list_box_row_get_index (row)))
    update_steps (self);
}

static void
make_client (DeckCreateAssistant *self)
{
  g_autoptr(KubeConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  const char *context = deck_create_where_get_context (self->where);

  g_clear_object (&self->client);
  if (context != NULL)
    {
      connection = kube_connection_new (self->config, context, &error);
      if (connection != NULL)
        self->client = kube_client_new (connection);
    }

  deck_create_where_set_client (self->where, self->client, error);
  deck_create_resources_set_client (self->resources, self->client);
  update_buttons (self);
}

static void
on_context_changed (DeckCreateAssistant *self)
{
  make_client (self);
}

static void
on_name_changed (DeckCreateAssistant *self)
{
  deck_create_where_set_cluster_name (self->where, deck_create_cluster_get_name (self->cluster));
}

/* Until the user names the cluster, propose a name whose namespace does not exist yet. */
static void
on_namespace_changed (DeckCreateAssistant *self)
{
  const char *name = deck_create_cluster_get_name (self->cluster);

  if (deck_create_cluster_get_name_edited (self->cluster)
      || !deck_create_where_get_namespaces_known (self->where)
      || !deck_create_where_namespace_exists (self->where, name))
    return;

  for (guint i = 2; i < 100; i++)
    {
      g_autofree char *candidate = g_strdup_printf ("search-%u", i);

      if (!deck_create_where_namespace_exists (self->where, candidate))
        {
          deck_create_cluster_propose_name (self->cluster, candidate);
          return;
        }
    }
}

static void
send_notification (DeckCreateAssistant *self)
{
  GApplication *app = g_application_get_default ();
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  /* Only someone looking elsewhere needs telling. */
  if (app == NULL || gtk_window_is_active (GTK_WINDOW (self))
      || (parent != NULL && gtk_window_is_active (parent)))
    return;

  title = g_strdup_printf (_("“%s” Is Ready"),
                           deck_create_review_get_spec (self->review)->name);
  body = g_strdup_printf (_("The search cluster in the namespace “%s” is up and green."),
                          self->created_namespace);
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_application_send_notification (app, "cluster-created", notification);
}

static void
finish (DeckCreateAssistant *self)
{
  self->finished = TRUE;
  send_notification (self);

  g_signal_emit (self, signals[CLUSTER_CREATED], 0, self->created_context,
                 self->created_namespace, self->created_statefulset);

  /* Without the keyring the Overview will ask for the password: the assistant stays to
   * say so. */
  if (self->keyring_error != NULL)
    {
      g_autofree char *note = NULL;

      note = g_strdup_printf (_("The password could not be kept in the keyring (%s), so the "
                                "Overview will ask for it."), self->keyring_error);
      deck_create_progress_set_note (self->progress, note);
      update_buttons (self);
      return;
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
password_stored (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DeckCreateAssistant) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!deck_credentials_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("The new cluster’s password could not be kept: %s", error->message);
      if (self->keyring_error == NULL)
        self->keyring_error = g_strdup (error->message);
    }

  if (++self->n_stored == self->statefulsets->len)
    finish (self);
}

static void
on_creation_finished (DeckCreateAssistant *self,
                      gboolean             succeeded)
{
  const OdfeClusterSpec *spec = deck_create_review_get_spec (self->review);

  update_buttons (self);
  if (!succeeded)
    return;

  /* The password under each StatefulSet the sidebar may show, so that none asks for it. */
  self->n_stored = 0;
  for (guint i = 0; i < self->statefulsets->len; i++)
    {
      DeckClusterRef ref = {
        self->created_context, self->created_namespace, self->statefulsets->pdata[i]
      };

      deck_credentials_store_async (&ref, "admin", spec->admin_password, self->cancellable,
                                    password_stored, g_object_ref (self));
    }
  if (self->statefulsets->len == 0)
    finish (self);
}

static void
on_stop_response (DeckCreateAssistant *self,
                  const char          *response)
{
  if (g_strcmp0 (response, "stop") == 0)
    deck_create_progress_stop (self->progress);
}

/* Asks before stopping a creation under way. */
static void
confirm_stop (DeckCreateAssistant *self)
{
  GtkWidget *dialog;
  gboolean keep = deck_create_review_get_keep_on_failure (self->review);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Stop Creating the Cluster?"),
                                   keep ? _("What was created so far is kept for inspection.")
                                        : _("What was created so far is deleted again."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "continue", _("_Continue Creating"),
                                    "stop", _("_Stop"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "stop",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_stop_response), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
deck_create_assistant_map (GtkWidget *widget)
{
  DeckCreateAssistant *self = DECK_CREATE_ASSISTANT (widget);

  GTK_WIDGET_CLASS (deck_create_assistant_parent_class)->map (widget);

  /* Shown: the keyboard starts on the first field, not on Cancel. */
  gtk_widget_child_focus (gtk_stack_get_visible_child (self->stack), GTK_DIR_TAB_FORWARD);
}

static gboolean
deck_create_assistant_close_request (GtkWindow *window)
{
  DeckCreateAssistant *self = DECK_CREATE_ASSISTANT (window);

  /* While objects are being created the window stays, so that nothing is left half made
   * behind the user's back: closing offers to stop, which deletes what was made. */
  if (is_creating (self))
    {
      if (!deck_create_progress_get_stopping (self->progress))
        confirm_stop (self);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (deck_create_assistant_parent_class)->close_request (window);
}

void
deck_create_assistant_set_timeout (DeckCreateAssistant *self,
                                   guint                seconds)
{
  g_return_if_fail (DECK_IS_CREATE_ASSISTANT (self));

  self->timeout = seconds;
}

DeckCreateStep
deck_create_assistant_get_step (DeckCreateAssistant *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_ASSISTANT (self), DECK_CREATE_STEP_WHERE);

  return self->step;
}

gboolean
deck_create_assistant_get_can_next (DeckCreateAssistant *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_ASSISTANT (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->next_button))
         && gtk_widget_get_sensitive (GTK_WIDGET (self->next_button));
}

gboolean
deck_create_assistant_get_can_back (DeckCreateAssistant *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_ASSISTANT (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->back_button));
}

const char *
deck_create_assistant_get_next_label (DeckCreateAssistant *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_ASSISTANT (self), NULL);

  return gtk_button_get_label (self->next_button);
}

void
deck_create_assistant_next (DeckCreateAssistant *self)
{
  g_return_if_fail (DECK_IS_CREATE_ASSISTANT (self));

  if (!deck_create_assistant_get_can_next (self))
    return;

  if (self->step == DECK_CREATE_STEP_REVIEW)
    start_creation (self);
  else
    show_step (self, self->step + 1);
}

void
deck_create_assistant_back (DeckCreateAssistant *self)
{
  g_return_if_fail (DECK_IS_CREATE_ASSISTANT (self));

  if (!deck_create_assistant_get_can_back (self))
    return;

  /* From a failed creation, back to the review and its checks. */
  show_step (self, self->step == DECK_CREATE_STEP_CREATE ? DECK_CREATE_STEP_REVIEW
                                                          : self->step - 1);
}

gboolean
deck_create_assistant_go_to (DeckCreateAssistant *self,
                             DeckCreateStep       step)
{
  g_return_val_if_fail (DECK_IS_CREATE_ASSISTANT (self), FALSE);

  if (step == self->step)
    return TRUE;
  if (!can_reach (self, step))
    return FALSE;

  show_step (self, step);

  return TRUE;
}

gboolean
deck_create_assistant_get_step_done (DeckCreateAssistant *self,
                                     DeckCreateStep       step)
{
  g_return_val_if_fail (DECK_IS_CREATE_ASSISTANT (self), FALSE);

  if (step == DECK_CREATE_STEP_CREATE)
    return deck_create_progress_get_succeeded (self->progress);
  if (step == DECK_CREATE_STEP_REVIEW)
    return self->furthest > step;

  return step < self->furthest && step_is_valid (self, step);
}

DeckCreateWhere *
deck_create_assistant_get_where (DeckCreateAssistant *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_ASSISTANT (self), NULL);

  return self->where;
}

DeckCreateCluster *
deck_create_assistant_get_cluster (DeckCreateAssistant *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_ASSISTANT (self), NULL);

  return self->cluster;
}

DeckCreateResources *
deck_create_assistant_get_resources (DeckCreateAssistant *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_ASSISTANT (self), NULL);

  return self->resources;
}

DeckCreateSecurity *
deck_create_assistant_get_security (DeckCreateAssistant *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_ASSISTANT (self), NULL);

  return self->security;
}

DeckCreateAccess *
deck_create_assistant_get_access (DeckCreateAssistant *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_ASSISTANT (self), NULL);

  return self->access;
}

DeckCreateReview *
deck_create_assistant_get_review (DeckCreateAssistant *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_ASSISTANT (self), NULL);

  return self->review;
}

DeckCreateProgress *
deck_create_assistant_get_progress (DeckCreateAssistant *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_ASSISTANT (self), NULL);

  return self->progress;
}

gboolean
deck_create_assistant_get_finished (DeckCreateAssistant *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_ASSISTANT (self), FALSE);

  return self->finished;
}

const char *
deck_create_assistant_get_keyring_error (DeckCreateAssistant *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_ASSISTANT (self), NULL);

  return self->keyring_error;
}

static void
deck_create_assistant_dispose (GObject *object)
{
  DeckCreateAssistant *self = DECK_CREATE_ASSISTANT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->config);

  gtk_widget_dispose_template (GTK_WIDGET (self), DECK_TYPE_CREATE_ASSISTANT);

  G_OBJECT_CLASS (deck_create_assistant_parent_class)->dispose (object);
}

static void
deck_create_assistant_finalize (GObject *object)
{
  DeckCreateAssistant *self = DECK_CREATE_ASSISTANT (object);

  g_clear_pointer (&self->spec, odfe_cluster_spec_free);
  g_clear_pointer (&self->statefulsets, g_ptr_array_unref);
  g_free (self->created_context);
  g_free (self->created_namespace);
  g_free (self->created_statefulset);
  g_free (self->keyring_error);

  G_OBJECT_CLASS (deck_create_assistant_parent_class)->finalize (object);
}

static void
deck_create_assistant_class_init (DeckCreateAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = deck_create_assistant_dispose;
  object_class->finalize = deck_create_assistant_finalize;
  window_class->close_request = deck_create_assistant_close_request;
  widget_class->map = deck_create_assistant_map;

  /**
   * DeckCreateAssistant::cluster-created:
   * @context: the kubeconfig context
   * @namespace: the cluster's namespace
   * @statefulset: the StatefulSet the sidebar lists the cluster by
   */
  signals[CLUSTER_CREATED] =
    g_signal_new ("cluster-created",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  g_type_ensure (DECK_TYPE_CREATE_WHERE);
  g_type_ensure (DECK_TYPE_CREATE_CLUSTER);
  g_type_ensure (DECK_TYPE_CREATE_RESOURCES);
  g_type_ensure (DECK_TYPE_CREATE_SECURITY);
  g_type_ensure (DECK_TYPE_CREATE_ACCESS);
  g_type_ensure (DECK_TYPE_CREATE_REVIEW);
  g_type_ensure (DECK_TYPE_CREATE_PROGRESS);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/deck-create-assistant.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckCreateAssistant, window_title);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateAssistant, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateAssistant, back_button);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateAssistant, next_button);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateAssistant, step_list);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateAssistant, stack);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateAssistant, where);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateAssistant, cluster);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateAssistant, resources);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateAssistant, security);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateAssistant, access);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateAssistant, review);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateAssistant, progress);
  gtk_widget_class_bind_template_callback (widget_class, on_next_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_step_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_next_query_tooltip);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
add_step_rows (DeckCreateAssistant *self)
{
  for (DeckCreateStep i = 0; i < DECK_CREATE_N_STEPS; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *title = gtk_label_new (step_title (i));

      self->step_numbers[i] = gtk_label_new (number);
      gtk_widget_add_css_class (self->step_numbers[i], "create-step-number");
      gtk_widget_add_css_class (self->step_numbers[i], "numeric");
      self->step_checks[i] = gtk_image_new_from_icon_name ("emblem-ok-symbolic");
      gtk_widget_add_css_class (self->step_checks[i], "create-step-done");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->step_checks[i]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Done"), -1);
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_widget_set_hexpand (title, TRUE);

      gtk_box_append (GTK_BOX (box), self->step_numbers[i]);
      gtk_box_append (GTK_BOX (box), self->step_checks[i]);
      gtk_box_append (GTK_BOX (box), title);
      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_list_box_append (self->step_list, row);
    }
}

static void
deck_create_assistant_init (DeckCreateAssistant *self)
{
  GObject *validated[4];

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->statefulsets = g_ptr_array_new_with_free_func (g_free);
  self->spec = odfe_cluster_spec_new ();

  add_step_rows (self);

  /* The pages start from the odfe layer's defaults. */
  deck_create_cluster_set_node_count (self->cluster, self->spec->node_count);
  deck_create_cluster_propose_name (self->cluster, "search");
  deck_create_resources_set_spec (self->resources, self->spec);
  deck_create_security_set_spec (self->security, self->spec);
  deck_create_access_set_spec (self->access, self->spec);

  validated[0] = G_OBJECT (self->where);
  validated[1] = G_OBJECT (self->cluster);
  validated[2] = G_OBJECT (self->resources);
  validated[3] = G_OBJECT (self->security);
  for (guint i = 0; i < G_N_ELEMENTS (validated); i++)
    g_signal_connect_object (validated[i], "notify::valid",
                             G_CALLBACK (on_validity_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->review, "unprivileged-chosen",
                           G_CALLBACK (on_unprivileged_chosen), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->review, "notify::can-create",
                           G_CALLBACK (on_validity_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->review, "notify::reason",
                           G_CALLBACK (on_validity_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->progress, "notify::running",
                           G_CALLBACK (on_validity_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->progress, "finished",
                           G_CALLBACK (on_creation_finished), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->where, "notify::context",
                           G_CALLBACK (on_context_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->where, "notify::namespace",
                           G_CALLBACK (on_namespace_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->cluster, "notify::name",
                           G_CALLBACK (on_name_changed), self, G_CONNECT_SWAPPED);

  on_name_changed (self);
  show_step (self, DECK_CREATE_STEP_WHERE);
}

GtkWidget *
deck_create_assistant_new (GtkWindow  *parent,
                           KubeConfig *config,
                           const char *context)
{
  DeckCreateAssistant *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KUBE_IS_CONFIG (config), NULL);

  self = g_object_new (DECK_TYPE_CREATE_ASSISTANT,
                       "transient-for", parent,
                       NULL);
  self->config = g_object_ref (config);
  deck_create_where_set_config (self->where, config, context);

  return GTK_WIDGET (self);
}
