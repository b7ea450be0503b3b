/* deck-application.c: the Searchdeck application object
 *
 * One instance per session (GApplication uniqueness): starting Searchdeck
 * again presents the window that is already open.  It owns the settings,
 * installs the application-wide actions and their shortcuts, and answers
 * `--version` without starting the interface.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* dladdr () is a GNU extension. */
#define _GNU_SOURCE

#include "config.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gnutls/gnutls.h>
#include <gtksourceview/gtksource.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "deck-application.h"
#include "deck-demo.h"
#include "deck-window.h"

struct _DeckApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  DeckDemo       *demo;
};

G_DEFINE_FINAL_TYPE (DeckApplication, deck_application, ADW_TYPE_APPLICATION)

static DeckWindow *ensure_window (DeckApplication *self);

DeckApplication *
deck_application_new (void)
{
  return g_object_new (DECK_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "resource-base-path", RESOURCE_PREFIX,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

GSettings *
deck_application_get_settings (DeckApplication *self)
{
  g_return_val_if_fail (DECK_IS_APPLICATION (self), NULL);

  return self->settings;
}

/* json-glib 1.6 has no runtime version call, but the file name of its shared
 * object carries the version (libjson-glib-1.0.so.0.600.6 is 1.6.6: libtool's
 * middle field is minor × 100 + micro), so ask the dynamic linker which file
 * holds one of its functions. */
static char *
get_json_glib_runtime_version (void)
{
  g_autofree char *target = NULL;
  g_autofree char *base = NULL;
  const char *numbers;
  Dl_info info;
  guint minor_micro;
  guint micro;

  if (dladdr ((void *) json_parser_new, &info) == 0 || info.dli_fname == NULL)
    return NULL;

  target = g_file_read_link (info.dli_fname, NULL);
  base = g_path_get_basename (target != NULL ? target : info.dli_fname);

  numbers = strstr (base, ".so.0.");
  if (numbers == NULL || sscanf (numbers, ".so.0.%u.%u", &minor_micro, &micro) != 2)
    return NULL;

  return g_strdup_printf ("1.%u.%u", minor_micro / 100, micro);
}

static void
append_library (GString    *info,
                const char *name,
                const char *runtime,
                int         build_major,
                int         build_minor,
                int         build_micro)
{
  g_autofree char *build = g_strdup_printf ("%d.%d.%d", build_major, build_minor, build_micro);

  g_string_append_printf (info, "%-12s %-12s %s\n",
                          name, runtime != NULL ? runtime : "unknown", build);
}

char *
deck_application_get_debug_info (void)
{
  g_autoptr(GString) info = g_string_new (NULL);
  g_autofree char *glib_runtime = NULL;
  g_autofree char *gtk_runtime = NULL;
  g_autofree char *adw_runtime = NULL;
  g_autofree char *soup_runtime = NULL;
  g_autofree char *json_runtime = NULL;

  glib_runtime = g_strdup_printf ("%u.%u.%u",
                                  glib_major_version, glib_minor_version, glib_micro_version);
  gtk_runtime = g_strdup_printf ("%u.%u.%u",
                                 gtk_get_major_version (), gtk_get_minor_version (),
                                 gtk_get_micro_version ());
  adw_runtime = g_strdup_printf ("%u.%u.%u",
                                 adw_get_major_version (), adw_get_minor_version (),
                                 adw_get_micro_version ());
  soup_runtime = g_strdup_printf ("%u.%u.%u",
                                  soup_get_major_version (), soup_get_minor_version (),
                                  soup_get_micro_version ());
  json_runtime = get_json_glib_runtime_version ();

  g_string_append_printf (info, "Searchdeck %s (%s)\n\n", PACKAGE_VERSION, APPLICATION_ID);
  g_string_append_printf (info, "%-12s %-12s %s\n", "Library", "Runtime", "Build");
  append_library (info, "GLib", glib_runtime,
                  GLIB_MAJOR_VERSION, GLIB_MINOR_VERSION, GLIB_MICRO_VERSION);
  append_library (info, "GTK", gtk_runtime,
                  GTK_MAJOR_VERSION, GTK_MINOR_VERSION, GTK_MICRO_VERSION);
  append_library (info, "libadwaita", adw_runtime,
                  ADW_MAJOR_VERSION, ADW_MINOR_VERSION, ADW_MICRO_VERSION);
  append_library (info, "libsoup", soup_runtime,
                  SOUP_MAJOR_VERSION, SOUP_MINOR_VERSION, SOUP_MICRO_VERSION);
  append_library (info, "json-glib", json_runtime,
                  JSON_MAJOR_VERSION, JSON_MINOR_VERSION, JSON_MICRO_VERSION);
  append_library (info, "GnuTLS", gnutls_check_version (NULL),
                  GNUTLS_VERSION_MAJOR, GNUTLS_VERSION_MINOR, GNUTLS_VERSION_PATCH);

  return g_string_free (g_steal_pointer (&info), FALSE);
}

static int
deck_application_handle_local_options (GApplication *app,
                                       GVariantDict *options)
{
  g_autoptr(GError) error = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_autofree char *info = deck_application_get_debug_info ();

      g_print ("%s", info);
      return EXIT_SUCCESS;
    }

  /* Through the action, so that `searchdeck --demo` also works when
   * Searchdeck is already running: the running instance starts the demo. */
  if (g_variant_dict_contains (options, "demo"))
    {
      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return EXIT_FAILURE;
        }
      g_action_group_activate_action (G_ACTION_GROUP (app), "demo", NULL);
    }

  return G_APPLICATION_CLASS (deck_application_parent_class)->handle_local_options (app, options);
}

