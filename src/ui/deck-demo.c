/* deck-demo.c: the demo mode's private Kubernetes, a searchdeck-sandbox child
 *
 * `searchdeck --demo` and the "Try the Demo" button start the sandbox (a
 * simulated Kubernetes API on 127.0.0.1) seeded with one healthy Open Distro
 * cluster, and point the window at the kubeconfig it writes.  The sandbox
 * says it is ready with one line on its standard output:
 *
 *     READY https://127.0.0.1:<port> <state dir>/kubeconfig
 *
 * Its standard input is a pipe that stays open as long as Searchdeck runs;
 * with --exit-on-stdin-eof the sandbox ends when that pipe closes, so that a
 * crashed Searchdeck never leaves it behind.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "deck-credentials.h"
#include "deck-demo.h"

/* A cold start generates certificates and a bcrypt hash: allow for a slow
 * machine. */
#define START_TIMEOUT_SECONDS 60

struct _DeckDemo
{
  GObject           parent_instance;

  GSubprocess      *process;
  GDataInputStream *output;
  char             *state_dir;
  char             *kubeconfig;
  GCancellable     *cancellable;
};

G_DEFINE_FINAL_TYPE (DeckDemo, deck_demo, G_TYPE_OBJECT)

char *
deck_demo_find_sandbox (void)
{
  const char *from_env = g_getenv ("SEARCHDECK_SANDBOX");
  g_autofree char *self_path = NULL;

  if (from_env != NULL && from_env[0] != '\0')
    return g_strdup (from_env);

  /* In a build tree, src/searchdeck sits beside src/sandbox/. */
  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self_path);
      g_autofree char *beside = g_build_filename (dir, "sandbox", "searchdeck-sandbox", NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }

  return g_build_filename (BINDIR, "searchdeck-sandbox", NULL);
}

/* The start's deadline, a source that holds the task until it is removed. */
static void
clear_timeout (GTask *task)
{
  GSource *timeout = g_task_get_task_data (task);

  if (timeout != NULL)
    g_source_destroy (timeout);
}

static gboolean
start_timed_out (gpointer user_data)
{
  GTask *task = user_data;
  DeckDemo *self = g_task_get_source_object (task);

  if (g_task_get_completed (task) || g_task_had_error (task))
    return G_SOURCE_REMOVE;

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                           _("The demo cluster did not start within %d seconds."),
                           START_TIMEOUT_SECONDS);
  deck_demo_stop (self);

  return G_SOURCE_REMOVE;
}

static void
demo_password_stored (GObject      *source_object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* Without a keyring the demo still works; Searchdeck will ask for the
   * password, which the sandbox also wrote beside its kubeconfig. */
  if (!deck_credentials_store_finish (result, &error))
    g_debug ("The demo cluster's password could not be kept in the keyring: %s",
             error->message);

  g_task_return_boolean (task, TRUE);
}

/* The demo asks for nothing: its cluster's random admin password goes into
 * the keyring, where Searchdeck looks for every cluster's password. */
static void
store_demo_password (DeckDemo *self,
                     GTask    *task)
{
  static const DeckClusterRef demo_cluster = { "sandbox", "demo", "elasticsearch" };
  g_autofree char *path = g_build_filename (self->state_dir, "demo-admin-password", NULL);
  g_autofree char *password = NULL;

  if (!g_file_get_contents (path, &password, NULL, NULL))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_strstrip (password);
  deck_credentials_store_async (&demo_cluster, "admin", password, NULL,
                                demo_password_stored, g_object_ref (task));
}

