/* e-recurring-sales-list.c: the Recurring Sales list, a window of every sale
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The sales come from the service a page at a time (ListSalesPage): a small first page, shown
 * as soon as it arrives, then pages of a thousand, each asked for from an idle callback once
 * the last one is in, so that the window answers while 10,000 sales come in. SalesChanged keeps
 * it current: the sales it names are read again (GetSale; one that is gone leaves the list),
 * and a change that names none (an import, a restore) reloads the whole list, keeping the
 * selected sale and the scroll. The search and the sort are the list's own: they need no call.
 * The actions open the dialogs that a sale's events open.
 *
 * Every sale is kept as a row of text (rs-sale-list-row.c); the GtkListStore holds only the
 * ones the search shows, and sorts them itself. Not GtkTreeModelFilter and GtkTreeModelSort:
 * each row they take costs time in proportion to the rows they hold, which at 10,000 sales
 * made the list take many seconds. Many rows at once (a page, a new search) go into the store
 * while it is away from the view, so that the view, and its accessible that tells screen
 * readers of every cell, read it once rather than row by row.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-text.h>

#include "e-recurring-sales-lifecycle.h"
#include "e-recurring-sales-list.h"
#include "e-recurring-sales-preview.h"
#include "e-recurring-sales-sale-editor.h"
#include "rs-sale-list-row.h"

#define LIST_UI "/io/github/recurring_sales/evolution/e-recurring-sales-list.ui"

#define SERVICE_NAME      "io.github.recurring_sales.RecurringSales1"
#define SERVICE_PATH      "/io/github/recurring_sales/RecurringSales1"
#define SERVICE_INTERFACE "io.github.recurring_sales.RecurringSales1"
#define CALL_TIMEOUT_MS   120000

/* The first page is small, to show rows at once; the rest come in the largest pages. */
#define FIRST_PAGE_SALES  100
#define NEXT_PAGE_SALES   250   /* the most the service gives in one page */
#define APPEND_ROWS       1000
/* More changed sales than this are read with the whole list. */
#define MAX_CHANGED_READ  100

enum {
  COLUMN_UID,
  COLUMN_CLIENT,
  COLUMN_SERVICE,
  COLUMN_AMOUNT,
  COLUMN_AMOUNT_MINOR,
  COLUMN_PERIOD,
  COLUMN_PERIOD_DAYS,
  COLUMN_NEXT_INVOICE,
  COLUMN_NEXT_INVOICE_ISO,
  COLUMN_EXPIRY,
  COLUMN_EXPIRY_ISO,
  COLUMN_STATUS,
};

typedef struct
{
  GtkBuilder      *builder;
  GtkWindow       *window;
  GtkListStore    *store;         /* the sales the search shows */
  GtkTreeView     *view;
  GDBusConnection *bus;
  GCancellable    *cancellable;   /* every call of the current load; a reload cancels it */
  guint            changed_id;    /* the SalesChanged subscription */
  GQueue           pages;         /* GVariant aa{sv}: pages read, not in the store yet */
  guint            queued_rows;   /* the sales in them */
  guint            append_idle_id;
  gboolean         reading;       /* a page is being read */
  GHashTable      *rows;          /* uid → RsSaleListRow: every sale */
  GHashTable      *shown;         /* uid → GtkTreeIter of the store (its iters persist) */
  char            *folded_search;
  char            *next_cursor;   /* of the page to ask for next */
  gboolean         loading;
  gboolean         reload_again;  /* a change came while loading without naming its sales */
  char            *keep_uid;      /* the selection to restore after a reload */
  double           keep_scroll;
  gint64           load_started;  /* g_get_monotonic_time () */
  GDate            today;
} SalesList;

static void load_page     (SalesList *self,
                           guint      limit);
static void finish_load   (SalesList *self);
static void reload        (SalesList *self);

static GtkWidget *
widget (SalesList  *self,
        const char *id)
{
  return GTK_WIDGET (gtk_builder_get_object (self->builder, id));
}

static void
sales_list_free (SalesList *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->append_idle_id, g_source_remove);
  g_queue_clear_full (&self->pages, (GDestroyNotify) g_variant_unref);
  if (self->changed_id != 0)
    g_dbus_connection_signal_unsubscribe (self->bus, self->changed_id);
  g_clear_object (&self->bus);
  g_clear_object (&self->builder);
  g_clear_pointer (&self->shown, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_free (self->folded_search);
  g_free (self->next_cursor);
  g_free (self->keep_uid);
  g_free (self);
}

