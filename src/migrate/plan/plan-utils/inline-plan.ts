/**
 * Plans a retry written inline in a method or function (`Class.method` findings): when the config gives
 * the canonical an inline template (`mappings["<canonical>"].members["(inline)"]`) and the loop has a
 * shape the `inline-retry` codemod rewrites exactly, a codemod task; otherwise a blocker that says why,
 * with the manual edit it suggests.
 */
import type { Finding } from '../../../scan/types.js';
import type { InlineRetryTask } from '../codemod-options.js';
import { inlineRetryShape } from '../codemod-utils/inline-retry-shape.js';
import { parseExpression } from '../codemod-utils/recipes.js';
import type { CanonicalChoice } from '../types.js';
import type { DeclarationApi } from './api.js';
import type { PlanContext } from './context.js';
import { canonicalToTarget } from './construct.js';
import { describeInlineRetry, inlineRetryAdvice } from './inline-retry.js';
import { specifierFromFile } from './specifiers.js';

/** The `members` key of a canonical's mapping that holds its inline-retry template. */
export const INLINE_KEY = '(inline)';

export interface InlinePlan {
  task?: { file: string; task: InlineRetryTask };
  blocker?: { message: string; line: number; hint: string };
}

function templateFor(context: PlanContext, canonical: CanonicalChoice): string | undefined {
  const { mappings } = context.input.config;
  const bare = canonical.ref.replace(/\.(?:[cm]?[jt]sx?)(?=#)/, '');
  const template = (mappings[canonical.ref] ?? mappings[bare])?.members?.[INLINE_KEY];
  return typeof template === 'string' ? template : undefined;
}

/** Methods a canonical retry class usually runs an operation through, most likely first. */
const RUN_METHODS = ['execute', 'run', 'call', 'retry', 'attempt', 'fire', 'invoke', 'exec'];

/**
 * Example inline templates fitting the canonical's kind: a class is constructed and runs the operation
 * through one of its methods; a function (or a const holding one) is called with the operation. Both
 * when the kind is unknown.
 */
export function inlineTemplateExamples(symbol: string, api: DeclarationApi | null | undefined): string[] {
  const policy = '…$attempts…$retryOn…$delay…';
  const method = api?.kind === 'class' ? (RUN_METHODS.find((m) => api.methods.has(m)) ?? [...api.methods].sort()[0] ?? 'execute') : 'execute';
  const forClass = `new ${symbol}(${policy}).${method}($operation)`;
  const forFunction = `${symbol}($operation, { ${policy} })`;
  if (api?.kind === 'class') return [forClass];
  if (api?.kind === 'function' || api?.kind === 'variable') return [forFunction];
  return [forFunction, forClass];
}

function examplesText(examples: string[]): string {
  return examples.length === 1 ? `"${examples[0]}"` : `"${examples[0]}" for a function, "${examples[1]}" for a class`;
}

export function planInline(context: PlanContext, finding: Finding, concept: string, canonical: CanonicalChoice, canonicalApi?: DeclarationApi | null): InlinePlan {
  const source = context.source(finding.file, true);
  const described = source ? describeInlineRetry(source, finding.symbol) : undefined;
  const advice = described ? inlineRetryAdvice(finding.symbol, described, canonical.ref) : undefined;
  const fallback = (reason?: string): InlinePlan => ({
    blocker: {
      message: `${advice?.message ?? `${finding.symbol} has its ${concept} logic inline in a method; move its callers onto ${canonical.ref} by hand or with a recipe`}${reason ? ` (not rewritten: ${reason})` : ''}`,
      line: advice?.line ?? finding.startLine,
      hint: advice?.hint ?? `by hand, or with a recipe onto ${canonical.ref}`,
    },
  });
  const template = templateFor(context, canonical);
  if (!source) return fallback();
  if (template === undefined) {
    const plan = fallback();
    plan.blocker!.hint += `; or give the canonical an inline template: mappings["${canonical.ref}"].members["${INLINE_KEY}"] = ${examplesText(inlineTemplateExamples(canonical.symbol, canonicalApi))}`;
    return plan;
  }
  if (!parseExpression(template.replace(/\$(\w+)/g, '_$1'))) return fallback(`the inline template of ${canonical.ref} is not an expression`);
  const shape = inlineRetryShape(source, finding.symbol);
  if ('none' in shape) return fallback('no loop or recursion around a try/catch was found');
  if ('reason' in shape) return fallback(shape.reason);
  return {
    task: {
      file: finding.file,
      task: {
        method: finding.symbol,
        template: canonicalToTarget(template, canonical.symbol),
        canonical: { specifier: specifierFromFile(context, finding.file, canonical), name: canonical.symbol, ref: canonical.ref },
      },
    },
  };
}
