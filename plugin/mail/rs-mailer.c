/* rs-mailer.c: puts a message in the Drafts folder of the user's default mail account, or sends
 * it through the account's transport with a copy in Sent — the account as Evolution configured it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Two Camel sessions of the same class (rs-mail-session.c):
 *  - one with the caller's data and cache directories, for the accounts' stores (IMAP keeps its
 *    own summary and cache there; sharing Evolution's would race with a running Evolution) and
 *    transports;
 *  - one with Evolution's own mail directories, for the built-in "On This Computer" store only:
 *    a CamelStore keeps its folder summaries in <session data dir>/<uid>/folders.db
 *    (camel-store.c, initable_init), and Evolution opens its local folders from that database
 *    without scanning the maildir (it sets need-summary-check to FALSE in
 *    mail_session_configure_local_store ()). A draft is visible to Evolution only when it is in
 *    that same database: $XDG_DATA_HOME/evolution/mail/local/folders.db, next to the maildir
 *    that mail_session_configure_local_store () points the store at.
 *
 * Services stay in their session between deliveries (their caches with them) and are
 * disconnected after each delivery: reminders are a few a day.
 *
 * Camel's sockets time out after 90 seconds of silence (camel-network-service.c), once per
 * read; a server that trickles an answer can hold a call longer. Each blocking step here runs
 * under a watchdog that cancels it after RS_MAIL_TIMEOUT_SECONDS (default 60).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <recurring-sales/rs-error.h>
#include "rs-mail-session.h"
#include "rs-mailer.h"

#define DEFAULT_TIMEOUT_SECONDS 60

/* Evolution's UID of its built-in local store (E_MAIL_SESSION_LOCAL_UID) and the folders it
 * uses when an identity names none (e_mail_session_get_local_folder_uri ()). */
#define LOCAL_STORE_UID     "local"
#define LOCAL_DRAFTS_URI    "folder://local/Drafts"
#define LOCAL_SENT_URI      "folder://local/Sent"

struct _RsMailer
{
  GObject           parent_instance;

  ESourceRegistry  *registry;
  guint             timeout_seconds;

  GMutex            lock;             /* one delivery at a time: the services are shared */
  RsMailSession    *session;          /* the accounts, in the caller's directories */
  RsMailSession    *local_session;    /* "On This Computer", in Evolution's directories */
};

G_DEFINE_FINAL_TYPE (RsMailer, rs_mailer, G_TYPE_OBJECT)

/* --- Watchdog ---------------------------------------------------------------------------- */

/* Cancels the delivery when Camel has been silent for the timeout: no step started and no
 * progress reported (camel_operation_progress (), which Camel's proxies pass up to our
 * operation, e.g. while IMAP fetches the summary of a large Sent folder the first time), or
 * when the caller's cancellable is cancelled.
 *
 * Not with g_cancellable_cancel () on the cancellable given to Camel: Camel wraps it in
 * CamelOperation proxies (camel_service_connect (), the IMAP connection manager) whose
 * "cancelled" handler cancels the proxy without holding a reference to it
 * (camel-operation.c), and GLib 2.74's g_cancellable_cancel () wakes the blocked I/O before it
 * takes its own reference: the woken thread can drop the proxy's last reference first, and the
 * cancelling thread then touches a finalized object (in this project's tests, a g_object_ref ()
 * critical in about one run of three). camel_operation_cancel_all () cancels every
 * CamelOperation, ours (a CamelOperation too) and its proxies, under Camel's operation lock,
 * which a proxy's dispose needs: none can go away meanwhile. It cancels all of the process's
 * Camel operations; in the service the mailer is Camel's only user and delivers one message
 * at a time. */
typedef struct {
  GMutex        mutex;
  GCond         cond;
  gint64        deadline;     /* monotonic; 0: not armed */
  gboolean      stop;
  gboolean      fired;
  guint         seconds;
  GCancellable *cancellable;  /* a CamelOperation */
  gulong        progress_handler;
  gulong        message_handler;
  GCancellable *parent;
  gulong        parent_handler;
  GThread      *thread;
} Watchdog;

static gpointer
watchdog_thread (gpointer data)
{
  Watchdog *watchdog = data;

  g_mutex_lock (&watchdog->mutex);
  while (!watchdog->stop)
    {
      if (watchdog->deadline == 0)
        {
          g_cond_wait (&watchdog->cond, &watchdog->mutex);
        }
      else if (!g_cond_wait_until (&watchdog->cond, &watchdog->mutex, watchdog->deadline) &&
               watchdog->deadline != 0 && g_get_monotonic_time () >= watchdog->deadline)
        {
          watchdog->fired = TRUE;
          watchdog->deadline = 0;
          g_mutex_unlock (&watchdog->mutex);
          camel_operation_cancel_all ();
          g_mutex_lock (&watchdog->mutex);
        }
    }
  g_mutex_unlock (&watchdog->mutex);

  return NULL;
}

