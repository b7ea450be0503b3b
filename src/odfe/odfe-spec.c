/* odfe-spec.c: what the person creating a search cluster asked for, and its checks
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The New Cluster assistant fills an OdfeClusterSpec step by step and checks each field as it
 * is typed; the certificates, security files and manifests are all made from it.  The checks
 * speak to the person at the keyboard: each message says what is wrong and what would do.
 * Sizes and CPU are read and written as Kubernetes quantities ("2Gi", "500m").
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <string.h>

#include "odfe-error.h"
#include "odfe-spec.h"

#define MiB (G_GUINT64_CONSTANT (1) << 20)
#define GiB (G_GUINT64_CONSTANT (1) << 30)

#define DNS_LABEL_MAX      63
#define DNS_SUBDOMAIN_MAX  253
#define NODES_MAX          99
#define MASTERS_MAX        9
#define CPU_MIN_MILLIS     100
#define VALIDITY_MAX_DAYS  10950
/* bcrypt reads no further than this many bytes of a password. */
#define PASSWORD_MAX_BYTES 72

static const char * const open_distro_versions[] = {
  "1.13.3", "1.13.2", "1.13.1", "1.13.0", NULL
};
static const char * const no_versions[] = { NULL };

OdfeClusterSpec *
odfe_cluster_spec_new (void)
{
  OdfeClusterSpec *spec = g_new0 (OdfeClusterSpec, 1);

  spec->name = g_strdup ("search");
  spec->namespace = g_strdup ("search");
  spec->create_namespace = TRUE;
  spec->flavour = ODFE_FLAVOUR_OPEN_DISTRO;
  spec->version = g_strdup (open_distro_versions[0]);
  spec->node_count = 3;
  spec->roles = ODFE_ROLES_COMBINED;
  spec->master_count = 3;
  spec->cpu_millis = 1000;
  spec->memory_bytes = 2 * GiB;
  spec->heap_bytes = odfe_heap_for_memory (spec->memory_bytes);
  spec->storage_bytes = 8 * GiB;
  spec->storage_class = NULL;
  spec->admin_password = NULL;
  spec->audit_logging = TRUE;
  spec->cert_validity_days = 3650;
  spec->key_bits = 2048;
  spec->exposure = ODFE_EXPOSURE_CLUSTER_IP;
  spec->privileged_init = TRUE;

  return spec;
}

OdfeClusterSpec *
odfe_cluster_spec_copy (const OdfeClusterSpec *spec)
{
  OdfeClusterSpec *copy;

  g_return_val_if_fail (spec != NULL, NULL);

  copy = g_memdup2 (spec, sizeof *spec);
  copy->name = g_strdup (spec->name);
  copy->namespace = g_strdup (spec->namespace);
  copy->version = g_strdup (spec->version);
  copy->storage_class = g_strdup (spec->storage_class);
  copy->admin_password = g_strdup (spec->admin_password);

  return copy;
}

void
odfe_cluster_spec_free (OdfeClusterSpec *spec)
{
  if (spec == NULL)
    return;

  g_free (spec->name);
  g_free (spec->namespace);
  g_free (spec->version);
  g_free (spec->storage_class);
  if (spec->admin_password != NULL)
    {
      explicit_bzero (spec->admin_password, strlen (spec->admin_password));
      g_free (spec->admin_password);
    }
  g_free (spec);
}

const char * const *
odfe_cluster_versions (OdfeFlavour flavour)
{
  if (flavour == ODFE_FLAVOUR_OPEN_DISTRO)
    return open_distro_versions;

  return no_versions;
}

