/* sandbox-admission.c: Pod Security admission, as the API server enforces it
 *
 * A namespace labelled pod-security.kubernetes.io/enforce=baseline or
 * restricted refuses pods that break that level of the Pod Security
 * Standards, with the message the admission plugin writes: the level and
 * version, then each violated check with the containers at fault, checks in
 * the order of their names.  The checks are those a search cluster's pods can
 * meet: host namespaces, privileged containers, capabilities, hostPath
 * volumes and host ports (baseline), and for restricted also the volume
 * types, allowPrivilegeEscalation, runAsNonRoot, runAsUser=0 and the seccomp
 * profile.  Pods the StatefulSet controller makes go through here too, so a
 * refused pod is a FailedCreate Event on its StatefulSet.
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sandbox-admission.h"

typedef enum
{
  LEVEL_PRIVILEGED,
  LEVEL_BASELINE,
  LEVEL_RESTRICTED,
} Level;

/* Capabilities the baseline level lets a container add. */
static const char * const baseline_capabilities[] = {
  "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
  "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT", NULL
};

/* Volume types the restricted level allows. */
static const char * const restricted_volume_types[] = {
  "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim",
  "projected", "secret", NULL
};

static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
boolean_member (JsonObject *object,
                const char *name,
                gboolean   *value)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;

  *value = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
int_member (JsonObject *object,
            const char *name,
            gint64     *value)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;

  *value = json_node_get_int (node);
  return TRUE;
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

/* Every container of the pod, init containers first, as (JsonObject *). */
static GPtrArray *
all_containers (JsonObject *spec)
{
  static const char * const lists[] = { "initContainers", "containers",
                                        "ephemeralContainers", NULL };
  GPtrArray *containers = g_ptr_array_new ();

  for (guint l = 0; lists[l] != NULL; l++)
    {
      JsonArray *array = array_member (spec, lists[l]);

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (node))
            g_ptr_array_add (containers, json_node_get_object (node));
        }
    }

  return containers;
}

/* ‘container "a"’ or ‘containers "a", "b"’. */
static char *
describe_containers (GPtrArray *names)
{
  GString *text = g_string_new (names->len == 1 ? "container " : "containers ");

  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (text, "%s\"%s\"", i > 0 ? ", " : "", (const char *) names->pdata[i]);

  return g_string_free (text, FALSE);
}

static void
add_violation (GPtrArray  *violations,
               const char *format,
               ...) G_GNUC_PRINTF (2, 3);

static void
add_violation (GPtrArray  *violations,
               const char *format,
               ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (violations, g_strdup_vprintf (format, args));
  va_end (args);
}

static gboolean
in_list (const char * const *list,
         const char         *value)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (g_str_equal (list[i], value))
      return TRUE;

  return FALSE;
}

