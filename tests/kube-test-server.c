/* kube-test-server.c: an in-process HTTPS Kubernetes API for the client's tests
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "kube-test-server.h"

#include <glib/gstdio.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>
#include <unistd.h>

/* PKI */

static void
export_pair (gnutls_x509_crt_t      crt,
             gnutls_x509_privkey_t  key,
             KubeTestKeyPair       *pair)
{
  gnutls_datum_t datum = { NULL, 0 };

  g_assert_cmpint (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &datum), ==, 0);
  pair->cert_pem = g_strndup ((const char *) datum.data, datum.size);
  gnutls_free (datum.data);

  g_assert_cmpint (gnutls_x509_privkey_export2_pkcs8 (key, GNUTLS_X509_FMT_PEM, NULL,
                                                      GNUTLS_PKCS_PLAIN, &datum), ==, 0);
  pair->key_pem = g_strndup ((const char *) datum.data, datum.size);
  gnutls_free (datum.data);
}

typedef enum
{
  CERT_CA,
  CERT_SERVER,
  CERT_CLIENT,
} CertKind;

static void
make_cert (CertKind               kind,
           const char            *dn,
           time_t                 not_before,
           time_t                 not_after,
           gnutls_x509_crt_t      issuer,
           gnutls_x509_privkey_t  issuer_key,
           gnutls_x509_crt_t     *crt_out,
           gnutls_x509_privkey_t *key_out)
{
  static guint serial = 1;
  gnutls_x509_privkey_t key;
  gnutls_x509_crt_t crt;
  unsigned char serial_bytes[4];
  unsigned char id[64];
  size_t id_size = sizeof id;
  const char *error_at = NULL;

  g_assert_cmpint (gnutls_x509_privkey_init (&key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA,
                                                 GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1),
                                                 0), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_init (&crt), ==, 0);
  gnutls_x509_crt_set_version (crt, 3);
  serial++;
  serial_bytes[0] = 0x01;
  serial_bytes[1] = (serial >> 16) & 0xff;
  serial_bytes[2] = (serial >> 8) & 0xff;
  serial_bytes[3] = serial & 0xff;
  gnutls_x509_crt_set_serial (crt, serial_bytes, sizeof serial_bytes);
  gnutls_x509_crt_set_activation_time (crt, not_before);
  gnutls_x509_crt_set_expiration_time (crt, not_after);
  g_assert_cmpint (gnutls_x509_crt_set_dn (crt, dn, &error_at), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key (crt, key), ==, 0);

  if (kind == CERT_CA)
    {
      gnutls_x509_crt_set_basic_constraints (crt, 1, -1);
      gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN);
    }
  else
    {
      gnutls_x509_crt_set_basic_constraints (crt, 0, -1);
      gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_DIGITAL_SIGNATURE);
      gnutls_x509_crt_set_key_purpose_oid (crt, kind == CERT_SERVER ? GNUTLS_KP_TLS_WWW_SERVER
                                                                    : GNUTLS_KP_TLS_WWW_CLIENT,
                                           0);
    }

  if (kind == CERT_SERVER)
    {
      static const unsigned char loopback[4] = { 127, 0, 0, 1 };

      gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_DNSNAME, "localhost", 9,
                                            GNUTLS_FSAN_APPEND);
      gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_IPADDRESS, loopback, 4,
                                            GNUTLS_FSAN_APPEND);
    }

  if (gnutls_x509_crt_get_key_id (crt, 0, id, &id_size) == 0)
    gnutls_x509_crt_set_subject_key_id (crt, id, id_size);

  if (issuer != NULL)
    {
      id_size = sizeof id;
      if (gnutls_x509_crt_get_subject_key_id (issuer, id, &id_size, NULL) == 0)
        gnutls_x509_crt_set_authority_key_id (crt, id, id_size);
      g_assert_cmpint (gnutls_x509_crt_sign2 (crt, issuer, issuer_key, GNUTLS_DIG_SHA256, 0),
                       ==, 0);
    }
  else
    {
      g_assert_cmpint (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0), ==, 0);
    }

  *crt_out = crt;
  *key_out = key;
}

