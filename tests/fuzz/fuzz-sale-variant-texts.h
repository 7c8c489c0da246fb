/* fuzz-sale-variant-texts.h: the dictionaries of fuzz-sale-variant, in GVariant text form
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The sales that UpdateSale changes, and the seeds of the corpus (corpus/sale-variant/,
 * written serialized by fuzz-sale-variant-seeds): AddSale dictionaries, GetSale answers,
 * typical changes and the shapes the decoder must refuse.
 */
#pragma once

/* Two stored sales: one with every field, one with as few as possible. */
static const char * const fuzz_stored_sales[] = {
  "{'uid': <'fuzz-every-field'>, 'client': <'Κωνσταντίνου & Co'>, "
  "'email': <'accounts@acme.example'>, 'contact_uid': <'pas-id-5F3A2B10'>, "
  "'service': <'Web hosting'>, 'amount_minor': <int64 12050>, 'currency': <'EUR'>, "
  "'period': <'1m'>, 'start': <'2026-02-28'>, 'until': <'2028-02-27'>, "
  "'anchor_day': <uint32 31>, 'notice_days': <uint32 30>, 'draft': <false>, "
  "'prepay': <true>, 'iban': <'GR16 0110 1250 0000 0001 2300 695'>, "
  "'payment_instructions': <'Reference INV'>, "
  "'reminders': <[('invoice', uint32 7, 'owner'), ('expiry', 30, 'client'), ('notice', 0, 'owner')]>, "
  "'reminder_time': <'08:30'>, 'delivery': <'send'>, 'language': <'el'>, "
  "'status': <'active'>, 'predecessor': <'fuzz-older'>, 'note': <'Line one\\nline two'>, "
  "'occurrences': <{'2026-02-28': 'issued', '2026-03-31': 'prepaid'}>}",
  "{'uid': <'fuzz-plain'>, 'client': <'Blue Bakery'>, 'service': <'SEO'>, "
  "'amount_minor': <int64 98000>, 'currency': <'JPY'>, 'period': <'2w'>, "
  "'start': <'2024-02-29'>}",
};

/* Seeds besides the stored sales and their GetSale answers. */
static const char * const fuzz_variant_seeds[] = {
  "@a{sv} {}",
  "{'amount_minor': <int64 13000>}",
  "{'amount_minor': <int64 999999999999999>, 'currency': <'KWD'>}",
  "{'amount_minor': <int32 5>}",
  "{'amount_minor': <int64 -1>}",
  "{'term': <''>}",
  "{'term': <'2y'>}",
  "{'count': <uint32 12>}",
  "{'until': <'2026-02-30'>}",
  "{'until': <'2027-12-31'>, 'count': <uint32 3>}",
  "{'start': <'2027-01-31'>, 'period': <'1y'>, 'anchor_day': <uint32 29>}",
  "{'notice_days': <uint32 0>}",
  "{'notice_days': <uint32 367>}",
  "{'email': <''>, 'iban': <''>, 'note': <''>}",
  "{'email': <'a@b.com\\r\\nBcc: x@y.z'>}",
  "{'prepay': <true>, 'iban': <'GR16 0110 1250 0000 0001 2300 696'>}",
  "{'reminders': <@a(sus) []>}",
  "{'reminders': <[('invoice', uint32 3, 'client')]>, 'email': <'owner@bluebakery.example'>}",
  "{'reminders': <[('later', uint32 3, 'owner')]>}",
  "{'occurrences': <@a{ss} {}>}",
  "{'occurrences': <{'2024-03-14': 'skipped'}>}",
  "{'occurrences': <{'2024-03-15': 'paid'}>}",
  "{'status': <'paused'>, 'delivery': <'off'>, 'language': <''>}",
  "{'status': <'gone'>}",
  "{'reminder_time': <'24:00'>}",
  "{'uid': <'fuzz-plain'>, 'revision': <uint64 7>}",
  "{'uid': <'another'>}",
  "{'successor': <'fuzz-newer'>}",
  "{'colour': <'red'>}",
  "{'client': <'A'>, 'client': <'B'>}",
  "{'client': <'Acme'>, 'service': <'Hosting'>, 'amount_minor': <int64 100>, "
  "'currency': <'EUR'>, 'period': <'1m'>, 'start': <'2027-01-31'>}",
  "{'client': <'Acme'>, 'service': <'Hosting'>, 'amount_minor': <int64 100>, "
  "'currency': <'EUR'>, 'period': <'1m'>, 'start': <'2027-01-31'>, 'term': <'1y'>, "
  "'notice_days': <uint32 0>}",
  "{'client': <'Acme'>, 'service': <'Hosting'>, 'amount_minor': <int64 100>, "
  "'currency': <'EUR'>, 'period': <'1m'>}",
  "{'note': <<'nested'>>}",
};
