/* deck-overview-page.c: a search cluster at a glance, live from its REST API
 *
 * The page reaches the cluster the way DESIGN.md says every view does: a
 * port-forward to port 9200 of one of its Ready pods, TLS verified against
 * the root CA of its own `elasticsearch-tls` Secret for the name of its REST
 * Service, and basic auth with the password kept in the keyring.  All of that
 * is made the first time the page is shown for a cluster, and dropped when it
 * shows another one or when a round fails (so that the next round reads the
 * Secret and finds a pod afresh).
 *
 * While the page is on screen it asks the cluster every few seconds, in
 * rounds: the four requests of a round run together, and the next round is
 * scheduled only once all four have answered, so requests never pile up
 * behind a slow cluster.  A failed round replaces the health with the reason
 * and greys out the figures that are now stale; the "Last updated" time says
 * how old they are.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kube-error.h"
#include "kube-json.h"
#include "kube-portforward.h"
#include "kube-store.h"
#include "odfe-cert.h"
#include "odfe-error.h"
#include "odfe-forward.h"
#include "odfe-image.h"
#include "odfe-settings.h"

#include "deck-credentials.h"
#include "deck-credentials-dialog.h"
#include "deck-overview-page.h"

#define REFRESH_SECONDS 5
#define PODS_CALM_MS    300
#define TLS_SECRET      "elasticsearch-tls"
#define CONFIG_MAP      "elasticsearch-config"
#define NODE_CERT_KEY   "elk-rest-crt.pem"

typedef struct _Round Round;

struct _DeckOverviewPage
{
  AdwBin               parent_instance;

  /* Template children */
  GtkButton           *error_button;
  GtkImage            *health_icon;
  GtkLabel            *health_title;
  GtkLabel            *health_description;
  GtkSpinner          *spinner;
  GtkLabel            *updated_label;
  GtkLabel            *stale_label;
  GtkWidget           *live_box;
  GtkFlowBox          *figures;
  GtkGrid             *nodes_grid;
  GtkGrid             *indices_grid;
  AdwActionRow        *software_row;
  AdwActionRow        *image_row;
  AdwActionRow        *pods_row;
  AdwActionRow        *managed_row;
  AdwActionRow        *created_row;
  AdwActionRow        *endpoint_row;
  AdwActionRow        *https_row;
  AdwActionRow        *transport_row;
  AdwActionRow        *audit_row;
  GtkImage            *https_icon;
  GtkImage            *transport_icon;
  GtkImage            *audit_icon;
  AdwActionRow        *certificate_warning;
  AdwActionRow        *subject_row;
  AdwExpanderRow      *names_row;
  GtkLabel            *names_label;
  AdwActionRow        *issuer_row;
  AdwActionRow        *expiry_row;

  /* The cluster shown */
  KubeClient          *client;
  char                *context;
  char                *namespace;
  char                *name;
  char                *image;
  gint64               replicas;    /* -1 when unknown */

  /* The connection, made on first show */
  KubePortForward     *forward;
  OdfeClient          *odfe;
  KubeStore           *pods;
  char                *stream_error;
  char                *user_name;
  char                *password;    /* only when the keyring could not keep it */

  GSettings           *settings;

  /* Work under way */
  GCancellable        *cancellable;
  Round               *round;
  guint                timeout_id;
  GtkWidget           *dialog;
  gboolean             needs_password;
  gboolean             background;     /* reaches the cluster though hidden */
  gboolean             password_refused;

  /* What is shown */
  OdfeHealthStatus     health;
  char                *failure;
  GDateTime           *updated;
  gboolean             certificate_warned;
  guint                n_rounds;
};

G_DEFINE_FINAL_TYPE (DeckOverviewPage, deck_overview_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_ODFE_CLIENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One round of requests, with what they brought back.  Each pending
 * callback holds a reference; a round the page has moved on from (another
 * cluster, or disposal) is recognised by no longer being page->round. */
struct _Round
{
  gint              ref_count;
  DeckOverviewPage *self;
  GCancellable     *cancellable;
  guint             n_pending;
  char             *selector;
  OdfeInfo         *info;
  OdfeHealth       *health;
  GPtrArray        *nodes;
  GPtrArray        *indices;
  GError           *error;
  const char       *failure_title;
};

static void start_round (DeckOverviewPage *self);
static void fetch       (Round *round);

static Round *
round_new (DeckOverviewPage *self)
{
  Round *round = g_new0 (Round, 1);

  round->ref_count = 1;
  round->self = g_object_ref (self);
  round->cancellable = g_cancellable_new ();

  return round;
}

static Round *
round_ref (Round *round)
{
  round->ref_count++;
  return round;
}

static void
round_unref (Round *round)
{
  if (--round->ref_count > 0)
    return;

  g_clear_object (&round->self);
  g_clear_object (&round->cancellable);
  g_clear_pointer (&round->selector, g_free);
  g_clear_pointer (&round->info, odfe_info_free);
  g_clear_pointer (&round->health, odfe_health_free);
  g_clear_pointer (&round->nodes, g_ptr_array_unref);
  g_clear_pointer (&round->indices, g_ptr_array_unref);
  g_clear_error (&round->error);
  g_free (round);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Round, round_unref)

static gboolean
round_is_current (Round *round)
{
  return round->self->round == round;
}

static void
clear_password (DeckOverviewPage *self)
{
  if (self->password != NULL)
    explicit_bzero (self->password, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
}

/* Formatting */

static void
set_subtitle (AdwActionRow *row,
              const char   *text)
{
  adw_action_row_set_subtitle (row, text != NULL ? text : _("Unknown"));
}

static char *
format_count (gint64 value)
{
  if (value < 0)
    return g_strdup ("—");

  return g_strdup_printf ("%'" G_GINT64_FORMAT, value);
}

static char *
format_percent (gint64 value)
{
  if (value < 0)
    return g_strdup ("—");

  /* TRANSLATORS: a percentage, as in "42 %" */
  return g_strdup_printf (_("%d %%"), (int) CLAMP (value, 0, G_MAXINT));
}

static char *
format_load (double value)
{
  if (isnan (value) || value < 0)
    return g_strdup ("—");

  return g_strdup_printf ("%.2f", value);
}

static const char *
health_css_class (OdfeHealthStatus status)
{
  switch (status)
    {
    case ODFE_HEALTH_GREEN:
      return "success";
    case ODFE_HEALTH_YELLOW:
      return "warning";
    case ODFE_HEALTH_RED:
      return "error";
    case ODFE_HEALTH_UNKNOWN:
    default:
      return "dim-label";
    }
}

static const char *
health_name (OdfeHealthStatus status)
{
  switch (status)
    {
    case ODFE_HEALTH_GREEN:
      return _("Green");
    case ODFE_HEALTH_YELLOW:
      return _("Yellow");
    case ODFE_HEALTH_RED:
      return _("Red");
    case ODFE_HEALTH_UNKNOWN:
    default:
      return _("Unknown");
    }
}

static void
set_css_class (GtkWidget  *widget,
               const char *css_class)
{
  static const char * const classes[] = { "success", "warning", "error", "dim-label" };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (widget, classes[i]);
  if (css_class != NULL)
    gtk_widget_add_css_class (widget, css_class);
}

/* A label for a table cell; an unknown value ("—") says so to the pointer
 * and to screen readers. */
static GtkWidget *
cell (const char *text,
      float       xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (g_strcmp0 (text, "—") == 0)
    {
      gtk_widget_set_tooltip_text (label, _("Unknown"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Unknown"), -1);
      gtk_widget_add_css_class (label, "dim-label");
    }

  return label;
}

static GtkWidget *
numeric_cell (char *text)
{
  GtkWidget *label = cell (text, 1.0);

  gtk_widget_add_css_class (label, "numeric");
  g_free (text);

  return label;
}

static void
clear_figures (GtkFlowBox *figures)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (figures))) != NULL)
    gtk_flow_box_remove (figures, child);
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static void
add_headings (GtkGrid            *grid,
              const char * const *headings,
              const float        *xaligns,
              guint               n_headings)
{
  for (guint i = 0; i < n_headings; i++)
    {
      GtkWidget *label = gtk_label_new (headings[i]);

      gtk_label_set_xalign (GTK_LABEL (label), xaligns[i]);
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_grid_attach (grid, label, i, 0, 1, 1);
    }
}

/* The health card and the figures */

static void
show_health (DeckOverviewPage *self,
             OdfeHealth       *health)
{
  const char *icon_name;
  const char *description;

  self->health = health->status;

  switch (health->status)
    {
    case ODFE_HEALTH_GREEN:
      icon_name = "emblem-ok-symbolic";
      description = _("Every primary and replica shard is assigned: the cluster is fully "
                      "operational.");
      break;
    case ODFE_HEALTH_YELLOW:
      icon_name = "dialog-warning-symbolic";
      description = _("Every primary shard is assigned, but some replicas are not: all data "
                      "can be searched and written, but losing a node now could lose data.");
      break;
    case ODFE_HEALTH_RED:
      icon_name = "dialog-error-symbolic";
      description = _("Some primary shards are not assigned: part of the data cannot be "
                      "searched, and writes to it fail.");
      break;
    case ODFE_HEALTH_UNKNOWN:
    default:
      icon_name = "dialog-question-symbolic";
      description = _("The cluster gave a health status Searchdeck does not know.");
      break;
    }

  gtk_image_set_from_icon_name (self->health_icon, icon_name);
  set_css_class (GTK_WIDGET (self->health_icon), health_css_class (health->status));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->health_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, health_name (health->status),
                                  -1);
  gtk_label_set_text (self->health_title, health_name (health->status));
  gtk_label_set_text (self->health_description, description);
}

