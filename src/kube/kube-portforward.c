/* kube-portforward.c: a loopback listener whose connections are forwarded to a pod's port
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What `kubectl port-forward` does, over the API server's plain WebSocket protocol
 * (v4.channel.k8s.io) instead of SPDY: a GSocketService listens on 127.0.0.1 on a port the
 * system picks, and each connection accepted there gets its own WebSocket to
 * pods/<name>/portforward?ports=<port>.  Every message's first byte is its channel: 0 carries
 * the data, 1 the errors, and each channel begins with the port number (2 bytes), checked
 * against the port asked for; kube-channel reads that framing.  Text on the error channel
 * ("connection refused" when nothing listens) ends that connection and is reported through
 * ::stream-error.
 *
 * The pod is a Ready pod matching a selector, chosen when the first connection arrives.
 * A watch on those pods lets it go the moment it starts terminating, stops being Ready or is
 * replaced by a new pod of the same name (which the API server would otherwise route to,
 * by name); when a forwarded stream ends from the pod's side, the pod is also looked at
 * again.  Either way the next connections go to another Ready pod.
 * With no connection for the idle timeout, the listener closes itself.
 */

#include "config.h"

#include "kube-portforward.h"
#include "kube-channel.h"
#include "kube-error.h"
#include "kube-json.h"
#include "kube-watch.h"

#include <string.h>

#define DEFAULT_IDLE_TIMEOUT_MS   60000
#define MAX_INCOMING_MESSAGE_SIZE (1024 * 1024)
#define MAX_ERROR_TEXT            4096
#define READ_SIZE                 32768

/* How far the choice of a pod has got. */
typedef enum
{
  POD_NONE,                       /* none chosen; the next connection starts a choice */
  POD_CHOOSING,                   /* listing the pods */
  POD_CHECKING,                   /* looking again at the chosen pod after a stream ended */
  POD_CHOSEN,
} PodState;

typedef struct _Stream Stream;

struct _KubePortForward
{
  GObject          parent_instance;

  KubeClient      *client;
  char            *namespace;
  char            *label_selector;
  char            *field_selector;
  guint16          remote_port;
  guint16          local_port;
  guint            idle_timeout_ms;

  GSocketService  *service;
  KubeWatch       *watch;
  GCancellable    *cancellable;
  GPtrArray       *streams;       /* Stream, one reference each */
  GPtrArray       *waiting;       /* Stream waiting for a pod, no reference */
  guint            idle_source;

  PodState         pod_state;
  char            *pod_name;
  char            *pod_uid;

  gboolean         started;
  gboolean         closed;
};

/* One accepted connection and its WebSocket. */
struct _Stream
{
  KubePortForward         *owner;  /* NULL once the stream is finished */
  GSocketConnection       *local;
  SoupMessage             *message;
  SoupWebsocketConnection *websocket;
  GCancellable            *cancellable;
  char                    *pod_name;
  char                    *pod_uid;
  guint                    attempts;
  KubeChannelReader        channels;        /* the framing: channel bytes, port preambles */
  GString                 *error_text;
  GQueue                   outgoing;        /* GBytes for the local socket */
  gboolean                 writing;
  gboolean                 remote_closed;
  gboolean                 finished;
  guint8                   buffer[READ_SIZE];
};

enum
{
  PROP_0,
  PROP_LOCAL_PORT,
  PROP_POD_NAME,
  PROP_N_CONNECTIONS,
  PROP_CLOSED,
  N_PROPS
};

enum
{
  SIGNAL_STREAM_ERROR,
  SIGNAL_CLOSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KubePortForward, kube_port_forward, G_TYPE_OBJECT)

static void request_pod   (KubePortForward *self,
                           Stream          *stream);
static void stream_finish (Stream          *stream);

/* Streams */

static void
stream_clear (Stream *stream)
{
  g_queue_clear_full (&stream->outgoing, (GDestroyNotify) g_bytes_unref);
  g_clear_object (&stream->websocket);
  g_clear_object (&stream->message);
  g_clear_object (&stream->local);
  g_clear_object (&stream->cancellable);
  g_free (stream->pod_name);
  g_free (stream->pod_uid);
  g_string_free (stream->error_text, TRUE);
}

