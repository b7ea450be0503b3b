/* deck-pods-page.c: the pods of one search cluster, live, in a sortable table
 *
 * The table is a GtkColumnView over a KubeStore of the pods the StatefulSet's selector
 * picks: the store follows the server with a watch and the view only makes widgets for the
 * rows on screen, so ten thousand pods cost no request and no widget each.  The search
 * node's roles, and which node is the elected master (a star), come from one _cat/nodes request of
 * the Overview's connection every few seconds.  Ages tick from one shared timer.
 *
 * Restart deletes a pod after DeckRestartDialog has asked the search cluster whether that
 * is safe; the row then shows it Terminating, made again and Ready, and a toast says when
 * it is back.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "kube-json.h"
#include "kube-object.h"
#include "kube-store.h"

#include "deck-pods-page.h"
#include "deck-events-view.h"
#include "deck-log-view.h"
#include "deck-restart-dialog.h"

#define TICK_SECONDS        1
#define NODES_EVERY_TICKS   5
#define RESTART_MAX_SECONDS 600
#define DIALOG_WAIT_MS      1000

/* A restart under way: the pod's name and the uid of the pod that was deleted. */
typedef struct
{
  char   *name;
  char   *old_uid;
  gint64  started;
} Restart;

struct _DeckPodsPage
{
  AdwBin               parent_instance;

  /* Template children */
  AdwToastOverlay     *toast_overlay;
  GtkSearchBar        *search_bar;
  GtkSearchEntry      *search_entry;
  GtkStack            *stack;
  GtkColumnView       *column_view;
  AdwStatusPage       *error_page;

  /* The models: store → rows → filter → sort → view */
  GListStore          *rows;            /* DeckPodRows, in the store's order */
  GtkFilterListModel  *filtered;
  GtkSortListModel    *sorted;
  GListModel          *shown;           /* for tests: the sorted rows' pods */
  GtkCustomFilter     *filter;
  char                *filter_text;     /* casefolded, NULL for none */

  /* The cluster shown */
  KubeClient          *client;
  char                *namespace;
  char                *name;
  KubeStore           *store;
  char                *error;
  DeckOverviewPage    *overview;        /* weak */
  GCancellable        *cancellable;
  gboolean             asked;

  /* _cat/nodes: name → OdfeNode */
  GHashTable          *nodes;
  GCancellable        *nodes_cancellable;
  GtkSorter           *roles_sorter;
  guint                nodes_serial;    /* bumped when _cat/nodes brings news */

  /* Cells that change without their pod changing: ages, and roles */
  GHashTable          *age_labels;
  GHashTable          *node_cells;
  guint                tick_id;
  guint                n_ticks;

  GHashTable          *restarts;        /* name → Restart */
  GtkWidget           *dialog;          /* weak */
  guint                dialog_timeout_id;
  AdwToast            *toast;
  char                *last_toast;
};

G_DEFINE_FINAL_TYPE (DeckPodsPage, deck_pods_page, ADW_TYPE_BIN)

/* A row of the table: the place of one pod, the same object from one version of the pod to
 * the next.  GTK 4.8's list views give a row its widgets back only for the very item it had:
 * fed the store's objects, which are new for each version, a burst of changes tore down and
 * made again a row of widgets for each changed pod on screen, then measured them all. */
#define DECK_TYPE_POD_ROW (deck_pod_row_get_type ())
G_DECLARE_FINAL_TYPE (DeckPodRow, deck_pod_row, DECK, POD_ROW, GObject)

struct _DeckPodRow
{
  GObject     parent_instance;

  KubeObject *pod;
};

G_DEFINE_FINAL_TYPE (DeckPodRow, deck_pod_row, G_TYPE_OBJECT)

static void
deck_pod_row_finalize (GObject *object)
{
  g_clear_object (&DECK_POD_ROW (object)->pod);

  G_OBJECT_CLASS (deck_pod_row_parent_class)->finalize (object);
}

static void
deck_pod_row_class_init (DeckPodRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = deck_pod_row_finalize;
}

static void
deck_pod_row_init (DeckPodRow *self)
{
}

static DeckPodRow *
deck_pod_row_new (KubeObject *pod)
{
  DeckPodRow *row = g_object_new (DECK_TYPE_POD_ROW, NULL);

  row->pod = g_object_ref (pod);
  return row;
}

/* The pod of an item of the models below the store (unchecked: sorting calls it often). */
#define POD(item) (((DeckPodRow *) (item))->pod)

/* For tests: the pods of a model of rows, in its order.  It keeps nothing of its own (GTK
 * 4.8's GtkMapListModel kept pods that had left it). */
#define DECK_TYPE_SHOWN_PODS (deck_shown_pods_get_type ())
G_DECLARE_FINAL_TYPE (DeckShownPods, deck_shown_pods, DECK, SHOWN_PODS, GObject)

struct _DeckShownPods
{
  GObject     parent_instance;

  GListModel *rows;
};

static GType
deck_shown_pods_get_item_type (GListModel *model)
{
  return KUBE_TYPE_OBJECT;
}

static guint
deck_shown_pods_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (DECK_SHOWN_PODS (model)->rows);
}

static gpointer
deck_shown_pods_get_item (GListModel *model,
                          guint       position)
{
  g_autoptr(DeckPodRow) row = g_list_model_get_item (DECK_SHOWN_PODS (model)->rows, position);

  return row != NULL ? g_object_ref (row->pod) : NULL;
}

static void
deck_shown_pods_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = deck_shown_pods_get_item_type;
  iface->get_n_items = deck_shown_pods_get_n_items;
  iface->get_item = deck_shown_pods_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (DeckShownPods, deck_shown_pods, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      deck_shown_pods_list_model_init))

static void
deck_shown_pods_dispose (GObject *object)
{
  DeckShownPods *self = DECK_SHOWN_PODS (object);

  if (self->rows != NULL)
    g_signal_handlers_disconnect_by_data (self->rows, self);
  g_clear_object (&self->rows);

  G_OBJECT_CLASS (deck_shown_pods_parent_class)->dispose (object);
}

static void
deck_shown_pods_class_init (DeckShownPodsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = deck_shown_pods_dispose;
}

