/* kube-config.c: reads the user's kubeconfig files with libyaml and merges
 * them the way kubectl's clientcmd loader does
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where we are stricter than kubectl, it is on purpose, to say at load time
 * what kubectl would only say when the entry is used, or never: a cluster
 * without a server, a CA together with insecure-skip-tls-verify, a client
 * certificate without its key (or the other way round), a token together
 * with basic auth, a key given twice in one mapping, and a second YAML
 * document in one file are all errors.  Where contexts point at clusters or
 * users that no file defines, we say nothing: another file may add them, and
 * the caller reports it when the context is used.
 */

#include "kube-config.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include <yaml.h>

/* Limits that keep a hostile or broken file from costing unbounded time or
 * memory: the file size, the number of YAML nodes (aliases included), and the
 * number of steps the reader may take, which bounds what aliases to big
 * subtrees could otherwise multiply. */
#define MAX_FILE_SIZE  (16 * 1024 * 1024)
#define MAX_NODES      100000
#define MAX_STEPS      1000000

#define EXEC_API_V1      "client.authentication.k8s.io/v1"
#define EXEC_API_V1BETA1 "client.authentication.k8s.io/v1beta1"

G_DEFINE_QUARK (kube-config-error-quark, kube_config_error)

/* Boxed types ---------------------------------------------------------- */

static void
kube_exec_config_free (KubeExecConfig *exec)
{
  if (exec == NULL)
    return;

  g_free (exec->api_version);
  g_free (exec->command);
  g_strfreev (exec->args);
  g_strfreev (exec->env);
  g_free (exec->install_hint);
  g_free (exec);
}

static void
kube_cluster_clear (KubeCluster *cluster)
{
  g_free (cluster->name);
  g_free (cluster->source);
  g_free (cluster->server);
  g_free (cluster->certificate_authority);
  g_clear_pointer (&cluster->certificate_authority_data, g_bytes_unref);
  g_free (cluster->tls_server_name);
  g_free (cluster->proxy_url);
}

KubeCluster *
kube_cluster_ref (KubeCluster *cluster)
{
  g_return_val_if_fail (cluster != NULL, NULL);

  return g_atomic_rc_box_acquire (cluster);
}

void
kube_cluster_unref (KubeCluster *cluster)
{
  g_return_if_fail (cluster != NULL);

  g_atomic_rc_box_release_full (cluster, (GDestroyNotify) kube_cluster_clear);
}

G_DEFINE_BOXED_TYPE (KubeCluster, kube_cluster, kube_cluster_ref, kube_cluster_unref)

static void
kube_user_clear (KubeUser *user)
{
  g_free (user->name);
  g_free (user->source);
  g_free (user->client_certificate);
  g_clear_pointer (&user->client_certificate_data, g_bytes_unref);
  g_free (user->client_key);
  g_clear_pointer (&user->client_key_data, g_bytes_unref);
  g_free (user->token);
  g_free (user->token_file);
  g_free (user->username);
  g_free (user->password);
  g_clear_pointer (&user->exec, kube_exec_config_free);
  g_free (user->unsupported);
}

KubeUser *
kube_user_ref (KubeUser *user)
{
  g_return_val_if_fail (user != NULL, NULL);

  return g_atomic_rc_box_acquire (user);
}

void
kube_user_unref (KubeUser *user)
{
  g_return_if_fail (user != NULL);

  g_atomic_rc_box_release_full (user, (GDestroyNotify) kube_user_clear);
}

G_DEFINE_BOXED_TYPE (KubeUser, kube_user, kube_user_ref, kube_user_unref)

static void
kube_context_clear (KubeContext *context)
{
  g_free (context->name);
  g_free (context->source);
  g_free (context->cluster);
  g_free (context->user);
  g_free (context->namespace);
}

KubeContext *
kube_context_ref (KubeContext *context)
{
  g_return_val_if_fail (context != NULL, NULL);

  return g_atomic_rc_box_acquire (context);
}

void
kube_context_unref (KubeContext *context)
{
  g_return_if_fail (context != NULL);

  g_atomic_rc_box_release_full (context, (GDestroyNotify) kube_context_clear);
}

G_DEFINE_BOXED_TYPE (KubeContext, kube_context, kube_context_ref, kube_context_unref)

/* The parser of one file ----------------------------------------------- */

/* What a plain YAML scalar means.  kubectl turns YAML into JSON before it
 * decodes it (YAML 1.1 rules), so `port: 8080` is a number and `on` is a
 * boolean there, and a number where a string belongs is an error; we tell the
 * user the same thing, with a line number. */
typedef enum
{
  VALUE_NULL,
  VALUE_STRING,
  VALUE_BOOLEAN,
  VALUE_NUMBER,
  VALUE_LIST,
  VALUE_MAPPING,
} ValueKind;

typedef struct
{
  const char      *path;        /* absolute; for messages and ->source */
  char            *dir;         /* where relative paths start */
  yaml_document_t *document;
  guint            steps;
} FileParser;

/* One file's entries, before merging. */
typedef struct
{
  GPtrArray *clusters;
  GPtrArray *users;
  GPtrArray *contexts;
  char      *current_context;
} FileContents;

static void
file_contents_free (FileContents *contents)
{
  g_ptr_array_unref (contents->clusters);
  g_ptr_array_unref (contents->users);
  g_ptr_array_unref (contents->contexts);
  g_free (contents->current_context);
  g_free (contents);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FileContents, file_contents_free)

static FileContents *
file_contents_new (void)
{
  FileContents *contents = g_new0 (FileContents, 1);

  contents->clusters = g_ptr_array_new_with_free_func ((GDestroyNotify) kube_cluster_unref);
  contents->users = g_ptr_array_new_with_free_func ((GDestroyNotify) kube_user_unref);
  contents->contexts = g_ptr_array_new_with_free_func ((GDestroyNotify) kube_context_unref);

  return contents;
}

static void set_error_at (GError          **error,
                          KubeConfigError   code,
                          const char       *path,
                          yaml_mark_t       mark,
                          const char       *format,
                          ...) G_GNUC_PRINTF (5, 6);

static void
set_error_at (GError          **error,
              KubeConfigError   code,
              const char       *path,
              yaml_mark_t       mark,
              const char       *format,
              ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, KUBE_CONFIG_ERROR, code, "%s:%zu:%zu: %s",
               path, mark.line + 1, mark.column + 1, what);
}

#define node_error(p, node, error, ...) \
  set_error_at ((error), KUBE_CONFIG_ERROR_INVALID, (p)->path, (node)->start_mark, __VA_ARGS__)

