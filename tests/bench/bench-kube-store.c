/* bench-kube-store.c: figures for KubeStore against searchdeck-sandbox: how fast it lists
 * 10,000 pods beside `kubectl get pods -o json`, how much memory it holds per pod, and how
 * long the main loop stalls while it digests a burst of watch events
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This is a benchmark, not a test: it prints figures and the targets of issue 3 beside them,
 * and fails only when it cannot run.  The machines it runs on are shared and noisy, so every
 * time is shown next to a peer measured in the same run: kubectl against the same sandbox,
 * in alternating rounds, for the list; the same 1 ms timer on an idle main loop, in
 * alternating windows, for the stalls.  Where the wall clock says little on a loaded
 * machine, CPU time says more: each lister's own, the sandbox's while it served them, and the
 * main thread's within each gap between timer ticks (work of this process, as opposed to
 * time spent waiting for a core).
 *
 * The sandbox runs as a child process ($SANDBOX_PATH, as for the tests) so that it does not
 * share this process's main loop or heap.  Heap figures come from mallinfo2(); GSlice would
 * keep freed objects in its magazines and hide them, so the program runs itself again with
 * G_SLICE=always-malloc when that is not set.
 */

#include <errno.h>
#include <glib/gstdio.h>
#include <malloc.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "kube-client.h"
#include "kube-config.h"
#include "kube-connection.h"
#include "kube-store.h"

#define NAMESPACE "bench"

#define TARGET_RATIO 0.5
#define TARGET_BYTES_PER_POD 2048.0
#define TARGET_STALL_MS 16.0

static int option_pods = 10000;
static int option_rounds = 5;
static int option_burst = 5000;
static int option_burst_rounds = 3;

typedef struct
{
  GSubprocess *process;
  char        *state_dir;
  char        *home_dir;
  char        *kubeconfig;
  char        *kubectl;       /* NULL when kubectl is not installed */
  KubeConfig  *config;
} Bench;

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
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

static gboolean
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @milliseconds, so that what is pending (threads handing results
 * back, cancelled operations) finishes. */
static void
spin (guint milliseconds)
{
  gboolean done = FALSE;

  g_timeout_add (milliseconds, set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Bytes the process has allocated with malloc, whether in arenas or mmapped. */
static gint64
heap_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return (gint64) info.uordblks + (gint64) info.hblkhd;
}

/* User and system CPU seconds of this process, or of its children that have been waited for. */
static double
cpu_seconds (int who)
{
  struct rusage usage;

  if (getrusage (who, &usage) != 0)
    return 0;

  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
         + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / (double) G_USEC_PER_SEC;
}

static double
peak_rss_mib (int who)
{
  struct rusage usage;

  if (getrusage (who, &usage) != 0)
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

/* The value below which @fraction of @values lie (nearest rank); sorts @values. */
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
  g_autoptr(GArray) copy = NULL;

  if (values->len == 0)
    return 0;

  copy = g_array_copy (values);
  g_array_sort (copy, compare_doubles);
  if (copy->len % 2 == 1)
    return g_array_index (copy, double, copy->len / 2);

  return (g_array_index (copy, double, copy->len / 2 - 1)
          + g_array_index (copy, double, copy->len / 2)) / 2;
}

static const char *
verdict (gboolean met)
{
  return met ? "met" : "MISSED";
}

/* The sandbox */

static gboolean
sandbox_start (Bench   *bench,
               GError **error)
{
  const char *path = g_getenv ("SANDBOX_PATH");
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) words = NULL;
  const char *paths[2] = { NULL, NULL };

  bench->state_dir = g_dir_make_tmp ("bench-kube-store-XXXXXX", error);
  if (bench->state_dir == NULL)
    return FALSE;

  bench->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                     | G_SUBPROCESS_FLAGS_STDOUT_PIPE, error,
                                     path, "--state-dir", bench->state_dir,
                                     "--exit-on-stdin-eof", NULL);
  if (bench->process == NULL)
    return FALSE;

  /* Nothing else runs yet: a blocking read of the READY line is simplest. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bench->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, error);
  if (line == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the sandbox exited before READY");
      return FALSE;
    }

  words = g_strsplit (line, " ", 3);
  if (g_strv_length (words) != 3 || !g_str_equal (words[0], "READY"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the sandbox said “%s”", line);
      return FALSE;
    }

  bench->kubeconfig = g_strdup (words[2]);
  paths[0] = bench->kubeconfig;
  bench->config = kube_config_load (paths, error);
  return bench->config != NULL;
}

static void
sandbox_stop (Bench *bench)
{
  if (bench->process != NULL)
    {
      g_output_stream_close (g_subprocess_get_stdin_pipe (bench->process), NULL, NULL);
      g_subprocess_wait (bench->process, NULL, NULL);
    }

  g_clear_object (&bench->process);
  g_clear_object (&bench->config);
  if (bench->state_dir != NULL)
    remove_tree (bench->state_dir);
  if (bench->home_dir != NULL)
    remove_tree (bench->home_dir);
  g_clear_pointer (&bench->state_dir, g_free);
  g_clear_pointer (&bench->home_dir, g_free);
  g_clear_pointer (&bench->kubeconfig, g_free);
  g_clear_pointer (&bench->kubectl, g_free);
}

/* The CPU seconds the sandbox has used so far, from /proc/PID/stat (0 when unreadable): the
 * share of a list's time that is the server's, the same for both listers. */