KubeTestPki *
kube_test_pki_get (void)
{
  static KubeTestPki *pki;
  gnutls_x509_crt_t ca, other_ca, crt;
  gnutls_x509_privkey_t ca_key, other_ca_key, key;
  time_t now = time (NULL);
  const time_t day = 24 * 3600;

  if (pki != NULL)
    return pki;

  pki = g_new0 (KubeTestPki, 1);

  make_cert (CERT_CA, "CN=Test Cluster CA", now - day, now + 30 * day, NULL, NULL, &ca,
             &ca_key);
  export_pair (ca, ca_key, &pki->ca);
  make_cert (CERT_CA, "CN=Some Other CA", now - day, now + 30 * day, NULL, NULL, &other_ca,
             &other_ca_key);
  export_pair (other_ca, other_ca_key, &pki->other_ca);

  make_cert (CERT_SERVER, "CN=kube-apiserver", now - day, now + 30 * day, ca, ca_key, &crt,
             &key);
  export_pair (crt, key, &pki->server);
  gnutls_x509_crt_deinit (crt);
  gnutls_x509_privkey_deinit (key);

  make_cert (CERT_SERVER, "CN=kube-apiserver", now - 10 * day, now - day, ca, ca_key, &crt,
             &key);
  export_pair (crt, key, &pki->expired);
  gnutls_x509_crt_deinit (crt);
  gnutls_x509_privkey_deinit (key);

  make_cert (CERT_SERVER, "CN=kube-apiserver", now - day, now + 30 * day, other_ca,
             other_ca_key, &crt, &key);
  export_pair (crt, key, &pki->other_server);
  gnutls_x509_crt_deinit (crt);
  gnutls_x509_privkey_deinit (key);

  make_cert (CERT_CLIENT, "O=system:masters,CN=alice", now - day, now + 30 * day, ca, ca_key,
             &crt, &key);
  export_pair (crt, key, &pki->client);
  gnutls_x509_crt_deinit (crt);
  gnutls_x509_privkey_deinit (key);

  gnutls_x509_crt_deinit (ca);
  gnutls_x509_privkey_deinit (ca_key);
  gnutls_x509_crt_deinit (other_ca);
  gnutls_x509_privkey_deinit (other_ca_key);

  return pki;
}

/* The server */

typedef struct
{
  guint64  rv;
  char    *type;
  char    *collection;
  char    *namespace;
  char    *object;      /* JSON text */
} Event;

typedef struct
{
  SoupServerMessage *msg;
  char              *collection;
  char              *namespace;    /* NULL: all */
  char              *label;        /* "k=v" or NULL */
  gboolean           bookmarks;
} Watcher;

typedef struct
{
  guint  status;
  char  *reason;
  guint  retry_after;
} Failure;

struct _KubeTestServer
{
  SoupServer *server;
  char       *url;
  char       *ca_path;
  char       *token;
  char       *basic;
  char       *client_cn;
  GHashTable *collections;   /* list path → GPtrArray of JsonNode */
  GPtrArray  *events;
  GPtrArray  *watchers;
  GQueue      failures;
  GPtrArray  *requests;
  guint64     rv;
  guint64     expired_below;
};

static void
event_free (Event *event)
{
  g_free (event->type);
  g_free (event->collection);
  g_free (event->namespace);
  g_free (event->object);
  g_free (event);
}

static void
request_free (KubeTestRequest *request)
{
  g_free (request->method);
  g_free (request->path);
  g_free (request->authorization);
  g_free (request->content_type);
  g_free (request->body);
  g_free (request->client_cn);
  g_free (request);
}

static void watcher_finished (SoupServerMessage *msg,
                              Watcher           *watcher);

static void
watcher_free (Watcher *watcher)
{
  g_signal_handlers_disconnect_by_func (watcher->msg, watcher_finished, watcher);
  g_object_unref (watcher->msg);
  g_free (watcher->collection);
  g_free (watcher->namespace);
  g_free (watcher->label);
  g_free (watcher);
}

static void
send_status (SoupServerMessage *msg,
             guint              status,
             const char        *reason,
             const char        *message,
             const char        *causes_json)
{
  g_autofree char *body = NULL;
  g_autofree char *escaped = g_strescape (message, NULL);

  body = g_strdup_printf ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
                          "\"status\":\"Failure\",\"message\":\"%s\",\"reason\":\"%s\","
                          "\"details\":{%s%s%s},\"code\":%u}",
                          escaped, reason, causes_json ? "\"causes\":" : "",
                          causes_json ? causes_json : "", "", status);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body,
                                    strlen (body));
}

static void
send_json (SoupServerMessage *msg,
           guint              status,
           JsonNode          *node)
{
  g_autofree char *body = json_to_string (node, FALSE);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body,
                                    strlen (body));
}

typedef struct
{
  char *collection;
  char *namespace;
  char *name;
  char *plural;
} Target;

static void
target_clear (Target *target)
{
  g_free (target->collection);
  g_free (target->namespace);
  g_free (target->name);
  g_free (target->plural);
}

static gboolean
parse_target (const char *path,
              Target     *target)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  guint n = g_strv_length (parts);
  g_autofree char *prefix = NULL;
  guint i;

  memset (target, 0, sizeof *target);
  if (n >= 3 && g_str_equal (parts[1], "api"))
    {
      prefix = g_strdup_printf ("/api/%s", parts[2]);
      i = 3;
    }
  else if (n >= 4 && g_str_equal (parts[1], "apis"))
    {
      prefix = g_strdup_printf ("/apis/%s/%s", parts[2], parts[3]);
      i = 4;
    }
  else
    return FALSE;

  if (i + 2 < n && g_str_equal (parts[i], "namespaces"))
    {
      target->namespace = g_uri_unescape_string (parts[i + 1], NULL);
      i += 2;
    }

  if (i >= n)
    return FALSE;

  target->plural = g_strdup (parts[i]);
  target->collection = g_strdup_printf ("%s/%s", prefix, parts[i]);
  if (i + 1 < n)
    target->name = g_uri_unescape_string (parts[i + 1], NULL);

  return i + 2 >= n;
}

