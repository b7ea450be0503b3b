/* kube-json.h: type-checked reads from json-glib trees that came from a server
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * json-glib 1.6 asserts (with a critical) when a member has an unexpected type, and data
 * from a server is untrusted, so every read here checks presence and type and answers NULL
 * (or the given default) otherwise.
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonObject  *kube_json_object          (JsonNode   *node);
JsonObject  *kube_json_get_object      (JsonObject *object,
                                        const char *member);
JsonArray   *kube_json_get_array       (JsonObject *object,
                                        const char *member);
const char  *kube_json_get_string      (JsonObject *object,
                                        const char *member);
gint64       kube_json_get_int         (JsonObject *object,
                                        const char *member,
                                        gint64      default_value);
gboolean     kube_json_get_bool        (JsonObject *object,
                                        const char *member,
                                        gboolean    default_value);

/* Follows a NULL-terminated path of object members from @node and returns the string at
 * its end, or NULL: kube_json_path_string (node, "metadata", "name", NULL). */
const char  *kube_json_path_string     (JsonNode   *node,
                                        ...) G_GNUC_NULL_TERMINATED;
JsonObject  *kube_json_path_object     (JsonNode   *node,
                                        ...) G_GNUC_NULL_TERMINATED;

/* Parses @length bytes of @data into a tree.  The error is KUBE_ERROR_PROTOCOL, naming
 * @what ("the list of pods"). */
JsonNode    *kube_json_parse           (const char *data,
                                        gsize       length,
                                        const char *what,
                                        GError    **error);

char        *kube_json_to_string       (JsonNode   *node);
GBytes      *kube_json_to_bytes        (JsonNode   *node);

/* "key=value,…" from a workload's spec.selector.matchLabels (a StatefulSet's,
 * say), for a list's labelSelector; NULL when it has none. */
char        *kube_json_match_labels_selector (JsonNode *workload);

G_END_DECLS
