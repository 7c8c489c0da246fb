/* rs-reminder-message.h: the e-mail a client gets before an invoice, an expiry or a notice
 * deadline — templates, placeholders, language, MIME
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Templates are plain UTF-8 text files, one per language and kind: the first line is
 * "Subject: …", then an empty line, then the body. An invoice reminder to a client who prepays
 * is a payment request (payment-request.txt; an owner's own invoice.txt wins over the shipped
 * payment-request.txt). Placeholders are words in braces: {client} {service} {amount}
 * {issue_date} {expiry_date} {notice_date} {payment} {business} {renew}, and for invoices
 * {beneficiary} {pay_by} {period} {reference}. Unknown words in braces are left as they are;
 * a line whose known placeholders are all empty is left out. Templates are looked up, first
 * found wins, in:
 *   1. $XDG_CONFIG_HOME/evolution-recurring-sales/templates/<lang>/<kind>.txt (the owner's)
 *   2. $RS_TEMPLATES_DIR/<lang>/<kind>.txt (tests and the build tree), else
 *      $datadir/evolution-recurring-sales/templates/<lang>/<kind>.txt (shipped: el, en)
 * The language is the sale's, else the first of g_get_language_names () with shipped
 * templates, else "en".
 */
#pragma once

#include <camel/camel.h>
#include <recurring-sales/rs-sale.h>

G_BEGIN_DECLS

/* Who the message is from: the default mail identity. {business} (the signature) and
 * {beneficiary} are @business_name, else @organization, else @name unless it is the login name
 * (g_get_user_name ()); with none of them, the lines that show them are left out. */
typedef struct {
  const char *name;           /* the identity's full name, the From name; may be NULL */
  const char *address;        /* required */
  const char *business_name;  /* the business-name setting; may be NULL or "" */
  const char *organization;   /* the identity's organization; may be NULL or "" */
} RsSender;


/* The deterministic Message-ID of one reminder, "<rs.HEX@DOMAIN>" (DOMAIN from
 * @sender_address, else "recurring-sales.invalid"), newly allocated. */
char     *rs_reminder_message_id        (const char     *sale_uid,
                                         RsReminderKind  kind,
                                         guint           lead_days,
                                         const GDate    *occurrence,
                                         const char     *sender_address);

/* Fills the template: subject (one line, no control characters) and body (UTF-8, LF line ends).
 * @occurrence is the issue, expiry or notice date the reminder is about. */
gboolean  rs_reminder_message_compose   (RsSale         *sale,
                                         RsReminderKind  kind,
                                         const GDate    *occurrence,
                                         const RsSender *sender,
                                         char          **out_subject,
                                         char          **out_body,
                                         GError        **error);

/* The whole message: From = sender, To = the client, Subject (RFC 2047 when not ASCII), Date =
 * @date (epoch seconds), Message-ID = rs_reminder_message_id (), text/plain; charset=UTF-8 body
 * in quoted-printable or base64, X-Recurring-Sale-UID and X-Recurring-Sale-Reminder headers.
 * No header can be injected through any sale field. */
CamelMimeMessage *rs_reminder_message_build (RsSale         *sale,
                                             RsReminderKind  kind,
                                             guint           lead_days,
                                             const GDate    *occurrence,
                                             const RsSender *sender,
                                             gint64          date,
                                             GError        **error);

/* Team reminders (docs/mail.md): the same, for @audience client or team. A team reminder is
 * filled from team-<kind>.txt in the owner's language (the desktop's, never the sale's), with
 * {client_email}, {period_words} and {offer} besides the client's placeholders; its
 * Message-ID differs from the client's reminder of the same date, and it goes To each of
 * @team (the sale's team, else the setting team-addresses; each address checked). */
char     *rs_reminder_message_id_for    (const char     *sale_uid,
                                         RsReminderKind  kind,
                                         RsAudience      audience,
                                         guint           lead_days,
                                         const GDate    *occurrence,
                                         const char     *sender_address);
gboolean  rs_reminder_message_compose_for (RsSale         *sale,
                                           RsReminderKind  kind,
                                           RsAudience      audience,
                                           const GDate    *occurrence,
                                           const RsSender *sender,
                                           char          **out_subject,
                                           char          **out_body,
                                           GError        **error);
CamelMimeMessage *rs_reminder_message_build_for (RsSale             *sale,
                                                 RsReminderKind      kind,
                                                 RsAudience          audience,
                                                 guint               lead_days,
                                                 const GDate        *occurrence,
                                                 const RsSender     *sender,
                                                 const char * const *team,
                                                 gint64              date,
                                                 GError            **error);

G_END_DECLS
