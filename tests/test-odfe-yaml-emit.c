/* test-odfe-yaml-emit.c: JSON trees written as YAML read back as the same values
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "odfe-yaml-emit.h"
#include "yaml-test-reader.h"

static void
test_strings_round_trip (void)
{
  /* Strings a careless writer would turn into booleans, numbers, null, comments, mappings,
   * or lose whitespace from. */
  static const char * const values[] = {
    "true", "False", "yes", "NO", "on", "off", "y", "n", "null", "~", "", "1.13.3", "1.13",
    "0.0.0.0", "0755", "0x1F", "1e3", "12:30", "2021-03-22", "-1", "+1", ".5", ".inf", ".NaN",
    "<<", "=", "a: b", "- item", "#comment", "key #not", "[list]", "{map}", "&anchor", "*alias",
    "!tag", "|", ">", "%directive", "@at", "`tick", "'single", "\"double", "back\\slash",
    "trailing ", " leading", "two\nlines\n", "no newline\nat end", "tab\there", "ünïcödé ✓",
    "$2y$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
    "CN=elasticsearch,OU=search,O=searchdeck", "${PROCESSORS:1}", "a,b", "?", "-", ":",
    NULL
  };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *yaml = NULL;
  g_autoptr(yaml_document_t) document = NULL;

  json_builder_begin_object (builder);
  for (guint i = 0; values[i] != NULL; i++)
    {
      g_autofree char *key = g_strdup_printf ("k%u", i);

      json_builder_set_member_name (builder, key);
      json_builder_add_string_value (builder, values[i]);
    }
  /* The values as keys too. */
  json_builder_set_member_name (builder, "as keys");
  json_builder_begin_object (builder);
  for (guint i = 0; values[i] != NULL; i++)
    {
      json_builder_set_member_name (builder, values[i]);
      json_builder_add_int_value (builder, i);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  yaml = odfe_yaml_emit (root, &error);
  g_assert_no_error (error);
  g_test_message ("%s", yaml);
  document = yaml_test_load (yaml);

  for (guint i = 0; values[i] != NULL; i++)
    {
      g_autofree char *key = g_strdup_printf ("k%u", i);
      g_autofree char *index = g_strdup_printf ("%u", i);

      g_assert_cmpstr (yaml_test_scalar (document, key, NULL), ==, values[i]);
      g_assert_cmpstr (yaml_test_scalar (document, "as keys", values[i], NULL), ==, index);
    }

  /* The words a YAML 1.1 reader would resolve are not plain. */
  g_assert_false (yaml_test_is_plain (document, "k0", NULL));
  g_assert_false (yaml_test_is_plain (document, "k8", NULL));
  g_assert_false (yaml_test_is_plain (document, "k10", NULL));
  g_assert_false (yaml_test_is_plain (document, "k13", NULL));
  /* Ordinary text stays readable: a bcrypt hash, a DN. */
  g_assert_true (yaml_test_is_plain (document, "k49", NULL));
  g_assert_true (yaml_test_is_plain (document, "k50", NULL));
}

static void
test_types (void)
{
  g_autoptr(JsonNode) root = json_from_string (
    "{\"b\":true,\"f\":false,\"i\":-42,\"d\":1.5,\"z\":null,\"s\":\"text\","
    "\"empty_map\":{},\"empty_list\":[],\"list\":[1,\"two\",[3],{\"four\":4}]}", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *yaml = odfe_yaml_emit (root, &error);
  g_autoptr(yaml_document_t) document = NULL;

  g_assert_no_error (error);
  document = yaml_test_load (yaml);

  g_assert_cmpstr (yaml_test_scalar (document, "b", NULL), ==, "true");
  g_assert_true (yaml_test_is_plain (document, "b", NULL));
  g_assert_cmpstr (yaml_test_scalar (document, "f", NULL), ==, "false");
  g_assert_cmpstr (yaml_test_scalar (document, "i", NULL), ==, "-42");
  g_assert_true (yaml_test_is_plain (document, "i", NULL));
  g_assert_cmpstr (yaml_test_scalar (document, "d", NULL), ==, "1.5");
  g_assert_cmpstr (yaml_test_scalar (document, "z", NULL), ==, "null");
  g_assert_true (yaml_test_is_plain (document, "z", NULL));
  g_assert_cmpuint (yaml_test_length (document, "empty_map", NULL), ==, 0);
  g_assert_cmpuint (yaml_test_length (document, "empty_list", NULL), ==, 0);
  g_assert_cmpuint (yaml_test_length (document, "list", NULL), ==, 4);
  g_assert_cmpstr (yaml_test_scalar (document, "list", "[1]", NULL), ==, "two");
  g_assert_cmpstr (yaml_test_scalar (document, "list", "[2]", "[0]", NULL), ==, "3");
  g_assert_cmpstr (yaml_test_scalar (document, "list", "[3]", "four", NULL), ==, "4");

  /* Keys in the order they were added. */
  g_assert_true (strstr (yaml, "b:") < strstr (yaml, "f:"));
  g_assert_true (strstr (yaml, "f:") < strstr (yaml, "i:"));
}

static void
test_documents (void)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *yaml = NULL;
  GPtrArray *documents;

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"n\":%u,\"text\":\"line\\nline\"}", i);

      g_ptr_array_add (nodes, json_from_string (json, NULL));
    }

  yaml = odfe_yaml_emit_documents (nodes, &error);
  g_assert_no_error (error);
  g_assert_false (g_str_has_prefix (yaml, "---"));
  g_assert_nonnull (strstr (yaml, "\n---"));

  documents = yaml_test_load_all (yaml);
  g_assert_cmpuint (documents->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *n = g_strdup_printf ("%u", i);

      g_assert_cmpstr (yaml_test_scalar (g_ptr_array_index (documents, i), "n", NULL), ==, n);
      g_assert_cmpstr (yaml_test_scalar (g_ptr_array_index (documents, i), "text", NULL), ==,
                       "line\nline");
    }
  yaml_test_documents_free (documents);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/odfe/yaml-emit/strings", test_strings_round_trip);
  g_test_add_func ("/odfe/yaml-emit/types", test_types);
  g_test_add_func ("/odfe/yaml-emit/documents", test_documents);

  return g_test_run ();
}
