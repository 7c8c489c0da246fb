/* rs-sale-fields.c: the table of a sale's fields, and each format's order of them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The text forms the entries point to are in rs-sale-field-text.c.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-language.h>
#include <recurring-sales/rs-money.h>
#include <recurring-sales/rs-sale-fields.h>
#include <recurring-sales/rs-text.h>

#include "rs-sale-fields-private.h"

/* The words a spreadsheet's header may name a column with, besides its name: Greek, then
 * English; a word two fields share (a bare "Date") is refused as ambiguous. */
#define HEADERS(...) (const char * const[]) { __VA_ARGS__, NULL }

#define TEXT_FIELD(getter, setter) \
  .type = RS_SALE_FIELD_TYPE_TEXT, .get_text = getter, .set_text = setter

/* In the order of the CSV export's columns, with the fields it does not carry where the JSON
 * export and GetSale have them. A format that does not carry a field has no name for it: no
 * RS_SALE_FORMAT_ bit, no option, no show label. */
static const RsSaleFieldInfo fields[RS_SALE_N_FIELDS] = {
  [RS_SALE_FIELD_UID] = {
    .field = RS_SALE_FIELD_UID,
    .name = "uid", .dbus_type = "s", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Κωδικός", "Αναγνωριστικό", "Identifier", "ID"),
    TEXT_FIELD (rs_sale_get_uid, rs_sale_set_uid),
    .flags = RS_SALE_FIELD_UNCHANGEABLE | RS_SALE_FIELD_ALWAYS_ON_DBUS,
    /* Translators: a label of `recurring-sales show` */
    .show_label = N_("Identifier"),
  },
  [RS_SALE_FIELD_CLIENT] = {
    .field = RS_SALE_FIELD_CLIENT,
    .name = "client", .dbus_type = "s", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Πελάτης", "Επωνυμία", "Client", "Customer"),
    TEXT_FIELD (rs_sale_get_client_name, rs_sale_set_client_name),
    .flags = RS_SALE_FIELD_REQUIRED,
    .option = {
      "client",
      /* Translators: a placeholder for a name, in --help */
      N_("NAME"),
      /* Translators: help of --client in `recurring-sales add --help` and `edit --help` */
      N_("The client’s name"),
    },
    /* Translators: a label of `recurring-sales show` */
    .show_label = N_("Client"),
  },
  [RS_SALE_FIELD_EMAIL] = {
    .field = RS_SALE_FIELD_EMAIL,
    .name = "email", .dbus_type = "s", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Email πελάτη", "Ηλεκτρονική διεύθυνση", "E-mail", "Client email"),
    TEXT_FIELD (rs_sale_get_client_email, rs_sale_set_client_email),
    .option = {
      "email",
      /* Translators: a placeholder for an e-mail address, in --help */
      N_("ADDR"),
      /* Translators: help of --email in `recurring-sales add --help` and `edit --help` */
      N_("The client’s e-mail address"),
      "clear-email",
      /* Translators: help of --clear-email in `recurring-sales edit --help` */
      N_("Remove the client’s e-mail address"),
    },
    /* Translators: a label of `recurring-sales show` */
    .show_label = N_("E-mail"),
  },
  [RS_SALE_FIELD_CONTACT_UID] = {
    .field = RS_SALE_FIELD_CONTACT_UID,
    .name = "contact_uid", .dbus_type = "s", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Επαφή", "Contact"),
    TEXT_FIELD (rs_sale_get_contact_uid, rs_sale_set_contact_uid),
    /* Translators: a label of `recurring-sales show`, before an address book identifier */
    .show_label = N_("Contact"),
  },
  [RS_SALE_FIELD_SERVICE] = {
    .field = RS_SALE_FIELD_SERVICE,
    .name = "service", .dbus_type = "s", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Υπηρεσία", "Περιγραφή", "Service", "Description"),
    TEXT_FIELD (rs_sale_get_service, rs_sale_set_service),
    .flags = RS_SALE_FIELD_REQUIRED,
    .option = {
      "service", N_("TEXT"),
      /* Translators: help of --service in `recurring-sales add --help` and `edit --help` */
      N_("What you sell them"),
    },
    /* Translators: a label of `recurring-sales show` */
    .show_label = N_("Service"),
  },
  [RS_SALE_FIELD_AMOUNT] = {
    .field = RS_SALE_FIELD_AMOUNT,
    /* Minor units on D-Bus, where a decimal text could be misread; a decimal elsewhere. */
    .name = "amount", .dbus_key = "amount_minor", .dbus_type = "x",
    .csv_headers = HEADERS ("Ποσό", "Αξία", "Amount", "Price"),
    .formats = RS_SALE_FORMAT_ALL, .type = RS_SALE_FIELD_TYPE_AMOUNT,
    .flags = RS_SALE_FIELD_REQUIRED,
    .get_number = rs_sale_get_amount_minor, .set_number = rs_sale_set_amount_minor,
    .option = {
      "amount", N_("DECIMAL"),
      /* Translators: help of --amount in `recurring-sales add --help` and `edit --help` */
      N_("The amount of each invoice, like 120.50"),
    },
    /* Translators: a label of `recurring-sales show` */
    .show_label = N_("Amount"),
  },
  [RS_SALE_FIELD_CURRENCY] = {
    .field = RS_SALE_FIELD_CURRENCY,
    .name = "currency", .dbus_type = "s", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Νόμισμα", "Currency"),
    TEXT_FIELD (rs_sale_get_currency, rs_sale_set_currency),
    .flags = RS_SALE_FIELD_REQUIRED,
    .from_text = rs_sale_field_currency_from_text,
    .option = {
      "currency", N_("CODE"),
      /* Translators: help of --currency in `recurring-sales add --help` and `edit --help` */
      N_("The ISO 4217 currency code, like EUR"),
      .check = rs_currency_validate,
    },
  },
  [RS_SALE_FIELD_PERIOD] = {
    .field = RS_SALE_FIELD_PERIOD,
    .name = "period", .dbus_type = "s", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Περίοδος", "Περιοδικότητα", "Συχνότητα", "Period", "Frequency", "Billing period"),
    .type = RS_SALE_FIELD_TYPE_PERIOD,
    .flags = RS_SALE_FIELD_REQUIRED | RS_SALE_FIELD_SCHEDULE,
    .schedule_offset = G_STRUCT_OFFSET (RsSchedule, period),
    /* Translators: names the field in an error such as “The billing period “1q” is not a period…” */
    .label = N_("The billing period"),
    .option = {
      "every", N_("PERIOD"),
      /* Translators: help of --every in `recurring-sales add --help` and `edit --help` */
      N_("How often to invoice: Nd, Nw, Nm or Ny, like 1m or 3m"),
    },
    /* Translators: a label of `recurring-sales show`, before “every month” */
    .show_label = N_("Billed"),
  },
  [RS_SALE_FIELD_START] = {
    .field = RS_SALE_FIELD_START,
    .name = "start", .dbus_type = "s", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Έναρξη", "Ημερομηνία έναρξης", "Ημερομηνία", "Start date", "Date"),
    .type = RS_SALE_FIELD_TYPE_DATE,
    .flags = RS_SALE_FIELD_REQUIRED | RS_SALE_FIELD_SCHEDULE,
    .schedule_offset = G_STRUCT_OFFSET (RsSchedule, start),
    /* Translators: names the field in an error such as “The start date 2027-02-30 is not a valid date.” */
    .label = N_("The start date"),
    .option = {
      "start", N_("YYYY-MM-DD"),
      /* Translators: help of --start in `recurring-sales add --help` and `edit --help` */
      N_("The first issue date"),
    },
  },
  [RS_SALE_FIELD_UNTIL] = {
    .field = RS_SALE_FIELD_UNTIL,
    .name = "until", .dbus_type = "s", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Λήξη", "Ημερομηνία λήξης", "Ημερομηνία", "Until", "End date", "Date"),
    .type = RS_SALE_FIELD_TYPE_DATE,
    .flags = RS_SALE_FIELD_TERM_GROUP | RS_SALE_FIELD_SCHEDULE,
    .schedule_offset = G_STRUCT_OFFSET (RsSchedule, until), .term_kind = RS_TERM_UNTIL,
    /* Translators: names the field in an error such as “The expiry date 2027-02-30 is not a valid date.” */
    .label = N_("The expiry date"),
    .option = {
      "until", N_("YYYY-MM-DD"),
      /* Translators: help of --until in `recurring-sales add --help` and `edit --help` */
      N_("The expiry date, inclusive"),
    },
  },
  [RS_SALE_FIELD_COUNT] = {
    .field = RS_SALE_FIELD_COUNT,
    .name = "count", .dbus_type = "u", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Πλήθος τιμολογίων", "Αριθμός τιμολογίων", "Number of invoices"),
    .type = RS_SALE_FIELD_TYPE_NUMBER,
    .flags = RS_SALE_FIELD_TERM_GROUP | RS_SALE_FIELD_SCHEDULE,
    .schedule_offset = G_STRUCT_OFFSET (RsSchedule, count), .term_kind = RS_TERM_COUNT,
    .min = 1, .max = RS_SCHEDULE_MAX_COUNT,
    .option = {
      "count",
      /* Translators: a placeholder for a number, in --help */
      N_("N"),
      /* Translators: help of --count in `recurring-sales add --help` and `edit --help` */
      N_("The number of invoices of the term"),
    },
  },
  [RS_SALE_FIELD_TERM] = {
    .field = RS_SALE_FIELD_TERM,
    .name = "term", .dbus_type = "s", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Διάρκεια", "Term", "Duration"),
    .type = RS_SALE_FIELD_TYPE_PERIOD,
    .flags = RS_SALE_FIELD_TERM_GROUP | RS_SALE_FIELD_SCHEDULE,
    .schedule_offset = G_STRUCT_OFFSET (RsSchedule, term_length), .term_kind = RS_TERM_LENGTH,
    .label = N_("The term"),
    .option = {
      "for", N_("PERIOD"),
      /* Translators: help of --for in `recurring-sales add --help` and `edit --help` */
      N_("The length of the term, like 1y"),
    },
  },
  [RS_SALE_FIELD_ANCHOR_DAY] = {
    .field = RS_SALE_FIELD_ANCHOR_DAY,
    .name = "anchor_day", .dbus_type = "u", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Ημέρα τιμολόγησης", "Billing day"),
    .type = RS_SALE_FIELD_TYPE_NUMBER, .flags = RS_SALE_FIELD_SCHEDULE,
    .schedule_offset = G_STRUCT_OFFSET (RsSchedule, anchor_day),
    .min = 29, .max = 31,
  },
  [RS_SALE_FIELD_NOTICE_DAYS] = {
    .field = RS_SALE_FIELD_NOTICE_DAYS,
    .name = "notice_days", .dbus_type = "u", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Ημέρες προειδοποίησης", "Notice"),
    .type = RS_SALE_FIELD_TYPE_NUMBER, .flags = RS_SALE_FIELD_ZERO_IS_NONE,
    .min = 1, .max = RS_SALE_MAX_NOTICE_DAYS,
    .get_number = rs_sale_field_get_notice_days, .set_number = rs_sale_field_set_notice_days,
    .has_value = rs_sale_field_notice_days_has_value,
    .option = {
      "notice",
      /* Translators: a placeholder for a number of days, in --help */
      N_("DAYS"),
      /* Translators: help of --notice in `recurring-sales add --help` and `edit --help` */
      N_("The notice deadline falls this many days before the expiry (0: none)"),
    },
  },
  [RS_SALE_FIELD_DRAFT] = {
    .field = RS_SALE_FIELD_DRAFT,
    .name = "draft", .dbus_type = "b", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Πρόχειρο", "Προσχέδιο", "Draft"),
    .type = RS_SALE_FIELD_TYPE_FLAG,
    .get_flag = rs_sale_get_draft, .set_flag = rs_sale_set_draft,
    .option = {
      "draft", NULL,
      /* Translators: help of --draft in `recurring-sales add --help` and `edit --help` */
      N_("Invoices are drafts that need your approval"),
      "no-draft",
      /* Translators: help of --no-draft in `recurring-sales add --help` and `edit --help` */
      N_("Invoices need no approval"),
    },
    /* Translators: a label of `recurring-sales show` */
    .show_label = N_("Invoices"),
  },
  [RS_SALE_FIELD_PREPAY] = {
    .field = RS_SALE_FIELD_PREPAY,
    .name = "prepay", .dbus_type = "b", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Προπληρωμή", "Προκαταβολή", "Prepaid"),
    .type = RS_SALE_FIELD_TYPE_FLAG,
    .get_flag = rs_sale_get_prepay, .set_flag = rs_sale_set_prepay,
    .option = {
      "prepay", NULL,
      /* Translators: help of --prepay in `recurring-sales add --help` and `edit --help` */
      N_("The client pays in advance (give --iban too)"),
      "no-prepay",
      /* Translators: help of --no-prepay in `recurring-sales add --help` and `edit --help` */
      N_("The client pays after the invoice"),
    },
    /* Translators: a label of `recurring-sales show` */
    .show_label = N_("Payment"),
  },
  [RS_SALE_FIELD_IBAN] = {
    .field = RS_SALE_FIELD_IBAN,
    .name = "iban", .dbus_type = "s", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("IBAN"),
    TEXT_FIELD (rs_sale_get_iban, rs_sale_set_iban),
    .to_file_text = rs_sale_field_iban_to_file_text,
    .option = {
      "iban",
      /* Translators: a placeholder for an IBAN, in --help */
      N_("IBAN"),
      /* Translators: help of --iban in `recurring-sales add --help` and `edit --help` */
      N_("The IBAN the client pays to"),
    },
    /* Translators: a label of `recurring-sales show` */
    .show_label = N_("IBAN"),
  },
  [RS_SALE_FIELD_PAYMENT_INSTRUCTIONS] = {
    .field = RS_SALE_FIELD_PAYMENT_INSTRUCTIONS,
    .name = "payment_instructions", .dbus_type = "s", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Οδηγίες πληρωμής", "Payment"),
    TEXT_FIELD (rs_sale_get_payment_instructions, rs_sale_set_payment_instructions),
    /* Translators: a label of `recurring-sales show` */
    .show_label = N_("Payment instructions"),
  },
  [RS_SALE_FIELD_REMINDERS] = {
    .field = RS_SALE_FIELD_REMINDERS,
    .name = "reminders", .dbus_type = "a(sus)", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Υπενθυμίσεις", "Reminders"),
    .type = RS_SALE_FIELD_TYPE_REMINDERS,
    .to_text = rs_sale_field_reminders_to_text, .from_text = rs_sale_field_reminders_from_text,
    /* Translators: a label of `recurring-sales show` */
    .show_label = N_("Reminders"),
  },
  [RS_SALE_FIELD_REMIND_INVOICE] = {
    .field = RS_SALE_FIELD_REMIND_INVOICE,
    .name = "remind_invoice", .formats = RS_SALE_FORMAT_CSV,
    .csv_headers = HEADERS ("Υπενθύμιση τιμολογίου", "Invoice reminder"),
    .type = RS_SALE_FIELD_TYPE_LEAD_DAYS, .flags = RS_SALE_FIELD_SHORTHAND,
    .min = 0, .max = RS_REMINDER_MAX_LEAD_DAYS, .reminder_kind = RS_REMINDER_KIND_INVOICE,
    .option = {
      "remind-invoice",
      /* Translators: a placeholder for days separated by commas, in --help */
      N_("DAYS[,DAYS…]"),
      /* Translators: help of --remind-invoice in `recurring-sales add --help` and `edit --help` */
      N_("Remind this many days before each invoice, instead of the invoice reminders’ days"),
    },
  },
  [RS_SALE_FIELD_REMIND_EXPIRY] = {
    .field = RS_SALE_FIELD_REMIND_EXPIRY,
    .name = "remind_expiry", .formats = RS_SALE_FORMAT_CSV,
    .csv_headers = HEADERS ("Υπενθύμιση λήξης", "Expiry reminder"),
    .type = RS_SALE_FIELD_TYPE_LEAD_DAYS, .flags = RS_SALE_FIELD_SHORTHAND,
    .min = 0, .max = RS_REMINDER_MAX_LEAD_DAYS, .reminder_kind = RS_REMINDER_KIND_EXPIRY,
    .option = {
      "remind-expiry", N_("DAYS[,DAYS…]"),
      /* Translators: help of --remind-expiry in `recurring-sales add --help` and `edit --help` */
      N_("Remind this many days before the expiry, instead of the expiry reminders’ days"),
    },
  },
  [RS_SALE_FIELD_REMIND_CLIENT] = {
    .field = RS_SALE_FIELD_REMIND_CLIENT,
    /* Whether the lead days of the two above go to the client too. */
    .name = "remind_client", .formats = RS_SALE_FORMAT_CSV,
    .csv_headers = HEADERS ("Υπενθύμιση πελάτη", "Client reminder"),
    .type = RS_SALE_FIELD_TYPE_FLAG, .flags = RS_SALE_FIELD_SHORTHAND,
    .option = {
      "remind-client", NULL,
      /* Translators: help of --remind-client in `recurring-sales add --help` and `edit --help` */
      N_("Send the reminders of the kinds given to the client too, by e-mail"),
      "no-remind-client",
      /* Translators: help of --no-remind-client in `recurring-sales add --help` and `edit --help` */
      N_("Send the reminders of the kinds given to you alone"),
    },
  },
  [RS_SALE_FIELD_REMINDER_TIME] = {
    .field = RS_SALE_FIELD_REMINDER_TIME,
    .name = "reminder_time", .dbus_type = "s", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Ώρα υπενθύμισης", "Reminder at"),
    .type = RS_SALE_FIELD_TYPE_TIME,
    .to_text = rs_sale_field_reminder_time_to_text,
    .from_text = rs_sale_field_reminder_time_from_text,
    /* Translators: a label of `recurring-sales show`, before HH:MM */
    .show_label = N_("Reminder time"),
  },
  [RS_SALE_FIELD_DELIVERY] = {
    .field = RS_SALE_FIELD_DELIVERY,
    .name = "delivery", .dbus_type = "s", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Αποστολή", "Delivery"),
    .type = RS_SALE_FIELD_TYPE_WORD,
    /* Always on D-Bus: "default" says that the sale follows the setting. Elsewhere left out,
     * which reads back as the same. */
    .flags = RS_SALE_FIELD_ALWAYS_ON_DBUS,
    .has_value = rs_sale_field_delivery_has_value,
    .to_text = rs_sale_field_delivery_to_text, .from_text = rs_sale_field_delivery_from_text,
    .option = {
      "delivery",
      /* Translators: a placeholder for one of default, draft, send or off, in --help */
      N_("MODE"),
      /* Translators: help of --delivery in `recurring-sales add --help` and `edit --help`;
       * keep the four words untranslated */
      N_("How reminders reach the client: default (as in the settings), draft, send or off"),
    },
    /* Translators: a label of `recurring-sales show`: how reminders reach the client, before
     * one of the untranslated words default, draft, send or off */
    .show_label = N_("Client e-mails"),
  },
  [RS_SALE_FIELD_LANGUAGE] = {
    .field = RS_SALE_FIELD_LANGUAGE,
    .name = "language", .dbus_type = "s", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Γλώσσα", "Language"),
    TEXT_FIELD (rs_sale_get_language, rs_sale_set_language),
    .flags = RS_SALE_FIELD_EMPTY_IS_DEFAULT,
    .option = {
      "language",
      /* Translators: a placeholder for a language code, in --help */
      N_("CODE"),
      /* Translators: help of --language in `recurring-sales add --help` and `edit --help`;
       * keep el and en as they are */
      N_("The language of e-mails to the client: el or en (empty: yours)"),
      .check = rs_language_check,
    },
    /* Translators: a label of `recurring-sales show`: the language of e-mails to the client,
     * before a code such as el */
    .show_label = N_("E-mail language"),
  },
  [RS_SALE_FIELD_STATUS] = {
    .field = RS_SALE_FIELD_STATUS,
    .name = "status", .dbus_type = "s", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Κατάσταση", "Status"),
    .type = RS_SALE_FIELD_TYPE_WORD,
    .to_text = rs_sale_field_status_to_text, .from_text = rs_sale_field_status_from_text,
    /* Translators: a label of `recurring-sales show` */
    .show_label = N_("Status"),
  },
  [RS_SALE_FIELD_PREDECESSOR] = {
    .field = RS_SALE_FIELD_PREDECESSOR,
    /* Unchangeable once set, but a new sale (an import, a restored GetSale answer) carries
     * its links. */
    .name = "predecessor", .dbus_type = "s", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Προηγούμενη", "Previous"),
    TEXT_FIELD (rs_sale_get_predecessor_uid, rs_sale_set_predecessor_uid),
    .flags = RS_SALE_FIELD_UNCHANGEABLE,
    /* Translators: a label of `recurring-sales show`, before the identifier of the previous sale */
    .show_label = N_("Renewal of"),
  },
  [RS_SALE_FIELD_SUCCESSOR] = {
    .field = RS_SALE_FIELD_SUCCESSOR,
    .name = "successor", .dbus_type = "s", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Επόμενη", "Next"),
    TEXT_FIELD (rs_sale_get_successor_uid, rs_sale_set_successor_uid),
    .flags = RS_SALE_FIELD_UNCHANGEABLE,
    /* Translators: a label of `recurring-sales show`, before the identifier of the next sale */
    .show_label = N_("Renewed by"),
  },
  [RS_SALE_FIELD_NOTE] = {
    .field = RS_SALE_FIELD_NOTE,
    .name = "note", .dbus_type = "s", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Σημείωση", "Σημειώσεις", "Notes", "Comment"),
    TEXT_FIELD (rs_sale_get_note, rs_sale_set_note),
    .option = {
      "note", N_("TEXT"),
      /* Translators: help of --note in `recurring-sales add --help` and `edit --help` */
      N_("A note for yourself"),
      "clear-note",
      /* Translators: help of --clear-note in `recurring-sales edit --help` */
      N_("Remove the note"),
    },
    /* Translators: a label of `recurring-sales show` */
    .show_label = N_("Note"),
  },
  [RS_SALE_FIELD_CREATED] = {
    .field = RS_SALE_FIELD_CREATED,
    /* Seconds since the epoch. */
    .name = "created", .dbus_type = "x", .formats = RS_SALE_FORMAT_JSON | RS_SALE_FORMAT_DBUS,
    .type = RS_SALE_FIELD_TYPE_NUMBER,
    .flags = RS_SALE_FIELD_UNCHANGEABLE | RS_SALE_FIELD_KEPT_BY_STORE |
             RS_SALE_FIELD_ALWAYS_ON_DBUS,
    .min = 0, .max = G_MAXINT64,
    .get_number = rs_sale_get_created, .set_number = rs_sale_set_created,
    .has_value = rs_sale_field_created_has_value,
    /* Translators: a label of `recurring-sales show`, before a date and time */
    .show_label = N_("Created"),
  },
  [RS_SALE_FIELD_UPDATED] = {
    .field = RS_SALE_FIELD_UPDATED,
    .name = "updated", .dbus_type = "x", .formats = RS_SALE_FORMAT_JSON | RS_SALE_FORMAT_DBUS,
    .type = RS_SALE_FIELD_TYPE_NUMBER,
    .flags = RS_SALE_FIELD_UNCHANGEABLE | RS_SALE_FIELD_KEPT_BY_STORE |
             RS_SALE_FIELD_ALWAYS_ON_DBUS,
    .min = 0, .max = G_MAXINT64,
    .get_number = rs_sale_get_updated, .set_number = rs_sale_set_updated,
    .has_value = rs_sale_field_updated_has_value,
    /* Translators: a label of `recurring-sales show`, before a date and time */
    .show_label = N_("Changed"),
  },
  [RS_SALE_FIELD_REVISION] = {
    .field = RS_SALE_FIELD_REVISION,
    .name = "revision", .dbus_type = "t", .formats = RS_SALE_FORMAT_DBUS,
    .type = RS_SALE_FIELD_TYPE_NUMBER,
    .flags = RS_SALE_FIELD_UNCHANGEABLE | RS_SALE_FIELD_KEPT_BY_STORE,
    .get_number = rs_sale_field_get_revision, .set_number = rs_sale_field_set_revision,
    /* Translators: a label of `recurring-sales show`: a number that grows with each change */
    .show_label = N_("Revision"),
  },
  [RS_SALE_FIELD_OCCURRENCES] = {
    .field = RS_SALE_FIELD_OCCURRENCES,
    /* Only the marked ones: an occurrence is open until marked. */
    .name = "occurrences", .dbus_type = "a{ss}", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Τιμολογήσεις", "Occurrences"),
    .type = RS_SALE_FIELD_TYPE_OCCURRENCES,
    .has_value = rs_sale_field_occurrences_has_value,
    .to_text = rs_sale_field_occurrences_to_text,
    .from_text = rs_sale_field_occurrences_from_text,
    /* Translators: a label of `recurring-sales show` */
    .show_label = N_("Marked invoices"),
  },
  [RS_SALE_FIELD_TEAM] = {
    .field = RS_SALE_FIELD_TEAM,
    .name = "team", .dbus_type = "s", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Ομάδα", "Team"),
    TEXT_FIELD (rs_sale_get_team, rs_sale_set_team),
    .option = {
      "team",
      /* Translators: a placeholder for e-mail addresses separated by commas, in --help */
      N_("ADDR[,ADDR…]"),
      /* Translators: help of --team in `recurring-sales add --help` and `edit --help` */
      N_("Who gets this sale’s team reminders, instead of the team in the settings"),
      "clear-team",
      /* Translators: help of --clear-team in `recurring-sales edit --help` */
      N_("Send this sale’s team reminders to the team in the settings"),
      .check = rs_sale_field_team_check,
    },
    /* Translators: a label of `recurring-sales show`, before e-mail addresses */
    .show_label = N_("Team"),
  },
  [RS_SALE_FIELD_REMIND_TEAM] = {
    .field = RS_SALE_FIELD_REMIND_TEAM,
    .name = "remind_team", .formats = RS_SALE_FORMAT_CSV,
    .csv_headers = HEADERS ("Υπενθύμιση ομάδας", "Team reminder"),
    .type = RS_SALE_FIELD_TYPE_LEAD_DAYS, .flags = RS_SALE_FIELD_SHORTHAND,
    .min = 0, .max = RS_REMINDER_MAX_LEAD_DAYS, .reminder_kind = RS_REMINDER_KIND_EXPIRY,
    .team = TRUE,
    .option = {
      "remind-team", N_("DAYS[,DAYS…]"),
      /* Translators: help of --remind-team in `recurring-sales add --help` and `edit --help` */
      N_("Mail your team this many days before the expiry, to prepare a renewal offer"),
    },
  },
  [RS_SALE_FIELD_OFFER] = {
    .field = RS_SALE_FIELD_OFFER,
    /* Set by `recurring-sales offer` (and its D-Bus methods), not by add and edit. */
    .name = "offer", .dbus_type = "s", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Προσφορά ανανέωσης", "Renewal offer"),
    .type = RS_SALE_FIELD_TYPE_WORD,
    .has_value = rs_sale_field_offer_has_value,
    .to_text = rs_sale_field_offer_to_text, .from_text = rs_sale_field_offer_from_text,
    /* Translators: a label of `recurring-sales show`, before one of the untranslated words
     * offered, accepted or declined */
    .show_label = N_("Renewal offer"),
  },
  [RS_SALE_FIELD_OFFER_DATE] = {
    .field = RS_SALE_FIELD_OFFER_DATE,
    .name = "offer_date", .dbus_type = "s", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Ημερομηνία προσφοράς", "Offer date"),
    .type = RS_SALE_FIELD_TYPE_WORD,
    .has_value = rs_sale_field_offer_date_has_value,
    .to_text = rs_sale_field_offer_date_to_text,
    .from_text = rs_sale_field_offer_date_from_text,
    /* Translators: a label of `recurring-sales show`, before a date */
    .show_label = N_("Offer date"),
  },
  [RS_SALE_FIELD_OFFER_AMOUNT] = {
    .field = RS_SALE_FIELD_OFFER_AMOUNT,
    .name = "offer_amount", .dbus_key = "offer_amount_minor", .dbus_type = "x", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Ποσό προσφοράς", "Offer amount"),
    .type = RS_SALE_FIELD_TYPE_AMOUNT,
    .get_number = rs_sale_get_offer_amount_minor, .set_number = rs_sale_set_offer_amount_minor,
    .has_value = rs_sale_field_offer_amount_has_value,
    /* Translators: a label of `recurring-sales show`, before an amount */
    .show_label = N_("Offer amount"),
  },
  [RS_SALE_FIELD_OFFER_NOTE] = {
    .field = RS_SALE_FIELD_OFFER_NOTE,
    .name = "offer_note", .dbus_type = "s", .formats = RS_SALE_FORMAT_ALL,
    .csv_headers = HEADERS ("Σημείωση προσφοράς", "Offer note"),
    TEXT_FIELD (rs_sale_get_offer_note, rs_sale_set_offer_note),
    /* Translators: a label of `recurring-sales show` */
    .show_label = N_("Offer note"),
  },
};

