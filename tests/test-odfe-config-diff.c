/* test-odfe-config-diff.c: the configuration editor's diffs and three-way merge
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "odfe-config-diff.h"

static void
test_diff_lines (void)
{
  g_autoptr(GPtrArray) lines = odfe_diff_lines ("a\nb\nc\nd\ne\nf\ng\nh\n",
                                                "a\nb\nc\nd\nE\nf\ng\nh\ni\n");
  g_autoptr(GPtrArray) equal = odfe_diff_lines ("same\n", "same\n");
  g_autoptr(GPtrArray) nulls = odfe_diff_lines (NULL, "");
  static const struct { OdfeDiffKind kind; int old_line; int new_line; const char *text; }
  expected[] = {
    { ODFE_DIFF_HUNK, -1, -1, "@@ -2,7 +2,8 @@" },
    { ODFE_DIFF_CONTEXT, 2, 2, "b" },
    { ODFE_DIFF_CONTEXT, 3, 3, "c" },
    { ODFE_DIFF_CONTEXT, 4, 4, "d" },
    { ODFE_DIFF_REMOVED, 5, -1, "e" },
    { ODFE_DIFF_ADDED, -1, 5, "E" },
    { ODFE_DIFF_CONTEXT, 6, 6, "f" },
    { ODFE_DIFF_CONTEXT, 7, 7, "g" },
    { ODFE_DIFF_CONTEXT, 8, 8, "h" },
    { ODFE_DIFF_ADDED, -1, 9, "i" },
  };

  g_assert_cmpuint (lines->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < lines->len; i++)
    {
      OdfeDiffLine *line = g_ptr_array_index (lines, i);

      g_assert_cmpint (line->kind, ==, expected[i].kind);
      g_assert_cmpint (line->old_line, ==, expected[i].old_line);
      g_assert_cmpint (line->new_line, ==, expected[i].new_line);
      g_assert_cmpstr (line->text, ==, expected[i].text);
    }

  g_assert_cmpuint (equal->len, ==, 0);
  g_assert_cmpuint (nulls->len, ==, 0);
}

static void
test_diff_lines_crlf_and_empty (void)
{
  g_autoptr(GPtrArray) crlf = odfe_diff_lines ("a: 1\r\nb: 2\r\n", "a: 1\r\nb: 3\r\n");
  g_autoptr(GPtrArray) from_empty = odfe_diff_lines (NULL, "x\ny");
  OdfeDiffLine *line;

  /* The text of a line has no line break, CR LF or LF. */
  g_assert_cmpuint (crlf->len, ==, 4);
  line = g_ptr_array_index (crlf, 3);
  g_assert_cmpint (line->kind, ==, ODFE_DIFF_ADDED);
  g_assert_cmpstr (line->text, ==, "b: 3");

  g_assert_cmpuint (from_empty->len, ==, 3);
  line = g_ptr_array_index (from_empty, 0);
  g_assert_cmpstr (line->text, ==, "@@ -0,0 +1,2 @@");
  line = g_ptr_array_index (from_empty, 2);
  g_assert_cmpint (line->kind, ==, ODFE_DIFF_ADDED);
  g_assert_cmpint (line->new_line, ==, 2);
  g_assert_cmpstr (line->text, ==, "y");
}

static void
test_diff_unified (void)
{
  g_autofree char *unified = odfe_diff_unified ("elasticsearch.yml",
                                                "cluster.name: a\nnode.name: x\n",
                                                "cluster.name: b\nnode.name: x");
  g_autofree char *equal = odfe_diff_unified ("k", "x", "x");

  g_assert_cmpstr (unified, ==,
                   "--- a/elasticsearch.yml\n"
                   "+++ b/elasticsearch.yml\n"
                   "@@ -1,2 +1,2 @@\n"
                   "-cluster.name: a\n"
                   "-node.name: x\n"
                   "+cluster.name: b\n"
                   "+node.name: x\n"
                   "\\ No newline at end of file\n");
  g_assert_cmpstr (equal, ==, "");
}

static GHashTable *
table (const char *first_key,
       ...)
{
  GHashTable *data = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *key = first_key;
  va_list args;

  va_start (args, first_key);
  while (key != NULL)
    {
      const char *value = va_arg (args, const char *);

      g_hash_table_insert (data, g_strdup (key), g_strdup (value));
      key = va_arg (args, const char *);
    }
  va_end (args);

  return data;
}

