/* odfe-yaml-emit.h: JSON trees written as YAML with libyaml's emitter
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* @nodes (JsonNode *) as YAML documents in block style, "---" before each after the first,
 * keys in the order they were added.  A string that a YAML 1.1 reader would take for another
 * type ("true", "1.13", "", "0.0.0.0") is quoted so it reads back as the same string; text
 * with line breaks is a literal block.  NULL with @error (ODFE_ERROR_FAILED) when libyaml
 * refuses the text (it is not UTF-8). */
char  *odfe_yaml_emit_documents (GPtrArray   *nodes,
                                 GError     **error);
/* One document. */
char  *odfe_yaml_emit           (JsonNode    *node,
                                 GError     **error);

G_END_DECLS
