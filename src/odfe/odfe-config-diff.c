/* odfe-config-diff.c: diffs and the three-way merge of a ConfigMap's files (libgit2)
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The review before a save shows a unified diff per key, made by libgit2's buffer diff.
 * When the server's copy changed while the user edited, each key is merged three ways:
 * base (as loaded), mine (the editor's), theirs (the server's now).  libgit2's
 * git_merge_file decides first; when it merges cleanly its text is taken as one chunk.
 * When it does not, the file is cut into chunks here from libgit2's line diffs of base →
 * mine and base → theirs (without context, so each hunk is exactly one change): changes
 * that do not overlap are taken from their side (unlike git, changes to adjacent lines are
 * not a conflict), and overlapping ones become conflict chunks holding both sides' lines.
 * Every chunk is a slice of the original texts, line endings and a missing final newline
 * included, so the chunks joined with any choices give an exact text and nothing typed
 * is dropped.
 */

#include "config.h"

#include <git2.h>
#include <glib/gi18n.h>
#include <string.h>

#include "odfe-config-diff.h"
#include "odfe-error.h"

/* ------------------------------------------------------------------------------------ */
/* libgit2 */

static gpointer
init_libgit2 (gpointer data)
{
  git_libgit2_init ();
  return NULL;
}

static void
ensure_libgit2 (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, init_libgit2, NULL);
}

static void
set_git_error (GError    **error,
               const char *what)
{
  const git_error *last = git_error_last ();

  g_set_error (error, ODFE_ERROR, ODFE_ERROR_FAILED, "%s: %s", what,
               last != NULL && last->message != NULL ? last->message : "unknown error");
}

/* ------------------------------------------------------------------------------------ */
/* Diff lines */

void
odfe_diff_line_free (OdfeDiffLine *line)
{
  if (line == NULL)
    return;

  g_free (line->text);
  g_free (line);
}

typedef struct
{
  GPtrArray *lines;               /* OdfeDiffLine, for odfe_diff_lines */
  GString   *unified;             /* for odfe_diff_unified */
} DiffCollector;

static OdfeDiffLine *
diff_line_new (OdfeDiffKind  kind,
               int           old_line,
               int           new_line,
               const char   *text,
               gsize         length)
{
  OdfeDiffLine *line = g_new0 (OdfeDiffLine, 1);

  /* The line without its line break, whether LF or CR LF. */
  if (length > 0 && text[length - 1] == '\n')
    length--;
  if (length > 0 && text[length - 1] == '\r')
    length--;

  line->kind = kind;
  line->old_line = old_line;
  line->new_line = new_line;
  line->text = g_strndup (text, length);

  return line;
}

static int
collect_hunk (const git_diff_delta *delta,
              const git_diff_hunk  *hunk,
              void                 *payload)
{
  DiffCollector *collector = payload;
  g_autofree char *header = g_strdup_printf ("@@ -%d,%d +%d,%d @@",
                                             hunk->old_start, hunk->old_lines,
                                             hunk->new_start, hunk->new_lines);

  if (collector->lines != NULL)
    g_ptr_array_add (collector->lines,
                     diff_line_new (ODFE_DIFF_HUNK, -1, -1, header, strlen (header)));
  if (collector->unified != NULL)
    g_string_append_printf (collector->unified, "%s\n", header);

  return 0;
}

