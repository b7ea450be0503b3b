/* sandbox-protobuf.c: decoding the protobuf bodies `kubectl create secret|configmap` sends
 *
 * kubectl's typed client posts Secrets and ConfigMaps as protobuf and never falls back to
 * JSON, so the sandbox must read them.  The body is the four bytes "k8s\0" followed by a
 * runtime.Unknown message whose `raw` field holds the object itself.  Only the fields that
 * `kubectl create secret|configmap` can set are decoded; every other field is skipped by its
 * wire type.  The input is untrusted: every length is checked against what is left before
 * anything is read.
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sandbox-protobuf.h"

#include <string.h>

G_DEFINE_QUARK (sandbox-protobuf-error-quark, sandbox_protobuf_error)

/* Protobuf wire types. */
enum
{
  WIRE_VARINT = 0,
  WIRE_FIXED64 = 1,
  WIRE_LEN = 2,
  WIRE_START_GROUP = 3,
  WIRE_END_GROUP = 4,
  WIRE_FIXED32 = 5,
};

/* A window onto part of the body; reads never go past end. */
typedef struct
{
  const guint8 *pos;
  const guint8 *end;
} Reader;

/* One decoded field: its number, its wire type and, by wire type, its value. */
typedef struct
{
  guint32 number;
  guint wire_type;
  guint64 varint;
  Reader bytes;
} Field;

static gboolean
set_invalid (GError    **error,
             const char *what,
             const char *format,
             ...) G_GNUC_PRINTF (3, 4);

static gboolean
set_invalid (GError    **error,
             const char *what,
             const char *format,
             ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, SANDBOX_PROTOBUF_ERROR, SANDBOX_PROTOBUF_ERROR_INVALID,
               "The protobuf body is malformed: %s: %s", what, detail);
  return FALSE;
}

static gboolean
read_varint (Reader     *reader,
             guint64    *value,
             const char *what,
             GError    **error)
{
  guint64 result = 0;

  for (guint shift = 0; shift < 64; shift += 7)
    {
      guint8 byte;

      if (reader->pos >= reader->end)
        return set_invalid (error, what, "a varint is cut off by the end of its message");

      byte = *reader->pos++;
      result |= (guint64) (byte & 0x7f) << shift;
      if ((byte & 0x80) == 0)
        {
          *value = result;
          return TRUE;
        }
    }

  return set_invalid (error, what, "a varint is longer than ten bytes");
}

static gboolean
skip_bytes (Reader     *reader,
            gsize       count,
            const char *what,
            GError    **error)
{
  if ((gsize) (reader->end - reader->pos) < count)
    return set_invalid (error, what,
                        "a field needs %" G_GSIZE_FORMAT " bytes but only %" G_GSIZE_FORMAT
                        " are left", count, (gsize) (reader->end - reader->pos));

  reader->pos += count;
  return TRUE;
}

/* Reads the next field of the message in @reader into @field.  Groups (wire types 3 and 4)
 * were deprecated before Kubernetes existed and never appear in its messages, so they are
 * rejected like any other unknown wire type. */
static gboolean
read_field (Reader     *reader,
            Field      *field,
            const char *what,
            GError    **error)
{
  guint64 key;

  if (!read_varint (reader, &key, what, error))
    return FALSE;

  if ((key >> 3) == 0 || (key >> 3) > G_MAXINT32)
    return set_invalid (error, what, "field number %" G_GUINT64_FORMAT " is out of range",
                        key >> 3);

  field->number = (guint32) (key >> 3);
  field->wire_type = (guint) (key & 7);
  field->varint = 0;
  field->bytes.pos = field->bytes.end = NULL;

  switch (field->wire_type)
    {
    case WIRE_VARINT:
      return read_varint (reader, &field->varint, what, error);

    case WIRE_FIXED64:
      return skip_bytes (reader, 8, what, error);

    case WIRE_FIXED32:
      return skip_bytes (reader, 4, what, error);

    case WIRE_LEN:
      {
        guint64 length;

        if (!read_varint (reader, &length, what, error))
          return FALSE;

        if (length > (guint64) (reader->end - reader->pos))
          return set_invalid (error, what,
                              "field %u claims %" G_GUINT64_FORMAT " bytes but only %"
                              G_GSIZE_FORMAT " are left", field->number, length,
                              (gsize) (reader->end - reader->pos));

        field->bytes.pos = reader->pos;
        field->bytes.end = reader->pos + length;
        reader->pos += length;
        return TRUE;
      }

    default:
      return set_invalid (error, what, "field %u has unsupported wire type %u",
                          field->number, field->wire_type);
    }
}

