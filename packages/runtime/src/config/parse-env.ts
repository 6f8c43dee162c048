import { z } from 'zod';
import { ConfigError, type ConfigProblem } from '../errors/index.ts';

export type EnvShape = Record<string, z.ZodType>;
export type EnvOf<S extends EnvShape> = z.infer<z.ZodObject<S>>;

/**
 * Parses the environment once, at start-up, against a zod shape whose keys are the variable names.
 * Every wrong or missing variable is reported at once, by name, in one ConfigError; values are
 * never echoed because some are secrets.
 */
export function parseEnv<S extends EnvShape>(shape: S, env: NodeJS.ProcessEnv = process.env): EnvOf<S> {
  // An empty variable means "not set": `FOO= npm start` should fall back to the default.
  const present = Object.fromEntries(
    Object.keys(shape).flatMap((key) => (env[key] === undefined || env[key] === '' ? [] : [[key, env[key]]])),
  );
  const result = z.object(shape).safeParse(present);
  if (result.success) return result.data;
  const problems: ConfigProblem[] = result.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? '(environment)');
    // zod does not keep the input in its issues: whether the variable is set decides what to say.
    const set = Object.hasOwn(present, variable);
    return {
      variable,
      problem: !set
        ? 'is required but not set'
        : issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')
          ? `is set but is not a valid ${issue.expected === 'int' ? 'whole number' : issue.expected}`
          : issue.message,
    };
  });
  throw new ConfigError(problems);
}