static Stream *
stream_ref (Stream *stream)
{
  return g_rc_box_acquire (stream);
}

static void
stream_unref (Stream *stream)
{
  g_rc_box_release_full (stream, (GDestroyNotify) stream_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Stream, stream_unref)

static Stream *
stream_new (KubePortForward   *owner,
            GSocketConnection *local)
{
  Stream *stream = g_rc_box_new0 (Stream);

  stream->owner = owner;
  stream->local = g_object_ref (local);
  stream->cancellable = g_cancellable_new ();
  stream->error_text = g_string_new (NULL);
  kube_channel_reader_init (&stream->channels, 1);
  g_queue_init (&stream->outgoing);

  return stream;
}

static void
update_idle (KubePortForward *self);

static void
forget_pod (KubePortForward *self,
            const char      *uid)
{
  if (self->pod_state != POD_CHOSEN && self->pod_state != POD_CHECKING)
    return;

  if (uid != NULL && g_strcmp0 (uid, self->pod_uid) != 0)
    return;

  g_debug ("Port-forward to %s/%s: leaving pod %s", self->namespace,
           self->label_selector ? self->label_selector : "", self->pod_name);
  self->pod_state = POD_NONE;
  g_clear_pointer (&self->pod_name, g_free);
  g_clear_pointer (&self->pod_uid, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POD_NAME]);
}

/* Reports @error about @stream and ends it. */
static void
stream_fail (Stream *stream,
             GError *error)
{
  KubePortForward *self = stream->owner;

  if (stream->finished)
    return;

  g_debug ("Port-forward to port %u: %s", self ? self->remote_port : 0, error->message);
  if (self != NULL)
    g_signal_emit (self, signals[SIGNAL_STREAM_ERROR], 0, error);

  stream_finish (stream);
}

static void
stream_finish (Stream *stream)
{
  g_autoptr(Stream) hold = NULL;
  KubePortForward *self = stream->owner;

  if (stream->finished)
    return;

  hold = stream_ref (stream);
  stream->finished = TRUE;
  stream->owner = NULL;
  g_cancellable_cancel (stream->cancellable);

  if (stream->websocket != NULL)
    {
      g_signal_handlers_disconnect_by_data (stream->websocket, stream);
      if (soup_websocket_connection_get_state (stream->websocket) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (stream->websocket, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
    }

  g_io_stream_close (G_IO_STREAM (stream->local), NULL, NULL);

  if (self != NULL)
    {
      g_ptr_array_remove (self->waiting, stream);
      g_ptr_array_remove (self->streams, stream);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CONNECTIONS]);
      update_idle (self);
    }
}

static void flush_outgoing (Stream *stream);

static void
outgoing_written (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Stream) stream = user_data;
  g_autoptr(GError) error = NULL;

  stream->writing = FALSE;
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Port-forward: the local connection went away: %s", error->message);
      stream_finish (stream);
      return;
    }

  g_bytes_unref (g_queue_pop_head (&stream->outgoing));

  if (g_queue_is_empty (&stream->outgoing) && stream->remote_closed)
    stream_finish (stream);
  else
    flush_outgoing (stream);
}

static void
flush_outgoing (Stream *stream)
{
  GOutputStream *output;
  GBytes *bytes;

  if (stream->writing || stream->finished || g_queue_is_empty (&stream->outgoing))
    return;

  bytes = g_queue_peek_head (&stream->outgoing);
  output = g_io_stream_get_output_stream (G_IO_STREAM (stream->local));
  stream->writing = TRUE;
  g_output_stream_write_all_async (output, g_bytes_get_data (bytes, NULL),
                                   g_bytes_get_size (bytes), G_PRIORITY_DEFAULT,
                                   stream->cancellable, outgoing_written, stream_ref (stream));
}

