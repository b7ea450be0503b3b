/* test-pods-page.c: the cluster's Pods view against a real searchdeck-sandbox
 *
 * A cluster page in a window, on the sandbox's demo cluster: its Pods view lists the three
 * pods, filters and sorts them, and restarts one through the restart dialog, following it
 * through Terminating back to Running.  With a pod that is never Ready the cluster stays
 * yellow, and the dialog for another pod must then say why it is not safe and default to
 * Cancel.  The Overview's password comes from a real keyring of the test's own.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "kube-object.h"
#include "kube-store.h"

#include "deck-cluster-page.h"
#include "deck-credentials.h"
#include "deck-events-view.h"
#include "deck-pods-page.h"
#include "deck-restart-dialog.h"
#include "keyring-session.h"
#include "sandbox-session.h"

static KeyringSession *keyring;

typedef struct
{
  SandboxSession  *sandbox;
  KubeStore       *store;
  GtkWidget       *window;
  DeckClusterPage *cluster;
  DeckPodsPage    *page;
} Fixture;

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

static char *
read_password (SandboxSession *sandbox)
{
  g_autofree char *path = g_build_filename (sandbox->sandbox->state_dir,
                                            "demo-admin-password", NULL);
  g_autoptr(GError) error = NULL;
  char *password = NULL;

  g_file_get_contents (path, &password, NULL, &error);
  g_assert_no_error (error);

  return g_strchomp (password);
}

static void
fixture_open (Fixture *fixture)
{
  const char *context = kube_config_get_current_context (fixture->sandbox->config);
  DeckClusterRef ref = { context, "demo", "elasticsearch" };
  g_autofree char *password = read_password (fixture->sandbox);
  gboolean done = FALSE;

  deck_credentials_store_async (&ref, "admin", password, NULL, stored, &done);
  WAIT_UNTIL (done, 30);

  fixture->store = kube_store_new (fixture->sandbox->kube,
                                   kube_resource_type_get (KUBE_RESOURCE_STATEFULSETS),
                                   "demo", NULL, NULL);
  kube_store_start (fixture->store);

  fixture->cluster = DECK_CLUSTER_PAGE (deck_cluster_page_new ());
  fixture->page = deck_cluster_page_get_pods (fixture->cluster);
  deck_cluster_page_set_client (fixture->cluster, fixture->sandbox->kube, context);
  deck_cluster_page_set_cluster (fixture->cluster, fixture->store, "demo", "elasticsearch");

  /* The page opens on its Pods view, as it does for a user who left it there: the search
   * cluster is reached all the same, without the Overview ever being shown. */
  adw_view_stack_set_visible_child_name (deck_cluster_page_get_views (fixture->cluster), "pods");
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 600);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->cluster));
  gtk_window_present (GTK_WINDOW (fixture->window));

  WAIT_UNTIL (deck_cluster_page_get_can_restart (fixture->cluster), 60);
  g_assert_nonnull (deck_overview_page_get_odfe_client (
                      deck_cluster_page_get_overview (fixture->cluster)));
  g_assert_false (gtk_widget_get_mapped (
                    GTK_WIDGET (deck_cluster_page_get_overview (fixture->cluster))));

  /* The tests start from a green cluster, which the Overview says once shown. */
  adw_view_stack_set_visible_child_name (deck_cluster_page_get_views (fixture->cluster),
                                         "overview");
  WAIT_UNTIL (deck_overview_page_get_health (deck_cluster_page_get_overview (fixture->cluster))
              == ODFE_HEALTH_GREEN, 60);
  adw_view_stack_set_visible_child_name (deck_cluster_page_get_views (fixture->cluster), "pods");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture->page)));
}

static void
fixture_close (Fixture *fixture)
{
  GWeakRef page_ref;
  GWeakRef cluster_ref;

  g_weak_ref_init (&page_ref, fixture->page);
  g_weak_ref_init (&cluster_ref, fixture->cluster);
  gtk_window_destroy (GTK_WINDOW (fixture->window));

  /* Requests under way hold the pages until their cancellation comes back. */
  for (;;)
    {
      g_autoptr(GObject) page = g_weak_ref_get (&page_ref);
      g_autoptr(GObject) cluster = g_weak_ref_get (&cluster_ref);

      if (page == NULL && cluster == NULL)
        break;
      g_clear_object (&page);
      g_clear_object (&cluster);
      sandbox_session_sleep (1);
    }
  g_weak_ref_clear (&page_ref);
  g_weak_ref_clear (&cluster_ref);

  kube_store_stop (fixture->store);
  g_assert_finalize_object (fixture->store);
  sandbox_session_stop (fixture->sandbox);
}

