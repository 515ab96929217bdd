import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '../../..');
const workflowFiles = (readdirSync(join(root, 'workflows'), { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts'))
  .map((f) => join(root, 'workflows', f));

/** Every marker a `patched(...)` or `deprecatePatch(...)` call in workflows/ names, with the files that name it. */
function markersInCode(): Map<string, string[]> {
  const sources = new Map(workflowFiles.map((f) => [f, readFileSync(f, 'utf8')]));
  // A marker named by a constant: the file's own `const X = '...'`, else the one workflows/ file exporting it.
  const constant = (file: string, name: string) => {
    const own = new RegExp(`const ${name} = '([a-z0-9-]+)'`).exec(sources.get(file)!);
    if (own) return own[1];
    const exported = [...sources.values()].flatMap((s) => {
      const m = new RegExp(`export const ${name} = '([a-z0-9-]+)'`).exec(s);
      return m ? [m[1]] : [];
    });
    if (exported.length !== 1) throw new Error(`${relative(root, file)}: marker constant ${name} not found once`);
    return exported[0];
  };
  const markers = new Map<string, string[]>();
  for (const [file, source] of sources)
    for (const m of source.matchAll(/\b(?:patched|deprecatePatch)\((?:'([a-z0-9-]+)'|([A-Z_]+))\)/g)) {
      const marker = m[1] ?? constant(file, m[2]);
      markers.set(marker, [...(markers.get(marker) ?? []), relative(root, file)]);
    }
  return markers;
}

const register = () => readFileSync(join(root, 'docs/development/patch-register.md'), 'utf8');
/** The markers a section's table lists (its first column). */
function markersIn(section: 'Markers' | 'Retired'): string[] {
  const text =
    register()
      .split(/^## /m)
      .find((s) => s.startsWith(`${section}\n`)) ?? '';
  return [...text.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
}

describe('the patch register (docs/development/patch-register.md) lists every marker in workflows/', () => {
  it('has a row for each marker the code writes, and none for a marker the code no longer has', () => {
    const code = markersInCode();
    // Markers of `patched()` and of `deprecatePatch()` are both found (a parser that found none would pass the rest).
    expect(code.get('dispatch-texts-per-recipient')).toEqual(['workflows/dispatch/dispatch-timeline.ts']);
    expect(code.get('ops-notice-deliveries-apart')).toEqual(['workflows/ops-notice/ops-notice.ts']);
    const listed = markersIn('Markers');
    expect([...code.keys()].filter((m) => !listed.includes(m))).toEqual([]);
    expect(listed.filter((m) => !code.has(m))).toEqual([]);
  });

  it('lists a retired marker only once it is gone from the code, and never brings one back', () => {
    const code = markersInCode();
    const retired = markersIn('Retired');
    expect(retired).toContain('outage-owed-work');
    expect(retired).toContain('sites-parts-in-store');
    expect(retired.filter((m) => code.has(m))).toEqual([]);
  });
});
