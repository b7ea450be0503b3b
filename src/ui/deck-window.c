/* deck-window.c: the main window, a sidebar of kubeconfig contexts beside
 * the content for the chosen one
 *
 * The window reads the kubeconfig exactly as kubectl would ($KUBECONFIG,
 * else ~/.kube/config), in a worker thread so that a slow home directory
 * never freezes it, and reads it again whenever one of those files changes
 * on disk.  What it shows follows from the outcome: the contexts, or a status
 * page saying there is no kubeconfig, or naming the file, line and problem
 * of one that cannot be read.  A reload keeps the chosen context when it
 * still exists.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "kube-config.h"
#include "kube-config-monitor.h"

#include "kube-client.h"
#include "kube-connection.h"

#include "deck-cluster-list.h"
#include "deck-cluster-page.h"
#include "deck-context-page.h"
#include "deck-context-row.h"
#include "deck-create-assistant.h"
#include "deck-window.h"

struct _DeckWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template children */
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkWidget            *content;
  GtkListBox           *context_list;
  GtkLabel             *contexts_heading;
  AdwViewSwitcherTitle *content_title;
  GtkStack             *stack;
  AdwStatusPage        *no_kubeconfig_page;
  AdwStatusPage        *no_contexts_page;
  AdwStatusPage        *demo_failed_page;
  GtkSpinner           *demo_spinner;
  AdwWindowTitle       *sidebar_title;
  GtkLabel             *malformed_location;
  GtkButton            *malformed_reload;
  DeckContextPage      *context_page;
  DeckClusterList      *cluster_list;
  DeckClusterPage      *cluster_page;
  GtkButton            *restart_button;

  GSettings            *settings;
  char                **paths;
  KubeConfigMonitor    *monitor;
  KubeConfig           *config;
  /* The API server of the context shown, when it can be reached at all. */
  KubeClient           *client;
  GCancellable         *load_cancellable;
  /* While a cluster is shown: the check that enables Restart the Cluster. */

  /* Set while the sidebar is being rebuilt, so that the selection changes
   * that causes are not taken for the user's choice. */
  gboolean              rebuilding;
};

G_DEFINE_FINAL_TYPE (DeckWindow, deck_window, ADW_TYPE_APPLICATION_WINDOW)

static void on_config_changed  (DeckWindow *self);
static void deck_window_reload (DeckWindow *self);

static void
load_config_in_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  const char * const *paths = task_data;
  GError *error = NULL;
  KubeConfig *config;

  config = kube_config_load (paths, &error);
  if (config == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, config, g_object_unref);
}

static char *
describe_paths (const char * const *paths)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (paths[i], -1);

      if (i > 0)
        g_string_append (list, ", ");
      g_string_append_printf (list, "<tt>%s</tt>", escaped);
    }

  return g_string_free (g_steal_pointer (&list), FALSE);
}

