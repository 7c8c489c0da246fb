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
 * A sent message is told to the caller (RS_MAILER_STAGE_ACCEPTED) the moment the server has
 * accepted it, and its copy goes into Sent before the transport says goodbye: a server slow to
 * answer QUIT (or a copy slow to upload) must not leave a delivered message unrecorded, which
 * the next start would send again.
 *
 * Camel's sockets time out after 90 seconds of silence (camel-network-service.c), once per
 * read; a server that trickles an answer can hold a call longer. Each blocking step here runs
 * under a watchdog that cancels it after RS_MAIL_TIMEOUT_SECONDS (default 60,
 * rs-mail-watchdog.c).
 *
 * The other files of RsMailer: rs-mail-account.c (the account and its identity),
 * rs-mail-folders.c (stores and folders).
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-error.h>
#include "rs-mailer-private.h"

#define DEFAULT_TIMEOUT_SECONDS 60

G_DEFINE_FINAL_TYPE (RsMailer, rs_mailer, G_TYPE_OBJECT)

/* --- Errors ------------------------------------------------------------------------------ */

/* @error (Camel's, or the watchdog's cancellation) becomes one RS_ERROR_FAILED sentence: @format
 * with its own arguments, then ": " and Camel's detail. A cancellation by the caller stays
 * G_IO_ERROR_CANCELLED, as GIO callers expect. */
