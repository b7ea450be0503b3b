/* test-odfe-restart.c: OdfeRollingRestart on the sandbox's three-node demo cluster
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sandbox recreates a deleted pod and makes it Ready after its ready delay; its simulated
 * cluster turns yellow while a node is away and, with allocation limited to primaries, stays
 * yellow after the node is back until allocation is restored.  So a restart that deleted a
 * pod while another was away, or that forgot to restore allocation, would not see green
 * and would fail here.
 */

#include "config.h"

#include <string.h>

#include "kube-error.h"
#include "odfe-error.h"
#include "odfe-restart.h"
#include "sandbox-session.h"

typedef struct
{
  OdfeRollingRestart *restart;
  SandboxSession     *session;
  GPtrArray          *events;       /* "pod state" */
  GPtrArray          *deleted;      /* pods, in the order they were deleted */
  guint               deleted_while_not_green;
  gboolean            cancel_after_first;
  GCancellable       *cancellable;  /* cancelled at the first deletion, when set */
} Recorder;

static void
on_pod_state_changed (OdfeRollingRestart *restart,
                      guint               index,
                      const char         *pod,
                      int                 state,
                      gpointer            user_data)
{
  Recorder *recorder = user_data;

  g_assert_cmpstr (odfe_rolling_restart_get_pod_name (restart, index), ==, pod);
  g_assert_cmpint (odfe_rolling_restart_get_pod_state (restart, index), ==, state);
  g_ptr_array_add (recorder->events, g_strdup_printf ("%s %s", pod,
                                                      odfe_pod_restart_state_to_string (state)));

  if (state == ODFE_POD_RESTART_TERMINATING)
    {
      g_ptr_array_add (recorder->deleted, g_strdup (pod));
      if (odfe_rolling_restart_get_health (restart) != ODFE_HEALTH_GREEN)
        recorder->deleted_while_not_green++;
      if (recorder->cancel_after_first)
        odfe_rolling_restart_cancel (restart);
      if (recorder->cancellable != NULL)
        g_cancellable_cancel (recorder->cancellable);
    }
}

static char *
uid_of (SandboxSession *session,
        const char     *name)
{
  g_autoptr(JsonNode) pod = sandbox_session_get_pod (session, name);

  g_assert_nonnull (pod);
  return g_strdup (json_object_get_string_member (
                     json_object_get_object_member (json_node_get_object (pod), "metadata"),
                     "uid"));
}

static void
patch_statefulset (SandboxSession *session,
                   const char     *patch_json)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) patch = json_from_string (patch_json, NULL);
  g_autoptr(JsonNode) patched = NULL;
  g_autoptr(GError) error = NULL;

  kube_client_patch_async (session->kube, kube_resource_type_get (KUBE_RESOURCE_STATEFULSETS),
                           "demo", "elasticsearch", KUBE_PATCH_MERGE, patch, NULL,
                           sandbox_session_store_result, &result);
  patched = kube_client_object_finish (session->kube, sandbox_session_wait_result (&result, 30),
                                       &error);
  g_assert_no_error (error);
}

static void
delete_pod (SandboxSession *session,
            const char     *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) deleted = NULL;
  g_autoptr(GError) error = NULL;

  kube_client_delete_async (session->kube, kube_resource_type_get (KUBE_RESOURCE_PODS), "demo",
                            name, NULL, NULL, sandbox_session_store_result, &result);
  deleted = kube_client_object_finish (session->kube, sandbox_session_wait_result (&result, 30),
                                       &error);
  g_assert_no_error (error);
}

static void
put_settings (SandboxSession *session,
              const char     *body_json)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) body = json_from_string (body_json, NULL);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  odfe_client_request_json_async (session->odfe, "PUT", "/_cluster/settings", body, NULL,
                                  sandbox_session_store_result, &result);
  answer = odfe_client_request_json_finish (session->odfe,
                                            sandbox_session_wait_result (&result, 30), &error);
  g_assert_no_error (error);
}

/* The elected master, asked until the cluster answers. */
static char *
elected_master (SandboxSession *session)
{
  for (guint attempt = 0; attempt < 50; attempt++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GPtrArray) nodes = NULL;
      g_autoptr(GError) error = NULL;

      odfe_client_cat_nodes_async (session->odfe, NULL, sandbox_session_store_result, &result);
      nodes = odfe_client_list_finish (session->odfe, sandbox_session_wait_result (&result, 30),
                                       &error);
      for (guint i = 0; nodes != NULL && i < nodes->len; i++)
        if (((OdfeNode *) nodes->pdata[i])->is_master)
          return g_strdup (((OdfeNode *) nodes->pdata[i])->name);
      sandbox_session_sleep (100);
    }

  g_assert_not_reached ();
}

