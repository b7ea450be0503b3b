/* test-sandbox-protobuf.c: the sandbox's decoder for kubectl's protobuf Secrets and ConfigMaps
 *
 * The first case is the exact body kubectl 1.32 sent for
 * `kubectl create secret generic x --from-literal=a=b -n demo`, written out byte by byte.  The
 * others are built with a small encoder below, and the malformed ones are cut or corrupted
 * from valid bodies.
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <json-glib/json-glib.h>

#include "sandbox-protobuf.h"

/* "k8s\0", then runtime.Unknown{typeMeta{v1, Secret}, raw{Secret}, contentEncoding "",
 * contentType ""}, as observed.  ObjectMeta carries every non-pointer field, empty or zero,
 * as Go's generated marshaller writes them. */
static const guint8 observed_secret[] = {
  0x6b, 0x38, 0x73, 0x00,
  /* typeMeta */
  0x0a, 0x0c,
    0x0a, 0x02, 'v', '1',
    0x12, 0x06, 'S', 'e', 'c', 'r', 'e', 't',
  /* raw */
  0x12, 0x21,
    /* metadata */
    0x0a, 0x15,
      0x0a, 0x01, 'x',                   /* name */
      0x12, 0x00,                        /* generateName */
      0x1a, 0x04, 'd', 'e', 'm', 'o',    /* namespace */
      0x22, 0x00,                        /* selfLink */
      0x2a, 0x00,                        /* uid */
      0x32, 0x00,                        /* resourceVersion */
      0x38, 0x00,                        /* generation */
      0x42, 0x00,                        /* creationTimestamp (zero) */
    /* data entry a = b */
    0x12, 0x06,
      0x0a, 0x01, 'a',
      0x12, 0x01, 'b',
    /* type "" */
    0x1a, 0x00,
  /* contentEncoding, contentType */
  0x1a, 0x00,
  0x22, 0x00,
};

static const char observed_secret_json[] =
  "{\"apiVersion\":\"v1\",\"kind\":\"Secret\","
  "\"metadata\":{\"name\":\"x\",\"namespace\":\"demo\"},"
  "\"data\":{\"a\":\"Yg==\"}}";

/* What kubectl 1.32 sent for `kubectl create namespace foo`, `kubectl create service
 * clusterip s1 --tcp=80:8080 --tcp=443:https -n demo` and `kubectl create
 * poddisruptionbudget p1|p2 --selector=… --min-available=50%|--max-unavailable=1`, recorded
 * byte for byte. */
static const guint8 observed_namespace[] = {
  0x6b, 0x38, 0x73, 0x00, 0x0a, 0x0f, 0x0a, 0x02, 0x76, 0x31, 0x12, 0x09,
  0x4e, 0x61, 0x6d, 0x65, 0x73, 0x70, 0x61, 0x63, 0x65, 0x12, 0x1b, 0x0a,
  0x13, 0x0a, 0x03, 0x66, 0x6f, 0x6f, 0x12, 0x00, 0x1a, 0x00, 0x22, 0x00,
  0x2a, 0x00, 0x32, 0x00, 0x38, 0x00, 0x42, 0x00, 0x12, 0x00, 0x1a, 0x02,
  0x0a, 0x00, 0x1a, 0x00, 0x22, 0x00,
};