static void
deck_application_activate (GApplication *app)
{
  DeckApplication *self = DECK_APPLICATION (app);

  gtk_window_present (GTK_WINDOW (ensure_window (self)));
}

static DeckWindow *
ensure_window (DeckApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (deck_window_new (self));

  return DECK_WINDOW (window);
}

static void
demo_started (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DeckApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  DeckWindow *window;

  window = ensure_window (self);

  if (!deck_demo_start_finish (DECK_DEMO (source_object), result, &error))
    {
      g_clear_object (&self->demo);
      deck_window_show_demo_failure (window, error);
      return;
    }

  deck_window_use_kubeconfig (window, deck_demo_get_kubeconfig (DECK_DEMO (source_object)),
                              TRUE);
}

static void
demo_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  DeckApplication *self = user_data;
  DeckWindow *window = ensure_window (self);

  gtk_window_present (GTK_WINDOW (window));

  if (self->demo != NULL)
    {
      /* Already running, or on its way: show it again. */
      if (deck_demo_is_running (self->demo))
        deck_window_use_kubeconfig (window, deck_demo_get_kubeconfig (self->demo), TRUE);
      return;
    }

  deck_window_show_demo_starting (window);
  self->demo = deck_demo_new ();
  deck_demo_start_async (self->demo, NULL, demo_started, g_object_ref (self));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  DeckApplication *self = user_data;
  GList *windows;

  /* Close windows one by one so that each saves its state. */
  while ((windows = gtk_application_get_windows (GTK_APPLICATION (self))) != NULL)
    gtk_window_destroy (windows->data);

  g_application_quit (G_APPLICATION (self));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  DeckApplication *self = user_data;
  g_autofree char *debug_info = deck_application_get_debug_info ();
  static const char *developers[] = { "The Searchdeck authors", NULL };
  GtkWindow *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "modal", TRUE,
                        "application-name", _("Searchdeck"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("The Searchdeck authors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Create, configure and watch Open Distro for "
                                      "Elasticsearch clusters on Kubernetes"),
                        "website", "https://github.com/searchdeck/searchdeck",
                        "issue-url", "https://github.com/searchdeck/searchdeck/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Searchdeck authors",
                        "developers", developers,
                        "translator-credits", _("translator-credits"),
                        "debug-info", debug_info,
                        "debug-info-filename", "searchdeck-debug-info.txt",
                        NULL);
  gtk_window_present (about);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "demo", demo_action },
};

static void
deck_application_startup (GApplication *app)
{
  DeckApplication *self = DECK_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *reload_accels[] = { "<Control>r", "F5", NULL };
  static const char *sidebar_accels[] = { "F9", NULL };
  static const char *help_accels[] = { "<Control>question", "F1", NULL };

  G_APPLICATION_CLASS (deck_application_parent_class)->startup (app);

  /* The Configuration page's editor: its languages, style schemes and widget types. */
  gtk_source_init ();

  self->settings = g_settings_new (APPLICATION_ID);

  /* libadwaita follows the system's dark style preference by default; say so
   * explicitly, since the window depends on it. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.reload", reload_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-sidebar",
                                         sidebar_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay",
                                         help_accels);
}

static void
deck_application_shutdown (GApplication *app)
{
  DeckApplication *self = DECK_APPLICATION (app);

  if (self->demo != NULL)
    deck_demo_stop (self->demo);

  G_APPLICATION_CLASS (deck_application_parent_class)->shutdown (app);
}

static void
deck_application_dispose (GObject *object)
{
  DeckApplication *self = DECK_APPLICATION (object);

  g_clear_object (&self->demo);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (deck_application_parent_class)->dispose (object);
}

static void
deck_application_class_init (DeckApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = deck_application_dispose;

  app_class->handle_local_options = deck_application_handle_local_options;
  app_class->startup = deck_application_startup;
  app_class->shutdown = deck_application_shutdown;
  app_class->activate = deck_application_activate;
}

static void
deck_application_init (DeckApplication *self)
{
  static const GOptionEntry options[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show the versions of Searchdeck and of its libraries, then exit"), NULL },
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Start a simulated Kubernetes with one healthy Open Distro cluster, and show it"),
      NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Run Open Distro for Elasticsearch clusters "
                                              "on Kubernetes."));
}
