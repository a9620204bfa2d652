/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-agreement-view.h"
#include "sl-browse-view.h"
#include "sl-class-table.h"
#include "sl-image-view.h"
#include "sl-import-job.h"
#include "sl-label-palette.h"
#include "sl-metrics-page.h"
#include "sl-pacs-connection.h"
#include "sl-review-page.h"
#include "sl-status-bar.h"
#include "sl-thumbnail-cache.h"
#include "sl-toast.h"
#include "sl-train-page.h"
#include "sl-window.h"
#include "sl-workspace.h"

G_BEGIN_DECLS

/* SlWindow's parts share this structure; each part owns the fields of its section:
 *   sl-window.c            the window: workspace, catalog, model, current image, pages
 *   sl-window-sidebar.c    classes with their counts, filters, the model dropdown
 *   sl-window-inspector.c  the current image's details, palette, window/level
 *   sl-window-actions.c    win.* actions, keys, the annotator dialog
 *   sl-window-dnd.c        dropped files and the import job
 *   sl-window-readers.c    several readers: blind reading, adjudication, the Agreement
 *                          window, the background retrain
 *   sl-window-pacs.c       the PACS connection, the study browser and triage windows
 * The template is sl-window.ui (its sections are marked the same way); the status line and
 * the running jobs are the SlStatusBar widget. */
struct _SlWindow
{
  GtkApplicationWindow parent_instance;

  /* window */
  GtkMenuButton *catalog_button;
  GtkWidget *import_button;
  GtkToggleButton *sidebar_toggle;   /* the sidebar and the inspector show while active */
  GtkToggleButton *inspector_toggle;
  GtkWidget *switcher;
  GtkStack *content_stack;      /* "welcome" without a catalog, "catalog" */
  GtkPaned *browse_paned;       /* thumbnail grid | image view; its position is remembered */
  guint save_grid_width_id;
  GtkStack *stack;
  SlBrowseView *browse_view;
  SlTrainPage *train_page;
  SlReviewPage *review_page;
  SlMetricsPage *metrics_page;
  SlStatusBar *status_bar;
  SlToast *toast;
  GMenu *recent_section;
  SlWorkspace *workspace;
  SlImageList *images;
  GtkSingleSelection *selection;
  SlThumbnailCache *thumbnails;
  SlClassTable *classes;
  GActionGroup *exports;        /* "export.*" */

  /* sidebar */
  GtkListBox *class_list;
  GtkLabel *unlabeled_label;
  GtkDropDown *split_dropdown;
  GtkDropDown *class_dropdown;
  GtkDropDown *predicted_dropdown;
  GtkCheckButton *disagreement_check;
  GtkCheckButton *uncertain_check;
  GtkCheckButton *readers_check;    /* sl-window-readers.c */
  GtkLabel *count_label;
  GtkDropDown *model_dropdown;
  GPtrArray *models;            /* SlModelInfo*, as in model_dropdown after "None" */
  GHashTable *counts;           /* from sl_catalog_count_by_split_and_class */
  gboolean updating_filters;

  /* inspector */
  SlImageView *image_view;
  GtkLabel *image_title;
  GtkLabel *image_details;
  GtkLabel *pixel_label;
  GtkWidget *window_box;
  GtkDropDown *window_dropdown;
  SlLabelPalette *palette;
  GtkLabel *prediction_label;
  GtkLabel *history_label;
  gint64 current_id;            /* shown in the inspector */
  SlImage *current_image;       /* NULL while a worker reads it */
  SlImage *current_preview;     /* shrunk to the view's size; NULL for images no larger */
  GCancellable *display_load;   /* that worker's */
  guint full_render_id;         /* the full image rendered again after window/level changes */
  double window_center;
  double window_width;
  GHashTable *window_choices;   /* image id → SlWindowChoice, shared with the review page */

  /* actions */
  int pending_label;            /* class index waiting for the annotator dialog, -1: none */
  SlLabelSource pending_source;
  gboolean showing_selected;    /* sl-window-bulk.c: the status says "N selected" */

  /* readers */
  SlAgreementView *agreement_view;
  GtkWidget *agreement_dialog;  /* weak: the window showing agreement_view, once shown */

  /* dnd */
  SlImportJob *import_job;      /* the running import */
  gint64 import_refreshed_at;   /* monotonic µs of the last refresh during the import */

  /* pacs */
  SlPacsConnection *pacs;       /* this session's, NULL until connected */
  GtkWindow *study_browser;     /* weak */
  GtkWindow *triage_window;     /* weak */
};

