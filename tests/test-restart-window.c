/* test-restart-window.c: the rolling restart window against a real searchdeck-sandbox
 *
 * On the sandbox's three-node demo cluster the window first shows its confirmation; Start
 * restarts every pod, each row reaching Ready, and the window ends with the success
 * sentence.  With the sandbox's never-ready annotation on the first pod restarted, the
 * window shows that pod failed, the others not restarted, and the failure sentence.  A
 * cluster page offers the restart only once its Overview has reached the search cluster
 * (the password for that comes from a real keyring of the test's own).
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "kube-store.h"

#include "deck-cluster-page.h"
#include "deck-credentials.h"
#include "deck-restart-window.h"
#include "keyring-session.h"
#include "sandbox-session.h"

static KeyringSession *keyring;

/* Runs the main loop until @condition (checked each iteration) holds, for at most @seconds. */
#define WAIT_UNTIL(condition, seconds)                                            \
  G_STMT_START {                                                                  \
    gint64 deadline_ = g_get_monotonic_time () + (gint64) (seconds) * G_USEC_PER_SEC; \
    while (!(condition))                                                          \
      {                                                                           \
        g_assert_cmpint (g_get_monotonic_time (), <, deadline_);                  \
        g_main_context_iteration (NULL, FALSE);                                   \
        g_usleep (1000);                                                          \
      }                                                                           \
  } G_STMT_END

typedef struct
{
  SandboxSession    *sandbox;
  GtkWidget         *parent;
  DeckRestartWindow *window;
  GPtrArray         *seen;     /* "pod State" as each row showed it, once per change */
} Fixture;

static void
on_pod_state_changed (OdfeRollingRestart *restart,
                      guint               index,
                      const char         *pod,
                      int                 state,
                      gpointer            user_data)
{
  Fixture *fixture = user_data;
  const char *shown = deck_restart_window_get_row_state (fixture->window, index);

  /* The window connected first, so its row already shows the new state. */
  g_assert_cmpstr (deck_restart_window_get_row_pod (fixture->window, index), ==, pod);
  g_assert_cmpstr (shown, ==, odfe_pod_restart_state_to_string (state));
  g_ptr_array_add (fixture->seen, g_strdup_printf ("%s %s", pod, shown));
}

static gboolean
fixture_open (Fixture    *fixture,
              const char *prefix)
{
  const char * const args[] = { "--ready-delay", "600", NULL };

  fixture->sandbox = sandbox_session_start_with_flags (prefix, args, SANDBOX_SESSION_LENIENT);
  if (fixture->sandbox == NULL)
    return FALSE;

  sandbox_session_wait_ready (fixture->sandbox, 3, 60);
  sandbox_session_open_odfe (fixture->sandbox);
  fixture->seen = g_ptr_array_new_with_free_func (g_free);

  fixture->parent = gtk_window_new ();
  gtk_window_present (GTK_WINDOW (fixture->parent));
  fixture->window = DECK_RESTART_WINDOW (deck_restart_window_new (GTK_WINDOW (fixture->parent),
                                                                  fixture->sandbox->kube,
                                                                  fixture->sandbox->odfe,
                                                                  "demo", "elasticsearch"));
  g_object_ref (fixture->window);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (fixture->window)));

  return TRUE;
}

static void
fixture_close (Fixture *fixture)
{
  /* Once the restart has ended, Close closes the window. */
  gtk_window_close (GTK_WINDOW (fixture->window));
  WAIT_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (fixture->window)), 10);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->window);

  gtk_window_destroy (GTK_WINDOW (fixture->parent));
  g_ptr_array_unref (fixture->seen);
  sandbox_session_stop (fixture->sandbox);
}

static void
start (Fixture *fixture,
       gboolean limit_allocation)
{
  DeckRestartWindow *window = fixture->window;

  /* Nothing happens before Start: the confirmation shows, without rows. */
  g_assert_null (deck_restart_window_get_restart (window));
  g_assert_cmpuint (deck_restart_window_get_n_rows (window), ==, 0);
  g_assert_false (gtk_switch_get_active (deck_restart_window_get_limit_switch (window)));
  gtk_switch_set_active (deck_restart_window_get_limit_switch (window), limit_allocation);

  deck_restart_window_start (window);
  g_assert_nonnull (deck_restart_window_get_restart (window));
  g_signal_connect (deck_restart_window_get_restart (window), "pod-state-changed",
                    G_CALLBACK (on_pod_state_changed), fixture);

  /* While pods are away the window stays: closing it is refused. */
  WAIT_UNTIL (odfe_rolling_restart_get_current_pod (deck_restart_window_get_restart (window))
              != NULL, 30);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
}

