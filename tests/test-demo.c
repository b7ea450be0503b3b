/* test-demo.c: the demo mode, a real searchdeck-sandbox behind the window
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "kube-config.h"

#include "deck-credentials.h"
#include "deck-demo.h"
#include "deck-window.h"
#include "keyring-session.h"

static KeyringSession *keyring;


typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Outcome;

static void
record_outcome (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = deck_demo_start_finish (DECK_DEMO (source_object), result, &outcome->error);
  outcome->done = TRUE;
}

typedef struct
{
  gboolean  done;
  char     *user_name;
  char     *password;
} Lookup;

static void
record_lookup (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (deck_credentials_lookup_finish (result, &lookup->user_name,
                                                 &lookup->password, &error));
  g_assert_no_error (error);
  lookup->done = TRUE;
}

/* Starts @demo and runs the main loop until it is serving. */
static void
start_demo (DeckDemo *demo)
{
  Outcome outcome = { FALSE, FALSE, NULL };

  deck_demo_start_async (demo, NULL, record_outcome, &outcome);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);
}

static void
test_start_and_stop (void)
{
  DeckDemo *demo = deck_demo_new ();
  g_autoptr(KubeConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state_dir = NULL;
  const char *paths[2] = { NULL, NULL };
  KubeContext *context;
  struct stat info;

  start_demo (demo);
  g_assert_true (deck_demo_is_running (demo));

  /* The kubeconfig it wrote holds credentials: only its owner may read it. */
  g_assert_cmpint (g_stat (deck_demo_get_kubeconfig (demo), &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0077, ==, 0);

  paths[0] = deck_demo_get_kubeconfig (demo);
  config = kube_config_load (paths, &error);
  g_assert_no_error (error);
  context = kube_config_lookup_context (config, kube_config_get_current_context (config));
  g_assert_nonnull (context);
  g_assert_cmpstr (context->namespace, ==, "demo");

  /* The demo cluster's password waits in the keyring, so the demo asks for
   * nothing. */
  if (keyring != NULL)
    {
      static const DeckClusterRef ref = { "sandbox", "demo", "elasticsearch" };
      g_autofree char *path = g_build_filename (deck_demo_get_state_dir (demo),
                                                "demo-admin-password", NULL);
      g_autofree char *written = NULL;
      Lookup lookup = { FALSE, NULL, NULL };

      g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
      deck_credentials_lookup_async (&ref, NULL, record_lookup, &lookup);
      while (!lookup.done)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpstr (lookup.user_name, ==, "admin");
      g_assert_cmpstr (lookup.password, ==, g_strstrip (written));
      g_free (lookup.user_name);
      g_free (lookup.password);
    }

  state_dir = g_strdup (deck_demo_get_state_dir (demo));
  deck_demo_stop (demo);
  g_assert_false (deck_demo_is_running (demo));

  /* Its folder goes with it. */
  g_assert_finalize_object (demo);
  g_assert_false (g_file_test (state_dir, G_FILE_TEST_EXISTS));
}

static void
test_missing_sandbox (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("SEARCHDECK_SANDBOX"));
  DeckDemo *demo = deck_demo_new ();
  Outcome outcome = { FALSE, FALSE, NULL };

  g_setenv ("SEARCHDECK_SANDBOX", "/nonexistent/searchdeck-sandbox", TRUE);
  deck_demo_start_async (demo, NULL, record_outcome, &outcome);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);

  /* The user is told which program could not be run. */
  g_assert_false (outcome.ok);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (outcome.error->message, "/nonexistent/searchdeck-sandbox"));
  g_assert_false (deck_demo_is_running (demo));
  g_clear_error (&outcome.error);

  if (saved != NULL)
    g_setenv ("SEARCHDECK_SANDBOX", saved, TRUE);
  else
    g_unsetenv ("SEARCHDECK_SANDBOX");
  g_assert_finalize_object (demo);
}

