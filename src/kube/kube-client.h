/* kube-client.h: the Kubernetes API verbs, asynchronous, over a KubeConnection
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "kube-connection.h"

G_BEGIN_DECLS

/* One kind the application uses, and where the API serves it. */
typedef struct
{
  const char *group;        /* "" for the core group */
  const char *version;
  const char *plural;
  const char *kind;
  gboolean    namespaced;
} KubeResourceType;

typedef enum
{
  KUBE_RESOURCE_NAMESPACES,
  KUBE_RESOURCE_PODS,
  KUBE_RESOURCE_CONFIGMAPS,
  KUBE_RESOURCE_SECRETS,
  KUBE_RESOURCE_SERVICES,
  KUBE_RESOURCE_EVENTS,
  KUBE_RESOURCE_PERSISTENTVOLUMECLAIMS,
  KUBE_RESOURCE_STORAGECLASSES,
  KUBE_RESOURCE_NODES,
  KUBE_RESOURCE_STATEFULSETS,
  KUBE_RESOURCE_PODDISRUPTIONBUDGETS,
  KUBE_RESOURCE_SELFSUBJECTACCESSREVIEWS,
  KUBE_N_RESOURCES
} KubeResource;

const KubeResourceType *kube_resource_type_get    (KubeResource  resource);
/* By plural ("pods") or kind ("Pod"); NULL when the application does not know it. */
const KubeResourceType *kube_resource_type_lookup (const char   *name);

/* "/api/v1/namespaces/demo/pods/x", "/apis/apps/v1/statefulsets"; @namespace is ignored for
 * cluster-scoped kinds and NULL means all namespaces; @name may be NULL. */
char                   *kube_resource_type_path   (const KubeResourceType *type,
                                                   const char             *namespace,
                                                   const char             *name);

typedef struct _KubeListOptions KubeListOptions;

/* The list path of @type with the query that @options (which may be NULL) asks for:
 * "/api/v1/namespaces/demo/pods?labelSelector=app%3Dx&limit=500". */
char                   *kube_resource_type_list_path (const KubeResourceType *type,
                                                      const char             *namespace,
                                                      const KubeListOptions  *options);

/* A page of a list. */
typedef struct
{
  GPtrArray *items;               /* JsonNode objects */
  char      *resource_version;
  char      *continue_token;      /* NULL on the last page */
} KubeList;

#define KUBE_TYPE_LIST (kube_list_get_type ())

GType     kube_list_get_type  (void) G_GNUC_CONST;
KubeList *kube_list_copy      (const KubeList *list);
void      kube_list_free      (KubeList       *list);

struct _KubeListOptions
{
  const char *label_selector;
  const char *field_selector;
  guint       limit;              /* 0: no paging */
  const char *continue_token;
  const char *resource_version;
};

typedef enum
{
  KUBE_PATCH_MERGE,               /* application/merge-patch+json */
  KUBE_PATCH_STRATEGIC_MERGE,     /* application/strategic-merge-patch+json */
  KUBE_PATCH_JSON,                /* application/json-patch+json */
} KubePatchType;

typedef struct
{
  const char *propagation_policy; /* "Background", "Foreground", "Orphan" or NULL */
  gint64      grace_period_seconds; /* -1: the object's own */
  const char *precondition_uid;
  const char *precondition_resource_version;
} KubeDeleteOptions;

#define KUBE_DELETE_OPTIONS_INIT { NULL, -1, NULL, NULL }

#define KUBE_TYPE_CLIENT (kube_client_get_type ())

G_DECLARE_FINAL_TYPE (KubeClient, kube_client, KUBE, CLIENT, GObject)

KubeClient     *kube_client_new                (KubeConnection          *connection);
KubeConnection *kube_client_get_connection     (KubeClient              *self);

/* Responses larger than this are refused (KUBE_ERROR_TOO_LARGE) rather than buffered. */
void            kube_client_set_max_body_size  (KubeClient              *self,
                                                gsize                    max_body_size);
gsize           kube_client_get_max_body_size  (KubeClient              *self);

/* A request whose answer has not fully arrived after this long fails with
 * KUBE_ERROR_TIMEOUT (default 60 s); for streams, only the wait for the headers counts. */