static KubeObject *
row (DeckPodsPage *page,
     guint         position)
{
  g_autoptr(KubeObject) pod = g_list_model_get_item (deck_pods_page_get_model (page), position);

  /* The store keeps it. */
  return pod;
}

static guint
n_rows (DeckPodsPage *page)
{
  return g_list_model_get_n_items (deck_pods_page_get_model (page));
}

/* The pod @name as the table shows it now, or NULL. */
static KubeObject *
row_named (DeckPodsPage *page,
           const char   *name)
{
  for (guint i = 0; i < n_rows (page); i++)
    if (g_str_equal (kube_object_get_name (row (page, i)), name))
      return row (page, i);

  return NULL;
}

static gboolean
rows_are (DeckPodsPage *page,
          const char   *first,
          ...)
{
  va_list names;
  guint i = 0;
  gboolean same = TRUE;

  va_start (names, first);
  for (const char *name = first; name != NULL; name = va_arg (names, const char *), i++)
    if (i >= n_rows (page) || !g_str_equal (kube_object_get_name (row (page, i)), name))
      same = FALSE;
  va_end (names);

  return same && i == n_rows (page);
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
mark_never_ready (SandboxSession *sandbox,
                  const char     *pod_name)
{
  g_autofree char *json = g_strdup_printf ("{\"metadata\":{\"annotations\":"
                                           "{\"sandbox.searchdeck.io/never-ready\":\"%s\"}}}",
                                           pod_name);
  g_autoptr(JsonNode) patch = json_from_string (json, NULL);
  g_autoptr(JsonNode) answer = NULL;

  kube_client_patch_async (sandbox->kube, kube_resource_type_get (KUBE_RESOURCE_STATEFULSETS),
                           "demo", "elasticsearch", KUBE_PATCH_MERGE, patch, NULL, patched,
                           &answer);
  WAIT_UNTIL (answer != NULL, 30);
}

static DeckRestartDialog *
open_restart_dialog (DeckPodsPage *page,
                     const char   *name)
{
  DeckRestartDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "pods.restart", "s", name));
  dialog = DECK_RESTART_DIALOG (deck_pods_page_get_restart_dialog (page));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (deck_restart_dialog_get_pod_name (dialog), ==, name);

  /* Nothing can be restarted before the cluster has answered. */
  if (!deck_restart_dialog_get_checked (dialog))
    g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                             DECK_RESTART_RESPONSE));
  WAIT_UNTIL (deck_restart_dialog_get_checked (dialog), 30);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                          DECK_RESTART_RESPONSE));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (dialog),
                                                               DECK_RESTART_RESPONSE),
                   ==, ADW_RESPONSE_DESTRUCTIVE);

  return dialog;
}

/* As a click on one of its buttons does: the response, then closing. */
static void
respond (DeckRestartDialog *dialog,
         const char        *response)
{
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_close (GTK_WINDOW (dialog));
}