static gboolean
is_one_of (const char         *text,
           const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (strcmp (text, words[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_digit_run (const char **p,
              const char  *digits)
{
  gboolean any = FALSE;

  while (**p != '\0' && (strchr (digits, **p) != NULL || **p == '_'))
    {
      any |= **p != '_';
      (*p)++;
    }

  return any;
}

/* Whether a plain scalar is a number under the YAML 1.1 rules kubectl's
 * YAML reader follows (decimal, 0x, 0o, 0b, floats, .inf, .nan). */
static gboolean
looks_like_number (const char *text)
{
  static const char * const special[] = {
    ".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN", NULL
  };
  const char *p = text;
  gboolean digits;

  if (*p == '+' || *p == '-')
    p++;

  if (is_one_of (p, special))
    return TRUE;

  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
    {
      p += 2;
      return is_digit_run (&p, "0123456789abcdefABCDEF") && *p == '\0';
    }
  if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B'))
    {
      p += 2;
      return is_digit_run (&p, "01") && *p == '\0';
    }
  if (p[0] == '0' && (p[1] == 'o' || p[1] == 'O'))
    {
      p += 2;
      return is_digit_run (&p, "01234567") && *p == '\0';
    }

  digits = is_digit_run (&p, "0123456789");
  if (*p == '.')
    {
      p++;
      digits |= is_digit_run (&p, "0123456789");
    }
  if (!digits)
    return FALSE;

  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!is_digit_run (&p, "0123456789"))
        return FALSE;
    }

  return *p == '\0';
}

static ValueKind
value_kind (yaml_node_t *node)
{
  static const char * const nulls[] = { "", "~", "null", "Null", "NULL", NULL };
  static const char * const booleans[] = {
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
    "true", "True", "TRUE", "false", "False", "FALSE",
    "on", "On", "ON", "off", "Off", "OFF", NULL
  };
  const char *text;

  switch (node->type)
    {
    case YAML_SEQUENCE_NODE:
      return VALUE_LIST;

    case YAML_MAPPING_NODE:
      return VALUE_MAPPING;

    case YAML_SCALAR_NODE:
      break;

    case YAML_NO_NODE:
    default:
      return VALUE_NULL;
    }

  if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
    return VALUE_STRING;

  text = (const char *) node->data.scalar.value;

  if (is_one_of (text, nulls))
    return VALUE_NULL;
  if (is_one_of (text, booleans))
    return VALUE_BOOLEAN;
  if (looks_like_number (text))
    return VALUE_NUMBER;

  return VALUE_STRING;
}

static const char *
value_kind_name (ValueKind kind)
{
  switch (kind)
    {
    case VALUE_NULL:
      return "empty";
    case VALUE_STRING:
      return "a string";
    case VALUE_BOOLEAN:
      return "a boolean";
    case VALUE_NUMBER:
      return "a number";
    case VALUE_LIST:
      return "a list";
    case VALUE_MAPPING:
      return "a mapping";
    default:
      g_assert_not_reached ();
    }
}

/* Counts one step of reading; aliases let a small file name the same big
 * subtree many times, and this keeps the total work bounded. */
static gboolean
spend_step (FileParser  *p,
            yaml_node_t *node,
            GError     **error)
{
  if (++p->steps <= MAX_STEPS)
    return TRUE;

  node_error (p, node, error,
              "the file is too complex to read (too many aliased nodes)");
  return FALSE;
}

static gboolean
expect_kind (FileParser  *p,
             yaml_node_t *node,
             const char  *field,
             ValueKind    wanted,
             GError     **error)
{
  ValueKind kind = value_kind (node);

  if (kind == wanted)
    return TRUE;

  node_error (p, node, error, "“%s” must be %s, not %s",
              field, value_kind_name (wanted), value_kind_name (kind));
  return FALSE;
}

static gboolean read_mapping_level (FileParser         *p,
                                    yaml_node_t        *map,
                                    const char * const *keys,
                                    yaml_node_t       **values,
                                    guint               depth,
                                    GError            **error);

static gboolean
is_merge_key (yaml_node_t *key)
{
  return key->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
         strcmp ((const char *) key->data.scalar.value, "<<") == 0;
}

/* A merge key (`<<: *defaults`, which kubectl's YAML reader honours) brings
 * in the keys of one mapping, or of a list of mappings, that are not set
 * already. */
static gboolean
read_merge (FileParser         *p,
            yaml_node_t        *source,
            const char * const *keys,
            yaml_node_t       **values,
            guint               depth,
            GError            **error)
{
  /* Also what stops an anchor that merges itself. */
  if (depth > 8)
    {
      node_error (p, source, error, "merge keys (“<<”) nest too deeply");
      return FALSE;
    }

  if (source->type == YAML_MAPPING_NODE)
    return read_mapping_level (p, source, keys, values, depth, error);

  if (source->type == YAML_SEQUENCE_NODE)
    {
      for (yaml_node_item_t *item = source->data.sequence.items.start;
           item < source->data.sequence.items.top;
           item++)
        {
          yaml_node_t *map = yaml_document_get_node (p->document, *item);

          if (!spend_step (p, source, error))
            return FALSE;

          if (map == NULL || map->type != YAML_MAPPING_NODE)
            {
              node_error (p, map != NULL ? map : source, error,
                          "“<<” must list mappings only");
              return FALSE;
            }

          if (!read_mapping_level (p, map, keys, values, depth, error))
            return FALSE;
        }
      return TRUE;
    }

  node_error (p, source, error, "“<<” must be a mapping or a list of mappings, not %s",
              value_kind_name (value_kind (source)));
  return FALSE;
}

static gboolean
read_mapping_level (FileParser         *p,
                    yaml_node_t        *map,
                    const char * const *keys,
                    yaml_node_t       **values,
                    guint               depth,
                    GError            **error)
{
  yaml_node_pair_t *pair;

  /* The mapping's own keys first: they win over merged ones. */
  for (pair = map->data.mapping.pairs.start; pair < map->data.mapping.pairs.top; pair++)
    {
      yaml_node_t *key = yaml_document_get_node (p->document, pair->key);
      yaml_node_t *value = yaml_document_get_node (p->document, pair->value);

      if (!spend_step (p, map, error))
        return FALSE;

      if (key == NULL || value == NULL || key->type != YAML_SCALAR_NODE || is_merge_key (key))
        continue;

      for (guint i = 0; keys[i] != NULL; i++)
        {
          if (strcmp ((const char *) key->data.scalar.value, keys[i]) != 0)
            continue;

          if (values[i] == NULL)
            values[i] = value;
          else if (depth == 0)
            {
              node_error (p, key, error, "“%s” is given twice", keys[i]);
              return FALSE;
            }
          break;
        }
    }

  for (pair = map->data.mapping.pairs.start; pair < map->data.mapping.pairs.top; pair++)
    {
      yaml_node_t *key = yaml_document_get_node (p->document, pair->key);
      yaml_node_t *value = yaml_document_get_node (p->document, pair->value);

      if (key == NULL || value == NULL || key->type != YAML_SCALAR_NODE || !is_merge_key (key))
        continue;

      if (!read_merge (p, value, keys, values, depth + 1, error))
        return FALSE;
    }

  return TRUE;
}

/* Finds @keys in the mapping @map: values[i] is the node of keys[i], or NULL.
 * A key given twice is an error; keys we do not know are ignored, as kubectl
 * ignores them. */
static gboolean
read_mapping (FileParser         *p,
              yaml_node_t        *map,
              const char * const *keys,
              yaml_node_t       **values,
              GError            **error)
{
  for (guint i = 0; keys[i] != NULL; i++)
    values[i] = NULL;

  return read_mapping_level (p, map, keys, values, 0, error);
}

/* A string field: NULL stays NULL, and so does an empty value, since
 * kubectl treats "" as unset. */
static gboolean
read_string (FileParser  *p,
             yaml_node_t *node,
             const char  *field,
             char       **out,
             GError     **error)
{
  ValueKind kind;

  g_assert (*out == NULL);

  if (node == NULL)
    return TRUE;

  kind = value_kind (node);
  if (kind == VALUE_NULL)
    return TRUE;

  if (kind != VALUE_STRING)
    {
      node_error (p, node, error, "“%s” must be a string, not %s%s",
                  field, value_kind_name (kind),
                  kind == VALUE_NUMBER || kind == VALUE_BOOLEAN ? " (put it in quotes)" : "");
      return FALSE;
    }

  if (strlen ((const char *) node->data.scalar.value) != node->data.scalar.length)
    {
      node_error (p, node, error, "“%s” contains a NUL character", field);
      return FALSE;
    }

  if (node->data.scalar.length > 0)
    *out = g_strndup ((const char *) node->data.scalar.value, node->data.scalar.length);

  return TRUE;
}

static gboolean
read_boolean (FileParser  *p,
              yaml_node_t *node,
              const char  *field,
              gboolean    *out,
              GError     **error)
{
  static const char * const truths[] = {
    "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", NULL
  };
  ValueKind kind;

  *out = FALSE;

  if (node == NULL)
    return TRUE;

  kind = value_kind (node);
  if (kind == VALUE_NULL)
    return TRUE;

  if (kind != VALUE_BOOLEAN)
    {
      node_error (p, node, error, "“%s” must be true or false, not %s",
                  field, value_kind_name (kind));
      return FALSE;
    }

  *out = is_one_of ((const char *) node->data.scalar.value, truths);
  return TRUE;
}

/* A file path field, made absolute against the directory of this file. */
static gboolean
read_path (FileParser  *p,
           yaml_node_t *node,
           const char  *field,
           char       **out,
           GError     **error)
{
  g_autofree char *path = NULL;

  if (!read_string (p, node, field, &path, error))
    return FALSE;

  /* Cleaned of "." and "..", as Go's filepath.Join does for kubectl. */
  if (path != NULL && !g_path_is_absolute (path))
    *out = g_canonicalize_filename (path, p->dir);
  else
    *out = g_steal_pointer (&path);

  return TRUE;
}

/* Standard base64 with padding, as Go's encoding/json decodes []byte:
 * line breaks are skipped, anything else outside the alphabet is an error. */
static gboolean
read_base64 (FileParser  *p,
             yaml_node_t *node,
             const char  *field,
             GBytes     **out,
             GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GString) clean = NULL;
  guchar *data;
  gsize len;
  gsize padding = 0;

  if (!read_string (p, node, field, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  clean = g_string_sized_new (strlen (text));
  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '\r' || *c == '\n')
        continue;

      if (*c == '=')
        padding++;
      else if (padding > 0 || !(g_ascii_isalnum (*c) || *c == '+' || *c == '/'))
        goto bad;

      g_string_append_c (clean, *c);
    }

  if (clean->len % 4 != 0 || padding > 2)
    goto bad;

  data = g_base64_decode (clean->str, &len);
  if (len > 0)
    *out = g_bytes_new_take (data, len);
  else
    g_free (data);

  return TRUE;

bad:
  node_error (p, node, error, "“%s” is not valid base64", field);
  return FALSE;
}

/* The “name” of a clusters, users or contexts entry: required, and unique
 * within one file (kubectl refuses a file that repeats one). */
static gboolean
read_entry_name (FileParser  *p,
                 yaml_node_t *entry,
                 yaml_node_t *name_node,
                 const char  *list,
                 GHashTable  *seen,
                 char       **out,
                 GError     **error)
{
  if (!read_string (p, name_node, "name", out, error))
    return FALSE;

  if (*out == NULL)
    {
      node_error (p, entry, error, "an entry of “%s” has no “name”", list);
      return FALSE;
    }

  if (!g_hash_table_add (seen, g_strdup (*out)))
    {
      node_error (p, entry, error, "“%s” has two entries named “%s”", list, *out);
      return FALSE;
    }

  return TRUE;
}

/* Clusters -------------------------------------------------------------- */

enum {
  CLUSTER_SERVER,
  CLUSTER_CA,
  CLUSTER_CA_DATA,
  CLUSTER_TLS_SERVER_NAME,
  CLUSTER_INSECURE,
  CLUSTER_PROXY_URL,
  N_CLUSTER_KEYS
};

static const char * const cluster_keys[] = {
  [CLUSTER_SERVER] = "server",
  [CLUSTER_CA] = "certificate-authority",
  [CLUSTER_CA_DATA] = "certificate-authority-data",
  [CLUSTER_TLS_SERVER_NAME] = "tls-server-name",
  [CLUSTER_INSECURE] = "insecure-skip-tls-verify",
  [CLUSTER_PROXY_URL] = "proxy-url",
  [N_CLUSTER_KEYS] = NULL,
};

static gboolean
read_cluster_fields (FileParser  *p,
                     yaml_node_t *entry,
                     yaml_node_t *node,
                     KubeCluster *cluster,
                     GError     **error)
{
  yaml_node_t *v[N_CLUSTER_KEYS + 1] = { NULL, };

  if (node != NULL && value_kind (node) != VALUE_NULL)
    {
      if (!expect_kind (p, node, "cluster", VALUE_MAPPING, error) ||
          !read_mapping (p, node, cluster_keys, v, error))
        return FALSE;
    }

  if (!read_string (p, v[CLUSTER_SERVER], "server", &cluster->server, error) ||
      !read_path (p, v[CLUSTER_CA], "certificate-authority", &cluster->certificate_authority,
                  error) ||
      !read_base64 (p, v[CLUSTER_CA_DATA], "certificate-authority-data",
                    &cluster->certificate_authority_data, error) ||
      !read_string (p, v[CLUSTER_TLS_SERVER_NAME], "tls-server-name",
                    &cluster->tls_server_name, error) ||
      !read_boolean (p, v[CLUSTER_INSECURE], "insecure-skip-tls-verify",
                     &cluster->insecure_skip_tls_verify, error) ||
      !read_string (p, v[CLUSTER_PROXY_URL], "proxy-url", &cluster->proxy_url, error))
    return FALSE;

  if (cluster->server == NULL)
    {
      node_error (p, node != NULL ? node : entry, error,
                  "cluster “%s” has no “server”", cluster->name);
      return FALSE;
    }

  if (cluster->insecure_skip_tls_verify &&
      (cluster->certificate_authority != NULL || cluster->certificate_authority_data != NULL))
    {
      node_error (p, v[CLUSTER_INSECURE], error,
                  "cluster “%s” gives a certificate authority and "
                  "“insecure-skip-tls-verify”: specifying a root certificates file with "
                  "the insecure flag is not allowed",
                  cluster->name);
      return FALSE;
    }

  return TRUE;
}

/* Users ----------------------------------------------------------------- */

enum {
  EXEC_API_VERSION,
  EXEC_COMMAND,
  EXEC_ARGS,
  EXEC_ENV,
  EXEC_INTERACTIVE_MODE,
  EXEC_PROVIDE_CLUSTER_INFO,
  EXEC_INSTALL_HINT,
  N_EXEC_KEYS
};

static const char * const exec_keys[] = {
  [EXEC_API_VERSION] = "apiVersion",
  [EXEC_COMMAND] = "command",
  [EXEC_ARGS] = "args",
  [EXEC_ENV] = "env",
  [EXEC_INTERACTIVE_MODE] = "interactiveMode",
  [EXEC_PROVIDE_CLUSTER_INFO] = "provideClusterInfo",
  [EXEC_INSTALL_HINT] = "installHint",
  [N_EXEC_KEYS] = NULL,
};

static gboolean
read_exec_args (FileParser  *p,
                yaml_node_t *node,
                char      ***out,
                GError     **error)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);

  if (node != NULL && value_kind (node) != VALUE_NULL)
    {
      if (!expect_kind (p, node, "args", VALUE_LIST, error))
        return FALSE;

      for (yaml_node_item_t *item = node->data.sequence.items.start;
           item < node->data.sequence.items.top;
           item++)
        {
          yaml_node_t *arg = yaml_document_get_node (p->document, *item);
          char *text = NULL;

          if (!spend_step (p, node, error))
            return FALSE;
          if (arg == NULL)
            continue;

          if (!read_string (p, arg, "args", &text, error))
            return FALSE;

          g_ptr_array_add (args, text != NULL ? text : g_strdup (""));
        }
    }

  g_ptr_array_add (args, NULL);
  *out = (char **) g_ptr_array_free (g_steal_pointer (&args), FALSE);
  return TRUE;
}