static gboolean
expect_wire_type (const Field *field,
                  guint        wire_type,
                  const char  *what,
                  GError     **error)
{
  if (field->wire_type != wire_type)
    return set_invalid (error, what, "field %u has wire type %u where %u was expected",
                        field->number, field->wire_type, wire_type);
  return TRUE;
}

/* A protobuf `string`: must be UTF-8, as JSON strings must. */
static char *
field_to_string (const Field *field,
                 const char  *what,
                 GError     **error)
{
  gsize length = field->bytes.end - field->bytes.pos;

  if (!expect_wire_type (field, WIRE_LEN, what, error))
    return NULL;

  if (!g_utf8_validate_len ((const char *) field->bytes.pos, length, NULL))
    {
      set_invalid (error, what, "field %u is not valid UTF-8", field->number);
      return NULL;
    }

  return g_strndup ((const char *) field->bytes.pos, length);
}

/* A protobuf `bytes`: JSON carries it base64-encoded. */
static char *
field_to_base64 (const Field *field,
                 const char  *what,
                 GError     **error)
{
  if (!expect_wire_type (field, WIRE_LEN, what, error))
    return NULL;

  return g_base64_encode (field->bytes.pos, field->bytes.end - field->bytes.pos);
}

/* Decodes one entry of a map<string,string> or map<string,bytes> into @map.  A missing key
 * or value is the empty string, as protobuf defines; a repeated key keeps the last value. */
static gboolean
read_map_entry (const Field *field,
                JsonObject  *map,
                gboolean     values_are_bytes,
                const char  *what,
                GError     **error)
{
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;
  Reader entry;

  if (!expect_wire_type (field, WIRE_LEN, what, error))
    return FALSE;

  entry = field->bytes;
  while (entry.pos < entry.end)
    {
      Field inner;

      if (!read_field (&entry, &inner, what, error))
        return FALSE;

      if (inner.number == 1)
        {
          g_free (key);
          if ((key = field_to_string (&inner, what, error)) == NULL)
            return FALSE;
        }
      else if (inner.number == 2)
        {
          g_free (value);
          value = values_are_bytes ? field_to_base64 (&inner, what, error)
                                   : field_to_string (&inner, what, error);
          if (value == NULL)
            return FALSE;
        }
    }

  json_object_set_string_member (map, key != NULL ? key : "", value != NULL ? value : "");
  return TRUE;
}

/* The map member @name of @object, created empty on first use. */
static JsonObject *
ensure_map (JsonObject *object,
            const char *name)
{
  if (!json_object_has_member (object, name))
    json_object_set_object_member (object, name, json_object_new ());

  return json_object_get_object_member (object, name);
}

static gboolean
set_string_field (JsonObject  *object,
                  const char  *name,
                  const Field *field,
                  const char  *what,
                  GError     **error)
{
  g_autofree char *value = NULL;

  if ((value = field_to_string (field, what, error)) == NULL)
    return FALSE;

  /* Go's JSON encoding omits empty strings, and the generated protobuf code always writes
   * them; leave them out so that the result reads like the JSON kubectl would have sent. */
  if (*value != '\0')
    json_object_set_string_member (object, name, value);
  else
    json_object_remove_member (object, name);

  return TRUE;
}

/* metav1.Time: seconds and nanos since the epoch.  A zero time is written as an empty
 * message and left out of the JSON, as Go leaves it out. */
static gboolean
read_time (const Field *field,
           JsonObject  *object,
           const char  *name,
           GError     **error)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *text = NULL;
  gint64 seconds = 0;
  Reader reader;

  if (!expect_wire_type (field, WIRE_LEN, "metadata", error))
    return FALSE;

  reader = field->bytes;
  while (reader.pos < reader.end)
    {
      Field inner;

      if (!read_field (&reader, &inner, "metadata", error))
        return FALSE;

      if (inner.number == 1)
        {
          if (!expect_wire_type (&inner, WIRE_VARINT, "metadata", error))
            return FALSE;
          seconds = (gint64) inner.varint;
        }
    }

  if (seconds == 0)
    return TRUE;

  if ((time = g_date_time_new_from_unix_utc (seconds)) == NULL)
    return set_invalid (error, "metadata", "%s is out of range", name);

  text = g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
  json_object_set_string_member (object, name, text);
  return TRUE;
}

