/* sandbox-faults.c: switches that make the sandbox misbehave on purpose, for tests
 *
 * Set from the command line (--fault name=value) or at run time with
 * POST /sandbox/faults and a JSON object of the same names.  Random failures
 * come from a seeded GRand so that a test run can be reproduced.
 *
 * "deny" is a list of access rules as RBAC would lack them, each written
 * "VERB:PLURAL[.GROUP][@NAMESPACE]" ("create:statefulsets.apps",
 * "create:namespaces", "delete:secrets@shop") or as an object of verb, group,
 * resource (a plural, or "plural/subresource"), namespace and name, any of
 * them absent or "*" for all.  A request a rule matches is refused with 403
 * Forbidden, and a SelfSubjectAccessReview for it answers allowed: false.
 * [] or null clears them; on the command line, --fault deny=RULE adds one.
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "sandbox-faults.h"

SandboxFaults *
sandbox_faults_new (void)
{
  SandboxFaults *self = g_new0 (SandboxFaults, 1);

  self->error_code = 500;
  self->retry_after = 1;
  self->rand = g_rand_new_with_seed (1);
  return self;
}

void
sandbox_faults_free (SandboxFaults *self)
{
  if (self == NULL)
    return;

  g_rand_free (self->rand);
  g_clear_pointer (&self->deny, json_array_unref);
  g_free (self);
}

/* "create:statefulsets.apps@shop" as {"verb":"create","resource":"statefulsets",
 * "group":"apps","namespace":"shop"}. */
static JsonObject *
parse_rule (const char *text,
            GError    **error)
{
  const char *colon = strchr (text, ':');
  g_autofree char *target = NULL;
  JsonObject *rule;
  char *at;
  char *dot;

  if (colon == NULL || colon == text || colon[1] == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "a deny rule is written VERB:PLURAL[.GROUP][@NAMESPACE], not \"%s\"", text);
      return NULL;
    }

  rule = json_object_new ();
  {
    g_autofree char *verb = g_strndup (text, colon - text);

    json_object_set_string_member (rule, "verb", verb);
  }

  target = g_strdup (colon + 1);
  at = strchr (target, '@');
  if (at != NULL)
    {
      *at = '\0';
      json_object_set_string_member (rule, "namespace", at + 1);
    }
  dot = strchr (target, '.');
  if (dot != NULL)
    {
      *dot = '\0';
      json_object_set_string_member (rule, "group", dot + 1);
    }
  else if (!g_str_equal (target, "*"))
    json_object_set_string_member (rule, "group", "");
  json_object_set_string_member (rule, "resource", target);

  return rule;
}

static gboolean
set_value (SandboxFaults *self,
           const char    *name,
           JsonNode      *value,
           GError       **error)
{
  GType type = JSON_NODE_HOLDS_VALUE (value) ? json_node_get_value_type (value) : G_TYPE_INVALID;
  gboolean is_number = type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
  double number = 0;

  if (type == G_TYPE_INT64)
    number = json_node_get_int (value);
  else if (type == G_TYPE_DOUBLE)
    number = json_node_get_double (value);

  if (g_str_equal (name, "expireAll"))
    {
      if (type != G_TYPE_BOOLEAN)
        goto bad_type;
      self->expire_all = json_node_get_boolean (value);
      return TRUE;
    }

  if (g_str_equal (name, "deny"))
    {
      JsonArray *rules;

      if (JSON_NODE_HOLDS_NULL (value))
        {
          g_clear_pointer (&self->deny, json_array_unref);
          return TRUE;
        }
      if (!JSON_NODE_HOLDS_ARRAY (value))
        goto bad_type;

      rules = json_array_new ();
      for (guint i = 0; i < json_array_get_length (json_node_get_array (value)); i++)
        {
          JsonNode *rule = json_array_get_element (json_node_get_array (value), i);
          JsonObjectIter iter;
          const char *member;
          JsonNode *member_value;

          if (json_node_get_value_type (rule) == G_TYPE_STRING)
            {
              JsonObject *parsed = parse_rule (json_node_get_string (rule), error);

              if (parsed == NULL)
                {
                  json_array_unref (rules);
                  return FALSE;
                }
              json_array_add_object_element (rules, parsed);
              continue;
            }

          if (!JSON_NODE_HOLDS_OBJECT (rule))
            {
              json_array_unref (rules);
              goto bad_type;
            }
          json_object_iter_init (&iter, json_node_get_object (rule));
          while (json_object_iter_next (&iter, &member, &member_value))
            {
              if (!(g_str_equal (member, "verb") || g_str_equal (member, "group")
                    || g_str_equal (member, "resource") || g_str_equal (member, "namespace")
                    || g_str_equal (member, "name"))
                  || json_node_get_value_type (member_value) != G_TYPE_STRING)
                {
                  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "a deny rule has string members verb, group, resource, "
                               "namespace and name only, not \"%s\"", member);
                  json_array_unref (rules);
                  return FALSE;
                }
            }
          json_array_add_element (rules, json_node_copy (rule));
        }

      g_clear_pointer (&self->deny, json_array_unref);
      if (json_array_get_length (rules) > 0)
        self->deny = g_steal_pointer (&rules);
      else
        json_array_unref (rules);
      return TRUE;
    }

  if (!is_number || number < 0)
    goto bad_type;

  if (g_str_equal (name, "dropWatchEvery"))
    self->drop_watch_every = (guint) number;
  else if (g_str_equal (name, "errorRate"))
    {
      if (number > 1)
        goto bad_type;
      self->error_rate = number;
    }
  else if (g_str_equal (name, "errorCode"))
    {
      if (number != 429 && number != 500 && number != 503)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "errorCode must be 429, 500 or 503");
          return FALSE;
        }
      self->error_code = (guint) number;
    }
  else if (g_str_equal (name, "retryAfter"))
    self->retry_after = (guint) number;
  else if (g_str_equal (name, "latencyMs"))
    self->latency_ms = (guint) number;
  else if (g_str_equal (name, "seed"))
    g_rand_set_seed (self->rand, (guint32) number);
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "unknown fault switch \"%s\"", name);
      return FALSE;
    }

  return TRUE;