static void
add_figure (DeckOverviewPage *self,
            const char       *title,
            gint64            value,
            const char       *css_class)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *text = format_count (value);
  GtkWidget *number = gtk_label_new (text);
  GtkWidget *caption = gtk_label_new (title);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "overview-figure");
  gtk_widget_add_css_class (number, "title-1");
  gtk_widget_add_css_class (number, "numeric");
  if (value < 0)
    {
      gtk_widget_add_css_class (number, "dim-label");
      gtk_widget_set_tooltip_text (box, _("Unknown"));
    }
  else if (value > 0 && css_class != NULL)
    gtk_widget_add_css_class (number, css_class);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
  gtk_label_set_justify (GTK_LABEL (caption), GTK_JUSTIFY_CENTER);

  gtk_box_append (GTK_BOX (box), number);
  gtk_box_append (GTK_BOX (box), caption);
  gtk_flow_box_append (self->figures, box);
  /* Figures to read, not to pick: the keyboard passes over them. */
  gtk_widget_set_focusable (gtk_widget_get_parent (box), FALSE);
}

static void
show_figures (DeckOverviewPage *self,
              OdfeHealth       *health)
{
  clear_figures (self->figures);

  add_figure (self, _("Nodes"), health->number_of_nodes, NULL);
  add_figure (self, _("Data Nodes"), health->number_of_data_nodes, NULL);
  add_figure (self, _("Active Shards"), health->active_shards, NULL);
  add_figure (self, _("Relocating"), health->relocating_shards, NULL);
  add_figure (self, _("Initializing"), health->initializing_shards, "warning");
  add_figure (self, _("Unassigned"), health->unassigned_shards, "error");
}

/* The node table */

static gboolean
pod_is_ready (KubeObject *pod)
{
  return kube_object_get_deletion_timestamp (pod) == NULL
         && kube_object_get_total_containers (pod) > 0
         && kube_object_get_ready_containers (pod) == kube_object_get_total_containers (pod)
         && g_strcmp0 (kube_object_get_phase (pod), "Running") == 0;
}

static gboolean
pod_belongs (DeckOverviewPage *self,
             KubeObject       *pod)
{
  g_autofree char *owner = g_strconcat ("StatefulSet/", self->name, NULL);

  return g_strcmp0 (kube_object_get_owner (pod), owner) == 0;
}

/* The node's pod: by name (node.name is the pod's name in a StatefulSet made
 * as DESIGN.md says), else by address. */
static KubeObject *
find_pod (DeckOverviewPage *self,
          OdfeNode         *node)
{
  GListModel *pods = G_LIST_MODEL (self->pods);
  KubeObject *by_ip = NULL;

  if (self->pods == NULL)
    return NULL;

  for (guint i = 0; i < g_list_model_get_n_items (pods); i++)
    {
      g_autoptr(KubeObject) pod = g_list_model_get_item (pods, i);

      if (!pod_belongs (self, pod))
        continue;
      if (g_strcmp0 (kube_object_get_name (pod), node->name) == 0)
        return pod;
      if (by_ip == NULL && node->ip != NULL
          && g_strcmp0 (kube_object_get_pod_ip (pod), node->ip) == 0)
        by_ip = pod;
    }

  return by_ip;
}

static char *
describe_roles (const char *roles)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (const char *r = roles; r != NULL && *r != '\0'; r++)
    {
      switch (*r)
        {
        case 'm':
          g_ptr_array_add (names, (char *) _("master-eligible"));
          break;
        case 'd':
          g_ptr_array_add (names, (char *) _("data"));
          break;
        case 'i':
          g_ptr_array_add (names, (char *) _("ingest"));
          break;
        case 'r':
          g_ptr_array_add (names, (char *) _("remote cluster client"));
          break;
        default:
          break;
        }
    }
  g_ptr_array_add (names, NULL);

  return g_strjoinv (", ", (char **) names->pdata);
}

