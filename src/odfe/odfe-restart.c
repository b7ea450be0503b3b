/* odfe-restart.c: the rolling restart of a search cluster, one pod at a time
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The procedure is the one Elastic documents and the Kubernetes operators for Elasticsearch
 * follow: never take a node away from a cluster that is not green, take one at a time, and
 * wait for it to be back before the next.  Pods go highest ordinal first, as the StatefulSet
 * controller rolls an update, except that the elected master goes last so that the cluster
 * elects a new master once rather than at every step.
 *
 * One run is a chain of asynchronous steps on the main loop:
 *
 *   read the StatefulSet → watch its pods → ask which node is the elected master
 *   → (read the allocation setting) → for each pod:
 *       wait until every pod is Ready → wait for green → check the shards on the pod
 *       → (limit allocation to primaries) → delete the pod, uid as precondition
 *       → wait for a pod of the same name with another uid to be Ready → (restore allocation)
 *   → wait for every pod Ready and green once more.
 *
 * Pods are followed with a KubeWatch, whose events carry the whole Pod, so that readiness
 * is the Ready condition itself.  Health is asked with wait_for_status=green in slices of
 * at most HEALTH_SLICE_SECONDS until the restart's own deadline; a request that fails on
 * the way (the port-forward's pod went away under it) is asked again.  Any other failure
 * ends the run where it is: no further pod is deleted, so the cluster keeps serving with
 * every pod but at most the one being restarted.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "kube-error.h"
#include "kube-json.h"
#include "kube-portforward.h"
#include "kube-watch.h"
#include "odfe-error.h"
#include "odfe-restart.h"
#include "odfe-shards.h"

#define DEFAULT_HEALTH_SECONDS 300
#define DEFAULT_READY_SECONDS  600
#define HEALTH_SLICE_SECONDS   30
#define RETRY_MS               1000
/* A connection broken by a pod going away can fail in its TLS handshake; a certificate
 * that is really wrong fails every time, so such failures are retried only this often. */
#define MAX_TLS_RETRIES        5
#define ALLOCATION_ENABLE      "cluster.routing.allocation.enable"

typedef enum
{
  PHASE_IDLE,
  PHASE_STARTING,                 /* waiting for the watch's first list */
  PHASE_ALL_READY,                /* waiting for every pod to be Ready */
  PHASE_HEALTH,                   /* asking for green */
  PHASE_DELETING,
  PHASE_BACK,                     /* waiting for the deleted pod's replacement */
  PHASE_ENDING,                   /* restoring the allocation setting, then done */
} Phase;

typedef struct
{
  char                *name;
  guint                ordinal;
  OdfePodRestartState  state;
} RestartPod;

struct _OdfeRollingRestart
{
  GObject           parent_instance;

  KubeClient       *kube;
  OdfeClient       *odfe;
  char             *namespace_;
  char             *statefulset;
  gboolean          limit_allocation;
  guint             health_seconds;
  guint             ready_seconds;

  GCancellable     *cancellable;      /* for the object's life; cancelled in dispose */

  /* One run */
  GTask            *task;
  GCancellable     *run_cancellable;  /* cancelled when the run ends or the caller cancels */
  GCancellable     *caller_cancellable;
  gulong            caller_handler;
  GPtrArray        *pods;             /* RestartPod*, in restart order */
  KubeWatch        *watch;
  GHashTable       *seen;             /* pod name → its latest JSON */
  Phase             phase;
  guint             current;          /* index in pods; pods->len for the final check */
  char             *deleted_uid;
  gint64            deadline_us;
  guint             deadline_id;
  guint             retry_id;
  guint             tls_retries;
  gboolean          stop_requested;
  gboolean          allocation_limited;
  char             *allocation_saved; /* the transient value before the run, or NULL */
  OdfeHealthStatus  health;
  char             *outcome;
};

G_DEFINE_FINAL_TYPE (OdfeRollingRestart, odfe_rolling_restart, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_HEALTH,
  PROP_CURRENT_POD,
  PROP_RUNNING,
  PROP_OUTCOME,
  N_PROPS
};

enum
{
  SIGNAL_POD_STATE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void check_phase   (OdfeRollingRestart *self);
static void next_pod      (OdfeRollingRestart *self);
static void end_run       (OdfeRollingRestart *self,
                           GError             *error);
static void ask_health    (OdfeRollingRestart *self);

const char *
odfe_pod_restart_state_to_string (OdfePodRestartState state)
{
  switch (state)
    {
    case ODFE_POD_RESTART_WAITING:
      return _("Waiting");
    case ODFE_POD_RESTART_CHECKING:
      return _("Checking");
    case ODFE_POD_RESTART_TERMINATING:
      return _("Terminating");
    case ODFE_POD_RESTART_RESTARTING:
      return _("Restarting");
    case ODFE_POD_RESTART_READY:
      return _("Ready");
    case ODFE_POD_RESTART_FAILED:
      return _("Failed");
    case ODFE_POD_RESTART_SKIPPED:
      return _("Skipped");
    default:
      return _("Unknown");
    }
}

static void
restart_pod_free (RestartPod *pod)
{
  g_free (pod->name);
  g_free (pod);
}

/* State */

static RestartPod *
current_pod (OdfeRollingRestart *self)
{
  if (self->pods == NULL || self->current >= self->pods->len)
    return NULL;

  return self->pods->pdata[self->current];
}

static void
set_pod_state (OdfeRollingRestart  *self,
               guint                index,
               OdfePodRestartState  state)
{
  RestartPod *pod = self->pods->pdata[index];

  if (pod->state == state)
    return;

  g_debug ("%s: %s -> %s", pod->name, odfe_pod_restart_state_to_string (pod->state),
           odfe_pod_restart_state_to_string (state));
  pod->state = state;
  g_signal_emit (self, signals[SIGNAL_POD_STATE_CHANGED], 0, index, pod->name, (int) state);
}

static void
set_health (OdfeRollingRestart *self,
            OdfeHealthStatus    health)
{
  if (self->health == health)
    return;

  self->health = health;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEALTH]);
}

