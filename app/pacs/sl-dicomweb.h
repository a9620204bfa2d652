/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A DICOMweb client (QIDO-RS search, WADO-RS retrieve, STOW-RS store) plus Orthanc's change
 * feed, over libsoup 3. Calls are synchronous (run them off the UI thread); transient failures
 * (no connection, timeouts, HTTP 429/502/503/504) are retried with a doubling backoff. Credentials
 * stay in memory and are never part of an error message. One client per thread. */

#define SL_DICOMWEB_ERROR (sl_dicomweb_error_quark ())

typedef enum
{
  SL_DICOMWEB_ERROR_UNREACHABLE,    /* no connection, DNS failure, timeout, TLS failure */
  SL_DICOMWEB_ERROR_UNAUTHORIZED,   /* HTTP 401 */
  SL_DICOMWEB_ERROR_FORBIDDEN,      /* HTTP 403 */
  SL_DICOMWEB_ERROR_NOT_FOUND,      /* HTTP 404 */
  SL_DICOMWEB_ERROR_MALFORMED,      /* an answer that is not what the standard says */
  SL_DICOMWEB_ERROR_HTTP,           /* any other HTTP failure status */
  SL_DICOMWEB_ERROR_INVALID_URL,
} SlDicomwebErrorCode;

GQuark sl_dicomweb_error_quark (void);

typedef enum
{
  SL_DICOMWEB_STUDIES,
  SL_DICOMWEB_SERIES,
  SL_DICOMWEB_INSTANCES,
} SlDicomwebLevel;

/* Search criteria; NULL / 0 fields are not constrained. Dates are YYYYMMDD. */
typedef struct
{
  const char *study_uid;     /* needed for series and instances below one study */
  const char *series_uid;
  const char *modality;
  const char *date_from;
  const char *date_to;
  const char *description;   /* matched as a substring */
} SlDicomwebQuery;

/* One search hit; fields the server did not send are NULL / 0. */
typedef struct
{
  char *study_uid;
  char *series_uid;
  char *instance_uid;
  char *modality;      /* a study's modalities joined by "," */
  char *date;          /* YYYYMMDD */
  char *description;
  char *manufacturer;  /* instances only */
  int n_instances;
} SlDicomwebItem;

void sl_dicomweb_item_free (SlDicomwebItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlDicomwebItem, sl_dicomweb_item_free)

typedef struct _SlDicomweb SlDicomweb;

/* url: the DICOMweb root, e.g. http://pacs:8042/dicom-web (http or https, no credentials). */
SlDicomweb *sl_dicomweb_new             (const char             *url,
                                         GError                **error);
void        sl_dicomweb_free            (SlDicomweb             *self);
const char *sl_dicomweb_get_url         (SlDicomweb             *self);
void        sl_dicomweb_set_basic_auth  (SlDicomweb             *self,
                                         const char             *user,
                                         const char             *password);
void        sl_dicomweb_set_bearer      (SlDicomweb             *self,
                                         const char             *token);
void        sl_dicomweb_set_timeout     (SlDicomweb             *self,
                                         guint                   seconds);
/* attempts >= 1; the first retry waits first_delay_ms, each next one twice as long. */
void        sl_dicomweb_set_retries     (SlDicomweb             *self,
                                         guint                   attempts,
                                         guint                   first_delay_ms);

/* QIDO-RS. Returns SlDicomwebItem*s. */
GPtrArray  *sl_dicomweb_search          (SlDicomweb             *self,
                                         SlDicomwebLevel         level,
                                         const SlDicomwebQuery  *query,
                                         GCancellable           *cancellable,
                                         GError                **error);
/* The patient and study attributes a new object of the study must repeat, from QIDO-RS: tag
 * ("00100010") -> value (a person name as its alphabetic form). Kept in memory only. */
GHashTable *sl_dicomweb_study_attributes (SlDicomweb            *self,
                                          const char            *study_uid,
                                          GCancellable          *cancellable,
                                          GError               **error);
/* WADO-RS of one instance: its Part 10 file. */
GBytes     *sl_dicomweb_retrieve        (SlDicomweb             *self,
                                         const char             *study_uid,
                                         const char             *series_uid,
                                         const char             *instance_uid,
                                         GCancellable           *cancellable,
                                         GError                **error);
/* STOW-RS of Part 10 files into one study; fails unless the server stored every one. */
gboolean    sl_dicomweb_store           (SlDicomweb             *self,
                                         const char             *study_uid,
                                         GBytes * const         *files,
                                         guint                   n_files,
                                         GCancellable           *cancellable,
                                         GError                **error);

/* Orthanc's change feed (GET /changes next to the DICOMweb root). An instance as the feed names
 * it, with its UIDs looked up. */
typedef struct
{
  char *study_uid;
  char *series_uid;
  char *instance_uid;
  char *manufacturer;   /* or NULL */
} SlDicomwebChange;

void sl_dicomweb_change_free (SlDicomwebChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlDicomwebChange, sl_dicomweb_change_free)

/* The feed's newest position; FALSE with SL_DICOMWEB_ERROR_NOT_FOUND when the server has no
 * such feed. */
gboolean    sl_dicomweb_changes_last    (SlDicomweb             *self,
                                         gint64                 *last,
                                         GCancellable           *cancellable,
                                         GError                **error);
/* The new instances after since (SlDicomwebChange*s, oldest first, at most limit changes read);
 * *last is the feed position to ask from next time, *done FALSE when more are waiting. */
GPtrArray  *sl_dicomweb_changes         (SlDicomweb             *self,
                                         gint64                  since,
                                         guint                   limit,
                                         gint64                 *last,
                                         gboolean               *done,
                                         GCancellable           *cancellable,
                                         GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlDicomweb, sl_dicomweb_free)

G_END_DECLS
