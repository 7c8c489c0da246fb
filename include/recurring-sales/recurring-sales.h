/* recurring-sales.h: the core library of evolution-recurring-sales
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "rs-agenda.h"
#include "rs-agenda-cursor.h"
#include "rs-agenda-index.h"
#include "rs-agenda-pager.h"
#include "rs-csv.h"
#include "rs-date.h"
#include "rs-defaults.h"
#include "rs-email.h"
#include "rs-error.h"
#include "rs-format.h"
#include "rs-iban.h"
#include "rs-json.h"
#include "rs-money.h"
#include "rs-period.h"
#include "rs-projection.h"
#include "rs-reminder-rule.h"
#include "rs-sale.h"
#include "rs-sale-variant.h"
#include "rs-schedule.h"
#include "rs-store.h"
#include "rs-types.h"
