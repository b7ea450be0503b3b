/* bench-pods-page.c: figures for the Pods page with 10,000 pods in its namespace, beside a
 * bare KubeStore of the same pods measured in the same run
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This is a benchmark, not a test: it prints figures and fails only when something does not
 * work (rows missing, events not applied, no frame drawn).  The machine is shared and
 * noisy, so each figure of the page is printed beside the same figure of its peer, a
 * KubeStore with the same selector and no view, in alternating rounds:
 *
 *  - the time from deck_pods_page_set_cluster() until the column view's model holds every
 *    pod and a frame has been painted after that (GdkFrameClock::after-paint); for the peer,
 *    from kube_store_start() until it is synced with every pod;
 *  - the peak resident memory (ru_maxrss) of a process of its own that shows the page, or
 *    holds the store, once loaded (this program run again with --memory-of; in one process
 *    the heap a round freed would be counted for the next);
 *  - the longest gaps between ticks of a 1 ms high-priority timer (the main loop's stalls)
 *    while 5,000 of the pods are modified at once and their watch events land, with the
 *    99th percentile, until every modified pod's row carries its new resourceVersion.
 *
 * The page runs in a real window, so this needs a display (Xvfb and GSK_RENDERER=cairo
 * under build-aux/dev); without one it says so and is skipped.  The sandbox runs as a child
 * process ($SANDBOX_PATH) so that its work is not counted as this process's.
 */

#include <glib/gstdio.h>
#include <string.h>
#include <sys/resource.h>

#include <adwaita.h>

#include "kube-client.h"
#include "kube-config.h"
#include "kube-connection.h"
#include "kube-object.h"
#include "kube-store.h"

#include "deck-pods-page.h"

#define NAMESPACE   "bench"
#define STATEFULSET "bench"
#define SELECTOR    "app=bench"

static int option_pods = 10000;
static int option_burst = 5000;
static int option_rounds = 3;
static char *option_memory_of = NULL;
static char *option_kubeconfig = NULL;

typedef struct
{
  GSubprocess *process;
  char        *state_dir;
  char        *kubeconfig;
  KubeConfig  *config;
} Sandbox;

