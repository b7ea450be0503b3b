/* sandbox-table.c: the meta.k8s.io/v1 Tables that `kubectl get` prints
 *
 * For human output kubectl asks the server for a Table and prints its cells as given, so the
 * server decides every column: which ones exist, and what a pod's STATUS or an object's AGE
 * reads.  This file computes them the way the Kubernetes API server's printers do, kind by
 * kind.  The objects come from the sandbox's own store, but a client may have written any
 * of their fields, so every member is checked for presence and type before use.
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sandbox-table.h"

#include <string.h>

typedef struct
{
  const char *name;
  const char *type;
  const char *format;
  const char *description;
  int priority;
} Column;

/* Fills @cells (and optionally the row's @conditions) for one object. */
typedef void (*RowFunc) (JsonObject *object,
                         GDateTime  *now,
                         JsonArray  *cells,
                         JsonArray  *conditions);

typedef struct
{
  const char *kind;
  const Column *columns;
  RowFunc row;
} KindPrinter;

#define NAME_COLUMN \
  { "Name", "string", "name", "Name must be unique within a namespace.", 0 }
#define AGE_COLUMN \
  { "Age", "string", "", "Time since the object was created.", 0 }

/* Reading untrusted members. */

static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, name)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

static JsonArray *
get_array (JsonObject *object,
           const char *name)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, name)) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, name)) == NULL ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* @fallback when @name is absent, empty or not a string. */
static const char *
get_string_or (JsonObject *object,
               const char *name,
               const char *fallback)
{
  const char *value = get_string (object, name);

  return value != NULL && *value != '\0' ? value : fallback;
}

/* Every number the printers read (counts, replicas, ports, exit codes) is an int32 in the
 * Kubernetes types; anything outside that range, or not a number, is @fallback.  This also
 * keeps the sums of restart counts far from overflowing. */
static gint64
get_int (JsonObject *object,
         const char *name,
         gint64      fallback)
{
  JsonNode *node;
  GType type;

  if (object == NULL || (node = json_object_get_member (object, name)) == NULL ||
      !JSON_NODE_HOLDS_VALUE (node))
    return fallback;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      gint64 value = json_node_get_int (node);

      return value >= G_MININT32 && value <= G_MAXINT32 ? value : fallback;
    }
  if (type == G_TYPE_DOUBLE)
    {
      double value = json_node_get_double (node);

      return value >= G_MININT32 && value <= G_MAXINT32 ? (gint64) value : fallback;
    }

  return fallback;
}

static gboolean
get_bool (JsonObject *object,
          const char *name)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, name)) == NULL ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;

  return json_node_get_boolean (node);
}

/* The object at @index of @array, or NULL when it is not an object. */
static JsonObject *
array_object (JsonArray *array,
              guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static guint
array_length (JsonArray *array)
{
  return array != NULL ? json_array_get_length (array) : 0;
}

static guint
object_size (JsonObject *object)
{
  return object != NULL ? json_object_get_size (object) : 0;
}

static JsonNode *
deep_copy (JsonNode *node)
{
  JsonNode *copy;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *source = json_node_get_object (node);
        JsonObject *object = json_object_new ();
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init_ordered (&iter, source);
        while (json_object_iter_next_ordered (&iter, &name, &member))
          json_object_set_member (object, name, deep_copy (member));

        copy = json_node_new (JSON_NODE_OBJECT);
        json_node_take_object (copy, object);
        return copy;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *source = json_node_get_array (node);
        JsonArray *array = json_array_sized_new (json_array_get_length (source));

        for (guint i = 0; i < json_array_get_length (source); i++)
          json_array_add_element (array, deep_copy (json_array_get_element (source, i)));

        copy = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (copy, array);
        return copy;
      }

    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

/* Durations, as Kubernetes' duration.HumanDuration writes them. */

static char *
human_duration (GTimeSpan span)
{
  gint64 seconds = span / G_TIME_SPAN_SECOND;
  gint64 minutes, hours, days;

  if (seconds < -1)
    return g_strdup ("<invalid>");
  if (seconds < 0)
    return g_strdup ("0s");
  if (seconds < 60 * 2)
    return g_strdup_printf ("%" G_GINT64_FORMAT "s", seconds);

  minutes = seconds / 60;
  if (minutes < 10)
    {
      if (seconds % 60 == 0)
        return g_strdup_printf ("%" G_GINT64_FORMAT "m", minutes);
      return g_strdup_printf ("%" G_GINT64_FORMAT "m%" G_GINT64_FORMAT "s", minutes,
                              seconds % 60);
    }
  if (minutes < 60 * 3)
    return g_strdup_printf ("%" G_GINT64_FORMAT "m", minutes);

  hours = minutes / 60;
  if (hours < 8)
    {
      if (minutes % 60 == 0)
        return g_strdup_printf ("%" G_GINT64_FORMAT "h", hours);
      return g_strdup_printf ("%" G_GINT64_FORMAT "h%" G_GINT64_FORMAT "m", hours, minutes % 60);
    }
  if (hours < 48)
    return g_strdup_printf ("%" G_GINT64_FORMAT "h", hours);

  days = hours / 24;
  if (hours < 24 * 8)
    {
      if (hours % 24 == 0)
        return g_strdup_printf ("%" G_GINT64_FORMAT "d", days);
      return g_strdup_printf ("%" G_GINT64_FORMAT "d%" G_GINT64_FORMAT "h", days, hours % 24);
    }
  if (hours < 24 * 365 * 2)
    return g_strdup_printf ("%" G_GINT64_FORMAT "d", days);
  if (hours < 24 * 365 * 8)
    {
      if (days % 365 == 0)
        return g_strdup_printf ("%" G_GINT64_FORMAT "y", days / 365);
      return g_strdup_printf ("%" G_GINT64_FORMAT "y%" G_GINT64_FORMAT "d", days / 365,
                              days % 365);
    }

  return g_strdup_printf ("%" G_GINT64_FORMAT "y", days / 365);
}

/* The time in member @name of @object, or NULL when absent or not RFC 3339. */
static GDateTime *
get_time (JsonObject *object,
          const char *name)
{
  const char *text = get_string (object, name);

  if (text == NULL || *text == '\0')
    return NULL;

  return g_date_time_new_from_iso8601 (text, NULL);
}

/* "<unknown>" for a missing time, as kubectl prints it. */
static char *
age_of (GDateTime *time,
        GDateTime *now)
{
  if (time == NULL)
    return g_strdup ("<unknown>");

  return human_duration (g_date_time_difference (now, time));
}

static char *
member_age (JsonObject *object,
            const char *name,
            GDateTime  *now)
{
  g_autoptr(GDateTime) time = get_time (object, name);

  return age_of (time, now);
}

static void
add_age (JsonArray  *cells,
         JsonObject *object,
         GDateTime  *now)
{
  g_autofree char *age = member_age (get_object (object, "metadata"), "creationTimestamp", now);

  json_array_add_string_element (cells, age);
}

static void
add_name (JsonArray  *cells,
          JsonObject *object)
{
  json_array_add_string_element (cells, get_string_or (get_object (object, "metadata"), "name",
                                                       ""));
}

/* Joins the string members @member of the objects in @array with commas. */
static char *
join_members (JsonArray  *array,
              const char *member)
{
  GString *joined = g_string_new (NULL);

  for (guint i = 0; i < array_length (array); i++)
    {
      const char *value = get_string (array_object (array, i), member);

      if (joined->len > 0)
        g_string_append_c (joined, ',');
      g_string_append (joined, value != NULL ? value : "");
    }

  return g_string_free (joined, FALSE);
}

/* "k=v,k2=v2" with keys sorted, as labels.FormatLabels writes a selector; "<none>" when
 * empty. */
static char *
format_labels (JsonObject *labels)
{
  g_autoptr(GList) names = NULL;
  GString *text;

  if (object_size (labels) == 0)
    return g_strdup ("<none>");

  text = g_string_new (NULL);
  names = g_list_sort (json_object_get_members (labels), (GCompareFunc) strcmp);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *value = get_string (labels, l->data);

      if (text->len > 0)
        g_string_append_c (text, ',');
      g_string_append_printf (text, "%s=%s", (const char *) l->data, value != NULL ? value : "");
    }

  return g_string_free (text, FALSE);
}

