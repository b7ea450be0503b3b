/* kube-auth.c: the credentials of a kubeconfig user, obtained and kept fresh
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Static credentials (a token, basic auth, a client certificate) are prepared once.  A
 * tokenFile is checked on every request (an asynchronous stat) and re-read when it changed,
 * because projected service-account tokens rotate.  An exec credential plugin is run with
 * GSubprocess, through `flatpak-spawn --host` inside Flatpak, and its credential is kept
 * until its expirationTimestamp or until the server answers 401.  Nothing here ever logs a
 * token, a password or a key.
 */

#include "kube-auth.h"
#include "kube-error.h"
#include "kube-json.h"

#include <json-glib/json-glib.h>
#include <string.h>

#define EXEC_OUTPUT_LIMIT (1024 * 1024)

G_DEFINE_BOXED_TYPE (KubeCredentials, kube_credentials, kube_credentials_copy,
                     kube_credentials_free)

KubeCredentials *
kube_credentials_copy (const KubeCredentials *credentials)
{
  KubeCredentials *copy = g_new0 (KubeCredentials, 1);

  copy->authorization = g_strdup (credentials->authorization);
  g_set_object (&copy->certificate, credentials->certificate);
  return copy;
}

void
kube_credentials_free (KubeCredentials *credentials)
{
  if (credentials == NULL)
    return;

  /* The header holds a secret: do not leave it in freed memory. */
  if (credentials->authorization != NULL)
    explicit_bzero (credentials->authorization, strlen (credentials->authorization));
  g_free (credentials->authorization);
  g_clear_object (&credentials->certificate);
  g_free (credentials);
}

struct _KubeAuth
{
  GObject          parent_instance;

  GCancellable    *cancellable;
  KubeUser        *user;
  char            *user_name;

  /* Static parts. */
  char            *static_authorization;
  GTlsCertificate *static_certificate;

  /* tokenFile. */
  GFile           *token_file;
  char            *file_token;
  char            *file_stamp;         /* size, inode and mtime of what was read */

  /* exec. */
  KubeExecConfig  *exec;
  char            *exec_info;          /* KUBERNETES_EXEC_INFO */
  char            *exec_authorization;
  GTlsCertificate *exec_certificate;
  GDateTime       *exec_expiry;        /* NULL: valid until a 401 */
  gboolean         exec_valid;
  GPtrArray       *exec_waiters;       /* GTasks waiting for the running plugin, or NULL */
  guint            exec_runs;
};

G_DEFINE_FINAL_TYPE (KubeAuth, kube_auth, G_TYPE_OBJECT)

static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    explicit_bzero (*secret, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

static void
kube_auth_dispose (GObject *object)
{
  KubeAuth *self = KUBE_AUTH (object);

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (kube_auth_parent_class)->dispose (object);
}

static void
kube_auth_finalize (GObject *object)
{
  KubeAuth *self = KUBE_AUTH (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->user, kube_user_unref);
  g_free (self->user_name);
  clear_secret (&self->static_authorization);
  g_clear_object (&self->static_certificate);
  g_clear_object (&self->token_file);
  clear_secret (&self->file_token);
  g_free (self->file_stamp);
  g_free (self->exec_info);
  clear_secret (&self->exec_authorization);
  g_clear_object (&self->exec_certificate);
  g_clear_pointer (&self->exec_expiry, g_date_time_unref);
  g_warn_if_fail (self->exec_waiters == NULL);

  G_OBJECT_CLASS (kube_auth_parent_class)->finalize (object);
}

static void
kube_auth_class_init (KubeAuthClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kube_auth_dispose;
  object_class->finalize = kube_auth_finalize;
}

static void
kube_auth_init (KubeAuth *self)
{
  self->cancellable = g_cancellable_new ();
}

/* Reads PEM from @path or takes @data; @field names the kubeconfig field for errors. */
static GBytes *
load_pem (const char *path,
          GBytes     *data,
          const char *user_name,
          const char *field,
          GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (data != NULL)
    return g_bytes_ref (data);

  if (path == NULL)
    return NULL;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, KUBE_ERROR, KUBE_ERROR_CONFIG,
                   "The %s of user “%s” could not be read: %s", field, user_name,
                   local_error->message);
      return NULL;
    }

  return g_bytes_new_take (contents, length);
}

