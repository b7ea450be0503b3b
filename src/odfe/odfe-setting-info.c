/* odfe-setting-info.c: which elasticsearch.yml settings need a restart, and what changed
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A node reads elasticsearch.yml once, at start.  Some of its settings can also be
 * changed on a running cluster through _cluster/settings (Elasticsearch calls them
 * dynamic); the rest take effect only after a restart (static).  The editor marks each
 * changed setting so that the user knows which edits need the rolling restart.
 *
 * The table below knows the settings Searchdeck writes for its clusters, those of the
 * production elasticsearch.yml the Open Distro Helm chart and documentation describe, and
 * the common node and cluster settings of Elasticsearch 7.10.  Security plugin settings are
 * looked up under the Open Distro prefix whatever prefix they were written with, as
 * OpenSearch's "plugins.security." settings are the same ones renamed.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "odfe-error.h"
#include "odfe-setting-info.h"
#include "odfe-settings.h"

#define SECURITY "opendistro_security."

typedef struct
{
  const char       *pattern;      /* a key, or a prefix ending in "." that covers its keys */
  OdfeSettingApply  apply;
  const char       *description;  /* N_() */
} SettingInfo;

/* Searched in order: a more specific entry comes before a prefix that covers it. */
static const SettingInfo settings[] = {
  /* Cluster and node */
  { "cluster.name", ODFE_SETTING_APPLY_STATIC,
    N_("The cluster’s name; nodes join only a cluster of the same name") },
  { "cluster.initial_master_nodes", ODFE_SETTING_APPLY_STATIC,
    N_("The master-eligible nodes that vote in the cluster’s very first election") },
  { "cluster.initial_cluster_manager_nodes", ODFE_SETTING_APPLY_STATIC,
    N_("The cluster-manager-eligible nodes that vote in the cluster’s very first election "
       "(OpenSearch 2)") },
  { "node.name", ODFE_SETTING_APPLY_STATIC, N_("The node’s name") },
  { "node.master", ODFE_SETTING_APPLY_STATIC,
    N_("Whether the node can be elected master") },
  { "node.data", ODFE_SETTING_APPLY_STATIC, N_("Whether the node holds data") },
  { "node.ingest", ODFE_SETTING_APPLY_STATIC,
    N_("Whether the node runs ingest pipelines") },
  { "node.roles", ODFE_SETTING_APPLY_STATIC,
    N_("The node’s roles (master, data, ingest, …); not to be mixed with node.master, "
       "node.data and node.ingest") },
  { "node.max_local_storage_nodes", ODFE_SETTING_APPLY_STATIC,
    N_("How many nodes may share one data path") },
  { "node.attr.", ODFE_SETTING_APPLY_STATIC,
    N_("A custom attribute of the node, for allocation awareness and filtering") },
  { "node.processors", ODFE_SETTING_APPLY_STATIC,
    N_("How many processors the node sizes its thread pools for") },
  { "node.", ODFE_SETTING_APPLY_STATIC, N_("A setting of the node") },
  { "processors", ODFE_SETTING_APPLY_STATIC,
    N_("How many processors the node sizes its thread pools for") },
  { "network.host", ODFE_SETTING_APPLY_STATIC,
    N_("The address the node binds to and publishes") },
  { "network.", ODFE_SETTING_APPLY_STATIC, N_("A network setting of the node") },
  { "discovery.seed_hosts", ODFE_SETTING_APPLY_STATIC,
    N_("The addresses where the node looks for the cluster’s master-eligible nodes") },
  { "discovery.type", ODFE_SETTING_APPLY_STATIC,
    N_("“single-node” makes a cluster of one node that never looks for others") },
  { "discovery.", ODFE_SETTING_APPLY_STATIC, N_("A setting of cluster discovery") },
  { "path.data", ODFE_SETTING_APPLY_STATIC, N_("Where the node keeps its data") },
  { "path.logs", ODFE_SETTING_APPLY_STATIC, N_("Where the node writes its logs") },
  { "path.", ODFE_SETTING_APPLY_STATIC, N_("A path the node uses") },
  { "http.port", ODFE_SETTING_APPLY_STATIC, N_("The port of the REST interface") },
  { "http.", ODFE_SETTING_APPLY_STATIC, N_("A setting of the REST interface") },
  { "transport.port", ODFE_SETTING_APPLY_STATIC,
    N_("The port nodes talk to each other on") },
  { "transport.", ODFE_SETTING_APPLY_STATIC,
    N_("A setting of the connections between nodes") },
  { "bootstrap.memory_lock", ODFE_SETTING_APPLY_STATIC,
    N_("Locks the node’s memory so that it is never swapped out") },
  { "bootstrap.", ODFE_SETTING_APPLY_STATIC, N_("A setting read as the node starts") },
  { "gateway.", ODFE_SETTING_APPLY_STATIC,
    N_("When a restarted cluster starts to recover its data") },
  { "thread_pool.", ODFE_SETTING_APPLY_STATIC, N_("The size of a thread pool") },
  { "indices.memory.", ODFE_SETTING_APPLY_STATIC,
    N_("How much memory indexing may buffer") },
  { "indices.fielddata.cache.size", ODFE_SETTING_APPLY_STATIC,
    N_("The most memory the field data cache may use") },
  { "indices.queries.cache.size", ODFE_SETTING_APPLY_STATIC,
    N_("The most memory the query cache may use") },
  { "indices.breaker.total.use_real_memory", ODFE_SETTING_APPLY_STATIC,
    N_("Whether the parent circuit breaker counts the real heap use") },
  { "script.allowed_types", ODFE_SETTING_APPLY_STATIC,
    N_("Which kinds of scripts may run") },
  { "script.allowed_contexts", ODFE_SETTING_APPLY_STATIC,
    N_("Where scripts may run") },
  { "reindex.remote.whitelist", ODFE_SETTING_APPLY_STATIC,
    N_("The remote clusters reindex may read from") },

  /* Settings a running cluster takes through _cluster/settings */
  { "cluster.routing.allocation.disk.threshold_enabled", ODFE_SETTING_APPLY_DYNAMIC,
    N_("Whether shards are kept off nodes whose disks are nearly full") },
  { "cluster.routing.allocation.disk.watermark.", ODFE_SETTING_APPLY_DYNAMIC,
    N_("How full a node’s disk may get before shards move away or indices turn "
       "read-only") },
  { "cluster.routing.allocation.enable", ODFE_SETTING_APPLY_DYNAMIC,
    N_("Which shards may be allocated (all, primaries, new_primaries, none)") },
  { "cluster.routing.allocation.awareness.", ODFE_SETTING_APPLY_DYNAMIC,
    N_("Spreads shard copies across node attributes such as zones") },
  { "cluster.routing.allocation.", ODFE_SETTING_APPLY_DYNAMIC,
    N_("How shards are placed on nodes") },
  { "cluster.routing.rebalance.enable", ODFE_SETTING_APPLY_DYNAMIC,
    N_("Which shards may be rebalanced between nodes") },
  { "cluster.routing.", ODFE_SETTING_APPLY_DYNAMIC, N_("How shards are placed on nodes") },
  { "cluster.max_shards_per_node", ODFE_SETTING_APPLY_DYNAMIC,
    N_("The most shards the cluster allows per data node") },
  { "cluster.blocks.", ODFE_SETTING_APPLY_DYNAMIC,
    N_("Makes the whole cluster read-only") },
  { "cluster.indices.close.enable", ODFE_SETTING_APPLY_DYNAMIC,
    N_("Whether indices may be closed") },
  { "cluster.info.update.interval", ODFE_SETTING_APPLY_DYNAMIC,
    N_("How often the cluster checks its nodes’ disk use") },
  { "cluster.remote.", ODFE_SETTING_APPLY_DYNAMIC,
    N_("A remote cluster for cross-cluster search") },
  { "indices.recovery.max_bytes_per_sec", ODFE_SETTING_APPLY_DYNAMIC,
    N_("The bandwidth a shard recovery may use") },
  { "indices.recovery.", ODFE_SETTING_APPLY_DYNAMIC, N_("How shards are recovered") },
  { "indices.breaker.", ODFE_SETTING_APPLY_DYNAMIC,
    N_("A circuit breaker’s memory limit") },
  { "action.auto_create_index", ODFE_SETTING_APPLY_DYNAMIC,
    N_("Which indices are created when a document is written to them") },
  { "action.destructive_requires_name", ODFE_SETTING_APPLY_DYNAMIC,
    N_("Whether deleting indices needs their names (no wildcards)") },
  { "search.max_buckets", ODFE_SETTING_APPLY_DYNAMIC,
    N_("The most buckets one aggregation may return") },
  { "search.default_search_timeout", ODFE_SETTING_APPLY_DYNAMIC,
    N_("The time limit of searches that set none") },
  { "script.max_compilations_rate", ODFE_SETTING_APPLY_DYNAMIC,
    N_("How many scripts may be compiled per time unit") },
  { "logger.", ODFE_SETTING_APPLY_DYNAMIC, N_("The log level of a logger") },

  /* The security plugin (any prefix is looked up as opendistro_security.) */
  { SECURITY "ssl.transport.pemcert_filepath", ODFE_SETTING_APPLY_STATIC,
    N_("The node’s certificate for node-to-node TLS (PEM, in the config directory)") },
  { SECURITY "ssl.transport.pemkey_filepath", ODFE_SETTING_APPLY_STATIC,
    N_("The node’s private key for node-to-node TLS (PKCS#8 PEM)") },
  { SECURITY "ssl.transport.pemtrustedcas_filepath", ODFE_SETTING_APPLY_STATIC,
    N_("The certificate authorities trusted for node-to-node TLS") },
  { SECURITY "ssl.transport.enforce_hostname_verification", ODFE_SETTING_APPLY_STATIC,
    N_("Whether nodes check each other’s host names against their certificates") },
  { SECURITY "ssl.transport.resolve_hostname", ODFE_SETTING_APPLY_STATIC,
    N_("Whether host names are resolved for the host name check") },
  { SECURITY "ssl.transport.", ODFE_SETTING_APPLY_STATIC,
    N_("A setting of node-to-node TLS") },
  { SECURITY "ssl.http.enabled", ODFE_SETTING_APPLY_STATIC,
    N_("Whether the REST interface is served over HTTPS (then only HTTPS)") },
  { SECURITY "ssl.http.pemcert_filepath", ODFE_SETTING_APPLY_STATIC,
    N_("The certificate of the REST interface (PEM, in the config directory)") },
  { SECURITY "ssl.http.pemkey_filepath", ODFE_SETTING_APPLY_STATIC,
    N_("The private key of the REST interface (PKCS#8 PEM)") },
  { SECURITY "ssl.http.pemtrustedcas_filepath", ODFE_SETTING_APPLY_STATIC,
    N_("The certificate authorities trusted for REST client certificates") },
  { SECURITY "ssl.http.clientauth_mode", ODFE_SETTING_APPLY_STATIC,
    N_("Whether REST clients may or must present a certificate (NONE, OPTIONAL, "
       "REQUIRE)") },
  { SECURITY "ssl.http.", ODFE_SETTING_APPLY_STATIC, N_("A setting of HTTPS") },
  { SECURITY "nodes_dn", ODFE_SETTING_APPLY_STATIC,
    N_("The certificate names (DNs) that identify the cluster’s nodes") },
  { SECURITY "authcz.admin_dn", ODFE_SETTING_APPLY_STATIC,
    N_("The certificate names (DNs) of administrators; never a node’s") },
  { SECURITY "allow_default_init_securityindex", ODFE_SETTING_APPLY_STATIC,
    N_("Whether the security index is made from the bundled files at first start") },
  { SECURITY "allow_unsafe_democertificates", ODFE_SETTING_APPLY_STATIC,
    N_("Whether the node starts with the public demo certificates") },
  { SECURITY "audit.type", ODFE_SETTING_APPLY_STATIC,
    N_("Where audit events go (internal_elasticsearch: the cluster’s own indices)") },
  { SECURITY "audit.config.index", ODFE_SETTING_APPLY_STATIC,
    N_("The name pattern of the audit log indices") },
  { SECURITY "audit.config.disabled_rest_categories", ODFE_SETTING_APPLY_STATIC,
    N_("The audit categories not logged for REST requests (NONE: log all)") },
  { SECURITY "audit.config.disabled_transport_categories", ODFE_SETTING_APPLY_STATIC,
    N_("The audit categories not logged for transport requests (NONE: log all)") },
  { SECURITY "audit.ignore_users", ODFE_SETTING_APPLY_STATIC,
    N_("The users whose requests are not audited") },
  { SECURITY "audit.", ODFE_SETTING_APPLY_STATIC, N_("A setting of audit logging") },
  { SECURITY "restapi.roles_enabled", ODFE_SETTING_APPLY_STATIC,
    N_("The roles allowed to use the security REST API") },
  { SECURITY "restapi.password_validation_regex", ODFE_SETTING_APPLY_STATIC,
    N_("The pattern new passwords must match") },
  { SECURITY "restapi.password_validation_error_message", ODFE_SETTING_APPLY_STATIC,
    N_("The message shown for a password that does not match the pattern") },
  { SECURITY "restapi.", ODFE_SETTING_APPLY_STATIC,
    N_("A setting of the security REST API") },
  { SECURITY "enable_snapshot_restore_privilege", ODFE_SETTING_APPLY_STATIC,
    N_("Whether users other than the admin certificate may restore snapshots") },
  { SECURITY "check_snapshot_restore_write_privileges", ODFE_SETTING_APPLY_STATIC,
    N_("Whether a restore checks write permission on the restored indices") },
  { SECURITY "roles_mapping_resolution", ODFE_SETTING_APPLY_STATIC,
    N_("How users get roles: MAPPING_ONLY, BACKENDROLES_ONLY or BOTH") },
  { SECURITY "system_indices.enabled", ODFE_SETTING_APPLY_STATIC,
    N_("Whether the system indices are protected") },
  { SECURITY "system_indices.indices", ODFE_SETTING_APPLY_STATIC,
    N_("The indices protected as system indices") },
  { SECURITY "cert.oid", ODFE_SETTING_APPLY_STATIC,
    N_("The certificate extension that marks a node certificate") },
  { SECURITY "config_index_name", ODFE_SETTING_APPLY_STATIC,
    N_("The name of the index holding the security configuration") },
  { SECURITY "cache.ttl_minutes", ODFE_SETTING_APPLY_STATIC,
    N_("How long authenticated users are cached") },
  { SECURITY "disabled", ODFE_SETTING_APPLY_STATIC,
    N_("Turns the security plugin off entirely") },
  { SECURITY, ODFE_SETTING_APPLY_STATIC, N_("A setting of the security plugin") },
};

