/* fuzz-kube-status.c: a libFuzzer target for the decoder of the API server's Status objects,
 * which reads whatever a server (or anything pretending to be one) answers with
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "kube-error.h"

#include <string.h>

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(KubeStatus) status = NULL;
  g_autoptr(KubeStatus) copy = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  guint http_status;

  /* The first two bytes choose the HTTP status the body came with. */
  http_status = size >= 2 ? 100 + (data[0] << 8 | data[1]) % 500 : 500;

  status = kube_status_parse ((const char *) data, size);
  if (status != NULL)
    {
      g_assert_nonnull (status->causes);
      g_assert_cmpuint (status->causes->len, <=, 64);
      g_assert_true (status->code == 0 || (status->code >= 100 && status->code <= 999));
      copy = kube_status_copy (status);
      g_clear_error (&error);
      error = kube_error_new_from_status (copy, http_status, NULL);
      g_assert_nonnull (error->message);
      g_assert_true (error->domain == KUBE_ERROR);
      g_clear_error (&error);
    }

  error = kube_error_new_from_response (http_status, NULL, bytes);
  g_assert_nonnull (error);
  g_assert_true (error->domain == KUBE_ERROR);
  g_assert_true (g_utf8_validate (error->message, -1, NULL) || status == NULL);
  (void) strlen (error->message);

  return 0;
}