static gboolean
window_shows_context (DeckWindow *window)
{
  return g_strcmp0 (deck_window_get_state (window), "context") == 0
         && g_strcmp0 (deck_window_get_selected_context (window), "sandbox") == 0;
}

static gboolean
window_lists_cluster (DeckWindow *window,
                      const char *name)
{
  return deck_cluster_list_has_cluster (deck_window_get_cluster_list (window), "demo", name);
}

/* Runs kubectl against the demo, as a user at a terminal beside Searchdeck. */
static void
kubectl (DeckDemo   *demo,
         const char *home,
         const char *stdin_text,
         ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) "kubectl");
  va_start (args, stdin_text);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "KUBECONFIG", deck_demo_get_kubeconfig (demo), TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, stdin_text, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("kubectl failed: %s%s", out, err);
}

static const char other_cluster[] =
  "apiVersion: apps/v1\n"
  "kind: StatefulSet\n"
  "metadata:\n"
  "  name: logs\n"
  "  namespace: demo\n"
  "spec:\n"
  "  replicas: 1\n"
  "  serviceName: logs\n"
  "  selector:\n"
  "    matchLabels: {app: logs}\n"
  "  template:\n"
  "    metadata:\n"
  "      labels: {app: logs}\n"
  "    spec:\n"
  "      containers:\n"
  "      - name: opensearch\n"
  "        image: opensearchproject/opensearch:2.11.1\n";

static void
wait_for (DeckWindow *window,
          gboolean  (*condition) (DeckWindow *window, const char *name),
          const char *name,
          gboolean    expected)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (condition (window, name) != expected)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
test_window_shows_demo (void)
{
  g_autofree char *kubectl_path = NULL;
  DeckDemo *demo = deck_demo_new ();
  DeckWindow *window = deck_window_new (NULL);
  gint64 deadline;
  GWeakRef ref;

  gtk_window_present (GTK_WINDOW (window));
  deck_window_show_demo_starting (window);
  g_assert_cmpstr (deck_window_get_state (window), ==, "demo-starting");

  start_demo (demo);
  deck_window_use_kubeconfig (window, deck_demo_get_kubeconfig (demo), TRUE);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!window_shows_context (window))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  /* The seeded cluster is listed under its namespace. */
  wait_for (window, window_lists_cluster, "elasticsearch", TRUE);

  /* Clusters made or removed with kubectl come and go without a refresh. */
  kubectl_path = g_find_program_in_path ("kubectl");
  if (kubectl_path != NULL)
    {
      g_autofree char *home = g_dir_make_tmp ("searchdeck-kubectl-XXXXXX", NULL);
      g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", home);

      kubectl (demo, home, other_cluster, "apply", "-f", "-", NULL);
      wait_for (window, window_lists_cluster, "logs", TRUE);
      kubectl (demo, home, NULL, "delete", "statefulset", "logs", "-n", "demo",
               "--wait=false", NULL);
      wait_for (window, window_lists_cluster, "logs", FALSE);
      g_assert_true (window_lists_cluster (window, "elasticsearch"));
      g_assert_true (g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL));
    }
  else
    g_test_message ("kubectl is not installed: not creating clusters with it");

  g_weak_ref_init (&ref, window);
  gtk_window_destroy (GTK_WINDOW (window));
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  for (GObject *alive; (alive = g_weak_ref_get (&ref)) != NULL; )
    {
      g_object_unref (alive);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_weak_ref_clear (&ref);

  deck_demo_stop (demo);
  g_assert_finalize_object (demo);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *why = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* A real keyring of the test's own, so that the demo never reaches for
   * the user's. */
  keyring = keyring_session_start (&why);
  if (keyring == NULL)
    g_test_message ("No keyring (%s): the demo's password is not checked", why);

  g_test_add_func ("/demo/start-and-stop", test_start_and_stop);
  g_test_add_func ("/demo/missing-sandbox", test_missing_sandbox);
  g_test_add_func ("/demo/window-shows-demo", test_window_shows_demo);

  status = g_test_run ();
  keyring_session_stop (keyring);

  return status;
}