/* Pods */

static const Column pod_columns[] = {
  NAME_COLUMN,
  { "Ready", "string", "", "The aggregate readiness state of this pod for accepting traffic.",
    0 },
  { "Status", "string", "", "The aggregate status of the containers in this pod.", 0 },
  { "Restarts", "string", "",
    "The number of times the containers in this pod have been restarted and when the last "
    "container in this pod has restarted.", 0 },
  AGE_COLUMN,
  { "IP", "string", "", "IP address allocated to the pod.", 1 },
  { "Node", "string", "", "Name of the node the pod is assigned to.", 1 },
  { "Nominated Node", "string", "",
    "Name of the node the scheduler nominated for the pod, when preempting others.", 1 },
  { "Readiness Gates", "string", "", "How many of the pod's readiness gates are true.", 1 },
  { NULL }
};

static gboolean
has_true_condition (JsonObject *status,
                    const char *type)
{
  JsonArray *conditions = get_array (status, "conditions");

  for (guint i = 0; i < array_length (conditions); i++)
    {
      JsonObject *condition = array_object (conditions, i);

      if (g_strcmp0 (get_string (condition, "type"), type) == 0 &&
          g_strcmp0 (get_string (condition, "status"), "True") == 0)
        return TRUE;
    }

  return FALSE;
}

/* The container of @spec's list @list called @name, or NULL. */
static JsonObject *
find_container (JsonObject *spec,
                const char *list,
                const char *name)
{
  JsonArray *containers = get_array (spec, list);

  for (guint i = 0; name != NULL && i < array_length (containers); i++)
    {
      JsonObject *container = array_object (containers, i);

      if (g_strcmp0 (get_string (container, "name"), name) == 0)
        return container;
    }

  return NULL;
}

/* A sidecar: an init container with restartPolicy Always, which keeps running. */
static gboolean
is_restartable_init_container (JsonObject *container)
{
  return g_strcmp0 (get_string (container, "restartPolicy"), "Always") == 0;
}

/* Keeps in @latest the later of itself and the finish time of the container's last
 * termination. */
static void
note_last_termination (JsonObject  *container_status,
                       GDateTime  **latest)
{
  g_autoptr(GDateTime) finished = NULL;
  JsonObject *terminated = get_object (get_object (container_status, "lastState"),
                                       "terminated");

  finished = get_time (terminated, "finishedAt");

  if (finished != NULL && (*latest == NULL || g_date_time_compare (*latest, finished) < 0))
    {
      g_clear_pointer (latest, g_date_time_unref);
      *latest = g_steal_pointer (&finished);
    }
}

/* The reason text for a terminated container without a reason: "Signal:9" or
 * "ExitCode:1". */
static char *
termination_text (JsonObject *terminated,
                  const char *prefix)
{
  gint64 signal = get_int (terminated, "signal", 0);

  if (signal != 0)
    return g_strdup_printf ("%sSignal:%" G_GINT64_FORMAT, prefix, signal);

  return g_strdup_printf ("%sExitCode:%" G_GINT64_FORMAT, prefix,
                          get_int (terminated, "exitCode", 0));
}

