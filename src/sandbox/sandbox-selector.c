/* sandbox-selector.c: label and field selectors on list and watch requests
 *
 * Label selectors take every form the API server accepts: "a=b", "a==b",
 * "a!=b", "a in (x,y)", "a notin (x,y)", "a" and "!a", joined by commas.
 * Field selectors take "path=value", "path==value" and "path!=value", where
 * the path is a dotted JSON path such as metadata.name or status.phase.
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sandbox-selector.h"
#include "sandbox-store.h"

typedef enum
{
  OP_EQUALS,
  OP_NOT_EQUALS,
  OP_IN,
  OP_NOT_IN,
  OP_EXISTS,
  OP_NOT_EXISTS,
} Operator;

typedef struct
{
  char     *key;
  Operator  op;
  GStrv     values;
} Requirement;

struct _SandboxSelector
{
  gboolean  fields;
  GPtrArray *requirements;
};

static void
requirement_free (Requirement *requirement)
{
  g_free (requirement->key);
  g_strfreev (requirement->values);
  g_free (requirement);
}

void
sandbox_selector_free (SandboxSelector *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->requirements);
  g_free (self);
}

static SandboxSelector *
selector_new (gboolean fields)
{
  SandboxSelector *self = g_new0 (SandboxSelector, 1);

  self->fields = fields;
  self->requirements = g_ptr_array_new_with_free_func ((GDestroyNotify) requirement_free);
  return self;
}

/* Splits on commas that are not inside parentheses. */
static GPtrArray *
split_terms (const char *text)
{
  GPtrArray *terms = g_ptr_array_new_with_free_func (g_free);
  const char *start = text;
  int depth = 0;

  for (const char *p = text;; p++)
    {
      if (*p == '(')
        depth++;
      else if (*p == ')')
        depth--;

      if (*p == '\0' || (*p == ',' && depth == 0))
        {
          g_autofree char *term = g_strndup (start, p - start);

          g_strstrip (term);
          if (*term != '\0')
            g_ptr_array_add (terms, g_steal_pointer (&term));
          if (*p == '\0')
            break;
          start = p + 1;
        }
    }

  return terms;
}

static GStrv
parse_set (const char *text,
           GError    **error)
{
  g_autofree char *inner = NULL;
  const char *end;
  GStrv values;

  while (*text == ' ')
    text++;

  end = strrchr (text, ')');
  if (*text != '(' || end == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "unable to parse requirement: expected a set of values in parentheses");
      return NULL;
    }

  inner = g_strndup (text + 1, end - text - 1);
  values = g_strsplit (inner, ",", -1);
  for (guint i = 0; values[i] != NULL; i++)
    g_strstrip (values[i]);

  return values;
}

static Requirement *
parse_label_term (const char *term,
                  GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  Requirement *requirement = g_new0 (Requirement, 1);
  const char *op;

  if (term[0] == '!')
    {
      requirement->key = g_strstrip (g_strdup (term + 1));
      requirement->op = OP_NOT_EXISTS;
    }
  else if ((op = strstr (term, " notin ")) != NULL)
    {
      requirement->key = g_strstrip (g_strndup (term, op - term));
      requirement->op = OP_NOT_IN;
      requirement->values = parse_set (op + 7, &local_error);
    }
  else if ((op = strstr (term, " in ")) != NULL)
    {
      requirement->key = g_strstrip (g_strndup (term, op - term));
      requirement->op = OP_IN;
      requirement->values = parse_set (op + 4, &local_error);
    }
  else if ((op = strstr (term, "!=")) != NULL)
    {
      requirement->key = g_strstrip (g_strndup (term, op - term));
      requirement->op = OP_NOT_EQUALS;
      requirement->values = g_new0 (char *, 2);
      requirement->values[0] = g_strstrip (g_strdup (op + 2));
    }
  else if ((op = strchr (term, '=')) != NULL)
    {
      const char *value = op[1] == '=' ? op + 2 : op + 1;

      requirement->key = g_strstrip (g_strndup (term, op - term));
      requirement->op = OP_EQUALS;
      requirement->values = g_new0 (char *, 2);
      requirement->values[0] = g_strstrip (g_strdup (value));
    }
  else
    {
      requirement->key = g_strstrip (g_strdup (term));
      requirement->op = OP_EXISTS;
    }

  if (local_error == NULL && (*requirement->key == '\0' || strchr (requirement->key, ' ')))
    g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                 "unable to parse requirement: invalid label key \"%s\"", requirement->key);

  if (local_error != NULL)
    {
      requirement_free (requirement);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return requirement;
}

