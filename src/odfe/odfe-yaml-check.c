/* odfe-yaml-check.c: checking a YAML file while the user types it (libyaml)
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The configuration editor runs this on every pause in typing, so it reads the text as a
 * stream of libyaml events (no document tree is built) and reports what a person should
 * look at: the first syntax error with libyaml's own words and position, and warnings for
 * mistakes YAML accepts silently: a key given twice in one mapping, tabs in indentation, and
 * plain values that YAML 1.1 tools turn into something else (yes → a boolean, 0755 → 493,
 * 1.10 → 1.1).
 *
 * libyaml's marks are 0-based and count characters, not bytes, which is what the editor
 * needs; only a reader error (bad UTF-8, a control character) is given as a byte offset,
 * and is converted here.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <yaml.h>

#include "odfe-yaml-check.h"

#define MAX_DEPTH 256

/* A mapping or sequence being read: a mapping alternates keys and values. */
typedef struct
{
  gboolean    is_mapping;
  gboolean    expect_key;
  GHashTable *keys;               /* key text → GUINT_TO_POINTER (1-based line) */
} Frame;

typedef struct
{
  GPtrArray *issues;
  GArray    *frames;              /* Frame */
  GArray    *scalar_lines;        /* guint pairs: first and last 0-based line inside which
                                   * a multi-line scalar's text lies */
} Checker;

void
odfe_yaml_issue_free (OdfeYamlIssue *issue)
{
  if (issue == NULL)
    return;

  g_free (issue->message);
  g_free (issue);
}

static void
add_issue (Checker          *checker,
           OdfeYamlSeverity  severity,
           gsize             line,
           gsize             column,
           gsize             end_column,
           char             *message)
{
  OdfeYamlIssue *issue = g_new0 (OdfeYamlIssue, 1);

  issue->severity = severity;
  issue->line = (guint) MIN (line, G_MAXUINT - 1) + 1;
  issue->column = (guint) MIN (column, G_MAXUINT - 1) + 1;
  issue->end_column = MAX (issue->column, (guint) MIN (end_column, G_MAXUINT - 1) + 1);
  issue->message = message;
  g_ptr_array_add (checker->issues, issue);
}

/* A warning spanning a node that starts at @start and ends at @end (a point when the
 * node spans lines). */
static void
add_warning (Checker           *checker,
             const yaml_mark_t *start,
             const yaml_mark_t *end,
             char              *message)
{
  gsize end_column = end->line == start->line ? end->column : start->column;

  add_issue (checker, ODFE_YAML_WARNING, start->line, start->column, end_column, message);
}

static void
frame_clear (gpointer data)
{
  Frame *frame = data;

  g_clear_pointer (&frame->keys, g_hash_table_unref);
}

