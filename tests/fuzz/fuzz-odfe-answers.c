/* fuzz-odfe-answers.c: a libFuzzer target for what a search cluster answers and what its
 * Secret holds: the typed parsers of the REST client, the error-body decoder and the PEM
 * certificate reader
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "odfe-cert.h"
#include "odfe-client.h"
#include "odfe-error.h"

#include <math.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static void
check_list (GPtrArray *list)
{
  if (list != NULL)
    g_assert_true (list->len < G_MAXUINT);
}

/* Every parser that takes a JSON tree, on the same tree. */
static void
parse_json (const char *text,
            gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(OdfeInfo) info = NULL;
  g_autoptr(OdfeHealth) health = NULL;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GPtrArray) indices = NULL;
  g_autoptr(GPtrArray) stats = NULL;
  g_autoptr(GBytes) ca = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, (gssize) length, NULL))
    return;

  root = json_parser_get_root (parser);
  if (root == NULL)
    return;

  info = odfe_info_parse (root, NULL);
  if (info != NULL)
    g_assert_nonnull (info->version);

  health = odfe_health_parse (root, NULL);
  if (health != NULL)
    g_assert_true (health->number_of_nodes >= -1);

  nodes = odfe_cat_nodes_parse (root, NULL);
  check_list (nodes);
  for (guint i = 0; nodes != NULL && i < nodes->len; i++)
    {
      OdfeNode *node = nodes->pdata[i];

      g_assert_true (node->heap_percent >= -1);
      g_assert_true (isnan (node->load_1m) || isfinite (node->load_1m));
    }

  indices = odfe_cat_indices_parse (root, NULL);
  check_list (indices);
  for (guint i = 0; indices != NULL && i < indices->len; i++)
    g_assert_nonnull (((OdfeIndex *) indices->pdata[i])->name);

  stats = odfe_nodes_stats_parse (root, NULL);
  check_list (stats);
  for (guint i = 0; stats != NULL && i < stats->len; i++)
    g_assert_nonnull (((OdfeNodeStats *) stats->pdata[i])->roles);

  ca = odfe_ca_from_tls_secret (root, NULL);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *reason = NULL;
  g_autoptr(GPtrArray) certificates = NULL;
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;

  reason = odfe_error_reason_from_body ((const char *) data, size);
  if (reason != NULL)
    g_assert_true (g_utf8_validate (reason, -1, NULL));

  error = odfe_error_new_from_response (size > 0 ? 400 + data[0] % 200 : 500, NULL, body);
  g_assert_true (error->domain == ODFE_ERROR);

  parse_json ((const char *) data, size);

  certificates = odfe_certificate_parse_pem ((const char *) data, size, NULL);
  for (guint i = 0; certificates != NULL && i < certificates->len; i++)
    {
      OdfeCertificate *certificate = certificates->pdata[i];

      g_assert_nonnull (certificate->dns_names);
      odfe_certificate_get_validity (certificate, NULL);
      odfe_certificate_get_days_left (certificate, NULL);
      odfe_certificate_has_name (certificate, "elasticsearch.demo.svc");
    }

  return 0;
}