static const guint8 observed_service[] = {
  0x6b, 0x38, 0x73, 0x00, 0x0a, 0x0d, 0x0a, 0x02, 0x76, 0x31, 0x12, 0x07,
  0x53, 0x65, 0x72, 0x76, 0x69, 0x63, 0x65, 0x12, 0x8a, 0x01, 0x0a, 0x1d,
  0x0a, 0x02, 0x73, 0x31, 0x12, 0x00, 0x1a, 0x00, 0x22, 0x00, 0x2a, 0x00,
  0x32, 0x00, 0x38, 0x00, 0x42, 0x00, 0x5a, 0x09, 0x0a, 0x03, 0x61, 0x70,
  0x70, 0x12, 0x02, 0x73, 0x31, 0x12, 0x65, 0x0a, 0x1b, 0x0a, 0x07, 0x38,
  0x30, 0x2d, 0x38, 0x30, 0x38, 0x30, 0x12, 0x03, 0x54, 0x43, 0x50, 0x18,
  0x50, 0x22, 0x07, 0x08, 0x00, 0x10, 0x90, 0x3f, 0x1a, 0x00, 0x28, 0x00,
  0x0a, 0x22, 0x0a, 0x09, 0x34, 0x34, 0x33, 0x2d, 0x68, 0x74, 0x74, 0x70,
  0x73, 0x12, 0x03, 0x54, 0x43, 0x50, 0x18, 0xbb, 0x03, 0x22, 0x0b, 0x08,
  0x01, 0x10, 0x00, 0x1a, 0x05, 0x68, 0x74, 0x74, 0x70, 0x73, 0x28, 0x00,
  0x12, 0x09, 0x0a, 0x03, 0x61, 0x70, 0x70, 0x12, 0x02, 0x73, 0x31, 0x1a,
  0x00, 0x22, 0x09, 0x43, 0x6c, 0x75, 0x73, 0x74, 0x65, 0x72, 0x49, 0x50,
  0x3a, 0x00, 0x42, 0x00, 0x52, 0x00, 0x5a, 0x00, 0x60, 0x00, 0x68, 0x00,
  0x1a, 0x02, 0x0a, 0x00, 0x1a, 0x00, 0x22, 0x00,
};

static const guint8 observed_pdb_min_available[] = {
  0x6b, 0x38, 0x73, 0x00, 0x0a, 0x20, 0x0a, 0x09, 0x70, 0x6f, 0x6c, 0x69,
  0x63, 0x79, 0x2f, 0x76, 0x31, 0x12, 0x13, 0x50, 0x6f, 0x64, 0x44, 0x69,
  0x73, 0x72, 0x75, 0x70, 0x74, 0x69, 0x6f, 0x6e, 0x42, 0x75, 0x64, 0x67,
  0x65, 0x74, 0x12, 0x48, 0x0a, 0x12, 0x0a, 0x02, 0x70, 0x31, 0x12, 0x00,
  0x1a, 0x00, 0x22, 0x00, 0x2a, 0x00, 0x32, 0x00, 0x38, 0x00, 0x42, 0x00,
  0x12, 0x26, 0x0a, 0x09, 0x08, 0x01, 0x10, 0x00, 0x1a, 0x03, 0x35, 0x30,
  0x25, 0x12, 0x19, 0x0a, 0x09, 0x0a, 0x03, 0x61, 0x70, 0x70, 0x12, 0x02,
  0x65, 0x73, 0x0a, 0x0c, 0x0a, 0x04, 0x74, 0x69, 0x65, 0x72, 0x12, 0x04,
  0x64, 0x61, 0x74, 0x61, 0x1a, 0x0a, 0x08, 0x00, 0x18, 0x00, 0x20, 0x00,
  0x28, 0x00, 0x30, 0x00, 0x1a, 0x00, 0x22, 0x00,
};

static const guint8 observed_pdb_max_unavailable[] = {
  0x6b, 0x38, 0x73, 0x00, 0x0a, 0x20, 0x0a, 0x09, 0x70, 0x6f, 0x6c, 0x69,
  0x63, 0x79, 0x2f, 0x76, 0x31, 0x12, 0x13, 0x50, 0x6f, 0x64, 0x44, 0x69,
  0x73, 0x72, 0x75, 0x70, 0x74, 0x69, 0x6f, 0x6e, 0x42, 0x75, 0x64, 0x67,
  0x65, 0x74, 0x12, 0x37, 0x0a, 0x12, 0x0a, 0x02, 0x70, 0x32, 0x12, 0x00,
  0x1a, 0x00, 0x22, 0x00, 0x2a, 0x00, 0x32, 0x00, 0x38, 0x00, 0x42, 0x00,
  0x12, 0x15, 0x12, 0x0b, 0x0a, 0x09, 0x0a, 0x03, 0x61, 0x70, 0x70, 0x12,
  0x02, 0x65, 0x73, 0x1a, 0x06, 0x08, 0x00, 0x10, 0x01, 0x1a, 0x00, 0x1a,
  0x0a, 0x08, 0x00, 0x18, 0x00, 0x20, 0x00, 0x28, 0x00, 0x30, 0x00, 0x1a,
  0x00, 0x22, 0x00,
};

