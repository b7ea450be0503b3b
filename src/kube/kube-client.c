/* kube-client.c: the Kubernetes API verbs, asynchronous, over a KubeConnection
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every verb is one request through kube_connection_send_async(); its body is read
 * asynchronously with a size limit (a response over the limit is refused, not buffered),
 * parsed in a worker thread when it is large, and a failure status is decoded from the
 * server's Status into a KubeError.  A 429 or 5xx answer that carries Retry-After is tried
 * again after the pause the server asked for, a few times at most.
 */

#include "kube-client.h"
#include "kube-error.h"
#include "kube-json.h"
#include "kube-util.h"

#include <string.h>

#define DEFAULT_MAX_BODY_SIZE ((gsize) 64 * 1024 * 1024)
#define THREAD_PARSE_THRESHOLD (64 * 1024)
#define ERROR_BODY_LIMIT (256 * 1024)
#define READ_CHUNK (64 * 1024)
#define MAX_RETRIES 3
#define MAX_RETRY_AFTER_SECONDS 30
#define LIST_ALL_PAGE_SIZE 500
#define DEFAULT_TIMEOUT_SECONDS 60

static const KubeResourceType resource_types[KUBE_N_RESOURCES] = {
  [KUBE_RESOURCE_NAMESPACES] = { "", "v1", "namespaces", "Namespace", FALSE },
  [KUBE_RESOURCE_PODS] = { "", "v1", "pods", "Pod", TRUE },
  [KUBE_RESOURCE_CONFIGMAPS] = { "", "v1", "configmaps", "ConfigMap", TRUE },
  [KUBE_RESOURCE_SECRETS] = { "", "v1", "secrets", "Secret", TRUE },
  [KUBE_RESOURCE_SERVICES] = { "", "v1", "services", "Service", TRUE },
  [KUBE_RESOURCE_EVENTS] = { "", "v1", "events", "Event", TRUE },
  [KUBE_RESOURCE_PERSISTENTVOLUMECLAIMS] = { "", "v1", "persistentvolumeclaims",
                                             "PersistentVolumeClaim", TRUE },
  [KUBE_RESOURCE_STORAGECLASSES] = { "storage.k8s.io", "v1", "storageclasses",
                                     "StorageClass", FALSE },
  [KUBE_RESOURCE_NODES] = { "", "v1", "nodes", "Node", FALSE },
  [KUBE_RESOURCE_STATEFULSETS] = { "apps", "v1", "statefulsets", "StatefulSet", TRUE },
  [KUBE_RESOURCE_PODDISRUPTIONBUDGETS] = { "policy", "v1", "poddisruptionbudgets",
                                           "PodDisruptionBudget", TRUE },
  [KUBE_RESOURCE_SELFSUBJECTACCESSREVIEWS] = { "authorization.k8s.io", "v1",
                                               "selfsubjectaccessreviews",
                                               "SelfSubjectAccessReview", FALSE },
};

const KubeResourceType *
kube_resource_type_get (KubeResource resource)
{
  g_return_val_if_fail (resource < KUBE_N_RESOURCES, NULL);

  return &resource_types[resource];
}

const KubeResourceType *
kube_resource_type_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < KUBE_N_RESOURCES; i++)
    {
      if (g_str_equal (resource_types[i].plural, name)
          || g_str_equal (resource_types[i].kind, name))
        return &resource_types[i];
    }

  return NULL;
}

char *
kube_resource_type_path (const KubeResourceType *type,
                         const char             *namespace,
                         const char             *name)
{
  GString *path = g_string_new (NULL);

  g_return_val_if_fail (type != NULL, NULL);

  if (type->group[0] == '\0')
    g_string_append_printf (path, "/api/%s", type->version);
  else
    g_string_append_printf (path, "/apis/%s/%s", type->group, type->version);

  if (type->namespaced && namespace != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (namespace, NULL, FALSE);

      g_string_append_printf (path, "/namespaces/%s", escaped);
    }

  g_string_append_printf (path, "/%s", type->plural);

  if (name != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);

      g_string_append_printf (path, "/%s", escaped);
    }

  return g_string_free (path, FALSE);
}

G_DEFINE_BOXED_TYPE (KubeList, kube_list, kube_list_copy, kube_list_free)

