/* test-create-assistant.c: the New Cluster assistant against a real searchdeck-sandbox
 *
 * The assistant is driven as a person would drive it, through its pages' fields, on the
 * sandbox (which has the namespaces a cluster starts with, a default StorageClass and the
 * demo cluster in "demo"):
 * - each step's checks: the new namespace follows the cluster's name until typed, a
 *   namespace holding a search cluster cannot be chosen, a bad cluster name blocks Next
 *   with the message under the field, an even node count is warned about, the heap
 *   follows the memory and keeps to half of it, a weak password blocks Next;
 * - the Review shows every object as YAML, a row per preflight check, and saves the YAML
 *   readable by its owner only;
 * - a creation through the window's New Cluster action reaches green, puts the password in
 *   a real keyring under the keys the Overview reads, opens the cluster in the window, and,
 *   the user being in another window, says so by a desktop notification;
 * - a creation the server refuses midway shows its message and what was deleted again.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>

#include "odfe-manifests.h"

#include "deck-create-assistant.h"
#include "deck-credentials.h"
#include "deck-window.h"
#include "keyring-session.h"
#include "sandbox-session.h"

static KeyringSession *keyring;

/* Pods are Ready soon after they start. */
static const char * const sandbox_args[] = { "--ready-delay", "300", NULL };

/* Runs the main loop until @condition (checked each iteration) holds, for at most @seconds. */
#define WAIT_UNTIL(condition, seconds)                                            \
  G_STMT_START {                                                                  \
    gint64 deadline_ = g_get_monotonic_time () + (gint64) (seconds) * G_USEC_PER_SEC; \
    while (!(condition))                                                          \
      {                                                                           \
        g_assert_cmpint (g_get_monotonic_time (), <, deadline_);                  \
        g_main_context_iteration (NULL, FALSE);                                   \
        g_usleep (1000);                                                          \
      }                                                                           \
  } G_STMT_END

/* The desktop's notification server, as GNOME Shell is on a session: org.gtk.Notifications
 * on the session bus, owned here on a connection of its own, recording what is sent.
 * GLib chooses its notification backend once, at the first notification: outside a
 * sandbox the "gtk" one, which calls AddNotification on this name, is preferred to the
 * freedesktop one whenever the name has an owner, so it must be owned before. */
typedef struct
{
  GDBusConnection *connection;
  guint            object_id;
  guint            owner_id;
  gboolean         owned;
  gboolean         lost;
  GPtrArray       *added;      /* the parameters (ssa{sv}) of each AddNotification */
} NotificationServer;

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.gtk.Notifications'>"
  "    <method name='AddNotification'>"
  "      <arg type='s' name='app_id' direction='in'/>"
  "      <arg type='s' name='id' direction='in'/>"
  "      <arg type='a{sv}' name='notification' direction='in'/>"
  "    </method>"
  "    <method name='RemoveNotification'>"
  "      <arg type='s' name='app_id' direction='in'/>"
  "      <arg type='s' name='id' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

static void
notification_method_call (GDBusConnection       *connection,
                          const char            *sender,
                          const char            *object_path,
                          const char            *interface_name,
                          const char            *method_name,
                          GVariant              *parameters,
                          GDBusMethodInvocation *invocation,
                          gpointer               user_data)
{
  NotificationServer *server = user_data;

  if (g_strcmp0 (method_name, "AddNotification") == 0)
    g_ptr_array_add (server->added, g_variant_ref (parameters));
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static const GDBusInterfaceVTable notification_vtable = { notification_method_call };

static void
notification_name_acquired (GDBusConnection *connection,
                            const char      *name,
                            gpointer         user_data)
{
  ((NotificationServer *) user_data)->owned = TRUE;
}

static void
notification_name_lost (GDBusConnection *connection,
                        const char      *name,
                        gpointer         user_data)
{
  ((NotificationServer *) user_data)->lost = TRUE;
}

static NotificationServer *
notification_server_start (void)
{
  NotificationServer *server = g_new0 (NotificationServer, 1);
  g_autoptr(GDBusNodeInfo) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;

  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  server->connection = g_dbus_connection_new_for_address_sync (
    address,
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
    | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);
  g_assert_no_error (error);

  node = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_assert_no_error (error);
  server->added = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  server->object_id = g_dbus_connection_register_object (server->connection,
                                                         "/org/gtk/Notifications",
                                                         node->interfaces[0],
                                                         &notification_vtable, server,
                                                         NULL, &error);
  g_assert_no_error (error);

  server->owner_id = g_bus_own_name_on_connection (server->connection, "org.gtk.Notifications",
                                                   G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE,
                                                   notification_name_acquired,
                                                   notification_name_lost, server, NULL);
  WAIT_UNTIL (server->owned || server->lost, 10);
  g_assert_false (server->lost);

  return server;
}

static void
notification_server_stop (NotificationServer *server)
{
  g_autoptr(GError) error = NULL;

  g_bus_unown_name (server->owner_id);
  g_dbus_connection_unregister_object (server->connection, server->object_id);
  g_dbus_connection_close_sync (server->connection, NULL, &error);
  g_assert_no_error (error);
  g_object_unref (server->connection);
  g_ptr_array_unref (server->added);
  g_free (server);
}

/* The application the assistant notifies through: registered on the session bus (which
 * GApplication needs to send notifications) without taking a bus name.  A plain
 * GApplication, since notifying is GApplication's part: a GtkApplication registered but
 * never run keeps a second reference (seen with GTK 4.8) and is not finalized. */
static GApplication *
application_register (void)
{
  g_autoptr(GError) error = NULL;
  GApplication *app;

  app = g_application_new (APPLICATION_ID ".Test", G_APPLICATION_NON_UNIQUE);
  g_application_register (app, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_application_get_default () == app);

  return app;
}

/* Under Xvfb no window manager runs: X gives the keyboard focus to whichever window is
 * under the pointer until a client sets it, and GDK reports that window as focused,
 * hence active; which one it is depends on the windows' sizes.  So the test decides:
 * presenting a window that is already mapped makes GDK set the input focus on it
 * (XSetInputFocus, there being no window manager to ask through _NET_ACTIVE_WINDOW), and
 * every other window then reports itself inactive. */
static void
focus_window (GtkWindow *window)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    {
      gtk_window_present (window);
      WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)), 10);
    }
  gtk_window_present (window);
  WAIT_UNTIL (gtk_window_is_active (window), 10);
}