static double
sandbox_cpu_seconds (Bench *bench)
{
  const char *pid = g_subprocess_get_identifier (bench->process);
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid ? pid : "0");
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;
  const char *end;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;

  /* The command name, in parentheses, may hold spaces: count fields after it. */
  end = strrchr (contents, ')');
  if (end == NULL)
    return 0;

  /* Fields 14 and 15 (utime, stime) are the 12th and 13th after the name. */
  fields = g_strsplit (end + 2, " ", 14);
  if (g_strv_length (fields) < 14)
    return 0;

  return (g_ascii_strtoull (fields[11], NULL, 10) + g_ascii_strtoull (fields[12], NULL, 10))
         / (double) sysconf (_SC_CLK_TCK);
}

static KubeClient *
client_new (Bench   *bench,
            GError **error)
{
  g_autoptr(KubeConnection) connection = kube_connection_new (bench->config, NULL, error);

  if (connection == NULL)
    return NULL;

  return kube_client_new (connection);
}

/* Lets cancelled requests of @client finish before the last reference goes. */
static void
client_free (KubeClient *client)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (G_OBJECT (client)->ref_count > 1 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);

  g_object_unref (client);
}

/* POSTs to one of the sandbox's own endpoints and returns the answer. */
static JsonNode *
sandbox_post (KubeClient  *client,
              const char  *path,
              GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  kube_client_request_json_async (client, "POST", path, NULL, NULL, NULL, store_result,
                                  &result);
  return kube_client_object_finish (client, wait_result (&result), error);
}

static gint64
answer_count (JsonNode   *answer,
              const char *member)
{
  JsonObject *object = answer && JSON_NODE_HOLDS_OBJECT (answer)
                       ? json_node_get_object (answer) : NULL;
  JsonNode *value = object ? json_object_get_member (object, member) : NULL;

  if (value == NULL || json_node_get_value_type (value) != G_TYPE_INT64)
    return -1;

  return json_node_get_int (value);
}

/* (a) kubectl */

/* Runs `kubectl get pods -o json` to the end of its output; returns the seconds it took, or
 * a negative number on failure.  @bytes receives the size of the output, @cpu the CPU
 * seconds kubectl used. */