static KubeList *
kube_list_new (void)
{
  KubeList *list = g_new0 (KubeList, 1);

  list->items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  return list;
}

KubeList *
kube_list_copy (const KubeList *list)
{
  KubeList *copy = kube_list_new ();

  for (guint i = 0; i < list->items->len; i++)
    g_ptr_array_add (copy->items, json_node_ref (g_ptr_array_index (list->items, i)));
  copy->resource_version = g_strdup (list->resource_version);
  copy->continue_token = g_strdup (list->continue_token);
  return copy;
}

void
kube_list_free (KubeList *list)
{
  if (list == NULL)
    return;

  g_ptr_array_unref (list->items);
  g_free (list->resource_version);
  g_free (list->continue_token);
  g_free (list);
}

struct _KubeClient
{
  GObject         parent_instance;

  KubeConnection *connection;
  gsize           max_body_size;
  guint           timeout_seconds;
};

G_DEFINE_FINAL_TYPE (KubeClient, kube_client, G_TYPE_OBJECT)

static void
kube_client_finalize (GObject *object)
{
  KubeClient *self = KUBE_CLIENT (object);

  g_clear_object (&self->connection);

  G_OBJECT_CLASS (kube_client_parent_class)->finalize (object);
}

static void
kube_client_class_init (KubeClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kube_client_finalize;
}

static void
kube_client_init (KubeClient *self)
{
  self->max_body_size = DEFAULT_MAX_BODY_SIZE;
  self->timeout_seconds = DEFAULT_TIMEOUT_SECONDS;
}

KubeClient *
kube_client_new (KubeConnection *connection)
{
  KubeClient *self;

  g_return_val_if_fail (KUBE_IS_CONNECTION (connection), NULL);

  self = g_object_new (KUBE_TYPE_CLIENT, NULL);
  self->connection = g_object_ref (connection);
  return self;
}

KubeConnection *
kube_client_get_connection (KubeClient *self)
{
  g_return_val_if_fail (KUBE_IS_CLIENT (self), NULL);

  return self->connection;
}

void
kube_client_set_max_body_size (KubeClient *self,
                               gsize       max_body_size)
{
  g_return_if_fail (KUBE_IS_CLIENT (self));

  self->max_body_size = max_body_size;
}

gsize
kube_client_get_max_body_size (KubeClient *self)
{
  g_return_val_if_fail (KUBE_IS_CLIENT (self), 0);

  return self->max_body_size;
}

void
kube_client_set_timeout (KubeClient *self,
                         guint       seconds)
{
  g_return_if_fail (KUBE_IS_CLIENT (self));
  g_return_if_fail (seconds > 0);

  self->timeout_seconds = seconds;
}

guint
kube_client_parse_retry_after (SoupMessage *message)
{
  const char *value;
  guint64 seconds;
  char *end = NULL;

  value = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                        "Retry-After");
  if (value == NULL)
    return 0;

  seconds = g_ascii_strtoull (value, &end, 10);
  if (end != value && *end == '\0')
    return (guint) MIN (seconds, G_MAXUINT);

  /* An HTTP date. */
  {
    g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (value);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    GTimeSpan span;

    if (when == NULL)
      return 0;

    span = g_date_time_difference (when, now);
    return span > 0 ? (guint) MIN (span / G_TIME_SPAN_SECOND + 1, G_MAXUINT) : 0;
  }
}

/* What one request needs to run, retry and describe itself. */
typedef enum
{
  RESULT_JSON,
  RESULT_LIST,
  RESULT_STREAM,
} ResultKind;

typedef struct
{
  char         *method;
  char         *path;
  char         *accept;
  char         *content_type;
  GBytes       *body;
  ResultKind    kind;
  guint         retries;
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *buffer;
  gsize         limit;
  GCancellable *cancellable;     /* ours: cancelled by the caller's, or by the timeout */
  GCancellable *caller_cancellable;
  gulong        caller_handler;
  guint         timeout_source;
  guint         timeout_seconds;
  gboolean      timed_out;
} RequestData;

