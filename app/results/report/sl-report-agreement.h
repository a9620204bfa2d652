/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-catalog.h"
#include "sl-report-private.h"

G_BEGIN_DECLS

/* The report's reader-agreement section: the catalog's readers compared with each other. */
typedef struct _SlReportAgreement
{
  int n_readers;
  int images;                 /* read by two or more */
  double percent_agreement;   /* NAN when undefined */
  double fleiss_kappa;
  GPtrArray *pair_rows;       /* of char*: reader A, reader B, images, Cohen's kappa, agreement */
  GPtrArray *class_rows;      /* of char*: class, ratings, kappa */
} SlReportAgreement;

/* NULL (and no error) when fewer than two readers labelled the catalog. */
SlReportAgreement *sl_report_agreement_collect (SlCatalog                *catalog,
                                                GError                  **error);
void               sl_report_agreement_free    (SlReportAgreement        *agreement);
double             sl_report_agreement_height  (const SlReportAgreement  *agreement);
/* Draws the figures and the two tables at (x, y); returns the height used. */
double             sl_report_agreement_draw    (SlCanvas                 *canvas,
                                                double                    x,
                                                double                    y,
                                                double                    width,
                                                const SlReportAgreement  *agreement);

G_END_DECLS