static gboolean
allocation_is_default (SandboxSession *session)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *transient;

  for (guint attempt = 0; attempt < 10; attempt++)
    {
      g_clear_object (&result);
      g_clear_error (&error);
      odfe_client_request_json_async (session->odfe, "GET", "/_cluster/settings?flat_settings",
                                      NULL, NULL, sandbox_session_store_result, &result);
      answer = odfe_client_request_json_finish (session->odfe,
                                                sandbox_session_wait_result (&result, 30),
                                                &error);
      if (answer != NULL)
        break;
      sandbox_session_sleep (200);
    }
  g_assert_no_error (error);

  transient = json_object_get_object_member (json_node_get_object (answer), "transient");
  return !json_object_has_member (transient, "cluster.routing.allocation.enable");
}

static Recorder *
recorder_new (SandboxSession *session)
{
  Recorder *recorder = g_new0 (Recorder, 1);

  recorder->session = session;
  recorder->events = g_ptr_array_new_with_free_func (g_free);
  recorder->deleted = g_ptr_array_new_with_free_func (g_free);
  recorder->restart = odfe_rolling_restart_new (session->kube, session->odfe, "demo",
                                                "elasticsearch");
  g_signal_connect (recorder->restart, "pod-state-changed", G_CALLBACK (on_pod_state_changed),
                    recorder);

  return recorder;
}

static void
recorder_free (Recorder *recorder)
{
  g_assert_finalize_object (recorder->restart);
  g_clear_object (&recorder->cancellable);
  g_ptr_array_unref (recorder->events);
  g_ptr_array_unref (recorder->deleted);
  g_free (recorder);
}

static gboolean
run (Recorder  *recorder,
     GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  odfe_rolling_restart_run_async (recorder->restart, recorder->cancellable,
                                  sandbox_session_store_result, &result);
  g_assert_true (odfe_rolling_restart_get_running (recorder->restart));
  g_assert_null (odfe_rolling_restart_get_outcome (recorder->restart));

  return odfe_rolling_restart_run_finish (recorder->restart,
                                          sandbox_session_wait_result (&result, 240), error);
}

static void
assert_events (Recorder           *recorder,
               const char * const *expected)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) events = NULL;
  g_autofree char *joined = NULL;

  for (guint i = 0; i < recorder->events->len; i++)
    g_strv_builder_add (builder, recorder->events->pdata[i]);
  events = g_strv_builder_end (builder);
  joined = g_strjoinv (" | ", events);
  g_test_message ("events: %s", joined);
  g_assert_cmpstrv (events, expected);
}