static void
deck_shown_pods_init (DeckShownPods *self)
{
}

static DeckShownPods *
deck_shown_pods_new (GListModel *rows)
{
  DeckShownPods *self = g_object_new (DECK_TYPE_SHOWN_PODS, NULL);

  self->rows = g_object_ref (rows);
  g_signal_connect_swapped (rows, "items-changed", G_CALLBACK (g_list_model_items_changed),
                            self);
  return self;
}

static void
restart_free (Restart *restart)
{
  g_free (restart->name);
  g_free (restart->old_uid);
  g_free (restart);
}

static void
toast (DeckPodsPage *self,
       const char   *text)
{
  g_free (self->last_toast);
  self->last_toast = g_strdup (text);
  g_set_object (&self->toast, adw_toast_new (text));
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->toast));
}

/* Formatting */

/* The age as `kubectl get` prints it: "45s", "3m12s", "17m", "5h8m", "2d3h", "40d". */
static char *
format_age (GDateTime *created)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 seconds;

  if (created == NULL)
    return g_strdup ("");

  seconds = MAX (0, g_date_time_difference (now, created) / G_USEC_PER_SEC);
  if (seconds < 120)
    return g_strdup_printf ("%" G_GINT64_FORMAT "s", seconds);
  if (seconds < 10 * 60)
    return g_strdup_printf ("%" G_GINT64_FORMAT "m%" G_GINT64_FORMAT "s", seconds / 60,
                            seconds % 60);
  if (seconds < 3 * 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT "m", seconds / 60);
  if (seconds < 8 * 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT "h%" G_GINT64_FORMAT "m", seconds / 3600,
                            seconds % 3600 / 60);
  if (seconds < 2 * 86400)
    return g_strdup_printf ("%" G_GINT64_FORMAT "h", seconds / 3600);
  if (seconds < 8 * 86400)
    return g_strdup_printf ("%" G_GINT64_FORMAT "d%" G_GINT64_FORMAT "h", seconds / 86400,
                            seconds % 86400 / 3600);
  return g_strdup_printf ("%" G_GINT64_FORMAT "d", seconds / 86400);
}

static gboolean
pod_is_ready (KubeObject *pod)
{
  guint total = kube_object_get_total_containers (pod);

  return total > 0 && kube_object_get_ready_containers (pod) == total
         && g_strcmp0 (kube_object_get_status (pod), "Running") == 0;
}

/* An icon and a style class for kubectl's STATUS of @pod. */
static const char *
status_icon (KubeObject  *pod,
             const char **css_class)
{
  const char *status = kube_object_get_status (pod);

  *css_class = NULL;
  if (status == NULL)
    return "dialog-question-symbolic";

  if (g_str_equal (status, "Running"))
    {
      if (pod_is_ready (pod))
        {
          *css_class = "success";
          return "emblem-ok-symbolic";
        }
      /* Started, but the search node is not answering yet. */
      *css_class = "warning";
      return "content-loading-symbolic";
    }
  if (g_str_equal (status, "Terminating"))
    {
      *css_class = "warning";
      return "process-stop-symbolic";
    }
  if (g_str_equal (status, "Pending") || g_str_equal (status, "ContainerCreating")
      || g_str_equal (status, "PodInitializing") || g_str_has_prefix (status, "Init:"))
    {
      *css_class = "dim-label";
      return "content-loading-symbolic";
    }
  if (g_str_equal (status, "Completed"))
    {
      *css_class = "dim-label";
      return "object-select-symbolic";
    }

  /* CrashLoopBackOff, Error, Failed, ImagePullBackOff, OOMKilled, Evicted, … */
  *css_class = "error";
  return "dialog-error-symbolic";
}

/* "data, ingest, master" from _cat/nodes' letters. */
static char *
describe_roles (const char *letters)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (letters == NULL || letters[0] == '\0' || g_str_equal (letters, "-"))
    return g_strdup (_("coordinating only"));

  for (const char *c = letters; *c != '\0'; c++)
    switch (*c)
      {
      case 'm': g_ptr_array_add (names, (gpointer) _("master")); break;
      case 'd': g_ptr_array_add (names, (gpointer) _("data")); break;
      case 'i': g_ptr_array_add (names, (gpointer) _("ingest")); break;
      /* 'r', remote cluster client, is every node's by default: not worth the room. */
      case 'l': g_ptr_array_add (names, (gpointer) _("machine learning")); break;
      case 't': g_ptr_array_add (names, (gpointer) _("transform")); break;
      default: break;
      }
  g_ptr_array_add (names, NULL);

  /* TRANSLATORS: the separator between the roles of a node */
  return g_strjoinv (_(", "), (char **) names->pdata);
}

/* Comparing */

/* Names with their numbers compared as numbers: elasticsearch-2 before elasticsearch-10. */
static int
compare_natural (const char *a,
                 const char *b)
{
  if (a == NULL || b == NULL)
    return (a != NULL) - (b != NULL);

  while (*a != '\0' && *b != '\0')
    {
      if (g_ascii_isdigit (*a) && g_ascii_isdigit (*b))
        {
          const char *start_a = a;
          const char *start_b = b;
          gsize length_a;
          gsize length_b;
          int order;

          while (*start_a == '0' && g_ascii_isdigit (start_a[1]))
            start_a++;
          while (*start_b == '0' && g_ascii_isdigit (start_b[1]))
            start_b++;
          for (a = start_a; g_ascii_isdigit (*a); a++)
            ;
          for (b = start_b; g_ascii_isdigit (*b); b++)
            ;
          length_a = a - start_a;
          length_b = b - start_b;
          if (length_a != length_b)
            return length_a < length_b ? -1 : 1;
          order = strncmp (start_a, start_b, length_a);
          if (order != 0)
            return order;
          continue;
        }
      if (*a != *b)
        return (guchar) *a < (guchar) *b ? -1 : 1;
      a++;
      b++;
    }

  return (*a != '\0') - (*b != '\0');
}