static void
check_pod (JsonObject *spec,
           Level       level,
           GPtrArray  *violations)
{
  g_autoptr(GPtrArray) containers = all_containers (spec);
  JsonObject *pod_context = object_member (spec, "securityContext");
  g_autoptr(GPtrArray) escalating = g_ptr_array_new ();
  g_autoptr(GPtrArray) not_dropping = g_ptr_array_new ();
  g_autoptr(GString) added_baseline = g_string_new (NULL);
  g_autoptr(GString) added_restricted = g_string_new (NULL);
  g_autoptr(GPtrArray) host_ports = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) privileged = g_ptr_array_new ();
  g_autoptr(GPtrArray) non_root_missing = g_ptr_array_new ();
  g_autoptr(GPtrArray) root_user = g_ptr_array_new ();
  g_autoptr(GPtrArray) seccomp_missing = g_ptr_array_new ();
  g_autoptr(GPtrArray) host_namespaces = g_ptr_array_new ();
  g_autoptr(GString) host_paths = g_string_new (NULL);
  g_autoptr(GString) restricted_volumes = g_string_new (NULL);
  JsonArray *volumes = array_member (spec, "volumes");
  gboolean pod_non_root = FALSE;
  gboolean pod_seccomp;
  gint64 pod_user = -1;
  gboolean value;

  if (boolean_member (spec, "hostNetwork", &value) && value)
    g_ptr_array_add (host_namespaces, (gpointer) "hostNetwork=true");
  if (boolean_member (spec, "hostPID", &value) && value)
    g_ptr_array_add (host_namespaces, (gpointer) "hostPID=true");
  if (boolean_member (spec, "hostIPC", &value) && value)
    g_ptr_array_add (host_namespaces, (gpointer) "hostIPC=true");

  boolean_member (pod_context, "runAsNonRoot", &pod_non_root);
  int_member (pod_context, "runAsUser", &pod_user);
  {
    const char *type = string_member (object_member (pod_context, "seccompProfile"), "type");

    pod_seccomp = g_strcmp0 (type, "RuntimeDefault") == 0 || g_strcmp0 (type, "Localhost") == 0;
  }

  for (guint i = 0; i < containers->len; i++)
    {
      JsonObject *container = containers->pdata[i];
      JsonObject *context = object_member (container, "securityContext");
      JsonObject *capabilities = object_member (context, "capabilities");
      JsonArray *add = array_member (capabilities, "add");
      JsonArray *drop = array_member (capabilities, "drop");
      JsonArray *ports = array_member (container, "ports");
      const char *name = string_member (container, "name");
      const char *seccomp = string_member (object_member (context, "seccompProfile"), "type");
      gboolean flag;
      gboolean drops_all = FALSE;
      gint64 user;

      if (name == NULL)
        name = "";

      if (boolean_member (context, "privileged", &flag) && flag)
        g_ptr_array_add (privileged, (gpointer) name);
      if (!boolean_member (context, "allowPrivilegeEscalation", &flag) || flag)
        g_ptr_array_add (escalating, (gpointer) name);
      if (boolean_member (context, "runAsNonRoot", &flag) ? !flag : !pod_non_root)
        g_ptr_array_add (non_root_missing, (gpointer) name);
      if (int_member (context, "runAsUser", &user) && user == 0)
        g_ptr_array_add (root_user, (gpointer) name);
      if (seccomp != NULL ? !(g_str_equal (seccomp, "RuntimeDefault")
                              || g_str_equal (seccomp, "Localhost"))
                          : !pod_seccomp)
        g_ptr_array_add (seccomp_missing, (gpointer) name);

      for (guint j = 0; drop != NULL && j < json_array_get_length (drop); j++)
        {
          JsonNode *element = json_array_get_element (drop, j);

          if (json_node_get_value_type (element) == G_TYPE_STRING
              && g_str_equal (json_node_get_string (element), "ALL"))
            drops_all = TRUE;
        }
      if (!drops_all)
        g_ptr_array_add (not_dropping, (gpointer) name);

      for (guint j = 0; add != NULL && j < json_array_get_length (add); j++)
        {
          JsonNode *element = json_array_get_element (add, j);
          const char *capability;

          if (json_node_get_value_type (element) != G_TYPE_STRING)
            continue;
          capability = json_node_get_string (element);
          if (!in_list (baseline_capabilities, capability))
            g_string_append_printf (added_baseline, "%scontainer \"%s\" must not include \"%s\" "
                                    "in securityContext.capabilities.add",
                                    added_baseline->len > 0 ? ", " : "", name, capability);
          if (!g_str_equal (capability, "NET_BIND_SERVICE"))
            g_string_append_printf (added_restricted, "%scontainer \"%s\" must not include "
                                    "\"%s\" in securityContext.capabilities.add",
                                    added_restricted->len > 0 ? ", " : "", name, capability);
        }

      for (guint j = 0; ports != NULL && j < json_array_get_length (ports); j++)
        {
          JsonNode *port = json_array_get_element (ports, j);
          gint64 host_port = 0;

          if (JSON_NODE_HOLDS_OBJECT (port)
              && int_member (json_node_get_object (port), "hostPort", &host_port)
              && host_port != 0)
            g_ptr_array_add (host_ports, g_strdup_printf ("container \"%s\" uses hostPort "
                                                          "%" G_GINT64_FORMAT, name,
                                                          host_port));
        }
    }

  for (guint i = 0; volumes != NULL && i < json_array_get_length (volumes); i++)
    {
      JsonNode *node = json_array_get_element (volumes, i);
      JsonObjectIter iter;
      const char *member;
      JsonNode *member_value;
      const char *volume_name;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      volume_name = string_member (json_node_get_object (node), "name");
      if (volume_name == NULL)
        volume_name = "";
      if (json_object_has_member (json_node_get_object (node), "hostPath"))
        g_string_append_printf (host_paths, "%s\"%s\"", host_paths->len > 0 ? ", " : "",
                                volume_name);

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &member, &member_value))
        {
          if (g_str_equal (member, "name") || in_list (restricted_volume_types, member))
            continue;
          g_string_append_printf (restricted_volumes, "%svolume \"%s\" uses restricted volume "
                                  "type \"%s\"", restricted_volumes->len > 0 ? ", " : "",
                                  volume_name, member);
        }
    }

  /* In the order of the checks' names, as the admission plugin reports them. */
  if (level >= LEVEL_RESTRICTED && escalating->len > 0)
    {
      g_autofree char *who = describe_containers (escalating);

      add_violation (violations, "allowPrivilegeEscalation != false (%s must set "
                     "securityContext.allowPrivilegeEscalation=false)", who);
    }
  if (added_baseline->len > 0)
    add_violation (violations, "non-default capabilities (%s)", added_baseline->str);
  if (level >= LEVEL_RESTRICTED && (not_dropping->len > 0 || added_restricted->len > 0))
    {
      g_autoptr(GString) detail = g_string_new (NULL);

      if (not_dropping->len > 0)
        {
          g_autofree char *who = describe_containers (not_dropping);

          g_string_append_printf (detail, "%s must set securityContext.capabilities.drop="
                                  "[\"ALL\"]", who);
        }
      if (added_restricted->len > 0)
        g_string_append_printf (detail, "%s%s", detail->len > 0 ? "; " : "",
                                added_restricted->str);
      add_violation (violations, "unrestricted capabilities (%s)", detail->str);
    }
  if (host_namespaces->len > 0)
    {
      g_ptr_array_add (host_namespaces, NULL);
      {
        g_autofree char *list = g_strjoinv (", ", (char **) host_namespaces->pdata);

        add_violation (violations, "host namespaces (%s)", list);
      }
    }
  if (host_paths->len > 0)
    add_violation (violations, "hostPath volumes (volume%s %s)",
                   strchr (host_paths->str, ',') != NULL ? "s" : "", host_paths->str);
  if (host_ports->len > 0)
    {
      g_ptr_array_add (host_ports, NULL);
      {
        g_autofree char *list = g_strjoinv (", ", (char **) host_ports->pdata);

        add_violation (violations, "hostPort (%s)", list);
      }
    }
  if (privileged->len > 0)
    {
      g_autofree char *who = describe_containers (privileged);

      add_violation (violations, "privileged (%s must not set securityContext.privileged=true)",
                     who);
    }
  if (level >= LEVEL_RESTRICTED && restricted_volumes->len > 0)
    add_violation (violations, "restricted volume types (%s)", restricted_volumes->str);
  if (level >= LEVEL_RESTRICTED && non_root_missing->len > 0)
    {
      g_autofree char *who = describe_containers (non_root_missing);

      add_violation (violations, "runAsNonRoot != true (pod or %s must set "
                     "securityContext.runAsNonRoot=true)", who);
    }
  if (level >= LEVEL_RESTRICTED && (pod_user == 0 || root_user->len > 0))
    {
      if (pod_user == 0)
        add_violation (violations, "runAsUser=0 (pod must not set runAsUser=0)");
      else
        {
          g_autofree char *who = describe_containers (root_user);

          add_violation (violations, "runAsUser=0 (%s must not set runAsUser=0)", who);
        }
    }
  if (level >= LEVEL_RESTRICTED && seccomp_missing->len > 0)
    {
      g_autofree char *who = describe_containers (seccomp_missing);

      add_violation (violations, "seccompProfile (pod or %s must set "
                     "securityContext.seccompProfile.type to \"RuntimeDefault\" or "
                     "\"Localhost\")", who);
    }
}

