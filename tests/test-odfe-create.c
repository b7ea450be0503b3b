/* test-odfe-create.c: OdfeClusterCreation on the sandbox: a creation to green, and creations
 * that fail midway leaving nothing behind
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sandbox runs a StatefulSet controller (pods Ready after the ready delay, claims made
 * from the claim templates and kept when the StatefulSet goes, as Kubernetes keeps them)
 * and removes a deleted namespace's content.  So a rollback that forgot an object, a claim
 * or the namespace, or deleted someone else's object, is seen here by listing each kind
 * afterwards.
 */

#include "config.h"

#include <string.h>

#include "kube-error.h"
#include "kube-json.h"
#include "odfe-create.h"
#include "odfe-error.h"
#include "odfe-forward.h"
#include "odfe-manifests.h"
#include "odfe-pki.h"
#include "odfe-security.h"
#include "odfe-spec.h"
#include "sandbox-session.h"

#define CLUSTER "search"
#define LABELS "{\"app.kubernetes.io/name\":\"elasticsearch\"," \
               "\"app.kubernetes.io/instance\":\"" CLUSTER "\"," \
               "\"app.kubernetes.io/managed-by\":\"searchdeck\"}"

static const char * const sandbox_args[] = { "--ready-delay", "300", NULL };

/* The API, synchronously */

static JsonNode *
get_object (SandboxSession *session,
            KubeResource    resource,
            const char     *namespace_,
            const char     *name,
            GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  kube_client_get_async (session->kube, kube_resource_type_get (resource), namespace_, name,
                         NULL, sandbox_session_store_result, &result);
  return kube_client_get_finish (session->kube, sandbox_session_wait_result (&result, 30),
                                 error);
}

static gboolean
exists (SandboxSession *session,
        KubeResource    resource,
        const char     *namespace_,
        const char     *name)
{
  g_autoptr(JsonNode) object = NULL;
  g_autoptr(GError) error = NULL;

  object = get_object (session, resource, namespace_, name, &error);
  if (object == NULL)
    g_assert_error (error, KUBE_ERROR, KUBE_ERROR_NOT_FOUND);

  return object != NULL;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The names of @resource's objects in @namespace_, sorted and joined by spaces. */
static char *
list_names (SandboxSession *session,
            KubeResource    resource,
            const char     *namespace_)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(KubeList) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  kube_client_list_async (session->kube, kube_resource_type_get (resource), namespace_, NULL,
                          NULL, sandbox_session_store_result, &result);
  list = kube_client_list_finish (session->kube, sandbox_session_wait_result (&result, 30),
                                  &error);
  g_assert_no_error (error);

  for (guint i = 0; i < list->items->len; i++)
    g_ptr_array_add (names, (gpointer) kube_json_path_string (list->items->pdata[i],
                                                              "metadata", "name", NULL));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (" ", (char **) names->pdata);
}

static void
create_object (SandboxSession *session,
               KubeResource    resource,
               const char     *namespace_,
               const char     *json)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) object = json_from_string (json, NULL);
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (object);
  kube_client_create_async (session->kube, kube_resource_type_get (resource), namespace_,
                            object, NULL, sandbox_session_store_result, &result);
  created = kube_client_object_finish (session->kube, sandbox_session_wait_result (&result, 30),
                                       &error);
  g_assert_no_error (error);
}

/* Objects of a small workload (not a search image: the sandbox runs it as plain pods) */

static JsonNode *
json (const char *format,
      ...) G_GNUC_PRINTF (1, 2);

static JsonNode *
json (const char *format,
      ...)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  node = json_from_string (text, &error);
  g_assert_no_error (error);
  return node;
}

static JsonNode *
namespace_object (const char *name)
{
  return json ("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"%s\","
               "\"labels\":" LABELS "}}", name);
}

static JsonNode *
config_map (const char *name)
{
  return json ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"%s\","
               "\"labels\":" LABELS "},\"data\":{\"a\":\"b\"}}", name);
}

static JsonNode *
secret (const char *name)
{
  return json ("{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"%s\","
               "\"labels\":" LABELS "},\"stringData\":{\"k\":\"v\"}}", name);
}

static JsonNode *
service (const char *name)
{
  return json ("{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"%s\","
               "\"labels\":" LABELS "},\"spec\":{\"selector\":" LABELS ","
               "\"ports\":[{\"name\":\"http\",\"port\":9200}]}}", name);
}

static JsonNode *
budget (const char *name)
{
  return json ("{\"apiVersion\":\"policy/v1\",\"kind\":\"PodDisruptionBudget\","
               "\"metadata\":{\"name\":\"%s\",\"labels\":" LABELS "},"
               "\"spec\":{\"maxUnavailable\":1,\"selector\":{\"matchLabels\":" LABELS "}}}",
               name);
}

