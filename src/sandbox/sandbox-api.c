/* sandbox-api.c: the resource verbs: get, list, create, replace, patch, delete
 *
 * Every answer is either an object, a list, a meta.k8s.io Table (when the
 * client's Accept asks for one, as `kubectl get` does) or a Status object
 * with the code, reason and message a real API server would send.
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sandbox-admission.h"
#include "sandbox-patch.h"
#include "sandbox-protobuf.h"
#include "sandbox-server-private.h"
#include "sandbox-table.h"
#include "sandbox-validate.h"

#define TABLE_CONTENT_TYPE "application/json;as=Table;v=v1;g=meta.k8s.io"

/* Request parsing */

void
sandbox_request_free (SandboxRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->namespace_);
  g_free (request->name);
  g_free (request->subresource);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_free (request);
}

/* Parses /api/v1/[namespaces/NS/]PLURAL[/NAME[/SUB]] and the /apis/GROUP/VERSION form. */
SandboxRequest *
sandbox_request_parse (const char *path,
                       GHashTable *query)
{
  g_autoptr(SandboxRequest) request = g_new0 (SandboxRequest, 1);
  g_auto(GStrv) all = g_strsplit (path, "/", -1);
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *group;
  const char *version;
  const char **rest;
  guint n_rest;

  for (guint i = 0; all[i] != NULL; i++)
    {
      if (*all[i] != '\0')
        g_ptr_array_add (parts, all[i]);
    }
  g_ptr_array_add (parts, NULL);

  if (parts->len >= 3 && g_str_equal (parts->pdata[0], "api"))
    {
      group = "";
      version = parts->pdata[1];
      rest = (const char **) parts->pdata + 2;
    }
  else if (parts->len >= 4 && g_str_equal (parts->pdata[0], "apis"))
    {
      group = parts->pdata[1];
      version = parts->pdata[2];
      rest = (const char **) parts->pdata + 3;
    }
  else
    return NULL;

  n_rest = g_strv_length ((char **) rest);
  if (n_rest == 0)
    return NULL;

  if (g_str_equal (rest[0], "namespaces") && n_rest >= 3)
    {
      const SandboxResource *inner = sandbox_resources_lookup (group, version, rest[2]);

      if (inner != NULL && inner->namespaced)
        {
          if (n_rest > 5)
            return NULL;
          request->resource = inner;
          request->namespace_ = g_strdup (rest[1]);
          request->name = g_strdup (rest[3]);
          request->subresource = n_rest > 4 ? g_strdup (rest[4]) : NULL;
        }
    }

  if (request->resource == NULL)
    {
      request->resource = sandbox_resources_lookup (group, version, rest[0]);
      if (request->resource == NULL || n_rest > 3)
        return NULL;
      /* A namespaced resource without a namespace is a list across all namespaces. */
      if (request->resource->namespaced && n_rest > 1)
        return NULL;
      request->name = g_strdup (rest[1]);
      request->subresource = n_rest > 2 ? g_strdup (rest[2]) : NULL;
    }

  request->query = query != NULL ? g_hash_table_ref (query) : NULL;
  return g_steal_pointer (&request);
}

const char *
sandbox_request_query (SandboxRequest *request,
                       const char     *name)
{
  if (request->query == NULL)
    return NULL;

  return g_hash_table_lookup (request->query, name);
}

gboolean
sandbox_request_query_true (SandboxRequest *request,
                            const char     *name)
{
  const char *value = sandbox_request_query (request, name);

  return value != NULL && (g_str_equal (value, "true") || g_str_equal (value, "1"));
}

/* Answers */

char *
sandbox_json_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

void
sandbox_server_send_json (SoupServerMessage *msg,
                          guint              status,
                          JsonNode          *node,
                          const char        *content_type)
{
  char *text = sandbox_json_to_string (node);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type ? content_type : "application/json",
                                    SOUP_MEMORY_TAKE, text, strlen (text));
}

JsonNode *
sandbox_status_new (guint                  code,
                    const char            *reason,
                    const char            *message,
                    const SandboxResource *resource,
                    const char            *name)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "Status");
  json_builder_set_member_name (builder, "apiVersion");
  json_builder_add_string_value (builder, "v1");
  json_builder_set_member_name (builder, "metadata");
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, code < 300 ? "Success" : "Failure");
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, reason);

  if (resource != NULL || name != NULL)
    {
      json_builder_set_member_name (builder, "details");
      json_builder_begin_object (builder);
      if (name != NULL)
        {
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, name);
        }
      if (resource != NULL)
        {
          /* As a real server's StatusDetails, which omit the core group's empty name. */
          if (resource->group[0] != '\0')
            {
              json_builder_set_member_name (builder, "group");
              json_builder_add_string_value (builder, resource->group);
            }
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, resource->plural);
        }
      json_builder_end_object (builder);
    }

  json_builder_set_member_name (builder, "code");
  json_builder_add_int_value (builder, code);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

void
sandbox_server_send_status (SoupServerMessage     *msg,
                            guint                  code,
                            const char            *reason,
                            const char            *message,
                            const SandboxResource *resource,
                            const char            *name)
{
  g_autoptr(JsonNode) status = sandbox_status_new (code, reason, message, resource, name);

  sandbox_server_send_json (msg, code, status, NULL);
}