static GPtrArray *
get_collection (KubeTestServer *self,
                const char     *collection)
{
  GPtrArray *objects = g_hash_table_lookup (self->collections, collection);

  if (objects == NULL)
    {
      objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
      g_hash_table_insert (self->collections, g_strdup (collection), objects);
    }

  return objects;
}

static JsonObject *
metadata_of (JsonNode *node)
{
  JsonObject *object = json_node_get_object (node);

  if (!json_object_has_member (object, "metadata"))
    json_object_set_object_member (object, "metadata", json_object_new ());

  return json_object_get_object_member (object, "metadata");
}

static const char *
meta_string (JsonNode   *node,
             const char *member)
{
  JsonObject *metadata = metadata_of (node);

  return json_object_has_member (metadata, member)
           ? json_object_get_string_member (metadata, member) : NULL;
}

static gint
find_object (GPtrArray  *objects,
             const char *namespace,
             const char *name)
{
  for (guint i = 0; i < objects->len; i++)
    {
      JsonNode *node = g_ptr_array_index (objects, i);

      if (g_strcmp0 (meta_string (node, "name"), name) == 0
          && g_strcmp0 (meta_string (node, "namespace"), namespace) == 0)
        return (gint) i;
    }

  return -1;
}

static gboolean
label_matches (JsonNode   *node,
               const char *selector)
{
  g_auto(GStrv) pair = NULL;
  JsonObject *metadata = metadata_of (node);
  JsonObject *labels;

  if (selector == NULL)
    return TRUE;

  pair = g_strsplit (selector, "=", 2);
  if (!json_object_has_member (metadata, "labels"))
    return FALSE;

  labels = json_object_get_object_member (metadata, "labels");
  return pair[1] != NULL && json_object_has_member (labels, pair[0])
         && g_strcmp0 (json_object_get_string_member (labels, pair[0]), pair[1]) == 0;
}

static void
write_event (SoupServerMessage *msg,
             const char        *type,
             const char        *object)
{
  g_autofree char *line = g_strdup_printf ("{\"type\":\"%s\",\"object\":%s}\n", type, object);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  soup_message_body_append (body, SOUP_MEMORY_COPY, line, strlen (line));
}

/* Outside the handler: the server pauses a chunked body that has run dry. */
static void
append_event (SoupServerMessage *msg,
              const char        *type,
              const char        *object)
{
  write_event (msg, type, object);
  soup_server_message_unpause (msg);
}

static void
record_event (KubeTestServer *self,
              const char     *type,
              const char     *collection,
              JsonNode       *node)
{
  Event *event = g_new0 (Event, 1);

  event->rv = self->rv;
  event->type = g_strdup (type);
  event->collection = g_strdup (collection);
  event->namespace = g_strdup (meta_string (node, "namespace"));
  event->object = json_to_string (node, FALSE);
  g_ptr_array_add (self->events, event);

  for (guint i = 0; i < self->watchers->len; i++)
    {
      Watcher *watcher = g_ptr_array_index (self->watchers, i);

      if (g_str_equal (watcher->collection, collection)
          && (watcher->namespace == NULL
              || g_strcmp0 (watcher->namespace, event->namespace) == 0)
          && label_matches (node, watcher->label))
        append_event (watcher->msg, type, event->object);
    }
}

static void
stamp (KubeTestServer *self,
       JsonNode       *node)
{
  g_autofree char *rv = g_strdup_printf ("%" G_GUINT64_FORMAT, ++self->rv);

  json_object_set_string_member (metadata_of (node), "resourceVersion", rv);
}

static gboolean
check_auth (KubeTestServer    *self,
            SoupServerMessage *msg,
            KubeTestRequest   *request)
{
  gboolean ok = TRUE;

  if (self->token != NULL || self->basic != NULL)
    {
      g_autofree char *bearer = self->token ? g_strdup_printf ("Bearer %s", self->token) : NULL;
      g_autofree char *basic = self->basic ? g_strdup_printf ("Basic %s", self->basic) : NULL;

      ok = (bearer && g_strcmp0 (request->authorization, bearer) == 0)
           || (basic && g_strcmp0 (request->authorization, basic) == 0);
    }

  if (self->client_cn != NULL)
    ok = ok && g_strcmp0 (request->client_cn, self->client_cn) == 0;

  if (!ok)
    send_status (msg, 401, "Unauthorized", "Unauthorized", NULL);

  return ok;
}

static void
watcher_finished (SoupServerMessage *msg,
                  Watcher           *watcher)
{
  KubeTestServer *self = g_object_get_data (G_OBJECT (msg), "test-server");

  g_ptr_array_remove (self->watchers, watcher);
}

