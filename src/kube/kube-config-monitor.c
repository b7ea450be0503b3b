/* kube-config-monitor.c: tells the application when a kubeconfig file is
 * created, edited, replaced or deleted, so that it can reload it
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each path is watched through its parent directory, filtered to the file's
 * name: that sees a file that does not exist yet, an in-place write, a
 * replace by rename (what editors and `kubectl config` do) and a deletion,
 * none of which a monitor on the file alone survives.  When a path is a
 * symbolic link, the directory of the file it points to is watched too, so
 * that edits made through the link's target are seen.
 *
 * Limitations: a path whose parent directory does not exist when the
 * monitor is made is not watched at all (creating ~/.kube later goes
 * unnoticed until the next monitor is made), and a symbolic link is resolved
 * once, when the monitor is made.
 */

#include "kube-config-monitor.h"

#include <string.h>

/* How long the files must stay quiet before ::changed is emitted. */
#define SETTLE_DELAY_MS 150

typedef struct
{
  KubeConfigMonitor *self;          /* not a reference: the monitor owns us */
  char              *path;
  char              *basename;
  GFileMonitor      *monitor;
} Watch;

struct _KubeConfigMonitor
{
  GObject    parent_instance;

  GPtrArray *watches;               /* Watch */
  guint      settle_source;
};

G_DEFINE_FINAL_TYPE (KubeConfigMonitor, kube_config_monitor, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
watch_free (Watch *watch)
{
  if (watch->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (watch->monitor, watch);
      g_file_monitor_cancel (watch->monitor);
      g_clear_object (&watch->monitor);
    }
  g_free (watch->path);
  g_free (watch->basename);
  g_free (watch);
}

static gboolean
settle_done_cb (gpointer user_data)
{
  KubeConfigMonitor *self = KUBE_CONFIG_MONITOR (user_data);

  self->settle_source = 0;
  g_debug ("Kubeconfig files changed");
  g_signal_emit (self, signals[CHANGED], 0);

  return G_SOURCE_REMOVE;
}

static gboolean
file_is_watched (Watch *watch,
                 GFile *file)
{
  g_autofree char *basename = NULL;

  if (file == NULL)
    return FALSE;

  basename = g_file_get_basename (file);
  return basename != NULL && strcmp (basename, watch->basename) == 0;
}

static void
directory_changed_cb (GFileMonitor      *monitor,
                      GFile             *file,
                      GFile             *other_file,
                      GFileMonitorEvent  event,
                      gpointer           user_data)
{
  Watch *watch = user_data;
  KubeConfigMonitor *self = watch->self;

  if (event == G_FILE_MONITOR_EVENT_PRE_UNMOUNT || event == G_FILE_MONITOR_EVENT_UNMOUNTED)
    return;

  /* With G_FILE_MONITOR_WATCH_MOVES, a rename inside the directory names the
   * old file in @file and the new one in @other_file. */
  if (!file_is_watched (watch, file) && !file_is_watched (watch, other_file))
    return;

  g_debug ("Kubeconfig %s: file monitor event %d", watch->basename, event);

  /* Every event restarts the delay: one signal per burst. */
  g_clear_handle_id (&self->settle_source, g_source_remove);
  self->settle_source = g_timeout_add (SETTLE_DELAY_MS, settle_done_cb, self);
}

static void
kube_config_monitor_add_watch (KubeConfigMonitor *self,
                               const char        *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autoptr(GError) error = NULL;
  Watch *watch;

  if (parent == NULL)
    return;

  for (guint i = 0; i < self->watches->len; i++)
    {
      Watch *other = g_ptr_array_index (self->watches, i);

      if (strcmp (other->path, path) == 0)
        return;
    }

  /* No parent directory: nothing to watch (see the limitation above). */
  if (!g_file_query_exists (parent, NULL))
    {
      g_debug ("Not watching %s: its directory does not exist", path);
      return;
    }

  watch = g_new0 (Watch, 1);
  watch->self = self;
  watch->path = g_strdup (path);
  watch->basename = g_file_get_basename (file);
  watch->monitor = g_file_monitor_directory (parent, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (watch->monitor == NULL)
    {
      g_debug ("Not watching %s: %s", path, error->message);
      watch_free (watch);
      return;
    }

  g_signal_connect (watch->monitor, "changed", G_CALLBACK (directory_changed_cb), watch);
  g_ptr_array_add (self->watches, watch);
}

static void
kube_config_monitor_dispose (GObject *object)
{
  KubeConfigMonitor *self = KUBE_CONFIG_MONITOR (object);

  g_clear_handle_id (&self->settle_source, g_source_remove);
  if (self->watches != NULL)
    g_ptr_array_set_size (self->watches, 0);

  G_OBJECT_CLASS (kube_config_monitor_parent_class)->dispose (object);
}

static void
kube_config_monitor_finalize (GObject *object)
{
  KubeConfigMonitor *self = KUBE_CONFIG_MONITOR (object);

  g_clear_pointer (&self->watches, g_ptr_array_unref);

  G_OBJECT_CLASS (kube_config_monitor_parent_class)->finalize (object);
}

static void
kube_config_monitor_class_init (KubeConfigMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kube_config_monitor_dispose;
  object_class->finalize = kube_config_monitor_finalize;

  /**
   * KubeConfigMonitor::changed:
   *
   * A kubeconfig file was created, written, replaced or deleted; emitted
   * once the files have been quiet for a moment.
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
kube_config_monitor_init (KubeConfigMonitor *self)
{
  self->watches = g_ptr_array_new_with_free_func ((GDestroyNotify) watch_free);
}

KubeConfigMonitor *
kube_config_monitor_new (const char * const *paths)
{
  KubeConfigMonitor *self = g_object_new (KUBE_TYPE_CONFIG_MONITOR, NULL);

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autofree char *path = g_canonicalize_filename (paths[i], NULL);

      kube_config_monitor_add_watch (self, path);

      /* A link is followed to the real file, whose directory is watched too. */
      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        {
          g_autofree char *link = g_file_read_link (path, NULL);

          if (link != NULL)
            {
              g_autofree char *dir = g_path_get_dirname (path);
              g_autofree char *target = g_canonicalize_filename (link, dir);

              kube_config_monitor_add_watch (self, target);
            }
        }
    }

  return self;
}
