/* recurring-sales.h: the core library of evolution-recurring-sales
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <recurring-sales/rs-agenda.h>
#include <recurring-sales/rs-agenda-cursor.h>
#include <recurring-sales/rs-agenda-index.h>
#include <recurring-sales/rs-agenda-pager.h>
#include <recurring-sales/rs-csv.h>
#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-defaults.h>
#include <recurring-sales/rs-email.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-format.h>
#include <recurring-sales/rs-iban.h>
#include <recurring-sales/rs-ics.h>
#include <recurring-sales/rs-json.h>
#include <recurring-sales/rs-language.h>
#include <recurring-sales/rs-money.h>
#include <recurring-sales/rs-period.h>
#include <recurring-sales/rs-projection.h>
#include <recurring-sales/rs-team-projection.h>
#include <recurring-sales/rs-reminder-rule.h>
#include <recurring-sales/rs-sale.h>
#include <recurring-sales/rs-sale-fields.h>
#include <recurring-sales/rs-sale-matcher.h>
#include <recurring-sales/rs-sale-variant.h>
#include <recurring-sales/rs-schedule.h>
#include <recurring-sales/rs-store.h>
#include <recurring-sales/rs-types.h>
