import { describe, expect, it } from 'vitest';
import { GitignoreMatcher } from './gitignore.js';

/** [gitignore files by folder, path, isDir, expected ignored] */
type Row = [Record<string, string>, string, boolean, boolean];

const rows: Array<[string, Row]> = [
  ['plain name matches at any depth', [{ '': 'generated\n' }, 'src/generated/a.ts', false, true]],
  ['plain name matches a file too', [{ '': 'secret.ts\n' }, 'a/b/secret.ts', false, true]],
  ['comments and blank lines are ignored', [{ '': '# comment\n\n#a.ts\n' }, 'a.ts', false, false]],
  ['escaped hash is a literal name', [{ '': '\\#a.ts\n' }, '#a.ts', false, true]],
  ['star does not cross folders', [{ '': 'src/*.ts\n' }, 'src/deep/a.ts', false, false]],
  ['star within a folder', [{ '': 'src/*.ts\n' }, 'src/a.ts', false, true]],
  ['leading slash anchors to the folder', [{ '': '/build.ts\n' }, 'sub/build.ts', false, false]],
  ['anchored pattern at the root', [{ '': '/build.ts\n' }, 'build.ts', false, true]],
  ['middle slash anchors too', [{ '': 'a/b\n' }, 'x/a/b/c.ts', false, false]],
  ['middle slash anchored match', [{ '': 'a/b\n' }, 'a/b/c.ts', false, true]],
  ['directory-only pattern skips files', [{ '': 'out/\n' }, 'out', false, false]],
  ['directory-only pattern ignores contents', [{ '': 'out/\n' }, 'src/out/x.ts', false, true]],
  ['double star prefix', [{ '': '**/fixtures/*.ts\n' }, 'a/b/fixtures/x.ts', false, true]],
  ['double star in the middle matches zero folders', [{ '': 'a/**/b.ts\n' }, 'a/b.ts', false, true]],
  ['double star in the middle matches many folders', [{ '': 'a/**/b.ts\n' }, 'a/x/y/b.ts', false, true]],
  ['trailing double star ignores contents', [{ '': 'tmp/**\n' }, 'tmp/x/y.ts', false, true]],
  ['negation re-includes a file', [{ '': '*.gen.ts\n!keep.gen.ts\n' }, 'src/keep.gen.ts', false, false]],
  ['negation does not re-include under an ignored folder', [{ '': 'vendor/\n!vendor/keep.ts\n' }, 'vendor/keep.ts', false, true]],
  ['negation of folder contents with folder/* pattern works', [{ '': 'vendor/*\n!vendor/keep.ts\n' }, 'vendor/keep.ts', false, false]],
  ['the last matching rule wins', [{ '': '!a.ts\na.ts\n' }, 'a.ts', false, true]],
  ['nested gitignore applies to its folder', [{ 'pkg': 'local.ts\n' }, 'pkg/sub/local.ts', false, true]],
  ['nested gitignore does not apply outside', [{ 'pkg': 'local.ts\n' }, 'other/local.ts', false, false]],
  ['nested anchored pattern is relative to its folder', [{ 'pkg': '/gen\n' }, 'pkg/gen/x.ts', false, true]],
  ['deeper gitignore overrides the root one', [{ '': '*.js\n', 'pkg': '!*.js\n' }, 'pkg/a.js', false, false]],
  ['character class', [{ '': 'file[0-9].ts\n' }, 'file7.ts', false, true]],
  ['negated character class', [{ '': 'file[!0-9].ts\n' }, 'file7.ts', false, false]],
  ['question mark', [{ '': 'a?.ts\n' }, 'ab.ts', false, true]],
  ['trailing spaces are trimmed', [{ '': 'a.ts   \n' }, 'a.ts', false, true]],
  ['dots are literal', [{ '': 'a.ts\n' }, 'abts', false, false]],
  ['CRLF line endings', [{ '': 'a.ts\r\nb.ts\r\n' }, 'b.ts', false, true]],
];

describe('GitignoreMatcher', () => {
  for (const [name, [files, path, isDir, expected]] of rows) {
    it(name, () => {
      const matcher = new GitignoreMatcher();
      for (const [dir, text] of Object.entries(files)) matcher.add(dir, text);
      expect(matcher.isIgnored(path, isDir)).toBe(expected);
    });
  }

  it('applies a .gitignore above the scan root through its prefix', () => {
    const matcher = new GitignoreMatcher();
    matcher.add('', '/packages/app/generated/\n*.log.ts\n', 'packages/app/', -1);
    expect(matcher.isIgnored('generated/a.ts')).toBe(true);
    expect(matcher.isIgnored('src/x.log.ts')).toBe(true);
    expect(matcher.isIgnored('src/a.ts')).toBe(false);
  });

  it('ignores nothing without rules', () => {
    const matcher = new GitignoreMatcher();
    matcher.add('', '# only comments\n');
    expect(matcher.size).toBe(0);
    expect(matcher.isIgnored('a.ts')).toBe(false);
  });
});