static double
time_kubectl (Bench  *bench,
              gsize  *bytes,
              double *cpu,
              GError **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *buffer = g_malloc (64 * 1024);
  GInputStream *out;
  gint64 start;
  gint64 end;
  gssize got;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "KUBECONFIG", bench->kubeconfig, TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", bench->home_dir, TRUE);

  *bytes = 0;
  *cpu = cpu_seconds (RUSAGE_CHILDREN);
  start = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawn (launcher, error, bench->kubectl, "get", "pods",
                                         "-n", NAMESPACE, "-o", "json", NULL);
  if (process == NULL)
    return -1;

  /* Read as a terminal or a pipe would, and throw away. */
  out = g_subprocess_get_stdout_pipe (process);
  while ((got = g_input_stream_read (out, buffer, 64 * 1024, NULL, error)) > 0)
    *bytes += (gsize) got;
  if (got < 0 || !g_subprocess_wait_check (process, NULL, error))
    return -1;

  end = g_get_monotonic_time ();
  *cpu = cpu_seconds (RUSAGE_CHILDREN) - *cpu;
  return (end - start) / (double) G_USEC_PER_SEC;
}

/* (b) KubeStore */

typedef struct
{
  double seconds;      /* start to synced */
  double cpu;          /* CPU seconds of this process (all threads) meanwhile */
  guint  n_items;
  gint64 held_bytes;   /* the heap the store held once synced, freed when it went */
  gint64 grown_bytes;  /* the heap's growth from before the connection to synced */
  gint64 list_bytes;   /* the heap's growth when the list had been read, its JSON alive */
} StoreRound;

/* Runs after the store's own handler, while the list's JSON trees are still alive. */
static void
on_watch_listed (KubeWatch *watch,
                 KubeList  *list,
                 gpointer   user_data)
{
  gint64 *heap = user_data;

  *heap = MAX (*heap, heap_in_use ());
}

static void
on_synced (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  *(gint64 *) user_data = g_get_monotonic_time ();
}

/* A KubeStore of the namespace's pods, started, and run until it is synced.  Returns it, or
 * NULL on failure; @seconds receives the time from the connection's creation to synced. */