static int
collect_line (const git_diff_delta *delta,
              const git_diff_hunk  *hunk,
              const git_diff_line  *line,
              void                 *payload)
{
  DiffCollector *collector = payload;
  OdfeDiffKind kind;

  switch (line->origin)
    {
    case GIT_DIFF_LINE_CONTEXT:
      kind = ODFE_DIFF_CONTEXT;
      break;
    case GIT_DIFF_LINE_ADDITION:
      kind = ODFE_DIFF_ADDED;
      break;
    case GIT_DIFF_LINE_DELETION:
      kind = ODFE_DIFF_REMOVED;
      break;
    default:
      /* The "no newline at end of file" notes: the line before them has no newline,
       * which the unified text says as git does. */
      if (collector->unified != NULL)
        g_string_append (collector->unified, "\\ No newline at end of file\n");
      return 0;
    }

  if (collector->lines != NULL)
    g_ptr_array_add (collector->lines,
                     diff_line_new (kind, line->old_lineno, line->new_lineno,
                                    line->content, line->content_len));
  if (collector->unified != NULL)
    {
      g_string_append_c (collector->unified, (char) line->origin);
      g_string_append_len (collector->unified, line->content, line->content_len);
      if (line->content_len == 0 || line->content[line->content_len - 1] != '\n')
        g_string_append_c (collector->unified, '\n');
    }

  return 0;
}

/* Runs libgit2's buffer diff of @old_text → @new_text with @context lines of context. */
static gboolean
diff_buffers (const char         *old_text,
              const char         *new_text,
              guint               context,
              git_diff_hunk_cb    hunk_cb,
              git_diff_line_cb    line_cb,
              gpointer            payload,
              GError            **error)
{
  git_diff_options options;

  ensure_libgit2 ();

  git_diff_options_init (&options, GIT_DIFF_OPTIONS_VERSION);
  options.context_lines = context;
  options.interhunk_lines = 0;
  /* A ConfigMap's text is text even when it holds odd bytes. */
  options.flags = GIT_DIFF_FORCE_TEXT | (context > 0 ? GIT_DIFF_INDENT_HEURISTIC : 0);

  old_text = old_text != NULL ? old_text : "";
  new_text = new_text != NULL ? new_text : "";
  if (git_diff_buffers (old_text, strlen (old_text), NULL, new_text, strlen (new_text), NULL,
                        &options, NULL, NULL, hunk_cb, line_cb, payload) < 0)
    {
      set_git_error (error, _("Cannot compare the texts"));
      return FALSE;
    }

  return TRUE;
}

GPtrArray *
odfe_diff_lines (const char *old_text,
                 const char *new_text)
{
  g_autoptr(GError) error = NULL;
  DiffCollector collector = { NULL, NULL };

  collector.lines = g_ptr_array_new_with_free_func ((GDestroyNotify) odfe_diff_line_free);
  if (g_strcmp0 (old_text != NULL ? old_text : "", new_text != NULL ? new_text : "") == 0)
    return collector.lines;

  /* libgit2 fails only when out of memory; the lines so far are what can be shown. */
  if (!diff_buffers (old_text, new_text, 3, collect_hunk, collect_line, &collector, &error))
    g_critical ("%s", error->message);

  return collector.lines;
}

char *
odfe_diff_unified (const char *key,
                   const char *old_text,
                   const char *new_text)
{
  g_autoptr(GError) error = NULL;
  DiffCollector collector = { NULL, NULL };

  g_return_val_if_fail (key != NULL, NULL);

  if (g_strcmp0 (old_text != NULL ? old_text : "", new_text != NULL ? new_text : "") == 0)
    return g_strdup ("");

  collector.unified = g_string_new (NULL);
  g_string_append_printf (collector.unified, "--- a/%s\n+++ b/%s\n", key, key);
  if (!diff_buffers (old_text, new_text, 3, collect_hunk, collect_line, &collector, &error))
    g_critical ("%s", error->message);

  return g_string_free (collector.unified, FALSE);
}

/* ------------------------------------------------------------------------------------ */
/* Lines and hunks for the merge */

/* A text cut into lines, each with its line break (the last may have none). */
typedef struct
{
  const char *text;
  GArray     *starts;             /* gsize: the offset of each line, then the text's length */
} Lines;

static void
lines_init (Lines      *lines,
            const char *text)
{
  gsize length = strlen (text);
  gsize offset = 0;

  lines->text = text;
  lines->starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  while (offset < length)
    {
      const char *newline = memchr (text + offset, '\n', length - offset);

      g_array_append_val (lines->starts, offset);
      offset = newline != NULL ? (gsize) (newline - text) + 1 : length;
    }
  g_array_append_val (lines->starts, length);
}