void
sandbox_server_send_error (SoupServerMessage     *msg,
                           const GError          *error,
                           const SandboxResource *resource,
                           const char            *name)
{
  guint code = 500;
  const char *reason = "InternalError";

  if (error->domain == SANDBOX_STORE_ERROR)
    {
      switch ((SandboxStoreError) error->code)
        {
        case SANDBOX_STORE_ERROR_NOT_FOUND:
          code = 404, reason = "NotFound";
          break;
        case SANDBOX_STORE_ERROR_ALREADY_EXISTS:
          code = 409, reason = "AlreadyExists";
          break;
        case SANDBOX_STORE_ERROR_CONFLICT:
          code = 409, reason = "Conflict";
          break;
        case SANDBOX_STORE_ERROR_INVALID:
          code = 422, reason = "Invalid";
          break;
        case SANDBOX_STORE_ERROR_EXPIRED:
          code = 410, reason = "Expired";
          break;
        default:
          break;
        }
    }
  else if (error->domain == SANDBOX_PATCH_ERROR)
    {
      if (error->code == SANDBOX_PATCH_ERROR_UNSUPPORTED_MEDIA_TYPE)
        code = 415, reason = "UnsupportedMediaType";
      else if (error->code == SANDBOX_PATCH_ERROR_TEST_FAILED)
        code = 422, reason = "Invalid";
      else
        code = 400, reason = "BadRequest";
    }
  else if (error->domain == SANDBOX_PROTOBUF_ERROR)
    {
      if (error->code == SANDBOX_PROTOBUF_ERROR_UNSUPPORTED)
        code = 415, reason = "UnsupportedMediaType";
      else
        code = 400, reason = "BadRequest";
    }
  else if (error->domain == JSON_PARSER_ERROR || error->domain == G_IO_ERROR)
    code = 400, reason = "BadRequest";

  sandbox_server_send_status (msg, code, reason, error->message, resource, name);
}

static void
send_object (SoupServerMessage *msg,
             SandboxRequest    *request,
             SandboxServer     *self,
             guint              status,
             JsonNode          *object)
{
  g_autoptr(JsonNode) table = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *version = NULL;

  if (!request->table)
    {
      sandbox_server_send_json (msg, status, object, NULL);
      return;
    }

  now = g_date_time_new_now_utc ();
  version = g_strdup (sandbox_object_get_string (object, "metadata.resourceVersion"));
  table = sandbox_table_build (request->resource->kind, &object, 1, now, version, TRUE);
  sandbox_server_send_json (msg, status, table, TABLE_CONTENT_TYPE);
}

/* GET: one object, a list or a watch */

static char *
object_key (JsonNode *object)
{
  return g_strdup_printf ("%s/%s",
                          sandbox_object_get_string (object, "metadata.namespace") ?: "",
                          sandbox_object_get_string (object, "metadata.name") ?: "");
}

static gboolean
parse_selectors (SoupServerMessage *msg,
                 SandboxRequest    *request,
                 SandboxSelector  **labels,
                 SandboxSelector  **fields)
{
  g_autoptr(GError) error = NULL;

  *labels = sandbox_selector_parse_labels (sandbox_request_query (request, "labelSelector"),
                                           &error);
  if (*labels != NULL)
    *fields = sandbox_selector_parse_fields (sandbox_request_query (request, "fieldSelector"),
                                             &error);

  if (error != NULL)
    {
      g_clear_pointer (labels, sandbox_selector_free);
      sandbox_server_send_status (msg, 400, "BadRequest", error->message, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

static void
handle_list (SandboxServer     *self,
             SoupServerMessage *msg,
             SandboxRequest    *request)
{
  g_autoptr(SandboxSelector) labels = NULL;
  g_autoptr(SandboxSelector) fields = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) page = g_ptr_array_new ();
  g_autofree char *after = NULL;
  g_autofree char *next = NULL;
  g_autofree char *version = NULL;
  g_autofree char *list_kind = NULL;
  g_autofree char *api_version = NULL;
  g_autoptr(JsonNode) answer = NULL;
  const char *continue_token = sandbox_request_query (request, "continue");
  const char *limit_text = sandbox_request_query (request, "limit");
  guint64 limit = 0;
  guint remaining = 0;
  JsonObject *root;
  JsonObject *metadata;
  JsonArray *items;

  if (!parse_selectors (msg, request, &labels, &fields))
    return;

  if (sandbox_request_query_true (request, "watch"))
    {
      sandbox_watch_start (self, msg, request, g_steal_pointer (&labels),
                           g_steal_pointer (&fields));
      return;
    }

  if (limit_text != NULL && !g_ascii_string_to_unsigned (limit_text, 10, 0, G_MAXUINT32,
                                                         &limit, NULL))
    {
      sandbox_server_send_status (msg, 400, "BadRequest", "limit must be a positive integer",
                                  NULL, NULL);
      return;
    }

  if (continue_token != NULL && *continue_token != '\0')
    {
      gsize length;
      g_autofree guchar *decoded = g_base64_decode (continue_token, &length);

      if (decoded == NULL || length == 0 || !g_utf8_validate ((char *) decoded, length, NULL))
        {
          sandbox_server_send_status (msg, 400, "BadRequest",
                                      "continue key is not valid", NULL, NULL);
          return;
        }
      after = g_strndup ((char *) decoded, length);
    }

  version = g_strdup_printf ("%" G_GUINT64_FORMAT,
                             sandbox_store_get_resource_version (self->store));
  all = sandbox_store_list (self->store, request->resource, request->namespace_);

  for (guint i = 0; i < all->len; i++)
    {
      JsonNode *object = all->pdata[i];
      g_autofree char *key = NULL;

      if (!sandbox_selector_matches (labels, object) || !sandbox_selector_matches (fields, object))
        continue;

      key = object_key (object);
      if (after != NULL && strcmp (key, after) <= 0)
        continue;

      if (limit > 0 && page->len >= limit)
        {
          remaining++;
          continue;
        }

      g_ptr_array_add (page, object);
    }

  if (remaining > 0)
    {
      g_autofree char *last = object_key (page->pdata[page->len - 1]);

      next = g_base64_encode ((const guchar *) last, strlen (last));
    }

  if (request->table)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      answer = sandbox_table_build (request->resource->kind, (JsonNode **) page->pdata,
                                    page->len, now, version, TRUE);
      metadata = sandbox_object_ensure_object (json_node_get_object (answer), "metadata");
      if (next != NULL)
        {
          json_object_set_string_member (metadata, "continue", next);
          json_object_set_int_member (metadata, "remainingItemCount", remaining);
        }
      sandbox_server_send_json (msg, 200, answer, TABLE_CONTENT_TYPE);
      return;
    }

  answer = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (answer, json_object_new ());
  root = json_node_get_object (answer);
  list_kind = g_strconcat (request->resource->kind, "List", NULL);
  api_version = sandbox_resource_api_version (request->resource);
  json_object_set_string_member (root, "kind", list_kind);
  json_object_set_string_member (root, "apiVersion", api_version);
  metadata = sandbox_object_ensure_object (root, "metadata");
  json_object_set_string_member (metadata, "resourceVersion", version);
  if (next != NULL)
    {
      json_object_set_string_member (metadata, "continue", next);
      json_object_set_int_member (metadata, "remainingItemCount", remaining);
    }

  items = json_array_new ();
  for (guint i = 0; i < page->len; i++)
    json_array_add_element (items, sandbox_json_copy (page->pdata[i]));
  json_object_set_array_member (root, "items", items);

  sandbox_server_send_json (msg, 200, answer, NULL);
}

static void
handle_get (SandboxServer     *self,
            SoupServerMessage *msg,
            SandboxRequest    *request)
{
  JsonNode *object;

  if (request->name == NULL)
    {
      handle_list (self, msg, request);
      return;
    }

  object = sandbox_store_get (self->store, request->resource, request->namespace_,
                              request->name);
  if (object == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s \"%s\" not found",
                                                  request->resource->plural, request->name);

      sandbox_server_send_status (msg, 404, "NotFound", message, request->resource,
                                  request->name);
      return;
    }

  if (request->subresource == NULL || g_str_equal (request->subresource, "status"))
    {
      send_object (msg, request, self, 200, object);
      return;
    }

  if (g_str_equal (request->subresource, "log") && request->resource->kind[0] == 'P'
      && g_str_equal (request->resource->kind, "Pod"))
    {
      sandbox_streams_log (self, msg, request, object);
      return;
    }

  sandbox_server_send_status (msg, 404, "NotFound",
                              "the server could not find the requested resource", NULL, NULL);
}

