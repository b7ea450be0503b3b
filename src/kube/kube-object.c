/* kube-object.c: the compact form of a Kubernetes object that views need
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A store may hold thousands of objects; keeping their JSON trees would cost tens of
 * kilobytes each.  A KubeObject keeps the handful of fields the views show, read here, in
 * one place per kind.
 */

#include "kube-object.h"
#include "kube-json.h"
#include "kube-portforward.h"

struct _KubeObject
{
  GObject                 parent_instance;

  const KubeResourceType *type;
  char                   *key;
  char                   *name;
  char                   *namespace;
  char                   *uid;
  char                   *resource_version;
  GHashTable             *labels;
  GDateTime              *creation_timestamp;
  GDateTime              *deletion_timestamp;
  char                   *owner;

  char                   *phase;
  char                   *status;
  guint                   ready_containers;
  gboolean                ready;
  guint                   total_containers;
  guint                   restarts;
  char                   *node;
  char                   *pod_ip;

  guint                   replicas;
  guint                   ready_replicas;
  char                   *image;

  char                   *reason;
  char                   *message;
  char                   *event_type;
  guint                   count;
  GDateTime              *last_seen;
  char                   *involved_kind;
  char                   *involved_name;
  char                   *involved_uid;
  char                   *source;
};

enum
{
  PROP_0,
  PROP_NAME,
  PROP_NAMESPACE,
  PROP_UID,
  PROP_RESOURCE_VERSION,
  PROP_CREATION_TIMESTAMP,
  PROP_DELETION_TIMESTAMP,
  PROP_OWNER,
  PROP_PHASE,
  PROP_STATUS,
  PROP_READY_CONTAINERS,
  PROP_TOTAL_CONTAINERS,
  PROP_RESTARTS,
  PROP_NODE,
  PROP_POD_IP,
  PROP_REPLICAS,
  PROP_READY_REPLICAS,
  PROP_REASON,
  PROP_MESSAGE,
  PROP_EVENT_TYPE,
  PROP_COUNT,
  PROP_LAST_SEEN,
  PROP_INVOLVED_KIND,
  PROP_INVOLVED_NAME,
  PROP_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KubeObject, kube_object, G_TYPE_OBJECT)

static void
kube_object_finalize (GObject *object)
{
  KubeObject *self = KUBE_OBJECT (object);

  g_free (self->key);
  g_free (self->name);
  g_free (self->namespace);
  g_free (self->uid);
  g_free (self->resource_version);
  g_clear_pointer (&self->labels, g_hash_table_unref);
  g_clear_pointer (&self->creation_timestamp, g_date_time_unref);
  g_clear_pointer (&self->deletion_timestamp, g_date_time_unref);
  g_free (self->owner);
  g_free (self->image);
  g_free (self->phase);
  g_free (self->status);
  g_free (self->node);
  g_free (self->pod_ip);
  g_free (self->reason);
  g_free (self->message);
  g_free (self->event_type);
  g_clear_pointer (&self->last_seen, g_date_time_unref);
  g_free (self->involved_kind);
  g_free (self->involved_name);
  g_free (self->involved_uid);
  g_free (self->source);

  G_OBJECT_CLASS (kube_object_parent_class)->finalize (object);
}

static void
kube_object_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  KubeObject *self = KUBE_OBJECT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_NAMESPACE:
      g_value_set_string (value, self->namespace);
      break;
    case PROP_UID:
      g_value_set_string (value, self->uid);
      break;
    case PROP_RESOURCE_VERSION:
      g_value_set_string (value, self->resource_version);
      break;
    case PROP_CREATION_TIMESTAMP:
      g_value_set_boxed (value, self->creation_timestamp);
      break;
    case PROP_DELETION_TIMESTAMP:
      g_value_set_boxed (value, self->deletion_timestamp);
      break;
    case PROP_OWNER:
      g_value_set_string (value, self->owner);
      break;
    case PROP_PHASE:
      g_value_set_string (value, self->phase);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_READY_CONTAINERS:
      g_value_set_uint (value, self->ready_containers);
      break;
    case PROP_TOTAL_CONTAINERS:
      g_value_set_uint (value, self->total_containers);
      break;
    case PROP_RESTARTS:
      g_value_set_uint (value, self->restarts);
      break;
    case PROP_NODE:
      g_value_set_string (value, self->node);
      break;
    case PROP_POD_IP:
      g_value_set_string (value, self->pod_ip);
      break;
    case PROP_REPLICAS:
      g_value_set_uint (value, self->replicas);
      break;
    case PROP_READY_REPLICAS:
      g_value_set_uint (value, self->ready_replicas);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_EVENT_TYPE:
      g_value_set_string (value, self->event_type);
      break;
    case PROP_COUNT:
      g_value_set_uint (value, self->count);
      break;
    case PROP_LAST_SEEN:
      g_value_set_boxed (value, self->last_seen);
      break;
    case PROP_INVOLVED_KIND:
      g_value_set_string (value, self->involved_kind);
      break;
    case PROP_INVOLVED_NAME:
      g_value_set_string (value, self->involved_name);
      break;
    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