static const char *
health_word (OdfeHealthStatus health)
{
  switch (health)
    {
    case ODFE_HEALTH_GREEN:
      return _("green");
    case ODFE_HEALTH_YELLOW:
      return _("yellow");
    case ODFE_HEALTH_RED:
      return _("red");
    case ODFE_HEALTH_UNKNOWN:
    default:
      return _("unknown");
    }
}

/* "elasticsearch-2, elasticsearch-1" for the pods in @state, or NULL when there is none. */
static char *
pods_in_state (OdfeRollingRestart  *self,
               OdfePodRestartState  state)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < self->pods->len; i++)
    {
      RestartPod *pod = self->pods->pdata[i];

      if (pod->state != state)
        continue;
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, pod->name);
    }

  if (names->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* What was and was not restarted, as a sentence or two after the reason. */
static char *
describe_progress (OdfeRollingRestart *self)
{
  g_autofree char *done = pods_in_state (self, ODFE_POD_RESTART_READY);
  g_autofree char *skipped = pods_in_state (self, ODFE_POD_RESTART_SKIPPED);
  g_autoptr(GString) text = g_string_new (NULL);

  if (done != NULL)
    g_string_append_printf (text, _("Restarted: %s."), done);
  else
    g_string_append (text, _("No pod was restarted."));

  if (skipped != NULL)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text, _("Not restarted: %s."), skipped);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Timers */

static void
clear_timers (OdfeRollingRestart *self)
{
  g_clear_handle_id (&self->deadline_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
}

static char *
pod_not_ready_reason (OdfeRollingRestart *self)
{
  for (guint i = 0; i < self->pods->len; i++)
    {
      RestartPod *pod = self->pods->pdata[i];
      JsonNode *json = g_hash_table_lookup (self->seen, pod->name);

      if (json == NULL || !kube_pod_is_ready (json))
        return g_strdup_printf (_("pod %s was not Ready after %u seconds"), pod->name,
                                self->ready_seconds);
    }

  return g_strdup_printf (_("the pods were not Ready after %u seconds"), self->ready_seconds);
}

static gboolean
on_deadline (gpointer user_data)
{
  OdfeRollingRestart *self = user_data;
  g_autofree char *reason = NULL;
  RestartPod *pod = current_pod (self);

  self->deadline_id = 0;

  if (self->phase == PHASE_BACK && pod != NULL)
    reason = g_strdup_printf (_("%s was not back and Ready %u seconds after it was deleted"),
                              pod->name, self->ready_seconds);
  else
    reason = pod_not_ready_reason (self);

  end_run (self, g_error_new_literal (ODFE_ERROR, ODFE_ERROR_TIMEOUT, reason));
  return G_SOURCE_REMOVE;
}

static void
start_deadline (OdfeRollingRestart *self,
                guint               seconds)
{
  g_clear_handle_id (&self->deadline_id, g_source_remove);
  self->deadline_us = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  self->deadline_id = g_timeout_add_seconds (seconds, on_deadline, self);
}

/* The pods, as the watch shows them */

static const char *
pod_uid (JsonNode *pod)
{
  return kube_json_path_string (pod, "metadata", "uid", NULL);
}

static gboolean
pod_is_ours (OdfeRollingRestart *self,
             JsonNode           *pod)
{
  const char *name = kube_json_path_string (pod, "metadata", "name", NULL);

  if (name == NULL)
    return FALSE;

  for (guint i = 0; i < self->pods->len; i++)
    if (g_str_equal (((RestartPod *) self->pods->pdata[i])->name, name))
      return TRUE;

  return FALSE;
}

static void
on_watch_synced (KubeWatch *watch,
                 KubeList  *list,
                 gpointer   user_data)
{
  OdfeRollingRestart *self = user_data;

  g_hash_table_remove_all (self->seen);
  for (guint i = 0; i < list->items->len; i++)
    {
      JsonNode *pod = list->items->pdata[i];

      if (pod_is_ours (self, pod))
        g_hash_table_replace (self->seen,
                              g_strdup (kube_json_path_string (pod, "metadata", "name", NULL)),
                              json_node_ref (pod));
    }

  check_phase (self);
}

static void
on_watch_event (KubeWatch *watch,
                int        type,
                JsonNode  *pod,
                gpointer   user_data)
{
  OdfeRollingRestart *self = user_data;
  const char *name = kube_json_path_string (pod, "metadata", "name", NULL);

  if (!pod_is_ours (self, pod))
    return;

  /* A DELETED event of an old pod must not remove its replacement, seen already. */
  if (type == KUBE_WATCH_EVENT_DELETED)
    {
      JsonNode *known = g_hash_table_lookup (self->seen, name);

      if (known != NULL && g_strcmp0 (pod_uid (known), pod_uid (pod)) == 0)
        g_hash_table_remove (self->seen, name);
    }
  else if (type == KUBE_WATCH_EVENT_ADDED || type == KUBE_WATCH_EVENT_MODIFIED)
    g_hash_table_replace (self->seen, g_strdup (name), json_node_ref (pod));

  check_phase (self);
}

static void
on_watch_error (KubeWatch    *watch,
                const GError *error,
                gpointer      user_data)
{
  OdfeRollingRestart *self = user_data;

  if (kube_watch_get_running (watch) || self->task == NULL)
    return;

  end_run (self, g_error_new (error->domain, error->code,
                              _("the pods could not be followed: %s"), error->message));
}

static gboolean
all_pods_ready (OdfeRollingRestart *self)
{
  for (guint i = 0; i < self->pods->len; i++)
    {
      JsonNode *pod = g_hash_table_lookup (self->seen, ((RestartPod *) self->pods->pdata[i])->name);

      if (pod == NULL || !kube_pod_is_ready (pod))
        return FALSE;
    }

  return TRUE;
}

/* Allocation */

static JsonNode *
allocation_body (const char *value)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "transient");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, ALLOCATION_ENABLE);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
complete_run (OdfeRollingRestart *self,
              GError             *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  self->phase = PHASE_IDLE;
  if (self->caller_cancellable != NULL)
    g_cancellable_disconnect (self->caller_cancellable, self->caller_handler);
  self->caller_handler = 0;
  g_clear_object (&self->caller_cancellable);
  g_clear_object (&self->run_cancellable);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTCOME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_POD]);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

