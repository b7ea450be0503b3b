/* sandbox-odfe-http.c: HTTP plumbing of the simulated Open Distro nodes
 *
 * A port-forward hands the sandbox a bare stream.  This file makes it a TLS
 * server connection (with the certificate a cluster's Secret holds) and gives
 * it to a SoupServer with soup_server_accept_iostream(), which speaks
 * HTTP/1.1 with keep-alive on it.  What a request needs to know about where
 * it arrived (which cluster, which pod) travels as data attached to the
 * connection's remote address, the one object libsoup hands back for every
 * message of that connection.  The rest are the response shapes
 * Elasticsearch uses and small request helpers.
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gunixsocketaddress.h>
#include <string.h>
#include <unistd.h>

#include "sandbox-odfe-http.h"

#define CONNECTION_DATA "sandbox-odfe-connection"

typedef struct
{
  SoupServer     *server;
  GIOStream      *stream;        /* the TLS connection, or the forwarded stream */
  GSocketAddress *local;
  GSocketAddress *remote;
} Accept;

/* A SoupServer for forwarded connections.  libsoup 3.2 keeps a connection alive after a
 * response only when the server has a listener (request_finished() in soup-server.c), so
 * this one listens on an abstract Unix socket that nothing connects to; a connection that
 * arrived there would have no data and be refused by the handlers. */
SoupServer *
sandbox_odfe_http_server_new (void)
{
  SoupServer *server = soup_server_new ("server-header", NULL, NULL);
  g_autofree char *name = g_strdup_printf ("searchdeck-sandbox-odfe-%d-%08x", (int) getpid (),
                                           g_random_int ());
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;

  address = g_unix_socket_address_new_with_type (name, -1, G_UNIX_SOCKET_ADDRESS_ABSTRACT);
  if (!soup_server_listen (server, address, 0, &error))
    g_debug ("odfe: no keep-alive listener, every connection serves one request: %s",
             error->message);

  return server;
}

static void
accept_free (Accept *accept)
{
  g_clear_object (&accept->server);
  g_clear_object (&accept->stream);
  g_clear_object (&accept->local);
  g_clear_object (&accept->remote);
  g_free (accept);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Accept, accept_free)

static void
accept_now (Accept *accept)
{
  g_autoptr(GError) error = NULL;

  if (!soup_server_accept_iostream (accept->server, accept->stream, accept->local,
                                    accept->remote, &error))
    {
      g_debug ("odfe: cannot serve a forwarded connection: %s", error->message);
      g_io_stream_close (accept->stream, NULL, NULL);
    }
}

static void
on_handshake (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Accept) accept = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error))
    {
      /* A client that does not trust the cluster's CA ends here, as on a real node. */
      g_debug ("odfe: TLS handshake failed: %s", error->message);
      g_io_stream_close (accept->stream, NULL, NULL);
      return;
    }

  accept_now (accept);
}

void
sandbox_odfe_http_accept (SoupServer      *server,
                          GIOStream       *stream,
                          GTlsCertificate *certificate,
                          const char      *local_ip,
                          guint            local_port,
                          GCancellable    *cancellable,
                          gpointer         data,
                          GDestroyNotify   destroy)
{
  g_autoptr(Accept) accept = g_new0 (Accept, 1);
  g_autoptr(GInetAddress) local_address = NULL;
  g_autoptr(GInetAddress) remote_address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  GTlsConnection *tls;

  g_return_if_fail (SOUP_IS_SERVER (server));
  g_return_if_fail (G_IS_IO_STREAM (stream));

  local_address = local_ip != NULL ? g_inet_address_new_from_string (local_ip) : NULL;
  if (local_address == NULL)
    local_address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);

  accept->server = g_object_ref (server);
  accept->local = g_inet_socket_address_new (local_address, local_port);
  /* A port-forward reaches the pod from its own loopback, as the kubelet does. */
  accept->remote = g_inet_socket_address_new (remote_address,
                                              (guint16) g_random_int_range (32768, 61000));
  g_object_set_data_full (G_OBJECT (accept->remote), CONNECTION_DATA, data, destroy);

  if (certificate == NULL)
    {
      accept->stream = g_object_ref (stream);
      accept_now (accept);
      return;
    }

  accept->stream = g_tls_server_connection_new (stream, certificate, &error);
  if (accept->stream == NULL)
    {
      g_debug ("odfe: cannot make a TLS server connection: %s", error->message);
      g_io_stream_close (stream, NULL, NULL);
      return;
    }

  g_object_set (accept->stream,
                "authentication-mode", G_TLS_AUTHENTICATION_NONE,
                "require-close-notify", FALSE,
                NULL);
  tls = G_TLS_CONNECTION (accept->stream);
  g_tls_connection_handshake_async (tls, G_PRIORITY_DEFAULT, cancellable, on_handshake,
                                    g_steal_pointer (&accept));
}

