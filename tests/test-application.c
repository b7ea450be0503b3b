/* test-application.c: DeckApplication's version report and command line
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "deck-application.h"

static const char * const libraries[] = {
  "GLib", "GTK", "libadwaita", "libsoup", "json-glib", "GnuTLS",
};

/* Every library has a line with a runtime and a build version, and the
 * runtime one is really known (not "unknown"). */
static void
assert_lists_every_library (const char *info)
{
  g_auto(GStrv) lines = g_strsplit (info, "\n", -1);

  g_assert_nonnull (strstr (info, "Searchdeck " PACKAGE_VERSION));

  for (guint i = 0; i < G_N_ELEMENTS (libraries); i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; lines[j] != NULL; j++)
        {
          g_auto(GStrv) fields = g_strsplit_set (lines[j], " ", -1);
          g_autoptr(GPtrArray) words = g_ptr_array_new ();

          for (guint k = 0; fields[k] != NULL; k++)
            if (fields[k][0] != '\0')
              g_ptr_array_add (words, fields[k]);

          if (words->len != 3 || g_strcmp0 (g_ptr_array_index (words, 0), libraries[i]) != 0)
            continue;

          found = TRUE;
          for (guint k = 1; k < 3; k++)
            {
              guint major, minor, micro;

              g_assert_cmpint (sscanf (g_ptr_array_index (words, k), "%u.%u.%u",
                                       &major, &minor, &micro), ==, 3);
            }
        }

      if (!found)
        g_error ("no version line for %s in:\n%s", libraries[i], info);
    }
}

static void
test_debug_info (void)
{
  g_autofree char *info = deck_application_get_debug_info ();

  assert_lists_every_library (info);
}

static void
test_version_option (void)
{
  const char *path = g_getenv ("SEARCHDECK_PATH");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (path == NULL)
    {
      g_test_skip ("SEARCHDECK_PATH is not set: run this test through meson");
      return;
    }

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error, path, "--version", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  /* It answers without starting the interface or asking the session bus. */
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  assert_lists_every_library (out);
}

static void
test_finalizes (void)
{
  DeckApplication *app = deck_application_new ();

  g_assert_cmpstr (g_application_get_application_id (G_APPLICATION (app)), ==, APPLICATION_ID);
  g_assert_finalize_object (app);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/application/debug-info", test_debug_info);
  g_test_add_func ("/application/version-option", test_version_option);
  g_test_add_func ("/application/finalizes", test_finalizes);

  return g_test_run ();
}