/* @never_ready: pods the sandbox never makes Ready ("" for none). */
static JsonNode *
statefulset (const char *name,
             guint       replicas,
             const char *never_ready)
{
  return json ("{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\","
               "\"metadata\":{\"name\":\"%s\",\"labels\":" LABELS ","
               "\"annotations\":{\"sandbox.searchdeck.io/never-ready\":\"%s\"}},"
               "\"spec\":{\"replicas\":%u,\"serviceName\":\"%s\","
               "\"podManagementPolicy\":\"Parallel\","
               "\"selector\":{\"matchLabels\":" LABELS "},"
               "\"template\":{\"metadata\":{\"labels\":" LABELS "},"
               "\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"busybox:1.36\","
               "\"command\":[\"sleep\",\"infinity\"],"
               "\"readinessProbe\":{\"tcpSocket\":{\"port\":9300}}}]}},"
               "\"volumeClaimTemplates\":[{\"metadata\":{\"name\":\"data\"},"
               "\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],"
               "\"resources\":{\"requests\":{\"storage\":\"1Gi\"}}}}]}}",
               name, never_ready, replicas, name);
}

static GPtrArray *
objects_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
}

static OdfeClusterSpec *
spec_for (const char *namespace_,
          gboolean    create_namespace)
{
  OdfeClusterSpec *spec = odfe_cluster_spec_new ();

  g_free (spec->name);
  spec->name = g_strdup (CLUSTER);
  g_free (spec->namespace);
  spec->namespace = g_strdup (namespace_);
  spec->create_namespace = create_namespace;
  spec->admin_password = g_strdup ("not-used-by-these-objects");
  return spec;
}

/* A run, with what it said on the way */

typedef struct
{
  GPtrArray    *statuses;       /* every distinct status text, in order */
  guint         changes;
  guint         cancel_at_ready;  /* cancel once this many pods are Ready (0: never) */
  guint         cancel_at_object; /* cancel once this many objects are done (0: never) */
  GCancellable *cancellable;
} Recorder;

static void
on_changed (OdfeClusterCreation *creation,
            gpointer             user_data)
{
  Recorder *recorder = user_data;
  const char *status = odfe_cluster_creation_get_status_text (creation);
  guint ready = 0;
  guint done = 0;

  recorder->changes++;
  if (recorder->statuses->len == 0
      || g_strcmp0 (g_ptr_array_index (recorder->statuses, recorder->statuses->len - 1),
                    status) != 0)
    g_ptr_array_add (recorder->statuses, g_strdup (status));

  for (guint i = 0; i < odfe_cluster_creation_get_n_pods (creation); i++)
    ready += odfe_cluster_creation_get_pod_ready (creation, i);
  for (guint i = 0; i < odfe_cluster_creation_get_n_objects (creation); i++)
    done += odfe_cluster_creation_get_object_state (creation, i) == ODFE_STEP_DONE;

  if ((recorder->cancel_at_ready > 0 && ready >= recorder->cancel_at_ready)
      || (recorder->cancel_at_object > 0 && done >= recorder->cancel_at_object))
    g_cancellable_cancel (recorder->cancellable);
}

static gboolean
run (OdfeClusterCreation *creation,
     Recorder            *recorder,
     GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gulong handler;
  gboolean ok;

  recorder->statuses = g_ptr_array_new_with_free_func (g_free);
  recorder->cancellable = g_cancellable_new ();
  handler = g_signal_connect (creation, "changed", G_CALLBACK (on_changed), recorder);

  odfe_cluster_creation_run_async (creation, recorder->cancellable,
                                   sandbox_session_store_result, &result);
  g_assert_true (odfe_cluster_creation_get_running (creation));
  ok = odfe_cluster_creation_run_finish (creation, sandbox_session_wait_result (&result, 240),
                                         error);
  g_assert_false (odfe_cluster_creation_get_running (creation));
  g_signal_handler_disconnect (creation, handler);

  for (guint i = 0; i < recorder->statuses->len; i++)
    g_test_message ("status: %s", (char *) recorder->statuses->pdata[i]);

  return ok;
}

static void
recorder_clear (Recorder *recorder)
{
  g_clear_pointer (&recorder->statuses, g_ptr_array_unref);
  g_clear_object (&recorder->cancellable);
}

static gboolean
said (Recorder   *recorder,
      const char *fragment)
{
  for (guint i = 0; i < recorder->statuses->len; i++)
    if (strstr (recorder->statuses->pdata[i], fragment) != NULL)
      return TRUE;

  return FALSE;
}

static void
assert_states (OdfeClusterCreation *creation,
               const OdfeStepState *expected)
{
  for (guint i = 0; i < odfe_cluster_creation_get_n_objects (creation); i++)
    {
      g_test_message ("%s: %d", odfe_cluster_creation_get_object_label (creation, i),
                      odfe_cluster_creation_get_object_state (creation, i));
      g_assert_cmpint (odfe_cluster_creation_get_object_state (creation, i), ==, expected[i]);
    }
}