/* Merges one key's three texts (NULL: the side lacks the key). */
static OdfeConfigMerge *
merge_one (const char *base,
           const char *mine,
           const char *theirs)
{
  g_autoptr(GHashTable) base_table = base ? table ("k", base, NULL) : table (NULL);
  g_autoptr(GHashTable) mine_table = mine ? table ("k", mine, NULL) : table (NULL);
  g_autoptr(GHashTable) theirs_table = theirs ? table ("k", theirs, NULL) : table (NULL);
  g_autoptr(GError) error = NULL;
  OdfeConfigMerge *merge;

  merge = odfe_config_merge_new (base_table, mine_table, theirs_table, &error);
  g_assert_no_error (error);
  g_assert_nonnull (merge);
  g_assert_cmpuint (odfe_config_merge_get_n_files (merge), ==, 1);

  return merge;
}

/* The merged text of "k", or NULL when the merge removes it. */
static char *
resolved (OdfeConfigMerge *merge)
{
  g_autoptr(GHashTable) data = odfe_config_merge_resolve (merge);

  return g_strdup (g_hash_table_lookup (data, "k"));
}

static OdfeMergeChunk *
only_conflict (OdfeConfigMerge *merge)
{
  OdfeMergeFile *file = odfe_config_merge_get_file (merge, 0);
  OdfeMergeChunk *found = NULL;

  g_assert_cmpuint (odfe_config_merge_get_n_conflicts (merge), ==, 1);
  for (guint i = 0; i < file->chunks->len; i++)
    {
      OdfeMergeChunk *chunk = g_ptr_array_index (file->chunks, i);

      if (chunk->conflict)
        found = chunk;
    }
  g_assert_nonnull (found);

  return found;
}

static void
test_clean_merge (void)
{
  /* Changes to neighbouring lines merge cleanly (git would call it a conflict). */
  OdfeConfigMerge *merge = merge_one ("a\nb\nc\n", "a\nB\nc\n", "a\nb\nC\n");
  OdfeConfigMerge *apart = merge_one ("1\n2\n3\n4\n5\n6\n7\n8\n", "0\n1\n2\n3\n4\n5\n6\n7\n8\n",
                                      "1\n2\n3\n4\n5\n6\n7\n8\n9\n");
  OdfeConfigMerge *same = merge_one ("a\nb\n", "a\nX\n", "a\nX\n");
  g_autofree char *text = resolved (merge);
  g_autofree char *apart_text = resolved (apart);
  g_autofree char *same_text = resolved (same);

  g_assert_cmpuint (odfe_config_merge_get_n_conflicts (merge), ==, 0);
  g_assert_cmpstr (text, ==, "a\nB\nC\n");
  g_assert_cmpuint (odfe_config_merge_get_n_conflicts (apart), ==, 0);
  g_assert_cmpstr (apart_text, ==, "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n");
  g_assert_cmpuint (odfe_config_merge_get_n_conflicts (same), ==, 0);
  g_assert_cmpstr (same_text, ==, "a\nX\n");

  g_assert_finalize_object (merge);
  g_assert_finalize_object (apart);
  g_assert_finalize_object (same);
}

static void
test_conflict_choices (void)
{
  OdfeConfigMerge *merge = merge_one ("a\nb\nc\n", "a\nmine\nc\n", "a\ntheirs\nc\n");
  OdfeMergeChunk *chunk = only_conflict (merge);
  OdfeMergeFile *file = odfe_config_merge_get_file (merge, 0);
  char *text;

  g_assert_cmpstr (file->key, ==, "k");
  g_assert_true (file->in_base && file->in_mine && file->in_theirs);
  g_assert_false (file->presence_conflict);
  g_assert_cmpstr (chunk->mine, ==, "mine\n");
  g_assert_cmpstr (chunk->theirs, ==, "theirs\n");
  g_assert_cmpstr (chunk->base, ==, "b\n");
  g_assert_cmpint (chunk->choice, ==, ODFE_MERGE_MINE);

  text = resolved (merge);
  g_assert_cmpstr (text, ==, "a\nmine\nc\n");
  g_free (text);

  chunk->choice = ODFE_MERGE_THEIRS;
  text = resolved (merge);
  g_assert_cmpstr (text, ==, "a\ntheirs\nc\n");
  g_free (text);

  chunk->choice = ODFE_MERGE_BOTH;
  text = resolved (merge);
  g_assert_cmpstr (text, ==, "a\nmine\ntheirs\nc\n");
  g_free (text);

  g_assert_finalize_object (merge);
}