typedef struct
{
  OdfeRollingRestart *self;
  GError             *error;      /* of the run, returned once allocation is restored */
} Restore;

static void
on_allocation_restored (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  Restore *restore = user_data;
  g_autoptr(OdfeRollingRestart) self = restore->self;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  GError *run_error = restore->error;

  g_free (restore);
  answer = odfe_client_request_json_finish (ODFE_CLIENT (source), result, &error);
  if (error == NULL)
    {
      self->allocation_limited = FALSE;
      complete_run (self, run_error);
      return;
    }

  /* The run's own ending stays, with the failure to restore added to it. */
  {
    g_autofree char *outcome = g_strdup_printf (_("%s Shard allocation could not be restored "
                                                  "(%s): set %s back by hand."),
                                                self->outcome, error->message,
                                                ALLOCATION_ENABLE);

    g_free (self->outcome);
    self->outcome = g_steal_pointer (&outcome);
  }

  if (run_error == NULL)
    run_error = g_error_new_literal (error->domain, error->code, self->outcome);
  else if (!g_error_matches (run_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_free (run_error->message);
      run_error->message = g_strdup (self->outcome);
    }

  complete_run (self, run_error);
}

/* Puts the allocation setting back as it was; @run_error (owned) is returned after. */
static void
restore_allocation_then_complete (OdfeRollingRestart *self,
                                  GError             *run_error)
{
  g_autoptr(JsonNode) body = NULL;
  Restore *restore;

  if (!self->allocation_limited)
    {
      complete_run (self, run_error);
      return;
    }

  restore = g_new0 (Restore, 1);
  restore->self = g_object_ref (self);
  restore->error = run_error;
  body = allocation_body (self->allocation_saved);
  /* Not the run's cancellable: this must happen even when the run was cancelled. */
  odfe_client_request_json_async (self->odfe, "PUT", "/_cluster/settings", body,
                                  self->cancellable, on_allocation_restored, restore);
}

/* The end of a run: @error (owned) NULL for success. */
static void
end_run (OdfeRollingRestart *self,
         GError             *error)
{
  g_autofree char *progress = NULL;
  RestartPod *pod = current_pod (self);
  gboolean cancelled = error != NULL && g_error_matches (error, G_IO_ERROR,
                                                         G_IO_ERROR_CANCELLED);

  if (self->task == NULL || self->phase == PHASE_ENDING)
    {
      g_clear_error (&error);
      return;
    }

  self->phase = PHASE_ENDING;
  clear_timers (self);
  if (self->watch != NULL)
    kube_watch_stop (self->watch);
  g_cancellable_cancel (self->run_cancellable);

  if (error != NULL && pod != NULL)
    set_pod_state (self, self->current, cancelled && self->stop_requested
                                        ? ODFE_POD_RESTART_SKIPPED : ODFE_POD_RESTART_FAILED);
  for (guint i = self->current + 1; self->pods != NULL && i < self->pods->len; i++)
    set_pod_state (self, i, ODFE_POD_RESTART_SKIPPED);

  g_clear_pointer (&self->outcome, g_free);
  if (self->pods != NULL && self->pods->len > 0)
    progress = describe_progress (self);

  if (error == NULL)
    self->outcome = g_strdup_printf (ngettext ("The pod was restarted and the cluster is "
                                               "green.",
                                               "All %u pods were restarted one at a time, and "
                                               "the cluster is green.", self->pods->len),
                                     self->pods->len);
  else if (cancelled && progress == NULL)
    self->outcome = g_strdup (_("The restart was cancelled before it began."));
  else if (cancelled && self->stop_requested)
    self->outcome = g_strdup_printf (_("The restart was cancelled. %s"), progress);
  else if (cancelled)
    self->outcome = g_strdup_printf (_("The restart was interrupted. %s"), progress);
  else if (pod != NULL)
    self->outcome = g_strdup_printf (_("The restart stopped at %s: %s. %s No further pod "
                                       "was deleted."), pod->name, error->message, progress);
  else if (progress != NULL)
    self->outcome = g_strdup_printf (_("The restart stopped: %s. %s"), error->message,
                                     progress);
  else
    self->outcome = g_strdup_printf (_("The restart could not begin: %s."), error->message);

  if (error != NULL && !cancelled)
    {
      g_free (error->message);
      error->message = g_strdup (self->outcome);
    }

  restore_allocation_then_complete (self, error);
}

/* Whether the run ended (or is ending): a late answer has nothing to move on. */
static gboolean
run_over (OdfeRollingRestart *self)
{
  return self->task == NULL || self->phase == PHASE_ENDING;
}

/* Returns TRUE (and ends the run) when @error is set: cancelled, or a failure described
 * as "@what: message". */
static gboolean
failed (OdfeRollingRestart *self,
        GError             *error,
        const char         *what)
{
  if (error == NULL)
    return FALSE;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    end_run (self, error);
  else
    {
      GError *described = g_error_new (error->domain, error->code, "%s: %s", what,
                                       error->message);

      g_error_free (error);
      end_run (self, described);
    }

  return TRUE;
}

/* One pod */

static void
on_allocation_reenabled (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(OdfeRollingRestart) self = user_data;
  g_autoptr(JsonNode) answer = NULL;
  GError *error = NULL;

  answer = odfe_client_request_json_finish (ODFE_CLIENT (source), result, &error);
  if (run_over (self))
    {
      g_clear_error (&error);
      return;
    }
  if (failed (self, error, _("shard allocation could not be restored")))
    return;

  self->allocation_limited = FALSE;
  self->current++;
  next_pod (self);
}

static void
pod_back (OdfeRollingRestart *self)
{
  g_autoptr(JsonNode) body = NULL;

  clear_timers (self);
  set_pod_state (self, self->current, ODFE_POD_RESTART_READY);

  if (!self->allocation_limited)
    {
      self->current++;
      next_pod (self);
      return;
    }

  body = allocation_body (self->allocation_saved);
  odfe_client_request_json_async (self->odfe, "PUT", "/_cluster/settings", body,
                                  self->run_cancellable, on_allocation_reenabled,
                                  g_object_ref (self));
}

static void
on_pod_deleted (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(OdfeRollingRestart) self = user_data;
  g_autoptr(JsonNode) answer = NULL;
  GError *error = NULL;

  answer = kube_client_object_finish (KUBE_CLIENT (source), result, &error);
  if (run_over (self))
    {
      g_clear_error (&error);
      return;
    }

  if (g_error_matches (error, KUBE_ERROR, KUBE_ERROR_CONFLICT)
      || g_error_matches (error, KUBE_ERROR, KUBE_ERROR_NOT_FOUND))
    {
      g_clear_error (&error);
      end_run (self, g_error_new_literal (ODFE_ERROR, ODFE_ERROR_CONFLICT,
                                          _("the pod was deleted or replaced by someone else "
                                            "just before, so it was left alone")));
      return;
    }
  if (failed (self, error, _("the pod could not be deleted")))
    return;

  set_pod_state (self, self->current, ODFE_POD_RESTART_TERMINATING);
  self->phase = PHASE_BACK;
  start_deadline (self, self->ready_seconds);
  check_phase (self);
}

static void
delete_pod (OdfeRollingRestart *self)
{
  KubeDeleteOptions options = KUBE_DELETE_OPTIONS_INIT;
  RestartPod *pod = current_pod (self);
  JsonNode *json = g_hash_table_lookup (self->seen, pod->name);

  g_free (self->deleted_uid);
  self->deleted_uid = g_strdup (json != NULL ? pod_uid (json) : NULL);
  if (self->deleted_uid == NULL)
    {
      end_run (self, g_error_new_literal (ODFE_ERROR, ODFE_ERROR_CONFLICT,
                                          _("the pod disappeared before it could be "
                                            "deleted")));
      return;
    }

  /* Only this very pod: if it was replaced since it was seen, the deletion is refused. */
  options.precondition_uid = self->deleted_uid;
  self->phase = PHASE_DELETING;
  g_debug ("deleting %s (uid %s)", pod->name, self->deleted_uid);
  kube_client_delete_async (self->kube, kube_resource_type_get (KUBE_RESOURCE_PODS),
                            self->namespace_, pod->name, &options, self->run_cancellable,
                            on_pod_deleted, g_object_ref (self));
}

static void
on_allocation_limited (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(OdfeRollingRestart) self = user_data;
  g_autoptr(JsonNode) answer = NULL;
  GError *error = NULL;

  answer = odfe_client_request_json_finish (ODFE_CLIENT (source), result, &error);
  if (run_over (self))
    {
      g_clear_error (&error);
      return;
    }
  /* The request may have been carried out even if its answer was lost. */
  self->allocation_limited = TRUE;
  if (failed (self, error, _("shard allocation could not be limited to primaries")))
    return;

  delete_pod (self);
}

static void
on_shards (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(OdfeRollingRestart) self = user_data;
  g_autoptr(GPtrArray) shards = NULL;
  g_autoptr(OdfeRestartCheck) check = NULL;
  g_autoptr(JsonNode) body = NULL;
  OdfeHealth health = { .status = ODFE_HEALTH_GREEN };
  GError *error = NULL;
  RestartPod *pod;

  shards = odfe_client_cat_shards_finish (ODFE_CLIENT (source), result, &error);
  if (run_over (self))
    {
      g_clear_error (&error);
      return;
    }
  if (failed (self, error, _("the shards could not be listed")))
    return;

  /* Green was just seen; what is left to check is the shards on this pod. */
  pod = current_pod (self);
  check = odfe_pod_restart_check (&health, shards, pod->name);
  if (!check->safe)
    {
      g_autofree char *reasons = g_strjoinv (" ", check->reasons);

      end_run (self, g_error_new (ODFE_ERROR, ODFE_ERROR_FAILED,
                                  _("it was not deleted, as it holds data nothing else "
                                    "holds (%s)"), reasons));
      return;
    }

  if (!self->limit_allocation)
    {
      delete_pod (self);
      return;
    }

  body = allocation_body ("primaries");
  odfe_client_request_json_async (self->odfe, "PUT", "/_cluster/settings", body,
                                  self->run_cancellable, on_allocation_limited,
                                  g_object_ref (self));
}

static gboolean
on_retry_health (gpointer user_data)
{
  OdfeRollingRestart *self = user_data;

  self->retry_id = 0;
  ask_health (self);
  return G_SOURCE_REMOVE;
}

static void
green_reached (OdfeRollingRestart *self)
{
  /* From here on a pod is about to go: odfe_rolling_restart_cancel() waits for it. */
  self->phase = PHASE_DELETING;

  if (self->current >= self->pods->len)
    {
      end_run (self, NULL);
      return;
    }

  odfe_client_cat_shards_async (self->odfe, self->run_cancellable, on_shards,
                                g_object_ref (self));
}

static void
on_health (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(OdfeRollingRestart) self = user_data;
  g_autoptr(OdfeHealth) health = NULL;
  GError *error = NULL;
  gboolean time_left;

  health = odfe_client_health_finish (ODFE_CLIENT (source), result, &error);
  if (run_over (self))
    {
      g_clear_error (&error);
      return;
    }

  time_left = g_get_monotonic_time () < self->deadline_us;
  if (g_error_matches (error, ODFE_ERROR, ODFE_ERROR_TLS))
    self->tls_retries++;
  else
    self->tls_retries = 0;
  if (error != NULL && time_left
      && (odfe_error_is_transient (error)
          || (g_error_matches (error, ODFE_ERROR, ODFE_ERROR_TLS)
              && self->tls_retries <= MAX_TLS_RETRIES)))
    {
      /* The node that answered may be the one that went away: ask again. */
      g_debug ("health: %s; asking again", error->message);
      g_clear_error (&error);
      set_health (self, ODFE_HEALTH_UNKNOWN);
      self->retry_id = g_timeout_add (RETRY_MS, on_retry_health, self);
      return;
    }
  if (failed (self, error, _("the cluster’s health could not be read")))
    return;

  set_health (self, health->status);
  if (health->status == ODFE_HEALTH_GREEN && !health->timed_out)
    {
      green_reached (self);
      return;
    }

  if (time_left)
    {
      ask_health (self);
      return;
    }

  end_run (self, g_error_new (ODFE_ERROR, ODFE_ERROR_TIMEOUT,
                              _("the cluster was %s, not green, after %u seconds"),
                              health_word (health->status), self->health_seconds));
}

static void
ask_health (OdfeRollingRestart *self)
{
  gint64 left_us = self->deadline_us - g_get_monotonic_time ();
  guint seconds = (guint) CLAMP ((left_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC, 1,
                                 HEALTH_SLICE_SECONDS);

  odfe_client_health_async (self->odfe, "green", seconds, self->run_cancellable, on_health,
                            g_object_ref (self));
}

/* Moves the run on from what the pods look like now. */
static void
check_phase (OdfeRollingRestart *self)
{
  RestartPod *pod = current_pod (self);

  switch (self->phase)
    {
    case PHASE_STARTING:
      break;

    case PHASE_ALL_READY:
      if (!all_pods_ready (self))
        break;

      /* The health wait has a deadline of its own. */
      g_clear_handle_id (&self->deadline_id, g_source_remove);
      self->phase = PHASE_HEALTH;
      self->deadline_us = g_get_monotonic_time ()
                          + (gint64) self->health_seconds * G_USEC_PER_SEC;
      ask_health (self);
      break;

    case PHASE_BACK:
      {
        JsonNode *json = g_hash_table_lookup (self->seen, pod->name);

        if (json != NULL && g_strcmp0 (pod_uid (json), self->deleted_uid) == 0)
          set_pod_state (self, self->current, ODFE_POD_RESTART_TERMINATING);
        else if (json == NULL || !kube_pod_is_ready (json))
          set_pod_state (self, self->current, ODFE_POD_RESTART_RESTARTING);
        else
          pod_back (self);
      }
      break;

    case PHASE_IDLE:
    case PHASE_HEALTH:
    case PHASE_DELETING:
    case PHASE_ENDING:
    default:
      break;
    }
}

static void
next_pod (OdfeRollingRestart *self)
{
  if (self->stop_requested && self->current < self->pods->len)
    {
      end_run (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                          _("The restart was cancelled")));
      return;
    }

  if (self->current < self->pods->len)
    set_pod_state (self, self->current, ODFE_POD_RESTART_CHECKING);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_POD]);

  /* Before each deletion, and once more at the end: every pod Ready, then green. */
  self->phase = PHASE_ALL_READY;
  start_deadline (self, self->ready_seconds);
  check_phase (self);
}