/* POST */

static JsonNode *
read_body (SoupServerMessage *msg,
           SandboxRequest    *request,
           GError           **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *data;
  gsize size;

  if (g_strcmp0 (content_type, "application/vnd.kubernetes.protobuf") == 0)
    return sandbox_protobuf_decode (bytes, error);

  data = g_bytes_get_data (bytes, &size);
  if (!json_parser_load_from_data (parser, data != NULL ? data : "", size, error))
    return NULL;

  if (json_parser_get_root (parser) == NULL
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "the body of the request must be a JSON object");
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}

static gboolean
check_namespace (SandboxServer     *self,
                 SoupServerMessage *msg,
                 SandboxRequest    *request)
{
  const SandboxResource *namespaces = sandbox_resources_lookup ("", "v1", "namespaces");
  g_autofree char *message = NULL;
  JsonNode *namespace_;

  if (!request->resource->namespaced)
    return TRUE;

  namespace_ = sandbox_store_get (self->store, namespaces, NULL, request->namespace_);
  if (namespace_ == NULL)
    {
      message = g_strdup_printf ("namespaces \"%s\" not found", request->namespace_);
      sandbox_server_send_status (msg, 404, "NotFound", message, namespaces,
                                  request->namespace_);
      return FALSE;
    }

  if (sandbox_object_get_string (namespace_, "metadata.deletionTimestamp") != NULL)
    {
      message = g_strdup_printf ("%s is forbidden: unable to create new content in namespace "
                                 "%s because it is being terminated", request->resource->plural,
                                 request->namespace_);
      sandbox_server_send_status (msg, 403, "Forbidden", message, request->resource, NULL);
      return FALSE;
    }

  return TRUE;
}

static void
handle_review (SandboxServer     *self,
               SoupServerMessage *msg,
               JsonNode          *review)
{
  JsonObject *root = json_node_get_object (review);
  JsonObject *status = json_object_new ();
  JsonObject *attributes = sandbox_object_get_object (review, "spec.resourceAttributes");
  gboolean allowed = TRUE;

  /* The sandbox's user may do everything, except what the "deny" fault switch takes away. */
  if (attributes != NULL)
    {
      const char *resource = sandbox_json_string_member (attributes, "resource", "");
      const char *subresource = sandbox_json_string_member (attributes, "subresource", "");
      g_autofree char *full = *subresource != '\0'
                              ? g_strconcat (resource, "/", subresource, NULL)
                              : g_strdup (resource);

      allowed = !sandbox_faults_denies (self->faults,
                                        sandbox_json_string_member (attributes, "verb", ""),
                                        sandbox_json_string_member (attributes, "group", ""),
                                        full,
                                        sandbox_json_string_member (attributes, "namespace",
                                                                    ""),
                                        sandbox_json_string_member (attributes, "name", ""));
    }

  json_object_set_boolean_member (status, "allowed", allowed);
  json_object_set_string_member (status, "reason",
                                 allowed ? "RBAC: allowed by ClusterRoleBinding \"cluster-admin\" "
                                           "of ClusterRole \"cluster-admin\" to Group "
                                           "\"system:masters\""
                                         : "no RBAC policy matched (the sandbox's deny fault "
                                           "switch takes this access away)");
  json_object_set_object_member (root, "status", status);
  json_object_set_string_member (root, "apiVersion", "authorization.k8s.io/v1");
  json_object_set_string_member (root, "kind", "SelfSubjectAccessReview");
  sandbox_object_ensure_object (root, "metadata");
  sandbox_server_send_json (msg, 201, review, NULL);
}

/* The verb a request is authorised as: get, list, watch, create, update, patch, delete or
 * deletecollection. */
