/* test-odfe-config-map.c: the edited ConfigMap, its replace object, and drafts of edits
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "kube-error.h"
#include "kube-json.h"
#include "odfe-config-diff.h"
#include "odfe-config-map.h"
#include "odfe-error.h"
#include "odfe-yaml-check.h"
#include "sandbox-session.h"
#include "scratch-dir.h"

static char *state_dir;

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);

  return node;
}

static GHashTable *
table (const char *first_key,
       ...)
{
  GHashTable *data = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *key = first_key;
  va_list args;

  va_start (args, first_key);
  while (key != NULL)
    {
      g_hash_table_insert (data, g_strdup (key), g_strdup (va_arg (args, const char *)));
      key = va_arg (args, const char *);
    }
  va_end (args);

  return data;
}

static const char config_map_json[] =
  "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\","
  "\"metadata\":{\"name\":\"elasticsearch-config\",\"namespace\":\"logs\","
  "\"uid\":\"0b5c5d0e-1\",\"resourceVersion\":\"42\","
  "\"labels\":{\"app.kubernetes.io/managed-by\":\"searchdeck\"},"
  "\"annotations\":{\"note\":\"kept\"}},"
  "\"data\":{\"elasticsearch.yml\":\"cluster.name: logs\\n\",\"log4j2.properties\":\"x=1\"},"
  "\"binaryData\":{\"blob\":\"AAEC\"}}";

static void
test_parse (void)
{
  g_autoptr(JsonNode) node = parse_json (config_map_json);
  g_autoptr(GError) error = NULL;
  g_autoptr(OdfeConfigMap) map = odfe_config_map_new_from_json (node, &error);
  g_autoptr(OdfeConfigMap) copy = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (map->name, ==, "elasticsearch-config");
  g_assert_cmpstr (map->namespace, ==, "logs");
  g_assert_cmpstr (map->uid, ==, "0b5c5d0e-1");
  g_assert_cmpstr (map->resource_version, ==, "42");
  g_assert_cmpuint (g_hash_table_size (map->data), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (map->data, "elasticsearch.yml"), ==,
                   "cluster.name: logs\n");
  g_assert_true (json_node_equal (map->object, node));

  copy = odfe_config_map_copy (map);
  g_assert_cmpstr (copy->resource_version, ==, "42");
  g_assert_cmpstr (g_hash_table_lookup (copy->data, "log4j2.properties"), ==, "x=1");
  g_assert_true (copy->data != map->data);
  g_assert_true (json_node_equal (copy->object, node));

  /* Each holds its own tree. */
  json_object_set_string_member (kube_json_path_object (node, "metadata", NULL), "name", "x");
  g_assert_cmpstr (kube_json_path_string (map->object, "metadata", "name", NULL), ==,
                   "elasticsearch-config");
  json_object_remove_member (kube_json_path_object (map->object, "data", NULL),
                             "log4j2.properties");
  g_assert_cmpstr (kube_json_path_string (copy->object, "data", "log4j2.properties", NULL),
                   ==, "x=1");
}

static void
test_parse_bad (void)
{
  static const char * const bad[] = {
    "[]",
    "{\"kind\":\"Secret\",\"metadata\":{\"name\":\"x\"}}",
    "{\"kind\":\"ConfigMap\",\"metadata\":{}}",
    "{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"},\"data\":[]}",
    "{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"},\"data\":{\"k\":1}}",
    "{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"},\"data\":{\"k\":{}}}",
  };
  g_autoptr(JsonNode) listed = parse_json ("{\"metadata\":{\"name\":\"x\"},\"data\":null}");
  g_autoptr(GError) error = NULL;
  g_autoptr(OdfeConfigMap) map = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = parse_json (bad[i]);
      g_autoptr(GError) bad_error = NULL;

      g_assert_null (odfe_config_map_new_from_json (node, &bad_error));
      g_assert_error (bad_error, ODFE_ERROR, ODFE_ERROR_PROTOCOL);
    }

  /* An item of a list has no kind, and a ConfigMap may have no data. */
  map = odfe_config_map_new_from_json (listed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (map->data), ==, 0);
  g_assert_null (map->resource_version);
}

