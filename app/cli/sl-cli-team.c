/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-cli-team.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "sl-catalog-readers.h"
#include "sl-cli.h"
#include "sl-label-queue.h"
#include "sl-model.h"

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, FALSE);

  g_print ("%s\n", text);
}

static const char *
class_name_of (GPtrArray *classes,
               gint64     class_id)
{
  for (guint i = 0; i < classes->len; i++)
    {
      SlClassInfo *info = g_ptr_array_index (classes, i);

      if (info->id == class_id)
        return info->name;
    }
  return NULL;
}

int
sl_cli_settings (int    argc,
                 char **argv)
{
  g_autofree char *catalog_path = NULL, *blind = NULL, *rule_name = NULL, *reference = NULL;
  g_autofree char *current_reference = NULL;
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  SlLabelRule rule;
  GOptionEntry entries[] = {
    { "catalog", 'c', 0, G_OPTION_ARG_FILENAME, &catalog_path, N_("The catalog file"),
      N_("CAT") },
    { "blind", 0, 0, G_OPTION_ARG_STRING, &blind,
      N_("Blind reading: the window hides other readers' labels and the model's suggestion"),
      N_("on|off") },
    { "label-rule", 0, 0, G_OPTION_ARG_STRING, &rule_name,
      N_("Training label where no adjudication stands: latest, majority (a tie gives none) or "
         "reference"), N_("RULE") },
    { "reference", 0, 0, G_OPTION_ARG_STRING, &reference,
      N_("The reference reader of the reference rule"), N_("NAME") },
    { NULL }
  };

  if (!sl_cli_parse_options (NULL, _("Shows or changes the catalog's reading settings."),
                             entries, &argc, &argv))
    return SL_CLI_EXIT_FAILED;
  if (blind != NULL && g_strcmp0 (blind, "on") != 0 && g_strcmp0 (blind, "off") != 0)
    {
      g_printerr (_("%s: --blind takes on or off\n"), g_get_prgname ());
      return SL_CLI_EXIT_FAILED;
    }
  if (rule_name != NULL && !sl_label_rule_from_string (rule_name, &rule))
    {
      g_printerr (_("%s: unknown label rule “%s” (latest, majority or reference)\n"),
                  g_get_prgname (), rule_name);
      return SL_CLI_EXIT_FAILED;
    }
  if ((catalog = sl_cli_open_catalog (catalog_path, blind != NULL || rule_name != NULL
                                                  ? SL_CLI_OPEN_WRITE : SL_CLI_OPEN_READ)) == NULL)
    return SL_CLI_EXIT_FAILED;
  if ((blind != NULL
       && !sl_catalog_set_blind_reading (catalog, g_strcmp0 (blind, "on") == 0, &error))
      || (rule_name != NULL && !sl_catalog_set_label_rule (catalog, rule, reference, &error)))
    {
      g_printerr ("%s: %s\n", catalog_path, error->message);
      return SL_CLI_EXIT_FAILED;
    }

  rule = sl_catalog_get_label_rule (catalog, &current_reference);
  g_print (_("blind reading: %s\n"), sl_catalog_get_blind_reading (catalog) ? "on" : "off");
  if (current_reference != NULL)
    g_print (_("label rule: %s (%s)\n"), sl_label_rule_to_string (rule), current_reference);
  else
    g_print (_("label rule: %s\n"), sl_label_rule_to_string (rule));
  return SL_CLI_EXIT_OK;
}