/* The status line: how many sales there are, how many the search shows, or what went wrong. */
static void
show_count (SalesList *self)
{
  guint total = g_hash_table_size (self->rows);
  guint shown = g_hash_table_size (self->shown);
  g_autofree char *text = NULL;

  if (self->loading)
    /* Translators: while the Recurring Sales list is still reading sales from the service */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Loading… %u sale so far",
                                         "Loading… %u sales so far", total), total);
  else if (self->folded_search != NULL && *self->folded_search != '\0')
    /* Translators: %1$u sales of %2$u match the search of the Recurring Sales list */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%1$u of %2$u sale",
                                         "%1$u of %2$u sales", total), shown, total);
  else
    /* Translators: the number of sales in the Recurring Sales list */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u sale", "%u sales", total), total);
  gtk_label_set_text (GTK_LABEL (widget (self, "status_label")), text);
}

static void
show_problem (SalesList  *self,
              GError     *error)
{
  /* The service's sentence, never the D-Bus error's name. */
  g_dbus_error_strip_remote_error (error);
  gtk_label_set_text (GTK_LABEL (widget (self, "status_label")), error->message);
}

static gboolean
row_shown (SalesList     *self,
           RsSaleListRow *row)
{
  return rs_sale_list_row_matches (row, self->folded_search);
}

/* The columns' values of @row, for gtk_list_store_set () and its kin. */
#define ROW_VALUES(row) \
  COLUMN_UID, (row)->uid, COLUMN_CLIENT, (row)->client, COLUMN_SERVICE, (row)->service, \
  COLUMN_AMOUNT, (row)->amount, COLUMN_AMOUNT_MINOR, (row)->amount_minor, \
  COLUMN_PERIOD, (row)->period, COLUMN_PERIOD_DAYS, (row)->period_days, \
  COLUMN_NEXT_INVOICE, (row)->next_invoice, COLUMN_NEXT_INVOICE_ISO, (row)->next_invoice_iso, \
  COLUMN_EXPIRY, (row)->expiry, COLUMN_EXPIRY_ISO, (row)->expiry_iso, \
  COLUMN_STATUS, (row)->status, -1

/* @row into the store, where its sort puts it, or its values onto @iter. */
static void
store_row (SalesList     *self,
           GtkTreeIter   *iter,
           RsSaleListRow *row)
{
  GtkTreeIter new_iter;

  if (iter != NULL)
    {
      gtk_list_store_set (self->store, iter, ROW_VALUES (row));
      return;
    }
  /* With its values: a sorted store puts it in its place once. */
  gtk_list_store_insert_with_values (self->store, &new_iter, -1, ROW_VALUES (row));
  g_hash_table_insert (self->shown, g_strdup (row->uid), g_memdup2 (&new_iter, sizeof new_iter));
}

static void
unstore_row (SalesList  *self,
             const char *uid)
{
  GtkTreeIter *iter = g_hash_table_lookup (self->shown, uid);

  if (iter == NULL)
    return;
  gtk_list_store_remove (self->store, iter);
  g_hash_table_remove (self->shown, uid);
}

/* Adds the sale @dict, or updates its row when it is in the list already. */
static void
keep_sale (SalesList *self,
           GVariant  *dict)
{
  g_autoptr(GError) error = NULL;
  RsSaleListRow *row;
  GtkTreeIter *iter;

  row = rs_sale_list_row_new (dict, &self->today, &error);
  if (row == NULL)
    {
      /* The service stored it, so this module is older than the service: say so, go on. */
      g_warning ("A sale cannot be shown in the list: %s", error->message);
      return;
    }

  /* Updated in place while the search still shows it, so that it stays selected. */
  iter = g_hash_table_lookup (self->shown, row->uid);
  if (iter != NULL && row_shown (self, row))
    {
      g_hash_table_replace (self->rows, g_strdup (row->uid), row);
      store_row (self, iter, row);
      return;
    }
  unstore_row (self, row->uid);
  g_hash_table_replace (self->rows, g_strdup (row->uid), row);
  if (row_shown (self, row))
    store_row (self, NULL, row);
}