static void
on_websocket_message (SoupWebsocketConnection *websocket,
                      int                      type,
                      GBytes                  *message,
                      gpointer                 user_data)
{
  Stream *stream = user_data;
  KubePortForward *self = stream->owner;
  g_autoptr(GError) error = NULL;
  const guint8 *payload = NULL;
  gsize payload_size = 0;
  guint port_index = 0;
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (message, &size);
  guint16 announced;

  if (type != SOUP_WEBSOCKET_DATA_BINARY || self == NULL)
    return;

  switch (kube_channel_reader_feed (&stream->channels, data, size, &port_index, &payload,
                                    &payload_size))
    {
    case KUBE_CHANNEL_NONE:
      return;

    case KUBE_CHANNEL_INVALID:
      g_debug ("Port-forward: pod %s wrote on channel %u, which this stream does not have",
               stream->pod_name, size > 0 ? data[0] : 0);
      return;

    case KUBE_CHANNEL_DATA:
      announced = kube_channel_reader_get_port (&stream->channels, 0);
      if (announced != self->remote_port)
        {
          error = g_error_new (KUBE_ERROR, KUBE_ERROR_PROTOCOL,
                               "Pod %s forwarded port %u instead of port %u", stream->pod_name,
                               announced, self->remote_port);
          stream_fail (stream, error);
          return;
        }

      g_queue_push_tail (&stream->outgoing, g_bytes_new (payload, payload_size));
      flush_outgoing (stream);
      return;

    case KUBE_CHANNEL_ERROR:
      g_string_append_len (stream->error_text, (const char *) payload,
                           MIN (payload_size, MAX_ERROR_TEXT - MIN (stream->error_text->len,
                                                                   MAX_ERROR_TEXT)));

      /* The pod does not serve the port (or not any more): send what follows elsewhere. */
      forget_pod (self, stream->pod_uid);

      error = g_error_new (KUBE_ERROR, KUBE_ERROR_NETWORK,
                           "Port %u of pod %s could not be reached: %s", self->remote_port,
                           stream->pod_name, stream->error_text->str);
      stream_fail (stream, error);
      return;

    default:
      g_assert_not_reached ();
    }
}

static void check_pod (KubePortForward *self,
                       const char      *uid);

/* Both "closing" (the pod's side sent its close frame) and "closed" (the connection is
 * down, whoever started): the stream is over as soon as the pod's side says so, without
 * waiting for the closing handshake, which a peer may take seconds to finish. */
static void
on_websocket_closed (SoupWebsocketConnection *websocket,
                     gpointer                 user_data)
{
  Stream *stream = user_data;

  if (stream->remote_closed)
    return;

  g_debug ("Port-forward: pod %s closed the stream (code %u)", stream->pod_name,
           soup_websocket_connection_get_close_code (websocket));

  /* The pod's side ended while the local client was still there: the process may have
   * stopped or the pod may be going away. */
  stream->remote_closed = TRUE;
  if (stream->owner != NULL)
    check_pod (stream->owner, stream->pod_uid);

  if (!stream->writing && g_queue_is_empty (&stream->outgoing))
    stream_finish (stream);
}

static void
on_websocket_error (SoupWebsocketConnection *websocket,
                    GError                  *error,
                    gpointer                 user_data)
{
  Stream *stream = user_data;

  g_debug ("Port-forward: the stream from pod %s failed: %s", stream->pod_name,
           error->message);
}

static void
local_read (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Stream) stream = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint8 *frame;
  gssize size;

  size = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (stream->finished)
    return;

  if (size <= 0)
    {
      /* The local client is done (or gone): the forwarded connection is over. */
      if (error != NULL)
        g_debug ("Port-forward: reading the local connection failed: %s", error->message);
      stream_finish (stream);
      return;
    }

  if (soup_websocket_connection_get_state (stream->websocket) != SOUP_WEBSOCKET_STATE_OPEN)
    return;

  frame = g_malloc (size + 1);
  frame[0] = 0;
  memcpy (frame + 1, stream->buffer, size);
  bytes = g_bytes_new_take (frame, size + 1);
  soup_websocket_connection_send_message (stream->websocket, SOUP_WEBSOCKET_DATA_BINARY, bytes);

  g_input_stream_read_async (G_INPUT_STREAM (object), stream->buffer, sizeof stream->buffer,
                             G_PRIORITY_DEFAULT, stream->cancellable, local_read,
                             stream_ref (stream));
}

