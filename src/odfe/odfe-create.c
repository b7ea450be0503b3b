/* odfe-create.c: the creation of a search cluster's objects, followed until it is green
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One run is a chain of asynchronous steps on the main loop:
 *
 *   create each object in order → follow the pods (a KubeStore of the cluster's pods) until
 *   each is Ready → reach the REST endpoint through a port-forward and ask
 *   _cluster/health?wait_for_status=green until it is.
 *
 * The wait for the pods and for green share one deadline.  Any failure (a refusal by the
 * server, the deadline, the caller's cancellation) ends the forward steps and starts the
 * rollback, unless the caller asked to keep what was made: the objects created are deleted
 * in reverse order, each awaited until the API no longer has it.  A namespace created by
 * the run is deleted alone, which removes everything in it.  Otherwise, after a StatefulSet
 * is gone, its pods are awaited too, and then the PersistentVolumeClaims its claim
 * templates made (named <template>-<statefulset>-<ordinal>, and retained by Kubernetes when
 * the StatefulSet goes) are deleted as well.
 *
 * An object whose creation was cut short (cancelled, or a broken connection) may exist on
 * the server nonetheless, so it is deleted too; one the server refused, because another of
 * that name exists say, is someone else's and left alone.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kube-error.h"
#include "kube-json.h"
#include "kube-store.h"
#include "kube-util.h"
#include "odfe-create.h"
#include "odfe-error.h"
#include "odfe-forward.h"

#define DEFAULT_TIMEOUT_SECONDS          600
#define DEFAULT_ROLLBACK_TIMEOUT_SECONDS 300
#define HEALTH_SLICE_SECONDS             10
#define RETRY_MS                         1000
#define POLL_MS                          250
/* A connection broken while a node starts can fail in its TLS handshake; a certificate
 * that is really wrong fails every time, so such failures are retried only this often. */
#define MAX_TLS_RETRIES                  5
#define INSTANCE_LABEL                   "app.kubernetes.io/instance"

typedef enum
{
  PHASE_IDLE,
  PHASE_CREATING,
  PHASE_PODS,
  PHASE_HEALTH,
  PHASE_ROLLING_BACK,
} Phase;

typedef struct
{
  JsonNode               *object;     /* the caller's */
  const KubeResourceType *type;       /* NULL: a kind not known here */
  char                   *name;
  char                   *namespace_; /* NULL for cluster-scoped kinds */
  char                   *label;
  OdfeStepState           state;
  gboolean                maybe_created;  /* created, or cut short on the way */
  char                   *uid;            /* once created */
} Step;

typedef struct
{
  char     *name;
  gboolean  ready;
} Pod;

typedef enum
{
  ITEM_OBJECT,        /* delete, then wait until it is gone */
  ITEM_PODS_GONE,     /* wait until a deleted StatefulSet's pods are gone */
  ITEM_CLAIMS,        /* delete a deleted StatefulSet's claims */
} ItemKind;

typedef struct
{
  ItemKind                kind;
  const KubeResourceType *type;
  char                   *namespace_;
  char                   *name;
  int                     step;       /* index in steps, or -1 */
  JsonNode               *statefulset;
} Item;

struct _OdfeClusterCreation
{
  GObject           parent_instance;

  KubeClient       *client;
  char             *name;
  char             *namespace_;
  gboolean          create_namespace;
  char             *password;
  GPtrArray        *objects;
  GPtrArray        *steps;            /* Step* */
  GPtrArray        *pods;             /* Pod* */
  GBytes           *ca;
  gboolean          keep_on_failure;
  guint             timeout_seconds;
  guint             rollback_timeout_seconds;
  OdfeHealthStatus  health;
  char             *status_text;
  GCancellable     *cancellable;      /* for the object's life: the rollback's requests */

  /* One run */
  GTask            *task;
  Phase             phase;
  GCancellable     *run_cancellable;  /* cancelled by the caller's, or when a phase ends */
  GCancellable     *caller_cancellable;
  gulong            caller_handler;
  guint             current;
  KubeStore        *store;            /* the cluster's pods */
  KubeStore        *events;           /* the namespace's Events, while the pods start */
  KubePortForward  *forward;
  OdfeClient       *odfe;
  guint             deadline_id;
  guint             retry_id;
  guint             cancel_id;
  guint             check_id;
  guint             tls_retries;
  GError           *last_health_error;

  /* The failure, and the rollback it started */
  GError           *failure;
  char             *failure_text;
  GQueue           *rollback;         /* Item* */
  gint64            rollback_deadline_us;
  GString          *rollback_problems;
};

