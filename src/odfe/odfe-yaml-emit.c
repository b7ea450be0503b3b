/* odfe-yaml-emit.c: JSON trees written as YAML with libyaml's emitter
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The security plugin's files, elasticsearch.yml and the manifests a person reviews are
 * YAML.  They are built as JSON trees (the shape Kubernetes takes anyway) and written here by
 * libyaml, which quotes and escapes what needs it, so that a value (a password's hash, a DN
 * with commas) always reads back as itself.  What libyaml cannot know is which plain words a
 * YAML 1.1 reader (SnakeYAML in the node, kubectl's go-yaml) turns into booleans, numbers or
 * null; those strings are double-quoted here.
 */

#include "config.h"

#include <string.h>
#include <yaml.h>

#include "odfe-error.h"
#include "odfe-yaml-emit.h"

static int
append_output (void          *data,
               unsigned char *buffer,
               size_t         size)
{
  g_string_append_len (data, (const char *) buffer, size);
  return 1;
}

/* Whether a YAML 1.1 reader would resolve the plain scalar @text to something other than a
 * string: a boolean, null, a number (decimal, octal, hexadecimal, sexagesimal, float), a
 * timestamp, the merge key or the value key. */
static gboolean
plain_would_change_type (const char *text)
{
  static const char * const words[] = {
    "y", "yes", "n", "no", "true", "false", "on", "off", "null", "~", ".inf", "-.inf",
    "+.inf", ".nan", "<<", "=", NULL
  };
  g_autofree char *lowered = NULL;

  if (text[0] == '\0')
    return TRUE;

  /* Anything that starts like a number is quoted: cheaper than matching every numeric
   * form, and harmless for the rest. */
  if (g_ascii_isdigit (text[0])
      || ((text[0] == '-' || text[0] == '+' || text[0] == '.') && g_ascii_isdigit (text[1])))
    return TRUE;

  lowered = g_ascii_strdown (text, -1);
  return g_strv_contains (words, lowered);
}

static gboolean
emit_event (yaml_emitter_t  *emitter,
            yaml_event_t    *event,
            GError         **error)
{
  if (yaml_emitter_emit (emitter, event))
    return TRUE;

  g_set_error (error, ODFE_ERROR, ODFE_ERROR_FAILED, "libyaml could not write the text: %s",
               emitter->problem != NULL ? emitter->problem : "unknown problem");
  return FALSE;
}

static gboolean
emit_scalar (yaml_emitter_t       *emitter,
             const char           *text,
             yaml_scalar_style_t   style,
             GError              **error)
{
  yaml_event_t event;

  if (!yaml_scalar_event_initialize (&event, NULL, NULL, (yaml_char_t *) text, strlen (text),
                                     1, 1, style))
    {
      g_set_error_literal (error, ODFE_ERROR, ODFE_ERROR_FAILED, "libyaml ran out of memory");
      return FALSE;
    }

  return emit_event (emitter, &event, error);
}

static gboolean
emit_string (yaml_emitter_t  *emitter,
             const char      *text,
             GError         **error)
{
  yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;

  if (plain_would_change_type (text))
    style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
  else if (strchr (text, '\n') != NULL)
    style = YAML_LITERAL_SCALAR_STYLE;

  /* libyaml itself moves to a quoted style when plain is not allowed (": ", a leading "-",
   * "#", a trailing space…). */
  return emit_scalar (emitter, text, style, error);
}

static gboolean emit_node (yaml_emitter_t  *emitter,
                           JsonNode        *node,
                           GError         **error);

static gboolean
emit_object (yaml_emitter_t  *emitter,
             JsonObject      *object,
             GError         **error)
{
  yaml_event_t event;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  yaml_mapping_start_event_initialize (&event, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
  if (!emit_event (emitter, &event, error))
    return FALSE;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &member, &value))
    {
      if (!emit_string (emitter, member, error) || !emit_node (emitter, value, error))
        return FALSE;
    }

  yaml_mapping_end_event_initialize (&event);
  return emit_event (emitter, &event, error);
}