static void
forget_sale (SalesList  *self,
             const char *uid)
{
  unstore_row (self, uid);
  g_hash_table_remove (self->rows, uid);
}

/* The selected row's store iter; FALSE when none is selected. */
static gboolean
selected_iter (SalesList   *self,
               GtkTreeIter *out_iter)
{
  return gtk_tree_selection_get_selected (gtk_tree_view_get_selection (self->view), NULL,
                                          out_iter);
}

static char *
selected_uid (SalesList *self)
{
  GtkTreeIter iter;
  char *uid = NULL;

  if (selected_iter (self, &iter))
    gtk_tree_model_get (GTK_TREE_MODEL (self->store), &iter, COLUMN_UID, &uid, -1);
  return uid;
}

/* Selects @uid's row when it is shown; FALSE when it is not. */
static gboolean
select_uid (SalesList  *self,
            const char *uid)
{
  GtkTreeIter *iter = g_hash_table_lookup (self->shown, uid);

  if (iter == NULL)
    return FALSE;
  gtk_tree_selection_select_iter (gtk_tree_view_get_selection (self->view), iter);
  return TRUE;
}

/* Takes the store away from the view for many changes at once; keeps what the view showed. */
typedef struct {
  char   *selected_uid;
  double  scroll;
} ViewPlace;

static void
detach_store (SalesList *self,
              ViewPlace *place)
{
  GtkAdjustment *scroll = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->view));

  place->selected_uid = selected_uid (self);
  place->scroll = gtk_adjustment_get_value (scroll);
  gtk_tree_view_set_model (self->view, NULL);
}

static void
attach_store (SalesList *self,
              ViewPlace *place)
{
  GtkAdjustment *scroll = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->view));

  gtk_tree_view_set_model (self->view, GTK_TREE_MODEL (self->store));
  if (place->selected_uid != NULL)
    select_uid (self, place->selected_uid);
  /* Fixed-height rows (fixed-height-mode): the view knows its height at once. */
  gtk_adjustment_set_value (scroll, place->scroll);
  g_clear_pointer (&place->selected_uid, g_free);
}

/* The selected sale's row, or NULL. */
static RsSaleListRow *
selected_row (SalesList *self)
{
  g_autofree char *uid = selected_uid (self);

  return uid != NULL ? g_hash_table_lookup (self->rows, uid) : NULL;
}

static void
update_buttons (SalesList *self)
{
  RsSaleListRow *row = selected_row (self);
  const char *kind, *date;

  gtk_widget_set_sensitive (widget (self, "edit_button"), row != NULL);
  gtk_widget_set_sensitive (widget (self, "renew_button"), row != NULL);
  gtk_widget_set_sensitive (widget (self, "end_button"), row != NULL);
  gtk_widget_set_sensitive (widget (self, "preview_button"),
                            row != NULL && rs_sale_list_row_preview (row, &self->today, &kind,
                                                                     &date));
}

static void
finish_load (SalesList *self)
{
  GtkAdjustment *scroll = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->view));

  self->loading = FALSE;
  g_debug ("The list read %u sales in %.0f ms", g_hash_table_size (self->rows),
           (g_get_monotonic_time () - self->load_started) / 1000.0);
  if (self->keep_uid != NULL)
    select_uid (self, self->keep_uid);
  g_clear_pointer (&self->keep_uid, g_free);
  gtk_adjustment_set_value (scroll, self->keep_scroll);
  show_count (self);
  update_buttons (self);

  if (self->reload_again)
    reload (self);
}

/* A page of sales into the store. */
static void
append_page (SalesList *self,
             GVariant  *sales)
{
  GVariantIter iter;
  GVariant *dict;

  g_variant_iter_init (&iter, sales);
  while ((dict = g_variant_iter_next_value (&iter)) != NULL)
    {
      keep_sale (self, dict);
      g_variant_unref (dict);
    }
}

/* The pages that came, at low priority: drawing, typing and the user's clicks go first. Up to
 * APPEND_ROWS rows at once: the view takes its rows back in time with the number it holds, so
 * appending each page of 250 by itself took all 10,003 rows from 2-3 s to 6.5 s. */
static gboolean append_idle_cb (gpointer user_data);

static void
queue_append (SalesList *self)
{
  if (self->append_idle_id == 0)
    self->append_idle_id = g_idle_add_full (G_PRIORITY_LOW, append_idle_cb, self, NULL);
}

