/* test-sandbox-kubectl.c: real kubectl against searchdeck-sandbox
 *
 * Starts the built sandbox (SANDBOX_PATH) with the demo seed and runs the
 * installed kubectl against it, checking each command's output, exit code
 * and the object's state read back.  Skipped only when kubectl is not on
 * PATH.
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "sandbox-process.h"
#include "scratch-dir.h"

typedef struct
{
  SandboxProcess *process;
  char           *home;         /* kubectl's, for its cache and the files the tests write */
  const char     *state_dir;    /* the process's */
  const char     *url;
  const char     *kubeconfig;
} Sandbox;

static Sandbox *the_sandbox;

static Sandbox *
sandbox_start (void)
{
  const char * const args[] = {
    "--ready-delay", "300", "--delete-delay", "300", "--log-interval", "100", NULL
  };
  Sandbox *sandbox = g_new0 (Sandbox, 1);

  sandbox->process = sandbox_process_start ("test-sandbox", NULL, args);
  sandbox->home = scratch_dir_new ("test-sandbox-home");
  sandbox->state_dir = sandbox->process->state_dir;
  sandbox->url = sandbox->process->url;
  sandbox->kubeconfig = sandbox->process->kubeconfig;

  return sandbox;
}

static void
sandbox_stop (Sandbox *sandbox)
{
  sandbox_process_stop (sandbox->process);
  scratch_dir_remove (sandbox->home);
  g_free (sandbox->home);
  g_free (sandbox);
}

static GSubprocessLauncher *
kubectl_launcher (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_setenv (launcher, "KUBECONFIG", the_sandbox->kubeconfig, TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", the_sandbox->home, TRUE);
  return launcher;
}

/* Runs kubectl with @args (NULL-terminated) and returns its exit status. */
static int
kubectl_run (char      **out,
             char      **err,
             const char *first,
             ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) "kubectl");
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = kubectl_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);
  g_test_message ("kubectl %s -> %d\n%s%s", first, g_subprocess_get_exit_status (process),
                  stdout_text, stderr_text);

  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);

  return g_subprocess_get_exit_status (process);
}


static gboolean
skip_without_kubectl (void)
{
  g_autofree char *path = g_find_program_in_path ("kubectl");

  if (path != NULL)
    return FALSE;

  g_test_skip ("kubectl is not installed (not on PATH); the kubectl checks need it");
  return TRUE;
}

/* kubectl get … -o jsonpath=@path, or NULL when kubectl fails. */
static char *
kubectl_jsonpath (const char *kind_name,
                  const char *path)
{
  g_autofree char *out = NULL;
  g_autofree char *output = g_strdup_printf ("jsonpath=%s", path);

  if (kubectl_run (&out, NULL, "get", kind_name, "-n", "demo", "-o", output, NULL) != 0)
    return NULL;

  return g_steal_pointer (&out);
}

static void
sleep_ms (guint ms)
{
  g_usleep (ms * 1000);
}

/* Waits until the StatefulSet has all three pods Ready and on its latest revision. */
static void
wait_for_cluster_ready (void)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *status = kubectl_jsonpath ("statefulset/elasticsearch",
                                                  "{.status.readyReplicas}/"
                                                  "{.status.updatedReplicas}/"
                                                  "{.status.replicas}");
      g_autofree char *pods = NULL;

      if (g_strcmp0 (status, "3/3/3") == 0)
        {
          g_auto(GStrv) lines = NULL;

          /* Exactly three pods, none of them terminating (no deletionTimestamp printed). */
          pods = kubectl_jsonpath ("pods", "{range .items[*]}{.metadata.name}="
                                   "{.metadata.deletionTimestamp}{'\\n'}{end}");
          lines = pods != NULL ? g_strsplit (pods, "\n", -1) : NULL;
          if (lines != NULL && g_strv_length (lines) == 4 && g_str_has_suffix (lines[0], "=")
              && g_str_has_suffix (lines[1], "=") && g_str_has_suffix (lines[2], "="))
            return;
        }
      sleep_ms (200);
    }

  g_assert_not_reached ();
}

typedef struct
{
  GMainLoop *loop;
  char      *line;
  GError    *error;
  gboolean   done;
} LineRead;