static guint
lines_count (const Lines *lines)
{
  return lines->starts->len - 1;
}

/* Appends lines [@first, @end) of @lines to @out. */
static void
lines_append (const Lines *lines,
              guint        first,
              guint        end,
              GString     *out)
{
  gsize from;
  gsize to;

  if (first >= end)
    return;

  from = g_array_index (lines->starts, gsize, first);
  to = g_array_index (lines->starts, gsize, end);
  g_string_append_len (out, lines->text + from, to - from);
}

/* One change of one side: base lines [base_start, base_end) become the side's lines
 * [side_start, side_end).  0-based, half-open; an insertion has an empty base range. */
typedef struct
{
  guint base_start, base_end;
  guint side_start, side_end;
} Change;

static int
collect_change (const git_diff_delta *delta,
                const git_diff_hunk  *hunk,
                void                 *payload)
{
  GArray *changes = payload;
  Change change;

  /* Without context a hunk is exactly a change.  A unified range "start,0" is empty and
   * sits after line start (1-based), that is at 0-based position start. */
  change.base_start = hunk->old_lines > 0 ? hunk->old_start - 1 : hunk->old_start;
  change.base_end = change.base_start + hunk->old_lines;
  change.side_start = hunk->new_lines > 0 ? hunk->new_start - 1 : hunk->new_start;
  change.side_end = change.side_start + hunk->new_lines;
  g_array_append_val (changes, change);

  return 0;
}

static GArray *
changes_between (const char  *base,
                 const char  *side,
                 GError     **error)
{
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));

  if (!diff_buffers (base, side, 0, collect_change, NULL, changes, error))
    return NULL;

  return g_steal_pointer (&changes);
}

/* Do two changes touch the same base lines, so that their order cannot be decided?  Changes
 * to neighbouring lines do not; two insertions at one place, or an insertion inside a
 * changed range, do. */
static gboolean
changes_overlap (const Change *a,
                 const Change *b)
{
  gboolean a_inserts = a->base_start == a->base_end;
  gboolean b_inserts = b->base_start == b->base_end;

  if (a_inserts && b_inserts)
    return a->base_start == b->base_start;
  if (a_inserts)
    return b->base_start < a->base_start && a->base_start < b->base_end;
  if (b_inserts)
    return a->base_start < b->base_start && b->base_start < a->base_end;

  return a->base_start < b->base_end && b->base_start < a->base_end;
}

/* ------------------------------------------------------------------------------------ */
/* Chunks */

static void
merge_chunk_free (OdfeMergeChunk *chunk)
{
  if (chunk == NULL)
    return;

  g_free (chunk->text);
  g_free (chunk->mine);
  g_free (chunk->theirs);
  g_free (chunk->base);
  g_free (chunk);
}

static void
end_with_line_break (char **text)
{
  gsize length = *text != NULL ? strlen (*text) : 0;

  if (length > 0 && (*text)[length - 1] != '\n')
    {
      char *ended = g_strconcat (*text, "\n", NULL);

      g_free (*text);
      *text = ended;
    }
}

/* Appends clean text to @chunks, joining it to a clean chunk before it. */
static void
add_clean (GPtrArray  *chunks,
           const char *text,
           gsize       length)
{
  OdfeMergeChunk *last = chunks->len > 0 ? g_ptr_array_index (chunks, chunks->len - 1) : NULL;
  OdfeMergeChunk *chunk;

  if (length == 0)
    return;

  if (last != NULL && !last->conflict)
    {
      g_autofree char *added = g_strndup (text, length);
      g_autofree char *before = NULL;

      /* As in separate_lines(): lines are never run together. */
      end_with_line_break (&last->text);
      before = g_steal_pointer (&last->text);
      last->text = g_strconcat (before, added, NULL);
      return;
    }

  chunk = g_new0 (OdfeMergeChunk, 1);
  chunk->text = g_strndup (text, length);
  g_ptr_array_add (chunks, chunk);
}

