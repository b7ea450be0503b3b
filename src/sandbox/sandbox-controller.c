/* sandbox-controller.c: the simulated kubelet, StatefulSet controller and garbage collector
 *
 * What a small real cluster does on its own, reduced to what a client can
 * observe:
 *  - the scheduler: a new pod goes to a Ready node whose allocatable CPU
 *    and memory still hold its requests (its ordinal's node first), or
 *    stays Pending with a FailedScheduling Event when none does or when a
 *    claim it mounts is not Bound;
 *  - the kubelet: its Secrets and ConfigMaps are mounted (a missing one is
 *    a FailedMount Event, and the pod waits in ContainerCreating), its
 *    containers are created and started, and a search node plays its
 *    start (sandbox-boot.c): it becomes Ready after the ready delay, or
 *    crashes and restarts with a growing back-off (CrashLoopBackOff), or
 *    runs but fails its readiness probe (a Warning counted up while it
 *    repeats); a node whose probe asks the
 *    security health is Ready only once a majority of
 *    cluster.initial_master_nodes runs.  Conditions, container statuses
 *    and Events are those a real one shows; a deleted pod keeps its
 *    deletionTimestamp for the delete delay, then goes away;
 *  - the StatefulSet controller: pods <name>-0, <name>-1, … created one at
 *    a time, each only when the previous one is Ready (OrderedReady), or
 *    all at once (Parallel); each goes through Pod Security admission, a
 *    refusal being a FailedCreate Event; PVCs from the volumeClaimTemplates,
 *    Bound when their StorageClass (or the default one) exists, else
 *    Pending with a ProvisioningFailed Event; a deleted pod recreated; a
 *    changed pod template rolled out one pod at a time from the highest
 *    ordinal; the status block kept up to date;
 *  - the garbage collector: pods go when their StatefulSet goes.
 *
 * For tests, a StatefulSet annotated sandbox.searchdeck.io/never-ready with a list of its
 * pods' names keeps a pod of those names that starts meanwhile from ever being Ready.
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sandbox-admission.h"
#include "sandbox-boot.h"
#include "sandbox-controller.h"

/* How many Events the sandbox keeps, across namespaces. */
#define MAX_EVENTS 2000

struct _SandboxController
{
  GObject       parent_instance;

  SandboxStore *store;
  gulong        store_handler;
  guint         ready_delay_ms;
  guint         delete_delay_ms;

  /* "namespace/name" of StatefulSets waiting for a reconcile */
  GHashTable   *pending;
  /* namespaces whose PodDisruptionBudgets need their status recomputed */
  GHashTable   *pending_budgets;
  guint         reconcile_id;
  /* GSource ids of pod steps and removals still to come */
  GHashTable   *timers;
  guint         next_ip;
  guint         next_node;
  gint64        last_event_time;
  /* "namespace/name" of the Events recorded, oldest first, to expire the oldest */
  GQueue        recorded_events;
  /* uid of a pod → the name of its readiness probe's Warning, counted up as it repeats */
  GHashTable   *probe_events;
  /* pod uid -> SandboxBoot*, how its search node started */
  GHashTable   *boots;
  /* "uid reason" -> the message of the last such Event, so that a condition that lasts is
   * one Event, not one per retry */
  GHashTable   *noted;
};

typedef enum
{
  STEP_SCHEDULE,
  STEP_START,
  STEP_PROBE,
  STEP_READY,
  STEP_REMOVE,
  STEP_FINISH_NAMESPACE,
  STEP_CRASH,
} PodStep;

typedef struct
{
  SandboxController *controller;
  char              *namespace_;
  char              *name;
  char              *uid;
  PodStep            step;
  guint              source_id;
} PodTimer;

G_DEFINE_TYPE (SandboxController, sandbox_controller, G_TYPE_OBJECT)

static const SandboxResource *
resource_of (const char *plural)
{
  const SandboxResource *resources;
  guint n_resources;

  resources = sandbox_resources_all (&n_resources);
  for (guint i = 0; i < n_resources; i++)
    {
      if (g_str_equal (resources[i].plural, plural))
        return &resources[i];
    }

  g_assert_not_reached ();
}

static void
pod_timer_free (PodTimer *timer)
{
  g_free (timer->namespace_);
  g_free (timer->name);
  g_free (timer->uid);
  g_free (timer);
}

static void
sandbox_controller_dispose (GObject *object)
{
  SandboxController *self = SANDBOX_CONTROLLER (object);

  if (self->store != NULL)
    g_clear_signal_handler (&self->store_handler, self->store);
  g_clear_handle_id (&self->reconcile_id, g_source_remove);

  if (self->timers != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, self->timers);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_source_remove (GPOINTER_TO_UINT (key));
      g_clear_pointer (&self->timers, g_hash_table_unref);
    }

  g_clear_object (&self->store);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->pending_budgets, g_hash_table_unref);
  g_queue_clear_full (&self->recorded_events, g_free);
  g_clear_pointer (&self->probe_events, g_hash_table_unref);
  g_clear_pointer (&self->boots, g_hash_table_unref);
  g_clear_pointer (&self->noted, g_hash_table_unref);

  G_OBJECT_CLASS (sandbox_controller_parent_class)->dispose (object);
}

static void
sandbox_controller_class_init (SandboxControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sandbox_controller_dispose;
}

static void
sandbox_controller_init (SandboxController *self)
{
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pending_budgets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->timers = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) pod_timer_free);
  self->probe_events = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->boots = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) sandbox_boot_free);
  self->noted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Small helpers on JSON */

static JsonNode *
new_object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

static JsonArray *
get_array (JsonNode   *node,
           const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), parts[i]);
    }

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

static JsonNode *
get_member (JsonNode   *node,
            const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), parts[i]);
    }

  return node;
}

/* The @index-th element of @array if it is an object, else NULL (client data is untrusted). */
static JsonObject *
object_element (JsonArray *array,
                guint      index)
{
  JsonNode *node;

  if (array == NULL || index >= json_array_get_length (array))
    return NULL;

  node = json_array_get_element (array, index);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static char *
random_hex (guint length)
{
  GString *text = g_string_sized_new (length);

  for (guint i = 0; i < length; i++)
    g_string_append_c (text, "0123456789abcdef"[g_random_int_range (0, 16)]);

  return g_string_free (text, FALSE);
}

static gboolean
pod_is_ready (JsonNode *pod)
{
  JsonArray *conditions = get_array (pod, "status.conditions");

  if (conditions == NULL || sandbox_object_get_string (pod, "metadata.deletionTimestamp"))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (conditions); i++)
    {
      JsonNode *condition = json_array_get_element (conditions, i);

      if (g_strcmp0 (sandbox_object_get_string (condition, "type"), "Ready") == 0)
        return g_strcmp0 (sandbox_object_get_string (condition, "status"), "True") == 0;
    }

  return FALSE;
}

/* Events */

/* Records an Event about @involved and returns its name, or NULL when it was not stored. */
static char *
record_event (SandboxController *self,
              JsonNode          *involved,
              const char        *type,
              const char        *reason,
              const char        *message,
              const char        *component)
{
  const SandboxResource *events = resource_of ("events");
  const char *namespace_ = sandbox_object_get_string (involved, "metadata.namespace");
  const char *name = sandbox_object_get_string (involved, "metadata.name");
  g_autofree char *event_name = NULL;
  g_autofree char *now = sandbox_timestamp_now ();
  g_autoptr(JsonNode) node = NULL;
  JsonObject *event = json_object_new ();
  JsonObject *metadata = json_object_new ();
  JsonObject *object = json_object_new ();
  JsonObject *source = json_object_new ();

  if (namespace_ == NULL)
    namespace_ = "default";

  /* Named as the kubelet names them, <object>.<hex nanoseconds>, so that they sort in order;
   * the counter keeps events of the same microsecond apart. */
  self->last_event_time = MAX (self->last_event_time + 1, g_get_real_time () * 1000);
  event_name = g_strdup_printf ("%s.%" G_GINT64_MODIFIER "x", name, self->last_event_time);
  json_object_set_string_member (metadata, "name", event_name);
  json_object_set_string_member (metadata, "namespace", namespace_);
  json_object_set_object_member (event, "metadata", metadata);

  json_object_set_string_member (object, "kind",
                                 sandbox_object_get_string (involved, "kind") ?: "");
  json_object_set_string_member (object, "namespace", namespace_);
  json_object_set_string_member (object, "name", name);
  json_object_set_string_member (object, "uid",
                                 sandbox_object_get_string (involved, "metadata.uid") ?: "");
  json_object_set_string_member (object, "apiVersion",
                                 sandbox_object_get_string (involved, "apiVersion") ?: "v1");
  json_object_set_string_member (object, "resourceVersion",
                                 sandbox_object_get_string (involved,
                                                            "metadata.resourceVersion") ?: "");
  json_object_set_object_member (event, "involvedObject", object);

  json_object_set_string_member (event, "reason", reason);
  json_object_set_string_member (event, "message", message);
  json_object_set_string_member (source, "component", component);
  json_object_set_object_member (event, "source", source);
  json_object_set_string_member (event, "firstTimestamp", now);
  json_object_set_string_member (event, "lastTimestamp", now);
  json_object_set_int_member (event, "count", 1);
  json_object_set_string_member (event, "type", type);
  json_object_set_null_member (event, "eventTime");
  json_object_set_string_member (event, "reportingComponent", component);
  json_object_set_string_member (event, "reportingInstance", "");

  node = new_object_node (event);
  if (sandbox_store_create (self->store, events, namespace_, node, NULL) == NULL)
    return NULL;

  /* Like a real cluster's, events do not pile up forever: the oldest go first. */
  g_queue_push_tail (&self->recorded_events, g_strdup_printf ("%s/%s", namespace_, event_name));
  while (g_queue_get_length (&self->recorded_events) > MAX_EVENTS)
    {
      g_autofree char *oldest = g_queue_pop_head (&self->recorded_events);
      char *slash = strchr (oldest, '/');
      g_autoptr(JsonNode) removed = NULL;

      *slash = '\0';
      removed = sandbox_store_remove (self->store, events, oldest, slash + 1, NULL);
    }

  return g_steal_pointer (&event_name);
}

void
sandbox_controller_record_event (SandboxController *self,
                                 JsonNode          *involved,
                                 const char        *type,
                                 const char        *reason,
                                 const char        *message,
                                 const char        *component)
{
  g_free (record_event (self, involved, type, reason, message, component));
}

