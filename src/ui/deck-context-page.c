/* deck-context-page.c: what a kubeconfig context points at and how
 * Searchdeck will authenticate there
 *
 * The page is rebuilt from the kubeconfig each time it changes: it is a
 * handful of rows, and rebuilding keeps it free of stale state.  Problems a
 * person should act on (TLS verification turned off, a credential Searchdeck
 * cannot use, a context naming a cluster that does not exist) come first.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "kube-connection.h"
#include "kube-error.h"

#include "deck-context-page.h"

struct _DeckContextPage
{
  AdwBin          parent_instance;

  KubeConfig     *config;
  char           *context_name;
  KubeClient     *client;
  GCancellable   *cancellable;

  /* The row that says whether the API server answers. */
  AdwActionRow   *server_row;
  GtkWidget      *server_status;
};

G_DEFINE_FINAL_TYPE (DeckContextPage, deck_context_page, ADW_TYPE_BIN)

static void
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  /* Values are user data: never let a '&' or '<' be read as markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (group, row);
}

static void
add_problem (AdwPreferencesGroup *group,
             const char          *title,
             const char          *explanation)
{
  guint n_problems = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (group), "n-problems"));

  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), explanation);
  gtk_widget_add_css_class (icon, "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_preferences_group_add (group, row);

  g_object_set_data (G_OBJECT (group), "n-problems", GUINT_TO_POINTER (n_problems + 1));
}

static AdwPreferencesGroup *
add_group (AdwPreferencesPage *page,
           const char         *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  if (title != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (group));

  return ADW_PREFERENCES_GROUP (group);
}

static const char *
describe_interactive_mode (KubeExecInteractiveMode mode)
{
  switch (mode)
    {
    case KUBE_EXEC_INTERACTIVE_NEVER:
      return _("never asks for input");
    case KUBE_EXEC_INTERACTIVE_IF_AVAILABLE:
      return _("may ask for input");
    case KUBE_EXEC_INTERACTIVE_ALWAYS:
      return _("always asks for input");
    default:
      g_assert_not_reached ();
    }
}

static void
fill_cluster (AdwPreferencesPage  *page,
              AdwPreferencesGroup *problems,
              KubeCluster         *cluster)
{
  AdwPreferencesGroup *group = add_group (page, _("Cluster"));

  add_row (group, _("Server"), cluster->server);

  if (cluster->insecure_skip_tls_verify)
    {
      add_row (group, _("Certificate Authority"), _("None: verification is turned off"));
      add_problem (problems, _("The Server’s Identity Is Not Verified"),
                   _("This kubeconfig turns TLS verification off for the cluster "
                     "(insecure-skip-tls-verify), so anyone on the network path can pose "
                     "as the server and read your credentials."));
    }
  else if (cluster->certificate_authority_data != NULL)
    add_row (group, _("Certificate Authority"), _("Embedded in the kubeconfig"));
  else if (cluster->certificate_authority != NULL)
    add_row (group, _("Certificate Authority"), cluster->certificate_authority);
  else
    add_row (group, _("Certificate Authority"), _("The system’s trusted authorities"));

  if (cluster->tls_server_name != NULL)
    add_row (group, _("TLS Server Name"), cluster->tls_server_name);

  if (cluster->proxy_url != NULL)
    add_row (group, _("Proxy"), cluster->proxy_url);
}

static void
fill_user (AdwPreferencesPage  *page,
           AdwPreferencesGroup *problems,
           KubeUser            *user)
{
  AdwPreferencesGroup *group = add_group (page, _("Credentials"));

  if (user->unsupported != NULL)
    add_problem (problems, _("These Credentials Cannot Be Used"), user->unsupported);

  if (user->exec != NULL)
    {
      g_autofree char *args = g_strjoinv (" ", user->exec->args);
      g_autofree char *command = NULL;
      g_autofree char *mode = NULL;

      command = args[0] != '\0' ? g_strdup_printf ("%s %s", user->exec->command, args)
                                : g_strdup (user->exec->command);
      /* Translators: the first value is an API version such as
       * client.authentication.k8s.io/v1, the second how the plugin behaves. */
      mode = g_strdup_printf (_("%s, %s"), user->exec->api_version,
                              describe_interactive_mode (user->exec->interactive_mode));

      add_row (group, _("Credential Plugin"), command);
      add_row (group, _("Plugin Protocol"), mode);
    }

  if (user->client_certificate_data != NULL)
    add_row (group, _("Client Certificate"), _("Embedded in the kubeconfig"));
  else if (user->client_certificate != NULL)
    add_row (group, _("Client Certificate"), user->client_certificate);

  if (user->token != NULL)
    add_row (group, _("Bearer Token"), _("Stored in the kubeconfig"));
  else if (user->token_file != NULL)
    add_row (group, _("Bearer Token"), user->token_file);

  if (user->username != NULL)
    add_row (group, _("User Name"), user->username);

  if (user->exec == NULL && user->client_certificate_data == NULL
      && user->client_certificate == NULL && user->token == NULL
      && user->token_file == NULL && user->username == NULL && user->unsupported == NULL)
    add_row (group, _("Method"), _("None: requests are anonymous"));
}

static void probe_server (DeckContextPage *self);

static void
set_server_status (DeckContextPage *self,
                   const char      *title,
                   const char      *subtitle,
                   GtkWidget       *suffix)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->server_row), title);
  adw_action_row_set_subtitle (self->server_row, subtitle);

  if (self->server_status != NULL)
    adw_action_row_remove (self->server_row, self->server_status);
  self->server_status = suffix;
  if (suffix != NULL)
    adw_action_row_add_suffix (self->server_row, suffix);
}

static void
on_retry_clicked (DeckContextPage *self)
{
  probe_server (self);
}

