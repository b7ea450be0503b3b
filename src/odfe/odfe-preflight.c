/* odfe-preflight.c: what is checked on the Kubernetes cluster before a search cluster is
 * created there
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Five checks run side by side, each a few requests on the main loop:
 *
 *  - Permissions: a SelfSubjectAccessReview for each verb the creation uses on each kind it
 *    makes, in the namespace (create, and delete for the rollback), and for following the
 *    pods and reaching them (list and watch pods, create pods/portforward).  A create (or
 *    follow) denied fails; a delete denied only warns, as a failed creation would then be
 *    left for someone else to clean up.
 *  - Namespace: it exists or not, as the spec says; an existing one is not being deleted,
 *    runs no search cluster (a StatefulSet of an Open Distro, OpenSearch or Elasticsearch
 *    image) and has none of the objects of the names a cluster uses.
 *  - Pod Security: the namespace's enforced level (pod-security.kubernetes.io/enforce).  The
 *    init container that sets vm.max_map_count runs privileged, which only "privileged"
 *    admits; the variant without it runs as a non-root user without privileges, and then the
 *    nodes must have vm.max_map_count >= 262144 already.  A namespace without the label is
 *    under the cluster's default level, privileged unless an administrator configured the
 *    admission plugin otherwise.
 *  - Storage: the StorageClass named exists, or the cluster has a default one.
 *  - Capacity: each schedulable node's allocatable CPU and memory, less the requests of the
 *    pods already on it, as the scheduler counts them; the new pods must each fit on some
 *    node and all together.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kube-error.h"
#include "kube-json.h"
#include "kube-quantity.h"
#include "odfe-error.h"
#include "odfe-image.h"
#include "odfe-preflight.h"

#define ENFORCE_LABEL      "pod-security.kubernetes.io/enforce"
#define DEFAULT_CLASS      "storageclass.kubernetes.io/is-default-class"
#define DEFAULT_CLASS_BETA "storageclass.beta.kubernetes.io/is-default-class"

typedef struct
{
  OdfeCheckState  state;
  char           *detail;
} Check;

struct _OdfePreflight
{
  GObject          parent_instance;

  KubeClient      *client;
  OdfeClusterSpec *spec;
  GPtrArray       *objects;         /* the manifests, when given */
  Check            checks[ODFE_PREFLIGHT_N_CHECKS];

  /* One run */
  GTask           *task;
  GCancellable    *cancellable;
  guint            pending;
};

