/* sandbox-session.c: a running searchdeck-sandbox with the demo cluster, for tests
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The set-up the sandbox-backed tests share: start the built sandbox program (through
 * sandbox-process), load the kubeconfig it prints, and reach the demo cluster as the
 * application does (CA from the elasticsearch-tls Secret, the demo admin password from
 * beside the kubeconfig, a port-forward to a Ready pod, the Service's name in the TLS check).
 */

#include "config.h"

#include <string.h>

#include "odfe-forward.h"
#include "sandbox-session.h"
#include "sandbox-process.h"

#define DEMO_SELECTOR "app.kubernetes.io/instance=demo"

void
sandbox_session_store_result (GObject      *source,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

GAsyncResult *
sandbox_session_wait_result (GAsyncResult **result,
                             guint          seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  while (*result == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("no result after %u seconds", seconds);
      g_main_context_iteration (NULL, FALSE);
      if (*result == NULL)
        g_usleep (1000);
    }

  return *result;
}

void
sandbox_session_sleep (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

SandboxSession *
sandbox_session_start (const char         *prefix,
                       const char * const *extra_args)
{
  return sandbox_session_start_with_flags (prefix, extra_args, SANDBOX_SESSION_DEFAULT);
}

SandboxSession *
sandbox_session_start_with_flags (const char          *prefix,
                                  const char * const  *extra_args,
                                  SandboxSessionFlags  flags)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[2] = { NULL, NULL };
  SandboxSession *session;

  if (g_getenv ("SANDBOX_PATH") == NULL)
    return NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  /* Workaround: when a simulated node drops a connection while the port-forward still has a
   * write pending, sandbox-streams.c closes that WebSocket a second time, a critical that
   * fatal-warnings turns into a crash of the sandbox.  Tests that make nodes drop
   * connections ask for SANDBOX_SESSION_LENIENT; remove it once the sandbox closes once. */
  if (flags & SANDBOX_SESSION_LENIENT)
    g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");

  session = g_new0 (SandboxSession, 1);
  session->sandbox = sandbox_process_start (prefix, launcher, extra_args);

  paths[0] = session->sandbox->kubeconfig;
  session->config = kube_config_load (paths, &error);
  g_assert_no_error (error);
  session->connection = kube_connection_new (session->config, NULL, &error);
  g_assert_no_error (error);
  session->kube = kube_client_new (session->connection);

  return session;
}

guint
sandbox_session_count_ready (SandboxSession *session)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(KubeList) list = NULL;
  g_autoptr(GError) error = NULL;
  KubeListOptions options = { .label_selector = DEMO_SELECTOR };
  guint ready = 0;

  kube_client_list_async (session->kube, kube_resource_type_get (KUBE_RESOURCE_PODS), "demo",
                          &options, NULL, sandbox_session_store_result, &result);
  list = kube_client_list_finish (session->kube, sandbox_session_wait_result (&result, 30),
                                  &error);
  g_assert_no_error (error);
  for (guint i = 0; i < list->items->len; i++)
    ready += kube_pod_is_ready (list->items->pdata[i]);

  return ready;
}

void
sandbox_session_wait_ready (SandboxSession *session,
                            guint           count,
                            guint           seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  while (sandbox_session_count_ready (session) < count)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      sandbox_session_sleep (100);
    }
}

JsonNode *
sandbox_session_get_pod (SandboxSession *session,
                         const char     *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  kube_client_get_async (session->kube, kube_resource_type_get (KUBE_RESOURCE_PODS), "demo",
                         name, NULL, sandbox_session_store_result, &result);
  return kube_client_get_finish (session->kube, sandbox_session_wait_result (&result, 30),
                                 &error);
}

void
sandbox_session_open_odfe (SandboxSession *session)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password_path = NULL;

  odfe_read_cluster_ca_async (session->kube, "demo", NULL, sandbox_session_store_result,
                              &result);
  session->ca = odfe_read_cluster_ca_finish (sandbox_session_wait_result (&result, 30),
                                             &error);
  g_assert_no_error (error);

  password_path = g_build_filename (session->sandbox->state_dir, "demo-admin-password",
                                    NULL);
  g_file_get_contents (password_path, &session->password, NULL, &error);
  g_assert_no_error (error);
  g_strchomp (session->password);

  session->odfe = odfe_client_new_forwarded (session->kube, "demo", DEMO_SELECTOR, session->ca,
                                             &session->forward, &error);
  g_assert_no_error (error);
  odfe_client_set_credentials (session->odfe, "admin", session->password);
}

void
sandbox_session_stop (SandboxSession *session)
{
  if (session->odfe != NULL)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_assert_finalize_object (session->odfe);
    }
  if (session->forward != NULL)
    {
      /* Let the connections the client dropped close before the listener does. */
      for (guint i = 0; i < 5000 && kube_port_forward_get_n_connections (session->forward) > 0;
           i++)
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (1000);
        }
      kube_port_forward_close (session->forward);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_assert_finalize_object (session->forward);
    }
  g_clear_pointer (&session->ca, g_bytes_unref);
  if (session->password != NULL)
    explicit_bzero (session->password, strlen (session->password));
  g_free (session->password);

  g_assert_finalize_object (session->kube);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (session->connection);
  g_assert_finalize_object (session->config);

  sandbox_process_stop (session->sandbox);
  g_free (session);
}
