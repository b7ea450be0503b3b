/* test-overview.c: the cluster's Overview against a real searchdeck-sandbox
 *
 * The sandbox's demo cluster starts with no pod Ready; its pods become Ready
 * one after another, so the page must go from "no pod Ready" or red, through
 * yellow, to green on its own refreshes.  The password comes from a real
 * keyring of the test's own, as it would for a user.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "kube-config.h"
#include "kube-connection.h"
#include "kube-store.h"

#include "deck-cluster-page.h"
#include "deck-credentials.h"
#include "deck-credentials-dialog.h"
#include "deck-overview-page.h"
#include "keyring-session.h"
#include "odfe-test-pki.h"

static KeyringSession *keyring;

typedef struct
{
  GSubprocess *process;
  char        *state_dir;
  char        *kubeconfig;
  char        *password;
} Sandbox;

/* Starts searchdeck-sandbox with its demo cluster, whose pods each take
 * @ready_delay_ms to become Ready, and waits for its READY line. */
static Sandbox *
sandbox_start (guint ready_delay_ms)
{
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *delay = g_strdup_printf ("%u", ready_delay_ms);
  g_autofree char *password_path = NULL;
  Sandbox *sandbox = g_new0 (Sandbox, 1);

  sandbox->state_dir = g_dir_make_tmp ("searchdeck-overview-XXXXXX", &error);
  g_assert_no_error (error);

  sandbox->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                       | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                       &error,
                                       g_getenv ("SANDBOX_PATH"),
                                       "--seed", "demo",
                                       "--state-dir", sandbox->state_dir,
                                       "--ready-delay", delay,
                                       "--exit-on-stdin-eof",
                                       NULL);
  g_assert_no_error (error);

  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sandbox->process));
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (output, NULL, NULL, &error);
      g_auto(GStrv) words = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (line);
      words = g_strsplit (line, " ", 3);
      if (g_strv_length (words) == 3 && g_str_equal (words[0], "READY"))
        {
          sandbox->kubeconfig = g_strdup (words[2]);
          break;
        }
    }

  password_path = g_build_filename (sandbox->state_dir, "demo-admin-password", NULL);
  g_assert_true (g_file_get_contents (password_path, &sandbox->password, NULL, NULL));
  g_strstrip (sandbox->password);

  return sandbox;
}

static void
sandbox_stop (Sandbox *sandbox)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", sandbox->state_dir);

  /* It ends when its standard input does. */
  g_output_stream_close (g_subprocess_get_stdin_pipe (sandbox->process), NULL, NULL);
  g_subprocess_wait (sandbox->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL));

  g_object_unref (sandbox->process);
  g_free (sandbox->state_dir);
  g_free (sandbox->kubeconfig);
  g_free (sandbox->password);
  g_free (sandbox);
}

