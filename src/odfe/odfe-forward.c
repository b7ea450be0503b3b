/* odfe-forward.c: a client of a search cluster reached through a port-forward to its pods
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application reaches a cluster that has no address of its own the way kubectl
 * port-forward would: a loopback listener whose connections go to port 9200 of a Ready pod.
 * The TLS check then cannot use the URL's host (127.0.0.1), so it asks for the name the node
 * certificate carries for the REST Service instead.
 */

#include "config.h"

#include "odfe-forward.h"

OdfeClient *
odfe_client_new_forwarded (KubeClient       *kube,
                           const char       *namespace,
                           const char       *label_selector,
                           GBytes           *ca_pem,
                           KubePortForward **forward,
                           GError          **error)
{
  g_autoptr(KubePortForward) started = NULL;
  g_autoptr(OdfeClient) odfe = NULL;
  g_autofree char *server_name = NULL;
  g_autofree char *url = NULL;

  g_return_val_if_fail (KUBE_IS_CLIENT (kube), NULL);
  g_return_val_if_fail (namespace != NULL, NULL);
  g_return_val_if_fail (label_selector != NULL, NULL);
  g_return_val_if_fail (ca_pem != NULL, NULL);
  g_return_val_if_fail (forward != NULL && *forward == NULL, NULL);

  started = kube_port_forward_new (kube, namespace, label_selector, NULL, ODFE_REST_PORT);
  kube_port_forward_set_idle_timeout (started, 0);
  if (!kube_port_forward_start (started, error))
    return NULL;

  url = g_strdup_printf ("https://127.0.0.1:%u", kube_port_forward_get_local_port (started));
  server_name = odfe_service_server_name (namespace);
  odfe = odfe_client_new (url, ca_pem, server_name, error);
  if (odfe == NULL)
    {
      kube_port_forward_close (started);
      return NULL;
    }

  *forward = g_steal_pointer (&started);
  return g_steal_pointer (&odfe);
}