static void
collect_menu_buttons (GtkWidget *widget,
                      GPtrArray *buttons)
{
  if (GTK_IS_MENU_BUTTON (widget))
    g_ptr_array_add (buttons, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_menu_buttons (child, buttons);
}

/* Each row's menu, made as it opens, offers the four actions on that row's pod. */
static void
check_row_menus (DeckPodsPage *page)
{
  const char * const actions[] = { "pods.restart", "pods.logs", "pods.events",
                                   "pods.copy-name" };
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  g_autoptr(GHashTable) pods = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  collect_menu_buttons (GTK_WIDGET (deck_pods_page_get_column_view (page)), buttons);
  g_assert_cmpuint (buttons->len, ==, 3);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkMenuButton *button = buttons->pdata[i];
      GMenuModel *menu;
      g_autofree char *pod = NULL;

      gtk_menu_button_popup (button);
      menu = gtk_menu_button_get_menu_model (button);
      g_assert_nonnull (menu);
      g_assert_cmpint (g_menu_model_get_n_items (menu), ==, G_N_ELEMENTS (actions));
      for (int j = 0; j < g_menu_model_get_n_items (menu); j++)
        {
          g_autofree char *action = NULL;
          g_autoptr(GVariant) target = NULL;

          g_assert_true (g_menu_model_get_item_attribute (menu, j, "action", "s", &action));
          g_assert_cmpstr (action, ==, actions[j]);
          target = g_menu_model_get_item_attribute_value (menu, j, "target",
                                                          G_VARIANT_TYPE_STRING);
          g_assert_nonnull (target);
          if (pod == NULL)
            pod = g_variant_dup_string (target, NULL);
          g_assert_cmpstr (g_variant_get_string (target, NULL), ==, pod);
        }
      gtk_menu_button_popdown (button);
      g_hash_table_add (pods, g_steal_pointer (&pod));
    }

  g_assert_true (g_hash_table_contains (pods, "elasticsearch-0"));
  g_assert_true (g_hash_table_contains (pods, "elasticsearch-1"));
  g_assert_true (g_hash_table_contains (pods, "elasticsearch-2"));
}

static DeckEventsView *
find_events_view (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (DECK_IS_EVENTS_VIEW (window))
        return DECK_EVENTS_VIEW (window);
    }

  return NULL;
}

/* Whether a shown label under @widget says exactly @text. */
static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;

  return FALSE;
}

