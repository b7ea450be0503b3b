/* kube-watch.c: list-then-watch of one kind, resumed, relisted and reconnected as needed
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A KubeWatch lists (all pages), reports the list, then watches from the list's
 * resourceVersion.  Events are read from the chunked body as they arrive and decoded even
 * when a read splits them; BOOKMARK events only move the resourceVersion on.  When the server
 * closes the stream (it does, after timeoutSeconds), the watch resumes from the last version
 * it saw; when that version is too old (410 Gone, in the answer or as an ERROR event), it
 * lists again; when the connection fails, it reconnects after an exponential backoff with
 * jitter.  A stream that stays silent too long is taken for dead.
 *
 * Pending operations do not hold a reference on the watch: dispose cancels them, and every
 * callback returns at once on cancellation without touching the object.
 */

#include "kube-watch.h"
#include "kube-json.h"
#include "kube-util.h"

#include <string.h>

#define MAX_EVENT_SIZE ((gsize) 16 * 1024 * 1024)
#define THREAD_PARSE_THRESHOLD (64 * 1024)
#define READ_CHUNK (64 * 1024)
#define DEFAULT_BACKOFF_INITIAL_MS 500
#define DEFAULT_BACKOFF_MAX_MS 30000
#define SILENCE_MARGIN_SECONDS 30

/* Decoder */

/* json-glib's parser recurses; a server must not be able to exhaust the stack. */
#define MAX_DEPTH 256

struct _KubeWatchDecoder
{
  GByteArray *buffer;     /* bytes of the object being read */
  gsize       max_size;
  guint       depth;
  char        open[MAX_DEPTH];  /* the bracket opened at each depth */
  gboolean    in_string;
  gboolean    escaped;
};

KubeWatchDecoder *
kube_watch_decoder_new (gsize max_event_size)
{
  KubeWatchDecoder *decoder = g_new0 (KubeWatchDecoder, 1);

  decoder->buffer = g_byte_array_new ();
  decoder->max_size = max_event_size ? max_event_size : MAX_EVENT_SIZE;
  return decoder;
}

void
kube_watch_decoder_free (KubeWatchDecoder *decoder)
{
  if (decoder == NULL)
    return;

  g_byte_array_unref (decoder->buffer);
  g_free (decoder);
}

gboolean
kube_watch_decoder_feed (KubeWatchDecoder  *decoder,
                         const char        *data,
                         gsize              length,
                         GPtrArray         *frames,
                         GError           **error)
{
  gsize start = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (decoder->depth == 0)
        {
          if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;

          if (c != '{')
            {
              g_set_error (error, KUBE_ERROR, KUBE_ERROR_PROTOCOL,
                           "The server sent a watch stream that is not a series of JSON "
                           "objects (unexpected byte 0x%02x)", (guchar) c);
              return FALSE;
            }

          start = i;
          decoder->depth = 1;
          decoder->open[0] = '{';
          decoder->in_string = FALSE;
          decoder->escaped = FALSE;
          g_byte_array_set_size (decoder->buffer, 0);
          continue;
        }

      if (decoder->in_string)
        {
          if (decoder->escaped)
            decoder->escaped = FALSE;
          else if (c == '\\')
            decoder->escaped = TRUE;
          else if (c == '"')
            decoder->in_string = FALSE;
        }
      else if (c == '"')
        decoder->in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (decoder->depth == MAX_DEPTH)
            {
              g_set_error (error, KUBE_ERROR, KUBE_ERROR_PROTOCOL,
                           "The server sent a watch event nested more than %d levels deep",
                           MAX_DEPTH);
              goto fail;
            }
          decoder->open[decoder->depth++] = c;
        }
      else if (c == '}' || c == ']')
        {
          if (decoder->open[decoder->depth - 1] != (c == '}' ? '{' : '['))
            {
              g_set_error_literal (error, KUBE_ERROR, KUBE_ERROR_PROTOCOL,
                                   "The server sent a watch event that is not valid JSON "
                                   "(mismatched brackets)");
              goto fail;
            }
          decoder->depth--;
        }

      if (decoder->depth == 0)
        {
          gsize piece = i + 1 - start;

          if (decoder->buffer->len + piece > decoder->max_size)
            goto too_large;

          g_byte_array_append (decoder->buffer, (const guint8 *) data + start, (guint) piece);
          g_ptr_array_add (frames, g_bytes_new (decoder->buffer->data, decoder->buffer->len));
          g_byte_array_set_size (decoder->buffer, 0);
        }
    }

  /* Keep the unfinished object's bytes for the next read. */
  if (decoder->depth > 0)
    {
      gsize piece = length - start;

      if (decoder->buffer->len + piece > decoder->max_size)
        goto too_large;

      g_byte_array_append (decoder->buffer, (const guint8 *) data + start, (guint) piece);
    }

  return TRUE;

