/* sandbox-validate.c: the API server's validation of a new object, in part
 *
 * What a create (or a dry run of one) is refused for before anything is
 * stored, with the messages the API server writes: names that are not
 * RFC 1123 subdomains (labels for Namespaces and Services), Secret data that
 * is not base64, a PodDisruptionBudget with both minAvailable and
 * maxUnavailable, and a StatefulSet whose template's labels miss its
 * selector.  The rest of the API server's validation is not simulated: the
 * sandbox keeps what it is given, so that its controllers can be tested
 * against odd objects.
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sandbox-validate.h"

static const char subdomain_help[] =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
  "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
  "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

static const char label_help[] =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
  "must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex "
  "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

static gboolean
is_label (const char *text,
          gsize       length)
{
  if (length == 0 || length > 63)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];
      gboolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');

      if (!alnum && !(c == '-' && i > 0 && i < length - 1))
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_subdomain (const char *text)
{
  const char *start = text;

  if (strlen (text) > 253)
    return FALSE;

  for (;;)
    {
      const char *dot = strchr (start, '.');
      gsize length = dot != NULL ? (gsize) (dot - start) : strlen (start);

      if (!is_label (start, length))
        return FALSE;
      if (dot == NULL)
        return TRUE;
      start = dot + 1;
    }
}

static void
add_cause (GPtrArray  *causes,
           const char *reason,
           const char *field,
           const char *message)
{
  SandboxValidationCause *cause = g_new0 (SandboxValidationCause, 1);

  cause->reason = g_strdup (reason);
  cause->field = g_strdup (field);
  cause->message = g_strdup (message);
  g_ptr_array_add (causes, cause);
}

void
sandbox_validation_cause_free (SandboxValidationCause *cause)
{
  g_free (cause->reason);
  g_free (cause->field);
  g_free (cause->message);
  g_free (cause);
}

static gboolean
valid_base64 (const char *text)
{
  gsize length = strlen (text);
  gsize padding = 0;

  if (length % 4 != 0)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (c == '=')
        {
          padding++;
          if (i < length - 2)
            return FALSE;
          continue;
        }
      if (padding > 0 || !(g_ascii_isalnum (c) || c == '+' || c == '/'))
        return FALSE;
    }

  return padding <= 2;
}

/* "map[string]string{"a":"b", "c":"d"}", as Go prints a label map. */
static char *
go_map (JsonObject *labels)
{
  g_autoptr(GList) keys = labels != NULL ? json_object_get_members (labels) : NULL;
  GString *text = g_string_new ("map[string]string{");

  keys = g_list_sort (keys, (GCompareFunc) g_strcmp0);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (labels, l->data);

      g_string_append_printf (text, "%s\"%s\":\"%s\"", l != keys ? ", " : "",
                              (const char *) l->data,
                              json_node_get_value_type (value) == G_TYPE_STRING
                              ? json_node_get_string (value) : "");
    }
  g_string_append_c (text, '}');
  return g_string_free (text, FALSE);
}

static void
check_statefulset (JsonNode  *object,
                   GPtrArray *causes)
{
  JsonObject *selector = sandbox_object_get_object (object, "spec.selector.matchLabels");
  JsonObject *labels = sandbox_object_get_object (object, "spec.template.metadata.labels");
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (selector == NULL || labels == NULL)
    return;

  json_object_iter_init (&iter, selector);
  while (json_object_iter_next (&iter, &key, &value))
    {
      JsonNode *label = json_object_get_member (labels, key);

      if (json_node_get_value_type (value) != G_TYPE_STRING)
        continue;
      if (label == NULL || json_node_get_value_type (label) != G_TYPE_STRING
          || !g_str_equal (json_node_get_string (label), json_node_get_string (value)))
        {
          g_autofree char *map = go_map (labels);
          g_autofree char *message = g_strdup_printf ("Invalid value: %s: `selector` does not "
                                                      "match template `labels`", map);

          add_cause (causes, "FieldValueInvalid", "spec.template.metadata.labels", message);
          return;
        }
    }
}

/* Checks @object, a new @resource; on failure returns FALSE with the Status message in
 * @message and its causes (SandboxValidationCause*) in @causes. */
gboolean
sandbox_validate_new (const SandboxResource  *resource,
                      JsonNode               *object,
                      char                  **message,
                      GPtrArray             **causes)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (
    (GDestroyNotify) sandbox_validation_cause_free);
  const char *name = sandbox_object_get_string (object, "metadata.name");
  gboolean label_names = g_str_equal (resource->kind, "Namespace")
                         || g_str_equal (resource->kind, "Service");
  g_autoptr(GString) text = NULL;

  if (name != NULL && *name != '\0'
      && !(label_names ? is_label (name, strlen (name)) : is_subdomain (name)))
    {
      g_autofree char *detail = g_strdup_printf ("Invalid value: \"%s\": %s", name,
                                                 label_names ? label_help : subdomain_help);

      add_cause (found, "FieldValueInvalid", "metadata.name", detail);
    }

  if (g_str_equal (resource->kind, "Secret"))
    {
      JsonObject *data = sandbox_object_get_object (object, "data");
      JsonObjectIter iter;
      const char *key;
      JsonNode *value;

      if (data != NULL)
        {
          json_object_iter_init (&iter, data);
          while (json_object_iter_next (&iter, &key, &value))
            {
              g_autofree char *field = g_strdup_printf ("data[%s]", key);

              if (json_node_get_value_type (value) == G_TYPE_STRING
                  && !valid_base64 (json_node_get_string (value)))
                add_cause (found, "FieldValueInvalid", field,
                           "Invalid value: \"<secret contents redacted>\": illegal base64 "
                           "data");
            }
        }
    }

  if (g_str_equal (resource->kind, "PodDisruptionBudget"))
    {
      JsonObject *spec = sandbox_object_get_object (object, "spec");

      if (spec != NULL && json_object_has_member (spec, "minAvailable")
          && json_object_has_member (spec, "maxUnavailable"))
        add_cause (found, "FieldValueInvalid", "spec",
                   "Invalid value: policy.PodDisruptionBudgetSpec{…}: minAvailable and "
                   "maxUnavailable cannot be both set");
    }

  if (g_str_equal (resource->kind, "StatefulSet"))
    check_statefulset (object, found);

  if (found->len == 0)
    return TRUE;

  text = g_string_new (NULL);
  g_string_append_printf (text, "%s%s%s \"%s\" is invalid: %s", resource->kind,
                          resource->group[0] ? "." : "", resource->group, name ? name : "",
                          found->len > 1 ? "[" : "");
  for (guint i = 0; i < found->len; i++)
    {
      SandboxValidationCause *cause = found->pdata[i];

      g_string_append_printf (text, "%s%s: %s", i > 0 ? ", " : "", cause->field,
                              cause->message);
    }
  if (found->len > 1)
    g_string_append_c (text, ']');

  *message = g_string_free (g_steal_pointer (&text), FALSE);
  *causes = g_steal_pointer (&found);
  return FALSE;
}