G_DEFINE_FINAL_TYPE (OdfeClusterCreation, odfe_cluster_creation, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void create_next     (OdfeClusterCreation *self);
static void start_pods      (OdfeClusterCreation *self);
static void start_health    (OdfeClusterCreation *self);
static void ask_health      (OdfeClusterCreation *self);
static void fail            (OdfeClusterCreation *self,
                             GError              *error,
                             const char          *text);
static void rollback_next   (OdfeClusterCreation *self);

static void
step_free (Step *step)
{
  g_free (step->name);
  g_free (step->namespace_);
  g_free (step->label);
  g_free (step->uid);
  g_free (step);
}

static void
pod_free (Pod *pod)
{
  g_free (pod->name);
  g_free (pod);
}

static void
item_free (Item *item)
{
  g_free (item->namespace_);
  g_free (item->name);
  g_clear_pointer (&item->statefulset, json_node_unref);
  g_free (item);
}

static Item *
item_new (ItemKind                kind,
          const KubeResourceType *type,
          const char             *namespace_,
          const char             *name,
          int                     step)
{
  Item *item = g_new0 (Item, 1);

  item->kind = kind;
  item->type = type;
  item->namespace_ = g_strdup (namespace_);
  item->name = g_strdup (name);
  item->step = step;
  return item;
}

/* State */

static void
emit_changed (OdfeClusterCreation *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
set_status (OdfeClusterCreation *self,
            const char          *text)
{
  if (g_strcmp0 (self->status_text, text) == 0)
    return;

  g_free (self->status_text);
  self->status_text = g_strdup (text);
  g_debug ("%s", text);
  emit_changed (self);
}

static void
set_step_state (OdfeClusterCreation *self,
                guint                index,
                OdfeStepState        state)
{
  Step *step = self->steps->pdata[index];

  if (step->state == state)
    return;

  step->state = state;
  emit_changed (self);
}

static void
set_health (OdfeClusterCreation *self,
            OdfeHealthStatus     health)
{
  if (self->health == health)
    return;

  self->health = health;
  emit_changed (self);
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

/* @text ending as a sentence: the server's messages often have no full stop. */
static char *
sentence (const char *text)
{
  gsize length = strlen (text);

  if (length == 0 || strchr (".!?", text[length - 1]) != NULL
      || g_str_has_suffix (text, "…"))
    return g_strdup (text);

  return g_strconcat (text, ".", NULL);
}

/* The objects */

/* The kind of @object, from its apiVersion and kind, when the kube layer knows it. */
static const KubeResourceType *
type_of (JsonNode *object)
{
  const char *api_version = kube_json_path_string (object, "apiVersion", NULL);
  const char *kind = kube_json_path_string (object, "kind", NULL);
  const KubeResourceType *type;
  g_autofree char *expected = NULL;

  if (api_version == NULL || kind == NULL)
    return NULL;

  type = kube_resource_type_lookup (kind);
  if (type == NULL || !g_str_equal (type->kind, kind))
    return NULL;

  expected = type->group[0] != '\0' ? g_strdup_printf ("%s/%s", type->group, type->version)
                                    : g_strdup (type->version);
  return g_str_equal (expected, api_version) ? type : NULL;
}

static void
read_pods (OdfeClusterCreation *self,
           JsonNode            *statefulset)
{
  const char *name = kube_json_path_string (statefulset, "metadata", "name", NULL);
  JsonObject *spec = kube_json_path_object (statefulset, "spec", NULL);
  gint64 replicas = kube_json_get_int (spec, "replicas", 1);

  for (gint64 i = 0; name != NULL && i < replicas && i < 1000; i++)
    {
      Pod *pod = g_new0 (Pod, 1);

      pod->name = g_strdup_printf ("%s-%" G_GINT64_FORMAT, name, i);
      g_ptr_array_add (self->pods, pod);
    }
}

static gboolean
is_statefulset (const KubeResourceType *type)
{
  return type == kube_resource_type_get (KUBE_RESOURCE_STATEFULSETS);
}

static gboolean
is_namespace (const KubeResourceType *type)
{
  return type == kube_resource_type_get (KUBE_RESOURCE_NAMESPACES);
}

/* GObject */

static void
odfe_cluster_creation_dispose (GObject *object)
{
  OdfeClusterCreation *self = ODFE_CLUSTER_CREATION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->deadline_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->cancel_id, g_source_remove);
  g_clear_handle_id (&self->check_id, g_source_remove);
  if (self->store != NULL)
    kube_store_stop (self->store);
  g_clear_object (&self->store);
  if (self->events != NULL)
    kube_store_stop (self->events);
  g_clear_object (&self->events);
  if (self->forward != NULL)
    kube_port_forward_close (self->forward);
  g_clear_object (&self->forward);
  g_clear_object (&self->odfe);

  G_OBJECT_CLASS (odfe_cluster_creation_parent_class)->dispose (object);
}

static void
odfe_cluster_creation_finalize (GObject *object)
{
  OdfeClusterCreation *self = ODFE_CLUSTER_CREATION (object);

  g_clear_object (&self->client);
  g_free (self->name);
  g_free (self->namespace_);
  if (self->password != NULL)
    explicit_bzero (self->password, strlen (self->password));
  g_free (self->password);
  g_clear_pointer (&self->objects, g_ptr_array_unref);
  g_clear_pointer (&self->steps, g_ptr_array_unref);
  g_clear_pointer (&self->pods, g_ptr_array_unref);
  g_clear_pointer (&self->ca, g_bytes_unref);
  g_free (self->status_text);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->run_cancellable);
  g_clear_error (&self->last_health_error);
  g_clear_error (&self->failure);
  g_free (self->failure_text);
  if (self->rollback != NULL)
    g_queue_free_full (self->rollback, (GDestroyNotify) item_free);
  if (self->rollback_problems != NULL)
    g_string_free (self->rollback_problems, TRUE);

  G_OBJECT_CLASS (odfe_cluster_creation_parent_class)->finalize (object);
}

static void
odfe_cluster_creation_class_init (OdfeClusterCreationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = odfe_cluster_creation_dispose;
  object_class->finalize = odfe_cluster_creation_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
}

static void
odfe_cluster_creation_init (OdfeClusterCreation *self)
{
  self->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  self->pods = g_ptr_array_new_with_free_func ((GDestroyNotify) pod_free);
  self->cancellable = g_cancellable_new ();
  self->timeout_seconds = DEFAULT_TIMEOUT_SECONDS;
  self->rollback_timeout_seconds = DEFAULT_ROLLBACK_TIMEOUT_SECONDS;
  self->health = ODFE_HEALTH_UNKNOWN;
}

OdfeClusterCreation *
odfe_cluster_creation_new (KubeClient            *client,
                           const OdfeClusterSpec *spec,
                           GPtrArray             *objects,
                           const char            *ca_pem)
{
  OdfeClusterCreation *self;

  g_return_val_if_fail (KUBE_IS_CLIENT (client), NULL);
  g_return_val_if_fail (spec != NULL && spec->name != NULL && spec->namespace != NULL, NULL);
  g_return_val_if_fail (objects != NULL, NULL);
  g_return_val_if_fail (ca_pem != NULL, NULL);

  self = g_object_new (ODFE_TYPE_CLUSTER_CREATION, NULL);
  self->client = g_object_ref (client);
  self->name = g_strdup (spec->name);
  self->namespace_ = g_strdup (spec->namespace);
  self->create_namespace = spec->create_namespace;
  self->password = g_strdup (spec->admin_password);
  self->objects = g_ptr_array_ref (objects);
  self->ca = g_bytes_new (ca_pem, strlen (ca_pem));

  for (guint i = 0; i < objects->len; i++)
    {
      JsonNode *object = objects->pdata[i];
      Step *step = g_new0 (Step, 1);
      const char *kind = kube_json_path_string (object, "kind", NULL);
      const char *namespace_ = kube_json_path_string (object, "metadata", "namespace", NULL);

      step->object = object;
      step->type = type_of (object);
      step->name = g_strdup (kube_json_path_string (object, "metadata", "name", NULL));
      if (step->type == NULL || step->type->namespaced)
        step->namespace_ = g_strdup (namespace_ != NULL ? namespace_ : spec->namespace);
      step->label = g_strdup_printf ("%s %s", kind != NULL ? kind : "?",
                                     step->name != NULL ? step->name : "?");
      g_ptr_array_add (self->steps, step);

      if (is_statefulset (step->type))
        read_pods (self, object);
    }

  self->status_text = g_strdup_printf (ngettext ("Ready to create %u object.",
                                                 "Ready to create %u objects.",
                                                 objects->len), objects->len);
  return self;
}

void
odfe_cluster_creation_set_keep_on_failure (OdfeClusterCreation *self,
                                           gboolean             keep)
{
  g_return_if_fail (ODFE_IS_CLUSTER_CREATION (self));

  self->keep_on_failure = !!keep;
}

void
odfe_cluster_creation_set_timeout (OdfeClusterCreation *self,
                                   guint                seconds)
{
  g_return_if_fail (ODFE_IS_CLUSTER_CREATION (self));
  g_return_if_fail (seconds > 0);

  self->timeout_seconds = seconds;
}

void
odfe_cluster_creation_set_rollback_timeout (OdfeClusterCreation *self,
                                            guint                seconds)
{
  g_return_if_fail (ODFE_IS_CLUSTER_CREATION (self));
  g_return_if_fail (seconds > 0);

  self->rollback_timeout_seconds = seconds;
}

/* The end of a run */

static void
stop_following (OdfeClusterCreation *self)
{
  g_clear_handle_id (&self->deadline_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->cancel_id, g_source_remove);
  g_clear_handle_id (&self->check_id, g_source_remove);
  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->store, self);
      kube_store_stop (self->store);
      g_clear_object (&self->store);
    }
  if (self->events != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->events, self);
      kube_store_stop (self->events);
      g_clear_object (&self->events);
    }
  if (self->forward != NULL)
    {
      kube_port_forward_close (self->forward);
      g_clear_object (&self->forward);
    }
  g_clear_object (&self->odfe);
}