static gboolean
read_exec_env (FileParser  *p,
               yaml_node_t *node,
               char      ***out,
               GError     **error)
{
  static const char * const env_keys[] = { "name", "value", NULL };
  g_autoptr(GPtrArray) env = g_ptr_array_new_with_free_func (g_free);

  if (node != NULL && value_kind (node) != VALUE_NULL)
    {
      if (!expect_kind (p, node, "env", VALUE_LIST, error))
        return FALSE;

      for (yaml_node_item_t *item = node->data.sequence.items.start;
           item < node->data.sequence.items.top;
           item++)
        {
          yaml_node_t *variable = yaml_document_get_node (p->document, *item);
          yaml_node_t *v[3] = { NULL, };
          g_autofree char *name = NULL;
          g_autofree char *value = NULL;

          if (!spend_step (p, node, error))
            return FALSE;
          if (variable == NULL)
            continue;

          if (value_kind (variable) != VALUE_MAPPING)
            {
              node_error (p, variable, error, "an entry of “env” must be a mapping, not %s",
                          value_kind_name (value_kind (variable)));
              return FALSE;
            }

          if (!read_mapping (p, variable, env_keys, v, error) ||
              !read_string (p, v[0], "name", &name, error) ||
              !read_string (p, v[1], "value", &value, error))
            return FALSE;

          if (name == NULL || strchr (name, '=') != NULL)
            {
              node_error (p, variable, error,
                          "an “env” entry needs a “name” without “=” in it");
              return FALSE;
            }

          g_ptr_array_add (env, g_strconcat (name, "=", value != NULL ? value : "", NULL));
        }
    }

  g_ptr_array_add (env, NULL);
  *out = (char **) g_ptr_array_free (g_steal_pointer (&env), FALSE);
  return TRUE;
}