static void
add_node_row (DeckOverviewPage *self,
              OdfeNode         *node,
              int               row)
{
  GtkWidget *name_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *roles;
  GtkWidget *load;
  GtkWidget *pod_cell;
  KubeObject *pod = find_pod (self, node);
  g_autofree char *role_names = describe_roles (node->roles);
  g_autofree char *loads = NULL;

  gtk_box_append (GTK_BOX (name_box), cell (node->name != NULL ? node->name : "—", 0.0));
  if (node->is_master)
    {
      GtkWidget *star = gtk_image_new_from_icon_name ("starred-symbolic");

      gtk_widget_set_tooltip_text (star, _("Elected master"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (star), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Elected master"), -1);
      gtk_widget_add_css_class (star, "accent");
      gtk_box_append (GTK_BOX (name_box), star);
    }
  gtk_widget_set_hexpand (name_box, TRUE);
  gtk_grid_attach (self->nodes_grid, name_box, 0, row, 1, 1);

  roles = cell (node->roles != NULL && node->roles[0] != '\0' ? node->roles : "—", 0.0);
  gtk_widget_add_css_class (roles, "monospace");
  if (role_names[0] != '\0')
    gtk_widget_set_tooltip_text (roles, role_names);
  gtk_grid_attach (self->nodes_grid, roles, 1, row, 1, 1);

  gtk_grid_attach (self->nodes_grid, numeric_cell (format_percent (node->heap_percent)),
                   2, row, 1, 1);
  gtk_grid_attach (self->nodes_grid, numeric_cell (format_percent (node->ram_percent)),
                   3, row, 1, 1);
  gtk_grid_attach (self->nodes_grid, numeric_cell (format_percent (node->cpu_percent)),
                   4, row, 1, 1);

  load = numeric_cell (format_load (node->load_1m));
  if (!isnan (node->load_5m) && !isnan (node->load_15m))
    {
      /* TRANSLATORS: the load averages over 1, 5 and 15 minutes */
      loads = g_strdup_printf (_("1 min %.2f, 5 min %.2f, 15 min %.2f"),
                               node->load_1m, node->load_5m, node->load_15m);
      gtk_widget_set_tooltip_text (load, loads);
    }
  gtk_grid_attach (self->nodes_grid, load, 5, row, 1, 1);

  if (pod != NULL)
    {
      g_autofree char *where = NULL;

      g_autofree char *status = NULL;

      /* "Running" says nothing of readiness, which is what takes traffic. */
      if (pod_is_ready (pod))
        status = g_strdup (kube_object_get_status (pod));
      else
        /* TRANSLATORS: a pod's status ("Running") and that it is not Ready */
        status = g_strdup_printf (_("%s, not Ready"), kube_object_get_status (pod));
      pod_cell = cell (status, 0.0);
      if (kube_object_get_node (pod) != NULL)
        where = g_strdup_printf (_("Pod %s on %s"), kube_object_get_name (pod),
                                 kube_object_get_node (pod));
      else
        where = g_strdup_printf (_("Pod %s"), kube_object_get_name (pod));
      gtk_widget_set_tooltip_text (pod_cell, where);
    }
  else
    {
      pod_cell = cell (_("No pod"), 0.0);
      gtk_widget_add_css_class (pod_cell, "dim-label");
      gtk_widget_set_tooltip_text (pod_cell, _("No pod of this cluster has this node’s name "
                                               "or address"));
    }
  gtk_grid_attach (self->nodes_grid, pod_cell, 6, row, 1, 1);
}

static void
show_nodes (DeckOverviewPage *self,
            GPtrArray        *nodes)
{
  static const char *headings[] = {
    N_("Node"), N_("Roles"), N_("Heap"), N_("RAM"), N_("CPU"), N_("Load"), N_("Pod"),
  };
  static const float xaligns[] = { 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 0.0 };
  const char *translated[G_N_ELEMENTS (headings)];

  for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
    translated[i] = _(headings[i]);

  clear_grid (self->nodes_grid);
  add_headings (self->nodes_grid, translated, xaligns, G_N_ELEMENTS (headings));

  for (guint i = 0; i < nodes->len; i++)
    add_node_row (self, g_ptr_array_index (nodes, i), i + 1);

  if (nodes->len == 0)
    gtk_grid_attach (self->nodes_grid, cell (_("No nodes have joined the cluster."), 0.0),
                     0, 1, G_N_ELEMENTS (headings), 1);
}

/* The index table */

static gboolean
is_system_index (OdfeIndex *index)
{
  /* Dot-prefixed indices belong to the cluster's plugins (.opendistro_security,
   * .kibana…); the audit log's daily indices are the security plugin's too. */
  return index->name != NULL
         && (index->name[0] == '.' || g_str_has_prefix (index->name, "security-auditlog-"));
}

static void
add_index_row (DeckOverviewPage *self,
               OdfeIndex        *index,
               int               row)
{
  GtkWidget *dot = gtk_image_new_from_icon_name ("media-record-symbolic");
  GtkWidget *name_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *size = NULL;

  set_css_class (dot, health_css_class (index->health));
  gtk_widget_set_tooltip_text (dot, health_name (index->health));
  gtk_accessible_update_property (GTK_ACCESSIBLE (dot), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  health_name (index->health), -1);
  gtk_grid_attach (self->indices_grid, dot, 0, row, 1, 1);

  gtk_box_append (GTK_BOX (name_box), cell (index->name != NULL ? index->name : "—", 0.0));
  if (is_system_index (index))
    {
      GtkWidget *tag = gtk_label_new (_("System"));

      gtk_widget_add_css_class (tag, "overview-tag");
      gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (tag, _("Kept by the cluster’s plugins, not by users"));
      gtk_box_append (GTK_BOX (name_box), tag);
    }
  if (g_strcmp0 (index->status, "close") == 0)
    {
      GtkWidget *closed = gtk_label_new (_("Closed"));

      gtk_widget_add_css_class (closed, "overview-tag");
      gtk_widget_set_valign (closed, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (name_box), closed);
    }
  gtk_widget_set_hexpand (name_box, TRUE);
  gtk_grid_attach (self->indices_grid, name_box, 1, row, 1, 1);

  gtk_grid_attach (self->indices_grid, numeric_cell (format_count (index->docs_count)),
                   2, row, 1, 1);
  size = index->store_size >= 0 ? g_format_size (index->store_size) : g_strdup ("—");
  gtk_grid_attach (self->indices_grid, numeric_cell (g_steal_pointer (&size)), 3, row, 1, 1);
}

static void
show_indices (DeckOverviewPage *self,
              GPtrArray        *indices)
{
  static const char *headings[] = { "", N_("Index"), N_("Documents"), N_("Size") };
  static const float xaligns[] = { 0.5, 0.0, 1.0, 1.0 };
  const char *translated[G_N_ELEMENTS (headings)];
  int row = 1;

  for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
    translated[i] = headings[i][0] != '\0' ? _(headings[i]) : "";

  clear_grid (self->indices_grid);
  add_headings (self->indices_grid, translated, xaligns, G_N_ELEMENTS (headings));

  /* The users' own indices first, then the system's. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < indices->len; i++)
      {
        OdfeIndex *index = g_ptr_array_index (indices, i);

        if (is_system_index (index) == (pass == 1))
          add_index_row (self, index, row++);
      }

  if (indices->len == 0)
    gtk_grid_attach (self->indices_grid, cell (_("The cluster holds no indices."), 0.0),
                     1, 1, 3, 1);
}

/* The software row: the image's version, and the one the cluster answers with. */
static void
show_software (DeckOverviewPage *self,
               OdfeInfo         *info)
{
  g_autofree char *from_image = self->image != NULL ? odfe_image_describe (self->image) : NULL;
  g_autofree char *text = NULL;

  if (info == NULL || info->version == NULL)
    text = g_strdup (from_image);
  else if (info->flavour == ODFE_FLAVOUR_OPENSEARCH)
    text = g_strdup_printf (_("OpenSearch %s"), info->version);
  else if (from_image != NULL)
    /* TRANSLATORS: "Open Distro 1.13.3, Elasticsearch 7.10.2" */
    text = g_strdup_printf (_("%s, Elasticsearch %s"), from_image, info->version);
  else
    text = g_strdup_printf (_("Elasticsearch %s"), info->version);

  set_subtitle (self->software_row, text);
}

/* Failures */

static const char *
describe_failure (Round *round)
{
  const GError *error = round->error;

  if (round->failure_title != NULL)
    return round->failure_title;

  if (error->domain == ODFE_ERROR)
    switch (error->code)
      {
      case ODFE_ERROR_TLS:
        return _("The Cluster’s Certificate Was Not Accepted");
      case ODFE_ERROR_UNAUTHORIZED:
        return _("The Password Was Refused");
      case ODFE_ERROR_FORBIDDEN:
        return _("This User May Not Read the Cluster’s Health");
      case ODFE_ERROR_TIMEOUT:
        return _("The Cluster Did Not Answer in Time");
      case ODFE_ERROR_NETWORK:
        return _("The Cluster Cannot Be Reached");
      case ODFE_ERROR_UNAVAILABLE:
        return _("The Cluster Is Not Ready");
      default:
        return _("The Cluster Answered With an Error");
      }

  if (error->domain == KUBE_ERROR)
    switch (error->code)
      {
      case KUBE_ERROR_TIMEOUT:
        return _("Kubernetes Did Not Answer in Time");
      case KUBE_ERROR_FORBIDDEN:
        return _("Kubernetes Refused Access to the Cluster’s Objects");
      default:
        return _("The Cluster’s Objects Cannot Be Read");
      }

  return _("The Cluster Cannot Be Reached");
}

/* Says why the cluster cannot be shown, in place of its health, and greys
 * out what is left from the last answer: it is no longer current. */
static void
show_failure (DeckOverviewPage *self,
              const char       *title,
              const char       *description,
              gboolean          needs_password)
{
  g_free (self->failure);
  self->failure = g_strdup (title);
  self->health = ODFE_HEALTH_UNKNOWN;

  gtk_image_set_from_icon_name (self->health_icon,
                                needs_password ? "dialog-password-symbolic"
                                               : "network-error-symbolic");
  set_css_class (GTK_WIDGET (self->health_icon), "dim-label");
  gtk_label_set_text (self->health_title, title);
  gtk_label_set_text (self->health_description, description);
  gtk_widget_set_sensitive (self->live_box, FALSE);
  gtk_widget_add_css_class (self->live_box, "overview-stale");
  if (self->updated != NULL && gtk_widget_get_visible (self->live_box))
    {
      g_autofree char *at = g_date_time_format (self->updated, "%H:%M:%S");
      g_autofree char *text = NULL;

      /* TRANSLATORS: %s is a time of day, "14:05:09" */
      text = g_strdup_printf (_("The cluster’s last answer, at %s: it may no longer be so."),
                              at);
      gtk_label_set_text (self->stale_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->stale_label), TRUE);
    }

  gtk_button_set_label (self->error_button, needs_password ? _("_Sign In…") : _("_Retry"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->error_button),
                                  needs_password ? "overview.sign-in" : "overview.retry");
  gtk_widget_set_visible (GTK_WIDGET (self->error_button), TRUE);
}

static void
clear_failure (DeckOverviewPage *self)
{
  g_clear_pointer (&self->failure, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->error_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->stale_label), FALSE);
  gtk_widget_set_sensitive (self->live_box, TRUE);
  gtk_widget_remove_css_class (self->live_box, "overview-stale");
}

/* While the first answer is awaited: what was there before stays greyed
 * out, since it is not current. */
static void
show_connecting (DeckOverviewPage *self)
{
  gtk_image_set_from_icon_name (self->health_icon, "content-loading-symbolic");
  set_css_class (GTK_WIDGET (self->health_icon), "dim-label");
  gtk_label_set_text (self->health_title, _("Connecting…"));
  gtk_label_set_text (self->health_description, _("Searchdeck is asking the cluster how it is."));
  gtk_widget_set_visible (GTK_WIDGET (self->error_button), FALSE);
}

/* The connection */

/* Takes @odfe (may be NULL) as the page's client of the search cluster, and says so. */
static void
set_odfe (DeckOverviewPage *self,
          OdfeClient       *odfe)
{
  g_autoptr(OdfeClient) previous = g_steal_pointer (&self->odfe);

  self->odfe = odfe;
  if (previous != odfe)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ODFE_CLIENT]);
}