/* Where a format's order departs from the table's: each line puts a field right after
 * another. Readers report the first problem they meet, so their orders are kept as exactly as
 * the written orders that files and D-Bus callers know. A new field needs none of these. */
static const struct {
  RsSaleOrder order;
  RsSaleField field;
  RsSaleField after;
} departures[] = {
  /* The CSV reader follows rs_sale_validate (), which checks the currency before the amount
   * (also what the amount is read in), the start before the period and the anchor day before
   * the term; remind_client says whom the lead days after it are for. */
  { RS_SALE_ORDER_CSV_READ, RS_SALE_FIELD_AMOUNT, RS_SALE_FIELD_CURRENCY },
  { RS_SALE_ORDER_CSV_READ, RS_SALE_FIELD_PERIOD, RS_SALE_FIELD_START },
  { RS_SALE_ORDER_CSV_READ, RS_SALE_FIELD_ANCHOR_DAY, RS_SALE_FIELD_PERIOD },
  { RS_SALE_ORDER_CSV_READ, RS_SALE_FIELD_REMIND_CLIENT, RS_SALE_FIELD_REMINDERS },
  /* The JSON reader takes the start before the period, the reminder time before the
   * reminders; its export has the anchor day right after the start. */
  { RS_SALE_ORDER_JSON_READ, RS_SALE_FIELD_PERIOD, RS_SALE_FIELD_START },
  { RS_SALE_ORDER_JSON_READ, RS_SALE_FIELD_REMINDERS, RS_SALE_FIELD_REMINDER_TIME },
  { RS_SALE_ORDER_JSON_WRITTEN, RS_SALE_FIELD_ANCHOR_DAY, RS_SALE_FIELD_START },
  /* The D-Bus decoder checks the keys the store keeps right after the uid, and decodes the
   * start before the period, the status and the delivery before the reminders. */
  { RS_SALE_ORDER_DBUS_READ, RS_SALE_FIELD_REVISION, RS_SALE_FIELD_UID },
  { RS_SALE_ORDER_DBUS_READ, RS_SALE_FIELD_CREATED, RS_SALE_FIELD_REVISION },
  { RS_SALE_ORDER_DBUS_READ, RS_SALE_FIELD_UPDATED, RS_SALE_FIELD_CREATED },
  { RS_SALE_ORDER_DBUS_READ, RS_SALE_FIELD_PERIOD, RS_SALE_FIELD_START },
  { RS_SALE_ORDER_DBUS_READ, RS_SALE_FIELD_STATUS, RS_SALE_FIELD_REMINDER_TIME },
  { RS_SALE_ORDER_DBUS_READ, RS_SALE_FIELD_REMINDERS, RS_SALE_FIELD_DELIVERY },
  /* GetSale gives the delivery and the language, which came later, after the others. */
  { RS_SALE_ORDER_DBUS_WRITTEN, RS_SALE_FIELD_DELIVERY, RS_SALE_FIELD_OCCURRENCES },
  { RS_SALE_ORDER_DBUS_WRITTEN, RS_SALE_FIELD_LANGUAGE, RS_SALE_FIELD_DELIVERY },
  /* --help has the client's address with the optional options. */
  { RS_SALE_ORDER_OPTIONS, RS_SALE_FIELD_EMAIL, RS_SALE_FIELD_TERM },
  /* show: what the sale is first, then its links and bookkeeping. */
  { RS_SALE_ORDER_SHOWN, RS_SALE_FIELD_OCCURRENCES, RS_SALE_FIELD_LANGUAGE },
  { RS_SALE_ORDER_SHOWN, RS_SALE_FIELD_CONTACT_UID, RS_SALE_FIELD_NOTE },
  { RS_SALE_ORDER_SHOWN, RS_SALE_FIELD_UID, RS_SALE_FIELD_UPDATED },
  /* The team's options and lines go with the reminders, the offer's with the status. */
  { RS_SALE_ORDER_OPTIONS, RS_SALE_FIELD_REMIND_TEAM, RS_SALE_FIELD_REMIND_CLIENT },
  { RS_SALE_ORDER_OPTIONS, RS_SALE_FIELD_TEAM, RS_SALE_FIELD_REMIND_TEAM },
  { RS_SALE_ORDER_SHOWN, RS_SALE_FIELD_TEAM, RS_SALE_FIELD_REMINDER_TIME },
  { RS_SALE_ORDER_SHOWN, RS_SALE_FIELD_OFFER, RS_SALE_FIELD_STATUS },
  { RS_SALE_ORDER_SHOWN, RS_SALE_FIELD_OFFER_DATE, RS_SALE_FIELD_OFFER },
  { RS_SALE_ORDER_SHOWN, RS_SALE_FIELD_OFFER_AMOUNT, RS_SALE_FIELD_OFFER_DATE },
  { RS_SALE_ORDER_SHOWN, RS_SALE_FIELD_OFFER_NOTE, RS_SALE_FIELD_OFFER_AMOUNT },
};

