import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const ROOT = join(__dirname, '../..');

/** The documentation pages: the README, every page under `docs/`, and the benchmarks page. */
export function docPages(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : [],
    );
  return ['README.md', ...walk('docs').sort(), 'bench/README.md'];
}

/** Links to files in the repository, as `[text](target)`; web links and mail are left out. */
export function localLinks(page: string): Array<{ target: string; file: string; anchor?: string }> {
  const text = readFileSync(join(ROOT, page), 'utf8').replace(/```[\s\S]*?```/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!)
    .filter((t) => !/^[a-z]+:/.test(t))
    .map((target) => {
      const [path, anchor] = target.split('#');
      const file = path ? relative(ROOT, resolve(ROOT, dirname(page), path)) : page;
      return { target, file, ...(anchor !== undefined ? { anchor } : {}) };
    });
}

/** GitHub's anchors for a page's headings: lower case, punctuation dropped, spaces to dashes. */
export function headingAnchors(page: string): Set<string> {
  const text = readFileSync(join(ROOT, page), 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set(
    [...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
      m[1]!
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    ),
  );
}

/** Every command in a page's ```sh blocks, continuation lines joined, comments dropped. */
export function fencedCommands(markdown: string): string[] {
  const commands: string[] = [];
  let inBlock = false;
  let pending = '';
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) {
      inBlock = line === '```sh';
      continue;
    }
    if (!inBlock) continue;
    const text = line.replace(/\s+#\s.*$/, '').trim();
    if (!text || text.startsWith('#')) continue;
    if (text.endsWith('\\')) {
      pending += `${text.slice(0, -1).trim()} `;
      continue;
    }
    commands.push(pending + text);
    pending = '';
  }
  return commands;
}

/** The README, then the pages in the order the docs index links them (the order their commands run in). */
export function pagesInReadingOrder(): string[] {
  const order = ['README.md'];
  for (const { file } of localLinks('docs/README.md'))
    if (file.endsWith('.md') && !order.includes(file) && file !== 'docs/README.md') order.push(file);
  return order;
}