typedef struct
{
  char *reason;
  gint64 restarts;
  gint64 ready;
  gint64 total;
  GDateTime *last_restart;
} PodSummary;

static void
pod_summary_clear (PodSummary *summary)
{
  g_clear_pointer (&summary->reason, g_free);
  g_clear_pointer (&summary->last_restart, g_date_time_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PodSummary, pod_summary_clear)

static void
set_reason (PodSummary *summary,
            char       *reason)
{
  g_free (summary->reason);
  summary->reason = reason;
}

/* Walks the init containers in order; returns TRUE when the pod is still initializing (the
 * reason is then set to what blocks it, such as "Init:0/1" or "Init:CrashLoopBackOff"). */
static gboolean
summarize_init_containers (JsonObject *spec,
                           JsonObject *status,
                           PodSummary *summary,
                           gint64     *sidecar_restarts,
                           GDateTime **sidecar_last_restart)
{
  JsonArray *statuses = get_array (status, "initContainerStatuses");
  guint n_init = array_length (get_array (spec, "initContainers"));

  for (guint i = 0; i < array_length (statuses); i++)
    {
      JsonObject *container_status = array_object (statuses, i);
      JsonObject *container = find_container (spec, "initContainers",
                                              get_string (container_status, "name"));
      JsonObject *state = get_object (container_status, "state");
      JsonObject *terminated = get_object (state, "terminated");
      JsonObject *waiting = get_object (state, "waiting");
      const char *waiting_reason = get_string_or (waiting, "reason", NULL);
      const char *terminated_reason = get_string_or (terminated, "reason", NULL);
      gboolean sidecar = container != NULL && is_restartable_init_container (container);
      gint64 restart_count = get_int (container_status, "restartCount", 0);

      summary->restarts += restart_count;
      note_last_termination (container_status, &summary->last_restart);
      if (sidecar)
        {
          *sidecar_restarts += restart_count;
          note_last_termination (container_status, sidecar_last_restart);
        }

      if (terminated != NULL && get_int (terminated, "exitCode", 0) == 0)
        continue;

      if (sidecar && get_bool (container_status, "started"))
        {
          if (get_bool (container_status, "ready"))
            summary->ready++;
          continue;
        }

      if (terminated != NULL)
        set_reason (summary, terminated_reason != NULL
                             ? g_strconcat ("Init:", terminated_reason, NULL)
                             : termination_text (terminated, "Init:"));
      else if (waiting_reason != NULL && strcmp (waiting_reason, "PodInitializing") != 0)
        set_reason (summary, g_strconcat ("Init:", waiting_reason, NULL));
      else
        set_reason (summary, g_strdup_printf ("Init:%u/%u", i, n_init));

      return TRUE;
    }

  return FALSE;
}

/* The app containers, last to first as kubectl walks them, so that the first container's
 * state wins the STATUS column. */
static void
summarize_containers (JsonObject *status,
                      PodSummary *summary)
{
  JsonArray *statuses = get_array (status, "containerStatuses");
  gboolean has_running = FALSE;

  for (guint i = array_length (statuses); i-- > 0;)
    {
      JsonObject *container_status = array_object (statuses, i);
      JsonObject *state = get_object (container_status, "state");
      JsonObject *terminated = get_object (state, "terminated");
      const char *waiting_reason = get_string_or (get_object (state, "waiting"), "reason", NULL);
      const char *terminated_reason = get_string_or (terminated, "reason", NULL);

      summary->restarts += get_int (container_status, "restartCount", 0);
      note_last_termination (container_status, &summary->last_restart);

      if (waiting_reason != NULL)
        set_reason (summary, g_strdup (waiting_reason));
      else if (terminated_reason != NULL)
        set_reason (summary, g_strdup (terminated_reason));
      else if (terminated != NULL)
        set_reason (summary, termination_text (terminated, ""));
      else if (get_bool (container_status, "ready") &&
               get_object (state, "running") != NULL)
        {
          has_running = TRUE;
          summary->ready++;
        }
    }

  /* A pod whose sidecar-less containers completed while another still runs is not done. */
  if (g_strcmp0 (summary->reason, "Completed") == 0 && has_running)
    set_reason (summary, g_strdup (has_true_condition (status, "Ready") ? "Running"
                                                                         : "NotReady"));
}

static void
summarize_pod (JsonObject *pod,
               PodSummary *summary)
{
  g_autoptr(GDateTime) sidecar_last_restart = NULL;
  JsonObject *spec = get_object (pod, "spec");
  JsonObject *status = get_object (pod, "status");
  JsonObject *metadata = get_object (pod, "metadata");
  JsonArray *init_containers = get_array (spec, "initContainers");
  JsonArray *conditions = get_array (status, "conditions");
  const char *phase = get_string_or (status, "phase", "");
  const char *status_reason = get_string_or (status, "reason", NULL);
  gint64 sidecar_restarts = 0;
  gboolean initializing;

  summary->total = array_length (get_array (spec, "containers"));
  summary->reason = g_strdup (status_reason != NULL ? status_reason : phase);

  for (guint i = 0; i < array_length (conditions); i++)
    {
      JsonObject *condition = array_object (conditions, i);

      if (g_strcmp0 (get_string (condition, "type"), "PodScheduled") == 0 &&
          g_strcmp0 (get_string (condition, "reason"), "SchedulingGated") == 0)
        set_reason (summary, g_strdup ("SchedulingGated"));
    }

  for (guint i = 0; i < array_length (init_containers); i++)
    if (is_restartable_init_container (array_object (init_containers, i)))
      summary->total++;

  initializing = summarize_init_containers (spec, status, summary, &sidecar_restarts,
                                            &sidecar_last_restart);

  if (!initializing || has_true_condition (status, "Initialized"))
    {
      /* Once initialized, only sidecar restarts count from the init containers. */
      summary->restarts = sidecar_restarts;
      g_clear_pointer (&summary->last_restart, g_date_time_unref);
      summary->last_restart = g_steal_pointer (&sidecar_last_restart);
      summarize_containers (status, summary);
    }

  if (get_string (metadata, "deletionTimestamp") != NULL)
    {
      if (g_strcmp0 (status_reason, "NodeLost") == 0)
        set_reason (summary, g_strdup ("Unknown"));
      else if (strcmp (phase, "Succeeded") != 0 && strcmp (phase, "Failed") != 0)
        set_reason (summary, g_strdup ("Terminating"));
    }
}

static void
add_pod_conditions (JsonArray  *conditions,
                    const char *phase)
{
  JsonObject *condition;

  if (g_strcmp0 (phase, "Succeeded") != 0 && g_strcmp0 (phase, "Failed") != 0)
    return;

  condition = json_object_new ();
  json_object_set_string_member (condition, "type", "Completed");
  json_object_set_string_member (condition, "status", "True");
  json_object_set_string_member (condition, "reason", phase);
  json_object_set_string_member (condition, "message",
                                 strcmp (phase, "Succeeded") == 0
                                 ? "The pod has completed successfully."
                                 : "The pod failed.");
  json_array_add_object_element (conditions, condition);
}

static void
pod_row (JsonObject *pod,
         GDateTime  *now,
         JsonArray  *cells,
         JsonArray  *row_conditions)
{
  g_auto(PodSummary) summary = { NULL, };
  g_autofree char *ready = NULL;
  g_autofree char *gates_text = NULL;
  JsonObject *spec = get_object (pod, "spec");
  JsonObject *status = get_object (pod, "status");
  JsonArray *pod_ips = get_array (status, "podIPs");
  JsonArray *gates = get_array (spec, "readinessGates");
  const char *ip;

  summarize_pod (pod, &summary);

  ready = g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, summary.ready,
                           summary.total);
  add_name (cells, pod);
  json_array_add_string_element (cells, ready);
  json_array_add_string_element (cells, summary.reason);

  if (summary.restarts != 0 && summary.last_restart != NULL)
    {
      g_autofree char *ago = age_of (summary.last_restart, now);
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT " (%s ago)", summary.restarts,
                                               ago);

      json_array_add_string_element (cells, text);
    }
  else
    json_array_add_int_element (cells, summary.restarts);

  add_age (cells, pod, now);

  ip = array_length (pod_ips) > 0 ? get_string (array_object (pod_ips, 0), "ip") : NULL;
  if (ip == NULL || *ip == '\0')
    ip = get_string_or (status, "podIP", "<none>");
  json_array_add_string_element (cells, ip);
  json_array_add_string_element (cells, get_string_or (spec, "nodeName", "<none>"));
  json_array_add_string_element (cells, get_string_or (status, "nominatedNodeName", "<none>"));

  if (array_length (gates) > 0)
    {
      guint n_true = 0;

      for (guint i = 0; i < array_length (gates); i++)
        {
          const char *type = get_string (array_object (gates, i), "conditionType");

          if (type != NULL && has_true_condition (status, type))
            n_true++;
        }
      gates_text = g_strdup_printf ("%u/%u", n_true, array_length (gates));
    }
  json_array_add_string_element (cells, gates_text != NULL ? gates_text : "<none>");

  add_pod_conditions (row_conditions, get_string (status, "phase"));
}