static int
order_of (int difference)
{
  return difference < 0 ? GTK_ORDERING_SMALLER
         : difference > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static int
compare_uint (guint a,
              guint b)
{
  return a < b ? -1 : a > b;
}

static int
compare_name (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return order_of (compare_natural (kube_object_get_name (POD (a)),
                                    kube_object_get_name (POD (b))));
}

static int
compare_status (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  int order = g_strcmp0 (kube_object_get_status (POD (a)),
                         kube_object_get_status (POD (b)));

  return order_of (order != 0 ? order : compare_name (a, b, NULL));
}

static int
compare_ready (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  int order = compare_uint (kube_object_get_ready_containers (POD (a)),
                            kube_object_get_ready_containers (POD (b)));

  if (order == 0)
    order = compare_uint (kube_object_get_total_containers (POD (a)),
                          kube_object_get_total_containers (POD (b)));

  return order_of (order);
}

static int
compare_restarts (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  return order_of (compare_uint (kube_object_get_restarts (POD (a)),
                                 kube_object_get_restarts (POD (b))));
}

/* The younger, the smaller its age. */
static int
compare_age (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  GDateTime *created_a = kube_object_get_creation_timestamp (POD (a));
  GDateTime *created_b = kube_object_get_creation_timestamp (POD (b));

  if (created_a == NULL || created_b == NULL)
    return order_of ((created_a != NULL) - (created_b != NULL));

  return order_of (g_date_time_compare (created_b, created_a));
}

static int
compare_node (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return order_of (compare_natural (kube_object_get_node (POD (a)),
                                    kube_object_get_node (POD (b))));
}

static int
compare_ip (gconstpointer a,
            gconstpointer b,
            gpointer      user_data)
{
  return order_of (compare_natural (kube_object_get_pod_ip (POD (a)),
                                    kube_object_get_pod_ip (POD (b))));
}

static OdfeNode *
search_node_of (DeckPodsPage *self,
                KubeObject   *pod)
{
  return g_hash_table_lookup (self->nodes, kube_object_get_name (pod));
}

/* The elected master first, then by roles. */
static int
compare_roles (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  OdfeNode *node_a = search_node_of (user_data, POD (a));
  OdfeNode *node_b = search_node_of (user_data, POD (b));
  gboolean master_a = node_a != NULL && node_a->is_master;
  gboolean master_b = node_b != NULL && node_b->is_master;

  if (master_a != master_b)
    return master_a ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;

  return order_of (g_strcmp0 (node_a != NULL ? node_a->roles : NULL,
                              node_b != NULL ? node_b->roles : NULL));
}

/* Filtering */

static gboolean
contains (const char *haystack,
          const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;

  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

static gboolean
filter_pod (gpointer item,
            gpointer user_data)
{
  DeckPodsPage *self = user_data;
  KubeObject *pod = POD (item);

  if (self->filter_text == NULL)
    return TRUE;

  return contains (kube_object_get_name (pod), self->filter_text)
         || contains (kube_object_get_status (pod), self->filter_text)
         || contains (kube_object_get_node (pod), self->filter_text);
}

static void
on_search_changed (DeckPodsPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *previous = g_steal_pointer (&self->filter_text);
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  if (text[0] != '\0')
    self->filter_text = g_utf8_casefold (text, -1);

  if (g_strcmp0 (previous, self->filter_text) == 0)
    return;

  /* Typing on narrows what is shown; erasing widens it. */
  if (previous == NULL || (self->filter_text != NULL && strstr (self->filter_text, previous)))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (self->filter_text == NULL || strstr (previous, self->filter_text))
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  gtk_filter_changed (GTK_FILTER (self->filter), change);
}

static void
on_stop_search (DeckPodsPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

/* What the page shows: the table, or why there is none. */
static void
update_state (DeckPodsPage *self)
{
  const char *page = "pods";

  const GError *store_error = self->store != NULL ? kube_store_get_error (self->store) : NULL;

  if (self->error != NULL || (store_error != NULL && !kube_store_get_synced (self->store)))
    page = "error";
  else if (self->store == NULL || !kube_store_get_synced (self->store))
    page = "loading";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->store)) == 0)
    page = "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) == 0)
    page = "no-match";

  if (g_str_equal (page, "error"))
    adw_status_page_set_description (self->error_page,
                                     self->error != NULL ? self->error : store_error->message);
  gtk_stack_set_visible_child_name (self->stack, page);
}

/* Cells */

/* Tooltips come through ::query-tooltip from text kept on the widget: GTK 4.8 asks the
 * display server where the pointer is whenever a tooltip text is set on a visible widget, a
 * round trip per cell that a burst of new rows would pay for every row on screen. */
static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *text = g_object_get_data (G_OBJECT (widget), "deck-tooltip");

  if (text == NULL || text[0] == '\0')
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
set_tooltip (GtkWidget  *widget,
             const char *text)
{
  if (!gtk_widget_get_has_tooltip (widget))
    {
      gtk_widget_set_has_tooltip (widget, TRUE);
      g_signal_connect (widget, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
    }
  g_object_set_data_full (G_OBJECT (widget), "deck-tooltip", g_strdup (text), g_free);
}

static GtkWidget *
new_cell_label (gboolean numeric)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0 : 0.0);
  gtk_widget_set_margin_start (label, 3);
  gtk_widget_set_margin_end (label, 3);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");

  return label;
}

static void
setup_label (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  gtk_list_item_set_child (item, new_cell_label (FALSE));
}

static void
setup_numeric (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  gtk_list_item_set_child (item, new_cell_label (TRUE));
}

/* Whether @cell shows @pod already; if not, it remembers @pod as the one it shows now.
 *
 * A batch of pod changes makes GTK rebind every row from the first one that moved, nearly
 * all of them to the very pod they show: such a cell is left as it is rather than having its
 * icon, style classes and tooltip set again, which would restyle and measure it once more.
 * The cell keeps a reference, so that a pod freed meanwhile cannot pass for a new one at the
 * same address. */
static gboolean
cell_shows (GtkWidget  *cell,
            KubeObject *pod)
{
  if (g_object_get_data (G_OBJECT (cell), "deck-shown") == pod)
    return TRUE;

  g_object_set_data_full (G_OBJECT (cell), "deck-shown", g_object_ref (pod), g_object_unref);
  return FALSE;
}