/* Nothing of the workload is left in @namespace_ (which still exists). */
static void
assert_nothing_left (SandboxSession *session,
                     const char     *namespace_,
                     const char     *config_maps)
{
  static const struct { KubeResource resource; const char *left; } kinds[] = {
    { KUBE_RESOURCE_SECRETS, "" },
    { KUBE_RESOURCE_SERVICES, "" },
    { KUBE_RESOURCE_STATEFULSETS, "" },
    { KUBE_RESOURCE_PODDISRUPTIONBUDGETS, "" },
    { KUBE_RESOURCE_PODS, "" },
    { KUBE_RESOURCE_PERSISTENTVOLUMECLAIMS, "" },
  };
  g_autofree char *maps = list_names (session, KUBE_RESOURCE_CONFIGMAPS, namespace_);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *names = list_names (session, kinds[i].resource, namespace_);

      g_test_message ("%s left: “%s”", kube_resource_type_get (kinds[i].resource)->plural,
                      names);
      g_assert_cmpstr (names, ==, kinds[i].left);
    }
  g_assert_cmpstr (maps, ==, config_maps);
}

/* The cluster's REST endpoint, through a port-forward of our own: who @password is. */
static OdfeAuthInfo *
authinfo (SandboxSession *session,
          const char     *namespace_,
          const char     *ca_pem,
          const char     *password,
          GError        **error)
{
  g_autoptr(GBytes) ca = g_bytes_new (ca_pem, strlen (ca_pem));
  g_autoptr(KubePortForward) forward = NULL;
  g_autoptr(OdfeClient) odfe = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) local_error = NULL;
  OdfeAuthInfo *info;

  odfe = odfe_client_new_forwarded (session->kube, namespace_,
                                    "app.kubernetes.io/instance=" CLUSTER, ca, &forward,
                                    &local_error);
  g_assert_no_error (local_error);
  odfe_client_set_credentials (odfe, "admin", password);
  odfe_client_authinfo_async (odfe, NULL, sandbox_session_store_result, &result);
  info = odfe_client_authinfo_finish (odfe, sandbox_session_wait_result (&result, 60), error);

  g_clear_object (&result);
  g_assert_finalize_object (g_steal_pointer (&odfe));
  for (guint i = 0; i < 5000 && kube_port_forward_get_n_connections (forward) > 0; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  kube_port_forward_close (forward);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (g_steal_pointer (&forward));

  return info;
}

/* The real objects of @spec (which gets a password), with its certificates in @pki. */
static GPtrArray *
real_objects (OdfeClusterSpec  *spec,
              OdfeClusterPki  **pki)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  GPtrArray *objects;

  g_free (spec->admin_password);
  spec->admin_password = odfe_password_generate ();
  *pki = odfe_cluster_pki_generate (spec, &error);
  g_assert_no_error (error);
  hash = odfe_bcrypt_hash (spec->admin_password, &error);
  g_assert_no_error (error);
  objects = odfe_manifests_build (spec, *pki, hash, &error);
  g_assert_no_error (error);

  return objects;
}

static void
set_faults (SandboxSession *session,
            const char     *json)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) body = json_from_string (json, NULL);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  kube_client_request_json_async (session->kube, "POST", "/sandbox/faults", "application/json",
                                  body, NULL, sandbox_session_store_result, &result);
  answer = kube_client_object_finish (session->kube, sandbox_session_wait_result (&result, 30),
                                      &error);
  g_assert_no_error (error);
}

/* Tests */

/* The real thing: the certificates, security files and manifests of a three-node cluster,
 * created in a new namespace and followed to green; then its REST endpoint answers to the
 * admin password, and to no other. */
static void
test_green (void)
{
  SandboxSession *session = sandbox_session_start ("test-odfe-create", sandbox_args);
  g_autoptr(OdfeClusterSpec) spec = NULL;
  g_autoptr(OdfeClusterPki) pki = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(OdfeAuthInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *statefulsets = NULL;
  OdfeClusterCreation *creation;
  Recorder recorder = { 0 };

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  spec = spec_for ("logs", TRUE);
  g_free (spec->admin_password);
  spec->admin_password = odfe_password_generate ();
  pki = odfe_cluster_pki_generate (spec, &error);
  g_assert_no_error (error);
  hash = odfe_bcrypt_hash (spec->admin_password, &error);
  g_assert_no_error (error);
  objects = odfe_manifests_build (spec, pki, hash, &error);
  g_assert_no_error (error);

  creation = odfe_cluster_creation_new (session->kube, spec, objects, pki->ca_cert_pem);
  g_assert_cmpuint (odfe_cluster_creation_get_n_objects (creation), ==, objects->len);
  g_assert_cmpuint (odfe_cluster_creation_get_n_pods (creation), ==, 3);
  for (guint i = 0; i < objects->len; i++)
    {
      g_autofree char *label = odfe_manifest_describe (objects->pdata[i]);

      g_assert_cmpstr (odfe_cluster_creation_get_object_label (creation, i), ==, label);
    }
  g_assert_cmpint (odfe_cluster_creation_get_health (creation), ==, ODFE_HEALTH_UNKNOWN);

  odfe_cluster_creation_set_timeout (creation, 120);
  g_assert_true (run (creation, &recorder, &error));
  g_assert_no_error (error);

  g_assert_cmpint (odfe_cluster_creation_get_health (creation), ==, ODFE_HEALTH_GREEN);
  for (guint i = 0; i < objects->len; i++)
    g_assert_cmpint (odfe_cluster_creation_get_object_state (creation, i), ==, ODFE_STEP_DONE);
  for (guint i = 0; i < 3; i++)
    g_assert_true (odfe_cluster_creation_get_pod_ready (creation, i));
  g_assert_cmpstr (odfe_cluster_creation_get_status_text (creation), ==,
                   "The search cluster “" CLUSTER "” is ready: its health is green.");
  g_assert_true (said (&recorder, "Creating StatefulSet elasticsearch…"));
  g_assert_true (said (&recorder, "Waiting for the pods to be Ready (0 of 3)…"));
  g_assert_true (said (&recorder, "Waiting for the cluster to turn green"));
  g_assert_cmpuint (recorder.changes, >=, 2 * objects->len + 3 + 1);

  statefulsets = list_names (session, KUBE_RESOURCE_STATEFULSETS, "logs");
  g_assert_cmpstr (statefulsets, ==, "elasticsearch");

  /* The REST endpoint answers to the admin password… */
  info = authinfo (session, "logs", pki->ca_cert_pem, spec->admin_password, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->user_name, ==, "admin");

  /* … and to no other. */
  g_clear_pointer (&info, odfe_auth_info_free);
  info = authinfo (session, "logs", pki->ca_cert_pem, "not the password", &error);
  g_assert_null (info);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_UNAUTHORIZED);

  recorder_clear (&recorder);
  g_assert_finalize_object (creation);
  sandbox_session_stop (session);
}


