import type { ExportFact, ImportFact } from '../facts.js';

/** What a file imports and exports: the part of its facts that both the parser and the lexer pass produce. */
export interface ModuleFacts {
  imports: ImportFact[];
  exports: ExportFact[];
}

/** Quick text test: files without any of these words have no imports or exports to extract. */
export function mayHaveModuleSyntax(text: string): boolean {
  return text.includes('import') || text.includes('export') || text.includes('require');
}