static void
on_line_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LineRead *read = user_data;

  read->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                          NULL, &read->error);
  read->done = TRUE;
}

/* The next line from @stream, or NULL at EOF or after @seconds. */
static char *
read_line_with_timeout (GDataInputStream *stream,
                        guint             seconds)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  LineRead read = { 0 };

  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, cancellable, on_line_read,
                                       &read);
  while (!read.done)
    {
      if (g_get_monotonic_time () > deadline)
        g_cancellable_cancel (cancellable);
      g_main_context_iteration (NULL, FALSE);
      if (!read.done)
        sleep_ms (10);
    }

  g_clear_error (&read.error);
  return read.line;
}

static GSubprocess *
kubectl_spawn (GDataInputStream **out,
               const char * const *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  GSubprocess *process;

  g_ptr_array_add (argv, (gpointer) "kubectl");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = kubectl_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  *out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  return process;
}

static void
test_version (void)
{
  g_autofree char *out = NULL;

  if (skip_without_kubectl ())
    return;

  g_assert_cmpint (kubectl_run (&out, NULL, "version", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Server Version: v1.32."));
}

static void
test_get_pods_table (void)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  if (skip_without_kubectl ())
    return;

  wait_for_cluster_ready ();
  g_assert_cmpint (kubectl_run (&out, NULL, "get", "pods", "-n", "demo", NULL), ==, 0);

  /* A server-side Table: kubectl prints its columns, not just NAME and AGE. */
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_true (g_str_has_prefix (lines[0], "NAME"));
  g_assert_nonnull (strstr (lines[0], "READY"));
  g_assert_nonnull (strstr (lines[0], "STATUS"));
  g_assert_nonnull (strstr (lines[0], "RESTARTS"));
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("elasticsearch-%u ", i);

      g_assert_true (g_str_has_prefix (lines[i + 1], name));
      g_assert_nonnull (strstr (lines[i + 1], "1/1"));
      g_assert_nonnull (strstr (lines[i + 1], "Running"));
    }
}

static void
test_get_watch (void)
{
  static const char * const args[] = { "get", "pods", "-n", "demo", "-w", NULL };
  g_autoptr(GSubprocess) watch = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *label_out = NULL;
  gboolean seen = FALSE;

  if (skip_without_kubectl ())
    return;

  wait_for_cluster_ready ();
  watch = kubectl_spawn (&out, args);

  /* The header and the three pods of the initial list. */
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *line = read_line_with_timeout (out, 20);

      g_assert_nonnull (line);
    }

  g_assert_cmpint (kubectl_run (&label_out, NULL, "label", "pod", "elasticsearch-1", "-n",
                                "demo", "watched=yes", NULL), ==, 0);

  /* The label change arrives as a watch event: a new row for elasticsearch-1. */
  while (!seen)
    {
      g_autofree char *line = read_line_with_timeout (out, 20);

      g_assert_nonnull (line);
      seen = g_str_has_prefix (line, "elasticsearch-1 ");
    }

  g_subprocess_force_exit (watch);
  g_subprocess_wait (watch, NULL, NULL);
}

static void
test_get_yaml (void)
{
  g_autofree char *out = NULL;

  if (skip_without_kubectl ())
    return;

  g_assert_cmpint (kubectl_run (&out, NULL, "get", "configmap", "elasticsearch-config", "-n",
                                "demo", "-o", "yaml", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "apiVersion: v1\n"));
  g_assert_nonnull (strstr (out, "kind: ConfigMap\n"));
  g_assert_nonnull (strstr (out, "  elasticsearch.yml: |\n"));
  g_assert_nonnull (strstr (out, "    cluster.name: demo\n"));
  g_assert_nonnull (strstr (out, "opendistro_security.ssl.http.enabled: true"));
  g_assert_nonnull (strstr (out, "  resourceVersion: \""));
  g_assert_nonnull (strstr (out, "  uid: "));
}

