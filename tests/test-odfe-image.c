/* test-odfe-image.c: telling search cluster images apart
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "odfe-image.h"

static void
test_parse (void)
{
  static const struct
  {
    const char  *image;
    OdfeFlavour  flavour;
    const char  *version;
  } cases[] = {
    { "amazon/opendistro-for-elasticsearch:1.13.3", ODFE_FLAVOUR_OPEN_DISTRO, "1.13.3" },
    { "opensearchproject/opensearch:2.11.1", ODFE_FLAVOUR_OPENSEARCH, "2.11.1" },
    { "docker.elastic.co/elasticsearch/elasticsearch-oss:7.10.2",
      ODFE_FLAVOUR_ELASTICSEARCH, "7.10.2" },
    /* A registry with a port, and a mirror's path. */
    { "registry.example.com:5000/mirror/opendistro-for-elasticsearch:1.13.2",
      ODFE_FLAVOUR_OPEN_DISTRO, "1.13.2" },
    { "registry.example.com:5000/opendistro-for-elasticsearch", ODFE_FLAVOUR_OPEN_DISTRO, NULL },
    /* A digest says nothing readable; a tag beside it does. */
    { "opensearchproject/opensearch@sha256:0123abcd", ODFE_FLAVOUR_OPENSEARCH, NULL },
    { "opensearchproject/opensearch:2.9.0@sha256:0123abcd", ODFE_FLAVOUR_OPENSEARCH, "2.9.0" },
    /* Not search clusters. */
    { "postgres:15", ODFE_FLAVOUR_UNKNOWN, NULL },
    { "example/opensearch-dashboards:2.11.1", ODFE_FLAVOUR_UNKNOWN, NULL },
    { "", ODFE_FLAVOUR_UNKNOWN, NULL },
    { NULL, ODFE_FLAVOUR_UNKNOWN, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *version = NULL;

      g_test_message ("%s", cases[i].image ? cases[i].image : "(null)");
      g_assert_cmpint (odfe_image_parse (cases[i].image, &version), ==, cases[i].flavour);
      g_assert_cmpstr (version, ==, cases[i].version);
      g_assert_cmpint (odfe_image_is_search (cases[i].image), ==,
                       cases[i].flavour != ODFE_FLAVOUR_UNKNOWN);
    }
}

static void
test_describe (void)
{
  g_autofree char *odfe = odfe_image_describe ("amazon/opendistro-for-elasticsearch:1.13.3");
  g_autofree char *latest = odfe_image_describe ("opensearchproject/opensearch:latest");
  g_autofree char *other = odfe_image_describe ("nginx:1.25");

  g_assert_cmpstr (odfe, ==, "Open Distro 1.13.3");
  g_assert_cmpstr (latest, ==, "OpenSearch");
  g_assert_cmpstr (other, ==, "Unknown image");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/odfe/image/parse", test_parse);
  g_test_add_func ("/odfe/image/describe", test_describe);

  return g_test_run ();
}