static void
test_in_order (void)
{
  const char * const args[] = { "--ready-delay", "600", NULL };
  const char * const expected[] = {
    "elasticsearch-2 Checking", "elasticsearch-2 Terminating", "elasticsearch-2 Restarting",
    "elasticsearch-2 Ready",
    "elasticsearch-0 Checking", "elasticsearch-0 Terminating", "elasticsearch-0 Restarting",
    "elasticsearch-0 Ready",
    "elasticsearch-1 Checking", "elasticsearch-1 Terminating", "elasticsearch-1 Restarting",
    "elasticsearch-1 Ready",
    NULL
  };
  SandboxSession *session = sandbox_session_start ("test-odfe-restart", args);
  g_autoptr(GError) error = NULL;
  char *uids[3] = { NULL, NULL, NULL };
  g_autofree char *master = NULL;
  Recorder *recorder;

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  sandbox_session_wait_ready (session, 3, 60);
  sandbox_session_open_odfe (session);

  /* elasticsearch-0 goes away and comes back: elasticsearch-1, elected meanwhile, stays the
   * master, so the order is no longer just by ordinal. */
  g_assert_cmpstr (master = elected_master (session), ==, "elasticsearch-0");
  g_clear_pointer (&master, g_free);
  delete_pod (session, "elasticsearch-0");
  for (guint i = 0; i < 100 && g_strcmp0 (master, "elasticsearch-1") != 0; i++)
    {
      g_free (master);
      master = elected_master (session);
    }
  g_assert_cmpstr (master, ==, "elasticsearch-1");
  sandbox_session_wait_ready (session, 3, 60);
  g_clear_pointer (&master, g_free);
  master = elected_master (session);
  g_assert_cmpstr (master, ==, "elasticsearch-1");

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("elasticsearch-%u", i);

      uids[i] = uid_of (session, name);
    }

  recorder = recorder_new (session);
  /* Limited allocation: the sandbox's cluster only turns green after each pod if the
   * restart restores it. */
  odfe_rolling_restart_set_limit_allocation (recorder->restart, TRUE);
  odfe_rolling_restart_set_timeouts (recorder->restart, 60, 60);

  run (recorder, &error);
  g_assert_no_error (error);

  /* Highest ordinal first, the elected master last; each pod deleted only once the
   * previous one was Ready and the cluster green. */
  assert_events (recorder, expected);
  g_assert_cmpuint (recorder->deleted_while_not_green, ==, 0);
  g_assert_cmpint (odfe_rolling_restart_get_health (recorder->restart), ==, ODFE_HEALTH_GREEN);
  g_assert_false (odfe_rolling_restart_get_running (recorder->restart));
  g_assert_null (odfe_rolling_restart_get_current_pod (recorder->restart));
  g_assert_nonnull (strstr (odfe_rolling_restart_get_outcome (recorder->restart),
                            "All 3 pods"));

  /* Every pod is a new one, and allocation is as it was. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("elasticsearch-%u", i);
      g_autofree char *uid = uid_of (session, name);

      g_assert_cmpstr (uid, !=, uids[i]);
    }
  g_assert_cmpuint (sandbox_session_count_ready (session), ==, 3);
  g_assert_true (allocation_is_default (session));

  recorder_free (recorder);
  for (guint i = 0; i < 3; i++)
    g_free (uids[i]);
  sandbox_session_stop (session);
}

static void
test_pod_never_ready (void)
{
  const char * const args[] = { "--ready-delay", "600", NULL };
  const char * const expected[] = {
    "elasticsearch-2 Checking", "elasticsearch-2 Terminating", "elasticsearch-2 Restarting",
    "elasticsearch-2 Failed", "elasticsearch-1 Skipped", "elasticsearch-0 Skipped",
    NULL
  };
  SandboxSession *session = sandbox_session_start ("test-odfe-restart", args);
  g_autoptr(GError) error = NULL;
  g_autofree char *uid_1 = NULL;
  g_autofree char *uid_0 = NULL;
  g_autofree char *after_1 = NULL;
  g_autofree char *after_0 = NULL;
  const char *outcome;
  Recorder *recorder;

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  sandbox_session_wait_ready (session, 3, 60);
  sandbox_session_open_odfe (session);
  uid_1 = uid_of (session, "elasticsearch-1");
  uid_0 = uid_of (session, "elasticsearch-0");

  /* The sandbox's fault switch: a new elasticsearch-2 starts but is never Ready. */
  patch_statefulset (session, "{\"metadata\":{\"annotations\":"
                              "{\"sandbox.searchdeck.io/never-ready\":\"elasticsearch-2\"}}}");

  recorder = recorder_new (session);
  odfe_rolling_restart_set_limit_allocation (recorder->restart, TRUE);
  odfe_rolling_restart_set_timeouts (recorder->restart, 60, 4);

  g_assert_false (run (recorder, &error));
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_TIMEOUT);
  assert_events (recorder, expected);

  /* It says where it stopped and why, and that nothing else was touched. */
  outcome = odfe_rolling_restart_get_outcome (recorder->restart);
  g_test_message ("outcome: %s", outcome);
  g_assert_cmpstr (error->message, ==, outcome);
  g_assert_nonnull (strstr (outcome, "elasticsearch-2"));
  g_assert_nonnull (strstr (outcome, "not back and Ready 4 seconds after it was deleted"));
  g_assert_nonnull (strstr (outcome, "Not restarted: elasticsearch-1, elasticsearch-0"));

  after_1 = uid_of (session, "elasticsearch-1");
  after_0 = uid_of (session, "elasticsearch-0");
  g_assert_cmpstr (after_1, ==, uid_1);
  g_assert_cmpstr (after_0, ==, uid_0);
  g_assert_true (allocation_is_default (session));

  /* The cluster was left serving on the two other pods. */
  g_assert_cmpuint (sandbox_session_count_ready (session), ==, 2);
  g_clear_pointer (&after_0, g_free);
  after_0 = elected_master (session);
  g_assert_cmpstr (after_0, ==, "elasticsearch-0");

  /* Without the fault, a new elasticsearch-2 is Ready again. */
  patch_statefulset (session, "{\"metadata\":{\"annotations\":"
                              "{\"sandbox.searchdeck.io/never-ready\":null}}}");
  delete_pod (session, "elasticsearch-2");
  sandbox_session_sleep (200);
  sandbox_session_wait_ready (session, 3, 60);

  recorder_free (recorder);
  sandbox_session_stop (session);
}

