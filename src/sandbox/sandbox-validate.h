/* sandbox-validate.h: the API server's validation of a new object, in part
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sandbox-store.h"

G_BEGIN_DECLS

/* One entry of a Status's details.causes. */
typedef struct
{
  char *reason;      /* "FieldValueInvalid" */
  char *field;       /* "metadata.name" */
  char *message;     /* "Invalid value: …" */
} SandboxValidationCause;

void     sandbox_validation_cause_free (SandboxValidationCause *cause);
gboolean sandbox_validate_new          (const SandboxResource  *resource,
                                        JsonNode               *object,
                                        char                  **message,
                                        GPtrArray             **causes);

G_END_DECLS
