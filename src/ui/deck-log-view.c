/* deck-log-view.c: a window that follows one pod's log
 *
 * The log is read line by line from the API server's pods/log stream into a text buffer
 * that holds at most max_lines lines, so that a chatty pod cannot fill the memory: the
 * oldest lines are dropped and the window says how many.  When the stream ends while the
 * view is following (the container restarted, the pod was replaced, the connection broke),
 * it is opened again after a short wait that grows while the attempts fail.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "kube-error.h"

#include "deck-log-view.h"

#define DEFAULT_MAX_LINES   10000
#define INITIAL_TAIL_LINES  1000
#define FIRST_BACKOFF_MS    500
#define LAST_BACKOFF_MS     8000

struct _DeckLogView
{
  AdwWindow         parent_instance;

  KubeClient       *client;
  char             *namespace_;
  char             *pod;

  GCancellable     *cancellable;      /* the stream now open or being opened */
  GDataInputStream *reader;

  AdwWindowTitle   *title;
  AdwToastOverlay  *toasts;
  GtkTextView      *text_view;
  GtkTextBuffer    *buffer;
  GtkTextTag       *match_tag;
  GtkTextMark      *end_mark;
  GtkSearchBar     *search_bar;
  GtkEditable      *search_entry;
  GtkToggleButton  *timestamps_button;
  GtkToggleButton  *previous_button;
  GtkToggleButton  *pause_button;
  GtkLabel         *dropped_label;
  GtkRevealer      *dropped_revealer;

  GQueue            held;             /* lines read while paused, at most max_lines */
  guint             max_lines;
  guint64           dropped;
  guint             connections;
  gboolean          connected;
  guint             reconnect_id;
  guint             backoff_ms;
};

G_DEFINE_FINAL_TYPE (DeckLogView, deck_log_view, ADW_TYPE_WINDOW)

static void open_stream (DeckLogView *self);

static void
set_state (DeckLogView *self,
           const char  *text)
{
  adw_window_title_set_subtitle (self->title, text);
}

static void
show_dropped (DeckLogView *self)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%lu older line dropped to keep the log within %u lines",
                                       "%lu older lines dropped to keep the log within %u lines",
                                       (gulong) self->dropped),
                          (gulong) self->dropped, self->max_lines);
  gtk_label_set_text (self->dropped_label, text);
  gtk_revealer_set_reveal_child (self->dropped_revealer, self->dropped > 0);
}

static guint
buffer_lines (DeckLogView *self)
{
  /* Each line ends with a newline, so the buffer's last line is always empty. */
  return (guint) gtk_text_buffer_get_line_count (self->buffer) - 1;
}

static void
trim_buffer (DeckLogView *self)
{
  guint lines = buffer_lines (self);
  GtkTextIter start;
  GtkTextIter end;

  if (lines <= self->max_lines)
    return;

  gtk_text_buffer_get_start_iter (self->buffer, &start);
  gtk_text_buffer_get_iter_at_line (self->buffer, &end, (int) (lines - self->max_lines));
  gtk_text_buffer_delete (self->buffer, &start, &end);

  self->dropped += lines - self->max_lines;
  show_dropped (self);
}

static void
highlight_range (DeckLogView       *self,
                 const GtkTextIter *start,
                 const GtkTextIter *end)
{
  const char *needle = gtk_editable_get_text (self->search_entry);
  GtkTextIter from = *start;
  GtkTextIter match_start;
  GtkTextIter match_end;

  if (needle == NULL || *needle == '\0')
    return;

  while (gtk_text_iter_forward_search (&from, needle, GTK_TEXT_SEARCH_CASE_INSENSITIVE,
                                       &match_start, &match_end, end))
    {
      gtk_text_buffer_apply_tag (self->buffer, self->match_tag, &match_start, &match_end);
      from = match_end;
    }
}

static void
highlight_all (DeckLogView *self)
{
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, self->match_tag, &start, &end);
  highlight_range (self, &start, &end);
}

static void
insert_line (DeckLogView *self,
             const char  *line)
{
  GtkTextIter end;
  int first_line;
  GtkTextIter start;

  gtk_text_buffer_get_end_iter (self->buffer, &end);
  first_line = gtk_text_iter_get_line (&end);
  gtk_text_buffer_insert (self->buffer, &end, line, -1);
  gtk_text_buffer_insert (self->buffer, &end, "\n", 1);

  gtk_text_buffer_get_iter_at_line (self->buffer, &start, first_line);
  highlight_range (self, &start, &end);
}

