/* sandbox-store.h: the sandbox's objects, resource versions and event history
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "sandbox-resources.h"

G_BEGIN_DECLS

#define SANDBOX_STORE_ERROR (sandbox_store_error_quark ())

typedef enum
{
  SANDBOX_STORE_ERROR_NOT_FOUND,
  SANDBOX_STORE_ERROR_ALREADY_EXISTS,
  SANDBOX_STORE_ERROR_CONFLICT,
  SANDBOX_STORE_ERROR_INVALID,
  SANDBOX_STORE_ERROR_EXPIRED,
} SandboxStoreError;

typedef enum
{
  SANDBOX_EVENT_ADDED,
  SANDBOX_EVENT_MODIFIED,
  SANDBOX_EVENT_DELETED,
} SandboxEventType;

typedef struct
{
  SandboxEventType       type;
  const SandboxResource *resource;
  JsonNode              *object;
  JsonNode              *old_object;   /* the previous version, for MODIFIED; else NULL */
  guint64                resource_version;
} SandboxEvent;

typedef enum
{
  SANDBOX_UPDATE_NONE = 0,
  /* Refuse with CONFLICT when the object's metadata.resourceVersion is set and stale. */
  SANDBOX_UPDATE_CHECK_VERSION = 1 << 0,
  /* Keep the stored status (a write to the main resource, not to /status). */
  SANDBOX_UPDATE_KEEP_STATUS = 1 << 1,
  /* Keep the stored spec and metadata, take only the status (a write to /status). */
  SANDBOX_UPDATE_STATUS_ONLY = 1 << 2,
  /* Compute the result (dryRun=All) but store nothing and record no event. */
  SANDBOX_UPDATE_DRY_RUN = 1 << 3,
} SandboxUpdateFlags;

#define SANDBOX_TYPE_STORE (sandbox_store_get_type ())

G_DECLARE_FINAL_TYPE (SandboxStore, sandbox_store, SANDBOX, STORE, GObject)

GQuark        sandbox_store_error_quark                (void);
const char   *sandbox_event_type_to_string             (SandboxEventType        type);

SandboxStore *sandbox_store_new                        (guint                   history_size);
JsonNode     *sandbox_store_get                        (SandboxStore           *self,
                                                        const SandboxResource  *resource,
                                                        const char             *namespace_,
                                                        const char             *name);
GPtrArray    *sandbox_store_list                       (SandboxStore           *self,
                                                        const SandboxResource  *resource,
                                                        const char             *namespace_);
JsonNode     *sandbox_store_create                     (SandboxStore           *self,
                                                        const SandboxResource  *resource,
                                                        const char             *namespace_,
                                                        JsonNode               *object,
                                                        GError                **error);
JsonNode     *sandbox_store_create_full                (SandboxStore           *self,
                                                        const SandboxResource  *resource,
                                                        const char             *namespace_,
                                                        JsonNode               *object,
                                                        SandboxUpdateFlags      flags,
                                                        GError                **error);
JsonNode     *sandbox_store_update                     (SandboxStore           *self,
                                                        const SandboxResource  *resource,
                                                        const char             *namespace_,
                                                        const char             *name,
                                                        JsonNode               *object,
                                                        SandboxUpdateFlags      flags,
                                                        GError                **error);
JsonNode     *sandbox_store_remove                     (SandboxStore           *self,
                                                        const SandboxResource  *resource,
                                                        const char             *namespace_,
                                                        const char             *name,
                                                        GError                **error);
guint64       sandbox_store_get_resource_version       (SandboxStore           *self);
GPtrArray    *sandbox_store_events_since               (SandboxStore           *self,
                                                        guint64                 resource_version,
                                                        GError                **error);
void          sandbox_store_expire_history             (SandboxStore           *self);

/* Helpers on Kubernetes JSON objects, shared by the whole sandbox. */
JsonNode     *sandbox_json_copy                        (JsonNode               *node);
const char   *sandbox_json_string_member               (JsonObject             *object,
                                                        const char             *member,
                                                        const char             *fallback);
gint64        sandbox_json_int_member                  (JsonObject             *object,
                                                        const char             *member,
                                                        gint64                  fallback);
char         *sandbox_timestamp_now                    (void);
char         *sandbox_timestamp_format                 (GDateTime              *time);
const char   *sandbox_object_get_string                (JsonNode               *object,
                                                        const char             *path);
JsonObject   *sandbox_object_get_object                (JsonNode               *object,
                                                        const char             *path);
JsonObject   *sandbox_object_ensure_object             (JsonObject             *parent,
                                                        const char             *member);
JsonObject   *sandbox_object_get_metadata              (JsonNode               *object);
gboolean      sandbox_object_is_owned_by               (JsonNode               *object,
                                                        JsonNode               *owner);

G_END_DECLS