/* A blocking step starts, or the running one made progress: the timeout starts again. */
static GCancellable *
watchdog_arm (Watchdog *watchdog)
{
  g_mutex_lock (&watchdog->mutex);
  if (!watchdog->fired)
    watchdog->deadline = g_get_monotonic_time () + (gint64) watchdog->seconds * G_USEC_PER_SEC;
  g_cond_signal (&watchdog->cond);
  g_mutex_unlock (&watchdog->mutex);

  return watchdog->cancellable;
}

static void
watchdog_progress (CamelOperation *operation,
                   int             percent,
                   gpointer        data)
{
  watchdog_arm (data);
}

static void
watchdog_message (CamelOperation *operation,
                  const char     *message,
                  gpointer        data)
{
  watchdog_arm (data);
}

static void
watchdog_parent_cancelled (GCancellable *parent,
                           gpointer      data)
{
  camel_operation_cancel_all ();
}

static void
watchdog_start (Watchdog     *watchdog,
                guint         seconds,
                GCancellable *parent)
{
  memset (watchdog, 0, sizeof *watchdog);
  g_mutex_init (&watchdog->mutex);
  g_cond_init (&watchdog->cond);
  watchdog->seconds = seconds;
  watchdog->cancellable = camel_operation_new ();
  watchdog->progress_handler = g_signal_connect (watchdog->cancellable, "progress",
                                                 G_CALLBACK (watchdog_progress), watchdog);
  watchdog->message_handler = g_signal_connect (watchdog->cancellable, "push-message",
                                                G_CALLBACK (watchdog_message), watchdog);
  if (parent != NULL)
    {
      watchdog->parent = g_object_ref (parent);
      watchdog->parent_handler = g_cancellable_connect (parent,
                                                        G_CALLBACK (watchdog_parent_cancelled),
                                                        NULL, NULL);
    }
  watchdog->thread = g_thread_new ("rs-mail-watchdog", watchdog_thread, watchdog);
}

static gboolean
watchdog_fired (Watchdog *watchdog)
{
  gboolean fired;

  g_mutex_lock (&watchdog->mutex);
  fired = watchdog->fired;
  g_mutex_unlock (&watchdog->mutex);

  return fired;
}

static void
watchdog_stop (Watchdog *watchdog)
{
  g_mutex_lock (&watchdog->mutex);
  watchdog->stop = TRUE;
  g_cond_signal (&watchdog->cond);
  g_mutex_unlock (&watchdog->mutex);
  g_thread_join (watchdog->thread);

  if (watchdog->parent != NULL)
    g_cancellable_disconnect (watchdog->parent, watchdog->parent_handler);
  g_clear_object (&watchdog->parent);
  g_clear_signal_handler (&watchdog->progress_handler, watchdog->cancellable);
  g_clear_signal_handler (&watchdog->message_handler, watchdog->cancellable);
  g_clear_object (&watchdog->cancellable);
  g_cond_clear (&watchdog->cond);
  g_mutex_clear (&watchdog->mutex);
}

/* --- Errors ------------------------------------------------------------------------------ */

/* @error (Camel's, or the watchdog's cancellation) becomes one RS_ERROR_FAILED sentence: @format
 * with its own arguments, then ": " and Camel's detail. A cancellation by the caller stays
 * G_IO_ERROR_CANCELLED, as GIO callers expect. */
static void G_GNUC_PRINTF (4, 5)
set_failure (GError   **error,
             GError    *camel_error,
             Watchdog  *watchdog,
             const char *format,
             ...)
{
  g_autofree char *what = NULL;
  g_autofree char *detail = NULL;
  va_list args;

  if (g_error_matches (camel_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      (watchdog == NULL || !watchdog_fired (watchdog)))
    {
      g_propagate_error (error, camel_error);
      return;
    }

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  if (watchdog != NULL && watchdog_fired (watchdog))
    detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: the end of a sentence such as
                                            * “Could not send the reminder through
                                            * “smtp.example.com”: …” */
                                           "the server did not answer within %u second.",
                                           "the server did not answer within %u seconds.",
                                           watchdog->seconds),
                              watchdog->seconds);
  else if (camel_error != NULL)
    detail = g_strdup (camel_error->message);
  else
    /* Camel's SMTP transport fails without an error when the server closes the connection
     * before it answers (camel_stream_buffer_read_line () sets none at the end of the
     * stream, smtp_data () passes that on). */
    detail = g_strdup (/* Translators: the end of a sentence such as “Could not send the
                        * reminder through “smtp.example.com”: …” */
                       _("the server closed the connection."));

  g_set_error (error, RS_ERROR, RS_ERROR_FAILED, "%s: %s", what, detail);
  g_clear_error (&camel_error);
}

/* --- The account ------------------------------------------------------------------------- */