/* The readiness probe of a started pod that is not Ready yet fails, as an Elasticsearch
 * node's does while it joins the cluster, with @message (NULL: the probe's "connection
 * refused", as before the node listens).  The kubelet reports a repeated failure as one
 * Event whose count and lastTimestamp go up, which this does too; another message is
 * another Event. */
static void
record_probe_failure (SandboxController *self,
                      JsonNode          *pod,
                      const char        *message)
{
  const SandboxResource *events = resource_of ("events");
  JsonArray *containers = get_array (pod, "spec.containers");
  JsonNode *container = containers != NULL && json_array_get_length (containers) > 0
                        ? json_array_get_element (containers, 0) : NULL;
  JsonNode *port = get_member (container, "readinessProbe.tcpSocket.port");
  const char *http_path = sandbox_object_get_string (container, "readinessProbe.httpGet.path");
  const char *http_scheme = sandbox_object_get_string (container,
                                                       "readinessProbe.httpGet.scheme");
  JsonNode *http_port = get_member (container, "readinessProbe.httpGet.port");
  const char *namespace_ = sandbox_object_get_string (pod, "metadata.namespace");
  const char *uid = sandbox_object_get_string (pod, "metadata.uid");
  const char *ip = sandbox_object_get_string (pod, "status.podIP") ?: "";
  const char *event_name;
  JsonNode *stored = NULL;
  g_autofree char *port_text = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *key = NULL;

  if (get_member (container, "readinessProbe") == NULL || uid == NULL)
    return;

  if (http_path != NULL)
    port = http_port;
  if (port != NULL && JSON_NODE_HOLDS_VALUE (port)
      && json_node_get_value_type (port) == G_TYPE_INT64)
    port_text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (port));
  else if (port != NULL && JSON_NODE_HOLDS_VALUE (port)
           && json_node_get_value_type (port) == G_TYPE_STRING)
    port_text = g_strdup (json_node_get_string (port));

  if (message == NULL)
    {
      if (http_path != NULL && port_text != NULL)
        refused = g_strdup_printf ("Readiness probe failed: Get \"%s://%s:%s%s\": dial tcp "
                                   "%s:%s: connect: connection refused",
                                   g_ascii_strcasecmp (http_scheme ?: "", "HTTPS") == 0
                                   ? "https" : "http", ip, port_text, http_path, ip, port_text);
      else if (port_text != NULL)
        refused = g_strdup_printf ("Readiness probe failed: dial tcp %s:%s: connect: "
                                   "connection refused", ip, port_text);
      else
        refused = g_strdup ("Readiness probe failed");
      message = refused;
    }

  key = g_strconcat (uid, " ", message, NULL);
  event_name = g_hash_table_lookup (self->probe_events, key);
  if (event_name != NULL)
    stored = sandbox_store_get (self->store, events, namespace_, event_name);

  if (stored != NULL)
    {
      g_autoptr(JsonNode) event = sandbox_json_copy (stored);
      g_autofree char *now = sandbox_timestamp_now ();
      JsonObject *root = json_node_get_object (event);

      json_object_set_int_member (root, "count", sandbox_json_int_member (root, "count", 1) + 1);
      json_object_set_string_member (root, "lastTimestamp", now);
      sandbox_store_update (self->store, events, namespace_, event_name, event,
                            SANDBOX_UPDATE_NONE, NULL);
      return;
    }

  g_hash_table_insert (self->probe_events, g_steal_pointer (&key),
                       record_event (self, pod, "Warning", "Unhealthy", message, "kubelet"));
}

/* The kubelet */

static void schedule_pod_step (SandboxController *self,
                               JsonNode          *pod,
                               PodStep            step,
                               guint              delay_ms);

static JsonObject *
condition_new (const char *type,
               gboolean    status,
               const char *now)
{
  JsonObject *condition = json_object_new ();

  json_object_set_string_member (condition, "type", type);
  json_object_set_string_member (condition, "status", status ? "True" : "False");
  json_object_set_null_member (condition, "lastProbeTime");
  json_object_set_string_member (condition, "lastTransitionTime", now);
  if (!status && (g_str_equal (type, "Ready") || g_str_equal (type, "ContainersReady")))
    {
      json_object_set_string_member (condition, "reason", "ContainersNotReady");
      json_object_set_string_member (condition, "message",
                                     "containers with unready status: [elasticsearch]");
    }

  return condition;
}

/* Sets condition @type, keeping its lastTransitionTime unless its status changes. */
static void
set_condition (JsonObject *status,
               const char *type,
               gboolean    value,
               const char *now)
{
  JsonNode *conditions_node = json_object_get_member (status, "conditions");
  JsonArray *conditions;

  if (conditions_node == NULL || !JSON_NODE_HOLDS_ARRAY (conditions_node))
    {
      json_object_set_array_member (status, "conditions", json_array_new ());
      conditions_node = json_object_get_member (status, "conditions");
    }
  conditions = json_node_get_array (conditions_node);

  for (guint i = 0; i < json_array_get_length (conditions); i++)
    {
      JsonObject *condition = object_element (conditions, i);

      if (condition == NULL)
        continue;
      if (g_strcmp0 (sandbox_json_string_member (condition, "type", ""),
                     type) != 0)
        continue;

      if (g_strcmp0 (sandbox_json_string_member (condition, "status", ""),
                     value ? "True" : "False") != 0)
        {
          json_array_remove_element (conditions, i);
          json_array_add_object_element (conditions, condition_new (type, value, now));
        }
      return;
    }

  json_array_add_object_element (conditions, condition_new (type, value, now));
}

static JsonObject *
container_status_new (JsonObject *container,
                      PodStep     step,
                      gboolean    init,
                      const char *started_at,
                      gint64      restart_count)
{
  JsonObject *status = json_object_new ();
  JsonObject *state = json_object_new ();
  JsonObject *detail = json_object_new ();
  const char *image = sandbox_json_string_member (container, "image", "");
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, image, -1);
  g_autofree char *image_id = g_strdup_printf ("docker.io/%s@sha256:%s", image, digest);
  g_autofree char *container_id = NULL;
  gboolean running = step >= STEP_START;

  json_object_set_string_member (status, "name",
                                 sandbox_json_string_member (container, "name",
                                                                             ""));
  json_object_set_string_member (status, "image", image);
  json_object_set_string_member (status, "imageID", running ? image_id : "");
  if (running)
    {
      g_autofree char *hex = random_hex (64);

      container_id = g_strconcat ("containerd://", hex, NULL);
      json_object_set_string_member (status, "containerID", container_id);
    }

  if (init && running)
    {
      json_object_set_int_member (detail, "exitCode", 0);
      json_object_set_string_member (detail, "reason", "Completed");
      json_object_set_string_member (detail, "startedAt", started_at);
      json_object_set_string_member (detail, "finishedAt", started_at);
      json_object_set_string_member (detail, "containerID", container_id);
      json_object_set_object_member (state, "terminated", detail);
    }
  else if (running)
    {
      json_object_set_string_member (detail, "startedAt", started_at);
      json_object_set_object_member (state, "running", detail);
    }
  else
    {
      json_object_set_string_member (detail, "reason",
                                     init ? "PodInitializing" : "ContainerCreating");
      json_object_set_object_member (state, "waiting", detail);
    }

  json_object_set_object_member (status, "state", state);
  json_object_set_object_member (status, "lastState", json_object_new ());
  json_object_set_boolean_member (status, "ready", init ? running : step >= STEP_READY);
  json_object_set_int_member (status, "restartCount", restart_count);
  if (!init)
    json_object_set_boolean_member (status, "started", running);

  return status;
}

static JsonArray *
container_statuses (JsonNode   *pod,
                    const char *list,
                    PodStep     step,
                    gboolean    init,
                    const char *now)
{
  g_autofree char *path = g_strconcat ("spec.", list, NULL);
  JsonArray *containers = get_array (pod, path);
  JsonArray *statuses = json_array_new ();

  for (guint i = 0; containers != NULL && i < json_array_get_length (containers); i++)
    {
      JsonObject *container = object_element (containers, i);

      if (container != NULL)
        json_array_add_object_element (statuses,
                                       container_status_new (container, step, init, now, 0));
    }

  return statuses;
}

static const char *
image_of_first_container (JsonNode *pod)
{
  JsonArray *containers = get_array (pod, "spec.containers");

  if (containers == NULL || json_array_get_length (containers) == 0)
    return "";

  return sandbox_object_get_string (json_array_get_element (containers, 0), "image") ?: "";
}

static const char *
name_of_first_container (JsonNode *pod)
{
  JsonArray *containers = get_array (pod, "spec.containers");

  if (containers == NULL || json_array_get_length (containers) == 0)
    return "";

  return sandbox_object_get_string (json_array_get_element (containers, 0), "name") ?: "";
}

static char *
pick_node (SandboxController *self,
           JsonNode          *pod)
{
  const char *name = sandbox_object_get_string (pod, "metadata.name");
  const char *dash = name != NULL ? strrchr (name, '-') : NULL;
  guint64 ordinal;

  /* StatefulSet pods spread by ordinal, as anti-affinity would place them. */
  if (dash != NULL && g_ascii_string_to_unsigned (dash + 1, 10, 0, 1000, &ordinal, NULL))
    return g_strdup_printf ("node-%u", (guint) (ordinal % 3) + 1);

  return g_strdup_printf ("node-%u", (self->next_node++ % 3) + 1);
}

/* Records the Event unless the last Event of this @reason for this pod said the same. */
static void
record_event_once (SandboxController *self,
                   JsonNode          *involved,
                   const char        *type,
                   const char        *reason,
                   const char        *message,
                   const char        *component)
{
  g_autofree char *key = g_strdup_printf ("%s %s",
                                          sandbox_object_get_string (involved, "metadata.uid")
                                          ?: "", reason);
  const char *last = g_hash_table_lookup (self->noted, key);

  if (g_strcmp0 (last, message) == 0)
    return;

  g_hash_table_replace (self->noted, g_steal_pointer (&key), g_strdup (message));
  sandbox_controller_record_event (self, involved, type, reason, message, component);
}

