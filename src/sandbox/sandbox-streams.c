/* sandbox-streams.c: pod logs, exec and port-forward
 *
 * Logs are an Open Distro node's console log in the image's log4j pattern
 * ("[time][LEVEL][component] [node] message"): the node's start as
 * sandbox-boot.c played it, then, while a followed pod lives, one line a
 * tick (what a healthy node logs, or why an unready one is still unready).
 * exec speaks the v5.channel.k8s.io WebSocket protocol (one channel byte,
 * then the payload; the exit status as a Status object on channel 3) and
 * simulates a handful of commands.
 * port-forward speaks v4.channel.k8s.io (and its base64 variant): two
 * channels per port, each opened by the port number as a little-endian u16,
 * and the data channel connected to a handler registered for that port, or
 * an error on the error channel when nothing listens there.
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gunixsocketaddress.h>
#include <string.h>
#include <sys/socket.h>

#include "sandbox-server-private.h"

#define DEFAULT_LOG_INTERVAL_MS 1000

static const SandboxResource *
pods_resource (void)
{
  return sandbox_resources_lookup ("", "v1", "pods");
}

static JsonArray *
get_array (JsonNode   *node,
           const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), parts[i]);
    }

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonNode *
find_container (JsonNode   *pod,
                const char *name)
{
  JsonArray *containers = get_array (pod, "spec.containers");

  for (guint i = 0; containers != NULL && i < json_array_get_length (containers); i++)
    {
      JsonNode *container = json_array_get_element (containers, i);

      if (name == NULL || g_strcmp0 (sandbox_object_get_string (container, "name"), name) == 0)
        return container;
    }

  return NULL;
}

static gboolean
is_elasticsearch (JsonNode *container)
{
  const char *image = sandbox_object_get_string (container, "image");

  return image != NULL && (strstr (image, "elasticsearch") != NULL
                           || strstr (image, "opensearch") != NULL);
}

/* Logs */

static const char * const startup_messages[][2] = {
  { "o.e.n.Node", "version[7.10.2], pid[1], build[oss/tar/747e1cc71def077253878a59143c1f785afa92b9/"
                  "2021-01-13T00:42:12.435326Z], OS[Linux/6.1.0-28-amd64/amd64], "
                  "JVM[AdoptOpenJDK/OpenJDK 64-Bit Server VM/15.0.1/15.0.1+9]" },
  { "o.e.n.Node", "JVM home [/usr/share/elasticsearch/jdk], using bundled JDK [true]" },
  { "o.e.p.PluginsService", "loaded plugin [opendistro_security]" },
  { "o.e.p.PluginsService", "loaded plugin [opendistro-job-scheduler]" },
  { "o.e.p.PluginsService", "loaded plugin [opendistro_alerting]" },
  { "o.e.p.PluginsService", "loaded plugin [opendistro_performance_analyzer]" },
  { "o.e.p.PluginsService", "loaded plugin [opendistro-sql]" },
  { "c.a.o.s.OpenDistroSecurityPlugin", "Clustername: demo" },
  { "c.a.o.s.s.DefaultOpenDistroSecurityKeyStore", "TLS Transport Client Provider : JDK" },
  { "c.a.o.s.s.DefaultOpenDistroSecurityKeyStore", "TLS HTTP Provider             : JDK" },
  { "o.e.d.DiscoveryModule", "using discovery type [zen] and seed hosts providers [settings]" },
  { "o.e.n.Node", "initialized" },
  { "o.e.n.Node", "starting ..." },
  { "o.e.t.TransportService", "publish_address {%s:9300}, bound_addresses {0.0.0.0:9300}" },
  { "o.e.c.s.ClusterApplierService", "master node changed {previous [], current "
                                     "[{elasticsearch-0}]}" },
  { "o.e.h.AbstractHttpServerTransport", "publish_address {%s:9200}, bound_addresses "
                                         "{0.0.0.0:9200}" },
  { "o.e.n.Node", "started" },
  { "c.a.o.s.c.ConfigurationRepository", "Node '%s' initialized" },
  { "o.e.c.r.a.AllocationService", "Cluster health status changed from [YELLOW] to [GREEN] "
                                   "(reason: [shards started [[.opendistro_security][0]]])." },
};

static const char * const follow_components[] = {
  "o.e.m.j.JvmGcMonitorService",
  "c.a.o.s.a.s.InternalESSink",
  "o.e.c.m.MetadataMappingService",
};

