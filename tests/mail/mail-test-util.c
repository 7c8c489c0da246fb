/* mail-test-util.c: real mail servers and a real EDS registry for the mailer's tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The private session, its bus and the registry are tests/common/'s (rs-test-bus.h,
 * rs-test-eds.h), as for the backend's tests; the calendar factory and the project's modules
 * are not needed here, a keyring and the mail servers are.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include "mail-test-util.h"
#include "rs-test-eds.h"

#define POLL_US         (20 * 1000)
#define START_TIMEOUT   (RS_TEST_START_TIMEOUT_MS * 1000)
#define STOP_TIMEOUT_MS 20000
/* The login keyring's password: gnome-keyring-daemon --unlock reads it on stdin. */
#define KEYRING_PASSWORD "rs-test-keyring"

gboolean
mail_test_skip_if_unable (void)
{
  const char *missing = NULL;

  if (rs_test_eds_skip_if_sanitized ())
    return TRUE;

  if (*MAIL_TEST_PYTHON == '\0')
    missing = "python3 with aiosmtpd (python3-aiosmtpd)";
  else if (*MAIL_TEST_DOVECOT == '\0')
    missing = "dovecot (dovecot-imapd)";
  else if (*MAIL_TEST_KEYRING_DAEMON == '\0')
    missing = "gnome-keyring-daemon (gnome-keyring)";

  if (missing == NULL)
    return FALSE;

  g_print ("1..0 # SKIP %s is not installed (scripts/deps.sh lists the test packages)\n", missing);
  return TRUE;
}

static void
assert_running (MailTest    *self,
                GSubprocess *process,
                const char  *log_name)
{
  rs_test_session_assert_running (&self->session, process, log_name);
}

/* --- SMTP -------------------------------------------------------------------------------- */

static void
start_smtp (MailTest *self)
{
  g_autofree char *script = g_build_filename (MAIL_TEST_SRCDIR, "smtp-server.py", NULL);
  g_autofree char *port_file = g_build_filename (self->session.root, "smtp", "port", NULL);
  const char *argv[] = { MAIL_TEST_PYTHON, script, port_file, NULL, NULL, NULL };
  gint64 deadline = g_get_monotonic_time () + START_TIMEOUT;
  g_autofree char *port = NULL;

  self->smtp_dir = rs_test_make_dir (self->session.root, "smtp/messages");
  self->smtp_mode_file = g_build_filename (self->session.root, "smtp", "mode", NULL);
  argv[3] = self->smtp_dir;
  argv[4] = self->smtp_mode_file;

  self->smtp = rs_test_session_spawn (&self->session, G_SUBPROCESS_FLAGS_NONE, "smtp-server.log", argv);

  /* The server writes the port once it listens. */
  while (!g_file_get_contents (port_file, &port, NULL, NULL))
    {
      assert_running (self, self->smtp, "smtp-server.log");
      if (g_get_monotonic_time () > deadline)
        g_error ("The SMTP server did not start: see %s/log/smtp-server.log", self->session.root);
      g_usleep (POLL_US);
    }
  self->smtp_port = (guint) g_ascii_strtoull (port, NULL, 10);
  g_assert_cmpuint (self->smtp_port, >, 0);
}

void
mail_test_set_smtp_mode (MailTest   *self,
                         const char *mode)
{
  g_autofree char *tmp = g_strconcat (self->smtp_mode_file, ".tmp", NULL);

  /* Read at each new connection: replaced at once, never seen half-written. */
  rs_test_write_file (tmp, mode);
  g_assert_cmpint (g_rename (tmp, self->smtp_mode_file), ==, 0);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
mail_test_smtp_messages (MailTest *self)
{
  GPtrArray *messages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (self->smtp_dir, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".eml"))
      g_ptr_array_add (messages, g_build_filename (self->smtp_dir, name, NULL));
  g_ptr_array_sort (messages, compare_paths);
  return messages;
}