static void
test_build_replace (void)
{
  g_autoptr(JsonNode) node = parse_json (config_map_json);
  g_autoptr(OdfeConfigMap) map = odfe_config_map_new_from_json (node, NULL);
  g_autoptr(GHashTable) data = table ("elasticsearch.yml", "cluster.name: edited\n",
                                     "jvm.options", "-Xms1g\n", NULL);
  g_autoptr(JsonNode) replace = NULL;
  g_autoptr(JsonNode) unconditional = NULL;
  JsonObject *root;
  JsonObject *replaced_data;

  /* The version loaded, even if the object says otherwise by now. */
  json_object_set_string_member (kube_json_path_object (map->object, "metadata", NULL),
                                 "resourceVersion", "99");
  replace = odfe_config_map_build_replace (map, data);
  root = json_node_get_object (replace);

  g_assert_cmpstr (kube_json_path_string (replace, "metadata", "resourceVersion", NULL), ==,
                   "42");
  g_assert_cmpstr (kube_json_path_string (replace, "metadata", "name", NULL), ==,
                   "elasticsearch-config");
  g_assert_cmpstr (kube_json_path_string (replace, "metadata", "annotations", "note", NULL),
                   ==, "kept");
  g_assert_cmpstr (kube_json_path_string (replace, "binaryData", "blob", NULL), ==, "AAEC");
  g_assert_cmpstr (kube_json_get_string (root, "kind"), ==, "ConfigMap");
  g_assert_cmpstr (kube_json_get_string (root, "apiVersion"), ==, "v1");

  replaced_data = kube_json_get_object (root, "data");
  g_assert_cmpuint (json_object_get_size (replaced_data), ==, 2);
  g_assert_cmpstr (kube_json_get_string (replaced_data, "elasticsearch.yml"), ==,
                   "cluster.name: edited\n");
  g_assert_false (json_object_has_member (replaced_data, "log4j2.properties"));

  /* The map itself is unchanged. */
  g_assert_cmpuint (g_hash_table_size (map->data), ==, 2);
  g_assert_cmpstr (kube_json_path_string (map->object, "data", "log4j2.properties", NULL), ==,
                   "x=1");

  /* Without a version the replace is unconditional, as for any ConfigMap. */
  g_clear_pointer (&map->resource_version, g_free);
  unconditional = odfe_config_map_build_replace (map, data);
  g_assert_false (json_object_has_member (kube_json_path_object (unconditional, "metadata",
                                                                 NULL),
                                          "resourceVersion"));
}