typedef struct
{
  const char *name;
  const guint8 *data;
  gsize size;
  const char *json;
} ObservedCase;

static const ObservedCase observed_cases[] = {
  { "namespace", observed_namespace, sizeof observed_namespace,
    "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"foo\"}}" },
  { "service", observed_service, sizeof observed_service,
    "{\"apiVersion\":\"v1\",\"kind\":\"Service\","
    "\"metadata\":{\"name\":\"s1\",\"labels\":{\"app\":\"s1\"}},"
    "\"spec\":{\"ports\":["
    "{\"name\":\"80-8080\",\"protocol\":\"TCP\",\"port\":80,\"targetPort\":8080},"
    "{\"name\":\"443-https\",\"protocol\":\"TCP\",\"port\":443,\"targetPort\":\"https\"}],"
    "\"selector\":{\"app\":\"s1\"},\"type\":\"ClusterIP\"}}" },
  { "pdb-min-available", observed_pdb_min_available, sizeof observed_pdb_min_available,
    "{\"apiVersion\":\"policy/v1\",\"kind\":\"PodDisruptionBudget\","
    "\"metadata\":{\"name\":\"p1\"},"
    "\"spec\":{\"minAvailable\":\"50%\","
    "\"selector\":{\"matchLabels\":{\"app\":\"es\",\"tier\":\"data\"}}}}" },
  { "pdb-max-unavailable", observed_pdb_max_unavailable, sizeof observed_pdb_max_unavailable,
    "{\"apiVersion\":\"policy/v1\",\"kind\":\"PodDisruptionBudget\","
    "\"metadata\":{\"name\":\"p2\"},"
    "\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"es\"}},\"maxUnavailable\":1}}" },
};

/* A minimal protobuf encoder, for building test bodies. */

static void
put_varint (GByteArray *out,
            guint64     value)
{
  do
    {
      guint8 byte = value & 0x7f;

      value >>= 7;
      if (value != 0)
        byte |= 0x80;
      g_byte_array_append (out, &byte, 1);
    }
  while (value != 0);
}

static void
put_bytes (GByteArray   *out,
           guint         number,
           const guint8 *data,
           gsize         length)
{
  put_varint (out, (number << 3) | 2);
  put_varint (out, length);
  g_byte_array_append (out, data, length);
}

static void
put_string (GByteArray *out,
            guint       number,
            const char *value)
{
  put_bytes (out, number, (const guint8 *) value, strlen (value));
}

static void
put_message (GByteArray *out,
             guint       number,
             GByteArray *message)
{
  put_bytes (out, number, message->data, message->len);
}

static void
put_uint (GByteArray *out,
          guint       number,
          guint64     value)
{
  put_varint (out, number << 3);
  put_varint (out, value);
}

static void
put_map_entry (GByteArray *out,
               guint       number,
               const char *key,
               const char *value)
{
  g_autoptr(GByteArray) entry = g_byte_array_new ();

  put_string (entry, 1, key);
  put_string (entry, 2, value);
  put_message (out, number, entry);
}

/* The whole body: magic, then runtime.Unknown around @raw. */
static GBytes *
envelope (const char *api_version,
          const char *kind,
          GByteArray *raw)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GByteArray) type_meta = g_byte_array_new ();

  g_byte_array_append (out, (const guint8 *) "k8s\0", 4);
  put_string (type_meta, 1, api_version);
  put_string (type_meta, 2, kind);
  put_message (out, 1, type_meta);
  put_message (out, 2, raw);
  put_string (out, 3, "");
  put_string (out, 4, "");

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static void
assert_json (JsonNode   *node,
             const char *expected)
{
  g_autoptr(JsonNode) want = json_from_string (expected, NULL);
  g_autofree char *got = json_to_string (node, FALSE);

  g_assert_nonnull (want);
  if (!json_node_equal (node, want))
    g_error ("decoded %s\nexpected %s", got, expected);
}

