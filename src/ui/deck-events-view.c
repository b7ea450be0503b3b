/* deck-events-view.c: a window of the Kubernetes events about one pod, newest first, live
 *
 * A KubeStore lists and watches the Events of the pod's namespace that the API server picks
 * with the field selector involvedObject.kind=Pod,involvedObject.name=<pod>, so that only
 * this pod's come over the wire; a sort model puts the latest first, and an event that
 * repeats (its count going up) moves back to the top.  Times are shown relative to now and
 * tick from one timer while the window is mapped; the exact time is in the tooltip.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "kube-object.h"
#include "kube-store.h"

#include "deck-events-view.h"

#define TICK_SECONDS 1

struct _DeckEventsView
{
  AdwWindow         parent_instance;

  /* Template children */
  AdwWindowTitle   *title;
  GtkStack         *stack;
  AdwStatusPage    *error_page;
  GtkListView      *list_view;

  KubeClient       *client;
  char             *namespace_;
  char             *pod;

  KubeStore        *store;
  GtkSortListModel *sorted;
  GHashTable       *time_labels;      /* the bound time labels, to tick */
  guint             tick_id;
  guint             to_top_id;
};

G_DEFINE_FINAL_TYPE (DeckEventsView, deck_events_view, ADW_TYPE_WINDOW)

/* Times */

/* "just now", "5 seconds ago", "3 minutes ago", "2 hours ago", "4 days ago". */
static char *
format_relative (GDateTime *when)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 seconds;
  gulong n;

  if (when == NULL)
    return g_strdup ("");

  /* A server clock ahead of this one must not make a time in the future. */
  seconds = MAX (0, g_date_time_difference (now, when) / G_USEC_PER_SEC);
  if (seconds < 2)
    return g_strdup (_("just now"));
  if (seconds < 60)
    {
      n = (gulong) seconds;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu second ago",
                                           "%lu seconds ago", n), n);
    }
  if (seconds < 3600)
    {
      n = (gulong) (seconds / 60);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu minute ago",
                                           "%lu minutes ago", n), n);
    }
  if (seconds < 2 * 86400)
    {
      n = (gulong) (seconds / 3600);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu hour ago",
                                           "%lu hours ago", n), n);
    }

  n = (gulong) (seconds / 86400);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu day ago", "%lu days ago", n), n);
}

static void
show_time (GtkLabel *label)
{
  GDateTime *when = g_object_get_data (G_OBJECT (label), "deck-time");
  g_autofree char *text = format_relative (when);

  gtk_label_set_text (label, text);
}

static gboolean
on_tick (gpointer user_data)
{
  DeckEventsView *self = user_data;
  GHashTableIter iter;
  gpointer label;

  g_hash_table_iter_init (&iter, self->time_labels);
  while (g_hash_table_iter_next (&iter, &label, NULL))
    show_time (label);

  return G_SOURCE_CONTINUE;
}

/* Order: the latest first; events of the same time by name, which the kubelet makes from
 * the pod's name and the time in nanoseconds, so the later one first too. */
static int
compare_newest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  GDateTime *time_a = kube_object_get_last_seen ((KubeObject *) a);
  GDateTime *time_b = kube_object_get_last_seen ((KubeObject *) b);
  int order = 0;

  if (time_a != NULL && time_b != NULL)
    order = g_date_time_compare (time_b, time_a);
  else if (time_a != NULL || time_b != NULL)
    order = time_a != NULL ? -1 : 1;

  if (order == 0)
    order = g_strcmp0 (kube_object_get_name ((KubeObject *) b),
                       kube_object_get_name ((KubeObject *) a));

  return order < 0 ? GTK_ORDERING_SMALLER : order > 0 ? GTK_ORDERING_LARGER
         : GTK_ORDERING_EQUAL;
}

/* Rows */

/* GTK 4.8 asks the display server where the pointer is whenever a tooltip is set, even to
 * the same text: set it only when it changes. */
static void
set_tooltip (GtkWidget  *widget,
             const char *text)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) != 0)
    gtk_widget_set_tooltip_text (widget, text);
}

typedef struct
{
  GtkImage *icon;
  GtkLabel *reason;
  GtkLabel *count;
  GtkLabel *time;
  GtkLabel *message;
  GtkLabel *source;
} Row;