static void
finish_run (OdfeClusterCreation *self,
            GError              *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  stop_following (self);
  if (self->caller_cancellable != NULL)
    {
      g_cancellable_disconnect (self->caller_cancellable, self->caller_handler);
      self->caller_handler = 0;
      g_clear_object (&self->caller_cancellable);
    }
  self->phase = PHASE_IDLE;

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);

  emit_changed (self);
}

/* Whether a failed request of the run should end the run as a cancellation. */
static gboolean
is_cancelled (OdfeClusterCreation *self,
              const GError        *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
         || g_cancellable_is_cancelled (self->run_cancellable);
}

static GError *
cancelled_error (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                              _("The creation was cancelled."));
}

/* Creating */

static void
create_done (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(OdfeClusterCreation) self = user_data;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(GError) error = NULL;
  Step *step;

  created = kube_client_object_finish (KUBE_CLIENT (source_object), result, &error);
  if (self->phase != PHASE_CREATING)
    return;

  step = self->steps->pdata[self->current];
  if (created == NULL)
    {
      g_autofree char *text = NULL;

      /* A request cut short (cancelled, a broken connection, a timeout) may have been
       * carried out: it is undone with the rest.  A refusal by the server leaves nothing
       * of ours behind, and what it refused for existing already is not ours. */
      step->maybe_created = is_cancelled (self, error) || kube_error_is_transient (error);
      set_step_state (self, self->current, ODFE_STEP_FAILED);

      if (is_cancelled (self, error))
        {
          fail (self, cancelled_error (), NULL);
          return;
        }

      text = g_strdup_printf (_("Could not create %s: %s"), step->label, error->message);
      fail (self, g_steal_pointer (&error), text);
      return;
    }

  step->uid = g_strdup (kube_json_path_string (created, "metadata", "uid", NULL));
  set_step_state (self, self->current, ODFE_STEP_DONE);
  self->current++;
  create_next (self);
}

static void
create_next (OdfeClusterCreation *self)
{
  g_autofree char *text = NULL;
  Step *step;

  if (g_cancellable_is_cancelled (self->run_cancellable))
    {
      fail (self, cancelled_error (), NULL);
      return;
    }

  if (self->current >= self->steps->len)
    {
      start_pods (self);
      return;
    }

  step = self->steps->pdata[self->current];
  text = g_strdup_printf (_("Creating %s…"), step->label);
  set_status (self, text);
  set_step_state (self, self->current, ODFE_STEP_RUNNING);
  step->maybe_created = TRUE;
  kube_client_create_async (self->client, step->type, step->namespace_, step->object,
                            self->run_cancellable, create_done, g_object_ref (self));
}

/* The deadline shared by the pods and the health */

/* The latest Warning Event about each object, by the object's uid, from the Events seen so
 * far; NULL when none is followed. */