char *
odfe_cluster_spec_get_image (const OdfeClusterSpec *spec)
{
  const char *repository;

  g_return_val_if_fail (spec != NULL, NULL);

  switch (spec->flavour)
    {
    case ODFE_FLAVOUR_OPENSEARCH:
      repository = "opensearchproject/opensearch";
      break;
    case ODFE_FLAVOUR_ELASTICSEARCH:
      repository = "docker.elastic.co/elasticsearch/elasticsearch-oss";
      break;
    case ODFE_FLAVOUR_OPEN_DISTRO:
    case ODFE_FLAVOUR_UNKNOWN:
    default:
      repository = "amazon/opendistro-for-elasticsearch";
      break;
    }

  return g_strdup_printf ("%s:%s", repository,
                          spec->version != NULL ? spec->version : open_distro_versions[0]);
}

guint64
odfe_heap_for_memory (guint64 memory_bytes)
{
  guint64 heap = memory_bytes / 2;

  heap -= heap % MiB;
  return MIN (heap, ODFE_HEAP_MAX);
}

GStrv
odfe_cluster_spec_get_pod_names (const OdfeClusterSpec *spec)
{
  GPtrArray *names = g_ptr_array_new ();

  g_return_val_if_fail (spec != NULL, NULL);

  for (guint i = 0; i < spec->node_count; i++)
    g_ptr_array_add (names, g_strdup_printf ("elasticsearch-%u", i));
  if (spec->roles == ODFE_ROLES_DEDICATED_MASTERS)
    for (guint i = 0; i < spec->master_count; i++)
      g_ptr_array_add (names, g_strdup_printf ("elasticsearch-master-%u", i));
  g_ptr_array_add (names, NULL);

  return (GStrv) g_ptr_array_free (names, FALSE);
}

GStrv
odfe_cluster_spec_get_master_names (const OdfeClusterSpec *spec)
{
  GPtrArray *names = g_ptr_array_new ();
  gboolean dedicated;
  guint count;

  g_return_val_if_fail (spec != NULL, NULL);

  dedicated = spec->roles == ODFE_ROLES_DEDICATED_MASTERS;
  count = dedicated ? spec->master_count : spec->node_count;
  for (guint i = 0; i < count; i++)
    g_ptr_array_add (names, g_strdup_printf (dedicated ? "elasticsearch-master-%u"
                                                       : "elasticsearch-%u", i));
  g_ptr_array_add (names, NULL);

  return (GStrv) g_ptr_array_free (names, FALSE);
}

/* Names */

typedef enum
{
  NAME_CLUSTER,
  NAME_NAMESPACE,
  NAME_STORAGE_CLASS,
} NameKind;

