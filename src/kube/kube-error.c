/* kube-error.c: the KUBE_ERROR domain and the decoder of the API server's Status objects
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The API server answers every failure with a `Status` object whose `reason` says what kind
 * of failure it is and whose `message` is written for people.  This file turns that (or, when
 * a proxy or a broken server sent something else, the bare HTTP status) into a KubeError code
 * and a message that keeps the server's words.
 */

#include "kube-error.h"
#include "kube-json.h"

#include <libsoup/soup.h>
#include <string.h>

G_DEFINE_BOXED_TYPE (KubeStatus, kube_status, kube_status_copy, kube_status_free)

/* What a KUBE_ERROR carries besides its message: the Status it was decoded from, for the
 * field causes, and the server's Retry-After. */
typedef struct
{
  KubeStatus *status;
  guint       retry_after;
} KubeErrorPrivate;

static void
kube_error_private_init (KubeErrorPrivate *priv)
{
}

static void
kube_error_private_copy (const KubeErrorPrivate *source,
                         KubeErrorPrivate       *destination)
{
  destination->status = source->status ? kube_status_copy (source->status) : NULL;
  destination->retry_after = source->retry_after;
}

static void
kube_error_private_clear (KubeErrorPrivate *priv)
{
  g_clear_pointer (&priv->status, kube_status_free);
}

G_DEFINE_EXTENDED_ERROR (KubeError, kube_error)

const KubeStatus *
kube_error_get_status (const GError *error)
{
  if (error == NULL || error->domain != KUBE_ERROR)
    return NULL;

  return kube_error_get_private (error)->status;
}

guint
kube_error_get_retry_after (const GError *error)
{
  if (error == NULL || error->domain != KUBE_ERROR)
    return 0;

  return kube_error_get_private (error)->retry_after;
}

void
kube_error_set_retry_after (GError *error,
                            guint   seconds)
{
  g_return_if_fail (error != NULL && error->domain == KUBE_ERROR);

  kube_error_get_private (error)->retry_after = seconds;
}

static void
kube_status_cause_free (gpointer data)
{
  KubeStatusCause *cause = data;

  g_free (cause->reason);
  g_free (cause->field);
  g_free (cause->message);
  g_free (cause);
}

static KubeStatus *
kube_status_new (void)
{
  KubeStatus *status = g_new0 (KubeStatus, 1);

  status->causes = g_ptr_array_new_with_free_func (kube_status_cause_free);
  return status;
}

KubeStatus *
kube_status_copy (const KubeStatus *status)
{
  KubeStatus *copy;

  g_return_val_if_fail (status != NULL, NULL);

  copy = kube_status_new ();
  copy->code = status->code;
  copy->status = g_strdup (status->status);
  copy->reason = g_strdup (status->reason);
  copy->message = g_strdup (status->message);
  copy->details_name = g_strdup (status->details_name);
  copy->details_group = g_strdup (status->details_group);
  copy->details_kind = g_strdup (status->details_kind);
  copy->retry_after_seconds = status->retry_after_seconds;

  for (guint i = 0; i < status->causes->len; i++)
    {
      const KubeStatusCause *cause = g_ptr_array_index (status->causes, i);
      KubeStatusCause *cause_copy = g_new0 (KubeStatusCause, 1);

      cause_copy->reason = g_strdup (cause->reason);
      cause_copy->field = g_strdup (cause->field);
      cause_copy->message = g_strdup (cause->message);
      g_ptr_array_add (copy->causes, cause_copy);
    }

  return copy;
}

void
kube_status_free (KubeStatus *status)
{
  if (status == NULL)
    return;

  g_free (status->status);
  g_free (status->reason);
  g_free (status->message);
  g_free (status->details_name);
  g_free (status->details_group);
  g_free (status->details_kind);
  g_ptr_array_unref (status->causes);
  g_free (status);
}

static void
read_causes (KubeStatus *status,
             JsonArray  *causes)
{
  guint length = causes ? json_array_get_length (causes) : 0;

  /* A hostile server could send millions of causes; nobody reads past a few dozen. */
  length = MIN (length, 64);

  for (guint i = 0; i < length; i++)
    {
      JsonObject *object = kube_json_object (json_array_get_element (causes, i));
      KubeStatusCause *cause;

      if (object == NULL)
        continue;

      cause = g_new0 (KubeStatusCause, 1);
      cause->reason = g_strdup (kube_json_get_string (object, "reason"));
      cause->field = g_strdup (kube_json_get_string (object, "field"));
      cause->message = g_strdup (kube_json_get_string (object, "message"));
      g_ptr_array_add (status->causes, cause);
    }
}

