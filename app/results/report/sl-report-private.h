/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <pango/pangocairo.h>

#include "sl-baseline.h"
#include "sl-catalog.h"
#include "sl-evaluate.h"
#include "sl-json.h"

G_BEGIN_DECLS

/* Drawing helpers for the PDF report: one typographic scale, one palette, tables and plots in
 * points on an A4 page. Colours are 0xRRGGBB. */

#define SL_REPORT_FONT "Noto Sans CJK SC, Noto Sans, sans"
#define SL_REPORT_MONO_FONT "Noto Sans Mono, DejaVu Sans Mono, monospace"

enum
{
  SL_REPORT_INK = 0x1f2933,
  SL_REPORT_MUTED = 0x5f6b7a,
  SL_REPORT_RULE = 0xc5ccd5,
  SL_REPORT_FAINT = 0xe6eaef,
  SL_REPORT_ZEBRA = 0xf4f6f9,
  SL_REPORT_ACCENT = 0x1d3f6e,      /* headings, title band */
  SL_REPORT_CNN = 0x2166ac,         /* the CNN; validation curves */
  SL_REPORT_CNN_LIGHT = 0x92c5de,   /* training curves */
  SL_REPORT_BASELINE = 0xd6604d,    /* the HOG baseline */
  SL_REPORT_GOOD = 0x1a7f4b,
  SL_REPORT_BAD = 0xb2182b,
};

typedef enum
{
  SL_TEXT_TITLE,
  SL_TEXT_SUBTITLE,
  SL_TEXT_H1,
  SL_TEXT_H2,
  SL_TEXT_BODY,
  SL_TEXT_SMALL,
  SL_TEXT_TINY,
  SL_TEXT_TABLE,
  SL_TEXT_TABLE_BOLD,
  SL_TEXT_KPI,
  SL_TEXT_MONO,
} SlTextStyle;

typedef struct
{
  cairo_t *cr;
  PangoContext *pango;
} SlCanvas;

void   sl_canvas_init    (SlCanvas       *canvas,
                          cairo_t        *cr);
void   sl_canvas_clear   (SlCanvas       *canvas);
void   sl_canvas_color   (SlCanvas       *canvas,
                          guint32         rgb);

/* Text wrapped to width (0 = no wrapping) at x, y (top); returns its height. */
double sl_canvas_text    (SlCanvas       *canvas,
                          double          x,
                          double          y,
                          double          width,
                          SlTextStyle     style,
                          PangoAlignment  align,
                          guint32         rgb,
                          const char     *text);
/* One line in a w × h box: ellipsized, vertically centred. */
void   sl_canvas_text_line (SlCanvas       *canvas,
                            double          x,
                            double          y,
                            double          w,
                            double          h,
                            SlTextStyle     style,
                            PangoAlignment  align,
                            guint32         rgb,
                            const char     *text);
/* Size of text wrapped to width (0 = no wrapping). */
void   sl_canvas_text_extent (SlCanvas    *canvas,
                              SlTextStyle  style,
                              double       wrap_width,
                              const char  *text,
                              double      *width,
                              double      *height);
void   sl_canvas_rule    (SlCanvas       *canvas,
                          double          x0,
                          double          y,
                          double          x1,
                          double          line_width,
                          guint32         rgb);
void   sl_canvas_fill_rect (SlCanvas     *canvas,
                            double        x,
                            double        y,
                            double        w,
                            double        h,
                            guint32       rgb);

/* A table: cells is rows × columns, row 0 the header. bold_rows: rows drawn bold after the
 * header (e.g. a total), as a bit mask of row indices; NULL cells stay empty. Returns the
 * height. */
double sl_canvas_table   (SlCanvas            *canvas,
                          double               x,
                          double               y,
                          int                  rows,
                          int                  columns,
                          const char * const  *cells,
                          const double        *widths,
                          const PangoAlignment *align,
                          guint64              bold_rows);
double sl_canvas_table_row_height (void);

/* A pixbuf scaled into the box, smooth or with crisp pixels. */
void   sl_canvas_pixbuf  (SlCanvas       *canvas,
                          GdkPixbuf      *pixbuf,
                          double          x,
                          double          y,
                          double          w,
                          double          h,
                          gboolean        crisp);

