import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shared questionnaire datasets: `../shared/datasets` beside the project, never copied into it. */
export const SHARED_DATASETS = fileURLToPath(new URL('../../shared/datasets', import.meta.url));

/** Whether the datasets are there; tests that read them are skipped (saying why) when not. */
export const hasSharedDatasets = existsSync(SHARED_DATASETS);

/** Why the dataset tests did not run, for the name of the skipped test. */
export const MISSING_DATASETS_REASON = `skipped: the shared datasets folder ${SHARED_DATASETS} is missing (put the datasets in ../shared/datasets beside the project to run these)`;
