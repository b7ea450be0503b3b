/* fuzz-kube-quantity.c: a libFuzzer target for the reader of resource quantities, which
 * reads what a server says of its nodes and pods
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "kube-quantity.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  guint64 whole = 0;
  guint64 millis = 0;
  gboolean whole_ok = kube_quantity_parse (text, &whole);
  gboolean millis_ok = kube_quantity_parse_millis (text, &millis);

  /* Thousandths that fit make whole units that fit, the same value rounded up. */
  if (millis_ok)
    {
      g_assert_true (whole_ok);
      g_assert_cmpuint (whole, ==, millis / 1000 + (millis % 1000 != 0));
    }

  return 0;
}