static void
drop_connection (DeckOverviewPage *self)
{
  if (self->forward != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->forward, self);
      kube_port_forward_close (self->forward);
    }
  g_clear_object (&self->forward);
  set_odfe (self, NULL);
  g_clear_pointer (&self->stream_error, g_free);
}

static void
drop_pods (DeckOverviewPage *self)
{
  if (self->pods != NULL)
    kube_store_stop (self->pods);
  g_clear_object (&self->pods);
}

static void
on_stream_error (DeckOverviewPage *self,
                 const GError     *error)
{
  g_debug ("Port-forward to %s/%s: %s", self->namespace, self->name, error->message);
  g_free (self->stream_error);
  self->stream_error = g_strdup (error->message);
}

static void schedule_next (DeckOverviewPage *self);
static void ask_password  (DeckOverviewPage *self,
                           gboolean          refused);

static void
finish_round (Round *round)
{
  DeckOverviewPage *self = round->self;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *updated = NULL;

  /* The page's reference goes at the end: callers still hold theirs. */
  g_assert (self->round == round);
  self->round = NULL;
  self->n_rounds++;
  gtk_spinner_set_spinning (self->spinner, FALSE);

  if (round->error != NULL && g_error_matches (round->error, ODFE_ERROR,
                                               ODFE_ERROR_UNAUTHORIZED))
    {
      /* Ask again; no further rounds until the user answers. */
      clear_password (self);
      drop_connection (self);
      self->needs_password = TRUE;
      self->password_refused = TRUE;
      show_failure (self, _("The Password Was Refused"),
                    _("The cluster did not accept the user name and password."), TRUE);
      ask_password (self, TRUE);
      round_unref (round);
      return;
    }

  if (round->error != NULL)
    {
      g_autofree char *description = NULL;

      /* A connection the port-forward closed has its reason there. */
      if (g_error_matches (round->error, ODFE_ERROR, ODFE_ERROR_NETWORK)
          && self->stream_error != NULL)
        description = g_strdup (self->stream_error);
      else
        description = g_strdup (round->error->message);

      g_debug ("Overview of %s/%s: %s", self->namespace, self->name, round->error->message);
      show_failure (self, describe_failure (round), description, FALSE);
      drop_connection (self);
    }
  else
    {
      clear_failure (self);
      gtk_widget_set_visible (self->live_box, TRUE);
      show_health (self, round->health);
      show_figures (self, round->health);
      show_nodes (self, round->nodes);
      show_indices (self, round->indices);
      show_software (self, round->info);

      now = g_date_time_new_now_local ();
      g_clear_pointer (&self->updated, g_date_time_unref);
      self->updated = g_date_time_ref (now);
    }

  if (self->updated != NULL)
    {
      g_autofree char *at = g_date_time_format (self->updated, "%H:%M:%S");

      /* TRANSLATORS: %s is a time of day, "14:05:09" */
      updated = g_strdup_printf (_("Last updated %s"), at);
    }
  gtk_label_set_text (self->updated_label, updated != NULL ? updated : "");

  round_unref (round);
  schedule_next (self);
}

/* One request of a round answered; the round ends with the last one.  The
 * first failure is the one the page reports. */
static void
request_done (Round  *round,
              GError *error)
{
  if (error != NULL && round->error == NULL)
    round->error = error;
  else if (error != NULL)
    g_error_free (error);

  if (--round->n_pending > 0)
    return;

  finish_round (round);
}

static gboolean
take_cancelled (Round  *round,
                GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !round_is_current (round))
    {
      g_clear_error (&error);
      return TRUE;
    }

  return FALSE;
}

static void
info_done (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Round) round = user_data;
  GError *error = NULL;
  OdfeInfo *info = odfe_client_info_finish (ODFE_CLIENT (source_object), result, &error);

  if (take_cancelled (round, error))
    {
      g_clear_pointer (&info, odfe_info_free);
      return;
    }

  round->info = info;
  request_done (round, error);
}

static void
health_done (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Round) round = user_data;
  GError *error = NULL;
  OdfeHealth *health = odfe_client_health_finish (ODFE_CLIENT (source_object), result, &error);

  if (take_cancelled (round, error))
    {
      g_clear_pointer (&health, odfe_health_free);
      return;
    }

  round->health = health;
  request_done (round, error);
}

static void
nodes_done (GObject      *source_object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Round) round = user_data;
  GError *error = NULL;
  GPtrArray *nodes = odfe_client_list_finish (ODFE_CLIENT (source_object), result, &error);

  if (take_cancelled (round, error))
    {
      g_clear_pointer (&nodes, g_ptr_array_unref);
      return;
    }

  round->nodes = nodes;
  request_done (round, error);
}

static void
indices_done (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Round) round = user_data;
  GError *error = NULL;
  GPtrArray *indices = odfe_client_list_finish (ODFE_CLIENT (source_object), result, &error);

  if (take_cancelled (round, error))
    {
      g_clear_pointer (&indices, g_ptr_array_unref);
      return;
    }

  round->indices = indices;
  request_done (round, error);
}

/* Whether the pods say there is nothing to connect to: known only once the
 * store has its first list. */
static gboolean
no_pod_ready (DeckOverviewPage *self)
{
  GListModel *pods = G_LIST_MODEL (self->pods);

  if (self->pods == NULL || !kube_store_get_synced (self->pods))
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (pods); i++)
    {
      g_autoptr(KubeObject) pod = g_list_model_get_item (pods, i);

      if (pod_belongs (self, pod) && pod_is_ready (pod))
        return FALSE;
    }

  return TRUE;
}

/* The data half of a round: the four requests, at once. */
static void
fetch (Round *round)
{
  DeckOverviewPage *self = round->self;

  if (no_pod_ready (self) && self->replicas == 0)
    {
      round->failure_title = _("No Pods");
      round->n_pending = 1;
      request_done (round, g_error_new (ODFE_ERROR, ODFE_ERROR_UNAVAILABLE,
                                        _("The StatefulSet “%s” is scaled to no pods: scale it "
                                          "up to start the cluster."),
                                        self->name));
      return;
    }

  if (no_pod_ready (self))
    {
      round->failure_title = _("No Pod Is Ready");
      round->n_pending = 1;
      request_done (round, g_error_new (ODFE_ERROR, ODFE_ERROR_UNAVAILABLE,
                                        _("None of the pods of “%s” is Ready, so there is "
                                          "nothing to connect to yet. Pods that are starting "
                                          "become Ready once their readiness probe passes."),
                                        self->name));
      return;
    }

  round->n_pending = 4;
  odfe_client_info_async (self->odfe, round->cancellable, info_done, round_ref (round));
  odfe_client_health_async (self->odfe, NULL, 0, round->cancellable, health_done,
                            round_ref (round));
  odfe_client_cat_nodes_async (self->odfe, round->cancellable, nodes_done, round_ref (round));
  odfe_client_cat_indices_async (self->odfe, round->cancellable, indices_done,
                                 round_ref (round));
}

/* A failure in the connecting half ends the round with it. */
static void
fail_round (Round      *round,
            GError     *error,
            const char *title)
{
  round->failure_title = title;
  round->n_pending = 1;
  request_done (round, error);
}

static void cancel_round (DeckOverviewPage *self);

/* The REST endpoint.  By default Searchdeck reaches the cluster through a
 * port-forward over the Kubernetes API, which needs nothing exposed; a
 * cluster behind a LoadBalancer or an ingress may be reached at its own
 * address instead, kept per cluster in the "rest-addresses" setting. */