/* metav1.ObjectMeta: the fields a client may set when it creates an object. */
static JsonObject *
read_object_meta (const Field *field,
                  GError     **error)
{
  g_autoptr(JsonObject) metadata = json_object_new ();
  g_autoptr(JsonArray) finalizers = json_array_new ();
  Reader reader;

  if (!expect_wire_type (field, WIRE_LEN, "metadata", error))
    return NULL;

  reader = field->bytes;
  while (reader.pos < reader.end)
    {
      Field inner;
      gboolean ok = TRUE;

      if (!read_field (&reader, &inner, "metadata", error))
        return NULL;

      switch (inner.number)
        {
        case 1:
          ok = set_string_field (metadata, "name", &inner, "metadata.name", error);
          break;

        case 2:
          ok = set_string_field (metadata, "generateName", &inner, "metadata.generateName",
                                 error);
          break;

        case 3:
          ok = set_string_field (metadata, "namespace", &inner, "metadata.namespace", error);
          break;

        case 5:
          ok = set_string_field (metadata, "uid", &inner, "metadata.uid", error);
          break;

        case 6:
          ok = set_string_field (metadata, "resourceVersion", &inner,
                                 "metadata.resourceVersion", error);
          break;

        case 8:
          ok = read_time (&inner, metadata, "creationTimestamp", error);
          break;

        case 11:
          ok = read_map_entry (&inner, ensure_map (metadata, "labels"), FALSE,
                               "metadata.labels", error);
          break;

        case 12:
          ok = read_map_entry (&inner, ensure_map (metadata, "annotations"), FALSE,
                               "metadata.annotations", error);
          break;

        case 14:
          {
            g_autofree char *finalizer = field_to_string (&inner, "metadata.finalizers", error);

            ok = finalizer != NULL;
            if (ok)
              json_array_add_string_element (finalizers, finalizer);
          }
          break;

        default:
          /* selfLink, generation, deletion fields, owner references and managed fields are
           * the server's to set; skip them. */
          break;
        }

      if (!ok)
        return NULL;
    }

  if (json_array_get_length (finalizers) > 0)
    json_object_set_array_member (metadata, "finalizers", g_steal_pointer (&finalizers));

  return g_steal_pointer (&metadata);
}

static gboolean
read_bool (const Field *field,
           JsonObject  *object,
           const char  *name,
           GError     **error)
{
  if (!expect_wire_type (field, WIRE_VARINT, name, error))
    return FALSE;

  json_object_set_boolean_member (object, name, field->varint != 0);
  return TRUE;
}

/* v1.Secret: 1 metadata, 2 data map<string,bytes>, 3 type, 4 stringData map<string,string>,
 * 5 immutable. */
static gboolean
read_secret (Reader     *reader,
             JsonObject *object,
             GError    **error)
{
  while (reader->pos < reader->end)
    {
      Field field;
      JsonObject *metadata;
      gboolean ok = TRUE;

      if (!read_field (reader, &field, "Secret", error))
        return FALSE;

      switch (field.number)
        {
        case 1:
          if ((metadata = read_object_meta (&field, error)) == NULL)
            return FALSE;
          json_object_set_object_member (object, "metadata", metadata);
          break;

        case 2:
          ok = read_map_entry (&field, ensure_map (object, "data"), TRUE, "Secret.data", error);
          break;

        case 3:
          ok = set_string_field (object, "type", &field, "Secret.type", error);
          break;

        case 4:
          ok = read_map_entry (&field, ensure_map (object, "stringData"), FALSE,
                               "Secret.stringData", error);
          break;

        case 5:
          ok = read_bool (&field, object, "immutable", error);
          break;

        default:
          break;
        }

      if (!ok)
        return FALSE;
    }

  return TRUE;
}

/* v1.ConfigMap: 1 metadata, 2 data map<string,string>, 3 binaryData map<string,bytes>,
 * 4 immutable. */
static gboolean
read_config_map (Reader     *reader,
                 JsonObject *object,
                 GError    **error)
{
  while (reader->pos < reader->end)
    {
      Field field;
      JsonObject *metadata;
      gboolean ok = TRUE;

      if (!read_field (reader, &field, "ConfigMap", error))
        return FALSE;

      switch (field.number)
        {
        case 1:
          if ((metadata = read_object_meta (&field, error)) == NULL)
            return FALSE;
          json_object_set_object_member (object, "metadata", metadata);
          break;

        case 2:
          ok = read_map_entry (&field, ensure_map (object, "data"), FALSE, "ConfigMap.data",
                               error);
          break;

        case 3:
          ok = read_map_entry (&field, ensure_map (object, "binaryData"), TRUE,
                               "ConfigMap.binaryData", error);
          break;

        case 4:
          ok = read_bool (&field, object, "immutable", error);
          break;

        default:
          break;
        }

      if (!ok)
        return FALSE;
    }

  return TRUE;
}