static gboolean
read_exec (FileParser      *p,
           yaml_node_t     *node,
           const char      *user_name,
           KubeExecConfig **out,
           GError         **error)
{
  yaml_node_t *v[N_EXEC_KEYS + 1] = { NULL, };
  g_autofree char *mode = NULL;
  KubeExecConfig *exec;

  if (node == NULL || value_kind (node) == VALUE_NULL)
    return TRUE;

  if (!expect_kind (p, node, "exec", VALUE_MAPPING, error) ||
      !read_mapping (p, node, exec_keys, v, error))
    return FALSE;

  exec = g_new0 (KubeExecConfig, 1);
  *out = exec;

  if (!read_string (p, v[EXEC_API_VERSION], "apiVersion", &exec->api_version, error) ||
      !read_string (p, v[EXEC_COMMAND], "command", &exec->command, error) ||
      !read_exec_args (p, v[EXEC_ARGS], &exec->args, error) ||
      !read_exec_env (p, v[EXEC_ENV], &exec->env, error) ||
      !read_string (p, v[EXEC_INTERACTIVE_MODE], "interactiveMode", &mode, error) ||
      !read_boolean (p, v[EXEC_PROVIDE_CLUSTER_INFO], "provideClusterInfo",
                     &exec->provide_cluster_info, error) ||
      !read_string (p, v[EXEC_INSTALL_HINT], "installHint", &exec->install_hint, error))
    return FALSE;

  if (exec->api_version == NULL)
    {
      node_error (p, node, error, "the “exec” of user “%s” has no “apiVersion”",
                  user_name);
      return FALSE;
    }
  if (strcmp (exec->api_version, EXEC_API_V1) != 0 &&
      strcmp (exec->api_version, EXEC_API_V1BETA1) != 0)
    {
      node_error (p, v[EXEC_API_VERSION], error,
                  "exec “apiVersion” “%s” is not supported: use %s or %s",
                  exec->api_version, EXEC_API_V1, EXEC_API_V1BETA1);
      return FALSE;
    }

  if (exec->command == NULL)
    {
      node_error (p, node, error, "the “exec” of user “%s” has no “command”",
                  user_name);
      return FALSE;
    }
  /* kubectl resolves a command with a directory part against the file's
   * directory, and leaves a bare name to be looked up in PATH. */
  if (strchr (exec->command, '/') != NULL && !g_path_is_absolute (exec->command))
    {
      char *resolved = g_canonicalize_filename (exec->command, p->dir);

      g_free (exec->command);
      exec->command = resolved;
    }

  if (mode == NULL)
    {
      if (strcmp (exec->api_version, EXEC_API_V1) == 0)
        {
          node_error (p, node, error,
                      "the “exec” of user “%s” needs an “interactiveMode” "
                      "(Never, IfAvailable or Always) with %s",
                      user_name, EXEC_API_V1);
          return FALSE;
        }
      exec->interactive_mode = KUBE_EXEC_INTERACTIVE_IF_AVAILABLE;
    }
  else if (strcmp (mode, "Never") == 0)
    exec->interactive_mode = KUBE_EXEC_INTERACTIVE_NEVER;
  else if (strcmp (mode, "IfAvailable") == 0)
    exec->interactive_mode = KUBE_EXEC_INTERACTIVE_IF_AVAILABLE;
  else if (strcmp (mode, "Always") == 0)
    exec->interactive_mode = KUBE_EXEC_INTERACTIVE_ALWAYS;
  else
    {
      node_error (p, v[EXEC_INTERACTIVE_MODE], error,
                  "“interactiveMode” must be Never, IfAvailable or Always, not “%s”", mode);
      return FALSE;
    }

  return TRUE;
}

