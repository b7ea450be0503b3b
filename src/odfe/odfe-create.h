/* odfe-create.h: the creation of a search cluster's objects, followed until it is green
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "kube-client.h"
#include "odfe-client.h"
#include "odfe-spec.h"

G_BEGIN_DECLS

typedef enum
{
  ODFE_STEP_WAITING,
  ODFE_STEP_RUNNING,
  ODFE_STEP_DONE,
  ODFE_STEP_FAILED,
  ODFE_STEP_ROLLED_BACK,
} OdfeStepState;

#define ODFE_TYPE_CLUSTER_CREATION (odfe_cluster_creation_get_type ())

G_DECLARE_FINAL_TYPE (OdfeClusterCreation, odfe_cluster_creation, ODFE, CLUSTER_CREATION,
                      GObject)

/* @objects: from odfe_manifests_build () (kept, not copied), in creation order.  The
 * spec gives the cluster's name (its pods carry app.kubernetes.io/instance=<name>), its
 * namespace (that of every namespaced object), whether the namespace is created here, and
 * the admin password (to reach the cluster with basic auth when waiting for green).
 * @ca_pem: the CA to verify the REST endpoint with.  The pods awaited are those of each
 * StatefulSet among @objects (<name>-0 … <name>-<replicas − 1>).
 *
 * Signals: ::changed (), whenever any state below changes. */
OdfeClusterCreation *odfe_cluster_creation_new (KubeClient            *client,
                                                const OdfeClusterSpec *spec,
                                                GPtrArray             *objects,
                                                const char            *ca_pem);

/* Keep what was created when a step fails (for inspection) instead of deleting it. */
void     odfe_cluster_creation_set_keep_on_failure (OdfeClusterCreation *self,
                                                    gboolean             keep);
/* How long, once every object is created, the pods may take to be Ready and the cluster to
 * turn green (together); 600 seconds by default. */
void     odfe_cluster_creation_set_timeout (OdfeClusterCreation *self,
                                            guint                seconds);
/* How long the rollback waits for what it deleted to be gone; 300 seconds by default. */
void     odfe_cluster_creation_set_rollback_timeout (OdfeClusterCreation *self,
                                                     guint                seconds);

/* Creates each object in order, then follows the pods until each is Ready, then the cluster
 * health (through a port-forward and OdfeClient) until green.  On failure deletes
 * everything created so far in reverse order (a namespace created here is deleted, which
 * removes the rest; the StatefulSets' PersistentVolumeClaims too), waits until it is gone
 * (unless keep), and fails with the step's name and the server's message: the error of
 * the request (KUBE_ERROR, ODFE_ERROR), ODFE_ERROR_TIMEOUT, ODFE_ERROR_INVALID for an object
 * of a kind not known here, or G_IO_ERROR_CANCELLED when @cancellable was cancelled.  The
 * error's message is the status text.  Once the rollback has begun, cancelling does not stop
 * it. */
void     odfe_cluster_creation_run_async  (OdfeClusterCreation  *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean odfe_cluster_creation_run_finish (OdfeClusterCreation  *self,
                                           GAsyncResult         *result,
                                           GError              **error);

guint            odfe_cluster_creation_get_n_objects    (OdfeClusterCreation *self);
/* "Secret elasticsearch-tls" */
const char      *odfe_cluster_creation_get_object_label (OdfeClusterCreation *self,
                                                         guint                index);
OdfeStepState    odfe_cluster_creation_get_object_state (OdfeClusterCreation *self,
                                                         guint                index);
guint            odfe_cluster_creation_get_n_pods       (OdfeClusterCreation *self);
const char      *odfe_cluster_creation_get_pod_name     (OdfeClusterCreation *self,
                                                         guint                index);
gboolean         odfe_cluster_creation_get_pod_ready    (OdfeClusterCreation *self,
                                                         guint                index);
OdfeHealthStatus odfe_cluster_creation_get_health       (OdfeClusterCreation *self);
/* A translated sentence: where it is now, or where and why it failed. */
const char      *odfe_cluster_creation_get_status_text  (OdfeClusterCreation *self);
/* Whether a run is under way (rollback included). */
gboolean         odfe_cluster_creation_get_running      (OdfeClusterCreation *self);

G_END_DECLS