static void
set_label (GtkListItem *item,
           const char  *text)
{
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text != NULL ? text : "");
}

static void
bind_name (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  KubeObject *pod = POD (gtk_list_item_get_item (item));

  if (!cell_shows (gtk_list_item_get_child (item), pod))
    set_label (item, kube_object_get_name (pod));
}

static void
setup_status (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *label = new_cell_label (FALSE);

  gtk_widget_set_margin_start (box, 3);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), gtk_image_new ());
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static void
bind_status (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  KubeObject *pod = POD (gtk_list_item_get_item (item));
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *icon = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_last_child (box);
  const char *css_class;
  const char *icon_name;
  const char *classes[2] = { NULL, NULL };

  if (cell_shows (box, pod))
    return;

  icon_name = status_icon (pod, &css_class);
  classes[0] = css_class;
  gtk_image_set_from_icon_name (GTK_IMAGE (icon), icon_name);
  gtk_widget_set_css_classes (icon, css_class != NULL ? classes : NULL);
  gtk_label_set_text (GTK_LABEL (label), kube_object_get_status (pod));
  set_tooltip (box, kube_object_get_status (pod));
}

static void
bind_ready (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  KubeObject *pod = POD (gtk_list_item_get_item (item));
  g_autofree char *text = NULL;

  if (cell_shows (gtk_list_item_get_child (item), pod))
    return;

  text = g_strdup_printf ("%u/%u", kube_object_get_ready_containers (pod),
                          kube_object_get_total_containers (pod));
  set_label (item, text);
}

static void
bind_restarts (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  KubeObject *pod = POD (gtk_list_item_get_item (item));
  g_autofree char *text = NULL;

  if (cell_shows (gtk_list_item_get_child (item), pod))
    return;

  text = g_strdup_printf ("%u", kube_object_get_restarts (pod));
  set_label (item, text);
}

static void
show_age (GtkLabel *label)
{
  g_autofree char *text = format_age (g_object_get_data (G_OBJECT (label), "deck-created"));

  gtk_label_set_text (label, text);
}

static void
bind_age (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  DeckPodsPage *self = user_data;
  GtkWidget *label = gtk_list_item_get_child (item);
  KubeObject *pod = POD (gtk_list_item_get_item (item));

  if (!cell_shows (label, pod))
    {
      GDateTime *created = kube_object_get_creation_timestamp (pod);

      g_object_set_data_full (G_OBJECT (label), "deck-created",
                              created != NULL ? g_date_time_ref (created) : NULL,
                              (GDestroyNotify) g_date_time_unref);
    }
  /* Unbound, it was not ticking. */
  show_age (GTK_LABEL (label));
  g_hash_table_add (self->age_labels, label);
}

static void
unbind_age (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  DeckPodsPage *self = user_data;

  g_hash_table_remove (self->age_labels, gtk_list_item_get_child (item));
}

static void
bind_node (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  KubeObject *pod = POD (gtk_list_item_get_item (item));

  if (!cell_shows (gtk_list_item_get_child (item), pod))
    set_label (item, kube_object_get_node (pod));
}

static void
bind_ip (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         gpointer                  user_data)
{
  KubeObject *pod = POD (gtk_list_item_get_item (item));

  if (!cell_shows (gtk_list_item_get_child (item), pod))
    set_label (item, kube_object_get_pod_ip (pod));
}

/* The roles cell shows what _cat/nodes says of the node named as the pod: a star for the
 * elected master, as the Overview marks it, then the roles in words. */
static void
show_search_node (DeckPodsPage *self,
                  GtkWidget    *cell)
{
  const char *pod_name = g_object_get_data (G_OBJECT (cell), "deck-pod");
  OdfeNode *node = pod_name != NULL ? g_hash_table_lookup (self->nodes, pod_name) : NULL;
  GtkWidget *star = gtk_widget_get_first_child (cell);
  GtkWidget *label = gtk_widget_get_last_child (cell);
  g_autofree char *roles = NULL;

  g_object_set_data (G_OBJECT (cell), "deck-nodes-serial",
                     GUINT_TO_POINTER (self->nodes_serial));
  gtk_widget_set_visible (star, node != NULL && node->is_master);

  roles = node != NULL ? describe_roles (node->roles) : NULL;
  gtk_label_set_text (GTK_LABEL (label), roles != NULL ? roles : "—");
  set_tooltip (label, roles);
  if (node == NULL)
    gtk_widget_add_css_class (label, "dim-label");
  else
    gtk_widget_remove_css_class (label, "dim-label");
}

static void
setup_roles (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *star = gtk_image_new_from_icon_name ("starred-symbolic");
  GtkWidget *label = new_cell_label (FALSE);

  set_tooltip (star, _("Elected master"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (star), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Elected master"), -1);
  gtk_widget_add_css_class (star, "accent");
  gtk_widget_set_margin_start (star, 3);
  gtk_widget_set_visible (star, FALSE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), star);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static void
bind_search_node (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  DeckPodsPage *self = user_data;
  GtkWidget *cell = gtk_list_item_get_child (item);
  KubeObject *pod = POD (gtk_list_item_get_item (item));
  guint serial = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "deck-nodes-serial"));

  g_hash_table_add (self->node_cells, cell);
  /* While unbound it missed what _cat/nodes said. */
  if (cell_shows (cell, pod) && serial == self->nodes_serial)
    return;

  g_object_set_data_full (G_OBJECT (cell), "deck-pod", g_strdup (kube_object_get_name (pod)),
                          g_free);
  show_search_node (self, cell);
}

static void
unbind_search_node (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  DeckPodsPage *self = user_data;

  g_hash_table_remove (self->node_cells, gtk_list_item_get_child (item));
}

/* The menu is made when it opens, not when the row is bound: a burst of pod changes
 * rebinds every row on screen, and a GtkPopoverMenu for each would cost far more than the
 * rest of the row. */