typedef struct
{
  SandboxSession      *sandbox;
  GtkWidget           *parent;
  DeckCreateAssistant *assistant;
} Fixture;

static gboolean
fixture_open (Fixture    *fixture,
              const char *prefix)
{
  fixture->sandbox = sandbox_session_start_with_flags (prefix, sandbox_args,
                                                       SANDBOX_SESSION_LENIENT);
  if (fixture->sandbox == NULL)
    return FALSE;

  fixture->parent = gtk_window_new ();
  gtk_window_present (GTK_WINDOW (fixture->parent));
  fixture->assistant = DECK_CREATE_ASSISTANT (deck_create_assistant_new (
    GTK_WINDOW (fixture->parent), fixture->sandbox->config, NULL));
  g_object_ref (fixture->assistant);
  gtk_window_present (GTK_WINDOW (fixture->assistant));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (fixture->assistant)));

  /* The namespaces are listed before anything is decided about them. */
  WAIT_UNTIL (deck_create_where_get_namespaces_known (
                deck_create_assistant_get_where (fixture->assistant)), 30);

  return TRUE;
}

static void
fixture_close (Fixture *fixture)
{
  if (gtk_widget_get_visible (GTK_WIDGET (fixture->assistant)))
    gtk_window_destroy (GTK_WINDOW (fixture->assistant));
  g_assert_finalize_object (fixture->assistant);
  /* Let the connections it dropped close before the sandbox stops. */
  sandbox_session_sleep (200);

  gtk_window_destroy (GTK_WINDOW (fixture->parent));
  sandbox_session_stop (fixture->sandbox);
}

/* Where: the context, and the namespace named after the cluster until typed. */
static void
check_where (Fixture *fixture)
{
  DeckCreateAssistant *assistant = fixture->assistant;
  DeckCreateWhere *where = deck_create_assistant_get_where (assistant);
  DeckCreateCluster *cluster = deck_create_assistant_get_cluster (assistant);

  g_assert_cmpint (deck_create_assistant_get_step (assistant), ==, DECK_CREATE_STEP_WHERE);
  g_assert_false (deck_create_assistant_get_can_back (assistant));
  g_assert_cmpstr (deck_create_where_get_context (where), ==,
                   kube_config_get_current_context (fixture->sandbox->config));

  /* A new namespace, named after the proposed cluster name. */
  g_assert_true (deck_create_where_get_create_namespace (where));
  g_assert_cmpstr (deck_create_where_get_namespace (where), ==, "search");
  g_assert_true (deck_create_assistant_get_can_next (assistant));

  /* It follows the name as it changes... */
  deck_create_cluster_set_name (cluster, "logs");
  g_assert_cmpstr (deck_create_where_get_namespace (where), ==, "logs");

  /* ...the demo's namespace holds a cluster: it is listed but cannot be chosen... */
  g_assert_true (deck_create_where_namespace_exists (where, "demo"));
  g_assert_cmpstr (deck_create_where_get_namespace_reason (where, "demo"), ==,
                   "Holds the search cluster “demo”");
  g_assert_false (deck_create_where_choose_existing (where, "demo"));
  g_assert_null (deck_create_where_get_namespace_reason (where, "default"));

  /* ...nor made again... */
  deck_create_where_set_new_namespace (where, "demo");
  g_assert_false (deck_create_assistant_get_can_next (assistant));
  g_assert_nonnull (strstr (deck_create_where_get_message (where), "search cluster “demo”"));

  /* ...nor can a name Kubernetes refuses. */
  deck_create_where_set_new_namespace (where, "Not_A_Name");
  g_assert_false (deck_create_assistant_get_can_next (assistant));
  g_assert_nonnull (deck_create_where_get_message (where));

  /* Once typed, the namespace no longer follows the name. */
  deck_create_where_set_new_namespace (where, "search-logs");
  g_assert_true (deck_create_assistant_get_can_next (assistant));
  deck_create_cluster_set_name (cluster, "logs-2");
  g_assert_cmpstr (deck_create_where_get_namespace (where), ==, "search-logs");

  /* Emptied, it follows again. */
  deck_create_where_set_new_namespace (where, "");
  deck_create_cluster_set_name (cluster, "logs");
  g_assert_cmpstr (deck_create_where_get_namespace (where), ==, "logs");

  /* An existing namespace without a cluster may be chosen. */
  g_assert_true (deck_create_where_choose_existing (where, "default"));
  g_assert_false (deck_create_where_get_create_namespace (where));
  g_assert_cmpstr (deck_create_where_get_namespace (where), ==, "default");
  g_assert_true (deck_create_assistant_get_can_next (assistant));
  deck_create_where_choose_existing (where, NULL);
  g_assert_cmpstr (deck_create_where_get_namespace (where), ==, "logs");
}