static gboolean
saw (Fixture    *fixture,
     const char *event)
{
  for (guint i = 0; i < fixture->seen->len; i++)
    if (g_str_equal (fixture->seen->pdata[i], event))
      return TRUE;

  return FALSE;
}

static void
test_full_restart (void)
{
  Fixture fixture = { 0 };
  DeckRestartWindow *window;

  if (!fixture_open (&fixture, "test-restart-window"))
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }
  window = fixture.window;
  start (&fixture, TRUE);

  WAIT_UNTIL (deck_restart_window_get_outcome (window) != NULL, 120);
  g_test_message ("outcome: %s", deck_restart_window_get_outcome (window));
  g_assert_true (deck_restart_window_get_succeeded (window));
  g_assert_cmpstr (deck_restart_window_get_health_text (window), ==, "Green");

  /* Every pod has its row, each went through Restarting and shows Ready. */
  g_assert_cmpuint (deck_restart_window_get_n_rows (window), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *restarting = NULL;
      const char *pod = deck_restart_window_get_row_pod (window, i);

      g_assert_true (g_str_has_prefix (pod, "elasticsearch-"));
      g_assert_cmpstr (deck_restart_window_get_row_state (window, i), ==, "Ready");
      restarting = g_strdup_printf ("%s Restarting", pod);
      g_assert_true (saw (&fixture, restarting));
    }
  /* The highest ordinal first (the elected master, elasticsearch-0, is also last). */
  g_assert_cmpstr (deck_restart_window_get_row_pod (window, 0), ==, "elasticsearch-2");
  g_assert_cmpstr (deck_restart_window_get_row_pod (window, 2), ==, "elasticsearch-0");

  fixture_close (&fixture);
}

static void
patched (GObject      *source_object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(JsonNode **) user_data = kube_client_object_finish (KUBE_CLIENT (source_object), result,
                                                        NULL);
}

static void
test_pod_never_ready (void)
{
  Fixture fixture = { 0 };
  DeckRestartWindow *window;
  g_autoptr(JsonNode) patch = NULL;
  g_autoptr(JsonNode) answer = NULL;
  const char *outcome;

  if (!fixture_open (&fixture, "test-restart-window"))
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }
  window = fixture.window;

  /* The sandbox's fault switch: the new elasticsearch-2 starts but is never Ready. */
  patch = json_from_string ("{\"metadata\":{\"annotations\":"
                            "{\"sandbox.searchdeck.io/never-ready\":\"elasticsearch-2\"}}}",
                            NULL);
  kube_client_patch_async (fixture.sandbox->kube,
                           kube_resource_type_get (KUBE_RESOURCE_STATEFULSETS), "demo",
                           "elasticsearch", KUBE_PATCH_MERGE, patch, NULL, patched, &answer);
  WAIT_UNTIL (answer != NULL, 30);

  deck_restart_window_set_timeouts (window, 60, 4);
  start (&fixture, FALSE);

  WAIT_UNTIL (deck_restart_window_get_outcome (window) != NULL, 120);
  outcome = deck_restart_window_get_outcome (window);
  g_test_message ("outcome: %s", outcome);
  g_assert_false (deck_restart_window_get_succeeded (window));
  g_assert_nonnull (strstr (outcome, "elasticsearch-2"));
  g_assert_nonnull (strstr (outcome, "not back and Ready"));

  /* The row of the pod that failed says so, and the others were never touched. */
  g_assert_cmpuint (deck_restart_window_get_n_rows (window), ==, 3);
  g_assert_cmpstr (deck_restart_window_get_row_pod (window, 0), ==, "elasticsearch-2");
  g_assert_cmpstr (deck_restart_window_get_row_state (window, 0), ==, "Failed");
  g_assert_cmpstr (deck_restart_window_get_row_state (window, 1), ==, "Skipped");
  g_assert_cmpstr (deck_restart_window_get_row_state (window, 2), ==, "Skipped");
  g_assert_true (saw (&fixture, "elasticsearch-2 Restarting"));
  g_assert_false (saw (&fixture, "elasticsearch-1 Terminating"));

  fixture_close (&fixture);
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

/* Notifications of a property: how many, and the value the last one announced. */
typedef struct
{
  guint    count;
  gboolean last_set;
} Notes;

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  Notes *notes = user_data;
  GValue value = G_VALUE_INIT;

  g_value_init (&value, pspec->value_type);
  g_object_get_property (object, pspec->name, &value);
  notes->count++;
  notes->last_set = G_VALUE_HOLDS_BOOLEAN (&value) ? g_value_get_boolean (&value)
                                                   : g_value_get_object (&value) != NULL;
  g_value_unset (&value);
}