static GHashTable *
latest_warnings (OdfeClusterCreation *self)
{
  GHashTable *latest;
  guint n_events;

  if (self->events == NULL)
    return NULL;

  latest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  n_events = g_list_model_get_n_items (G_LIST_MODEL (self->events));
  for (guint i = 0; i < n_events; i++)
    {
      g_autoptr(KubeObject) event = g_list_model_get_item (G_LIST_MODEL (self->events), i);
      const char *uid = kube_object_get_involved_uid (event);
      KubeObject *known;

      if (uid == NULL || uid[0] == '\0' || kube_object_get_message (event) == NULL
          || g_strcmp0 (kube_object_get_event_type (event), "Warning") != 0)
        continue;

      known = g_hash_table_lookup (latest, uid);
      if (known != NULL && kube_object_get_last_seen (known) != NULL
          && kube_object_get_last_seen (event) != NULL
          && g_date_time_compare (kube_object_get_last_seen (event),
                                  kube_object_get_last_seen (known)) < 0)
        continue;
      g_hash_table_replace (latest, g_strdup (uid), g_steal_pointer (&event));
    }

  return latest;
}

/* "elasticsearch-1, elasticsearch-2 (Running, Readiness probe failed: …); elasticsearch-3
 * (not created)": the pods not Ready, those in the same state and with the same latest
 * warning (from @warnings, which may be NULL) together. */