static void
probe_server_done (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  DeckContextPage *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) version = NULL;
  GtkWidget *suffix;
  const char *git_version = NULL;

  version = kube_client_object_finish (KUBE_CLIENT (source_object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = DECK_CONTEXT_PAGE (user_data);

  if (version == NULL)
    {
      suffix = gtk_button_new_with_mnemonic (_("_Retry"));
      gtk_widget_set_valign (suffix, GTK_ALIGN_CENTER);
      g_signal_connect_object (suffix, "clicked", G_CALLBACK (on_retry_clicked),
                               self, G_CONNECT_SWAPPED);
      gtk_widget_add_css_class (GTK_WIDGET (self->server_row), "error");
      set_server_status (self, _("Cannot Connect"), error->message, suffix);
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (version))
    {
      JsonObject *object = json_node_get_object (version);
      JsonNode *member = json_object_get_member (object, "gitVersion");

      if (member != NULL && JSON_NODE_HOLDS_VALUE (member)
          && json_node_get_value_type (member) == G_TYPE_STRING)
        git_version = json_node_get_string (member);
    }

  suffix = gtk_image_new_from_icon_name ("emblem-ok-symbolic");
  gtk_widget_add_css_class (suffix, "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->server_row), "error");
  set_server_status (self, _("Connected"),
                     git_version != NULL ? git_version : _("Server version unknown"),
                     suffix);
}

static void
probe_server (DeckContextPage *self)
{
  GtkWidget *spinner = gtk_spinner_new ();

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_remove_css_class (GTK_WIDGET (self->server_row), "error");
  set_server_status (self, _("Connecting…"), kube_connection_get_server (
                       kube_client_get_connection (self->client)), spinner);

  kube_client_request_json_async (self->client, "GET", "/version", NULL, NULL,
                                  self->cancellable, probe_server_done, self);
}

/* Builds the connection for the context and asks the server for its
 * version: the cheapest request that proves the address, the TLS setup and
 * the credentials all work. */
static void
add_connection (DeckContextPage     *self,
                AdwPreferencesPage  *page,
                KubeClient          *client,
                const GError        *connection_error)
{
  AdwPreferencesGroup *group = add_group (page, _("Connection"));

  self->server_row = ADW_ACTION_ROW (adw_action_row_new ());
  self->server_status = NULL;
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->server_row), FALSE);
  adw_preferences_group_add (group, GTK_WIDGET (self->server_row));

  if (client == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->server_row), "error");
      set_server_status (self, _("This Context Cannot Be Used"),
                         connection_error != NULL ? connection_error->message : "", NULL);
      return;
    }

  self->client = g_object_ref (client);
  probe_server (self);
}

static void
clear_connection (DeckContextPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  self->server_row = NULL;
  self->server_status = NULL;
}

void
deck_context_page_set_context (DeckContextPage *self,
                               KubeConfig      *config,
                               const char      *context_name,
                               KubeClient      *client,
                               const GError    *connection_error)
{
  AdwPreferencesGroup *problems;
  AdwPreferencesGroup *group;
  AdwPreferencesPage *page;
  KubeContext *context;
  KubeCluster *cluster;
  KubeUser *user;

  g_return_if_fail (DECK_IS_CONTEXT_PAGE (self));
  g_return_if_fail (config == NULL || KUBE_IS_CONFIG (config));

  clear_connection (self);
  g_set_object (&self->config, config);
  g_free (self->context_name);
  self->context_name = g_strdup (context_name);

  if (config == NULL
      || (context = kube_config_lookup_context (config, context_name)) == NULL)
    {
      adw_bin_set_child (ADW_BIN (self), NULL);
      return;
    }

  page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  problems = add_group (page, NULL);
  add_connection (self, page, client, connection_error);

  group = add_group (page, _("Context"));
  add_row (group, _("Namespace"), context->namespace != NULL ? context->namespace : "default");
  add_row (group, _("Defined In"), context->source);

  cluster = context->cluster != NULL ? kube_config_lookup_cluster (config, context->cluster) : NULL;
  if (cluster != NULL)
    fill_cluster (page, problems, cluster);
  else
    {
      g_autofree char *what = NULL;

      what = context->cluster != NULL
        ? g_strdup_printf (_("The context names the cluster “%s”, which no kubeconfig file "
                             "defines."), context->cluster)
        : g_strdup (_("The context names no cluster."));
      add_problem (problems, _("The Cluster Is Missing"), what);
    }

  user = context->user != NULL ? kube_config_lookup_user (config, context->user) : NULL;
  if (user != NULL)
    fill_user (page, problems, user);
  else if (context->user != NULL)
    {
      g_autofree char *what = NULL;

      what = g_strdup_printf (_("The context names the user “%s”, which no kubeconfig file "
                                "defines."), context->user);
      add_problem (problems, _("The User Is Missing"), what);
    }

  /* An empty group would still take room at the top. */
  gtk_widget_set_visible (GTK_WIDGET (problems),
                          g_object_get_data (G_OBJECT (problems), "n-problems") != NULL);

  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (page));
}

static void
deck_context_page_dispose (GObject *object)
{
  DeckContextPage *self = DECK_CONTEXT_PAGE (object);

  clear_connection (self);
  g_clear_object (&self->config);
  g_clear_pointer (&self->context_name, g_free);

  G_OBJECT_CLASS (deck_context_page_parent_class)->dispose (object);
}

static void
deck_context_page_class_init (DeckContextPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = deck_context_page_dispose;

  gtk_widget_class_set_css_name (widget_class, "deckcontextpage");
}

static void
deck_context_page_init (DeckContextPage *self)
{
}

GtkWidget *
deck_context_page_new (void)
{
  return g_object_new (DECK_TYPE_CONTEXT_PAGE, NULL);
}