G_DEFINE_FINAL_TYPE (OdfePreflight, odfe_preflight, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHECK_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
odfe_preflight_finalize (GObject *object)
{
  OdfePreflight *self = ODFE_PREFLIGHT (object);

  g_clear_object (&self->client);
  g_clear_pointer (&self->spec, odfe_cluster_spec_free);
  g_clear_pointer (&self->objects, g_ptr_array_unref);
  for (guint i = 0; i < ODFE_PREFLIGHT_N_CHECKS; i++)
    g_free (self->checks[i].detail);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (odfe_preflight_parent_class)->finalize (object);
}

static void
odfe_preflight_class_init (OdfePreflightClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = odfe_preflight_finalize;

  signals[SIGNAL_CHECK_CHANGED] = g_signal_new ("check-changed", G_TYPE_FROM_CLASS (klass),
                                                G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
odfe_preflight_init (OdfePreflight *self)
{
}

OdfePreflight *
odfe_preflight_new (KubeClient            *client,
                    const OdfeClusterSpec *spec)
{
  OdfePreflight *self;

  g_return_val_if_fail (KUBE_IS_CLIENT (client), NULL);
  g_return_val_if_fail (spec != NULL && spec->namespace != NULL, NULL);

  self = g_object_new (ODFE_TYPE_PREFLIGHT, NULL);
  self->client = g_object_ref (client);
  self->spec = odfe_cluster_spec_copy (spec);
  return self;
}

void
odfe_preflight_set_objects (OdfePreflight *self,
                            GPtrArray     *objects)
{
  g_return_if_fail (ODFE_IS_PREFLIGHT (self));

  if (objects != NULL)
    g_ptr_array_ref (objects);
  g_clear_pointer (&self->objects, g_ptr_array_unref);
  self->objects = objects;
}

/* State */

static void
set_check (OdfePreflight  *self,
           guint           index,
           OdfeCheckState  state,
           char           *detail)
{
  Check *check = &self->checks[index];

  check->state = state;
  g_free (check->detail);
  check->detail = detail;
  g_signal_emit (self, signals[SIGNAL_CHECK_CHANGED], 0, index);
}

static void
complete_run (OdfePreflight *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  g_autoptr(GString) failed = g_string_new (NULL);

  g_clear_object (&self->cancellable);

  if (g_task_return_error_if_cancelled (task))
    return;

  for (guint i = 0; i < ODFE_PREFLIGHT_N_CHECKS; i++)
    {
      if (self->checks[i].state != ODFE_CHECK_FAILED)
        continue;
      if (failed->len > 0)
        g_string_append (failed, ", ");
      g_string_append (failed, odfe_preflight_get_check_title (self, i));
    }

  if (failed->len > 0)
    g_task_return_new_error (task, ODFE_ERROR, ODFE_ERROR_FAILED,
                             _("The cluster cannot be created as it is: %s failed."),
                             failed->str);
  else
    g_task_return_boolean (task, TRUE);
}

/* Ends check @index; @detail is taken.  A check cut short by cancellation is PENDING again. */
static void
finish_check (OdfePreflight  *self,
              guint           index,
              OdfeCheckState  state,
              char           *detail)
{
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_free (detail);
      set_check (self, index, ODFE_CHECK_PENDING, NULL);
    }
  else
    set_check (self, index, state, detail);

  g_assert (self->pending > 0);
  if (--self->pending == 0)
    complete_run (self);
}

/* "a, b and c" is not translatable as such; a comma-separated list is what the sentences
 * below take. */
static char *
join (GPtrArray *items)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, items->pdata[i]);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* "1 CPU", "3.8 CPUs" */
static char *
format_cpu (guint64 millis)
{
  if (millis % 1000 == 0)
    return g_strdup_printf (ngettext ("%u CPU", "%u CPUs", (gulong) (millis / 1000)),
                            (guint) (millis / 1000));

  return g_strdup_printf (_("%.1f CPUs"), millis / 1000.0);
}

static char *
format_memory (guint64 bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

/* Permissions */

typedef struct
{
  const char *verb;
  const char *group;
  const char *resource;
  const char *subresource;
  gboolean    cluster_scoped;
  gboolean    required;         /* FALSE: needed only to roll a failure back */
} Access;

static const Access namespace_accesses[] = {
  { "create", "", "namespaces", NULL, TRUE, TRUE },
  { "delete", "", "namespaces", NULL, TRUE, FALSE },
};

static const Access object_accesses[] = {
  { "create", "", "secrets", NULL, FALSE, TRUE },
  { "create", "", "configmaps", NULL, FALSE, TRUE },
  { "create", "", "services", NULL, FALSE, TRUE },
  { "create", "policy", "poddisruptionbudgets", NULL, FALSE, TRUE },
  { "create", "apps", "statefulsets", NULL, FALSE, TRUE },
  { "list", "", "pods", NULL, FALSE, TRUE },
  { "watch", "", "pods", NULL, FALSE, TRUE },
  { "create", "", "pods", "portforward", FALSE, TRUE },
  { "delete", "", "secrets", NULL, FALSE, FALSE },
  { "delete", "", "configmaps", NULL, FALSE, FALSE },
  { "delete", "", "services", NULL, FALSE, FALSE },
  { "delete", "policy", "poddisruptionbudgets", NULL, FALSE, FALSE },
  { "delete", "apps", "statefulsets", NULL, FALSE, FALSE },
  { "delete", "", "persistentvolumeclaims", NULL, FALSE, FALSE },
};

typedef struct
{
  OdfePreflight *self;
  guint          outstanding;
  GPtrArray     *denied;          /* "create statefulsets.apps" */
  GPtrArray     *denied_delete;
  GError        *error;
} Permissions;

typedef struct
{
  Permissions  *permissions;
  const Access *access;
} Review;

static char *
access_describe (const Access *access)
{
  return g_strdup_printf ("%s %s%s%s%s%s", access->verb, access->resource,
                          access->group[0] != '\0' ? "." : "", access->group,
                          access->subresource != NULL ? "/" : "",
                          access->subresource != NULL ? access->subresource : "");
}

static void
permissions_done (Permissions *permissions)
{
  OdfePreflight *self = permissions->self;
  const char *namespace_ = self->spec->namespace;
  g_autofree char *denied = join (permissions->denied);
  g_autofree char *denied_delete = join (permissions->denied_delete);
  OdfeCheckState state;
  char *detail;

  if (permissions->denied->len > 0)
    {
      state = ODFE_CHECK_FAILED;
      detail = g_strdup_printf (_("You may not %s in “%s”. Ask an administrator of the "
                                  "Kubernetes cluster for these permissions."),
                                denied, namespace_);
    }
  else if (permissions->error != NULL)
    {
      state = ODFE_CHECK_WARNING;
      detail = g_strdup_printf (_("The permissions could not be checked: %s"),
                                permissions->error->message);
    }
  else if (permissions->denied_delete->len > 0)
    {
      state = ODFE_CHECK_WARNING;
      detail = g_strdup_printf (_("You may create what the cluster needs in “%s”, but not %s: "
                                  "if the creation fails, what it made cannot be deleted."),
                                namespace_, denied_delete);
    }
  else
    {
      state = ODFE_CHECK_PASSED;
      detail = g_strdup_printf (_("You may create every object the cluster needs in “%s”, "
                                  "and delete them again."), namespace_);
    }

  finish_check (self, ODFE_PREFLIGHT_PERMISSIONS, state, detail);

  g_ptr_array_unref (permissions->denied);
  g_ptr_array_unref (permissions->denied_delete);
  g_clear_error (&permissions->error);
  g_object_unref (permissions->self);
  g_free (permissions);
}

static void
review_done (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Review *review = user_data;
  Permissions *permissions = review->permissions;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = kube_client_object_finish (KUBE_CLIENT (source_object), result, &error);
  if (answer == NULL)
    {
      if (permissions->error == NULL)
        permissions->error = g_steal_pointer (&error);
    }
  else if (!kube_json_get_bool (kube_json_path_object (answer, "status", NULL), "allowed",
                                FALSE))
    {
      char *what = access_describe (review->access);
      const char *reason = kube_json_path_string (answer, "status", "reason", NULL);

      g_debug ("denied: %s (%s)", what, reason != NULL ? reason : "no reason given");
      g_ptr_array_add (review->access->required ? permissions->denied
                                                : permissions->denied_delete, what);
    }

  g_free (review);
  if (--permissions->outstanding == 0)
    permissions_done (permissions);
}

static JsonNode *
review_body (const Access *access,
             const char   *namespace_)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "apiVersion");
  json_builder_add_string_value (builder, "authorization.k8s.io/v1");
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "SelfSubjectAccessReview");
  json_builder_set_member_name (builder, "spec");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "resourceAttributes");
  json_builder_begin_object (builder);
  if (!access->cluster_scoped)
    {
      json_builder_set_member_name (builder, "namespace");
      json_builder_add_string_value (builder, namespace_);
    }
  json_builder_set_member_name (builder, "verb");
  json_builder_add_string_value (builder, access->verb);
  json_builder_set_member_name (builder, "group");
  json_builder_add_string_value (builder, access->group);
  json_builder_set_member_name (builder, "resource");
  json_builder_add_string_value (builder, access->resource);
  if (access->subresource != NULL)
    {
      json_builder_set_member_name (builder, "subresource");
      json_builder_add_string_value (builder, access->subresource);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
ask_review (Permissions  *permissions,
            const Access *access)
{
  OdfePreflight *self = permissions->self;
  g_autoptr(JsonNode) body = review_body (access, self->spec->namespace);
  Review *review = g_new0 (Review, 1);

  review->permissions = permissions;
  review->access = access;
  permissions->outstanding++;
  kube_client_create_async (self->client,
                            kube_resource_type_get (KUBE_RESOURCE_SELFSUBJECTACCESSREVIEWS),
                            NULL, body, self->cancellable, review_done, review);
}

static void
check_permissions (OdfePreflight *self)
{
  Permissions *permissions = g_new0 (Permissions, 1);

  permissions->self = g_object_ref (self);
  permissions->denied = g_ptr_array_new_with_free_func (g_free);
  permissions->denied_delete = g_ptr_array_new_with_free_func (g_free);

  if (self->spec->create_namespace)
    for (guint i = 0; i < G_N_ELEMENTS (namespace_accesses); i++)
      ask_review (permissions, &namespace_accesses[i]);
  for (guint i = 0; i < G_N_ELEMENTS (object_accesses); i++)
    ask_review (permissions, &object_accesses[i]);
}

/* Namespace */

/* The objects of fixed names a cluster has, besides its StatefulSets. */
static const struct
{
  KubeResource  resource;
  const char   *name;
} cluster_objects[] = {
  { KUBE_RESOURCE_SECRETS, "elasticsearch-tls" },
  { KUBE_RESOURCE_SECRETS, "elasticsearch-security" },
  { KUBE_RESOURCE_CONFIGMAPS, "elasticsearch-config" },
  { KUBE_RESOURCE_SERVICES, "elasticsearch" },
  { KUBE_RESOURCE_SERVICES, "elasticsearch-discovery" },
  { KUBE_RESOURCE_PODDISRUPTIONBUDGETS, "elasticsearch" },
};

typedef struct
{
  OdfePreflight *self;
  guint          outstanding;
  GPtrArray     *clashes;         /* "Secret elasticsearch-tls" */
  char          *search_cluster;
  GError        *error;
} Contents;

static void
contents_done (Contents *contents)
{
  OdfePreflight *self = contents->self;
  const char *namespace_ = self->spec->namespace;
  g_autofree char *clashes = join (contents->clashes);

  if (contents->search_cluster != NULL)
    finish_check (self, ODFE_PREFLIGHT_NAMESPACE, ODFE_CHECK_FAILED,
                  g_strdup_printf (_("“%s” already holds the search cluster “%s”. A namespace "
                                     "holds one search cluster: choose another namespace, or "
                                     "a new one."), namespace_, contents->search_cluster));
  else if (contents->clashes->len > 0)
    finish_check (self, ODFE_PREFLIGHT_NAMESPACE, ODFE_CHECK_FAILED,
                  g_strdup_printf (_("“%s” already has %s, of the names the new cluster’s "
                                     "objects take. Choose another namespace, or a new one."),
                                   namespace_, clashes));
  else if (contents->error != NULL)
    finish_check (self, ODFE_PREFLIGHT_NAMESPACE, ODFE_CHECK_WARNING,
                  g_strdup_printf (_("“%s” exists, but what it holds could not be read: %s"),
                                   namespace_, contents->error->message));
  else
    finish_check (self, ODFE_PREFLIGHT_NAMESPACE, ODFE_CHECK_PASSED,
                  g_strdup_printf (_("“%s” exists and holds no search cluster."), namespace_));

  g_ptr_array_unref (contents->clashes);
  g_free (contents->search_cluster);
  g_clear_error (&contents->error);
  g_object_unref (contents->self);
  g_free (contents);
}

static void
contents_error (Contents *contents,
                GError  **error)
{
  if (g_error_matches (*error, KUBE_ERROR, KUBE_ERROR_NOT_FOUND))
    return;
  if (contents->error == NULL)
    contents->error = g_steal_pointer (error);
}

static void
statefulsets_listed (GObject      *source_object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Contents *contents = user_data;
  g_autoptr(KubeList) list = NULL;
  g_autoptr(GError) error = NULL;

  list = kube_client_list_finish (KUBE_CLIENT (source_object), result, &error);
  if (list == NULL)
    contents_error (contents, &error);

  for (guint i = 0; list != NULL && i < list->items->len; i++)
    {
      JsonNode *statefulset = list->items->pdata[i];
      const char *name = kube_json_path_string (statefulset, "metadata", "name", NULL);
      JsonObject *pod_spec = kube_json_path_object (statefulset, "spec", "template", "spec",
                                                    NULL);
      JsonArray *containers = kube_json_get_array (pod_spec, "containers");
      const char *image = NULL;
      const char *instance;

      if (name == NULL)
        continue;
      if (containers != NULL && json_array_get_length (containers) > 0)
        image = kube_json_get_string (kube_json_object (json_array_get_element (containers, 0)),
                                      "image");

      if (image != NULL && odfe_image_is_search (image) && contents->search_cluster == NULL)
        {
          instance = kube_json_path_string (statefulset, "metadata", "labels",
                                            "app.kubernetes.io/instance", NULL);
          contents->search_cluster = g_strdup (instance != NULL ? instance : name);
        }
      else if (g_str_equal (name, "elasticsearch") || g_str_equal (name, "elasticsearch-master"))
        g_ptr_array_add (contents->clashes, g_strdup_printf ("StatefulSet %s", name));
    }

  if (--contents->outstanding == 0)
    contents_done (contents);
}

static void
object_got (GObject      *source_object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Contents *contents = user_data;
  g_autoptr(JsonNode) object = NULL;
  g_autoptr(GError) error = NULL;

  object = kube_client_get_finish (KUBE_CLIENT (source_object), result, &error);
  if (object == NULL)
    contents_error (contents, &error);
  else
    g_ptr_array_add (contents->clashes,
                     g_strdup_printf ("%s %s", kube_json_path_string (object, "kind", NULL)
                                               ?: "?",
                                      kube_json_path_string (object, "metadata", "name", NULL)
                                      ?: "?"));

  if (--contents->outstanding == 0)
    contents_done (contents);
}

static void
check_contents (OdfePreflight *self)
{
  Contents *contents = g_new0 (Contents, 1);
  const char *namespace_ = self->spec->namespace;

  contents->self = g_object_ref (self);
  contents->clashes = g_ptr_array_new_with_free_func (g_free);

  contents->outstanding = 1 + G_N_ELEMENTS (cluster_objects);
  kube_client_list_all_async (self->client, kube_resource_type_get (KUBE_RESOURCE_STATEFULSETS),
                              namespace_, NULL, self->cancellable, statefulsets_listed,
                              contents);
  for (guint i = 0; i < G_N_ELEMENTS (cluster_objects); i++)
    kube_client_get_async (self->client, kube_resource_type_get (cluster_objects[i].resource),
                           namespace_, cluster_objects[i].name, self->cancellable, object_got,
                           contents);
}

static void
namespace_got (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(OdfePreflight) self = user_data;
  g_autoptr(JsonNode) namespace_ = NULL;
  g_autoptr(GError) error = NULL;
  const char *name = self->spec->namespace;

  namespace_ = kube_client_get_finish (KUBE_CLIENT (source_object), result, &error);

  if (namespace_ == NULL && !g_error_matches (error, KUBE_ERROR, KUBE_ERROR_NOT_FOUND))
    {
      finish_check (self, ODFE_PREFLIGHT_NAMESPACE, ODFE_CHECK_WARNING,
                    g_strdup_printf (_("The namespace “%s” could not be read: %s"), name,
                                     error->message));
      return;
    }

  if (self->spec->create_namespace)
    {
      if (namespace_ == NULL)
        finish_check (self, ODFE_PREFLIGHT_NAMESPACE, ODFE_CHECK_PASSED,
                      g_strdup_printf (_("The namespace “%s” will be created."), name));
      else if (kube_json_path_string (namespace_, "metadata", "deletionTimestamp", NULL) != NULL)
        finish_check (self, ODFE_PREFLIGHT_NAMESPACE, ODFE_CHECK_FAILED,
                      g_strdup_printf (_("A namespace “%s” is being deleted. Wait until it is "
                                         "gone, or choose another name."), name));
      else
        finish_check (self, ODFE_PREFLIGHT_NAMESPACE, ODFE_CHECK_FAILED,
                      g_strdup_printf (_("A namespace “%s” exists already. Choose another "
                                         "name, or put the cluster in it as an existing "
                                         "namespace."), name));
      return;
    }

  if (namespace_ == NULL)
    {
      finish_check (self, ODFE_PREFLIGHT_NAMESPACE, ODFE_CHECK_FAILED,
                    g_strdup_printf (_("There is no namespace “%s”. Choose an existing one, "
                                       "or have it created."), name));
      return;
    }

  if (kube_json_path_string (namespace_, "metadata", "deletionTimestamp", NULL) != NULL)
    {
      finish_check (self, ODFE_PREFLIGHT_NAMESPACE, ODFE_CHECK_FAILED,
                    g_strdup_printf (_("The namespace “%s” is being deleted."), name));
      return;
    }

  check_contents (self);
}

static void
check_namespace (OdfePreflight *self)
{
  kube_client_get_async (self->client, kube_resource_type_get (KUBE_RESOURCE_NAMESPACES), NULL,
                         self->spec->namespace, self->cancellable, namespace_got,
                         g_object_ref (self));
}

/* Pod Security */

/* Capabilities the baseline level lets a container add. */
static const char * const baseline_capabilities[] = {
  "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
  "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT", NULL
};

/* Volume kinds the restricted level admits. */
static const char * const restricted_volumes[] = {
  "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim",
  "projected", "secret", NULL
};

static gboolean
in_list (const char * const *list,
         const char         *value)
{
  return value != NULL && g_strv_contains (list, value);
}

static void
add_violation (GPtrArray  *violations,
               char       *text)
{
  for (guint i = 0; i < violations->len; i++)
    {
      if (g_str_equal (violations->pdata[i], text))
        {
          g_free (text);
          return;
        }
    }

  g_ptr_array_add (violations, text);
}

/* A container's own security setting @member, else the pod's (@pod_security). */
static JsonNode *
effective_setting (JsonObject *security,
                   JsonObject *pod_security,
                   const char *member)
{
  if (security != NULL && json_object_has_member (security, member))
    return json_object_get_member (security, member);
  if (pod_security != NULL && json_object_has_member (pod_security, member))
    return json_object_get_member (pod_security, member);

  return NULL;
}

static void
check_container (JsonObject *container,
                 JsonObject *pod_security,
                 gboolean    restricted,
                 GPtrArray  *violations)
{
  const char *name = kube_json_get_string (container, "name") ?: "?";
  JsonObject *security = kube_json_get_object (container, "securityContext");
  JsonObject *capabilities = kube_json_get_object (security, "capabilities");
  JsonArray *added = kube_json_get_array (capabilities, "add");
  JsonArray *dropped = kube_json_get_array (capabilities, "drop");
  JsonArray *ports = kube_json_get_array (container, "ports");
  JsonNode *seccomp = effective_setting (security, pod_security, "seccompProfile");
  JsonNode *non_root = effective_setting (security, pod_security, "runAsNonRoot");
  JsonNode *user = effective_setting (security, pod_security, "runAsUser");
  const char *seccomp_type = NULL;
  gboolean drops_all = FALSE;

  if (kube_json_get_bool (security, "privileged", FALSE))
    add_violation (violations, g_strdup_printf (_("container “%s” is privileged"), name));

  for (guint i = 0; added != NULL && i < json_array_get_length (added); i++)
    {
      JsonNode *element = json_array_get_element (added, i);
      const char *capability = JSON_NODE_HOLDS_VALUE (element)
                               && json_node_get_value_type (element) == G_TYPE_STRING
                               ? json_node_get_string (element) : NULL;

      if (restricted ? g_strcmp0 (capability, "NET_BIND_SERVICE") != 0
                     : !in_list (baseline_capabilities, capability))
        add_violation (violations, g_strdup_printf (_("container “%s” adds the capability %s"),
                                                    name, capability ?: "?"));
    }

  for (guint i = 0; ports != NULL && i < json_array_get_length (ports); i++)
    if (kube_json_get_int (kube_json_object (json_array_get_element (ports, i)), "hostPort",
                           0) != 0)
      add_violation (violations, g_strdup_printf (_("container “%s” uses a port of the node"),
                                                  name));

  if (seccomp != NULL && JSON_NODE_HOLDS_OBJECT (seccomp))
    seccomp_type = kube_json_get_string (json_node_get_object (seccomp), "type");
  if (g_strcmp0 (seccomp_type, "Unconfined") == 0)
    add_violation (violations, g_strdup_printf (_("container “%s” runs without a seccomp "
                                                  "profile"), name));

  if (!restricted)
    return;

  if (kube_json_get_bool (security, "allowPrivilegeEscalation", TRUE))
    add_violation (violations, g_strdup_printf (_("container “%s” may gain privileges"),
                                                name));
  if (non_root == NULL || !JSON_NODE_HOLDS_VALUE (non_root)
      || json_node_get_value_type (non_root) != G_TYPE_BOOLEAN
      || !json_node_get_boolean (non_root))
    add_violation (violations, g_strdup_printf (_("container “%s” may run as root"), name));
  if (user != NULL && JSON_NODE_HOLDS_VALUE (user)
      && json_node_get_value_type (user) == G_TYPE_INT64 && json_node_get_int (user) == 0)
    add_violation (violations, g_strdup_printf (_("container “%s” runs as root"), name));
  if (g_strcmp0 (seccomp_type, "RuntimeDefault") != 0 && g_strcmp0 (seccomp_type, "Localhost") != 0
      && g_strcmp0 (seccomp_type, "Unconfined") != 0)
    add_violation (violations, g_strdup_printf (_("container “%s” has no seccomp profile"),
                                                name));

  for (guint i = 0; dropped != NULL && i < json_array_get_length (dropped); i++)
    {
      JsonNode *element = json_array_get_element (dropped, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING
          && g_str_equal (json_node_get_string (element), "ALL"))
        drops_all = TRUE;
    }
  if (!drops_all)
    add_violation (violations, g_strdup_printf (_("container “%s” keeps its capabilities"),
                                                name));
}

GStrv
odfe_pod_security_violations (JsonNode   *pod_spec,
                              const char *level)
{
  static const char * const container_lists[] = {
    "initContainers", "containers", "ephemeralContainers", NULL
  };
  g_autoptr(GPtrArray) violations = g_ptr_array_new_with_free_func (g_free);
  JsonObject *spec = kube_json_object (pod_spec);
  JsonObject *pod_security = kube_json_get_object (spec, "securityContext");
  JsonArray *volumes = kube_json_get_array (spec, "volumes");
  gboolean restricted = g_strcmp0 (level, "restricted") == 0;

  g_return_val_if_fail (pod_spec != NULL, NULL);

  if (level == NULL || (!restricted && g_strcmp0 (level, "baseline") != 0))
    return g_new0 (char *, 1);

  if (kube_json_get_bool (spec, "hostNetwork", FALSE) || kube_json_get_bool (spec, "hostPID",
                                                                             FALSE)
      || kube_json_get_bool (spec, "hostIPC", FALSE))
    add_violation (violations, g_strdup (_("the pods share the node’s namespaces")));

  for (guint i = 0; volumes != NULL && i < json_array_get_length (volumes); i++)
    {
      JsonObject *volume = kube_json_object (json_array_get_element (volumes, i));
      const char *name = kube_json_get_string (volume, "name") ?: "?";
      g_autoptr(GList) members = volume != NULL ? json_object_get_members (volume) : NULL;

      if (volume != NULL && json_object_has_member (volume, "hostPath"))
        add_violation (violations, g_strdup_printf (_("volume “%s” is a directory of the "
                                                      "node"), name));
      else if (restricted)
        for (GList *l = members; l != NULL; l = l->next)
          if (!g_str_equal (l->data, "name") && !in_list (restricted_volumes, l->data))
            add_violation (violations, g_strdup_printf (_("volume “%s” is of a kind the level "
                                                          "refuses"), name));
    }

  if (restricted)
    {
      JsonNode *user = pod_security != NULL ? json_object_get_member (pod_security, "runAsUser")
                                            : NULL;

      if (user != NULL && JSON_NODE_HOLDS_VALUE (user)
          && json_node_get_value_type (user) == G_TYPE_INT64 && json_node_get_int (user) == 0)
        add_violation (violations, g_strdup (_("the pods run as root")));
    }

  for (guint l = 0; container_lists[l] != NULL; l++)
    {
      JsonArray *containers = kube_json_get_array (spec, container_lists[l]);

      for (guint i = 0; containers != NULL && i < json_array_get_length (containers); i++)
        {
          JsonObject *container = kube_json_object (json_array_get_element (containers, i));

          if (container != NULL)
            check_container (container, pod_security, restricted, violations);
        }
    }

  g_ptr_array_add (violations, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&violations), FALSE);
}