typedef struct
{
  SandboxServer     *server;
  SoupServerMessage *msg;
  char              *namespace_;
  char              *name;
  char              *uid;
  gboolean           elasticsearch;
  gboolean           timestamps;
  guint              counter;
  guint              timer_id;
  gulong             finished_handler;
} LogStream;

/* Adds "<RFC 3339 time> " in front of @line when the client asked for timestamps. */
static char *
with_timestamp (char      *line,
                GDateTime *time,
                gboolean   timestamps)
{
  g_autofree char *full = NULL;
  char *result;

  if (!timestamps)
    return line;

  full = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S.%f");
  result = g_strdup_printf ("%s000Z %s", full, line);
  g_free (line);
  return result;
}

static char *
log_line (const char *node_name,
          const char *level,
          const char *component,
          const char *message,
          GDateTime  *time,
          gboolean    elasticsearch,
          gboolean    timestamps)
{
  char *line;

  if (!elasticsearch)
    line = g_strdup_printf ("%s\n", message);
  else
    line = sandbox_boot_log_line (time, level, component, node_name, message);

  return with_timestamp (line, time, timestamps);
}

/* The time of a log4j line ("[2026-12-03T19:22:39,123][…"), or NULL for a line that
 * continues the one before (an exception's causes). */
static GDateTime *
line_time (const char *line)
{
  g_autofree char *iso = NULL;
  g_autoptr(GTimeZone) utc = NULL;

  if (line[0] != '[' || strlen (line) < 25 || line[24] != ']')
    return NULL;

  iso = g_strndup (line + 1, 23);
  iso[19] = '.';
  utc = g_time_zone_new_utc ();
  return g_date_time_new_from_iso8601 (iso, utc);
}

static GPtrArray *
history_lines (SandboxServer *self,
               JsonNode      *pod,
               gboolean       elasticsearch,
               gboolean       timestamps)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  const char *name = sandbox_object_get_string (pod, "metadata.name");
  const char *ip = sandbox_object_get_string (pod, "status.podIP") ?: "10.244.0.1";
  const char *start = sandbox_object_get_string (pod, "status.startTime");
  SandboxBoot *boot = sandbox_controller_get_boot (self->controller,
                                                   sandbox_object_get_string (pod,
                                                                              "metadata.uid"));
  g_autoptr(GDateTime) time = start ? g_date_time_new_from_iso8601 (start, NULL) : NULL;

  if (time == NULL)
    time = g_date_time_new_now_utc ();

  if (!elasticsearch)
    {
      g_ptr_array_add (lines, log_line (name, "INFO", "", "container started", time, FALSE,
                                        timestamps));
      return lines;
    }

  /* The node's own account of its start, when the kubelet started it. */
  if (boot != NULL && boot->search)
    {
      g_autoptr(GDateTime) last = g_date_time_ref (time);

      for (guint i = 0; i < boot->lines->len; i++)
        {
          const char *line = boot->lines->pdata[i];
          GDateTime *stamp = line_time (line);

          if (stamp != NULL)
            {
              g_date_time_unref (last);
              last = stamp;
            }
          g_ptr_array_add (lines, with_timestamp (g_strdup (line), last, timestamps));
        }
      return lines;
    }

  for (guint i = 0; i < G_N_ELEMENTS (startup_messages); i++)
    {
      g_autofree char *message = NULL;
      g_autoptr(GDateTime) when = g_date_time_add (time, (GTimeSpan) i * 137 * 1000);
      const char *format = startup_messages[i][1];

      if (strstr (format, "%s") != NULL)
        message = g_strdup_printf (strstr (format, "Node '") ? "Node '%s' initialized"
                                   : strstr (format, ":9300") ? "publish_address {%s:9300}, "
                                     "bound_addresses {0.0.0.0:9300}"
                                   : "publish_address {%s:9200}, bound_addresses "
                                     "{0.0.0.0:9200}",
                                   strstr (format, "Node '") ? name : ip);
      else
        message = g_strdup (format);

      g_ptr_array_add (lines, log_line (name, "INFO", startup_messages[i][0], message, when,
                                        TRUE, timestamps));
    }

  return lines;
}

static void
log_stream_free (LogStream *stream)
{
  g_clear_handle_id (&stream->timer_id, g_source_remove);
  g_free (stream->namespace_);
  g_free (stream->name);
  g_free (stream->uid);
  g_object_unref (stream->msg);
  g_free (stream);
}

static void
log_stream_end (LogStream *stream)
{
  g_clear_handle_id (&stream->timer_id, g_source_remove);
  soup_message_body_complete (soup_server_message_get_response_body (stream->msg));
  soup_server_message_unpause (stream->msg);
}