static void
scroll_to_end (DeckLogView *self)
{
  /* Only what is on screen scrolls; mapping the window scrolls to the end then. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self->text_view)))
    return;

  /* Unlike scroll_mark_onscreen, this waits for the new lines' layout, so that the last
   * one is shown whole. */
  gtk_text_view_scroll_to_mark (self->text_view, self->end_mark, 0.0, TRUE, 0.0, 1.0);
}

static void
add_line (DeckLogView *self,
          const char  *line)
{
  if (gtk_toggle_button_get_active (self->pause_button))
    {
      /* The held lines are bounded too; the buffer is trimmed when they are shown. */
      g_queue_push_tail (&self->held, g_strdup (line));
      if (self->held.length > self->max_lines)
        {
          g_free (g_queue_pop_head (&self->held));
          self->dropped++;
          show_dropped (self);
        }
      return;
    }

  insert_line (self, line);
  trim_buffer (self);
  scroll_to_end (self);
}

static void
release_held (DeckLogView *self)
{
  char *line;

  while ((line = g_queue_pop_head (&self->held)) != NULL)
    {
      insert_line (self, line);
      g_free (line);
    }
  trim_buffer (self);
  scroll_to_end (self);
}

static gboolean
on_reconnect_timeout (gpointer user_data)
{
  DeckLogView *self = user_data;

  self->reconnect_id = 0;
  open_stream (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (DeckLogView *self)
{
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  self->reconnect_id = g_timeout_add (self->backoff_ms, on_reconnect_timeout, self);
  self->backoff_ms = MIN (self->backoff_ms * 2, LAST_BACKOFF_MS);
}

static void
stream_ended (DeckLogView *self)
{
  self->connected = FALSE;
  g_clear_object (&self->reader);

  if (gtk_toggle_button_get_active (self->previous_button))
    {
      set_state (self, _("The previous container’s log"));
      return;
    }

  set_state (self, _("The log stream ended; reconnecting…"));
  schedule_reconnect (self);
}

static void read_next_line (DeckLogView *self);

static void
on_line_read (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  DeckLogView *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *valid = NULL;
  gsize length = 0;

  line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source_object), result,
                                               &length, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (line == NULL)
    {
      if (error != NULL)
        g_debug ("Log of %s/%s: %s", self->namespace_, self->pod, error->message);
      stream_ended (self);
      return;
    }

  valid = g_utf8_make_valid (line, (gssize) length);
  add_line (self, valid);
  read_next_line (self);
}

static void
read_next_line (DeckLogView *self)
{
  g_data_input_stream_read_line_async (self->reader, G_PRIORITY_DEFAULT, self->cancellable,
                                       on_line_read, self);
}

static void
on_stream_opened (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  DeckLogView *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;

  stream = kube_client_request_stream_finish (KUBE_CLIENT (source_object), result, NULL,
                                              &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (stream == NULL)
    {
      g_autofree char *text = NULL;

      /* The server's reason (usually that the container never restarted) is too long for
       * the subtitle: it goes where the log would be. */
      if (gtk_toggle_button_get_active (self->previous_button))
        {
          g_autofree char *note = g_strdup_printf (_("— No previous log: %s —"),
                                                   error->message);

          set_state (self, _("No previous log"));
          add_line (self, note);
          return;
        }

      /* A pod being replaced is briefly absent, then waiting for its container. */
      if (g_error_matches (error, KUBE_ERROR, KUBE_ERROR_NOT_FOUND))
        text = g_strdup (_("The pod does not exist now; trying again…"));
      else
        text = g_strdup_printf (_("%s; trying again…"), error->message);
      set_state (self, text);
      schedule_reconnect (self);
      return;
    }

  /* A mark where the log continues after a gap, so that nobody reads the two as one. */
  if (self->connections > 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *time = g_date_time_format (now, "%X");
      g_autofree char *note = g_strdup_printf (_("— the log continues, reconnected at %s —"),
                                               time);

      add_line (self, note);
    }

  self->connections++;
  self->connected = TRUE;
  self->backoff_ms = FIRST_BACKOFF_MS;
  set_state (self, gtk_toggle_button_get_active (self->previous_button)
                   ? _("The previous container’s log") : _("Following"));

  self->reader = g_data_input_stream_new (stream);
  g_data_input_stream_set_newline_type (self->reader, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  read_next_line (self);
}

static void
open_stream (DeckLogView *self)
{
  g_autofree char *ns = g_uri_escape_string (self->namespace_, NULL, FALSE);
  g_autofree char *pod = g_uri_escape_string (self->pod, NULL, FALSE);
  g_autofree char *path = NULL;
  gboolean previous = gtk_toggle_button_get_active (self->previous_button);
  gboolean timestamps = gtk_toggle_button_get_active (self->timestamps_button);

  /* The first stream brings the recent history; later ones continue where the container
   * is now, except after a restart, when its new log starts from nothing anyway. */
  if (previous)
    path = g_strdup_printf ("/api/v1/namespaces/%s/pods/%s/log?previous=true%s", ns, pod,
                            timestamps ? "&timestamps=true" : "");
  else
    path = g_strdup_printf ("/api/v1/namespaces/%s/pods/%s/log?follow=true&tailLines=%u%s",
                            ns, pod, self->connections == 0 ? INITIAL_TAIL_LINES : 0,
                            timestamps ? "&timestamps=true" : "");

  set_state (self, _("Connecting…"));
  kube_client_request_stream_async (self->client, "GET", path, "text/plain",
                                    self->cancellable, on_stream_opened, self);
}

/* Drops what is shown and opens the stream again, as the toggles change what it holds. */
static void
restart_stream (DeckLogView *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_object (&self->reader);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  g_queue_clear_full (&self->held, g_free);

  gtk_text_buffer_set_text (self->buffer, "", 0);
  self->connected = FALSE;
  self->connections = 0;
  self->dropped = 0;
  self->backoff_ms = FIRST_BACKOFF_MS;
  show_dropped (self);

  open_stream (self);
}

static void
on_pause_toggled (DeckLogView *self)
{
  if (gtk_toggle_button_get_active (self->pause_button))
    set_state (self, _("Paused"));
  else
    {
      release_held (self);
      if (self->connected)
        set_state (self, _("Following"));
    }
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DeckLogView *self = DECK_LOG_VIEW (widget);
  g_autofree char *text = NULL;
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  text = gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Log copied")));
}

static void
on_saved (GObject      *source_object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DeckLogView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (g_file_replace_contents_finish (G_FILE (source_object), result, NULL, &error))
    text = g_strdup (_("Log saved"));
  else
    text = g_strdup_printf (_("The log was not saved: %s"), error->message);
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (text));
}

static void
on_save_response (GtkNativeDialog *dialog,
                  int              response,
                  DeckLogView     *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GtkTextIter start;
  GtkTextIter end;
  char *text;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);
  if (file == NULL)
    return;

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  text = gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);
  bytes = g_bytes_new_take (text, strlen (text));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                       on_saved, g_object_ref (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DeckLogView *self = DECK_LOG_VIEW (widget);
  g_autofree char *name = g_strdup_printf ("%s.log", self->pod);
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Save Log"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_save_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DeckLogView *self = DECK_LOG_VIEW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
deck_log_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (deck_log_view_parent_class)->map (widget);

  scroll_to_end (DECK_LOG_VIEW (widget));
}

/* Scrolling to a new line animates the text view's vertical adjustment.  When the window is
 * unmapped during that animation, GTK 4.8's scrolled window stops it by setting the
 * adjustment to its target, whose ::value-changed handlers may end the animation a second
 * time; GTK then disconnects the animation's frame-clock handler with an id already reset to
 * 0, and g_signal_handler_disconnect() complains.  Setting the value here, before the
 * children are unmapped, ends the animation once and quietly. */
static void
deck_log_view_unmap (GtkWidget *widget)
{
  DeckLogView *self = DECK_LOG_VIEW (widget);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->text_view));

  if (adjustment != NULL)
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment));

  GTK_WIDGET_CLASS (deck_log_view_parent_class)->unmap (widget);
}