enum {
  USER_CLIENT_CERTIFICATE,
  USER_CLIENT_CERTIFICATE_DATA,
  USER_CLIENT_KEY,
  USER_CLIENT_KEY_DATA,
  USER_TOKEN,
  USER_TOKEN_FILE,
  USER_USERNAME,
  USER_PASSWORD,
  USER_EXEC,
  USER_AUTH_PROVIDER,
  USER_AS,
  USER_AS_GROUPS,
  USER_AS_UID,
  USER_AS_USER_EXTRA,
  N_USER_KEYS
};

static const char * const user_keys[] = {
  [USER_CLIENT_CERTIFICATE] = "client-certificate",
  [USER_CLIENT_CERTIFICATE_DATA] = "client-certificate-data",
  [USER_CLIENT_KEY] = "client-key",
  [USER_CLIENT_KEY_DATA] = "client-key-data",
  [USER_TOKEN] = "token",
  [USER_TOKEN_FILE] = "tokenFile",
  [USER_USERNAME] = "username",
  [USER_PASSWORD] = "password",
  [USER_EXEC] = "exec",
  [USER_AUTH_PROVIDER] = "auth-provider",
  [USER_AS] = "as",
  [USER_AS_GROUPS] = "as-groups",
  [USER_AS_UID] = "as-uid",
  [USER_AS_USER_EXTRA] = "as-user-extra",
  [N_USER_KEYS] = NULL,
};

/* Whether a node holds anything: a non-empty scalar, list or mapping. */
static gboolean
node_is_set (yaml_node_t *node)
{
  if (node == NULL)
    return FALSE;

  switch (value_kind (node))
    {
    case VALUE_NULL:
      return FALSE;
    case VALUE_LIST:
      return node->data.sequence.items.top > node->data.sequence.items.start;
    case VALUE_MAPPING:
      return node->data.mapping.pairs.top > node->data.mapping.pairs.start;
    case VALUE_STRING:
    case VALUE_BOOLEAN:
    case VALUE_NUMBER:
    default:
      return TRUE;
    }
}

/* Notes what Searchdeck cannot do for this user: an auth-provider plugin
 * (gone from kubectl itself) or impersonation. */
static gboolean
read_unsupported (FileParser  *p,
                  yaml_node_t **v,
                  KubeUser     *user,
                  GError      **error)
{
  static const guint impersonation[] = {
    USER_AS, USER_AS_GROUPS, USER_AS_UID, USER_AS_USER_EXTRA
  };

  if (node_is_set (v[USER_AUTH_PROVIDER]))
    {
      static const char * const provider_keys[] = { "name", NULL };
      yaml_node_t *provider[2] = { NULL, };
      g_autofree char *name = NULL;

      if (!expect_kind (p, v[USER_AUTH_PROVIDER], "auth-provider", VALUE_MAPPING, error) ||
          !read_mapping (p, v[USER_AUTH_PROVIDER], provider_keys, provider, error) ||
          !read_string (p, provider[0], "name", &name, error))
        return FALSE;

      if (name == NULL)
        {
          node_error (p, v[USER_AUTH_PROVIDER], error, "“auth-provider” has no “name”");
          return FALSE;
        }

      if (user->exec != NULL)
        {
          node_error (p, v[USER_AUTH_PROVIDER], error,
                      "user “%s” gives both “auth-provider” and “exec”: "
                      "only one is allowed",
                      user->name);
          return FALSE;
        }

      user->unsupported = g_strdup_printf ("auth-provider “%s” is not supported by Searchdeck: "
                                           "use an exec credential plugin instead", name);
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (impersonation); i++)
    {
      if (node_is_set (v[impersonation[i]]))
        {
          user->unsupported = g_strdup_printf ("impersonation (“%s”) is not supported by "
                                               "Searchdeck", user_keys[impersonation[i]]);
          return TRUE;
        }
    }

  return TRUE;
}

static gboolean
read_user_fields (FileParser  *p,
                  yaml_node_t *entry,
                  yaml_node_t *node,
                  KubeUser    *user,
                  GError     **error)
{
  yaml_node_t *v[N_USER_KEYS + 1] = { NULL, };
  gboolean has_cert;
  gboolean has_key;

  if (node != NULL && value_kind (node) != VALUE_NULL)
    {
      if (!expect_kind (p, node, "user", VALUE_MAPPING, error) ||
          !read_mapping (p, node, user_keys, v, error))
        return FALSE;
    }

  if (!read_path (p, v[USER_CLIENT_CERTIFICATE], "client-certificate",
                  &user->client_certificate, error) ||
      !read_base64 (p, v[USER_CLIENT_CERTIFICATE_DATA], "client-certificate-data",
                    &user->client_certificate_data, error) ||
      !read_path (p, v[USER_CLIENT_KEY], "client-key", &user->client_key, error) ||
      !read_base64 (p, v[USER_CLIENT_KEY_DATA], "client-key-data", &user->client_key_data,
                    error) ||
      !read_string (p, v[USER_TOKEN], "token", &user->token, error) ||
      !read_path (p, v[USER_TOKEN_FILE], "tokenFile", &user->token_file, error) ||
      !read_string (p, v[USER_USERNAME], "username", &user->username, error) ||
      !read_string (p, v[USER_PASSWORD], "password", &user->password, error) ||
      !read_exec (p, v[USER_EXEC], user->name, &user->exec, error) ||
      !read_unsupported (p, v, user, error))
    return FALSE;

  /* Errors about the entry as a whole point at its `user` mapping. */
  if (node == NULL || value_kind (node) == VALUE_NULL)
    node = entry;

  has_cert = user->client_certificate != NULL || user->client_certificate_data != NULL;
  has_key = user->client_key != NULL || user->client_key_data != NULL;
  if (has_cert && !has_key)
    {
      node_error (p, node, error,
                  "user “%s” gives a client certificate but no “client-key” or "
                  "“client-key-data”", user->name);
      return FALSE;
    }
  if (has_key && !has_cert)
    {
      node_error (p, node, error,
                  "user “%s” gives a client key but no “client-certificate” or "
                  "“client-certificate-data”", user->name);
      return FALSE;
    }

  if ((user->token != NULL || user->token_file != NULL) &&
      (user->username != NULL || user->password != NULL))
    {
      node_error (p, node, error,
                  "user “%s” gives both a token and a username or password: "
                  "only one authentication method is allowed", user->name);
      return FALSE;
    }

  return TRUE;
}