KubeStatus *
kube_status_new_from_json (JsonNode *node)
{
  JsonObject *object = kube_json_object (node);
  JsonObject *details;
  KubeStatus *status;
  gint64 code;
  gint64 retry_after;

  if (g_strcmp0 (kube_json_get_string (object, "kind"), "Status") != 0)
    return NULL;

  status = kube_status_new ();
  code = kube_json_get_int (object, "code", 0);
  status->code = (code >= 100 && code <= 999) ? (guint) code : 0;
  status->status = g_strdup (kube_json_get_string (object, "status"));
  status->reason = g_strdup (kube_json_get_string (object, "reason"));
  status->message = g_strdup (kube_json_get_string (object, "message"));

  details = kube_json_get_object (object, "details");
  status->details_name = g_strdup (kube_json_get_string (details, "name"));
  status->details_group = g_strdup (kube_json_get_string (details, "group"));
  status->details_kind = g_strdup (kube_json_get_string (details, "kind"));
  retry_after = kube_json_get_int (details, "retryAfterSeconds", 0);
  status->retry_after_seconds = (int) CLAMP (retry_after, 0, 3600);
  read_causes (status, kube_json_get_array (details, "causes"));

  return status;
}

KubeStatus *
kube_status_parse (const char *data,
                   gsize       length)
{
  g_autoptr(JsonNode) root = NULL;

  if (data == NULL || length == 0)
    return NULL;

  root = kube_json_parse (data, length, "a status", NULL);
  if (root == NULL)
    return NULL;

  return kube_status_new_from_json (root);
}

static const struct
{
  const char *reason;
  KubeError   code;
} reason_codes[] = {
  { "BadRequest", KUBE_ERROR_BAD_REQUEST },
  { "MethodNotAllowed", KUBE_ERROR_BAD_REQUEST },
  { "NotAcceptable", KUBE_ERROR_BAD_REQUEST },
  { "UnsupportedMediaType", KUBE_ERROR_BAD_REQUEST },
  { "Unauthorized", KUBE_ERROR_UNAUTHORIZED },
  { "Forbidden", KUBE_ERROR_FORBIDDEN },
  { "NotFound", KUBE_ERROR_NOT_FOUND },
  { "Conflict", KUBE_ERROR_CONFLICT },
  { "AlreadyExists", KUBE_ERROR_ALREADY_EXISTS },
  { "Gone", KUBE_ERROR_GONE },
  { "Expired", KUBE_ERROR_GONE },
  { "Invalid", KUBE_ERROR_INVALID },
  { "TooManyRequests", KUBE_ERROR_TOO_MANY_REQUESTS },
  { "InternalError", KUBE_ERROR_SERVER_ERROR },
  { "ServiceUnavailable", KUBE_ERROR_SERVER_ERROR },
  { "Timeout", KUBE_ERROR_TIMEOUT },
  { "ServerTimeout", KUBE_ERROR_TIMEOUT },
  { "RequestEntityTooLarge", KUBE_ERROR_TOO_LARGE },
};

KubeError
kube_error_code_for (guint       http_status,
                     const char *reason)
{
  if (reason != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (reason_codes); i++)
        {
          if (g_str_equal (reason, reason_codes[i].reason))
            return reason_codes[i].code;
        }
    }

  switch (http_status)
    {
    case 400:
    case 405:
    case 406:
    case 415:
      return KUBE_ERROR_BAD_REQUEST;
    case 401:
      return KUBE_ERROR_UNAUTHORIZED;
    case 403:
      return KUBE_ERROR_FORBIDDEN;
    case 404:
      return KUBE_ERROR_NOT_FOUND;
    case 409:
      return KUBE_ERROR_CONFLICT;
    case 410:
      return KUBE_ERROR_GONE;
    case 413:
      return KUBE_ERROR_TOO_LARGE;
    case 422:
      return KUBE_ERROR_INVALID;
    case 429:
      return KUBE_ERROR_TOO_MANY_REQUESTS;
    case 408:
    case 504:
      return KUBE_ERROR_TIMEOUT;
    default:
      break;
    }

  if (http_status >= 500 && http_status <= 599)
    return KUBE_ERROR_SERVER_ERROR;

  return KUBE_ERROR_FAILED;
}

