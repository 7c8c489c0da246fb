/* e-recurring-sales-contact-completion.c: the sale editor's client, completed from the user's
 * address books
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The clients of a small business are usually in its address book already. Each enabled
 * address book is opened through the shell's client cache (shared with Evolution's own views,
 * so nothing is opened twice) and its contacts are read once, when the editor opens; typing in
 * the client field then offers every contact whose name, organization or e-mail contains what
 * is typed, ignoring case. Choosing one fills in the client's name and, when the contact has
 * one, the e-mail, and remembers the contact's UID (the sale's contact_uid). Typing another
 * name afterwards forgets it: the sale is then for someone else.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libebook/libebook.h>
#include <shell/e-shell.h>

#include "e-recurring-sales-contact-completion.h"

/* A remote address book that does not answer by then is not offered. */
#define CONNECT_SECONDS 10

enum {
  COLUMN_NAME,   /* what goes into the client field */
  COLUMN_EMAIL,
  COLUMN_UID,
  COLUMN_LABEL,  /* what the list shows: "Acme Ltd <billing@acme.example>" */
  COLUMN_KEY,    /* the name, organization and e-mail, case-folded, for matching */
  N_COLUMNS
};

typedef struct
{
  GtkEntry     *client;
  GtkEntry     *email;
  GtkListStore *store;
  GCancellable *cancellable;
  char         *uid;         /* the chosen contact's, or NULL */
  char         *chosen_name; /* the client name that came with it */
  gulong        changed_id;
} Completion;

static void
completion_free (gpointer data)
{
  Completion *completion = data;

  g_cancellable_cancel (completion->cancellable);
  g_clear_object (&completion->cancellable);
  g_clear_object (&completion->store);
  g_free (completion->uid);
  g_free (completion->chosen_name);
  g_free (completion);
}

static Completion *
completion_of (GtkEntry *client)
{
  return g_object_get_data (G_OBJECT (client), "rs-contact-completion");
}

static char *
folded (const char *text)
{
  g_autofree char *normalized = g_utf8_normalize (text != NULL ? text : "", -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (normalized != NULL ? normalized : "", -1);
}

static gboolean
match_func (GtkEntryCompletion *entry_completion,
            const char         *key,
            GtkTreeIter        *iter,
            gpointer            user_data)
{
  Completion *completion = user_data;
  g_autofree char *contact_key = NULL;
  g_autofree char *typed = folded (gtk_entry_get_text (completion->client));

  gtk_tree_model_get (GTK_TREE_MODEL (completion->store), iter, COLUMN_KEY, &contact_key, -1);
  g_strstrip (typed);
  return *typed != '\0' && contact_key != NULL && strstr (contact_key, typed) != NULL;
}

static void
set_chosen (Completion *completion,
            const char *uid,
            const char *name)
{
  g_free (completion->uid);
  completion->uid = uid != NULL && *uid != '\0' ? g_strdup (uid) : NULL;
  g_free (completion->chosen_name);
  completion->chosen_name = completion->uid != NULL ? g_strdup (name) : NULL;
}

static gboolean
match_selected_cb (GtkEntryCompletion *entry_completion,
                   GtkTreeModel       *model,
                   GtkTreeIter        *iter,
                   gpointer            user_data)
{
  Completion *completion = user_data;
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  g_autofree char *uid = NULL;

  gtk_tree_model_get (model, iter, COLUMN_NAME, &name, COLUMN_EMAIL, &email, COLUMN_UID, &uid,
                      -1);
  g_signal_handler_block (completion->client, completion->changed_id);
  gtk_entry_set_text (completion->client, name);
  gtk_editable_set_position (GTK_EDITABLE (completion->client), -1);
  g_signal_handler_unblock (completion->client, completion->changed_id);
  /* An address the user typed is not overwritten by a contact without one. */
  if (email != NULL && *email != '\0')
    gtk_entry_set_text (completion->email, email);
  set_chosen (completion, uid, name);
  return TRUE;
}

static void
client_changed_cb (GtkEntry   *client,
                   Completion *completion)
{
  if (completion->uid != NULL && g_strcmp0 (gtk_entry_get_text (client),
                                            completion->chosen_name) != 0)
    set_chosen (completion, NULL, NULL);
}

/* The client's name of @contact: a person's full name, else the organization, else what the
 * address book files it as. */
static const char *
contact_name (EContact *contact)
{
  const EContactField fields[] = { E_CONTACT_FULL_NAME, E_CONTACT_ORG, E_CONTACT_FILE_AS };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *text = e_contact_get_const (contact, fields[i]);

      for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
        if (!g_unichar_isspace (g_utf8_get_char (p)))
          return text;
    }
  return NULL;
}