static void
test_conflict_with_clean_parts (void)
{
  /* A conflict among clean changes: every clean change is kept, and the conflict holds
   * only the lines that differ. */
  OdfeConfigMerge *merge = merge_one ("head\n1\n2\n3\n4\n5\n6\n7\n8\ntail\n",
                                      "HEAD\n1\n2\n3\n4\nmine-a\nsame\n6\n7\n8\ntail\n",
                                      "head\n1\n2\n3\n4\ntheirs-a\nsame\n6\n7\n8\nTAIL\n");
  OdfeMergeChunk *chunk = only_conflict (merge);
  OdfeMergeFile *file = odfe_config_merge_get_file (merge, 0);
  g_autoptr(GString) joined = g_string_new (NULL);
  char *text;

  g_assert_cmpstr (chunk->mine, ==, "mine-a\n");
  g_assert_cmpstr (chunk->theirs, ==, "theirs-a\n");
  g_assert_cmpstr (chunk->base, ==, "5\n");

  text = resolved (merge);
  g_assert_cmpstr (text, ==, "HEAD\n1\n2\n3\n4\nmine-a\nsame\n6\n7\n8\nTAIL\n");
  g_free (text);

  chunk->choice = ODFE_MERGE_BOTH;
  text = resolved (merge);
  g_assert_cmpstr (text, ==, "HEAD\n1\n2\n3\n4\nmine-a\ntheirs-a\nsame\n6\n7\n8\nTAIL\n");
  g_free (text);

  /* The chunks joined are the resolved text. */
  for (guint i = 0; i < file->chunks->len; i++)
    {
      OdfeMergeChunk *each = g_ptr_array_index (file->chunks, i);

      g_string_append (joined, each->conflict ? each->theirs : each->text);
    }
  chunk->choice = ODFE_MERGE_THEIRS;
  text = resolved (merge);
  g_assert_cmpstr (text, ==, joined->str);
  g_free (text);

  g_assert_finalize_object (merge);
}

static void
test_no_trailing_newline (void)
{
  /* Both change the last line, which has no line break: nothing is added to either. */
  OdfeConfigMerge *merge = merge_one ("a\nb", "a\nmine", "a\ntheirs");
  OdfeMergeChunk *chunk = only_conflict (merge);
  OdfeConfigMerge *clean = merge_one ("a\nb\nc", "A\nb\nc", "a\nb\nC");
  OdfeConfigMerge *newline = merge_one ("a\nb", "a\nb\n", "x\na\nb");
  g_autofree char *clean_text = resolved (clean);
  g_autofree char *newline_text = resolved (newline);
  char *text;

  g_assert_cmpstr (chunk->mine, ==, "mine");
  g_assert_cmpstr (chunk->theirs, ==, "theirs");
  text = resolved (merge);
  g_assert_cmpstr (text, ==, "a\nmine");
  g_free (text);

  chunk->choice = ODFE_MERGE_BOTH;
  text = resolved (merge);
  g_assert_cmpstr (text, ==, "a\nmine\ntheirs");
  g_free (text);

  g_assert_cmpstr (clean_text, ==, "A\nb\nC");
  /* Adding the final newline is a change like any other. */
  g_assert_cmpstr (newline_text, ==, "x\na\nb\n");

  /* A last line without a line break followed by the other side's added lines keeps its
   * own line (git_merge_file would give "a\ncX"). */
  {
    OdfeConfigMerge *appended = merge_one ("a\nb\n", "a\nb\nX", "a\nc");
    OdfeConfigMerge *in_conflict = merge_one ("0a\nb\nc\n", "a\nb\nc\na", "a\nb");
    OdfeMergeChunk *conflict = only_conflict (in_conflict);
    g_autofree char *appended_text = resolved (appended);
    g_autofree char *theirs_text = NULL;

    g_assert_cmpstr (appended_text, ==, "a\nc\nX");
    g_assert_cmpstr (conflict->mine, ==, "b\nc\n");
    g_assert_cmpstr (conflict->theirs, ==, "b\n");
    conflict->choice = ODFE_MERGE_THEIRS;
    theirs_text = resolved (in_conflict);
    g_assert_cmpstr (theirs_text, ==, "a\nb\na");

    g_assert_finalize_object (appended);
    g_assert_finalize_object (in_conflict);
  }

  g_assert_finalize_object (merge);
  g_assert_finalize_object (clean);
  g_assert_finalize_object (newline);
}