static void
add_conflict (GPtrArray  *chunks,
              const char *mine,
              const char *theirs,
              const char *base)
{
  OdfeMergeChunk *chunk = g_new0 (OdfeMergeChunk, 1);

  chunk->conflict = TRUE;
  chunk->mine = g_strdup (mine);
  chunk->theirs = g_strdup (theirs);
  chunk->base = g_strdup (base);
  chunk->choice = ODFE_MERGE_MINE;
  g_ptr_array_add (chunks, chunk);
}

/* The side's text for base lines [@start, @end), with its changes among @changes[@first,
 * @last) applied (all of which lie in that range). */
static void
side_region (const Lines *base,
             const Lines *side,
             GArray      *changes,
             guint        first,
             guint        last,
             guint        start,
             guint        end,
             GString     *out)
{
  guint position = start;

  for (guint i = first; i < last; i++)
    {
      const Change *change = &g_array_index (changes, Change, i);

      lines_append (base, position, change->base_start, out);
      lines_append (side, change->side_start, change->side_end, out);
      position = change->base_end;
    }
  lines_append (base, position, end, out);
}

/* A conflict region: trims the lines mine and theirs share at its start and end into
 * clean text (as git's "zealous" merge does), and makes what is left a conflict, or clean
 * text when both sides wrote the same. */
static void
add_region (GPtrArray  *chunks,
            const char *mine,
            const char *theirs,
            const char *base)
{
  Lines mine_lines;
  Lines theirs_lines;
  g_autoptr(GString) head = g_string_new (NULL);
  g_autoptr(GString) mine_rest = g_string_new (NULL);
  g_autoptr(GString) theirs_rest = g_string_new (NULL);
  g_autoptr(GString) tail = g_string_new (NULL);
  guint n_mine;
  guint n_theirs;
  guint prefix = 0;
  guint suffix = 0;

  if (g_str_equal (mine, theirs))
    {
      add_clean (chunks, mine, strlen (mine));
      return;
    }

  lines_init (&mine_lines, mine);
  lines_init (&theirs_lines, theirs);
  n_mine = lines_count (&mine_lines);
  n_theirs = lines_count (&theirs_lines);

  while (prefix < n_mine && prefix < n_theirs)
    {
      gsize m_from = g_array_index (mine_lines.starts, gsize, prefix);
      gsize m_to = g_array_index (mine_lines.starts, gsize, prefix + 1);
      gsize t_from = g_array_index (theirs_lines.starts, gsize, prefix);
      gsize t_to = g_array_index (theirs_lines.starts, gsize, prefix + 1);

      if (m_to - m_from != t_to - t_from || memcmp (mine + m_from, theirs + t_from,
                                                     m_to - m_from) != 0)
        break;
      prefix++;
    }

  while (suffix < n_mine - prefix && suffix < n_theirs - prefix)
    {
      gsize m_from = g_array_index (mine_lines.starts, gsize, n_mine - suffix - 1);
      gsize m_to = g_array_index (mine_lines.starts, gsize, n_mine - suffix);
      gsize t_from = g_array_index (theirs_lines.starts, gsize, n_theirs - suffix - 1);
      gsize t_to = g_array_index (theirs_lines.starts, gsize, n_theirs - suffix);

      if (m_to - m_from != t_to - t_from || memcmp (mine + m_from, theirs + t_from,
                                                     m_to - m_from) != 0)
        break;
      suffix++;
    }

  lines_append (&mine_lines, 0, prefix, head);
  lines_append (&mine_lines, prefix, n_mine - suffix, mine_rest);
  lines_append (&theirs_lines, prefix, n_theirs - suffix, theirs_rest);
  lines_append (&mine_lines, n_mine - suffix, n_mine, tail);

  add_clean (chunks, head->str, head->len);
  add_conflict (chunks, mine_rest->str, theirs_rest->str, base);
  add_clean (chunks, tail->str, tail->len);

  g_array_unref (mine_lines.starts);
  g_array_unref (theirs_lines.starts);
}