/* Cluster: the name checked as typed, the versions, the node count's warning. */
static void
check_cluster (Fixture *fixture)
{
  DeckCreateAssistant *assistant = fixture->assistant;
  DeckCreateCluster *cluster = deck_create_assistant_get_cluster (assistant);
  GListModel *versions = deck_create_cluster_get_versions (cluster);
  g_autoptr(GtkStringObject) newest = NULL;

  deck_create_assistant_next (assistant);
  g_assert_cmpint (deck_create_assistant_get_step (assistant), ==, DECK_CREATE_STEP_CLUSTER);
  g_assert_true (deck_create_assistant_get_can_back (assistant));
  g_assert_true (deck_create_assistant_get_step_done (assistant, DECK_CREATE_STEP_WHERE));
  g_assert_false (deck_create_assistant_get_step_done (assistant, DECK_CREATE_STEP_CLUSTER));

  /* A bad name blocks Next, with the reason under the field. */
  deck_create_cluster_set_name (cluster, "Logs_Cluster");
  g_assert_false (deck_create_assistant_get_can_next (assistant));
  g_assert_nonnull (deck_create_cluster_get_message (cluster));
  g_test_message ("bad name: %s", deck_create_cluster_get_message (cluster));
  deck_create_assistant_next (assistant);
  g_assert_cmpint (deck_create_assistant_get_step (assistant), ==, DECK_CREATE_STEP_CLUSTER);
  deck_create_cluster_set_name (cluster, "");
  g_assert_false (deck_create_assistant_get_can_next (assistant));
  deck_create_cluster_set_name (cluster, "logs");
  g_assert_null (deck_create_cluster_get_message (cluster));
  g_assert_true (deck_create_assistant_get_can_next (assistant));

  /* Open Distro 1.13.3 first, and chosen; the other releases after it. */
  g_assert_cmpuint (g_list_model_get_n_items (versions), >=, 2);
  newest = g_list_model_get_item (versions, 0);
  g_assert_cmpstr (gtk_string_object_get_string (newest), ==, "1.13.3");
  g_assert_cmpstr (deck_create_cluster_get_version (cluster), ==, "1.13.3");

  /* Three nodes by default, fine; an even count is warned about, but allowed. */
  g_assert_null (deck_create_cluster_get_count_warning (cluster));
  deck_create_cluster_set_node_count (cluster, 4);
  g_assert_nonnull (deck_create_cluster_get_count_warning (cluster));
  g_assert_true (deck_create_assistant_get_can_next (assistant));
  /* With dedicated masters, the data nodes may be any number. */
  deck_create_cluster_set_dedicated_masters (cluster, TRUE);
  g_assert_null (deck_create_cluster_get_count_warning (cluster));
  deck_create_cluster_set_dedicated_masters (cluster, FALSE);
  deck_create_cluster_set_node_count (cluster, 3);
  g_assert_null (deck_create_cluster_get_count_warning (cluster));
}

static gboolean
has_string (GListModel *model,
            const char *text)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), text) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Resources: quantities read as typed, the heap rule, the StorageClasses. */
static void
check_resources (Fixture *fixture)
{
  DeckCreateAssistant *assistant = fixture->assistant;
  DeckCreateResources *resources = deck_create_assistant_get_resources (assistant);
  GListModel *classes = deck_create_resources_get_storage_classes (resources);
  g_autoptr(OdfeClusterSpec) spec = NULL;

  deck_create_assistant_next (assistant);
  g_assert_cmpint (deck_create_assistant_get_step (assistant), ==,
                   DECK_CREATE_STEP_RESOURCES);
  g_assert_true (deck_create_assistant_get_can_next (assistant));

  /* The heap follows the memory: half of it. */
  deck_create_resources_set_memory (resources, "4Gi");
  g_assert_cmpstr (deck_create_resources_get_heap (resources), ==, "2Gi");
  deck_create_resources_set_memory (resources, "3Gi");
  g_assert_cmpstr (deck_create_resources_get_heap (resources), ==, "1536Mi");

  /* More than half is refused, with the reason at the field... */
  deck_create_resources_set_heap (resources, "2Gi");
  g_assert_false (deck_create_assistant_get_can_next (assistant));
  g_assert_nonnull (deck_create_resources_get_message (resources));
  g_test_message ("heap: %s", deck_create_resources_get_message (resources));
  /* ...less is fine, and stays when the memory changes. */
  deck_create_resources_set_heap (resources, "1Gi");
  g_assert_true (deck_create_assistant_get_can_next (assistant));
  deck_create_resources_set_memory (resources, "2Gi");
  g_assert_cmpstr (deck_create_resources_get_heap (resources), ==, "1Gi");

  /* What cannot be read is said. */
  deck_create_resources_set_cpu (resources, "lots");
  g_assert_false (deck_create_assistant_get_can_next (assistant));
  g_assert_nonnull (deck_create_resources_get_message (resources));
  deck_create_resources_set_cpu (resources, "500m");
  g_assert_true (deck_create_assistant_get_can_next (assistant));
  deck_create_resources_set_storage (resources, "big");
  g_assert_false (deck_create_assistant_get_can_next (assistant));
  g_assert_nonnull (deck_create_resources_get_storage_message (resources));
  deck_create_resources_set_storage (resources, "2Gi");
  g_assert_true (deck_create_assistant_get_can_next (assistant));

  /* The sandbox's StorageClasses, the default one marked and chosen: the spec leaves it
   * to the cluster; another one is named. */
  WAIT_UNTIL (deck_create_resources_get_classes_known (resources), 30);
  g_assert_cmpuint (g_list_model_get_n_items (classes), ==, 2);
  g_assert_true (has_string (classes, "standard (default)"));
  g_assert_true (has_string (classes, "fast-ssd"));
  g_assert_null (deck_create_resources_get_storage_note (resources));
  spec = odfe_cluster_spec_new ();
  deck_create_resources_apply (resources, spec);
  g_assert_null (spec->storage_class);
  g_assert_cmpuint (spec->cpu_millis, ==, 500);
  g_assert_cmpuint (spec->memory_bytes, ==, G_GUINT64_CONSTANT (2) << 30);
  g_assert_cmpuint (spec->heap_bytes, ==, G_GUINT64_CONSTANT (1) << 30);
  g_assert_cmpuint (spec->storage_bytes, ==, G_GUINT64_CONSTANT (2) << 30);
  g_assert_true (deck_create_resources_choose_class (resources, "fast-ssd"));
  deck_create_resources_apply (resources, spec);
  g_assert_cmpstr (spec->storage_class, ==, "fast-ssd");
  g_assert_false (deck_create_resources_choose_class (resources, "missing"));
  g_assert_true (deck_create_resources_choose_class (resources, "standard"));
}