/* The default mail account and its identity, when they are set up well enough to send from. */
static gboolean
resolve_identity (RsMailer  *self,
                  ESource  **out_account,
                  ESource  **out_identity,
                  GError   **error)
{
  g_autoptr(ESource) account = NULL;
  g_autoptr(ESource) identity = NULL;
  g_autofree char *identity_uid = NULL;
  g_autofree char *address = NULL;
  g_autoptr(ESource) builtin = NULL;

  /* Without a running registry (no EDS in this session) the source list is empty, and
   * e_source_registry_ref_default_mail_account () would fail a check on the built-in account
   * that is then missing: ask only when the registry has it. */
  builtin = e_source_registry_ref_source (self->registry, "local");
  if (builtin != NULL)
    account = e_source_registry_ref_default_mail_account (self->registry);
  if (account != NULL && e_source_has_extension (account, E_SOURCE_EXTENSION_MAIL_ACCOUNT))
    identity_uid = e_source_mail_account_dup_identity_uid (
      e_source_get_extension (account, E_SOURCE_EXTENSION_MAIL_ACCOUNT));
  if (identity_uid != NULL)
    identity = e_source_registry_ref_source (self->registry, identity_uid);

  /* With no default set, EDS falls back to the built-in "On This Computer" account, which has
   * no identity: there is no account to send from. */
  if (identity == NULL || !e_source_has_extension (identity, E_SOURCE_EXTENSION_MAIL_IDENTITY))
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_FAILED,
                           /* Translators: client reminders are the e-mails that remind the
                            * owner's clients of an invoice or an expiry */
                           _("No mail account is set up in Evolution. Add one and make it the "
                             "default account, so that client reminders can go out from it."));
      return FALSE;
    }

  if (!e_source_registry_check_enabled (self->registry, account))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: %s is the name of a mail account in Evolution */
                   _("The default mail account “%s” is disabled in Evolution."),
                   e_source_get_display_name (account));
      return FALSE;
    }

  /* The dup_ accessors: the registry updates sources from its own thread. */
  address = e_source_mail_identity_dup_address (
    e_source_get_extension (identity, E_SOURCE_EXTENSION_MAIL_IDENTITY));
  if (address == NULL || *address == '\0')
    {
      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: %s is the name of a mail account in Evolution */
                   _("The mail account “%s” has no e-mail address in Evolution."),
                   e_source_get_display_name (account));
      return FALSE;
    }

  if (out_account != NULL)
    *out_account = g_steal_pointer (&account);
  *out_identity = g_steal_pointer (&identity);
  return TRUE;
}

gboolean
rs_mailer_get_sender (RsMailer  *self,
                      char     **out_name,
                      char     **out_address,
                      char     **out_organization,
                      GError   **error)
{
  g_autoptr(ESource) identity = NULL;
  ESourceMailIdentity *extension;

  g_return_val_if_fail (RS_IS_MAILER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!resolve_identity (self, NULL, &identity, error))
    return FALSE;

  extension = e_source_get_extension (identity, E_SOURCE_EXTENSION_MAIL_IDENTITY);
  if (out_name != NULL)
    {
      *out_name = e_source_mail_identity_dup_name (extension);
      if (*out_name != NULL && **out_name == '\0')
        g_clear_pointer (out_name, g_free);
    }
  if (out_address != NULL)
    *out_address = e_source_mail_identity_dup_address (extension);
  if (out_organization != NULL)
    {
      *out_organization = e_source_mail_identity_dup_organization (extension);
      if (*out_organization != NULL && **out_organization == '\0')
        g_clear_pointer (out_organization, g_free);
    }
  return TRUE;
}

/* --- Folders ----------------------------------------------------------------------------- */

/* The store UID and folder name of a URI that Evolution's e_mail_folder_uri_build () made:
 * "folder://" STORE_UID "/" FOLDER_PATH, both parts URL-encoded (e_mail_folder_uri_parse ()). */
static gboolean
parse_folder_uri (const char  *uri,
                  char       **out_store_uid,
                  char       **out_folder_name)
{
  g_autoptr(CamelURL) url = camel_url_new (uri, NULL);

  if (url == NULL || g_strcmp0 (url->protocol, "folder") != 0 || url->host == NULL ||
      url->path == NULL || url->path[0] != '/' || url->path[1] == '\0')
    return FALSE;

  if (url->user != NULL && *url->user != '\0')
    *out_store_uid = g_strconcat (url->user, "@", url->host, NULL);
  else
    *out_store_uid = g_strdup (url->host);
  *out_folder_name = camel_url_decode_path (url->path + 1);
  return TRUE;
}

/* Evolution's "On This Computer": the maildir and folder database of
 * mail_session_configure_local_store (), whose session data directory is
 * e_get_user_data_dir ()/mail (mail_session_get_data_dir ()). */