static gboolean
append_idle_cb (gpointer user_data)
{
  SalesList *self = user_data;
  ViewPlace place = { NULL, 0 };
  guint appended = 0;
  GVariant *sales;

  if (!g_queue_is_empty (&self->pages))
    {
      detach_store (self, &place);
      while (appended < APPEND_ROWS && (sales = g_queue_pop_head (&self->pages)) != NULL)
        {
          guint n = g_variant_n_children (sales);

          appended += n;
          self->queued_rows -= n;
          append_page (self, sales);
          g_variant_unref (sales);
        }
      attach_store (self, &place);
    }
  if (!g_queue_is_empty (&self->pages))
    return G_SOURCE_CONTINUE;

  self->append_idle_id = 0;
  /* Not loading any more: a page could not be read, and the status line says why. */
  if (self->reading)
    show_count (self);
  else if (self->loading)
    finish_load (self);
  return G_SOURCE_REMOVE;
}

static void
page_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result,
                                                             &error);
  g_autoptr(GVariant) sales = NULL;
  SalesList *self = user_data;
  gboolean first;

  /* Cancelled: the window is gone, or a reload took over; @self may be freed. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (reply == NULL)
    {
      self->loading = self->reading = FALSE;
      show_problem (self, error);
      /* The pages read before still go in. */
      if (!g_queue_is_empty (&self->pages))
        queue_append (self);
      return;
    }

  first = *self->next_cursor == '\0';
  g_free (self->next_cursor);
  g_variant_get (reply, "(@aa{sv}s)", &sales, &self->next_cursor);
  /* The next page is asked for at once: the service reads it while this one goes in. */
  self->reading = *self->next_cursor != '\0';
  if (self->reading)
    load_page (self, NEXT_PAGE_SALES);

  if (first)
    {
      /* Straight into the view: it is small, and shown at once. */
      append_page (self, sales);
      if (self->reading)
        show_count (self);
      else
        finish_load (self);
      return;
    }

  /* A few pages at once, while the next are read; and the last. */
  self->queued_rows += g_variant_n_children (sales);
  g_queue_push_tail (&self->pages, g_steal_pointer (&sales));
  if (self->queued_rows >= APPEND_ROWS || !self->reading)
    queue_append (self);
}

static void
load_page (SalesList *self,
           guint      limit)
{
  g_dbus_connection_call (self->bus, SERVICE_NAME, SERVICE_PATH, SERVICE_INTERFACE,
                          "ListSalesPage",
                          g_variant_new ("(@a{sv}us)", g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0),
                                         limit, self->next_cursor),
                          G_VARIANT_TYPE ("(aa{sv}s)"), G_DBUS_CALL_FLAGS_NONE, CALL_TIMEOUT_MS,
                          self->cancellable, page_cb, self);
}

/* Reads every sale again, keeping the selected one and the scroll. */
static void
reload (SalesList *self)
{
  GtkAdjustment *scroll = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->view));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_handle_id (&self->append_idle_id, g_source_remove);
  g_queue_clear_full (&self->pages, (GDestroyNotify) g_variant_unref);
  self->queued_rows = 0;

  if (!self->loading)
    {
      g_free (self->keep_uid);
      self->keep_uid = selected_uid (self);
      self->keep_scroll = gtk_adjustment_get_value (scroll);
    }
  self->loading = self->reading = TRUE;
  self->reload_again = FALSE;
  self->load_started = g_get_monotonic_time ();
  rs_date_set_today (&self->today);

  gtk_list_store_clear (self->store);
  g_hash_table_remove_all (self->shown);
  g_hash_table_remove_all (self->rows);
  g_free (self->next_cursor);
  self->next_cursor = g_strdup ("");
  show_count (self);
  load_page (self, FIRST_PAGE_SALES);
}

/* GetSale of one sale that changed. */
typedef struct {
  SalesList *list;
  char      *uid;
} ChangedRead;

static void
changed_sale_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ChangedRead *read = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result,
                                                             &error);
  g_autoptr(GVariant) dict = NULL;
  SalesList *self = read->list;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ;
  else if (reply != NULL)
    {
      dict = g_variant_get_child_value (reply, 0);
      keep_sale (self, dict);
      show_count (self);
      update_buttons (self);
    }
  else if (g_dbus_error_is_remote_error (error) &&
           g_str_has_suffix (g_dbus_error_get_remote_error (error), ".NotFound"))
    {
      forget_sale (self, read->uid);
      show_count (self);
      update_buttons (self);
    }
  else
    show_problem (self, error);

  g_free (read->uid);
  g_free (read);
}

