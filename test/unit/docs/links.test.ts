import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { docPages, headingAnchors, localLinks, pagesInReadingOrder, ROOT } from '../../helpers/markdown';

describe('the docs: short README, every page reachable, no dead link', () => {
  it('the README stays at most 200 lines and points nowhere outside the repository', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeLessThanOrEqual(200);
    expect(localLinks('README.md').filter((l) => l.file.startsWith('..'))).toEqual([]);
    expect(readme).not.toMatch(/\.\.\/shared/);
  });

  it('every link to a file or heading in the repository resolves', () => {
    const dead: string[] = [];
    for (const page of docPages())
      for (const link of localLinks(page)) {
        if (!existsSync(join(ROOT, link.file))) dead.push(`${page}: ${link.target} (no such file)`);
        else if (link.anchor !== undefined && link.file.endsWith('.md') && !headingAnchors(link.file).has(link.anchor))
          dead.push(`${page}: ${link.target} (no such heading)`);
      }
    expect(dead).toEqual([]);
  });

  it('every page under docs/ and the benchmarks page are reachable from the README', () => {
    const reached = new Set(['README.md']);
    const queue = ['README.md'];
    while (queue.length > 0)
      for (const { file } of localLinks(queue.shift()!))
        if (file.endsWith('.md') && !reached.has(file) && existsSync(join(ROOT, file))) {
          reached.add(file);
          queue.push(file);
        }
    expect(docPages().filter((p) => !reached.has(p))).toEqual([]);
  });

  it('the docs index lists every page, so the command test runs every page', () => {
    const listed = new Set(pagesInReadingOrder());
    expect(docPages().filter((p) => !listed.has(p) && p !== 'docs/README.md')).toEqual([]);
  });

  it('finds a dead link and a dead heading (the check can fail)', () => {
    expect(headingAnchors('docs/architecture.md').has('search-attributes')).toBe(true);
    expect(headingAnchors('docs/architecture.md').has('no-such-heading')).toBe(false);
    expect(existsSync(join(ROOT, 'docs/no-such-page.md'))).toBe(false);
  });
});