/* Security: a generated password by default, a weak typed one flagged. */
static void
check_security (Fixture *fixture)
{
  DeckCreateAssistant *assistant = fixture->assistant;
  DeckCreateSecurity *security = deck_create_assistant_get_security (assistant);
  g_autofree char *generated = NULL;

  deck_create_assistant_next (assistant);
  g_assert_cmpint (deck_create_assistant_get_step (assistant), ==, DECK_CREATE_STEP_SECURITY);
  g_assert_true (deck_create_assistant_get_can_next (assistant));
  generated = g_strdup (deck_create_security_get_password (security));
  g_assert_cmpuint (strlen (generated), ==, 24);
  g_assert_cmpuint (odfe_password_strength (generated, NULL), ==, 4);

  /* A weak password typed: flagged, with what would make it stronger; Next waits. */
  deck_create_security_use_typed (security, TRUE);
  deck_create_security_set_typed_password (security, "elastic");
  g_assert_cmpuint (deck_create_security_get_strength (security), ==, 0);
  g_assert_false (deck_create_assistant_get_can_next (assistant));
  g_assert_nonnull (deck_create_security_get_message (security));
  deck_create_security_set_typed_password (security, "password1");
  g_assert_cmpuint (deck_create_security_get_strength (security), <, 2);
  g_assert_nonnull (deck_create_security_get_hint (security));
  g_assert_false (deck_create_assistant_get_can_next (assistant));
  g_test_message ("weak password: %s", deck_create_security_get_message (security));

  /* A strong one passes. */
  deck_create_security_set_typed_password (security, "Correct-Horse-Battery-9-Staple");
  g_assert_cmpuint (deck_create_security_get_strength (security), >=, 3);
  g_assert_true (deck_create_assistant_get_can_next (assistant));

  /* Back to the generated one: the same as before, copyable. */
  deck_create_security_use_typed (security, FALSE);
  g_assert_cmpstr (deck_create_security_get_password (security), ==, generated);
  deck_create_security_copy_password (security);
}

/* The step list: earlier steps reachable, later ones not beyond the furthest. */
static void
check_navigation (Fixture *fixture)
{
  DeckCreateAssistant *assistant = fixture->assistant;

  g_assert_false (deck_create_assistant_go_to (assistant, DECK_CREATE_STEP_REVIEW));
  g_assert_true (deck_create_assistant_go_to (assistant, DECK_CREATE_STEP_CLUSTER));
  g_assert_cmpint (deck_create_assistant_get_step (assistant), ==, DECK_CREATE_STEP_CLUSTER);
  g_assert_true (deck_create_assistant_get_step_done (assistant, DECK_CREATE_STEP_WHERE));
  deck_create_assistant_back (assistant);
  g_assert_cmpint (deck_create_assistant_get_step (assistant), ==, DECK_CREATE_STEP_WHERE);
  g_assert_true (deck_create_assistant_go_to (assistant, DECK_CREATE_STEP_SECURITY));
  deck_create_assistant_next (assistant);
  g_assert_cmpint (deck_create_assistant_get_step (assistant), ==, DECK_CREATE_STEP_ACCESS);
  g_assert_cmpstr (deck_create_assistant_get_next_label (assistant), ==, "_Next");
}

static void
test_steps (void)
{
  Fixture fixture = { 0 };

  if (!fixture_open (&fixture, "test-create-assistant"))
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  check_where (&fixture);
  check_cluster (&fixture);
  check_resources (&fixture);
  check_security (&fixture);
  check_navigation (&fixture);

  fixture_close (&fixture);
}