/* The sentence on vm.max_map_count for the variant without the privileged init container. */
static const char *
max_map_count_note (void)
{
  return _("The nodes must have vm.max_map_count set to at least 262144, as no init "
           "container sets it.");
}

/* What @level makes of the pods the objects given describe: NULL when it admits them,
 * else the sentence listing what it refuses. */
static char *
refused_by_level (OdfePreflight *self,
                  const char    *level)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *list = NULL;

  for (guint i = 0; i < self->objects->len; i++)
    {
      JsonNode *object = self->objects->pdata[i];
      JsonObject *template_spec = kube_json_path_object (object, "spec", "template", "spec",
                                                         NULL);
      g_auto(GStrv) violations = NULL;

      if (g_strcmp0 (kube_json_path_string (object, "kind", NULL), "StatefulSet") != 0
          || template_spec == NULL)
        continue;

      {
        g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), template_spec);

        violations = odfe_pod_security_violations (node, level);
      }
      for (guint v = 0; violations[v] != NULL; v++)
        add_violation (all, g_strdup (violations[v]));
    }

  if (all->len == 0)
    return NULL;

  list = join (all);
  return list != NULL ? g_steal_pointer (&list) : NULL;
}

/* The level a new namespace gets from the objects given, or NULL. */
static const char *
new_namespace_level (OdfePreflight *self)
{
  for (guint i = 0; self->objects != NULL && i < self->objects->len; i++)
    {
      JsonNode *object = self->objects->pdata[i];

      if (g_strcmp0 (kube_json_path_string (object, "kind", NULL), "Namespace") == 0)
        return kube_json_path_string (object, "metadata", "labels", ENFORCE_LABEL, NULL);
    }

  return NULL;
}