/* Helpers */

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
keep_result (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

static gboolean
raise_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_for (guint milliseconds)
{
  gboolean done = FALSE;

  g_timeout_add (milliseconds, raise_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* The resident set now, from /proc/self/status, in MiB (0 when unreadable). */
static double
rss_now_mib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "\nVmRSS:");
  if (line == NULL)
    return 0;

  return g_ascii_strtod (line + strlen ("\nVmRSS:"), NULL) / 1024.0;
}

static double
peak_rss_mib (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return 0;

  return usage.ru_maxrss / 1024.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Nearest rank; sorts @values. */
static double
percentile (GArray *values,
            double  fraction)
{
  guint rank;

  if (values->len == 0)
    return 0;

  g_array_sort (values, compare_doubles);
  rank = (guint) MIN (values->len - 1, (guint) (fraction * values->len));

  return g_array_index (values, double, rank);
}

static double
median (GArray *values)
{
  return percentile (values, 0.5);
}

static double
ratio (double a,
       double b)
{
  return b > 0 ? a / b : 0;
}

/* The sandbox */

static gboolean
sandbox_start (Sandbox  *sandbox,
               GError  **error)
{
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) words = NULL;
  const char *paths[2] = { NULL, NULL };

  sandbox->state_dir = g_dir_make_tmp ("bench-pods-page-XXXXXX", error);
  if (sandbox->state_dir == NULL)
    return FALSE;

  sandbox->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                       | G_SUBPROCESS_FLAGS_STDOUT_PIPE, error,
                                       g_getenv ("SANDBOX_PATH"),
                                       "--state-dir", sandbox->state_dir,
                                       "--exit-on-stdin-eof", NULL);
  if (sandbox->process == NULL)
    return FALSE;

  /* "READY <port> <kubeconfig>", before anything else runs: a blocking read will do. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sandbox->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, error);
  if (line == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the sandbox ended before READY");
      return FALSE;
    }

  words = g_strsplit (line, " ", 3);
  if (g_strv_length (words) != 3 || !g_str_equal (words[0], "READY"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the sandbox said “%s”", line);
      return FALSE;
    }

  sandbox->kubeconfig = g_strdup (words[2]);
  paths[0] = sandbox->kubeconfig;
  sandbox->config = kube_config_load (paths, error);

  return sandbox->config != NULL;
}

static void
sandbox_stop (Sandbox *sandbox)
{
  if (sandbox->process != NULL)
    {
      g_output_stream_close (g_subprocess_get_stdin_pipe (sandbox->process), NULL, NULL);
      g_subprocess_wait (sandbox->process, NULL, NULL);
    }
  g_clear_object (&sandbox->process);
  g_clear_object (&sandbox->config);
  if (sandbox->state_dir != NULL)
    remove_tree (sandbox->state_dir);
  g_clear_pointer (&sandbox->state_dir, g_free);
  g_clear_pointer (&sandbox->kubeconfig, g_free);
}

static KubeClient *
client_new (Sandbox  *sandbox,
            GError  **error)
{
  g_autoptr(KubeConnection) connection = kube_connection_new (sandbox->config, NULL, error);

  return connection != NULL ? kube_client_new (connection) : NULL;
}

/* Drops @client once the requests it still has under way (cancelled) have ended. */
static void
client_release (KubeClient *client)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (G_OBJECT (client)->ref_count > 1 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_object_unref (client);
}

static JsonNode *
request (KubeClient  *client,
         const char  *method,
         const char  *path,
         JsonNode    *body,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  kube_client_request_json_async (client, method, path, NULL, body, NULL, keep_result,
                                  &result);
  return kube_client_object_finish (client, wait_for (&result), error);
}

/* The pods, and a StatefulSet of no replicas whose selector picks them, as the page
 * shows the pods of a StatefulSet. */
static gboolean
seed (KubeClient  *client,
      GError     **error)
{
  g_autofree char *path = g_strdup_printf ("/sandbox/seed-pods?namespace=" NAMESPACE
                                           "&count=%d", option_pods);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) statefulset = NULL;
  g_autoptr(JsonNode) created = NULL;

  answer = request (client, "POST", path, NULL, error);
  if (answer == NULL)
    return FALSE;

  statefulset = json_from_string ("{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\","
                                  "\"metadata\":{\"name\":\"" STATEFULSET "\"},"
                                  "\"spec\":{\"replicas\":0,\"serviceName\":\"bench\","
                                  "\"selector\":{\"matchLabels\":{\"app\":\"bench\"}},"
                                  "\"template\":{\"metadata\":{\"labels\":{\"app\":\"bench\"}},"
                                  "\"spec\":{\"containers\":[{\"name\":\"main\","
                                  "\"image\":\"busybox:1.36\"}]}}}}", error);
  if (statefulset == NULL)
    return FALSE;

  created = request (client, "POST", "/apis/apps/v1/namespaces/" NAMESPACE "/statefulsets",
                     statefulset, error);

  return created != NULL;
}

/* Stalls */

typedef struct
{
  GArray *gaps_ms;      /* between ticks of the 1 ms timer */
  gint64  last_tick;
  guint   id;
} StallMeter;

static gboolean
on_meter_tick (gpointer user_data)
{
  StallMeter *meter = user_data;
  gint64 now = g_get_monotonic_time ();

  if (meter->last_tick != 0)
    {
      double gap = (now - meter->last_tick) / 1000.0;

      g_array_append_val (meter->gaps_ms, gap);
    }
  meter->last_tick = now;

  return G_SOURCE_CONTINUE;
}

static void
meter_start (StallMeter *meter)
{
  meter->gaps_ms = g_array_new (FALSE, FALSE, sizeof (double));
  meter->last_tick = 0;
  meter->id = g_timeout_add_full (G_PRIORITY_HIGH, 1, on_meter_tick, meter, NULL);
}

static void
meter_stop (StallMeter *meter,
            double     *max_ms,
            double     *p99_ms)
{
  g_clear_handle_id (&meter->id, g_source_remove);
  *max_ms = percentile (meter->gaps_ms, 1.0);
  *p99_ms = percentile (meter->gaps_ms, 0.99);
  g_clear_pointer (&meter->gaps_ms, g_array_unref);
}