static void
forget_pod (SandboxController *self,
            const char        *uid)
{
  GHashTableIter iter;
  gpointer key;
  g_autofree char *prefix = g_strconcat (uid, " ", NULL);

  g_hash_table_remove (self->boots, uid);
  g_hash_table_iter_init (&iter, self->noted);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_str_has_prefix (key, prefix))
      g_hash_table_iter_remove (&iter);
  g_hash_table_iter_init (&iter, self->probe_events);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_str_has_prefix (key, prefix))
      g_hash_table_iter_remove (&iter);
}

SandboxBoot *
sandbox_controller_get_boot (SandboxController *self,
                             const char        *uid)
{
  g_return_val_if_fail (SANDBOX_IS_CONTROLLER (self), NULL);

  return uid != NULL ? g_hash_table_lookup (self->boots, uid) : NULL;
}

/* The scheduler */

/* A CPU quantity ("500m", "2", "1.5") in millicores. */
static guint64
parse_cpu (const char *text)
{
  char *end = NULL;
  double value;

  if (text == NULL)
    return 0;

  value = g_ascii_strtod (text, &end);
  if (end == text || value < 0)
    return 0;
  if (g_str_equal (end, "m"))
    return (guint64) value;

  return (guint64) (value * 1000);
}

/* A memory quantity ("2Gi", "512Mi", "15266816Ki", "1G", "1073741824") in bytes. */
static guint64
parse_memory (const char *text)
{
  static const struct { const char *suffix; guint64 factor; } units[] = {
    { "Ki", 1ULL << 10 }, { "Mi", 1ULL << 20 }, { "Gi", 1ULL << 30 }, { "Ti", 1ULL << 40 },
    { "k", 1000ULL }, { "M", 1000000ULL }, { "G", 1000000000ULL }, { "T", 1000000000000ULL },
  };
  char *end = NULL;
  double value;

  if (text == NULL)
    return 0;

  value = g_ascii_strtod (text, &end);
  if (end == text || value < 0)
    return 0;

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      if (g_str_equal (end, units[i].suffix))
        return (guint64) (value * units[i].factor);
    }

  return *end == '\0' ? (guint64) value : 0;
}

/* What one container asks for: its requests, or its limits where it gives no request. */
static void
container_requests (JsonNode *container,
                    guint64  *cpu,
                    guint64  *memory)
{
  const char *cpu_text = sandbox_object_get_string (container, "resources.requests.cpu");
  const char *memory_text = sandbox_object_get_string (container, "resources.requests.memory");

  if (cpu_text == NULL)
    cpu_text = sandbox_object_get_string (container, "resources.limits.cpu");
  if (memory_text == NULL)
    memory_text = sandbox_object_get_string (container, "resources.limits.memory");

  *cpu = parse_cpu (cpu_text);
  *memory = parse_memory (memory_text);
}

/* A pod's requests: its containers' together, or its largest init container's if more. */
static void
pod_requests (JsonNode *pod,
              guint64  *cpu,
              guint64  *memory)
{
  JsonArray *containers = get_array (pod, "spec.containers");
  JsonArray *init = get_array (pod, "spec.initContainers");
  guint64 one_cpu, one_memory;

  *cpu = 0;
  *memory = 0;
  for (guint i = 0; containers != NULL && i < json_array_get_length (containers); i++)
    {
      container_requests (json_array_get_element (containers, i), &one_cpu, &one_memory);
      *cpu += one_cpu;
      *memory += one_memory;
    }
  for (guint i = 0; init != NULL && i < json_array_get_length (init); i++)
    {
      container_requests (json_array_get_element (init, i), &one_cpu, &one_memory);
      *cpu = MAX (*cpu, one_cpu);
      *memory = MAX (*memory, one_memory);
    }
}

static gboolean
node_schedulable (JsonNode *node)
{
  JsonArray *conditions = get_array (node, "status.conditions");
  JsonNode *unschedulable = get_member (node, "spec.unschedulable");

  if (unschedulable != NULL && json_node_get_value_type (unschedulable) == G_TYPE_BOOLEAN
      && json_node_get_boolean (unschedulable))
    return FALSE;

  for (guint i = 0; conditions != NULL && i < json_array_get_length (conditions); i++)
    {
      JsonNode *condition = json_array_get_element (conditions, i);

      if (g_strcmp0 (sandbox_object_get_string (condition, "type"), "Ready") == 0)
        return g_strcmp0 (sandbox_object_get_string (condition, "status"), "True") == 0;
    }

  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (sandbox_object_get_string (*(JsonNode **) a, "metadata.name"),
                    sandbox_object_get_string (*(JsonNode **) b, "metadata.name"));
}

/* Why none of the pod's claims lets it be scheduled, or NULL. */
static char *
claims_problem (SandboxController *self,
                JsonNode          *pod)
{
  JsonArray *volumes = get_array (pod, "spec.volumes");
  const char *namespace_ = sandbox_object_get_string (pod, "metadata.namespace");

  for (guint i = 0; volumes != NULL && i < json_array_get_length (volumes); i++)
    {
      const char *claim_name = sandbox_object_get_string (json_array_get_element (volumes, i),
                                                          "persistentVolumeClaim.claimName");
      JsonNode *claim;

      if (claim_name == NULL)
        continue;
      claim = sandbox_store_get (self->store, resource_of ("persistentvolumeclaims"), namespace_,
                                 claim_name);
      if (claim == NULL)
        return g_strdup_printf ("persistentvolumeclaim \"%s\" not found", claim_name);
      if (g_strcmp0 (sandbox_object_get_string (claim, "status.phase"), "Bound") != 0)
        return g_strdup ("pod has unbound immediate PersistentVolumeClaims");
    }

  return NULL;
}

/* Places @pod as the scheduler would: the node its ordinal prefers if it fits, else another
 * that fits.  Returns the node's name, or NULL with @problem set to the FailedScheduling
 * message. */
static char *
schedule (SandboxController *self,
          JsonNode          *pod,
          char             **problem)
{
  g_autoptr(GPtrArray) nodes = sandbox_store_list (self->store, resource_of ("nodes"), NULL);
  g_autoptr(GPtrArray) pods = NULL;
  g_autoptr(GPtrArray) candidates = g_ptr_array_new ();
  g_autofree char *claims = NULL;
  g_autofree char *preferred = pick_node (self, pod);
  const char *uid = sandbox_object_get_string (pod, "metadata.uid");
  guint64 want_cpu, want_memory;
  guint short_cpu = 0, short_memory = 0, not_ready = 0;
  g_autoptr(GString) reasons = g_string_new (NULL);

  *problem = NULL;
  if (nodes->len == 0)
    return g_steal_pointer (&preferred);

  claims = claims_problem (self, pod);
  if (claims != NULL)
    {
      *problem = g_strdup_printf ("0/%u nodes are available: %s. preemption: 0/%u nodes are "
                                  "available: %u Preemption is not helpful for scheduling.",
                                  nodes->len, claims, nodes->len, nodes->len);
      return NULL;
    }

  pod_requests (pod, &want_cpu, &want_memory);
  pods = sandbox_store_list (self->store, resource_of ("pods"), NULL);
  g_ptr_array_sort (nodes, compare_names);

  /* The preferred node first, then the others in order. */
  for (guint i = 0; i < nodes->len; i++)
    if (g_strcmp0 (sandbox_object_get_string (nodes->pdata[i], "metadata.name"), preferred) == 0)
      g_ptr_array_add (candidates, nodes->pdata[i]);
  for (guint i = 0; i < nodes->len; i++)
    if (g_strcmp0 (sandbox_object_get_string (nodes->pdata[i], "metadata.name"), preferred) != 0)
      g_ptr_array_add (candidates, nodes->pdata[i]);

  for (guint i = 0; i < candidates->len; i++)
    {
      JsonNode *node = candidates->pdata[i];
      const char *name = sandbox_object_get_string (node, "metadata.name");
      guint64 free_cpu = parse_cpu (sandbox_object_get_string (node, "status.allocatable.cpu"));
      guint64 free_memory = parse_memory (sandbox_object_get_string (node,
                                                                     "status.allocatable.memory"));
      guint64 used_cpu = 0, used_memory = 0;
      gboolean fits = TRUE;

      if (!node_schedulable (node))
        {
          not_ready++;
          continue;
        }

      for (guint j = 0; j < pods->len; j++)
        {
          JsonNode *other = pods->pdata[j];
          const char *phase = sandbox_object_get_string (other, "status.phase");
          guint64 cpu, memory;

          if (g_strcmp0 (sandbox_object_get_string (other, "spec.nodeName"), name) != 0
              || g_strcmp0 (sandbox_object_get_string (other, "metadata.uid"), uid) == 0
              || g_strcmp0 (phase, "Succeeded") == 0 || g_strcmp0 (phase, "Failed") == 0)
            continue;
          pod_requests (other, &cpu, &memory);
          used_cpu += cpu;
          used_memory += memory;
        }

      /* A node without allocatable figures takes anything. */
      if (free_cpu > 0 && used_cpu + want_cpu > free_cpu)
        {
          short_cpu++;
          fits = FALSE;
        }
      if (free_memory > 0 && used_memory + want_memory > free_memory)
        {
          short_memory++;
          fits = FALSE;
        }

      if (fits)
        return g_strdup (name);
    }

  if (short_cpu > 0)
    g_string_append_printf (reasons, "%u Insufficient cpu", short_cpu);
  if (short_memory > 0)
    g_string_append_printf (reasons, "%s%u Insufficient memory", reasons->len ? ", " : "",
                            short_memory);
  if (not_ready > 0)
    g_string_append_printf (reasons, "%s%u node(s) were unschedulable", reasons->len ? ", " : "",
                            not_ready);
  *problem = g_strdup_printf ("0/%u nodes are available: %s. preemption: 0/%u nodes are "
                              "available: %u No preemption victims found for incoming pod.",
                              nodes->len, reasons->str, nodes->len, nodes->len - not_ready);
  return NULL;
}

/* Whether a majority of the pods of cluster.initial_master_nodes run a node that started:
 * only then can the cluster bootstrap and the security index be initialised. */