static CamelStore *
ref_local_store (RsMailer  *self,
                 GError   **error)
{
  g_autoptr(CamelService) service = NULL;
  g_autoptr(CamelSettings) settings = NULL;
  g_autofree char *path = NULL;

  service = rs_mail_session_ref_service (self->local_session, LOCAL_STORE_UID,
                                         CAMEL_PROVIDER_STORE, error);
  if (service == NULL)
    return NULL;

  path = g_build_filename (camel_session_get_user_data_dir (CAMEL_SESSION (self->local_session)),
                           LOCAL_STORE_UID, NULL);
  settings = camel_service_ref_settings (service);
  if (CAMEL_IS_LOCAL_SETTINGS (settings))
    camel_local_settings_set_path (CAMEL_LOCAL_SETTINGS (settings), path);

  return CAMEL_STORE (g_steal_pointer (&service));
}

static CamelStore *
ref_store (RsMailer    *self,
           const char  *uid,
           GError     **error)
{
  g_autoptr(CamelService) service = NULL;

  if (g_strcmp0 (uid, LOCAL_STORE_UID) == 0)
    return ref_local_store (self, error);

  service = rs_mail_session_ref_service (self->session, uid, CAMEL_PROVIDER_STORE, error);
  if (service == NULL)
    return NULL;

  if (!CAMEL_IS_STORE (service))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: %s is the name of a mail account in Evolution */
                   _("The mail account “%s” has no folders to keep messages in."),
                   camel_service_get_display_name (service));
      return NULL;
    }

  return CAMEL_STORE (g_steal_pointer (&service));
}

/* The folder, created when missing: the owner named it in the account's settings (or it is
 * Evolution's default, which Evolution creates on its first start). A remote (offline) store
 * knows only the folders it listed, so an unknown folder is listed before it is created. */
static CamelFolder *
open_folder (CamelStore   *store,
             const char   *folder_name,
             Watchdog     *watchdog,
             GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  CamelFolderInfo *info;
  CamelFolder *folder = NULL;
  g_autofree char *parent = NULL;
  const char *slash;

  /* An IMAP store counts as offline until it knows that its host is reachable
   * (camel_offline_store_get_online ()); Evolution learns it when it brings the store online
   * with camel_offline_store_set_online_sync (), which would also start downloading the
   * folders marked for offline use into our cache. Only the check, then. */
  if (CAMEL_IS_NETWORK_SERVICE (store) &&
      !camel_network_service_can_reach_sync (CAMEL_NETWORK_SERVICE (store),
                                             watchdog_arm (watchdog), &local_error))
    goto out;

  if (!camel_service_connect_sync (CAMEL_SERVICE (store), watchdog_arm (watchdog),
                                   &local_error))
    goto out;

  /* A local store creates a missing folder itself, as Evolution gets its local folders
   * (mail_session_configure_local_store ()). */
  if (!CAMEL_IS_OFFLINE_STORE (store))
    {
      folder = camel_store_get_folder_sync (store, folder_name, CAMEL_STORE_FOLDER_CREATE,
                                            watchdog_arm (watchdog), &local_error);
      goto out;
    }

  folder = camel_store_get_folder_sync (store, folder_name, 0, watchdog_arm (watchdog),
                                        &local_error);
  if (folder != NULL ||
      !g_error_matches (local_error, CAMEL_STORE_ERROR, CAMEL_STORE_ERROR_NO_FOLDER))
    goto out;
  g_clear_error (&local_error);

  /* The whole list: asked for a folder it does not know, a store answers NULL without an
   * error (and a warning). */
  info = camel_store_get_folder_info_sync (store, NULL, CAMEL_STORE_FOLDER_INFO_RECURSIVE,
                                           watchdog_arm (watchdog), &local_error);
  if (info != NULL)
    camel_folder_info_free (info);
  if (local_error != NULL &&
      !g_error_matches (local_error, CAMEL_STORE_ERROR, CAMEL_STORE_ERROR_NO_FOLDER))
    goto out;
  g_clear_error (&local_error);

  folder = camel_store_get_folder_sync (store, folder_name, 0, watchdog_arm (watchdog),
                                        &local_error);
  if (folder != NULL ||
      !g_error_matches (local_error, CAMEL_STORE_ERROR, CAMEL_STORE_ERROR_NO_FOLDER))
    goto out;
  g_clear_error (&local_error);

  slash = strrchr (folder_name, '/');
  if (slash != NULL)
    parent = g_strndup (folder_name, slash - folder_name);
  info = camel_store_create_folder_sync (store, parent, slash != NULL ? slash + 1 : folder_name,
                                         watchdog_arm (watchdog), &local_error);
  if (info == NULL)
    goto out;
  camel_folder_info_free (info);

  folder = camel_store_get_folder_sync (store, folder_name, 0, watchdog_arm (watchdog),
                                        &local_error);

out:
  if (folder == NULL && local_error == NULL)
    g_set_error_literal (&local_error, CAMEL_SERVICE_ERROR, CAMEL_SERVICE_ERROR_UNAVAILABLE,
                         /* Translators: about a mail server, after a sentence such as
                          * “Could not put the reminder in the Drafts folder of “…”: ” */
                         _("The server cannot be reached."));
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return folder;
}