static GTlsCertificate *
certificate_from_pem (GBytes     *cert,
                      GBytes     *key,
                      const char *what,
                      GError    **error)
{
  g_autoptr(GString) pem = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  GTlsCertificate *certificate;
  gsize length;
  const char *data;

  data = g_bytes_get_data (cert, &length);
  g_string_append_len (pem, data, (gssize) length);
  g_string_append_c (pem, '\n');
  data = g_bytes_get_data (key, &length);
  g_string_append_len (pem, data, (gssize) length);

  certificate = g_tls_certificate_new_from_pem (pem->str, (gssize) pem->len, &local_error);
  explicit_bzero (pem->str, pem->len);

  if (certificate == NULL)
    g_set_error (error, KUBE_ERROR, KUBE_ERROR_CONFIG,
                 "The client certificate and key of %s could not be loaded: %s", what,
                 local_error->message);

  return certificate;
}

static char *
basic_authorization (const char *username,
                     const char *password)
{
  g_autofree char *pair = g_strdup_printf ("%s:%s", username, password ? password : "");
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));

  explicit_bzero (pair, strlen (pair));
  return g_strdup_printf ("Basic %s", encoded);
}

static char *
build_exec_info (KubeExecConfig *exec,
                 KubeCluster    *cluster)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "ExecCredential");
  json_builder_set_member_name (builder, "apiVersion");
  json_builder_add_string_value (builder, exec->api_version);
  json_builder_set_member_name (builder, "spec");
  json_builder_begin_object (builder);
  /* A desktop application has no terminal to lend the plugin. */
  json_builder_set_member_name (builder, "interactive");
  json_builder_add_boolean_value (builder, FALSE);

  if (exec->provide_cluster_info && cluster != NULL)
    {
      json_builder_set_member_name (builder, "cluster");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "server");
      json_builder_add_string_value (builder, cluster->server);
      if (cluster->tls_server_name != NULL)
        {
          json_builder_set_member_name (builder, "tls-server-name");
          json_builder_add_string_value (builder, cluster->tls_server_name);
        }
      if (cluster->insecure_skip_tls_verify)
        {
          json_builder_set_member_name (builder, "insecure-skip-tls-verify");
          json_builder_add_boolean_value (builder, TRUE);
        }
      if (cluster->certificate_authority_data != NULL)
        {
          gsize length = 0;
          const guchar *data = g_bytes_get_data (cluster->certificate_authority_data, &length);
          g_autofree char *encoded = g_base64_encode (data, length);

          json_builder_set_member_name (builder, "certificate-authority-data");
          json_builder_add_string_value (builder, encoded);
        }
      if (cluster->proxy_url != NULL)
        {
          json_builder_set_member_name (builder, "proxy-url");
          json_builder_add_string_value (builder, cluster->proxy_url);
        }
      json_builder_set_member_name (builder, "config");
      json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return kube_json_to_string (root);
}