/* A refusal midway in a namespace created by the run: the namespace goes, with everything
 * the run made in it (the StatefulSet's pods and claims too). */
static void
test_refused_new_namespace (void)
{
  SandboxSession *session = sandbox_session_start ("test-odfe-create", sandbox_args);
  g_autoptr(OdfeClusterSpec) spec = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GError) error = NULL;
  OdfeClusterCreation *creation;
  Recorder recorder = { 0 };
  const OdfeStepState expected[] = {
    ODFE_STEP_ROLLED_BACK, ODFE_STEP_ROLLED_BACK, ODFE_STEP_ROLLED_BACK,
    ODFE_STEP_ROLLED_BACK, ODFE_STEP_FAILED, ODFE_STEP_WAITING,
  };

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  spec = spec_for ("made-here", TRUE);
  objects = objects_new ();
  g_ptr_array_add (objects, namespace_object ("made-here"));
  g_ptr_array_add (objects, secret ("elasticsearch-tls"));
  g_ptr_array_add (objects, config_map ("elasticsearch-config"));
  g_ptr_array_add (objects, statefulset ("elasticsearch", 3, ""));
  /* The same name again: the server refuses it. */
  g_ptr_array_add (objects, config_map ("elasticsearch-config"));
  g_ptr_array_add (objects, service ("elasticsearch"));

  creation = odfe_cluster_creation_new (session->kube, spec, objects, "not a certificate");
  g_assert_cmpuint (odfe_cluster_creation_get_n_objects (creation), ==, 6);
  g_assert_cmpstr (odfe_cluster_creation_get_object_label (creation, 0), ==,
                   "Namespace made-here");
  g_assert_cmpstr (odfe_cluster_creation_get_object_label (creation, 3), ==,
                   "StatefulSet elasticsearch");
  g_assert_cmpuint (odfe_cluster_creation_get_n_pods (creation), ==, 3);
  g_assert_cmpstr (odfe_cluster_creation_get_pod_name (creation, 2), ==, "elasticsearch-2");
  g_assert_cmpstr (odfe_cluster_creation_get_status_text (creation), ==,
                   "Ready to create 6 objects.");

  g_assert_false (run (creation, &recorder, &error));
  g_test_message ("error: %s", error->message);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_ALREADY_EXISTS);
  /* The step, the server's own message, and the outcome. */
  g_assert_true (g_str_has_prefix (error->message,
                                   "Could not create ConfigMap elasticsearch-config: "));
  g_assert_nonnull (strstr (error->message, "already exists"));
  g_assert_true (g_str_has_suffix (error->message, " Everything created was deleted."));
  g_assert_cmpstr (odfe_cluster_creation_get_status_text (creation), ==, error->message);
  g_assert_true (said (&recorder, "Creating StatefulSet elasticsearch…"));
  g_assert_true (said (&recorder, "Deleting what was created…"));
  assert_states (creation, expected);

  g_assert_false (exists (session, KUBE_RESOURCE_NAMESPACES, NULL, "made-here"));

  recorder_clear (&recorder);
  g_assert_finalize_object (creation);
  sandbox_session_stop (session);
}

/* A refusal midway in a namespace that was there before: each object the run made is
 * deleted, the StatefulSet's claims too, and what was there before stays. */