static void
on_log_finished (SoupServerMessage *msg,
                 LogStream         *stream)
{
  g_clear_signal_handler (&stream->finished_handler, msg);
  g_ptr_array_remove (stream->server->streams, stream);
  log_stream_free (stream);
}

static gboolean
on_log_tick (gpointer user_data)
{
  LogStream *stream = user_data;
  JsonNode *pod = sandbox_store_get (stream->server->store, pods_resource (),
                                     stream->namespace_, stream->name);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%Y.%m.%d");
  g_autofree char *message = NULL;
  g_autofree char *line = NULL;
  guint which = stream->counter % G_N_ELEMENTS (follow_components);
  const char *level = "INFO";
  const char *component = follow_components[which];
  SandboxBoot *boot;

  /* The stream ends when its container does: the pod is gone or replaced. */
  if (pod == NULL || g_strcmp0 (sandbox_object_get_string (pod, "metadata.uid"), stream->uid))
    {
      stream->timer_id = 0;
      log_stream_end (stream);
      return G_SOURCE_REMOVE;
    }

  boot = sandbox_controller_get_boot (stream->server->controller, stream->uid);
  stream->counter++;
  if (!stream->elasticsearch)
    message = g_strdup_printf ("heartbeat %u", stream->counter);
  else if (boot != NULL && boot->repeat_message != NULL)
    {
      /* A node that runs unready keeps saying why. */
      level = boot->repeat_level;
      component = boot->repeat_component;
      message = g_strdup (boot->repeat_message);
    }
  else if (which == 0)
    message = g_strdup_printf ("[gc][%u] overhead, spent [212ms] collecting in the last [1s]",
                               stream->counter);
  else if (which == 1)
    message = g_strdup_printf ("Audit log event stored in index [security-auditlog-%s]", date);
  else
    message = g_strdup_printf ("[security-auditlog-%s/Xk2tq9TQR2mLkqZ0m3x3xA] update_mapping "
                               "[_doc]", date);

  line = log_line (stream->name, level, component, message, now, stream->elasticsearch,
                   stream->timestamps);
  soup_message_body_append (soup_server_message_get_response_body (stream->msg),
                            SOUP_MEMORY_COPY, line, strlen (line));
  soup_server_message_unpause (stream->msg);

  return G_SOURCE_CONTINUE;
}

static gint64
restart_count (JsonNode *pod)
{
  JsonArray *statuses = get_array (pod, "status.containerStatuses");
  JsonNode *status;
  JsonNode *count;

  if (statuses == NULL || json_array_get_length (statuses) == 0)
    return 0;

  status = json_array_get_element (statuses, 0);
  if (!JSON_NODE_HOLDS_OBJECT (status))
    return 0;

  count = json_object_get_member (json_node_get_object (status), "restartCount");
  return count != NULL && json_node_get_value_type (count) == G_TYPE_INT64
         ? json_node_get_int (count) : 0;
}