static void
test_name_for_statefulset (void)
{
  /* Searchdeck's own shape: the ConfigMap mounted with subPath into the config dir. */
  g_autoptr(JsonNode) own = parse_json (
    "{\"spec\":{\"template\":{\"spec\":{"
    "\"containers\":[{\"name\":\"elasticsearch\",\"volumeMounts\":["
    "{\"name\":\"data\",\"mountPath\":\"/usr/share/elasticsearch/data\"},"
    "{\"name\":\"config\",\"mountPath\":\"/usr/share/elasticsearch/config/elasticsearch.yml\","
    "\"subPath\":\"elasticsearch.yml\"}]}],"
    "\"volumes\":[{\"name\":\"config\",\"configMap\":{\"name\":\"elasticsearch-config\"}},"
    "{\"name\":\"tls\",\"secret\":{\"secretName\":\"elasticsearch-tls\"}}]}}}}");
  /* The Open Distro Helm chart's shape with its config Secret replaced by a ConfigMap, and
   * another ConfigMap (scripts) listed first but mounted elsewhere. */
  g_autoptr(JsonNode) chart = parse_json (
    "{\"metadata\":{\"name\":\"logs-opendistro-es-master\"},"
    "\"spec\":{\"serviceName\":\"logs-opendistro-es-discovery\",\"template\":{\"spec\":{"
    "\"initContainers\":[{\"name\":\"init-sysctl\"}],"
    "\"containers\":[{\"name\":\"elasticsearch\",\"volumeMounts\":["
    "{\"name\":\"data\",\"mountPath\":\"/usr/share/elasticsearch/data\"},"
    "{\"name\":\"scripts\",\"mountPath\":\"/usr/share/elasticsearch/scripts\"},"
    "{\"name\":\"transport-certs\",\"mountPath\":"
    "\"/usr/share/elasticsearch/config/elk-transport-crt.pem\","
    "\"subPath\":\"elk-transport-crt.pem\"},"
    "{\"name\":\"config\",\"mountPath\":\"/usr/share/elasticsearch/config/elasticsearch.yml\","
    "\"subPath\":\"elasticsearch.yml\"}]}],"
    "\"volumes\":[{\"name\":\"scripts\",\"configMap\":{\"name\":\"logs-scripts\"}},"
    "{\"name\":\"config\",\"configMap\":{\"name\":\"logs-opendistro-es-es-config\"}},"
    "{\"name\":\"transport-certs\",\"secret\":{\"secretName\":\"logs-certs\"}}]}}}}");
  /* The chart as released: its config is a Secret, so there is no ConfigMap to edit. */
  g_autoptr(JsonNode) chart_secret = parse_json (
    "{\"spec\":{\"template\":{\"spec\":{"
    "\"containers\":[{\"name\":\"elasticsearch\",\"volumeMounts\":["
    "{\"name\":\"config\",\"mountPath\":\"/usr/share/elasticsearch/config/elasticsearch.yml\","
    "\"subPath\":\"elasticsearch.yml\"}]}],"
    "\"volumes\":[{\"name\":\"config\",\"secret\":{\"secretName\":\"logs-es-config\"}}]}}}}");
  /* A ConfigMap volume mounted elsewhere is still the best guess; OpenSearch's config dir
   * and projected volumes count too. */
  g_autoptr(JsonNode) elsewhere = parse_json (
    "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"es\"}],"
    "\"volumes\":[{\"name\":\"x\",\"emptyDir\":{}},"
    "{\"name\":\"y\",\"configMap\":{\"name\":\"first-map\"}}]}}}}");
  g_autoptr(JsonNode) opensearch = parse_json (
    "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"volumeMounts\":["
    "{\"name\":\"other\",\"mountPath\":\"/etc/other\"},"
    "{\"name\":\"cfg\",\"mountPath\":\"/usr/share/opensearch/config\"}]}],"
    "\"volumes\":[{\"name\":\"other\",\"configMap\":{\"name\":\"other-map\"}},"
    "{\"name\":\"cfg\",\"projected\":{\"sources\":[{\"secret\":{\"name\":\"s\"}},"
    "{\"configMap\":{\"name\":\"os-config\"}}]}}]}}}}");
  g_autoptr(JsonNode) hostile = parse_json (
    "{\"spec\":{\"template\":{\"spec\":{\"containers\":[1,{\"volumeMounts\":{}}],"
    "\"volumes\":[null,{\"name\":3,\"configMap\":\"x\"},{\"configMap\":{\"name\":\"\"}}]}}}}");
  g_autoptr(JsonNode) empty = parse_json ("{}");
  g_autofree char *own_name = odfe_config_map_name_for_statefulset (own);
  g_autofree char *chart_name = odfe_config_map_name_for_statefulset (chart);
  g_autofree char *secret_name = odfe_config_map_name_for_statefulset (chart_secret);
  g_autofree char *elsewhere_name = odfe_config_map_name_for_statefulset (elsewhere);
  g_autofree char *opensearch_name = odfe_config_map_name_for_statefulset (opensearch);
  g_autofree char *hostile_name = odfe_config_map_name_for_statefulset (hostile);
  g_autofree char *empty_name = odfe_config_map_name_for_statefulset (empty);

  g_assert_cmpstr (own_name, ==, "elasticsearch-config");
  g_assert_cmpstr (chart_name, ==, "logs-opendistro-es-es-config");
  g_assert_null (secret_name);
  g_assert_cmpstr (elsewhere_name, ==, "first-map");
  g_assert_cmpstr (opensearch_name, ==, "os-config");
  g_assert_null (hostile_name);
  g_assert_null (empty_name);
}

