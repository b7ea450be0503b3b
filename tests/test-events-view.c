/* test-events-view.c: the window of a pod's events against a real searchdeck-sandbox
 *
 * The sandbox records, as a cluster does, the scheduler's and the kubelet's events for each
 * pod it starts; deleting a pod adds Killing, and its StatefulSet's new pod of the same name
 * brings Scheduled, Pulled, Created, Started and a failing readiness probe until it is
 * Ready.  The window must list one pod's events only, newest first, and show the new ones
 * as they come.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "kube-json.h"
#include "kube-object.h"

#include "deck-events-view.h"
#include "sandbox-session.h"

#define POD "elasticsearch-1"

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

static JsonNode *
request (SandboxSession *sandbox,
         const char     *method,
         const char     *path,
         const char     *body)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = body != NULL ? json_from_string (body, NULL) : NULL;
  JsonNode *answer;

  kube_client_request_json_async (sandbox->kube, method, path, NULL, node, NULL,
                                  sandbox_session_store_result, &result);
  answer = kube_client_object_finish (sandbox->kube, sandbox_session_wait_result (&result, 30),
                                      &error);
  g_assert_no_error (error);

  return answer;
}

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

/* The position of the newest event of @reason in @model (newest first), or -1. */
static int
find_reason (GListModel *model,
             const char *reason)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KubeObject) event = g_list_model_get_item (model, i);

      if (g_strcmp0 (kube_object_get_reason (event), reason) == 0)
        return (int) i;
    }

  return -1;
}

/* Every event is about the pod @pod, and each is no newer than the one before it. */
static void
assert_pod_newest_first (GListModel *model,
                         const char *pod)
{
  g_autoptr(GDateTime) previous = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KubeObject) event = g_list_model_get_item (model, i);
      GDateTime *seen = kube_object_get_last_seen (event);

      g_assert_cmpstr (kube_object_get_involved_kind (event), ==, "Pod");
      g_assert_cmpstr (kube_object_get_involved_name (event), ==, pod);
      g_assert_nonnull (kube_object_get_reason (event));
      g_assert_nonnull (kube_object_get_message (event));
      g_assert_nonnull (seen);
      g_assert_cmpuint (kube_object_get_count (event), >=, 1);
      if (previous != NULL)
        g_assert_cmpint (g_date_time_compare (seen, previous), <=, 0);
      g_clear_pointer (&previous, g_date_time_unref);
      previous = g_date_time_ref (seen);
    }
}

/* How many events the namespace holds about pods other than @pod. */
static guint
count_others (SandboxSession *sandbox,
              const char     *pod)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  KubeList *list;
  guint others = 0;

  kube_client_list_all_async (sandbox->kube, kube_resource_type_get (KUBE_RESOURCE_EVENTS),
                              "demo", NULL, NULL, sandbox_session_store_result, &result);
  list = kube_client_list_finish (sandbox->kube, sandbox_session_wait_result (&result, 30),
                                  &error);
  g_assert_no_error (error);

  for (guint i = 0; i < list->items->len; i++)
    {
      const char *kind = kube_json_path_string (list->items->pdata[i], "involvedObject",
                                                "kind", NULL);
      const char *name = kube_json_path_string (list->items->pdata[i], "involvedObject",
                                                "name", NULL);

      if (g_strcmp0 (kind, "Pod") == 0 && g_strcmp0 (name, pod) != 0)
        others++;
    }
  kube_list_free (list);

  return others;
}