const RsSaleFieldInfo *
rs_sale_field_get_info (RsSaleField field)
{
  g_return_val_if_fail (field > RS_SALE_FIELD_NONE && field < RS_SALE_N_FIELDS, NULL);

  return &fields[field];
}

static gboolean
in_order (const RsSaleFieldInfo *info,
          RsSaleOrder            order)
{
  switch (order)
    {
    case RS_SALE_ORDER_CSV_READ:
      return (info->formats & RS_SALE_FORMAT_CSV) != 0;
    case RS_SALE_ORDER_CSV_WRITTEN:
      /* A shorthand reads into the reminders, which are written as themselves. */
      return (info->formats & RS_SALE_FORMAT_CSV) != 0 &&
             !(info->flags & RS_SALE_FIELD_SHORTHAND);
    case RS_SALE_ORDER_JSON_READ:
    case RS_SALE_ORDER_JSON_WRITTEN:
      return (info->formats & RS_SALE_FORMAT_JSON) != 0;
    case RS_SALE_ORDER_DBUS_READ:
    case RS_SALE_ORDER_DBUS_WRITTEN:
      return (info->formats & RS_SALE_FORMAT_DBUS) != 0;
    case RS_SALE_ORDER_OPTIONS:
      return info->option.name != NULL;
    case RS_SALE_ORDER_SHOWN:
      return info->show_label != NULL;
    case RS_SALE_N_ORDERS:
    default:
      g_return_val_if_reached (FALSE);
    }
}

