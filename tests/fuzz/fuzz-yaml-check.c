/* fuzz-yaml-check.c: libFuzzer target for the configuration editor's YAML check
 *
 * The check runs on whatever the user has typed so far, so any bytes at all must give a
 * sorted list of issues with sensible positions and at most one error, without a crash.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>

#include "odfe-yaml-check.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) issues = odfe_yaml_check ((const char *) data, (gssize) size);
  guint n_errors = 0;
  gsize n_lines = 1;

  for (gsize i = 0; i < size; i++)
    if (data[i] == '\n' || data[i] == '\r')
      n_lines++;

  g_assert_nonnull (issues);
  for (guint i = 0; i < issues->len; i++)
    {
      const OdfeYamlIssue *issue = g_ptr_array_index (issues, i);

      g_assert_cmpuint (issue->line, >=, 1);
      /* libyaml also breaks lines at U+0085, U+2028 and U+2029, at most one per 2 bytes. */
      g_assert_cmpuint (issue->line, <=, n_lines + size / 2);
      g_assert_cmpuint (issue->column, >=, 1);
      g_assert_cmpuint (issue->column, <=, size + 1);
      g_assert_cmpuint (issue->end_column, >=, issue->column);
      g_assert_true (g_utf8_validate (issue->message, -1, NULL));
      if (issue->severity == ODFE_YAML_ERROR)
        n_errors++;
      if (i > 0)
        {
          const OdfeYamlIssue *before = g_ptr_array_index (issues, i - 1);

          g_assert_true (before->line < issue->line
                         || (before->line == issue->line && before->column <= issue->column));
        }
    }
  g_assert_cmpuint (n_errors, <=, 1);
  g_assert_true (odfe_yaml_issues_have_error (issues, NULL) == (n_errors == 1));

  return 0;
}