typedef struct
{
  const double *x;
  const double *y;
  int n;
  guint32 color;
  gboolean dashed;
  gboolean markers;
  const char *label;
} SlPlotSeries;

typedef struct
{
  const char *title;
  const char *x_label;
  const char *y_label;
  double x_min, x_max, y_min, y_max;
  gboolean integer_x;     /* ticks on whole numbers only (epochs) */
  gboolean diagonal;      /* a dashed chance line from (0, 0) to (1, 1) */
  gboolean legend_bottom; /* legend in the lower right corner instead of the upper right */
} SlPlotAxes;

void   sl_canvas_plot    (SlCanvas           *canvas,
                          double              x,
                          double              y,
                          double              w,
                          double              h,
                          const SlPlotAxes   *axes,
                          const SlPlotSeries *series,
                          int                 n_series);

/* A confusion matrix, rows true classes, columns predicted, each cell shaded by its share of
 * the row. Fits in w × h; returns the height used. */
double sl_canvas_confusion (SlCanvas          *canvas,
                            double             x,
                            double             y,
                            double             w,
                            const char        *title,
                            int                n_classes,
                            const int         *confusion,
                            char             **class_names,
                            guint32            color);

/* A horizontal colour bar of the colormap from "low" to "high". */
void   sl_canvas_colorbar (SlCanvas         *canvas,
                           double            x,
                           double            y,
                           double            w,
                           double            h,
                           int               colormap,
                           const char       *low,
                           const char       *high);

/* What the report shows, gathered before any drawing. */

typedef struct
{
  double *fpr;
  double *tpr;
  int n;
  double auc;
} SlRocCurve;

typedef struct
{
  gint64 image_id;
  int true_class;
  int predicted;
  double confidence;      /* p(predicted) */
  GdkPixbuf *overlay;     /* the image with the Grad-CAM of the predicted class */
} SlReportExample;

typedef struct
{
  SlSplit split;
  char *generated;          /* "YYYY-MM-DD HH:MM UTC" */

  /* Dataset. */
  GPtrArray *classes;       /* SlClassInfo* in catalog order */
  GHashTable *counts;       /* see sl_catalog_count_by_split_and_class () */
  gint64 n_images;
  gint64 first_import;      /* unix seconds */
  gint64 last_import;
  GHashTable *modalities;   /* "CT" / "PNG (no modality)" -> count */
  int min_width, max_width, min_height, max_height;

  /* Model. */
  gint64 model_id;          /* 0 = a file not stored in the catalog */
  char *model_name;
  gint64 model_created;     /* unix microseconds (as the catalog stores it), 0 when unknown */
  char *arch;
  int n_params;
  int input_width;
  int input_height;
  int input_channels;       /* 1 gray, 3 RGB */
  JsonObject *training;      /* the metrics JSON stored by training, NULL when unknown */

  /* Results. */
  SlEvaluation *cnn;
  SlEvaluation *baseline;   /* NULL when it could not be fitted (no val split), see: */
  char *baseline_error;
  SlBaselineInfo baseline_info;
  SlRocCurve *cnn_roc;      /* binary: one curve (class 1); more classes: one per class */
  SlRocCurve *baseline_roc;
  int n_roc;
  GPtrArray **correct;      /* per class: SlReportExample*, most confident first */
  GPtrArray **wrong;

  /* Readers (sl-report-agreement.h): NULL when fewer than two readers labelled the catalog. */
  struct _SlReportAgreement *agreement;
} SlReportData;

#define SL_REPORT_EXAMPLES 5

SlReportData *sl_report_data_collect (SlCatalog     *catalog,
                                      gint64         model_id,
                                      const char    *model_file,
                                      SlSplit        split,
                                      GCancellable  *cancellable,
                                      GError       **error);
void          sl_report_data_free    (SlReportData  *data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlReportData, sl_report_data_free)

/* Draws every page on a PDF surface; total_pages 0 while counting. Returns the page count. */
int           sl_report_render       (const SlReportData *data,
                                      cairo_surface_t    *surface,
                                      int                 total_pages);

G_END_DECLS