/* The start of a run */

static void
on_allocation_read (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(OdfeRollingRestart) self = user_data;
  g_autoptr(JsonNode) answer = NULL;
  GError *error = NULL;
  JsonObject *transient;

  answer = odfe_client_request_json_finish (ODFE_CLIENT (source), result, &error);
  if (run_over (self))
    {
      g_clear_error (&error);
      return;
    }
  if (failed (self, error, _("the cluster’s settings could not be read")))
    return;

  transient = kube_json_path_object (answer, "transient", NULL);
  g_clear_pointer (&self->allocation_saved, g_free);
  if (transient != NULL)
    self->allocation_saved = g_strdup (kube_json_get_string (transient, ALLOCATION_ENABLE));

  next_pod (self);
}

static void
on_nodes (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(OdfeRollingRestart) self = user_data;
  g_autoptr(GPtrArray) nodes = NULL;
  GError *error = NULL;

  nodes = odfe_client_list_finish (ODFE_CLIENT (source), result, &error);
  if (run_over (self))
    {
      g_clear_error (&error);
      return;
    }
  if (failed (self, error, _("the elected master could not be found")))
    return;

  /* The elected master goes last. */
  for (guint i = 0; i < nodes->len; i++)
    {
      OdfeNode *node = nodes->pdata[i];

      if (!node->is_master)
        continue;

      for (guint j = 0; j + 1 < self->pods->len; j++)
        {
          RestartPod *pod = self->pods->pdata[j];

          if (g_strcmp0 (pod->name, node->name) != 0)
            continue;

          g_ptr_array_steal_index (self->pods, j);
          g_ptr_array_add (self->pods, pod);
          break;
        }
    }

  g_debug ("restart order fixed; %s last", ((RestartPod *) self->pods->pdata[
             self->pods->len - 1])->name);

  if (self->limit_allocation)
    odfe_client_request_json_async (self->odfe, "GET", "/_cluster/settings?flat_settings=true",
                                    NULL, self->run_cancellable, on_allocation_read,
                                    g_object_ref (self));
  else
    next_pod (self);
}

