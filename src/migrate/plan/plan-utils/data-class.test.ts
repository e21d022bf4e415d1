import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../parser/ts.js';
import { dataClassFields, dataClassShape, exportedClass } from './data-class.js';

function shapeOf(text: string) {
  const declaration = exportedClass(parseSource('case.ts', text), 'Settings')!;
  return { shape: dataClassShape(declaration), declaration };
}

describe('a config written as a data class', () => {
  it('lists its fields with their defaults and lines; a constructor that copies a partial init is data', () => {
    const { shape, declaration } = shapeOf(`export class Settings {\n  retries = 3;\n  label?: string;\n  retryOn: (error: unknown) => boolean = () => true;\n\n  constructor(init: Partial<Settings> = {}) {\n    Object.assign(this, init);\n  }\n}\n`);
    expect(shape).toEqual({
      fields: [
        { name: 'retries', line: 2, initializer: '3', optional: true },
        { name: 'label', line: 3, optional: true },
        { name: 'retryOn', line: 4, initializer: '() => true', optional: true },
      ],
      problems: [],
    });
    expect(dataClassFields(shape!, declaration)).toEqual(new Map([
      ['retries', { optional: false, type: 'number' }],
      ['label', { optional: true, type: 'string' }],
      ['retryOn', { optional: false, type: '(error:unknown)=>boolean' }],
    ]));
    const copies = shapeOf(`export class Settings {\n  retries: number;\n  constructor(init: { retries: number }) {\n    this.retries = init.retries;\n  }\n}\n`).shape;
    expect(copies?.problems).toEqual([]);
    expect(copies?.fields).toEqual([{ name: 'retries', line: 2, optional: false }]);
  });

  it('reports at its line whatever a plain object could not stand in for', () => {
    const { shape } = shapeOf(
      `export class Settings extends Base {\n  private secret = 1;\n  delay = this.secret * 2;\n  static create(): Settings { return new Settings(); }\n  constructor() {\n    super();\n  }\n  next(): number {\n    return this.delay;\n  }\n  get total(): number {\n    return 1;\n  }\n}\nclass Base {}\n`,
    );
    expect(shape?.problems).toEqual([
      { line: 2, message: 'Settings.secret is not public: a plain object has no hidden state' },
      { line: 3, message: 'the default of Settings.delay reads this' },
      { line: 1, message: 'Settings extends Base, whose members a plain object would not have' },
      { line: 4, message: 'Settings has the method create, which a plain object of the canonical type would not have' },
      { line: 5, message: 'the constructor of Settings does more than copy an init object onto its fields' },
      { line: 8, message: 'Settings has the method next, which a plain object of the canonical type would not have' },
      { line: 11, message: 'Settings has the accessor total, which a plain object of the canonical type would not have' },
    ]);
  });

  it('is no data class without instance fields', () => {
    expect(shapeOf(`export class Settings {\n  static readonly retries = 3;\n  run(): void {}\n}\n`).shape).toBeUndefined();
  });
});