static void
sales_changed_cb (GDBusConnection *connection,
                  const char      *sender,
                  const char      *path,
                  const char      *interface,
                  const char      *signal,
                  GVariant        *parameters,
                  gpointer         user_data)
{
  SalesList *self = user_data;
  g_autofree const char **uids = NULL;
  gsize n_uids = 0;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ast)")))
    return;

  g_variant_get (parameters, "(^a&st)", &uids, NULL);
  n_uids = uids != NULL ? g_strv_length ((char **) uids) : 0;

  /* A change that names no sale, or too many, or that comes while the list is still being
   * read (the page of a named sale may have been read before or after it): all again. */
  if (n_uids == 0 || n_uids > MAX_CHANGED_READ || self->loading)
    {
      if (self->loading && n_uids > 0 && n_uids <= MAX_CHANGED_READ)
        self->reload_again = TRUE;
      else
        reload (self);
      return;
    }

  rs_date_set_today (&self->today);
  for (gsize i = 0; i < n_uids; i++)
    {
      ChangedRead *read = g_new0 (ChangedRead, 1);

      read->list = self;
      read->uid = g_strdup (uids[i]);
      g_dbus_connection_call (self->bus, SERVICE_NAME, SERVICE_PATH, SERVICE_INTERFACE,
                              "GetSale", g_variant_new ("(s)", uids[i]),
                              G_VARIANT_TYPE ("(a{sv})"), G_DBUS_CALL_FLAGS_NONE,
                              CALL_TIMEOUT_MS, self->cancellable, changed_sale_cb, read);
    }
}

static void
search_changed_cb (GtkSearchEntry *entry,
                   SalesList      *self)
{
  ViewPlace place = { NULL, 0 };
  GHashTableIter iter;
  RsSaleListRow *row;

  g_free (self->folded_search);
  self->folded_search = rs_text_fold_for_search (gtk_entry_get_text (GTK_ENTRY (entry)));

  detach_store (self, &place);
  gtk_list_store_clear (self->store);
  g_hash_table_remove_all (self->shown);
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &row))
    if (row_shown (self, row))
      store_row (self, NULL, row);
  /* Another search shows other rows: from the top. */
  place.scroll = 0;
  attach_store (self, &place);

  show_count (self);
  update_buttons (self);
}

static void
new_clicked_cb (GtkButton *button,
                SalesList *self)
{
  e_recurring_sales_sale_editor_new_sale (self->window);
}

static void
edit_clicked_cb (GtkButton *button,
                 SalesList *self)
{
  g_autofree char *uid = selected_uid (self);

  if (uid != NULL)
    e_recurring_sales_sale_editor_edit_sale (self->window, uid);
}

static void
renew_clicked_cb (GtkButton *button,
                  SalesList *self)
{
  g_autofree char *uid = selected_uid (self);

  if (uid != NULL)
    e_recurring_sales_lifecycle_renew (self->window, uid);
}

static void
end_clicked_cb (GtkButton *button,
                SalesList *self)
{
  g_autofree char *uid = selected_uid (self);

  if (uid != NULL)
    e_recurring_sales_lifecycle_end (self->window, uid);
}

static void
preview_clicked_cb (GtkButton *button,
                    SalesList *self)
{
  RsSaleListRow *row = selected_row (self);
  const char *kind, *date;

  if (row != NULL && rs_sale_list_row_preview (row, &self->today, &kind, &date))
    e_recurring_sales_preview_show (self->window, row->uid, kind, date);
}

/* Enter or a double click on a sale: Edit Sale…, as on its events. */
static void
row_activated_cb (GtkTreeView       *view,
                  GtkTreePath       *path,
                  GtkTreeViewColumn *column,
                  SalesList         *self)
{
  edit_clicked_cb (NULL, self);
}

static void
selection_changed_cb (GtkTreeSelection *selection,
                      SalesList        *self)
{
  update_buttons (self);
}

