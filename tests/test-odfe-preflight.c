/* test-odfe-preflight.c: OdfePreflight's checks against the sandbox's cluster
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sandbox has three Ready nodes of 3800m CPU and 15266816Ki of memory allocatable, a
 * default StorageClass "standard", and the demo cluster in namespace "demo" (three pods
 * requesting 500m and 2Gi each, one per node).  Each test changes the spec or the cluster
 * so that one check fails, and looks at that check's state and sentence.
 */

#include "config.h"

#include <string.h>

#include "kube-error.h"
#include "odfe-error.h"
#include "odfe-manifests.h"
#include "odfe-pki.h"
#include "odfe-preflight.h"
#include "sandbox-session.h"

#define GiB (G_GUINT64_CONSTANT (1) << 30)
/* g_format_size () puts a no-break space before the unit. */
#define NBSP "\xc2\xa0"

static const char * const sandbox_args[] = { "--ready-delay", "300", NULL };

typedef struct
{
  guint changes[ODFE_PREFLIGHT_N_CHECKS];
  guint running[ODFE_PREFLIGHT_N_CHECKS];
} Recorder;

static void
on_check_changed (OdfePreflight *preflight,
                  guint          index,
                  gpointer       user_data)
{
  Recorder *recorder = user_data;

  g_assert_cmpuint (index, <, ODFE_PREFLIGHT_N_CHECKS);
  recorder->changes[index]++;
  recorder->running[index] += odfe_preflight_get_check_state (preflight, index)
                              == ODFE_CHECK_RUNNING;
}

static void
show (OdfePreflight *preflight)
{
  static const char * const words[] = { "pending", "running", "passed", "warning", "failed" };

  for (guint i = 0; i < odfe_preflight_get_n_checks (preflight); i++)
    g_test_message ("%s: %s: %s", odfe_preflight_get_check_title (preflight, i),
                    words[odfe_preflight_get_check_state (preflight, i)],
                    odfe_preflight_get_check_detail (preflight, i));
}

/* Runs the checks of @spec; TRUE when none failed. */
static gboolean
run_checks (SandboxSession        *session,
            const OdfeClusterSpec *spec,
            OdfePreflight        **out,
            GError               **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  OdfePreflight *preflight = odfe_preflight_new (session->kube, spec);
  Recorder recorder = { { 0 } };
  gboolean ok;

  g_assert_cmpuint (odfe_preflight_get_n_checks (preflight), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpint (odfe_preflight_get_check_state (preflight, i), ==, ODFE_CHECK_PENDING);
      g_assert_null (odfe_preflight_get_check_detail (preflight, i));
    }

  g_signal_connect (preflight, "check-changed", G_CALLBACK (on_check_changed), &recorder);
  odfe_preflight_run_async (preflight, NULL, sandbox_session_store_result, &result);
  ok = odfe_preflight_run_finish (preflight, sandbox_session_wait_result (&result, 60), error);
  show (preflight);

  /* Each check ran, and ended with a sentence. */
  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpuint (recorder.running[i], ==, 1);
      g_assert_cmpuint (recorder.changes[i], ==, 2);
      g_assert_cmpint (odfe_preflight_get_check_state (preflight, i), >=, ODFE_CHECK_PASSED);
      g_assert_nonnull (odfe_preflight_get_check_detail (preflight, i));
    }
  g_signal_handlers_disconnect_by_data (preflight, &recorder);

  *out = preflight;
  return ok;
}

static void
assert_check (OdfePreflight  *preflight,
              guint           index,
              OdfeCheckState  state,
              const char     *fragment)
{
  const char *detail = odfe_preflight_get_check_detail (preflight, index);

  g_assert_cmpint (odfe_preflight_get_check_state (preflight, index), ==, state);
  if (fragment != NULL && strstr (detail, fragment) == NULL)
    g_error ("“%s” does not say “%s”", detail, fragment);
}

static OdfeClusterSpec *
spec_for (const char *namespace_,
          gboolean    create_namespace)
{
  OdfeClusterSpec *spec = odfe_cluster_spec_new ();

  g_free (spec->namespace);
  spec->namespace = g_strdup (namespace_);
  spec->create_namespace = create_namespace;
  return spec;
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

static void
patch_object (SandboxSession *session,
              KubeResource    resource,
              const char     *namespace_,
              const char     *name,
              const char     *json)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) patch = json_from_string (json, NULL);
  g_autoptr(JsonNode) patched = NULL;
  g_autoptr(GError) error = NULL;

  kube_client_patch_async (session->kube, kube_resource_type_get (resource), namespace_, name,
                           KUBE_PATCH_MERGE, patch, NULL, sandbox_session_store_result,
                           &result);
  patched = kube_client_object_finish (session->kube, sandbox_session_wait_result (&result, 30),
                                       &error);
  g_assert_no_error (error);
}

