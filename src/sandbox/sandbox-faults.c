/* sandbox-faults.c: switches that make the sandbox misbehave on purpose, for tests
 *
 * Set from the command line (--fault name=value) or at run time with
 * POST /sandbox/faults and a JSON object of the same names.  Random failures
 * come from a seeded GRand so that a test run can be reproduced.
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
  g_free (self);
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
