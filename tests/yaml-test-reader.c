/* yaml-test-reader.c: reading back, with libyaml's parser, the YAML the tests' units write
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "yaml-test-reader.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

GPtrArray *
yaml_test_load_all (const char *text)
{
  GPtrArray *documents = g_ptr_array_new ();
  yaml_parser_t parser;

  g_assert_true (yaml_parser_initialize (&parser));
  yaml_parser_set_input_string (&parser, (const unsigned char *) text, strlen (text));

  while (TRUE)
    {
      yaml_document_t *document = g_new0 (yaml_document_t, 1);

      if (!yaml_parser_load (&parser, document))
        g_error ("not YAML (%s at line %zu):\n%s", parser.problem,
                 parser.problem_mark.line + 1, text);

      if (yaml_document_get_root_node (document) == NULL)
        {
          /* The end of the stream. */
          yaml_document_delete (document);
          g_free (document);
          break;
        }
      g_ptr_array_add (documents, document);
    }

  yaml_parser_delete (&parser);
  return documents;
}

void
yaml_test_document_free (yaml_document_t *document)
{
  yaml_document_delete (document);
  g_free (document);
}

void
yaml_test_documents_free (GPtrArray *documents)
{
  for (guint i = 0; i < documents->len; i++)
    yaml_test_document_free (g_ptr_array_index (documents, i));
  g_ptr_array_unref (documents);
}

yaml_document_t *
yaml_test_load (const char *text)
{
  GPtrArray *documents = yaml_test_load_all (text);
  yaml_document_t *document;

  g_assert_cmpuint (documents->len, ==, 1);
  document = g_ptr_array_steal_index (documents, 0);
  g_ptr_array_unref (documents);

  return document;
}

static yaml_node_t *
lookup_valist (yaml_document_t *document,
               va_list          args)
{
  yaml_node_t *node = yaml_document_get_root_node (document);

  for (const char *step = va_arg (args, const char *); step != NULL && node != NULL;
       step = va_arg (args, const char *))
    {
      yaml_node_t *next = NULL;
      char *end = NULL;
      long index = step[0] == '[' && g_ascii_isdigit (step[1]) ? strtol (step + 1, &end, 10) : -1;

      /* "[3]" is an index; anything else ("[list]" too) is a key. */
      if (end != NULL && strcmp (end, "]") == 0)
        {
          yaml_node_item_t *items;

          if (node->type != YAML_SEQUENCE_NODE)
            return NULL;
          items = node->data.sequence.items.start;
          if (index < 0 || items + index >= node->data.sequence.items.top)
            return NULL;
          next = yaml_document_get_node (document, items[index]);
        }
      else
        {
          if (node->type != YAML_MAPPING_NODE)
            return NULL;
          for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
               pair < node->data.mapping.pairs.top; pair++)
            {
              yaml_node_t *key = yaml_document_get_node (document, pair->key);

              if (key->type == YAML_SCALAR_NODE
                  && strcmp ((const char *) key->data.scalar.value, step) == 0)
                {
                  next = yaml_document_get_node (document, pair->value);
                  break;
                }
            }
        }
      node = next;
    }

  return node;
}

yaml_node_t *
yaml_test_lookup (yaml_document_t *document,
                  ...)
{
  yaml_node_t *node;
  va_list args;

  va_start (args, document);
  node = lookup_valist (document, args);
  va_end (args);

  return node;
}

static yaml_node_t *
scalar_valist (yaml_document_t *document,
               va_list          args)
{
  yaml_node_t *node = lookup_valist (document, args);

  g_assert_nonnull (node);
  g_assert_cmpint (node->type, ==, YAML_SCALAR_NODE);
  return node;
}

const char *
yaml_test_scalar (yaml_document_t *document,
                  ...)
{
  yaml_node_t *node;
  va_list args;

  va_start (args, document);
  node = scalar_valist (document, args);
  va_end (args);

  return (const char *) node->data.scalar.value;
}

gboolean
yaml_test_is_plain (yaml_document_t *document,
                    ...)
{
  yaml_node_t *node;
  va_list args;

  va_start (args, document);
  node = scalar_valist (document, args);
  va_end (args);

  return node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

guint
yaml_test_length (yaml_document_t *document,
                  ...)
{
  yaml_node_t *node;
  va_list args;

  va_start (args, document);
  node = lookup_valist (document, args);
  va_end (args);

  g_assert_nonnull (node);
  if (node->type == YAML_SEQUENCE_NODE)
    return node->data.sequence.items.top - node->data.sequence.items.start;
  g_assert_cmpint (node->type, ==, YAML_MAPPING_NODE);
  return node->data.mapping.pairs.top - node->data.mapping.pairs.start;
}