static void
create_actions_menu (GtkMenuButton *button,
                     gpointer       user_data)
{
  const char *name = g_object_get_data (G_OBJECT (button), "deck-pod");
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) restart = g_menu_item_new (_("_Restart…"), NULL);
  g_autoptr(GMenuItem) logs = g_menu_item_new (_("_Logs"), NULL);
  g_autoptr(GMenuItem) events = g_menu_item_new (_("_Events"), NULL);
  g_autoptr(GMenuItem) copy = g_menu_item_new (_("_Copy Name"), NULL);

  if (name == NULL)
    return;

  g_menu_item_set_action_and_target (restart, "pods.restart", "s", name);
  g_menu_item_set_action_and_target (logs, "pods.logs", "s", name);
  g_menu_item_set_action_and_target (events, "pods.events", "s", name);
  g_menu_item_set_action_and_target (copy, "pods.copy-name", "s", name);
  g_menu_append_item (menu, restart);
  g_menu_append_item (menu, logs);
  g_menu_append_item (menu, events);
  g_menu_append_item (menu, copy);
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

static void
setup_actions (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *button = gtk_menu_button_new ();

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_menu_button_set_has_frame (GTK_MENU_BUTTON (button), FALSE);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), create_actions_menu,
                                         NULL, NULL);
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  set_tooltip (button, _("Pod Actions"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Pod Actions"), -1);
  gtk_list_item_set_child (item, button);
}

static void
bind_actions (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (gtk_list_item_get_child (item));
  const char *name = kube_object_get_name (POD (gtk_list_item_get_item (item)));

  /* A menu made for another pod goes; the same pod's stays, in case it is open. */
  if (g_strcmp0 (g_object_get_data (G_OBJECT (button), "deck-pod"), name) != 0)
    {
      g_object_set_data_full (G_OBJECT (button), "deck-pod", g_strdup (name), g_free);
      if (gtk_menu_button_get_popover (button) != NULL)
        gtk_menu_button_set_menu_model (button, NULL);
    }
}

static GtkColumnViewColumn *
add_column (DeckPodsPage  *self,
            const char    *id,
            const char    *title,
            GCallback      setup,
            GCallback      bind,
            GCallback      unbind,
            GCompareDataFunc compare)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_signal_connect (factory, "setup", setup, self);
  g_signal_connect (factory, "bind", bind, self);
  if (unbind != NULL)
    g_signal_connect (factory, "unbind", unbind, self);

  column = gtk_column_view_column_new (title, g_object_ref (factory));
  g_object_set_data_full (G_OBJECT (column), "deck-id", g_strdup (id), g_free);
  if (compare != NULL)
    {
      GtkSorter *sorter = GTK_SORTER (gtk_custom_sorter_new (compare, self, NULL));

      gtk_column_view_column_set_sorter (column, sorter);
      g_object_unref (sorter);
    }
  gtk_column_view_append_column (self->column_view, column);

  return column;
}

static void
add_columns (DeckPodsPage *self)
{
  GtkColumnViewColumn *column;

  column = add_column (self, "name", _("Name"), G_CALLBACK (setup_label),
                       G_CALLBACK (bind_name), NULL, compare_name);
  gtk_column_view_column_set_expand (column, TRUE);
  gtk_column_view_sort_by_column (self->column_view, column, GTK_SORT_ASCENDING);

  /* Wide enough for ContainerCreating, so that the table does not jump as pods start. */
  column = add_column (self, "status", _("Status"), G_CALLBACK (setup_status),
                       G_CALLBACK (bind_status), NULL, compare_status);
  gtk_column_view_column_set_fixed_width (column, 142);
  add_column (self, "ready", _("Ready"), G_CALLBACK (setup_numeric),
              G_CALLBACK (bind_ready), NULL, compare_ready);
  add_column (self, "restarts", _("Restarts"), G_CALLBACK (setup_numeric),
              G_CALLBACK (bind_restarts), NULL, compare_restarts);
  add_column (self, "age", _("Age"), G_CALLBACK (setup_numeric),
              G_CALLBACK (bind_age), G_CALLBACK (unbind_age), compare_age);
  add_column (self, "node", _("Node"), G_CALLBACK (setup_label),
              G_CALLBACK (bind_node), NULL, compare_node);
  add_column (self, "ip", _("Pod IP"), G_CALLBACK (setup_label),
              G_CALLBACK (bind_ip), NULL, compare_ip);

  column = add_column (self, "roles", _("Roles"), G_CALLBACK (setup_roles),
                       G_CALLBACK (bind_search_node), G_CALLBACK (unbind_search_node),
                       compare_roles);
  /* Roles such as "data, ingest, master, remote_cluster_client" are long: the column shares
   * the room beyond the fixed ones with the names. */
  gtk_column_view_column_set_expand (column, TRUE);
  gtk_column_view_column_set_resizable (column, TRUE);
  self->roles_sorter = gtk_column_view_column_get_sorter (column);

  add_column (self, "actions", "", G_CALLBACK (setup_actions),
              G_CALLBACK (bind_actions), NULL, NULL);
}

/* The search nodes */

