/* test-odfe-yaml-check.c: the configuration editor's YAML check
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "odfe-yaml-check.h"

/* The file Searchdeck writes for its own clusters, with the usual production settings. */
static const char valid_config[] =
  "cluster.name: logs\n"
  "network.host: 0.0.0.0\n"
  "discovery.seed_hosts: elasticsearch-discovery\n"
  "cluster.initial_master_nodes:\n"
  "  - elasticsearch-0\n"
  "  - elasticsearch-1\n"
  "  - elasticsearch-2\n"
  "node.max_local_storage_nodes: 1\n"
  "processors: ${PROCESSORS:1}\n"
  "bootstrap.memory_lock: false\n"
  "opendistro_security:\n"
  "  ssl:\n"
  "    transport:\n"
  "      pemcert_filepath: elk-transport-crt.pem\n"
  "      enforce_hostname_verification: false\n"
  "    http:\n"
  "      enabled: true\n"
  "  nodes_dn: ['CN=*.odfe.svc.cluster.local,OU=odfe,O=Example']\n"
  "  authcz.admin_dn:\n"
  "    - CN=admin,OU=odfe,O=Example\n"
  "  audit.type: internal_elasticsearch\n"
  "  restapi.roles_enabled: [\"all_access\", \"security_rest_api_access\"]\n"
  "  cache.ttl_minutes: 60\n"
  "  description: |\n"
  "    A literal block\n"
  "    \twith a tab inside its text, which is fine.\n"
  "# a comment\n";

static const OdfeYamlIssue *
only_issue (GPtrArray *issues)
{
  for (guint i = 0; i < issues->len; i++)
    {
      const OdfeYamlIssue *issue = g_ptr_array_index (issues, i);

      g_test_message ("issue %u: %u:%u-%u %s", i, issue->line, issue->column,
                      issue->end_column, issue->message);
    }

  g_assert_cmpuint (issues->len, ==, 1);
  return g_ptr_array_index (issues, 0);
}

static void
test_valid (void)
{
  g_autoptr(GPtrArray) issues = odfe_yaml_check (valid_config, -1);
  g_autoptr(GPtrArray) empty = odfe_yaml_check ("", 0);
  g_autoptr(GPtrArray) null = odfe_yaml_check (NULL, -1);
  const OdfeYamlIssue *error = (gpointer) 0x1;

  g_assert_cmpuint (issues->len, ==, 0);
  g_assert_false (odfe_yaml_issues_have_error (issues, &error));
  g_assert_null (error);
  g_assert_cmpuint (empty->len, ==, 0);
  g_assert_cmpuint (null->len, ==, 0);
}

static void
test_syntax_error (void)
{
  /* The value "b: c" is not allowed on a line that already has a key. */
  g_autoptr(GPtrArray) issues = odfe_yaml_check ("cluster.name: logs\n"
                                                  "node.name: a: b\n"
                                                  "other: x\n", -1);
  const OdfeYamlIssue *issue = only_issue (issues);
  const OdfeYamlIssue *error = NULL;

  g_assert_cmpint (issue->severity, ==, ODFE_YAML_ERROR);
  g_assert_cmpuint (issue->line, ==, 2);
  g_assert_cmpuint (issue->column, ==, 13);
  g_assert_cmpuint (issue->end_column, ==, issue->column);
  g_assert_nonnull (strstr (issue->message, "mapping values are not allowed"));
  g_assert_true (odfe_yaml_issues_have_error (issues, &error));
  g_assert_true (error == issue);
}

static void
test_unclosed (void)
{
  /* An unclosed flow sequence: the parser notices at the end. */
  g_autoptr(GPtrArray) issues = odfe_yaml_check ("a: [1, 2\nb: c\n", -1);
  const OdfeYamlIssue *issue = only_issue (issues);

  g_autoptr(GPtrArray) at_end = odfe_yaml_check ("a: [1, 2", -1);
  g_autoptr(GPtrArray) bracket = odfe_yaml_check ("[", -1);
  const OdfeYamlIssue *end_issue = only_issue (at_end);
  const OdfeYamlIssue *bracket_issue = only_issue (bracket);

  g_assert_cmpint (issue->severity, ==, ODFE_YAML_ERROR);
  g_assert_cmpuint (issue->line, ==, 2);
  g_assert_cmpuint (issue->column, ==, 2);
  g_assert_nonnull (strstr (issue->message, "Not valid YAML"));

  /* Without a final line break the end of the text is on its last line, not after it. */
  g_assert_cmpuint (end_issue->line, ==, 1);
  g_assert_cmpuint (end_issue->column, ==, 9);
  g_assert_cmpuint (bracket_issue->line, ==, 1);
  g_assert_cmpuint (bracket_issue->column, ==, 2);
}

