/* sandbox-protobuf.h: decoding the protobuf bodies of `kubectl create`
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SANDBOX_PROTOBUF_ERROR (sandbox_protobuf_error_quark ())

typedef enum
{
  SANDBOX_PROTOBUF_ERROR_INVALID,
  SANDBOX_PROTOBUF_ERROR_UNSUPPORTED,
} SandboxProtobufError;

GQuark    sandbox_protobuf_error_quark (void);

/* Decodes a Kubernetes protobuf body (the "k8s\0" envelope around runtime.Unknown) holding a
 * v1 Secret or ConfigMap into the equivalent JSON object: apiVersion, kind, metadata (name,
 * generateName, namespace, labels, annotations), data (a Secret's values base64-encoded as in
 * JSON), stringData, type, immutable, binaryData. Also the other kinds `kubectl create`
 * sends as protobuf and the sandbox serves: v1 Namespace (spec.finalizers), v1 Service (its
 * spec), policy/v1 PodDisruptionBudget (its spec) and authorization.k8s.io/v1
 * SelfSubjectAccessReview (its spec, from `kubectl auth can-i`). Any other kind: UNSUPPORTED
 * naming it.
 * Malformed input (truncated varints, lengths past the end, wrong wire types): INVALID,
 * never a crash or over-read. */
JsonNode *sandbox_protobuf_decode (GBytes  *body,
                                   GError **error);

G_END_DECLS
