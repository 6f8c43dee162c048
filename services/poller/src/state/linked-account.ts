import { NonRetriableError } from '@spotify-pipeline/runtime';

export type AccountStatus = 'active' | 'needs-relink';

/**
 * One linked Spotify account, as kept in the compacted `linkedAccounts` topic (key = account id,
 * tombstone = unlinked). JSON with a `version`: internal state, read only by the poller.
 */
export interface LinkedAccount {
  readonly version: 1;
  readonly id: string;
  readonly displayName: string | null;
  readonly country: string | null;
  /** IANA zone, from linking (Spotify's API does not say where a listener lives). */
  readonly timeZone: string;
  /** TokenCipher envelope; never the token itself. */
  readonly sealedRefreshToken: string;
  readonly status: AccountStatus;
  /** Unix ms. */
  readonly linkedAt: number;
  readonly updatedAt: number;
}

export class AccountRecordError extends NonRetriableError {}

export function encodeAccount(account: LinkedAccount): Buffer {
  return Buffer.from(JSON.stringify(account));
}

export function decodeAccount(bytes: Buffer): LinkedAccount {
  let value: Partial<LinkedAccount>;
  try {
    value = JSON.parse(bytes.toString('utf8')) as Partial<LinkedAccount>;
  } catch (error) {
    throw new AccountRecordError('account record is not JSON', { cause: error });
  }
  const problems = [
    value.version === 1 ? null : 'version',
    typeof value.id === 'string' && value.id.length > 0 ? null : 'id',
    typeof value.timeZone === 'string' ? null : 'timeZone',
    typeof value.sealedRefreshToken === 'string' ? null : 'sealedRefreshToken',
    value.status === 'active' || value.status === 'needs-relink' ? null : 'status',
    typeof value.linkedAt === 'number' ? null : 'linkedAt',
  ].filter((p) => p !== null);
  if (problems.length > 0)
    throw new AccountRecordError(`account record has bad fields: ${problems.join(', ')}`);
  return value as LinkedAccount;
}
