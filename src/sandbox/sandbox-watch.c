/* sandbox-watch.c: watch streams, one JSON event per chunk
 *
 * A watch first replays the history after the client's resourceVersion (or,
 * from "" or "0", one ADDED per existing object), then follows the store
 * live.  A version older than the history gets the in-stream 410 Expired
 * ERROR event a real API server sends.  The stream honours label and field
 * selectors, timeoutSeconds, allowWatchBookmarks and Table output, and the
 * dropWatchEvery fault ends it early.
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sandbox-server-private.h"
#include "sandbox-table.h"

#define DEFAULT_BOOKMARK_INTERVAL_MS 5000

typedef struct
{
  SandboxServer         *server;
  SoupServerMessage     *msg;
  const SandboxResource *resource;
  char                  *namespace_;
  SandboxSelector       *labels;
  SandboxSelector       *fields;
  gboolean               table;
  gboolean               sent_columns;
  guint                  events_sent;
  gulong                 store_handler;
  gulong                 finished_handler;
  guint                  timeout_id;
  guint                  bookmark_id;
  gboolean               done;
} SandboxWatch;

static void
watch_free (SandboxWatch *watch)
{
  g_free (watch->namespace_);
  sandbox_selector_free (watch->labels);
  sandbox_selector_free (watch->fields);
  g_object_unref (watch->msg);
  g_free (watch);
}

/* Stops following the store; the message itself may still be finishing. */
static void
watch_detach (SandboxWatch *watch)
{
  if (watch->store_handler != 0)
    g_clear_signal_handler (&watch->store_handler, watch->server->store);
  g_clear_handle_id (&watch->timeout_id, g_source_remove);
  g_clear_handle_id (&watch->bookmark_id, g_source_remove);
}

static void
watch_end (SandboxWatch *watch)
{
  if (watch->done)
    return;

  watch->done = TRUE;
  watch_detach (watch);
  soup_message_body_complete (soup_server_message_get_response_body (watch->msg));
  soup_server_message_unpause (watch->msg);
}

static void
on_finished (SoupServerMessage *msg,
             SandboxWatch      *watch)
{
  watch_detach (watch);
  watch->done = TRUE;
  g_clear_signal_handler (&watch->finished_handler, msg);
  g_ptr_array_remove (watch->server->watches, watch);
  watch_free (watch);
}

static void
write_event (SandboxWatch *watch,
             const char   *type,
             JsonNode     *object)
{
  g_autoptr(JsonNode) event = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) shown = NULL;
  g_autoptr(GString) line = NULL;
  g_autofree char *text = NULL;
  JsonObject *root = json_object_new ();

  json_node_take_object (event, root);
  json_object_set_string_member (root, "type", type);

  if (watch->table && !g_str_equal (type, "ERROR") && !g_str_equal (type, "BOOKMARK"))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      shown = sandbox_table_build (watch->resource->kind, &object, 1, now,
                                   sandbox_object_get_string (object, "metadata.resourceVersion"),
                                   !watch->sent_columns);
      watch->sent_columns = TRUE;
    }
  else
    shown = sandbox_json_copy (object);

  json_object_set_member (root, "object", g_steal_pointer (&shown));
  text = sandbox_json_to_string (event);
  line = g_string_new (text);
  g_string_append_c (line, '\n');

  soup_message_body_append (soup_server_message_get_response_body (watch->msg), SOUP_MEMORY_COPY,
                            line->str, line->len);
  soup_server_message_unpause (watch->msg);
}

static gboolean
watch_matches (SandboxWatch *watch,
               JsonNode     *object)
{
  if (object == NULL)
    return FALSE;

  if (watch->namespace_ != NULL
      && g_strcmp0 (sandbox_object_get_string (object, "metadata.namespace"),
                    watch->namespace_) != 0)
    return FALSE;

  return sandbox_selector_matches (watch->labels, object)
         && sandbox_selector_matches (watch->fields, object);
}

static void
deliver (SandboxWatch *watch,
         SandboxEvent *event)
{
  guint drop_every = watch->server->faults->drop_watch_every;
  SandboxEventType type = event->type;
  gboolean matches;

  if (watch->done || event->resource != watch->resource)
    return;

  /* As from a real API server, an object that starts or stops matching the selectors is
   * ADDED to or DELETED from the watcher's view. */
  matches = watch_matches (watch, event->object);
  if (type == SANDBOX_EVENT_MODIFIED)
    {
      gboolean matched = watch_matches (watch, event->old_object);

      if (!matches && !matched)
        return;
      if (matches && !matched)
        type = SANDBOX_EVENT_ADDED;
      else if (!matches)
        type = SANDBOX_EVENT_DELETED;
    }
  else if (!matches)
    return;

  write_event (watch, sandbox_event_type_to_string (type), event->object);
  watch->events_sent++;

  if (drop_every > 0 && watch->events_sent >= drop_every)
    {
      g_debug ("dropping a watch of %s after %u events (fault switch)",
               watch->resource->plural, watch->events_sent);
      watch_end (watch);
    }
}

static void
on_store_event (SandboxStore *store,
                SandboxEvent *event,
                SandboxWatch *watch)
{
  deliver (watch, event);
}

static gboolean
on_timeout (gpointer user_data)
{
  SandboxWatch *watch = user_data;

  watch->timeout_id = 0;
  watch_end (watch);
  return G_SOURCE_REMOVE;
}

