/* odfe-preflight.h: what is checked on the Kubernetes cluster before a search cluster is
 * created there
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kube-client.h"
#include "odfe-spec.h"

G_BEGIN_DECLS

typedef enum
{
  ODFE_CHECK_PENDING,
  ODFE_CHECK_RUNNING,
  ODFE_CHECK_PASSED,
  ODFE_CHECK_WARNING,
  ODFE_CHECK_FAILED,
} OdfeCheckState;

/* The checks, by index. */
typedef enum
{
  ODFE_PREFLIGHT_PERMISSIONS,   /* SelfSubjectAccessReviews of every verb the creation uses */
  ODFE_PREFLIGHT_NAMESPACE,     /* exists or not as the spec says; no search cluster in it */
  ODFE_PREFLIGHT_POD_SECURITY,  /* the namespace's enforced level admits the pods */
  ODFE_PREFLIGHT_STORAGE,       /* the StorageClass exists, or a default one does */
  ODFE_PREFLIGHT_CAPACITY,      /* the schedulable nodes' free CPU and memory hold the pods */
  ODFE_PREFLIGHT_N_CHECKS
} OdfePreflightCheck;

#define ODFE_TYPE_PREFLIGHT (odfe_preflight_get_type ())

G_DECLARE_FINAL_TYPE (OdfePreflight, odfe_preflight, ODFE, PREFLIGHT, GObject)

/* @spec is copied.  Signals: ::check-changed (guint index) as each check changes. */
OdfePreflight *odfe_preflight_new (KubeClient            *client,
                                   const OdfeClusterSpec *spec);

/* The objects odfe_manifests_build () made for the spec (kept, not copied), or NULL.  With
 * them the Pod Security check looks at the StatefulSets' pods themselves (and at the level
 * a new namespace is given) rather than at what the spec implies. */
void           odfe_preflight_set_objects (OdfePreflight *self,
                                           GPtrArray     *objects);

/* Runs every check, concurrently; finishes TRUE when none FAILED (warnings allowed), else
 * FALSE with ODFE_ERROR_FAILED naming the checks that failed; G_IO_ERROR_CANCELLED when
 * @cancellable was cancelled (the checks not finished are PENDING again).  It may be run
 * again once finished (after the person changed something outside, say). */
void           odfe_preflight_run_async  (OdfePreflight        *self,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean       odfe_preflight_run_finish (OdfePreflight        *self,
                                          GAsyncResult         *result,
                                          GError              **error);

guint          odfe_preflight_get_n_checks     (OdfePreflight *self);
/* Translated: "Permissions", "Namespace", … */
const char    *odfe_preflight_get_check_title  (OdfePreflight *self,
                                                guint          index);
OdfeCheckState odfe_preflight_get_check_state  (OdfePreflight *self,
                                                guint          index);
/* A translated sentence or two saying what was found and, when it failed, what to do; NULL
 * while the check has not run. */
const char    *odfe_preflight_get_check_detail (OdfePreflight *self,
                                                guint          index);

/* What the Pod Security Standards' @level ("baseline", "restricted"; "privileged" and NULL
 * admit everything) refuses in @pod_spec (a PodSpec: a pod's spec or a pod template's), as
 * translated phrases ("container “init-sysctl” is privileged"); empty when it admits it.
 * The rules read are those a search pod could break: host namespaces, ports and paths,
 * privileged containers, added capabilities, seccomp, and for restricted the volume kinds,
 * privilege escalation, running as root and dropping every capability. */
GStrv          odfe_pod_security_violations (JsonNode   *pod_spec,
                                             const char *level);

G_END_DECLS