static KubeStore *
store_new_synced (Bench       *bench,
                  KubeClient **client_out,
                  double      *seconds,
                  gint64      *list_heap,
                  GError     **error)
{
  const KubeResourceType *pods = kube_resource_type_get (KUBE_RESOURCE_PODS);
  g_autoptr(KubeClient) client = NULL;
  g_autoptr(KubeStore) store = NULL;
  gint64 synced_at = 0;
  gint64 start;

  start = g_get_monotonic_time ();
  client = client_new (bench, error);
  if (client == NULL)
    return NULL;

  store = kube_store_new (client, pods, NAMESPACE, NULL, NULL);
  g_signal_connect (store, "notify::synced", G_CALLBACK (on_synced), &synced_at);
  if (list_heap != NULL)
    g_signal_connect (kube_store_get_watch (store), "synced", G_CALLBACK (on_watch_listed),
                      list_heap);
  kube_store_start (store);

  while (synced_at == 0 && kube_store_get_error (store) == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_signal_handlers_disconnect_by_func (store, on_synced, &synced_at);
  if (list_heap != NULL)
    g_signal_handlers_disconnect_by_func (kube_store_get_watch (store), on_watch_listed,
                                          list_heap);
  if (synced_at == 0)
    {
      g_propagate_error (error, g_error_copy (kube_store_get_error (store)));
      kube_store_stop (store);
      client_free (g_steal_pointer (&client));
      return NULL;
    }

  *seconds = (synced_at - start) / (double) G_USEC_PER_SEC;
  *client_out = g_steal_pointer (&client);
  return g_steal_pointer (&store);
}

static gboolean
time_store (Bench      *bench,
            StoreRound *round,
            GError    **error)
{
  g_autoptr(KubeStore) store = NULL;
  KubeClient *client = NULL;
  gint64 before;
  gint64 synced;
  gint64 released;

  spin (20);
  before = heap_in_use ();

  round->cpu = cpu_seconds (RUSAGE_SELF);
  round->list_bytes = 0;
  store = store_new_synced (bench, &client, &round->seconds, &round->list_bytes, error);
  if (store == NULL)
    return FALSE;

  round->cpu = cpu_seconds (RUSAGE_SELF) - round->cpu;

  round->n_items = g_list_model_get_n_items (G_LIST_MODEL (store));

  /* The list's pages and parse buffers are gone once pending callbacks have run; the watch
   * that follows the list is open, as it is in the application. */
  spin (50);
  synced = heap_in_use ();

  kube_store_stop (store);
  g_assert_finalize_object (g_steal_pointer (&store));
  spin (20);
  released = heap_in_use ();

  round->held_bytes = synced - released;
  round->grown_bytes = synced - before;
  round->list_bytes -= before;
  client_free (client);
  return TRUE;
}

/* (c) Stalls during a watch burst */

/* A gap between ticks is the main loop's stall as a user would feel it; the main thread's
 * CPU time within the gap tells work of this process from the machine's other loads. */
typedef struct
{
  GArray *gaps_ms;     /* wall time between ticks of a 1 ms timer */
  GArray *busy_ms;     /* the main thread's CPU time in each gap */
  gint64  last_tick;
  gint64  last_cpu;
} StallMeter;

static gint64
thread_cpu_time (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static gboolean
stall_meter_tick (gpointer user_data)
{
  StallMeter *meter = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_time ();

  if (meter->last_tick != 0)
    {
      double gap = (now - meter->last_tick) / 1000.0;
      double busy = (cpu - meter->last_cpu) / 1000.0;

      g_array_append_val (meter->gaps_ms, gap);
      g_array_append_val (meter->busy_ms, busy);
    }

  meter->last_tick = now;
  meter->last_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

static void
stall_meter_reset (StallMeter *meter)
{
  g_array_set_size (meter->gaps_ms, 0);
  g_array_set_size (meter->busy_ms, 0);
  meter->last_tick = 0;
}

typedef struct
{
  guint  modified;
  gint64 first_event;
  gint64 last_event;
  gint64 last_change;  /* the last ::items-changed */
  guint  batches;      /* ::items-changed emitted */
} BurstCounter;

static void
on_watch_event (KubeWatch    *watch,
                int           type,
                JsonNode     *object,
                BurstCounter *counter)
{
  gint64 now = g_get_monotonic_time ();

  if (type != KUBE_WATCH_EVENT_MODIFIED)
    return;

  if (counter->modified++ == 0)
    counter->first_event = now;
  counter->last_event = now;
}

static void
on_items_changed (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  BurstCounter *counter)
{
  counter->last_change = g_get_monotonic_time ();
  counter->batches++;
}

typedef struct
{
  double max_ms;
  double p99_ms;
  double p50_ms;
  double busy_max_ms;  /* the most CPU time the main thread spent in one gap */
  double busy_p99_ms;
  guint  ticks;
  guint  over_target;  /* gaps longer than TARGET_STALL_MS */
} StallFigures;

static void
stall_figures (StallMeter   *meter,
               StallFigures *figures)
{
  figures->ticks = meter->gaps_ms->len;
  figures->over_target = 0;
  for (guint i = 0; i < meter->gaps_ms->len; i++)
    if (g_array_index (meter->gaps_ms, double, i) > TARGET_STALL_MS)
      figures->over_target++;
  figures->p50_ms = percentile (meter->gaps_ms, 0.50);
  figures->p99_ms = percentile (meter->gaps_ms, 0.99);
  figures->max_ms = percentile (meter->gaps_ms, 1.0);
  figures->busy_p99_ms = percentile (meter->busy_ms, 0.99);
  figures->busy_max_ms = percentile (meter->busy_ms, 1.0);
}

/* Touches @count pods and runs the loop until the store has applied all their MODIFIED
 * events; returns FALSE when they do not come within a minute. */
static gboolean
run_burst (KubeClient   *client,
           KubeStore    *store,
           BurstCounter *counter,
           guint         count,
           double       *digest_seconds,
           GError      **error)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) answer = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  gint64 start;

  memset (counter, 0, sizeof *counter);
  path = g_strdup_printf ("/sandbox/touch-pods?namespace=" NAMESPACE "&count=%u", count);
  start = g_get_monotonic_time ();
  answer = sandbox_post (client, path, error);
  if (answer == NULL)
    return FALSE;

  if (answer_count (answer, "touched") != count)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the sandbox touched %d pods, not %u",
                   (int) answer_count (answer, "touched"), count);
      return FALSE;
    }

  while ((counter->modified < count || counter->last_change < counter->last_event)
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  if (counter->modified < count)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   "only %u of %u MODIFIED events arrived within a minute", counter->modified,
                   count);
      return FALSE;
    }

  if (kube_store_get_error (store) != NULL)
    {
      g_propagate_error (error, g_error_copy (kube_store_get_error (store)));
      return FALSE;
    }

  *digest_seconds = (counter->last_change - start) / (double) G_USEC_PER_SEC;
  return TRUE;
}