static void
watch_started (OdfeRollingRestart *self)
{
  self->phase = PHASE_IDLE;
  odfe_client_cat_nodes_async (self->odfe, self->run_cancellable, on_nodes,
                               g_object_ref (self));
}

static void
on_first_sync (KubeWatch *watch,
               KubeList  *list,
               gpointer   user_data)
{
  OdfeRollingRestart *self = user_data;

  if (self->phase == PHASE_STARTING)
    watch_started (self);
}

static int
compare_pods (gconstpointer a,
              gconstpointer b)
{
  const RestartPod *first = *(const RestartPod * const *) a;
  const RestartPod *second = *(const RestartPod * const *) b;

  /* Highest ordinal first. */
  return (int) second->ordinal - (int) first->ordinal;
}

static void
on_statefulset (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(OdfeRollingRestart) self = user_data;
  g_autoptr(JsonNode) statefulset = NULL;
  g_autofree char *selector = NULL;
  GError *error = NULL;
  JsonObject *spec;
  gint64 replicas;

  statefulset = kube_client_get_finish (KUBE_CLIENT (source), result, &error);
  if (run_over (self))
    {
      g_clear_error (&error);
      return;
    }
  if (failed (self, error, _("the StatefulSet could not be read")))
    return;

  spec = kube_json_path_object (statefulset, "spec", NULL);
  replicas = spec != NULL ? kube_json_get_int (spec, "replicas", 1) : 1;
  selector = kube_json_match_labels_selector (statefulset);
  if (replicas <= 0 || replicas > 1000 || selector == NULL)
    {
      end_run (self, g_error_new (ODFE_ERROR, ODFE_ERROR_FAILED,
                                  replicas <= 0 ? _("StatefulSet %s has no pods")
                                                : _("StatefulSet %s has no usable selector"),
                                  self->statefulset));
      return;
    }

  /* A StatefulSet's pods are named by ordinal. */
  for (gint64 ordinal = 0; ordinal < replicas; ordinal++)
    {
      RestartPod *pod = g_new0 (RestartPod, 1);

      pod->name = g_strdup_printf ("%s-%u", self->statefulset, (guint) ordinal);
      pod->ordinal = (guint) ordinal;
      g_ptr_array_add (self->pods, pod);
    }
  g_ptr_array_sort (self->pods, compare_pods);

  self->phase = PHASE_STARTING;
  self->watch = kube_watch_new (self->kube, kube_resource_type_get (KUBE_RESOURCE_PODS),
                                self->namespace_, selector, NULL);
  g_signal_connect (self->watch, "synced", G_CALLBACK (on_watch_synced), self);
  g_signal_connect_after (self->watch, "synced", G_CALLBACK (on_first_sync), self);
  g_signal_connect (self->watch, "event", G_CALLBACK (on_watch_event), self);
  g_signal_connect (self->watch, "error", G_CALLBACK (on_watch_error), self);
  kube_watch_start (self->watch);
}