gpointer
sandbox_odfe_http_get_data (SoupServerMessage *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);

  if (remote == NULL)
    return NULL;

  return g_object_get_data (G_OBJECT (remote), CONNECTION_DATA);
}

/* Responses */

void
sandbox_odfe_http_send_text (SoupServerMessage *msg,
                             guint              status,
                             const char        *content_type,
                             const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, text, strlen (text));
}

void
sandbox_odfe_http_send_json (SoupServerMessage *msg,
                             guint              status,
                             JsonNode          *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GHashTable) params = sandbox_odfe_http_get_query (msg);
  g_autofree char *text = NULL;
  gboolean pretty = sandbox_odfe_http_query_flag (params, "pretty");

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, pretty);
  text = json_generator_to_data (generator, NULL);
  if (pretty)
    {
      g_autofree char *with_newline = g_strconcat (text, "\n", NULL);

      g_free (text);
      text = g_steal_pointer (&with_newline);
    }

  sandbox_odfe_http_send_text (msg, status, "application/json; charset=UTF-8", text);
}

static JsonNode *
error_cause (const char *type,
             const char *reason)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "reason");
  if (reason != NULL)
    json_builder_add_string_value (builder, reason);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* The shape of an Elasticsearch exception: {"error":{"root_cause":[…],"type","reason"},
 * "status"}. */
void
sandbox_odfe_http_send_error (SoupServerMessage *msg,
                              guint              status,
                              const char        *type,
                              const char        *reason)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonArray) causes = json_array_new ();
  JsonNode *error = error_cause (type, reason);

  json_array_add_element (causes, error_cause (type, reason));
  json_object_set_array_member (json_node_get_object (error), "root_cause",
                                g_steal_pointer (&causes));
  json_object_set_member (object, "error", error);
  json_object_set_int_member (object, "status", status);
  json_node_set_object (root, object);

  sandbox_odfe_http_send_json (msg, status, root);
}

/* Requests */

gboolean
sandbox_odfe_http_get_basic_auth (SoupServerMessage *msg,
                                  char             **user,
                                  char             **password)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "Authorization");
  g_autofree guchar *decoded = NULL;
  g_autofree char *text = NULL;
  gsize size;
  char *colon;

  if (value == NULL || g_ascii_strncasecmp (value, "Basic ", 6) != 0)
    return FALSE;

  value += 6;
  while (*value == ' ')
    value++;

  decoded = g_base64_decode (value, &size);
  if (decoded == NULL || size == 0)
    return FALSE;

  text = g_strndup ((const char *) decoded, size);
  explicit_bzero (decoded, size);
  colon = strchr (text, ':');
  if (colon == NULL || strlen (text) != size)
    {
      explicit_bzero (text, size);
      return FALSE;
    }

  *user = g_strndup (text, colon - text);
  *password = g_strdup (colon + 1);
  explicit_bzero (text, size);
  return TRUE;
}

JsonNode *
sandbox_odfe_http_get_json_body (SoupServerMessage *msg,
                                 GError           **error)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (size == 0)
    return NULL;

  if (!json_parser_load_from_data (parser, data, size, error))
    return NULL;

  return json_node_copy (json_parser_get_root (parser));
}

/* The parameters of @msg's URI.  Unlike soup_form_decode(), this keeps bare flags such as
 * "?v" or "?pretty" (with an empty value), which Elasticsearch accepts. */
GHashTable *
sandbox_odfe_http_get_query (SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = uri != NULL ? g_uri_get_query (uri) : NULL;
  GHashTable *params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) pairs = NULL;

  if (query == NULL)
    return params;

  pairs = g_strsplit (query, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *equals = strchr (pairs[i], '=');
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      /* A form-encoded "+" is a space. */
      g_strdelimit (pairs[i], "+", ' ');
      if (equals != NULL)
        *equals = '\0';

      name = g_uri_unescape_string (pairs[i], NULL);
      value = equals != NULL ? g_uri_unescape_string (equals + 1, NULL) : g_strdup ("");
      if (name != NULL && *name != '\0' && value != NULL)
        g_hash_table_replace (params, g_steal_pointer (&name), g_steal_pointer (&value));
    }

  return params;
}

