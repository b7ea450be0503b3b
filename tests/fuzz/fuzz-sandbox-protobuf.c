/* fuzz-sandbox-protobuf.c: a libFuzzer target for the sandbox's protobuf decoder, which reads
 * whatever body a client POSTs as application/vnd.kubernetes.protobuf
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sandbox-protobuf.h"

#include <string.h>

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static void
decode (GBytes *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sandbox_protobuf_decode (body, &error);

  if (node == NULL)
    {
      /* Every failure says why, in the decoder's own domain. */
      g_assert_nonnull (error);
      g_assert_true (error->domain == SANDBOX_PROTOBUF_ERROR);
      g_assert_cmpuint (strlen (error->message), >, 0);
      return;
    }

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  g_assert_true (json_object_has_member (json_node_get_object (node), "metadata"));

  /* Serializing walks every member, so that ASan sees any bad string. */
  g_free (json_to_string (node, FALSE));
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(GByteArray) framed = g_byte_array_sized_new (size + 4);
  g_autoptr(GBytes) with_magic = NULL;

  /* The input exactly as given, in a buffer of exactly its size. */
  raw = g_bytes_new (data, size);
  decode (raw);

  /* And behind the magic, so that mutations spend their time inside the envelope. */
  g_byte_array_append (framed, (const guint8 *) "k8s\0", 4);
  g_byte_array_append (framed, data, size);
  with_magic = g_byte_array_free_to_bytes (g_steal_pointer (&framed));
  decode (with_magic);

  return 0;
}