static void G_GNUC_PRINTF (4, 5)
set_failure (GError         **error,
             GError          *camel_error,
             RsMailWatchdog  *watchdog,
             const char      *format,
             ...)
{
  g_autofree char *what = NULL;
  g_autofree char *detail = NULL;
  va_list args;

  if (g_error_matches (camel_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      (watchdog == NULL || !rs_mail_watchdog_fired (watchdog)))
    {
      g_propagate_error (error, camel_error);
      return;
    }

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  if (watchdog != NULL && rs_mail_watchdog_fired (watchdog))
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

/* --- Delivery ---------------------------------------------------------------------------- */

typedef struct {
  RsMailerProgressFunc func;
  gpointer             data;
} Progress;

static void
report (const Progress *progress,
        RsMailerStage   stage)
{
  if (progress->func != NULL)
    progress->func (stage, progress->data);
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

static gboolean
deliver_draft (RsMailer          *self,
               CamelMimeMessage  *message,
               const char        *message_id,
               ESource           *identity,
               const Progress    *progress,
               gboolean          *out_already_there,
               RsMailWatchdog    *watchdog,
               GError           **error)
{
  g_autofree char *uri = rs_mail_identity_dup_drafts_folder_uri (identity);
  g_autofree char *transport_uid = rs_mail_identity_dup_transport_uid (identity);
  g_autofree char *sent_uri = rs_mail_identity_dup_sent_folder_uri (identity);
  g_autoptr(CamelStore) store = NULL;
  g_autoptr(CamelFolder) folder = NULL;
  g_autoptr(CamelMimeMessage) draft = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean found = FALSE;

  folder = rs_mailer_open_target (self, uri, message_id, &found, watchdog, &store, &local_error);
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
      rs_mail_service_disconnect (CAMEL_SERVICE (store), TRUE, watchdog);
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
      !rs_mail_folder_append (folder, draft, CAMEL_MESSAGE_DRAFT | CAMEL_MESSAGE_SEEN, watchdog,
                              &local_error))
    {
      rs_mail_service_disconnect (CAMEL_SERVICE (store), FALSE, watchdog);
      set_failure (error, g_steal_pointer (&local_error), watchdog,
                   _("Could not put the reminder in the Drafts folder of “%s”"),
                   camel_service_get_display_name (CAMEL_SERVICE (store)));
      return FALSE;
    }

  /* In Drafts, and in the summary Evolution reads: delivered, whatever the goodbye does. */
  report (progress, RS_MAILER_STAGE_ACCEPTED);
  report (progress, RS_MAILER_STAGE_FILED);
  rs_mail_service_disconnect (CAMEL_SERVICE (store), TRUE, watchdog);
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

/* The copy of a sent message in Sent. A failure is said and otherwise ignored: the message went
 * out (a FALSE would make the caller send it again). */
static void
file_sent_copy (CamelFolder      *sent,
                CamelStore       *store,
                CamelMimeMessage *message,
                const char       *message_id,
                RsMailWatchdog   *watchdog,
                GCancellable     *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (rs_mail_folder_append (sent, message, CAMEL_MESSAGE_SEEN, watchdog, &error))
    return;

  /* The caller stopped the delivery (the service exits): not a fault of the account. */
  if (g_cancellable_is_cancelled (cancellable) && !rs_mail_watchdog_fired (watchdog))
    g_message ("The reminder %s was sent; its copy was not saved in the Sent folder of “%s”, "
               "because the delivery was stopped.", message_id,
               camel_service_get_display_name (CAMEL_SERVICE (store)));
  else
    g_warning ("The reminder %s was sent, but its copy could not be saved in the Sent folder "
               "of “%s”: %s", message_id,
               camel_service_get_display_name (CAMEL_SERVICE (store)),
               rs_mail_watchdog_fired (watchdog) ? "timed out" : error->message);
}

static gboolean
deliver_send (RsMailer          *self,
              CamelMimeMessage  *message,
              const char        *message_id,
              ESource           *account,
              ESource           *identity,
              const Progress    *progress,
              gboolean          *out_already_there,
              RsMailWatchdog    *watchdog,
              GCancellable      *cancellable,
              GError           **error)
{
  g_autofree char *sent_uri = rs_mail_identity_dup_sent_folder_uri (identity);
  g_autofree char *transport_uid = rs_mail_identity_dup_transport_uid (identity);
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
      sent = rs_mailer_open_target (self, sent_uri, message_id, &found, watchdog, &store,
                                    &local_error);
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
          rs_mail_service_disconnect (CAMEL_SERVICE (store), TRUE, watchdog);
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
        rs_mail_service_disconnect (CAMEL_SERVICE (store), TRUE, watchdog);
      return FALSE;
    }
  transport_name = dup_transport_name (transport);

  if (!camel_service_connect_sync (transport, rs_mail_watchdog_arm (watchdog), &local_error) ||
      !camel_transport_send_to_sync (CAMEL_TRANSPORT (transport), message,
                                     CAMEL_ADDRESS (from), CAMEL_ADDRESS (recipients),
                                     &saved_by_transport, rs_mail_watchdog_arm (watchdog),
                                     &local_error))
    {
      rs_mail_service_disconnect (transport, FALSE, watchdog);
      if (store != NULL)
        rs_mail_service_disconnect (CAMEL_SERVICE (store), FALSE, watchdog);
      set_failure (error, g_steal_pointer (&local_error), watchdog,
                   /* Translators: %s is a mail server such as smtp.example.com; the server's
                    * or Evolution's own explanation follows after a colon */
                   _("Could not send the reminder through “%s”"), transport_name);
      return FALSE;
    }
  /* Accepted: from here on the delivery succeeded, whatever happens to the copy or to the
   * goodbye. The caller records it now; a stop from here on cannot send it again. */
  report (progress, RS_MAILER_STAGE_ACCEPTED);

  /* Before QUIT: a server may take its time to answer that. Some transports save the copy
   * themselves. */
  if (sent != NULL && !saved_by_transport)
    file_sent_copy (sent, store, message, message_id, watchdog, cancellable);
  report (progress, RS_MAILER_STAGE_FILED);

  rs_mail_service_disconnect (transport, TRUE, watchdog);
  if (store != NULL)
    rs_mail_service_disconnect (CAMEL_SERVICE (store), TRUE, watchdog);
  return TRUE;
}

gboolean
rs_mailer_deliver_sync (RsMailer             *self,
                        CamelMimeMessage     *message,
                        RsDelivery            mode,
                        RsMailerProgressFunc  progress_func,
                        gpointer              progress_data,
                        gboolean             *out_already_there,
                        GCancellable         *cancellable,
                        GError              **error)
{
  const Progress progress = { progress_func, progress_data };
  g_autoptr(ESource) account = NULL;
  g_autoptr(ESource) identity = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  const char *message_id;
  gboolean already_there = FALSE;
  gboolean success;
  RsMailWatchdog watchdog;

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

  if (!rs_mailer_resolve_identity (self, &account, &identity, error))
    return FALSE;

  locker = g_mutex_locker_new (&self->lock);
  rs_mail_watchdog_start (&watchdog, self->timeout_seconds, cancellable);

  if (mode == RS_DELIVERY_DRAFT)
    success = deliver_draft (self, message, message_id, identity, &progress, &already_there,
                             &watchdog, error);
  else
    success = deliver_send (self, message, message_id, account, identity, &progress,
                            &already_there, &watchdog, cancellable, error);

  rs_mail_watchdog_stop (&watchdog);

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
