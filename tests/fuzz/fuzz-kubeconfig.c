/* fuzz-kubeconfig.c: a libFuzzer target for the kubeconfig reader, which
 * reads whatever files $KUBECONFIG names
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "kube-config.h"

#include <string.h>

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static void
check_user (KubeUser *user)
{
  /* Touch what a reader promises, so that ASan sees any bad pointer. */
  g_assert_nonnull (user->name);
  g_assert_true (g_path_is_absolute (user->source));
  if (user->exec != NULL)
    {
      g_assert_nonnull (user->exec->command);
      g_assert_nonnull (user->exec->args);
      g_assert_nonnull (user->exec->env);
      for (guint i = 0; user->exec->args[i] != NULL; i++)
        (void) strlen (user->exec->args[i]);
      for (guint i = 0; user->exec->env[i] != NULL; i++)
        g_assert_nonnull (strchr (user->exec->env[i], '='));
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  KubeConfig *config;
  GPtrArray *contexts;

  config = kube_config_load_from_data ((const char *) data, size, "/fuzz/kube/config", &error);
  if (config == NULL)
    {
      /* Every failure is one of ours, with a message naming the file. */
      g_assert_true (error != NULL && error->domain == KUBE_CONFIG_ERROR);
      g_assert_true (g_str_has_prefix (error->message, "/fuzz/kube/config"));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }

  g_assert_no_error (error);
  contexts = kube_config_get_contexts (config);
  for (guint i = 0; i < contexts->len; i++)
    {
      KubeContext *context = g_ptr_array_index (contexts, i);
      KubeCluster *cluster;
      KubeUser *user;

      g_assert_true (kube_config_lookup_context (config, context->name) == context);

      cluster = context->cluster != NULL
                ? kube_config_lookup_cluster (config, context->cluster) : NULL;
      if (cluster != NULL)
        g_assert_nonnull (cluster->server);

      user = context->user != NULL ? kube_config_lookup_user (config, context->user) : NULL;
      if (user != NULL)
        check_user (user);
    }

  g_object_unref (config);
  return 0;
}