uint_property (const char *name)
{
  return g_param_spec_uint (name, NULL, NULL, 0, G_MAXUINT, 0,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
kube_object_class_init (KubeObjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kube_object_finalize;
  object_class->get_property = kube_object_get_property;

  /* Immutable: a change on the server gives a new KubeObject, and the store says so. */
  properties[PROP_NAME] = string_property ("name");
  properties[PROP_NAMESPACE] = string_property ("namespace");
  properties[PROP_UID] = string_property ("uid");
  properties[PROP_RESOURCE_VERSION] = string_property ("resource-version");
  properties[PROP_CREATION_TIMESTAMP] =
    g_param_spec_boxed ("creation-timestamp", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DELETION_TIMESTAMP] =
    g_param_spec_boxed ("deletion-timestamp", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OWNER] = string_property ("owner");
  properties[PROP_PHASE] = string_property ("phase");
  properties[PROP_STATUS] = string_property ("status");
  properties[PROP_READY_CONTAINERS] = uint_property ("ready-containers");
  properties[PROP_TOTAL_CONTAINERS] = uint_property ("total-containers");
  properties[PROP_RESTARTS] = uint_property ("restarts");
  properties[PROP_NODE] = string_property ("node");
  properties[PROP_POD_IP] = string_property ("pod-ip");
  properties[PROP_REPLICAS] = uint_property ("replicas");
  properties[PROP_READY_REPLICAS] = uint_property ("ready-replicas");
  properties[PROP_REASON] = string_property ("reason");
  properties[PROP_MESSAGE] = string_property ("message");
  properties[PROP_EVENT_TYPE] = string_property ("event-type");
  properties[PROP_COUNT] = uint_property ("count");
  properties[PROP_LAST_SEEN] =
    g_param_spec_boxed ("last-seen", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_INVOLVED_KIND] = string_property ("involved-kind");
  properties[PROP_INVOLVED_NAME] = string_property ("involved-name");
  properties[PROP_SOURCE] = string_property ("source");
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kube_object_init (KubeObject *self)
{
}

static GDateTime *
read_time (JsonObject *object,
           const char *member)
{
  const char *text = kube_json_get_string (object, member);

  return text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

static guint
read_count (JsonObject *object,
            const char *member)
{
  gint64 value = kube_json_get_int (object, member, 0);

  return (guint) CLAMP (value, 0, G_MAXUINT);
}

static void
read_metadata (KubeObject *self,
               JsonObject *metadata)
{
  JsonObject *labels = kube_json_get_object (metadata, "labels");
  JsonArray *owners = kube_json_get_array (metadata, "ownerReferences");

  self->uid = g_strdup (kube_json_get_string (metadata, "uid"));
  self->resource_version = g_strdup (kube_json_get_string (metadata, "resourceVersion"));
  self->creation_timestamp = read_time (metadata, "creationTimestamp");
  self->deletion_timestamp = read_time (metadata, "deletionTimestamp");

  self->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (labels != NULL)
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *value;

      json_object_iter_init (&iter, labels);
      while (json_object_iter_next (&iter, &key, &value))
        {
          if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
            g_hash_table_insert (self->labels, g_strdup (key),
                                 g_strdup (json_node_get_string (value)));
        }
    }

  for (guint i = 0; owners != NULL && i < json_array_get_length (owners); i++)
    {
      JsonObject *owner = kube_json_object (json_array_get_element (owners, i));

      if (kube_json_get_bool (owner, "controller", FALSE) || self->owner == NULL)
        {
          const char *kind = kube_json_get_string (owner, "kind");
          const char *name = kube_json_get_string (owner, "name");

          if (kind != NULL && name != NULL)
            {
              g_free (self->owner);
              self->owner = g_strdup_printf ("%s/%s", kind, name);
            }
        }
    }
}

/* kubectl's rules for the init containers; returns the status while they run, or NULL. */
static char *
init_status (JsonArray *statuses,
             guint      total)
{
  guint length = statuses ? json_array_get_length (statuses) : 0;

  for (guint i = 0; i < length; i++)
    {
      JsonObject *status = kube_json_object (json_array_get_element (statuses, i));
      JsonObject *state = kube_json_get_object (status, "state");
      JsonObject *terminated = kube_json_get_object (state, "terminated");
      JsonObject *waiting = kube_json_get_object (state, "waiting");

      if (terminated != NULL)
        {
          gint64 exit_code = kube_json_get_int (terminated, "exitCode", 0);
          const char *reason = kube_json_get_string (terminated, "reason");

          if (exit_code == 0)
            continue;
          if (reason != NULL && reason[0] != '\0')
            return g_strdup_printf ("Init:%s", reason);
          if (kube_json_get_int (terminated, "signal", 0) != 0)
            return g_strdup_printf ("Init:Signal:%" G_GINT64_FORMAT,
                                    kube_json_get_int (terminated, "signal", 0));
          return g_strdup_printf ("Init:ExitCode:%" G_GINT64_FORMAT, exit_code);
        }

      if (waiting != NULL)
        {
          const char *reason = kube_json_get_string (waiting, "reason");

          if (reason != NULL && reason[0] != '\0' && g_strcmp0 (reason, "PodInitializing") != 0)
            return g_strdup_printf ("Init:%s", reason);
        }

      return g_strdup_printf ("Init:%u/%u", i, total);
    }

  return NULL;
}

static gboolean
pod_ready_condition (JsonObject *status)
{
  JsonArray *conditions = kube_json_get_array (status, "conditions");

  for (guint i = 0; conditions != NULL && i < json_array_get_length (conditions); i++)
    {
      JsonObject *condition = kube_json_object (json_array_get_element (conditions, i));

      if (g_strcmp0 (kube_json_get_string (condition, "type"), "Ready") == 0)
        return g_strcmp0 (kube_json_get_string (condition, "status"), "True") == 0;
    }

  return FALSE;
}

/* Computes the STATUS text, and counts ready containers and restarts. */
static char *
pod_status (JsonNode *pod,
            guint    *ready_out,
            guint    *restarts_out)
{
  JsonObject *root = kube_json_object (pod);
  JsonObject *spec = kube_json_get_object (root, "spec");
  JsonObject *status = kube_json_get_object (root, "status");
  JsonObject *metadata = kube_json_get_object (root, "metadata");
  JsonArray *init_specs = kube_json_get_array (spec, "initContainers");
  JsonArray *statuses = kube_json_get_array (status, "containerStatuses");
  g_autofree char *reason = NULL;
  g_autofree char *initializing = NULL;
  gboolean has_running = FALSE;
  guint ready = 0;
  guint restarts = 0;
  guint length;

  reason = g_strdup (kube_json_get_string (status, "phase"));
  if (kube_json_get_string (status, "reason") != NULL)
    {
      g_free (reason);
      reason = g_strdup (kube_json_get_string (status, "reason"));
    }
  if (reason == NULL)
    reason = g_strdup ("Pending");

  {
    JsonArray *init_statuses = kube_json_get_array (status, "initContainerStatuses");

    length = init_statuses ? json_array_get_length (init_statuses) : 0;
    for (guint i = 0; i < length; i++)
      {
        JsonObject *container = kube_json_object (json_array_get_element (init_statuses, i));

        restarts += read_count (container, "restartCount");
      }

    initializing = init_status (init_statuses, init_specs ? json_array_get_length (init_specs)
                                                          : length);
  }

  length = statuses ? json_array_get_length (statuses) : 0;
  if (initializing != NULL)
    {
      g_free (reason);
      reason = g_steal_pointer (&initializing);
    }
  else
    {
      /* From the last container to the first, so that the first one's state wins. */
      for (guint i = length; i > 0; i--)
        {
          JsonObject *container = kube_json_object (json_array_get_element (statuses, i - 1));
          JsonObject *state = kube_json_get_object (container, "state");
          JsonObject *waiting = kube_json_get_object (state, "waiting");
          JsonObject *terminated = kube_json_get_object (state, "terminated");
          const char *why;

          restarts += read_count (container, "restartCount");

          if (waiting != NULL && (why = kube_json_get_string (waiting, "reason")) && why[0])
            {
              g_free (reason);
              reason = g_strdup (why);
            }
          else if (terminated != NULL)
            {
              why = kube_json_get_string (terminated, "reason");
              g_free (reason);
              if (why != NULL && why[0] != '\0')
                reason = g_strdup (why);
              else if (kube_json_get_int (terminated, "signal", 0) != 0)
                reason = g_strdup_printf ("Signal:%" G_GINT64_FORMAT,
                                          kube_json_get_int (terminated, "signal", 0));
              else
                reason = g_strdup_printf ("ExitCode:%" G_GINT64_FORMAT,
                                          kube_json_get_int (terminated, "exitCode", 0));
            }
          else if (kube_json_get_bool (container, "ready", FALSE)
                   && kube_json_get_object (state, "running") != NULL)
            {
              has_running = TRUE;
              ready++;
            }
        }

      if (g_strcmp0 (reason, "Completed") == 0 && has_running)
        {
          g_free (reason);
          reason = g_strdup (pod_ready_condition (status) ? "Running" : "NotReady");
        }
    }

  if (kube_json_get_string (metadata, "deletionTimestamp") != NULL)
    {
      g_free (reason);
      reason = g_strdup (g_strcmp0 (kube_json_get_string (status, "reason"), "NodeLost") == 0
                           ? "Unknown" : "Terminating");
    }

  if (ready_out != NULL)
    *ready_out = ready;
  if (restarts_out != NULL)
    *restarts_out = restarts;

  return g_steal_pointer (&reason);
}

char *
kube_pod_status_text (JsonNode *pod)
{
  return pod_status (pod, NULL, NULL);
}

static void
read_pod (KubeObject *self,
          JsonNode   *node)
{
  JsonObject *spec = kube_json_path_object (node, "spec", NULL);
  JsonObject *status = kube_json_path_object (node, "status", NULL);
  JsonArray *containers = kube_json_get_array (spec, "containers");

  self->phase = g_strdup (kube_json_get_string (status, "phase"));
  self->status = pod_status (node, &self->ready_containers, &self->restarts);
  self->ready = kube_pod_is_ready (node);
  self->total_containers = containers ? json_array_get_length (containers) : 0;
  self->node = g_strdup (kube_json_get_string (spec, "nodeName"));
  self->pod_ip = g_strdup (kube_json_get_string (status, "podIP"));
}

static void
read_statefulset (KubeObject *self,
                  JsonNode   *node)
{
  JsonObject *spec = kube_json_path_object (node, "spec", NULL);
  JsonObject *status = kube_json_path_object (node, "status", NULL);

  JsonObject *pod_spec = kube_json_path_object (node, "spec", "template", "spec", NULL);
  JsonArray *containers = kube_json_get_array (pod_spec, "containers");

  self->replicas = spec && json_object_has_member (spec, "replicas")
                     ? read_count (spec, "replicas") : 1;
  self->ready_replicas = read_count (status, "readyReplicas");

  /* The first container is the workload's own; sidecars come after it. */
  if (containers != NULL && json_array_get_length (containers) > 0
      && JSON_NODE_HOLDS_OBJECT (json_array_get_element (containers, 0)))
    self->image = g_strdup (kube_json_get_string (json_array_get_object_element (containers, 0),
                                                  "image"));
}

/* Both event APIs' fields: core/v1 (source, lastTimestamp, count) and what events.k8s.io/v1
 * writers leave in it (reportingController, eventTime, series). */
static void
read_event (KubeObject *self,
            JsonNode   *node)
{
  JsonObject *root = kube_json_object (node);
  JsonObject *involved = kube_json_get_object (root, "involvedObject");
  JsonObject *source = kube_json_get_object (root, "source");
  JsonObject *series = kube_json_get_object (root, "series");
  const char *component = kube_json_get_string (source, "component");
  const char *host = kube_json_get_string (source, "host");
  gint64 count;

  self->reason = g_strdup (kube_json_get_string (root, "reason"));
  self->message = g_strdup (kube_json_get_string (root, "message"));
  self->event_type = g_strdup (kube_json_get_string (root, "type"));
  self->involved_kind = g_strdup (kube_json_get_string (involved, "kind"));
  self->involved_name = g_strdup (kube_json_get_string (involved, "name"));
  self->involved_uid = g_strdup (kube_json_get_string (involved, "uid"));

  if (component == NULL || component[0] == '\0')
    component = kube_json_get_string (root, "reportingComponent");
  if (component != NULL && component[0] != '\0' && host != NULL && host[0] != '\0')
    self->source = g_strdup_printf ("%s, %s", component, host);
  else if (component != NULL && component[0] != '\0')
    self->source = g_strdup (component);

  count = kube_json_get_int (root, "count", 0);
  if (count <= 0)
    count = kube_json_get_int (series, "count", 1);
  self->count = (guint) CLAMP (count, 1, G_MAXUINT);

  self->last_seen = read_time (root, "lastTimestamp");
  if (self->last_seen == NULL)
    self->last_seen = read_time (series, "lastObservedTime");
  if (self->last_seen == NULL)
    self->last_seen = read_time (root, "eventTime");
  if (self->last_seen == NULL && self->creation_timestamp != NULL)
    self->last_seen = g_date_time_ref (self->creation_timestamp);
}

KubeObject *
kube_object_new_from_json (const KubeResourceType *type,
                           JsonNode               *node)
{
  KubeObject *self;
  JsonObject *metadata = kube_json_path_object (node, "metadata", NULL);
  const char *name = kube_json_get_string (metadata, "name");
  const char *namespace = kube_json_get_string (metadata, "namespace");

  g_return_val_if_fail (type != NULL, NULL);

  if (name == NULL || name[0] == '\0')
    return NULL;

  self = g_object_new (KUBE_TYPE_OBJECT, NULL);
  self->type = type;
  self->name = g_strdup (name);
  self->namespace = g_strdup (namespace);
  self->key = namespace ? g_strdup_printf ("%s/%s", namespace, name) : g_strdup (name);
  read_metadata (self, metadata);

  if (g_str_equal (type->plural, "pods"))
    read_pod (self, node);
  else if (g_str_equal (type->plural, "statefulsets"))
    read_statefulset (self, node);
  else if (g_str_equal (type->plural, "events"))
    read_event (self, node);

  return self;
}

const KubeResourceType *
kube_object_get_resource_type (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), NULL);
  return self->type;
}

const char *
kube_object_get_name (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), NULL);

  return self->name;
}

