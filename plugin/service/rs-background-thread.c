/* rs-background-thread.c: threads that give way to the service's short calls
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Five programs reading whole agendas keep the service's reading thread busy all the time,
 * and on two cores it then competes for the processor with the threads that answer GetSale
 * and make changes, and with the bus daemon that carries every reply. Measured with
 * tests/bench/bench-readers.py, lowering the reading threads' priority took GetSale's p99
 * from 43–58 ms to 26–35 ms, and the readers still read as many agendas (issue #18). Linux
 * keeps a niceness per thread; elsewhere this does nothing.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "rs-background-thread.h"

#define BACKGROUND_NICENESS 10

void
rs_background_thread_enter (void)
{
#ifdef __linux__
  static GPrivate entered;

  if (g_private_get (&entered) != NULL)
    return;
  g_private_set (&entered, GINT_TO_POINTER (TRUE));

  /* Lowering one's own priority is always allowed; a failure only leaves it as it was. */
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), BACKGROUND_NICENESS) != 0)
    g_debug ("The reading thread keeps its priority: %s", g_strerror (errno));
#endif
}