static gboolean
is_lower_alnum (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* One label of @name (from @start, @length bytes), as DNS-1123 wants it. */
static gboolean
validate_label (const char  *name,
                const char  *label,
                gsize        length,
                GError     **error)
{
  for (gsize i = 0; i < length; i++)
    {
      char c = label[i];

      if (is_lower_alnum (c) || c == '-')
        continue;

      if (c >= 'A' && c <= 'Z')
        {
          g_set_error (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                       _("“%s” has capital letters; use lowercase letters only."), name);
        }
      else
        {
          char character[8] = { 0 };

          g_unichar_to_utf8 (g_utf8_get_char (label + i), character);
          g_set_error (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                       _("“%s” cannot be part of a name; use lowercase letters, digits and "
                         "hyphens only."), character);
        }
      return FALSE;
    }

  if (label[0] == '-')
    {
      g_set_error_literal (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                           _("A name must start with a letter or a digit, not a hyphen."));
      return FALSE;
    }

  if (label[length - 1] == '-')
    {
      g_set_error_literal (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                           _("A name must end with a letter or a digit, not a hyphen."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
validate_name (const char  *name,
               NameKind     kind,
               GError     **error)
{
  gsize length = name != NULL ? strlen (name) : 0;
  gsize max = kind == NAME_STORAGE_CLASS ? DNS_SUBDOMAIN_MAX : DNS_LABEL_MAX;
  const char *label;

  if (length == 0)
    {
      const char *message = NULL;

      switch (kind)
        {
        case NAME_CLUSTER:
          message = _("Give the cluster a name.");
          break;
        case NAME_NAMESPACE:
          message = _("Give the namespace a name.");
          break;
        case NAME_STORAGE_CLASS:
        default:
          message = _("Give the storage class’s name.");
          break;
        }
      g_set_error_literal (error, ODFE_ERROR, ODFE_ERROR_INVALID, message);
      return FALSE;
    }

  if (!g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                           _("The name is not valid text."));
      return FALSE;
    }

  if (length > max)
    {
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                   _("A name can have at most %u characters; this one has %u."),
                   (guint) max, (guint) g_utf8_strlen (name, -1));
      return FALSE;
    }

  /* A label is the whole name; a subdomain is labels joined by dots. */
  label = name;
  while (TRUE)
    {
      const char *dot = kind == NAME_STORAGE_CLASS ? strchr (label, '.') : NULL;
      gsize label_length = dot != NULL ? (gsize) (dot - label) : strlen (label);

      if (label_length == 0)
        {
          g_set_error_literal (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                               _("A name cannot start or end with a dot, or have two dots in "
                                 "a row."));
          return FALSE;
        }
      if (!validate_label (name, label, label_length, error))
        return FALSE;
      if (dot == NULL)
        break;
      label = dot + 1;
    }

  return TRUE;
}

gboolean
odfe_validate_cluster_name (const char  *name,
                            GError     **error)
{
  return validate_name (name, NAME_CLUSTER, error);
}

gboolean
odfe_validate_namespace (const char  *name,
                         GError     **error)
{
  return validate_name (name, NAME_NAMESPACE, error);
}

gboolean
odfe_validate_storage_class (const char  *name,
                             GError     **error)
{
  if (name == NULL || name[0] == '\0')
    return TRUE;

  return validate_name (name, NAME_STORAGE_CLASS, error);
}

/* Sizes */

gboolean
odfe_validate_heap (guint64   heap_bytes,
                    guint64   memory_bytes,
                    GError  **error)
{
  g_autofree char *minimum = odfe_format_quantity_bytes (ODFE_HEAP_MIN);
  g_autofree char *maximum = odfe_format_quantity_bytes (ODFE_HEAP_MAX);

  if (heap_bytes < ODFE_HEAP_MIN)
    {
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                   _("The heap must be at least %s."), minimum);
      return FALSE;
    }

  if (heap_bytes % MiB != 0)
    {
      g_set_error_literal (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                           _("The heap must be a whole number of mebibytes (Mi)."));
      return FALSE;
    }

  if (heap_bytes > ODFE_HEAP_MAX)
    {
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                   _("The heap can be at most %s, below the size where Java’s compressed "
                     "pointers stop working."), maximum);
      return FALSE;
    }

  if (heap_bytes > memory_bytes / 2)
    {
      g_autofree char *half = odfe_format_quantity_bytes (odfe_heap_for_memory (memory_bytes));

      g_set_error (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                   _("The heap can be at most half the memory (%s here), so that the rest "
                     "serves the file system cache."), half);
      return FALSE;
    }

  return TRUE;
}

char *
odfe_node_count_warning (guint node_count)
{
  if (node_count == 0)
    return g_strdup (_("A cluster needs at least one node."));

  if (node_count == 1)
    return g_strdup (_("A single node keeps no replicas: if it fails, the data is gone, and "
                       "indices that ask for replicas stay yellow."));

  if (node_count % 2 == 0)
    return g_strdup_printf (_("An even number of master-eligible nodes survives no more "
                              "failures than one node fewer; %u or %u nodes would be better."),
                            node_count - 1, node_count + 1);

  return NULL;
}

/* Passwords */

static const char * const common_words[] = {
  "password", "passw0rd", "admin", "qwerty", "azerty", "123456", "654321", "letmein",
  "welcome", "elastic", "opendistro", "searchdeck", "changeme", "secret", "iloveyou",
  "abcdef", "monkey", "dragon", NULL
};

/* log2 (@n) to within a tenth, without libm: the integer part and a straight line between
 * powers of two. */
static double
approximate_log2 (guint n)
{
  guint power = g_bit_storage (n) - 1;
  guint base = 1u << power;

  return power + (double) (n - base) / base;
}

guint
odfe_password_strength (const char  *password,
                        char       **hint)
{
  g_autofree char *lowered = NULL;
  gboolean lower = FALSE, upper = FALSE, digit = FALSE, other = FALSE;
  g_autoptr(GHashTable) distinct = NULL;
  guint classes, pool = 0, score;
  glong length;
  double bits;

  if (hint != NULL)
    *hint = NULL;

  if (password == NULL || !g_utf8_validate (password, -1, NULL)
      || (length = g_utf8_strlen (password, -1)) < 8)
    {
      if (hint != NULL)
        *hint = g_strdup (_("Use at least 8 characters."));
      return 0;
    }

  distinct = g_hash_table_new (NULL, NULL);
  for (const char *p = password; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 'a' && c <= 'z')
        lower = TRUE;
      else if (c >= 'A' && c <= 'Z')
        upper = TRUE;
      else if (c >= '0' && c <= '9')
        digit = TRUE;
      else
        other = TRUE;
      g_hash_table_add (distinct, GUINT_TO_POINTER (c));
    }

  classes = lower + upper + digit + other;
  pool = 26 * lower + 26 * upper + 10 * digit + 33 * other;
  bits = length * approximate_log2 (pool);

  if (bits < 40)
    score = 1;
  else if (bits < 60)
    score = 2;
  else if (bits < 80)
    score = 3;
  else
    score = 4;

  lowered = g_utf8_strdown (password, -1);
  for (guint i = 0; common_words[i] != NULL; i++)
    {
      if (strstr (lowered, common_words[i]) != NULL)
        {
          if (hint != NULL)
            *hint = g_strdup_printf (_("Avoid common words and sequences such as “%s”."),
                                     common_words[i]);
          return 1;
        }
    }

  if (g_hash_table_size (distinct) < 6 && g_hash_table_size (distinct) * 2 < (guint) length)
    {
      if (hint != NULL)
        *hint = g_strdup (_("Avoid repeating the same few characters."));
      return 1;
    }

  if (score < 4 && hint != NULL)
    {
      if (length < 12)
        *hint = g_strdup (_("Make it longer: 12 characters or more."));
      else if (classes < 3)
        *hint = g_strdup (_("Mix in capitals, digits or symbols."));
      else
        *hint = g_strdup (_("Make it longer."));
    }

  return score;
}

