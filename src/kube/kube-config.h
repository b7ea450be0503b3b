/* kube-config.h: the user's kubeconfig, read and merged as kubectl does
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KUBE_CONFIG_ERROR (kube_config_error_quark ())

/**
 * KubeConfigError:
 * @KUBE_CONFIG_ERROR_NOT_FOUND: none of the kubeconfig files exists
 * @KUBE_CONFIG_ERROR_SYNTAX: a file is not well-formed YAML
 * @KUBE_CONFIG_ERROR_INVALID: a file is YAML but not a valid kubeconfig
 *   (a wrong type, a missing name, bad base64, …)
 *
 * Every error message names the file and, where there is one, the line and
 * column, as `path:line:column: what is wrong`.
 */
typedef enum
{
  KUBE_CONFIG_ERROR_NOT_FOUND,
  KUBE_CONFIG_ERROR_SYNTAX,
  KUBE_CONFIG_ERROR_INVALID,
} KubeConfigError;

typedef enum
{
  KUBE_EXEC_INTERACTIVE_NEVER,
  KUBE_EXEC_INTERACTIVE_IF_AVAILABLE,
  KUBE_EXEC_INTERACTIVE_ALWAYS,
} KubeExecInteractiveMode;

/* An `exec` credential plugin, as a user entry declares it. */
typedef struct
{
  char                    *api_version;   /* client.authentication.k8s.io/v1 or v1beta1 */
  char                    *command;
  char                   **args;          /* NULL-terminated, never NULL */
  char                   **env;           /* "NAME=value" pairs, NULL-terminated, never NULL */
  KubeExecInteractiveMode  interactive_mode;
  gboolean                 provide_cluster_info;
  char                    *install_hint;  /* or NULL */
} KubeExecConfig;

/* A `clusters` entry.  File paths are absolute: relative ones are resolved
 * against the directory of the file that named them, as kubectl does. */
typedef struct
{
  char     *name;
  char     *source;                       /* the file this entry came from */
  char     *server;
  char     *certificate_authority;        /* a path, or NULL */
  GBytes   *certificate_authority_data;   /* decoded PEM, or NULL */
  char     *tls_server_name;
  gboolean  insecure_skip_tls_verify;
  char     *proxy_url;
} KubeCluster;

/* A `users` entry. */
typedef struct
{
  char           *name;
  char           *source;
  char           *client_certificate;      /* a path, or NULL */
  GBytes         *client_certificate_data; /* decoded PEM, or NULL */
  char           *client_key;
  GBytes         *client_key_data;
  char           *token;
  char           *token_file;
  char           *username;
  char           *password;
  KubeExecConfig *exec;                    /* or NULL */
  /* Something this entry asks for that Searchdeck cannot honour (an
   * `auth-provider`, impersonation), as a sentence naming the field, or NULL.
   * It only matters when a context uses this user. */
  char           *unsupported;
} KubeUser;

/* A `contexts` entry. */
typedef struct
{
  char *name;
  char *source;
  char *cluster;
  char *user;
  char *namespace;                         /* or NULL: "default" */
} KubeContext;

GQuark        kube_config_error_quark (void);

GType         kube_cluster_get_type   (void) G_GNUC_CONST;
KubeCluster  *kube_cluster_ref        (KubeCluster *cluster);
void          kube_cluster_unref      (KubeCluster *cluster);

GType         kube_user_get_type      (void) G_GNUC_CONST;
KubeUser     *kube_user_ref           (KubeUser *user);
void          kube_user_unref         (KubeUser *user);

GType         kube_context_get_type   (void) G_GNUC_CONST;
KubeContext  *kube_context_ref        (KubeContext *context);
void          kube_context_unref      (KubeContext *context);

#define KUBE_TYPE_CONFIG (kube_config_get_type ())

G_DECLARE_FINAL_TYPE (KubeConfig, kube_config, KUBE, CONFIG, GObject)

/* The files kubectl would read: the non-empty entries of $KUBECONFIG, split on
 * ':' with duplicates dropped, or else ~/.kube/config. */
char        **kube_config_default_paths       (void);

/* Reads and merges @paths in order.  The first file to set a value wins, as
 * with kubectl: for a named cluster, user or context, for current-context.
 * Files that do not exist are skipped; if none exists the error is
 * KUBE_CONFIG_ERROR_NOT_FOUND.  Any file that exists but cannot be read or
 * parsed is an error for the whole load. */
KubeConfig   *kube_config_load                (const char * const *paths,
                                               GError            **error);
KubeConfig   *kube_config_load_default        (GError            **error);

/* Reads one kubeconfig held in memory.  @origin stands for its file: it names
 * it in error messages and relative paths are resolved against its directory.
 * Like a file, empty @data is a valid empty config. */
KubeConfig   *kube_config_load_from_data      (const char         *data,
                                               gsize               len,
                                               const char         *origin,
                                               GError            **error);

/* The files that existed and were read, in merge order. */
const char * const *kube_config_get_sources   (KubeConfig *self);
const char   *kube_config_get_current_context (KubeConfig *self);

/* Contexts in the order they were first seen; the array is owned by @self. */
GPtrArray    *kube_config_get_contexts        (KubeConfig *self);
KubeContext  *kube_config_lookup_context      (KubeConfig *self,
                                               const char *name);
KubeCluster  *kube_config_lookup_cluster      (KubeConfig *self,
                                               const char *name);
KubeUser     *kube_config_lookup_user         (KubeConfig *self,
                                               const char *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KubeCluster, kube_cluster_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KubeUser, kube_user_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KubeContext, kube_context_unref)

G_END_DECLS
