/* kube-quantity.h: Kubernetes resource quantities ("3800m", "15266816Ki", "1.5Gi", "2e3")
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Reads a quantity as the API server writes it (a node's allocatable, a container's
 * requests): a non-negative decimal number, then a decimal SI suffix (m, k, M, G, T, P, E),
 * a binary one (Ki, Mi, Gi, Ti, Pi, Ei) or a decimal exponent (e3, E-2).  FALSE when @text
 * is not such a quantity or its value does not fit.
 *
 * _parse gives whole units, rounded up as the API server rounds (bytes: "1.5Ki" → 1536);
 * _parse_millis gives thousandths (CPU: "3800m" → 3800, "2" → 2000, "0.5" → 500). */
gboolean kube_quantity_parse        (const char *text,
                                     guint64    *value);
gboolean kube_quantity_parse_millis (const char *text,
                                     guint64    *millis);

G_END_DECLS