const char *
sandbox_odfe_http_query (GHashTable *query,
                         const char *name)
{
  return query != NULL ? g_hash_table_lookup (query, name) : NULL;
}

/* Elasticsearch reads "?pretty" and "?pretty=true" as true, "?pretty=false" as false. */
gboolean
sandbox_odfe_http_query_flag (GHashTable *query,
                              const char *name)
{
  const char *value;

  if (query == NULL || !g_hash_table_contains (query, name))
    return FALSE;

  value = g_hash_table_lookup (query, name);
  return value == NULL || *value == '\0' || g_ascii_strcasecmp (value, "false") != 0;
}

/* _cat */

static const SandboxOdfeColumn *
find_column (const SandboxOdfeColumn *columns,
             guint                    n_columns,
             const char              *name)
{
  for (guint i = 0; i < n_columns; i++)
    {
      g_auto(GStrv) aliases = g_strsplit (columns[i].aliases, ",", -1);

      if (g_str_equal (columns[i].name, name) || g_strv_contains ((const char * const *) aliases,
                                                                 name))
        return &columns[i];
    }

  return NULL;
}

/* Orders two cell values as numbers when both are, as strings otherwise; NULL first. */
int
sandbox_odfe_http_compare_values (const char *a,
                                  const char *b)
{
  char *end_a = NULL;
  char *end_b = NULL;
  double number_a, number_b;

  if (a == NULL || b == NULL)
    return (a == NULL) - (b == NULL);

  number_a = g_ascii_strtod (a, &end_a);
  number_b = g_ascii_strtod (b, &end_b);
  if (end_a != a && *end_a == '\0' && end_b != b && *end_b == '\0')
    return (number_a > number_b) - (number_a < number_b);

  return strcmp (a, b);
}

typedef struct
{
  char    **keys;
  gboolean *descending;
} SortSpec;

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  GHashTable *first = *(GHashTable **) a;
  GHashTable *second = *(GHashTable **) b;
  SortSpec *spec = user_data;

  for (guint i = 0; spec->keys[i] != NULL; i++)
    {
      int order = sandbox_odfe_http_compare_values (g_hash_table_lookup (first,
                                                                         spec->keys[i]),
                                                    g_hash_table_lookup (second,
                                                                         spec->keys[i]));

      if (order != 0)
        return spec->descending[i] ? -order : order;
    }

  return 0;
}

/* A _cat answer: every value a string (JSON with format=json, an aligned table
 * otherwise, with a header line for ?v), columns chosen with h=, rows sorted with s=.
 * @rows: GHashTable* from column name to value (a string, or absent for null). */
