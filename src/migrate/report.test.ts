import { describe, expect, it } from 'vitest';
import type { Finding, ScanResult } from '../scan/types.js';
import type { PhaseRun } from './apply/run-phase.js';
import { diffFileChange } from './diff.js';
import { renderPhaseReport } from './report.js';
import { renderPhaseRun, renderUndo } from './report-run.js';
import type { FileChange } from './types.js';

function finding(id: string, concept: string, kind: Finding['kind'], startLine: number, endLine: number): Finding {
  const [file, symbol] = id.split('#') as [string, string];
  return {
    id,
    concept,
    kind,
    file,
    symbol,
    startLine,
    endLine,
    importers: [],
    cluster: concept,
    status: 'duplicate',
    confidence: 0.9,
    signals: [],
    evidence: [],
    fingerprint: id,
  };
}

function scan(findings: Finding[], clusters: Array<[string, string[]]>): ScanResult {
  return {
    schemaVersion: 1,
    root: '/project',
    files: 10,
    findings,
    clusters: clusters.map(([id, members]) => ({ id, concept: id, members, canonical: members[0] ?? null, reason: '', configured: true, similar: [] })),
    doubleInitializations: [],
    errors: [],
  };
}

const changes: FileChange[] = [
  { path: 'src/app.ts', before: 'import { a } from "./legacy";\nrun(a);\n', after: 'import { a } from "./core";\nrun(a);\n', codemods: ['rewrite-imports'] },
  { path: 'src/legacy/retry.ts', before: 'export function retry() {\n  return 1;\n}\n', after: null, codemods: ['delete-superseded'] },
];

function phaseRun(overrides: Partial<PhaseRun> = {}): PhaseRun {
  return {
    phase: 'delete',
    mode: 'write',
    written: true,
    changes,
    diffs: changes.map((c) => diffFileChange(c)),
    summary: { filesChanged: 1, filesCreated: 0, filesDeleted: 1, importersRewritten: 1, shimsGenerated: 0, callSitesRewritten: 0, linesRemoved: 4 },
    linesAdded: 1,
    blockers: [],
    workTree: { repository: true, dirty: [] },
    verification: { ok: true, newDiagnostics: [], brokenImports: [], fixedDiagnostics: 2, checkedFiles: ['src/app.ts'], configs: ['tsconfig.json'], notes: [] },
    refusals: [],
    journal: { version: 1, id: '0003-delete', phase: 'delete', tool: 'ssot', createdAt: '', state: 'applied', files: [] },
    ...overrides,
  };
}

const before = scan(
  [
    finding('src/core/retry.ts#retry', 'retry', 'implementation', 1, 20),
    finding('src/legacy/retry.ts#retry', 'retry', 'implementation', 1, 3),
    finding('src/util/backoff.ts#backoff', 'backoff', 'implementation', 5, 14),
    finding('src/legacy/config.ts#RetryConfig', 'retry-config', 'config-type', 1, 4),
    finding('src/shim.ts#retry', 'retry', 're-export', 1, 1),
  ],
  [['retry', ['src/core/retry.ts#retry', 'src/legacy/retry.ts#retry']]],
);
const after = scan(
  [finding('src/core/retry.ts#retry', 'retry', 'implementation', 1, 20), finding('src/util/backoff.ts#backoff', 'backoff', 'implementation', 5, 14)],
  [['retry', ['src/core/retry.ts#retry']]],
);

