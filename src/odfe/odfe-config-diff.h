/* odfe-config-diff.h: diffs and the three-way merge of a ConfigMap's files (libgit2)
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  ODFE_DIFF_CONTEXT,
  ODFE_DIFF_ADDED,
  ODFE_DIFF_REMOVED,
  ODFE_DIFF_HUNK,
} OdfeDiffKind;

typedef struct
{
  OdfeDiffKind kind;
  int          old_line;          /* 1-based, -1 when none */
  int          new_line;          /* 1-based, -1 when none */
  char        *text;              /* the line without its newline; for HUNK the
                                   * "@@ -a,b +c,d @@" header */
} OdfeDiffLine;

void       odfe_diff_line_free (OdfeDiffLine *line);

/* The lines of a unified diff of @old_text → @new_text with 3 lines of context; empty array
 * when equal.  NULL texts are empty.  A last line that differs only in its final newline
 * shows as removed and added with the same text (odfe_diff_unified says "\ No newline at
 * end of file"). */
GPtrArray *odfe_diff_lines     (const char   *old_text,
                                const char   *new_text);

/* A unified diff as text with "--- a/KEY" / "+++ b/KEY" headers, "" when equal. */
char      *odfe_diff_unified   (const char   *key,
                                const char   *old_text,
                                const char   *new_text);

typedef enum
{
  ODFE_MERGE_MINE,
  ODFE_MERGE_THEIRS,
  ODFE_MERGE_BOTH,
} OdfeMergeChoice;

typedef struct
{
  gboolean         conflict;
  char            *text;          /* a clean chunk: the merged lines (with newlines) */
  char            *mine;          /* a conflict: the editor's lines */
  char            *theirs;        /* a conflict: the server's lines */
  char            *base;          /* a conflict: the lines as loaded */
  OdfeMergeChoice  choice;        /* a conflict: the user's choice; MINE by default; BOTH =
                                   * mine then theirs (with a line break between them when
                                   * mine's last line has none) */
} OdfeMergeChunk;

typedef struct
{
  char      *key;
  gboolean   in_base, in_mine, in_theirs;  /* which sides have the key */
  /* TRUE when one side deleted the key and the other changed it: then @chunks has one
   * conflict chunk whose deleted side is "" and the choice decides whether the key stays. */
  gboolean   presence_conflict;
  GPtrArray *chunks;                        /* OdfeMergeChunk* in order */
} OdfeMergeFile;

#define ODFE_TYPE_CONFIG_MERGE (odfe_config_merge_get_type ())

G_DECLARE_FINAL_TYPE (OdfeConfigMerge, odfe_config_merge, ODFE, CONFIG_MERGE, GObject)

/* Three-way merge of a ConfigMap's data, key by key.  Each GHashTable maps key (char*) →
 * text (char*); none is modified.  Keys present on only one changed side are taken
 * (added/removed) cleanly.  Never fails on content; @error only for libgit2 failures. */
OdfeConfigMerge *odfe_config_merge_new             (GHashTable       *base,
                                                    GHashTable       *mine,
                                                    GHashTable       *theirs,
                                                    GError          **error);
/* The files (keys) in every side, sorted by key. */
guint            odfe_config_merge_get_n_files     (OdfeConfigMerge  *self);
OdfeMergeFile   *odfe_config_merge_get_file        (OdfeConfigMerge  *self,
                                                    guint             index);
/* The number of conflict chunks over all files. */
guint            odfe_config_merge_get_n_conflicts (OdfeConfigMerge  *self);
/* The merged data (new table key → text) with every conflict resolved by its chunk's
 * choice; keys removed where the merge (or a choice) removes them. */
GHashTable      *odfe_config_merge_resolve         (OdfeConfigMerge  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OdfeDiffLine, odfe_diff_line_free)

G_END_DECLS
