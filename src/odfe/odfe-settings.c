/* odfe-settings.c: what a cluster's elasticsearch.yml turns on, read with libyaml
 *
 * The node reads its settings file as YAML in which a key may be written
 * flat ("a.b.c: x") or nested ("a: {b: {c: x}}"), so both are flattened here
 * into the dotted form before anything is looked up.  The file comes from a
 * ConfigMap anyone with edit rights may have written: nesting and size are
 * bounded, and aliases cannot multiply it.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <yaml.h>

#include "odfe-error.h"
#include "odfe-settings.h"

#define MAX_DEPTH 32
#define MAX_KEYS  10000

struct _OdfeSettings
{
  GHashTable *values;             /* dotted key -> value */
};

typedef struct
{
  yaml_document_t *document;
  GHashTable      *values;
  guint            n_visited;
} Flattener;

static const char * const plugin_prefixes[] = { "opendistro_security.", "plugins.security." };

static gboolean
is_null_scalar (yaml_node_t *node)
{
  const char *value = (const char *) node->data.scalar.value;

  if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
    return FALSE;

  return node->data.scalar.length == 0
         || g_str_equal (value, "~")
         || g_str_equal (value, "null")
         || g_str_equal (value, "Null")
         || g_str_equal (value, "NULL");
}

static gboolean
too_large (GError **error)
{
  g_set_error (error, ODFE_ERROR, ODFE_ERROR_CONFIG,
               "elasticsearch.yml is nested too deeply or is too large");
  return FALSE;
}

static gboolean
flatten (Flattener    *flattener,
         yaml_node_t  *node,
         const char   *prefix,
         guint         depth,
         GError      **error)
{
  /* Each node visited counts, so that aliases pointing at big collections
   * cannot make the walk explode. */
  if (depth > MAX_DEPTH || ++flattener->n_visited > MAX_KEYS)
    return too_large (error);

  switch (node->type)
    {
    case YAML_SCALAR_NODE:
      if (prefix != NULL && !is_null_scalar (node))
        g_hash_table_insert (flattener->values, g_strdup (prefix),
                             g_strndup ((const char *) node->data.scalar.value,
                                        node->data.scalar.length));
      return TRUE;

    case YAML_SEQUENCE_NODE:
      {
        g_autoptr(GString) joined = g_string_new (NULL);

        for (yaml_node_item_t *item = node->data.sequence.items.start;
             item < node->data.sequence.items.top;
             item++)
          {
            yaml_node_t *child = yaml_document_get_node (flattener->document, *item);

            if (++flattener->n_visited > MAX_KEYS)
              return too_large (error);
            if (child == NULL || child->type != YAML_SCALAR_NODE)
              continue;
            if (joined->len > 0)
              g_string_append_c (joined, ',');
            g_string_append_len (joined, (const char *) child->data.scalar.value,
                                 child->data.scalar.length);
          }

        if (prefix != NULL)
          g_hash_table_insert (flattener->values, g_strdup (prefix),
                               g_string_free (g_steal_pointer (&joined), FALSE));
        return TRUE;
      }

    case YAML_MAPPING_NODE:
      for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
           pair < node->data.mapping.pairs.top;
           pair++)
        {
          yaml_node_t *key = yaml_document_get_node (flattener->document, pair->key);
          yaml_node_t *value = yaml_document_get_node (flattener->document, pair->value);
          g_autofree char *name = NULL;

          if (key == NULL || value == NULL || key->type != YAML_SCALAR_NODE)
            {
              g_set_error (error, ODFE_ERROR, ODFE_ERROR_CONFIG,
                           "elasticsearch.yml, line %lu: a key must be a plain name",
                           (unsigned long) (key != NULL ? key->start_mark.line + 1 : 0));
              return FALSE;
            }

          name = g_strndup ((const char *) key->data.scalar.value, key->data.scalar.length);
          if (prefix != NULL)
            {
              char *dotted = g_strconcat (prefix, ".", name, NULL);

              g_free (name);
              name = dotted;
            }

          if (!flatten (flattener, value, name, depth + 1, error))
            return FALSE;
        }
      return TRUE;

    case YAML_NO_NODE:
    default:
      return TRUE;
    }
}

OdfeSettings *
odfe_settings_parse (const char  *data,
                     gsize        length,
                     GError     **error)
{
  g_autoptr(OdfeSettings) settings = NULL;
  yaml_parser_t parser;
  yaml_document_t document;
  yaml_node_t *root;
  Flattener flattener;
  gboolean ok;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  settings = g_new0 (OdfeSettings, 1);
  settings->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!yaml_parser_initialize (&parser))
    {
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_FAILED, "Out of memory reading YAML");
      return NULL;
    }

  yaml_parser_set_input_string (&parser, (const unsigned char *) (data != NULL ? data : ""),
                                length);
  if (!yaml_parser_load (&parser, &document))
    {
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_CONFIG,
                   "elasticsearch.yml, line %lu: %s",
                   (unsigned long) parser.problem_mark.line + 1,
                   parser.problem != NULL ? parser.problem : "not valid YAML");
      yaml_parser_delete (&parser);
      return NULL;
    }

  root = yaml_document_get_root_node (&document);
  flattener.document = &document;
  flattener.values = settings->values;
  flattener.n_visited = 0;

  /* An empty file is a node with every setting at its default. */
  if (root == NULL || (root->type == YAML_SCALAR_NODE && is_null_scalar (root)))
    ok = TRUE;
  else if (root->type != YAML_MAPPING_NODE)
    {
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_CONFIG,
                   "elasticsearch.yml holds no settings: it is not a mapping of names to "
                   "values");
      ok = FALSE;
    }
  else
    ok = flatten (&flattener, root, NULL, 0, error);

  yaml_document_delete (&document);
  yaml_parser_delete (&parser);

  return ok ? g_steal_pointer (&settings) : NULL;
}