static void
show_state (DeckWindow *self,
            const char *state)
{
  gtk_stack_set_visible_child_name (self->stack, state);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-cluster", FALSE);
  gtk_spinner_set_spinning (self->demo_spinner, g_strcmp0 (state, "demo-starting") == 0);

  /* A status page has nothing to do with the sidebar: when the window is
   * narrow, show it rather than an empty list. */
  if (g_strcmp0 (state, "context") != 0)
    adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
show_no_kubeconfig (DeckWindow *self)
{
  g_autofree char *paths = describe_paths ((const char * const *) self->paths);
  g_autofree char *description = NULL;

  description = g_strdup_printf (_("Searchdeck reads the kubeconfig that kubectl reads, and found "
                                   "none: it looked for %s. Create one with your cloud "
                                   "provider’s tools or with <tt>kubectl config</tt>, or set "
                                   "<tt>KUBECONFIG</tt>; Searchdeck will notice it at once."),
                                 paths);
  adw_status_page_set_description (self->no_kubeconfig_page, description);
  adw_view_switcher_title_set_title (self->content_title, _("Searchdeck"));
  adw_view_switcher_title_set_subtitle (self->content_title, NULL);
  show_state (self, "no-kubeconfig");
}

static void
show_malformed (DeckWindow   *self,
                const GError *error)
{
  gtk_label_set_text (self->malformed_location, error->message);
  /* A focused selectable label selects all of itself; start on Reload. */
  gtk_widget_grab_focus (GTK_WIDGET (self->malformed_reload));
  adw_view_switcher_title_set_title (self->content_title, _("Searchdeck"));
  adw_view_switcher_title_set_subtitle (self->content_title, NULL);
  show_state (self, "malformed");
}

static void
show_no_contexts (DeckWindow *self)
{
  g_autofree char *paths = NULL;
  g_autofree char *description = NULL;

  paths = describe_paths (kube_config_get_sources (self->config));
  description = g_strdup_printf (_("The kubeconfig (%s) defines no contexts. Add one with "
                                   "<tt>kubectl config set-context</tt> or your cloud "
                                   "provider’s tools."),
                                 paths);
  adw_status_page_set_description (self->no_contexts_page, description);
  adw_view_switcher_title_set_title (self->content_title, _("Searchdeck"));
  adw_view_switcher_title_set_subtitle (self->content_title, NULL);
  show_state (self, "no-contexts");
}

static void
show_context (DeckWindow *self,
              const char *name)
{
  KubeContext *context = kube_config_lookup_context (self->config, name);
  g_autoptr(KubeConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  /* One client per context shown: a reload of the kubeconfig may have
   * changed its server or credentials. */
  g_clear_object (&self->client);
  connection = kube_connection_new (self->config, name, &error);
  if (connection != NULL)
    self->client = kube_client_new (connection);

  deck_context_page_set_context (self->context_page, self->config, name, self->client, error);
  deck_cluster_list_set_client (self->cluster_list, self->client,
                                context != NULL ? context->namespace : NULL);
  deck_cluster_page_set_cluster (self->cluster_page, NULL, NULL, NULL);
  adw_view_switcher_title_set_title (self->content_title, name);
  adw_view_switcher_title_set_subtitle (self->content_title,
                                        context != NULL && context->namespace != NULL
                                        ? context->namespace : "default");
  gtk_stack_set_visible_child_name (self->stack, "context");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-cluster", TRUE);
}

static void
clear_context_list (DeckWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->context_list))) != NULL)
    gtk_list_box_remove (self->context_list, child);
}

static GtkListBoxRow *
find_row (DeckWindow *self,
          const char *name)
{
  if (name == NULL)
    return NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->context_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (DECK_IS_CONTEXT_ROW (child)
          && g_strcmp0 (deck_context_row_get_name (DECK_CONTEXT_ROW (child)), name) == 0)
        return GTK_LIST_BOX_ROW (child);
    }

  return NULL;
}

static void
rebuild_sidebar (DeckWindow *self,
                 const char *previous)
{
  g_autofree char *last = g_settings_get_string (self->settings, "last-context");
  const char *current = kube_config_get_current_context (self->config);
  GPtrArray *contexts = kube_config_get_contexts (self->config);
  GtkListBoxRow *row = NULL;

  self->rebuilding = TRUE;

  clear_context_list (self);
  for (guint i = 0; i < contexts->len; i++)
    {
      KubeContext *context = g_ptr_array_index (contexts, i);

      gtk_list_box_append (self->context_list,
                           deck_context_row_new (self->config, context,
                                                 g_strcmp0 (context->name, current) == 0));
    }

  /* Keep what the user was looking at; else go back to where they were last
   * time; else start where kubectl would. */
  row = find_row (self, previous);
  if (row == NULL)
    row = find_row (self, last);
  if (row == NULL)
    row = find_row (self, current);
  if (row == NULL)
    row = gtk_list_box_get_row_at_index (self->context_list, 0);

  gtk_list_box_select_row (self->context_list, row);
  self->rebuilding = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->contexts_heading), contexts->len > 0);

  if (row == NULL)
    show_no_contexts (self);
  else
    show_context (self, deck_context_row_get_name (DECK_CONTEXT_ROW (row)));
}