static char *
pods_not_ready (OdfeClusterCreation *self,
                GHashTable          *warnings)
{
  g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->pods->len; i++)
    {
      Pod *pod = self->pods->pdata[i];
      KubeObject *object;
      KubeObject *warning = NULL;
      const char *status;
      g_autofree char *state = NULL;
      guint group;

      if (pod->ready)
        continue;

      object = self->store != NULL ? kube_store_lookup (self->store, self->namespace_,
                                                        pod->name)
                                   : NULL;
      status = object != NULL ? kube_object_get_status (object) : NULL;
      if (object != NULL && warnings != NULL && kube_object_get_uid (object) != NULL)
        warning = g_hash_table_lookup (warnings, kube_object_get_uid (object));

      if (object == NULL)
        state = g_strdup (_("not created"));
      else if (warning != NULL)
        state = g_strdup_printf ("%s, %s", status != NULL ? status : "?",
                                 kube_object_get_message (warning));
      else
        state = g_strdup (status != NULL ? status : "?");

      for (group = 0; group < states->len; group++)
        if (g_str_equal (states->pdata[group], state))
          break;
      if (group == states->len)
        {
          g_ptr_array_add (states, g_steal_pointer (&state));
          g_ptr_array_add (groups, g_strdup (pod->name));
        }
      else
        {
          char *names = g_strdup_printf ("%s, %s", (char *) groups->pdata[group], pod->name);

          g_free (groups->pdata[group]);
          groups->pdata[group] = names;
        }
    }

  for (guint group = 0; group < groups->len; group++)
    {
      if (group > 0)
        g_string_append (text, "; ");
      g_string_append_printf (text, "%s (%s)", (char *) groups->pdata[group],
                              (char *) states->pdata[group]);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* What the StatefulSets' Events say went wrong (a pod refused by admission, say), as
 * sentences, or NULL. */
static char *
statefulset_warnings (OdfeClusterCreation *self,
                      GHashTable          *warnings)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; warnings != NULL && i < self->steps->len; i++)
    {
      Step *step = self->steps->pdata[i];
      KubeObject *warning;
      g_autofree char *message = NULL;

      if (!is_statefulset (step->type) || step->uid == NULL
          || (warning = g_hash_table_lookup (warnings, step->uid)) == NULL)
        continue;
      message = sentence (kube_object_get_message (warning));
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append_printf (text, _("%s: %s"), step->label, message);
    }

  if (text->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
fail_pods_not_ready (OdfeClusterCreation *self,
                     GHashTable          *warnings)
{
  g_autofree char *pods = pods_not_ready (self, warnings);
  g_autofree char *controllers = statefulset_warnings (self, warnings);
  g_autofree char *text = NULL;

  text = g_strdup_printf (ngettext ("The pods were not Ready within %u second: %s.",
                                    "The pods were not Ready within %u seconds: %s.",
                                    self->timeout_seconds),
                          self->timeout_seconds, pods);
  if (controllers != NULL)
    {
      g_autofree char *both = g_strdup_printf ("%s %s", text, controllers);

      g_free (text);
      text = g_steal_pointer (&both);
    }

  fail (self, g_error_new_literal (ODFE_ERROR, ODFE_ERROR_TIMEOUT, text), text);
}

static gboolean
on_deadline (gpointer user_data)
{
  OdfeClusterCreation *self = user_data;
  g_autofree char *text = NULL;

  self->deadline_id = 0;

  if (self->phase == PHASE_PODS)
    {
      g_autoptr(GHashTable) warnings = latest_warnings (self);

      fail_pods_not_ready (self, warnings);
      return G_SOURCE_REMOVE;
    }

  if (self->last_health_error != NULL && self->health == ODFE_HEALTH_UNKNOWN)
    text = g_strdup_printf (ngettext ("The cluster did not answer within %u second: %s",
                                      "The cluster did not answer within %u seconds: %s",
                                      self->timeout_seconds),
                            self->timeout_seconds, self->last_health_error->message);
  else
    text = g_strdup_printf (ngettext ("The cluster was not green within %u second "
                                      "(its health is %s).",
                                      "The cluster was not green within %u seconds "
                                      "(its health is %s).", self->timeout_seconds),
                            self->timeout_seconds, health_word (self->health));

  fail (self, g_error_new_literal (ODFE_ERROR, ODFE_ERROR_TIMEOUT, text), text);
  return G_SOURCE_REMOVE;
}

/* The pods */

/* The message of a StatefulSet's latest warning when it is a refusal that waiting does not
 * mend (a pod that violates the namespace's Pod Security level), else NULL. */
static const char *
statefulset_refusal (OdfeClusterCreation *self,
                     GHashTable          *warnings)
{
  for (guint i = 0; warnings != NULL && i < self->steps->len; i++)
    {
      Step *step = self->steps->pdata[i];
      KubeObject *warning;
      const char *message;

      if (!is_statefulset (step->type) || step->uid == NULL
          || (warning = g_hash_table_lookup (warnings, step->uid)) == NULL)
        continue;
      message = kube_object_get_message (warning);
      if (g_strcmp0 (kube_object_get_reason (warning), "FailedCreate") == 0
          && strstr (message, "violates PodSecurity") != NULL)
        return message;
    }

  return NULL;
}

/* "elasticsearch-2: Readiness probe failed: …" for the first pod not Ready that has a
 * warning, or NULL. */
static char *
first_warning (OdfeClusterCreation *self,
               GHashTable          *warnings)
{
  for (guint i = 0; warnings != NULL && i < self->pods->len; i++)
    {
      Pod *pod = self->pods->pdata[i];
      KubeObject *object = kube_store_lookup (self->store, self->namespace_, pod->name);
      KubeObject *warning;
      g_autofree char *message = NULL;

      if (pod->ready || object == NULL || kube_object_get_uid (object) == NULL
          || (warning = g_hash_table_lookup (warnings, kube_object_get_uid (object))) == NULL)
        continue;

      message = sentence (kube_object_get_message (warning));
      return g_strdup_printf (_("%s: %s"), pod->name, message);
    }

  return NULL;
}

static void
check_pods (OdfeClusterCreation *self)
{
  g_autoptr(GHashTable) warnings = NULL;
  g_autofree char *text = NULL;
  g_autofree char *why = NULL;
  const char *refusal;
  guint ready = 0;

  if (self->phase != PHASE_PODS)
    return;

  for (guint i = 0; i < self->pods->len; i++)
    {
      Pod *pod = self->pods->pdata[i];
      KubeObject *object = kube_store_lookup (self->store, self->namespace_, pod->name);
      gboolean now = object != NULL && kube_object_get_ready (object);

      if (now != pod->ready)
        {
          pod->ready = now;
          emit_changed (self);
        }
      ready += now;
    }

  if (ready == self->pods->len)
    {
      g_signal_handlers_disconnect_by_data (self->store, self);
      kube_store_stop (self->store);
      g_signal_handlers_disconnect_by_data (self->events, self);
      kube_store_stop (self->events);
      start_health (self);
      return;
    }

  warnings = latest_warnings (self);

  /* Pod Security admission refuses every pod alike: no use waiting for the deadline. */
  refusal = statefulset_refusal (self, warnings);
  if (refusal != NULL)
    {
      g_autofree char *message = sentence (refusal);

      text = g_strdup_printf (_("The pods cannot be created: %s"), message);
      fail (self, g_error_new_literal (ODFE_ERROR, ODFE_ERROR_FORBIDDEN, text), text);
      return;
    }

  text = g_strdup_printf (_("Waiting for the pods to be Ready (%u of %u)…"), ready,
                          self->pods->len);
  why = first_warning (self, warnings);
  if (why != NULL)
    {
      g_autofree char *both = g_strdup_printf ("%s %s", text, why);

      g_free (text);
      text = g_steal_pointer (&both);
    }
  set_status (self, text);
}

static gboolean
on_check_idle (gpointer user_data)
{
  OdfeClusterCreation *self = user_data;

  self->check_id = 0;
  check_pods (self);
  return G_SOURCE_REMOVE;
}

/* The check may end the run and let go of the stores, which must not happen while one of
 * them is still in its ::items-changed: it is done from the main loop. */
static void
on_pods_changed (GListModel *model,
                 guint       position,
                 guint       removed,
                 guint       added,
                 gpointer    user_data)
{
  OdfeClusterCreation *self = user_data;

  if (self->check_id == 0)
    self->check_id = g_idle_add (on_check_idle, self);
}

static void
start_pods (OdfeClusterCreation *self)
{
  g_autofree char *selector = g_strdup_printf ("%s=%s", INSTANCE_LABEL, self->name);

  self->phase = PHASE_PODS;
  self->deadline_id = g_timeout_add_seconds (self->timeout_seconds, on_deadline, self);

  self->store = kube_store_new (self->client, kube_resource_type_get (KUBE_RESOURCE_PODS),
                                self->namespace_, selector, NULL);
  g_signal_connect (self->store, "items-changed", G_CALLBACK (on_pods_changed), self);
  self->events = kube_store_new (self->client, kube_resource_type_get (KUBE_RESOURCE_EVENTS),
                                 self->namespace_, NULL, NULL);
  g_signal_connect (self->events, "items-changed", G_CALLBACK (on_pods_changed), self);
  kube_store_start (self->store);
  kube_store_start (self->events);
  check_pods (self);
}

/* The health */

static void
retry_health (OdfeClusterCreation *self);

static void
health_done (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(OdfeClusterCreation) self = user_data;
  g_autoptr(OdfeHealth) health = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  health = odfe_client_health_finish (ODFE_CLIENT (source_object), result, &error);
  if (self->phase != PHASE_HEALTH)
    return;

  if (health == NULL)
    {
      if (is_cancelled (self, error))
        {
          fail (self, cancelled_error (), NULL);
          return;
        }

      /* A wrong password or certificate does not get better by waiting. */
      if (g_error_matches (error, ODFE_ERROR, ODFE_ERROR_UNAUTHORIZED)
          || (g_error_matches (error, ODFE_ERROR, ODFE_ERROR_TLS)
              && ++self->tls_retries > MAX_TLS_RETRIES))
        {
          if (g_error_matches (error, ODFE_ERROR, ODFE_ERROR_UNAUTHORIZED))
            text = g_strdup_printf (_("The cluster refused the admin password: %s"),
                                    error->message);
          else
            text = g_strdup_printf (_("Could not reach the cluster: %s"), error->message);
          fail (self, g_steal_pointer (&error), text);
          return;
        }

      g_debug ("health: %s", error->message);
      g_clear_error (&self->last_health_error);
      self->last_health_error = g_steal_pointer (&error);
      retry_health (self);
      return;
    }

  set_health (self, health->status);
  if (health->status == ODFE_HEALTH_GREEN && !health->timed_out)
    {
      text = g_strdup_printf (_("The search cluster “%s” is ready: its health is green."),
                              self->name);
      set_status (self, text);
      finish_run (self, NULL);
      return;
    }

  text = g_strdup_printf (_("Waiting for the cluster to turn green (it is %s)…"),
                          health_word (health->status));
  set_status (self, text);
  ask_health (self);
}

static gboolean
on_retry (gpointer user_data)
{
  OdfeClusterCreation *self = user_data;

  self->retry_id = 0;
  ask_health (self);
  return G_SOURCE_REMOVE;
}

static void
retry_health (OdfeClusterCreation *self)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add (RETRY_MS, on_retry, self);
}