static void
serve_watch (KubeTestServer    *self,
             SoupServerMessage *msg,
             Target            *target,
             GHashTable        *query)
{
  const char *rv_text = query ? g_hash_table_lookup (query, "resourceVersion") : NULL;
  guint64 since = rv_text ? g_ascii_strtoull (rv_text, NULL, 10) : 0;
  Watcher *watcher;

  if (since < self->expired_below)
    {
      g_autofree char *event = NULL;

      event = g_strdup_printf ("{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\","
                               "\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                               "\"message\":\"too old resource version: %" G_GUINT64_FORMAT
                               " (%" G_GUINT64_FORMAT ")\",\"reason\":\"Expired\","
                               "\"code\":410}}\n", since, self->expired_below);
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, event,
                                        strlen (event));
      return;
    }

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                     SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                         "application/json", NULL);

  watcher = g_new0 (Watcher, 1);
  watcher->msg = g_object_ref (msg);
  watcher->collection = g_strdup (target->collection);
  watcher->namespace = g_strdup (target->namespace);
  watcher->label = g_strdup (query ? g_hash_table_lookup (query, "labelSelector") : NULL);
  watcher->bookmarks = query && g_strcmp0 (g_hash_table_lookup (query, "allowWatchBookmarks"),
                                           "true") == 0;
  g_object_set_data (G_OBJECT (msg), "test-server", self);
  g_signal_connect (msg, "finished", G_CALLBACK (watcher_finished), watcher);
  g_ptr_array_add (self->watchers, watcher);

  for (guint i = 0; i < self->events->len; i++)
    {
      Event *event = g_ptr_array_index (self->events, i);
      g_autoptr(JsonNode) node = NULL;

      if (event->rv <= since || !g_str_equal (event->collection, target->collection)
          || (target->namespace && g_strcmp0 (target->namespace, event->namespace) != 0))
        continue;

      node = json_from_string (event->object, NULL);
      if (label_matches (node, watcher->label))
        write_event (msg, event->type, event->object);
    }
}

static gint
compare_objects (gconstpointer a,
                 gconstpointer b)
{
  JsonNode *na = *(JsonNode **) a;
  JsonNode *nb = *(JsonNode **) b;
  int cmp = g_strcmp0 (meta_string (na, "namespace"), meta_string (nb, "namespace"));

  return cmp ? cmp : g_strcmp0 (meta_string (na, "name"), meta_string (nb, "name"));
}