static void
test_cluster_page (void)
{
  SandboxSession *sandbox;
  const char *context;
  DeckClusterRef ref = { NULL, "demo", "elasticsearch" };
  g_autoptr(KubeStore) store = NULL;
  DeckClusterPage *page;
  GtkWidget *parent;
  GtkWidget *restart;
  gboolean done = FALSE;
  Notes can_restart_notes = { 0 };
  Notes odfe_notes = { 0 };
  guint count;
  gboolean can_restart = FALSE;
  OdfeClient *odfe = NULL;

  if (keyring == NULL)
    {
      g_test_skip ("No keyring to keep the password in");
      return;
    }
  sandbox = sandbox_session_start ("test-restart-window", NULL);
  if (sandbox == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }
  sandbox_session_open_odfe (sandbox);
  context = kube_config_get_current_context (sandbox->config);
  ref.context = context;
  deck_credentials_store_async (&ref, "admin", sandbox->password, NULL, stored, &done);
  WAIT_UNTIL (done, 30);

  store = kube_store_new (sandbox->kube, kube_resource_type_get (KUBE_RESOURCE_STATEFULSETS),
                          "demo", NULL, NULL);
  kube_store_start (store);
  page = DECK_CLUSTER_PAGE (deck_cluster_page_new ());
  deck_cluster_page_set_client (page, sandbox->kube, context);
  deck_cluster_page_set_cluster (page, store, "demo", "elasticsearch");

  g_signal_connect (page, "notify::can-restart", G_CALLBACK (count_notify), &can_restart_notes);
  g_signal_connect (deck_cluster_page_get_overview (page), "notify::odfe-client",
                    G_CALLBACK (count_notify), &odfe_notes);

  /* Nothing is asked of the cluster before the page is shown: no restart yet. */
  g_assert_false (deck_cluster_page_get_can_restart (page));
  g_assert_cmpuint (can_restart_notes.count, ==, 0);
  g_assert_null (deck_cluster_page_open_restart (page, NULL));

  parent = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (parent), 900, 600);
  gtk_window_set_child (GTK_WINDOW (parent), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (parent));
  WAIT_UNTIL (deck_cluster_page_get_can_restart (page), 60);

  /* Both said so when it happened, rather than being asked.  (The Overview's client goes
   * and comes again while the first rounds fail, which the page follows too.) */
  g_assert_cmpuint (can_restart_notes.count, >=, 1);
  g_assert_true (can_restart_notes.last_set);
  g_assert_cmpuint (odfe_notes.count, >=, 1);
  g_assert_true (odfe_notes.last_set);
  g_object_get (page, "can-restart", &can_restart, NULL);
  g_assert_true (can_restart);
  g_object_get (deck_cluster_page_get_overview (page), "odfe-client", &odfe, NULL);
  g_assert_true (odfe != NULL
                 && odfe == deck_overview_page_get_odfe_client (
                              deck_cluster_page_get_overview (page)));
  g_clear_object (&odfe);

  /* The window opens over the page's window, asking first. */
  restart = deck_cluster_page_open_restart (page, GTK_WINDOW (parent));
  g_assert_true (DECK_IS_RESTART_WINDOW (restart));
  g_object_ref (restart);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (restart)) == GTK_WINDOW (parent));
  g_assert_true (gtk_widget_get_visible (restart));
  g_assert_null (deck_restart_window_get_restart (DECK_RESTART_WINDOW (restart)));
  gtk_window_close (GTK_WINDOW (restart));
  g_assert_false (gtk_widget_get_visible (restart));
  gtk_window_destroy (GTK_WINDOW (restart));
  g_assert_finalize_object (restart);

  /* An emptied page has nothing to restart. */
  count = can_restart_notes.count;
  deck_cluster_page_set_cluster (page, NULL, NULL, NULL);
  g_assert_false (deck_cluster_page_get_can_restart (page));
  g_assert_cmpuint (can_restart_notes.count, >, count);
  g_assert_false (can_restart_notes.last_set);
  g_signal_handlers_disconnect_by_func (deck_cluster_page_get_overview (page), count_notify,
                                        &odfe_notes);
  g_signal_handlers_disconnect_by_func (page, count_notify, &can_restart_notes);

  gtk_window_destroy (GTK_WINDOW (parent));
  sandbox_session_sleep (500);
  kube_store_stop (store);
  g_assert_finalize_object (g_steal_pointer (&store));
  sandbox_session_stop (sandbox);
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
    g_test_message ("No keyring (%s): the cluster page's test is skipped", why);

  g_test_add_func ("/restart-window/full-restart", test_full_restart);
  g_test_add_func ("/restart-window/pod-never-ready", test_pod_never_ready);
  g_test_add_func ("/restart-window/cluster-page", test_cluster_page);

  status = g_test_run ();
  keyring_session_stop (keyring);

  return status;
}
