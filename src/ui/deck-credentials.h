/* deck-credentials.h: search cluster passwords in the user's keyring
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Where a cluster lives: the kubeconfig context, the namespace and the
 * cluster's name.  These are the keyring item's attributes. */
typedef struct
{
  const char *context;
  const char *namespace;
  const char *cluster;
} DeckClusterRef;

/* Finds the user name and password kept for @ref; both NULL, and no error,
 * when none is kept. */
void     deck_credentials_lookup_async  (const DeckClusterRef  *ref,
                                         GCancellable          *cancellable,
                                         GAsyncReadyCallback    callback,
                                         gpointer               user_data);
gboolean deck_credentials_lookup_finish (GAsyncResult          *result,
                                         char                 **user_name,
                                         char                 **password,
                                         GError               **error);

/* Keeps @user_name and @password for @ref, replacing what was kept. */
void     deck_credentials_store_async   (const DeckClusterRef  *ref,
                                         const char            *user_name,
                                         const char            *password,
                                         GCancellable          *cancellable,
                                         GAsyncReadyCallback    callback,
                                         gpointer               user_data);
gboolean deck_credentials_store_finish  (GAsyncResult          *result,
                                         GError               **error);

/* Forgets what is kept for @ref (after a password is found wrong, say). */
void     deck_credentials_clear_async   (const DeckClusterRef  *ref,
                                         GCancellable          *cancellable,
                                         GAsyncReadyCallback    callback,
                                         gpointer               user_data);
gboolean deck_credentials_clear_finish  (GAsyncResult          *result,
                                         GError               **error);

G_END_DECLS