static gboolean
emit_array (yaml_emitter_t  *emitter,
            JsonArray       *array,
            GError         **error)
{
  yaml_event_t event;
  guint length = json_array_get_length (array);

  yaml_sequence_start_event_initialize (&event, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
  if (!emit_event (emitter, &event, error))
    return FALSE;

  for (guint i = 0; i < length; i++)
    if (!emit_node (emitter, json_array_get_element (array, i), error))
      return FALSE;

  yaml_sequence_end_event_initialize (&event);
  return emit_event (emitter, &event, error);
}

static gboolean
emit_value (yaml_emitter_t  *emitter,
            JsonNode        *node,
            GError         **error)
{
  GType type = json_node_get_value_type (node);
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  if (type == G_TYPE_STRING)
    return emit_string (emitter, json_node_get_string (node), error);

  if (type == G_TYPE_BOOLEAN)
    return emit_scalar (emitter, json_node_get_boolean (node) ? "true" : "false",
                        YAML_PLAIN_SCALAR_STYLE, error);

  if (type == G_TYPE_INT64)
    {
      g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, json_node_get_int (node));
      return emit_scalar (emitter, number, YAML_PLAIN_SCALAR_STYLE, error);
    }

  g_ascii_dtostr (number, sizeof number, json_node_get_double (node));
  return emit_scalar (emitter, number, YAML_PLAIN_SCALAR_STYLE, error);
}

static gboolean
emit_node (yaml_emitter_t  *emitter,
           JsonNode        *node,
           GError         **error)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return emit_object (emitter, json_node_get_object (node), error);
    case JSON_NODE_ARRAY:
      return emit_array (emitter, json_node_get_array (node), error);
    case JSON_NODE_VALUE:
      return emit_value (emitter, node, error);
    case JSON_NODE_NULL:
    default:
      return emit_scalar (emitter, "null", YAML_PLAIN_SCALAR_STYLE, error);
    }
}

char *
odfe_yaml_emit_documents (GPtrArray  *nodes,
                          GError    **error)
{
  g_autoptr(GString) output = g_string_new (NULL);
  yaml_emitter_t emitter;
  yaml_event_t event;
  gboolean ok = TRUE;

  g_return_val_if_fail (nodes != NULL, NULL);

  if (!yaml_emitter_initialize (&emitter))
    {
      g_set_error_literal (error, ODFE_ERROR, ODFE_ERROR_FAILED, "libyaml ran out of memory");
      return NULL;
    }
  yaml_emitter_set_output (&emitter, append_output, output);
  yaml_emitter_set_unicode (&emitter, 1);
  /* No folding: a long base64 value stays on its line. */
  yaml_emitter_set_width (&emitter, -1);
  yaml_emitter_set_indent (&emitter, 2);

  yaml_stream_start_event_initialize (&event, YAML_UTF8_ENCODING);
  ok = emit_event (&emitter, &event, error);

  for (guint i = 0; ok && i < nodes->len; i++)
    {
      /* libyaml writes "---" before every document but the first. */
      yaml_document_start_event_initialize (&event, NULL, NULL, NULL, 1);
      ok = emit_event (&emitter, &event, error)
           && emit_node (&emitter, g_ptr_array_index (nodes, i), error);
      if (ok)
        {
          yaml_document_end_event_initialize (&event, 1);
          ok = emit_event (&emitter, &event, error);
        }
    }

  if (ok)
    {
      yaml_stream_end_event_initialize (&event);
      ok = emit_event (&emitter, &event, error) && yaml_emitter_flush (&emitter);
    }

  yaml_emitter_delete (&emitter);

  if (!ok)
    return NULL;

  return g_string_free (g_steal_pointer (&output), FALSE);
}

char *
odfe_yaml_emit (JsonNode  *node,
                GError   **error)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();

  g_return_val_if_fail (node != NULL, NULL);

  g_ptr_array_add (nodes, node);
  return odfe_yaml_emit_documents (nodes, error);
}