static int
compare_names (const void *a,
               const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* What the Roles column sorts by, for every search node, in one string: its names in order,
 * each with its roles and whether it is the elected master. */
static char *
sort_key_of_nodes (GHashTable *nodes)
{
  g_autofree gpointer *names = (gpointer *) g_hash_table_get_keys_as_array (nodes, NULL);
  guint n = g_hash_table_size (nodes);
  GString *text = g_string_new (NULL);

  qsort (names, n, sizeof (gpointer), compare_names);
  for (guint i = 0; i < n; i++)
    {
      OdfeNode *node = g_hash_table_lookup (nodes, names[i]);

      g_string_append_printf (text, "%s\t%s\t%d\n", (const char *) names[i],
                              node->roles != NULL ? node->roles : "", node->is_master);
    }

  return g_string_free (text, FALSE);
}

static void
nodes_done (GObject      *source_object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DeckPodsPage) self = user_data;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GHashTableIter iter;
  gpointer cell;

  nodes = odfe_client_list_finish (ODFE_CLIENT (source_object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->nodes_cancellable);
  if (nodes == NULL)
    {
      /* The Overview shows the cluster's failures; here the roles stay as they were. */
      g_debug ("Pods of %s/%s: _cat/nodes: %s", self->namespace, self->name, error->message);
      return;
    }

  before = sort_key_of_nodes (self->nodes);
  g_hash_table_remove_all (self->nodes);
  for (guint i = 0; i < nodes->len; i++)
    {
      OdfeNode *node = nodes->pdata[i];

      if (node->name != NULL)
        g_hash_table_insert (self->nodes, node->name, g_ptr_array_steal_index (nodes, i--));
    }
  self->nodes_serial++;

  g_hash_table_iter_init (&iter, self->node_cells);
  while (g_hash_table_iter_next (&iter, &cell, NULL))
    show_search_node (self, cell);

  /* Sorting by roles sorts every pod again: only when a role or the master changed, not at
   * each answer. */
  after = sort_key_of_nodes (self->nodes);
  if (g_strcmp0 (before, after) != 0)
    gtk_sorter_changed (self->roles_sorter, GTK_SORTER_CHANGE_DIFFERENT);
}

static OdfeClient *
search_client (DeckPodsPage *self)
{
  return self->overview != NULL ? deck_overview_page_get_odfe_client (self->overview) : NULL;
}

static void
refresh_nodes (DeckPodsPage *self)
{
  OdfeClient *odfe = search_client (self);

  if (odfe == NULL || self->nodes_cancellable != NULL)
    return;

  self->nodes_cancellable = g_cancellable_new ();
  odfe_client_cat_nodes_async (odfe, self->nodes_cancellable, nodes_done,
                               g_object_ref (self));
}

/* Restarts under way */

static void
follow_restarts (DeckPodsPage *self)
{
  GHashTableIter iter;
  Restart *restart;
  gint64 now = g_get_monotonic_time ();

  if (self->store == NULL)
    return;

  g_hash_table_iter_init (&iter, self->restarts);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &restart))
    {
      KubeObject *pod = kube_store_lookup (self->store, self->namespace, restart->name);
      g_autofree char *text = NULL;

      if (pod != NULL && g_strcmp0 (kube_object_get_uid (pod), restart->old_uid) != 0
          && pod_is_ready (pod))
        {
          text = g_strdup_printf (_("%s restarted and is Ready"), restart->name);
          /* Its node has joined again: its roles, without waiting for the next round. */
          refresh_nodes (self);
        }
      else if (now - restart->started > RESTART_MAX_SECONDS * G_USEC_PER_SEC)
        text = g_strdup_printf (_("%s is still not Ready ten minutes after its restart"),
                                restart->name);
      else
        continue;

      toast (self, text);
      g_hash_table_iter_remove (&iter);
    }
}

/* A deletion under way: the page and the pod's name. */
typedef struct
{
  DeckPodsPage *self;
  char         *name;
} Deletion;

static void
deletion_free (Deletion *deletion)
{
  g_object_unref (deletion->self);
  g_free (deletion->name);
  g_free (deletion);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Deletion, deletion_free)

static void
delete_done (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Deletion) deletion = user_data;
  DeckPodsPage *self = deletion->self;
  const char *name = deletion->name;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = kube_client_object_finish (KUBE_CLIENT (source_object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (answer == NULL)
    {
      g_autofree char *text = NULL;

      g_hash_table_remove (self->restarts, name);
      /* TRANSLATORS: the first %s is a pod's name, the second why it failed */
      text = g_strdup_printf (_("%s was not restarted: %s"), name, error->message);
      toast (self, text);
    }
}

static void
on_restart_response (DeckPodsPage      *self,
                     const char        *response,
                     DeckRestartDialog *dialog)
{
  const char *name = deck_restart_dialog_get_pod_name (dialog);
  const char *uid = g_object_get_data (G_OBJECT (dialog), "deck-pod-uid");
  KubeDeleteOptions options = KUBE_DELETE_OPTIONS_INIT;
  Restart *restart;
  Deletion *deletion;

  if (!g_str_equal (response, DECK_RESTART_RESPONSE) || self->client == NULL)
    return;

  restart = g_new0 (Restart, 1);
  restart->name = g_strdup (name);
  restart->old_uid = g_strdup (uid);
  restart->started = g_get_monotonic_time ();
  g_hash_table_replace (self->restarts, restart->name, restart);

  /* Only the pod the user saw: one made again meanwhile is left alone. */
  options.precondition_uid = uid;
  deletion = g_new0 (Deletion, 1);
  deletion->self = g_object_ref (self);
  deletion->name = g_strdup (name);
  kube_client_delete_async (self->client, kube_resource_type_get (KUBE_RESOURCE_PODS),
                            self->namespace, name, &options, self->cancellable,
                            delete_done, deletion);
}

/* Actions */

static void
present_dialog (DeckPodsPage *self)
{
  g_clear_handle_id (&self->dialog_timeout_id, g_source_remove);
  if (self->dialog != NULL)
    gtk_window_present (GTK_WINDOW (self->dialog));
}

static gboolean
on_dialog_timeout (gpointer user_data)
{
  DeckPodsPage *self = user_data;

  self->dialog_timeout_id = 0;
  present_dialog (self);

  return G_SOURCE_REMOVE;
}

static void
restart_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DeckPodsPage *self = DECK_PODS_PAGE (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  KubeObject *pod;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->store == NULL)
    return;
  pod = kube_store_lookup (self->store, self->namespace, name);
  if (pod == NULL)
    return;

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));

  dialog = deck_restart_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                    search_client (self), name);
  g_object_set_data_full (G_OBJECT (dialog), "deck-pod-uid",
                          g_strdup (kube_object_get_uid (pod)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_restart_response), self,
                           G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->dialog, dialog);

  /* The dialog appears with the cluster's answer, which usually takes a moment; only a slow
   * answer shows it while it is still checking (its size then follows the longer text). */
  g_signal_connect_object (dialog, "notify::checked", G_CALLBACK (present_dialog), self,
                           G_CONNECT_SWAPPED);
  if (deck_restart_dialog_get_checked (DECK_RESTART_DIALOG (dialog)))
    present_dialog (self);
  else
    {
      g_clear_handle_id (&self->dialog_timeout_id, g_source_remove);
      self->dialog_timeout_id = g_timeout_add (DIALOG_WAIT_MS, on_dialog_timeout, self);
    }
}