/* @key with OpenSearch's security prefix replaced by Open Distro's. */
static char *
normalize (const char *key)
{
  if (g_str_has_prefix (key, "plugins.security."))
    return g_strconcat (SECURITY, key + strlen ("plugins.security."), NULL);

  return g_strdup (key);
}

static const SettingInfo *
find_setting (const char *key)
{
  g_autofree char *normal = NULL;

  g_return_val_if_fail (key != NULL, NULL);

  normal = normalize (key);
  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    {
      const char *pattern = settings[i].pattern;
      gsize length = strlen (pattern);

      if (pattern[length - 1] == '.')
        {
          if (g_str_has_prefix (normal, pattern) && normal[length] != '\0')
            return &settings[i];
        }
      else if (g_str_equal (normal, pattern))
        return &settings[i];
    }

  return NULL;
}

OdfeSettingApply
odfe_setting_apply (const char *key)
{
  const SettingInfo *info;

  g_return_val_if_fail (key != NULL, ODFE_SETTING_APPLY_UNKNOWN);

  info = find_setting (key);

  return info != NULL ? info->apply : ODFE_SETTING_APPLY_UNKNOWN;
}

const char *
odfe_setting_describe (const char *key)
{
  const SettingInfo *info;

  g_return_val_if_fail (key != NULL, NULL);

  info = find_setting (key);

  return info != NULL ? _(info->description) : NULL;
}