/* Through Access to Review, whose objects are made and checks run. */
static DeckCreateReview *
go_to_review (DeckCreateAssistant *assistant)
{
  DeckCreateReview *review = deck_create_assistant_get_review (assistant);

  while (deck_create_assistant_get_step (assistant) < DECK_CREATE_STEP_REVIEW)
    {
      DeckCreateStep step = deck_create_assistant_get_step (assistant);

      g_assert_true (deck_create_assistant_get_can_next (assistant));
      deck_create_assistant_next (assistant);
      g_assert_cmpint (deck_create_assistant_get_step (assistant), ==, step + 1);
    }

  g_assert_cmpstr (deck_create_assistant_get_next_label (assistant), ==, "C_reate");
  WAIT_UNTIL (!deck_create_review_get_generating (review), 60);
  g_assert_nonnull (deck_create_review_get_objects (review));
  WAIT_UNTIL (deck_create_review_get_reason (review) != NULL
              && (deck_create_review_get_can_create (review)
                  || strstr (deck_create_review_get_reason (review), "not possible") != NULL),
              60);
  g_test_message ("review: %s", deck_create_review_get_reason (review));

  return review;
}

static void
saved (GObject      *source_object,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  deck_create_review_save_finish (DECK_CREATE_REVIEW (source_object), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
test_review (void)
{
  Fixture fixture = { 0 };
  DeckCreateReview *review;
  OdfePreflight *preflight;
  GPtrArray *objects;
  g_autofree char *shown = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *written = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  struct stat info;

  if (!fixture_open (&fixture, "test-create-assistant"))
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }

  deck_create_cluster_set_name (deck_create_assistant_get_cluster (fixture.assistant),
                                "reviewed");
  review = go_to_review (fixture.assistant);

  /* Every object shows as YAML: the view holds each one's kind and name. */
  objects = deck_create_review_get_objects (review);
  shown = deck_create_review_get_shown_yaml (review);
  g_assert_cmpstr (shown, ==, deck_create_review_get_yaml (review));
  g_assert_cmpuint (objects->len, >=, 8);
  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject *object = json_node_get_object (objects->pdata[i]);
      JsonObject *metadata = json_object_get_object_member (object, "metadata");
      g_autofree char *kind = g_strdup_printf ("kind: %s\n",
                                               json_object_get_string_member (object, "kind"));
      g_autofree char *name = g_strdup_printf ("name: %s\n",
                                               json_object_get_string_member (metadata,
                                                                              "name"));

      g_assert_nonnull (strstr (shown, kind));
      g_assert_nonnull (strstr (shown, name));
    }
  g_assert_nonnull (strstr (shown, "kind: Namespace\n"));
  g_assert_nonnull (strstr (shown, "kind: StatefulSet\n"));

  /* A row per check, each with its result once the preflight ended. */
  preflight = deck_create_review_get_preflight (review);
  g_assert_nonnull (preflight);
  g_assert_cmpuint (deck_create_review_get_n_check_rows (review), ==,
                    odfe_preflight_get_n_checks (preflight));
  for (guint i = 0; i < odfe_preflight_get_n_checks (preflight); i++)
    {
      g_test_message ("check %s: %d %s", odfe_preflight_get_check_title (preflight, i),
                      odfe_preflight_get_check_state (preflight, i),
                      odfe_preflight_get_check_detail (preflight, i));
      g_assert_cmpint (odfe_preflight_get_check_state (preflight, i), !=, ODFE_CHECK_PENDING);
      g_assert_cmpint (odfe_preflight_get_check_state (preflight, i), !=, ODFE_CHECK_RUNNING);
      g_assert_cmpstr (deck_create_review_get_check_row_detail (review, i), ==,
                       odfe_preflight_get_check_detail (preflight, i));
    }
  g_assert_true (deck_create_review_get_can_create (review));
  g_assert_true (deck_create_assistant_get_can_next (fixture.assistant));

  /* Save YAML… writes what is shown, for the owner's eyes only. */
  dir = g_dir_make_tmp ("searchdeck-create-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "reviewed.yaml", NULL);
  file = g_file_new_for_path (path);
  deck_create_review_save_async (review, file, NULL, saved, &done);
  WAIT_UNTIL (done, 10);
  g_file_get_contents (path, &written, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (written, ==, shown);
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  g_unlink (path);
  g_rmdir (dir);

  /* Back from Review stops its checks; the objects are kept for an unchanged spec. */
  deck_create_assistant_back (fixture.assistant);
  g_assert_cmpint (deck_create_assistant_get_step (fixture.assistant), ==,
                   DECK_CREATE_STEP_ACCESS);
  deck_create_assistant_next (fixture.assistant);
  g_assert_false (deck_create_review_get_generating (review));
  g_assert_true (deck_create_review_get_objects (review) == objects);

  /* The checks run again; let them end before the sandbox does (a connection the window
   * drops mid-handshake would hold the sandbox's shutdown). */
  WAIT_UNTIL (deck_create_review_get_can_create (review), 60);

  fixture_close (&fixture);
}

static void
looked_up (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  char **password = user_data;
  g_autofree char *user = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (deck_credentials_lookup_finish (result, &user, password, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (user, ==, "admin");
  if (*password == NULL)
    *password = g_strdup ("");
}

static gpointer
find_window (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;

  return NULL;
}

/* Closing the assistant while it creates asks first; answers @response. */
static void
close_and_answer (DeckCreateAssistant *assistant,
                  const char          *response)
{
  AdwMessageDialog *dialog;

  gtk_window_close (GTK_WINDOW (assistant));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (assistant)));
  dialog = find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog))
                 == GTK_WINDOW (assistant));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "continue");
  /* As its button would: the response, then the dialog closes. */
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  WAIT_UNTIL (find_window (ADW_TYPE_MESSAGE_DIALOG) == NULL, 10);
}

