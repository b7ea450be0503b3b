/* test-log-view.c: the pod log window against a real searchdeck-sandbox
 *
 * The sandbox writes a line every few milliseconds to the followed log, so that the window's
 * bound on the lines it holds is reached quickly; deleting the pod ends the stream, and the
 * window must follow the pod that replaces it.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "deck-log-view.h"
#include "sandbox-session.h"

#define MAX_LINES 200

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
delete_pod (SandboxSession *sandbox,
            const char     *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  KubeDeleteOptions options = { .grace_period_seconds = -1 };

  kube_client_delete_async (sandbox->kube, kube_resource_type_get (KUBE_RESOURCE_PODS), "demo",
                            name, &options, NULL, sandbox_session_store_result, &result);
  answer = kube_client_object_finish (sandbox->kube, sandbox_session_wait_result (&result, 30),
                                      &error);
  g_assert_no_error (error);
}

static void
test_bound_and_reconnect (void)
{
  const char * const args[] = { "--log-interval", "2", NULL };
  SandboxSession *sandbox;
  DeckLogView *view;
  g_autoptr(JsonNode) pod = NULL;
  guint connections;

  /* Lenient: the test deletes a pod (see sandbox-session.h). */
  sandbox = sandbox_session_start_with_flags ("test-log-view", args, SANDBOX_SESSION_LENIENT);
  if (sandbox == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }
  sandbox_session_wait_ready (sandbox, 3, 60);

  view = deck_log_view_new (NULL, sandbox->kube, "demo", "elasticsearch-0");
  g_object_ref_sink (view);
  /* Shown, as a user has it: each line scrolls the view (an animation), so that the window
   * is closed at the end in the middle of one, which must raise no critical. */
  gtk_window_present (GTK_WINDOW (view));
  deck_log_view_set_max_lines (view, MAX_LINES);

  /* A chatty pod: the lines keep coming, the view never holds more than its bound, and it
   * counts what it dropped. */
  WAIT_UNTIL (deck_log_view_get_connected (view), 30);
  g_assert_cmpuint (deck_log_view_get_connections (view), ==, 1);
  WAIT_UNTIL (deck_log_view_get_dropped_lines (view) > 3 * MAX_LINES, 60);
  g_assert_cmpuint (deck_log_view_get_line_count (view), <=, MAX_LINES);
  g_assert_cmpuint (deck_log_view_get_line_count (view), >=, MAX_LINES - 1);

  /* The pod is deleted and its StatefulSet makes a new one of the same name: the stream
   * ends with the old container, and the view opens it again on the new pod. */
  delete_pod (sandbox, "elasticsearch-0");
  WAIT_UNTIL (!deck_log_view_get_connected (view), 30);
  connections = deck_log_view_get_connections (view);
  WAIT_UNTIL (deck_log_view_get_connections (view) > connections
              && deck_log_view_get_connected (view), 90);
  sandbox_session_wait_ready (sandbox, 3, 90);
  pod = sandbox_session_get_pod (sandbox, "elasticsearch-0");
  g_assert_nonnull (pod);

  /* Lines flow again, still within the bound. */
  {
    guint64 dropped = deck_log_view_get_dropped_lines (view);

    WAIT_UNTIL (deck_log_view_get_dropped_lines (view) > dropped + 50, 30);
    g_assert_cmpuint (deck_log_view_get_line_count (view), <=, MAX_LINES);
  }

  gtk_window_destroy (GTK_WINDOW (view));
  g_assert_finalize_object (view);
  sandbox_session_stop (sandbox);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/log-view/bound-and-reconnect", test_bound_and_reconnect);

  return g_test_run ();
}
