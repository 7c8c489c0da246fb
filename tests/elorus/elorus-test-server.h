/* elorus-test-server.h: what the Elorus tests share: the stand-in server and its invoices
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "rs-elorus-client.h"

#define TOKEN "s3cr3t-t0ken-0123456789abcdef"
#define ORGANIZATION "1000000243015421"

/* Three recurring invoices as Elorus's single-invoice endpoint gives them: Greek clients,
 * 1234.56, 300.00 a year (12 months), 0.29 every 2 weeks. */
extern const char elorus_test_invoices_json[];

typedef struct
{
  char           *dir;
  char           *invoices_path;
  char           *log_path;
  GSubprocess    *server;
  char           *api_url;
  RsElorusLimits  limits;
} Fixture;

void            fixture_set_up    (Fixture *fixture, gconstpointer data);
void            fixture_tear_down (Fixture *fixture, gconstpointer data);
/* Starts tests/elorus/elorus-server.py with extra arguments (NULL-terminated). */
void            start_server      (Fixture *fixture, const char *scheme, ...) G_GNUC_NULL_TERMINATED;
RsElorusClient *new_client        (Fixture *fixture, GTlsDatabase *tls_database);
/* The requests the server saw, one JSON object each; asserts the token is not in its log. */
GPtrArray      *read_log          (Fixture *fixture);
