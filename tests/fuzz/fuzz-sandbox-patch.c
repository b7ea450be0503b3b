/* fuzz-sandbox-patch.c: a libFuzzer target for the sandbox's PATCH engine, which applies
 * whatever body a client sends to a stored object
 *
 * Input: one byte picking the patch type, one byte picking the kind, then either an object
 * and a patch body separated by a NUL byte, or (without a NUL) just a body, applied to a
 * StatefulSet like the ones the sandbox stores.
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sandbox-patch.h"

#include <string.h>

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static const char *content_types[] = {
  "application/strategic-merge-patch+json",
  "application/merge-patch+json",
  "application/json-patch+json",
  "application/apply-patch+yaml",
};

static const char *kinds[] = {
  "StatefulSet", "Pod", "ConfigMap", "Service", "Node", "Widget", NULL,
};

static const char default_object[] =
  "{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\","
  "\"metadata\":{\"name\":\"elasticsearch\",\"labels\":{\"app\":\"es\"},"
  "\"finalizers\":[\"a\",\"b\"]},"
  "\"spec\":{\"replicas\":3,\"template\":{\"metadata\":{\"annotations\":{\"x\":\"1\"}},"
  "\"spec\":{\"volumes\":[{\"name\":\"data\",\"emptyDir\":{}}],"
  "\"containers\":[{\"name\":\"es\",\"image\":\"es:1\","
  "\"env\":[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"B\",\"value\":\"2\"}],"
  "\"ports\":[{\"containerPort\":9200},{\"containerPort\":9300}],"
  "\"volumeMounts\":[{\"name\":\"data\",\"mountPath\":\"/data\"}]},"
  "{\"name\":\"exporter\",\"args\":[\"x\"]}]}}},"
  "\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}";

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(JsonNode) object = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *content_type;
  const char *kind;
  const guint8 *nul;

  if (size < 2)
    return 0;

  content_type = content_types[data[0] % G_N_ELEMENTS (content_types)];
  kind = kinds[data[1] % G_N_ELEMENTS (kinds)];
  data += 2;
  size -= 2;

  nul = memchr (data, '\0', size);
  if (nul != NULL)
    {
      /* An object the fuzzer chose, skipped when json-glib cannot read it.  It is kept
       * small, so that json-glib's recursive parser is not what is under test. */
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *text = g_strndup ((const char *) data, nul - data);

      if (nul - data > 4096 ||
          !json_parser_load_from_data (parser, text, -1, NULL) ||
          json_parser_get_root (parser) == NULL)
        return 0;
      object = json_parser_steal_root (parser);
      /* Anything but an object stands for "no object yet", which only apply accepts. */
      if (!JSON_NODE_HOLDS_OBJECT (object))
        g_clear_pointer (&object, json_node_unref);
      size -= (nul - data) + 1;
      data = nul + 1;
    }
  else
    object = json_from_string (default_object, NULL);

  body = g_bytes_new (data, size);
  if (object != NULL)
    before = json_to_string (object, FALSE);

  result = sandbox_patch_apply (object, kind, content_type, body, &error);

  if (result == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == SANDBOX_PATCH_ERROR);
      g_assert_cmpuint (strlen (error->message), >, 0);
    }
  else
    {
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (result));
      g_free (json_to_string (result, FALSE));
    }

  /* The stored object is never modified. */
  if (object != NULL)
    {
      after = json_to_string (object, FALSE);
      g_assert_cmpstr (before, ==, after);
    }

  return 0;
}
