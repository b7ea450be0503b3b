/* sandbox-boot.c: what a search node does when its container starts
 *
 * When the simulated kubelet starts the container of an Open Distro (or
 * OpenSearch) pod, this file plays the node's startup against the files the
 * pod really mounts: the Secrets and ConfigMaps of its volumes, laid out by
 * its volumeMounts (a subPath whose key is missing becomes an empty directory,
 * as the kubelet makes it).  It reads elasticsearch.yml and the environment
 * as the image's entrypoint does, loads the transport and REST certificates
 * and keys with GnuTLS as the security plugin loads them through Netty (PEM,
 * keys only in PKCS#8), checks that the node certificate chains to the
 * trusted CAs and is in force, that it identifies the node (nodes_dn or the
 * node OID in its subjectAltName), and that the security configuration files
 * can initialise the security index (each with _meta and config_version 2).
 *
 * A configuration without security settings, when DISABLE_INSTALL_DEMO_CONFIG
 * is not true, is the image's demo installer's case: the node starts with the
 * demo configuration.  OpenSearch images are played the same way with their
 * names (plugins.security. settings, files under /usr/share/opensearch).
 *
 * The outcome decides the pod's fate (the node crashes at startup, runs but
 * never passes its readiness probe, or starts), and the log says why, in the
 * log4j pattern of the image.  The messages of the plugin and of
 * Elasticsearch are those their sources write where the sandbox knows them;
 * the others say the same in the same style.
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#include "sandbox-boot.h"
#include "sandbox-odfe.h"

#define CONFIG_DIR        "/usr/share/elasticsearch/config"
#define SECURITY_DIR      "/usr/share/elasticsearch/plugins/opendistro_security/securityconfig"
#define OS_CONFIG_DIR     "/usr/share/opensearch/config"
#define OS_SECURITY_DIR   "/usr/share/opensearch/config/opensearch-security"
#define NODE_OID          "1.2.3.4.5.5"
#define ES_BUILD          "oss/tar/747e1cc71def077253878a59143c1f785afa92b9/" \
                          "2021-01-13T00:42:12.435326Z"

/* The search container's view of its files */

typedef enum
{
  FILE_MISSING,
  FILE_DIRECTORY,
  FILE_REGULAR,
} FileKind;

typedef struct
{
  SandboxStore *store;
  JsonNode     *pod;
  JsonObject   *container;
  const char   *namespace_;
  const char   *node;
  GDateTime    *time;           /* of the next log line */
  SandboxBoot  *boot;
  JsonNode     *yml;            /* elasticsearch.yml, or NULL */
  /* OpenSearch: settings under plugins.security., files under /usr/share/opensearch */
  gboolean      opensearch;
  const char   *config_dir;
  const char   *security_dir;
  const char   *yml_name;
  gboolean      demo;           /* the image installed its demo security configuration */
} Boot;

static const SandboxResource *
resource_of (const char *plural)
{
  const SandboxResource *resources;
  guint n_resources;

  resources = sandbox_resources_all (&n_resources);
  for (guint i = 0; i < n_resources; i++)
    {
      if (g_str_equal (resources[i].plural, plural))
        return &resources[i];
    }

  g_assert_not_reached ();
}

static JsonArray *
array_at (JsonNode   *node,
          const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), parts[i]);
    }

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
object_element (JsonArray *array,
                guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
image_is_search (const char *image)
{
  return image != NULL && (strstr (image, "opendistro-for-elasticsearch") != NULL
                           || strstr (image, "opensearch") != NULL);
}

static JsonObject *
search_container (JsonNode *pod)
{
  JsonArray *containers = array_at (pod, "spec.containers");

  for (guint i = 0; containers != NULL && i < json_array_get_length (containers); i++)
    {
      JsonObject *container = object_element (containers, i);

      if (container != NULL && image_is_search (string_member (container, "image")))
        return container;
    }

  return NULL;
}

static JsonObject *
find_volume (JsonNode   *pod,
             const char *name)
{
  JsonArray *volumes = array_at (pod, "spec.volumes");

  for (guint i = 0; volumes != NULL && i < json_array_get_length (volumes); i++)
    {
      JsonObject *volume = object_element (volumes, i);

      if (volume != NULL && g_strcmp0 (string_member (volume, "name"), name) == 0)
        return volume;
    }

  return NULL;
}

/* The Secret or ConfigMap behind @volume, its data decoded into @files (key -> text). */
static gboolean
volume_files (SandboxStore *store,
              const char   *namespace_,
              JsonObject   *volume,
              GHashTable   *files)
{
  JsonNode *source_node;
  JsonObject *source;
  JsonNode *object;
  JsonObject *data;
  JsonArray *items = NULL;
  gboolean secret;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;
  g_autoptr(GHashTable) all = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  secret = json_object_has_member (volume, "secret");
  source_node = json_object_get_member (volume, secret ? "secret" : "configMap");
  if (source_node == NULL || !JSON_NODE_HOLDS_OBJECT (source_node))
    return FALSE;
  source = json_node_get_object (source_node);

  object = sandbox_store_get (store, resource_of (secret ? "secrets" : "configmaps"), namespace_,
                              string_member (source, secret ? "secretName" : "name"));
  if (object == NULL)
    return FALSE;

  data = sandbox_object_get_object (object, "data");
  if (data != NULL)
    {
      json_object_iter_init (&iter, data);
      while (json_object_iter_next (&iter, &key, &value))
        {
          char *text;

          if (json_node_get_value_type (value) != G_TYPE_STRING)
            continue;
          if (secret)
            {
              gsize size;
              guchar *decoded = g_base64_decode (json_node_get_string (value), &size);

              text = g_strndup ((const char *) decoded, size);
              g_free (decoded);
            }
          else
            text = g_strdup (json_node_get_string (value));
          g_hash_table_insert (all, g_strdup (key), text);
        }
    }

  if (json_object_has_member (source, "items")
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (source, "items")))
    items = json_object_get_array_member (source, "items");

  if (items == NULL)
    {
      GHashTableIter all_iter;
      gpointer all_key, all_value;

      g_hash_table_iter_init (&all_iter, all);
      while (g_hash_table_iter_next (&all_iter, &all_key, &all_value))
        g_hash_table_insert (files, g_strdup (all_key), g_strdup (all_value));
      return TRUE;
    }

  /* With items, only the keys listed appear, under the paths given. */
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = object_element (items, i);
      const char *item_key = string_member (item, "key");
      const char *path = string_member (item, "path");
      const char *text = item_key != NULL ? g_hash_table_lookup (all, item_key) : NULL;

      if (text != NULL && path != NULL)
        g_hash_table_insert (files, g_strdup (path), g_strdup (text));
    }

  return TRUE;
}

