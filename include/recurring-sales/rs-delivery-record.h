/* rs-delivery-record.h: one line of the delivery ledger — what happened to one client reminder
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A reminder is identified by (sale uid, reminder kind, lead days, occurrence date, audience): the
 * occurrence date is the issue date, the expiry date or the notice deadline the reminder is
 * about. The ledger has at most one record per reminder; that is what makes delivery happen
 * exactly once.
 */
#pragma once

#include <glib-object.h>
#include <recurring-sales/rs-types.h>

G_BEGIN_DECLS

#define RS_TYPE_DELIVERY_RECORD (rs_delivery_record_get_type ())

typedef struct {
  char            *sale_uid;
  RsReminderKind   kind;
  guint            lead_days;
  GDate            occurrence;    /* the issue, expiry or notice date */
  gint64           due;           /* when it was due: seconds since the epoch, UTC */
  RsDeliveryState  state;
  RsDelivery       mode;          /* DRAFT or SEND once decided; DEFAULT before */
  char            *message_id;    /* the deterministic Message-ID, "<…@…>" */
  guint            attempts;      /* failed attempts so far */
  gint64           next_attempt;  /* pending only: not before this (epoch seconds); 0 = now */
  char            *last_error;    /* the last failure, as said to the owner; for a cancelled
                                   * record, why: an RsReminderVerdict's word; NULL if none */
  gint64           updated;       /* when this record last changed (epoch seconds) */
  RsAudience       audience;      /* CLIENT or TEAM: whom it is mailed to (part of the key) */
} RsDeliveryRecord;

GType             rs_delivery_record_get_type (void) G_GNUC_CONST;
/* A pending record of a client reminder with nothing tried yet (set @audience for a team
 * reminder); @occurrence is copied. */
RsDeliveryRecord *rs_delivery_record_new      (const char     *sale_uid,
                                               RsReminderKind  kind,
                                               guint           lead_days,
                                               const GDate    *occurrence,
                                               gint64          due);
RsDeliveryRecord *rs_delivery_record_copy     (const RsDeliveryRecord *record);
void              rs_delivery_record_free     (RsDeliveryRecord *record);
/* The occurrence as "YYYY-MM-DD", newly allocated. */
char             *rs_delivery_record_dup_occurrence_string (const RsDeliveryRecord *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsDeliveryRecord, rs_delivery_record_free)

G_END_DECLS