/* Whether @folder holds a message with @message_id (without angle brackets). The
 * header-matches of "Message-ID" compares the summary's Message-ID hash
 * (camel-folder-search.c), which the maildir summary and the IMAP summary both keep; an IMAP
 * folder first fetches the summary of messages it has not seen. */
static gboolean
folder_has_message (CamelFolder  *folder,
                    const char   *message_id,
                    gboolean     *out_found,
                    Watchdog     *watchdog,
                    GError      **error)
{
  g_autoptr(GString) expression = g_string_new ("(match-all (header-matches \"Message-ID\" ");
  g_autofree char *bracketed = g_strdup_printf ("<%s>", message_id);
  GPtrArray *uids;

  if (!camel_folder_refresh_info_sync (folder, watchdog_arm (watchdog), error))
    return FALSE;

  camel_sexp_encode_string (expression, bracketed);
  g_string_append (expression, "))");

  uids = camel_folder_search_by_expression (folder, expression->str, watchdog_arm (watchdog),
                                            error);
  if (uids == NULL)
    return FALSE;

  *out_found = uids->len > 0;
  camel_folder_search_free (folder, uids);
  return TRUE;
}

static gboolean
append_message (CamelFolder       *folder,
                CamelMimeMessage  *message,
                guint32            flags,
                Watchdog          *watchdog,
                GError           **error)
{
  g_autoptr(CamelMessageInfo) info = camel_message_info_new (NULL);

  camel_message_info_set_flags (info, flags, flags);
  if (!camel_folder_append_message_sync (folder, message, info, NULL, watchdog_arm (watchdog),
                                         error))
    return FALSE;

  /* Writes the summary (the local folders.db that Evolution reads) and, on IMAP, the flags. */
  return camel_folder_synchronize_sync (folder, FALSE, watchdog_arm (watchdog), error);
}

static void
disconnect_service (CamelService *service,
                    gboolean      clean,
                    Watchdog     *watchdog)
{
  /* After a failure the connection may be stuck: drop it without talking to the server. */
  camel_service_disconnect_sync (service, clean && !watchdog_fired (watchdog),
                                 clean ? watchdog_arm (watchdog) : NULL, NULL);
}

/* A copy of @message, so that the caller's message does not get our headers. */
static CamelMimeMessage *
copy_message (CamelMimeMessage  *message,
              GError           **error)
{
  g_autoptr(CamelStream) stream = camel_stream_mem_new ();
  g_autoptr(CamelMimeMessage) copy = camel_mime_message_new ();

  if (camel_data_wrapper_write_to_stream_sync (CAMEL_DATA_WRAPPER (message), stream, NULL,
                                               error) < 0)
    return NULL;
  if (!g_seekable_seek (G_SEEKABLE (stream), 0, G_SEEK_SET, NULL, error))
    return NULL;
  if (!camel_data_wrapper_construct_from_stream_sync (CAMEL_DATA_WRAPPER (copy), stream, NULL,
                                                      error))
    return NULL;
  return g_steal_pointer (&copy);
}

/* The Sent folder of the identity (Evolution's X-Evolution-Fcc): NULL when the owner turned
 * “Save sent messages” off. */
static char *
dup_sent_folder_uri (ESource *identity)
{
  ESourceMailSubmission *submission;
  g_autofree char *uri = NULL;

  if (!e_source_has_extension (identity, E_SOURCE_EXTENSION_MAIL_SUBMISSION))
    return g_strdup (LOCAL_SENT_URI);

  submission = e_source_get_extension (identity, E_SOURCE_EXTENSION_MAIL_SUBMISSION);
  if (!e_source_mail_submission_get_use_sent_folder (submission))
    return NULL;

  uri = e_source_mail_submission_dup_sent_folder (submission);
  return uri != NULL && *uri != '\0' ? g_steal_pointer (&uri) : g_strdup (LOCAL_SENT_URI);
}

static char *
dup_drafts_folder_uri (ESource *identity)
{
  g_autofree char *uri = NULL;

  if (e_source_has_extension (identity, E_SOURCE_EXTENSION_MAIL_COMPOSITION))
    uri = e_source_mail_composition_dup_drafts_folder (
      e_source_get_extension (identity, E_SOURCE_EXTENSION_MAIL_COMPOSITION));
  return uri != NULL && *uri != '\0' ? g_steal_pointer (&uri) : g_strdup (LOCAL_DRAFTS_URI);
}