void
odfe_setting_change_free (OdfeSettingChange *change)
{
  if (change == NULL)
    return;

  g_free (change->key);
  g_free (change->old_value);
  g_free (change->new_value);
  g_free (change);
}

static OdfeSettings *
parse (const char  *text,
       const char  *which,
       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  OdfeSettings *parsed;

  text = text != NULL ? text : "";
  parsed = odfe_settings_parse (text, strlen (text), &local_error);
  if (parsed == NULL)
    g_set_error (error, ODFE_ERROR, ODFE_ERROR_CONFIG, "%s: %s", which, local_error->message);

  return parsed;
}

GPtrArray *
odfe_setting_changes (const char  *old_text,
                      const char  *new_text,
                      GError     **error)
{
  g_autoptr(OdfeSettings) old_settings = NULL;
  g_autoptr(OdfeSettings) new_settings = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_auto(GStrv) old_keys = NULL;
  g_auto(GStrv) new_keys = NULL;
  guint o = 0;
  guint n = 0;

  old_settings = parse (old_text, _("The saved version"), error);
  if (old_settings == NULL)
    return NULL;
  new_settings = parse (new_text, _("The edited version"), error);
  if (new_settings == NULL)
    return NULL;

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify) odfe_setting_change_free);
  old_keys = odfe_settings_dup_keys (old_settings);
  new_keys = odfe_settings_dup_keys (new_settings);

  /* Both lists are sorted: walk them side by side. */
  while (old_keys[o] != NULL || new_keys[n] != NULL)
    {
      int order = old_keys[o] == NULL ? 1
                  : new_keys[n] == NULL ? -1
                  : strcmp (old_keys[o], new_keys[n]);
      const char *key = order <= 0 ? old_keys[o] : new_keys[n];
      const char *old_value = order <= 0 ? odfe_settings_get (old_settings, key) : NULL;
      const char *new_value = order >= 0 ? odfe_settings_get (new_settings, key) : NULL;

      if (order <= 0)
        o++;
      if (order >= 0)
        n++;

      if (g_strcmp0 (old_value, new_value) != 0)
        {
          OdfeSettingChange *change = g_new0 (OdfeSettingChange, 1);

          change->key = g_strdup (key);
          change->old_value = g_strdup (old_value);
          change->new_value = g_strdup (new_value);
          change->apply = odfe_setting_apply (key);
          g_ptr_array_add (changes, change);
        }
    }

  return g_steal_pointer (&changes);
}

gboolean
odfe_setting_changes_need_restart (GPtrArray *changes)
{
  g_return_val_if_fail (changes != NULL, FALSE);

  for (guint i = 0; i < changes->len; i++)
    {
      const OdfeSettingChange *change = g_ptr_array_index (changes, i);

      if (change->apply != ODFE_SETTING_APPLY_DYNAMIC)
        return TRUE;
    }

  return FALSE;
}