void
sandbox_streams_log (SandboxServer     *self,
                     SoupServerMessage *msg,
                     SandboxRequest    *request,
                     JsonNode          *pod)
{
  const char *container_name = sandbox_request_query (request, "container");
  const char *tail_text = sandbox_request_query (request, "tailLines");
  gboolean timestamps = sandbox_request_query_true (request, "timestamps");
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autoptr(GPtrArray) lines = NULL;
  JsonNode *container = find_container (pod, container_name);
  guint64 tail = G_MAXUINT64;
  guint first = 0;
  LogStream *stream;
  SandboxBoot *boot;

  if (container == NULL)
    {
      g_autofree char *message = g_strdup_printf ("container %s is not valid for pod %s",
                                                  container_name ? container_name : "",
                                                  request->name);

      sandbox_server_send_status (msg, 400, "BadRequest", message, NULL, NULL);
      return;
    }

  if (sandbox_request_query_true (request, "previous") && restart_count (pod) == 0)
    {
      g_autofree char *message = g_strdup_printf ("previous terminated container \"%s\" in pod "
                                                  "\"%s\" not found",
                                                  sandbox_object_get_string (container, "name"),
                                                  request->name);

      sandbox_server_send_status (msg, 400, "BadRequest", message, NULL, NULL);
      return;
    }

  if (g_strcmp0 (sandbox_object_get_string (pod, "status.phase"), "Running") != 0)
    {
      g_autofree char *message = g_strdup_printf ("container \"%s\" in pod \"%s\" is waiting "
                                                  "to start: ContainerCreating",
                                                  sandbox_object_get_string (container, "name"),
                                                  request->name);

      sandbox_server_send_status (msg, 400, "BadRequest", message, NULL, NULL);
      return;
    }

  if (tail_text != NULL)
    g_ascii_string_to_unsigned (tail_text, 10, 0, G_MAXUINT64, &tail, NULL);

  lines = history_lines (self, pod, is_elasticsearch (container), timestamps);
  if (tail < lines->len)
    first = lines->len - (guint) tail;

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_content_type (headers, "text/plain", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  for (guint i = first; i < lines->len; i++)
    soup_message_body_append (body, SOUP_MEMORY_COPY, lines->pdata[i],
                              strlen (lines->pdata[i]));

  /* A previous container's log is complete: it cannot be followed; nor can the log of a
   * container that exited (a node that crashed at startup). */
  boot = sandbox_controller_get_boot (self->controller,
                                      sandbox_object_get_string (pod, "metadata.uid"));
  if (!sandbox_request_query_true (request, "follow")
      || sandbox_request_query_true (request, "previous")
      || (boot != NULL && boot->outcome == SANDBOX_BOOT_CRASHES))
    {
      soup_message_body_complete (body);
      return;
    }

  stream = g_new0 (LogStream, 1);
  stream->server = self;
  stream->msg = g_object_ref (msg);
  stream->namespace_ = g_strdup (request->namespace_);
  stream->name = g_strdup (request->name);
  stream->uid = g_strdup (sandbox_object_get_string (pod, "metadata.uid"));
  stream->elasticsearch = is_elasticsearch (container);
  stream->timestamps = timestamps;
  stream->timer_id = g_timeout_add (self->options.log_interval_ms > 0
                                    ? self->options.log_interval_ms
                                    : DEFAULT_LOG_INTERVAL_MS,
                                    on_log_tick, stream);
  stream->finished_handler = g_signal_connect (msg, "finished", G_CALLBACK (on_log_finished),
                                               stream);
  g_ptr_array_add (self->streams, stream);
}

void
sandbox_streams_close_all (SandboxServer *self)
{
  g_autoptr(GPtrArray) streams = g_ptr_array_copy (self->streams, NULL, NULL);

  for (guint i = 0; i < streams->len; i++)
    log_stream_end (streams->pdata[i]);
}

/* WebSocket channels */

static void
send_channel (SoupWebsocketConnection *connection,
              gboolean                 base64,
              guint8                   channel,
              const void              *data,
              gsize                    size)
{
  if (soup_websocket_connection_get_state (connection) != SOUP_WEBSOCKET_STATE_OPEN)
    return;

  if (base64)
    {
      g_autofree char *encoded = g_base64_encode (data, size);
      g_autofree char *text = g_strdup_printf ("%c%s", '0' + channel, encoded);

      soup_websocket_connection_send_text (connection, text);
    }
  else
    {
      g_autofree guint8 *frame = g_malloc (size + 1);

      frame[0] = channel;
      if (size > 0)
        memcpy (frame + 1, data, size);
      soup_websocket_connection_send_binary (connection, frame, size + 1);
    }
}

/* Closes @connection unless a close is already under way (from either side), which libsoup
 * would refuse with a critical warning. */
static void
close_websocket (SoupWebsocketConnection *connection,
                 gushort                  code,
                 const char              *reason)
{
  if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (connection, code, reason);
}

/* Query parameters in order, with repeats, which libsoup's decoded table would lose. */
static GPtrArray *
query_values (SoupServerMessage *msg,
              const char        *name)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_auto(GStrv) pairs = g_strsplit (query ? query : "", "&", -1);
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *equals = strchr (pairs[i], '=');
      g_autofree char *key = NULL;
      g_autofree char *plus = NULL;

      if (equals == NULL)
        continue;
      key = g_uri_unescape_segment (pairs[i], equals, NULL);
      if (g_strcmp0 (key, name) != 0)
        continue;

      plus = g_strdup (equals + 1);
      g_strdelimit (plus, "+", ' ');
      g_ptr_array_add (values, g_uri_unescape_string (plus, NULL));
    }

  return values;
}

/* exec */

typedef struct
{
  GString *out;
  GString *err;
  int      exit_code;
} ExecResult;