/* A side's last line has no line break when it ended that side's file; where the merge
 * puts other lines after it, it gets one, so that two lines are never run together. */
static void
separate_lines (GPtrArray *chunks)
{
  for (guint i = 0; i + 1 < chunks->len; i++)
    {
      OdfeMergeChunk *chunk = g_ptr_array_index (chunks, i);

      end_with_line_break (&chunk->text);
      end_with_line_break (&chunk->mine);
      end_with_line_break (&chunk->theirs);
    }
}

/* Cuts the merge of @mine and @theirs from @base into chunks from the two sides' changes. */
static gboolean
chunk_merge (const char  *base,
             const char  *mine,
             const char  *theirs,
             GPtrArray   *chunks,
             GError     **error)
{
  g_autoptr(GArray) mine_changes = NULL;
  g_autoptr(GArray) theirs_changes = NULL;
  Lines base_lines;
  Lines mine_lines;
  Lines theirs_lines;
  guint position = 0;
  guint m = 0;
  guint t = 0;

  mine_changes = changes_between (base, mine, error);
  if (mine_changes == NULL)
    return FALSE;
  theirs_changes = changes_between (base, theirs, error);
  if (theirs_changes == NULL)
    return FALSE;

  lines_init (&base_lines, base);
  lines_init (&mine_lines, mine);
  lines_init (&theirs_lines, theirs);

  while (m < mine_changes->len || t < theirs_changes->len)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      const Change *next_mine = m < mine_changes->len
                                  ? &g_array_index (mine_changes, Change, m) : NULL;
      const Change *next_theirs = t < theirs_changes->len
                                    ? &g_array_index (theirs_changes, Change, t) : NULL;
      guint m_end = m;
      guint t_end = t;
      guint start;
      guint end;
      gboolean grew;

      /* The earlier change starts a region; a change of either side overlapping the
       * region joins it, until none does. */
      if (next_theirs == NULL
          || (next_mine != NULL
              && (next_mine->base_start < next_theirs->base_start
                  || (next_mine->base_start == next_theirs->base_start
                      && next_mine->base_start == next_mine->base_end))))
        {
          start = next_mine->base_start, end = next_mine->base_end;
          m_end = m + 1;
        }
      else
        {
          start = next_theirs->base_start, end = next_theirs->base_end;
          t_end = t + 1;
        }

      do
        {
          Change region = { start, end, 0, 0 };

          grew = FALSE;
          if (m_end < mine_changes->len
              && changes_overlap (&region, &g_array_index (mine_changes, Change, m_end)))
            {
              end = MAX (end, g_array_index (mine_changes, Change, m_end).base_end);
              m_end++, grew = TRUE;
            }
          if (t_end < theirs_changes->len
              && changes_overlap (&region, &g_array_index (theirs_changes, Change, t_end)))
            {
              end = MAX (end, g_array_index (theirs_changes, Change, t_end).base_end);
              t_end++, grew = TRUE;
            }
        }
      while (grew);

      /* The unchanged base lines before the region. */
      lines_append (&base_lines, position, start, text);
      add_clean (chunks, text->str, text->len);

      if (m_end == m || t_end == t)
        {
          /* Only one side changed here: its text is taken. */
          g_string_truncate (text, 0);
          if (m_end > m)
            side_region (&base_lines, &mine_lines, mine_changes, m, m_end, start, end, text);
          else
            side_region (&base_lines, &theirs_lines, theirs_changes, t, t_end, start, end,
                         text);
          add_clean (chunks, text->str, text->len);
        }
      else
        {
          g_autoptr(GString) mine_text = g_string_new (NULL);
          g_autoptr(GString) theirs_text = g_string_new (NULL);
          g_autoptr(GString) base_text = g_string_new (NULL);

          side_region (&base_lines, &mine_lines, mine_changes, m, m_end, start, end,
                       mine_text);
          side_region (&base_lines, &theirs_lines, theirs_changes, t, t_end, start, end,
                       theirs_text);
          lines_append (&base_lines, start, end, base_text);
          add_region (chunks, mine_text->str, theirs_text->str, base_text->str);
        }

      position = end;
      m = m_end;
      t = t_end;
    }

  {
    g_autoptr(GString) text = g_string_new (NULL);

    lines_append (&base_lines, position, lines_count (&base_lines), text);
    add_clean (chunks, text->str, text->len);
  }

  g_array_unref (base_lines.starts);
  g_array_unref (mine_lines.starts);
  g_array_unref (theirs_lines.starts);

  separate_lines (chunks);

  return TRUE;
}

