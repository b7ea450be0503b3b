/* kube-util.h: small asynchronous helpers shared by the client, watches and the store
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Completes after @milliseconds, or at once with G_IO_ERROR_CANCELLED when @cancellable is
 * cancelled in the meantime. */
void     kube_sleep_async  (guint                milliseconds,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data);
gboolean kube_sleep_finish (GAsyncResult        *result,
                            GError             **error);

/* An exponential backoff with full jitter: a random delay in [base/2, base] where base is
 * @initial_ms doubled @attempt times, at most @max_ms. */
guint    kube_backoff_delay (guint  attempt,
                             guint  initial_ms,
                             guint  max_ms,
                             GRand *rand);

/* Appends "?name=value" or "&name=value" to a request path, the value escaped; nothing when
 * @value is NULL or empty. */
void     kube_path_append_param (GString    *path,
                                 const char *name,
                                 const char *value);

G_END_DECLS
