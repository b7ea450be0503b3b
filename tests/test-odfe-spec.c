/* test-odfe-spec.c: the New Cluster spec's defaults, field checks, quantities and passwords
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "odfe-error.h"
#include "odfe-spec.h"

#define MiB (G_GUINT64_CONSTANT (1) << 20)
#define GiB (G_GUINT64_CONSTANT (1) << 30)

static void
test_defaults (void)
{
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
  g_autoptr(OdfeClusterSpec) copy = NULL;
  g_autofree char *image = NULL;
  g_auto(GStrv) pods = NULL;
  g_auto(GStrv) masters = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (spec->flavour, ==, ODFE_FLAVOUR_OPEN_DISTRO);
  g_assert_cmpstr (spec->version, ==, "1.13.3");
  g_assert_cmpuint (spec->node_count, ==, 3);
  g_assert_cmpint (spec->roles, ==, ODFE_ROLES_COMBINED);
  g_assert_cmpuint (spec->master_count, ==, 3);
  g_assert_cmpuint (spec->cpu_millis, ==, 1000);
  g_assert_cmpuint (spec->memory_bytes, ==, 2 * GiB);
  g_assert_cmpuint (spec->heap_bytes, ==, 1 * GiB);
  g_assert_cmpuint (spec->storage_bytes, ==, 8 * GiB);
  g_assert_null (spec->storage_class);
  g_assert_null (spec->admin_password);
  g_assert_true (spec->audit_logging);
  g_assert_true (spec->create_namespace);
  g_assert_cmpuint (spec->cert_validity_days, ==, 3650);
  g_assert_cmpuint (spec->key_bits, ==, 2048);
  g_assert_cmpint (spec->exposure, ==, ODFE_EXPOSURE_CLUSTER_IP);
  g_assert_true (spec->privileged_init);

  image = odfe_cluster_spec_get_image (spec);
  g_assert_cmpstr (image, ==, "amazon/opendistro-for-elasticsearch:1.13.3");

  /* Without a password the spec is not ready; with a strong one it is. */
  g_assert_false (odfe_cluster_spec_validate (spec, &error));
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_INVALID);
  g_clear_error (&error);
  spec->admin_password = odfe_password_generate ();
  g_assert_true (odfe_cluster_spec_validate (spec, &error));
  g_assert_no_error (error);

  copy = odfe_cluster_spec_copy (spec);
  g_assert_true (copy->name != spec->name);
  g_assert_cmpstr (copy->name, ==, spec->name);
  g_assert_cmpstr (copy->admin_password, ==, spec->admin_password);
  g_assert_true (odfe_cluster_spec_validate (copy, NULL));

  pods = odfe_cluster_spec_get_pod_names (spec);
  g_assert_cmpuint (g_strv_length (pods), ==, 3);
  g_assert_cmpstr (pods[2], ==, "elasticsearch-2");

  spec->roles = ODFE_ROLES_DEDICATED_MASTERS;
  g_clear_pointer (&pods, g_strfreev);
  pods = odfe_cluster_spec_get_pod_names (spec);
  g_assert_cmpuint (g_strv_length (pods), ==, 6);
  g_assert_cmpstr (pods[3], ==, "elasticsearch-master-0");
  masters = odfe_cluster_spec_get_master_names (spec);
  g_assert_cmpuint (g_strv_length (masters), ==, 3);
  g_assert_cmpstr (masters[0], ==, "elasticsearch-master-0");
}

static void
test_versions (void)
{
  const char * const *versions = odfe_cluster_versions (ODFE_FLAVOUR_OPEN_DISTRO);
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (versions[0], ==, "1.13.3");
  g_assert_true (g_strv_contains (versions, "1.13.2"));
  g_assert_true (g_strv_contains (versions, "1.13.0"));
  g_assert_null (odfe_cluster_versions (ODFE_FLAVOUR_OPENSEARCH)[0]);

  spec->admin_password = odfe_password_generate ();
  g_free (spec->version);
  spec->version = g_strdup ("1.12.0");
  g_assert_false (odfe_cluster_spec_validate (spec, &error));
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "1.12.0"));
}