static void
request_data_free (RequestData *data)
{
  g_clear_handle_id (&data->timeout_source, g_source_remove);
  if (data->caller_cancellable != NULL)
    g_cancellable_disconnect (data->caller_cancellable, data->caller_handler);
  g_clear_object (&data->caller_cancellable);
  g_clear_object (&data->cancellable);
  g_free (data->method);
  g_free (data->path);
  g_free (data->accept);
  g_free (data->content_type);
  g_clear_pointer (&data->body, g_bytes_unref);
  g_clear_object (&data->message);
  g_clear_object (&data->stream);
  g_clear_pointer (&data->buffer, g_byte_array_unref);
  g_free (data);
}

/* Ends @task with @error (taking both), telling a timeout from a caller's cancellation. */
static void
request_fail (GTask  *task,
              GError *error)
{
  RequestData *data = g_task_get_task_data (task);

  g_clear_handle_id (&data->timeout_source, g_source_remove);
  if (data->timed_out && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&error);
      error = g_error_new (KUBE_ERROR, KUBE_ERROR_TIMEOUT,
                           "The server did not answer %s %s within %u s", data->method,
                           data->path, data->timeout_seconds);
    }

  g_task_return_error (task, error);
  g_object_unref (task);
}

static gboolean
request_timed_out (gpointer user_data)
{
  GTask *task = user_data;
  RequestData *data = g_task_get_task_data (task);

  data->timeout_source = 0;
  data->timed_out = TRUE;
  g_cancellable_cancel (data->cancellable);
  return G_SOURCE_REMOVE;
}

static KubeList *
list_from_json (JsonNode *root,
                GError  **error)
{
  g_autoptr(KubeList) list = NULL;
  JsonObject *object = kube_json_object (root);
  JsonObject *metadata = kube_json_get_object (object, "metadata");
  JsonArray *items = kube_json_get_array (object, "items");
  const char *continue_token;

  if (object == NULL || (items == NULL && !json_object_has_member (object, "items")))
    {
      g_set_error_literal (error, KUBE_ERROR, KUBE_ERROR_PROTOCOL,
                           "The server answered a list request with something that is not a "
                           "list");
      return NULL;
    }

  list = kube_list_new ();
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);

      if (kube_json_object (item) != NULL)
        g_ptr_array_add (list->items, json_node_ref (item));
    }

  list->resource_version = g_strdup (kube_json_get_string (metadata, "resourceVersion"));
  continue_token = kube_json_get_string (metadata, "continue");
  if (continue_token != NULL && continue_token[0] != '\0')
    list->continue_token = g_strdup (continue_token);

  return g_steal_pointer (&list);
}

static void
parse_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GByteArray *buffer = task_data;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  root = kube_json_parse ((const char *) buffer->data, buffer->len, "a response", &error);
  if (root == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
}

static void
return_parsed (GTask    *task,
               JsonNode *root)
{
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (data->kind == RESULT_LIST)
    {
      KubeList *list = list_from_json (root, &error);

      if (list == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, list, (GDestroyNotify) kube_list_free);
    }
  else
    {
      g_task_return_pointer (task, json_node_ref (root), (GDestroyNotify) json_node_unref);
    }
}

static void
parsed_in_thread (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  root = g_task_propagate_pointer (G_TASK (result), &error);
  if (root == NULL)
    request_fail (g_steal_pointer (&task), g_steal_pointer (&error));
  else
    return_parsed (task, root);
}

static void start_request (GTask *task);

static void
retry_slept (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!kube_sleep_finish (result, &error))
    {
      request_fail (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  start_request (g_steal_pointer (&task));
}

/* The whole body is in data->buffer. */
static void
body_complete (GTask *task)
{
  RequestData *data = g_task_get_task_data (task);
  guint status = soup_message_get_status (data->message);

  g_clear_handle_id (&data->timeout_source, g_source_remove);

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autoptr(GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&data->buffer));
      guint retry_after = kube_client_parse_retry_after (data->message);
      GError *error;

      if (retry_after > 0 && (status == 429 || status >= 500) && data->retries < MAX_RETRIES)
        {
          data->retries++;
          g_debug ("%s %s: HTTP %u, retrying after %u s as the server asked", data->method,
                   data->path, status, retry_after);
          kube_sleep_async (MIN (retry_after, MAX_RETRY_AFTER_SECONDS) * 1000,
                            data->cancellable, retry_slept, task);
          return;
        }

      error = kube_error_new_from_response (status, soup_message_get_reason_phrase (data->message),
                                            body);
      kube_error_set_retry_after (error, retry_after);
      g_debug ("%s %s: HTTP %u: %s", data->method, data->path, status, error->message);
      request_fail (task, error);
      return;
    }

  if (data->buffer->len > THREAD_PARSE_THRESHOLD)
    {
      g_autoptr(GTask) parse = NULL;

      parse = g_task_new (NULL, data->cancellable, parsed_in_thread, task);
      g_task_set_source_tag (parse, parse_in_thread);
      g_task_set_task_data (parse, g_steal_pointer (&data->buffer),
                            (GDestroyNotify) g_byte_array_unref);
      g_task_run_in_thread (parse, parse_in_thread);
      return;
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) root = NULL;

    root = kube_json_parse ((const char *) data->buffer->data, data->buffer->len,
                            "a response", &error);
    if (root == NULL)
      g_task_return_error (task, g_steal_pointer (&error));
    else
      return_parsed (task, root);
    g_object_unref (task);
  }
}