static char *
dup_transport_uid (ESource *identity)
{
  g_autofree char *uid = NULL;

  if (e_source_has_extension (identity, E_SOURCE_EXTENSION_MAIL_SUBMISSION))
    uid = e_source_mail_submission_dup_transport_uid (
      e_source_get_extension (identity, E_SOURCE_EXTENSION_MAIL_SUBMISSION));
  return uid != NULL && *uid != '\0' ? g_steal_pointer (&uid) : NULL;
}

/* Opens the folder of @uri (Drafts or Sent) and looks for @message_id in it. */
static CamelFolder *
open_target (RsMailer    *self,
             const char  *uri,
             const char  *message_id,
             gboolean    *out_found,
             Watchdog    *watchdog,
             CamelStore **out_store,
             GError     **error)
{
  g_autofree char *store_uid = NULL;
  g_autofree char *folder_name = NULL;
  g_autoptr(CamelStore) store = NULL;
  g_autoptr(CamelFolder) folder = NULL;

  if (!parse_folder_uri (uri, &store_uid, &folder_name))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: %s is a folder address such as folder://local/Drafts */
                   _("Evolution’s settings name a folder that cannot be understood: %s."), uri);
      return NULL;
    }

  store = ref_store (self, store_uid, error);
  if (store == NULL)
    return NULL;

  folder = open_folder (store, folder_name, watchdog, error);
  if (folder == NULL || !folder_has_message (folder, message_id, out_found, watchdog, error))
    {
      disconnect_service (CAMEL_SERVICE (store), FALSE, watchdog);
      /* The store's name says where (“On This Computer”, the account). */
      *out_store = g_steal_pointer (&store);
      return NULL;
    }

  *out_store = g_steal_pointer (&store);
  return g_steal_pointer (&folder);
}

/* --- Delivery ---------------------------------------------------------------------------- */