/* The longest run of @c at the start of any line of @text. */
static gsize
longest_marker_run (const char *text,
                    char        c)
{
  gsize longest = 0;
  const char *line = text;

  while (line != NULL && *line != '\0')
    {
      gsize run = 0;

      while (line[run] == c)
        run++;
      longest = MAX (longest, run);
      line = strchr (line, '\n');
      if (line != NULL)
        line++;
    }

  return longest;
}

/* Whether @text is empty or ends with a line break. */
static gboolean
ends_lines (const char *text)
{
  return text[0] == '\0' || g_str_has_suffix (text, "\n");
}

/* Merges one file's three texts into @chunks. */
static gboolean
merge_texts (const char  *base,
             const char  *mine,
             const char  *theirs,
             GPtrArray   *chunks,
             GError     **error)
{
  git_merge_file_input inputs[3];
  const char *texts[3] = { base, mine, theirs };
  git_merge_file_options options;
  git_merge_file_result result = { 0, };
  gsize marker_size = 7;

  ensure_libgit2 ();

  for (guint i = 0; i < 3; i++)
    {
      git_merge_file_input_init (&inputs[i], GIT_MERGE_FILE_INPUT_VERSION);
      inputs[i].ptr = texts[i];
      inputs[i].size = strlen (texts[i]);
      marker_size = MAX (marker_size, longest_marker_run (texts[i], '<') + 1);
      marker_size = MAX (marker_size, longest_marker_run (texts[i], '|') + 1);
      marker_size = MAX (marker_size, longest_marker_run (texts[i], '=') + 1);
      marker_size = MAX (marker_size, longest_marker_run (texts[i], '>') + 1);
    }

  git_merge_file_options_init (&options, GIT_MERGE_FILE_OPTIONS_VERSION);
  options.flags = GIT_MERGE_FILE_STYLE_DIFF3;
  options.marker_size = (unsigned short) MIN (marker_size, G_MAXUSHORT);

  if (git_merge_file (&result, &inputs[0], &inputs[1], &inputs[2], &options) < 0)
    {
      set_git_error (error, _("Cannot merge the texts"));
      return FALSE;
    }

  /* A clean merge by libgit2 is taken as it is; otherwise the two sides' changes are cut
   * into chunks here, where conflicts keep both sides whole.  libgit2 (xdiff) can run two
   * lines together when a side's last line has no line break ("a\nc" and an "X" added
   * after it merge to "a\ncX"), so then the chunks are cut here too. */
  if (result.automergeable && memchr (result.ptr, '\0', result.len) == NULL
      && ends_lines (base) && ends_lines (mine) && ends_lines (theirs))
    {
      add_clean (chunks, result.ptr, result.len);
      git_merge_file_result_free (&result);
      return TRUE;
    }

  git_merge_file_result_free (&result);

  return chunk_merge (base, mine, theirs, chunks, error);
}

/* ------------------------------------------------------------------------------------ */
/* The merge of a ConfigMap */

typedef struct
{
  OdfeMergeFile file;
  gboolean      removed;          /* the merge removes the key whatever is chosen */
} MergeFile;

