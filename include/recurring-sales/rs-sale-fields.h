/* rs-sale-fields.h: the fields of a sale, once, for every format that carries them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One entry per field says what it is called in a CSV file, a JSON export and a D-Bus
 * dictionary, which option of the command sets it, what it is called in `recurring-sales
 * show`, how it is written as text and read back from text (with the sentences that name it),
 * and how it is read from and set on an #RsSale. The CSV and JSON readers and writers, the
 * a{sv} codec and the command's options all walk this table; to add a field, add its entry
 * (and its store column, its D-Bus documentation and its docs).
 */
#pragma once

#include <recurring-sales/rs-reminder-rule.h>
#include <recurring-sales/rs-sale.h>

G_BEGIN_DECLS

/**
 * RsSaleField:
 * @RS_SALE_FIELD_NONE: no field
 * @RS_SALE_N_FIELDS: the number of fields, plus one
 *
 * The fields, in the order of the table: the columns of a CSV export, with the fields it
 * does not carry where the JSON export and GetSale have them. Each format's own order is
 * rs_sale_fields_in_order ()'s.
 */
typedef enum {
  RS_SALE_FIELD_NONE,
  RS_SALE_FIELD_UID,
  RS_SALE_FIELD_CLIENT,
  RS_SALE_FIELD_EMAIL,
  RS_SALE_FIELD_CONTACT_UID,
  RS_SALE_FIELD_SERVICE,
  RS_SALE_FIELD_AMOUNT,
  RS_SALE_FIELD_CURRENCY,
  RS_SALE_FIELD_PERIOD,
  RS_SALE_FIELD_START,
  RS_SALE_FIELD_UNTIL,
  RS_SALE_FIELD_COUNT,
  RS_SALE_FIELD_TERM,
  RS_SALE_FIELD_ANCHOR_DAY,
  RS_SALE_FIELD_NOTICE_DAYS,
  RS_SALE_FIELD_DRAFT,
  RS_SALE_FIELD_PREPAY,
  RS_SALE_FIELD_IBAN,
  RS_SALE_FIELD_PAYMENT_INSTRUCTIONS,
  RS_SALE_FIELD_REMINDERS,
  RS_SALE_FIELD_REMIND_INVOICE,
  RS_SALE_FIELD_REMIND_EXPIRY,
  RS_SALE_FIELD_REMIND_CLIENT,
  RS_SALE_FIELD_REMINDER_TIME,
  RS_SALE_FIELD_DELIVERY,
  RS_SALE_FIELD_LANGUAGE,
  RS_SALE_FIELD_STATUS,
  RS_SALE_FIELD_PREDECESSOR,
  RS_SALE_FIELD_SUCCESSOR,
  RS_SALE_FIELD_NOTE,
  RS_SALE_FIELD_CREATED,
  RS_SALE_FIELD_UPDATED,
  RS_SALE_FIELD_REVISION,
  RS_SALE_FIELD_OCCURRENCES,
  RS_SALE_FIELD_TEAM,
  RS_SALE_FIELD_REMIND_TEAM,
  RS_SALE_FIELD_OFFER,
  RS_SALE_FIELD_OFFER_DATE,
  RS_SALE_FIELD_OFFER_AMOUNT,
  RS_SALE_FIELD_OFFER_NOTE,
  RS_SALE_N_FIELDS
} RsSaleField;

/**
 * RsSaleFieldType:
 * @RS_SALE_FIELD_TYPE_TEXT: free text, kept as given; "" unsets it
 * @RS_SALE_FIELD_TYPE_DATE: a date, YYYY-MM-DD
 * @RS_SALE_FIELD_TYPE_PERIOD: a period such as 1m or 2y
 * @RS_SALE_FIELD_TYPE_TIME: a time of day, HH:MM
 * @RS_SALE_FIELD_TYPE_WORD: one of a few English words, in any case
 * @RS_SALE_FIELD_TYPE_NUMBER: a whole number: digits in CSV, a number in JSON, u, x or t on
 *   D-Bus
 * @RS_SALE_FIELD_TYPE_FLAG: yes or no: yes/no/true/false/1/0 in CSV, true or false in JSON, b
 *   on D-Bus, --NAME and --no-NAME in the command
 * @RS_SALE_FIELD_TYPE_AMOUNT: money: a decimal in the currency's units as text, minor units
 *   (x) on D-Bus
 * @RS_SALE_FIELD_TYPE_REMINDERS: the reminder rules: "invoice:7:owner …" in CSV, a list of
 *   objects in JSON, a(sus) on D-Bus
 * @RS_SALE_FIELD_TYPE_LEAD_DAYS: a shorthand for reminders of one kind: lead days ("30 7" in
 *   CSV, 30,7 in the command)
 * @RS_SALE_FIELD_TYPE_OCCURRENCES: the marked occurrences: "2027-01-31:issued …" in CSV, an
 *   object of dates in JSON, a{ss} on D-Bus
 *
 * What a field holds, which decides how each format writes it. Text, dates, periods, times
 * and words are strings in JSON and on D-Bus and go through the field's text form.
 */