static gboolean
deliver_draft (RsMailer          *self,
               CamelMimeMessage  *message,
               const char        *message_id,
               ESource           *identity,
               gboolean          *out_already_there,
               Watchdog          *watchdog,
               GError           **error)
{
  g_autofree char *uri = dup_drafts_folder_uri (identity);
  g_autofree char *transport_uid = dup_transport_uid (identity);
  g_autofree char *sent_uri = dup_sent_folder_uri (identity);
  g_autoptr(CamelStore) store = NULL;
  g_autoptr(CamelFolder) folder = NULL;
  g_autoptr(CamelMimeMessage) draft = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean found = FALSE;

  folder = open_target (self, uri, message_id, &found, watchdog, &store, &local_error);
  if (folder == NULL)
    {
      if (store == NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        set_failure (error, g_steal_pointer (&local_error), watchdog,
                     /* Translators: %s is the name of a mail account in Evolution, or “On This
                      * Computer”; Evolution's own explanation follows after a colon */
                     _("Could not put the reminder in the Drafts folder of “%s”"),
                     camel_service_get_display_name (CAMEL_SERVICE (store)));
      return FALSE;
    }

  if (found)
    {
      *out_already_there = TRUE;
      disconnect_service (CAMEL_SERVICE (store), TRUE, watchdog);
      return TRUE;
    }

  draft = copy_message (message, &local_error);
  if (draft != NULL)
    {
      /* What Evolution's composer writes into a draft (e-msg-composer.c, build_message ()), so
       * that opening it picks this identity, its transport and its Sent folder. */
      camel_medium_set_header (CAMEL_MEDIUM (draft), "X-Evolution-Identity",
                               e_source_get_uid (identity));
      if (transport_uid != NULL)
        camel_medium_set_header (CAMEL_MEDIUM (draft), "X-Evolution-Transport", transport_uid);
      if (sent_uri != NULL)
        camel_medium_set_header (CAMEL_MEDIUM (draft), "X-Evolution-Fcc", sent_uri);
    }

  if (draft == NULL ||
      !append_message (folder, draft, CAMEL_MESSAGE_DRAFT | CAMEL_MESSAGE_SEEN, watchdog,
                       &local_error))
    {
      disconnect_service (CAMEL_SERVICE (store), FALSE, watchdog);
      set_failure (error, g_steal_pointer (&local_error), watchdog,
                   _("Could not put the reminder in the Drafts folder of “%s”"),
                   camel_service_get_display_name (CAMEL_SERVICE (store)));
      return FALSE;
    }

  disconnect_service (CAMEL_SERVICE (store), TRUE, watchdog);
  return TRUE;
}

/* The name of the transport for the owner: its server, or its account name (sendmail). */
static char *
dup_transport_name (CamelService *transport)
{
  g_autoptr(CamelSettings) settings = camel_service_ref_settings (transport);
  g_autofree char *host = NULL;

  if (CAMEL_IS_NETWORK_SETTINGS (settings))
    host = camel_network_settings_dup_host (CAMEL_NETWORK_SETTINGS (settings));
  if (host != NULL && *host != '\0')
    return g_steal_pointer (&host);
  return g_strdup (camel_service_get_display_name (transport));
}

static gboolean
deliver_send (RsMailer          *self,
              CamelMimeMessage  *message,
              const char        *message_id,
              ESource           *account,
              ESource           *identity,
              gboolean          *out_already_there,
              Watchdog          *watchdog,
              GError           **error)
{
  g_autofree char *sent_uri = dup_sent_folder_uri (identity);
  g_autofree char *transport_uid = dup_transport_uid (identity);
  g_autofree char *transport_name = NULL;
  g_autofree char *name = NULL;
  g_autofree char *address = NULL;
  g_autoptr(CamelStore) store = NULL;
  g_autoptr(CamelFolder) sent = NULL;
  g_autoptr(CamelService) transport = NULL;
  g_autoptr(CamelInternetAddress) from = camel_internet_address_new ();
  g_autoptr(CamelInternetAddress) recipients = camel_internet_address_new ();
  g_autoptr(GError) local_error = NULL;
  const char * const kinds[] = { CAMEL_RECIPIENT_TYPE_TO, CAMEL_RECIPIENT_TYPE_CC,
                                 CAMEL_RECIPIENT_TYPE_BCC };
  ESourceMailIdentity *extension;
  gboolean saved_by_transport = FALSE;
  gboolean found = FALSE;

  if (transport_uid == NULL)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: %s is the name of a mail account in Evolution */
                   _("The mail account “%s” has no server for sending mail set up in Evolution."),
                   e_source_get_display_name (account));
      return FALSE;
    }

  /* SMTP removes Bcc from what it transmits (camel-smtp-transport.c, smtp_data ()). */
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      CamelInternetAddress *addresses = camel_mime_message_get_recipients (message, kinds[i]);

      if (addresses != NULL)
        camel_address_cat (CAMEL_ADDRESS (recipients), CAMEL_ADDRESS (addresses));
    }
  if (camel_address_length (CAMEL_ADDRESS (recipients)) == 0)
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           /* Translators: the reminder e-mail has no To, Cc or Bcc address */
                           _("The reminder has no recipient."));
      return FALSE;
    }

  extension = e_source_get_extension (identity, E_SOURCE_EXTENSION_MAIL_IDENTITY);
  name = e_source_mail_identity_dup_name (extension);
  address = e_source_mail_identity_dup_address (extension);
  camel_internet_address_add (from, name, address);

  if (sent_uri != NULL)
    {
      sent = open_target (self, sent_uri, message_id, &found, watchdog, &store, &local_error);
      if (sent == NULL)
        {
          if (store == NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            set_failure (error, g_steal_pointer (&local_error), watchdog,
                         /* Translators: %s is the name of a mail account in Evolution, or
                          * “On This Computer”; Evolution's own explanation follows */
                         _("Could not look for an earlier copy of the reminder in the Sent "
                           "folder of “%s”"),
                         camel_service_get_display_name (CAMEL_SERVICE (store)));
          return FALSE;
        }

      if (found)
        {
          *out_already_there = TRUE;
          disconnect_service (CAMEL_SERVICE (store), TRUE, watchdog);
          return TRUE;
        }
    }

  transport = rs_mail_session_ref_service (self->session, transport_uid,
                                           CAMEL_PROVIDER_TRANSPORT, error);
  if (transport == NULL || !CAMEL_IS_TRANSPORT (transport))
    {
      if (transport != NULL)
        g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                     _("The mail account “%s” has no server for sending mail set up in "
                       "Evolution."),
                     e_source_get_display_name (account));
      if (store != NULL)
        disconnect_service (CAMEL_SERVICE (store), TRUE, watchdog);
      return FALSE;
    }
  transport_name = dup_transport_name (transport);

  if (!camel_service_connect_sync (transport, watchdog_arm (watchdog), &local_error) ||
      !camel_transport_send_to_sync (CAMEL_TRANSPORT (transport), message,
                                     CAMEL_ADDRESS (from), CAMEL_ADDRESS (recipients),
                                     &saved_by_transport, watchdog_arm (watchdog),
                                     &local_error))
    {
      disconnect_service (transport, FALSE, watchdog);
      if (store != NULL)
        disconnect_service (CAMEL_SERVICE (store), FALSE, watchdog);
      set_failure (error, g_steal_pointer (&local_error), watchdog,
                   /* Translators: %s is a mail server such as smtp.example.com; the server's
                    * or Evolution's own explanation follows after a colon */
                   _("Could not send the reminder through “%s”"), transport_name);
      return FALSE;
    }
  disconnect_service (transport, TRUE, watchdog);

  /* Sent: from here on the delivery succeeded, whatever happens to the copy (a FALSE would make
   * the caller send the reminder again). Some transports save the copy themselves. */
  if (sent != NULL && !saved_by_transport &&
      !append_message (sent, message, CAMEL_MESSAGE_SEEN, watchdog, &local_error))
    {
      g_warning ("The reminder %s was sent, but its copy could not be saved in the Sent folder "
                 "of “%s”: %s", message_id,
                 camel_service_get_display_name (CAMEL_SERVICE (store)),
                 watchdog_fired (watchdog) ? "timed out" : local_error->message);
      g_clear_error (&local_error);
    }

  if (store != NULL)
    disconnect_service (CAMEL_SERVICE (store), TRUE, watchdog);
  return TRUE;
}