static void
add_image_labels (JsonBuilder *builder,
                  SlCatalog   *catalog,
                  GPtrArray   *classes,
                  gint64       image_id,
                  GPtrArray   *readers)
{
  const char *training = class_name_of (classes, sl_catalog_get_label (catalog, image_id));
  const char *adjudicated = class_name_of (classes, sl_catalog_get_adjudication (catalog,
                                                                                 image_id));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "image");
  json_builder_add_int_value (builder, image_id);
  json_builder_set_member_name (builder, "label");
  training != NULL ? json_builder_add_string_value (builder, training)
                   : json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "adjudicated");
  adjudicated != NULL ? json_builder_add_string_value (builder, adjudicated)
                      : json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "readers");
  json_builder_begin_object (builder);
  for (guint i = 0; i < readers->len; i++)
    {
      SlReaderLabel *label = g_ptr_array_index (readers, i);

      json_builder_set_member_name (builder, label->annotator);
      json_builder_add_string_value (builder, class_name_of (classes, label->class_id));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
print_image_labels (JsonObject *row)
{
  JsonObject *readers = json_object_get_object_member (row, "readers");
  g_autoptr(GList) names = json_object_get_members (readers);
  const char *label = json_object_get_string_member_with_default (row, "label", NULL);
  const char *adjudicated = json_object_get_string_member_with_default (row, "adjudicated",
                                                                         NULL);

  g_print ("%-8" G_GINT64_FORMAT " %-16s", json_object_get_int_member (row, "image"),
           label != NULL ? label : "—");
  if (adjudicated != NULL)
    g_print (_(" adjudicated"));
  for (GList *l = names; l != NULL; l = l->next)
    g_print ("  %s=%s", (const char *) l->data,
             json_object_get_string_member (readers, l->data));
  g_print ("\n");
}

int
sl_cli_labels (int    argc,
               char **argv)
{
  g_autofree char *catalog_path = NULL;
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(GPtrArray) classes = NULL, labels = NULL;
  g_autoptr(GArray) queue = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reference = NULL;
  gboolean json = FALSE, disagreements = FALSE;
  SlLabelRule rule;
  GOptionEntry entries[] = {
    { "catalog", 'c', 0, G_OPTION_ARG_FILENAME, &catalog_path, N_("The catalog file"),
      N_("CAT") },
    { "disagreements", 'd', 0, G_OPTION_ARG_NONE, &disagreements,
      N_("Only the adjudication queue: images whose readers disagree, not yet adjudicated"),
      NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { NULL }
  };

  if (!sl_cli_parse_options (NULL,
                             _("Lists every image some reader labelled: the training label "
                               "(the adjudicated one, else the catalog's label rule), then each "
                               "reader's current label."),
                             entries, &argc, &argv))
    return SL_CLI_EXIT_FAILED;
  if ((catalog = sl_cli_open_catalog (catalog_path, SL_CLI_OPEN_READ)) == NULL)
    return SL_CLI_EXIT_FAILED;
  if ((labels = sl_catalog_reader_labels (catalog, 0, &error)) == NULL
      || (disagreements && (queue = sl_catalog_adjudication_queue (catalog, &error)) == NULL))
    {
      g_printerr ("%s\n", error->message);
      return SL_CLI_EXIT_FAILED;
    }
  classes = sl_catalog_list_classes (catalog);
  rule = sl_catalog_get_label_rule (catalog, &reference);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "label_rule");
  json_builder_add_string_value (builder, sl_label_rule_to_string (rule));
  json_builder_set_member_name (builder, "images");
  json_builder_begin_array (builder);
  for (guint i = 0, q = 0; i < labels->len;)
    {
      g_autoptr(GPtrArray) readers = g_ptr_array_new ();
      gint64 image_id = ((SlReaderLabel *) g_ptr_array_index (labels, i))->image_id;

      for (; i < labels->len
             && ((SlReaderLabel *) g_ptr_array_index (labels, i))->image_id == image_id; i++)
        g_ptr_array_add (readers, g_ptr_array_index (labels, i));
      if (queue != NULL)
        {
          while (q < queue->len && g_array_index (queue, gint64, q) < image_id)
            q++;
          if (q == queue->len || g_array_index (queue, gint64, q) != image_id)
            continue;
        }
      add_image_labels (builder, catalog, classes, image_id, readers);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (json)
    {
      print_json (builder);
      return SL_CLI_EXIT_OK;
    }
  root = json_builder_get_root (builder);
  if (reference != NULL)
    g_print (_("label rule: %s (%s)\n"), sl_label_rule_to_string (rule), reference);
  else
    g_print (_("label rule: %s\n"), sl_label_rule_to_string (rule));
  {
    JsonArray *images = json_object_get_array_member (json_node_get_object (root), "images");

    for (guint i = 0; i < json_array_get_length (images); i++)
      print_image_labels (json_array_get_object_element (images, i));
  }
  return SL_CLI_EXIT_OK;
}

int
sl_cli_adjudicate (int    argc,
                   char **argv)
{
  g_autofree char *catalog_path = NULL, *annotator = NULL;
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  gint64 image_id, class_id = 0;
  char *end = NULL;
  GOptionEntry entries[] = {
    { "catalog", 'c', 0, G_OPTION_ARG_FILENAME, &catalog_path, N_("The catalog file"),
      N_("CAT") },
    { "annotator", 'a', 0, G_OPTION_ARG_STRING, &annotator,
      N_("Who adjudicates (default: the user name)"), N_("NAME") },
    { NULL }
  };

  if (!sl_cli_parse_options (_("IMAGE-ID CLASS"),
                             _("Records an adjudicator's decision on an image: CLASS becomes its "
                               "training label whatever the readers said; “-” withdraws the "
                               "decision."),
                             entries, &argc, &argv))
    return SL_CLI_EXIT_FAILED;
  errno = 0;
  image_id = argc == 3 ? g_ascii_strtoll (argv[1], &end, 10) : 0;
  if (argc != 3 || errno != 0 || end == argv[1] || *end != '\0' || image_id <= 0)
    {
      g_printerr (_("%s: expected an image id and a class name (see --help)\n"),
                  g_get_prgname ());
      return SL_CLI_EXIT_FAILED;
    }
  if ((catalog = sl_cli_open_catalog (catalog_path, SL_CLI_OPEN_WRITE)) == NULL)
    return SL_CLI_EXIT_FAILED;
  if (g_strcmp0 (argv[2], "-") != 0 && (class_id = sl_catalog_find_class (catalog, argv[2])) == 0)
    {
      g_printerr (_("%s: no class “%s”\n"), catalog_path, argv[2]);
      return SL_CLI_EXIT_FAILED;
    }
  if (!sl_catalog_adjudicate (catalog, image_id, class_id, annotator, &error))
    {
      g_printerr ("%s: %s\n", catalog_path, error->message);
      return SL_CLI_EXIT_FAILED;
    }
  return SL_CLI_EXIT_OK;
}

int
sl_cli_merge (int    argc,
              char **argv)
{
  g_autofree char *catalog_path = NULL, *other = NULL;
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  gboolean with_images = FALSE, json = FALSE;
  SlMergeStats stats;
  GOptionEntry entries[] = {
    { "catalog", 'c', 0, G_OPTION_ARG_FILENAME, &catalog_path,
      N_("The catalog that receives the labels"), N_("CAT") },
    { "from", 'f', 0, G_OPTION_ARG_FILENAME, &other, N_("The catalog to take them from"),
      N_("OTHER.sightline") },
    { "images", 0, 0, G_OPTION_ARG_NONE, &with_images,
      N_("Also import the images CAT lacks (otherwise they are listed and skipped)"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { NULL }
  };

  if (!sl_cli_parse_options (NULL,
                             _("Brings another catalog's label history into CAT: images are "
                               "matched by the SHA-256 of their pixels, every row keeps its "
                               "annotator and time, rows CAT has already are skipped (merging "
                               "twice adds nothing). Images CAT lacks are listed as "
                               "“missing SHA256 NAME”."),
                             entries, &argc, &argv))
    return SL_CLI_EXIT_FAILED;
  if (other == NULL)
    {
      g_printerr (_("%s: --from is required (see --help)\n"), g_get_prgname ());
      return SL_CLI_EXIT_FAILED;
    }
  if ((catalog = sl_cli_open_catalog (catalog_path, SL_CLI_OPEN_WRITE)) == NULL)
    return SL_CLI_EXIT_FAILED;
  if (!sl_catalog_merge (catalog, other, with_images, &stats, missing, &error))
    {
      g_printerr ("%s\n", error->message);
      return SL_CLI_EXIT_FAILED;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "labels_added");
      json_builder_add_int_value (builder, stats.labels_added);
      json_builder_set_member_name (builder, "labels_present");
      json_builder_add_int_value (builder, stats.labels_present);
      json_builder_set_member_name (builder, "images_added");
      json_builder_add_int_value (builder, stats.images_added);
      json_builder_set_member_name (builder, "images_missing");
      json_builder_begin_array (builder);
      for (guint i = 0; i < missing->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (missing, i));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      print_json (builder);
      return SL_CLI_EXIT_OK;
    }
  for (guint i = 0; i < missing->len; i++)
    g_print (_("missing %s\n"), (const char *) g_ptr_array_index (missing, i));
  g_print (_("labels added %u, already present %u, images added %u, images missing %u\n"),
           stats.labels_added, stats.labels_present, stats.images_added, stats.images_missing);
  return SL_CLI_EXIT_OK;
}

int
sl_cli_next (int    argc,
             char **argv)
{
  g_autofree char *catalog_path = NULL, *model_arg = NULL, *strategy_name = NULL;
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(SlModel) model = NULL;
  g_autoptr(GArray) queue = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  SlQueueStrategy strategy = SL_QUEUE_DIVERSE;
  gboolean json = FALSE;
  gint64 model_id;
  int count = 10, seed = 1;
  GOptionEntry entries[] = {
    { "catalog", 'c', 0, G_OPTION_ARG_FILENAME, &catalog_path, N_("The catalog file"),
      N_("CAT") },
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model_arg,
      N_("A checkpoint file or a catalog model id"), N_("MODEL") },
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, N_("How many images (default: 10)"), N_("N") },
    { "strategy", 's', 0, G_OPTION_ARG_STRING, &strategy_name,
      N_("random, uncertainty (smallest margin first) or diverse (k-centre greedy on the "
         "network's features among the most uncertain; the default)"), N_("STRATEGY") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("Seed of the random order (default: 1)"),
      N_("S") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { NULL }
  };

  if (!sl_cli_parse_options (NULL,
                             _("Lists the unlabelled images to label next, the most useful "
                               "first: image id, the model's margin uncertainty "
                               "1 - (p1 - p2), its predicted class."),
                             entries, &argc, &argv))
    return SL_CLI_EXIT_FAILED;
  if (model_arg == NULL || count <= 0)
    {
      g_printerr (_("%s: --model and a positive --count are required (see --help)\n"),
                  g_get_prgname ());
      return SL_CLI_EXIT_FAILED;
    }
  if (strategy_name != NULL && !sl_queue_strategy_from_string (strategy_name, &strategy))
    {
      g_printerr (_("%s: unknown strategy “%s” (random, uncertainty or diverse)\n"),
                  g_get_prgname (), strategy_name);
      return SL_CLI_EXIT_FAILED;
    }
  if ((catalog = sl_cli_open_catalog (catalog_path, SL_CLI_OPEN_READ)) == NULL)
    return SL_CLI_EXIT_FAILED;
  model = sl_cli_model_id_of (model_arg, &model_id)
        ? sl_model_load_from_catalog (catalog, model_id, &error)
        : sl_model_load_file (model_arg, &error);
  if (model == NULL
      || (queue = sl_label_queue_from_catalog (catalog, model, strategy, count, (guint32) seed,
                                               &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return SL_CLI_EXIT_FAILED;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "strategy");
  json_builder_add_string_value (builder, sl_queue_strategy_to_string (strategy));
  json_builder_set_member_name (builder, "images");
  json_builder_begin_array (builder);
  for (guint i = 0; i < queue->len; i++)
    {
      SlQueueEntry *entry = &g_array_index (queue, SlQueueEntry, i);
      const char *predicted = sl_model_get_class_name (model, entry->predicted);

      if (!json)
        {
          g_print ("%" G_GINT64_FORMAT "\t%.4f\t%s\n", entry->image_id, entry->uncertainty,
                   predicted);
          continue;
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "image");
      json_builder_add_int_value (builder, entry->image_id);
      json_builder_set_member_name (builder, "uncertainty");
      json_builder_add_double_value (builder, entry->uncertainty);
      json_builder_set_member_name (builder, "predicted");
      json_builder_add_string_value (builder, predicted);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  if (json)
    print_json (builder);
  return SL_CLI_EXIT_OK;
}
