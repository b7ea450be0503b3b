/* odfe-settings.h: what a cluster's elasticsearch.yml turns on, read with libyaml
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Whether a feature is on, as far as the settings say. */
typedef enum
{
  ODFE_SETTING_UNKNOWN,           /* the value is there but not one the node would accept */
  ODFE_SETTING_OFF,
  ODFE_SETTING_ON,
} OdfeSettingState;

typedef struct _OdfeSettings OdfeSettings;

/* Reads @data, an elasticsearch.yml.  Nested mappings are flattened into the dotted keys the
 * node itself uses ("opendistro_security: {ssl: {http: {enabled: true}}}" is
 * "opendistro_security.ssl.http.enabled"); a sequence's items are joined with ",".  Fails
 * with ODFE_ERROR_CONFIG, naming the line, when @data is not YAML or not a mapping. */
OdfeSettings     *odfe_settings_parse          (const char    *data,
                                                gsize          length,
                                                GError       **error);
void              odfe_settings_free           (OdfeSettings  *settings);

/* The value of the dotted @key, or NULL when it is not set. */
const char       *odfe_settings_get            (OdfeSettings  *settings,
                                                const char    *key);
guint             odfe_settings_get_n_keys     (OdfeSettings  *settings);
/* Every dotted key that has a value, sorted by strcmp(); free with g_strfreev(). */
char            **odfe_settings_dup_keys       (OdfeSettings  *settings);

/* The security plugin's settings, under the Open Distro prefix ("opendistro_security.") or
 * the OpenSearch one ("plugins.security."), and with its defaults: */

/* HTTPS on the REST port (ssl.http.enabled, false by default). */
OdfeSettingState  odfe_settings_get_https         (OdfeSettings  *settings);
/* TLS between nodes (a transport certificate or keystore configured). */
OdfeSettingState  odfe_settings_get_transport_tls (OdfeSettings  *settings);
/* Audit logging (audit.type set); @type receives its value ("internal_elasticsearch"),
 * or NULL. */
OdfeSettingState  odfe_settings_get_audit         (OdfeSettings  *settings,
                                                   const char   **type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OdfeSettings, odfe_settings_free)

G_END_DECLS
