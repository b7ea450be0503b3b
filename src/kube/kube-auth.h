/* kube-auth.h: the credentials of a kubeconfig user, obtained and kept fresh
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kube-config.h"

G_BEGIN_DECLS

/* What one request presents: an Authorization header value and/or a client certificate. */
typedef struct
{
  char            *authorization;   /* "Bearer …", "Basic …", or NULL */
  GTlsCertificate *certificate;     /* or NULL */
} KubeCredentials;

GType            kube_credentials_get_type (void) G_GNUC_CONST;
KubeCredentials *kube_credentials_copy     (const KubeCredentials *credentials);
void             kube_credentials_free     (KubeCredentials       *credentials);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KubeCredentials, kube_credentials_free)

#define KUBE_TYPE_AUTH (kube_auth_get_type ())

G_DECLARE_FINAL_TYPE (KubeAuth, kube_auth, KUBE, AUTH, GObject)

/* Prepares the credentials of @user for talking to @cluster (which an exec plugin may be
 * told about).  Client certificate and key files are read here; a user entry that asks for
 * something unsupported, or a certificate that cannot be loaded, is a KUBE_ERROR_CONFIG
 * naming the field. */
KubeAuth        *kube_auth_new                     (KubeUser             *user,
                                                    KubeCluster          *cluster,
                                                    GError              **error);

/* Fresh credentials: a token file is re-read when it changed on disk; an exec plugin runs
 * (once, however many requests wait) when it has not yet run or its credential expired. */
void             kube_auth_get_credentials_async   (KubeAuth             *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
KubeCredentials *kube_auth_get_credentials_finish  (KubeAuth             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* TRUE when forgetting the credentials may give different ones (token file, exec plugin):
 * worth a second try after a 401. */
gboolean         kube_auth_can_refresh             (KubeAuth             *self);

/* Forgets cached credentials, as after a 401. */
void             kube_auth_invalidate              (KubeAuth             *self);

/* The command line that runs the plugin @exec.  With @on_host (inside Flatpak), it is
 * `flatpak-spawn --host`, with the plugin's variables and KUBERNETES_EXEC_INFO (@exec_info)
 * passed as --env options; otherwise the plugin itself, and those variables are set in
 * *@envp. */
char           **kube_exec_plugin_argv             (const KubeExecConfig *exec,
                                                    const char           *exec_info,
                                                    gboolean              on_host,
                                                    char               ***envp);

/* How many times the exec plugin has been started (for tests and diagnostics). */
guint            kube_auth_get_exec_runs           (KubeAuth             *self);

G_END_DECLS