static void stream_connect (Stream *stream);

static void
websocket_connected (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(Stream) stream = user_data;
  g_autoptr(SoupWebsocketConnection) websocket = NULL;
  g_autoptr(GError) error = NULL;
  KubePortForward *self = stream->owner;
  GInputStream *input;

  websocket = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (stream->finished || self == NULL)
    return;

  if (websocket == NULL)
    {
      guint status = stream->message ? soup_message_get_status (stream->message) : 0;
      g_autoptr(GError) reported = NULL;

      g_debug ("Port-forward to pod %s: no WebSocket (HTTP %u): %s", stream->pod_name, status,
               error->message);

      /* Most likely the pod went away between the choice and now: choose again, once. */
      forget_pod (self, stream->pod_uid);
      if (stream->attempts++ == 0)
        {
          request_pod (self, stream);
          return;
        }

      if (status == SOUP_STATUS_NOT_FOUND)
        reported = g_error_new (KUBE_ERROR, KUBE_ERROR_NOT_FOUND,
                                "Pod %s no longer exists", stream->pod_name);
      else if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
        reported = g_error_new (KUBE_ERROR, status == SOUP_STATUS_FORBIDDEN
                                              ? KUBE_ERROR_FORBIDDEN : KUBE_ERROR_UNAUTHORIZED,
                                "The API server refused to forward a port of pod %s (HTTP %u)",
                                stream->pod_name, status);
      else
        reported = g_error_new (KUBE_ERROR, KUBE_ERROR_NETWORK,
                                "Could not forward a port of pod %s: %s", stream->pod_name,
                                error->message);
      stream_fail (stream, reported);
      return;
    }

  stream->websocket = g_steal_pointer (&websocket);
  soup_websocket_connection_set_max_incoming_payload_size (stream->websocket,
                                                           MAX_INCOMING_MESSAGE_SIZE);
  g_signal_connect (stream->websocket, "message", G_CALLBACK (on_websocket_message), stream);
  g_signal_connect (stream->websocket, "closing", G_CALLBACK (on_websocket_closed), stream);
  g_signal_connect (stream->websocket, "closed", G_CALLBACK (on_websocket_closed), stream);
  g_signal_connect (stream->websocket, "error", G_CALLBACK (on_websocket_error), stream);

  input = g_io_stream_get_input_stream (G_IO_STREAM (stream->local));
  g_input_stream_read_async (input, stream->buffer, sizeof stream->buffer, G_PRIORITY_DEFAULT,
                             stream->cancellable, local_read, stream_ref (stream));
}

static void
message_prepared (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Stream) stream = user_data;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  static const char *protocols[] = { "v4.channel.k8s.io", NULL };
  KubeConnection *connection = KUBE_CONNECTION (object);

  message = kube_connection_prepare_message_finish (connection, result, &error);
  if (stream->finished)
    return;

  if (message == NULL)
    {
      stream_fail (stream, error);
      return;
    }

  g_set_object (&stream->message, message);
  soup_session_websocket_connect_async (kube_connection_get_session (connection), message, NULL,
                                        (char **) protocols, G_PRIORITY_DEFAULT,
                                        stream->cancellable, websocket_connected,
                                        stream_ref (stream));
}

static void
stream_connect (Stream *stream)
{
  KubePortForward *self = stream->owner;
  g_autofree char *namespace = g_uri_escape_string (self->namespace, NULL, FALSE);
  g_autofree char *name = g_uri_escape_string (self->pod_name, NULL, FALSE);
  g_autofree char *path = NULL;

  g_free (stream->pod_name);
  stream->pod_name = g_strdup (self->pod_name);
  g_free (stream->pod_uid);
  stream->pod_uid = g_strdup (self->pod_uid);

  path = g_strdup_printf ("/api/v1/namespaces/%s/pods/%s/portforward?ports=%u", namespace, name,
                          self->remote_port);
  kube_connection_prepare_message_async (kube_client_get_connection (self->client), "GET", path,
                                         stream->cancellable, message_prepared,
                                         stream_ref (stream));
}

