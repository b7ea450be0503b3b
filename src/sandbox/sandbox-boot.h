/* sandbox-boot.h: what a search node does when its container starts
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sandbox-store.h"

G_BEGIN_DECLS

typedef enum
{
  SANDBOX_BOOT_STARTS,      /* the node starts; it may become Ready */
  SANDBOX_BOOT_CRASHES,     /* the node process exits during startup */
  SANDBOX_BOOT_UNREADY,     /* the node runs but never passes its readiness probe */
} SandboxBootOutcome;

typedef struct
{
  SandboxBootOutcome outcome;
  gboolean           search;          /* an Open Distro or OpenSearch container */
  /* The log of the node's start, each line ending in a newline, in the image's log4j
   * pattern ("[time][LEVEL][component] [node] message"). */
  GPtrArray         *lines;
  /* Why it crashes or stays unready, in a few words (for Events); NULL when it starts. */
  char              *reason;
  /* The pods of cluster.initial_master_nodes, of which a majority must be running before
   * the security index can be initialised; NULL when the node needs no one else. */
  GStrv              initial_masters;
  /* The readiness probe asks /_opendistro/_security/health (so it passes only once the
   * cluster formed), rather than only whether port 9200 listens. */
  gboolean           probe_needs_cluster;
  /* What a node that runs unready keeps logging, or NULLs. */
  char              *repeat_level;
  char              *repeat_component;
  char              *repeat_message;
} SandboxBoot;

SandboxBoot *sandbox_boot_run           (SandboxStore *store,
                                         JsonNode     *pod);
void         sandbox_boot_free          (SandboxBoot  *boot);
/* The kubelet's FailedMount message when a Secret or ConfigMap the pod mounts does not
 * exist (and is not optional), else NULL. */
char        *sandbox_boot_missing_mount (SandboxStore *store,
                                         JsonNode     *pod);
/* One log line as the image's log4j pattern writes it, newline included. */
char        *sandbox_boot_log_line      (GDateTime    *time,
                                         const char   *level,
                                         const char   *component,
                                         const char   *node,
                                         const char   *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SandboxBoot, sandbox_boot_free)

G_END_DECLS