static void
deck_log_view_dispose (GObject *object)
{
  DeckLogView *self = DECK_LOG_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  g_clear_object (&self->reader);
  g_queue_clear_full (&self->held, g_free);

  G_OBJECT_CLASS (deck_log_view_parent_class)->dispose (object);
}

static void
deck_log_view_finalize (GObject *object)
{
  DeckLogView *self = DECK_LOG_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_free (self->namespace_);
  g_free (self->pod);

  G_OBJECT_CLASS (deck_log_view_parent_class)->finalize (object);
}

static void
deck_log_view_class_init (DeckLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = deck_log_view_dispose;
  object_class->finalize = deck_log_view_finalize;
  widget_class->map = deck_log_view_map;
  widget_class->unmap = deck_log_view_unmap;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/searchdeck/Searchdeck/"
                                               "deck-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckLogView, title);
  gtk_widget_class_bind_template_child (widget_class, DeckLogView, toasts);
  gtk_widget_class_bind_template_child (widget_class, DeckLogView, text_view);
  gtk_widget_class_bind_template_child (widget_class, DeckLogView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, DeckLogView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DeckLogView, timestamps_button);
  gtk_widget_class_bind_template_child (widget_class, DeckLogView, previous_button);
  gtk_widget_class_bind_template_child (widget_class, DeckLogView, pause_button);
  gtk_widget_class_bind_template_child (widget_class, DeckLogView, dropped_label);
  gtk_widget_class_bind_template_child (widget_class, DeckLogView, dropped_revealer);
  gtk_widget_class_bind_template_callback (widget_class, restart_stream);
  gtk_widget_class_bind_template_callback (widget_class, on_pause_toggled);
  gtk_widget_class_bind_template_callback (widget_class, highlight_all);

  gtk_widget_class_install_action (widget_class, "log.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "log.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "log.search", NULL, search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "log.search", NULL);
}