static GError *
too_large_error (RequestData *data)
{
  return g_error_new (KUBE_ERROR, KUBE_ERROR_TOO_LARGE,
                      "The server's answer to %s %s is larger than %" G_GSIZE_FORMAT
                      " MiB; it was refused", data->method, data->path,
                      data->limit / (1024 * 1024) ? data->limit / (1024 * 1024) : 1);
}

static void read_more (GTask *task);

static void
chunk_read (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          GError *wrapped = g_error_new (KUBE_ERROR, KUBE_ERROR_NETWORK,
                                         "The connection broke while reading the answer to "
                                         "%s %s: %s", data->method, data->path,
                                         error->message);

          g_clear_error (&error);
          error = wrapped;
        }
      request_fail (task, g_steal_pointer (&error));
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_clear_object (&data->stream);
      body_complete (task);
      return;
    }

  if (data->buffer->len + g_bytes_get_size (chunk) > data->limit)
    {
      request_fail (task, too_large_error (data));
      return;
    }

  g_byte_array_append (data->buffer, g_bytes_get_data (chunk, NULL),
                       (guint) g_bytes_get_size (chunk));
  read_more (task);
}

static void
read_more (GTask *task)
{
  RequestData *data = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (data->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   data->cancellable, chunk_read, task);
}

static void
request_sent (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  KubeClient *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  goffset length;
  guint status;

  g_clear_object (&data->message);
  g_clear_object (&data->stream);
  data->stream = kube_connection_send_finish (KUBE_CONNECTION (object), result, &data->message,
                                              &error);
  if (data->stream == NULL)
    {
      request_fail (task, g_steal_pointer (&error));
      return;
    }

  status = soup_message_get_status (data->message);
  if (data->kind == RESULT_STREAM && SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      /* A stream may stay open for hours: the timeout covers only the wait for headers. */
      g_clear_handle_id (&data->timeout_source, g_source_remove);
      g_task_return_pointer (task, g_steal_pointer (&data->stream), g_object_unref);
      g_object_unref (task);
      return;
    }

  /* Failure bodies are Status objects: small.  Anything else gets the client's limit. */
  data->limit = SOUP_STATUS_IS_SUCCESSFUL (status) ? self->max_body_size : ERROR_BODY_LIMIT;
  length = soup_message_headers_get_content_length (
    soup_message_get_response_headers (data->message));
  if (length > 0 && (guint64) length > data->limit)
    {
      if (SOUP_STATUS_IS_SUCCESSFUL (status))
        {
          request_fail (task, too_large_error (data));
          return;
        }
      length = 0;
    }

  g_clear_pointer (&data->buffer, g_byte_array_unref);
  data->buffer = g_byte_array_sized_new (length > 0 ? (guint) length : 4096);
  read_more (task);
}

static void
start_request (GTask *task)
{
  KubeClient *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);

  /* Each attempt has the whole timeout; pauses between attempts do not count. */
  g_clear_handle_id (&data->timeout_source, g_source_remove);
  data->timeout_source = g_timeout_add_seconds (data->timeout_seconds, request_timed_out, task);

  kube_connection_send_async (self->connection, data->method, data->path, data->accept,
                              data->content_type, data->body, data->cancellable,
                              request_sent, task);
}

