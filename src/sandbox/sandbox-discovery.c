/* sandbox-discovery.c: /version, API discovery and the OpenAPI v3 documents
 *
 * kubectl learns which resources exist from /api and /apis.  It prefers the
 * aggregated form (one answer listing every resource), which it recognizes
 * by the Content-Type alone; older clients get the legacy APIVersions,
 * APIGroupList and per-group-version APIResourceList answers.  apply and edit
 * also read the OpenAPI v3 documents to learn that the server validates
 * fields: a PATCH operation carrying the group-version-kind and the
 * fieldValidation parameter for every kind is what they look for.
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sandbox-server-private.h"

#define AGGREGATED_V2 "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
#define AGGREGATED_V2BETA1 \
  "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList"

static void
add_string_array (JsonBuilder *builder,
                  const char  *member,
                  const char  *comma_separated)
{
  g_auto(GStrv) values = g_strsplit (comma_separated, ",", -1);

  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static void
add_gvk (JsonBuilder           *builder,
         const char            *member,
         const SandboxResource *resource)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "group");
  json_builder_add_string_value (builder, resource->group);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, resource->version);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, resource->kind);
  json_builder_end_object (builder);
}

static const char * const *
subresources_of (const SandboxResource *resource)
{
  static const char * const pod[] = { "status", "log", "exec", "portforward", NULL };
  static const char * const scalable[] = { "status", "scale", NULL };
  static const char * const with_status[] = { "status", NULL };
  static const char * const none[] = { NULL };

  if (g_str_equal (resource->kind, "Pod"))
    return pod;
  if (g_str_equal (resource->kind, "StatefulSet"))
    return scalable;
  if (resource->has_status)
    return with_status;
  return none;
}

static const char *
subresource_verbs (const char *subresource)
{
  if (g_str_equal (subresource, "status") || g_str_equal (subresource, "scale"))
    return "get,patch,update";
  if (g_str_equal (subresource, "log"))
    return "get";
  return "create,get";
}

static void
add_aggregated_resource (JsonBuilder           *builder,
                         const SandboxResource *resource)
{
  const char * const *subresources = subresources_of (resource);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "resource");
  json_builder_add_string_value (builder, resource->plural);
  add_gvk (builder, "responseKind", resource);
  json_builder_set_member_name (builder, "scope");
  json_builder_add_string_value (builder, resource->namespaced ? "Namespaced" : "Cluster");
  json_builder_set_member_name (builder, "singularResource");
  json_builder_add_string_value (builder, resource->singular);
  if (resource->short_names != NULL)
    add_string_array (builder, "shortNames", resource->short_names);
  if (resource->in_all)
    add_string_array (builder, "categories", "all");
  add_string_array (builder, "verbs", sandbox_resource_verbs (resource));

  json_builder_set_member_name (builder, "subresources");
  json_builder_begin_array (builder);
  for (guint i = 0; subresources[i] != NULL; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "subresource");
      json_builder_add_string_value (builder, subresources[i]);
      if (g_str_equal (subresources[i], "scale"))
        {
          json_builder_set_member_name (builder, "responseKind");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "group");
          json_builder_add_string_value (builder, "autoscaling");
          json_builder_set_member_name (builder, "version");
          json_builder_add_string_value (builder, "v1");
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, "Scale");
          json_builder_end_object (builder);
        }
      else
        add_gvk (builder, "responseKind", resource);
      add_string_array (builder, "verbs", subresource_verbs (subresources[i]));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);
}

/* The groups in table order: "" first, then each named group once. */
static GPtrArray *
list_groups (void)
{
  GPtrArray *groups = g_ptr_array_new ();
  const SandboxResource *resources;
  guint n_resources;

  resources = sandbox_resources_all (&n_resources);
  for (guint i = 0; i < n_resources; i++)
    {
      gboolean seen = FALSE;

      for (guint j = 0; j < groups->len; j++)
        seen |= g_str_equal (groups->pdata[j], resources[i].group);
      if (!seen)
        g_ptr_array_add (groups, (gpointer) resources[i].group);
    }

  return groups;
}