too_large:
  g_set_error (error, KUBE_ERROR, KUBE_ERROR_TOO_LARGE,
               "The server sent a watch event larger than %" G_GSIZE_FORMAT " MiB",
               MAX (decoder->max_size / (1024 * 1024), 1));
fail:
  decoder->depth = 0;
  g_byte_array_set_size (decoder->buffer, 0);
  return FALSE;
}

static const char * const event_names[] = {
  [KUBE_WATCH_EVENT_ADDED] = "ADDED",
  [KUBE_WATCH_EVENT_MODIFIED] = "MODIFIED",
  [KUBE_WATCH_EVENT_DELETED] = "DELETED",
  [KUBE_WATCH_EVENT_BOOKMARK] = "BOOKMARK",
  [KUBE_WATCH_EVENT_ERROR] = "ERROR",
};

static gboolean
event_from_node (JsonNode            *root,
                 KubeWatchEventType  *type,
                 JsonNode           **object,
                 KubeStatus         **status,
                 GError             **error)
{
  JsonObject *event = kube_json_object (root);
  const char *name = kube_json_get_string (event, "type");
  JsonNode *member = event ? json_object_get_member (event, "object") : NULL;

  if (name == NULL || kube_json_object (member) == NULL)
    {
      g_set_error_literal (error, KUBE_ERROR, KUBE_ERROR_PROTOCOL,
                           "The server sent a watch event without a type or an object");
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (event_names); i++)
    {
      if (g_str_equal (name, event_names[i]))
        {
          *type = (KubeWatchEventType) i;
          if (object != NULL)
            *object = json_node_ref (member);
          if (status != NULL)
            *status = i == KUBE_WATCH_EVENT_ERROR ? kube_status_new_from_json (member) : NULL;
          return TRUE;
        }
    }

  g_set_error (error, KUBE_ERROR, KUBE_ERROR_PROTOCOL,
               "The server sent a watch event of unknown type “%s”", name);
  return FALSE;
}

gboolean
kube_watch_event_parse (const char          *data,
                        gsize                length,
                        KubeWatchEventType  *type,
                        JsonNode           **object,
                        KubeStatus         **status,
                        GError             **error)
{
  g_autoptr(JsonNode) root = kube_json_parse (data, length, "a watch event", error);

  if (root == NULL)
    return FALSE;

  return event_from_node (root, type, object, status, error);
}

/* The watch */

struct _KubeWatch
{
  GObject                 parent_instance;

  KubeClient             *client;
  const KubeResourceType *type;
  char                   *namespace;
  char                   *label_selector;
  char                   *field_selector;

  GCancellable           *cancellable;      /* everything; replaced on stop */
  GCancellable           *stream_cancellable;
  KubeWatchDecoder       *decoder;
  GInputStream           *stream;
  guint                   silence_source;
  guint                   silence_seconds;

  char                   *resource_version;
  gboolean                running;
  guint                   attempt;
  guint                   gone_in_row;
  guint                   backoff_initial_ms;
  guint                   backoff_max_ms;
  GRand                  *rand;
};

enum
{
  PROP_0,
  PROP_RUNNING,
  PROP_RESOURCE_VERSION,
  N_PROPS
};

enum
{
  SIGNAL_SYNCED,
  SIGNAL_EVENT,
  SIGNAL_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KubeWatch, kube_watch, G_TYPE_OBJECT)

static void relist (KubeWatch *self);
static void connect_stream (KubeWatch *self);

static void
close_stream (KubeWatch *self)
{
  g_clear_handle_id (&self->silence_source, g_source_remove);
  if (self->stream_cancellable != NULL)
    g_cancellable_cancel (self->stream_cancellable);
  g_clear_object (&self->stream_cancellable);
  g_clear_object (&self->stream);
  g_clear_pointer (&self->decoder, kube_watch_decoder_free);
}

static void
kube_watch_dispose (GObject *object)
{
  KubeWatch *self = KUBE_WATCH (object);

  close_stream (self);
  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (kube_watch_parent_class)->dispose (object);
}

