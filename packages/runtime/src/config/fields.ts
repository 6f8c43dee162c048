import { z } from 'zod';

/** Reusable field types for environment variables, which always arrive as strings. */
export const envInt = (min: number, max: number) => {
  const range = `must be a whole number from ${min} to ${max}`;
  return z.coerce
    .number({ error: `is set but is not a number (${range})` })
    .int({ error: `is not a whole number (${range})` })
    .min(min, { error: range })
    .max(max, { error: range });
};

export const envBool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A comma-separated list of host:port pairs. */
export const envHostPorts = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port pairs separated by commas'))
      .min(1, 'must name at least one host:port'),
  );

export const envUrl = (protocols: readonly string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    { message: `must be a URL (${protocols.join(', ')})` },
  );

export const envLogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