KubeAuth *
kube_auth_new (KubeUser     *user,
               KubeCluster  *cluster,
               GError      **error)
{
  g_autoptr(KubeAuth) self = NULL;
  g_autoptr(GBytes) cert = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autofree char *what = NULL;

  g_return_val_if_fail (user != NULL, NULL);

  if (user->unsupported != NULL)
    {
      g_set_error (error, KUBE_ERROR, KUBE_ERROR_CONFIG, "User “%s”: %s", user->name,
                   user->unsupported);
      return NULL;
    }

  self = g_object_new (KUBE_TYPE_AUTH, NULL);
  self->user = kube_user_ref (user);
  self->user_name = g_strdup (user->name);
  what = g_strdup_printf ("user “%s”", user->name);

  cert = load_pem (user->client_certificate, user->client_certificate_data, user->name,
                   "client certificate", error);
  if (cert == NULL && (user->client_certificate || user->client_certificate_data))
    return NULL;

  key = load_pem (user->client_key, user->client_key_data, user->name, "client key", error);
  if (key == NULL && (user->client_key || user->client_key_data))
    return NULL;

  if ((cert == NULL) != (key == NULL))
    {
      g_set_error (error, KUBE_ERROR, KUBE_ERROR_CONFIG,
                   "User “%s” has a client %s but no client %s", user->name,
                   cert ? "certificate" : "key", cert ? "key" : "certificate");
      return NULL;
    }

  if (cert != NULL)
    {
      self->static_certificate = certificate_from_pem (cert, key, what, error);
      if (self->static_certificate == NULL)
        return NULL;
    }

  if ((user->token || user->token_file) && (user->username || user->password))
    {
      g_set_error (error, KUBE_ERROR, KUBE_ERROR_CONFIG,
                   "User “%s” sets both a token and a username and password; "
                   "only one of them may be used", user->name);
      return NULL;
    }

  /* As with kubectl, a tokenFile takes over from a token written inline. */
  if (user->token_file != NULL)
    self->token_file = g_file_new_for_path (user->token_file);
  else if (user->token != NULL && user->token[0] != '\0')
    self->static_authorization = g_strdup_printf ("Bearer %s", user->token);
  else if (user->username != NULL)
    self->static_authorization = basic_authorization (user->username, user->password);

  if (user->exec != NULL)
    {
      if (user->exec->interactive_mode == KUBE_EXEC_INTERACTIVE_ALWAYS)
        {
          g_set_error (error, KUBE_ERROR, KUBE_ERROR_CONFIG,
                       "The credential plugin “%s” of user “%s” needs a terminal "
                       "(interactiveMode: Always), which Searchdeck cannot give it",
                       user->exec->command, user->name);
          return NULL;
        }

      self->exec = user->exec;
      self->exec_info = build_exec_info (user->exec, cluster);
    }

  return g_steal_pointer (&self);
}

gboolean
kube_auth_can_refresh (KubeAuth *self)
{
  g_return_val_if_fail (KUBE_IS_AUTH (self), FALSE);

  return self->token_file != NULL || self->exec != NULL;
}

void
kube_auth_invalidate (KubeAuth *self)
{
  g_return_if_fail (KUBE_IS_AUTH (self));

  g_clear_pointer (&self->file_stamp, g_free);
  clear_secret (&self->file_token);
  self->exec_valid = FALSE;
}

guint
kube_auth_get_exec_runs (KubeAuth *self)
{
  g_return_val_if_fail (KUBE_IS_AUTH (self), 0);

  return self->exec_runs;
}

/* Assembles what a request presents from the parts that are ready. */
static KubeCredentials *
assemble (KubeAuth *self)
{
  KubeCredentials *credentials = g_new0 (KubeCredentials, 1);

  if (self->exec != NULL && self->exec_authorization != NULL)
    credentials->authorization = g_strdup (self->exec_authorization);
  else if (self->token_file != NULL && self->file_token != NULL)
    credentials->authorization = g_strdup_printf ("Bearer %s", self->file_token);
  else
    credentials->authorization = g_strdup (self->static_authorization);

  if (self->exec_certificate != NULL)
    g_set_object (&credentials->certificate, self->exec_certificate);
  else
    g_set_object (&credentials->certificate, self->static_certificate);

  return credentials;
}

static gboolean
exec_credential_fresh (KubeAuth *self)
{
  g_autoptr(GDateTime) now = NULL;

  if (!self->exec_valid)
    return FALSE;

  if (self->exec_expiry == NULL)
    return TRUE;

  now = g_date_time_new_now_utc ();
  return g_date_time_compare (now, self->exec_expiry) < 0;
}

/* Step 1: the token file, if any. */
static void fetch_exec (GTask *task);

static void
token_file_loaded (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  KubeAuth *self = g_task_get_source_object (task);
  const char *stamp = g_task_get_task_data (task);
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      g_autofree char *path = g_file_get_path (G_FILE (object));

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, KUBE_ERROR, KUBE_ERROR_AUTH,
                                 "The token file %s of user “%s” could not be read: %s",
                                 path, self->user_name, error->message);
      return;
    }

  g_strstrip (contents);
  if (contents[0] == '\0' || strchr (contents, '\n') != NULL)
    {
      g_autofree char *path = g_file_get_path (G_FILE (object));

      explicit_bzero (contents, length);
      g_task_return_new_error (task, KUBE_ERROR, KUBE_ERROR_AUTH,
                               "The token file %s of user “%s” does not hold a token", path,
                               self->user_name);
      return;
    }

  clear_secret (&self->file_token);
  self->file_token = g_strdup (contents);
  explicit_bzero (contents, length);
  g_free (self->file_stamp);
  self->file_stamp = g_strdup (stamp);
  g_debug ("Read the token file of user “%s”", self->user_name);

  fetch_exec (g_steal_pointer (&task));
}