typedef enum {
  RS_SALE_FIELD_TYPE_TEXT,
  RS_SALE_FIELD_TYPE_DATE,
  RS_SALE_FIELD_TYPE_PERIOD,
  RS_SALE_FIELD_TYPE_TIME,
  RS_SALE_FIELD_TYPE_WORD,
  RS_SALE_FIELD_TYPE_NUMBER,
  RS_SALE_FIELD_TYPE_FLAG,
  RS_SALE_FIELD_TYPE_AMOUNT,
  RS_SALE_FIELD_TYPE_REMINDERS,
  RS_SALE_FIELD_TYPE_LEAD_DAYS,
  RS_SALE_FIELD_TYPE_OCCURRENCES,
} RsSaleFieldType;

/* Whether a field of @type is a string in JSON and on D-Bus. */
#define RS_SALE_FIELD_TYPE_IS_STRING(type) ((type) <= RS_SALE_FIELD_TYPE_WORD)

/**
 * RsSaleFieldFlags:
 * @RS_SALE_FIELD_REQUIRED: a new sale must give it
 * @RS_SALE_FIELD_UNCHANGEABLE: a change may repeat its value but not change it
 * @RS_SALE_FIELD_KEPT_BY_STORE: the store sets it; a D-Bus dictionary may carry it (a GetSale
 *   answer given back), but it is not taken from there
 * @RS_SALE_FIELD_TERM_GROUP: one of until, count and term: at most one of them is given
 * @RS_SALE_FIELD_SCHEDULE: part of the sale's schedule
 * @RS_SALE_FIELD_SHORTHAND: a simpler way to give reminders (CSV and the command); read,
 *   never written
 * @RS_SALE_FIELD_ALWAYS_ON_DBUS: GetSale gives it even when it has no value of its own
 * @RS_SALE_FIELD_ZERO_IS_NONE: 0 on D-Bus and in the command means "none"
 * @RS_SALE_FIELD_EMPTY_IS_DEFAULT: the command's empty value asks for the default, which a
 *   sale without the field already has
 */
typedef enum {
  RS_SALE_FIELD_REQUIRED         = 1 << 0,
  RS_SALE_FIELD_UNCHANGEABLE     = 1 << 1,
  RS_SALE_FIELD_KEPT_BY_STORE    = 1 << 2,
  RS_SALE_FIELD_TERM_GROUP       = 1 << 3,
  RS_SALE_FIELD_SCHEDULE         = 1 << 4,
  RS_SALE_FIELD_SHORTHAND        = 1 << 5,
  RS_SALE_FIELD_ALWAYS_ON_DBUS   = 1 << 6,
  RS_SALE_FIELD_ZERO_IS_NONE     = 1 << 7,
  RS_SALE_FIELD_EMPTY_IS_DEFAULT = 1 << 8,
} RsSaleFieldFlags;

/**
 * RsSaleFormats:
 * @RS_SALE_FORMAT_CSV: a column of the CSV files
 * @RS_SALE_FORMAT_JSON: a member of a sale in the JSON export
 * @RS_SALE_FORMAT_DBUS: a key of the D-Bus dictionaries
 *
 * The formats that carry a field, under its name (the D-Bus key may differ).
 */
typedef enum {
  RS_SALE_FORMAT_CSV  = 1 << 0,
  RS_SALE_FORMAT_JSON = 1 << 1,
  RS_SALE_FORMAT_DBUS = 1 << 2,
} RsSaleFormats;

#define RS_SALE_FORMAT_ALL (RS_SALE_FORMAT_CSV | RS_SALE_FORMAT_JSON | RS_SALE_FORMAT_DBUS)