static gboolean
lookup_rest_address (DeckOverviewPage  *self,
                     char             **address,
                     gboolean          *system_cas)
{
  g_autoptr(GVariant) entries = NULL;
  const char *context, *namespace, *name, *url;
  gboolean system;
  GVariantIter iter;

  if (self->settings == NULL || self->name == NULL)
    return FALSE;

  entries = g_settings_get_value (self->settings, "rest-addresses");
  g_variant_iter_init (&iter, entries);
  while (g_variant_iter_next (&iter, "(&s&s&s&sb)", &context, &namespace, &name, &url, &system))
    {
      if (g_strcmp0 (context, self->context) == 0 && g_strcmp0 (namespace, self->namespace) == 0
          && g_strcmp0 (name, self->name) == 0)
        {
          *address = g_strdup (url);
          *system_cas = system;
          return TRUE;
        }
    }

  return FALSE;
}

/* Keeps @address for the cluster shown, or forgets it when NULL. */
static void
save_rest_address (DeckOverviewPage *self,
                   const char       *address,
                   gboolean          system_cas)
{
  g_autoptr(GVariant) entries = g_settings_get_value (self->settings, "rest-addresses");
  GVariantBuilder builder;
  const char *context, *namespace, *name, *url;
  gboolean system;
  GVariantIter iter;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ssssb)"));
  g_variant_iter_init (&iter, entries);
  while (g_variant_iter_next (&iter, "(&s&s&s&sb)", &context, &namespace, &name, &url, &system))
    {
      if (g_strcmp0 (context, self->context) == 0 && g_strcmp0 (namespace, self->namespace) == 0
          && g_strcmp0 (name, self->name) == 0)
        continue;
      g_variant_builder_add (&builder, "(ssssb)", context, namespace, name, url, system);
    }

  if (address != NULL)
    g_variant_builder_add (&builder, "(ssssb)", self->context, self->namespace, self->name,
                           address, system_cas);

  g_settings_set_value (self->settings, "rest-addresses", g_variant_builder_end (&builder));
}

static void
show_endpoint (DeckOverviewPage *self)
{
  g_autofree char *address = NULL;
  g_autofree char *text = NULL;
  gboolean system_cas = FALSE;

  if (lookup_rest_address (self, &address, &system_cas))
    /* Translators: an https:// address, then how its certificate is checked. */
    text = g_strdup_printf (_("%s, verified with %s"), address,
                            system_cas ? _("the system’s certificate authorities")
                                       : _("the cluster’s own certificate authority"));
  else if (self->forward != NULL && kube_port_forward_get_pod_name (self->forward) != NULL)
    text = g_strdup_printf (_("Port-forward to %s, verified with the cluster’s own certificate "
                              "authority"), kube_port_forward_get_pod_name (self->forward));
  else
    text = g_strdup (_("Port-forward to a Ready pod, verified with the cluster’s own "
                       "certificate authority"));

  adw_action_row_set_subtitle (self->endpoint_row, text);
}

/* An address a person typed: https only, since basic auth must never travel
 * in clear, and a host. */
static gboolean
check_rest_address (const char  *text,
                    GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an address: write it as https://host:port"), text);
      return FALSE;
    }

  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The address must start with https://: the password would otherwise "
                     "cross the network unencrypted"));
      return FALSE;
    }

  return TRUE;
}

static void
on_endpoint_text_changed (GtkEditable     *entry,
                          AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  GtkWidget *problem = g_object_get_data (G_OBJECT (dialog), "problem");
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* An empty address means the port-forward, which is always acceptable. */
  ok = text[0] == '\0' || check_rest_address (text, &error);
  if (!ok)
    gtk_label_set_text (GTK_LABEL (problem), error->message);
  gtk_widget_set_visible (problem, !ok);
  adw_message_dialog_set_response_enabled (dialog, "save", ok);
}

static void
on_endpoint_response (DeckOverviewPage *self,
                      const char       *response,
                      AdwMessageDialog *dialog)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  GtkCheckButton *system = g_object_get_data (G_OBJECT (dialog), "system");
  g_autofree char *address = NULL;

  if (g_strcmp0 (response, "save") != 0)
    return;

  address = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  deck_overview_page_set_rest_address (self, address[0] != '\0' ? address : NULL,
                                       gtk_check_button_get_active (system), NULL);
}

gboolean
deck_overview_page_set_rest_address (DeckOverviewPage  *self,
                                     const char        *address,
                                     gboolean           system_cas,
                                     GError           **error)
{
  g_return_val_if_fail (DECK_IS_OVERVIEW_PAGE (self), FALSE);
  g_return_val_if_fail (self->name != NULL, FALSE);

  if (address != NULL && !check_rest_address (address, error))
    return FALSE;

  save_rest_address (self, address, system_cas);

  /* Connect afresh, the new way. */
  cancel_round (self);
  drop_connection (self);
  show_endpoint (self);
  deck_overview_page_refresh (self);

  return TRUE;
}

static void
edit_endpoint_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DeckOverviewPage *self = DECK_OVERVIEW_PAGE (widget);
  g_autofree char *address = NULL;
  gboolean system_cas = FALSE;
  GtkWidget *dialog;
  GtkWidget *box;
  GtkWidget *entry;
  GtkWidget *system;
  GtkWidget *problem;

  if (self->name == NULL)
    return;

  lookup_rest_address (self, &address, &system_cas);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("REST Endpoint"),
                                   _("Leave the address empty to reach the cluster through a "
                                     "port-forward over the Kubernetes API. Give one to reach "
                                     "it through its LoadBalancer or ingress."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "https://search.example.com:9200");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (entry), address != NULL ? address : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Address"), -1);
  system = gtk_check_button_new_with_mnemonic (_("Verify with the _system’s certificate "
                                                 "authorities instead of the cluster’s own"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (system), system_cas);
  problem = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (problem), TRUE);
  gtk_label_set_xalign (GTK_LABEL (problem), 0);
  gtk_widget_add_css_class (problem, "error");
  gtk_widget_set_visible (problem, FALSE);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), system);
  gtk_box_append (GTK_BOX (box), problem);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data (G_OBJECT (dialog), "system", system);
  g_object_set_data (G_OBJECT (dialog), "problem", problem);
  g_signal_connect (entry, "changed", G_CALLBACK (on_endpoint_text_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_endpoint_response), self,
                           G_CONNECT_SWAPPED);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
connect_forward (Round      *round,
                 const char *user_name,
                 const char *password,
                 GBytes     *ca)
{
  DeckOverviewPage *self = round->self;
  g_autoptr(KubePortForward) forward = NULL;
  g_autoptr(OdfeClient) odfe = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  gboolean system_cas = FALSE;

  /* An address of its own: no port-forward, and the certificate checked
   * for the name in that address. */
  if (lookup_rest_address (self, &address, &system_cas))
    {
      odfe = odfe_client_new (address, system_cas ? NULL : ca, NULL, &error);
      if (odfe == NULL)
        {
          fail_round (round, g_steal_pointer (&error), NULL);
          return;
        }
      odfe_client_set_credentials (odfe, user_name, password);
      set_odfe (self, g_steal_pointer (&odfe));
      show_endpoint (self);
      fetch (round);
      return;
    }

  odfe = odfe_client_new_forwarded (self->client, self->namespace, round->selector, ca,
                                    &forward, &error);
  if (odfe == NULL)
    {
      fail_round (round, g_steal_pointer (&error), NULL);
      return;
    }
  g_signal_connect_object (forward, "stream-error", G_CALLBACK (on_stream_error), self,
                           G_CONNECT_SWAPPED);
  odfe_client_set_credentials (odfe, user_name, password);

  self->forward = g_steal_pointer (&forward);
  set_odfe (self, g_steal_pointer (&odfe));
  show_endpoint (self);
  fetch (round);
}

typedef struct
{
  Round  *round;
  GBytes *ca;
} Connecting;

static void
connecting_free (Connecting *connecting)
{
  round_unref (connecting->round);
  g_bytes_unref (connecting->ca);
  g_free (connecting);
}

static void
lookup_done (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Connecting *connecting = user_data;
  Round *round = connecting->round;
  DeckOverviewPage *self = round->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *user_name = NULL;
  g_autofree char *password = NULL;

  deck_credentials_lookup_finish (result, &user_name, &password, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !round_is_current (round))
    goto out;

  if (password == NULL)
    {
      if (error != NULL)
        g_debug ("No password from the keyring: %s", error->message);

      /* Asked once; the answer goes to the keyring. */
      round_unref (g_steal_pointer (&self->round));
      gtk_spinner_set_spinning (self->spinner, FALSE);
      self->needs_password = TRUE;
      show_failure (self, _("Sign In to the Cluster"),
                    _("Searchdeck needs the user name and password of this cluster."), TRUE);
      ask_password (self, FALSE);
      goto out;
    }

  g_free (self->user_name);
  self->user_name = g_strdup (user_name);
  connect_forward (round, user_name, password, connecting->ca);

out:
  if (password != NULL)
    explicit_bzero (password, strlen (password));
  connecting_free (connecting);
}