static guint64
version_of (KubeObject *object)
{
  return g_ascii_strtoull (kube_object_get_resource_version (object), NULL, 10);
}

static guint64
newest_version (GListModel *model)
{
  guint64 newest = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KubeObject) object = g_list_model_get_item (model, i);

      newest = MAX (newest, version_of (object));
    }

  return newest;
}

static guint
count_newer (GListModel *model,
             guint64     version)
{
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KubeObject) object = g_list_model_get_item (model, i);

      if (version_of (object) > version)
        count++;
    }

  return count;
}

/* Modifies option_burst pods at once and runs the loop, timing its stalls, until @model
 * holds each of them in its new version.  The check runs every quarter second; its own
 * cost is in the figures, the same for the page and its peer. */
static gboolean
run_burst (KubeClient  *client,
           GListModel  *model,
           double      *max_ms,
           double      *p99_ms,
           double      *seconds,
           GError     **error)
{
  g_autofree char *path = g_strdup_printf ("/sandbox/touch-pods?namespace=" NAMESPACE
                                           "&count=%d", option_burst);
  g_autoptr(JsonNode) answer = NULL;
  guint64 before = newest_version (model);
  gint64 deadline;
  gint64 start;
  StallMeter meter = { 0 };
  guint applied = 0;

  run_for (200);
  meter_start (&meter);
  start = g_get_monotonic_time ();
  answer = request (client, "POST", path, NULL, error);
  if (answer == NULL)
    {
      meter_stop (&meter, max_ms, p99_ms);
      return FALSE;
    }

  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline
         && (applied = count_newer (model, before)) < (guint) option_burst)
    run_for (250);
  *seconds = seconds_since (start);
  meter_stop (&meter, max_ms, p99_ms);

  if (applied < (guint) option_burst)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   "only %u of %d modified pods reached the model within a minute", applied,
                   option_burst);
      return FALSE;
    }

  return TRUE;
}

/* A round of the peer: a KubeStore with no view */

typedef struct
{
  double load_s;
  double stall_max_ms;
  double stall_p99_ms;
  double burst_s;
} Round;

static gboolean
store_round (Sandbox  *sandbox,
             Round    *round,
             GError  **error)
{
  g_autoptr(KubeClient) client = NULL;
  g_autoptr(KubeClient) toucher = NULL;
  KubeStore *store;
  gint64 deadline;
  gint64 start;

  run_for (100);
  client = client_new (sandbox, error);
  toucher = client != NULL ? client_new (sandbox, error) : NULL;
  if (toucher == NULL)
    return FALSE;

  store = kube_store_new (client, kube_resource_type_get (KUBE_RESOURCE_PODS), NAMESPACE,
                          SELECTOR, NULL);
  start = g_get_monotonic_time ();
  kube_store_start (store);
  deadline = start + 120 * G_USEC_PER_SEC;
  while ((!kube_store_get_synced (store)
          || g_list_model_get_n_items (G_LIST_MODEL (store)) < (guint) option_pods)
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  round->load_s = seconds_since (start);

  if (g_list_model_get_n_items (G_LIST_MODEL (store)) != (guint) option_pods)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the store holds %u pods, not %d",
                   g_list_model_get_n_items (G_LIST_MODEL (store)), option_pods);
      kube_store_stop (store);
      g_object_unref (store);
      return FALSE;
    }

  run_for (100);

  if (!run_burst (toucher, G_LIST_MODEL (store), &round->stall_max_ms, &round->stall_p99_ms,
                  &round->burst_s, error))
    {
      kube_store_stop (store);
      g_object_unref (store);
      return FALSE;
    }

  kube_store_stop (store);
  g_assert_finalize_object (store);
  client_release (g_steal_pointer (&client));
  client_release (g_steal_pointer (&toucher));

  return TRUE;
}

/* A round of the page, in a window */

static gint64 last_paint;

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  last_paint = g_get_monotonic_time ();
}