static void
serve_list (KubeTestServer    *self,
            SoupServerMessage *msg,
            Target            *target,
            GHashTable        *query)
{
  GPtrArray *objects = get_collection (self, target->collection);
  g_autoptr(GPtrArray) matching = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *limit_text = query ? g_hash_table_lookup (query, "limit") : NULL;
  const char *continue_text = query ? g_hash_table_lookup (query, "continue") : NULL;
  const char *label = query ? g_hash_table_lookup (query, "labelSelector") : NULL;
  guint limit = limit_text ? (guint) g_ascii_strtoull (limit_text, NULL, 10) : 0;
  guint offset = 0;
  guint end;
  g_autofree char *rv = g_strdup_printf ("%" G_GUINT64_FORMAT, self->rv);

  if (continue_text != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (continue_text, "-", 2);

      offset = (guint) g_ascii_strtoull (parts[0], NULL, 10);
      if (parts[1] != NULL)
        {
          g_free (rv);
          rv = g_strdup (parts[1]);
        }

      /* A token from before a compaction is refused, as the API server does. */
      if (g_ascii_strtoull (rv, NULL, 10) < self->expired_below)
        {
          send_status (msg, 410, "Expired", "The provided continue parameter is too old to "
                       "display a consistent list result.", NULL);
          return;
        }
    }

  for (guint i = 0; i < objects->len; i++)
    {
      JsonNode *node = g_ptr_array_index (objects, i);

      if ((target->namespace == NULL
           || g_strcmp0 (meta_string (node, "namespace"), target->namespace) == 0)
          && label_matches (node, label))
        g_ptr_array_add (matching, node);
    }
  g_ptr_array_sort (matching, compare_objects);

  end = limit > 0 ? MIN (matching->len, offset + limit) : matching->len;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "List");
  json_builder_set_member_name (builder, "apiVersion");
  json_builder_add_string_value (builder, "v1");
  json_builder_set_member_name (builder, "metadata");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "resourceVersion");
  json_builder_add_string_value (builder, rv);
  if (end < matching->len)
    {
      g_autofree char *next = g_strdup_printf ("%u-%s", end, rv);

      json_builder_set_member_name (builder, "continue");
      json_builder_add_string_value (builder, next);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = offset; i < end; i++)
    json_builder_add_value (builder, json_node_copy (g_ptr_array_index (matching, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  send_json (msg, 200, root);
}

static void
merge_patch (JsonObject *target,
             JsonObject *patch)
{
  g_autoptr(GList) members = json_object_get_members (patch);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *value = json_object_get_member (patch, name);

      if (JSON_NODE_HOLDS_NULL (value))
        json_object_remove_member (target, name);
      else if (JSON_NODE_HOLDS_OBJECT (value) && json_object_has_member (target, name)
               && JSON_NODE_HOLDS_OBJECT (json_object_get_member (target, name)))
        merge_patch (json_object_get_object_member (target, name),
                     json_node_get_object (value));
      else
        json_object_set_member (target, name, json_node_copy (value));
    }
}

static gboolean
json_patch (JsonObject *target,
            JsonArray  *operations)
{
  for (guint i = 0; i < json_array_get_length (operations); i++)
    {
      JsonObject *op = json_array_get_object_element (operations, i);
      const char *kind = json_object_get_string_member (op, "op");
      g_auto(GStrv) parts = g_strsplit (json_object_get_string_member (op, "path"), "/", -1);
      JsonObject *at = target;
      guint n = g_strv_length (parts);

      for (guint j = 1; j + 1 < n; j++)
        {
          if (!json_object_has_member (at, parts[j]))
            return FALSE;
          at = json_object_get_object_member (at, parts[j]);
        }

      if (g_str_equal (kind, "remove"))
        {
          if (!json_object_has_member (at, parts[n - 1]))
            return FALSE;
          json_object_remove_member (at, parts[n - 1]);
        }
      else if (g_str_equal (kind, "add") || g_str_equal (kind, "replace"))
        {
          if (g_str_equal (kind, "replace") && !json_object_has_member (at, parts[n - 1]))
            return FALSE;
          json_object_set_member (at, parts[n - 1],
                                  json_node_copy (json_object_get_member (op, "value")));
        }
      else
        return FALSE;
    }

  return TRUE;
}

static gboolean
valid_name (const char *name)
{
  if (name == NULL || name[0] == '\0')
    return FALSE;

  for (const char *p = name; *p; p++)
    {
      if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-' && *p != '.')
        return FALSE;
    }

  return TRUE;
}

static void
serve_write (KubeTestServer    *self,
             SoupServerMessage *msg,
             Target            *target,
             const char        *method,
             const char        *body)
{
  GPtrArray *objects = get_collection (self, target->collection);
  g_autoptr(JsonNode) node = body && body[0] ? json_from_string (body, NULL) : NULL;
  const char *content_type;
  g_autofree char *message = NULL;
  gint index;

  if (g_str_equal (method, "POST"))
    {
      const char *name;

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        {
          send_status (msg, 400, "BadRequest", "the body is not a JSON object", NULL);
          return;
        }

      name = meta_string (node, "name");
      if (!valid_name (name))
        {
          message = g_strdup_printf ("%s \"%s\" is invalid: metadata.name: Invalid value: "
                                     "\"%s\": a lowercase RFC 1123 subdomain must consist of "
                                     "lower case alphanumeric characters", target->plural,
                                     name ? name : "", name ? name : "");
          send_status (msg, 422, "Invalid", message,
                       "[{\"reason\":\"FieldValueInvalid\",\"message\":\"Invalid value: "
                       "a lowercase RFC 1123 subdomain\",\"field\":\"metadata.name\"}]");
          return;
        }

      if (find_object (objects, target->namespace, name) >= 0)
        {
          message = g_strdup_printf ("%s \"%s\" already exists", target->plural, name);
          send_status (msg, 409, "AlreadyExists", message, NULL);
          return;
        }

      if (target->namespace)
        json_object_set_string_member (metadata_of (node), "namespace", target->namespace);
      {
        g_autofree char *uid = g_uuid_string_random ();

        json_object_set_string_member (metadata_of (node), "uid", uid);
      }
      json_object_set_string_member (metadata_of (node), "creationTimestamp",
                                     "2026-01-01T00:00:00Z");
      stamp (self, node);
      g_ptr_array_add (objects, json_node_ref (node));
      record_event (self, "ADDED", target->collection, node);
      send_json (msg, 201, node);
      return;
    }

  index = target->name ? find_object (objects, target->namespace, target->name) : -1;
  if (index < 0)
    {
      message = g_strdup_printf ("%s \"%s\" not found", target->plural,
                                 target->name ? target->name : "");
      send_status (msg, 404, "NotFound", message, NULL);
      return;
    }

  if (g_str_equal (method, "PUT"))
    {
      JsonNode *current = g_ptr_array_index (objects, index);
      const char *want = node ? meta_string (node, "resourceVersion") : NULL;

      if (want != NULL && g_strcmp0 (want, meta_string (current, "resourceVersion")) != 0)
        {
          message = g_strdup_printf ("Operation cannot be fulfilled on %s \"%s\": the object "
                                     "has been modified; please apply your changes to the "
                                     "latest version and try again", target->plural,
                                     target->name);
          send_status (msg, 409, "Conflict", message, NULL);
          return;
        }

      json_object_set_string_member (metadata_of (node), "uid", meta_string (current, "uid"));
      if (target->namespace)
        json_object_set_string_member (metadata_of (node), "namespace", target->namespace);
      stamp (self, node);
      g_ptr_array_index (objects, index) = json_node_ref (node);
      json_node_unref (current);
      record_event (self, "MODIFIED", target->collection, node);
      send_json (msg, 200, node);
      return;
    }

  if (g_str_equal (method, "PATCH"))
    {
      JsonNode *current = g_ptr_array_index (objects, index);
      g_autoptr(JsonNode) patched = json_node_copy (current);
      gboolean ok;

      content_type = soup_message_headers_get_content_type (
        soup_server_message_get_request_headers (msg), NULL);
      if (g_strcmp0 (content_type, "application/json-patch+json") == 0)
        ok = node && JSON_NODE_HOLDS_ARRAY (node)
             && json_patch (json_node_get_object (patched), json_node_get_array (node));
      else if (g_strcmp0 (content_type, "application/merge-patch+json") == 0
               || g_strcmp0 (content_type, "application/strategic-merge-patch+json") == 0)
        ok = node && JSON_NODE_HOLDS_OBJECT (node)
             && (merge_patch (json_node_get_object (patched), json_node_get_object (node)),
                 TRUE);
      else
        {
          send_status (msg, 415, "UnsupportedMediaType", "the patch type is not supported",
                       NULL);
          return;
        }

      if (!ok)
        {
          send_status (msg, 422, "Invalid", "the patch could not be applied", NULL);
          return;
        }

      stamp (self, patched);
      g_ptr_array_index (objects, index) = json_node_ref (patched);
      json_node_unref (current);
      record_event (self, "MODIFIED", target->collection, patched);
      send_json (msg, 200, patched);
      return;
    }

  if (g_str_equal (method, "DELETE"))
    {
      JsonNode *current = g_ptr_array_index (objects, index);
      JsonObject *options = node && JSON_NODE_HOLDS_OBJECT (node)
                              ? json_node_get_object (node) : NULL;
      JsonObject *pre = options && json_object_has_member (options, "preconditions")
                          ? json_object_get_object_member (options, "preconditions") : NULL;

      if (pre && json_object_has_member (pre, "uid")
          && g_strcmp0 (json_object_get_string_member (pre, "uid"),
                        meta_string (current, "uid")) != 0)
        {
          message = g_strdup_printf ("Precondition failed: UID in precondition: %s, UID in "
                                     "object meta: %s",
                                     json_object_get_string_member (pre, "uid"),
                                     meta_string (current, "uid"));
          send_status (msg, 409, "Conflict", message, NULL);
          return;
        }

      if (pre && json_object_has_member (pre, "resourceVersion")
          && g_strcmp0 (json_object_get_string_member (pre, "resourceVersion"),
                        meta_string (current, "resourceVersion")) != 0)
        {
          message = g_strdup_printf ("Precondition failed: ResourceVersion in precondition: "
                                     "%s, ResourceVersion in object meta: %s",
                                     json_object_get_string_member (pre, "resourceVersion"),
                                     meta_string (current, "resourceVersion"));
          send_status (msg, 409, "Conflict", message, NULL);
          return;
        }

      json_node_ref (current);
      g_ptr_array_remove_index (objects, (guint) index);
      stamp (self, current);
      record_event (self, "DELETED", target->collection, current);
      send_json (msg, 200, current);
      json_node_unref (current);
      return;
    }

  send_status (msg, 405, "MethodNotAllowed", "method not allowed", NULL);
}

static char *
peer_cn (SoupServerMessage *msg)
{
  GTlsCertificate *peer = soup_server_message_get_tls_peer_certificate (msg);
  g_autofree char *subject = NULL;
  const char *cn;

  if (peer == NULL)
    return NULL;

  g_object_get (peer, "subject-name", &subject, NULL);
  if (subject == NULL || (cn = strstr (subject, "CN=")) == NULL)
    return NULL;

  return g_strndup (cn + 3, strcspn (cn + 3, ",+"));
}

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  KubeTestServer *self = user_data;
  KubeTestRequest *request = g_new0 (KubeTestRequest, 1);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  const char *method = soup_server_message_get_method (msg);
  Target target;
  Failure *failure;

  request->method = g_strdup (method);
  request->path = g_uri_get_query (uri)
                    ? g_strdup_printf ("%s?%s", path, g_uri_get_query (uri)) : g_strdup (path);
  request->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  request->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  request->body = body->length ? g_strndup (body->data, body->length) : NULL;
  request->client_cn = peer_cn (msg);
  g_ptr_array_add (self->requests, request);

  if (!check_auth (self, msg, request))
    return;

  if ((failure = g_queue_pop_head (&self->failures)) != NULL)
    {
      g_autofree char *message = g_strdup_printf ("injected failure %u", failure->status);

      send_status (msg, failure->status, failure->reason, message, NULL);
      if (failure->retry_after)
        {
          g_autofree char *value = g_strdup_printf ("%u", failure->retry_after);

          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Retry-After", value);
        }
      g_free (failure->reason);
      g_free (failure);
      return;
    }

  if (g_str_equal (path, "/version"))
    {
      const char *version = "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0\"}";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, version,
                                        strlen (version));
      return;
    }

  if (g_str_equal (path, "/slow"))
    {
      /* Never answered: for the client's timeout. */
      soup_server_message_pause (msg);
      return;
    }

  if (g_str_equal (path, "/huge"))
    {
      gsize size = 3 * 1024 * 1024;
      char *data = g_malloc (size);

      memset (data, ' ', size);
      data[0] = '{';
      data[size - 1] = '}';
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, data, size);
      return;
    }

  if (!parse_target (path, &target))
    {
      target_clear (&target);
      send_status (msg, 404, "NotFound", "the server could not find the requested resource",
                   NULL);
      return;
    }

  if (g_str_equal (method, "GET") && target.name == NULL)
    {
      if (query && g_strcmp0 (g_hash_table_lookup (query, "watch"), "true") == 0)
        serve_watch (self, msg, &target, query);
      else
        serve_list (self, msg, &target, query);
    }
  else if (g_str_equal (method, "GET"))
    {
      GPtrArray *objects = get_collection (self, target.collection);
      gint index = find_object (objects, target.namespace, target.name);

      if (index < 0)
        {
          g_autofree char *message = g_strdup_printf ("%s \"%s\" not found", target.plural,
                                                      target.name);

          send_status (msg, 404, "NotFound", message, NULL);
        }
      else
        send_json (msg, 200, g_ptr_array_index (objects, index));
    }
  else
    {
      serve_write (self, msg, &target, method, request->body);
    }

  target_clear (&target);
}