static void
test_observed_secret (void)
{
  g_autoptr(GBytes) body = g_bytes_new_static (observed_secret, sizeof observed_secret);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = sandbox_protobuf_decode (body, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  assert_json (node, observed_secret_json);
}

static void
test_secret_all_fields (void)
{
  g_autoptr(GByteArray) raw = g_byte_array_new ();
  g_autoptr(GByteArray) meta = g_byte_array_new ();
  g_autoptr(GByteArray) entry = g_byte_array_new ();
  g_autoptr(GByteArray) time = g_byte_array_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  static const guint8 binary[] = { 0x00, 0xff, 0x10, 0x80 };

  put_string (meta, 2, "tls-");
  put_string (meta, 3, "search");
  put_uint (meta, 7, 3);
  put_uint (time, 1, 1767225600);  /* 2026-01-01T00:00:00Z */
  put_message (meta, 8, time);
  put_map_entry (meta, 11, "app.kubernetes.io/name", "elasticsearch");
  put_map_entry (meta, 11, "tier", "data");
  put_map_entry (meta, 12, "note", "made by a test");
  put_string (meta, 14, "example.com/keep");
  put_message (raw, 1, meta);

  put_string (entry, 1, "tls.key");
  put_bytes (entry, 2, binary, sizeof binary);
  put_message (raw, 2, entry);
  put_string (raw, 3, "kubernetes.io/tls");
  put_map_entry (raw, 4, "password", "s3cret");
  put_uint (raw, 5, 1);

  body = envelope ("v1", "Secret", raw);
  node = sandbox_protobuf_decode (body, &error);
  g_assert_no_error (error);
  assert_json (node,
               "{\"apiVersion\":\"v1\",\"kind\":\"Secret\","
               "\"metadata\":{\"generateName\":\"tls-\",\"namespace\":\"search\","
               "\"creationTimestamp\":\"2026-01-01T00:00:00Z\","
               "\"labels\":{\"app.kubernetes.io/name\":\"elasticsearch\",\"tier\":\"data\"},"
               "\"annotations\":{\"note\":\"made by a test\"},"
               "\"finalizers\":[\"example.com/keep\"]},"
               "\"data\":{\"tls.key\":\"AP8QgA==\"},"
               "\"type\":\"kubernetes.io/tls\","
               "\"stringData\":{\"password\":\"s3cret\"},"
               "\"immutable\":true}");
}

static GBytes *
build_config_map (void)
{
  g_autoptr(GByteArray) raw = g_byte_array_new ();
  g_autoptr(GByteArray) meta = g_byte_array_new ();
  g_autoptr(GByteArray) entry = g_byte_array_new ();
  static const guint8 blob[] = { 'h', 'i', 0x00, 0x01 };

  put_string (meta, 1, "elasticsearch-config");
  put_string (meta, 3, "demo");
  put_map_entry (meta, 11, "app.kubernetes.io/managed-by", "searchdeck");
  put_message (raw, 1, meta);
  put_map_entry (raw, 2, "elasticsearch.yml", "cluster.name: demo\nnode.roles: [data]\n");
  put_map_entry (raw, 2, "log4j2.properties", "");
  put_string (entry, 1, "blob.bin");
  put_bytes (entry, 2, blob, sizeof blob);
  put_message (raw, 3, entry);
  put_uint (raw, 4, 0);

  return envelope ("v1", "ConfigMap", raw);
}

static const char config_map_json[] =
  "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
  "\"metadata\":{\"name\":\"elasticsearch-config\",\"namespace\":\"demo\","
  "\"labels\":{\"app.kubernetes.io/managed-by\":\"searchdeck\"}},"
  "\"data\":{\"elasticsearch.yml\":\"cluster.name: demo\\nnode.roles: [data]\\n\","
  "\"log4j2.properties\":\"\"},"
  "\"binaryData\":{\"blob.bin\":\"aGkAAQ==\"},"
  "\"immutable\":false}";

static void
test_config_map (void)
{
  g_autoptr(GBytes) body = build_config_map ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = sandbox_protobuf_decode (body, &error);
  g_assert_no_error (error);
  assert_json (node, config_map_json);
}

/* Fields the decoder does not know, of every wire type it accepts, are skipped. */
static void
test_unknown_fields_skipped (void)
{
  g_autoptr(GByteArray) raw = g_byte_array_new ();
  g_autoptr(GByteArray) meta = g_byte_array_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  /* field 20 as fixed64, field 21 as fixed32 */
  static const guint8 fixed64[] = { 0xa1, 0x01, 2, 3, 4, 5, 6, 7, 8, 9 };
  static const guint8 fixed32[] = { 0xad, 0x01, 2, 3, 4, 5 };

  put_string (meta, 1, "cm");
  put_string (meta, 4, "/api/v1/namespaces/demo/configmaps/cm");  /* selfLink */
  put_uint (meta, 99, 12345);
  put_message (raw, 1, meta);
  g_byte_array_append (raw, fixed64, sizeof fixed64);
  g_byte_array_append (raw, fixed32, sizeof fixed32);
  put_string (raw, 17, "future field");

  body = envelope ("v1", "ConfigMap", raw);
  node = sandbox_protobuf_decode (body, &error);
  g_assert_no_error (error);
  assert_json (node,
               "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm\"}}");
}

static void
test_unsupported_kind (void)
{
  g_autoptr(GByteArray) raw = g_byte_array_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  put_string (raw, 1, "");
  body = envelope ("apps/v1", "StatefulSet", raw);
  node = sandbox_protobuf_decode (body, &error);
  g_assert_null (node);
  g_assert_error (error, SANDBOX_PROTOBUF_ERROR, SANDBOX_PROTOBUF_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "apps/v1 StatefulSet"));
  g_clear_error (&error);
  g_clear_pointer (&body, g_bytes_unref);

  body = envelope ("v1", "Pod", raw);
  node = sandbox_protobuf_decode (body, &error);
  g_assert_null (node);
  g_assert_error (error, SANDBOX_PROTOBUF_ERROR, SANDBOX_PROTOBUF_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "v1 Pod"));
}