static void
test_refused_existing_namespace (void)
{
  SandboxSession *session = sandbox_session_start ("test-odfe-create", sandbox_args);
  g_autoptr(OdfeClusterSpec) spec = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GError) error = NULL;
  OdfeClusterCreation *creation;
  Recorder recorder = { 0 };
  const OdfeStepState expected[] = {
    ODFE_STEP_ROLLED_BACK, ODFE_STEP_ROLLED_BACK, ODFE_STEP_ROLLED_BACK,
    ODFE_STEP_ROLLED_BACK, ODFE_STEP_FAILED,
  };

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  create_object (session, KUBE_RESOURCE_NAMESPACES, NULL,
                 "{\"metadata\":{\"name\":\"team\"}}");
  /* Someone else's, of a name the cluster needs. */
  create_object (session, KUBE_RESOURCE_CONFIGMAPS, "team",
                 "{\"metadata\":{\"name\":\"elasticsearch-config\"},\"data\":{\"x\":\"y\"}}");

  spec = spec_for ("team", FALSE);
  objects = objects_new ();
  g_ptr_array_add (objects, secret ("elasticsearch-tls"));
  g_ptr_array_add (objects, service ("elasticsearch"));
  g_ptr_array_add (objects, statefulset ("elasticsearch", 3, ""));
  g_ptr_array_add (objects, budget ("elasticsearch"));
  g_ptr_array_add (objects, config_map ("elasticsearch-config"));

  creation = odfe_cluster_creation_new (session->kube, spec, objects, "not a certificate");
  g_assert_false (run (creation, &recorder, &error));
  g_test_message ("error: %s", error->message);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_ALREADY_EXISTS);
  g_assert_true (g_str_has_suffix (error->message, " Everything created was deleted."));
  assert_states (creation, expected);

  g_assert_true (exists (session, KUBE_RESOURCE_NAMESPACES, NULL, "team"));
  assert_nothing_left (session, "team", "elasticsearch-config");

  recorder_clear (&recorder);
  g_assert_finalize_object (creation);
  sandbox_session_stop (session);
}

/* With keep-on-failure, what was made stays for inspection. */
static void
test_keep_on_failure (void)
{
  SandboxSession *session = sandbox_session_start ("test-odfe-create", sandbox_args);
  g_autoptr(OdfeClusterSpec) spec = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secrets = NULL;
  g_autofree char *sets = NULL;
  OdfeClusterCreation *creation;
  Recorder recorder = { 0 };
  const OdfeStepState expected[] = {
    ODFE_STEP_DONE, ODFE_STEP_DONE, ODFE_STEP_DONE, ODFE_STEP_FAILED,
  };

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  spec = spec_for ("kept", TRUE);
  objects = objects_new ();
  g_ptr_array_add (objects, namespace_object ("kept"));
  g_ptr_array_add (objects, secret ("elasticsearch-tls"));
  g_ptr_array_add (objects, statefulset ("elasticsearch", 1, ""));
  g_ptr_array_add (objects, secret ("elasticsearch-tls"));

  creation = odfe_cluster_creation_new (session->kube, spec, objects, "not a certificate");
  odfe_cluster_creation_set_keep_on_failure (creation, TRUE);
  g_assert_false (run (creation, &recorder, &error));
  g_test_message ("error: %s", error->message);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_ALREADY_EXISTS);
  g_assert_true (g_str_has_suffix (error->message,
                                   " What was created is kept for inspection."));
  assert_states (creation, expected);

  g_assert_true (exists (session, KUBE_RESOURCE_NAMESPACES, NULL, "kept"));
  secrets = list_names (session, KUBE_RESOURCE_SECRETS, "kept");
  sets = list_names (session, KUBE_RESOURCE_STATEFULSETS, "kept");
  g_assert_cmpstr (secrets, ==, "elasticsearch-tls");
  g_assert_cmpstr (sets, ==, "elasticsearch");

  recorder_clear (&recorder);
  g_assert_finalize_object (creation);
  sandbox_session_stop (session);
}

/* A pod that is never Ready: the run stops at its deadline, says which pod, and deletes
 * everything, the claims of all three pods included. */
static void
test_never_ready (void)
{
  SandboxSession *session = sandbox_session_start ("test-odfe-create", sandbox_args);
  g_autoptr(OdfeClusterSpec) spec = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GError) error = NULL;
  OdfeClusterCreation *creation;
  Recorder recorder = { 0 };
  const OdfeStepState expected[] = {
    ODFE_STEP_ROLLED_BACK, ODFE_STEP_ROLLED_BACK, ODFE_STEP_ROLLED_BACK,
    ODFE_STEP_ROLLED_BACK,
  };

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  create_object (session, KUBE_RESOURCE_NAMESPACES, NULL,
                 "{\"metadata\":{\"name\":\"slow\"}}");

  spec = spec_for ("slow", FALSE);
  objects = objects_new ();
  g_ptr_array_add (objects, secret ("elasticsearch-tls"));
  g_ptr_array_add (objects, service ("elasticsearch-discovery"));
  g_ptr_array_add (objects, statefulset ("elasticsearch", 3, "elasticsearch-2"));
  g_ptr_array_add (objects, budget ("elasticsearch"));

  creation = odfe_cluster_creation_new (session->kube, spec, objects, "not a certificate");
  odfe_cluster_creation_set_timeout (creation, 3);
  g_assert_false (run (creation, &recorder, &error));
  g_test_message ("error: %s", error->message);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_TIMEOUT);
  /* The pod's state, and why: its latest Warning Event. */
  g_assert_true (g_str_has_prefix (error->message, "The pods were not Ready within 3 seconds: "
                                                   "elasticsearch-2 (Running, Readiness probe "
                                                   "failed: dial tcp "));
  g_assert_nonnull (strstr (error->message, ":9300: connect: connection refused)."));
  g_assert_true (g_str_has_suffix (error->message, " Everything created was deleted."));
  g_assert_true (said (&recorder, "Waiting for the pods to be Ready (2 of 3)…"));
  g_assert_true (odfe_cluster_creation_get_pod_ready (creation, 1));
  g_assert_false (odfe_cluster_creation_get_pod_ready (creation, 2));
  assert_states (creation, expected);

  assert_nothing_left (session, "slow", "");

  recorder_clear (&recorder);
  g_assert_finalize_object (creation);
  sandbox_session_stop (session);
}

