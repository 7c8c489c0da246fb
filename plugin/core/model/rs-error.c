/* rs-error.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <recurring-sales/rs-error.h>

G_DEFINE_QUARK (rs-error-quark, rs_error)