static gboolean
quorum_running (SandboxController *self,
                const char        *namespace_,
                GStrv              masters)
{
  guint running = 0;
  guint total = g_strv_length (masters);

  for (guint i = 0; masters[i] != NULL; i++)
    {
      JsonNode *pod = sandbox_store_get (self->store, resource_of ("pods"), namespace_,
                                         masters[i]);
      SandboxBoot *boot;

      if (pod == NULL || sandbox_object_get_string (pod, "metadata.deletionTimestamp") != NULL
          || g_strcmp0 (sandbox_object_get_string (pod, "status.phase"), "Running") != 0)
        continue;
      boot = g_hash_table_lookup (self->boots,
                                  sandbox_object_get_string (pod, "metadata.uid") ?: "");
      if (boot != NULL && boot->outcome == SANDBOX_BOOT_STARTS)
        running++;
    }

  return running >= total / 2 + 1;
}

static const char *controlling_statefulset (JsonNode *pod);

/* A fault for tests, set on a StatefulSet: the annotation
 * sandbox.searchdeck.io/never-ready lists (comma-separated) pods of it whose readiness
 * probe never succeeds, so that a pod created while it names them starts but is never
 * Ready. */
#define NEVER_READY_ANNOTATION "sandbox.searchdeck.io/never-ready"

static gboolean
held_unready (SandboxController *self,
              JsonNode          *pod)
{
  const char *owner = controlling_statefulset (pod);
  const char *namespace_ = sandbox_object_get_string (pod, "metadata.namespace");
  const char *name = sandbox_object_get_string (pod, "metadata.name");
  JsonNode *statefulset;
  JsonNode *annotations;
  JsonNode *value;
  g_auto(GStrv) names = NULL;

  if (owner == NULL || namespace_ == NULL || name == NULL)
    return FALSE;

  statefulset = sandbox_store_get (self->store, resource_of ("statefulsets"), namespace_, owner);
  annotations = get_member (statefulset, "metadata.annotations");
  if (annotations == NULL || !JSON_NODE_HOLDS_OBJECT (annotations))
    return FALSE;

  value = json_object_get_member (json_node_get_object (annotations), NEVER_READY_ANNOTATION);
  if (value == NULL || json_node_get_value_type (value) != G_TYPE_STRING)
    return FALSE;

  names = g_strsplit (json_node_get_string (value), ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (g_strstrip (names[i]), name))
      return TRUE;

  return FALSE;
}