/* StatefulSets */

static const Column stateful_set_columns[] = {
  NAME_COLUMN,
  { "Ready", "string", "", "Number of the pods that are ready out of those desired.", 0 },
  AGE_COLUMN,
  { "Containers", "string", "", "Names of each container in the template.", 1 },
  { "Images", "string", "", "Images referenced by each container in the template.", 1 },
  { NULL }
};

static void
stateful_set_row (JsonObject *object,
                  GDateTime  *now,
                  JsonArray  *cells,
                  JsonArray  *conditions)
{
  g_autofree char *ready = NULL;
  g_autofree char *names = NULL;
  g_autofree char *images = NULL;
  JsonObject *spec = get_object (object, "spec");
  JsonArray *containers = get_array (get_object (get_object (spec, "template"), "spec"),
                                     "containers");

  names = join_members (containers, "name");
  images = join_members (containers, "image");

  /* The API server defaults spec.replicas to 1. */
  ready = g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                           get_int (get_object (object, "status"), "readyReplicas", 0),
                           get_int (spec, "replicas", 1));

  add_name (cells, object);
  json_array_add_string_element (cells, ready);
  add_age (cells, object, now);
  json_array_add_string_element (cells, names);
  json_array_add_string_element (cells, images);
}

/* ConfigMaps and Secrets */

static const Column config_map_columns[] = {
  NAME_COLUMN,
  { "Data", "string", "", "Number of keys in the configuration map.", 0 },
  AGE_COLUMN,
  { NULL }
};

static void
config_map_row (JsonObject *object,
                GDateTime  *now,
                JsonArray  *cells,
                JsonArray  *conditions)
{
  add_name (cells, object);
  json_array_add_int_element (cells, object_size (get_object (object, "data")) +
                                     object_size (get_object (object, "binaryData")));
  add_age (cells, object, now);
}

static const Column secret_columns[] = {
  NAME_COLUMN,
  { "Type", "string", "", "The type of the secret.", 0 },
  { "Data", "string", "", "Number of keys in the secret.", 0 },
  AGE_COLUMN,
  { NULL }
};

