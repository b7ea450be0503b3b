/* test-window.c: the main window against kubeconfig files on disk
 *
 * Each test writes its own kubeconfig into a temporary directory, points
 * KUBECONFIG at it, opens a DeckWindow under the test display, and checks
 * what a person would see: the contexts in the sidebar, the current one
 * marked, the page for the chosen one, and the status pages for a missing or
 * malformed file.  The window must follow changes to the file on disk, and
 * must be finalized once destroyed.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "deck-context-row.h"
#include "deck-window.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

/* Contexts prod and staging (current), on two clusters; three_contexts adds qa. */
#define TWO_CONTEXTS \
  "apiVersion: v1\n" \
  "kind: Config\n" \
  "current-context: staging\n" \
  "clusters:\n" \
  "- name: prod\n" \
  "  cluster:\n" \
  "    server: https://prod.example.com:6443\n" \
  "- name: staging\n" \
  "  cluster:\n" \
  "    server: https://staging.example.com:6443\n" \
  "users:\n" \
  "- name: me\n" \
  "  user:\n" \
  "    token: not-a-real-token\n" \
  "contexts:\n" \
  "- name: prod\n" \
  "  context: {cluster: prod, user: me, namespace: search}\n" \
  "- name: staging\n" \
  "  context: {cluster: staging, user: me}\n"

static const char two_contexts[] = TWO_CONTEXTS;

static const char three_contexts[] =
  TWO_CONTEXTS
  "- name: qa\n"
  "  context: {cluster: staging, user: me, namespace: qa}\n";

/* Line 4 holds a tab where YAML allows none. */
static const char malformed[] =
  "apiVersion: v1\n"
  "kind: Config\n"
  "clusters:\n"
  "\t- name: broken\n";

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("searchdeck-window-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "config", NULL);
  g_setenv ("KUBECONFIG", fixture->path, TRUE);

  /* Every test starts from the schema's defaults. */
  g_settings_reset (settings, "last-context");
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);

  g_unsetenv ("KUBECONFIG");
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
write_config (Fixture    *fixture,
              const char *contents)
{
  g_autoptr(GError) error = NULL;

  /* g_file_set_contents replaces the file by rename, as editors and
   * `kubectl config` do. */
  g_file_set_contents (fixture->path, contents, -1, &error);
  g_assert_no_error (error);
}

typedef gboolean (*Condition) (DeckWindow *window, gconstpointer data);

/* Runs the main loop until @condition holds, for at most five seconds. */
static gboolean
wait_until (DeckWindow    *window,
            Condition      condition,
            gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!condition (window, data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (5000);
    }

  return TRUE;
}

static gboolean
state_is (DeckWindow    *window,
          gconstpointer  state)
{
  return g_strcmp0 (deck_window_get_state (window), state) == 0;
}

static guint
count_rows (DeckWindow *window)
{
  GtkWidget *list = GTK_WIDGET (deck_window_get_context_list (window));
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;

  return n;
}

static gboolean
has_rows (DeckWindow    *window,
          gconstpointer  n)
{
  return state_is (window, "context") && count_rows (window) == GPOINTER_TO_UINT (n);
}

static DeckContextRow *
row_at (DeckWindow *window,
        int         index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (deck_window_get_context_list (window),
                                                      index);

  g_assert_true (DECK_IS_CONTEXT_ROW (row));
  return DECK_CONTEXT_ROW (row);
}