static GtkLabel *
row_label (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return GTK_LABEL (label);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *heading = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  Row *row = g_new0 (Row, 1);

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 3);
  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 12);
  gtk_widget_set_margin_top (grid, 9);
  gtk_widget_set_margin_bottom (grid, 9);

  row->icon = GTK_IMAGE (gtk_image_new ());
  gtk_widget_add_css_class (GTK_WIDGET (row->icon), "warning");
  gtk_widget_set_size_request (GTK_WIDGET (row->icon), 16, 16);
  gtk_widget_set_valign (GTK_WIDGET (row->icon), GTK_ALIGN_START);
  gtk_widget_set_margin_top (GTK_WIDGET (row->icon), 2);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (row->icon), 0, 0, 1, 3);

  row->reason = row_label ("heading");
  row->count = row_label ("numeric");
  gtk_widget_add_css_class (GTK_WIDGET (row->count), "dim-label");
  row->time = row_label ("numeric");
  gtk_widget_add_css_class (GTK_WIDGET (row->time), "dim-label");
  gtk_widget_set_hexpand (GTK_WIDGET (row->time), TRUE);
  gtk_label_set_xalign (row->time, 1.0);
  gtk_box_append (GTK_BOX (heading), GTK_WIDGET (row->reason));
  gtk_box_append (GTK_BOX (heading), GTK_WIDGET (row->count));
  gtk_box_append (GTK_BOX (heading), GTK_WIDGET (row->time));
  gtk_grid_attach (GTK_GRID (grid), heading, 1, 0, 1, 1);

  /* Long messages wrap rather than widen the window. */
  row->message = row_label (NULL);
  gtk_label_set_wrap (row->message, TRUE);
  gtk_label_set_wrap_mode (row->message, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars (row->message, 20);
  gtk_label_set_max_width_chars (row->message, 80);
  gtk_widget_set_hexpand (GTK_WIDGET (row->message), TRUE);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (row->message), 1, 1, 1, 1);

  row->source = row_label ("caption");
  gtk_widget_add_css_class (GTK_WIDGET (row->source), "dim-label");
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (row->source), 1, 2, 1, 1);

  g_object_set_data_full (G_OBJECT (grid), "deck-row", row, g_free);
  gtk_list_item_set_child (item, grid);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  DeckEventsView *self = user_data;
  KubeObject *event = gtk_list_item_get_item (item);
  Row *row = g_object_get_data (G_OBJECT (gtk_list_item_get_child (item)), "deck-row");
  gboolean warning = g_strcmp0 (kube_object_get_event_type (event), "Warning") == 0;
  GDateTime *when = kube_object_get_last_seen (event);
  const char *source = kube_object_get_source (event);
  guint count = kube_object_get_count (event);
  g_autofree char *count_text = NULL;
  g_autofree char *exact = NULL;

  /* Only warnings are marked, so that they stand out; normal events keep the room. */
  if (warning)
    gtk_image_set_from_icon_name (row->icon, "dialog-warning-symbolic");
  else
    gtk_image_clear (row->icon);
  set_tooltip (GTK_WIDGET (row->icon), warning ? _("Warning") : NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  warning ? _("Warning") : _("Normal"), -1);

  gtk_label_set_text (row->reason, kube_object_get_reason (event));

  /* TRANSLATORS: how many times an event happened, as in "Unhealthy ×3" */
  count_text = count > 1 ? g_strdup_printf (_("×%u"), count) : NULL;
  gtk_label_set_text (row->count, count_text != NULL ? count_text : "");
  gtk_widget_set_visible (GTK_WIDGET (row->count), count_text != NULL);
  if (count_text != NULL)
    {
      g_autofree char *tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "Happened %u time",
                                                               "Happened %u times", count),
                                                  count);

      set_tooltip (GTK_WIDGET (row->count), tooltip);
    }

  g_object_set_data_full (G_OBJECT (row->time), "deck-time",
                          when != NULL ? g_date_time_ref (when) : NULL,
                          (GDestroyNotify) g_date_time_unref);
  show_time (row->time);
  if (when != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (when);

      exact = g_date_time_format (local, "%x %X");
    }
  set_tooltip (GTK_WIDGET (row->time), exact);
  g_hash_table_add (self->time_labels, row->time);

  gtk_label_set_text (row->message, kube_object_get_message (event));
  gtk_label_set_text (row->source, source != NULL ? source : "");
  gtk_widget_set_visible (GTK_WIDGET (row->source), source != NULL);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  DeckEventsView *self = user_data;
  Row *row = g_object_get_data (G_OBJECT (gtk_list_item_get_child (item)), "deck-row");

  g_hash_table_remove (self->time_labels, row->time);
  g_object_set_data (G_OBJECT (row->time), "deck-time", NULL);
}

/* The store */

static void
update_state (DeckEventsView *self)
{
  const GError *error = self->store != NULL ? kube_store_get_error (self->store) : NULL;
  gboolean synced = self->store != NULL && kube_store_get_synced (self->store);
  const char *page;

  if (error != NULL && !synced)
    page = "error";
  else if (!synced)
    page = "loading";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) == 0)
    page = "empty";
  else
    page = "events";

  if (error != NULL && !synced)
    adw_status_page_set_description (self->error_page, error->message);

  /* After the first list the store keeps trying by itself; the list stays, and says so. */
  adw_window_title_set_subtitle (self->title, error != NULL && synced
                                              ? _("Not in step with the cluster; reconnecting…")
                                              : self->namespace_);
  gtk_stack_set_visible_child_name (self->stack, page);
}

/* A list view keeps the row at its top in place when rows come above it, which here would
 * scroll each new event out of sight; a reader at the top stays at the top instead. */