static const char *
config_file_for (SandboxServer *self,
                 JsonNode      *pod,
                 const char    *path)
{
  JsonNode *container = find_container (pod, NULL);
  JsonArray *mounts = get_array (container, "volumeMounts");
  JsonArray *volumes = get_array (pod, "spec.volumes");

  for (guint i = 0; mounts != NULL && i < json_array_get_length (mounts); i++)
    {
      JsonNode *mount = json_array_get_element (mounts, i);
      const char *mount_path = sandbox_object_get_string (mount, "mountPath");
      const char *sub_path = sandbox_object_get_string (mount, "subPath");
      const char *volume_name = sandbox_object_get_string (mount, "name");
      g_autofree char *key = NULL;

      if (mount_path == NULL || volume_name == NULL)
        continue;

      if (g_strcmp0 (mount_path, path) == 0 && sub_path != NULL)
        key = g_strdup (sub_path);
      else if (g_str_has_prefix (path, mount_path) && path[strlen (mount_path)] == '/')
        key = g_strdup (path + strlen (mount_path) + 1);
      else
        continue;

      for (guint j = 0; volumes != NULL && j < json_array_get_length (volumes); j++)
        {
          JsonNode *volume = json_array_get_element (volumes, j);
          const char *config_map = sandbox_object_get_string (volume, "configMap.name");
          JsonNode *object;
          JsonNode *data;

          if (g_strcmp0 (sandbox_object_get_string (volume, "name"), volume_name) != 0
              || config_map == NULL)
            continue;

          object = sandbox_store_get (self->store,
                                      sandbox_resources_lookup ("", "v1", "configmaps"),
                                      sandbox_object_get_string (pod, "metadata.namespace"),
                                      config_map);
          if (object == NULL)
            return NULL;

          data = json_object_get_member (json_node_get_object (object), "data");
          if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
            return NULL;

          return sandbox_json_string_member (json_node_get_object (data), key,
                                                             NULL);
        }
    }

  return NULL;
}

static void
run_command (SandboxServer *self,
             JsonNode      *pod,
             GStrv          argv,
             ExecResult    *result)
{
  const char *name = sandbox_object_get_string (pod, "metadata.name");
  const char *program = argv[0];

  if (program == NULL)
    {
      g_string_append (result->err, "no command given\n");
      result->exit_code = 126;
      return;
    }

  if (g_str_equal (program, "echo"))
    {
      for (guint i = 1; argv[i] != NULL; i++)
        g_string_append_printf (result->out, "%s%s", i > 1 ? " " : "", argv[i]);
      g_string_append_c (result->out, '\n');
    }
  else if (g_str_equal (program, "true"))
    ;
  else if (g_str_equal (program, "false"))
    result->exit_code = 1;
  else if (g_str_equal (program, "hostname"))
    g_string_append_printf (result->out, "%s\n", name);
  else if (g_str_equal (program, "pwd"))
    g_string_append (result->out, "/usr/share/elasticsearch\n");
  else if (g_str_equal (program, "env") || g_str_equal (program, "printenv"))
    {
      JsonArray *env = get_array (find_container (pod, NULL), "env");

      g_string_append (result->out,
                       "PATH=/usr/share/elasticsearch/bin:/usr/local/sbin:/usr/local/bin:"
                       "/usr/sbin:/usr/bin:/sbin:/bin\n");
      g_string_append_printf (result->out, "HOSTNAME=%s\n", name);
      for (guint i = 0; env != NULL && i < json_array_get_length (env); i++)
        {
          JsonNode *variable = json_array_get_element (env, i);
          const char *value = sandbox_object_get_string (variable, "value");
          const char *field = sandbox_object_get_string (variable, "valueFrom.fieldRef.fieldPath");

          if (value == NULL && field != NULL)
            value = sandbox_object_get_string (pod, field);
          g_string_append_printf (result->out, "%s=%s\n",
                                  sandbox_object_get_string (variable, "name") ?: "",
                                  value ? value : "");
        }
      g_string_append (result->out, "HOME=/usr/share/elasticsearch\n");
    }
  else if (g_str_equal (program, "ls"))
    {
      const char *path = argv[1] ? argv[1] : "/usr/share/elasticsearch";

      if (g_str_has_suffix (path, "/config") || g_str_has_suffix (path, "/config/"))
        g_string_append (result->out, "elasticsearch.yml\njvm.options\nlog4j2.properties\n"
                                      "elk-transport-crt.pem\n");
      else if (g_str_equal (path, "/usr/share/elasticsearch")
               || g_str_equal (path, "/usr/share/elasticsearch/"))
        g_string_append (result->out, "LICENSE.txt\nNOTICE.txt\nREADME.asciidoc\nbin\nconfig\n"
                                      "data\njdk\nlib\nlogs\nmodules\nperformance-analyzer-rca\n"
                                      "plugins\n");
      else if (g_str_equal (path, "/"))
        g_string_append (result->out, "bin\ndev\netc\nhome\nlib\nlib64\nproc\nroot\nrun\nsbin\n"
                                      "sys\ntmp\nusr\nvar\n");
      else
        {
          g_string_append_printf (result->err, "ls: cannot access '%s': No such file or "
                                               "directory\n", path);
          result->exit_code = 2;
        }
    }
  else if (g_str_equal (program, "cat"))
    {
      for (guint i = 1; argv[i] != NULL; i++)
        {
          const char *contents = NULL;

          if (g_str_equal (argv[i], "/etc/hostname"))
            {
              g_string_append_printf (result->out, "%s\n", name);
              continue;
            }

          if (g_str_has_prefix (argv[i], "/"))
            contents = config_file_for (self, pod, argv[i]);
          else
            {
              g_autofree char *full = g_strconcat ("/usr/share/elasticsearch/", argv[i], NULL);

              contents = config_file_for (self, pod, full);
            }

          if (contents != NULL)
            g_string_append (result->out, contents);
          else
            {
              g_string_append_printf (result->err, "cat: %s: No such file or directory\n",
                                      argv[i]);
              result->exit_code = 1;
            }
        }
    }
  else if ((g_str_equal (program, "sh") || g_str_equal (program, "bash")
            || g_str_equal (program, "/bin/sh") || g_str_equal (program, "/bin/bash"))
           && g_strcmp0 (argv[1], "-c") == 0 && argv[2] != NULL)
    {
      g_auto(GStrv) inner = NULL;
      guint64 code;

      if (!g_shell_parse_argv (argv[2], NULL, &inner, NULL))
        {
          g_string_append_printf (result->err, "%s: syntax error\n", program);
          result->exit_code = 2;
        }
      else if (g_str_equal (inner[0], "exit"))
        {
          if (inner[1] == NULL)
            result->exit_code = 0;
          else if (g_ascii_string_to_unsigned (inner[1], 10, 0, 255, &code, NULL))
            result->exit_code = (int) code;
          else
            {
              g_string_append_printf (result->err, "%s: exit: Illegal number: %s\n", program,
                                      inner[1]);
              result->exit_code = 2;
            }
        }
      else
        run_command (self, pod, inner, result);
    }
  else
    {
      g_string_append_printf (result->err, "sh: %s: command not found\n", program);
      result->exit_code = 127;
    }
}