/* SoupServer asks the message about every client certificate: accept those that chain to
 * the test CA, as an API server does with its client CA. */
static gboolean
accept_client_certificate (SoupServerMessage    *msg,
                           GTlsCertificate      *certificate,
                           GTlsCertificateFlags  errors,
                           KubeTestServer       *self)
{
  GTlsDatabase *database = soup_server_get_tls_database (self->server);
  GTlsCertificateFlags flags;

  flags = g_tls_database_verify_chain (database, certificate,
                                       G_TLS_DATABASE_PURPOSE_AUTHENTICATE_CLIENT, NULL, NULL,
                                       G_TLS_DATABASE_VERIFY_NONE, NULL, NULL);
  return flags == 0;
}

static void
request_started (SoupServer        *server,
                 SoupServerMessage *msg,
                 KubeTestServer    *self)
{
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_client_certificate), self);
}

KubeTestServer *
kube_test_server_new (const KubeTestKeyPair *identity,
                      gboolean               request_client_cert)
{
  KubeTestServer *self = g_new0 (KubeTestServer, 1);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autofree char *pem = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  pem = g_strconcat (identity->cert_pem, identity->key_pem, NULL);
  certificate = g_tls_certificate_new_from_pem (pem, -1, &error);
  g_assert_no_error (error);

  self->server = soup_server_new ("tls-certificate", certificate, NULL);
  if (request_client_cert)
    {
      g_autoptr(GTlsDatabase) database = NULL;
      int fd;

      fd = g_file_open_tmp ("kube-test-ca-XXXXXX.pem", &self->ca_path, &error);
      g_assert_no_error (error);
      close (fd);
      g_file_set_contents (self->ca_path, kube_test_pki_get ()->ca.cert_pem, -1, &error);
      g_assert_no_error (error);
      database = g_tls_file_database_new (self->ca_path, &error);
      g_assert_no_error (error);
      soup_server_set_tls_database (self->server, database);
      soup_server_set_tls_auth_mode (self->server, G_TLS_AUTHENTICATION_REQUESTED);
      g_signal_connect (self->server, "request-started", G_CALLBACK (request_started), self);
    }

  self->collections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_ptr_array_unref);
  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify) event_free);
  self->watchers = g_ptr_array_new_with_free_func ((GDestroyNotify) watcher_free);
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
  self->rv = 100;
  g_queue_init (&self->failures);

  soup_server_add_handler (self->server, NULL, handle, self, NULL);
  soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY
                                             | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (self->server);
  g_assert_nonnull (uris);
  self->url = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return self;
}