static gboolean
scroll_to_top (gpointer user_data)
{
  DeckEventsView *self = user_data;

  self->to_top_id = 0;
  if (g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);

  return G_SOURCE_REMOVE;
}

static void
on_items_changed (DeckEventsView *self,
                  guint           position,
                  guint           removed,
                  guint           added)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));

  /* Before the list view has laid the new rows out: an idle of higher priority than
   * GTK's layout and drawing. */
  if (position == 0 && added > 0 && adjustment != NULL && self->to_top_id == 0
      && gtk_adjustment_get_value (adjustment) <= gtk_adjustment_get_lower (adjustment) + 1)
    self->to_top_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, scroll_to_top, self, NULL);

  update_state (self);
}

static void
drop_store (DeckEventsView *self)
{
  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->store, self);
      kube_store_stop (self->store);
    }
  if (self->sorted != NULL)
    gtk_sort_list_model_set_model (self->sorted, NULL);
  g_clear_object (&self->store);
}

static void
start_store (DeckEventsView *self)
{
  g_autofree char *selector = NULL;

  drop_store (self);

  selector = g_strdup_printf ("involvedObject.kind=Pod,involvedObject.name=%s", self->pod);
  self->store = kube_store_new (self->client, kube_resource_type_get (KUBE_RESOURCE_EVENTS),
                                self->namespace_, NULL, selector);
  g_signal_connect_object (self->store, "notify::synced", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "notify::error", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  gtk_sort_list_model_set_model (self->sorted, G_LIST_MODEL (self->store));
  kube_store_start (self->store);
  update_state (self);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  start_store (DECK_EVENTS_VIEW (widget));
}

/* Life */

static void
deck_events_view_map (GtkWidget *widget)
{
  DeckEventsView *self = DECK_EVENTS_VIEW (widget);

  GTK_WIDGET_CLASS (deck_events_view_parent_class)->map (widget);

  on_tick (self);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (TICK_SECONDS, on_tick, self);
}

static void
deck_events_view_unmap (GtkWidget *widget)
{
  DeckEventsView *self = DECK_EVENTS_VIEW (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);

  GTK_WIDGET_CLASS (deck_events_view_parent_class)->unmap (widget);
}

static void
deck_events_view_dispose (GObject *object)
{
  DeckEventsView *self = DECK_EVENTS_VIEW (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->to_top_id, g_source_remove);
  drop_store (self);
  g_clear_object (&self->sorted);

  G_OBJECT_CLASS (deck_events_view_parent_class)->dispose (object);
}

static void
deck_events_view_finalize (GObject *object)
{
  DeckEventsView *self = DECK_EVENTS_VIEW (object);

  g_clear_object (&self->client);
  g_free (self->namespace_);
  g_free (self->pod);
  g_hash_table_unref (self->time_labels);

  G_OBJECT_CLASS (deck_events_view_parent_class)->finalize (object);
}

static void
deck_events_view_class_init (DeckEventsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = deck_events_view_dispose;
  object_class->finalize = deck_events_view_finalize;
  widget_class->map = deck_events_view_map;
  widget_class->unmap = deck_events_view_unmap;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/searchdeck/Searchdeck/"
                                               "deck-events-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckEventsView, title);
  gtk_widget_class_bind_template_child (widget_class, DeckEventsView, stack);
  gtk_widget_class_bind_template_child (widget_class, DeckEventsView, error_page);
  gtk_widget_class_bind_template_child (widget_class, DeckEventsView, list_view);

  gtk_widget_class_install_action (widget_class, "events.retry", NULL, retry_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
deck_events_view_init (DeckEventsView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = NULL;
  GtkCustomSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->time_labels = g_hash_table_new (NULL, NULL);

  sorter = gtk_custom_sorter_new (compare_newest_first, NULL, NULL);
  self->sorted = gtk_sort_list_model_new (NULL, GTK_SORTER (sorter));
  g_signal_connect_object (self->sorted, "items-changed", G_CALLBACK (on_items_changed), self,
                           G_CONNECT_SWAPPED);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
}

DeckEventsView *
deck_events_view_new (GtkWindow  *parent,
                      KubeClient *client,
                      const char *namespace_,
                      const char *pod)
{
  DeckEventsView *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KUBE_IS_CLIENT (client), NULL);
  g_return_val_if_fail (namespace_ != NULL && pod != NULL, NULL);

  self = g_object_new (DECK_TYPE_EVENTS_VIEW, "transient-for", parent, NULL);
  self->client = g_object_ref (client);
  self->namespace_ = g_strdup (namespace_);
  self->pod = g_strdup (pod);

  title = g_strdup_printf (_("Events of %s"), pod);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->title, title);

  start_store (self);

  return self;
}

GListModel *
deck_events_view_get_model (DeckEventsView *self)
{
  g_return_val_if_fail (DECK_IS_EVENTS_VIEW (self), NULL);

  return G_LIST_MODEL (self->sorted);
}

const char *
deck_events_view_get_state (DeckEventsView *self)
{
  g_return_val_if_fail (DECK_IS_EVENTS_VIEW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}