static void
on_caller_cancelled (GCancellable *cancellable,
                     gpointer      user_data)
{
  OdfeRollingRestart *self = user_data;

  /* Cancels what is in flight; each callback then ends the run as cancelled. */
  g_cancellable_cancel (self->run_cancellable);
}

void
odfe_rolling_restart_run_async (OdfeRollingRestart  *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ODFE_IS_ROLLING_RESTART (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, odfe_rolling_restart_run_async);
  g_task_set_check_cancellable (task, FALSE);

  if (self->task != NULL)
    {
      g_task_return_new_error (task, ODFE_ERROR, ODFE_ERROR_FAILED,
                               _("A rolling restart of this cluster is running already"));
      return;
    }

  /* A new run starts from scratch. */
  self->task = g_steal_pointer (&task);
  self->run_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      self->caller_cancellable = g_object_ref (cancellable);
      self->caller_handler = g_cancellable_connect (cancellable,
                                                    G_CALLBACK (on_caller_cancelled), self,
                                                    NULL);
    }
  g_clear_pointer (&self->pods, g_ptr_array_unref);
  self->pods = g_ptr_array_new_with_free_func ((GDestroyNotify) restart_pod_free);
  g_hash_table_remove_all (self->seen);
  if (self->watch != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->watch, self);
      kube_watch_stop (self->watch);
      g_clear_object (&self->watch);
    }
  self->current = 0;
  self->stop_requested = FALSE;
  self->allocation_limited = FALSE;
  g_clear_pointer (&self->allocation_saved, g_free);
  g_clear_pointer (&self->outcome, g_free);
  self->phase = PHASE_IDLE;
  set_health (self, ODFE_HEALTH_UNKNOWN);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTCOME]);

  kube_client_get_async (self->kube, kube_resource_type_get (KUBE_RESOURCE_STATEFULSETS),
                         self->namespace_, self->statefulset, self->run_cancellable,
                         on_statefulset, g_object_ref (self));
}