SandboxSelector *
sandbox_selector_parse_labels (const char *text,
                               GError    **error)
{
  g_autoptr(SandboxSelector) self = selector_new (FALSE);
  g_autoptr(GPtrArray) terms = split_terms (text != NULL ? text : "");

  for (guint i = 0; i < terms->len; i++)
    {
      Requirement *requirement = parse_label_term (terms->pdata[i], error);

      if (requirement == NULL)
        return NULL;
      g_ptr_array_add (self->requirements, requirement);
    }

  return g_steal_pointer (&self);
}

SandboxSelector *
sandbox_selector_parse_fields (const char *text,
                               GError    **error)
{
  g_autoptr(SandboxSelector) self = selector_new (TRUE);
  g_autoptr(GPtrArray) terms = split_terms (text != NULL ? text : "");

  for (guint i = 0; i < terms->len; i++)
    {
      const char *term = terms->pdata[i];
      Requirement *requirement = g_new0 (Requirement, 1);
      const char *op;
      const char *value;

      if ((op = strstr (term, "!=")) != NULL)
        {
          requirement->op = OP_NOT_EQUALS;
          value = op + 2;
        }
      else if ((op = strchr (term, '=')) != NULL)
        {
          requirement->op = OP_EQUALS;
          value = op[1] == '=' ? op + 2 : op + 1;
        }
      else
        {
          requirement_free (requirement);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "invalid selector: '%s'; can't understand '%s'", text, term);
          return NULL;
        }

      requirement->key = g_strstrip (g_strndup (term, op - term));
      requirement->values = g_new0 (char *, 2);
      requirement->values[0] = g_strstrip (g_strdup (value));
      g_ptr_array_add (self->requirements, requirement);
    }

  return g_steal_pointer (&self);
}

static const char *
label_value (JsonNode   *object,
             const char *key)
{
  JsonObject *metadata = sandbox_object_get_metadata (object);
  JsonNode *labels;
  JsonNode *value;

  if (metadata == NULL)
    return NULL;

  labels = json_object_get_member (metadata, "labels");
  if (labels == NULL || !JSON_NODE_HOLDS_OBJECT (labels))
    return NULL;

  value = json_object_get_member (json_node_get_object (labels), key);
  if (value == NULL || json_node_get_value_type (value) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (value);
}

gboolean
sandbox_selector_matches (SandboxSelector *self,
                          JsonNode        *object)
{
  if (self == NULL)
    return TRUE;

  for (guint i = 0; i < self->requirements->len; i++)
    {
      Requirement *requirement = self->requirements->pdata[i];
      const char *value;
      gboolean in_set;

      if (self->fields)
        {
          value = sandbox_object_get_string (object, requirement->key);
          /* A missing field compares as the empty string, as in the API server. */
          if (value == NULL)
            value = "";
        }
      else
        value = label_value (object, requirement->key);

      in_set = value != NULL && requirement->values != NULL
               && g_strv_contains ((const char * const *) requirement->values, value);

      switch (requirement->op)
        {
        case OP_EQUALS:
        case OP_IN:
          if (!in_set)
            return FALSE;
          break;

        case OP_NOT_EQUALS:
        case OP_NOT_IN:
          if (in_set)
            return FALSE;
          break;

        case OP_EXISTS:
          if (value == NULL)
            return FALSE;
          break;

        case OP_NOT_EXISTS:
          if (value != NULL)
            return FALSE;
          break;

        default:
          g_assert_not_reached ();
        }
    }

  return TRUE;
}