/* Contexts -------------------------------------------------------------- */

static gboolean
read_context_fields (FileParser  *p,
                     yaml_node_t *node,
                     KubeContext *context,
                     GError     **error)
{
  static const char * const context_keys[] = { "cluster", "user", "namespace", NULL };
  yaml_node_t *v[4] = { NULL, };

  if (node != NULL && value_kind (node) != VALUE_NULL)
    {
      if (!expect_kind (p, node, "context", VALUE_MAPPING, error) ||
          !read_mapping (p, node, context_keys, v, error))
        return FALSE;
    }

  return read_string (p, v[0], "cluster", &context->cluster, error) &&
         read_string (p, v[1], "user", &context->user, error) &&
         read_string (p, v[2], "namespace", &context->namespace, error);
}

/* The three lists ------------------------------------------------------- */

typedef enum
{
  LIST_CLUSTERS,
  LIST_USERS,
  LIST_CONTEXTS,
} ListKind;

static gboolean
read_entry (FileParser   *p,
            ListKind      list,
            yaml_node_t  *entry,
            GHashTable   *seen,
            FileContents *contents,
            GError      **error)
{
  static const char * const list_names[] = { "clusters", "users", "contexts" };
  static const char * const body_names[] = { "cluster", "user", "context" };
  const char * const entry_keys[] = { "name", body_names[list], NULL };
  yaml_node_t *v[3] = { NULL, };
  g_autofree char *name = NULL;

  if (value_kind (entry) != VALUE_MAPPING)
    {
      node_error (p, entry, error, "an entry of “%s” must be a mapping, not %s",
                  list_names[list], value_kind_name (value_kind (entry)));
      return FALSE;
    }

  if (!read_mapping (p, entry, entry_keys, v, error) ||
      !read_entry_name (p, entry, v[0], list_names[list], seen, &name, error))
    return FALSE;

  switch (list)
    {
    case LIST_CLUSTERS:
      {
        g_autoptr(KubeCluster) cluster = g_atomic_rc_box_new0 (KubeCluster);

        cluster->name = g_steal_pointer (&name);
        cluster->source = g_strdup (p->path);
        if (!read_cluster_fields (p, entry, v[1], cluster, error))
          return FALSE;
        g_ptr_array_add (contents->clusters, g_steal_pointer (&cluster));
      }
      break;

    case LIST_USERS:
      {
        g_autoptr(KubeUser) user = g_atomic_rc_box_new0 (KubeUser);

        user->name = g_steal_pointer (&name);
        user->source = g_strdup (p->path);
        if (!read_user_fields (p, entry, v[1], user, error))
          return FALSE;
        g_ptr_array_add (contents->users, g_steal_pointer (&user));
      }
      break;

    case LIST_CONTEXTS:
      {
        g_autoptr(KubeContext) context = g_atomic_rc_box_new0 (KubeContext);

        context->name = g_steal_pointer (&name);
        context->source = g_strdup (p->path);
        if (!read_context_fields (p, v[1], context, error))
          return FALSE;
        g_ptr_array_add (contents->contexts, g_steal_pointer (&context));
      }
      break;

    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

static gboolean
read_list (FileParser   *p,
           ListKind      list,
           const char   *field,
           yaml_node_t  *node,
           FileContents *contents,
           GError      **error)
{
  g_autoptr(GHashTable) seen = NULL;

  if (node == NULL || value_kind (node) == VALUE_NULL)
    return TRUE;

  if (!expect_kind (p, node, field, VALUE_LIST, error))
    return FALSE;

  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (yaml_node_item_t *item = node->data.sequence.items.start;
       item < node->data.sequence.items.top;
       item++)
    {
      yaml_node_t *entry = yaml_document_get_node (p->document, *item);

      if (!spend_step (p, node, error))
        return FALSE;
      if (entry != NULL && !read_entry (p, list, entry, seen, contents, error))
        return FALSE;
    }

  return TRUE;
}

enum {
  TOP_API_VERSION,
  TOP_KIND,
  TOP_CURRENT_CONTEXT,
  TOP_CLUSTERS,
  TOP_USERS,
  TOP_CONTEXTS,
  N_TOP_KEYS
};

static const char * const top_keys[] = {
  [TOP_API_VERSION] = "apiVersion",
  [TOP_KIND] = "kind",
  [TOP_CURRENT_CONTEXT] = "current-context",
  [TOP_CLUSTERS] = "clusters",
  [TOP_USERS] = "users",
  [TOP_CONTEXTS] = "contexts",
  [N_TOP_KEYS] = NULL,
};

static gboolean
read_document (FileParser   *p,
               FileContents *contents,
               GError      **error)
{
  yaml_node_t *root = yaml_document_get_root_node (p->document);
  yaml_node_t *v[N_TOP_KEYS + 1] = { NULL, };
  g_autofree char *api_version = NULL;
  g_autofree char *kind = NULL;
  ValueKind root_kind;

  /* An empty file, or one holding only `null`, is an empty config. */
  if (root == NULL)
    return TRUE;
  root_kind = value_kind (root);
  if (root_kind == VALUE_NULL)
    return TRUE;

  if (root_kind != VALUE_MAPPING)
    {
      node_error (p, root, error, "a kubeconfig must be a mapping, not %s",
                  value_kind_name (root_kind));
      return FALSE;
    }

  if (!read_mapping (p, root, top_keys, v, error) ||
      !read_string (p, v[TOP_API_VERSION], "apiVersion", &api_version, error) ||
      !read_string (p, v[TOP_KIND], "kind", &kind, error) ||
      !read_string (p, v[TOP_CURRENT_CONTEXT], "current-context", &contents->current_context,
                    error))
    return FALSE;

  if (kind != NULL && strcmp (kind, "Config") != 0)
    {
      node_error (p, v[TOP_KIND], error, "“kind” must be “Config”, not “%s”", kind);
      return FALSE;
    }
  if (api_version != NULL && strcmp (api_version, "v1") != 0)
    {
      node_error (p, v[TOP_API_VERSION], error, "“apiVersion” must be “v1”, not “%s”",
                  api_version);
      return FALSE;
    }

  return read_list (p, LIST_CLUSTERS, "clusters", v[TOP_CLUSTERS], contents, error) &&
         read_list (p, LIST_USERS, "users", v[TOP_USERS], contents, error) &&
         read_list (p, LIST_CONTEXTS, "contexts", v[TOP_CONTEXTS], contents, error);
}

static void
set_yaml_error (GError             **error,
                const char          *path,
                const yaml_parser_t *parser)
{
  const char *problem = parser->problem != NULL ? parser->problem : "cannot be parsed";

  switch (parser->error)
    {
    case YAML_MEMORY_ERROR:
      g_set_error (error, KUBE_CONFIG_ERROR, KUBE_CONFIG_ERROR_SYNTAX,
                   "%s: out of memory while reading the file", path);
      break;

    case YAML_READER_ERROR:
      g_set_error (error, KUBE_CONFIG_ERROR, KUBE_CONFIG_ERROR_SYNTAX,
                   "%s: at byte %zu: %s", path, parser->problem_offset, problem);
      break;

    case YAML_NO_ERROR:
    case YAML_SCANNER_ERROR:
    case YAML_PARSER_ERROR:
    case YAML_COMPOSER_ERROR:
    case YAML_WRITER_ERROR:
    case YAML_EMITTER_ERROR:
    default:
      if (parser->context != NULL)
        set_error_at (error, KUBE_CONFIG_ERROR_SYNTAX, path, parser->problem_mark,
                      "%s (%s at line %zu)", problem, parser->context,
                      parser->context_mark.line + 1);
      else
        set_error_at (error, KUBE_CONFIG_ERROR_SYNTAX, path, parser->problem_mark,
                      "%s", problem);
      break;
    }
}

/* A first pass over the events: reports syntax errors, refuses a second
 * document and counts nodes, before the document API builds a tree whose
 * size we could not otherwise bound. */
static gboolean
check_stream (const char   *path,
              const guchar *data,
              gsize         len,
              GError      **error)
{
  yaml_parser_t parser;
  gsize nodes = 0;
  guint documents = 0;
  gboolean ok = TRUE;
  gboolean done = FALSE;

  if (!yaml_parser_initialize (&parser))
    g_error ("libyaml could not allocate a parser");
  yaml_parser_set_input_string (&parser, data, len);

  while (ok && !done)
    {
      yaml_event_t event;

      if (!yaml_parser_parse (&parser, &event))
        {
          set_yaml_error (error, path, &parser);
          ok = FALSE;
          break;
        }

      switch (event.type)
        {
        case YAML_SCALAR_EVENT:
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
        case YAML_ALIAS_EVENT:
          if (++nodes > MAX_NODES)
            {
              set_error_at (error, KUBE_CONFIG_ERROR_INVALID, path, event.start_mark,
                            "the file has more than %d YAML nodes", MAX_NODES);
              ok = FALSE;
            }
          break;

        case YAML_DOCUMENT_START_EVENT:
          if (++documents > 1)
            {
              set_error_at (error, KUBE_CONFIG_ERROR_INVALID, path, event.start_mark,
                            "a kubeconfig holds one YAML document, and this is a second one");
              ok = FALSE;
            }
          break;

        case YAML_STREAM_END_EVENT:
          done = TRUE;
          break;

        case YAML_NO_EVENT:
        case YAML_STREAM_START_EVENT:
        case YAML_DOCUMENT_END_EVENT:
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
        default:
          break;
        }

      yaml_event_delete (&event);
    }

  yaml_parser_delete (&parser);
  return ok;
}

/* Parses the bytes of one kubeconfig; @path must be absolute. */
static FileContents *
parse_data (const char *data,
            gsize       len,
            const char *path,
            GError    **error)
{
  g_autoptr(FileContents) contents = NULL;
  g_autofree char *dir = NULL;
  yaml_parser_t parser;
  yaml_document_t document;
  FileParser p = { NULL, };
  gboolean ok;

  if (len > MAX_FILE_SIZE)
    {
      g_set_error (error, KUBE_CONFIG_ERROR, KUBE_CONFIG_ERROR_INVALID,
                   "%s: the file is larger than %d MiB", path, MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }

  if (!check_stream (path, (const guchar *) data, len, error))
    return NULL;

  if (!yaml_parser_initialize (&parser))
    g_error ("libyaml could not allocate a parser");
  yaml_parser_set_input_string (&parser, (const guchar *) data, len);

  if (!yaml_parser_load (&parser, &document))
    {
      set_yaml_error (error, path, &parser);
      yaml_parser_delete (&parser);
      return NULL;
    }

  dir = g_path_get_dirname (path);
  p.path = path;
  p.dir = dir;
  p.document = &document;
  contents = file_contents_new ();

  ok = read_document (&p, contents, error);

  yaml_document_delete (&document);
  yaml_parser_delete (&parser);

  return ok ? g_steal_pointer (&contents) : NULL;
}

/* The merged configuration ---------------------------------------------- */

struct _KubeConfig
{
  GObject     parent_instance;

  GStrv       sources;
  char       *current_context;
  GPtrArray  *contexts;         /* KubeContext, in first-seen order */
  GHashTable *cluster_index;    /* name → KubeCluster */
  GHashTable *user_index;       /* name → KubeUser */
  GHashTable *context_index;    /* name → KubeContext */
};

G_DEFINE_FINAL_TYPE (KubeConfig, kube_config, G_TYPE_OBJECT)

static void
kube_config_finalize (GObject *object)
{
  KubeConfig *self = KUBE_CONFIG (object);

  g_clear_pointer (&self->sources, g_strfreev);
  g_clear_pointer (&self->current_context, g_free);
  g_clear_pointer (&self->contexts, g_ptr_array_unref);
  g_clear_pointer (&self->cluster_index, g_hash_table_unref);
  g_clear_pointer (&self->user_index, g_hash_table_unref);
  g_clear_pointer (&self->context_index, g_hash_table_unref);

  G_OBJECT_CLASS (kube_config_parent_class)->finalize (object);
}

static void
kube_config_class_init (KubeConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kube_config_finalize;
}

static void
kube_config_init (KubeConfig *self)
{
  /* The index keys are the entries' own names, freed with the entries. */
  self->contexts = g_ptr_array_new_with_free_func ((GDestroyNotify) kube_context_unref);
  self->cluster_index = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                               (GDestroyNotify) kube_cluster_unref);
  self->user_index = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify) kube_user_unref);
  self->context_index = g_hash_table_new (g_str_hash, g_str_equal);
}

