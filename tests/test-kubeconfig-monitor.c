/* test-kubeconfig-monitor.c: KubeConfigMonitor notices each way a kubeconfig
 * file changes on disk, once per change
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "kube-config-monitor.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

/* Longer than the monitor's settle delay and GLib's own event delays. */
#define QUIET_MS   1000
#define TIMEOUT_MS 10000

typedef struct
{
  GMainLoop *loop;
  guint      changes;
  gboolean   timed_out;
} Counter;

static void
changed_cb (KubeConfigMonitor *monitor,
            Counter           *counter)
{
  counter->changes++;
  g_debug ("changed (%u)", counter->changes);
  g_main_loop_quit (counter->loop);
}

static gboolean
timeout_cb (gpointer user_data)
{
  Counter *counter = user_data;

  counter->timed_out = TRUE;
  g_main_loop_quit (counter->loop);
  return G_SOURCE_REMOVE;
}

/* Runs the loop until ::changed or @timeout_ms. */
static void
run_for (Counter *counter,
         guint    timeout_ms)
{
  guint id = g_timeout_add (timeout_ms, timeout_cb, counter);

  counter->timed_out = FALSE;
  g_main_loop_run (counter->loop);
  if (!counter->timed_out)
    g_source_remove (id);
}

/* Waits for exactly one ::changed, then for quiet, so that a second signal
 * for the same change would be counted. */
static void
expect_one_change (Counter    *counter,
                   const char *what)
{
  g_test_message ("waiting for the change from: %s", what);

  counter->changes = 0;
  run_for (counter, TIMEOUT_MS);
  g_assert_false (counter->timed_out);
  g_assert_cmpuint (counter->changes, ==, 1);

  run_for (counter, QUIET_MS);
  g_assert_true (counter->timed_out);
  g_assert_cmpuint (counter->changes, ==, 1);
}

static void
expect_no_change (Counter *counter)
{
  counter->changes = 0;
  run_for (counter, QUIET_MS);
  g_assert_true (counter->timed_out);
  g_assert_cmpuint (counter->changes, ==, 0);
}

static void
write_in_place (const char *path,
                const char *text)
{
  FILE *file = fopen (path, "w");

  g_assert_nonnull (file);
  g_assert_cmpint (fputs (text, file), >=, 0);
  g_assert_cmpint (fclose (file), ==, 0);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        remove_tree (path);
      else
        g_assert_no_errno (g_unlink (path));
    }
  g_assert_no_errno (g_rmdir (dir));
}

static void
test_lifecycle (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("searchdeck-monitor-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *temp = NULL;
  g_autofree char *neighbour = NULL;
  const char *paths[2];
  Counter counter = { NULL, };
  KubeConfigMonitor *monitor;

  g_assert_no_error (error);
  path = g_build_filename (dir, "config", NULL);
  temp = g_build_filename (dir, "config.tmp", NULL);
  neighbour = g_build_filename (dir, "other", NULL);
  paths[0] = path;
  paths[1] = NULL;

  counter.loop = g_main_loop_new (NULL, FALSE);
  monitor = kube_config_monitor_new (paths);
  g_signal_connect (monitor, "changed", G_CALLBACK (changed_cb), &counter);

  /* The file does not exist yet. */
  write_in_place (path, "apiVersion: v1\n");
  expect_one_change (&counter, "creation");

  write_in_place (path, "apiVersion: v1\nkind: Config\n");
  expect_one_change (&counter, "in-place write");

  /* What editors and `kubectl config` do: write a new file, rename it over. */
  write_in_place (temp, "apiVersion: v1\nkind: Config\ncurrent-context: x\n");
  g_assert_no_errno (g_rename (temp, path));
  expect_one_change (&counter, "replace by rename");

  g_assert_no_errno (g_unlink (path));
  expect_one_change (&counter, "deletion");

  /* Other files in the same directory are none of our business. */
  write_in_place (neighbour, "x");
  expect_no_change (&counter);

  /* Nor is anything after the monitor is gone. */
  g_assert_finalize_object (monitor);
  write_in_place (path, "apiVersion: v1\n");
  expect_no_change (&counter);

  g_main_loop_unref (counter.loop);
  remove_tree (dir);
}

/* A burst of writes gives one signal, not one per write. */
static void
test_burst (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("searchdeck-monitor-XXXXXX", &error);
  g_autofree char *path = NULL;
  const char *paths[2];
  Counter counter = { NULL, };
  KubeConfigMonitor *monitor;

  g_assert_no_error (error);
  path = g_build_filename (dir, "config", NULL);
  paths[0] = path;
  paths[1] = NULL;
  write_in_place (path, "apiVersion: v1\n");

  counter.loop = g_main_loop_new (NULL, FALSE);
  monitor = kube_config_monitor_new (paths);
  g_signal_connect (monitor, "changed", G_CALLBACK (changed_cb), &counter);

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *text = g_strdup_printf ("current-context: c%u\n", i);

      write_in_place (path, text);
    }
  expect_one_change (&counter, "five quick writes");

  g_assert_finalize_object (monitor);
  g_main_loop_unref (counter.loop);
  remove_tree (dir);
}

/* Several paths, one whose directory is missing (not watched, no warning),
 * and one that is a symbolic link to a file elsewhere. */
static void
test_several_paths (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("searchdeck-monitor-XXXXXX", &error);
  g_autofree char *missing = NULL;
  g_autofree char *second = NULL;
  g_autofree char *elsewhere = NULL;
  g_autofree char *target = NULL;
  g_autofree char *link = NULL;
  const char *paths[4];
  Counter counter = { NULL, };
  KubeConfigMonitor *monitor;

  g_assert_no_error (error);
  missing = g_build_filename (dir, "no-such-dir", "config", NULL);
  second = g_build_filename (dir, "second", NULL);
  elsewhere = g_build_filename (dir, "elsewhere", NULL);
  target = g_build_filename (elsewhere, "real-config", NULL);
  link = g_build_filename (dir, "linked", NULL);
  g_assert_no_errno (g_mkdir (elsewhere, 0700));
  write_in_place (target, "apiVersion: v1\n");
  g_assert_no_errno (symlink (target, link));
  paths[0] = missing;
  paths[1] = second;
  paths[2] = link;
  paths[3] = NULL;

  counter.loop = g_main_loop_new (NULL, FALSE);
  monitor = kube_config_monitor_new (paths);
  g_signal_connect (monitor, "changed", G_CALLBACK (changed_cb), &counter);

  write_in_place (second, "apiVersion: v1\n");
  expect_one_change (&counter, "the second path");

  write_in_place (target, "apiVersion: v1\nkind: Config\n");
  expect_one_change (&counter, "the target of a link");

  g_assert_finalize_object (monitor);
  g_main_loop_unref (counter.loop);
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kubeconfig-monitor/lifecycle", test_lifecycle);
  g_test_add_func ("/kubeconfig-monitor/burst", test_burst);
  g_test_add_func ("/kubeconfig-monitor/several-paths", test_several_paths);

  return g_test_run ();
}
