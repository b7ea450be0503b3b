/* kube-store.h: a sorted GListModel of one kind's objects, kept in step with the server
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kube-client.h"
#include "kube-object.h"
#include "kube-watch.h"

G_BEGIN_DECLS

#define KUBE_TYPE_STORE (kube_store_get_type ())

G_DECLARE_FINAL_TYPE (KubeStore, kube_store, KUBE, STORE, GObject)

/* Lists and watches @type in @namespace (NULL: all namespaces, or a cluster-scoped kind) with
 * optional selectors.  The model holds KubeObjects sorted by namespace, then name.  Changes
 * are gathered and applied at most once per batch interval (16 ms, a frame), each batch as a
 * single ::items-changed.
 *
 * Properties: :synced (the first list has been applied), :error (the last failure, a GError,
 * cleared when the store is in step again).  ::error is also emitted for each failure. */
KubeStore  *kube_store_new                (KubeClient             *client,
                                           const KubeResourceType *type,
                                           const char             *namespace,
                                           const char             *label_selector,
                                           const char             *field_selector);
void        kube_store_start              (KubeStore              *self);
void        kube_store_stop               (KubeStore              *self);

gboolean    kube_store_get_synced         (KubeStore              *self);
const GError *kube_store_get_error        (KubeStore              *self);

/* The object, or NULL; owned by the store (transfer none). */
KubeObject *kube_store_lookup             (KubeStore              *self,
                                           const char             *namespace,
                                           const char             *name);

/* Applies what is pending now rather than at the end of the batch interval. */
void        kube_store_flush              (KubeStore              *self);

/* For tests: the batch interval, and the backoff of the underlying watch. */
void        kube_store_set_batch_interval (KubeStore              *self,
                                           guint                   milliseconds);
KubeWatch  *kube_store_get_watch          (KubeStore              *self);

G_END_DECLS
