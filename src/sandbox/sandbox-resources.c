/* sandbox-resources.c: the table of resource kinds the sandbox serves
 *
 * Discovery, OpenAPI, routing and the store all read this one table, so that
 * a kind is either served everywhere or nowhere.
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sandbox-resources.h"

static const SandboxResource resources[] = {
  { "namespaces", "namespace", "Namespace", "", "v1", FALSE, "ns", FALSE, FALSE, TRUE },
  { "pods", "pod", "Pod", "", "v1", TRUE, "po", TRUE, FALSE, TRUE },
  { "configmaps", "configmap", "ConfigMap", "", "v1", TRUE, "cm", FALSE, FALSE, FALSE },
  { "secrets", "secret", "Secret", "", "v1", TRUE, NULL, FALSE, FALSE, FALSE },
  { "services", "service", "Service", "", "v1", TRUE, "svc", TRUE, FALSE, TRUE },
  { "events", "event", "Event", "", "v1", TRUE, "ev", FALSE, FALSE, FALSE },
  { "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", "", "v1",
    TRUE, "pvc", FALSE, FALSE, TRUE },
  { "nodes", "node", "Node", "", "v1", FALSE, "no", FALSE, FALSE, TRUE },
  { "statefulsets", "statefulset", "StatefulSet", "apps", "v1", TRUE, "sts", TRUE, FALSE,
    TRUE },
  { "storageclasses", "storageclass", "StorageClass", "storage.k8s.io", "v1", FALSE, "sc",
    FALSE, FALSE, FALSE },
  { "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", "policy", "v1",
    TRUE, "pdb", FALSE, FALSE, TRUE },
  { "selfsubjectaccessreviews", "selfsubjectaccessreview", "SelfSubjectAccessReview",
    "authorization.k8s.io", "v1", FALSE, NULL, FALSE, TRUE, FALSE },
};

const SandboxResource *
sandbox_resources_all (guint *n_resources)
{
  *n_resources = G_N_ELEMENTS (resources);
  return resources;
}

const SandboxResource *
sandbox_resources_lookup (const char *group,
                          const char *version,
                          const char *plural)
{
  for (guint i = 0; i < G_N_ELEMENTS (resources); i++)
    {
      if (g_str_equal (resources[i].group, group)
          && g_str_equal (resources[i].version, version)
          && g_str_equal (resources[i].plural, plural))
        return &resources[i];
    }

  return NULL;
}

const SandboxResource *
sandbox_resources_lookup_kind (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (resources); i++)
    {
      if (g_str_equal (resources[i].kind, kind))
        return &resources[i];
    }

  return NULL;
}

char *
sandbox_resource_api_version (const SandboxResource *resource)
{
  if (resource->group[0] == '\0')
    return g_strdup (resource->version);

  return g_strdup_printf ("%s/%s", resource->group, resource->version);
}

const char *
sandbox_resource_verbs (const SandboxResource *resource)
{
  if (resource->create_only)
    return "create";

  return "create,delete,deletecollection,get,list,patch,update,watch";
}