describe('renderPhaseReport', () => {
  it('shows implementations per concept before and after, with lines, files and the summary', () => {
    const md = renderPhaseReport({ run: phaseRun(), before, after, afterKind: 'rescan', generatedAt: '2026-01-02T03:04:05.000Z' });
    expect(md).toContain('# Migration report: phase `delete`');
    expect(md).toContain('- Status: **written**');
    expect(md).toContain('- Journal: `.ssot/journal/0003-delete`');
    expect(md).toContain('| Files deleted | 1 |');
    expect(md).toContain('| Net lines | -3 |');
    expect(md).toContain('| retry | 2 | 1 | -1 | 0 | 0 | 1 | 0 | 23 | 20 |');
    expect(md).toContain('| backoff | 1 | 1 | 0 | 0 | 0 | 0 | 0 | 10 | 10 |');
    expect(md).toContain('| retry-config | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 4 | 0 |');
    expect(md).toContain('| retry | 2 | 1 | src/core/retry.ts#retry |');
    expect(md).toContain('| `src/legacy/retry.ts` | deleted | 3 | 0 | delete-superseded |');
    expect(md).toContain('Passed: 1 file type-checked before and after (tsconfig.json); 2 existing diagnostics went away.');
  });

  it('labels projected figures of a dry run and lists blockers and refusals', () => {
    const md = renderPhaseReport({
      run: phaseRun({
        mode: 'dry-run',
        written: false,
        journal: null,
        blockers: [
          { file: 'src/legacy/retry.ts', line: 3, kind: 'still-imported', message: 'still imported | by 2 files' },
          { file: 'src/a.ts', line: 9, kind: 'signature-mismatch', severity: 'warning', message: 'waits', hint: 'add a recipe' },
        ],
        refusals: [{ kind: 'dirty', message: 'src/app.ts has uncommitted changes', files: [] }],
      }),
      before,
      after: null,
      afterKind: 'projected',
      generatedAt: 'now',
    });
    expect(md).toContain('- Status: **dry run, nothing written**');
    expect(md).toContain('"After" figures: not available');
    expect(md).toContain('| retry | 2 | n/a | n/a |');
    expect(md).toContain('1 blocked, 1 waiting for another phase');
    // Blocked items first, each with file:line and what to do (the usual remedy when there is no hint).
    expect(md).toContain(
      '- `src/legacy/retry.ts:3`: still imported \\| by 2 files — to do: move the remaining importers first (the imports phase, after resolving their blockers), then run this phase again\n- `src/a.ts:9`: waits — to do: add a recipe',
    );
    expect(md).toContain('## Refusals\n\n- src/app.ts has uncommitted changes');
  });
});

