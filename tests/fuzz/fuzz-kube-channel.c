/* fuzz-kube-channel.c: libFuzzer target for the port-forward channel framing
 *
 * The input is cut into WebSocket messages, each led by a length byte, and
 * fed to one reader of two ports, as a hostile server could send them.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kube-channel.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  KubeChannelReader reader;

  kube_channel_reader_init (&reader, 2);

  while (size > 0)
    {
      gsize length = MIN ((gsize) data[0], size - 1);
      const guint8 *payload;
      gsize payload_size;
      guint port_index;
      KubeChannelKind kind;

      kind = kube_channel_reader_feed (&reader, data + 1, length, &port_index,
                                       &payload, &payload_size);

      /* What comes back lies inside the message, past its channel byte. */
      if (kind == KUBE_CHANNEL_DATA || kind == KUBE_CHANNEL_ERROR)
        {
          g_assert (port_index < 2);
          g_assert (payload > data + 1 && payload + payload_size <= data + 1 + length);
        }
      else
        g_assert (payload == NULL && payload_size == 0);

      kube_channel_reader_get_port (&reader, 0);
      kube_channel_reader_get_port (&reader, 1);

      data += 1 + length;
      size -= 1 + length;
    }

  return 0;
}