static void
test_pods (void)
{
  Fixture fixture = { 0 };
  DeckPodsPage *page;
  DeckRestartDialog *dialog;
  GtkColumnView *view;
  g_autofree char *old_uid = NULL;
  g_autofree char *old_ip = NULL;
  g_autofree char *toast = NULL;
  const char *body;
  KubeObject *pod;

  if (keyring == NULL)
    {
      g_test_skip ("No keyring to keep the password in");
      return;
    }
  /* Lenient: the test deletes pods (see sandbox-session.h). */
  fixture.sandbox = sandbox_session_start_with_flags ("test-pods-page", NULL,
                                                      SANDBOX_SESSION_LENIENT);
  if (fixture.sandbox == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }
  fixture_open (&fixture);
  page = fixture.page;
  view = deck_pods_page_get_column_view (page);

  /* The three pods, by name, with kubectl's status. */
  WAIT_UNTIL (n_rows (page) == 3, 30);
  g_assert_true (rows_are (page, "elasticsearch-0", "elasticsearch-1", "elasticsearch-2",
                           NULL));
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpstr (kube_object_get_status (row (page, i)), ==, "Running");
      g_assert_cmpuint (kube_object_get_ready_containers (row (page, i)), ==, 1);
    }

  /* The filter narrows them, by name, node or status, without regard to case. */
  deck_pods_page_set_filter_text (page, "search-1");
  g_assert_true (rows_are (page, "elasticsearch-1", NULL));
  deck_pods_page_set_filter_text (page, "NODE-3");
  g_assert_true (rows_are (page, "elasticsearch-2", NULL));
  deck_pods_page_set_filter_text (page, "running");
  g_assert_cmpuint (n_rows (page), ==, 3);
  deck_pods_page_set_filter_text (page, "crashloop");
  g_assert_cmpuint (n_rows (page), ==, 0);
  deck_pods_page_set_filter_text (page, NULL);
  g_assert_cmpuint (n_rows (page), ==, 3);

  /* Sorting by name, descending, reverses them. */
  gtk_column_view_sort_by_column (view, deck_pods_page_get_column (page, "name"),
                                  GTK_SORT_DESCENDING);
  g_assert_true (rows_are (page, "elasticsearch-2", "elasticsearch-1", "elasticsearch-0",
                           NULL));
  gtk_column_view_sort_by_column (view, deck_pods_page_get_column (page, "name"),
                                  GTK_SORT_ASCENDING);
  g_assert_true (rows_are (page, "elasticsearch-0", "elasticsearch-1", "elasticsearch-2",
                           NULL));

  check_row_menus (page);

  /* Events opens the pod's events in a window of their own. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "pods.events", "s",
                                             "elasticsearch-0"));
  {
    DeckEventsView *events = find_events_view ();

    g_assert_nonnull (events);
    g_object_ref (events);
    g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (events))
                   == GTK_WINDOW (fixture.window));
    WAIT_UNTIL (g_str_equal (deck_events_view_get_state (events), "events"), 30);
    gtk_window_destroy (GTK_WINDOW (events));
    g_assert_finalize_object (events);
  }

  /* Restart: the dialog asks the green cluster first, then the pod is deleted; its row
   * goes Terminating, comes back as a new pod and becomes Ready, and a toast says so. */
  old_uid = g_strdup (kube_object_get_uid (row_named (page, "elasticsearch-2")));
  dialog = open_restart_dialog (page, "elasticsearch-2");
  g_test_message ("Restart check for a green cluster: %s",
                  adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)));
  if (deck_restart_dialog_get_safe (dialog))
    g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==,
                     DECK_RESTART_RESPONSE);
  respond (dialog, DECK_RESTART_RESPONSE);

  old_ip = g_strdup (kube_object_get_pod_ip (row_named (page, "elasticsearch-2")));
  g_assert_true (shows_label (GTK_WIDGET (page), old_ip));
  WAIT_UNTIL ((pod = row_named (page, "elasticsearch-2")) != NULL
              && g_strcmp0 (kube_object_get_status (pod), "Terminating") == 0, 30);
  /* The cells show each new state of the pod, not the one they were first bound to. */
  WAIT_UNTIL (shows_label (GTK_WIDGET (page), "Terminating"), 10);
  WAIT_UNTIL ((pod = row_named (page, "elasticsearch-2")) != NULL
              && g_strcmp0 (kube_object_get_uid (pod), old_uid) != 0
              && g_strcmp0 (kube_object_get_status (pod), "Running") == 0
              && kube_object_get_ready_containers (pod) == 1, 60);
  g_assert_nonnull (kube_object_get_pod_ip (pod));
  g_assert_cmpstr (kube_object_get_pod_ip (pod), !=, old_ip);
  WAIT_UNTIL (shows_label (GTK_WIDGET (page), kube_object_get_pod_ip (pod))
              && !shows_label (GTK_WIDGET (page), old_ip)
              && !shows_label (GTK_WIDGET (page), "Terminating"), 10);
  toast = g_strdup_printf ("%s restarted and is Ready", "elasticsearch-2");
  WAIT_UNTIL (g_strcmp0 (deck_pods_page_get_last_toast (page), toast) == 0, 10);
  WAIT_UNTIL (deck_pods_page_get_restart_dialog (page) == NULL, 10);

  /* A pod that never becomes Ready again keeps the cluster from being green: restarting
   * another one now is not safe, and the dialog says why and defaults to Cancel. */
  mark_never_ready (fixture.sandbox, "elasticsearch-1");
  g_clear_pointer (&old_uid, g_free);
  old_uid = g_strdup (kube_object_get_uid (row_named (page, "elasticsearch-1")));
  dialog = open_restart_dialog (page, "elasticsearch-1");
  respond (dialog, DECK_RESTART_RESPONSE);
  WAIT_UNTIL ((pod = row_named (page, "elasticsearch-1")) != NULL
              && g_strcmp0 (kube_object_get_uid (pod), old_uid) != 0
              && g_strcmp0 (kube_object_get_status (pod), "Running") == 0, 60);
  g_assert_cmpuint (kube_object_get_ready_containers (row_named (page, "elasticsearch-1")),
                    ==, 0);
  WAIT_UNTIL (deck_pods_page_get_restart_dialog (page) == NULL, 10);

  dialog = open_restart_dialog (page, "elasticsearch-0");
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_test_message ("Restart check for a cluster with a pod not Ready: %s", body);
  g_assert_false (deck_restart_dialog_get_safe (dialog));
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "cancel");
  g_assert_nonnull (strstr (body, "not safe"));
  g_assert_true (strstr (body, "yellow") != NULL || strstr (body, "red") != NULL);
  respond (dialog, "cancel");
  WAIT_UNTIL (deck_pods_page_get_restart_dialog (page) == NULL, 10);

  /* Cancel deleted nothing. */
  sandbox_session_sleep (500);
  g_assert_cmpstr (kube_object_get_status (row_named (page, "elasticsearch-0")), ==, "Running");

  fixture_close (&fixture);
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

  g_test_add_func ("/pods-page/list-filter-sort-restart", test_pods);

  status = g_test_run ();
  keyring_session_stop (keyring);

  return status;
}
