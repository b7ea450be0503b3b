/* bench-create-manifests.c: figures for what the New Cluster assistant makes before it
 * creates anything: the certificates, the admin's bcrypt hash, and the manifests of a
 * three-node cluster, beside peers run in the same process
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This is a benchmark, not a test: it prints figures and the target of issue 7 (under a
 * second for the certificates and manifests) beside them, and fails only when it cannot run.
 * RSA key generation takes a random time (the search for primes), and the machine is shared,
 * so every figure is a median of several rounds, and each round runs the peers right after
 * Searchdeck's own work:
 *  - `openssl req -x509 -newkey rsa:<bits> -nodes` three times (a CA-less stand-in for the
 *    same three keys and certificates), when openssl is installed;
 *  - GnuTLS generating the three RSA keys alone, in this process (the floor of any
 *    certificate maker built on it).
 * CPU time of this process is shown too, as the wall clock says little on a loaded machine.
 */

#include <glib/gstdio.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>
#include <sys/resource.h>

#include "odfe-manifests.h"
#include "odfe-pki.h"
#include "odfe-security.h"
#include "odfe-spec.h"

#define TARGET_SECONDS 1.0

static int option_rounds = 9;
static int option_bits = 2048;

typedef struct
{
  double wall;
  double cpu;
} Timing;

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6
         + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median_of (GArray *values)
{
  g_autoptr(GArray) sorted = g_array_copy (values);
  guint n = sorted->len;

  g_array_sort (sorted, compare_doubles);
  if (n == 0)
    return 0.0;
  if (n % 2)
    return g_array_index (sorted, double, n / 2);
  return (g_array_index (sorted, double, n / 2 - 1) + g_array_index (sorted, double, n / 2)) / 2;
}

/* One round of Searchdeck's work; each part's wall time goes to its array. */
static void
run_searchdeck (const OdfeClusterSpec *spec,
                GArray                *pki_times,
                GArray                *hash_times,
                GArray                *manifest_times,
                GArray                *total_times,
                GArray                *cpu_times,
                gsize                 *yaml_size)
{
  g_autoptr(OdfeClusterPki) pki = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *yaml = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start, after_pki, after_hash, end;
  double cpu_start = cpu_seconds (), value;

  start = g_get_monotonic_time ();
  pki = odfe_cluster_pki_generate (spec, &error);
  if (pki == NULL)
    g_error ("the certificates: %s", error->message);
  after_pki = g_get_monotonic_time ();

  hash = odfe_bcrypt_hash (spec->admin_password, &error);
  if (hash == NULL)
    g_error ("the hash: %s", error->message);
  after_hash = g_get_monotonic_time ();

  objects = odfe_manifests_build (spec, pki, hash, &error);
  if (objects == NULL)
    g_error ("the manifests: %s", error->message);
  yaml = odfe_manifests_to_yaml (objects);
  end = g_get_monotonic_time ();

  *yaml_size = strlen (yaml);
  value = (after_pki - start) / 1e6;
  g_array_append_val (pki_times, value);
  value = (after_hash - after_pki) / 1e6;
  g_array_append_val (hash_times, value);
  value = (end - after_hash) / 1e6;
  g_array_append_val (manifest_times, value);
  value = (end - start) / 1e6;
  g_array_append_val (total_times, value);
  value = cpu_seconds () - cpu_start;
  g_array_append_val (cpu_times, value);
}

/* Three RSA keys from GnuTLS, nothing else. */
static double
run_gnutls_keys (guint bits)
{
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < 3; i++)
    {
      gnutls_x509_privkey_t key = NULL;

      if (gnutls_x509_privkey_init (&key) < 0
          || gnutls_x509_privkey_generate2 (key, GNUTLS_PK_RSA, bits, 0, NULL, 0) < 0)
        g_error ("GnuTLS could not make a key");
      gnutls_x509_privkey_deinit (key);
    }

  return (g_get_monotonic_time () - start) / 1e6;
}

