/* kube-quantity.c: Kubernetes resource quantities ("3800m", "15266816Ki", "1.5Gi", "2e3")
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The grammar is the API's (k8s.io/apimachinery resource.Quantity): a signed decimal
 * number and a suffix, either a binary SI one (Ki = 2^10 … Ei = 2^60), a decimal SI one
 * (m = 10^-3 … E = 10^18) or an exponent (e or E, then a signed integer).  Negative
 * quantities do not occur in what this is used for (capacities and requests), so they are
 * refused.  The arithmetic is exact on 64-bit integers, with overflow checked.
 */

#include "kube-quantity.h"

#include <string.h>

#define MAX_DIGITS 19   /* 10^19 still fits a guint64 */

static gboolean
multiply (guint64 *value,
          guint64  factor)
{
  return g_uint64_checked_mul (value, *value, factor);
}

/* *value * 10^exponent, for exponent >= 0. */
static gboolean
scale_up (guint64 *value,
          int      exponent)
{
  for (int i = 0; i < exponent; i++)
    {
      if (*value == 0)
        return TRUE;
      if (!multiply (value, 10))
        return FALSE;
    }

  return TRUE;
}

static gboolean
parse_suffix (const char *suffix,
              int        *exponent10,
              guint      *exponent2)
{
  static const struct { const char *suffix; int e10; guint e2; } table[] = {
    { "", 0, 0 },
    { "m", -3, 0 }, { "k", 3, 0 }, { "M", 6, 0 }, { "G", 9, 0 }, { "T", 12, 0 },
    { "P", 15, 0 }, { "E", 18, 0 },
    { "Ki", 0, 10 }, { "Mi", 0, 20 }, { "Gi", 0, 30 }, { "Ti", 0, 40 }, { "Pi", 0, 50 },
    { "Ei", 0, 60 },
  };
  gint64 exponent;
  char *end = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      if (strcmp (suffix, table[i].suffix) == 0)
        {
          *exponent10 = table[i].e10;
          *exponent2 = table[i].e2;
          return TRUE;
        }
    }

  /* A decimal exponent: "e3", "E-2", "e+6". */
  if ((suffix[0] == 'e' || suffix[0] == 'E') && suffix[1] != '\0')
    {
      const char *digits = suffix + 1;

      if (*digits == '+' || *digits == '-')
        digits++;
      if (!g_ascii_isdigit (*digits))
        return FALSE;
      exponent = g_ascii_strtoll (suffix + 1, &end, 10);
      if (end == NULL || *end != '\0' || exponent < -64 || exponent > 64)
        return FALSE;
      *exponent10 = (int) exponent;
      *exponent2 = 0;
      return TRUE;
    }

  return FALSE;
}

/* The quantity in units of 10^-@precision, rounded up. */
static gboolean
parse_scaled (const char *text,
              int         precision,
              guint64    *result)
{
  const char *p = text;
  guint64 mantissa = 0;
  guint digits = 0;
  int fraction_digits = 0;
  gboolean seen_point = FALSE;
  gboolean seen_digit = FALSE;
  int exponent10;
  guint exponent2;
  int total;

  if (text == NULL)
    return FALSE;

  if (*p == '+')
    p++;

  for (; g_ascii_isdigit (*p) || (*p == '.' && !seen_point); p++)
    {
      if (*p == '.')
        {
          seen_point = TRUE;
          continue;
        }
      seen_digit = TRUE;
      /* Leading zeros cost nothing; other digits beyond what fits are refused. */
      if (mantissa == 0 && *p == '0')
        {
          if (seen_point)
            fraction_digits++;
          continue;
        }
      if (++digits > MAX_DIGITS)
        return FALSE;
      mantissa = mantissa * 10 + (guint64) (*p - '0');
      if (seen_point)
        fraction_digits++;
    }

  /* At least one digit. */
  if (!seen_digit)
    return FALSE;

  if (!parse_suffix (p, &exponent10, &exponent2))
    return FALSE;

  /* value = mantissa × 10^(exponent10 − fraction_digits) × 2^exponent2, in 10^-precision */
  if (exponent2 > 0 && !multiply (&mantissa, G_GUINT64_CONSTANT (1) << exponent2))
    return FALSE;

  total = exponent10 - fraction_digits + precision;
  if (total >= 0)
    {
      if (!scale_up (&mantissa, total))
        return FALSE;
      *result = mantissa;
      return TRUE;
    }

  /* Divide by 10^-total, rounding up. */
  if (-total > MAX_DIGITS)
    {
      *result = mantissa > 0 ? 1 : 0;
      return TRUE;
    }
  {
    guint64 divisor = 1;

    for (int i = 0; i < -total; i++)
      divisor *= 10;
    *result = mantissa / divisor + (mantissa % divisor != 0);
  }

  return TRUE;
}

gboolean
kube_quantity_parse (const char *text,
                     guint64    *value)
{
  guint64 parsed;

  g_return_val_if_fail (value != NULL, FALSE);

  if (!parse_scaled (text, 0, &parsed))
    return FALSE;

  *value = parsed;
  return TRUE;
}

gboolean
kube_quantity_parse_millis (const char *text,
                            guint64    *millis)
{
  guint64 parsed;

  g_return_val_if_fail (millis != NULL, FALSE);

  if (!parse_scaled (text, 3, &parsed))
    return FALSE;

  *millis = parsed;
  return TRUE;
}