static void
secret_row (JsonObject *object,
            GDateTime  *now,
            JsonArray  *cells,
            JsonArray  *conditions)
{
  add_name (cells, object);
  json_array_add_string_element (cells, get_string_or (object, "type", "Opaque"));
  json_array_add_int_element (cells, object_size (get_object (object, "data")));
  add_age (cells, object, now);
}

/* Services */

static const Column service_columns[] = {
  NAME_COLUMN,
  { "Type", "string", "", "How the service is exposed.", 0 },
  { "Cluster-IP", "string", "", "The IP address of the service inside the cluster.", 0 },
  { "External-IP", "string", "", "The addresses the service is reachable at from outside.",
    0 },
  { "Port(s)", "string", "", "The ports the service exposes.", 0 },
  AGE_COLUMN,
  { "Selector", "string", "", "The labels of the pods the service routes to.", 1 },
  { NULL }
};

static char *
service_external_ip (JsonObject *spec,
                     JsonObject *status)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *type = get_string_or (spec, "type", "ClusterIP");
  JsonArray *external_ips = get_array (spec, "externalIPs");
  JsonArray *ingress = get_array (get_object (status, "loadBalancer"), "ingress");

  if (g_str_equal (type, "ExternalName"))
    return g_strdup (get_string_or (spec, "externalName", ""));

  if (g_str_equal (type, "LoadBalancer"))
    for (guint i = 0; i < array_length (ingress); i++)
      {
        JsonObject *entry = array_object (ingress, i);
        const char *address = get_string_or (entry, "ip", get_string_or (entry, "hostname",
                                                                         NULL));

        if (address != NULL)
          g_ptr_array_add (parts, (gpointer) address);
      }

  if (!g_str_equal (type, "ClusterIP") && !g_str_equal (type, "NodePort") &&
      !g_str_equal (type, "LoadBalancer"))
    return g_strdup ("<unknown>");

  for (guint i = 0; i < array_length (external_ips); i++)
    {
      JsonNode *node = json_array_get_element (external_ips, i);

      if (json_node_get_value_type (node) == G_TYPE_STRING)
        g_ptr_array_add (parts, (gpointer) json_node_get_string (node));
    }

  if (parts->len == 0)
    return g_strdup (g_str_equal (type, "LoadBalancer") ? "<pending>" : "<none>");

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (",", (char **) parts->pdata);
}

static char *
service_ports (JsonObject *spec)
{
  JsonArray *ports = get_array (spec, "ports");
  GString *text;

  if (array_length (ports) == 0)
    return g_strdup ("<none>");

  text = g_string_new (NULL);
  for (guint i = 0; i < array_length (ports); i++)
    {
      JsonObject *port = array_object (ports, i);
      gint64 node_port = get_int (port, "nodePort", 0);

      if (text->len > 0)
        g_string_append_c (text, ',');
      g_string_append_printf (text, "%" G_GINT64_FORMAT, get_int (port, "port", 0));
      if (node_port > 0)
        g_string_append_printf (text, ":%" G_GINT64_FORMAT, node_port);
      g_string_append_printf (text, "/%s", get_string_or (port, "protocol", "TCP"));
    }

  return g_string_free (text, FALSE);
}

static void
service_row (JsonObject *object,
             GDateTime  *now,
             JsonArray  *cells,
             JsonArray  *conditions)
{
  g_autofree char *external = NULL;
  g_autofree char *ports = NULL;
  g_autofree char *selector = NULL;
  JsonObject *spec = get_object (object, "spec");
  JsonArray *cluster_ips = get_array (spec, "clusterIPs");
  const char *cluster_ip = NULL;

  external = service_external_ip (spec, get_object (object, "status"));
  ports = service_ports (spec);
  selector = format_labels (get_object (spec, "selector"));

  if (array_length (cluster_ips) > 0)
    {
      JsonNode *first = json_array_get_element (cluster_ips, 0);

      if (json_node_get_value_type (first) == G_TYPE_STRING)
        cluster_ip = json_node_get_string (first);
    }
  if (cluster_ip == NULL || *cluster_ip == '\0')
    cluster_ip = get_string_or (spec, "clusterIP", "<none>");

  add_name (cells, object);
  json_array_add_string_element (cells, get_string_or (spec, "type", "ClusterIP"));
  json_array_add_string_element (cells, cluster_ip);
  json_array_add_string_element (cells, external);
  json_array_add_string_element (cells, ports);
  add_age (cells, object, now);
  json_array_add_string_element (cells, selector);
}

/* Namespaces */

static const Column namespace_columns[] = {
  NAME_COLUMN,
  { "Status", "string", "", "The phase of the namespace: Active or Terminating.", 0 },
  AGE_COLUMN,
  { NULL }
};

static void
namespace_row (JsonObject *object,
               GDateTime  *now,
               JsonArray  *cells,
               JsonArray  *conditions)
{
  add_name (cells, object);
  /* The API server sets Active when it creates a namespace. */
  json_array_add_string_element (cells, get_string_or (get_object (object, "status"), "phase",
                                                       "Active"));
  add_age (cells, object, now);
}

/* Events */

static const Column event_columns[] = {
  { "Last Seen", "string", "", "When the event was last observed.", 0 },
  { "Type", "string", "", "Normal or Warning.", 0 },
  { "Reason", "string", "", "Why the event was recorded, in one word.", 0 },
  { "Object", "string", "", "The object the event is about.", 0 },
  { "Subobject", "string", "", "The part of the object the event is about.", 1 },
  { "Source", "string", "", "The component that reported the event.", 1 },
  { "Message", "string", "", "What happened, in words.", 0 },
  { "First Seen", "string", "", "When the event was first observed.", 1 },
  { "Count", "string", "", "How many times the event happened.", 1 },
  { "Name", "string", "name", "Name must be unique within a namespace.", 1 },
  { NULL }
};