static void
test_cancel (void)
{
  const char * const args[] = { "--ready-delay", "600", NULL };
  const char * const expected[] = {
    "elasticsearch-2 Checking", "elasticsearch-2 Terminating", "elasticsearch-2 Restarting",
    "elasticsearch-2 Ready", "elasticsearch-1 Skipped", "elasticsearch-0 Skipped",
    NULL
  };
  SandboxSession *session = sandbox_session_start ("test-odfe-restart", args);
  g_autoptr(GError) error = NULL;
  Recorder *recorder;

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  sandbox_session_wait_ready (session, 3, 60);
  sandbox_session_open_odfe (session);

  recorder = recorder_new (session);
  recorder->cancel_after_first = TRUE;
  odfe_rolling_restart_set_timeouts (recorder->restart, 60, 60);

  /* Cancel stops after the pod under way is back. */
  g_assert_false (run (recorder, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_events (recorder, expected);
  g_assert_nonnull (strstr (odfe_rolling_restart_get_outcome (recorder->restart),
                            "cancelled"));
  g_assert_true (allocation_is_default (session));

  recorder_free (recorder);
  sandbox_session_stop (session);
}

static void
test_errors (void)
{
  const char * const args[] = { "--ready-delay", "600", NULL };
  SandboxSession *session = sandbox_session_start ("test-odfe-restart", args);
  g_autoptr(OdfeRollingRestart) missing = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *outcome;
  Recorder *recorder;

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  sandbox_session_wait_ready (session, 3, 60);
  sandbox_session_open_odfe (session);

  /* A StatefulSet that does not exist: nothing to restart, and it says why. */
  missing = odfe_rolling_restart_new (session->kube, session->odfe, "demo", "nope");
  odfe_rolling_restart_run_async (missing, NULL, sandbox_session_store_result, &result);
  g_assert_false (odfe_rolling_restart_run_finish (missing,
                                                   sandbox_session_wait_result (&result, 30),
                                                   &error));
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_NOT_FOUND);
  outcome = odfe_rolling_restart_get_outcome (missing);
  g_test_message ("outcome: %s", outcome);
  g_assert_true (g_str_has_prefix (outcome, "The restart could not begin: the StatefulSet "
                                            "could not be read"));
  g_assert_cmpuint (odfe_rolling_restart_get_n_pods (missing), ==, 0);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_finalize_object (g_steal_pointer (&missing));

  /* The caller's GCancellable stops at once, and allocation is still restored. */
  recorder = recorder_new (session);
  recorder->cancellable = g_cancellable_new ();
  odfe_rolling_restart_set_limit_allocation (recorder->restart, TRUE);
  g_assert_false (run (recorder, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (recorder->deleted->len, ==, 1);
  g_assert_cmpint (odfe_rolling_restart_get_pod_state (recorder->restart, 1), ==,
                   ODFE_POD_RESTART_SKIPPED);
  g_assert_true (allocation_is_default (session));
  g_clear_error (&error);
  recorder_free (recorder);
  sandbox_session_wait_ready (session, 3, 60);

  /* Every pod Ready but the cluster yellow (allocation kept from a pod that came back):
   * the restart waits for green, then stops before deleting anything. */
  put_settings (session, "{\"persistent\":{\"cluster.routing.allocation.enable\":"
                         "\"primaries\"}}");
  delete_pod (session, "elasticsearch-2");
  sandbox_session_sleep (200);
  sandbox_session_wait_ready (session, 3, 60);

  recorder = recorder_new (session);
  odfe_rolling_restart_set_timeouts (recorder->restart, 2, 30);
  g_assert_false (run (recorder, &error));
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_TIMEOUT);
  g_test_message ("outcome: %s", error->message);
  g_assert_nonnull (strstr (error->message, "The restart stopped at elasticsearch-2: the "
                                            "cluster was yellow, not green, after 2 seconds"));
  g_assert_nonnull (strstr (error->message, "No pod was restarted."));
  g_assert_cmpuint (recorder->deleted->len, ==, 0);
  g_assert_cmpint (odfe_rolling_restart_get_health (recorder->restart), ==,
                   ODFE_HEALTH_YELLOW);
  recorder_free (recorder);
  put_settings (session, "{\"persistent\":{\"cluster.routing.allocation.enable\":null}}");

  sandbox_session_stop (session);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/odfe/restart/in-order", test_in_order);
  g_test_add_func ("/odfe/restart/pod-never-ready", test_pod_never_ready);
  g_test_add_func ("/odfe/restart/cancel", test_cancel);
  g_test_add_func ("/odfe/restart/errors", test_errors);

  return g_test_run ();
}