static void
run_pod_step (SandboxController *self,
              JsonNode          *stored,
              PodStep            step)
{
  const SandboxResource *pods = resource_of ("pods");
  g_autoptr(JsonNode) pod = sandbox_json_copy (stored);
  g_autofree char *now = sandbox_timestamp_now ();
  g_autofree char *message = NULL;
  JsonObject *root = json_node_get_object (pod);
  JsonObject *spec = sandbox_object_ensure_object (root, "spec");
  JsonObject *status = sandbox_object_ensure_object (root, "status");
  const char *namespace_ = sandbox_object_get_string (pod, "metadata.namespace");
  const char *name = sandbox_object_get_string (pod, "metadata.name");
  const char *container = name_of_first_container (pod);

  switch (step)
    {
    case STEP_SCHEDULE:
      {
        g_autofree char *node = NULL;
        g_autofree char *problem = NULL;

        if (sandbox_object_get_string (pod, "spec.nodeName") == NULL)
          {
            g_autofree char *picked = schedule (self, pod, &problem);

            if (picked == NULL)
              {
                JsonObject *condition = json_object_new ();
                JsonArray *conditions = json_array_new ();

                /* Unschedulable: Pending, and the scheduler tries again later. */
                json_object_set_string_member (status, "phase", "Pending");
                json_object_set_string_member (condition, "type", "PodScheduled");
                json_object_set_string_member (condition, "status", "False");
                json_object_set_null_member (condition, "lastProbeTime");
                json_object_set_string_member (condition, "lastTransitionTime", now);
                json_object_set_string_member (condition, "reason", "Unschedulable");
                json_object_set_string_member (condition, "message", problem);
                json_array_add_object_element (conditions, condition);
                json_object_set_array_member (status, "conditions", conditions);
                json_object_set_string_member (status, "qosClass", "Burstable");
                if (sandbox_store_update (self->store, pods, namespace_, name, pod,
                                          SANDBOX_UPDATE_NONE, NULL) == NULL)
                  return;
                record_event_once (self, stored, "Warning", "FailedScheduling", problem,
                                   "default-scheduler");
                schedule_pod_step (self, pod, STEP_SCHEDULE, 1000);
                return;
              }
            json_object_set_string_member (spec, "nodeName", picked);
          }
        node = g_strdup (json_object_get_string_member (spec, "nodeName"));
        json_object_set_string_member (status, "phase", "Pending");
        json_object_set_string_member (status, "qosClass", "Burstable");
        json_object_set_string_member (status, "hostIP", "192.168.49.2");
        json_object_set_array_member (status, "conditions", json_array_new ());
        set_condition (status, "PodScheduled", TRUE, now);
        json_object_set_array_member (status, "containerStatuses",
                                      container_statuses (pod, "containers", step, FALSE, now));
        if (sandbox_store_update (self->store, pods, namespace_, name, pod,
                                  SANDBOX_UPDATE_NONE, NULL) == NULL)
          return;

        message = g_strdup_printf ("Successfully assigned %s/%s to %s", namespace_, name, node);
        sandbox_controller_record_event (self, stored, "Normal", "Scheduled", message,
                                         "default-scheduler");
        schedule_pod_step (self, pod, STEP_START, self->ready_delay_ms / 4);
      }
      break;

    case STEP_START:
      {
        g_autofree char *ip = NULL;
        g_autofree char *missing = sandbox_boot_missing_mount (self->store, pod);
        g_autoptr(SandboxBoot) boot = NULL;
        JsonNode *started;

        /* The kubelet cannot mount a Secret or ConfigMap that does not exist: the pod stays
         * in ContainerCreating, and the kubelet tries again. */
        if (missing != NULL)
          {
            record_event_once (self, stored, "Warning", "FailedMount", missing, "kubelet");
            schedule_pod_step (self, pod, STEP_START, 1000);
            return;
          }

        ip = g_strdup_printf ("10.244.%u.%u", 1 + self->next_ip / 250, 2 + self->next_ip % 250);
        self->next_ip++;
        json_object_set_string_member (status, "phase", "Running");
        json_object_set_string_member (status, "podIP", ip);
        json_object_set_string_member (status, "startTime", now);
        set_condition (status, "PodReadyToStartContainers", TRUE, now);
        set_condition (status, "Initialized", TRUE, now);
        set_condition (status, "ContainersReady", FALSE, now);
        set_condition (status, "Ready", FALSE, now);
        json_object_set_array_member (status, "initContainerStatuses",
                                      container_statuses (pod, "initContainers", step, TRUE,
                                                          now));
        json_object_set_array_member (status, "containerStatuses",
                                      container_statuses (pod, "containers", step, FALSE, now));
        started = sandbox_store_update (self->store, pods, namespace_, name, pod,
                                        SANDBOX_UPDATE_NONE, NULL);
        if (started == NULL)
          return;

        /* The node starts from the files the pod mounts now. */
        boot = sandbox_boot_run (self->store, started);

        message = g_strdup_printf ("Container image \"%s\" already present on machine",
                                   image_of_first_container (pod));
        sandbox_controller_record_event (self, stored, "Normal", "Pulled", message, "kubelet");
        g_free (message);
        message = g_strdup_printf ("Created container %s", container);
        sandbox_controller_record_event (self, stored, "Normal", "Created", message, "kubelet");
        g_free (message);
        message = g_strdup_printf ("Started container %s", container);
        sandbox_controller_record_event (self, stored, "Normal", "Started", message, "kubelet");

        if (boot->outcome == SANDBOX_BOOT_CRASHES)
          schedule_pod_step (self, pod, STEP_CRASH, MAX (self->ready_delay_ms / 2, 50));
        else
          {
            /* Nodes started together are not Ready at the same instant: each ordinal takes
             * a little longer than the one before. */
            const char *dash = strrchr (name, '-');
            guint64 ordinal = 0;
            guint stagger;

            if (dash != NULL)
              g_ascii_string_to_unsigned (dash + 1, 10, 0, 1000, &ordinal, NULL);
            stagger = (guint) ordinal * MAX (self->ready_delay_ms / 10, 20);
            schedule_pod_step (self, pod, STEP_PROBE,
                               (self->ready_delay_ms - self->ready_delay_ms / 4) / 2);
            schedule_pod_step (self, pod, STEP_READY,
                               self->ready_delay_ms - self->ready_delay_ms / 4 + stagger);
          }
        g_hash_table_replace (self->boots,
                              g_strdup (sandbox_object_get_string (pod, "metadata.uid")),
                              g_steal_pointer (&boot));
      }
      break;

    case STEP_CRASH:
      {
        JsonObject *container_status = object_element (get_array (pod,
                                                                  "status.containerStatuses"),
                                                       0);
        JsonObject *state = container_status != NULL
                            ? sandbox_object_ensure_object (container_status, "state") : NULL;
        gint64 restarts;
        guint backoff;

        if (container_status == NULL)
          break;

        restarts = sandbox_json_int_member (container_status, "restartCount", 0);
        if (json_object_has_member (state, "running"))
          {
            /* The node exits with status 1; the kubelet backs off before the next start. */
            JsonObject *terminated = json_object_new ();
            JsonObject *last_state = json_object_new ();
            JsonObject *waiting = json_object_new ();
            JsonObject *new_state = json_object_new ();
            g_autofree char *why = NULL;

            json_object_set_int_member (terminated, "exitCode", 1);
            json_object_set_string_member (terminated, "reason", "Error");
            json_object_set_string_member (terminated, "startedAt",
                                           sandbox_object_get_string (pod, "status.startTime")
                                           ?: now);
            json_object_set_string_member (terminated, "finishedAt", now);
            json_object_set_object_member (last_state, "terminated", terminated);
            json_object_set_object_member (container_status, "lastState", last_state);
            backoff = MIN (10u << MIN (restarts, 4), 300u);
            why = g_strdup_printf ("back-off %us restarting failed container=%s pod=%s_%s(%s)",
                                   backoff, container, name, namespace_,
                                   sandbox_object_get_string (pod, "metadata.uid"));
            json_object_set_string_member (waiting, "reason", "CrashLoopBackOff");
            json_object_set_string_member (waiting, "message", why);
            json_object_set_object_member (new_state, "waiting", waiting);
            json_object_set_object_member (container_status, "state", new_state);
            json_object_set_int_member (container_status, "restartCount", restarts + 1);
            json_object_set_boolean_member (container_status, "ready", FALSE);
            json_object_set_boolean_member (container_status, "started", FALSE);
            set_condition (status, "ContainersReady", FALSE, now);
            set_condition (status, "Ready", FALSE, now);
            if (sandbox_store_update (self->store, pods, namespace_, name, pod,
                                      SANDBOX_UPDATE_NONE, NULL) == NULL)
              return;
            message = g_strdup_printf ("Back-off restarting failed container %s in pod %s_%s(%s)",
                                       container, name, namespace_,
                                       sandbox_object_get_string (pod, "metadata.uid"));
            sandbox_controller_record_event (self, stored, "Warning", "BackOff", message,
                                             "kubelet");
            /* The sandbox's back-off is its ready delay, doubled per restart, at most 10 s. */
            schedule_pod_step (self, pod, STEP_CRASH,
                               MIN (MAX (self->ready_delay_ms, 100u) << MIN (restarts, 4),
                                    10000u));
          }
        else
          {
            JsonObject *running = json_object_new ();
            JsonObject *new_state = json_object_new ();

            json_object_set_string_member (running, "startedAt", now);
            json_object_set_object_member (new_state, "running", running);
            json_object_set_object_member (container_status, "state", new_state);
            json_object_set_boolean_member (container_status, "started", TRUE);
            if (sandbox_store_update (self->store, pods, namespace_, name, pod,
                                      SANDBOX_UPDATE_NONE, NULL) == NULL)
              return;
            schedule_pod_step (self, pod, STEP_CRASH, MAX (self->ready_delay_ms / 2, 50));
          }
      }
      break;

    case STEP_PROBE:
      if (!pod_is_ready (pod))
        {
          record_probe_failure (self, pod, NULL);
          /* A pod held unready keeps failing its probe, once per ready delay. */
          if (held_unready (self, pod))
            schedule_pod_step (self, pod, STEP_PROBE, MAX (self->ready_delay_ms, 500));
        }
      break;

    case STEP_READY:
      {
        JsonArray *statuses = get_array (pod, "status.containerStatuses");

        SandboxBoot *boot = g_hash_table_lookup (self->boots,
                                                 sandbox_object_get_string (pod,
                                                                            "metadata.uid")
                                                 ?: "");

        if (held_unready (self, pod))
          break;

        /* A node that runs without a cluster or an initialised security index answers its
         * readiness probe with 503; one that waits for the other masters does so until a
         * majority of them runs. */
        if (boot != NULL && boot->outcome == SANDBOX_BOOT_UNREADY)
          {
            record_probe_failure (self, pod,
                                  boot->probe_needs_cluster
                                  ? "Readiness probe failed: HTTP probe failed with statuscode: "
                                    "503"
                                  : NULL);
            /* It keeps failing, once per ready delay. */
            schedule_pod_step (self, pod, STEP_READY, MAX (self->ready_delay_ms, 500));
            break;
          }
        if (boot != NULL && boot->probe_needs_cluster && boot->initial_masters != NULL
            && !quorum_running (self, namespace_, boot->initial_masters))
          {
            record_probe_failure (self, pod, "Readiness probe failed: HTTP probe failed with "
                                  "statuscode: 503");
            schedule_pod_step (self, pod, STEP_READY, MAX (self->ready_delay_ms / 2, 100));
            break;
          }

        set_condition (status, "ContainersReady", TRUE, now);
        set_condition (status, "Ready", TRUE, now);
        for (guint i = 0; statuses != NULL && i < json_array_get_length (statuses); i++)
          {
            JsonObject *container_status = object_element (statuses, i);

            if (container_status != NULL)
              json_object_set_boolean_member (container_status, "ready", TRUE);
          }
        sandbox_store_update (self->store, pods, namespace_, name, pod, SANDBOX_UPDATE_NONE,
                              NULL);
      }
      break;

    case STEP_REMOVE:
      {
        g_autoptr(JsonNode) removed = sandbox_store_remove (self->store, pods, namespace_, name,
                                                            NULL);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static void finish_namespace (SandboxController *self,
                              const char        *name,
                              const char        *uid);

static gboolean
on_pod_timer (gpointer user_data)
{
  PodTimer *timer = user_data;
  SandboxController *self = timer->controller;
  JsonNode *pod;

  if (timer->step == STEP_FINISH_NAMESPACE)
    {
      finish_namespace (self, timer->name, timer->uid);
      g_hash_table_remove (self->timers, GUINT_TO_POINTER (timer->source_id));
      return G_SOURCE_REMOVE;
    }

  pod = sandbox_store_get (self->store, resource_of ("pods"), timer->namespace_, timer->name);

  /* The pod may have been deleted, or deleted and recreated, meanwhile. */
  if (pod != NULL
      && g_strcmp0 (sandbox_object_get_string (pod, "metadata.uid"), timer->uid) == 0
      && (timer->step == STEP_REMOVE
          || sandbox_object_get_string (pod, "metadata.deletionTimestamp") == NULL))
    run_pod_step (self, pod, timer->step);

  g_hash_table_remove (self->timers, GUINT_TO_POINTER (timer->source_id));
  return G_SOURCE_REMOVE;
}

static void
schedule_pod_step (SandboxController *self,
                   JsonNode          *pod,
                   PodStep            step,
                   guint              delay_ms)
{
  PodTimer *timer = g_new0 (PodTimer, 1);

  timer->controller = self;
  timer->namespace_ = g_strdup (sandbox_object_get_string (pod, "metadata.namespace"));
  timer->name = g_strdup (sandbox_object_get_string (pod, "metadata.name"));
  timer->uid = g_strdup (sandbox_object_get_string (pod, "metadata.uid"));
  timer->step = step;
  timer->source_id = g_timeout_add (delay_ms, on_pod_timer, timer);
  g_hash_table_insert (self->timers, GUINT_TO_POINTER (timer->source_id), timer);
}

/* Starts graceful deletion: the pod shows a deletionTimestamp, then goes after the delete
 * delay. Returns the pod as it is now (a new reference). */
JsonNode *
sandbox_controller_delete_pod (SandboxController *self,
                               const char        *namespace_,
                               const char        *name,
                               gint64             grace_period_seconds,
                               GError           **error)
{
  const SandboxResource *pods = resource_of ("pods");
  g_autoptr(JsonNode) pod = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) deadline = NULL;
  g_autofree char *deadline_text = NULL;
  g_autofree char *message = NULL;
  JsonObject *metadata;
  JsonNode *stored;
  JsonNode *updated;

  g_return_val_if_fail (SANDBOX_IS_CONTROLLER (self), NULL);

  stored = sandbox_store_get (self->store, pods, namespace_, name);
  if (stored == NULL)
    {
      g_set_error (error, SANDBOX_STORE_ERROR, SANDBOX_STORE_ERROR_NOT_FOUND,
                   "pods \"%s\" not found", name);
      return NULL;
    }

  if (grace_period_seconds <= 0)
    return sandbox_store_remove (self->store, pods, namespace_, name, error);

  if (sandbox_object_get_string (stored, "metadata.deletionTimestamp") != NULL)
    return json_node_ref (stored);

  pod = sandbox_json_copy (stored);
  metadata = sandbox_object_get_metadata (pod);
  deadline = g_date_time_add_seconds (now, (gdouble) grace_period_seconds);
  deadline_text = sandbox_timestamp_format (deadline);
  json_object_set_string_member (metadata, "deletionTimestamp", deadline_text);
  json_object_set_int_member (metadata, "deletionGracePeriodSeconds", grace_period_seconds);

  updated = sandbox_store_update (self->store, pods, namespace_, name, pod, SANDBOX_UPDATE_NONE,
                                  error);
  if (updated == NULL)
    return NULL;

  message = g_strdup_printf ("Stopping container %s", name_of_first_container (updated));
  sandbox_controller_record_event (self, updated, "Normal", "Killing", message, "kubelet");
  schedule_pod_step (self, updated, STEP_REMOVE, self->delete_delay_ms);

  return json_node_ref (updated);
}

/* Namespaces: deleting one marks it Terminating, deletes what it holds (pods gracefully),
 * and removes it once no pod is left, as the namespace controller does. */

static void
sweep_namespace (SandboxController *self,
                 const char        *name)
{
  const SandboxResource *resources;
  guint n_resources;

  resources = sandbox_resources_all (&n_resources);
  for (guint i = 0; i < n_resources; i++)
    {
      g_autoptr(GPtrArray) objects = NULL;
      gboolean pods = g_str_equal (resources[i].kind, "Pod");

      if (!resources[i].namespaced || resources[i].create_only)
        continue;

      objects = sandbox_store_list (self->store, &resources[i], name);
      for (guint j = 0; j < objects->len; j++)
        {
          const char *object_name = sandbox_object_get_string (objects->pdata[j],
                                                               "metadata.name");
          g_autoptr(JsonNode) removed = NULL;

          if (pods)
            removed = sandbox_controller_delete_pod (self, name, object_name, 30, NULL);
          else
            removed = sandbox_store_remove (self->store, &resources[i], name, object_name, NULL);
        }
    }
}

static void
schedule_namespace_check (SandboxController *self,
                          JsonNode          *namespace_)
{
  PodTimer *timer = g_new0 (PodTimer, 1);

  timer->controller = self;
  timer->name = g_strdup (sandbox_object_get_string (namespace_, "metadata.name"));
  timer->uid = g_strdup (sandbox_object_get_string (namespace_, "metadata.uid"));
  timer->step = STEP_FINISH_NAMESPACE;
  timer->source_id = g_timeout_add (100, on_pod_timer, timer);
  g_hash_table_insert (self->timers, GUINT_TO_POINTER (timer->source_id), timer);
}

static void
finish_namespace (SandboxController *self,
                  const char        *name,
                  const char        *uid)
{
  const SandboxResource *namespaces = resource_of ("namespaces");
  JsonNode *namespace_ = sandbox_store_get (self->store, namespaces, NULL, name);
  g_autoptr(GPtrArray) pods = NULL;
  g_autoptr(JsonNode) removed = NULL;

  if (namespace_ == NULL
      || g_strcmp0 (sandbox_object_get_string (namespace_, "metadata.uid"), uid) != 0)
    return;

  /* Terminating pods first; what they left behind (their Events) goes with the namespace. */
  pods = sandbox_store_list (self->store, resource_of ("pods"), name);
  if (pods->len > 0)
    {
      schedule_namespace_check (self, namespace_);
      return;
    }

  sweep_namespace (self, name);
  removed = sandbox_store_remove (self->store, namespaces, NULL, name, NULL);
}

/* Returns the namespace as it is now, Terminating (a new reference). */
JsonNode *
sandbox_controller_delete_namespace (SandboxController *self,
                                     const char        *name,
                                     GError           **error)
{
  const SandboxResource *namespaces = resource_of ("namespaces");
  JsonNode *stored = sandbox_store_get (self->store, namespaces, NULL, name);
  g_autoptr(JsonNode) namespace_ = NULL;
  g_autofree char *now = sandbox_timestamp_now ();
  JsonNode *updated;

  g_return_val_if_fail (SANDBOX_IS_CONTROLLER (self), NULL);

  if (stored == NULL)
    {
      g_set_error (error, SANDBOX_STORE_ERROR, SANDBOX_STORE_ERROR_NOT_FOUND,
                   "namespaces \"%s\" not found", name);
      return NULL;
    }

  if (sandbox_object_get_string (stored, "metadata.deletionTimestamp") != NULL)
    return json_node_ref (stored);

  namespace_ = sandbox_json_copy (stored);
  json_object_set_string_member (sandbox_object_get_metadata (namespace_), "deletionTimestamp",
                                 now);
  json_object_set_string_member (sandbox_object_ensure_object (
                                   json_node_get_object (namespace_), "status"),
                                 "phase", "Terminating");
  updated = sandbox_store_update (self->store, namespaces, NULL, name, namespace_,
                                  SANDBOX_UPDATE_NONE, error);
  if (updated == NULL)
    return NULL;

  updated = json_node_ref (updated);
  sweep_namespace (self, name);
  schedule_namespace_check (self, updated);
  return updated;
}

/* Simulates a crash of the pod's first container (reason "OOMKilled" or "Error"): the
 * kubelet restarts it, so the restart count goes up, lastState records the termination, and
 * the pod is unready until the ready delay has passed again.  Returns the pod as it is now
 * (a new reference). */
JsonNode *
sandbox_controller_crash_pod (SandboxController *self,
                              const char        *namespace_,
                              const char        *name,
                              const char        *reason,
                              GError           **error)
{
  const SandboxResource *pods = resource_of ("pods");
  g_autofree char *now = sandbox_timestamp_now ();
  g_autofree char *message = NULL;
  g_autoptr(JsonNode) pod = NULL;
  JsonNode *stored = sandbox_store_get (self->store, pods, namespace_, name);
  JsonObject *status;
  JsonObject *container;
  JsonObject *terminated;
  JsonObject *last_state;
  JsonObject *state;
  JsonObject *running;
  JsonArray *statuses;
  JsonNode *updated;

  g_return_val_if_fail (SANDBOX_IS_CONTROLLER (self), NULL);

  if (stored == NULL)
    {
      g_set_error (error, SANDBOX_STORE_ERROR, SANDBOX_STORE_ERROR_NOT_FOUND,
                   "pods \"%s\" not found", name);
      return NULL;
    }

  statuses = get_array (stored, "status.containerStatuses");
  if (g_strcmp0 (sandbox_object_get_string (stored, "status.phase"), "Running") != 0
      || statuses == NULL || json_array_get_length (statuses) == 0
      || sandbox_object_get_string (stored, "metadata.deletionTimestamp") != NULL)
    {
      g_set_error (error, SANDBOX_STORE_ERROR, SANDBOX_STORE_ERROR_INVALID,
                   "pod \"%s\" has no running container to crash", name);
      return NULL;
    }

  pod = sandbox_json_copy (stored);
  status = sandbox_object_ensure_object (json_node_get_object (pod), "status");
  container = object_element (get_array (pod, "status.containerStatuses"), 0);
  if (container == NULL)
    {
      g_set_error (error, SANDBOX_STORE_ERROR, SANDBOX_STORE_ERROR_INVALID,
                   "pod \"%s\" has no container status", name);
      return NULL;
    }

  terminated = json_object_new ();
  json_object_set_int_member (terminated, "exitCode",
                              g_strcmp0 (reason, "OOMKilled") == 0 ? 137 : 1);
  json_object_set_string_member (terminated, "reason", reason);
  json_object_set_string_member (terminated, "startedAt",
                                 sandbox_object_get_string (stored, "status.startTime") ?: now);
  json_object_set_string_member (terminated, "finishedAt", now);
  last_state = json_object_new ();
  json_object_set_object_member (last_state, "terminated", terminated);
  json_object_set_object_member (container, "lastState", last_state);

  running = json_object_new ();
  json_object_set_string_member (running, "startedAt", now);
  state = json_object_new ();
  json_object_set_object_member (state, "running", running);
  json_object_set_object_member (container, "state", state);
  json_object_set_int_member (container, "restartCount",
                              sandbox_json_int_member (container, "restartCount",
                                                                       0) + 1);
  json_object_set_boolean_member (container, "ready", FALSE);
  set_condition (status, "ContainersReady", FALSE, now);
  set_condition (status, "Ready", FALSE, now);

  updated = sandbox_store_update (self->store, pods, namespace_, name, pod, SANDBOX_UPDATE_NONE,
                                  error);
  if (updated == NULL)
    return NULL;

  message = g_strdup_printf ("Container %s restarted after it terminated (%s)",
                             sandbox_json_string_member (container, "name", ""),
                             reason);
  sandbox_controller_record_event (self, updated, "Warning", "BackOff", message, "kubelet");
  schedule_pod_step (self, updated, STEP_READY, self->ready_delay_ms);
  return json_node_ref (updated);
}

/* The StatefulSet controller */

static char *
template_revision (JsonNode *statefulset)
{
  JsonNode *template = get_member (statefulset, "spec.template");
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  g_autofree char *checksum = NULL;

  if (template == NULL)
    return g_strdup_printf ("%s-0", sandbox_object_get_string (statefulset, "metadata.name"));

  json_generator_set_root (generator, template);
  text = json_generator_to_data (generator, NULL);
  checksum = g_compute_checksum_for_string (G_CHECKSUM_SHA1, text, -1);
  checksum[10] = '\0';

  return g_strdup_printf ("%s-%s", sandbox_object_get_string (statefulset, "metadata.name"),
                          checksum);
}

static JsonNode *
owner_reference (JsonNode *statefulset)
{
  JsonObject *reference = json_object_new ();
  JsonArray *references = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_object_set_string_member (reference, "apiVersion", "apps/v1");
  json_object_set_string_member (reference, "kind", "StatefulSet");
  json_object_set_string_member (reference, "name",
                                 sandbox_object_get_string (statefulset, "metadata.name"));
  json_object_set_string_member (reference, "uid",
                                 sandbox_object_get_string (statefulset, "metadata.uid"));
  json_object_set_boolean_member (reference, "controller", TRUE);
  json_object_set_boolean_member (reference, "blockOwnerDeletion", TRUE);
  json_array_add_object_element (references, reference);
  json_node_take_array (node, references);

  return node;
}

/* The StorageClass annotated as the default, or NULL. */
static const char *
default_storage_class (SandboxController *self)
{
  g_autoptr(GPtrArray) classes = sandbox_store_list (self->store, resource_of ("storageclasses"),
                                                     NULL);

  for (guint i = 0; i < classes->len; i++)
    {
      JsonObject *annotations = sandbox_object_get_object (classes->pdata[i],
                                                           "metadata.annotations");

      if (g_strcmp0 (sandbox_json_string_member (annotations,
                                                 "storageclass.kubernetes.io/is-default-class",
                                                 NULL), "true") == 0)
        return sandbox_object_get_string (classes->pdata[i], "metadata.name");
    }

  return NULL;
}

static void
ensure_claims (SandboxController *self,
               JsonNode          *statefulset,
               const char        *pod_name)
{
  const SandboxResource *claims = resource_of ("persistentvolumeclaims");
  const char *namespace_ = sandbox_object_get_string (statefulset, "metadata.namespace");
  JsonArray *templates = get_array (statefulset, "spec.volumeClaimTemplates");

  for (guint i = 0; templates != NULL && i < json_array_get_length (templates); i++)
    {
      JsonNode *template = json_array_get_element (templates, i);
      const char *template_name = sandbox_object_get_string (template, "metadata.name");
      g_autofree char *name = NULL;
      g_autofree char *volume = NULL;
      g_autofree char *uid = NULL;
      g_autofree char *message = NULL;
      g_autoptr(JsonNode) claim = NULL;
      JsonObject *root;
      JsonObject *metadata;
      JsonObject *spec;
      JsonObject *status;
      JsonNode *storage;
      JsonNode *created;
      const char *class_name;
      gboolean class_known;

      if (template_name == NULL)
        continue;

      name = g_strdup_printf ("%s-%s", template_name, pod_name);
      if (sandbox_store_get (self->store, claims, namespace_, name) != NULL)
        continue;

      claim = sandbox_json_copy (template);
      root = json_node_get_object (claim);
      metadata = sandbox_object_ensure_object (root, "metadata");
      json_object_set_string_member (metadata, "name", name);
      if (!json_object_has_member (metadata, "labels")
          && get_member (statefulset, "spec.selector.matchLabels") != NULL)
        json_object_set_member (metadata, "labels",
                                sandbox_json_copy (get_member (statefulset,
                                                            "spec.selector.matchLabels")));
      spec = sandbox_object_ensure_object (root, "spec");
      json_object_set_string_member (spec, "volumeMode", "Filesystem");
      class_name = sandbox_json_string_member (spec, "storageClassName", NULL);
      if (class_name == NULL)
        {
          /* The DefaultStorageClass admission fills in the default class, if there is one. */
          class_name = default_storage_class (self);
          if (class_name != NULL)
            json_object_set_string_member (spec, "storageClassName", class_name);
        }
      class_known = class_name != NULL
                    && sandbox_store_get (self->store, resource_of ("storageclasses"), NULL,
                                          class_name) != NULL;

      status = sandbox_object_ensure_object (root, "status");
      if (!class_known)
        {
          /* Nothing can provision it: the claim stays Pending, and so do its pods. */
          json_object_set_string_member (status, "phase", "Pending");
          created = sandbox_store_create (self->store, claims, namespace_, claim, NULL);
          if (created == NULL)
            continue;
          message = class_name != NULL
                    ? g_strdup_printf ("storageclass.storage.k8s.io \"%s\" not found",
                                       class_name)
                    : g_strdup ("no persistent volumes available for this claim and no storage "
                                "class is set");
          sandbox_controller_record_event (self, created, "Warning",
                                           class_name != NULL ? "ProvisioningFailed"
                                                              : "FailedBinding",
                                           message, "persistentvolume-controller");
          g_clear_pointer (&message, g_free);
          message = g_strdup_printf ("create Claim %s Pod %s in StatefulSet %s success", name,
                                     pod_name,
                                     sandbox_object_get_string (statefulset, "metadata.name"));
          sandbox_controller_record_event (self, statefulset, "Normal", "SuccessfulCreate",
                                           message, "statefulset-controller");
          continue;
        }

      uid = g_uuid_string_random ();
      volume = g_strdup_printf ("pvc-%s", uid);
      json_object_set_string_member (spec, "volumeName", volume);
      json_object_set_string_member (status, "phase", "Bound");
      if (json_object_has_member (spec, "accessModes"))
        json_object_set_member (status, "accessModes",
                                sandbox_json_copy (json_object_get_member (spec, "accessModes")));
      storage = get_member (claim, "spec.resources.requests");
      if (storage != NULL)
        {
          JsonObject *capacity = json_object_new ();

          if (JSON_NODE_HOLDS_OBJECT (storage)
              && json_object_has_member (json_node_get_object (storage), "storage"))
            json_object_set_member (capacity, "storage",
                                    sandbox_json_copy (json_object_get_member (
                                                      json_node_get_object (storage),
                                                      "storage")));
          json_object_set_object_member (status, "capacity", capacity);
        }

      created = sandbox_store_create (self->store, claims, namespace_, claim, NULL);
      if (created == NULL)
        continue;

      message = g_strdup_printf ("create Claim %s Pod %s in StatefulSet %s success", name,
                                 pod_name,
                                 sandbox_object_get_string (statefulset, "metadata.name"));
      sandbox_controller_record_event (self, statefulset, "Normal", "SuccessfulCreate", message,
                                       "statefulset-controller");
    }
}

static gboolean
create_pod (SandboxController *self,
            JsonNode          *statefulset,
            guint              ordinal,
            const char        *revision)
{
  const SandboxResource *pods = resource_of ("pods");
  const char *namespace_ = sandbox_object_get_string (statefulset, "metadata.namespace");
  const char *sts_name = sandbox_object_get_string (statefulset, "metadata.name");
  const char *service = sandbox_object_get_string (statefulset, "spec.serviceName");
  JsonNode *template = get_member (statefulset, "spec.template");
  JsonArray *claim_templates = get_array (statefulset, "spec.volumeClaimTemplates");
  g_autofree char *name = g_strdup_printf ("%s-%u", sts_name, ordinal);
  g_autofree char *index = g_strdup_printf ("%u", ordinal);
  g_autofree char *generate_name = g_strdup_printf ("%s-", sts_name);
  g_autofree char *message = NULL;
  g_autofree char *refusal = NULL;
  g_autoptr(JsonNode) pod = NULL;
  JsonObject *root;
  JsonObject *metadata;
  JsonObject *labels;
  JsonObject *spec;
  JsonNode *volumes_node;
  JsonArray *volumes;

  ensure_claims (self, statefulset, name);

  pod = template != NULL && JSON_NODE_HOLDS_OBJECT (template)
        ? sandbox_json_copy (template)
        : new_object_node (json_object_new ());
  root = json_node_get_object (pod);
  metadata = sandbox_object_ensure_object (root, "metadata");
  json_object_set_string_member (metadata, "name", name);
  json_object_set_string_member (metadata, "generateName", generate_name);
  json_object_set_member (metadata, "ownerReferences", owner_reference (statefulset));
  labels = sandbox_object_ensure_object (metadata, "labels");
  json_object_set_string_member (labels, "controller-revision-hash", revision);
  json_object_set_string_member (labels, "statefulset.kubernetes.io/pod-name", name);
  json_object_set_string_member (labels, "apps.kubernetes.io/pod-index", index);

  spec = sandbox_object_ensure_object (root, "spec");
  json_object_set_string_member (spec, "hostname", name);
  if (service != NULL)
    json_object_set_string_member (spec, "subdomain", service);

  volumes_node = json_object_get_member (spec, "volumes");
  if (volumes_node == NULL || !JSON_NODE_HOLDS_ARRAY (volumes_node))
    {
      json_object_set_array_member (spec, "volumes", json_array_new ());
      volumes_node = json_object_get_member (spec, "volumes");
    }
  volumes = json_node_get_array (volumes_node);
  for (guint i = 0; claim_templates != NULL && i < json_array_get_length (claim_templates); i++)
    {
      const char *claim = sandbox_object_get_string (json_array_get_element (claim_templates, i),
                                                     "metadata.name");
      g_autofree char *claim_name = NULL;
      JsonObject *volume;
      JsonObject *source;

      if (claim == NULL)
        continue;
      claim_name = g_strdup_printf ("%s-%s", claim, name);
      volume = json_object_new ();
      source = json_object_new ();
      json_object_set_string_member (volume, "name", claim);
      json_object_set_string_member (source, "claimName", claim_name);
      json_object_set_object_member (volume, "persistentVolumeClaim", source);
      json_array_add_object_element (volumes, volume);
    }

  /* The pod goes through admission as any other: a namespace's Pod Security level may
   * refuse it, which the controller reports on the StatefulSet. */
  refusal = sandbox_admission_pod_security (self->store, namespace_, pod);
  if (refusal != NULL)
    {
      message = g_strdup_printf ("create Pod %s in StatefulSet %s failed error: %s", name,
                                 sts_name, refusal);
      sandbox_controller_record_event (self, statefulset, "Warning", "FailedCreate", message,
                                       "statefulset-controller");
      return FALSE;
    }

  if (sandbox_store_create (self->store, pods, namespace_, pod, NULL) == NULL)
    return FALSE;

  message = g_strdup_printf ("create Pod %s in StatefulSet %s successful", name, sts_name);
  sandbox_controller_record_event (self, statefulset, "Normal", "SuccessfulCreate", message,
                                   "statefulset-controller");
  return TRUE;
}

static gint64
ordinal_of (JsonNode   *pod,
            const char *sts_name)
{
  const char *name = sandbox_object_get_string (pod, "metadata.name");
  guint64 ordinal;

  if (name == NULL || !g_str_has_prefix (name, sts_name) || name[strlen (sts_name)] != '-'
      || !g_ascii_string_to_unsigned (name + strlen (sts_name) + 1, 10, 0, 100000, &ordinal,
                                      NULL))
    return -1;

  return (gint64) ordinal;
}

static void
update_status (SandboxController *self,
               JsonNode          *statefulset,
               GPtrArray         *owned,
               const char        *revision)
{
  const SandboxResource *statefulsets = resource_of ("statefulsets");
  g_autoptr(JsonNode) copy = sandbox_json_copy (statefulset);
  JsonObject *status = json_object_new ();
  JsonObject *old_status;
  gint64 ready = 0, updated = 0;
  const char *current_revision;

  for (guint i = 0; i < owned->len; i++)
    {
      JsonNode *pod = owned->pdata[i];

      if (pod_is_ready (pod))
        ready++;
      if (g_strcmp0 (sandbox_object_get_string (pod,
                                                "metadata.labels.controller-revision-hash"),
                     revision) == 0)
        updated++;
    }

  old_status = sandbox_object_ensure_object (json_node_get_object (copy), "status");
  current_revision = sandbox_json_string_member (old_status, "currentRevision",
                                                                 revision);
  if (updated == (gint64) owned->len)
    current_revision = revision;

  json_object_set_int_member (status, "observedGeneration",
                              sandbox_json_int_member (
                                sandbox_object_get_metadata (copy), "generation", 1));
  json_object_set_int_member (status, "replicas", owned->len);
  json_object_set_int_member (status, "readyReplicas", ready);
  json_object_set_int_member (status, "availableReplicas", ready);
  json_object_set_int_member (status, "currentReplicas",
                              g_str_equal (current_revision, revision) ? updated
                                                                       : owned->len - updated);
  json_object_set_int_member (status, "updatedReplicas", updated);
  json_object_set_string_member (status, "currentRevision", current_revision);
  json_object_set_string_member (status, "updateRevision", revision);
  json_object_set_int_member (status, "collisionCount", 0);

  json_object_set_object_member (json_node_get_object (copy), "status", status);
  sandbox_store_update (self->store, statefulsets,
                        sandbox_object_get_string (statefulset, "metadata.namespace"),
                        sandbox_object_get_string (statefulset, "metadata.name"), copy,
                        SANDBOX_UPDATE_STATUS_ONLY, NULL);
}

/* Deletes one of the StatefulSet's pods, gracefully, with the controller's Event. */
static void
delete_owned_pod (SandboxController *self,
                  JsonNode          *statefulset,
                  JsonNode          *pod)
{
  const char *name = sandbox_object_get_string (pod, "metadata.name");
  g_autoptr(JsonNode) deleted = NULL;
  g_autofree char *message = NULL;

  deleted = sandbox_controller_delete_pod (self,
                                           sandbox_object_get_string (pod, "metadata.namespace"),
                                           name, 30, NULL);
  if (deleted == NULL)
    return;

  message = g_strdup_printf ("delete Pod %s in StatefulSet %s successful", name,
                             sandbox_object_get_string (statefulset, "metadata.name"));
  sandbox_controller_record_event (self, statefulset, "Normal", "SuccessfulDelete", message,
                                   "statefulset-controller");
}

static void
reconcile (SandboxController *self,
           const char        *namespace_,
           const char        *name)
{
  const SandboxResource *pods = resource_of ("pods");
  JsonNode *statefulset = sandbox_store_get (self->store, resource_of ("statefulsets"),
                                             namespace_, name);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) owned = g_ptr_array_new ();
  g_autoptr(GHashTable) by_ordinal = g_hash_table_new (NULL, NULL);
  g_autofree char *revision = NULL;
  gint64 replicas;
  gint64 highest = -1;
  gboolean parallel;
  gboolean waiting = FALSE;

  if (statefulset == NULL)
    return;

  /* The status update below replaces the stored node: hold on to this one. */
  statefulset = json_node_ref (statefulset);
  revision = template_revision (statefulset);
  replicas = sandbox_json_int_member (sandbox_object_get_object (statefulset, "spec"),
                                      "replicas", 1);
  parallel = g_strcmp0 (sandbox_object_get_string (statefulset, "spec.podManagementPolicy"),
                        "Parallel") == 0;

  all = sandbox_store_list (self->store, pods, namespace_);
  for (guint i = 0; i < all->len; i++)
    {
      JsonNode *pod = all->pdata[i];
      gint64 ordinal = ordinal_of (pod, name);

      if (ordinal < 0 || !sandbox_object_is_owned_by (pod, statefulset))
        continue;

      g_ptr_array_add (owned, pod);
      g_hash_table_insert (by_ordinal, GINT_TO_POINTER ((gint) ordinal), pod);
      highest = MAX (highest, ordinal);
    }

  /* Scale down from the highest ordinal, one pod at a time (OrderedReady), or all the pods
   * above the count at once (Parallel). */
  if (highest >= replicas)
    {
      for (gint64 i = highest; i >= replicas; i--)
        {
          JsonNode *pod = g_hash_table_lookup (by_ordinal, GINT_TO_POINTER ((gint) i));

          if (pod == NULL)
            continue;
          /* The next one goes only when this one is gone. */
          if (sandbox_object_get_string (pod, "metadata.deletionTimestamp") == NULL)
            delete_owned_pod (self, statefulset, pod);
          if (!parallel)
            break;
        }
      goto status;
    }

  /* Scale up, or replace a missing pod: in order, each waiting for the one before to be
   * Ready (OrderedReady), or all at once (Parallel). */
  for (gint64 i = 0; i < replicas; i++)
    {
      JsonNode *pod = g_hash_table_lookup (by_ordinal, GINT_TO_POINTER ((gint) i));

      if (pod == NULL)
        {
          if (!create_pod (self, statefulset, (guint) i, revision) || !parallel)
            goto status;
          waiting = TRUE;
          continue;
        }

      if (!pod_is_ready (pod))
        {
          if (!parallel)
            goto status;
          waiting = TRUE;
        }
    }

  /* A rolling update starts only when every pod is there and Ready. */
  if (waiting)
    goto status;

  /* A changed template rolls out from the highest ordinal, one pod at a time. */
  for (gint64 i = replicas - 1; i >= 0; i--)
    {
      JsonNode *pod = g_hash_table_lookup (by_ordinal, GINT_TO_POINTER ((gint) i));
      const char *pod_revision = sandbox_object_get_string (
        pod, "metadata.labels.controller-revision-hash");

      if (g_strcmp0 (pod_revision, revision) != 0)
        {
          delete_owned_pod (self, statefulset, pod);
          break;
        }
    }

status:
  update_status (self, statefulset, owned, revision);
  json_node_unref (statefulset);
}

/* The disruption controller: how many pods a PodDisruptionBudget covers and may lose. */

static gboolean
matches_labels (JsonNode *pod,
                JsonNode *match_labels)
{
  JsonObject *labels = NULL;
  JsonNode *labels_node = get_member (pod, "metadata.labels");
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (match_labels == NULL || !JSON_NODE_HOLDS_OBJECT (match_labels))
    return FALSE;
  if (labels_node != NULL && JSON_NODE_HOLDS_OBJECT (labels_node))
    labels = json_node_get_object (labels_node);

  json_object_iter_init (&iter, json_node_get_object (match_labels));
  while (json_object_iter_next (&iter, &key, &value))
    {
      if (labels == NULL || JSON_NODE_TYPE (value) != JSON_NODE_VALUE
          || g_strcmp0 (sandbox_json_string_member (labels, key, NULL),
                        json_node_get_string (value)) != 0)
        return FALSE;
    }

  return TRUE;
}

static void
update_budgets (SandboxController *self,
                const char        *namespace_)
{
  const SandboxResource *budgets = resource_of ("poddisruptionbudgets");
  g_autoptr(GPtrArray) all_budgets = sandbox_store_list (self->store, budgets, namespace_);
  g_autoptr(GPtrArray) pods = sandbox_store_list (self->store, resource_of ("pods"),
                                                  namespace_);

  for (guint i = 0; i < all_budgets->len; i++)
    {
      JsonNode *budget = all_budgets->pdata[i];
      JsonNode *selector = get_member (budget, "spec.selector.matchLabels");
      JsonNode *max_unavailable = get_member (budget, "spec.maxUnavailable");
      JsonNode *min_available = get_member (budget, "spec.minAvailable");
      g_autoptr(JsonNode) copy = sandbox_json_copy (budget);
      JsonObject *status = json_object_new ();
      gint64 expected = 0, healthy = 0, desired;

      for (guint j = 0; j < pods->len; j++)
        {
          if (!matches_labels (pods->pdata[j], selector))
            continue;
          expected++;
          if (pod_is_ready (pods->pdata[j]))
            healthy++;
        }

      if (max_unavailable != NULL && json_node_get_value_type (max_unavailable) == G_TYPE_INT64)
        desired = MAX (0, expected - json_node_get_int (max_unavailable));
      else if (min_available != NULL && json_node_get_value_type (min_available) == G_TYPE_INT64)
        desired = json_node_get_int (min_available);
      else
        desired = expected;

      json_object_set_int_member (status, "observedGeneration",
                                  sandbox_json_int_member (
                                    sandbox_object_get_metadata (budget), "generation", 1));
      json_object_set_int_member (status, "disruptionsAllowed", MAX (0, healthy - desired));
      json_object_set_int_member (status, "currentHealthy", healthy);
      json_object_set_int_member (status, "desiredHealthy", desired);
      json_object_set_int_member (status, "expectedPods", expected);
      json_object_set_object_member (json_node_get_object (copy), "status", status);
      sandbox_store_update (self->store, budgets, namespace_,
                            sandbox_object_get_string (budget, "metadata.name"), copy,
                            SANDBOX_UPDATE_STATUS_ONLY, NULL);
    }
}

static gboolean
run_reconciles (gpointer user_data)
{
  SandboxController *self = user_data;
  g_autoptr(GHashTable) pending = g_steal_pointer (&self->pending);
  g_autoptr(GHashTable) pending_budgets = g_steal_pointer (&self->pending_budgets);
  GHashTableIter iter;
  gpointer key;

  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pending_budgets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->reconcile_id = 0;

  g_hash_table_iter_init (&iter, pending_budgets);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    update_budgets (self, key);

  g_hash_table_iter_init (&iter, pending);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *slash = strchr (key, '/');
      g_autofree char *namespace_ = g_strndup (key, slash - (const char *) key);

      reconcile (self, namespace_, slash + 1);
    }

  return G_SOURCE_REMOVE;
}