static void
token_file_queried (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  KubeAuth *self = g_task_get_source_object (task);
  GCancellable *cancellable;
  char *stamp;

  info = g_file_query_info_finish (G_FILE (object), result, &error);
  if (info == NULL)
    {
      g_autofree char *path = g_file_get_path (G_FILE (object));

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, KUBE_ERROR, KUBE_ERROR_AUTH,
                                 "The token file %s of user “%s” could not be read: %s",
                                 path, self->user_name, error->message);
      return;
    }

  stamp = g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT
                           ":%u",
                           (guint64) g_file_info_get_size (info),
                           g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_UNIX_INODE),
                           g_file_info_get_attribute_uint64 (info,
                                                             G_FILE_ATTRIBUTE_TIME_MODIFIED),
                           g_file_info_get_attribute_uint32 (info,
                                                             G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC));

  if (self->file_token != NULL && g_strcmp0 (stamp, self->file_stamp) == 0)
    {
      g_free (stamp);
      fetch_exec (g_steal_pointer (&task));
      return;
    }

  g_task_set_task_data (task, stamp, g_free);
  cancellable = g_task_get_cancellable (task);
  g_file_load_contents_async (G_FILE (object), cancellable, token_file_loaded,
                              g_steal_pointer (&task));
}

/* Step 2: the exec plugin, if any. */
static void run_plugin (KubeAuth *self);

static void
fetch_exec (GTask *task)
{
  KubeAuth *self = g_task_get_source_object (task);

  if (self->exec == NULL || exec_credential_fresh (self))
    {
      g_task_return_pointer (task, assemble (self), (GDestroyNotify) kube_credentials_free);
      g_object_unref (task);
      return;
    }

  if (self->exec_waiters == NULL)
    {
      self->exec_waiters = g_ptr_array_new ();
      g_ptr_array_add (self->exec_waiters, task);
      run_plugin (self);
    }
  else
    {
      g_ptr_array_add (self->exec_waiters, task);
    }
}

static void
finish_waiters (KubeAuth     *self,
                const GError *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->exec_waiters);

  for (guint i = 0; waiters != NULL && i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_pointer (task, assemble (self), (GDestroyNotify) kube_credentials_free);
      g_object_unref (task);
    }
}