gboolean
odfe_validate_password (const char  *password,
                        GError     **error)
{
  g_autofree char *hint = NULL;

  if (password == NULL || password[0] == '\0')
    {
      g_set_error_literal (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                           _("Set a password for the admin user."));
      return FALSE;
    }

  if (!g_utf8_validate (password, -1, NULL))
    {
      g_set_error_literal (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                           _("The password is not valid text."));
      return FALSE;
    }

  for (const char *p = password; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_iscntrl (g_utf8_get_char (p)))
        {
          g_set_error_literal (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                               _("The password cannot hold line breaks, tabs or other control "
                                 "characters."));
          return FALSE;
        }
    }

  if (strlen (password) > PASSWORD_MAX_BYTES)
    {
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                   _("The password can be at most %u bytes long, as bcrypt ignores anything "
                     "after that."), PASSWORD_MAX_BYTES);
      return FALSE;
    }

  if (g_strcmp0 (password, "admin") == 0)
    {
      g_set_error_literal (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                           _("The password cannot be the user name, “admin”."));
      return FALSE;
    }

  if (odfe_password_strength (password, &hint) < 2)
    {
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                   _("The password is too weak. %s"), hint);
      return FALSE;
    }

  return TRUE;
}

static const char password_alphabet[] =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.+=@%";
#define PASSWORD_LENGTH 24

/* A character of @alphabet picked uniformly with bytes from GnuTLS's key-grade generator. */
static char
random_character (const char *alphabet,
                  guint       size)
{
  guint limit = 256 - 256 % size;
  guint8 byte;

  do
    {
      if (gnutls_rnd (GNUTLS_RND_KEY, &byte, 1) != 0)
        g_error ("GnuTLS’s random number generator failed");
    }
  while (byte >= limit);

  return alphabet[byte % size];
}

