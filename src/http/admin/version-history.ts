import type { VersionComparison, VersionRow } from '../../views/components/version-history.js';

/** A stored version as a service lists it: at least what the version table shows. */
interface ListedVersion {
  version: number;
  savedAt: string;
  savedByEmail: string | null;
  change: string;
}

/** Two versions compared field by field, as a service answers. */
interface VersionDiff {
  from: { version: number };
  to: { version: number };
  fields: VersionComparison['fields'];
}

/**
 * What a history page shows of a versioned record: its versions (newest first) as table rows and
 * the comparison asked for. Without a choice it compares the newest version with the one before;
 * one version, or the same version twice, gives no comparison.
 */
export async function buildVersionHistory(
  versions: readonly ListedVersion[],
  chosen: { from?: number | undefined; to?: number | undefined },
  diffVersions: (from: number, to: number) => Promise<VersionDiff>,
): Promise<{ versions: VersionRow[]; comparison: VersionComparison | undefined }> {
  const to = chosen.to ?? versions[0]?.version;
  const from = chosen.from ?? versions.find((version) => to !== undefined && version.version < to)?.version;
  const diff = from !== undefined && to !== undefined && from !== to ? await diffVersions(from, to) : undefined;
  return {
    versions: versions.map(({ version, savedAt, savedByEmail, change }) => ({
      version,
      savedAt,
      savedByEmail,
      change,
    })),
    comparison: diff ? { from: diff.from.version, to: diff.to.version, fields: diff.fields } : undefined,
  };
}