/* Choosing the pod */

gboolean
kube_pod_is_ready (JsonNode *pod)
{
  JsonObject *metadata = kube_json_path_object (pod, "metadata", NULL);
  JsonObject *status = kube_json_path_object (pod, "status", NULL);
  JsonArray *conditions;

  if (metadata == NULL || status == NULL)
    return FALSE;

  if (json_object_has_member (metadata, "deletionTimestamp")
      && !JSON_NODE_HOLDS_NULL (json_object_get_member (metadata, "deletionTimestamp")))
    return FALSE;

  if (g_strcmp0 (kube_json_get_string (status, "phase"), "Running") != 0)
    return FALSE;

  conditions = kube_json_get_array (status, "conditions");
  for (guint i = 0; conditions != NULL && i < json_array_get_length (conditions); i++)
    {
      JsonObject *condition = kube_json_object (json_array_get_element (conditions, i));

      if (condition != NULL
          && g_strcmp0 (kube_json_get_string (condition, "type"), "Ready") == 0)
        return g_strcmp0 (kube_json_get_string (condition, "status"), "True") == 0;
    }

  return FALSE;
}

/* Hands the waiting streams their pod, or @error. */
static void
release_waiting (KubePortForward *self,
                 const GError    *error)
{
  g_autoptr(GPtrArray) waiting = NULL;

  /* Held here, since failing one stream frees it. */
  waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) stream_unref);
  for (guint i = 0; i < self->waiting->len; i++)
    g_ptr_array_add (waiting, stream_ref (self->waiting->pdata[i]));
  g_ptr_array_set_size (self->waiting, 0);

  for (guint i = 0; i < waiting->len; i++)
    {
      Stream *stream = waiting->pdata[i];

      if (stream->finished)
        continue;

      if (error != NULL)
        stream_fail (stream, (GError *) error);
      else
        stream_connect (stream);
    }
}

static void
pods_listed (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  KubePortForward *self = user_data;
  g_autoptr(KubeList) list = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *chosen = NULL;

  list = kube_client_list_finish (KUBE_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->pod_state = POD_NONE;
  if (list == NULL)
    {
      g_prefix_error (&error, "The pods to forward to could not be listed: ");
      release_waiting (self, error);
      return;
    }

  /* The first Ready one by name, so that the choice is the same from one time to the next. */
  for (guint i = 0; i < list->items->len; i++)
    {
      JsonNode *pod = list->items->pdata[i];
      const char *name = kube_json_path_string (pod, "metadata", "name", NULL);

      if (name == NULL || !kube_pod_is_ready (pod))
        continue;

      if (chosen == NULL
          || strcmp (name, kube_json_path_string (chosen, "metadata", "name", NULL)) < 0)
        chosen = pod;
    }

  if (chosen == NULL)
    {
      g_set_error (&error, KUBE_ERROR, KUBE_ERROR_NOT_FOUND,
                   "No pod matching “%s” in namespace “%s” is Ready",
                   self->label_selector ? self->label_selector : "", self->namespace);
      release_waiting (self, error);
      return;
    }

  self->pod_state = POD_CHOSEN;
  self->pod_name = g_strdup (kube_json_path_string (chosen, "metadata", "name", NULL));
  self->pod_uid = g_strdup (kube_json_path_string (chosen, "metadata", "uid", NULL));
  g_debug ("Port-forward to %s: pod %s", self->namespace, self->pod_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POD_NAME]);

  release_waiting (self, NULL);
}