static void
test_crlf_and_markers (void)
{
  /* CR LF stays as it is, and lines that look like conflict markers are content. */
  OdfeConfigMerge *merge = merge_one ("a\r\n<<<<<<<\r\nb\r\n=======\r\n",
                                      "a\r\n<<<<<<<\r\nmine\r\n=======\r\n",
                                      "a\r\n<<<<<<<\r\ntheirs\r\n=======\r\n");
  OdfeMergeChunk *chunk = only_conflict (merge);
  OdfeConfigMerge *clean = merge_one ("|||||||\r\nb\r\n>>>>>>> x\r\n",
                                      "|||||||\r\nB\r\n>>>>>>> x\r\n",
                                      "|||||||\r\nb\r\n>>>>>>> y\r\n");
  g_autofree char *clean_text = resolved (clean);
  g_autofree char *text = NULL;

  g_assert_cmpstr (chunk->mine, ==, "mine\r\n");
  g_assert_cmpstr (chunk->theirs, ==, "theirs\r\n");
  chunk->choice = ODFE_MERGE_BOTH;
  text = resolved (merge);
  g_assert_cmpstr (text, ==, "a\r\n<<<<<<<\r\nmine\r\ntheirs\r\n=======\r\n");
  g_assert_cmpstr (clean_text, ==, "|||||||\r\nB\r\n>>>>>>> y\r\n");

  g_assert_finalize_object (merge);
  g_assert_finalize_object (clean);
}

static void
test_empty_texts (void)
{
  OdfeConfigMerge *from_empty = merge_one ("", "mine\n", "");
  OdfeConfigMerge *both = merge_one ("", "mine\n", "theirs\n");
  OdfeConfigMerge *emptied = merge_one ("a\n", "", "a\n");
  g_autofree char *from_empty_text = resolved (from_empty);
  g_autofree char *emptied_text = resolved (emptied);
  OdfeMergeChunk *chunk = only_conflict (both);

  g_assert_cmpstr (from_empty_text, ==, "mine\n");
  g_assert_cmpstr (emptied_text, ==, "");
  g_assert_cmpstr (chunk->mine, ==, "mine\n");
  g_assert_cmpstr (chunk->theirs, ==, "theirs\n");
  g_assert_cmpstr (chunk->base, ==, "");

  g_assert_finalize_object (from_empty);
  g_assert_finalize_object (both);
  g_assert_finalize_object (emptied);
}

static void
test_presence_conflict (void)
{
  /* Theirs deleted the key, mine edited it: keeping mine's edit is the default. */
  OdfeConfigMerge *merge = merge_one ("a\n", "a\nmore\n", NULL);
  OdfeMergeFile *file = odfe_config_merge_get_file (merge, 0);
  OdfeMergeChunk *chunk = only_conflict (merge);
  /* Mine deleted it, theirs edited it. */
  OdfeConfigMerge *reverse = merge_one ("a\n", NULL, "a\nserver\n");
  OdfeMergeChunk *reverse_chunk = only_conflict (reverse);
  char *text;

  g_assert_true (file->presence_conflict);
  g_assert_true (file->in_base && file->in_mine && !file->in_theirs);
  g_assert_cmpstr (chunk->mine, ==, "a\nmore\n");
  g_assert_cmpstr (chunk->theirs, ==, "");
  g_assert_cmpstr (chunk->base, ==, "a\n");

  text = resolved (merge);
  g_assert_cmpstr (text, ==, "a\nmore\n");
  g_free (text);
  chunk->choice = ODFE_MERGE_THEIRS;
  text = resolved (merge);
  g_assert_null (text);
  chunk->choice = ODFE_MERGE_BOTH;
  text = resolved (merge);
  g_assert_cmpstr (text, ==, "a\nmore\n");
  g_free (text);

  g_assert_true (odfe_config_merge_get_file (reverse, 0)->presence_conflict);
  g_assert_cmpstr (reverse_chunk->mine, ==, "");
  text = resolved (reverse);
  g_assert_null (text);
  reverse_chunk->choice = ODFE_MERGE_THEIRS;
  text = resolved (reverse);
  g_assert_cmpstr (text, ==, "a\nserver\n");
  g_free (text);

  g_assert_finalize_object (merge);
  g_assert_finalize_object (reverse);
}