static gboolean
page_round (Sandbox   *sandbox,
            GtkWindow *window,
            Round     *round,
            GError   **error)
{
  g_autoptr(KubeClient) client = NULL;
  g_autoptr(KubeClient) toucher = NULL;
  GtkWidget *page = deck_pods_page_new ();
  GListModel *model = deck_pods_page_get_model (DECK_PODS_PAGE (page));
  GWeakRef page_ref;
  gint64 rows_at;
  gint64 deadline;
  gint64 start;
  gboolean ok = FALSE;

  g_weak_ref_init (&page_ref, page);
  run_for (100);
  client = client_new (sandbox, error);
  toucher = client != NULL ? client_new (sandbox, error) : NULL;
  if (toucher == NULL)
    goto out;

  gtk_window_set_child (window, page);
  while (!gtk_widget_get_mapped (page))
    g_main_context_iteration (NULL, TRUE);
  run_for (100);

  /* From the cluster given to all its pods in the model, then on screen. */
  start = g_get_monotonic_time ();
  deck_pods_page_set_cluster (DECK_PODS_PAGE (page), client, NAMESPACE, STATEFULSET);
  deadline = start + 120 * G_USEC_PER_SEC;
  while (g_list_model_get_n_items (model) < (guint) option_pods
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  rows_at = g_get_monotonic_time ();
  if (g_list_model_get_n_items (model) != (guint) option_pods)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the page shows %u pods, not %d",
                   g_list_model_get_n_items (model), option_pods);
      goto out;
    }

  deadline = rows_at + 10 * G_USEC_PER_SEC;
  while (last_paint <= rows_at && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (last_paint <= rows_at)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no frame was drawn with the rows");
      goto out;
    }
  round->load_s = (last_paint - start) / (double) G_USEC_PER_SEC;

  run_for (100);

  if (!run_burst (toucher, model, &round->stall_max_ms, &round->stall_p99_ms, &round->burst_s,
                  error))
    goto out;

  ok = TRUE;

out:
  /* The page goes with the window's reference; requests under way hold it until their
   * cancellation has come back. */
  gtk_window_set_child (window, NULL);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autoptr(GObject) alive = g_weak_ref_get (&page_ref);

      if (alive == NULL)
        break;
      if (g_get_monotonic_time () > deadline)
        {
          if (ok)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         "the page was not finalized 10 s after it left its window");
          ok = FALSE;
          break;
        }
      g_clear_object (&alive);
      run_for (50);
    }
  g_weak_ref_clear (&page_ref);
  if (client != NULL)
    client_release (g_steal_pointer (&client));
  if (toucher != NULL)
    client_release (g_steal_pointer (&toucher));

  return ok;
}

/* Memory, each in a process of its own */

/* The child: loads the page (in a window) or the store once, and prints its peak RSS. */
static int
memory_child (GError **error)
{
  const char *paths[2] = { option_kubeconfig, NULL };
  Sandbox sandbox = { 0 };
  g_autoptr(KubeClient) client = NULL;
  g_autoptr(KubeStore) store = NULL;
  GtkWidget *window;
  GtkWidget *page;
  GListModel *model;
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  sandbox.config = kube_config_load (paths, error);
  if (sandbox.config == NULL)
    return 1;
  client = client_new (&sandbox, error);
  g_clear_object (&sandbox.config);
  if (client == NULL)
    return 1;

  if (g_str_equal (option_memory_of, "store"))
    {
      store = kube_store_new (client, kube_resource_type_get (KUBE_RESOURCE_PODS), NAMESPACE,
                              SELECTOR, NULL);
      kube_store_start (store);
      model = G_LIST_MODEL (store);
    }
  else
    {
      window = gtk_window_new ();
      gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
      page = deck_pods_page_new ();
      gtk_window_set_child (GTK_WINDOW (window), page);
      gtk_window_present (GTK_WINDOW (window));
      while (!gtk_widget_get_mapped (page))
        g_main_context_iteration (NULL, TRUE);
      g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                        G_CALLBACK (on_after_paint), NULL);
      deck_pods_page_set_cluster (DECK_PODS_PAGE (page), client, NAMESPACE, STATEFULSET);
      model = deck_pods_page_get_model (DECK_PODS_PAGE (page));
    }

  while (g_list_model_get_n_items (model) < (guint) option_pods
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (g_list_model_get_n_items (model) != (guint) option_pods)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%u pods loaded, not %d",
                   g_list_model_get_n_items (model), option_pods);
      return 1;
    }
  /* The rows drawn, and what the load left pending done. */
  last_paint = 0;
  run_for (500);
  if (!g_str_equal (option_memory_of, "store") && last_paint == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no frame was drawn");
      return 1;
    }

  g_print ("PEAK %.1f\n", peak_rss_mib ());
  return 0;
}

