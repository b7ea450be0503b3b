/* odfe-image.c: what a container image says about the search cluster it runs
 *
 * The image is how a StatefulSet made by anyone (Searchdeck, the Open Distro
 * Helm chart, a hand-written manifest) shows that it runs a search cluster.
 * Only the repository's last path segment is compared, so mirrors and private
 * registries (registry.example.com/mirror/opendistro-for-elasticsearch) count.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "odfe-image.h"

static const struct
{
  const char  *repository;
  OdfeFlavour  flavour;
} known_repositories[] = {
  { "opendistro-for-elasticsearch", ODFE_FLAVOUR_OPEN_DISTRO },
  { "opensearch", ODFE_FLAVOUR_OPENSEARCH },
  { "elasticsearch", ODFE_FLAVOUR_ELASTICSEARCH },
  { "elasticsearch-oss", ODFE_FLAVOUR_ELASTICSEARCH },
};

OdfeFlavour
odfe_image_parse (const char  *image,
                  char       **version)
{
  g_autofree char *reference = NULL;
  const char *last_segment;
  char *digest;
  char *colon;

  if (version != NULL)
    *version = NULL;

  if (image == NULL || image[0] == '\0')
    return ODFE_FLAVOUR_UNKNOWN;

  reference = g_strdup (image);

  /* A digest pins the content but says nothing a person can read. */
  digest = strchr (reference, '@');
  if (digest != NULL)
    *digest = '\0';

  /* The tag follows the last ':' after the last '/'; a ':' before it is a
   * registry's port. */
  last_segment = strrchr (reference, '/');
  last_segment = last_segment != NULL ? last_segment + 1 : reference;
  colon = strrchr (last_segment, ':');
  if (colon != NULL)
    {
      *colon = '\0';
      if (version != NULL && colon[1] != '\0')
        *version = g_strdup (colon + 1);
    }

  for (guint i = 0; i < G_N_ELEMENTS (known_repositories); i++)
    {
      if (g_strcmp0 (last_segment, known_repositories[i].repository) == 0)
        return known_repositories[i].flavour;
    }

  if (version != NULL)
    g_clear_pointer (version, g_free);

  return ODFE_FLAVOUR_UNKNOWN;
}

gboolean
odfe_image_is_search (const char *image)
{
  return odfe_image_parse (image, NULL) != ODFE_FLAVOUR_UNKNOWN;
}

const char *
odfe_flavour_get_name (OdfeFlavour flavour)
{
  switch (flavour)
    {
    case ODFE_FLAVOUR_OPEN_DISTRO:
      return _("Open Distro");
    case ODFE_FLAVOUR_OPENSEARCH:
      return _("OpenSearch");
    case ODFE_FLAVOUR_ELASTICSEARCH:
      return _("Elasticsearch");
    case ODFE_FLAVOUR_UNKNOWN:
    default:
      return _("Unknown");
    }
}

char *
odfe_image_describe (const char *image)
{
  g_autofree char *version = NULL;
  OdfeFlavour flavour = odfe_image_parse (image, &version);

  if (flavour == ODFE_FLAVOUR_UNKNOWN)
    return g_strdup (_("Unknown image"));

  if (version == NULL || g_strcmp0 (version, "latest") == 0)
    return g_strdup (odfe_flavour_get_name (flavour));

  /* Translators: a search engine's name, then its version: "OpenSearch 2.11.1". */
  return g_strdup_printf (_("%s %s"), odfe_flavour_get_name (flavour), version);
}