gboolean
mail_test_smtp_quit_held (MailTest *self)
{
  g_autofree char *path = g_build_filename (self->smtp_dir, "quit-held", NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

void
mail_test_smtp_forget_quit (MailTest *self)
{
  g_autofree char *path = g_build_filename (self->smtp_dir, "quit-held", NULL);

  g_unlink (path);
}

/* --- IMAP -------------------------------------------------------------------------------- */

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) any = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  any = g_inet_socket_address_new (loopback, 0);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  /* Closed again before Dovecot binds it: another program could take it in between, which
   * would show as Dovecot failing to start. */
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static gboolean
port_answers (guint port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;

  g_socket_client_set_timeout (client, 2);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  return connection != NULL;
}

/* Dovecot refuses root for its login processes and for mail ("userdb returned 0 as uid"): as
 * root the mail belongs to the system's "mail" user and the login processes run as Dovecot's
 * own "dovenull" (both exist once dovecot-core is installed); otherwise everything runs as the
 * test's user. */
static void
start_dovecot (MailTest *self)
{
  g_autofree char *dir = rs_test_make_dir (self->session.root, "dovecot");
  g_autofree char *base_dir = rs_test_make_dir (dir, "run");
  g_autofree char *state_dir = rs_test_make_dir (dir, "state");
  g_autofree char *mail_dir = rs_test_make_dir (dir, "mail");
  g_autofree char *home_dir = rs_test_make_dir (dir, "home");
  g_autofree char *passwd = g_build_filename (dir, "passwd", NULL);
  g_autofree char *config_path = g_build_filename (dir, "dovecot.conf", NULL);
  g_autofree char *log_path = g_build_filename (self->session.root, "log", "dovecot.log", NULL);
  g_autofree char *instance = g_path_get_basename (self->session.root);
  g_autofree char *users = NULL;
  g_autofree char *config = NULL;
  const char *argv[] = { MAIL_TEST_DOVECOT, "-F", "-c", config_path, NULL };
  gint64 deadline;

  if (getuid () == 0)
    {
      struct passwd *mail_user = getpwnam ("mail");

      g_assert_nonnull (mail_user);
      /* The mail processes must reach their maildir through the test's directory. */
      g_assert_cmpint (g_chmod (self->session.root, 0711), ==, 0);
      g_assert_cmpint (g_chmod (dir, 0711), ==, 0);
      g_assert_cmpint (chown (mail_dir, mail_user->pw_uid, mail_user->pw_gid), ==, 0);
      g_assert_cmpint (chown (home_dir, mail_user->pw_uid, mail_user->pw_gid), ==, 0);
      users = g_strdup ("default_internal_user = dovecot\n"
                        "default_internal_group = dovecot\n"
                        "default_login_user = dovenull\n"
                        "first_valid_uid = 1\n"
                        /* The services that read the test's files run as root. */
                        "service auth {\n  user = root\n}\n"
                        "service auth-worker {\n  user = root\n}\n"
                        "service anvil {\n  user = root\n}\n"
                        "service stats {\n  user = root\n}\n"
                        "userdb {\n  driver = static\n  args = uid=mail gid=mail home=");
    }
  else
    {
      const char *me = g_get_user_name ();

      users = g_strdup_printf ("default_internal_user = %s\n"
                               "default_login_user = %s\n"
                               "userdb {\n  driver = static\n  args = uid=%u gid=%u home=",
                               me, me, (guint) getuid (), (guint) getgid ());
    }

  self->imap_port = free_port ();
  self->imap_maildir = g_build_filename (mail_dir, MAIL_TEST_IMAP_USER, NULL);

  rs_test_write_file (passwd, MAIL_TEST_IMAP_USER ":{PLAIN}" MAIL_TEST_IMAP_PASSWORD "\n"
                      MAIL_TEST_NOPASS_USER ":{PLAIN}" MAIL_TEST_NOPASS_PASSWORD "\n");
  /* No system configuration, no SSL, loopback only; Drafts and Sent do not exist until a
   * client creates them (the mailer must). */
  config = g_strdup_printf ("base_dir = %s\n"
                            "state_dir = %s\n"
                            "instance_name = %s\n"
                            "listen = 127.0.0.1\n"
                            "protocols = imap\n"
                            "ssl = no\n"
                            "disable_plaintext_auth = no\n"
                            "auth_mechanisms = plain login\n"
                            "log_path = %s\n"
                            "mail_location = maildir:%s/%%u\n"
                            "passdb {\n  driver = passwd-file\n"
                            "  args = scheme=PLAIN username_format=%%u %s\n}\n"
                            "%s%s/%%u\n}\n"
                            "service imap-login {\n"
                            "  inet_listener imap {\n    address = 127.0.0.1\n    port = %u\n  }\n"
                            "  inet_listener imaps {\n    port = 0\n  }\n"
                            "}\n"
                            "namespace inbox {\n  inbox = yes\n}\n",
                            base_dir, state_dir, instance, log_path, mail_dir, passwd, users,
                            home_dir, self->imap_port);
  rs_test_write_file (config_path, config);

  self->dovecot = rs_test_session_spawn (&self->session, G_SUBPROCESS_FLAGS_NONE, "dovecot-master.log", argv);

  deadline = g_get_monotonic_time () + START_TIMEOUT;
  while (!port_answers (self->imap_port))
    {
      assert_running (self, self->dovecot, "dovecot-master.log");
      if (g_get_monotonic_time () > deadline)
        g_error ("Dovecot did not start: see %s/log/dovecot.log", self->session.root);
      g_usleep (POLL_US * 5);
    }
}

GPtrArray *
mail_test_imap_flags (MailTest   *self,
                      const char *folder,
                      const char *message_id)
{
  g_autofree char *script = g_build_filename (MAIL_TEST_SRCDIR, "imap-check.py", NULL);
  g_autofree char *port = g_strdup_printf ("%u", self->imap_port);
  const char *argv[] = { MAIL_TEST_PYTHON, script, port, MAIL_TEST_IMAP_USER,
                         MAIL_TEST_IMAP_PASSWORD, folder, message_id, NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *errors = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *flags = g_ptr_array_new_with_free_func (g_free);

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                     G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &output, &errors, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("imap-check.py failed: %s", errors);

  lines = g_strsplit (output, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (i + 1 < g_strv_length (lines) || *lines[i] != '\0')
      g_ptr_array_add (flags, g_strdup (lines[i]));
  return flags;
}

/* --- Maildir ----------------------------------------------------------------------------- */

static gboolean
file_has_message_id (const char *path,
                     const char *message_id)
{
  g_autofree char *contents = NULL;
  g_autofree char *wanted = g_strdup_printf ("message-id: <%s>", message_id);
  g_autofree char *headers = NULL;
  const char *end;
  char *line;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;

  end = strstr (contents, "\n\n");
  if (end == NULL)
    end = strstr (contents, "\r\n\r\n");
  headers = g_ascii_strdown (contents, end != NULL ? end - contents : -1);

  for (line = headers; line != NULL; line = strchr (line, '\n'))
    {
      if (*line == '\n')
        line++;
      if (g_str_has_prefix (line, wanted))
        return TRUE;
    }
  return FALSE;
}

GPtrArray *
mail_test_maildir_find (const char *folder_dir,
                        const char *message_id)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  const char *subdirs[] = { "cur", "new" };

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *dir_path = g_build_filename (folder_dir, subdirs[i], NULL);
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir_path, name, NULL);

          if (file_has_message_id (path, message_id))
            g_ptr_array_add (found, g_steal_pointer (&path));
        }
    }
  return found;
}