/* What the container sees at @path: a file (its text in @text), a directory, or nothing. */
static FileKind
read_file (Boot        *boot,
           const char  *path,
           char       **text)
{
  JsonArray *mounts = NULL;
  JsonNode *mounts_node = json_object_get_member (boot->container, "volumeMounts");
  const char *best = NULL;
  JsonObject *best_mount = NULL;

  *text = NULL;
  if (mounts_node != NULL && JSON_NODE_HOLDS_ARRAY (mounts_node))
    mounts = json_node_get_array (mounts_node);

  /* The deepest mount that covers the path wins, as in the container's mount table. */
  for (guint i = 0; mounts != NULL && i < json_array_get_length (mounts); i++)
    {
      JsonObject *mount = object_element (mounts, i);
      const char *mount_path = string_member (mount, "mountPath");
      gsize length;

      if (mount_path == NULL)
        continue;
      length = strlen (mount_path);
      while (length > 1 && mount_path[length - 1] == '/')
        length--;
      if (strncmp (path, mount_path, length) != 0
          || (path[length] != '\0' && path[length] != '/'))
        continue;
      if (best == NULL || strlen (mount_path) > strlen (best))
        {
          best = mount_path;
          best_mount = mount;
        }
    }

  if (best_mount != NULL)
    {
      g_autoptr(GHashTable) files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           g_free);
      JsonObject *volume = find_volume (boot->pod, string_member (best_mount, "name"));
      const char *sub_path = string_member (best_mount, "subPath");
      gsize length = strlen (best);
      const char *rest;
      const char *found;

      while (length > 1 && best[length - 1] == '/')
        length--;
      rest = path[length] == '/' ? path + length + 1 : path + length;

      if (volume == NULL
          || !(json_object_has_member (volume, "secret")
               || json_object_has_member (volume, "configMap")))
        return *rest == '\0' ? FILE_DIRECTORY : FILE_MISSING;

      volume_files (boot->store, boot->namespace_, volume, files);
      if (sub_path != NULL && *sub_path != '\0')
        {
          found = g_hash_table_lookup (files, sub_path);
          /* A subPath the volume lacks is made as an empty directory by the kubelet. */
          if (found == NULL)
            return *rest == '\0' ? FILE_DIRECTORY : FILE_MISSING;
          if (*rest != '\0')
            return FILE_MISSING;
          *text = g_strdup (found);
          return FILE_REGULAR;
        }

      if (*rest == '\0')
        return FILE_DIRECTORY;
      found = g_hash_table_lookup (files, rest);
      if (found == NULL)
        return FILE_MISSING;
      *text = g_strdup (found);
      return FILE_REGULAR;
    }

  /* What the image itself holds. */
  {
    g_autofree char *yml_path = g_build_filename (boot->config_dir, boot->yml_name, NULL);
    g_autofree char *jvm = g_build_filename (boot->config_dir, "jvm.options", NULL);
    g_autofree char *log4j = g_build_filename (boot->config_dir, "log4j2.properties", NULL);

    if (g_str_equal (path, yml_path))
      {
        *text = g_strdup ("cluster.name: \"docker-cluster\"\nnetwork.host: 0.0.0.0\n");
        return FILE_REGULAR;
      }
    if (g_str_equal (path, jvm) || g_str_equal (path, log4j))
      {
        *text = g_strdup ("");
        return FILE_REGULAR;
      }
    if (g_str_equal (path, boot->config_dir) || g_str_equal (path, boot->security_dir))
      return FILE_DIRECTORY;
  }

  return FILE_MISSING;
}

/* Settings */

static JsonNode *
lookup_setting (JsonNode   *node,
                const char *name,
                guint       depth)
{
  JsonObject *object;
  JsonNode *member;
  const char *dot;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) || depth > 16)
    return NULL;

  object = json_node_get_object (node);
  member = json_object_get_member (object, name);
  if (member != NULL)
    return member;

  /* "a.b.c" may be written nested at any of its dots. */
  for (dot = strchr (name, '.'); dot != NULL; dot = strchr (dot + 1, '.'))
    {
      g_autofree char *head = g_strndup (name, dot - name);
      JsonNode *inner = json_object_get_member (object, head);
      JsonNode *found = lookup_setting (inner, dot + 1, depth + 1);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static const char *
env_value (JsonObject *container,
           const char *name)
{
  JsonNode *env_node = json_object_get_member (container, "env");
  JsonArray *env;

  if (env_node == NULL || !JSON_NODE_HOLDS_ARRAY (env_node))
    return NULL;

  env = json_node_get_array (env_node);
  for (guint i = 0; i < json_array_get_length (env); i++)
    {
      JsonObject *entry = object_element (env, i);

      if (g_strcmp0 (string_member (entry, "name"), name) == 0)
        return string_member (entry, "value");
    }

  return NULL;
}

/* The name a setting has in this flavour: OpenSearch renamed opendistro_security. to
 * plugins.security. */
static char *
real_name (Boot       *boot,
           const char *name)
{
  if (boot->opensearch && g_str_has_prefix (name, "opendistro_security."))
    return g_strconcat ("plugins.security.", name + strlen ("opendistro_security."), NULL);

  return g_strdup (name);
}

/* A setting as the node sees it: -E from the environment (the entrypoint turns variables
 * named like settings into -E options) before elasticsearch.yml.  A list comes back as its
 * elements joined with commas. */
static char *
setting_text (Boot       *boot,
              const char *odfe_name)
{
  g_autofree char *name = real_name (boot, odfe_name);
  const char *from_env = env_value (boot->container, name);
  JsonNode *value;

  if (from_env != NULL)
    return g_strdup (from_env);

  value = lookup_setting (boot->yml, name, 0);
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return NULL;

  if (JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);
      g_autoptr(GString) joined = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (json_node_get_value_type (element) == G_TYPE_STRING)
            g_string_append_printf (joined, "%s%s", joined->len > 0 ? "," : "",
                                    json_node_get_string (element));
        }
      return g_string_free (g_steal_pointer (&joined), FALSE);
    }

  if (json_node_get_value_type (value) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (value));
  if (json_node_get_value_type (value) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (value) ? "true" : "false");

  return NULL;
}