static const char *
request_verb (SoupServerMessage *msg,
              SandboxRequest    *request)
{
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (method, "GET"))
    {
      if (request->name != NULL)
        return "get";
      return sandbox_request_query_true (request, "watch") ? "watch" : "list";
    }
  if (g_str_equal (method, "POST"))
    return "create";
  if (g_str_equal (method, "PUT"))
    return "update";
  if (g_str_equal (method, "PATCH"))
    return "patch";
  if (g_str_equal (method, "DELETE"))
    return request->name != NULL ? "delete" : "deletecollection";

  return "get";
}

/* Refuses with 403 what the deny fault switch takes away, with the authorizer's message. */
static gboolean
check_access (SandboxServer     *self,
              SoupServerMessage *msg,
              SandboxRequest    *request)
{
  const char *verb = request_verb (msg, request);
  const SandboxResource *resource = request->resource;
  g_autofree char *full = request->subresource != NULL
                          ? g_strconcat (resource->plural, "/", request->subresource, NULL)
                          : g_strdup (resource->plural);
  g_autofree char *user = NULL;
  g_autofree char *qualified = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *message = NULL;

  if (resource->create_only
      || !sandbox_faults_denies (self->faults, verb, resource->group, full, request->namespace_,
                                 request->name))
    return TRUE;

  /* As the API server words it: the group-qualified resource ("statefulsets.apps"), then
   * the authorizer's reason with the resource and subresource ("pods/exec"). */
  user = sandbox_server_user_name (self, msg);
  qualified = resource->group[0] != '\0'
              ? g_strconcat (resource->plural, ".", resource->group, NULL)
              : g_strdup (resource->plural);
  subject = request->name != NULL
            ? g_strdup_printf ("%s \"%s\"", qualified, request->name)
            : g_strdup (qualified);
  scope = request->namespace_ != NULL
          ? g_strdup_printf ("in the namespace \"%s\"", request->namespace_)
          : g_strdup ("at the cluster scope");
  message = g_strdup_printf ("%s is forbidden: User \"%s\" cannot %s resource \"%s\" in API "
                             "group \"%s\" %s", subject, user, verb, full, resource->group,
                             scope);
  sandbox_server_send_status (msg, 403, "Forbidden", message, resource, request->name);
  return FALSE;
}

/* Refuses a new object the API server's validation would, with a 422 Invalid Status whose
 * details list the causes; returns FALSE then. */
static gboolean
check_valid (SoupServerMessage     *msg,
             const SandboxResource *resource,
             JsonNode              *object)
{
  g_autofree char *message = NULL;
  g_autoptr(GPtrArray) causes = NULL;
  g_autoptr(JsonNode) status = NULL;
  JsonObject *details;
  JsonArray *list;
  const char *name = sandbox_object_get_string (object, "metadata.name");

  if (sandbox_validate_new (resource, object, &message, &causes))
    return TRUE;

  status = sandbox_status_new (422, "Invalid", message, resource, name ? name : "");
  details = sandbox_object_ensure_object (json_node_get_object (status), "details");
  /* For Invalid, the API server names the kind, not the resource. */
  json_object_set_string_member (details, "kind", resource->kind);
  list = json_array_new ();
  for (guint i = 0; i < causes->len; i++)
    {
      SandboxValidationCause *cause = causes->pdata[i];
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "reason", cause->reason);
      json_object_set_string_member (entry, "message", cause->message);
      json_object_set_string_member (entry, "field", cause->field);
      json_array_add_object_element (list, entry);
    }
  json_object_set_array_member (details, "causes", list);
  sandbox_server_send_json (msg, 422, status, NULL);
  return FALSE;
}

/* A Secret's stringData is write-only: the API server folds it into data, base64-encoded. */
static void
fold_string_data (const SandboxResource *resource,
                  JsonNode              *object)
{
  JsonObject *root = json_node_get_object (object);
  JsonNode *string_data = json_object_get_member (root, "stringData");
  JsonObject *data;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (!g_str_equal (resource->kind, "Secret") || string_data == NULL)
    return;

  if (JSON_NODE_HOLDS_OBJECT (string_data))
    {
      data = sandbox_object_ensure_object (root, "data");
      json_object_iter_init_ordered (&iter, json_node_get_object (string_data));
      while (json_object_iter_next_ordered (&iter, &key, &value))
        {
          g_autofree char *encoded = NULL;
          const char *text;

          if (json_node_get_value_type (value) != G_TYPE_STRING)
            continue;
          text = json_node_get_string (value);
          encoded = g_base64_encode ((const guchar *) text, strlen (text));
          json_object_set_string_member (data, key, encoded);
        }
    }

  json_object_remove_member (root, "stringData");
}

/* dryRun=All: everything is checked and answered, nothing is stored. */
static SandboxUpdateFlags
dry_run_flag (SandboxRequest *request)
{
  return g_strcmp0 (sandbox_request_query (request, "dryRun"), "All") == 0
         ? SANDBOX_UPDATE_DRY_RUN : SANDBOX_UPDATE_NONE;
}