/* The report */

typedef struct
{
  double       kubectl_s;      /* medians; kubectl_s < 0 when kubectl did not run */
  double       store_s;
  double       kubectl_cpu_s;
  double       store_cpu_s;
  double       kubectl_server_s; /* the sandbox's CPU while each lister ran */
  double       store_server_s;
  double       ratio;
  double       bytes_per_pod;
  double       grown_per_pod;
  double       list_heap_mib;  /* the heap's growth when the list ended, its JSON alive */
  double       peak_rss_mib;
  double       kubectl_rss_mib;
  double       kubectl_bytes_per_pod;
  StallFigures burst;          /* worst burst window */
  StallFigures idle;           /* worst idle window */
  double       burst_busy_max_ms;  /* over all burst windows */
  guint        burst_over;     /* gaps over the target, all burst windows */
  guint        burst_ticks;
  guint        idle_over;
  guint        idle_ticks;
  double       median_burst_max_ms;
  double       median_idle_max_ms;
  double       digest_s;       /* median time from the touch request to the last batch */
  guint        batches;        /* of the last burst */
} Figures;

static gboolean
measure_list (Bench    *bench,
              Figures  *figures,
              GError  **error)
{
  g_autoptr(GArray) kubectl_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) store_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) kubectl_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) store_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) kubectl_server = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) store_server = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) held = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) grown = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) list_heap = g_array_new (FALSE, FALSE, sizeof (double));
  StoreRound warm_up = { 0 };
  gsize bytes = 0;
  double cpu = 0;

  g_print ("\n(a, b) Listing %d pods: kubectl get pods -o json beside a KubeStore, "
           "%d rounds each, alternating, after one warm-up of each\n",
           option_pods, option_rounds);

  /* The warm-up fills kubectl's discovery cache, as on a user's machine, and initializes
   * the classes and TLS of this process. */
  if (bench->kubectl != NULL && time_kubectl (bench, &bytes, &cpu, error) < 0)
    return FALSE;
  if (!time_store (bench, &warm_up, error))
    return FALSE;

  for (int i = 0; i < option_rounds; i++)
    {
      for (int step = 0; step < 2; step++)
        {
          /* Even rounds start with kubectl, odd rounds with the store. */
          gboolean kubectl_turn = (step == 0) == (i % 2 == 0);

          if (kubectl_turn && bench->kubectl != NULL)
            {
              double server = sandbox_cpu_seconds (bench);
              double seconds = time_kubectl (bench, &bytes, &cpu, error);

              if (seconds < 0)
                return FALSE;

              server = sandbox_cpu_seconds (bench) - server;
              g_array_append_val (kubectl_times, seconds);
              g_array_append_val (kubectl_cpu, cpu);
              g_array_append_val (kubectl_server, server);
              g_print ("  round %d  kubectl    %7.3f s, CPU %6.3f s, sandbox CPU %6.3f s  (%"
                       G_GSIZE_FORMAT " bytes of JSON)\n", i + 1, seconds, cpu, server, bytes);
            }
          else if (!kubectl_turn)
            {
              StoreRound round = { 0 };
              double server = sandbox_cpu_seconds (bench);
              double per_pod;
              double grown_per_pod;
              double list_mib;

              if (!time_store (bench, &round, error))
                return FALSE;

              server = sandbox_cpu_seconds (bench) - server;
              g_array_append_val (store_server, server);

              if (round.n_items != (guint) option_pods)
                {
                  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                               "the store synced with %u pods, not %d", round.n_items,
                               option_pods);
                  return FALSE;
                }

              per_pod = round.held_bytes / (double) option_pods;
              grown_per_pod = round.grown_bytes / (double) option_pods;
              g_array_append_val (store_times, round.seconds);
              g_array_append_val (store_cpu, round.cpu);
              g_array_append_val (held, per_pod);
              g_array_append_val (grown, grown_per_pod);
              list_mib = round.list_bytes / (1024.0 * 1024.0);
              g_array_append_val (list_heap, list_mib);
              g_print ("  round %d  KubeStore  %7.3f s, CPU %6.3f s, sandbox CPU %6.3f s  (%u "
                       "items, heap held %.0f B/pod, grown %.0f B/pod, %.1f MiB as the list "
                       "ended)\n", i + 1, round.seconds, round.cpu, server, round.n_items,
                       per_pod, grown_per_pod, list_mib);
            }
        }
    }

  figures->store_s = median (store_times);
  figures->store_cpu_s = median (store_cpu);
  figures->kubectl_cpu_s = median (kubectl_cpu);
  figures->store_server_s = median (store_server);
  figures->kubectl_server_s = median (kubectl_server);
  figures->kubectl_s = bench->kubectl != NULL ? median (kubectl_times) : -1;
  figures->ratio = figures->kubectl_s > 0 ? figures->store_s / figures->kubectl_s : -1;
  figures->bytes_per_pod = median (held);
  figures->grown_per_pod = median (grown);
  figures->list_heap_mib = median (list_heap);
  figures->peak_rss_mib = peak_rss_mib (RUSAGE_SELF);
  figures->kubectl_rss_mib = bench->kubectl != NULL ? peak_rss_mib (RUSAGE_CHILDREN) : -1;
  figures->kubectl_bytes_per_pod = bytes / (double) option_pods;
  return TRUE;
}

