/* sandbox-session.h: a running searchdeck-sandbox with the demo cluster, for tests
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kube-client.h"
#include "kube-config.h"
#include "kube-connection.h"
#include "kube-portforward.h"
#include "odfe-client.h"
#include "sandbox-process.h"

G_BEGIN_DECLS

typedef struct
{
  SandboxProcess  *sandbox;         /* the program, its state directory and kubeconfig */
  KubeConfig      *config;
  KubeConnection  *connection;
  KubeClient      *kube;
  char            *password;        /* the demo admin's */
  GBytes          *ca;              /* the cluster's root CA, once odfe is open */
  KubePortForward *forward;         /* to port 9200 of a Ready pod, once odfe is open */
  OdfeClient      *odfe;            /* as the application makes it, once odfe is open */
} SandboxSession;

typedef enum
{
  SANDBOX_SESSION_DEFAULT = 0,
  /* The sandbox runs without G_DEBUG, so that a critical of its own does not end it (see
   * sandbox_session_start_with_flags()). */
  SANDBOX_SESSION_LENIENT = 1 << 0,
} SandboxSessionFlags;

/* Starts SANDBOX_PATH with --seed demo, a state directory named after @prefix and the
 * given extra arguments (NULL-terminated, may be NULL); NULL when SANDBOX_PATH is not set
 * (the caller skips). */
SandboxSession *sandbox_session_start           (const char            *prefix,
                                                 const char * const    *extra_args);
/* The same, with @flags. */
SandboxSession *sandbox_session_start_with_flags (const char           *prefix,
                                                  const char * const   *extra_args,
                                                  SandboxSessionFlags   flags);

/* Runs the main context until *@result is set, at most @seconds (asserts otherwise). */
GAsyncResult   *sandbox_session_wait_result     (GAsyncResult         **result,
                                                 guint                  seconds);
/* A GAsyncReadyCallback storing a reference to the result in *(GAsyncResult **) user_data. */
void            sandbox_session_store_result    (GObject               *source,
                                                 GAsyncResult          *result,
                                                 gpointer               user_data);
/* Runs the main context for @ms milliseconds. */
void            sandbox_session_sleep           (guint                  ms);

/* The pods of the demo cluster that are Ready now. */
guint           sandbox_session_count_ready     (SandboxSession        *session);
/* Waits until @count pods are Ready (asserts after @seconds). */
void            sandbox_session_wait_ready      (SandboxSession        *session,
                                                 guint                  count,
                                                 guint                  seconds);
/* The pod @name as the API has it now, or NULL. */
JsonNode       *sandbox_session_get_pod         (SandboxSession        *session,
                                                 const char            *name);

/* Reads the CA and the password, starts a port-forward and makes session->odfe. */
void            sandbox_session_open_odfe       (SandboxSession        *session);

/* Closes everything, checking that each object is finalized, and stops the sandbox. */
void            sandbox_session_stop            (SandboxSession        *session);

G_END_DECLS