/* Adds one file's entries; what an earlier file already named stays. */
static void
kube_config_merge (KubeConfig   *self,
                   FileContents *contents)
{
  for (guint i = 0; i < contents->clusters->len; i++)
    {
      KubeCluster *cluster = g_ptr_array_index (contents->clusters, i);

      if (!g_hash_table_contains (self->cluster_index, cluster->name))
        g_hash_table_insert (self->cluster_index, cluster->name, kube_cluster_ref (cluster));
    }

  for (guint i = 0; i < contents->users->len; i++)
    {
      KubeUser *user = g_ptr_array_index (contents->users, i);

      if (!g_hash_table_contains (self->user_index, user->name))
        g_hash_table_insert (self->user_index, user->name, kube_user_ref (user));
    }

  for (guint i = 0; i < contents->contexts->len; i++)
    {
      KubeContext *context = g_ptr_array_index (contents->contexts, i);

      if (!g_hash_table_contains (self->context_index, context->name))
        {
          g_ptr_array_add (self->contexts, kube_context_ref (context));
          g_hash_table_insert (self->context_index, context->name, context);
        }
    }

  if (self->current_context == NULL && contents->current_context != NULL)
    self->current_context = g_strdup (contents->current_context);
}

/* Reads one file.  Returns FALSE with @error unset if it does not exist. */
static gboolean
read_file (const char    *path,
           FileContents **out,
           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  GStatBuf st;
  gsize len;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT || saved_errno == ENOTDIR)
        return FALSE;

      g_set_error (error, KUBE_CONFIG_ERROR, KUBE_CONFIG_ERROR_INVALID,
                   "%s: cannot be read: %s", path, g_strerror (saved_errno));
      return FALSE;
    }

  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, KUBE_CONFIG_ERROR, KUBE_CONFIG_ERROR_INVALID,
                   "%s: is a directory, not a kubeconfig file", path);
      return FALSE;
    }
  if (st.st_size > MAX_FILE_SIZE)
    {
      g_set_error (error, KUBE_CONFIG_ERROR, KUBE_CONFIG_ERROR_INVALID,
                   "%s: the file is larger than %d MiB", path, MAX_FILE_SIZE / (1024 * 1024));
      return FALSE;
    }

  if (!g_file_get_contents (path, &data, &len, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return FALSE;

      g_set_error (error, KUBE_CONFIG_ERROR, KUBE_CONFIG_ERROR_INVALID,
                   "%s: cannot be read: %s", path, local_error->message);
      return FALSE;
    }

  *out = parse_data (data, len, path, error);
  return *out != NULL;
}

