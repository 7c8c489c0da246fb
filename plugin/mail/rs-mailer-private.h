/* rs-mailer-private.h: what the files of RsMailer share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Not installed: rs-mailer.c holds the object and the two delivery modes, rs-mail-account.c the
 * default account and what its identity names, rs-mail-folders.c the stores and folders.
 */
#pragma once

#include "rs-mail-session.h"
#include "rs-mail-watchdog.h"
#include "rs-mailer.h"

G_BEGIN_DECLS

struct _RsMailer
{
  GObject           parent_instance;

  ESourceRegistry  *registry;
  guint             timeout_seconds;

  GMutex            lock;             /* one delivery at a time: the services are shared */
  RsMailSession    *session;          /* the accounts, in the caller's directories */
  RsMailSession    *local_session;    /* "On This Computer", in Evolution's directories */
};

/* rs-mail-account.c */

/* The default mail account and its identity, when they are set up well enough to send from
 * (@out_account may be NULL); else RS_ERROR_FAILED with a sentence that says what to set up. */
gboolean     rs_mailer_resolve_identity             (RsMailer        *self,
                                                     ESource        **out_account,
                                                     ESource        **out_identity,
                                                     GError         **error);
/* The folder URIs (folder://STORE/PATH) and the transport's source UID that @identity names,
 * Evolution's defaults where it names none; NULL for no Sent copy, or no transport. */
char        *rs_mail_identity_dup_sent_folder_uri   (ESource         *identity);
char        *rs_mail_identity_dup_drafts_folder_uri (ESource         *identity);
char        *rs_mail_identity_dup_transport_uid     (ESource         *identity);

/* rs-mail-folders.c */

/* Opens the folder of @uri and looks for @message_id (without angle brackets) in it: the folder,
 * or NULL with @error set. *@out_store is set whenever the store was found, on a failure too
 * (disconnected then), so that the failure can name it. */
CamelFolder *rs_mailer_open_target                  (RsMailer        *self,
                                                     const char      *uri,
                                                     const char      *message_id,
                                                     gboolean        *out_found,
                                                     RsMailWatchdog  *watchdog,
                                                     CamelStore     **out_store,
                                                     GError         **error);
/* Appends @message with @flags and writes the folder's summary (and, on IMAP, the flags). */
gboolean     rs_mail_folder_append                  (CamelFolder       *folder,
                                                     CamelMimeMessage  *message,
                                                     guint32            flags,
                                                     RsMailWatchdog    *watchdog,
                                                     GError           **error);
/* Disconnects @service; after a failure (@clean FALSE) without talking to the server. */
void         rs_mail_service_disconnect             (CamelService    *service,
                                                     gboolean         clean,
                                                     RsMailWatchdog  *watchdog);

G_END_DECLS