static void
test_key_validation (void)
{
  static const char * const valid[] = {
    "elasticsearch.yml", "log4j2.properties", "jvm.options", "a", "-x_y.Z9", "...", ".hidden",
  };
  static const struct { const char *key; const char *part; } invalid[] = {
    { "", "empty" },
    { ".", "cannot be a file name" },
    { "..", "cannot be a file name" },
    { "config/elasticsearch.yml", "“/”" },
    { "my file", "a space" },
    { "clé", "“é”" },
  };
  g_autofree char *longest = g_strnfill (253, 'k');
  g_autofree char *too_long = g_strnfill (254, 'k');
  g_autoptr(GError) long_error = NULL;
  g_autoptr(GError) bad_utf8_error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (odfe_config_map_key_is_valid (valid[i], &error));
      g_assert_no_error (error);
    }
  g_assert_true (odfe_config_map_key_is_valid (longest, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (odfe_config_map_key_is_valid (invalid[i].key, &error));
      g_assert_error (error, ODFE_ERROR, ODFE_ERROR_INVALID);
      g_test_message ("%s: %s", invalid[i].key, error->message);
      g_assert_nonnull (strstr (error->message, invalid[i].part));
    }

  g_assert_false (odfe_config_map_key_is_valid (too_long, &long_error));
  g_assert_nonnull (strstr (long_error->message, "254"));
  g_assert_false (odfe_config_map_key_is_valid ("a\xff", &bad_utf8_error));
  g_assert_error (bad_utf8_error, ODFE_ERROR, ODFE_ERROR_INVALID);
}

/* Drafts */

static OdfeDraft *
draft_new (const char *context,
           const char *text)
{
  OdfeDraft *draft = g_new0 (OdfeDraft, 1);

  draft->context = g_strdup (context);
  draft->namespace = g_strdup ("logs");
  draft->name = g_strdup ("elasticsearch-config");
  draft->resource_version = g_strdup ("42");
  draft->base = table ("elasticsearch.yml", "cluster.name: logs\n", NULL);
  draft->data = table ("elasticsearch.yml", text, "new.yml", "a: 1", NULL);

  return draft;
}

static void
saved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  GError **error = user_data;

  odfe_draft_save_finish (result, error);
  if (*error == NULL)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "done");
}