static void
use_credentials (Round  *round,
                 GBytes *ca)
{
  DeckOverviewPage *self = round->self;
  DeckClusterRef ref = { self->context, self->namespace, self->name };
  Connecting *connecting;

  /* A password the keyring could not keep is used from memory. */
  if (self->password != NULL)
    {
      connect_forward (round, self->user_name, self->password, ca);
      return;
    }

  connecting = g_new0 (Connecting, 1);
  connecting->round = round_ref (round);
  connecting->ca = g_bytes_ref (ca);
  deck_credentials_lookup_async (&ref, round->cancellable, lookup_done, connecting);
}

/* A check for a protection that is on; a warning for one that is off when
 * being off is a risk (plain HTTP, nodes talking in the clear). */
static void
show_setting_icon (GtkImage         *icon,
                   OdfeSettingState  state,
                   gboolean          off_is_a_risk)
{
  const char *icon_name = NULL;
  const char *css_class = NULL;
  const char *label = NULL;

  if (state == ODFE_SETTING_ON)
    {
      icon_name = "emblem-ok-symbolic";
      css_class = "success";
      label = _("On");
    }
  else if (state == ODFE_SETTING_OFF && off_is_a_risk)
    {
      icon_name = "dialog-warning-symbolic";
      css_class = "warning";
      label = _("Off");
    }

  gtk_widget_set_visible (GTK_WIDGET (icon), icon_name != NULL);
  if (icon_name == NULL)
    return;

  gtk_image_set_from_icon_name (icon, icon_name);
  set_css_class (GTK_WIDGET (icon), css_class);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
show_settings (DeckOverviewPage *self,
               OdfeSettings     *settings,
               const char       *why_unknown)
{
  OdfeSettingState https = settings != NULL ? odfe_settings_get_https (settings)
                                            : ODFE_SETTING_UNKNOWN;
  OdfeSettingState transport = settings != NULL ? odfe_settings_get_transport_tls (settings)
                                                : ODFE_SETTING_UNKNOWN;
  const char *type = NULL;
  OdfeSettingState audit = settings != NULL ? odfe_settings_get_audit (settings, &type)
                                            : ODFE_SETTING_UNKNOWN;
  g_autofree char *audit_text = NULL;
  const char *unknown = why_unknown != NULL ? why_unknown
                        : settings == NULL ? _("Unknown")
                        : _("Unknown: the setting’s value is not valid");

  set_subtitle (self->https_row,
                https == ODFE_SETTING_ON ? _("On: the REST API answers over TLS only")
                : https == ODFE_SETTING_OFF ? _("Off: the REST API answers in plain HTTP")
                : unknown);
  set_subtitle (self->transport_row,
                transport == ODFE_SETTING_ON ? _("On: nodes talk to each other over TLS")
                : transport == ODFE_SETTING_OFF ? _("Off: no transport certificate is set")
                : unknown);

  if (audit == ODFE_SETTING_ON && g_strcmp0 (type, "internal_elasticsearch") == 0)
    audit_text = g_strdup (_("On, to the cluster’s own security-auditlog indices"));
  else if (audit == ODFE_SETTING_ON)
    /* TRANSLATORS: %s is the audit log's storage type, "webhook" or "log4j" */
    audit_text = g_strdup_printf (_("On, to %s"), type);
  else if (audit == ODFE_SETTING_OFF)
    audit_text = g_strdup (_("Off"));
  else
    audit_text = g_strdup (unknown);
  set_subtitle (self->audit_row, audit_text);

  show_setting_icon (self->https_icon, https, TRUE);
  show_setting_icon (self->transport_icon, transport, TRUE);
  show_setting_icon (self->audit_icon, audit, FALSE);
}

static void
config_map_done (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Connecting *connecting = user_data;
  Round *round = connecting->round;
  DeckOverviewPage *self = round->self;
  g_autoptr(JsonNode) config_map = NULL;
  g_autoptr(OdfeSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  const char *yaml;

  config_map = kube_client_get_finish (KUBE_CLIENT (source_object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !round_is_current (round))
    {
      connecting_free (connecting);
      return;
    }

  /* The settings are a side note of the page: without them it goes on. */
  yaml = config_map != NULL ? kube_json_path_string (config_map, "data", "elasticsearch.yml",
                                                     NULL)
                            : NULL;
  if (yaml != NULL)
    settings = odfe_settings_parse (yaml, strlen (yaml), &error);

  if (settings != NULL)
    show_settings (self, settings, NULL);
  else if (error != NULL)
    {
      g_autofree char *why = g_strdup_printf (_("Unknown: %s"), error->message);

      show_settings (self, NULL, why);
    }
  else
    show_settings (self, NULL, _("Unknown: the ConfigMap elasticsearch-config holds no "
                                 "elasticsearch.yml"));

  use_credentials (round, connecting->ca);
  connecting_free (connecting);
}

static void
secret_done (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Round) round = user_data;
  DeckOverviewPage *self = round->self;
  g_autoptr(JsonNode) secret = NULL;
  g_autoptr(GBytes) ca = NULL;
  GError *error = NULL;
  const char *encoded;
  Connecting *connecting;

  secret = kube_client_get_finish (KUBE_CLIENT (source_object), result, &error);
  if (take_cancelled (round, error))
    return;
  if (secret == NULL)
    {
      fail_round (round, error, _("The Cluster’s TLS Secret Cannot Be Read"));
      return;
    }

  encoded = kube_json_path_string (secret, "data", NODE_CERT_KEY, NULL);
  if (encoded != NULL)
    {
      gsize length = 0;
      g_autofree guchar *pem = g_base64_decode (encoded, &length);

      deck_overview_page_show_certificate (self, (const char *) pem, length);
    }
  else
    deck_overview_page_show_certificate (self, NULL, 0);

  ca = odfe_ca_from_tls_secret (secret, &error);
  if (ca == NULL)
    {
      fail_round (round, error, _("The Cluster’s TLS Secret Has No Root Certificate"));
      return;
    }

  connecting = g_new0 (Connecting, 1);
  connecting->round = round_ref (round);
  connecting->ca = g_steal_pointer (&ca);
  kube_client_get_async (self->client, kube_resource_type_get (KUBE_RESOURCE_CONFIGMAPS),
                         self->namespace, CONFIG_MAP, round->cancellable, config_map_done,
                         connecting);
}

static gboolean
on_timeout (gpointer user_data);

/* A change of the pods (one becoming Ready, or going away) likely changes
 * what the cluster says: it is worth a round now rather than at the next
 * refresh, so that the page is not left showing what is no longer so.
 * Changes come in bursts: the round waits for a short calm. */
static void
on_pods_changed (DeckOverviewPage *self)
{
  if (self->round != NULL || self->needs_password || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (PODS_CALM_MS, on_timeout, self);
}

static void
statefulset_done (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Round) round = user_data;
  DeckOverviewPage *self = round->self;
  g_autoptr(JsonNode) statefulset = NULL;
  GError *error = NULL;

  statefulset = kube_client_get_finish (KUBE_CLIENT (source_object), result, &error);
  if (take_cancelled (round, error))
    return;
  if (statefulset == NULL)
    {
      fail_round (round, error, NULL);
      return;
    }

  round->selector = kube_json_match_labels_selector (statefulset);
  if (round->selector == NULL)
    {
      fail_round (round, g_error_new (KUBE_ERROR, KUBE_ERROR_INVALID,
                                      _("The StatefulSet “%s” selects no pods by label."),
                                      self->name),
                  NULL);
      return;
    }

  /* The pods, to match nodes to them and to know when none is Ready. */
  if (self->pods == NULL)
    {
      self->pods = kube_store_new (self->client, kube_resource_type_get (KUBE_RESOURCE_PODS),
                                   self->namespace, round->selector, NULL);
      g_signal_connect_object (self->pods, "items-changed", G_CALLBACK (on_pods_changed), self,
                               G_CONNECT_SWAPPED);
      kube_store_start (self->pods);
    }

  kube_client_get_async (self->client, kube_resource_type_get (KUBE_RESOURCE_SECRETS),
                         self->namespace, TLS_SECRET, round->cancellable, secret_done,
                         round_ref (round));
}

static gboolean
on_timeout (gpointer user_data)
{
  DeckOverviewPage *self = user_data;

  self->timeout_id = 0;
  start_round (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_next (DeckOverviewPage *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);

  if (self->client == NULL || self->needs_password)
    return;
  /* Hidden, it only tries until connected, for the views beside it. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) && (!self->background || self->odfe != NULL))
    return;

  self->timeout_id = g_timeout_add_seconds (REFRESH_SECONDS, on_timeout, self);
}

static void
start_round (DeckOverviewPage *self)
{
  Round *round;

  if (self->round != NULL || self->client == NULL || self->name == NULL
      || self->needs_password)
    return;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  /* Only a wait the user notices gets a spinner, not the quiet refreshes. */
  gtk_spinner_set_spinning (self->spinner, self->updated == NULL || self->failure != NULL);

  round = round_new (self);
  self->round = round;

  if (self->odfe != NULL)
    {
      fetch (round);
      return;
    }

  /* Connecting: the StatefulSet's selector, the Secret's CA, the settings,
   * the password, then the port-forward. */
  drop_connection (self);
  kube_client_get_async (self->client, kube_resource_type_get (KUBE_RESOURCE_STATEFULSETS),
                         self->namespace, self->name, round->cancellable, statefulset_done,
                         round_ref (round));
}

static void
cancel_round (DeckOverviewPage *self)
{
  Round *round = g_steal_pointer (&self->round);

  if (round == NULL)
    return;

  /* The page's own reference; pending callbacks keep theirs and see that
   * the round is no longer current. */
  g_cancellable_cancel (round->cancellable);
  round_unref (round);
}

/* Password */

static void
password_stored (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DeckOverviewPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!deck_credentials_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Without a keyring the password lasts as long as this page. */
      g_debug ("The password could not be kept in the keyring: %s", error->message);
    }
  else
    clear_password (self);

  start_round (self);
}

static void
on_dialog_response (DeckOverviewPage      *self,
                    const char            *response,
                    DeckCredentialsDialog *dialog)
{
  DeckClusterRef ref = { self->context, self->namespace, self->name };
  const char *user_name = deck_credentials_dialog_get_user_name (dialog);
  const char *password = deck_credentials_dialog_get_password (dialog);

  self->dialog = NULL;

  if (g_strcmp0 (response, "sign-in") != 0)
    return;

  self->needs_password = FALSE;
  self->password_refused = FALSE;
  g_free (self->user_name);
  self->user_name = g_strdup (user_name);
  clear_password (self);
  self->password = g_strdup (password);
  show_connecting (self);

  deck_credentials_store_async (&ref, user_name, password, self->cancellable, password_stored,
                                g_object_ref (self));
}

static void
ask_password (DeckOverviewPage *self,
              gboolean          refused)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (self->dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->dialog));
      return;
    }

  dialog = deck_credentials_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        self->namespace, self->name, self->user_name, refused);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_dialog_response), self,
                           G_CONNECT_SWAPPED);
  self->dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DeckOverviewPage *self = DECK_OVERVIEW_PAGE (widget);

  if (self->name != NULL)
    ask_password (self, self->password_refused);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  deck_overview_page_refresh (DECK_OVERVIEW_PAGE (widget));
}

