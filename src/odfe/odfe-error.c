/* odfe-error.c: the ODFE_ERROR domain and the decoder of a search cluster's error answers
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A search cluster says why a request failed in one of several shapes, depending on who
 * answered: Elasticsearch itself ({"error":{"root_cause":[…],"type","reason"},"status"}),
 * the security plugin's REST API ({"status":"FORBIDDEN","message"}), the security filter in
 * front of everything (plain "Unauthorized"), or the Performance Analyzer ({"error":"…"}).
 * The user should read the server's own words, so each is decoded here, with every member's
 * presence and type checked: the body comes from the network.
 */

#include "odfe-error.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

/* Longest reason kept from a body, so that a runaway server cannot fill a dialog. */
#define MAX_REASON_LENGTH 1024

G_DEFINE_QUARK (odfe-error-quark, odfe_error)

OdfeError
odfe_error_code_for_status (guint http_status)
{
  switch (http_status)
    {
    case 400:
    case 405:
    case 406:
    case 415:
    case 422:
      return ODFE_ERROR_BAD_REQUEST;

    case 401:
      return ODFE_ERROR_UNAUTHORIZED;

    case 403:
      return ODFE_ERROR_FORBIDDEN;

    case 404:
      return ODFE_ERROR_NOT_FOUND;

    case 409:
      return ODFE_ERROR_CONFLICT;

    case 408:
    case 504:
      return ODFE_ERROR_TIMEOUT;

    case 413:
      return ODFE_ERROR_TOO_LARGE;

    case 429:
      return ODFE_ERROR_TOO_MANY_REQUESTS;

    case 501:
      return ODFE_ERROR_NOT_IMPLEMENTED;

    case 503:
      return ODFE_ERROR_UNAVAILABLE;

    default:
      return http_status >= 500 && http_status < 600 ? ODFE_ERROR_SERVER_ERROR
                                                     : ODFE_ERROR_FAILED;
    }
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Trims, keeps the first line and caps the length. */
static char *
tidy (const char *text)
{
  g_autofree char *copy = g_strdup (text);
  char *newline;

  g_strstrip (copy);
  if ((newline = strchr (copy, '\n')) != NULL)
    *newline = '\0';
  g_strchomp (copy);

  if (copy[0] == '\0')
    return NULL;

  if (g_utf8_strlen (copy, -1) > MAX_REASON_LENGTH)
    {
      g_autofree char *start = g_utf8_substring (copy, 0, MAX_REASON_LENGTH);

      return g_strconcat (start, "…", NULL);
    }

  return g_steal_pointer (&copy);
}

static char *
reason_from_json (JsonNode *root)
{
  JsonObject *object;
  JsonObject *error;
  const char *reason;
  const char *type;
  const char *message;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  object = json_node_get_object (root);

  /* Elasticsearch: {"error":{"root_cause":[…],"type":"…","reason":"…"},"status":403} */
  error = member_object (object, "error");
  if (error != NULL)
    {
      reason = member_string (error, "reason");
      type = member_string (error, "type");

      if (reason == NULL)
        {
          JsonObject *caused_by = member_object (error, "caused_by");

          reason = member_string (caused_by, "reason");
        }

      if (reason != NULL && type != NULL)
        {
          g_autofree char *text = g_strdup_printf ("%s (%s)", reason, type);

          return tidy (text);
        }
      if (reason != NULL)
        return tidy (reason);
      if (type != NULL)
        return tidy (type);
    }

  /* Performance Analyzer and some plugins: {"error":"…"} */
  if ((message = member_string (object, "error")) != NULL)
    return tidy (message);

  /* The security plugin: {"status":"FORBIDDEN","message":"…"} */
  if ((message = member_string (object, "message")) != NULL)
    return tidy (message);

  /* SQL: {"error":{"reason","details","type"}} is handled above; anything else: nothing. */
  return NULL;
}

char *
odfe_error_reason_from_body (const char *data,
                             gsize       length)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *text = NULL;
  gsize start = 0;

  if (data == NULL || length == 0 || length > G_MAXSSIZE)
    return NULL;

  while (start < length && g_ascii_isspace (data[start]))
    start++;

  if (start < length && (data[start] == '{' || data[start] == '['))
    {
      parser = json_parser_new_immutable ();
      if (!json_parser_load_from_data (parser, data, (gssize) length, NULL))
        return NULL;

      return reason_from_json (json_parser_get_root (parser));
    }

  /* Plain text, as the security filter sends "Unauthorized"; never HTML pages. */
  if (length > 4096 || !g_utf8_validate (data, (gssize) length, NULL)
      || (start < length && data[start] == '<'))
    return NULL;

  text = g_strndup (data, length);
  if (strlen (text) != length)
    return NULL;

  return tidy (text);
}

GError *
odfe_error_new_from_response (guint       http_status,
                              const char *reason_phrase,
                              GBytes     *body)
{
  g_autofree char *reason = NULL;
  OdfeError code = odfe_error_code_for_status (http_status);
  const char *data = NULL;
  gsize length = 0;

  if (body != NULL)
    data = g_bytes_get_data (body, &length);

  reason = odfe_error_reason_from_body (data, length);

  if (reason != NULL)
    return g_error_new (ODFE_ERROR, code, "%s (HTTP %u)", reason, http_status);

  switch (code)
    {
    case ODFE_ERROR_UNAUTHORIZED:
      return g_error_new (ODFE_ERROR, code,
                          "The search cluster refused the user name or password (HTTP %u)",
                          http_status);

    case ODFE_ERROR_FORBIDDEN:
      return g_error_new (ODFE_ERROR, code,
                          "The search cluster does not allow this user to do that (HTTP %u)",
                          http_status);

    case ODFE_ERROR_NOT_FOUND:
      return g_error_new (ODFE_ERROR, code,
                          "The search cluster has no such resource (HTTP %u)", http_status);

    case ODFE_ERROR_UNAVAILABLE:
      return g_error_new (ODFE_ERROR, code,
                          "The search cluster is not ready yet (HTTP %u)", http_status);

    default:
      return g_error_new (ODFE_ERROR, code, "The search cluster answered HTTP %u %s",
                          http_status,
                          reason_phrase ? reason_phrase
                                        : soup_status_get_phrase (http_status));
    }
}

gboolean
odfe_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != ODFE_ERROR)
    return FALSE;

  switch (error->code)
    {
    case ODFE_ERROR_TIMEOUT:
    case ODFE_ERROR_TOO_MANY_REQUESTS:
    case ODFE_ERROR_SERVER_ERROR:
    case ODFE_ERROR_UNAVAILABLE:
    case ODFE_ERROR_NETWORK:
      return TRUE;

    default:
      return FALSE;
    }
}