static void
read_ready_line_done (GObject      *source_object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeckDemo *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) words = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source_object),
                                                    result, NULL, &error);

  /* The timeout already answered. */
  if (g_task_get_completed (task) || g_task_had_error (task))
    return;

  if (error != NULL)
    {
      clear_timeout (task);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (line == NULL)
    {
      clear_timeout (task);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The demo cluster stopped before it was ready. Start "
                                 "Searchdeck from a terminal with --demo to see why."));
      deck_demo_stop (self);
      return;
    }

  words = g_strsplit (g_strstrip (line), " ", 3);
  if (g_strv_length (words) != 3 || g_strcmp0 (words[0], "READY") != 0
      || !g_file_test (words[2], G_FILE_TEST_IS_REGULAR))
    {
      /* Anything before the READY line is the sandbox's own chatter. */
      g_debug ("Sandbox said: %s", line);
      g_data_input_stream_read_line_async (self->output, G_PRIORITY_DEFAULT,
                                           g_task_get_cancellable (task),
                                           read_ready_line_done, g_object_ref (task));
      return;
    }

  g_free (self->kubeconfig);
  self->kubeconfig = g_strdup (words[2]);
  g_debug ("Demo sandbox serving at %s", words[1]);

  clear_timeout (task);
  store_demo_password (self, task);
}

void
deck_demo_start_async (DeckDemo            *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sandbox = NULL;
  GSource *timeout;

  g_return_if_fail (DECK_IS_DEMO (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_demo_start_async);

  if (self->process != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("The demo cluster is already running."));
      return;
    }

  self->state_dir = g_dir_make_tmp ("searchdeck-demo-XXXXXX", &error);
  if (self->state_dir == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  sandbox = deck_demo_find_sandbox ();
  self->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                    | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                    &error,
                                    sandbox,
                                    "--seed", "demo",
                                    "--state-dir", self->state_dir,
                                    "--exit-on-stdin-eof",
                                    NULL);
  if (self->process == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("The demo cannot start: %s could not be run (%s)."),
                               sandbox, error->message);
      return;
    }

  self->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));

  timeout = g_timeout_source_new_seconds (START_TIMEOUT_SECONDS);
  g_source_set_callback (timeout, start_timed_out, g_object_ref (task), g_object_unref);
  g_source_attach (timeout, g_main_context_get_thread_default ());
  g_task_set_task_data (task, timeout, (GDestroyNotify) g_source_unref);

  g_data_input_stream_read_line_async (self->output, G_PRIORITY_DEFAULT, cancellable,
                                       read_ready_line_done, g_object_ref (task));
}

gboolean
deck_demo_start_finish (DeckDemo      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (DECK_IS_DEMO (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
deck_demo_get_kubeconfig (DeckDemo *self)
{
  g_return_val_if_fail (DECK_IS_DEMO (self), NULL);

  return self->kubeconfig;
}

const char *
deck_demo_get_state_dir (DeckDemo *self)
{
  g_return_val_if_fail (DECK_IS_DEMO (self), NULL);

  return self->state_dir;
}

gboolean
deck_demo_is_running (DeckDemo *self)
{
  g_return_val_if_fail (DECK_IS_DEMO (self), FALSE);

  return self->process != NULL && self->kubeconfig != NULL;
}

void
deck_demo_stop (DeckDemo *self)
{
  g_return_if_fail (DECK_IS_DEMO (self));

  if (self->process == NULL)
    return;

  /* SIGTERM lets it remove its state folder; closing its input is the
   * fallback it also honours. */
  g_subprocess_send_signal (self->process, SIGTERM);
  g_clear_object (&self->output);
  g_clear_object (&self->process);
  g_clear_pointer (&self->kubeconfig, g_free);
}

static void
deck_demo_dispose (GObject *object)
{
  DeckDemo *self = DECK_DEMO (object);

  deck_demo_stop (self);

  G_OBJECT_CLASS (deck_demo_parent_class)->dispose (object);
}

/* The sandbox writes a handful of files into its state folder and no
 * subfolders; remove them with it. */
static void
remove_state_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      g_unlink (file);
    }
  g_rmdir (path);
}

static void
deck_demo_finalize (GObject *object)
{
  DeckDemo *self = DECK_DEMO (object);

  if (self->state_dir != NULL)
    remove_state_dir (self->state_dir);
  g_clear_pointer (&self->state_dir, g_free);

  G_OBJECT_CLASS (deck_demo_parent_class)->finalize (object);
}

static void
deck_demo_class_init (DeckDemoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = deck_demo_dispose;
  object_class->finalize = deck_demo_finalize;
}

static void
deck_demo_init (DeckDemo *self)
{
}

DeckDemo *
deck_demo_new (void)
{
  return g_object_new (DECK_TYPE_DEMO, NULL);
}