char *
odfe_password_generate (void)
{
  guint size = sizeof password_alphabet - 1;
  guint alnum = 62;
  char password[PASSWORD_LENGTH + 1];

  while (TRUE)
    {
      gboolean lower = FALSE, upper = FALSE, digit = FALSE, symbol = FALSE;

      /* Letters or digits at both ends, so that nothing reads the first or last character
       * as syntax (a YAML indicator, a shell option). */
      for (guint i = 0; i < PASSWORD_LENGTH; i++)
        {
          gboolean edge = i == 0 || i == PASSWORD_LENGTH - 1;
          char c = random_character (password_alphabet, edge ? alnum : size);

          lower |= g_ascii_islower (c);
          upper |= g_ascii_isupper (c);
          digit |= g_ascii_isdigit (c);
          symbol |= !g_ascii_isalnum (c);
          password[i] = c;
        }
      password[PASSWORD_LENGTH] = '\0';

      if (lower && upper && digit && symbol)
        break;
    }

  {
    char *result = g_strdup (password);

    explicit_bzero (password, sizeof password);
    return result;
  }
}

/* The whole spec */

gboolean
odfe_cluster_spec_validate_layout (const OdfeClusterSpec  *spec,
                                   GError                **error)
{
  const char * const *versions;
  g_autofree char *text = NULL;

  g_return_val_if_fail (spec != NULL, FALSE);

  if (!odfe_validate_cluster_name (spec->name, error)
      || !odfe_validate_namespace (spec->namespace, error))
    return FALSE;

  if (spec->flavour != ODFE_FLAVOUR_OPEN_DISTRO)
    {
      g_set_error_literal (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                           _("Searchdeck can create Open Distro clusters only."));
      return FALSE;
    }

  versions = odfe_cluster_versions (spec->flavour);
  if (spec->version == NULL || !g_strv_contains (versions, spec->version))
    {
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                   _("“%s” is not a release Searchdeck can create; choose one of the listed "
                     "versions."), spec->version != NULL ? spec->version : "");
      return FALSE;
    }

  if (spec->node_count < 1 || spec->node_count > NODES_MAX)
    {
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                   _("A cluster can have from 1 to %u nodes."), NODES_MAX);
      return FALSE;
    }

  if (spec->roles == ODFE_ROLES_DEDICATED_MASTERS
      && (spec->master_count < 1 || spec->master_count > MASTERS_MAX))
    {
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                   _("A cluster can have from 1 to %u dedicated masters."), MASTERS_MAX);
      return FALSE;
    }

  if (spec->cpu_millis < CPU_MIN_MILLIS)
    {
      text = odfe_format_quantity_millis (CPU_MIN_MILLIS);
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                   _("Each node needs at least %s of CPU (a tenth of a core)."), text);
      return FALSE;
    }

  if (spec->memory_bytes < ODFE_MEMORY_MIN)
    {
      text = odfe_format_quantity_bytes (ODFE_MEMORY_MIN);
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                   _("Each node needs at least %s of memory."), text);
      return FALSE;
    }

  if (!odfe_validate_heap (spec->heap_bytes, spec->memory_bytes, error))
    return FALSE;

  if (spec->storage_bytes < ODFE_STORAGE_MIN)
    {
      text = odfe_format_quantity_bytes (ODFE_STORAGE_MIN);
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                   _("Each node needs at least %s of storage."), text);
      return FALSE;
    }

  if (!odfe_validate_storage_class (spec->storage_class, error))
    return FALSE;

  if (spec->cert_validity_days < 1 || spec->cert_validity_days > VALIDITY_MAX_DAYS)
    {
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                   _("Certificates can be valid from 1 to %u days."), VALIDITY_MAX_DAYS);
      return FALSE;
    }

  if (spec->key_bits != 2048 && spec->key_bits != 4096)
    {
      g_set_error_literal (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                           _("Keys can be RSA of 2048 or 4096 bits."));
      return FALSE;
    }

  return TRUE;
}

