/* rs-mail-account.c: the default mail account as Evolution configured it — the sender, and the
 * folders and the transport its identity names
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-error.h>
#include "rs-mailer-private.h"

/* The folders Evolution uses when an identity names none
 * (e_mail_session_get_local_folder_uri ()). */
#define LOCAL_DRAFTS_URI    "folder://local/Drafts"
#define LOCAL_SENT_URI      "folder://local/Sent"

/* @text (taken) when it is set and not empty, else a copy of @fallback (which may be NULL). */
static char *
take_unless_empty (char       *text,
                   const char *fallback)
{
  if (text != NULL && *text != '\0')
    return text;

  g_free (text);
  return g_strdup (fallback);
}

/* The default mail account and its identity, when they are set up well enough to send from. */
gboolean
rs_mailer_resolve_identity (RsMailer  *self,
                            ESource  **out_account,
                            ESource  **out_identity,
                            GError   **error)
{
  g_autoptr(ESource) account = NULL;
  g_autoptr(ESource) identity = NULL;
  g_autofree char *identity_uid = NULL;
  g_autofree char *address = NULL;
  g_autoptr(ESource) builtin = NULL;

  /* Without a running registry (no EDS in this session) the source list is empty, and
   * e_source_registry_ref_default_mail_account () would fail a check on the built-in account
   * that is then missing: ask only when the registry has it. */
  builtin = e_source_registry_ref_source (self->registry, "local");
  if (builtin != NULL)
    account = e_source_registry_ref_default_mail_account (self->registry);
  if (account != NULL && e_source_has_extension (account, E_SOURCE_EXTENSION_MAIL_ACCOUNT))
    identity_uid = e_source_mail_account_dup_identity_uid (
      e_source_get_extension (account, E_SOURCE_EXTENSION_MAIL_ACCOUNT));
  if (identity_uid != NULL)
    identity = e_source_registry_ref_source (self->registry, identity_uid);

  /* With no default set, EDS falls back to the built-in "On This Computer" account, which has
   * no identity: there is no account to send from. */
  if (identity == NULL || !e_source_has_extension (identity, E_SOURCE_EXTENSION_MAIL_IDENTITY))
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_FAILED,
                           /* Translators: client reminders are the e-mails that remind the
                            * owner's clients of an invoice or an expiry */
                           _("No mail account is set up in Evolution. Add one and make it the "
                             "default account, so that client reminders can go out from it."));
      return FALSE;
    }

  if (!e_source_registry_check_enabled (self->registry, account))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: %s is the name of a mail account in Evolution */
                   _("The default mail account “%s” is disabled in Evolution."),
                   e_source_get_display_name (account));
      return FALSE;
    }

  /* The dup_ accessors: the registry updates sources from its own thread. */
  address = e_source_mail_identity_dup_address (
    e_source_get_extension (identity, E_SOURCE_EXTENSION_MAIL_IDENTITY));
  if (address == NULL || *address == '\0')
    {
      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: %s is the name of a mail account in Evolution */
                   _("The mail account “%s” has no e-mail address in Evolution."),
                   e_source_get_display_name (account));
      return FALSE;
    }

  if (out_account != NULL)
    *out_account = g_steal_pointer (&account);
  *out_identity = g_steal_pointer (&identity);
  return TRUE;
}

gboolean
rs_mailer_get_sender (RsMailer  *self,
                      char     **out_name,
                      char     **out_address,
                      char     **out_organization,
                      GError   **error)
{
  g_autoptr(ESource) identity = NULL;
  ESourceMailIdentity *extension;

  g_return_val_if_fail (RS_IS_MAILER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!rs_mailer_resolve_identity (self, NULL, &identity, error))
    return FALSE;

  extension = e_source_get_extension (identity, E_SOURCE_EXTENSION_MAIL_IDENTITY);
  if (out_name != NULL)
    *out_name = take_unless_empty (e_source_mail_identity_dup_name (extension), NULL);
  if (out_address != NULL)
    *out_address = e_source_mail_identity_dup_address (extension);
  if (out_organization != NULL)
    *out_organization = take_unless_empty (e_source_mail_identity_dup_organization (extension),
                                           NULL);
  return TRUE;
}

/* The Sent folder of the identity (Evolution's X-Evolution-Fcc): NULL when the owner turned
 * “Save sent messages” off. */
char *
rs_mail_identity_dup_sent_folder_uri (ESource *identity)
{
  ESourceMailSubmission *submission;

  if (!e_source_has_extension (identity, E_SOURCE_EXTENSION_MAIL_SUBMISSION))
    return g_strdup (LOCAL_SENT_URI);

  submission = e_source_get_extension (identity, E_SOURCE_EXTENSION_MAIL_SUBMISSION);
  if (!e_source_mail_submission_get_use_sent_folder (submission))
    return NULL;

  return take_unless_empty (e_source_mail_submission_dup_sent_folder (submission), LOCAL_SENT_URI);
}

char *
rs_mail_identity_dup_drafts_folder_uri (ESource *identity)
{
  char *uri = NULL;

  if (e_source_has_extension (identity, E_SOURCE_EXTENSION_MAIL_COMPOSITION))
    uri = e_source_mail_composition_dup_drafts_folder (
      e_source_get_extension (identity, E_SOURCE_EXTENSION_MAIL_COMPOSITION));
  return take_unless_empty (uri, LOCAL_DRAFTS_URI);
}

char *
rs_mail_identity_dup_transport_uid (ESource *identity)
{
  char *uid = NULL;

  if (e_source_has_extension (identity, E_SOURCE_EXTENSION_MAIL_SUBMISSION))
    uid = e_source_mail_submission_dup_transport_uid (
      e_source_get_extension (identity, E_SOURCE_EXTENSION_MAIL_SUBMISSION));
  return take_unless_empty (uid, NULL);
}