static void
test_content_encoding_unsupported (void)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GByteArray) type_meta = g_byte_array_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_byte_array_append (out, (const guint8 *) "k8s\0", 4);
  put_string (type_meta, 1, "v1");
  put_string (type_meta, 2, "Secret");
  put_message (out, 1, type_meta);
  put_string (out, 2, "\x1f\x8b");
  put_string (out, 3, "gzip");
  body = g_byte_array_free_to_bytes (g_steal_pointer (&out));

  node = sandbox_protobuf_decode (body, &error);
  g_assert_null (node);
  g_assert_error (error, SANDBOX_PROTOBUF_ERROR, SANDBOX_PROTOBUF_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "gzip"));
}

/* Every prefix of a valid body either fails as INVALID or, where the cut falls between two
 * fields of the envelope after `raw`, decodes to the same object (those trailing fields are
 * optional).  Nothing may read past the cut: ASan checks that with a copy of exactly the
 * prefix's length. */
static void
check_truncations (const guint8 *data,
                   gsize         size,
                   const gsize  *valid_cuts,
                   const char   *expected)
{
  for (gsize cut = 0; cut < size; cut++)
    {
      g_autoptr(GBytes) body = g_bytes_new (data, cut);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;
      gboolean should_decode = FALSE;

      for (const gsize *v = valid_cuts; *v != 0; v++)
        should_decode |= (*v == cut);

      node = sandbox_protobuf_decode (body, &error);
      if (should_decode)
        {
          g_assert_no_error (error);
          assert_json (node, expected);
        }
      else
        {
          if (node != NULL)
            g_error ("a body cut to %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT
                     " bytes was accepted", cut, size);
          g_assert_error (error, SANDBOX_PROTOBUF_ERROR, SANDBOX_PROTOBUF_ERROR_INVALID);
          g_assert_cmpstr (error->message, !=, "");
        }
    }
}

static void
test_truncated_secret (void)
{
  /* 53 bytes end right after raw, 55 after contentEncoding. */
  static const gsize valid_cuts[] = { 53, 55, 0 };

  g_assert_cmpuint (sizeof observed_secret, ==, 57);
  check_truncations (observed_secret, sizeof observed_secret, valid_cuts,
                     observed_secret_json);
}