gboolean
rs_mailer_deliver_sync (RsMailer          *self,
                        CamelMimeMessage  *message,
                        RsDelivery         mode,
                        gboolean          *out_already_there,
                        GCancellable      *cancellable,
                        GError           **error)
{
  g_autoptr(ESource) account = NULL;
  g_autoptr(ESource) identity = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  const char *message_id;
  gboolean already_there = FALSE;
  gboolean success;
  Watchdog watchdog;

  g_return_val_if_fail (RS_IS_MAILER (self), FALSE);
  g_return_val_if_fail (CAMEL_IS_MIME_MESSAGE (message), FALSE);
  g_return_val_if_fail (mode == RS_DELIVERY_DRAFT || mode == RS_DELIVERY_SEND, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_already_there != NULL)
    *out_already_there = FALSE;

  message_id = camel_mime_message_get_message_id (message);
  if (message_id == NULL || *message_id == '\0')
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           /* Translators: Message-ID is the name of an e-mail header */
                           _("The reminder has no Message-ID, so it could be delivered twice; "
                             "it was not delivered."));
      return FALSE;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (!resolve_identity (self, &account, &identity, error))
    return FALSE;

  locker = g_mutex_locker_new (&self->lock);
  watchdog_start (&watchdog, self->timeout_seconds, cancellable);

  if (mode == RS_DELIVERY_DRAFT)
    success = deliver_draft (self, message, message_id, identity, &already_there, &watchdog,
                             error);
  else
    success = deliver_send (self, message, message_id, account, identity, &already_there,
                            &watchdog, error);

  watchdog_stop (&watchdog);

  if (success && out_already_there != NULL)
    *out_already_there = already_there;
  return success;
}

/* --- Object ------------------------------------------------------------------------------ */

static gpointer
init_camel_once (gpointer data)
{
  /* Camel's own initialisation (its translations, the certificate database file in @data);
   * without NSS, which only S/MIME needs: TLS goes through GIO. */
  camel_init (data, FALSE);
  /* The [Imapx Backend], [Smtp Backend] … extensions that hold each provider's settings. */
  e_source_camel_register_types ();
  return NULL;
}

static void
rs_mailer_dispose (GObject *object)
{
  RsMailer *self = RS_MAILER (object);

  g_clear_object (&self->session);
  g_clear_object (&self->local_session);
  g_clear_object (&self->registry);

  G_OBJECT_CLASS (rs_mailer_parent_class)->dispose (object);
}

static void
rs_mailer_finalize (GObject *object)
{
  RsMailer *self = RS_MAILER (object);

  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (rs_mailer_parent_class)->finalize (object);
}

static void
rs_mailer_class_init (RsMailerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rs_mailer_dispose;
  object_class->finalize = rs_mailer_finalize;
}

static void
rs_mailer_init (RsMailer *self)
{
  const char *timeout = g_getenv ("RS_MAIL_TIMEOUT_SECONDS");
  guint64 seconds = 0;

  g_mutex_init (&self->lock);

  /* Read once: the environment must not be read while other threads may change it. */
  if (timeout == NULL || !g_ascii_string_to_unsigned (timeout, 10, 1, 3600, &seconds, NULL))
    seconds = DEFAULT_TIMEOUT_SECONDS;
  self->timeout_seconds = (guint) seconds;
}

RsMailer *
rs_mailer_new (ESourceRegistry *registry,
               const char      *data_dir,
               const char      *cache_dir)
{
  static GOnce camel_once = G_ONCE_INIT;
  g_autofree char *evolution_data_dir = NULL;
  g_autofree char *evolution_cache_dir = NULL;
  RsMailer *self;

  g_return_val_if_fail (E_IS_SOURCE_REGISTRY (registry), NULL);
  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (cache_dir != NULL, NULL);

  g_once (&camel_once, init_camel_once, (gpointer) data_dir);

  self = g_object_new (RS_TYPE_MAILER, NULL);
  self->registry = g_object_ref (registry);

  /* Created here, in the caller's thread: a CamelSession runs its jobs (background work of the
   * IMAP store) in the thread-default main context of its creation. */
  self->session = rs_mail_session_new (registry, data_dir, cache_dir);
  evolution_data_dir = g_build_filename (e_get_user_data_dir (), "mail", NULL);
  evolution_cache_dir = g_build_filename (e_get_user_cache_dir (), "mail", NULL);
  self->local_session = rs_mail_session_new (registry, evolution_data_dir, evolution_cache_dir);
  return self;
}
