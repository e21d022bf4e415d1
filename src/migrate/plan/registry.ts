/**
 * The built-in codemods by id. Phases name codemods by these ids (`config.phases[].codemods`).
 */
import type { Codemod } from './codemod.js';
import rewriteImports from '../../../codemods/rewrite-imports/index.js';
import shimModules from '../../../codemods/shim-modules/index.js';
import configTypes from '../../../codemods/config-types/index.js';
import callRecipes from '../../../codemods/call-recipes/index.js';
import collapseDoubleInit from '../../../codemods/collapse-double-init/index.js';
import mergeFactory from '../../../codemods/merge-factory/index.js';
import deleteSuperseded from '../../../codemods/delete-superseded/index.js';
import inlineRetry from '../../../codemods/inline-retry/index.js';
import dataClassConstruct from '../../../codemods/data-class-construct/index.js';

export const builtinCodemods: ReadonlyMap<string, Codemod<never>> = new Map<string, Codemod<never>>(
  [configTypes, callRecipes, inlineRetry, dataClassConstruct, mergeFactory, rewriteImports, collapseDoubleInit, shimModules, deleteSuperseded].map((codemod) => [codemod.id, codemod as Codemod<never>]),
);

/** The codemod with this id, or undefined. */
export function codemodById(id: string): Codemod<unknown> | undefined {
  return builtinCodemods.get(id) as Codemod<unknown> | undefined;
}