static void
test_truncated_config_map (void)
{
  g_autoptr(GBytes) body = build_config_map ();
  gsize size;
  const guint8 *data = g_bytes_get_data (body, &size);
  gsize cuts[] = { size - 4, size - 2, 0 };

  check_truncations (data, size, cuts, config_map_json);
}

typedef struct
{
  const char *name;
  const guint8 *data;
  gsize size;
  const char *message_part;
} MalformedCase;

#define CASE(n, part, ...) \
  { n, (const guint8[]) { __VA_ARGS__ }, sizeof ((const guint8[]) { __VA_ARGS__ }), part }

static const MalformedCase malformed_cases[] = {
  CASE ("no magic", "k8s", 'k', '8', 'x', 0, 0x0a, 0x00),
  CASE ("only magic", "no kind", 'k', '8', 's', 0),
  CASE ("field number zero", "out of range", 'k', '8', 's', 0, 0x02, 0x00),
  CASE ("group wire type", "wire type 3", 'k', '8', 's', 0, 0x0b, 0x0c),
  CASE ("end group wire type", "wire type 4", 'k', '8', 's', 0, 0x0c),
  CASE ("wire type 6", "wire type 6", 'k', '8', 's', 0, 0x0e, 0x01),
  CASE ("eleven-byte varint", "longer than ten", 'k', '8', 's', 0, 0x08,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01),
  CASE ("length past the end", "claims", 'k', '8', 's', 0, 0x0a, 0x05, 0x00),
  CASE ("huge length", "claims", 'k', '8', 's', 0, 0x12,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01),
  CASE ("fixed64 cut", "needs 8", 'k', '8', 's', 0, 0x09, 1, 2, 3),
  CASE ("fixed32 cut", "needs 4", 'k', '8', 's', 0, 0x0d, 1, 2, 3),
  CASE ("typeMeta as varint", "wire type 0", 'k', '8', 's', 0, 0x08, 0x01),
  CASE ("kind as varint", "wire type 0", 'k', '8', 's', 0, 0x0a, 0x02, 0x10, 0x01),
  CASE ("kind not UTF-8", "UTF-8", 'k', '8', 's', 0, 0x0a, 0x04, 0x12, 0x02, 0xc3, 0x28),
  CASE ("no raw", "no raw", 'k', '8', 's', 0,
        0x0a, 0x0c, 0x0a, 0x02, 'v', '1', 0x12, 0x06, 'S', 'e', 'c', 'r', 'e', 't'),
  CASE ("raw as fixed32", "wire type 5", 'k', '8', 's', 0,
        0x0a, 0x0c, 0x0a, 0x02, 'v', '1', 0x12, 0x06, 'S', 'e', 'c', 'r', 'e', 't',
        0x15, 1, 2, 3, 4),
  CASE ("metadata as varint", "wire type 0", 'k', '8', 's', 0,
        0x0a, 0x0c, 0x0a, 0x02, 'v', '1', 0x12, 0x06, 'S', 'e', 'c', 'r', 'e', 't',
        0x12, 0x02, 0x08, 0x01),
  CASE ("name not UTF-8", "metadata.name", 'k', '8', 's', 0,
        0x0a, 0x0c, 0x0a, 0x02, 'v', '1', 0x12, 0x06, 'S', 'e', 'c', 'r', 'e', 't',
        0x12, 0x05, 0x0a, 0x03, 0x0a, 0x01, 0xff),
  CASE ("immutable as bytes", "wire type 2", 'k', '8', 's', 0,
        0x0a, 0x0c, 0x0a, 0x02, 'v', '1', 0x12, 0x06, 'S', 'e', 'c', 'r', 'e', 't',
        0x12, 0x02, 0x2a, 0x00),
  CASE ("data entry length past its message", "claims", 'k', '8', 's', 0,
        0x0a, 0x0c, 0x0a, 0x02, 'v', '1', 0x12, 0x06, 'S', 'e', 'c', 'r', 'e', 't',
        0x12, 0x04, 0x12, 0x02, 0x0a, 0x05),
  CASE ("data key as varint", "wire type 0", 'k', '8', 's', 0,
        0x0a, 0x0c, 0x0a, 0x02, 'v', '1', 0x12, 0x06, 'S', 'e', 'c', 'r', 'e', 't',
        0x12, 0x04, 0x12, 0x02, 0x08, 0x01),
  CASE ("ConfigMap value not UTF-8", "ConfigMap.data", 'k', '8', 's', 0,
        0x0a, 0x0f, 0x0a, 0x02, 'v', '1', 0x12, 0x09, 'C', 'o', 'n', 'f', 'i', 'g', 'M', 'a',
        'p', 0x12, 0x08, 0x12, 0x06, 0x0a, 0x01, 'k', 0x12, 0x01, 0xfe),
  CASE ("creationTimestamp seconds as bytes", "wire type 2", 'k', '8', 's', 0,
        0x0a, 0x0c, 0x0a, 0x02, 'v', '1', 0x12, 0x06, 'S', 'e', 'c', 'r', 'e', 't',
        0x12, 0x06, 0x0a, 0x04, 0x42, 0x02, 0x0a, 0x00),
};