static void
print_stalls (const char   *label,
              StallFigures *figures)
{
  g_print ("  %-22s gap: longest %6.2f ms, p99 %5.2f ms, median %5.2f ms, %u of %u over "
           "%.0f ms; main thread busy in a gap: longest %5.2f ms, p99 %5.2f ms\n", label,
           figures->max_ms, figures->p99_ms, figures->p50_ms, figures->over_target,
           figures->ticks, TARGET_STALL_MS, figures->busy_max_ms, figures->busy_p99_ms);
}

static gboolean
measure_burst (Bench    *bench,
               Figures  *figures,
               GError  **error)
{
  g_autoptr(GArray) burst_max = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) idle_max = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) digests = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(KubeStore) store = NULL;
  g_autoptr(GSource) timer = NULL;
  KubeClient *client = NULL;
  StallMeter meter = { 0 };
  BurstCounter counter = { 0 };
  double seconds = 0;
  gboolean ok = FALSE;

  g_print ("\n(c) Bursts of %d MODIFIED events into a synced store of %d pods, %d rounds, "
           "each after an idle window of 1 s; a 1 ms timer ticks throughout\n",
           option_burst, option_pods, option_burst_rounds);

  store = store_new_synced (bench, &client, &seconds, NULL, error);
  if (store == NULL)
    return FALSE;

  g_signal_connect (kube_store_get_watch (store), "event", G_CALLBACK (on_watch_event),
                    &counter);
  g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed), &counter);

  meter.gaps_ms = g_array_new (FALSE, FALSE, sizeof (double));
  meter.busy_ms = g_array_new (FALSE, FALSE, sizeof (double));
  timer = g_timeout_source_new (1);
  g_source_set_callback (timer, stall_meter_tick, &meter, NULL);
  g_source_attach (timer, NULL);

  /* The watch stream opens after the list: let it settle before the first window. */
  spin (200);

  for (int i = 0; i < option_burst_rounds; i++)
    {
      StallFigures idle;
      StallFigures burst;
      double digest = 0;

      stall_meter_reset (&meter);
      spin (1000);
      stall_figures (&meter, &idle);

      stall_meter_reset (&meter);
      if (!run_burst (client, store, &counter, (guint) option_burst, &digest, error))
        goto out;
      stall_figures (&meter, &burst);

      g_print ("  round %d\n", i + 1);
      print_stalls ("idle main loop, 1 s", &idle);
      print_stalls ("during the burst", &burst);
      g_print ("  %-22s %.3f s from the request to the last batch, %u batches, events "
               "over %.3f s\n", "", digest, counter.batches,
               (counter.last_event - counter.first_event) / (double) G_USEC_PER_SEC);

      g_array_append_val (burst_max, burst.max_ms);
      g_array_append_val (idle_max, idle.max_ms);
      g_array_append_val (digests, digest);
      if (i == 0 || burst.max_ms > figures->burst.max_ms)
        figures->burst = burst;
      if (i == 0 || idle.max_ms > figures->idle.max_ms)
        figures->idle = idle;
      figures->burst_busy_max_ms = MAX (figures->burst_busy_max_ms, burst.busy_max_ms);
      figures->burst_over += burst.over_target;
      figures->burst_ticks += burst.ticks;
      figures->idle_over += idle.over_target;
      figures->idle_ticks += idle.ticks;
      figures->batches = counter.batches;
    }

  figures->median_burst_max_ms = median (burst_max);
  figures->median_idle_max_ms = median (idle_max);
  figures->digest_s = median (digests);
  ok = TRUE;