static gboolean
read_exec_output (KubeAuth   *self,
                  GBytes     *output,
                  GError    **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) parse_error = NULL;
  JsonObject *object;
  JsonObject *status;
  const char *token;
  const char *cert;
  const char *key;
  const char *expiry;
  const char *command = self->exec->command;
  gsize length = 0;
  const char *data = output ? g_bytes_get_data (output, &length) : NULL;

  if (length > EXEC_OUTPUT_LIMIT)
    {
      g_set_error (error, KUBE_ERROR, KUBE_ERROR_AUTH,
                   "The credential plugin “%s” printed more than a credential", command);
      return FALSE;
    }

  root = data ? kube_json_parse (data, length, "", &parse_error) : NULL;
  object = kube_json_object (root);
  if (object == NULL
      || g_strcmp0 (kube_json_get_string (object, "kind"), "ExecCredential") != 0)
    {
      g_set_error (error, KUBE_ERROR, KUBE_ERROR_AUTH,
                   "The credential plugin “%s” did not print an ExecCredential", command);
      return FALSE;
    }

  if (g_strcmp0 (kube_json_get_string (object, "apiVersion"), self->exec->api_version) != 0)
    {
      g_set_error (error, KUBE_ERROR, KUBE_ERROR_AUTH,
                   "The credential plugin “%s” answered with apiVersion “%s”, "
                   "but the kubeconfig asks for “%s”", command,
                   kube_json_get_string (object, "apiVersion"), self->exec->api_version);
      return FALSE;
    }

  status = kube_json_get_object (object, "status");
  token = kube_json_get_string (status, "token");
  cert = kube_json_get_string (status, "clientCertificateData");
  key = kube_json_get_string (status, "clientKeyData");
  expiry = kube_json_get_string (status, "expirationTimestamp");

  if ((token == NULL || token[0] == '\0') && (cert == NULL || key == NULL))
    {
      g_set_error (error, KUBE_ERROR, KUBE_ERROR_AUTH,
                   "The credential plugin “%s” gave neither a token nor a client certificate "
                   "and key", command);
      return FALSE;
    }

  clear_secret (&self->exec_authorization);
  g_clear_object (&self->exec_certificate);
  g_clear_pointer (&self->exec_expiry, g_date_time_unref);

  if (cert != NULL && key != NULL)
    {
      g_autoptr(GBytes) cert_bytes = g_bytes_new_static (cert, strlen (cert));
      g_autoptr(GBytes) key_bytes = g_bytes_new_static (key, strlen (key));
      g_autofree char *what = g_strdup_printf ("the credential plugin “%s”", command);

      self->exec_certificate = certificate_from_pem (cert_bytes, key_bytes, what, error);
      if (self->exec_certificate == NULL)
        {
          if (error != NULL && *error != NULL)
            (*error)->code = KUBE_ERROR_AUTH;
          return FALSE;
        }
    }

  if (token != NULL && token[0] != '\0')
    self->exec_authorization = g_strdup_printf ("Bearer %s", token);

  if (expiry != NULL)
    {
      self->exec_expiry = g_date_time_new_from_iso8601 (expiry, NULL);
      if (self->exec_expiry == NULL)
        {
          g_set_error (error, KUBE_ERROR, KUBE_ERROR_AUTH,
                       "The credential plugin “%s” gave an unreadable "
                       "expirationTimestamp “%s”", command, expiry);
          return FALSE;
        }
    }

  self->exec_valid = TRUE;
  return TRUE;
}

/* The last non-empty line the plugin wrote on stderr, shortened: often the only hint. */
static char *
last_stderr_line (GBytes *bytes)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gsize length = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &length) : NULL;

  if (data == NULL || length == 0)
    return NULL;

  text = g_utf8_make_valid (data, (gssize) MIN (length, 64 * 1024));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = g_strv_length (lines); i > 0; i--)
    {
      g_strstrip (lines[i - 1]);
      if (lines[i - 1][0] != '\0')
        {
          if (g_utf8_strlen (lines[i - 1], -1) > 300)
            *g_utf8_offset_to_pointer (lines[i - 1], 300) = '\0';
          return g_strdup (lines[i - 1]);
        }
    }

  return NULL;
}

static void
plugin_communicated (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(KubeAuth) self = user_data;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *subprocess = G_SUBPROCESS (object);
  const char *command = self->exec->command;

  if (!g_subprocess_communicate_finish (subprocess, result, &out, &err, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autoptr(GError) wrapped = NULL;

          wrapped = g_error_new (KUBE_ERROR, KUBE_ERROR_AUTH,
                                 "The credential plugin “%s” could not be read: %s", command,
                                 error->message);
          g_clear_error (&error);
          error = g_steal_pointer (&wrapped);
        }
    }
  else if (!g_subprocess_get_if_exited (subprocess)
           || g_subprocess_get_exit_status (subprocess) != 0)
    {
      g_autofree char *line = last_stderr_line (err);
      g_autofree char *how = NULL;

      if (g_subprocess_get_if_exited (subprocess))
        how = g_strdup_printf ("exit status %d", g_subprocess_get_exit_status (subprocess));
      else
        how = g_strdup ("killed by a signal");

      error = g_error_new (KUBE_ERROR, KUBE_ERROR_AUTH,
                           "The credential plugin “%s” failed (%s)%s%s", command, how,
                           line ? ": " : "", line ? line : "");
    }
  else
    {
      read_exec_output (self, out, &error);
    }

  if (out != NULL)
    {
      gsize length = 0;
      gpointer data = (gpointer) g_bytes_get_data (out, &length);

      /* The output held the credential; the bytes are ours alone at this point. */
      if (data != NULL && length > 0)
        explicit_bzero (data, length);
    }

  g_debug ("Credential plugin “%s” of user “%s” finished: %s", command, self->user_name,
           error ? error->message : "credential received");
  finish_waiters (self, error);
}