/**
 * RsSaleOrder:
 * @RS_SALE_ORDER_CSV_READ: the order the CSV reader applies a row's columns in, which is the
 *   order rs_sale_validate () checks the fields in
 * @RS_SALE_ORDER_CSV_WRITTEN: the columns of a CSV export
 * @RS_SALE_ORDER_JSON_READ: the order the JSON reader takes a sale's members in
 * @RS_SALE_ORDER_JSON_WRITTEN: the members of a sale in a JSON export
 * @RS_SALE_ORDER_DBUS_READ: the order a dictionary's keys are checked and decoded in
 * @RS_SALE_ORDER_DBUS_WRITTEN: the keys of a GetSale answer, as the interface lists them
 * @RS_SALE_ORDER_OPTIONS: the options of `add` and `edit`, as --help lists them
 * @RS_SALE_ORDER_SHOWN: the lines of `recurring-sales show`
 *
 * Each format's order: the table's, except where a format has always had a field elsewhere.
 * A reader's order decides which of several problems is reported, so it is part of the
 * format too.
 */
typedef enum {
  RS_SALE_ORDER_CSV_READ,
  RS_SALE_ORDER_CSV_WRITTEN,
  RS_SALE_ORDER_JSON_READ,
  RS_SALE_ORDER_JSON_WRITTEN,
  RS_SALE_ORDER_DBUS_READ,
  RS_SALE_ORDER_DBUS_WRITTEN,
  RS_SALE_ORDER_OPTIONS,
  RS_SALE_ORDER_SHOWN,
  RS_SALE_N_ORDERS
} RsSaleOrder;

typedef struct _RsSaleFieldInfo RsSaleFieldInfo;

/**
 * RsSaleFieldOption:
 * @name: the long option of `add` and `edit`, without "--"; NULL when the command has none
 * @arg: its argument in --help (translatable, N_()); NULL for a flag
 * @help: its help (translatable, N_())
 * @off_name: a flag's --no- option, or a text's --clear- option (`edit` only)
 * @off_help: its help (translatable, N_())
 * @check: what the command checks of the text before it asks the service, when the field's
 *   text form does not (NULL: nothing more)
 *
 * The command's option for a field.
 */
typedef struct {
  const char *name;
  const char *arg;
  const char *help;
  const char *off_name;
  const char *off_help;
  gboolean  (*check) (const char  *text,
                      GError     **error);
} RsSaleFieldOption;

/**
 * RsSaleFieldInfo:
 * @field: the field
 * @name: its name: the CSV column, the JSON member and the D-Bus key of the @formats
 * @csv_headers: the other words a CSV header may name its column with (Greek, then English),
 *   compared as rs_text_fold_word () folds them; NULL-terminated
 * @dbus_key: the D-Bus key where it is not @name
 * @dbus_type: the D-Bus value's type string
 * @formats: the formats that carry the field
 * @type: what it holds
 * @flags: #RsSaleFieldFlags
 * @label: how an error sentence names it (N_(), e.g. "The start date"); NULL when none does
 * @min: the smallest number a text file may give (numbers and lead days)
 * @max: the largest
 * @reminder_kind: the kind of reminders a shorthand sets
 * @team: a shorthand's lead days are the team's (--remind-team), not those of whoever the sale
 *   reminds of that kind already
 * @schedule_offset: a part of the schedule (%RS_SALE_FIELD_SCHEDULE): where it is in
 *   #RsSchedule (G_STRUCT_OFFSET ())
 * @term_kind: a part of the schedule that is a term: the #RsTermKind it gives when set
 * @option: the command's option
 * @show_label: its label in `recurring-sales show` (N_()); NULL when show gives it no line
 *   of its own
 * @get_text: a text field's getter (NULL when unset)
 * @set_text: a text field's setter ("" or NULL unsets)
 * @get_flag: a flag's getter
 * @set_flag: a flag's setter
 * @get_number: a number's getter (amounts in minor units); NULL for a part of the schedule
 * @set_number: a number's setter; NULL for a part of the schedule
 * @has_value: whether the sale has a value of its own; NULL: a text when it is set, a part of
 *   the schedule when it is there (a valid date, a number other than 0, the sale's kind of
 *   term), anything else always
 * @to_text: the value's text form, newly allocated; NULL: the type's
 * @to_file_text: the value's text in the files people read (CSV and JSON exports), where it
 *   is not @to_text's: an IBAN in groups of four. NULL: @to_text's
 * @from_text: sets the field from its text form, or says what is wrong in a full sentence
 *   naming the field (dates and periods by @label); NULL: the type's. @text is NULL only for
 *   a required field left empty.
 *
 * One field of a sale.
 */