static gboolean
focus_search_cb (GtkAccelGroup   *group,
                 GObject         *window,
                 guint            key,
                 GdkModifierType  modifiers,
                 SalesList       *self)
{
  gtk_widget_grab_focus (widget (self, "search_entry"));
  return TRUE;
}

static gboolean
close_cb (GtkAccelGroup   *group,
          GObject         *window,
          guint            key,
          GdkModifierType  modifiers,
          SalesList       *self)
{
  gtk_window_close (self->window);
  return TRUE;
}

static void
add_shortcuts (SalesList *self)
{
  GtkAccelGroup *accels = gtk_accel_group_new ();

  gtk_accel_group_connect (accels, GDK_KEY_f, GDK_CONTROL_MASK, 0,
                           g_cclosure_new (G_CALLBACK (focus_search_cb), self, NULL));
  gtk_accel_group_connect (accels, GDK_KEY_w, GDK_CONTROL_MASK, 0,
                           g_cclosure_new (G_CALLBACK (close_cb), self, NULL));
  gtk_window_add_accel_group (self->window, accels);
  g_object_unref (accels);
}

static SalesList *
sales_list_new (GtkWindow *parent)
{
  SalesList *self = g_new0 (SalesList, 1);
  g_autoptr(GError) error = NULL;

  self->builder = gtk_builder_new_from_resource (LIST_UI);
  self->window = GTK_WINDOW (widget (self, "list_window"));
  self->store = GTK_LIST_STORE (gtk_builder_get_object (self->builder, "sales_store"));
  self->view = GTK_TREE_VIEW (widget (self, "sales_view"));
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) rs_sale_list_row_free);
  self->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cancellable = g_cancellable_new ();
  rs_date_set_today (&self->today);

  /* Sorted by client as the service gives the sales, so that the first page is in place. */
  gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (self->store), COLUMN_CLIENT,
                                        GTK_SORT_ASCENDING);

  g_signal_connect (widget (self, "search_entry"), "search-changed",
                    G_CALLBACK (search_changed_cb), self);
  g_signal_connect (widget (self, "new_button"), "clicked", G_CALLBACK (new_clicked_cb), self);
  g_signal_connect (widget (self, "edit_button"), "clicked", G_CALLBACK (edit_clicked_cb), self);
  g_signal_connect (widget (self, "renew_button"), "clicked", G_CALLBACK (renew_clicked_cb), self);
  g_signal_connect (widget (self, "end_button"), "clicked", G_CALLBACK (end_clicked_cb), self);
  g_signal_connect (widget (self, "preview_button"), "clicked", G_CALLBACK (preview_clicked_cb),
                    self);
  g_signal_connect (self->view, "row-activated", G_CALLBACK (row_activated_cb), self);
  g_signal_connect (gtk_tree_view_get_selection (self->view), "changed",
                    G_CALLBACK (selection_changed_cb), self);
  add_shortcuts (self);

  gtk_window_set_transient_for (self->window, parent);
  g_object_set_data_full (G_OBJECT (self->window), "rs-sales-list", self,
                          (GDestroyNotify) sales_list_free);

  self->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (self->bus == NULL)
    {
      show_problem (self, error);
      return self;
    }
  self->changed_id = g_dbus_connection_signal_subscribe (self->bus, SERVICE_NAME,
                                                         SERVICE_INTERFACE, "SalesChanged",
                                                         SERVICE_PATH, NULL,
                                                         G_DBUS_SIGNAL_FLAGS_NONE,
                                                         sales_changed_cb, self, NULL);
  reload (self);
  return self;
}

/* One list per Evolution window: the next Recurring Sales brings it to the front. */
static void
list_destroyed_cb (GtkWidget *window,
                   GtkWindow *parent)
{
  g_object_set_data (G_OBJECT (parent), "rs-sales-list-window", NULL);
}

void
e_recurring_sales_list_show (GtkWindow *parent)
{
  GtkWindow *open = g_object_get_data (G_OBJECT (parent), "rs-sales-list-window");
  SalesList *self;

  if (open != NULL)
    {
      gtk_window_present (open);
      return;
    }

  self = sales_list_new (parent);
  g_object_set_data (G_OBJECT (parent), "rs-sales-list-window", self->window);
  g_signal_connect_object (self->window, "destroy", G_CALLBACK (list_destroyed_cb), parent, 0);
  gtk_window_present (self->window);
}