static void
event_row (JsonObject *object,
           GDateTime  *now,
           JsonArray  *cells,
           JsonArray  *conditions)
{
  g_autofree char *kind = NULL;
  g_autofree char *first_seen = NULL;
  g_autofree char *last_seen = NULL;
  g_autofree char *target = NULL;
  g_autofree char *source_text = NULL;
  g_autofree char *message = g_strdup (get_string_or (object, "message", ""));
  JsonObject *involved = get_object (object, "involvedObject");
  JsonObject *series = get_object (object, "series");
  JsonObject *source = get_object (object, "source");
  const char *involved_name = get_string_or (involved, "name", NULL);
  const char *component = get_string_or (source, "component",
                                         get_string_or (object, "reportingComponent", ""));
  const char *host = get_string_or (source, "host",
                                    get_string_or (object, "reportingInstance", ""));
  gint64 count = get_int (object, "count", 0);

  kind = g_ascii_strdown (get_string_or (involved, "kind", ""), -1);

  first_seen = get_string (object, "firstTimestamp") != NULL
               ? member_age (object, "firstTimestamp", now)
               : member_age (object, "eventTime", now);
  last_seen = get_string (object, "lastTimestamp") != NULL
              ? member_age (object, "lastTimestamp", now)
              : g_strdup (first_seen);
  if (series != NULL)
    {
      g_free (last_seen);
      last_seen = member_age (series, "lastObservedTime", now);
      count = get_int (series, "count", 0);
    }
  else if (count == 0)
    count = 1;

  target = involved_name != NULL ? g_strdup_printf ("%s/%s", kind, involved_name)
                                 : g_strdup (kind);
  if (*component == '\0')
    source_text = g_strdup ("");
  else if (*host == '\0')
    source_text = g_strdup (component);
  else
    source_text = g_strdup_printf ("%s, %s", component, host);

  json_array_add_string_element (cells, last_seen);
  json_array_add_string_element (cells, get_string_or (object, "type", ""));
  json_array_add_string_element (cells, get_string_or (object, "reason", ""));
  json_array_add_string_element (cells, target);
  json_array_add_string_element (cells, get_string_or (involved, "fieldPath", ""));
  json_array_add_string_element (cells, source_text);
  json_array_add_string_element (cells, g_strstrip (message));
  json_array_add_string_element (cells, first_seen);
  json_array_add_int_element (cells, count);
  add_name (cells, object);
}

/* PersistentVolumeClaims */

static const Column pvc_columns[] = {
  NAME_COLUMN,
  { "Status", "string", "", "The phase of the claim: Pending, Bound or Lost.", 0 },
  { "Volume", "string", "", "The volume bound to the claim.", 0 },
  { "Capacity", "string", "", "The storage the bound volume provides.", 0 },
  { "Access Modes", "string", "", "How the volume may be mounted.", 0 },
  { "StorageClass", "string", "", "The storage class the claim asks for.", 0 },
  { "VolumeAttributesClass", "string", "", "The volume attributes class of the claim.", 0 },
  AGE_COLUMN,
  { "VolumeMode", "string", "", "Whether the volume is a filesystem or a block device.", 1 },
  { NULL }
};

static char *
access_modes_text (JsonArray *modes)
{
  static const struct { const char *mode; const char *abbreviation; } known[] = {
    { "ReadWriteOnce", "RWO" },
    { "ReadOnlyMany", "ROX" },
    { "ReadWriteMany", "RWX" },
    { "ReadWriteOncePod", "RWOP" },
  };
  GString *text = g_string_new (NULL);

  for (gsize k = 0; k < G_N_ELEMENTS (known); k++)
    for (guint i = 0; i < array_length (modes); i++)
      {
        JsonNode *node = json_array_get_element (modes, i);

        if (json_node_get_value_type (node) == G_TYPE_STRING &&
            g_str_equal (json_node_get_string (node), known[k].mode))
          {
            if (text->len > 0)
              g_string_append_c (text, ',');
            g_string_append (text, known[k].abbreviation);
            break;
          }
      }

  return g_string_free (text, FALSE);
}

static void
pvc_row (JsonObject *object,
         GDateTime  *now,
         JsonArray  *cells,
         JsonArray  *conditions)
{
  g_autofree char *modes = NULL;
  JsonObject *spec = get_object (object, "spec");
  JsonObject *status = get_object (object, "status");
  JsonObject *metadata = get_object (object, "metadata");
  const char *volume = get_string_or (spec, "volumeName", "");
  const char *phase = get_string_or (status, "phase", "");
  const char *storage_class = get_string_or (spec, "storageClassName", NULL);
  const char *capacity = "";

  if (get_string (metadata, "deletionTimestamp") != NULL)
    phase = "Terminating";

  if (storage_class == NULL)
    storage_class = get_string_or (get_object (metadata, "annotations"),
                                   "volume.beta.kubernetes.io/storage-class", "");

  if (*volume != '\0')
    {
      modes = access_modes_text (get_array (status, "accessModes"));
      capacity = get_string_or (get_object (status, "capacity"), "storage", "");
    }

  add_name (cells, object);
  json_array_add_string_element (cells, phase);
  json_array_add_string_element (cells, volume);
  json_array_add_string_element (cells, capacity);
  json_array_add_string_element (cells, modes != NULL ? modes : "");
  json_array_add_string_element (cells, storage_class);
  json_array_add_string_element (cells, get_string_or (spec, "volumeAttributesClassName",
                                                       "<unset>"));
  add_age (cells, object, now);
  json_array_add_string_element (cells, get_string_or (spec, "volumeMode", "<unset>"));
}

/* StorageClasses */

