/* sandbox-process.c: the searchdeck-sandbox program run as a child of a test
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test that runs the built sandbox program starts it the same way: a state directory
 * of its own, the demo seed, the promise to exit when its stdin closes, and then the wait
 * for "READY <url> <kubeconfig>" on its stdout.  Stopping is closing that stdin.
 */

#include "config.h"

#include "sandbox-process.h"
#include "scratch-dir.h"

SandboxProcess *
sandbox_process_start (const char          *prefix,
                       GSubprocessLauncher *launcher,
                       const char * const  *extra_args)
{
  g_autoptr(GSubprocessLauncher) plain = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) words = NULL;
  const char *program = g_getenv ("SANDBOX_PATH");
  SandboxProcess *sandbox;

  g_assert_nonnull (program);

  sandbox = g_new0 (SandboxProcess, 1);
  sandbox->state_dir = scratch_dir_new (prefix);

  g_ptr_array_add (argv, (gpointer) program);
  g_ptr_array_add (argv, (gpointer) "--seed");
  g_ptr_array_add (argv, (gpointer) "demo");
  g_ptr_array_add (argv, (gpointer) "--state-dir");
  g_ptr_array_add (argv, sandbox->state_dir);
  g_ptr_array_add (argv, (gpointer) "--exit-on-stdin-eof");
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  if (launcher == NULL)
    launcher = plain = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                             | G_SUBPROCESS_FLAGS_STDIN_PIPE);
  sandbox->process = g_subprocess_launcher_spawnv (launcher,
                                                   (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sandbox->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);

  words = g_strsplit (line, " ", -1);
  g_assert_cmpuint (g_strv_length (words), ==, 3);
  g_assert_cmpstr (words[0], ==, "READY");
  g_assert_true (g_str_has_prefix (words[1], "https://127.0.0.1:"));
  g_assert_true (g_file_test (words[2], G_FILE_TEST_IS_REGULAR));
  sandbox->url = g_strdup (words[1]);
  sandbox->kubeconfig = g_strdup (words[2]);

  return sandbox;
}

void
sandbox_process_stop (SandboxProcess *sandbox)
{
  g_autoptr(GError) error = NULL;

  /* Closing its stdin is how a parent tells the sandbox to go. */
  g_output_stream_close (g_subprocess_get_stdin_pipe (sandbox->process), NULL, NULL);
  g_subprocess_wait_check (sandbox->process, NULL, &error);
  g_assert_no_error (error);

  g_object_unref (sandbox->process);
  scratch_dir_remove (sandbox->state_dir);
  g_free (sandbox->state_dir);
  g_free (sandbox->url);
  g_free (sandbox->kubeconfig);
  g_free (sandbox);
}