static GStrv
setting_list (Boot       *boot,
              const char *odfe_name)
{
  g_autofree char *name = real_name (boot, odfe_name);
  g_autofree char *text = setting_text (boot, odfe_name);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return NULL;

  /* A list from the environment is comma-separated; a list in YAML was joined above.  A
   * DN holds commas too, so a YAML list is read element by element instead. */
  {
    JsonNode *value = env_value (boot->container, name) == NULL
                      ? lookup_setting (boot->yml, name, 0) : NULL;

    if (value != NULL && JSON_NODE_HOLDS_ARRAY (value))
      {
        JsonArray *array = json_node_get_array (value);

        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            JsonNode *element = json_array_get_element (array, i);

            if (json_node_get_value_type (element) == G_TYPE_STRING)
              g_ptr_array_add (items, g_strdup (json_node_get_string (element)));
          }
        g_ptr_array_add (items, NULL);
        return (GStrv) g_ptr_array_free (g_steal_pointer (&items), FALSE);
      }
  }

  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_ptr_array_add (items, g_strdup (parts[i]));
    }
  g_ptr_array_add (items, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&items), FALSE);
}

static gboolean
setting_is (Boot       *boot,
            const char *name,
            gboolean    fallback)
{
  g_autofree char *text = setting_text (boot, name);

  if (text == NULL)
    return fallback;

  return g_ascii_strcasecmp (text, "true") == 0;
}

/* The log */

char *
sandbox_boot_log_line (GDateTime  *time,
                       const char *level,
                       const char *component,
                       const char *node,
                       const char *message)
{
  g_autofree char *stamp = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("[%s,%03d][%-5s][%-25s] [%s] %s\n", stamp,
                          g_date_time_get_microsecond (time) / 1000, level, component, node,
                          message);
}

/* What an OpenSearch node writes where an Open Distro one writes @line (taken). */
static char *
translate (Boot *boot,
           char *line)
{
  static const char * const renames[][2] = {
    { "opendistro_security.", "plugins.security." },
    { "ElasticsearchSecurityException", "OpenSearchSecurityException" },
    { "ElasticsearchException", "OpenSearchException" },
    { "ElasticsearchUncaughtExceptionHandler", "OpenSearchUncaughtExceptionHandler" },
    { "org.elasticsearch.", "org.opensearch." },
    { "][o.e.", "][o.o." },
    { "][c.a.o.s.", "][o.o.s." },
    { "DefaultOpenDistroSecurityKeyStore", "DefaultSecurityKeyStore" },
    { "OpenDistroSecurityPlugin", "OpenSearchSecurityPlugin" },
    { "OpenDistroSecurityFilter", "SecurityFilter" },
  };
  g_autoptr(GString) text = NULL;

  if (!boot->opensearch)
    return line;

  text = g_string_new (line);
  g_free (line);
  for (guint i = 0; i < G_N_ELEMENTS (renames); i++)
    g_string_replace (text, renames[i][0], renames[i][1], 0);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
log_line (Boot       *boot,
          const char *level,
          const char *component,
          const char *format,
          ...) G_GNUC_PRINTF (4, 5);

static void
log_line (Boot       *boot,
          const char *level,
          const char *component,
          const char *format,
          ...)
{
  g_autofree char *message = NULL;
  GDateTime *next;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (boot->boot->lines, translate (boot, sandbox_boot_log_line (boot->time, level,
                                                                          component, boot->node,
                                                                          message)));
  next = g_date_time_add (boot->time, (GTimeSpan) (5 + g_random_int_range (0, 20)) * 1000);
  g_date_time_unref (boot->time);
  boot->time = next;
}

/* Lines that continue the previous one, such as an exception's causes. */
static void
log_more (Boot       *boot,
          const char *format,
          ...) G_GNUC_PRINTF (2, 3);

static void
log_more (Boot       *boot,
          const char *format,
          ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (boot->boot->lines, translate (boot, g_strconcat (text, "\n", NULL)));
}

static void
fail (Boot               *boot,
      SandboxBootOutcome  outcome,
      const char         *reason)
{
  boot->boot->outcome = outcome;
  g_free (boot->boot->reason);
  boot->boot->reason = g_strdup (reason);
}

static void
set_repeat (Boot       *boot,
            const char *level,
            const char *component,
            const char *message)
{
  g_free (boot->boot->repeat_level);
  g_free (boot->boot->repeat_component);
  g_free (boot->boot->repeat_message);
  boot->boot->repeat_level = g_strdup (level);
  boot->boot->repeat_component = g_strdup (component);
  boot->boot->repeat_message = g_strdup (message);
}

/* An exception during startup: logged by Bootstrap, then the JVM exits with status 1. */
static void
crash (Boot       *boot,
       const char *exception,
       const char *cause)
{
  static const struct { const char *name; const char *package; } classes[] = {
    { "ElasticsearchException", "org.elasticsearch" },
    { "ElasticsearchSecurityException", "org.elasticsearch" },
    { "SettingsException", "org.elasticsearch.common.settings" },
  };
  const char *bracket = strchr (exception, '[');
  g_autofree char *name = bracket != NULL ? g_strndup (exception, bracket - exception) : NULL;
  g_autofree char *thrown = NULL;

  /* "Name[message]" is how Elasticsearch prints an exception inside another; a stack trace
   * starts with "package.Name: message". */
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (classes); i++)
    if (g_str_equal (name, classes[i].name) && g_str_has_suffix (exception, "]"))
      thrown = g_strdup_printf ("%s.%s: %.*s", classes[i].package, name,
                                (int) strlen (bracket + 1) - 1, bracket + 1);

  log_line (boot, "ERROR", "o.e.b.Bootstrap", "Exception");
  log_more (boot, "%s", thrown != NULL ? thrown : exception);
  if (cause != NULL)
    log_more (boot, "Caused by: %s", cause);
  log_line (boot, "ERROR", "o.e.b.ElasticsearchUncaughtExceptionHandler",
            "uncaught exception in thread [main]");
  log_more (boot, "org.elasticsearch.bootstrap.StartupException: %s", exception);
  fail (boot, SANDBOX_BOOT_CRASHES, exception);
}

/* Certificates and keys */

typedef struct
{
  gnutls_x509_crt_t *certificates;
  unsigned int       n_certificates;
} CertificateList;

static void
certificate_list_clear (CertificateList *list)
{
  for (unsigned int i = 0; i < list->n_certificates; i++)
    gnutls_x509_crt_deinit (list->certificates[i]);
  gnutls_free (list->certificates);
  list->certificates = NULL;
  list->n_certificates = 0;
}