out:
  g_source_destroy (timer);
  g_array_unref (meter.gaps_ms);
  g_array_unref (meter.busy_ms);
  g_signal_handlers_disconnect_by_data (kube_store_get_watch (store), &counter);
  kube_store_stop (store);
  g_assert_finalize_object (g_steal_pointer (&store));
  client_free (client);
  return ok;
}

static void
print_summary (Figures *figures)
{
  g_print ("\n== Summary: KubeStore with %d pods, against the targets of issue 3 ==\n",
           option_pods);

  if (figures->kubectl_s > 0)
    g_print ("  list, KubeStore / kubectl (medians)  %.3f s / %.3f s = %.3f   "
             "target <= %.1f    %s\n", figures->store_s, figures->kubectl_s, figures->ratio,
             TARGET_RATIO, verdict (figures->ratio <= TARGET_RATIO));
  else
    g_print ("  list, KubeStore (median)             %.3f s; no kubectl, so no ratio\n",
             figures->store_s);
  g_print ("    CPU used meanwhile (medians)       KubeStore %.3f s, kubectl %.3f s\n",
           figures->store_cpu_s, figures->kubectl_cpu_s);
  g_print ("    the sandbox's CPU serving them     %.3f s for KubeStore, %.3f s for kubectl\n",
           figures->store_server_s, figures->kubectl_server_s);

  g_print ("  heap held per pod (median)           %.0f B (%.2f KiB)           "
           "target <= %.0f B   %s\n", figures->bytes_per_pod, figures->bytes_per_pod / 1024,
           TARGET_BYTES_PER_POD, verdict (figures->bytes_per_pod <= TARGET_BYTES_PER_POD));
  g_print ("    counting the connection too        %.0f B\n", figures->grown_per_pod);
  g_print ("    heap grown as the list ended       %.1f MiB (all pages' JSON still alive)\n",
           figures->list_heap_mib);

  g_print ("  peak RSS, this process               %.1f MiB after the lists, %.1f MiB at the "
           "end\n", figures->peak_rss_mib, peak_rss_mib (RUSAGE_SELF));
  if (figures->kubectl_rss_mib > 0)
    g_print ("    kubectl's peak RSS                 %.1f MiB (its JSON: %.0f B/pod)\n",
             figures->kubectl_rss_mib, figures->kubectl_bytes_per_pod);

  g_print ("  longest main-loop stall, burst       %.2f ms (p99 %.2f ms; median of rounds "
           "%.2f ms)   target <= %.0f ms   %s\n", figures->burst.max_ms, figures->burst.p99_ms,
           figures->median_burst_max_ms, TARGET_STALL_MS,
           verdict (figures->burst.max_ms <= TARGET_STALL_MS));
  g_print ("    gaps over %.0f ms                   %u of %u ticks\n", TARGET_STALL_MS,
           figures->burst_over, figures->burst_ticks);
  g_print ("    main thread busy in one gap        %.2f ms at most, all rounds\n",
           figures->burst_busy_max_ms);
  g_print ("    peer: longest gap, idle loop       %.2f ms (p99 %.2f ms; median of rounds "
           "%.2f ms); %u of %u ticks over %.0f ms\n", figures->idle.max_ms, figures->idle.p99_ms,
           figures->median_idle_max_ms, figures->idle_over, figures->idle_ticks,
           TARGET_STALL_MS);
  g_print ("  burst applied in (median)            %.3f s from the request to the last "
           "batch\n", figures->digest_s);
  g_print ("Timings are figures, not pass/fail: the machine is shared and noisy.\n");
}