static void
test_create_to_green (void)
{
  SandboxSession *sandbox;
  NotificationServer *notifications;
  GApplication *app;
  DeckWindow *window;
  GtkWidget *elsewhere;
  AdwViewStack *views;
  DeckCreateAssistant *assistant;
  DeckCreateProgress *progress;
  g_autofree char *password = NULL;
  g_autofree char *stored = NULL;
  const char *context;
  const char *app_id;
  const char *id;
  g_autoptr(GVariant) notification = NULL;
  g_autoptr(GVariantDict) fields = NULL;
  const char *title;
  const char *body;
  DeckClusterRef ref = { NULL, "search-created", "elasticsearch" };

  if (keyring == NULL)
    {
      g_test_skip ("No keyring to keep the password in");
      return;
    }
  sandbox = sandbox_session_start_with_flags ("test-create-assistant", sandbox_args,
                                              SANDBOX_SESSION_LENIENT);
  if (sandbox == NULL)
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }
  context = kube_config_get_current_context (sandbox->config);
  notifications = notification_server_start ();
  app = application_register ();

  /* The main window on the sandbox; New Cluster opens the assistant over it. */
  g_setenv ("KUBECONFIG", sandbox->sandbox->kubeconfig, TRUE);
  window = deck_window_new (NULL);
  g_object_ref_sink (window);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (g_strcmp0 (deck_window_get_state (window), "context") == 0, 30);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-cluster", NULL));
  assistant = find_window (DECK_TYPE_CREATE_ASSISTANT);
  g_assert_nonnull (assistant);
  g_object_ref (assistant);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (assistant))
                 == GTK_WINDOW (window));

  WAIT_UNTIL (deck_create_where_get_namespaces_known (
                deck_create_assistant_get_where (assistant)), 30);
  /* Two data nodes and three dedicated masters: two StatefulSets. */
  deck_create_cluster_set_name (deck_create_assistant_get_cluster (assistant), "created");
  deck_create_where_set_new_namespace (deck_create_assistant_get_where (assistant),
                                       "search-created");
  deck_create_cluster_set_dedicated_masters (deck_create_assistant_get_cluster (assistant),
                                             TRUE);
  deck_create_cluster_set_node_count (deck_create_assistant_get_cluster (assistant), 2);
  deck_create_resources_set_storage (deck_create_assistant_get_resources (assistant), "1Gi");
  password = g_strdup (deck_create_security_get_password (
                         deck_create_assistant_get_security (assistant)));
  go_to_review (assistant);
  g_assert_true (deck_create_assistant_get_can_next (assistant));

  /* The user works in another application's window while the cluster is made, so that
   * green is told by a notification: neither Searchdeck window may be active then. */
  elsewhere = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (elsewhere), 200, 100);
  focus_window (GTK_WINDOW (elsewhere));
  g_assert_false (gtk_window_is_active (GTK_WINDOW (window)));
  g_assert_false (gtk_window_is_active (GTK_WINDOW (assistant)));

  /* Create: the objects, the pods, then green. */
  deck_create_assistant_set_timeout (assistant, 180);
  deck_create_assistant_next (assistant);
  g_assert_cmpint (deck_create_assistant_get_step (assistant), ==, DECK_CREATE_STEP_CREATE);
  progress = deck_create_assistant_get_progress (assistant);
  g_assert_true (deck_create_progress_get_running (progress));
  g_assert_false (deck_create_assistant_get_can_back (assistant));
  /* While creating, closing asks; Continue goes on. */
  close_and_answer (assistant, "continue");
  g_assert_true (deck_create_progress_get_running (progress));

  /* Meanwhile the user looks at another cluster's pods: the new cluster opens on its
   * Overview all the same. */
  views = deck_cluster_page_get_views (deck_window_get_cluster_page (window));
  deck_window_open_cluster (window, NULL, "demo", "elasticsearch");
  WAIT_UNTIL (g_strcmp0 (deck_window_get_state (window), "cluster") == 0, 30);
  adw_view_stack_set_visible_child_name (views, "pods");

  WAIT_UNTIL (!deck_create_progress_get_running (progress), 240);
  g_test_message ("error: %s", deck_create_progress_get_error (progress));
  g_assert_true (deck_create_progress_get_succeeded (progress));
  g_assert_cmpstr (deck_create_progress_get_health_text (progress), ==, "Green");
  for (guint i = 0; i < deck_create_progress_get_n_object_rows (progress); i++)
    g_assert_cmpstr (deck_create_progress_get_object_row_state (progress, i), ==, "Created");

  /* Once the password is kept the assistant closes, and the window shows the cluster. */
  WAIT_UNTIL (deck_create_assistant_get_finished (assistant), 30);
  g_assert_null (deck_create_assistant_get_keyring_error (assistant));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (assistant)));
  g_assert_finalize_object (assistant);
  WAIT_UNTIL (g_strcmp0 (deck_window_get_state (window), "cluster") == 0, 30);
  g_assert_true (deck_cluster_list_has_cluster (deck_window_get_cluster_list (window),
                                                "search-created", "elasticsearch"));

  /* Green was told, once, by the cluster's name and its namespace. */
  WAIT_UNTIL (notifications->added->len > 0, 10);
  g_assert_cmpuint (notifications->added->len, ==, 1);
  g_variant_get (notifications->added->pdata[0], "(&s&s@a{sv})", &app_id, &id, &notification);
  g_assert_cmpstr (app_id, ==, APPLICATION_ID ".Test");
  g_assert_cmpstr (id, ==, "cluster-created");
  fields = g_variant_dict_new (notification);
  g_assert_true (g_variant_dict_lookup (fields, "title", "&s", &title));
  g_assert_cmpstr (title, ==, "“created” Is Ready");
  g_assert_true (g_variant_dict_lookup (fields, "body", "&s", &body));
  g_assert_cmpstr (body, ==,
                   "The search cluster in the namespace “search-created” is up and green.");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (views), ==, "overview");

  /* The password is where the Overview looks for it, for either StatefulSet. */
  ref.context = context;
  deck_credentials_lookup_async (&ref, NULL, looked_up, &stored);
  WAIT_UNTIL (stored != NULL, 10);
  g_assert_cmpstr (stored, ==, password);
  g_clear_pointer (&stored, g_free);
  ref.cluster = "elasticsearch-master";
  deck_credentials_lookup_async (&ref, NULL, looked_up, &stored);
  WAIT_UNTIL (stored != NULL, 10);
  g_assert_cmpstr (stored, ==, password);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  gtk_window_destroy (GTK_WINDOW (elsewhere));
  g_assert_finalize_object (app);
  notification_server_stop (notifications);
  g_unsetenv ("KUBECONFIG");
  sandbox_session_stop (sandbox);
}