static void
load_config_done (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DeckWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KubeConfig) config = NULL;
  g_autofree char *previous = NULL;

  config = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->load_cancellable);

  previous = g_strdup (deck_window_get_selected_context (self));
  g_set_object (&self->config, config);

  if (config != NULL)
    {
      rebuild_sidebar (self, previous);
      return;
    }

  self->rebuilding = TRUE;
  clear_context_list (self);
  self->rebuilding = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->contexts_heading), FALSE);
  deck_context_page_set_context (self->context_page, NULL, NULL, NULL, NULL);
  deck_cluster_list_set_client (self->cluster_list, NULL, NULL);
  deck_cluster_page_set_cluster (self->cluster_page, NULL, NULL, NULL);
  g_clear_object (&self->client);

  if (g_error_matches (error, KUBE_CONFIG_ERROR, KUBE_CONFIG_ERROR_NOT_FOUND))
    show_no_kubeconfig (self);
  else
    {
      g_debug ("The kubeconfig cannot be read: %s", error->message);
      show_malformed (self, error);
    }
}

static void
deck_window_reload (DeckWindow *self)
{
  g_autoptr(GTask) task = NULL;

  /* A newer read supersedes one still under way. */
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  task = g_task_new (NULL, self->load_cancellable, load_config_done, g_object_ref (self));
  g_task_set_source_tag (task, deck_window_reload);
  g_task_set_task_data (task, g_strdupv (self->paths), (GDestroyNotify) g_strfreev);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, load_config_in_thread);
}

static void
watch_paths (DeckWindow *self)
{
  g_clear_object (&self->monitor);
  self->monitor = kube_config_monitor_new ((const char * const *) self->paths);
  g_signal_connect_object (self->monitor, "changed",
                           G_CALLBACK (on_config_changed), self, G_CONNECT_SWAPPED);
}

void
deck_window_use_kubeconfig (DeckWindow *self,
                            const char *path,
                            gboolean    is_demo)
{
  g_return_if_fail (DECK_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  g_strfreev (self->paths);
  self->paths = g_new0 (char *, 2);
  self->paths[0] = g_strdup (path);

  adw_window_title_set_subtitle (self->sidebar_title, is_demo ? _("Demo") : NULL);

  watch_paths (self);
  deck_window_reload (self);
}

void
deck_window_show_demo_starting (DeckWindow *self)
{
  g_return_if_fail (DECK_IS_WINDOW (self));

  /* The user's own kubeconfig is left behind: stop reading and watching it,
   * so that it cannot take the window back from the demo. */
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->monitor);
  g_clear_object (&self->config);
  self->rebuilding = TRUE;
  clear_context_list (self);
  self->rebuilding = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->contexts_heading), FALSE);
  deck_context_page_set_context (self->context_page, NULL, NULL, NULL, NULL);
  deck_cluster_list_set_client (self->cluster_list, NULL, NULL);
  deck_cluster_page_set_cluster (self->cluster_page, NULL, NULL, NULL);
  g_clear_object (&self->client);
  adw_view_switcher_title_set_title (self->content_title, _("Searchdeck"));
  adw_view_switcher_title_set_subtitle (self->content_title, NULL);

  show_state (self, "demo-starting");
}

