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
#include <string.h>

typedef struct
{
  GSubprocess *sandbox;
  char        *state_dir;
  char        *home;
  char        *url;
  char        *kubeconfig;
} Sandbox;

static Sandbox *the_sandbox;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR)
              && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }

  g_rmdir (path);
}

static Sandbox *
sandbox_start (const char * const *extra_args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) words = NULL;
  const char *path = g_getenv ("SANDBOX_PATH");
  Sandbox *sandbox = g_new0 (Sandbox, 1);

  g_assert_nonnull (path);

  sandbox->state_dir = g_dir_make_tmp ("test-sandbox-XXXXXX", &error);
  g_assert_no_error (error);
  sandbox->home = g_dir_make_tmp ("test-sandbox-home-XXXXXX", &error);
  g_assert_no_error (error);

  g_ptr_array_add (argv, (gpointer) path);
  g_ptr_array_add (argv, (gpointer) "--state-dir");
  g_ptr_array_add (argv, sandbox->state_dir);
  g_ptr_array_add (argv, (gpointer) "--seed");
  g_ptr_array_add (argv, (gpointer) "demo");
  g_ptr_array_add (argv, (gpointer) "--ready-delay");
  g_ptr_array_add (argv, (gpointer) "300");
  g_ptr_array_add (argv, (gpointer) "--delete-delay");
  g_ptr_array_add (argv, (gpointer) "300");
  g_ptr_array_add (argv, (gpointer) "--log-interval");
  g_ptr_array_add (argv, (gpointer) "100");
  g_ptr_array_add (argv, (gpointer) "--exit-on-stdin-eof");
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  sandbox->sandbox = g_subprocess_newv ((const char * const *) argv->pdata,
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDIN_PIPE, &error);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sandbox->sandbox));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);

  words = g_strsplit (line, " ", -1);
  g_assert_cmpuint (g_strv_length (words), ==, 3);
  g_assert_cmpstr (words[0], ==, "READY");
  g_assert_true (g_str_has_prefix (words[1], "https://127.0.0.1:"));
  sandbox->url = g_strdup (words[1]);
  sandbox->kubeconfig = g_strdup (words[2]);
  g_assert_true (g_file_test (sandbox->kubeconfig, G_FILE_TEST_IS_REGULAR));

  return sandbox;
}

static void
sandbox_stop (Sandbox *sandbox)
{
  g_autoptr(GError) error = NULL;

  /* Closing its stdin is how a parent tells the sandbox to go. */
  g_output_stream_close (g_subprocess_get_stdin_pipe (sandbox->sandbox), NULL, NULL);
  g_subprocess_wait_check (sandbox->sandbox, NULL, &error);
  g_assert_no_error (error);

  remove_tree (sandbox->state_dir);
  remove_tree (sandbox->home);
  g_object_unref (sandbox->sandbox);
  g_free (sandbox->state_dir);
  g_free (sandbox->home);
  g_free (sandbox->url);
  g_free (sandbox->kubeconfig);
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

  if (skip_without_kubectl ())
    return;

  g_assert_cmpint (kubectl_run (&out, NULL, "get", "pods", "-n", "demo", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "NAME"));
  g_assert_nonnull (strstr (out, "READY"));
  g_assert_nonnull (strstr (out, "STATUS"));
  g_assert_nonnull (strstr (out, "elasticsearch-0"));
}

int
main (int   argc,
      char *argv[])
{
  int result;

  g_test_init (&argc, &argv, NULL);

  the_sandbox = sandbox_start (NULL);

  g_test_add_func ("/sandbox/kubectl/version", test_version);
  g_test_add_func ("/sandbox/kubectl/get-pods-table", test_get_pods_table);

  result = g_test_run ();
  sandbox_stop (the_sandbox);
  return result;
}