static void
created (GObject      *source_object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = kube_client_object_finish (KUBE_CLIENT (source_object), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
create_object (SandboxSession *sandbox,
               KubeResource    resource,
               const char     *namespace,
               const char     *json)
{
  g_autoptr(JsonNode) object = json_from_string (json, NULL);
  gboolean done = FALSE;

  kube_client_create_async (sandbox->kube, kube_resource_type_get (resource), namespace,
                            object, NULL, created, &done);
  WAIT_UNTIL (done, 30);
}

/* Makes the namespace @name with @labels (a JSON object) on the sandbox, lists the
 * namespaces again (as choosing the context does) and chooses it as the existing one. */
static void
choose_new_namespace (Fixture    *fixture,
                      const char *name,
                      const char *labels)
{
  DeckCreateWhere *where = deck_create_assistant_get_where (fixture->assistant);
  g_autofree char *json = NULL;

  json = g_strdup_printf ("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
                          "\"metadata\":{\"name\":\"%s\",\"labels\":%s}}", name, labels);
  create_object (fixture->sandbox, KUBE_RESOURCE_NAMESPACES, NULL, json);
  deck_create_where_set_client (where, fixture->sandbox->kube, NULL);
  WAIT_UNTIL (deck_create_where_get_namespaces_known (where), 30);
  g_assert_true (deck_create_where_choose_existing (where, name));
}

static void
got (GObject      *source_object,
     GAsyncResult *result,
     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = kube_client_get_finish (KUBE_CLIENT (source_object), result, &error);
  *(int *) user_data = node != NULL ? 1 : 2;
}

static gboolean
exists (SandboxSession *sandbox,
        KubeResource    resource,
        const char     *namespace,
        const char     *name)
{
  int answer = 0;

  kube_client_get_async (sandbox->kube, kube_resource_type_get (resource), namespace, name,
                         NULL, got, &answer);
  WAIT_UNTIL (answer != 0, 30);

  return answer == 1;
}

/* A namespace whose Pod Security level refuses the privileged init container: the Review
 * offers the variant without it, and choosing it makes the objects again and passes. */
static void
test_pod_security_offer (void)
{
  Fixture fixture = { 0 };
  DeckCreateAssistant *assistant;
  DeckCreateReview *review;
  OdfePreflight *preflight;
  GPtrArray *objects;

  if (!fixture_open (&fixture, "test-create-assistant"))
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }
  assistant = fixture.assistant;

  choose_new_namespace (&fixture, "strict",
                        "{\"pod-security.kubernetes.io/enforce\":\"baseline\"}");
  deck_create_cluster_set_name (deck_create_assistant_get_cluster (assistant), "strict");
  g_assert_false (deck_create_access_get_non_root (deck_create_assistant_get_access (assistant)));

  review = go_to_review (assistant);
  preflight = deck_create_review_get_preflight (review);
  g_assert_cmpint (odfe_preflight_get_check_state (preflight, ODFE_PREFLIGHT_POD_SECURITY), ==,
                   ODFE_CHECK_FAILED);
  g_assert_false (deck_create_review_get_can_create (review));
  g_assert_false (deck_create_assistant_get_can_next (assistant));
  g_assert_true (deck_create_review_get_offers_unprivileged (review));
  objects = deck_create_review_get_objects (review);

  /* One click: the Access step's switch is on, the objects are made again without the
   * init container, and the checks pass. */
  deck_create_review_choose_unprivileged (review);
  g_assert_true (deck_create_access_get_non_root (deck_create_assistant_get_access (assistant)));
  WAIT_UNTIL (!deck_create_review_get_generating (review)
              && deck_create_review_get_objects (review) != objects, 60);
  g_assert_false (deck_create_review_get_spec (review)->privileged_init);
  WAIT_UNTIL (deck_create_review_get_can_create (review), 60);
  g_assert_false (deck_create_review_get_offers_unprivileged (review));
  g_assert_null (strstr (deck_create_review_get_yaml (review), "init-sysctl"));
  g_assert_true (deck_create_assistant_get_can_next (assistant));

  fixture_close (&fixture);
}

static void
test_create_fails (void)
{
  Fixture fixture = { 0 };
  DeckCreateAssistant *assistant;
  DeckCreateProgress *progress;
  const char *error;
  guint rows;

  if (!fixture_open (&fixture, "test-create-assistant"))
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }
  assistant = fixture.assistant;

  /* An empty namespace, chosen as an existing one. */
  choose_new_namespace (&fixture, "taken", "{}");
  deck_create_cluster_set_name (deck_create_assistant_get_cluster (assistant), "refused");
  deck_create_resources_set_storage (deck_create_assistant_get_resources (assistant), "1Gi");
  go_to_review (assistant);
  g_assert_true (deck_create_assistant_get_can_next (assistant));
  g_assert_false (deck_create_review_get_keep_on_failure (
                    deck_create_assistant_get_review (assistant)));

  /* After the checks, someone else makes a ConfigMap of the name the cluster's own takes:
   * creating that one is refused midway. */
  create_object (fixture.sandbox, KUBE_RESOURCE_CONFIGMAPS, "taken",
                 "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
                 "\"metadata\":{\"name\":\"elasticsearch-config\",\"namespace\":\"taken\"},"
                 "\"data\":{\"mine\":\"yes\"}}");

  deck_create_assistant_next (assistant);
  progress = deck_create_assistant_get_progress (assistant);
  WAIT_UNTIL (!deck_create_progress_get_running (progress), 120);

  /* The server's own words, and what was deleted again. */
  g_assert_false (deck_create_progress_get_succeeded (progress));
  error = deck_create_progress_get_error (progress);
  g_test_message ("error: %s", error);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, "already exists"));
  rows = deck_create_progress_get_n_object_rows (progress);
  g_assert_cmpuint (rows, >=, 3);
  g_assert_cmpstr (deck_create_progress_get_object_row_state (progress, 0), ==,
                   "Deleted again");
  g_assert_false (exists (fixture.sandbox, KUBE_RESOURCE_SECRETS, "taken",
                          "elasticsearch-tls"));
  /* What was there before stays. */
  g_assert_true (exists (fixture.sandbox, KUBE_RESOURCE_CONFIGMAPS, "taken",
                         "elasticsearch-config"));
  g_assert_false (deck_create_assistant_get_finished (assistant));

  /* The user may go back to the review, whose checks now see the ConfigMap, or close. */
  g_assert_true (deck_create_assistant_get_can_back (assistant));
  deck_create_assistant_back (assistant);
  g_assert_cmpint (deck_create_assistant_get_step (assistant), ==, DECK_CREATE_STEP_REVIEW);
  WAIT_UNTIL (deck_create_review_get_reason (deck_create_assistant_get_review (assistant))
              != NULL
              && strstr (deck_create_review_get_reason (deck_create_assistant_get_review (
                           assistant)), "not possible") != NULL, 60);
  g_assert_false (deck_create_assistant_get_can_next (assistant));

  fixture_close (&fixture);
}