/* Cancelled while the objects are created, and while the pods start: both roll back. */
static void
test_cancel (void)
{
  SandboxSession *session = sandbox_session_start ("test-odfe-create", sandbox_args);
  g_autoptr(OdfeClusterSpec) spec = NULL;
  g_autoptr(GError) error = NULL;

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  create_object (session, KUBE_RESOURCE_NAMESPACES, NULL,
                 "{\"metadata\":{\"name\":\"stopped\"}}");
  spec = spec_for ("stopped", FALSE);

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GPtrArray) objects = objects_new ();
      OdfeClusterCreation *creation;
      Recorder recorder = { 0 };

      g_ptr_array_add (objects, secret ("elasticsearch-tls"));
      g_ptr_array_add (objects, config_map ("elasticsearch-config"));
      g_ptr_array_add (objects, statefulset ("elasticsearch", 3, ""));
      g_ptr_array_add (objects, service ("elasticsearch"));

      creation = odfe_cluster_creation_new (session->kube, spec, objects, "not a certificate");
      if (round == 0)
        recorder.cancel_at_object = 2;
      else
        recorder.cancel_at_ready = 1;

      g_assert_false (run (creation, &recorder, &error));
      g_test_message ("error: %s", error->message);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_cmpstr (error->message, ==,
                       "The creation was cancelled. Everything created was deleted.");
      if (round == 1)
        g_assert_true (said (&recorder, "Waiting for the pods to be Ready"));
      for (guint i = 0; i < odfe_cluster_creation_get_n_objects (creation); i++)
        g_assert_cmpint (odfe_cluster_creation_get_object_state (creation, i), !=,
                         ODFE_STEP_DONE);
      g_clear_error (&error);

      assert_nothing_left (session, "stopped", "");

      recorder_clear (&recorder);
      g_assert_finalize_object (creation);
    }

  sandbox_session_stop (session);
}

/* The pods come up, but the cluster cannot be reached as the creation was told: a password
 * it refuses, a CA that did not sign its certificate.  Each fails at the health step, says
 * why, and rolls back. */
static void
test_unreachable (void)
{
  SandboxSession *session = sandbox_session_start ("test-odfe-create", sandbox_args);
  g_autoptr(OdfeClusterSpec) spec = NULL;
  g_autoptr(OdfeClusterSpec) other = NULL;
  g_autoptr(OdfeClusterPki) pki = NULL;
  g_autoptr(OdfeClusterPki) other_pki = NULL;
  g_autoptr(GError) error = NULL;

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  other = spec_for ("elsewhere", TRUE);
  other_pki = odfe_cluster_pki_generate (other, &error);
  g_assert_no_error (error);

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GPtrArray) objects = NULL;
      g_autoptr(OdfeClusterPki) own = NULL;
      OdfeClusterCreation *creation;
      Recorder recorder = { 0 };

      g_clear_pointer (&spec, odfe_cluster_spec_free);
      spec = spec_for ("unreachable", TRUE);
      objects = real_objects (spec, &own);
      if (round == 0)
        {
          g_free (spec->admin_password);
          spec->admin_password = g_strdup ("not the one hashed");
        }

      creation = odfe_cluster_creation_new (session->kube, spec, objects,
                                            round == 0 ? own->ca_cert_pem
                                                       : other_pki->ca_cert_pem);
      odfe_cluster_creation_set_timeout (creation, 60);
      g_assert_false (run (creation, &recorder, &error));
      g_test_message ("error: %s", error->message);
      g_assert_true (said (&recorder, "Waiting for the cluster to turn green…"));
      g_assert_true (g_str_has_suffix (error->message, " Everything created was deleted."));
      if (round == 0)
        {
          g_assert_error (error, ODFE_ERROR, ODFE_ERROR_UNAUTHORIZED);
          g_assert_true (g_str_has_prefix (error->message, "The cluster refused the admin "
                                                           "password: "));
        }
      else
        {
          g_assert_error (error, ODFE_ERROR, ODFE_ERROR_TLS);
          g_assert_true (g_str_has_prefix (error->message, "Could not reach the cluster: "));
        }
      for (guint i = 0; i < 3; i++)
        g_assert_true (odfe_cluster_creation_get_pod_ready (creation, i));
      g_assert_false (exists (session, KUBE_RESOURCE_NAMESPACES, NULL, "unreachable"));
      g_clear_error (&error);

      recorder_clear (&recorder);
      g_assert_finalize_object (creation);
    }

  sandbox_session_stop (session);
}