/* runtime.TypeMeta inside runtime.Unknown: 1 apiVersion, 2 kind. */
static gboolean
read_type_meta (const Field *field,
                char       **api_version,
                char       **kind,
                GError     **error)
{
  Reader reader;

  if (!expect_wire_type (field, WIRE_LEN, "typeMeta", error))
    return FALSE;

  reader = field->bytes;
  while (reader.pos < reader.end)
    {
      Field inner;
      char **target = NULL;

      if (!read_field (&reader, &inner, "typeMeta", error))
        return FALSE;

      if (inner.number == 1)
        target = api_version;
      else if (inner.number == 2)
        target = kind;

      if (target != NULL)
        {
          g_free (*target);
          if ((*target = field_to_string (&inner, "typeMeta", error)) == NULL)
            return FALSE;
        }
    }

  return TRUE;
}

JsonNode *
sandbox_protobuf_decode (GBytes  *body,
                         GError **error)
{
  static const guint8 magic[4] = { 'k', '8', 's', 0 };
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *api_version = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *content_encoding = NULL;
  JsonNode *node;
  Reader reader;
  Reader raw = { NULL, NULL };
  gboolean have_raw = FALSE;
  gsize size;
  gboolean ok;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader.pos = g_bytes_get_data (body, &size);
  reader.end = reader.pos + size;

  if (size < sizeof magic || memcmp (reader.pos, magic, sizeof magic) != 0)
    {
      set_invalid (error, "envelope", "the body does not start with the bytes \"k8s\\0\"");
      return NULL;
    }
  reader.pos += sizeof magic;

  /* runtime.Unknown: 1 typeMeta, 2 raw, 3 contentEncoding, 4 contentType. */
  while (reader.pos < reader.end)
    {
      Field field;

      if (!read_field (&reader, &field, "envelope", error))
        return NULL;

      switch (field.number)
        {
        case 1:
          if (!read_type_meta (&field, &api_version, &kind, error))
            return NULL;
          break;

        case 2:
          if (!expect_wire_type (&field, WIRE_LEN, "envelope", error))
            return NULL;
          raw = field.bytes;
          have_raw = TRUE;
          break;

        case 3:
          g_free (content_encoding);
          if ((content_encoding = field_to_string (&field, "envelope", error)) == NULL)
            return NULL;
          break;

        case 4:
          /* contentType is always empty in what kubectl sends; the raw bytes are the
           * protobuf encoding of the kind named in typeMeta either way. */
          if (!expect_wire_type (&field, WIRE_LEN, "envelope", error))
            return NULL;
          break;

        default:
          break;
        }
    }

  if (kind == NULL || *kind == '\0')
    {
      set_invalid (error, "envelope", "typeMeta has no kind");
      return NULL;
    }

  if (api_version == NULL || g_strcmp0 (api_version, "v1") != 0 ||
      (g_strcmp0 (kind, "Secret") != 0 && g_strcmp0 (kind, "ConfigMap") != 0))
    {
      g_set_error (error, SANDBOX_PROTOBUF_ERROR, SANDBOX_PROTOBUF_ERROR_UNSUPPORTED,
                   "The sandbox decodes only v1 Secret and ConfigMap from protobuf, not %s %s; "
                   "send it as JSON",
                   api_version != NULL && *api_version != '\0' ? api_version : "(no apiVersion)",
                   kind);
      return NULL;
    }

  if (content_encoding != NULL && *content_encoding != '\0')
    {
      g_set_error (error, SANDBOX_PROTOBUF_ERROR, SANDBOX_PROTOBUF_ERROR_UNSUPPORTED,
                   "The protobuf body uses content encoding \"%s\", which the sandbox does "
                   "not support", content_encoding);
      return NULL;
    }

  if (!have_raw)
    {
      set_invalid (error, "envelope", "there is no raw object");
      return NULL;
    }

  object = json_object_new ();
  json_object_set_string_member (object, "apiVersion", api_version);
  json_object_set_string_member (object, "kind", kind);

  if (g_str_equal (kind, "Secret"))
    ok = read_secret (&raw, object, error);
  else
    ok = read_config_map (&raw, object, error);

  if (!ok)
    return NULL;

  if (!json_object_has_member (object, "metadata"))
    json_object_set_object_member (object, "metadata", json_object_new ());

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, g_steal_pointer (&object));
  return node;
}