struct _RsSaleFieldInfo {
  RsSaleField        field;
  const char        *name;
  const char * const *csv_headers;
  const char        *dbus_key;
  const char        *dbus_type;
  RsSaleFormats      formats;
  RsSaleFieldType    type;
  RsSaleFieldFlags   flags;
  const char        *label;
  gint64             min;
  gint64             max;
  RsReminderKind     reminder_kind;
  gboolean           team;
  gsize              schedule_offset;
  RsTermKind         term_kind;
  RsSaleFieldOption  option;
  const char        *show_label;

  const char      *(*get_text)   (RsSale *sale);
  void             (*set_text)   (RsSale     *sale,
                                  const char *text);
  gboolean         (*get_flag)   (RsSale *sale);
  void             (*set_flag)   (RsSale   *sale,
                                  gboolean  flag);
  gint64           (*get_number) (RsSale *sale);
  void             (*set_number) (RsSale *sale,
                                  gint64  number);
  gboolean         (*has_value)  (RsSale *sale);
  char            *(*to_text)    (const RsSaleFieldInfo *info,
                                  RsSale                *sale);
  char            *(*to_file_text) (const RsSaleFieldInfo *info,
                                    RsSale                *sale);
  gboolean         (*from_text)  (const RsSaleFieldInfo  *info,
                                  RsSale                 *sale,
                                  const char             *text,
                                  GError                **error);
};

/* The entry of @field. */
const RsSaleFieldInfo *rs_sale_field_get_info       (RsSaleField field);
/* The fields of @order's format, in that order, ending with RS_SALE_FIELD_NONE. */
const RsSaleField     *rs_sale_fields_in_order      (RsSaleOrder order);

/* The field of a CSV column (ASCII case ignored), a JSON member or a D-Bus key; NULL when
 * none is. */
const RsSaleFieldInfo *rs_sale_field_find_csv_column  (const char *column);
const RsSaleFieldInfo *rs_sale_field_find_json_member (const char *member);
/* The field a spreadsheet's header names: its CSV column or one of its @csv_headers, with
 * neither case, accents nor the spaces, "_" and "-" between words mattering. When a second
 * field has the same word, it is set in @out_other (may be NULL): the header is ambiguous. */
const RsSaleFieldInfo *rs_sale_field_find_csv_header  (const char             *header,
                                                       const RsSaleFieldInfo **out_other);
const RsSaleFieldInfo *rs_sale_field_find_dbus_key    (const char *key);

/* The D-Bus key of @field. */
const char            *rs_sale_field_key            (RsSaleField field);
/* The field's name in each format, or NULL when the format does not carry it. */
const char            *rs_sale_field_csv_column     (const RsSaleFieldInfo *info);
const char            *rs_sale_field_json_member    (const RsSaleFieldInfo *info);
const char            *rs_sale_field_dbus_key       (const RsSaleFieldInfo *info);

/* The value of a number or an amount (in minor units). */
gint64                 rs_sale_field_get_number     (const RsSaleFieldInfo *info,
                                                     RsSale                *sale);
void                   rs_sale_field_set_number     (const RsSaleFieldInfo *info,
                                                     RsSale                *sale,
                                                     gint64                 number);
/* Whether @sale has a value of its own for the field (see RsSaleFieldInfo.has_value). */
gboolean               rs_sale_field_has_value      (const RsSaleFieldInfo *info,
                                                     RsSale                *sale);
/* The field's value as text: the text of a text field, "2027-01-31", "1m", "09:00", "yes",
 * "120.50" (an amount in the sale's currency), "invoice:7:owner expiry:30:client" ("none" for
 * no reminders), "2027-01-31:issued"; newly allocated, or NULL when there is nothing to write
 * (an unset text, an invalid date). Whether the sale has a value of its own is for
 * rs_sale_field_has_value () to say: an unset delivery writes "default". */
char                  *rs_sale_field_to_text        (const RsSaleFieldInfo *info,
                                                     RsSale                *sale);
/* The value as the CSV and JSON exports write it: rs_sale_field_to_text ()'s, except where
 * people read it otherwise ("GR16 0110 1250 0000 0001 2300 695": an IBAN keeps its spaces). */
char                  *rs_sale_field_to_file_text   (const RsSaleFieldInfo *info,
                                                     RsSale                *sale);
/* Sets the field of @sale from @text, as a CSV cell gives it; on error @sale may be half
 * changed. Amounts, which need the currency, are not read this way. */
gboolean               rs_sale_field_from_text      (const RsSaleFieldInfo  *info,
                                                     RsSale                 *sale,
                                                     const char             *text,
                                                     GError                **error);

G_END_DECLS