static GtkListView *
find_list_view (GtkWidget *widget)
{
  if (GTK_IS_LIST_VIEW (widget))
    return GTK_LIST_VIEW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkListView *found = find_list_view (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_live_newest_first (void)
{
  SandboxSession *sandbox;
  DeckEventsView *view;
  GListModel *model;
  int killing;
  int scheduled;
  guint before;

  /* Lenient: the test deletes a pod (see sandbox-session.h). */
  sandbox = sandbox_session_start_with_flags ("test-events-view", NULL,
                                              SANDBOX_SESSION_LENIENT);
  if (sandbox == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }
  sandbox_session_wait_ready (sandbox, 3, 60);

  view = deck_events_view_new (NULL, sandbox->kube, "demo", POD);
  g_object_ref_sink (view);
  gtk_window_present (GTK_WINDOW (view));
  model = deck_events_view_get_model (view);

  /* The pod's start, as the scheduler and the kubelet told it, the latest first. */
  WAIT_UNTIL (g_str_equal (deck_events_view_get_state (view), "events")
              && find_reason (model, "Started") >= 0, 30);
  g_assert_cmpint (find_reason (model, "Scheduled"), >, find_reason (model, "Started"));
  g_assert_cmpint (find_reason (model, "Killing"), ==, -1);
  assert_pod_newest_first (model, POD);

  /* The other pods have events too, and none of them is shown. */
  g_assert_cmpuint (count_others (sandbox, POD), >, 0);

  /* Deleted, the pod is killed and made again: the events come without a refresh, and the
   * new pod's are above the old one's end. */
  before = g_list_model_get_n_items (model);
  delete_pod (sandbox, POD);
  WAIT_UNTIL (find_reason (model, "Killing") >= 0, 30);
  g_assert_cmpint (find_reason (model, "Killing"), ==, 0);
  WAIT_UNTIL ((scheduled = find_reason (model, "Scheduled")) >= 0
              && scheduled < find_reason (model, "Killing"), 60);
  sandbox_session_wait_ready (sandbox, 3, 90);
  WAIT_UNTIL (find_reason (model, "Started") < find_reason (model, "Killing"), 30);
  killing = find_reason (model, "Killing");
  g_assert_cmpint (find_reason (model, "Pulled"), <, killing);
  g_assert_cmpint (find_reason (model, "Created"), <, killing);
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, before + 5);
  assert_pod_newest_first (model, POD);

  /* The list, longer than the window now, still shows its top, the newest: the rows that
   * came above the ones shown did not push the view down. */
  {
    GtkAdjustment *adjustment;

    sandbox_session_sleep (300);
    adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (find_list_view (
                                                                   GTK_WIDGET (view))));
    g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >,
                       gtk_adjustment_get_page_size (adjustment));
    g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==,
                       gtk_adjustment_get_lower (adjustment));
  }

  /* The readiness probe failed while the node started, as a Warning. */
  {
    int unhealthy = find_reason (model, "Unhealthy");
    g_autoptr(KubeObject) event = NULL;

    g_assert_cmpint (unhealthy, >=, 0);
    g_assert_cmpint (unhealthy, <, killing);
    event = g_list_model_get_item (model, (guint) unhealthy);
    g_assert_cmpstr (kube_object_get_event_type (event), ==, "Warning");
    g_assert_cmpstr (kube_object_get_source (event), ==, "kubelet");
  }

  gtk_window_destroy (GTK_WINDOW (view));
  g_assert_finalize_object (view);
  sandbox_session_stop (sandbox);
}

static void
test_empty_and_error (void)
{
  SandboxSession *sandbox;
  DeckEventsView *view;
  g_autoptr(JsonNode) answer = NULL;

  sandbox = sandbox_session_start ("test-events-view", NULL);
  if (sandbox == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }
  sandbox_session_wait_ready (sandbox, 3, 60);

  /* No events about a pod that never was. */
  view = deck_events_view_new (NULL, sandbox->kube, "demo", "elasticsearch-9");
  g_object_ref_sink (view);
  gtk_window_present (GTK_WINDOW (view));
  WAIT_UNTIL (g_str_equal (deck_events_view_get_state (view), "empty"), 30);
  g_assert_cmpuint (g_list_model_get_n_items (deck_events_view_get_model (view)), ==, 0);
  /* Escape closes it, through the window's own close action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "window.close", NULL));
  sandbox_session_sleep (100);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (view)));
  gtk_window_destroy (GTK_WINDOW (view));
  g_assert_finalize_object (view);

  /* The API refuses: the window says why and offers to try again, which then works. */
  answer = request (sandbox, "POST", "/sandbox/faults", "{\"errorRate\":1,\"errorCode\":500}");
  g_clear_pointer (&answer, json_node_unref);
  view = deck_events_view_new (NULL, sandbox->kube, "demo", POD);
  g_object_ref_sink (view);
  gtk_window_present (GTK_WINDOW (view));
  WAIT_UNTIL (g_str_equal (deck_events_view_get_state (view), "error"), 60);

  answer = request (sandbox, "POST", "/sandbox/faults", "{\"errorRate\":0}");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "events.retry", NULL));
  WAIT_UNTIL (g_str_equal (deck_events_view_get_state (view), "events"), 30);
  assert_pod_newest_first (deck_events_view_get_model (view), POD);

  gtk_window_destroy (GTK_WINDOW (view));
  g_assert_finalize_object (view);
  sandbox_session_stop (sandbox);
}