/* A StorageClass that does not exist: the claims stay Pending, so do the pods; at the deadline
 * the creation says so, with the scheduler's reason, and rolls back, claims included. */
static void
test_no_storage (void)
{
  SandboxSession *session = sandbox_session_start ("test-odfe-create", sandbox_args);
  g_autoptr(OdfeClusterSpec) spec = NULL;
  g_autoptr(OdfeClusterPki) pki = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GError) error = NULL;
  OdfeClusterCreation *creation;
  Recorder recorder = { 0 };

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  create_object (session, KUBE_RESOURCE_NAMESPACES, NULL,
                 "{\"metadata\":{\"name\":\"nostorage\"}}");
  spec = spec_for ("nostorage", FALSE);
  spec->storage_class = g_strdup ("missing");
  objects = real_objects (spec, &pki);

  creation = odfe_cluster_creation_new (session->kube, spec, objects, pki->ca_cert_pem);
  odfe_cluster_creation_set_timeout (creation, 4);
  g_assert_false (run (creation, &recorder, &error));
  g_test_message ("error: %s", error->message);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_TIMEOUT);
  /* The three pods together, as they wait for the same reason. */
  g_assert_true (g_str_has_prefix (error->message, "The pods were not Ready within 4 seconds: "
                                                   "elasticsearch-0, elasticsearch-1, "
                                                   "elasticsearch-2 (Pending, "));
  g_assert_null (strstr (error->message, ";"));
  g_assert_true (g_str_has_suffix (error->message, " Everything created was deleted."));
  assert_nothing_left (session, "nostorage", "");

  recorder_clear (&recorder);
  g_assert_finalize_object (creation);
  sandbox_session_stop (session);
}

/* Dedicated masters: two StatefulSets, six pods awaited, masters last, one cluster. */
static void
test_dedicated_masters (void)
{
  SandboxSession *session = sandbox_session_start ("test-odfe-create", sandbox_args);
  g_autoptr(OdfeClusterSpec) spec = NULL;
  g_autoptr(OdfeClusterPki) pki = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GError) error = NULL;
  OdfeClusterCreation *creation;
  Recorder recorder = { 0 };
  const char * const pods[] = {
    "elasticsearch-0", "elasticsearch-1", "elasticsearch-2",
    "elasticsearch-master-0", "elasticsearch-master-1", "elasticsearch-master-2",
  };

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  spec = spec_for ("masters", TRUE);
  spec->roles = ODFE_ROLES_DEDICATED_MASTERS;
  spec->master_count = 3;
  objects = real_objects (spec, &pki);

  creation = odfe_cluster_creation_new (session->kube, spec, objects, pki->ca_cert_pem);
  g_assert_cmpuint (odfe_cluster_creation_get_n_pods (creation), ==, G_N_ELEMENTS (pods));
  for (guint i = 0; i < G_N_ELEMENTS (pods); i++)
    g_assert_cmpstr (odfe_cluster_creation_get_pod_name (creation, i), ==, pods[i]);

  odfe_cluster_creation_set_timeout (creation, 120);
  g_assert_true (run (creation, &recorder, &error));
  g_assert_no_error (error);
  g_assert_cmpint (odfe_cluster_creation_get_health (creation), ==, ODFE_HEALTH_GREEN);
  for (guint i = 0; i < G_N_ELEMENTS (pods); i++)
    g_assert_true (odfe_cluster_creation_get_pod_ready (creation, i));

  recorder_clear (&recorder);
  g_assert_finalize_object (creation);
  sandbox_session_stop (session);
}

/* A create the user may not do: the authorizer's refusal, and the namespace made before it
 * deleted. */
static void
test_denied (void)
{
  SandboxSession *session = sandbox_session_start ("test-odfe-create", sandbox_args);
  g_autoptr(OdfeClusterSpec) spec = NULL;
  g_autoptr(OdfeClusterPki) pki = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GError) error = NULL;
  OdfeClusterCreation *creation;
  Recorder recorder = { 0 };
  guint n;

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  set_faults (session, "{\"deny\":[\"create:statefulsets.apps\"]}");
  spec = spec_for ("refused", TRUE);
  objects = real_objects (spec, &pki);
  n = objects->len;

  creation = odfe_cluster_creation_new (session->kube, spec, objects, pki->ca_cert_pem);
  g_assert_false (run (creation, &recorder, &error));
  g_test_message ("error: %s", error->message);
  g_assert_error (error, KUBE_ERROR, KUBE_ERROR_FORBIDDEN);
  /* The step, then the server's own message. */
  g_assert_true (g_str_has_prefix (error->message,
                                   "Could not create StatefulSet elasticsearch: statefulsets"));
  g_assert_nonnull (strstr (error->message, " is forbidden: User "));
  g_assert_nonnull (strstr (error->message, "cannot create resource \"statefulsets\" in API "
                                            "group \"apps\" in the namespace \"refused\""));
  g_assert_true (g_str_has_suffix (error->message, " Everything created was deleted."));
  g_assert_cmpint (odfe_cluster_creation_get_object_state (creation, n - 1), ==,
                   ODFE_STEP_FAILED);
  for (guint i = 0; i + 1 < n; i++)
    g_assert_cmpint (odfe_cluster_creation_get_object_state (creation, i), ==,
                     ODFE_STEP_ROLLED_BACK);
  g_assert_false (exists (session, KUBE_RESOURCE_NAMESPACES, NULL, "refused"));

  recorder_clear (&recorder);
  g_assert_finalize_object (creation);
  sandbox_session_stop (session);
}

