/* test-backend-offer.c: the renewal offer in the calendar, through a real EDS (issue #14)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The offer is recorded over the service's D-Bus API; the expiry's event, as Evolution reads
 * it from evolution-calendar-factory, must then say where the offer stands, in the user's
 * language (RS_TEST_LANGUAGE=el runs the whole session, the factory included, in Greek), and
 * lose its alarm once the client answered. Every event also says how to change the sale in
 * Evolution (its right-click menu) before it names the command.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "eds-test-util.h"
#include <recurring-sales/rs-projection.h>

static EdsTest eds;
static ECalClient *client;
static gboolean greek;

typedef struct {
  const char *component_uid;
  const char *wanted;
  char       *description;
  int         n_alarms;
} Watch;

static gboolean
description_has (gpointer user_data)
{
  Watch *watch = user_data;
  g_autoptr(ICalComponent) component = NULL;

  if (!e_cal_client_get_object_sync (client, watch->component_uid, NULL, &component, NULL, NULL))
    return FALSE;

  g_free (watch->description);
  watch->description = g_strdup (i_cal_component_get_description (component));
  watch->n_alarms = i_cal_component_count_components (component, I_CAL_VALARM_COMPONENT);
  return watch->description != NULL && strstr (watch->description, watch->wanted) != NULL;
}

/* Waits until the expiry's event of @uid says @wanted; gives the number of its alarms. */
static int
wait_for_expiry_text (const char *uid,
                      const char *wanted)
{
  g_autofree char *component_uid = rs_projection_component_uid (uid, RS_REMINDER_KIND_EXPIRY);
  Watch watch = { component_uid, wanted, NULL, 0 };

  if (!rs_test_wait_until (description_has, &watch, EDS_TEST_TIMEOUT_MS))
    g_error ("The expiry of %s never said “%s”; it says: %s", uid, wanted,
             watch.description != NULL ? watch.description : "(nothing)");
  g_free (watch.description);
  return watch.n_alarms;
}

static char *
add_expiring_sale (const char *client_name)
{
  return eds_test_add_sale (&eds, eds_test_sale_dict (
    client_name, "1m", "2027-01-31",
    "{'term': <'1y'>, 'email': <'billing@example.com'>,"
    " 'reminders': <[('expiry', @u 30, 'owner'), ('expiry', @u 45, 'team'),"
    " ('expiry', @u 30, 'client')]>}"));
}

static void
test_offer_sent_accepted (void)
{
  g_autofree char *uid = add_expiring_sale ("Offer Calendar Ltd");
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *renewed = NULL;
  g_autofree char *successor = NULL;

  /* Before any offer: two alarms, the owner's and the one telling the owner that the
   * client's e-mail waits in Drafts; the team's reminder is mailed, never an alarm. */
  g_assert_cmpint (wait_for_expiry_text (uid, greek ? "Λήγει" : "Expires on"), ==, 2);

  eds_test_call_ok (&eds, "OfferSent",
                    g_variant_new_parsed ("(%s, {'amount_minor': <@x 13500>, 'note': <'Με SSL.'>})",
                                          uid));
  g_assert_cmpint (wait_for_expiry_text (uid, greek ? "Η προσφορά στάλθηκε στις " : "Offer sent on "),
                   ==, 2);
  wait_for_expiry_text (uid, greek ? "Ποσό προσφοράς: 135,00 €. Με SSL." : "Amount offered: 135.00 EUR. Με SSL.");

  reply = eds_test_call (&eds, "OfferAccepted", g_variant_new_parsed ("(%s, @a{sv} {})", uid),
                         "(s)", &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(s)", &successor);
  renewed = g_strdup_printf (greek ? ", ανανεώθηκε ως %s." : ", renewed as %s.", successor);
  /* Accepted: the text, and no alarm of the old expiry any more, the client's included. */
  g_assert_cmpint (wait_for_expiry_text (uid, renewed), ==, 0);
  wait_for_expiry_text (uid, greek ? "Έγινε δεκτή στις " : "Accepted on ");
  /* The successor's expiry has no offer yet, and reminds again. */
  g_assert_cmpint (wait_for_expiry_text (successor, greek ? "Λήγει" : "Expires on"), ==, 2);
}

static void
test_offer_declined (void)
{
  g_autofree char *uid = add_expiring_sale ("Declined Calendar Ltd");

  g_assert_cmpint (wait_for_expiry_text (uid, greek ? "Λήγει" : "Expires on"), ==, 2);
  eds_test_call_ok (&eds, "OfferDeclined", g_variant_new ("(s)", uid));
  /* Declined: the owner's alarm goes; the client is still told the agreement ends. */
  g_assert_cmpint (wait_for_expiry_text (uid, greek ? "Απορρίφθηκε στις " : "Declined on "), ==, 1);
  wait_for_expiry_text (uid, greek ? "η πώληση τελειώνει στη λήξη της." : "the sale ends at its expiry.");
}

/* Every event says how to change the sale in Evolution first, and the command second. */
static void
test_event_says_what_to_do_in_evolution (void)
{
  g_autofree char *uid = add_expiring_sale ("Evolution Text Ltd");

  wait_for_expiry_text (uid, greek
    ? "Για να αλλάξετε αυτή την επαναλαμβανόμενη πώληση στο Evolution, κάντε δεξί κλικ σε "
      "αυτό το συμβάν και επιλέξτε «Σήμανση ως εκδομένο», «Σήμανση ως προπληρωμένο», "
      "«Ανανέωση πώλησης…» ή «Επεξεργασία πώλησης…». Το ίδιο κάνει και η εντολή "
      "recurring-sales."
    : "To change this recurring sale in Evolution, right-click this event and choose Mark "
      "Issued, Mark Prepaid, Renew Sale… or Edit Sale…. The recurring-sales command does the "
      "same.");
}

int
main (int    argc,
      char **argv)
{
  int status;

  /* Before anything reads the locale: the factory started below inherits it. */
  greek = g_strcmp0 (g_getenv ("RS_TEST_LANGUAGE"), "el") == 0;
  if (greek)
    {
      g_setenv ("LC_ALL", "el_GR.UTF-8", TRUE);
      g_setenv ("LANGUAGE", "el", TRUE);
    }

  if (!eds_test_init (&argc, &argv))
    return 0;

  eds_test_start (&eds, NULL);
  client = eds_test_connect (&eds, EDS_TEST_DEFAULT_UID);

  g_test_add_func ("/backend/offer/sent-then-accepted", test_offer_sent_accepted);
  g_test_add_func ("/backend/offer/declined", test_offer_declined);
  g_test_add_func ("/backend/event-text/what-to-do-in-evolution",
                   test_event_says_what_to_do_in_evolution);
  status = g_test_run ();

  g_clear_object (&client);
  eds_test_stop (&eds);
  return status;
}
