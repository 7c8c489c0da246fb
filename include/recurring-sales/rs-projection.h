/* rs-projection.h: a sale as iCalendar components, as the calendar shows it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * For each sale: "<uid>-invoice" (the series of issue dates, with detached instances for
 * occurrences marked issued or prepaid and EXDATEs for skipped ones), "<uid>-expiry" and
 * "<uid>-notice". All-day, TRANSP:TRANSPARENT, CLASS:PRIVATE, stable UIDs and alarm UIDs,
 * DISPLAY alarms for the owner's reminders at the reminder time, X-RECURRING-SALE-UID and
 * X-RECURRING-SALE-KIND.
 */
#pragma once

#include <libical-glib/libical-glib.h>
#include <recurring-sales/rs-sale.h>

G_BEGIN_DECLS

#define RS_X_SALE_UID  "X-RECURRING-SALE-UID"
#define RS_X_SALE_KIND "X-RECURRING-SALE-KIND"
/* The RFC 7986 COLOR (a CSS3 colour name) of a draft's invoice series: Evolution draws an
 * event in its COLOR rather than the calendar's, and draws STATUS:TENTATIVE no differently. */
#define RS_PROJECTION_DRAFT_COLOR "orange"

/* The component UID for @sale_uid and @kind: "<sale-uid>-invoice" and so on; newly allocated. */
char      *rs_projection_component_uid (const char     *sale_uid,
                                        RsReminderKind  kind);
/* Splits a component UID back; FALSE when it is not one of ours. */
gboolean   rs_projection_parse_component_uid (const char     *component_uid,
                                              char          **out_sale_uid,
                                              RsReminderKind *out_kind);

/* The VEVENTs of @sale (GPtrArray of ICalComponent, owning): the invoice series (master first,
 * then detached instances), the expiry and the notice deadline when they exist. */
GPtrArray *rs_projection_build         (RsSale *sale);
/* The same, where a sale that follows the setting for client reminders (RS_DELIVERY_DEFAULT)
 * has @default_delivery (rs_projection_build () assumes the shipped default, drafts). A client
 * reminder that becomes a draft gives the owner a reminder at the same instant that a draft is
 * waiting for approval. */
GPtrArray *rs_projection_build_full    (RsSale     *sale,
                                        RsDelivery  default_delivery);
/* Whether @rule of @sale becomes an alarm (after rs_sale_reminder_verdict ()). */
typedef gboolean (*RsProjectionRuleFunc) (RsSale               *sale,
                                          const RsReminderRule *rule,
                                          gpointer              user_data);
/* The same components, whose alarms are the rules that @shown accepts: the one place where
 * another calendar (the team calendar) says which reminders it shows. */
GPtrArray *rs_projection_build_with_alarms (RsSale               *sale,
                                            RsProjectionRuleFunc  shown,
                                            gpointer              user_data);
/* Whether @rule of @sale shows as a calendar reminder: the owner's reminders, and the client's
 * when they become drafts (the owner is told a draft waits). */
gboolean   rs_projection_rule_is_shown (RsSale               *sale,
                                        const RsReminderRule *rule,
                                        RsDelivery            default_delivery);

/* A VCALENDAR with every component of @sales (GPtrArray of RsSale), as text. */
char      *rs_projection_export_ics    (GPtrArray *sales);

/* The RRULE that expands to exactly the engine's issue dates, or NULL when none does (the
 * projection then lists RDATEs). Exposed for the tests. */
ICalRecurrence *rs_projection_rrule_for (const RsSchedule *schedule);

/* The alarm trigger for "@lead_days before, at @minutes after midnight", relative to the start
 * of an all-day event: 7 days at 09:00 → -P6DT15H. */
ICalDuration *rs_projection_trigger_for (guint lead_days,
                                         guint minutes);

G_END_DECLS