/* Fills in what the API server's defaulting would, for the fields clients look at. */
static void
apply_defaults (SandboxServer         *self,
                const SandboxResource *resource,
                JsonNode              *object)
{
  JsonObject *root = json_node_get_object (object);

  fold_string_data (resource, object);
  if (g_str_equal (resource->kind, "Secret") && !json_object_has_member (root, "type"))
    json_object_set_string_member (root, "type", "Opaque");

  if (g_str_equal (resource->kind, "Service"))
    {
      JsonObject *spec = sandbox_object_ensure_object (root, "spec");

      if (!json_object_has_member (spec, "type"))
        json_object_set_string_member (spec, "type", "ClusterIP");
      if (!json_object_has_member (spec, "clusterIP"))
        {
          guint64 version = sandbox_store_get_resource_version (self->store);
          g_autofree char *ip = g_strdup_printf ("10.96.%u.%u", (guint) (version / 250) % 256,
                                                 (guint) (version % 250) + 2);
          JsonArray *ips = json_array_new ();

          json_object_set_string_member (spec, "clusterIP", ip);
          json_array_add_string_element (ips, ip);
          json_object_set_array_member (spec, "clusterIPs", ips);
        }
    }

  if (g_str_equal (resource->kind, "Pod"))
    {
      JsonObject *spec = sandbox_object_ensure_object (root, "spec");

      if (!json_object_has_member (spec, "restartPolicy"))
        json_object_set_string_member (spec, "restartPolicy", "Always");
      if (!json_object_has_member (spec, "terminationGracePeriodSeconds"))
        json_object_set_int_member (spec, "terminationGracePeriodSeconds", 30);
      if (!json_object_has_member (spec, "dnsPolicy"))
        json_object_set_string_member (spec, "dnsPolicy", "ClusterFirst");
      if (!json_object_has_member (spec, "schedulerName"))
        json_object_set_string_member (spec, "schedulerName", "default-scheduler");
    }
}

static void
handle_create (SandboxServer     *self,
               SoupServerMessage *msg,
               SandboxRequest    *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  const char *body_namespace;
  JsonNode *created;

  if (request->name != NULL)
    {
      sandbox_server_send_status (msg, 405, "MethodNotAllowed",
                                  "POST is not allowed on a named object", NULL, NULL);
      return;
    }

  body = read_body (msg, request, &error);

  /* `kubectl auth can-i` sends its review as protobuf, which is decoded; a review in a form
   * the decoder does not know has no attributes to deny, and is answered allowed. */
  if (body == NULL && request->resource->create_only
      && g_error_matches (error, SANDBOX_PROTOBUF_ERROR, SANDBOX_PROTOBUF_ERROR_UNSUPPORTED))
    {
      body = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (body, json_object_new ());
      g_clear_error (&error);
    }

  if (body == NULL)
    {
      sandbox_server_send_error (msg, error, request->resource, NULL);
      return;
    }

  if (request->resource->create_only)
    {
      handle_review (self, msg, body);
      return;
    }

  apply_defaults (self, request->resource, body);

  body_namespace = sandbox_object_get_string (body, "metadata.namespace");
  if (request->resource->namespaced && body_namespace != NULL
      && !g_str_equal (body_namespace, request->namespace_))
    {
      sandbox_server_send_status (msg, 400, "BadRequest",
                                  "the namespace of the provided object does not match the "
                                  "namespace sent on the request", NULL, NULL);
      return;
    }

  if (!check_namespace (self, msg, request) || !check_valid (msg, request->resource, body))
    return;

  if (g_str_equal (request->resource->kind, "Pod"))
    {
      g_autofree char *refusal = sandbox_admission_pod_security (self->store,
                                                                 request->namespace_, body);

      if (refusal != NULL)
        {
          sandbox_server_send_status (msg, 403, "Forbidden", refusal, request->resource,
                                      sandbox_object_get_string (body, "metadata.name"));
          return;
        }
    }

  created = sandbox_store_create_full (self->store, request->resource, request->namespace_,
                                       body, dry_run_flag (request), &error);
  if (created == NULL)
    {
      sandbox_server_send_error (msg, error, request->resource,
                                 sandbox_object_get_string (body, "metadata.name"));
      return;
    }

  send_object (msg, request, self, 201, created);
}

/* PUT */

static void
handle_replace (SandboxServer     *self,
                SoupServerMessage *msg,
                SandboxRequest    *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  SandboxUpdateFlags flags = SANDBOX_UPDATE_CHECK_VERSION | dry_run_flag (request);
  JsonNode *updated;

  if (request->name == NULL)
    {
      sandbox_server_send_status (msg, 405, "MethodNotAllowed",
                                  "PUT needs the name of an object", NULL, NULL);
      return;
    }

  body = read_body (msg, request, &error);
  if (body == NULL)
    {
      sandbox_server_send_error (msg, error, request->resource, request->name);
      return;
    }

  if (g_strcmp0 (request->subresource, "status") == 0)
    flags |= SANDBOX_UPDATE_STATUS_ONLY;
  else
    flags |= SANDBOX_UPDATE_KEEP_STATUS;

  fold_string_data (request->resource, body);
  updated = sandbox_store_update (self->store, request->resource, request->namespace_,
                                  request->name, body, flags, &error);
  if (updated == NULL)
    {
      sandbox_server_send_error (msg, error, request->resource, request->name);
      return;
    }

  send_object (msg, request, self, 200, updated);
}

/* PATCH */