/* The check, from the pods the objects given describe. */
static char *
pod_security_of_objects (OdfePreflight  *self,
                         const char     *level,
                         gboolean        new_namespace,
                         OdfeCheckState *state)
{
  const char *name = self->spec->namespace;
  g_autofree char *refused = NULL;
  g_autofree char *found = NULL;
  const char *note = self->spec->privileged_init ? NULL : max_map_count_note ();

  if (level != NULL && !g_str_equal (level, "privileged") && !g_str_equal (level, "baseline")
      && !g_str_equal (level, "restricted"))
    {
      *state = ODFE_CHECK_WARNING;
      return g_strdup_printf (_("“%s” enforces a Pod Security level unknown here, “%s”."),
                              name, level);
    }

  refused = refused_by_level (self, level);
  if (refused != NULL)
    {
      *state = ODFE_CHECK_FAILED;
      found = g_strdup_printf (_("“%s” enforces the “%s” Pod Security level, which refuses "
                                 "these pods: %s."), name, level, refused);
      if (self->spec->privileged_init)
        return g_strdup_printf ("%s %s", found,
                                _("Choose the variant without the privileged init container "
                                  "(the pods then run as a non-root user without "
                                  "privileges); the nodes must then have vm.max_map_count "
                                  "set to at least 262144."));
      return g_steal_pointer (&found);
    }

  *state = ODFE_CHECK_PASSED;
  if (level == NULL && new_namespace)
    found = g_strdup_printf (_("The new namespace “%s” has no Pod Security label, so the "
                               "cluster’s default level applies: “privileged”, unless an "
                               "administrator configured another."), name);
  else if (level == NULL)
    found = g_strdup_printf (_("“%s” has no Pod Security label, so the cluster’s default level "
                               "applies: “privileged”, unless an administrator configured "
                               "another."), name);
  else if (new_namespace)
    found = g_strdup_printf (_("The new namespace “%s” is created with the “%s” Pod Security "
                               "level, which admits the pods."), name, level);
  else
    found = g_strdup_printf (_("“%s” enforces the “%s” Pod Security level, which admits the "
                               "pods."), name, level);

  if (note != NULL)
    return g_strdup_printf ("%s %s", found, note);
  return g_steal_pointer (&found);
}