static gboolean
in_flatpak (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

char **
kube_exec_plugin_argv (const KubeExecConfig   *exec,
                       const char             *exec_info,
                       gboolean                on_host,
                       char                 ***envp)
{
  GPtrArray *argv = g_ptr_array_new ();

  g_return_val_if_fail (exec != NULL, NULL);
  g_return_val_if_fail (exec_info != NULL, NULL);

  if (on_host)
    {
      /* The plugin lives on the host; only the variables named here cross over. */
      g_ptr_array_add (argv, g_strdup ("flatpak-spawn"));
      g_ptr_array_add (argv, g_strdup ("--host"));
      for (guint i = 0; exec->env[i] != NULL; i++)
        g_ptr_array_add (argv, g_strdup_printf ("--env=%s", exec->env[i]));
      g_ptr_array_add (argv, g_strdup_printf ("--env=KUBERNETES_EXEC_INFO=%s", exec_info));
    }
  else if (envp != NULL)
    {
      for (guint i = 0; exec->env[i] != NULL; i++)
        {
          const char *equals = strchr (exec->env[i], '=');
          g_autofree char *name = NULL;

          if (equals == NULL || equals == exec->env[i])
            continue;

          name = g_strndup (exec->env[i], (gsize) (equals - exec->env[i]));
          *envp = g_environ_setenv (*envp, name, equals + 1, TRUE);
        }
      *envp = g_environ_setenv (*envp, "KUBERNETES_EXEC_INFO", exec_info, TRUE);
    }

  g_ptr_array_add (argv, g_strdup (exec->command));
  for (guint i = 0; exec->args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (exec->args[i]));
  g_ptr_array_add (argv, NULL);

  return (char **) g_ptr_array_free (argv, FALSE);
}

static void
run_plugin (KubeAuth *self)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  g_auto(GStrv) argv = NULL;
  KubeExecConfig *exec = self->exec;
  gboolean flatpak = in_flatpak ();

  self->exec_runs++;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  argv = kube_exec_plugin_argv (exec, self->exec_info, flatpak, &envp);
  if (!flatpak)
    g_subprocess_launcher_set_environ (launcher, envp);

  g_debug ("Running the credential plugin “%s” of user “%s”%s", exec->command,
           self->user_name, flatpak ? " on the host" : "");

  subprocess = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &error);
  if (subprocess == NULL)
    {
      g_autoptr(GError) wrapped = NULL;

      wrapped = g_error_new (KUBE_ERROR, KUBE_ERROR_AUTH,
                             "The credential plugin “%s” of user “%s” could not be "
                             "started: %s%s%s", exec->command, self->user_name, error->message,
                             exec->install_hint ? "\n" : "",
                             exec->install_hint ? exec->install_hint : "");
      finish_waiters (self, wrapped);
      return;
    }

  /* No input: closing stdin tells an interactive-minded plugin there is nobody there. */
  {
    g_autoptr(GBytes) no_input = g_bytes_new_static ("", 0);

    /* GSubprocess wants a buffer, even an empty one, for a piped stdin. */
    g_subprocess_communicate_async (subprocess, no_input, self->cancellable,
                                    plugin_communicated, g_object_ref (self));
  }
}

void
kube_auth_get_credentials_async (KubeAuth            *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KUBE_IS_AUTH (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kube_auth_get_credentials_async);

  if (self->token_file != NULL)
    {
      g_file_query_info_async (self->token_file,
                               G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                               G_FILE_ATTRIBUTE_UNIX_INODE ","
                               G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                               G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                               G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, cancellable,
                               token_file_queried, g_steal_pointer (&task));
      return;
    }

  fetch_exec (g_steal_pointer (&task));
}

KubeCredentials *
kube_auth_get_credentials_finish (KubeAuth      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