/* Runs this program as a memory child for @what; the child's peak RSS in MiB, or -1. */
static double
measure_memory (Sandbox     *sandbox,
                const char  *what,
                GError     **error)
{
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", error);
  g_autofree char *pods = g_strdup_printf ("--pods=%d", option_pods);
  g_autofree char *out = NULL;
  g_autoptr(GSubprocess) child = NULL;
  const char *line;

  if (self_path == NULL)
    return -1;
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, error, self_path, pods,
                            "--burst=1", "--memory-of", what, "--kubeconfig",
                            sandbox->kubeconfig, NULL);
  if (child == NULL || !g_subprocess_communicate_utf8 (child, NULL, NULL, &out, NULL, error))
    return -1;
  if (!g_subprocess_get_successful (child) || (line = strstr (out, "PEAK ")) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the memory run of the %s failed",
                   what);
      return -1;
    }

  return g_ascii_strtod (line + strlen ("PEAK "), NULL);
}

/* The report */

static void
print_figures (GArray *page_rounds,
               GArray *store_rounds,
               double  page_memory,
               double  store_memory)
{
  g_autoptr(GArray) page = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) store = g_array_new (FALSE, FALSE, sizeof (double));
  double page_value;
  double store_value;
  const struct
  {
    const char *what;
    gsize       offset;
    const char *unit;
  } figures[] = {
    { "until shown (page: rows + a frame; peer: synced)", G_STRUCT_OFFSET (Round, load_s), "s" },
      { "longest main-loop stall, burst", G_STRUCT_OFFSET (Round, stall_max_ms), "ms" },
    { "p99 of the gaps, burst", G_STRUCT_OFFSET (Round, stall_p99_ms), "ms" },
    { "burst applied to every row", G_STRUCT_OFFSET (Round, burst_s), "s" },
  };

  g_print ("\n== The Pods page with %d pods, beside a KubeStore of the same pods "
           "(medians of %d rounds) ==\n", option_pods, option_rounds);
  g_print ("  %-50s %12s %12s %8s\n", "", "page", "KubeStore", "ratio");
  g_print ("  %-50s %8.1f MiB %8.1f MiB %8.2f\n", "peak RSS of a process of its own",
           page_memory, store_memory, ratio (page_memory, store_memory));

  for (guint f = 0; f < G_N_ELEMENTS (figures); f++)
    {
      g_array_set_size (page, 0);
      g_array_set_size (store, 0);
      for (guint i = 0; i < page_rounds->len; i++)
        {
          Round *round = &g_array_index (page_rounds, Round, i);
          double value = G_STRUCT_MEMBER (double, round, figures[f].offset);

          g_array_append_val (page, value);
        }
      for (guint i = 0; i < store_rounds->len; i++)
        {
          Round *round = &g_array_index (store_rounds, Round, i);
          double value = G_STRUCT_MEMBER (double, round, figures[f].offset);

          g_array_append_val (store, value);
        }
      page_value = median (page);
      store_value = median (store);
      g_print ("  %-50s %8.3f %-3s %8.3f %-3s %8.2f\n", figures[f].what, page_value,
               figures[f].unit, store_value, figures[f].unit, ratio (page_value, store_value));
    }

  g_print ("  each round (page / peer):\n");
  for (guint i = 0; i < page_rounds->len && i < store_rounds->len; i++)
    {
      Round *p = &g_array_index (page_rounds, Round, i);
      Round *s = &g_array_index (store_rounds, Round, i);

      g_print ("    %u: shown %.3f / %.3f s, stall %.1f / %.1f ms (p99 %.2f / %.2f), "
               "burst %.2f / %.2f s\n", i + 1, p->load_s, s->load_s, p->stall_max_ms,
               s->stall_max_ms, p->stall_p99_ms, s->stall_p99_ms, p->burst_s, s->burst_s);
    }
  g_print ("  peak RSS of this process, all rounds: %.1f MiB\n", peak_rss_mib ());
  g_print ("Timings are figures, not pass/fail: the machine is shared and noisy.\n");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KubeClient) client = NULL;
  g_autoptr(GArray) page_rounds = g_array_new (FALSE, TRUE, sizeof (Round));
  g_autoptr(GArray) store_rounds = g_array_new (FALSE, TRUE, sizeof (Round));
  GOptionEntry entries[] = {
    { "pods", 0, 0, G_OPTION_ARG_INT, &option_pods, "Pods in the namespace (10000)", "N" },
    { "burst", 0, 0, G_OPTION_ARG_INT, &option_burst, "Pods modified at once (5000)", "N" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &option_rounds, "Rounds of each (3)", "N" },
    { "memory-of", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &option_memory_of,
      "Load the page or the store once and print the peak RSS", "page|store" },
    { "kubeconfig", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &option_kubeconfig,
      "The sandbox's kubeconfig, for --memory-of", "PATH" },
    G_OPTION_ENTRY_NULL
  };
  GtkWidget *window = NULL;
  Sandbox sandbox = { 0 };
  double page_memory;
  double store_memory;
  int status = 1;

  context = g_option_context_new ("- the Pods page against searchdeck-sandbox");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (option_pods < 1 || option_burst < 1 || option_burst > option_pods || option_rounds < 1)
    {
      g_printerr ("--pods, --burst and --rounds must be positive, the burst no larger than "
                  "the pods\n");
      return 2;
    }

  if (option_memory_of != NULL)
    {
      if (option_kubeconfig == NULL || !gtk_init_check ())
        return 2;
      adw_init ();
      status = memory_child (&error);
      if (error != NULL)
        g_printerr ("%s\n", error->message);
      return status;
    }

  if (g_getenv ("SANDBOX_PATH") == NULL)
    {
      g_print ("SANDBOX_PATH is not set: run this through `meson test --benchmark`\n");
      return 77;
    }
  if (!gtk_init_check ())
    {
      g_print ("No display: run this under Xvfb (build-aux/dev, or xvfb-run)\n");
      return 77;
    }
  adw_init ();

  if (!sandbox_start (&sandbox, &error))
    goto out;
  client = client_new (&sandbox, &error);
  if (client == NULL || !seed (client, &error))
    goto out;
  client_release (g_steal_pointer (&client));
  g_print ("The sandbox holds %d pods in namespace %s; RSS before the rounds: %.1f MiB\n",
           option_pods, NAMESPACE, rss_now_mib ());

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint), NULL);

  /* Alternating, so that a slow moment of the machine weighs on both. */
  for (int i = 0; i < option_rounds; i++)
    {
      Round round = { 0 };

      if (!store_round (&sandbox, &round, &error))
        goto out;
      g_array_append_val (store_rounds, round);
      g_print ("round %d, KubeStore: synced in %.3f s, longest stall %.1f ms\n", i + 1,
               round.load_s, round.stall_max_ms);

      memset (&round, 0, sizeof round);
      if (!page_round (&sandbox, GTK_WINDOW (window), &round, &error))
        goto out;
      g_array_append_val (page_rounds, round);
      g_print ("round %d, page: shown in %.3f s, longest stall %.1f ms\n", i + 1,
               round.load_s, round.stall_max_ms);
    }

  store_memory = measure_memory (&sandbox, "store", &error);
  if (store_memory < 0)
    goto out;
  page_memory = measure_memory (&sandbox, "page", &error);
  if (page_memory < 0)
    goto out;

  print_figures (page_rounds, store_rounds, page_memory, store_memory);
  status = 0;

out:
  if (error != NULL)
    g_printerr ("The benchmark did not work: %s\n", error->message);
  if (client != NULL)
    client_release (g_steal_pointer (&client));
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  sandbox_stop (&sandbox);

  return status;
}