/* Stop, while the pods start: what was made is deleted again. */
static void
test_stop (void)
{
  Fixture fixture = { 0 };
  DeckCreateAssistant *assistant;
  DeckCreateProgress *progress;
  OdfeClusterCreation *creation;

  if (!fixture_open (&fixture, "test-create-assistant"))
    {
      g_test_skip ("SANDBOX_PATH is not set");
      return;
    }
  assistant = fixture.assistant;

  deck_create_cluster_set_name (deck_create_assistant_get_cluster (assistant), "stopped");
  deck_create_resources_set_storage (deck_create_assistant_get_resources (assistant), "1Gi");
  go_to_review (assistant);
  deck_create_assistant_next (assistant);
  progress = deck_create_assistant_get_progress (assistant);
  creation = deck_create_progress_get_creation (progress);
  WAIT_UNTIL (odfe_cluster_creation_get_n_pods (creation) > 0, 60);

  close_and_answer (assistant, "stop");
  g_assert_true (deck_create_progress_get_stopping (progress));
  WAIT_UNTIL (!deck_create_progress_get_running (progress), 120);
  g_test_message ("stopped: %s", deck_create_progress_get_error (progress));
  g_assert_false (deck_create_progress_get_succeeded (progress));
  g_assert_nonnull (deck_create_progress_get_error (progress));
  g_assert_false (exists (fixture.sandbox, KUBE_RESOURCE_NAMESPACES, NULL, "stopped"));
  g_assert_false (exists (fixture.sandbox, KUBE_RESOURCE_STATEFULSETS, "stopped",
                          "elasticsearch"));

  /* Once stopped, the window closes. */
  gtk_window_close (GTK_WINDOW (assistant));
  WAIT_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (assistant)), 10);

  fixture_close (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *why = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();

  keyring = keyring_session_start (&why);
  if (keyring == NULL)
    g_test_message ("No keyring (%s): the creation to green is skipped", why);

  g_test_add_func ("/create-assistant/steps", test_steps);
  g_test_add_func ("/create-assistant/review", test_review);
  g_test_add_func ("/create-assistant/create-to-green", test_create_to_green);
  g_test_add_func ("/create-assistant/create-fails", test_create_fails);
  g_test_add_func ("/create-assistant/pod-security-offer", test_pod_security_offer);
  g_test_add_func ("/create-assistant/stop", test_stop);

  status = g_test_run ();
  keyring_session_stop (keyring);

  return status;
}