static RsSaleField
moved_after (RsSaleOrder order,
             RsSaleField field)
{
  for (guint i = 0; i < G_N_ELEMENTS (departures); i++)
    {
      if (departures[i].order == order && departures[i].field == field)
        return departures[i].after;
    }

  return RS_SALE_FIELD_NONE;
}

/* Appends @field, then what is moved right after it. */
static void
append_with_followers (RsSaleOrder  order,
                       RsSaleField  field,
                       RsSaleField *out,
                       guint       *n)
{
  if (in_order (&fields[field], order))
    out[(*n)++] = field;

  for (RsSaleField next = RS_SALE_FIELD_NONE + 1; next < RS_SALE_N_FIELDS; next++)
    {
      if (moved_after (order, next) == field)
        append_with_followers (order, next, out, n);
    }
}

const RsSaleField *
rs_sale_fields_in_order (RsSaleOrder order)
{
  static RsSaleField orders[RS_SALE_N_ORDERS][RS_SALE_N_FIELDS];
  static gsize initialized = 0;

  g_return_val_if_fail (order < RS_SALE_N_ORDERS, NULL);

  if (g_once_init_enter (&initialized))
    {
      for (RsSaleOrder o = 0; o < RS_SALE_N_ORDERS; o++)
        {
          guint n = 0;

          for (RsSaleField field = RS_SALE_FIELD_NONE + 1; field < RS_SALE_N_FIELDS; field++)
            {
              if (moved_after (o, field) == RS_SALE_FIELD_NONE)
                append_with_followers (o, field, orders[o], &n);
            }
          /* The rest stays RS_SALE_FIELD_NONE: the end. */
          g_assert (n < RS_SALE_N_FIELDS);
        }
      g_once_init_leave (&initialized, 1);
    }

  return orders[order];
}