static void
choose_pod (KubePortForward *self)
{
  KubeListOptions options = { 0 };

  self->pod_state = POD_CHOOSING;
  options.label_selector = self->label_selector;
  options.field_selector = self->field_selector;
  kube_client_list_async (self->client, kube_resource_type_get (KUBE_RESOURCE_PODS),
                          self->namespace, &options, self->cancellable, pods_listed, self);
}

static void
pod_checked (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  KubePortForward *self = user_data;
  g_autoptr(JsonNode) pod = NULL;
  g_autoptr(GError) error = NULL;

  pod = kube_client_get_finish (KUBE_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A stream's error channel gave up on the pod while it was being looked at. */
  if (self->pod_state != POD_CHECKING)
    {
      if (self->pod_state == POD_NONE && self->waiting->len > 0)
        choose_pod (self);
      return;
    }

  /* A network failure says nothing about the pod: keep it, the next stream will tell. */
  if (pod != NULL
      ? (kube_pod_is_ready (pod)
         && g_strcmp0 (kube_json_path_string (pod, "metadata", "uid", NULL),
                       self->pod_uid) == 0)
      : !g_error_matches (error, KUBE_ERROR, KUBE_ERROR_NOT_FOUND))
    {
      self->pod_state = POD_CHOSEN;
      release_waiting (self, NULL);
      return;
    }

  forget_pod (self, NULL);
  if (self->waiting->len > 0)
    choose_pod (self);
}

/* Looks again at the chosen pod, if it is still the one with @uid. */
static void
check_pod (KubePortForward *self,
           const char      *uid)
{
  if (self->pod_state != POD_CHOSEN || g_strcmp0 (uid, self->pod_uid) != 0)
    return;

  self->pod_state = POD_CHECKING;
  kube_client_get_async (self->client, kube_resource_type_get (KUBE_RESOURCE_PODS),
                         self->namespace, self->pod_name, self->cancellable, pod_checked, self);
}

static void
request_pod (KubePortForward *self,
             Stream          *stream)
{
  if (self->pod_state == POD_CHOSEN)
    {
      stream_connect (stream);
      return;
    }

  g_ptr_array_add (self->waiting, stream);
  if (self->pod_state == POD_NONE)
    choose_pod (self);
}

/* Lets the chosen pod go when @pod (an update of it, or a pod of its name) says it should
 * take no more traffic. */
static void
review_pod (KubePortForward *self,
            JsonNode        *pod,
            gboolean         deleted)
{
  const char *name = kube_json_path_string (pod, "metadata", "name", NULL);
  const char *uid = kube_json_path_string (pod, "metadata", "uid", NULL);

  if (self->pod_name == NULL || g_strcmp0 (name, self->pod_name) != 0)
    return;

  if (deleted || g_strcmp0 (uid, self->pod_uid) != 0 || !kube_pod_is_ready (pod))
    forget_pod (self, NULL);
}

static void
on_pod_event (KubeWatch          *watch,
              KubeWatchEventType  type,
              JsonNode           *object,
              gpointer            user_data)
{
  KubePortForward *self = user_data;

  if (type == KUBE_WATCH_EVENT_ADDED || type == KUBE_WATCH_EVENT_MODIFIED
      || type == KUBE_WATCH_EVENT_DELETED)
    review_pod (self, object, type == KUBE_WATCH_EVENT_DELETED);
}

static void
on_pods_synced (KubeWatch *watch,
                KubeList  *list,
                gpointer   user_data)
{
  KubePortForward *self = user_data;
  gboolean found = FALSE;

  if (self->pod_name == NULL)
    return;

  for (guint i = 0; i < list->items->len; i++)
    {
      JsonNode *pod = list->items->pdata[i];

      if (g_strcmp0 (kube_json_path_string (pod, "metadata", "name", NULL),
                     self->pod_name) == 0)
        {
          found = TRUE;
          review_pod (self, pod, FALSE);
        }
    }

  if (!found)
    forget_pod (self, NULL);
}

static void
on_watch_error (KubeWatch    *watch,
                const GError *error,
                gpointer      user_data)
{
  /* The watch retries by itself; the pod is still checked when its streams end. */
  g_debug ("Port-forward: the watch of its pods failed: %s", error->message);
}

/* The listener */

static gboolean
idle_timeout_reached (gpointer user_data)
{
  KubePortForward *self = user_data;

  self->idle_source = 0;
  g_debug ("Port-forward on 127.0.0.1:%u unused for %u ms: closing", self->local_port,
           self->idle_timeout_ms);
  kube_port_forward_close (self);
  return G_SOURCE_REMOVE;
}

static void
update_idle (KubePortForward *self)
{
  if (self->closed || !self->started)
    return;

  if (self->streams->len > 0 || self->idle_timeout_ms == 0)
    g_clear_handle_id (&self->idle_source, g_source_remove);
  else if (self->idle_source == 0)
    self->idle_source = g_timeout_add (self->idle_timeout_ms, idle_timeout_reached, self);
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  KubePortForward *self = user_data;
  Stream *stream;

  if (self->closed)
    return FALSE;

  stream = stream_new (self, connection);
  g_ptr_array_add (self->streams, stream);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CONNECTIONS]);
  update_idle (self);

  request_pod (self, stream);
  return TRUE;
}

