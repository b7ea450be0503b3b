/* kube-channel.c: the framing of Kubernetes' channel WebSocket protocols
 *
 * Every message starts with one byte naming its channel; the rest is
 * payload.  What comes from the server is untrusted: a message may be empty,
 * name a channel the stream does not have, or split a preamble across
 * messages, and none of that may read past the message's end.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kube-channel.h"

void
kube_channel_reader_init (KubeChannelReader *reader,
                          guint              n_ports)
{
  g_return_if_fail (reader != NULL);
  g_return_if_fail (n_ports >= 1 && n_ports <= KUBE_CHANNEL_MAX_PORTS);

  memset (reader, 0, sizeof *reader);
  reader->n_ports = n_ports;
  for (guint i = 0; i < 2 * n_ports; i++)
    reader->preamble_left[i] = 2;
}

KubeChannelKind
kube_channel_reader_feed (KubeChannelReader  *reader,
                          const guint8       *message,
                          gsize               message_size,
                          guint              *port_index,
                          const guint8      **payload,
                          gsize              *payload_size)
{
  guint channel;

  g_return_val_if_fail (reader != NULL, KUBE_CHANNEL_INVALID);
  g_return_val_if_fail (message != NULL || message_size == 0, KUBE_CHANNEL_INVALID);

  *payload = NULL;
  *payload_size = 0;
  *port_index = 0;

  if (message_size == 0)
    return KUBE_CHANNEL_NONE;

  channel = message[0];
  if (channel >= 2 * reader->n_ports)
    return KUBE_CHANNEL_INVALID;

  message++;
  message_size--;

  /* The preamble may arrive a byte at a time. */
  while (reader->preamble_left[channel] > 0 && message_size > 0)
    {
      guint offset = 2 - reader->preamble_left[channel];

      reader->preamble[channel][offset] = message[0];
      reader->preamble_left[channel]--;
      message++;
      message_size--;
    }

  if (message_size == 0)
    return KUBE_CHANNEL_NONE;

  *port_index = channel / 2;
  *payload = message;
  *payload_size = message_size;

  return channel % 2 == 0 ? KUBE_CHANNEL_DATA : KUBE_CHANNEL_ERROR;
}

guint16
kube_channel_reader_get_port (const KubeChannelReader *reader,
                              guint                    port_index)
{
  guint channel = 2 * port_index;

  g_return_val_if_fail (reader != NULL, 0);
  g_return_val_if_fail (port_index < reader->n_ports, 0);

  if (reader->preamble_left[channel] > 0)
    return 0;

  return (guint16) (reader->preamble[channel][0] | (reader->preamble[channel][1] << 8));
}
