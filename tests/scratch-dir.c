/* scratch-dir.c: temporary directories the tests make and remove again
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sandbox-backed tests each give the sandbox a state directory of its own and take it
 * away at the end; this is the one place that walks such a directory down.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "scratch-dir.h"

char *
scratch_dir_new (const char *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strconcat (prefix, "-XXXXXX", NULL);
  char *path = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  g_assert_nonnull (path);

  return path;
}

void
scratch_dir_remove (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *entry = g_build_filename (path, name, NULL);
      gboolean descend = g_file_test (entry, G_FILE_TEST_IS_DIR)
                         && !g_file_test (entry, G_FILE_TEST_IS_SYMLINK);

      if (descend)
        scratch_dir_remove (entry);
      else
        g_unlink (entry);
    }

  g_rmdir (path);
}