/* The check from the spec alone: what odfe_manifests_build () makes of it (the privileged
 * init-sysctl and root fixmount containers, and a new namespace labelled privileged for
 * them; or the variant that meets the restricted level), which test-odfe-preflight checks
 * against the manifests themselves. */
static char *
pod_security_of_spec (OdfePreflight  *self,
                      const char     *level,
                      gboolean        new_namespace,
                      OdfeCheckState *state)
{
  const char *name = self->spec->namespace;
  gboolean privileged = self->spec->privileged_init;

  if (new_namespace)
    level = privileged ? "privileged" : NULL;

  if (level != NULL && !g_str_equal (level, "privileged") && !g_str_equal (level, "baseline")
      && !g_str_equal (level, "restricted"))
    {
      *state = ODFE_CHECK_WARNING;
      return g_strdup_printf (_("“%s” enforces a Pod Security level unknown here, “%s”."),
                              name, level);
    }

  if (privileged && level != NULL && !g_str_equal (level, "privileged"))
    {
      *state = ODFE_CHECK_FAILED;
      return g_strdup_printf (_("“%s” enforces the “%s” Pod Security level, which refuses "
                                "the privileged init container that sets "
                                "vm.max_map_count. Choose the variant without it (the "
                                "pods then run as a non-root user without privileges); "
                                "the nodes must then have vm.max_map_count set to at "
                                "least 262144."), name, level);
    }

  *state = ODFE_CHECK_PASSED;
  if (new_namespace && privileged)
    return g_strdup_printf (_("The new namespace “%s” is created with the “privileged” Pod "
                              "Security level, which admits the init container that sets "
                              "vm.max_map_count."), name);
  if (new_namespace)
    return g_strdup_printf (_("The new namespace “%s” has no Pod Security label, so the "
                              "cluster’s default level applies; the pods run as a non-root "
                              "user without privileges, which every level admits. %s"), name,
                            max_map_count_note ());
  if (level == NULL)
    return g_strdup_printf (_("“%s” has no Pod Security label, so the cluster’s default level "
                              "applies: “privileged”, unless an administrator configured "
                              "another. %s"), name,
                            privileged ? _("It admits the privileged init container that sets "
                                           "vm.max_map_count.")
                                       : max_map_count_note ());
  if (privileged)
    return g_strdup_printf (_("“%s” enforces the “privileged” Pod Security level. It admits "
                              "the privileged init container that sets vm.max_map_count."),
                            name);
  return g_strdup_printf (_("“%s” enforces the “%s” Pod Security level, which admits the pods: "
                            "they run as a non-root user without privileges. %s"), name, level,
                          max_map_count_note ());
}