struct _OdfeConfigMerge
{
  GObject    parent_instance;

  GPtrArray *files;               /* MergeFile, sorted by key */
};

G_DEFINE_FINAL_TYPE (OdfeConfigMerge, odfe_config_merge, G_TYPE_OBJECT)

static void
merge_file_free (MergeFile *merge_file)
{
  g_free (merge_file->file.key);
  g_clear_pointer (&merge_file->file.chunks, g_ptr_array_unref);
  g_free (merge_file);
}

static void
odfe_config_merge_finalize (GObject *object)
{
  OdfeConfigMerge *self = ODFE_CONFIG_MERGE (object);

  g_clear_pointer (&self->files, g_ptr_array_unref);

  G_OBJECT_CLASS (odfe_config_merge_parent_class)->finalize (object);
}

static void
odfe_config_merge_class_init (OdfeConfigMergeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = odfe_config_merge_finalize;
}

static void
odfe_config_merge_init (OdfeConfigMerge *self)
{
  self->files = g_ptr_array_new_with_free_func ((GDestroyNotify) merge_file_free);
}

static void
add_keys (GHashTable *keys,
          GHashTable *table)
{
  GHashTableIter iter;
  gpointer key;

  if (table == NULL)
    return;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (keys, key);
}

static const char *
lookup (GHashTable *table,
        const char *key)
{
  return table != NULL ? g_hash_table_lookup (table, key) : NULL;
}

static gboolean
has (GHashTable *table,
     const char *key)
{
  return table != NULL && g_hash_table_contains (table, key);
}

/* Fills @merge_file for one key from its texts (NULL where a side lacks it). */
static gboolean
merge_key (MergeFile   *merge_file,
           const char  *base,
           const char  *mine,
           const char  *theirs,
           GError     **error)
{
  OdfeMergeFile *file = &merge_file->file;
  GPtrArray *chunks = file->chunks;

  if (base == NULL)
    {
      /* Added: on one side, or on both (merged against an empty base). */
      if (mine == NULL || theirs == NULL)
        {
          const char *added = mine != NULL ? mine : theirs;

          add_clean (chunks, added, strlen (added));
          return TRUE;
        }
      return merge_texts ("", mine, theirs, chunks, error);
    }

  if (mine == NULL && theirs == NULL)
    {
      merge_file->removed = TRUE;
      return TRUE;
    }

  if (mine == NULL || theirs == NULL)
    {
      const char *kept = mine != NULL ? mine : theirs;

      /* Removed by one side: clean when the other left it alone, else the user decides
       * between the removal and the other side's edit. */
      if (g_str_equal (kept, base))
        {
          merge_file->removed = TRUE;
          return TRUE;
        }

      file->presence_conflict = TRUE;
      add_conflict (chunks, mine != NULL ? mine : "", theirs != NULL ? theirs : "", base);
      return TRUE;
    }

  return merge_texts (base, mine, theirs, chunks, error);
}

static int
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

OdfeConfigMerge *
odfe_config_merge_new (GHashTable  *base,
                       GHashTable  *mine,
                       GHashTable  *theirs,
                       GError     **error)
{
  g_autoptr(OdfeConfigMerge) self = NULL;
  g_autoptr(GHashTable) keys = NULL;
  g_autofree gpointer *sorted = NULL;
  guint n_keys;

  self = g_object_new (ODFE_TYPE_CONFIG_MERGE, NULL);

  keys = g_hash_table_new (g_str_hash, g_str_equal);
  add_keys (keys, base);
  add_keys (keys, mine);
  add_keys (keys, theirs);
  sorted = g_hash_table_get_keys_as_array (keys, &n_keys);
  g_qsort_with_data (sorted, n_keys, sizeof (gpointer), compare_keys, NULL);

  for (guint i = 0; i < n_keys; i++)
    {
      const char *key = sorted[i];
      MergeFile *merge_file = g_new0 (MergeFile, 1);

      merge_file->file.key = g_strdup (key);
      merge_file->file.in_base = has (base, key);
      merge_file->file.in_mine = has (mine, key);
      merge_file->file.in_theirs = has (theirs, key);
      merge_file->file.chunks = g_ptr_array_new_with_free_func (
        (GDestroyNotify) merge_chunk_free);
      g_ptr_array_add (self->files, merge_file);

      if (!merge_key (merge_file, lookup (base, key), lookup (mine, key),
                      lookup (theirs, key), error))
        return NULL;
    }

  return g_steal_pointer (&self);
}

