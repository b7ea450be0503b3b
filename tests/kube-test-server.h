/* kube-test-server.h: an in-process HTTPS Kubernetes API for the client's tests
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Certificates are made with GnuTLS for each test run: a cluster CA, a server certificate for
 * localhost and 127.0.0.1, an expired one, one from another CA, and a client certificate.
 * The server is a SoupServer on 127.0.0.1, port 0, running on the test's main context; it
 * keeps objects in memory and answers as the API server does (Status objects, resource
 * versions, limit/continue, merge and JSON patches, delete preconditions, chunked watches).
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "kube-config.h"

G_BEGIN_DECLS

typedef struct
{
  char *cert_pem;
  char *key_pem;
} KubeTestKeyPair;

typedef struct
{
  KubeTestKeyPair ca;
  KubeTestKeyPair server;          /* CA-signed, localhost and 127.0.0.1 */
  KubeTestKeyPair expired;         /* CA-signed, expired yesterday */
  KubeTestKeyPair other_ca;
  KubeTestKeyPair other_server;    /* signed by other_ca */
  KubeTestKeyPair client;          /* CA-signed client certificate, CN=alice */
} KubeTestPki;

KubeTestPki *kube_test_pki_get (void);   /* made once per process */

typedef struct _KubeTestServer KubeTestServer;

typedef struct
{
  char          *method;
  char          *path;             /* path and query */
  char          *authorization;
  char          *content_type;
  char          *body;
  char          *client_cn;        /* CN of the client certificate, or NULL */
} KubeTestRequest;

KubeTestServer *kube_test_server_new           (const KubeTestKeyPair *identity,
                                                gboolean               request_client_cert);
void            kube_test_server_free          (KubeTestServer        *server);
const char     *kube_test_server_get_url       (KubeTestServer        *server);

/* Accepted credentials; none set means anyone. */
void            kube_test_server_set_token     (KubeTestServer        *server,
                                                const char            *token);
void            kube_test_server_set_basic     (KubeTestServer        *server,
                                                const char            *user,
                                                const char            *password);
void            kube_test_server_set_client_cn (KubeTestServer        *server,
                                                const char            *cn);

/* The next request answers @status with a Status of @reason (and Retry-After when
 * @retry_after > 0) instead of being served. */
void            kube_test_server_fail_next     (KubeTestServer        *server,
                                                guint                  status,
                                                const char            *reason,
                                                guint                  retry_after);

/* Requests seen so far, oldest first (KubeTestRequest). */
GPtrArray      *kube_test_server_get_requests  (KubeTestServer        *server);

/* Puts an object directly (as another client would), notifying watchers; returns its RV. */
char           *kube_test_server_put           (KubeTestServer        *server,
                                                const char            *collection,
                                                const char            *json);
void            kube_test_server_remove        (KubeTestServer        *server,
                                                const char            *collection,
                                                const char            *namespace,
                                                const char            *name);
/* Closes every open watch (as a restarting API server would). */
void            kube_test_server_drop_watches  (KubeTestServer        *server);
/* Makes every resource version up to the current one too old (410 on watch). */
void            kube_test_server_expire        (KubeTestServer        *server);
guint           kube_test_server_count_watches (KubeTestServer        *server);
/* A BOOKMARK event to every watcher that asked for bookmarks. */
void            kube_test_server_bookmark      (KubeTestServer        *server);
/* Objects of @collection (a list path such as "/api/v1/pods"), as a JSON array string. */
guint           kube_test_server_count         (KubeTestServer        *server,
                                                const char            *collection);

/* Main-loop helpers shared by the client's tests. */

/* A GAsyncReadyCallback that stores a reference to the result in the GAsyncResult * that
 * @user_data points to. */
void            kube_test_store_result         (GObject               *object,
                                                GAsyncResult          *result,
                                                gpointer               user_data);
/* Iterates the main context until *@slot is set, and returns it. */
GAsyncResult   *kube_test_wait_result          (GAsyncResult         **slot);
/* Iterates until @object holds no reference but the caller's (cancelled requests release
 * their client only when their callbacks have run), for ten seconds at most. */
void            kube_test_settle               (GObject               *object);
void            kube_test_remove_tree          (const char            *path);
gboolean        kube_test_timed_out            (gpointer               what);

/* Iterates until @cond holds; aborts the test after 30 seconds. */
#define KUBE_TEST_WAIT_FOR(cond) \
  G_STMT_START { \
    guint kube_test_timeout_id_ = g_timeout_add_seconds (30, kube_test_timed_out, \
                                                         (gpointer) #cond); \
    while (!(cond)) \
      g_main_context_iteration (NULL, TRUE); \
    g_source_remove (kube_test_timeout_id_); \
  } G_STMT_END

/* A kubeconfig for @server written to @dir, and loaded: @user_yaml is the body of the user
 * entry (indented by 4 spaces), @cluster_extra extra lines of the cluster entry. */
KubeConfig     *kube_test_write_config         (const char            *dir,
                                                const char            *server_url,
                                                const char            *ca_pem,
                                                const char            *cluster_extra,
                                                const char            *user_yaml);

G_END_DECLS