/* Public */

void
deck_overview_page_refresh (DeckOverviewPage *self)
{
  g_return_if_fail (DECK_IS_OVERVIEW_PAGE (self));

  show_connecting (self);
  start_round (self);
}

static void
reset (DeckOverviewPage *self)
{
  cancel_round (self);
  drop_connection (self);
  drop_pods (self);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->dialog)));
  clear_password (self);
  g_clear_pointer (&self->user_name, g_free);
  g_clear_pointer (&self->updated, g_date_time_unref);
  self->needs_password = FALSE;
  self->password_refused = FALSE;
  self->health = ODFE_HEALTH_UNKNOWN;
  self->n_rounds = 0;

  /* Nothing of the previous cluster may be left on screen. */
  clear_failure (self);
  show_connecting (self);
  gtk_widget_set_visible (self->live_box, FALSE);
  gtk_label_set_text (self->updated_label, "");
  clear_figures (self->figures);
  clear_grid (self->nodes_grid);
  clear_grid (self->indices_grid);
  show_settings (self, NULL, NULL);
  deck_overview_page_show_certificate (self, NULL, 0);
  show_software (self, NULL);
  show_endpoint (self);
}

void
deck_overview_page_set_cluster (DeckOverviewPage *self,
                                KubeClient       *client,
                                const char       *context,
                                const char       *namespace,
                                const char       *name)
{
  g_return_if_fail (DECK_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (client == NULL || KUBE_IS_CLIENT (client));

  if (client == self->client && g_strcmp0 (context, self->context) == 0
      && g_strcmp0 (namespace, self->namespace) == 0 && g_strcmp0 (name, self->name) == 0)
    return;

  g_set_object (&self->client, client);
  g_free (self->context);
  self->context = g_strdup (context);
  g_free (self->namespace);
  self->namespace = g_strdup (namespace);
  g_free (self->name);
  self->name = client != NULL ? g_strdup (name) : NULL;

  reset (self);

  if (gtk_widget_get_mapped (GTK_WIDGET (self)) || self->background)
    start_round (self);
}

void
deck_overview_page_set_background (DeckOverviewPage *self,
                                   gboolean          background)
{
  g_return_if_fail (DECK_IS_OVERVIEW_PAGE (self));

  self->background = background;
  if (background && self->odfe == NULL && self->timeout_id == 0)
    start_round (self);
}

void
deck_overview_page_set_statefulset (DeckOverviewPage *self,
                                    KubeObject       *set)
{
  g_autofree char *pods = NULL;
  g_autofree char *created = NULL;
  const char *managed_by;
  GDateTime *timestamp;

  g_return_if_fail (DECK_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (set == NULL || KUBE_IS_OBJECT (set));

  g_free (self->image);
  self->image = set != NULL ? g_strdup (kube_object_get_image (set)) : NULL;
  set_subtitle (self->image_row, self->image);

  self->replicas = set != NULL ? (gint64) kube_object_get_replicas (set) : -1;

  if (set == NULL)
    {
      set_subtitle (self->pods_row, NULL);
      set_subtitle (self->managed_row, NULL);
      set_subtitle (self->created_row, NULL);
      return;
    }

  /* The software row keeps the version the cluster answered with, if any. */
  if (self->updated == NULL)
    show_software (self, NULL);

  pods = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u pod ready",
                                       "%u of %u pods ready", kube_object_get_replicas (set)),
                          kube_object_get_ready_replicas (set), kube_object_get_replicas (set));
  set_subtitle (self->pods_row, pods);

  managed_by = kube_object_get_label (set, "app.kubernetes.io/managed-by");
  if (g_strcmp0 (managed_by, "searchdeck") == 0)
    set_subtitle (self->managed_row, _("Searchdeck"));
  else if (managed_by != NULL)
    set_subtitle (self->managed_row, managed_by);
  else
    set_subtitle (self->managed_row, _("Unknown: made by another tool or by hand"));

  timestamp = kube_object_get_creation_timestamp (set);
  if (timestamp != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (timestamp);

      created = g_date_time_format (local, "%x %X");
    }
  set_subtitle (self->created_row, created);
}

static void
show_certificate_warning (DeckOverviewPage *self,
                          const char       *title,
                          const char       *explanation)
{
  self->certificate_warned = title != NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->certificate_warning), title != NULL);
  if (title == NULL)
    return;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->certificate_warning), title);
  adw_action_row_set_subtitle (self->certificate_warning, explanation);
}

/* The names the certificate is valid for: a count, and the list when
 * expanded (a node certificate easily carries thirty). */