static void
on_closed_unref (SoupWebsocketConnection *connection,
                 gpointer                 user_data)
{
  g_object_unref (connection);
}

static void
send_exit_status (SoupWebsocketConnection *connection,
                  const char              *command,
                  int                      exit_code)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) status = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "metadata");
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, exit_code == 0 ? "Success" : "Failure");

  if (exit_code != 0)
    {
      g_autofree char *message = g_strdup_printf ("command terminated with non-zero exit code: "
                                                  "error executing command [%s], exit code %d",
                                                  command, exit_code);
      g_autofree char *code = g_strdup_printf ("%d", exit_code);

      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, message);
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, "NonZeroExitCode");
      json_builder_set_member_name (builder, "details");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "causes");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, "ExitCode");
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, code);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);
  status = json_builder_get_root (builder);
  text = sandbox_json_to_string (status);

  send_channel (connection, FALSE, 3, text, strlen (text));
  close_websocket (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
}

/* `cat` with stdin: what arrives on channel 0 goes back on channel 1 until the client closes
 * stdin (the v5 message ff 00). */
static void
on_stdin_message (SoupWebsocketConnection *connection,
                  int                      type,
                  GBytes                  *message,
                  gpointer                 user_data)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (message, &size);

  if (size >= 2 && data[0] == 0xff && data[1] == 0)
    send_exit_status (connection, "cat", 0);
  else if (size > 1 && data[0] == 0)
    send_channel (connection, FALSE, 1, data + 1, size - 1);
}

