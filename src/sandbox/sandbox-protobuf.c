/* sandbox-protobuf.c: decoding the protobuf bodies of `kubectl create`
 *
 * kubectl's typed client posts the objects of `kubectl create secret|configmap|namespace|
 * service|poddisruptionbudget` as protobuf and never falls back to JSON, so the sandbox must
 * read them.  The body is the four bytes "k8s\0" followed by a runtime.Unknown message whose
 * `raw` field holds the object itself.  Only the fields a client sets when it creates such an
 * object are decoded; every other field is skipped by its wire type.  The input is untrusted:
 * every length is checked against what is left before anything is read.
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

/* Field 1 of every top-level kind: its ObjectMeta. */
static gboolean
read_metadata_field (const Field *field,
                     JsonObject  *object,
                     GError     **error)
{
  JsonObject *metadata = read_object_meta (field, error);

  if (metadata == NULL)
    return FALSE;

  json_object_set_object_member (object, "metadata", metadata);
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
      gboolean ok = TRUE;

      if (!read_field (reader, &field, "Secret", error))
        return FALSE;

      switch (field.number)
        {
        case 1:
          ok = read_metadata_field (&field, object, error);
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
      gboolean ok = TRUE;

      if (!read_field (reader, &field, "ConfigMap", error))
        return FALSE;

      switch (field.number)
        {
        case 1:
          ok = read_metadata_field (&field, object, error);
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

/* Appends a `repeated string` element to the array member @name, created on first use. */
static gboolean
append_string_field (JsonObject  *object,
                     const char  *name,
                     const Field *field,
                     const char  *what,
                     GError     **error)
{
  g_autofree char *value = field_to_string (field, what, error);

  if (value == NULL)
    return FALSE;

  if (!json_object_has_member (object, name))
    json_object_set_array_member (object, name, json_array_new ());
  json_array_add_string_element (json_object_get_array_member (object, name), value);
  return TRUE;
}

/* An int32 or int64 field, which protobuf writes as a varint (negative numbers as their
 * 64-bit two's complement).  Zero is left out, as Go's JSON leaves out unset numbers. */
static gboolean
set_int_field (JsonObject  *object,
               const char  *name,
               const Field *field,
               const char  *what,
               GError     **error)
{
  if (!expect_wire_type (field, WIRE_VARINT, what, error))
    return FALSE;

  if (field->varint != 0)
    json_object_set_int_member (object, name, (gint64) field->varint);
  else
    json_object_remove_member (object, name);
  return TRUE;
}

/* A bool that is only worth writing when true. */
static gboolean
set_true_field (JsonObject  *object,
                const char  *name,
                const Field *field,
                const char  *what,
                GError     **error)
{
  if (!expect_wire_type (field, WIRE_VARINT, what, error))
    return FALSE;

  if (field->varint != 0)
    json_object_set_boolean_member (object, name, TRUE);
  return TRUE;
}

/* intstr.IntOrString: 1 type (0 int, 1 string), 2 intVal, 3 strVal.  Returns a number or a
 * string node; @is_zero tells whether it is the unset value (the number 0). */
static JsonNode *
read_int_or_string (const Field *field,
                    const char  *what,
                    gboolean    *is_zero,
                    GError     **error)
{
  g_autofree char *text = NULL;
  guint64 type = 0;
  gint64 number = 0;
  JsonNode *node;
  Reader reader;

  if (!expect_wire_type (field, WIRE_LEN, what, error))
    return NULL;

  reader = field->bytes;
  while (reader.pos < reader.end)
    {
      Field inner;

      if (!read_field (&reader, &inner, what, error))
        return NULL;

      if (inner.number == 1 || inner.number == 2)
        {
          if (!expect_wire_type (&inner, WIRE_VARINT, what, error))
            return NULL;
          if (inner.number == 1)
            type = inner.varint;
          else
            number = (gint32) (guint32) inner.varint;
        }
      else if (inner.number == 3)
        {
          g_free (text);
          if ((text = field_to_string (&inner, what, error)) == NULL)
            return NULL;
        }
    }

  node = json_node_new (JSON_NODE_VALUE);
  if (type == 1)
    json_node_set_string (node, text != NULL ? text : "");
  else
    json_node_set_int (node, number);

  *is_zero = type != 1 && number == 0;
  return node;
}

/* v1.Namespace: 1 metadata, 2 spec {1 finalizers}, 3 status (the server's). */
static gboolean
read_namespace (Reader     *reader,
                JsonObject *object,
                GError    **error)
{
  while (reader->pos < reader->end)
    {
      Field field;

      if (!read_field (reader, &field, "Namespace", error))
        return FALSE;

      if (field.number == 1 && !read_metadata_field (&field, object, error))
        return FALSE;

      if (field.number == 2)
        {
          g_autoptr(JsonObject) spec = json_object_new ();
          Reader inner_reader;

          if (!expect_wire_type (&field, WIRE_LEN, "Namespace.spec", error))
            return FALSE;

          inner_reader = field.bytes;
          while (inner_reader.pos < inner_reader.end)
            {
              Field inner;

              if (!read_field (&inner_reader, &inner, "Namespace.spec", error))
                return FALSE;
              if (inner.number == 1 &&
                  !append_string_field (spec, "finalizers", &inner, "Namespace.spec", error))
                return FALSE;
            }

          if (json_object_get_size (spec) > 0)
            json_object_set_object_member (object, "spec", g_steal_pointer (&spec));
        }
    }

  return TRUE;
}

/* v1.ServicePort: 1 name, 2 protocol, 3 port, 4 targetPort, 5 nodePort, 6 appProtocol. */
static gboolean
read_service_port (const Field *field,
                   JsonObject  *spec,
                   GError     **error)
{
  g_autoptr(JsonObject) port = json_object_new ();
  const char *what = "Service.spec.ports";
  Reader reader;

  if (!expect_wire_type (field, WIRE_LEN, what, error))
    return FALSE;

  reader = field->bytes;
  while (reader.pos < reader.end)
    {
      Field inner;
      gboolean ok = TRUE;

      if (!read_field (&reader, &inner, what, error))
        return FALSE;

      switch (inner.number)
        {
        case 1:
          ok = set_string_field (port, "name", &inner, what, error);
          break;

        case 2:
          ok = set_string_field (port, "protocol", &inner, what, error);
          break;

        case 3:
          ok = set_int_field (port, "port", &inner, what, error);
          break;

        case 4:
          {
            gboolean is_zero;
            JsonNode *target = read_int_or_string (&inner, what, &is_zero, error);

            ok = target != NULL;
            /* An unset targetPort defaults to the port, so leave it to the server. */
            if (ok && !is_zero)
              json_object_set_member (port, "targetPort", target);
            else if (ok)
              json_node_unref (target);
          }
          break;

        case 5:
          ok = set_int_field (port, "nodePort", &inner, what, error);
          break;

        case 6:
          ok = set_string_field (port, "appProtocol", &inner, what, error);
          break;

        default:
          break;
        }

      if (!ok)
        return FALSE;
    }

  if (!json_object_has_member (spec, "ports"))
    json_object_set_array_member (spec, "ports", json_array_new ());
  json_array_add_object_element (json_object_get_array_member (spec, "ports"),
                                 g_steal_pointer (&port));
  return TRUE;
}

/* v1.ServiceSpec, the fields `kubectl create service` and a client creating a Service set. */
static gboolean
read_service_spec (const Field *field,
                   JsonObject  *object,
                   GError     **error)
{
  g_autoptr(JsonObject) spec = json_object_new ();
  const char *what = "Service.spec";
  Reader reader;

  if (!expect_wire_type (field, WIRE_LEN, what, error))
    return FALSE;

  reader = field->bytes;
  while (reader.pos < reader.end)
    {
      Field inner;
      gboolean ok = TRUE;

      if (!read_field (&reader, &inner, what, error))
        return FALSE;

      switch (inner.number)
        {
        case 1:
          ok = read_service_port (&inner, spec, error);
          break;

        case 2:
          ok = read_map_entry (&inner, ensure_map (spec, "selector"), FALSE,
                               "Service.spec.selector", error);
          break;

        case 3:
          ok = set_string_field (spec, "clusterIP", &inner, what, error);
          break;

        case 4:
          ok = set_string_field (spec, "type", &inner, what, error);
          break;

        case 5:
          ok = append_string_field (spec, "externalIPs", &inner, what, error);
          break;

        case 7:
          ok = set_string_field (spec, "sessionAffinity", &inner, what, error);
          break;

        case 8:
          ok = set_string_field (spec, "loadBalancerIP", &inner, what, error);
          break;

        case 10:
          ok = set_string_field (spec, "externalName", &inner, what, error);
          break;

        case 11:
          ok = set_string_field (spec, "externalTrafficPolicy", &inner, what, error);
          break;

        case 13:
          ok = set_true_field (spec, "publishNotReadyAddresses", &inner, what, error);
          break;

        case 17:
          ok = set_string_field (spec, "ipFamilyPolicy", &inner, what, error);
          break;

        case 18:
          ok = append_string_field (spec, "clusterIPs", &inner, what, error);
          break;

        case 19:
          ok = append_string_field (spec, "ipFamilies", &inner, what, error);
          break;

        case 21:
          ok = set_string_field (spec, "loadBalancerClass", &inner, what, error);
          break;

        case 22:
          ok = set_string_field (spec, "internalTrafficPolicy", &inner, what, error);
          break;

        default:
          break;
        }

      if (!ok)
        return FALSE;
    }

  json_object_set_object_member (object, "spec", g_steal_pointer (&spec));
  return TRUE;
}

/* v1.Service: 1 metadata, 2 spec, 3 status (the server's). */
static gboolean
read_service (Reader     *reader,
              JsonObject *object,
              GError    **error)
{
  while (reader->pos < reader->end)
    {
      Field field;

      if (!read_field (reader, &field, "Service", error))
        return FALSE;

      if (field.number == 1 && !read_metadata_field (&field, object, error))
        return FALSE;
      if (field.number == 2 && !read_service_spec (&field, object, error))
        return FALSE;
    }

  return TRUE;
}

/* metav1.LabelSelector: 1 matchLabels, 2 matchExpressions {1 key, 2 operator, 3 values}. */
static gboolean
read_label_selector (const Field *field,
                     JsonObject  *spec,
                     GError     **error)
{
  g_autoptr(JsonObject) selector = json_object_new ();
  const char *what = "selector";
  Reader reader;

  if (!expect_wire_type (field, WIRE_LEN, what, error))
    return FALSE;

  reader = field->bytes;
  while (reader.pos < reader.end)
    {
      Field inner;

      if (!read_field (&reader, &inner, what, error))
        return FALSE;

      if (inner.number == 1 &&
          !read_map_entry (&inner, ensure_map (selector, "matchLabels"), FALSE,
                           "selector.matchLabels", error))
        return FALSE;

      if (inner.number == 2)
        {
          g_autoptr(JsonObject) requirement = json_object_new ();
          Reader requirement_reader;

          if (!expect_wire_type (&inner, WIRE_LEN, what, error))
            return FALSE;

          requirement_reader = inner.bytes;
          while (requirement_reader.pos < requirement_reader.end)
            {
              Field part;
              gboolean ok = TRUE;

              if (!read_field (&requirement_reader, &part, what, error))
                return FALSE;

              if (part.number == 1)
                ok = set_string_field (requirement, "key", &part, what, error);
              else if (part.number == 2)
                ok = set_string_field (requirement, "operator", &part, what, error);
              else if (part.number == 3)
                ok = append_string_field (requirement, "values", &part, what, error);

              if (!ok)
                return FALSE;
            }

          if (!json_object_has_member (selector, "matchExpressions"))
            json_object_set_array_member (selector, "matchExpressions", json_array_new ());
          json_array_add_object_element (json_object_get_array_member (selector,
                                                                       "matchExpressions"),
                                         g_steal_pointer (&requirement));
        }
    }

  json_object_set_object_member (spec, "selector", g_steal_pointer (&selector));
  return TRUE;
}

/* policy/v1.PodDisruptionBudget: 1 metadata, 2 spec {1 minAvailable, 2 selector,
 * 3 maxUnavailable, 4 unhealthyPodEvictionPolicy}, 3 status (the server's). */
static gboolean
read_pod_disruption_budget (Reader     *reader,
                            JsonObject *object,
                            GError    **error)
{
  const char *what = "PodDisruptionBudget.spec";

  while (reader->pos < reader->end)
    {
      g_autoptr(JsonObject) spec = NULL;
      Field field;
      Reader spec_reader;

      if (!read_field (reader, &field, "PodDisruptionBudget", error))
        return FALSE;

      if (field.number == 1 && !read_metadata_field (&field, object, error))
        return FALSE;
      if (field.number != 2)
        continue;

      if (!expect_wire_type (&field, WIRE_LEN, what, error))
        return FALSE;

      spec = json_object_new ();
      spec_reader = field.bytes;
      while (spec_reader.pos < spec_reader.end)
        {
          Field inner;
          gboolean ok = TRUE;

          if (!read_field (&spec_reader, &inner, what, error))
            return FALSE;

          if (inner.number == 1 || inner.number == 3)
            {
              gboolean is_zero;
              JsonNode *value = read_int_or_string (&inner, what, &is_zero, error);

              /* Both are pointers in Go: present means set, even to 0. */
              ok = value != NULL;
              if (ok)
                json_object_set_member (spec, inner.number == 1 ? "minAvailable"
                                                                : "maxUnavailable", value);
            }
          else if (inner.number == 2)
            ok = read_label_selector (&inner, spec, error);
          else if (inner.number == 4)
            ok = set_string_field (spec, "unhealthyPodEvictionPolicy", &inner, what, error);

          if (!ok)
            return FALSE;
        }

      json_object_set_object_member (object, "spec", g_steal_pointer (&spec));
    }

  return TRUE;
}

/* authorization/v1 ResourceAttributes: 1 namespace, 2 verb, 3 group, 4 version, 5 resource,
 * 6 subresource, 7 name (8 and 9, the selectors, are left out); NonResourceAttributes:
 * 1 path, 2 verb. */
static gboolean
read_attributes (const Field *field,
                 JsonObject  *spec,
                 const char  *member,
                 GError     **error)
{
  static const char * const resource_names[] = {
    NULL, "namespace", "verb", "group", "version", "resource", "subresource", "name"
  };
  static const char * const non_resource_names[] = { NULL, "path", "verb" };
  gboolean resource = g_str_equal (member, "resourceAttributes");
  g_autoptr(JsonObject) attributes = json_object_new ();
  Reader reader;

  if (!expect_wire_type (field, WIRE_LEN, member, error))
    return FALSE;

  reader = field->bytes;
  while (reader.pos < reader.end)
    {
      Field inner;
      guint count = resource ? G_N_ELEMENTS (resource_names) : G_N_ELEMENTS (non_resource_names);
      const char *name;

      if (!read_field (&reader, &inner, member, error))
        return FALSE;
      if (inner.number == 0 || inner.number >= count)
        continue;
      name = resource ? resource_names[inner.number] : non_resource_names[inner.number];
      if (!set_string_field (attributes, name, &inner, member, error))
        return FALSE;
    }

  json_object_set_object_member (spec, member, g_steal_pointer (&attributes));
  return TRUE;
}

/* authorization/v1 SelfSubjectAccessReview (`kubectl auth can-i`): 1 metadata, 2 spec
 * {1 resourceAttributes, 2 nonResourceAttributes}, 3 status (the server's). */
static gboolean
read_self_subject_access_review (Reader     *reader,
                                 JsonObject *object,
                                 GError    **error)
{
  while (reader->pos < reader->end)
    {
      Field field;

      if (!read_field (reader, &field, "SelfSubjectAccessReview", error))
        return FALSE;

      if (field.number == 1 && !read_metadata_field (&field, object, error))
        return FALSE;

      if (field.number == 2)
        {
          g_autoptr(JsonObject) spec = json_object_new ();
          Reader inner_reader;

          if (!expect_wire_type (&field, WIRE_LEN, "SelfSubjectAccessReview.spec", error))
            return FALSE;

          inner_reader = field.bytes;
          while (inner_reader.pos < inner_reader.end)
            {
              Field inner;

              if (!read_field (&inner_reader, &inner, "SelfSubjectAccessReview.spec", error))
                return FALSE;
              if (inner.number == 1
                  && !read_attributes (&inner, spec, "resourceAttributes", error))
                return FALSE;
              if (inner.number == 2
                  && !read_attributes (&inner, spec, "nonResourceAttributes", error))
                return FALSE;
            }

          json_object_set_object_member (object, "spec", g_steal_pointer (&spec));
        }
    }

  return TRUE;
}

typedef gboolean (*KindReader) (Reader     *reader,
                                JsonObject *object,
                                GError    **error);

/* The kinds kubectl's typed client creates and the sandbox serves. */
static const struct
{
  const char *api_version;
  const char *kind;
  KindReader read;
} kind_readers[] = {
  { "v1", "Secret", read_secret },
  { "v1", "ConfigMap", read_config_map },
  { "v1", "Namespace", read_namespace },
  { "v1", "Service", read_service },
  { "policy/v1", "PodDisruptionBudget", read_pod_disruption_budget },
  { "authorization.k8s.io/v1", "SelfSubjectAccessReview", read_self_subject_access_review },
};

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
  KindReader read = NULL;
  gboolean have_raw = FALSE;
  gsize size;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* An empty GBytes may hold no pointer at all; never do arithmetic on NULL. */
  reader.pos = g_bytes_get_data (body, &size);
  if (reader.pos == NULL)
    reader.pos = magic;
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

  for (gsize i = 0; i < G_N_ELEMENTS (kind_readers); i++)
    if (g_strcmp0 (api_version, kind_readers[i].api_version) == 0 &&
        g_str_equal (kind, kind_readers[i].kind))
      read = kind_readers[i].read;

  if (read == NULL)
    {
      g_set_error (error, SANDBOX_PROTOBUF_ERROR, SANDBOX_PROTOBUF_ERROR_UNSUPPORTED,
                   "The sandbox decodes from protobuf only v1 Secret, ConfigMap, Namespace and "
                   "Service, policy/v1 PodDisruptionBudget and authorization.k8s.io/v1 "
                   "SelfSubjectAccessReview, not %s %s; send it as JSON",
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

  if (!read (&raw, object, error))
    return NULL;

  if (!json_object_has_member (object, "metadata"))
    json_object_set_object_member (object, "metadata", json_object_new ());

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, g_steal_pointer (&object));
  return node;
}