static void
forward_cancel (GCancellable *caller,
                GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

static void
run_request (KubeClient          *self,
             gpointer             source_tag,
             ResultKind           kind,
             const char          *method,
             char                *path,
             const char          *accept,
             const char          *content_type,
             GBytes              *body,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task;
  RequestData *data;

  data = g_new0 (RequestData, 1);
  data->method = g_strdup (method);
  data->path = path;
  data->accept = g_strdup (accept);
  data->content_type = g_strdup (content_type);
  data->body = body;
  data->kind = kind;
  data->timeout_seconds = self->timeout_seconds;
  data->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      data->caller_cancellable = g_object_ref (cancellable);
      data->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel),
                                                    g_object_ref (data->cancellable),
                                                    g_object_unref);
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) request_data_free);

  start_request (task);
}

void
kube_client_get_async (KubeClient             *self,
                       const KubeResourceType *type,
                       const char             *namespace,
                       const char             *name,
                       GCancellable           *cancellable,
                       GAsyncReadyCallback     callback,
                       gpointer                user_data)
{
  g_return_if_fail (KUBE_IS_CLIENT (self));
  g_return_if_fail (type != NULL);
  g_return_if_fail (name != NULL);

  run_request (self, kube_client_get_async, RESULT_JSON, "GET",
               kube_resource_type_path (type, namespace, name), NULL, NULL, NULL,
               cancellable, callback, user_data);
}