char **
kube_config_default_paths (void)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  const char *env = g_getenv ("KUBECONFIG");

  if (env != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (env, G_SEARCHPATH_SEPARATOR_S, -1);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          if (parts[i][0] == '\0' ||
              g_ptr_array_find_with_equal_func (paths, parts[i], g_str_equal, NULL))
            continue;

          g_ptr_array_add (paths, g_strdup (parts[i]));
        }
    }

  if (paths->len == 0)
    g_ptr_array_add (paths, g_build_filename (g_get_home_dir (), ".kube", "config", NULL));

  g_ptr_array_add (paths, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&paths), FALSE);
}

KubeConfig *
kube_config_load (const char * const  *paths,
                  GError             **error)
{
  g_autoptr(KubeConfig) self = NULL;
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (KUBE_TYPE_CONFIG, NULL);

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autoptr(FileContents) contents = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *path = NULL;

      /* kubectl skips empty names rather than reading the current directory. */
      if (paths[i][0] == '\0')
        continue;

      path = g_canonicalize_filename (paths[i], NULL);
      if (!read_file (path, &contents, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          g_debug ("Kubeconfig %s does not exist, skipped", path);
          continue;
        }

      kube_config_merge (self, contents);
      g_ptr_array_add (sources, g_steal_pointer (&path));
    }

  if (sources->len == 0)
    {
      g_autofree char *looked_at = NULL;

      looked_at = paths != NULL && paths[0] != NULL
                  ? g_strjoinv (", ", (char **) paths)
                  : g_strdup ("no path was given");
      g_set_error (error, KUBE_CONFIG_ERROR, KUBE_CONFIG_ERROR_NOT_FOUND,
                   "No kubeconfig file was found (looked at %s)", looked_at);
      return NULL;
    }

  g_ptr_array_add (sources, NULL);
  self->sources = (GStrv) g_ptr_array_free (g_steal_pointer (&sources), FALSE);

  return g_steal_pointer (&self);
}

KubeConfig *
kube_config_load_default (GError **error)
{
  g_auto(GStrv) paths = kube_config_default_paths ();

  return kube_config_load ((const char * const *) paths, error);
}

KubeConfig *
kube_config_load_from_data (const char  *data,
                            gsize        len,
                            const char  *origin,
                            GError     **error)
{
  g_autoptr(KubeConfig) self = NULL;
  g_autoptr(FileContents) contents = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (origin != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = g_canonicalize_filename (origin, NULL);
  contents = parse_data (data != NULL ? data : "", len, path, error);
  if (contents == NULL)
    return NULL;

  self = g_object_new (KUBE_TYPE_CONFIG, NULL);
  kube_config_merge (self, contents);
  self->sources = g_new0 (char *, 2);
  self->sources[0] = g_steal_pointer (&path);

  return g_steal_pointer (&self);
}

const char * const *
kube_config_get_sources (KubeConfig *self)
{
  g_return_val_if_fail (KUBE_IS_CONFIG (self), NULL);

  return (const char * const *) self->sources;
}

const char *
kube_config_get_current_context (KubeConfig *self)
{
  g_return_val_if_fail (KUBE_IS_CONFIG (self), NULL);

  return self->current_context;
}

GPtrArray *
kube_config_get_contexts (KubeConfig *self)
{
  g_return_val_if_fail (KUBE_IS_CONFIG (self), NULL);

  return self->contexts;
}

KubeContext *
kube_config_lookup_context (KubeConfig *self,
                            const char *name)
{
  g_return_val_if_fail (KUBE_IS_CONFIG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->context_index, name);
}

KubeCluster *
kube_config_lookup_cluster (KubeConfig *self,
                            const char *name)
{
  g_return_val_if_fail (KUBE_IS_CONFIG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->cluster_index, name);
}

KubeUser *
kube_config_lookup_user (KubeConfig *self,
                         const char *name)
{
  g_return_val_if_fail (KUBE_IS_CONFIG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->user_index, name);
}