void
deck_window_show_demo_failure (DeckWindow   *self,
                               const GError *error)
{
  g_return_if_fail (DECK_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  adw_status_page_set_description (self->demo_failed_page, error->message);
  show_state (self, "demo-failed");
}

static void
on_config_changed (DeckWindow *self)
{
  g_debug ("A kubeconfig file changed; reading it again");
  deck_window_reload (self);
}

static void
on_context_row_selected (DeckWindow    *self,
                         GtkListBoxRow *row)
{
  const char *name;

  if (row == NULL || self->rebuilding || self->config == NULL)
    return;

  name = deck_context_row_get_name (DECK_CONTEXT_ROW (row));
  g_settings_set_string (self->settings, "last-context", name);
  show_context (self, name);
}

static void
on_context_row_activated (DeckWindow    *self,
                          GtkListBoxRow *row)
{
  /* Back from a cluster to its context. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "cluster") == 0)
    {
      const char *name = deck_context_row_get_name (DECK_CONTEXT_ROW (row));
      KubeContext *context = kube_config_lookup_context (self->config, name);

      deck_cluster_list_unselect (self->cluster_list);
      deck_cluster_page_set_cluster (self->cluster_page, NULL, NULL, NULL);
      adw_view_switcher_title_set_title (self->content_title, name);
      adw_view_switcher_title_set_subtitle (self->content_title,
                                            context != NULL && context->namespace != NULL
                                            ? context->namespace : "default");
      gtk_stack_set_visible_child_name (self->stack, "context");
    }

  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
on_cluster_selected (DeckWindow *self,
                     const char *namespace,
                     const char *name)
{
  deck_cluster_page_set_client (self->cluster_page, self->client,
                                deck_window_get_selected_context (self));
  deck_cluster_page_set_cluster (self->cluster_page,
                                 deck_cluster_list_get_store (self->cluster_list),
                                 namespace, name);
  adw_view_switcher_title_set_title (self->content_title, name);
  adw_view_switcher_title_set_subtitle (self->content_title, namespace);
  gtk_stack_set_visible_child_name (self->stack, "cluster");
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

/* Restart the Cluster is possible only once the Overview has reached the search cluster:
 * the cluster page says when (:can-restart). */
static void
check_restart (DeckWindow *self)
{
  gboolean cluster = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "cluster") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.restart-cluster",
                                 cluster
                                 && deck_cluster_page_get_can_restart (self->cluster_page));
}

/* The header switches between a cluster's views, and offers to restart it, only while one
 * is shown. */
static void
on_visible_page_changed (DeckWindow *self)
{
  gboolean cluster = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "cluster") == 0;

  adw_view_switcher_title_set_stack (self->content_title,
                                     cluster ? deck_cluster_page_get_views (self->cluster_page)
                                             : NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->restart_button), cluster);
  check_restart (self);
}

static void
restart_cluster_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DeckWindow *self = DECK_WINDOW (widget);

  deck_cluster_page_open_restart (self->cluster_page, GTK_WINDOW (self));
}

static void
on_cluster_created (DeckWindow *self,
                    const char *context,
                    const char *namespace,
                    const char *name)
{
  deck_window_open_cluster (self, context, namespace, name);
}

static void
new_cluster_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DeckWindow *self = DECK_WINDOW (widget);
  GtkWidget *assistant;

  if (self->config == NULL)
    return;

  assistant = deck_create_assistant_new (GTK_WINDOW (self), self->config,
                                         deck_window_get_selected_context (self));
  g_signal_connect_object (assistant, "cluster-created", G_CALLBACK (on_cluster_created),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (assistant));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  deck_window_reload (DECK_WINDOW (widget));
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DeckWindow *self = DECK_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

static void
save_window_state (DeckWindow *self)
{
  int width;
  int height;

  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));

  /* A maximized window's size is the screen's: keep the size it returns to. */
  if (gtk_window_is_maximized (GTK_WINDOW (self)))
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
}

static gboolean
deck_window_close_request (GtkWindow *window)
{
  save_window_state (DECK_WINDOW (window));

  return GTK_WINDOW_CLASS (deck_window_parent_class)->close_request (window);
}

static void
deck_window_constructed (GObject *object)
{
  DeckWindow *self = DECK_WINDOW (object);
  GtkApplication *app;

  G_OBJECT_CLASS (deck_window_parent_class)->constructed (object);

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (DECK_IS_APPLICATION (app))
    self->settings = g_object_ref (deck_application_get_settings (DECK_APPLICATION (app)));
  else
    self->settings = g_settings_new (APPLICATION_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->paths = kube_config_default_paths ();
  watch_paths (self);

  deck_window_reload (self);
}

static void
deck_window_dispose (GObject *object)
{
  DeckWindow *self = DECK_WINDOW (object);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->monitor);
  g_clear_object (&self->client);

  gtk_widget_dispose_template (GTK_WIDGET (self), DECK_TYPE_WINDOW);

  G_OBJECT_CLASS (deck_window_parent_class)->dispose (object);
}