static void
ask_health (OdfeClusterCreation *self)
{
  odfe_client_health_async (self->odfe, "green", HEALTH_SLICE_SECONDS, self->run_cancellable,
                            health_done, g_object_ref (self));
}

static void
start_health (OdfeClusterCreation *self)
{
  g_autofree char *selector = g_strdup_printf ("%s=%s", INSTANCE_LABEL, self->name);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  self->phase = PHASE_HEALTH;
  set_status (self, _("Waiting for the cluster to turn green…"));

  self->odfe = odfe_client_new_forwarded (self->client, self->namespace_, selector, self->ca,
                                          &self->forward, &error);
  if (self->odfe == NULL)
    {
      text = g_strdup_printf (_("Could not reach the cluster: %s"), error->message);
      fail (self, g_steal_pointer (&error), text);
      return;
    }

  odfe_client_set_credentials (self->odfe, "admin", self->password);
  ask_health (self);
}

/* The rollback */

static void
rollback_problem (OdfeClusterCreation *self,
                  const char          *what,
                  const char          *why)
{
  if (self->rollback_problems->len > 0)
    g_string_append (self->rollback_problems, "; ");
  g_string_append_printf (self->rollback_problems, "%s (%s)", what, why);
}

static void
rollback_done (OdfeClusterCreation *self)
{
  g_autofree char *text = NULL;
  GError *error = g_steal_pointer (&self->failure);

  if (self->rollback_problems->len == 0)
    text = g_strdup_printf ("%s %s", self->failure_text, _("Everything created was deleted."));
  else
    text = g_strdup_printf (_("%s Could not delete everything created: %s."),
                            self->failure_text, self->rollback_problems->str);

  set_status (self, text);
  g_free (error->message);
  error->message = g_steal_pointer (&text);
  finish_run (self, error);
}

static gboolean
rollback_expired (OdfeClusterCreation *self)
{
  return g_get_monotonic_time () > self->rollback_deadline_us;
}

static void
item_gone (OdfeClusterCreation *self,
           Item                *item)
{
  if (item->step >= 0)
    set_step_state (self, item->step, ODFE_STEP_ROLLED_BACK);

  /* A namespace created here took everything in it along. */
  if (is_namespace (item->type))
    {
      for (guint i = 0; i < self->steps->len; i++)
        {
          Step *step = self->steps->pdata[i];

          if (step->state == ODFE_STEP_DONE)
            set_step_state (self, i, ODFE_STEP_ROLLED_BACK);
        }
    }

  /* A StatefulSet leaves its pods terminating, and its claims behind. */
  if (item->kind == ITEM_OBJECT && is_statefulset (item->type))
    {
      Step *step = self->steps->pdata[item->step];
      Item *claims = item_new (ITEM_CLAIMS, NULL, item->namespace_, item->name, -1);
      Item *pods = item_new (ITEM_PODS_GONE, NULL, item->namespace_, item->name, -1);

      claims->statefulset = json_node_ref (step->object);
      pods->statefulset = json_node_ref (step->object);
      g_queue_push_head (self->rollback, claims);
      g_queue_push_head (self->rollback, pods);
    }
}

static void poll_gone (OdfeClusterCreation *self);

static void
poll_sleep_done (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(OdfeClusterCreation) self = user_data;

  kube_sleep_finish (result, NULL);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  poll_gone (self);
}

static void
poll_again (OdfeClusterCreation *self)
{
  kube_sleep_async (POLL_MS, self->cancellable, poll_sleep_done, g_object_ref (self));
}

static char *
item_label (Item *item)
{
  return g_strdup_printf ("%s %s", item->type->kind, item->name);
}