static void
add_contact (Completion *completion,
             EContact   *contact)
{
  const char *name = contact_name (contact);
  const char *email = e_contact_get_const (contact, E_CONTACT_EMAIL_1);
  const char *org = e_contact_get_const (contact, E_CONTACT_ORG);
  g_autofree char *label = NULL;
  g_autofree char *key_text = NULL;
  g_autofree char *key = NULL;
  GtkTreeIter iter;

  if (name == NULL || e_contact_get (contact, E_CONTACT_IS_LIST) != NULL)
    return;

  label = email != NULL && *email != '\0' ? g_strdup_printf ("%s <%s>", name, email)
                                          : g_strdup (name);
  key_text = g_strjoin (" ", name, org != NULL ? org : "", email != NULL ? email : "", NULL);
  key = folded (key_text);
  gtk_list_store_insert_with_values (completion->store, &iter, -1,
                                     COLUMN_NAME, name,
                                     COLUMN_EMAIL, email != NULL ? email : "",
                                     COLUMN_UID, e_contact_get_const (contact, E_CONTACT_UID),
                                     COLUMN_LABEL, label,
                                     COLUMN_KEY, key,
                                     -1);
}

static void
got_contacts_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GObject) client = g_weak_ref_get (user_data);
  g_autoptr(GError) error = NULL;
  GSList *contacts = NULL;
  Completion *completion;

  e_weak_ref_free (user_data);
  if (!e_book_client_get_contacts_finish (E_BOOK_CLIENT (source_object), result, &contacts,
                                          &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("An address book's contacts are not offered: %s", error->message);
      return;
    }

  completion = client != NULL ? completion_of (GTK_ENTRY (client)) : NULL;
  for (GSList *link = contacts; completion != NULL && link != NULL; link = link->next)
    add_contact (completion, link->data);
  g_slist_free_full (contacts, g_object_unref);
}

static void
book_ready_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GObject) client_entry = g_weak_ref_get (user_data);
  g_autoptr(EClient) book = NULL;
  g_autoptr(GError) error = NULL;
  EBookQuery *query;
  g_autofree char *sexp = NULL;
  Completion *completion;

  book = e_client_cache_get_client_finish (E_CLIENT_CACHE (source_object), result, &error);
  if (book == NULL || client_entry == NULL)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("An address book is not offered: %s", error->message);
      e_weak_ref_free (user_data);
      return;
    }

  completion = completion_of (GTK_ENTRY (client_entry));
  /* Every contact (EBookQuery has no g_autoptr cleanup in 3.46). */
  query = e_book_query_any_field_contains ("");
  sexp = e_book_query_to_string (query);
  e_book_query_unref (query);
  /* The weak reference goes on to the next callback. */
  e_book_client_get_contacts (E_BOOK_CLIENT (book), sexp, completion->cancellable,
                              got_contacts_cb, user_data);
}

void
e_recurring_sales_contact_completion_attach (GtkEntry *client,
                                             GtkEntry *email)
{
  EShell *shell = e_shell_get_default ();
  Completion *completion = g_new0 (Completion, 1);
  g_autoptr(GtkEntryCompletion) entry_completion = gtk_entry_completion_new ();
  GList *sources;

  completion->client = client;
  completion->email = email;
  completion->store = gtk_list_store_new (N_COLUMNS, G_TYPE_STRING, G_TYPE_STRING,
                                          G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  completion->cancellable = g_cancellable_new ();
  g_object_set_data_full (G_OBJECT (client), "rs-contact-completion", completion,
                          completion_free);

  gtk_entry_completion_set_model (entry_completion, GTK_TREE_MODEL (completion->store));
  gtk_entry_completion_set_text_column (entry_completion, COLUMN_LABEL);
  gtk_entry_completion_set_match_func (entry_completion, match_func, completion, NULL);
  gtk_entry_completion_set_minimum_key_length (entry_completion, 1);
  g_signal_connect (entry_completion, "match-selected", G_CALLBACK (match_selected_cb),
                    completion);
  gtk_entry_set_completion (client, entry_completion);
  completion->changed_id = g_signal_connect (client, "changed", G_CALLBACK (client_changed_cb),
                                             completion);

  /* Outside Evolution (no shell) there is nothing to complete from. */
  if (shell == NULL)
    return;

  sources = e_source_registry_list_enabled (e_shell_get_registry (shell),
                                            E_SOURCE_EXTENSION_ADDRESS_BOOK);
  for (GList *link = sources; link != NULL; link = link->next)
    e_client_cache_get_client (e_shell_get_client_cache (shell), link->data,
                               E_SOURCE_EXTENSION_ADDRESS_BOOK, CONNECT_SECONDS,
                               completion->cancellable, book_ready_cb, e_weak_ref_new (client));
  g_list_free_full (sources, g_object_unref);
}

const char *
e_recurring_sales_contact_completion_get_uid (GtkEntry *client)
{
  Completion *completion = completion_of (client);

  return completion != NULL ? completion->uid : NULL;
}

void
e_recurring_sales_contact_completion_set_uid (GtkEntry   *client,
                                              const char *uid)
{
  Completion *completion = completion_of (client);

  if (completion != NULL)
    set_chosen (completion, uid, gtk_entry_get_text (client));
}