static void
test_multibyte_columns (void)
{
  /* Columns count characters: "é" is two bytes but one column. */
  g_autoptr(GPtrArray) issues = odfe_yaml_check ("name: \"café\" x\n", -1);
  g_autoptr(GPtrArray) warnings = odfe_yaml_check ("clé: ünïcode\nnœud: yes\n", -1);
  const OdfeYamlIssue *issue = only_issue (issues);
  const OdfeYamlIssue *warning = only_issue (warnings);

  g_assert_cmpint (issue->severity, ==, ODFE_YAML_ERROR);
  g_assert_cmpuint (issue->line, ==, 1);
  /* n a m e : ␠ " c a f é " ␠ x: the x is the 14th character (the 15th byte). */
  g_assert_cmpuint (issue->column, ==, 14);

  g_assert_cmpint (warning->severity, ==, ODFE_YAML_WARNING);
  g_assert_cmpuint (warning->line, ==, 2);
  g_assert_cmpuint (warning->column, ==, 7);
  g_assert_cmpuint (warning->end_column, ==, 10);
}

static void
test_reader_error (void)
{
  /* Bytes that are not UTF-8 are found by libyaml's reader, which gives a byte offset;
   * the column is still in characters. */
  static const char text[] = "ok: 1\nkey: \xc3\xa9\xff\n";
  g_autoptr(GPtrArray) issues = odfe_yaml_check (text, sizeof text - 1);
  g_autoptr(GPtrArray) nul = odfe_yaml_check ("a: b\0c\n", 7);
  const OdfeYamlIssue *issue = only_issue (issues);
  const OdfeYamlIssue *control = only_issue (nul);

  g_assert_cmpint (issue->severity, ==, ODFE_YAML_ERROR);
  g_assert_cmpuint (issue->line, ==, 2);
  g_assert_cmpuint (issue->column, ==, 7);

  g_assert_cmpint (control->severity, ==, ODFE_YAML_ERROR);
  g_assert_cmpuint (control->line, ==, 1);
  g_assert_cmpuint (control->column, ==, 5);
}

static void
test_duplicate_key (void)
{
  g_autoptr(GPtrArray) issues = odfe_yaml_check ("cluster.name: a\n"
                                                  "node:\n"
                                                  "  name: x\n"
                                                  "  data: true\n"
                                                  "  name: x2\n"
                                                  "other:\n"
                                                  "  name: x3\n", -1);
  const OdfeYamlIssue *issue = only_issue (issues);

  g_assert_cmpint (issue->severity, ==, ODFE_YAML_WARNING);
  g_assert_cmpuint (issue->line, ==, 5);
  g_assert_cmpuint (issue->column, ==, 3);
  g_assert_cmpuint (issue->end_column, ==, 7);
  g_assert_nonnull (strstr (issue->message, "“name”"));
  g_assert_nonnull (strstr (issue->message, "line 3"));
  g_assert_false (odfe_yaml_issues_have_error (issues, NULL));
}

static void
test_tab_indentation (void)
{
  /* A tab inside a flow collection is accepted by libyaml, but is still indentation. */
  g_autoptr(GPtrArray) issues = odfe_yaml_check ("a: [\n\t1,\n  2]\n", -1);
  /* A tab before a block key is an error to libyaml; the warning says what to do. */
  g_autoptr(GPtrArray) block = odfe_yaml_check ("a:\n  b: 1\n \tc: 2\n", -1);
  /* Tabs between a key and its value, or in a quoted text's continuation, are no
   * indentation. */
  g_autoptr(GPtrArray) fine = odfe_yaml_check ("a:\t1\nb: \"x\ty\"\nc: \"long\n\tline\"\n", -1);
  const OdfeYamlIssue *issue = only_issue (issues);
  const OdfeYamlIssue *warning = NULL;

  g_assert_cmpint (issue->severity, ==, ODFE_YAML_WARNING);
  g_assert_cmpuint (issue->line, ==, 2);
  g_assert_cmpuint (issue->column, ==, 1);
  g_assert_cmpuint (issue->end_column, ==, 2);
  g_assert_nonnull (strstr (issue->message, "tab"));

  g_assert_true (odfe_yaml_issues_have_error (block, NULL));
  for (guint i = 0; i < block->len; i++)
    {
      const OdfeYamlIssue *each = g_ptr_array_index (block, i);

      if (each->severity == ODFE_YAML_WARNING)
        warning = each;
    }
  g_assert_nonnull (warning);
  g_assert_cmpuint (warning->line, ==, 3);
  g_assert_cmpuint (warning->column, ==, 2);

  g_assert_cmpuint (fine->len, ==, 0);
}