/* --- Bus, keyring, registry -------------------------------------------------------------- */

/* gnome-keyring-daemon creates and unlocks a login keyring in $XDG_DATA_HOME/keyrings with the
 * password it reads on stdin (--unlock), and serves it as the Secret Service on our bus: EDS
 * stores and finds passwords there through libsecret, as on a desktop. */
static void
start_keyring (MailTest *self)
{
  const char *argv[] = { MAIL_TEST_KEYRING_DAEMON, "--foreground", "--components=secrets",
                         "--unlock", NULL };
  g_autoptr(GError) error = NULL;
  GOutputStream *input;

  self->keyring = rs_test_session_spawn (&self->session, G_SUBPROCESS_FLAGS_STDIN_PIPE, "keyring.log", argv);
  input = g_subprocess_get_stdin_pipe (self->keyring);
  g_output_stream_write_all (input, KEYRING_PASSWORD, strlen (KEYRING_PASSWORD), NULL, NULL,
                             &error);
  g_assert_no_error (error);
  g_output_stream_close (input, NULL, &error);
  g_assert_no_error (error);

  rs_test_session_wait_for_name (&self->session, "org.freedesktop.secrets", TRUE, self->keyring,
                                 "keyring.log");
}

void
mail_test_init (MailTest *self)
{
  memset (self, 0, sizeof *self);
  rs_test_session_init (&self->session, "rs-test-mail-XXXXXX");
  /* Before any thread exists, as every variable (setenv () is not thread-safe). */
  g_unsetenv ("GNOME_KEYRING_CONTROL");
  g_free (rs_test_make_dir (self->session.root, "config/evolution/sources"));

  start_smtp (self);
  start_dovecot (self);
}

void
mail_test_write_source (MailTest   *self,
                        const char *uid,
                        const char *contents)
{
  g_autofree char *name = g_strconcat (uid, ".source", NULL);
  g_autofree char *path = g_build_filename (self->session.root, "config", "evolution", "sources",
                                            name, NULL);

  rs_test_write_file (path, contents);
}

void
mail_test_start (MailTest *self)
{
  /* Nothing is activated: no system service (a keyring of the real user) may start here. */
  g_autofree char *services = rs_test_make_dir (self->session.root, "services");
  g_autoptr(GError) error = NULL;

  rs_test_session_start_bus (&self->session, (const char * const []) { services, NULL });
  start_keyring (self);
  self->registry = rs_test_eds_start_registry (&self->session, NULL, NULL);
  self->sources = e_source_registry_new_sync (NULL, &error);
  g_assert_no_error (error);
}

void
mail_test_stop (MailTest *self)
{
  /* Still running: nothing of ours crashed them. */
  assert_running (self, self->registry, "registry.log");
  assert_running (self, self->dovecot, "dovecot-master.log");
  assert_running (self, self->smtp, "smtp-server.log");

  g_clear_object (&self->sources);
  rs_test_stop_process (&self->registry, STOP_TIMEOUT_MS);
  rs_test_stop_process (&self->keyring, STOP_TIMEOUT_MS);
  rs_test_session_stop_bus (&self->session);
  rs_test_stop_process (&self->dovecot, STOP_TIMEOUT_MS);
  rs_test_stop_process (&self->smtp, STOP_TIMEOUT_MS);

  rs_test_session_remove (&self->session);
  g_clear_pointer (&self->smtp_dir, g_free);
  g_clear_pointer (&self->smtp_mode_file, g_free);
  g_clear_pointer (&self->imap_maildir, g_free);
}

ESource *
mail_test_ref_source (MailTest   *self,
                      const char *uid)
{
  return rs_test_eds_ref_source (self->sources, uid, RS_TEST_START_TIMEOUT_MS);
}
