/* sandbox-resources.h: the table of resource kinds the sandbox serves
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *plural;         /* "pods" */
  const char *singular;       /* "pod" */
  const char *kind;           /* "Pod" */
  const char *group;          /* "" for the core group */
  const char *version;        /* "v1" */
  gboolean    namespaced;
  const char *short_names;    /* comma-separated, or NULL */
  gboolean    in_all;         /* in the "all" category */
  gboolean    create_only;    /* a review: POST only, nothing stored */
  gboolean    has_status;     /* has a status subresource */
} SandboxResource;

const SandboxResource *sandbox_resources_all            (guint                 *n_resources);
const SandboxResource *sandbox_resources_lookup         (const char            *group,
                                                         const char            *version,
                                                         const char            *plural);
const SandboxResource *sandbox_resources_lookup_kind    (const char            *kind);
char                  *sandbox_resource_api_version     (const SandboxResource *resource);
const char            *sandbox_resource_verbs           (const SandboxResource *resource);

G_END_DECLS