static KubeClient *
client_for (Sandbox  *sandbox,
            char    **context_name)
{
  const char *paths[2] = { sandbox->kubeconfig, NULL };
  g_autoptr(KubeConfig) config = NULL;
  g_autoptr(KubeConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  config = kube_config_load (paths, &error);
  g_assert_no_error (error);
  *context_name = g_strdup (kube_config_get_current_context (config));
  connection = kube_connection_new (config, *context_name, &error);
  g_assert_no_error (error);

  return kube_client_new (connection);
}

static void
stored (GObject      *source_object,
        GAsyncResult *result,
        gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (deck_credentials_store_finish (result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
keep_password (const char *context,
               const char *password)
{
  DeckClusterRef ref = { context, "demo", "elasticsearch" };
  gboolean done = FALSE;

  deck_credentials_store_async (&ref, "admin", password, NULL, stored, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
patched (GObject      *source_object,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) object = NULL;

  object = kube_client_object_finish (KUBE_CLIENT (source_object), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (object);
  *done = TRUE;
}

/* Merges @json into the object @name of @resource in "demo". */
static void
patch_object (KubeClient   *client,
              KubeResource  resource,
              const char   *name,
              const char   *json)
{
  g_autoptr(JsonNode) patch = json_from_string (json, NULL);
  gboolean done = FALSE;

  g_assert_nonnull (patch);
  kube_client_patch_async (client, kube_resource_type_get (resource), "demo", name,
                           KUBE_PATCH_MERGE, patch, NULL, patched, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Scales the demo cluster's StatefulSet, as `kubectl scale` would. */
static void
scale (KubeClient *client,
       guint       replicas)
{
  g_autofree char *json = g_strdup_printf ("{\"spec\":{\"replicas\":%u}}", replicas);

  patch_object (client, KUBE_RESOURCE_STATEFULSETS, "elasticsearch", json);
}

/* A window with a cluster page on the demo cluster, shown. */
typedef struct
{
  Sandbox          *sandbox;
  char             *context;
  KubeClient       *client;
  KubeStore        *store;
  GtkWidget        *window;
  DeckClusterPage  *page;
  DeckOverviewPage *overview;
} Fixture;

/* @password NULL: the right one.  @root_ca not NULL: put this CA in the TLS
 * Secret in place of the one that signed the node certificate. */
static void
fixture_open (Fixture    *fixture,
              guint       ready_delay_ms,
              const char *password,
              const char *root_ca)
{
  fixture->sandbox = sandbox_start (ready_delay_ms);
  fixture->client = client_for (fixture->sandbox, &fixture->context);
  keep_password (fixture->context, password != NULL ? password : fixture->sandbox->password);

  if (root_ca != NULL)
    {
      g_autofree char *encoded = g_base64_encode ((const guchar *) root_ca, strlen (root_ca));
      g_autofree char *json = g_strdup_printf ("{\"data\":{\"elk-rest-root-ca.pem\":\"%s\"}}",
                                               encoded);

      patch_object (fixture->client, KUBE_RESOURCE_SECRETS, "elasticsearch-tls", json);
    }

  fixture->store = kube_store_new (fixture->client,
                                   kube_resource_type_get (KUBE_RESOURCE_STATEFULSETS),
                                   "demo", NULL, NULL);
  kube_store_start (fixture->store);

  fixture->page = DECK_CLUSTER_PAGE (deck_cluster_page_new ());
  fixture->overview = deck_cluster_page_get_overview (fixture->page);
  deck_cluster_page_set_client (fixture->page, fixture->client, fixture->context);
  deck_cluster_page_set_cluster (fixture->page, fixture->store, "demo", "elasticsearch");

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 700);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->page));
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_close (Fixture *fixture)
{
  GWeakRef page_ref;
  GWeakRef overview_ref;
  gint64 deadline;

  g_weak_ref_init (&page_ref, fixture->page);
  g_weak_ref_init (&overview_ref, fixture->overview);
  gtk_window_destroy (GTK_WINDOW (fixture->window));

  /* Requests still under way hold the page until they are cancelled. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  for (;;)
    {
      GObject *page = g_weak_ref_get (&page_ref);
      GObject *overview = g_weak_ref_get (&overview_ref);

      if (page == NULL && overview == NULL)
        break;
      g_clear_object (&page);
      g_clear_object (&overview);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_weak_ref_clear (&page_ref);
  g_weak_ref_clear (&overview_ref);

  kube_store_stop (fixture->store);
  g_assert_finalize_object (fixture->store);
  g_assert_finalize_object (fixture->client);
  sandbox_stop (fixture->sandbox);
  g_free (fixture->context);
}

/* Runs the main loop until the overview has finished @n_rounds rounds. */
static void
wait_for_rounds (DeckOverviewPage *overview,
                 guint             n_rounds,
                 guint             seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (deck_overview_page_get_n_rounds (overview) < n_rounds)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
test_red_to_green (void)
{
  Fixture fixture = { 0 };
  gboolean seen_not_green = FALSE;
  guint last_round = 0;
  gint64 deadline;
  guint n_rounds;

  if (keyring == NULL)
    {
      g_test_skip ("No keyring to keep the password in");
      return;
    }

  /* Three pods, each Ready 4 s after the one before it: slower than the
   * page's refreshes, so that it sees the cluster red or yellow first. */
  fixture_open (&fixture, 4000, NULL, NULL);

  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (deck_overview_page_get_health (fixture.overview) != ODFE_HEALTH_GREEN)
    {
      guint round = deck_overview_page_get_n_rounds (fixture.overview);

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);

      if (round != last_round)
        {
          OdfeHealthStatus health = deck_overview_page_get_health (fixture.overview);
          const char *failure = deck_overview_page_get_failure (fixture.overview);

          g_test_message ("Round %u: health %d, %s", round, health,
                          failure != NULL ? failure : "no failure");

          /* A failure is never shown beside a health. */
          g_assert_true (failure == NULL || health == ODFE_HEALTH_UNKNOWN);
          if (health == ODFE_HEALTH_RED || health == ODFE_HEALTH_YELLOW)
            seen_not_green = TRUE;
          last_round = round;
        }

      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  /* It was not green from the start: the page watched it become so. */
  g_assert_true (seen_not_green);
  g_assert_null (deck_overview_page_get_failure (fixture.overview));

  /* The demo's node certificate is valid for long: no warning. */
  g_assert_false (deck_overview_page_get_certificate_warning (fixture.overview));

  /* Hidden, it stops asking: at most the round under way ends. */
  gtk_widget_set_visible (fixture.window, FALSE);
  n_rounds = deck_overview_page_get_n_rounds (fixture.overview);
  deadline = g_get_monotonic_time () + 7 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_cmpuint (deck_overview_page_get_n_rounds (fixture.overview), <=, n_rounds + 1);

  /* Shown again, it asks again at once. */
  n_rounds = deck_overview_page_get_n_rounds (fixture.overview);
  gtk_window_present (GTK_WINDOW (fixture.window));
  wait_for_rounds (fixture.overview, n_rounds + 1, 3);
  g_assert_cmpint (deck_overview_page_get_health (fixture.overview), ==, ODFE_HEALTH_GREEN);

  /* With its pods gone, the cluster cannot answer: the page says why, and
   * the green it saw last is not shown as the health any more. */
  scale (fixture.client, 0);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (deck_overview_page_get_failure (fixture.overview) == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_test_message ("Without pods: %s", deck_overview_page_get_failure (fixture.overview));
  g_assert_cmpint (deck_overview_page_get_health (fixture.overview), ==, ODFE_HEALTH_UNKNOWN);

  fixture_close (&fixture);
}

static DeckCredentialsDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (DECK_IS_CREDENTIALS_DIALOG (window))
        return DECK_CREDENTIALS_DIALOG (window);
    }

  return NULL;
}

/* The first widget of @type under @widget, depth first. */
static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
wait_for_failure (DeckOverviewPage *overview,
                  const char       *failure)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (g_strcmp0 (deck_overview_page_get_failure (overview), failure) != 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
looked_up (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  char **password = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *user_name = NULL;

  g_assert_true (deck_credentials_lookup_finish (result, &user_name, password, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (user_name, ==, "admin");
  /* The caller waits for a password: there must be one. */
  g_assert_nonnull (*password);
}

static void
test_wrong_password (void)
{
  Fixture fixture = { 0 };
  DeckClusterRef ref = { NULL, "demo", "elasticsearch" };
  DeckCredentialsDialog *dialog;
  GtkWidget *password_row;
  g_autofree char *kept = NULL;
  gint64 deadline;

  if (keyring == NULL)
    {
      g_test_skip ("No keyring to keep the password in");
      return;
    }

  /* Pods Ready at once; the keyring holds a wrong password. */
  fixture_open (&fixture, 0, "not-the-password", NULL);
  wait_for_failure (fixture.overview, "The Password Was Refused");

  /* A 401 asks again, and nothing is shown as the cluster's health. */
  g_assert_cmpint (deck_overview_page_get_health (fixture.overview), ==, ODFE_HEALTH_UNKNOWN);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (deck_credentials_dialog_get_user_name (dialog), ==, "admin");
  g_assert_cmpstr (deck_credentials_dialog_get_password (dialog), ==, "");

  /* Dropping the cluster closes the question about it. */
  deck_cluster_page_set_cluster (fixture.page, NULL, NULL, NULL);
  g_assert_null (find_dialog ());

  /* Back on it, the keyring's password is refused again: this time the user
   * answers with the right one. */
  deck_cluster_page_set_cluster (fixture.page, fixture.store, "demo", "elasticsearch");
  wait_for_failure (fixture.overview, "The Password Was Refused");
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  password_row = find_descendant (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW);
  g_assert_nonnull (password_row);
  gtk_editable_set_text (GTK_EDITABLE (password_row), fixture.sandbox->password);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                          "sign-in"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "sign-in");

  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (deck_overview_page_get_health (fixture.overview) == ODFE_HEALTH_UNKNOWN)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_null (deck_overview_page_get_failure (fixture.overview));

  /* The answer went to the keyring, for next time. */
  ref.context = fixture.context;
  deck_credentials_lookup_async (&ref, NULL, looked_up, &kept);
  while (kept == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (kept, ==, fixture.sandbox->password);

  fixture_close (&fixture);
}

static void
test_untrusted_certificate (void)
{
  Fixture fixture = { 0 };
  gint64 deadline;

  if (keyring == NULL)
    {
      g_test_skip ("No keyring to keep the password in");
      return;
    }

  /* The Secret names a CA that did not sign the node certificate: the page
   * must refuse the connection and say so, never fall back to trusting it. */
  fixture_open (&fixture, 0, NULL, odfe_test_pki_get ()->other_ca.cert_pem);

  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (g_strcmp0 (deck_overview_page_get_failure (fixture.overview),
                    "The Cluster’s Certificate Was Not Accepted") != 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_cmpint (deck_overview_page_get_health (fixture.overview), ==, ODFE_HEALTH_UNKNOWN);
  g_assert_null (find_dialog ());

  fixture_close (&fixture);
}

static void
test_external_address (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GVariant) kept = NULL;
  g_autoptr(GError) error = NULL;
  Fixture fixture = { 0 };
  gint64 deadline;

  if (keyring == NULL)
    {
      g_test_skip ("No keyring to keep the password in");
      return;
    }

  fixture_open (&fixture, 0, NULL, NULL);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (deck_overview_page_get_health (fixture.overview) != ODFE_HEALTH_GREEN)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  /* An address of its own replaces the port-forward: nothing listens on
   * port 1, so the page must say the cluster cannot be reached. */
  g_assert_false (deck_overview_page_set_rest_address (fixture.overview, "http://127.0.0.1:1",
                                                       FALSE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (deck_overview_page_set_rest_address (fixture.overview, "https://127.0.0.1:1",
                                                      FALSE, &error));
  g_assert_no_error (error);
  wait_for_failure (fixture.overview, "The Cluster Cannot Be Reached");
  g_assert_cmpint (deck_overview_page_get_health (fixture.overview), ==, ODFE_HEALTH_UNKNOWN);

  kept = g_settings_get_value (settings, "rest-addresses");
  g_assert_cmpuint (g_variant_n_children (kept), ==, 1);

  /* Emptied, the address is forgotten and the port-forward is back. */
  g_assert_true (deck_overview_page_set_rest_address (fixture.overview, NULL, FALSE, &error));
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (deck_overview_page_get_health (fixture.overview) != ODFE_HEALTH_GREEN)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_clear_pointer (&kept, g_variant_unref);
  kept = g_settings_get_value (settings, "rest-addresses");
  g_assert_cmpuint (g_variant_n_children (kept), ==, 0);

  fixture_close (&fixture);
}

static void
test_certificate_expiry (void)
{
  OdfeTestPki *pki = odfe_test_pki_get ();
  DeckOverviewPage *page = DECK_OVERVIEW_PAGE (g_object_ref_sink (deck_overview_page_new ()));

  /* Ten years to go: no warning. */
  deck_overview_page_show_certificate (page, pki->node.cert_pem, -1);
  g_assert_false (deck_overview_page_get_certificate_warning (page));

  /* Ten days to go: the warning is up. */
  deck_overview_page_show_certificate (page, pki->expiring.cert_pem, -1);
  g_assert_true (deck_overview_page_get_certificate_warning (page));

  /* Expired two days ago: still warned. */
  deck_overview_page_show_certificate (page, pki->expired.cert_pem, -1);
  g_assert_true (deck_overview_page_get_certificate_warning (page));

  /* Not a certificate: said so, as a warning too. */
  deck_overview_page_show_certificate (page, "-----BEGIN CERTIFICATE-----\nAAAA\n", -1);
  g_assert_true (deck_overview_page_get_certificate_warning (page));

  /* None at all: nothing to warn about. */
  deck_overview_page_show_certificate (page, NULL, 0);
  g_assert_false (deck_overview_page_get_certificate_warning (page));

  g_assert_cmpint (deck_overview_page_get_health (page), ==, ODFE_HEALTH_UNKNOWN);
  g_assert_finalize_object (page);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *why = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  keyring = keyring_session_start (&why);
  if (keyring == NULL)
    g_test_message ("No keyring (%s): the tests against the sandbox are skipped", why);

  g_test_add_func ("/overview/certificate-expiry", test_certificate_expiry);
  g_test_add_func ("/overview/red-to-green", test_red_to_green);
  g_test_add_func ("/overview/wrong-password", test_wrong_password);
  g_test_add_func ("/overview/untrusted-certificate", test_untrusted_certificate);
  g_test_add_func ("/overview/external-address", test_external_address);

  status = g_test_run ();
  keyring_session_stop (keyring);

  return status;
}
