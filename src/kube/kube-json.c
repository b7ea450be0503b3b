/* kube-json.c: type-checked reads from json-glib trees that came from a server
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "kube-json.h"
#include "kube-error.h"

#include <stdarg.h>

JsonObject *
kube_json_object (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

static JsonNode *
member_node (JsonObject *object,
             const char *member)
{
  if (object == NULL)
    return NULL;

  return json_object_get_member (object, member);
}

JsonObject *
kube_json_get_object (JsonObject *object,
                      const char *member)
{
  return kube_json_object (member_node (object, member));
}

JsonArray *
kube_json_get_array (JsonObject *object,
                     const char *member)
{
  JsonNode *node = member_node (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

const char *
kube_json_get_string (JsonObject *object,
                      const char *member)
{
  JsonNode *node = member_node (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

gint64
kube_json_get_int (JsonObject *object,
                   const char *member,
                   gint64      default_value)
{
  JsonNode *node = member_node (object, member);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return default_value;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    return json_node_get_int (node);

  if (type == G_TYPE_DOUBLE)
    {
      double value = json_node_get_double (node);

      /* Reject values that do not fit rather than invoking undefined conversions. */
      if (value >= -9.2e18 && value <= 9.2e18)
        return (gint64) value;
    }

  return default_value;
}

gboolean
kube_json_get_bool (JsonObject *object,
                    const char *member,
                    gboolean    default_value)
{
  JsonNode *node = member_node (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return default_value;

  return json_node_get_boolean (node);
}

static JsonNode *
follow_path (JsonNode *node,
             va_list   args)
{
  const char *member;

  while ((member = va_arg (args, const char *)) != NULL)
    {
      JsonObject *object = kube_json_object (node);

      if (object == NULL)
        return NULL;

      node = json_object_get_member (object, member);
    }

  return node;
}

const char *
kube_json_path_string (JsonNode *node,
                       ...)
{
  va_list args;
  JsonNode *end;

  va_start (args, node);
  end = follow_path (node, args);
  va_end (args);

  if (end == NULL || !JSON_NODE_HOLDS_VALUE (end)
      || json_node_get_value_type (end) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (end);
}

JsonObject *
kube_json_path_object (JsonNode *node,
                       ...)
{
  va_list args;
  JsonNode *end;

  va_start (args, node);
  end = follow_path (node, args);
  va_end (args);

  return kube_json_object (end);
}

/* json-glib 1.6's parser recurses once per level and has no limit of its own. */
#define MAX_DEPTH 512

static gboolean
nesting_within_limit (const char *data,
                      gsize       length)
{
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > MAX_DEPTH)
            return FALSE;
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }

  return TRUE;
}

JsonNode *
kube_json_parse (const char *data,
                 gsize       length,
                 const char *what,
                 GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!nesting_within_limit (data, length))
    {
      g_set_error (error, KUBE_ERROR, KUBE_ERROR_PROTOCOL,
                   "The server sent %s nested more than %d levels deep", what, MAX_DEPTH);
      return NULL;
    }

  if (length > G_MAXSSIZE
      || !json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      g_set_error (error, KUBE_ERROR, KUBE_ERROR_PROTOCOL,
                   "The server sent %s that is not valid JSON: %s", what,
                   local_error ? local_error->message : "it is too large");
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, KUBE_ERROR, KUBE_ERROR_PROTOCOL,
                   "The server sent an empty answer for %s", what);
      return NULL;
    }

  return json_node_ref (root);
}

char *
kube_json_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

GBytes *
kube_json_to_bytes (JsonNode *node)
{
  gsize length = 0;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  char *data;

  json_generator_set_root (generator, node);
  data = json_generator_to_data (generator, &length);
  return g_bytes_new_take (data, length);
}

char *
kube_json_match_labels_selector (JsonNode *workload)
{
  JsonObject *labels = kube_json_path_object (workload, "spec", "selector", "matchLabels", NULL);
  g_autoptr(GString) selector = g_string_new (NULL);
  g_autoptr(GList) keys = NULL;

  if (labels == NULL)
    return NULL;

  keys = json_object_get_members (labels);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      const char *value = kube_json_get_string (labels, l->data);

      if (value == NULL)
        continue;
      if (selector->len > 0)
        g_string_append_c (selector, ',');
      g_string_append_printf (selector, "%s=%s", (const char *) l->data, value);
    }

  if (selector->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&selector), FALSE);
}
