/* kube-util.c: small asynchronous helpers shared by the client, watches and the store
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "kube-util.h"

#include <string.h>

typedef struct
{
  GSource *timeout;
  GSource *cancelled;
} SleepData;

static void
sleep_data_free (SleepData *data)
{
  if (data->timeout != NULL)
    g_source_destroy (data->timeout);
  if (data->cancelled != NULL)
    g_source_destroy (data->cancelled);
  g_clear_pointer (&data->timeout, g_source_unref);
  g_clear_pointer (&data->cancelled, g_source_unref);
  g_free (data);
}

static gboolean
sleep_done (gpointer user_data)
{
  GTask *task = user_data;

  if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, TRUE);

  /* Destroying the task data removes both sources. */
  g_task_set_task_data (task, NULL, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
sleep_cancelled (GCancellable *cancellable,
                 gpointer      user_data)
{
  return sleep_done (user_data);
}

void
kube_sleep_async (guint                milliseconds,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  SleepData *data = g_new0 (SleepData, 1);

  g_task_set_source_tag (task, kube_sleep_async);
  g_task_set_task_data (task, data, (GDestroyNotify) sleep_data_free);

  data->timeout = g_timeout_source_new (milliseconds);
  g_source_set_callback (data->timeout, sleep_done, task, g_object_unref);
  g_source_attach (data->timeout, g_main_context_get_thread_default ());

  if (cancellable != NULL)
    {
      data->cancelled = g_cancellable_source_new (cancellable);
      g_source_set_callback (data->cancelled, G_SOURCE_FUNC (sleep_cancelled),
                             g_object_ref (task), g_object_unref);
      g_source_attach (data->cancelled, g_main_context_get_thread_default ());
    }
}

gboolean
kube_sleep_finish (GAsyncResult  *result,
                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

guint
kube_backoff_delay (guint  attempt,
                    guint  initial_ms,
                    guint  max_ms,
                    GRand *rand)
{
  guint64 base = initial_ms;

  for (guint i = 0; i < attempt && base < max_ms; i++)
    base *= 2;

  base = MIN (base, max_ms);
  if (base < 2)
    return (guint) base;

  return (guint) g_rand_int_range (rand, (gint32) (base / 2), (gint32) base + 1);
}

void
kube_path_append_param (GString    *path,
                        const char *name,
                        const char *value)
{
  g_autofree char *escaped = NULL;

  g_return_if_fail (path != NULL);
  g_return_if_fail (name != NULL);

  if (value == NULL || value[0] == '\0')
    return;

  escaped = g_uri_escape_string (value, NULL, FALSE);
  g_string_append_printf (path, "%c%s=%s", strchr (path->str, '?') ? '&' : '?', name,
                          escaped);
}