gboolean
odfe_cluster_spec_validate (const OdfeClusterSpec  *spec,
                            GError                **error)
{
  g_return_val_if_fail (spec != NULL, FALSE);

  return odfe_cluster_spec_validate_layout (spec, error)
         && odfe_validate_password (spec->admin_password, error);
}

/* Quantities */

static const struct
{
  const char *suffix;
  guint64     multiplier;
} byte_suffixes[] = {
  { "Ei", G_GUINT64_CONSTANT (1) << 60 },
  { "Pi", G_GUINT64_CONSTANT (1) << 50 },
  { "Ti", G_GUINT64_CONSTANT (1) << 40 },
  { "Gi", G_GUINT64_CONSTANT (1) << 30 },
  { "Mi", G_GUINT64_CONSTANT (1) << 20 },
  { "Ki", G_GUINT64_CONSTANT (1) << 10 },
  { "E", G_GUINT64_CONSTANT (1000000000000000000) },
  { "P", G_GUINT64_CONSTANT (1000000000000000) },
  { "T", G_GUINT64_CONSTANT (1000000000000) },
  { "G", G_GUINT64_CONSTANT (1000000000) },
  { "M", G_GUINT64_CONSTANT (1000000) },
  { "k", G_GUINT64_CONSTANT (1000) },
  { "", 1 },
};

#define MAX_FRACTION_DIGITS 9

/* "12.5" at the start of @text: the whole part, the fraction as digits over 10^@scale, and
 * where the number ends.  FALSE when there is no number or it does not fit. */
static gboolean
read_decimal (const char  *text,
              guint64     *whole,
              guint64     *fraction,
              guint64     *scale,
              const char **end)
{
  const char *p = text;
  gboolean any = FALSE;

  *whole = 0;
  *fraction = 0;
  *scale = 1;

  for (; g_ascii_isdigit (*p); p++)
    {
      guint digit = *p - '0';

      if (*whole > (G_MAXUINT64 - digit) / 10)
        return FALSE;
      *whole = *whole * 10 + digit;
      any = TRUE;
    }

  if (*p == '.')
    {
      gboolean beyond = FALSE;
      guint digits = 0;

      for (p++; g_ascii_isdigit (*p); p++)
        {
          any = TRUE;
          if (digits < MAX_FRACTION_DIGITS)
            {
              *fraction = *fraction * 10 + (*p - '0');
              *scale *= 10;
              digits++;
            }
          else if (*p != '0')
            beyond = TRUE;
        }

      /* Digits past the ninth cannot matter to a count of bytes or millicores, but a nonzero
       * one rounds up, as Kubernetes rounds, so the result is never below what was typed. */
      if (beyond)
        *fraction += 1;
    }

  *end = p;
  return any;
}

/* whole * multiplier + ceil (fraction * multiplier / scale), or FALSE on overflow. */
static gboolean
scale_quantity (guint64  whole,
                guint64  fraction,
                guint64  scale,
                guint64  multiplier,
                guint64 *result)
{
  guint64 quotient = multiplier / scale;
  guint64 remainder = multiplier % scale;
  guint64 part;

  if (whole != 0 && multiplier > G_MAXUINT64 / whole)
    return FALSE;
  *result = whole * multiplier;

  if (fraction == 0)
    return TRUE;

  /* fraction < scale <= 10^9, so remainder * fraction stays below 10^18. */
  if (quotient != 0 && fraction > G_MAXUINT64 / quotient)
    return FALSE;
  part = quotient * fraction + (remainder * fraction + scale - 1) / scale;

  if (*result > G_MAXUINT64 - part)
    return FALSE;
  *result += part;
  return TRUE;
}