static void
test_malformed (gconstpointer data)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  const MalformedCase *c = data;

  body = g_bytes_new (c->data, c->size);

  node = sandbox_protobuf_decode (body, &error);
  g_assert_null (node);
  g_assert_error (error, SANDBOX_PROTOBUF_ERROR, SANDBOX_PROTOBUF_ERROR_INVALID);
  if (strstr (error->message, c->message_part) == NULL)
    g_error ("%s: message \"%s\" does not mention \"%s\"", c->name, error->message,
             c->message_part);
}

/* Flipping any single byte of a valid body must never crash or read out of bounds; whatever
 * is decoded must be a JSON object. */
static void
test_corrupted_bytes (void)
{
  for (gsize i = 4; i < sizeof observed_secret; i++)
    {
      static const guint8 replacements[] = { 0x00, 0x07, 0x7f, 0x80, 0xff };

      for (gsize r = 0; r < G_N_ELEMENTS (replacements); r++)
        {
          g_autoptr(GBytes) body = NULL;
          g_autoptr(GError) error = NULL;
          g_autoptr(JsonNode) node = NULL;
          g_autofree guint8 *copy = g_memdup2 (observed_secret, sizeof observed_secret);

          copy[i] = replacements[r];
          body = g_bytes_new (copy, sizeof observed_secret);
          node = sandbox_protobuf_decode (body, &error);
          if (node != NULL)
            {
              g_assert_no_error (error);
              g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
            }
          else
            {
              g_assert_nonnull (error);
              g_assert_true (error->domain == SANDBOX_PROTOBUF_ERROR);
            }
        }
    }
}

static void
test_observed_other_kinds (gconstpointer data)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  const ObservedCase *c = data;
  gsize valid_cuts[] = { c->size - 4, c->size - 2, 0 };

  body = g_bytes_new_static (c->data, c->size);

  node = sandbox_protobuf_decode (body, &error);
  g_assert_no_error (error);
  assert_json (node, c->json);

  /* Every body ends with the empty contentEncoding and contentType fields. */
  check_truncations (c->data, c->size, valid_cuts, c->json);
}