static KubeObject *
event_from (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return kube_object_new_from_json (kube_resource_type_get (KUBE_RESOURCE_EVENTS), node);
}

/* The fields the window shows, from both kinds of writers: the kubelet's core/v1 events
 * (count, lastTimestamp, source) and events.k8s.io/v1 ones (eventTime, series,
 * reportingComponent), and from events that leave things out. */
static void
test_event_fields (void)
{
  g_autoptr(KubeObject) core = NULL;
  g_autoptr(KubeObject) series = NULL;
  g_autoptr(KubeObject) bare = NULL;
  g_autoptr(GDateTime) expected = NULL;

  core = event_from ("{\"metadata\":{\"name\":\"es-1.1\",\"namespace\":\"demo\","
                     "\"creationTimestamp\":\"2026-12-03T10:00:00Z\"},"
                     "\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"es-1\"},"
                     "\"reason\":\"Unhealthy\",\"message\":\"Readiness probe failed\","
                     "\"type\":\"Warning\",\"count\":3,"
                     "\"firstTimestamp\":\"2026-12-03T10:00:00Z\","
                     "\"lastTimestamp\":\"2026-12-03T10:05:00Z\","
                     "\"source\":{\"component\":\"kubelet\",\"host\":\"node-2\"}}");
  g_assert_cmpstr (kube_object_get_reason (core), ==, "Unhealthy");
  g_assert_cmpstr (kube_object_get_message (core), ==, "Readiness probe failed");
  g_assert_cmpstr (kube_object_get_event_type (core), ==, "Warning");
  g_assert_cmpuint (kube_object_get_count (core), ==, 3);
  g_assert_cmpstr (kube_object_get_involved_kind (core), ==, "Pod");
  g_assert_cmpstr (kube_object_get_involved_name (core), ==, "es-1");
  g_assert_cmpstr (kube_object_get_source (core), ==, "kubelet, node-2");
  expected = g_date_time_new_utc (2026, 12, 3, 10, 5, 0);
  g_assert_true (g_date_time_equal (kube_object_get_last_seen (core), expected));
  g_clear_pointer (&expected, g_date_time_unref);

  /* No lastTimestamp nor count: the series says how often and when last; the reporting
   * controller says who. */
  series = event_from ("{\"metadata\":{\"name\":\"es-1.2\",\"namespace\":\"demo\","
                       "\"creationTimestamp\":\"2026-12-03T10:00:00Z\"},"
                       "\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"es-1\"},"
                       "\"reason\":\"BackOff\",\"type\":\"Warning\","
                       "\"eventTime\":\"2026-12-03T10:01:00.123456Z\","
                       "\"series\":{\"count\":7,"
                       "\"lastObservedTime\":\"2026-12-03T10:09:00.000000Z\"},"
                       "\"lastTimestamp\":null,\"reportingComponent\":\"kubelet\"}");
  g_assert_cmpuint (kube_object_get_count (series), ==, 7);
  g_assert_cmpstr (kube_object_get_source (series), ==, "kubelet");
  g_assert_null (kube_object_get_message (series));
  expected = g_date_time_new_utc (2026, 12, 3, 10, 9, 0);
  g_assert_true (g_date_time_equal (kube_object_get_last_seen (series), expected));
  g_clear_pointer (&expected, g_date_time_unref);

  /* Neither: the event time, else when it was made; once, from nobody named. */
  bare = event_from ("{\"metadata\":{\"name\":\"es-1.3\",\"namespace\":\"demo\","
                     "\"creationTimestamp\":\"2026-12-03T10:02:00Z\"},"
                     "\"reason\":\"Scheduled\",\"type\":\"Normal\",\"count\":0}");
  g_assert_cmpuint (kube_object_get_count (bare), ==, 1);
  g_assert_null (kube_object_get_source (bare));
  g_assert_null (kube_object_get_involved_name (bare));
  expected = g_date_time_new_utc (2026, 12, 3, 10, 2, 0);
  g_assert_true (g_date_time_equal (kube_object_get_last_seen (bare), expected));

  g_assert_finalize_object (g_steal_pointer (&core));
  g_assert_finalize_object (g_steal_pointer (&series));
  g_assert_finalize_object (g_steal_pointer (&bare));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/events-view/event-fields", test_event_fields);
  g_test_add_func ("/events-view/live-newest-first", test_live_newest_first);
  g_test_add_func ("/events-view/empty-and-error", test_empty_and_error);

  return g_test_run ();
}
