/* mail-test-util.h: real mail servers and a real EDS registry for the mailer's tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A private session bus with gnome-keyring-daemon (the Secret Service that EDS stores passwords
 * in) and evolution-source-registry, Dovecot (IMAP) and aiosmtpd (SMTP) on 127.0.0.1: all
 * started by the test in its own temporary directory and stopped by PID, killed with the test
 * when it dies (PR_SET_PDEATHSIG).
 */
#pragma once

#include <libedataserver/libedataserver.h>

#include "rs-test-bus.h"

G_BEGIN_DECLS

/* Dovecot's users: alice's password is in the keyring, bob's is not. */
#define MAIL_TEST_IMAP_USER       "alice"
#define MAIL_TEST_IMAP_PASSWORD   "s3cret-alice"
#define MAIL_TEST_NOPASS_USER     "bob"
#define MAIL_TEST_NOPASS_PASSWORD "bob-secret"

typedef struct {
  RsTestSession    session;        /* HOME, XDG directories, the bus, logs, the servers' files */
  GSubprocess     *keyring;
  GSubprocess     *registry;
  GSubprocess     *dovecot;
  GSubprocess     *smtp;
  ESourceRegistry *sources;
  guint            imap_port;
  guint            smtp_port;
  char            *smtp_dir;       /* NNN.eml and NNN.envelope of each message received */
  char            *smtp_mode_file;
  char            *imap_maildir;   /* Dovecot's maildir of MAIL_TEST_IMAP_USER */
} MailTest;

/* TRUE (after printing a TAP plan that skips everything) when this machine cannot run the
 * servers (a program is missing, or the build is sanitized: rs_test_eds_skip_if_sanitized ()).
 * Call it first in main (). */
gboolean     mail_test_skip_if_unable     (void);

/* Puts HOME and the XDG directories in a new temporary directory (before anything reads them),
 * starts the SMTP and IMAP servers (their ports are known from then on). */
void         mail_test_init               (MailTest   *self);
/* Writes $XDG_CONFIG_HOME/evolution/sources/@uid.source (before mail_test_start ()). */
void         mail_test_write_source       (MailTest   *self,
                                           const char *uid,
                                           const char *contents);
/* Starts the bus, the keyring (unlocked) and the registry, and waits for the registry. */
void         mail_test_start              (MailTest   *self);
/* Stops everything by PID; removes the directory unless RS_TEST_KEEP is set. */
void         mail_test_stop               (MailTest   *self);

ESource     *mail_test_ref_source         (MailTest   *self,
                                           const char *uid);

/* accept, refuse-permanent, refuse-temporary, hang, drop or hold-quit (smtp-server.py). */
void         mail_test_set_smtp_mode      (MailTest   *self,
                                           const char *mode);
/* The messages the SMTP server accepted, in order: paths of the .eml files. */
GPtrArray   *mail_test_smtp_messages      (MailTest   *self);
/* Whether a QUIT reached the server in hold-quit mode since mail_test_smtp_forget_quit (). */
gboolean     mail_test_smtp_quit_held     (MailTest   *self);
void         mail_test_smtp_forget_quit   (MailTest   *self);

/* The flags of each message of Dovecot's @folder with @message_id, as an IMAP client
 * (imap-check.py) sees them: one "\Draft \Seen" string per message. */
GPtrArray   *mail_test_imap_flags         (MailTest   *self,
                                           const char *folder,
                                           const char *message_id);

/* The files of the maildir folder @folder_dir (cur and new) whose message has @message_id. */
GPtrArray   *mail_test_maildir_find       (const char *folder_dir,
                                           const char *message_id);

G_END_DECLS