static char *
write_manifest (const char *name,
                const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (the_sandbox->home, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static const char manifest_format[] =
  "apiVersion: v1\n"
  "kind: ConfigMap\n"
  "metadata:\n"
  "  name: %s\n"
  "  namespace: demo\n"
  "data:\n"
  "  mode: %s\n";

static void
test_apply (void)
{
  g_autofree char *first = g_strdup_printf (manifest_format, "app-settings", "one");
  g_autofree char *second = g_strdup_printf (manifest_format, "app-settings", "two");
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *again = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *annotation = NULL;

  if (skip_without_kubectl ())
    return;

  path = write_manifest ("cm.yaml", first);
  g_assert_cmpint (kubectl_run (&out, NULL, "apply", "-f", path, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "configmap/app-settings created\n");

  g_free (path);
  path = write_manifest ("cm.yaml", second);
  g_assert_cmpint (kubectl_run (&again, NULL, "apply", "-f", path, NULL), ==, 0);
  g_assert_cmpstr (again, ==, "configmap/app-settings configured\n");

  mode = kubectl_jsonpath ("configmap/app-settings", "{.data.mode}");
  g_assert_cmpstr (mode, ==, "two");
  annotation = kubectl_jsonpath ("configmap/app-settings",
                                 "{.metadata.annotations.kubectl\\.kubernetes\\.io/"
                                 "last-applied-configuration}");
  g_assert_nonnull (annotation);
  g_assert_nonnull (strstr (annotation, "\"mode\":\"two\""));
}

/* kubectl replace sends the resourceVersion its file holds: a stale one gets the real
 * server's 409 Conflict, and none replaces unconditionally. */
static void
test_replace_stale (void)
{
  static const char versioned_format[] =
    "apiVersion: v1\n"
    "kind: ConfigMap\n"
    "metadata:\n"
    "  name: replace-me\n"
    "  namespace: demo\n"
    "  resourceVersion: \"%s\"\n"
    "data:\n"
    "  mode: %s\n";
  g_autofree char *created = g_strdup_printf (manifest_format, "replace-me", "one");
  g_autofree char *forced = g_strdup_printf (manifest_format, "replace-me", "forced");
  g_autofree char *version = NULL;
  g_autofree char *fresh = NULL;
  g_autofree char *stale = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *forced_mode = NULL;

  if (skip_without_kubectl ())
    return;

  path = write_manifest ("replace-me.yaml", created);
  g_assert_cmpint (kubectl_run (NULL, NULL, "create", "-f", path, NULL), ==, 0);
  version = kubectl_jsonpath ("configmap/replace-me", "{.metadata.resourceVersion}");
  g_assert_nonnull (version);

  fresh = g_strdup_printf (versioned_format, version, "two");
  g_free (path);
  path = write_manifest ("replace-me.yaml", fresh);
  g_assert_cmpint (kubectl_run (&out, NULL, "replace", "-f", path, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "configmap/replace-me replaced\n");

  /* The same version again is stale now. */
  stale = g_strdup_printf (versioned_format, version, "three");
  g_free (path);
  path = write_manifest ("replace-me.yaml", stale);
  g_assert_cmpint (kubectl_run (NULL, &err, "replace", "-f", path, NULL), ==, 1);
  expected = g_strdup_printf ("Error from server (Conflict): error when replacing \"%s\": "
                              "Operation cannot be fulfilled on configmaps \"replace-me\": "
                              "the object has been modified; please apply your changes to the "
                              "latest version and try again\n", path);
  g_assert_cmpstr (err, ==, expected);
  mode = kubectl_jsonpath ("configmap/replace-me", "{.data.mode}");
  g_assert_cmpstr (mode, ==, "two");

  g_free (path);
  path = write_manifest ("replace-me.yaml", forced);
  g_assert_cmpint (kubectl_run (NULL, NULL, "replace", "-f", path, NULL), ==, 0);
  forced_mode = kubectl_jsonpath ("configmap/replace-me", "{.data.mode}");
  g_assert_cmpstr (forced_mode, ==, "forced");
}

static void
test_apply_server_side (void)
{
  g_autofree char *manifest = g_strdup_printf (manifest_format, "ssa-settings", "alpha");
  g_autofree char *changed = g_strdup_printf (manifest_format, "ssa-settings", "beta");
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *again = NULL;
  g_autofree char *mode = NULL;

  if (skip_without_kubectl ())
    return;

  /* A server-side apply of an object that does not exist creates it. */
  path = write_manifest ("ssa.yaml", manifest);
  g_assert_cmpint (kubectl_run (&out, NULL, "apply", "--server-side", "-f", path, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "configmap/ssa-settings serverside-applied\n");
  mode = kubectl_jsonpath ("configmap/ssa-settings", "{.data.mode}");
  g_assert_cmpstr (mode, ==, "alpha");

  g_free (path);
  g_free (mode);
  path = write_manifest ("ssa.yaml", changed);
  g_assert_cmpint (kubectl_run (&again, NULL, "apply", "--server-side", "-f", path, NULL), ==,
                   0);
  g_assert_cmpstr (again, ==, "configmap/ssa-settings serverside-applied\n");
  mode = kubectl_jsonpath ("configmap/ssa-settings", "{.data.mode}");
  g_assert_cmpstr (mode, ==, "beta");
}

static void
test_dry_run_and_diff (void)
{
  g_autofree char *manifest = g_strdup_printf (manifest_format, "dry-settings", "first");
  g_autofree char *changed = g_strdup_printf (manifest_format, "dry-settings", "second");
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *created = NULL;
  g_autofree char *diff = NULL;
  g_autofree char *mode = NULL;

  if (skip_without_kubectl ())
    return;

  /* A server-side dry run answers as if, and stores nothing. */
  path = write_manifest ("dry.yaml", manifest);
  g_assert_cmpint (kubectl_run (&out, NULL, "apply", "--dry-run=server", "-f", path, NULL), ==,
                   0);
  g_assert_cmpstr (out, ==, "configmap/dry-settings created (server dry run)\n");
  g_assert_cmpint (kubectl_run (NULL, &err, "get", "configmap", "dry-settings", "-n", "demo",
                                NULL), ==, 1);
  g_assert_nonnull (strstr (err, "NotFound"));

  /* kubectl diff asks the server (with a dry run) what a change would make. */
  g_assert_cmpint (kubectl_run (&created, NULL, "apply", "-f", path, NULL), ==, 0);
  g_free (path);
  path = write_manifest ("dry.yaml", changed);
  g_assert_cmpint (kubectl_run (&diff, NULL, "diff", "-f", path, NULL), ==, 1);
  g_assert_nonnull (strstr (diff, "\n-  mode: first\n"));
  g_assert_nonnull (strstr (diff, "\n+  mode: second\n"));
  mode = kubectl_jsonpath ("configmap/dry-settings", "{.data.mode}");
  g_assert_cmpstr (mode, ==, "first");
}

static void
test_edit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *editor = NULL;
  g_autofree char *out = NULL;
  g_autofree char *config = NULL;
  g_autofree char *version_before = NULL;
  g_autofree char *version_after = NULL;

  if (skip_without_kubectl ())
    return;

  editor = write_manifest ("editor.sh",
                           "#!/bin/sh\n"
                           "sed -i 's/node.max_local_storage_nodes: 1/"
                           "node.max_local_storage_nodes: 2/' \"$1\"\n");
  g_assert_cmpint (g_chmod (editor, 0755), ==, 0);
  version_before = kubectl_jsonpath ("configmap/elasticsearch-config",
                                     "{.metadata.resourceVersion}");

  launcher = kubectl_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_setenv (launcher, "KUBE_EDITOR", editor, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, "kubectl", "edit", "configmap",
                                         "elasticsearch-config", "-n", "demo", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_cmpstr (out, ==, "configmap/elasticsearch-config edited\n");

  config = kubectl_jsonpath ("configmap/elasticsearch-config", "{.data.elasticsearch\\.yml}");
  g_assert_nonnull (strstr (config, "node.max_local_storage_nodes: 2\n"));
  g_assert_null (strstr (config, "node.max_local_storage_nodes: 1\n"));
  g_assert_nonnull (strstr (config, "cluster.name: demo\n"));
  version_after = kubectl_jsonpath ("configmap/elasticsearch-config",
                                    "{.metadata.resourceVersion}");
  g_assert_cmpstr (version_before, !=, version_after);
}

static void
test_label (void)
{
  g_autofree char *out = NULL;
  g_autofree char *label = NULL;

  if (skip_without_kubectl ())
    return;

  g_assert_cmpint (kubectl_run (&out, NULL, "label", "pod", "elasticsearch-0", "-n", "demo",
                                "tier=search", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "pod/elasticsearch-0 labeled\n");
  label = kubectl_jsonpath ("pod/elasticsearch-0", "{.metadata.labels.tier}");
  g_assert_cmpstr (label, ==, "search");
}

static void
test_delete_pod (void)
{
  g_autofree char *out = NULL;
  g_autofree char *uid_before = NULL;
  gint64 deadline;

  if (skip_without_kubectl ())
    return;

  wait_for_cluster_ready ();
  uid_before = kubectl_jsonpath ("pod/elasticsearch-2", "{.metadata.uid}");
  g_assert_nonnull (uid_before);

  /* kubectl waits until the pod is really gone (graceful deletion, then DELETED). */
  g_assert_cmpint (kubectl_run (&out, NULL, "delete", "pod", "elasticsearch-2", "-n", "demo",
                                NULL), ==, 0);
  g_assert_cmpstr (out, ==, "pod \"elasticsearch-2\" deleted\n");

  /* The StatefulSet controller recreates it, with a new uid, and it becomes Ready. */
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autofree char *state = kubectl_jsonpath ("pod/elasticsearch-2",
                                                 "{.metadata.uid} "
                                                 "{.status.containerStatuses[0].ready}");

      if (state != NULL && !g_str_has_prefix (state, uid_before)
          && g_str_has_suffix (state, " true"))
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      sleep_ms (200);
    }
}

static void
test_logs_follow (void)
{
  static const char * const args[] = { "logs", "-f", "elasticsearch-0", "-n", "demo", NULL };
  g_autoptr(GSubprocess) logs = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  gboolean started = FALSE;
  guint followed = 0;

  if (skip_without_kubectl ())
    return;

  wait_for_cluster_ready ();
  logs = kubectl_spawn (&out, args);

  /* The startup history, then new lines while the pod runs. */
  while (followed < 2)
    {
      g_autofree char *line = read_line_with_timeout (out, 20);

      g_assert_nonnull (line);
      /* The image's log4j pattern: [time][LEVEL][component] [node] message */
      g_assert_true (g_str_has_prefix (line, "[20"));
      g_assert_nonnull (strstr (line, "] [elasticsearch-0] "));
      if (g_str_has_suffix (line, "] [elasticsearch-0] started"))
        started = TRUE;
      if (started && strstr (line, "JvmGcMonitorService") != NULL)
        followed++;
      else if (started && strstr (line, "InternalESSink") != NULL)
        followed++;
    }

  g_assert_true (started);
  g_subprocess_force_exit (logs);
  g_subprocess_wait (logs, NULL, NULL);
}

static void
test_exec (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *config = NULL;
  g_autofree char *hostname = NULL;

  if (skip_without_kubectl ())
    return;

  wait_for_cluster_ready ();
  g_assert_cmpint (kubectl_run (&out, &err, "exec", "elasticsearch-0", "-n", "demo", "--",
                                "echo", "hi", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "hi\n");

  /* The mounted elasticsearch.yml is the ConfigMap's. */
  g_assert_cmpint (kubectl_run (&config, NULL, "exec", "elasticsearch-1", "-n", "demo", "--",
                                "cat", "/usr/share/elasticsearch/config/elasticsearch.yml",
                                NULL), ==, 0);
  g_assert_true (g_str_has_prefix (config, "cluster.name: demo\n"));

  g_assert_cmpint (kubectl_run (&hostname, NULL, "exec", "elasticsearch-2", "-n", "demo", "--",
                                "hostname", NULL), ==, 0);
  g_assert_cmpstr (hostname, ==, "elasticsearch-2\n");
}

static void
test_exec_stdin (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *out = NULL;

  if (skip_without_kubectl ())
    return;

  wait_for_cluster_ready ();
  launcher = kubectl_launcher (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                               | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  process = g_subprocess_launcher_spawn (launcher, &error, "kubectl", "exec", "-i",
                                         "elasticsearch-0", "-n", "demo", "--", "cat", NULL);
  g_assert_no_error (error);

  /* stdin travels on channel 0 and its end as the v5 close signal; cat echoes it. */
  g_subprocess_communicate_utf8 (process, "first line\nsecond line\n", NULL, &out, NULL,
                                 &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_cmpstr (out, ==, "first line\nsecond line\n");
}

static void
test_exec_exit_code (void)
{
  g_autofree char *err = NULL;
  g_autofree char *false_err = NULL;

  if (skip_without_kubectl ())
    return;

  wait_for_cluster_ready ();
  g_assert_cmpint (kubectl_run (NULL, &err, "exec", "elasticsearch-0", "-n", "demo", "--",
                                "sh", "-c", "exit 3", NULL), ==, 3);
  g_assert_nonnull (strstr (err, "command terminated with exit code 3"));

  g_assert_cmpint (kubectl_run (NULL, &false_err, "exec", "elasticsearch-0", "-n", "demo", "--",
                                "false", NULL), ==, 1);
}

static void
test_rollout_restart (void)
{
  g_autofree char *out = NULL;
  g_autofree char *uids_before = NULL;
  g_autofree char *restarted_at = NULL;
  g_auto(GStrv) before = NULL;
  gint64 deadline;

  if (skip_without_kubectl ())
    return;

  wait_for_cluster_ready ();
  uids_before = kubectl_jsonpath ("pods", "{.items[*].metadata.uid}");
  before = g_strsplit (uids_before, " ", -1);
  g_assert_cmpuint (g_strv_length (before), ==, 3);

  g_assert_cmpint (kubectl_run (&out, NULL, "rollout", "restart", "statefulset/elasticsearch",
                                "-n", "demo", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "statefulset.apps/elasticsearch restarted\n");
  restarted_at = kubectl_jsonpath ("statefulset/elasticsearch",
                                   "{.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/"
                                   "restartedAt}");
  g_assert_nonnull (restarted_at);
  g_assert_cmpuint (strlen (restarted_at), >, 0);

  /* Every pod is replaced, one at a time, and the StatefulSet ends up Ready on the new
   * revision. */
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autofree char *uids = kubectl_jsonpath ("pods", "{.items[*].metadata.uid}");
      g_autofree char *status = kubectl_jsonpath ("statefulset/elasticsearch",
                                                  "{.status.readyReplicas}/"
                                                  "{.status.updatedReplicas}/"
                                                  "{.status.currentRevision}/"
                                                  "{.status.updateRevision}");
      g_auto(GStrv) revisions = status ? g_strsplit (status, "/", -1) : NULL;
      gboolean replaced = uids != NULL;

      for (guint i = 0; replaced && before[i] != NULL; i++)
        replaced = strstr (uids, before[i]) == NULL;

      if (replaced && revisions != NULL && g_strv_length (revisions) == 4
          && g_str_equal (revisions[0], "3") && g_str_equal (revisions[1], "3")
          && g_str_equal (revisions[2], revisions[3]))
        break;

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      sleep_ms (250);
    }
}

static void
test_create_secret_protobuf (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *value = NULL;
  g_autofree char *type = NULL;

  if (skip_without_kubectl ())
    return;

  /* kubectl sends this one as protobuf, with no retry as JSON. */
  g_assert_cmpint (kubectl_run (&out, &err, "create", "secret", "generic", "from-kubectl", "-n",
                                "demo", "--from-literal=user=elastic", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "secret/from-kubectl created\n");

  value = kubectl_jsonpath ("secret/from-kubectl", "{.data.user}");
  g_assert_cmpstr (value, ==, "ZWxhc3RpYw==");
  type = kubectl_jsonpath ("secret/from-kubectl", "{.type}");
  g_assert_cmpstr (type, ==, "Opaque");

  /* A second create is refused with AlreadyExists. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (kubectl_run (&out, &err, "create", "secret", "generic", "from-kubectl", "-n",
                                "demo", "--from-literal=user=other", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already exists"));
}

/* Direct HTTPS checks: the certificate, authentication and fault switches. */

static char *
read_token (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  const char *start;
  const char *end;

  g_file_get_contents (the_sandbox->kubeconfig, &contents, NULL, &error);
  g_assert_no_error (error);
  start = strstr (contents, "    token: ");
  g_assert_nonnull (start);
  start += strlen ("    token: ");
  end = strchr (start, '\n');
  return g_strndup (start, end - start);
}

static SoupSession *
new_session (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ca = g_build_filename (the_sandbox->state_dir, "ca.crt", NULL);
  g_autoptr(GTlsDatabase) database = g_tls_file_database_new (ca, &error);

  g_assert_no_error (error);
  return soup_session_new_with_options ("tls-database", database, NULL);
}

static GBytes *
request (SoupSession *session,
         const char  *method,
         const char  *path,
         const char  *token,
         const char  *body,
         SoupMessage **out_msg)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (the_sandbox->url, path, NULL);
  SoupMessage *msg = soup_message_new (method, url);
  GBytes *answer;

  if (token != NULL)
    {
      g_autofree char *authorization = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    authorization);
    }

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *out_msg = msg;
  return answer;
}

static void
test_certificate_verifies (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) tcp = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GSocketConnectable) identity = NULL;
  g_autoptr(GUri) uri = g_uri_parse (the_sandbox->url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *ca = g_build_filename (the_sandbox->state_dir, "ca.crt", NULL);
  g_autofree char *server_pem = NULL;
  g_autofree char *server_path = g_build_filename (the_sandbox->home, "server.crt", NULL);
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *out = NULL;
  g_autoptr(GTlsDatabase) database = g_tls_file_database_new (ca, &error);
  GTlsCertificate *peer;
  int status;

  g_assert_no_error (error);
  tcp = g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (uri), NULL,
                                         &error);
  g_assert_no_error (error);

  /* GLib's own validation against ca.crt, for the address in the kubeconfig. */
  identity = g_network_address_new ("127.0.0.1", g_uri_get_port (uri));
  tls = g_tls_client_connection_new (G_IO_STREAM (tcp), identity, &error);
  g_assert_no_error (error);
  g_tls_connection_set_database (G_TLS_CONNECTION (tls), database);
  g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, &error);
  g_assert_no_error (error);
  peer = g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (tls));
  g_assert_nonnull (peer);
  g_assert_cmpint (g_tls_connection_get_peer_certificate_errors (G_TLS_CONNECTION (tls)), ==, 0);

  if (openssl == NULL)
    {
      g_test_message ("openssl is not installed; verified with GLib only");
      return;
    }

  g_object_get (peer, "certificate-pem", &server_pem, NULL);
  g_file_set_contents (server_path, server_pem, -1, &error);
  g_assert_no_error (error);
  g_spawn_sync (NULL, (char *[]) { openssl, (char *) "verify", (char *) "-CAfile", ca,
                                   server_path, NULL },
                NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, ": OK"));
}

static void
test_unauthorized (void)
{
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;

  body = request (session, "GET", "/api/v1/namespaces/demo/pods", "not-the-token", NULL, &msg);
  g_assert_cmpint (soup_message_get_status (msg), ==, 401);
  g_assert_nonnull (strstr (g_bytes_get_data (body, NULL), "\"reason\":\"Unauthorized\""));
}

static void
test_fault_too_many_requests (void)
{
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(SoupMessage) set = NULL;
  g_autoptr(SoupMessage) failing = NULL;
  g_autoptr(SoupMessage) reset = NULL;
  g_autoptr(SoupMessage) working = NULL;
  g_autoptr(GBytes) set_body = NULL;
  g_autoptr(GBytes) failing_body = NULL;
  g_autoptr(GBytes) reset_body = NULL;
  g_autoptr(GBytes) working_body = NULL;
  g_autofree char *token = read_token ();

  set_body = request (session, "POST", "/sandbox/faults", token,
                      "{\"errorRate\":1.0,\"errorCode\":429,\"retryAfter\":7}", &set);
  g_assert_cmpint (soup_message_get_status (set), ==, 200);

  failing_body = request (session, "GET", "/api/v1/namespaces/demo/pods", token, NULL, &failing);
  g_assert_cmpint (soup_message_get_status (failing), ==, 429);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (failing),
                                                 "Retry-After"), ==, "7");
  g_assert_nonnull (strstr (g_bytes_get_data (failing_body, NULL),
                            "\"reason\":\"TooManyRequests\""));

  reset_body = request (session, "POST", "/sandbox/faults", token, "{\"errorRate\":0}", &reset);
  g_assert_cmpint (soup_message_get_status (reset), ==, 200);
  working_body = request (session, "GET", "/api/v1/namespaces/demo/pods", token, NULL, &working);
  g_assert_cmpint (soup_message_get_status (working), ==, 200);
}

static void
test_fault_expire (void)
{
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(SoupMessage) list = NULL;
  g_autoptr(SoupMessage) expire = NULL;
  g_autoptr(SoupMessage) watch = NULL;
  g_autoptr(GBytes) list_body = NULL;
  g_autoptr(GBytes) expire_body = NULL;
  g_autoptr(GBytes) watch_body = NULL;
  g_autoptr(JsonNode) list_json = NULL;
  g_autofree char *token = read_token ();
  g_autofree char *path = NULL;
  const char *version;

  list_body = request (session, "GET", "/api/v1/namespaces/demo/configmaps", token, NULL, &list);
  g_assert_cmpint (soup_message_get_status (list), ==, 200);
  list_json = json_from_string (g_bytes_get_data (list_body, NULL), NULL);
  version = json_object_get_string_member (
    json_object_get_object_member (json_node_get_object (list_json), "metadata"),
    "resourceVersion");

  expire_body = request (session, "POST", "/sandbox/faults", token, "{\"expireAll\":true}",
                         &expire);
  g_assert_cmpint (soup_message_get_status (expire), ==, 200);

  /* The watch from the old version gets one in-stream ERROR event with a 410, then ends. */
  path = g_strdup_printf ("/api/v1/namespaces/demo/configmaps?watch=true&resourceVersion=%s",
                          version);
  watch_body = request (session, "GET", path, token, NULL, &watch);
  g_assert_cmpint (soup_message_get_status (watch), ==, 200);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (watch_body, NULL), "{\"type\":\"ERROR\""));
  g_assert_nonnull (strstr (g_bytes_get_data (watch_body, NULL), "\"code\":410"));
  g_assert_nonnull (strstr (g_bytes_get_data (watch_body, NULL), "\"reason\":\"Expired\""));
}