/* The Service and PodDisruptionBudget fields kubectl's generators leave unset. */
static void
test_service_and_pdb_fields (void)
{
  g_autoptr(GByteArray) raw = g_byte_array_new ();
  g_autoptr(GByteArray) meta = g_byte_array_new ();
  g_autoptr(GByteArray) spec = g_byte_array_new ();
  g_autoptr(GByteArray) port = g_byte_array_new ();
  g_autoptr(GByteArray) target = g_byte_array_new ();
  g_autoptr(GByteArray) selector = g_byte_array_new ();
  g_autoptr(GByteArray) requirement = g_byte_array_new ();
  g_autoptr(GByteArray) zero = g_byte_array_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) body2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) node2 = NULL;

  put_string (meta, 1, "elasticsearch-discovery");
  put_message (raw, 1, meta);
  put_string (port, 1, "transport");
  put_uint (port, 3, 9300);
  put_uint (target, 1, 0);
  put_uint (target, 2, 0);
  put_message (port, 4, target);   /* unset: left to the server */
  put_uint (port, 5, 30300);
  put_string (port, 6, "kubernetes.io/h2c");
  put_message (spec, 1, port);
  put_string (spec, 3, "None");
  put_string (spec, 5, "192.0.2.1");
  put_string (spec, 5, "192.0.2.2");
  put_uint (spec, 13, 1);
  put_string (spec, 17, "SingleStack");
  put_string (spec, 18, "None");
  put_string (spec, 19, "IPv4");
  put_string (spec, 22, "Cluster");
  put_message (raw, 2, spec);
  body = envelope ("v1", "Service", raw);
  node = sandbox_protobuf_decode (body, &error);
  g_assert_no_error (error);
  assert_json (node,
               "{\"apiVersion\":\"v1\",\"kind\":\"Service\","
               "\"metadata\":{\"name\":\"elasticsearch-discovery\"},"
               "\"spec\":{\"ports\":[{\"name\":\"transport\",\"port\":9300,"
               "\"nodePort\":30300,\"appProtocol\":\"kubernetes.io/h2c\"}],"
               "\"clusterIP\":\"None\",\"externalIPs\":[\"192.0.2.1\",\"192.0.2.2\"],"
               "\"publishNotReadyAddresses\":true,\"ipFamilyPolicy\":\"SingleStack\","
               "\"clusterIPs\":[\"None\"],\"ipFamilies\":[\"IPv4\"],"
               "\"internalTrafficPolicy\":\"Cluster\"}}");

  /* A PodDisruptionBudget whose maxUnavailable is explicitly 0, with an expression. */
  g_byte_array_set_size (raw, 0);
  g_byte_array_set_size (spec, 0);
  put_message (raw, 1, meta);
  put_uint (zero, 2, 0);
  put_message (spec, 3, zero);
  put_string (requirement, 1, "tier");
  put_string (requirement, 2, "In");
  put_string (requirement, 3, "data");
  put_string (requirement, 3, "ingest");
  put_message (selector, 2, requirement);
  put_message (spec, 2, selector);
  put_string (spec, 4, "AlwaysAllow");
  put_message (raw, 2, spec);
  body2 = envelope ("policy/v1", "PodDisruptionBudget", raw);
  node2 = sandbox_protobuf_decode (body2, &error);
  g_assert_no_error (error);
  assert_json (node2,
               "{\"apiVersion\":\"policy/v1\",\"kind\":\"PodDisruptionBudget\","
               "\"metadata\":{\"name\":\"elasticsearch-discovery\"},"
               "\"spec\":{\"maxUnavailable\":0,\"selector\":{\"matchExpressions\":["
               "{\"key\":\"tier\",\"operator\":\"In\",\"values\":[\"data\",\"ingest\"]}]},"
               "\"unhealthyPodEvictionPolicy\":\"AlwaysAllow\"}}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/protobuf/observed-secret", test_observed_secret);
  g_test_add_func ("/sandbox/protobuf/secret-all-fields", test_secret_all_fields);
  g_test_add_func ("/sandbox/protobuf/config-map", test_config_map);
  g_test_add_func ("/sandbox/protobuf/unknown-fields-skipped", test_unknown_fields_skipped);
  g_test_add_func ("/sandbox/protobuf/unsupported-kind", test_unsupported_kind);
  g_test_add_func ("/sandbox/protobuf/content-encoding-unsupported",
                   test_content_encoding_unsupported);
  g_test_add_func ("/sandbox/protobuf/truncated-secret", test_truncated_secret);
  g_test_add_func ("/sandbox/protobuf/truncated-config-map", test_truncated_config_map);
  g_test_add_func ("/sandbox/protobuf/corrupted-bytes", test_corrupted_bytes);
  g_test_add_func ("/sandbox/protobuf/service-and-pdb-fields", test_service_and_pdb_fields);

  for (gsize i = 0; i < G_N_ELEMENTS (observed_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sandbox/protobuf/observed/%s",
                                               observed_cases[i].name);

      g_test_add_data_func (path, &observed_cases[i], test_observed_other_kinds);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (malformed_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sandbox/protobuf/malformed/%s",
                                               malformed_cases[i].name);

      g_test_add_data_func (path, &malformed_cases[i], test_malformed);
    }

  return g_test_run ();
}