static void
pod_security_got (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(OdfePreflight) self = user_data;
  g_autoptr(JsonNode) namespace_ = NULL;
  g_autoptr(GError) error = NULL;
  const char *name = self->spec->namespace;
  OdfeCheckState state = ODFE_CHECK_PASSED;
  gboolean new_namespace = FALSE;
  const char *level = NULL;
  char *detail;

  namespace_ = kube_client_get_finish (KUBE_CLIENT (source_object), result, &error);

  if (namespace_ == NULL && g_error_matches (error, KUBE_ERROR, KUBE_ERROR_NOT_FOUND)
      && self->spec->create_namespace)
    {
      new_namespace = TRUE;
      level = new_namespace_level (self);
    }
  else if (namespace_ == NULL && g_error_matches (error, KUBE_ERROR, KUBE_ERROR_NOT_FOUND))
    {
      finish_check (self, ODFE_PREFLIGHT_POD_SECURITY, ODFE_CHECK_WARNING,
                    g_strdup_printf (_("There is no namespace “%s” whose Pod Security level "
                                       "could be checked."), name));
      return;
    }
  else if (namespace_ == NULL)
    {
      finish_check (self, ODFE_PREFLIGHT_POD_SECURITY, ODFE_CHECK_WARNING,
                    g_strdup_printf (_("The Pod Security level of “%s” could not be read: %s"),
                                     name, error->message));
      return;
    }
  else
    level = kube_json_path_string (namespace_, "metadata", "labels", ENFORCE_LABEL, NULL);

  if (self->objects != NULL)
    detail = pod_security_of_objects (self, level, new_namespace, &state);
  else
    detail = pod_security_of_spec (self, level, new_namespace, &state);

  finish_check (self, ODFE_PREFLIGHT_POD_SECURITY, state, detail);
}

static void
check_pod_security (OdfePreflight *self)
{
  kube_client_get_async (self->client, kube_resource_type_get (KUBE_RESOURCE_NAMESPACES), NULL,
                         self->spec->namespace, self->cancellable, pod_security_got,
                         g_object_ref (self));
}

/* Storage */

static gboolean
is_default_class (JsonNode *storage_class)
{
  JsonObject *annotations = kube_json_path_object (storage_class, "metadata", "annotations",
                                                   NULL);

  return g_strcmp0 (kube_json_get_string (annotations, DEFAULT_CLASS), "true") == 0
         || g_strcmp0 (kube_json_get_string (annotations, DEFAULT_CLASS_BETA), "true") == 0;
}

static void
classes_listed (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(OdfePreflight) self = user_data;
  g_autoptr(KubeList) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *all = NULL;
  const char *wanted = self->spec->storage_class;
  JsonNode *chosen = NULL;

  list = kube_client_list_finish (KUBE_CLIENT (source_object), result, &error);
  if (list == NULL)
    {
      finish_check (self, ODFE_PREFLIGHT_STORAGE, ODFE_CHECK_WARNING,
                    g_strdup_printf (_("The StorageClasses could not be read: %s"),
                                     error->message));
      return;
    }

  for (guint i = 0; i < list->items->len; i++)
    {
      JsonNode *storage_class = list->items->pdata[i];
      const char *name = kube_json_path_string (storage_class, "metadata", "name", NULL);

      if (name == NULL)
        continue;
      g_ptr_array_add (names, (gpointer) name);
      if (chosen != NULL)
        continue;
      if (wanted != NULL && wanted[0] != '\0' ? g_str_equal (name, wanted)
                                              : is_default_class (storage_class))
        chosen = storage_class;
    }
  all = join (names);

  if (chosen != NULL)
    {
      const char *name = kube_json_path_string (chosen, "metadata", "name", NULL);
      const char *provisioner = kube_json_path_string (chosen, "provisioner", NULL);

      if (wanted != NULL && wanted[0] != '\0')
        finish_check (self, ODFE_PREFLIGHT_STORAGE, ODFE_CHECK_PASSED,
                      g_strdup_printf (_("The StorageClass “%s” provides the volumes "
                                         "(provisioner %s)."), name,
                                       provisioner != NULL ? provisioner : "?"));
      else
        finish_check (self, ODFE_PREFLIGHT_STORAGE, ODFE_CHECK_PASSED,
                      g_strdup_printf (_("The cluster’s default StorageClass, “%s”, provides "
                                         "the volumes (provisioner %s)."), name,
                                       provisioner != NULL ? provisioner : "?"));
    }
  else if (names->len == 0)
    finish_check (self, ODFE_PREFLIGHT_STORAGE, ODFE_CHECK_FAILED,
                  g_strdup (_("The cluster has no StorageClass, so no volume can be made for "
                              "the pods, which would wait for one for ever. An administrator "
                              "must add a StorageClass (or PersistentVolumes by hand) first.")));
  else if (wanted != NULL && wanted[0] != '\0')
    finish_check (self, ODFE_PREFLIGHT_STORAGE, ODFE_CHECK_FAILED,
                  g_strdup_printf (_("There is no StorageClass “%s”. The cluster has: %s."),
                                   wanted, all));
  else
    finish_check (self, ODFE_PREFLIGHT_STORAGE, ODFE_CHECK_FAILED,
                  g_strdup_printf (_("The cluster has no default StorageClass. Choose one of "
                                     "its classes: %s."), all));
}