static void
logs_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DeckPodsPage *self = DECK_PODS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  DeckLogView *view;

  if (self->client == NULL)
    return;

  view = deck_log_view_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->client,
                            self->namespace, g_variant_get_string (parameter, NULL));
  gtk_window_present (GTK_WINDOW (view));
}

static void
events_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DeckPodsPage *self = DECK_PODS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  DeckEventsView *view;

  if (self->client == NULL)
    return;

  view = deck_events_view_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->client,
                               self->namespace, g_variant_get_string (parameter, NULL));
  gtk_window_present (GTK_WINDOW (view));
}

static void
copy_name_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DeckPodsPage *self = DECK_PODS_PAGE (widget);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget),
                          g_variant_get_string (parameter, NULL));
  toast (self, _("Name copied"));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DeckPodsPage *self = DECK_PODS_PAGE (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The cluster */

/* In the store's order: by namespace, then name. */
static int
compare_keys (KubeObject *a,
              KubeObject *b)
{
  int order = g_strcmp0 (kube_object_get_namespace (a), kube_object_get_namespace (b));

  return order != 0 ? order : g_strcmp0 (kube_object_get_name (a), kube_object_get_name (b));
}

/* The rows follow the store, a pod still there keeping its row: the rows that were in the
 * changed range and the pods now in it are in the same order, so one walk pairs them. */
static void
on_store_items_changed (DeckPodsPage *self,
                        guint         position,
                        guint         removed,
                        guint         added,
                        GListModel   *store)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_full (added, g_object_unref);
  guint old = position;

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(KubeObject) pod = g_list_model_get_item (store, i);
      DeckPodRow *row = NULL;

      while (row == NULL && old < position + removed)
        {
          g_autoptr(DeckPodRow) candidate = g_list_model_get_item (G_LIST_MODEL (self->rows),
                                                                   old);
          int order = compare_keys (candidate->pod, pod);

          if (order > 0)
            break;
          old++;
          if (order == 0)
            {
              row = g_steal_pointer (&candidate);
              g_set_object (&row->pod, pod);
            }
        }

      g_ptr_array_add (rows, row != NULL ? row : deck_pod_row_new (pod));
    }

  g_list_store_splice (self->rows, position, removed, rows->pdata, rows->len);
}

static void
on_store_changed (DeckPodsPage *self)
{
  update_state (self);
  follow_restarts (self);
}

static void
drop_store (DeckPodsPage *self)
{
  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->store, self);
      kube_store_stop (self->store);
    }
  if (self->rows != NULL)
    g_list_store_remove_all (self->rows);
  g_clear_object (&self->store);
}

