/* rs-mailer.h: puts a message in the Drafts folder of the user's default mail account, or sends
 * it through the account's transport with a copy in Sent — the account as Evolution configured it
 * (ESource registry), through Camel
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The account is e_source_registry_ref_default_mail_account (); its Mail Identity gives the
 * sender, its Mail Submission the transport (SMTP or sendmail) and the Sent folder, its Mail
 * Composition the Drafts folder (Evolution's defaults when unset: the local "On This Computer"
 * Drafts and Sent). Passwords come from the user's keyring as EDS stores them
 * (e_source_lookup_password_sync ()).
 *
 * The *_sync functions block (network); call them from a worker thread, one at a time.
 */
#pragma once

#include <camel/camel.h>
#include <libedataserver/libedataserver.h>
#include <recurring-sales/rs-types.h>

G_BEGIN_DECLS

#define RS_TYPE_MAILER (rs_mailer_get_type ())
G_DECLARE_FINAL_TYPE (RsMailer, rs_mailer, RS, MAILER, GObject)

/* @data_dir and @cache_dir are where Camel keeps its per-account state (folder summaries, IMAP
 * cache): the service passes $XDG_DATA_HOME/evolution-recurring-sales/mail and
 * $XDG_CACHE_HOME/evolution-recurring-sales/mail. */
RsMailer  *rs_mailer_new            (ESourceRegistry *registry,
                                     const char      *data_dir,
                                     const char      *cache_dir);

/* The sender of the default mail account's identity: name (may be NULL), address and
 * organization (may be NULL). RS_ERROR_FAILED with a sentence when there is no mail account
 * with an identity and address set up. */
gboolean   rs_mailer_get_sender     (RsMailer  *self,
                                     char     **out_name,
                                     char     **out_address,
                                     char     **out_organization,
                                     GError   **error);

/* How far a delivery got, told from the delivering thread the moment it gets there. */
typedef enum {
  /* The message is delivered: the SMTP server answered its data (250), or the draft is in
   * Drafts. It must never be delivered again: the caller records that before it returns,
   * since what follows (the copy in Sent, the servers' goodbyes) may wait on the network. */
  RS_MAILER_STAGE_ACCEPTED,
  /* The copy in Sent is saved, or could not be (a message says why): only the goodbyes to
   * the servers remain, which nothing depends on. */
  RS_MAILER_STAGE_FILED,
} RsMailerStage;

typedef void (*RsMailerProgressFunc) (RsMailerStage stage,
                                      gpointer      user_data);

/* Delivers @message in @mode (RS_DELIVERY_DRAFT or RS_DELIVERY_SEND).
 * Before delivering, the target folder (Drafts, or Sent for send) is searched for the message's
 * Message-ID; when it is already there nothing is done and *out_already_there is TRUE (a crash
 * happened after the last delivery, before it was recorded).
 * DRAFT: appended to Drafts with the Draft flag (and Evolution's X-Evolution-Identity,
 * X-Evolution-Transport and X-Evolution-Fcc headers so that Evolution's composer sends it from
 * the right account).
 * SEND: submitted to the transport (envelope: the identity's address to the message's To), then
 * appended to Sent with the Seen flag, then the transport is disconnected. On failure nothing is
 * appended and the error says what went wrong (refused, timed out, connection lost, no
 * password, …) in one translated sentence.
 * @progress (may be NULL) is told each stage as it is reached; once it was told
 * RS_MAILER_STAGE_ACCEPTED the call returns TRUE, whatever happens after. */
gboolean   rs_mailer_deliver_sync   (RsMailer            *self,
                                     CamelMimeMessage    *message,
                                     RsDelivery           mode,
                                     RsMailerProgressFunc progress,
                                     gpointer             progress_data,
                                     gboolean            *out_already_there,
                                     GCancellable        *cancellable,
                                     GError             **error);

G_END_DECLS
