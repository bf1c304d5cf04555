import { ResponseError } from '@backstage/errors';
import {
  ChangeRequest,
  ChangeRequestFile,
  TemplateServices,
} from '@pave/plugin-upgrades-common';

/**
 * The server's own words for a refusal (`You may not upgrade …`) rather
 * than `Request failed with 403`, so the reader learns why; any other
 * error's message as it is.
 */
export function errorMessage(error: Error): string {
  return ResponseError.is(error) ? error.body.error.message : error.message;
}

/** `2026-12-07 10:00`-style local time of an ISO date. */
export function when(iso: string): string {
  return new Date(iso).toLocaleString();
}

const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/;

/**
 * How far `version` is behind `latest`, in the largest semver part that
 * differs (`2 minor versions behind`): the API gives the two ends, not the
 * template's releases in between, so this counts version numbers rather
 * than releases. `up to date` when not behind; `behind` when either is not
 * a plain `x.y.z`.
 */
export function behindBy(version: string, latest: string): string {
  const a = SEMVER.exec(version);
  const b = SEMVER.exec(latest);
  if (!a || !b) return version === latest ? 'up to date' : 'behind';
  const parts = ['major', 'minor', 'patch'];
  for (let i = 1; i <= 3; i++) {
    const gap = Number(b[i]) - Number(a[i]);
    if (gap < 0) return 'up to date';
    if (gap > 0) {
      return `${gap} ${parts[i - 1]} version${gap === 1 ? '' : 's'} behind`;
    }
  }
  return 'up to date';
}

/** The sign git uses for a file's change in a stat line. */
export const CHANGE_SIGN: Record<ChangeRequestFile['change'], string> = {
  added: '+',
  modified: '~',
  deleted: '−',
};

/** Change requests newest first, the given new one included once. */
export function newestFirst(
  items: ChangeRequest[],
  created?: ChangeRequest,
): ChangeRequest[] {
  const all = created
    ? [created, ...items.filter(item => item.id !== created.id)]
    : items;
  return [...all].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/**
 * How many services a bulk run would upgrade: those behind and those whose
 * version is unknown, since the server's run picks both (it upgrades every
 * service not recorded at the current version).
 */
export function bulkCandidates(services: TemplateServices): {
  behind: number;
  unknown: number;
} {
  let behind = 0;
  let unknown = 0;
  for (const group of services.versions) {
    if (group.behind) behind += group.services.length;
    else if (group.version === 'unknown') unknown += group.services.length;
  }
  return { behind, unknown };
}

/** `1 service`, `3 services`. */
export function countServices(n: number): string {
  return `${n} service${n === 1 ? '' : 's'}`;
}

/** One line of a unified diff, by what it is. */
export type DiffLineKind = 'added' | 'removed' | 'hunk' | 'file' | 'context';

/** Classifies a `git diff` line so added and removed lines can be coloured. */
export function diffLineKind(line: string): DiffLineKind {
  // Only git's own headers: a removed `-- comment` also starts with `---`.
  if (
    line.startsWith('diff --git') ||
    /^(---|\+\+\+) (a\/|b\/|\/dev\/null)/.test(line)
  ) {
    return 'file';
  }
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'added';
  if (line.startsWith('-')) return 'removed';
  return 'context';
}