static void
queue_reconcile (SandboxController *self,
                 const char        *namespace_,
                 const char        *name)
{
  g_hash_table_add (self->pending, g_strdup_printf ("%s/%s", namespace_, name));
  if (self->reconcile_id == 0)
    self->reconcile_id = g_idle_add (run_reconciles, self);
}

static void
queue_budgets (SandboxController *self,
               const char        *namespace_)
{
  if (namespace_ == NULL)
    return;

  g_hash_table_add (self->pending_budgets, g_strdup (namespace_));
  if (self->reconcile_id == 0)
    self->reconcile_id = g_idle_add (run_reconciles, self);
}

static const char *
controlling_statefulset (JsonNode *pod)
{
  JsonArray *references = get_array (pod, "metadata.ownerReferences");

  for (guint i = 0; references != NULL && i < json_array_get_length (references); i++)
    {
      JsonNode *reference = json_array_get_element (references, i);

      if (g_strcmp0 (sandbox_object_get_string (reference, "kind"), "StatefulSet") == 0)
        return sandbox_object_get_string (reference, "name");
    }

  return NULL;
}

static void
collect_garbage (SandboxController *self,
                 JsonNode          *statefulset)
{
  const char *namespace_ = sandbox_object_get_string (statefulset, "metadata.namespace");
  g_autoptr(GPtrArray) all = sandbox_store_list (self->store, resource_of ("pods"), namespace_);

  for (guint i = 0; i < all->len; i++)
    {
      g_autoptr(JsonNode) deleted = NULL;

      if (sandbox_object_is_owned_by (all->pdata[i], statefulset))
        deleted = sandbox_controller_delete_pod (self, namespace_,
                                                 sandbox_object_get_string (all->pdata[i],
                                                                            "metadata.name"),
                                                 30, NULL);
    }
}