static void
get_done (GObject      *source_object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(OdfeClusterCreation) self = user_data;
  g_autoptr(JsonNode) object = NULL;
  g_autoptr(GError) error = NULL;
  Item *item = g_queue_peek_head (self->rollback);

  object = kube_client_get_finish (KUBE_CLIENT (source_object), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  if (g_error_matches (error, KUBE_ERROR, KUBE_ERROR_NOT_FOUND))
    {
      g_queue_pop_head (self->rollback);
      item_gone (self, item);
      item_free (item);
      rollback_next (self);
      return;
    }

  if (rollback_expired (self))
    {
      g_autofree char *label = item_label (item);

      rollback_problem (self, label, error != NULL ? error->message
                                                   : _("still there when the time was up"));
      item_free (g_queue_pop_head (self->rollback));
      rollback_next (self);
      return;
    }

  poll_again (self);
}

static void
poll_gone (OdfeClusterCreation *self)
{
  Item *item = g_queue_peek_head (self->rollback);

  /* The pods of a StatefulSet are listed again. */
  if (item->kind != ITEM_OBJECT)
    {
      rollback_next (self);
      return;
    }

  kube_client_get_async (self->client, item->type, item->namespace_, item->name,
                         self->cancellable, get_done, g_object_ref (self));
}

static void
delete_done (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(OdfeClusterCreation) self = user_data;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  Item *item = g_queue_peek_head (self->rollback);

  answer = kube_client_object_finish (KUBE_CLIENT (source_object), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  if (answer == NULL && !g_error_matches (error, KUBE_ERROR, KUBE_ERROR_NOT_FOUND))
    {
      g_autofree char *label = item_label (item);

      rollback_problem (self, label, error->message);
      item_free (g_queue_pop_head (self->rollback));
      rollback_next (self);
      return;
    }

  poll_gone (self);
}

/* Whether @name is "<prefix>-<digits>". */
static gboolean
has_ordinal (const char *name,
             const char *prefix)
{
  gsize length = strlen (prefix);
  const char *p;

  if (strncmp (name, prefix, length) != 0 || name[length] != '-' || name[length + 1] == '\0')
    return FALSE;

  for (p = name + length + 1; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  return TRUE;
}

static void
pods_listed (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(OdfeClusterCreation) self = user_data;
  g_autoptr(KubeList) list = NULL;
  g_autoptr(GError) error = NULL;
  Item *item = g_queue_peek_head (self->rollback);
  g_autofree char *label = NULL;
  guint left = 0;

  list = kube_client_list_finish (KUBE_CLIENT (source_object), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  for (guint i = 0; list != NULL && i < list->items->len; i++)
    {
      const char *name = kube_json_path_string (list->items->pdata[i], "metadata", "name",
                                                NULL);

      left += name != NULL && has_ordinal (name, item->name);
    }

  if (list != NULL && left == 0)
    {
      item_free (g_queue_pop_head (self->rollback));
      rollback_next (self);
      return;
    }

  if (!rollback_expired (self))
    {
      poll_again (self);
      return;
    }

  label = g_strdup_printf (_("the pods of StatefulSet %s"), item->name);
  rollback_problem (self, label, error != NULL ? error->message
                                               : _("still there when the time was up"));
  item_free (g_queue_pop_head (self->rollback));
  rollback_next (self);
}

static void
claims_listed (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(OdfeClusterCreation) self = user_data;
  g_autoptr(KubeList) list = NULL;
  g_autoptr(GError) error = NULL;
  Item *item = g_queue_pop_head (self->rollback);
  JsonArray *templates = NULL;

  list = kube_client_list_finish (KUBE_CLIENT (source_object), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      item_free (item);
      return;
    }

  if (list == NULL)
    {
      g_autofree char *label = g_strdup_printf (_("the volume claims of StatefulSet %s"),
                                                item->name);

      rollback_problem (self, label, error->message);
      item_free (item);
      rollback_next (self);
      return;
    }

  /* The claims of template T for pod P are named T-P; the pods are <statefulset>-N. */
  templates = kube_json_get_array (kube_json_path_object (item->statefulset, "spec", NULL),
                                   "volumeClaimTemplates");
  for (guint t = 0; templates != NULL && t < json_array_get_length (templates); t++)
    {
      const char *template = kube_json_path_string (json_array_get_element (templates, t),
                                                    "metadata", "name", NULL);
      g_autofree char *prefix = NULL;

      if (template == NULL)
        continue;

      prefix = g_strdup_printf ("%s-%s", template, item->name);
      for (guint i = 0; i < list->items->len; i++)
        {
          const char *name = kube_json_path_string (list->items->pdata[i], "metadata", "name",
                                                    NULL);

          if (name != NULL && has_ordinal (name, prefix))
            g_queue_push_head (self->rollback,
                               item_new (ITEM_OBJECT,
                                         kube_resource_type_get (
                                           KUBE_RESOURCE_PERSISTENTVOLUMECLAIMS),
                                         item->namespace_, name, -1));
        }
    }

  item_free (item);
  rollback_next (self);
}

static void
rollback_next (OdfeClusterCreation *self)
{
  Item *item = g_queue_peek_head (self->rollback);

  if (item == NULL)
    {
      rollback_done (self);
      return;
    }

  switch (item->kind)
    {
    case ITEM_OBJECT:
      {
        KubeDeleteOptions options = KUBE_DELETE_OPTIONS_INIT;

        options.propagation_policy = "Background";
        kube_client_delete_async (self->client, item->type, item->namespace_, item->name,
                                  &options, self->cancellable, delete_done,
                                  g_object_ref (self));
      }
      break;

    case ITEM_PODS_GONE:
      {
        g_autofree char *selector = kube_json_match_labels_selector (item->statefulset);
        KubeListOptions options = { .label_selector = selector };

        kube_client_list_all_async (self->client, kube_resource_type_get (KUBE_RESOURCE_PODS),
                                    item->namespace_, selector != NULL ? &options : NULL,
                                    self->cancellable, pods_listed, g_object_ref (self));
      }
      break;

    case ITEM_CLAIMS:
      kube_client_list_all_async (self->client,
                                  kube_resource_type_get (KUBE_RESOURCE_PERSISTENTVOLUMECLAIMS),
                                  item->namespace_, NULL, self->cancellable, claims_listed,
                                  g_object_ref (self));
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
start_rollback (OdfeClusterCreation *self)
{
  Step *namespace_step = NULL;

  self->phase = PHASE_ROLLING_BACK;
  self->rollback = g_queue_new ();
  self->rollback_problems = g_string_new (NULL);
  self->rollback_deadline_us = g_get_monotonic_time ()
                               + (gint64) self->rollback_timeout_seconds * G_USEC_PER_SEC;

  for (guint i = 0; i < self->steps->len; i++)
    {
      Step *step = self->steps->pdata[i];

      if (step->maybe_created && is_namespace (step->type))
        namespace_step = step;
    }

  /* Deleting the namespace deletes the rest; else each object, the last created first. */
  for (guint i = self->steps->len; i > 0; i--)
    {
      Step *step = self->steps->pdata[i - 1];

      if (!step->maybe_created || (namespace_step != NULL && step != namespace_step))
        continue;
      g_queue_push_tail (self->rollback, item_new (ITEM_OBJECT, step->type, step->namespace_,
                                                   step->name, (int) i - 1));
    }

  rollback_next (self);
}

/* A failure: @error is the run's error (its message replaced by the final status text),
 * @text the sentence saying what failed (NULL: @error's message). */
static void
fail (OdfeClusterCreation *self,
      GError              *error,
      const char          *text)
{
  g_autofree char *status = NULL;

  stop_following (self);
  g_cancellable_cancel (self->run_cancellable);

  /* What was created is kept: the run ends here. */
  self->failure_text = sentence (text != NULL ? text : error->message);
  if (self->keep_on_failure)
    {
      status = g_strdup_printf ("%s %s", self->failure_text,
                                _("What was created is kept for inspection."));
      set_status (self, status);
      g_free (error->message);
      error->message = g_strdup (status);
      finish_run (self, error);
      return;
    }

  status = g_strdup_printf ("%s %s", self->failure_text, _("Deleting what was created…"));
  set_status (self, status);
  self->failure = error;
  start_rollback (self);
}

/* The run */

/* A request under way ends with G_IO_ERROR_CANCELLED and its callback fails the run; the
 * waits that have none (the pods, a pause between two questions of the health) are
 * ended here. */
static gboolean
on_cancel_idle (gpointer user_data)
{
  OdfeClusterCreation *self = user_data;

  self->cancel_id = 0;
  if (self->phase == PHASE_PODS || (self->phase == PHASE_HEALTH && self->retry_id != 0))
    fail (self, cancelled_error (), NULL);

  return G_SOURCE_REMOVE;
}

static void
on_caller_cancelled (GCancellable *cancellable,
                     gpointer      user_data)
{
  OdfeClusterCreation *self = user_data;

  /* Not from here: the run's end disconnects this handler, which it cannot do from
   * within it. */
  g_cancellable_cancel (self->run_cancellable);
  if (self->cancel_id == 0)
    self->cancel_id = g_idle_add (on_cancel_idle, self);
}

void
odfe_cluster_creation_run_async (OdfeClusterCreation *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ODFE_IS_CLUSTER_CREATION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, odfe_cluster_creation_run_async);
  g_task_set_check_cancellable (task, FALSE);

  if (self->task != NULL || self->phase != PHASE_IDLE || self->failure_text != NULL
      || (self->steps->len > 0 && ((Step *) self->steps->pdata[0])->state != ODFE_STEP_WAITING))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               "A cluster creation runs only once");
      return;
    }

  for (guint i = 0; i < self->steps->len; i++)
    {
      Step *step = self->steps->pdata[i];

      if (step->type == NULL || step->name == NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Searchdeck cannot create %s."),
                                                   step->label);

          set_status (self, text);
          g_task_return_new_error (task, ODFE_ERROR, ODFE_ERROR_INVALID, "%s", text);
          return;
        }
    }

  self->task = g_steal_pointer (&task);
  self->run_cancellable = g_cancellable_new ();
  self->phase = PHASE_CREATING;
  self->current = 0;
  if (cancellable != NULL)
    {
      self->caller_cancellable = g_object_ref (cancellable);
      self->caller_handler = g_cancellable_connect (cancellable,
                                                    G_CALLBACK (on_caller_cancelled),
                                                    self, NULL);
    }

  create_next (self);
}

gboolean
odfe_cluster_creation_run_finish (OdfeClusterCreation  *self,
                                  GAsyncResult         *result,
                                  GError              **error)
{
  g_return_val_if_fail (ODFE_IS_CLUSTER_CREATION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Getters */

guint
odfe_cluster_creation_get_n_objects (OdfeClusterCreation *self)
{
  g_return_val_if_fail (ODFE_IS_CLUSTER_CREATION (self), 0);

  return self->steps->len;
}

const char *
odfe_cluster_creation_get_object_label (OdfeClusterCreation *self,
                                        guint                index)
{
  g_return_val_if_fail (ODFE_IS_CLUSTER_CREATION (self), NULL);
  g_return_val_if_fail (index < self->steps->len, NULL);

  return ((Step *) self->steps->pdata[index])->label;
}

OdfeStepState
odfe_cluster_creation_get_object_state (OdfeClusterCreation *self,
                                        guint                index)
{
  g_return_val_if_fail (ODFE_IS_CLUSTER_CREATION (self), ODFE_STEP_WAITING);
  g_return_val_if_fail (index < self->steps->len, ODFE_STEP_WAITING);

  return ((Step *) self->steps->pdata[index])->state;
}

guint
odfe_cluster_creation_get_n_pods (OdfeClusterCreation *self)
{
  g_return_val_if_fail (ODFE_IS_CLUSTER_CREATION (self), 0);

  return self->pods->len;
}

const char *
odfe_cluster_creation_get_pod_name (OdfeClusterCreation *self,
                                    guint                index)
{
  g_return_val_if_fail (ODFE_IS_CLUSTER_CREATION (self), NULL);
  g_return_val_if_fail (index < self->pods->len, NULL);

  return ((Pod *) self->pods->pdata[index])->name;
}

gboolean
odfe_cluster_creation_get_pod_ready (OdfeClusterCreation *self,
                                     guint                index)
{
  g_return_val_if_fail (ODFE_IS_CLUSTER_CREATION (self), FALSE);
  g_return_val_if_fail (index < self->pods->len, FALSE);

  return ((Pod *) self->pods->pdata[index])->ready;
}

OdfeHealthStatus
odfe_cluster_creation_get_health (OdfeClusterCreation *self)
{
  g_return_val_if_fail (ODFE_IS_CLUSTER_CREATION (self), ODFE_HEALTH_UNKNOWN);

  return self->health;
}

const char *
odfe_cluster_creation_get_status_text (OdfeClusterCreation *self)
{
  g_return_val_if_fail (ODFE_IS_CLUSTER_CREATION (self), NULL);

  return self->status_text;
}

gboolean
odfe_cluster_creation_get_running (OdfeClusterCreation *self)
{
  g_return_val_if_fail (ODFE_IS_CLUSTER_CREATION (self), FALSE);

  return self->task != NULL;
}
