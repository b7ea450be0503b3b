/* kube-channel.h: the framing of Kubernetes' channel WebSocket protocols
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* In `v4.channel.k8s.io` port-forwarding, each forwarded port has two
 * channels, data (2 × i) and error (2 × i + 1), and the server opens each
 * with the port number as a 16-bit little-endian integer before any payload.
 * The reader follows one WebSocket's channels and hands back payloads with
 * those preambles taken off, whatever way the server split its messages. */
typedef enum
{
  KUBE_CHANNEL_NONE,      /* nothing to hand on: a preamble, an empty message */
  KUBE_CHANNEL_DATA,
  KUBE_CHANNEL_ERROR,
  KUBE_CHANNEL_INVALID,   /* a channel this stream does not have */
} KubeChannelKind;

#define KUBE_CHANNEL_MAX_PORTS 8

typedef struct
{
  guint   n_ports;
  /* Bytes of preamble still to skip, per channel; the port each preamble
   * named, once read whole. */
  guint8  preamble_left[2 * KUBE_CHANNEL_MAX_PORTS];
  guint8  preamble[2 * KUBE_CHANNEL_MAX_PORTS][2];
} KubeChannelReader;

/* @n_ports: how many ports the request forwarded, 1 to KUBE_CHANNEL_MAX_PORTS. */
void            kube_channel_reader_init   (KubeChannelReader  *reader,
                                            guint               n_ports);

/* Reads one binary WebSocket message.  On DATA and ERROR, @port_index is the
 * port's index in the request and @payload / @payload_size what follows the
 * channel byte and any preamble (possibly empty). */
KubeChannelKind kube_channel_reader_feed   (KubeChannelReader  *reader,
                                            const guint8       *message,
                                            gsize               message_size,
                                            guint              *port_index,
                                            const guint8      **payload,
                                            gsize              *payload_size);

/* The port number the server announced on @port_index's data channel, or 0
 * when its preamble has not arrived whole yet. */
guint16         kube_channel_reader_get_port (const KubeChannelReader *reader,
                                              guint                    port_index);

G_END_DECLS