void
sandbox_odfe_http_send_cat (SoupServerMessage       *msg,
                            GHashTable              *query,
                            const SandboxOdfeColumn *columns,
                            guint                    n_columns,
                            GPtrArray               *rows)
{
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  const char *h = sandbox_odfe_http_query (query, "h");
  const char *format = sandbox_odfe_http_query (query, "format");
  const char *sort = sandbox_odfe_http_query (query, "s");

  if (h != NULL && !g_str_equal (h, "*"))
    {
      g_auto(GStrv) names = g_strsplit (h, ",", -1);

      for (guint i = 0; names[i] != NULL; i++)
        {
          const SandboxOdfeColumn *column = find_column (columns, n_columns, g_strstrip (names[i]));

          if (column != NULL)
            g_ptr_array_add (shown, (gpointer) column);
        }
    }
  else
    {
      for (guint i = 0; i < n_columns; i++)
        {
          if (columns[i].shown || h != NULL)
            g_ptr_array_add (shown, (gpointer) &columns[i]);
        }
    }

  if (sort != NULL)
    {
      g_auto(GStrv) keys = g_strsplit (sort, ",", -1);
      guint n_keys = g_strv_length (keys);
      g_autofree gboolean *descending = g_new0 (gboolean, n_keys);
      SortSpec spec = { keys, descending };

      for (guint i = 0; i < n_keys; i++)
        {
          char *colon = strchr (keys[i], ':');
          const SandboxOdfeColumn *column;

          if (colon != NULL)
            {
              descending[i] = g_str_equal (colon + 1, "desc");
              *colon = '\0';
            }
          column = find_column (columns, n_columns, keys[i]);
          if (column == NULL)
            {
              g_autofree char *reason = g_strdup_printf ("Unable to sort by unknown sort key "
                                                         "`%s`", keys[i]);

              sandbox_odfe_http_send_error (msg, SOUP_STATUS_BAD_REQUEST,
                                            "unsupported_operation_exception", reason);
              return;
            }
          g_free (keys[i]);
          keys[i] = g_strdup (column->name);
        }
      g_ptr_array_sort_with_data (rows, compare_rows, &spec);
    }

  if (g_strcmp0 (format, "json") == 0)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint r = 0; r < rows->len; r++)
        {
          json_builder_begin_object (builder);
          for (guint c = 0; c < shown->len; c++)
            {
              const SandboxOdfeColumn *column = shown->pdata[c];

              const char *value = g_hash_table_lookup (rows->pdata[r], column->name);

              json_builder_set_member_name (builder, column->name);
              if (value != NULL)
                json_builder_add_string_value (builder, value);
              else
                json_builder_add_null_value (builder);
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      root = json_builder_get_root (builder);
      sandbox_odfe_http_send_json (msg, SOUP_STATUS_OK, root);
      return;
    }
  else if (format != NULL && !g_str_equal (format, "txt") && !g_str_equal (format, "text"))
    {
      g_autofree char *reason = g_strdup_printf ("Unsupported format [%s]", format);

      sandbox_odfe_http_send_error (msg, SOUP_STATUS_BAD_REQUEST,
                                    "illegal_argument_exception", reason);
      return;
    }

  {
    g_autoptr(GString) text = g_string_new (NULL);
    g_autofree guint *widths = g_new0 (guint, shown->len + 1);
    gboolean header = sandbox_odfe_http_query_flag (query, "v");

    for (guint c = 0; c < shown->len; c++)
      {
        const SandboxOdfeColumn *column = shown->pdata[c];

        if (header)
          widths[c] = strlen (column->name);
        for (guint r = 0; r < rows->len; r++)
          {
            const char *value = g_hash_table_lookup (rows->pdata[r], column->name);

            widths[c] = MAX (widths[c], value != NULL ? strlen (value) : 0);
          }
      }

    for (int r = header ? -1 : 0; r < (int) rows->len; r++)
      {
        for (guint c = 0; c < shown->len; c++)
          {
            const SandboxOdfeColumn *column = shown->pdata[c];
            const char *value = r < 0 ? column->name
                                : g_hash_table_lookup (rows->pdata[r], column->name);

            if (value == NULL)
              value = "";
            if (c > 0)
              g_string_append_c (text, ' ');
            if (column->numeric && r >= 0)
              g_string_append_printf (text, "%*s", (int) widths[c], value);
            else if (c + 1 < shown->len)
              g_string_append_printf (text, "%-*s", (int) widths[c], value);
            else
              g_string_append (text, value);
          }
        g_string_append_c (text, '\n');
      }

    sandbox_odfe_http_send_text (msg, SOUP_STATUS_OK, "text/plain; charset=UTF-8",
                                 text->str);
  }
}

/* Values as _cat shows them */

/* @unit is the "bytes" parameter: "b", "kb", "mb", "gb", "tb" give whole numbers of that
 * unit; NULL gives the human form ("3.2mb", "208b") with at most one decimal. */
char *
sandbox_odfe_http_format_bytes (guint64     bytes,
                                const char *unit)
{
  static const char * const suffixes[] = { "b", "kb", "mb", "gb", "tb", "pb" };
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  double value = bytes;
  guint step = 0;

  if (unit != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          if (g_ascii_strcasecmp (unit, suffixes[i]) == 0)
            return g_strdup_printf ("%" G_GUINT64_FORMAT, bytes >> (10 * i));
        }
    }

  while (value >= 1024 && step + 1 < G_N_ELEMENTS (suffixes))
    {
      value /= 1024;
      step++;
    }

  g_ascii_formatd (number, sizeof number, "%.1f", value);
  if (g_str_has_suffix (number, ".0"))
    number[strlen (number) - 2] = '\0';

  return g_strconcat (number, suffixes[step], NULL);
}