JsonNode *
kube_client_get_finish (KubeClient    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
kube_resource_type_list_path (const KubeResourceType *type,
                              const char             *namespace,
                              const KubeListOptions  *options)
{
  GString *path = g_string_new (NULL);
  g_autofree char *base = kube_resource_type_path (type, namespace, NULL);

  g_return_val_if_fail (type != NULL, NULL);

  g_string_append (path, base);
  if (options != NULL)
    {
      kube_path_append_param (path, "labelSelector", options->label_selector);
      kube_path_append_param (path, "fieldSelector", options->field_selector);
      if (options->limit > 0)
        {
          g_autofree char *limit = g_strdup_printf ("%u", options->limit);

          kube_path_append_param (path, "limit", limit);
        }
      kube_path_append_param (path, "continue", options->continue_token);
      kube_path_append_param (path, "resourceVersion", options->resource_version);
    }

  return g_string_free (path, FALSE);
}

void
kube_client_list_async (KubeClient             *self,
                        const KubeResourceType *type,
                        const char             *namespace,
                        const KubeListOptions  *options,
                        GCancellable           *cancellable,
                        GAsyncReadyCallback     callback,
                        gpointer                user_data)
{
  g_return_if_fail (KUBE_IS_CLIENT (self));
  g_return_if_fail (type != NULL);

  run_request (self, kube_client_list_async, RESULT_LIST, "GET",
               kube_resource_type_list_path (type, namespace, options), NULL, NULL, NULL,
               cancellable, callback,
               user_data);
}

/* list_all: pages are fetched one after another and gathered. */
typedef struct
{
  const KubeResourceType *type;
  char                   *namespace;
  char                   *label_selector;
  char                   *field_selector;
  char                   *resource_version;
  guint                   limit;
  KubeList               *gathered;
  gboolean                continued;   /* the request in flight carries a continue token */
  gboolean                restarted;
} ListAllData;

static void
list_all_data_free (ListAllData *data)
{
  g_free (data->namespace);
  g_free (data->label_selector);
  g_free (data->field_selector);
  g_free (data->resource_version);
  g_clear_pointer (&data->gathered, kube_list_free);
  g_free (data);
}

static void list_all_next (GTask      *task,
                           const char *continue_token);

static void
list_all_page (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(KubeList) page = NULL;
  g_autoptr(GError) error = NULL;
  ListAllData *data = g_task_get_task_data (task);

  page = kube_client_list_finish (KUBE_CLIENT (object), result, &error);
  if (page == NULL && data->continued && !data->restarted
      && g_error_matches (error, KUBE_ERROR, KUBE_ERROR_GONE))
    {
      /* The continue token expired between pages (the server compacted its history):
       * read the whole list again in one piece, as kubectl's pager does. */
      g_debug ("Listing %s: the continue token expired, listing again without paging",
               data->type->plural);
      data->restarted = TRUE;
      data->limit = 0;
      g_clear_pointer (&data->gathered, kube_list_free);
      list_all_next (g_steal_pointer (&task), NULL);
      return;
    }

  if (page == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (data->gathered == NULL)
    {
      data->gathered = kube_list_new ();
      data->gathered->resource_version = g_strdup (page->resource_version);
    }

  for (guint i = 0; i < page->items->len; i++)
    g_ptr_array_add (data->gathered->items, json_node_ref (g_ptr_array_index (page->items, i)));

  if (page->continue_token != NULL)
    {
      list_all_next (g_steal_pointer (&task), page->continue_token);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&data->gathered),
                         (GDestroyNotify) kube_list_free);
}

static void
list_all_next (GTask      *task,
               const char *continue_token)
{
  KubeClient *self = g_task_get_source_object (task);
  ListAllData *data = g_task_get_task_data (task);
  KubeListOptions options = {
    .label_selector = data->label_selector,
    .field_selector = data->field_selector,
    .limit = data->limit,
    .continue_token = continue_token,
    /* The server refuses resourceVersion together with continue. */
    .resource_version = continue_token ? NULL : data->resource_version,
  };

  data->continued = continue_token != NULL;
  kube_client_list_async (self, data->type, data->namespace, &options,
                          g_task_get_cancellable (task), list_all_page, task);
}

void
kube_client_list_all_async (KubeClient             *self,
                            const KubeResourceType *type,
                            const char             *namespace,
                            const KubeListOptions  *options,
                            GCancellable           *cancellable,
                            GAsyncReadyCallback     callback,
                            gpointer                user_data)
{
  GTask *task;
  ListAllData *data;

  g_return_if_fail (KUBE_IS_CLIENT (self));
  g_return_if_fail (type != NULL);

  data = g_new0 (ListAllData, 1);
  data->type = type;
  data->namespace = g_strdup (namespace);
  data->limit = options && options->limit ? options->limit : LIST_ALL_PAGE_SIZE;
  if (options != NULL)
    {
      data->label_selector = g_strdup (options->label_selector);
      data->field_selector = g_strdup (options->field_selector);
      data->resource_version = g_strdup (options->resource_version);
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kube_client_list_all_async);
  g_task_set_task_data (task, data, (GDestroyNotify) list_all_data_free);

  list_all_next (task, options ? options->continue_token : NULL);
}

KubeList *
kube_client_list_finish (KubeClient    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kube_client_create_async (KubeClient             *self,
                          const KubeResourceType *type,
                          const char             *namespace,
                          JsonNode               *object,
                          GCancellable           *cancellable,
                          GAsyncReadyCallback     callback,
                          gpointer                user_data)
{
  g_return_if_fail (KUBE_IS_CLIENT (self));
  g_return_if_fail (type != NULL);
  g_return_if_fail (kube_json_object (object) != NULL);

  run_request (self, kube_client_create_async, RESULT_JSON, "POST",
               kube_resource_type_path (type, namespace, NULL), NULL, "application/json",
               kube_json_to_bytes (object), cancellable, callback, user_data);
}

void
kube_client_replace_async (KubeClient             *self,
                           const KubeResourceType *type,
                           const char             *namespace,
                           const char             *name,
                           JsonNode               *object,
                           const char             *resource_version,
                           GCancellable           *cancellable,
                           GAsyncReadyCallback     callback,
                           gpointer                user_data)
{
  g_autoptr(JsonNode) copy = NULL;

  g_return_if_fail (KUBE_IS_CLIENT (self));
  g_return_if_fail (type != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (kube_json_object (object) != NULL);

  copy = json_node_copy (object);
  if (resource_version != NULL)
    {
      JsonObject *root = json_node_get_object (copy);
      JsonObject *metadata = kube_json_get_object (root, "metadata");

      if (metadata == NULL)
        {
          metadata = json_object_new ();
          json_object_set_object_member (root, "metadata", metadata);
        }
      json_object_set_string_member (metadata, "resourceVersion", resource_version);
    }

  run_request (self, kube_client_replace_async, RESULT_JSON, "PUT",
               kube_resource_type_path (type, namespace, name), NULL, "application/json",
               kube_json_to_bytes (copy), cancellable, callback, user_data);
}

void
kube_client_patch_async (KubeClient             *self,
                         const KubeResourceType *type,
                         const char             *namespace,
                         const char             *name,
                         KubePatchType           patch_type,
                         JsonNode               *patch,
                         GCancellable           *cancellable,
                         GAsyncReadyCallback     callback,
                         gpointer                user_data)
{
  const char *content_type;

  g_return_if_fail (KUBE_IS_CLIENT (self));
  g_return_if_fail (type != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (patch != NULL);

  switch (patch_type)
    {
    case KUBE_PATCH_MERGE:
      content_type = "application/merge-patch+json";
      break;
    case KUBE_PATCH_STRATEGIC_MERGE:
      content_type = "application/strategic-merge-patch+json";
      break;
    case KUBE_PATCH_JSON:
      content_type = "application/json-patch+json";
      break;
    default:
      g_return_if_reached ();
    }

  run_request (self, kube_client_patch_async, RESULT_JSON, "PATCH",
               kube_resource_type_path (type, namespace, name), NULL, content_type,
               kube_json_to_bytes (patch), cancellable, callback, user_data);
}

static GBytes *
delete_options_body (const KubeDeleteOptions *options)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "DeleteOptions");
  json_builder_set_member_name (builder, "apiVersion");
  json_builder_add_string_value (builder, "v1");

  if (options->propagation_policy != NULL)
    {
      json_builder_set_member_name (builder, "propagationPolicy");
      json_builder_add_string_value (builder, options->propagation_policy);
    }

  if (options->grace_period_seconds >= 0)
    {
      json_builder_set_member_name (builder, "gracePeriodSeconds");
      json_builder_add_int_value (builder, options->grace_period_seconds);
    }

  if (options->precondition_uid != NULL || options->precondition_resource_version != NULL)
    {
      json_builder_set_member_name (builder, "preconditions");
      json_builder_begin_object (builder);
      if (options->precondition_uid != NULL)
        {
          json_builder_set_member_name (builder, "uid");
          json_builder_add_string_value (builder, options->precondition_uid);
        }
      if (options->precondition_resource_version != NULL)
        {
          json_builder_set_member_name (builder, "resourceVersion");
          json_builder_add_string_value (builder, options->precondition_resource_version);
        }
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return kube_json_to_bytes (root);
}

void
kube_client_delete_async (KubeClient              *self,
                          const KubeResourceType  *type,
                          const char              *namespace,
                          const char              *name,
                          const KubeDeleteOptions *options,
                          GCancellable            *cancellable,
                          GAsyncReadyCallback      callback,
                          gpointer                 user_data)
{
  static const KubeDeleteOptions defaults = KUBE_DELETE_OPTIONS_INIT;

  g_return_if_fail (KUBE_IS_CLIENT (self));
  g_return_if_fail (type != NULL);
  g_return_if_fail (name != NULL);

  run_request (self, kube_client_delete_async, RESULT_JSON, "DELETE",
               kube_resource_type_path (type, namespace, name), NULL, "application/json",
               delete_options_body (options ? options : &defaults), cancellable, callback,
               user_data);
}

JsonNode *
kube_client_object_finish (KubeClient    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kube_client_request_json_async (KubeClient          *self,
                                const char          *method,
                                const char          *path_and_query,
                                const char          *content_type,
                                JsonNode            *body,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (KUBE_IS_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path_and_query != NULL && path_and_query[0] == '/');

  run_request (self, kube_client_request_json_async, RESULT_JSON, method,
               g_strdup (path_and_query), NULL,
               body ? (content_type ? content_type : "application/json") : NULL,
               body ? kube_json_to_bytes (body) : NULL, cancellable, callback, user_data);
}

void
kube_client_request_stream_async (KubeClient          *self,
                                  const char          *method,
                                  const char          *path_and_query,
                                  const char          *accept,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (KUBE_IS_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path_and_query != NULL && path_and_query[0] == '/');

  run_request (self, kube_client_request_stream_async, RESULT_STREAM, method,
               g_strdup (path_and_query), accept, NULL, NULL, cancellable, callback,
               user_data);
}

GInputStream *
kube_client_request_stream_finish (KubeClient    *self,
                                   GAsyncResult  *result,
                                   SoupMessage  **message,
                                   GError       **error)
{
  RequestData *data;
  GInputStream *stream;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  data = g_task_get_task_data (G_TASK (result));
  stream = g_task_propagate_pointer (G_TASK (result), error);
  if (message != NULL)
    *message = stream ? g_object_ref (data->message) : NULL;

  return stream;
}
