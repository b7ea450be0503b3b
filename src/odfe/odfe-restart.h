/* odfe-restart.h: the rolling restart of a search cluster, one pod at a time
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kube-client.h"
#include "odfe-client.h"

G_BEGIN_DECLS

/* What the restart is doing with one pod. */
typedef enum
{
  ODFE_POD_RESTART_WAITING,       /* its turn has not come */
  ODFE_POD_RESTART_CHECKING,      /* waiting for every pod Ready and the cluster green */
  ODFE_POD_RESTART_TERMINATING,   /* deleted; the old pod is shutting down */
  ODFE_POD_RESTART_RESTARTING,    /* its replacement is starting, not Ready yet */
  ODFE_POD_RESTART_READY,         /* restarted and Ready */
  ODFE_POD_RESTART_FAILED,        /* the restart stopped here */
  ODFE_POD_RESTART_SKIPPED,       /* not restarted: the restart stopped before its turn */
} OdfePodRestartState;

/* A word for the progress view: "Waiting", "Checking", … */
const char *odfe_pod_restart_state_to_string (OdfePodRestartState state);

#define ODFE_TYPE_ROLLING_RESTART (odfe_rolling_restart_get_type ())

G_DECLARE_FINAL_TYPE (OdfeRollingRestart, odfe_rolling_restart, ODFE, ROLLING_RESTART, GObject)

/* Restarts the pods of StatefulSet @statefulset in @namespace the way the operators that
 * manage Elasticsearch do: one pod at a time, highest ordinal first and the elected master
 * last.  Before each deletion every pod must be Ready and the cluster green
 * (`_cluster/health?wait_for_status=green`), and the pod must not hold the only active copy
 * of a shard; the pod is deleted with its uid as precondition and the restart waits for its
 * replacement to be Ready.  Optionally shard allocation is limited to primaries while each
 * pod is away and restored as soon as it is back, also when the restart fails or is
 * cancelled.  @odfe reaches the cluster (through a port-forward that follows Ready pods).
 *
 * Properties: :health (OdfeHealthStatus as int, the last health seen), :current-pod (the
 * pod being restarted, or NULL), :running, :outcome (a sentence saying how the restart
 * ended, or NULL while it runs).
 * Signals: ::pod-state-changed (guint index, const char *pod, int state). */
OdfeRollingRestart *odfe_rolling_restart_new  (KubeClient         *kube,
                                               OdfeClient         *odfe,
                                               const char         *namespace,
                                               const char         *statefulset);

/* Set these before running.  Defaults: no allocation limit, 300 s for green, 600 s for a
 * pod to come back Ready. */
void        odfe_rolling_restart_set_limit_allocation (OdfeRollingRestart *self,
                                                       gboolean            limit);
void        odfe_rolling_restart_set_timeouts         (OdfeRollingRestart *self,
                                                       guint               health_seconds,
                                                       guint               ready_seconds);

/* Runs the restart.  It fails with ODFE_ERROR_TIMEOUT (a pod not Ready in time, health
 * not green in time), ODFE_ERROR_CONFLICT (a pod replaced by someone else), ODFE_ERROR_FAILED
 * (a pod holds the only copy of a shard) or the error of a request, with :outcome as the
 * message; with G_IO_ERROR_CANCELLED after odfe_rolling_restart_cancel() or when
 * @cancellable is cancelled. */
void        odfe_rolling_restart_run_async    (OdfeRollingRestart  *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    odfe_rolling_restart_run_finish   (OdfeRollingRestart  *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* Stops after the pod being restarted is back and Ready: no further pod is deleted.
 * (Cancelling the GCancellable given to run stops at once, whatever state a pod is in.) */
void        odfe_rolling_restart_cancel       (OdfeRollingRestart  *self);

/* The pods in the order they are restarted (known once the run has read the StatefulSet
 * and the elected master). */
guint               odfe_rolling_restart_get_n_pods    (OdfeRollingRestart *self);
const char         *odfe_rolling_restart_get_pod_name  (OdfeRollingRestart *self,
                                                        guint               index);
OdfePodRestartState odfe_rolling_restart_get_pod_state (OdfeRollingRestart *self,
                                                        guint               index);
OdfeHealthStatus    odfe_rolling_restart_get_health    (OdfeRollingRestart *self);
const char         *odfe_rolling_restart_get_current_pod (OdfeRollingRestart *self);
gboolean            odfe_rolling_restart_get_running   (OdfeRollingRestart *self);
const char         *odfe_rolling_restart_get_outcome   (OdfeRollingRestart *self);

G_END_DECLS