static gboolean
is_one_of_ignoring_case (const char         *value,
                         const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (g_ascii_strcasecmp (value, words[i]) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
all_digits (const char *text,
            gsize       length)
{
  if (length == 0)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;

  return TRUE;
}

/* Whether @text is a YAML 1.1 base-60 integer ("1:20", "190:20:30"); @value receives it. */
static gboolean
sexagesimal_value (const char *text,
                   gsize       length,
                   guint64    *value)
{
  gsize i = 0;
  guint64 total = 0;
  guint n_parts = 0;

  if (length == 0 || text[0] < '1' || text[0] > '9')
    return FALSE;

  while (i < length && g_ascii_isdigit (text[i]))
    {
      if (total > G_MAXUINT64 / 100)
        return FALSE;
      total = total * 10 + (guint64) (text[i++] - '0');
    }

  while (i < length)
    {
      guint part = 0;
      gsize start;

      if (text[i++] != ':')
        return FALSE;
      start = i;
      while (i < length && g_ascii_isdigit (text[i]) && i - start < 2)
        part = part * 10 + (guint) (text[i++] - '0');
      if (i == start || part > 59 || (i < length && text[i] != ':'))
        return FALSE;
      if (total > G_MAXUINT64 / 120)
        return FALSE;
      total = total * 60 + part;
      n_parts++;
    }

  *value = total;
  return n_parts > 0;
}

/* @number as text, with the minus sign of @value when @digits follow one. */
static char *
signed_number (const char *value,
               const char *digits,
               guint64     number)
{
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT,
                          digits != value && value[0] == '-' ? "-" : "", number);
}

/* Warns when a plain scalar would be typed by a YAML 1.1 reader as something its writer
 * probably did not mean. */
static void
check_plain_value (Checker            *checker,
                   const yaml_event_t *event)
{
  static const char * const truthy[] = { "yes", "on", "y", NULL };
  static const char * const falsy[] = { "no", "off", "n", NULL };
  const char *value = (const char *) event->data.scalar.value;
  gsize length = event->data.scalar.length;
  const char *digits = value;
  gsize n_digits = length;
  const char *dot;
  guint64 number;

  if (event->data.scalar.style != YAML_PLAIN_SCALAR_STYLE
      || !event->data.scalar.plain_implicit
      || event->data.scalar.tag != NULL
      || length == 0
      || strlen (value) != length)
    return;

  if (is_one_of_ignoring_case (value, truthy) || is_one_of_ignoring_case (value, falsy))
    {
      gboolean truth = is_one_of_ignoring_case (value, truthy);

      add_warning (checker, &event->start_mark, &event->end_mark,
                   g_strdup_printf (_("“%s” is read as the boolean %s by YAML 1.1 tools. "
                                      "Write %s if a switch is meant, or put the word in "
                                      "quotes (\"%s\") if it is text."),
                                    value, truth ? "true" : "false",
                                    truth ? "true" : "false", value));
      return;
    }

  if (digits[0] == '-' || digits[0] == '+')
    digits++, n_digits--;

  /* 0755 is octal to YAML 1.1 (493), a decimal to YAML 1.2 and text to a person. */
  if (n_digits >= 2 && digits[0] == '0' && all_digits (digits, n_digits))
    {
      if (strspn (digits, "01234567") == n_digits)
        {
          g_autofree char *shown = NULL;

          number = g_ascii_strtoull (digits, NULL, 8);
          shown = signed_number (value, digits, number);
          add_warning (checker, &event->start_mark, &event->end_mark,
                       g_strdup_printf (_("“%s” has a leading zero, so YAML 1.1 tools read "
                                          "it as the octal number %s. Put it in quotes if it "
                                          "is text, or drop the zero if a decimal number is "
                                          "meant."),
                                        value, shown));
        }
      else
        add_warning (checker, &event->start_mark, &event->end_mark,
                     g_strdup_printf (_("“%s” has a leading zero, which YAML tools read in "
                                        "different ways (as text, or as a number without "
                                        "the zero). Put it in quotes to keep it as "
                                        "written."),
                                      value));
      return;
    }

  /* 22:22 is 1342 to YAML 1.1, which reads numbers with colons in base 60. */
  if (sexagesimal_value (digits, n_digits, &number))
    {
      g_autofree char *shown = signed_number (value, digits, number);

      add_warning (checker, &event->start_mark, &event->end_mark,
                   g_strdup_printf (_("“%s” is read as the number %s by YAML 1.1 tools, "
                                      "which count in base 60 across colons. Put it in "
                                      "quotes if it is a time, a port mapping or other "
                                      "text."),
                                    value, shown));
      return;
    }

  /* 1.10 is the float 1.1: a version or text loses its trailing zero. */
  dot = memchr (digits, '.', n_digits);
  if (dot != NULL && dot > digits
      && all_digits (digits, dot - digits)
      && all_digits (dot + 1, n_digits - (dot + 1 - digits))
      && n_digits - (dot + 1 - digits) >= 2
      && digits[n_digits - 1] == '0')
    {
      g_autofree char *shortened = g_strndup (value, length);
      gsize end = strlen (shortened);

      while (end > 0 && shortened[end - 1] == '0' && shortened[end - 2] != '.')
        shortened[--end] = '\0';

      add_warning (checker, &event->start_mark, &event->end_mark,
                   g_strdup_printf (_("“%s” is read as the number %s, losing its trailing "
                                      "zero. Put it in quotes if it is a version or other "
                                      "text."),
                                    value, shortened));
    }
}

/* Records a node (a scalar, alias, mapping or sequence) starting in the innermost frame;
 * returns TRUE when it is a mapping's key. */
static gboolean
enter_node (Checker *checker)
{
  Frame *frame;
  gboolean is_key;

  if (checker->frames->len == 0)
    return FALSE;

  frame = &g_array_index (checker->frames, Frame, checker->frames->len - 1);
  if (!frame->is_mapping)
    return FALSE;

  is_key = frame->expect_key;
  frame->expect_key = !frame->expect_key;

  return is_key;
}

static void
check_key (Checker            *checker,
           const yaml_event_t *event)
{
  Frame *frame = &g_array_index (checker->frames, Frame, checker->frames->len - 1);
  g_autofree char *key = g_strndup ((const char *) event->data.scalar.value,
                                    event->data.scalar.length);
  gpointer first_line;

  /* Made on the first key, so that deep nesting of collections costs little. */
  if (frame->keys == NULL)
    frame->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (g_hash_table_lookup_extended (frame->keys, key, NULL, &first_line))
    {
      add_warning (checker, &event->start_mark, &event->end_mark,
                   g_strdup_printf (_("The key “%s” is set twice in the same mapping "
                                      "(first on line %u). Remove one of them: tools "
                                      "disagree on which one counts, and Elasticsearch "
                                      "refuses the file."),
                                    key, GPOINTER_TO_UINT (first_line)));
      return;
    }

  g_hash_table_insert (frame->keys, g_steal_pointer (&key),
                       GUINT_TO_POINTER ((guint) MIN (event->start_mark.line,
                                                      G_MAXUINT - 1) + 1));
}

static void
handle_event (Checker            *checker,
              const yaml_event_t *event)
{
  Frame frame = { 0, };
  gboolean is_key;

  switch (event->type)
    {
    case YAML_SCALAR_EVENT:
      is_key = enter_node (checker);
      if (event->start_mark.line != event->end_mark.line)
        {
          guint range[2] = { event->start_mark.line, event->end_mark.line };

          g_array_append_vals (checker->scalar_lines, range, 2);
        }
      if (is_key)
        check_key (checker, event);
      else
        check_plain_value (checker, event);
      break;

    case YAML_ALIAS_EVENT:
      enter_node (checker);
      break;

    case YAML_MAPPING_START_EVENT:
    case YAML_SEQUENCE_START_EVENT:
      enter_node (checker);
      frame.is_mapping = event->type == YAML_MAPPING_START_EVENT;
      frame.expect_key = TRUE;
      g_array_append_val (checker->frames, frame);
      break;

    case YAML_MAPPING_END_EVENT:
    case YAML_SEQUENCE_END_EVENT:
      if (checker->frames->len > 0)
        g_array_set_size (checker->frames, checker->frames->len - 1);
      break;

    case YAML_NO_EVENT:
    case YAML_STREAM_START_EVENT:
    case YAML_STREAM_END_EVENT:
    case YAML_DOCUMENT_START_EVENT:
    case YAML_DOCUMENT_END_EVENT:
    default:
      break;
    }
}

/* The 0-based line and character column of byte @offset, counting line breaks as libyaml
 * does for the common ones (LF, CR LF, CR). */
static void
position_of_offset (const char *text,
                    gsize       length,
                    gsize       offset,
                    gsize      *line,
                    gsize      *column)
{
  gsize i = 0;

  *line = 0;
  *column = 0;
  offset = MIN (offset, length);

  while (i < offset)
    {
      guchar c = (guchar) text[i];

      if (c == '\n' || c == '\r')
        {
          if (c == '\r' && i + 1 < length && text[i + 1] == '\n')
            i++;
          i++;
          (*line)++;
          *column = 0;
          continue;
        }

      /* A character is its lead byte and the continuation bytes after it. */
      i++;
      while (i < offset && ((guchar) text[i] & 0xC0) == 0x80)
        i++;
      (*column)++;
    }
}

static gsize
count_characters (const char *text,
                  gsize       length)
{
  gsize n_characters = 0;

  for (gsize i = 0; i < length; i++)
    if (((guchar) text[i] & 0xC0) != 0x80)
      n_characters++;

  return n_characters;
}

/* Adds the parser's error; returns its 0-based line. */
static gsize
add_parse_error (Checker       *checker,
                 yaml_parser_t *parser,
                 const char    *text,
                 gsize          length)
{
  const char *problem = parser->problem != NULL ? parser->problem : "unknown problem";
  g_autofree char *what = NULL;
  gsize line = parser->problem_mark.line;
  gsize column = parser->problem_mark.column;

  switch (parser->error)
    {
    case YAML_MEMORY_ERROR:
      what = g_strdup (_("The text is too large to check."));
      line = column = 0;
      break;

    case YAML_READER_ERROR:
      position_of_offset (text, length, parser->problem_offset, &line, &column);
      what = g_strdup_printf (_("This is not readable text: %s. Remove or retype the "
                                "character here."),
                              problem);
      break;

    case YAML_SCANNER_ERROR:
    case YAML_PARSER_ERROR:
    case YAML_COMPOSER_ERROR:
    case YAML_WRITER_ERROR:
    case YAML_EMITTER_ERROR:
    case YAML_NO_ERROR:
    default:
      /* At the end of a text without a final line break libyaml moves to a line of its
       * own past the end; the editor has no such line, so the error is put at the end. */
      if (parser->problem_mark.index >= count_characters (text, length))
        position_of_offset (text, length, length, &line, &column);
      if (parser->context != NULL)
        what = g_strdup_printf (_("Not valid YAML: %s (%s, from line %lu)."), problem,
                                parser->context,
                                (unsigned long) parser->context_mark.line + 1);
      else
        what = g_strdup_printf (_("Not valid YAML: %s."), problem);
      break;
    }

  add_issue (checker, ODFE_YAML_ERROR, line, column, column, g_steal_pointer (&what));

  return line;
}

/* Whether @line lies inside a multi-line scalar after its first line.  The scalars are
 * recorded in the order of the text and the lines are asked for in order, so @next (the
 * first scalar that may still matter) only moves forward. */
static gboolean
line_in_scalar (Checker *checker,
                gsize    line,
                guint   *next)
{
  while (*next + 1 < checker->scalar_lines->len
         && g_array_index (checker->scalar_lines, guint, *next + 1) < line)
    *next += 2;

  if (*next + 1 >= checker->scalar_lines->len)
    return FALSE;

  return line > g_array_index (checker->scalar_lines, guint, *next)
         && line <= g_array_index (checker->scalar_lines, guint, *next + 1);
}

/* Warns on each line whose indentation holds a tab, unless the line is blank or inside a
 * multi-line scalar (where a tab is part of the text).  A tab before a comment is warned
 * about too: libyaml refuses it in most places.  Lines after
 * @last_line (where parsing stopped) are not looked at. */
static void
check_tabs (Checker    *checker,
            const char *text,
            gsize       length,
            gsize       last_line)
{
  gsize line = 0;
  gsize i = 0;
  guint next_scalar = 0;

  while (i < length && line <= last_line)
    {
      gsize tab_column = G_MAXSIZE;
      gsize column = 0;

      while (i < length && (text[i] == ' ' || text[i] == '\t'))
        {
          if (text[i] == '\t' && tab_column == G_MAXSIZE)
            tab_column = column;
          i++, column++;
        }

      if (tab_column != G_MAXSIZE && i < length && text[i] != '\n' && text[i] != '\r'
          && !line_in_scalar (checker, line, &next_scalar))
        add_issue (checker, ODFE_YAML_WARNING, line, tab_column, column,
                   g_strdup (_("A tab is used for indentation. YAML allows only spaces "
                               "there: replace the tab with spaces.")));

      while (i < length && text[i] != '\n' && text[i] != '\r')
        i++;
      if (i < length && text[i] == '\r' && i + 1 < length && text[i + 1] == '\n')
        i++;
      if (i < length)
        i++;
      line++;
    }
}

static int
compare_issues (gconstpointer a,
                gconstpointer b)
{
  const OdfeYamlIssue *first = *(OdfeYamlIssue * const *) a;
  const OdfeYamlIssue *second = *(OdfeYamlIssue * const *) b;

  if (first->line != second->line)
    return first->line < second->line ? -1 : 1;
  if (first->column != second->column)
    return first->column < second->column ? -1 : 1;

  return (int) first->severity - (int) second->severity;
}

GPtrArray *
odfe_yaml_check (const char *text,
                 gssize      length)
{
  Checker checker;
  yaml_parser_t parser;
  gsize size;
  gsize last_line = G_MAXSIZE;

  if (text == NULL)
    text = "", length = 0;
  size = length < 0 ? strlen (text) : (gsize) length;

  checker.issues = g_ptr_array_new_with_free_func ((GDestroyNotify) odfe_yaml_issue_free);
  checker.frames = g_array_new (FALSE, TRUE, sizeof (Frame));
  g_array_set_clear_func (checker.frames, frame_clear);
  checker.scalar_lines = g_array_new (FALSE, FALSE, sizeof (guint));

  if (!yaml_parser_initialize (&parser))
    {
      add_issue (&checker, ODFE_YAML_ERROR, 0, 0, 0,
                 g_strdup (_("The text is too large to check.")));
      goto out;
    }

  yaml_parser_set_input_string (&parser, (const unsigned char *) text, size);
  for (;;)
    {
      yaml_event_t event;
      gboolean done;

      if (!yaml_parser_parse (&parser, &event))
        {
          last_line = add_parse_error (&checker, &parser, text, size);
          break;
        }

      handle_event (&checker, &event);
      done = event.type == YAML_STREAM_END_EVENT;

      /* libyaml slows down with the square of the nesting, and no configuration nests
       * this deep: the check stops here rather than keep the editor waiting. */
      if (checker.frames->len > MAX_DEPTH)
        {
          add_issue (&checker, ODFE_YAML_ERROR, event.start_mark.line, event.start_mark.column,
                     event.start_mark.column,
                     g_strdup_printf (_("The text is nested more than %d levels deep here, "
                                        "which no configuration needs; Searchdeck stops "
                                        "checking at this point."),
                                      MAX_DEPTH));
          last_line = event.start_mark.line;
          done = TRUE;
        }

      yaml_event_delete (&event);
      if (done)
        break;
    }
  yaml_parser_delete (&parser);

  check_tabs (&checker, text, size, last_line);

out:
  g_ptr_array_sort (checker.issues, compare_issues);
  g_array_unref (checker.frames);
  g_array_unref (checker.scalar_lines);

  return checker.issues;
}

gboolean
odfe_yaml_issues_have_error (GPtrArray            *issues,
                             const OdfeYamlIssue **first_error)
{
  if (first_error != NULL)
    *first_error = NULL;

  g_return_val_if_fail (issues != NULL, FALSE);

  for (guint i = 0; i < issues->len; i++)
    {
      const OdfeYamlIssue *issue = g_ptr_array_index (issues, i);

      if (issue->severity == ODFE_YAML_ERROR)
        {
          if (first_error != NULL)
            *first_error = issue;
          return TRUE;
        }
    }

  return FALSE;
}
