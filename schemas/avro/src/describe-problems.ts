import type { Type } from 'avsc';
import type { AvroFieldProblem } from './errors/avro-encode-error.ts';

/** Every place `value` breaks `type`, with dotted paths; runs only once encoding already failed. */
export function describeProblemsOf(type: Type, value: unknown): AvroFieldProblem[] {
  const problems: AvroFieldProblem[] = [];
  type.isValid(value, {
    errorHook(path: string[], actual: unknown, expectedType: Type) {
      problems.push({
        path: formatPath(path),
        expected: describeType(expectedType),
        actual: describeValue(actual),
      });
    },
  });
  return problems;
}

function formatPath(path: readonly string[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const part of path) {
    out += /^\d+$/.test(part) ? `[${part}]` : out === '' ? part : `.${part}`;
  }
  return out;
}

function describeType(type: Type): string {
  const t = type as Type & { types?: readonly Type[]; itemsType?: Type };
  if (type.typeName.startsWith('logical:')) return type.typeName.slice('logical:'.length);
  if (t.types) return t.types.map(describeType).join(' | ');
  if (t.itemsType) return `array of ${describeType(t.itemsType)}`;
  if (type.name) return type.name.slice(type.name.lastIndexOf('.') + 1);
  return type.typeName;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined (missing)';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? 'Invalid Date' : `Date ${value.toISOString()}`;
  if (Array.isArray(value)) return `array(${value.length})`;
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return `${typeof value} ${String(value)}`;
}