/* sl-window.c */
/* A message that goes away by itself, with an optional button for a win.* action. */
void     _sl_window_toast                (SlWindow    *self,
                                          const char  *message,
                                          const char  *button_label,
                                          const char  *action_name);
gboolean _sl_window_review_visible       (SlWindow    *self);
void     _sl_window_show_model           (SlWindow    *self);
void     _sl_window_open_path            (SlWindow    *self,
                                          const char  *path);
void     _sl_window_select_position      (SlWindow    *self,
                                          guint        position);
void     _sl_window_move                 (SlWindow    *self,
                                          int          delta);

/* sl-window-sidebar.c */
void     _sl_window_sidebar_init         (SlWindow    *self);
void     _sl_window_sidebar_set_catalog  (SlWindow    *self,
                                          SlCatalog   *catalog);
void     _sl_window_rebuild_classes      (SlWindow    *self);
void     _sl_window_reload_counts        (SlWindow    *self);
void     _sl_window_apply_filters        (SlWindow    *self);
void     _sl_window_set_image_list       (SlWindow    *self,
                                          SlImageList *list);
void     _sl_window_update_count_label   (SlWindow    *self);
void     _sl_window_fill_model_dropdown  (SlWindow    *self);
void     _sl_window_images_changed       (SlWindow    *self);
/* The split dialog; once it made the splits, the counts, list and train page follow. */
void     _sl_window_ask_splits           (SlWindow    *self);
/* The class dialog's callback: the classes changed. */
void     _sl_window_classes_edited       (gpointer     window);

/* sl-window-inspector.c */
void     _sl_window_inspector_init       (SlWindow    *self);
void     _sl_window_update_inspector     (SlWindow    *self);
void     _sl_window_selection_changed    (SlWindow    *self);

/* sl-window-readers.c: several readers, blind reading, adjudication */
void     _sl_window_readers_init         (SlWindow    *self);
void     _sl_window_readers_dispose      (SlWindow    *self);
/* Applies the catalog's blind-reading setting to the pages, filters and list. */
void     _sl_window_apply_blind          (SlWindow    *self);
gboolean _sl_window_blind                (SlWindow    *self);
gboolean _sl_window_adjudicating         (SlWindow    *self);
/* The inspector's readers line ("Readers: ann normal · bob pneumonia"), NULL when fewer than
 * two readers labelled the image. */
char    *_sl_window_format_readers       (SlWindow    *self,
                                          gint64       image_id);

/* sl-window-actions.c */
void     _sl_window_class_actions_init   (GtkWidgetClass *widget_class);
void     _sl_window_actions_init         (SlWindow    *self);

void     _sl_window_ask_annotator        (SlWindow    *self);

/* sl-window-bulk.c: many images at once, search, jump */
void     _sl_window_class_bulk_init      (GtkWidgetClass *widget_class);
void     _sl_window_bulk_init            (SlWindow    *self);
/* The grid's selection when the browse page shows more than one selected image, else NULL. */
GArray  *_sl_window_bulk_targets         (SlWindow    *self);
/* Labels the images (class_id 0 clears) as one undo step, confirmed by a toast; asks first when
 * they are many. */
void     _sl_window_bulk_label           (SlWindow    *self,
                                          GArray      *ids,
                                          gint64       class_id);
/* Runs a change job of the workspace (takes it): on a worker for many images, at once for one;
 * then the window follows it and a toast says what changed (target: the class or split a new
 * change asked for). */
void     _sl_window_run_change           (SlWindow    *self,
                                          SlJob       *job,
                                          gint64       target);
/* TRUE, with a toast, while a change is being stored: no other may start. */
gboolean _sl_window_refuse_while_changing (SlWindow   *self);
/* Refreshes what shows splits after they changed. */
void     _sl_window_splits_changed       (SlWindow    *self);

/* sl-window-dnd.c */
void     _sl_window_dnd_init             (SlWindow    *self);
/* TRUE when an import may start now; otherwise a toast says why not. */
gboolean _sl_window_can_import           (SlWindow    *self);

/* sl-window-pacs.c: win.pacs-connect, win.pacs-studies, win.pacs-triage */
void     _sl_window_pacs_class_init      (GtkWidgetClass *widget_class);
void     _sl_window_pacs_init            (SlWindow    *self);
void     _sl_window_pacs_dispose         (SlWindow    *self);

G_END_DECLS