static void
on_store_event (SandboxStore      *store,
                SandboxEvent      *event,
                SandboxController *self)
{
  const char *namespace_ = sandbox_object_get_string (event->object, "metadata.namespace");
  const char *kind = event->resource->kind;

  if (g_str_equal (kind, "StatefulSet"))
    {
      if (event->type == SANDBOX_EVENT_DELETED)
        collect_garbage (self, event->object);
      else
        queue_reconcile (self, namespace_,
                         sandbox_object_get_string (event->object, "metadata.name"));
    }
  else if (g_str_equal (kind, "PodDisruptionBudget") && event->type != SANDBOX_EVENT_DELETED)
    queue_budgets (self, namespace_);
  else if (g_str_equal (kind, "Pod"))
    {
      const char *owner = controlling_statefulset (event->object);

      queue_budgets (self, namespace_);

      if (event->type == SANDBOX_EVENT_DELETED)
        forget_pod (self, sandbox_object_get_string (event->object, "metadata.uid") ?: "");

      if (owner != NULL)
        queue_reconcile (self, namespace_, owner);

      /* The kubelet picks up every new pod that no one has given a status yet. */
      if (event->type == SANDBOX_EVENT_ADDED
          && sandbox_object_get_string (event->object, "status.phase") == NULL)
        schedule_pod_step (self, event->object, STEP_SCHEDULE, 50);
    }
}

SandboxController *
sandbox_controller_new (SandboxStore *store,
                        guint         ready_delay_ms,
                        guint         delete_delay_ms)
{
  SandboxController *self = g_object_new (SANDBOX_TYPE_CONTROLLER, NULL);

  self->store = g_object_ref (store);
  self->ready_delay_ms = ready_delay_ms;
  self->delete_delay_ms = delete_delay_ms;
  self->store_handler = g_signal_connect (store, "event", G_CALLBACK (on_store_event), self);

  return self;
}