gboolean
odfe_parse_quantity_bytes (const char  *text,
                           guint64     *bytes,
                           GError     **error)
{
  g_autofree char *trimmed = NULL;
  guint64 whole, fraction, scale, value;
  const char *end;

  g_return_val_if_fail (bytes != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (trimmed[0] == '-')
    {
      g_set_error_literal (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                           _("A size cannot be negative."));
      return FALSE;
    }

  if (!read_decimal (trimmed[0] == '+' ? trimmed + 1 : trimmed, &whole, &fraction, &scale,
                     &end))
    goto not_a_size;

  for (guint i = 0; i < G_N_ELEMENTS (byte_suffixes); i++)
    {
      if (strcmp (end, byte_suffixes[i].suffix) != 0)
        continue;

      if (!scale_quantity (whole, fraction, scale, byte_suffixes[i].multiplier, &value))
        {
          g_set_error (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                       _("“%s” is too large."), trimmed);
          return FALSE;
        }

      *bytes = value;
      return TRUE;
    }

not_a_size:
  g_set_error (error, ODFE_ERROR, ODFE_ERROR_INVALID,
               _("“%s” is not a size: write a number and a unit such as Mi or Gi (512Mi, "
                 "2Gi)."), trimmed);
  return FALSE;
}

char *
odfe_format_quantity_bytes (guint64 bytes)
{
  /* The largest of Mi and up that divides exactly, then a decimal unit (sizes typed as "2G"
   * stay "2G"), then Ki, then bytes. */
  static const char * const order[] = {
    "Ei", "Pi", "Ti", "Gi", "Mi", "E", "P", "T", "G", "M", "k", "Ki", NULL
  };

  if (bytes == 0)
    return g_strdup ("0");

  for (guint o = 0; order[o] != NULL; o++)
    for (guint i = 0; i < G_N_ELEMENTS (byte_suffixes); i++)
      {
        if (strcmp (byte_suffixes[i].suffix, order[o]) != 0)
          continue;
        if (bytes % byte_suffixes[i].multiplier == 0)
          return g_strdup_printf ("%" G_GUINT64_FORMAT "%s",
                                  bytes / byte_suffixes[i].multiplier, byte_suffixes[i].suffix);
      }

  return g_strdup_printf ("%" G_GUINT64_FORMAT, bytes);
}

gboolean
odfe_parse_quantity_millis (const char  *text,
                            guint       *millis,
                            GError     **error)
{
  g_autofree char *trimmed = NULL;
  guint64 whole, fraction, scale, value;
  const char *end;

  g_return_val_if_fail (millis != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (trimmed[0] == '-')
    {
      g_set_error_literal (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                           _("A CPU amount cannot be negative."));
      return FALSE;
    }

  if (!read_decimal (trimmed[0] == '+' ? trimmed + 1 : trimmed, &whole, &fraction, &scale,
                     &end))
    goto not_cpu;

  if (strcmp (end, "m") == 0)
    {
      if (fraction != 0)
        {
          g_set_error (error, ODFE_ERROR, ODFE_ERROR_INVALID,
                       _("“%s” is less precise than a millicore allows; write whole "
                         "millicores (500m)."), trimmed);
          return FALSE;
        }
      value = whole;
    }
  else if (end[0] == '\0')
    {
      if (!scale_quantity (whole, fraction, scale, 1000, &value))
        value = G_MAXUINT64;
    }
  else
    goto not_cpu;

  if (value > G_MAXUINT)
    {
      g_set_error (error, ODFE_ERROR, ODFE_ERROR_INVALID, _("“%s” is too large."), trimmed);
      return FALSE;
    }

  *millis = (guint) value;
  return TRUE;

not_cpu:
  g_set_error (error, ODFE_ERROR, ODFE_ERROR_INVALID,
               _("“%s” is not a CPU amount: write cores (1, 1.5) or millicores (500m)."),
               trimmed);
  return FALSE;
}

char *
odfe_format_quantity_millis (guint millis)
{
  if (millis % 1000 == 0)
    return g_strdup_printf ("%u", millis / 1000);

  return g_strdup_printf ("%um", millis);
}