static void
handle_exec (SandboxServer           *self,
             SoupServerMessage       *msg,
             SoupWebsocketConnection *connection,
             JsonNode                *pod)
{
  g_autoptr(GPtrArray) command = query_values (msg, "command");
  g_autoptr(GPtrArray) stdin_values = query_values (msg, "stdin");
  g_autofree char *joined = NULL;
  gboolean with_stdin = stdin_values->len > 0 && (g_str_equal (stdin_values->pdata[0], "true")
                                                  || g_str_equal (stdin_values->pdata[0], "1"));
  ExecResult result = { g_string_new (NULL), g_string_new (NULL), 0 };

  g_ptr_array_add (command, NULL);
  joined = g_strjoinv (" ", (GStrv) command->pdata);

  if (with_stdin && command->len == 2 && g_str_equal (command->pdata[0], "cat"))
    {
      g_signal_connect (connection, "message", G_CALLBACK (on_stdin_message), NULL);
      g_string_free (result.out, TRUE);
      g_string_free (result.err, TRUE);
      return;
    }

  run_command (self, pod, (GStrv) command->pdata, &result);

  if (result.out->len > 0)
    send_channel (connection, FALSE, 1, result.out->str, result.out->len);
  if (result.err->len > 0)
    send_channel (connection, FALSE, 2, result.err->str, result.err->len);
  send_exit_status (connection, joined, result.exit_code);

  g_string_free (result.out, TRUE);
  g_string_free (result.err, TRUE);
}

/* port-forward */

typedef struct
{
  SoupWebsocketConnection *connection;
  gboolean                 base64;
  guint8                   channel;
  GIOStream               *local;      /* our end of the socket pair */
  GCancellable            *cancellable;
  GQueue                   pending;    /* GBytes from the client, not yet written */
  gboolean                 writing;
  guint8                   buffer[16384];
} Forward;

typedef struct
{
  Forward *forward;
  GBytes  *bytes;
} ForwardWrite;

static void
forward_free (Forward *forward)
{
  g_cancellable_cancel (forward->cancellable);
  g_clear_object (&forward->cancellable);
  if (forward->local != NULL)
    g_io_stream_close (forward->local, NULL, NULL);
  g_clear_object (&forward->local);
  g_clear_object (&forward->connection);
  g_queue_clear_full (&forward->pending, (GDestroyNotify) g_bytes_unref);
  g_free (forward);
}

static void write_next (Forward *forward);

static void
on_local_written (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ForwardWrite *write = user_data;
  Forward *forward = write->forward;
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error);
  g_bytes_unref (write->bytes);
  g_free (write);

  /* Cancelled: the forward is gone already. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  forward->writing = FALSE;
  if (error != NULL)
    {
      close_websocket (forward->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      return;
    }

  write_next (forward);
}

/* Writes what the client sent to the handler, one piece at a time and without blocking: the
 * handler runs on this same main loop. */
static void
write_next (Forward *forward)
{
  ForwardWrite *write;
  gsize size;
  const void *data;

  if (forward->writing || g_queue_is_empty (&forward->pending))
    return;

  write = g_new0 (ForwardWrite, 1);
  write->forward = forward;
  write->bytes = g_queue_pop_head (&forward->pending);
  data = g_bytes_get_data (write->bytes, &size);
  forward->writing = TRUE;
  g_output_stream_write_all_async (g_io_stream_get_output_stream (forward->local), data, size,
                                   G_PRIORITY_DEFAULT, forward->cancellable, on_local_written,
                                   write);
}

static void
on_local_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Forward *forward = user_data;
  g_autoptr(GError) error = NULL;
  gssize size = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (size <= 0)
    {
      /* The handler closed its end: the forwarded connection is over. */
      close_websocket (forward->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      return;
    }

  send_channel (forward->connection, forward->base64, forward->channel, forward->buffer, size);
  g_input_stream_read_async (g_io_stream_get_input_stream (forward->local), forward->buffer,
                             sizeof forward->buffer, G_PRIORITY_DEFAULT, forward->cancellable,
                             on_local_read, forward);
}

static void
on_forward_message (SoupWebsocketConnection *connection,
                    int                      type,
                    GBytes                  *message,
                    Forward                 *forward)
{
  g_autofree guchar *decoded = NULL;
  const guint8 *data;
  gsize size;
  guint8 channel;

  data = g_bytes_get_data (message, &size);
  if (size < 1)
    return;

  if (forward->base64)
    {
      g_autofree char *text = g_strndup ((const char *) data + 1, size - 1);

      channel = data[0] - '0';
      decoded = g_base64_decode (text, &size);
      data = decoded;
    }
  else
    {
      channel = data[0];
      data++;
      size--;
    }

  if (channel != forward->channel || size == 0)
    return;

  g_queue_push_tail (&forward->pending, g_bytes_new (data, size));
  write_next (forward);
}

static GIOStream *
socket_stream_from_fd (int      fd,
                       GError **error)
{
  g_autoptr(GSocket) socket = g_socket_new_from_fd (fd, error);

  if (socket == NULL)
    return NULL;

  return G_IO_STREAM (g_socket_connection_factory_create_connection (socket));
}

static void
on_forward_closed (SoupWebsocketConnection *connection,
                   Forward                 *forward)
{
  forward_free (forward);
}

