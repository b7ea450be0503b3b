/* test-kube-channel.c: reading v4.channel.k8s.io port-forward messages
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kube-channel.h"

static KubeChannelKind
feed (KubeChannelReader *reader,
      const char        *message,
      gsize              size,
      guint             *port_index,
      char             **text)
{
  const guint8 *payload;
  gsize payload_size;
  KubeChannelKind kind;

  kind = kube_channel_reader_feed (reader, (const guint8 *) message, size, port_index,
                                   &payload, &payload_size);
  *text = g_strndup ((const char *) payload, payload_size);

  return kind;
}

static void
test_preambles (void)
{
  KubeChannelReader reader;
  g_autofree char *text = NULL;
  guint port_index;

  kube_channel_reader_init (&reader, 1);
  g_assert_cmpuint (kube_channel_reader_get_port (&reader, 0), ==, 0);

  /* The server's first messages: port 9200 (0x23f0) on both channels. */
  g_assert_cmpint (feed (&reader, "\x00\xf0\x23", 3, &port_index, &text), ==, KUBE_CHANNEL_NONE);
  g_clear_pointer (&text, g_free);
  g_assert_cmpuint (kube_channel_reader_get_port (&reader, 0), ==, 9200);
  g_assert_cmpint (feed (&reader, "\x01\xf0\x23", 3, &port_index, &text), ==, KUBE_CHANNEL_NONE);
  g_clear_pointer (&text, g_free);

  /* Then the data, which may hold any byte. */
  g_assert_cmpint (feed (&reader, "\x00HTTP/1.1 200 OK", 16, &port_index, &text), ==,
                   KUBE_CHANNEL_DATA);
  g_assert_cmpstr (text, ==, "HTTP/1.1 200 OK");
  g_assert_cmpuint (port_index, ==, 0);
  g_clear_pointer (&text, g_free);

  g_assert_cmpint (feed (&reader, "\x01" "connection refused", 19, &port_index, &text), ==,
                   KUBE_CHANNEL_ERROR);
  g_assert_cmpstr (text, ==, "connection refused");
}

static void
test_split_preamble (void)
{
  KubeChannelReader reader;
  g_autofree char *text = NULL;
  guint port_index;

  kube_channel_reader_init (&reader, 1);

  /* One byte of the port, then the other with the first payload. */
  g_assert_cmpint (feed (&reader, "\x00\xf0", 2, &port_index, &text), ==, KUBE_CHANNEL_NONE);
  g_clear_pointer (&text, g_free);
  g_assert_cmpuint (kube_channel_reader_get_port (&reader, 0), ==, 0);
  g_assert_cmpint (feed (&reader, "\x00\x23hello", 7, &port_index, &text), ==,
                   KUBE_CHANNEL_DATA);
  g_assert_cmpstr (text, ==, "hello");
  g_assert_cmpuint (kube_channel_reader_get_port (&reader, 0), ==, 9200);
}

static void
test_bad_messages (void)
{
  KubeChannelReader reader;
  g_autofree char *text = NULL;
  guint port_index;

  kube_channel_reader_init (&reader, 2);

  /* Empty, and a channel beyond the two ports' four. */
  g_assert_cmpint (feed (&reader, "", 0, &port_index, &text), ==, KUBE_CHANNEL_NONE);
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (feed (&reader, "\x04xx", 3, &port_index, &text), ==, KUBE_CHANNEL_INVALID);
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (feed (&reader, "\xff", 1, &port_index, &text), ==, KUBE_CHANNEL_INVALID);
  g_clear_pointer (&text, g_free);

  /* The second port's data channel is 2. */
  g_assert_cmpint (feed (&reader, "\x02\x50\x25payload", 10, &port_index, &text), ==,
                   KUBE_CHANNEL_DATA);
  g_assert_cmpuint (port_index, ==, 1);
  g_assert_cmpstr (text, ==, "payload");
  g_assert_cmpuint (kube_channel_reader_get_port (&reader, 1), ==, 9552);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kube/channel/preambles", test_preambles);
  g_test_add_func ("/kube/channel/split-preamble", test_split_preamble);
  g_test_add_func ("/kube/channel/bad-messages", test_bad_messages);

  return g_test_run ();
}