static void
handle_patch (SandboxServer     *self,
              SoupServerMessage *msg,
              SandboxRequest    *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) patched = NULL;
  SandboxUpdateFlags flags = SANDBOX_UPDATE_CHECK_VERSION | dry_run_flag (request);
  gboolean apply = g_strcmp0 (content_type, "application/apply-patch+yaml") == 0;
  JsonNode *existing;
  JsonNode *result;

  if (request->name == NULL)
    {
      sandbox_server_send_status (msg, 405, "MethodNotAllowed",
                                  "PATCH needs the name of an object", NULL, NULL);
      return;
    }

  if (apply && sandbox_request_query (request, "fieldManager") == NULL)
    {
      sandbox_server_send_status (msg, 400, "BadRequest",
                                  "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: "
                                  "Required value: is required for apply patch",
                                  NULL, NULL);
      return;
    }

  existing = sandbox_store_get (self->store, request->resource, request->namespace_,
                                request->name);
  if (existing == NULL && !apply)
    {
      g_autofree char *message = g_strdup_printf ("%s \"%s\" not found",
                                                  request->resource->plural, request->name);

      sandbox_server_send_status (msg, 404, "NotFound", message, request->resource,
                                  request->name);
      return;
    }

  patched = sandbox_patch_apply (existing, request->resource->kind,
                                 content_type != NULL ? content_type : "", body, &error);
  if (patched == NULL)
    {
      sandbox_server_send_error (msg, error, request->resource, request->name);
      return;
    }

  if (existing == NULL)
    {
      const char *name = sandbox_object_get_string (patched, "metadata.name");

      if (g_strcmp0 (name, request->name) != 0)
        {
          sandbox_server_send_status (msg, 400, "BadRequest",
                                      "the name of the object does not match the name on the "
                                      "URL", request->resource, request->name);
          return;
        }

      if (!check_namespace (self, msg, request))
        return;

      apply_defaults (self, request->resource, patched);
      if (!check_valid (msg, request->resource, patched))
        return;
      result = sandbox_store_create_full (self->store, request->resource, request->namespace_,
                                          patched, dry_run_flag (request), &error);
      if (result == NULL)
        sandbox_server_send_error (msg, error, request->resource, request->name);
      else
        send_object (msg, request, self, 201, result);
      return;
    }

  if (g_strcmp0 (request->subresource, "status") == 0)
    flags |= SANDBOX_UPDATE_STATUS_ONLY;
  else
    flags |= SANDBOX_UPDATE_KEEP_STATUS;

  fold_string_data (request->resource, patched);
  result = sandbox_store_update (self->store, request->resource, request->namespace_,
                                 request->name, patched, flags, &error);
  if (result == NULL)
    {
      sandbox_server_send_error (msg, error, request->resource, request->name);
      return;
    }

  send_object (msg, request, self, 200, result);
}

/* DELETE */

static gboolean
check_preconditions (SoupServerMessage *msg,
                     SandboxRequest    *request,
                     JsonNode          *options,
                     JsonNode          *object)
{
  const char *uid = options ? sandbox_object_get_string (options, "preconditions.uid") : NULL;
  const char *version = options ? sandbox_object_get_string (options,
                                                             "preconditions.resourceVersion")
                                : NULL;
  g_autofree char *message = NULL;

  if (uid != NULL && g_strcmp0 (uid, sandbox_object_get_string (object, "metadata.uid")) != 0)
    message = g_strdup_printf ("Precondition failed: UID in precondition: %s, UID in object "
                               "meta: %s", uid,
                               sandbox_object_get_string (object, "metadata.uid"));
  else if (version != NULL
           && g_strcmp0 (version,
                         sandbox_object_get_string (object, "metadata.resourceVersion")) != 0)
    message = g_strdup_printf ("Operation cannot be fulfilled on %s \"%s\": the "
                               "ResourceVersion in the precondition (%s) does not match the "
                               "ResourceVersion in record (%s). The object might have been "
                               "modified", request->resource->plural, request->name, version,
                               sandbox_object_get_string (object, "metadata.resourceVersion"));

  if (message == NULL)
    return TRUE;

  sandbox_server_send_status (msg, 409, "Conflict", message, request->resource, request->name);
  return FALSE;
}

/* Deletes one object; returns the object as the answer shows it (a new reference). */
static JsonNode *
delete_one (SandboxServer         *self,
            const SandboxResource *resource,
            const char            *namespace_,
            const char            *name,
            JsonNode              *options,
            GError               **error)
{
  gint64 grace = 30;

  if (g_str_equal (resource->kind, "Pod"))
    {
      JsonNode *grace_node = NULL;

      if (options != NULL)
        grace_node = json_object_get_member (json_node_get_object (options),
                                             "gracePeriodSeconds");
      if (grace_node != NULL && json_node_get_value_type (grace_node) == G_TYPE_INT64)
        grace = json_node_get_int (grace_node);

      return sandbox_controller_delete_pod (self->controller, namespace_, name, grace, error);
    }

  if (g_str_equal (resource->kind, "Namespace"))
    return sandbox_controller_delete_namespace (self->controller, name, error);

  return sandbox_store_remove (self->store, resource, namespace_, name, error);
}

static void
handle_delete_collection (SandboxServer     *self,
                          SoupServerMessage *msg,
                          SandboxRequest    *request,
                          JsonNode          *options)
{
  g_autoptr(SandboxSelector) labels = NULL;
  g_autoptr(SandboxSelector) fields = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *list_kind = NULL;
  g_autofree char *api_version = NULL;
  JsonArray *items = json_array_new ();
  JsonObject *root;

  if (!parse_selectors (msg, request, &labels, &fields))
    {
      json_array_unref (items);
      return;
    }

  objects = sandbox_store_list (self->store, request->resource, request->namespace_);
  for (guint i = 0; i < objects->len; i++)
    {
      JsonNode *object = objects->pdata[i];
      g_autoptr(JsonNode) deleted = NULL;

      if (!sandbox_selector_matches (labels, object) || !sandbox_selector_matches (fields, object))
        continue;

      deleted = delete_one (self, request->resource,
                            sandbox_object_get_string (object, "metadata.namespace"),
                            sandbox_object_get_string (object, "metadata.name"), options, NULL);
      if (deleted != NULL)
        json_array_add_element (items, sandbox_json_copy (deleted));
    }

  answer = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (answer, json_object_new ());
  root = json_node_get_object (answer);
  list_kind = g_strconcat (request->resource->kind, "List", NULL);
  api_version = sandbox_resource_api_version (request->resource);
  json_object_set_string_member (root, "kind", list_kind);
  json_object_set_string_member (root, "apiVersion", api_version);
  sandbox_object_ensure_object (root, "metadata");
  json_object_set_array_member (root, "items", items);
  sandbox_server_send_json (msg, 200, answer, NULL);
}

