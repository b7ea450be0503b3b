/* kube-watch.h: list-then-watch of one kind, resumed, relisted and reconnected as needed
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kube-client.h"
#include "kube-error.h"

G_BEGIN_DECLS

typedef enum
{
  KUBE_WATCH_EVENT_ADDED,
  KUBE_WATCH_EVENT_MODIFIED,
  KUBE_WATCH_EVENT_DELETED,
  KUBE_WATCH_EVENT_BOOKMARK,
  KUBE_WATCH_EVENT_ERROR,
} KubeWatchEventType;

/* The stream decoder, on its own so that it can be fuzzed: feeds bytes as they arrive and
 * hands back each complete top-level JSON object, wherever the reads split it. */
typedef struct _KubeWatchDecoder KubeWatchDecoder;

KubeWatchDecoder *kube_watch_decoder_new   (gsize              max_event_size);
void              kube_watch_decoder_free  (KubeWatchDecoder  *decoder);
/* Appends the complete objects found to @frames (GBytes).  Fails with KUBE_ERROR_PROTOCOL on
 * bytes that cannot begin an object, KUBE_ERROR_TOO_LARGE on an event over the limit. */
gboolean          kube_watch_decoder_feed  (KubeWatchDecoder  *decoder,
                                            const char        *data,
                                            gsize              length,
                                            GPtrArray         *frames,
                                            GError           **error);

/* Reads one event.  For ERROR events, @status receives the Status (or NULL). */
gboolean          kube_watch_event_parse   (const char        *data,
                                            gsize              length,
                                            KubeWatchEventType *type,
                                            JsonNode         **object,
                                            KubeStatus       **status,
                                            GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KubeWatchDecoder, kube_watch_decoder_free)

#define KUBE_TYPE_WATCH (kube_watch_get_type ())

G_DECLARE_FINAL_TYPE (KubeWatch, kube_watch, KUBE, WATCH, GObject)

/* Signals:
 *   ::synced (KubeList *list): a complete list was read (at start, and after 410 Gone); the
 *     receiver replaces everything it had.
 *   ::event (KubeWatchEventType type, JsonNode *object): ADDED, MODIFIED or DELETED.
 *   ::error (GError *error): a failure.  Transient ones (network, timeouts, throttling, server
 *     errors) are retried with backoff and jitter; others stop the watch (:running FALSE). */
KubeWatch    *kube_watch_new                  (KubeClient             *client,
                                               const KubeResourceType *type,
                                               const char             *namespace,
                                               const char             *label_selector,
                                               const char             *field_selector);
void          kube_watch_start                (KubeWatch              *self);
void          kube_watch_stop                 (KubeWatch              *self);
gboolean      kube_watch_get_running          (KubeWatch              *self);
const char   *kube_watch_get_resource_version (KubeWatch              *self);

/* For tests: backoff bounds, and the seed of the jitter. */
void          kube_watch_set_backoff          (KubeWatch              *self,
                                               guint                   initial_ms,
                                               guint                   max_ms,
                                               guint32                 seed);

G_END_DECLS
