/* scratch-dir.h: temporary directories the tests make and remove again
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Makes a new directory under the temporary directory, named after @prefix (asserts that it
 * could).  Free the result with g_free() after scratch_dir_remove(). */
char *scratch_dir_new    (const char *prefix);

/* Removes @path and everything under it; symbolic links are removed, never followed.  A path
 * that is not there is no error. */
void  scratch_dir_remove (const char *path);

G_END_DECLS