static const Column storage_class_columns[] = {
  NAME_COLUMN,
  { "Provisioner", "string", "", "The driver that provisions volumes of this class.", 0 },
  { "ReclaimPolicy", "string", "", "What happens to a volume when its claim is deleted.", 0 },
  { "VolumeBindingMode", "string", "", "When volumes are bound to claims.", 0 },
  { "AllowVolumeExpansion", "string", "", "Whether claims of this class may grow.", 0 },
  AGE_COLUMN,
  { NULL }
};

static void
storage_class_row (JsonObject *object,
                   GDateTime  *now,
                   JsonArray  *cells,
                   JsonArray  *conditions)
{
  g_autofree char *shown = NULL;
  JsonObject *metadata = get_object (object, "metadata");
  JsonObject *annotations = get_object (metadata, "annotations");
  const char *name = get_string_or (metadata, "name", "");

  if (g_strcmp0 (get_string (annotations, "storageclass.kubernetes.io/is-default-class"),
                 "true") == 0 ||
      g_strcmp0 (get_string (annotations, "storageclass.beta.kubernetes.io/is-default-class"),
                 "true") == 0)
    shown = g_strdup_printf ("%s (default)", name);

  json_array_add_string_element (cells, shown != NULL ? shown : name);
  json_array_add_string_element (cells, get_string_or (object, "provisioner", ""));
  json_array_add_string_element (cells, get_string_or (object, "reclaimPolicy", "Delete"));
  json_array_add_string_element (cells, get_string_or (object, "volumeBindingMode",
                                                       "Immediate"));
  json_array_add_boolean_element (cells, get_bool (object, "allowVolumeExpansion"));
  add_age (cells, object, now);
}

/* Nodes */

static const Column node_columns[] = {
  NAME_COLUMN,
  { "Status", "string", "", "Whether the node is ready, and whether it takes new pods.", 0 },
  { "Roles", "string", "", "The roles of the node.", 0 },
  AGE_COLUMN,
  { "Version", "string", "", "The kubelet version of the node.", 0 },
  { "Internal-IP", "string", "", "The node's address inside the cluster.", 1 },
  { "External-IP", "string", "", "The node's address outside the cluster.", 1 },
  { "OS-Image", "string", "", "The operating system of the node.", 1 },
  { "Kernel-Version", "string", "", "The kernel version of the node.", 1 },
  { "Container-Runtime", "string", "", "The container runtime of the node.", 1 },
  { NULL }
};

/* For g_ptr_array_sort, which passes pointers to the elements. */
static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static const char *
node_address (JsonObject *status,
              const char *type)
{
  JsonArray *addresses = get_array (status, "addresses");

  for (guint i = 0; i < array_length (addresses); i++)
    {
      JsonObject *address = array_object (addresses, i);

      if (g_strcmp0 (get_string (address, "type"), type) == 0)
        return get_string_or (address, "address", "<none>");
    }

  return "<none>";
}

static char *
node_roles (JsonObject *labels)
{
  static const char prefix[] = "node-role.kubernetes.io/";
  g_autoptr(GList) names = NULL;
  g_autoptr(GPtrArray) roles = g_ptr_array_new ();
  GString *text;
  const char *legacy;

  if (labels != NULL)
    names = json_object_get_members (labels);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (g_str_has_prefix (name, prefix) && name[strlen (prefix)] != '\0')
        g_ptr_array_add (roles, (gpointer) (name + strlen (prefix)));
    }

  legacy = get_string_or (labels, "kubernetes.io/role", NULL);
  if (legacy != NULL)
    g_ptr_array_add (roles, (gpointer) legacy);

  if (roles->len == 0)
    return g_strdup ("<none>");

  g_ptr_array_sort (roles, compare_strings);
  text = g_string_new (NULL);
  for (guint i = 0; i < roles->len; i++)
    {
      if (i > 0 && g_str_equal (roles->pdata[i], roles->pdata[i - 1]))
        continue;
      if (text->len > 0)
        g_string_append_c (text, ',');
      g_string_append (text, roles->pdata[i]);
    }

  return g_string_free (text, FALSE);
}

static void
node_row (JsonObject *object,
          GDateTime  *now,
          JsonArray  *cells,
          JsonArray  *conditions)
{
  g_autoptr(GString) state = g_string_new (NULL);
  g_autofree char *roles = node_roles (get_object (get_object (object, "metadata"), "labels"));
  JsonObject *status = get_object (object, "status");
  JsonObject *info = get_object (status, "nodeInfo");
  JsonArray *node_conditions = get_array (status, "conditions");

  for (guint i = 0; i < array_length (node_conditions); i++)
    {
      JsonObject *condition = array_object (node_conditions, i);

      if (g_strcmp0 (get_string (condition, "type"), "Ready") == 0)
        {
          g_string_assign (state, g_strcmp0 (get_string (condition, "status"), "True") == 0
                                  ? "Ready" : "NotReady");
        }
    }
  if (state->len == 0)
    g_string_assign (state, "Unknown");
  if (get_bool (get_object (object, "spec"), "unschedulable"))
    g_string_append (state, ",SchedulingDisabled");

  add_name (cells, object);
  json_array_add_string_element (cells, state->str);
  json_array_add_string_element (cells, roles);
  add_age (cells, object, now);
  json_array_add_string_element (cells, get_string_or (info, "kubeletVersion", ""));
  json_array_add_string_element (cells, node_address (status, "InternalIP"));
  json_array_add_string_element (cells, node_address (status, "ExternalIP"));
  json_array_add_string_element (cells, get_string_or (info, "osImage", "<unknown>"));
  json_array_add_string_element (cells, get_string_or (info, "kernelVersion", "<unknown>"));
  json_array_add_string_element (cells, get_string_or (info, "containerRuntimeVersion",
                                                       "<unknown>"));
}