static void
delete_object (SandboxSession *session,
               KubeResource    resource,
               const char     *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) deleted = NULL;
  g_autoptr(GError) error = NULL;

  kube_client_delete_async (session->kube, kube_resource_type_get (resource), NULL, name,
                            NULL, NULL, sandbox_session_store_result, &result);
  deleted = kube_client_object_finish (session->kube, sandbox_session_wait_result (&result, 30),
                                       &error);
  g_assert_no_error (error);
}

/* The sandbox's fault switches; FALSE when it refuses @json. */
static gboolean
set_faults (SandboxSession *session,
            const char     *json,
            GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) body = json_from_string (json, NULL);
  g_autoptr(JsonNode) answer = NULL;

  kube_client_request_json_async (session->kube, "POST", "/sandbox/faults", "application/json",
                                  body, NULL, sandbox_session_store_result, &result);
  answer = kube_client_object_finish (session->kube, sandbox_session_wait_result (&result, 30),
                                      error);
  return answer != NULL;
}

/* Tests */

static void
test_all_pass (void)
{
  SandboxSession *session = sandbox_session_start ("test-odfe-preflight", sandbox_args);
  g_autoptr(OdfeClusterSpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  OdfePreflight *preflight = NULL;

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  spec = spec_for ("search", TRUE);
  g_assert_true (run_checks (session, spec, &preflight, &error));
  g_assert_no_error (error);
  assert_check (preflight, ODFE_PREFLIGHT_PERMISSIONS, ODFE_CHECK_PASSED,
                "You may create every object the cluster needs in “search”");
  assert_check (preflight, ODFE_PREFLIGHT_NAMESPACE, ODFE_CHECK_PASSED,
                "The namespace “search” will be created.");
  assert_check (preflight, ODFE_PREFLIGHT_POD_SECURITY, ODFE_CHECK_PASSED,
                "The new namespace “search” is created with the “privileged” Pod Security "
                "level, which admits the init container that sets vm.max_map_count.");
  assert_check (preflight, ODFE_PREFLIGHT_STORAGE, ODFE_CHECK_PASSED,
                "The cluster’s default StorageClass, “standard”, provides the volumes "
                "(provisioner rancher.io/local-path).");
  assert_check (preflight, ODFE_PREFLIGHT_CAPACITY, ODFE_CHECK_PASSED,
                "The nodes have room for the 3 pods of 1 CPU and 2.0" NBSP "GiB of memory each.");
  g_assert_cmpstr (odfe_preflight_get_check_title (preflight, ODFE_PREFLIGHT_STORAGE), ==,
                   "Storage");

  /* It runs again, with the same outcome. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    odfe_preflight_run_async (preflight, NULL, sandbox_session_store_result, &result);
    g_assert_true (odfe_preflight_run_finish (preflight,
                                              sandbox_session_wait_result (&result, 60),
                                              &error));
    g_assert_no_error (error);
  }

  g_assert_finalize_object (preflight);
  sandbox_session_stop (session);
}

static void
test_namespace (void)
{
  /* A deleted namespace's pod keeps it Terminating for the whole test. */
  const char * const args[] = { "--ready-delay", "300", "--delete-delay", "60000", NULL };
  SandboxSession *session = sandbox_session_start ("test-odfe-preflight", args);
  g_autoptr(OdfeClusterSpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  OdfePreflight *preflight = NULL;

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  /* "demo" holds the demo cluster. */
  spec = spec_for ("demo", FALSE);
  g_assert_false (run_checks (session, spec, &preflight, &error));
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "The cluster cannot be created as it is: Namespace "
                                       "failed.");
  assert_check (preflight, ODFE_PREFLIGHT_NAMESPACE, ODFE_CHECK_FAILED,
                "“demo” already holds the search cluster “demo”.");
  assert_check (preflight, ODFE_PREFLIGHT_PERMISSIONS, ODFE_CHECK_PASSED, NULL);
  g_clear_error (&error);
  g_assert_finalize_object (preflight);

  /* A new namespace of a name taken. */
  spec->create_namespace = TRUE;
  g_assert_false (run_checks (session, spec, &preflight, &error));
  assert_check (preflight, ODFE_PREFLIGHT_NAMESPACE, ODFE_CHECK_FAILED,
                "A namespace “demo” exists already.");
  g_clear_error (&error);
  g_assert_finalize_object (preflight);

  /* A new namespace of the name of one being deleted. */
  create_object (session, KUBE_RESOURCE_NAMESPACES, NULL,
                 "{\"metadata\":{\"name\":\"leaving\"}}");
  create_object (session, KUBE_RESOURCE_PODS, "leaving",
                 "{\"metadata\":{\"name\":\"p\"},"
                 "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}");
  delete_object (session, KUBE_RESOURCE_NAMESPACES, "leaving");
  g_free (spec->namespace);
  spec->namespace = g_strdup ("leaving");
  g_assert_false (run_checks (session, spec, &preflight, &error));
  assert_check (preflight, ODFE_PREFLIGHT_NAMESPACE, ODFE_CHECK_FAILED,
                "A namespace “leaving” is being deleted. Wait until it is gone");
  g_clear_error (&error);
  g_assert_finalize_object (preflight);

  /* An existing namespace that is not there. */
  g_free (spec->namespace);
  spec->namespace = g_strdup ("nowhere");
  spec->create_namespace = FALSE;
  g_assert_false (run_checks (session, spec, &preflight, &error));
  assert_check (preflight, ODFE_PREFLIGHT_NAMESPACE, ODFE_CHECK_FAILED,
                "There is no namespace “nowhere”.");
  assert_check (preflight, ODFE_PREFLIGHT_POD_SECURITY, ODFE_CHECK_WARNING, NULL);
  g_clear_error (&error);
  g_assert_finalize_object (preflight);

  /* One holding objects of the names a cluster takes, and one holding something else. */
  create_object (session, KUBE_RESOURCE_NAMESPACES, NULL, "{\"metadata\":{\"name\":\"busy\"}}");
  create_object (session, KUBE_RESOURCE_SECRETS, "busy",
                 "{\"metadata\":{\"name\":\"elasticsearch-tls\"},\"data\":{}}");
  create_object (session, KUBE_RESOURCE_SERVICES, "busy",
                 "{\"metadata\":{\"name\":\"elasticsearch\"},"
                 "\"spec\":{\"ports\":[{\"port\":80}]}}");
  create_object (session, KUBE_RESOURCE_NAMESPACES, NULL, "{\"metadata\":{\"name\":\"quiet\"}}");
  create_object (session, KUBE_RESOURCE_CONFIGMAPS, "quiet",
                 "{\"metadata\":{\"name\":\"settings\"},\"data\":{}}");

  g_free (spec->namespace);
  spec->namespace = g_strdup ("busy");
  g_assert_false (run_checks (session, spec, &preflight, &error));
  assert_check (preflight, ODFE_PREFLIGHT_NAMESPACE, ODFE_CHECK_FAILED,
                "“busy” already has ");
  assert_check (preflight, ODFE_PREFLIGHT_NAMESPACE, ODFE_CHECK_FAILED,
                "Secret elasticsearch-tls");
  assert_check (preflight, ODFE_PREFLIGHT_NAMESPACE, ODFE_CHECK_FAILED,
                "Service elasticsearch");
  g_clear_error (&error);
  g_assert_finalize_object (preflight);

  g_free (spec->namespace);
  spec->namespace = g_strdup ("quiet");
  g_assert_true (run_checks (session, spec, &preflight, &error));
  g_assert_no_error (error);
  assert_check (preflight, ODFE_PREFLIGHT_NAMESPACE, ODFE_CHECK_PASSED,
                "“quiet” exists and holds no search cluster.");
  g_assert_finalize_object (preflight);

  sandbox_session_stop (session);
}

static void
test_pod_security (void)
{
  SandboxSession *session = sandbox_session_start ("test-odfe-preflight", sandbox_args);
  g_autoptr(OdfeClusterSpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  OdfePreflight *preflight = NULL;

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  create_object (session, KUBE_RESOURCE_NAMESPACES, NULL,
                 "{\"metadata\":{\"name\":\"guarded\",\"labels\":"
                 "{\"pod-security.kubernetes.io/enforce\":\"baseline\"}}}");

  /* The privileged init container is refused under baseline… */
  spec = spec_for ("guarded", FALSE);
  g_assert_false (run_checks (session, spec, &preflight, &error));
  g_assert_error (error, ODFE_ERROR, ODFE_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "The cluster cannot be created as it is: Pod Security "
                                       "failed.");
  assert_check (preflight, ODFE_PREFLIGHT_POD_SECURITY, ODFE_CHECK_FAILED,
                "“guarded” enforces the “baseline” Pod Security level, which refuses the "
                "privileged init container that sets vm.max_map_count. Choose the variant "
                "without it");
  assert_check (preflight, ODFE_PREFLIGHT_POD_SECURITY, ODFE_CHECK_FAILED,
                "vm.max_map_count set to at least 262144");
  g_clear_error (&error);
  g_assert_finalize_object (preflight);

  /* … and the non-root variant passes, saying what the nodes need. */
  spec->privileged_init = FALSE;
  g_assert_true (run_checks (session, spec, &preflight, &error));
  g_assert_no_error (error);
  assert_check (preflight, ODFE_PREFLIGHT_POD_SECURITY, ODFE_CHECK_PASSED,
                "which admits the pods: they run as a non-root user without privileges. The "
                "nodes must have vm.max_map_count set to at least 262144, as no init "
                "container sets it.");
  g_assert_finalize_object (preflight);

  /* The non-root variant meets restricted too. */
  patch_object (session, KUBE_RESOURCE_NAMESPACES, NULL, "guarded",
                "{\"metadata\":{\"labels\":"
                "{\"pod-security.kubernetes.io/enforce\":\"restricted\"}}}");
  g_assert_true (run_checks (session, spec, &preflight, &error));
  assert_check (preflight, ODFE_PREFLIGHT_POD_SECURITY, ODFE_CHECK_PASSED,
                "“guarded” enforces the “restricted” Pod Security level, which admits the "
                "pods: they run as a non-root user without privileges.");
  g_assert_finalize_object (preflight);

  spec->privileged_init = TRUE;
  g_assert_false (run_checks (session, spec, &preflight, &error));
  assert_check (preflight, ODFE_PREFLIGHT_POD_SECURITY, ODFE_CHECK_FAILED,
                "enforces the “restricted” Pod Security level, which refuses");
  g_clear_error (&error);
  g_assert_finalize_object (preflight);

  /* privileged admits it. */
  patch_object (session, KUBE_RESOURCE_NAMESPACES, NULL, "guarded",
                "{\"metadata\":{\"labels\":"
                "{\"pod-security.kubernetes.io/enforce\":\"privileged\"}}}");
  g_assert_true (run_checks (session, spec, &preflight, &error));
  assert_check (preflight, ODFE_PREFLIGHT_POD_SECURITY, ODFE_CHECK_PASSED,
                "“guarded” enforces the “privileged” Pod Security level. It admits the "
                "privileged init container that sets vm.max_map_count.");
  g_assert_finalize_object (preflight);

  sandbox_session_stop (session);
}

static void
test_storage (void)
{
  SandboxSession *session = sandbox_session_start ("test-odfe-preflight", sandbox_args);
  g_autoptr(OdfeClusterSpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  OdfePreflight *preflight = NULL;

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  spec = spec_for ("search", TRUE);
  spec->storage_class = g_strdup ("fast");
  g_assert_false (run_checks (session, spec, &preflight, &error));
  g_assert_cmpstr (error->message, ==, "The cluster cannot be created as it is: Storage "
                                       "failed.");
  assert_check (preflight, ODFE_PREFLIGHT_STORAGE, ODFE_CHECK_FAILED,
                "There is no StorageClass “fast”. The cluster has: fast-ssd, standard.");
  g_clear_error (&error);
  g_assert_finalize_object (preflight);

  create_object (session, KUBE_RESOURCE_STORAGECLASSES, NULL,
                 "{\"metadata\":{\"name\":\"fast\"},\"provisioner\":\"example.com/ssd\"}");
  g_assert_true (run_checks (session, spec, &preflight, &error));
  assert_check (preflight, ODFE_PREFLIGHT_STORAGE, ODFE_CHECK_PASSED,
                "The StorageClass “fast” provides the volumes (provisioner example.com/ssd).");
  g_assert_finalize_object (preflight);

  /* No default class, and none at all. */
  g_clear_pointer (&spec->storage_class, g_free);
  patch_object (session, KUBE_RESOURCE_STORAGECLASSES, NULL, "standard",
                "{\"metadata\":{\"annotations\":"
                "{\"storageclass.kubernetes.io/is-default-class\":\"false\"}}}");
  g_assert_false (run_checks (session, spec, &preflight, &error));
  assert_check (preflight, ODFE_PREFLIGHT_STORAGE, ODFE_CHECK_FAILED,
                "The cluster has no default StorageClass. Choose one of its classes: fast, "
                "fast-ssd, standard.");
  g_clear_error (&error);
  g_assert_finalize_object (preflight);

  delete_object (session, KUBE_RESOURCE_STORAGECLASSES, "fast");
  delete_object (session, KUBE_RESOURCE_STORAGECLASSES, "fast-ssd");
  delete_object (session, KUBE_RESOURCE_STORAGECLASSES, "standard");
  g_assert_false (run_checks (session, spec, &preflight, &error));
  assert_check (preflight, ODFE_PREFLIGHT_STORAGE, ODFE_CHECK_FAILED,
                "The cluster has no StorageClass, so no volume can be made for the pods");
  g_clear_error (&error);
  g_assert_finalize_object (preflight);

  sandbox_session_stop (session);
}

static void
test_capacity (void)
{
  SandboxSession *session = sandbox_session_start ("test-odfe-preflight", sandbox_args);
  g_autoptr(OdfeClusterSpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  OdfePreflight *preflight = NULL;

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  /* 14.6 GiB allocatable per node, 2 GiB of it taken by a demo pod, once all three are
   * there. */
  sandbox_session_wait_ready (session, 3, 60);
  spec = spec_for ("search", TRUE);
  spec->memory_bytes = 13 * GiB;
  g_assert_false (run_checks (session, spec, &preflight, &error));
  g_assert_cmpstr (error->message, ==, "The cluster cannot be created as it is: Room on the "
                                       "nodes failed.");
  assert_check (preflight, ODFE_PREFLIGHT_CAPACITY, ODFE_CHECK_FAILED,
                "No node has room for a pod of 1 CPU and 13.0" NBSP "GiB of memory: the most "
                "memory free is on node-");
  assert_check (preflight, ODFE_PREFLIGHT_CAPACITY, ODFE_CHECK_FAILED,
                "with 3.3 CPUs and 12.6" NBSP "GiB free.");
  g_clear_error (&error);
  g_assert_finalize_object (preflight);

  /* Three pods of 4 GiB fit per node, by memory and by CPU: 9, not 11. */
  spec->memory_bytes = 4 * GiB;
  spec->node_count = 11;
  g_assert_false (run_checks (session, spec, &preflight, &error));
  assert_check (preflight, ODFE_PREFLIGHT_CAPACITY, ODFE_CHECK_FAILED,
                "The nodes have room for only 9 of the 11 pods of 1 CPU and 4.0" NBSP "GiB of "
                "memory each.");
  g_clear_error (&error);
  g_assert_finalize_object (preflight);

  /* Dedicated masters count too. */
  spec->node_count = 7;
  spec->roles = ODFE_ROLES_DEDICATED_MASTERS;
  spec->master_count = 3;
  g_assert_false (run_checks (session, spec, &preflight, &error));
  assert_check (preflight, ODFE_PREFLIGHT_CAPACITY, ODFE_CHECK_FAILED,
                "room for only 9 of the 10 pods");
  g_clear_error (&error);
  g_assert_finalize_object (preflight);

  /* A cordoned node leaves room on two: the three pods would share them. */
  spec->node_count = 3;
  spec->roles = ODFE_ROLES_COMBINED;
  patch_object (session, KUBE_RESOURCE_NODES, NULL, "node-1", "{\"spec\":"
                "{\"unschedulable\":true}}");
  patch_object (session, KUBE_RESOURCE_NODES, NULL, "node-2", "{\"spec\":{\"taints\":"
                "[{\"key\":\"dedicated\",\"value\":\"gpu\",\"effect\":\"NoSchedule\"}]}}");
  g_assert_true (run_checks (session, spec, &preflight, &error));
  assert_check (preflight, ODFE_PREFLIGHT_CAPACITY, ODFE_CHECK_WARNING,
                "but only on 1 node: losing it would take several pods at once.");
  g_assert_finalize_object (preflight);

  sandbox_session_stop (session);
}

/* A verb the sandbox is told to deny fails the permissions check; a delete denied only
 * warns. */
static void
test_denied (void)
{
  SandboxSession *session = sandbox_session_start ("test-odfe-preflight", sandbox_args);
  g_autoptr(OdfeClusterSpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  OdfePreflight *preflight = NULL;

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  if (!set_faults (session, "{\"deny\":[\"create:statefulsets.apps\"]}", &error))
    {
      g_test_message ("the sandbox refused the deny switch: %s", error->message);
      g_test_incomplete ("the sandbox cannot deny verbs yet (see NOTES-sandbox.md)");
      sandbox_session_stop (session);
      return;
    }

  spec = spec_for ("search", TRUE);
  g_assert_false (run_checks (session, spec, &preflight, &error));
  g_assert_cmpstr (error->message, ==, "The cluster cannot be created as it is: Permissions "
                                       "failed.");
  assert_check (preflight, ODFE_PREFLIGHT_PERMISSIONS, ODFE_CHECK_FAILED,
                "You may not create statefulsets.apps in “search”. Ask an administrator");
  g_clear_error (&error);
  g_assert_finalize_object (preflight);

  g_assert_true (set_faults (session, "{\"deny\":[\"delete:secrets\"]}", &error));
  g_assert_true (run_checks (session, spec, &preflight, &error));
  assert_check (preflight, ODFE_PREFLIGHT_PERMISSIONS, ODFE_CHECK_WARNING,
                "but not delete secrets: if the creation fails, what it made cannot be "
                "deleted.");
  g_assert_finalize_object (preflight);

  sandbox_session_stop (session);
}

/* The rules themselves, on pod specs made for them. */
static void
test_pod_security_rules (void)
{
  static const struct
  {
    const char *pod_spec;
    const char *level;
    const char *violations;     /* joined by " | " */
  } cases[] = {
    { "{\"containers\":[{\"name\":\"a\",\"securityContext\":{\"privileged\":true}}]}",
      "privileged", "" },
    { "{\"containers\":[{\"name\":\"a\",\"securityContext\":{\"privileged\":true}}]}",
      NULL, "" },
    { "{\"containers\":[{\"name\":\"a\",\"securityContext\":{\"privileged\":true}}]}",
      "baseline", "container “a” is privileged" },
    { "{\"hostNetwork\":true,\"volumes\":[{\"name\":\"h\",\"hostPath\":{\"path\":\"/\"}}],"
      "\"containers\":[{\"name\":\"a\",\"ports\":[{\"containerPort\":80,\"hostPort\":80}],"
      "\"securityContext\":{\"capabilities\":{\"add\":[\"SYS_ADMIN\",\"CHOWN\"]}}}]}",
      "baseline", "the pods share the node’s namespaces | volume “h” is a directory of the node "
      "| container “a” adds the capability SYS_ADMIN | container “a” uses a port of the node" },
    { "{\"containers\":[{\"name\":\"a\"}]}", "baseline", "" },
    { "{\"containers\":[{\"name\":\"a\"}],\"initContainers\":[{\"name\":\"i\","
      "\"securityContext\":{\"seccompProfile\":{\"type\":\"Unconfined\"}}}]}",
      "baseline", "container “i” runs without a seccomp profile" },
    { "{\"containers\":[{\"name\":\"a\"}]}", "restricted",
      "container “a” may gain privileges | container “a” may run as root | container “a” has "
      "no seccomp profile | container “a” keeps its capabilities" },
    /* The pod's settings stand for its containers'. */
    { "{\"securityContext\":{\"runAsNonRoot\":true,\"runAsUser\":1000,"
      "\"seccompProfile\":{\"type\":\"RuntimeDefault\"}},"
      "\"volumes\":[{\"name\":\"c\",\"configMap\":{\"name\":\"x\"}}],"
      "\"containers\":[{\"name\":\"a\",\"securityContext\":{\"allowPrivilegeEscalation\":false,"
      "\"capabilities\":{\"drop\":[\"ALL\"],\"add\":[\"NET_BIND_SERVICE\"]}}}]}",
      "restricted", "" },
    /* … and a container's own win over them. */
    { "{\"securityContext\":{\"runAsNonRoot\":true,\"seccompProfile\":{\"type\":\"Localhost\"}},"
      "\"volumes\":[{\"name\":\"n\",\"nfs\":{\"server\":\"s\",\"path\":\"/\"}}],"
      "\"containers\":[{\"name\":\"a\",\"securityContext\":{\"allowPrivilegeEscalation\":false,"
      "\"runAsUser\":0,\"capabilities\":{\"drop\":[\"ALL\"],\"add\":[\"CHOWN\"]}}}]}",
      "restricted", "volume “n” is of a kind the level refuses | container “a” adds the "
      "capability CHOWN | container “a” runs as root" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) pod_spec = json_from_string (cases[i].pod_spec, NULL);
      g_auto(GStrv) violations = NULL;
      g_autofree char *joined = NULL;

      g_assert_nonnull (pod_spec);
      violations = odfe_pod_security_violations (pod_spec, cases[i].level);
      joined = g_strjoinv (" | ", violations);
      g_test_message ("%u: %s", i, joined);
      g_assert_cmpstr (joined, ==, cases[i].violations);
    }
}

static GPtrArray *
manifests_for (const OdfeClusterSpec *spec)
{
  g_autoptr(OdfeClusterPki) pki = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *objects;

  pki = odfe_cluster_pki_generate (spec, &error);
  g_assert_no_error (error);
  /* A hash of no password: what it stands for does not matter here. */
  objects = odfe_manifests_build (spec, pki, "$2y$12$abcdefghijklmnopqrstuu"
                                             "abcdefghijklmnopqrstuvwxyz01234", &error);
  g_assert_no_error (error);
  return objects;
}

static JsonNode *
template_spec (GPtrArray *objects)
{
  for (guint i = 0; i < objects->len; i++)
    {
      JsonNode *object = objects->pdata[i];
      JsonObject *root = json_node_get_object (object);

      if (g_str_equal (json_object_get_string_member (root, "kind"), "StatefulSet"))
        return json_node_init_object (json_node_alloc (),
                                      json_object_get_object_member (
                                        json_object_get_object_member (
                                          json_object_get_object_member (root, "spec"),
                                          "template"),
                                        "spec"));
    }

  g_assert_not_reached ();
}

/* What the checks say from the spec alone holds for the manifests made from it; given the
 * manifests, the checks look at their pods. */
static void
test_pod_security_manifests (void)
{
  SandboxSession *session = sandbox_session_start ("test-odfe-preflight", sandbox_args);
  g_autoptr(OdfeClusterSpec) spec = NULL;
  g_autoptr(GPtrArray) privileged = NULL;
  g_autoptr(GPtrArray) non_root = NULL;
  g_autoptr(JsonNode) privileged_pod = NULL;
  g_autoptr(JsonNode) non_root_pod = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) violations = NULL;
  OdfePreflight *preflight = NULL;

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  spec = spec_for ("guarded", FALSE);
  privileged = manifests_for (spec);
  spec->privileged_init = FALSE;
  non_root = manifests_for (spec);
  privileged_pod = template_spec (privileged);
  non_root_pod = template_spec (non_root);

  violations = odfe_pod_security_violations (privileged_pod, "baseline");
  g_assert_true (g_strv_contains ((const char * const *) violations,
                                  "container “init-sysctl” is privileged"));
  g_clear_pointer (&violations, g_strfreev);
  violations = odfe_pod_security_violations (non_root_pod, "baseline");
  g_assert_cmpuint (g_strv_length (violations), ==, 0);
  g_clear_pointer (&violations, g_strfreev);
  violations = odfe_pod_security_violations (non_root_pod, "restricted");
  g_assert_cmpuint (g_strv_length (violations), ==, 0);

  /* An existing namespace is not made again. */
  for (guint i = 0; i < privileged->len; i++)
    {
      JsonObject *root = json_node_get_object (privileged->pdata[i]);

      if (g_str_equal (json_object_get_string_member (root, "kind"), "Namespace"))
        g_assert_not_reached ();
    }
  {
    g_autoptr(OdfeClusterSpec) fresh = spec_for ("fresh", TRUE);
    g_autoptr(GPtrArray) objects = manifests_for (fresh);

    /* A new namespace made for the privileged variant says that it may be: from the spec,
     * and from the Namespace object when the objects are given. */
    g_assert_true (run_checks (session, fresh, &preflight, &error));
    assert_check (preflight, ODFE_PREFLIGHT_POD_SECURITY, ODFE_CHECK_PASSED,
                  "The new namespace “fresh” is created with the “privileged” Pod Security "
                  "level");
    g_assert_finalize_object (preflight);

    preflight = odfe_preflight_new (session->kube, fresh);
    odfe_preflight_set_objects (preflight, objects);
    {
      g_autoptr(GAsyncResult) result = NULL;

      odfe_preflight_run_async (preflight, NULL, sandbox_session_store_result, &result);
      g_assert_true (odfe_preflight_run_finish (preflight,
                                                sandbox_session_wait_result (&result, 60),
                                                &error));
    }
    show (preflight);
    assert_check (preflight, ODFE_PREFLIGHT_POD_SECURITY, ODFE_CHECK_PASSED,
                  "The new namespace “fresh” is created with the “privileged” Pod Security "
                  "level, which admits the pods.");
    g_assert_finalize_object (preflight);
  }

  /* A baseline namespace, with the objects given. */
  create_object (session, KUBE_RESOURCE_NAMESPACES, NULL,
                 "{\"metadata\":{\"name\":\"guarded\",\"labels\":"
                 "{\"pod-security.kubernetes.io/enforce\":\"baseline\"}}}");
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      gboolean ok;

      spec->privileged_init = round == 0;
      preflight = odfe_preflight_new (session->kube, spec);
      odfe_preflight_set_objects (preflight, round == 0 ? privileged : non_root);
      odfe_preflight_run_async (preflight, NULL, sandbox_session_store_result, &result);
      ok = odfe_preflight_run_finish (preflight, sandbox_session_wait_result (&result, 60),
                                      &error);
      show (preflight);
      if (round == 0)
        {
          g_assert_false (ok);
          assert_check (preflight, ODFE_PREFLIGHT_POD_SECURITY, ODFE_CHECK_FAILED,
                        "“guarded” enforces the “baseline” Pod Security level, which refuses "
                        "these pods: container “init-sysctl” is privileged.");
          assert_check (preflight, ODFE_PREFLIGHT_POD_SECURITY, ODFE_CHECK_FAILED,
                        "Choose the variant without the privileged init container");
          g_clear_error (&error);
        }
      else
        {
          g_assert_true (ok);
          assert_check (preflight, ODFE_PREFLIGHT_POD_SECURITY, ODFE_CHECK_PASSED,
                        "“guarded” enforces the “baseline” Pod Security level, which admits "
                        "the pods. The nodes must have vm.max_map_count set to at least "
                        "262144");
        }
      g_clear_object (&result);
      g_assert_finalize_object (preflight);
    }

  sandbox_session_stop (session);
}

static void
test_cancel (void)
{
  SandboxSession *session = sandbox_session_start ("test-odfe-preflight", sandbox_args);
  g_autoptr(OdfeClusterSpec) spec = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  OdfePreflight *preflight;

  if (session == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  spec = spec_for ("search", TRUE);
  preflight = odfe_preflight_new (session->kube, spec);
  odfe_preflight_run_async (preflight, cancellable, sandbox_session_store_result, &result);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (odfe_preflight_get_check_state (preflight, i), ==, ODFE_CHECK_RUNNING);
  g_cancellable_cancel (cancellable);
  g_assert_false (odfe_preflight_run_finish (preflight,
                                             sandbox_session_wait_result (&result, 30),
                                             &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (odfe_preflight_get_check_state (preflight, i), ==, ODFE_CHECK_PENDING);

  g_clear_object (&result);
  g_assert_finalize_object (preflight);
  sandbox_session_stop (session);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/odfe/preflight/all-pass", test_all_pass);
  g_test_add_func ("/odfe/preflight/namespace", test_namespace);
  g_test_add_func ("/odfe/preflight/pod-security", test_pod_security);
  g_test_add_func ("/odfe/preflight/pod-security-rules", test_pod_security_rules);
  g_test_add_func ("/odfe/preflight/pod-security-manifests", test_pod_security_manifests);
  g_test_add_func ("/odfe/preflight/storage", test_storage);
  g_test_add_func ("/odfe/preflight/capacity", test_capacity);
  g_test_add_func ("/odfe/preflight/denied", test_denied);
  g_test_add_func ("/odfe/preflight/cancel", test_cancel);

  return g_test_run ();
}
