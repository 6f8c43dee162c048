export { AuthorizeError } from './accounts-service.ts';
export type { ClockOptions } from './clock.ts';
export * from './export/index.ts';
export type { RateLimitOptions, SpotifySimFaults } from './faults.ts';
export { consentAccountIds, LinkListenersError, linkListeners } from './link-listeners.ts';
export { type MessyShapesOptions, messUpItem } from './messy-shapes.ts';
export { DEFAULT_REDIRECT_URI, type SpotifySimOptions, SpotifySimOptionsError } from './options.ts';
export type { SimRequest, SimStats } from './server.ts';
export { type SpotifySim, startSpotifySim, type TruthPlay } from './sim.ts';