static void
write_bookmark (SandboxWatch *watch,
                gboolean      initial_events_end)
{
  g_autoptr(JsonNode) object = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *api_version = sandbox_resource_api_version (watch->resource);
  g_autofree char *version = NULL;
  JsonObject *root = json_object_new ();
  JsonObject *metadata;

  version = g_strdup_printf ("%" G_GUINT64_FORMAT,
                             sandbox_store_get_resource_version (watch->server->store));
  json_node_take_object (object, root);
  json_object_set_string_member (root, "kind", watch->resource->kind);
  json_object_set_string_member (root, "apiVersion", api_version);
  metadata = sandbox_object_ensure_object (root, "metadata");
  json_object_set_string_member (metadata, "resourceVersion", version);
  if (initial_events_end)
    json_object_set_string_member (sandbox_object_ensure_object (metadata, "annotations"),
                                   "k8s.io/initial-events-end", "true");
  write_event (watch, "BOOKMARK", object);
}

static gboolean
on_bookmark (gpointer user_data)
{
  write_bookmark (user_data, FALSE);
  return G_SOURCE_CONTINUE;
}

static void
replay_existing (SandboxWatch *watch)
{
  g_autoptr(GPtrArray) objects = sandbox_store_list (watch->server->store, watch->resource,
                                                     watch->namespace_);

  for (guint i = 0; i < objects->len; i++)
    {
      SandboxEvent event = {
        .type = SANDBOX_EVENT_ADDED,
        .resource = watch->resource,
        .object = objects->pdata[i],
      };

      deliver (watch, &event);
    }
}

/* Replays history after @version; FALSE (and the ERROR event sent) when it is too old. */
static gboolean
replay_history (SandboxWatch *watch,
                guint64       version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = sandbox_store_events_since (watch->server->store, version,
                                                            &error);

  if (events == NULL)
    {
      g_autoptr(JsonNode) status = sandbox_status_new (410, "Expired", error->message,
                                                       NULL, NULL);

      write_event (watch, "ERROR", status);
      return FALSE;
    }

  for (guint i = 0; i < events->len && !watch->done; i++)
    deliver (watch, events->pdata[i]);

  return TRUE;
}

void
sandbox_watch_start (SandboxServer     *self,
                     SoupServerMessage *msg,
                     SandboxRequest    *request,
                     SandboxSelector   *labels,
                     SandboxSelector   *fields)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *version_text = sandbox_request_query (request, "resourceVersion");
  const char *timeout_text = sandbox_request_query (request, "timeoutSeconds");
  SandboxWatch *watch;
  guint64 version = 0;
  guint64 timeout = 0;

  if (version_text != NULL && *version_text != '\0'
      && !g_ascii_string_to_unsigned (version_text, 10, 0, G_MAXUINT64, &version, NULL))
    {
      g_autofree char *message = g_strdup_printf ("Invalid value: \"%s\": resourceVersion "
                                                  "must be an integer", version_text);

      sandbox_selector_free (labels);
      sandbox_selector_free (fields);
      sandbox_server_send_status (msg, 400, "BadRequest", message, NULL, NULL);
      return;
    }

  if (timeout_text != NULL)
    g_ascii_string_to_unsigned (timeout_text, 10, 0, G_MAXUINT32, &timeout, NULL);

  watch = g_new0 (SandboxWatch, 1);
  watch->server = self;
  watch->msg = g_object_ref (msg);
  watch->resource = request->resource;
  watch->namespace_ = g_strdup (request->namespace_);
  watch->labels = labels;
  watch->fields = fields;
  watch->table = request->table;
  g_ptr_array_add (self->watches, watch);

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_content_type (headers,
                                         watch->table
                                         ? "application/json;as=Table;v=v1;g=meta.k8s.io"
                                         : "application/json", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  /* A watch lasts minutes: each event is dropped once written, not kept with the message
   * (which would also make every write look for its chunk from the first event on). */
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);
  watch->finished_handler = g_signal_connect (msg, "finished", G_CALLBACK (on_finished), watch);

  if (version == 0)
    {
      replay_existing (watch);

      /* A streaming list (sendInitialEvents=true) learns where the initial state ends. */
      if (sandbox_request_query_true (request, "sendInitialEvents") && !watch->done)
        write_bookmark (watch, TRUE);
    }
  else if (!replay_history (watch, version))
    {
      watch_end (watch);
      return;
    }

  if (watch->done)
    return;

  watch->store_handler = g_signal_connect (self->store, "event", G_CALLBACK (on_store_event),
                                           watch);
  if (timeout > 0)
    watch->timeout_id = g_timeout_add_seconds ((guint) timeout, on_timeout, watch);
  if (sandbox_request_query_true (request, "allowWatchBookmarks"))
    watch->bookmark_id = g_timeout_add (self->options.bookmark_interval_ms > 0
                                        ? self->options.bookmark_interval_ms
                                        : DEFAULT_BOOKMARK_INTERVAL_MS,
                                        on_bookmark, watch);

  /* Send the headers now, so that the client knows the watch is established. */
  soup_server_message_unpause (msg);
}

void
sandbox_watch_close_all (SandboxServer *self)
{
  g_autoptr(GPtrArray) watches = g_ptr_array_copy (self->watches, NULL, NULL);

  for (guint i = 0; i < watches->len; i++)
    watch_end (watches->pdata[i]);
}
