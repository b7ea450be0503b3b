/* kube-error.h: the KUBE_ERROR domain and the decoder of the API server's Status objects
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define KUBE_ERROR (kube_error_quark ())

/**
 * KubeError:
 * @KUBE_ERROR_FAILED: anything not covered below
 * @KUBE_ERROR_BAD_REQUEST: the server could not make sense of the request (400, 405, 415)
 * @KUBE_ERROR_UNAUTHORIZED: the credentials were missing or refused (401)
 * @KUBE_ERROR_FORBIDDEN: the user may not do this (403)
 * @KUBE_ERROR_NOT_FOUND: the object or the resource does not exist (404)
 * @KUBE_ERROR_CONFLICT: the object changed since it was read (409 Conflict)
 * @KUBE_ERROR_ALREADY_EXISTS: an object of that name exists already (409 AlreadyExists)
 * @KUBE_ERROR_GONE: the resource version is too old; list again (410)
 * @KUBE_ERROR_INVALID: the object failed validation; the message lists the fields (422)
 * @KUBE_ERROR_TOO_MANY_REQUESTS: the server is throttling the client (429)
 * @KUBE_ERROR_SERVER_ERROR: the server failed (500, 503, …)
 * @KUBE_ERROR_TIMEOUT: the server or the connection timed out (504, a read timeout)
 * @KUBE_ERROR_TLS: the server's certificate was not accepted, or the TLS handshake failed
 * @KUBE_ERROR_NETWORK: the server could not be reached, or the connection broke
 * @KUBE_ERROR_TOO_LARGE: a response or a watch event was larger than the client accepts
 * @KUBE_ERROR_PROTOCOL: the server answered with something that is not what the API promises
 * @KUBE_ERROR_CONFIG: the kubeconfig asks for something that cannot be honoured
 * @KUBE_ERROR_AUTH: credentials could not be obtained (a token file, a credential plugin)
 */
typedef enum
{
  KUBE_ERROR_FAILED,
  KUBE_ERROR_BAD_REQUEST,
  KUBE_ERROR_UNAUTHORIZED,
  KUBE_ERROR_FORBIDDEN,
  KUBE_ERROR_NOT_FOUND,
  KUBE_ERROR_CONFLICT,
  KUBE_ERROR_ALREADY_EXISTS,
  KUBE_ERROR_GONE,
  KUBE_ERROR_INVALID,
  KUBE_ERROR_TOO_MANY_REQUESTS,
  KUBE_ERROR_SERVER_ERROR,
  KUBE_ERROR_TIMEOUT,
  KUBE_ERROR_TLS,
  KUBE_ERROR_NETWORK,
  KUBE_ERROR_TOO_LARGE,
  KUBE_ERROR_PROTOCOL,
  KUBE_ERROR_CONFIG,
  KUBE_ERROR_AUTH,
} KubeError;

/* One entry of a Status's details.causes: which field, and what is wrong with it. */
typedef struct
{
  char *reason;
  char *field;
  char *message;
} KubeStatusCause;

/* A decoded `Status` object (kind Status, apiVersion v1), as the API server sends it with
 * every failure and inside ERROR watch events.  Strings are NULL when absent. */
typedef struct
{
  guint      code;                /* details of the HTTP status, 0 when absent */
  char      *status;              /* "Success" or "Failure" */
  char      *reason;              /* NotFound, Conflict, Invalid, Expired, … */
  char      *message;
  char      *details_name;
  char      *details_group;
  char      *details_kind;
  GPtrArray *causes;              /* of KubeStatusCause, never NULL */
  int        retry_after_seconds; /* details.retryAfterSeconds, 0 when absent */
} KubeStatus;

GQuark      kube_error_quark            (void);

GType       kube_status_get_type        (void) G_GNUC_CONST;
KubeStatus *kube_status_copy            (const KubeStatus *status);
void        kube_status_free            (KubeStatus       *status);

/* Reads a Status from @node; NULL when @node is not an object of kind Status.  Every member
 * is type-checked: a member of the wrong type is treated as absent. */
KubeStatus *kube_status_new_from_json   (JsonNode         *node);

/* Parses @data (not necessarily NUL-terminated) as JSON and reads a Status from it; NULL
 * when it is not JSON or not a Status. */
KubeStatus *kube_status_parse           (const char       *data,
                                         gsize             length);

/* The KubeError code for an HTTP status and an optional Status reason.  The reason wins
 * when it is one the API defines; 2xx and 3xx give KUBE_ERROR_FAILED. */
KubeError   kube_error_code_for         (guint             http_status,
                                         const char       *reason);

/* An error built from @status (which may be NULL) and the HTTP status line.  The message is
 * the server's own message when it sent one, followed by the field causes that the message
 * does not already mention; otherwise a sentence naming the HTTP status. */
GError     *kube_error_new_from_status  (const KubeStatus *status,
                                         guint             http_status,
                                         const char       *reason_phrase);

/* The same from a raw response body, which may be a Status, other JSON, text, or empty. */
GError     *kube_error_new_from_response (guint            http_status,
                                          const char      *reason_phrase,
                                          GBytes          *body);

/* The Status a KUBE_ERROR was decoded from (its field causes, details), or NULL. */
const KubeStatus *kube_error_get_status      (const GError     *error);

/* The seconds the server asked the client to wait (Retry-After), 0 when it did not say. */
guint       kube_error_get_retry_after  (const GError     *error);
void        kube_error_set_retry_after  (GError           *error,
                                         guint             seconds);

/* TRUE for failures worth retrying after a pause: network, timeouts, throttling, server
 * errors. */
gboolean    kube_error_is_transient     (const GError     *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KubeStatus, kube_status_free)

G_END_DECLS