describe('renderPhaseRun', () => {
  it('prints the diff then the summary, and says where the originals are', () => {
    const text = renderPhaseRun(phaseRun(), { format: 'text' });
    expect(text.startsWith('--- a/src/app.ts\n+++ b/src/app.ts\n@@ -1,2 +1,2 @@\n')).toBe(true);
    expect(text).toContain('--- a/src/legacy/retry.ts\n+++ /dev/null\n@@ -1,3 +0,0 @@\n');
    expect(text).toContain('Phase delete: written');
    expect(text).toMatch(/files deleted\s+1/);
    expect(text).toMatch(/lines removed \/ added\s+4 \/ 1/);
    expect(text).toContain('verification  passed (1 file checked with tsconfig.json, 2 existing diagnostics gone)');
    expect(text).toContain('Originals saved in .ssot/journal/0003-delete');
  });

  it('lists every refusal with its details', () => {
    const text = renderPhaseRun(
      phaseRun({
        written: false,
        journal: null,
        refusals: [
          { kind: 'dirty', message: 'refusing to write: 1 file it would change has uncommitted changes', files: [{ path: 'src/app.ts', reason: 'modified' }] },
          {
            kind: 'verification',
            message: 'the change would add 1 new diagnostic and 1 broken import',
            diagnostics: [{ file: 'src/b.ts', line: 4, column: 7, code: 2345, category: 'error', message: 'Bad argument.\n  Details.' }],
            brokenImports: [{ file: 'src/c.ts', line: 1, specifier: './legacy/retry.js', before: 'src/legacy/retry.ts' }],
          },
        ],
      }),
      { format: 'text' },
    );
    expect(text).toContain('Refused, nothing was written:');
    expect(text).toContain('      src/app.ts: modified, not committed');
    expect(text).toContain('      src/b.ts:4:7 error TS2345: Bad argument.\n          Details.');
    expect(text).toContain("      src/c.ts:1 import './legacy/retry.js' no longer resolves (resolved to src/legacy/retry.ts before)");
  });

  it('prints only the patch with --format diff, and data with --format json', () => {
    const patch = renderPhaseRun(phaseRun(), { format: 'diff' });
    expect(patch).not.toContain('Phase');
    expect(patch.split('\n')[0]).toBe('--- a/src/app.ts');
    const json = JSON.parse(renderPhaseRun(phaseRun(), { format: 'json' }));
    expect(json).toMatchObject({ phase: 'delete', written: true, summary: { filesDeleted: 1, linesAdded: 1 }, journal: { id: '0003-delete' } });
    expect(json.files[1]).toMatchObject({ path: 'src/legacy/retry.ts', status: 'deleted', codemods: ['delete-superseded'], linesRemoved: 3 });
  });

  it('tells an applied phase from one whose every item is blocked', () => {
    const empty = { changes: [], diffs: [], verification: null, journal: null, written: false };
    expect(renderPhaseRun(phaseRun({ ...empty }), { format: 'text' })).toContain('nothing to change: the phase is already applied');
    const blocked = renderPhaseRun(phaseRun({ ...empty, blockers: [{ message: 'x', file: 'src/a.ts', line: 2 }] }), { format: 'text' });
    expect(blocked).toContain('Phase delete: nothing to write\n  nothing to change that is not blocked');
    expect(blocked).not.toContain('Refused');
  });

  it('writes what is not blocked and lists every blocker with file:line and what to do', () => {
    const blockers = [
      { file: 'src/z.ts', line: 4, kind: 'still-imported', severity: 'warning' as const, message: 'waits for the imports phase' },
      { file: 'src/b.ts', line: 12, kind: 'missing-member', message: 'uses reset, which the canonical lacks', hint: 'mappings["src/b.ts#B"].members.reset = "<template>"' },
      { file: 'src/b.ts', line: 3, kind: 'unmerged-members', message: 'the factory has members the canonical lacks' },
      { message: 'no location' },
    ];
    const text = renderPhaseRun(phaseRun({ blockers }), { format: 'text' });
    expect(text).toContain(
      [
        'Left as they are (3 blocked, 1 waiting for another phase); the rest of the phase does not wait for them:',
        '  no location',
        '  src/b.ts:3  the factory has members the canonical lacks [unmerged-members]',
        '      to do: list the superseded factory under "merge" in config so its unique members move into the canonical',
        '  src/b.ts:12  uses reset, which the canonical lacks [missing-member]',
        '      to do: mappings["src/b.ts#B"].members.reset = "<template>"',
        '  src/z.ts:4  waits for the imports phase [still-imported]',
      ].join('\n'),
    );
    expect(text).toContain('Written (3 blocked items left as listed above). Originals saved in .ssot/journal/0003-delete');
    const json = JSON.parse(renderPhaseRun(phaseRun({ blockers }), { format: 'json' }));
    expect(json.blockers.map((b: { line?: number }) => b.line)).toEqual([undefined, 3, 12, 4]);
    expect(json.blockers[2].advice).toBe('mappings["src/b.ts#B"].members.reset = "<template>"');
  });
});

describe('renderUndo', () => {
  it('describes each outcome', () => {
    const entry = phaseRun().journal!;
    expect(renderUndo({ status: 'nothing' })).toContain('Nothing to undo');
    expect(renderUndo({ status: 'refused', entry, changed: [{ path: 'a.ts', reason: 'changed since the phase was applied' }] })).toContain('--force');
    expect(renderUndo({ status: 'undone', entry, restored: ['a.ts'], removed: ['b.ts'], interrupted: false })).toBe(
      'Undid phase delete: 1 file restored, 1 created file removed.\n  restored  a.ts\n  removed   b.ts\n',
    );
  });
});