/* Stops everything; TRUE if it was running. */
static gboolean
shut_down (KubePortForward *self)
{
  g_autoptr(GPtrArray) streams = NULL;

  if (self->closed)
    return FALSE;

  self->closed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->idle_source, g_source_remove);

  if (self->watch != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->watch, self);
      kube_watch_stop (self->watch);
    }

  if (self->service != NULL)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
      g_signal_handlers_disconnect_by_data (self->service, self);
    }

  streams = g_ptr_array_new_with_free_func ((GDestroyNotify) stream_unref);
  for (guint i = 0; i < self->streams->len; i++)
    g_ptr_array_add (streams, stream_ref (self->streams->pdata[i]));
  for (guint i = 0; i < streams->len; i++)
    stream_finish (streams->pdata[i]);

  return self->started;
}

static void
kube_port_forward_dispose (GObject *object)
{
  KubePortForward *self = KUBE_PORT_FORWARD (object);

  shut_down (self);
  g_clear_object (&self->watch);
  g_clear_object (&self->service);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (kube_port_forward_parent_class)->dispose (object);
}

static void
kube_port_forward_finalize (GObject *object)
{
  KubePortForward *self = KUBE_PORT_FORWARD (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->streams, g_ptr_array_unref);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  g_free (self->namespace);
  g_free (self->label_selector);
  g_free (self->field_selector);
  g_free (self->pod_name);
  g_free (self->pod_uid);

  G_OBJECT_CLASS (kube_port_forward_parent_class)->finalize (object);
}