void
odfe_settings_free (OdfeSettings *settings)
{
  if (settings == NULL)
    return;

  g_clear_pointer (&settings->values, g_hash_table_unref);
  g_free (settings);
}

const char *
odfe_settings_get (OdfeSettings *settings,
                   const char   *key)
{
  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return g_hash_table_lookup (settings->values, key);
}

guint
odfe_settings_get_n_keys (OdfeSettings *settings)
{
  g_return_val_if_fail (settings != NULL, 0);

  return g_hash_table_size (settings->values);
}

static int
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char **
odfe_settings_dup_keys (OdfeSettings *settings)
{
  g_autofree gpointer *keys = NULL;
  char **copy;
  guint n_keys;

  g_return_val_if_fail (settings != NULL, NULL);

  keys = g_hash_table_get_keys_as_array (settings->values, &n_keys);
  g_qsort_with_data (keys, n_keys, sizeof (gpointer), compare_keys, NULL);

  copy = g_new0 (char *, n_keys + 1);
  for (guint i = 0; i < n_keys; i++)
    copy[i] = g_strdup (keys[i]);

  return copy;
}

/* The security plugin's @suffix under either flavour's prefix. */
static const char *
plugin_setting (OdfeSettings *settings,
                const char   *suffix)
{
  for (guint i = 0; i < G_N_ELEMENTS (plugin_prefixes); i++)
    {
      g_autofree char *key = g_strconcat (plugin_prefixes[i], suffix, NULL);
      const char *value = odfe_settings_get (settings, key);

      if (value != NULL)
        return value;
    }

  return NULL;
}

/* The node accepts only "true" and "false" for a boolean setting. */
static OdfeSettingState
plugin_boolean (OdfeSettings *settings,
                const char   *suffix,
                gboolean      default_value)
{
  const char *value = plugin_setting (settings, suffix);

  if (value == NULL)
    return default_value ? ODFE_SETTING_ON : ODFE_SETTING_OFF;
  if (g_str_equal (value, "true"))
    return ODFE_SETTING_ON;
  if (g_str_equal (value, "false"))
    return ODFE_SETTING_OFF;

  return ODFE_SETTING_UNKNOWN;
}

/* Everything the plugin does is off when the plugin itself is. */
static OdfeSettingState
plugin_enabled (OdfeSettings *settings)
{
  switch (plugin_boolean (settings, "disabled", FALSE))
    {
    case ODFE_SETTING_ON:
      return ODFE_SETTING_OFF;
    case ODFE_SETTING_OFF:
      return ODFE_SETTING_ON;
    case ODFE_SETTING_UNKNOWN:
    default:
      return ODFE_SETTING_UNKNOWN;
    }
}

OdfeSettingState
odfe_settings_get_https (OdfeSettings *settings)
{
  OdfeSettingState enabled;

  g_return_val_if_fail (settings != NULL, ODFE_SETTING_UNKNOWN);

  enabled = plugin_enabled (settings);
  if (enabled != ODFE_SETTING_ON)
    return enabled;

  return plugin_boolean (settings, "ssl.http.enabled", FALSE);
}

OdfeSettingState
odfe_settings_get_transport_tls (OdfeSettings *settings)
{
  OdfeSettingState enabled;

  g_return_val_if_fail (settings != NULL, ODFE_SETTING_UNKNOWN);

  enabled = plugin_enabled (settings);
  if (enabled != ODFE_SETTING_ON)
    return enabled;

  /* The plugin refuses to start without transport TLS, so a node that runs
   * with the plugin has it; a file naming neither a PEM certificate nor a
   * keystore describes a node that does not start. */
  if (plugin_setting (settings, "ssl.transport.pemcert_filepath") != NULL
      || plugin_setting (settings, "ssl.transport.keystore_filepath") != NULL)
    return ODFE_SETTING_ON;

  return ODFE_SETTING_OFF;
}

OdfeSettingState
odfe_settings_get_audit (OdfeSettings  *settings,
                         const char   **type)
{
  OdfeSettingState enabled;
  const char *value;

  g_return_val_if_fail (settings != NULL, ODFE_SETTING_UNKNOWN);

  if (type != NULL)
    *type = NULL;

  enabled = plugin_enabled (settings);
  if (enabled != ODFE_SETTING_ON)
    return enabled;

  value = plugin_setting (settings, "audit.type");
  if (value == NULL || value[0] == '\0')
    return ODFE_SETTING_OFF;

  if (type != NULL)
    *type = value;

  return ODFE_SETTING_ON;
}