static void
show_names (DeckOverviewPage *self,
            OdfeCertificate  *certificate)
{
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *summary = NULL;
  guint n_dns = certificate != NULL ? g_strv_length (certificate->dns_names) : 0;
  guint n_ip = certificate != NULL ? g_strv_length (certificate->ip_addresses) : 0;

  for (guint i = 0; i < n_dns; i++)
    g_string_append_printf (names, "%s%s", names->len > 0 ? "\n" : "",
                            certificate->dns_names[i]);
  for (guint i = 0; i < n_ip; i++)
    g_string_append_printf (names, "%s%s", names->len > 0 ? "\n" : "",
                            certificate->ip_addresses[i]);

  if (certificate == NULL)
    summary = g_strdup (_("Unknown"));
  else if (n_dns + n_ip == 0)
    summary = g_strdup (_("None"));
  else
    {
      g_autofree char *dns = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u DNS name",
                                                           "%u DNS names", n_dns),
                                              n_dns);
      g_autofree char *ip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u address",
                                                          "%u addresses", n_ip),
                                             n_ip);

      if (n_ip == 0)
        summary = g_steal_pointer (&dns);
      else if (n_dns == 0)
        summary = g_steal_pointer (&ip);
      else
        /* TRANSLATORS: "24 DNS names, 1 address" */
        summary = g_strdup_printf (_("%s, %s"), dns, ip);
    }

  adw_expander_row_set_subtitle (self->names_row, summary);
  gtk_label_set_text (self->names_label, names->str);
  adw_expander_row_set_enable_expansion (self->names_row, names->len > 0);
}

void
deck_overview_page_show_certificate (DeckOverviewPage *self,
                                     const char       *pem,
                                     gssize            length)
{
  g_autoptr(OdfeCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;
  g_autofree char *expiry = NULL;
  int days;

  g_return_if_fail (DECK_IS_OVERVIEW_PAGE (self));

  if (pem != NULL)
    certificate = odfe_certificate_new_from_pem (pem, length < 0 ? strlen (pem) : (gsize) length,
                                                 &error);

  if (certificate == NULL)
    {
      set_subtitle (self->subject_row, NULL);
      show_names (self, NULL);
      set_subtitle (self->issuer_row, NULL);
      set_subtitle (self->expiry_row, NULL);
      if (error != NULL)
        show_certificate_warning (self, _("The Node Certificate Cannot Be Read"),
                                  error->message);
      else
        show_certificate_warning (self, NULL, NULL);
      return;
    }

  set_subtitle (self->subject_row, certificate->subject);
  show_names (self, certificate);
  set_subtitle (self->issuer_row, certificate->issuer);

  days = odfe_certificate_get_days_left (certificate, NULL);
  if (certificate->not_after != NULL)
    {
      local = g_date_time_to_local (certificate->not_after);
      date = g_date_time_format (local, "%x");
    }
  if (date != NULL && days >= 0)
    expiry = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, in %d day", "%s, in %d days",
                                           days),
                              date, days);
  else if (date != NULL)
    /* TRANSLATORS: %s is a date; the certificate has expired */
    expiry = g_strdup_printf (_("%s, expired"), date);
  set_subtitle (self->expiry_row, expiry);

  switch (odfe_certificate_get_validity (certificate, NULL))
    {
    case ODFE_CERTIFICATE_EXPIRES_SOON:
      {
        g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "Expires in %d Day",
                                                               "Expires in %d Days", days),
                                                  days);

        show_certificate_warning (self, title,
                                  _("Renew the node certificate in the Secret "
                                    "elasticsearch-tls before then: once it expires, the nodes "
                                    "cannot talk to each other or to clients."));
      }
      break;
    case ODFE_CERTIFICATE_EXPIRED:
      show_certificate_warning (self, _("The Node Certificate Has Expired"),
                                _("The nodes cannot talk to each other or to clients until the "
                                  "certificate in the Secret elasticsearch-tls is renewed."));
      break;
    case ODFE_CERTIFICATE_NOT_YET_VALID:
      show_certificate_warning (self, _("The Node Certificate Is Not Yet Valid"),
                                _("Its validity starts in the future: check the clocks of the "
                                  "machine that made it and of the cluster’s nodes."));
      break;
    case ODFE_CERTIFICATE_VALID:
    default:
      show_certificate_warning (self, NULL, NULL);
      break;
    }
}

OdfeClient *
deck_overview_page_get_odfe_client (DeckOverviewPage *self)
{
  g_return_val_if_fail (DECK_IS_OVERVIEW_PAGE (self), NULL);

  return self->odfe;
}

OdfeHealthStatus
deck_overview_page_get_health (DeckOverviewPage *self)
{
  g_return_val_if_fail (DECK_IS_OVERVIEW_PAGE (self), ODFE_HEALTH_UNKNOWN);

  return self->health;
}

gboolean
deck_overview_page_get_certificate_warning (DeckOverviewPage *self)
{
  g_return_val_if_fail (DECK_IS_OVERVIEW_PAGE (self), FALSE);

  return self->certificate_warned
         && gtk_widget_get_visible (GTK_WIDGET (self->certificate_warning));
}

const char *
deck_overview_page_get_failure (DeckOverviewPage *self)
{
  g_return_val_if_fail (DECK_IS_OVERVIEW_PAGE (self), NULL);

  return self->failure;
}

guint
deck_overview_page_get_n_rounds (DeckOverviewPage *self)
{
  g_return_val_if_fail (DECK_IS_OVERVIEW_PAGE (self), 0);

  return self->n_rounds;
}

/* Life */

static void
deck_overview_page_map (GtkWidget *widget)
{
  DeckOverviewPage *self = DECK_OVERVIEW_PAGE (widget);

  GTK_WIDGET_CLASS (deck_overview_page_parent_class)->map (widget);

  start_round (self);
}

static void
deck_overview_page_unmap (GtkWidget *widget)
{
  DeckOverviewPage *self = DECK_OVERVIEW_PAGE (widget);

  /* A round under way finishes, but schedules no other. */
  g_clear_handle_id (&self->timeout_id, g_source_remove);

  GTK_WIDGET_CLASS (deck_overview_page_parent_class)->unmap (widget);
}

static void
deck_overview_page_dispose (GObject *object)
{
  DeckOverviewPage *self = DECK_OVERVIEW_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  cancel_round (self);
  drop_connection (self);
  drop_pods (self);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->dialog)));
  g_clear_object (&self->client);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), DECK_TYPE_OVERVIEW_PAGE);

  G_OBJECT_CLASS (deck_overview_page_parent_class)->dispose (object);
}

static void
deck_overview_page_finalize (GObject *object)
{
  DeckOverviewPage *self = DECK_OVERVIEW_PAGE (object);

  clear_password (self);
  g_clear_object (&self->cancellable);
  g_free (self->context);
  g_free (self->namespace);
  g_free (self->name);
  g_free (self->image);
  g_free (self->user_name);
  g_free (self->failure);
  g_clear_pointer (&self->updated, g_date_time_unref);

  G_OBJECT_CLASS (deck_overview_page_parent_class)->finalize (object);
}

static void
deck_overview_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DeckOverviewPage *self = DECK_OVERVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_ODFE_CLIENT:
      g_value_set_object (value, self->odfe);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_overview_page_class_init (DeckOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = deck_overview_page_dispose;
  object_class->finalize = deck_overview_page_finalize;
  object_class->get_property = deck_overview_page_get_property;

  /* The client of the search cluster, once the page has reached it: the views beside the
   * Overview follow it rather than ask. */
  properties[PROP_ODFE_CLIENT] =
    g_param_spec_object ("odfe-client", NULL, NULL, ODFE_TYPE_CLIENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->map = deck_overview_page_map;
  widget_class->unmap = deck_overview_page_unmap;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/deck-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, error_button);
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, health_icon);
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, health_title);
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, health_description);
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, updated_label);
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, stale_label);
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, live_box);
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, figures);
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, nodes_grid);
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, indices_grid);
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, software_row);
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, image_row);
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, pods_row);
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, managed_row);
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, created_row);
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, https_row);
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, transport_row);
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, audit_row);
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, https_icon);
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, transport_icon);
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, audit_icon);
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, certificate_warning);
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, subject_row);
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, names_row);
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, names_label);
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, issuer_row);
  gtk_widget_class_bind_template_child (widget_class, DeckOverviewPage, expiry_row);

  gtk_widget_class_install_action (widget_class, "overview.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "overview.edit-endpoint", NULL,
                                   edit_endpoint_action);
  gtk_widget_class_install_action (widget_class, "overview.sign-in", NULL, sign_in_action);
}

static void
deck_overview_page_init (DeckOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  self->cancellable = g_cancellable_new ();
  self->health = ODFE_HEALTH_UNKNOWN;
  self->replicas = -1;
  reset (self);
}

GtkWidget *
deck_overview_page_new (void)
{
  return g_object_new (DECK_TYPE_OVERVIEW_PAGE, NULL);
}