int
main (int   argc,
      char *argv[])
{
  int result;

  g_test_init (&argc, &argv, NULL);

  the_sandbox = sandbox_start ();

  g_test_add_func ("/sandbox/kubectl/version", test_version);
  g_test_add_func ("/sandbox/kubectl/get-pods-table", test_get_pods_table);
  g_test_add_func ("/sandbox/kubectl/get-watch", test_get_watch);
  g_test_add_func ("/sandbox/kubectl/get-yaml", test_get_yaml);
  g_test_add_func ("/sandbox/kubectl/apply", test_apply);
  g_test_add_func ("/sandbox/kubectl/replace-stale", test_replace_stale);
  g_test_add_func ("/sandbox/kubectl/apply-server-side", test_apply_server_side);
  g_test_add_func ("/sandbox/kubectl/dry-run-and-diff", test_dry_run_and_diff);
  g_test_add_func ("/sandbox/kubectl/edit", test_edit);
  g_test_add_func ("/sandbox/kubectl/label", test_label);
  g_test_add_func ("/sandbox/kubectl/delete-pod", test_delete_pod);
  g_test_add_func ("/sandbox/kubectl/logs-follow", test_logs_follow);
  g_test_add_func ("/sandbox/kubectl/exec", test_exec);
  g_test_add_func ("/sandbox/kubectl/exec-stdin", test_exec_stdin);
  g_test_add_func ("/sandbox/kubectl/exec-exit-code", test_exec_exit_code);
  g_test_add_func ("/sandbox/kubectl/rollout-restart", test_rollout_restart);
  g_test_add_func ("/sandbox/kubectl/create-secret-protobuf", test_create_secret_protobuf);
  g_test_add_func ("/sandbox/https/certificate-verifies", test_certificate_verifies);
  g_test_add_func ("/sandbox/https/unauthorized", test_unauthorized);
  g_test_add_func ("/sandbox/https/fault-too-many-requests", test_fault_too_many_requests);
  g_test_add_func ("/sandbox/https/fault-expire", test_fault_expire);

  result = g_test_run ();
  sandbox_stop (the_sandbox);
  return result;
}
