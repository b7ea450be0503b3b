/* sandbox-patch.h: applying the PATCH bodies kubectl sends to a stored object
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SANDBOX_PATCH_ERROR (sandbox_patch_error_quark ())

typedef enum
{
  SANDBOX_PATCH_ERROR_INVALID,
  SANDBOX_PATCH_ERROR_UNSUPPORTED_MEDIA_TYPE,
  SANDBOX_PATCH_ERROR_TEST_FAILED,
} SandboxPatchError;

GQuark    sandbox_patch_error_quark (void);

/* Applies a PATCH body to a copy of @object (NULL when the object does not exist yet, allowed
 * only for apply-patch+yaml). @content_type is one of application/json-patch+json,
 * application/merge-patch+json, application/strategic-merge-patch+json,
 * application/apply-patch+yaml (the body is JSON; server-side apply is treated as a merge of
 * the applied fields, with lists merged by the same keys as strategic merge). @kind picks the
 * strategic-merge keys as the Kubernetes types declare x-kubernetes-patch-merge-key:
 * containers/initContainers/env/volumes/imagePullSecrets by name, ports by containerPort
 * (a Service's by port), volumeMounts by mountPath, conditions/addresses by type,
 * ownerReferences by uid, finalizers as a set; other lists, volumeClaimTemplates among them
 * (atomic in apps/v1), are replaced. Returns the new object, or NULL with an error whose
 * message the server puts in a 400/422 Status. Supports $patch: delete/replace/merge,
 * $setElementOrder/<list>, $retainKeys, $deleteFromPrimitiveList/<list>, null deletes a key;
 * JSON patch add/remove/replace/move/copy/test with RFC 6901 pointers (~0, ~1, "-"). */
JsonNode *sandbox_patch_apply (JsonNode   *object,
                               const char *kind,
                               const char *content_type,
                               GBytes     *body,
                               GError    **error);

G_END_DECLS