const char *
rs_sale_field_csv_column (const RsSaleFieldInfo *info)
{
  return (info->formats & RS_SALE_FORMAT_CSV) != 0 ? info->name : NULL;
}

const char *
rs_sale_field_json_member (const RsSaleFieldInfo *info)
{
  return (info->formats & RS_SALE_FORMAT_JSON) != 0 ? info->name : NULL;
}

const char *
rs_sale_field_dbus_key (const RsSaleFieldInfo *info)
{
  if ((info->formats & RS_SALE_FORMAT_DBUS) == 0)
    return NULL;

  return info->dbus_key != NULL ? info->dbus_key : info->name;
}

const char *
rs_sale_field_key (RsSaleField field)
{
  return rs_sale_field_dbus_key (rs_sale_field_get_info (field));
}

const RsSaleFieldInfo *
rs_sale_field_find_csv_column (const char *column)
{
  for (RsSaleField field = RS_SALE_FIELD_NONE + 1; field < RS_SALE_N_FIELDS; field++)
    {
      const char *name = rs_sale_field_csv_column (&fields[field]);

      if (name != NULL && g_ascii_strcasecmp (name, column) == 0)
        return &fields[field];
    }

  return NULL;
}

const RsSaleFieldInfo *
rs_sale_field_find_csv_header (const char             *header,
                               const RsSaleFieldInfo **out_other)
{
  g_autofree char *folded = rs_text_fold_word (header);
  const RsSaleFieldInfo *found = NULL;

  if (out_other != NULL)
    *out_other = NULL;
  if (*folded == '\0')
    return NULL;

  for (RsSaleField field = RS_SALE_FIELD_NONE + 1; field < RS_SALE_N_FIELDS; field++)
    {
      const RsSaleFieldInfo *info = &fields[field];
      g_autofree char *folded_name = rs_text_fold_word (info->name);
      gboolean matches;

      if (rs_sale_field_csv_column (info) == NULL)
        continue;

      matches = g_str_equal (folded, folded_name);
      for (guint i = 0; !matches && info->csv_headers != NULL && info->csv_headers[i] != NULL;
           i++)
        {
          g_autofree char *folded_word = rs_text_fold_word (info->csv_headers[i]);

          matches = g_str_equal (folded, folded_word);
        }
      if (!matches)
        continue;

      if (found == NULL)
        {
          found = info;
          continue;
        }
      if (out_other != NULL)
        *out_other = info;
      return found;
    }

  return found;
}

const RsSaleFieldInfo *
rs_sale_field_find_json_member (const char *member)
{
  for (RsSaleField field = RS_SALE_FIELD_NONE + 1; field < RS_SALE_N_FIELDS; field++)
    {
      if (g_strcmp0 (rs_sale_field_json_member (&fields[field]), member) == 0)
        return &fields[field];
    }

  return NULL;
}

const RsSaleFieldInfo *
rs_sale_field_find_dbus_key (const char *key)
{
  for (RsSaleField field = RS_SALE_FIELD_NONE + 1; field < RS_SALE_N_FIELDS; field++)
    {
      if (g_strcmp0 (rs_sale_field_dbus_key (&fields[field]), key) == 0)
        return &fields[field];
    }

  return NULL;
}
