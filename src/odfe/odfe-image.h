/* odfe-image.h: what a container image says about the search cluster it runs
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  ODFE_FLAVOUR_UNKNOWN,
  ODFE_FLAVOUR_OPEN_DISTRO,     /* amazon/opendistro-for-elasticsearch */
  ODFE_FLAVOUR_OPENSEARCH,      /* opensearchproject/opensearch */
  ODFE_FLAVOUR_ELASTICSEARCH,   /* docker.elastic.co/elasticsearch/elasticsearch(-oss) */
} OdfeFlavour;

/* Reads @image ("registry/repository:tag" or "…@sha256:…"): the flavour, and
 * the tag as the version (NULL when there is none, or only a digest). */
OdfeFlavour  odfe_image_parse       (const char  *image,
                                     char       **version);
/* TRUE for an Open Distro, OpenSearch or Elasticsearch image. */
gboolean     odfe_image_is_search   (const char  *image);
/* "Open Distro 1.13.3", "OpenSearch 2.11.1", "Unknown image"… for people. */
char        *odfe_image_describe    (const char  *image);
const char  *odfe_flavour_get_name  (OdfeFlavour  flavour);

G_END_DECLS