/* GSlice (GLib 2.74) keeps freed blocks to itself; malloc's counters see everything only
 * when it hands each block to malloc.  It reads G_SLICE before main(), hence the exec. */
static void
ensure_always_malloc (char **argv)
{
  if (g_strcmp0 (g_getenv ("G_SLICE"), "always-malloc") == 0)
    return;

  g_setenv ("G_SLICE", "always-malloc", TRUE);
  execv ("/proc/self/exe", argv);
  g_printerr ("Could not run again with G_SLICE=always-malloc: %s; heap figures may be low\n",
              g_strerror (errno));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KubeClient) client = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *seed_path = NULL;
  GOptionEntry entries[] = {
    { "pods", 0, 0, G_OPTION_ARG_INT, &option_pods, "Pods to list (10000)", "N" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &option_rounds, "Timed rounds of each lister (5)",
      "N" },
    { "burst", 0, 0, G_OPTION_ARG_INT, &option_burst, "Events in a burst (5000)", "N" },
    { "burst-rounds", 0, 0, G_OPTION_ARG_INT, &option_burst_rounds, "Bursts (3)", "N" },
    G_OPTION_ENTRY_NULL
  };
  Bench bench = { 0 };
  Figures figures = { 0 };
  int status = 1;

  ensure_always_malloc (argv);

  context = g_option_context_new ("- KubeStore against searchdeck-sandbox and kubectl");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (option_pods < 1 || option_rounds < 1 || option_burst < 1 || option_burst > option_pods
      || option_burst_rounds < 1)
    {
      g_printerr ("--pods, --rounds, --burst and --burst-rounds must be positive, and the "
                  "burst no larger than the pods\n");
      return 2;
    }

  if (g_getenv ("SANDBOX_PATH") == NULL)
    {
      g_print ("SANDBOX_PATH is not set: run this through `meson test --benchmark`\n");
      return 77;
    }

  bench.kubectl = g_find_program_in_path ("kubectl");
  if (bench.kubectl == NULL)
    g_print ("kubectl is not installed: the list is timed without its peer\n");

  if (!sandbox_start (&bench, &error))
    goto out;

  bench.home_dir = g_dir_make_tmp ("bench-kube-store-home-XXXXXX", &error);
  if (bench.home_dir == NULL)
    goto out;

  client = client_new (&bench, &error);
  if (client == NULL)
    goto out;

  seed_path = g_strdup_printf ("/sandbox/seed-pods?namespace=" NAMESPACE "&count=%d",
                               option_pods);
  answer = sandbox_post (client, seed_path, &error);
  if (answer == NULL)
    goto out;

  g_print ("The sandbox holds %d pods in namespace %s; peak RSS before any list: %.1f MiB\n",
           (int) answer_count (answer, "created"), NAMESPACE, peak_rss_mib (RUSAGE_SELF));
  client_free (g_steal_pointer (&client));

  if (!measure_list (&bench, &figures, &error) || !measure_burst (&bench, &figures, &error))
    goto out;

  print_summary (&figures);
  status = 0;

out:
  if (error != NULL)
    g_printerr ("The benchmark could not run: %s\n", error->message);
  if (client != NULL)
    client_free (g_steal_pointer (&client));
  sandbox_stop (&bench);
  return status;
}