/* Names as typed, one keystroke at a time, into the assistant. */
static void
test_names (void)
{
  static const char * const good[] = {
    "a", "logs", "logs-2", "0day", "a-b-c",
    "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0", /* 63 */
    NULL
  };
  static const struct
  {
    const char *name;
    const char *says;            /* a part of the message */
  } bad[] = {
    { "", "name" },
    { "Logs", "capital" },
    { "logS", "capital" },
    { "-logs", "start" },
    { "logs-", "end" },
    { "logs_2", "“_”" },
    { "logs.prod", "“.”" },
    { "logs prod", "“ ”" },
    { "lögs", "“ö”" },
    { "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz01", "63" }, /* 64 */
  };

  for (guint i = 0; good[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (odfe_validate_cluster_name (good[i], &error));
      g_assert_no_error (error);
      g_assert_true (odfe_validate_namespace (good[i], &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (odfe_validate_cluster_name (bad[i].name, &error));
      g_assert_error (error, ODFE_ERROR, ODFE_ERROR_INVALID);
      if (strstr (error->message, bad[i].says) == NULL)
        g_error ("“%s”: “%s” does not say “%s”", bad[i].name, error->message, bad[i].says);
      g_clear_error (&error);

      g_assert_false (odfe_validate_namespace (bad[i].name, &error));
      g_assert_error (error, ODFE_ERROR, ODFE_ERROR_INVALID);
    }

  /* Empty names say which name is missing. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (odfe_validate_cluster_name (NULL, &error));
    g_assert_nonnull (strstr (error->message, "cluster"));
    g_clear_error (&error);
    g_assert_false (odfe_validate_namespace ("", &error));
    g_assert_nonnull (strstr (error->message, "namespace"));
  }

  /* A storage class is a subdomain: dots are fine, empty means the default class. */
  g_assert_true (odfe_validate_storage_class (NULL, NULL));
  g_assert_true (odfe_validate_storage_class ("", NULL));
  g_assert_true (odfe_validate_storage_class ("fast.ssd.example.com", NULL));
  g_assert_false (odfe_validate_storage_class ("fast..ssd", NULL));
  g_assert_false (odfe_validate_storage_class (".ssd", NULL));
  g_assert_false (odfe_validate_storage_class ("Fast", NULL));

  /* The whole spec reports the first bad field. */
  {
    g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
    g_autoptr(GError) error = NULL;

    spec->admin_password = odfe_password_generate ();
    g_free (spec->namespace);
    spec->namespace = g_strdup ("-x");
    g_assert_false (odfe_cluster_spec_validate (spec, &error));
    g_assert_nonnull (strstr (error->message, "hyphen"));
  }
}

static void
test_node_counts (void)
{
  g_autofree char *zero = odfe_node_count_warning (0);
  g_autofree char *one = odfe_node_count_warning (1);
  g_autofree char *two = odfe_node_count_warning (2);
  g_autofree char *four = odfe_node_count_warning (4);
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (zero);
  g_assert_nonnull (one);
  g_assert_nonnull (two);
  g_assert_nonnull (four);
  g_assert_nonnull (strstr (four, "3"));
  g_assert_nonnull (strstr (four, "5"));
  g_assert_null (odfe_node_count_warning (3));
  g_assert_null (odfe_node_count_warning (5));

  /* Even counts are a warning, not an error; none is an error. */
  spec->admin_password = odfe_password_generate ();
  spec->node_count = 4;
  g_assert_true (odfe_cluster_spec_validate (spec, NULL));
  spec->node_count = 0;
  g_assert_false (odfe_cluster_spec_validate (spec, &error));
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_INVALID);
  g_clear_error (&error);

  spec->node_count = 2;
  spec->roles = ODFE_ROLES_DEDICATED_MASTERS;
  spec->master_count = 0;
  g_assert_false (odfe_cluster_spec_validate (spec, &error));
  g_assert_nonnull (strstr (error->message, "master"));
  spec->master_count = 3;
  g_assert_true (odfe_cluster_spec_validate (spec, NULL));
}

static void
test_heap (void)
{
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
  g_autoptr(GError) error = NULL;

  /* Half the memory, MiB-aligned, at most 31 GiB. */
  g_assert_cmpuint (odfe_heap_for_memory (2 * GiB), ==, 1 * GiB);
  g_assert_cmpuint (odfe_heap_for_memory (3 * GiB), ==, 1536 * MiB);
  g_assert_cmpuint (odfe_heap_for_memory (1000 * 1000 * 1000), ==, 476 * MiB);
  g_assert_cmpuint (odfe_heap_for_memory (64 * GiB), ==, 31 * GiB);
  g_assert_cmpuint (odfe_heap_for_memory (62 * GiB), ==, 31 * GiB);
  g_assert_cmpuint (odfe_heap_for_memory (60 * GiB), ==, 30 * GiB);

  /* Editable within the rule. */
  g_assert_true (odfe_validate_heap (512 * MiB, 2 * GiB, &error));
  g_assert_no_error (error);
  g_assert_true (odfe_validate_heap (1 * GiB, 2 * GiB, &error));
  g_assert_no_error (error);
  g_assert_true (odfe_validate_heap (31 * GiB, 128 * GiB, &error));
  g_assert_no_error (error);

  g_assert_false (odfe_validate_heap (1 * GiB + MiB, 2 * GiB, &error));
  g_assert_nonnull (strstr (error->message, "half"));
  g_assert_nonnull (strstr (error->message, "1Gi"));
  g_clear_error (&error);
  g_assert_false (odfe_validate_heap (32 * GiB, 128 * GiB, &error));
  g_assert_nonnull (strstr (error->message, "31Gi"));
  g_clear_error (&error);
  g_assert_false (odfe_validate_heap (100 * MiB, 2 * GiB, &error));
  g_assert_nonnull (strstr (error->message, "256Mi"));
  g_clear_error (&error);
  g_assert_false (odfe_validate_heap (600 * MiB + 1, 2 * GiB, &error));
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_INVALID);
  g_clear_error (&error);

  /* The spec checks memory before heap. */
  spec->admin_password = odfe_password_generate ();
  spec->memory_bytes = 256 * MiB;
  spec->heap_bytes = odfe_heap_for_memory (spec->memory_bytes);
  g_assert_false (odfe_cluster_spec_validate (spec, &error));
  g_assert_nonnull (strstr (error->message, "memory"));
  g_clear_error (&error);
  spec->memory_bytes = 4 * GiB;
  spec->heap_bytes = 3 * GiB;
  g_assert_false (odfe_cluster_spec_validate (spec, &error));
  g_assert_nonnull (strstr (error->message, "heap"));
  g_clear_error (&error);
  spec->heap_bytes = 2 * GiB;
  g_assert_true (odfe_cluster_spec_validate (spec, NULL));
}

static void
test_other_fields (void)
{
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
  g_autoptr(GError) error = NULL;

  spec->admin_password = odfe_password_generate ();
  g_assert_true (odfe_cluster_spec_validate (spec, NULL));

  spec->cpu_millis = 50;
  g_assert_false (odfe_cluster_spec_validate (spec, &error));
  g_assert_nonnull (strstr (error->message, "100m"));
  g_clear_error (&error);
  spec->cpu_millis = 500;

  spec->storage_bytes = 100 * MiB;
  g_assert_false (odfe_cluster_spec_validate (spec, &error));
  g_assert_nonnull (strstr (error->message, "storage"));
  g_clear_error (&error);
  spec->storage_bytes = 20 * GiB;

  spec->storage_class = g_strdup ("Fast SSD");
  g_assert_false (odfe_cluster_spec_validate (spec, &error));
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_INVALID);
  g_clear_error (&error);
  g_free (spec->storage_class);
  spec->storage_class = g_strdup ("fast-ssd");

  spec->key_bits = 1024;
  g_assert_false (odfe_cluster_spec_validate (spec, &error));
  g_assert_nonnull (strstr (error->message, "4096"));
  g_clear_error (&error);
  spec->key_bits = 4096;

  spec->cert_validity_days = 0;
  g_assert_false (odfe_cluster_spec_validate (spec, &error));
  g_assert_nonnull (strstr (error->message, "days"));
  g_clear_error (&error);
  spec->cert_validity_days = 365;

  spec->flavour = ODFE_FLAVOUR_OPENSEARCH;
  g_assert_false (odfe_cluster_spec_validate (spec, &error));
  g_assert_nonnull (strstr (error->message, "Open Distro"));
  g_clear_error (&error);
  spec->flavour = ODFE_FLAVOUR_OPEN_DISTRO;

  g_assert_true (odfe_cluster_spec_validate (spec, &error));
  g_assert_no_error (error);
}