static const char *
generic_message (KubeError code)
{
  switch (code)
    {
    case KUBE_ERROR_BAD_REQUEST:
      return "The server did not accept the request";
    case KUBE_ERROR_UNAUTHORIZED:
      return "The server did not accept the credentials of this context";
    case KUBE_ERROR_FORBIDDEN:
      return "The user of this context is not allowed to do this";
    case KUBE_ERROR_NOT_FOUND:
      return "The server could not find the requested resource";
    case KUBE_ERROR_CONFLICT:
      return "The object was changed by someone else; reload it and try again";
    case KUBE_ERROR_ALREADY_EXISTS:
      return "An object of that name exists already";
    case KUBE_ERROR_GONE:
      return "The requested version of the data is no longer available";
    case KUBE_ERROR_INVALID:
      return "The server rejected the object as invalid";
    case KUBE_ERROR_TOO_MANY_REQUESTS:
      return "The server is busy and asked the client to slow down";
    case KUBE_ERROR_SERVER_ERROR:
      return "The server failed to handle the request";
    case KUBE_ERROR_TIMEOUT:
      return "The server took too long to answer";
    case KUBE_ERROR_TOO_LARGE:
      return "The request was too large for the server";
    default:
      return "The server refused the request";
    }
}

GError *
kube_error_new_from_status (const KubeStatus *status,
                            guint             http_status,
                            const char       *reason_phrase)
{
  g_autoptr(GString) message = g_string_new (NULL);
  GError *error;
  KubeError code;

  code = kube_error_code_for (http_status ? http_status : (status ? status->code : 0),
                              status ? status->reason : NULL);

  if (status != NULL && status->message != NULL && status->message[0] != '\0')
    g_string_append (message, status->message);
  else if (http_status != 0)
    g_string_append_printf (message, "%s (HTTP %u %s)", generic_message (code), http_status,
                            reason_phrase ? reason_phrase : soup_status_get_phrase (http_status));
  else
    g_string_append (message, generic_message (code));

  /* Real servers put the causes into the message already; a cause that is not mentioned
   * there is added, so that the user sees every field that was refused. */
  for (guint i = 0; status != NULL && i < status->causes->len; i++)
    {
      const KubeStatusCause *cause = g_ptr_array_index (status->causes, i);
      const char *text = cause->message ? cause->message : cause->reason;

      if (text == NULL || strstr (message->str, text) != NULL)
        continue;

      if (cause->field != NULL && cause->field[0] != '\0')
        g_string_append_printf (message, "\n%s: %s", cause->field, text);
      else
        g_string_append_printf (message, "\n%s", text);
    }

  error = g_error_new_literal (KUBE_ERROR, code, message->str);
  if (status != NULL)
    {
      kube_error_get_private (error)->status = kube_status_copy (status);
      kube_error_get_private (error)->retry_after = (guint) status->retry_after_seconds;
    }

  return error;
}

GError *
kube_error_new_from_response (guint       http_status,
                              const char *reason_phrase,
                              GBytes     *body)
{
  g_autoptr(KubeStatus) status = NULL;
  gsize length = 0;
  const char *data = NULL;

  if (body != NULL)
    data = g_bytes_get_data (body, &length);

  status = kube_status_parse (data, length);

  /* A proxy in between may answer in plain text; keep its first line when it is short and
   * printable, because that is often the only hint of what went wrong. */
  if (status == NULL && data != NULL && length > 0 && length < 512
      && g_utf8_validate (data, (gssize) length, NULL))
    {
      g_autofree char *text = g_strndup (data, length);
      char *newline;

      g_strstrip (text);
      if ((newline = strchr (text, '\n')) != NULL)
        *newline = '\0';

      if (text[0] != '\0' && text[0] != '{' && text[0] != '<')
        {
          status = kube_status_new ();
          status->message = g_strdup_printf ("%s (HTTP %u)", text, http_status);
        }
    }

  return kube_error_new_from_status (status, http_status, reason_phrase);
}

gboolean
kube_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != KUBE_ERROR)
    return FALSE;

  switch (error->code)
    {
    case KUBE_ERROR_TOO_MANY_REQUESTS:
    case KUBE_ERROR_SERVER_ERROR:
    case KUBE_ERROR_TIMEOUT:
    case KUBE_ERROR_NETWORK:
    case KUBE_ERROR_GONE:
      return TRUE;
    default:
      return FALSE;
    }
}