static void
deck_log_view_init (DeckLogView *self)
{
  GtkTextIter end;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->max_lines = DEFAULT_MAX_LINES;
  self->backoff_ms = FIRST_BACKOFF_MS;
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->held);

  self->buffer = gtk_text_view_get_buffer (self->text_view);
  self->match_tag = gtk_text_buffer_create_tag (self->buffer, "match",
                                                "background", "#f8e45c",
                                                "foreground", "#000000", NULL);
  gtk_text_buffer_get_end_iter (self->buffer, &end);
  self->end_mark = gtk_text_buffer_create_mark (self->buffer, NULL, &end, FALSE);

  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
}

DeckLogView *
deck_log_view_new (GtkWindow  *parent,
                   KubeClient *client,
                   const char *namespace_,
                   const char *pod)
{
  DeckLogView *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (KUBE_IS_CLIENT (client), NULL);
  g_return_val_if_fail (namespace_ != NULL && pod != NULL, NULL);

  self = g_object_new (DECK_TYPE_LOG_VIEW, "transient-for", parent, NULL);
  self->client = g_object_ref (client);
  self->namespace_ = g_strdup (namespace_);
  self->pod = g_strdup (pod);

  title = g_strdup_printf (_("Log of %s"), pod);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->title, title);

  open_stream (self);

  return self;
}

void
deck_log_view_set_max_lines (DeckLogView *self,
                             guint        max_lines)
{
  g_return_if_fail (DECK_IS_LOG_VIEW (self));
  g_return_if_fail (max_lines > 0);

  self->max_lines = max_lines;
  trim_buffer (self);
}

guint
deck_log_view_get_line_count (DeckLogView *self)
{
  g_return_val_if_fail (DECK_IS_LOG_VIEW (self), 0);

  return buffer_lines (self) + self->held.length;
}

guint64
deck_log_view_get_dropped_lines (DeckLogView *self)
{
  g_return_val_if_fail (DECK_IS_LOG_VIEW (self), 0);

  return self->dropped;
}

guint
deck_log_view_get_connections (DeckLogView *self)
{
  g_return_val_if_fail (DECK_IS_LOG_VIEW (self), 0);

  return self->connections;
}

gboolean
deck_log_view_get_connected (DeckLogView *self)
{
  g_return_val_if_fail (DECK_IS_LOG_VIEW (self), FALSE);

  return self->connected;
}
