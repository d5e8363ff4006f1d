/**
 * What the paper's experiment is, replicated on the real data in ../shared/data with the crack
 * networks trained in this repository: one primary (the networks' training set), three crack
 * secondaries with masks, and one set without cracks.
 */
export interface ReplicationDataset {
  /** Dataset name in the store. */
  name: string;
  /** Folder under the data directory, holding images/ and masks/. */
  folder: string;
  /** Whether its masks hold cracks: ODS for those, false-positive rate for the others. */
  cracks: boolean;
}

export const PRIMARY: ReplicationDataset = { name: 'DeepCrack-train', folder: 'DeepCrack-train', cracks: true };

export const SECONDARIES: readonly ReplicationDataset[] = [
  // Same source as the primary: the nearest.
  { name: 'DeepCrack-test', folder: 'DeepCrack', cracks: true },
  { name: 'GAPs384', folder: 'GAPs384-crops', cracks: true },
  { name: 'AigleRN', folder: 'AigleRN-TRIMM-crops', cracks: true },
  { name: 'BSDS500', folder: 'BSDS500-test', cracks: false },
];

export const CRACK_SECONDARIES = SECONDARIES.filter((d) => d.cracks);

/** The paper's q: labelled images added per secondary in the fine-tuned versions. */
export const LABEL_COUNTS = [1, 3, 7] as const;

/** The paper's rule: random among the images with min-max scaled IDist in [0.6, 1]. */
export const LABEL_BOUNDS = { lower: 0.6, upper: 1 } as const;

/** Seeds of the picks: the rule's, and the random control's (whole secondary). */
export const RULE_SEED = 2026;
export const CONTROL_SEED = 4052;

/** z of the paper, and the list of its PC stability table. */
export const COMPONENTS = 25;
export const STABILITY_COMPONENTS = [5, 10, 15, 20, 25];

/** Images (first by file name) of DeepCrack test on which CI re-checks each model's recorded ODS. */
export const ODS_CHECK_IMAGES = 20;

/** One image picked for labelling, as the fine-tuning script reads it. */
export interface LabelPick {
  dataset: string;
  fileName: string;
  /** Paths relative to the data directory. */
  image: string;
  mask: string;
  /** Min-max scaled IDist under the base model's fit of (primary, this secondary). */
  scaled: number;
}

/** The file the fine-tuning script reads for one architecture, q and pick rule. */
export const picksFile = (family: string, q: number, picks: 'rule' | 'random') => `${family}-q${q}-${picks}.json`;
