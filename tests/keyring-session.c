/* keyring-session.c: a real, unlocked Secret Service for one test program
 *
 * The tests use the keyring the way a desktop has it, never a mock: the
 * daemon gets a password on its standard input to create and unlock a
 * login keyring in a temporary XDG_DATA_HOME, so nothing of the user's own
 * keyring is touched and nothing prompts.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "keyring-session.h"

struct _KeyringSession
{
  GSubprocess *daemon;
  char        *home;
};

static gboolean
name_has_owner (GDBusConnection *bus,
                const char      *name)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);

  return has_owner;
}

KeyringSession *
keyring_session_start (char **why)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GOutputStream) input = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *daemon_path = g_find_program_in_path ("gnome-keyring-daemon");
  g_autofree char *data_home = NULL;
  KeyringSession *session;
  gint64 deadline;

  if (daemon_path == NULL)
    {
      *why = g_strdup ("gnome-keyring-daemon is not installed (build-aux/dev installs it)");
      return NULL;
    }

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    {
      *why = g_strdup_printf ("no session bus (%s): run the tests with build-aux/dev test",
                              error->message);
      return NULL;
    }

  session = g_new0 (KeyringSession, 1);
  session->home = g_dir_make_tmp ("searchdeck-keyring-XXXXXX", NULL);
  data_home = g_build_filename (session->home, "data", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                        | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "HOME", session->home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", session->home, TRUE);
  session->daemon = g_subprocess_launcher_spawn (launcher, &error, daemon_path,
                                                 "--foreground", "--replace",
                                                 "--components=secrets", "--unlock", NULL);
  if (session->daemon == NULL)
    {
      *why = g_strdup_printf ("gnome-keyring-daemon did not start: %s", error->message);
      keyring_session_stop (session);
      return NULL;
    }

  /* The password of the new login keyring, then end of input: the daemon
   * creates the keyring with it and unlocks it. */
  input = g_object_ref (g_subprocess_get_stdin_pipe (session->daemon));
  g_output_stream_write_all (input, "searchdeck-test", strlen ("searchdeck-test"),
                             NULL, NULL, NULL);
  g_output_stream_close (input, NULL, NULL);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!name_has_owner (bus, "org.freedesktop.secrets"))
    {
      if (g_get_monotonic_time () > deadline)
        {
          *why = g_strdup ("gnome-keyring-daemon did not take org.freedesktop.secrets");
          keyring_session_stop (session);
          return NULL;
        }
      g_usleep (20000);
    }

  return session;
}

void
keyring_session_stop (KeyringSession *session)
{
  if (session == NULL)
    return;

  if (session->daemon != NULL)
    {
      g_subprocess_force_exit (session->daemon);
      g_subprocess_wait (session->daemon, NULL, NULL);
      g_clear_object (&session->daemon);
    }

  if (session->home != NULL)
    {
      g_autofree char *command = g_strdup_printf ("rm -rf '%s'", session->home);

      g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
      g_free (session->home);
    }

  g_free (session);
}
