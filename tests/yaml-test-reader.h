/* yaml-test-reader.h: reading back, with libyaml's parser, the YAML the tests' units write
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <yaml.h>

G_BEGIN_DECLS

/* Every document in @text, parsed (asserts that @text is well-formed YAML).  Free with
 * yaml_test_documents_free (). */
GPtrArray   *yaml_test_load_all        (const char      *text);
void         yaml_test_documents_free  (GPtrArray       *documents);
/* The one document in @text (asserts there is exactly one). */
yaml_document_t *yaml_test_load        (const char      *text);
void         yaml_test_document_free   (yaml_document_t *document);

/* The node at the path of mapping keys (or "[N]" for a sequence's item N), NULL-terminated;
 * NULL when there is none. */
yaml_node_t *yaml_test_lookup          (yaml_document_t *document,
                                        ...) G_GNUC_NULL_TERMINATED;
/* The scalar's text at that path (asserts it is a scalar). */
const char  *yaml_test_scalar          (yaml_document_t *document,
                                        ...) G_GNUC_NULL_TERMINATED;
/* Whether the scalar at that path was written plain (so a reader resolves its type). */
gboolean     yaml_test_is_plain        (yaml_document_t *document,
                                        ...) G_GNUC_NULL_TERMINATED;
/* The number of items (sequence) or pairs (mapping) of the node at that path. */
guint        yaml_test_length          (yaml_document_t *document,
                                        ...) G_GNUC_NULL_TERMINATED;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (yaml_document_t, yaml_test_document_free)

G_END_DECLS