/* Three self-signed certificates with new keys from the openssl program. */
static double
run_openssl (const char *openssl,
             const char *directory,
             guint       bits)
{
  g_autofree char *newkey = g_strdup_printf ("rsa:%u", bits);
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *key = g_strdup_printf ("%s/key-%u.pem", directory, i);
      g_autofree char *cert = g_strdup_printf ("%s/cert-%u.pem", directory, i);
      const char *argv[] = {
        openssl, "req", "-x509", "-newkey", newkey, "-sha256", "-nodes", "-days", "3650",
        "-subj", "/O=searchdeck/OU=search/CN=elasticsearch", "-keyout", key, "-out", cert, NULL
      };
      g_autoptr(GError) error = NULL;
      int status = -1;

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL
                         | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error)
          || !g_spawn_check_wait_status (status, &error))
        g_error ("openssl req: %s", error->message);
    }

  return (g_get_monotonic_time () - start) / 1e6;
}

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry entries[] = {
    { "rounds", 'r', 0, G_OPTION_ARG_INT, &option_rounds, "Rounds (median of them)", "N" },
    { "bits", 'b', 0, G_OPTION_ARG_INT, &option_bits, "RSA key size: 2048 or 4096", "BITS" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— time the New Cluster's making");
  g_autoptr(GError) error = NULL;
  g_autoptr(OdfeClusterSpec) spec = odfe_cluster_spec_new ();
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *directory = NULL;
  g_autoptr(GArray) pki_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) hash_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) manifest_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) total_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) gnutls_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) openssl_times = g_array_new (FALSE, FALSE, sizeof (double));
  double certificates_and_manifests, total, gnutls_keys, openssl_median = 0;
  gsize yaml_size = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (option_rounds < 1 || (option_bits != 2048 && option_bits != 4096))
    {
      g_printerr ("--rounds must be at least 1 and --bits 2048 or 4096\n");
      return 2;
    }

  spec->node_count = 3;
  spec->key_bits = option_bits;
  spec->admin_password = odfe_password_generate ();
  directory = g_dir_make_tmp ("bench-create-manifests-XXXXXX", &error);
  g_assert_no_error (error);

  g_print ("Making a three-node cluster's certificates (RSA %d, SHA-256), admin hash (bcrypt "
           "cost %d) and manifests, %d rounds\n", option_bits, ODFE_BCRYPT_COST, option_rounds);
  g_print ("peers: %s; GnuTLS generating the three keys alone\n\n",
           openssl != NULL ? "openssl req -x509 -newkey three times"
                           : "(openssl is not installed)");

  for (int round = 0; round < option_rounds; round++)
    {
      double peer;

      run_searchdeck (spec, pki_times, hash_times, manifest_times, total_times, cpu_times,
                      &yaml_size);
      g_print ("  round %d  Searchdeck %6.3f s (certificates %6.3f, hash %6.3f, manifests "
               "%6.4f; CPU %6.3f)", round + 1,
               g_array_index (total_times, double, round),
               g_array_index (pki_times, double, round),
               g_array_index (hash_times, double, round),
               g_array_index (manifest_times, double, round),
               g_array_index (cpu_times, double, round));

      peer = run_gnutls_keys (option_bits);
      g_array_append_val (gnutls_times, peer);
      g_print ("  GnuTLS keys %6.3f s", peer);

      if (openssl != NULL)
        {
          peer = run_openssl (openssl, directory, option_bits);
          g_array_append_val (openssl_times, peer);
          g_print ("  openssl %6.3f s", peer);
        }
      g_print ("\n");
    }

  certificates_and_manifests = median_of (pki_times) + median_of (manifest_times);
  total = median_of (total_times);
  gnutls_keys = median_of (gnutls_times);
  if (openssl != NULL)
    openssl_median = median_of (openssl_times);

  g_print ("\n== Summary (medians of %d rounds) ==\n", option_rounds);
  g_print ("  certificates                        %.3f s\n", median_of (pki_times));
  g_print ("  admin hash (bcrypt cost %d)         %.3f s\n", ODFE_BCRYPT_COST,
           median_of (hash_times));
  g_print ("  manifests and their YAML            %.4f s (%" G_GSIZE_FORMAT " bytes of YAML)\n",
           median_of (manifest_times), yaml_size);
  g_print ("  certificates + manifests            %.3f s   target under %.1f s: %s\n",
           certificates_and_manifests, TARGET_SECONDS,
           certificates_and_manifests < TARGET_SECONDS ? "met" : "NOT met");
  g_print ("  all of it, hash included            %.3f s (CPU %.3f s)\n", total,
           median_of (cpu_times));
  g_print ("  certificates / GnuTLS's three keys  %.3f s / %.3f s = %.2f\n",
           median_of (pki_times), gnutls_keys, median_of (pki_times) / gnutls_keys);
  if (openssl != NULL)
    g_print ("  certificates / openssl req x3       %.3f s / %.3f s = %.2f\n",
             median_of (pki_times), openssl_median, median_of (pki_times) / openssl_median);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *key = g_strdup_printf ("%s/key-%u.pem", directory, i);
      g_autofree char *cert = g_strdup_printf ("%s/cert-%u.pem", directory, i);

      g_unlink (key);
      g_unlink (cert);
    }
  g_rmdir (directory);

  return 0;
}