static void
check_storage (OdfePreflight *self)
{
  kube_client_list_all_async (self->client,
                              kube_resource_type_get (KUBE_RESOURCE_STORAGECLASSES), NULL,
                              NULL, self->cancellable, classes_listed, g_object_ref (self));
}

/* Capacity */

typedef struct
{
  char    *name;
  guint64  cpu_millis;      /* allocatable, less what is requested already */
  guint64  memory_bytes;
} Room;

static void
room_free (Room *room)
{
  g_free (room->name);
  g_free (room);
}

typedef struct
{
  OdfePreflight *self;
  guint          outstanding;
  KubeList      *nodes;
  KubeList      *pods;
  GError        *nodes_error;
  GError        *pods_error;
} Capacity;

/* Whether the new pods (which tolerate no taint) may go to @node. */
static gboolean
node_schedulable (JsonNode *node)
{
  JsonObject *spec = kube_json_path_object (node, "spec", NULL);
  JsonArray *taints = kube_json_get_array (spec, "taints");
  JsonArray *conditions = kube_json_get_array (kube_json_path_object (node, "status", NULL),
                                               "conditions");
  gboolean ready = FALSE;

  if (kube_json_get_bool (spec, "unschedulable", FALSE))
    return FALSE;

  for (guint i = 0; taints != NULL && i < json_array_get_length (taints); i++)
    {
      const char *effect = kube_json_get_string (kube_json_object (
                                                   json_array_get_element (taints, i)),
                                                 "effect");

      if (g_strcmp0 (effect, "NoSchedule") == 0 || g_strcmp0 (effect, "NoExecute") == 0)
        return FALSE;
    }

  for (guint i = 0; conditions != NULL && i < json_array_get_length (conditions); i++)
    {
      JsonObject *condition = kube_json_object (json_array_get_element (conditions, i));

      if (g_strcmp0 (kube_json_get_string (condition, "type"), "Ready") == 0)
        ready = g_strcmp0 (kube_json_get_string (condition, "status"), "True") == 0;
    }

  return ready;
}

/* The sum of @containers' requests of @resource. */
static guint64
containers_request (JsonArray  *containers,
                    const char *resource,
                    gboolean    millis,
                    gboolean    maximum)
{
  guint64 total = 0;

  for (guint i = 0; containers != NULL && i < json_array_get_length (containers); i++)
    {
      JsonNode *container = json_array_get_element (containers, i);
      const char *text = kube_json_path_string (container, "resources", "requests", resource,
                                                NULL);
      guint64 value = 0;

      if (text == NULL)
        continue;
      if (!(millis ? kube_quantity_parse_millis (text, &value)
                   : kube_quantity_parse (text, &value)))
        continue;
      total = maximum ? MAX (total, value) : total + value;
    }

  return total;
}

/* A pod's request as the scheduler counts it: its containers', or its largest init
 * container's when that is more. */
static guint64
pod_request (JsonNode   *pod,
             const char *resource,
             gboolean    millis)
{
  JsonObject *spec = kube_json_path_object (pod, "spec", NULL);

  return MAX (containers_request (kube_json_get_array (spec, "containers"), resource, millis,
                                  FALSE),
              containers_request (kube_json_get_array (spec, "initContainers"), resource,
                                  millis, TRUE));
}

static guint64
allocatable (JsonNode   *node,
             const char *resource,
             gboolean    millis)
{
  const char *text = kube_json_path_string (node, "status", "allocatable", resource, NULL);
  guint64 value = 0;

  if (text == NULL || !(millis ? kube_quantity_parse_millis (text, &value)
                               : kube_quantity_parse (text, &value)))
    return 0;

  return value;
}

static GPtrArray *
rooms_of (Capacity *capacity)
{
  GPtrArray *rooms = g_ptr_array_new_with_free_func ((GDestroyNotify) room_free);
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < capacity->nodes->items->len; i++)
    {
      JsonNode *node = capacity->nodes->items->pdata[i];
      const char *name = kube_json_path_string (node, "metadata", "name", NULL);
      Room *room;

      if (name == NULL || !node_schedulable (node))
        continue;

      room = g_new0 (Room, 1);
      room->name = g_strdup (name);
      room->cpu_millis = allocatable (node, "cpu", TRUE);
      room->memory_bytes = allocatable (node, "memory", FALSE);
      g_ptr_array_add (rooms, room);
      g_hash_table_insert (by_name, room->name, room);
    }

  for (guint i = 0; capacity->pods != NULL && i < capacity->pods->items->len; i++)
    {
      JsonNode *pod = capacity->pods->items->pdata[i];
      const char *node = kube_json_path_string (pod, "spec", "nodeName", NULL);
      const char *phase = kube_json_path_string (pod, "status", "phase", NULL);
      Room *room = node != NULL ? g_hash_table_lookup (by_name, node) : NULL;
      guint64 cpu;
      guint64 memory;

      if (room == NULL || g_strcmp0 (phase, "Succeeded") == 0
          || g_strcmp0 (phase, "Failed") == 0)
        continue;

      cpu = pod_request (pod, "cpu", TRUE);
      memory = pod_request (pod, "memory", FALSE);
      room->cpu_millis -= MIN (room->cpu_millis, cpu);
      room->memory_bytes -= MIN (room->memory_bytes, memory);
    }

  return rooms;
}