/* kubectl puts a delete's dryRun in its DeleteOptions: {"dryRun":["All"]}. */
static gboolean
options_dry_run (JsonNode *options)
{
  JsonNode *dry_run;
  JsonArray *values;

  if (options == NULL)
    return FALSE;

  dry_run = json_object_get_member (json_node_get_object (options), "dryRun");
  if (dry_run == NULL || !JSON_NODE_HOLDS_ARRAY (dry_run))
    return FALSE;

  values = json_node_get_array (dry_run);
  for (guint i = 0; i < json_array_get_length (values); i++)
    {
      JsonNode *value = json_array_get_element (values, i);

      if (json_node_get_value_type (value) == G_TYPE_STRING
          && g_str_equal (json_node_get_string (value), "All"))
        return TRUE;
    }

  return FALSE;
}

static void
handle_delete (SandboxServer     *self,
               SoupServerMessage *msg,
               SandboxRequest    *request)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonNode) options = NULL;
  g_autoptr(JsonNode) deleted = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *object;

  if (g_bytes_get_size (bytes) > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                       g_bytes_get_size (bytes), &error)
          || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          sandbox_server_send_status (msg, 400, "BadRequest",
                                      "the body of a DELETE must be DeleteOptions", NULL, NULL);
          return;
        }
      options = json_node_ref (json_parser_get_root (parser));
    }

  if (request->name == NULL)
    {
      handle_delete_collection (self, msg, request, options);
      return;
    }

  object = sandbox_store_get (self->store, request->resource, request->namespace_,
                              request->name);
  if (object == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s \"%s\" not found",
                                                  request->resource->plural, request->name);

      sandbox_server_send_status (msg, 404, "NotFound", message, request->resource,
                                  request->name);
      return;
    }

  if (!check_preconditions (msg, request, options, object))
    return;

  if (dry_run_flag (request) != SANDBOX_UPDATE_NONE || options_dry_run (options))
    {
      sandbox_server_send_json (msg, 200, object, NULL);
      return;
    }

  deleted = delete_one (self, request->resource, request->namespace_, request->name, options,
                        &error);
  if (deleted == NULL)
    {
      sandbox_server_send_error (msg, error, request->resource, request->name);
      return;
    }

  sandbox_server_send_json (msg, 200, deleted, NULL);
}

/* The scale subresource of StatefulSets (kubectl scale): an autoscaling/v1 Scale. */

static JsonNode *
scale_of (JsonNode *statefulset)
{
  JsonObject *spec = sandbox_object_get_object (statefulset, "spec");
  JsonObject *sts_status = sandbox_object_get_object (statefulset, "status");
  JsonObject *scale = json_object_new ();
  JsonObject *metadata = json_object_new ();
  JsonObject *scale_spec = json_object_new ();
  JsonObject *scale_status = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  static const char * const copied[] = {
    "name", "namespace", "uid", "resourceVersion", "creationTimestamp", NULL
  };
  JsonObject *sts_metadata = sandbox_object_get_metadata (statefulset);
  JsonNode *match_labels = NULL;

  json_object_set_string_member (scale, "kind", "Scale");
  json_object_set_string_member (scale, "apiVersion", "autoscaling/v1");
  for (guint i = 0; copied[i] != NULL; i++)
    {
      JsonNode *value = json_object_get_member (sts_metadata, copied[i]);

      if (value != NULL)
        json_object_set_member (metadata, copied[i], sandbox_json_copy (value));
    }
  json_object_set_object_member (scale, "metadata", metadata);

  json_object_set_int_member (scale_spec, "replicas",
                              sandbox_json_int_member (spec, "replicas", 1));
  json_object_set_object_member (scale, "spec", scale_spec);
  json_object_set_int_member (scale_status, "replicas",
                              sandbox_json_int_member (sts_status, "replicas",
                                                                       0));

  if (sandbox_object_get_object (statefulset, "spec.selector") != NULL)
    match_labels = json_object_get_member (sandbox_object_get_object (statefulset,
                                                                      "spec.selector"),
                                           "matchLabels");
  if (match_labels != NULL && JSON_NODE_HOLDS_OBJECT (match_labels))
    {
      g_autoptr(GString) selector = g_string_new (NULL);
      JsonObjectIter iter;
      const char *key;
      JsonNode *value;

      json_object_iter_init_ordered (&iter, json_node_get_object (match_labels));
      while (json_object_iter_next_ordered (&iter, &key, &value))
        {
          if (json_node_get_value_type (value) == G_TYPE_STRING)
            g_string_append_printf (selector, "%s%s=%s", selector->len ? "," : "", key,
                                    json_node_get_string (value));
        }
      json_object_set_string_member (scale_status, "selector", selector->str);
    }
  json_object_set_object_member (scale, "status", scale_status);

  json_node_take_object (node, scale);
  return node;
}