bad_type:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "invalid value for fault switch \"%s\"", name);
  return FALSE;
}

/* Parses one "--fault name=value" option, e.g. "errorRate=0.1" or "expireAll=true". */
gboolean
sandbox_faults_parse_option (SandboxFaults *self,
                             const char    *option,
                             GError       **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *name = NULL;
  const char *equals = strchr (option, '=');

  if (equals == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "a fault is written name=value, not \"%s\"", option);
      return FALSE;
    }

  name = g_strndup (option, equals - option);

  /* --fault deny=create:statefulsets.apps adds one rule to those given before. */
  if (g_str_equal (name, "deny") && equals[1] != '[')
    {
      JsonObject *rule = parse_rule (equals + 1, error);

      if (rule == NULL)
        return FALSE;
      if (self->deny == NULL)
        self->deny = json_array_new ();
      json_array_add_object_element (self->deny, rule);
      return TRUE;
    }

  node = json_from_string (equals + 1, NULL);
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "invalid value in fault \"%s\"", option);
      return FALSE;
    }

  return set_value (self, name, node, error);
}

gboolean
sandbox_faults_update (SandboxFaults *self,
                       JsonObject    *settings,
                       GError       **error)
{
  g_autoptr(GList) names = json_object_get_members (settings);

  for (GList *l = names; l != NULL; l = l->next)
    {
      if (!set_value (self, l->data, json_object_get_member (settings, l->data), error))
        return FALSE;
    }

  return TRUE;
}

JsonNode *
sandbox_faults_to_json (SandboxFaults *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "dropWatchEvery");
  json_builder_add_int_value (builder, self->drop_watch_every);
  json_builder_set_member_name (builder, "errorRate");
  json_builder_add_double_value (builder, self->error_rate);
  json_builder_set_member_name (builder, "errorCode");
  json_builder_add_int_value (builder, self->error_code);
  json_builder_set_member_name (builder, "retryAfter");
  json_builder_add_int_value (builder, self->retry_after);
  json_builder_set_member_name (builder, "latencyMs");
  json_builder_add_int_value (builder, self->latency_ms);
  json_builder_set_member_name (builder, "deny");
  if (self->deny != NULL)
    {
      g_autoptr(JsonNode) rules = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (rules, self->deny);
      json_builder_add_value (builder, json_node_copy (rules));
    }
  else
    {
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Whether this request should fail, and with which status. */
gboolean
sandbox_faults_pick_failure (SandboxFaults *self,
                             guint         *status)
{
  if (self->error_rate <= 0)
    return FALSE;

  if (g_rand_double (self->rand) >= self->error_rate)
    return FALSE;

  *status = self->error_code;
  return TRUE;
}

static gboolean
rule_matches (JsonObject *rule,
              const char *member,
              const char *value)
{
  JsonNode *node = json_object_get_member (rule, member);
  const char *wanted;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return TRUE;

  wanted = json_node_get_string (node);
  return g_str_equal (wanted, "*") || g_strcmp0 (wanted, value != NULL ? value : "") == 0;
}

/* Whether a deny rule covers this access ("create" "apps" "statefulsets" "ns" NULL). */
gboolean
sandbox_faults_denies (SandboxFaults *self,
                       const char    *verb,
                       const char    *group,
                       const char    *resource,
                       const char    *namespace_,
                       const char    *name)
{
  for (guint i = 0; self->deny != NULL && i < json_array_get_length (self->deny); i++)
    {
      JsonObject *rule = json_array_get_object_element (self->deny, i);

      if (rule_matches (rule, "verb", verb) && rule_matches (rule, "group", group)
          && rule_matches (rule, "resource", resource)
          && rule_matches (rule, "namespace", namespace_) && rule_matches (rule, "name", name))
        return TRUE;
    }

  return FALSE;
}
