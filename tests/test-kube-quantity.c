/* test-kube-quantity.c: Kubernetes resource quantities as the API server writes them
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kube-quantity.h"

static void
test_whole_units (void)
{
  static const struct { const char *text; guint64 value; } cases[] = {
    { "0", 0 },
    { "94580335255", G_GUINT64_CONSTANT (94580335255) },
    { "15266816Ki", G_GUINT64_CONSTANT (15266816) * 1024 },
    { "2Gi", G_GUINT64_CONSTANT (2) << 30 },
    { "1.5Gi", G_GUINT64_CONSTANT (3) << 29 },
    { "512Mi", G_GUINT64_CONSTANT (512) << 20 },
    { "1Ei", G_GUINT64_CONSTANT (1) << 60 },
    { "500M", G_GUINT64_CONSTANT (500000000) },
    { "1k", 1000 },
    { "2E", G_GUINT64_CONSTANT (2000000000000000000) },
    { "1e3", 1000 },
    { "1E3", 1000 },
    { "12e+2", 1200 },
    { "+7", 7 },
    { "0.5", 1 },             /* rounded up */
    { "1500m", 2 },           /* rounded up */
    { "1000m", 1 },
    { "0.001Ki", 2 },         /* 1.024 bytes, rounded up */
    { "0003", 3 },
    { "5e-1", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint64 value = 12345;

      g_test_message ("%s", cases[i].text);
      g_assert_true (kube_quantity_parse (cases[i].text, &value));
      g_assert_cmpuint (value, ==, cases[i].value);
    }
}

static void
test_millis (void)
{
  static const struct { const char *text; guint64 value; } cases[] = {
    { "3800m", 3800 },
    { "4", 4000 },
    { "0.5", 500 },
    { "1.25", 1250 },
    { "100m", 100 },
    { "0.0001", 1 },          /* rounded up */
    { "2k", 2000000 },
    { "1e-3", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint64 value = 12345;

      g_test_message ("%s", cases[i].text);
      g_assert_true (kube_quantity_parse_millis (cases[i].text, &value));
      g_assert_cmpuint (value, ==, cases[i].value);
    }
}

static void
test_refused (void)
{
  static const char * const cases[] = {
    "", "Gi", ".", "+", "-1", "-0.5Gi", "1 Gi", "1GB", "1gi", "1ki", "1e", "1e+", "1.2.3",
    "1Gix", "x", "20Ei", "99999999999999999999", "1e40", "abc", "1..5", "1ee3",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint64 value = 12345;

      g_test_message ("%s", cases[i]);
      g_assert_false (kube_quantity_parse (cases[i], &value));
      g_assert_cmpuint (value, ==, 12345);
    }

  g_assert_false (kube_quantity_parse (NULL, &(guint64) { 0 }));
  /* What fits as bytes can overflow as thousandths. */
  g_assert_true (kube_quantity_parse ("10E", &(guint64) { 0 }));
  g_assert_false (kube_quantity_parse_millis ("10E", &(guint64) { 0 }));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kube/quantity/whole-units", test_whole_units);
  g_test_add_func ("/kube/quantity/millis", test_millis);
  g_test_add_func ("/kube/quantity/refused", test_refused);

  return g_test_run ();
}