static void
kube_watch_finalize (GObject *object)
{
  KubeWatch *self = KUBE_WATCH (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_free (self->namespace);
  g_free (self->label_selector);
  g_free (self->field_selector);
  g_free (self->resource_version);
  g_rand_free (self->rand);

  G_OBJECT_CLASS (kube_watch_parent_class)->finalize (object);
}

static void
kube_watch_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KubeWatch *self = KUBE_WATCH (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_RESOURCE_VERSION:
      g_value_set_string (value, self->resource_version);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kube_watch_class_init (KubeWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kube_watch_dispose;
  object_class->finalize = kube_watch_finalize;
  object_class->get_property = kube_watch_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESOURCE_VERSION] =
    g_param_spec_string ("resource-version", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SYNCED] =
    g_signal_new ("synced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, KUBE_TYPE_LIST | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT, JSON_TYPE_NODE | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
kube_watch_init (KubeWatch *self)
{
  self->cancellable = g_cancellable_new ();
  self->backoff_initial_ms = DEFAULT_BACKOFF_INITIAL_MS;
  self->backoff_max_ms = DEFAULT_BACKOFF_MAX_MS;
  self->rand = g_rand_new ();
}

KubeWatch *
kube_watch_new (KubeClient             *client,
                const KubeResourceType *type,
                const char             *namespace,
                const char             *label_selector,
                const char             *field_selector)
{
  KubeWatch *self;

  g_return_val_if_fail (KUBE_IS_CLIENT (client), NULL);
  g_return_val_if_fail (type != NULL, NULL);

  self = g_object_new (KUBE_TYPE_WATCH, NULL);
  self->client = g_object_ref (client);
  self->type = type;
  self->namespace = g_strdup (namespace);
  self->label_selector = g_strdup (label_selector);
  self->field_selector = g_strdup (field_selector);
  return self;
}

void
kube_watch_set_backoff (KubeWatch *self,
                        guint      initial_ms,
                        guint      max_ms,
                        guint32    seed)
{
  g_return_if_fail (KUBE_IS_WATCH (self));

  self->backoff_initial_ms = initial_ms;
  self->backoff_max_ms = max_ms;
  g_rand_set_seed (self->rand, seed);
}

gboolean
kube_watch_get_running (KubeWatch *self)
{
  g_return_val_if_fail (KUBE_IS_WATCH (self), FALSE);

  return self->running;
}

const char *
kube_watch_get_resource_version (KubeWatch *self)
{
  g_return_val_if_fail (KUBE_IS_WATCH (self), NULL);

  return self->resource_version;
}

static void
set_running (KubeWatch *self,
             gboolean   running)
{
  if (self->running == running)
    return;

  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
set_resource_version (KubeWatch  *self,
                      const char *resource_version)
{
  if (resource_version == NULL || g_strcmp0 (resource_version, self->resource_version) == 0)
    return;

  g_free (self->resource_version);
  self->resource_version = g_strdup (resource_version);
}

static void
emit_error (KubeWatch    *self,
            const GError *error)
{
  g_debug ("Watch of %s: %s", self->type->plural, error->message);
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
}

/* What to do after @error: relist on Gone, retry transient failures after a pause, stop on
 * the rest.  @then is what to retry. */
static void
retry_slept (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  KubeWatch *self = user_data;

  if (!kube_sleep_finish (result, NULL))
    return;

  if (self->resource_version == NULL)
    relist (self);
  else
    connect_stream (self);
}

static void
schedule_retry (KubeWatch    *self,
                const GError *error)
{
  guint delay = kube_backoff_delay (self->attempt, self->backoff_initial_ms,
                                    self->backoff_max_ms, self->rand);
  guint retry_after = kube_error_get_retry_after (error);

  /* The server's own Retry-After wins over a shorter backoff. */
  if (retry_after > 0)
    delay = MAX (delay, MIN (retry_after, 300) * 1000);

  self->attempt++;
  g_debug ("Watch of %s: trying again in %u ms", self->type->plural, delay);
  kube_sleep_async (delay, self->cancellable, retry_slept, self);
}

static void
handle_failure (KubeWatch    *self,
                const GError *error)
{
  close_stream (self);

  if (g_error_matches (error, KUBE_ERROR, KUBE_ERROR_GONE))
    {
      g_debug ("Watch of %s: resource version %s is gone, listing again",
               self->type->plural, self->resource_version);
      g_clear_pointer (&self->resource_version, g_free);

      /* A server that calls every version gone, even a fresh one, is not hammered. */
      if (self->gone_in_row++ > 0)
        schedule_retry (self, error);
      else
        relist (self);
      return;
    }

  emit_error (self, error);

  if (!kube_error_is_transient (error) && !g_error_matches (error, KUBE_ERROR, KUBE_ERROR_TOO_LARGE)
      && !g_error_matches (error, KUBE_ERROR, KUBE_ERROR_PROTOCOL))
    {
      set_running (self, FALSE);
      return;
    }

  /* A broken or odd stream is dropped and read again from the last version. */
  schedule_retry (self, error);
}

/* Events, once parsed, in order. */
static gboolean
dispatch_event (KubeWatch *self,
                JsonNode  *root)
{
  g_autoptr(JsonNode) object = NULL;
  g_autoptr(KubeStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  KubeWatchEventType type;

  if (!event_from_node (root, &type, &object, &status, &error))
    {
      handle_failure (self, error);
      return FALSE;
    }

  if (type == KUBE_WATCH_EVENT_ERROR)
    {
      g_autoptr(GError) status_error = kube_error_new_from_status (status, 0, NULL);

      /* An ERROR event without a Status says nothing: treat it as a broken stream. */
      if (status == NULL)
        status_error->code = KUBE_ERROR_PROTOCOL;
      else
        kube_error_set_retry_after (status_error, (guint) status->retry_after_seconds);

      handle_failure (self, status_error);
      return FALSE;
    }

  set_resource_version (self, kube_json_path_string (object, "metadata", "resourceVersion",
                                                     NULL));
  self->attempt = 0;
  self->gone_in_row = 0;

  if (type != KUBE_WATCH_EVENT_BOOKMARK)
    g_signal_emit (self, signals[SIGNAL_EVENT], 0, (int) type, object);

  return TRUE;
}

static void read_stream (KubeWatch *self);

typedef struct
{
  GPtrArray *frames;   /* GBytes */
  GPtrArray *nodes;    /* JsonNode, or NULL for a frame that did not parse */
  GError    *error;
} ParseBatch;

static void
parse_batch_free (ParseBatch *batch)
{
  g_ptr_array_unref (batch->frames);
  g_clear_pointer (&batch->nodes, g_ptr_array_unref);
  g_clear_error (&batch->error);
  g_free (batch);
}

static void
parse_frames (ParseBatch *batch)
{
  batch->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  for (guint i = 0; i < batch->frames->len; i++)
    {
      gsize length = 0;
      const char *data = g_bytes_get_data (g_ptr_array_index (batch->frames, i), &length);
      JsonNode *node = kube_json_parse (data, length, "a watch event", &batch->error);

      if (node == NULL)
        break;

      g_ptr_array_add (batch->nodes, node);
    }
}

static void
dispatch_batch (KubeWatch  *self,
                ParseBatch *batch)
{
  /* A signal handler may drop the last reference to the watch. */
  g_autoptr(KubeWatch) hold G_GNUC_UNUSED = g_object_ref (self);

  for (guint i = 0; i < batch->nodes->len; i++)
    {
      if (!dispatch_event (self, g_ptr_array_index (batch->nodes, i)))
        return;
    }

  if (batch->error != NULL)
    {
      handle_failure (self, batch->error);
      return;
    }

  read_stream (self);
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  parse_frames (task_data);
  g_task_return_boolean (task, TRUE);
}

static void
batch_parsed (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  KubeWatch *self = user_data;

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;

  dispatch_batch (self, g_task_get_task_data (G_TASK (result)));
}

static gboolean
stream_silent (gpointer user_data)
{
  KubeWatch *self = user_data;
  g_autoptr(GError) error = NULL;

  self->silence_source = 0;
  error = g_error_new (KUBE_ERROR, KUBE_ERROR_TIMEOUT,
                       "The watch of %s stayed silent for %u seconds", self->type->plural,
                       self->silence_seconds);
  handle_failure (self, error);
  return G_SOURCE_REMOVE;
}

static void
chunk_read (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  KubeWatch *self = user_data;
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) error = NULL;
  ParseBatch *batch;
  gsize length = 0;
  const char *data;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (chunk == NULL)
    {
      g_autoptr(GError) wrapped = g_error_new (KUBE_ERROR, KUBE_ERROR_NETWORK,
                                               "The watch of %s broke: %s",
                                               self->type->plural, error->message);

      handle_failure (self, wrapped);
      return;
    }

  data = g_bytes_get_data (chunk, &length);
  if (length == 0)
    {
      /* The server ended the watch (its timeout): resume from where it was. */
      g_debug ("Watch of %s: the server closed the stream at %s", self->type->plural,
               self->resource_version);
      close_stream (self);
      connect_stream (self);
      return;
    }

  g_clear_handle_id (&self->silence_source, g_source_remove);
  self->silence_source = g_timeout_add_seconds (self->silence_seconds, stream_silent, self);

  batch = g_new0 (ParseBatch, 1);
  batch->frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  if (!kube_watch_decoder_feed (self->decoder, data, length, batch->frames, &error))
    {
      parse_batch_free (batch);
      handle_failure (self, error);
      return;
    }

  if (length > THREAD_PARSE_THRESHOLD)
    {
      g_autoptr(GTask) task = g_task_new (NULL, self->stream_cancellable, batch_parsed, self);

      g_task_set_source_tag (task, parse_thread);
      g_task_set_task_data (task, batch, (GDestroyNotify) parse_batch_free);
      g_task_run_in_thread (task, parse_thread);
      return;
    }

  parse_frames (batch);
  dispatch_batch (self, batch);
  parse_batch_free (batch);
}

static void
read_stream (KubeWatch *self)
{
  if (self->stream == NULL)
    return;

  g_input_stream_read_bytes_async (self->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   self->stream_cancellable, chunk_read, self);
}

static void
stream_opened (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  KubeWatch *self = user_data;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = kube_client_request_stream_finish (KUBE_CLIENT (object), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (stream == NULL)
    {
      handle_failure (self, error);
      return;
    }

  self->stream = g_steal_pointer (&stream);
  self->decoder = kube_watch_decoder_new (MAX_EVENT_SIZE);
  self->silence_source = g_timeout_add_seconds (self->silence_seconds, stream_silent, self);
  read_stream (self);
}

static void
connect_stream (KubeWatch *self)
{
  g_autoptr(GString) path = g_string_new (NULL);
  g_autofree char *base = NULL;
  g_autofree char *timeout = NULL;
  guint timeout_seconds;
  KubeListOptions options = {
    .label_selector = self->label_selector,
    .field_selector = self->field_selector,
    .resource_version = self->resource_version,
  };

  close_stream (self);
  self->stream_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                           self->stream_cancellable, G_CONNECT_SWAPPED);

  /* The server ends the stream after this; spread reconnections of many watches. */
  timeout_seconds = (guint) g_rand_int_range (self->rand, 300, 600);
  self->silence_seconds = timeout_seconds + SILENCE_MARGIN_SECONDS;
  timeout = g_strdup_printf ("%u", timeout_seconds);

  base = kube_resource_type_list_path (self->type, self->namespace, &options);
  g_string_append (path, base);
  kube_path_append_param (path, "allowWatchBookmarks", "true");
  kube_path_append_param (path, "timeoutSeconds", timeout);
  kube_path_append_param (path, "watch", "true");

  kube_client_request_stream_async (self->client, "GET", path->str, "application/json",
                                    self->stream_cancellable, stream_opened, self);
}

static void
listed (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  KubeWatch *self = user_data;
  g_autoptr(KubeList) list = NULL;
  g_autoptr(GError) error = NULL;

  list = kube_client_list_finish (KUBE_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (list == NULL)
    {
      /* A Gone here is a stale continue token: list again from the start. */
      handle_failure (self, error);
      return;
    }

  self->attempt = 0;
  set_resource_version (self, list->resource_version);
  g_signal_emit (self, signals[SIGNAL_SYNCED], 0, list);

  if (self->running)
    connect_stream (self);
}

static void
relist (KubeWatch *self)
{
  KubeListOptions options = {
    .label_selector = self->label_selector,
    .field_selector = self->field_selector,
  };

  close_stream (self);
  kube_client_list_all_async (self->client, self->type, self->namespace, &options,
                              self->cancellable, listed, self);
}

void
kube_watch_start (KubeWatch *self)
{
  g_return_if_fail (KUBE_IS_WATCH (self));

  if (self->running)
    return;

  set_running (self, TRUE);
  self->attempt = 0;
  g_clear_pointer (&self->resource_version, g_free);
  relist (self);
}

void
kube_watch_stop (KubeWatch *self)
{
  g_return_if_fail (KUBE_IS_WATCH (self));

  close_stream (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_running (self, FALSE);
}