void            kube_client_set_timeout        (KubeClient              *self,
                                                guint                    seconds);

void            kube_client_get_async          (KubeClient              *self,
                                                const KubeResourceType  *type,
                                                const char              *namespace,
                                                const char              *name,
                                                GCancellable            *cancellable,
                                                GAsyncReadyCallback      callback,
                                                gpointer                 user_data);
JsonNode       *kube_client_get_finish         (KubeClient              *self,
                                                GAsyncResult            *result,
                                                GError                 **error);

/* One page; @options may be NULL. */
void            kube_client_list_async         (KubeClient              *self,
                                                const KubeResourceType  *type,
                                                const char              *namespace,
                                                const KubeListOptions   *options,
                                                GCancellable            *cancellable,
                                                GAsyncReadyCallback      callback,
                                                gpointer                 user_data);
/* Every page, following `continue` (pages of options->limit, or 500). */
void            kube_client_list_all_async     (KubeClient              *self,
                                                const KubeResourceType  *type,
                                                const char              *namespace,
                                                const KubeListOptions   *options,
                                                GCancellable            *cancellable,
                                                GAsyncReadyCallback      callback,
                                                gpointer                 user_data);
KubeList       *kube_client_list_finish        (KubeClient              *self,
                                                GAsyncResult            *result,
                                                GError                 **error);

void            kube_client_create_async       (KubeClient              *self,
                                                const KubeResourceType  *type,
                                                const char              *namespace,
                                                JsonNode                *object,
                                                GCancellable            *cancellable,
                                                GAsyncReadyCallback      callback,
                                                gpointer                 user_data);
/* @resource_version, when not NULL, is put into the object's metadata, so that the server
 * refuses the replace (KUBE_ERROR_CONFLICT) if the object changed since. */
void            kube_client_replace_async      (KubeClient              *self,
                                                const KubeResourceType  *type,
                                                const char              *namespace,
                                                const char              *name,
                                                JsonNode                *object,
                                                const char              *resource_version,
                                                GCancellable            *cancellable,
                                                GAsyncReadyCallback      callback,
                                                gpointer                 user_data);
void            kube_client_patch_async        (KubeClient              *self,
                                                const KubeResourceType  *type,
                                                const char              *namespace,
                                                const char              *name,
                                                KubePatchType            patch_type,
                                                JsonNode                *patch,
                                                GCancellable            *cancellable,
                                                GAsyncReadyCallback      callback,
                                                gpointer                 user_data);
/* @options may be NULL.  The result is the object (when deletion is graceful) or a Status. */
void            kube_client_delete_async       (KubeClient              *self,
                                                const KubeResourceType  *type,
                                                const char              *namespace,
                                                const char              *name,
                                                const KubeDeleteOptions *options,
                                                GCancellable            *cancellable,
                                                GAsyncReadyCallback      callback,
                                                gpointer                 user_data);
/* The finish of create, replace, patch, delete and request_json. */
JsonNode       *kube_client_object_finish      (KubeClient              *self,
                                                GAsyncResult            *result,
                                                GError                 **error);

/* Any path, JSON in and out ("/version", subresources, proxies).  @body may be NULL. */
void            kube_client_request_json_async (KubeClient              *self,
                                                const char              *method,
                                                const char              *path_and_query,
                                                const char              *content_type,
                                                JsonNode                *body,
                                                GCancellable            *cancellable,
                                                GAsyncReadyCallback      callback,
                                                gpointer                 user_data);

/* Any path, the body left as a stream for the caller (pods/log?follow=true, watches).  A
 * failure status is read and decoded into a KubeError, so a stream is only returned for
 * 2xx.  @message receives the response headers. */
void            kube_client_request_stream_async  (KubeClient           *self,
                                                   const char           *method,
                                                   const char           *path_and_query,
                                                   const char           *accept,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GInputStream   *kube_client_request_stream_finish (KubeClient           *self,
                                                   GAsyncResult         *result,
                                                   SoupMessage         **message,
                                                   GError              **error);

/* Seconds from a Retry-After header (delta-seconds or an HTTP date), 0 when absent. */
guint           kube_client_parse_retry_after  (SoupMessage             *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KubeList, kube_list_free)

G_END_DECLS