char *
sandbox_admission_pod_security (SandboxStore *store,
                                const char   *namespace_,
                                JsonNode     *pod)
{
  const SandboxResource *namespaces = sandbox_resources_lookup ("", "v1", "namespaces");
  JsonNode *namespace_node = sandbox_store_get (store, namespaces, NULL, namespace_);
  JsonObject *labels = sandbox_object_get_object (namespace_node, "metadata.labels");
  const char *enforce = string_member (labels, "pod-security.kubernetes.io/enforce");
  const char *version = string_member (labels, "pod-security.kubernetes.io/enforce-version");
  JsonObject *spec = sandbox_object_get_object (pod, "spec");
  const char *name = sandbox_object_get_string (pod, "metadata.name");
  g_autoptr(GPtrArray) violations = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  Level level;

  if (g_strcmp0 (enforce, "baseline") == 0)
    level = LEVEL_BASELINE;
  else if (g_strcmp0 (enforce, "restricted") == 0)
    level = LEVEL_RESTRICTED;
  else
    return NULL;

  if (spec == NULL)
    return NULL;

  check_pod (spec, level, violations);
  if (violations->len == 0)
    return NULL;

  g_ptr_array_add (violations, NULL);
  joined = g_strjoinv (", ", (char **) violations->pdata);
  return g_strdup_printf ("pods \"%s\" is forbidden: violates PodSecurity \"%s:%s\": %s",
                          name != NULL ? name : "", enforce,
                          version != NULL ? version : "latest", joined);
}
