import { makeDisplayName } from './names.ts';
import { SeededRandom } from './random.ts';

export interface SimAccount {
  /** The Spotify user id, as /v1/me returns it. */
  readonly id: string;
  readonly displayName: string;
  readonly country: string;
  /** IANA zone. Spotify's API never reveals it; only sim.accounts() does. */
  readonly timeZone: string;
  readonly product: 'premium' | 'free';
  readonly email: string;
  readonly followers: number;
}

/**
 * Zones chosen for their awkwardness: DST in both hemispheres, half- and quarter-hour offsets, a
 * half-hour DST shift (Lord Howe), and zones without DST.
 */
const ZONES: readonly { zone: string; country: string }[] = [
  { zone: 'Europe/Berlin', country: 'DE' },
  { zone: 'America/New_York', country: 'US' },
  { zone: 'Asia/Kolkata', country: 'IN' },
  { zone: 'Australia/Adelaide', country: 'AU' },
  { zone: 'America/St_Johns', country: 'CA' },
  { zone: 'Asia/Kathmandu', country: 'NP' },
  { zone: 'Asia/Tokyo', country: 'JP' },
  { zone: 'America/Sao_Paulo', country: 'BR' },
  { zone: 'Pacific/Auckland', country: 'NZ' },
  { zone: 'Europe/London', country: 'GB' },
  { zone: 'Australia/Lord_Howe', country: 'AU' },
  { zone: 'Asia/Tehran', country: 'IR' },
  { zone: 'Pacific/Chatham', country: 'NZ' },
  { zone: 'America/Los_Angeles', country: 'US' },
  { zone: 'Africa/Cairo', country: 'EG' },
  { zone: 'Asia/Jerusalem', country: 'IL' },
];

export function makeAccounts(seed: number, count: number): SimAccount[] {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`accounts must be an integer >= 1, got ${count}`);
  const random = new SeededRandom(seed ^ 0xacc0_0123);
  const accounts: SimAccount[] = [];
  const ids = new Set<string>();
  for (let i = 0; i < count; i++) {
    // New-style Spotify user ids: 25-28 lower-case base36 characters.
    let id = random.string(random.int(25, 28), '0123456789abcdefghijklmnopqrstuvwxyz');
    while (ids.has(id)) id = random.string(28, '0123456789abcdefghijklmnopqrstuvwxyz');
    ids.add(id);
    const place = ZONES[i % ZONES.length] ?? ZONES[0]!;
    accounts.push({
      id,
      displayName: makeDisplayName(random),
      country: place.country,
      timeZone: place.zone,
      product: random.chance(0.6) ? 'premium' : 'free',
      email: `${id}@sim.invalid`,
      followers: random.int(0, 500),
    });
  }
  return accounts;
}