static void
test_quantities (void)
{
  static const struct
  {
    const char *text;
    guint64     bytes;
    const char *canonical;
  } sizes[] = {
    { "1Gi", GiB, "1Gi" },
    { "512Mi", 512 * MiB, "512Mi" },
    { "1.5Gi", 1536 * MiB, "1536Mi" },
    { " 2Gi ", 2 * GiB, "2Gi" },
    { "+8Gi", 8 * GiB, "8Gi" },
    { "31Gi", 31 * GiB, "31Gi" },
    { "1Ti", G_GUINT64_CONSTANT (1) << 40, "1Ti" },
    { "4096", 4096, "4Ki" },
    { "1000", 1000, "1k" },
    { "1k", 1000, "1k" },
    { "2G", 2000000000, "2G" },
    { "1M", 1000000, "1M" },
    { "1001", 1001, "1001" },
    { "0.5Ki", 512, "512" },
    { "0", 0, "0" },
    { ".5Gi", 512 * MiB, "512Mi" },
    { "0.1", 1, "1" },          /* rounded up to a whole byte, as Kubernetes does */
  };
  static const char * const bad_sizes[] = {
    "", "Gi", "1GB", "1gi", "-1Gi", "1.2.3Gi", "1 Gi", "1e3", "500m", "99999999999Ei", "abc",
    NULL
  };
  static const struct
  {
    const char *text;
    guint       millis;
    const char *canonical;
  } cpus[] = {
    { "500m", 500, "500m" },
    { "2", 2000, "2" },
    { "1.5", 1500, "1500m" },
    { "0.1", 100, "100m" },
    { "2000m", 2000, "2" },
    { "0.0005", 1, "1m" },       /* rounded up to a millicore */
    { "1.0000000001", 1001, "1001m" },
  };
  static const char * const bad_cpus[] = {
    "", "m", "-1", "1.5m", "2 cores", "1Gi", "99999999999", NULL
  };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *formatted = NULL;
      guint64 bytes = G_MAXUINT64, again = G_MAXUINT64;

      if (!odfe_parse_quantity_bytes (sizes[i].text, &bytes, &error))
        g_error ("“%s”: %s", sizes[i].text, error->message);
      g_assert_cmpuint (bytes, ==, sizes[i].bytes);

      formatted = odfe_format_quantity_bytes (bytes);
      g_assert_cmpstr (formatted, ==, sizes[i].canonical);
      /* The round trip. */
      g_assert_true (odfe_parse_quantity_bytes (formatted, &again, NULL));
      g_assert_cmpuint (again, ==, bytes);
    }

  for (guint i = 0; bad_sizes[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      guint64 bytes = 42;

      if (odfe_parse_quantity_bytes (bad_sizes[i], &bytes, &error))
        g_error ("“%s” read as %" G_GUINT64_FORMAT, bad_sizes[i], bytes);
      g_assert_error (error, ODFE_ERROR, ODFE_ERROR_INVALID);
      g_assert_cmpuint (bytes, ==, 42);
    }

  for (guint i = 0; i < G_N_ELEMENTS (cpus); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *formatted = NULL;
      guint millis = G_MAXUINT, again = G_MAXUINT;

      if (!odfe_parse_quantity_millis (cpus[i].text, &millis, &error))
        g_error ("“%s”: %s", cpus[i].text, error->message);
      g_assert_cmpuint (millis, ==, cpus[i].millis);

      formatted = odfe_format_quantity_millis (millis);
      g_assert_cmpstr (formatted, ==, cpus[i].canonical);
      g_assert_true (odfe_parse_quantity_millis (formatted, &again, NULL));
      g_assert_cmpuint (again, ==, millis);
    }

  for (guint i = 0; bad_cpus[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      guint millis = 42;

      if (odfe_parse_quantity_millis (bad_cpus[i], &millis, &error))
        g_error ("“%s” read as %u", bad_cpus[i], millis);
      g_assert_error (error, ODFE_ERROR, ODFE_ERROR_INVALID);
      g_assert_cmpuint (millis, ==, 42);
    }

  /* Every whole MiB up to 64 GiB survives the round trip. */
  for (guint64 bytes = 0; bytes <= 64 * GiB; bytes += 97 * MiB)
    {
      g_autofree char *text = odfe_format_quantity_bytes (bytes);
      guint64 again = 0;

      g_assert_true (odfe_parse_quantity_bytes (text, &again, NULL));
      g_assert_cmpuint (again, ==, bytes);
    }
}

static void
test_password_strength (void)
{
  static const struct
  {
    const char *password;
    guint       at_least;
    guint       at_most;
  } cases[] = {
    { "", 0, 0 },
    { "aB3$", 0, 0 },
    { "aB3$xY9", 0, 0 },        /* seven characters */
    { "abcdefgh", 1, 1 },
    { "password", 1, 1 },
    { "Password123!", 1, 1 },   /* a common word inside */
    { "aaaaaaaaaaaaaaaa", 1, 1 },
    { "ababababababab12", 1, 1 },
    { "kxqvbnwz", 1, 1 },
    { "kxQvb7wz", 2, 2 },
    { "kxQvb7wz-Lm9T", 3, 4 },
    { "correct horse battery staple", 4, 4 },
    { "R7#kq!Zt2@Lm9^Xw", 4, 4 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *hint = NULL;
      guint strength = odfe_password_strength (cases[i].password, &hint);

      if (strength < cases[i].at_least || strength > cases[i].at_most)
        g_error ("“%s” has strength %u, expected %u to %u", cases[i].password, strength,
                 cases[i].at_least, cases[i].at_most);
      if (strength < 4)
        g_assert_nonnull (hint);
      else
        g_assert_null (hint);
    }

  g_assert_cmpuint (odfe_password_strength (NULL, NULL), ==, 0);

  /* The checks the spec makes on the password. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (odfe_validate_password (NULL, &error));
    g_assert_error (error, ODFE_ERROR, ODFE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (odfe_validate_password ("abcdefgh", &error));
    g_assert_nonnull (strstr (error->message, "weak"));
    g_clear_error (&error);
    g_assert_false (odfe_validate_password ("kxQvb7wz-Lm9T\nrest", &error));
    g_assert_nonnull (strstr (error->message, "line breaks"));
    g_clear_error (&error);
    g_assert_false (odfe_validate_password ("kxQvb7wz-Lm9Tkx4Qvb7wz-Lm9Tkx4Qvb7wz-Lm9Tkx4Qvb7wz-"
                                            "Lm9Tkx4Qvb7wz-Lm9Tkx4Qvb7wz", &error));
    g_assert_nonnull (strstr (error->message, "72"));
    g_clear_error (&error);
    g_assert_true (odfe_validate_password ("kxQvb7wz-Lm9T", &error));
    g_assert_no_error (error);
  }
}

static void
test_password_generate (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 200; i++)
    {
      char *password = odfe_password_generate ();
      g_autofree char *hint = NULL;
      gboolean lower = FALSE, upper = FALSE, digit = FALSE, symbol = FALSE;

      g_assert_cmpuint (strlen (password), ==, 24);
      g_assert_cmpuint (odfe_password_strength (password, &hint), ==, 4);
      g_assert_null (hint);
      g_assert_true (odfe_validate_password (password, NULL));
      g_assert_true (g_ascii_isalnum (password[0]));
      g_assert_true (g_ascii_isalnum (password[23]));

      for (const char *p = password; *p != '\0'; p++)
        {
          /* Nothing a shell or YAML would read as syntax inside a word. */
          g_assert_null (strchr ("'\"`$\\!#&*?[]{}|<>;:, ~()/", *p));
          lower |= g_ascii_islower (*p);
          upper |= g_ascii_isupper (*p);
          digit |= g_ascii_isdigit (*p);
          symbol |= !g_ascii_isalnum (*p);
        }
      g_assert_true (lower && upper && digit && symbol);

      /* 24 characters from 69: two alike would be a broken generator. */
      g_assert_false (g_hash_table_contains (seen, password));
      g_hash_table_add (seen, password);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/odfe/spec/defaults", test_defaults);
  g_test_add_func ("/odfe/spec/versions", test_versions);
  g_test_add_func ("/odfe/spec/names", test_names);
  g_test_add_func ("/odfe/spec/node-counts", test_node_counts);
  g_test_add_func ("/odfe/spec/heap", test_heap);
  g_test_add_func ("/odfe/spec/other-fields", test_other_fields);
  g_test_add_func ("/odfe/spec/quantities", test_quantities);
  g_test_add_func ("/odfe/spec/password-strength", test_password_strength);
  g_test_add_func ("/odfe/spec/password-generate", test_password_generate);

  return g_test_run ();
}
