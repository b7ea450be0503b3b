/* main.c: searchdeck-sandbox, a simulated Kubernetes API server on loopback
 *
 * Starts the server, prints "READY <url> <kubeconfig>" on stdout once it
 * listens, and runs until SIGTERM or SIGINT, or until its stdin reaches EOF
 * with --exit-on-stdin-eof (so that a parent that dies never leaves a
 * sandbox behind).
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>

#include "sandbox-odfe.h"
#include "sandbox-server.h"

static gboolean
on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_stdin (gint         fd,
          GIOCondition condition,
          gpointer     user_data)
{
  char buffer[256];
  gssize size = read (fd, buffer, sizeof buffer);

  if (size > 0)
    return G_SOURCE_CONTINUE;

  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(SandboxServer) server = NULL;
  g_autoptr(SandboxOdfe) odfe = NULL;
  g_autoptr(SandboxFaults) faults = sandbox_faults_new ();
  g_autofree char *state_dir = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *client_cert_user = NULL;
  g_auto(GStrv) fault_options = NULL;
  gint port = 0;
  gint ready_delay = 2000;
  gint delete_delay = 1000;
  gint log_interval = 1000;
  gint bookmark_interval = 5000;
  gboolean exit_on_stdin_eof = FALSE;
  SandboxServerOptions options = { 0 };
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1 (default: any free port)",
      "N" },
    { "state-dir", 0, 0, G_OPTION_ARG_FILENAME, &state_dir,
      "Where to write the kubeconfig and certificates (default: a temporary directory)",
      "DIR" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed, "Start with a seeded cluster (\"demo\")",
      "NAME" },
    { "ready-delay", 0, 0, G_OPTION_ARG_INT, &ready_delay,
      "Milliseconds from a pod's creation to Ready (default 2000)", "MS" },
    { "delete-delay", 0, 0, G_OPTION_ARG_INT, &delete_delay,
      "Milliseconds a deleted pod stays Terminating (default 1000)", "MS" },
    { "log-interval", 0, 0, G_OPTION_ARG_INT, &log_interval,
      "Milliseconds between lines of a followed log (default 1000)", "MS" },
    { "bookmark-interval", 0, 0, G_OPTION_ARG_INT, &bookmark_interval,
      "Milliseconds between BOOKMARK events of watches that allow them (default 5000)", "MS" },
    { "fault", 0, 0, G_OPTION_ARG_STRING_ARRAY, &fault_options,
      "A fault switch, e.g. errorRate=0.1, errorCode=429, dropWatchEvery=5, latencyMs=50",
      "NAME=VALUE" },
    { "client-cert-user", 0, 0, G_OPTION_ARG_STRING, &client_cert_user,
      "Also write client.crt and client.key for this user name", "NAME" },
    { "exit-on-stdin-eof", 0, 0, G_OPTION_ARG_NONE, &exit_on_stdin_eof,
      "Exit when standard input reaches end of file", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("- a simulated Kubernetes API server on loopback");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("searchdeck-sandbox: %s\n", error->message);
      return 2;
    }

  if (seed != NULL && !g_str_equal (seed, "demo"))
    {
      g_printerr ("searchdeck-sandbox: unknown seed \"%s\" (the only one is \"demo\")\n", seed);
      return 2;
    }

  if (port < 0 || port > 65535 || ready_delay < 0 || delete_delay < 0 || log_interval <= 0
      || bookmark_interval <= 0)
    {
      g_printerr ("searchdeck-sandbox: invalid port or delay\n");
      return 2;
    }

  for (guint i = 0; fault_options != NULL && fault_options[i] != NULL; i++)
    {
      if (!sandbox_faults_parse_option (faults, fault_options[i], &error))
        {
          g_printerr ("searchdeck-sandbox: %s\n", error->message);
          return 2;
        }
    }

  options.port = port;
  options.state_dir = state_dir;
  options.seed_demo = seed != NULL;
  options.ready_delay_ms = ready_delay;
  options.delete_delay_ms = delete_delay;
  options.log_interval_ms = log_interval;
  options.bookmark_interval_ms = bookmark_interval;
  options.client_cert_user = client_cert_user;

  server = sandbox_server_new (&options, faults, &error);
  if (server == NULL)
    {
      g_printerr ("searchdeck-sandbox: %s\n", error->message);
      return 1;
    }

  /* The search clusters behind port-forward; freed after the server, which calls them. */
  odfe = sandbox_odfe_new (sandbox_server_get_store (server));
  sandbox_odfe_attach (odfe, server);

  if (faults->expire_all)
    {
      sandbox_store_expire_history (sandbox_server_get_store (server));
      faults->expire_all = FALSE;
    }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_signal, loop);
  g_unix_signal_add (SIGINT, on_signal, loop);
  if (exit_on_stdin_eof)
    g_unix_fd_add (0, G_IO_IN | G_IO_HUP | G_IO_ERR, on_stdin, loop);

  printf ("READY %s %s\n", sandbox_server_get_url (server),
          sandbox_server_get_kubeconfig_path (server));
  fflush (stdout);

  g_main_loop_run (loop);

  g_clear_object (&server);
  return 0;
}
