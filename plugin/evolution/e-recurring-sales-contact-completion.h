/* e-recurring-sales-contact-completion.h: the sale editor's client, completed from the user's
 * address books
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Completes @client from the contacts of the enabled address books; a contact chosen fills in
 * @email too (when it has an address) and is remembered until the client's name is changed. */
void        e_recurring_sales_contact_completion_attach  (GtkEntry   *client,
                                                           GtkEntry   *email);
/* The UID of the contact the client was chosen from, or NULL. */
const char *e_recurring_sales_contact_completion_get_uid (GtkEntry   *client);
/* The contact of a sale being edited (NULL or "": none), for the name now in @client. */
void        e_recurring_sales_contact_completion_set_uid (GtkEntry   *client,
                                                           const char *uid);

G_END_DECLS