static void
test_type_changes (void)
{
  g_autoptr(GPtrArray) issues = odfe_yaml_check ("a: yes\n"
                                                  "b: Off\n"
                                                  "c: N\n"
                                                  "d: true\n"
                                                  "e: FALSE\n"
                                                  "f: 0755\n"
                                                  "g: 089\n"
                                                  "h: 1.10\n"
                                                  "i: 1.0\n"
                                                  "j: 7.10.2\n"
                                                  "k: \"yes\"\n"
                                                  "l: !!str 0755\n"
                                                  "m: [on, 'off', 0, 10, -012]\n"
                                                  "n: 22:22\n"
                                                  "o: 1:2:3\n"
                                                  "p: 12:60\n"
                                                  "q: 01:30\n"
                                                  "s: \"22:22\"\n", -1);
  static const struct { guint line; guint column; const char *part; } expected[] = {
    { 1, 4, "boolean true" },
    { 2, 4, "boolean false" },
    { 3, 4, "boolean false" },
    { 6, 4, "octal number 493" },
    { 7, 4, "leading zero" },
    { 8, 4, "number 1.1," },
    { 13, 5, "boolean true" },
    { 13, 23, "octal number -10" },
    { 14, 4, "number 1342 " },
    { 15, 4, "number 3723 " },
  };

  for (guint i = 0; i < issues->len; i++)
    {
      const OdfeYamlIssue *issue = g_ptr_array_index (issues, i);

      g_test_message ("issue %u: %u:%u %s", i, issue->line, issue->column, issue->message);
    }

  g_assert_cmpuint (issues->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < issues->len; i++)
    {
      const OdfeYamlIssue *issue = g_ptr_array_index (issues, i);

      g_assert_cmpint (issue->severity, ==, ODFE_YAML_WARNING);
      g_assert_cmpuint (issue->line, ==, expected[i].line);
      g_assert_cmpuint (issue->column, ==, expected[i].column);
      g_assert_nonnull (strstr (issue->message, expected[i].part));
    }
}

static void
test_sorted (void)
{
  /* A duplicate key found while parsing and a tab found by looking at lines: the list is
   * in the order of the text. */
  g_autoptr(GPtrArray) issues = odfe_yaml_check ("a: [\n\t1]\nb: 1\nb: on\n", -1);

  g_assert_cmpuint (issues->len, ==, 3);
  for (guint i = 1; i < issues->len; i++)
    {
      const OdfeYamlIssue *before = g_ptr_array_index (issues, i - 1);
      const OdfeYamlIssue *after = g_ptr_array_index (issues, i);

      g_assert_true (before->line < after->line
                     || (before->line == after->line && before->column <= after->column));
    }
}

static void
test_hostile (void)
{
  /* Deep nesting, aliases as keys, complex keys, many documents: no crash, sensible
   * answers. */
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GPtrArray) nested = NULL;
  g_autoptr(GPtrArray) odd = NULL;

  const OdfeYamlIssue *error = NULL;
  g_autoptr(GString) fine = g_string_new (NULL);
  g_autoptr(GPtrArray) fine_issues = NULL;

  /* Deep nesting stops the check (libyaml would take seconds), with a position. */
  for (guint i = 0; i < 20000; i++)
    g_string_append (deep, "[{a: ");
  nested = odfe_yaml_check (deep->str, deep->len);
  g_assert_true (odfe_yaml_issues_have_error (nested, &error));
  g_assert_nonnull (strstr (error->message, "nested more than 256 levels"));
  g_assert_cmpuint (error->line, ==, 1);
  g_assert_cmpuint (error->column, ==, 5 * 128 + 1);

  /* Nesting within the limit is fine. */
  for (guint i = 0; i < 100; i++)
    g_string_append (fine, "[");
  for (guint i = 0; i < 100; i++)
    g_string_append (fine, "]");
  fine_issues = odfe_yaml_check (fine->str, -1);
  g_assert_cmpuint (fine_issues->len, ==, 0);

  odd = odfe_yaml_check ("x: &k key\n*k : 1\n? [a, b]\n: c\n? [a, b]\n: d\n---\nx: 1\n"
                         "--- yes\n...\n", -1);
  g_assert_false (odfe_yaml_issues_have_error (odd, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/odfe/yaml-check/valid", test_valid);
  g_test_add_func ("/odfe/yaml-check/syntax-error", test_syntax_error);
  g_test_add_func ("/odfe/yaml-check/unclosed", test_unclosed);
  g_test_add_func ("/odfe/yaml-check/multibyte-columns", test_multibyte_columns);
  g_test_add_func ("/odfe/yaml-check/reader-error", test_reader_error);
  g_test_add_func ("/odfe/yaml-check/duplicate-key", test_duplicate_key);
  g_test_add_func ("/odfe/yaml-check/tab-indentation", test_tab_indentation);
  g_test_add_func ("/odfe/yaml-check/type-changes", test_type_changes);
  g_test_add_func ("/odfe/yaml-check/sorted", test_sorted);
  g_test_add_func ("/odfe/yaml-check/hostile", test_hostile);

  return g_test_run ();
}