const char *
kube_object_get_namespace (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), NULL);

  return self->namespace;
}

const char *
kube_object_get_uid (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), NULL);

  return self->uid;
}

const char *
kube_object_get_resource_version (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), NULL);

  return self->resource_version;
}

GHashTable *
kube_object_get_labels (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), NULL);

  return self->labels;
}

GDateTime *
kube_object_get_creation_timestamp (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), NULL);

  return self->creation_timestamp;
}

GDateTime *
kube_object_get_deletion_timestamp (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), NULL);

  return self->deletion_timestamp;
}

const char *
kube_object_get_owner (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), NULL);

  return self->owner;
}

const char *
kube_object_get_phase (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), NULL);

  return self->phase;
}

const char *
kube_object_get_status (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), NULL);

  return self->status;
}

guint
kube_object_get_ready_containers (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), 0);

  return self->ready_containers;
}

gboolean
kube_object_get_ready (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), FALSE);

  return self->ready;
}

guint
kube_object_get_total_containers (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), 0);

  return self->total_containers;
}

guint
kube_object_get_restarts (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), 0);

  return self->restarts;
}

const char *
kube_object_get_node (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), NULL);

  return self->node;
}

const char *
kube_object_get_pod_ip (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), NULL);

  return self->pod_ip;
}

guint
kube_object_get_replicas (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), 0);

  return self->replicas;
}

guint
kube_object_get_ready_replicas (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), 0);

  return self->ready_replicas;
}

const char *
kube_object_get_key (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), NULL);

  return self->key;
}

const char *
kube_object_get_label (KubeObject *self,
                       const char *key)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return g_hash_table_lookup (self->labels, key);
}

const char *
kube_object_get_image (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), NULL);

  return self->image;
}

const char *
kube_object_get_reason (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), NULL);

  return self->reason;
}

const char *
kube_object_get_message (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), NULL);

  return self->message;
}

const char *
kube_object_get_event_type (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), NULL);

  return self->event_type;
}

guint
kube_object_get_count (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), 0);

  return self->count;
}

GDateTime *
kube_object_get_last_seen (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), NULL);

  return self->last_seen;
}

const char *
kube_object_get_involved_uid (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), NULL);

  return self->involved_uid;
}

const char *
kube_object_get_involved_kind (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), NULL);

  return self->involved_kind;
}

const char *
kube_object_get_involved_name (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), NULL);

  return self->involved_name;
}

const char *
kube_object_get_source (KubeObject *self)
{
  g_return_val_if_fail (KUBE_IS_OBJECT (self), NULL);

  return self->source;
}
