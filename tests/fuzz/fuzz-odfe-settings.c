/* fuzz-odfe-settings.c: libFuzzer target for the elasticsearch.yml reader
 *
 * The file comes from a ConfigMap anyone with edit rights in the namespace
 * may have written: whatever it holds, reading it must neither crash nor
 * run away, and what it turns on must be one of the three answers.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>

#include "odfe-settings.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(OdfeSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  const char *type = NULL;

  settings = odfe_settings_parse ((const char *) data, size, &error);
  if (settings == NULL)
    {
      g_assert (error != NULL);
      return 0;
    }

  g_assert (error == NULL);
  g_assert (odfe_settings_get_https (settings) <= ODFE_SETTING_ON);
  g_assert (odfe_settings_get_transport_tls (settings) <= ODFE_SETTING_ON);
  if (odfe_settings_get_audit (settings, &type) == ODFE_SETTING_ON)
    g_assert (type != NULL && type[0] != '\0');
  else
    g_assert (type == NULL);
  g_assert (odfe_settings_get_n_keys (settings) <= 10000);

  return 0;
}