/* The privileged variant in a namespace that enforces baseline: admission refuses every pod,
 * which the creation says at once, from the StatefulSet's Events; nothing is left. */
static void
test_pod_security_refused (void)
{
  SandboxSession *session = sandbox_session_start ("test-odfe-create", sandbox_args);
  g_autoptr(OdfeClusterSpec) spec = NULL;
  g_autoptr(OdfeClusterPki) pki = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GError) error = NULL;
  OdfeClusterCreation *creation;
  Recorder recorder = { 0 };
  gint64 started;

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  create_object (session, KUBE_RESOURCE_NAMESPACES, NULL,
                 "{\"metadata\":{\"name\":\"guarded\",\"labels\":"
                 "{\"pod-security.kubernetes.io/enforce\":\"baseline\"}}}");
  spec = spec_for ("guarded", FALSE);
  objects = real_objects (spec, &pki);

  creation = odfe_cluster_creation_new (session->kube, spec, objects, pki->ca_cert_pem);
  started = g_get_monotonic_time ();
  g_assert_false (run (creation, &recorder, &error));
  g_test_message ("error: %s", error->message);
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_FORBIDDEN);
  /* The StatefulSet controller's warning, as it words it. */
  g_assert_true (g_str_has_prefix (error->message, "The pods cannot be created: "));
  g_assert_nonnull (strstr (error->message, "pods \"elasticsearch-0\" is forbidden: violates "
                                            "PodSecurity \"baseline:latest\""));
  g_assert_nonnull (strstr (error->message, "init-sysctl"));
  g_assert_true (g_str_has_suffix (error->message, " Everything created was deleted."));
  /* Well before the default ten minutes. */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 60 * G_USEC_PER_SEC);

  g_assert_true (exists (session, KUBE_RESOURCE_NAMESPACES, NULL, "guarded"));
  assert_nothing_left (session, "guarded", "");

  recorder_clear (&recorder);
  g_assert_finalize_object (creation);
  sandbox_session_stop (session);
}

/* An object of a kind the kube layer does not know: refused before anything is made. */
static void
test_unknown_kind (void)
{
  SandboxSession *session = sandbox_session_start ("test-odfe-create", sandbox_args);
  g_autoptr(OdfeClusterSpec) spec = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  OdfeClusterCreation *creation;

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  spec = spec_for ("default", FALSE);
  objects = objects_new ();
  g_ptr_array_add (objects, secret ("elasticsearch-tls"));
  g_ptr_array_add (objects, json ("{\"apiVersion\":\"apps/v1beta1\",\"kind\":\"StatefulSet\","
                                  "\"metadata\":{\"name\":\"old\"}}"));

  creation = odfe_cluster_creation_new (session->kube, spec, objects, "not a certificate");
  odfe_cluster_creation_run_async (creation, NULL, sandbox_session_store_result, &result);
  g_assert_false (odfe_cluster_creation_run_finish (creation,
                                                    sandbox_session_wait_result (&result, 30),
                                                    &error));
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Searchdeck cannot create StatefulSet old.");
  g_assert_false (exists (session, KUBE_RESOURCE_SECRETS, "default", "elasticsearch-tls"));

  g_clear_object (&result);
  g_assert_finalize_object (creation);
  sandbox_session_stop (session);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/odfe/create/green", test_green);
  g_test_add_func ("/odfe/create/refused-new-namespace", test_refused_new_namespace);
  g_test_add_func ("/odfe/create/refused-existing-namespace", test_refused_existing_namespace);
  g_test_add_func ("/odfe/create/keep-on-failure", test_keep_on_failure);
  g_test_add_func ("/odfe/create/never-ready", test_never_ready);
  g_test_add_func ("/odfe/create/cancel", test_cancel);
  g_test_add_func ("/odfe/create/dedicated-masters", test_dedicated_masters);
  g_test_add_func ("/odfe/create/unreachable", test_unreachable);
  g_test_add_func ("/odfe/create/no-storage", test_no_storage);
  g_test_add_func ("/odfe/create/denied", test_denied);
  g_test_add_func ("/odfe/create/pod-security-refused", test_pod_security_refused);
  g_test_add_func ("/odfe/create/unknown-kind", test_unknown_kind);

  return g_test_run ();
}