static gboolean
import_certificates (const char      *text,
                     CertificateList *list)
{
  gnutls_datum_t datum = { (unsigned char *) text, (unsigned int) strlen (text) };

  list->certificates = NULL;
  list->n_certificates = 0;
  if (strstr (text, "-----BEGIN CERTIFICATE-----") == NULL)
    return FALSE;

  return gnutls_x509_crt_list_import2 (&list->certificates, &list->n_certificates, &datum,
                                       GNUTLS_X509_FMT_PEM, 0) >= 0
         && list->n_certificates > 0;
}

/* Netty reads unencrypted PKCS#8 ("BEGIN PRIVATE KEY") only; PKCS#1 ("BEGIN RSA PRIVATE
 * KEY") and SEC1 ("BEGIN EC PRIVATE KEY") keys are "not valid private keys" to it. */
static gboolean
key_is_valid (const char *text,
              gboolean    has_password)
{
  gnutls_x509_privkey_t key;
  gnutls_datum_t datum = { (unsigned char *) text, (unsigned int) strlen (text) };
  gboolean valid;

  if (strstr (text, "-----BEGIN ENCRYPTED PRIVATE KEY-----") != NULL)
    return has_password;
  if (strstr (text, "-----BEGIN PRIVATE KEY-----") == NULL)
    return FALSE;

  if (gnutls_x509_privkey_init (&key) < 0)
    return FALSE;
  valid = gnutls_x509_privkey_import_pkcs8 (key, &datum, GNUTLS_X509_FMT_PEM, NULL,
                                            GNUTLS_PKCS_PLAIN) >= 0;
  gnutls_x509_privkey_deinit (key);
  return valid;
}

typedef struct
{
  char            *certificate_path;
  char            *trusted_path;
  CertificateList  chain;
  CertificateList  trusted;
} TlsLayer;

static void
tls_layer_clear (TlsLayer *layer)
{
  g_clear_pointer (&layer->certificate_path, g_free);
  g_clear_pointer (&layer->trusted_path, g_free);
  certificate_list_clear (&layer->chain);
  certificate_list_clear (&layer->trusted);
}

static char *
config_path (Boot       *boot,
             const char *value)
{
  if (g_path_is_absolute (value))
    return g_strdup (value);

  return g_build_filename (boot->config_dir, value, NULL);
}

/* The plugin's check of a configured file: it must be a readable regular file. */
static char *
check_path (Boot       *boot,
            const char *setting,
            char      **text)
{
  g_autofree char *value = setting_text (boot, setting);
  g_autofree char *path = NULL;
  FileKind kind;

  *text = NULL;
  if (value == NULL || *value == '\0')
    return g_strdup_printf ("ElasticsearchException[Empty file path for %s]", setting);

  path = config_path (boot, value);
  kind = read_file (boot, path, text);
  if (kind == FILE_DIRECTORY)
    return g_strdup_printf ("ElasticsearchException[Is a directory: %s Expected a file for "
                            "%s]", path, setting);
  if (kind == FILE_MISSING)
    return g_strdup_printf ("ElasticsearchException[Unable to read %s (%s). Please make sure "
                            "this files exists and is readable regarding to permissions. "
                            "Property: %s]", path, path, setting);

  return NULL;
}

/* Loads one TLS layer ("transport" or "http") as the plugin does at startup; on failure,
 * crashes the node and returns FALSE. */
static gboolean
load_tls_layer (Boot       *boot,
                const char *layer_name,
                TlsLayer   *layer)
{
  g_autofree char *cert_setting = g_strdup_printf ("opendistro_security.ssl.%s.pemcert_filepath",
                                                   layer_name);
  g_autofree char *key_setting = g_strdup_printf ("opendistro_security.ssl.%s.pemkey_filepath",
                                                  layer_name);
  g_autofree char *trusted_setting = g_strdup_printf (
    "opendistro_security.ssl.%s.pemtrustedcas_filepath", layer_name);
  g_autofree char *keystore_setting = g_strdup_printf (
    "opendistro_security.ssl.%s.keystore_filepath", layer_name);
  g_autofree char *password_setting = g_strdup_printf (
    "opendistro_security.ssl.%s.pemkey_password", layer_name);
  g_autofree char *key_value = setting_text (boot, key_setting);
  g_autofree char *keystore_value = setting_text (boot, keystore_setting);
  g_autofree char *password = setting_text (boot, password_setting);
  g_autofree char *cert_text = NULL;
  g_autofree char *key_text = NULL;
  g_autofree char *trusted_text = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *wrapped = NULL;
  g_autofree char *cause = NULL;
  gboolean transport = g_str_equal (layer_name, "transport");
  const char *layer_title = transport ? "transport" : "http";

  if (keystore_value != NULL && key_value == NULL)
    {
      /* A JKS or PKCS#12 keystore: the sandbox has no keystores to read. */
      g_autofree char *path = config_path (boot, keystore_value);
      char *text = NULL;

      if (read_file (boot, path, &text) != FILE_REGULAR)
        {
          g_autofree char *message = g_strdup_printf (
            "ElasticsearchException[Unable to read %s (%s). Please make sure this files "
            "exists and is readable regarding to permissions. Property: %s]", path, path,
            keystore_setting);

          g_free (text);
          crash (boot, message, NULL);
          return FALSE;
        }
      g_free (text);
      return TRUE;
    }

  if (key_value == NULL)
    {
      if (transport)
        crash (boot, "ElasticsearchException[opendistro_security.ssl.transport.keystore_filepath "
               "or opendistro_security.ssl.transport.pemkey_filepath must be set if transport "
               "ssl is reqested.]", NULL);
      else
        crash (boot, "ElasticsearchException[opendistro_security.ssl.http.keystore_filepath or "
               "opendistro_security.ssl.http.pemkey_filepath must be set if https is "
               "reqested.]", NULL);
      return FALSE;
    }

  problem = check_path (boot, key_setting, &key_text);
  if (problem == NULL)
    problem = check_path (boot, cert_setting, &cert_text);
  if (problem == NULL)
    problem = check_path (boot, trusted_setting, &trusted_text);
  if (problem != NULL)
    {
      if (key_text != NULL)
        explicit_bzero (key_text, strlen (key_text));
      crash (boot, problem, NULL);
      return FALSE;
    }

  {
    g_autofree char *cert_value = setting_text (boot, cert_setting);
    g_autofree char *trusted_value = setting_text (boot, trusted_setting);
    g_autofree char *key_path = config_path (boot, key_value);

    layer->certificate_path = config_path (boot, cert_value);
    layer->trusted_path = config_path (boot, trusted_value);

    if (!key_is_valid (key_text, password != NULL))
      cause = g_strdup_printf ("java.lang.IllegalArgumentException: File does not contain valid "
                               "private key: %s", key_path);
  }
  explicit_bzero (key_text, strlen (key_text));

  if (cause == NULL && !import_certificates (cert_text, &layer->chain))
    cause = g_strdup_printf ("java.lang.IllegalArgumentException: File does not contain valid "
                             "certificates: %s", layer->certificate_path);
  if (cause == NULL && !import_certificates (trusted_text, &layer->trusted))
    cause = g_strdup_printf ("java.lang.IllegalArgumentException: File does not contain valid "
                             "certificates: %s", layer->trusted_path);

  if (cause == NULL)
    return TRUE;

  if (strstr (cause, "private key") != NULL)
    log_line (boot, "ERROR", "c.a.o.s.s.DefaultOpenDistroSecurityKeyStore",
              "Your keystore or PEM does not contain a key. If you specified a key password, "
              "try removing it. If you did not specify a key password, perhaps you need to if "
              "the key is in fact password-protected. Maybe you just confused keys and "
              "certificates.");
  else
    log_line (boot, "ERROR", "c.a.o.s.s.DefaultOpenDistroSecurityKeyStore",
              "Your keystore or PEM does not contain a certificate. Maybe you confused keys and "
              "certificates.");

  wrapped = g_strdup_printf ("ElasticsearchSecurityException[Error while initializing %s SSL "
                             "layer from PEM: %s]", layer_title, cause);
  crash (boot, wrapped, cause);
  return FALSE;
}