static void
handle_portforward (SandboxServer           *self,
                    SoupServerMessage       *msg,
                    SoupWebsocketConnection *connection,
                    JsonNode                *pod)
{
  g_autoptr(GPtrArray) values = query_values (msg, "ports");
  g_autoptr(GArray) ports = g_array_new (FALSE, FALSE, sizeof (guint16));
  const char *protocol = soup_websocket_connection_get_protocol (connection);
  gboolean base64 = g_strcmp0 (protocol, "v4.base64.channel.k8s.io") == 0;
  gboolean connected = FALSE;

  for (guint i = 0; i < values->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (values->pdata[i], ",", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        {
          guint64 port;

          if (g_ascii_string_to_unsigned (parts[j], 10, 1, 65535, &port, NULL))
            {
              guint16 value = (guint16) port;

              g_array_append_val (ports, value);
            }
        }
    }

  if (ports->len == 0)
    {
      const char *text = "query parameter \"ports\" is required";

      send_channel (connection, base64, 1, text, strlen (text));
      close_websocket (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      return;
    }

  for (guint i = 0; i < ports->len; i++)
    {
      guint16 port = g_array_index (ports, guint16, i);
      guint8 prefix[2] = { port & 0xff, port >> 8 };

      send_channel (connection, base64, 2 * i, prefix, 2);
      send_channel (connection, base64, 2 * i + 1, prefix, 2);
    }

  for (guint i = 0; i < ports->len; i++)
    {
      guint16 port = g_array_index (ports, guint16, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(GIOStream) remote = NULL;
      Forward *forward;
      int fds[2];

      if (!g_hash_table_contains (self->port_handlers, GUINT_TO_POINTER ((guint) port)))
        {
          g_autofree char *text = g_strdup_printf (
            "error forwarding port %u to pod %s, uid : failed to connect to localhost:%u "
            "inside namespace \"%s\": connection refused",
            port, sandbox_object_get_string (pod, "metadata.name"), port,
            sandbox_object_get_string (pod, "metadata.namespace"));

          send_channel (connection, base64, 2 * i + 1, text, strlen (text));
          continue;
        }

      if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
        continue;

      forward = g_new0 (Forward, 1);
      forward->connection = g_object_ref (connection);
      forward->base64 = base64;
      forward->channel = 2 * i;
      forward->cancellable = g_cancellable_new ();
      forward->local = socket_stream_from_fd (fds[0], &error);
      remote = socket_stream_from_fd (fds[1], &error);
      if (forward->local == NULL || remote == NULL)
        {
          forward_free (forward);
          continue;
        }

      g_signal_connect (connection, "message", G_CALLBACK (on_forward_message), forward);
      g_signal_connect (connection, "closed", G_CALLBACK (on_forward_closed), forward);
      g_input_stream_read_async (g_io_stream_get_input_stream (forward->local), forward->buffer,
                                 sizeof forward->buffer, G_PRIORITY_DEFAULT,
                                 forward->cancellable, on_local_read, forward);
      sandbox_server_call_port_handler (self, port, pod, remote);
      connected = TRUE;
    }

  if (!connected)
    close_websocket (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
}

void
sandbox_streams_websocket (SoupServer              *server,
                           SoupServerMessage       *msg,
                           const char              *path,
                           SoupWebsocketConnection *connection,
                           gpointer                 user_data)
{
  SandboxServer *self = user_data;
  g_autoptr(SandboxRequest) request = sandbox_request_parse (path, NULL);
  const char *protocol = soup_websocket_connection_get_protocol (connection);
  JsonNode *pod = NULL;

  /* Keep the connection until it closes; libsoup drops its reference after this call. */
  g_object_ref (connection);
  g_signal_connect (connection, "closed", G_CALLBACK (on_closed_unref), NULL);

  if (request != NULL && request->name != NULL)
    pod = sandbox_store_get (self->store, pods_resource (), request->namespace_, request->name);

  if (pod == NULL || request->subresource == NULL)
    {
      close_websocket (connection, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, "no such pod");
      return;
    }

  if (g_str_equal (request->subresource, "exec") && g_strcmp0 (protocol,
                                                               "v5.channel.k8s.io") == 0)
    handle_exec (self, msg, connection, pod);
  else if (g_str_equal (request->subresource, "portforward")
           && (protocol == NULL || g_str_has_prefix (protocol, "v4.")))
    handle_portforward (self, msg, connection, pod);
  else
    close_websocket (connection, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                     "unsupported subprotocol for this subresource");
}
