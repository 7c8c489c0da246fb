/* rs-defaults.h: the user's defaults for new sales, from GSettings io.github.recurring_sales
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>
#include <recurring-sales/rs-sale.h>

G_BEGIN_DECLS

#define RS_SETTINGS_SCHEMA_ID "io.github.recurring_sales"

typedef struct {
  GArray    *invoice_lead_days;  /* guint */
  GArray    *expiry_lead_days;   /* guint */
  GArray    *notice_lead_days;   /* guint */
  guint      reminder_minutes;   /* after midnight */
  gboolean   draft;
  int        notice_days;        /* -1: none */
  /* For client reminders, at send time: not copied into new sales, which keep
   * RS_DELIVERY_DEFAULT and so follow the setting as it is when a reminder falls due. */
  RsDelivery delivery;           /* client-delivery: DRAFT, SEND or OFF, never DEFAULT */
  guint      catch_up_days;      /* catch-up-days */
  char      *business_name;      /* business-name; NULL when not set */
  /* For team reminders, at send time (docs/settings.md, "The team"). */
  char     **team_addresses;     /* team-addresses, the valid ones; never NULL, maybe empty */
  RsDelivery team_delivery;      /* team-delivery: SEND (the default), DRAFT or OFF */
} RsDefaults;

/* Reads the defaults from GSettings; the built-in values when the schema is not installed. */
RsDefaults *rs_defaults_load          (void);
/* The schema RS_SETTINGS_SCHEMA_ID, or NULL when it is not installed. Check a key with
 * g_settings_schema_has_key () before reading it: GSettings aborts on a key that an older
 * installed schema lacks. */
GSettingsSchema *rs_defaults_lookup_schema (void);
RsDefaults *rs_defaults_new_builtin   (void);
void        rs_defaults_free          (RsDefaults *defaults);
/* A new sale carrying the defaults (draft flag, reminder time, owner invoice reminders). */
RsSale     *rs_defaults_new_sale      (const RsDefaults *defaults);
/* Once the sale's term is known: the default owner reminders for its expiry, and the default
 * notice period (when the sale has none and it fits in the term) with its reminders. */
void        rs_defaults_apply_term_reminders (const RsDefaults *defaults,
                                              RsSale           *sale);
/* "09:00" → 540; FALSE for anything else than HH:MM within the day. */
gboolean    rs_parse_time_of_day      (const char *text,
                                       guint      *out_minutes,
                                       GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsDefaults, rs_defaults_free)

G_END_DECLS