/* Whether the node certificate chains to the trusted CAs: NULL, or the Java exception a
 * peer's handshake fails with. */
static char *
chain_problem (TlsLayer *layer)
{
  unsigned int status = 0;
  time_t now = time (NULL);

  if (gnutls_x509_crt_get_expiration_time (layer->chain.certificates[0]) < now
      || gnutls_x509_crt_get_activation_time (layer->chain.certificates[0]) > now)
    return g_strdup ("javax.net.ssl.SSLHandshakeException: PKIX path validation failed: "
                     "java.security.cert.CertPathValidatorException: validity check failed");

  if (gnutls_x509_crt_list_verify (layer->chain.certificates, layer->chain.n_certificates,
                                   layer->trusted.certificates, layer->trusted.n_certificates,
                                   NULL, 0, GNUTLS_VERIFY_DISABLE_TIME_CHECKS
                                   | GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS,
                                   &status) < 0
      || status != 0)
    return g_strdup ("javax.net.ssl.SSLHandshakeException: PKIX path building failed: "
                     "sun.security.provider.certpath.SunCertPathBuilderException: unable to "
                     "find valid certification path to requested target");

  return NULL;
}

static char *
subject_of (gnutls_x509_crt_t certificate)
{
  gnutls_datum_t datum = { NULL, 0 };
  char *subject;

  if (gnutls_x509_crt_get_dn3 (certificate, &datum, 0) < 0)
    return g_strdup ("");

  subject = g_strndup ((const char *) datum.data, datum.size);
  gnutls_free (datum.data);
  return subject;
}

static gboolean
has_registered_id (gnutls_x509_crt_t  certificate,
                   const char        *oid)
{
  for (unsigned int i = 0;; i++)
    {
      char buffer[256];
      size_t size = sizeof buffer - 1;
      int type = gnutls_x509_crt_get_subject_alt_name (certificate, i, buffer, &size, NULL);

      if (type == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        return FALSE;
      if (type < 0)
        continue;
      buffer[MIN (size, sizeof buffer - 1)] = '\0';
      if (type == GNUTLS_SAN_REGISTERED_ID && g_str_equal (buffer, oid))
        return TRUE;
    }
}

static char *
remove_spaces (const char *text)
{
  GString *result = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p != ' ')
      g_string_append_c (result, *p);

  return g_string_free (result, FALSE);
}

/* The plugin's pattern match: "/regex/" or a wildcard pattern with * and ?. */
static gboolean
pattern_matches (const char *pattern,
                 const char *text)
{
  gsize length = strlen (pattern);

  if (length > 2 && pattern[0] == '/' && pattern[length - 1] == '/')
    {
      g_autofree char *expression = g_strndup (pattern + 1, length - 2);
      g_autofree char *anchored = g_strconcat ("^(?:", expression, ")$", NULL);

      return g_regex_match_simple (anchored, text, 0, 0);
    }

  return g_pattern_match_simple (pattern, text);
}

/* Whether the plugin takes a peer presenting @certificate for a node of the cluster. */
static gboolean
is_node_certificate (Boot              *boot,
                     gnutls_x509_crt_t  certificate)
{
  g_auto(GStrv) nodes_dn = setting_list (boot, "opendistro_security.nodes_dn");
  g_autofree char *oid = setting_text (boot, "opendistro_security.cert.oid");
  g_autofree char *subject = subject_of (certificate);
  g_autofree char *compact = remove_spaces (subject);

  for (guint i = 0; nodes_dn != NULL && nodes_dn[i] != NULL; i++)
    {
      if (pattern_matches (nodes_dn[i], subject) || pattern_matches (nodes_dn[i], compact))
        return TRUE;
    }

  return has_registered_id (certificate, oid != NULL ? oid : NODE_OID);
}

/* The security configuration files */

static const struct
{
  const char *file;
  const char *type;
  gboolean    required;
} security_files[] = {
  { "config.yml", "config", TRUE },
  { "roles.yml", "roles", TRUE },
  { "roles_mapping.yml", "rolesmapping", TRUE },
  { "internal_users.yml", "internalusers", TRUE },
  { "action_groups.yml", "actiongroups", TRUE },
  { "tenants.yml", "tenants", FALSE },
  { "nodes_dn.yml", "nodesdn", FALSE },
  { "whitelist.yml", "whitelist", FALSE },
  { "audit.yml", "audit", FALSE },
};