static void
deck_window_finalize (GObject *object)
{
  DeckWindow *self = DECK_WINDOW (object);

  g_clear_object (&self->config);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->paths, g_strfreev);

  G_OBJECT_CLASS (deck_window_parent_class)->finalize (object);
}

static void
deck_window_class_init (DeckWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = deck_window_constructed;
  object_class->dispose = deck_window_dispose;
  object_class->finalize = deck_window_finalize;

  window_class->close_request = deck_window_close_request;

  g_type_ensure (DECK_TYPE_CONTEXT_PAGE);
  g_type_ensure (DECK_TYPE_CLUSTER_LIST);
  g_type_ensure (DECK_TYPE_CLUSTER_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/deck-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, content);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, context_list);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, contexts_heading);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, no_kubeconfig_page);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, no_contexts_page);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, demo_failed_page);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, demo_spinner);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, malformed_location);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, malformed_reload);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, context_page);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, cluster_list);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, cluster_page);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, restart_button);
  gtk_widget_class_bind_template_callback (widget_class, on_cluster_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_context_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_context_row_activated);

  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.restart-cluster", NULL,
                                   restart_cluster_action);
  gtk_widget_class_install_action (widget_class, "win.new-cluster", NULL, new_cluster_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-cluster", NULL);
}

static void
deck_window_init (DeckWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.restart-cluster", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-cluster", FALSE);
  g_signal_connect_object (self->stack, "notify::visible-child-name",
                           G_CALLBACK (on_visible_page_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->cluster_page, "notify::can-restart",
                           G_CALLBACK (check_restart), self, G_CONNECT_SWAPPED);
}

DeckWindow *
deck_window_new (DeckApplication *application)
{
  return g_object_new (DECK_TYPE_WINDOW, "application", application, NULL);
}

const char *
deck_window_get_state (DeckWindow *self)
{
  g_return_val_if_fail (DECK_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
deck_window_get_selected_context (DeckWindow *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (DECK_IS_WINDOW (self), NULL);

  row = gtk_list_box_get_selected_row (self->context_list);

  return row != NULL ? deck_context_row_get_name (DECK_CONTEXT_ROW (row)) : NULL;
}

gboolean
deck_window_select_context (DeckWindow *self,
                            const char *name)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (DECK_IS_WINDOW (self), FALSE);

  row = find_row (self, name);
  if (row == NULL)
    return FALSE;

  gtk_list_box_select_row (self->context_list, row);

  return TRUE;
}

GtkListBox *
deck_window_get_context_list (DeckWindow *self)
{
  g_return_val_if_fail (DECK_IS_WINDOW (self), NULL);

  return self->context_list;
}

DeckClusterList *
deck_window_get_cluster_list (DeckWindow *self)
{
  g_return_val_if_fail (DECK_IS_WINDOW (self), NULL);

  return self->cluster_list;
}

DeckClusterPage *
deck_window_get_cluster_page (DeckWindow *self)
{
  g_return_val_if_fail (DECK_IS_WINDOW (self), NULL);

  return self->cluster_page;
}

void
deck_window_open_cluster (DeckWindow *self,
                          const char *context,
                          const char *namespace,
                          const char *name)
{
  g_return_if_fail (DECK_IS_WINDOW (self));
  g_return_if_fail (namespace != NULL && name != NULL);

  if (context != NULL && g_strcmp0 (context, deck_window_get_selected_context (self)) != 0
      && !deck_window_select_context (self, context))
    return;

  /* A cluster opened for the user (a new one, say) starts on its Overview, whichever view
   * the page showed before. */
  deck_cluster_list_select (self->cluster_list, namespace, name);
  adw_view_stack_set_visible_child_name (deck_cluster_page_get_views (self->cluster_page),
                                         "overview");
}
