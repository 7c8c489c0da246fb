/* rs-test-util.h: helpers shared by every test program
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Deletes @path and, for a folder, everything in it; symbolic links are removed, not followed. */
void     rs_test_remove_tree (const char  *path);

/* Whether @date is in [@from, @to], both days included. */
gboolean rs_test_date_in     (const GDate *date,
                              const GDate *from,
                              const GDate *to);

G_END_DECLS