/* Saves @draft and waits; asserts it worked. */
static void
save_and_wait (const OdfeDraft *draft)
{
  g_autoptr(GError) error = NULL;

  odfe_draft_save_async (draft, NULL, saved, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
}

static void
test_draft_round_trip (void)
{
  g_autoptr(OdfeDraft) draft = draft_new ("kind-searchdeck", "cluster.name: edited ✓\n");
  g_autoptr(OdfeDraft) loaded = NULL;
  g_autoptr(OdfeDraft) gone = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = odfe_draft_path ("kind-searchdeck", "logs", "elasticsearch-config");
  g_autofree char *dir = g_path_get_dirname (path);
  GStatBuf info;
  gint64 before = g_get_real_time ();

  /* Under the state directory this test set. */
  g_assert_true (g_str_has_prefix (path, state_dir));
  g_assert_true (g_str_has_suffix (dir, "/searchdeck/drafts"));

  /* No draft is no error. */
  g_assert_null (odfe_draft_load ("kind-searchdeck", "logs", "elasticsearch-config", &error));
  g_assert_no_error (error);

  save_and_wait (draft);

  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (dir, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0700);

  loaded = odfe_draft_load ("kind-searchdeck", "logs", "elasticsearch-config", &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_cmpstr (loaded->context, ==, "kind-searchdeck");
  g_assert_cmpstr (loaded->namespace, ==, "logs");
  g_assert_cmpstr (loaded->name, ==, "elasticsearch-config");
  g_assert_cmpstr (loaded->resource_version, ==, "42");
  g_assert_cmpint (loaded->saved_at, >=, before);
  g_assert_cmpint (loaded->saved_at, <=, g_get_real_time ());
  g_assert_cmpuint (g_hash_table_size (loaded->base), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (loaded->base, "elasticsearch.yml"), ==,
                   "cluster.name: logs\n");
  g_assert_cmpuint (g_hash_table_size (loaded->data), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (loaded->data, "elasticsearch.yml"), ==,
                   "cluster.name: edited ✓\n");
  g_assert_cmpstr (g_hash_table_lookup (loaded->data, "new.yml"), ==, "a: 1");

  /* Another ConfigMap, namespace or context has no draft. */
  g_assert_null (odfe_draft_load ("other", "logs", "elasticsearch-config", &error));
  g_assert_null (odfe_draft_load ("kind-searchdeck", "logs2", "elasticsearch-config", &error));
  g_assert_no_error (error);

  g_assert_true (odfe_draft_discard ("kind-searchdeck", "logs", "elasticsearch-config",
                                     &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  gone = odfe_draft_load ("kind-searchdeck", "logs", "elasticsearch-config", &error);
  g_assert_no_error (error);
  g_assert_null (gone);

  /* Discarding nothing is fine. */
  g_assert_true (odfe_draft_discard ("kind-searchdeck", "logs", "elasticsearch-config",
                                     &error));
  g_assert_no_error (error);
}

static void
test_draft_newest_wins (void)
{
  g_autoptr(OdfeDraft) loaded = NULL;
  g_autoptr(GError) error = NULL;

  /* Many saves at once, as typing would make them: the last one asked for is on disk. */
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *text = g_strdup_printf ("version %u\n", i);
      g_autoptr(OdfeDraft) draft = draft_new ("busy", text);

      odfe_draft_save_async (draft, NULL, NULL, NULL);
    }

  /* The saves report nothing; wait until the file settles on the last. */
  for (guint tries = 0; tries < 500; tries++)
    {
      g_clear_pointer (&loaded, odfe_draft_free);
      g_clear_error (&error);
      loaded = odfe_draft_load ("busy", "logs", "elasticsearch-config", &error);
      if (loaded != NULL
          && g_str_equal (g_hash_table_lookup (loaded->data, "elasticsearch.yml"),
                          "version 19\n"))
        break;
      g_usleep (10000);
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_cmpstr (g_hash_table_lookup (loaded->data, "elasticsearch.yml"), ==, "version 19\n");

  /* Let the other threads finish, then check nothing older replaced it. */
  g_usleep (200000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_pointer (&loaded, odfe_draft_free);
  loaded = odfe_draft_load ("busy", "logs", "elasticsearch-config", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (loaded->data, "elasticsearch.yml"), ==, "version 19\n");

  g_assert_true (odfe_draft_discard ("busy", "logs", "elasticsearch-config", NULL));
}

static void
test_draft_odd_names (void)
{
  /* Context names hold anything: slashes, colons, dots; long ones are hashed. */
  g_autofree char *arn = g_strdup_printf ("arn:aws:eks:eu-west-1:1234:cluster/%s",
                                          "a-very-long-name-that-keeps-going-and-going-"
                                          "and-going-and-going-and-going-and-going-and-"
                                          "going-and-going-and-going-and-going-and-going");
  static const char * const contexts[] = { "../../escape", "a+b", "ns/x", "..", "é ü" };
  g_autofree char *arn_path = odfe_draft_path (arn, "logs", "elasticsearch-config");
  g_autofree char *drafts = g_build_filename (state_dir, "searchdeck", "drafts", NULL);
  g_autofree char *a_path = odfe_draft_path ("a+b", "c", "d");
  g_autofree char *b_path = odfe_draft_path ("a", "b+c", "d");
  g_autoptr(OdfeDraft) arn_draft = draft_new (arn, "x: 1\n");
  g_autoptr(OdfeDraft) arn_loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (a_path, !=, b_path);
  for (guint i = 0; i < G_N_ELEMENTS (contexts); i++)
    {
      g_autofree char *path = odfe_draft_path (contexts[i], "logs", "elasticsearch-config");
      g_autofree char *dir = g_path_get_dirname (path);

      g_assert_cmpstr (dir, ==, drafts);
    }

  g_assert_cmpuint (strlen (arn_path) - strlen (drafts), <, 100);
  save_and_wait (arn_draft);
  arn_loaded = odfe_draft_load (arn, "logs", "elasticsearch-config", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (arn_loaded->context, ==, arn);
  g_assert_true (odfe_draft_discard (arn, "logs", "elasticsearch-config", &error));
}

static void
test_draft_corrupt (void)
{
  static const char * const corrupt[] = {
    "",
    "{",
    "[]",
    "{\"format\":2,\"context\":\"c\",\"namespace\":\"n\",\"name\":\"m\",\"data\":{}}",
    "{\"format\":1,\"context\":\"other\",\"namespace\":\"n\",\"name\":\"m\",\"data\":{}}",
    "{\"format\":1,\"context\":\"c\",\"namespace\":\"n\",\"name\":\"m\",\"data\":{\"k\":1}}",
    "{\"format\":1,\"context\":\"c\",\"namespace\":\"n\",\"name\":\"m\",\"base\":[],"
    "\"data\":{}}",
    "{\"format\":1,\"context\":\"c\",\"namespace\":\"n\",\"name\":\"m\"}",
    "\xff\xfe garbage",
  };
  g_autofree char *path = odfe_draft_path ("c", "n", "m");
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (corrupt); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OdfeDraft) draft = NULL;

      g_assert_true (g_file_set_contents (path, corrupt[i], -1, NULL));
      draft = odfe_draft_load ("c", "n", "m", &error);
      g_assert_null (draft);
      g_assert_error (error, ODFE_ERROR, ODFE_ERROR_CONFIG);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, path));
    }

  g_assert_true (odfe_draft_discard ("c", "n", "m", NULL));
}

/* Against the sandbox */

static OdfeConfigMap *
get_config_map (SandboxSession *session)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) object = NULL;
  g_autoptr(GError) error = NULL;
  OdfeConfigMap *map;

  kube_client_get_async (session->kube, kube_resource_type_get (KUBE_RESOURCE_CONFIGMAPS),
                         "demo", "elasticsearch-config", NULL, sandbox_session_store_result,
                         &result);
  object = kube_client_get_finish (session->kube, sandbox_session_wait_result (&result, 30),
                                   &error);
  g_assert_no_error (error);
  map = odfe_config_map_new_from_json (object, &error);
  g_assert_no_error (error);

  return map;
}