gboolean
odfe_rolling_restart_run_finish (OdfeRollingRestart  *self,
                                 GAsyncResult        *result,
                                 GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == odfe_rolling_restart_run_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
odfe_rolling_restart_cancel (OdfeRollingRestart *self)
{
  g_return_if_fail (ODFE_IS_ROLLING_RESTART (self));

  if (self->task == NULL || self->stop_requested)
    return;

  self->stop_requested = TRUE;

  /* Before the first deletion nothing is under way: stop now. */
  if (self->pods == NULL || self->phase == PHASE_STARTING || self->phase == PHASE_IDLE
      || self->phase == PHASE_ALL_READY || self->phase == PHASE_HEALTH)
    end_run (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                        _("The restart was cancelled")));
}

/* Accessors */

guint
odfe_rolling_restart_get_n_pods (OdfeRollingRestart *self)
{
  g_return_val_if_fail (ODFE_IS_ROLLING_RESTART (self), 0);

  return self->pods != NULL ? self->pods->len : 0;
}

const char *
odfe_rolling_restart_get_pod_name (OdfeRollingRestart *self,
                                   guint               index)
{
  g_return_val_if_fail (ODFE_IS_ROLLING_RESTART (self), NULL);
  g_return_val_if_fail (self->pods != NULL && index < self->pods->len, NULL);

  return ((RestartPod *) self->pods->pdata[index])->name;
}

OdfePodRestartState
odfe_rolling_restart_get_pod_state (OdfeRollingRestart *self,
                                    guint               index)
{
  g_return_val_if_fail (ODFE_IS_ROLLING_RESTART (self), ODFE_POD_RESTART_WAITING);
  g_return_val_if_fail (self->pods != NULL && index < self->pods->len,
                        ODFE_POD_RESTART_WAITING);

  return ((RestartPod *) self->pods->pdata[index])->state;
}

