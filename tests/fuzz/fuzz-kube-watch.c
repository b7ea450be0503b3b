/* fuzz-kube-watch.c: a libFuzzer target for the watch stream decoder and the event reader,
 * fed the way a network would: in reads of arbitrary sizes
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "kube-watch.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(KubeWatchDecoder) decoder = kube_watch_decoder_new (64 * 1024);
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gsize offset = 1;
  guint read_size;

  if (size == 0)
    return 0;

  /* The first byte sets the size of every read, 1 to 256 bytes. */
  read_size = (guint) data[0] + 1;

  while (offset < size)
    {
      g_autoptr(GError) error = NULL;
      gsize length = MIN (read_size, size - offset);

      if (!kube_watch_decoder_feed (decoder, (const char *) data + offset, length, frames,
                                    &error))
        {
          g_assert_true (error->domain == KUBE_ERROR);
          break;
        }
      offset += length;
    }

  for (guint i = 0; i < frames->len; i++)
    {
      g_autoptr(JsonNode) object = NULL;
      g_autoptr(KubeStatus) status = NULL;
      g_autoptr(GError) error = NULL;
      KubeWatchEventType type;
      gsize length = 0;
      const char *frame = g_bytes_get_data (g_ptr_array_index (frames, i), &length);

      /* Every frame is one whole object, as the decoder promises. */
      g_assert_cmpuint (length, >=, 2);
      g_assert_cmpint (frame[0], ==, '{');
      g_assert_cmpint (frame[length - 1], ==, '}');

      if (kube_watch_event_parse (frame, length, &type, &object, &status, &error))
        {
          g_assert_nonnull (object);
          g_assert_true (JSON_NODE_HOLDS_OBJECT (object));
          g_assert_true (type != KUBE_WATCH_EVENT_ERROR || status == NULL || status->causes);
        }
      else
        {
          g_assert_nonnull (error);
        }
    }

  return 0;
}