static DeckWindow *
open_window (void)
{
  DeckWindow *window = deck_window_new (NULL);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
close_window (DeckWindow *window)
{
  GWeakRef ref;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_weak_ref_init (&ref, window);
  gtk_window_destroy (GTK_WINDOW (window));

  /* A read still under way holds the window until its callback runs. */
  for (;;)
    {
      GObject *still_alive = g_weak_ref_get (&ref);

      if (still_alive == NULL)
        break;
      g_object_unref (still_alive);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (5000);
    }

  g_weak_ref_clear (&ref);
}

static void
test_lists_contexts (Fixture       *fixture,
                     gconstpointer  data)
{
  DeckWindow *window;

  write_config (fixture, two_contexts);
  window = open_window ();

  g_assert_true (wait_until (window, has_rows, GUINT_TO_POINTER (2)));
  g_assert_cmpstr (deck_context_row_get_name (row_at (window, 0)), ==, "prod");
  g_assert_cmpstr (deck_context_row_get_name (row_at (window, 1)), ==, "staging");

  /* The kubeconfig's current context is marked, and chosen at first. */
  g_assert_false (deck_context_row_is_current (row_at (window, 0)));
  g_assert_true (deck_context_row_is_current (row_at (window, 1)));
  g_assert_cmpstr (deck_window_get_selected_context (window), ==, "staging");

  /* Choosing another is remembered for the next start. */
  g_assert_true (deck_window_select_context (window, "prod"));
  g_assert_cmpstr (deck_window_get_selected_context (window), ==, "prod");
  g_assert_false (deck_window_select_context (window, "no-such-context"));

  close_window (window);

  window = open_window ();
  g_assert_true (wait_until (window, has_rows, GUINT_TO_POINTER (2)));
  g_assert_cmpstr (deck_window_get_selected_context (window), ==, "prod");
  close_window (window);
}

static void
test_follows_file_changes (Fixture       *fixture,
                           gconstpointer  data)
{
  DeckWindow *window;

  write_config (fixture, two_contexts);
  window = open_window ();
  g_assert_true (wait_until (window, has_rows, GUINT_TO_POINTER (2)));
  g_assert_true (deck_window_select_context (window, "prod"));

  /* A context added on disk appears, and the choice survives the reload. */
  write_config (fixture, three_contexts);
  g_assert_true (wait_until (window, has_rows, GUINT_TO_POINTER (3)));
  g_assert_cmpstr (deck_context_row_get_name (row_at (window, 2)), ==, "qa");
  g_assert_cmpstr (deck_window_get_selected_context (window), ==, "prod");

  /* A file broken mid-edit gives the status page, not a crash. */
  write_config (fixture, malformed);
  g_assert_true (wait_until (window, state_is, "malformed"));
  g_assert_cmpuint (count_rows (window), ==, 0);

  /* Mended, the contexts come back. */
  write_config (fixture, two_contexts);
  g_assert_true (wait_until (window, has_rows, GUINT_TO_POINTER (2)));

  /* Deleted, Searchdeck explains what it needs. */
  g_assert_cmpint (g_unlink (fixture->path), ==, 0);
  g_assert_true (wait_until (window, state_is, "no-kubeconfig"));

  close_window (window);
}

static GtkLabel *
find_label_containing (GtkWidget  *widget,
                       const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return GTK_LABEL (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label_containing (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_malformed_names_file_and_line (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *location = NULL;
  DeckWindow *window;
  GtkLabel *label;

  write_config (fixture, malformed);
  window = open_window ();
  g_assert_true (wait_until (window, state_is, "malformed"));

  /* What the user reads names the file and the line. */
  location = g_strdup_printf ("%s:4:", fixture->path);
  label = find_label_containing (GTK_WIDGET (window), location);
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (label)));

  close_window (window);
}

static void
test_no_kubeconfig (Fixture       *fixture,
                    gconstpointer  data)
{
  DeckWindow *window = open_window ();

  g_assert_true (wait_until (window, state_is, "no-kubeconfig"));
  g_assert_cmpuint (count_rows (window), ==, 0);

  /* The page says where Searchdeck looked. */
  g_assert_nonnull (find_label_containing (GTK_WIDGET (window), fixture->path));

  /* And a kubeconfig written afterwards is picked up without a restart. */
  write_config (fixture, two_contexts);
  g_assert_true (wait_until (window, has_rows, GUINT_TO_POINTER (2)));

  close_window (window);
}

/* Port 1 on the loopback: nothing listens there. */
static const char unreachable[] =
  "apiVersion: v1\n"
  "kind: Config\n"
  "current-context: down\n"
  "clusters:\n"
  "- name: down\n"
  "  cluster:\n"
  "    server: https://127.0.0.1:1\n"
  "users:\n"
  "- name: me\n"
  "  user:\n"
  "    token: not-a-real-token\n"
  "contexts:\n"
  "- name: down\n"
  "  context: {cluster: down, user: me}\n";

static gboolean
shows_label (DeckWindow    *window,
             gconstpointer  text)
{
  GtkLabel *label = find_label_containing (GTK_WIDGET (window), text);

  return label != NULL && gtk_widget_is_drawable (GTK_WIDGET (label));
}

static GtkButton *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return GTK_BUTTON (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkButton *found = find_button (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_connection_failure (Fixture       *fixture,
                         gconstpointer  data)
{
  DeckWindow *window;
  GtkButton *retry;

  write_config (fixture, unreachable);
  window = open_window ();
  g_assert_true (wait_until (window, has_rows, GUINT_TO_POINTER (1)));

  /* The failure is shown where the user looks, with the reason… */
  g_assert_true (wait_until (window, shows_label, "Cannot Connect"));
  g_assert_true (shows_label (window, "127.0.0.1:1"));

  /* …and a Retry that tries again, and fails again the same way. */
  retry = find_button (GTK_WIDGET (window), "_Retry");
  g_assert_nonnull (retry);
  g_signal_emit_by_name (retry, "clicked");
  g_assert_true (wait_until (window, shows_label, "Cannot Connect"));

  close_window (window);
}

static void
test_window_size_is_kept (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  DeckWindow *window;
  int width;
  int height;

  write_config (fixture, two_contexts);
  window = open_window ();
  g_assert_true (wait_until (window, has_rows, GUINT_TO_POINTER (2)));

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);

  window = open_window ();
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/window/lists-contexts", Fixture, NULL,
              fixture_set_up, test_lists_contexts, fixture_tear_down);
  g_test_add ("/window/follows-file-changes", Fixture, NULL,
              fixture_set_up, test_follows_file_changes, fixture_tear_down);
  g_test_add ("/window/malformed-names-file-and-line", Fixture, NULL,
              fixture_set_up, test_malformed_names_file_and_line, fixture_tear_down);
  g_test_add ("/window/no-kubeconfig", Fixture, NULL,
              fixture_set_up, test_no_kubeconfig, fixture_tear_down);
  g_test_add ("/window/connection-failure", Fixture, NULL,
              fixture_set_up, test_connection_failure, fixture_tear_down);
  g_test_add ("/window/window-size-is-kept", Fixture, NULL,
              fixture_set_up, test_window_size_is_kept, fixture_tear_down);

  return g_test_run ();
}