OdfeHealthStatus
odfe_rolling_restart_get_health (OdfeRollingRestart *self)
{
  g_return_val_if_fail (ODFE_IS_ROLLING_RESTART (self), ODFE_HEALTH_UNKNOWN);

  return self->health;
}

const char *
odfe_rolling_restart_get_current_pod (OdfeRollingRestart *self)
{
  RestartPod *pod;

  g_return_val_if_fail (ODFE_IS_ROLLING_RESTART (self), NULL);

  pod = self->task != NULL ? current_pod (self) : NULL;
  return pod != NULL ? pod->name : NULL;
}

gboolean
odfe_rolling_restart_get_running (OdfeRollingRestart *self)
{
  g_return_val_if_fail (ODFE_IS_ROLLING_RESTART (self), FALSE);

  return self->task != NULL;
}

const char *
odfe_rolling_restart_get_outcome (OdfeRollingRestart *self)
{
  g_return_val_if_fail (ODFE_IS_ROLLING_RESTART (self), NULL);

  return self->task != NULL ? NULL : self->outcome;
}

void
odfe_rolling_restart_set_limit_allocation (OdfeRollingRestart *self,
                                           gboolean            limit)
{
  g_return_if_fail (ODFE_IS_ROLLING_RESTART (self));
  g_return_if_fail (self->task == NULL);

  self->limit_allocation = !!limit;
}

void
odfe_rolling_restart_set_timeouts (OdfeRollingRestart *self,
                                   guint               health_seconds,
                                   guint               ready_seconds)
{
  g_return_if_fail (ODFE_IS_ROLLING_RESTART (self));
  g_return_if_fail (self->task == NULL);
  g_return_if_fail (health_seconds > 0 && ready_seconds > 0);

  self->health_seconds = health_seconds;
  self->ready_seconds = ready_seconds;
}

/* GObject */

static void
odfe_rolling_restart_dispose (GObject *object)
{
  OdfeRollingRestart *self = ODFE_ROLLING_RESTART (object);

  /* A run holds a reference through its GTask, so none is under way here. */
  g_cancellable_cancel (self->cancellable);
  clear_timers (self);
  if (self->watch != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->watch, self);
      kube_watch_stop (self->watch);
      g_clear_object (&self->watch);
    }
  g_clear_object (&self->kube);
  g_clear_object (&self->odfe);

  G_OBJECT_CLASS (odfe_rolling_restart_parent_class)->dispose (object);
}

static void
odfe_rolling_restart_finalize (GObject *object)
{
  OdfeRollingRestart *self = ODFE_ROLLING_RESTART (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pods, g_ptr_array_unref);
  g_clear_pointer (&self->seen, g_hash_table_unref);
  g_free (self->namespace_);
  g_free (self->statefulset);
  g_free (self->deleted_uid);
  g_free (self->allocation_saved);
  g_free (self->outcome);

  G_OBJECT_CLASS (odfe_rolling_restart_parent_class)->finalize (object);
}

static void
odfe_rolling_restart_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  OdfeRollingRestart *self = ODFE_ROLLING_RESTART (object);

  switch (prop_id)
    {
    case PROP_HEALTH:
      g_value_set_int (value, self->health);
      break;

    case PROP_CURRENT_POD:
      g_value_set_string (value, odfe_rolling_restart_get_current_pod (self));
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->task != NULL);
      break;

    case PROP_OUTCOME:
      g_value_set_string (value, odfe_rolling_restart_get_outcome (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
odfe_rolling_restart_class_init (OdfeRollingRestartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = odfe_rolling_restart_dispose;
  object_class->finalize = odfe_rolling_restart_finalize;
  object_class->get_property = odfe_rolling_restart_get_property;

  properties[PROP_HEALTH] =
    g_param_spec_int ("health", NULL, NULL, ODFE_HEALTH_UNKNOWN, ODFE_HEALTH_RED,
                      ODFE_HEALTH_UNKNOWN,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT_POD] =
    g_param_spec_string ("current-pod", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OUTCOME] =
    g_param_spec_string ("outcome", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_POD_STATE_CHANGED] =
    g_signal_new ("pod-state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_INT);
}

static void
odfe_rolling_restart_init (OdfeRollingRestart *self)
{
  self->cancellable = g_cancellable_new ();
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) json_node_unref);
  self->health_seconds = DEFAULT_HEALTH_SECONDS;
  self->ready_seconds = DEFAULT_READY_SECONDS;
  self->health = ODFE_HEALTH_UNKNOWN;
}

OdfeRollingRestart *
odfe_rolling_restart_new (KubeClient *kube,
                          OdfeClient *odfe,
                          const char *namespace,
                          const char *statefulset)
{
  OdfeRollingRestart *self;

  g_return_val_if_fail (KUBE_IS_CLIENT (kube), NULL);
  g_return_val_if_fail (ODFE_IS_CLIENT (odfe), NULL);
  g_return_val_if_fail (namespace != NULL && statefulset != NULL, NULL);

  self = g_object_new (ODFE_TYPE_ROLLING_RESTART, NULL);
  self->kube = g_object_ref (kube);
  self->odfe = g_object_ref (odfe);
  self->namespace_ = g_strdup (namespace);
  self->statefulset = g_strdup (statefulset);

  return self;
}