guint
odfe_config_merge_get_n_files (OdfeConfigMerge *self)
{
  g_return_val_if_fail (ODFE_IS_CONFIG_MERGE (self), 0);

  return self->files->len;
}

OdfeMergeFile *
odfe_config_merge_get_file (OdfeConfigMerge *self,
                            guint            index)
{
  MergeFile *merge_file;

  g_return_val_if_fail (ODFE_IS_CONFIG_MERGE (self), NULL);
  g_return_val_if_fail (index < self->files->len, NULL);

  merge_file = g_ptr_array_index (self->files, index);

  return &merge_file->file;
}

guint
odfe_config_merge_get_n_conflicts (OdfeConfigMerge *self)
{
  guint n_conflicts = 0;

  g_return_val_if_fail (ODFE_IS_CONFIG_MERGE (self), 0);

  for (guint i = 0; i < self->files->len; i++)
    {
      MergeFile *merge_file = g_ptr_array_index (self->files, i);

      for (guint j = 0; j < merge_file->file.chunks->len; j++)
        {
          OdfeMergeChunk *chunk = g_ptr_array_index (merge_file->file.chunks, j);

          if (chunk->conflict)
            n_conflicts++;
        }
    }

  return n_conflicts;
}

/* Whether the key stays after a presence conflict: the choice of the side that deleted it
 * removes it; the other side's, or both, keep it. */
static gboolean
presence_kept (const OdfeMergeFile *file)
{
  const OdfeMergeChunk *chunk = g_ptr_array_index (file->chunks, 0);

  switch (chunk->choice)
    {
    case ODFE_MERGE_MINE:
      return file->in_mine;
    case ODFE_MERGE_THEIRS:
      return file->in_theirs;
    case ODFE_MERGE_BOTH:
    default:
      return TRUE;
    }
}

GHashTable *
odfe_config_merge_resolve (OdfeConfigMerge *self)
{
  GHashTable *data;

  g_return_val_if_fail (ODFE_IS_CONFIG_MERGE (self), NULL);

  data = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < self->files->len; i++)
    {
      MergeFile *merge_file = g_ptr_array_index (self->files, i);
      OdfeMergeFile *file = &merge_file->file;
      GString *text;

      if (merge_file->removed)
        continue;
      if (file->presence_conflict && !presence_kept (file))
        continue;

      text = g_string_new (NULL);
      for (guint j = 0; j < file->chunks->len; j++)
        {
          OdfeMergeChunk *chunk = g_ptr_array_index (file->chunks, j);

          if (!chunk->conflict)
            g_string_append (text, chunk->text);
          else if (chunk->choice == ODFE_MERGE_THEIRS)
            g_string_append (text, chunk->theirs);
          else if (chunk->choice == ODFE_MERGE_BOTH)
            {
              gsize mine_length = strlen (chunk->mine);

              /* Both sides' lines, each kept whole even where mine ends the file without
               * a line break. */
              g_string_append (text, chunk->mine);
              if (mine_length > 0 && chunk->mine[mine_length - 1] != '\n'
                  && chunk->theirs[0] != '\0')
                g_string_append_c (text, '\n');
              g_string_append (text, chunk->theirs);
            }
          else
            g_string_append (text, chunk->mine);
        }

      g_hash_table_insert (data, g_strdup (file->key), g_string_free (text, FALSE));
    }

  return data;
}