static JsonNode *
build_aggregated (gboolean    core,
                  const char *api_version)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) groups = list_groups ();
  const SandboxResource *resources;
  guint n_resources;

  resources = sandbox_resources_all (&n_resources);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "APIGroupDiscoveryList");
  json_builder_set_member_name (builder, "apiVersion");
  json_builder_add_string_value (builder, api_version);
  json_builder_set_member_name (builder, "metadata");
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);

  for (guint g = 0; g < groups->len; g++)
    {
      const char *group = groups->pdata[g];

      if (core != (*group == '\0'))
        continue;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "metadata");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, group);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "versions");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "version");
      json_builder_add_string_value (builder, "v1");
      json_builder_set_member_name (builder, "freshness");
      json_builder_add_string_value (builder, "Current");
      json_builder_set_member_name (builder, "resources");
      json_builder_begin_array (builder);
      for (guint i = 0; i < n_resources; i++)
        {
          if (g_str_equal (resources[i].group, group))
            add_aggregated_resource (builder, &resources[i]);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
build_api_versions (SandboxServer *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "APIVersions");
  add_string_array (builder, "versions", "v1");
  json_builder_set_member_name (builder, "serverAddressByClientCIDRs");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "clientCIDR");
  json_builder_add_string_value (builder, "0.0.0.0/0");
  json_builder_set_member_name (builder, "serverAddress");
  json_builder_add_string_value (builder, self->url + strlen ("https://"));
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
add_group_version (JsonBuilder *builder,
                   const char  *group)
{
  g_autofree char *group_version = g_strdup_printf ("%s/v1", group);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "groupVersion");
  json_builder_add_string_value (builder, group_version);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, "v1");
  json_builder_end_object (builder);
}

static JsonNode *
build_group_list (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) groups = list_groups ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "APIGroupList");
  json_builder_set_member_name (builder, "apiVersion");
  json_builder_add_string_value (builder, "v1");
  json_builder_set_member_name (builder, "groups");
  json_builder_begin_array (builder);
  for (guint g = 0; g < groups->len; g++)
    {
      const char *group = groups->pdata[g];

      if (*group == '\0')
        continue;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, group);
      json_builder_set_member_name (builder, "versions");
      json_builder_begin_array (builder);
      add_group_version (builder, group);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "preferredVersion");
      add_group_version (builder, group);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
add_legacy_resource (JsonBuilder           *builder,
                     const SandboxResource *resource,
                     const char            *subresource)
{
  g_autofree char *name = subresource != NULL
                          ? g_strdup_printf ("%s/%s", resource->plural, subresource)
                          : g_strdup (resource->plural);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "singularName");
  json_builder_add_string_value (builder, subresource != NULL ? "" : resource->singular);
  json_builder_set_member_name (builder, "namespaced");
  json_builder_add_boolean_value (builder, resource->namespaced);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, g_strcmp0 (subresource, "scale") == 0
                                          ? "Scale" : resource->kind);
  if (g_strcmp0 (subresource, "scale") == 0)
    {
      json_builder_set_member_name (builder, "group");
      json_builder_add_string_value (builder, "autoscaling");
      json_builder_set_member_name (builder, "version");
      json_builder_add_string_value (builder, "v1");
    }
  add_string_array (builder, "verbs", subresource != NULL ? subresource_verbs (subresource)
                                                          : sandbox_resource_verbs (resource));
  if (subresource == NULL && resource->short_names != NULL)
    add_string_array (builder, "shortNames", resource->short_names);
  if (subresource == NULL && resource->in_all)
    add_string_array (builder, "categories", "all");
  json_builder_end_object (builder);
}

static JsonNode *
build_resource_list (const char *group)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *group_version = *group ? g_strdup_printf ("%s/v1", group) : g_strdup ("v1");
  const SandboxResource *resources;
  guint n_resources;

  resources = sandbox_resources_all (&n_resources);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "APIResourceList");
  json_builder_set_member_name (builder, "apiVersion");
  json_builder_add_string_value (builder, "v1");
  json_builder_set_member_name (builder, "groupVersion");
  json_builder_add_string_value (builder, group_version);
  json_builder_set_member_name (builder, "resources");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_resources; i++)
    {
      const char * const *subresources = subresources_of (&resources[i]);

      if (!g_str_equal (resources[i].group, group))
        continue;

      add_legacy_resource (builder, &resources[i], NULL);
      for (guint j = 0; subresources[j] != NULL; j++)
        add_legacy_resource (builder, &resources[i], subresources[j]);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
build_version (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  static const char * const fields[][2] = {
    { "major", "1" },
    { "minor", "32" },
    { "gitVersion", SANDBOX_GIT_VERSION },
    { "gitCommit", "0000000000000000000000000000000000000000" },
    { "gitTreeState", "clean" },
    { "buildDate", "2026-01-01T00:00:00Z" },
    { "goVersion", "go1.23.8" },
    { "compiler", "gc" },
    { "platform", "linux/amd64" },
  };

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      json_builder_set_member_name (builder, fields[i][0]);
      json_builder_add_string_value (builder, fields[i][1]);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* OpenAPI v3 */

static void
add_query_parameter (JsonBuilder *builder,
                     const char  *name)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "in");
  json_builder_add_string_value (builder, "query");
  json_builder_set_member_name (builder, "schema");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, name[0] == 'f' && name[1] == 'o' ? "boolean"
                                                                             : "string");
  json_builder_set_member_name (builder, "uniqueItems");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