static void
statefulset_done (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DeckPodsPage) self = user_data;
  g_autoptr(JsonNode) statefulset = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *selector = NULL;

  statefulset = kube_client_get_finish (KUBE_CLIENT (source_object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (statefulset != NULL)
    selector = kube_json_match_labels_selector (statefulset);
  if (selector == NULL)
    {
      g_free (self->error);
      self->error = error != NULL ? g_strdup (error->message)
                    : g_strdup_printf (_("The StatefulSet “%s” selects no pods by label."),
                                       self->name);
      self->asked = FALSE;
      update_state (self);
      return;
    }

  self->store = kube_store_new (self->client, kube_resource_type_get (KUBE_RESOURCE_PODS),
                                self->namespace, selector, NULL);
  g_signal_connect_object (self->store, "items-changed", G_CALLBACK (on_store_items_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "items-changed", G_CALLBACK (on_store_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "notify::synced", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "notify::error", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  kube_store_start (self->store);
  update_state (self);
}

/* Asks for the StatefulSet's selector, then lists and watches its pods. */
static void
start (DeckPodsPage *self)
{
  if (self->client == NULL || self->asked || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  self->asked = TRUE;
  g_clear_pointer (&self->error, g_free);
  update_state (self);
  kube_client_get_async (self->client, kube_resource_type_get (KUBE_RESOURCE_STATEFULSETS),
                         self->namespace, self->name, self->cancellable, statefulset_done,
                         g_object_ref (self));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  DeckPodsPage *self = DECK_PODS_PAGE (widget);

  if (self->store != NULL)
    return;

  self->asked = FALSE;
  start (self);
}

static void
reset (DeckPodsPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_cancellable_cancel (self->nodes_cancellable);
  g_clear_object (&self->nodes_cancellable);

  drop_store (self);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  g_hash_table_remove_all (self->nodes);
  self->nodes_serial++;
  g_hash_table_remove_all (self->restarts);
  g_clear_pointer (&self->error, g_free);
  self->asked = FALSE;
  update_state (self);
}

static gboolean
on_tick (gpointer user_data)
{
  DeckPodsPage *self = user_data;
  GHashTableIter iter;
  gpointer label;

  g_hash_table_iter_init (&iter, self->age_labels);
  while (g_hash_table_iter_next (&iter, &label, NULL))
    show_age (label);

  if (self->n_ticks++ % NODES_EVERY_TICKS == 0)
    refresh_nodes (self);
  follow_restarts (self);

  return G_SOURCE_CONTINUE;
}

void
deck_pods_page_set_cluster (DeckPodsPage *self,
                            KubeClient   *client,
                            const char   *namespace,
                            const char   *name)
{
  g_return_if_fail (DECK_IS_PODS_PAGE (self));
  g_return_if_fail (client == NULL || KUBE_IS_CLIENT (client));

  if (client == self->client && g_strcmp0 (namespace, self->namespace) == 0
      && g_strcmp0 (name, self->name) == 0)
    return;

  g_set_object (&self->client, client);
  g_free (self->namespace);
  self->namespace = g_strdup (namespace);
  g_free (self->name);
  self->name = g_strdup (name);

  reset (self);
  start (self);
}

void
deck_pods_page_set_overview (DeckPodsPage     *self,
                             DeckOverviewPage *overview)
{
  g_return_if_fail (DECK_IS_PODS_PAGE (self));
  g_return_if_fail (overview == NULL || DECK_IS_OVERVIEW_PAGE (overview));

  if (self->overview != NULL)
    g_signal_handlers_disconnect_by_data (self->overview, self);
  g_set_weak_pointer (&self->overview, overview);
  /* The search nodes' roles as soon as the cluster is reached. */
  if (overview != NULL)
    g_signal_connect_object (overview, "notify::odfe-client", G_CALLBACK (refresh_nodes), self,
                             G_CONNECT_SWAPPED);
}

GListModel *
deck_pods_page_get_model (DeckPodsPage *self)
{
  g_return_val_if_fail (DECK_IS_PODS_PAGE (self), NULL);

  if (self->shown == NULL)
    self->shown = G_LIST_MODEL (deck_shown_pods_new (G_LIST_MODEL (self->sorted)));

  return self->shown;
}

GtkColumnView *
deck_pods_page_get_column_view (DeckPodsPage *self)
{
  g_return_val_if_fail (DECK_IS_PODS_PAGE (self), NULL);

  return self->column_view;
}

GtkColumnViewColumn *
deck_pods_page_get_column (DeckPodsPage *self,
                           const char   *id)
{
  GListModel *columns;

  g_return_val_if_fail (DECK_IS_PODS_PAGE (self), NULL);

  columns = gtk_column_view_get_columns (self->column_view);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (column), "deck-id"), id) == 0)
        return column;
    }

  return NULL;
}

void
deck_pods_page_set_filter_text (DeckPodsPage *self,
                                const char   *text)
{
  g_return_if_fail (DECK_IS_PODS_PAGE (self));

  gtk_search_bar_set_search_mode (self->search_bar, text != NULL && text[0] != '\0');
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  on_search_changed (self);
}

GtkWindow *
deck_pods_page_get_restart_dialog (DeckPodsPage *self)
{
  g_return_val_if_fail (DECK_IS_PODS_PAGE (self), NULL);

  return self->dialog != NULL ? GTK_WINDOW (self->dialog) : NULL;
}

const char *
deck_pods_page_get_last_toast (DeckPodsPage *self)
{
  g_return_val_if_fail (DECK_IS_PODS_PAGE (self), NULL);

  return self->last_toast;
}

/* Life */

static void
deck_pods_page_map (GtkWidget *widget)
{
  DeckPodsPage *self = DECK_PODS_PAGE (widget);

  GTK_WIDGET_CLASS (deck_pods_page_parent_class)->map (widget);

  start (self);
  self->n_ticks = 0;
  on_tick (self);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (TICK_SECONDS, on_tick, self);
}

static void
deck_pods_page_unmap (GtkWidget *widget)
{
  DeckPodsPage *self = DECK_PODS_PAGE (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);

  GTK_WIDGET_CLASS (deck_pods_page_parent_class)->unmap (widget);
}

static void
deck_pods_page_dispose (GObject *object)
{
  DeckPodsPage *self = DECK_PODS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->nodes_cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->dialog_timeout_id, g_source_remove);
  drop_store (self);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  g_clear_weak_pointer (&self->dialog);
  g_clear_weak_pointer (&self->overview);
  g_clear_object (&self->client);
  g_clear_object (&self->toast);

  /* The toast overlay is both the bin's child and a template child: the bin lets it go
   * first, so that it is unparented once. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DECK_TYPE_PODS_PAGE);
  /* The sort model owns the filter model, which owns the rows and the filter. */
  g_clear_object (&self->shown);
  g_clear_object (&self->sorted);
  self->rows = NULL;
  self->filtered = NULL;
  self->filter = NULL;

  G_OBJECT_CLASS (deck_pods_page_parent_class)->dispose (object);
}

static void
deck_pods_page_finalize (GObject *object)
{
  DeckPodsPage *self = DECK_PODS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->nodes_cancellable);
  g_free (self->namespace);
  g_free (self->name);
  g_free (self->error);
  g_free (self->filter_text);
  g_free (self->last_toast);
  g_hash_table_unref (self->nodes);
  g_hash_table_unref (self->age_labels);
  g_hash_table_unref (self->node_cells);
  g_hash_table_unref (self->restarts);

  G_OBJECT_CLASS (deck_pods_page_parent_class)->finalize (object);
}

static void
deck_pods_page_class_init (DeckPodsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = deck_pods_page_dispose;
  object_class->finalize = deck_pods_page_finalize;
  widget_class->map = deck_pods_page_map;
  widget_class->unmap = deck_pods_page_unmap;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/searchdeck/Searchdeck/"
                                               "deck-pods-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckPodsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DeckPodsPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, DeckPodsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DeckPodsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DeckPodsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, DeckPodsPage, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);

  gtk_widget_class_install_action (widget_class, "pods.restart", "s", restart_action);
  gtk_widget_class_install_action (widget_class, "pods.logs", "s", logs_action);
  gtk_widget_class_install_action (widget_class, "pods.events", "s", events_action);
  gtk_widget_class_install_action (widget_class, "pods.copy-name", "s", copy_name_action);
  gtk_widget_class_install_action (widget_class, "pods.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "pods.retry", NULL, retry_action);
}

static void
deck_pods_page_init (DeckPodsPage *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->nodes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) odfe_node_free);
  self->age_labels = g_hash_table_new (NULL, NULL);
  self->node_cells = g_hash_table_new (NULL, NULL);
  self->restarts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) restart_free);

  add_columns (self);

  self->filter = gtk_custom_filter_new (filter_pod, self, NULL);
  self->rows = g_list_store_new (DECK_TYPE_POD_ROW);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (self->rows),
                                              GTK_FILTER (self->filter));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (self->filtered),
                                          g_object_ref (gtk_column_view_get_sorter (
                                                          self->column_view)));
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  g_signal_connect_object (self->sorted, "items-changed", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);

  /* Ctrl+F wherever the focus is in the window (the view switcher, the sidebar) while the
   * page is shown, not only from inside the table. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_f,
                                                                                  GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("pods.search")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  update_state (self);
}

GtkWidget *
deck_pods_page_new (void)
{
  return g_object_new (DECK_TYPE_PODS_PAGE, NULL);
}
