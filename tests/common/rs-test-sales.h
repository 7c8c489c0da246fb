/* rs-test-sales.h: dates and sales for the tests of the core library
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <recurring-sales/recurring-sales.h>

G_BEGIN_DECLS

/* "2027-01-31" as a GDate; the test fails when @text is not a valid date. */
GDate   rs_test_date     (const char *text);

/* A new sale @uid of @client: "Hosting" for 120.00 EUR every @period ("1m") from @start
 * ("2027-01-31"), until @until or, when it is NULL, open-ended. */
RsSale *rs_test_sale_new (const char *uid,
                          const char *client,
                          const char *start,
                          const char *period,
                          const char *until);

G_END_DECLS
