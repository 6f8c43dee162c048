import { type MessyShapesOptions, messUpItems } from './messy-shapes.ts';

/**
 * Faults of the recently-played responses of particular accounts (the rest of the Web API is
 * untouched): a scripted body served in place of the account's history, messy shapes, or an error
 * status on every request.
 */
export class ShapeFaults {
  readonly #scripted = new Map<string, unknown>();
  readonly #failing = new Map<string, 500 | 502 | 503>();
  #messy: MessyShapesOptions | undefined;

  /** Serves `body` verbatim as the account's recently-played response; `undefined` stops it. */
  serve(accountId: string, body: unknown): void {
    if (body === undefined) this.#scripted.delete(accountId);
    else this.#scripted.set(accountId, structuredClone(body));
  }

  messy(options: MessyShapesOptions | undefined): void {
    this.#messy = options;
  }

  /** Every recently-played request of the account answers `status` until `undefined` is given. */
  fail(accountId: string, status: 500 | 502 | 503 | undefined): void {
    if (status === undefined) this.#failing.delete(accountId);
    else this.#failing.set(accountId, status);
  }

  clear(): void {
    this.#scripted.clear();
    this.#failing.clear();
    this.#messy = undefined;
  }

  failure(accountId: string): 500 | 502 | 503 | undefined {
    return this.#failing.get(accountId);
  }

  scripted(accountId: string): { body: unknown } | undefined {
    return this.#scripted.has(accountId) ? { body: this.#scripted.get(accountId) } : undefined;
  }

  /** The page's items as the messy-shapes fault serves them to this account (as they are when off). */
  items(accountId: string, items: Record<string, unknown>[]): Record<string, unknown>[] {
    const messy = this.#messy;
    if (!messy || (messy.accounts && !messy.accounts.includes(accountId))) return items;
    return messUpItems(items, accountId, messy);
  }
}
