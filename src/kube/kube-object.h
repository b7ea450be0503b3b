/* kube-object.h: the compact form of a Kubernetes object that views need
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "kube-client.h"

G_BEGIN_DECLS

#define KUBE_TYPE_OBJECT (kube_object_get_type ())

G_DECLARE_FINAL_TYPE (KubeObject, kube_object, KUBE, OBJECT, GObject)

/* Reads what views show from @node, an object of @type; NULL when @node has no
 * metadata.name.  The JSON tree is not kept. */
KubeObject             *kube_object_new_from_json          (const KubeResourceType *type,
                                                            JsonNode               *node);

const KubeResourceType *kube_object_get_resource_type      (KubeObject *self);
const char             *kube_object_get_name               (KubeObject *self);
const char             *kube_object_get_namespace          (KubeObject *self);
const char             *kube_object_get_uid                (KubeObject *self);
const char             *kube_object_get_resource_version   (KubeObject *self);
/* A label's value, or NULL. */
const char             *kube_object_get_label              (KubeObject *self,
                                                            const char *key);
GHashTable             *kube_object_get_labels             (KubeObject *self);
GDateTime              *kube_object_get_creation_timestamp (KubeObject *self);
GDateTime              *kube_object_get_deletion_timestamp (KubeObject *self);
/* "StatefulSet/elasticsearch": the controlling owner, or NULL. */
const char             *kube_object_get_owner              (KubeObject *self);

/* Pods. */
const char             *kube_object_get_phase              (KubeObject *self);
/* The STATUS column of `kubectl get pods`: Running, Pending, ContainerCreating,
 * CrashLoopBackOff, Init:0/1, Terminating, Completed, … */
const char             *kube_object_get_status             (KubeObject *self);
guint                   kube_object_get_ready_containers   (KubeObject *self);
/* The Ready condition is True and the pod is not being deleted (kube_pod_is_ready ()). */
gboolean                kube_object_get_ready              (KubeObject *self);
guint                   kube_object_get_total_containers   (KubeObject *self);
guint                   kube_object_get_restarts           (KubeObject *self);
const char             *kube_object_get_node               (KubeObject *self);
const char             *kube_object_get_pod_ip             (KubeObject *self);

/* StatefulSets. */
guint                   kube_object_get_replicas           (KubeObject *self);
guint                   kube_object_get_ready_replicas     (KubeObject *self);
/* The image of the pod template's first container, or NULL. */
const char             *kube_object_get_image              (KubeObject *self);

/* Events. */
const char             *kube_object_get_reason             (KubeObject *self);
const char             *kube_object_get_message            (KubeObject *self);
/* "Normal" or "Warning". */
const char             *kube_object_get_event_type         (KubeObject *self);
/* How many times the event happened (at least 1). */
guint                   kube_object_get_count              (KubeObject *self);
/* When it last happened: lastTimestamp, else eventTime, else the creation time. */
GDateTime              *kube_object_get_last_seen          (KubeObject *self);
/* The object the event is about: its kind ("Pod") and name. */
const char             *kube_object_get_involved_kind      (KubeObject *self);
const char             *kube_object_get_involved_name      (KubeObject *self);
/* Its uid: which of the objects of that name it is about. */
const char             *kube_object_get_involved_uid       (KubeObject *self);
/* Who reported it: "kubelet", "default-scheduler", …, with the host when one is given. */
const char             *kube_object_get_source             (KubeObject *self);

/* "namespace/name", or "name" for cluster-scoped objects; the store's sort key. */
const char             *kube_object_get_key                (KubeObject *self);

/* The STATUS text kubectl would print for the Pod @pod. */
char                   *kube_pod_status_text               (JsonNode   *pod);

G_END_DECLS
