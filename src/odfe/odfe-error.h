/* odfe-error.h: the ODFE_ERROR domain and the decoder of a search cluster's error answers
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ODFE_ERROR (odfe_error_quark ())

/**
 * OdfeError:
 * @ODFE_ERROR_FAILED: anything not covered below
 * @ODFE_ERROR_BAD_REQUEST: the cluster could not make sense of the request (400, 405)
 * @ODFE_ERROR_UNAUTHORIZED: the user name or password was refused (401)
 * @ODFE_ERROR_FORBIDDEN: the user may not do this (403)
 * @ODFE_ERROR_NOT_FOUND: the index, document or endpoint does not exist (404)
 * @ODFE_ERROR_CONFLICT: the object changed or exists already (409)
 * @ODFE_ERROR_TIMEOUT: the cluster or the connection timed out (408, 504, a read timeout)
 * @ODFE_ERROR_TOO_MANY_REQUESTS: the cluster is rejecting work (429)
 * @ODFE_ERROR_SERVER_ERROR: the cluster failed (500, 502)
 * @ODFE_ERROR_NOT_IMPLEMENTED: the cluster does not offer this here (501: audit logging
 *   without its configuration document, say)
 * @ODFE_ERROR_UNAVAILABLE: the cluster is not ready (503: security not initialized)
 * @ODFE_ERROR_TLS: the cluster's certificate was not accepted, or the handshake failed
 * @ODFE_ERROR_NETWORK: the cluster could not be reached, or the connection broke
 * @ODFE_ERROR_PROTOCOL: the answer is not what the API promises
 * @ODFE_ERROR_TOO_LARGE: the answer is larger than the client accepts
 * @ODFE_ERROR_CONFIG: the address, certificate authority or credentials given cannot be used
 * @ODFE_ERROR_INVALID: a value the user gave (a cluster's name, a size, a key) is not acceptable
 * @ODFE_ERROR_CRYPTO: a key, certificate or password hash could not be made
 */
typedef enum
{
  ODFE_ERROR_FAILED,
  ODFE_ERROR_BAD_REQUEST,
  ODFE_ERROR_UNAUTHORIZED,
  ODFE_ERROR_FORBIDDEN,
  ODFE_ERROR_NOT_FOUND,
  ODFE_ERROR_CONFLICT,
  ODFE_ERROR_TIMEOUT,
  ODFE_ERROR_TOO_MANY_REQUESTS,
  ODFE_ERROR_SERVER_ERROR,
  ODFE_ERROR_NOT_IMPLEMENTED,
  ODFE_ERROR_UNAVAILABLE,
  ODFE_ERROR_TLS,
  ODFE_ERROR_NETWORK,
  ODFE_ERROR_PROTOCOL,
  ODFE_ERROR_TOO_LARGE,
  ODFE_ERROR_CONFIG,
  ODFE_ERROR_INVALID,
  ODFE_ERROR_CRYPTO,
} OdfeError;

GQuark     odfe_error_quark             (void);

/* The OdfeError code for an HTTP status; 2xx and 3xx give ODFE_ERROR_FAILED. */
OdfeError  odfe_error_code_for_status   (guint        http_status);

/* Reads the server's own explanation from an error body: the security plugin's
 * {"status":"FORBIDDEN","message":"…"}, Elasticsearch's {"error":{"type":"…","reason":"…"}}
 * (the reason, then the type in parentheses), a bare {"error":"…"} (Performance Analyzer),
 * or a short line of plain text ("Unauthorized").  NULL when there is none. */
char      *odfe_error_reason_from_body  (const char  *data,
                                         gsize        length);

/* An error for a failed response: the code from @http_status, the message from the body
 * when it has one, else a sentence naming the HTTP status. */
GError    *odfe_error_new_from_response (guint        http_status,
                                         const char  *reason_phrase,
                                         GBytes      *body);

/* TRUE for failures worth retrying after a pause. */
gboolean   odfe_error_is_transient      (const GError *error);

G_END_DECLS