static void
failure_free (Failure *failure)
{
  g_free (failure->reason);
  g_free (failure);
}

void
kube_test_server_free (KubeTestServer *self)
{
  kube_test_server_drop_watches (self);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  if (self->ca_path)
    g_unlink (self->ca_path);
  g_free (self->ca_path);
  g_free (self->url);
  g_free (self->token);
  g_free (self->basic);
  g_free (self->client_cn);
  g_hash_table_unref (self->collections);
  g_ptr_array_unref (self->events);
  g_ptr_array_unref (self->watchers);
  g_ptr_array_unref (self->requests);
  g_queue_clear_full (&self->failures, (GDestroyNotify) failure_free);
  g_free (self);
}

const char *
kube_test_server_get_url (KubeTestServer *self)
{
  return self->url;
}

void
kube_test_server_set_token (KubeTestServer *self,
                            const char     *token)
{
  g_free (self->token);
  self->token = g_strdup (token);
}

void
kube_test_server_set_basic (KubeTestServer *self,
                            const char     *user,
                            const char     *password)
{
  g_autofree char *pair = g_strdup_printf ("%s:%s", user, password);

  g_free (self->basic);
  self->basic = g_base64_encode ((const guchar *) pair, strlen (pair));
}

void
kube_test_server_set_client_cn (KubeTestServer *self,
                                const char     *cn)
{
  g_free (self->client_cn);
  self->client_cn = g_strdup (cn);
}

void
kube_test_server_fail_next (KubeTestServer *self,
                            guint           status,
                            const char     *reason,
                            guint           retry_after)
{
  Failure *failure = g_new0 (Failure, 1);

  failure->status = status;
  failure->reason = g_strdup (reason);
  failure->retry_after = retry_after;
  g_queue_push_tail (&self->failures, failure);
}