/* Why the security index cannot be initialised from the files, or NULL. */
static char *
security_files_problem (Boot *boot)
{
  for (guint i = 0; i < G_N_ELEMENTS (security_files); i++)
    {
      g_autofree char *path = g_build_filename (boot->security_dir, security_files[i].file,
                                                NULL);
      g_autofree char *text = NULL;
      g_autoptr(JsonNode) parsed = NULL;
      g_autoptr(GError) error = NULL;
      FileKind kind = read_file (boot, path, &text);
      JsonNode *meta;
      const char *type;
      const char *version;

      if (kind != FILE_REGULAR)
        {
          if (!security_files[i].required)
            continue;
          return g_strdup_printf ("java.io.FileNotFoundException: %s (%s)", path,
                                  kind == FILE_DIRECTORY ? "Is a directory"
                                                         : "No such file or directory");
        }

      parsed = sandbox_odfe_yaml_to_json (text, &error);
      if (text != NULL)
        explicit_bzero (text, strlen (text));
      if (parsed == NULL)
        return g_strdup_printf ("com.fasterxml.jackson.core.JsonParseException: %s is not "
                                "valid YAML: %s", path, error->message);
      if (!JSON_NODE_HOLDS_OBJECT (parsed))
        return g_strdup_printf ("java.lang.IllegalArgumentException: %s holds no settings",
                                path);

      meta = json_object_get_member (json_node_get_object (parsed), "_meta");
      type = meta != NULL && JSON_NODE_HOLDS_OBJECT (meta)
             ? string_member (json_node_get_object (meta), "type") : NULL;
      version = meta != NULL && JSON_NODE_HOLDS_OBJECT (meta)
                ? string_member (json_node_get_object (meta), "config_version") : NULL;
      if (meta == NULL)
        return g_strdup_printf ("java.lang.IllegalArgumentException: %s has no _meta section; "
                                "a configuration of config_version 2 starts with _meta: {type: "
                                "\"%s\", config_version: 2}", path, security_files[i].type);
      if (g_strcmp0 (version, "2") != 0)
        return g_strdup_printf ("java.lang.IllegalArgumentException: %s is of config_version "
                                "%s, expected 2", path, version != NULL ? version : "(none)");
      if (g_strcmp0 (type, security_files[i].type) != 0)
        return g_strdup_printf ("java.lang.IllegalArgumentException: %s has _meta.type %s, "
                                "expected %s", path, type != NULL ? type : "(none)",
                                security_files[i].type);
    }

  return NULL;
}

/* The startup */

static void
log_startup_head (Boot       *boot,
                  const char *cluster_name)
{
  const char *options = env_value (boot->container, "ES_JAVA_OPTS");
  static const char * const plugins[] = {
    "opendistro-anomaly-detection", "opendistro-asynchronous-search",
    "opendistro-index-management", "opendistro-job-scheduler", "opendistro-knn",
    "opendistro-performance-analyzer", "opendistro-reports-scheduler", "opendistro-sql",
    "opendistro_alerting", "opendistro_security", NULL
  };

  log_line (boot, "INFO", "o.e.n.Node", "version[7.10.2], pid[1], build[%s], "
            "OS[Linux/6.1.0-28-amd64/amd64], JVM[AdoptOpenJDK/OpenJDK 64-Bit Server "
            "VM/15.0.1/15.0.1+9]", ES_BUILD);
  log_line (boot, "INFO", "o.e.n.Node", "JVM home [/usr/share/elasticsearch/jdk], using "
            "bundled JDK [true]");
  log_line (boot, "INFO", "o.e.n.Node", "JVM arguments [-Xshare:auto, "
            "-Des.networkaddress.cache.ttl=60, -Des.networkaddress.cache.negative.ttl=10, "
            "-XX:+AlwaysPreTouch, -Xss1m, -Djava.awt.headless=true, -Dfile.encoding=UTF-8, "
            "%s%s-Dclk.tck=100, -Djdk.attach.allowAttachSelf=true, "
            "-Des.path.home=/usr/share/elasticsearch, -Des.path.conf=/usr/share/elasticsearch/"
            "config, -Des.distribution.flavor=oss, -Des.distribution.type=tar, "
            "-Des.bundled_jdk=true]", options != NULL ? options : "",
            options != NULL ? ", " : "");
  for (guint i = 0; plugins[i] != NULL; i++)
    log_line (boot, "INFO", "o.e.p.PluginsService", "loaded plugin [%s]", plugins[i]);
  log_line (boot, "INFO", "c.a.o.s.OpenDistroSecurityPlugin", "Clustername: %s", cluster_name);
}

static void
log_admin_dn_warnings (Boot *boot)
{
  g_auto(GStrv) admin_dn = setting_list (boot, "opendistro_security.authcz.admin_dn");

  for (guint i = 0; admin_dn != NULL && admin_dn[i] != NULL; i++)
    {
      if (strstr (admin_dn[i], ", ") == NULL && strstr (admin_dn[i], " ,") == NULL)
        continue;
      log_line (boot, "WARN", "c.a.o.s.c.AdminDNs", "admin_dn '%s' has whitespace between its "
                "RDNs: it does not match the principal of any certificate, so no admin "
                "certificate is recognised by it", admin_dn[i]);
    }
}