add_operation (JsonBuilder           *builder,
               const char            *method,
               const char            *action,
               const SandboxResource *resource,
               const char * const    *body_types,
               const char * const    *parameters)
{
  g_autofree char *operation_id = g_strdup_printf ("%s%s%s", action,
                                                   resource->namespaced ? "Namespaced" : "",
                                                   resource->kind);

  json_builder_set_member_name (builder, method);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "operationId");
  json_builder_add_string_value (builder, operation_id);

  json_builder_set_member_name (builder, "parameters");
  json_builder_begin_array (builder);
  for (guint i = 0; parameters[i] != NULL; i++)
    add_query_parameter (builder, parameters[i]);
  json_builder_end_array (builder);

  if (body_types != NULL)
    {
      json_builder_set_member_name (builder, "requestBody");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "content");
      json_builder_begin_object (builder);
      for (guint i = 0; body_types[i] != NULL; i++)
        {
          json_builder_set_member_name (builder, body_types[i]);
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "schema");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "type");
          json_builder_add_string_value (builder, "object");
          json_builder_end_object (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "required");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_end_object (builder);
    }

  json_builder_set_member_name (builder, "responses");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "200");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, "OK");
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "x-kubernetes-action");
  json_builder_add_string_value (builder, method);
  add_gvk (builder, "x-kubernetes-group-version-kind", resource);
  json_builder_end_object (builder);
}

static void
add_resource_paths (JsonBuilder           *builder,
                    const SandboxResource *resource)
{
  static const char * const patch_types[] = {
    "application/json-patch+json", "application/merge-patch+json",
    "application/strategic-merge-patch+json", "application/apply-patch+yaml", NULL
  };
  static const char * const json_types[] = { "application/json", NULL };
  static const char * const write_parameters[] = {
    "dryRun", "fieldManager", "fieldValidation", "pretty", NULL
  };
  static const char * const patch_parameters[] = {
    "dryRun", "fieldManager", "fieldValidation", "force", "pretty", NULL
  };
  static const char * const read_parameters[] = { "pretty", NULL };
  g_autofree char *prefix = NULL;
  g_autofree char *collection = NULL;
  g_autofree char *item = NULL;

  if (resource->group[0] == '\0')
    prefix = g_strdup ("/api/v1");
  else
    prefix = g_strdup_printf ("/apis/%s/%s", resource->group, resource->version);

  collection = g_strdup_printf ("%s%s/%s", prefix,
                                resource->namespaced ? "/namespaces/{namespace}" : "",
                                resource->plural);
  item = g_strconcat (collection, "/{name}", NULL);

  json_builder_set_member_name (builder, collection);
  json_builder_begin_object (builder);
  add_operation (builder, "post", "create", resource, json_types, write_parameters);
  if (!resource->create_only)
    add_operation (builder, "get", "list", resource, NULL, read_parameters);
  json_builder_end_object (builder);

  if (resource->create_only)
    return;

  json_builder_set_member_name (builder, item);
  json_builder_begin_object (builder);
  add_operation (builder, "get", "read", resource, NULL, read_parameters);
  add_operation (builder, "put", "replace", resource, json_types, write_parameters);
  add_operation (builder, "patch", "patch", resource, patch_types, patch_parameters);
  add_operation (builder, "delete", "delete", resource, json_types, read_parameters);
  json_builder_end_object (builder);
}

static JsonNode *
build_openapi_document (const char *group)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const SandboxResource *resources;
  guint n_resources;

  resources = sandbox_resources_all (&n_resources);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "openapi");
  json_builder_add_string_value (builder, "3.0.0");
  json_builder_set_member_name (builder, "info");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, "Kubernetes");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, SANDBOX_GIT_VERSION);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "paths");
  json_builder_begin_object (builder);
  for (guint i = 0; i < n_resources; i++)
    {
      if (g_str_equal (resources[i].group, group))
        add_resource_paths (builder, &resources[i]);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "components");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schemas");
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static char *
document_hash (const char *group)
{
  g_autoptr(JsonNode) document = build_openapi_document (group);
  g_autofree char *text = sandbox_json_to_string (document);
  g_autofree char *checksum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);

  return g_ascii_strup (checksum, 32);
}

