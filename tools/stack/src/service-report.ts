/** What `up` did to one service. */
export interface ServiceUpReport {
  readonly action: 'reused' | 'started';
  readonly detail: string;
}

/** How one service is, for `status`. */
export interface ServiceHealth {
  readonly up: boolean;
  readonly detail: string;
}