static void
kube_port_forward_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KubePortForward *self = KUBE_PORT_FORWARD (object);

  switch (prop_id)
    {
    case PROP_LOCAL_PORT:
      g_value_set_uint (value, self->local_port);
      break;

    case PROP_POD_NAME:
      g_value_set_string (value, self->pod_name);
      break;

    case PROP_N_CONNECTIONS:
      g_value_set_uint (value, self->streams->len);
      break;

    case PROP_CLOSED:
      g_value_set_boolean (value, self->closed);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kube_port_forward_class_init (KubePortForwardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kube_port_forward_dispose;
  object_class->finalize = kube_port_forward_finalize;
  object_class->get_property = kube_port_forward_get_property;

  properties[PROP_LOCAL_PORT] =
    g_param_spec_uint ("local-port", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POD_NAME] =
    g_param_spec_string ("pod-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_CONNECTIONS] =
    g_param_spec_uint ("n-connections", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLOSED] =
    g_param_spec_boolean ("closed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_STREAM_ERROR] =
    g_signal_new ("stream-error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[SIGNAL_CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
kube_port_forward_init (KubePortForward *self)
{
  self->idle_timeout_ms = DEFAULT_IDLE_TIMEOUT_MS;
  self->cancellable = g_cancellable_new ();
  self->streams = g_ptr_array_new_with_free_func ((GDestroyNotify) stream_unref);
  self->waiting = g_ptr_array_new ();
}

KubePortForward *
kube_port_forward_new (KubeClient *client,
                       const char *namespace,
                       const char *label_selector,
                       const char *field_selector,
                       guint16     remote_port)
{
  KubePortForward *self;

  g_return_val_if_fail (KUBE_IS_CLIENT (client), NULL);
  g_return_val_if_fail (namespace != NULL && namespace[0] != '\0', NULL);
  g_return_val_if_fail (remote_port > 0, NULL);

  self = g_object_new (KUBE_TYPE_PORT_FORWARD, NULL);
  self->client = g_object_ref (client);
  self->namespace = g_strdup (namespace);
  self->label_selector = g_strdup (label_selector);
  self->field_selector = g_strdup (field_selector);
  self->remote_port = remote_port;

  return self;
}

void
kube_port_forward_set_idle_timeout (KubePortForward *self,
                                    guint            milliseconds)
{
  g_return_if_fail (KUBE_IS_PORT_FORWARD (self));

  self->idle_timeout_ms = milliseconds;
  g_clear_handle_id (&self->idle_source, g_source_remove);
  update_idle (self);
}

gboolean
kube_port_forward_start (KubePortForward  *self,
                         GError          **error)
{
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (KUBE_IS_PORT_FORWARD (self), FALSE);
  g_return_val_if_fail (!self->started && !self->closed, FALSE);

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, 0);
  self->service = g_socket_service_new ();

  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                      &effective, &local_error))
    {
      g_set_error (error, KUBE_ERROR, KUBE_ERROR_NETWORK,
                   "Could not listen on 127.0.0.1 for the port-forward: %s",
                   local_error->message);
      g_clear_object (&self->service);
      return FALSE;
    }

  self->local_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (self->service, "incoming", G_CALLBACK (on_incoming), self);
  g_socket_service_start (self->service);
  self->started = TRUE;

  self->watch = kube_watch_new (self->client, kube_resource_type_get (KUBE_RESOURCE_PODS),
                                self->namespace, self->label_selector, self->field_selector);
  g_signal_connect (self->watch, "event", G_CALLBACK (on_pod_event), self);
  g_signal_connect (self->watch, "synced", G_CALLBACK (on_pods_synced), self);
  g_signal_connect (self->watch, "error", G_CALLBACK (on_watch_error), self);
  kube_watch_start (self->watch);

  g_debug ("Port-forward: 127.0.0.1:%u to port %u of a pod in %s", self->local_port,
           self->remote_port, self->namespace);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCAL_PORT]);
  update_idle (self);

  return TRUE;
}

void
kube_port_forward_close (KubePortForward *self)
{
  g_return_if_fail (KUBE_IS_PORT_FORWARD (self));

  if (!shut_down (self))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLOSED]);
  g_signal_emit (self, signals[SIGNAL_CLOSED], 0);
}

guint16
kube_port_forward_get_local_port (KubePortForward *self)
{
  g_return_val_if_fail (KUBE_IS_PORT_FORWARD (self), 0);

  return self->local_port;
}

guint16
kube_port_forward_get_remote_port (KubePortForward *self)
{
  g_return_val_if_fail (KUBE_IS_PORT_FORWARD (self), 0);

  return self->remote_port;
}

const char *
kube_port_forward_get_namespace (KubePortForward *self)
{
  g_return_val_if_fail (KUBE_IS_PORT_FORWARD (self), NULL);

  return self->namespace;
}

const char *
kube_port_forward_get_pod_name (KubePortForward *self)
{
  g_return_val_if_fail (KUBE_IS_PORT_FORWARD (self), NULL);

  return self->pod_name;
}

guint
kube_port_forward_get_n_connections (KubePortForward *self)
{
  g_return_val_if_fail (KUBE_IS_PORT_FORWARD (self), 0);

  return self->streams->len;
}

gboolean
kube_port_forward_get_closed (KubePortForward *self)
{
  g_return_val_if_fail (KUBE_IS_PORT_FORWARD (self), FALSE);

  return self->closed;
}