static void
run (Boot *boot)
{
  const char *ip = sandbox_object_get_string (boot->pod, "status.podIP");
  g_autofree char *yml_text = NULL;
  g_autofree char *yml_path = NULL;
  g_autofree char *cluster_name = NULL;
  g_auto(GStrv) initial_masters = NULL;
  g_autoptr(GError) error = NULL;
  TlsLayer transport = { 0 };
  TlsLayer http = { 0 };
  g_autofree char *handshake = NULL;
  g_autofree char *security = NULL;
  gboolean identified;
  gboolean needs_peers;
  guint64 replicas = 1;

  if (ip == NULL)
    ip = "10.244.0.1";

  yml_path = g_build_filename (boot->config_dir, boot->yml_name, NULL);
  if (read_file (boot, yml_path, &yml_text) == FILE_REGULAR)
    {
      boot->yml = sandbox_odfe_yaml_to_json (yml_text, &error);
      if (boot->yml == NULL)
        {
          g_autofree char *message = g_strdup_printf (
            "SettingsException[Failed to load settings from [elasticsearch.yml]]; nested: "
            "MarkedYAMLException[%s]", error->message);

          crash (boot, message, NULL);
          return;
        }
    }

  /* The image's entrypoint installs the demo security configuration (demo certificates,
   * demo users) when the configuration has no security settings and that is not disabled:
   * such a node starts, with nothing of what the pod mounts for security. */
  {
    const char *disable = env_value (boot->container, "DISABLE_INSTALL_DEMO_CONFIG");
    const char *marker = boot->opensearch ? "plugins.security" : "opendistro_security";

    if ((yml_text == NULL || strstr (yml_text, marker) == NULL)
        && g_strcmp0 (disable, "true") != 0)
      {
        log_more (boot, "%s Security Demo Installer",
                  boot->opensearch ? "OpenSearch" : "OpenDistro");
        log_more (boot, " ** Warning: Do not use on production or public reachable systems **");
        log_more (boot, "Config file: %s/%s", boot->config_dir, boot->yml_name);
        log_more (boot, "Demo certificates and configuration written; the security index will "
                  "hold the demo users");
        boot->demo = TRUE;
      }
  }

  cluster_name = setting_text (boot, "cluster.name");
  if (cluster_name == NULL)
    cluster_name = g_strdup ("elasticsearch");
  initial_masters = setting_list (boot, "cluster.initial_master_nodes");
  if (initial_masters != NULL && initial_masters[0] != NULL)
    boot->boot->initial_masters = g_strdupv (initial_masters);

  log_startup_head (boot, cluster_name);

  if (boot->demo)
    {
      log_line (boot, "INFO", "c.a.o.s.s.DefaultOpenDistroSecurityKeyStore",
                "TLS Transport Client Provider : JDK");
      log_line (boot, "INFO", "c.a.o.s.s.DefaultOpenDistroSecurityKeyStore",
                "TLS HTTP Provider             : JDK");
      log_line (boot, "INFO", "o.e.n.Node", "initialized");
      log_line (boot, "INFO", "o.e.n.Node", "starting ...");
      log_line (boot, "INFO", "o.e.t.TransportService", "publish_address {%s:9300}, "
                "bound_addresses {0.0.0.0:9300}", ip);
      log_line (boot, "INFO", "o.e.h.AbstractHttpServerTransport", "publish_address "
                "{%s:9200}, bound_addresses {0.0.0.0:9200}", ip);
      log_line (boot, "INFO", "o.e.n.Node", "started");
      log_line (boot, "INFO", "c.a.o.s.OpenDistroSecurityPlugin", "Node '%s' initialized",
                boot->node);
      goto out;
    }

  if (load_tls_layer (boot, "transport", &transport)
      && (!setting_is (boot, "opendistro_security.ssl.http.enabled", FALSE)
          || load_tls_layer (boot, "http", &http)))
    {
      log_line (boot, "INFO", "c.a.o.s.s.DefaultOpenDistroSecurityKeyStore",
                "TLS Transport Client Provider : JDK");
      log_line (boot, "INFO", "c.a.o.s.s.DefaultOpenDistroSecurityKeyStore",
                "TLS Transport Server Provider : JDK");
      log_line (boot, "INFO", "c.a.o.s.s.DefaultOpenDistroSecurityKeyStore",
                "TLS HTTP Provider             : %s",
                http.chain.n_certificates > 0 ? "JDK" : "null");
    }

  if (boot->boot->outcome == SANDBOX_BOOT_CRASHES)
    goto out;

  log_admin_dn_warnings (boot);
  log_line (boot, "INFO", "o.e.d.DiscoveryModule", "using discovery type [zen] and seed hosts "
            "providers [settings]");
  log_line (boot, "INFO", "o.e.n.Node", "initialized");
  log_line (boot, "INFO", "o.e.n.Node", "starting ...");
  log_line (boot, "INFO", "o.e.t.TransportService", "publish_address {%s:9300}, "
            "bound_addresses {0.0.0.0:9300}", ip);

  /* Other nodes: peers present this node's certificate, and this node theirs. */
  {
    JsonNode *replicas_node = NULL;
    const char *owner = NULL;
    JsonArray *references = array_at (boot->pod, "metadata.ownerReferences");

    for (guint i = 0; references != NULL && i < json_array_get_length (references); i++)
      if (g_strcmp0 (string_member (object_element (references, i), "kind"),
                     "StatefulSet") == 0)
        owner = string_member (object_element (references, i), "name");
    if (owner != NULL)
      {
        JsonNode *statefulset = sandbox_store_get (boot->store, resource_of ("statefulsets"),
                                                   boot->namespace_, owner);
        JsonObject *spec = sandbox_object_get_object (statefulset, "spec");

        replicas_node = spec != NULL ? json_object_get_member (spec, "replicas") : NULL;
        if (replicas_node != NULL && json_node_get_value_type (replicas_node) == G_TYPE_INT64)
          replicas = (guint64) MAX (json_node_get_int (replicas_node), 0);
      }
  }
  needs_peers = replicas > 1
                || (initial_masters != NULL && g_strv_length (initial_masters) > 1)
                || (initial_masters != NULL && initial_masters[0] != NULL
                    && !g_str_equal (initial_masters[0], boot->node));

  handshake = chain_problem (&transport);
  identified = is_node_certificate (boot, transport.chain.certificates[0]);
  if (needs_peers && handshake != NULL)
    {
      log_line (boot, "WARN", "o.e.t.TcpTransport", "exception caught on transport layer "
                "[Netty4TcpChannel{localAddress=/%s:9300, remoteAddress=/10.244.1.%u:%u}], "
                "closing connection", ip, 2 + g_random_int_range (0, 200),
                40000 + g_random_int_range (0, 20000));
      log_more (boot, "io.netty.handler.codec.DecoderException: %s", handshake);
      log_more (boot, "Caused by: %s", handshake);
      fail (boot, SANDBOX_BOOT_UNREADY, "the nodes' TLS handshakes fail: "
            "the node certificate is not trusted");
    }
  else if (needs_peers && !identified)
    {
      g_autofree char *subject = subject_of (transport.chain.certificates[0]);

      log_line (boot, "ERROR", "c.a.o.s.f.OpenDistroSecurityFilter", "No user found for "
                "internal:cluster/coordination/join from %s:9300 netty_tcp via transport "
                "{_opendistro_security_ssl_transport_principal=%s}", ip, subject);
      fail (boot, SANDBOX_BOOT_UNREADY, "nodes cannot join: the node certificate matches no "
            "nodes_dn and lacks the node OID");
    }

  if (boot->boot->outcome == SANDBOX_BOOT_UNREADY)
    {
      g_autofree char *masters = initial_masters != NULL ? g_strjoinv (", ", initial_masters)
                                                         : g_strdup ("");

      g_autofree char *warning = g_strdup_printf (
        "master not discovered yet, this node has not previously joined a bootstrapped (v7+) "
        "cluster, and this node must discover master-eligible nodes [%s] to bootstrap a "
        "cluster: have discovered [{%s}{%s:9300}]; discovery will continue using [] from "
        "hosts providers and [{%s}] from last-known cluster state; node term 0, "
        "last-accepted version 0 in term 0", masters, boot->node, ip, boot->node);

      log_line (boot, "WARN", "o.e.c.c.ClusterFormationFailureHelper", "%s", warning);
      set_repeat (boot, "WARN", "o.e.c.c.ClusterFormationFailureHelper", warning);
    }

  log_line (boot, "INFO", "o.e.h.AbstractHttpServerTransport", "publish_address {%s:9200}, "
            "bound_addresses {0.0.0.0:9200}", ip);
  log_line (boot, "INFO", "o.e.n.Node", "started");

  if (boot->boot->outcome == SANDBOX_BOOT_UNREADY)
    goto out;

  if (!setting_is (boot, "opendistro_security.allow_default_init_securityindex", FALSE))
    {
      log_line (boot, "INFO", "c.a.o.s.c.ConfigurationRepository", "Will not attempt to create "
                "index .opendistro_security and default configs if they are absent. Use "
                "securityadmin to initialize cluster");
      log_line (boot, "ERROR", "c.a.o.s.a.BackendRegistry", "Not yet initialized (you may need "
                "to run securityadmin)");
      set_repeat (boot, "ERROR", "c.a.o.s.a.BackendRegistry",
                  "Not yet initialized (you may need to run securityadmin)");
      fail (boot, SANDBOX_BOOT_UNREADY, "Open Distro Security not initialized (no default "
            "initialisation and no securityadmin run)");
      goto out;
    }

  log_line (boot, "INFO", "c.a.o.s.c.ConfigurationRepository", "Will attempt to create index "
            ".opendistro_security and default configs if they are absent");
  security = security_files_problem (boot);
  if (security != NULL)
    {
      log_line (boot, "ERROR", "c.a.o.s.c.ConfigurationRepository", "Cannot apply default "
                "config (this is maybe not an error!)");
      log_more (boot, "%s", security);
      log_line (boot, "ERROR", "c.a.o.s.a.BackendRegistry", "Not yet initialized (you may need "
                "to run securityadmin)");
      set_repeat (boot, "ERROR", "c.a.o.s.a.BackendRegistry",
                  "Not yet initialized (you may need to run securityadmin)");
      fail (boot, SANDBOX_BOOT_UNREADY, "Open Distro Security not initialized: the security "
            "configuration files cannot initialise the security index");
      goto out;
    }

  log_line (boot, "INFO", "c.a.o.s.c.ConfigurationRepository", "Index .opendistro_security "
            "created?: true");
  log_line (boot, "INFO", "c.a.o.s.OpenDistroSecurityPlugin", "Node '%s' initialized",
            boot->node);

out:
  tls_layer_clear (&transport);
  tls_layer_clear (&http);
}