static void
test_keys (void)
{
  g_autoptr(GHashTable) base = table ("kept", "k\n", "gone-theirs", "g\n", "gone-mine", "m\n",
                                      "gone-both", "b\n", NULL);
  g_autoptr(GHashTable) mine = table ("kept", "k\n", "gone-theirs", "g\n", "added-mine", "am\n",
                                      "added-both", "same\n", "added-apart", "x\n", NULL);
  g_autoptr(GHashTable) theirs = table ("kept", "K\n", "gone-mine", "m\n", "added-theirs",
                                        "at\n", "added-both", "same\n", "added-apart", "y\n",
                                        NULL);
  g_autoptr(GHashTable) data = NULL;
  g_autoptr(GError) error = NULL;
  OdfeConfigMerge *merge = odfe_config_merge_new (base, mine, theirs, &error);
  static const char * const sorted[] = {
    "added-apart", "added-both", "added-mine", "added-theirs", "gone-both", "gone-mine",
    "gone-theirs", "kept",
  };

  g_assert_no_error (error);
  g_assert_cmpuint (odfe_config_merge_get_n_files (merge), ==, G_N_ELEMENTS (sorted));
  for (guint i = 0; i < G_N_ELEMENTS (sorted); i++)
    g_assert_cmpstr (odfe_config_merge_get_file (merge, i)->key, ==, sorted[i]);

  /* Only the key added differently on both sides conflicts, against an empty base. */
  g_assert_cmpuint (odfe_config_merge_get_n_conflicts (merge), ==, 1);
  g_assert_false (odfe_config_merge_get_file (merge, 0)->in_base);

  data = odfe_config_merge_resolve (merge);
  g_assert_cmpuint (g_hash_table_size (data), ==, 5);
  g_assert_cmpstr (g_hash_table_lookup (data, "kept"), ==, "K\n");
  g_assert_cmpstr (g_hash_table_lookup (data, "added-mine"), ==, "am\n");
  g_assert_cmpstr (g_hash_table_lookup (data, "added-theirs"), ==, "at\n");
  g_assert_cmpstr (g_hash_table_lookup (data, "added-both"), ==, "same\n");
  g_assert_cmpstr (g_hash_table_lookup (data, "added-apart"), ==, "x\n");
  g_assert_false (g_hash_table_contains (data, "gone-theirs"));
  g_assert_false (g_hash_table_contains (data, "gone-mine"));
  g_assert_false (g_hash_table_contains (data, "gone-both"));

  /* None of the tables was touched. */
  g_assert_cmpuint (g_hash_table_size (base), ==, 4);
  g_assert_cmpuint (g_hash_table_size (mine), ==, 5);
  g_assert_cmpuint (g_hash_table_size (theirs), ==, 5);

  g_assert_finalize_object (merge);
}

/* Random edits of a random text: whatever the choices, the result is made of the two
 * sides' lines and the base's, and choosing mine everywhere keeps every line mine has. */