static void
capacity_done (Capacity *capacity)
{
  OdfePreflight *self = capacity->self;
  const OdfeClusterSpec *spec = self->spec;
  guint count = spec->node_count
                + (spec->roles == ODFE_ROLES_DEDICATED_MASTERS ? spec->master_count : 0);
  guint64 cpu = MAX (spec->cpu_millis, 1);
  guint64 memory = MAX (spec->memory_bytes, 1);
  g_autoptr(GPtrArray) rooms = NULL;
  g_autofree char *cpu_text = format_cpu (cpu);
  g_autofree char *memory_text = format_memory (memory);
  g_autofree char *found = NULL;
  Room *roomiest = NULL;
  guint64 slots = 0;
  guint nodes_with_room = 0;
  OdfeCheckState state;

  if (capacity->nodes == NULL)
    {
      finish_check (self, ODFE_PREFLIGHT_CAPACITY, ODFE_CHECK_WARNING,
                    g_strdup_printf (_("The nodes could not be read, so their room for the "
                                       "pods is not known: %s"),
                                     capacity->nodes_error->message));
      goto out;
    }

  rooms = rooms_of (capacity);

  if (rooms->len == 0)
    {
      finish_check (self, ODFE_PREFLIGHT_CAPACITY, ODFE_CHECK_FAILED,
                    g_strdup (_("No node takes new pods: each is cordoned, not Ready or "
                                "tainted.")));
      goto out;
    }

  for (guint i = 0; i < rooms->len; i++)
    {
      Room *room = rooms->pdata[i];
      guint64 fits = MIN (room->cpu_millis / cpu, room->memory_bytes / memory);

      slots += fits;
      nodes_with_room += fits > 0;
      if (roomiest == NULL || room->memory_bytes > roomiest->memory_bytes)
        roomiest = room;
    }

  if (slots == 0)
    {
      g_autofree char *free_cpu = format_cpu (roomiest->cpu_millis);
      g_autofree char *free_memory = format_memory (roomiest->memory_bytes);

      state = ODFE_CHECK_FAILED;
      found = g_strdup_printf (_("No node has room for a pod of %s and %s of memory: the most "
                                 "memory free is on %s, with %s and %s free. Ask for less "
                                 "per node."), cpu_text, memory_text, roomiest->name,
                               free_cpu, free_memory);
    }
  else if (slots < count)
    {
      state = ODFE_CHECK_FAILED;
      found = g_strdup_printf (ngettext ("The nodes have room for only %u of the %u pods of "
                                         "%s and %s of memory each. Ask for fewer nodes or "
                                         "less per node.",
                                         "The nodes have room for only %u of the %u pods of "
                                         "%s and %s of memory each. Ask for fewer nodes or "
                                         "less per node.", count),
                               (guint) slots, count, cpu_text, memory_text);
    }
  else if (nodes_with_room < count && count > 1)
    {
      state = ODFE_CHECK_WARNING;
      found = g_strdup_printf (ngettext ("The nodes have room for the %u pods of %s and %s of "
                                         "memory each, but only on %u node: losing it would "
                                         "take several pods at once.",
                                         "The nodes have room for the %u pods of %s and %s of "
                                         "memory each, but only on %u nodes: losing one would "
                                         "take several pods at once.", nodes_with_room),
                               count, cpu_text, memory_text, nodes_with_room);
    }
  else
    {
      state = ODFE_CHECK_PASSED;
      found = g_strdup_printf (ngettext ("The nodes have room for %u pod of %s and %s of "
                                         "memory.",
                                         "The nodes have room for the %u pods of %s and %s of "
                                         "memory each.", count),
                               count, cpu_text, memory_text);
    }

  if (capacity->pods == NULL)
    finish_check (self, ODFE_PREFLIGHT_CAPACITY, state,
                  g_strdup_printf ("%s %s", found,
                                   _("The pods running already could not be read, so what "
                                     "they use is not counted.")));
  else
    finish_check (self, ODFE_PREFLIGHT_CAPACITY, state, g_steal_pointer (&found));

out:
  g_clear_pointer (&capacity->nodes, kube_list_free);
  g_clear_pointer (&capacity->pods, kube_list_free);
  g_clear_error (&capacity->nodes_error);
  g_clear_error (&capacity->pods_error);
  g_object_unref (capacity->self);
  g_free (capacity);
}

static void
nodes_listed (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Capacity *capacity = user_data;

  capacity->nodes = kube_client_list_finish (KUBE_CLIENT (source_object), result,
                                             &capacity->nodes_error);
  if (--capacity->outstanding == 0)
    capacity_done (capacity);
}

static void
all_pods_listed (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Capacity *capacity = user_data;

  capacity->pods = kube_client_list_finish (KUBE_CLIENT (source_object), result,
                                            &capacity->pods_error);
  if (capacity->pods_error != NULL)
    g_debug ("pods: %s", capacity->pods_error->message);
  if (--capacity->outstanding == 0)
    capacity_done (capacity);
}

static void
check_capacity (OdfePreflight *self)
{
  Capacity *capacity = g_new0 (Capacity, 1);

  capacity->self = g_object_ref (self);
  capacity->outstanding = 2;
  kube_client_list_all_async (self->client, kube_resource_type_get (KUBE_RESOURCE_NODES), NULL,
                              NULL, self->cancellable, nodes_listed, capacity);
  kube_client_list_all_async (self->client, kube_resource_type_get (KUBE_RESOURCE_PODS), NULL,
                              NULL, self->cancellable, all_pods_listed, capacity);
}

/* The run */

void
odfe_preflight_run_async (OdfePreflight       *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ODFE_IS_PREFLIGHT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, odfe_preflight_run_async);

  if (self->task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "The preflight checks are running already");
      return;
    }

  self->task = g_steal_pointer (&task);
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  self->pending = ODFE_PREFLIGHT_N_CHECKS;

  for (guint i = 0; i < ODFE_PREFLIGHT_N_CHECKS; i++)
    set_check (self, i, ODFE_CHECK_RUNNING, NULL);

  check_permissions (self);
  check_namespace (self);
  check_pod_security (self);
  check_storage (self);
  check_capacity (self);
}

gboolean
odfe_preflight_run_finish (OdfePreflight  *self,
                           GAsyncResult   *result,
                           GError        **error)
{
  g_return_val_if_fail (ODFE_IS_PREFLIGHT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Getters */

guint
odfe_preflight_get_n_checks (OdfePreflight *self)
{
  g_return_val_if_fail (ODFE_IS_PREFLIGHT (self), 0);

  return ODFE_PREFLIGHT_N_CHECKS;
}

const char *
odfe_preflight_get_check_title (OdfePreflight *self,
                                guint          index)
{
  g_return_val_if_fail (ODFE_IS_PREFLIGHT (self), NULL);
  g_return_val_if_fail (index < ODFE_PREFLIGHT_N_CHECKS, NULL);

  switch ((OdfePreflightCheck) index)
    {
    case ODFE_PREFLIGHT_PERMISSIONS:
      return _("Permissions");
    case ODFE_PREFLIGHT_NAMESPACE:
      return _("Namespace");
    case ODFE_PREFLIGHT_POD_SECURITY:
      return _("Pod Security");
    case ODFE_PREFLIGHT_STORAGE:
      return _("Storage");
    case ODFE_PREFLIGHT_CAPACITY:
      return _("Room on the nodes");
    case ODFE_PREFLIGHT_N_CHECKS:
    default:
      g_assert_not_reached ();
    }
}

OdfeCheckState
odfe_preflight_get_check_state (OdfePreflight *self,
                                guint          index)
{
  g_return_val_if_fail (ODFE_IS_PREFLIGHT (self), ODFE_CHECK_PENDING);
  g_return_val_if_fail (index < ODFE_PREFLIGHT_N_CHECKS, ODFE_CHECK_PENDING);

  return self->checks[index].state;
}

const char *
odfe_preflight_get_check_detail (OdfePreflight *self,
                                 guint          index)
{
  g_return_val_if_fail (ODFE_IS_PREFLIGHT (self), NULL);
  g_return_val_if_fail (index < ODFE_PREFLIGHT_N_CHECKS, NULL);

  return self->checks[index].detail;
}
