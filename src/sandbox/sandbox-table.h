/* sandbox-table.h: the meta.k8s.io/v1 Tables that `kubectl get` prints
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A meta.k8s.io/v1 Table for @objects (JsonNode objects of @kind, e.g. "Pod"), with kubectl's
 * columns for that kind (Pod: Name, Ready, Status, Restarts, Age, IP(p1), Node(p1), Nominated
 * Node(p1), Readiness Gates(p1); StatefulSet: Name, Ready, Age, Containers(p1), Images(p1);
 * ConfigMap: Name, Data, Age; Secret: Name, Type, Data, Age; Service: Name, Type, Cluster-IP,
 * External-IP, Port(s), Age, Selector(p1); Namespace: Name, Status, Age; Event: Last Seen,
 * Type, Reason, Object, Subobject(p1), Source(p1), Message, First Seen(p1), Count(p1),
 * Name(p1); PersistentVolumeClaim: Name, Status, Volume, Capacity, Access Modes,
 * StorageClass, VolumeAttributesClass, Age, VolumeMode(p1); StorageClass, Node,
 * PodDisruptionBudget likewise; any other: Name, Age).
 * Pod Status is computed as kubectl computes its STATUS column (Terminating when
 * deletionTimestamp is set, waiting/terminated container reasons such as ContainerCreating,
 * CrashLoopBackOff, Completed, Init:0/1, else the phase). Restarts as an integer, with
 * "(5m ago)" when kubectl would add it. Age in kubectl's short form (5s, 3m, 2d4h, …) from
 * @now. Each row carries a PartialObjectMetadata object with the full metadata.
 * @include_column_definitions is FALSE for watch events after the first. */
JsonNode *sandbox_table_build (const char *kind,
                               JsonNode  **objects,
                               guint       n_objects,
                               GDateTime  *now,
                               const char *resource_version,
                               gboolean    include_column_definitions);

G_END_DECLS
