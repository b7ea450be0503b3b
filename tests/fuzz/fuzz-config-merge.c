/* fuzz-config-merge.c: libFuzzer target for the three-way merge of a ConfigMap's files
 *
 * The input is three texts (base, mine, theirs) separated by NUL bytes, after a first byte
 * whose low bits say which sides have the key.  Whatever they hold, the merge must not
 * crash, must give a side's text where the other side changed nothing, and must keep
 * every line a side added when that side's choices are taken: nothing typed is dropped.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "odfe-config-diff.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Counts each line of @text (with its line break) into a new table. */
static GHashTable *
count_lines (const char *text)
{
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  while (text != NULL && *text != '\0')
    {
      const char *newline = strchr (text, '\n');
      gsize length = newline != NULL ? (gsize) (newline - text) + 1 : strlen (text);
      char *line = g_strndup (text, length);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, line));

      g_hash_table_replace (counts, line, GUINT_TO_POINTER (count + 1));
      text += length;
    }

  return counts;
}

/* Every line @side has more often than @base is in @result at least as often. */
static void
assert_additions_kept (const char *base,
                       const char *side,
                       const char *result)
{
  g_autoptr(GHashTable) base_counts = count_lines (base);
  g_autoptr(GHashTable) side_counts = count_lines (side);
  g_autoptr(GHashTable) result_counts = count_lines (result);
  GHashTableIter iter;
  gpointer line, count;

  g_hash_table_iter_init (&iter, side_counts);
  while (g_hash_table_iter_next (&iter, &line, &count))
    {
      guint in_side = GPOINTER_TO_UINT (count);
      guint in_base = GPOINTER_TO_UINT (g_hash_table_lookup (base_counts, line));
      guint in_result = GPOINTER_TO_UINT (g_hash_table_lookup (result_counts, line));
      gboolean last_line = line != NULL && !g_str_has_suffix (line, "\n");

      /* A last line without a line break may gain one where the other side adds lines
       * after it (or BOTH joins it to the other side's lines). */
      if (last_line)
        {
          g_autofree char *with_newline = g_strconcat (line, "\n", NULL);

          in_result += GPOINTER_TO_UINT (g_hash_table_lookup (result_counts, with_newline));
        }

      if (in_side > in_base)
        g_assert_cmpuint (in_result, >=, in_side - in_base);
    }
}

static void
choose_all (OdfeConfigMerge *merge,
            OdfeMergeChoice  choice)
{
  for (guint i = 0; i < odfe_config_merge_get_n_files (merge); i++)
    {
      OdfeMergeFile *file = odfe_config_merge_get_file (merge, i);

      for (guint j = 0; j < file->chunks->len; j++)
        {
          OdfeMergeChunk *chunk = g_ptr_array_index (file->chunks, j);

          if (chunk->conflict)
            chunk->choice = choice;
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GHashTable) base = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) mine = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) theirs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) mine_result = NULL;
  g_autoptr(GHashTable) theirs_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OdfeConfigMerge) merge = NULL;
  const char *texts[3] = { "", "", "" };
  guint flags;
  char *part;

  if (size < 1)
    return 0;

  flags = data[0];
  part = g_malloc0 (size);
  memcpy (part, data + 1, size - 1);
  texts[0] = part;
  for (guint i = 1, found = 1; i < size - 1 && found < 3; i++)
    if (part[i - 1] == '\0')
      texts[found++] = part + i;

  if ((flags & 1) != 0)
    g_hash_table_insert (base, (gpointer) "k", (gpointer) texts[0]);
  if ((flags & 2) != 0)
    g_hash_table_insert (mine, (gpointer) "k", (gpointer) texts[1]);
  if ((flags & 4) != 0)
    g_hash_table_insert (theirs, (gpointer) "k", (gpointer) texts[2]);

  merge = odfe_config_merge_new (base, mine, theirs, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (odfe_config_merge_get_n_files (merge), <=, 1);

  choose_all (merge, ODFE_MERGE_MINE);
  mine_result = odfe_config_merge_resolve (merge);
  choose_all (merge, ODFE_MERGE_THEIRS);
  theirs_result = odfe_config_merge_resolve (merge);

  if ((flags & 7) == 7)
    {
      const char *b = texts[0], *m = texts[1], *t = texts[2];
      const char *as_mine = g_hash_table_lookup (mine_result, "k");
      const char *as_theirs = g_hash_table_lookup (theirs_result, "k");

      g_assert_nonnull (as_mine);
      g_assert_nonnull (as_theirs);
      if (g_str_equal (b, t))
        g_assert_cmpstr (as_mine, ==, m);
      if (g_str_equal (b, m))
        g_assert_cmpstr (as_mine, ==, t);
      if (g_str_equal (m, t))
        g_assert_cmpstr (as_mine, ==, m);
      assert_additions_kept (b, m, as_mine);
      assert_additions_kept (b, t, as_theirs);
    }
  else if ((flags & 2) != 0)
    {
      /* Mine has the key: with mine's choices it stays. */
      g_assert_true (g_hash_table_contains (mine_result, "k")
                     || ((flags & 1) != 0 && g_str_equal (texts[0], texts[1])));
    }

  g_free (part);

  return 0;
}