static void
handle_scale (SandboxServer     *self,
              SoupServerMessage *msg,
              SandboxRequest    *request)
{
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) scale = NULL;
  g_autoptr(JsonNode) wanted = NULL;
  g_autoptr(JsonNode) changed = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonNode *statefulset;
  JsonNode *replicas;
  JsonNode *updated;
  const char *requested_version;

  statefulset = sandbox_store_get (self->store, request->resource, request->namespace_,
                                   request->name);
  if (statefulset == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s.apps \"%s\" not found",
                                                  request->resource->plural, request->name);

      sandbox_server_send_status (msg, 404, "NotFound", message, request->resource,
                                  request->name);
      return;
    }

  scale = scale_of (statefulset);
  if (g_str_equal (method, "GET"))
    {
      sandbox_server_send_json (msg, 200, scale, NULL);
      return;
    }

  if (g_str_equal (method, "PUT"))
    wanted = read_body (msg, request, &error);
  else if (g_str_equal (method, "PATCH"))
    {
      g_autoptr(GBytes) body = soup_message_body_flatten (
        soup_server_message_get_request_body (msg));

      wanted = sandbox_patch_apply (scale, "Scale",
                                    soup_message_headers_get_content_type (headers, NULL) ?: "",
                                    body, &error);
    }
  else
    {
      sandbox_server_send_status (msg, 405, "MethodNotAllowed", "method not allowed", NULL,
                                  NULL);
      return;
    }

  if (wanted == NULL)
    {
      sandbox_server_send_error (msg, error, request->resource, request->name);
      return;
    }

  replicas = json_object_get_member (
    sandbox_object_ensure_object (json_node_get_object (wanted), "spec"), "replicas");
  if (replicas == NULL || json_node_get_value_type (replicas) != G_TYPE_INT64
      || json_node_get_int (replicas) < 0)
    {
      sandbox_server_send_status (msg, 422, "Invalid",
                                  "Scale.autoscaling \"\" is invalid: spec.replicas: Invalid "
                                  "value: must be greater than or equal to 0",
                                  request->resource, request->name);
      return;
    }

  /* A resourceVersion in the Scale is the StatefulSet's, and is checked as for a PUT. */
  changed = sandbox_json_copy (statefulset);
  requested_version = sandbox_object_get_string (wanted, "metadata.resourceVersion");
  if (requested_version != NULL)
    json_object_set_string_member (sandbox_object_get_metadata (changed), "resourceVersion",
                                   requested_version);
  json_object_set_int_member (sandbox_object_ensure_object (json_node_get_object (changed),
                                                            "spec"),
                              "replicas", json_node_get_int (replicas));

  updated = sandbox_store_update (self->store, request->resource, request->namespace_,
                                  request->name, changed,
                                  SANDBOX_UPDATE_CHECK_VERSION | SANDBOX_UPDATE_KEEP_STATUS,
                                  &error);
  if (updated == NULL)
    {
      sandbox_server_send_error (msg, error, request->resource, request->name);
      return;
    }

  answer = scale_of (updated);
  sandbox_server_send_json (msg, 200, answer, NULL);
}

static gboolean
is_websocket_upgrade (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  return soup_message_headers_header_contains (headers, "Upgrade", "websocket");
}

void
sandbox_api_handle (SandboxServer     *self,
                    SoupServerMessage *msg,
                    SandboxRequest    *request)
{
  const char *method = soup_server_message_get_method (msg);

  if (!check_access (self, msg, request))
    return;

  if (request->subresource != NULL
      && (g_str_equal (request->subresource, "exec")
          || g_str_equal (request->subresource, "portforward")
          || g_str_equal (request->subresource, "attach")))
    {
      JsonNode *pod = NULL;

      if (g_str_equal (request->resource->kind, "Pod") && request->name != NULL)
        pod = sandbox_store_get (self->store, request->resource, request->namespace_,
                                 request->name);
      if (pod == NULL)
        {
          g_autofree char *message = g_strdup_printf ("%s \"%s\" not found",
                                                      request->resource->plural,
                                                      request->name ? request->name : "");

          sandbox_server_send_status (msg, 404, "NotFound", message, request->resource,
                                      request->name);
          return;
        }

      if (g_strcmp0 (sandbox_object_get_string (pod, "status.phase"), "Running") != 0)
        {
          sandbox_server_send_status (msg, 400, "BadRequest",
                                      "unable to upgrade connection: pod is not running",
                                      NULL, NULL);
          return;
        }

      if (is_websocket_upgrade (msg))
        {
          char *exec_protocols[] = { (char *) "v5.channel.k8s.io", NULL };
          char *forward_protocols[] = {
            (char *) "v4.channel.k8s.io", (char *) "v4.base64.channel.k8s.io", NULL
          };
          g_autoptr(GError) error = NULL;
          g_autofree char *message = NULL;
          gboolean forward = g_str_equal (request->subresource, "portforward");

          /* Leaving the status unset hands the upgrade to sandbox-streams.c; a handshake
           * libsoup would refuse is refused here, with a Status. */
          if (soup_websocket_server_check_handshake (msg, NULL,
                                                     forward ? forward_protocols
                                                             : exec_protocols,
                                                     NULL, &error))
            return;

          message = g_strdup_printf ("unable to upgrade connection: %s (the sandbox offers "
                                     "%s over WebSocket, and no SPDY)", error->message,
                                     forward ? "v4.channel.k8s.io with ?ports="
                                             : "v5.channel.k8s.io");
          sandbox_server_send_status (msg, 400, "BadRequest", message, NULL, NULL);
          return;
        }

      sandbox_server_send_status (msg, 400, "BadRequest",
                                  "Upgrade request required: the sandbox speaks WebSocket "
                                  "(v5.channel.k8s.io, v4.channel.k8s.io), not SPDY",
                                  NULL, NULL);
      return;
    }

  if (g_strcmp0 (request->subresource, "scale") == 0
      && g_str_equal (request->resource->kind, "StatefulSet") && request->name != NULL)
    {
      handle_scale (self, msg, request);
      return;
    }

  if (request->subresource != NULL && !g_str_equal (request->subresource, "status")
      && !g_str_equal (request->subresource, "log"))
    {
      sandbox_server_send_status (msg, 404, "NotFound",
                                  "the server could not find the requested resource",
                                  NULL, NULL);
      return;
    }

  if (request->resource->create_only && !g_str_equal (method, "POST"))
    {
      sandbox_server_send_status (msg, 405, "MethodNotAllowed",
                                  "this resource only accepts POST", NULL, NULL);
      return;
    }

  if (g_str_equal (method, "GET"))
    handle_get (self, msg, request);
  else if (g_str_equal (method, "POST"))
    handle_create (self, msg, request);
  else if (g_str_equal (method, "PUT"))
    handle_replace (self, msg, request);
  else if (g_str_equal (method, "PATCH"))
    handle_patch (self, msg, request);
  else if (g_str_equal (method, "DELETE"))
    handle_delete (self, msg, request);
  else
    sandbox_server_send_status (msg, 405, "MethodNotAllowed", "method not allowed", NULL, NULL);
}