GPtrArray *
kube_test_server_get_requests (KubeTestServer *self)
{
  return self->requests;
}

char *
kube_test_server_put (KubeTestServer *self,
                      const char     *collection,
                      const char     *json)
{
  GPtrArray *objects = get_collection (self, collection);
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  gint index;

  g_assert_nonnull (node);
  index = find_object (objects, meta_string (node, "namespace"), meta_string (node, "name"));
  if (meta_string (node, "uid") == NULL)
    {
      g_autofree char *uid = g_uuid_string_random ();

      json_object_set_string_member (metadata_of (node), "uid", uid);
    }
  stamp (self, node);

  if (index >= 0)
    {
      json_node_unref (g_ptr_array_index (objects, index));
      g_ptr_array_index (objects, index) = json_node_ref (node);
      record_event (self, "MODIFIED", collection, node);
    }
  else
    {
      g_ptr_array_add (objects, json_node_ref (node));
      record_event (self, "ADDED", collection, node);
    }

  return g_strdup (meta_string (node, "resourceVersion"));
}

void
kube_test_server_remove (KubeTestServer *self,
                         const char     *collection,
                         const char     *namespace,
                         const char     *name)
{
  GPtrArray *objects = get_collection (self, collection);
  gint index = find_object (objects, namespace, name);
  JsonNode *node;

  g_assert_cmpint (index, >=, 0);
  node = json_node_ref (g_ptr_array_index (objects, index));
  g_ptr_array_remove_index (objects, (guint) index);
  stamp (self, node);
  record_event (self, "DELETED", collection, node);
  json_node_unref (node);
}

void
kube_test_server_drop_watches (KubeTestServer *self)
{
  while (self->watchers->len > 0)
    {
      Watcher *watcher = g_ptr_array_index (self->watchers, 0);
      SoupServerMessage *msg = g_object_ref (watcher->msg);

      g_ptr_array_remove_index (self->watchers, 0);
      soup_message_body_complete (soup_server_message_get_response_body (msg));
      soup_server_message_unpause (msg);
      g_object_unref (msg);
    }
}

void
kube_test_server_expire (KubeTestServer *self)
{
  /* As after a compaction: the versions seen so far are gone, and the store moves on. */
  self->expired_below = ++self->rv;
}

guint
kube_test_server_count_watches (KubeTestServer *self)
{
  return self->watchers->len;
}

void
kube_test_server_bookmark (KubeTestServer *self)
{
  g_autofree char *object = NULL;

  object = g_strdup_printf ("{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":"
                            "{\"resourceVersion\":\"%" G_GUINT64_FORMAT "\"}}", self->rv);
  for (guint i = 0; i < self->watchers->len; i++)
    {
      Watcher *watcher = g_ptr_array_index (self->watchers, i);

      if (watcher->bookmarks)
        append_event (watcher->msg, "BOOKMARK", object);
    }
}

guint
kube_test_server_count (KubeTestServer *self,
                        const char     *collection)
{
  return get_collection (self, collection)->len;
}

KubeConfig *
kube_test_write_config (const char *dir,
                        const char *server_url,
                        const char *ca_pem,
                        const char *cluster_extra,
                        const char *user_yaml)
{
  g_autoptr(GString) yaml = g_string_new (NULL);
  g_autofree char *path = g_build_filename (dir, "kubeconfig", NULL);
  g_autoptr(GError) error = NULL;
  const char *paths[] = { path, NULL };
  KubeConfig *config;

  g_string_append_printf (yaml, "apiVersion: v1\nkind: Config\nclusters:\n- name: test\n"
                                "  cluster:\n    server: %s\n", server_url);
  if (ca_pem != NULL)
    {
      g_autofree char *encoded = g_base64_encode ((const guchar *) ca_pem, strlen (ca_pem));

      g_string_append_printf (yaml, "    certificate-authority-data: %s\n", encoded);
    }
  if (cluster_extra != NULL)
    g_string_append (yaml, cluster_extra);

  g_string_append (yaml, "users:\n- name: tester\n");
  if (user_yaml != NULL)
    g_string_append_printf (yaml, "  user:\n%s", user_yaml);
  else
    g_string_append (yaml, "  user: {}\n");

  g_string_append (yaml, "contexts:\n- name: test\n  context:\n    cluster: test\n"
                         "    user: tester\n    namespace: demo\ncurrent-context: test\n");

  g_file_set_contents (path, yaml->str, -1, &error);
  g_assert_no_error (error);

  config = kube_config_load (paths, &error);
  g_assert_no_error (error);
  return config;
}

void
kube_test_store_result (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

GAsyncResult *
kube_test_wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

void
kube_test_settle (GObject *object)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_atomic_int_get (&object->ref_count) > 1 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
}

void
kube_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        kube_test_remove_tree (child);
      else
        g_unlink (child);
    }

  g_rmdir (path);
}

gboolean
kube_test_timed_out (gpointer what)
{
  g_error ("timed out waiting: %s", (const char *) what);
  return G_SOURCE_REMOVE;
}