SandboxBoot *
sandbox_boot_run (SandboxStore *store,
                  JsonNode     *pod)
{
  const char *start = sandbox_object_get_string (pod, "status.startTime");
  SandboxBoot *result = g_new0 (SandboxBoot, 1);
  JsonObject *probe;
  Boot boot = { 0 };

  result->lines = g_ptr_array_new_with_free_func (g_free);
  result->outcome = SANDBOX_BOOT_STARTS;

  boot.container = search_container (pod);
  if (boot.container == NULL)
    return result;

  result->search = TRUE;
  boot.opensearch = strstr (string_member (boot.container, "image"), "opensearch") != NULL;
  boot.config_dir = boot.opensearch ? OS_CONFIG_DIR : CONFIG_DIR;
  boot.security_dir = boot.opensearch ? OS_SECURITY_DIR : SECURITY_DIR;
  boot.yml_name = boot.opensearch ? "opensearch.yml" : "elasticsearch.yml";
  boot.store = store;
  boot.pod = pod;
  boot.boot = result;
  boot.namespace_ = sandbox_object_get_string (pod, "metadata.namespace");
  boot.node = sandbox_object_get_string (pod, "metadata.name");
  boot.time = start != NULL ? g_date_time_new_from_iso8601 (start, NULL) : NULL;
  if (boot.time == NULL)
    boot.time = g_date_time_new_now_utc ();

  probe = json_object_has_member (boot.container, "readinessProbe")
          && JSON_NODE_HOLDS_OBJECT (json_object_get_member (boot.container, "readinessProbe"))
          ? json_object_get_object_member (boot.container, "readinessProbe") : NULL;
  if (probe != NULL && json_object_has_member (probe, "httpGet")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (probe, "httpGet")))
    {
      const char *path = string_member (json_object_get_object_member (probe, "httpGet"),
                                        "path");

      result->probe_needs_cluster = path != NULL
                                    && (g_str_has_prefix (path, "/_opendistro/_security/health")
                                        || g_str_has_prefix (path,
                                                             "/_plugins/_security/health")
                                        || g_str_has_prefix (path, "/_cluster/health"));
    }

  run (&boot);

  g_clear_pointer (&boot.yml, json_node_unref);
  g_date_time_unref (boot.time);
  return result;
}

void
sandbox_boot_free (SandboxBoot *boot)
{
  if (boot == NULL)
    return;

  g_clear_pointer (&boot->lines, g_ptr_array_unref);
  g_free (boot->reason);
  g_strfreev (boot->initial_masters);
  g_free (boot->repeat_level);
  g_free (boot->repeat_component);
  g_free (boot->repeat_message);
  g_free (boot);
}

char *
sandbox_boot_missing_mount (SandboxStore *store,
                            JsonNode     *pod)
{
  const char *namespace_ = sandbox_object_get_string (pod, "metadata.namespace");
  JsonArray *volumes = array_at (pod, "spec.volumes");

  for (guint i = 0; volumes != NULL && i < json_array_get_length (volumes); i++)
    {
      JsonObject *volume = object_element (volumes, i);
      const char *volume_name = string_member (volume, "name");
      gboolean secret = volume != NULL && json_object_has_member (volume, "secret");
      JsonNode *source_node;
      JsonObject *source;
      const char *name;
      JsonNode *optional;

      if (volume == NULL || (!secret && !json_object_has_member (volume, "configMap")))
        continue;

      source_node = json_object_get_member (volume, secret ? "secret" : "configMap");
      if (!JSON_NODE_HOLDS_OBJECT (source_node))
        continue;
      source = json_node_get_object (source_node);
      name = string_member (source, secret ? "secretName" : "name");
      optional = json_object_get_member (source, "optional");
      if (optional != NULL && json_node_get_value_type (optional) == G_TYPE_BOOLEAN
          && json_node_get_boolean (optional))
        continue;

      if (name == NULL
          || sandbox_store_get (store, resource_of (secret ? "secrets" : "configmaps"),
                                namespace_, name) == NULL)
        return g_strdup_printf ("MountVolume.SetUp failed for volume \"%s\" : %s \"%s\" not "
                                "found", volume_name ? volume_name : "",
                                secret ? "secret" : "configmap", name ? name : "");
    }

  return NULL;
}
