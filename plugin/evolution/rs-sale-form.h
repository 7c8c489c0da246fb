/* rs-sale-form.h: the sale editor's fields, as a person fills them in, and AddSale's a{sv}
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Without GTK, so that the tests check it without a display. The dialog copies its widgets
 * into an #RsSaleForm and asks for the dictionary; a problem comes back as the sentence the
 * service would give, with the field to show it next to (RS_SALE_FIELD_NONE: the sale as a
 * whole, such as an expiry before the start).
 */
#pragma once

#include <recurring-sales/rs-defaults.h>
#include <recurring-sales/rs-sale-fields.h>
#include <recurring-sales/rs-types.h>

G_BEGIN_DECLS

typedef enum {
  RS_SALE_FORM_TERM_NONE,    /* until the client ends it */
  RS_SALE_FORM_TERM_UNTIL,   /* an expiry date */
  RS_SALE_FORM_TERM_COUNT,   /* a number of invoices */
  RS_SALE_FORM_TERM_LENGTH,  /* a length, like 1y */
} RsSaleFormTerm;

typedef struct {
  char           *client;
  char           *contact_uid;   /* the address book's contact the client was chosen from, or "" */
  char           *email;
  char           *service;
  char           *amount;        /* as the user's language writes it: "1.234,50" in Greek */
  char           *currency;      /* ISO 4217 */
  char           *period;        /* "1m", "monthly", "Μηνιαία" … */
  char           *start;         /* YYYY-MM-DD, or DD/MM/YYYY in Greek */
  RsSaleFormTerm  term_kind;
  char           *term;          /* the date, the number or the length of @term_kind */
  char           *notice_days;   /* "" or "0": no notice deadline */
  gboolean        draft;
  gboolean        prepay;
  char           *iban;
  char           *invoice_days;  /* reminders before each invoice: "14, 7" */
  char           *expiry_days;   /* reminders before the expiry */
  gboolean        remind_client; /* the same reminders to the client, by e-mail */
  char           *delivery;      /* "default", "draft", "send" or "off" */
  char           *language;      /* "" (yours), or a shipped language: "el", "en" */
  char           *note;
} RsSaleForm;

/* The form of an existing sale, from GetSale's a{sv} (dates and amounts as the user's language
 * writes them). */
RsSaleForm *rs_sale_form_new_from_variant (GVariant        *sale);
/* The keys of @edited (rs_sale_form_to_variant ()) whose values differ from @original's (the
 * same, of the form as it was loaded): UpdateSale's changes, so that what the form cannot show
 * (notice reminders, per-day client reminders) is kept unless the user changed its field.
 * A term replaced by another kind removes the old one (an empty "term"). Not floating. */
GVariant   *rs_sale_form_changes        (GVariant          *original,
                                         GVariant          *edited);
/* A new sale's form: the user's @defaults (draft, reminder days), EUR, monthly, from today. */
RsSaleForm *rs_sale_form_new            (const RsDefaults  *defaults);
void        rs_sale_form_free           (RsSaleForm        *form);
void        rs_sale_form_set            (char             **member,
                                         const char        *text);
/* AddSale's a{sv} (not floating), checked as the service checks it (rs_sale_new_from_variant ()
 * with @defaults); NULL with the first problem's sentence and its field. */
GVariant   *rs_sale_form_to_variant     (const RsSaleForm  *form,
                                         const RsDefaults  *defaults,
                                         RsSaleField       *out_field,
                                         GError           **error);

/* How often a sale is invoiced, as the editor offers it in words. */
typedef struct {
  const char *id;     /* the period's text ("1m"), or RS_SALE_FORM_PERIOD_CUSTOM */
  const char *label;  /* a msgid: the caller translates it */
} RsSaleFormChoice;

#define RS_SALE_FORM_PERIOD_CUSTOM "custom"

/* Monthly, Every 2 months, Every 3 months, Every 6 months, Yearly, Every 2 years, and last
 * "Other…" (RS_SALE_FORM_PERIOD_CUSTOM: a number of days, weeks, months or years). Static. */
const RsSaleFormChoice *rs_sale_form_period_choices (guint        *n_choices);
/* Which choice @period is ("1m", "3m", or words such as "monthly", "Τριμηνιαία"): its id, or
 * RS_SALE_FORM_PERIOD_CUSTOM; @out_count and @out_unit get the period (1 month when @period
 * cannot be read, which the form then reports). */
const char             *rs_sale_form_period_choice  (const char   *period,
                                                     guint        *out_count,
                                                     RsPeriodUnit *out_unit);
/* The period's text for a count and a unit: (3, months) → "3m". */
char                   *rs_sale_form_period_text    (guint         count,
                                                     RsPeriodUnit  unit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsSaleForm, rs_sale_form_free)

G_END_DECLS