static JsonNode *
build_openapi_index (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) groups = list_groups ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "paths");
  json_builder_begin_object (builder);
  for (guint g = 0; g < groups->len; g++)
    {
      const char *group = groups->pdata[g];
      g_autofree char *key = *group ? g_strdup_printf ("apis/%s/v1", group)
                                    : g_strdup ("api/v1");
      g_autofree char *hash = document_hash (group);
      g_autofree char *url = g_strdup_printf ("/openapi/v3/%s?hash=%s", key, hash);

      json_builder_set_member_name (builder, key);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "serverRelativeURL");
      json_builder_add_string_value (builder, url);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
group_exists (const char *group)
{
  g_autoptr(GPtrArray) groups = list_groups ();

  for (guint g = 0; g < groups->len; g++)
    {
      if (g_str_equal (groups->pdata[g], group))
        return TRUE;
    }

  return FALSE;
}

static gboolean
handle_openapi (SoupServerMessage *msg,
                const char        *path)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *group = NULL;

  if (g_str_equal (path, "/openapi/v3") || g_str_equal (path, "/openapi/v3/"))
    {
      answer = build_openapi_index ();
      sandbox_server_send_json (msg, 200, answer, NULL);
      return TRUE;
    }

  if (g_str_equal (path, "/openapi/v3/api/v1"))
    group = g_strdup ("");
  else if (g_str_has_prefix (path, "/openapi/v3/apis/") && g_str_has_suffix (path, "/v1"))
    group = g_strndup (path + strlen ("/openapi/v3/apis/"),
                       strlen (path) - strlen ("/openapi/v3/apis/") - strlen ("/v1"));

  if (group == NULL || !group_exists (group)
      || (*group == '\0' && g_str_has_prefix (path, "/openapi/v3/apis/")))
    return FALSE;

  {
    g_autofree char *hash = document_hash (group);
    g_autofree char *etag = g_strdup_printf ("\"%s\"", hash);
    SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
    const char *if_none_match = soup_message_headers_get_one (request_headers, "If-None-Match");

    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Etag", etag);
    if (g_strcmp0 (if_none_match, etag) == 0)
      {
        soup_server_message_set_status (msg, 304, NULL);
        return TRUE;
      }
  }

  answer = build_openapi_document (group);
  sandbox_server_send_json (msg, 200, answer, NULL);
  return TRUE;
}

/* Answers /version, discovery and OpenAPI requests; FALSE for any other path. */
gboolean
sandbox_discovery_handle (SandboxServer     *self,
                          SoupServerMessage *msg,
                          const char        *path)
{
  const char *accept = soup_message_headers_get_one (
    soup_server_message_get_request_headers (msg), "Accept");
  g_autoptr(JsonNode) answer = NULL;
  const char *content_type = NULL;

  if (!g_str_equal (soup_server_message_get_method (msg), "GET"))
    return FALSE;

  if (g_str_equal (path, "/version") || g_str_equal (path, "/version/"))
    answer = build_version ();
  else if (g_str_has_prefix (path, "/openapi/"))
    return handle_openapi (msg, path);
  else if (g_str_equal (path, "/api") || g_str_equal (path, "/api/")
           || g_str_equal (path, "/apis") || g_str_equal (path, "/apis/"))
    {
      gboolean core = path[4] != 's';
      const char *wanted = accept != NULL ? strstr (accept, "as=APIGroupDiscoveryList") : NULL;

      if (wanted != NULL && strstr (accept, "v=v2;") != NULL)
        {
          answer = build_aggregated (core, "apidiscovery.k8s.io/v2");
          content_type = AGGREGATED_V2;
        }
      else if (wanted != NULL && strstr (accept, "v=v2beta1") != NULL)
        {
          answer = build_aggregated (core, "apidiscovery.k8s.io/v2beta1");
          content_type = AGGREGATED_V2BETA1;
        }
      else if (core)
        answer = build_api_versions (self);
      else
        answer = build_group_list ();
    }
  else if (g_str_equal (path, "/api/v1"))
    answer = build_resource_list ("");
  else if (g_str_has_prefix (path, "/apis/"))
    {
      g_auto(GStrv) parts = g_strsplit (path + strlen ("/apis/"), "/", -1);

      if (g_strv_length (parts) != 2 || !g_str_equal (parts[1], "v1") || *parts[0] == '\0'
          || !group_exists (parts[0]))
        return FALSE;
      answer = build_resource_list (parts[0]);
    }
  else
    return FALSE;

  sandbox_server_send_json (msg, 200, answer, content_type);
  return TRUE;
}