static void
test_random (void)
{
  static const char * const words[] = { "a\n", "b\n", "c\n", "d\n", "e\n", "f" };
  GRand *rand = g_rand_new_with_seed (6);
  guint n_conflicts = 0;

  for (guint round = 0; round < 500; round++)
    {
      g_autoptr(GString) base = g_string_new (NULL);
      g_autoptr(GString) mine = g_string_new (NULL);
      g_autoptr(GString) theirs = g_string_new (NULL);
      g_autoptr(GHashTable) base_table = NULL;
      g_autoptr(GHashTable) mine_table = NULL;
      g_autoptr(GHashTable) theirs_table = NULL;
      g_autoptr(GHashTable) data = NULL;
      g_autoptr(GError) error = NULL;
      OdfeConfigMerge *merge;
      guint n = g_rand_int_range (rand, 0, 12);

      for (guint i = 0; i < n; i++)
        {
          const char *word = words[g_rand_int_range (rand, 0, 5)];

          g_string_append (base, word);
          if (g_rand_int_range (rand, 0, 4) != 0)
            g_string_append (mine, word);
          else if (g_rand_boolean (rand))
            g_string_append (mine, "M\n");
          if (g_rand_int_range (rand, 0, 4) != 0)
            g_string_append (theirs, word);
          else if (g_rand_boolean (rand))
            g_string_append (theirs, "T\n");
        }
      if (g_rand_boolean (rand))
        g_string_append (mine, "f");

      base_table = table ("k", base->str, NULL);
      mine_table = table ("k", mine->str, NULL);
      theirs_table = table ("k", theirs->str, NULL);
      merge = odfe_config_merge_new (base_table, mine_table, theirs_table, &error);
      g_assert_no_error (error);

      /* Without changes by theirs the result is mine, and the other way round. */
      data = odfe_config_merge_resolve (merge);
      if (g_str_equal (theirs->str, base->str))
        g_assert_cmpstr (g_hash_table_lookup (data, "k"), ==, mine->str);
      if (g_str_equal (mine->str, base->str))
        g_assert_cmpstr (g_hash_table_lookup (data, "k"), ==, theirs->str);

      /* Every "M" line mine added is in the result when mine is chosen. */
      {
        const char *result = g_hash_table_lookup (data, "k");
        guint mine_ms = 0;
        guint result_ms = 0;

        for (const char *p = mine->str; (p = strstr (p, "M\n")) != NULL; p++)
          mine_ms++;
        for (const char *p = result; (p = strstr (p, "M\n")) != NULL; p++)
          result_ms++;
        g_assert_cmpuint (result_ms, ==, mine_ms);
      }

      /* With random choices, the chunks joined by hand are what resolve gives. */
      n_conflicts += odfe_config_merge_get_n_conflicts (merge);
      if (odfe_config_merge_get_n_files (merge) == 1)
        {
          OdfeMergeFile *file = odfe_config_merge_get_file (merge, 0);
          g_autoptr(GString) joined = g_string_new (NULL);
          g_autoptr(GHashTable) chosen = NULL;

          for (guint i = 0; i < file->chunks->len; i++)
            {
              OdfeMergeChunk *chunk = g_ptr_array_index (file->chunks, i);

              if (!chunk->conflict)
                {
                  g_string_append (joined, chunk->text);
                  continue;
                }
              chunk->choice = g_rand_boolean (rand) ? ODFE_MERGE_MINE : ODFE_MERGE_THEIRS;
              g_string_append (joined, chunk->choice == ODFE_MERGE_MINE ? chunk->mine
                                                                         : chunk->theirs);
            }
          chosen = odfe_config_merge_resolve (merge);
          g_assert_cmpstr (g_hash_table_lookup (chosen, "k"), ==, joined->str);
        }

      g_assert_finalize_object (merge);
    }

  /* The rounds did meet conflicts. */
  g_assert_cmpuint (n_conflicts, >, 50);
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/odfe/config-diff/lines", test_diff_lines);
  g_test_add_func ("/odfe/config-diff/lines-crlf-and-empty", test_diff_lines_crlf_and_empty);
  g_test_add_func ("/odfe/config-diff/unified", test_diff_unified);
  g_test_add_func ("/odfe/config-merge/clean", test_clean_merge);
  g_test_add_func ("/odfe/config-merge/conflict-choices", test_conflict_choices);
  g_test_add_func ("/odfe/config-merge/conflict-with-clean-parts",
                   test_conflict_with_clean_parts);
  g_test_add_func ("/odfe/config-merge/no-trailing-newline", test_no_trailing_newline);
  g_test_add_func ("/odfe/config-merge/crlf-and-markers", test_crlf_and_markers);
  g_test_add_func ("/odfe/config-merge/empty-texts", test_empty_texts);
  g_test_add_func ("/odfe/config-merge/presence-conflict", test_presence_conflict);
  g_test_add_func ("/odfe/config-merge/keys", test_keys);
  g_test_add_func ("/odfe/config-merge/random", test_random);

  return g_test_run ();
}