/* Replaces the ConfigMap with @data from @map's version; returns the answer or NULL with
 * @error. */
static JsonNode *
replace (SandboxSession      *session,
         const OdfeConfigMap *map,
         GHashTable          *data,
         GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) object = odfe_config_map_build_replace (map, data);

  kube_client_replace_async (session->kube, kube_resource_type_get (KUBE_RESOURCE_CONFIGMAPS),
                             "demo", map->name, object, NULL, NULL,
                             sandbox_session_store_result, &result);

  return kube_client_object_finish (session->kube, sandbox_session_wait_result (&result, 30),
                                    error);
}

static GHashTable *
edited (GHashTable *data,
        const char *from,
        const char *to)
{
  GHashTable *copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *text = g_hash_table_lookup (data, "elasticsearch.yml");
  const char *found = strstr (text, from);
  g_autoptr(GString) changed = g_string_new (text);
  GHashTableIter iter;
  gpointer key, value;

  g_assert_nonnull (found);
  g_string_erase (changed, found - text, strlen (from));
  g_string_insert (changed, found - text, to);

  g_hash_table_iter_init (&iter, data);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), g_strdup (value));
  g_hash_table_insert (copy, g_strdup ("elasticsearch.yml"),
                       g_string_free (g_steal_pointer (&changed), FALSE));

  return copy;
}