/* PodDisruptionBudgets */

static const Column pdb_columns[] = {
  NAME_COLUMN,
  { "Min Available", "string", "", "The pods that must stay available, as a number or "
    "percentage.", 0 },
  { "Max Unavailable", "string", "", "The pods that may be unavailable, as a number or "
    "percentage.", 0 },
  { "Allowed Disruptions", "integer", "", "How many pods may be evicted now.", 0 },
  AGE_COLUMN,
  { NULL }
};

/* An IntOrString member as text, or "N/A" when unset. */
static char *
int_or_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;
  GType type = node != NULL ? json_node_get_value_type (node) : G_TYPE_INVALID;

  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
    return g_strdup_printf ("%" G_GINT64_FORMAT, get_int (object, name, 0));

  return g_strdup ("N/A");
}

static void
pdb_row (JsonObject *object,
         GDateTime  *now,
         JsonArray  *cells,
         JsonArray  *conditions)
{
  g_autofree char *min_available = NULL;
  g_autofree char *max_unavailable = NULL;
  JsonObject *spec = get_object (object, "spec");

  min_available = int_or_string (spec, "minAvailable");
  max_unavailable = int_or_string (spec, "maxUnavailable");

  add_name (cells, object);
  json_array_add_string_element (cells, min_available);
  json_array_add_string_element (cells, max_unavailable);
  json_array_add_int_element (cells, get_int (get_object (object, "status"),
                                              "disruptionsAllowed", 0));
  add_age (cells, object, now);
}

/* Anything else */

static const Column default_columns[] = {
  NAME_COLUMN,
  AGE_COLUMN,
  { NULL }
};

static void
default_row (JsonObject *object,
             GDateTime  *now,
             JsonArray  *cells,
             JsonArray  *conditions)
{
  add_name (cells, object);
  add_age (cells, object, now);
}

static const KindPrinter printers[] = {
  { "Pod", pod_columns, pod_row },
  { "StatefulSet", stateful_set_columns, stateful_set_row },
  { "ConfigMap", config_map_columns, config_map_row },
  { "Secret", secret_columns, secret_row },
  { "Service", service_columns, service_row },
  { "Namespace", namespace_columns, namespace_row },
  { "Event", event_columns, event_row },
  { "PersistentVolumeClaim", pvc_columns, pvc_row },
  { "StorageClass", storage_class_columns, storage_class_row },
  { "Node", node_columns, node_row },
  { "PodDisruptionBudget", pdb_columns, pdb_row },
};

static const KindPrinter default_printer = { NULL, default_columns, default_row };

static JsonArray *
column_definitions (const Column *columns)
{
  JsonArray *definitions = json_array_new ();

  for (const Column *c = columns; c->name != NULL; c++)
    {
      JsonObject *definition = json_object_new ();

      json_object_set_string_member (definition, "name", c->name);
      json_object_set_string_member (definition, "type", c->type);
      json_object_set_string_member (definition, "format", c->format);
      json_object_set_string_member (definition, "description", c->description);
      json_object_set_int_member (definition, "priority", c->priority);
      json_array_add_object_element (definitions, definition);
    }

  return definitions;
}

static JsonObject *
table_row (const KindPrinter *printer,
           JsonNode          *node,
           GDateTime         *now)
{
  JsonObject *row = json_object_new ();
  JsonObject *partial = json_object_new ();
  JsonArray *cells = json_array_new ();
  JsonArray *conditions = json_array_new ();
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *metadata = object != NULL ? json_object_get_member (object, "metadata") : NULL;

  printer->row (object, now, cells, conditions);

  json_object_set_array_member (row, "cells", cells);
  if (json_array_get_length (conditions) > 0)
    json_object_set_array_member (row, "conditions", conditions);
  else
    json_array_unref (conditions);

  json_object_set_string_member (partial, "kind", "PartialObjectMetadata");
  json_object_set_string_member (partial, "apiVersion", "meta.k8s.io/v1");
  if (metadata != NULL && JSON_NODE_HOLDS_OBJECT (metadata))
    json_object_set_member (partial, "metadata", deep_copy (metadata));
  else
    json_object_set_object_member (partial, "metadata", json_object_new ());
  json_object_set_object_member (row, "object", partial);

  return row;
}

JsonNode *
sandbox_table_build (const char *kind,
                     JsonNode  **objects,
                     guint       n_objects,
                     GDateTime  *now,
                     const char *resource_version,
                     gboolean    include_column_definitions)
{
  const KindPrinter *printer = &default_printer;
  JsonObject *table;
  JsonObject *metadata;
  JsonArray *rows;
  JsonNode *node;

  g_return_val_if_fail (objects != NULL || n_objects == 0, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  for (gsize i = 0; kind != NULL && i < G_N_ELEMENTS (printers); i++)
    if (g_str_equal (printers[i].kind, kind))
      printer = &printers[i];

  table = json_object_new ();
  json_object_set_string_member (table, "kind", "Table");
  json_object_set_string_member (table, "apiVersion", "meta.k8s.io/v1");

  metadata = json_object_new ();
  if (resource_version != NULL)
    json_object_set_string_member (metadata, "resourceVersion", resource_version);
  json_object_set_object_member (table, "metadata", metadata);

  /* Watch events after the first leave the definitions out; kubectl then keeps using the
   * ones it printed the header from. */
  json_object_set_array_member (table, "columnDefinitions",
                                include_column_definitions ? column_definitions (printer->columns)
                                                           : json_array_new ());

  rows = json_array_new ();
  for (guint i = 0; i < n_objects; i++)
    json_array_add_object_element (rows, table_row (printer, objects[i], now));
  json_object_set_array_member (table, "rows", rows);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, table);
  return node;
}
