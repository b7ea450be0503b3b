/* sandbox-faults.h: switches that make the sandbox misbehave on purpose, for tests
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint    drop_watch_every;   /* end every watch stream after this many events; 0: never */
  double   error_rate;         /* share of API requests answered with error_code */
  guint    error_code;         /* 429 or 500 */
  guint    retry_after;        /* seconds, in Retry-After on 429 */
  guint    latency_ms;         /* added before every API request */
  gboolean expire_all;         /* one-shot: forget the event history */
  JsonArray *deny;             /* access rules the sandbox's user is denied, or NULL */
  GRand   *rand;
} SandboxFaults;

SandboxFaults *sandbox_faults_new          (void);
void           sandbox_faults_free         (SandboxFaults *self);
gboolean       sandbox_faults_parse_option (SandboxFaults *self,
                                            const char    *option,
                                            GError       **error);
gboolean       sandbox_faults_update       (SandboxFaults *self,
                                            JsonObject    *settings,
                                            GError       **error);
JsonNode      *sandbox_faults_to_json      (SandboxFaults *self);
gboolean       sandbox_faults_pick_failure (SandboxFaults *self,
                                            guint         *status);
gboolean       sandbox_faults_denies       (SandboxFaults *self,
                                            const char    *verb,
                                            const char    *group,
                                            const char    *resource,
                                            const char    *namespace_,
                                            const char    *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SandboxFaults, sandbox_faults_free)

G_END_DECLS