static void
test_sandbox_save_and_merge (void)
{
  SandboxSession *session = sandbox_session_start ("test-odfe-config-map", NULL);
  g_autoptr(OdfeConfigMap) loaded = NULL;
  g_autoptr(OdfeConfigMap) other = NULL;
  g_autoptr(OdfeConfigMap) now = NULL;
  g_autoptr(OdfeConfigMap) final = NULL;
  g_autoptr(GHashTable) mine = NULL;
  g_autoptr(GHashTable) theirs = NULL;
  g_autoptr(GHashTable) merged = NULL;
  g_autoptr(JsonNode) saved = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) resaved = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GError) error = NULL;
  OdfeConfigMerge *merge;
  const char *text;

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  /* The editor loads the ConfigMap; someone else saves a change first. */
  loaded = get_config_map (session);
  g_assert_cmpstr (loaded->namespace, ==, "demo");
  g_assert_nonnull (loaded->resource_version);
  g_assert_nonnull (g_hash_table_lookup (loaded->data, "elasticsearch.yml"));
  /* The demo cluster's file is the kind Searchdeck writes: the check finds nothing. */
  issues = odfe_yaml_check (g_hash_table_lookup (loaded->data, "elasticsearch.yml"), -1);
  g_assert_cmpuint (issues->len, ==, 0);

  other = get_config_map (session);
  theirs = edited (other->data, "cluster.name: demo\n", "cluster.name: renamed\n");
  saved = replace (session, other, theirs, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kube_json_path_string (saved, "metadata", "resourceVersion", NULL), !=,
                   loaded->resource_version);

  /* The editor's save from the version it loaded is refused with the server's words. */
  mine = edited (loaded->data, "node.max_local_storage_nodes: 1\n",
                 "node.max_local_storage_nodes: 2\n");
  refused = replace (session, loaded, mine, &error);
  g_assert_null (refused);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "the object has been modified"));
  g_clear_error (&error);

  /* Merged with the server's copy now, both edits are kept, and the save goes through. */
  now = get_config_map (session);
  merge = odfe_config_merge_new (loaded->data, mine, now->data, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (odfe_config_merge_get_n_conflicts (merge), ==, 0);
  merged = odfe_config_merge_resolve (merge);
  resaved = replace (session, now, merged, &error);
  g_assert_no_error (error);

  final = get_config_map (session);
  text = g_hash_table_lookup (final->data, "elasticsearch.yml");
  g_assert_nonnull (strstr (text, "cluster.name: renamed\n"));
  g_assert_nonnull (strstr (text, "node.max_local_storage_nodes: 2\n"));
  g_assert_cmpuint (g_hash_table_size (final->data), ==, g_hash_table_size (loaded->data));

  g_assert_finalize_object (merge);
  sandbox_session_stop (session);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Before anything asks GLib for the state directory. */
  state_dir = scratch_dir_new ("test-odfe-config-map");
  g_setenv ("XDG_STATE_HOME", state_dir, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/odfe/config-map/parse", test_parse);
  g_test_add_func ("/odfe/config-map/parse-bad", test_parse_bad);
  g_test_add_func ("/odfe/config-map/build-replace", test_build_replace);
  g_test_add_func ("/odfe/config-map/name-for-statefulset", test_name_for_statefulset);
  g_test_add_func ("/odfe/config-map/key-validation", test_key_validation);
  g_test_add_func ("/odfe/draft/round-trip", test_draft_round_trip);
  g_test_add_func ("/odfe/draft/newest-wins", test_draft_newest_wins);
  g_test_add_func ("/odfe/draft/odd-names", test_draft_odd_names);
  g_test_add_func ("/odfe/draft/corrupt", test_draft_corrupt);
  g_test_add_func ("/odfe/config-map/sandbox-save-and-merge", test_sandbox_save_and_merge);

  status = g_test_run ();

  scratch_dir_remove (state_dir);
  g_free (state_dir);

  return status;
}
