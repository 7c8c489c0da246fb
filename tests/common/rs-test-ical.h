/* rs-test-ical.h: calendar components as the tests read them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <libecal/libecal.h>

G_BEGIN_DECLS

/* The calendar day of @time. */
GDate     rs_test_ical_to_date        (ICalTime      *time);
/* An all-day ICalTime on @date. */
ICalTime *rs_test_ical_date           (const GDate   *date);
/* The days of @component's instances in [@from, @to], expanded as Evolution expands them
 * (libecal: RRULE, RDATE, EXDATE); each instance must be all-day. A GArray of GDate. */
GArray   *rs_test_ical_expand         (ICalComponent *component,
                                       const GDate   *from,
                                       const GDate   *to);

G_END_DECLS
